"""The page: header, model banner, the workspace bar (choose, create, rename a MUS; save status; export) and the
tabs. Each tab's module builds its own components and events; the shell wires what crosses tabs."""

from __future__ import annotations

import gradio as gr

from ui import after, ask, exports, feedback, goals, model, prep, privacy, rehearse, results, workspaces
from ui.common import QUIET, Context

TITLE = "MUS Coach"
HEADER = ("# MUS Coach\nForbered din medarbejderudviklingssamtale. Alt kører på din egen computer, "
          "og alt, du skriver, gemmes automatisk.")

# Fonts: Gradio's bundled Source Sans Pro has a real regular (400) and bold (700), but its SemiBold (600) file is a
# stub with a handful of glyphs, so every semibold text fell back letter by letter («Lav STᴀR-udsagn»). The theme
# declares only 400 and 700 (a request for 600 then uses the 700 face), and the CSS maps Gradio's own «semibold» to
# 700. Everything is served by the app itself (static/fonts): nothing is loaded from another host.
THEME = gr.themes.Default(
    font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace", "Consolas", "monospace"],
).set(prose_header_text_weight="700", button_large_text_weight="700", button_medium_text_weight="700")

# Gradio's own words that the user sees: the badge on the outputs of a failed event is i18n key common.error.
# Gradio has no Danish locale, so a Danish browser gets the English one: its entry is overridden too (a flat key
# wins over Gradio's nested one in the i18n lookup).
I18N = gr.I18n(en={"common.error": "Fejl"}, da={"common.error": "Fejl"})

# Readable text (many users are dyslexic): 17 px base, generous line height; the theme's own colours, so dark mode
# follows the system. Narrow windows: the rows wrap (min_width on their children).
CSS = """
:root, .dark { --text-sm: 15px; --text-md: 17px; --text-lg: 19px; --text-xl: 24px;
  --weight-medium: 400; --weight-semibold: 700; }
.gradio-container { font-size: 17px; line-height: 1.6; }
.gradio-container .prose, .gradio-container .prose p, .gradio-container .prose li { line-height: 1.65; }
.gradio-container textarea, .gradio-container input { font-size: 17px; line-height: 1.55; }
#header { flex-grow: 4 !important; }
#header h1 { margin-bottom: 0.2em; }
#save-status { flex-grow: 1 !important; align-self: flex-end; }
#save-status { text-align: right; opacity: 0.8; font-size: 15px; min-height: 1.6em; }
#embedded-banner, #store-recovered { border-left: 4px solid var(--color-accent); padding: 0.6em 1em;
  background: var(--block-background-fill); border-radius: var(--radius-md); }
.example-box { border: 1px dashed var(--border-color-primary); border-radius: var(--radius-md); }
.hint, .hint p { font-size: 15px; opacity: 0.85; margin: 0; }
button { white-space: normal; }
#after-plan-add, #star-new { white-space: nowrap; }

/* Result boxes stay out of sight until there is something in them (or a run is working on them) */
.hide-when-empty:has(span.md:empty):not(:has(> [data-testid=status-tracker]:not(.hide))),
.hide-when-empty:has(> .empty):not(:has(> [data-testid=status-tracker]:not(.hide))) { display: none !important; }

/* STAR: the four fields are paragraphs; keep them close together */
#star-output .prose p { margin: 0.25em 0; }
#star-output .prose h3 { margin-top: 0.6em; }

/* The plan table: the page's font (not monospace) in every cell and header */
#after-plan, #after-plan table, #after-plan th, #after-plan td, #after-plan span, #after-plan input,
#after-plan textarea, #after-plan .cell-wrap { font-family: var(--font) !important; font-size: 16px; }
#after-plan-bar { align-items: center; flex-wrap: wrap; }
#after-plan-help { flex: 1 1 280px; min-width: min(280px, 100%) !important; }

/* The model catalogue as cards */
#model-table ul { list-style: none; padding-left: 0; margin: 0; display: grid; gap: 8px;
  grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
#model-table li { margin: 0; padding: 0.55em 0.8em; border: 1px solid var(--border-color-primary);
  border-radius: var(--radius-md); background: var(--block-background-fill); line-height: 1.5; }
#model-table li::marker { content: none; }

/* The rehearsal: the chat's floating label sits above the first message, not on top of it */
#rehearse-chat .bubble-wrap { padding-top: 2.4em; }
#rehearse-chat .message { font-size: 17px; line-height: 1.6; }
#rehearse-answer-row { align-items: flex-end; }
#rehearse-answer-row > button { flex-grow: 0; align-self: flex-end; margin-bottom: 2px; }

/* The export accordion: a short title on one line, the arrow always inside the box */
#export-panel .label-wrap { gap: 0.5em; }
#export-panel .label-wrap > span:first-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#export-panel .label-wrap .icon { flex-shrink: 0; }

@media (max-width: 720px) {
  .gradio-container { padding-left: 6px !important; padding-right: 6px !important; }
  #header, #save-status { min-width: 100% !important; }
  #save-status { text-align: left; align-self: flex-start; }
  /* the plan table keeps readable columns and scrolls sideways inside its own box (Gradio sizes the columns from
     the box's width, so they are set here: header cells, the hidden sizing row and the visible cells) */
  #after-plan th[data-heading="0"], #after-plan .sizing-body td:nth-child(1), #after-plan .body-cell[data-col="0"] {
    width: 200px !important; min-width: 200px !important; max-width: 200px !important; flex: 0 0 200px !important; }
  #after-plan th[data-heading="1"], #after-plan .sizing-body td:nth-child(2), #after-plan .body-cell[data-col="1"] {
    width: 80px !important; min-width: 80px !important; max-width: 80px !important; flex: 0 0 80px !important; }
  #after-plan th[data-heading="2"], #after-plan .sizing-body td:nth-child(3), #after-plan .body-cell[data-col="2"] {
    width: 110px !important; min-width: 110px !important; max-width: 110px !important; flex: 0 0 110px !important; }
  #after-plan th[data-heading="3"], #after-plan .sizing-body td:nth-child(4), #after-plan .body-cell[data-col="3"] {
    width: 120px !important; min-width: 120px !important; max-width: 120px !important; flex: 0 0 120px !important; }
  #after-plan th[data-heading="4"], #after-plan .sizing-body td:nth-child(5), #after-plan .body-cell[data-col="4"] {
    width: 180px !important; min-width: 180px !important; max-width: 180px !important; flex: 0 0 180px !important; }
  #after-plan .header-table { width: auto !important; }
}
"""

