"""Browser end-to-end fixtures: the real app as a subprocess (real embedded model), the app in this process on a
gated fake model (``gated``: every reply waits until the test opens the gate), axe-core, and Debian's Chromium.

Playwright's own browser download does not work here, so the tests drive ``/usr/bin/chromium``. Without it the
tests are skipped locally with a clear reason; in CI (``CI=true``) a missing Chromium is a failure, because
``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from coach.backend import FakeBackend, Sampling

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("COACH_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
# axe-core (npm), installed by .ci/run into test-artifacts/axe; COACH_AXE_JS points elsewhere.
AXE_JS = Path(os.environ.get("COACH_AXE_JS", ARTIFACTS / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
SCREENSHOTS = ARTIFACTS / "screenshots"
START_TIMEOUT_S = 90


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``python app.py`` in a subprocess on a private COACH_HOME and port; the real embedded model."""

    def __init__(self, home: Path, port: int, log_dir: Path) -> None:
        self.home = home
        self.port = port
        self.log_dir = log_dir
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"app-{self.starts}.log"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def start(self) -> None:
        assert self.proc is None, "already running"
        self.starts += 1
        env = dict(os.environ)
        for name in ("COACH_BACKEND", "COACH_MODEL", "GRADIO_SERVER_PORT", "GRADIO_SERVER_NAME"):
            env.pop(name, None)
        env.update(
            COACH_HOME=str(self.home),
            COACH_PORT=str(self.port),
            PYTHONUNBUFFERED="1",
            GRADIO_ANALYTICS_ENABLED="False",
            HF_HUB_OFFLINE="1",
        )
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=REPO_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends the app and anything it started
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited with {self.proc.returncode}:\n{self.log_text()[-4000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError) as exc:
                last = exc
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"the app did not answer on {self.url} in {START_TIMEOUT_S} s ({last}):\n"
                           f"{self.log_text()[-4000:]}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> None:
        """Stop and start again on the same COACH_HOME and port (what a user does after closing the app)."""
        self.stop()
        self._wait_port_free()
        self.start()

    def _wait_port_free(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind(("127.0.0.1", self.port))
                    return
                except OSError:
                    time.sleep(0.2)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        reason = (f"Debian's Chromium is missing at {CHROMIUM}; install it with "
                  "'apt-get install -y chromium' (Playwright's own browser download does not work here)")
        if _in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright_instance(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright_instance, chromium_path):
    browser = playwright_instance.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS,
                                                  headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def coach_app(tmp_path_factory):
    """The real app (embedded model) on a fresh COACH_HOME and a free port; killed at the end."""
    base = tmp_path_factory.mktemp("e2e")
    server = AppServer(home=base / "coach-home", port=free_port(), log_dir=base / "logs")
    server.start()
    yield server
    server.stop()
    if server.starts:
        dest = ARTIFACTS / "e2e-logs"
        dest.mkdir(parents=True, exist_ok=True)
        for log in (base / "logs").glob("*.log"):
            shutil.copy(log, dest / log.name)


@pytest.fixture
def restart_app(coach_app):
    """Call it to restart the app on the same COACH_HOME and port; returns the server."""

    def restart() -> AppServer:
        coach_app.restart()
        return coach_app

    return restart


@pytest.fixture
def browser_context(chromium, tmp_path):
    """A fresh context per test: its own storage, downloads allowed, a desktop-sized window, Danish locale."""
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900},
                                   locale="da-DK")
    yield context
    context.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's browser script, injected into the page by the accessibility tests."""
    if not AXE_JS.exists():
        reason = (f"axe-core is missing at {AXE_JS}; install it with "
                  "'npm install --prefix test-artifacts/axe axe-core@4' (.ci/run does)")
        if _in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return AXE_JS


# -- the app in this process on a gated fake model --------------------------------------------------------------------
LINES = ["Velkommen til din MUS. Hvad vil du gerne tale om i dag?",
         "Godt at se dig. Hvordan synes du selv, at dit år er gået?",
         "Tak, fordi du kom. Hvad er du mest tilfreds med fra det seneste år?",
         "Det lyder spændende. Hvad fik du ud af det arbejde?",
         "Hvad vil du gerne blive bedre til i det kommende år?",
         "Hvordan kan jeg bedst støtte dig i det?"]


class Gate(FakeBackend):
    """A fake model whose every reply waits for the test to open the gate (or for the run to be stopped)."""

    def __init__(self) -> None:
        self.count = 0
        super().__init__(self._next_line)
        self.open = threading.Event()
        self.waiting = threading.Event()
        self.cancels: list = []

    def _next_line(self, prompt) -> str:
        self.count += 1
        return LINES[(self.count - 1) % len(LINES)]

    def stream(self, prompt, sampling: Sampling = Sampling(), *, cancel=None, stats=None):
        self.cancels.append(cancel)
        self.waiting.set()
        while not self.open.is_set() and not (cancel is not None and cancel.is_set()):
            self.open.wait(0.02)
        self.waiting.clear()
        yield from super().stream(prompt, sampling, cancel=cancel, stats=stats)


@pytest.fixture()
def gated(monkeypatch):
    """The app in this process on the gated fake model; yields (gate, url)."""
    monkeypatch.setenv("COACH_BACKEND", "fake")
    from coach.backend import runtime

    gate = Gate()
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: gate)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    import app

    port = free_port()
    demo = app.build_demo()
    demo.launch(prevent_thread_lock=True, quiet=True, **app.launch_kwargs(port))
    yield gate, f"http://127.0.0.1:{port}/"
    gate.open.set()
    demo.close()
