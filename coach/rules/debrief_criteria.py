"""The eight debrief criteria, each read from the employee's own turns.

Every function returns a ``Finding``: a score 0–3 (good = 2 or more), whether the conversation gave occasion for the
skill, the evidence (exact quotes from the employee's turns) and the employee's line the advice is about. Occasions
come from the employee's turns and from the persona (``occasions`` in its front-matter: a manager who wraps
criticism gives occasion for clarifying questions, a drifting or busy one for steering back, a disagreeing one for
calm disagreement); results, I-form, development wishes and next steps always have occasion in a MUS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.rules import agreements
from coach.rules import debrief_signals as sig
from coach.rules.rehearsal_signals import (
    DEV_NOUN,
    classify_employee_turn,
    is_result_clause,
    result_mentions,
    words,
)
from coach.rules.rehearsal_slots import sentences, wish_fragment

__all__ = ["CHECKS", "Conversation", "Finding"]

_MAX_QUOTE_WORDS = 20
_MAX_EVIDENCE = 3


@dataclass
class Finding:
    score: int
    occasion: bool = True
    evidence: list[str] = field(default_factory=list)
    line: str = ""  # the employee's own line the advice is about


def _quote(text: str, pos: int = 0) -> str:
    """The sentence of ``text`` around ``pos``, cut to a few words; always an exact substring."""
    start = 0
    for s in sentences(text):
        i = text.find(s, start)
        if i < 0:
            continue
        if pos < i + len(s):
            ws = list(re.finditer(r"\S+", s))
            if len(ws) > _MAX_QUOTE_WORDS:
                k = next((j for j, w in enumerate(ws) if i + w.end() > pos), 0)
                first = max(0, min(k - 3, len(ws) - _MAX_QUOTE_WORDS))
                s = s[ws[first].start():ws[min(len(ws), first + _MAX_QUOTE_WORDS) - 1].end()]
            return s.strip(" ,;:–-")
        start = i + len(s)
    return text.strip()[:200]


def _add(evidence: list[str], quote: str) -> None:
    quote = quote.strip()
    if quote and quote not in evidence and len(evidence) < _MAX_EVIDENCE:
        evidence.append(quote)


class Conversation:
    """The turns, normalised: the employee's usable turns (no injection, no nonsense) with their triggers."""

    def __init__(self, turns: list[dict], occasions: set[str]):
        self.all = [{"role": str(t.get("role", "")), "text": str(t.get("text", "") or ""),
                     "phase": str(t.get("phase", "")), "answer": str(t.get("answer", "") or "")}
                    for t in (x if isinstance(x, dict) else x.model_dump() | {"answer": getattr(x, "answer", "")}
                              for x in turns)]
        self.occasions = occasions
        self.usable: list[str] = []
        self.triggers: dict[str, set[str]] = {}
        for t in self.all:
            if t["role"] != "employee" or not t["text"].strip():
                continue
            trig = classify_employee_turn(t["text"])
            if trig & {"injection", "nonsense"}:
                continue
            self.usable.append(t["text"])
            self.triggers[t["text"]] = trig
        self.heated = [u for u in self.usable if sig.HEAT.search(u) or "hostile" in self.triggers[u]]


def concrete_results(c: Conversation) -> Finding:
    f = Finding(0)
    numbers = action = result = False
    for text in c.usable:
        for m in result_mentions(text):
            pos = m.start if isinstance(m.start, int) else m.start()
            clause = text[max(0, text.rfind(",", 0, pos)):pos + 40]
            sentence = _quote(text, pos)
            own = bool(sig.ACTION.search(sentence)) and not sig.NOT_RESULT.search(sentence)
            if is_result_clause(clause) or "number" in c.triggers[text] or own:
                numbers = True
                _add(f.evidence, _quote(text, pos))
                break
        if (am := sig.ACTION.search(text)):
            action = True
            _add(f.evidence, _quote(text, am.start()))
        result = result or bool(sig.RESULT.search(text))
    f.score = numbers + action + result  # one point each: figures, an own action, an outcome
    if f.score < 2:
        f.evidence = []
        f.line = _vague_claim(c) or ""
        if f.line:
            _add(f.evidence, _quote(f.line))
    return f


def _vague_claim(c: Conversation) -> str | None:
    for text in c.usable:
        trig = c.triggers[text]
        if "question" not in trig and ("vague" in trig or re.search(r"år|gik|gået|resultat", text, re.IGNORECASE)) \
                and len(words(text)) >= 3:
            return text
    return next((t for t in c.usable if len(words(t)) >= 3 and "question" not in c.triggers[t]), None)


_OWN_FIGURES = re.compile(r"\s*(?:i\s+år\s+)?jeg\s+(?:har|havde)\s+(?:\w+\s+)?[a-zæøå]{3,}(?:t|et)\b", re.IGNORECASE)  # "Jeg har haft 68 …"


