"""The eval harness itself runs on every case file (rules only), so it cannot rot unnoticed."""

import json

import pytest

from coach.backend import FakeBackend
from coach.measure import evals
from coach.measure.scorers import SCORERS

MIN_TEST_CASES = {"star": 30, "smart": 30, "decode": 80, "rehearse": 15}


@pytest.mark.parametrize("capability", list(SCORERS))
def test_both_splits_load_validate_and_do_not_share_cases(capability):
    _, test = evals.load_cases(capability, "test")
    _, dev = evals.load_cases(capability, "dev")
    ids = [c.id for c in test + dev]
    assert len(ids) == len(set(ids))
    assert len(test) >= MIN_TEST_CASES[capability]
    inputs = lambda cases: {getattr(c, "input", None) or "\n".join(c.employee_turns) for c in cases}  # noqa: E731
    assert not inputs(test) & inputs(dev)


def test_a_bad_case_file_is_refused_with_its_name(tmp_path, monkeypatch):
    (tmp_path / "star").mkdir()
    (tmp_path / "star" / "test.yaml").write_text("capability: star\nsplit: test\ncases:\n  - id: x\n    input: y\n",
                                                 encoding="utf-8")
    monkeypatch.setattr(evals, "CASES_DIR", tmp_path)
    with pytest.raises(Exception, match="star/test.yaml"):
        evals.load_cases("star", "test")


def test_rules_only_report_shows_test_before_dev(tmp_path):
    report = evals.run_all(None, "regler-test", ["star", "smart"], write=False)
    md = evals.write_report(report, tmp_path).read_text(encoding="utf-8")
    assert "## star" in md and "## smart" in md
    header = next(line for line in md.splitlines() if line.startswith("| Mål |"))
    assert header.index("test") < header.index("dev")
    doc = json.loads((tmp_path / "regler-test.json").read_text(encoding="utf-8"))
    star = doc["capabilities"]["star"]
    assert set(star) == {"test", "dev"}
    # the rules never invent a number, on any case
    assert star["test"]["summary"]["figures"]["invented_numbers_per_100_outputs"] == 0
    assert star["dev"]["summary"]["figures"]["invented_numbers_per_100_outputs"] == 0


def test_a_single_capability_run_keeps_the_others(tmp_path):
    evals.write_report(evals.run_all(None, "m", ["star", "smart"], splits=("test",), write=False), tmp_path)
    evals.write_report(evals.run_all(FakeBackend(name="m"), "m", ["smart"], splits=("test",), write=False), tmp_path)
    doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert list(doc["capabilities"]) == ["star", "smart"]
    assert doc["capabilities"]["smart"]["test"]["summary"]["path"]["rules"] == 0  # the new run, with a model
    assert doc["capabilities"]["star"]["test"]["summary"]["path"]["rules"] > 0  # the earlier rules-only run
