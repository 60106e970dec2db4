"""Deterministic debrief of a MUS rehearsal: eight criteria, each scored 0–3 with evidence and advice.

Approach
--------
After a rehearsal the employee gets a debrief (research on role-play training favours a delayed,
personal report over live nudges). The scoring must be right without a model, so it is rule-based:

* Only the **employee's** turns are scored; quotes in ``evidence`` are exact substrings of those turns
  (the sentence around a match, cut to a few words at most).
* Some skills only apply when the conversation gave occasion for them, and the occasion is read from
  the **preceding manager turn**: softened or vague criticism (``måske kunne du overveje …``, ``nogle
  oplever …``) calls for a clarifying question; a manager who disagrees calls for calm disagreement;
  a manager who drifts off the agenda (phase ``"drift"`` or typical detour phrases) or tries to skip
  it calls for steering back. Without an occasion the criterion is scored by what did happen and the
  advice says so ("Lederen var ikke uenig i denne samtale …"); ``Criterion.occasion`` is then False.
* Advice is Danish, in du-form, and for a weak point it proposes a concrete better phrasing, built
  from the employee's own words where a fitting fragment exists (a vague claim, a "vi"/"man" sentence,
  a development wish) and otherwise with ``[…]`` slots to fill in.

Triggers (numbers, questions, wishes, steering back …) come from :mod:`coach.rules.agenda`, so the
manager in the rehearsal and the debrief read the employee's words the same way.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from coach.rules.agenda import (
    DRIFT,
    WORK_WORDS,
    classify_employee_turn,
    extract_quote,
    result_mentions,
)

__all__ = ["Criterion", "CRITERIA", "MAX_SCORE", "score", "total"]

MAX_SCORE = 3


class Criterion(BaseModel):
    """One debrief criterion."""

    id: str
    title: str
    score: int = Field(ge=0, le=MAX_SCORE)
    evidence: list[str] = []  # short exact quotes from the employee's own turns
    advice: str
    occasion: bool = True  # False when the conversation gave no occasion for this skill


CRITERIA: dict[str, str] = {
    "concrete_results": "Konkrete resultater",
    "i_form": "Jeg-form om dine egne bidrag",
    "development_wishes": "Tydelige udviklingsønsker",
    "proposed_solutions": "Egne løsningsforslag",
    "clarifying_questions": "Opklarende spørgsmål",
    "calm_disagreement": "Rolig og saglig uenighed",
    "steering_back": "Styr på samtalen",
    "next_steps": "Aftaler og næste skridt",
}

_I = re.IGNORECASE
_MAX_EVIDENCE = 3
_MAX_QUOTE_WORDS = 20

# --- what the manager said --------------------------------------------------------------------
_SOFT_FEEDBACK = re.compile(  # softened or vague criticism: worth a clarifying question
    r"måske\s+kunne\s+du|kunne\s+du\s+måske|overveje|nogle\s+oplever|nogle\s+gange\s+kan\s+det"
    r"|kan\s+det\s+(?:nok\s+)?opleves|det\s+kunne\s+(?:måske\s+)?være\s+en\s+fordel|kunne\s+(?:måske\s+)?være\s+en\s+idé"
    r"|lidt\s+at\s+hente|en\s+detalje|småting|ikke\s+noget\s+stort|mere\s+synlig|mere\s+proaktiv"
    r"|ikke\s+godt\s+nok|ikke\s+(?:har\s+været\s+)?dit\s+bedste"
    r"|lidt\s+presset|lidt\s+skarp|for\s+dig\s+selv|svær\s+at\s+(?:få\s+fat|fange)|lidt\s+svært\s+at"
    r"|plads\s+til\s+forbedring|kan\s+blive\s+bedre|ikke\s+altid\s+har\s+fungeret|lidt\s+mere\s+fokus",
    _I,
)
_MANAGER_DISAGREES = re.compile(
    r"ser\s+det\s+(?:lidt\s+)?anderledes|ikke\s+(?:helt\s+)?enig|ikke\s+helt\s+mit\s+indtryk"
    r"|ikke\s+(?:helt\s+)?sikker\s+på,?\s+(?:at|det)|er\s+det\s+ikke\s+mere|det\s+oplever\s+jeg\s+ikke"
    r"|ikke\s+overbevist|ikke\s+klar\s+til|for\s+ambitiøst|indtryk\s+af\s+noget\s+andet"
    r"|jeg\s+synes\s+(?:faktisk|ikke)|ser\s+ikke\s+helt|vi\s+ser\s+(?:det\s+)?forskelligt|teamets\s+(?:resultat|fortjeneste)",
    _I,
)
_MANAGER_DRIFT = re.compile(
    r"i\s+øvrigt|apropos|har\s+du\s+hørt|kantine|det\s+minder\s+mig\s+om|for\s+resten|kom\s+lige\s+til\s+at\s+tænke"
    r"|julefrokost|printer|kampen|kaffemaskine|sommerferie|svare\s+på\s+en\s+mail",
    _I,
)
_MANAGER_SKIPS = re.compile(
    r"skal\s+vi\s+(?:ikke\s+)?bare|springer\s+vi\s+(?:det\s+)?(?:bare\s+)?over|løbe\s+tør\s+for\s+tid"
    r"|samler\s+op\s+på\s+mail|genbruge\s+sidste\s+års|det\s+samme\s+som\s+sidste\s+år|det\s+hele\s+er\s+fint"
    r"|det\s+går\s+jo\s+fint,?\s+ikke|alt\s+er\s+okay,?\s+ikke|tage\s+det\s+hurtigt|et\s+andet\s+tidspunkt"
    r"|en\s+anden\s+gang|du\s+har\s+det\s+godt,?\s+ikke",
    _I,
)

# --- what the employee said -------------------------------------------------------------------
_ACTION_VERBS = (
    r"lavede|lavet|indførte|indført|udviklede|udviklet|analyserede|analyseret|byggede|bygget|gennemførte|gennemført"
    r"|ledede|ledet|tog\s+initiativ|taget\s+initiativ|satte|startede|startet|skrev|skrevet|implementerede|implementeret"
    r"|organiserede|organiseret|planlagde|planlagt|kortlagde|kortlagt|lancerede|lanceret|automatiserede|automatiseret"
    r"|oplærte|oplært|trænede|koordinerede|koordineret|løste|løst|ændrede|ændret|foreslog|foreslået|sørgede|sørget"
    r"|omlagde|omlagt|reducerede|reduceret|øgede|øget|halverede|halveret|optimerede|optimeret|etablerede|etableret"
    r"|underviste|undervist|afholdt|afholdte|afsluttede|afsluttet|leverede|leveret|ringede|fik"
)
_ACTION = re.compile(  # the employee's own action, also with Danish inversion ("I år stod jeg for …")
    rf"\bjeg\s+(?:har\s+|havde\s+)?(?:selv\s+)?(?:{_ACTION_VERBS}|stod\s+for)\b"
    rf"|\b(?:{_ACTION_VERBS})\s+jeg\b|\bstod\s+jeg\s+for\b"
    rf"|\b(?:har|havde)\s+jeg\s+(?:\w+\s+)?(?:{_ACTION_VERBS})\b",
    _I,
)
_RESULT = re.compile(
    r"resultat|det\s+betød|hvilket|det\s+gav|det\s+førte\s+til|reducere|øge[dst]?\b|øgede|steg|faldt|sparede|halvere"
    r"|fordoble|gik\s+(?:fra|ned|op)|forbedre|færre|hurtigere|billigere|tilfredshed|til\s+tiden|under\s+budget",
    _I,
)
_SITUATION = re.compile(
    r"udgangspunkt|situationen|problemet\s+var|udfordringen\s+var|før\s+(?:var|havde|tog|brugte)|da\s+jeg\s+startede",
    _I,
)
_JEG = re.compile(r"\bjeg\b", _I)
_NOT_CONTRIB = re.compile(r"\b(?:det\s+)?ved\s+jeg\s+ikke\b|\bjeg\s+ved\s+(?:det\s+)?ikke\b", _I)
_MAN = re.compile(r"\bman\b", _I)
_VI = re.compile(r"\bvi\b", _I)
_VI_OK = re.compile(  # "vi" in proposals, questions and agreements is fine
    r"\b(?:skal|kan|kunne|bør|må)\s+vi\b|\bså\s+\w+\s+vi\b|\bvi\s+(?:kunne|kan|skal|aftaler|aftalte|følger|tager|ses|taler|talte|snakker"
    r"|siger|vender|er\s+enige|er\s+ikke\s+enige|bliver\s+enige|ser\s+det|sætter|booker|holder)\b",
    _I,
)
_MOTIVATION = re.compile(
    r"\bfordi\b|så\s+jeg\s+(?:kan|bliver|får)|for\s+at\b|det\s+vil\s+(?:gøre|give|hjælpe|styrke)|det\s+giver"
    r"|det\s+betyder|på\s+den\s+måde|derfor|så\s+(?:teamet|vi|afdelingen)\s+(?:kan|får)",
    _I,
)
_WISH = re.compile(r"gerne|ønske|ønsker|tænke\s+mig|håber|drømmer|interesse|vil\s+(?:have|lære|prøve)|mit\s+mål", _I)
_PROPOSAL = re.compile(
    r"jeg\s+foreslår|mit\s+forslag|et\s+forslag|forslaget\s+er|hvad\s+hvis\s+(?:vi|jeg)|kunne\s+vi\s+(?:ikke\s+)?\w+"
    r"|vi\s+kunne\s+(?!ikke)|jeg\s+kunne\s+(?:godt\s+)?(?:tage|starte|lave|prøve|sende|stå\s+for|samle|skrive)"
    r"|skal\s+vi\s+(?:ikke\s+)?(?:aftale|prøve|lave|sætte|holde|booke|indføre|starte)"
    r"|jeg\s+vil\s+gerne\s+(?:tage|stå\s+for|prøve|starte|lave|tilbyde)|\bløsning(?:en)?\b"
    r"|det\s+ville\s+hjælpe\s+(?:mig|os)(?:\s+meget)?,?\s+hvis|jeg\s+har\s+(?:undersøgt|fundet)|jeg\s+tilbyder"
    r"|jeg\s+kan\s+(?:godt\s+)?(?:tage|stå\s+for|lave|sende|skrive|samle)",
    _I,
)
_PROBLEM = re.compile(
    r"problem|udfordring|svært|for\s+meget|travlt|presset|mangler|stress|frustre|fungerer\s+ikke|ikke\s+fungerer"
    r"|forsink|for\s+lidt|uklar",
    _I,
)
_ACK = re.compile(
    r"jeg\s+kan\s+godt\s+(?:se|forstå|følge|genkende)|jeg\s+forstår|jeg\s+hører|det\s+er\s+en\s+fair|god\s+pointe"
    r"|det\s+har\s+du\s+ret\s+i|du\s+har\s+ret|tak,?\s+fordi|tak\s+for|jeg\s+kan\s+godt\s+genkende|det\s+er\s+rigtigt,?\s+at"
    r"|det\s+tager\s+jeg\s+til\s+mig|jeg\s+vil\s+gerne\s+forstå|det\s+kan\s+godt\s+være|fair\s+nok"
    r"|høre\s+din\s+vurdering|høre,?\s+hvad\s+du|forstå\s+din|hvad\s+bygger\s+du|giver\s+mening|det\s+er\s+rigtigt",
    _I,
)
_FACTS = re.compile(
    r"\bfx\b|f\.eks\.|for\s+eksempel|i\s+projekt|da\s+jeg|situationen|\bdata\b|tallene|mail|tilbagemelding"
    r"|dokumentere|referat|til\s+tiden|rettidigt|deadline|leveret|leverede|\b(?:januar|februar|marts|april|maj"
    r"|juni|juli|august|september|oktober|november|december)\b",
    _I,
)
_ABSOLUTE = re.compile(r"\baltid\b|\baldrig\b|\bhele\s+tiden\b|\bingen\s+som\s+helst\b", _I)
_ATTACK = re.compile(
    r"\bdu\b[^.?!]{0,30}\b(?:altid|aldrig)\b|det\s+passer\s+(?:bare\s+)?ikke|det\s+er\s+løgn|det\s+er\s+forkert|det\s+er\s+ikke\s+rigtigt"
    r"|du\s+forstår\s+(?:ikke|slet\s+ikke|ingenting)|du\s+har\s+(?:slet\s+)?ingen|du\s+er\s+(?:urimelig|uretfærdig|unfair)"
    r"|urimeligt|uretfærdigt|unfair|latterligt|\bpjat\b|\bvrøvl\b|\bsludder\b|hold\s+nu\s+op|din\s+skyld|din\s+fejl"
    r"|fuldstændig\s+forkert|!!|\bidiot|\bdu\s+er\s+(?:så\s+)?dum|\blort|hold\s+kæft|inkompetent",
    _I,
)
_SHOUT = re.compile(r"\b[A-ZÆØÅ]{4,}\b")
_STEERS = re.compile(
    r"jeg\s+vil\s+(?:gerne|lige)\s+(?:nå|tale\s+om|sikre|have\s+talt)|inden\s+vi\s+(?:runder\s+af|går\s+videre|slutter)"
    r"|før\s+vi\s+(?:slutter|runder\s+af|går\s+videre)|kan\s+vi\s+(?:lige\s+)?(?:nå|tage|vende)"
    r"|det\s+vil\s+jeg\s+gerne\s+(?:tage|tale\s+om)|det\s+er\s+vigtigt\s+for\s+mig,?\s+at\s+vi|jeg\s+har\s+forberedt"
    r"|tilbage\s+til|dagsorden|mine\s+punkter|vores\s+punkter",
    _I,
)
_WHO = re.compile(
    r"\b(?:jeg|du|vi)\s+(?:sender|skriver|booker|undersøger|tilmelder|laver|finder|følger|tager|vender|kigger|giver"
    r"|melder|planlægger|kontakter|indkalder|sætter|afklarer|godkender|står\s+for|har\s+ansvaret|er\s+ansvarlig|gør)"
    r"|\b(?:jeg|du)\s+(?:skal|vil|kan)\s+(?:\w+\s+)?(?:sende|skrive|booke|undersøge|tilmelde|lave|finde|følge|tage"
    r"|kigge|give|melde|kontakte|indkalde|godkende|afklare)",
    _I,
)
_COMMIT = re.compile(  # an agreed action ("jeg undersøger kurset"), not a wish
    r"\b(?:jeg|du)\s+(?:sender|skriver|booker|undersøger|tilmelder|finder|kontakter|indkalder|afklarer|godkender)\b",
    _I,
)
_WHAT = re.compile(
    r"referat|opsummering|forslag|kursus|kurset|plan|møde|tilmeld|undersøg|følge\s+op|opfølgning|status|aftale"
    r"|budget|udviklingsplan|mål",
    _I,
)
_WHEN = re.compile(
    r"\binden\b|\bsenest\b|næste\s+(?:uge|måned|møde|kvartal|1:1)|i\s+morgen|om\s+(?:en|to|tre|fire|\d+)\s+(?:uge|uger|måned|måneder)"
    r"|\b(?:mandag|tirsdag|onsdag|torsdag|fredag)\b|udgangen\s+af|hver\s+(?:uge|måned|14\.\s+dag)|efter\s+sommerferien"
    r"|\b(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b|\buge\s+\d+|1:1|\bQ[1-4]\b"
    r"|\d{1,2}\.\s?\d{1,2}\.|\d{1,2}/\d{1,2}|i\s+(?:foråret|efteråret|sommer|vinter)",
    _I,
)
_FOLLOW = re.compile(r"følge\s+op|opfølgning|referat|status|vende\s+tilbage\s+til\s+det|tjekke\s+ind|check-in", _I)


# --- helpers ----------------------------------------------------------------------------------
def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, leading whitespace excluded."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end_m in re.finditer(r"[.!?]+(?=\s|$)", line.group(0)):
            end = line.start() + end_m.end()
            spans.append((start, end))
            start = end
        if start < line.end():
            spans.append((start, line.end()))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if a < b:
            out.append((a, b))
    return out


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    for a, b in _sentence_spans(text):
        if pos < b:
            return a, b
    return 0, len(text)


def _snippet(text: str, pos: int) -> str:
    """The sentence of ``text`` around ``pos``, cut to a few words; always an exact substring."""
    a, b = _sentence_at(text, pos)
    words = list(re.finditer(r"\S+", text[a:b]))
    if len(words) > _MAX_QUOTE_WORDS:
        idx = next((i for i, w in enumerate(words) if a + w.end() > pos), 0)
        if idx < _MAX_QUOTE_WORDS - 2:
            first = 0
        else:  # start at the clause (after a comma) that holds the match
            first = next((i + 1 for i in range(idx - 1, -1, -1) if words[i].group(0).endswith(",")), idx - 4)
            first = max(0, min(first, len(words) - _MAX_QUOTE_WORDS))
        last = min(len(words), first + _MAX_QUOTE_WORDS) - 1
        a, b = a + words[first].start(), a + words[last].end()
    return text[a:b].strip(" \t,;:–-")


def _first_sentence(text: str, max_words: int = 10) -> str:
    spans = _sentence_spans(text)
    if not spans:
        return text.strip()
    a, b = spans[0]
    words = list(re.finditer(r"\S+", text[a:b]))
    if len(words) > max_words:
        b = a + words[max_words - 1].end()
    return text[a:b].strip(" \t,;:–-")


def _add(evidence: list[str], quote: str) -> None:
    quote = quote.strip()
    if quote and quote not in evidence and len(evidence) < _MAX_EVIDENCE:
        evidence.append(quote)


def _short(s: str, limit: int = 70) -> str:
    """A quote for the advice text: one line, trailing punctuation removed, at most ``limit`` characters."""
    s = " ".join(s.split()).rstrip(" .,;:!")
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + " …"


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def _usable(text: str) -> bool:
    """An employee turn that is part of the conversation (not English, nonsense or an injection)."""
    trig = classify_employee_turn(text)
    return not trig & {"injection", "english", "nonsense"}


def _field(turn, key: str) -> str:
    value = turn.get(key) if isinstance(turn, dict) else getattr(turn, key, None)
    return value if isinstance(value, str) else ""


class _Turns:
    """The conversation, normalised: role, text, phase and the employee's previous message."""

    def __init__(self, turns: list[dict]):
        self.all = [{"role": _field(t, "role"), "text": _field(t, "text"), "phase": _field(t, "phase")}
                    for t in turns]
        prev = ""
        for t in self.all:  # the employee's previous message, to read a manager turn in context
            t["prev"] = prev
            if t["role"] == "employee" and t["text"].strip():
                prev = t["text"]
        self.employee = [t["text"] for t in self.all if t["role"] == "employee" and t["text"].strip()]
        self.usable = [t for t in self.employee if _usable(t)]

    def replies(self, is_occasion, window: int | None = None) -> list:
        """For each manager turn that is an occasion: (manager text, the employee's answer or None).

        The answer is the next employee turn before the manager speaks again. With ``window=n`` the
        second item is instead the list of the employee's next ``n`` turns in the same phase.
        """
        out = []
        for i, t in enumerate(self.all):
            if t["role"] != "manager" or not is_occasion(t):
                continue
            answers: list[str] = []
            for u in self.all[i + 1:]:
                if u["role"] == "manager":
                    if window is None or u["phase"] != t["phase"]:
                        break
                    continue
                if u["role"] == "employee" and u["text"].strip():
                    answers.append(u["text"])
                    if window is None or len(answers) >= window:
                        break
            if window is None:
                out.append((t["text"], answers[0] if answers else None))
            else:
                out.append((t["text"], answers))
        return out


