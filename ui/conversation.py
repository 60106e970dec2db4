"""The rehearsal's conversation: the manager's turns (start, send, a new reply, browsing the replies, editing your
last answer, undo), one at a time, with honest progress.

What you type is never lost: while the manager works, Send is disabled and says why, the text box keeps what you
write, and it is emptied only when your answer is in the conversation. Only checked text is shown: the manager's
reply appears when the core has validated it (the progress line says what is happening until then), and a reply that
was stopped half-way is not shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import gradio as gr

from coach import guard
from coach.capabilities import rehearse
from coach.errors import CoachError
from coach.rules import agenda
from ui.common import checked, error, guarded, problem
from ui.jobs import Job, common_phase

DEFAULT_PERSONA = "stoettende"
ALWAYS_PHASES = ("opening", "summary")
TURNS_PER_LENGTH = {"kort": 1, "normal": 2, "lang": 3}  # for a core without Setup.length
CONTEXT_LIMIT = 1_500  # what «Hent fra min forberedelse» fills in
CONTEXT_INPUT_LIMIT = CONTEXT_LIMIT * 2  # what you may write there yourself
ROLE_LIMIT = 200
NOT_STARTED = "Start en øvesamtale først: vælg en leder, og tryk på «Start øvesamtalen»."
THINKING = ("Lederen tænker over sit svar … Du kan skrive dit næste svar imens: det bliver stående i feltet, til du "
            "sender det.")
SEND, SEND_EDIT, BUSY = "Send", "Send rettet svar", "Vent – lederen svarer …"
BUSY_NOTE = "Lederen svarer stadig. Dit svar bliver stående i feltet – send det, når lederen er færdig."
EDIT, EDIT_CANCEL = "Ret mit sidste svar", "Fortryd rettelsen"
STOPPED = "Stoppet. Lederens svar blev ikke færdigt, så det vises ikke. Tryk på «Nyt svar» for at få et helt svar."
NO_REPLY_YET = ("Lederen har ikke svaret på dit sidste svar endnu. Tryk på «Nyt svar» for at få lederens svar, eller "
                "på «Ret mit sidste svar» for at ændre dit.")


@dataclass
class Rehearsal:
    """One rehearsal in one browser session, and the id it is saved under once it has been debriefed."""

    session: rehearse.Session
    saved_id: str | None = None
    editing: bool = False  # the input box holds your last answer, to be sent again in its place
    alternatives: list[str] = field(default_factory=list)  # earlier replies (for a core without Turn.alternatives)
    chosen: int = 0


def _setup(persona_id: str | None, phases: list[str] | None, length: str | None, role: str | None,
           context: str | None) -> rehearse.Setup:
    role = checked(role, ROLE_LIMIT)
    if (refused := guard.text_problem(context or "", CONTEXT_INPUT_LIMIT)) is not None:
        raise refused
    chosen = [p for p in (phases or []) if p in agenda.PHASE_BY_ID]
    fields = dict(persona=persona_id or DEFAULT_PERSONA, role=role, context=(context or "").strip(),
                  phases=None if set(chosen) | set(ALWAYS_PHASES) >= set(agenda.PHASE_IDS) else chosen)
    length = length if length in TURNS_PER_LENGTH else "normal"
    if "length" in rehearse.Setup.model_fields:
        fields["length"] = length
    else:
        fields["turns_per_phase"] = TURNS_PER_LENGTH[length]
    return rehearse.Setup(**fields)


def messages(session: rehearse.Session) -> list[dict]:
    """The turns as chat messages (manager = assistant, employee = user): only finished, checked replies."""
    return [{"role": "assistant" if t.role == "manager" else "user", "content": t.text} for t in session.turns]


def status_text(session: rehearse.Session, note: str = "") -> str:
    total = agenda.plan_length(session.plan, session.persona.drifts)
    last = next((t for t in reversed(session.turns) if t.role == "manager"), None)
    if last is None:
        where = "Samtalen er ikke begyndt."
    elif last.phase in agenda.PHASE_BY_ID:
        where = f"Punkt på dagsordenen: **{agenda.PHASE_BY_ID[last.phase].title}**"
    else:
        where = "Lederen er kommet på et sidespor – styr gerne tilbage til dine punkter."
    progress = f"(lederens replik {min(session.manager_turns, total)} af {total})"
    done = (" Dagsordenen er gennemgået: tryk på «Afslut og få feedback», når du er klar."
            if session.finished else "")
    return " ".join(x for x in (note, where, progress + "." + done) if x)


def _last_manager(state: Rehearsal | None):
    turns = state.session.turns if state else []
    return turns[-1] if turns and turns[-1].role == "manager" else None


def alternatives(state: Rehearsal | None) -> tuple[list[str], int]:
    """The manager's replies to browse for the last turn, and which one is shown."""
    turn = _last_manager(state)
    if turn is None:
        return [], 0
    alts = getattr(turn, "alternatives", None)
    if alts:
        return list(alts), int(getattr(turn, "chosen", len(alts) - 1))
    if state.alternatives:
        return state.alternatives, state.chosen
    return [turn.text], 0


