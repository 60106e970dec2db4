"""GGUF models already on this machine: found where other apps keep them, used in place, never copied.

Looked for, at call time (so HOME and the variables below can change between calls):

- the Hugging Face cache (``huggingface_hub.scan_cache_dir``, offline): ``$HF_HUB_CACHE``, ``$HF_HOME/hub``,
  ``$XDG_CACHE_HOME/huggingface/hub`` or ``~/.cache/huggingface/hub``;
- LM Studio: ``~/.lmstudio/models``, the older ``~/.cache/lm-studio/models``, and ``downloadsFolder`` from its
  ``settings.json`` (``<publisher>/<repo>/<file>.gguf``);
- Ollama: ``$OLLAMA_MODELS``, ``~/.ollama/models``, ``/usr/share/ollama/.ollama/models``. Its blobs are GGUF files
  named ``sha256-…``; the manifests name them (``manifests/<registry>/<namespace>/<model>/<tag>``, the layer with
  media type ``application/vnd.ollama.image.model``), and a found one is chosen as ``ollama:<model>:<tag>``;
- Jan (``~/.config/Jan/data``, ``~/.local/share/Jan/data``, ``~/jan``) and GPT4All (``~/.local/share/nomic.ai/GPT4All``,
  ``~/.cache/gpt4all``), and their macOS folders.

Every file is checked like any GGUF (``coach.models.gguf``: magic and version) and its ``general.architecture`` is
read; vision projectors (``clip``) and the later parts of split files are left out. Walks are bounded in depth and
entries, and an unreadable folder or file is skipped without a word: discovery never fails.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from coach import paths
from coach.errors import CoachError, ModelError
from coach.models import gguf

OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"
OLLAMA_SYSTEM = Path("/usr/share/ollama/.ollama/models")  # the Linux installer's service user
MAX_ENTRIES = 20_000  # per folder tree: a huge or looping tree costs at most this many directory entries
_SPLIT = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
_NOT_LANGUAGE_MODELS = {"clip", "mmproj"}


@dataclass(frozen=True)
class Found:
    """One GGUF model found on this machine."""

    path: Path
    source: str  # the app that keeps it: "LM Studio", "Ollama", "Hugging Face", "Jan", "GPT4All"
    name: str  # how that app names it
    size: int
    architecture: str
    ref: str  # what ``coach models use`` accepts: the path, or ``ollama:<model>:<tag>``

    @property
    def title(self) -> str:
        return f"{self.name} fra {self.source} (fundet på din maskine)"


# -- GGUF metadata ---------------------------------------------------------------------------------------------------
_INFO_CACHE: dict[tuple, dict[str, str] | None] = {}


def read_info(path: Path, *, max_keys: int = 64) -> dict[str, str] | None:
    """``general.*`` strings of a GGUF file (architecture, name), or None if it is no readable GGUF."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _INFO_CACHE:
        try:
            meta = gguf.metadata(path, max_keys=max_keys)
        except (ModelError, OSError):
            return None
        general = {k[len("general."):]: v for k, v in meta.items() if k.startswith("general.") and isinstance(v, str)}
        _INFO_CACHE[key] = general if "architecture" in general else None
    return _INFO_CACHE[key]


def _check(path: Path) -> tuple[int, str] | None:
    """(size, architecture) of a usable language-model GGUF, else None."""
    split = _SPLIT.search(path.name)
    if split and int(split.group(1)) != 1:
        return None  # llama.cpp loads a split model from its first part
    info = read_info(path)
    if info is None or info["architecture"] in _NOT_LANGUAGE_MODELS or path.name.lower().startswith("mmproj"):
        return None
    try:
        return path.stat().st_size, info["architecture"]
    except OSError:
        return None


# -- walking folders ---------------------------------------------------------------------------------------------------
def _gguf_files(root: Path, max_depth: int) -> list[Path]:
    """.gguf files under ``root`` (at most ``max_depth`` folders down, symlinked folders not followed)."""
    out: list[Path] = []
    budget = [MAX_ENTRIES]

    def walk(folder: Path, depth: int) -> None:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    budget[0] -= 1
                    if budget[0] < 0:
                        return
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if depth < max_depth and not entry.name.startswith("."):
                                walk(Path(entry.path), depth + 1)
                        elif entry.name.lower().endswith(".gguf") and entry.is_file():
                            out.append(Path(entry.path))
                    except OSError:
                        continue
        except OSError:
            return

    walk(root, 0)
    return out


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def _hf_cache() -> Path:
    if _env_path("HF_HUB_CACHE"):
        return _env_path("HF_HUB_CACHE")  # type: ignore[return-value]
    if _env_path("HF_HOME"):
        return _env_path("HF_HOME") / "hub"  # type: ignore[operator]
    return (_env_path("XDG_CACHE_HOME") or _home() / ".cache") / "huggingface" / "hub"


def _huggingface() -> list[tuple[Path, str]]:
    cache = _hf_cache()
    if not cache.is_dir():
        return []
    try:
        from huggingface_hub import scan_cache_dir

        info = scan_cache_dir(cache)
    except Exception:  # noqa: BLE001 - a damaged cache must never break the model list
        return []
    found = []
    for repo in info.repos:
        if repo.repo_type != "model":
            continue
        for revision in repo.revisions:
            for file in revision.files:
                if file.file_name.lower().endswith(".gguf"):
                    try:
                        rel = file.file_path.relative_to(revision.snapshot_path).as_posix()
                    except ValueError:
                        rel = file.file_name
                    found.append((file.file_path, f"{repo.repo_id}/{rel}"))
    return found


