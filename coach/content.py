"""Danish domain content as data: YAML files under ``content/``, each validated by a pydantic schema.

A Danish HR person can add a line, a signal or a checklist item without touching Python. Every schema
forbids unknown keys, so a misspelt key is an error rather than silently ignored, and every error names the
file and the line (in Danish and English), e.g.::

    content/decode/signals.yaml, linje 41: 'categroy' er ikke en kendt nøgle (unknown key)

``load(path, Schema)`` is cached; ``check_all()`` loads every registered file (used by the tests and by
``coach content check``-style scripts).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from coach import paths
from coach.errors import CoachError

T = TypeVar("T", bound=BaseModel)


class ContentModel(BaseModel):
    """Base for content schemas: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ContentError(CoachError):
    """A content file is missing, is not valid YAML, or does not match its schema."""


_REGISTRY: dict[str, type[BaseModel]] = {}


def register(relpath: str, schema: type[T]) -> type[T]:
    """Declare that ``content/<relpath>`` follows ``schema`` (so ``check_all`` can validate it)."""
    _REGISTRY[relpath] = schema
    return schema


def _node_at(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """The YAML node at a pydantic error location (keys and list indices), as deep as it exists."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _key_node(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """For an unknown key, the key's own node (its line is where the typo is)."""
    parent = _node_at(node, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _ in parent.value:
            if key.value == loc[-1]:
                return key
    return parent


_DANISH = {
    "extra_forbidden": "'{key}' er ikke en kendt nøgle",
    "missing": "'{key}' mangler",
    "string_type": "'{key}' skal være en tekst",
    "list_type": "'{key}' skal være en liste",
    "bool_type": "'{key}' skal være true eller false",
    "int_type": "'{key}' skal være et heltal",
    "literal_error": "'{key}' har en ukendt værdi",
}


def _describe(path: Path, root: yaml.Node | None, exc: ValidationError) -> str:
    lines = []
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")  # a typo explains the rest
    for err in errors[:5]:
        loc = tuple(err["loc"])
        node = _key_node(root, loc) if err["type"] == "extra_forbidden" else _node_at(root, loc)
        line = node.start_mark.line + 1 if node is not None else 1
        key = str(loc[-1]) if loc else "filen"
        danish = _DANISH.get(err["type"], "'{key}' er ugyldig").format(key=key)
        lines.append(f"{path}, linje {line}: {danish} ({err['msg']})")
    more = len(exc.errors()) - 5
    return "\n".join(lines + ([f"… og {more} fejl mere"] if more > 0 else []))


def parse(path: Path, schema: type[T]) -> T:
    """Read and validate one content file (not cached)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"Indholdsfilen {path} kan ikke læses (cannot read): {exc.strerror}") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", linje {mark.line + 1}" if mark else ""
        raise ContentError(f"{path}{where}: ugyldig YAML (invalid YAML): {getattr(exc, 'problem', exc)}") from None
    try:
        return schema.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise ContentError(_describe(path, root, exc)) from None


@lru_cache(maxsize=64)
def _load(root: str, relpath: str, schema: type[T]) -> T:
    return parse(Path(root) / relpath, schema)


def load(relpath: str, schema: type[T]) -> T:
    """``content/<relpath>`` validated by ``schema`` (cached per content folder)."""
    return _load(str(paths.content_dir()), relpath, schema)


def check_all() -> dict[str, BaseModel]:
    """Load every registered content file; raises ContentError on the first bad one."""
    return {rel: parse(paths.content_dir() / rel, schema) for rel, schema in _REGISTRY.items()}
