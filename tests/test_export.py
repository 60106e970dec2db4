import io
import json

import pytest
from docx import Document

from coach.errors import InputError
from coach.store import export
from coach.store.workspace import GoalItem, PlanItem, StarItem, Workspace


def _ws():
    ws = Workspace(title="MUS 2026")
    ws.checklist[0].done = True
    ws.prep["development"] = "Jeg vil gerne lære projektledelse."
    ws.stars.append(StarItem(situation="Lang ventetid.", task="Få den ned.", action="Ny vagtplan.",
                             result="Fra 14 til 9 dage.", favourite=True))
    ws.goals.append(GoalItem(goal="Excel", rewrite="Jeg vil blive bedre til Excel senest [dato]."))
    ws.plan.append(PlanItem(goal="Kursus i projektledelse", deadline="1. marts", status="i gang"))
    return ws


def test_markdown_has_every_part():
    md = export.to_markdown(_ws())
    for text in ("# MUS 2026", "1 af 12 klaret", "- [x]", "lære projektledelse", "★ Situation: Lang ventetid.",
                 "Fra 14 til 9 dage.", "senest [dato]", "status: I gang"):
        assert text in md


def test_docx_is_a_real_word_file_with_the_content():
    data = export.to_docx(_ws())
    assert data[:2] == b"PK"
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "MUS 2026" in text and "Fra 14 til 9 dage." in text and "Kursus i projektledelse" in text
    assert doc.core_properties.title == "MUS 2026"


def test_json_round_trip_and_import_never_overwrites():
    ws = _ws()
    data = export.to_json([ws]).encode()
    [same] = export.parse_import(data, existing_ids=set())
    assert same == ws
    [copy] = export.parse_import(data, existing_ids={ws.id})
    assert copy.id != ws.id and copy.title == "MUS 2026 (importeret)" and copy.stars == ws.stars


@pytest.mark.parametrize("data, phrase", [
    (b"\x89PNG\x00\x00", "ikke en gyldig JSON"),
    (b"{}", "ikke en eksport"),
    (json.dumps({"format": "mus-coach", "schema_version": 99, "workspaces": []}).encode(), "nyere version"),
    (json.dumps({"format": "mus-coach", "schema_version": 1, "workspaces": [{"title": 5, "hack": 1}]}).encode(), "intet er importeret"),
    (b" " * 20_000_001, "for stor"),
])
def test_bad_imports_are_refused_in_danish(data, phrase):
    with pytest.raises(InputError) as err:
        export.parse_import(data, existing_ids=set())
    assert phrase in str(err.value)


def _with_rehearsal():
    from coach.store.workspace import RehearsalItem

    ws = _ws()
    ws.rehearsals.append(RehearsalItem(
        persona="travl", persona_name="Den travle leder", created="2026-12-01T13:03:00+00:00",
        turns=[{"role": "manager", "text": "Velkommen. Hvad vil du tale om?", "phase": "opening"},
               {"role": "employee", "text": "Min nye vagtplan og et kursus i Excel.", "phase": "opening"}],
        debrief={"summary": "I aftalte ikke noget konkret.",
                 "criteria": [{"id": "i_form", "title": "Jeg-form", "score": 2, "evidence": [],
                               "advice": "Sig «jeg», når det var dig."}]}))
    return ws


def test_rehearsals_are_in_the_markdown_and_the_docx():
    ws = _with_rehearsal()
    md = export.to_markdown(ws)
    assert "## Øvesamtaler (1)" in md
    assert "### Øvesamtale 1. december 2026" in md and "med Den travle leder" in md
    assert "**Leder:** Velkommen. Hvad vil du tale om?" in md and "**Dig:** Min nye vagtplan" in md
    assert "Jeg-form: 2 af 3. Sig «jeg», når det var dig." in md and "I aftalte ikke noget konkret." in md
    doc = Document(io.BytesIO(export.to_docx(ws)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Øvesamtale 1. december 2026" in text and "Den travle leder" in text
    assert "Leder: Velkommen. Hvad vil du tale om?" in text and "Dig: Min nye vagtplan og et kursus i Excel." in text
    assert "Jeg-form: 2 af 3." in text


def test_a_version_1_export_still_imports_and_reads_as_the_current_version():
    from coach.store.workspace import SCHEMA_VERSION

    raw = json.loads(export.to_json([_with_rehearsal()]))
    raw["schema_version"] = 1
    for w in raw["workspaces"]:  # what version 1 wrote: no fields added since
        w["schema_version"] = 1
        for r in w["rehearsals"]:
            for key in ("persona_name", "setup", "session", "updated"):
                r.pop(key)
        for s in w["stars"]:
            s.pop("edited")
    [ws] = export.parse_import(json.dumps(raw).encode(), existing_ids=set())
    assert SCHEMA_VERSION == 2 and ws.schema_version == SCHEMA_VERSION
    assert ws.rehearsals[0].turns[1]["text"].startswith("Min nye vagtplan") and ws.rehearsals[0].persona_name == ""
    assert "med travl" in export.to_markdown(ws)  # an old rehearsal without a name shows its persona id
