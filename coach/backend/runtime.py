"""The one backend the process uses: created lazily, replaced (old one closed) when the model changes.

A model is a catalogue id, a GGUF file (loaded in this process by llama.cpp) or an OpenAI-compatible server
address (``http://127.0.0.1:11434/v1#gemma3:12b``, see ``coach.models.registry``), wherever a model is accepted.
``COACH_BACKEND=fake`` selects the deterministic fake model (tests, UI demos without a model).
"""

from __future__ import annotations

import os
import threading

from coach.backend import Backend, FakeBackend
from coach.models import adapter, registry

_LOCK = threading.Lock()
_current: tuple[str, Backend] | None = None


def _create(choice: registry.Choice) -> Backend:
    if choice.server is not None:
        from coach.backend.openai_server import ServerBackend

        server = choice.server
        context = registry.server_setting(server, "context") or os.environ.get("COACH_N_CTX")
        return ServerBackend(server, api_key=registry.api_key(server), context_size=int(context) if context else None)
    from coach.backend.llama import LlamaBackend

    spec = choice.spec
    notice = ""
    try:
        lora = adapter.for_model(spec)
    except adapter.AdapterError as exc:  # run on the bare base model, and say why
        lora, notice = None, f"{exc.message} Appen bruger modellen uden sin danske tilpasning."
    backend = LlamaBackend(
        registry.model_file(choice),
        name=choice.id + ("+da" if lora else ""),
        prompt_style=spec.prompt_style if spec else None,
        context_size=spec.context_length if spec else None,
        adapter=lora,
    )
    backend.notice = notice
    return backend


def open_backend(model: str | None = None) -> Backend:
    """The shared backend for ``model`` (an id, path or server address; default: the active model)."""
    global _current
    if os.environ.get("COACH_BACKEND") == "fake":
        with _LOCK:
            if _current is None or not isinstance(_current[1], FakeBackend):
                _current = ("fake", FakeBackend())
            return _current[1]
    choice = registry.resolve(model, registry.load_catalog()) if model else registry.active()
    key = f"{choice.id}|adapter={adapter.enabled()}"
    with _LOCK:
        if _current is not None and _current[0] == key:
            return _current[1]
        backend = _create(choice)
        if _current is not None:
            _current[1].close()  # one model in memory at a time
        _current = (key, backend)
        return backend


def reset() -> None:
    """Close and forget the current backend (tests, model switch)."""
    global _current
    with _LOCK:
        if _current is not None:
            _current[1].close()
        _current = None
