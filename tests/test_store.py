"""Local storage: round trips, permissions, damaged files, write errors, and SIGKILL during saves."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach import paths
from coach.store.sqlite import Store, StoreError
from coach.store.workspace import StarItem, Workspace

ROOT = Path(__file__).resolve().parent.parent


def test_round_trip_survives_a_new_store_instance():
    store = Store()
    ws = store.create("MUS 2026")
    ws.prep["year"] = "Jeg fik styr på vagtplanen – æøå og 😀 bevares."
    ws.stars.append(StarItem(notes="noter", situation="S", task="T", action="A", result="R", favourite=True))
    store.save(ws)
    store.close()
    again = Store().get(ws.id)
    assert again.prep["year"] == ws.prep["year"] and again.stars[0].favourite
    assert [t for _, t, _ in Store().list()] == ["MUS 2026"]


def test_files_are_private():
    store = Store()
    store.create("x")
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert oct(paths.data_dir().stat().st_mode & 0o777) == "0o700"
    assert not list(store.path.parent.glob("*-wal"))


def test_several_workspaces_newest_first_and_delete():
    store = Store()
    a = store.create("MUS 2025")
    time.sleep(1.1)
    b = store.create("MUS 2026")
    assert [i for i, _, _ in store.list()] == [b.id, a.id]
    store.delete(a.id)
    assert [i for i, _, _ in store.list()] == [b.id]
    with pytest.raises(StoreError):
        store.get(a.id)


def test_a_damaged_store_is_set_aside_and_the_app_still_starts():
    path = paths.data_dir() / "coach.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    store = Store()
    assert store.recovered_from is not None and store.recovered_from.exists()
    assert store.list() == []
    store.create("ny")
    assert len(store.list()) == 1


@pytest.mark.parametrize("failure", ["database or disk is full", "attempt to write a readonly database",
                                     "disk I/O error"])
def test_a_failing_write_keeps_the_old_version_and_says_so_in_danish(monkeypatch, failure):
    store = Store()
    ws = store.create("MUS")
    ws.prep["year"] = "første version"
    store.save(ws)
    ws.prep["year"] = "anden version"

    real = store._conn

    class Full:
        def execute(self, sql, *args):
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError(failure)
            return real.execute(sql, *args)

    monkeypatch.setattr(store, "_conn", Full())
    with pytest.raises(StoreError) as err:
        store.save(ws)
    assert "disken" in str(err.value)
    monkeypatch.setattr(store, "_conn", real)
    assert store.get(ws.id).prep["year"] == "første version"


def test_delete_everything_removes_the_file():
    store = Store()
    store.create("MUS")
    store.delete_everything()
    assert store.list() == []


SAVER = r"""
import sys
from coach.store.sqlite import Store
from coach.store.workspace import Workspace
store = Store()
ws = Workspace(id="fast", title="v0")
i = 0
while True:
    i += 1
    ws = ws.model_copy(update={"title": f"v{i}"})
    ws.prep["year"] = f"version {i} " + "tekst " * 200
    store.save(ws)
    print(i, flush=True)
"""


@pytest.mark.slow
def test_sigkill_during_saves_never_loses_the_last_or_previous_version(tmp_path):
    env = os.environ | {"COACH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    rng = random.Random(4)
    for iteration in range(200):
        proc = subprocess.Popen([sys.executable, "-c", SAVER], env=env, stdout=subprocess.PIPE, text=True)
        last = None
        deadline = time.time() + rng.uniform(0.05, 0.4)
        while time.time() < deadline:
            line = proc.stdout.readline()
            if line:
                last = int(line)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for line in proc.stdout:  # everything acknowledged before the kill
            last = int(line)
        store = Store(tmp_path / "home" / "data" / "coach.db")
        assert store.recovered_from is None, f"iteration {iteration}: store damaged"
        if last is not None:
            ws = store.get("fast")
            n = int(ws.title[1:])
            assert n in (last, last + 1), (iteration, n, last)  # the acknowledged version, or the one in flight
            assert ws.prep["year"].startswith(f"version {n} ")
        store.close()


def test_an_unwritable_data_dir_is_a_danish_error_not_a_crash(tmp_path, monkeypatch):
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("x")
    monkeypatch.setenv("COACH_HOME", str(blocker))  # data dir would have to live inside a file
    with pytest.raises(StoreError) as err:
        Store()
    assert "skriveadgang" in str(err.value)


def test_a_version_1_document_in_the_store_reads_and_saves_as_the_current_version():
    import json

    from coach.store.workspace import SCHEMA_VERSION

    store = Store()
    ws = store.create("MUS 2025")
    doc = json.loads(ws.model_dump_json())
    doc["schema_version"] = 1
    for s in doc["stars"]:
        s.pop("edited", None)
    with store._lock:
        store._conn.execute("UPDATE workspaces SET data = ? WHERE id = ?", (json.dumps(doc), ws.id))
    again = Store().get(ws.id)
    assert again.schema_version == SCHEMA_VERSION and again.title == "MUS 2025"
    store.save(again)
    assert json.loads(store._conn.execute("SELECT data FROM workspaces").fetchone()[0])["schema_version"] == 2
    assert store._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
