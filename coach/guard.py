"""The first step of every capability: make the user's text safe to use, or say clearly why not.

Nothing the user wrote is thrown away here: the caller keeps the original; this returns a cleaned copy for
the analyzers and the model (NFC, no NUL/control characters, no zero-width or bidi-override characters).
"""

from __future__ import annotations

import re
import unicodedata

from coach.errors import InputError

MAX_CHARS = 20_000
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def decode(data: bytes) -> str:
    """Bytes from a file or stdin → text; binary data gets a Danish message."""
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 100:
        raise InputError("Filen ligner binære data (fx et billede eller et program) og ikke tekst.",
                         hint="Indsæt dine noter som almindelig tekst.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def clean(text: str) -> str:
    text = text.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates from an API call
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text)


def check(text: str | None, *, what: str = "teksten", max_chars: int = MAX_CHARS, min_letters: int = 3) -> str:
    """Return the cleaned text, or raise InputError with a Danish message saying what to do."""
    if text is None or not text.strip():
        raise InputError("Der er ingen tekst at arbejde med.", hint=f"Skriv eller indsæt {what} først.")
    if len(text) > max_chars * 5:  # cheap reject before any work on megabytes of text
        raise InputError(
            f"Teksten er alt for lang ({_thousands(len(text))} tegn). Der er plads til ca. {_thousands(max_chars)} tegn.",
            hint="Del den op i mindre stykker, fx én oplevelse ad gangen.",
        )
    raw_controls = len(_CONTROL.findall(text)) + text.count("\ufffd")
    if raw_controls > max(3, len(text) // 20):
        raise InputError("Teksten ligner binære data og ikke almindelig tekst.", hint="Indsæt dine noter som tekst.")
    cleaned = clean(text).strip()
    if len(cleaned) > max_chars:
        raise InputError(
            f"Teksten er for lang ({_thousands(len(cleaned))} tegn). Der er plads til ca. {_thousands(max_chars)} tegn.",
            hint="Del den op i mindre stykker, fx én oplevelse ad gangen.",
        )
    letters = sum(ch.isalpha() for ch in cleaned)
    if letters == 0:
        raise InputError("Teksten indeholder ingen ord – kun tal, tegn eller emojis.", hint="Skriv med ord, hvad det handler om.")
    if letters < min_letters:
        raise InputError("Teksten er for kort til at arbejde med.", hint="Skriv mindst et par ord.")
    return cleaned
