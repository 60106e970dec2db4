"""The MUS agenda and the pacing of a rehearsal: which phase each manager turn belongs to.

* ``PHASES`` (from ``content/rehearse/agenda.yaml``) is the agenda of a typical Danish MUS: opening, the year
  that passed, wellbeing, development, goals, feedback to the manager, summary and follow-up.
* ``plan_phases(selected, length=…, drifts=…)`` lays out one entry per manager turn for the chosen length
  (``kort`` / ``normal`` / ``lang`` = ``LENGTHS[length]`` manager turns in all): the opening first, the summary
  last (the closing turn, and before it a turn that asks the employee to sum up when there is room), every
  chosen phase at least once, extra turns to the phases in ``extra_order``. When the length is too short for
  every chosen phase, the phases in ``drop_order`` go first (``skipped_phases`` says which). The unprepared
  persona (``drifts``) gets a ``"drift"`` turn about every ``drift_every`` turns *within* the length (never in
  the opening or the summary): it wanders off on purpose and still ends on time.
* ``plan_position`` / ``phase_for_turn`` map a manager turn index onto the plan; past the end the manager stays
  in the summary. ``plan_length`` is the number of manager turns the plan takes.
* ``manager_line(...)`` is the rules' own manager line (see :mod:`coach.rules.manager_reply`), the
  ``--rules-only`` answer and the fallback for a model line that fails validation.

Triggers and fragments of the employee's turn come from :mod:`coach.rules.rehearsal_signals` and
:mod:`coach.rules.rehearsal_slots`, re-exported here for older callers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from coach.rules.rehearsal_content import STYLES, agenda_content
from coach.rules.rehearsal_signals import WORK_WORDS, classify_employee_turn, result_mentions
from coach.rules.rehearsal_slots import number_fragment, wish_fragment

__all__ = [
    "DRIFT",
    "LENGTHS",
    "LENGTH_IDS",
    "PERSONA_STYLES",
    "PHASES",
    "PHASE_BY_ID",
    "PHASE_IDS",
    "PHASE_QUESTIONS",
    "STYLES",
    "TRAINS",
    "TRAIN_TITLES",
    "WORK_WORDS",
    "Phase",
    "classify_employee_turn",
    "extract_quote",
    "manager_line",
    "phase_for_turn",
    "plan_length",
    "plan_phases",
    "plan_position",
    "resolve_style",
    "result_mentions",
    "skipped_phases",
]


class Phase(BaseModel):
    """One agenda item of the MUS."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    purpose: str


_AGENDA = agenda_content()
PHASES: list[Phase] = [Phase(id=p.id, title=p.title, purpose=p.purpose) for p in _AGENDA.phases]
PHASE_IDS: tuple[str, ...] = tuple(p.id for p in PHASES)
PHASE_BY_ID: dict[str, Phase] = {p.id: p for p in PHASES}
DRIFT = "drift"  # pseudo-phase of the unprepared manager's detours
PHASE_QUESTIONS: dict[str, str] = {p.id: p.question for p in _AGENDA.phases} | {DRIFT: _AGENDA.drift_question}
LENGTHS: dict[str, int] = {name: spec.manager_turns for name, spec in _AGENDA.lengths.items()}
LENGTH_IDS: tuple[str, ...] = ("kort", "normal", "lang")
LENGTH_TITLES: dict[str, str] = {name: f"{spec.title} ({spec.description})" for name, spec in _AGENDA.lengths.items()}
TRAIN_TITLES: dict[str, str] = dict(_AGENDA.trains)
TRAINS: tuple[str, ...] = tuple(TRAIN_TITLES)
PERSONA_STYLES: dict[str, str] = {  # persona id (prompts/rehearse/personas/<id>.md) -> style
    "stoettende": "supportive", "indirekte": "indirect", "direkte": "direct",
    "uforberedt": "unprepared", "uenig": "disagreeing", "travl": "busy",
}
_MIDDLE = PHASE_IDS[1:-1]


def resolve_style(style: str) -> str:
    """A style name, or a persona id mapped to its style; ``ValueError`` if unknown."""
    if style in STYLES:
        return style
    if style in PERSONA_STYLES:
        return PERSONA_STYLES[style]
    raise ValueError(f"Ukendt stil eller persona: {style!r}")


def _chosen(selected: list[str] | None) -> list[str]:
    chosen = set(PHASE_IDS if selected is None else selected)
    unknown = chosen - set(PHASE_IDS)
    if unknown:
        raise ValueError(f"Ukendte faser: {', '.join(sorted(unknown))}")
    return [p for p in _MIDDLE if p in chosen]


