"""Where MUS Coach keeps its files: the user's data and cache dirs (platformdirs).

``COACH_HOME`` overrides both (tests and portable installs). Directories are created 0700.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mus-coach"
REPO_ROOT = Path(__file__).resolve().parent.parent


def _ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        path.chmod(0o700)
    except OSError:  # e.g. a filesystem without POSIX permissions
        pass
    return path


def data_dir() -> Path:
    """The user's data dir: workspace store, settings, model manifest."""
    home = os.environ.get("COACH_HOME")
    base = Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return _ensure_private_dir(base)


def cache_dir() -> Path:
    """The user's cache dir: models (the embedded one and downloads)."""
    home = os.environ.get("COACH_HOME")
    base = Path(home) / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    return _ensure_private_dir(base)


def models_dir() -> Path:
    return _ensure_private_dir(cache_dir() / "models")


def temp_dir() -> Path:
    """A private temp dir (0700) for Gradio uploads and exports, never the system-wide /tmp."""
    return _ensure_private_dir(cache_dir() / "tmp")


def prompts_dir() -> Path:
    return Path(os.environ.get("COACH_PROMPTS_DIR", REPO_ROOT / "prompts"))


def content_dir() -> Path:
    """Danish domain content as data (lexicons, question banks, checklists): ``content/`` beside ``prompts/``."""
    return Path(os.environ.get("COACH_CONTENT_DIR", REPO_ROOT / "content"))


def catalog_path() -> Path:
    return Path(os.environ.get("COACH_CATALOG", REPO_ROOT / "models.toml"))


def write_private(path: Path, data: bytes) -> None:
    """Write a file atomically with 0600 permissions (temp file in the same dir, fsync, replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
