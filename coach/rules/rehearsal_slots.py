"""Fragments of the employee's own words that a manager's reply may pick up (never anything invented).

Each function returns a short fragment of ``text`` (or None): the clause with a result number, the overtime,
the development wish, the proposal, the agenda items, a date, the thing asked for, a colleague's name, the
feedback to the manager. ``to_you`` turns the employee's words into the manager's voice ("jeg sender dig" →
"du sender mig"), so a fragment can be said back: "Du fik svarprocenten op fra 20 til 35 procent".
"""

from __future__ import annotations

import re

from coach.rules.rehearsal_signals import (
    DEV_NOUN,
    GRANT_THING,
    content_stems,
    is_result_clause,
    result_mentions,
    sentences,
)

__all__ = [
    "agenda_items",
    "aim_fragment",
    "clause_at",
    "clean",
    "colleague_name",
    "feedback_fragment",
    "number_fragment",
    "overtime_fragment",
    "proposal_fragment",
    "said_fragment",
    "sentences",
    "target_fragment",
    "thing_fragment",
    "to_you",
    "topic_fragment",
    "when_fragment",
    "wish_fragment",
]

_I = re.IGNORECASE
_MAX_WORDS = 14
_SWAP = {"jeg": "du", "mig": "dig", "min": "din", "mit": "dit", "mine": "dine",
         "du": "jeg", "dig": "mig", "din": "min", "dit": "mit", "dine": "mine"}
_SWAP_RX = re.compile(r"\b(" + "|".join(_SWAP) + r")\b", _I)
_FILLERS = re.compile(r"\b(?:altså|øh+|øøh|jo|vel|bare|lige|sådan|liksom|hahah?|ja\s+ja)\b,?\s*", _I)
_STOP_AFTER = frozenset(["og", "fordi", "så", "men", "da", "for", "hvis", "når", "som", "der", "at", "jeg", "du", "vi", "det", "i", "på", "til", "med", "af", "er", "kan", "vil", "skal", "har", "inden"])


def clean(fragment: str) -> str:
    """One line, no braces, no surrounding punctuation."""
    return " ".join(fragment.replace("{", "").replace("}", "").split()).strip(" ,.;:!?–-\"'„“”»«")


def to_you(text: str) -> str:
    """The employee's words in the manager's mouth: jeg ↔ du, mig ↔ dig, min ↔ din …"""
    def swap(m: re.Match) -> str:
        word = m.group(0)
        out = _SWAP[word.lower()]
        return out.capitalize() if word[0].isupper() else out
    return _SWAP_RX.sub(swap, text)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<!\d)[.!?]+(?=\s|$)|(?<=\d)[.!?](?=\s+[A-ZÆØÅ]|\s*$)|[,;:–]\s|\n|\s(?:men)\s", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans




def clause_at(text: str, pos: int) -> str:
    for a, b in _clauses(text):
        if a <= pos < b:
            return clean(text[a:b])
    return ""


def _short(fragment: str, max_words: int = _MAX_WORDS) -> str | None:
    fragment = clean(_FILLERS.sub("", fragment))
    ws = fragment.split()
    while ws and ws[0].lower() in ("og", "men", "så", "and", "but", "so"):
        ws.pop(0)
    if not ws or len(ws) > max_words:
        return None
    while ws and ws[-1].lower() in _STOP_AFTER:
        ws.pop()
    return " ".join(ws) or None


def _pos(m) -> int:
    return m.start if isinstance(m.start, int) else m.start()


def number_fragment(text: str) -> str | None:
    """The clause that holds the first result number, in the employee's words ("ventetiden faldt fra 14 til 9 dage")."""
    from coach.rules.numbers import extract_changes

    changes = [c for c in extract_changes(text) if c.kind in ("change", "range")]
    mentions = [m for m in result_mentions(text) if is_result_clause(clause_at(text, _pos(m)))]
    if not changes and not mentions:
        return None
    pos = changes[0].start if changes else _pos(mentions[0])
    clause = _short(clause_at(text, pos))
    if clause and re.search(r"\d", clause) and not re.match(r"(?:hvor|hvad|hvis|når)\b", clause, _I):
        return clause
    if changes:
        raw = changes[0].raw
        return clean(raw if raw.lower().startswith("fra ") or changes[0].kind != "change" else "fra " + raw)
    m = mentions[0]
    end = m.end if isinstance(m.end, int) else m.end()
    tail = re.match(r"(?:\s+[^\W\d_][\w-]*){0,2}", text[end:])
    return _short(text[_pos(m):end + (tail.end() if tail else 0)])