def i_form(c: Conversation) -> Finding:
    f = Finding(0)
    jeg = others = contributions = 0
    weak_line = None
    for text in c.usable:
        for s in sentences(text):
            n = len(words(s))
            j = len(sig.JEG.findall(sig.NOT_CONTRIB.sub("", s))) if n >= 4 else 0
            o = len(sig.MAN.findall(s)) if n >= 4 else 0
            if "?" not in s and not sig.PROPOSAL.search(s) and n >= 5:
                o += max(0, len(sig.VI.findall(s)) - len(sig.VI_OK.findall(s)))
            jeg, others = jeg + j, others + o
            if o and not j and weak_line is None:
                weak_line = text
        own_figures = any(_OWN_FIGURES.match(s) and re.search(r"\d", s) and not re.search(r"\bvi\b|\?", s, re.IGNORECASE)
                          for s in sentences(text))
        if (sig.ACTION.search(text) or own_figures) and not sig.VAGUE_CLAIM.search(text):  # "Jeg har haft 68 borgere …"
            contributions += 1
            if len(f.evidence) < 2:
                _add(f.evidence, _quote(text, m.start() if (m := sig.ACTION.search(text)) else 0))
    ratio = jeg / (jeg + others) if jeg + others else 0.0
    f.score = 0 if jeg == 0 else 3 if ratio >= 0.75 and jeg >= 3 and contributions >= 2 else \
        2 if ratio >= 0.5 and contributions else 1
    if f.score < 2:
        f.evidence = []
        f.line = weak_line or next((t for t in c.usable if len(words(t)) >= 4), "")
        if f.line:
            _add(f.evidence, _quote(f.line))
    return f


_GENERIC = frozenset(["kursus", "kurset", "kurser", "kurserne", "uddannelse", "uddannelsen", "efteruddannelse", "videreuddannelse", "konference", "workshop", "workshops", "certificering", "mentor", "ansvar", "udvikling", "netværk", "netværket"])


def _concrete(obj: str | None, sentence: str) -> bool:
    if sig.EN_WISH.search(sentence):
        return len(words(sentence)) >= 8
    if not obj:
        return False
    ws = [w for w in obj.lower().split() if w not in ("et", "en", "nogle", "flere", "noget", "mere", "det", "den")]
    return bool(ws) and (len(ws) >= 2 or ws[0] not in _GENERIC)


def development_wishes(c: Conversation) -> Finding:
    f = Finding(0)
    wishes = good = 0
    first = None
    for text in c.usable:
        for s in sentences(text):
            if not (re.search(DEV_NOUN, s, re.IGNORECASE) or "development_wish" in classify_employee_turn(s)
                    or sig.EN_WISH.search(s)) or agreements.agreed([{"role": "employee", "text": s}]):
                continue
            wishes += 1
            first = first or text
            concrete = _concrete(wish_fragment(s), s)
            motivated = bool(sig.MOTIVATION.search(text) or sig.TIMED_WISH.search(text))
            if concrete and motivated:
                good = max(good, 3)
            elif concrete or motivated:
                good = max(good, 2)
            _add(f.evidence, _quote(text, text.find(s)))
            break
    f.score = good if good else (1 if wishes else 0)
    if f.score < 2:
        f.line = first or ""
    return f


def _own_result(sentence: str) -> bool:
    """What the employee did and what came of it ("jeg lagde en ny plan, og klagerne faldt fra 9 til 2"): a result
    told, not a problem raised, even when it names the complaints it brought down."""
    return bool(sig.ACTION.search(sentence)) and is_result_clause(sentence)


def proposed_solutions(c: Conversation) -> Finding:
    f = Finding(0)
    proposals = 0
    problem = None
    for text in c.usable:
        m = sig.PROPOSAL.search(text)
        if m and not re.match(r"(?:skal|kan)\s+vi\s+(?:ikke\s+)?(?:vende|aftale)", text[m.start():], re.IGNORECASE):
            proposals += 1
            _add(f.evidence, _quote(text, m.start()))
        elif problem is None and any(sig.PROBLEM.search(sig.NO_PROBLEM.sub(" ", s)) and not _own_result(s)
                                     for s in sentences(text)):
            problem = text
    f.occasion = bool(proposals or problem or "proposed_solutions" in c.occasions)
    f.score = 3 if proposals >= 2 else 2 if proposals else 1 if not problem else 0
    if f.score < 2:
        f.evidence = [_quote(problem)] if problem else []
        f.line = problem or ""
    return f


