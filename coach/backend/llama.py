"""The real backend: one GGUF model through llama-cpp-python.

- Loads lazily, once, under the backend's lock; one lock serialises every use of the model.
- Base models (no chat template, e.g. the embedded Gemma 3 270M) get plain completion prompts. Instruct models
  are prompted through the chat template embedded in their GGUF, rendered here, so llama-cpp-python's silent
  ``llama-2`` fallback is never used.
- Prompts are sent as token lists: the template's own markup is tokenised with special tokens, user text is
  always tokenised as plain text, so "<end_of_turn>" typed in notes is just characters.
- A prompt that does not leave room for the answer is refused with the numbers, never truncated.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from coach import system
from coach.backend import threads
from coach.backend.base import Backend, PromptInput, Sampling, StreamStats
from coach.errors import ModelError, ResourceError
from coach.models import gguf

DEFAULT_CONTEXT = 8192
_SENTINEL = "\ue000{}\ue001"
_LOG_CALLBACK = None


def _silence_llama_cpp() -> None:
    """Route llama.cpp's own log lines to nowhere: they go to stderr otherwise, even with verbose=False."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is not None:
        return
    import ctypes

    threads.prepare_environment()  # before the first import of llama_cpp: libgomp reads it once

    import llama_cpp

    @llama_cpp.llama_log_callback
    def _quiet(level, text, user_data):  # noqa: ARG001 - C callback signature
        return None

    _LOG_CALLBACK = _quiet  # keep a reference: the C side holds only a pointer
    llama_cpp.llama_log_set(_LOG_CALLBACK, ctypes.c_void_p(0))


