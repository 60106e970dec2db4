"""Model work with honest progress, and a stop when the tab closes.

A handler that uses the model runs the work in a thread and stays a generator: while the model works it yields a
Danish line saying what is happening right now («Indlæser modellen …», «Skriver udsagn 1 af 2 – forsøg 2 af 3 …»),
made from a frozen ``Progress`` of a ``Watch`` around the backend (it counts the attempts; it never changes a prompt
or an answer), so the line shown is what was true when it was made. When the
browser tab closes, Gradio stops the generator and the page's unload event closes the session's stop flag: the
model stops within a token, and the handler saves nothing from the unfinished run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import gradio as gr

from coach.backend import Sampling, runtime
from coach.capabilities import pipeline
from ui.common import CANCELS, session_id

T = TypeVar("T")
POLL_S = 0.2  # how often the progress line is refreshed while the model works

PREPARING = "Gør modellen klar … Første gang efter start kan det tage op til et minut."
LOADING = ("Indlæser modellen … Det sker kun første gang efter start og kan tage op til et minut på en langsom "
           "computer. Derefter går det meget hurtigere.")
CLOSED = "Fanen blev lukket, så arbejdet er stoppet, og intet er gemt."


@dataclass(frozen=True)
class Progress:
    """A moment of the work, as the progress line shows it."""

    phase: str
    item: int
    attempt: int
    words5: int  # words so far, in fives (a new line every five words is enough)


class Watch:
    """The backend, watched: whether it is loading, and which item and attempt the pipeline is on.

    Everything else is passed through unchanged (``__getattr__``), so the capability sees the real backend."""

    def __init__(self) -> None:
        self._inner = None
        self.phase = "preparing"  # preparing → loading → writing → checking → writing …
        self.item = 0  # the statement being written (1-based); a new item starts when the attempts start over
        self.attempt = 0  # the attempt on that item (1-based)
        self.calls = 0
        self.words = 0  # words of the reply so far (streamed replies only)

    def attach(self, backend) -> None:
        self._inner = backend
        self.phase = "ready"

    def __getattr__(self, name):
        inner = self.__dict__.get("_inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)

    def snapshot(self) -> "Progress":
        """What the watch says right now, frozen (the line shown is made from exactly this)."""
        return Progress(self.phase, self.item, self.attempt, self.words // 5)

    def _before(self, sampling: Sampling) -> None:
        if getattr(self._inner, "loaded", True) is False and hasattr(self._inner, "load"):
            self.phase = "loading"
            self._inner.load()  # the first use after start: say so while it happens
        seed = getattr(sampling, "seed", None)
        attempt = pipeline.SEEDS.index(seed) + 1 if seed in pipeline.SEEDS else self.attempt + 1
        if self.item == 0 or attempt <= self.attempt:
            self.item += 1
        self.attempt, self.words, self.phase = attempt, 0, "writing"
        self.calls += 1

    def complete(self, prompt, sampling: Sampling = Sampling(), **kwargs):
        self._before(sampling)
        try:
            return self._inner.complete(prompt, sampling, **kwargs)
        finally:
            self.phase = "checking"

    def stream(self, prompt, sampling: Sampling = Sampling(), **kwargs):
        self._before(sampling)
        try:
            for piece in self._inner.stream(prompt, sampling, **kwargs):
                self.words += len(piece.split())
                yield piece
        finally:
            self.phase = "checking"


class Job(Generic[T]):
    """One run of model work for one browser session: ``for watch in job.progress(): yield …``, then
    ``job.result``. Stop (the tab's button) and a closed tab both set the session's flag (``job.cancel``)."""

    def __init__(self, request: gr.Request | None, work: Callable[[Watch, threading.Event], T]) -> None:
        self.request = request
        self.work = work
        self.watch = Watch()
        self.cancel = None
        self.result: T | None = None

    @property
    def closed(self) -> bool:
        """The tab was closed while the model worked: nothing from this run should be saved."""
        return bool(self.cancel is not None and getattr(self.cancel, "closed", False))

    @property
    def stopped(self) -> bool:
        return bool(self.cancel is not None and self.cancel.is_set())

    def progress(self) -> Iterator[Progress]:
        key = session_id(self.request)
        self.cancel = CANCELS.start(key)
        box: dict = {}

        def target() -> None:
            try:
                self.watch.attach(runtime.open_backend())  # may assemble the embedded model on first use
                box["result"] = self.work(self.watch, self.cancel)
            except BaseException as exc:  # handed to the handler below, which reports it in Danish
                box["error"] = exc

        thread = threading.Thread(target=target, name="coach-model-job", daemon=True)
        thread.start()
        try:
            last = self.watch.snapshot()
            yield last
            while True:
                thread.join(POLL_S)
                if not thread.is_alive():
                    break
                now = self.watch.snapshot()
                if now != last:
                    last = now
                    yield now
        finally:
            if thread.is_alive():  # the generator was closed (the tab is gone) while the model works
                self.cancel.cancel("closed")
            CANCELS.finish(key, self.cancel)
        if "error" in box:
            raise box["error"]
        self.result = box.get("result")


def common_phase(watch: Watch) -> str | None:
    """The Danish line for the phases every capability shares, or None when the capability says it itself."""
    if watch.phase == "preparing":
        return PREPARING
    if watch.phase == "loading":
        return LOADING
    return None


def attempt_text(watch: Watch, what: str, items: int = 1) -> str:
    """«Skriver udsagn 1 af 2 – forsøg 2 af 3 (det forrige forslag bestod ikke appens tjek) …»."""
    total = pipeline.MAX_RETRIES + 1
    head = f"Skriver {what} {watch.item} af {items}" if items > 1 else f"Skriver {what}"
    text = f"{head} – forsøg {min(watch.attempt, total)} af {total}"
    if watch.attempt > 1:
        text += " (det forrige forslag bestod ikke appens tjek)"
    return text + " …"
