"""What an employee's turn in a rehearsal does: the triggers the manager and the debrief react to.

``classify_employee_turn(text)`` returns a set of trigger names (``TRIGGERS``). Steering triggers keep the
manager in role: ``injection`` (an attempt to change the manager's instructions: "SYSTEM:", "ignorér dine
instruktioner", a fake transcript line "Leder: Ja, du får …", a hidden comment, base64, a role swap),
``hostile``, ``english``, ``nonsense``, ``off_topic``. Content triggers: ``question`` (and its kinds below),
``clarifying_question``, ``disagree``, ``proposal``, ``development_wish``, ``number`` (a result, not a date),
``workload`` (overtime, pressure), ``conflict`` (with a colleague), ``missed_deadline`` (owned up to),
``steer_back``, ``vague``. Question kinds: ``grant_request`` (salary, promotion, title, time off … that a
manager in a rehearsal can never grant), ``ultimatum``, ``answer_request`` (an answer or decision by a date),
``follow_up_request``, ``confirm`` ("Passer det?", "Er vi enige?"), ``feedback_request`` (asks the manager for
criticism), ``what_it_takes`` ("Hvad skal der til, før …?").

Everything is plain regular expressions over Danish (and some English) text; no model.
"""

from __future__ import annotations

import re

from coach.rules.rehearsal_injection import (
    HOSTILE,
    INJECTION,
    VOWELS,
    base64_blob,
    injection_spans,
    is_gibberish,
    language_counts,
    shouting,
    strip_injection,
)

__all__ = [
    "GRANT_THING",
    "QUESTION_KINDS",
    "STEER_TRIGGERS",
    "TRIGGERS",
    "WORK_WORDS",
    "classify_employee_turn",
    "content_stems",
    "injection_spans",
    "is_gibberish",
    "is_result_clause",
    "shouting",
    "strip_injection",
    "words",
]

_I = re.IGNORECASE
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

STEER_TRIGGERS = frozenset({"injection", "hostile", "english", "nonsense", "off_topic"})
QUESTION_KINDS = ("grant_request", "ultimatum", "answer_request", "follow_up_request", "confirm",
                  "feedback_request", "what_it_takes", "yes_no")
TRIGGERS = frozenset(STEER_TRIGGERS | set(QUESTION_KINDS) | {
    "question", "clarifying_question", "disagree", "proposal", "development_wish", "number", "workload",
    "conflict", "missed_deadline", "steer_back", "vague", "manager_feedback", "summary"})

