"""STAR roles by position, the way people write notes: the problem first, then what they did, then the outcome."""

from __future__ import annotations

import re

from coach.rules.numbers import TIME_KINDS
from coach.rules.star_read import _CUES, _I, Fact

_PENDING = re.compile(
    r"\b(?:ved (?:endnu )?ikke(?: endnu)?,? om|ved ikke rigtig om|har ikke (?:målt|spurgt|set|fået)|ikke (?:målt|klar\w*|"
    r"evalueret|opgjort)(?: endnu)?|(?:er|bliver|kommer) først|ved (?:jeg|vi) først|evaluer\w* (?:i|om|efter)|måles (?:i|først|om)|"
    r"venter (?:stadig )?på|ikke (?:set|mærket) (?:nogen )?(?:effekt|resultat)|for tidligt at sige|"
    r"(?:don't|do not) know (?:yet|if)|not (?:measured|known) yet|forhåbentlig|håber (?:at|på)|håbet er|skulle gerne)", _I)


_OUTCOME = re.compile(r"(?:→|->)\s*(?:nu|now)\b|\bnu\s+(?:kun\s+|under\s+|nede på\s+)?\d|^\s*(?:nu|i dag)\s", _I)  # "14 -> nu 9"


_BEFORE = re.compile(r"^(?:før|tidligere|førhen|før i tiden|inden da|previously|before)\b(?!\s+tid)", _I)


def _strong_situation(text: str) -> bool:
    """A problem word that means "this was the problem" wherever it stands ("for lange", "klager", "ventetid"),
    or a sentence that says it is the before ("før havde 2 personer alle nattevagter")."""
    return bool(_BEFORE.match(text.strip())) or bool(_CUES["situation"][1][0].search(text)) or bool(
        re.search(r"\b(?:klag\w*|problem\w*|udfordr\w*|ventetid\w*|kaos|konflikt\w*|mangle\w*)\b", text, _I)
        and not re.search(r"\b(?:færre|ingen|nu|faldt|fald|under|nede)\b|\bmod\s+(?:ca\.?\s+)?\d"
                          r"|^\s*(?:efter|after)\s+(?:\S+\s+){0,2}(?:kvartal|måned|uge|år|halvår)", text, _I))


def _written_after(fact: Fact, m) -> str:
    """What is written right after a figure ("10/mdr" … "3/mdr": "/mdr")."""
    return re.match(r"\S*", fact.text[m.end:]).group(0).strip(".,;:").lower()


def _same_measure(first: Fact, last: Fact) -> bool:
    """The last fragment's figure measures the same thing as the first one's (same unit, another value)."""
    if any(a.unit and a.unit == b.unit and a.value != b.value and a.kind not in TIME_KINDS
           for a in last.numbers for b in first.numbers):
        return True
    figures = [a for a in last.numbers if a.kind not in TIME_KINDS]
    if not figures or not any(b.kind not in TIME_KINDS for b in first.numbers):
        return False
    if {_written_after(last, a) for a in figures} & {_written_after(first, b) for b in first.numbers} - {""}:
        return True
    stems = {w[:5].lower() for w in re.findall(r"[^\W\d_]{5,}", first.text)}  # "tilmeldinger 45" … "130 tilmeldte"
    return bool(stems & {w[:5].lower() for w in re.findall(r"[^\W\d_]{5,}", last.text)})