def controls(state: Rehearsal | None, busy: bool = False) -> list:
    """[send, previous reply, «Svar 2 af 3», next reply, edit, new reply, undo]."""
    editing = bool(state and state.editing)
    send = gr.update(interactive=not busy, value=BUSY if busy else SEND_EDIT if editing else SEND)
    alts, chosen = alternatives(state)
    show = len(alts) > 1 and not busy
    return [send, gr.update(visible=show, interactive=show and chosen > 0),
            gr.update(visible=show, value=f"Svar {chosen + 1} af {len(alts)}"),
            gr.update(visible=show, interactive=show and chosen < len(alts) - 1),
            gr.update(interactive=not busy, value=EDIT_CANCEL if editing else EDIT),
            gr.update(interactive=not busy), gr.update(interactive=not busy)]


def _drain(steps):
    last = None
    for last in steps:
        pass
    return last


def _turn(state: Rehearsal, produce, request: gr.Request | None, *, after=None):
    """Run one manager turn; yields [chat, status, *controls]: progress while the model works (the chat shows only
    finished replies), then the checked reply. A stopped reply is unfinished and unchecked: it is taken out."""
    session = state.session
    shown = messages(session)
    job = Job(request, lambda backend, cancel: _drain(produce(backend, cancel=cancel)))
    try:
        for watch in job.progress():
            yield [shown, common_phase(watch) or THINKING, *controls(state, busy=True)]
    except CoachError as exc:
        raise error(f"{exc} Tryk på «Nyt svar» for at prøve igen.") from None
    if job.closed:
        return
    note = ""
    last = session.turns[-1] if session.turns else None
    if job.stopped and last is not None and last.role == "manager" and getattr(last, "source", "") == "stopped":
        _drop_unfinished(session, last)
        note = STOPPED
    elif after is not None:
        note = after() or ""
    yield [messages(session), status_text(session, note), *controls(state)]


def _drop_unfinished(session: rehearse.Session, last) -> None:
    """A stopped reply was never checked: it goes. A stopped new reply («Nyt svar») leaves the earlier ones."""
    alts = list(getattr(last, "alternatives", None) or [])
    if len(alts) > 1 and hasattr(session, "choose_alternative"):
        last.alternatives = alts[:-1]
        session.choose_alternative(len(alts) - 2)
        last.source = "model"
    else:
        session.turns.pop()


@guarded
def start_rehearsal(persona_id: str | None, phases: list[str] | None, length: str | None, role: str | None,
                    context: str | None, request: gr.Request = None):
    """Yields [state, chat, status, *controls, debrief] while the manager opens the conversation."""
    state = Rehearsal(rehearse.Session(_setup(persona_id, phases, length, role, context)))
    for chat, *rest in _turn(state, state.session.manager_stream, request):
        yield [state, chat, *rest, ""]


def need(state: Rehearsal | None) -> rehearse.Session:
    if state is None:
        raise problem(NOT_STARTED)
    return state.session


def _edit_last(state: Rehearsal, text: str | None) -> None:
    """Your last answer is replaced by ``text``; the manager's reply to the old one goes."""
    session = state.session
    if hasattr(session, "edit_last_employee"):
        session.edit_last_employee(text or "")
        return
    if not any(t.role == "employee" for t in session.turns):
        raise problem("Der er intet svar at rette endnu.")
    cleaned = guard.check(text, what="dit svar", max_chars=rehearse.MAX_TURN_CHARS, min_letters=1)
    session.undo()  # the manager's reply and your old answer
    session.add_employee(cleaned)


