"""Per-session stop flags: the Stop button sets one, the running generation checks it at every token."""

from __future__ import annotations

import threading


class CancelRegistry:
    def __init__(self) -> None:
        self._events: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def start(self, session: str) -> threading.Event:
        """A fresh, unset flag for a new generation in ``session``."""
        with self._lock:
            event = threading.Event()
            self._events[session] = event
            return event

    def cancel(self, session: str) -> None:
        with self._lock:
            event = self._events.get(session)
        if event is not None:
            event.set()

    def finish(self, session: str, event: threading.Event) -> None:
        with self._lock:
            if self._events.get(session) is event:
                del self._events[session]
