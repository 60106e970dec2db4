"""Text helpers of the decoder: sentences and clauses with offsets, and the small Danish grammar the plain
restatements need (an infinitive or a past subjunctive turned into a present-tense "at"-clause, minimisers
dropped, the topic of a remark, what the employee asked for, who a remark is attributed to).

Everything works on the user's own words; nothing here invents content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.rules.decode_lexicon import Lexicon

_ABBREVIATIONS = frozenset({
    "evt", "f.eks", "fx", "bl.a", "ca", "kl", "osv", "mht", "pga", "dvs", "nr", "jf", "jvf", "inkl",
    "ift", "mv", "etc", "hhv", "el", "m.fl", "iflg", "ifm", "tlf", "vedr", "dk", "ang", "hr", "fr",
    "stk", "afd", "max", "min", "ekskl", "p.t", "s.u", "o.l", "m.m", "a/s", "aps", "cand", "mag", "o.k",
})
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'»”)\]]*(?=\s)|[.!?…]+[\"'»”)\]]*$|\n")
_OPENERS = "\"'«»“(–-•*"


@dataclass(frozen=True)
class Sentence:
    """A sentence with its offsets in the original text."""

    start: int
    end: int
    text: str


def _line_ends_sentence(text: str, pos: int) -> bool:
    """A line break ends a sentence unless a hard-wrapped sentence simply goes on in lower case."""
    before = text[:pos].rstrip(" \t")
    after = text[pos + 1:].lstrip(" \t")
    if not before or not after or after[0] == "\n" or before.endswith(("\n",)):
        return True
    if before[-1] in ".!?…:;\"»)" or after[0] in _OPENERS or after[0].isdigit():
        return True
    line = before.rsplit("\n", 1)[-1]
    return not (after[0].islower() and len(line.split()) >= 4)


_TRAILING = re.compile(r"[^\w?]+$")


def is_question(sentence: str) -> bool:
    """The sentence ends with "?", also before closing quotes, emoji or a smiley ("… i går? 🤔")."""
    return _TRAILING.sub("", sentence).endswith("?")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets (abbreviations and ordinals do not split)."""
    cuts: list[int] = []
    for m in _BOUNDARY_RE.finditer(text):
        if m.group() == "\n":
            if _line_ends_sentence(text, m.start()):
                cuts.append(m.end())
            continue
        rest = text[m.end(): m.end() + 40].lstrip(" \t")
        if rest and not (rest[0].isupper() or rest[0] in _OPENERS or rest[0] == "\n"):
            continue  # "kl. 10", "evt. at", "13. december", "så … lidt tyndt": lower case or digit follows
        if m.group().startswith(".") and rest:
            before = re.search(r"(\S+)$", text[max(0, m.start() - 40): m.start()])
            word = before.group(1).lower().lstrip("(«\"") if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        cuts.append(m.end())
    sentences: list[Sentence] = []
    prev = 0
    for cut in [*cuts, len(text)]:
        if cut <= prev:
            continue
        chunk = text[prev:cut]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            s = prev + lead
            sentences.append(Sentence(s, s + len(body), body))
        prev = cut
    return sentences


# -- clauses and edges ---------------------------------------------------------------------------------------------
_CLAUSE_BREAK_RE = re.compile(
    r"\s*(?:;|:(?=\s)|\s[–—-](?=\s)|,(?=\s*(?:men|så|og|for|eller|mens)\b))\s*(?:(?:men|så|og|for|eller|mens)\b)?",
    re.IGNORECASE)
