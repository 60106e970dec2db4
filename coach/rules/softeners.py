"""Deterministic decoder of indirect Danish feedback ("Danske koder for feedback").

Given feedback a person received from a manager, ``find_softeners`` finds softened criticism and
explains each piece in plain Danish, with a clarifying question to ask back. No model is involved:
everything here is rules, so it is testable and must be right on its own.

How it works
------------
1. The text is split into sentences (``split_sentences``) with character offsets; abbreviations such
   as "evt.", "fx", "kl." and ordinals ("13. december") do not end a sentence.
2. For each sentence a few cues are computed once (second person, improvement/criticism words,
   logistics, opportunities, praise with negation handled, polite request, question mark).
3. Every lexicon entry (``coach.rules.softener_lexicon.ENTRIES``) is matched inside the sentence. An
   entry's guards decide whether the hit counts (e.g. "måske" only where the sentence is about you or
   about an improvement, never in pure logistics). Hedge entries widen their span over neighbouring
   soft words, so "Måske kunne du overveje" and "Kunne du måske overveje" give one quote.
4. Structural rules work across clauses and sentences: the "men"-turn after praise (``praise_but``),
   the feedback sandwich (praise - criticism - praise; the middle is flagged), and a weaker reading of
   a jump to solutions when the problem was already named plainly earlier.
5. Overlaps are resolved: same-category neighbours merge; otherwise a sandwich or "men"-turn absorbs
   what lies inside it, and elsewhere the stronger (then longer) finding wins. The loser's category
   is kept in ``related``. Findings are returned in text order, never overlapping, and
   ``finding.quote == text[finding.start:finding.end]``.

``summarize(findings, text)`` gives a short deterministic Danish reading of the whole text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from coach.rules import softener_lexicon as lex
from coach.rules.softener_lexicon import (
    CATEGORY_LABELS,
    DEFAULT_MEANINGS,
    DISTANCING,
    FUTURE,
    HEDGE,
    JUMP,
    MINIMISER,
    PRAISE_BUT,
    QUESTION,
    QUESTION_TEMPLATES,
    SANDWICH,
    UNDERSTATEMENT,
    Entry,
)

__all__ = ["Finding", "Sentence", "find_softeners", "split_sentences", "summarize", "CATEGORY_LABELS"]

Strength = Literal["svag", "middel", "stærk"]
_RANK = {"svag": 0, "middel": 1, "stærk": 2}
_CONTAINER_RANK = {SANDWICH: 2, PRAISE_BUT: 1}


class Finding(BaseModel):
    """One piece of softened criticism found in the input."""

    quote: str = Field(description="The exact span from the input (quote in text holds).")
    category: str = Field(description="Stable English id, e.g. 'hedge', 'sandwich'.")
    meaning: str = Field(description="Plain Danish: what the manager probably means.")
    strength: Strength
    question: str = Field(description="A clarifying question to ask the manager (du-form, ends with '?').")
    start: int = Field(0, description="Character offset of the quote in the input.")
    end: int = Field(0, description="End offset (exclusive); text[start:end] == quote.")
    focus: str = Field("", description="What the remark is about, shortened, for display.")
    related: list[str] = Field(default_factory=list, description="Categories merged into this finding.")
    rule: str = Field("", description="Id of the lexicon entry or structural rule that fired.")


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------
_ABBREVIATIONS = frozenset({
    "evt", "f.eks", "fx", "bl.a", "ca", "kl", "osv", "mht", "pga", "dvs", "nr", "jf", "jvf", "inkl",
    "ift", "mv", "etc", "hhv", "el", "m.fl", "iflg", "ifm", "tlf", "vedr", "dk", "ang", "hr", "fr",
    "stk", "afd", "max", "min", "ekskl", "p.t", "s.u", "o.l", "m.m", "a/s", "aps", "cand", "mag",
})
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'»”)\]]*(?=\s)|[.!?…]+[\"'»”)\]]*$|\n")
_OPENERS = "\"'«»“(–-•*"


@dataclass(frozen=True)
class Sentence:
    """A sentence with its offsets in the original text."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets (abbreviations and ordinals do not split)."""
    cuts: list[int] = []
    for m in _BOUNDARY_RE.finditer(text):
        if m.group() == "\n":
            cuts.append(m.end())
            continue
        rest = text[m.end(): m.end() + 40].lstrip(" \t")
        if rest and not (rest[0].isupper() or rest[0] in _OPENERS or rest[0] == "\n"):
            continue  # "kl. 10", "evt. at", "13. december": lower case or digit follows
        if m.group().startswith(".") and rest:
            before = re.search(r"(\S+)$", text[max(0, m.start() - 40): m.start()])
            word = before.group(1).lower().lstrip("(«\"") if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        cuts.append(m.end())
    sentences: list[Sentence] = []
    prev = 0
    for cut in [*cuts, len(text)]:
        if cut <= prev:
            continue
        chunk = text[prev:cut]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            s = prev + lead
            sentences.append(Sentence(s, s + len(body), body))
        prev = cut
    return sentences


