"""The small pattern language of ``content/decode/``: readable for an HR person, compiled to regular expressions.

A pattern is words separated by spaces, matched case-insensitively as whole words inside one sentence; any
spacing and light punctuation (comma, colon, dash, quotes, "…") may stand between two words, so a comma in a
pattern ("tro, at" or "tro,? at") is allowed but not needed::

    måske kunne du overveje        the words in this order
    overvej*                       "*" at the end: any ending (overvejer, overvejelse …)
    *kursus                        "*" at the start: any beginning (sommelierkursus, lederkursus)
    (en god idé|en fordel)         one of several choices; a choice may be several words
    måske?  (lige|bare)?           "?" after a word or a choice: may be left out
    det ... svært                  "..." (or "…"): up to four other words in between
    {others}                       any pattern of the cue "others" in cues.yaml
    <ord>  <tal>                   any one word / any number (3, 2,5, 1.400)

``compile_pattern`` turns one pattern into a regex; cue references are resolved by the ``cue`` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: what may stand between two words of a pattern (at least one character)
SEP = r"[\s,;:.…–—\"'«»“”()/-]+"
#: one word of the text (for "..." and <ord>)
WORD = r"[^\s,;:.!?…–—\"«»“”()/]+"
NUMBER = r"\d+(?:[.,]\d+)*"
GAP_WORDS = 4

_TOKEN_RE = re.compile(r"\)\?|\(|\)|\||\.\.\.|…|[^\s()|]+")


class PatternError(ValueError):
    """A pattern that cannot be read (the message is Danish, for the content file's author)."""


@dataclass
class _Item:
    regex: str
    optional: bool = False
    gap: bool = False


def _word_regex(word: str, cue: Callable[[str], str]) -> str:
    if word == "<ord>":
        return WORD
    if word == "<tal>":
        return NUMBER
    if word.startswith("{") and word.endswith("}"):
        return f"(?:{cue(word[1:-1])})"
    if "{" in word or "}" in word or "<" in word or ">" in word:
        raise PatternError(f"ordet '{word}' er ugyldigt: brug {{navn}}, <ord> eller <tal> som et helt ord")
    core = word.strip("*")
    if not core:
        raise PatternError("'*' skal stå i starten eller slutningen af et ord")
    if "*" in core:
        raise PatternError(f"'*' må kun stå i starten eller slutningen af et ord ('{word}')")
    body = re.escape(core)
    if word.startswith("*"):
        body = r"[\w-]*" + body
    if word.endswith("*"):
        body += r"\w*"
    return body


def _sequence(items: list[_Item]) -> str:
    """Join items so that separators sit between the words that are actually there."""
    required = [i for i, item in enumerate(items) if not item.optional and not item.gap]
    if not required:
        raise PatternError("et mønster (eller et valg i parentes) skal have mindst ét ord, der ikke er valgfrit")
    last = required[-1]
    out = []
    for i, item in enumerate(items):
        if item.gap:
            out.append(f"(?:{WORD}{SEP}){{0,{GAP_WORDS}}}" if i < last else f"(?:{SEP}{WORD}){{0,{GAP_WORDS}}}")
        elif i < last:
            piece = f"(?:{item.regex}){SEP}"
            out.append(f"(?:{piece})?" if item.optional else piece)
        elif i == last:
            out.append(f"(?:{item.regex})")
        else:
            out.append(f"(?:{SEP}(?:{item.regex}))?")
    return "".join(out)


def _parse(tokens: list[str], pos: int, cue: Callable[[str], str], depth: int) -> tuple[str, int]:
    """Parse choices until ')' or the end; returns (regex, position after)."""
    choices: list[str] = []
    items: list[_Item] = []
    while pos < len(tokens):
        tok = tokens[pos]
        if tok in (")", ")?"):
            if depth == 0:
                raise PatternError("der er en ')' uden '('")
            break
        if tok == "|":
            if not items:
                raise PatternError("et valg i parentes er tomt ('||' eller '(|')")
            choices.append(_sequence(items))
            items = []
            pos += 1
            continue
        if tok == "(":
            inner, pos = _parse(tokens, pos + 1, cue, depth + 1)
            if pos >= len(tokens):
                raise PatternError("der mangler en ')'")
            items.append(_Item(inner, optional=tokens[pos] == ")?"))
            pos += 1
            continue
        if tok in ("...", "…"):
            items.append(_Item("", gap=True))
            pos += 1
            continue
        if tok.endswith(",?") and len(tok) > 2:
            tok = tok[:-2]  # "tro,?": a comma may stand there anyway (any punctuation may)
        tok = tok.rstrip(",") or tok
        optional = tok.endswith("?") and len(tok) > 1
        word = tok[:-1] if optional else tok
        if word == "?":
            raise PatternError("et '?' skal stå lige efter et ord eller en ')'")
        items.append(_Item(_word_regex(word, cue), optional=optional))
        pos += 1
    if not items:
        raise PatternError("mønsteret er tomt" if depth == 0 else "et valg i parentes er tomt")
    choices.append(_sequence(items))
    body = choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"
    return body, pos


def pattern_body(pattern: str, cue: Callable[[str], str]) -> str:
    """The regex of a pattern without word boundaries (used inside cues and other patterns)."""
    tokens = _TOKEN_RE.findall(pattern)
    if not tokens:
        raise PatternError("mønsteret er tomt")
    body, pos = _parse(tokens, 0, cue, 0)
    if pos < len(tokens):
        raise PatternError("der er en ')' uden '('")
    return body


def compile_pattern(pattern: str, cue: Callable[[str], str]) -> re.Pattern[str]:
    """One pattern as a case-insensitive regex that matches whole words."""
    return re.compile(rf"(?<![\w-])(?:{pattern_body(pattern, cue)})(?![\w])", re.IGNORECASE)
