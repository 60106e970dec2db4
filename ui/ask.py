"""Spørg: a short answer to a question about MUS (the simplest use of the model).

The answer comes from the model alone, so it is shown as it grows in a visibly provisional style («Udkast –
tjekkes …»). When it is done it is checked (Danish, not empty); an answer that fails is replaced, and the user is
told why in plain words.
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.backend import runtime
from coach.capabilities import ask, validate
from ui.common import CANCELS, INSTANT, MODEL_EVENT, guarded, session_id
from ui.jobs import LOADING

EXAMPLES = ["Hvordan forbereder jeg mig til min MUS?", "Hvad skal jeg sige, hvis jeg er uenig med min leder?",
            "Hvordan beder jeg om et kursus?"]
QUESTION_LIMIT = 2_000  # the core's limit (coach.capabilities.ask); the box never cuts a paste short
DRAFT_HEAD = "*Udkast – tjekkes …*"
FOOTER = "*Svaret kommer fra modellen alene, uden appens faste regler – tag det som inspiration.*"
EMPTY = "Modellen gav et tomt svar. Prøv at formulere spørgsmålet lidt anderledes."
NOT_DANISH = ("Modellens svar var ikke på dansk, så det vises ikke. Prøv at spørge igen, eller hent en større "
              "model under «Model» – den er bedre til dansk.")
STOPPED = "*Stoppet. Svaret er ikke færdigt og ikke tjekket.*"


def provisional(text: str) -> dict:
    return gr.update(value=f"{DRAFT_HEAD}\n\n{text}", elem_classes=["provisional"])


def final(text: str) -> dict:
    return gr.update(value=text, elem_classes=[])


def verdict(text: str) -> str:
    """The checked answer, or what the user gets instead (and why)."""
    if not text.strip():
        return EMPTY
    if validate.danish(text):
        return NOT_DANISH
    return f"{text.strip()}\n\n{FOOTER}"


@guarded
def answer(question: str, request: gr.Request = None):
    """Stream a short answer, provisional until it is checked; a Danish message instead of a stack trace."""
    guard.check(question, what="spørgsmålet", max_chars=QUESTION_LIMIT)  # before the model is even opened
    event = CANCELS.start(session_id(request))
    text = ""
    try:
        backend = runtime.open_backend()
        if getattr(backend, "loaded", True) is False:
            yield provisional(LOADING)
        else:
            yield provisional("")
        for piece in ask.stream(backend, question, cancel=event):
            text += piece
            yield provisional(text)
        if event.is_set():
            yield final(f"{text.strip()}\n\n{STOPPED}" if text.strip() else STOPPED)
        else:
            yield final(verdict(text))
    finally:
        CANCELS.finish(session_id(request), event)


def stop(request: gr.Request = None) -> None:
    CANCELS.cancel(session_id(request))


def build() -> SimpleNamespace:
    gr.Markdown("Stil et kort spørgsmål om MUS. Svaret kommer fra modellen alene, uden appens faste regler, "
                "så tag det som inspiration.")
    question = gr.Textbox(label="Dit spørgsmål om MUS", placeholder="Fx: Hvordan beder jeg om et kursus?", lines=1,
                          max_lines=6, elem_id="ask-input")
    with gr.Row():
        send = gr.Button("Spørg", variant="primary", elem_id="ask-send")
        halt = gr.Button("Stop", variant="stop", elem_id="ask-stop")
    reply = gr.Markdown("", label="Svar", elem_id="answer", buttons=["copy"])
    gr.Examples(EXAMPLES, question, label="Eksempler, du kan prøve", api_visibility="private")
    gr.on([send.click, question.submit], answer, question, reply,
          **MODEL_EVENT | dict(show_progress="minimal", show_progress_on=[reply]))
    halt.click(stop, None, None, **INSTANT)
    return SimpleNamespace(question=question)
