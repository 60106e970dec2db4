"""The debrief as the user reads it: a criterion the conversation never reached says so instead of scoring 0."""

from ui import rehearsals


def test_a_criterion_that_was_not_relevant_shows_no_score():
    result = {"summary": "Godt forberedt.", "criteria": [
        {"id": "results", "score": 2, "verdict": "good", "evidence": ["Jeg leverede 11 af 12 opgaver."],
         "advice": "Godt med tal."},
        {"id": "disagreement", "score": 0, "verdict": "none", "evidence": [], "advice": ""},
    ]}
    text = rehearsals.debrief_markdown(result, {"results": "Resultater", "disagreement": "Uenighed"})
    assert "### Resultater · ●●○ (2 af 3)" in text
    assert "### Uenighed · ikke relevant i denne samtale" in text
    assert "0 af 3" not in text
