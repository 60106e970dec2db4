"""Danish number finding and the 'invented number' check (coach.rules.numbers)."""

from __future__ import annotations

import pytest

from coach.rules.numbers import extract_changes, extract_numbers, invented_numbers


def _vu(text: str) -> list[tuple[float, str | None]]:
    return [(round(m.value, 6), m.unit) for m in extract_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5 %", [(12.5, "%")]),
        ("12.5%", [(12.5, "%")]),
        ("12,5 procent", [(12.5, "%")]),
        ("fejlraten var 3 pct.", [(3.0, "%")]),
        ("1.200 kunder", [(1200.0, None)]),
        ("1 200 pakker", [(1200.0, None)]),
        ("1.200,50 kr", [(1200.5, "kr")]),
        ("3 mdr", [(3.0, "måned")]),
        ("3 måneder", [(3.0, "måned")]),
        ("tre måneder", [(3.0, "måned")]),
        ("i 14 dage", [(14.0, "dag")]),
        ("fra 14 til 9 dage", [(14.0, "dag"), (9.0, "dag")]),
        ("14 → 9", [(14.0, None), (9.0, None)]),
        ("14->9", [(14.0, None), (9.0, None)]),
        ("3-4 uger", [(3.0, "uge"), (4.0, "uge")]),
        ("10-15 %", [(10.0, "%"), (15.0, "%")]),
        ("1. marts", [(1.0, "marts")]),
        ("15/3", [(15.0, "marts")]),
        ("15/3-2025", [(15.0, "marts"), (2025.0, None)]),
        ("i 2025", [(2025.0, None)]),
        ("Q3", [(3.0, "kvartal")]),
        ("3. kvartal", [(3.0, "kvartal")]),
        ("uge 12", [(12.0, "ugenr")]),
        ("uge 48-52", [(48.0, "ugenr"), (52.0, "ugenr")]),
        ("50.000 kr", [(50000.0, "kr")]),
        ("kr. 50.000", [(50000.0, "kr")]),
        ("2 mio.", [(2_000_000.0, None)]),
        ("1,2 mio. kr.", [(1_200_000.0, "kr")]),
        ("50k", [(50000.0, None)]),
        ("halvdelen af kunderne", [(0.5, None)]),
        ("en halv time", [(0.5, "time")]),
        ("femogtyve elever", [(25.0, None)]),
        ("to hundrede sager", [(200.0, None)]),
        ("elleve familier og tolv børn", [(11.0, None), (12.0, None)]),
        ("tyve minutter", [(20.0, "minut")]),
    ],
)
def test_values_and_units_are_normalised(text, expected):
    assert _vu(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jeg lavede en plan og et overblik", []),  # articles, not numbers
        ("det tog en måned", [(1.0, "måned")]),
        ("et år senere", [(1.0, "år")]),
        ("vi fik en ny kunde", []),  # adjective between article and noun: still an article
        ("en kunde klagede", [(1.0, None)]),
        ("kun én kollega", [(1.0, None)]),
    ],
)
def test_en_et_only_count_before_a_unit_like_noun(text, expected):
    assert _vu(text) == expected


@pytest.mark.parametrize(
    "text",
    ["1. Jeg lavede en plan", "2) Nyt system", "Eksempel 2: nyt system", "COVID-19 ramte", "3F og 5G", "24/7"],
)
def test_list_markers_and_identifiers_are_not_numbers(text):
    assert extract_numbers(text) == []


def test_raw_matches_the_span_and_keeps_the_unit():
    text = "Ventetiden gik fra 14 til 9 dage på 3 mdr, og 12,5 % flere svar i uge 12."
    mentions = extract_numbers(text)
    assert [m.raw for m in mentions] == ["14", "9 dage", "3 mdr", "12,5 %", "uge 12"]
    assert all(text[m.start:m.end] == m.raw for m in mentions)


def test_english_to_is_not_two():
    assert _vu("Reply time went from 14 to 6 minutes") == [(14.0, "minut"), (6.0, "minut")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fra 14 til 9 dage", [(14.0, 9.0, "change")]),
        ("ventetid 14 → 9", [(14.0, 9.0, "change")]),
        ("14->9 fejl", [(14.0, 9.0, "change")]),
        ("3-4 uger", [(3.0, 4.0, "range")]),
        ("3 til 4 gange om ugen", [(3.0, 4.0, "range")]),
        ("14 dage og 9 kolleger", []),
    ],
)
def test_changes_and_ranges(text, expected):
    assert [(c.before.value, c.after.value, c.kind) for c in extract_changes(text)] == expected


NOTES = "Ventetiden gik fra 14 til 9 dage på 3 mdr. Vi sparede 2 mio. kr. og fik 12,5 % flere svar i uge 12."


@pytest.mark.parametrize(
    ("output", "invented"),
    [
        ("Ventetiden faldt fra 14 til 9 dage over tre måneder.", []),
        ("Vi sparede 2.000.000 kr.", []),
        ("Svarraten steg med 12.5 procent.", []),
        ("Ventetiden faldt med 5 dage.", ["5 dage"]),  # a computed difference is invented
        ("Ventetiden faldt med 36 %.", ["36 %"]),  # a computed percentage is invented
        ("Det tog 3 uger.", ["3 uger"]),  # right number, wrong unit
        ("Vi sparede 3 mio. kr.", ["3 mio. kr."]),
        ("Det skete i uge 14.", ["uge 14"]),
        ("Vi hjalp 40 kunder.", ["40"]),
        ("Jeg lavede en ny plan for et team.", []),  # articles are not numbers
        ("Det tog en måned.", ["en måned"]),
        ("Ingen tal her.", []),
    ],
)
def test_invented_numbers(output, invented):
    assert invented_numbers(NOTES, output) == invented


def test_invented_numbers_are_reported_once_and_in_order():
    assert invented_numbers("3 kunder", "7 kunder, 8 kunder og igen 7 kunder") == ["7", "8"]


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("tre måneder", "3 mdr"),
        ("3 mdr", "tre måneder"),
        ("15/3", "15. marts"),
        ("Q3", "3. kvartal"),
        ("halvdelen", "halvdelen"),
        ("1,5 mio. kr", "1,5 mio. kr"),
        ("1 200 pakker", "1.200 pakker"),
    ],
)
def test_same_number_written_differently_is_not_invented(source, output):
    assert invented_numbers(source, output) == []


@pytest.mark.parametrize(
    ("source", "output"),
    [("15/3", "15. april"), ("halvdelen", "50 %"), ("2 kunder", "2 mio."), ("Q3", "uge 3")],
)
def test_different_meaning_is_invented(source, output):
    assert invented_numbers(source, output) == [output]
