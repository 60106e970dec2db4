"""Find and normalise numbers in Danish (and a little English) text.

Approach
--------
The validator asks one question: does a number in the model's output also appear in the
user's notes?  To survive rephrasing, every mention is normalised to a float ``value`` plus a
coarse ``unit``:

* Digits follow Danish conventions: ``,`` is the decimal mark; ``.`` or a space followed by
  exactly three digits is a thousands separator (``1.200`` = ``1 200`` = 1200, while
  ``12.5%`` = 12.5 because only one digit follows the dot).
* A unit after the number (``%``/``procent``, ``kr``, ``mdr``/``måneder``, ``dage``, ``uger`` …)
  is mapped to one canonical unit; ``mio.``/``mia.``/``t.kr``/``50k`` multiply the value and
  ``number`` keeps the figure as written (2 for "2 mio.").
* Dates keep the day as value and the month as unit, so ``1. marts`` and ``1/3`` are the same;
  ``Q3`` and ``3. kvartal`` → 3 "kvartal"; ``uge 12`` → 12 "ugenr"; ``2025`` → kind "year".
* Danish number words (``tre``, ``femogtyve``, ``to hundrede``, ``halvdelen`` …) get the same value
  as digits, so "tre måneder" and "3 mdr" are the same mention. "en"/"et" are articles far more
  often than numbers, so they only count as 1 when the next word is a unit-like noun from
  ``_EN_ET_NOUNS`` (``en måned``, ``et år``, ``en kunde``); "én"/"ét" always count.
* ``fra 14 til 9``, ``14 → 9`` and ``14->9`` form a *change*, ``3-4`` and ``3 til 4`` a *range*
  (two mentions each); a unit written once is shared by both ends ("fra 14 til 9 dage").
* Numbered-list markers at the start of a line ("1. ", "2) ", "Eksempel 2:") are not numbers.

:func:`invented_numbers` flags every output mention whose value (with a compatible unit) is not
in the source. Units must agree only when both sides have one (time units, %, kr, dates); a
bare figure matches the same figure with any unit, and "1,5" in the output matches "1,5 mio." in
the notes (but not the other way round). Computed values (a difference 14→9 = 5, a percentage)
are flagged on purpose: the model must never compute.

Known weaknesses: "1,200" reads as 1.2 (Danish decimal comma); two separate numbers written
"3 100" read as 3100; clock times "14.30" read as 14.3; signs are ignored ("-5 %" = 5 %);
"24/7" is skipped but other fractions like "1/3" read as dates; the words "to" and "fire" are
not numbers in text that looks English.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel

__all__ = ["NumberMention", "Change", "extract_numbers", "extract_changes", "invented_numbers"]


class NumberMention(BaseModel):
    raw: str  # the text as written, unit included ("3 mdr", "12,5 %", "1. marts")
    value: float  # normalised value, multiplier applied (2 mio. → 2000000)
    unit: str | None = None  # canonical unit: "%", "kr", "måned", "dag", "marts", "ugenr" …
    start: int
    end: int
    kind: str = "number"  # number|percent|money|duration|count|date|year|quarter|week
    number: float | None = None  # the figure as written, before a multiplier


class Change(BaseModel):
    before: NumberMention
    after: NumberMention
    kind: Literal["change", "range"]
    raw: str
    start: int
    end: int


_I = re.IGNORECASE
_WB = r"(?![\wæøåÆØÅ])"  # word end that knows Danish letters

_MONTHS = {
    "januar": "januar", "jan": "januar", "februar": "februar", "feb": "februar",
    "marts": "marts", "mar": "marts", "april": "april", "apr": "april", "maj": "maj",
    "juni": "juni", "jun": "juni", "juli": "juli", "jul": "juli", "august": "august",
    "aug": "august", "september": "september", "sept": "september", "sep": "september",
    "oktober": "oktober", "okt": "oktober", "november": "november", "nov": "november",
    "december": "december", "dec": "december",
}
_MONTH_BY_NUMBER = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                    "september", "oktober", "november", "december"]
_MONTH_RE = (rf"(?:{'|'.join(m for m in _MONTHS if _MONTHS[m] == m)})(?![\wæøåÆØÅ])"  # full names: no dot
             rf"|(?:{'|'.join(sorted((m for m in _MONTHS if _MONTHS[m] != m), key=len, reverse=True))})\.?(?![\wæøåÆØÅ])")

# (pattern, canonical unit, multiplier, kind) – longest/most specific first.
_UNITS: list[tuple[str, str | None, float, str]] = [
    (r"procent[- ]?point|pct\.?[- ]?point|%[- ]?point", "procentpoint", 1, "percent"),
    (r"%|procent|pct\.?|percent", "%", 1, "percent"),
    (r"mio\.?\s?kr\.?|millioner kroner|millioner kr\.?|million kroner", "kr", 1e6, "money"),
    (r"mia\.?\s?kr\.?|milliarder kroner|milliard kroner", "kr", 1e9, "money"),
    (r"t\.\s?kr\.?|tkr\.?|tusind(?:e)? kroner|tusind(?:e)? kr\.?", "kr", 1e3, "money"),
    (r"mio\.?|millioner|million", None, 1e6, "number"),
    (r"mia\.?|milliarder|milliard", None, 1e9, "number"),
    (r"tusinde|tusind", None, 1e3, "number"),
    (r"kroner|krone|kr\.?|dkk|,-", "kr", 1, "money"),
    (r"€|euro|eur", "EUR", 1, "money"),
    (r"sekunder|sekund|sek\.?|seconds?", "sekund", 1, "duration"),
    (r"minutter|minut|min\.?|minutes?", "minut", 1, "duration"),
    (r"timers|timer|time|tim\.|hours?", "time", 1, "duration"),
    (r"døgn|dages|dage|dag|dg\.|days?", "dag", 1, "duration"),
    (r"ugers|uger|uge|weeks?", "uge", 1, "duration"),
    (r"måneders|måneder|måned|mdr\.?|mnd\.?|md\.?|months?", "måned", 1, "duration"),
    (r"kvartaler|kvartal", "kvartal", 1, "duration"),
    (r"års|år|years?", "år", 1, "duration"),
    (r"stk\.?|styk", "stk", 1, "count"),
]
_UNIT_RES = [(re.compile(rf"\s?(?:{p})(?![\wæøåÆØÅ])", _I), u, m, k) for p, u, m, k in _UNITS]
_ATTACHED_K = re.compile(r"k(?![\wæøåÆØÅ])", _I)  # "50k"

# "en"/"et" count as 1 only before one of these (inflected forms allowed).
_EN_ET_NOUNS = re.compile(
    r"\s+(?:halv[t]?\s+)?(?:måned|uge|år|time|dag|døgn|minut|sekund|kvartal|kunde|borger|"
    r"patient|beboer|elev|kollega|kolleg|medarbejder|ansat|person|million|krone)", _I)

_ONES = {"en": 1, "én": 1, "et": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
         "seks": 6, "syv": 7, "otte": 8, "ni": 9}
_TEENS = {"ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
          "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19}
_TENS = {"tyve": 20, "tredive": 30, "tredve": 30, "fyrre": 40, "halvtreds": 50, "tres": 60,
         "halvfjerds": 70, "firs": 80, "halvfems": 90}
_FRACTIONS = {"halvdelen": 0.5, "halvdel": 0.5, "halvanden": 1.5, "halvandet": 1.5,
              "en halv": 0.5, "et halvt": 0.5, "en tredjedel": 1 / 3, "to tredjedele": 2 / 3,
              "en fjerdedel": 0.25, "en kvart": 0.25, "tre fjerdedele": 0.75}


def _alt(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_BASE = (rf"(?:(?:{_alt(k for k in _ONES if k not in ('én', 'ét'))})og(?:{_alt(_TENS)})"
         rf"|{_alt(_TENS)}|{_alt(_TEENS)}|{_alt(_ONES)})")
_FRACTION_RE = _alt(k.replace(" ", r"\s+") for k in _FRACTIONS)
_WORD_RE = re.compile(
    rf"(?<![\wæøåÆØÅ])(?:{_FRACTION_RE}"
    rf"|(?:{_BASE}\s+)?(?:hundrede|tusinde|tusind)(?:\s+og\s+{_BASE})?|{_BASE}){_WB}", _I)

_NUM_RE = re.compile(
    r"(?<![\w.,/])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)"
    r"|\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?(?![\d.]?\d)"
    r"|\d+(?:[.,]\d+)?)")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*•]\s*)?\d{1,2}[.)](?=[ \t]+\S)"
                          r"|^[ \t]*(?:eksempel|case|historie|oplevelse|example|story)\s*\d{1,2}(?=\s*[:.)–-])", re.M | _I)
_DATE_NAME = re.compile(
    rf"(?<![\w.,])(?P<d>[0-3]?\d)\.\s?(?P<m>{_MONTH_RE})(?:\s(?P<y>(?:19|20)\d\d)(?!\d))?", _I)
_DATE_SLASH = re.compile(r"(?<![\w./])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:[-/.](?P<y>(?:19|20)?\d\d))?(?![\d/])")
_DATE_DOTS = re.compile(r"(?<![\w.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)")
_QUARTER = re.compile(r"(?<![\w])(?:[Qq](?P<q>[1-4])|(?P<q2>[1-4])\.\s?kvartal)(?![\wæøå])")
_WEEK = re.compile(r"(?<![\w])uge\s?(?P<a>\d{1,2})(?:\s?[-–]\s?(?P<b>\d{1,2}))?(?![\d,.]\d)", _I)
_SKIP = re.compile(r"24/7|\d+:\d+")
_PREFIX_MONEY = re.compile(r"(?:kr\.?|dkk|€)\s?$", _I)
_ENGLISH = re.compile(r"\b(?:the|and|with|we|was|were|our|from|my|of|customers|team|by|want|need|would|will|"
                      r"should|more|every|learn|get|give|improve|become|better|this|that|next|months|weeks)\b", _I)
_DANISH = re.compile(r"\b(?:og|jeg|vi|det|der|på|med|af|var|som|er|til|fra|fik|har)\b", _I)


def looks_english(text: str) -> bool:
    return len(_ENGLISH.findall(text)) > len(_DANISH.findall(text))


def _digits_value(num: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", num):
        return float(num.replace(".", "").replace(",", "."))
    return float(num.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def _word_value(phrase: str) -> float:
    p = re.sub(r"\s+", " ", phrase.lower())
    if p in _FRACTIONS:
        return _FRACTIONS[p]
    total, cur = 0.0, 0.0
    for tok in p.split():
        if tok == "og":
            continue
        if tok == "hundrede":
            cur = (cur or 1) * 100
        elif tok in ("tusind", "tusinde"):
            total, cur = total + (cur or 1) * 1000, 0.0
        elif tok in _ONES or tok in _TEENS or tok in _TENS:
            cur += _ONES.get(tok) or _TEENS.get(tok) or _TENS[tok]
        else:  # compound "femogtyve"
            ones, tens = tok.split("og", 1)
            cur += _ONES[ones] + _TENS[tens]
    return total + cur


def _unit_at(text: str, pos: int, attached_ok: bool = True):
    for rx, unit, mult, kind in _UNIT_RES:
        m = rx.match(text, pos)
        if m and (attached_ok or m.group(0)[:1].isspace()):
            return m.end(), unit, mult, kind
    if attached_ok:
        m = _ATTACHED_K.match(text, pos)
        if m:
            return m.end(), None, 1e3, "number"
    return None


def _mention(text, s, e, value, unit=None, kind="number", number=None) -> NumberMention:
    return NumberMention(raw=text[s:e], value=value, unit=unit, start=s, end=e, kind=kind,
                         number=value if number is None else number)


def extract_numbers(text: str) -> list[NumberMention]:
    """All number mentions in ``text``, in order of appearance."""
    found: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _SKIP.finditer(text):
        taken.append(m.span())
    for rx in (_DATE_NAME, _DATE_DOTS, _DATE_SLASH):
        for m in rx.finditer(text):
            if not free(*m.span()):
                continue
            d, mon = int(m["d"]), m["m"].lower().rstrip(".")
            month = _MONTHS.get(mon) or (_MONTH_BY_NUMBER[int(mon) - 1] if mon.isdigit() and 1 <= int(mon) <= 12 else None)
            if not month or not 1 <= d <= 31:
                continue
            end = m.start("y") - 1 if m["y"] else m.end()
            found.append(_mention(text, m.start(), end, d, month, "date"))
            if m["y"]:
                y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
                found.append(_mention(text, m.start("y"), m.end("y"), y, None, "year"))
            taken.append(m.span())
    for m in _QUARTER.finditer(text):
        if free(*m.span()):
            found.append(_mention(text, *m.span(), int(m["q"] or m["q2"]), "kvartal", "quarter"))
            taken.append(m.span())
    for m in _WEEK.finditer(text):
        before = text[:m.start()]
        if not free(*m.span()) or re.search(r"(?:\d|\b(?:en|et|én|to|tre|fire|fem|seks))\s*$", before, _I):
            continue
        found.append(_mention(text, m.start(), m.end("a"), int(m["a"]), "ugenr", "week"))
        if m["b"]:
            found.append(_mention(text, m.start("b"), m.end("b"), int(m["b"]), "ugenr", "week"))
        taken.append(m.span())
    for m in _LIST_MARKER.finditer(text):
        if free(*m.span()):
            taken.append(m.span())

    for m in _NUM_RE.finditer(text):
        s, e = m.span()
        if not free(s, e) or (s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha()):
            continue
        number = _digits_value(m["num"])
        unit_hit = _unit_at(text, e)
        if unit_hit is None and e < len(text) and text[e].isalpha():
            continue  # glued to a word: "3F", "5G", "H1"
        unit, mult, kind = None, 1.0, "number"
        if unit_hit:
            e, unit, mult, kind = unit_hit
        pre = _PREFIX_MONEY.search(text, 0, s)
        if pre and unit is None and free(pre.start(), s):
            s, unit, kind = pre.start(), "kr", "money"
        if unit is None and mult == 1 and re.fullmatch(r"(?:19|20)\d\d", m["num"]):
            kind = "year"
        if free(s, e):
            found.append(_mention(text, s, e, number * mult, unit, kind, number))
            taken.append((s, e))

    english = looks_english(text)
    for m in _WORD_RE.finditer(text):
        s, e = m.span()
        word = m.group(0).lower()
        if not free(s, e):
            continue
        if word in ("en", "et") and not _EN_ET_NOUNS.match(text, e):
            continue
        if word in ("to", "fire") and english:
            continue
        if word == "to" and re.search(r"\d\S*\s+$", text[:s]) and re.match(r"\s+\d", text[e:]):
            continue  # "from 14 to 9"
        number = _word_value(m.group(0))
        unit, mult, kind = None, 1.0, "number"
        unit_hit = _unit_at(text, e, attached_ok=False)
        if unit_hit:
            e, unit, mult, kind = unit_hit
        found.append(_mention(text, s, e, number * mult, unit, kind, number))
        taken.append((s, e))

    found.sort(key=lambda x: x.start)
    for a, b, _ in _pairs(text, found):
        _share_unit(a, b)
        _share_unit(b, a)
    return found


_ARROW = re.compile(r"\s*(?:→|-{1,2}>|=>|⇒|➔|➝|—>|>)\s*(?:(?:nu|now|i dag)\s+(?:(?:på|ca\.?|cirka|under|over)\s+)?)?", re.IGNORECASE)
_TIL = re.compile(r"\s*(?:(?:ned|op)\s+)?(?:til|to)\s+", _I)
_DASH = re.compile(r"\s?[-–—]\s?")
_OG = re.compile(r"\s+(?:og|and)\s+", _I)
_BETWEEN = re.compile(r"\b(?:mellem|between)\s+$", _I)
_FROM = re.compile(r"\b(?:fra|from)\s+(?:(?:ca\.?|cirka|omkring|knap|godt|over|under|about|around)\s+)?$", _I)
# "fra 20 om måneden til 7", "fra ca 30 pr mdr til 5": the unit of time between the two figures of a change
_TIL_UNIT = re.compile(r"\s*(?:(?:om|pr\.?|per|i|a|om\s+\w+)\s+[a-zæøå]+\.?|/\s?[a-zæøå]+\.?)\s+(?:(?:ned|op)\s+)?(?:til|to)\s+", _I)
_BEFORE_NUM = re.compile(r"\b(?:før|tidligere|before)\s+(?:(?:ca\.?|cirka|omkring|over|under)\s+)?$", _I)
_THEN_NOW = re.compile(r"\s*(?:[a-zæøå%]+\.?\s+){0,3}?,?\s*(?:og\s+)?(?:nu|now|i\s+dag)\s+(?:(?:ca\.?|cirka|omkring|under|over|kun|på)\s+)?", _I)
CALENDAR_KINDS = frozenset({"date", "year", "week", "quarter"})  # when something happened, not how much
TIME_KINDS = CALENDAR_KINDS | {"duration"}
_NO_SHARE = CALENDAR_KINDS


def _pairs(text: str, mentions: list[NumberMention]):
    for a, b in zip(mentions, mentions[1:]):
        between = text[a.end:b.start]
        if _ARROW.fullmatch(between):
            yield a, b, "change"
        elif _TIL.fullmatch(between):
            yield a, b, "change" if _FROM.search(text, 0, a.start) else "range"
        elif _TIL_UNIT.fullmatch(between) and _FROM.search(text, 0, a.start):
            yield a, b, "change"
        elif _THEN_NOW.fullmatch(between) and _BEFORE_NUM.search(text, 0, a.start):
            yield a, b, "change"  # "før ca 20 min nu omkring 5 min", "før 40% komplette nu 80%"
        elif _DASH.fullmatch(between) and a.kind not in _NO_SHARE:
            yield a, b, "range"
        elif _OG.fullmatch(between) and _BETWEEN.search(text, 0, a.start):
            yield a, b, "range"


def _share_unit(a: NumberMention, b: NumberMention) -> None:
    """Give ``a`` the unit (and multiplier) written after ``b`` when ``a`` has none."""
    if a.unit is not None or b.unit is None or a.kind in _NO_SHARE or b.kind in _NO_SHARE:
        return
    a.unit, a.kind = b.unit, b.kind
    if b.number and not math.isclose(b.value, b.number) and a.number is not None:
        a.value = a.number * (b.value / b.number)


def extract_changes(text: str) -> list[Change]:
    """Before→after changes ("fra 14 til 9", "14 → 9") and ranges ("3-4") in ``text``."""
    mentions = extract_numbers(text)
    return [Change(before=a, after=b, kind=k, raw=text[a.start:b.end], start=a.start, end=b.end)
            for a, b, k in _pairs(text, mentions)]


def _family(m: NumberMention) -> str | None:
    if m.kind == "date":
        return f"date:{m.unit}"
    if m.kind in ("percent", "money", "duration", "week", "quarter"):
        return m.unit
    return None


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def _same(out: NumberMention, src: NumberMention) -> bool:
    fo, fs = _family(out), _family(src)
    if fo is not None and fs is not None and fo != fs:
        return False
    if _close(out.value, src.value):
        return True
    no_multiplier = out.number is None or _close(out.value, out.number)
    return no_multiplier and src.number is not None and _close(out.value, src.number)


def invented_numbers(source: str, output: str) -> list[str]:
    """Raw mentions in ``output`` whose value (with a compatible unit) is not in ``source``."""
    src = extract_numbers(source)
    invented: list[str] = []
    for m in extract_numbers(output):
        if not any(_same(m, s) for s in src) and m.raw not in invented:
            invented.append(m.raw)
    return invented
