"""Rules that look at the shape of a text rather than at single phrases: the "men"-turn after praise, the
feedback sandwich (praise, criticism, praise: the middle is the message), and which sentences say plainly what
they mean (direct praise, criticism, a request, an answer)."""

from __future__ import annotations

import re

from coach.rules.decode_hits import Context, Hit
from coach.rules.decode_text import trim

STRUCTURE = "softened_criticism"
PIVOT_RE = re.compile(r"(?:,|\s[–—-])?\s+(men|dog)\s+", re.IGNORECASE)
_ADDITIVE_RE = re.compile(r"(?:også|samtidig|ellers|heller)\b", re.IGNORECASE)
_NEGATED_RE = re.compile(r"\b(?:ikke|aldrig|ingen|intet|knap)(?:\s+\S+){0,2}\s*$", re.IGNORECASE)


def praise_starts(ctx: Context, a: int, b: int) -> list[int]:
    """Start offsets of praise in text[a:b] that is not negated ("ikke særlig godt" is no praise)."""
    out = []
    for m in ctx.lex.cue("praise").finditer(ctx.text, a, b):
        if not _NEGATED_RE.search(ctx.text[max(a, m.start() - 30): m.start()]):
            out.append(m.start())
    return out


def _critical(ctx: Context, a: int, b: int) -> bool:
    return ctx.cue_in("criticism", a, b) or ctx.cue_in("improvement", a, b) or ctx.cue_in("weakness", a, b)


def classes(ctx: Context, hits: list[Hit]) -> list[str]:
    """Per sentence: P (praise only), C (carries criticism or a finding, or turns with "men"/"dog"), N."""
    with_hits = {h.sentence for h in hits}
    out = []
    for i, s in enumerate(ctx.sentences):
        praise = bool(praise_starts(ctx, s.start, s.end))
        crit = i in with_hits or _critical(ctx, s.start, s.end)
        turn = ctx.cue_in("turn", s.start, min(s.end, s.start + 25))
        if praise and not crit:
            out.append("P")
        elif crit or turn:
            out.append("C")
        else:
            out.append("N")
    return out


def _praise_but(ctx: Context, hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    by_sentence: dict[int, list[Hit]] = {}
    for h in hits:
        by_sentence.setdefault(h.sentence, []).append(h)
    for i, s in enumerate(ctx.sentences):
        for m in PIVOT_RE.finditer(ctx.text, s.start, s.end):
            pos = m.end()
            praise = praise_starts(ctx, s.start, m.start())
            if not praise or _ADDITIVE_RE.match(ctx.text, pos):
                continue
            inner = [h for h in by_sentence.get(i, []) if h.match[0] >= pos]
            critical = _critical(ctx, pos, s.end)
            if not (inner or critical or ctx.cue_in("obligation", pos, s.end)):
                continue
            if praise_starts(ctx, pos, s.end) and not (inner or critical):
                continue
            quote = trim(ctx.text, s.start, s.end)
            out.append(Hit(STRUCTURE, i, (praise[0], m.start()), quote, "high" if critical or inner else "medium",
                           ["structure.praise_but"], (pos, s.end)))
            break
    return out


def _turns(ctx: Context, classes_: list[str], taken: set[int]) -> list[Hit]:
    """"<praise>. Men/Dog/Desværre …<criticism>" across two sentences."""
    out = []
    for i in range(1, len(ctx.sentences)):
        s = ctx.sentences[i]
        if i in taken or classes_[i - 1] != "P" or classes_[i] != "C":
            continue
        opener = ctx.lex.cue("turn").match(ctx.text, s.start, s.end)
        if not opener or not _critical(ctx, s.start, s.end):
            continue
        out.append(Hit(STRUCTURE, i, (s.start, opener.end()), trim(ctx.text, s.start, s.end), "medium",
                       ["structure.praise_but_sentence"], (opener.end(), s.end)))
    return out


def _sandwich(ctx: Context, classes_: list[str], hits: list[Hit]) -> list[Hit]:
    out = []
    n, i = len(ctx.sentences), 1
    while i < n - 1:
        if classes_[i - 1] != "P" or classes_[i] == "P":
            i += 1
            continue
        j = i
        while j < n and classes_[j] != "P" and j - i < 3:
            j += 1
        middle = [k for k in range(i, j) if classes_[k] == "C"]
        if j < n and classes_[j] == "P" and middle:
            a, b = ctx.sentences[middle[0]].start, ctx.sentences[middle[-1]].end
            strong = any(a <= h.match[0] < b for h in hits) or _critical(ctx, a, b)
            quote = trim(ctx.text, a, b)
            opener = ctx.lex.cue("turn").match(ctx.text, a, b)
            out.append(Hit(STRUCTURE, middle[0], quote, quote, "high" if strong else "medium",
                           ["structure.sandwich"], (opener.end() if opener else a, b)))
        i = j + 1
    return out


def structural_hits(ctx: Context, hits: list[Hit]) -> list[Hit]:
    classes_ = classes(ctx, hits)
    found = _praise_but(ctx, hits)
    found += _turns(ctx, classes_, {h.sentence for h in found})
    found += _sandwich(ctx, classes_, hits + found)
    return found


def _criticised(ctx: Context, a: int, b: int) -> bool:
    """A criticism cue that is not negated ("slet ikke dårligt" is praise)."""
    return any(not _NEGATED_RE.search(ctx.text[max(a, m.start() - 20): m.start()])
               for m in ctx.lex.cue("criticism").finditer(ctx.text, a, b))


def plain_kind(ctx: Context, i: int) -> str:
    """What a sentence without any indirect signal does: criticism, info (a decision), request, praise, info (a
    date) or "" (nothing to say)."""
    s = ctx.sentences[i]
    if _criticised(ctx, s.start, s.end):
        return "criticism"
    if ctx.cue_in("decision", s.start, s.end):
        return "info"
    words = [w.strip(",.!:;").lower() for w in s.text.split()[:2]]
    imperative = bool(words) and words[0] in ctx.lex.grammar.imperatives and words[1:2] != ["os"]  # "lad os": a suggestion
    if imperative or ctx.cue_in("request", s.start, s.end):
        return "request"
    if praise_starts(ctx, s.start, s.end):
        return "praise"
    if ctx.cue_in("answer", s.start, s.end):
        return "info"
    return ""


def plain_hits(ctx: Context, found: list[Hit]) -> list[Hit]:
    """Plain findings for sentences that no finding touches (adjacent ones of the same kind become one)."""
    indirect = bool(found)
    out: list[Hit] = []
    for i, s in enumerate(ctx.sentences):
        if any(h.overlaps((s.start, s.end)) for h in found):
            continue
        kind = plain_kind(ctx, i)
        if not kind or (indirect and kind == "praise"):
            continue  # praise around an indirect message is its wrapping, not a message of its own
        quote = trim(ctx.text, s.start, s.end)
        if quote[0] >= quote[1]:
            continue
        prev = out[-1] if out else None
        if prev and prev.kind == kind and prev.sentence == i - 1:
            prev.quote = (prev.quote[0], quote[1])
            prev.sentence = i
            continue
        out.append(Hit("plain", i, quote, quote, "medium", [f"plain.{kind}"], quote, kind=kind))
    return out
