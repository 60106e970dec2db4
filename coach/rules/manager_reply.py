"""The rules' manager: a reply that first reacts to what the employee just said, then moves the agenda on.

``reply(style, phase, turn, employee_text, ...)`` builds the line from ``content/rehearse/replies.yaml`` and
``question_bank.yaml``, in the persona's voice:

1. **Steer** when the turn tries to change the manager's instructions (injection), is hostile, English, nonsense
   or off topic: a short in-role line (an injection asking for a raise gets "Det med lønforhøjelsen kan jeg ikke
   love dig her …"), then the phase's core question. Nothing in the turn is ever followed.
2. **Answer** a direct question: ``answer`` is ``yes`` (an answer or a follow-up by a date, a summary to
   confirm), ``not_now`` (salary, promotion, title, time off, an ultimatum: never granted or promised), or
   ``counter`` (a question back). A clarifying question gets the persona's example.
3. **React** to the content otherwise: disagreement, a proposal, overtime or pressure (never praised), a
   conflict (no side taken), a missed deadline owned up to, feedback to the manager, a development wish, a
   result with numbers, the agenda the employee wants, vagueness. Fragments of the employee's own words fill
   the ``{slots}``; a template whose slot cannot be filled is not used.
4. **Move on**: at the start of a phase the phase's opening question, later a deeper one (never one already
   asked); a detour line for the unprepared persona in a ``"drift"`` turn. The last turn of the plan
   (``closing``) sums up what was agreed, with owner and date, names what is open and the next step.

Choices are deterministic: a SHA-256 hash of (style, phase, seed, turn …) picks among the lines.
"""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel

from coach.rules import agreements, manager_check
from coach.rules import rehearsal_slots as slots
from coach.rules.agenda import DRIFT, PHASE_IDS, PHASE_QUESTIONS, resolve_style
from coach.rules.rehearsal_content import bank, replies
from coach.rules.rehearsal_signals import classify_employee_turn, strip_injection

__all__ = ["ANSWER_OF", "Reply", "fill", "reply"]

STEERS = ("injection", "hostile", "english", "nonsense", "off_topic")
ANSWERS = ("ultimatum", "grant_request", "answer_request", "follow_up_request", "confirm", "what_it_takes",
           "feedback_request", "clarifying_question")
ANSWER_OF = {"ultimatum": "not_now", "grant_request": "not_now", "answer_request": "yes", "follow_up_request": "yes",
             "confirm": "yes", "clarifying_question": "answer", "feedback_request": "answer", "what_it_takes": "counter",
             "question": "counter", "yes_no": "yes"}
CONTENT = ("agenda_items", "summary", "disagree", "proposal", "conflict", "workload", "commitment", "missed_deadline",
           "manager_feedback", "development_wish", "number", "steer_back", "vague")
_SENSITIVE = ("workload", "conflict")
_UP = re.compile(r"stolt|lykkedes|glad|forbedr|halver|reducer|sparer|sparet|færre|bedre|i\s+stedet\s+for|til\s+tiden|\bnul\b"
                 r"|zero|accepted|faldt|\bop\s+fra|rykket|selvkørende", re.IGNORECASE)
_DOWN = re.compile(r"ikke\s+lykkedes|desværre|\bkun\b|problem|svært|bøvl|for\s+sent|bagud", re.IGNORECASE)


class Reply(BaseModel):
    text: str
    answer: str = ""  # yes | not_now | answer | counter | "" : how a direct question was answered
    signal: str = ""  # what the reply reacted to


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).digest()[:8], "big")


def _order(options: list[str], *key: object) -> list[str]:
    return sorted(options, key=lambda o: _h(*key, o))


def fill(template: str, values: dict[str, str | None]) -> str | None:
    """The template with its slots filled, or None if a slot has no value."""
    out = template
    for name in re.findall(r"\{(\w+)\}", template):
        value = values.get(name)
        if not value:
            return None
        out = out.replace("{" + name + "}", value)
    return _capitalise(out)


