"""Load and privacy in the real browser: concurrent sessions never run two generations at once, the direct
API is closed, a bounded soak shows no growth, and note text never ends up in logs, temp files or browser
storage."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import expect

from tests.e2e.browser_helpers import (
    MODEL_TIMEOUT_MS,
    UI_TIMEOUT_MS,
    button,
    open_tab,
    textbox,
    wait_until,
)
from tests.e2e.conftest import REPO_ROOT, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CANARY = "KANARIE7F3Q"
NOTES = f"borgerne ventede 14 dage på hjælp hos {CANARY}. jeg lavede ny vagtplan. nu 9 dage"


@pytest.fixture()
def fake_app(monkeypatch):
    """The app in this process on the fake backend, so the test can see every model call."""
    monkeypatch.setenv("COACH_BACKEND", "fake")
    from coach.backend import runtime

    runtime.reset()
    fake = runtime.open_backend()
    fake.delay_s = 0.03  # long enough for calls to overlap if the app ever let them
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    import app

    port = free_port()
    demo = app.build_demo()
    demo.launch(prevent_thread_lock=True, quiet=True, **app.launch_kwargs(port))
    yield fake, f"http://127.0.0.1:{port}/"
    demo.close()
    runtime.reset()


def _open(page, url: str) -> None:
    """Load the page and wait until a MUS is open (the selector shows its name)."""
    page.goto(url, wait_until="domcontentloaded")
    expect(page).to_have_title(re.compile("MUS Coach"), timeout=UI_TIMEOUT_MS)
    expect(page.locator("#workspace-select input")).not_to_have_value("", timeout=UI_TIMEOUT_MS)


def _post(url: str, body: bytes = b"{}") -> int:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_concurrent_sessions_never_run_two_generations_and_the_api_is_closed(fake_app, chromium):
    fake, url = fake_app
    contexts = [chromium.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    pages = []
    try:
        for ctx in contexts:
            page = ctx.new_page()
            _open(page, url)
            open_tab(page, "Resultater")
            textbox(page, "star-notes").fill(NOTES)
            pages.append(page)
        for page in pages:  # three users press the button at (nearly) the same time
            button(page, "star-run").click()
        for page in pages:
            wait_until(page, lambda p=page: "Situation" in p.locator("#star-output").inner_text(), "STAR result")
        assert len(fake.calls) >= 3
        assert fake.max_active == 1, "two generations ran on the model at the same time"
    finally:
        for ctx in contexts:
            ctx.close()
    for route in ("gradio_api/run/predict", "gradio_api/api/predict", "gradio_api/call/run_star"):
        assert _post(url + route) in (404, 405, 422), route  # no way around the queue
    with urllib.request.urlopen(url + "gradio_api/info", timeout=10) as resp:
        assert b"run_star" not in resp.read()


def test_bounded_soak_shows_no_growth_in_memory_threads_or_temp_files(fake_app):
    fake, url = fake_app
    from coach import paths

    proc = psutil.Process()
    tmp = Path(os.environ.get("GRADIO_TEMP_DIR", paths.temp_dir()))

    def snapshot():
        return proc.memory_info().rss, threading.active_count(), sum(1 for _ in tmp.rglob("*"))

    def load(n):
        for _ in range(n):
            for route in ("", "config", "gradio_api/info"):
                with urllib.request.urlopen(url + route, timeout=10) as resp:
                    resp.read()

    load(20)  # warm up caches, lazy imports and the server's thread pool
    rss0, threads0, files0 = snapshot()
    started = time.monotonic()
    load(100)
    assert time.monotonic() - started < 120
    rss1, threads1, files1 = snapshot()
    assert rss1 < rss0 * 1.10 + 20e6, (rss0, rss1)
    assert threads1 <= threads0 + 2, (threads0, threads1)
    assert files1 == files0


def test_note_text_never_reaches_logs_temp_files_or_browser_storage(coach_app, chromium):
    started = time.time()
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    _open(page, coach_app.url)
    open_tab(page, "Resultater")
    textbox(page, "star-notes").fill(NOTES)
    button(page, "star-run").click()
    wait_until(page, lambda: "Situation" in page.locator("#star-output").inner_text(), "STAR result", MODEL_TIMEOUT_MS)
    open_tab(page, "Feedback")
    textbox(page, "feedback-input").fill(f"Måske kunne du overveje at svare {CANARY} lidt hurtigere.")
    button(page, "feedback-run").click()
    wait_until(page, lambda: page.locator("#feedback-findings").inner_text().strip() != "", "feedback result")
    storage = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    ctx.close()
    coach_app.stop()
    assert CANARY not in storage
    assert CANARY not in coach_app.log_text()
    leaks = []
    private_tmp = coach_app.home / "cache" / "tmp"
    candidates = list(private_tmp.rglob("*")) + [p for p in Path(tempfile.gettempdir()).glob("*")
                                                 if p.is_file() and p.stat().st_mtime >= started]
    for path in candidates:
        if path.is_file() and path.stat().st_size < 5_000_000 and CANARY.encode() in path.read_bytes():
            leaks.append(str(path))
    assert leaks == []
    # the user's own data is where it belongs: in the private store, readable only by the user
    db = coach_app.home / "data" / "coach.db"
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    coach_app.start()
