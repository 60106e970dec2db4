"""The manager personas: ``prompts/rehearse/personas/<id>.md`` (front-matter validated, the body is the chat prompt).

Front-matter: ``id``, ``name``, ``description`` (shown to the user), ``difficulty`` (1–3), ``trains`` (keys of
``agenda.TRAIN_TITLES``), ``style`` (one of ``agenda.STYLES``: which question bank and replies it uses),
``drifts`` (the unprepared persona's detours), ``voice`` (one or two lines of style for the compact completion
prompt) and ``occasions`` (the debrief criteria this manager gives occasion for, e.g. a manager who wraps
criticism gives occasion for clarifying questions).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coach import paths
from coach.errors import CoachError
from coach.rules import agenda
from coach.rules.rehearsal_content import CRITERIA_IDS, STYLES

__all__ = ["Persona", "persona", "personas"]


class Persona(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    name: str
    description: str
    difficulty: int = Field(ge=1, le=3)
    trains: list[str]
    style: str
    drifts: bool = False
    voice: str = Field(min_length=10, max_length=240)
    occasions: list[str] = []
    body: str = ""

    @field_validator("style")
    @classmethod
    def _style(cls, value: str) -> str:
        if value not in STYLES:
            raise ValueError(f"ukendt stil {value!r} (vælg en af {', '.join(STYLES)})")
        return value

    @field_validator("trains")
    @classmethod
    def _trains(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(agenda.TRAINS)
        if unknown:
            raise ValueError(f"ukendt træning: {', '.join(sorted(unknown))}")
        return value

    @field_validator("occasions")
    @classmethod
    def _occasions(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(CRITERIA_IDS)
        if unknown:
            raise ValueError(f"ukendt kriterie: {', '.join(sorted(unknown))}")
        return value


def _persona_dir() -> Path:
    return paths.prompts_dir() / "rehearse" / "personas"


def parse(path: Path) -> Persona:
    """One persona file; a broken one is a Danish error that names the file."""
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", path.read_text(encoding="utf-8"), re.DOTALL)
    if not m:
        raise CoachError(f"Personafilen {path.name} mangler front-matter (--- … ---).")
    try:
        meta = yaml.safe_load(m.group(1)) or {}
        return Persona(**meta, body=m.group(2).strip())
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise CoachError(f"Personafilen {path.name} er ugyldig: {exc}") from None


@lru_cache(maxsize=4)
def _load_personas(directory: str) -> dict[str, Persona]:
    out: dict[str, Persona] = {}
    for path in sorted(Path(directory).glob("*.md")):
        p = parse(path)
        if p.id != path.stem:
            raise CoachError(f"Personafilen {path.name} har id '{p.id}'; id skal være filens navn ('{path.stem}').")
        out[p.id] = p
    return out


def personas() -> dict[str, Persona]:
    return _load_personas(str(_persona_dir()))


def persona(persona_id: str) -> Persona:
    try:
        return personas()[persona_id]
    except KeyError:
        raise CoachError(f"Ukendt leder-persona '{persona_id}'.", hint="Se listen med: coach rehearse --list") from None
