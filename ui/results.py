"""Resultater: rough notes become STAR statements; each is kept in the workspace, can be edited, marked as a
favourite (used in the rehearsal) or deleted."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.capabilities import star
from coach.rules import notes as note_rules
from coach.store.workspace import StarItem, Workspace
from ui.common import (
    AUTOSAVE,
    INSTANT,
    QUIET,
    Context,
    assign,
    autosave,
    clear,
    draft,
    failed_text,
    guarded,
    load,
    model_event,
    not_saved,
    problem,
    progress_line,
    save_draft,
    saved_text,
    short,
    stop,
    update,
)
from ui.jobs import Job, attempt_text, common_phase

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
NOTES_LIMIT = star.CAPABILITY.max_chars  # the core's limit; the box itself never cuts a paste short
FIELD_LIMIT = 4_000
NOTES_INFO = f"Højst {guard.thousands(NOTES_LIMIT)} tegn."
FINDING = "Finder situation, opgave, handling og resultat i dine noter …"
CHECKING = "Tjekker forslaget mod dine noter …"
# An internal validator message that must never reach the user (older cores wrote it into the warnings).
_INTERNAL = ("Modellens forslag holdt ikke (",)
FALLBACK_NOTE = ("Modellens forslag holdt sig ikke præcist til dine noter, så her er appens eget udkast, bygget "
                 "direkte på dem.")


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
    parts += [f"> {w}" for w in user_warnings(statement.warnings)]
    return "\n\n".join(parts)


def user_warnings(warnings: list[str]) -> list[str]:
    """The statement's notes for the user, with any internal validator wording replaced by plain words."""
    out = [FALLBACK_NOTE if w.startswith(_INTERNAL) else w for w in warnings]
    return list(dict.fromkeys(out))


def new_markdown(results: list[tuple[star.StarStatement, object]], note: str = "") -> str:
    parts = [note] if note else []
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
def progress_text(watch, items: int) -> str:
    """What the STAR run is doing right now, in Danish."""
    if (text := common_phase(watch)) is not None:
        return text
    if watch.phase == "writing":
        return attempt_text(watch, "udsagn" if items > 1 else "dit STAR-udsagn", items)
    return CHECKING if watch.phase == "checking" else FINDING


