"""Per-session stop flags: the Stop button sets one, the running generation checks it at every token.

A flag also says why it was set: ``"stop"`` (the user pressed Stop: show what there is) or ``"closed"`` (the
browser tab was closed or reloaded: nobody is looking, so nothing should be saved from the stopped run).
"""

from __future__ import annotations

import threading


class CancelEvent(threading.Event):
    """A stop flag that remembers why it was set."""

    def __init__(self) -> None:
        super().__init__()
        self.reason: str | None = None

    def cancel(self, reason: str = "stop") -> None:
        if self.reason is None:
            self.reason = reason
        self.set()

    @property
    def closed(self) -> bool:
        return self.reason == "closed"


class CancelRegistry:
    def __init__(self) -> None:
        self._events: dict[str, CancelEvent] = {}
        self._lock = threading.Lock()

    def start(self, session: str) -> CancelEvent:
        """A fresh, unset flag for a new generation in ``session``."""
        with self._lock:
            event = CancelEvent()
            self._events[session] = event
            return event

    def cancel(self, session: str, reason: str = "stop") -> bool:
        """Set the session's flag; True if a generation was running."""
        with self._lock:
            event = self._events.get(session)
        if event is not None:
            event.cancel(reason)
        return event is not None

    def close(self, session: str) -> bool:
        """The session's browser tab is gone: stop its generation, and say it was closed (nothing to save)."""
        return self.cancel(session, "closed")

    def running(self, session: str) -> bool:
        with self._lock:
            return session in self._events

    def finish(self, session: str, event: threading.Event) -> None:
        with self._lock:
            if self._events.get(session) is event:
                del self._events[session]