def _capitalise(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"(^|(?<!\d)[.!?]\s+)([a-zæøå])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text


def _choose(lines: list[str], values: dict, said: set[str], *key: object) -> str | None:
    filled = [f for f in (fill(t, values) for t in _order(lines, *key)) if f]
    fresh = [f for f in filled if not any(f in old for old in said)]
    return (fresh or filled or [None])[0]


def _role(line: str, role: str) -> str:
    role = " ".join((role or "").replace("{", "").replace("}", "").split())[:60]
    return line.replace("{role}", role) if role else re.sub(r"\s+som\s+\{role\}", "", line).replace("{role}", "")


def _values(text: str, english: bool) -> dict[str, str | None]:
    if english:
        return dict.fromkeys(("numbers", "overtime", "wish", "proposal", "items", "when", "name", "feedback", "aim",
                              "target", "topic", "said"), None) | {"english": "yes"}
    number = slots.number_fragment(text)
    return {
        "numbers": slots.to_you(number) if number else None,
        "overtime": slots.overtime_fragment(text),
        "wish": slots.wish_fragment(text),
        "proposal": slots.proposal_fragment(text),
        "items": slots.agenda_items(text),
        "when": slots.when_fragment(_asked(text)) or slots.when_fragment(text),
        "name": slots.colleague_name(text),
        "feedback": slots.feedback_fragment(text),
        "aim": slots.aim_fragment(text),
        "target": slots.target_fragment(text),
        "topic": slots.topic_fragment(text),
        "said": None,
        "english": None,
    }


_EN_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?:\s?%)?(?![\w])")


def _english_numbers(text: str) -> list[str]:
    """The figures of an English turn (at most three), to say back in a Danish line ("300, 90 og 4.3")."""
    return list(dict.fromkeys(m.group(0) for m in _EN_NUMBER.finditer(text)))[:3]


def _asked(text: str) -> str:
    """The question sentences of a turn (where the date of a request is)."""
    return " ".join(q for q in slots.sentences(text) if q.endswith("?"))


def _commitments(text: str) -> str | None:
    """What the employee commits to in this turn, said back ("du sender mig referatet i morgen")."""
    items = [a for a in agreements.extract([{"role": "employee", "text": text}]) if a.status == "agreed"]
    items = [a for a in items if "english" not in classify_employee_turn(a.text)]
    return agreements.join([agreements.manager_voice(a) for a in items[:2]]) or None


_PREFER = {"proposal": re.compile(r"foreslå|forslag|kunne\s+vi|hjælpe\s+mig", re.IGNORECASE),
           "manager_feedback": re.compile(r"savner|hellere|\bmen\b|sætter\s+pris|ønske", re.IGNORECASE),
           "workload": re.compile(r"pres|travlt|for\s+meget|holdbart|slider|timer|mangle", re.IGNORECASE)}


def _said(text: str, values: dict, base: str) -> str | None:
    if values.get("english"):
        return None
    values["said"] = slots.said_fragment(text, _PREFER.get(base))
    return values["said"]


def _chain(signal: str, text: str, values: dict) -> list[str]:
    """Reaction keys to try, most specific first; the last ones only need the turn's own words or nothing."""
    keys: list[str] = []
    if signal == "disagree" and values["numbers"]:
        keys.append("disagree_numbers")
    elif signal == "workload" and values["overtime"]:
        keys.append("workload_hours")
    elif signal == "conflict" and values["name"]:
        keys.append("conflict_name")
    elif signal == "number":
        if values["numbers"]:
            keys.append("number_up" if _UP.search(text) and not _DOWN.search(text) else "number")
        keys.append("number_plain")
    elif signal == "steer_back" and values["target"]:
        keys.append("steer_back_target")
    elif signal in ("summary", "commitment"):
        keys.append("commitment")
    if signal in ("proposal", "development_wish", "manager_feedback"):
        slot = {"proposal": "proposal", "development_wish": "wish", "manager_feedback": "feedback"}[signal]
        if values[slot]:
            keys.append(signal)
    base = signal if signal in ("proposal", "workload", "manager_feedback", "vague", "conflict", "disagree") else "plain"
    if signal in ("proposal", "workload", "manager_feedback", "vague", "plain", "summary", "commitment", "conflict",
                  "disagree", "development_wish", "missed_deadline") and _said(text, values, base):
        keys.append(f"{base}_said")
    if signal in ("plain", "summary", "commitment", "vague") and values["topic"]:
        keys.append("plain_topic")
    if signal in ("proposal", "development_wish", "manager_feedback"):
        keys.append(f"{signal}_plain")
    if signal not in ("summary", "commitment", "plain", "number"):
        keys.append(signal)
    keys.append("plain")
    return [k for k in keys if k in replies().reactions]


