"""The rehearsal's content files load and match their schemas; a broken file is refused with its name and line."""

import importlib

import pytest

from coach import content
from coach.errors import CoachError
from coach.rules import rehearsal_content as rc

persona_files = importlib.import_module("coach.capabilities.rehearse.personas")  # the package exports personas()


def test_every_rehearsal_content_file_is_registered_and_loads():
    loaded = content.check_all()
    assert {"rehearse/agenda.yaml", "rehearse/question_bank.yaml", "rehearse/replies.yaml",
            "rehearse/debrief.yaml"} <= set(loaded)
    assert set(rc.bank().styles) == set(rc.STYLES)
    assert set(rc.debrief_texts().criteria) == set(rc.CRITERIA_IDS)


def test_a_misspelt_key_names_the_file_and_the_line(tmp_path):
    bad = tmp_path / "question_bank.yaml"
    bad.write_text("styles: {}\ndrift:\n  - \"Nå ja\"\ndrfit: []\n", encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"question_bank.yaml, linje 4: 'drfit' er ikke en kendt nøgle"):
        content.parse(bad, rc.BankContent)


def test_an_unknown_slot_in_a_reply_line_is_an_error(tmp_path):
    good = (content.paths.content_dir() / "rehearse" / "replies.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "replies.yaml"
    bad.write_text(good.replace("{numbers} – det er en tydelig forbedring.", "{nummer} – det er en tydelig forbedring."),
                   encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"replies.yaml, linje \d+: .*ukendt felt \{nummer\}"):
        content.parse(bad, rc.RepliesContent)


def test_debrief_advice_may_not_hold_placeholders(tmp_path):
    good = (content.paths.content_dir() / "rehearse" / "debrief.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "debrief.yaml"
    bad.write_text(good.replace("Forbered et eller to,", "Forbered [antal],"), encoding="utf-8")
    with pytest.raises(content.ContentError, match="pladsholdere"):
        content.parse(bad, rc.DebriefContent)


def test_a_broken_persona_file_is_a_danish_error(tmp_path):
    path = tmp_path / "ny.md"
    path.write_text("---\nid: ny\nname: Den nye leder\ndescription: x\ndifficulty: 5\ntrains: []\nstyle: venlig\n"
                    "voice: \"En leder, der er ny.\"\n---\nKrop\n", encoding="utf-8")
    with pytest.raises(CoachError, match="Personafilen ny.md er ugyldig"):
        persona_files.parse(path)
    path.write_text("ingen front-matter", encoding="utf-8")
    with pytest.raises(CoachError, match="mangler front-matter"):
        persona_files.parse(path)