# --- criteria ---------------------------------------------------------------------------------
def _mention_start(m) -> int:
    return m.start if isinstance(m.start, int) else m.start()


def _concrete_results(c: _Turns) -> Criterion:
    evidence: list[str] = []
    seen: set[tuple[int, tuple[int, int]]] = set()
    n_numbers = 0
    action = result = situation = False
    looking_back = [t["text"] for t in c.all if t["role"] == "employee" and t["text"].strip()
                    and t["phase"] not in ("goals", "summary") and _usable(t["text"])]
    for i, text in enumerate(looking_back):
        for m in result_mentions(text):
            n_numbers += 1
            pos = _mention_start(m)
            key = (i, _sentence_at(text, pos))
            if key not in seen:
                seen.add(key)
                _add(evidence, _snippet(text, pos))
        if (am := _ACTION.search(text)):
            action = True
            key = (i, _sentence_at(text, am.start()))
            if key not in seen:
                seen.add(key)
                _add(evidence, _snippet(text, am.start()))
        result = result or bool(_RESULT.search(text))
        situation = situation or bool(_SITUATION.search(text))
    if n_numbers >= 2 and action and result:
        score = 3
    elif n_numbers >= 1 or (action and result):
        score = 2
    elif action or result or situation:
        score = 1
    else:
        score = 0
    if score == 3:
        advice = ("Stærkt: Du underbyggede dine resultater med tal og med det, du selv gjorde. Bliv ved med at "
                  "koble hvert resultat til din egen handling og til, hvad det betød for andre.")
    elif score == 2 and n_numbers and not action:
        q = extract_quote("number", next(t for t in looking_back if result_mentions(t)))
        if q:
            advice = (f"Godt, at du havde tal med („{q}“). Gør det endnu stærkere ved at sige, hvad du selv gjorde "
                      "for at nå dertil: „Det lykkedes, fordi jeg [konkret handling].“")
        else:
            advice = ("Godt, at du havde tal med. Gør det endnu stærkere ved at sige, hvad du selv gjorde, og "
                      "hvad det førte til.")
    elif score == 2:
        advice = ("Du havde konkrete eksempler med. Sæt gerne tal på resultatet – hvor meget tid, hvor mange sager "
                  "eller hvor mange kunder det handlede om: „… og det betød, at [tal og enhed].“")
    else:
        vague = _vague_claim(c)
        if vague:
            advice = (f"Du sagde „{_short(vague)}“. Det er svært for din leder at bygge videre på. Giv i stedet et "
                      "konkret eksempel: „I [opgave eller projekt] gjorde jeg [din handling], og det betød, at "
                      "[resultat – gerne med et tal].“")
        else:
            advice = ("Du nævnte ingen konkrete resultater. Forbered to-tre eksempler efter STAR-modellen "
                      "(situation, opgave, din handling, resultat), fx: „I [projekt] gjorde jeg [handling], og det "
                      "betød, at [resultat].“")
    return Criterion(id="concrete_results", title=CRITERIA["concrete_results"], score=score,
                     evidence=evidence, advice=advice)


