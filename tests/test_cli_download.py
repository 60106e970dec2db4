"""`coach models download` / `use` / `list` end to end, as a user runs them, against the fake hub."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakehub import (
    DEFAULT_FILENAME,
    DEFAULT_REPO,
    DEFAULT_REVISION,
    FakeHub,
    Faults,
    make_gguf,
    sha256,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def catalogue(tmp_path):
    data = make_gguf(3 * 1024 * 1024)
    text = (ROOT / "models.toml").read_text(encoding="utf-8") + f"""
[models.tiny-test]
label = "Lille testmodel"
repo_id = "{DEFAULT_REPO}"
filename = "{DEFAULT_FILENAME}"
revision = "{DEFAULT_REVISION}"
sha256 = "{sha256(data)}"
size_bytes = {len(data)}
min_ram_gb = 0.5
context_length = 2048
prompt_style = "chat"
license = "apache-2.0"
euroeval_da_rank = 3.0
quality = "Kun til test (EuroEval rank 3.0)."
"""
    path = tmp_path / "models.toml"
    path.write_text(text, encoding="utf-8")
    return path, data


def _coach(args, env):
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.slow
def test_download_use_list_through_the_cli(catalogue, tmp_path):
    path, data = catalogue
    with FakeHub() as hub:
        hub.add_file(data)
        env = os.environ | {"COACH_CATALOG": str(path), "HF_ENDPOINT": hub.endpoint,
                            "COACH_HOME": str(tmp_path / "home")}
        proc = _coach(["models", "download", "tiny-test"], env)
        assert proc.returncode == 0, proc.stderr
        assert "Hentet og kontrolleret" in proc.stdout
        assert "100%" in proc.stderr and DEFAULT_FILENAME in proc.stderr  # the progress bar
        listing = _coach(["models", "list"], env).stdout
        line = next(l for l in listing.splitlines() if "tiny-test" in l)
        assert " ja " in line and "0,5 GB" in line
        assert line.startswith("*")  # the best installed model that fits becomes the active one
        proc = _coach(["models", "use", "tiny-test"], env)
        assert proc.returncode == 0 and "Lille testmodel" in proc.stdout
        listing = _coach(["models", "list"], env).stdout
        assert any(l.startswith("* tiny-test") for l in listing.splitlines())


@pytest.mark.slow
def test_failed_download_gives_danish_message_and_leaves_nothing(catalogue, tmp_path):
    path, data = catalogue
    with FakeHub() as hub:
        hub.add_file(b"GGUF" + b"\0" * (len(data) - 4))  # right size, wrong bytes
        hub.reset(Faults())
        env = os.environ | {"COACH_CATALOG": str(path), "HF_ENDPOINT": hub.endpoint,
                            "COACH_HOME": str(tmp_path / "home")}
        proc = _coach(["models", "download", "tiny-test"], env)
    assert proc.returncode == 4
    assert "kontrolsummen passer ikke" in proc.stderr and "Traceback" not in proc.stderr
    models = tmp_path / "home" / "cache" / "models"
    assert not (models / DEFAULT_FILENAME).exists()
    assert not [p for p in models.iterdir() if p.name.startswith(".staging")]
