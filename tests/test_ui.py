"""The browser UI: the page builds and serves, and its handlers (plain functions in ui/*) do the right thing with
the fake model. COACH_HOME is a fresh temp dir per test (conftest.py)."""

from __future__ import annotations

import io
import json
import socket
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class Req:
    session_hash = "test-session"


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("COACH_BACKEND", "fake")
    from coach import runtime

    runtime.reset()
    import app as app_module

    return app_module


@pytest.fixture
def ws_id(app) -> str:
    from ui import workspaces

    return workspaces.open_start()[0]


def _store():
    from coach import store

    return store.default()


def _fresh_store():
    """A second Store on the same file: what the app sees after a restart."""
    from coach import store

    return store.Store(_store().path)


# -- the page ---------------------------------------------------------------------------------------------------------
def test_build_demo_returns_blocks(app):
    import gradio as gr

    demo = app.build_demo()
    assert isinstance(demo, gr.Blocks)
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    for wanted in ["star-notes", "star-run", "star-output", "goal-input", "goal-run", "goal-check", "feedback-input",
                   "feedback-run", "feedback-findings", "rehearse-persona", "rehearse-start", "rehearse-chat",
                   "rehearse-input", "rehearse-send", "rehearse-stop", "rehearse-debrief", "export-docx", "export-md",
                   "workspace-select", "workspace-new", "workspace-title", "save-status"]:
        assert wanted in ids, wanted
    # every event is private (no API endpoint), and the model events share one queue slot
    for dep in demo.fns.values():
        assert dep.api_visibility == "private", dep.name
    model_fns = {"run_star", "run_smart", "run_decode", "start_rehearsal", "send_turn", "regenerate_turn", "answer"}
    for dep in demo.fns.values():
        if dep.name in model_fns:
            assert dep.concurrency_id == "model" and dep.concurrency_limit == 1, dep.name


