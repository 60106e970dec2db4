"""One paste → one chunk per experience (story): numbered items, "Emne: …" bullets, paragraphs that each tell a
whole story, and "Derudover …"/"En anden ting …" start a new one; steps of one story written as a list stay together."""

from __future__ import annotations

import re

from coach.rules.star_read import (
    _BULLET,
    _HEAD_PREFIX,
    _I,
    _LABEL,
    _MONTHS,
    _SEPARATOR,
    STAR_ROLES,
    _heading,
    _label,
    _parse,
)
from coach.rules.star_roles import _apply_position

# A new story is announced by the writer ("Derudover …", "En anden ting: …", "Og så har jeg også …"), by a
# numbered item or a "Emne: …" bullet that tells a whole story of its own, or by a paragraph that does.
_NEXT_ONE = r"(?:den|det)\s+(?:anden|andet|tredje|fjerde|sidste|næste)\s+(?:er|var|ting)"  # "den anden er at …"
_INTRO = re.compile(r"^\W*(?:og\s+)?(?:derudover|desuden|herudover|ud ?over det|en anden ting|noget andet|en anden historie|"
                    r"andet eksempel|anden historie|tredje historie|og så har jeg (?:også )?|jeg har også|og så (?=\w+(?:de|te)\s+(?:jeg|vi)\b)|"
                    r"og så (?=(?:fik|tog|var|blev|gik|kom|havde|holdt|skrev|gav|fandt)\s+(?:jeg|vi)\b)|og så er der\b|"
                    rf"(?:og\s+)?{_NEXT_ONE}\b|"
                    r"besides|another thing|also,)", _I)
_MID_INTRO = re.compile(r"(?:(?<=[.!?])\s+|\n\s*(?:[-*•·▪]\s+)?|,?\s+og\s+(?=så har jeg også)|,\s+(?=og så har jeg)"
                        r"|\s+(?=og så har jeg også))"
                        r"(?=(?:og\s+)?(?:derudover|desuden|en anden ting|noget andet|og så har jeg (?:også )?|jeg har også|"
                        rf"så har jeg også|så er der (?:det med|også)|{_NEXT_ONE}|så (?:fik|tog|blev|var|havde|lavede|startede) "
                        r"(?:jeg|vi))\b)", _I)
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-h]\))\s+(?!(?:" + _MONTHS + r")\b)", _I)
_TOPIC = re.compile(r"^\s*(?:[-*•·▪◦–—+>]\s+)?(?!(?:nu|før|efter|i dag|status|mål|note|noter|obs)\s*[:–—-])"
                    r"(?P<topic>[\wæøåÆØÅ][\wæøåÆØÅ/&' -]{1,28}?)(?::|\s+[–—-])\s+\S", _I)


def _own_roles(text: str) -> set[str]:
    facts = _parse(text)
    _apply_position(facts)
    return {f.role for f in facts if f.role in STAR_ROLES and not f.suspicious and not f.heading}


def _blocks(text: str) -> list[list[str]]:
    """Blank lines, "---" and headings cut the paste into blocks of lines."""
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip() or _SEPARATOR.match(line):
            blocks.append([])
            continue
        if (_heading(line) or _HEAD_PREFIX.match(line)) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    return [b for b in blocks if b]


def _units(block: list[str]) -> list[tuple[str, str]]:
    """A block → units (text, kind): numbered items, topic bullets, or the block cut at "Derudover …"."""
    numbered = sum(bool(_NUMBERED.match(line)) for line in block)
    topics = sum(bool(_TOPIC.match(line)) and not _LABEL.match(_BULLET.sub("", line)) for line in block)
    units: list[tuple[str, str]] = []
    if numbered >= 2 or topics >= 2:
        for line in block:
            starts = _NUMBERED.match(line) if numbered >= 2 else (_TOPIC.match(line) and not _LABEL.match(_BULLET.sub("", line)))
            if starts or not units:
                units.append((line, "item"))
            else:
                units[-1] = (units[-1][0] + "\n" + line, "item")
        return units
    labelled: list[list[str]] = [[]]
    for k, line in enumerate(block):  # "Situation: … Handling: … Resultat: …" twice: two stories
        if k and _label(_BULLET.sub("", line)) == "situation" and any(_label(_BULLET.sub("", b)) for b in labelled[-1]):
            labelled.append([])
        labelled[-1].append(line)
    for group in labelled:
        parts = [p for p in _MID_INTRO.split("\n".join(group)) if p and p.strip()]
        units += [(p.strip(), "intro" if k or group is not labelled[0] else "block") for k, p in enumerate(parts)]
    return units


def split_experiences(text: str) -> list[str]:
    """Split a paste into one chunk of text per experience (story). Numbered items and paragraphs that each tell a
    whole story are separate; steps of one story written as a list stay together."""
    stories: list[tuple[list[str], set[str]]] = []
    for bi, block in enumerate(_blocks(text)):
        heading = _heading(block[0]) or bool(_HEAD_PREFIX.match(block[0]))
        units = _units(block)
        unit_roles = [_own_roles(unit) for unit, _ in units]
        # a numbered list where two items each tell a story of their own is a list of stories: every item is one
        story_list = sum(len(r) >= 2 and bool(r & {"action", "result"}) for (u, k), r in zip(units, unit_roles)
                         if k == "item" and _NUMBERED.match(u)) >= 2
        for ui, (unit, kind) in enumerate(units):
            roles = unit_roles[ui]
            done = bool(stories) and bool(stories[-1][1] & {"action", "result"})
            own = bool(roles & {"action", "result"})
            announced = kind == "intro" or bool(_INTRO.match(unit))
            new_block = ui == 0 and bi > 0
            if not stories:
                new = True
            elif ui == 0 and heading:
                new = True
            elif announced:  # the writer says a new story begins: trust it once the first one has some substance
                new = (done or len(stories[-1][1]) >= 2) and (own or len(roles) >= 2 or len(unit.split()) >= 6)
            elif kind == "item" or new_block:  # a numbered or topic item with two parts of its own is a story
                new = done and len(roles) >= 2 and (own or kind == "item")
                # after an item that already ends with its result, a numbered item that does something is the next story
                new = new or (kind == "item" and own and bool(_NUMBERED.match(unit))
                              and ("result" in stories[-1][1] or story_list))
            else:
                new = False
            if new:
                stories.append(([unit], set(roles)))
            else:
                stories[-1][0].append(unit)
                stories[-1][1].update(roles)
    merged: list[tuple[list[str], set[str]]] = []  # a chunk without any STAR role (a title) joins its neighbour
    for chunk, roles in stories:
        if merged and (not (roles - {"situation"}) and not merged[-1][1] - {"situation"} or not roles or not merged[-1][1]):
            merged[-1] = (merged[-1][0] + chunk, merged[-1][1] | roles)
        else:
            merged.append((chunk, roles))
    return [c for c in ("\n".join(chunk).strip() for chunk, _ in merged) if c]
