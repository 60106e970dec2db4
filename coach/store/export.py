"""Export a workspace as Markdown and DOCX (readable without the app) and as JSON (importable again)."""

from __future__ import annotations

import io
import json

from pydantic import ValidationError

from coach.errors import InputError
from coach.store.workspace import PREP_SECTIONS, SCHEMA_VERSION, Workspace, new_id

FORMAT = "mus-coach"
MAX_IMPORT_BYTES = 20_000_000

STATUS_TITLES = {"ikke startet": "Ikke startet", "i gang": "I gang", "færdig": "Færdig", "droppet": "Droppet"}


def _sections(ws: Workspace) -> list[tuple[str, list[str]]]:
    """The document as (heading, paragraphs); Markdown and DOCX are both written from this."""
    out: list[tuple[str, list[str]]] = []
    done = sum(i.done for i in ws.checklist)
    out.append((f"Tjekliste ({done} af {len(ws.checklist)} klaret)",
                [f"{'[x]' if i.done else '[ ]'} {i.text}" for i in ws.checklist]))
    for key, title in PREP_SECTIONS.items():
        if ws.prep.get(key, "").strip():
            out.append((title, [ws.prep[key].strip()]))
    if ws.stars:
        items = sorted(ws.stars, key=lambda s: not s.favourite)
        paras = []
        for s in items:
            star = "★ " if s.favourite else ""
            paras.append(f"{star}Situation: {s.situation}\nOpgave: {s.task}\nHandling: {s.action}\nResultat: {s.result}")
        out.append(("Resultater (STAR)", paras))
    if ws.goals:
        out.append(("Mål (SMART)", [f"{g.rewrite or g.goal}" for g in ws.goals]))
    if ws.feedback:
        paras = []
        for f in ws.feedback:
            qs = "\n".join(f"- {x.get('question', '')}" for x in f.findings)
            paras.append(f"Feedback: {f.text}\nLæsning: {f.summary}" + (f"\nSpørgsmål at stille:\n{qs}" if qs else ""))
        out.append(("Feedback og spørgsmål", paras))
    if ws.agreements.strip():
        out.append(("Aftaler fra samtalen", [ws.agreements.strip()]))
    if ws.plan:
        out.append(("Udviklingsplan", [
            f"{p.goal} – ansvarlig: {p.owner or '-'}, deadline: {p.deadline or '-'}, status: {STATUS_TITLES[p.status]}"
            + (f" ({p.notes})" if p.notes else "") for p in ws.plan]))
    if ws.follow_up_mail.strip():
        out.append(("Opfølgningsmail", [ws.follow_up_mail.strip()]))
    return out


def to_markdown(ws: Workspace) -> str:
    lines = [f"# {ws.title}", "", f"Eksporteret fra MUS Coach. Senest ændret {ws.updated[:10]}.", ""]
    for heading, paras in _sections(ws):
        lines += [f"## {heading}", ""]
        for p in paras:
            if p.startswith(("[x]", "[ ]")):
                lines.append(f"- {p}")
            else:
                lines += [p.replace("\n", "  \n"), ""]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_docx(ws: Workspace) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(12)  # readable; many users are dyslexic
    doc.core_properties.title = ws.title
    doc.core_properties.author = ""
    doc.add_heading(ws.title, level=0)
    doc.add_paragraph(f"Eksporteret fra MUS Coach. Senest ændret {ws.updated[:10]}.")
    for heading, paras in _sections(ws):
        doc.add_heading(heading, level=1)
        for p in paras:
            if p.startswith(("[x]", "[ ]")):
                doc.add_paragraph(("☑ " if p.startswith("[x]") else "☐ ") + p[4:], style="List Bullet")
            else:
                doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_json(workspaces: list[Workspace]) -> str:
    return json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION,
                       "workspaces": [json.loads(w.model_dump_json()) for w in workspaces]},
                      ensure_ascii=False, indent=2)


def parse_import(data: bytes, existing_ids: set[str]) -> list[Workspace]:
    """Validate an export file completely before anything is saved; refuse bad or future files clearly."""
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(f"Filen er for stor til at være en MUS Coach-eksport ({len(data) // 1_000_000} MB).")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise InputError("Filen er ikke en gyldig JSON-fil fra MUS Coach.", hint="Intet er ændret.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("workspaces"), list):
        raise InputError("Filen er ikke en eksport fra MUS Coach.", hint="Intet er ændret.")
    version = doc.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InputError(
            f"Filen er lavet af en nyere version af MUS Coach (format {version}), end denne kan læse "
            f"(format {SCHEMA_VERSION}).", hint="Opdatér appen, og prøv igen. Intet er ændret.")
    out: list[Workspace] = []
    try:
        for raw in doc["workspaces"]:
            ws = Workspace.model_validate(raw)
            if ws.id in existing_ids:  # never overwrite: an import is a copy
                ws = ws.model_copy(update={"id": new_id(), "title": f"{ws.title} (importeret)"})
            out.append(ws)
    except ValidationError as exc:
        raise InputError("Filen har et felt, som ikke kan læses, så intet er importeret.",
                         hint=str(exc.errors()[0]["loc"])) from None
    return out