def _vague_claim(c: _Turns) -> str | None:
    """The employee's first vague statement (preferably about the year), for the advice."""
    candidates = []
    for t in c.all:
        if t["role"] != "employee" or not t["text"].strip() or not _usable(t["text"]):
            continue
        trig = classify_employee_turn(t["text"])
        if "vague" in trig and "question" not in trig and "number" not in trig:
            candidates.append((t["phase"] != "year", _words(t["text"]) < 2, t["text"]))
    if not candidates:
        return None
    candidates.sort(key=lambda x: (x[0], x[1]))
    return _first_sentence(candidates[0][2])


def _i_form(c: _Turns) -> Criterion:
    jeg = others = 0
    weak_quote = None
    good: list[str] = []
    for text in c.usable:
        for a, b in _sentence_spans(text):
            s = text[a:b]
            j = 0 if _words(s) < 5 else len(_JEG.findall(_NOT_CONTRIB.sub("", s)))
            m = 0 if _words(s) < 5 else len(_MAN.findall(s))
            v = 0
            if "?" not in s and not _PROPOSAL.search(s) and _words(s) >= 6:
                v = max(0, len(_VI.findall(s)) - len(_VI_OK.findall(s)))
            jeg, others = jeg + j, others + m + v
            if (m or v) and not j and weak_quote is None:
                weak_quote = _snippet(text, a)
            if j and len(good) < 2:
                good.append(_snippet(text, a))
    contributions = sum(1 for text in c.usable if _ACTION.search(text))
    ratio = jeg / (jeg + others) if jeg + others else 0.0
    if jeg == 0:
        score = 0
    elif ratio >= 0.75 and jeg >= 3 and contributions:
        score = 3
    elif ratio >= 0.5 and (jeg >= 3 or contributions):
        score = 2
    else:
        score = 1
    evidence: list[str] = []
    if weak_quote and score < 3:
        _add(evidence, weak_quote)
    if score >= 2:
        for g in good:
            _add(evidence, g)
    if score == 3:
        advice = "Du talte om dine egne bidrag i jeg-form. Så står det klart, hvad du selv har bidraget med."
        if weak_quote:
            advice += f" Et enkelt sted sagde du „{_short(weak_quote)}“ – sig „jeg“, hvis det var dig."
    elif weak_quote:
        advice = (f"Du sagde „{_short(weak_quote)}“. Hvis det var dig, der gjorde det, så sig det: "
                  f"„{_short(_to_jeg(weak_quote))}“ – og nævn gerne teamet bagefter. Det er ikke at prale – det er at gøre dit bidrag synligt.")
    elif jeg == 0:
        advice = ("Du sagde ikke meget om dig selv. Begynd dine svar med „Jeg …“, fx „Jeg stod for [opgave], og "
                  "det betød [resultat].“")
    else:
        advice = "Sig „jeg“, når du fortæller om det, du selv har gjort, og „vi“, når det virkelig var teamet."
    return Criterion(id="i_form", title=CRITERIA["i_form"], score=score, evidence=evidence, advice=advice)