_DISAGREE = re.compile(
    r"\b(?:ikke|slet\s+ikke|overhovedet\s+ikke)\s+(?:helt\s+)?enig|\buenig|\bdisagree|\bdon'?t\s+agree"
    r"|det\s+passer\s+(?:bare\s+)?ikke|det\s+er\s+(?:ikke\s+rigtigt|forkert|ikke\s+fair|urimeligt|bare\s+unfair)"
    r"|\bunfair\b|ser\s+det\s+(?:lidt\s+|helt\s+)?anderledes|oplever\s+det\s+(?:lidt\s+|helt\s+)?anderledes"
    r"|det\s+kan\s+jeg\s+ikke\s+(?:genkende|se)|genkender\s+(?:ikke|jeg\s+ikke)|ser\s+(?:mit\s+år\s+)?(?:lidt\s+)?forskelligt"
    r"|det\s+(?:mener|synes)\s+jeg\s+(?:nu\s+)?ikke|vil\s+(?:gerne\s+)?nuancere|\bnuancere\b|andet\s+indtryk"
    r"|det\s+er\s+jeg\s+ikke\s+(?:sikker\s+på|enig)|ikke\s+(?:kun\s+|bare\s+)?min\s+skyld|ser\s+(?:jeg\s+)?(?:ikke|det\s+ikke)\s+(?:helt\s+)?sådan"
    r"|oplever\s+det\s+ikke\s+sådan|ikke\s+helt\s+sådan,?\s+jeg\s+husker|\bdisagree",
    _I,
)
_CLARIFY = re.compile(
    r"eksempel|konkret|hvad\s+mener\s+du|hvad\s+tænker\s+du\s+(?:helt\s+)?(?:konkret\s+)?på|uddybe|præcist"
    r"|forstår\s+jeg\s+(?:dig\s+)?(?:ret|rigtigt)|hvordan\s+skal\s+jeg\s+forstå|hvad\s+betyder|hvad\s+har\s+du\s+lagt\s+mærke"
    r"|hvad\s+ligger\s+der\s+i|hvad\s+skal\s+jeg\s+(?:konkret\s+)?gøre|hvad\s+kan\s+jeg\s+(?:konkret\s+)?gøre"
    r"|hvornår\s+har\s+du\s+oplevet|hvilke\s+(?:\w+\s+)?(?:situationer|sager|opgaver|eksempler)|hvilken\s+(?:situation|sag|opgave)"
    r"|tænker\s+du\s+på|hvem\s+er\s+['‘’\"«»]?man\b|betyder\s+det\s+(?:så\s+)?(?:at|nej|ja)|handler\s+det\s+om|drejer\s+det\s+sig\s+om"
    r"|når\s+du\s+siger\b[^?]*\?|er\s+det\s+mine?\s+\w+,?\s+(?:det|du)\b"
    r"|hvem\s+har\s+oplevet|hvor\s+ofte|hvad\s+(?:er|var)\s+det\s+helt\s+præcist|hvad\s+vil\s+du\s+gerne\s+have,\s+at\s+jeg"
    r"|hvad\s+skal\s+der\s+til|hvad\s+skal\s+du\s+se|hvad\s+(?:skal|bør)\s+jeg\s+gøre\s+anderledes|gøre\s+anderledes"
    r"|\bexample|what\s+do\s+you\s+mean|what\s+exactly|can\s+you\s+explain|concrete|specific"
    r"|hvem\s+har\s+(?:sagt|oplevet|klaget)|hvornår\s+(?:var|skete)\s+det|hvad\s+skete\s+der|kan\s+jeg\s+forstå\s+det\s+sådan"
    r"|forstår\s+jeg\s+det\s+rigtigt|sætte\s+ord\s+på|hvad\s+er\s+det,?\s+du\s+savner|hvad\s+ville\s+du\s+gerne\s+se"
    r"|hvor\s+mange\s+(?:\w+\s+){0,2}(?:har|er\s+det|drejer)|(?:drejer|handler)\s+det\s+sig\s+om|hvilke\s+tal"
    r"|hvad\s+(?:bygger|baserer)\s+du\s+det\s+på|hvor\s+(?:kommer|stammer)\s+det\s+fra|kigger\s+du\s+på\b"
    r"|hvad\s+(?:handler|går)\s+det\s+ud\s+på|hvem\s+(?:drejer|handler)\s+det\s+(?:sig\s+)?om|which\s+numbers|who\s+complained",
    _I,
)
_QUESTION_START = re.compile(
    r"^\s*(?:hvad|hvordan|hvorfor|hvornår|hvem|hvilke|hvilken|hvilket|hvor|kan\s+du|vil\s+du|skal\s+vi|"
    r"kan\s+vi|må\s+jeg|er\s+det|har\s+du|er\s+der)\b", _I)
