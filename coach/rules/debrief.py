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

from coach.rules.agenda import DRIFT, PHASE_BY_ID, _result_mentions, classify_employee_turn, extract_quote

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
_SOFT_FEEDBACK = re.compile(
    r"måske\s+kunne\s+du|kunne\s+du\s+måske|overveje|nogle\s+oplever|nogle\s+gange\s+kan\s+det"
    r"|kan\s+det\s+(?:nok\s+)?opleves|det\s+kunne\s+(?:måske\s+)?være\s+en\s+fordel|kunne\s+(?:måske\s+)?være\s+en\s+idé"
    r"|lidt\s+at\s+hente|en\s+detalje|småting|ikke\s+noget\s+stort|mere\s+synlig|mere\s+proaktiv"
    r"|ikke\s+helt\s+mit\s+indtryk|ikke\s+godt\s+nok|ikke\s+(?:har\s+været\s+)?dit\s+bedste|skrider"
    r"|sidste\s+øjeblik|forsinket|gnidninger|skal\s+ændres|skal\s+have\s+styr\s+på|for\s+vagt|lidt\s+presset"
    r"|lidt\s+skarp|for\s+dig\s+selv|svær\s+at\s+(?:få\s+fat|fange)|lidt\s+svært\s+at|plads\s+til\s+forbedring"
    r"|kan\s+blive\s+bedre|ikke\s+altid\s+har\s+fungeret",
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
    r"skal\s+vi\s+(?:ikke\s+)?bare|springe\s+\w+\s+over|springer\s+vi\s+(?:det\s+)?(?:bare\s+)?over|løbe\s+tør\s+for\s+tid"
    r"|samler\s+op\s+på\s+mail|genbruge\s+sidste\s+års|det\s+samme\s+som\s+sidste\s+år|det\s+hele\s+er\s+fint",
    _I,
)

