"""Deterministic analysis of rough MUS notes for the STAR capability (no model involved).

The rules find what a STAR statement must respect, and they write the draft that is both the ``--rules-only``
answer and the fallback when a model's answer is refused:

1. Stories (``star_stories``): numbered items, "Emne: …" bullets and paragraphs that each tell a whole story,
   and "Derudover …"/"En anden ting …", start a new story; steps of one story written as a list stay together.
2. Fragments and cues (``star_read``): lines → clauses → a first role from weighted Danish cues (change verbs,
   "skulle"/"fik ansvaret for", "jeg/vi" + action verb, problem words), labels like "Situation:" win.
3. Position (``star_roles``): problem first, then the action, then the outcome. A change written before
   anything was done is the starting point ("anmeldelserne steg fra 30 til 70 … jeg foreslog …"); un-cued
   fragments take the role of where they stand; "ved ikke om det virker endnu" is a result not known yet.
4. Draft (here): every fragment lands in a field, so nothing is dropped: every number of the notes is in the
   draft, none is added, and a before→after written in two places stays a pair ("… nede på 11 kg (før: ca.
   25 kg)"). Abbreviations are expanded, "14 → 9" becomes "fra 14 til 9", "Jeg" goes before a bare action
   verb. A part the notes lack is "[mangler: <felt>]" plus a du-question, and what they say about it stays.

``StarDraft.facts`` is the checklist the model gets with the notes: the numbers, the before→after pairs and
the parts that are missing. Known weaknesses: a clause mixing action and result gets one role; "vi" stays
"vi" (the rules cannot know who did what); a job title alone is context, not a task.
"""

from __future__ import annotations

import math
import re

from pydantic import BaseModel, Field

from coach.rules.numbers import CALENDAR_KINDS, TIME_KINDS, Change, NumberMention, extract_changes, extract_numbers
from coach.rules.star_cues import CAUSE_LEAD
from coach.rules.star_read import (
    ABBREVIATIONS,
    _CUES,
    _I,
    _LEAD,
    _MONTHS,
    Q_MEASURE,
    Q_OWN_PART,
    Q_SPLIT,
    QUESTIONS,
    ROLE_DA,
    STAR_ROLES,
    TASK_CUE,
    Fact,
    _parse,
)
from coach.rules.star_roles import _apply_position
from coach.rules.star_stories import split_experiences

__all__ = ["Fact", "NotesAnalysis", "StarDraft", "TASK_CUE", "checklist", "split_experiences", "analyze", "draft_star",
           "draft_stars"]


class NotesAnalysis(BaseModel):
    facts: list[Fact]
    numbers: list[NumberMention]
    changes: list[Change]  # before→after (kind "change") and ranges
    periods: list[str]  # "3 mdr", "Q3", "uge 12", "2025", "i marts" …
    actions: list[str]  # the action fragments as "jeg/vi" sentences
    problem: str | None = None
    suspicious: list[str] = Field(default_factory=list)
    experiences: int = 0

    def of(self, role: str) -> list[Fact]:
        return [f for f in self.facts if f.role == role]

    @property
    def roles(self) -> set[str]:
        return {f.role for f in self.facts if f.role in STAR_ROLES}


class StarDraft(BaseModel):
    situation: str
    task: str
    action: str
    result: str
    missing: list[str] = Field(default_factory=list)  # Danish: situation/opgave/handling/resultat
    questions: list[str] = Field(default_factory=list)  # du-form, each ends with "?"
    numbers: list[str] = Field(default_factory=list)  # raw numbers from the notes
    pairs: list[tuple[str, str]] = Field(default_factory=list)  # before→after, as written

    @property
    def facts(self) -> str:
        """The checklist for the model, in Danish: numbers to keep, pairs to keep together, parts not given."""
        return checklist(self.numbers, self.pairs, self.missing)


def checklist(numbers: list[str], pairs: list[tuple[str, str]], missing: list[str]) -> str:
    """"tallene 14 dage, 9. før→efter: 14 dage → 9. noterne siger intet om: opgave." (the prompt's facts line)"""
    parts = [f"tallene {', '.join(numbers)}" if numbers else "ingen tal"]
    if pairs:
        parts.append("før→efter: " + "; ".join(f"{a} → {b}" for a, b in pairs))
    if missing:
        parts.append("noterne siger intet om: " + ", ".join(missing))
    return ". ".join(parts) + "."


