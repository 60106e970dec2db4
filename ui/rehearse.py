"""Øv samtalen: the model plays the manager along the MUS agenda, the user answers; Stop, a new reply (the earlier
ones stay browsable: «Svar 1 af 2»), editing your last answer, undo, and a debrief at the end. The Session lives per
browser session in gr.State; the turns are in ui.conversation, and finished rehearsals are saved in the workspace
(ui.rehearsals): listed after a reload, reopened, deleted.
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.capabilities import rehearse
from coach.errors import CoachError
from coach.rules import agenda
from coach.store import export
from coach.store.workspace import Workspace
from ui import rehearsals
from ui.common import (
    INSTANT,
    QUIET,
    Context,
    failed_text,
    guarded,
    load,
    model_event,
    problem,
    saved_text,
    short,
    stop,
    update,
)
from ui.conversation import (  # noqa: F401  (the turn handlers, importable from here too)
    CONTEXT_INPUT_LIMIT,
    CONTEXT_LIMIT,
    DEFAULT_PERSONA,
    EDIT,
    NOT_STARTED,
    SEND,
    Rehearsal,
    controls,
    edit_turn,
    messages,
    need,
    next_reply,
    previous_reply,
    regenerate_turn,
    send_turn,
    start_rehearsal,
    status_text,
    undo_turn,
)

DIFFICULTY = {1: "let", 2: "middel", 3: "svær"}
TRAIN_TITLES = agenda.TRAIN_TITLES
LENGTHS = getattr(agenda, "LENGTH_TITLES", {}) or {"kort": "Kort", "normal": "Normal", "lang": "Lang"}


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
    """[context, saved rehearsals, their selector] for a workspace."""
    return [context_from_workspace(ws), *rehearsals.values(ws)]


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


@guarded
def finish_rehearsal(ws_id: str | None, state: Rehearsal | None) -> list:
    """Debrief, and save the rehearsal in the workspace (again under the same id if you continue and finish twice).
    The follow-up mail is filled only from what was really agreed, and only if the mail field is empty.

    Returns [debrief, follow-up mail, rehearsal status, save status, saved list, saved selector]."""
    session = need(state)
    if not any(t.role == "employee" for t in session.turns):
        raise problem("Skriv mindst ét svar til lederen, før du beder om feedback.")
    result = session.debrief()
    agreements = rehearsals.real_agreements(result, session.transcript())
    item = rehearsals.item_from(session, result, agreements, state.saved_id)
    filled: dict = {}

    def change(ws: Workspace) -> None:
        ws.rehearsals = [r for r in ws.rehearsals if r.id != item.id] + [item]
        if agreements and not ws.follow_up_mail.strip():
            ws.follow_up_mail = filled["mail"] = rehearsals.mail_for(result, agreements)

    try:
        ws = update(ws_id, change)
    except Exception as exc:
        text = rehearsals.debrief_markdown(result, session.titles(), "" if agreements else rehearsals.NO_AGREEMENTS)
        return [text, gr.skip(), status_text(session), failed_text(exc), gr.skip(), gr.skip()]
    state.saved_id = item.id
    note = rehearsals.NO_AGREEMENTS if not agreements else (
        rehearsals.MAIL_FILLED if "mail" in filled else rehearsals.MAIL_KEPT)
    text = rehearsals.debrief_markdown(result, session.titles(), note)
    return [text, filled.get("mail", gr.skip()), status_text(session, "Øvesamtalen er gemt."), saved_text(ws),
            *rehearsals.values(ws)]


@guarded
def open_saved(ws_id: str | None, item_id: str | None) -> list:
    """A saved rehearsal back in the conversation (to read, or to go on with). Returns [state, chat, status,
    *controls, debrief]."""
    item = rehearsals.find(load(ws_id), item_id)
    state = Rehearsal(rehearsals.restore(item), saved_id=item.id)
    note = (f"Du ser {export.rehearsal_title(item).lower()}. Skriv et svar for at fortsætte den, eller "
            "start en ny.")
    debrief = rehearsals.debrief_markdown(item.debrief, {}) if item.debrief else ""
    return [state, messages(state.session), status_text(state.session, note), *controls(state), debrief]


@guarded
def delete_saved(ws_id: str | None, item_id: str | None, state: Rehearsal | None) -> list:
    """Returns [saved list, saved selector, save status]."""
    item = rehearsals.find(load(ws_id), item_id)
    ws = update(ws_id, lambda w: setattr(w, "rehearsals", [r for r in w.rehearsals if r.id != item.id]))
    if state is not None and state.saved_id == item.id:
        state.saved_id = None  # finishing the open conversation again saves it anew
    return [*rehearsals.values(ws), saved_text(ws) + " · Øvesamtalen er slettet."]


# -- layout -----------------------------------------------------------------------------------------------------------
stop_generation = stop  # the Stop button (outside the queue)


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
            length = gr.Radio(label="Hvor lang skal samtalen være?", choices=[(t, k) for k, t in LENGTHS.items()],
                              value="normal", elem_id="rehearse-length")
        with gr.Column(scale=3, min_width=320):
            role = gr.Textbox(label="Din stilling (valgfrit)", placeholder="Fx sygeplejerske, udvikler, bogholder",
                              elem_id="rehearse-role")
            context = gr.Textbox(label="Det, din leder ved fra din forberedelse (valgfrit)", lines=5, max_lines=12,
                                 elem_id="rehearse-context",
                                 info="Hentes fra dine favorit-udsagn, mål og feedback. Ret gerne i teksten "
                                      f"(højst {guard.thousands(CONTEXT_INPUT_LIMIT)} tegn).")
            fill = gr.Button("Hent fra min forberedelse", size="md", elem_id="rehearse-fill-context")
    start = gr.Button("Start øvesamtalen", variant="primary", elem_id="rehearse-start")

    state = gr.State(None)
    chat = gr.Chatbot(label="Øvesamtale: lederen til venstre, dig til højre", height=420, elem_id="rehearse-chat",
                      buttons=["copy", "copy_all"], feedback_options=None,
                      placeholder="Tryk på «Start øvesamtalen». Lederen åbner, og så svarer du.")
    with gr.Row(elem_id="rehearse-alternatives"):
        prev = gr.Button("◀ Forrige svar", size="sm", visible=False, scale=0, min_width=140, elem_id="rehearse-prev")
        position = gr.Markdown("", visible=False, elem_id="rehearse-position")
        nxt = gr.Button("Næste svar ▶", size="sm", visible=False, scale=0, min_width=140, elem_id="rehearse-next")
    with gr.Row(equal_height=False, elem_id="rehearse-answer-row"):  # Send keeps its own height, at the bottom
        text = gr.Textbox(label="Dit svar", lines=1, max_lines=6, scale=5,
                          placeholder="Skriv dit svar, og tryk Enter (Shift+Enter giver en ny linje)",
                          elem_id="rehearse-input")
        send = gr.Button(SEND, variant="primary", scale=1, min_width=100, elem_id="rehearse-send")
    status = gr.Markdown("", elem_id="rehearse-status", elem_classes=["progress-line"])
    with gr.Row():
        halt = gr.Button("Stop", variant="stop", size="md", min_width=100, elem_id="rehearse-stop")
        again = gr.Button("Nyt svar", size="md", min_width=100, elem_id="rehearse-regenerate")
        edit = gr.Button(EDIT, size="md", min_width=160, elem_id="rehearse-edit")
        undo = gr.Button("Fortryd", size="md", min_width=100, elem_id="rehearse-undo")
        finish = gr.Button("Afslut og få feedback", size="md", min_width=180, elem_id="rehearse-debrief")
    debrief = gr.Markdown("", elem_id="rehearse-debrief-output", buttons=["copy"])
    gr.Markdown("## Dine gemte øvesamtaler")
    saved_list = gr.Markdown(rehearsals.NONE_SAVED, elem_id="rehearse-saved-list")
    with gr.Row(equal_height=True):
        saved = gr.Dropdown(label="Vælg en gemt øvesamtale", choices=[], value=None, scale=4, min_width=260,
                            elem_id="rehearse-saved")
        with gr.Column(scale=1, min_width=150):
            reopen = gr.Button("Åbn den", size="md", elem_id="rehearse-open")
            remove = gr.Button("Slet den", variant="stop", size="md", elem_id="rehearse-delete")

    ctrl = [send, prev, position, nxt, edit, again, undo]
    turn_event = model_event(status) | dict(trigger_mode="once")
    persona.change(persona_markdown, persona, about, **QUIET)
    fill.click(fill_context, ctx.ws, context, **QUIET)
    start.click(start_rehearsal, [persona, phases, length, role, context], [state, chat, status, *ctrl, debrief],
                **turn_event)
    gr.on([send.click, text.submit], send_turn, [state, text], [state, chat, text, status, *ctrl],
          **turn_event).then(controls, state, ctrl, **INSTANT)  # Send is enabled again, even after a failure
    again.click(regenerate_turn, [state], [state, chat, status, *ctrl], **turn_event).then(
        controls, state, ctrl, **INSTANT)
    prev.click(previous_reply, state, [state, chat, status, *ctrl], **QUIET)
    nxt.click(next_reply, state, [state, chat, status, *ctrl], **QUIET)
    edit.click(edit_turn, [state, text], [state, text, status, *ctrl], **QUIET)
    undo.click(undo_turn, [state, text], [state, chat, text, status, *ctrl], **model_event(status))
    halt.click(stop_generation, None, None, **INSTANT)
    reopen.click(open_saved, [ctx.ws, saved], [state, chat, status, *ctrl, debrief], **QUIET)
    remove.click(delete_saved, [ctx.ws, saved, state], [saved_list, saved, ctx.status], **QUIET)
    return SimpleNamespace(outputs=[context, saved_list, saved], context=context, finish=finish, state=state,
                           debrief=debrief, status=status, chat=chat, saved_list=saved_list, saved=saved)


def wire(ctx: Context, view: SimpleNamespace, mail: gr.Textbox, tab: gr.Tab) -> None:
    """«Afslut» also fills the follow-up mail under «Efter samtalen» (from real agreements, when that field is still
    empty); opening the tab fills in the context from what you prepared in the other tabs."""
    tab.select(refresh_context, [ctx.ws, view.context], view.context, **QUIET)
    view.finish.click(finish_rehearsal, [ctx.ws, view.state],
                      [view.debrief, mail, view.status, ctx.status, view.saved_list, view.saved],
                      **model_event(view.status))
