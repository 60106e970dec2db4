"""Spørg: a short streamed answer to a question about MUS (the simplest use of the model)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach.backend import runtime
from coach.capabilities import ask
from ui.common import CANCELS, INSTANT, MODEL_EVENT, guarded, session_id

EXAMPLES = ["Hvordan forbereder jeg mig til min MUS?", "Hvad skal jeg sige, hvis jeg er uenig med min leder?",
            "Hvordan beder jeg om et kursus?"]


@guarded
def answer(question: str, request: gr.Request = None):
    """Stream a short answer; a Danish message instead of a stack trace."""
    event = CANCELS.start(session_id(request))
    text = ""
    try:
        backend = runtime.open_backend()
        for piece in ask.stream(backend, question, cancel=event):
            text += piece
            yield text
        if not text.strip():
            yield "Modellen gav et tomt svar. Prøv at formulere spørgsmålet lidt anderledes."
    finally:
        CANCELS.finish(session_id(request), event)


def stop(request: gr.Request = None) -> None:
    CANCELS.cancel(session_id(request))


def build() -> SimpleNamespace:
    gr.Markdown("Stil et kort spørgsmål om MUS. Svaret kommer fra modellen alene, uden appens faste regler, "
                "så tag det som inspiration.")
    question = gr.Textbox(label="Dit spørgsmål om MUS", placeholder="Fx: Hvordan beder jeg om et kursus?", lines=1,
                          max_lines=6, max_length=2000, elem_id="ask-input")
    with gr.Row():
        send = gr.Button("Spørg", variant="primary", elem_id="ask-send")
        halt = gr.Button("Stop", variant="stop", elem_id="ask-stop")
    reply = gr.Markdown("", label="Svar", elem_id="answer", buttons=["copy"])
    gr.Examples(EXAMPLES, question, label="Eksempler, du kan prøve", api_visibility="private")
    for trigger in (send.click, question.submit):
        trigger(answer, question, reply, **MODEL_EVENT)
    halt.click(stop, None, None, **INSTANT)
    return SimpleNamespace(question=question)
