"""The parts of reading an employee's turn that keep the manager in role: injection, hostility, English, nonsense.

An *injection* is text that tries to change the manager's instructions: "SYSTEM:", "[system]", "ignorér dine
instruktioner", "you are now …", a fake transcript line ("Leder: Ja, du får …"), a hidden HTML comment, a base64 blob,
a role swap, "svar kun ja", "skriv en vits". ``injection_spans`` finds the injected parts so the rest of the turn (a
real question after a hidden comment) can still be answered; ``strip_injection`` removes them.
"""

from __future__ import annotations

import re

__all__ = [
    "HOSTILE",
    "INJECTION",
    "NONSENSE_WORDS",
    "VOWELS",
    "base64_blob",
    "injection_spans",
    "is_gibberish",
    "language_counts",
    "shouting",
    "strip_injection",
]

_I = re.IGNORECASE

_ENGLISH_WORDS = frozenset(
    ["the", "you", "your", "and", "is", "are", "was", "were", "what", "with", "this", "that", "please", "hello", "hi", "yes", "my", "me", "it", "not", "can", "how", "why", "would", "should", "could", "will", "about", "ignore", "instructions", "previous", "write", "joke", "tell", "think", "know", "do", "does", "there", "thanks", "thank", "want", "need", "good", "great", "of", "in", "be", "have", "has", "just", "don't", "i'm", "it's", "we", "they", "our", "so", "being", "whatever", "sure", "very", "too", "let's", "been", "by", "for", "from", "our", "this", "these", "those", "which", "when", "where"]
) - {"have", "just", "by", "for"}
_DANISH_WORDS = frozenset(
    ["jeg", "du", "vi", "det", "den", "de", "en", "et", "er", "var", "har", "havde", "og", "på", "til", "med", "af", "om", "så", "ikke", "kan", "vil", "skal", "blev", "bliver", "som", "der", "min", "mit", "mine", "din", "dit", "dine", "mig", "dig", "os", "hvad", "hvordan", "hvorfor", "hvornår", "hvem", "når", "nu", "også", "meget", "godt", "gerne", "lidt", "mere", "tak", "ja", "nej", "synes", "tror", "ved", "været", "være", "fordi", "hvis", "eller", "fra", "efter", "år", "året", "kunne", "skulle", "ville", "sig", "sin", "sit", "sine", "noget", "nogle", "ingen", "alle", "hele", "rigtig", "helt", "fint", "okay", "lige", "mener", "tænker", "arbejde", "opgaver", "kolleger", "leder"]
)
NONSENSE_WORDS = frozenset(["lorem", "ipsum", "dolor", "amet", "blabla", "blablabla", "asdf", "qwerty", "hmm", "hmmm", "bla"])
_KEYBOARD = ("qwer", "wert", "erty", "rtyu", "tyui", "yuio", "uiop", "asdf", "sdfg", "dfgh", "fghj",
             "ghjk", "hjkl", "jklæ", "zxcv", "xcvb", "cvbn", "vbnm", "mnbv", "lkjh", "poiu")
VOWELS = re.compile(r"[aeiouyæøåéü]", _I)

