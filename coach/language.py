"""Language guard: is a piece of model output Danish, and are its words Danish words?

The embedded model drifts into Norwegian Bokmål, Swedish and English. langdetect tells English and Swedish from
Danish well but confuses Danish and Norwegian on sentence-length text (often confidently), so each verdict adds
two kinds of evidence as log-odds over {da, no, sv, en, other}:

1. langdetect (seed 0: deterministic; only 14 European profiles loaded: ~4x faster, no exotic confusions), mixed
   with ``_TEMPER`` uniform mass (worth at most ~8:1) and scaled down below ``_RELIABLE_LETTERS`` letters.
2. Lexical markers, ``_MARKER_WEIGHT`` (x2.3 odds) per word typical of one language *and not used in the others*:
   Danish ``af meget noget hvad mig vores opgave-``, Bokmål ``å mye noe hva meg ble oppgave-``, Swedish ``och
   inte jag att`` and ä/ö, English ``the and with``; spelling rules: Danish ``øj ej -hed -erede``, Bokmål ``øy ei
   kj -sjon -het -anse -kk -tt``; a soft ``c``/``-tion`` counts against Bokmål. æ/ø/å are shared, so no markers.

URLs, e-mail addresses, numbers and placeholders (``[mangler: resultat]``, ``[dato]``, ``{navn}``) are removed
first. Text is scored per sentence (short ones merged, at most ``_MAX_SEGMENTS`` chunks), weighted by letters.

"unsure": fewer than ``MIN_LETTERS`` = 20 letters remain (~ a five-word sentence; below that langdetect is noise
and Danish/Norwegian share most short words; ``too_short`` is set), or the evidence is mixed: the winner's share
is below ``_MIN_CONFIDENCE``, or chunks with ``_MIXED_SHARE`` of the letters are confidently another language.
Callers that accept short texts should accept ``too_short``, not every "unsure".

Thread-safe (profiles loaded once under a lock; one detector with its own seeded RNG per call) and fast:
langdetect stops each trial at 0.999 instead of 0.99999; ~1 ms per sentence, ~5 ms per paragraph.

``non_words`` checks words against a real Danish dictionary: Stavekontrolden's Hunspell ``da_DK`` (in
``content/dictionaries/``, GPL/LGPL/MPL) read by ``spylls`` (pure-Python Hunspell), plus the user's own words and
``content/dictionaries/extra_words.txt``. It catches what a small model makes up ("tilstedeverkigelse",
"inddriget") and Norwegian spellings ("avdelingen", "gjerne"). The dictionary (~190 MB in memory, ~3 s to load)
is loaded on first use, i.e. only when a model's answer is checked, never for ``--rules-only``. Measured on
320 hand-written sentences (../shared/research and ``eval/README.md``), this guard plus the dictionary rejected
more Bokmål and English than langdetect alone and as much as lingua, without lingua's 150 MB.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

Language = Literal["da", "no", "sv", "en", "other", "unsure"]

MIN_LETTERS = 20  # fewer letters than this (after cleaning) -> "unsure"
_MIN_CONFIDENCE = 0.55  # winner's share below this -> "unsure"
_MIXED_SHARE = 0.3  # this share of letters confidently in another language -> "unsure"
_TEMPER = 0.4  # mix langdetect's distribution with this much uniform mass
_RELIABLE_LETTERS = 40  # below this many letters, langdetect's log-odds are scaled down
_MARKER_WEIGHT = 0.85  # log-odds per marker word (~2.3x)
_MAX_SEGMENTS = 4  # longer texts are scored in bigger chunks (speed)
_CONVERGENCE = 0.999  # langdetect's per-trial stop (default 0.99999; we temper its output anyway)
_PROFILES = ("da", "no", "sv", "en", "de", "nl", "fr", "es", "it", "pt", "pl", "fi", "et", "cs")
_LANGS = ("da", "no", "sv", "en", "other")
_NAMES = {"da": "dansk", "no": "norsk", "sv": "svensk", "en": "engelsk", "other": "et andet sprog"}


class LanguageVerdict(BaseModel):
    """The guard's verdict; ``reason`` is a short Danish explanation for logs and the UI."""

    model_config = ConfigDict(frozen=True)

    language: Language
    confidence: float = 0.0
    reason: str = ""
    letters: int = 0  # letters left after removing placeholders, URLs and numbers
    too_short: bool = False  # "unsure" only because the text is too short

    @property
    def is_danish(self) -> bool:
        return self.language == "da"

    @property
    def is_unsure(self) -> bool:
        return self.language == "unsure"