def clarifying_questions(c: Conversation) -> Finding:
    f = Finding(0)
    good = asked = 0
    weak_line = None
    for text in c.usable:
        trig = c.triggers[text]
        if "clarifying_question" not in trig:
            continue
        asked += 1
        q = next((s for s in sentences(text) if s.endswith("?") and re.search(r"\w", s)), text)
        specific = len(words(q)) >= 7 or bool(sig.SPECIFIC_QUESTION.search(q))
        if specific and text not in c.heated:
            good += 1
            _add(f.evidence, _quote(text, text.find(q)))
        elif weak_line is None:
            weak_line = text
    taken = any(sig.TAKES_FEEDBACK.search(t) for t in c.usable)  # "nå, okay" to criticism: there was something to ask into
    f.occasion = bool(asked or taken or "clarifying_questions" in c.occasions)
    f.score = 3 if good >= 2 else 2 if good else 1 if asked else 0
    if f.score < 2:
        f.evidence = [_quote(weak_line)] if weak_line else []
        f.line = weak_line or _reaction_to_feedback(c) or ""
    return f


def _reaction_to_feedback(c: Conversation) -> str | None:
    """The employee's short reply right after the manager's first criticism (what a clarifying question would fix)."""
    for t in c.usable:
        if 2 <= len(words(t)) <= 14 and "question" not in c.triggers[t] and not re.search(r"\d", t):
            return t
    return None


def calm_disagreement(c: Conversation) -> Finding:
    f = Finding(0)
    disagreeing = [t for t in c.usable if "disagree" in c.triggers[t]]
    f.occasion = bool(disagreeing or c.heated or "calm_disagreement" in c.occasions)
    if c.heated:
        line = c.heated[0]
        m = sig.HEAT.search(line)
        f.score, f.line = 1 if any(sig.ACK.search(t) for t in disagreeing) else 0, line
        _add(f.evidence, _quote(line, m.start() if m else 0))
        return f
    handled = [t for t in disagreeing + [u for u in c.usable if sig.ACK.search(u)]
               if sig.ACK.search(t) or sig.FACTS.search(t) or "clarifying_question" in c.triggers[t]]
    for t in handled:
        m = sig.ACK.search(t) or sig.FACTS.search(t)
        _add(f.evidence, _quote(t, m.start() if m else 0))
    both = any(sig.ACK.search(t) and sig.FACTS.search(t) for t in handled)
    f.score = 3 if both else 2 if handled else 1
    if f.score < 2:
        f.line = disagreeing[0] if disagreeing else ""
    return f


def steering_back(c: Conversation) -> Finding:
    f = Finding(0)
    steers = [t for t in c.usable if (sig.STEERS.search(t) or "steer_back" in c.triggers[t])
              and "off_topic" not in c.triggers[t]]
    for t in steers:
        m = sig.STEERS.search(t)
        _add(f.evidence, _quote(t, m.start() if m else 0))
    # steering back mid-conversation shows the skill was needed; an agenda in the opening turn does not
    f.occasion = "steering_back" in c.occasions or any("steer_back" in c.triggers[t] for t in c.usable[1:])
    f.score = 3 if len(steers) >= 2 else 2 if steers else 0
    if f.score < 2:
        f.line = next((t for t in c.usable if "off_topic" in c.triggers[t] or re.search(r"på\s+mail", t, re.IGNORECASE)), "") or \
            next((t for t in reversed(c.usable) if len(words(t)) <= 8), "")
    return f


def next_steps(c: Conversation) -> Finding:
    f = Finding(0)
    items = [a for a in agreements.extract(c.all) if a.status == "agreed"]
    timed = [a for a in items if a.when]
    closing = c.usable[-2:] if c.usable else []
    vague = next((t for t in closing if sig.VAGUE_TIME.search(sig.QUOTED.sub(" ", t))), None)
    threat = next((t for t in closing if sig.ULTIMATUM.search(t)), None)
    for a in items[-_MAX_EVIDENCE:]:
        source = next((t for t in c.usable if a.text.rstrip(".")[:12].lower() in t.lower()), None)
        if source:
            _add(f.evidence, _quote(source, source.lower().find(a.text.rstrip(".")[:12].lower())))
    # "Sommerferien tager vi en anden gang" after two dated agreements: a topic put off, the next steps still clear
    ok = len(items) >= 2 and timed and not threat and (not vague or len(timed) >= 2)
    f.score = 3 if ok and len(timed) >= 2 else 2 if ok else 1 if items else 0
    if f.score < 2:
        f.line = threat or vague or (closing[-1] if closing else "")
        f.evidence = [_quote(f.line)] if f.line else []
    return f


CHECKS = {
    "concrete_results": concrete_results,
    "i_form": i_form,
    "development_wishes": development_wishes,
    "proposed_solutions": proposed_solutions,
    "clarifying_questions": clarifying_questions,
    "calm_disagreement": calm_disagreement,
    "steering_back": steering_back,
    "next_steps": next_steps,
}
