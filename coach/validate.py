"""Checks every model answer must pass before the user sees it. Each returns Danish problem descriptions.

They compare the answer with what the user actually wrote (``source``): a number the user did not give is
invented; a field that is the whole notes again is a copy; phrases from the prompt's few-shot examples that
are not in the user's text are an echo of the examples; anything not Danish is drift.
"""

from __future__ import annotations

import re

from coach import language
from coach.rules.numbers import invented_numbers

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _ngrams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def numbers(output: str, source: str) -> list[str]:
    invented = invented_numbers(source, output)
    if invented:
        return [f"Svaret indeholder tal, som ikke står i din tekst: {', '.join(dict.fromkeys(invented))}."]
    return []


def danish(output: str) -> list[str]:
    verdict = language.check_danish(output)
    if verdict.language in ("da", "unsure"):
        return []
    return [f"Svaret er ikke på dansk ({verdict.reason})."]


def not_a_copy(field: str, source: str, *, label: str) -> list[str]:
    """A field may quote the notes, but not be the whole notes again (when they are more than a sentence)."""
    f, s = _words(field), _words(source)
    if len(s) >= 15 and len(f) >= 0.9 * len(s) and _ngrams(source) and len(_ngrams(field) & _ngrams(source)) >= 0.8 * len(_ngrams(source)):
        return [f"Feltet '{label}' er bare en kopi af hele din tekst."]
    return []


def no_example_echo(output: str, template_body: str, allowed: str) -> list[str]:
    """Phrases from the prompt's examples that are not in the user's text mean the model copied an example."""
    echoed = (_ngrams(output) & _ngrams(template_body)) - _ngrams(allowed)
    if len(echoed) >= 2:
        sample = " ".join(sorted(echoed)[0])
        return [f"Svaret gentager skabelonens eksempler (fx '{sample}') i stedet for dine noter."]
    return []


def not_empty(value: str, *, label: str) -> list[str]:
    return [] if value and value.strip(" .-–") else [f"Feltet '{label}' er tomt."]