def _to_jeg(s: str) -> str:
    out = re.sub(r"\b[Mm]an\b|\b[Vv]i\b", lambda m: "Jeg" if m.group(0)[0].isupper() else "jeg", s)
    return re.sub(r"\bos\b", "mig", out)


_GENERIC_WISH = frozenset("kursus kurset kurser kurserne uddannelse uddannelsen efteruddannelse videreuddannelse "
                          "konference workshop workshops certificering mentor ansvar udvikling".split())
_ARTICLES = frozenset("et en nogle flere noget mere det".split())


def _concrete_wish(obj: str | None) -> bool:
    """"et kursus i projektledelse" and "dataanalyse" are concrete; "et kursus" and "mere ansvar" are not."""
    if not obj:
        return False
    words = [w for w in obj.lower().split() if w not in _ARTICLES]
    return bool(words) and (len(words) >= 2 or words[0] not in _GENERIC_WISH)


def _wish_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences that express a development wish (not an agreed action such as "jeg undersøger kurset")."""
    out = []
    for a, b in _sentence_spans(text):
        s = text[a:b]
        if "development_wish" in classify_employee_turn(s) and not _COMMIT.search(s):
            out.append((a, b))
    return out


def _development_wishes(c: _Turns) -> Criterion:
    evidence: list[str] = []
    wishes = motivated = concrete = 0
    wish_object = None
    first_wish = None
    for text in c.usable:
        spans = _wish_sentences(text)
        if not spans:
            continue
        wishes += 1
        a, b = spans[0]
        first_wish = first_wish or text[a:b]
        obj = extract_quote("development_wish", text[a:b])
        if _concrete_wish(obj):
            concrete += 1
            wish_object = wish_object or obj
        if _MOTIVATION.search(text):
            motivated += 1
        _add(evidence, _snippet(text, a))
    if wishes == 0:
        score = 0
    elif motivated and concrete:
        score = 3
    elif motivated or concrete or wishes >= 2:
        score = 2
    else:
        score = 1
    obj = wish_object or "[et konkret område eller kursus]"
    if score == 0:
        advice = ("Du nævnte ingen udviklingsønsker. Forbered et eller to, og sig dem tydeligt med en begrundelse: "
                  "„Jeg kunne godt tænke mig at lære [område], fordi det gør mig bedre til [opgave].“")
    elif score == 3:
        advice = ("Klart formuleret: Du sagde, hvad du ønsker, og hvorfor. Næste skridt er at foreslå, hvordan og "
                  "hvornår det kan ske.")
    elif not motivated:
        advice = (f"Du sagde „{_short(first_wish or '')}“. Gør ønsket konkret og sig hvorfor: „Jeg kunne godt "
                  f"tænke mig {obj}, fordi [det gør mig bedre til …].“ Med en begrundelse har din leder noget konkret at sige ja til.")
    else:
        advice = (f"Du sagde „{_short(first_wish or '')}“. Gør ønsket konkret: nævn kurset, området eller "
                  "opgaven, fx „Jeg vil gerne tage [kursus i …] i [periode], fordi …“.")
    return Criterion(id="development_wishes", title=CRITERIA["development_wishes"], score=score,
                     evidence=evidence, advice=advice)


def _proposed_solutions(c: _Turns) -> Criterion:
    evidence: list[str] = []
    proposals = 0
    problem_quote = None
    for text in c.usable:
        hit = None
        for m in _PROPOSAL.finditer(text):
            if re.match(r"skal\s+vi\s+(?:ikke\s+)?vende", text[m.start():], _I):
                continue
            hit = m
            break
        if hit:
            proposals += 1
            _add(evidence, _snippet(text, hit.start()))
        elif problem_quote is None and (pm := _PROBLEM.search(text)):
            problem_quote = _snippet(text, pm.start())
    if proposals >= 2:
        score = 3
    elif proposals == 1:
        score = 2
    elif problem_quote:
        score = 0
    else:
        score = 1
    if score == 3:
        advice = "Godt: Du kom selv med forslag til, hvordan tingene kan løses. Så har din leder noget konkret at tage stilling til."
    elif score == 2:
        advice = (f"Godt, at du kom med et forslag („{_short(evidence[0])}“). Hav gerne et forslag klar til hvert "
                  "af dine vigtigste punkter – også når du nævner et problem.")
    elif score == 0:
        advice = (f"Du nævnte en udfordring („{_short(problem_quote or '')}“), men ikke, hvad der kunne hjælpe. "
                  "Kom med dit eget forslag: „Jeg foreslår, at [konkret tiltag]. Hvad tænker du om det?“")
    else:
        advice = ("Du kom ikke med egne forslag i denne samtale. Når du ønsker noget, så foreslå selv et næste "
                  "skridt: „Mit forslag er, at [tiltag], så [effekt].“")
    return Criterion(id="proposed_solutions", title=CRITERIA["proposed_solutions"], score=score,
                     evidence=evidence, advice=advice)


def _is_feedback(t: dict) -> bool:
    """Softened/vague criticism - unless it already answers the employee's clarifying question."""
    if t["prev"] and "clarifying_question" in classify_employee_turn(t["prev"]):
        return False
    return bool(_SOFT_FEEDBACK.search(t["text"]))


