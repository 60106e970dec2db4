import threading

import pytest
from pydantic import BaseModel, Field

from coach.backend import FakeBackend, Sampling
from coach.errors import InputTooLong
from coach.lineformat import OutputFormatError


class Star(BaseModel):
    situation: str = Field(json_schema_extra={"label": "Situation"})
    task: str = Field(json_schema_extra={"label": "Opgave"})
    questions: list[str] = Field(default_factory=list, json_schema_extra={"label": "Spørgsmål"})


def test_scripted_replies_are_returned_in_order_and_calls_recorded():
    fake = FakeBackend(["første svar", "andet svar"])
    assert fake.complete("a").text == "første svar"
    assert fake.complete("b", Sampling(max_tokens=5)).text == "andet svar"
    assert [c[0] for c in fake.calls] == ["a", "b"]
    assert fake.calls[1][1].max_tokens == 5


def test_stream_stops_within_one_token_when_cancelled():
    fake = FakeBackend(["et to tre fire fem seks syv"])
    cancel = threading.Event()
    pieces = []
    for piece in fake.stream("x", cancel=cancel):
        pieces.append(piece)
        if len(pieces) == 2:
            cancel.set()
    assert "".join(pieces) == "et to"


def test_max_tokens_and_stop_strings_are_honoured():
    fake = FakeBackend(["a b c d e", "linje et\nlinje to"])
    c = fake.complete("x", Sampling(max_tokens=3))
    assert c.text == "a b c" and c.finish_reason == "length"
    assert fake.complete("x", Sampling(stop=("\n",))).text == "linje et"


def test_over_long_prompt_is_refused_with_the_numbers():
    fake = FakeBackend(context_size=100)
    with pytest.raises(InputTooLong) as err:
        fake.complete("ord " * 90, Sampling(max_tokens=20))
    msg = str(err.value)
    assert "91" in msg and "80" in msg and "Forkort" in msg
    assert fake.calls == []  # refused before the model was called


def test_structured_parses_labelled_lines():
    fake = FakeBackend(["Situation: Ventetiden var lang.\nOpgave: Jeg skulle lave en ny plan.\nSpørgsmål:\n- Hvor lang?\n- Hvornår?"])
    star = fake.structured("x", Star)
    assert star.situation == "Ventetiden var lang."
    assert star.task == "Jeg skulle lave en ny plan."
    assert star.questions == ["Hvor lang?", "Hvornår?"]


def test_structured_reports_missing_fields():
    fake = FakeBackend(["Situation: kun den"])
    with pytest.raises(OutputFormatError) as err:
        fake.structured("x", Star)
    assert err.value.missing == ["task"]


def test_calls_never_overlap_across_threads():
    fake = FakeBackend(lambda p: "a b c d", delay_s=0.01)
    threads = [threading.Thread(target=lambda: fake.complete("x")) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fake.calls) == 6 and fake.max_active == 1
