"""The training hooks render (prompt, answer) exactly as the runtime completion path does, from the same templates."""

from pathlib import Path

import pytest
import yaml

from coach.backend import FakeBackend
from coach.capabilities import rehearse
from coach.capabilities.rehearse.session import Turn

TUNE = Path(__file__).resolve().parents[1] / "tune" / "data"

MANAGER_EXAMPLE = {
    "id": "t-1", "sector": "pleje", "split": "train", "persona": "travl", "phase": "wellbeing",
    "role": "social- og sundhedsassistent", "kind": "workload",
    "history": [{"manager": "Hvordan har du det med arbejdet for tiden?"},
                {"employee": "Presset.\nJeg har haft 20 overtimer siden jul."}],
    "reply": "20 overtimer siden jul er for meget. Hvad ville hjælpe dig mest lige nu?",
}
DEBRIEF_EXAMPLE = {"id": "d-1", "sector": "IT", "split": "train", "criterion": "i_form",
                   "manager": "Hvad er du mest stolt af?", "line": "Vi fik lukket en masse sager, man gør jo sit bedste.",
                   "better": "Jeg var med til at lukke en masse sager, og jeg gjorde mit bedste."}


def _runtime_manager_prompt(example: dict) -> str:
    session = rehearse.Session(rehearse.Setup(persona=example["persona"], role=example.get("role", "")))
    for item in example["history"]:
        (role, text), = item.items()
        session.turns.append(Turn(role=role, text=text, phase=example["phase"], prompt_text=text))
    return session._prompt(FakeBackend(prompt_style="completion"), example["phase"], "")


def test_manager_pair_is_the_runtime_completion_prompt_and_the_reply_line():
    [(prompt, answer)] = rehearse.training_pairs_manager(MANAGER_EXAMPLE)
    assert prompt == _runtime_manager_prompt(MANAGER_EXAMPLE)
    assert prompt.endswith("Punkt: Trivsel og samarbejde\nLeder:")
    assert "Medarbejderen er social- og sundhedsassistent." in prompt
    assert "Medarbejder: Presset. / Jeg har haft 20 overtimer siden jul." in prompt
    assert answer == " " + MANAGER_EXAMPLE["reply"] + "\n"
    assert "Noter:" not in prompt and prompt.count("Leder:") == 2  # no few-shot block, one turn and the cue


def test_the_opening_example_has_an_empty_transcript():
    example = MANAGER_EXAMPLE | {"phase": "opening", "history": [], "role": ""}
    [(prompt, _)] = rehearse.training_pairs_manager(example)
    assert prompt == _runtime_manager_prompt(example) and "Medarbejder:" not in prompt


def test_debrief_pair_is_the_prompt_the_debrief_sends_to_the_model():
    line = DEBRIEF_EXAMPLE["line"]
    fake = FakeBackend(lambda p: "Jeg fik lukket en masse sager, og jeg gjorde mit bedste.", prompt_style="completion")
    session = rehearse.Session(rehearse.Setup(persona="stoettende"))
    session.turns = [Turn(role="manager", text=DEBRIEF_EXAMPLE["manager"], phase="year"),
                     Turn(role="employee", text=line, phase="year")]
    report = session.debrief(fake)
    i_form = next(c for c in report["criteria"] if c["id"] == "i_form")
    assert i_form["verdict"] == "weak" and i_form["better"] == "Jeg fik lukket en masse sager, og jeg gjorde mit bedste."
    sent = [p for p, _ in fake.calls if "Styrke: Jeg-form" in p]
    [(prompt, answer)] = rehearse.training_pairs_debrief(DEBRIEF_EXAMPLE)
    assert sent and sent[0] == prompt and prompt.endswith("Bedre:")
    assert answer == " " + DEBRIEF_EXAMPLE["better"] + "\n"


