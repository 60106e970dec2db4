"""GGUF models already on this machine: fake LM Studio, Ollama, Hugging Face, Jan and GPT4All folders under tmp_path
(HOME and the apps' variables pointed there), found, named as their apps name them, checked, never copied."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

import pytest

from coach.errors import ModelError
from coach.models import discovery, registry


def _s(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def write_gguf(path: Path, arch: str = "llama", name: str = "Test Model", *, size: int = 4096,
               vocab: bool = True) -> Path:
    """A small GGUF v3 file with real metadata: general.architecture, general.name, a scalar, a string array."""
    kvs = [_s("general.architecture") + struct.pack("<I", 8) + _s(arch),
           _s(f"{arch}.context_length") + struct.pack("<I", 4) + struct.pack("<I", 8192)]
    if vocab:
        kvs.append(_s("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 2) + _s("a") + _s("b"))
    kvs.append(_s("general.name") + struct.pack("<I", 8) + _s(name))
    data = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kvs)) + b"".join(kvs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data + b"\0" * max(0, size - len(data)))
    return path


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "OLLAMA_MODELS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(discovery, "OLLAMA_SYSTEM", tmp_path / "usr-share-ollama")
    return home


def ollama_model(root: Path, name: str, tag: str, arch: str = "gemma3", *, namespace: str = "library",
                 registry_host: str = "registry.ollama.ai") -> Path:
    blob_data = Path(root / "tmp.gguf")
    write_gguf(blob_data, arch, f"{name} {tag}")
    digest = hashlib.sha256(blob_data.read_bytes()).hexdigest()
    blob = root / "blobs" / f"sha256-{digest}"
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob_data.replace(blob)
    manifest = root / "manifests" / registry_host / namespace / name / tag
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"schemaVersion": 2, "layers": [
        {"mediaType": "application/vnd.ollama.image.license", "digest": "sha256:" + "0" * 64},
        {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}", "size": 4096}]}))
    return blob


def hf_cache_file(hub: Path, repo: str, filename: str, arch: str = "qwen3") -> Path:
    folder = hub / f"models--{repo.replace('/', '--')}"
    commit = "a" * 40
    blob = write_gguf(folder / "blobs" / ("b" * 64), arch, repo)
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(commit)
    snapshot = folder / "snapshots" / commit / filename
    snapshot.parent.mkdir(parents=True)
    snapshot.symlink_to(os.path.relpath(blob, snapshot.parent))
    return snapshot


def test_lm_studio_folders_old_new_and_moved(home, tmp_path):
    write_gguf(home / ".lmstudio/models/lmstudio-community/gemma-3-4b-it-GGUF/gemma-3-4b-it-Q4_K_M.gguf", "gemma3")
    write_gguf(home / ".cache/lm-studio/models/bartowski/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf", "qwen3")
    moved = tmp_path / "big-disk" / "lms"
    write_gguf(moved / "unsloth/Llama-3.2-1B-GGUF/Llama-3.2-1B-Q8_0.gguf")
    (home / ".lmstudio/settings.json").write_text(json.dumps({"downloadsFolder": str(moved)}))
    write_gguf(home / ".lmstudio/models/at-the-root.gguf")  # LM Studio ignores files at the root: so do we
    write_gguf(home / ".lmstudio/models/x/y/mmproj-model-f16.gguf", "clip")  # a vision projector, not a model
    found = {f.name: f for f in discovery.scan()}
    assert set(found) == {"lmstudio-community/gemma-3-4b-it-GGUF/gemma-3-4b-it-Q4_K_M.gguf",
                          "bartowski/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf", "unsloth/Llama-3.2-1B-GGUF/Llama-3.2-1B-Q8_0.gguf"}
    gemma = found["lmstudio-community/gemma-3-4b-it-GGUF/gemma-3-4b-it-Q4_K_M.gguf"]
    assert gemma.source == "LM Studio" and gemma.architecture == "gemma3" and gemma.size == 4096
    assert "fundet på din maskine" in gemma.title


def test_ollama_blobs_are_named_from_their_manifests(home, tmp_path, monkeypatch):
    ollama_model(home / ".ollama/models", "gemma3", "12b")
    ollama_model(home / ".ollama/models", "mistral-nemo", "latest", "llama", namespace="someone")
    custom = tmp_path / "ollama-elsewhere"
    ollama_model(custom, "qwen3", "4b", "qwen3", registry_host="hf.co", namespace="Qwen")
    monkeypatch.setenv("OLLAMA_MODELS", str(custom))
    ollama_model(tmp_path / "usr-share-ollama", "llama3.2", "latest", "llama")
    bad = ollama_model(home / ".ollama/models", "safetensors-only", "latest")
    bad.write_bytes(b"not a gguf at all")  # newer Ollama stores some models in other formats: left out
    found = {f.name: f for f in discovery.scan() if f.source == "Ollama"}
    assert set(found) == {"gemma3:12b", "someone/mistral-nemo:latest", "hf.co/Qwen/qwen3:4b", "llama3.2:latest"}
    assert found["gemma3:12b"].ref == "ollama:gemma3:12b" and found["gemma3:12b"].path.name.startswith("sha256-")
    assert discovery.ollama_model("llama3.2").name == "llama3.2:latest"
    with pytest.raises(ModelError, match="blev ikke fundet.*gemma3:12b"):
        discovery.ollama_model("phi4")


def test_hugging_face_cache_jan_and_gpt4all(home, monkeypatch, tmp_path):
    snapshot = hf_cache_file(home / ".cache/huggingface/hub", "Qwen/Qwen3-4B-GGUF", "Qwen3-4B-Q4_K_M.gguf")
    write_gguf(home / ".config/Jan/data/llamacpp/models/janhq/Jan-v1-4B-GGUF/model.gguf", "qwen3")
    write_gguf(home / ".local/share/nomic.ai/GPT4All/Meta-Llama-3-8B-Instruct.Q4_0.gguf")
    write_gguf(home / ".local/share/nomic.ai/GPT4All/model-00002-of-00003.gguf")  # a later part of a split model
    found = {(f.source, f.name): f for f in discovery.scan()}
    assert set(found) == {("Hugging Face", "Qwen/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf"),
                          ("Jan", "janhq/Jan-v1-4B-GGUF/model.gguf"),
                          ("GPT4All", "Meta-Llama-3-8B-Instruct.Q4_0.gguf")}
    assert found[("Hugging Face", "Qwen/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf")].path == snapshot
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub-elsewhere"))
    hf_cache_file(tmp_path / "hub-elsewhere", "google/gemma-3-1b-it-qat-q4_0-gguf", "gemma-3-1b-it-q4_0.gguf", "gemma3")
    names = {f.name for f in discovery.scan() if f.source == "Hugging Face"}
    assert names == {"google/gemma-3-1b-it-qat-q4_0-gguf/gemma-3-1b-it-q4_0.gguf"}


def test_unreadable_broken_and_looping_trees_never_break_discovery(home, monkeypatch):
    models = home / ".lmstudio/models"
    write_gguf(models / "good/repo/good.gguf")
    (models / "bad/repo").mkdir(parents=True)
    (models / "bad/repo/html.gguf").write_text("<html>404</html>")  # not a GGUF, named like one
    (models / "bad/repo/empty.gguf").write_bytes(b"")
    (models / "bad/repo/cut.gguf").write_bytes(write_gguf(models / "tmp.gguf").read_bytes()[:30])
    (models / "tmp.gguf").unlink()
    (models / "bad/repo/dangling.gguf").symlink_to(models / "nowhere.gguf")
    (models / "loop").symlink_to(models)  # a folder link back up: not followed
    locked = models / "locked/repo"
    locked.mkdir(parents=True)
    write_gguf(locked / "secret.gguf")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    manifests = home / ".ollama/models/manifests/registry.ollama.ai/library"
    (manifests / "garbage").mkdir(parents=True)
    (manifests / "garbage/latest").write_text("{not json")
    (manifests / "missing").mkdir()
    (manifests / "missing/latest").write_text(json.dumps({"layers": [
        {"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:" + "d" * 64}]}))
    (home / ".lmstudio/settings.json").write_text("[1, 2")
    (home / ".cache/huggingface/hub/models--broken").mkdir(parents=True)  # no snapshots: scan_cache_dir complains
    assert [f.name for f in discovery.scan()] == ["good/repo/good.gguf"]


def test_walks_are_bounded(home, monkeypatch):
    monkeypatch.setattr(discovery, "MAX_ENTRIES", 50)
    root = home / ".lmstudio/models/many/files"
    root.mkdir(parents=True)
    for i in range(200):
        (root / f"note-{i}.txt").write_text("x")
    write_gguf(home / ".lmstudio/models/z/last/model.gguf")
    assert len(discovery._gguf_files(home / ".lmstudio/models", max_depth=4)) <= 1


def test_a_found_model_is_chosen_in_place_and_checked_like_any_gguf(home):
    path = write_gguf(home / ".lmstudio/models/org/repo/model-Q4_K_M.gguf", "gemma3")
    blob = ollama_model(home / ".ollama/models", "gemma3", "4b")
    before = sorted(p.name for p in Path(os.environ["COACH_HOME"]).rglob("*.gguf"))
    choice = registry.use(str(path))
    assert choice.path == path.resolve() and registry.active().path == path.resolve()
    choice = registry.use("ollama:gemma3:4b")
    assert choice.path == blob.resolve() and choice.id == "ollama:gemma3:4b"
    assert "gemma3:4b fra Ollama" in choice.label and registry.active().id == "ollama:gemma3:4b"
    assert sorted(p.name for p in Path(os.environ["COACH_HOME"]).rglob("*.gguf")) == before  # nothing copied
    blob.write_bytes(b"PK\x03\x04 zip")  # Ollama replaced it with something else
    assert not any(f.source == "Ollama" for f in discovery.scan())
    assert registry.active().embedded  # the saved choice no longer resolves: the quiet fallback


def test_the_embedded_model_has_readable_metadata(embedded_path):
    info = discovery.read_info(embedded_path)
    assert info is not None and info["architecture"] == "gemma3"


def test_models_list_shows_found_models(home, capsys):
    from coach.cli.main import main

    write_gguf(home / ".lmstudio/models/org/repo/found-it.gguf", "gemma3")
    assert main(["models", "list"]) == 0
    text = capsys.readouterr().out
    assert "Fundet på din maskine" in text and "org/repo/found-it.gguf fra LM Studio" in text
    assert main(["models", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in data["found"]] == ["org/repo/found-it.gguf"] and data["servers"] == []
