"""Real downloads through huggingface_hub against a fake hub on 127.0.0.1 (tests/fakehub.py).

Every test checks the file system afterwards: either exactly one verified file at the final path (0600, in the
manifest) or nothing at all, and never a staging dir or ``*.incomplete`` file.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach import paths, system
from coach.errors import CancelledError, DownloadError, ResourceError
from coach.models import download as dl
from coach.models import manifest
from coach.models.catalog import ModelSpec

try:
    from tests.fakehub import (
        DEFAULT_FILENAME,
        DEFAULT_REPO,
        DEFAULT_REVISION,
        FakeHub,
        Faults,
        make_gguf,
        sha256,
    )
except ImportError:  # tests/ itself on sys.path (pytest rootdir-relative import without a package)
    from fakehub import (
        DEFAULT_FILENAME,
        DEFAULT_REPO,
        DEFAULT_REVISION,
        FakeHub,
        Faults,
        make_gguf,
        sha256,
    )

if importlib.util.find_spec("pytest_timeout") is not None:
    pytestmark = pytest.mark.timeout(60)

CONTENT = make_gguf(2 * 1024 * 1024)
NOT_GGUF = b"<html>404 page</html>" + bytes(4096)
CHUNK = 64 * 1024  # the library's read size in these tests: one progress tick
DROP_AT = int(len(CONTENT) * 0.3)
REPO_ROOT = Path(__file__).resolve().parent.parent


def make_spec(**overrides) -> ModelSpec:
    fields = dict(
        id="tiny",
        label="Lille testmodel",
        source="huggingface",
        repo_id=DEFAULT_REPO,
        filename=DEFAULT_FILENAME,
        revision=DEFAULT_REVISION,
        sha256=sha256(CONTENT),
        size_bytes=len(CONTENT),
        min_ram_gb=0.001,
        context_length=2048,
        prompt_style="chat",
        license="apache-2.0",
        quality="Kun til test.",
    )
    fields.update(overrides)
    return ModelSpec(**fields)


@pytest.fixture(scope="module")
def hub():
    with FakeHub() as fake:
        fake.add_file(CONTENT)
        fake.add_file(NOT_GGUF, filename="not-a-model.gguf")
        fake.add_file(CONTENT, repo_id="fake-org/gated-GGUF")
        yield fake


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path, hub):
    from huggingface_hub import constants

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    dl._hub()  # configure huggingface_hub first, then shrink the read size for these small files
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", CHUNK)
    monkeypatch.setattr(constants, "HF_HUB_DOWNLOAD_TIMEOUT", 5)  # a read that stalls fails in seconds, not 10
    hub.reset()
    yield
    hub.reset()


def final_path(spec: ModelSpec | None = None) -> Path:
    return paths.models_dir() / (spec or make_spec()).filename


def leftovers() -> list[str]:
    """Everything under COACH_HOME except the manifest and per-model download locks."""
    home = Path(os.environ["COACH_HOME"])
    out = []
    for path in home.rglob("*"):
        rel = path.relative_to(home).as_posix()
        if path.is_dir() and rel in {"cache", "cache/models", "data"}:
            continue
        if rel == "data/models.json" or (path.parent.name == "models" and path.name.startswith(".download-")):
            continue
        out.append(rel)
    return sorted(out)


def assert_nothing_installed(spec: ModelSpec | None = None) -> None:
    spec = spec or make_spec()
    assert not final_path(spec).exists()
    assert leftovers() == []
    assert manifest.get(spec.id) is None
    assert dl.is_installed(spec) is None


def assert_installed(path: Path, spec: ModelSpec | None = None) -> None:
    spec = spec or make_spec()
    assert path == final_path(spec)
    assert path.read_bytes() == CONTENT
    assert path.stat().st_mode & 0o777 == 0o600
    entry = manifest.get(spec.id)
    assert entry is not None and entry.sha256 == sha256(CONTENT) and entry.size == len(CONTENT)
    assert Path(entry.path) == path.resolve()
    assert dl.is_installed(spec) == path
    assert leftovers() == [f"cache/models/{spec.filename}"]


# --- success -------------------------------------------------------------------------------------------------


def test_success(hub):
    seen: list[tuple[int, int]] = []
    path = dl.download(make_spec(), endpoint=hub.endpoint, progress=lambda done, total: seen.append((done, total)))

    assert_installed(path)
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and dones[0] == 0 and dones[-1] == len(CONTENT)
    assert len(dones) > 10  # one tick per 64 KiB read
    assert {t for _, t in seen} == {len(CONTENT)}
    assert [(r.range, r.status) for r in hub.gets()] == [(None, 200)]


def test_installed_model_is_not_downloaded_again(hub):
    first = dl.download(make_spec(), endpoint=hub.endpoint)
    hub.reset()
    seen = []
    again = dl.download(make_spec(), endpoint=hub.endpoint, progress=lambda d, t: seen.append((d, t)))
    assert again == first and hub.requests == []
    assert seen == [(len(CONTENT), len(CONTENT))]


def test_is_installed_rejects_damaged_or_outdated_file(hub):
    path = dl.download(make_spec(), endpoint=hub.endpoint)
    assert dl.is_installed(make_spec(sha256="0" * 64)) is None  # catalogue points at another file now
    with path.open("r+b") as fh:
        fh.truncate(1000)
    assert dl.is_installed(make_spec()) is None


# --- connection faults ---------------------------------------------------------------------------------------


def test_connection_dropped_once_is_resumed_by_the_library(hub):
    hub.reset(Faults(drop_at=DROP_AT, drop_times=1))
    seen = []
    path = dl.download(make_spec(), endpoint=hub.endpoint, progress=lambda d, t: seen.append(d))

    assert_installed(path)
    gets = hub.gets()
    assert len(gets) == 2 and gets[0].dropped
    # huggingface_hub resumes with Range from the last whole chunk it wrote (the partial chunk is discarded).
    resume = DROP_AT // CHUNK * CHUNK
    assert (gets[1].range, gets[1].status) == (f"bytes={resume}-", 206)
    assert seen == sorted(seen) and seen[-1] == len(CONTENT)


def test_connection_dropped_every_time_fails_cleanly(hub):
    hub.reset(Faults(drop_at=DROP_AT, drop_times=None))
    with pytest.raises(DownloadError, match="Downloaden blev afbrudt") as info:
        dl.download(make_spec(), endpoint=hub.endpoint)
    assert not isinstance(info.value, CancelledError)
    assert len(hub.gets()) == 6  # the first try + 5 ranged retries, then the library gives up
    assert_nothing_installed()


def test_connection_reset_is_not_retried_and_fails_cleanly(hub):
    # A TCP reset surfaces as httpx ReadError, which huggingface_hub's http_get does not retry (only
    # ConnectError, timeouts and RemoteProtocolError are).
    hub.reset(Faults(drop_at=DROP_AT, drop_times=1, drop_with_reset=True))
    with pytest.raises(DownloadError, match="Downloaden blev afbrudt"):
        dl.download(make_spec(), endpoint=hub.endpoint)
    assert len(hub.gets()) == 1
    assert_nothing_installed()
    hub.reset()
    assert_installed(dl.download(make_spec(), endpoint=hub.endpoint))  # the next try starts over and works


def test_stalled_server_times_out(hub, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_DOWNLOAD_TIMEOUT", 0.3)
    hub.reset(Faults(stall_at=DROP_AT))
    started = time.monotonic()
    with pytest.raises(DownloadError, match="afbrudt"):
        dl.download(make_spec(), endpoint=hub.endpoint)
    assert time.monotonic() - started < 20
    assert len(hub.gets()) == 6
    assert_nothing_installed()


def test_server_ignoring_range_still_gives_the_right_file(hub):
    hub.reset(Faults(drop_at=DROP_AT, drop_times=1, ignore_range=True))
    seen = []
    path = dl.download(make_spec(), endpoint=hub.endpoint, progress=lambda d, t: seen.append(d))

    assert_installed(path)
    gets = hub.gets()
    assert len(gets) == 2 and gets[1].range is not None and gets[1].status == 200  # asked for a range, got it all
    first_bytes = next(i for i, done in enumerate(seen) if done > 0)
    assert 0 in seen[first_bytes:]  # progress went back to 0 for the full re-read
    assert seen[-1] == len(CONTENT)


# --- content faults ------------------------------------------------------------------------------------------


def test_wrong_bytes_of_the_right_size_are_caught_by_the_checksum(hub):
    hub.reset(Faults(wrong_bytes=True))
    with pytest.raises(DownloadError, match="kontrolsum") as info:
        dl.download(make_spec(), endpoint=hub.endpoint)
    assert "slettet" in info.value.message
    assert hub.gets()[0].sent == len(CONTENT)  # huggingface_hub accepted it: same size, no hash check
    assert_nothing_installed()


def test_wrong_bytes_keep_an_existing_good_install(hub):
    good = dl.download(make_spec(), endpoint=hub.endpoint)
    newer = make_spec(sha256=sha256(b"a newer file"))  # the catalogue moved on; the server sends bad bytes
    hub.reset(Faults(wrong_bytes=True))
    with pytest.raises(DownloadError, match="kontrolsum"):
        dl.download(newer, endpoint=hub.endpoint)
    assert good.read_bytes() == CONTENT and dl.is_installed(make_spec()) == good
    assert leftovers() == [f"cache/models/{DEFAULT_FILENAME}"]


def test_file_that_is_not_gguf_is_rejected_without_a_catalogue_checksum(hub):
    spec = make_spec(filename="not-a-model.gguf", sha256=None, size_bytes=len(NOT_GGUF))
    with pytest.raises(DownloadError, match="ikke en GGUF-model"):
        dl.download(spec, endpoint=hub.endpoint)
    assert_nothing_installed(spec)


# --- server answers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec_overrides, faults",
    [
        ({}, Faults(status=404)),
        ({"repo_id": "fake-org/no-such-repo"}, Faults()),
        ({"filename": "missing-file.gguf"}, Faults()),
    ],
    ids=["404", "unknown-repo", "unknown-file"],
)
def test_not_found(hub, spec_overrides, faults):
    spec = make_spec(**spec_overrides)
    hub.reset(faults)
    with pytest.raises(DownloadError, match="Modellen findes ikke på serveren"):
        dl.download(spec, endpoint=hub.endpoint)
    assert hub.gets() == []
    assert_nothing_installed(spec)


@pytest.mark.parametrize("status", [401, 403])
def test_gated_model_asks_for_login_and_license(hub, status):
    spec = make_spec(repo_id="fake-org/gated-GGUF", gated=True)
    hub.reset(Faults(status=status))
    with pytest.raises(DownloadError) as info:
        dl.download(spec, endpoint=hub.endpoint)
    message = str(info.value)
    assert "logget ind hos Hugging Face" in message and "licens" in message
    assert_nothing_installed(spec)


# --- cancel --------------------------------------------------------------------------------------------------


def test_cancel_takes_effect_within_one_progress_tick(hub):
    hub.reset(Faults(trickle_delay=0.002, trickle_chunk=CHUNK // 4))
    cancel = threading.Event()
    after_cancel = []

    def progress(done: int, total: int) -> None:
        if cancel.is_set():
            after_cancel.append(done)
        elif done >= 3 * CHUNK:
            cancel.set()

    with pytest.raises(DownloadError, match="Downloaden blev stoppet") as info:
        dl.download(make_spec(), endpoint=hub.endpoint, progress=progress, cancel=cancel)
    assert isinstance(info.value, CancelledError)
    assert after_cancel == []  # the very next tick raised instead of reporting
    assert_nothing_installed()


def test_cancel_from_another_thread_stops_a_slow_download(hub):
    hub.reset(Faults(trickle_delay=0.02, trickle_chunk=16 * 1024))  # about 2.6 s for the whole file
    cancel = threading.Event()
    first_tick = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["path"] = dl.download(
                make_spec(), endpoint=hub.endpoint, cancel=cancel, progress=lambda d, t: d and first_tick.set()
            )
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    assert first_tick.wait(10)
    cancel.set()
    stopped_at = time.monotonic()
    worker.join(5)
    assert not worker.is_alive()
    assert time.monotonic() - stopped_at < 1.0  # one 64 KiB tick is ~0.1 s at this speed
    assert isinstance(outcome.get("error"), dl.DownloadCancelled)
    assert hub.gets()[0].sent < len(CONTENT)
    assert_nothing_installed()


def test_cancel_before_start_makes_no_request(hub):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError):
        dl.download(make_spec(), endpoint=hub.endpoint, cancel=cancel)
    assert hub.requests == []
    assert_nothing_installed()


# --- resources -----------------------------------------------------------------------------------------------


def test_preflight_refuses_when_the_disk_is_too_small(hub, monkeypatch):
    spec = make_spec(size_bytes=7_300_000_000)
    monkeypatch.setattr(system, "free_disk", lambda path: 2_100_000_000)
    with pytest.raises(ResourceError) as info:
        dl.preflight(spec)
    assert "7,3 GB" in info.value.message and "2,1 GB" in info.value.message
    assert str(paths.models_dir()) in info.value.message
    with pytest.raises(ResourceError):
        dl.download(spec, endpoint=hub.endpoint, force=True)  # force never skips the disk check
    assert hub.requests == []
    assert_nothing_installed(spec)


def test_preflight_needs_a_ten_percent_margin(monkeypatch):
    spec = make_spec(size_bytes=1_000_000_000)
    monkeypatch.setattr(system, "free_disk", lambda path: 1_050_000_000)
    with pytest.raises(ResourceError):
        dl.preflight(spec)
    monkeypatch.setattr(system, "free_disk", lambda path: 1_100_000_000)
    dl.preflight(spec)


def test_preflight_refuses_too_little_ram_unless_forced(hub, monkeypatch):
    spec = make_spec(min_ram_gb=16)
    monkeypatch.setattr(system, "total_ram", lambda: 4_000_000_000)
    with pytest.raises(ResourceError) as info:
        dl.download(spec, endpoint=hub.endpoint)
    assert "16,0 GB" in info.value.message and "4,0 GB" in info.value.message
    assert hub.requests == []
    assert_installed(dl.download(spec, endpoint=hub.endpoint, force=True), spec)


def test_disk_full_during_download(hub, monkeypatch):
    from huggingface_hub import file_download

    real_http_get = file_download.http_get

    class FullDisk:
        def __init__(self, fh, room: int) -> None:
            self.fh, self.room = fh, room

        def write(self, data: bytes) -> int:
            if self.fh.tell() + len(data) > self.room:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.fh.write(data)

        def __getattr__(self, name):
            return getattr(self.fh, name)

    def http_get(url, temp_file, **kwargs):
        return real_http_get(url, FullDisk(temp_file, DROP_AT), **kwargs)

    monkeypatch.setattr(file_download, "http_get", http_get)
    with pytest.raises(DownloadError, match="Disken blev fuld"):
        dl.download(make_spec(), endpoint=hub.endpoint)
    assert_nothing_installed()


def test_embedded_model_is_not_downloaded(hub):
    spec = make_spec(source="package", package="some-model-package")
    with pytest.raises(DownloadError, match="følger med appen"):
        dl.download(spec, endpoint=hub.endpoint)
    assert hub.requests == []


# --- concurrency and crash leftovers -------------------------------------------------------------------------


def test_two_downloads_of_the_same_model_in_one_process(hub):
    """The second download fails at once with a Danish 'already running' error; the first completes intact."""
    first_running = threading.Event()
    second_done = threading.Event()
    outcome: dict[str, object] = {}

    def progress(done: int, total: int) -> None:
        if done:
            first_running.set()
            second_done.wait(10)  # hold the first download mid-file until the second has been tried

    def run() -> None:
        try:
            outcome["path"] = dl.download(make_spec(), endpoint=hub.endpoint, progress=progress)
        except Exception as exc:  # noqa: BLE001
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert first_running.wait(10)
        with pytest.raises(DownloadError, match="allerede i gang"):
            dl.download(make_spec(), endpoint=hub.endpoint)
        assert final_path().exists() is False  # nothing published while the first is still running
    finally:
        second_done.set()
        worker.join(10)
    assert "error" not in outcome, outcome
    assert_installed(outcome["path"])
    assert len(hub.gets()) == 1


_CHILD = """
import json, sys
from coach.models import download as dl
from coach.models.catalog import ModelSpec
from coach.errors import DownloadError
from huggingface_hub import constants
dl._hub()
constants.DOWNLOAD_CHUNK_SIZE = 64 * 1024
spec = ModelSpec(**json.loads(sys.argv[1]))
try:
    path = dl.download(spec, endpoint=sys.argv[2])
    print(json.dumps({"ok": str(path)}))
