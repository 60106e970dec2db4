"""Local storage of workspaces: one SQLite file in the user data dir, 0600, every save one transaction.

SQLite gives atomic, durable writes (journal + fsync), so a crash or a killed process leaves either the
previous or the new version, never half of one. A damaged file is detected on open, moved aside, and the app
starts with an empty store (the caller tells the user where the damaged copy is).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from pydantic import ValidationError

from coach import paths
from coach.errors import CoachError
from coach.store.workspace import SCHEMA_VERSION, Workspace, now

DB_NAME = "coach.db"


class StoreError(CoachError):
    """Saving or loading failed; the message says what to do, and nothing saved before is lost."""


class Store:
    def __init__(self, path: Path | None = None) -> None:
        self.recovered_from: Path | None = None
        self._lock = threading.Lock()
        try:
            self.path = Path(path) if path else paths.data_dir() / DB_NAME
            self._conn = self._open()
        except (OSError, sqlite3.OperationalError) as exc:
            where = path or "brugerens datamappe"
            raise StoreError(
                f"Appen kan ikke oprette eller åbne sin datafil ({where}): {getattr(exc, 'strerror', None) or exc}.",
                hint="Tjek, at der er plads på disken, og at du har skriveadgang til mappen.",
            ) from exc

    # -- opening ---------------------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)  # created private, before SQLite touches it
            os.close(fd)
        conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=DELETE")  # no -wal/-shm side files with other permissions
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")  # deleted notes are overwritten, not left in free pages
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = self._connect()
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            if ok:
                self._migrate(conn)
                return conn
            conn.close()
        except sqlite3.DatabaseError:
            pass
        # Damaged: keep the bytes for the user, start clean.
        aside = self.path.with_name(f"{self.path.name}.beskadiget-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(self.path, aside)
        self.recovered_from = aside
        conn = self._connect()
        self._migrate(conn)
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS workspaces (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
            "updated TEXT NOT NULL, data TEXT NOT NULL)"
        )
        # the version of the documents this file holds (documents are upgraded as they are read, see workspace.py)
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = "
                     "excluded.value WHERE CAST(meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)",
                     (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- workspaces ------------------------------------------------------------------------------------------
    def list(self) -> list[tuple[str, str, str]]:
        """(id, title, updated), newest first."""
        with self._lock:
            rows = self._conn.execute("SELECT id, title, updated FROM workspaces ORDER BY updated DESC").fetchall()
        return [tuple(r) for r in rows]

    def get(self, workspace_id: str) -> Workspace:
        with self._lock:
            row = self._conn.execute("SELECT data FROM workspaces WHERE id = ?", (workspace_id,)).fetchone()
        if row is None:
            raise StoreError("Arbejdsområdet findes ikke (længere).")
        try:
            return Workspace.model_validate_json(row[0])
        except ValidationError as exc:
            raise StoreError("Arbejdsområdet kunne ikke læses.") from exc

    def save(self, ws: Workspace) -> Workspace:
        ws = ws.model_copy(update={"updated": now()})
        data = ws.model_dump_json()
        try:
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._conn.execute(
                        "INSERT INTO workspaces (id, title, updated, data) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET title=excluded.title, updated=excluded.updated, data=excluded.data",
                        (ws.id, ws.title, ws.updated, data),
                    )
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
        except sqlite3.OperationalError as exc:
            raise StoreError(
                "Kunne ikke gemme – er disken fuld, eller mangler appen skriveadgang til sin datamappe?",
                hint=f"Dit arbejde står stadig i vinduet. Datamappe: {self.path.parent}",
            ) from exc
        return ws

    def create(self, title: str) -> Workspace:
        return self.save(Workspace(title=title.strip() or "Min MUS"))

    def delete(self, workspace_id: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM workspaces WHERE id = ?", (workspace_id,))
            self._conn.execute("VACUUM")

    def delete_everything(self) -> None:
        """Remove all workspaces and the database file itself."""
        with self._lock:
            self._conn.close()
            for suffix in ("", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._conn = self._open()

    def export_all(self) -> dict:
        return {"format": "mus-coach", "schema_version": SCHEMA_VERSION,
                "workspaces": [json.loads(self.get(i).model_dump_json()) for i, _, _ in self.list()]}


_default: Store | None = None
_default_lock = threading.Lock()


def default() -> Store:
    global _default
    with _default_lock:
        if _default is None or _default.path != paths.data_dir() / DB_NAME:
            _default = Store()
        return _default
