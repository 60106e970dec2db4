"""Checks every model answer must pass before the user sees it. Each returns Danish problem descriptions.

They compare the answer with what the user actually wrote (``source``): a number the user did not give is
invented; a field that is the whole notes again is a copy; phrases from the prompt's few-shot examples that
are not in the user's text are an echo of the examples; anything not Danish is drift.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from coach import language
from coach.rules.numbers import invented_numbers

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _ngrams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


_GUILLEMETS = re.compile(r"«[^»]*»")
_ARTICLE_ONE = re.compile(r"^(en|et|én|ét)\b", re.IGNORECASE)


def numbers(output: str, source: str) -> list[str]:
    # "en time", "et år": the article reads as the number one, but is rarely a claim worth rejecting;
    # the user's own words quoted in «…» are theirs
    invented = [n for n in invented_numbers(source, _GUILLEMETS.sub(" ", output)) if not _ARTICLE_ONE.match(n)]
    if invented:
        return [f"Svaret indeholder tal, som ikke står i din tekst: {', '.join(dict.fromkeys(invented))}."]
    return []


def dropped_numbers(output: str, source: str) -> list[str]:
    """Every number of the user's text must still be there (a sales total, the "before" of a pair, "0 fejl")."""
    dropped = [n for n in invented_numbers(output, source) if not _ARTICLE_ONE.match(n)]
    if dropped:
        return [f"Svaret mangler tal fra din tekst: {', '.join(dict.fromkeys(dropped))}."]
    return []


_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)(?<![\w-])\b([A-ZÆØÅ][\wæøåÆØÅ-]{2,}|[A-ZÆØÅ]{2,})\b")


def names_not_in(output: str, source: str) -> list[str]:
    """Capitalised words (names of people, places, tools, systems) in ``output`` that ``source`` never mentions."""
    src = {w.casefold() for w in re.findall(r"[\wæøåÆØÅ-]+", source)}
    stems = {w[:5] for w in src if len(w) >= 5}
    def known(word: str) -> bool:
        w = word.casefold()
        parts = [p for p in re.split(r"[-'’]", w) if p]
        inflected = any(w + end in src for end in ("s", "e", "er", "en", "erne", "ne"))  # "URL'er" for "urls"
        return w in src or w[:5] in stems or inflected or w in ("jeg", "mangler") or \
            all(p in src or p[:5] in stems for p in parts)

    return sorted({m.group(1) for sentence in re.split(r"(?<=[.!?:\]])\s+|\n+", output)  # "[mangler: opgave] Efter …"
                   for m in _CAPITALISED.finditer(sentence.strip()) if not known(m.group(1))})


def invented_names(output: str, source: str) -> list[str]:
    found = names_not_in(output, source)
    return [f"Svaret nævner noget, der ikke står i din tekst: {', '.join(found)}."] if found else []


def pairs_together(fields: list[str], pairs) -> list[str]:
    """A before→after pair ("fra 14 til 9 dage") must stay together in one field."""
    from coach.rules.numbers import extract_numbers

    def values(text: str) -> set[float]:
        return {round(m.value, 4) for m in extract_numbers(text)}

    apart = []
    for before, after in pairs:
        b, a = values(before), values(after)
        if b and a and not any(b <= values(f) and a <= values(f) for f in fields):
            apart.append(f"{before} → {after}")
    return [f"Før og efter står ikke samlet: {', '.join(apart)}."] if apart else []


LANGUAGE_PROBLEMS = ("Svaret er ikke på dansk", "Svaret har ord, der ikke findes på dansk", "Svaret gentager")


def about_language(problem: str) -> bool:
    """A problem with the answer's Danish (not with its facts): an answer with one is not worth mending."""
    return problem.startswith(LANGUAGE_PROBLEMS)


def real_words(output: str, *, allowed: str = "") -> list[str]:
    """Words that are not Danish (not in the Danish dictionary and not the user's own words), and stutter."""
    bad = language.non_words(_QUOTED.sub(" ", output), allowed=allowed)
    problems = [f"Svaret har ord, der ikke findes på dansk: {', '.join(bad[:3])}."] if bad else []
    return problems + stutter(output, allowed)


_DOUBLES = {"det", "der", "den", "at", "som", "de", "i"}  # «det, det handler om»: a comma apart, both right