# ---- analysis and draft -----------------------------------------------------------------------
_PERIOD_WORDS = re.compile(rf"\b(?:i|siden|fra|efter|før|inden|til|over)\s+(?:{_MONTHS}|foråret|sommeren|efteråret|vinteren)\b|\b(?:sidste|hele)\s+år\b", _I)


def analyze(text: str) -> NotesAnalysis:
    facts = _parse(text)
    _apply_position(facts)
    numbers = extract_numbers(text)
    periods = [m.raw for m in numbers if m.kind in TIME_KINDS]
    periods += [m.group(0) for m in _PERIOD_WORDS.finditer(text)]
    situations = [f for f in facts if f.role == "situation"]
    problem = next((f.text for f in situations if _CUES["situation"][0][0].search(f.text)
                    or _CUES["situation"][1][0].search(f.text)), situations[0].text if situations else None)
    return NotesAnalysis(
        facts=facts, numbers=numbers, changes=extract_changes(text), periods=periods,
        actions=[_sentence(f) for f in facts if f.role == "action"], problem=problem,
        suspicious=[f.text for f in facts if f.suspicious], experiences=len(split_experiences(text)))


_ABBREVIATIONS = [(re.compile(p, _I), r) for p, r in [
    (r"\bpga\b\.?", "på grund af"), (r"\bift\b\.?", "i forhold til"), (r"\bbl\.\s?a\b\.?", "blandt andet"),
    (r"\bf\.\s?eks\b\.?", "for eksempel"), (r"\bfx\b\.?", "for eksempel"), (r"\bca\b\.?", "cirka"),
    (r"\bvha\b\.?", "ved hjælp af"), (r"\bmht\b\.?", "med hensyn til"), (r"\bifm\b\.?", "i forbindelse med"),
    (r"\biflg\b\.?", "ifølge"), (r"\biht\b\.?", "i henhold til"), (r"\bmtp\b\.?", "med tanke på"),
    (r"\bevt\b\.?", "eventuelt"), (r"\binkl\b\.?", "inklusive"), (r"\bdvs\b\.?", "det vil sige"),
    (r"\bosv\b\.?", "og så videre"), (r"\bm\.\s?m\b\.?", "med mere"), (r"\bjf\b\.?", "jævnfør"),
    (r"\bvedr\b\.?", "vedrørende"), (r"\btlf\b\.?", "telefon"), (r"\bafd\b\.?", "afdeling"),
    (r"\bkoll?\.", "kolleger"), (r"\bmedarb\b\.?", "medarbejdere"),
    (r"(?<=\bom )(?:mdr|mnd|md)\b\.?", "måneden"), (r"(?<=\bpr\. )(?:mdr|mnd|md)\b\.?|(?<=\bpr )(?:mdr|mnd|md)\b\.?", "måned"),
    (r"(?<=\b1 )(?:mdr|mnd|md)\b\.?|(?<=\ben )(?:mdr|mnd|md)\b\.?|(?<=/)\s?(?:mdr|mnd|md)\b\.?", "måned"),
    (r"\b(?:mdr|mnd)\b\.?|(?<=\d )md\b\.?", "måneder"), (r"(?<=\d )min\b\.?", "minutter"),
    (r"(?<=\d )sek\b\.?", "sekunder"), (r"(?<=\d )dg\b\.?", "dage"), (r"\s+&\s+", " og "),
    (r"(?<=[a-zæøå]) \+ (?=[a-zæøå])", " og "), (r"\bm/\s?", "med "), (r"\bp\.\s?t\.", "lige nu"),
]]
_TASK_BARE = re.compile(r"^(?:skulle|blev bedt|fik (?:til )?opgave|fik ansvar|havde ansvar|stod for|har været"
                        r"|var (?:ansvarlig|tovholder|projektleder|koordinator))\b|^(?P<role>ansvarlig|tovholder|projektleder|koordinator)\b", _I)


_MONTH_SHORT = {"jan": "januar", "feb": "februar", "apr": "april", "jun": "juni", "jul": "juli", "aug": "august",
                "sep": "september", "sept": "september", "okt": "oktober", "nov": "november", "dec": "december"}
_MONTH_SHORT_RE = re.compile(r"\b(" + "|".join(_MONTH_SHORT) + r")\b\.?", _I)


