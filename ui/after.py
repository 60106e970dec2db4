"""Efter samtalen: what you agreed, a follow-up mail to your manager, and the development plan for the year."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.capabilities import rehearse
from coach.store.workspace import PlanItem, Workspace
from ui import rehearsals
from ui.common import (
    AUTOSAVE,
    QUIET,
    Context,
    assign,
    autosave,
    guarded,
    info,
    load,
    not_saved,
    problem,
    saved_text,
    update,
)

HEADERS = ["Mål", "Hvem", "Deadline", "Status", "Noter"]  # short: the table must be readable in a narrow window
STATUSES = ("ikke startet", "i gang", "færdig", "droppet")
_STATUS_ALIASES = {
    "": "ikke startet", "ikke startet": "ikke startet", "ikke begyndt": "ikke startet", "ny": "ikke startet",
    "i gang": "i gang", "igang": "i gang", "startet": "i gang", "i proces": "i gang",
    "færdig": "færdig", "faerdig": "færdig", "faerdigt": "færdig", "færdigt": "færdig", "klaret": "færdig",
    "done": "færdig", "droppet": "droppet", "opgivet": "droppet", "droppede": "droppet",
}
STATUS_HELP = "Status kan være: *ikke startet*, *i gang*, *færdig* eller *droppet*."

TEXT_LIMIT = 20_000  # the agreements and the mail: refused with the numbers above this, never cut short
EMPTY_MAIL_HELP = ("Du har ikke afsluttet en øvesamtale i denne MUS endnu. Afslut en under «Øv samtalen», "
                   "eller skriv mailen selv her.")
NO_REHEARSAL_AGREEMENTS = ("I din seneste øvesamtale aftalte I ikke noget konkret, så der er ingen aftaler at "
                           "sætte i en mail. Skriv jeres rigtige aftaler i feltet «Det aftalte I til samtalen», og "
                           "tryk på «Lav mail ud fra aftalerne».")
NO_AGREEMENTS = ("Skriv først jeres aftaler i feltet «Det aftalte I til samtalen». "
                 "Så laver appen en mail ud fra dem.")
# A draft never replaces what you wrote in the mail field: it goes below your text, after this line.
MAIL_SEPARATOR = "\n\n———— Nyt udkast fra appen ————\n\n"


def plan_rows(ws: Workspace) -> list[list[str]]:
    rows = [[p.goal, p.owner, p.deadline, p.status, p.notes] for p in ws.plan]
    return rows or [["", "", "", "ikke startet", ""]]  # one empty row to write in


def values(ws: Workspace) -> list:
    return [ws.agreements, ws.follow_up_mail, plan_rows(ws), STATUS_HELP]


# -- handlers --------------------------------------------------------------------------------------------------------
@guarded
def save_agreements(ws_id: str | None, text: str | None) -> str:
    return not_saved(text, TEXT_LIMIT) or autosave(ws_id, lambda ws: assign(ws, "agreements", text or ""))


@guarded
def save_mail(ws_id: str | None, text: str | None) -> str:
    return not_saved(text, TEXT_LIMIT) or autosave(ws_id, lambda ws: assign(ws, "follow_up_mail", text or ""))


def latest_mail(ws: Workspace) -> str:
    """A mail from the latest rehearsal's agreements; raises a Danish warning when there is no rehearsal, or when
    nothing concrete was agreed in it (a mail is only ever made from real agreements)."""
    if not ws.rehearsals:
        raise problem(EMPTY_MAIL_HELP)
    debrief = ws.rehearsals[-1].debrief or {}
    agreements = rehearsals.real_agreements(debrief)
    if not agreements:
        raise problem(NO_REHEARSAL_AGREEMENTS)
    return rehearsals.mail_for(debrief, agreements)


def with_draft(current: str | None, draft: str) -> tuple[str | None, str]:
    """Where a draft mail goes: into an empty field, or below what you wrote (never over it).

    Returns (the new field text, or None if the draft is already there; a note for the user)."""
    mine = (current or "").rstrip()
    if not mine.strip():
        return draft, "Udkastet står nu i feltet. Ret det til, før du sender det."
    if draft.strip() in mine:
        return None, "Udkastet står allerede i feltet med mailen."
    return (mine + MAIL_SEPARATOR + draft,
            "Du havde allerede skrevet i feltet, så udkastet er sat ind under din tekst. Slet det, du ikke vil bruge.")


def _put_mail(ws_id: str | None, current: str | None, draft: str) -> tuple:
    text, note = with_draft(current, draft)
    info(note)
    if text is None:
        return gr.skip(), gr.skip()
    ws = update(ws_id, lambda w: setattr(w, "follow_up_mail", text))
    return text, saved_text(ws)


@guarded
def fill_mail(ws_id: str | None, current: str | None) -> tuple:
    """The latest rehearsal's draft mail: into the field if it is empty, else below your text. Returns (mail,
    status)."""
    return _put_mail(ws_id, current, latest_mail(load(ws_id)))


@guarded
def mail_from_agreements(ws_id: str | None, agreements: str | None, current: str | None) -> tuple:
    """A follow-up mail drafted from what you wrote under «Det aftalte I til samtalen»: into the field if it is
    empty, else below your text. Returns (mail, status)."""
    if not (agreements or "").strip():
        raise problem(NO_AGREEMENTS)
    if (refused := guard.text_problem(agreements, TEXT_LIMIT)) is not None:
        raise refused
    load(ws_id)
    return _put_mail(ws_id, current, rehearse.follow_up_mail(agreements))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from an empty numeric cell
        return ""
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def parse_rows(rows) -> tuple[list[list[str]], list[str]]:
    """Table rows as clean text; unknown status words are reported (and saved as 'ikke startet')."""
    if rows is None:
        return [], []
    if hasattr(rows, "values") and hasattr(rows, "columns"):  # a pandas DataFrame
        rows = rows.values.tolist()
    clean, unknown = [], []
    for row in rows:
        cells = [_cell(c) for c in list(row)[: len(HEADERS)]]
        cells += [""] * (len(HEADERS) - len(cells))
        if not any(cells[i] for i in (0, 1, 2, 4)):
            continue  # an empty row (the status alone does not make a plan item)
        status = _STATUS_ALIASES.get(cells[3].lower())
        if status is None:
            unknown.append(cells[3])
            status = "ikke startet"
        cells[3] = status
        clean.append(cells)
    return clean, unknown


@guarded
def save_plan(ws_id: str | None, rows) -> tuple:
    """Save the edited plan table; returns (help text, status). Unchanged tables are not saved again."""
    clean, unknown = parse_rows(rows)
    note = STATUS_HELP
    if unknown:
        words = ", ".join(f"«{u}»" for u in dict.fromkeys(unknown))
        note = f"⚠ Ukendt status {words} er gemt som *ikke startet*. {STATUS_HELP}"

    def change(ws: Workspace) -> bool:
        if [[p.goal, p.owner, p.deadline, p.status, p.notes] for p in ws.plan] == clean:
            return False  # a load, or an edit that changed nothing
        old = ws.plan
        ws.plan = [
            PlanItem(**({"id": old[i].id} if i < len(old) else {}), goal=c[0], owner=c[1], deadline=c[2],
                     status=c[3], notes=c[4])
            for i, c in enumerate(clean)
        ]
        return True

    return note, autosave(ws_id, change)


@guarded
def add_plan_item(ws_id: str | None, text: str) -> tuple[list[list[str]], str]:
    """Add a goal to the development plan; returns (table rows, status)."""
    goal = " ".join((text or "").split())
    if not goal:
        raise problem("Der er intet mål at tilføje. Skriv et mål først.")
    ws = update(ws_id, lambda w: w.plan.append(PlanItem(goal=goal)))
    return plan_rows(ws), saved_text(ws)


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Skriv ned, hvad I aftalte, mens du husker det. Send din leder en kort opfølgning, "
                "og brug udviklingsplanen i løbet af året. Alt gemmes automatisk.")
    agreements = gr.Textbox(label="Det aftalte I til samtalen", lines=6, max_lines=30,
                            placeholder="Fx: Jeg finder et kursus i projektledelse inden 1. marts. "
                                        "Vi følger op på vores 1:1 i april.", elem_id="after-agreements")
    gr.Markdown("Et udkast kommer i feltet nedenfor. Har du allerede skrevet noget dér, sættes udkastet ind under "
                "din tekst – intet bliver overskrevet.", elem_classes=["hint"])
    with gr.Row(elem_classes=["button-row"]):
        from_agreements = gr.Button("Lav mail ud fra aftalerne", size="md", min_width=200,
                                    elem_id="after-mail-from-agreements")
        fill = gr.Button("Hent udkast fra seneste øvesamtale", size="md", min_width=200, elem_id="after-mail-fill")
    mail = gr.Textbox(label="Udkast til opfølgningsmail til din leder", lines=12, max_lines=40, buttons=["copy"],
                      elem_id="after-mail")
    gr.Markdown("## Udviklingsplan")
    plan = gr.Dataframe(headers=HEADERS, value=[["", "", "", "ikke startet", ""]], type="array", interactive=True,
                        wrap=True, label="Dine mål for året (ret direkte i tabellen)",
                        column_count=len(HEADERS), column_widths=["34%", "12%", "15%", "14%", "25%"],
                        elem_id="after-plan")
    with gr.Row(elem_id="after-plan-bar"):
        help_md = gr.Markdown(STATUS_HELP, min_width=280, elem_id="after-plan-help")
        add = gr.Button("Tilføj en tom række", size="md", scale=0, min_width=220, elem_id="after-plan-add")

    agreements.change(save_agreements, [ctx.ws, agreements], ctx.status, **AUTOSAVE)
    mail.change(save_mail, [ctx.ws, mail], ctx.status, **AUTOSAVE)
    from_agreements.click(mail_from_agreements, [ctx.ws, agreements, mail], [mail, ctx.status], **QUIET)
    fill.click(fill_mail, [ctx.ws, mail], [mail, ctx.status], **QUIET)
    plan.change(save_plan, [ctx.ws, plan], [help_md, ctx.status], **AUTOSAVE)
    add.click(add_empty_row, [plan], [plan], **QUIET)
    return SimpleNamespace(outputs=[agreements, mail, plan, help_md], plan=plan, mail=mail)


def add_empty_row(rows) -> list[list[str]]:
    """A new empty row at the end of the table (saved once something is written in it)."""
    if hasattr(rows, "values") and hasattr(rows, "columns"):
        rows = rows.values.tolist()
    rows = [list(r) for r in (rows or [])]
    return rows + [["", "", "", "ikke startet", ""]]
