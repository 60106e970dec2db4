"""Deterministic decoder of what a Danish manager really means ("Danske koder for feedback").

``analyze(text)`` finds the indirect messages in a manager's text, each with a category (softened
criticism, distance, understatement, indirect no, vague promise, rhetorical question, irony), the exact
quote, what it most likely means said plainly, how sure the rules are and why, and a question to ask in
the MUS (with a way to get an owner and a date where an answer was deferred). Sentences that say what they
mean get a ``plain`` finding. No model is involved: this is both the validator's checklist and the fallback.

How it works
------------
1. The text is split into sentences and clauses with offsets (``decode_text``).
2. Every signal of the lexicon (``content/decode/signals/*.yaml``, compiled by ``decode_lexicon``) is matched
   in every sentence; its conditions (``requires``, ``blocked_by``, ``not_before``, ``not_after``) decide
   whether the hit counts.
3. Structural rules (``decode_structure``) add the "men"-turn after praise and the feedback sandwich.
4. Overlaps are resolved: the same category merges (two signals make it surer); otherwise the category with
   the higher priority keeps the words (broad ``general.*`` rules give way to specific phrases), and a lower
   one whose own words lie outside them keeps a narrower quote. Findings never overlap, are in text order, and
   ``text[start:end] == quote``.
5. A guarded sentence about you that no signal explained gets a low-confidence finding (``decode_fallback``).
6. Sentences without a finding that praise, criticise, ask or answer plainly get a ``plain`` finding.
7. ``decode_wording`` fills the Danish templates of ``content/decode/categories.yaml``.
"""

from __future__ import annotations

from coach.rules import decode_structure as structure
from coach.rules import decode_wording as wording
from coach.rules.decode_fallback import fallback_hits
from coach.rules.decode_hits import Context, Finding, Hit
from coach.rules.decode_lexicon import LEVELS, CompiledSignal, lexicon
from coach.rules.decode_text import Sentence, clause_spans, split_sentences, trim

__all__ = ["Finding", "Hit", "Sentence", "analyze", "signal_hits", "split_sentences", "summarize"]


def _passes(sig: CompiledSignal, ctx: Context, i: int, match: tuple[int, int]) -> bool:
    s = ctx.sentences[i]
    if not all(ctx.holds(c, i, match) for c in sig.requires):
        return False
    if any(ctx.holds(c, i, match) for c in sig.blocked_by):
        return False
    before, after = ctx.text[s.start: match[0]], ctx.text[match[1]: s.end]
    if any(r.search(before) for r in sig.not_before) or any(r.match(after) for r in sig.not_after):
        return False
    return True


def _quote(ctx: Context, sig: CompiledSignal, i: int, match: tuple[int, int]) -> tuple[int, int]:
    s = ctx.sentences[i]
    if sig.entry.quote == "match":
        return match
    if sig.entry.quote == "clause":
        a, b = match[0] - s.start, match[1] - s.start
        spans = clause_spans(s.text)
        first = next((sp for sp in spans if sp[0] <= a < sp[1]), (a, b))
        last = next((sp for sp in spans if sp[0] < b <= sp[1]), first)
        return s.start + min(first[0], a), s.start + max(last[1], b)
    a, b = trim(s.text, 0, len(s.text))
    return s.start + a, s.start + b


def signal_hits(ctx: Context) -> list[Hit]:
    """Every signal of the lexicon that fires in the text, with its conditions checked."""
    hits: list[Hit] = []
    for i, s in enumerate(ctx.sentences):
        for sig in ctx.lex.signals:
            for m in (m for regex in sig.regexes for m in regex.finditer(ctx.text, s.start, s.end)):
                match = (m.start(), m.end())
                if not m.group().strip() or not _passes(sig, ctx, i, match):
                    continue
                last = m.group().split()[-1].lower()
                hits.append(Hit(sig.category, i, match, _quote(ctx, sig, i, match), sig.entry.confidence, [sig.id],
                                (m.end(), s.end), why=sig.entry.why, meaning=list(sig.entry.meaning),
                                question=sig.entry.question,
                                infinitive=last in {"at", "fordel", "kan", "kunne", "bør", "skal", "må", "gerne"}))
                break  # one hit per signal and sentence
    return hits


