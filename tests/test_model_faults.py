"""Model file faults: missing, truncated, bit-flipped, wrong type renamed .gguf. Detected before loading
where possible; otherwise the load error is caught; always a Danish message and the process lives on."""

import os
import shutil

import pytest

from coach import paths
from coach.backend import Sampling, runtime
from coach.backend.llama import LlamaBackend
from coach.errors import ModelError
from coach.models import embedded, gguf, manifest, registry
from coach.models.catalog import load_catalog

pytestmark = pytest.mark.embedded


@pytest.fixture()
def model_copy(embedded_path, tmp_path):
    dst = tmp_path / "kopi.gguf"
    shutil.copyfile(embedded_path, dst)
    return dst


def test_missing_file_is_a_danish_error():
    with pytest.raises(ModelError, match="findes ikke"):
        LlamaBackend(paths.models_dir() / "væk.gguf").load()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04zip" * 10, b"<html>404 Not Found</html>", b"GGUF\x63\x00\x00\x00"])
def test_wrong_file_type_is_refused_before_llama_sees_it(tmp_path, content):
    bad = tmp_path / "model.gguf"
    bad.write_bytes(content)
    with pytest.raises(ModelError) as err:
        LlamaBackend(bad).load()
    assert "GGUF" in str(err.value)


@pytest.mark.parametrize("keep", [100, 0.5])
def test_truncated_model_fails_to_load_with_a_danish_message(model_copy, keep):
    size = model_copy.stat().st_size
    with model_copy.open("r+b") as fh:
        fh.truncate(keep if isinstance(keep, int) else int(size * keep))
    with pytest.raises(ModelError) as err:
        LlamaBackend(model_copy).load()
    assert "kunne ikke indlæses" in str(err.value) or "GGUF" in str(err.value)


def test_a_bit_flip_in_a_verified_model_is_caught_by_the_manifest(model_copy):
    manifest.record("test-model", model_copy, gguf.sha256_file(model_copy))
    entry = manifest.get("test-model")
    assert manifest.check(entry) == model_copy
    with model_copy.open("r+b") as fh:
        fh.seek(model_copy.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(ModelError, match="kontrolsummen"):
        manifest.check(manifest.get("test-model"))


def test_a_bit_flipped_embedded_model_is_rebuilt_before_use():
    spec = load_catalog().embedded
    path = embedded.ensure(spec)
    with path.open("r+b") as fh:
        fh.seek(1_000_000)
        fh.write(b"\xff\xff")
    assert gguf.sha256_file(embedded.ensure(spec)) == spec.sha256


def test_after_a_bad_model_the_app_can_switch_back_and_generate(tmp_path):
    bad = tmp_path / "ødelagt.gguf"
    bad.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x00" * 1000)
    registry.use(str(bad))
    with pytest.raises(ModelError):
        runtime.open_backend().complete("Hej", Sampling(max_tokens=3))
    runtime.reset()
    registry.use("gemma3-270m-base")
    out = runtime.open_backend().complete("Min MUS handler om", Sampling(max_tokens=5, seed=1))
    assert out.completion_tokens >= 1