_OVERTIME = re.compile(
    r"(?:over\s+|omkring\s+|cirka\s+|ca\.?\s+|about\s+|maybe\s+)?\d+\s+(?:timers?\s+)?(?:overarbejde|merarbejde|overtimer|ekstra\s+timer|extra\s+hours)"
    r"|\d+\s+weekender\s+i\s+træk|fem\s+weekender\s+i\s+træk|\d+\s+opkald\s+i\s+kø", _I)


def overtime_fragment(text: str) -> str | None:
    m = _OVERTIME.search(text)
    return clean(m.group(0)) if m else None


def wish_fragment(text: str) -> str | None:
    """The object of a development wish ("et kursus i projektledelse", "certificeringen som investeringsrådgiver")."""
    m = re.search(
        rf"(?:(?:et|en|nogle|flere|noget|mere|det|den)\s+)?(?:[\wæøå-]*?(?:{DEV_NOUN}))(?![\wæøå])"
        r"(?:\s+(?:i|om|inden\s+for|på|med|som)\s+[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)?", text, _I)
    if m:
        ws = m.group(0).split()
    else:
        m = re.search(r"(?:lære\s+(?:mere\s+)?(?:om\s+|at\s+)?|blive\s+(?:bedre|dygtigere|stærkere)\s+til\s+|arbejde\s+mere\s+med\s+)"
                      r"([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)", text, _I)
        if not m:
            return None
        ws = m.group(1).split()
    while len(ws) > 1 and ws[-1].lower() in _STOP_AFTER:
        ws.pop()
    out = _short(" ".join(ws), 8)
    return to_you(out) if out else None


_PROPOSAL_AT = re.compile(
    r"(?:jeg\s+foreslår|foreslår\s+jeg(?:\s+(?:to|tre)\s+(?:ting|mål))?|mit\s+forslag\s+er|forslag\s*:|my\s+proposal\s*:?)"
    r"\s*(?:,\s*)?(:\s*(?:at\s+)?|at\s+|en\s+|et\s+|to\s+)?", _I)


def proposal_fragment(text: str) -> str | None:
    """"om, at vi samler dem på to faste dage" / "om en bagvagt på telefonen" - ready to follow "dit forslag"."""
    m = _PROPOSAL_AT.search(text)
    if not m:
        return None
    rest = text[m.end():]
    end = re.search(r"(?<!\bkl)(?<!\bca)(?<!\bfx)[.!?](?:\s|$)|\n|,\s+(?:så|fordi|og\s+så|hvor|i\s+stedet)|\s+i\s+stedet\s+for\b", rest)
    body = _short(rest[:end.start()] if end else rest)
    if not body or re.search(r"\b(?:the|we|you|and|a)\b", body, _I):
        return None
    lead = (m.group(1) or "").strip().lower()
    if lead.startswith(":"):
        return ("om, at " if lead.endswith("at") else "om målet: ") + to_you(body)
    if lead == "at":
        return "om, at " + to_you(body)
    if lead in ("en", "et", "to"):
        return f"om {lead} " + to_you(body)
    return None


_ITEMS = re.compile(
    r"(?:tale\s+om|snakke\s+om|nå(?:\s+at\s+tale\s+om)?|have|vi\s+tager|punkter\s*:|dagsorden\s*:|først\s*:)\s+"
    r"((?:mine?|mit|et|en|nogle|de|om|hvordan|lidt|året|trivsel|resultater)\b[^.!?\n]*?)(?:\s+med\s*(?:[.!?]|$)|[.!?\n]|$)", _I)


def agenda_items(text: str) -> str | None:
    """What the employee wants on the agenda ("dine resultater, din udvikling og et par konkrete aftaler")."""
    m = _ITEMS.search(text)
    if not m:
        return None
    items = m.group(1)
    items = re.split(r"\s+(?:og\s+så|til\s+sidst|så\s+vi)\b|,\s+(?:og\s+)?(?:så|hvis)\b", items)[0]
    out = _short(items, 16)
    return to_you(out) if out and ("," in out or " og " in out) else None