_STEER_BACK = re.compile(
    r"vende\s+tilbage\s+til|tilbage\s+til\s+(?:punktet|emnet|dagsordenen|det\s+vi|min|mine|mit|vores|samtalen)"
    r"|holde\s+os\s+til|dagsorden|(?:nå|når)\s+at\s+(?:tale|snakke|sige)|(?:vil|skal)\s+(?:gerne\s+)?(?:lige\s+)?nå\b"
    r"|sikre\s+mig,?\s+at\s+vi|inden\s+vi\s+(?:går\s+videre|runder\s+af|slutter)|så\s+vi\s+når"
    r"|før\s+vi\s+(?:går\s+videre|runder\s+af|slutter|fortsætter)|det\s+må\s+vi\s+tage\s+en\s+anden\s+gang"
    r"|(?:kan|skal)\s+vi\s+(?:lige\s+)?(?:tage|nå)\s+(?:punktet|mine|min|det\s+om)|helst\s+ikke\s+tage\s+(?:det|den)\s+på\s+mail"
    r"|hellere\s+have\s+nye|i\s+stedet\s+for\s+at\s+genbruge|for\s+en\s+god\s+ordens\s+skyld|kan\s+vi\s+(?:ikke\s+)?(?:lige\s+)?aftale\s+nu",
    _I,
)
_PROPOSAL = re.compile(
    r"jeg\s+foreslår|foreslår\s+jeg|mit\s+forslag|forslag\s*:|hvad\s+hvis\s+(?:vi|jeg)|\bi\s+(?:propose|suggest)"
    r"|my\s+proposal|could\s+we\s+(?:try|have|do)|(?:kan|skal|kunne)\s+vi\s+(?:ikke\s+)?(?:prøve|indføre|starte|lave|holde|samle)"
    r"|det\s+ville\s+hjælpe\s+(?:mig|os)(?:\s+(?:meget|rigtig\s+meget))?,?\s+hvis|would\s+help\s+me"
    r"|jeg\s+kan\s+(?:godt\s+)?(?:skrive|tage|lave|sende|stå\s+for|samle|melde)\b"
    r"|mål\s+kunne\s+være|som\s+mål|målet\s+er|mit\s+mål\s+er|mine\s+mål\s+er|\bmy\s+goals|foreslår\s+jeg\s+(?:to|tre)\s+(?:mål|ting)",
    _I,
)
_OFF_TOPIC = re.compile(
    r"fodbold|håndbold|kampen|halvleg|vejret|regnet|netflix|\bserie[rn]?\b|\bfilm(?:en)?\b|opskrift|aftensmad|madpakke"
    r"|julefrokost|kantine|frokosten|kaffemaskine|printer|fredagsbar|ferieplaner|katten|hunden|weekenden|kæreste"
    r"|svoger|kartofler|syltetøj|til\s+min\s+(?:søster|mor|bror|mand|kone)",
    _I,
)
WORK_WORDS = re.compile(
    r"opgave|projekt|kursus|kurser|\bmål\b|team|kolleg|leder|samarbejd|trivsel|udvikl|resultat|kunde"
    r"|arbejd|ansvar|møde|deadline|\bmus\b|samtale|dagsorden|borger|patient|elev|sag",
    _I,
)
_VAGUE = re.compile(
    r"\bved\s+(?:det\s+)?ikke\b|\bikke\s+noget\b|\bintet\s+særligt|\bikke\s+rigtig\b|\bhelt\s+fint\b"
    r"|\bfint\s+nok\b|\bdet\s+(?:går|gik|er|var)\s+(?:fint|godt|ok|okay)\b|\btja\b|måske\s+noget"
    r"|et\s+eller\s+andet|ingen\s+kommentarer|\balt\s+er\s+fint|\bsådan\s+cirka|som\s+det\s+plejer",
    _I,
)
DEV_NOUN = (r"(?:efter|videre)?uddannelse[n]?|kurs(?:us|et|er|erne)|certificering(?:en)?|certifikat(?:et)?|konference(?:n|r)?"
            r"|workshop(?:s)?|mentor(?:ordning)?|sidemandsoplæring|job\s+shadowing|mere\s+ansvar|diplommodul(?:et)?"
            r"|lederrolle(?:n)?|projektlederrolle(?:n)?|specialisering|nye\s+opgaver|tovholder(?:rollen)?|netværk(?:et)?")
