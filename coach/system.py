"""Facts about this machine that decide what the app can do: RAM, disk, physical cores."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psutil

GIB = 1024**3


def physical_cores() -> int:
    """Physical cores this process may use (llama.cpp decode is slower with SMT siblings)."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        allowed = os.cpu_count() or 1
    physical = psutil.cpu_count(logical=False) or allowed
    return max(1, min(allowed, physical))


def total_ram() -> int:
    return int(psutil.virtual_memory().total)


def available_ram() -> int:
    return int(psutil.virtual_memory().available)


def free_disk(path: Path) -> int:
    path = Path(path)
    while not path.exists():
        path = path.parent
    return int(shutil.disk_usage(path).free)


def gb(n_bytes: int | float) -> str:
    """Bytes as Danish GB text: 7,3 GB."""
    return f"{n_bytes / 1e9:.1f}".replace(".", ",") + " GB"
