"""A short free answer to a question about MUS: the simplest use of the model, used to smoke-test it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from coach import guard
from coach.backend import Backend
from coach.capabilities import prompts


def stream(backend: Backend, question: str, *, cancel: threading.Event | None = None) -> Iterator[str]:
    text = guard.check(question, what="spørgsmålet", max_chars=2000)
    template = prompts.for_style("ask", backend.prompt_style)
    prompt = template.render(question=text)
    pieces = backend.stream(prompt, template.sampling, cancel=cancel)
    first = True
    for piece in pieces:
        if first:
            piece = piece.lstrip()
            first = not piece
        if piece:
            yield piece
