"""STAR, SMART and decode through the Python API and the CLI, on the fake backend."""

import json
import re

import pytest

from coach import cli
from coach.backend import FakeBackend
from coach.capabilities import smart, star


# -- STAR ------------------------------------------------------------------------------------------------------
def test_several_experiences_become_several_statements():
    notes = ("Kunderne ventede 14 dage på svar. Jeg lavede en ny vagtplan. Nu venter de 9 dage.\n\n---\n\n"
             "Vi fik et nyt kassesystem. Jeg lærte 4 nye kolleger op i systemet.")
    results = star.run(notes, None)
    assert len(results) == 2
    data = star.as_json(results)
    assert list(data) == ["items"] and len(data["items"]) == 2
    assert "14" in json.dumps(data["items"][0]) and "4 nye kolleger" in json.dumps(data["items"][1])


def test_star_json_contract_keys():
    [(out, _)] = star.run("Jeg reducerede fejl i lønkørslen fra 12 til 2 om måneden med en ny tjekliste.", None)
    assert list(out.model_dump()) == ["situation", "task", "action", "result", "missing", "questions",
                                       "warnings", "model"]


def test_missing_parts_are_marked_and_asked_about_not_invented():
    [(out, _)] = star.run("Jeg lavede en ny tjekliste til modtagelsen af varer på lageret.", None)
    assert out.result.startswith("[mangler") and "resultat" in out.missing
    assert any(q.endswith("?") for q in out.questions)


def test_echoing_the_prompt_examples_is_rejected():
    echo = ("Situation: Webshoppen var langsom, og kunderne klagede.\nOpgave: Jeg skulle finde årsagen.\n"
            "Handling: Jeg målte svartiderne og flyttede billederne over på et CDN.\nResultat: Klagerne stoppede.")
    fake = FakeBackend([echo] * 3, prompt_style="completion")
    [(out, trace)] = star.run("Vi havde mange fejl i lønkørslen, og jeg lavede en tjekliste.", fake)
    assert trace.path == "fallback" and "Webshoppen" not in out.situation
    assert any("eksempler" in p or "står i noterne" in p for p in trace.problems[0])


def test_completion_models_get_the_few_shot_prompt_and_the_prefill():
    reply = (" Vi havde mange fejl i lønkørslen.\nOpgave: [mangler: opgave]\n"
             "Handling: Jeg lavede en tjekliste.\nResultat: [mangler: resultat]")
    fake = FakeBackend([reply], prompt_style="completion")
    [(out, trace)] = star.run("Vi havde mange fejl i lønkørslen, og jeg lavede en tjekliste.", fake)
    prompt, sampling = fake.calls[0]
    assert isinstance(prompt, str) and prompt.endswith("Situation:")
    assert trace.path == "model" and out.situation == "Vi havde mange fejl i lønkørslen."


NOTES = "ventetiden var 14 dage. jeg lavede en ny vagtplan -> nu 9 dage"
GOOD = ("Situation: Ventetiden var 14 dage.\nOpgave: [mangler: opgave]\nHandling: Jeg lavede en ny vagtplan.\n"
        "Resultat: Nu er ventetiden 9 dage (før 14 dage).")


def test_a_faithful_model_answer_is_shown_and_labelled_with_the_model():
    [(out, trace)] = star.run(NOTES, FakeBackend([GOOD], name="gemma-test"))
    assert trace.path == "model", trace.problems
    assert out.model == "gemma-test" and out.missing == ["opgave"]