_DEV = re.compile(
    rf"(?:{DEV_NOUN})|\blære\s+(?:mere|at|om|nyt|vores)|blive\s+(?:bedre|dygtigere|stærkere)\s+til|specialisere\s+mig"
    r"|udvikle\s+mig|\bvidereuddanne|karriere|\bavancere|ønske\s+om\s+at|udviklingsønske|\bcourse\b|\bcertificate"
    r"|\bmentor|\blearn\b|\btraining\b|(?:vil\s+gerne|kunne\s+godt\s+tænke\s+mig\s+at|ønsker\s+at)\s+lære\s+\w+|være\s+(?:med\s+i|en\s+del\s+af)\s+\w+|tage\s+(?:mere\s+)?ansvar|ansvar(?:et)?\s+for"
    r"|prøve\s+kræfter\s+med|arbejde\s+mere\s+med|rolle\s+som|stilling\s+som|blive\s+(?:tovholder|ansvarlig|specialist"
    r"|teamleder|formidlingsansvarlig|\w+ansvarlig)|uddannelse\w*|specialuddannelse",
    _I,
)
_WORKLOAD = re.compile(
    r"overarbejde|overtime[rn]?|merarbejde|ekstra\s+timer|extra\s+hours|\bovertime\b|\bstress|presset|pres(?:set)?\s+har"
    r"|for\s+meget\s+at\s+lave|ikke\s+holdbart|slider|\bløbet\s+stærkt|blev\s+til\s+kl|weekender\s+i\s+træk"
    r"|worked\s+a\s+lot|evenings|underbemand|manglede\s+(?:en|to)\s+kolleg|kunderne\s+råber|i\s+kø\b",
    _I,
)
_CONFLICT = re.compile(
    r"(?i:samarbejd\w*|konflikt\w*|uenige?)\s+(?:med|om)\s+(?:en\s+)?(?:(?i:kolleg)|[A-ZÆØÅ][a-zæøå]+)|(?i:det\s+er\s+(?:ham|hende))"
    r"|gider\s+ikke\s+arbejde\s+sammen|problemet,?\s+ikke\s+mig|råbte\s+ad|for\s+skarp|melder\s+sig\s+syg"
    r"|\b(?:HAM|HENDE)\b|der\s+bare\s+sidder",
    0,
)
_MISSED = re.compile(
    r"(?:kom|blev)\s+(?:\w+\s+){0,2}for\s+sent|overskred\w*\s+(?:fristen|deadline)|deadline\s+skred|skred\s+(?:i|en)"
    r"|bagud|min\s+fejl|burde\s+have|missed\s+(?:the\s+)?deadline",
    _I,
)
GRANT_THING = re.compile(
    r"\bløn(?:forhøjelse\w*|stigning\w*|tillæg\w*|nen|en)?\b|\bbonus\w*|forfremmelse\w*|forfremmet|souschef\w*"
    r"|formandsstilling\w*|formandspost\w*|(?:blive|være|som)\s+formand\b|titel\w*|\b(?:fast|ny|højere)\s+stilling\b"
    r"|stillingen\s+som|\b(?!(?:ud|be|fore|ind|frem|op|af|til|om|for|sammen|efter)stilling)\w+stilling(?:en)?\b|fastansættelse|fri\s+hver|fridag\w*|nedsat\s+tid|\b32\s+timer"
    r"|\braise\b|promotion|salary|\bbevilg\w*|\bgodkend\w*",
    _I,
)
_ASK = re.compile(
    r"\bkan\s+(?:vi|du|jeg)\b|\bvil\s+du\b|\bmå\s+jeg\b|\bskal\s+vi\b|\bgiv\s+mig\b|\bhvad\s+siger\s+du\s+til|\bcould\s+(?:i|we|you)"
    r"|\bshall\s+we|\bcan\s+(?:i|we|you)|\bkan\s+vi\s+(?:så\s+)?blive\s+enige|\bjeg\s+vil\s+(?:have|gerne\s+have)\b",
    _I,
)
_ULTIMATUM = re.compile(r"\bellers\s+(?:siger\s+jeg\s+op|ved\s+jeg\s+ikke|går\s+jeg|stopper\s+jeg)|\bor\s+i\s+(?:quit|leave)", _I)
_ANSWER_REQ = re.compile(
    r"(?:giver?|får)\s+(?:mig\s+)?(?:et\s+)?svar|svare[rt]?\s+(?:mig\s+)?(?:på|om|inden|senest)|\bja\s+eller\s+nej"
    r"|yes\s+or\s+no|beslutning|tilmelde\s+mig|undersøge,?\s+om", _I)
_FOLLOW_REQ = re.compile(r"følge\s+op|opfølgning|se\s+på\s+det\s+igen|kigge\s+på\s+det\s+igen|follow\s+up|check\s+in"
                         r"|vende\s+tilbage\s+til\s+det|sætte\s+en\s+(?:dato|opfølgning)|et\s+fast\s+kvarter", _I)
