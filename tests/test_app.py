"""The app builds, serves on 127.0.0.1 only, and opens no connection beyond loopback."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent

AUDIT_SCRIPT = r"""
import json, sys
events = []
def hook(event, args):
    if event == "socket.connect":
        events.append(["connect", repr(args[1])])
    elif event == "socket.getaddrinfo":
        events.append(["dns", str(args[0])])
sys.addaudithook(hook)
sys.path.insert(0, sys.argv[1])
import urllib.request
import app
from coach import privacy
demo = app.build_demo()
demo.launch(prevent_thread_lock=True, quiet=True, **privacy.launch_kwargs(int(sys.argv[2])))
html = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}/", timeout=30).read().decode()
class Req: session_hash = "test"
answer = list(app.answer("Hvad er en MUS?", Req()))[-1]["value"]  # a gr.update: the checked answer
demo.close()
print("RESULT" + json.dumps({"events": events, "answer": answer, "title": "MUS Coach" in html}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _loopback(addr: str) -> bool:
    return any(h in addr for h in ("127.0.0.1", "'localhost'", "::1")) or addr.startswith("'/")


@pytest.mark.embedded
def test_start_and_a_generation_stay_on_loopback(tmp_path):
    env = os.environ | {"COACH_HOME": str(tmp_path / "home")}
    env.pop("COACH_BACKEND", None)
    proc = subprocess.run(
        [sys.executable, "-c", AUDIT_SCRIPT, str(ROOT), str(_free_port())],
        capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.split("RESULT", 1)[1])
    assert result["title"] and result["answer"].strip()
    connects = [a for kind, a in result["events"] if kind == "connect"]
    lookups = [a for kind, a in result["events"] if kind == "dns"]
    assert connects, "the audit hook saw no connection at all"
    assert all(_loopback(a) for a in connects), connects
    assert all(h in ("127.0.0.1", "localhost", "::1") for h in lookups), lookups


@pytest.mark.slow
def test_env_cannot_expose_the_app_to_the_network(tmp_path):
    port = _free_port()
    env = os.environ | {
        "COACH_HOME": str(tmp_path / "home"), "COACH_BACKEND": "fake", "COACH_PORT": str(port),
        "GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SHARE": "True",
    }
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not answer")
        assert b"MUS Coach" in body
        listening = {c.laddr.ip for c in psutil.Process(proc.pid).net_connections() if c.status == "LISTEN"}
        assert listening == {"127.0.0.1"}
        assert "gradio.live" not in first
    finally:
        proc.terminate()
        proc.wait(timeout=20)