def spelled_out(text: str) -> str:
    """The notes with their abbreviations written out (pga, mdr, ca, jan …): what a tidy answer may say instead."""
    return _MONTH_SHORT_RE.sub(lambda m: _MONTH_SHORT[m.group(1).lower()], _expand(text))


# "20-30 min. kunden har bestilt …": the unit's full stop also ends the sentence unless the sentence goes on
_UNIT_STOP = re.compile(r"(?<=\d )(min|sek|dg|mdr|mnd|md)\.(?=[ \t]+(?!(?:om|i|på|pr|per|til|at|for|og|eller|men|hver|ad|"
                        r"siden|efter|før|ved|med|af|fra|hvor|da|så|ca|cirka)\b)[a-zæøå])", _I)
_STOP_MARK = "\u2063"  # an invisible separator, never in the user's text after guard.check


def _expand(text: str) -> str:
    text = _UNIT_STOP.sub(lambda m: m.group(1) + " " + _STOP_MARK, text)
    for rx, repl in _ABBREVIATIONS:
        text = rx.sub(lambda m, r=repl: (" " if m.group(0)[:1].isspace() else "") + r, text)
    return re.sub(r"[ \t]{2,}", " ", text).replace(" " + _STOP_MARK, ".").replace(_STOP_MARK, ".")


def _fra_til(text: str) -> str:
    for c in reversed([c for c in extract_changes(text) if c.kind == "change" and "→" in c.raw]):
        mid = text[c.before.end:c.after.start]
        new = text[c.before.start:c.before.end] + mid.replace("→", "til").replace("  ", " ")
        has_fra = re.search(r"\bfra\s+$", text[:c.before.start], _I)
        text = text[:c.before.start] + ("" if has_fra else "fra ") + new + text[c.after.start:]
    return re.sub(r"\s*→\s*", " – ", text)


_SUB_ORDER = re.compile(r"^((?:[\wæøå]+\s+){0,2}?[\wæøå]+)\s+(ikke|kun|altid|aldrig|tit|ofte|stadig|også|bare|næsten|sjældent)\s+"
                        r"(var|er|havde|har|kunne|kan|skulle|ville|fik|kom|blev|gik|vidste|manglede|brugte|tog|lå|stod|ventede)\b",
                        re.IGNORECASE)
_NOT_MOVED = {"derfor", "derudover", "desuden", "også", "så", "her", "der", "nu", "da", "først", "senere", "bagefter",
              "derefter", "heldigvis", "endelig", "sammen", "selv", "hvor", "som", "at", "og"}


def _sentence(f: Fact) -> str:
    t = _LEAD.sub("", f.text.strip()) or f.text.strip()
    t = _fra_til(_expand(t)).strip(" ,;:-–")
    if f.cause and f.role == "situation":  # "Baggrunden var, at akutte prøver lå …" → "Akutte prøver lå …"
        t = CAUSE_LEAD.sub("", t, count=1) or t
        # a "fordi"-clause said on its own gets main-clause order: "vi kun var 2" → "vi var kun 2"
        t = _SUB_ORDER.sub(lambda m: f"{m[1]} {m[3]} {m[2]}", t, count=1)
    t = re.sub(r"\b([a-zæøå]{2,})\. ([a-zæøå])", lambda m: m[0] if m[1].lower() in ABBREVIATIONS else f"{m[1]}. {m[2].upper()}",
               t)  # "… minutter. kunden" → "Kunden"; "4.200 kr. om ugen" stays
    if t != f.text.strip() and (inv := re.match(r"([\wæøå]+) (jeg|vi)(?=[ ,])", t, _I)) and inv[1].lower() not in _NOT_MOVED:
        t = f"{inv[2].capitalize()} {inv[1].lower()}{t[inv.end():]}"  # "og så planlagde jeg" → "Jeg planlagde"
    if f.needs_subject and not f.subject:  # "lavede ny vagtplan" → "Jeg lavede en ny vagtplan"
        t = "Jeg " + t[0].lower() + t[1:]
    elif f.role == "task" and not f.subject and (m := _TASK_BARE.match(t)):
        t = ("Jeg var " if m["role"] else "Jeg ") + t[0].lower() + t[1:]
    # the adjective shows the gender: "jeg lavede ny vagtplan" → "jeg lavede en ny vagtplan"
    t = re.sub(r"^((?:Jeg|jeg|Vi|vi) [\wæøå]+(?:ede|de|te)) (nyt?)\b",
               lambda m: f"{m[1]} {'et' if m[2] == 'nyt' else 'en'} {m[2]}", t)
    t = t[:1].upper() + t[1:]
    return t if t.endswith((".", "!", "?", "…")) else t + "."


