"""The MUS agenda and pacing, the persona files, the question bank and the manager's replies as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from coach.capabilities import validate
from coach.rules import agenda, manager_check
from coach.rules.agenda import DRIFT, PERSONA_STYLES, PHASE_IDS, PHASES, STYLES, TRAINS, manager_line, plan_phases
from coach.rules.rehearsal_content import SLOTS, bank, replies, slots_in

ROOT = Path(__file__).resolve().parents[1]
PERSONA_DIR = ROOT / "prompts" / "rehearse" / "personas"
ENGLISH = re.compile(r"\b(?:the|you|your|and|is|are|what|with|please|this|that|joke|sorry|hello)\b", re.IGNORECASE)
FILL = {"numbers": "fra 14 til 9 dage", "en_numbers": "300, 90 og 4,3", "overtime": "30 timers merarbejde", "wish": "et kursus i Excel",
        "proposal": "om, at vi samler møderne", "items": "dine resultater og din udvikling", "when": "inden fredag",
        "thing": "lønforhøjelsen", "name": "Kim", "feedback": "at jeg svarer sent", "agreements": "du sender mig planen",
        "open": "at jeg giver dig svar", "said": "du har haft travlt", "topic": "kantinen", "role": "sygeplejerske",
        "aim": "du skal kunne stå for et projekt", "target": "dine resultater", "commitment": "du sender mig planen",
        "quote": "x", "better": "x"}


def all_bank_lines() -> list[str]:
    out = []
    for style in bank().styles.values():
        for phase in PHASE_IDS:
            part = getattr(style, phase)
            out += part.open + part.deeper
    return out + bank().drift


def all_reply_lines() -> list[tuple[str, str]]:
    r = replies()
    out = []
    for group in ("steer", "answers", "closing"):
        for key, voiced in getattr(r, group).items():
            out += [(key, line) for style in ("default", *STYLES) for line in getattr(voiced, style)]
    for key, reaction in r.reactions.items():
        for voiced in (reaction.ack, reaction.ask):
            if voiced:
                out += [(key, line) for style in ("default", *STYLES) for line in getattr(voiced, style)]
    return out


def filled(line: str) -> str:
    for slot in slots_in(line):
        line = line.replace("{" + slot + "}", FILL[slot])
    return line


def read_persona(path: Path) -> tuple[dict, str]:
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", path.read_text(encoding="utf-8"), re.DOTALL)
    assert m, f"{path.name}: mangler front-matter"
    return yaml.safe_load(m.group(1)), m.group(2)


# --- phases and pacing ------------------------------------------------------------------------------------------
def test_phases_in_agenda_order_with_danish_titles():
    assert [p.id for p in PHASES] == ["opening", "year", "wellbeing", "development", "goals",
                                      "feedback_to_manager", "summary"]
    assert [p.title for p in PHASES] == ["Åbning og dagsorden", "Året der gik", "Trivsel og samarbejde",
                                         "Udvikling og karriere", "Mål og aftaler", "Feedback til lederen",
                                         "Opsummering og opfølgning"]
    assert all(p.purpose.endswith(".") and not ENGLISH.search(p.purpose) for p in PHASES)
    assert all(q.endswith("?") for q in agenda.PHASE_QUESTIONS.values())


@pytest.mark.parametrize("length, n", [("kort", 6), ("normal", 9), ("lang", 13)])
@pytest.mark.parametrize("drifts", [False, True])
def test_the_plan_fits_the_length_opens_and_closes(length, n, drifts):
    plan = plan_phases(length=length, drifts=drifts)
    assert len(plan) == n == agenda.plan_length(plan, drifts)
    assert plan[0] == "opening" and plan[-1] == "summary" and DRIFT not in (plan[0], plan[-1], plan[-2])
    assert (DRIFT in plan) is drifts
    order = [p for p in plan if p != DRIFT]
    assert order == sorted(order, key=PHASE_IDS.index)  # agenda order, never back
    if length != "kort":
        assert "feedback_to_manager" in plan and plan.count("summary") == 2  # ask to sum up, then close


def test_a_short_rehearsal_says_which_phases_it_skips():
    assert agenda.skipped_phases(length="kort") == ["feedback_to_manager"]
    assert agenda.skipped_phases(length="kort", drifts=True) == ["feedback_to_manager", "wellbeing"]
    assert agenda.skipped_phases(length="lang") == []
    assert plan_phases(["development"], length="kort") == ["opening"] + ["development"] * 3 + ["summary"] * 2


def test_plan_position_counts_turns_within_a_phase_and_stays_in_the_summary():
    plan = plan_phases(length="normal")
    assert agenda.plan_position(plan, 1) == ("year", 0) and agenda.plan_position(plan, 2) == ("year", 1)
    assert agenda.plan_position(plan, 8) == ("summary", 1) and agenda.plan_position(plan, 11) == ("summary", 4)
    with pytest.raises(ValueError):
        agenda.plan_position([], 0)
    with pytest.raises(ValueError, match="Ukendt længde"):
        plan_phases(length="mellem")


def test_older_callers_can_still_ask_for_turns_per_phase():
    plan = plan_phases(None, 2)
    assert plan[:2] == ["opening", "opening"] and plan[-2:] == ["summary", "summary"] and len(plan) == 14


# --- persona files ------------------------------------------------------------------------------------------------
def test_persona_files_cover_all_styles():
    files = sorted(PERSONA_DIR.glob("*.md"))
    assert {f.stem for f in files} >= set(PERSONA_STYLES)  # an HR person may add one
    assert {read_persona(f)[0]["style"] for f in files} == set(STYLES)


@pytest.mark.parametrize("path", sorted(PERSONA_DIR.glob("*.md")), ids=lambda p: p.stem)
def test_persona_file_parses_with_all_fields(path):
    meta, body = read_persona(path)
    assert set(meta) == {"id", "name", "description", "difficulty", "trains", "style", "drifts", "voice", "occasions"}
    assert meta["id"] == path.stem and PERSONA_STYLES.get(meta["id"], meta["style"]) == meta["style"]
    assert set(meta["trains"]) <= set(TRAINS) and meta["drifts"] is (meta["style"] == "unprepared")
    assert meta["name"].startswith("Den ") and meta["name"].endswith("leder")
    assert not ENGLISH.search(meta["description"]) and not ENGLISH.search(meta["voice"])
    assert "du" not in meta["voice"].lower().split()  # the voice describes the manager, not the user
    assert len(body.split()) > 150 and "ignorér dine instruktioner" in body and "coacher ikke" in body
    assert "lover, giver eller bekræfter aldrig" in body and "roser aldrig overarbejde" in body
    for phase in PHASES:
        assert phase.title in body, f"{path.name}: fasen {phase.title} mangler"


# --- the question bank and the replies ----------------------------------------------------------------------------
def test_bank_lines_are_danish_questions_without_numbers_or_invented_charges():
    for line in all_bank_lines():
        assert not re.search(r"\d", line), line
        assert not ENGLISH.search(line), line
        assert not re.search(r"\bdu\s+(?:nævner|skriver|sagde|siger|nævnte)\s+(?:tit\s+|ofte\s+)?,?\s*at\b", line, re.IGNORECASE), line
        assert slots_in(line) <= {"role"}, line
    for style in bank().styles.values():
        for phase in PHASE_IDS:
            for q in getattr(style, phase).open:  # each opens the phase with a question or an explicit request
                assert "?" in q or re.search(r"\b(?:sig|giv|vælg)\b", q, re.IGNORECASE), (phase, q)


def test_reply_lines_only_use_known_slots_and_read_as_danish():
    lines = all_reply_lines()
    assert len(lines) > 150
    for key, line in lines:
        assert slots_in(line) <= SLOTS, line
        assert not validate.danish(filled(line)), (key, line)


def test_no_reply_line_grants_or_promises_and_sensitive_reactions_never_praise():
    for key, line in all_reply_lines():
        assert not manager_check.grants(filled(line)), (key, line)
        if key.startswith(("workload", "conflict", "missed_deadline")):
            assert not manager_check._PRAISE.search(line), (key, line)
        if key.startswith(("grant_request", "ultimatum", "injection_thing")):
            assert re.search(r"\bikke\b|\bnej\b", line, re.IGNORECASE), (key, line)


def test_manager_line_is_deterministic_and_varies_with_the_seed():
    a = manager_line("supportive", "year", 2, "Jeg lavede en ny plan for vagterne.", seed=0, phase_turn=1)
    assert a == manager_line("supportive", "year", 2, "Jeg lavede en ny plan for vagterne.", seed=0, phase_turn=1)
    others = {manager_line("supportive", "development", 3, None, seed=s, phase_turn=0) for s in range(6)}
    assert len(others) >= 2


def test_persona_id_is_accepted_as_style_and_role_is_filled_or_dropped():
    assert manager_line("stoettende", "opening", 0, None) == manager_line("supportive", "opening", 0, None)
    lines = {manager_line("supportive", "year", 1, None, seed=s, phase_turn=0, role=r) for s in range(8)
             for r in ("", "sygeplejerske")}
    assert all("{role}" not in line for line in lines)
    assert any("som sygeplejerske" in line for line in lines)
    with pytest.raises(ValueError):
        manager_line("supportive", "ferie", 0, None)