def test_upload_only_for_import(app):
    import gradio as gr

    demo = app.build_demo()
    uploads = [b for b in demo.blocks.values() if isinstance(b, (gr.File, gr.UploadButton)) and b.interactive is not False]
    assert [b.elem_id for b in uploads] == ["privacy-import-file"]
    assert uploads[0].file_types == [".json"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_app_serves_the_page_on_loopback(app):
    from coach import privacy

    demo = app.build_demo()
    port = _free_port()
    demo.launch(prevent_thread_lock=True, quiet=True, **privacy.launch_kwargs(port))
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
        assert b"MUS Coach" in body
    finally:
        demo.close()


# -- workspaces and autosave --------------------------------------------------------------------------------------------
def test_first_start_creates_a_workspace_and_reopens_the_last_used(app):
    from ui import workspaces

    first = workspaces.open_start()[0]
    assert workspaces.open_start()[0] == first
    second = workspaces.create("MUS 2027")[0]
    assert second != first
    assert workspaces.open_start()[0] == second  # the last used one opens
    workspaces.switch(first)
    assert workspaces.open_start()[0] == first
    titles = {t for _, t, _ in _store().list()}
    assert "MUS 2027" in titles


def test_autosave_round_trip(ws_id):
    from ui import after, prep

    status = prep.save_section(ws_id, "year", "Jeg overtog kundeservice-køen i foråret.")
    assert status.startswith("✓ Gemt kl. ")
    updated = _store().get(ws_id).updated
    assert not isinstance(prep.save_section(ws_id, "year", "Jeg overtog kundeservice-køen i foråret."), str)
    assert _store().get(ws_id).updated == updated  # loading a workspace into the fields saves nothing
    first_item = _store().get(ws_id).checklist[0].text
    progress, _ = prep.save_checklist(ws_id, [first_item])
    assert "1 af" in progress
    after.save_agreements(ws_id, "Kursus i projektledelse inden 1. marts.")
    after.save_plan(ws_id, [["Kursus i projektledelse", "mig", "1. marts", "I gang", ""], ["", "", "", "", ""]])

    ws = _fresh_store().get(ws_id)  # as after a restart
    assert ws.prep["year"] == "Jeg overtog kundeservice-køen i foråret."
    assert ws.checklist[0].done and not ws.checklist[1].done
    assert ws.agreements.startswith("Kursus")
    assert [(p.goal, p.status) for p in ws.plan] == [("Kursus i projektledelse", "i gang")]


def test_plan_with_unknown_status_is_saved_and_explained(ws_id):
    from ui import after

    note, status = after.save_plan(ws_id, [["Lær Excel", "mig", "", "måske", ""]])
    assert "«måske»" in note and status.startswith("✓")
    assert _store().get(ws_id).plan[0].status == "ikke startet"


def test_save_without_open_workspace_says_so_in_danish(app):
    from ui import prep

    assert "Ikke gemt" in prep.save_section(None, "year", "tekst")


def test_loading_empty_editor_fields_shows_no_message(ws_id):
    import gradio as gr

    from ui import results

    assert results.save_star_field(ws_id, None, "situation", "") == (gr.skip(), gr.skip(), gr.skip())
    assert results.set_favourite(ws_id, None, False) == (gr.skip(), gr.skip(), gr.skip())
    assert "Vælg et udsagn" in results.save_star_field(ws_id, None, "situation", "Noget")[2]


# -- capabilities ---------------------------------------------------------------------------------------------------------
NOTES = ("I foråret overtog jeg kundeservice-køen, da en kollega blev syg. Jeg lavede en ny vagtplan og fik "
         "ventetiden ned fra 14 til 9 dage på tre måneder.")


def test_star_handler_saves_a_statement_and_shows_the_situation(ws_id):
    import gradio as gr

    from ui import results

    out = results.run_star(ws_id, NOTES)
    output, overview, select, selected, situation, task, action, result, favourite, status = out
    ws = _store().get(ws_id)
    assert len(ws.stars) == 1
    item = ws.stars[0]
    assert item.notes == NOTES and item.situation
    assert item.situation in output and "Situation" in output
    assert situation == item.situation and select["value"] == selected == item.id
    assert status.startswith("✓ Gemt")

    assert results.save_star_field(ws_id, item.id, "situation", item.situation)[2] == gr.skip()  # unchanged: no save
    results.save_star_field(ws_id, item.id, "result", "Ventetiden faldt fra 14 til 9 dage.")
    results.set_favourite(ws_id, item.id, True)
    ws = _fresh_store().get(ws_id)
    assert ws.stars[0].result == "Ventetiden faldt fra 14 til 9 dage." and ws.stars[0].favourite

    results.delete_star(ws_id, item.id)
    assert _store().get(ws_id).stars == []


def test_coach_error_becomes_a_danish_gr_error(ws_id):
    import gradio as gr

    from ui import results

    with pytest.raises(gr.Error) as caught:
        results.run_star(ws_id, "   ")
    assert "Der er ingen tekst at arbejde med" in caught.value.message
    assert "Traceback" not in caught.value.message
    assert _store().get(ws_id).stars == []


def test_unexpected_error_becomes_a_generic_danish_message():
    import gradio as gr

    from ui.common import GENERIC_ERROR, guarded

    @guarded
    def broken():
        raise KeyError("secret user text")

    with pytest.raises(gr.Error) as caught:
        broken()
    assert caught.value.message == GENERIC_ERROR
    assert "secret" not in caught.value.message


def test_smart_handler_returns_the_checklist(ws_id):
    from coach import smart
    from ui import goals

    check, rewrite, questions, example, goal_id, saved, status = goals.run_smart(ws_id, "Jeg vil gerne blive bedre "
                                                                                "til Excel.")
    for title in smart.TITLES.values():
        assert title in check
    assert "✅" in check and "❌" in check
    assert rewrite and "?" in questions
    ws = _store().get(ws_id)
    assert ws.goals[0].id == goal_id and ws.goals[0].rewrite == rewrite

    goals.save_rewrite(ws_id, goal_id, "Jeg tager et Excel-kursus inden 1. juni.")
    rows, _ = goals.add_to_plan(ws_id, "Jeg tager et Excel-kursus inden 1. juni.", "")
    assert rows[-1][0] == "Jeg tager et Excel-kursus inden 1. juni."
    ws = _store().get(ws_id)
    assert ws.goals[0].rewrite.startswith("Jeg tager") and ws.plan[-1].goal.startswith("Jeg tager")


def test_feedback_handler_highlights_phrases_from_the_input(ws_id):
    from ui import feedback

    text = ("Du gør det rigtig godt, men måske kunne du overveje at inddrage kollegerne lidt mere. "
            "Det er bare en lille ting.")
    spans, details, summary, saved, status = feedback.run_decode(ws_id, text)
    labelled = [(s, label) for s, label in spans if label]
    assert labelled, spans
    for span, _label in labelled:
        assert span in text
    assert "".join(s for s, _ in spans) == text
    assert "Spørg" in details and summary.startswith("**Samlet læsning:**")
    assert _store().get(ws_id).feedback[0].findings


# -- rehearsal --------------------------------------------------------------------------------------------------------------
def test_rehearsal_start_send_undo_finish(ws_id):
    from ui import rehearse

    *_, (state, chat, status, debrief) = list(rehearse.start_rehearsal("stoettende", None, "sygeplejerske", "", Req()))
    assert [m["role"] for m in chat] == ["assistant"] and chat[0]["content"].strip()

    answer = "Jeg vil gerne tale om et kursus i projektledelse, fordi vi får flere projekter."
    steps = list(rehearse.send_turn(state, answer, Req()))
    state, chat, box, status = steps[-1]
    assert len(chat) == 3 and chat[1] == {"role": "user", "content": answer} and chat[2]["role"] == "assistant"
    assert steps[0][2] == ""  # the input box is cleared once the answer is in the conversation

    state, chat, box, status = rehearse.undo_turn(state, "")
    assert len(chat) == 1 and box == answer  # your answer comes back to the input box

    *_, (state, chat, box, status) = list(rehearse.send_turn(state, answer, Req()))
    text, mail, status, saved = rehearse.finish_rehearsal(ws_id, state)
    assert "Feedback på din øvesamtale" in text and "Tydelige udviklingsønsker" in text
    ws = _fresh_store().get(ws_id)
    assert len(ws.rehearsals) == 1 and ws.rehearsals[0].debrief["criteria"]
    assert ws.follow_up_mail and mail == ws.follow_up_mail
    rehearse.finish_rehearsal(ws_id, state)  # finishing again updates the same saved rehearsal
    assert len(_store().get(ws_id).rehearsals) == 1


def test_rehearsal_stop_stops_the_stream(ws_id, monkeypatch):
    from coach import runtime
    from coach.backend import FakeBackend
    from ui import rehearse

    backend = FakeBackend(["Velkommen til din MUS i dag – jeg har glædet mig til at høre, hvordan dit år er gået, "
                           "og hvad du gerne vil tale om."])
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: backend)
    gen = rehearse.start_rehearsal("stoettende", None, "", "", Req())
    next(gen)  # thinking
    next(gen)  # the first word
    rehearse.stop_generation(Req())
    *_, (state, chat, status, _) = list(gen)
    assert "Stoppet" in status
    assert state.session.turns[-1].role == "manager"
    assert len(chat[-1]["content"].split()) < 20


