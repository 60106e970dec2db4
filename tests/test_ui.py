"""The browser UI: the page builds and serves, and its handlers (plain functions in ui/*) do the right thing with
the fake model. COACH_HOME is a fresh temp dir per test (conftest.py)."""

from __future__ import annotations

import io
import json
import os
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


def gr_skip():
    import gradio as gr

    return gr.skip()


def last(steps):
    """The final output of a generator handler (the model handlers yield progress first, then the result); a plain
    handler's output as it is."""
    if not hasattr(steps, "__next__"):
        return steps
    out = None
    for out in steps:
        pass
    return out


def _warned(fn, *args, match: str):
    """Call a handler that must stop with a Danish warning (gr.Warning; outside Gradio a UserWarning) and leave every
    output as it was (gr.skip()). Returns the warning's text."""
    import gradio as gr

    with pytest.warns(UserWarning, match=match) as caught:
        out = fn(*args)
        if hasattr(out, "__next__"):  # a generator handler: the warning comes with its only step
            out = list(out)
            assert out == [gr.skip()], out
        else:
            assert out == gr.skip(), out
    text = " ".join(str(w.message) for w in caught)
    assert "Traceback" not in text and "Error" not in text
    return text


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("COACH_BACKEND", "fake")
    from coach.backend import runtime

    runtime.reset()
    import app as app_module

    return app_module


@pytest.fixture
def ws_id(app) -> str:
    from ui import workspaces

    return workspaces.open_start()[0]


def _store():
    from coach.store import sqlite

    return sqlite.default()


def _fresh_store():
    """A second Store on the same file: what the app sees after a restart."""
    from coach.store import sqlite

    return sqlite.Store(_store().path)


# -- the page ---------------------------------------------------------------------------------------------------------
def test_build_demo_returns_blocks(app):
    import gradio as gr

    demo = app.build_demo()
    assert isinstance(demo, gr.Blocks)
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    for wanted in ["star-notes", "star-run", "star-output", "goal-input", "goal-run", "goal-check", "feedback-input",
                   "feedback-run", "feedback-findings", "rehearse-persona", "rehearse-start", "rehearse-chat",
                   "rehearse-input", "rehearse-send", "rehearse-stop", "rehearse-debrief", "export-docx", "export-md",
                   "workspace-select", "workspace-new", "workspace-title", "save-status", "star-stop", "goal-stop",
                   "feedback-stop", "after-mail-from-agreements", "after-mail-fill"]:
        assert wanted in ids, wanted
    # every event is private (no API endpoint), and the model events share one queue slot
    for dep in demo.fns.values():
        assert dep.api_visibility == "private", dep.name
    model_fns = {"run_star", "run_smart", "run_decode", "start_rehearsal", "send_turn", "regenerate_turn", "answer"}
    for dep in demo.fns.values():
        if dep.name in model_fns:
            assert dep.concurrency_id == "model" and dep.concurrency_limit == 1, dep.name
    # every Stop button answers at once: outside the queue, so it never waits for the generation it stops
    by_id = {getattr(b, "elem_id", None): b for b in demo.blocks.values()}
    for stop_id in ("star-stop", "goal-stop", "feedback-stop", "rehearse-stop", "ask-stop"):
        deps = [d for d in demo.fns.values() if any(t[0] is by_id[stop_id] for t in d.targets)
                or any(getattr(t[0], "_id", t[0]) == by_id[stop_id]._id for t in d.targets)]
        assert deps, stop_id
        assert all(d.queue is False and d.concurrency_id != "model" for d in deps), stop_id
    # Enter in the name box creates a MUS, like «Ny MUS»
    title_id = by_id["workspace-title"]._id
    assert any(d.name == "create" and (title_id, "submit") in [(getattr(t[0], "_id", t[0]), t[1]) for t in d.targets]
               for d in demo.fns.values())


def test_theme_uses_only_real_font_weights_and_no_outside_fonts(app):
    """Gradio's SemiBold (600) Source Sans Pro is a stub: only 400 and 700 are declared, all served by the app."""
    import gradio as gr

    kwargs = app.launch_kwargs(_free_port())
    theme = kwargs["theme"]
    for font in [*theme.font, *theme.font_mono]:
        assert not isinstance(font, gr.themes.GoogleFont), font
        if isinstance(font, gr.themes.LocalFont):
            assert set(font.weights) <= {400, 700}, font.weights
    assert "--weight-semibold: 700" in kwargs["css"]
    assert kwargs["i18n"].translations_dict["en"]["common.error"] == "Fejl"
    assert "Bemærk" in kwargs["js"] and "Fejl" in kwargs["js"]  # Danish toast titles


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
    # the field's .change (it also fires when the page fills the fields) never explains; typed keys (.input) do
    assert results.save_star_field(ws_id, None, "situation", "Noget", explain=False) == (gr.skip(),) * 3
    assert results.typed_without_selection(None, "") == gr.skip()
    assert results.typed_without_selection("abc", "Noget") == gr.skip()
    assert "Vælg et udsagn" in results.typed_without_selection(None, "Noget")


