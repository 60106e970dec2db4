"""A tolerant parser for line-based answers: ``Situation: …`` / ``Opgave: …`` lines into a pydantic model.

Small models keep to a handful of labelled lines far better than to JSON, and parsing costs nothing at
decode time. Each string field of the output model declares its Danish label (``json_schema_extra``);
list fields collect ``- punkt`` lines under their label.
"""

from __future__ import annotations

import re
import unicodedata
from typing import get_args, get_origin

from pydantic import BaseModel, ValidationError

from coach.errors import CoachError


class OutputFormatError(CoachError):
    """The model's answer could not be read as the expected fields."""

    def __init__(self, missing: list[str], titles: list[str] | None = None) -> None:
        super().__init__("Modellens svar manglede felter: " + ", ".join(titles or missing) + ".")
        self.missing = missing


def _fold(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold().strip(" *#_-:\t")
    return re.sub(r"\s+", " ", text)


def labels(output_type: type[BaseModel]) -> dict[str, list[str]]:
    """Field name → accepted labels (Danish label first, then aliases and the English name)."""
    result: dict[str, list[str]] = {}
    for name, field in output_type.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        names = [extra.get("label")] if extra.get("label") else []
        names += list(extra.get("aliases", ())) + [name]
        result[name] = [str(n) for n in names]
    return result


def _is_list(output_type: type[BaseModel], name: str) -> bool:
    ann = output_type.model_fields[name].annotation
    return get_origin(ann) is list or any(get_origin(a) is list for a in get_args(ann))


def parse(text: str, output_type: type[BaseModel], *, defaults: dict | None = None):
    """Parse ``Label: value`` lines; continuation lines join the previous field. Unknown labels are ignored."""
    lookup = {_fold(lbl): name for name, lbls in labels(output_type).items() for lbl in lbls}
    values: dict[str, list[str]] = {}
    current: str | None = None
    # small models sometimes copy the one-line "A: … | B: …" cue format of the prompt: split it into lines
    lines = [part for raw in text.splitlines() for part in re.split(r"\s+\|\s+(?=[^|:]{1,30}:)", raw)]
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^[\s*#_-]*([^:]{1,30}):\s*(.*)$", line)
        if m and _fold(m.group(1)) in lookup:
            current = lookup[_fold(m.group(1))]
            if current in values and not _is_list(output_type, current):
                break  # the model started a second answer: keep the first
            values.setdefault(current, [])
            value = m.group(2).strip().lstrip("*_ ").strip()
            if value:
                values[current].append(value)
        elif m and len(m.group(1).split()) <= 2:
            current = None  # an unknown "Label: …" line ends the field instead of polluting it
        elif current is not None:
            values[current].append(line)
    data: dict[str, object] = dict(defaults or {})
    for name, parts in values.items():
        if _is_list(output_type, name):
            data[name] = [re.sub(r"^[-*•\d.)\s]+", "", p).strip() for p in parts if p.strip("-*• ")]
        else:
            data[name] = " ".join(parts).strip()
    try:
        return output_type.model_validate(data)
    except ValidationError as exc:
        missing = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
        raise OutputFormatError(missing, [labels(output_type).get(m, [m])[0] for m in missing]) from None
