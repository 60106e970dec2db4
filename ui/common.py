"""Shared pieces of the UI: Danish error messages, the model queue, the write lock and the save status.

Handlers stay plain module-level functions (testable without a browser). They take the open workspace's id,
load it from the store, change one part of it and save it again under one lock, so two events that change
different parts of the same workspace never overwrite each other.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
import traceback
from collections.abc import Callable
from datetime import datetime

import gradio as gr

from coach import store as store_module
from coach.cancel import CancelRegistry
from coach.errors import CoachError
from coach.workspace import Workspace

log = logging.getLogger("mus_coach.ui")

MODEL_GROUP = "model"  # every event that touches the model shares one queue slot
CANCELS = CancelRegistry()  # per browser session: the Stop button sets the flag, the generation checks it

# Keyword arguments for the kinds of events the UI has.
MODEL_EVENT = dict(concurrency_id=MODEL_GROUP, concurrency_limit=1, api_name=False)
QUIET = dict(api_name=False, show_progress="hidden")
# Autosave on every change: "always_last" makes sure the last value is saved even while a save is running.
AUTOSAVE = dict(api_name=False, show_progress="hidden", trigger_mode="always_last")
INSTANT = dict(api_name=False, queue=False, show_progress="hidden")

GENERIC_ERROR = (
    "Der skete en uventet fejl i appen. Det, du har skrevet, er ikke tabt. "
    "Prøv igen, og genstart appen, hvis det bliver ved."
)
NOT_OPEN = "Vent et øjeblik: din MUS er ved at blive åbnet. Prøv igen om lidt."


def session_id(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or "cli"


# -- errors ------------------------------------------------------------------------------------------------------
def to_gr_error(exc: BaseException, where: str = "") -> gr.Error:
    """A Danish gr.Error for any exception: the core's own message, or a generic one (never a stack trace)."""
    if isinstance(exc, gr.Error):
        return exc
    if isinstance(exc, CoachError):
        return error(str(exc))
    # Log where it happened, but not the message: it may quote what the user wrote.
    log.error("Uventet fejl i %s: %s\n%s", where or "UI", type(exc).__name__,
              "".join(traceback.format_tb(exc.__traceback__)))
    return error(GENERIC_ERROR)


def error(message: str) -> gr.Error:
    """A Danish error toast (raise it); what the user typed stays in the inputs."""
    return gr.Error(message, title="Det gik ikke", duration=15, print_exception=False)


def info(message: str) -> None:
    gr.Info(message, title="Bemærk")


def guarded(fn: Callable) -> Callable:
    """Wrap a handler (function or generator) so every error reaches the user as a Danish gr.Error."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:  # GeneratorExit (client gone) is not an Exception and passes through
                raise to_gr_error(exc, fn.__qualname__) from None

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise to_gr_error(exc, fn.__qualname__) from None

    return wrapper


# -- store -------------------------------------------------------------------------------------------------------
_WRITE = threading.Lock()


def the_store() -> store_module.Store:
    return store_module.default()


def load(ws_id: str | None) -> Workspace:
    if not ws_id:
        raise CoachError(NOT_OPEN)
    return the_store().get(ws_id)


def update(ws_id: str | None, change: Callable[[Workspace], Workspace | None]) -> Workspace:
    """Load, change (in place or by returning a new copy) and save one workspace, atomically for this app."""
    if not ws_id:
        raise CoachError(NOT_OPEN)
    with _WRITE:
        st = the_store()
        ws = st.get(ws_id)
        result = change(ws)
        return st.save(result if isinstance(result, Workspace) else ws)


def clock(iso: str) -> str:
    """An ISO timestamp (UTC) as local time, 14:03."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M")
    except ValueError:
        return datetime.now().strftime("%H:%M")


def saved_text(ws: Workspace) -> str:
    return f"✓ Gemt kl. {clock(ws.updated)}"


def failed_text(exc: BaseException) -> str:
    message = str(exc) if isinstance(exc, CoachError) else GENERIC_ERROR
    return f"⚠️ **Ikke gemt.** {message}"


def autosave(ws_id: str | None, change: Callable[[Workspace], bool]) -> object:
    """Apply a change and save it; returns the discreet status text.

    ``change`` mutates the workspace and returns whether anything changed. Autosave listens to ``.change`` (Gradio's
    Textbox sends ``.input`` only for typed keys, not for paste or delete), which also fires when a workspace is
    loaded into the fields: an unchanged value is not saved again (gr.skip() leaves the status as it is)."""
    try:
        if not ws_id:
            raise CoachError(NOT_OPEN)
        with _WRITE:
            st = the_store()
            ws = st.get(ws_id)
            if not change(ws):
                return gr.skip()
            return saved_text(st.save(ws))
    except Exception as exc:
        if not isinstance(exc, CoachError):
            to_gr_error(exc, "autosave")  # logs it
        return failed_text(exc)


def assign(obj: object, name: str, value: object) -> bool:
    """Set ``obj.name = value`` if it differs; True if it changed (for autosave's change functions)."""
    if getattr(obj, name) == value:
        return False
    setattr(obj, name, value)
    return True


def short(text: str, limit: int = 70) -> str:
    """One line of at most ``limit`` characters, for list labels."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class Context:
    """What every tab needs when it is built: the open workspace's id (gr.State) and the save status."""

    def __init__(self, ws: gr.State, status: gr.Markdown, banner: gr.Markdown) -> None:
        self.ws = ws
        self.status = status
        self.banner = banner