except DownloadError as exc:
    print(json.dumps({"error": exc.message}))
"""


def test_two_app_instances_download_the_same_model(hub, tmp_path):
    """Two processes at once: one file, intact; the other waits for nothing and reports 'already running'."""
    hub.reset(Faults(trickle_delay=0.01, trickle_chunk=32 * 1024))  # ~0.7 s for the file, so the two overlap
    spec = make_spec()
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), HF_HUB_DISABLE_XET="1", HF_HUB_DISABLE_TELEMETRY="1")
    args = [sys.executable, "-c", _CHILD, spec.model_dump_json(), hub.endpoint]
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=40)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    oks = [r for r in results if "ok" in r]
    assert oks, results
    for r in results:
        assert "ok" in r or "allerede i gang" in r["error"], results
    assert len([g for g in hub.gets() if g.status == 200]) == 1  # the file was fetched once
    assert_installed(Path(oks[0]["ok"]), spec)


def test_stale_staging_dirs_are_cleaned_but_live_ones_kept(hub):
    from filelock import FileLock

    models = paths.models_dir()
    stale = models / ".staging-0badc0de"
    (stale / ".cache").mkdir(parents=True)
    (stale / DEFAULT_FILENAME).write_bytes(CONTENT[:1000])
    (models / ".staging-0badc0de.lock").touch()  # its owner crashed: nobody holds the lock
    live = models / ".staging-a11ve"
    live.mkdir()
    live_lock = FileLock(str(models / ".staging-a11ve.lock"))
    live_lock.acquire(timeout=0)  # another download (here: this test) is using it
    try:
        path = dl.download(make_spec(), endpoint=hub.endpoint)
        assert not stale.exists() and not (models / ".staging-0badc0de.lock").exists()
        assert live.is_dir()
    finally:
        live_lock.release()
    live.rmdir()
    (models / ".staging-a11ve.lock").unlink()
    assert_installed(path)
