"""A model behind an OpenAI-compatible server: llama-server, Ollama, LM Studio, vLLM or llama-cpp-python's server.

- Chat only (``prompt_style = "chat"``): the capabilities render the same ``prompts/<capability>/chat.md`` messages
  as for a chat GGUF, and the server applies its own chat template. Servers tokenise the rendered prompt with
  special tokens on, so text that looks like template markup (``<|im_end|>``, ``<end_of_turn>``, ``[INST]`` …) is
  broken up with an invisible word joiner before it is sent: user text never becomes a turn of its own.
- ``POST {base}/chat/completions`` with ``stream: true``; ``data:`` lines until ``data: [DONE]``; seed,
  temperature, top_p, max_tokens and stop passed (top_k, min_p, repeat_penalty too, dropped for a strict server).
  A reader thread receives the stream, so Stop takes effect at once; the reader then closes the connection at
  the next piece, which ends the generation on the server.
- The first use asks the server for its models (``#name`` may be left out when there is one) and its context
  length (``server_http.ServerHTTP.find_context``); the token budget is checked before anything is sent, with
  tokens counted by the server where it can, else a safe estimate (``ServerHTTP.count``).
- Every failure is a Danish ModelError; a context overflow is InputTooLong with the numbers.
"""

from __future__ import annotations

import json
import os
import queue
import re
import threading
import time
from collections.abc import Iterator

import httpx

from coach.backend.base import Backend, Message, PromptInput, Sampling, StreamStats
from coach.backend.server_http import DEFAULT_CONTEXT, ServerHTTP
from coach.errors import CoachError, ModelError
from coach.models.registry import Server, short_model

DEFAULT_TIMEOUT = 120.0  # seconds without a sign of life (a big model on a CPU server can take long to start)
OPTIONAL = ("stream_options", "top_k", "min_p", "repeat_penalty", "chat_template_kwargs")
_SPECIAL = re.compile(r"<\|[^<>|\s]{1,48}\|>|</?s>|<(?:start|end)_of_turn>|</?(?:bos|eos|think)>|\[/?INST\]|<</?SYS>>")


def as_messages(prompt: PromptInput) -> list[Message]:
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    return [{"role": m["role"], "content": m["content"]} for m in prompt]


def defuse(text: str) -> str:
    """Text that looks like template markup, made harmless with a word joiner after its first character."""
    return _SPECIAL.sub(lambda m: m.group(0)[0] + "\u2060" + m.group(0)[1:], text)


def display_name(model: str, server: Server) -> str:
    """How results name the model: the file name for a path, no slashes (reports are named after it)."""
    return f"{short_model(model).replace('/', '_')}@{server.address}"