# --- what the employee said -------------------------------------------------------------------
_ACTION = re.compile(
    r"\bjeg\s+(?:har\s+)?(?:lavede|lavet|indførte|indført|udviklede|udviklet|analyserede|analyseret|byggede|bygget"
    r"|gennemførte|gennemført|ledede|ledet|tog\s+initiativ|taget\s+initiativ|satte|sat\s+\w+\s+i\s+gang|startede|startet"
    r"|skrev|skrevet|implementerede|implementeret|organiserede|organiseret|planlagde|planlagt|kortlagde|kortlagt"
    r"|lancerede|lanceret|automatiserede|automatiseret|oplærte|oplært|koordinerede|koordineret|løste|løst|ændrede"
    r"|ændret|foreslog|foreslået|sørgede|sørget|stod\s+for|fik\s+\w+|omlagde|omlagt|reducerede|reduceret|øgede|øget"
    r"|halverede|halveret|optimerede|optimeret|etablerede|etableret|underviste|undervist|afholdt|afholdte)",
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
_MAN = re.compile(r"\bman\b", _I)
_VI = re.compile(r"\bvi\b", _I)
_VI_OK = re.compile(  # "vi" in proposals, questions and agreements is fine
    r"\b(?:skal|kan|kunne|bør|må)\s+vi\b|\bvi\s+(?:kunne|kan|skal|aftaler|aftalte|følger|tager|ses|taler|talte|snakker"
    r"|siger|vender|er\s+enige|bliver\s+enige|sætter|booker|holder)\b",
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
    r"|det\s+tager\s+jeg\s+til\s+mig|jeg\s+vil\s+gerne\s+forstå|det\s+kan\s+godt\s+være|fair\s+nok",
    _I,
)
_FACTS = re.compile(
    r"\bfx\b|f\.eks\.|for\s+eksempel|konkret|i\s+projekt|da\s+jeg|situationen|eksempel|data|tallene|mail"
    r"|tilbagemelding|dokumentere|referat|til\s+tiden",
    _I,
)
_ABSOLUTE = re.compile(r"\baltid\b|\baldrig\b|\bhele\s+tiden\b|\bingen\s+som\s+helst\b", _I)
_ATTACK = re.compile(
    r"\bdu\b[^.?!]{0,30}\b(?:altid|aldrig)\b|det\s+passer\s+(?:bare\s+)?ikke|det\s+er\s+løgn|det\s+er\s+forkert|det\s+er\s+ikke\s+rigtigt"
    r"|du\s+forstår\s+(?:ikke|slet\s+ikke|ingenting)|du\s+har\s+(?:slet\s+)?ingen|du\s+er\s+(?:urimelig|uretfærdig|unfair)"
    r"|urimeligt|uretfærdigt|unfair|latterligt|\bpjat\b|\bvrøvl\b|\bsludder\b|hold\s+nu\s+op|din\s+skyld|din\s+fejl"
    r"|fuldstændig\s+forkert|!!",
    _I,
)
_SHOUT = re.compile(r"\b[A-ZÆØÅ]{4,}\b")
_STEERS = re.compile(
    r"jeg\s+vil\s+(?:gerne|lige)\s+(?:nå|tale\s+om|sikre|have\s+talt)|inden\s+vi\s+(?:runder\s+af|går\s+videre|slutter)"
    r"|før\s+vi\s+(?:slutter|runder\s+af|går\s+videre)|kan\s+vi\s+(?:lige\s+)?(?:nå|tage|vende)"
    r"|det\s+vil\s+jeg\s+gerne\s+(?:tage|tale\s+om)|det\s+er\s+vigtigt\s+for\s+mig,?\s+at\s+vi|jeg\s+har\s+forberedt"
    r"|tilbage\s+til|dagsorden|mine\s+punkter|vores\s+punkter|en\s+anden\s+gang",
    _I,
)
_WHO = re.compile(
    r"\b(?:jeg|du|vi)\s+(?:sender|skriver|booker|undersøger|tilmelder|laver|finder|følger|tager|vender|kigger|giver"
    r"|melder|planlægger|kontakter|indkalder|sætter|afklarer|godkender|står\s+for|har\s+ansvaret|er\s+ansvarlig|gør)"
    r"|\b(?:jeg|du)\s+(?:skal|vil|kan)\s+(?:\w+\s+)?(?:sende|skrive|booke|undersøge|tilmelde|lave|finde|følge|tage"
    r"|kigge|give|melde|kontakte|indkalde|godkende|afklare)",
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
        first = max(0, min(idx - 4, len(words) - _MAX_QUOTE_WORDS))
        last = first + _MAX_QUOTE_WORDS - 1
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


class _Turns:
    def __init__(self, turns: list[dict]):
        self.all = [{"role": t.get("role", ""), "text": (t.get("text") or ""), "phase": t.get("phase") or ""}
                    for t in turns]
        self.employee = [t["text"] for t in self.all if t["role"] == "employee" and t["text"].strip()]
        self.usable = [t for t in self.employee if _usable(t)]

    def replies(self, is_occasion) -> list[tuple[str, str | None]]:
        """(manager text, the employee's answer or None) for each manager turn that is an occasion.

        The answer is the next employee turn before the manager speaks again.
        """
        out = []
        for i, t in enumerate(self.all):
            if t["role"] != "manager" or not is_occasion(t):
                continue
            reply = None
            for u in self.all[i + 1:]:
                if u["role"] == "manager":
                    break
                if u["role"] == "employee" and u["text"].strip():
                    reply = u["text"]
                    break
            out.append((t["text"], reply))
        return out


# --- criteria ---------------------------------------------------------------------------------
def _concrete_results(c: _Turns) -> Criterion:
    evidence: list[str] = []
    n_numbers = 0
    action = result = situation = False
    for text in c.usable:
        for m in _result_mentions(text):
            n_numbers += 1
            start = m.start if isinstance(m.start, int) else m.start()
            _add(evidence, _snippet(text, start))
        if (am := _ACTION.search(text)):
            action = True
            if not _result_mentions(text):
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
        q = extract_quote("number", next(t for t in c.usable if _result_mentions(t)))
        advice = (f"Godt, at du havde tal med ({q}). Gør det endnu stærkere ved at sige, hvad du selv gjorde: "
                  f"„Jeg [konkret handling], og det førte til {q}.“") if q else (
                  "Godt, at du havde tal med. Gør det endnu stærkere ved at sige, hvad du selv gjorde, og hvad "
                  "det førte til.")
    elif score == 2:
        advice = ("Du havde et konkret eksempel med. Sæt gerne tal på resultatet, fx hvor meget tid, hvor mange "
                  "sager eller hvor mange kunder det handlede om: „… og det betød, at [tal og enhed].“")
    else:
        vague = _vague_claim(c)
        if vague:
            advice = (f"Du sagde „{vague}“. Det er svært for din leder at bygge videre på. Prøv i stedet med et "
                      "konkret eksempel: „I [opgave eller projekt] gjorde jeg [din handling], og det betød, at "
                      "[resultat – gerne med et tal].“")
        else:
            advice = ("Du nævnte ingen konkrete resultater. Forbered to eller tre eksempler efter STAR-modellen: "
                      "situation, opgave, din handling og resultatet – gerne med et tal: „I [projekt] gjorde jeg "
                      "[handling], og det betød, at [resultat].“")
    return Criterion(id="concrete_results", title=CRITERIA["concrete_results"], score=score,
                     evidence=evidence, advice=advice)


def _vague_claim(c: _Turns) -> str | None:
    for text in c.usable:
        trig = classify_employee_turn(text)
        if "vague" in trig and "question" not in trig:
            return _first_sentence(text)
    return _first_sentence(c.usable[0]) if c.usable else None


def _i_form(c: _Turns) -> Criterion:
    jeg = man = vi = 0
    weak_quote = None
    good: list[str] = []
    for text in c.usable:
        for a, b in _sentence_spans(text):
            s = text[a:b]
            j, m = len(_JEG.findall(s)), len(_MAN.findall(s))
            v = len(_VI.findall(s)) - len(_VI_OK.findall(s))
            v = max(0, v) if "?" not in s else 0
            jeg, man, vi = jeg + j, man + m, vi + v
            if (m or v) and not j and weak_quote is None:
                weak_quote = _snippet(text, a)
            if j and len(good) < 2:
                good.append(_snippet(text, a))
    others = man + vi
    ratio = jeg / (jeg + others) if jeg + others else 0.0
    if jeg == 0:
        score = 0
    elif ratio >= 0.75 and jeg >= 3:
        score = 3
    elif ratio >= 0.5:
        score = 2
    else:
        score = 1
    evidence: list[str] = []
    if score >= 2:
        for g in good:
            _add(evidence, g)
    if weak_quote:
        _add(evidence, weak_quote)
    if score == 3 and not weak_quote:
        advice = "Du talte om dine egne bidrag i jeg-form. Det gør det tydeligt, hvad du selv har gjort."
    elif weak_quote:
        better = _to_jeg(weak_quote)
        advice = (f"Du sagde „{weak_quote}“. Hvis det var dig, der gjorde det, så sig det: „{better}“ – og nævn "
                  "gerne teamet bagefter. Jeg-form er ikke pral, det er fakta.")
    elif jeg == 0:
        advice = ("Du sagde ikke meget om dig selv. Begynd dine svar med „Jeg …“, fx „Jeg stod for [opgave], og "
                  "det betød [resultat].“")
    else:
        advice = "Brug jeg-form, når du fortæller om det, du selv har gjort, og „vi“, når det virkelig var teamet."
    return Criterion(id="i_form", title=CRITERIA["i_form"], score=score, evidence=evidence, advice=advice)


def _to_jeg(s: str) -> str:
    out = re.sub(r"\b[Mm]an\b|\b[Vv]i\b", lambda m: "Jeg" if m.group(0)[0].isupper() else "jeg", s)
    out = re.sub(r"\bos\b", "mig", out)
    return out


def _development_wishes(c: _Turns) -> Criterion:
    evidence: list[str] = []
    wishes = motivated = concrete = 0
    wish_object = None
    wish_text = None
    for text in c.usable:
        trig = classify_employee_turn(text)
        if "development_wish" not in trig and not (_WISH.search(text) and re.search(r"lære|udvikl|ansvar", text, _I)):
            continue
        wishes += 1
        wish_text = wish_text or text
        obj = extract_quote("development_wish", text)
        if _concrete_wish(obj):
            concrete += 1
            wish_object = wish_object or obj
        if _MOTIVATION.search(text):
            motivated += 1
        m = re.search(r"kurs|uddann|lære|udvikl|ansvar|certific|konference|mentor|blive\s+bedre|rolle", text, _I)
        _add(evidence, _snippet(text, m.start() if m else 0))
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
        advice = (f"Sig også hvorfor. Fx: „Jeg kunne godt tænke mig {obj}, fordi [det hjælper mig med …/teamet "
                  "med …].“ Begrundelsen gør det lettere for din leder at sige ja.")
    else:
        first = _first_sentence(wish_text or "")
        advice = (f"Du sagde „{_short(first)}“. Gør ønsket konkret: nævn kurset, området eller opgaven, fx "
                  "„Jeg vil gerne tage [kursus i …] i [periode], fordi …“.")
    return Criterion(id="development_wishes", title=CRITERIA["development_wishes"], score=score,
                     evidence=evidence, advice=advice)


_GENERIC_WISH = frozenset("kursus kurset kurser kurserne uddannelse uddannelsen efteruddannelse videreuddannelse "
                          "konference workshop workshops certificering mentor ansvar udvikling".split())
_ARTICLES = frozenset("et en nogle flere noget mere det".split())


def _concrete_wish(obj: str | None) -> bool:
    """"et kursus i projektledelse" and "dataanalyse" are concrete; "et kursus" and "mere ansvar" are not."""
    if not obj:
        return False
    words = [w for w in obj.lower().split() if w not in _ARTICLES]
    return bool(words) and (len(words) >= 2 or words[0] not in _GENERIC_WISH)


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
        advice = "Godt: Du kom selv med forslag til, hvordan tingene kan løses. Det gør det let for din leder at sige ja."
    elif score == 2:
        advice = (f"Godt, at du kom med et forslag („{_short(evidence[0])}“). Hav gerne et forslag klar til hvert "
                  "af dine vigtigste punkter – også når du nævner et problem.")
    elif score == 0:
        advice = (f"Du nævnte en udfordring („{_short(problem_quote)}“), men ikke, hvad der kunne hjælpe. Kom med dit "
                  "eget forslag: „Jeg foreslår, at [konkret tiltag]. Hvad tænker du om det?“")
    else:
        advice = ("Du kom ikke med egne forslag i denne samtale. Når du ønsker noget, så foreslå selv et næste "
                  "skridt: „Mit forslag er, at [tiltag], så [effekt].“")
    return Criterion(id="proposed_solutions", title=CRITERIA["proposed_solutions"], score=score,
                     evidence=evidence, advice=advice)


def _is_feedback(t: dict) -> bool:
    return bool(_SOFT_FEEDBACK.search(t["text"]))


def _clarifying_questions(c: _Turns) -> Criterion:
    evidence: list[str] = []
    occasions = c.replies(_is_feedback)
    asked = 0
    missed_mgr = None
    for mgr, reply in occasions:
        if reply and "clarifying_question" in classify_employee_turn(reply):
            asked += 1
            _add(evidence, _snippet(reply, _question_pos(reply)))
        elif missed_mgr is None:
            missed_mgr = mgr
    any_clarify = [t for t in c.usable if "clarifying_question" in classify_employee_turn(t)]
    any_question = [t for t in c.usable if "question" in classify_employee_turn(t)]
    for t in any_clarify + any_question:
        _add(evidence, _snippet(t, _question_pos(t)))
    example = "„Kan du give et eksempel på en situation, hvor du oplevede det?“"
    if occasions:
        share = asked / len(occasions)
        if asked and share >= 0.99:
            score = 3
        elif share >= 0.5:
            score = 2
        elif asked or any_clarify or any_question:
            score = 1
        else:
            score = 0
        if score == 3:
            advice = ("Godt: Når lederens feedback var pakket ind, spurgte du ind til den. Sådan finder du ud af, "
                      "hvad der egentlig menes, før I springer til løsninger.")
        else:
            advice = (f"Da lederen sagde „{_short(_soft_part(missed_mgr or occasions[0][0]))}“, lå der sandsynligvis "
                      f"kritik i det. Spørg ind, før du svarer: {example} eller „Hvad skal jeg helt konkret gøre "
                      "anderledes?“")
        return Criterion(id="clarifying_questions", title=CRITERIA["clarifying_questions"], score=score,
                         evidence=evidence, advice=advice)
    if any_clarify:
        score = 3
    elif any_question:
        score = 2
    else:
        score = 1
    advice = ("Lederens feedback var ikke pakket ind i denne samtale, så der var ikke brug for opklarende "
              "spørgsmål. ")
    if score == 1:
        advice += ("Du stillede heller ingen spørgsmål. Forbered et par stykker, og hvis feedback bliver vag, så "
                   f"spørg: {example}")
    else:
        advice += f"Godt, at du stillede spørgsmål undervejs. Husk dem også, når feedback bliver vag: {example}"
    return Criterion(id="clarifying_questions", title=CRITERIA["clarifying_questions"], score=score,
                     evidence=evidence, advice=advice, occasion=False)


def _question_pos(text: str) -> int:
    q = text.find("?")
    if q < 0:
        return 0
    spans = [a for a, b in _sentence_spans(text) if a <= q < b]
    return spans[0] if spans else 0


def _soft_part(manager_text: str) -> str:
    m = _SOFT_FEEDBACK.search(manager_text) or _MANAGER_DISAGREES.search(manager_text)
    if not m:
        return _first_sentence(manager_text, 8)
    for a, b in _sentence_spans(manager_text):
        if a <= m.start() < b:
            s = manager_text[a:b].strip()
            # the softened part often sits between dashes: "… – men …"
            part = re.split(r"\s[–-]\s", s)
            for p in part:
                if _SOFT_FEEDBACK.search(p) or _MANAGER_DISAGREES.search(p):
                    return p.strip(" .")
            return s
    return _first_sentence(manager_text, 8)


def _calm_disagreement(c: _Turns) -> Criterion:
    evidence: list[str] = []
    occasions = c.replies(lambda t: bool(_MANAGER_DISAGREES.search(t["text"])))
    replies = [r for _, r in occasions if r]
    own = [t for t in c.usable if "disagree" in classify_employee_turn(t) and t not in replies]
    scores = []
    attack_quote = None
    for reply in replies + own:
        ack, facts = bool(_ACK.search(reply)), bool(_FACTS.search(reply) or _result_mentions(reply))
        atk = _ATTACK.search(reply) or _SHOUT.search(reply)
        if atk:
            attack_quote = attack_quote or _snippet(reply, atk.start())
            scores.append(1 if (ack or facts) else 0)
        elif ack and facts:
            scores.append(3)
        elif ack or facts:
            scores.append(2)
        else:
            scores.append(1)
        m = _ACK.search(reply) or _FACTS.search(reply)
        if atk:
            _add(evidence, _snippet(reply, atk.start()))
        elif m:
            _add(evidence, _snippet(reply, m.start()))
    good = "„Jeg kan godt se, at du oplever det sådan. Jeg ser det lidt anderledes, fordi [konkret eksempel]. Hvordan ser du det?“"
    if not scores:
        any_attack = next((t for t in c.usable if _ATTACK.search(t)), None)
        if any_attack:
            q = _snippet(any_attack, _ATTACK.search(any_attack).start())
            _add(evidence, q)
            return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=1, evidence=evidence,
                             advice=(f"Lederen var ikke uenig i denne samtale, men du sagde „{_short(q)}“. Undgå "
                                     f"absolutte ord som „altid“ og „aldrig“ – hold dig til konkrete situationer."),
                             occasion=False)
        return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=2, evidence=[],
                         advice=("Lederen var ikke uenig i denne samtale, så der var ikke anledning til at øve det. "
                                 f"Hvis det sker, så anerkend først og kom så med fakta: {good}"),
                         occasion=False)
    score = int(sum(scores) / len(scores) + 0.5)
    if attack_quote:
        advice = (f"Du sagde „{_short(attack_quote)}“. Absolutte ord og angreb får din leder til at forsvare sig i "
                  f"stedet for at lytte. Sig hellere: {good}")
    elif score == 3:
        advice = ("Godt håndteret: Du anerkendte lederens syn og underbyggede dit eget med konkrete eksempler. "
                  "Spørg gerne til sidst, hvordan lederen ser det i lyset af dit eksempel.")
    elif occasions and not replies:
        advice = f"Lederen var uenig, men du svarede ikke på det. Tag det op roligt: {good}"
    else:
        advice = (f"Du kan stå stærkere i uenigheden ved både at anerkende lederens syn og komme med fakta: {good}")
    return Criterion(id="calm_disagreement", title=CRITERIA["calm_disagreement"], score=min(score, 3),
                     evidence=evidence, advice=advice)


