"""The Danish words of a finding and of the overall reading, from the templates in ``content/decode/``.

A template may use these fields (the first template of a list whose fields can all be filled is used):

- ``{budskab}``: what follows the softener, as a plain "at"-clause ("du deler dine kodegennemgange tidligere");
- ``{resten}``: what follows the signal, as written but without minimisers ("at deploye fredag");
- ``{emne}``: what the remark is about ("din præsentation for udvalget");
- ``{ønske}``: what the employee asked for ("kurset", "to hjemmearbejdsdage");
- ``{gruppe}``: who the remark is attributed to ("nogle af forældrene");
- ``{vending}``: the signal's own words (for questions and why-texts only, never for the meaning).
"""

from __future__ import annotations

import re

from coach.rules.decode_hits import Context, Finding, Hit
from coach.rules.decode_lexicon import Lexicon
from coach.rules.decode_text import as_clause, group, plain_rest, swap_person, topic, wish

_SLOT_RE = re.compile(r"\{([^{}]*)\}")


def fill(templates: list[str], slots: dict[str, str]) -> str:
    """The first template whose fields all have a value, filled in ("" when none fits)."""
    for t in templates:
        if not t:
            continue
        names = _SLOT_RE.findall(t)
        if all(slots.get(n) for n in names):
            out = _SLOT_RE.sub(lambda m: slots[m.group(1)], t)
            return out[:1].upper() + out[1:]
    return ""


_FINITE_START = re.compile(r"^(?:skal|bør|burde|kan|kunne|må|vil|skulle|ville)\b")
_SUBJECT_END = re.compile(r"\b(vi|du|I|man)\s+$")


def slots(ctx: Context, hit: Hit) -> dict[str, str]:
    lex, text = ctx.lex, ctx.text
    s = ctx.sentences[hit.sentence]
    rest = text[hit.rest[0]: hit.rest[1]]
    who = group(text[hit.match[0]: hit.match[1]], lex) if hit.category == "distance" else ""
    message = as_clause(rest, lex, text, infinitive=hit.infinitive,
                        at_infinitive=hit.category in ("softened_criticism", "rhetorical_question"))
    if _FINITE_START.match(message):  # "vi måske skal se på …": the hedge split the subject from its verb
        subject = _SUBJECT_END.search(text, s.start, hit.match[0])
        if subject:
            message = f"{subject.group(1)} {message}"
    if who and message.startswith("de "):
        noun = who.split()[-1]
        if noun.endswith("ne"):
            message = noun + message[2:]
    n = len(ctx.sentences)
    near = [hit.sentence, *range(hit.sentence - 1, -1, -1), *range(hit.sentence + 1, n)]
    values = {
        "budskab": message,
        "resten": plain_rest(rest, lex),
        "emne": topic(s.text, hit.match[0] - s.start, hit.match[1] - s.start, lex, text),
        "ønske": wish(text, lex, [(ctx.sentences[i].start, ctx.sentences[i].end) for i in near]),
        "gruppe": who,
        "vending": " ".join(text[hit.match[0]: hit.match[1]].split()),
    }
    for key in ("budskab", "emne", "ønske"):
        values[f"{key}_jeg"] = swap_person(values[key])
    return values


def finding(ctx: Context, hit: Hit) -> Finding:
    lex = ctx.lex
    values = slots(ctx, hit)
    quote = ctx.text[hit.quote[0]: hit.quote[1]]
    if hit.category == "plain":
        plain = lex.plain[hit.kind]
        return Finding(quote=quote, category="plain", title=plain.title, meaning=fill(plain.meaning, values),
                       confidence=hit.confidence, confidence_why=plain.why, question=plain.question,
                       start=hit.quote[0], end=hit.quote[1], kind=hit.kind, signals=list(hit.signals))
    cat = lex.categories[hit.category]
    structure = lex.structures.get(hit.signals[0].removeprefix("structure.").removesuffix("_sentence"))
    own_meaning, own_question = list(hit.meaning), hit.question
    if structure is not None and hit.signals[0].startswith("structure."):
        own_meaning, own_question = list(structure.meaning), structure.question
    meaning = fill([*own_meaning, *cat.meaning], values)
    if hit.related:
        wrapping = ("softened_criticism", "distance", "understatement", "irony")
        titles = [lex.titles[c] for c in dict.fromkeys(hit.related) if c != hit.category and c in wrapping]
        if titles:
            meaning += f" Det er desuden pakket ind som {_join(titles)}."
    why = fill([hit.why], values) or getattr(cat.why, hit.confidence)
    if len(hit.signals) > 1 and not hit.signals[0].startswith("structure."):
        why += " Flere vendinger peger samme vej."
    return Finding(quote=quote, category=hit.category, title=cat.title, meaning=meaning, confidence=hit.confidence,
                   confidence_why=why, question=fill([own_question, *cat.question], values),
                   follow_up=fill(cat.follow_up, values), start=hit.quote[0], end=hit.quote[1],
                   signals=list(hit.signals), related=list(dict.fromkeys(hit.related)), cue=values["vending"])


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


_COUNT = {1: "ét", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks"}


def _fill_summary(template: str, **values: str) -> str:
    return _SLOT_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def summary(lex: Lexicon, findings: list[Finding], text: str) -> str:
    """The overall reading: what was found and what matters most, or what was checked when nothing was."""
    texts = lex.summary
    indirect = [f for f in findings if f.category != "plain"]
    if not indirect:
        kinds = list(dict.fromkeys(lex.plain[f.kind].title for f in findings if f.kind))
        first = _fill_summary(texts.plain, slags=_join(kinds)) if kinds else texts.nothing
        return " ".join([first, texts.checked, texts.tone, texts.general_question])
    order = {c: cat.priority for c, cat in lex.categories.items()}
    cats = sorted(dict.fromkeys(f.category for f in indirect), key=lambda c: -order[c])
    n = len(indirect)
    parts = [_fill_summary(texts.found, antal=_COUNT.get(n, str(n)), steder="sted" if n == 1 else "steder",
                           slags=_join([lex.titles[c] for c in cats]))]
    rank = {"high": 2, "medium": 1, "low": 0}
    main = max(indirect, key=lambda f: (rank[f.confidence], order[f.category], -f.start))
    parts.append(_fill_summary(texts.main, betydning=main.meaning.split(". ")[0].rstrip(".") + "."))
    parts += [lex.categories[c].summary for c in cats[:2]]
    if any(f.category in ("indirect_no", "vague_promise") for f in indirect):
        parts.append(texts.owner_and_date)
    if all(f.confidence == "low" for f in indirect):
        parts.append(texts.low_confidence)
    parts.append(texts.ask)
    return " ".join(p for p in parts if p)