_LEAD_RE = re.compile(r"(?:[\s,;:…–—\-\"'«»“”(]+|(?:men|og|så|for|eller|mens)\b)+", re.IGNORECASE)
_TRAIL_RE = re.compile(r"(?:[\s,;:.!…–—\-\"'«»“”)]+|\b(?:men|og|eller)\b)+$", re.IGNORECASE)


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Clauses of one sentence as (start, end) offsets, without the joining comma and connector word."""
    spans, pos = [], 0
    for m in _CLAUSE_BREAK_RE.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [trim(text, a, b) for a, b in spans if text[a:b].strip(" ,;:.!?…–—-")] or [(0, len(text))]


def trim(text: str, a: int, b: int, *, keep_question: bool = True) -> tuple[int, int]:
    """Narrow [a, b) so that it neither starts nor ends with punctuation, spaces or a connector word."""
    m = _LEAD_RE.match(text, a, b)
    if m and m.end() < b:
        a = m.end()
    while b > a:
        m = _TRAIL_RE.search(text, a, b)
        if not m or m.start() <= a:
            break
        b = m.start()
    if keep_question and b < len(text) and text[b: b + 1] == "?" and a < b:
        b += 1
    return a, b


# -- restatement grammar -------------------------------------------------------------------------------------------
_SPACES_RE = re.compile(r"\s{2,}")
_COMMA_RE = re.compile(r"\s+([,.;:!?])")
_EDGE_RE = re.compile(r"^[\s,;:…–—\-]+|[\s,;:.!?…–—\-]+$")
_SHORT_VERBS = frozenset({"gå", "få", "se", "stå", "nå", "dø", "bo", "tro", "sy", "slå", "flå"})
_UNCLEAR_OPENERS = frozenset({"om", "hvordan", "hvor", "hvad", "hvem", "hvornår", "hvilke", "hvilken", "mon"})
_OPENING_WORDS = frozenset({"at", "hvis", "men", "og", "så", "hvorfor", "fordi", "dog", "desværre", "til", "gengæld"})


def drop_minimisers(text: str, lex: Lexicon) -> str:
    """The words that make a remark sound smaller ("lidt", "en smule", "måske" …) removed."""
    out = lex.drop.sub(" ", text)
    out = _COMMA_RE.sub(r"\1", _SPACES_RE.sub(" ", out))
    return out.replace(",,", ",").strip()


def present(word: str, lex: Lexicon) -> str:
    """Present tense of an infinitive, imperative or past form ("dele" → "deler", "fik" → "får")."""
    low = word.lower()
    for table in (lex.grammar.present, lex.grammar.past):
        if low in table:
            return table[low]
    if low in lex.grammar.imperatives:
        return low + "er"
    if low.endswith("ede") and len(low) > 5 and low != "allerede":
        return low[:-3] + "er"
    if low in _SHORT_VERBS:
        return low + "r"
    if low.endswith("e"):
        return low + "r"
    return low


def _proper(word: str, full_text: str) -> bool:
    """A capitalised word that also stands capitalised inside a sentence elsewhere (a name, not a sentence start)."""
    if not word[:1].isupper() or word.isupper():
        return word.isupper() and len(word) > 1
    return re.search(rf"[a-zæøå,]\s+{re.escape(word)}\b", full_text) is not None


def _swap_adverbs(tokens: list[str], lex: Lexicon) -> list[str]:
    """Main-clause order to "at"-clause order: "de hører ikke" → "de ikke hører"."""
    finite = set(lex.grammar.finite_verbs)
    adverbs = set(lex.grammar.adverbs)
    for i, tok in enumerate(tokens[:7]):
        if tok.lower() in finite:
            j = i + 1
            while j < len(tokens) and tokens[j].lower().strip(",") in adverbs and not tokens[j].endswith(","):
                j += 1
            if j > i + 1 and i > 0:
                return tokens[:i] + tokens[i + 1: j] + [tok] + tokens[j:]
            return tokens
    return tokens


def _has_verb(tokens: list[str], lex: Lexicon) -> bool:
    """Does the clause have a finite verb (so that "at …" reads as a sentence)?"""
    finite = set(lex.grammar.finite_verbs)
    subjects = set(lex.grammar.subjects)
    for i, tok in enumerate(tokens[:8]):
        low = tok.lower().strip(",")
        if low in finite or low in lex.grammar.past.values():
            return True
        if i > 0 and low.endswith("er") and len(low) > 3 and (tokens[i - 1].lower() in subjects
                                                             or tokens[i - 1].lower().endswith(("en", "et", "ne"))):
            return True
    return False


def as_clause(rest: str, lex: Lexicon, full_text: str, *, infinitive: bool = False, at_infinitive: bool = True) -> str:
    """What follows a softener, as a plain present-tense "at"-clause without minimisers ("" if not a clause).

    ``infinitive``: the signal ended in a modal or "at" ("du kan med fordel …"), so an infinitive follows and
    becomes "du <verb>". ``at_infinitive``: an "at" + infinitive in the rest may also be read that way (for
    hedges; not for "kunderne har svært ved at …", where "du" is not the subject)."""
    text = _cut_contrast(rest)
    text = _EDGE_RE.sub("", text)
    words = text.split()
    while words and words[0].lower().strip(",:") in _OPENING_WORDS:
        infinitive = infinitive or (at_infinitive and words[0].lower() == "at")
        words = words[1:]
    if not words or words[0].lower() in _UNCLEAR_OPENERS:
        return ""
    text = drop_minimisers(" ".join(words), lex)
    tokens = text.split()
    if len(tokens) < 2:
        return ""
    first = tokens[0].lower()
    subjects = set(lex.grammar.subjects)
    if first in lex.grammar.imperatives or (infinitive and first not in subjects and
                                            (first.endswith("e") or first in _SHORT_VERBS or first in lex.grammar.present)):
        tokens = ["du", present(tokens[0], lex), *tokens[1:]]
    else:
        for i, tok in enumerate(tokens[:5]):
            low = tok.lower()
            if low in lex.grammar.past or (low.endswith("ede") and len(low) > 5 and low != "allerede"):
                tokens[i] = present(tok, lex)
                break
        if not _proper(tokens[0], full_text):
            tokens[0] = tokens[0][:1].lower() + tokens[0][1:]
        if not _has_verb(tokens, lex):
            return ""
    tokens = _swap_adverbs(tokens, lex)
    return _EDGE_RE.sub("", " ".join(tokens))


def plain_rest(rest: str, lex: Lexicon) -> str:
    """What follows a signal, as written but without minimisers (for templates like "… en god idé {resten}")."""
    text = _EDGE_RE.sub("", _cut_contrast(rest))
    return drop_minimisers(text, lex) if len(text.split()) >= 2 else ""


_CONTRAST_RE = re.compile(r"(?<=\S)\s*(?:,\s*men\b|;|\s[–—]\s|:\s)", re.IGNORECASE)


def _cut_contrast(text: str) -> str:
    """The part before a later "…, men" or ";" (the rest of the sentence says something else)."""
    lead = len(text) - len(text.lstrip(" ,:;–—-"))
    m = _CONTRAST_RE.search(text, lead + 1)
    return text[: m.start()] if m else text


# -- slots -----------------------------------------------------------------------------------------------------------
_DETERMINERS = frozenset({"det", "den", "de", "dit", "din", "dine", "mit", "min", "mine", "et", "en", "to", "tre",
                          "fire", "flere", "nogle", "jeres", "vores", "dets", "hans", "hendes"})
_WISH_ADJECTIVES = frozenset({"højere", "ny", "nye", "nyt", "ekstra", "fast", "faste", "mere", "større", "bedre", "egen",
                              "eget", "egne", "fleksibel", "fleksible", "længere", "kortere"})


def wish(text: str, lex: Lexicon, order: list[tuple[int, int]] | None = None) -> str:
    """What the employee asked for (a course, a raise, more hours …) as it stands in the text, or "".

    ``order`` lists the spans to look in, nearest first (default: the whole text)."""
    if "wish" not in lex.cues:
        return ""
    m = None
    for a, b in order or [(0, len(text))]:
        m = lex.cue("wish").search(text, a, b)
        if m:
            break
    if not m:
        return ""
    start = m.start()
    for _ in range(2):
        before = re.search(r"(\S+)\s+$", text[max(0, start - 30): start])
        word = before.group(1).lower() if before else ""
        if not before or not (word in _DETERMINERS or word in _WISH_ADJECTIVES or word.isdigit()):
            break
        start -= len(before.group(0))
        if word in _DETERMINERS:
            break
    phrase = _EDGE_RE.sub("", text[start: m.end()])
    if start == m.start() and " " not in phrase:
        phrase = _definite(phrase)
    return phrase if _proper(phrase.split()[0], text) else phrase[:1].lower() + phrase[1:]


def _definite(noun: str) -> str:
    """A bare singular noun in its definite form where that is safe ("kursus" → "kurset", "rolle" → "rollen")."""
    low = noun.lower()
    if low.endswith(("en", "et", "ne", "erne", "er", "r")) or "-" in low[-3:]:
        return noun
    if low.endswith("kursus"):
        return noun[:-2] + "et"
    if low.endswith("titel"):
        return noun[:-2] + "len"
    if low.endswith("e"):
        return noun + "n"
    return noun


def group(match_text: str, lex: Lexicon) -> str:
    """Who a remark is attributed to ("nogle af forældrene", "ledelsen"), or ""."""
    m = lex.cue("group").search(match_text) if "group" in lex.cues else None
    if not m:
        return ""
    start = m.start()
    q = re.search(r"((?:nogle|nogen|flere|et par|enkelte|mange|en del)(?:\s+(?:af|i|blandt|fra))?"
                  r"(?:\s+(?:de|dine|vores|jeres))?)\s+$", match_text[:start], re.IGNORECASE)
    if q:
        start = q.start(1)
    phrase = match_text[start: m.end()]
    return phrase[:1].lower() + phrase[1:]


def topic(sentence: str, a: int, b: int, lex: Lexicon, full_text: str) -> str:
    """What a remark is about: the subject before the signal ("din præsentation for udvalget"), "det, du …"
    after it, or what follows "om", "når det gælder" …; "" when unclear."""
    finite = set(lex.grammar.finite_verbs)
    start = next((sa for sa, sb in clause_spans(sentence) if sa <= a < sb), 0)
    words = sentence[start:a].replace(",", " ").split()
    strip = {w.lower() for w in lex.grammar.adverbs} | finite | {"til", "gengæld", "desværre", "dog", "sådan", "altså"}
    while words and words[-1].lower().strip("…") in strip | {"…", "-", "–"}:
        words = words[:-1]
    if 1 <= len(words) <= 8 and words[0].lower() not in {"det", "der", "jeg", "vi", "men", "og", "så", "nå"}:
        if not any(w.lower() in finite for w in words):
            phrase = " ".join(words).strip(" ,")
            return phrase if _proper(words[0], full_text) else phrase[:1].lower() + phrase[1:]
    after = sentence[b:]
    m = re.match(r"^\s*,?\s*(det|dem),?\s+((?:du|I|jeg|vi)\b[^.!?;]*)", after)
    if m:
        return f"{m.group(1)}, {_EDGE_RE.sub('', m.group(2))}"
    words_re = "|".join(re.escape(w) for w in sorted(lex.grammar.topic_words, key=len, reverse=True))
    if re.search(rf"\b(?:{words_re})$", sentence[a:b].rstrip(), re.IGNORECASE):
        after = " med " + after  # the signal ends with the topic word ("det med …"): what follows is the topic
    m = re.search(rf"(?:^|\s|,)(?:{words_re})\s+([^.!?;,]+)", after, re.IGNORECASE)
    if m and 1 <= len(m.group(1).split()) <= 8:
        phrase = _EDGE_RE.sub("", drop_minimisers(m.group(1), lex))
        return re.sub(r"(?:\s+(?:igen|nu|også|lige|altså|endnu))+$", "", phrase, flags=re.IGNORECASE)
    return ""


_PERSON = {"du": "jeg", "jeg": "du", "dig": "mig", "mig": "dig", "din": "min", "min": "din", "dit": "mit", "mit": "dit",
           "dine": "mine", "mine": "dine"}


def swap_person(text: str) -> str:
    """The employee's voice towards the manager: "du deler dine mails" → "jeg deler mine mails"."""
    def one(m: re.Match[str]) -> str:
        word = m.group()
        new = _PERSON[word.lower()]
        return new.capitalize() if word[0].isupper() else new
    return re.sub(r"\b(?:du|jeg|dig|mig|din|min|dit|mit|dine|mine)\b", one, text, flags=re.IGNORECASE)