def mangled(output: str, source: str) -> list[str]:
    """A word that is not Danish and looks like a misspelt word of the user's ("gitard" for "guitar"): the model
    garbled the user's own word. Loan words the user did not write ("dashboard", "endpoints") are not judged here."""
    own = {w.casefold() for w in _WORD.findall(source) if len(w) >= 4}
    for word in dict.fromkeys(w.casefold() for w in _WORD.findall(output)):
        if len(word) < 5 or not language.non_words(word, allowed=source):
            continue
        if any(SequenceMatcher(None, word, w).ratio() >= 0.75 for w in own):
            return [f"Svaret staver et af dine ord forkert: {word}."]
    return []


def stutter(output: str, source: str = "") -> list[str]:
    """A word or phrase said twice in a row ("i træk i træk", "og og") that the user did not write twice."""
    words = _words(output)
    for n in (1, 2, 3):
        for i in range(len(words) - 2 * n + 1):
            first = words[i:i + n]
            if first == words[i + n:i + 2 * n] and not (n == 1 and (first[0].isdigit() or first[0] in _DOUBLES)):
                if tuple(first + first) not in _ngrams(source, 2 * n):
                    return [f"Svaret gentager «{' '.join(first)}» to gange i træk."]
    return []


# opposites: an answer that says the one where the notes say the other has turned the meaning round
_OPPOSITE_WORDS = [(r"for\s+lidt", r"for\s+meget|for\s+mange"), (r"flere", r"færre"), (r"ste(?:g|get|ger)|stigning\w*", r"fa(?:ldt|ldet|lder)|fald"),
              (r"højere", r"lavere"), (r"bedre", r"dårligere|værre"), (r"hurtigere", r"langsommere"), (r"længere", r"kortere"),
              (r"mere", r"mindre"), (r"øge[dt]|øgede|forøge\w*", r"reducere\w*|nedsat|sænke\w*|mindske\w*"),
              (r"før\s+tid", r"for\s+sent|forsinket")]
_OPPOSITES = [(re.compile(rf"\b(?:{a})\b", re.IGNORECASE), re.compile(rf"\b(?:{b})\b", re.IGNORECASE))
              for a, b in _OPPOSITE_WORDS]


def reversed_meaning(output: str, source: str) -> list[str]:
    """The answer says the opposite of the notes ("spiste for meget" where the notes say "spiste for lidt")."""
    for a, b in _OPPOSITES:
        for said, other in ((a, b), (b, a)):
            m = said.search(output)
            if m and not said.search(source) and other.search(source):
                return [f"Svaret siger «{m.group(0)}», men noterne siger det modsatte."]
    return []


_SMALL = {"gerne", "rigtig", "meget", "noget", "nogen", "hvordan", "hvornår", "hvilke", "hvilken", "bliver", "kunne",
          "skulle", "måske", "altså", "ligesom", "sammen", "omkring", "derfor", "hinanden"}
_X_OF_X = re.compile(r"\b([^\W\d_]{4,})\s+(?:i|på|til|om|med|for|af)\s+\1\b", re.IGNORECASE)


def repeats(output: str, source: str = "") -> list[str]:
    """A phrase of three words or more said twice in one reply ("1:1 om en måned … vores 1:1 om en måned"), or a
    word circling on itself ("kursus i kursus"), where the user's own text does not."""
    if (m := _X_OF_X.search(output)) and not _X_OF_X.search(source):
        return [f"Svaret går i ring: «{m.group(0)}»."]
    words = _words(output)
    own = _ngrams(source, 3)
    for i in range(len(words) - 2):
        gram = tuple(words[i:i + 3])
        if gram in own or not any((len(w) >= 5 and w not in _SMALL) or w.isdigit() for w in gram) \
                or all(w.isdigit() for w in gram):
            continue  # "hvad vil du …, og hvad vil du …": small words may come twice
        if any(tuple(words[j:j + 3]) == gram for j in range(i + 3, len(words) - 2)):
            said = "det samme" if any(w.isdigit() for w in gram) else f"«{' '.join(gram)}»"  # "1:1" is two words here
            return [f"Svaret siger {said} to gange."]
    return []


_QUOTED = re.compile(r"«[^»]*»|\[[^\]]*\]")


def danish(output: str) -> list[str]:
    """Drift out of Danish needs positive evidence: langdetect alone often calls plain Danish Norwegian.

    English/other is trusted from langdetect when confident; Norwegian or Swedish also needs more words that
    belong only to that language than words that belong only to Danish. The user's own quoted words
    («…») and placeholders ([dato]) are not judged.
    """
    text = _QUOTED.sub(" ", output)
    verdict = language.check_danish(text)
    if verdict.language == "da" or verdict.too_short:
        return []
    markers = language.marker_counts(text)
    foreign = max(("no", "sv", "en"), key=lambda k: markers[k])
    if verdict.language in ("en", "other") and verdict.confidence >= 0.7:
        return [f"Svaret er ikke på dansk ({verdict.reason})."]
    if markers[foreign] >= 2 and markers[foreign] > markers["da"]:
        name = {"no": "norsk", "sv": "svensk", "en": "engelsk"}[foreign]
        return [f"Svaret er ikke på dansk (det har ord, der kun findes på {name})."]
    return []