def _lmstudio() -> list[tuple[Path, str]]:
    home = _home()
    roots = [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]
    for settings_file in (home / ".lmstudio" / "settings.json", home / ".cache" / "lm-studio" / "settings.json"):
        try:
            folder = json.loads(settings_file.read_text(encoding="utf-8")).get("downloadsFolder")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(folder, str) and folder:
            roots.insert(0, Path(folder).expanduser())
    found = []
    for root in dict.fromkeys(roots):
        for path in _gguf_files(root, max_depth=4):
            rel = path.relative_to(root)
            if len(rel.parts) >= 2:  # LM Studio ignores files at the root of its models folder
                found.append((path, rel.as_posix()))
    return found


def _ollama_roots() -> list[Path]:
    roots = [_env_path("OLLAMA_MODELS"), _home() / ".ollama" / "models", OLLAMA_SYSTEM]
    return list(dict.fromkeys(r for r in roots if r is not None))


def _ollama_name(registry: str, namespace: str, model: str, tag: str) -> str:
    if registry == "registry.ollama.ai":
        return f"{model}:{tag}" if namespace == "library" else f"{namespace}/{model}:{tag}"
    return f"{registry}/{namespace}/{model}:{tag}"


def _ollama() -> list[tuple[Path, str]]:
    found = []
    for root in _ollama_roots():
        manifests = root / "manifests"
        budget = MAX_ENTRIES
        try:
            if not manifests.is_dir():
                continue
            files = (p for p in manifests.glob("*/*/*/*"))
            for manifest_file in files:
                budget -= 1
                if budget < 0:
                    break
                try:
                    if not manifest_file.is_file() or manifest_file.stat().st_size > 1_000_000:
                        continue
                    layers = json.loads(manifest_file.read_text(encoding="utf-8")).get("layers", [])
                    digest = next(layer["digest"] for layer in layers if layer.get("mediaType") == OLLAMA_MODEL_LAYER)
                except (OSError, ValueError, AttributeError, KeyError, TypeError, StopIteration):
                    continue
                if not isinstance(digest, str) or not re.fullmatch(r"sha256:[0-9a-f]{64}", digest):
                    continue
                registry, namespace, model, tag = manifest_file.relative_to(manifests).parts
                found.append((root / "blobs" / digest.replace(":", "-"), _ollama_name(registry, namespace, model, tag)))
        except OSError:
            continue
    return found


def _flat(source_roots: list[Path], depth: int, strip: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    found = []
    for root in dict.fromkeys(source_roots):
        for path in _gguf_files(root, max_depth=depth):
            rel = path.relative_to(root).as_posix()
            for prefix in strip:
                rel = rel.removeprefix(prefix)
            found.append((path, rel))
    return found


def _jan() -> list[tuple[Path, str]]:
    home = _home()
    config = _env_path("XDG_CONFIG_HOME") or home / ".config"
    roots = [config / "Jan" / "data", home / ".local" / "share" / "Jan" / "data", home / "jan",
             home / "Library" / "Application Support" / "Jan" / "data"]
    return _flat(roots, depth=6, strip=("llamacpp/models/", "models/huggingface.co/", "models/"))


def _gpt4all() -> list[tuple[Path, str]]:
    home = _home()
    data = _env_path("XDG_DATA_HOME") or home / ".local" / "share"
    roots = [data / "nomic.ai" / "GPT4All", home / "Library" / "Application Support" / "nomic.ai" / "GPT4All",
             home / ".cache" / "gpt4all"]
    return _flat(roots, depth=2)


SOURCES = {"LM Studio": _lmstudio, "Ollama": _ollama, "Hugging Face": _huggingface, "Jan": _jan, "GPT4All": _gpt4all}


def scan() -> list[Found]:
    """Every usable GGUF model found on this machine, once each (the app's own model folder left out)."""
    try:
        own = paths.models_dir().resolve()
    except OSError:
        own = None
    seen: set[str] = set()
    out: list[Found] = []
    for source, finder in SOURCES.items():
        try:
            candidates = finder()
        except (OSError, CoachError, ValueError):
            continue
        for path, name in candidates:
            try:
                real = path.resolve()
            except (OSError, RuntimeError):
                continue
            if str(real) in seen or (own is not None and real.is_relative_to(own)):
                continue
            checked = _check(real)
            if checked is None:
                continue
            seen.add(str(real))
            size, arch = checked
            ref = f"ollama:{name}" if source == "Ollama" else str(path)
            out.append(Found(path=real if source == "Ollama" else path, source=source, name=name, size=size,
                             architecture=arch, ref=ref))
    return out


def ollama_model(name: str) -> Found:
    """A model from Ollama's store by its Ollama name (``gemma3`` means ``gemma3:latest``)."""
    wanted = name.strip() if ":" in name.split("/")[-1] else f"{name.strip()}:latest"
    for found in scan():
        if found.source == "Ollama" and found.name == wanted:
            return found
    known = ", ".join(f.name for f in scan() if f.source == "Ollama") or "ingen"
    raise ModelError(f"Ollama-modellen '{name}' blev ikke fundet på denne computer.",
                     hint=f"Fundne Ollama-modeller: {known}.")
