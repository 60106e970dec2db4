import os
import struct

import pytest

from coach import paths
from coach.errors import CoachError, ModelError
from coach.models import manifest, registry
from coach.models.catalog import load_catalog


def _fake_gguf(path, size=4096):
    path.write_bytes(b"GGUF" + struct.pack("<I", 3) + os.urandom(size - 8))
    return path


def test_default_active_model_is_the_embedded_one():
    choice = registry.active()
    assert choice.embedded and choice.id == "gemma3-270m-base"


def test_best_installed_model_that_fits_in_ram_wins(monkeypatch):
    catalog = load_catalog()
    small = catalog.get("gemma3-4b-it")
    big = catalog.get("gemma3-12b-it")
    for spec in (small, big):
        f = _fake_gguf(paths.models_dir() / spec.filename)
        manifest.record(spec.id, f, spec.sha256 or "0" * 64)
    monkeypatch.setattr(registry.system, "total_ram", lambda: 8 * 1024**3)
    assert registry.active().id == "gemma3-4b-it"  # 12B does not fit in 8 GB
    monkeypatch.setattr(registry.system, "total_ram", lambda: 64 * 1024**3)
    assert registry.active().id == "gemma3-12b-it"


def test_a_damaged_download_is_not_installed():
    spec = load_catalog().get("qwen3-4b")
    f = _fake_gguf(paths.models_dir() / spec.filename)
    manifest.record(spec.id, f, spec.sha256 or "0" * 64)
    assert registry.is_installed(spec)
    f.write_bytes(b"<html>404</html>")
    assert not registry.is_installed(spec)
    assert registry.active().embedded


def test_use_saves_the_choice_and_refuses_models_not_downloaded(tmp_path):
    with pytest.raises(ModelError, match="coach models download gemma3-4b-it"):
        registry.use("gemma3-4b-it")
    own = _fake_gguf(tmp_path / "min-model.gguf")
    choice = registry.use(str(own))
    assert choice.spec is None and registry.active().path == own.resolve()
    settings = paths.data_dir() / "settings.json"
    assert oct(settings.stat().st_mode & 0o777) == "0o600"
    registry.use("gemma3-270m-base")
    assert registry.active().embedded


def test_use_rejects_a_file_that_is_not_gguf(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"PK\x03\x04 zip")
    with pytest.raises(ModelError, match="ikke en GGUF-model"):
        registry.use(str(fake))


def test_env_override_and_unknown_id(monkeypatch):
    monkeypatch.setenv("COACH_MODEL", "findes-ikke")
    with pytest.raises(CoachError, match="Ukendt model"):
        registry.active()


# -- model servers as choices ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, base, model, loopback", [
    ("http://127.0.0.1:11434/v1#gemma3:12b", "http://127.0.0.1:11434/v1", "gemma3:12b", True),
    ("http://localhost:8080", "http://localhost:8080/v1", None, True),
    ("http://[::1]:1234/v1/", "http://[::1]:1234/v1", None, True),
    ("http://127.0.0.5:8000/api/v1#org/model", "http://127.0.0.5:8000/api/v1", "org/model", True),
    ("https://llm.firma.dk/v1#gemma-3-27b-it", "https://llm.firma.dk/v1", "gemma-3-27b-it", False),
    ("http://10.0.0.7:8000/v1", "http://10.0.0.7:8000/v1", None, False),
    ("http://localhost.evil.example:80/v1", "http://localhost.evil.example:80/v1", None, False),
])
def test_server_addresses_are_parsed(value, base, model, loopback):
    server = registry.parse_server(value)
    assert (server.base_url, server.model, server.loopback) == (base, model, loopback)


@pytest.mark.parametrize("value, match", [
    ("http://user:pw@127.0.0.1:8080/v1", "adgangskode"), ("ftp://127.0.0.1/v1", "kan ikke læses"),
    ("http://127.0.0.1:port/v1", "kan ikke læses"), ("http://127.0.0.1:8080/v1?key=x", "forespørgsel"),
])
def test_bad_server_addresses_get_a_danish_message(value, match):
    with pytest.raises(ModelError, match=match):
        registry.resolve(value)


def test_a_server_on_this_machine_is_chosen_without_ceremony_and_persists():
    choice = registry.use("http://127.0.0.1:11434/v1#gemma3:12b")
    assert choice.server is not None and choice.remote_host is None and "på denne computer" in choice.label
    assert registry.active().id == "http://127.0.0.1:11434/v1#gemma3:12b"
    assert [s.base_url for s in registry.servers()] == ["http://127.0.0.1:11434/v1"]
    assert registry.forget_server("http://127.0.0.1:11434/v1") and registry.servers() == []
    assert registry.active().embedded


