"""The deterministic decoder of what a Danish manager really means (coach.rules.softeners): categories, exact
quotes, plain restatements that never quote the hedge back, confidence with a reason, questions, owner-and-date
advice, no false alarms on plain texts and no false reassurance when nothing is found."""

from __future__ import annotations

import re

import pytest

from coach.rules.decode_lexicon import ALL_CATEGORIES, lexicon
from coach.rules.decode_text import as_clause, split_sentences, swap_person
from coach.rules.softeners import Finding, analyze, summarize

LEX = lexicon()


def well_formed(text: str, findings: list[Finding]) -> None:
    last = -1
    for f in findings:
        assert f.quote and f.quote == text[f.start:f.end] and f.quote == f.quote.strip(), f
        assert f.start >= last, "findings overlap or are out of order"
        last = f.end
        assert f.category in ALL_CATEGORIES and f.title == LEX.categories.get(f.category, LEX.categories["plain"]).title \
            or f.category == "plain"
        assert f.confidence in ("high", "medium", "low") and f.confidence_why.strip()
        assert f.meaning.strip() and f.question.rstrip().endswith("?")
        assert "{" not in f.meaning + f.question + f.follow_up + f.confidence_why


def indirect(text: str) -> list[Finding]:
    found = analyze(text)
    well_formed(text, found)
    return [f for f in found if f.category != "plain"]


# -- one text per category (written for these tests; not from eval/) -----------------------------------------------------
CATEGORY_CASES = [
    ("Måske kunne du overveje at sende dagsordenen ud lidt tidligere.", "softened_criticism"),
    ("Du er rigtig dygtig med kunderne, men dine tilbud skal ud hurtigere.", "softened_criticism"),
    ("Det er ikke for at kritisere, men dine bilag kommer tit uden kvittering.", "softened_criticism"),
    ("Flere af chaufførerne har nævnt, at du sjældent svarer på radioen.", "distance"),
    ("Jeg har hørt fra et par kunder, at du kan virke lidt afvisende i telefonen.", "distance"),
    ("Dit oplæg for bestyrelsen var fint nok.", "understatement"),
    ("Budgetopfølgningen er ikke lige din stærkeste side.", "understatement"),
    ("En lønforhøjelse? Lønpuljen er desværre ret låst i år.", "indirect_no"),
    ("Kurset i Aarhus lyder spændende. Det tager vi op en anden gang.", "indirect_no"),
    ("Det med din nye skærm finder vi ud af.", "vague_promise"),
    ("Jeg vender tilbage om din orlov, når vi har et overblik.", "vague_promise"),
    ("Var det nu en god idé at love kunden levering i morgen?", "rhetorical_question"),
    ("Hvor mange gange har vi snakket om, at døren skal være låst?", "rhetorical_question"),
    ("Nå, dejligt at du også kunne nå det i dag.", "irony"),
    ("Flot timing med sygemeldingen lige op til inventuren.", "irony"),
]


@pytest.mark.parametrize("text, category", CATEGORY_CASES, ids=[c for _, c in CATEGORY_CASES])
def test_each_category_is_recognised(text, category):
    found = indirect(text)
    assert any(f.category == category for f in found), [(f.category, f.quote) for f in found]


PLAIN = [
    ("Du har gjort et fremragende stykke arbejde med omlægningen af ruterne.", "praise"),
    ("Du skal aflevere dine timesedler senest fredag kl. 12.", "request"),
    ("Fremover skal alle bruge den nye blanket, når de bestiller materialer.", "request"),
    ("Fra nu af holder vi tavlemøde hver morgen kl. 8.", "request"),
    ("Kan du tage telefonen i frokostpausen i morgen?", "request"),
    ("Du har lavet fejl i tre ud af fem fakturaer i denne måned, og det skal stoppe.", "criticism"),
    ("Mødet er flyttet til onsdag kl. 14 i kantinen.", "info"),
    ("Din ansøgning om kurset er godkendt, og du er tilmeldt den 4. marts.", "info"),
    ("Nej, der er ikke råd til en konference i år. Søg igen til januar, så prioriterer jeg det.", "info"),
    ("Jeg giver dig svar på de ekstra timer senest på torsdag.", "info"),
    ("Næste gang du har weekendvagt, vil jeg gerne have, at du tager dig af den nye elev.", "request"),
    ("Det var slet ikke dårligt; det var faktisk det bedste oplæg, vi har fået.", "praise"),
    ("Flere kunder har rost dig for din tålmodighed.", "praise"),
    ("Har du lyst til at søge stillingen som teamkoordinator?", ""),
    ("Vi holder måske sommerfesten i kantinen, hvis det regner.", ""),
]


