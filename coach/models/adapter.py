"""The embedded model's Danish task adapter (``tune/``): which file, whether it is the right one, and whether to use it.

The catalogue names the adapter of a model (``adapter``, ``adapter_sha256`` in models.toml). Before llama.cpp ever
sees it, the file must be a GGUF LoRA adapter for Gemma 3, written for exactly this base model (its
``mus_coach.base_sha256`` is the base file's sha256) and be byte for byte the file the catalogue names. Anything
else is refused with a Danish reason, and the app runs on the bare base model instead. ``COACH_NO_ADAPTER=1``,
the setting ``adapter = false`` or ``--no-adapter`` turn it off, e.g. to compare.
"""

from __future__ import annotations

import os
from pathlib import Path

from coach import paths, settings
from coach.errors import ModelError
from coach.models import gguf
from coach.models.catalog import ModelSpec

_VERIFIED: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> sha256, so a file is hashed once


class AdapterError(ModelError):
    """The adapter file is missing, damaged, changed, or belongs to another model."""


def enabled() -> bool:
    if os.environ.get("COACH_NO_ADAPTER", "").strip() not in ("", "0"):
        return False
    return settings.read().get("adapter", True) is not False


def path_of(spec: ModelSpec) -> Path | None:
    return paths.REPO_ROOT / spec.adapter if spec.adapter else None


def verify(path: Path, spec: ModelSpec) -> Path:
    """``path`` if it is this model's adapter, else AdapterError with the reason in Danish."""
    name = path.name
    try:
        meta = gguf.metadata(path)
    except ModelError:
        raise AdapterError(f"Den danske tilpasning ({name}) mangler eller er ikke en GGUF-fil.") from None
    if meta.get("general.type") != "adapter" or meta.get("adapter.type") != "lora":
        raise AdapterError(f"Filen {name} er ikke en LoRA-tilpasning, men {meta.get('general.type') or 'noget andet'}.")
    if meta.get("general.architecture") != "gemma3" or (spec.sha256 and meta.get("mus_coach.base_sha256") != spec.sha256):
        raise AdapterError(f"Tilpasningen {name} hører til en anden model end {spec.label}.")
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _VERIFIED:
        _VERIFIED[key] = gguf.sha256_file(path)
    if spec.adapter_sha256 and _VERIFIED[key] != spec.adapter_sha256:
        raise AdapterError(f"Tilpasningen {name} er ændret eller ødelagt (kontrolsummen passer ikke).")
    return path


def for_model(spec: ModelSpec | None) -> Path | None:
    """The verified adapter to load with ``spec``, None when it has none or it is turned off; AdapterError if bad."""
    if spec is None or not spec.adapter or not enabled():
        return None
    return verify(path_of(spec), spec)  # type: ignore[arg-type]


def status(spec: ModelSpec) -> str:
    """One Danish line for ``coach models list`` and the Model tab, "" for a model without an adapter."""
    if not spec.adapter:
        return ""
    if not enabled():
        return "dansk tilpasning: slået fra (--no-adapter, COACH_NO_ADAPTER eller indstillingen adapter)"
    try:
        verify(path_of(spec), spec)  # type: ignore[arg-type]
    except AdapterError as exc:
        return f"dansk tilpasning: afvist – {exc.message} Modellen kører uden den."
    return f"dansk tilpasning: aktiv ({path_of(spec).name})"  # type: ignore[union-attr]
