"""Every content file loads and matches its schema; a broken file is refused with its name and line."""

import pytest

import coach.rules.decode_lexicon  # noqa: F401  (registers content/decode/*.yaml)
import coach.rules.rehearsal_content  # noqa: F401  (registers content/rehearse/*.yaml)
import coach.rules.smart_rewrite  # noqa: F401  (registers content/smart/topics.yaml)
import coach.store.workspace  # noqa: F401  (registers content/prep/checklist.yaml)
from coach import content
from coach.store.workspace import PrepContent


def test_every_registered_content_file_loads():
    loaded = content.check_all()
    assert {"prep/checklist.yaml", "smart/topics.yaml"} <= set(loaded)
    assert any(name.startswith("decode/") for name in loaded) and any(name.startswith("rehearse/") for name in loaded)


def test_unknown_key_names_file_and_line(tmp_path):
    bad = tmp_path / "checklist.yaml"
    bad.write_text('checklist:\n  - "Et punkt"\nsections:\n  year: "Året"\n  wellbeing: "Trivsel"\n  yaer: "x"\n',
                   encoding="utf-8")
    with pytest.raises(content.ContentError) as err:
        content.parse(bad, PrepContent)
    message = str(err.value)
    assert "checklist.yaml, linje 6: 'yaer' er ikke en kendt nøgle" in message
    assert "'development' mangler" in message


def test_broken_yaml_names_the_line(tmp_path):
    bad = tmp_path / "checklist.yaml"
    bad.write_text('checklist:\n  - "Et punkt\n  - andet\n', encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"checklist.yaml, linje \d+: ugyldig YAML"):
        content.parse(bad, PrepContent)