@pytest.mark.parametrize("bad, problem", [
    (GOOD.replace("Nu er ventetiden 9 dage (før 14 dage).", "Ventetiden faldt."), "mangler tal"),  # a number dropped
    (GOOD.replace("Jeg lavede", "Jeg og Mette fra HR lavede"), "Mette"),  # a name added
    (GOOD.replace("Handling: Jeg lavede en ny vagtplan.\nResultat: Nu er ventetiden 9 dage (før 14 dage).",
                  "Handling: Jeg lavede en ny vagtplan, så ventetiden nu er 9 dage.\nResultat: Det gik godt."),
     "Resultatet står under Handling"),  # the outcome moved into the action
    (GOOD.replace("Handling: Jeg lavede en ny vagtplan.", "Handling: [mangler: handling]"), "står som manglende"),
    (GOOD.replace("Jeg lavede en ny vagtplan.", "En ny vagtplan blev lavet."), "jeg-form"),
    (GOOD.replace("en ny vagtplan", "en ny inddriget vagtplan"), "findes på dansk"),
])
def test_an_unfaithful_model_answer_is_refused_and_never_shown_as_it_was(bad, problem):
    """One bad field: the answer is mended with the rules' field (labelled); the bad text never reaches the user."""
    [(out, trace)] = star.run(NOTES, FakeBackend([bad] * 3, name="gemma-test"))
    assert trace.path in ("fallback", "mixed") and any(problem in p for p in trace.problems[0]), trace.problems[0]
    assert not star.CAPABILITY.validate(out, star.CAPABILITY.analyze(NOTES), NOTES)
    shown = out.to_markdown()
    assert "Mette" not in shown and "faldt." not in shown and "inddriget" not in shown and "blev lavet" not in shown
    assert out.model == ("regler" if trace.path == "fallback" else "gemma-test + regler")
    assert "9" in out.result and "14" in out.result + out.situation
    assert not any("Feltet" in w or "(" in w for w in out.warnings)  # no validator wording for the user


def test_an_invented_task_is_replaced_by_the_honest_marker_and_the_rest_is_kept():
    bad = GOOD.replace("[mangler: opgave]", "Jeg skulle nedbringe ventetiden.")
    [(out, trace)] = star.run(NOTES, FakeBackend([bad], name="gemma-test"))
    assert trace.path == "model", trace.problems
    assert out.task == "[mangler: opgave]" and "skulle" not in out.task and out.missing == ["opgave"]
    assert out.action == "Jeg lavede en ny vagtplan." and out.model == "gemma-test"


def test_a_task_the_notes_state_is_never_replaced():
    notes = "ventetiden var 14 dage. jeg fik ansvaret for vagtplanen og lavede en ny -> nu 9 dage"
    reply = GOOD.replace("[mangler: opgave]", "Jeg fik ansvaret for vagtplanen.")
    [(out, trace)] = star.run(notes, FakeBackend([reply] * 3, name="gemma-test"))
    assert out.task == "Jeg fik ansvaret for vagtplanen."


def test_several_stories_are_written_one_at_a_time():
    text = "1) kunderne ventede 14 dage. jeg lavede ny vagtplan. nu 9 dage\n2) lageret var rodet. jeg indførte 5S. 30 % færre fejl"
    fake = FakeBackend(["Situation: x"] * 6)
    results = star.run(text, fake)
    assert len(results) == 2 and len(fake.calls) == 6
    first, second = (call[0][-1]["content"] for call in fake.calls[::3])  # the user message: the notes
    assert "14 dage" in first and "5S" not in first and "5S" in second and "14" not in second


# -- SMART -----------------------------------------------------------------------------------------------------
def test_smart_rules_only_checks_and_rewrites_with_concrete_suggestions():
    out, trace = smart.run("Jeg vil gerne blive bedre til Excel", None)
    assert out.input_check == {"specific": False, "measurable": False, "achievable": True, "relevant": True,
                               "time_bound": False}
    assert out.rewrite.startswith("Jeg vil gerne blive bedre til Excel ved at [fx ")
    assert out.rewrite_check["measurable"] and out.rewrite_check["time_bound"]
    assert not re.search(r"\[(?!fx )", out.rewrite)  # no bare placeholder
    assert 2 <= len(out.questions) <= 4 and all(q.endswith("?") for q in out.questions)
    assert out.responsibility and out.follow_up and "Excel" in out.example and out.model == "regler"


def test_smart_rewrite_without_deadline_is_retried_then_falls_back():
    fake = FakeBackend(["Omskrevet: Jeg vil blive bedre til Excel.", "Omskrevet: Jeg vil lære Excel.",
                        "Omskrevet: Jeg vil bruge Excel mere."])
    out, trace = smart.run("Jeg vil gerne blive bedre til Excel", fake)
    assert trace.path == "fallback" and any("frist" in p for p in trace.problems[0])
    assert out.rewrite_check["time_bound"] and "inden [fx næste MUS]" in out.rewrite and out.model == "regler"


