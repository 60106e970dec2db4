"""The user's MUS workspace: everything they write or accept, as one pydantic document.

One workspace per MUS (this year's, last year's …). The store keeps each as JSON in SQLite; the export
writes the same document to Markdown, DOCX and an importable JSON file.

Schema versions: 1 is the first; 2 adds ``StarItem.edited`` and the rehearsal's persona name, setup and session
(all with defaults), so a version-1 document reads as version 2 unchanged. A document from a newer version is
refused by the import with a clear message.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach import content
from coach.content import ContentModel, register

SCHEMA_VERSION = 2


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class PrepSections(ContentModel):
    """The preparation sections (the keys are used by the app and the store; the titles are free text)."""

    year: str
    wellbeing: str
    development: str
    support: str
    questions: str
    topics: str
    last_year: str


class PrepContent(ContentModel):
    """``content/prep/checklist.yaml``: the preparation checklist and the preparation sections."""

    checklist: list[str] = Field(min_length=1)
    sections: PrepSections


register("prep/checklist.yaml", PrepContent)
_PREP = content.load("prep/checklist.yaml", PrepContent)
CHECKLIST: list[str] = list(_PREP.checklist)
PREP_SECTIONS: dict[str, str] = _PREP.sections.model_dump()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChecklistItem(_Model):
    text: str
    done: bool = False


class StarItem(_Model):
    id: str = Field(default_factory=new_id)
    notes: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    favourite: bool = False
    edited: bool = False  # the user changed a field: a new STAR run on the same notes never replaces it
    created: str = Field(default_factory=now)


class GoalItem(_Model):
    id: str = Field(default_factory=new_id)
    goal: str = ""
    rewrite: str = ""
    check: dict[str, bool] = Field(default_factory=dict)
    questions: list[str] = Field(default_factory=list)
    created: str = Field(default_factory=now)


class FeedbackItem(_Model):
    id: str = Field(default_factory=new_id)
    text: str = ""
    findings: list[dict] = Field(default_factory=list)
    summary: str = ""
    created: str = Field(default_factory=now)


class RehearsalItem(_Model):
    """A finished (debriefed) rehearsal: who played the manager, what was said, and the feedback."""

    id: str = Field(default_factory=new_id)
    persona: str = ""  # the persona's id
    persona_name: str = ""  # its name when the rehearsal was saved («Den travle leder»)
    setup: dict = Field(default_factory=dict)  # the rehearsal's setup (persona, agenda points, role, context …)
    session: dict = Field(default_factory=dict)  # the whole session, when the core can save it (to continue it)
    turns: list[dict] = Field(default_factory=list)  # {"role": "manager"|"employee", "text": …, "phase": …}
    debrief: dict = Field(default_factory=dict)  # criteria (id, title, score, evidence, advice), summary, goals
    created: str = Field(default_factory=now)
    updated: str = Field(default_factory=now)


class PlanItem(_Model):
    id: str = Field(default_factory=new_id)
    goal: str = ""
    owner: str = "mig"
    deadline: str = ""
    status: Literal["ikke startet", "i gang", "færdig", "droppet"] = "ikke startet"
    notes: str = ""


class Workspace(_Model):
    schema_version: int = SCHEMA_VERSION

    id: str = Field(default_factory=new_id)
    title: str = "Min MUS"
    created: str = Field(default_factory=now)
    updated: str = Field(default_factory=now)
    checklist: list[ChecklistItem] = Field(default_factory=lambda: [ChecklistItem(text=t) for t in CHECKLIST])
    prep: dict[str, str] = Field(default_factory=lambda: dict.fromkeys(PREP_SECTIONS, ""))
    stars: list[StarItem] = Field(default_factory=list)
    goals: list[GoalItem] = Field(default_factory=list)
    feedback: list[FeedbackItem] = Field(default_factory=list)
    rehearsals: list[RehearsalItem] = Field(default_factory=list)
    agreements: str = ""
    follow_up_mail: str = ""
    plan: list[PlanItem] = Field(default_factory=list)
    drafts: dict[str, str] = Field(default_factory=dict)  # unfinished inputs (notes, goal, feedback), kept as typed

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data):
        """An older document reads as the current version (every field added since has a default)."""
        if isinstance(data, dict) and isinstance(data.get("schema_version"), int) \
                and data["schema_version"] < SCHEMA_VERSION:
            data = {**data, "schema_version": SCHEMA_VERSION}
        return data