def test_loading_a_workspace_into_the_fields_saves_nothing(ws_id):
    """Every autosave handler, called with the values the page was just filled with, saves nothing and says nothing."""
    import gradio as gr

    from ui import after, feedback, goals, prep, results, workspaces

    last(results.run_star(ws_id, NOTES))
    results.save_notes(ws_id, "Halve noter")
    goals.save_goal_draft(ws_id, "Jeg vil lære Excel")
    feedback.save_feedback_draft(ws_id, "Måske kunne du svare hurtigere.")
    after.save_agreements(ws_id, "Kursus i marts.\r\nOpfølgning i april.")  # as if imported with Windows line ends
    after.save_mail(ws_id, "Hej leder")
    prep.save_section(ws_id, "year", "Et travlt år.")
    before = _store().get(ws_id).updated

    values = workspaces.switch(ws_id)
    ws = _store().get(ws_id)
    item = ws.stars[0]
    assert "Halve noter" in values and "Jeg vil lære Excel" in values and "Måske kunne du svare hurtigere." in values
    quiet = (gr.skip(), gr.skip(), gr.skip())
    for name in results.FIELDS:
        assert results.save_star_field(ws_id, item.id, name, getattr(item, name), explain=False) == quiet
    assert results.save_notes(ws_id, "Halve noter") == gr.skip()
    assert goals.save_goal_draft(ws_id, "Jeg vil lære Excel") == gr.skip()
    assert goals.save_rewrite(ws_id, None, "") == (gr.skip(), gr.skip())
    assert feedback.save_feedback_draft(ws_id, "Måske kunne du svare hurtigere.") == gr.skip()
    assert after.save_agreements(ws_id, "Kursus i marts.\nOpfølgning i april.") == gr.skip()  # the textarea's \n
    assert after.save_mail(ws_id, "Hej leder") == gr.skip()
    assert prep.save_section(ws_id, "year", "Et travlt år.") == gr.skip()
    assert after.save_plan(ws_id, after.plan_rows(ws))[1] == gr.skip()
    assert _store().get(ws_id).updated == before


def test_unfinished_inputs_are_kept_as_drafts_and_restored(ws_id):
    from ui import feedback, goals, results, workspaces

    assert results.save_notes(ws_id, "Overtog køen i foråret").startswith("✓ Gemt")
    goals.save_goal_draft(ws_id, "Jeg vil lære Excel")
    feedback.save_feedback_draft(ws_id, "Måske kunne du svare lidt hurtigere.")
    ws = _fresh_store().get(ws_id)  # as after a restart
    assert ws.drafts == {"star_notes": "Overtog køen i foråret", "goal": "Jeg vil lære Excel",
                         "feedback": "Måske kunne du svare lidt hurtigere."}
    other = workspaces.create("MUS 2027")
    assert "Overtog køen i foråret" not in other and "Jeg vil lære Excel" not in other  # a new MUS starts empty
    values = workspaces.switch(ws_id)
    assert values[values.index("Overtog køen i foråret")] == "Overtog køen i foråret"
    assert "Jeg vil lære Excel" in values and "Måske kunne du svare lidt hurtigere." in values
    results.save_notes(ws_id, "")  # emptied box: the draft is gone
    assert "star_notes" not in _store().get(ws_id).drafts


# -- capabilities ---------------------------------------------------------------------------------------------------------
NOTES = ("I foråret overtog jeg kundeservice-køen, da en kollega blev syg. Jeg lavede en ny vagtplan og fik "
         "ventetiden ned fra 14 til 9 dage på tre måneder.")


def test_star_handler_saves_a_statement_and_shows_the_situation(ws_id):
    import gradio as gr

    from ui import results

    steps = list(results.run_star(ws_id, NOTES))
    assert steps[0][0] and all(not isinstance(v, str) for v in steps[0][1:])  # progress first, nothing else yet
    progress, output, overview, select, selected, situation, task, action, result, favourite, status = steps[-1]
    assert progress == ""  # the progress line is cleared with the result
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