def _react(signal: str, text: str, values: dict, style: str, said: set[str], key: tuple, ask: bool) -> str:
    for name in _chain(signal, text, values):
        reaction = replies().reactions[name]
        voiced = (reaction.ask if ask else None) or reaction.ack or reaction.ask
        line = _choose(voiced.lines(style), values, said, *key) if voiced else None
        if line:
            return line
    return ""


def _content_signal(trig: set[str], values: dict, phase: str, turn: int) -> str:
    for signal in CONTENT:
        if signal == "agenda_items":
            if values["items"] and (phase == "opening" or turn <= 1):
                return signal
        elif signal == "commitment":
            if values["commitment"]:
                return signal
        elif signal in trig:
            return signal
    return "plain"


def _question(style: str, phase: str, phase_turn: int, role: str, said: set[str], seed: int, turn: int) -> str:
    questions = bank().styles[style]
    part = getattr(questions, phase)
    lines = part.open if phase_turn == 0 else part.deeper
    def new(q: str) -> bool:
        return not any(_role(q, role) in old for old in said)

    fresh = [q for q in _order(lines, style, phase, seed, "q", phase_turn) if new(q)]
    if not fresh:
        fresh = [q for q in _order(part.open + part.deeper, style, phase, seed, turn) if new(q)]
    return _role((fresh or lines)[0], role)


def _closing(style: str, history: list[dict], answer: str, seed: int, turn: int) -> str:
    R = replies().closing
    turns = list(history) + [{"role": "manager", "text": "", "answer": answer}]
    found = agreements.extract(turns)
    done = [a for a in found if a.status == "agreed"]
    still_open = [a for a in found if a.status == "open" and a.kind != "follow_up"]
    parts: list[str] = []
    danish = [a for a in done if "english" not in classify_employee_turn(a.text)]
    if danish:
        items = [agreements.manager_voice(a) for a in danish[-3:]]
        parts.append(_choose(R["agreed"].lines(style), {"agreements": agreements.join(items)}, set(), style, seed, turn)
                     or "")
    elif done:
        parts.append(_choose(R["agreed_unnamed"].lines(style), {}, set(), style, seed, turn) or "")
    else:
        parts.append(_choose(R["nothing_agreed"].lines(style), {}, set(), style, seed, turn) or "")
    still_open = [a for a in still_open if "english" not in classify_employee_turn(a.text)]
    if still_open and not (answer == "not_now" and still_open[-1].turn == _last_turn(history)):
        parts.append(_choose(R["open"].lines(style), {"open": "at " + agreements.manager_voice(still_open[-1])},
                             set(), style, seed) or "")
    if done and not any(a.kind == "follow_up" for a in done):
        parts.append(_choose(R["no_follow_up"].lines(style), {}, set(), style, seed, turn) or "")
    return " ".join(p for p in parts if p)


def _last_turn(history: list[dict]) -> int:
    return sum(1 for t in history if t.get("role") == "employee" and str(t.get("text", "")).strip()) - 1


