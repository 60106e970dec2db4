"""A deterministic fake model for tests, demos and the eval harness's self-test.

Replies come from a script (a list consumed in order), a function of the prompt, or a fixed Danish default.
It counts tokens as whitespace-separated words, records every call, streams word by word, honours cancel
and the token budget, and asserts that calls never overlap (the real model must never run twice at once).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator

from coach.backend.base import Backend, PromptInput, Sampling, StreamStats

DEFAULT_REPLY = "Tak. Det lyder som et godt udgangspunkt for samtalen."


def prompt_text(prompt: PromptInput) -> str:
    if isinstance(prompt, str):
        return prompt
    return "\n".join(f"{m['role']}: {m['content']}" for m in prompt)


class FakeBackend(Backend):
    # NOTE: not a test class, despite living next to tests.
    __test__ = False

    def __init__(
        self,
        replies: Iterable[str] | Callable[[PromptInput], str] | None = None,
        *,
        name: str = "fake",
        prompt_style: str = "chat",
        context_size: int = 8192,
        delay_s: float = 0.0,
    ) -> None:
        super().__init__()
        self.name = name
        self.prompt_style = prompt_style  # type: ignore[assignment]
        self._context = context_size
        self._func = replies if callable(replies) else None
        self._queue = list(replies) if replies is not None and not callable(replies) else []
        self.delay_s = delay_s
        self.calls: list[tuple[PromptInput, Sampling]] = []
        self.active = 0
        self.max_active = 0
        self._count_lock = threading.Lock()

    @property
    def context_size(self) -> int:
        return self._context

    def count_tokens(self, prompt: PromptInput) -> int:
        return len(prompt_text(prompt).split()) + 1

    def enqueue(self, *replies: str) -> None:
        self._queue.extend(replies)

    def _reply(self, prompt: PromptInput) -> str:
        if self._func is not None:
            return self._func(prompt)
        if self._queue:
            return self._queue.pop(0)
        return DEFAULT_REPLY

    def stream(
        self,
        prompt: PromptInput,
        sampling: Sampling = Sampling(),
        *,
        cancel: threading.Event | None = None,
        stats: StreamStats | None = None,
    ) -> Iterator[str]:
        stats = stats if stats is not None else StreamStats()
        n_prompt = self.check_budget(prompt, sampling.max_tokens)
        with self.lock:
            with self._count_lock:
                self.active += 1
                self.max_active = max(self.max_active, self.active)
            try:
                self.calls.append((prompt, sampling))
                reply = self._reply(prompt)
                for stop in sampling.stop:
                    if stop and stop in reply:
                        reply = reply[: reply.index(stop)]
                words = reply.split(" ")
                stats.prompt_tokens = n_prompt
                stats.finish_reason = "stop"
                for i, word in enumerate(words[: sampling.max_tokens]):
                    if cancel is not None and cancel.is_set():
                        stats.finish_reason = "cancelled"
                        break
                    if self.delay_s:
                        time.sleep(self.delay_s)
                    if i == 0:
                        stats.ttft_s = time.perf_counter() - stats.started
                    stats.completion_tokens += 1
                    yield word if i == 0 else " " + word
                else:
                    if len(words) > sampling.max_tokens:
                        stats.finish_reason = "length"
                stats.total_s = time.perf_counter() - stats.started
            finally:
                with self._count_lock:
                    self.active -= 1
