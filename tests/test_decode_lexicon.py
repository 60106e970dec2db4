"""The decoder's lexicon is data (content/decode/): every file loads and validates, every example of every signal
fires that signal (and gives a finding of its category), every counter-example does not, and a broken file is
refused with the file, the line and a Danish reason."""

from __future__ import annotations

import re

import pytest

from coach import content
from coach.content import ContentError
from coach.rules import decode_lexicon as dl
from coach.rules import softeners
from coach.rules.decode_hits import Context
from coach.rules.decode_lexicon import lexicon
from coach.rules.decode_patterns import PatternError, compile_pattern

LEX = lexicon()
EXAMPLES = [(s.id, s.category, ex) for s in LEX.signals for ex in s.entry.examples]
COUNTER = [(s.id, ex) for s in LEX.signals for ex in s.entry.counter_examples]


def _fired(text: str) -> set[str]:
    return {sid for h in softeners.signal_hits(Context(text, LEX)) for sid in h.signals}


@pytest.mark.parametrize("signal, category, example", EXAMPLES, ids=[f"{s}:{i}" for i, (s, _, _) in enumerate(EXAMPLES)])
def test_every_example_fires_its_signal_and_gives_its_category(signal, category, example):
    assert signal in _fired(example), f"{signal} fyrer ikke på sit eksempel: {example!r}"
    found = softeners.analyze(example)
    assert any(f.category == category or category in f.related for f in found), \
        (example, [(f.category, f.quote) for f in found])


@pytest.mark.parametrize("signal, example", COUNTER, ids=[f"{s}:{i}" for i, (s, _) in enumerate(COUNTER)])
def test_no_counter_example_fires_its_signal(signal, example):
    assert signal not in _fired(example), f"{signal} fyrer på sit modeksempel: {example!r}"


def test_the_lexicon_is_broad_and_every_category_has_signals_and_counter_examples():
    per_category = {c: [s for s in LEX.signals if s.category == c] for c in dl.CATEGORIES}
    assert all(len(v) >= 8 for v in per_category.values()), {c: len(v) for c, v in per_category.items()}
    assert len(COUNTER) >= 60
    assert len({s.id for s in LEX.signals}) == len(LEX.signals)


def test_every_content_file_is_registered_and_loads():
    loaded = content.check_all()
    for rel in (dl.CATEGORIES_FILE, dl.CUES_FILE, dl.GRAMMAR_FILE, *dl.SIGNAL_FILES):
        assert rel in loaded


def test_categories_have_danish_titles_and_templates_that_end_as_sentences():
    for cid in dl.ALL_CATEGORIES:
        cat = LEX.categories[cid]
        assert cat.title and cat.title == cat.title.lower()
        assert all(t.rstrip().endswith(".") for t in cat.meaning)
        assert all(q.rstrip().endswith("?") for q in cat.question)
        assert not any("{vending}" in t for t in cat.meaning)  # the hedge is never quoted back as the meaning
    assert LEX.categories["indirect_no"].follow_up and LEX.categories["vague_promise"].follow_up
    assert not LEX.categories["understatement"].follow_up


# -- the pattern language ------------------------------------------------------------------------------------------
def _c(pattern: str) -> re.Pattern[str]:
    return compile_pattern(pattern, lambda name: {"people": "(?:nogle|flere)"}[name])


@pytest.mark.parametrize("pattern, text, expected", [
    ("måske? kunne du måske? overveje", "Kunne du måske overveje at …", "Kunne du måske overveje"),
    ("måske? kunne du måske? overveje", "Måske kunne du overveje det", "Måske kunne du overveje"),
    ("overvej*", "en overvejelse", "overvejelse"),
    ("*kursus", "et sommelierkursus", "sommelierkursus"),
    ("(en god idé|en fordel)", "det er en fordel", "en fordel"),
    ("det ... svært", "det ka' godt være lidt svært", "det ka' godt være lidt svært"),
    ("{people} (af|i)? <ord> oplever", "Nogle af forældrene oplever", "Nogle af forældrene oplever"),
    ("<tal> timer", "gerne 32 timer", "32 timer"),
    ("tro,? at", "tro, at", "tro, at"),
    ("kl <tal>", "kl. 10", "kl. 10"),
])
def test_patterns_match_words_in_order_with_optional_words_choices_and_gaps(pattern, text, expected):
    m = _c(pattern).search(text)
    assert m and m.group() == expected