@pytest.mark.parametrize("text, kind", PLAIN, ids=[t[:30] for t, _ in PLAIN])
def test_plain_texts_are_not_false_alarms_and_say_they_are_plain(text, kind):
    found = analyze(text)
    well_formed(text, found)
    assert not [f for f in found if f.category != "plain"], [(f.category, f.signals, f.quote) for f in found]
    if kind:
        assert kind in {f.kind for f in found}


def test_a_single_word_like_fremover_is_not_a_signal():
    assert not indirect("Fremover bestiller vi kontorartikler hos en ny leverandør.")
    assert not indirect("Fra nu af ligger nøglerne i receptionen.")
    assert indirect("Fremover vil jeg gerne have, at du siger til, før du bytter en vagt.")


def test_the_meaning_says_it_plainly_and_never_quotes_the_hedge_back():
    text = "Måske kunne du overveje at dele dine kodegennemgange lidt tidligere."
    (f,) = indirect(text)
    assert f.meaning.startswith("Din leder forventer, at du deler dine kodegennemgange tidligere")
    assert f.cue and f.cue.casefold() not in f.meaning.casefold()
    assert "måske" not in f.meaning.casefold() and "lidt" not in f.meaning.casefold()
    assert "jeg deler mine kodegennemgange tidligere" in f.question  # the employee's own voice


def test_an_indirect_no_names_what_was_asked_for_and_how_to_get_an_owner_and_a_date():
    text = "Det lyder som et rigtig spændende kursus. Budgettet er lidt stramt i år, så det må vi se på."
    (f,) = indirect(text)
    assert f.category == "indirect_no" and f.quote == "Budgettet er lidt stramt i år, så det må vi se på"
    assert f.meaning.startswith("Din leder siger reelt nej til kurset")
    assert "ejer" in f.follow_up and "dato" in f.follow_up
    assert f.confidence == "high"


def test_distance_names_who_it_is_put_on_and_keeps_the_criticism():
    (f,) = indirect("Nogle af forældrene oplever, at de ikke hører nok fra dig om deres børns trivsel.")
    assert f.category == "distance"
    assert "forældrene ikke hører nok fra dig" in f.meaning


def test_praise_but_and_the_understatement_after_it_are_two_findings():
    text = "Kunderne er glade for dig, men din mødeledelse er ikke altid tydelig."
    found = indirect(text)
    assert [f.category for f in found] == ["softened_criticism", "understatement"]
    assert found[0].quote == "Kunderne er glade for dig"
    assert "din mødeledelse ikke altid er tydelig" in found[0].meaning  # "at"-clause word order


def test_the_sandwich_flags_the_middle_and_leaves_the_praise():
    text = ("Du er en kæmpe hjælp for de nye elever. Der har dog været et par gange, hvor kassen ikke stemte. "
            "Men ellers er jeg rigtig glad for dig.")
    found = analyze(text)
    well_formed(text, found)
    (f,) = [f for f in found if f.category != "plain"]
    assert f.quote.startswith("Der har dog været et par gange") and f.category == "softened_criticism"
    assert "Du er en kæmpe hjælp" not in f.quote


def test_two_signals_in_one_sentence_make_it_surer():
    one = indirect("Måske kunne du overveje at tale med kunden først.")[0]
    two = indirect("Det er ikke for at kritisere, men måske kunne du overveje at tale med kunden først.")[0]
    assert ["low", "medium", "high"].index(two.confidence) >= ["low", "medium", "high"].index(one.confidence)
    assert len(two.signals) >= 2


def test_a_guarded_sentence_no_signal_knows_still_gets_a_cautious_finding():
    (f,) = indirect("Dine tilbud til grossisterne kunne måske godt trænge til en gennemgang.")
    assert f.confidence in ("low", "medium") and f.confidence_why


def test_a_date_turns_a_vague_promise_into_a_plain_agreement():
    assert indirect("Det med din nye skærm finder vi ud af.")
    assert not indirect("Det med din nye skærm finder vi ud af på mandag.")
    assert not indirect("Det kigger vi på. Jeg giver dig svar på fredag.")


def test_a_clear_no_is_not_an_indirect_no():
    assert not indirect("Svaret er nej til kurset i år, budgettet er brugt. Søg igen i januar.")


def test_quotes_are_exact_even_with_odd_spacing_and_hard_wrapped_lines():
    text = "Hej Peter\n\nDet er ikke for at kritisere,  men dine rapporter\nkommer tit for sent.\n\nVh Anne"
    found = indirect(text)
    assert found and all(text[f.start:f.end] == f.quote for f in found)
    assert "kommer tit for sent" in found[0].quote  # one sentence across the hard line break


def test_empty_input_gives_nothing():
    assert analyze("") == [] and analyze("   \n") == []


# -- the overall reading ------------------------------------------------------------------------------------------------
def test_nothing_found_says_what_was_checked_and_never_reassures():
    text = "Mødet er flyttet til tirsdag kl. 10."
    summary = summarize(analyze(text), text)
    assert "kigget efter" in summary and "Tonefald" in summary and summary.rstrip().endswith("«")
    for false_certainty in ("kan læses, som den står", "ingen skjult", "intet skjult"):
        assert false_certainty not in summary.casefold()


