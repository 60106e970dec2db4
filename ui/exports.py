"""Exports: the open MUS as Word (DOCX) and Markdown (readable without the app) and as JSON (importable again),
and everything as one JSON file. Files are written to the app's private temp dir, never the data dir."""

from __future__ import annotations

import re
import shutil
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from coach import paths
from coach.store import export
from ui.common import QUIET, Context, guarded, load, the_store

KEEP_SECONDS = 3600  # export files older than this are removed at the next export


def file_stem(title: str) -> str:
    """A safe file name from the workspace title: «MUS 2026» -> MUS-2026."""
    stem = re.sub(r"[^0-9A-Za-zÆØÅæøåÄÖÜäöüÉé]+", "-", title or "").strip("-")[:60]
    return stem or "MUS"


def export_dir() -> Path:
    return paths.temp_dir() / "exports"


def clean_old(max_age: float = KEEP_SECONDS) -> None:
    base = export_dir()
    if not base.is_dir():
        return
    cutoff = time.time() - max_age
    for child in base.iterdir():
        try:
            if child.stat().st_mtime < cutoff:
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
        except OSError:
            pass


def write_export(name: str, data: bytes) -> str:
    """Write one export file (0600) in its own folder, so two exports never share a name."""
    clean_old()
    folder = export_dir() / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True, mode=0o700)
    target = folder / name
    paths.write_private(target, data)
    return str(target)


@guarded
def export_docx(ws_id: str | None) -> str:
    ws = load(ws_id)
    return write_export(f"{file_stem(ws.title)}.docx", export.to_docx(ws))


@guarded
def export_markdown(ws_id: str | None) -> str:
    ws = load(ws_id)
    return write_export(f"{file_stem(ws.title)}.md", export.to_markdown(ws).encode("utf-8"))


@guarded
def export_json(ws_id: str | None) -> str:
    ws = load(ws_id)
    return write_export(f"{file_stem(ws.title)}.json", export.to_json([ws]).encode("utf-8"))


@guarded
def export_everything() -> str:
    st = the_store()
    workspaces = [st.get(i) for i, _, _ in st.list()]
    stamp = time.strftime("%Y-%m-%d")
    return write_export(f"MUS-Coach-alt-{stamp}.json", export.to_json(workspaces).encode("utf-8"))


def shown(export_fn):
    """An event handler that shows the (until then hidden) file box with the new export in it."""

    def handler(*args):
        return gr.update(value=export_fn(*args), visible=True)

    handler.__name__ = f"show_{export_fn.__name__}"
    return handler


def build(ctx: Context) -> SimpleNamespace:
    with gr.Accordion("Eksportér denne MUS", open=False, elem_id="export-panel"):
        gr.Markdown("Gem din MUS som en fil. Word- og Markdown-filen kan du læse og printe uden appen. "
                    "JSON-filen kan appen importere igen (under «Privatliv»).")
        with gr.Row():
            docx = gr.Button("Word (.docx)", elem_id="export-docx")
            md = gr.Button("Markdown (.md)", elem_id="export-md")
            js = gr.Button("JSON (til import)", elem_id="export-json")
        out = gr.File(label="Din eksportfil (klik på navnet for at gemme den)", interactive=False, visible=False,
                      height=90, elem_id="export-file")
    docx.click(shown(export_docx), ctx.ws, out, **QUIET)
    md.click(shown(export_markdown), ctx.ws, out, **QUIET)
    js.click(shown(export_json), ctx.ws, out, **QUIET)
    return SimpleNamespace(outputs=[], file=out)