def _clarifying_questions(c: _Turns) -> Criterion:
    evidence: list[str] = []
    occasions = c.replies(_is_feedback, window=2)
    asked = 0
    missed_mgr = None
    for mgr, replies in occasions:
        hit = next((r for r in replies if "clarifying_question" in classify_employee_turn(r)), None)
        if hit:
            asked += 1
            _add(evidence, _snippet(hit, _question_pos(hit)))
        elif missed_mgr is None:
            missed_mgr = mgr
    clarifying = [t for t in c.usable if "clarifying_question" in classify_employee_turn(t)]
    questions = [t for t in c.usable if "question" in classify_employee_turn(t)]
    for t in clarifying:
        _add(evidence, _snippet(t, _question_pos(t)))
    example = "„Kan du give mig et konkret eksempel, så jeg forstår, hvad du tænker på?“"
    if occasions:
        share = asked / len(occasions)
        if asked and share >= 0.5:
            score = 3
        elif asked:
            score = 2
        elif clarifying or questions:
            score = 1
        else:
            score = 0
        if score == 1 and not clarifying:
            for t in questions:
                _add(evidence, _snippet(t, _question_pos(t)))
        if score == 3:
            advice = ("Godt: Når lederens feedback var pakket ind, spurgte du ind til den. Sådan finder du ud af, "
                      "hvad der egentlig menes, før I går videre til, hvad der skal gøres.")
        else:
            advice = (f"Da lederen sagde „{_short(_soft_part(missed_mgr or occasions[0][0]))}“, lå der sandsynligvis "
                      f"kritik i det. Spørg ind, før du svarer: {example} eller „Hvad skal jeg helt konkret gøre "
                      "anderledes?“")
        return Criterion(id="clarifying_questions", title=CRITERIA["clarifying_questions"], score=score,
                         evidence=evidence, advice=advice)
    if clarifying:
        score = 3
    elif questions:
        score = 2
        for t in questions:
            _add(evidence, _snippet(t, _question_pos(t)))
    else:
        score = 1
    advice = "Lederens feedback var ikke pakket ind i denne samtale, så der var ikke brug for opklarende spørgsmål. "
    if score == 1:
        advice += ("Du stillede heller ingen spørgsmål. Forbered et par stykker, og hvis feedback bliver vag, så "
                   f"spørg: {example}")
    else:
        advice += f"Godt, at du stillede spørgsmål undervejs. Husk dem også, når feedback bliver vag: {example}"
    return Criterion(id="clarifying_questions", title=CRITERIA["clarifying_questions"], score=score,
                     evidence=evidence, advice=advice, occasion=False)


