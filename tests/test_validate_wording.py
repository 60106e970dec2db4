"""The validator refuses stutter and content dressed up as a missing part (seen on the tuned model's held-out
training examples: «3 måneder i træk i træk», «Opgave: [mangler: 6 uger]»)."""

from coach.capabilities import star, validate
from coach.rules.notes import draft_star

NOTES = ("lyttertal faldt 3 mdr i træk. redaktøren bad mig se på det. jeg flyttede udgivelsen til tirsdag kl 6 "
         "og lavede en kortere intro. +22 % lyttere på 8 uger")


def test_a_phrase_said_twice_in_a_row_is_refused_unless_the_user_wrote_it():
    assert validate.stutter("Lyttertallet faldt 3 måneder i træk i træk.", NOTES)
    assert validate.stutter("Jeg lavede en en kortere intro.", NOTES)
    assert not validate.stutter("Lyttertallet faldt 3 måneder i træk.", NOTES)
    assert not validate.stutter("Det var meget meget godt.", "det var meget meget godt")
    assert not validate.stutter("Det, det handler om, er tid.", "")  # a comma apart, both right
    assert validate.real_words("Jeg flyttede udgivelsen til tirsdag tirsdag.", allowed=NOTES)


def _answer(**fields):
    facts = draft_star(NOTES)
    out = star.CAPABILITY.draft(NOTES, facts).model_copy(update=fields)
    return star.CAPABILITY.validate(out, facts, NOTES)


def test_a_missing_part_must_name_only_the_part():
    base = dict(situation="Lyttertallet faldt 3 måneder i træk.", action=(
        "Jeg flyttede udgivelsen til tirsdag kl. 6 og lavede en kortere intro."), result="+22 % lyttere på 8 uger.")
    bad = _answer(task="[mangler: 6 uger]", **base)
    assert any("andet end feltets navn" in p for p in bad)
    good = _answer(task="[mangler: opgave]", **base)
    assert not any("andet end feltets navn" in p for p in good)


def test_a_manager_line_that_goes_round_in_circles_is_refused():
    from coach.capabilities import validate
    assert validate.repeats("Det er rigtigt: 1:1 om en måned følger vi op på vores 1:1 om en måned. Hvad mener du?")
    assert validate.repeats("Når vi starter med måneden, så tager vi kursus i kursus. Hvad vil du gerne?")
    assert not validate.repeats("Hvad vil du gerne, og hvad vil du gerne nå i år?")  # small words may come twice
    assert not validate.repeats("Du nævner kursus i kursus. Hvilket?", "Jeg vil tage et kursus i kursus-planlægning")
    assert not validate.repeats("Fra 14 til 9 dage – flot. Hvad gjorde du?")


def test_an_answer_that_turns_the_meaning_round_is_refused():
    from coach.capabilities import validate
    assert validate.reversed_meaning("Beboerne spiste for meget.", "beboerne spiste for lidt, 5 tabte sig")
    assert validate.reversed_meaning("Der kom flere klager.", "der kom færre klager efter uge 10")
    assert not validate.reversed_meaning("Der kom færre klager.", "færre klager efter uge 10")
    assert not validate.reversed_meaning("Ventetiden faldt fra 14 til 9 dage.", "ventetid 14 -> 9 dage")


def test_a_star_result_the_notes_do_not_have_must_at_least_be_an_outcome():
    from coach.capabilities import star
    notes = "som klasselærer fik jeg ansvaret for fraværet. holdt samtaler med alle 9 elever og deres forældre"
    facts = star.CAPABILITY.analyze(notes)
    draft = star.CAPABILITY.draft(notes, facts)
    assert draft.result.startswith("[mangler")
    bad = draft.model_copy(update={"result": "Fraværet fraværte."})
    assert "Resultatet står ikke i noterne." in star.CAPABILITY.validate(bad, facts, notes)
    mended = star.CAPABILITY.mended(draft.model_copy(update={"missing": ["opgave"]}), draft)
    assert "resultat" in mended.missing and "opgave" not in mended.missing  # the final fields, not the model's


def test_a_garbled_user_word_and_a_made_up_inflection_are_not_danish():
    from coach import language
    from coach.capabilities import validate
    assert validate.mangled("Jeg vil lave en ny version af min første gitard.", "Jeg vil gerne lære at spille guitar")
    assert not validate.mangled("Jeg vil bygge et dashboard i Power BI.", "blive bedre til power bi")
    assert language.non_words("Fraværet fraværte.", allowed="over 15 % fravær") == ["fraværte"]
    assert not language.non_words("Onboardingen og pakkebordene.", allowed="onboarding pakkeborde")
