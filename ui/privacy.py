"""Privatliv: what is stored where, export everything, import a JSON export (nothing changes unless the whole file is
valid), and delete one MUS or everything (with a confirmation step)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from coach import paths, settings
from coach.store import export
from ui import exports, workspaces
from ui.common import QUIET, Context, guarded, load, problem, the_store

MAX_IMPORT_BYTES = 2 * 1024 * 1024
CONFIRM_WORD = "SLET"


def where_markdown() -> str:
    st = the_store()
    return "\n".join([
        "**Dine data bliver på din computer.** Appen kører kun på din egen maskine (127.0.0.1), sender ingen statistik "
        "og gemmer intet i browseren. Det eneste, der hentes fra internettet, er en model, hvis du selv beder om det. "
        "Vælger og bekræfter du en modelserver på en anden maskine (under *Model*), sendes det, du beder om hjælp "
        "til, dertil; appen viser det da øverst.",
        "",
        f"- **Dine MUS'er** (noter, udsagn, mål, øvesamtaler, planer): `{st.path}`",
        f"- **Modeller:** `{paths.models_dir()}`",
        f"- **Midlertidige filer** (eksport og upload, ryddes op efter en time): `{paths.temp_dir()}`",
        "",
        "Mapperne kan kun læses af din egen brugerkonto.",
    ])


def recovered_markdown() -> str:
    aside = the_store().recovered_from
    if not aside:
        return ""
    return (f"⚠ **Din gemte fil var beskadiget**, så appen er startet med en tom fil. Den gamle fil er ikke slettet, "
            f"men lagt til side her: `{aside}`. Har du en JSON-eksport, kan du importere den under «Privatliv».")


def recovered_update():
    text = recovered_markdown()
    return gr.update(value=text, visible=bool(text))


# -- import ------------------------------------------------------------------------------------------------------------
def _read_upload(upload) -> bytes:
    if upload is None:
        raise problem("Vælg først en JSON-fil, der er eksporteret fra MUS Coach.")
    if isinstance(upload, bytes):
        data = upload
    else:
        path = Path(getattr(upload, "name", None) or str(upload))
        if path.suffix.lower() != ".json":
            raise problem("Filen skal være en JSON-fil (.json), eksporteret fra MUS Coach. Intet er ændret.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise problem("Filen er større end 2 MB og kan ikke være en eksport fra MUS Coach. Intet er ændret.")
        data = path.read_bytes()
    if len(data) > MAX_IMPORT_BYTES:
        raise problem("Filen er større end 2 MB og kan ikke være en eksport fra MUS Coach. Intet er ændret.")
    return data


@guarded
def import_file(upload) -> list:
    """Import every workspace in an export file (as copies, never over existing ones) and open the first.

    Returns [*open values, import message]. A bad file raises a Danish error; nothing is saved."""
    data = _read_upload(upload)
    st = the_store()
    existing = {i for i, _, _ in st.list()}
    imported = export.parse_import(data, existing)  # validates the whole file before anything is saved
    if not imported:
        raise problem("Filen indeholder ingen MUS'er. Intet er ændret.")
    saved = [st.save(ws) for ws in imported]
    workspaces.remember(saved[0].id)
    names = ", ".join(f"«{ws.title}»" for ws in saved)
    message = f"✓ Importeret: {names}." if len(saved) > 1 else f"✓ Importeret: {names}. Den er åbnet nu."
    return [*workspaces.open_values(saved[0]), message]


# -- delete ------------------------------------------------------------------------------------------------------------
def ask_delete(kind: str, ws_id: str | None = None) -> list:
    """Show the confirmation step; returns [confirm group, question, pending kind, confirm text cleared]."""
    if kind == "one":
        title = load(ws_id).title if ws_id else "den åbne MUS"
        question = (f"**Vil du slette «{title}»?** Alt i den – noter, udsagn, mål, øvesamtaler og plan – "
                    "slettes fra din computer og kan ikke gendannes.")
    else:
        question = ("**Vil du slette alle dine data?** Alle MUS'er og eksportfiler slettes fra din "
                    "computer og kan ikke gendannes. Hentede modeller bliver liggende (de indeholder intet om dig).")
    return [gr.update(visible=True), question + f"\n\nSkriv **{CONFIRM_WORD}** i feltet for at bekræfte.", kind, ""]


@guarded
def ask_delete_one(ws_id: str | None) -> list:
    return ask_delete("one", ws_id)


def ask_delete_all() -> list:
    return ask_delete("all")


def cancel_delete() -> list:
    return [gr.update(visible=False), "", None, ""]


@guarded
def confirm_delete(ws_id: str | None, kind: str | None, confirm: str | None) -> list:
    """Delete after the word is typed. Returns [*open values, message, confirm group, pending, confirm text]."""
    if (confirm or "").strip().upper() != CONFIRM_WORD:
        raise problem(f"Skriv {CONFIRM_WORD} i feltet for at bekræfte. Intet er slettet.")
    st = the_store()
    if kind == "one":
        title = load(ws_id).title
        st.delete(ws_id)
        ws = workspaces.open_other_or_new(exclude=ws_id)
        message = f"«{title}» er slettet."
    elif kind == "all":
        st.delete_everything()
        shutil.rmtree(exports.export_dir(), ignore_errors=True)
        settings.forget_secrets()
        ws = workspaces.open_other_or_new()
        message = ("Alle dine data er slettet, også gemte API-nøgler til modelservere. Appen er startet forfra "
                   "med en tom MUS.")
    else:
        raise problem("Tryk først på en af slet-knapperne.")
    return [*workspaces.open_values(ws), message, gr.update(visible=False), None, ""]


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown(where_markdown(), elem_id="privacy-where")
    gr.Markdown("## Eksportér alt")
    with gr.Row():
        everything = gr.Button("Eksportér alle mine MUS'er (JSON)", elem_id="privacy-export-all")
        out = gr.File(label="Din eksportfil (klik på navnet for at gemme den)", interactive=False, visible=False,
                      height=90, elem_id="privacy-export-file")
    gr.Markdown("## Importér\nVælg en JSON-fil, som MUS Coach har eksporteret (højst 2 MB). Det importerede lægges "
                "ved siden af det, du har i forvejen – intet bliver overskrevet. Er filen ikke i orden, ændres intet.")
    upload = gr.UploadButton("Vælg en JSON-fil og importér den …", file_types=[".json"], file_count="single",
                             type="filepath", elem_id="privacy-import-file")
    message = gr.Markdown("", elem_id="privacy-message")
    gr.Markdown("## Slet")
    with gr.Row():
        one = gr.Button("Slet den åbne MUS …", variant="stop", elem_id="privacy-delete-one")
        every = gr.Button("Slet alle mine data …", variant="stop", elem_id="privacy-delete-all")
    pending = gr.State(None)
    with gr.Group(visible=False, elem_id="privacy-confirm") as confirm_box:
        question = gr.Markdown("", padding=True)
        confirm = gr.Textbox(label=f"Skriv {CONFIRM_WORD} for at bekræfte",
                             elem_id="privacy-confirm-text")
        with gr.Row():
            yes = gr.Button("Slet nu", variant="stop", elem_id="privacy-delete-confirm")
            no = gr.Button("Fortryd", elem_id="privacy-delete-cancel")

    everything.click(exports.shown(exports.export_everything), None, out, **QUIET)
    one.click(ask_delete_one, ctx.ws, [confirm_box, question, pending, confirm], **QUIET)
    every.click(ask_delete_all, None, [confirm_box, question, pending, confirm], **QUIET)
    no.click(cancel_delete, None, [confirm_box, question, pending, confirm], **QUIET)
    return SimpleNamespace(upload=upload, message=message, yes=yes, confirm=confirm,
                           confirm_box=confirm_box, pending=pending)


def wire(ctx: Context, view: SimpleNamespace, workspace_outputs: list) -> None:
    """Import and delete change which workspace is open, so they update every tab."""
    view.upload.upload(import_file, view.upload, [*workspace_outputs, view.message], **QUIET)
    view.yes.click(confirm_delete, [ctx.ws, view.pending, view.confirm],
                   [*workspace_outputs, view.message, view.confirm_box, view.pending, view.confirm], **QUIET)