def test_empty_notes_goal_and_feedback_give_a_danish_warning_and_change_nothing(ws_id, monkeypatch):
    """The user's own problems are not errors: a Danish warning before any model work, every output unchanged."""
    from coach.backend import runtime
    from ui import feedback, goals, results

    def no_model(*a, **k):
        raise AssertionError("the model must not be opened for an empty text")

    monkeypatch.setattr(runtime, "open_backend", no_model)
    message = _warned(results.run_star, ws_id, "   ", match="Der er ingen tekst at arbejde med")
    assert "noterne" in message
    assert "målet" in _warned(goals.run_smart, ws_id, "", match="Der er ingen tekst")
    assert "feedbacken" in _warned(feedback.run_decode, ws_id, None, match="Der er ingen tekst")
    assert "for lang" in _warned(goals.run_smart, ws_id, "Jeg vil lære Excel. " * 600, match="Teksten er")
    english = "I would really like to get much better at Excel and reporting before the summer holidays."
    assert "engelsk" in _warned(goals.run_smart, ws_id, english, match="dansk")
    assert "engelsk" in _warned(feedback.run_decode, ws_id, "You do a great job, but maybe you could consider "
                                "answering emails a bit faster.", match="dansk")
    ws = _store().get(ws_id)
    assert ws.stars == [] and ws.goals == [] and ws.feedback == []


def test_coach_error_becomes_a_danish_gr_error(ws_id, monkeypatch):
    """A real failure (here: the model cannot load) is a red Danish gr.Error, never a stack trace."""
    import gradio as gr

    from coach.backend import runtime
    from coach.errors import ModelError
    from ui import results

    def broken(*a, **k):
        raise ModelError("Modellen kunne ikke indlæses.", hint="Vælg en anden model under «Model».")

    monkeypatch.setattr(runtime, "open_backend", broken)
    with pytest.raises(gr.Error) as caught:
        last(results.run_star(ws_id, NOTES))
    assert "Modellen kunne ikke indlæses" in caught.value.message
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
    from coach.capabilities import smart
    from ui import goals

    _progress, check, rewrite, questions, example, goal_id, saved, status = last(goals.run_smart(
        ws_id, "Jeg vil gerne blive bedre til Excel."))
    for title in smart.TITLES.values():
        assert title in check
    assert "✓" in check and "✗" in check  # plain Unicode marks: they need no emoji font
    assert check.count("opfyldt") + check.count("mangler.") >= 5  # and the words say it too
    assert "✅" not in check and "❌" not in check
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
    shown, details, summary, saved, status = feedback.run_decode(ws_id, text)
    spans = shown["value"]
    labelled = [(s, label) for s, label in spans if label]
    # the legend lists only the kinds that were found, each in its fixed colour
    assert set(shown["color_map"]) == {label for _, label in labelled}
    assert all(shown["color_map"][k] == feedback.COLORS[k] for k in shown["color_map"])
    assert labelled, spans
    for span, _label in labelled:
        assert span in text
    assert "".join(s for s, _ in spans) == text
    assert "Spørg" in details and summary.startswith("**Samlet læsning:**")
    assert _store().get(ws_id).feedback[0].findings


# -- rehearsal --------------------------------------------------------------------------------------------------------------
def test_rehearsal_start_send_undo_finish(ws_id):
    from ui import rehearse

    state, chat, status, *_controls, debrief = last(rehearse.start_rehearsal("stoettende", None, "normal",
                                                                             "sygeplejerske", "", Req()))
    assert [m["role"] for m in chat] == ["assistant"] and chat[0]["content"].strip()

    answer = "Jeg vil gerne tale om et kursus i projektledelse, fordi vi får flere projekter."
    steps = list(rehearse.send_turn(state, answer, Req()))
    state, chat, box, status, *_controls = steps[-1]
    assert len(chat) == 3 and chat[1] == {"role": "user", "content": answer} and chat[2]["role"] == "assistant"
    assert steps[0][2] == ""  # the input box is cleared once the answer is in the conversation

    state, chat, box, status, *_controls = rehearse.undo_turn(state, "")
    assert len(chat) == 1 and box == answer  # your answer comes back to the input box

    state, chat, box, status, *_controls = last(rehearse.send_turn(state, answer, Req()))
    text, mail, status, saved, saved_list, _select = rehearse.finish_rehearsal(ws_id, state)
    assert "Feedback på din øvesamtale" in text and "Tydelige udviklingsønsker" in text
    ws = _fresh_store().get(ws_id)
    assert len(ws.rehearsals) == 1 and ws.rehearsals[0].debrief["criteria"]
    # a wish to talk about something is no agreement: no follow-up mail, and the debrief says why
    assert mail == gr_skip() and ws.follow_up_mail == ""
    assert "aftalte ikke noget konkret" in text
    rehearse.finish_rehearsal(ws_id, state)  # finishing again updates the same saved rehearsal
    assert len(_store().get(ws_id).rehearsals) == 1