_STRIP = re.compile(  # [dato], {navn}, <tag>; URLs, e-mail addresses; numbers, dates, 14%, v2
    r"\[[^\[\]\n]{0,120}\]|\{[^{}\n]{0,120}\}|<[^<>\n]{0,120}>|(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S*\d\S*", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\s*\n\s*")
_WORD = re.compile(r"[^\W\d_]+")


def clean(text: str) -> str:
    """``text`` without placeholders, URLs, e-mail addresses and numbers, whitespace collapsed."""
    return re.sub(r"\s+", " ", _STRIP.sub(" ", text)).strip()


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


# --- lexical markers -----------------------------------------------------------------------------------------
# A word listed under several languages counts for each (e.g. "mig": Danish and Swedish, against
# Norwegian "meg"). Words Danish shares with Norwegian (ikke, også, når, hvis, jeg, gjort ...) are absent.
_WORDS_BY_LANG = {
    "da": """af nu meget noget nogen nogle hvad blev blevet bliver blive havde været mig dig sig efter gennem
        igennem mellem ud uden op lidt måske sådan selvom vores jeres hende hendes nej tak næste sidste
        endnu blandt bagefter ligesom gerne tænke tænker kende kender giver givet tage tager fået gået
        hjælp hjælpe brug bruge brugt bruger lave lavet lavede møde møder mødet fortsætte sætte betyder
        betydet syg patient patienter patienterne antal vigtig vigtigt rigtig rigtigt kontrol hvornår
        kursus gange dage fik gik sige siger gøre gør vide andet anden flot kvinde kvinder endda
        derudover desuden løbende sag sagen sager sagerne søge søger søgt nem nemt nemmere måde måden
        måder chef chefen tjekke overblik løn mit dit""",
    "no": """å ikkje mye noe noen noko hva ble blitt blir bli fikk vært meg deg seg etter gjennom mellom
        ut uten opp litt kanskje slik sånn annen annet vår vårt våre dere oss hennes  nei takk
        neste siste ennå blant gjerne tenke tenker gi gir gitt ta tar tatt fått gått hatt  hjelp
        hjelpe bruke brukt bruker brukte  møte møtet møter endre endret endring felles fortsette
        sette betyr trenger syk antall viktig riktig spesielt kontroll veldig mann jente gutt hadde
        dager sa  enn uke uken uker ukene ukentlig ukentlige ganger si sier gjøre gjør vite vet tok
        kvinne kvinner dessuten tillegg løpende sak saken saker sakene søke søker søkt måte måten måter
         sjef sjefen  oversikt lønn annenhver""",
    "sv": """och inte är jag att också mycket kanske hur vad när där här från över någon något några vara
        varit hade bara vill till ett för       av ut utan upp blir bli fått gått
        sådan sånn oss vår våra vårt  hennes nej tack alla andra  många fler   själv
        bättre genom mellan sedan tar ta viktig riktigt kontroll sa patient patienter antal""",
    "en": """the and of with that this is are was were has been you your we our they their would should could
        will which what how when why it not from here there some about into my me he she his them new
        just also than then these those very patient""",
    # German, so that German is not taken for Norwegian (ei) or Swedish (ä/ö):
    "other": """und ich nicht ist sind wir auch ein eine einen einem dass das zu auf für haben habe wurde werden""",
}
_STEMS_BY_LANG = {
    "da": "projekt opgave udvikl udarbejd uddann udfordr udfør udtryk udgangs udenfor udvalg udbytt udnyt "
    "tilbage vagt oplev opfølg oplær opnå opstå optag opdat opret opsum forskel sygemeld spørg uge kompetenc "
    "gennem efter",
    "no": "prosjekt oppgav utvikl utarbeid utdann tilbake vakt opplev oppfølg opplær forskjell sykemeld "
    "spørsm kjemp sjekk pasient utfordr utfør uttrykk utgangs utenfor utvalg utbytt utnytt oppnå oppstå "
    "opptatt oppdat oppr oppsum kompetans gjennom etter",
    "sv": "projekt uppgift utveckl uppfölj återkopp efter",
}
_MARKERS: dict[str, set[str]] = {}
for _lang, _words in _WORDS_BY_LANG.items():
    for _w in _words.split():
        _MARKERS.setdefault(_w, set()).add(_lang)
_STEMS = {lang: re.compile("|".join(stems.split())) for lang, stems in _STEMS_BY_LANG.items()}
_DA_SUFFIX = re.compile(r"\w{2}[^\Wsc]hed(?:en|er|erne)?$|\w{3}erede$|\w{3}eret$")
_NO_SUFFIX = re.compile(
    r"\w{2}sjon(?:en|er|ene)?$|\w{3}anse(?:n|r|ne)?$|\w{3}het(?:en|er|ene)?$|\w{4}ert$|\w+(?:kk|tt)$"
)
_NOT_NO = re.compile(r".*(?:c[eiy]|tion(?:en|er|erne)?$)")  # soft c, -tion: Bokmål writes s, -sjon
_EXCEPTIONS = frozenset({"ekspert", "koncert", "dessert", "watt", "kjole", "kjoler", "kjolen", "ej"})


def _marker_counts(text: str) -> dict[str, int]:
    """Per language, how many words point to it (a word counts once per language)."""
    counts = dict.fromkeys(_LANGS, 0)
    for word in _WORD.findall(text.lower()):
        langs = set(_MARKERS.get(word, ()))
        langs.update(lang for lang, stem in _STEMS.items() if stem.match(word))
        if "ä" in word or "ö" in word:
            langs.add("sv")
        if "ü" in word or "ß" in word:
            langs.add("other")
        if word not in _EXCEPTIONS:
            if "øj" in word or "ej" in word or _DA_SUFFIX.match(word):
                langs.add("da")
            if "øy" in word or "ei" in word or ("kj" in word and "skj" not in word) or _NO_SUFFIX.match(word):
                langs.update(("no", "sv") if word.endswith(("tt", "het")) else ("no",))
        for lang in langs:
            counts[lang] += 1
        counts["no"] -= bool(_NOT_NO.match(word))
    return counts


# --- langdetect ----------------------------------------------------------------------------------------------
_factory_lock = threading.Lock()
_factory = None


def _langdetect_probs(text: str) -> dict[str, float]:
    global _factory
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    with _factory_lock:  # the profiles are loaded once; detectors are per call (own seeded RNG)
        if _factory is None:
            DetectorFactory.seed = 0
            factory = DetectorFactory()
            factory.load_json_profile([(Path(PROFILES_DIRECTORY) / p).read_text("utf-8") for p in _PROFILES])
            factory.set_seed(0)
            _factory = factory
    detector = _factory.create()
    detector.CONV_THRESHOLD = _CONVERGENCE  # an instance attribute: langdetect's class is left alone
    detector.append(text)
    probs = dict.fromkeys(_LANGS, 0.0)
    try:
        detector.get_probabilities()
    except LangDetectException:  # no usable features (e.g. a non-Latin script)
        return {**probs, "other": 1.0}
    for lang, prob in zip(detector.langlist, detector.langprob):  # the full distribution
        probs[lang if lang in probs else "other"] += prob
    return probs


def _shares(text: str) -> dict[str, float]:
    probs, markers = _langdetect_probs(text), _marker_counts(text)
    reliability = min(1.0, _letters(text) / _RELIABLE_LETTERS)
    scores = {
        lang: reliability * math.log((1 - _TEMPER) * probs[lang] + _TEMPER / len(_LANGS))
        + _MARKER_WEIGHT * markers[lang]
        for lang in _LANGS
    }
    top = max(scores.values())
    total = sum(math.exp(s - top) for s in scores.values())
    return {lang: math.exp(s - top) / total for lang, s in scores.items()}


def _segments(text: str, total_letters: int) -> list[str]:
    """Cleaned sentences, merged until each has MIN_LETTERS letters (more for long texts)."""
    size, segments, current = max(MIN_LETTERS, total_letters // _MAX_SEGMENTS + 1), [], ""
    for part in _SENTENCE_END.split(_STRIP.sub(" ", text)):  # strip first: "[mangler: x]" holds ": "
        current = f"{current} {clean(part)}".strip()
        if _letters(current) >= size:
            segments, current = [*segments, current], ""
    if current and segments:
        segments[-1] = f"{segments[-1]} {current}"
    return segments if segments else [current]


# --- public API ----------------------------------------------------------------------------------------------
def check_danish(text: str, *, min_chars: int = MIN_LETTERS) -> LanguageVerdict:
    """The language of ``text``; "unsure" if fewer than ``min_chars`` letters remain after removing
    placeholders, URLs and numbers (``too_short``), or when the evidence is mixed."""
    letters = _letters(clean(text or ""))
    if letters < max(1, min_chars):
        reason = f"for kort til at afgøre sproget ({letters} bogstaver)"
        return LanguageVerdict(language="unsure", reason=reason, letters=letters, too_short=True)
    weighted, chunks = dict.fromkeys(_LANGS, 0.0), []
    for segment in _segments(text, letters):
        shares, n = _shares(segment), _letters(segment)
        chunks.append((max(shares, key=shares.__getitem__), max(shares.values()), n))
        for lang in _LANGS:
            weighted[lang] += shares[lang] * n / letters
    ranked = sorted(_LANGS, key=weighted.__getitem__, reverse=True)
    best, confidence = ranked[0], round(weighted[ranked[0]], 3)
    elsewhere = dict.fromkeys(_LANGS, 0)  # letters in chunks confidently in another language
    for lang, share, n in chunks:
        if lang != best and share >= _MIN_CONFIDENCE:
            elsewhere[lang] += n
    mixed = max(elsewhere, key=elsewhere.__getitem__)
    if elsewhere[mixed] >= _MIXED_SHARE * letters:
        reason = f"blandet sprog: mest {_NAMES[best]}, men også {_NAMES[mixed]}"
    elif confidence < _MIN_CONFIDENCE:
        reason = f"usikkert sprog: måske {_NAMES[best]}, måske {_NAMES[ranked[1]]}"
    else:
        return LanguageVerdict(
            language=best, confidence=confidence, reason=f"ligner {_NAMES[best]} ({confidence:.0%})", letters=letters
        )
    return LanguageVerdict(language="unsure", confidence=confidence, reason=reason, letters=letters)


def detect(text: str) -> LanguageVerdict:
    """The language of ``text`` with the default length threshold (``MIN_LETTERS``)."""
    return check_danish(text)


def is_danish(text: str) -> bool:
    """True only when the text is confidently Danish; "unsure" gives False (use ``detect`` to tell them apart)."""
    return detect(text).language == "da"


def marker_counts(text: str) -> dict[str, int]:
    """Public view of the lexical evidence: per language, how many words point only to it."""
    return _marker_counts(clean(text))


# --- the Danish dictionary -----------------------------------------------------------------------------------
_dict_lock = threading.Lock()
_dictionary = None
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NORWEGIAN = frozenset("""å av meg deg seg hva mye noe noen ble blitt enn mer gjerne veldig dere vår våre vårt kanskje
    fortsatt sjelden trenger ikkje eg kva korleis kven kvifor ein eit dei meir berre òg vere vore vert vart frå heilt
    noko nokre mykje saman medan gjere seie ho dykk difor""".split())


def _extra_words() -> set[str]:
    from coach import paths

    path = paths.content_dir() / "dictionaries" / "extra_words.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {w.strip().casefold() for w in lines if w.strip() and not w.lstrip().startswith("#")}


def dictionary():
    """Stavekontrolden's da_DK, loaded once (about 3 s, 190 MB)."""
    global _dictionary
    with _dict_lock:
        if _dictionary is None:
            from spylls.hunspell import Dictionary

            from coach import paths

            _dictionary = (Dictionary.from_files(str(paths.content_dir() / "dictionaries" / "da_DK")), _extra_words())
        return _dictionary


def preload() -> None:
    """Start loading the dictionary in the background (a model answer will be checked soon)."""
    if _dictionary is None and not _dict_lock.locked():
        threading.Thread(target=dictionary, name="coach-dictionary", daemon=True).start()


@functools.lru_cache(maxsize=200_000)
def known(word: str) -> bool:
    """Is ``word`` a Danish word (any inflection or compound Hunspell accepts, or an extra word)?"""
    hunspell, extra = dictionary()
    if word.casefold() in extra:
        return True
    try:
        return bool(hunspell.lookup(word)) or (word[:1].isupper() and bool(hunspell.lookup(word.lower())))
    except (RecursionError, IndexError, KeyError):  # pathological input for the pure-Python engine
        return False


def non_words(text: str, *, allowed: str = "") -> list[str]:
    """Words in ``text`` that are not Danish: neither in the dictionary nor in ``allowed`` (the user's own text).

    Names, products and acronyms (capitalised inside a sentence, or upper case), words with digits and words of
    one or two letters are not judged: a model may repeat "Q3", "CRM" or "Aabenraa" from the notes.
    """
    own = {w.casefold() for w in _TOKEN.findall(allowed or "")}
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", text or ""):
        for k, m in enumerate(_TOKEN.finditer(sentence)):
            word = m.group(0)
            folded = word.casefold()
            if len(word) <= 2 or folded in own or word in out:
                continue
            if k > 0 and word[:1].isupper() or re.split(r"[-'’]", word)[0].isupper():
                continue
            if folded in _NORWEGIAN or not (known(word) or _own_form(folded, own) or _compound(folded)):
                out.append(word)
    return out


_ENDINGS = frozenset(("e", "en", "et", "er", "ere", "erne", "ene", "es", "ens", "ets", "s", "n", "t", "r", "ne", "rne",
                      "ede", "ed", "ing", "inger", "ingen", "ingerne"))


def _own_form(word: str, own: set[str]) -> bool:
    """An inflection of the user's own word ("onboarding" → "onboardingen", "pakkeborde" → "pakkebordene"), by a
    Danish ending: "fravær" → "fraværet", not the made-up verb "fraværte"."""
    return any(len(w) >= 4 and (word.startswith(w) and word[len(w):] in _ENDINGS
                                or w.startswith(word) and len(w) - len(word) <= 4) for w in own)


def _compound(word: str) -> bool:
    """Two known words of at least four letters, optionally joined by -s- or -e- ("frivillig|koordinator")."""
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        for link in ("", "s", "e"):
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) >= 4 and known(stem) and known(tail):
                return True
    return False