def test_a_model_better_phrasing_that_adds_a_number_or_brackets_is_not_used():
    for bad in ("Jeg lukkede 40 sager.", "Jeg fik lukket [antal] sager.", "We closed a lot of cases."):
        session = rehearse.Session(rehearse.Setup(persona="stoettende"))
        session.turns = [Turn(role="manager", text="Hvad er du stolt af?", phase="year"),
                         Turn(role="employee", text=DEBRIEF_EXAMPLE["line"], phase="year")]
        report = session.debrief(FakeBackend(lambda p, bad=bad: bad, prompt_style="completion"))
        i_form = next(c for c in report["criteria"] if c["id"] == "i_form")
        assert i_form["better"] != bad and "[" not in i_form["better"]


@pytest.mark.skipif(not (TUNE / "manager.yaml").is_file(), reason="no tune/data/manager.yaml in this checkout")
def test_every_manager_example_in_tune_data_renders():
    examples = yaml.safe_load((TUNE / "manager.yaml").read_text(encoding="utf-8"))["examples"]
    for example in examples:
        [(prompt, answer)] = rehearse.training_pairs_manager(example)
        assert prompt.endswith("Leder:") and answer.startswith(" ") and answer.endswith("\n")


@pytest.mark.skipif(not (TUNE / "debrief.yaml").is_file(), reason="no tune/data/debrief.yaml in this checkout")
def test_every_debrief_example_in_tune_data_renders():
    examples = yaml.safe_load((TUNE / "debrief.yaml").read_text(encoding="utf-8"))["examples"]
    for example in examples:
        [(prompt, answer)] = rehearse.training_pairs_debrief(example)
        assert prompt.endswith("Bedre:") and answer.strip()


@pytest.mark.parametrize("name", ["manager/completion", "manager/chat", "manager/hint", "debrief/completion",
                                  "debrief/chat"])
def test_rehearsal_templates_declare_exactly_the_variables_they_use(name):
    from coach.capabilities import prompts

    folder, variant = name.split("/")
    template = prompts.load(f"rehearse/{folder}", variant)
    assert set(template.meta.variables) == set(template.used_variables)
    rendered = template.render(**{v: "{{ ikke kode }}" for v in template.meta.variables})
    text = rendered if isinstance(rendered, str) else "\n".join(m["content"] for m in rendered)
    assert "{{ ikke kode }}" in text  # user text is data, never evaluated


def test_the_batch_files_of_a_job_are_read_after_its_main_file(tmp_path, monkeypatch):
    from tune import pairs

    for name in ("manager.yaml", "manager-2.yaml", "manager-10.yaml", "star.yaml"):
        (tmp_path / name).write_text("job: x\nexamples: []\n", encoding="utf-8")
    monkeypatch.setattr(pairs, "DATA_DIR", tmp_path)
    assert [p.name for p in pairs.files("manager")] == ["manager.yaml", "manager-10.yaml", "manager-2.yaml"]
    assert [p.name for p in pairs.files("smart")] == []


def test_a_manager_line_that_ignores_the_employee_is_refused_as_training_data():
    from tune import pairs

    good = pairs.problems("manager", MANAGER_EXAMPLE, " " + MANAGER_EXAMPLE["reply"] + "\n")
    off = pairs.problems("manager", MANAGER_EXAMPLE, " Fint. Hvad synes du om kantinen?\n")
    promised = pairs.problems("manager", MANAGER_EXAMPLE, " 20 overtimer er for meget, så du får en lønforhøjelse.\n")
    assert good == [] and any("medarbejderen" in p for p in off) and promised


def test_the_check_command_names_each_refused_example_and_fails(tmp_path, capsys):
    from tune import check

    bad = dict(MANAGER_EXAMPLE, id="t-2", reply="Fint. Hvad synes du om kantinen?")
    path = tmp_path / "manager-9.yaml"
    path.write_text(yaml.safe_dump({"job": "manager", "version": 1, "examples": [MANAGER_EXAMPLE, bad]},
                                   allow_unicode=True), encoding="utf-8")
    assert check.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "t-2:" in out and "t-1:" not in out and "2 eksempler, 1 afvist" in out
