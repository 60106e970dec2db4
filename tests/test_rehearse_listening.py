"""The manager answers what was said: the rules' reply picks up the numbers, the request, the disagreement and the
question of the employee's last turn, in the persona's voice, and never praises overtime, a conflict or a missed
deadline. The turns are written for this test."""

import pytest

from coach.capabilities import rehearse
from coach.rules import agenda, manager_check, manager_reply

STYLES = agenda.STYLES


def _reply(style, text, phase="year", phase_turn=1, turn=3):
    return manager_reply.reply(style, phase, turn, text, phase_turn=phase_turn,
                               history=[{"role": "employee", "text": text, "phase": phase}])


@pytest.mark.parametrize("style", STYLES)
def test_numbers_are_picked_up(style):
    r = _reply(style, "I år fik jeg reklamationerne ned fra 40 til 15 om måneden med en ny tjekliste.")
    assert "40 til 15" in r.text and r.signal == "number"


@pytest.mark.parametrize("style", STYLES)
def test_overtime_is_taken_seriously_and_never_praised(style):
    r = _reply(style, "Jeg har haft 45 timers overarbejde siden jul, fordi vi mangler en kollega.", "wellbeing", 0)
    assert "45 timers overarbejde" in r.text
    assert not manager_check._PRAISE.search(r.text)
    assert not manager_check.problems(r.text, "Jeg har haft 45 timers overarbejde siden jul.", [])


@pytest.mark.parametrize("style", STYLES)
def test_a_conflict_gets_no_side_taken_and_no_praise(style):
    r = _reply(style, "Samarbejdet med Mette er svært. Hun svarer ikke på mine mails, og så går det ud over mig.")
    assert "Mette" in r.text and "begge sider" in r.text
    assert not manager_check._PRAISE.search(r.text)


@pytest.mark.parametrize("style", STYLES)
def test_a_missed_deadline_is_not_praised(style):
    r = _reply(style, "Jeg må indrømme, at rapporten til direktionen kom to uger for sent.")
    assert not manager_check._PRAISE.search(r.text)


@pytest.mark.parametrize("style", STYLES)
def test_a_follow_up_question_gets_a_yes_with_the_date(style):
    r = _reply(style, "Kan vi følge op på det i september?", "summary", 0)
    assert r.answer == "yes" and "september" in r.text and r.text.lower().startswith(("ja", "øh, ja"))


@pytest.mark.parametrize("style", STYLES)
def test_a_request_for_an_answer_by_a_date_gets_one(style):
    r = _reply(style, "Kan du give mig et svar på kurset inden 1. maj?", "development", 1)
    assert r.answer == "yes" and "inden 1. maj" in r.text


@pytest.mark.parametrize("style", STYLES)
def test_a_promotion_is_never_promised(style):
    r = _reply(style, "Kan jeg få en forfremmelse til teamleder i år?", "development", 1)
    assert r.answer == "not_now" and "ikke love" in r.text and not manager_check.grants(r.text)


@pytest.mark.parametrize("style", STYLES)
def test_a_clarifying_question_gets_an_answer(style):
    r = _reply(style, "Kan du give mig et konkret eksempel på, hvad du mener?")
    assert r.answer == "answer" and not manager_check.problems(r.text, "Kan du give mig et konkret eksempel?", [])


@pytest.mark.parametrize("style", STYLES)
def test_a_proposal_and_a_wish_are_said_back_in_the_employees_words(style):
    p = _reply(style, "Mit forslag er, at vi holder et kort statusmøde hver mandag.", "wellbeing", 1)
    assert "statusmøde hver mandag" in p.text
    w = _reply(style, "Jeg vil gerne tage en uddannelse i ledelse, fordi jeg gerne vil være teamleder.",
               "development", 1)
    assert "uddannelse i ledelse" in w.text


def test_the_manager_never_claims_the_employee_said_something_they_did_not():
    line = "Du nævner tit, at du har for meget at lave. Hvordan ser du det?"
    assert "tillægger" in " ".join(manager_check.problems(line, "Jeg har det fint i teamet.", []))
    assert not [p for p in manager_check.problems("Du siger, at du har det fint i teamet. Hvad betyder det?",
                                                  "Jeg har det fint i teamet.", []) if "tillægger" in p]


SCRIPTS = {
    "travl": [
        "Hej. Jeg har tre punkter: mit resultat, et problem med vagterne og et kursus.",
        "Jeg fik svartiden på mails ned fra tre dage til én dag med en fælles indbakke.",
        "Problemet er, at vi kun er to på aftenvagten, og det er for lidt, når der er travlt.",
        "Mit forslag er, at vi bliver tre på aftenvagten om torsdagen.",
        "Jeg vil gerne på et kursus i konflikthåndtering, fordi vi får flere vrede kunder.",
        "Det vil jeg helst ikke tage på mail. Kan du give mig et svar på kurset inden fredag?",
        "Du er god til at lytte, men jeg savner, at du er mere synlig på gulvet.",
        "Så sender jeg dig kursusbeskrivelsen i morgen, og vi følger op om en måned. Er vi enige?",
    ],
    "uenig": [
        "Jeg ved godt, at vi ser mit år forskelligt, så jeg vil gerne starte med dine bemærkninger.",
        "Jeg har afsluttet 120 sager i år mod 95 sidste år, og ingen er blevet klaget over.",
        "Jeg kan godt forstå, at du synes, teamet har bidraget. Min del var, at jeg lavede fordelingen af sagerne.",
        "Det passer ikke, at jeg er langsom. Kan du nævne en konkret sag, hvor jeg var forsinket?",
        "Jeg vil gerne have ansvar for oplæringen af nye kolleger, fordi jeg allerede hjælper dem i dag.",
        "Som mål foreslår jeg, at alle nye kolleger har en fast makker de første tre måneder.",
        "Jeg sætter pris på, at du er ærlig, men jeg vil gerne høre kritikken tidligere.",
        "Vi er ikke enige om alt. Jeg skriver referatet inden onsdag, og vi ser på det igen i august.",
    ],
}


@pytest.mark.parametrize("persona", sorted(SCRIPTS))
def test_most_replies_pick_up_the_previous_turn(persona):
    session = rehearse.run_script(rehearse.Setup(persona=persona), SCRIPTS[persona], None)
    pairs = [(session.turns[i - 1].text, t.text) for i, t in enumerate(session.turns)
             if t.role == "manager" and i and session.turns[i - 1].role == "employee"]
    follows = [manager_check.refers_to(reply, said) for said, reply in pairs if manager_check.has_content(said)]
    assert sum(follows) / len(follows) >= 0.7, pairs
    assert all(not manager_check.grants(reply) for _, reply in pairs)


@pytest.mark.parametrize("style", STYLES)
def test_the_figures_of_an_english_turn_are_picked_up_in_danish(style):
    text = "This year we reduced the open orders from 120 to 45, and returns fell by 12 %."
    history = [{"role": "employee", "text": "Hi, is English okay?", "phase": "year"},
               {"role": "manager", "text": "Jeg svarer på dansk, så godt jeg kan.", "phase": "year"},
               {"role": "employee", "text": text, "phase": "year"}]
    r = manager_reply.reply(style, "year", 3, text, phase_turn=1, history=history)
    assert "120, 45 og 12 %" in r.text and manager_check.refers_to(r.text, text)
    assert "reduced" not in r.text and not manager_check.problems(r.text, text, [])
    plain = _reply(style, "Hi, sorry, I will write in English, my Danish is still basic.")
    assert "tallet" not in plain.text and "tallene" not in plain.text  # no figures, nothing to say back