def not_a_copy(field: str, source: str, *, label: str) -> list[str]:
    """A field may quote the notes, but not be the whole notes again (when they are more than a sentence)."""
    f, s = _words(field), _words(source)
    if len(s) >= 15 and len(f) >= 0.9 * len(s) and _ngrams(source) and len(_ngrams(field) & _ngrams(source)) >= 0.8 * len(_ngrams(source)):
        return [f"Feltet '{label}' er bare en kopi af hele din tekst."]
    return []


def no_example_echo(output: str, template_body: str, allowed: str) -> list[str]:
    """Content from the prompt's few-shot examples that is not in the user's text means the model copied an
    example. Long example words (names of systems, places, things) count at once; shorter ones only as part of
    several copied four-word phrases, since grammar words are shared by any two Danish sentences."""
    # only the few-shot blocks count ("Noter: …", "Situation: …" lines), not the instructions around them
    template_body = "\n".join(
        line for line in template_body.splitlines() if re.match(r"^\w[\w ]{0,20}:\s", line) and "{{" not in line
    )
    allowed_words = set(_words(allowed))
    novel = set(_words(output)) - allowed_words
    echoed_words = sorted(w for w in novel & set(_words(template_body)) if len(w) >= 7)
    echoed_phrases = [g for g in (_ngrams(output) & _ngrams(template_body)) - _ngrams(allowed) if set(g) & novel]
    copied = {w for g in echoed_phrases for w in g} & novel
    if echoed_words or (len(echoed_phrases) >= 3 and len(copied) >= 3):
        sample = echoed_words[0] if echoed_words else " ".join(echoed_phrases[0])
        return [f"Svaret gentager skabelonens eksempler (fx '{sample}') i stedet for din tekst."]
    return []


def recites(output: str, description: str, allowed: str) -> bool:
    """The output recites a description it was given (a persona's style): a four-word phrase of it, or two of its
    long words (7+ letters) that the conversation never used. One such word ("vurdering") is just Danish."""
    novel = set(_words(output)) - set(_words(allowed))
    long_words = {w for w in novel & set(_words(description)) if len(w) >= 7}
    phrases = {g for g in _ngrams(output) & _ngrams(description) if set(g) & novel}
    return len(long_words) >= 2 or bool(phrases)


def not_empty(value: str, *, label: str) -> list[str]:
    return [] if value and value.strip(" .-–") else [f"Feltet '{label}' er tomt."]


def _stem(word: str) -> str:
    return word[:5]


def grounded(value: str, source: str, *, share: float = 0.5) -> bool:
    """Most of the field's content words (stems of 4+ letters) occur in the user's text."""
    words = [w for w in _words(value) if len(w) >= 4 and not w.isdigit()]
    if not words:
        return True
    source_words = set(_words(source))
    stems = {_stem(w) for w in source_words}
    return sum(_stem(w) in stems or _typo_of(w, source_words) for w in words) >= share * len(words)


def _typo_of(word: str, source_words: set[str]) -> bool:
    """The word is the user's own word with its spelling corrected ("kollger" → "kolleger", "morgnen" →
    "morgenen"): same first letter, nearly the same letters. Only for words of 5+ letters."""
    if len(word) < 5:
        return False
    return any(w[0] == word[0] and abs(len(w) - len(word)) <= 2 and len(w) >= 4
               and SequenceMatcher(None, w, word).ratio() >= 0.85 for w in source_words)


def same_text(a: str, b: str, *, both: bool = False) -> bool:
    """Two fields that are (nearly) the same words. ``both``: most words of *each* are shared, so a short text
    ("Og Excel-kurset?") is not repeated by a longer one that picks it up."""
    wa, wb = set(_words(a)), set(_words(b))
    if not wa or not wb:
        return False
    size = max(len(wa), len(wb)) if both else min(len(wa), len(wb))
    return len(wa & wb) >= 0.8 * size and min(len(wa), len(wb)) >= 3


def shares_content_word(a: str, b: str) -> bool:
    """Both texts use a content word (stem of a word of 5+ letters): a reply that picks up what was said."""
    stems_b = {_stem(w) for w in _words(b) if len(w) >= 5}
    return any(_stem(w) in stems_b for w in _words(a) if len(w) >= 5)
