"""The first step of every capability: make the user's text safe to use, or say clearly why not.

Nothing the user wrote is thrown away here: the caller keeps the original; this returns a cleaned copy for
the analyzers and the model (NFC, no NUL/control characters, no zero-width or bidi-override characters).
Text is never cut short: too long, binary-looking or garbled (mojibake) text is refused with a Danish message
that gives the numbers or an example, so the user can fix it.
"""

from __future__ import annotations

import re
import unicodedata

from coach.errors import InputError

MAX_CHARS = 20_000
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that do not occur in typed or pasted prose: C0/C1 controls, the replacement character, private
# use, surrogates. Binary data read as text is full of them.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")

# Mojibake: UTF-8 read as Windows-1252 or Latin-1 («lÃ¦rt» for «lært», «â€“» for «–»). The second byte of a
# two-byte UTF-8 letter is 0x80–0xBF, which those code pages show as one of these characters.
_CONT = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)}
                       | {chr(b) for b in range(0x80, 0xC0)}))
_MOJIBAKE = re.compile(f"Ã[{re.escape(_CONT)}]|Â[\u00a0-\u00bf]|â€[{re.escape(_CONT)}]?")
_DANISH_MOJIBAKE = re.compile("Ã[¦¸¥†˜…]")  # æ ø å Æ Ø Å


def thousands(n: int) -> str:
    """12000 -> «12.000» (Danish digit grouping)."""
    return f"{n:,}".replace(",", ".")


_thousands = thousands  # the old private name


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


def too_long(length: int, max_chars: int, *, far: bool = False) -> InputError:
    """«Teksten er for lang: 50.000 tegn, og feltet tager højst 12.000.»"""
    return InputError(
        f"Teksten er {'alt ' if far else ''}for lang: {thousands(length)} tegn, og feltet tager højst "
        f"{thousands(max_chars)}.",
        hint="Forkort den, eller del den op i mindre stykker (fx én oplevelse ad gangen). Intet er skåret væk.",
    )


def _repaired(sample: str) -> str | None:
    for codec in ("cp1252", "latin-1"):
        try:
            return sample.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


def text_problem(text: str | None, max_chars: int = MAX_CHARS) -> InputError | None:
    """Why ``text`` cannot be used or saved as it is (too long, binary, garbled), or None. Empty text is fine here:
    a field may be emptied; ``check`` refuses empty input for the capabilities."""
    if not text:
        return None
    if len(text) > max_chars * 5:  # cheap reject before any work on megabytes of text
        return too_long(len(text), max_chars, far=True)
    not_text = len(_NOT_TEXT.findall(text))
    if not_text > max(3, len(text) // 50):
        return InputError("Teksten ligner binære data (fx indholdet af et billede eller et program) og ikke "
                          "almindelig tekst.", hint="Indsæt dine noter som almindelig tekst.")
    garbled = _MOJIBAKE.findall(text)
    if len(garbled) + len(_DANISH_MOJIBAKE.findall(text)) >= 2:
        sample = next((g for g in garbled if _repaired(g)), garbled[0])
        fixed = _repaired(sample)
        example = f"fx «{sample}», hvor der skulle stå «{fixed}»" if fixed else f"fx «{sample}»"
        return InputError(
            f"Teksten har tegn, der er gået i stykker ({example}). Den er nok kopieret fra et program, der har "
            "læst den med et forkert tegnsæt.",
            hint="Kopiér teksten igen fra originalen, eller ret tegnene, og prøv så igen.",
        )
    if len(clean(text).strip()) > max_chars:
        return too_long(len(text.replace("\r\n", "\n")), max_chars)  # the length the user sees in the box
    return None


def check(text: str | None, *, what: str = "teksten", max_chars: int = MAX_CHARS, min_letters: int = 3) -> str:
    """Return the cleaned text, or raise InputError with a Danish message saying what to do."""
    if text is None or not text.strip():
        raise InputError("Der er ingen tekst at arbejde med.", hint=f"Skriv eller indsæt {what} først.")
    problem = text_problem(text, max_chars)
    if problem is not None:
        raise problem
    cleaned = clean(text).strip()
    letters = sum(ch.isalpha() for ch in cleaned)
    if letters == 0:
        raise InputError("Teksten indeholder ingen ord – kun tal, tegn eller emojis.",
                         hint="Skriv med ord, hvad det handler om.")
    if letters < min_letters:
        raise InputError("Teksten er for kort til at arbejde med.", hint="Skriv mindst et par ord.")
    return cleaned
