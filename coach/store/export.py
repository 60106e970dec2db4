"""Export a workspace as Markdown and DOCX (readable without the app) and as JSON (importable again)."""

from __future__ import annotations

import io
import json
from datetime import datetime

from pydantic import ValidationError

from coach.errors import InputError
from coach.store.workspace import PREP_SECTIONS, SCHEMA_VERSION, RehearsalItem, Workspace, new_id

FORMAT = "mus-coach"
MAX_IMPORT_BYTES = 20_000_000

STATUS_TITLES = {"ikke startet": "Ikke startet", "i gang": "I gang", "færdig": "Færdig", "droppet": "Droppet"}
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
SPEAKERS = {"manager": "Leder", "employee": "Dig"}

# The document is a list of blocks, written to Markdown and DOCX alike:
# ("h2", heading) · ("h3", heading) · ("p", paragraph, lines kept) · ("check", "[x] text") · ("line", speaker, text)
Block = tuple


def when(iso: str) -> str:
    """An ISO timestamp as Danish local time: «1. december 2026 kl. 14:03»."""
    try:
        t = datetime.fromisoformat(iso).astimezone()
    except (TypeError, ValueError):
        return str(iso)[:10]
    return f"{t.day}. {MONTHS[t.month - 1]} {t.year} kl. {t:%H:%M}"


def rehearsal_title(item: RehearsalItem) -> str:
    """«Øvesamtale 1. december 2026 kl. 14:03 med Den travle leder»."""
    return f"Øvesamtale {when(item.created)} med {item.persona_name or item.persona or 'en leder'}"


def rehearsal_blocks(item: RehearsalItem) -> list[Block]:
    """One rehearsal: the conversation, then the feedback (summary and each criterion)."""
    out: list[Block] = [("h3", rehearsal_title(item))]
    for turn in item.turns:
        text = str(turn.get("text", "")).strip()
        if text:
            out.append(("line", SPEAKERS.get(turn.get("role"), "?"), text))
    debrief = item.debrief or {}
    if debrief.get("summary"):
        out.append(("p", f"Feedback: {debrief['summary']}"))
    for c in debrief.get("criteria", []):
        title = c.get("title") or str(c.get("id", "")).replace("_", " ")
        out.append(("p", f"{title}: {c.get('score', 0)} af 3. {c.get('advice', '')}".strip()))
    return out


def _blocks(ws: Workspace) -> list[Block]:
    """The whole document; Markdown and DOCX are both written from this."""
    out: list[Block] = []
    done = sum(i.done for i in ws.checklist)
    out.append(("h2", f"Tjekliste ({done} af {len(ws.checklist)} klaret)"))
    out += [("check", f"{'[x]' if i.done else '[ ]'} {i.text}") for i in ws.checklist]
    for key, title in PREP_SECTIONS.items():
        if ws.prep.get(key, "").strip():
            out += [("h2", title), ("p", ws.prep[key].strip())]
    if ws.stars:
        out.append(("h2", "Resultater (STAR)"))
        for s in sorted(ws.stars, key=lambda s: not s.favourite):
            star = "★ " if s.favourite else ""
            out.append(("p", f"{star}Situation: {s.situation}\nOpgave: {s.task}\nHandling: {s.action}\n"
                             f"Resultat: {s.result}"))
    if ws.goals:
        out.append(("h2", "Mål (SMART)"))
        out += [("p", g.rewrite or g.goal) for g in ws.goals]
    if ws.feedback:
        out.append(("h2", "Feedback og spørgsmål"))
        for f in ws.feedback:
            qs = "\n".join(f"- {x.get('question', '')}" for x in f.findings)
            questions = f"\nSpørgsmål at stille:\n{qs}" if qs else ""
            out.append(("p", f"Feedback: {f.text}\nLæsning: {f.summary}{questions}"))
    if ws.rehearsals:
        out.append(("h2", f"Øvesamtaler ({len(ws.rehearsals)})"))
        for item in ws.rehearsals:
            out += rehearsal_blocks(item)
    if ws.agreements.strip():
        out += [("h2", "Aftaler fra samtalen"), ("p", ws.agreements.strip())]
    if ws.plan:
        out.append(("h2", "Udviklingsplan"))
        out += [("p", f"{p.goal} – ansvarlig: {p.owner or '-'}, deadline: {p.deadline or '-'}, status: "
                      f"{STATUS_TITLES[p.status]}" + (f" ({p.notes})" if p.notes else "")) for p in ws.plan]
    if ws.follow_up_mail.strip():
        out += [("h2", "Opfølgningsmail"), ("p", ws.follow_up_mail.strip())]
    return out


def to_markdown(ws: Workspace) -> str:
    lines = [f"# {ws.title}", "", f"Eksporteret fra MUS Coach. Senest ændret {ws.updated[:10]}.", ""]
    for block in _blocks(ws):
        kind, text = block[0], block[1]
        if kind == "h2":
            lines += ["", f"## {text}", ""]
        elif kind == "h3":
            lines += [f"### {text}", ""]
        elif kind == "check":
            lines.append(f"- {text}")
        elif kind == "line":
            lines += [f"**{text}:** {block[2]}".replace("\n", "  \n"), ""]
        else:
            lines += [text.replace("\n", "  \n"), ""]
    return "\n".join(lines).replace("\n\n\n", "\n\n").rstrip() + "\n"


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
    for block in _blocks(ws):
        kind, text = block[0], block[1]
        if kind in ("h2", "h3"):
            doc.add_heading(text, level=1 if kind == "h2" else 2)
        elif kind == "check":
            doc.add_paragraph(("☑ " if text.startswith("[x]") else "☐ ") + text[4:], style="List Bullet")
        elif kind == "line":
            para = doc.add_paragraph()
            para.add_run(f"{text}: ").bold = True
            para.add_run(block[2])
        else:
            doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_json(workspaces: list[Workspace]) -> str:
    return json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION,
                       "workspaces": [json.loads(w.model_dump_json()) for w in workspaces]},
                      ensure_ascii=False, indent=2)


def parse_import(data: bytes, existing_ids: set[str]) -> list[Workspace]:
    """Validate an export file completely before anything is saved; refuse bad or future files clearly.

    Files from every earlier schema version are read (the workspace upgrades them as it validates)."""
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