def reply(style: str, phase: str, turn: int, employee_text: str | None, *, seed: int = 0, role: str = "",
          phase_turn: int = 0, closing: bool = False, after_close: bool = False,
          history: list[dict] | None = None, avoid: tuple[str, ...] = ()) -> Reply:
    """The manager's next line (see the module docstring). ``history`` holds the turns so far as dicts; ``avoid``
    are replies already shown for this turn (a regenerated reply uses other lines where there are any).

    Two last checks on the composed line: if it does not pick up anything of a turn that has content, the turn's own
    words are said back first ("Jeg hører, at …"); and if it would grant, promise or echo an injected instruction
    (a turn the signals did not see through), a plain in-role line is used instead.
    """
    style = resolve_style(style)
    out = _compose(style, phase, turn, employee_text, seed=seed, role=role, phase_turn=phase_turn, closing=closing,
                   after_close=after_close, history=history or [], avoid=avoid)
    if employee_text is None:
        return out
    trig = classify_employee_turn(employee_text)
    if not trig & {"injection", "english", "nonsense"} and manager_check.has_content(employee_text) \
            and not manager_check.refers_to(out.text, employee_text):
        values = {"said": slots.said_fragment(employee_text), "topic": slots.topic_fragment(employee_text)}
        for name in ("plain_said", "plain_topic"):
            echo = _choose(replies().reactions[name].ack.lines(style), values, set(), style, seed, turn)
            if echo and echo not in out.text:
                out = out.model_copy(update={"text": f"{echo} {out.text}"})
                break
    if not trig & {"confirm", "follow_up_request", "answer_request", "yes_no", "steer_back"}:
        # "Okay," / "Fint," / "Ja," only answer a question; before anything else they read as going along with it
        plain = re.sub(r"^(?:(?:okay|ok|fint|ja|gerne)(?:,\s*|\.\s+))+", "", out.text, flags=re.IGNORECASE)
        if plain != out.text and len(plain.split()) >= 3:
            out = out.model_copy(update={"text": _capitalise(plain)})
    unsafe = manager_check.grants(out.text, employee_text) or manager_check.breaks_role(out.text) or \
        ("injection" in trig and manager_check.follows_injection(out.text, employee_text))
    if unsafe:
        steer = _choose(replies().steer["injection"].lines(style), {}, set(), style, seed, turn) or ""
        tail = "" if closing or after_close else PHASE_QUESTIONS.get(phase, PHASE_QUESTIONS[DRIFT])
        out = Reply(text=f"{steer} {tail}".strip(), answer="not_now" if out.answer else "", signal="safe")
    return out


