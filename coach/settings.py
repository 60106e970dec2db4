"""The user's small settings file (active model, last opened workspace, threads), 0600 in the user data dir."""

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


def threads():
    """The ``threads`` setting as written ("auto", 2, "1,2" ...), or None; coach.backend.threads reads it."""
    return read().get("threads")


def forget_secrets() -> None:
    """Remove every saved API key (what «Slet alle mine data» must not leave behind); addresses stay."""
    servers = read().get("servers")
    if isinstance(servers, dict) and any(isinstance(v, dict) and "api_key" in v for v in servers.values()):
        write(servers={k: {kk: vv for kk, vv in v.items() if kk != "api_key"} if isinstance(v, dict) else v
                       for k, v in servers.items()})
