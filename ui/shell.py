"""The page: header, model banner, the workspace bar (choose, create, rename a MUS; save status; export) and the
tabs. Each tab's module builds its own components and events; the shell wires what crosses tabs."""

from __future__ import annotations

import gradio as gr

from ui import after, ask, exports, feedback, goals, model, prep, privacy, rehearse, results, workspaces
from ui.common import QUIET, Context, close_session

TITLE = "MUS Coach"
HEADER = ("# MUS Coach\nForbered din medarbejderudviklingssamtale. Alt kører på din egen computer "
          "(medmindre du selv vælger en modelserver på en anden maskine under *Model*), og alt, du skriver, "
          "gemmes automatisk.")

# Fonts: Gradio's bundled Source Sans Pro has a real regular (400) and bold (700), but its SemiBold (600) file is a
# stub with a handful of glyphs, so every semibold text fell back letter by letter («Lav STᴀR-udsagn»). The theme
# declares only 400 and 700 (a request for 600 then uses the 700 face), and the CSS maps Gradio's own «semibold» to
# 700. Everything is served by the app itself (static/fonts): nothing is loaded from another host.
# Contrast (WCAG 2.2 AA: text 4.5:1, controls 3:1): Gradio's orange-500 buttons and tab, red-500 Stop buttons,
# neutral-400 placeholders and hints and neutral-300 checkbox borders measure 1.5–3.8:1 on white; the theme uses
# the darker shades of the same colours instead (orange-700 5.2:1, red-700 6.5:1, neutral-500/600 4.8–7.7:1).
THEME = gr.themes.Default(
    font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace", "Consolas", "monospace"],
).set(
    prose_header_text_weight="700", button_large_text_weight="700", button_medium_text_weight="700",
    color_accent="*primary_700", color_accent_soft="*primary_50",
    button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
    button_primary_border_color="*primary_700", button_primary_border_color_hover="*primary_800",
    button_primary_background_fill_dark="*primary_700", button_primary_background_fill_hover_dark="*primary_800",
    button_primary_border_color_dark="*primary_700", button_primary_border_color_hover_dark="*primary_800",
    button_cancel_background_fill="#b91c1c", button_cancel_background_fill_hover="#991b1b",
    button_cancel_background_fill_dark="#b91c1c", button_cancel_background_fill_hover_dark="#991b1b",
    input_placeholder_color="*neutral_500", input_placeholder_color_dark="*neutral_400",
    body_text_color_subdued="*neutral_600", body_text_color_subdued_dark="*neutral_300",
    block_label_text_color="*neutral_600", block_title_text_color="*neutral_600",
    checkbox_border_color="*neutral_500", checkbox_border_color_hover="*neutral_600",
    checkbox_border_color_dark="*neutral_400", checkbox_border_color_hover_dark="*neutral_300",
    input_border_color="*neutral_500", input_border_color_dark="*neutral_400",
    input_border_color_focus="*primary_700", input_border_color_focus_dark="*primary_400",
)

# Gradio's own words that the user sees: the badge on the outputs of a failed event is i18n key common.error.
# Gradio has no Danish locale, so a Danish browser gets the English one: its entry is overridden too (a flat key
# wins over Gradio's nested one in the i18n lookup).
# The screen readers' queue and progress words are i18n keys too (the visible queue text is not: PAGE_JS).
_DANISH = {"common.error": "Fejl", "status.queue_position": "I kø: nummer {position} af {size}",
           "common.loading": "Indlæser …", "common.progress": "Fremskridt"}
I18N = gr.I18n(en=_DANISH, da=_DANISH)

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
#save-status { text-align: right; color: var(--body-text-color-subdued); font-size: 15px; min-height: 1.6em; }
#embedded-banner, #store-recovered { border-left: 4px solid var(--color-accent); padding: 0.6em 1em;
  background: var(--block-background-fill); border-radius: var(--radius-md); }
.example-box { border: 1px dashed var(--border-color-primary); border-radius: var(--radius-md); }
.hint, .hint p { font-size: 15px; color: var(--body-text-color-subdued); margin: 0; }
button { white-space: normal; }
#after-plan-add, #star-new { white-space: nowrap; }

/* Keyboard focus is always visible (WCAG 2.4.7/2.4.11): a solid ring in the accent colour */
.gradio-container :is(button, a, input, textarea, select, [role=tab], [tabindex]):focus-visible {
  outline: 3px solid var(--color-accent) !important; outline-offset: 2px; }
/* Disabled buttons say so by look too (the label says why) */
.gradio-container button:disabled { cursor: not-allowed; opacity: 1; filter: saturate(0.4); }

/* The one progress line per tab: what the model is doing now; Gradio's small tracker (queue, seconds) beside it */
.progress-line { min-height: 1.6em; }
.progress-line > [data-testid=status-tracker] { overflow: visible !important; }
.progress-line [data-testid=status-tracker] .progress-text { transform: none !important; top: 0 !important;
  font-family: var(--font) !important; font-size: 15px !important; color: var(--body-text-color) !important; }
.progress-line .prose p { margin: 0; font-style: italic; }
/* A model's answer that is not checked yet */
.provisional .prose { font-style: italic; border-left: 4px dashed var(--border-color-primary); padding-left: 0.8em; }

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
#rehearse-alternatives { align-items: center; flex-wrap: nowrap; }
#rehearse-position { flex: 0 0 auto !important; min-width: 0 !important; width: auto !important; }
#rehearse-answer-row > button { flex-grow: 0; align-self: flex-end; margin-bottom: 2px; }