# a proposal that asks for a yes, shared with the agreements: "…, ikke?" and "prøver vi det i fire uger?"
TAG_WORDS = r"ikke(?:\s+også)?|ok(?:ay)?|ja|right|ikke\s+sandt"
ASKS_YES = r"(?:prøver|starter|gør|tager|siger)\s+(?:vi|du)\s+(?:det|den|dem|så)\b"
_CONFIRM = re.compile(r"\b(?:passer\s+det(?:\s+dig)?|er\s+vi\s+enige|er\s+det\s+en\s+aftale|er\s+det\s+i\s+orden|deal"
                      r"|lyder\s+det\s+(?:godt|fint)|okay\s+med\s+dig|er\s+du\s+med)\s*\?"
                      rf"|[,–-]\s*(?:{TAG_WORDS})\s*\?|\bkan\s+vi\s+(?:så\s+)?aftale,?\s+at\b[^?]*\?|\b{ASKS_YES}[^?]*\?", _I)
_FEEDBACK_REQ = re.compile(r"(?:er\s+der\s+noget|hvad),?\s+(?:du\s+synes,?\s+)?(?:jeg\s+skal|jeg\s+kan|jeg\s+bør)\s+gøre\s+anderledes"
                           r"|gøre\s+anderledes\?|giv\s+mig\s+(?:gerne\s+)?(?:et\s+konkret\s+)?eksempel|din\s+kritik|hvad\s+har\s+du\s+lagt\s+mærke", _I)
_WHAT_IT_TAKES = re.compile(r"hvad\s+skal\s+(?:der\s+til|du\s+se|jeg\s+gøre),?\s+(?:før|for\s+at)|what\s+does\s+it\s+take", _I)
_MANAGER_FEEDBACK = re.compile(
    r"feedback\s+(?:til\s+dig|for\s+you)|\bom\s+dig\s*\?|\bjeg\s+savner|det,?\s+jeg\s+savner|sætter\s+pris\s+på,?\s+at\s+du"
    r"|\bi\s+like\s+that\s+you|\bdu\s+er\s+(?:aldrig|altid|tydelig|klar\s+i\s+mælet)|\bjeg\s+er\s+glad\s+for,?\s+at\s+du"
    r"|\bdu\s+(?:retter\s+mig|sidder\s+på\s+kontoret|hører\s+kun)\b|har\s+savnet", _I)
_SUMMARY = re.compile(
    r"\bså\s+(?:aftaler|siger)\s+vi|\bså\s+er\s+vi\s+enige|\bså\s+aftalen\s+er|\bopsummering\s*:|\bhvis\s+jeg\s+(?:skal\s+)?samle"
    r"|\bto\s+sum\s+up|\bgod\s+ordens\s+skyld|\bså\s+ja\s+jeg|^\s*so\s*:|\blad\s+os\s+opsummere|\bsamler\s+jeg\s+op", _I)
_YES_NO = re.compile(r"(?:^|[.!?]\s+|,\s+)(?:skal|kan|må|vil|er)\s+(?:vi|jeg|du|det)\b|\b(?:could|shall|can)\s+(?:we|i)\b"
                     r"|\bis\s+that\s+(?:okay|ok|fine)", _I)
_NUM = re.compile(r"\d")
_TARGET = re.compile(r"\bmål\b|målet|foreslår|forslag|\binden\b|\bsenest\b|\bskal\b|\bvil\s+gerne\b|goal|\bbefore\b", _I)

try:
    from coach.rules.numbers import extract_numbers as _extract_numbers
except ImportError:  # pragma: no cover
    _extract_numbers = None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


