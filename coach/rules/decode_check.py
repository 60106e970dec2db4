"""Checks for a plain restatement that a model wrote for one finding: it explains the text it belongs to, adds
nothing the text does not say, does not just quote the hedge back, and does not deny what the rules found.

Returns Danish problem descriptions (empty when the restatement may be shown). Language checks (Danish, real
words, numbers, names) are the capability's job; these are the decoder's own.
"""

from __future__ import annotations

import re

from coach.rules.decode_lexicon import Lexicon, lexicon

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_QUOTED_RE = re.compile(r"«[^»]*»|\"[^\"]*\"|»[^«]*«")
_DENIAL_RE = re.compile(
    r"\b(?:ingen|intet) (?:skjult(?:e)? )?(?:kritik|budskab|mening)|\bikke (?:ment som )?(?:kritik|ironi)\b|"
    r"ment,? som (?:den|det) (?:er )?sagt|\bbare ros\b|for pålydende|kan læses,? som (?:den|det) står|"
    r"intet at læse ind|ikke noget at læse ind", re.IGNORECASE)
_FORMAT_RE = re.compile(r"\b(?:Tekst|Citat|Slags|Betyder|Spørg)\s*:", re.IGNORECASE)
_YOU_RE = re.compile(r"\b(?:[Dd]u|[Dd]in|[Dd]ig|[Dd]it|[Dd]ine|jer|jeres|[Ll]ederen|[Ll]eder|ledere|chefen|I)\b")
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS = _wordset("""
    at af alle aldrig alt altid andre anden andet bare blev bliver blive da de dem den denne der dermed derfor
    det dette dig din dine dit du efter eller en end endnu er et for fordi fra få får gerne godt gør gøre har
    have hele hende hendes her hos hun hvad hvem hvis hvor hvordan hvornår i ikke ind indtil jeg jer jeres jo
    kan kom komme kommer kun kunne lidt lige man med meget mere mest mig min mine mit mod må måske ned nej noget
    nogle nu når og også om op os over på sagt samme selv selvom sig sige siger sin sine sit skal skulle som
    stadig så sådan til ud uden under var ved vi vil ville være været
""")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_RE.findall(text)]


_FRAMES: dict[int, frozenset[str]] = {}


def _frame(lex: Lexicon) -> frozenset[str]:
    """Words the app itself uses to restate (from the templates): no evidence of an invented fact."""
    if id(lex) in _FRAMES:
        return _FRAMES[id(lex)]
    texts: list[str] = []
    for cat in lex.categories.values():
        texts += [*cat.meaning, *cat.question, *cat.follow_up, cat.description, cat.summary,
                  cat.why.high, cat.why.medium, cat.why.low, cat.title]
    for st in lex.structures.values():
        texts += [*st.meaning, st.question]
    for p in lex.plain.values():
        texts += [*p.meaning, p.question, p.why, p.title]
    for sig in lex.signals:
        texts += [*sig.entry.meaning, sig.entry.question, sig.entry.why]
    frame = frozenset(w for t in texts for w in _words(re.sub(r"\{[^}]*\}", " ", t))) | _FUNCTION_WORDS | EXTRA_FRAME
    _FRAMES[id(lex)] = frame
    return frame


#: Words a careful reader uses to say what a manager means, beyond those in the templates.
EXTRA_FRAME = _wordset("""
    utilfreds utilfredse irriteret irriterede skuffet skuffede vred bekymret bekymrede kritiserer kritik
    kritisk klager klaget klagede problem problemet langsom langsomt hurtigere tidligere sent senere bedre
    dårlig dårligt svag svagt god godt nok forkert fejl ændre ændrer ændret ændring forbedre forbedring
    afslag afslår afviser udsætter udskyder nej ja aldrig måske senere lover løfte ansvar ansvaret dato
    tidspunkt plan planen forventer forventning vil have ønsker synes mener tænker siger direkte ligeud
    egentlig reelt faktisk sandsynligvis formentlig tydeligvis indirekte høfligt forsigtigt mildt ironi
    ironisk irettesættelse stikpille ros roser rosen indpakning pakket ind budskab budskabet hovedbudskab
    instruks instruksen information informationen besked beskeden sarkasme sarkastisk urealistisk urealistiske
    alvorlig alvorligt alvorlige oplever oplevet holder undgå undgået undgår konkret konkrete ønsket ønske
    praktisk praktiske opfordring opfordrer beslutning beslutningen afvisning afviser udsættelse udskudt
    forventet forventede kritiseret klar klart tydelig tydeligt venlig venligt
""")


def content_words(text: str, lex: Lexicon) -> list[str]:
    frame = _frame(lex)
    return [w for w in _words(text) if len(w) >= 5 and w not in frame]


def _stems(text: str, n: int) -> set[str]:
    return {w[:n] for w in _words(text) if len(w) >= n}


def check_meaning(meaning: str, *, quote: str, cue: str, context: str, text: str, plain: bool,
                  lex: Lexicon | None = None) -> list[str]:
    """Problems with a model's plain restatement of ``quote`` (in ``context``, from ``text``)."""
    lex = lex or lexicon()
    problems: list[str] = []
    words = meaning.split()
    if len(words) < 4:
        return ["Forklaringen er for kort til at sige noget."]
    if len(words) > 70 or len(meaning) > 520:
        problems.append("Forklaringen er for lang.")
    if _FORMAT_RE.search(meaning):
        problems.append("Forklaringen gentager skabelonens felter.")
    if not plain and not _YOU_RE.search(meaning):
        problems.append("Forklaringen er ikke skrevet til dig (du-form) om din leder.")
    outside = _QUOTED_RE.sub(" ", meaning)
    own = content_words(outside, lex)
    context_stems = _stems(context, 4) | _stems(text, 4)
    if own and not any(w[:4] in context_stems for w in own):
        problems.append("Forklaringen handler ikke om det, der står i teksten.")
    elif not own and not plain:
        problems.append("Forklaringen siger ikke, hvad det handler om.")
    text_stems = _stems(text, 5)
    novel = [w for w in own if len(w) >= 6 and w[:5] not in text_stems]
    if len(novel) >= 4:
        problems.append(f"Forklaringen tilføjer noget, der ikke står i teksten (fx '{novel[0]}').")
    folded = " ".join(outside.casefold().split())
    hedge = " ".join(cue.casefold().split())
    if len(hedge.split()) >= 2 and hedge in folded:
        problems.append("Forklaringen gentager bare lederens forsigtige vending i stedet for at sige den ligeud.")
    q = _words(quote)
    said = _words(outside)
    verbatim = len(q) >= 4 and " ".join(q) in " ".join(said)
    echoed = not plain and len(q) >= 4 and len(set(q) & set(said)) >= 0.8 * len(set(q)) and len(set(said)) <= len(set(q)) + 3
    if verbatim or echoed:
        problems.append("Forklaringen gentager bare citatet.")
    if not plain and _DENIAL_RE.search(meaning):
        problems.append("Forklaringen siger, at der ikke er noget indirekte, men appen fandt det.")
    return problems