def _steering_back(c: _Turns) -> Criterion:
    evidence: list[str] = []

    def is_occasion(t: dict) -> bool:
        return t["phase"] == DRIFT or bool(_MANAGER_DRIFT.search(t["text"]) or _MANAGER_SKIPS.search(t["text"]))

    occasions = c.replies(is_occasion)
    scores = []
    missed = None
    for mgr, reply in occasions:
        if reply is None:
            continue
        trig = classify_employee_turn(reply)
        m = _STEERS.search(reply)
        if "steer_back" in trig or m:
            scores.append(3)
            _add(evidence, _snippet(reply, m.start() if m else 0))
        else:
            scores.append(0 if _words(reply) >= 6 else 1)
            missed = missed or mgr
    next_topic = _next_topic(c)
    good = f"„Det må vi tage en anden gang. Skal vi vende tilbage til {next_topic}?“"
    if not scores:
        proactive = next((t for t in c.usable if "steer_back" in classify_employee_turn(t) or _STEERS.search(t)), None)
        if proactive:
            m = _STEERS.search(proactive)
            _add(evidence, _snippet(proactive, m.start() if m else 0))
        return Criterion(id="steering_back", title=CRITERIA["steering_back"], score=3 if proactive else 2,
                         evidence=evidence, occasion=False,
                         advice=("Lederen holdt sig til dagsordenen i denne samtale, så der var ikke brug for at "
                                 "styre tilbage. " + ("Godt, at du alligevel holdt fokus på dine punkter."
                                                      if proactive else
                                                      f"Hvis samtalen kommer på et sidespor, så sig venligt: {good}")))
    score = int(sum(scores) / len(scores) + 0.5)
    if score == 3:
        advice = "Godt: Når samtalen kom på et sidespor, førte du den venligt tilbage til dagsordenen."
    else:
        advice = (f"Da lederen sagde „{_short(_first_sentence(missed or occasions[0][0], 9))}“, fulgte du med ud på et "
                  f"sidespor. Før samtalen venligt tilbage, så dine punkter ikke bliver glemt: {good}")
    return Criterion(id="steering_back", title=CRITERIA["steering_back"], score=score, evidence=evidence,
                     advice=advice)


