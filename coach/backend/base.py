"""The Backend interface: complete, stream and structured output over one model.

A prompt is either plain text (completion style, for base models such as the embedded Gemma 3 270M) or a
list of chat messages (instruct models, rendered with the chat template embedded in their GGUF). User text is
always data: implementations must tokenise it as text, never as special tokens.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal, TypedDict

from pydantic import BaseModel

from coach.errors import InputTooLong


class Message(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


PromptInput = str | list[Message]


@dataclass(frozen=True)
class Sampling:
    """Sampling settings; prompts declare theirs in front-matter."""

    temperature: float = 0.7
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 256
    seed: int | None = None
    stop: tuple[str, ...] = ()

    def with_(self, **changes) -> "Sampling":
        return replace(self, **changes)


@dataclass
class Completion:
    text: str
    finish_reason: Literal["stop", "length", "cancelled"]
    prompt_tokens: int
    completion_tokens: int
    ttft_s: float = 0.0
    total_s: float = 0.0

    @property
    def decode_tps(self) -> float:
        decode = self.total_s - self.ttft_s
        return (self.completion_tokens - 1) / decode if self.completion_tokens > 1 and decode > 0 else 0.0


@dataclass
class StreamStats:
    """Filled in by ``Backend.stream`` as it runs (the stream yields text pieces only)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_s: float = 0.0
    total_s: float = 0.0
    finish_reason: str = "stop"
    started: float = field(default_factory=time.perf_counter)


class Backend(ABC):
    """A language model the app can use. One instance per loaded model; calls are serialised."""

    #: catalogue id or file name of the model
    name: str
    #: "completion" for base models (few-shot text prompts), "chat" for instruct models
    prompt_style: Literal["chat", "completion"]
    #: a Danish note the user should see about this model (e.g. an adapter that was refused), or ""
    notice: str = ""

    def __init__(self) -> None:
        self.lock = threading.RLock()

    @property
    @abstractmethod
    def context_size(self) -> int: ...

    @abstractmethod
    def count_tokens(self, prompt: PromptInput) -> int:
        """Tokens the prompt takes, exactly as it would be sent to the model."""

    @abstractmethod
    def stream(
        self,
        prompt: PromptInput,
        sampling: Sampling = Sampling(),
        *,
        cancel: threading.Event | None = None,
        stats: StreamStats | None = None,
    ) -> Iterator[str]:
        """Yield the reply piece by piece; stops within one token once ``cancel`` is set."""

    def complete(self, prompt: PromptInput, sampling: Sampling = Sampling(), *, cancel=None) -> Completion:
        stats = StreamStats()
        text = "".join(self.stream(prompt, sampling, cancel=cancel, stats=stats))
        return Completion(
            text=text,
            finish_reason=stats.finish_reason,  # type: ignore[arg-type]
            prompt_tokens=stats.prompt_tokens,
            completion_tokens=stats.completion_tokens,
            ttft_s=stats.ttft_s,
            total_s=stats.total_s,
        )

    def structured(self, prompt: PromptInput, output_type: type[BaseModel], sampling: Sampling = Sampling()):
        """Generate and parse a line-based ``Felt: værdi`` answer into ``output_type``.

        Free generation plus a tolerant parser costs nothing extra per token, where a JSON grammar over
        Gemma's 262k vocabulary runs 4x slower on this hardware; the capability's validator does the rest.
        """
        from coach.lineformat import parse

        return parse(self.complete(prompt, sampling).text, output_type)

    def check_budget(self, prompt: PromptInput, max_tokens: int) -> int:
        """Refuse (with the numbers, in Danish) a prompt that does not leave room for the answer."""
        return self.ensure_fits(self.count_tokens(prompt), max_tokens)

    def ensure_fits(self, prompt_tokens: int, max_tokens: int) -> int:
        if prompt_tokens + max_tokens > self.context_size:
            raise InputTooLong(prompt_tokens=prompt_tokens, max_tokens=max_tokens, context=self.context_size)
        return prompt_tokens

    def close(self) -> None:
        """Free the model's memory."""
