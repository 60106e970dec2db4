import json
import subprocess
import sys

import pytest

from coach import cli


def run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_subcommands():
    proc = subprocess.run([sys.executable, "-m", "coach", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for sub in ("serve", "models", "ask", "star", "smart", "decode", "rehearse", "eval", "bench"):
        assert sub in proc.stdout


def test_models_list_shows_size_ram_installed_and_active(capsys):
    code, out, _ = run(["models", "list"], capsys)
    assert code == 0
    line = next(l for l in out.splitlines() if "gemma3-270m-base" in l)
    assert line.startswith("*") and "0,3 GB" in line and " ja " in line
    assert "gemma3-12b-it" in out and "7,3 GB" in out


def test_models_list_json(capsys):
    code, out, _ = run(["models", "list", "--json"], capsys)
    data = json.loads(out)
    assert data["active"] == "gemma3-270m-base"
    row = {r["id"]: r for r in data["models"]}["gemma3-4b-it"]
    assert row["installed"] is False and row["active"] is False


def test_use_of_a_model_not_downloaded_is_a_clear_danish_error(capsys):
    code, _, err = run(["models", "use", "gemma3-4b-it"], capsys)
    assert code == 3 and "ikke hentet" in err and "Traceback" not in err


def test_ask_streams_an_answer_from_the_fake_backend(capsys, monkeypatch):
    monkeypatch.setenv("COACH_BACKEND", "fake")
    code, out, _ = run(["ask", "Hvad", "er", "en", "MUS?"], capsys)
    assert code == 0 and "godt udgangspunkt" in out


@pytest.mark.parametrize("question, phrase", [("", "ingen tekst"), ("😀😀😀", "ingen ord")])
def test_ask_bad_input_exits_non_zero_with_danish_message(question, phrase, capsys, monkeypatch):
    monkeypatch.setenv("COACH_BACKEND", "fake")
    code, _, err = run(["ask", question], capsys)
    assert code == 2 and phrase in err


@pytest.mark.embedded
def test_ask_on_the_embedded_model_end_to_end():
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "ask", "Hvordan forbereder jeg mig til min MUS?"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip()) > 3
