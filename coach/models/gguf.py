"""Cheap checks of a GGUF file before llama.cpp ever sees it, and its metadata (the key/value header)."""

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


_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


def metadata(path: Path, *, max_keys: int = 64, read_bytes: int = 256 * 1024) -> dict[str, object]:
    """The header's scalar and string values (``general.architecture``, ``adapter.lora.alpha`` …), read from the
    first ``read_bytes``; reading stops at the first array of strings (a tokenizer's vocabulary). Raises ModelError
    for a file that is not a GGUF of a known version."""
    check_header(path)
    with Path(path).open("rb") as fh:
        data = fh.read(read_bytes)
    out: dict[str, object] = {}

    def string(at: int) -> tuple[str, int]:
        (n,) = struct.unpack_from("<Q", data, at)
        if n > 65536 or at + 8 + n > len(data):
            raise ValueError("string too long")
        return data[at + 8: at + 8 + n].decode("utf-8", "replace"), at + 8 + n

    try:
        (n_kv,) = struct.unpack_from("<Q", data, 16)
        pos = 24
        for _ in range(min(n_kv, max_keys)):
            name, pos = string(pos)
            (kind,) = struct.unpack_from("<I", data, pos)
            pos += 4
            if kind == 8:
                out[name], pos = string(pos)
            elif kind in _SCALARS:
                (out[name],) = struct.unpack_from(_SCALARS[kind], data, pos)
                pos += struct.calcsize(_SCALARS[kind])
            elif kind == 9:
                (item, n) = struct.unpack_from("<IQ", data, pos)
                if item not in _SCALARS:
                    break  # an array of strings or arrays: past the general keys
                pos += 12 + n * struct.calcsize(_SCALARS[item])
            else:
                break
    except (struct.error, ValueError):
        pass  # a cut or odd header: whatever was read before it counts
    return out
