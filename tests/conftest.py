"""Test set-up: user state in a temp dir, no telemetry, the fake backend unless a test asks for the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ.pop("COACH_MODEL", None)
os.environ.pop("COACH_BACKEND", None)


@pytest.fixture(autouse=True)
def coach_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own user data and cache dirs."""
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_MODEL", raising=False)
    monkeypatch.delenv("COACH_BACKEND", raising=False)
    from coach.backend import runtime

    runtime.reset()
    yield home
    runtime.reset()


@pytest.fixture(scope="session")
def embedded_path(tmp_path_factory) -> Path:
    """The embedded model, assembled once per test session into its own cache dir."""
    from coach.models import embedded
    from coach.models.catalog import load_catalog

    home = tmp_path_factory.mktemp("embedded-home")
    old = os.environ.get("COACH_HOME")
    os.environ["COACH_HOME"] = str(home)
    try:
        return embedded.ensure(load_catalog().embedded)
    finally:
        if old is None:
            os.environ.pop("COACH_HOME", None)
        else:
            os.environ["COACH_HOME"] = old


@pytest.fixture(scope="session")
def embedded_backend(embedded_path):
    """One real llama.cpp backend on the embedded model, shared by the tests marked ``embedded``."""
    from coach.backend.llama import LlamaBackend
    from coach.models.catalog import load_catalog

    spec = load_catalog().embedded
    backend = LlamaBackend(embedded_path, name=spec.id, prompt_style=spec.prompt_style,
                           context_size=spec.context_length)
    backend.load()
    yield backend
    backend.close()