_WHEN = re.compile(
    r"\b(?:inden|senest|før|by|before)\s+(?:den\s+)?(?:\d{1,2}\.?\s*(?:\w+)?|udgangen\s+af\s+\w+|\w+dag(?:\s+i\s+næste\s+uge)?"
    r"|næste\s+\w+|sommer\w*|jul|påske|årets\s+udgang|1:1)"
    r"|\b(?:i|på|fra)\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|uge\s+\d+"
    r"|morgen|dag|mandag|tirsdag|onsdag|torsdag|fredag|starten\s+af\s+\w+|næste\s+\w+|vores\s+(?:næste\s+)?1:1)(?![\wæøå])"
    r"|\bom\s+(?:en|to|tre|fire|seks|\d+)\s+(?:uge|uger|måned|måneder)|\bi\s+denne\s+(?:uge|måned)|\bi\s+løbet\s+af\s+\w+"
    r"|\bden\s+første\s+(?:mandag|tirsdag|onsdag|torsdag|fredag|hverdag)\s+i\s+(?:hver\s+)?\w+|\bden\s+\d{1,2}(?:\.(?!\d)|$)"
    r"|\befter\s+(?:sommerferien|ferien|jul|påske|nytår|vinterferien|efterårsferien)"
    r"|\btil\s+(?:vores\s+)?(?:næste\s+)?(?:\w*samtale|mus|1:1)(?![\wæøå])"
    r"|\bnæste\s+(?:uge|måned|torsdag|fredag|mandag)|\bin\s+(?:june|march|april|may|january|february)"
    r"|\bon\s+(?:monday|tuesday|wednesday|thursday|friday)|\bby\s+(?:monday|tuesday|wednesday|thursday|friday|\d{1,2}\s+\w+)"
    r"|\bbefore\s+(?:the\s+end\s+of\s+the\s+month|\d{1,2}\s+\w+)|\bnext\s+(?:week|month)", _I)


def when_fragment(text: str) -> str | None:
    m = _WHEN.search(text)
    return clean(m.group(0)) if m else None


def thing_fragment(text: str) -> str | None:
    """The thing asked for that a manager cannot grant here ("lønforhøjelsen", "fri hver anden lørdag")."""
    m = GRANT_THING.search(text)
    if not m:
        return None
    word = m.group(0)
    if re.match(r"fri\s+hver", word, _I):
        tail = re.match(r"(?:\s+\w+){0,2}", text[m.end():])
        word += tail.group(0) if tail else ""
    if re.match(r"(?:godkend|bevilg)", word, _I):
        return None
    if re.match(r"(?:blive|være|som)\s+formand", word, _I):
        return "formandsposten"
    if re.match(r"\braise\b|promotion|salary", word, _I):
        return {"raise": "en lønforhøjelse", "promotion": "en forfremmelse"}.get(word.lower(), "din løn")
    return clean(word).lower()


_NOT_NAMES = frozenset(["Jeg", "Du", "Vi", "Det", "Den", "De", "Han", "Hun", "Men", "Og", "Så", "Hvis", "Når", "Ja", "Nej", "Kan", "Skal", "Vil", "Har", "Er", "Hvad", "Hvordan", "MUS", "Leder", "Medarbejder", "SYSTEM", "Mål", "Udvikling", "Feedback", "Opsummering", "Om", "Mit", "Min", "Mine", "Tak", "Godt", "Fint", "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag", "Q1", "HAM", "HENDE"])


def colleague_name(text: str) -> str | None:
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][a-zæøå]{2,})\b", text):
        word = m.group(1)
        before = text[:m.start()].rstrip()
        if word in _NOT_NAMES or not before or before[-1] in ".!?:":
            continue
        if re.search(r"(?:med|og|ham|hende|på|høre\s+på)\s*$", before, _I) or re.match(r"\s+(?:melder|sidder|er|har|siger)",
                                                                                      text[m.end():]):
            return word
    return None


_FEEDBACK = re.compile(
    r"(?:det,?\s+jeg\s+savner,?\s+er|jeg\s+savner,?|jeg\s+har\s+savnet,?|jeg\s+sætter\s+pris\s+på,?|jeg\s+er\s+glad\s+for,?"
    r"|jeg\s+ville\s+bare\s+ønske,?|jeg\s+vil\s+hellere\s+have)\s+((?:at|det|når|din|dine|dit)\b[^.!?\n]*)", _I)


