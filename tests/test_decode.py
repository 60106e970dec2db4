"""Decode through the Python API, on the fake backend."""

from coach.backend import FakeBackend
from coach.capabilities import decode


SANDWICH = ("Du gør et rigtig flot stykke arbejde med kunderne. Måske kunne du overveje at svare lidt "
            "hurtigere på mails. Men ellers er det rigtig fint.")


def test_decode_finds_softened_criticism_with_quote_and_question():
    out, _ = decode.run(SANDWICH, None)
    assert out.findings
    f = out.findings[0]
    assert f.quote in SANDWICH and f.question.endswith("?") and f.strength in {"svag", "middel", "stærk"}
    assert out.summary

def test_decode_without_findings_does_not_call_the_model():
    fake = FakeBackend(["Læsning: noget"])
    out, trace = decode.run("Mødet er flyttet til torsdag kl. 9.", fake)
    assert out.findings == [] and fake.calls == [] and "ingen" in out.summary.lower()

def test_decode_uses_a_valid_model_summary():
    fake = FakeBackend(["Læsning: Din leder mener sandsynligvis, at du svarer for langsomt på mails, og pakker det ind i ros."])
    out, trace = decode.run(SANDWICH, fake)
    assert trace.path == "model" and out.summary.startswith("Din leder mener")
    assert list(out.model_dump()) == ["findings", "summary", "model"]


# -- CLI -------------------------------------------------------------------------------------------------------

def test_decode_on_a_base_model_keeps_the_rules_reading_without_a_model_call():
    fake = FakeBackend(["Læsning: Der er ingen kritik her."], prompt_style="completion")
    out, trace = decode.run(SANDWICH, fake)
    assert fake.calls == [] and trace.path == "rules" and out.model == "fake"
    assert out.findings and "ingen kritik" not in out.summary

def test_decode_rejects_a_chat_reading_that_denies_the_findings():
    fake = FakeBackend(["Læsning: Der er ingen skjult kritik i det, din leder siger om dine mails."] * 3)
    out, trace = decode.run(SANDWICH, fake)
    assert trace.path == "fallback" and any("ingen kritik" in p for p in trace.problems[0])