def _same_notes(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def _replace(ws: Workspace, notes: str, items: list[StarItem]) -> tuple[int, int]:
    """Put the new statements in; the earlier ones from the same notes go, unless you edited or starred them.

    Returns (replaced, kept)."""
    earlier = [s for s in ws.stars if _same_notes(s.notes, notes)]
    kept = [s for s in earlier if s.edited or s.favourite]
    gone = {s.id for s in earlier} - {s.id for s in kept}
    ws.stars = [s for s in ws.stars if s.id not in gone] + items
    return len(gone), len(kept)


def replaced_note(replaced: int, kept: int) -> str:
    parts = []
    if replaced:
        parts.append(f"Du havde allerede lavet {'et udsagn' if replaced == 1 else f'{replaced} udsagn'} ud fra de "
                     "samme noter. De nye erstatter dem, så du ikke får dem to gange.")
    if kept:
        parts.append(f"{'Det udsagn' if kept == 1 else f'De {kept} udsagn'}, du selv har rettet eller gjort til "
                     "favorit, er bevaret.")
    return " ".join(parts)


@guarded
def run_star(ws_id: str | None, notes: str | None, request: gr.Request = None):
    """Notes -> STAR statements, saved to the workspace (a new run on the same notes replaces the earlier ones).

    Yields [progress, output, *editor values, status]: first what is happening, then the result. Empty, too long,
    binary or garbled notes: a Danish warning before any model work, and nothing changes on the page."""
    cleaned = guard.check(notes, what=star.CAPABILITY.what, max_chars=NOTES_LIMIT)
    load(ws_id)  # a clear message before any model work if the workspace is not open
    items_count = len(note_rules.split_experiences(cleaned) or [cleaned])
    job = Job(request, lambda backend, cancel: star.run(notes or "", backend, cancel=cancel))
    for watch in job.progress():
        yield [progress_text(watch, items_count), *[gr.skip()] * 10]
    if job.closed:
        return  # the tab is gone: nothing to show, nothing saved from an unfinished run
    results = job.result
    items = [StarItem(notes=notes or "", **{name: getattr(s, name) for name in FIELDS}) for s, _ in results]
    counts: dict = {}
    try:
        ws = update(ws_id, lambda w: counts.update(zip(("replaced", "kept"), _replace(w, notes or "", items))))
    except Exception as exc:  # the result is still shown, and the notes are still in the box
        yield ["", new_markdown(results), *[gr.skip()] * 8, failed_text(exc)]
        return
    output = new_markdown(results, replaced_note(counts["replaced"], counts["kept"]))
    yield ["", output, *editor_values(ws, items[0].id), saved_text(ws)]


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
        changed = False
        for item in ws.stars:
            if item.id == star_id and assign(item, field, value or ""):
                item.edited = changed = True  # yours now: a new run on the same notes never replaces it
        return changed

    if (refused := not_saved(value, FIELD_LIMIT)) is not None:
        return gr.skip(), gr.skip(), refused
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
    notes = gr.Textbox(label="Dine noter om en eller flere oplevelser", lines=6, max_lines=20,
                       info=NOTES_INFO,
                       placeholder="Fx: Overtog køen i foråret, da to var syge. Lavede ny vagtplan. "
                                   "Ventetid ned fra 14 til 9 dage.", elem_id="star-notes")
    gr.Examples(EXAMPLES, notes, label="Eksempler, du kan prøve", api_visibility="private")
    with gr.Row(elem_classes=["run-row"]):
        run = gr.Button("Lav STAR-udsagn", variant="primary", scale=4, elem_id="star-run")
        halt = gr.Button("Stop", variant="stop", scale=1, min_width=100, elem_id="star-stop")
    progress = progress_line("star-progress")
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
            boxes[name] = gr.Textbox(label=label, lines=3, max_lines=10, buttons=["copy"],
                                     min_width=220, elem_id=f"star-{name}")
    with gr.Row():
        favourite = gr.Checkbox(label="Favorit: brug udsagnet i øvesamtalen", value=False, min_width=260,
                                elem_id="star-favourite")
        delete = gr.Button("Slet udsagnet", variant="stop", size="md", min_width=140, elem_id="star-delete")

    selected = gr.State(None)
    editor = [overview, select, selected, *boxes.values(), favourite]
    run.click(run_star, [ctx.ws, notes], [progress, output, *editor, ctx.status], **model_event(progress)).then(
        clear, None, progress, **INSTANT)  # also after a failure: the progress line never sticks
    halt.click(stop, None, None, **INSTANT)
    notes.change(save_notes, [ctx.ws, notes], ctx.status, **AUTOSAVE)
    notes.change(notes_info, notes, notes, **INSTANT)  # only the info line changes, never what you typed
    select.input(select_star, [ctx.ws, select], [selected, *boxes.values(), favourite], **QUIET)
    for name, box in boxes.items():
        box.change(_field_saver(name), [ctx.ws, selected, box], [overview, select, ctx.status], **AUTOSAVE)
        box.input(typed_without_selection, [selected, box], ctx.status, **INSTANT)
    # a checkbox has no paste: .input (a click) is enough, and a load never saves or explains anything
    favourite.input(set_favourite, [ctx.ws, selected, favourite], [overview, select, ctx.status], **AUTOSAVE)
    new.click(new_star, [ctx.ws], [*editor, ctx.status], **QUIET)
    delete.click(delete_star, [ctx.ws, selected], [*editor, ctx.status], **QUIET)
    return SimpleNamespace(outputs=[notes, output, *editor], notes=notes, run=run, output=output, stop=halt,
                           progress=progress)


@guarded
def save_notes(ws_id: str | None, notes: str | None):
    """The notes you are still writing are kept in the workspace (restored when it opens)."""
    return save_draft(ws_id, DRAFT, notes, NOTES_LIMIT)


def notes_info(notes: str | None) -> dict:
    """The line under the notes' label: the limit, or why the notes cannot be saved or used as they are (right by
    the field, where a long paste happens)."""
    refused = guard.text_problem(notes or "", NOTES_LIMIT)
    return gr.update(info=f"⚠ {refused.message} Noterne er ikke gemt." if refused else NOTES_INFO)