def test_another_host_needs_explicit_confirmation_and_no_connection_is_made(monkeypatch):
    import socket

    def no_connect(*args, **kwargs):
        raise AssertionError("choosing a model must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    monkeypatch.setattr(socket, "getaddrinfo", no_connect)
    with pytest.raises(ModelError, match="10.0.0.7 ligger ikke på din egen computer.*--allow-remote"):
        registry.use("http://10.0.0.7:8000/v1#m")
    assert registry.servers() == [] and registry.active().embedded
    monkeypatch.setenv("COACH_MODEL", "http://10.0.0.7:8000/v1#m")
    with pytest.raises(ModelError, match="ligger ikke på din egen computer"):
        registry.active()
    monkeypatch.setenv("COACH_ALLOW_REMOTE", "10.0.0.7")  # a confirmation for this run, naming the host
    assert registry.active().remote_host == "10.0.0.7"
    monkeypatch.delenv("COACH_ALLOW_REMOTE")
    monkeypatch.delenv("COACH_MODEL")
    choice = registry.use("http://10.0.0.7:8000/v1#m", allow_remote=True)
    assert choice.remote_host == "10.0.0.7" and registry.active().remote_host == "10.0.0.7"  # the yes is saved
    assert registry.resolve("http://10.0.0.7:8000/v1#other").remote_host == "10.0.0.7"
    with pytest.raises(ModelError, match="ligger ikke på din egen computer"):
        registry.resolve("http://10.0.0.8:8000/v1")  # a yes is for one server, not for every host


def test_the_cli_confirms_a_remote_server_with_a_flag_and_the_ui_banner_names_the_host(capsys):
    from coach.cli.main import main
    from ui import model

    assert main(["models", "use", "http://192.168.1.20:8000/v1#gemma"]) == 3
    assert "--allow-remote" in capsys.readouterr().err
    assert model.banner_update()["value"] == model.EMBEDDED_BANNER
    assert main(["models", "use", "http://192.168.1.20:8000/v1#gemma", "--allow-remote", "--context", "8192"]) == 0
    assert "dine tekster sendes nu til 192.168.1.20" in capsys.readouterr().out
    banner = model.banner_update()
    assert banner["visible"] and "Dine tekster sendes til 192.168.1.20" in banner["value"]
    assert registry.server_setting(registry.parse_server("http://192.168.1.20:8000/v1"), "context") == 8192
    assert main(["models", "use", "gemma3-270m-base"]) == 0
    assert model.banner_update()["value"] == model.EMBEDDED_BANNER


def test_a_server_address_works_wherever_a_model_id_does():
    from coach.backend import runtime
    from coach.backend.openai_server import ServerBackend

    backend = runtime.open_backend("http://127.0.0.1:9/v1#m")  # nothing is contacted until it is used
    assert isinstance(backend, ServerBackend) and backend.prompt_style == "chat"
    assert runtime.open_backend("http://127.0.0.1:9/v1#m") is backend
    with pytest.raises(ModelError, match="ikke på din egen computer"):
        runtime.open_backend("http://172.16.0.1:8000/v1")


def test_models_list_shows_configured_servers_and_their_models(capsys):
    from coach.cli.main import main
    from tests.fakeopenai import FakeOpenAI

    with FakeOpenAI(models=[{"id": "gemma3:12b"}, {"id": "qwen3:4b"}]) as server:
        registry.use(server.url + "#qwen3:4b")
        assert main(["models", "list"]) == 0
        text = capsys.readouterr().out
        assert server.url in text and "gemma3:12b, qwen3:4b" in text
        assert main(["models", "list", "--json"]) == 0
        data = __import__("json").loads(capsys.readouterr().out)
        assert data["active"] == server.url + "#qwen3:4b"
        assert data["servers"][0]["models"] == ["gemma3:12b", "qwen3:4b"] and not data["servers"][0]["remote"]
    assert main(["models", "list", "--json"]) == 0  # the server is gone: listed, with a Danish reason
    row = __import__("json").loads(capsys.readouterr().out)["servers"][0]
    assert row["models"] == [] and "ingen forbindelse" in row["error"]


# -- the Model tab: found models and servers ----------------------------------------------------------------------------
def test_model_tab_connects_to_a_server_and_refuses_another_host_without_the_checkbox(monkeypatch):
    import gradio as gr

    from tests.fakeopenai import FakeOpenAI
    from ui import model

    with pytest.warns(UserWarning, match="Skriv serverens adresse"):
        assert model.use_server("", False, "") == gr.skip()
    requests = []

    def connect(*args):
        requests.append(args)
        raise OSError("no connection in this test")

    monkeypatch.setattr("socket.socket.connect", connect)
    with pytest.raises(gr.Error, match="10.2.3.4 ligger ikke på din egen computer"):
        model.use_server("http://10.2.3.4:8000/v1", False, "")
    assert requests == [] and registry.active().embedded  # refused before any connection
    monkeypatch.undo()
    with FakeOpenAI(models=[{"id": "gemma3:12b", "meta": {"n_ctx": 8192}}]) as server:
        _active, _table, banner, note, servers = model.use_server(server.url, False, "")
        assert "gemma3:12b" in note and "8192 tokens (oplyst af serveren" in note and server.url in servers
        assert registry.active().id == server.url + "#gemma3:12b"  # the one model, saved by name
        assert banner["visible"] is False  # on this machine: no banner, nothing leaves it
        server.faults.models_status = 500
        with pytest.raises(gr.Error, match="HTTP 500"):
            model.use_server(server.url + "#gemma3:12b", False, "")
    choice = registry.use("http://10.2.3.4:8000/v1#m", allow_remote=True)
    assert "Dine tekster sendes til 10.2.3.4" in model.banner_update()["value"] and choice.remote_host


def test_model_tab_lists_and_uses_a_model_found_on_this_machine(tmp_path, monkeypatch):
    from tests.test_discovery import write_gguf
    from ui import model

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "OLLAMA_MODELS"):
        monkeypatch.delenv(name, raising=False)
    assert "fandt ingen" in model.found_markdown()
    path = write_gguf(tmp_path / "home/.lmstudio/models/org/repo/Model-Q4_K_M.gguf", "gemma3")
    assert "org/repo/Model-Q4_K_M.gguf** fra LM Studio" in model.found_markdown()
    [(_label, ref)] = model.found_choices()
    _active, _table, banner, note, _servers = model.use_found(ref)
    assert registry.active().path == path.resolve() and "bliver liggende, hvor den er" in note
    assert banner["visible"] is False