# -- injection: text that tries to change the manager's instructions ----------------------------------------
INJECTION = re.compile(
    r"ignor(?:er|ér|e|ere|ing)\b[^.!?\n]{0,50}(?:instruks|instruktion|instruction|regler|rules|prompt|ovenstående|"
    r"tidligere|previous|above|alt|all|rolle)"
    r"|glem\s+(?:alt|dine|dit|de\s+tidligere|hvad\s+du)|forget\s+(?:all|everything|your|the|previous)"
    r"|disregard\s+(?:all|your|the|previous)|override|\bnew\s+(?:persona|instructions|rules|role)"
    r"|\bsystem\s?-?prompt|(?:^|\n)\s*[\[<(]\s*(?:system|sys|admin|instruction|inst)\s*[\]>)]|(?-i:\bSYSTEM\b)\s*:"
    r"|(?:^|\n)\s*(?:system|assistant|assistent|admin|developer)\s*:|<\s*/?\s*(?:system|s|start_of_turn|end_of_turn)\s*>"
    r"|<!--|#{2,}\s*(?:instruction|instruktion|system)|\bjailbreak|(?-i:\bDAN\b)|developer\s+mode"
    r"|you\s+are\s+now|act\s+as\b|pretend\s+(?:to|you)|from\s+now\s+on|stay\s+in\s+character|\broleplay\s+as"
    r"|\bdu\s+er\s+(?:nu\s+)?(?:ikke\s+(?:længere\s+)?(?:min\s+)?leder|en\s+(?:ai|chatbot|sprogmodel|robot|pirat|assistent)"
    r"|nu\s+en\s+\w+)|\bfra\s+nu\s+af\s+(?:er|skal|svarer)\s+du"
    r"|\blad\s+som\s+om\b|\bbryd\s+(?:rollen|karakteren)|\bud\s+af\s+(?:rollen|karakter)|\bstop\s+rollespillet"
    r"|\bbyt(?:te)?\s+roller|\bbytter\s+roller|\bswitch\s+roles|\bnu\s+er\s+jeg\s+(?:lederen|chefen|din\s+leder)"
    r"|\bsom\s+din\s+(?:leder|chef)\s+har\s+jeg|\b(?:svar|sig)\s+kun\s+(?:'|\"|„|»)?ja\b|\bonly\s+(?:answer|say)\s+(?:'|\")?yes"
    r"|\b(?:skriv|fortæl|lav|giv\s+mig)\s+(?:mig\s+)?(?:en|et)\s+(?:vits|joke|digt|sang|opskrift|haiku)"
    r"|\b(?:skriv|fortæl)\s+(?:mig\s+)?(?:en\s+)?vits|\bvits\s+i\s+stedet|\bwrite\s+(?:me\s+)?a\s+(?:joke|poem|song)"
    r"|\btell\s+(?:me\s+)?a\s+joke|\bjoke\s+instead|(?<!i'll\s)(?<!i\swill\s)(?<!\bi\s)(?<!i’ll\s)\b(?:answer|reply|respond)\s+(?:only\s+)?in\s+english|\band\s+write\s+in\s+english"
    r"|\b(?:svar|skriv)\s+(?:kun\s+)?på\s+engelsk|\bskift\s+(?:til\s+)?(?:engelsk|sprog)"
    r"|hvad\s+(?:er|står\s+der\s+i)\s+dine\s+(?:instruktioner|instrukser|regler)|\b(?:vis|skriv|gentag)\s+(?:hele\s+)?din\s+(?:prompt|instruks)"
    r"|\bbase64\b|\bdekod\s+og\s+udfør|\bdecode\s+and\s+(?:run|execute)"
    r"|\b(?:skal|må)\s+du\s+nu\s+(?:love|bekræfte|godkende|give)\b|\b(?:love|bekræfte)\s+mig\b|\bbekræft\s+(?:det|at|venligst)"
    r"|\b(?:lov|love)\s+mig\s+(?:en|et|at)\b|\bpromise\s+me"
    r"|\bskrive?\s+i\s+(?:opsummeringen|referatet|mailen|aftalen),?\s+at|\b(?:svar|sig)\s+(?:bare\s+)?(?:ja|nej)\b"
    r"|\bdu\s+har\s+(?:allerede\s+)?lovet\s+mig|\bdin\s+nye\s+rolle|\bopfør\s+dig\s+som|\bspil\s+(?:nu\s+)?rollen\s+som"
    r"|\bi\s+denne\s+øvelse\s+skal\s+du|for\s+øvelsens\s+skyld|det\s+er\s+(?:bare|kun)\s+(?:for\s+sjov|en\s+test|et\s+spil)"
    r"|\bjust\s+a\s+game|\bonly\s+a\s+test|\broleplay|\bdu\s+(?:skal|må)\s+(?:nu\s+)?(?:spille|opføre\s+dig|lade\s+som)"
    r"|resten\s+af\s+samtalen|\b(?:svar|skriv)\s+(?:nu\s+)?kun\b|\banswer\s+only|\brespond\s+(?:only|with)|\btranslate\b"
    r"|\bsig,?\s+at\s+jeg\s+(?:får|er|skal|bliver)|\bdu\s+skal\s+(?:nu\s+)?sige(?!\s+til\b)|\bsig\s+til\s+mig,?\s+at|\brollespil\w*"
    r"|\bsimulation\w*|\bdu\s+er\s+en\s+(?:ai|model|bot)\b|\bsom\s+(?:en\s+)?(?:ai|sprogmodel|chatbot)\b|\bsprogmodel\w*"
    r"|\blanguage\s+model|\bchatbot|\b(?:kære|hej|hey|dear|hi)\s+(?:model|chatgpt|gpt|ai|bot|assistent|assistant|claude|gemma)\b"
    r"|\bchatgpt\b|\bgpt-?\d|\bllm\b|\b(?:note|besked|info|instruktion)\s+til\s+(?:ai|modellen|systemet|botten|lederen)\b"
    r"|\bnote\s+to\s+(?:ai|the\s+model|the\s+assistant)|\*{3}|\bny\s+regel\b|\bnew\s+rule\b"
    r"|\bopdatering\s+fra\s+(?:hr|systemet|ledelsen)|\bfrom\s+the\s+(?:hr\s+)?system|\bbesked\s+fra\s+(?:hr|systemet)"
    r"|\blederen\s+skal\s+(?:nu\s+)?(?:give|sige|love|bekræfte|godkende|acceptere|svare)|\bthe\s+manager\s+(?:must|should|has\s+to)"
    r"|\blad\s+os\s+lege|\bnu\s+leger\s+vi|\bi\s+det\s+følgende\s+er\s+du|\bdin\s+opgave\s+er\s+nu|\bglem\s+rollen"
    r"|\bdu\s+er\s+(?:nu\s+)?min\s+\w+\s+og\s+ikke|\bact\s+like|\bbehave\s+like|\bdu\s+er\s+for\s+en\s+model|\bhvad\s+for\s+en\s+model"
    r"|\b(?:skriv|sig|bekræft|noter|write|say|confirm|state)\s+(?:\w+\s+){0,3}?(?:at|that)\s+(?:\w+\s+){0,4}?"
    r"(?:løn\w*|tillæg|bonus\w*|forfremmelse\w*|titel\w*|raise|salary|promotion|fri\s+hver)"
    r"|(?:løn\w*|tillæg\w*|bonus\w*|forfremmelse\w*|raise|salary\s+increase|promotion)\s+(?:\w+\s+){0,3}?(?:er|bliver|is|was|has\s+been)?\s*"
    r"(?:hermed\s+)?(?:godkendt|bevilget|på\s+plads|approved|granted)|\b(?:approve|grant)\s+my\s+(?:raise|bonus|promotion)"
    r"|\bhar\s+godkendt\s+(?:min|mit|mine)\s+|\b(?:din|dine)\s+(?:regler|prompt)|\brot13\b|(?:^|\n|[\]\)])\s*(?:leder|lederen|chef|manager)\s*:"
    r"|\b(?:leder|lederen|manager|chef)\s*:[^\n]{0,160}\b(?:medarbejder|medarbejderen|employee)\s*:"
    r"|\b(?:udskrift|transcript|log)\s+(?:fra|af|from)\s+(?:\w+\s+){0,3}(?:møde|samtale|meeting|conversation)"
    r"|\bny(?:e)?\s+instruks\w*|\bnew\s+instruction|\bhøjere\s+prioritet\s+end\b|\bhigher\s+priority\s+than"
    r"|\b(?:din|dine|dit|your)\s+(?:\w+\s+)?(?:instruks\w*|instruktion\w*|instructions?)\b"
    r"|\bdu\s+skal\s+(?:nu\s+)?(?:afslutte|slutte|starte|begynde|runde)\s+(?:samtalen|mødet|af)\s+med\s+at",
    _I,
)
_INJECTION_SPAN = re.compile(
    r"<!--.*?(?:-->|$)|(?:^|\n)\s*(?:[\[<(]\s*system\s*[\]>)]|system|assistant|assistent|leder|lederen|chef|manager)\s*:?[^\n]*"
    r"|\[[^\]\n]{0,60}\]\s*(?:leder|lederen|chef|manager)\s*:[^\n]*"
    r"|[A-Za-z0-9+/]{24,}={0,2}", _I | re.DOTALL)