# --------------------------------------------------------------------------------------------
# Cues
# --------------------------------------------------------------------------------------------


_WINDOW = 80  # characters of left context that negation and ``not_after`` checks look at


def praise_spans(text: str) -> list[tuple[int, int]]:
    """Spans of praise cues in ``text`` that are not negated ("ikke særlig god" is no praise)."""
    spans = []
    for m in lex.PRAISE_RE.finditer(text):
        if lex.NEGATION_BEFORE_RE.search(text[max(0, m.start() - _WINDOW): m.start()]):
            continue
        spans.append(m.span())
    return spans


def has_praise(text: str) -> bool:
    return bool(praise_spans(text))


def _starts(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def _any_from(starts: list[int], pos: int) -> bool:
    """Is there a cue at or after ``pos``? (``starts`` is sorted)"""
    return bisect_left(starts, pos) < len(starts)


def _any_before(starts: list[int], pos: int) -> bool:
    return bool(starts) and starts[0] < pos


@dataclass
class _Context:
    """Cues of one sentence, computed once (positions are sorted start offsets in the sentence)."""

    sentence: Sentence
    praise: list[int]
    criticism: list[int]
    improvement: list[int]
    obligation: list[int]
    fault: list[int]
    you: list[int]
    logistics: bool
    opportunity: bool
    core_criticism: bool
    signal: bool
    question: bool
    request: bool

    @classmethod
    def of(cls, s: Sentence) -> _Context:
        t = s.text
        improvement = _starts(lex.IMPROVEMENT_RE, t)
        question = t.rstrip().endswith("?")
        return cls(
            sentence=s,
            praise=[a for a, _ in praise_spans(t)],
            criticism=_starts(lex.CRITICISM_RE, t),
            improvement=improvement,
            obligation=_starts(lex.OBLIGATION_RE, t),
            fault=_starts(lex.FAULT_RE, t),
            you=_starts(lex.SECOND_PERSON_RE, t),
            logistics=bool(lex.LOGISTICS_RE.search(t)),
            opportunity=bool(lex.OPPORTUNITY_RE.search(t)),
            core_criticism=bool(lex.CRITICISM_CORE_RE.search(t)),
            signal=bool(lex.SIGNAL_RE.search(t)),
            question=question,
            request=bool(lex.REQUEST_RE.match(t)) and question and not improvement,
        )

    @property
    def second_person(self) -> bool:
        return bool(self.you)

    @property
    def has_improvement(self) -> bool:
        return bool(self.improvement)

    @property
    def has_criticism(self) -> bool:
        return bool(self.criticism)

    @property
    def has_praise(self) -> bool:
        return bool(self.praise)

    def rest_is_praise(self, pos: int) -> bool:
        """True when the sentence from ``pos`` on praises and holds no criticism cue."""
        return _any_from(self.praise, pos) and not _any_from(self.criticism, pos)

    @property
    def pure_logistics(self) -> bool:
        """Practical information, unless it also tells "du" how something should improve."""
        return self.logistics and not (self.improvement and self.you)


def _guards_pass(entry: Entry, m: re.Match[str], ctx: _Context) -> bool:
    t = ctx.sentence.text
    g = entry.guards
    if "logistics" in g and ctx.pure_logistics:
        return False
    if "logistics_soft" in g and ctx.logistics and not ctx.you:
        return False
    if "context" in g and not (ctx.you or ctx.improvement):
        return False
    if "you" in g and not ctx.you:
        return False
    if "improvement" in g and not ctx.improvement:
        return False
    if "criticism" in g and not ctx.criticism:
        return False
    if "praise_tail" in g and ctx.rest_is_praise(m.end()):
        return False
    if "signal" in g and not ctx.signal:
        return False
    if "opportunity" in g and ctx.opportunity and not ctx.core_criticism:
        return False
    if "request" in g and ctx.request:
        return False
    if "question" in g and not ctx.question:
        return False
    if entry.not_after and re.search(entry.not_after, t[max(0, m.start() - _WINDOW): m.start()], re.IGNORECASE):
        return False
    if entry.not_before and re.match(entry.not_before, t[m.end(): m.end() + _WINDOW], re.IGNORECASE):
        return False
    if entry.not_inside and re.search(entry.not_inside, m.group(), re.IGNORECASE):
        return False
    return True


_LEFT_TOKEN_RE = re.compile(r"(\S+)(\s+)$")
_RIGHT_TOKEN_RE = re.compile(r"^(\s+)(\S+)")


def _halo(t: str, a: int, b: int) -> tuple[int, int]:
    """Widen [a, b) over neighbouring soft words ("måske", "kunne", "du", "evt." ...)."""
    for _ in range(4):
        m = _LEFT_TOKEN_RE.search(t, max(0, a - _WINDOW), a)
        if not m:
            break
        tok = m.group(1)
        low = tok.lower()
        if low not in lex.HALO_WORDS or (low == "i" and tok != "I"):
            break
        a = m.start(1)
    for _ in range(3):
        m = _RIGHT_TOKEN_RE.match(t[b: b + _WINDOW])
        if not m:
            break
        tok = m.group(2)
        core = tok.rstrip(",;:!?.)»\"")
        low = core.lower()
        if tok.lower() == "evt.":
            b += m.end()
            continue
        if low not in lex.HALO_WORDS or (low == "i" and core != "I") or low in {"det", "du", "vi", "man"}:
            break
        b += len(m.group(1)) + len(core)
        if core != tok:
            break
    return a, b


# --------------------------------------------------------------------------------------------
# Raw findings
# --------------------------------------------------------------------------------------------


@dataclass
class _Raw:
    category: str
    start: int
    end: int
    strength: str
    sentence: int
    rule: str
    meaning: str = ""
    focus: str = ""
    related: list[str] = field(default_factory=list)

    def overlaps(self, other: _Raw) -> bool:
        return self.start < other.end and other.start < self.end

    def key(self) -> tuple[int, int, int, int]:
        return (_CONTAINER_RANK.get(self.category, 0), _RANK[self.strength], self.end - self.start, -self.start)


def _lexical(sentences: list[Sentence], contexts: list[_Context]) -> list[_Raw]:
    raw: list[_Raw] = []
    for i, (s, ctx) in enumerate(zip(sentences, contexts)):
        for entry in lex.ENTRIES:
            for m in entry.compiled().finditer(s.text):
                if not m.group().strip() or not _guards_pass(entry, m, ctx):
                    continue
                a, b = m.span("q") if "q" in m.re.groupindex and m.group("q") else m.span()
                b = a + len(text_of(s, a, b).rstrip())
                if entry.halo:
                    a, b = _halo(s.text, a, b)
                strength = entry.strength
                if entry.boost and strength == "svag" and ctx.has_improvement:
                    strength = "middel"
                raw.append(_Raw(entry.category, s.start + a, s.start + b, strength, i, entry.id, entry.meaning))
    return _merge_same(raw)


def text_of(s: Sentence, a: int, b: int) -> str:
    return s.text[a:b]


def _merge_same(raw: list[_Raw]) -> list[_Raw]:
    """Merge overlapping or touching findings of the same category within a sentence."""
    out: list[_Raw] = []
    last: dict[tuple[str, int], _Raw] = {}
    for r in sorted(raw, key=lambda r: (r.start, -(r.end - r.start))):
        o = last.get((r.category, r.sentence))
        if o is not None and r.start <= o.end + 1:
            if _RANK[r.strength] > _RANK[o.strength]:
                o.strength, o.rule, o.meaning = r.strength, r.rule, r.meaning
            o.end = max(o.end, r.end)
            continue
        out.append(r)
        last[(r.category, r.sentence)] = r
    return out


# --------------------------------------------------------------------------------------------
# Structural rules
# --------------------------------------------------------------------------------------------
_TRAIL_RE = re.compile(r"[\s.!?…]+$")


def _strip_end(text: str, a: int, b: int) -> int:
    m = _TRAIL_RE.search(text[a:b])
    return a + m.start() if m else b


def _praise_but(text: str, sentences: list[Sentence], contexts: list[_Context], raw: list[_Raw],
                classes: list[str]) -> list[_Raw]:
    out: list[_Raw] = []
    by_sentence: dict[int, list[int]] = {}
    for r in raw:
        by_sentence.setdefault(r.sentence, []).append(r.start - sentences[r.sentence].start)
    for i, (s, ctx) in enumerate(zip(sentences, contexts)):
        t = s.text
        raw_starts = sorted(by_sentence.get(i, []))
        # Inside one sentence: "<praise>, men <criticism>".
        for m in lex.PIVOT_IN_SENTENCE_RE.finditer(t):
            if not _any_before(ctx.praise, m.start()) or lex.PIVOT_ADDITIVE_RE.match(t, m.end()):
                continue
            pivot = m.group().strip(" ,\t\n").lower()
            pos = m.end()
            inner = _any_from(raw_starts, pos)
            post_crit = _any_from(ctx.criticism, pos)
            post_improve = _any_from(ctx.improvement, pos) or _any_from(ctx.obligation, pos)
            if pivot == "men":
                if not (post_crit or post_improve or inner or _any_from(ctx.you, pos)):
                    continue
                if ctx.rest_is_praise(pos) and not inner:
                    continue
            elif not (post_crit or inner or _any_from(ctx.fault, pos)):
                continue
            a = s.start + m.start() + (len(m.group()) - len(m.group().lstrip(" ,\t\n")))
            b = _strip_end(text, a, s.end)
            strength = "stærk" if post_crit else "middel"
            out.append(_Raw(PRAISE_BUT, a, b, strength, i, "structure.praise_but",
                            focus=_shorten(_AT_RE.sub("", t[pos:]))))
            break
        # Across sentences: "<praise>. Men/Dog/Desværre ..." after a praising sentence.
        if i > 0 and classes[i - 1] == "P" and classes[i] == "C" and not (out and out[-1].sentence == i):
            if lex.PIVOT_OPENER_RE.match(t) or lex.TURN_WORD_RE.search(t):
                b = _strip_end(text, s.start, s.end)
                strength = "stærk" if ctx.has_criticism else "middel"
                out.append(_Raw(PRAISE_BUT, s.start, b, strength, i, "structure.praise_but_sentence",
                                focus=_shorten(_drop_opener(t))))
    return out


def _drop_opener(t: str) -> str:
    m = lex.PIVOT_OPENER_RE.match(t)
    return t[m.end():].lstrip(" ,:") if m else t


def _classify(sentences: list[Sentence], contexts: list[_Context], raw: list[_Raw]) -> list[str]:
    """P = praise only, C = carries criticism, N = neutral."""
    with_findings = {r.sentence for r in raw}
    classes = []
    for i, (s, ctx) in enumerate(zip(sentences, contexts)):
        praise = ctx.has_praise
        crit = i in with_findings or ctx.has_criticism
        if not crit and praise:
            # "Du gør det godt, men du kunne ..." is not praise only.
            for m in lex.PIVOT_IN_SENTENCE_RE.finditer(s.text):
                if (m.group().strip(" ,\t\n").lower() == "men" and _any_before(ctx.praise, m.start())
                        and not _any_from(ctx.praise, m.end())):
                    crit = True
                    break
        if praise and not crit:
            classes.append("P")
        elif crit or (not praise and (lex.TURN_WORD_RE.search(s.text) or lex.PIVOT_OPENER_RE.match(s.text))):
            classes.append("C")
        else:
            classes.append("N")
    return classes


def _sandwich(text: str, sentences: list[Sentence], raw: list[_Raw], classes: list[str]) -> list[_Raw]:
    out: list[_Raw] = []
    n = len(sentences)
    i = 1
    while i < n - 1:
        if classes[i - 1] != "P" or classes[i] == "P":
            i += 1
            continue
        j = i
        while j < n and classes[j] != "P":
            j += 1
        if j < n and any(classes[k] == "C" for k in range(i, j)):
            cs = [k for k in range(i, j) if classes[k] == "C"]
            a, b = sentences[cs[0]].start, sentences[cs[-1]].end
            inner = [r for r in raw if a <= r.start < b]
            strong = any(_RANK[r.strength] >= 1 for r in inner) or any(
                lex.CRITICISM_RE.search(sentences[k].text) for k in cs)
            middle = " ".join(_drop_opener(sentences[k].text) for k in cs)
            out.append(_Raw(SANDWICH, a, b, "stærk" if strong else "middel", cs[0], "structure.sandwich",
                            focus=_shorten(middle)))
        i = j + 1
    return out


# --------------------------------------------------------------------------------------------
# Resolution and wording
# --------------------------------------------------------------------------------------------


def _resolve(cands: list[_Raw]) -> list[_Raw]:
    """Keep non-overlapping findings: containers first, then stronger, then longer ones."""
    starts: list[int] = []  # sorted starts of the accepted findings
    accepted: list[_Raw] = []  # in the same order as ``starts``
    for c in sorted(cands, key=lambda r: r.key(), reverse=True):
        k = bisect_left(starts, c.start)
        hit = None
        for j in (k - 1, k):  # only the neighbours can overlap a set of disjoint intervals
            if 0 <= j < len(accepted) and accepted[j].overlaps(c):
                hit = accepted[j]
                break
        if hit is None:
            starts.insert(k, c.start)
            accepted.insert(k, c)
            continue
        for cat in (c.category, *c.related):
            if cat != hit.category and cat not in hit.related:
                hit.related.append(cat)
    return accepted


_LEAD_RE = re.compile(r"^[\s,:;–—-]+")
_AT_RE = re.compile(r"^(?:(?:men|og|så|at|om)\s+)+", re.IGNORECASE)
_INNER_AT_RE = re.compile(r",\s*(?:at|om)\s+", re.IGNORECASE)


def _shorten(text: str, words: int = 14) -> str:
    t = _LEAD_RE.sub("", text).strip()
    t = t.rstrip(" .!?…,;:")
    parts = t.split()
    if len(parts) > words:
        t = " ".join(parts[:words]).rstrip(",;:") + " …"
    return t


def _focus(text: str, s: Sentence, r: _Raw) -> str:
    if r.focus:
        return r.focus
    if r.category in (QUESTION, UNDERSTATEMENT):
        return _shorten(s.text)
    rest = _LEAD_RE.sub("", text[r.end:s.end])
    m = _INNER_AT_RE.search(rest)
    if m and m.start() < 45:
        rest = rest[m.end():]
    rest = _AT_RE.sub("", rest).rstrip(" .!?…")
    if len(rest.split()) >= 2:
        return _shorten(rest)
    return _shorten(s.text)


def _labels(categories: list[str]) -> str:
    names = [CATEGORY_LABELS.get(c, c) for c in categories]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def _inline(quote: str) -> str:
    """The quote as it reads inside a sentence: "Næste gang" -> "næste gang" (not "I" or "IT")."""
    first = quote.split(maxsplit=1)[0] if quote.split() else quote
    if first == "I" or (len(first) > 1 and first.isupper()):
        return quote
    return quote[:1].lower() + quote[1:]


def _finish(text: str, sentences: list[Sentence], r: _Raw) -> Finding:
    s = sentences[r.sentence]
    quote = text[r.start:r.end]
    focus = _focus(text, s, r)
    inline = _inline(quote)
    meaning = (r.meaning or DEFAULT_MEANINGS[r.category]).replace("{focus}", focus).replace("{quote}", inline)
    if meaning.startswith("»") and len(meaning) > 1:
        meaning = "»" + meaning[1].upper() + meaning[2:]
    if r.related:
        meaning += f" Kritikken er desuden blødt op med {_labels(r.related)}."
    question = QUESTION_TEMPLATES[r.category].replace("{focus}", focus).replace("{quote}", inline)
    return Finding(quote=quote, category=r.category, meaning=meaning, strength=r.strength, question=question,
                   start=r.start, end=r.end, focus=focus, related=list(r.related), rule=r.rule)


def find_softeners(text: str) -> list[Finding]:
    """Find softened criticism in ``text``; non-overlapping findings ordered by position."""
    if not text or not text.strip():
        return []
    sentences = split_sentences(text)
    contexts = [_Context.of(s) for s in sentences]
    raw = _lexical(sentences, contexts)
    classes = _classify(sentences, contexts, raw)
    structural = _praise_but(text, sentences, contexts, raw, classes)
    structural += _sandwich(text, sentences, raw + structural, classes)
    # A jump to solutions is a weaker signal once the problem has been named plainly before it.
    for r in raw:
        if r.category == JUMP and any(contexts[k].has_criticism for k in range(r.sentence)):
            r.strength = "svag"
    resolved = _resolve(raw + structural)
    return [_finish(text, sentences, r) for r in resolved]


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------
_UNSAID: tuple[tuple[tuple[str, ...], str], ...] = (
    ((SANDWICH, PRAISE_BUT), "Rosen er sikkert ærligt ment, men det er kritikken, du skal tage med dig."),
    ((DISTANCING,), "Det bliver ikke sagt, hvem der mener det, eller om din leder selv er enig."),
    ((JUMP,), "Selve problemet bliver ikke nævnt direkte – få det sagt, før I aftaler løsninger."),
    ((UNDERSTATEMENT,), "De lunkne ord tyder på, at din leder havde forventet mere."),
    ((QUESTION,), "Spørgsmålene lægger op til, at du selv skal nå frem til kritikken."),
    ((FUTURE,), "At noget skal være anderledes fremover, tyder på, at det ikke har fungeret hidtil."),
    ((HEDGE, MINIMISER), "Forbeholdene får det til at lyde valgfrit eller småt, men din leder har valgt "
     "at tage det op, så det betyder noget."),
)


def summarize(findings: list[Finding], text: str) -> str:
    """A short deterministic Danish reading: what is probably said, and what may be left unsaid."""
    if not findings:
        if text and lex.CRITICISM_CORE_RE.search(text):
            return ("Jeg fandt ingen blødgjort kritik i teksten. Hvis der er kritik i den, er den sagt "
                    "ligeud, så du kan tage den for pålydende.")
        return ("Jeg fandt ingen blødgjort kritik i teksten. Den kan læses, som den står. Er du i tvivl, "
                "kan du altid spørge: »Er der noget, du gerne vil have, at jeg gør anderledes?«")
    categories: list[str] = []
    for f in findings:
        for c in (f.category, *f.related):
            if c not in categories:
                categories.append(c)
    n = len(findings)
    parts = [f"Jeg fandt {n} {'sted' if n == 1 else 'steder'} med blødgjort kritik: {_labels(categories)}."]
    main = _main_finding(findings)
    parts.append(f"Det vigtigste budskab er sandsynligvis: »{main.focus or main.quote}«.")
    if all(f.strength == "svag" for f in findings):
        parts.append("Signalerne er svage, så det kan også være ment helt neutralt – men det er værd at "
                     "spørge ind.")
    said = 0
    for cats, sentence in _UNSAID:
        if said < 2 and any(c in categories for c in cats):
            parts.append(sentence)
            said += 1
    parts.append("Brug de opklarende spørgsmål, så du ikke skal gætte.")
    return " ".join(parts)


def _main_finding(findings: list[Finding]) -> Finding:
    for cat in (SANDWICH, PRAISE_BUT):
        for f in findings:
            if f.category == cat:
                return f
    return max(findings, key=lambda f: (_RANK[f.strength], -f.start))