@pytest.mark.parametrize("pattern, text", [
    ("ok", "okay"),                 # whole words only
    ("fint nok", "fint, og nok"),   # the words in order, nothing in between unless "..."
    ("det ... svært", "det var en meget lang og svær dag, ikke svært"),  # at most four words between
])
def test_patterns_do_not_match_parts_of_words_or_far_apart_words(pattern, text):
    m = _c(pattern).search(text)
    assert m is None or m.group() != text


@pytest.mark.parametrize("bad, reason", [
    ("(a|", "tomt"), ("a)", "uden '('"), ("?", "'?'"), ("a*b", "'*'"), ("(a?|b)", "mindst ét ord"),
    ("{ukendt}", "findes ikke"),
])
def test_broken_patterns_are_refused_in_danish(bad, reason):
    def cue(name):
        raise PatternError(f"ordlisten {{{name}}} findes ikke i cues.yaml")
    with pytest.raises(PatternError, match=re.escape(reason)):
        compile_pattern(bad, cue)


# -- broken files name the file and the line ----------------------------------------------------------------------------
SIGNAL = """category: irony
signals:
  - id: irony.test
    patterns: ["flot timing"]
    examples: ["Flot timing."]
"""


def _copy_content(tmp_path, monkeypatch):
    import shutil

    from coach import paths

    root = tmp_path / "content"
    shutil.copytree(paths.content_dir(), root)
    monkeypatch.setenv("COACH_CONTENT_DIR", str(root))
    return root


def test_unknown_key_in_a_signal_names_file_and_line(tmp_path):
    bad = tmp_path / "irony.yaml"
    bad.write_text(SIGNAL.replace('    examples: ["Flot timing."]', '    examples: ["Flot timing."]\n    categroy: irony'),
                   encoding="utf-8")
    with pytest.raises(ContentError) as err:
        content.parse(bad, dl.SignalFile)
    assert "irony.yaml, linje 6: 'categroy' er ikke en kendt nøgle" in str(err.value)


def test_a_signal_without_examples_is_refused(tmp_path):
    bad = tmp_path / "irony.yaml"
    bad.write_text(SIGNAL.replace('    examples: ["Flot timing."]\n', ""), encoding="utf-8")
    with pytest.raises(ContentError, match="'examples' mangler"):
        content.parse(bad, dl.SignalFile)


@pytest.mark.parametrize("old, new, reason", [
    ("fin fin) timing", "fin fin timing", "mønster i signalet 'irony.nice-timing'"),
    ("blocked_by: [praise_report]", "blocked_by: [prasie_report]", "kender ikke 'prasie_report'"),
    ("blocked_by: [praise_report]", "blocked_by: [tekst:wish]", "kender ikke 'tekst:wish'"),
])
def test_a_broken_signal_is_refused_with_its_file_line_and_name(tmp_path, monkeypatch, old, new, reason):
    root = _copy_content(tmp_path, monkeypatch)
    path = root / "decode/signals/irony.yaml"
    text = path.read_text(encoding="utf-8")
    block = text.index("id: irony.nice-timing")
    path.write_text(text[:block] + text[block:].replace(old, new, 1), encoding="utf-8")
    dl._cached.cache_clear()
    try:
        with pytest.raises(ContentError) as err:
            dl.lexicon()
        assert "irony.yaml, linje" in str(err.value) and reason in str(err.value)
    finally:
        dl._cached.cache_clear()


def test_a_template_with_an_unknown_field_is_refused(tmp_path, monkeypatch):
    root = _copy_content(tmp_path, monkeypatch)
    path = root / "decode/categories.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("nej til {ønske}", "nej til {onske}", 1), encoding="utf-8")
    dl._cached.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"\{onske\}, som ikke findes"):
            dl.lexicon()
    finally:
        dl._cached.cache_clear()