def _fit(selected: list[str] | None, length: str, drifts: bool) -> tuple[list[str], list[str], int, bool]:
    """(middle phases with one entry per turn, skipped phases, number of drifts, with a summary-ask turn)."""
    if length not in LENGTHS:
        raise ValueError(f"Ukendt længde: {length!r} (vælg kort, normal eller lang)")
    total = LENGTHS[length]
    mids = _chosen(selected)
    n_drift = max(1, (total - 2) // _AGENDA.drift_every) if drifts else 0
    free = total - 2 - n_drift
    ask = free >= len(mids) + 1 and free >= 2
    free -= ask
    skipped: list[str] = []
    for phase in _AGENDA.drop_order:
        if len(mids) <= max(free, 1):
            break
        if phase in mids:
            mids.remove(phase)
            skipped.append(phase)
    counts = dict.fromkeys(mids, 1)
    extra = free - len(mids)
    order = [p for p in _AGENDA.extra_order if p in counts]
    while extra > 0 and order:
        for p in order:
            if extra <= 0:
                break
            counts[p] += 1
            extra -= 1
    entries = [p for p in mids for _ in range(counts[p])]
    return entries, skipped, n_drift, ask


def plan_phases(selected: list[str] | None = None, turns_per_phase: int | None = None, *,
                length: str = "normal", drifts: bool = False) -> list[str]:
    """One phase id (or ``"drift"``) per manager turn, in agenda order; the opening and the summary always.

    With ``turns_per_phase`` every chosen phase gets that many turns (the length is then ignored).
    Unknown phase ids or lengths raise ``ValueError``.
    """
    if turns_per_phase is not None:
        if turns_per_phase < 1:
            raise ValueError("turns_per_phase skal være mindst 1.")
        mids = [p for p in _chosen(selected) for _ in range(turns_per_phase)]
        body = ["opening"] * turns_per_phase + mids
        plan = _with_drifts(body, (len(body) + turns_per_phase) // _AGENDA.drift_every if drifts else 0)
        return plan + ["summary"] * turns_per_phase
    mids, _, n_drift, ask = _fit(selected, length, drifts)
    return _with_drifts(["opening"] + mids, n_drift) + ["summary"] * (1 + ask)


def _with_drifts(body: list[str], n_drift: int) -> list[str]:
    out = list(body)
    every = _AGENDA.drift_every
    pos = every - 1
    for _ in range(n_drift):
        pos = min(max(pos, 1), len(out))
        out.insert(pos, DRIFT)
        pos += every
    return out


def skipped_phases(selected: list[str] | None = None, *, length: str = "normal", drifts: bool = False) -> list[str]:
    """The chosen phases that do not fit in the length (the UI can say so before the rehearsal starts)."""
    return _fit(selected, length, drifts)[1]


def plan_position(plan: list[str], manager_turn_index: int, drifts: bool = False) -> tuple[str, int]:
    """``(phase, turn within that phase)`` for a manager turn; ``("drift", 0)`` for a detour.

    Past the end of the plan the manager stays in the last phase (the summary) with a growing phase turn.
    ``drifts`` is accepted for older callers; the detours are entries of the plan.
    """
    if not plan:
        raise ValueError("Planen er tom.")
    if manager_turn_index < 0:
        raise ValueError("manager_turn_index skal være 0 eller større.")
    i = min(manager_turn_index, len(plan) - 1)
    phase = plan[i]
    if phase == DRIFT:
        return DRIFT, 0
    before = sum(1 for p in plan[:i] if p == phase)
    return phase, before + max(0, manager_turn_index - (len(plan) - 1))


def phase_for_turn(plan: list[str], manager_turn_index: int, drifts: bool = False) -> str:
    """The phase id (or ``"drift"``) of a manager turn."""
    return plan_position(plan, manager_turn_index, drifts)[0]


def plan_length(plan: list[str], drifts: bool = False) -> int:
    """How many manager turns the plan takes, detours and the closing included."""
    return len(plan)


def extract_quote(trigger: str, text: str) -> str | None:
    """A short fragment of ``text`` for ``trigger`` ("number" or "development_wish"), in the employee's words."""
    text = (text or "").strip()
    if not text:
        return None
    if trigger == "number":
        return number_fragment(text)
    if trigger == "development_wish":
        from coach.rules.rehearsal_slots import to_you

        wish = wish_fragment(text)
        return to_you(wish) if wish else None  # wish_fragment speaks to the employee; the debrief quotes them
    return None


def manager_line(style: str, phase: str, turn: int, employee_text: str | None, *, seed: int = 0,
                 role: str = "", phase_turn: int | None = None, closing: bool = False,
                 history: list[dict] | None = None) -> str:
    """The manager's next line by the rules, in the persona's voice (see :func:`manager_reply.reply`)."""
    from coach.rules import manager_reply

    return manager_reply.reply(style, phase, turn, employee_text, seed=seed, role=role,
                               phase_turn=turn % 2 if phase_turn is None else phase_turn,
                               closing=closing, history=history or []).text
