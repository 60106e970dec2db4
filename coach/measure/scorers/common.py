"""What the scorers share: the result of one case, rates, and text checks that do not depend on a capability."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from coach.rules.numbers import extract_numbers


class CaseBase(BaseModel):
    """Fields every case has; each capability adds its ``input``/``expect`` shape."""

    model_config = ConfigDict(extra="forbid")

    id: str
    domain: str = ""
    style: str = ""
    notes: str = ""


@dataclass
class CaseResult:
    id: str
    input: str
    output: object
    path: str  # model | retried | fallback | rules | refused | mixed
    checks: dict[str, tuple[bool, str]]
    metrics: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> list[str]:
        return [name for name, (ok, _) in self.checks.items() if not ok]


def rate(values: list[bool]) -> float:
    return round(sum(values) / len(values), 3) if values else 1.0


def ratio(num: float, den: float) -> float:
    return round(num / den, 3) if den else 1.0


def danish_ok(text: str) -> bool:
    from coach.capabilities import validate

    return not validate.danish(text)


def contains_number(output: str, raw: str) -> bool:
    """Every number in ``raw`` ("3 mdr", "14 → 9") occurs in ``output`` by value ("3 måneder" counts)."""
    wanted = extract_numbers(raw)
    have = {round(m.value, 4) for m in extract_numbers(output)}
    if not wanted:  # a number word the extractor does not know ("hver tredje"): fall back to the text
        return raw.casefold() in output.casefold()
    return all(round(w.value, 4) in have for w in wanted)


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def has_words(field_text: str, words: list[str]) -> list[bool]:
    """For each expected key word/phrase: does the field contain it (last letters may inflect)?"""
    folded = field_text.casefold()
    tokens = _WORD.findall(folded)
    out = []
    for w in words:
        w = w.casefold().strip()
        if w in folded:
            out.append(True)
            continue
        parts = _WORD.findall(w)
        if not parts:
            out.append(contains_number(field_text, w))
            continue
        # each word of the phrase occurs with the same first letters (stem of len-2, at least 4)
        out.append(all(any(t.startswith(p[: max(4, len(p) - 2)]) for t in tokens) for p in parts))
    return out


def path_of(paths: list[str]) -> str:
    """One path for a case with several outputs (STAR with several stories)."""
    if not paths:
        return "rules"
    if len(set(paths)) == 1:
        return paths[0]
    return "fallback" if "fallback" in paths else "mixed"
