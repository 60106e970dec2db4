"""Resultater: rough notes become STAR statements; each is kept in the workspace, can be edited, marked as a
favourite (used in the rehearsal) or deleted."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.backend import runtime
from coach.capabilities import star
from coach.store.workspace import StarItem, Workspace
from ui.common import (
    AUTOSAVE,
    INSTANT,
    MODEL_EVENT,
    QUIET,
    Context,
    assign,
    autosave,
    draft,
    failed_text,
    guarded,
    load,
    problem,
    save_draft,
    saved_text,
    short,
    stop,
    stoppable,
    update,
)

FIELDS = star.FIELDS  # situation/task/action/result -> Danish label

EXAMPLES = [
    "I foråret blev to kolleger syge på samme tid, og køen i kundeservice voksede. Jeg lavede en ny vagtplan "
    "og tog selv de sværeste sager. Efter tre måneder var ventetiden nede fra 14 til 9 dage.",
    "Vores intranet var svært at finde rundt i, og jeg fik til opgave at samle input fra afdelingerne. "
    "Jeg holdt seks workshops og skrev et forslag til en ny menu. Nu får supporten færre spørgsmål om, "
    "hvor tingene ligger.",
    "Lærte to nye kolleger op i efteråret. Jeg lavede en tjekliste og gik sammen med dem de første uger. "
    "Efter en måned kunne de tage vagterne alene.",
]

NO_SELECTION = "Vælg et udsagn i listen, eller tryk på «Nyt tomt udsagn», før du skriver i felterne."
DRAFT = "star_notes"  # the unfinished notes, kept in Workspace.drafts


# -- rendering -----------------------------------------------------------------------------------------------------
def _label(item: StarItem) -> str:
    text = item.situation or item.result or item.action or item.notes or "Tomt udsagn"
    return ("★ " if item.favourite else "") + short(text, 80)


def _ordered(ws: Workspace) -> list[StarItem]:
    return sorted(ws.stars, key=lambda s: not s.favourite)  # favourites first, otherwise oldest first


def list_markdown(ws: Workspace) -> str:
    if not ws.stars:
        return "*Du har ingen gemte udsagn endnu. Skriv dine noter ovenfor, og tryk på «Lav STAR-udsagn».*"
    count = len(ws.stars)
    lines = [f"**Du har {count} {'gemt' if count == 1 else 'gemte'} udsagn.** ★ = favorit (bruges i øvesamtalen)."]
    for item in _ordered(ws):
        star_mark = "★ " if item.favourite else ""
        lines.append(f"- {star_mark}**{short(item.situation, 90) or '(ingen situation)'}** → "
                     f"{short(item.result, 110) or '(intet resultat endnu)'}")
    return "\n".join(lines)


def statement_markdown(statement: star.StarStatement) -> str:
    """One STAR statement: each of Situation, Opgave, Handling and Resultat as its own paragraph (never run
    together, whatever the Markdown renderer does with single line breaks), then questions and warnings."""
    parts = [f"**{label}:** {getattr(statement, name)}" for name, label in FIELDS.items()]
    if statement.questions:
        parts.append("**Spørgsmål, der kan gøre det skarpere:**\n\n" + "\n".join(f"- {q}" for q in statement.questions))
    parts += [f"> {w}" for w in statement.warnings]
    return "\n\n".join(parts)


def new_markdown(results: list[tuple[star.StarStatement, object]]) -> str:
    parts = []
    for i, (statement, _trace) in enumerate(results, 1):
        heading = f"### Udsagn {i} af {len(results)}" if len(results) > 1 else "### Dit STAR-udsagn"
        parts.append(heading + "\n\n" + statement_markdown(statement))
    parts.append("*Udsagnene er gemt under «Dine gemte udsagn» nedenfor, hvor du kan rette dem.*")
    return "\n\n".join(parts)


def editor_values(ws: Workspace, selected: str | None) -> list:
    """[overview, selector, selected id, situation, task, action, result, favourite] for the editor.

    The selected id also lives in a gr.State (kept on the server), so the field saves never depend on the order
    in which the browser updates the dropdown and the fields."""
    items = {s.id: s for s in ws.stars}
    if selected not in items:
        ordered = _ordered(ws)
        selected = ordered[0].id if ordered else None
    item = items.get(selected) if selected else None
    select = gr.update(choices=[(_label(s), s.id) for s in _ordered(ws)], value=selected)
    fields = [getattr(item, name) if item else "" for name in FIELDS]
    return [list_markdown(ws), select, selected, *fields, bool(item and item.favourite)]


def values(ws: Workspace) -> list:
    """[notes (the unfinished draft), new statements, *editor values]."""
    return [draft(ws, DRAFT), "", *editor_values(ws, None)]


# -- handlers --------------------------------------------------------------------------------------------------------
@guarded
def run_star(ws_id: str | None, notes: str | None, progress=gr.Progress(), request: gr.Request = None) -> list:
    """Notes -> STAR statements, saved to the workspace. Returns [output, *editor values, status].

    Empty or far too long notes: a Danish warning before any model work, and nothing changes on the page."""
    guard.check(notes, what=star.CAPABILITY.what, max_chars=star.CAPABILITY.max_chars)
    load(ws_id)  # a clear message before any model work if the workspace is not open
    progress(0.05, desc="Finder situation, opgave, handling og resultat i dine noter …")
    with stoppable(request) as cancel:
        backend = runtime.open_backend()
        results = star.run(notes or "", backend, cancel=cancel)
    items = [StarItem(notes=notes or "", **{name: getattr(s, name) for name in FIELDS}) for s, _ in results]
    output = new_markdown(results)
    try:
        ws = update(ws_id, lambda w: w.stars.extend(items))
    except Exception as exc:  # the result is still shown, and the notes are still in the box
        return [output, *[gr.skip()] * 8, failed_text(exc)]
    return [output, *editor_values(ws, items[0].id), saved_text(ws)]


@guarded
def select_star(ws_id: str | None, star_id: str | None) -> list:
    return editor_values(load(ws_id), star_id)[2:]  # the selected id, the four fields and the favourite box


def typed_without_selection(star_id: str | None, value: str | None):
    """While you type in a field (``.input``: typed keys only, never a load): say so if no statement is chosen,
    because then nothing is saved. Returns the status."""
    return NO_SELECTION if not star_id and (value or "").strip() else gr.skip()


@guarded
def save_star_field(ws_id: str | None, star_id: str | None, field: str, value: str | None, *,
                    explain: bool = True) -> tuple:
    """Save one edited field; returns (overview, selector, status).

    ``.change`` (which also fires when a workspace is loaded into the fields) calls it with ``explain=False``:
    then nothing is ever said without a chosen statement; ``typed_without_selection`` says it for typed keys."""
    if field not in FIELDS:
        raise ValueError(field)
    if not star_id:  # a load that empties the fields is not a user typing without a statement chosen
        return gr.skip(), gr.skip(), (NO_SELECTION if explain and (value or "").strip() else gr.skip())
    result: dict = {}

    def change(ws: Workspace) -> bool:
        result["ws"] = ws
        return any(assign(item, field, value or "") for item in ws.stars if item.id == star_id)

    status = autosave(ws_id, change)
    if "ws" not in result or isinstance(status, dict):  # not saved (unchanged): leave the overview as it is
        return gr.skip(), gr.skip(), status
    values_ = editor_values(result["ws"], star_id)
    return values_[0], values_[1], status


def _field_saver(field: str):
    def save(ws_id: str | None, star_id: str | None, value: str | None) -> tuple:
        return save_star_field(ws_id, star_id, field, value, explain=False)

    save.__name__ = f"save_star_{field}"
    return save


@guarded
def set_favourite(ws_id: str | None, star_id: str | None, favourite: bool) -> tuple:
    """Returns (overview, selector, status)."""
    if not star_id:
        return gr.skip(), gr.skip(), (NO_SELECTION if favourite else gr.skip())
    result: dict = {}

    def change(ws: Workspace) -> bool:
        result["ws"] = ws
        return any(assign(item, "favourite", bool(favourite)) for item in ws.stars if item.id == star_id)

    status = autosave(ws_id, change)
    if "ws" not in result or isinstance(status, dict):  # not saved (unchanged): leave the overview as it is
        return gr.skip(), gr.skip(), status
    values_ = editor_values(result["ws"], star_id)
    return values_[0], values_[1], status


@guarded
def new_star(ws_id: str | None) -> list:
    """An empty statement to fill in by hand; returns [*editor values, status]."""
    item = StarItem()
    ws = update(ws_id, lambda w: w.stars.append(item))
    return [*editor_values(ws, item.id), saved_text(ws)]


@guarded
def delete_star(ws_id: str | None, star_id: str | None) -> list:
    """Returns [*editor values, status]."""
    if not star_id:
        raise problem("Vælg først det udsagn, du vil slette.")
    ws = update(ws_id, lambda w: setattr(w, "stars", [s for s in w.stars if s.id != star_id]))
    return [*editor_values(ws, None), saved_text(ws) + " · Udsagnet er slettet."]


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Skriv løse noter om noget, du har gjort i år – gerne flere oplevelser på én gang. "
                "Appen laver et STAR-udsagn (Situation, Opgave, Handling, Resultat) for hver oplevelse "
                "og stiller spørgsmål, hvis noget mangler.")
    notes = gr.Textbox(label="Dine noter om en eller flere oplevelser", lines=6, max_lines=20, max_length=12_000,
                       placeholder="Fx: Overtog køen i foråret, da to var syge. Lavede ny vagtplan. "
                                   "Ventetid ned fra 14 til 9 dage.", elem_id="star-notes")
    gr.Examples(EXAMPLES, notes, label="Eksempler, du kan prøve", api_visibility="private")
    with gr.Row(elem_classes=["run-row"]):
        run = gr.Button("Lav STAR-udsagn", variant="primary", scale=4, elem_id="star-run")
        halt = gr.Button("Stop", variant="stop", scale=1, min_width=100, elem_id="star-stop")
    output = gr.Markdown("", label="Nye STAR-udsagn", elem_id="star-output", buttons=["copy"], container=True,
                         padding=True, elem_classes=["hide-when-empty"])

    gr.Markdown("## Dine gemte udsagn")
    overview = gr.Markdown("", elem_id="star-list")
    with gr.Row():
        select = gr.Dropdown(label="Vælg et udsagn at redigere", choices=[], value=None, scale=4, min_width=260,
                             elem_id="star-select")
        new = gr.Button("Nyt tomt udsagn", size="md", scale=1, min_width=140, elem_id="star-new")
    boxes = {}
    with gr.Row():
        for name, label in FIELDS.items():
            boxes[name] = gr.Textbox(label=label, lines=3, max_lines=10, max_length=4_000, buttons=["copy"],
                                     min_width=220, elem_id=f"star-{name}")
    with gr.Row():
        favourite = gr.Checkbox(label="Favorit: brug udsagnet i øvesamtalen", value=False, min_width=260,
                                elem_id="star-favourite")
        delete = gr.Button("Slet udsagnet", variant="stop", size="md", min_width=140, elem_id="star-delete")

    selected = gr.State(None)
    editor = [overview, select, selected, *boxes.values(), favourite]
    run.click(run_star, [ctx.ws, notes], [output, *editor, ctx.status], **MODEL_EVENT)
    halt.click(stop, None, None, **INSTANT)
    notes.change(save_notes, [ctx.ws, notes], ctx.status, **AUTOSAVE)
    select.input(select_star, [ctx.ws, select], [selected, *boxes.values(), favourite], **QUIET)
    for name, box in boxes.items():
        box.change(_field_saver(name), [ctx.ws, selected, box], [overview, select, ctx.status], **AUTOSAVE)
        box.input(typed_without_selection, [selected, box], ctx.status, **INSTANT)
    # a checkbox has no paste: .input (a click) is enough, and a load never saves or explains anything
    favourite.input(set_favourite, [ctx.ws, selected, favourite], [overview, select, ctx.status], **AUTOSAVE)
    new.click(new_star, [ctx.ws], [*editor, ctx.status], **QUIET)
    delete.click(delete_star, [ctx.ws, selected], [*editor, ctx.status], **QUIET)
    return SimpleNamespace(outputs=[notes, output, *editor], notes=notes, run=run, output=output, stop=halt)


@guarded
def save_notes(ws_id: str | None, notes: str | None):
    """The notes you are still writing are kept in the workspace (restored when it opens)."""
    return save_draft(ws_id, DRAFT, notes)
