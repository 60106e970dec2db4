"""Øv samtalen: the model plays the manager along the MUS agenda (streamed), the user answers; Stop, a new reply,
undo, and a debrief per criterion at the end. The Session lives per browser session in gr.State."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import gradio as gr

from coach.backend import runtime
from coach.capabilities import rehearse
from coach.errors import CoachError
from coach.rules import agenda
from coach.store.workspace import RehearsalItem, Workspace
from ui.common import (
    CANCELS,
    INSTANT,
    MODEL_EVENT,
    QUIET,
    Context,
    error,
    failed_text,
    guarded,
    load,
    problem,
    saved_text,
    session_id,
    short,
    update,
)

DEFAULT_PERSONA = "stoettende"
DIFFICULTY = {1: "let", 2: "middel", 3: "svær"}
TRAIN_TITLES = agenda.TRAIN_TITLES
ALWAYS_PHASES = ("opening", "summary")
CONTEXT_LIMIT = 1_500
NOT_STARTED = "Start en øvesamtale først: vælg en leder, og tryk på «Start øvesamtalen»."
THINKING = "*Lederen tænker …*"


@dataclass
class Rehearsal:
    """One rehearsal in one browser session, and the id it is saved under once it has been debriefed."""

    session: rehearse.Session
    saved_id: str | None = None


# -- setup -----------------------------------------------------------------------------------------------------------
def persona_choices() -> list[tuple[str, str]]:
    people = sorted(rehearse.personas().values(), key=lambda p: (p.difficulty, p.name))
    return [(f"{p.name} ({DIFFICULTY.get(p.difficulty, p.difficulty)})", p.id) for p in people]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def persona_markdown(persona_id: str | None) -> str:
    try:
        p = rehearse.persona(persona_id or DEFAULT_PERSONA)
    except CoachError as exc:
        return str(exc)
    dots = "●" * p.difficulty + "○" * (3 - p.difficulty)
    trains = [TRAIN_TITLES.get(t, t.replace("_", " ")) for t in p.trains]
    return (f"**{p.name}** – sværhedsgrad {dots} ({DIFFICULTY.get(p.difficulty, p.difficulty)})\n\n{p.description}\n\n"
            + (f"*Du træner {_join(trains)}.*" if trains else ""))


def _usable(text: str) -> str:
    text = " ".join((text or "").split())
    return "" if text.startswith("[mangler") else text


def context_from_workspace(ws: Workspace) -> str:
    """What the manager may know from the preparation: favourite STAR statements, goals, feedback received."""
    lines: list[str] = []
    stars = [s for s in ws.stars if s.favourite] or ws.stars[-3:]
    for s in stars[:3]:
        parts = [_usable(s.situation), _usable(s.action), _usable(s.result)]
        text = " ".join(p.rstrip(".") + "." for p in parts if p)
        if text:
            lines.append(f"Resultat: {text}")
    for g in ws.goals[-3:]:
        rewrite = _usable(g.rewrite)
        text = rewrite if rewrite and "[" not in rewrite else _usable(g.goal) or rewrite  # no [placeholders]
        if text:
            lines.append(f"Udviklingsønske: {text}")
    for f in ws.feedback[-2:]:
        if f.text.strip():
            lines.append(f"Feedback, jeg har fået: {short(f.text, 220)}")
    out = "\n".join(lines)
    return out if len(out) <= CONTEXT_LIMIT else out[: CONTEXT_LIMIT - 1].rsplit("\n", 1)[0]


def values(ws: Workspace) -> list:
    return [context_from_workspace(ws)]


@guarded
def refresh_context(ws_id: str | None, current: str | None):
    """When the tab opens: fill in the context from the preparation, unless you have written something there."""
    if (current or "").strip() or not ws_id:
        return gr.skip()
    return context_from_workspace(load(ws_id))


@guarded
def fill_context(ws_id: str | None) -> str:
    text = context_from_workspace(load(ws_id))
    if not text:
        raise problem("Der er endnu ingen STAR-udsagn, mål eller feedback i denne MUS at hente.")
    return text


# -- the conversation --------------------------------------------------------------------------------------------------
def messages(session: rehearse.Session, partial: str | None = None) -> list[dict]:
    """The turns as chat messages (manager = assistant, employee = user), plus a reply that is still growing."""
    out = [{"role": "assistant" if t.role == "manager" else "user", "content": t.text} for t in session.turns]
    if partial is not None:
        out.append({"role": "assistant", "content": partial or "…"})
    return out


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


def _stream(state: Rehearsal, produce, request: gr.Request | None):
    """Run one manager turn; yields (chat messages, status) as the reply grows. The final reply may replace the
    streamed text (when validation fails, the agenda's own line is used)."""
    session = state.session
    before = len(session.turns)
    event = CANCELS.start(session_id(request))
    try:
        yield messages(session, ""), THINKING
        backend = runtime.open_backend()
        for text in produce(backend, cancel=event):
            if len(session.turns) > before:  # the reply is final and saved in the session
                break
            yield messages(session, text), THINKING
        note = "Stoppet – tryk på «Nyt svar» for et helt svar." if event.is_set() else ""
        yield messages(session), status_text(session, note)
    except CoachError as exc:
        raise error(f"{exc} Tryk på «Nyt svar» for at prøve igen.") from None
    finally:
        CANCELS.finish(session_id(request), event)


def _phases(selected: list[str] | None) -> list[str] | None:
    chosen = [p for p in (selected or []) if p in agenda.PHASE_BY_ID]
    if set(chosen) | set(ALWAYS_PHASES) >= set(agenda.PHASE_IDS):
        return None  # the whole agenda
    return chosen


@guarded
def start_rehearsal(persona_id: str | None, phases: list[str] | None, role: str | None, context: str | None,
                    request: gr.Request = None):
    """Yields [state, chat, status, debrief] while the manager opens the conversation."""
    setup = rehearse.Setup(persona=persona_id or DEFAULT_PERSONA, phases=_phases(phases),
                           role=" ".join((role or "").split())[:200],
                           context=(context or "").strip()[: CONTEXT_LIMIT * 2])
    state = Rehearsal(rehearse.Session(setup))
    for chat, status in _stream(state, state.session.manager_stream, request):
        yield state, chat, status, ""


def _need(state: Rehearsal | None) -> rehearse.Session:
    if state is None:
        raise problem(NOT_STARTED)
    return state.session


@guarded
def send_turn(state: Rehearsal | None, text: str | None, request: gr.Request = None):
    """Yields [state, chat, input box, status]: your answer, then the manager's reply as it grows."""
    session = _need(state)
    session.add_employee(text or "")  # empty or a double turn: a Danish error, and the input keeps its text
    first = True
    for chat, status in _stream(state, session.manager_stream, request):
        yield state, chat, ("" if first else gr.skip()), status
        first = False


@guarded
def regenerate_turn(state: Rehearsal | None, request: gr.Request = None):
    """Yields [state, chat, status]: the manager's last reply is replaced by a new one."""
    session = _need(state)
    if not session.turns:
        raise problem("Der er intet svar at lave om endnu.")
    for chat, status in _stream(state, session.regenerate, request):
        yield state, chat, status


@guarded
def undo_turn(state: Rehearsal | None, current: str | None) -> list:
    """Remove the last exchange; your removed answer goes back into the input box if that is empty.

    Returns [state, chat, input box, status]."""
    session = _need(state)
    before = list(session.turns)
    session.undo()
    removed = before[len(session.turns):]
    if not removed:
        raise problem("Der er ikke noget at fortryde: lederens første replik bliver stående.")
    mine = next((t.text for t in removed if t.role == "employee"), "")
    back = mine if mine and not (current or "").strip() else gr.skip()
    return [state, messages(session), back, status_text(session, "Fortrudt.")]


def stop_generation(request: gr.Request = None) -> None:
    CANCELS.cancel(session_id(request))


def debrief_markdown(result: dict, titles: dict[str, str]) -> str:
    lines = ["## Feedback på din øvesamtale", "", result.get("summary", ""), ""]
    for c in result.get("criteria", []):
        score = int(c.get("score", 0))
        dots = "●" * score + "○" * (3 - score)
        lines.append(f"### {titles.get(c['id'], c['id'])} · {dots} ({score} af 3)")
        for quote in c.get("evidence", []):
            lines.append(f"> „{quote}“")
        lines += ["", c.get("advice", ""), ""]
    goals = result.get("goals") or []
    if goals:
        lines += ["### Udviklingsønsker, du nævnte", ""]
        for g in goals:
            lines.append(f"- Du sagde: „{g['wish']}“. Som SMART-mål: *{g['rewrite']}*")
            lines += [f"  - {q}" for q in g.get("questions", [])]
        lines += ["", "Arbejd videre med dem under «Mål»."]
    lines += ["", "*Et udkast til en opfølgningsmail ligger under «Efter samtalen».*"]
    return "\n".join(lines).strip()


@guarded
def finish_rehearsal(ws_id: str | None, state: Rehearsal | None) -> list:
    """Debrief, and save the rehearsal in the workspace (again under the same id if you continue and finish twice).

    Returns [debrief, follow-up mail (only filled in if the field was empty), rehearsal status, save status]."""
    session = _need(state)
    if not any(t.role == "employee" for t in session.turns):
        raise problem("Skriv mindst ét svar til lederen, før du beder om feedback.")
    result = session.debrief()
    text = debrief_markdown(result, session.titles())
    item = RehearsalItem(id=state.saved_id or RehearsalItem().id, persona=session.persona.id,
                         turns=session.transcript(), debrief=result)
    filled: dict = {}

    def change(ws: Workspace) -> None:
        ws.rehearsals = [r for r in ws.rehearsals if r.id != item.id] + [item]
        if not ws.follow_up_mail.strip() and result.get("follow_up_mail"):
            ws.follow_up_mail = result["follow_up_mail"]
            filled["mail"] = ws.follow_up_mail

    try:
        ws = update(ws_id, change)
    except Exception as exc:
        return [text, gr.skip(), status_text(session), failed_text(exc)]
    state.saved_id = item.id
    return [text, filled.get("mail", gr.skip()), status_text(session, "Øvesamtalen er gemt."), saved_text(ws)]


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Øv samtalen med en leder, der spilles af modellen. Vælg, hvilken slags leder du vil øve dig på, "
                "og svar, som du ville gøre til den rigtige samtale. Til sidst får du feedback.")
    with gr.Row():
        with gr.Column(scale=2, min_width=300):
            persona = gr.Dropdown(label="Hvilken leder vil du øve dig på?", choices=persona_choices(),
                                  value=DEFAULT_PERSONA, elem_id="rehearse-persona")
            about = gr.Markdown(persona_markdown(DEFAULT_PERSONA), elem_id="rehearse-persona-info")
            phases = gr.CheckboxGroup(label="Punkter på dagsordenen",
                                      choices=[(p.title, p.id) for p in agenda.PHASES],
                                      value=list(agenda.PHASE_IDS),
                                      info="Åbning og opsummering er altid med.", elem_id="rehearse-phases")
        with gr.Column(scale=3, min_width=320):
            role = gr.Textbox(label="Din stilling (valgfrit)", placeholder="Fx sygeplejerske, udvikler, bogholder",
                              max_length=200, elem_id="rehearse-role")
            context = gr.Textbox(label="Det, din leder ved fra din forberedelse (valgfrit)", lines=5, max_lines=12,
                                 max_length=CONTEXT_LIMIT * 2, elem_id="rehearse-context",
                                 info="Hentes fra dine favorit-udsagn, mål og feedback. Ret gerne i teksten.")
            fill = gr.Button("Hent fra min forberedelse", size="md", elem_id="rehearse-fill-context")
    start = gr.Button("Start øvesamtalen", variant="primary", elem_id="rehearse-start")

    state = gr.State(None)
    chat = gr.Chatbot(label="Øvesamtale: lederen til venstre, dig til højre", height=420, elem_id="rehearse-chat",
                      buttons=["copy", "copy_all"], feedback_options=None,
                      placeholder="Tryk på «Start øvesamtalen». Lederen åbner, og så svarer du.")
    with gr.Row(equal_height=False, elem_id="rehearse-answer-row"):  # Send keeps its own height, at the bottom
        text = gr.Textbox(label="Dit svar", lines=1, max_lines=6, max_length=rehearse.MAX_TURN_CHARS, scale=5,
                          placeholder="Skriv dit svar, og tryk Enter (Shift+Enter giver en ny linje)",
                          elem_id="rehearse-input")
        send = gr.Button("Send", variant="primary", scale=1, min_width=100, elem_id="rehearse-send")
    with gr.Row():
        stop = gr.Button("Stop", variant="stop", size="md", min_width=100, elem_id="rehearse-stop")
        again = gr.Button("Nyt svar", size="md", min_width=100, elem_id="rehearse-regenerate")
        undo = gr.Button("Fortryd", size="md", min_width=100, elem_id="rehearse-undo")
        finish = gr.Button("Afslut og få feedback", size="md", min_width=180, elem_id="rehearse-debrief")
    status = gr.Markdown("", elem_id="rehearse-status")
    debrief = gr.Markdown("", elem_id="rehearse-debrief-output", buttons=["copy"])

    persona.change(persona_markdown, persona, about, **QUIET)
    fill.click(fill_context, ctx.ws, context, **QUIET)
    start.click(start_rehearsal, [persona, phases, role, context], [state, chat, status, debrief], **MODEL_EVENT)
    for trigger in (send.click, text.submit):
        trigger(send_turn, [state, text], [state, chat, text, status], **MODEL_EVENT)
    again.click(regenerate_turn, [state], [state, chat, status], **MODEL_EVENT)
    undo.click(undo_turn, [state, text], [state, chat, text, status], **MODEL_EVENT)
    stop.click(stop_generation, None, None, **INSTANT)
    return SimpleNamespace(outputs=[context], context=context, finish=finish, state=state, debrief=debrief,
                           status=status, chat=chat)


def wire(ctx: Context, view: SimpleNamespace, mail: gr.Textbox, tab: gr.Tab) -> None:
    """«Afslut» also fills the follow-up mail under «Efter samtalen» (when that field is still empty); opening the
    tab fills in the context from what you prepared in the other tabs."""
    tab.select(refresh_context, [ctx.ws, view.context], view.context, **QUIET)
    view.finish.click(finish_rehearsal, [ctx.ws, view.state], [view.debrief, mail, view.status, ctx.status],
                      **MODEL_EVENT)