def feedback_fragment(text: str) -> str | None:
    """What the employee says to or about the manager, in the manager's voice ("at jeg næsten altid har tid …")."""
    m = _FEEDBACK.search(text)
    if not m:
        return None
    body = re.split(r",\s+(?:men|og\s+ikke|fx|så)\b|\s+men\s+", m.group(1))[0]
    out = _short(body, 14)
    return to_you(out) if out else None


_INTERJECTION = re.compile(r"^(?:(?:ja|nej|jo|jamen|altså|øh+|øøh|tja|nå|okay|ok|tak|godt|fint|hej|hmm|men|helt\s+ærligt"
                           r"|ærligt\s+talt|for\s+at\s+være\s+ærlig)\b[,.!]?\s*)+", _I)
_LABEL = re.compile(r"^[^.!?:]{0,30}:\s+")
_PRONOUN = r"jeg|vi|du|der|det|den|de|han|hun|man"
_FINITE = (r"er|har|var|kan|vil|skal|må|bør|fik|gik|kom|blev|tog|gav|stod|lå|sad|så|havde|kunne|skulle|ville|sagde"
           r"|får|går|ser|gør|tror|ved|står|når|synes|bor|dør"
           r"|[a-zæøå]+(?:er|ede|te)")
_NOUN_VERBS = (r"er|har|var|kan|vil|skal|må|fik|gik|kom|blev|fungerer|fungerede|går|tager|fylder|kører|virker|slider"
               r"|trækker|mangler|plejer|betyder|giver|ligger|kommer|hjælper|passer|ændrer|faldt|steg|brugte|bruger")
_SUBJECT_VERB = re.compile(
    rf"^(?!(?:hvis|når|fordi|selvom|da|at|om|men|og|som|ingen|hvor|måske|ellers|derfor|heldigvis|desværre|egentlig"
    rf"|faktisk|gerne|bagefter|efterhånden|somme|sommetider|nogle|også|bare)\b)"
    rf"(?:(?:{_PRONOUN})\s+(?:{_FINITE})|(?:min|mit|mine|vores|din|dit|dine)\s+[a-zæøå]+\s+(?:{_NOUN_VERBS})"
    rf"|[a-zæøå]{{5,}}\s+(?:er|var|har|fylder|betyder)|(?:(?:min|mit|mine|vores|den|det|de|hele)\s+)?(?:[a-zæøå]+\s+)?"
    rf"[a-zæøå]{{3,}}(?:en|et|ne|erne|ene)\s+(?:{_NOUN_VERBS}|[a-zæøå]{{3,}}(?:er|ede)))\b(?!\s+(?:jeg|du|vi|han|hun|de|man)\b)", _I)
_SAID_TAIL = re.compile(r",?\s+(?:synes|tror|mener)\s+jeg\s*$|\s+(?:og|men|fordi|så|at|som|der|hvis|når)\s*$", _I)
_ADVERB = re.compile(r"^(\S+(?:\s+\S+)?\s+)(\S+)\s+(ikke|tit|ofte|altid|aldrig|også|jo|bare|lige|nok|vel|gerne|stadig|allerede|kun)\s",
                     _I)


def said_fragment(text: str, prefer: re.Pattern | None = None) -> str | None:
    """One short statement of the turn as a subordinate clause in the manager's voice, for "Jeg hører, at {said}".

    "Ja, der var lidt bøvl med den nye malkerobot i starten, men det går vel." → "der var lidt bøvl med den nye
    malkerobot i starten"; "Jeg får tit svar sent på mails." → "du tit får svar sent på mails". None when no
    sentence starts with a subject and a verb (the clause would not read correctly).
    """
    candidates = [s for s in sentences(text) if not s.endswith("?")]
    if prefer is not None:
        candidates.sort(key=lambda s: not prefer.search(s))
    for sentence in candidates[:3]:
        body = _LABEL.sub("", _INTERJECTION.sub("", sentence.strip()))
        body = re.sub(r"^at\s+", "", body, flags=_I)
        body = re.split(r",\s+(?:men|og|fordi|så|hvor|der|når|hvis|ikke)\b|\s+men\s+|;|\s+–\s+", body)[0]
        body = _SAID_TAIL.sub("", clean(_FILLERS.sub("", body)))
        ws = body.split()
        if not 3 <= len(ws) <= 14 or (len(ws) < 5 and ws[-1].lower() in ("mig", "dig", "ham", "hende", "os", "det")):
            continue
        if not _SUBJECT_VERB.match(body) or re.match(r"(?:det|den|der)\s+(?:var|er)\s+(?:mig|ham|hende)\b", body, _I):
            continue
        if not content_stems(body) or re.search(r"\b(?:sagde|siger|nævner|nævnte|skrev|skriver),?\s+at\b", body, _I):
            continue
        body = body[0].lower() + body[1:] if not body[:2].isupper() else body
        m = _ADVERB.match(body + " ")
        if m and re.fullmatch(_FINITE, m.group(2), _I) and not re.fullmatch(_FINITE, m.group(1).split()[-1], _I):
            body = f"{m.group(1)}{m.group(3)} {m.group(2)} {body[m.end():]}".strip()
        return to_you(body)
    return None