_MINUTES = {"sekund": 1 / 60, "minut": 1, "time": 60, "dag": 1440, "uge": 10080, "måned": 43200, "år": 525600}
_PERIOD_BEFORE = re.compile(r"(?:\b(?:efter|i|siden|hver|gennem|om|de\s+(?:sidste|seneste|næste|første))\s+"
                            r"(?:ca\.?\s+|cirka\s+|godt\s+|knap\s+|de\s+)?)$", _I)


def _measure(m: NumberMention, fact: Fact) -> bool:
    """A figure that can be a before or an after: not a date, and a duration only when it is the measured thing
    ("deploys tog 3 timer", "ventetid på 6 dage"), not the period ("i 8 uger", "efter 3 mdr", "på 3 mdr")."""
    if m.kind in CALENDAR_KINDS:
        return False
    head = fact.text[:max(fact.text.find(m.raw), 0)]
    if re.search(r"\b(?:ud\s+af|out\s+of)\s+$", head, _I):
        return False  # "45 ud af 300 inviterede": 300 is the total, not the figure that changed
    if m.kind != "duration":
        return True
    if _PERIOD_BEFORE.search(head):
        return False
    return not (re.search(r"\bpå\s+(?:ca\.?\s+)?$", head, _I) and m.unit in ("måned", "år"))


def _comparable(b: NumberMention, a: NumberMention) -> bool:
    if b.value == a.value:
        return False
    if b.kind == a.kind == "duration" and b.unit in _MINUTES and a.unit in _MINUTES:
        ratio = (b.value * _MINUTES[b.unit]) / max(a.value * _MINUTES[a.unit], 1e-9)
        return 1 / 50 <= ratio <= 50
    if a.unit != b.unit:
        return False
    if a.unit:
        return True  # "12 %" → "7 %", "180.000 kr." → "95.000 kr."
    # bare figures: of the same size ("280.000" → "190.000", "35" → "15"), not "320 malkekøer" → "190.000"
    return a.value >= 2 and b.value >= 2 and 1 / 20 <= b.value / a.value <= 20


def _pairs(analysis: NotesAnalysis) -> tuple[list[tuple[str, str]], list[tuple[str, NumberMention]]]:
    """Before→after pairs (as written) and the baselines to add to the result when a pair is split over two
    fragments ("25 kg om dagen … nede på 11 kg": the result gets "(før: ca. 25 kg)"; "tog 3 timer … nu 15 min"
    gets "(før: 3 timer)"; a range stays a range: "(før: 20-30)")."""
    pairs = [(c.before.raw, c.after.raw) for c in analysis.changes if c.kind == "change"]
    result, situation = analysis.of("result"), analysis.of("situation")
    if not result or any(c.kind == "change" for f in result for c in f.changes):
        return pairs, []
    after = [(m, f) for f in result for m in f.numbers if _measure(m, f)]
    before = [(m, f) for f in situation for m in f.numbers if _measure(m, f)
              and not any(c.kind == "change" for c in f.changes)]
    found: list[tuple[str, str]] = []
    baselines: list[tuple[str, NumberMention]] = []
    used: list[tuple[Fact, tuple[int, int]]] = []  # a range ("3-4", "15-20") is one figure: used once, both ends
    for a, fa in after:
        if any(f is fa and s <= a.start < e for f, (s, e) in used):
            continue
        # the same unit first ("3 timer" → "2 timer"), then the nearest comparable one ("3 timer" → "15 min")
        near = [(b, fb) for b, fb in before if _comparable(b, a) and not any(
            f is fb and s <= b.start < e for f, (s, e) in used)]
        if not near:
            continue
        b, fb = min(near, key=lambda x: (x[0].unit != a.unit,
                                         abs(math.log(max(x[0].value, 1e-9) / max(a.value, 1e-9)))))
        span, rng = _span(b, fb)
        raw = rng or _with_unit(b, situation)  # the whole range, "20-30"
        found.append((raw, a.raw))
        baselines.append((_same_noun(raw, fb, a, result), a))
        used += [(fb, span), (fa, _span(a, fa)[0])]
    return pairs + found, baselines


