"""A better phrasing of the employee's OWN line, by the rules: their words and facts, said more clearly.

Never a template with slots and never a new fact: hedges and fillers go ("altså", "vel", "måske", "tror jeg"),
"vi"/"man" about your own work becomes "jeg", a vague time becomes a question for a date, heat goes (capitals,
"!!", "altid"/"aldrig", attacks, ultimatums), a wish gets a clear "Jeg vil gerne …", and where the line lacks a
question or a proposal, a plain one without facts is added ("Kan du give mig et konkret eksempel?"). What the line
lacks in facts (a number, a date) is said by the advice text, not invented here.
"""

from __future__ import annotations

import re

from coach.rules import debrief_signals as sig
from coach.rules.rehearsal_slots import sentences

__all__ = ["better", "tidy"]

_I = re.IGNORECASE


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:–-")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _calm_caps(text: str) -> str:
    acr = {"SMART", "STAR", "KPI", "MUS", "HR", "ECTS", "KOL", "CRM", "SAP", "IT"}
    return re.sub(r"\b[A-ZÆØÅ]{3,}\b", lambda m: m.group(0) if m.group(0) in acr else m.group(0).lower(), text)


def tidy(text: str) -> str:
    """One or two clean sentences: no fillers, hedges, shouting or exclamation marks, a capital at the start."""
    out = text.replace("\n", " ")
    out = re.sub(r"^(?:(?:ja|nej|jo|jamen|altså|øh+|øøh|tja|nå|ok|okay|hej|hmm|men|så\s+ja)\b[,.!]?\s*)+", "", out.strip(),
                 flags=_I)
    out = sig.HEDGES.sub(" ", out)
    out = re.sub(r"[!]+", ".", _calm_caps(out))
    out = re.sub(r"([,.?])(?:\s*[,.])+", r"\1", re.sub(r"\s+([,.?])", r"\1", re.sub(r"\s{2,}", " ", out))).strip(" ,")
    parts = [_sentence(s) for s in sentences(out) if len(s.split()) >= 2]
    return " ".join(parts[:2]) if parts else _sentence(out)


def _to_jeg(text: str) -> str:
    out = re.sub(r"\b[Mm]an\b|\b[Vv]i\b", lambda m: "Jeg" if m.group(0)[0].isupper() else "jeg", text)
    return re.sub(r"\bos\b", "mig", out)


def _no_heat(text: str) -> str:
    out = sig.ULTIMATUM.sub("", text)
    out = re.sub(r"\bdet\s+passer\s+(?:bare\s+)?ikke\b[.!]*", "Det ser jeg anderledes.", out, flags=_I)
    out = re.sub(r"\bdet\s+er\s+(?:bare\s+)?unfair\b[.!]*", "Det synes jeg ikke er fair.", out, flags=_I)
    out = re.sub(r"\bdu\s+(har|er|hører|forstår)\s+aldrig\s+", r"jeg oplever ikke, at du \1 ", out, flags=_I)
    out = re.sub(r"\b(?:altid|aldrig|hele\s+tiden)\s+", "", out, flags=_I)
    out = re.sub(r"\b(?:hold\s+nu\s+op|hold\s+kæft)\b,?\s*", "", out, flags=_I)
    out = re.sub(r"[^.!?]*\b(?:pjat|lort|idiot\w*|latterlig\w*|spild\s+af\s+tid|gider\s+ikke|whatever|pointless)\b[^.!?]*[.!?]?",
                 " ", out, flags=_I)
    return out


def _vague_time_to_question(text: str) -> str:
    m = sig.VAGUE_TIME.search(sig.QUOTED.sub(" ", text))
    if not m:
        return text
    head = text[:m.start()].rstrip(" ,")
    lead = r"(?:^|[.!?,]\s*|\s+og\s+|\s+)"
    tail = r"(\s+(?:det|den))?(\s+(?:op|om\s+det|på\s+mail))?\s*,?\s*$"
    verbs = ("snakker", "taler", "tager", "ses", "kigger", "vender")
    found = [re.search(rf"{lead}(?:vi|jeg)\s+(\w+){tail}", head, _I),
             re.search(rf"{lead}(?:og\s+)?så\s+(\w+)\s+(?:vi|jeg){tail}", head, _I)]
    clause = next((m for m in found if m and m.group(1).lower() in verbs), None)
    ask = "Hvornår følger vi op på det, og hvem gør hvad?"
    if clause:
        ask = f"Hvornår {clause.group(1).lower()} vi{clause.group(2) or ''}{clause.group(3) or ''}?"
        head = head[:clause.start()].rstrip(" ,")
    head = re.sub(r"\s+(?:og|så)$", "", head).rstrip(" ,")
    return (tidy(head) + " " + ask).strip() if head and len(head.split()) >= 2 else ask


def better(criterion: str, line: str) -> str:
    """A better phrasing of ``line`` for ``criterion`` (empty when there is nothing of the employee's to rephrase)."""
    if not line or not line.strip():
        return ""
    base = tidy(_no_heat(line)) if criterion == "calm_disagreement" else tidy(line)
    if not base or len(base.split()) < 2:
        base = ""
    if criterion == "i_form":
        out = _to_jeg(base)
        return out if out != base else (base + " Det var mit bidrag." if base and sig.JEG.search(base) else "")
    if criterion == "concrete_results":
        if base and not sig.JEG.search(base):
            base = "Jeg synes, " + base[0].lower() + base[1:]
        return base
    if criterion == "development_wishes":
        wish = re.sub(r"^(?:udvikling\?\s*)?(?:jeg\s+vil\s+(?:gerne\s+)?(?:have\s+)?|noget\s+|et\s+)", "", base.rstrip("."), flags=_I)
        wish = re.sub(r"\b(?:en\s+dag|eller\s+sådan|noget)\b", "", wish, flags=_I).strip(" ,")
        if not wish:
            return ""
        if re.match(r"(?:kursus|mere|et|en|nogle|uddannelse|certificering)", wish, _I):
            wish = re.sub(r"^kursus", "et kursus", wish, flags=_I)
            return _sentence(f"Jeg vil gerne have {wish}") + " Det vil jeg gerne fortælle dig mere om."
        if re.match(r"jeg\b", wish, _I):
            return _sentence(wish)
        return _sentence(f"Jeg vil gerne {wish[0].lower() + wish[1:]}")
    if criterion == "proposed_solutions":
        return (_to_jeg(base) + " Mit forslag er, at vi finder en løsning på det sammen.").strip() if base else ""
    if criterion == "clarifying_questions":
        if "?" in line:
            return "Hvad mener du helt konkret? Kan du give mig et eksempel, så jeg ved, hvad jeg skal gøre anderledes?"
        lead = base if base and len(base.split()) <= 12 else ""
        return (lead + " Kan du give mig et konkret eksempel, så jeg ved, hvad jeg skal gøre anderledes?").strip()
    if criterion == "calm_disagreement":
        if not base:
            return ""
        return base if base.endswith("?") else base + " Kan vi se på et konkret eksempel sammen?"
    if criterion == "steering_back":
        if re.search(r"på\s+mail", line, _I):
            return "Inden vi tager resten på mail, vil jeg gerne lige nå det vigtigste nu."
        return "Det kan vi tage en anden gang. Skal vi vende tilbage til mine punkter?"
    if criterion == "next_steps":
        out = _vague_time_to_question(tidy(sig.ULTIMATUM.sub("", line)))
        return out if out and out != tidy(line) else (out + " Hvornår følger vi op?" if out and "?" not in out else out)
    return base