_AIM = re.compile(r"(?:før|for\s+at)\s+(jeg|det|vi)\s+kan\s+([^.?!,]{3,60})", _I)


def aim_fragment(text: str) -> str | None:
    """What a "Hvad skal der til, før jeg kan …?" question aims at, as "du skal kunne …" / "det skal kunne …"."""
    m = _AIM.search(text)
    if not m:
        return None
    out = _short(f"{m.group(1)} skal kunne {m.group(2)}", 14)
    return to_you(out) if out else None


_TARGET = re.compile(r"(?:tilbage\s+til|nå\s+at\s+tale\s+om|nå|tale\s+om)\s+((?:mine?|mit|vores|det|målene|udviklingen)\b[^.?!,]{0,40})", _I)


def target_fragment(text: str) -> str | None:
    """Where the employee wants the conversation to go back to ("dine resultater", "din udvikling")."""
    m = _TARGET.search(text)
    if not m:
        return None
    out = _short(re.split(r"\s+(?:inden|før|når|så)\b", m.group(1))[0], 6)
    return to_you(out) if out else None


_TOPIC_STOP = frozenset(["sammen", "igen", "meget", "hinanden", "derefter", "heller", "endnu", "eneste", "egentlig", "selvfølgelig", "bagefter", "imellem", "omkring", "mellem", "tiden", "gangen", "vejen", "dagen", "året", "måneden", "ugen", "kollegaen", "lederen", "chefen",
                         "starten", "slutningen", "begyndelsen", "noget", "nogen"])


_OFF_WORD = re.compile(r"(?:(?:sidste|den|det|nye|min|mit)\s+)?[\wæøå]*(?:fodbold|håndbold|kampen|halvleg|vejret|regnet|netflix"
                       r"|serie|film|opskrift|aftensmad|madpakke|julefrokost|kantine|frokost|kaffemaskine|printer|fredagsbar"
                       r"|ferieplaner|katten|hunden|weekend|kæreste|svoger|kartofler|syltetøj)[\wæøå]*", _I)


_TOPIC_AFTER = frozenset(["med", "på", "i", "om", "til", "af", "for", "fra", "ved", "under", "efter", "over", "den", "det", "de", "min", "mit", "mine", "din", "dit", "dine", "vores", "jeres", "hele", "nye", "gamle", "første", "sidste"])


def topic_fragment(text: str) -> str | None:
    """The most telling noun in definite form ("malkerobotten", "skranken", "frokosten i kantinen")."""
    off = _OFF_WORD.search(text)
    if off:
        return clean(off.group(0)).lower()
    best = None
    for m in re.finditer(r"\b([a-zæøå]{3,}(?:en|et|ne|erne|ene))\b(?=((?:\s+(?:i|på|med|til)\s+[a-zæøå]+(?:en|et|ne))?))", text):
        word = m.group(1).lower()
        before = re.findall(r"[\wæøå]+", text[:m.start()].lower())[-1:]
        if before and before[0] not in _TOPIC_AFTER:
            continue  # "blive forsinket" is a verb; a noun follows a preposition or a determiner
        if word in _TOPIC_STOP or len(word) < 6 or re.search(r"(?:ede|ende)$", word):
            continue
        phrase = (word + m.group(2)).strip()
        if best is None or len(word) > len(best.split()[0]):
            best = phrase
    return best