def _raise(level: str) -> str:
    return LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]


def _merge(into: Hit, other: Hit) -> None:
    new = [s for s in other.signals if s not in into.signals]
    if new:
        into.signals += new
        best = max(into.confidence, other.confidence, key=LEVELS.index)
        into.confidence = _raise(best) if LEVELS.index(best) >= LEVELS.index("medium") or len(into.signals) > 2 else best
        into.why = into.why or other.why
        into.meaning = into.meaning or other.meaning
        into.question = into.question or other.question
    if other.quote[0] >= into.quote[0] - 1 and other.quote[1] <= into.quote[1] + 1:
        return
    if other.sentence == into.sentence:  # same sentence: one quote covers both
        into.quote = (min(into.quote[0], other.quote[0]), max(into.quote[1], other.quote[1]))


def _narrow(ctx: Context, hit: Hit, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The hit's quote without the parts other findings already hold (None if its own words are taken)."""
    a, b = hit.quote
    for ta, tb in taken:
        if ta < hit.match[1] and hit.match[0] < tb:
            return None
        if tb <= hit.match[0]:
            a = max(a, tb)
        elif ta >= hit.match[1]:
            b = min(b, ta)
    a, b = trim(ctx.text, a, b)
    return (a, b) if a < b and a <= hit.match[0] and b >= hit.match[1] - 1 else None


def _generic(hit: Hit) -> bool:
    """Broad rules (ids starting with "general.") give way to any specific phrase that fired on the same words."""
    return all(s.startswith("general.") for s in hit.signals)


def _between(accepted: list[Hit], a: Hit, b: Hit) -> bool:
    """Another finding stands between two findings of one sentence (then they are not one message)."""
    lo, hi = min(a.quote[1], b.quote[1]), max(a.quote[0], b.quote[0])
    return any(o is not a and lo <= o.quote[0] < hi for o in accepted)


def resolve(ctx: Context, hits: list[Hit]) -> list[Hit]:
    """Non-overlapping findings in text order (see the module docstring, step 4)."""
    priority = {c: cat.priority for c, cat in ctx.lex.categories.items()}
    order = sorted(hits, key=lambda h: (_generic(h), -priority[h.category], -LEVELS.index(h.confidence), h.quote[0]))
    accepted: list[Hit] = []
    for hit in order:
        same = [a for a in accepted if a.category == hit.category and (a.overlaps(hit.quote) or (
            a.sentence == hit.sentence and not _between(accepted, a, hit)))]
        if same:
            _merge(same[0], hit)
            continue
        other = [a for a in accepted if a.overlaps(hit.quote)]
        if other:
            narrowed = _narrow(ctx, hit, [a.quote for a in other])
            if narrowed is None:
                for a in other:
                    if a.overlaps(hit.match) and hit.category not in a.related:
                        a.related.append(hit.category)
                        break
                continue
            hit.quote = narrowed
        accepted.append(hit)
    # a merged quote may have grown into a neighbour: keep the first, narrow the later one
    accepted.sort(key=lambda h: h.quote[0])
    out: list[Hit] = []
    for hit in accepted:
        if out and out[-1].quote[1] > hit.quote[0]:
            narrowed = _narrow(ctx, hit, [out[-1].quote])
            if narrowed is None:
                out[-1].related.append(hit.category)
                continue
            hit.quote = narrowed
        out.append(hit)
    return out


def analyze(text: str) -> list[Finding]:
    """All findings in ``text``, in text order, never overlapping."""
    if not text or not text.strip():
        return []
    lex = lexicon()
    ctx = Context(text, lex)
    hits = signal_hits(ctx)
    hits += structure.structural_hits(ctx, hits)
    resolved = resolve(ctx, hits)
    resolved += fallback_hits(ctx, resolved)
    resolved += structure.plain_hits(ctx, resolved)
    resolved.sort(key=lambda h: h.quote[0])
    return [wording.finding(ctx, h) for h in resolved]


def summarize(findings: list[Finding], text: str) -> str:
    """A short deterministic Danish reading of the whole text (never a certainty the rules do not have)."""
    return wording.summary(lexicon(), findings, text)