class LlamaBackend(Backend):
    def __init__(
        self,
        model_path: Path,
        *,
        name: str | None = None,
        prompt_style: str | None = None,
        context_size: int | None = None,
        n_threads: int | None = None,
        adapter: Path | None = None,
    ) -> None:
        super().__init__()
        self.model_path = Path(model_path)
        self.name = name or self.model_path.name
        self._declared_style = prompt_style
        self.adapter = Path(adapter) if adapter else None  # a verified LoRA (coach.models.adapter), applied at load
        self._n_ctx = int(os.environ.get("COACH_N_CTX", 0)) or min(context_size or DEFAULT_CONTEXT, DEFAULT_CONTEXT)
        self.threads = threads.choose(n_threads)  # argument > COACH_THREADS > settings > auto (coach.backend.threads)
        self.n_threads, self.n_threads_batch = self.threads.n_threads, self.threads.n_threads_batch
        self._tuner: threads.Tuner | None = None
        self._llm = None
        self._formatter = None
        self.load_seconds: float | None = None
        self.prompt_style = prompt_style or "completion"  # type: ignore[assignment]

    # -- loading -------------------------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def load(self):
        """Load the model if it is not loaded yet; return the llama_cpp.Llama object."""
        with self.lock:
            if self._llm is None:
                self._load()
            return self._llm

    def use_chat_template(self, template: str) -> None:
        """Drive this model with a chat template (the GGUF's own, or one given for a model that lacks it)."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm = self.load()
        bos = llm._model.token_get_text(llm.token_bos()) if llm.token_bos() >= 0 else ""
        eos = llm._model.token_get_text(llm.token_eos()) if llm.token_eos() >= 0 else ""
        self._formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        self.prompt_style = "chat"  # type: ignore[assignment]

    def _load(self) -> None:
        gguf.check_header(self.model_path)
        size = self.model_path.stat().st_size
        if size * 1.1 > system.available_ram():
            raise ResourceError(
                f"Der er ikke nok fri hukommelse til modellen: den kræver mindst {system.gb(size * 1.1)}, "
                f"men der er kun {system.gb(system.available_ram())} fri.",
                hint="Luk andre programmer, eller vælg en mindre model.",
            )
        threads.prepare_environment()  # before the first import of llama_cpp: libgomp reads it once
        import llama_cpp

        _silence_llama_cpp()
        started = time.perf_counter()
        try:
            llm = llama_cpp.Llama(
                model_path=str(self.model_path),
                n_ctx=self._n_ctx,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads_batch,
                n_batch=512,
                # Gemma 3 SWA: a full-size window cache keeps prefix reuse correct after a rollback (regenerate,
                # undo); cheap for small models, gigabytes for 12B, where we accept re-processing instead.
                swa_full=size < 2_000_000_000,
                logits_all=False,
                lora_path=str(self.adapter) if self.adapter else None,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(
                f"Modellen {self.model_path.name} kunne ikke indlæses. Filen er måske ødelagt eller af en type, "
                "som denne version af llama.cpp ikke kender.",
                hint="Hent modellen igen, eller vælg en anden.",
            ) from exc
        self.load_seconds = time.perf_counter() - started
        template = llm.metadata.get("tokenizer.chat_template")
        style = self._declared_style or ("chat" if template else "completion")
        if style == "chat" and not template:
            llm.close()
            raise ModelError(f"Modellen {self.model_path.name} er angivet som chatmodel, men har ingen chatskabelon.")
        # llama-cpp-python silently picks "llama-2" for a GGUF without a template; make any accidental
        # create_chat_completion fail loudly instead of using the wrong format.
        llm.chat_format = None
        llm.chat_handler = None
        self.prompt_style = style  # type: ignore[assignment]
        self._llm = llm
        self._tuner = threads.tuner_for(self.threads, llm)
        if style == "chat":
            self.use_chat_template(template)

    def close(self) -> None:
        with self.lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None
                self._tuner = None

    @property
    def context_size(self) -> int:
        return self._n_ctx

    # -- tokenisation ---------------------------------------------------------------------------------------
    def tokens(self, prompt: PromptInput) -> list[int]:
        """The exact token list sent to the model; user text never becomes special tokens."""
        llm = self.load()
        if isinstance(prompt, str):
            if self.prompt_style == "chat":
                prompt = [{"role": "user", "content": prompt}]
            else:
                bos = [llm.token_bos()] if llm.token_bos() >= 0 else []
                return bos + llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=False)
        assert self._formatter is not None, "chat prompt for a completion model"
        # Render the template around sentinels, then tokenise markup (special) and content (plain) separately.
        masked = [{"role": m["role"], "content": _SENTINEL.format(i)} for i, m in enumerate(prompt)]
        # enable_thinking=False: hybrid reasoning models (Qwen3) answer directly; other templates ignore it
        rendered = self._formatter(messages=masked, enable_thinking=False).prompt
        out: list[int] = []
        rest = rendered
        for i, message in enumerate(prompt):
            marker = _SENTINEL.format(i)
            head, _, rest = rest.partition(marker)
            if head:
                out += llm.tokenize(head.encode("utf-8"), add_bos=False, special=True)
            if message["content"]:
                out += llm.tokenize(message["content"].encode("utf-8"), add_bos=False, special=False)
        if rest:
            out += llm.tokenize(rest.encode("utf-8"), add_bos=False, special=True)
        return out

    def count_tokens(self, prompt: PromptInput) -> int:
        with self.lock:
            return len(self.tokens(prompt))

    # -- generation -----------------------------------------------------------------------------------------
    def stream(
        self,
        prompt: PromptInput,
        sampling: Sampling = Sampling(),
        *,
        cancel: threading.Event | None = None,
        stats: StreamStats | None = None,
    ) -> Iterator[str]:
        stats = stats if stats is not None else StreamStats()
        with self.lock:
            llm = self.load()
            tokens = self.tokens(prompt)
            stats.prompt_tokens = self.ensure_fits(len(tokens), sampling.max_tokens)
            stops = list(sampling.stop)
            if self.prompt_style == "chat":
                stops += [s for s in ("<end_of_turn>", "<|im_end|>", "</s>", "<|eot_id|>") if s not in stops]
            chunks = llm.create_completion(
                prompt=tokens,
                max_tokens=sampling.max_tokens,
                temperature=sampling.temperature,
                top_k=sampling.top_k,
                top_p=sampling.top_p,
                min_p=sampling.min_p,
                repeat_penalty=sampling.repeat_penalty,
                seed=sampling.seed,
                stop=stops,
                stream=True,
            )
            stats.finish_reason = "stop"
            tuner = self._tuner
            if tuner is not None:
                tuner.reset()
            try:
                for chunk in chunks:
                    if cancel is not None and cancel.is_set():
                        stats.finish_reason = "cancelled"
                        break
                    choice = chunk["choices"][0]
                    piece = choice.get("text") or ""
                    if choice.get("finish_reason"):
                        stats.finish_reason = choice["finish_reason"]
                    if piece:
                        if stats.completion_tokens == 0:
                            stats.ttft_s = time.perf_counter() - stats.started
                        stats.completion_tokens += 1
                        if tuner is not None:
                            tuner.tick(llm.n_tokens)
                        yield piece
            finally:
                chunks.close()
                # chunks may carry several tokens (UTF-8 and stop-string hold-back): count from the context
                stats.completion_tokens = max(stats.completion_tokens, llm.n_tokens - len(tokens) + 1)
                stats.total_s = time.perf_counter() - stats.started