def _stop_midway(monkeypatch, call, word: str, words: int):
    """Run ``call`` on a slow fake model in a thread, press Stop (common.stop, as the button does) as soon as the
    model is generating; returns (what the call returned, the fake backend)."""
    import threading

    from coach.backend import FakeBackend, runtime
    from ui import common

    backend = FakeBackend(lambda prompt: " ".join([word] * words), delay_s=0.02)
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: backend)
    out: dict = {}
    worker = threading.Thread(target=lambda: out.setdefault("value", call()))
    worker.start()
    for _ in range(500):
        if backend.active:
            break
        threading.Event().wait(0.01)
    assert backend.active, "the model never started"
    common.stop(Req())
    worker.join(10)
    assert not worker.is_alive(), "Stop did not stop the model"
    return out["value"], backend


def _run_and_stop(monkeypatch, gen_fn, *args):
    """A rehearsal handler stopped while the manager answers; returns the handler's last output."""
    return _stop_midway(monkeypatch, lambda: last(gen_fn(*args, Req())), "Velkommen", 300)[0]


def test_a_stopped_reply_is_not_shown_and_a_new_reply_can_follow(ws_id, monkeypatch):
    """A reply stopped half-way was never checked: it leaves the conversation, and «Nyt svar» gives a whole one."""
    from coach.backend import runtime
    from ui import rehearse

    state, chat, status, *_rest = _run_and_stop(monkeypatch, rehearse.start_rehearsal, "stoettende", None, "normal",
                                                "", "")
    assert "Stoppet" in status and "vises ikke" in status
    assert chat == [] and state.session.turns == []
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: __import__("coach.backend", fromlist=["x"])
                        .FakeBackend(["Velkommen. Hvad vil du gerne tale om i dag?"]))
    state, chat, status, *_rest = last(rehearse.regenerate_turn(state, Req()))
    assert [m["role"] for m in chat] == ["assistant"] and "Stoppet" not in status


def test_send_without_a_rehearsal_and_empty_answer_are_danish_warnings(ws_id):
    from ui import rehearse

    assert "Start en øvesamtale" in _warned(rehearse.send_turn, None, "Hej", Req(), match="Start en øvesamtale")
    state, *_rest = last(rehearse.start_rehearsal("direkte", ["year"], "kort", "", "", Req()))
    _warned(rehearse.send_turn, state, "   ", Req(), match="Der er ingen tekst")
    assert len(state.session.turns) == 1


def test_context_comes_from_the_workspace(ws_id):
    from ui import goals, rehearse, results

    last(results.run_star(ws_id, NOTES))
    last(goals.run_smart(ws_id, "Jeg vil gerne tage et kursus i projektledelse."))
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
    from ui import privacy

    before = _store().list()
    bad = tmp_path / "bad.json"
    for content in [b"not json at all", b'{"format": "noget andet"}',
                    json.dumps({"format": "mus-coach", "schema_version": 1,
                                "workspaces": [{"title": "x", "unknown": 1}]}).encode()]:
        bad.write_bytes(content)
        message = _warned(privacy.import_file, str(bad), match="Filen")
        assert "Intet" in message or "intet" in message
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2 * 1024 * 1024 + 1))
    assert "2 MB" in _warned(privacy.import_file, str(big), match="2 MB")
    assert _store().list() == before


def test_import_of_an_export_adds_a_copy(ws_id):
    from ui import exports, privacy

    path = exports.export_json(ws_id)
    values = privacy.import_file(path)
    assert values[0] != ws_id and "Importeret" in values[-1]
    titles = [t for _, t, _ in _store().list()]
    assert any(t.endswith("(importeret)") for t in titles) and len(titles) == 2


def test_delete_everything_needs_confirmation(ws_id):
    from ui import prep, privacy

    prep.save_section(ws_id, "year", "Noget privat.")
    assert "Intet er slettet" in _warned(privacy.confirm_delete, ws_id, "all", "ja", match="SLET")
    assert _store().get(ws_id).prep["year"] == "Noget privat."
    values = privacy.confirm_delete(ws_id, "all", "slet")
    new_id = values[0]
    assert new_id != ws_id and [i for i, _, _ in _store().list()] == [new_id]
    assert all(v == "" for v in _store().get(new_id).prep.values())


def test_delete_everything_also_forgets_saved_api_keys(ws_id):
    from coach import settings
    from ui import privacy

    settings.write(servers={"http://127.0.0.1:8080/v1": {"model": "m", "api_key": "sk-hemmelig"}})
    values = privacy.confirm_delete(ws_id, "all", "SLET")
    assert "API-nøgler" in values[-4]
    assert "sk-hemmelig" not in (Path(os.environ["COACH_HOME"]) / "data" / "settings.json").read_text()
    assert settings.read()["servers"] == {"http://127.0.0.1:8080/v1": {"model": "m"}}