def _span(m: NumberMention, fact: Fact) -> tuple[tuple[int, int], str | None]:
    """Where the figure stands in its fact, widened to the range it belongs to ("20-30"), and that range."""
    rng = next((c for c in fact.changes if c.kind == "range" and c.start <= m.start < c.end), None)
    return ((rng.start, rng.end), rng.raw) if rng else ((m.start, m.end), None)


def _noun_after(text: str, m: NumberMention) -> str | None:
    after = re.match(r"\s+([a-zæøå]{4,})", text[m.end:], _I)
    return after.group(1).lower() if after else None


def _same_noun(raw: str, fact: Fact, after: NumberMention, result: list[Fact]) -> str:
    """"30" → "30 portioner" when the after figure names the same thing ("under 10 portioner")."""
    if not re.fullmatch(r"[\d.,]+", raw):
        return raw
    here = next((m for m in fact.numbers if m.raw == raw), None)
    there = next((_noun_after(f.text, after) for f in result if after in f.numbers), None)
    noun = _noun_after(fact.text, here) if here else None
    return f"{raw} {noun}" if noun and there and noun[:5] == there[:5] else raw


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ\[]|\s*$)")


def _add_baselines(text: str, baselines: list[tuple[str, NumberMention]]) -> str:
    """Put "(før: 3 timer)" at the end of the sentence that holds the after figure ("… på 15 minutter (før: 3
    timer). …"), so that the pair reads together and is not credited to another figure of the result."""
    for before, a in baselines:
        spot = next((m for m in extract_numbers(text) if round(m.value, 4) == round(a.value, 4)), None)
        stop = _SENTENCE_END.search(text, spot.end) if spot else None  # not the "." of "3. kvartal"
        end = stop.start() if stop else len(text.rstrip("."))
        text = text[:end] + f" (før: {_expand(before)})" + text[end:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _with_unit(m: NumberMention, facts: list[Fact]) -> str:
    """The number as written plus a short unit word after it that the number reader does not know ("25 kg")."""
    for f in facts:
        i = f.text.find(m.raw)
        if i >= 0:
            after = re.match(r"\s*(kg|g|km|m|cm|mm|m2|m3|l|dl|ml|t|ton|stk|kwh|mwh|gb|mb|tb)\b\.?", f.text[i + len(m.raw):], _I)
            return m.raw + (" " + after.group(1) if after else "")  # a unit the number reader does not know
    return m.raw


def _draft(analysis: NotesAnalysis, text: str) -> StarDraft:
    fields, missing, questions = {}, [], []
    n_words = len(text.split())
    for role in STAR_ROLES:
        chosen = [f for f in analysis.facts if f.role == role and not f.heading and not f.suspicious]
        known = [f for f in chosen if not f.pending]
        if known:
            words = " ".join(_sentence(f) for f in chosen).split()
            if n_words >= 15 and len(words) >= 0.9 * n_words:  # never hand back the whole notes as one field
                questions.append(Q_SPLIT)
            fields[role] = " ".join(words)
        else:
            # nothing in the notes, or only "we don't know yet": ask, and keep what they wrote about it
            fields[role] = " ".join([f"[mangler: {ROLE_DA[role]}]"] + [_sentence(f) for f in chosen])
            missing.append(ROLE_DA[role])
            questions.append(QUESTIONS[role])
    pairs, baselines = _pairs(analysis)
    if "resultat" not in missing and baselines:
        fields["result"] = _add_baselines(fields["result"], baselines)
    results = [f for f in analysis.of("result") if not f.pending]
    if results and not any(f.numbers for f in results):
        questions.append(Q_MEASURE)
    acts = analysis.of("action")
    if acts and all(f.subject == "vi" for f in acts):
        questions.append(Q_OWN_PART)
    return StarDraft(**fields, missing=missing, questions=questions,
                     numbers=[m.raw for m in analysis.numbers], pairs=pairs)


def draft_star(text: str) -> StarDraft:
    """A STAR draft of ``text`` read as ONE experience (use :func:`draft_stars` for a paste)."""
    return _draft(analyze(text), text)


def draft_stars(text: str) -> list[StarDraft]:
    """One STAR draft per experience found by :func:`split_experiences`."""
    return [draft_star(chunk) for chunk in split_experiences(text)] or [draft_star(text)]
