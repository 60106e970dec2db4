"""The eval harness itself runs on every case file (rules only, fast), so it cannot rot unnoticed."""

import json

import pytest

from coach.backend import FakeBackend
from coach.measure import evals


@pytest.mark.parametrize("capability", list(evals.SCORERS))
def test_every_case_file_loads_and_has_enough_unique_cases(capability):
    data = evals.load_cases(capability)
    ids = [c["id"] for c in data["cases"]]
    assert len(ids) == len(set(ids)) and len(ids) >= (12 if capability == "rehearse" else 30)


def test_rules_only_run_and_report(tmp_path):
    report = evals.run_all(None, "regler-test", write=False)
    path = evals.write_report(report, tmp_path)
    md = path.read_text(encoding="utf-8")
    for cap in evals.SCORERS:
        assert f"## {cap}" in md
    doc = json.loads((tmp_path / "regler-test.json").read_text(encoding="utf-8"))
    decode = doc["capabilities"]["decode"]["summary"]
    assert decode["precision"] >= 0.9 and decode["recall"] >= 0.9
    assert doc["capabilities"]["star"]["summary"]["invented_numbers_per_100_outputs"] == 0
    assert doc["capabilities"]["smart"]["summary"]["criterion_accuracy"] >= 0.9
    assert doc["capabilities"]["rehearse"]["summary"]["strong_beats_vague"] == 1.0


def test_a_single_capability_run_keeps_the_others(tmp_path):
    evals.write_report(evals.run_all(None, "m", write=False), tmp_path)
    evals.write_report(evals.run_all(FakeBackend(name="m"), "m", ["smart"], write=False), tmp_path)
    doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert list(doc["capabilities"]) == list(evals.SCORERS)
    assert doc["capabilities"]["smart"]["summary"]["path"]["rules"] == 0  # the new run, with a model
    assert doc["capabilities"]["star"]["summary"]["path"]["rules"] > 0  # the earlier rules-only run
