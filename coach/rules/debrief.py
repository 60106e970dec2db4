"""Deterministic debrief of a MUS rehearsal: eight criteria, each with a verdict backed by the employee's own words.

* Only the **employee's** turns are scored; ``evidence`` quotes are exact substrings of those turns. Injection and
  nonsense turns are never evidence; English turns count (a foreign employee may write English).
* ``verdict`` is ``none`` when the conversation gave no occasion for the skill (``occasion`` False: no
  disagreement, no drift, no wrapped criticism), ``good`` when ``score`` ≥ 2, else ``weak``. The checks live in
  :mod:`coach.rules.debrief_criteria`; the persona's ``occasions`` say which skills it gives occasion for.
* For a weak point, ``line`` is the employee's own line the advice is about and ``better`` a better phrasing of
  that line by the rules (:mod:`coach.rules.better_phrasing`): their facts, better said, never a template and
  never ``[placeholders]``. The capability may let a model write ``better`` and validates it.
* The wording (titles, advice) is data: ``content/rehearse/debrief.yaml``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.rules import better_phrasing
from coach.rules.debrief_criteria import CHECKS, Conversation
from coach.rules.rehearsal_content import CRITERIA_IDS, debrief_texts

__all__ = ["CRITERIA", "MAX_SCORE", "Criterion", "advice_text", "score", "short", "total"]

MAX_SCORE = 3
CRITERIA: dict[str, str] = {cid: debrief_texts().criteria[cid].title for cid in CRITERIA_IDS}


class Criterion(BaseModel):
    """One debrief criterion."""

    id: str
    title: str
    score: int = Field(ge=0, le=MAX_SCORE)
    evidence: list[str] = []  # short exact quotes from the employee's own turns
    advice: str
    occasion: bool = True  # False when the conversation gave no occasion for this skill
    line: str = ""  # the employee's own line the advice is about (weak points)
    better: str = ""  # a better phrasing of that line (their facts, better said)

    @property
    def verdict(self) -> str:
        if not self.occasion:
            return "none"
        return "good" if self.score >= 2 else "weak"


def short(s: str, limit: int = 90) -> str:
    """A quote for the advice text: one line, trailing punctuation removed, at most ``limit`` characters."""
    s = " ".join(s.split()).rstrip(" .,;:!")
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + " …"


def advice_text(cid: str, verdict: str, evidence: list[str], line: str, better: str) -> str:
    """The advice for one criterion from ``content/rehearse/debrief.yaml``, with the better phrasing appended."""
    text = debrief_texts().criteria[cid]
    if verdict == "none":
        return text.none
    if verdict == "good":
        return text.good.replace("{quote}", short(evidence[0])) if evidence else text.good.split(":")[0] + "."
    out = text.weak.replace("{said}", short(line)) if line else text.weak_no_line
    if better:
        out += f" {text.better_intro} „{better}“"
    return out


def score(turns: list[dict], occasions: set[str] | frozenset[str] | None = None) -> list[Criterion]:
    """Score the employee's turns of a rehearsal; one ``Criterion`` per id in ``CRITERIA``, in that order.

    ``turns`` are ``{"role": "manager"|"employee", "text": str, "phase": str}`` (and optionally ``answer``, how the
    manager answered a direct question) in conversation order; ``occasions`` the persona's occasions.
    """
    c = Conversation(turns, set(occasions or ()))
    out = []
    for cid in CRITERIA_IDS:
        f = CHECKS[cid](c)
        verdict = "none" if not f.occasion else "good" if f.score >= 2 else "weak"
        better = better_phrasing.better(cid, f.line) if verdict == "weak" and f.line else ""
        out.append(Criterion(id=cid, title=CRITERIA[cid], score=f.score, evidence=f.evidence,
                             advice=advice_text(cid, verdict, f.evidence, f.line, better), occasion=f.occasion,
                             line=f.line if verdict == "weak" else "", better=better))
    return out


def total(criteria: list[Criterion]) -> int:
    """Sum of the scores (0 … 3 × number of criteria)."""
    return sum(c.score for c in criteria)