def _question_pos(text: str) -> int:
    q = text.find("?")
    return _sentence_at(text, q)[0] if q >= 0 else 0


def _soft_part(manager_text: str) -> str:
    """The softened or critical part of a manager line (often between dashes: "… – men …")."""
    m = _SOFT_FEEDBACK.search(manager_text) or _MANAGER_DISAGREES.search(manager_text)
    if not m:
        return _first_sentence(manager_text, 8)
    a, b = _sentence_at(manager_text, m.start())
    sentence = manager_text[a:b].strip()
    for part in re.split(r"\s[–-]\s", sentence):
        if _SOFT_FEEDBACK.search(part) or _MANAGER_DISAGREES.search(part):
            return part.strip(" .")
    return sentence


_ACRONYMS = frozenset({"SMART", "STAR", "KPI", "KPIER", "EXCEL", "LEAN", "SCRUM", "JIRA", "TEAMS", "CRM", "SAP"})


def _shouting(text: str) -> re.Match | None:
    hits = [m for m in _SHOUT.finditer(text) if m.group(0) not in _ACRONYMS]
    return hits[0] if len(hits) >= 2 else None


def _calm_disagreement(c: _Turns) -> Criterion:
    evidence: list[str] = []
    occasions = c.replies(lambda t: bool(_MANAGER_DISAGREES.search(t["text"])))
    replies = [r for _, r in occasions if r and _usable(r)]
    own = [t for t in c.usable if "disagree" in classify_employee_turn(t) and t not in replies]
    scores = []
    attack_quote = None
    for reply in replies + own:
        trig = classify_employee_turn(reply)
        ack = bool(_ACK.search(reply))
        facts = bool(_FACTS.search(reply) or result_mentions(reply) or _PROPOSAL.search(reply)
                     or "clarifying_question" in trig)  # facts, a proposal or a question to understand
        atk = _ATTACK.search(reply) or _ABSOLUTE.search(reply) or _shouting(reply)
        if atk:
            attack_quote = attack_quote or _snippet(reply, atk.start())
            scores.append(1 if (ack or facts) else 0)
            _add(evidence, _snippet(reply, atk.start()))
        else:
            scores.append(3 if ack and facts else 2 if ack or facts else 1)
            m = _ACK.search(reply) or _FACTS.search(reply)
            _add(evidence, _snippet(reply, m.start() if m else _question_pos(reply)))
    good = ("„Jeg kan godt forstå, at det er dit indtryk. Mit billede er lidt et andet, fordi [konkret eksempel]. "
            "Hvad tænker du om det?“")
    if not scores:
        attack = next(((t, m) for t in c.usable if (m := _ATTACK.search(t) or _shouting(t))), None)
        if attack:
            q = _snippet(attack[0], attack[1].start())
            _add(evidence, q)
            return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=1,
                             evidence=evidence, occasion=False,
                             advice=(f"Lederen var ikke uenig i denne samtale, men du sagde „{_short(q)}“. Den slags "
                                     "får din leder til at forsvare sig. Tal om konkrete situationer i stedet, "
                                     "og undgå ord som „altid“ og „aldrig“."))
        if occasions:  # the manager disagreed, but the employee did not answer
            return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=1, evidence=[],
                             advice=f"Lederen var uenig, men du tog det ikke op. Svar roligt og sagligt: {good}")
        return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=2, evidence=[],
                         occasion=False,
                         advice=("Lederen var ikke uenig i denne samtale, så der var ikke anledning til at øve det. "
                                 f"Hvis det sker, så anerkend først og kom så med fakta: {good}"))
    score = min(3, int(sum(scores) / len(scores) + 0.5))
    if attack_quote:
        advice = (f"Du sagde „{_short(attack_quote)}“. Absolutte ord og angreb får din leder til at forsvare sig i "
                  f"stedet for at lytte. Sig hellere: {good}")
    elif score == 3:
        advice = ("Godt håndteret: Du anerkendte lederens syn og underbyggede dit eget med konkrete eksempler. "
                  "Spørg gerne til sidst, hvordan lederen ser det i lyset af dit eksempel.")
    else:
        advice = f"Du står stærkere i en uenighed, når du både anerkender lederens syn og kommer med fakta: {good}"
    return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=score,
                     evidence=evidence, advice=advice, occasion=bool(occasions) or bool(own))