def test_plain_praise_is_said_to_be_plain_but_with_a_caveat():
    text = "Du har været fantastisk til at tage imod de nye kolleger."
    summary = summarize(analyze(text), text)
    assert "ligeud" in summary and "direkte ros" in summary and "kan stadig bære en mening" in summary


def test_a_reading_with_findings_names_the_kinds_the_main_message_and_owner_and_date():
    text = "Konferencen er spændende, men det skal lige op i ledergruppen. Jeg vender tilbage på et tidspunkt."
    found = analyze(text)
    summary = summarize(found, text)
    assert "indirekte nej" in summary and "vagt løfte" in summary
    assert "ejer og en dato" in summary
    assert summary == summarize(analyze(text), text)  # deterministic


# -- the small grammar of restatements -----------------------------------------------------------------------------------
@pytest.mark.parametrize("rest, infinitive, expected", [
    (" at dele dine planer lidt tidligere.", True, "du deler dine planer tidligere"),
    (", hvis du svarede kunderne samme dag.", False, "du svarer kunderne samme dag"),
    (", hvis rapporten blev sendt lidt før.", False, "rapporten bliver sendt før"),
    (" husk at låse døren, når du går.", False, "du husker at låse døren, når du går"),
    (", men dine tilbud kommer ofte sent.", False, "dine tilbud ofte kommer sent"),
    (", at de ikke hører nok fra dig.", False, "de ikke hører nok fra dig"),
    (" om du har styr på det.", False, ""),  # "om" is a doubt, not a statement
    (" sygefraværet igen.", False, ""),       # no verb: not a clause
])
def test_rest_of_a_sentence_becomes_a_plain_at_clause(rest, infinitive, expected):
    assert as_clause(rest, LEX, rest, infinitive=infinitive) == expected


def test_the_employees_voice_swaps_persons():
    assert swap_person("du deler dine planer med mig") == "jeg deler mine planer med dig"


def test_sentences_keep_abbreviations_ordinals_and_offsets():
    text = "Overvej evt. at flytte mødet kl. 10. Vi ses den 13. december! Tak."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Overvej evt. at flytte mødet kl. 10.", "Vi ses den 13. december!", "Tak."]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert len(split_sentences("Hej Mette\nTak for din mail.")) == 2


def test_every_finding_explains_why_it_is_sure_in_danish():
    for text, _ in CATEGORY_CASES:
        for f in indirect(text):
            assert re.search(r"[æøå]|\b(er|det|og|at)\b", f.confidence_why)


def test_a_request_elsewhere_in_the_text_does_not_hide_hedged_criticism_of_your_work():
    """A mail that mentions a course later still criticises the prioritising earlier (found trying the CLI)."""
    from coach.rules import softeners

    text = ("Hej Mette\nTak for et godt år. Jeg tænker, at vi måske skal se lidt på, hvordan du prioriterer dine "
            "opgaver i travle perioder. Ellers går det fint, og kurset kan vi tage op igen til foråret.")
    found = softeners.analyze(text)
    hedged = [f for f in found if "prioriterer" in f.quote]
    assert hedged and hedged[0].category == "softened_criticism"
    assert "at vi skal se på, hvordan du prioriterer" in hedged[0].meaning  # the subject the hedge split off


@pytest.mark.parametrize("text, category", [
    ("Hvem var det lige, der lod døren stå åben i nat? 🤔", "rhetorical_question"),
    ("Hvornår var det nu, vi aftalte at rydde op efter os? 🙂", "rhetorical_question"),
    ("Det med de nye handsker skal vi nok få kigget på, når vi får tid en dag.", "vague_promise"),
])
def test_a_smiley_after_the_question_mark_and_a_vague_some_day(text, category):
    assert category in {f.category for f in analyze(text)}


def test_in_a_few_days_is_a_date_but_one_day_is_not():
    from coach.rules.decode_lexicon import lexicon

    deadline = lexicon().cue("deadline")
    assert deadline.search("Vi ses om tre dage.") and deadline.search("Det er klar om en uge.")
    assert not deadline.search("Det kommer vi til at tale om en dag.")


def test_a_request_wrapped_in_three_softeners_is_softened_criticism_and_a_polite_request_is_not():
    from coach.rules.softeners import analyze
    hits = [f for f in analyze("Du er så god til kunderne. Måske kunne du bare prøve at få lidt mere styr på "
                               "kassebilagene, hvis du lige har tid?") if f.category != "plain"]
    assert [f.category for f in hits] == ["softened_criticism"] and "kassebilagene" in hits[0].quote
    assert not [f for f in analyze("Kunne du sende mig rapporten, hvis du har tid?") if f.category != "plain"]