# -- model tab ----------------------------------------------------------------------------------------------------------------
def test_model_tab_facts_and_danish_errors(app):
    from coach.models.catalog import load_catalog
    from ui import model

    rows = model.model_rows()
    assert len(rows) == len(load_catalog().models) and any(r[0] == "✓" for r in rows)
    embedded = load_catalog().embedded.id
    assert "følger med appen" in list(model.download_model(embedded, Req()))[-1][0]
    other = next(s.id for s in load_catalog().by_quality() if not s.embedded)
    assert "ikke hentet" in _warned(model.use_model, other, match="ikke hentet")
    # the catalogue is a list of cards (readable in a narrow window), one per model, the active one marked
    cards = model.table_markdown()
    assert "|" not in cards and cards.count("\n- ") == len(rows) - 1 and cards.count("I\u00a0brug") == 1
    assert "✅" not in cards


# -- stop, mail from the agreements, small texts --------------------------------------------------------------------------
def _stop_while_running(monkeypatch, handler, *args):
    """A model handler stopped while the model generates; returns what the handler returned."""
    value, backend = _stop_midway(monkeypatch, lambda: last(handler(*args, request=Req())), "ord", 400)
    assert backend.calls and len(backend.calls) == 1, "a stopped run must not retry"
    return value


def test_stop_buttons_stop_star_smart_and_decode(ws_id, monkeypatch):
    from ui import feedback, goals, results

    _progress, output, *_rest, status = _stop_while_running(monkeypatch, results.run_star, ws_id, NOTES)
    assert "Stoppet" in output and "Situation" in output and status.startswith("✓ Gemt")
    _progress, check, rewrite, *_rest = _stop_while_running(monkeypatch, goals.run_smart, ws_id,
                                                            "Jeg vil gerne blive bedre til Excel.")
    assert "Stoppet" in check and rewrite
    shown, _details, summary, *_rest = _stop_while_running(
        monkeypatch, feedback.run_decode, ws_id, "Du gør det rigtig godt, men måske kunne du overveje at inddrage "
        "kollegerne lidt mere. Det er bare en lille ting.")
    assert shown["value"] and summary.startswith("**Samlet læsning:**")
    ws = _store().get(ws_id)
    assert len(ws.stars) == 1 and len(ws.goals) == 1 and len(ws.feedback) == 1  # the rules' drafts are kept


def test_mail_from_the_agreements_never_overwrites_your_own_text(ws_id):
    from ui import after

    assert "Det aftalte I til samtalen" in _warned(after.mail_from_agreements, ws_id, "  ", "", match="aftaler")
    agreements = "- Jeg finder et kursus i projektledelse inden 1. marts.\n- Vi følger op i april."
    mail, status = after.mail_from_agreements(ws_id, agreements, "")
    assert "kursus i projektledelse inden 1. marts" in mail and "Vi følger op i april" in mail
    assert status.startswith("✓ Gemt") and _store().get(ws_id).follow_up_mail == mail

    mine = "Hej Anne\n\nTak for i dag."
    mail, _ = after.mail_from_agreements(ws_id, agreements, mine)
    assert mail.startswith(mine) and after.MAIL_SEPARATOR in mail and "Vi følger op i april" in mail
    assert _fresh_store().get(ws_id).follow_up_mail == mail
    assert after.mail_from_agreements(ws_id, agreements, mail) == (gr_skip(), gr_skip())  # already there: no copy


def test_fill_mail_from_a_rehearsal_puts_the_draft_below_your_text(ws_id):
    from ui import after, rehearse

    assert "øvesamtale" in _warned(after.fill_mail, ws_id, "", match="øvesamtale")
    state, *_rest = last(rehearse.start_rehearsal("stoettende", None, "normal", "", "", Req()))
    state, *_rest = last(rehearse.send_turn(state, "Jeg sender dig et forslag til et Excel-kursus inden 1. marts.",
                                            Req()))
    rehearse.finish_rehearsal(ws_id, state)
    draft = _store().get(ws_id).follow_up_mail
    assert "Excel-kursus inden 1. marts" in draft  # filled from the real agreement, the field was empty
    mail, _ = after.fill_mail(ws_id, "Mine egne noter til mailen.")
    assert mail.startswith("Mine egne noter til mailen.") and mail.endswith(draft)


def test_the_mail_is_made_only_from_real_agreements_and_says_so_when_there_were_none(ws_id):
    from ui import after, rehearse

    state, *_rest = last(rehearse.start_rehearsal("travl", None, "kort", "", "", Req()))
    state, *_rest = last(rehearse.send_turn(state, "Jeg vil gerne tale om min rolle.", Req()))
    debrief, mail, *_rest = rehearse.finish_rehearsal(ws_id, state)
    assert mail == gr_skip() and _store().get(ws_id).follow_up_mail == ""
    assert "aftalte ikke noget konkret" in debrief and "opfølgningsmail" in debrief
    message = _warned(after.fill_mail, ws_id, "", match="aftalte I ikke noget konkret")
    assert "Det aftalte I til samtalen" in message
    assert _store().get(ws_id).follow_up_mail == ""