def _compose(style: str, phase: str, turn: int, employee_text: str | None, *, seed: int, role: str, phase_turn: int,
             closing: bool, after_close: bool, history: list[dict], avoid: tuple[str, ...]) -> Reply:
    if phase != DRIFT and phase not in PHASE_IDS:
        raise ValueError(f"Ukendt fase: {phase!r}")
    said = {str(t.get("text", "")) for t in history if t.get("role") == "manager"} | set(avoid)
    R = replies()
    key = (style, phase, seed, turn)
    if employee_text is None:
        return Reply(text=_question(style, "opening" if phase == DRIFT else phase, 0, role, said, seed, turn),
                     signal="opening")
    text = employee_text
    trig = classify_employee_turn(text)
    rest = strip_injection(text) if "injection" in trig else text
    values = _values(rest, "english" in trig) | {"thing": slots.thing_fragment(text)}
    values["commitment"] = None if "injection" in trig or "english" in trig else _commitments(rest)
    parts: list[str] = []
    answer = signal = ""
    steer = next((s for s in STEERS if s in trig), "")
    if steer == "off_topic" and trig & {"proposal", "development_wish", "number"}:
        steer = ""
    recent = [str(t.get("text", "")) for t in history if t.get("role") == "manager"][-3:]
    if steer == "english" and any(line in old for line in R.steer["english"].lines(style) for old in recent):
        steer = ""  # said once: now answer the content (in Danish, without English fragments)
    kind = next((k for k in ANSWERS if k in trig), "")
    if steer == "injection":
        kind = kind if kind and kind in classify_employee_turn(rest) else ""
    elif steer in ("nonsense", "off_topic"):
        kind = ""
    if steer and not (steer == "hostile" and kind):  # an answer to an ultimatum takes the heat seriously itself
        name = steer
        if steer == "injection" and values["thing"] and not kind:
            name = "injection_thing"
        elif steer == "hostile" and _said(rest, values, "plain"):
            name = "hostile_said"
        elif steer == "off_topic" and values["topic"]:
            name = "off_topic_topic"
        parts.append(_choose(R.steer[name].lines(style), values, said, *key) or R.steer[steer].default[0])
        signal = steer
    if kind:
        name = kind
        if kind == "grant_request" and not values["thing"]:
            name = "grant_request_plain"
        elif kind in ("answer_request", "follow_up_request") and values["when"]:
            name = f"{kind}_when"
        elif kind == "what_it_takes" and values["aim"]:
            name = "what_it_takes_aim"
        line = _choose(R.answers[name].lines(style), values, said, *key)
        if line:
            sensitive = next((s for s in _SENSITIVE if s in trig), "")
            if sensitive and steer in ("", "hostile"):
                parts.append(_react(sensitive, rest, values, style, said, key, ask=False))
            parts.append(line)
            answer, signal = ANSWER_OF[kind], signal or kind
            if phase == "opening" or turn <= 1:
                if values["items"] and kind in ("confirm",):
                    parts.append(_react("agenda_items", rest, values, style, said, key, ask=False))
    echoed = False
    if "english" in trig and (numbers := _english_numbers(rest)):  # the figures are the same in any language
        values["en_numbers"] = agreements.join(numbers)
        name = "english_numbers" if len(numbers) > 1 else "english_number"
        if (line := _choose(R.steer[name].lines(style), values, said, *key)) and not answer:
            parts.append(line)
            echoed, signal = True, signal or "english"
    if not steer and not answer and not echoed:
        signal = _content_signal(trig, values, phase, turn)
        if "yes_no" in trig and signal not in ("steer_back", "proposal"):
            parts.append(_choose(R.answers["yes_no"].lines(style), values, said, *key) or "")
            answer = "yes"
        if signal == "plain" and "question" in trig and not answer:
            parts.append(_choose(R.answers["question"].lines(style), values, said, *key) or "")
            answer, signal = "counter", "question"
        elif not (answer and signal in ("plain", "vague")):
            ask = phase_turn > 0 and phase != DRIFT and not closing and not after_close
            parts.append(_react(signal, rest, values, style, said, key, ask=ask))
    parts = [p for p in parts if p]
    if closing or after_close:
        if parts and parts[-1].endswith("?") and not answer:
            parts.pop()  # the closing asks nothing more
        if closing:
            if signal in ("summary", "commitment") and parts and values["commitment"]:
                parts.pop()  # the closing says the agreements anyway
            tail = _closing(style, history, answer, seed, turn)
        elif values["commitment"] and signal not in ("summary", "commitment"):
            tail = _react("commitment", rest, values, style, said, key, ask=False)
        else:
            tail = _choose(R.closing["after_close"].lines(style), {}, said, *key) or ""
        return Reply(text=" ".join(parts + [tail]).strip(), answer=answer, signal=signal or "closing")
    if phase == DRIFT:
        drift = [d for d in _order(bank().drift, style, seed, turn) if d not in said] or bank().drift
        if parts and parts[-1].endswith("?"):
            parts[-1] = parts[-1].rsplit(". ", 1)[0] + "." if ". " in parts[-1] else ""
        return Reply(text=" ".join([p for p in parts if p] + [drift[0]]), answer=answer, signal=signal)
    if not parts or not parts[-1].endswith("?"):
        if steer and steer != "english" and phase_turn > 0:
            question = PHASE_QUESTIONS[phase]
            if question in said:
                question = _question(style, phase, phase_turn, role, said, seed, turn)
        else:
            question = _question(style, phase, phase_turn, role, said, seed, turn)
        parts.append(question)
    return Reply(text=" ".join(parts), answer=answer, signal=signal)
