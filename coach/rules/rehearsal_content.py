"""The rehearsal's Danish content as data: ``content/rehearse/*.yaml``, validated on load.

* ``agenda.yaml``: the phases of a MUS (id, title, purpose, the neutral core question), the three lengths
  (kort / normal / lang: how many manager turns) and the pacing rules.
* ``question_bank.yaml``: per style and phase the manager's questions (``open`` the phase, ``deeper`` follow
  up), plus the unprepared manager's detours (``drift``).
* ``replies.yaml``: what the manager first says to the employee's last turn: steering lines, answers to direct
  questions, reactions to the content (``ack`` = a statement, ``ask`` = a follow-up question), the closing.
* ``debrief.yaml``: the criteria of the debrief and their advice texts.

Every list of lines has a ``default`` and may have one list per style that replaces it. A line's
``{slots}`` must be known (see ``SLOTS``), so a typo is an error with the file and line, not a silent gap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import Field, field_validator, model_validator

from coach import content
from coach.content import ContentModel

__all__ = [
    "SLOTS",
    "STYLES",
    "AgendaContent",
    "BankContent",
    "DebriefContent",
    "RepliesContent",
    "Voiced",
    "agenda_content",
    "bank",
    "debrief_texts",
    "replies",
    "slots_in",
]

STYLES: tuple[str, ...] = ("supportive", "indirect", "direct", "unprepared", "disagreeing", "busy")
PHASE_IDS: tuple[str, ...] = ("opening", "year", "wellbeing", "development", "goals", "feedback_to_manager", "summary")
SLOTS = frozenset({"numbers", "en_numbers", "overtime", "wish", "proposal", "items", "when", "thing", "name", "feedback",
                   "agreements", "open", "role", "quote", "said", "better", "topic", "aim", "target", "commitment"})
_SLOT = re.compile(r"\{(\w*)\}")


def slots_in(line: str) -> set[str]:
    return set(_SLOT.findall(line))


def _check_lines(lines: list[str]) -> list[str]:
    for line in lines:
        unknown = slots_in(line) - SLOTS
        if unknown:
            raise ValueError(f"ukendt felt {{{sorted(unknown)[0]}}} i: {line[:60]}")
        if not line.strip():
            raise ValueError("en tom linje")
    return lines


class Voiced(ContentModel):
    """Lines for any persona (``default``), optionally replaced by a style's own voice."""

    default: list[str] = Field(min_length=1)
    supportive: list[str] = []
    indirect: list[str] = []
    direct: list[str] = []
    unprepared: list[str] = []
    disagreeing: list[str] = []
    busy: list[str] = []

    @field_validator("*")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        return _check_lines(value)

    def lines(self, style: str) -> list[str]:
        return getattr(self, style, None) or self.default


# -- agenda ----------------------------------------------------------------------------------------------------
class PhaseText(ContentModel):
    id: str
    title: str
    purpose: str
    question: str


class LengthText(ContentModel):
    title: str
    description: str
    manager_turns: int = Field(ge=3, le=30)


class AgendaContent(ContentModel):
    phases: list[PhaseText]
    drift_question: str
    lengths: dict[str, LengthText]
    drop_order: list[str]
    extra_order: list[str]
    drift_every: int = Field(ge=2, le=10)
    trains: dict[str, str]

    @model_validator(mode="after")
    def _known(self) -> AgendaContent:
        ids = [p.id for p in self.phases]
        if tuple(ids) != PHASE_IDS:
            raise ValueError(f"phases skal være {', '.join(PHASE_IDS)} i den rækkefølge")
        if set(self.lengths) != {"kort", "normal", "lang"}:
            raise ValueError("lengths skal være kort, normal og lang")
        for name in ("drop_order", "extra_order"):
            if set(getattr(self, name)) - set(PHASE_IDS[1:-1]):
                raise ValueError(f"{name} må kun nævne punkterne mellem åbning og opsummering")
        return self


