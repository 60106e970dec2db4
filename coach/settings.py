"""The user's small settings file (active model, last opened workspace), 0600 in the user data dir."""

from __future__ import annotations

import json
from pathlib import Path

from coach import paths


def _file() -> Path:
    return paths.data_dir() / "settings.json"


def read() -> dict:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write(**changes) -> None:
    data = read() | changes
    paths.write_private(_file(), json.dumps(data, indent=2).encode("utf-8"))