@guarded
def send_turn(state: Rehearsal | None, text: str | None, request: gr.Request = None):
    """Yields [state, chat, input box, status, *controls]: your answer (the box is emptied only once it is in the
    conversation), then the manager's reply when it is ready."""
    session = need(state)
    if getattr(session, "pending", False):  # the manager's reply is being written (e.g. a second tab)
        raise problem(BUSY_NOTE)
    if state.editing:
        _edit_last(state, text)
    elif session.turns and session.turns[-1].role == "employee":
        raise problem(NO_REPLY_YET)
    else:
        session.add_employee(text or "")  # empty, too long or binary: a Danish warning, the box keeps its text
    state.editing, state.alternatives = False, []
    if session.turns[-1].role != "employee":  # a core that answered the edit itself
        yield [state, messages(session), "", status_text(session), *controls(state)]
        return
    for i, (chat, *rest) in enumerate(_turn(state, session.manager_stream, request)):
        yield [state, chat, "" if i == 0 else gr.skip(), *rest]


@guarded
def regenerate_turn(state: Rehearsal | None, request: gr.Request = None):
    """Yields [state, chat, status, *controls]: a new reply to the same turn; the earlier ones stay browsable."""
    session = need(state)
    old = _last_manager(state)
    before = old.text if old is not None else None
    if before is not None and not state.alternatives:
        state.alternatives, state.chosen = [before], 0

    def remember() -> str:
        new = _last_manager(state)
        if new is None or getattr(new, "alternatives", None):
            return ""  # the core keeps the earlier replies itself
        if before is None:
            state.alternatives, state.chosen = [], 0
            return ""
        if new.text in state.alternatives:
            state.chosen = state.alternatives.index(new.text)
            return "Lederen svarede det samme igen. Tryk på «Nyt svar» en gang til for et andet svar."
        state.alternatives.append(new.text)
        state.chosen = len(state.alternatives) - 1
        return ""

    for step in _turn(state, session.regenerate, request, after=remember):
        yield [state, *step]


@guarded
def choose_reply(state: Rehearsal | None, step: int) -> list:
    """Show the previous (-1) or next (+1) of the manager's replies. Returns [state, chat, status, *controls]."""
    session = need(state)
    alts, chosen = alternatives(state)
    wanted = chosen + step
    if not 0 <= wanted < len(alts):
        return [gr.skip()] * 10
    if hasattr(session, "choose_alternative"):
        session.choose_alternative(wanted)
    else:
        turn = _last_manager(state)
        turn.text = turn.prompt_text = alts[wanted]
        state.chosen = wanted
    return [state, messages(session), status_text(session, f"Du ser svar {wanted + 1} af {len(alts)}."),
            *controls(state)]


def previous_reply(state: Rehearsal | None) -> list:
    return choose_reply(state, -1)


def next_reply(state: Rehearsal | None) -> list:
    return choose_reply(state, 1)


@guarded
def edit_turn(state: Rehearsal | None, current: str | None) -> list:
    """Put your last answer back in the box to edit it (or cancel that). Returns [state, box, status, *controls]."""
    session = need(state)
    if state.editing:
        state.editing = False
        return [state, gr.skip(), status_text(session, "Rettelsen er fortrudt."), *controls(state)]
    mine = next((t.text for t in reversed(session.turns) if t.role == "employee"), None)
    if mine is None:
        raise problem("Du har ikke sendt et svar endnu, så der er intet at rette.")
    if (current or "").strip() and (current or "").strip() != mine.strip():
        raise problem("Feltet «Dit svar» har allerede tekst. Send den, eller tøm feltet, før du retter dit sidste "
                      "svar – så bliver intet overskrevet.")
    state.editing = True
    note = ("Du retter dit sidste svar. Ret teksten, og tryk på «Send rettet svar»: lederens svar på det gamle svar "
            "forsvinder, og samtalen fortsætter fra det rettede.")
    return [state, mine, status_text(session, note), *controls(state)]


@guarded
def undo_turn(state: Rehearsal | None, current: str | None) -> list:
    """Remove the last exchange; your removed answer goes back into the input box if that is empty.

    Returns [state, chat, input box, status, *controls]."""
    session = need(state)
    before = list(session.turns)
    session.undo()
    removed = before[len(session.turns):]
    if not removed:
        raise problem("Der er ikke noget at fortryde: lederens første replik bliver stående.")
    state.editing, state.alternatives = False, []
    mine = next((t.text for t in removed if t.role == "employee"), "")
    back = mine if mine and not (current or "").strip() else gr.skip()
    return [state, messages(session), back, status_text(session, "Fortrudt."), *controls(state)]