def _next_topic(c: _Turns) -> str:
    for t in c.all:
        if t["role"] == "manager" and t["phase"] in ("development", "goals"):
            return "min udvikling" if t["phase"] == "development" else "mine mål"
    return "min udvikling"


def _next_steps(c: _Turns) -> Criterion:
    evidence: list[str] = []
    closing = [t["text"] for t in c.all
               if t["role"] == "employee" and t["phase"] in ("goals", "summary") and _usable(t["text"])]
    if not closing:
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
    wish = None
    for text in c.usable:
        wish = extract_quote("development_wish", text)
        if wish:
            break
    thing = f"et forslag til {wish}" if wish else "et forslag"
    example = (f"„Så jeg sender dig {thing} inden [dato], og vi følger op på vores næste 1:1. Er det en aftale?“")
    if score == 3:
        advice = ("Godt: I sluttede med en aftale om, hvem der gør hvad, og hvornår. Send gerne en kort mail med "
                  "aftalerne bagefter.")
    elif score == 0:
        advice = (f"Samtalen sluttede uden konkrete aftaler. Sørg selv for at runde af med hvem, hvad og hvornår: "
                  f"{example}")
    else:
        missing = [name for name, ok in (("hvem", who), ("hvad", what), ("hvornår", when)) if not ok]
        advice = (f"Du var på vej mod en aftale, men det var uklart {' og '.join(missing) or 'hvordan I følger op'}. "
                  f"Gør det konkret: {example}")
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


# keep the phase titles importable from here for the debrief UI
PHASE_TITLES = {pid: p.title for pid, p in PHASE_BY_ID.items()}
