"""Finished rehearsals as part of the workspace: saved with their transcript, debrief, date and manager; listed
after a reload, reopened (to read or to continue), deleted; the debrief as Markdown, and the agreements it found.

The rehearsal's core (coach.capabilities.rehearse) may save a whole session (``Session.to_dict``/``from_dict``);
where it cannot, a session is rebuilt from the setup and the transcript, so a reopened rehearsal can go on.
"""

from __future__ import annotations

import re

import gradio as gr

from coach.capabilities import rehearse
from coach.errors import CoachError
from coach.store import export
from coach.store.workspace import RehearsalItem, Workspace
from ui.common import problem

NONE_SAVED = "*Du har ingen gemte øvesamtaler i denne MUS endnu. Når du trykker på «Afslut og få feedback», gemmes " \
             "samtalen her.*"
NO_CHOICE = "Vælg først en gemt øvesamtale i listen."
MAIL_FILLED = "*Et udkast til en opfølgningsmail med jeres aftaler ligger nu under «Efter samtalen».*"
MAIL_KEPT = ("*I aftalte noget konkret: under «Efter samtalen» kan du hente et udkast til en opfølgningsmail med "
             "aftalerne («Hent udkast fra seneste øvesamtale»). Din egen tekst i mailfeltet bliver ikke overskrevet.*")
NO_AGREEMENTS = ("*I aftalte ikke noget konkret i øvesamtalen, så appen har ikke lavet en opfølgningsmail. Øv dig i at "
                 "slutte med en klar aftale: hvem gør hvad, og hvornår følger I op?*")


# -- agreements --------------------------------------------------------------------------------------------------------
def _texts(found: list) -> list[str]:
    out = []
    for a in found:
        if isinstance(a, dict):
            if a.get("status", "agreed") != "agreed":
                continue
            a = a.get("text", "")
        if isinstance(a, str) and a.strip():
            out.append(a.strip())
    return out


def real_agreements(debrief: dict, transcript: list[dict] | None = None) -> list[str]:
    """What the rehearsal really agreed: the debrief's own list when the core gives one, else the rules'
    agreement finder on the transcript; an older saved debrief falls back to the agreements its mail lists."""
    if isinstance(debrief.get("agreements"), list):
        return _texts(debrief["agreements"])
    if transcript is not None:
        try:
            from coach.rules import agreements as agreement_rules
        except ImportError:
            agreement_rules = None
        if agreement_rules is not None and hasattr(agreement_rules, "agreed"):
            return _texts([a.model_dump() if hasattr(a, "model_dump") else a for a in agreement_rules.agreed(transcript)])
    mail = debrief.get("follow_up_mail", "")
    if not isinstance(mail, str) or "[det, I aftalte]" in mail:
        return []
    return [line[2:].strip() for line in mail.splitlines() if line.startswith("- ") and line[2:].strip()]


def mail_for(debrief: dict, agreements: list[str]) -> str:
    """The follow-up mail for a rehearsal's agreements: the core's own draft (it lists what is still open too) when
    the debrief has one, else one made from the agreements."""
    mail = debrief.get("follow_up_mail")
    if isinstance(mail, str) and mail.strip() and isinstance(debrief.get("agreements"), list):
        return mail
    return rehearse.follow_up_mail(agreements)


# -- the debrief -----------------------------------------------------------------------------------------------------
def debrief_markdown(result: dict, titles: dict[str, str] | None = None, mail_note: str = "") -> str:
    titles = titles or {}
    lines = ["## Feedback på din øvesamtale", "", result.get("summary", ""), ""]
    for c in result.get("criteria", []):
        title = titles.get(c["id"]) or c.get("title") or c["id"]
        if c.get("verdict") == "none":  # the conversation never came there: no score, not a zero
            lines.append(f"### {title} · ikke relevant i denne samtale")
        else:
            score = int(c.get("score", 0))
            lines.append(f"### {title} · {'●' * score + '○' * (3 - score)} ({score} af 3)")
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
    if mail_note:
        lines += ["", mail_note]
    return "\n".join(lines).strip()


# -- saving, listing, opening ------------------------------------------------------------------------------------------
def item_from(session: rehearse.Session, result: dict, agreements: list[str], saved_id: str | None) -> RehearsalItem:
    """The saved form of a finished rehearsal (criteria carry their titles, so the export needs no rules)."""
    titles = session.titles()
    debrief = dict(result) | {"agreements": agreements,
                              "criteria": [dict(c) | {"title": titles.get(c["id"], c["id"])}
                                           for c in result.get("criteria", [])]}
    whole = session.to_dict() if hasattr(session, "to_dict") else {}
    fields = dict(persona=session.persona.id, persona_name=session.persona.name, setup=session.setup.model_dump(),
                  session=whole, turns=session.transcript(), debrief=debrief)
    return RehearsalItem(id=saved_id, **fields) if saved_id else RehearsalItem(**fields)


def label(item: RehearsalItem) -> str:
    turns = sum(1 for t in item.turns if t.get("role") == "employee")
    return f"{export.when(item.created)} · {item.persona_name or item.persona} · {turns} svar fra dig"


def _score(item: RehearsalItem) -> str:
    criteria = (item.debrief or {}).get("criteria", [])
    if not criteria:
        return ""
    got = sum(int(c.get("score", 0)) for c in criteria)
    return f" · feedback: {got} af {3 * len(criteria)} point"


def _no_list(text: str) -> str:
    """«1. december …» would start a numbered list inside the bullet: the dot is escaped."""
    return _LEADING_NUMBER.sub(r"\1\\.", text)


_LEADING_NUMBER = re.compile(r"^(\d+)\.")


def list_markdown(ws: Workspace) -> str:
    if not ws.rehearsals:
        return NONE_SAVED
    lines = [f"**Dine gemte øvesamtaler ({len(ws.rehearsals)}):**"]
    lines += [f"- {_no_list(label(item))}{_score(item)}" for item in reversed(ws.rehearsals)]
    return "\n".join(lines)


def choices(ws: Workspace) -> list[tuple[str, str]]:
    return [(label(item), item.id) for item in reversed(ws.rehearsals)]


def values(ws: Workspace) -> list:
    """[the list, the selector] for a workspace."""
    picks = choices(ws)
    return [list_markdown(ws), gr.update(choices=picks, value=picks[0][1] if picks else None)]


def find(ws: Workspace, item_id: str | None) -> RehearsalItem:
    item = next((r for r in ws.rehearsals if r.id == item_id), None) if item_id else None
    if item is None:
        raise problem(NO_CHOICE)
    return item


def restore(item: RehearsalItem) -> rehearse.Session:
    """A saved rehearsal as a session that can go on (the core's own format when it has one)."""
    if item.session and hasattr(rehearse.Session, "from_dict"):
        try:
            return rehearse.Session.from_dict(item.session)
        except (CoachError, ValueError, TypeError, KeyError):
            pass  # an older or damaged session: rebuilt from the setup and the transcript below
    fields = set(rehearse.Setup.model_fields)
    setup = rehearse.Setup(**{k: v for k, v in (item.setup or {"persona": item.persona}).items() if k in fields})
    session = rehearse.Session(setup)
    for turn in item.turns:
        role, text = turn.get("role"), str(turn.get("text", ""))
        if role in ("manager", "employee") and text:
            session.turns.append(rehearse.Turn(role=role, text=text, phase=str(turn.get("phase", "opening")),
                                               source="model" if role == "manager" else "user", prompt_text=text))
    return session
