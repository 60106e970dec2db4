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
