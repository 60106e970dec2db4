"""The Danish task adapter: refused with a Danish reason unless it is exactly this model's adapter; the app then runs
on the bare base model. The embedded tests load the shipped adapter for real and check that it changes the output."""

import struct

import pytest

from coach.models import adapter
from coach.models.catalog import load_catalog

SPEC = load_catalog().embedded


def _gguf(path, kv: dict[str, str | float]):
    """A GGUF file with only a key/value header (enough for the checks before llama.cpp)."""
    out = bytearray(b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", 0) + struct.pack("<Q", len(kv)))
    for key, value in kv.items():
        out += struct.pack("<Q", len(key.encode())) + key.encode()
        if isinstance(value, float):
            out += struct.pack("<I", 6) + struct.pack("<f", value)
        else:
            out += struct.pack("<I", 8) + struct.pack("<Q", len(value.encode())) + value.encode()
    path.write_bytes(bytes(out))
    return path


GOOD_META = {"general.architecture": "gemma3", "general.type": "adapter", "adapter.type": "lora",
             "adapter.lora.alpha": 32.0, "mus_coach.base_sha256": SPEC.sha256}


def test_the_catalogue_names_an_adapter_for_the_embedded_model():
    assert SPEC.adapter and SPEC.adapter_sha256 and adapter.path_of(SPEC).is_file()


@pytest.mark.parametrize("meta, reason", [
    (GOOD_META | {"general.type": "model"}, "ikke en LoRA-tilpasning"),
    (GOOD_META | {"general.architecture": "llama"}, "hører til en anden model"),
    (GOOD_META | {"mus_coach.base_sha256": "0" * 64}, "hører til en anden model"),
    (GOOD_META, "ændret eller ødelagt"),  # the right header, but not the file the catalogue names
])
def test_a_foreign_or_changed_adapter_is_refused_in_danish(tmp_path, meta, reason):
    path = _gguf(tmp_path / "a.gguf", meta)
    with pytest.raises(adapter.AdapterError, match=reason):
        adapter.verify(path, SPEC)


@pytest.mark.parametrize("content", [b"", b"<html>404</html>", b"GGUF"])
def test_a_missing_or_truncated_adapter_is_refused(tmp_path, content):
    path = tmp_path / "a.gguf"
    if content:
        path.write_bytes(content)
    with pytest.raises(adapter.AdapterError, match="mangler eller er ikke en GGUF-fil"):
        adapter.verify(path, SPEC)


def test_the_adapter_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("COACH_NO_ADAPTER", "1")
    assert not adapter.enabled() and adapter.for_model(SPEC) is None
    monkeypatch.delenv("COACH_NO_ADAPTER")
    assert adapter.enabled()


def test_a_bad_adapter_means_the_bare_base_model_and_a_notice(monkeypatch, tmp_path):
    from coach.backend import runtime

    bad = SPEC.model_copy(update={"adapter": str(_gguf(tmp_path / "x.gguf", GOOD_META | {"general.type": "model"}))})
    monkeypatch.setattr(adapter, "path_of", lambda spec: tmp_path / "x.gguf")
    monkeypatch.setattr(runtime.registry, "model_file", lambda choice: tmp_path / "base.gguf")
    backend = runtime._create(runtime.registry.Choice(spec=bad, path=None))
    assert backend.adapter is None and backend.name == SPEC.id
    assert "uden sin danske tilpasning" in backend.notice


@pytest.mark.embedded
def test_the_shipped_adapter_loads_and_changes_the_answer():
    from coach.backend.base import Sampling
    from coach.backend.llama import LlamaBackend
    from coach.capabilities import prompts
    from coach.models import registry
    from coach.rules.notes import draft_star

    notes = "kunderne ringede tit om deres pakker, ca 50 opkald om dagen. jeg lavede en sms med trackinglink. nu ca 20"
    prompt = prompts.load("star", "completion").render(notes=notes, facts=draft_star(notes).facts)
    base_file = registry.model_file(registry.Choice(spec=SPEC, path=None))
    greedy = Sampling(temperature=0.0, max_tokens=60, stop=("\n\n",))
    texts = {}
    for lora in (None, adapter.for_model(SPEC)):
        backend = LlamaBackend(base_file, name="t", prompt_style="completion", context_size=1024, adapter=lora)
        try:
            texts[bool(lora)] = backend.complete(prompt, greedy).text
        finally:
            backend.close()
    assert texts[True] != texts[False]
    assert "\nHandling:" in texts[True]  # the tuned model writes the STAR lines it was taught
