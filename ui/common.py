"""Shared pieces of the UI: Danish error messages, the model queue, the write lock and the save status.

Handlers stay plain module-level functions (testable without a browser). They take the open workspace's id,
load it from the store, change one part of it and save it again under one lock, so two events that change
different parts of the same workspace never overwrite each other.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import threading
import traceback
from collections.abc import Callable
from datetime import datetime

import gradio as gr

from coach import guard, language
from coach.cancel import CancelRegistry
from coach.errors import CoachError, InputError
from coach.store import sqlite as store_module
from coach.store.workspace import Workspace

log = logging.getLogger("mus_coach.ui")

MODEL_GROUP = "model"  # every event that touches the model shares one queue slot
CANCELS = CancelRegistry()  # per browser session: the Stop button sets the flag, the generation checks it

# Keyword arguments for the kinds of events the UI has.
MODEL_EVENT = dict(concurrency_id=MODEL_GROUP, concurrency_limit=1, api_name=False)
QUIET = dict(api_name=False, show_progress="hidden")
# Autosave on every change: "always_last" makes sure the last value is saved even while a save is running.
AUTOSAVE = dict(api_name=False, show_progress="hidden", trigger_mode="always_last")
INSTANT = dict(api_name=False, queue=False, show_progress="hidden")


def model_event(progress: gr.components.Component) -> dict:
    """A model event whose one progress indicator is ``progress`` (the tab's Danish progress line): Gradio's own
    tracker shows only there, small («I kø: 1 foran dig» while it waits, the seconds while it runs)."""
    return MODEL_EVENT | dict(show_progress="minimal", show_progress_on=[progress])


def clear() -> str:
    """Empty a progress line (chained after a model event with .then, so it is cleared after a failure too)."""
    return ""


def progress_line(elem_id: str) -> gr.Markdown:
    """The one place a tab says what the model is doing right now (read out by screen readers: PAGE_JS)."""
    return gr.Markdown("", elem_id=elem_id, elem_classes=["progress-line"])

GENERIC_ERROR = (
    "Der skete en uventet fejl i appen. Det, du har skrevet, er ikke tabt. "
    "Prøv igen, og genstart appen, hvis det bliver ved."
)
NOT_OPEN = "Vent et øjeblik: din MUS er ved at blive åbnet. Prøv igen om lidt."
WARNING_TITLE = "Bemærk"


def session_id(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or "cli"


@contextlib.contextmanager
def stoppable(request: gr.Request | None):
    """A stop flag for one model run in this browser session (the tab's Stop button sets it)."""
    key = session_id(request)
    event = CANCELS.start(key)
    try:
        yield event
    finally:
        CANCELS.finish(key, event)


def stop(request: gr.Request = None) -> None:
    """The Stop buttons (queue=False, outside the model queue): stop this session's running generation."""
    CANCELS.cancel(session_id(request))


def close_session(request: gr.Request = None) -> None:
    """The browser tab was closed or reloaded (demo.unload): its running generation stops, and nothing from the
    unfinished run is saved (the handlers check the flag's reason)."""
    CANCELS.close(session_id(request))


# -- errors and warnings -----------------------------------------------------------------------------------------
# Two kinds of trouble reach the user, both in Danish:
# - something the user can fix (empty or too long text, text in another language, a missing choice): a yellow
#   warning toast, and the outputs stay as they were (``problem`` raises it, ``guarded`` turns it into the toast);
# - a real failure (the model cannot load, the disk is full, a bug): a red error toast (gr.Error).
# Gradio 6.31 ignores the ``title`` of both and writes the toast type in English; the page's script (shell.PAGE_JS)
# gives the toasts Danish titles, and shell.I18N translates the "Error" badge on the outputs of a failed event.
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
    """A Danish error toast for a real failure (raise it); what the user typed stays in the inputs."""
    return gr.Error(message, title="Det gik ikke", duration=15, print_exception=False)


def problem(message: str) -> InputError:
    """Something the user can fix (raise it in a guarded handler): a Danish warning toast, the outputs unchanged."""
    return InputError(message)


def warn(message: str) -> None:
    """A yellow warning toast (in a queued event; outside Gradio, e.g. in tests, a Python UserWarning)."""
    gr.Warning(message, title=WARNING_TITLE, duration=12)


_LANGUAGE_NAMES = {"en": "engelsk", "sv": "svensk", "other": "et andet sprog end dansk"}


def not_danish(text: str | None, what: str) -> str | None:
    """A Danish message when ``text`` is clearly in another language (the rules only read Danish); else None.

    Norwegian and mixed or uncertain text pass: only a confident verdict stops the run."""
    verdict = language.check_danish(text or "")
    if verdict.language not in _LANGUAGE_NAMES or verdict.confidence < 0.75:
        return None
    return (f"{what[0].upper() + what[1:]} ser ud til at være skrevet på {_LANGUAGE_NAMES[verdict.language]}. "
            "Appen forstår kun dansk, så skriv det på dansk og prøv igen.")


def info(message: str) -> None:
    gr.Info(message, title="Bemærk")


def guarded(fn: Callable) -> Callable:
    """Wrap a handler (function or generator): the user's own problems (InputError: empty, too long, …) become a
    Danish warning and leave every output as it is (gr.skip()); every other error becomes a Danish gr.Error."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except InputError as exc:
                warn(str(exc))
                yield gr.skip()
            except Exception as exc:  # GeneratorExit (client gone) is not an Exception and passes through
                raise to_gr_error(exc, fn.__qualname__) from None

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            warn(str(exc))
            return gr.skip()
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
    return f"⚠ **Ikke gemt.** {message}"


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


def same(stored: object, value: object) -> bool:
    """Whether a value from the page equals the stored one. Text is compared with the browser's line endings (a
    textarea turns \\r\\n into \\n), so a workspace loaded into the fields never counts as an edit."""
    if isinstance(stored, str) and isinstance(value, str):
        return stored.replace("\r\n", "\n") == value.replace("\r\n", "\n")
    return stored == value


def assign(obj: object, name: str, value: object) -> bool:
    """Set ``obj.name = value`` if it differs; True if it changed (for autosave's change functions)."""
    if same(getattr(obj, name), value):
        return False
    setattr(obj, name, value)
    return True


def save_draft(ws_id: str | None, key: str, text: str | None, limit: int = guard.MAX_CHARS) -> object:
    """Autosave an unfinished input (STAR notes, goal, feedback) in ``Workspace.drafts``; returns the status.

    Like every autosave it is silent when nothing changed, and also while no workspace is open yet (the page is
    still loading: there is nothing the user could have typed into yet). Text over ``limit``, binary or garbled
    text is not saved, and the status says why (the box keeps it)."""
    if not ws_id:
        return gr.skip()
    if (refused := not_saved(text, limit)) is not None:
        return refused

    def change(ws: Workspace) -> bool:
        value = text or ""
        if same(ws.drafts.get(key, ""), value):
            return False
        if value:
            ws.drafts[key] = value
        else:
            ws.drafts.pop(key, None)
        return True

    return autosave(ws_id, change)


def draft(ws: Workspace, key: str) -> str:
    return ws.drafts.get(key, "") if isinstance(ws.drafts.get(key, ""), str) else ""


def not_saved(text: str | None, limit: int) -> str | None:
    """The status when a field's text cannot be saved (too long with the numbers, binary, garbled), else None.

    The text stays in the box (nothing is cut short or thrown away); it is just not saved until it is fixed."""
    refused = guard.text_problem(text or "", limit)
    return f"⚠ **Ikke gemt.** {refused.message}" if refused is not None else None


def checked(text: str | None, limit: int, what: str = "teksten") -> str:
    """A short one-line value (a name, a role) as typed, or a Danish warning when it cannot be used as it is."""
    refused = guard.text_problem(text or "", limit)
    if refused is not None:
        raise refused
    return " ".join(guard.clean(text or "").split())


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
