"""Efter samtalen: what you agreed, a follow-up mail to your manager, and the development plan for the year."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach.workspace import PlanItem, Workspace
from ui.common import AUTOSAVE, QUIET, Context, assign, autosave, error, guarded, load, saved_text, update

HEADERS = ["Mål", "Ansvarlig", "Deadline", "Status", "Noter"]
STATUSES = ("ikke startet", "i gang", "færdig", "droppet")
_STATUS_ALIASES = {
    "": "ikke startet", "ikke startet": "ikke startet", "ikke begyndt": "ikke startet", "ny": "ikke startet",
    "i gang": "i gang", "igang": "i gang", "startet": "i gang", "i proces": "i gang",
    "færdig": "færdig", "faerdig": "færdig", "faerdigt": "færdig", "færdigt": "færdig", "klaret": "færdig",
    "done": "færdig", "droppet": "droppet", "opgivet": "droppet", "droppede": "droppet",
}
STATUS_HELP = "Status kan være: *ikke startet*, *i gang*, *færdig* eller *droppet*."

EMPTY_MAIL_HELP = ("Du har ikke afsluttet en øvesamtale i denne MUS endnu. Afslut en under «Øv samtalen», "
                   "eller skriv mailen selv her.")


def plan_rows(ws: Workspace) -> list[list[str]]:
    rows = [[p.goal, p.owner, p.deadline, p.status, p.notes] for p in ws.plan]
    return rows or [["", "", "", "ikke startet", ""]]  # one empty row to write in


def values(ws: Workspace) -> list:
    return [ws.agreements, ws.follow_up_mail, plan_rows(ws), STATUS_HELP]


# -- handlers --------------------------------------------------------------------------------------------------------
@guarded
def save_agreements(ws_id: str | None, text: str | None) -> str:
    return autosave(ws_id, lambda ws: assign(ws, "agreements", text or ""))


@guarded
def save_mail(ws_id: str | None, text: str | None) -> str:
    return autosave(ws_id, lambda ws: assign(ws, "follow_up_mail", text or ""))


def latest_mail(ws: Workspace) -> str:
    for item in reversed(ws.rehearsals):
        mail = (item.debrief or {}).get("follow_up_mail", "")
        if isinstance(mail, str) and mail.strip():
            return mail
    return ""


@guarded
def fill_mail(ws_id: str | None, current: str | None) -> tuple[str, str]:
    """Put the latest rehearsal's draft mail in the field, if the field is empty (nothing typed is replaced)."""
    draft = latest_mail(load(ws_id))
    if not draft:
        raise error(EMPTY_MAIL_HELP)
    if (current or "").strip() and (current or "").strip() != draft.strip():
        raise error("Feltet med mailen er ikke tomt, og appen overskriver ikke det, du har skrevet. "
                    "Kopiér din tekst et andet sted hen, og tøm feltet, hvis du vil have udkastet.")
    ws = update(ws_id, lambda w: setattr(w, "follow_up_mail", draft))
    return draft, saved_text(ws)


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
        note = f"⚠️ Ukendt status {words} er gemt som *ikke startet*. {STATUS_HELP}"

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
        raise error("Der er intet mål at tilføje. Skriv et mål først.")
    ws = update(ws_id, lambda w: w.plan.append(PlanItem(goal=goal)))
    return plan_rows(ws), saved_text(ws)


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Skriv ned, hvad I aftalte, mens du husker det. Send din leder en kort opfølgning, "
                "og brug udviklingsplanen i løbet af året. Alt gemmes automatisk.")
    agreements = gr.Textbox(label="Det aftalte I til samtalen", lines=6, max_lines=30, max_length=20_000,
                            placeholder="Fx: Jeg finder et kursus i projektledelse inden 1. marts. "
                                        "Vi følger op på vores 1:1 i april.", elem_id="after-agreements")
    with gr.Group():
        mail = gr.Textbox(label="Udkast til opfølgningsmail til din leder", lines=12, max_lines=40, max_length=20_000,
                          buttons=["copy"], elem_id="after-mail")
    fill = gr.Button("Hent udkast fra seneste øvesamtale", size="md", elem_id="after-mail-fill")
    gr.Markdown("## Udviklingsplan")
    plan = gr.Dataframe(headers=HEADERS, value=[["", "", "", "ikke startet", ""]], type="array", interactive=True,
                        wrap=True, label="Udviklingsplan: dine mål for året (ret direkte i tabellen)",
                        column_count=len(HEADERS), column_widths=["34%", "13%", "15%", "13%", "25%"],
                        elem_id="after-plan")
    with gr.Row():
        help_md = gr.Markdown(STATUS_HELP, elem_id="after-plan-help")
        add = gr.Button("Tilføj en tom række", size="md", scale=0, min_width=220, elem_id="after-plan-add")

    agreements.change(save_agreements, [ctx.ws, agreements], ctx.status, **AUTOSAVE)
    mail.change(save_mail, [ctx.ws, mail], ctx.status, **AUTOSAVE)
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