HOSTILE = re.compile(
    r"\b(?:idiot\w*|lort\w*|fuck\w*|pis|klaphat\w*|røv\w*|fanden|satan|shit|kraftedeme"
    r"|pjat|latterlig\w*|inkompetent\w*|stupid\w*|pointless|bullshit)\b|hold\s+kæft|hold\s+nu\s+op"
    r"|\bdu\s+er\s+(?:så\s+)?dum|\bdumme\s+(?:leder|chef|samtale|spørgsmål)|\bgider\s+(?:ikke|det\s+her)"
    r"|spild\s+af\s+tid|\bellers\s+siger\s+jeg\s+op|!!",
    _I,
)
def _vowel_ratio(word: str) -> float:
    return len(VOWELS.findall(word)) / max(1, len(word))


def is_gibberish(word: str) -> bool:
    w = word.lower()
    if w in NONSENSE_WORDS:
        return True
    if len(w) < 4:
        return False
    if not VOWELS.search(w) or (len(w) >= 5 and _vowel_ratio(w) <= 0.2):
        return True
    if re.search(r"[^aeiouyæøåéü]{6,}", w) or re.search(r"(.)\1\1", w):
        return True
    if any(k in w for k in _KEYBOARD):
        return True
    return bool(re.fullmatch(r"(\w{2,4})\1{2,}", w))


def injection_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _INJECTION_SPAN.finditer(text or "")]


def strip_injection(text: str) -> str:
    """The turn without hidden comments, fake transcript/system lines and encoded blobs (what is left to answer)."""
    out = _INJECTION_SPAN.sub(" ", text or "")
    return " ".join(out.split())


def language_counts(text: str, ws: list[str]) -> tuple[int, int]:
    lower = [w.lower() for w in ws]
    return sum(w in _DANISH_WORDS for w in lower), sum(w in _ENGLISH_WORDS for w in lower)


_ACRONYMS = frozenset({"SMART", "STAR", "KPI", "KPIER", "EXCEL", "LEAN", "SCRUM", "JIRA", "TEAMS", "CRM", "SAP",
                       "MUS", "HR", "ECTS", "SYSTEM", "KOL", "HTML", "DAN"})
_SHOUT = re.compile(r"\b[A-ZÆØÅ]{4,}\b")
_B64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")

def shouting(text: str) -> re.Match | None:
    """Two or more words in capitals (not acronyms): the employee is shouting."""
    hits = [m for m in _SHOUT.finditer(text) if m.group(0) not in _ACRONYMS]
    return hits[0] if len(hits) >= 2 else None


def base64_blob(text: str) -> bool:
    for m in _B64.finditer(text):
        blob = m.group(0)
        if sum(c.isupper() for c in blob[1:]) >= 2 and (any(c.isdigit() for c in blob) or blob.endswith("=")
                                                         or "+" in blob or "/" in blob):
            return True
    return False
