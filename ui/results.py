"""Resultater: rough notes become STAR statements; each is kept in the workspace, can be edited, marked as a
favourite (used in the rehearsal) or deleted."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import runtime, star
from coach.workspace import StarItem, Workspace
from ui.common import (AUTOSAVE, MODEL_EVENT, QUIET, Context, assign, autosave, error, failed_text, guarded, load,
                       saved_text, short, update)

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


# -- rendering -----------------------------------------------------------------------------------------------------
def _label(item: StarItem) -> str:
    text = item.situation or item.result or item.action or item.notes or "Tomt udsagn"
    return ("★ " if item.favourite else "") + short(text, 80)


def _ordered(ws: Workspace) -> list[StarItem]:
    return sorted(ws.stars, key=lambda s: not s.favourite)  # favourites first, otherwise oldest first


def list_markdown(ws: Workspace) -> str:
    if not ws.stars:
        return "*Du har ingen gemte udsagn endnu. Skriv dine noter ovenfor, og tryk på «Lav STAR-udsagn».*"
    lines = [f"**Du har {len(ws.stars)} gemte udsagn.** ★ = favorit (bruges i øvesamtalen)."]
    for item in _ordered(ws):
        star_mark = "★ " if item.favourite else ""
        lines.append(f"- {star_mark}**{short(item.situation, 90) or '(ingen situation)'}** → "
                     f"{short(item.result, 110) or '(intet resultat endnu)'}")
    return "\n".join(lines)


def new_markdown(results: list[tuple[star.StarStatement, object]]) -> str:
    parts = []
    for i, (statement, _trace) in enumerate(results, 1):
        heading = f"### Udsagn {i} af {len(results)}" if len(results) > 1 else "### Dit STAR-udsagn"
        parts.append(heading + "\n\n" + statement.to_markdown())
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
    return ["", *editor_values(ws, None)]


# -- handlers --------------------------------------------------------------------------------------------------------
@guarded
def run_star(ws_id: str | None, notes: str | None, progress=gr.Progress()) -> list:
    """Notes -> STAR statements, saved to the workspace. Returns [output, *editor values, status]."""
    load(ws_id)  # a clear message before any model work if the workspace is not open
    progress(0.05, desc="Finder situation, opgave, handling og resultat i dine noter …")
    backend = runtime.open_backend()
    results = star.run(notes or "", backend)
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


@guarded
def save_star_field(ws_id: str | None, star_id: str | None, field: str, value: str | None) -> tuple:
    """Save one edited field; returns (overview, selector, status)."""
    if field not in FIELDS:
        raise ValueError(field)
    if not star_id:  # a load that empties the fields is not a user typing without a statement chosen
        return gr.skip(), gr.skip(), (NO_SELECTION if (value or "").strip() else gr.skip())
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
        return save_star_field(ws_id, star_id, field, value)

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
        raise error("Vælg først det udsagn, du vil slette.")
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
    run = gr.Button("Lav STAR-udsagn", variant="primary", elem_id="star-run")
    output = gr.Markdown("", label="Nye STAR-udsagn", elem_id="star-output", buttons=["copy"], line_breaks=True,
                         container=True, padding=True)

    gr.Markdown("## Dine gemte udsagn")
    overview = gr.Markdown("", elem_id="star-list")
    with gr.Row():
        select = gr.Dropdown(label="Vælg et udsagn at redigere", choices=[], value=None, scale=4,
                             elem_id="star-select")
        new = gr.Button("Nyt tomt udsagn", size="md", scale=1, min_width=140, elem_id="star-new")
    boxes = {}
    with gr.Row():
        for name, label in FIELDS.items():
            boxes[name] = gr.Textbox(label=label, lines=3, max_lines=10, max_length=4_000, buttons=["copy"],
                                     min_width=220, elem_id=f"star-{name}")
    with gr.Row():
        favourite = gr.Checkbox(label="Favorit: brug udsagnet i øvesamtalen", value=False, elem_id="star-favourite")
        delete = gr.Button("Slet udsagnet", variant="stop", size="md", min_width=140, elem_id="star-delete")

    selected = gr.State(None)
    editor = [overview, select, selected, *boxes.values(), favourite]
    run.click(run_star, [ctx.ws, notes], [output, *editor, ctx.status], **MODEL_EVENT)
    select.input(select_star, [ctx.ws, select], [selected, *boxes.values(), favourite], **QUIET)
    for name, box in boxes.items():
        box.change(_field_saver(name), [ctx.ws, selected, box], [overview, select, ctx.status], **AUTOSAVE)
    favourite.change(set_favourite, [ctx.ws, selected, favourite], [overview, select, ctx.status], **AUTOSAVE)
    new.click(new_star, [ctx.ws], [*editor, ctx.status], **QUIET)
    delete.click(delete_star, [ctx.ws, selected], [*editor, ctx.status], **QUIET)
    return SimpleNamespace(outputs=[output, *editor], notes=notes, run=run, output=output)