def _steering_back(c: _Turns) -> Criterion:
    evidence: list[str] = []

    def is_occasion(t: dict) -> bool:
        if t["prev"] and not _usable(t["prev"]):  # the manager is steering back after an injection etc.
            return False
        return t["phase"] == DRIFT or bool(_MANAGER_DRIFT.search(t["text"]) or _MANAGER_SKIPS.search(t["text"]))

    occasions = c.replies(is_occasion)
    scores = []
    missed = None
    for mgr, reply in occasions:
        if reply is None or not _usable(reply):
            continue
        trig = classify_employee_turn(reply)
        m = _STEERS.search(reply)
        if m or "steer_back" in trig:
            scores.append(3)  # explicitly back to the agenda
            _add(evidence, _snippet(reply, m.start() if m else 0))
        elif _words(reply) >= 6 and "off_topic" not in trig and (
                WORK_WORDS.search(reply) or _PROPOSAL.search(reply) or trig & {"number", "development_wish"}):
            scores.append(2)  # ignored the detour and kept to the agenda
            _add(evidence, _snippet(reply, 0))
        else:
            scores.append(0 if ("off_topic" in trig or _words(reply) >= 4) else 1)
            missed = missed or mgr
    good = f"„Det må vi tage en anden gang. Skal vi vende tilbage til {_next_topic(c)}?“"
    if not scores:
        proactive = next((t for t in c.usable if _STEERS.search(t) or "steer_back" in classify_employee_turn(t)), None)
        if proactive:
            m = _STEERS.search(proactive)
            _add(evidence, _snippet(proactive, m.start() if m else 0))
            advice = ("Lederen holdt sig til dagsordenen i denne samtale, så der var ikke brug for at styre "
                      "tilbage. Godt, at du alligevel selv satte dine punkter på.")
        else:
            advice = ("Lederen holdt sig til dagsordenen i denne samtale, så der var ikke brug for at styre "
                      f"tilbage. Kommer I på et sidespor, så kan du venligt sige: {good}")
        return Criterion(id="steering_back", title=CRITERIA["steering_back"], score=3 if proactive else 2,
                         evidence=evidence, advice=advice, occasion=False)
    score = min(3, int(sum(scores) / len(scores) + 0.5))
    if score == 3:
        advice = "Godt: Når samtalen kom på et sidespor, førte du den venligt tilbage til dagsordenen."
    elif missed is None:
        said = _short(_detour_part(occasions[0][0]))
        advice = (f"Da lederen sagde „{said}“, holdt du fast i dine egne punkter. Endnu bedre: Sig det højt, så I "
                  f"begge er tilbage på sporet: {good}")
    else:
        said = _short(_detour_part(missed or occasions[0][0]))
        advice = (f"Da lederen sagde „{said}“, fulgte du med ud på et sidespor. Før samtalen venligt tilbage, så "
                  f"dine punkter ikke bliver glemt: {good}")
    return Criterion(id="steering_back", title=CRITERIA["steering_back"], score=score, evidence=evidence,
                     advice=advice)