def _apply_position(facts: list[Fact]) -> None:
    """Roles by position, the way people write notes: problem first, then what they did, then what came of it.

    A change or a bad figure written *before* the first action is the starting point ("anmeldelserne steg
    fra 30 til 70 … jeg foreslog patruljer"), not the result. Un-cued fragments take the role of where they
    stand: before the first action the situation, after it the action, and after a result (or carrying a
    number after the last action) the result. "Ved ikke om det virker endnu" is a result that is not known.
    """
    content = [f for f in facts if not f.heading and not f.suspicious]
    for f in content:
        if _PENDING.search(f.text) and f.label in (None, "result") and f.role != "action":
            f.role, f.pending, f.needs_subject = "result", True, False
    tasks = [f for f in content if f.role == "task" and not f.label]
    if tasks and tasks[0].subject == "vi" and not any(f.role == "situation" for f in content[:content.index(tasks[0])]):
        tasks[0].role = "situation"  # "Vi skulle implementere nye regler inden 1. juli. Jeg var tovholder …"
    acts = [k for k, f in enumerate(content) if f.role == "action"]
    first_act = acts[0] if acts else None
    if first_act is None and len(content) >= 3 and content[0].role in ("situation", "other") \
            and _same_measure(content[0], content[-1]) and not content[-1].label and not content[-1].cause \
            and content[-1].role in ("situation", "other"):
        content[-1].role = "result"  # "kalvedødelighed 9 % i 2023 … ny rutine … 2024: 4 %": the closing figure is the outcome
    result_first = first_act is not None and bool(content[0].changes) and not content[0].label \
        and not any(f.role == "result" for f in content[first_act + 1:]) \
        and (re.match(r"\s*[+]\s*\d", content[0].text) or any(f.cause for f in content[1:]))
    for k, f in enumerate(content):
        if f.label or f.pending:
            continue
        if result_first and k == 0:
            continue  # "udeblivelser 40 → 12 om måneden. indførte sms-påmindelse … problemet var …": the outcome first
        if first_act is not None and k < first_act and f.role == "result" and not _OUTCOME.search(f.text):
            f.role = "situation"  # the starting point, written before anything was done
        elif first_act is None and k == 0 and f.role == "result" and len(content) > 1:
            f.role = "situation"
    for f in content:
        if not f.label and not f.pending and _BEFORE.match(f.text.strip()) and not f.changes:
            f.role, f.needs_subject = "situation", False
    for k, f in enumerate(content):
        if f.label or first_act is None or k <= first_act:
            continue
        if f.role == "situation" and not _strong_situation(f.text) and not f.cause:
            f.role = "other"  # "alle 6 var igennem den i juni", "fejlrate under 3 %": placed by position below
    if first_act is not None and not any(f.role == "result" for f in content):
        last = content[-1]  # "… vi indhentede tre af ugerne": a closing figure after what was done is the outcome
        if content.index(last) > first_act and (last.numbers or last.subject == "vi") and not last.label \
                and last.role in ("action", "other", "situation") and len([f for f in content if f.role == "action"]) > 1:
            last.role, last.needs_subject = "result", False
    seen_result = False
    for k, f in enumerate(content):
        if f.role == "result":
            seen_result = True
        if f.role != "other" or f.label or f.subject and first_act is not None and k > first_act and not seen_result:
            if f.role == "other" and f.subject and first_act is not None and k > first_act and not seen_result:
                # "vi fik nye klude": more of what was done; "i maj var vi på 190.000" after the last action: the outcome
                measured = any(m.kind not in TIME_KINDS for m in f.numbers) and k > acts[-1]
                f.role = "result" if measured else "action"
                f.needs_subject = f.needs_subject and not measured
            continue
        if first_act is None or k < first_act:
            # before anything was done: context; a bare measurement after a problem in an arrow chain is the result
            f.role = "situation"
        elif seen_result or (f.numbers and k > (acts[-1] if acts else -1)):
            f.role = "result"
        else:
            f.role = "action"
    if first_act is None:  # arrow chain "klager → ny vagtplan → færre klager": the middle is what was done
        roles = [f.role for f in content]
        for k, f in enumerate(content):
            weak_result = f.role == "result" and not f.numbers and not f.changes \
                and not any(rx.search(f.text) for rx, w in _CUES["result"] if w >= 3)  # "… + mindre ovnhold"
            if (f.role == "situation" or weak_result) and k > 0 and not (f.label or f.subject) and "result" in roles[k + 1:] \
                    and "situation" in roles[:k] and not _CUES["situation"][0][0].search(f.text):
                f.role = "action"
