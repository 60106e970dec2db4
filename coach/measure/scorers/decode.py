"""Decode: is an indirect message found (recall) without false alarms on plain texts, with the right category,
an exact quote, a plain restatement and a question for every finding, an owner-and-date advice for deferrals and
vague promises, and no false reassurance. Plain texts are checked for the right kind (praise, criticism …)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from coach.backend import Backend
from coach.measure.scorers.common import CaseBase, CaseResult, danish_ok, rate, ratio

Category = Literal["softened_criticism", "distance", "understatement", "indirect_no", "vague_promise",
                   "rhetorical_question", "irony"]


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str
    category: Category
    meaning: str = ""


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indirect: bool
    findings: list[Finding] = []
    plain: Literal["criticism", "praise", "request", "info"] | None = None


class Case(CaseBase):
    input: str
    expect: Expect


_REASSURING = ("kan læses, som den står", "kan læses som den står", "ingen skjult", "intet skjult",
               "der er ikke noget at læse ind", "tag den for pålydende", "ingen grund til bekymring")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _overlaps(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a or len(set(a.split()) & set(b.split())) >= max(2, min(len(a.split()), len(b.split())) // 2)


def _restates(meaning: str, quote: str) -> bool:
    """The meaning is said in its own words: it does not contain the (4+ word) quote verbatim."""
    q = " ".join(_WORD.findall(quote.casefold()))
    return len(q.split()) < 4 or q not in " ".join(_WORD.findall(meaning.casefold()))


def score(case: Case, backend: Backend | None) -> CaseResult:
    from coach.capabilities import decode

    out, trace = decode.run(case.input, backend, rules_only=backend is None)
    indirect = [f for f in out.findings if f.category != "plain"]
    plain = [f for f in out.findings if f.category == "plain"]
    predicted, truth = bool(indirect), case.expect.indirect
    wanted = case.expect.findings
    hits = [any(_overlaps(w.quote, f.quote) and f.category == w.category for f in indirect) for w in wanted]
    located = [any(_overlaps(w.quote, f.quote) for f in indirect) for w in wanted]
    complete = all(getattr(f, "meaning", "").strip() and f.question.rstrip().endswith("?") for f in out.findings)
    restated = all(_restates(f.meaning, f.quote) for f in indirect)
    owner_date = all(f.follow_up.strip() for f in indirect if f.category in ("indirect_no", "vague_promise"))
    summary = out.summary.casefold()
    reassures = truth and any(p in summary for p in _REASSURING)
    checks = {
        "indirect_detected": (predicted == truth, f"fundet={predicted}, mærkat={truth}"),
        "quotes_in_input": (all(f.quote in case.input for f in out.findings), "citater findes i teksten"),
        "meaning_and_question_for_every_finding": (complete, "betydning og spørgsmål for hvert fund"),
        "meaning_restates": (restated, "betydningen gentager ikke citatet"),
        "owner_and_date_advice": (owner_date, "råd om ejer og dato ved udsættelser og vage løfter"),
        "no_false_reassurance": (not reassures, "ingen falsk beroligelse" if not reassures else out.summary),
        "danish": (danish_ok(out.summary), "dansk"),
    }
    if truth and wanted:
        checks["finding_located"] = (all(located), f"{sum(located)} af {len(wanted)} fund ramt")
        checks["category_right"] = (all(hits), f"{sum(hits)} af {len(wanted)} med rigtig kategori")
    kind_right = None
    if not truth and case.expect.plain and plain:
        kind_right = case.expect.plain in {f.kind for f in plain}
        checks["plain_kind_right"] = (kind_right, f"ventet {case.expect.plain}, fik {sorted({f.kind for f in plain})}")
    return CaseResult(case.id, case.input, out.model_dump(), trace.path, checks,
                      {"tp": float(predicted and truth), "fp": float(predicted and not truth),
                       "fn": float(truth and not predicted), "tn": float(not predicted and not truth),
                       "findings": len(wanted), "located": sum(located), "category_hits": sum(hits),
                       "reassures": float(reassures), "outputs": 1,
                       "plain_kinds": float(kind_right is not None), "plain_kind_hits": float(bool(kind_right)),
                       "model_outputs": float(trace.path in ("model", "retried", "mixed"))})


def summarise(results: list[CaseResult]) -> dict:
    m = lambda k: sum(r.metrics.get(k, 0) for r in results)
    return {
        "recall": ratio(m("tp"), m("tp") + m("fn")),
        "false_positive_rate": ratio(m("fp"), m("fp") + m("tn")) if m("fp") + m("tn") else 0.0,
        "precision": ratio(m("tp"), m("tp") + m("fp")),
        "findings_located": ratio(m("located"), m("findings")),
        "category_accuracy": ratio(m("category_hits"), m("findings")),
        "false_reassurance": int(m("reassures")),
        "complete_findings": rate([r.checks["meaning_and_question_for_every_finding"][0] for r in results
                                   if "meaning_and_question_for_every_finding" in r.checks]),
        "restated_meanings": rate([r.checks["meaning_restates"][0] for r in results if "meaning_restates" in r.checks]),
        "plain_kind_accuracy": ratio(m("plain_kind_hits"), m("plain_kinds")),
        "model_answer_share": ratio(m("model_outputs"), m("outputs")),
    }