class ServerBackend(Backend):
    prompt_style = "chat"

    def __init__(self, server: Server, *, api_key: str | None = None, context_size: int | None = None,
                 timeout: float | None = None) -> None:
        super().__init__()
        self.server = server
        self.model = server.model
        self.timeout = float(timeout or os.environ.get("COACH_SERVER_TIMEOUT") or DEFAULT_TIMEOUT)
        self.http = ServerHTTP(server, api_key=api_key, timeout=self.timeout)
        self._configured_context = context_size
        self._context: int | None = None
        self.context_source = ""  # where the context length came from, in Danish
        self._optional = True
        self._probed = False

    def __repr__(self) -> str:  # never the key
        return f"ServerBackend({self.server.ref!r})"

    @property
    def name(self) -> str:  # type: ignore[override]
        """How results name the model; asks the server once when no model was named (a dead one gives the address)."""
        if self.model is None:
            try:
                self.probe()
            except CoachError:
                return f"server@{self.server.address}"
        return display_name(self.model or "", self.server)

    @property
    def counter(self) -> str:
        return self.http.counter

    # -- what the server has -------------------------------------------------------------------------------------------
    def probe(self) -> None:
        """Ask the server once for its models and context length (raises a Danish ModelError)."""
        with self.lock:
            if self._probed:
                return
            entries = self.http.models()
            names = ", ".join(list(entries)[:12])
            where = self.server.address
            if self.model is None:
                if len(entries) != 1:
                    example = f"{self.server.base_url}#{next(iter(entries))}" if entries else ""
                    raise ModelError(
                        f"Modelserveren på {where} har " + (f"flere modeller: {names}." if entries else "ingen modeller."),
                        hint=f"Vælg én ved at skrive den efter adressen, fx {example}" if entries else
                        "Indlæs en model på serveren, og prøv igen.")
                self.model = next(iter(entries))
            elif entries and self.model not in entries:
                if f"{self.model}:latest" not in entries:  # Ollama: "gemma3" is "gemma3:latest"
                    raise ModelError(f"Modelserveren på {where} kender ikke modellen '{self.model}'.",
                                     hint=f"Den har: {names}.")
                self.model = f"{self.model}:latest"
            self._context, self.context_source = self.http.find_context(self.model, entries.get(self.model, {}),
                                                                        self._configured_context)
            self._probed = True

    @property
    def context_size(self) -> int:
        if self._context is None:
            try:
                self.probe()
            except CoachError:
                return int(self._configured_context or DEFAULT_CONTEXT)
        return self._context or DEFAULT_CONTEXT

    def load(self) -> ServerBackend:
        """Nothing to load here: ask the server what it has, so a problem shows early (in Danish)."""
        self.probe()
        return self

    def close(self) -> None:
        self.http.close()

    def count_tokens(self, prompt: PromptInput) -> int:
        with self.lock:
            self.probe()
            return self.http.count(self._messages(prompt), self.model or "")

    def _messages(self, prompt: PromptInput) -> list[Message]:
        return [{**m, "content": defuse(m["content"])} for m in as_messages(prompt)]  # type: ignore[typeddict-item]

    # -- generation ----------------------------------------------------------------------------------------------------
    def _body(self, messages: list[Message], sampling: Sampling, *, stream: bool = True) -> dict:
        body = {"model": self.model, "messages": messages, "stream": stream, "max_tokens": sampling.max_tokens,
                "temperature": sampling.temperature, "top_p": sampling.top_p}
        if sampling.seed is not None:
            body["seed"] = sampling.seed
        if sampling.stop:
            body["stop"] = list(sampling.stop)
        if self._optional:
            body |= {"top_k": sampling.top_k, "min_p": sampling.min_p, "repeat_penalty": sampling.repeat_penalty,
                     "chat_template_kwargs": {"enable_thinking": False}}  # hybrid reasoning models answer directly
            if stream:
                body["stream_options"] = {"include_usage": True}
        return body

    def stream(self, prompt: PromptInput, sampling: Sampling = Sampling(), *,
               cancel: threading.Event | None = None, stats: StreamStats | None = None) -> Iterator[str]:
        stats = stats if stats is not None else StreamStats()
        with self.lock:
            self.probe()
            messages = self._messages(prompt)
            stats.prompt_tokens = self.ensure_fits(self.http.count(messages, self.model or ""), sampling.max_tokens)
            stats.finish_reason = "stop"
            try:
                for attempt in range(2):
                    again = yield from self._generate(messages, sampling, cancel, stats, may_retry=attempt == 0)
                    if not again:
                        break
            finally:
                stats.total_s = time.perf_counter() - stats.started

    def _generate(self, messages: list[Message], sampling: Sampling, cancel: threading.Event | None,
                  stats: StreamStats, *, may_retry: bool):
        """Yield the pieces of one streamed answer; return True when it should be sent again without optional fields."""
        self.http.check_down()
        events: queue.Queue = queue.Queue()
        stop = threading.Event()
        reader = threading.Thread(target=self._read, args=(self._body(messages, sampling), events, stop),
                                  name="coach-server-stream", daemon=True)
        reader.start()
        got_data = done = finished = False
        last = time.monotonic()
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    stats.finish_reason = "cancelled"
                    return False
                try:
                    kind, value = events.get(timeout=0.05)
                except queue.Empty:
                    if time.monotonic() - last > self.timeout:
                        raise self.http.failure(httpx.ReadTimeout("no data")) from None
                    continue
                last = time.monotonic()
                if kind == "status":
                    code, text = value
                    if may_retry and code in (400, 422) and self._optional and any(k in text for k in OPTIONAL):
                        self._optional = False  # a strict server: send only the standard fields
                        return True
                    raise self._error(code, text)
                if kind == "error":
                    raise self.http.failure(value)
                if kind == "json":  # the server ignored stream=true and answered at once
                    yield from self._whole(value, stats)
                    return False
                if kind == "alive":
                    continue
                if kind == "end":
                    break
                if not value.startswith("data:"):
                    raise self.http.unreadable()
                payload = value[5:].strip()
                if payload == "[DONE]":
                    done = True
                    break
                got_data = True
                pieces, ended = self._chunk(payload, stats)
                finished = finished or ended
                for piece in pieces:
                    if stats.completion_tokens == 0:
                        stats.ttft_s = time.perf_counter() - stats.started
                    stats.completion_tokens += 1
                    yield piece
            if not done and not got_data:
                # llama-cpp-python's server ends the stream without a word when the prompt overflows its context:
                # the same request without streaming answers with the numbers (or with the answer itself)
                yield from self._whole(self._once(messages, sampling), stats)
            elif not done and not finished:
                raise self.http.cut_off()
            return False
        finally:
            stop.set()  # the reader closes the connection at its next line: the server stops generating

    def _read(self, body: dict, events: queue.Queue, stop: threading.Event) -> None:
        """The reader thread: the response's lines go to ``events``; the stream is closed once ``stop`` is set."""
        try:
            with self.http.client().stream("POST", f"{self.server.base_url}/chat/completions", json=body) as response:
                if response.status_code != 200:
                    text = b""
                    for block in response.iter_bytes():
                        text += block
                        if len(text) > 16_000 or stop.is_set():
                            break
                    events.put(("status", (response.status_code, text.decode("utf-8", "replace"))))
                    return
                if "json" in response.headers.get("content-type", ""):
                    events.put(("json", response.read().decode("utf-8", "replace")))
                    return
                for line in response.iter_lines():
                    if stop.is_set():
                        return
                    if not line.strip() or line.startswith(":"):  # event separators, keep-alive comments
                        events.put(("alive", None))
                    elif not line.startswith(("event:", "id:", "retry:")):
                        events.put(("line", line))
            events.put(("end", None))
        except (httpx.ConnectError, httpx.TimeoutException) as exc:
            events.put(("error", exc))
        except httpx.HTTPError:
            events.put(("end", None))  # cut off: the main thread tells a finished answer from a broken one

    def _chunk(self, payload: str, stats: StreamStats) -> tuple[list[str], bool]:
        """The text pieces of one ``data:`` payload, and whether the server said the answer is finished."""
        if not payload:
            return [], False
        try:
            data = json.loads(payload)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise self.http.unreadable()
        if data.get("error"):
            error = data["error"]
            raise self._error(int(error.get("code") or 500) if isinstance(error, dict) else 500, payload)
        usage = data.get("usage")
        if isinstance(usage, dict) and isinstance(usage.get("prompt_tokens"), int):
            stats.prompt_tokens = usage["prompt_tokens"]
        pieces: list[str] = []
        finished = False
        for choice in (data.get("choices") or [])[:1]:
            if not isinstance(choice, dict):
                raise self.http.unreadable()
            delta = choice.get("delta") or {}
            content = delta.get("content") if isinstance(delta, dict) else None
            if choice.get("finish_reason"):
                stats.finish_reason = "length" if choice["finish_reason"] == "length" else "stop"
                finished = True
            if isinstance(content, str) and content:
                pieces.append(content)
        return pieces, finished

    def _once(self, messages: list[Message], sampling: Sampling) -> str:
        response = self.http.request("POST", f"{self.server.base_url}/chat/completions",
                                     json=self._body(messages, sampling, stream=False))
        if response.status_code != 200:
            raise self._error(response.status_code, response.text[:16_000])
        return response.text

    def _whole(self, text: str, stats: StreamStats) -> Iterator[str]:
        try:
            choice = json.loads(text)["choices"][0]
            content = choice["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise self.http.unreadable() from None
        stats.finish_reason = "length" if choice.get("finish_reason") == "length" else "stop"
        if content:
            stats.ttft_s = time.perf_counter() - stats.started
            stats.completion_tokens += max(1, len(content) // 4)
            yield content

    def _error(self, code: int, text: str) -> CoachError:
        err = self.http.status_error(code, text, self.model)
        if hasattr(err, "context"):  # an overflow told us the real context length: use it from now on
            self._context, self.context_source = err.context, "oplyst af serveren (i en fejlbesked)"  # type: ignore[attr-defined]
        return err
