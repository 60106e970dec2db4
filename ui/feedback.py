"""Feedback: paste feedback you received; every indirect message is highlighted by kind, with what it most likely
means said plainly, how sure the app is and why, a question you can ask (and, for a deferred answer or a vague
promise, how to get an owner and a date), plus an overall reading."""

from __future__ import annotations

import re
from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.backend import runtime
from coach.capabilities import decode
from coach.store.workspace import FeedbackItem, Workspace
from ui.common import (
    AUTOSAVE,
    INSTANT,
    MODEL_EVENT,
    Context,
    draft,
    failed_text,
    guarded,
    load,
    not_danish,
    problem,
    save_draft,
    saved_text,
    short,
    stop,
    stoppable,
    update,
)

EXAMPLES = [
    "Du gør generelt et rigtig godt stykke arbejde, og kunderne er glade for dig. Men måske kunne du overveje at "
    "sige lidt tidligere til, når en opgave trækker ud. Det er bare en lille ting.",
    "Jeg tænker måske, at det kunne være en idé at inddrage kollegerne lidt mere i de store sager fremover.",
    "Det var sådan set fint, det oplæg. Har du tænkt over, om det kunne være lidt kortere?",
]

CONFIDENCE = {"high": "høj sikkerhed", "medium": "middel sikkerhed", "low": "lav sikkerhed"}
_PALETTE = ["#f4a261", "#e9c46a", "#8ecae6", "#ffafcc", "#b5e48c", "#cdb4db", "#ffd6a5", "#a0c4ff", "#fdffb6"]
TITLES = decode.category_titles()  # category id → Danish title (content/decode/categories.yaml)
COLORS = {title: _PALETTE[i % len(_PALETTE)] for i, title in enumerate(TITLES.values())}
DRAFT = "feedback"  # the feedback you are still pasting or writing, kept in Workspace.drafts


def _find(text: str, quote: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a quote stands in the text (case and spacing may differ), not overlapping spans already taken."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    for m in pattern.finditer(text):
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            return m.start(), m.end()
    return None


def highlight(text: str, findings: list) -> list[tuple[str, str | None]]:
    """The text as (span, category title or None) pieces for gr.HighlightedText."""
    spans: list[tuple[int, int, str]] = []
    for f in findings:
        quote = f.quote if hasattr(f, "quote") else f.get("quote", "")
        category = f.category if hasattr(f, "category") else f.get("category", "")
        where = _find(text, quote, [(a, b) for a, b, _ in spans])
        if where:
            spans.append((*where, TITLES.get(category, category)))
    spans.sort()
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, label in spans:
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], label))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def findings_update(text: str, findings: list):
    """The highlighted text, with a legend of only the kinds that were found (in a fixed colour per kind)."""
    spans = highlight(text, findings)
    found = {label for _, label in spans if label}
    return gr.update(value=spans, color_map={title: color for title, color in COLORS.items() if title in found})


def details_markdown(result: decode.DecodeResult) -> str:
    if not result.findings:
        return "Appen fandt ingen kendte indirekte vendinger i teksten (se den samlede læsning)."
    lines = []
    for i, f in enumerate(result.findings, 1):
        lines += [f"**{i}. «{f.quote}»** – {f.title}, {CONFIDENCE.get(f.confidence, f.confidence)}",
                  f"- *Betyder nok:* {f.meaning}", f"- *Hvor sikkert:* {f.confidence_why}",
                  f"- *Spørg fx:* «{f.question}»"]
        if f.follow_up:
            lines.append(f"- *Få en ejer og en dato:* {f.follow_up}")
        if f.source != "regler":
            lines.append("- *Skrevet af modellen og tjekket af appen.*")
        lines.append("")
    return "\n".join(lines).strip()


def summary_markdown(result: decode.DecodeResult) -> str:
    return f"**Samlet læsning:** {result.summary}"


def list_markdown(ws: Workspace) -> str:
    if not ws.feedback:
        return ""
    lines = [f"**Feedback, du har afkodet i denne MUS ({len(ws.feedback)}):**"]
    lines += [f"- «{short(f.text, 90)}» – {len(f.findings)} fund" for f in ws.feedback]
    return "\n".join(lines)


def values(ws: Workspace) -> list:
    """[feedback (the unfinished draft), highlighted text, details, summary, saved list]."""
    return [draft(ws, DRAFT), None, "", "", list_markdown(ws)]


@guarded
def run_decode(ws_id: str | None, text: str | None, progress=gr.Progress(), request: gr.Request = None) -> list:
    """Returns [highlighted text (an update with its legend), details, summary, saved list, status].

    Empty, too long or non-Danish feedback: a Danish warning before any model work, and nothing changes."""
    guard.check(text, what=decode.CAPABILITY.what, max_chars=decode.CAPABILITY.max_chars)
    foreign = not_danish(text, "feedbacken")
    if foreign:
        raise problem(foreign)
    load(ws_id)
    progress(0.05, desc="Leder efter indpakket kritik, udsættelser, vage løfter og andre indirekte budskaber …")
    with stoppable(request) as cancel:
        result, _trace = decode.run(text or "", runtime.open_backend(), cancel=cancel)
    shown = [findings_update(text or "", result.findings), details_markdown(result), summary_markdown(result)]
    item = FeedbackItem(text=(text or "").strip(), findings=[f.model_dump() for f in result.findings],
                        summary=result.summary)
    try:
        ws = update(ws_id, lambda w: w.feedback.append(item))
    except Exception as exc:
        return [*shown, gr.skip(), failed_text(exc)]
    return [*shown, list_markdown(ws), saved_text(ws)]


def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Sæt feedback ind, som du har fået – fra din leder, en kollega eller sidste års MUS. "
                "Appen finder de steder, hvor budskabet er pakket ind, siger dem ligeud og foreslår et spørgsmål, "
                "du kan stille.")
    text = gr.Textbox(label="Feedback, du har fået", lines=5, max_lines=20, max_length=6_000,
                      placeholder="Fx: Du gør det rigtig godt, men måske kunne du overveje at …",
                      elem_id="feedback-input")
    gr.Examples(EXAMPLES, text, label="Eksempler, du kan prøve", api_visibility="private")
    with gr.Row(elem_classes=["run-row"]):
        run = gr.Button("Afkod feedbacken", variant="primary", scale=4, elem_id="feedback-run")
        halt = gr.Button("Stop", variant="stop", scale=1, min_width=100, elem_id="feedback-stop")
    findings = gr.HighlightedText(label="Det, lederen sandsynligvis mener", color_map=COLORS, show_legend=True,
                                  combine_adjacent=False, elem_id="feedback-findings",
                                  elem_classes=["hide-when-empty"])
    summary = gr.Markdown("", elem_id="feedback-summary", container=True, padding=True,
                          elem_classes=["hide-when-empty"])
    details = gr.Markdown("", elem_id="feedback-details", buttons=["copy"])
    saved = gr.Markdown("", elem_id="feedback-list")
    outputs = [findings, details, summary, saved, ctx.status]
    run.click(run_decode, [ctx.ws, text], outputs, **MODEL_EVENT)
    halt.click(stop, None, None, **INSTANT)
    text.change(save_feedback_draft, [ctx.ws, text], ctx.status, **AUTOSAVE)
    return SimpleNamespace(outputs=[text, findings, details, summary, saved], text=text, run=run, stop=halt)


@guarded
def save_feedback_draft(ws_id: str | None, text: str | None):
    """The feedback you are still writing is kept in the workspace (restored when it opens)."""
    return save_draft(ws_id, DRAFT, text)