def test_smart_accepts_a_good_model_rewrite_with_example():
    reply = ("Omskrevet: Jeg vil gerne blive bedre til Excel ved at [fx tage et kursus i pivottabeller] og selv lave "
             "[fx 3 pivottabeller til månedsrapporten] inden [fx 1. april].\nSpørgsmål:\n- Hvilket kursus passer til dig?\n"
             "- Hvornår skal det være nået?\nEksempel: Jeg vil gennemføre et Excel-kursus og lave 3 pivottabeller inden 1. april.")
    out, trace = smart.run("Jeg vil gerne blive bedre til Excel", FakeBackend([reply]))
    assert trace.path == "model", trace.problems
    assert out.questions == ["Hvilket kursus passer til dig?", "Hvornår skal det være nået?"]
    assert out.example and "3 pivottabeller" in out.example


@pytest.mark.parametrize("reply, problem", [
    ("Omskrevet: Jeg vil blive bedre til Excel ved at [kursus] inden [dato].", "pladsholdere uden forslag"),
    ("Omskrevet: Jeg vil lære Word ved at [fx tage et kursus] inden [fx 1. april].", "indhold"),
    ("Omskrevet: Jeg vil gerne blive bedre til Excel ved at [fx tage et kursus] inden [fx 1. april] og "
     "blive inddriget i budgettet.", "findes på dansk"),
])
def test_smart_rewrites_that_lose_the_goal_or_are_not_danish_are_refused(reply, problem):
    out, trace = smart.run("Jeg vil gerne blive bedre til Excel", FakeBackend([reply] * 3))
    assert trace.path == "fallback" and any(problem in p for p in trace.problems[0]), trace.problems[0]


def test_smart_keeps_the_users_deadline_and_reason():
    goal = "blive bedre til excel så jeg kan lave budgetterne selv inden sommerferien"
    reply = "Omskrevet: Jeg vil blive bedre til Excel ved at [fx tage et kursus] inden [fx 1. maj]."
    out, trace = smart.run(goal, FakeBackend([reply] * 3))
    assert trace.path == "fallback" and any("egne ord" in p for p in trace.problems[0])
    assert "inden sommerferien" in out.rewrite and "så jeg kan lave budgetterne selv" in out.rewrite


def test_smart_rewrite_with_an_invented_number_is_rejected():
    reply = "Omskrevet: Jeg vil blive bedre til Excel og lave 5 rapporter senest 1. maj."
    out, trace = smart.run("Jeg vil gerne blive bedre til Excel", FakeBackend([reply] * 3))
    assert trace.path == "fallback" and "5 rapporter" not in out.rewrite


# -- decode ----------------------------------------------------------------------------------------------------
SANDWICH = ("Du gør et rigtig flot stykke arbejde med kunderne. Måske kunne du overveje at svare lidt "
            "hurtigere på mails. Men ellers er det rigtig fint.")


@pytest.mark.parametrize("command", ["star", "smart", "decode"])
def test_cli_rules_only_json(command, tmp_path, capsys):
    f = tmp_path / "input.txt"
    f.write_text({"star": "Jeg reducerede ventetiden fra 14 til 9 dage med en ny vagtplan.",
                  "smart": "blive bedre til Excel", "decode": SANDWICH}[command], encoding="utf-8")
    assert cli.main([command, str(f), "--json", "--rules-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == "regler"


@pytest.mark.parametrize("content, phrase", [
    (b"", "ingen tekst"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "binære"),
    ("😀🎉".encode(), "ingen ord"),
    (("Jeg arbejdede. " * 20_000).encode(), "for lang"),
])
def test_cli_bad_input_exits_non_zero_with_a_danish_message(content, phrase, tmp_path, capsys):
    f = tmp_path / "noter.txt"
    f.write_bytes(content)
    code = cli.main(["star", str(f), "--rules-only"])
    err = capsys.readouterr().err
    assert code == 2 and phrase in err and "Traceback" not in err


def test_cli_missing_file(capsys):
    assert cli.main(["smart", "/findes/ikke.txt"]) == 2
    assert "findes ikke" in capsys.readouterr().err


def test_cli_english_notes_give_a_sensible_result(tmp_path, capsys):
    f = tmp_path / "notes.txt"
    f.write_text("I reduced the waiting time from 14 to 9 days by making a new rota.", encoding="utf-8")
    assert cli.main(["star", str(f), "--json", "--rules-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "14" in json.dumps(data)