def test_texts_count_and_stand_on_their_own_lines(ws_id):
    from coach.store.workspace import StarItem
    from ui import results

    ws = _store().get(ws_id)
    ws.stars = [StarItem(situation="Køen voksede.", result="Ventetiden faldt.")]
    assert "Du har 1 gemt udsagn." in results.list_markdown(ws)
    ws.stars.append(StarItem(situation="Nyt intranet."))
    assert "Du har 2 gemte udsagn." in results.list_markdown(ws)

    output = last(results.run_star(ws_id, NOTES))[1]
    for label in ("Situation", "Opgave", "Handling", "Resultat"):  # each field is its own paragraph
        assert f"\n\n**{label}:**" in output, output


def test_adding_nothing_to_the_plan_is_a_warning(ws_id):
    from ui import goals

    assert "intet mål" in _warned(goals.add_to_plan, ws_id, " ", "", match="intet mål")
    assert _store().get(ws_id).plan == []


# -- issue 15: nothing typed is lost, only checked text is shown ---------------------------------------------------------
OWNED_ELSEWHERE = {"feedback-input", "model-server-url", "model-server-key"}  # ui/feedback.py, ui/model.py


def test_no_text_box_cuts_a_paste_short(app):
    """The browser's maxlength silently cuts a paste; every limit is checked by the handler, with the numbers."""
    import gradio as gr

    demo = app.build_demo()
    limited = [b.elem_id for b in demo.blocks.values() if isinstance(b, gr.Textbox) and b.max_length
               and b.elem_id not in OWNED_ELSEWHERE]
    assert limited == [], f"text boxes with a max_length: {limited}"


LONG = ("Jeg lavede en ny vagtplan. " * 2_000)[:50_000]
BINARY = bytes(range(1, 256)).decode("latin-1") * 8


def test_long_binary_and_garbled_text_is_refused_with_the_numbers_and_nothing_is_saved(ws_id, monkeypatch):
    from coach.backend import runtime
    from ui import after, prep, results, workspaces

    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: pytest.fail("the model was used"))
    message = _warned(results.run_star, ws_id, LONG, Req(), match="Teksten er for lang")
    assert "50.000 tegn" in message and "højst 12.000" in message
    assert "binære" in _warned(results.run_star, ws_id, BINARY, Req(), match="binære")
    assert "gået i stykker" in _warned(results.run_star, ws_id, "Jeg har lÃ¦rt meget i Ã¥r.", Req(), match="tegn")
    for status in (results.save_notes(ws_id, LONG), results.save_notes(ws_id, BINARY),
                   prep.save_section(ws_id, "year", "x" * 20_001), after.save_agreements(ws_id, BINARY),
                   after.save_mail(ws_id, "y" * 25_000)):
        assert status.startswith("⚠ **Ikke gemt.**"), status
    assert "50.000 tegn" in results.save_notes(ws_id, LONG) and "højst 12.000" in results.save_notes(ws_id, LONG)
    assert "20.001 tegn" in prep.save_section(ws_id, "year", "x" * 20_001)
    ws = _fresh_store().get(ws_id)
    assert ws.stars == [] and ws.drafts == {} and ws.prep["year"] == "" and ws.agreements == ws.follow_up_mail == ""
    assert "121 tegn" in _warned(workspaces.create, "M" * 121, match="for lang")
    assert len(_store().list()) == 1


def test_star_on_the_same_notes_replaces_instead_of_duplicating_but_keeps_your_edits(ws_id):
    from ui import results

    first = last(results.run_star(ws_id, NOTES, Req()))
    assert len(_store().get(ws_id).stars) == 1
    output = last(results.run_star(ws_id, " " + NOTES.replace(". ", ".  "), Req()))[1]  # the same notes
    ws = _store().get(ws_id)
    assert len(ws.stars) == 1 and ws.stars[0].id != first[4]
    assert "erstatter dem" in output
    results.save_star_field(ws_id, ws.stars[0].id, "result", "Ventetiden faldt fra 14 til 9 dage.")
    output = last(results.run_star(ws_id, NOTES, Req()))[1]
    ws = _store().get(ws_id)
    assert len(ws.stars) == 2 and "du selv har rettet" in output
    assert any(s.result == "Ventetiden faldt fra 14 til 9 dage." and s.edited for s in ws.stars)