_STEM_WORD = re.compile(r"[^\W\d_]{5,}")
_FUNCTION = frozenset(
    ["synes", "synte", "altså", "måske", "noget", "nogle", "nogen", "meget", "ikke", "også", "gerne", "lidt", "rigtig", "rigtigt", "bare", "sådan", "egentlig", "tror", "troede", "hvad", "hvordan", "hvorfor", "hvornår", "fordi", "efter", "inden", "omkring", "mellem", "derfor", "sammen", "under", "andre", "anden", "andet", "kunne", "skulle", "ville", "være", "været", "blive", "bliver", "blevet", "havde", "faktisk", "selvfølgelig", "okay", "nemlig", "stadig", "allerede", "aldrig", "altid", "næsten", "igen", "endnu", "heller", "hvis", "eller", "siden", "selvom", "imens", "måtte", "kommer", "komme", "gøre", "gjorde", "første", "sidste", "vores", "deres", "jeres", "hende", "hinanden", "ingen", "intet", "virkelig", "lige", "ellers", "lyder", "mening", "though", "about", "would", "could", "should", "their", "there", "which", "where", "what", "thanks", "hello", "sorry", "really"])


def content_stems(text: str) -> set[str]:
    """Stems (first five letters) of the content words of a text: words of 5+ letters that are not function words."""
    return {w[:5].lower() for w in _STEM_WORD.findall(text) if w.lower() not in _FUNCTION}


def result_mentions(text: str) -> list:
    """Number mentions that look like results (not years, dates, week numbers or a bare 'en'/'et')."""
    if _extract_numbers is None:  # pragma: no cover
        return list(re.finditer(r"\d+", text))
    out = []
    for m in _extract_numbers(text):
        if m.kind in ("year", "date", "week", "quarter"):
            continue
        if abs(m.value - 1) < 1e-9 and not re.search(r"\d", m.raw):
            continue
        out.append(m)
    return out


_TAG_QUESTION = re.compile(r"(?:,\s*(?:ikke|vel|eller\s+hvad|right)|synes\s+du\s+ikke|\bikke\s+sandt)\s*\?\s*$", _I)


_SENTENCE_END = re.compile(r"(?<!\d)(?<!\bkl)(?<!\bca)(?<!\bfx)(?<!\bnr)(?<!\bdvs)[.!?]+(?:\s+|$)|(?<=\d)[.!?](?=\s+[A-ZÆØÅ]|\s*$)|(?<=\?)\s*|\n+")


def sentences(text: str) -> list[str]:
    """Sentences; "inden 1. marts" is not a sentence end, "den 14. Kan vi …" is."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start and text[start:m.end()].strip():
            out.append(text[start:m.end()].strip())
            start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _questions(text: str) -> list[str]:
    """Real questions: not a tag ("…, ikke?") and not a one- or two-word echo ("Udvikling?", "Om dig?")."""
    parts = sentences(text)
    return [p for p in parts if (p.strip().endswith("?") or _QUESTION_START.search(p))
            and (not _TAG_QUESTION.search(p) or _AGREEMENT_TAG.search(p)) and len(words(p)) > 2]


# a tag that asks for a yes to something to be done by someone at a time: "dem tager du med på mødet den 4., ikke?"
_AGREEMENT_TAG = re.compile(r"\b(?:du|vi|jeg)\b.*\b(?:inden|senest|før|fra|i\s+(?:næste|denne)|på\s+\w*mødet|den\s+\d|i\s+uge)\b", _I)


def classify_employee_turn(text: str | None) -> set[str]:
    """Triggers found in the employee's message (see ``TRIGGERS``); ``{"vague"}`` for an empty one."""
    text = (text or "").strip()
    if not text:
        return {"vague"}
    found: set[str] = set()
    ws = words(text)
    da, en = language_counts(text, ws)
    if INJECTION.search(text) or base64_blob(text):
        found.add("injection")
    if HOSTILE.search(text) or shouting(text):
        found.add("hostile")
    if (en >= 2 and en > 2 * da) or (en >= 1 and da == 0 and len(ws) <= 3 and en * 2 >= len(ws)):
        found.add("english")
    if not ws and not _NUM.search(text):
        found.add("nonsense")
    elif ws:
        gib = sum(is_gibberish(w) for w in ws)
        long_words = [w for w in ws if len(w) >= 3]
        ratio = sum(len(VOWELS.findall(w)) for w in long_words) / max(1, sum(map(len, long_words)))
        if gib and gib * 2 >= len(ws) and gib > da or long_words and ratio < 0.25 and da == 0 and en == 0:
            found.add("nonsense")
    if _OFF_TOPIC.search(text) and not WORK_WORDS.search(text):
        found.add("off_topic")
    if _STEER_BACK.search(text):
        found.add("steer_back")
    questions = _questions(strip_injection(text) if "injection" in found else text)
    if questions:
        found.add("question")
        q = " ".join(questions)
        if _CLARIFY.search(q):
            found.add("clarifying_question")
        if _FEEDBACK_REQ.search(q):
            found.add("feedback_request")
        if _WHAT_IT_TAKES.search(q):
            found.add("what_it_takes")
        if _CONFIRM.search(q) or re.search(r"\bdeal\s*\?", q, _I):
            found.add("confirm")
        if _ASK.search(q) or _ULTIMATUM.search(text):
            if _asks_grant(q):
                found.add("grant_request")
            if _ANSWER_REQ.search(q):
                found.add("answer_request")
            if _FOLLOW_REQ.search(q):
                found.add("follow_up_request")
        if _YES_NO.search(q) and not found & set(QUESTION_KINDS):
            found.add("yes_no")
    if _ULTIMATUM.search(text):
        found.add("ultimatum")
    if _DISAGREE.search(text):
        found.add("disagree")
    if _PROPOSAL.search(text):
        found.add("proposal")
    if _DEV.search(text):
        found.add("development_wish")
    if _WORKLOAD.search(text):
        found.add("workload")
    if _CONFLICT.search(text):
        found.add("conflict")
    if _MISSED.search(text):
        found.add("missed_deadline")
    if _MANAGER_FEEDBACK.search(text):
        found.add("manager_feedback")
    if _SUMMARY.search(text):
        found.add("summary")
    if any(is_result_clause(_around(text, m)) for m in result_mentions(text)):
        found.add("number")
    if len(ws) < 6 or (_VAGUE.search(text) and len(ws) < 12 and "number" not in found):
        found.add("vague")
    return found


