"""The one backend the process uses: created lazily, replaced (old one closed) when the model changes.

``COACH_BACKEND=fake`` selects the deterministic fake model (tests, UI demos without a model).
"""

from __future__ import annotations

import os
import threading

from coach.backend import Backend, FakeBackend
from coach.models import registry

_LOCK = threading.Lock()
_current: tuple[str, Backend] | None = None


def open_backend(model: str | None = None) -> Backend:
    """The shared backend for ``model`` (an id or path; default: the active model)."""
    global _current
    if os.environ.get("COACH_BACKEND") == "fake":
        with _LOCK:
            if _current is None or not isinstance(_current[1], FakeBackend):
                _current = ("fake", FakeBackend())
            return _current[1]
    choice = registry._resolve(model, registry.load_catalog()) if model else registry.active()
    with _LOCK:
        if _current is not None and _current[0] == choice.id:
            return _current[1]
        from coach.backend.llama import LlamaBackend

        path = registry.model_file(choice)
        spec = choice.spec
        backend = LlamaBackend(
            path,
            name=choice.id,
            prompt_style=spec.prompt_style if spec else None,
            context_size=spec.context_length if spec else None,
        )
        if _current is not None:
            _current[1].close()  # one model in memory at a time
        _current = (choice.id, backend)
        return backend


def reset() -> None:
    """Close and forget the current backend (tests, model switch)."""
    global _current
    with _LOCK:
        if _current is not None:
            _current[1].close()
        _current = None