def test_send_without_a_rehearsal_and_empty_answer_are_danish_errors(ws_id):
    import gradio as gr

    from ui import rehearse

    with pytest.raises(gr.Error) as caught:
        list(rehearse.send_turn(None, "Hej", Req()))
    assert "Start en øvesamtale" in caught.value.message
    *_, (state, *_rest) = list(rehearse.start_rehearsal("direkte", ["year"], "", "", Req()))
    with pytest.raises(gr.Error):
        list(rehearse.send_turn(state, "   ", Req()))
    assert len(state.session.turns) == 1


def test_context_comes_from_the_workspace(ws_id):
    from ui import goals, rehearse, results

    results.run_star(ws_id, NOTES)
    goals.run_smart(ws_id, "Jeg vil gerne tage et kursus i projektledelse.")
    text = rehearse.fill_context(ws_id)
    assert "Resultat:" in text and "Udviklingsønske:" in text


# -- export and import ---------------------------------------------------------------------------------------------------
def test_export_docx_is_a_word_file_with_the_title(ws_id):
    import docx

    from coach import paths
    from ui import exports, prep

    prep.save_section(ws_id, "development", "Jeg vil gerne lære projektledelse.")
    path = Path(exports.export_docx(ws_id))
    data = path.read_bytes()
    assert data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data))
    assert path.name == f"MUS-{_store().get(ws_id).title.split()[-1]}.docx"
    assert paths.temp_dir() in path.parents and paths.data_dir() not in path.parents
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert _store().get(ws_id).title in text and "projektledelse" in text