def test_internal_validator_wording_never_reaches_the_user(ws_id, monkeypatch):
    from coach.backend import FakeBackend, runtime
    from coach.capabilities import star
    from ui import results

    statement = star.StarStatement(situation="S", task="T", action="A", result="R", warnings=[
        "Modellens forslag holdt ikke (Felterne 'Situation' og 'Handling' siger det samme.). Her er appens eget udkast."])
    shown = results.statement_markdown(statement)
    assert "Felterne" not in shown and "'" not in shown and "holdt sig ikke præcist til dine noter" in shown
    reply = "Situation: Jeg lavede en vagtplan.\nOpgave: Jeg lavede en vagtplan.\nHandling: Jeg lavede en vagtplan.\n" \
            "Resultat: Jeg lavede en vagtplan."
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: FakeBackend([reply] * 3))
    output = last(results.run_star(ws_id, NOTES, Req()))[1]
    assert "Felterne" not in output and "siger det samme" not in output and "'Situation'" not in output


def test_progress_says_what_the_model_does_in_danish(monkeypatch):
    from coach.backend import FakeBackend
    from coach.capabilities import star
    from ui import results
    from ui.jobs import LOADING, Watch

    class Slow(FakeBackend):
        loaded = False
        phases: list = []

        def load(self):
            self.phases.append(watch.phase)
            self.loaded = True

    watch = Watch()
    backend = Slow(["Ikke et STAR-svar."] * 3)
    watch.attach(backend)
    assert results.progress_text(watch, 1).startswith("Finder situation")
    star.run(NOTES, watch)
    assert backend.phases == ["loading"] and len(backend.calls) == 3
    assert (watch.item, watch.attempt) == (1, 3)
    watch.phase = "writing"
    assert results.progress_text(watch, 1) == ("Skriver dit STAR-udsagn – forsøg 3 af 3 (det forrige forslag bestod "
                                               "ikke appens tjek) …")
    watch.item, watch.attempt = 2, 1
    assert results.progress_text(watch, 2) == "Skriver udsagn 2 af 2 – forsøg 1 af 3 …"
    watch.phase = "loading"
    assert results.progress_text(watch, 1) == LOADING and "første gang" in LOADING and "minut" in LOADING


def test_closing_the_tab_stops_the_run_and_saves_nothing(ws_id, monkeypatch):
    from coach.backend import FakeBackend, runtime
    from ui import common, results

    backend = FakeBackend(lambda prompt: " ".join(["ord"] * 400), delay_s=0.02)
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: backend)
    steps = results.run_star(ws_id, NOTES, Req())
    first = next(steps)
    assert first[0]  # the progress line
    common.close_session(Req())  # what demo.unload does when the tab closes
    rest = list(steps)
    assert all(not isinstance(v, str) or not v.startswith("###") for step in rest for v in step)
    assert _store().get(ws_id).stars == [] and len(backend.calls) <= 1  # stopped before or during its one call


def test_the_page_closes_its_session_on_unload_and_speaks_danish_in_the_queue(app):
    from ui import common, shell

    demo = app.build_demo()
    unload = [d for d in demo.fns.values() if any(t[1] == "unload" for t in d.targets)]
    assert [d.fn for d in unload] == [common.close_session]
    assert "I kø: ${n} foran dig" in shell.PAGE_JS and "queue: " in shell.PAGE_JS and "processing" in shell.PAGE_JS
    assert shell.I18N.translations_dict["en"]["status.queue_position"].startswith("I kø")
    model_deps = [d for d in demo.fns.values() if d.name in ("run_star", "run_smart", "send_turn", "start_rehearsal")]
    for dep in model_deps:  # one indicator per action: Gradio's tracker only on the tab's progress line
        assert dep.show_progress == "minimal" and len(dep.show_progress_on) == 1, dep.name


def _manager_lines():
    from coach.backend import FakeBackend

    lines = iter(["Velkommen til din MUS. Hvad vil du gerne tale om i dag?",
                  "Godt at se dig. Hvordan synes du selv, at dit år er gået?",
                  "Tak, fordi du kom. Hvad er du mest tilfreds med fra det seneste år?",
                  "Det lyder spændende. Hvad fik du ud af det arbejde?"] * 5)
    return FakeBackend(lambda prompt: next(lines))


def test_send_waits_visibly_while_the_manager_works_and_keeps_the_text(ws_id, monkeypatch):
    from coach.backend import runtime
    from ui import conversation, rehearse

    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: _manager_lines())
    state, *_rest = last(rehearse.start_rehearsal("stoettende", None, "normal", "", "", Req()))
    answer = "Jeg vil gerne tale om min nye vagtplan."
    steps = rehearse.send_turn(state, answer, Req())
    state, chat, box, status, send, *_controls = next(steps)
    assert state.session.turns[-1].text == answer and box == ""  # emptied only once the answer is in
    assert send["interactive"] is False and send["value"] == conversation.BUSY and "bliver stående" in status
    # a second answer while the manager works: a Danish warning, and the box keeps it (gr.skip)
    state.session.pending = True  # what the core says while its reply is being generated
    assert "svarer stadig" in _warned(rehearse.send_turn, state, "Og et kursus.", Req(), match="svarer stadig")
    state.session.pending = False
    *_, (state, chat, box, status, send, *_controls) = list(steps)
    assert send["interactive"] is True and send["value"] == "Send" and len(chat) == 3


