"""Forberedelse: the checklist and one text field per preparation section (autosaved on every change)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach.store.workspace import PREP_SECTIONS, Workspace
from ui.common import AUTOSAVE, Context, assign, autosave, guarded, not_saved

TEXT_LIMIT = 20_000  # per section: refused with the numbers above this, never cut short

PLACEHOLDERS = {
    "year": "Fx: Overtog kundeservice-køen i foråret, fik ventetiden ned. Svært: sygdom i teamet i efteråret.",
    "wellbeing": "Fx: Hvad giver dig energi, og hvad dræner dig? Hvordan fungerer samarbejdet?",
    "development": "Fx: Jeg vil gerne lære projektledelse og på sigt lede mindre projekter selv.",
    "support": "Fx: Tid til et kursus, mere sparring på de store sager, en mentor.",
    "questions": "Fx: Hvordan ser du min rolle om et år? Hvad er vigtigst for afdelingen lige nu?",
    "topics": "De punkter, du vil sende til din leder et par dage før samtalen.",
    "last_year": "Hvad aftalte I sidste år, og hvor langt er du med hver aftale?",
}


def progress_text(ws: Workspace) -> str:
    done = sum(item.done for item in ws.checklist)
    return f"**{done} af {len(ws.checklist)} punkter klaret.**"


def values(ws: Workspace) -> list:
    checklist = gr.update(choices=[item.text for item in ws.checklist],
                          value=[item.text for item in ws.checklist if item.done])
    return [checklist, progress_text(ws)] + [ws.prep.get(key, "") for key in PREP_SECTIONS]


@guarded
def save_checklist(ws_id: str | None, done: list[str] | None) -> tuple[str, str]:
    """Mark the ticked items as done; returns (progress text, save status)."""
    chosen = set(done or [])
    result: dict = {}

    def change(ws: Workspace) -> bool:
        changed = False
        for item in ws.checklist:
            changed |= assign(item, "done", item.text in chosen)
        result["ws"] = ws
        return changed

    status = autosave(ws_id, change)
    return (progress_text(result["ws"]) if "ws" in result else gr.skip()), status


@guarded
def save_section(ws_id: str | None, key: str, text: str | None) -> str:
    if key not in PREP_SECTIONS:
        raise ValueError(key)
    if (refused := not_saved(text, TEXT_LIMIT)) is not None:
        return refused

    def change(ws: Workspace) -> bool:
        if ws.prep.get(key, "") == (text or ""):
            return False
        ws.prep[key] = text or ""
        return True

    return autosave(ws_id, change)


def _section_saver(key: str):
    def save(ws_id: str | None, text: str | None) -> str:
        return save_section(ws_id, key, text)

    save.__name__ = f"save_{key}"
    return save


def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Brug tjeklisten og felterne til at samle dine tanker før samtalen. "
                "Alt gemmes automatisk, mens du skriver.")
    with gr.Row():
        with gr.Column(scale=2, min_width=300):
            checklist = gr.CheckboxGroup(label="Tjekliste til din forberedelse", choices=[], value=[],
                                         elem_id="prep-checklist")
            progress = gr.Markdown("", elem_id="prep-progress")
        with gr.Column(scale=3, min_width=340):
            fields = {}
            for key, title in PREP_SECTIONS.items():
                fields[key] = gr.Textbox(label=title, placeholder=PLACEHOLDERS.get(key, ""), lines=4, max_lines=20,
                                         elem_id=f"prep-{key.replace('_', '-')}")
    checklist.change(save_checklist, [ctx.ws, checklist], [progress, ctx.status], **AUTOSAVE)
    for key, box in fields.items():
        box.change(_section_saver(key), [ctx.ws, box], ctx.status, **AUTOSAVE)
    return SimpleNamespace(outputs=[checklist, progress, *fields.values()], checklist=checklist, fields=fields)