/* The export accordion: a short title on one line, the arrow always inside the box */
#export-panel .label-wrap { gap: 0.5em; }
#export-panel .label-wrap > span:first-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#export-panel .label-wrap .icon { flex-shrink: 0; }

@media (max-width: 720px) {
  /* the first screen holds the MUS you work on and the open tab's first field: the header shrinks to its title,
     the model banner to two lines (all of it is under «Model»), and the MUS buttons sit side by side */
  #header-row { flex-wrap: nowrap !important; align-items: center; }
  #header { min-width: 160px !important; flex: 1 1 0 !important; }
  #header .prose p { display: none; }
  #header h1 { margin: 0; font-size: 24px; }
  #save-status { min-width: 0 !important; flex: 0 1 auto !important; width: auto !important; text-align: right;
    align-self: center; font-size: 14px; white-space: nowrap; }
  #embedded-banner { padding: 0.3em 0.7em; }
  #embedded-banner .prose p { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
    overflow: hidden; margin: 0; font-size: 15px; line-height: 1.45; }
  #workspace-buttons { flex-direction: row !important; flex-wrap: nowrap !important; gap: 8px; }
  #workspace-buttons > button { flex: 1 1 0; min-width: 0 !important; }
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

# Gradio scopes the app's CSS to the content (.contain); the page's own padding around it is set in <head>. In a
# narrow window the 32 px on each side would cost a phone a tenth of its width.
HEAD = """<style>
@media (max-width: 720px) { .gradio-container .main.app { padding-left: 10px; padding-right: 10px; } }
</style>"""

# Runs once when the page opens: the page language (Danish, for screen readers and spell checking), Danish titles on
# Gradio's toasts, and Danish words in Gradio's progress tracker. Gradio 6.31 writes the toast's type as its title
# ("Error", "Warning", "Info") and drops the title a handler gives gr.Error/gr.Warning/gr.Info, and its tracker
# writes "queue: 1/1 |", "processing |" and "3.1s" in English (no i18n keys): both are rewritten here, text node by
# text node (Svelte only rewrites a node when its own value changes). The tab's progress lines are live regions.
PAGE_JS = """
() => {
  document.documentElement.lang = 'da';
  const TITLES = {error: 'Fejl', warning: 'Bemærk', info: 'Info', success: 'Udført'};
  const TRACKER = [
    [/^\\s*queue: (\\d+)\\/\\d* \\|\\s*$/, (m, n) => `I kø: ${n} foran dig · `],
    [/^\\s*processing \\|\\s*$/, () => 'I gang · '],
    [/^\\s*(\\d+)\\.(\\d)\\/(\\d+)\\.(\\d)s\\s*$/, (m, a, b, c, d) => `${a},${b} s (ca. ${c},${d} s)`],
    [/^\\s*(\\d+)\\.(\\d)s\\s*$/, (m, a, b) => `${a},${b} s`],
    [/^\\s*Loading\\.\\.\\.\\s*$/, () => 'Indlæser …'],
  ];
  const danish = (node) => {
    for (const [re, to] of TRACKER) {
      const m = node.nodeValue.match(re);
      if (m) { node.nodeValue = to(...m); return; }
    }
  };
  const relabel = () => {
    document.querySelectorAll('.toast-title').forEach((el) => {
      const kind = Object.keys(TITLES).find((k) => el.classList.contains(k));
      const node = el.firstChild;
      if (kind && node && node.nodeType === Node.TEXT_NODE && node.nodeValue.trim() !== TITLES[kind]) {
        node.nodeValue = TITLES[kind] + ' ';
      }
    });
    document.querySelectorAll('[data-testid=status-tracker] .progress-text, [data-testid=status-tracker] .meta-text,'
                              + ' [data-testid=status-tracker] .meta-text-center').forEach((el) => {
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) danish(n);
    });
    document.querySelectorAll('.progress-line:not([role])').forEach((el) => {
      el.setAttribute('role', 'status');
      el.setAttribute('aria-live', 'polite');
    });
  };
  new MutationObserver(relabel).observe(document.body, {childList: true, subtree: true, characterData: true});
  relabel();
}
"""
SET_LANGUAGE = PAGE_JS  # the old name, kept for scripts that import it


def on_load() -> list:
    """When a page opens: the last used MUS, a warning if the store was repaired, and fresh model facts."""
    return [*workspaces.open_start(), privacy.recovered_update(), model.banner_update(), *model.values()]


def build_demo() -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        with gr.Row(equal_height=False, elem_id="header-row"):
            gr.Markdown(HEADER, elem_id="header")
            status = gr.Markdown("", elem_id="save-status", min_width=160)
        # issue 17: the same banner names the host while a model server on another machine is active
        first = model.banner_update()
        banner = gr.Markdown(first.get("value", ""), visible=first.get("visible", False), elem_id="embedded-banner")
        recovered = gr.Markdown("", visible=False, elem_id="store-recovered")
        ws = gr.State(None)
        with gr.Row(elem_id="workspace-bar", equal_height=True):
            select = gr.Dropdown(label="Din MUS", choices=[], value=None, scale=3, min_width=220,
                                 elem_id="workspace-select")
            title = gr.Textbox(label="Navn til en ny MUS (eller nyt navn til den åbne)",
                               placeholder="Fx MUS 2027 – Enter opretter den", scale=2, min_width=200,
                               elem_id="workspace-title")
            with gr.Column(scale=1, min_width=150, elem_id="workspace-buttons"):
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
        demo.unload(close_session)  # closing the tab stops its model work (and nothing of it is saved)
    demo.queue(default_concurrency_limit=1, max_size=32, api_open=False)
    return demo
