"""The huggingface_hub side of a download: the few names it needs, imported lazily, and its errors in Danish.

Used by :mod:`coach.models.download`; kept apart so that the download's own steps read on their own.
"""

from __future__ import annotations

import errno
import importlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from coach import system
from coach.errors import CancelledError, DownloadError
from coach.models.catalog import ModelSpec

#: Free disk needed on top of the model size.
DISK_MARGIN = 0.10
#: Read size of the HTTP body, i.e. one progress tick and the cancel latency (huggingface_hub's default is 10 MiB).
PROGRESS_CHUNK = 1024 * 1024


class DownloadCancelled(DownloadError, CancelledError):
    """The user stopped the download; nothing was kept."""

    exit_code = CancelledError.exit_code

    def __init__(self, message: str = "Downloaden blev stoppet. Der er ikke gemt nogen halv fil.") -> None:
        CancelledError.__init__(self, message)


class _Cancelled(Exception):
    """Raised from the progress hook to unwind huggingface_hub when the cancel event is set."""




class _Hub:
    """The few huggingface_hub / filelock names this module uses, imported lazily (the import is not free)."""

    def __init__(self) -> None:
        # Plain HTTP only: the Xet path has its own transfer client (no per-chunk hook, other failure modes).
        # HF_HUB_DISABLE_XET is read once at import, so also set the constant in case huggingface_hub was
        # imported already (gradio imports it).
        os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
        from filelock import FileLock, Timeout
        from huggingface_hub import constants, errors, hf_hub_download

        constants.HF_HUB_DISABLE_XET = True
        # One progress tick per MiB instead of per 10 MiB: faster progress and cancel on slow lines.
        if getattr(constants, "DOWNLOAD_CHUNK_SIZE", 0) > PROGRESS_CHUNK:
            constants.DOWNLOAD_CHUNK_SIZE = PROGRESS_CHUNK
        self.hf_hub_download = hf_hub_download
        self.FileLock = FileLock
        self.Timeout = Timeout
        self.errors = errors
        transport: list[type[BaseException]] = []
        for module in ("httpx2", "httpx"):  # huggingface_hub 2.x uses httpx2, 1.x httpx
            try:
                transport.append(importlib.import_module(module).TransportError)
            except ImportError:
                pass
        self.transport_errors: tuple[type[BaseException], ...] = tuple(transport)

    def error(self, name: str) -> tuple[type[BaseException], ...]:
        cls = getattr(self.errors, name, None)
        return (cls,) if isinstance(cls, type) else ()


_HUB: _Hub | None = None
_HUB_LOCK = threading.Lock()


def _hub() -> _Hub:
    global _HUB
    with _HUB_LOCK:
        if _HUB is None:
            _HUB = _Hub()
        return _HUB


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        cur = todo.pop(0)
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        todo.extend(e for e in (cur.__cause__, cur.__context__) if e is not None)


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _translate(exc: Exception, spec: ModelSpec, models: Path, endpoint: str | None) -> DownloadError:
    """Map what huggingface_hub / the OS raised to one Danish DownloadError."""
    hub = _hub()
    where = f"{spec.repo_id}/{spec.filename}"
    gated_msg = (
        f"Modellen kræver, at du er logget ind hos Hugging Face og har accepteret licensen ({spec.repo_id})."
    )
    gated_hint = (
        "Log ind på huggingface.co, acceptér licensen på modellens side, og giv appen et adgangstoken "
        "(fx med 'hf auth login'). Prøv så igen."
    )
    dropped_hint = "Tjek internetforbindelsen, og prøv igen. Der er ikke gemt nogen halv fil; downloaden starter forfra."
    chain = list(_chain(exc))

    def first(*types: type[BaseException]) -> BaseException | None:
        if not types:
            return None
        return next((e for e in chain if isinstance(e, types)), None)

    if first(_Cancelled):
        return DownloadCancelled()
    if first(*hub.error("GatedRepoError")):
        return DownloadError(gated_msg, hint=gated_hint)
    not_found = first(
        *hub.error("RepositoryNotFoundError"),
        *hub.error("RevisionNotFoundError"),
        *hub.error("RemoteEntryNotFoundError"),
    )
    if not_found is not None:
        if _status(not_found) in (401, 403) and spec.gated:
            return DownloadError(gated_msg, hint=gated_hint)
        return DownloadError(
            f"Modellen findes ikke på serveren: {where} (revision {spec.revision or 'main'}) kunne ikke findes.",
            hint="Modelkataloget peger måske på en fil, der er flyttet eller slettet, eller modellen er privat. "
            "Opdatér appen, eller vælg en anden model.",
        )
    if first(*hub.error("OfflineModeIsEnabled")):
        return DownloadError(
            "Appen er i offline-tilstand (HF_HUB_OFFLINE), så modellen kan ikke hentes.",
            hint="Slå offline-tilstand fra, og prøv igen.",
        )
    http = first(*hub.error("HfHubHTTPError"))
    if http is not None:
        code = _status(http)
        if code in (401, 403):
            return DownloadError(gated_msg, hint=gated_hint)
        return DownloadError(
            f"Serveren svarede med en fejl (HTTP {code}), så modellen kunne ikke hentes.",
            hint="Prøv igen om lidt.",
        )
    disk = next(
        (e for e in chain if isinstance(e, OSError) and e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))), None
    )
    if disk is not None:
        return DownloadError(
            f"Disken blev fuld under downloaden, så den er stoppet, og den halve fil er slettet ({models}).",
            hint=f"Frigør mindst {system.gb(spec.size_bytes * (1 + DISK_MARGIN))} på disken, og prøv igen.",
        )
    if first(*hub.error("LocalEntryNotFoundError"), *hub.error("FileMetadataError")):
        # The metadata (HEAD) step failed: no connection, a timeout, or not a Hub-compatible server.
        host = urlsplit(endpoint or "").hostname or "Hugging Face"
        return DownloadError(
            f"Downloaden blev afbrudt, fordi serveren ({host}) ikke kunne nås eller ikke svarede som forventet.",
            hint=dropped_hint,
        )
    if first(*hub.transport_errors) or any("Consistency check failed" in str(e) for e in chain):
        return DownloadError(
            "Downloaden blev afbrudt, fordi forbindelsen til serveren blev tabt eller gik i stå.", hint=dropped_hint
        )
    os_error = first(OSError)
    if os_error is not None:
        reason = getattr(os_error, "strerror", None) or str(os_error)
        return DownloadError(f"Modelfilen kunne ikke gemmes i {models}: {reason}.")
    return DownloadError(
        f"Downloaden af '{spec.label}' mislykkedes uventet ({type(exc).__name__}).",
        hint="Prøv igen. Sker det igen, så meld fejlen.",
    )
