"""Cheap checks of a GGUF file before llama.cpp ever sees it."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from coach.errors import ModelError

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = {2, 3}


def check_header(path: Path) -> int:
    """Raise ModelError unless ``path`` starts with a GGUF header of a known version; return the version."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ModelError(f"Modelfilen findes ikke: {path}", hint="Hent modellen igen under 'Model'.") from None
    except OSError as exc:
        raise ModelError(f"Modelfilen kunne ikke læses: {path} ({exc.strerror}).") from exc
    if len(head) < 8 or head[:4] != MAGIC:
        raise ModelError(
            f"Filen {path.name} er ikke en GGUF-model (forkert filtype eller ødelagt fil).",
            hint="Hent modellen igen, eller vælg en anden .gguf-fil.",
        )
    (version,) = struct.unpack("<I", head[4:8])
    if version not in SUPPORTED_VERSIONS:
        raise ModelError(f"Filen {path.name} har en GGUF-version ({version}), som appen ikke kender.")
    return version


def sha256_file(path: Path, *, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()