_GRANT_AS_ANSWER = re.compile(r"\bsvar\s+(?:på|om)\s+(?:\w+\s+){0,2}$", _I)


def _asks_grant(question: str) -> bool:
    """The question asks for something no manager can grant in a rehearsal (not just for an answer about it)."""
    for m in GRANT_THING.finditer(question):
        if not _GRANT_AS_ANSWER.search(question[:m.start()]):
            return True
    return False


_RESULT_CUE = re.compile(
    r"faldt|steg|gik\s+(?:fra|ned|op)|gået\s+fra|\bfra\b[^.,;]{0,40}\btil\b|i\s+stedet\s+for|\bmod\b|\b\d+\s+af\s+\d+|\bnu\b|færre|flere"
    r"|mere\s+end|sparer|sparet|halver|fordobl|reducer|øge|\bop\s+fra|\bned\s+fra|went\s+from|\bfrom\b.*\bto\b|accepted"
    r"|\bzero\b|\bnul\b|til\s+tiden|behandlede|afsluttede|leverede|oplærte|trænede|rekrutterede|\bhaft\s+\d|\bbrugte"
    r"|gennemførte|\bkom\s+i\s+job|\bvisits\b|rykket|\bbrugte\b|\bhar\s+nu\b|\bfik\b|\bgot\b|\bklarede|overholdt|rost\b"
    r"|uden\s+fejl|før\s+tid|bestod|bestået|første\s+gang|reduced|increased|improved|\bcut\b|\bsaved\b|\bby\s+\d+|\bmigrated|\bdelivered", _I)


def is_result_clause(clause: str) -> bool:
    """A clause that reports a result (not overtime, a target, a plan or a count of agenda points)."""
    return bool(_RESULT_CUE.search(clause)) and not _WORKLOAD.search(clause) and not _TARGET.search(clause)


def _around(text: str, mention) -> str:
    """The clause around a number mention (to tell a result from overtime or a target)."""
    start = mention.start if isinstance(mention.start, int) else mention.start()
    end = mention.end if isinstance(mention.end, int) else mention.end()
    a = max(text.rfind(c, 0, start) for c in ".!?,;\n") + 1
    stops = [i for i in (text.find(c, end) for c in ".!?,;\n") if i >= 0]
    return text[a:min(stops) if stops else len(text)]