def test_a_new_reply_keeps_the_earlier_ones_browsable_and_the_last_answer_can_be_edited(ws_id, monkeypatch):
    from coach.backend import runtime
    from ui import rehearse

    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: _manager_lines())
    state, *_rest = last(rehearse.start_rehearsal("stoettende", None, "normal", "", "", Req()))
    state, *_rest = last(rehearse.send_turn(state, "Jeg vil gerne tale om min nye vagtplan.", Req()))
    first = state.session.turns[-1].text
    state, chat, status, send, prev, position, nxt, *_rest = last(rehearse.regenerate_turn(state, Req()))
    assert chat[-1]["content"] != first and position["value"] == "Svar 2 af 2" and position["visible"]
    assert prev["interactive"] and not nxt["interactive"]
    state, chat, status, send, prev, position, nxt, *_rest = rehearse.previous_reply(state)
    assert chat[-1]["content"] == first and position["value"] == "Svar 1 af 2"

    assert "Feltet" in _warned(rehearse.edit_turn, state, "Noget helt andet", match="Feltet")  # not overwritten
    state, box, status, send, *_rest = rehearse.edit_turn(state, "")
    assert box == "Jeg vil gerne tale om min nye vagtplan." and send["value"] == "Send rettet svar"
    state, chat, box, *_rest = last(rehearse.send_turn(state, "Jeg vil tale om vagtplanen og et kursus.", Req()))
    assert [m["content"] for m in chat if m["role"] == "user"] == ["Jeg vil tale om vagtplanen og et kursus."]
    assert len(chat) == 3 and not state.editing


def test_finished_rehearsals_are_listed_after_a_reload_reopened_exported_and_deleted(ws_id):
    from coach.store import export
    from ui import rehearse, workspaces

    state, *_rest = last(rehearse.start_rehearsal("travl", None, "kort", "", "", Req()))
    state, *_rest = last(rehearse.send_turn(state, "Jeg sender dig et forslag til et Excel-kursus inden 1. marts.",
                                            Req()))
    _debrief, _mail, _status, _saved, listing, select = rehearse.finish_rehearsal(ws_id, state)
    assert "Den travle leder" in listing and select["value"]
    values = workspaces.switch(ws_id)  # a reload: every tab's values from the store
    listing = next(v for v in values if isinstance(v, str) and "Dine gemte øvesamtaler (1)" in v)
    assert "Den travle leder" in listing and "1 svar fra dig" in listing
    item = _fresh_store().get(ws_id).rehearsals[0]
    assert item.persona_name == "Den travle leder" and item.session and item.debrief["agreements"]
    assert all(c.get("title") for c in item.debrief["criteria"])

    state, chat, status, *_controls, debrief = rehearse.open_saved(ws_id, item.id)
    assert chat[1]["content"].startswith("Jeg sender dig et forslag") and "Feedback på din øvesamtale" in debrief
    assert state.saved_id == item.id
    state, chat, *_rest = last(rehearse.send_turn(state, "Og jeg booker et møde med dig i april.", Req()))
    assert len(chat) == 5  # a reopened rehearsal goes on

    md = export.to_markdown(_store().get(ws_id))
    assert "## Øvesamtaler (1)" in md and "**Dig:** Jeg sender dig et forslag til et Excel-kursus" in md
    listing, select, status = rehearse.delete_saved(ws_id, item.id, state)
    assert "ingen gemte øvesamtaler" in listing and "slettet" in status and state.saved_id is None
    assert _fresh_store().get(ws_id).rehearsals == []


def test_the_ask_answer_is_provisional_until_checked_and_replaced_when_it_fails(ws_id, monkeypatch):
    from coach.backend import FakeBackend, runtime
    from ui import ask

    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: FakeBackend([
        "I think you should prepare a list of your achievements and ask your manager for a course this year."]))
    steps = list(ask.answer("Hvordan forbereder jeg mig?", Req()))
    assert all(s["elem_classes"] == ["provisional"] and s["value"].startswith(ask.DRAFT_HEAD) for s in steps[:-1])
    assert steps[-1]["elem_classes"] == [] and steps[-1]["value"] == ask.NOT_DANISH
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: FakeBackend([
        "Skriv tre ting ned, du er stolt af fra året, og tænk over, hvad du gerne vil lære."]))
    final = last(ask.answer("Hvordan forbereder jeg mig?", Req()))
    assert final["value"].startswith("Skriv tre ting ned") and ask.FOOTER in final["value"]
