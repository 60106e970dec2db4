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