# Runs once when the page opens: the page language (Danish, for screen readers and spell checking), and Danish
# titles on Gradio's toasts. Gradio 6.31 writes the toast's type as its title ("Error", "Warning", "Info") and
# drops the title a handler gives gr.Error/gr.Warning/gr.Info, so the titles are replaced here by type.
PAGE_JS = """
() => {
  document.documentElement.lang = 'da';
  const TITLES = {error: 'Fejl', warning: 'Bemærk', info: 'Info', success: 'Udført'};
  const relabel = () => {
    document.querySelectorAll('.toast-title').forEach((el) => {
      const kind = Object.keys(TITLES).find((k) => el.classList.contains(k));
      const node = el.firstChild;
      if (kind && node && node.nodeType === Node.TEXT_NODE && node.nodeValue.trim() !== TITLES[kind]) {
        node.nodeValue = TITLES[kind] + ' ';
      }
    });
  };
  new MutationObserver(relabel).observe(document.body, {childList: true, subtree: true, characterData: true});
}
"""
SET_LANGUAGE = PAGE_JS  # the old name, kept for scripts that import it


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
            title = gr.Textbox(label="Navn til en ny MUS (eller nyt navn til den åbne)",
                               placeholder="Fx MUS 2027 – Enter opretter den", max_length=120, scale=2, min_width=200,
                               elem_id="workspace-title")
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
        for trigger in (new.click, title.submit):  # Enter in the name box creates the MUS, like «Ny MUS»
            trigger(workspaces.create, title, [*ws_outputs, title], **QUIET)
        rename.click(workspaces.rename, [ws, title], [select, status, title], **QUIET)
        demo.load(on_load, None, [*ws_outputs, recovered, banner, v_model.active, v_model.table], **QUIET)
    demo.queue(default_concurrency_limit=1, max_size=32, api_open=False)
    return demo
