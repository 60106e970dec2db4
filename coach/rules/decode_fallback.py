"""The decoder's last look: a sentence that no signal matched, but that speaks about you, your work or what you
asked for, in a guarded way (a hedge, a past modal, a "men", a question, a negated compliment) and without the
marks of plain speech (direct criticism, a request, a date, clear praise) is probably indirect too.

Such a finding has low confidence and says why; its category follows the form of the sentence (a question is a
rhetorical question, others' words are distance, a reply to a request is an indirect no, a promise is vague,
praise with a sting is irony, a negated compliment is understatement, the rest is softened criticism). The cue
names used here live in ``content/decode/cues.yaml``; the texts in ``categories.yaml`` (``fallback``).
"""

from __future__ import annotations

from coach.rules.decode_hits import Context, Hit
from coach.rules.decode_structure import PIVOT_RE, plain_kind
from coach.rules.decode_text import is_question, trim

#: cue names this module reads (cues.yaml must define them)
CUES = ("you", "others", "group", "guarded", "opportunity", "logistics", "mus_opening", "wish_question",
        "promise_verb", "strong_praise", "negative_content", "negated_positive", "deadline", "answer", "we_suggest",
        "explicit_no", "request", "weakness", "generic_you", "hedge_word")


_STRONG_HEDGES = {"måske", "bare", "lidt", "lige", "nok", "egentlig", "en smule", "en anelse", "vel"}


def _stacked(ctx: Context, a: int, b: int) -> bool:
    """Three or more softeners piled on one sentence ("Måske kunne du bare prøve at få lidt mere med …, hvis du lige
    har tid?"): the wrapping itself says there is something to change, even when it is phrased as a request."""
    found = {m.group(0).lower() for m in ctx.lex.cue("guarded").finditer(ctx.text, a, b)}
    if len(found) < 3:
        return False
    return len(found & _STRONG_HEDGES) >= 3 or any(
        ctx.cue_in(c, a, b) for c in ("improvement", "comparative", "weakness", "negative_content"))


def _category(ctx: Context, i: int) -> str:
    s = ctx.sentences[i]
    a, b = s.start, s.end
    if _stacked(ctx, a, b) and not ctx.asked():
        return "softened_criticism"
    if is_question(s.text):
        return "rhetorical_question"
    if ctx.cue_in("strong_praise", a, b) and ctx.cue_in("weakness", a, b):
        return "irony"
    if ctx.cue_in("others", a, b) or ctx.cue_in("group", a, b):
        return "distance"
    if ctx.asked():
        return "indirect_no" if not ctx.cue_in("promise_verb", a, b) else "vague_promise"
    if ctx.cue_in("negated_positive", a, b):
        return "understatement"
    return "softened_criticism"


def _candidate(ctx: Context, i: int) -> bool:
    s = ctx.sentences[i]
    a, b = s.start, s.end
    question = is_question(s.text)
    if len(s.text.split()) < 4 or not (question or ctx.cue_in("guarded", a, b)):
        return False
    about_you = (ctx.cue_in("you", a, b) or ctx.cue_in("others", a, b) or ctx.cue_in("group", a, b)
                 or ctx.cue_in("generic_you", a, b) or ctx.asked())
    if not about_you and not (ctx.cue_in("hedge_word", a, b) and ctx.cue_in("weakness", a, b)):
        return False  # not about you, unless a hedge softens a weakness ("tallene var lidt sent klar")
    blockers = ("opportunity", "logistics", "deadline", "answer", "mus_opening", "wish_question", "explicit_no")
    if any(ctx.cue_in(c, a, b) for c in blockers):
        return False
    if _stacked(ctx, a, b) and not ctx.asked() and plain_kind(ctx, i) != "praise":
        return True  # a request or a question wrapped in three softeners
    if question and (ctx.cue_in("we_suggest", a, min(b, a + 12)) or ctx.cue_in("request", a, b)
                     or not ctx.cue_in("negative_content", a, b)):
        return False  # an open question, a suggestion or a request, not a reproach
    kind = plain_kind(ctx, i)
    if kind in ("request", "info"):
        return False
    if kind == "praise" and not (ctx.cue_in("weakness", a, b) or PIVOT_RE.search(ctx.text, a + 1, b)):
        return False  # praise, unless it turns ("…, men …") or names a weakness
    if kind == "criticism" and not question:
        return False  # said plainly: criticism words without a hedge are direct (a hedge would have fired a signal)
    return True


def fallback_hits(ctx: Context, found: list[Hit]) -> list[Hit]:
    """Low-confidence findings for guarded sentences about you that no signal explained."""
    out: list[Hit] = []
    for i, s in enumerate(ctx.sentences):
        if any(h.overlaps((s.start, s.end)) for h in found) or not _candidate(ctx, i):
            continue
        quote = trim(ctx.text, s.start, s.end)
        if quote[0] >= quote[1]:
            continue
        category = _category(ctx, i)
        out.append(Hit(category, i, quote, quote, "low", [f"general.fallback.{category}"], (s.start, s.end),
                       why=ctx.lex.fallback_why))
    return out
