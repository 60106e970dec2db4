from pydantic import BaseModel, Field

from coach.lineformat import parse


class Out(BaseModel):
    situation: str = Field(json_schema_extra={"label": "Situation"})
    result: str = Field(json_schema_extra={"label": "Resultat", "aliases": ["Result"]})
    missing: list[str] = Field(default_factory=list, json_schema_extra={"label": "Mangler"})


def test_labels_are_case_and_markup_insensitive_and_continuations_join():
    text = "**situation:** Travl afdeling\nmed mange sager\n- Result: Ventetiden faldt.\nIrrelevant: x"
    out = parse(text, Out)
    assert out.situation == "Travl afdeling med mange sager"
    assert out.result == "Ventetiden faldt."


def test_a_second_answer_is_ignored():
    out = parse("Situation: A\nResultat: B\nSituation: C\nResultat: D", Out)
    assert (out.situation, out.result) == ("A", "B")
