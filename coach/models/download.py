"""Download catalogue models from Hugging Face, safely.

Public API:

- :func:`preflight` raises :class:`ResourceError` when disk or RAM is too small, before anything is fetched.
- :func:`download` fetches one model with huggingface_hub, verifies it and installs it; all or nothing.
- :func:`is_installed` says whether a verified copy is already on disk (cheap check, no hashing).

How a download works (see reliability.md §3):

1. Pre-flight: free disk at ``models_dir()`` must be at least the model size + 10 %, and total RAM at least
   ``min_ram_gb`` (skipped with ``force=True``; disk is never skipped).
2. One download per model at a time: a file lock ``models_dir()/.download-<id>.lock`` (filelock, works across
   processes). A second download of the same model **does not wait**: it fails at once with a Danish
   "en download er allerede i gang" :class:`DownloadError` (a UI should show the running download's progress
   instead; a blocked worker thread could not be cancelled). If the model turns out to be installed by then, the
   installed path is returned instead.
3. Stale staging dirs (``.staging-<hex>``) left by crashed runs are removed. Each live staging dir is guarded by
   its own lock ``.staging-<hex>.lock``, taken before the dir is created, so a running download in another
   process or thread is never cleaned away.
4. ``hf_hub_download(local_dir=<staging>)`` over plain HTTP (Xet disabled) with a private cache dir inside the
   staging dir, so nothing is written to the user's global Hugging Face cache. Byte progress comes from the
   ``tqdm_class`` hook; cancel is checked on every progress tick (a 1 MiB read) and raises from the hook.
5. The sha256 is computed (cancel checked per MiB) and compared with the catalogue; the GGUF magic is checked.
6. The file is made 0600, moved with ``os.replace`` to ``models_dir()/<filename>`` and recorded in the manifest.

On any failure or cancel the staging dir is removed and nothing new is left at the final path; the error is a
:class:`DownloadError` with a Danish message (cancel: :class:`DownloadCancelled`, which is both a DownloadError
and a CancelledError).

What huggingface_hub (2.x, plain HTTP path) does itself: it retries a dropped or timed-out body read up to 5
times with ``Range`` (1 s pause each; the count resets whenever bytes arrive), falls back to a full re-read if the
server ignores ``Range``, and raises "Consistency check failed" when the size is wrong. It does **not** retry a
connection reset (``ReadError``), it does not check hashes, and it does not resume across runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach import paths, system
from coach.errors import DownloadError, ModelError, ResourceError
from coach.models import gguf, manifest
from coach.models.catalog import ModelSpec
from coach.models.hub import DISK_MARGIN, DownloadCancelled, _Cancelled, _Hub, _hub, _translate

ProgressCallback = Callable[[int, int], None]

_STAGING_PREFIX = ".staging-"
_HASH_CHUNK = 1024 * 1024


# ---------------------------------------------------------------------------------------------------------------
# Pre-flight and installed check
# ---------------------------------------------------------------------------------------------------------------


def preflight(spec: ModelSpec, *, check_ram: bool = True) -> None:
    """Raise ResourceError unless there is room on disk (size + 10 %) and, if ``check_ram``, enough total RAM."""
    target = paths.models_dir()
    need = int(spec.size_bytes * (1 + DISK_MARGIN))
    free = system.free_disk(target)
    if free < need:
        raise ResourceError(
            f"Der er ikke plads nok på disken: modellen fylder {system.gb(spec.size_bytes)}, "
            f"men der er kun {system.gb(free)} fri i {target}.",
            hint=f"Der skal være mindst {system.gb(need)} fri (modellen plus 10 % margen). "
            "Ryd op på disken, og prøv igen.",
        )
    if check_ram:
        need_ram = int(spec.min_ram_gb * 1e9)
        total = system.total_ram()
        if total < need_ram:
            raise ResourceError(
                f"Computeren har for lidt hukommelse til modellen '{spec.label}': den kræver mindst "
                f"{system.gb(need_ram)} RAM, men computeren har kun {system.gb(total)}.",
                hint="Vælg en mindre model. Du kan hente den alligevel, men den vil sandsynligvis køre meget "
                "langsomt eller slet ikke kunne starte.",
            )


def is_installed(spec: ModelSpec) -> Path | None:
    """The verified file for ``spec`` if the manifest has it and the cheap check passes, else None."""
    entry = manifest.get(spec.id)
    if entry is None:
        return None
    if spec.sha256 is not None and entry.sha256 != spec.sha256:
        return None  # the catalogue now points at another file
    try:
        return manifest.check(entry)
    except ModelError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# Download
# ---------------------------------------------------------------------------------------------------------------


def download(
    spec: ModelSpec,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    endpoint: str | None = None,
    token: str | None = None,
    force: bool = False,
) -> Path:
    """Download, verify and install ``spec``; return the installed path.

    ``progress(done, total)`` is called from the calling thread on each received chunk (1 MiB); ``done`` can go
    down if the library restarts a file whose server ignored ``Range``. Setting ``cancel`` stops the download at
    the next tick (or during the checksum pass) with :class:`DownloadCancelled`. ``endpoint`` overrides the Hub
    URL (default: ``HF_ENDPOINT`` or huggingface.co); ``token`` is the Hugging Face token for gated models (default:
    the one stored by ``hf auth login``, if any). ``force`` skips the RAM check (never the disk check).

    Run it in a worker thread: it blocks for the whole download and the checksum pass.
    """
    if spec.source != "huggingface":
        raise DownloadError(f"Modellen '{spec.label}' følger med appen og skal ikke hentes.")
    if cancel is not None and cancel.is_set():
        raise DownloadCancelled()
    installed = is_installed(spec)
    if installed is not None:
        _report_done(progress, installed)
        return installed
    preflight(spec, check_ram=not force)

    hub = _hub()
    models = paths.models_dir()
    model_lock = hub.FileLock(str(models / f".download-{spec.id}.lock"))
    try:
        model_lock.acquire(timeout=0)
    except hub.Timeout:
        raise DownloadError(
            f"En download af '{spec.label}' er allerede i gang.",
            hint="Vent til den er færdig, eller stop den først.",
        ) from None
    try:
        installed = is_installed(spec)  # another process may have finished it while we got here
        if installed is not None:
            _report_done(progress, installed)
            return installed
        _clean_stale_staging(models, hub)
        return _download_locked(spec, models, hub, progress=progress, cancel=cancel, endpoint=endpoint, token=token)
    finally:
        model_lock.release()


def _download_locked(
    spec: ModelSpec,
    models: Path,
    hub: "_Hub",
    *,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
    endpoint: str | None,
    token: str | None,
) -> Path:
    name = f"{_STAGING_PREFIX}{uuid.uuid4().hex}"
    staging = models / name
    staging_lock = hub.FileLock(str(models / f"{name}.lock"))
    staging_lock.acquire(timeout=0)  # unique name, so free; held until the staging dir is gone (see cleanup)
    final = models / spec.filename
    try:
        try:
            staging.mkdir(mode=0o700)
            fetched = Path(
                hub.hf_hub_download(
                    repo_id=spec.repo_id,
                    filename=spec.filename,
                    revision=spec.revision,
                    local_dir=staging,
                    cache_dir=staging / ".hf-cache",
                    endpoint=endpoint,
                    token=token,
                    tqdm_class=_progress_class(progress, cancel, spec.size_bytes),
                )
            )
            _check_cancel(cancel)
            digest = _sha256(fetched, cancel)
            if spec.sha256 is not None and digest != spec.sha256:
                raise DownloadError(
                    "Den hentede fil er ikke den forventede (kontrolsummen passer ikke), så den er slettet igen.",
                    hint="Prøv at hente modellen igen. Sker det igen, er filen på serveren ændret, og "
                    "modelkataloget skal opdateres.",
                )
            try:
                gguf.check_header(fetched)
            except ModelError:
                raise DownloadError(
                    "Den hentede fil er ikke en GGUF-model, så den er slettet igen.",
                    hint="Modelkataloget peger måske på en forkert fil.",
                ) from None
            os.chmod(fetched, 0o600)
            _check_cancel(cancel)
            os.replace(fetched, final)
            try:
                manifest.record(spec.id, final, digest)
            except BaseException:
                final.unlink(missing_ok=True)
                try:
                    manifest.forget(spec.id)
                except Exception:  # pragma: no cover - the manifest write failed already
                    pass
                raise
            return final
        except DownloadError:
            raise
        except _Cancelled:
            raise DownloadCancelled() from None
        except Exception as exc:
            raise _translate(exc, spec, models, endpoint) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        staging_lock.release()
        _unlink_quietly(models / f"{name}.lock")


def _report_done(progress: ProgressCallback | None, path: Path) -> None:
    if progress is not None:
        size = path.stat().st_size
        progress(size, size)


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise _Cancelled()


def _progress_class(progress: ProgressCallback | None, cancel: threading.Event | None, fallback_total: int) -> type:
    """A minimal tqdm stand-in for ``hf_hub_download(tqdm_class=...)``: reports bytes and raises on cancel.

    huggingface_hub instantiates it with tqdm keyword arguments (total, initial, desc, unit, ...) because it is not
    a subclass of its own tqdm, uses it as a context manager and calls ``update(n)`` per chunk (n is negative once
    when a server ignored ``Range`` on a retry and the file restarts from 0). It is reused across in-run retries.
    """

    class _Hook:
        def __init__(self, *args: Any, total: int | None = None, initial: int = 0, **kwargs: Any) -> None:
            self.total = int(total) if total else fallback_total
            self.n = int(initial or 0)
            _check_cancel(cancel)
            if progress is not None:
                progress(self.n, self.total)

        def update(self, n: int = 1) -> None:
            self.n = max(0, self.n + int(n))
            _check_cancel(cancel)
            if progress is not None:
                progress(self.n, self.total)

        def close(self) -> None:
            pass

        def __enter__(self) -> "_Hook":
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

    return _Hook


def _sha256(path: Path, cancel: threading.Event | None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_HASH_CHUNK):
            _check_cancel(cancel)
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Staging cleanup
# ---------------------------------------------------------------------------------------------------------------


def _clean_stale_staging(models: Path, hub: "_Hub") -> None:
    """Remove ``.staging-*`` dirs whose guard lock nobody holds (left by a crashed or killed run)."""
    try:
        entries = list(models.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(_STAGING_PREFIX) or entry.name.endswith(".lock") or not entry.is_dir():
            continue
        lock_path = entry.with_name(entry.name + ".lock")
        guard = hub.FileLock(str(lock_path))
        try:
            guard.acquire(timeout=0)
        except hub.Timeout:
            continue  # a live download owns it
        except OSError:
            continue
        try:
            shutil.rmtree(entry, ignore_errors=True)
        finally:
            guard.release()
            _unlink_quietly(lock_path)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # e.g. Windows while another handle is open; harmless leftover
        pass


__all__ = ["DISK_MARGIN", "DownloadCancelled", "download", "is_installed", "preflight"]
