"""SMART: all five criteria judged right, the user's deadline/reason kept, suggestions instead of bare
placeholders, no invented numbers outside suggestions, and a rewrite that is real Danish."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from coach import language
from coach.backend import Backend
from coach.measure.scorers.common import CaseBase, CaseResult, danish_ok, has_words, rate, ratio
from coach.rules.numbers import invented_numbers

CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
_BRACKETS = re.compile(r"\[[^\]]*\]|«[^»]*»")
_BARE = re.compile(r"\[(?!fx\b)[^\]]*\]", re.IGNORECASE)


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    specific: bool
    measurable: bool
    achievable: bool
    relevant: bool
    time_bound: bool
    keep: list[str] = []


class Case(CaseBase):
    input: str
    expect: Expect


def score(case: Case, backend: Backend | None) -> CaseResult:
    from coach.capabilities import smart

    out, trace = smart.run(case.input, backend, rules_only=backend is None)
    checks = {}
    right = 0
    for crit in CRITERIA:
        label, got = getattr(case.expect, crit), out.input_check[crit]
        right += got == label
        checks[f"criterion_{crit}"] = (got == label, f"appen sagde {got}, mærkat {label}")
    outside = _BRACKETS.sub(" ", out.rewrite)
    invented = invented_numbers(case.input, outside)
    bare = _BARE.findall(out.rewrite)
    kept = has_words(out.rewrite, case.expect.keep)
    check = getattr(language, "non_words", None)  # the Danish dictionary check (issue 11)
    non_words = check(out.rewrite, allowed=case.input) if check else []
    checks |= {
        "keeps_deadline_and_reason": (all(kept), f"{sum(kept)} af {len(kept)} bevaret: {case.expect.keep}"),
        "no_bare_placeholders": (not bare, f"pladsholdere uden forslag: {bare}" if bare else "ingen"),
        "no_invented_numbers": (not invented, f"opfundne tal: {invented}" if invented else "ingen opfundne tal"),
        "real_danish_words": (not non_words, f"ikke danske ord: {non_words}" if non_words else "alle ord findes"),
        "danish": (danish_ok(out.rewrite), "dansk"),
        "has_example": (bool(out.example), "et gennemarbejdet eksempel" if out.example else "intet eksempel"),
        "reasons_for_all_five": (all(out.reasons.get(c, "").strip() for c in CRITERIA), "begrundelse for alle fem"),
    }
    return CaseResult(case.id, case.input, out.model_dump(), trace.path, checks,
                      {"criteria_right": right, "kept": sum(kept), "keep": len(kept), "bare": len(bare),
                       "invented": len(invented), "ungrammatical": float(bool(non_words)), "outputs": 1,
                       "model_outputs": float(trace.path in ("model", "retried"))})


def summarise(results: list[CaseResult]) -> dict:
    m = lambda k: sum(r.metrics.get(k, 0) for r in results)  # noqa: E731
    per = {c: rate([r.checks[f"criterion_{c}"][0] for r in results if f"criterion_{c}" in r.checks]) for c in CRITERIA}
    return {
        "criterion_accuracy": ratio(m("criteria_right"), 5 * len([r for r in results if "criterion_specific" in r.checks])),
        "criterion_accuracy_by_criterion": per,
        "deadline_and_reason_kept": ratio(m("kept"), m("keep")),
        "bare_placeholders_per_answer": round(m("bare") / max(m("outputs"), 1), 2),
        "invented_numbers_per_100_outputs": round(100 * m("invented") / max(m("outputs"), 1), 2),
        "rewrites_with_real_words": round(1 - m("ungrammatical") / max(m("outputs"), 1), 3),
        "model_answer_share": ratio(m("model_outputs"), m("outputs")),
    }