def _detour_part(manager_text: str) -> str:
    m = _MANAGER_DRIFT.search(manager_text) or _MANAGER_SKIPS.search(manager_text)
    if not m:
        return _first_sentence(manager_text, 9)
    a, b = _sentence_at(manager_text, m.start())
    return manager_text[a:b]


def _next_topic(c: _Turns) -> str:
    phases = {t["phase"] for t in c.all}
    if "development" in phases or not phases & {"goals"}:
        return "min udvikling"
    return "mine mål"


def _next_steps(c: _Turns) -> Criterion:
    evidence: list[str] = []
    closing = [t["text"] for t in c.all
               if t["role"] == "employee" and t["phase"] in ("goals", "summary") and t["text"].strip()
               and _usable(t["text"])]
    late = not closing
    if late:
        closing = c.usable[-2:]
    who = what = when = follow = False
    for text in closing:
        for rx in (_WHO, _WHEN, _FOLLOW):
            if (m := rx.search(text)):
                _add(evidence, _snippet(text, m.start()))
        who = who or bool(_WHO.search(text))
        what = what or bool(_WHAT.search(text))
        when = when or bool(_WHEN.search(text))
        follow = follow or bool(_FOLLOW.search(text))
    n = sum((who, what, when, follow))
    score = 3 if n >= 3 and when else min(n, 2)
    wish = next((q for t in c.usable if _concrete_wish(q := extract_quote("development_wish", t))), None)
    thing = f"et forslag til {wish}" if wish else "et forslag"
    example = f"„Så sender jeg dig {thing} inden [dato], og så følger vi op på vores næste 1:1. Er det en aftale?“"
    if score == 3:
        advice = ("Godt: Du sluttede med en aftale om, hvem der gør hvad, og hvornår. Send gerne en kort mail med "
                  "aftalerne bagefter.")
    elif score == 0:
        advice = ("Samtalen sluttede uden konkrete aftaler. Sørg selv for at runde af med hvem, hvad og hvornår: "
                  f"{example}")
    else:
        missing = [name for name, ok in (("hvem", who), ("hvad", what), ("hvornår", when)) if not ok]
        advice = (f"Du var på vej mod en aftale, men det var uklart: {', '.join(missing) or 'opfølgningen'}. "
                  f"Gør det konkret: {example}")
    if late:
        advice += " (I nåede ikke til mål og opsummering, så det her bygger på dine sidste svar.)"
    return Criterion(id="next_steps", title=CRITERIA["next_steps"], score=score, evidence=evidence, advice=advice)


def score(turns: list[dict]) -> list[Criterion]:
    """Score the employee's turns of a rehearsal; one ``Criterion`` per id in ``CRITERIA``, in that order.

    ``turns`` are ``{"role": "manager"|"employee", "text": str, "phase": str}`` in conversation order.
    """
    c = _Turns(turns)
    return [
        _concrete_results(c),
        _i_form(c),
        _development_wishes(c),
        _proposed_solutions(c),
        _clarifying_questions(c),
        _calm_disagreement(c),
        _steering_back(c),
        _next_steps(c),
    ]


def total(criteria: list[Criterion]) -> int:
    """Sum of the scores (0 … 3 × number of criteria)."""
    return sum(c.score for c in criteria)

