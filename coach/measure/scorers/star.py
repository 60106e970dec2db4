"""STAR: numbers kept per story, none invented, each fact in its field, stories split, [mangler] only where due."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from coach.backend import Backend
from coach.capabilities import validate
from coach.measure.scorers.common import (
    CaseBase,
    CaseResult,
    contains_number,
    danish_ok,
    has_words,
    path_of,
    rate,
    ratio,
)
from coach.rules.numbers import extract_numbers, invented_numbers

FIELDS = ("situation", "task", "action", "result")
Field_ = list[str] | Literal["missing"]


class Story(BaseModel):
    model_config = ConfigDict(extra="forbid")

    numbers: list[str] = []
    pairs: list[list[str]] = []
    situation: Field_
    task: Field_
    action: Field_
    result: Field_


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stories: list[Story]


class Case(CaseBase):
    input: str
    expect: Expect


def _is_missing(value: str) -> bool:
    return value.strip().startswith("[mangler")


def score(case: Case, backend: Backend | None) -> CaseResult:
    from coach.capabilities import star

    results = star.run(case.input, backend, rules_only=backend is None)
    outs = [r[0] for r in results]
    stories = case.expect.stories
    body = "\n".join(" ".join(getattr(o, f) for f in FIELDS) for o in outs)
    kept: list[bool] = []
    pairs_ok: list[bool] = []
    placed: list[bool] = []
    mangler_given = 0
    mangler_due: list[bool] = []
    moved: list[str] = []
    for i, story in enumerate(stories):
        out = outs[i] if i < len(outs) else None
        text = " ".join(getattr(out, f) for f in FIELDS) if out else ""
        kept += [contains_number(text, n) for n in story.numbers]
        for a, b in story.pairs:
            pairs_ok.append(out is not None and any(contains_number(getattr(out, f), a) and contains_number(getattr(out, f), b)
                                                    for f in FIELDS))
        for f in FIELDS:
            want = getattr(story, f)
            value = getattr(out, f) if out else ""
            if want == "missing":
                mangler_due.append(_is_missing(value))
                continue
            if _is_missing(value):
                mangler_given += 1
            placed += has_words(value, want)
        if out is not None and len(outs) == len(stories):  # a number of another story in this statement
            others = [n for j, s in enumerate(stories) if j != i for n in s.numbers]
            own = {round(m.value, 4) for n in story.numbers for m in extract_numbers(n)}
            moved += [n for n in others if contains_number(text, n)
                      and not {round(m.value, 4) for m in extract_numbers(n)} <= own]
    invented = invented_numbers(case.input, body)
    names = validate.names_not_in(body, case.input)
    n_numbers = sum(len(s.numbers) for s in stories)
    checks = {
        "stories_split": (len(outs) == len(stories), f"{len(outs)} udsagn, forventet {len(stories)}"),
        "numbers_kept": (all(kept), f"bevarede {sum(kept)} af {n_numbers} tal"),
        "pairs_kept": (all(pairs_ok), f"{sum(pairs_ok)} af {len(pairs_ok)} før→efter-par samlet"),
        "no_invented_numbers": (not invented, f"opfundne tal: {invented}" if invented else "ingen opfundne tal"),
        "no_invented_names": (not names, f"navne/ting, der ikke står i noterne: {names}" if names else "ingen"),
        "facts_in_right_field": (rate(placed) >= 0.9, f"{sum(placed)} af {len(placed)} nøgleord i det rigtige felt"),
        "no_mangler_for_given_parts": (mangler_given == 0, f"{mangler_given} felter markeret [mangler], selv om noterne har dem"),
        "mangler_where_missing": (all(mangler_due), f"{sum(mangler_due)} af {len(mangler_due)} manglende dele markeret"),
        "no_fact_moved_between_stories": (not moved, f"tal fra en anden historie: {moved}" if moved else "ingen"),
        "danish": (danish_ok(body) or any("andet sprog" in w for o in outs for w in o.warnings), "dansk"),
    }
    return CaseResult(case.id, case.input, [o.model_dump() for o in outs], path_of([r[1].path for r in results]), checks,
                      {"numbers": n_numbers, "numbers_kept": sum(kept), "invented": len(invented), "names": len(names),
                       "placed": sum(placed), "placeable": len(placed), "mangler_given": mangler_given,
                       "outputs": len(outs), "model_outputs": sum(r[1].path in ("model", "retried") for r in results),
                       "mixed_outputs": sum(r[1].path == "mixed" for r in results)})


def summarise(results: list[CaseResult]) -> dict:
    m = lambda k: sum(r.metrics.get(k, 0) for r in results)  # noqa: E731
    return {
        "numbers_kept": ratio(m("numbers_kept"), m("numbers")),
        "invented_numbers_per_100_outputs": round(100 * m("invented") / max(m("outputs"), 1), 2),
        "invented_names_per_100_outputs": round(100 * m("names") / max(m("outputs"), 1), 2),
        "facts_in_right_field": ratio(m("placed"), m("placeable")),
        "stories_split_correctly": rate([r.checks["stories_split"][0] for r in results if "stories_split" in r.checks]),
        "mangler_for_given_parts": int(m("mangler_given")),
        "model_answer_share": ratio(m("model_outputs"), m("outputs")),
        "mixed_answer_share": ratio(m("mixed_outputs"), m("outputs")),  # the model's, with 1-2 fields from the rules
    }