# -- question bank ---------------------------------------------------------------------------------------------
class PhaseQuestions(ContentModel):
    open: list[str] = Field(min_length=1)
    deeper: list[str] = Field(min_length=1)

    @field_validator("open", "deeper")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        return _check_lines(value)


class StyleBank(ContentModel):
    opening: PhaseQuestions
    year: PhaseQuestions
    wellbeing: PhaseQuestions
    development: PhaseQuestions
    goals: PhaseQuestions
    feedback_to_manager: PhaseQuestions
    summary: PhaseQuestions


class BankContent(ContentModel):
    styles: dict[str, StyleBank]
    drift: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _all_styles(self) -> BankContent:
        if set(self.styles) != set(STYLES):
            raise ValueError(f"styles skal være præcis {', '.join(STYLES)}")
        return self


# -- replies ---------------------------------------------------------------------------------------------------
class Reaction(ContentModel):
    ack: Voiced | None = None
    ask: Voiced | None = None


class RepliesContent(ContentModel):
    steer: dict[str, Voiced]
    answers: dict[str, Voiced]
    reactions: dict[str, Reaction]
    closing: dict[str, Voiced]

    @model_validator(mode="after")
    def _needed(self) -> RepliesContent:
        need = {"steer": {"injection", "injection_thing", "hostile", "english", "nonsense", "off_topic"},
                "answers": {"grant_request", "grant_request_plain", "ultimatum", "answer_request", "answer_request_when",
                            "follow_up_request", "follow_up_request_when", "confirm", "clarifying_question",
                            "feedback_request", "what_it_takes", "question", "yes_no"},
                "closing": {"agreed", "agreed_unnamed", "open", "nothing_agreed", "follow_up", "no_follow_up", "after_close"}}
        for name, keys in need.items():
            missing = keys - set(getattr(self, name))
            if missing:
                raise ValueError(f"{name} mangler {', '.join(sorted(missing))}")
        return self


# -- debrief ---------------------------------------------------------------------------------------------------
class CriterionText(ContentModel):
    title: str
    good: str
    weak: str
    weak_no_line: str
    none: str
    better_intro: str = "Sig det fx sådan her:"

    @field_validator("good", "weak", "weak_no_line", "none")
    @classmethod
    def _no_brackets(cls, value: str) -> str:
        if re.search(r"\[[^\]]*\]", value):
            raise ValueError("rådet må ikke have [pladsholdere]: brug medarbejderens egne ord via {said}")
        _check_lines([value])
        return value


class DebriefContent(ContentModel):
    criteria: dict[str, CriterionText]
    summary_nothing: str
    summary_agreed: str
    summary_open: str
    mail_subject: str
    mail_intro: str
    mail_nothing: str
    mail_open: str
    mail_outro: str


CRITERIA_IDS = ("concrete_results", "i_form", "development_wishes", "proposed_solutions", "clarifying_questions",
                "calm_disagreement", "steering_back", "next_steps")

content.register("rehearse/agenda.yaml", AgendaContent)
content.register("rehearse/question_bank.yaml", BankContent)
content.register("rehearse/replies.yaml", RepliesContent)
content.register("rehearse/debrief.yaml", DebriefContent)


def agenda_content() -> AgendaContent:
    return content.load("rehearse/agenda.yaml", AgendaContent)


def bank() -> BankContent:
    return content.load("rehearse/question_bank.yaml", BankContent)


def replies() -> RepliesContent:
    return content.load("rehearse/replies.yaml", RepliesContent)


@lru_cache(maxsize=1)
def _debrief_check() -> None:
    data = content.load("rehearse/debrief.yaml", DebriefContent)
    missing = set(CRITERIA_IDS) - set(data.criteria)
    if missing:
        raise content.ContentError(f"content/rehearse/debrief.yaml: kriterierne {', '.join(sorted(missing))} mangler")


def debrief_texts() -> DebriefContent:
    data = content.load("rehearse/debrief.yaml", DebriefContent)
    _debrief_check()
    return data
