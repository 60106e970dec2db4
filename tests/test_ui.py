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


def gr_skip():
    import gradio as gr

    return gr.skip()


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

    results.run_star(ws_id, NOTES)
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
        results.run_star(ws_id, NOTES)
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

    check, rewrite, questions, example, goal_id, saved, status = goals.run_smart(ws_id, "Jeg vil gerne blive bedre "
                                                                                "til Excel.")
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
    from coach.backend import FakeBackend, runtime
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


def test_send_without_a_rehearsal_and_empty_answer_are_danish_warnings(ws_id):
    from ui import rehearse

    assert "Start en øvesamtale" in _warned(rehearse.send_turn, None, "Hej", Req(), match="Start en øvesamtale")
    *_, (state, *_rest) = list(rehearse.start_rehearsal("direkte", ["year"], "", "", Req()))
    _warned(rehearse.send_turn, state, "   ", Req(), match="Der er ingen tekst")
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
    """Run a model handler on a slow fake model, press Stop (common.stop, as the button does) as soon as the model
    is generating, and return what the handler returned."""
    import threading

    from coach.backend import FakeBackend, runtime
    from ui import common

    backend = FakeBackend(lambda prompt: " ".join(["ord"] * 400), delay_s=0.02)
    monkeypatch.setattr(runtime, "open_backend", lambda *a, **k: backend)
    out: dict = {}
    worker = threading.Thread(target=lambda: out.setdefault("value", handler(*args, request=Req())))
    worker.start()
    for _ in range(500):
        if backend.active:
            break
        threading.Event().wait(0.01)
    assert backend.active, "the model never started"
    common.stop(Req())
    worker.join(10)
    assert not worker.is_alive(), "Stop did not stop the run"
    assert backend.calls and len(backend.calls) == 1, "a stopped run must not retry"
    return out["value"]


def test_stop_buttons_stop_star_smart_and_decode(ws_id, monkeypatch):
    from ui import feedback, goals, results

    output, *_rest, status = _stop_while_running(monkeypatch, results.run_star, ws_id, NOTES)
    assert "Stoppet" in output and "Situation" in output and status.startswith("✓ Gemt")
    check, rewrite, *_rest = _stop_while_running(monkeypatch, goals.run_smart, ws_id, "Jeg vil gerne blive bedre "
                                                 "til Excel.")
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
    *_, (state, *_rest) = list(rehearse.start_rehearsal("stoettende", None, "", "", Req()))
    *_, (state, *_rest) = list(rehearse.send_turn(state, "Jeg vil gerne tale om et kursus i Excel.", Req()))
    rehearse.finish_rehearsal(ws_id, state)
    draft = _store().get(ws_id).follow_up_mail
    assert draft
    mail, _ = after.fill_mail(ws_id, "Mine egne noter til mailen.")
    assert mail.startswith("Mine egne noter til mailen.") and mail.endswith(draft)


def test_texts_count_and_stand_on_their_own_lines(ws_id):
    from coach.store.workspace import StarItem
    from ui import results

    ws = _store().get(ws_id)
    ws.stars = [StarItem(situation="Køen voksede.", result="Ventetiden faldt.")]
    assert "Du har 1 gemt udsagn." in results.list_markdown(ws)
    ws.stars.append(StarItem(situation="Nyt intranet."))
    assert "Du har 2 gemte udsagn." in results.list_markdown(ws)

    output = results.run_star(ws_id, NOTES)[0]
    for label in ("Situation", "Opgave", "Handling", "Resultat"):  # each field is its own paragraph
        assert f"\n\n**{label}:**" in output, output


def test_adding_nothing_to_the_plan_is_a_warning(ws_id):
    from ui import goals

    assert "intet mål" in _warned(goals.add_to_plan, ws_id, " ", "", match="intet mål")
    assert _store().get(ws_id).plan == []
