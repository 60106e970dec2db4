"""The page: header, model banner, the workspace bar (choose, create, rename a MUS; save status; export) and the
tabs. Each tab's module builds its own components and events; the shell wires what crosses tabs."""

from __future__ import annotations

import gradio as gr

from ui import after, ask, exports, feedback, goals, model, prep, privacy, rehearse, results, workspaces
from ui.common import QUIET, Context

TITLE = "MUS Coach"
HEADER = ("# MUS Coach\nForbered din medarbejderudviklingssamtale. Alt kører på din egen computer, "
          "og alt, du skriver, gemmes automatisk.")

# Readable text (many users are dyslexic): 17 px base, generous line height; the theme's own colours, so dark mode
# follows the system. Narrow windows: the rows wrap (min_width on their children).
CSS = """
:root, .dark { --text-sm: 15px; --text-md: 17px; --text-lg: 19px; --text-xl: 24px; }
.gradio-container { font-size: 17px; line-height: 1.6; }
.gradio-container .prose, .gradio-container .prose p, .gradio-container .prose li { line-height: 1.65; }
.gradio-container textarea, .gradio-container input { font-size: 17px; line-height: 1.55; }
#header { flex-grow: 4 !important; }
#header h1 { margin-bottom: 0.2em; }
#save-status { flex-grow: 1 !important; align-self: flex-end; }
#after-plan table, #after-plan td, #after-plan th, #after-plan input, #after-plan textarea { font-family: var(--font); }
#save-status { text-align: right; opacity: 0.8; font-size: 15px; min-height: 1.6em; }
#embedded-banner, #store-recovered { border-left: 4px solid var(--color-accent); padding: 0.6em 1em;
  background: var(--block-background-fill); border-radius: var(--radius-md); }
.example-box { border: 1px dashed var(--border-color-primary); border-radius: var(--radius-md); }
#rehearse-chat .message { font-size: 17px; line-height: 1.6; }
@media (max-width: 720px) {
  .gradio-container { padding-left: 6px !important; padding-right: 6px !important; }
  #save-status { text-align: left; }
}
"""
SET_LANGUAGE = "() => { document.documentElement.lang = 'da'; }"


def on_load() -> list:
    """When a page opens: the last used MUS, a warning if the store was repaired, and fresh model facts."""
    return [*workspaces.open_start(), privacy.recovered_update(), model.banner_update(), *model.values()]


def build_demo() -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        with gr.Row(equal_height=False):
            gr.Markdown(HEADER, elem_id="header")
            status = gr.Markdown("", elem_id="save-status", min_width=160)
        embedded = model.banner_update().get("visible", False)
        banner = gr.Markdown(model.EMBEDDED_BANNER, visible=embedded, elem_id="embedded-banner")
        recovered = gr.Markdown("", visible=False, elem_id="store-recovered")
        ws = gr.State(None)
        with gr.Row(elem_id="workspace-bar", equal_height=True):
            select = gr.Dropdown(label="Din MUS", choices=[], value=None, scale=3, min_width=220,
                                 elem_id="workspace-select")
            title = gr.Textbox(label="Navn til en ny MUS (eller nyt navn til den åbne)", placeholder="Fx MUS 2027",
                               max_length=120, scale=2, min_width=200, elem_id="workspace-title")
            with gr.Column(scale=1, min_width=150):
                new = gr.Button("Ny MUS", size="md", elem_id="workspace-new")
                rename = gr.Button("Omdøb", size="md", elem_id="workspace-rename")
        ctx = Context(ws, status, banner)
        exports.build(ctx)

        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Forberedelse", id="prep", elem_id="tab-prep"):
                v_prep = prep.build(ctx)
            with gr.Tab("Resultater", id="results", elem_id="tab-results"):
                v_results = results.build(ctx)
            with gr.Tab("Mål", id="goals", elem_id="tab-goals"):
                v_goals = goals.build(ctx)
            with gr.Tab("Feedback", id="feedback", elem_id="tab-feedback"):
                v_feedback = feedback.build(ctx)
            with gr.Tab("Øv samtalen", id="rehearse", elem_id="tab-rehearse") as rehearse_tab:
                v_rehearse = rehearse.build(ctx)
            with gr.Tab("Efter samtalen", id="after", elem_id="tab-after"):
                v_after = after.build(ctx)
            with gr.Tab("Model", id="model", elem_id="tab-model"):
                v_model = model.build(ctx)
            with gr.Tab("Privatliv", id="privacy", elem_id="tab-privacy"):
                v_privacy = privacy.build(ctx)
            with gr.Tab("Spørg om MUS", id="ask", elem_id="tab-ask"):
                ask.build()

        views = {prep: v_prep, results: v_results, goals: v_goals, feedback: v_feedback, rehearse: v_rehearse,
                 after: v_after}
        ws_outputs = [ws, select, status] + [c for section in workspaces.SECTIONS for c in views[section].outputs]

        goals.wire(ctx, v_goals, v_after.plan)
        rehearse.wire(ctx, v_rehearse, v_after.mail, rehearse_tab)
        privacy.wire(ctx, v_privacy, ws_outputs)
        select.input(workspaces.switch, select, ws_outputs, **QUIET)
        new.click(workspaces.create, title, [*ws_outputs, title], **QUIET)
        rename.click(workspaces.rename, [ws, title], [select, status, title], **QUIET)
        demo.load(on_load, None, [*ws_outputs, recovered, banner, v_model.active, v_model.table], **QUIET)
    demo.queue(default_concurrency_limit=1, max_size=32, api_open=False)
    return demo