def test_export_markdown_and_json(ws_id):
    from ui import exports

    md = Path(exports.export_markdown(ws_id)).read_text(encoding="utf-8")
    assert md.startswith(f"# {_store().get(ws_id).title}")
    doc = json.loads(Path(exports.export_json(ws_id)).read_text(encoding="utf-8"))
    assert doc["format"] == "mus-coach" and doc["workspaces"][0]["id"] == ws_id


def test_import_of_a_bad_file_leaves_the_store_unchanged(ws_id, tmp_path):
    import gradio as gr

    from ui import privacy

    before = _store().list()
    bad = tmp_path / "bad.json"
    for content in [b"not json at all", b'{"format": "noget andet"}',
                    json.dumps({"format": "mus-coach", "schema_version": 1,
                                "workspaces": [{"title": "x", "unknown": 1}]}).encode()]:
        bad.write_bytes(content)
        with pytest.raises(gr.Error) as caught:
            privacy.import_file(str(bad))
        assert "Intet" in caught.value.message or "intet" in caught.value.message
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2 * 1024 * 1024 + 1))
    with pytest.raises(gr.Error) as caught:
        privacy.import_file(str(big))
    assert "2 MB" in caught.value.message
    assert _store().list() == before


def test_import_of_an_export_adds_a_copy(ws_id):
    from ui import exports, privacy

    path = exports.export_json(ws_id)
    values = privacy.import_file(path)
    assert values[0] != ws_id and "Importeret" in values[-1]
    titles = [t for _, t, _ in _store().list()]
    assert any(t.endswith("(importeret)") for t in titles) and len(titles) == 2


def test_delete_everything_needs_confirmation(ws_id):
    import gradio as gr

    from ui import prep, privacy

    prep.save_section(ws_id, "year", "Noget privat.")
    with pytest.raises(gr.Error):
        privacy.confirm_delete(ws_id, "all", "ja")
    assert _store().get(ws_id).prep["year"] == "Noget privat."
    values = privacy.confirm_delete(ws_id, "all", "slet")
    new_id = values[0]
    assert new_id != ws_id and [i for i, _, _ in _store().list()] == [new_id]
    assert all(v == "" for v in _store().get(new_id).prep.values())


# -- model tab ----------------------------------------------------------------------------------------------------------------
def test_model_tab_facts_and_danish_errors(app):
    import gradio as gr

    from coach.catalog import load_catalog
    from ui import model

    rows = model.model_rows()
    assert len(rows) == len(load_catalog().models) and any(r[0] == "✓" for r in rows)
    embedded = load_catalog().embedded.id
    assert "følger med appen" in list(model.download_model(embedded, Req()))[-1][0]
    other = next(s.id for s in load_catalog().by_quality() if not s.embedded)
    with pytest.raises(gr.Error) as caught:
        model.use_model(other)
    assert "ikke hentet" in caught.value.message
