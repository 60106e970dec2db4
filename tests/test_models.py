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
