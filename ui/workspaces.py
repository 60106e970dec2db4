"""One workspace per MUS: open the last used one, switch, create, rename, and the values of every tab for one
workspace (in the order the shell lists the tabs' output components)."""

from __future__ import annotations

from datetime import datetime

import gradio as gr

from coach import settings
from coach.store.workspace import Workspace
from ui import after, feedback, goals, prep, rehearse, results
from ui.common import checked, guarded, load, problem, saved_text, the_store, update

# Tabs whose content belongs to the workspace, in the order of the shell's outputs.
SECTIONS = (prep, results, goals, feedback, rehearse, after)
TITLE_LIMIT = 120  # a longer name is refused with the numbers, never cut short
MONTHS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


def default_title() -> str:
    return f"MUS {datetime.now().year}"


def choices() -> list[tuple[str, str]]:
    """(label, id) for the selector, newest first; equal titles get their date so they can be told apart."""
    rows = the_store().list()
    titles = [t for _, t, _ in rows]
    out = []
    for ws_id, title, updated in rows:
        label = title if titles.count(title) == 1 else f"{title} ({_when(updated)})"
        out.append((label, ws_id))
    return out


def _when(iso: str) -> str:
    try:
        t = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso[:10]
    return f"{t.day}. {MONTHS[t.month - 1]} {t.year} kl. {t:%H:%M}"


def opened_text(ws: Workspace) -> str:
    try:
        same_day = datetime.fromisoformat(ws.updated).astimezone().date() == datetime.now().date()
    except ValueError:
        same_day = False
    return saved_text(ws) if same_day else f"Sidst gemt {_when(ws.updated)}"


def remember(ws_id: str) -> None:
    """The last used workspace opens at the next start (kept in the user's settings file)."""
    try:
        settings.write(last_workspace=ws_id)
    except OSError:
        pass  # not worth an error: the newest workspace opens instead


def last_used() -> str | None:
    value = settings.read().get("last_workspace")
    return value if isinstance(value, str) else None


def open_values(ws: Workspace, status: str | None = None) -> list:
    """[workspace id, selector, save status, *every tab's values] for one workspace."""
    out = [ws.id, gr.update(choices=choices(), value=ws.id), status or opened_text(ws)]
    for section in SECTIONS:
        out += section.values(ws)
    return out


def pick_start() -> Workspace:
    st = the_store()
    ids = [i for i, _, _ in st.list()]
    if not ids:
        return st.create(default_title())
    wanted = last_used()
    return st.get(wanted if wanted in ids else ids[0])


@guarded
def open_start() -> list:
    ws = pick_start()
    remember(ws.id)
    return open_values(ws)


@guarded
def switch(ws_id: str | None) -> list:
    ws = load(ws_id)
    remember(ws.id)
    return open_values(ws)


@guarded
def create(title: str | None) -> list:
    """A new, empty MUS; returns [*open values, title box cleared]."""
    name = checked(title, TITLE_LIMIT) or default_title()
    ws = the_store().create(name)
    remember(ws.id)
    return [*open_values(ws, f"{saved_text(ws)} · «{ws.title}» er oprettet."), ""]


@guarded
def rename(ws_id: str | None, title: str | None) -> list:
    """Give the open MUS a new name; returns [selector, status, title box cleared]."""
    name = checked(title, TITLE_LIMIT)
    if not name:
        raise problem("Skriv det nye navn i feltet «Navn», og tryk så på «Omdøb».")
    ws = update(ws_id, lambda w: setattr(w, "title", name))
    return [gr.update(choices=choices(), value=ws.id), f"{saved_text(ws)} · Omdøbt til «{ws.title}».", ""]


def open_other_or_new(exclude: str | None = None) -> Workspace:
    st = the_store()
    ids = [i for i, _, _ in st.list() if i != exclude]
    ws = st.get(ids[0]) if ids else st.create(default_title())
    remember(ws.id)
    return ws
