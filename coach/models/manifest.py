"""A small local manifest of verified model files: path, size and sha256.

A file is only ever loaded if it is in the manifest (or the user picked it explicitly), and a cheap check of
size and GGUF magic runs before each load; the full sha256 is computed once, when the file is installed.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from coach import paths
from coach.errors import ModelError
from coach.models import gguf

_LOCK = threading.Lock()


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model_id: str
    path: str
    size: int
    sha256: str
    verified_at: str
    mtime_ns: int = 0  # when the file was last verified; a later change means: hash it again before use


def _file() -> Path:
    return paths.data_dir() / "models.json"


def _read() -> dict[str, Entry]:
    try:
        raw = json.loads(_file().read_text(encoding="utf-8"))
        return {k: Entry.model_validate(v) for k, v in raw.get("models", {}).items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, ValidationError, AttributeError):
        # A damaged manifest only costs a re-verification; never block the app on it.
        return {}


def _write(entries: dict[str, Entry]) -> None:
    data = {"version": 1, "models": {k: v.model_dump() for k, v in sorted(entries.items())}}
    paths.write_private(_file(), json.dumps(data, indent=2).encode("utf-8"))


def record(model_id: str, path: Path, sha256: str) -> Entry:
    stat = Path(path).stat()
    entry = Entry(
        model_id=model_id,
        path=str(Path(path).resolve()),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        sha256=sha256,
        verified_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    with _LOCK:
        entries = _read()
        entries[model_id] = entry
        _write(entries)
    return entry


def forget(model_id: str) -> None:
    with _LOCK:
        entries = _read()
        if entries.pop(model_id, None) is not None:
            _write(entries)


def get(model_id: str) -> Entry | None:
    return _read().get(model_id)


def check(entry: Entry) -> Path:
    """Cheap pre-load check: the file exists, has the recorded size and a GGUF header."""
    path = Path(entry.path)
    if not path.exists():
        raise ModelError(f"Modelfilen for '{entry.model_id}' mangler: {path}", hint="Hent modellen igen.")
    size = path.stat().st_size
    if size != entry.size:
        raise ModelError(
            f"Modelfilen for '{entry.model_id}' har ændret størrelse ({size} i stedet for {entry.size} bytes) "
            "og er sandsynligvis ødelagt.",
            hint="Hent modellen igen.",
        )
    gguf.check_header(path)
    if entry.mtime_ns and path.stat().st_mtime_ns != entry.mtime_ns:
        # The file was written to since it was verified (same size): only the full hash can tell.
        if gguf.sha256_file(path) != entry.sha256:
            raise ModelError(
                f"Modelfilen for '{entry.model_id}' er blevet ændret og passer ikke længere med kontrolsummen.",
                hint="Hent modellen igen.",
            )
        record(entry.model_id, path, entry.sha256)
    return path
