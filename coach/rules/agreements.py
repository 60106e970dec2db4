"""What a rehearsal actually agreed: commitments with an owner and a date where they were said, and what is open.

Only the employee's turns are read (a manager line is never an agreement by itself), injection turns never:
* a commitment in the present or future tense with a subject: "jeg sender dig referatet inden fredag", "du giver
  svar inden 1. marts", "vi følger op i uge 10", "Mit forslag er, at jeg melder status hver mandag", the
  inverted "Så sender jeg …", and the English "I send you the draft by 15 August";
* a goal: "Som mål foreslår jeg …", "Et målbart mål kunne være: …", "My goals: …";
* a request to the manager or a follow-up question ("Kan vi følge op i juni?", "kan vi aftale, at du giver svar
  inden 1. marts?"): agreed only when the manager's next turn said yes (``answer == "yes"``), else open.
Never agreed: wishes ("jeg vil gerne"), offers ("jeg kan godt"), conditions ("hvis", "holder det"), ultimatums,
anything no manager can grant in a rehearsal (salary, promotion, title, time off), and vague follow-ups without a
time ("på et tidspunkt", "det finder vi ud af"), which are listed as open instead.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from coach.rules.rehearsal_signals import ASKS_YES, GRANT_THING, TAG_WORDS, classify_employee_turn
from coach.rules.rehearsal_slots import clean, to_you, when_fragment

__all__ = ["Agreement", "agreed", "extract", "join", "manager_voice", "open_items"]

_I = re.IGNORECASE
_STEMS_DA = (r"send|skriv|book|undersøg|tilmeld|lav|find|meld|giv|svar|lægg|sætt|kontakt|indkald|afklar|tag|kigg|følg|prøv"
             r"|start|rett|spørg|vend|hold|tjekk|saml|begynd|aflever|opdater|aftal|oplær|udarbejd|bed|evaluer"
             r"|vurder|ring|inviter|bestill|præsenter|forbered|mail|beslutt|opprett|opret|deltag|søg|reserver"
             r"|afslutt|snakk|tal|fortæll|orienter|godkend|informer|øv|skift|flytt|byt|mød|tæll")
# present tense ("sender") after a subject; present or infinitive ("sende") after skal/vil/kan/nok
_VERBS = (rf"(?:{_STEMS_DA})er|sørger\s+for|ser\s+på|mødes|ses|går|gennemgår|færdiggør|gør|står\s+for|får\s+\w+et|kommer\s+med")
_VERBS_AFTER_MODAL = (rf"(?:{_STEMS_DA})(?:e|er)?|sørge\s+for|se\s+på|mødes|ses|gå|gennemgå|færdiggøre|gøre|stå\s+for"
                      r"|få\s+\w+et|komme\s+med")
_EN_VERBS = (r"send|write|book|start|ask|give|try|follow|check|finish|submit|prepare|share|confirm|decide|review|meet"
             r"|answer|reply|evaluate|approve|call|set\s+up|organi[sz]e|present")
_SUBJECT_FIRST = re.compile(
    rf"^(?:(?:så|og|og\s+så|fremover|derefter|bagefter|men|and)\s+)*(jeg|du|vi|i|you|we)\s+"
    rf"(?:(?:skal|vil|kan)\s+(?:nok\s+)?(?:fremover\s+|også\s+|selv\s+)?(?:{_VERBS_AFTER_MODAL})\b"
    rf"|(?:nok\s+)?(?:fremover\s+|også\s+|selv\s+|hver\s+\w+\s+)?(?:{_VERBS}|{_EN_VERBS})\b)", _I)
_INVERTED = re.compile(rf"^(?:(?:og\s+)?så|fremover|derefter|bagefter)\s+(?:{_VERBS})\s+(jeg|vi|du)\b", _I)
_NEXT_MEETING = re.compile(r"^(?:vores\s+)?næste\s+(?:møde|opfølgning|1:1|samtale)\s+(?:er|bliver|holder\s+vi)\s+(.+)$", _I)
_PROPOSE_OWN = re.compile(r"(?:jeg\s+foreslår|mit\s+forslag\s+er|foreslår\s+jeg),?\s+at\s+(jeg\s+.*)", _I)
_GOAL = re.compile(
    r"(?:som\s+mål\s+foreslår\s+jeg(?:\s+\w+\s+ting)?|(?:et\s+)?målbart\s+mål\s+kunne\s+være|målet\s+er|mine\s+mål"
    r"|mit\s+mål\s+(?:for\s+\w+\s+(?:år\s+)?)?er"
    r"|my\s+goals|mål\s*:|som\s+mål|lad\s+os\s+gøre\s+det\s+målbart|foreslår\s+jeg\s+(?:to|tre)\s+mål"
    r"|jeg\s+foreslår,?\s+at\s+målet\s+er|kan\s+vi\s+skrive\s+det\s+som\s+et\s+mål)\s*[:,]?\s*(?:at\s+)?(.*)", _I)
_QUESTION_AT = re.compile(
    r"(?:kan|skal)\s+vi\s+(?:ikke\s+)?(?:så\s+)?(?:aftale|blive\s+enige\s+om),?\s+(?:nu,?\s+)?(?:at\s+)?(.*)"
    r"|kan\s+du\s+((?:undersøge|give|sende|svare|finde|spørge|booke)\b.*)|shall\s+we\s+(.*)|could\s+you\s+(.*)", _I)
_FOLLOW_Q = re.compile(r"(?:skal|kan)\s+vi\s+(?:ikke\s+)?(?:så\s+)?((?:følge\s+op|sætte\s+en\s+opfølgning|se\s+på\s+det\s+igen"
                       r"|kigge\s+på\s+det\s+igen|tage\s+det\s+op\s+igen|mødes(?:\s+igen)?|ses(?:\s+igen)?|tage\s+en\s+snak"
                       r"|holde\s+et\s+(?:opfølgnings)?møde|sætte\s+et\s+møde|evaluere|booke\s+et\s+møde)\b.*)"
                       r"|shall\s+we\s+(follow\s+up.*|meet.*)", _I)
_NOT = re.compile(r"\b(?:hvis|holder\s+det|ellers|if|unless|vil\s+gerne|gerne|kunne\s+godt|kan\s+godt|måske|burde|ville"
                  r"|sætter\s+pris|ser\s+frem|går\s+ud\s+fra|synes|tror|mener|håber|ved\s+godt|forstår|would|like)\b", _I)
_FOLLOW_VERB = re.compile(r"følge\w*\s+op|\bses\b|kigge\w*\s+på\s+det\s+igen|ser\s+på\s+det\s+igen|tage\w*\s+det\s+op"
                          r"|snakke\w*\s+om\s+det|tale\w*\s+om\s+det|tage\w*\s+det\s+på\s+mail|finde\w*\s+ud\s+af|follow\s+up"
                          r"|tage\w*\s+(?:det|den),?\s+når|vende\w*\s+tilbage", _I)
_PAST = re.compile(r"\b(?:sendte|skrev|lavede|fandt|gav|tog|var|havde|blev|sent|wrote|made|did)\b", _I)
_VAGUE_TIME = re.compile(r"på\s+et\s+tidspunkt|en\s+dag|en\s+anden\s+gang|når\s+det\s+bliver\s+aktuelt|finder\s+vi\s+ud\s+af"
                         r"|på\s+mail\b", _I)
_QUOTED_VAGUE = re.compile(r"['‘’\"„“”»«][^'‘’\"„“”»«]{0,30}['‘’\"„“”»«]")
_CLAUSE_SPLIT = re.compile(
    r",\s+(?=(?:og\s+|and\s+)?(?:så\s+)?(?:jeg|du|vi|I|you|we)\s)|,\s+(?=(?:og\s+)?så\s+\w+er\s+(?:jeg|vi|du)\b)"
    r"|\s+og\s+(?=(?:så\s+)?(?:jeg|du|vi)\s+\w+er\b)|(?<!\d)[.!?](?:\s+|$)|(?<=\d)[.!?](?=(?-i:\s+[A-ZÆØÅ])|\s*$)|\?"
    r"|;\s*|\n+|:\s+(?=(?:jeg|du|vi|I)\s)", _I)
_FORSLAG_GOAL = re.compile(r"\b(?:mit\s+)?forslag\s*:\s*(.*)", _I)
_LEAD = re.compile(r"^(?:(?:så\s+aftaler\s+vi|så\s+er\s+vi\s+enige\s+om(?:\s+følgende)?|så\s+siger\s+vi|så\s+aftalen\s+er"
                   r"|vi\s+aftaler|opsummering|hvis\s+jeg\s+(?:skal\s+)?samle(?:r)?\s+op|so\s+to\s+sum\s+up|so\b"
                   r"|(?:så\s+)?lad\s+mig\s+(?:lige\s+)?(?:opsummere|samle\s+op)|lad\s+os\s+sige|lad\s+os\s+aftale"
                   r"|(?:så\s+)?(?:gør\s+vi|vi\s+gør)\s+(?:det\s+)?sådan|så\s+vi\s+gør\s+sådan"
                   r"|for\s+en\s+god\s+ordens\s+skyld)\s*[:,]?\s*(?:at\s+)?|ja,?\s+|jeg\s+ved,?\s+du\s+skal\s+videre,?\s+så\s+"
                   r"|okay\.?\s*|godt\.?\s*|så\s+ja\s+)+", _I)


class Agreement(BaseModel):
    text: str  # in the employee's voice, as said: "Jeg sender dig referatet inden fredag."
    owner: Literal["mig", "lederen", "os"]
    when: str = ""
    kind: Literal["action", "goal", "follow_up", "request"]
    status: Literal["agreed", "open"]
    turn: int = 0  # index of the employee turn in the employee's turns


def _sentence(text: str) -> str:
    text = clean(text)
    return (text[0].upper() + text[1:] + ".") if text else ""


def _owner(subject: str) -> str:
    s = subject.lower()
    return "mig" if s in ("jeg", "i") else "lederen" if s in ("du", "you") else "os"


def _normal(clause: str) -> str:
    """'så sender jeg dig X' → 'jeg sender dig X'; lead-ins and fillers dropped."""
    clause = _LEAD.sub("", clause.strip())
    clause = re.sub(r"^(?:og\s+|and\s+)?(?:så\s+)?(?:fremover\s+)?", "", clause, flags=_I)
    m = re.match(rf"^(?:så\s+|fremover\s+|derefter\s+|bagefter\s+)?({_VERBS})\s+(jeg|vi|du)\b(.*)$", clause, _I)
    if m:
        clause = f"{m.group(2)} {m.group(1)}{m.group(3)}"
    modal = re.match(r"^(?:så\s+)?(skal|vil|kan)\s+(jeg|vi|du)\s+(.*)$", clause, _I)
    if modal and not re.match(r"(?:kan|vil)\s+\w+\s+(?:godt|gerne)", clause, _I):
        clause = f"{modal.group(2)} {modal.group(1)} {modal.group(3)}"
    meeting = _NEXT_MEETING.match(clause)
    if meeting:
        clause = "vi mødes igen " + meeting.group(1)
    return re.sub(r"\b(?:jo|lige|bare|altså)\s+", "", clause, flags=_I)


def _answer_after(turns: list[dict], index: int) -> str:
    for t in turns[index + 1:]:
        if t.get("role") == "manager":
            return str(t.get("answer") or "")
        if t.get("role") == "employee":
            return ""
    return ""


def _vague(text: str) -> bool:
    m = _VAGUE_TIME.search(_QUOTED_VAGUE.sub(" ", text))
    return bool(m) and not (m.group(0).lower().startswith("på") and when_fragment(text))  # "på mail senest den 1. april"


_SUMMARY_LIKE = re.compile(r"^\s*(?:så|so|okay|godt)\b|\bså\s+(?:aftaler|siger|er\s+vi)|opsummering|samle\w*\s+op|sum\s+up"
                           r"|aftalen\s+er|god\s+ordens\s+skyld|lad\s+os\s+aftale|\bså\s+\w+er\s+jeg\b", _I)
_RECURRING = re.compile(r"\bhver\s+\w+|fremover|så\s+snart|fra\s+nu\s+af|\bfra\s+(?:på\s+)?\w+dag|every\s+\w+|from\s+now", _I)
_AGENDA_TALK = re.compile(r"vigtigste\s+først|punkter|dagsorden|:\s", _I)
_MID_LEAD = re.compile(r",?\s+(?:men\s+)?så\s+(?:aftaler\s+vi|er\s+vi\s+enige\s+om|siger\s+vi),?\s*(?:at\s+|:\s*)?", _I)
_LET_US = re.compile(r"\blad\s+os\s+(følge\s+op|mødes|ses|se\s+på\s+det\s+igen|tage\s+det\s+op\s+igen|evaluere)", _I)


def _items(text: str, n: int, answer: str, triggers: set[str]) -> list[Agreement]:
    out: list[Agreement] = []
    summary_like = bool(_SUMMARY_LIKE.search(text))
    text = _MID_LEAD.sub(". ", text)
    text = _LET_US.sub(lambda m: "vi " + {"følge op": "følger op", "mødes": "mødes", "ses": "ses",
                                           "evaluere": "evaluerer"}.get(m.group(1).lower(),
                                                                       re.sub(r"^(\w+)e\b", r"\1er", m.group(1))), text)
    refused = bool(triggers & {"grant_request", "ultimatum"}) or answer in ("no", "not_now")
    text = _LEAD.sub("", text.strip())
    goal = _GOAL.search(text)
    if goal and goal.group(1).strip() and not _NOT.search(goal.group(1)[:12]):
        body = re.split(r"\.\s+(?=[A-ZÆØÅ])|\?\s*|\.\s*$|\s+holder\s+det\b", goal.group(1))[0]
        body = re.sub(r"^(?:to|tre|fire)\s+ting\s*:\s*", "", body, flags=_I)
        if len(body.split()) >= 3:
            out.append(Agreement(text="Mål: " + _sentence(body), owner="mig", when=when_fragment(body) or "",
                                 kind="goal", status="agreed", turn=n))
            text = text.replace(goal.group(0), " ")
    if not goal and re.search(r"\bmål", text, _I) and (fg := _FORSLAG_GOAL.search(text)):
        body = re.split(r"(?<!\d)\.\s+|\?", fg.group(1))[0]
        if len(body.split()) >= 3:
            out.append(Agreement(text="Mål: " + _sentence(body), owner="mig", when=when_fragment(body) or "",
                                 kind="goal", status="agreed", turn=n))
            text = text.replace(fg.group(0), " ")
    text = _PURPOSE.sub("", text)
    pos = 0
    for raw in _CLAUSE_SPLIT.split(text):
        clause = (raw or "").strip()
        start = text.find(raw or "", pos) if raw else -1
        end = start + len(raw) if start >= 0 else -1
        pos = max(pos, end)
        if not clause or len(clause.split()) < 3:
            continue
        after = text[end:end + 2] if end >= 0 else ""
        question = "?" in after[:1] or bool(re.match(r"(?:kan|skal|må|shall|could|can)\b", clause, _I))
        confirm = False  # "…, ikke?", "prøver vi det …?": a proposal that asks for a yes
        if question and (tag := _TAG.search(clause)):
            clause, question, confirm = clause[:tag.start()].strip(), False, True
        elif question and _ASKS_YES.match(clause):
            question, confirm = False, True
        clause = _object_first(clause)
        clause = re.split(r",\s+så\s+det\b", clause)[0]  # ", så jeg kan …" went with _PURPOSE
        own = _PROPOSE_OWN.search(clause)
        if own:
            clause = own.group(1)
        qm = _FOLLOW_Q.search(clause) or (_QUESTION_AT.search(clause) if question else None)
        if qm and not _FOLLOW_Q.search(clause) and not (when_fragment(clause) or _FOLLOW_VERB.search(clause)):
            qm = None  # "Kan du give et eksempel?" asks, it does not agree
        if qm:
            body = next(g for g in qm.groups() if g) if any(qm.groups()) else clause
            body = re.sub(r"^at\s+", "", body.rstrip("?"))
            is_follow = bool(_FOLLOW_Q.search(clause) or re.match(r"(?:følge\s+op|se\s+på\s+det|kigge\s+på\s+det)", body, _I))
            english = bool(re.match(r"(?:follow|meet|check)\b", body, _I))
            subject = re.match(r"(jeg|du|vi)\b", body, _I)
            owner = "os" if is_follow or not subject else _owner(subject.group(1))
            if is_follow and not re.match(r"(?:vi|we)\b", body, _I):
                body = ("we " if english else "vi ") + body
            elif not subject and owner == "os":
                body = "du " + body if re.match(r"(?:undersøge|give|sende|svare|finde|spørge|booke)", body, _I) else body
                owner = "lederen" if body.startswith("du ") else owner
            body = re.sub(r"^(vi|du|jeg)\s+(følge|sætte|se|kigge|tage|undersøge|give|sende|svare|finde|spørge|booke)\b",
                          lambda m: f"{m.group(1)} {_present(m.group(2))}", body, flags=_I)
            ok = answer == "yes" and not refused and not GRANT_THING.search(body) and not _vague(body)
            out.append(Agreement(text=_sentence(body), owner=owner, when=when_fragment(body) or "",
                                 kind="follow_up" if is_follow else "request", status="agreed" if ok else "open", turn=n))
            continue
        if question:
            continue
        norm = _normal(clause)
        m = _SUBJECT_FIRST.match(norm)
        if not m or _NOT.search(norm) or _PAST.search(norm.split(" ", 2)[1] if " " in norm else norm):
            continue
        owner = _owner(m.group(1))
        when = when_fragment(norm) or ""
        if owner == "os" and not _FOLLOW_VERB.search(norm) and not when:
            continue
        if not when and not (own or summary_like or _RECURRING.search(norm)) or _AGENDA_TALK.search(norm):
            continue  # a description ("du svarer mig hurtigt"), not something agreed
        if _vague(norm) or (owner == "os" and not when):
            out.append(Agreement(text=_sentence(norm), owner=owner, when="", kind="follow_up", status="open", turn=n))
            continue
        status = "open" if refused or GRANT_THING.search(norm) or (confirm and answer != "yes") else "agreed"
        kind = "follow_up" if re.search(r"følge\w*\s+op|ses|kigge\w*\s+på\s+det\s+igen|follow\s+up", norm, _I) else "action"
        out.append(Agreement(text=_sentence(norm), owner=owner, when=when, kind=kind, status=status, turn=n))
    return out


_PURPOSE = re.compile(r",?\s+så\s+(?:jeg|du|vi)\s+(?:kan|kan\s+nå\s+at)\b[^.?!]*", _I)
_TAG = re.compile(rf"\s*[,–-]\s*(?:{TAG_WORDS})\s*$", _I)
_ASKS_YES = re.compile(rf"^(?:og\s+)?(?:[\wæøå-]+(?:\s+[\wæøå-]+){{0,3}}\s+[–-]\s+)?{ASKS_YES}", _I)
_TOPIC_FIRST = re.compile(  # "Og tirsdagsprøverne – dem tager du med …", "genopfyldningen – prøver vi det …"
    rf"^(?:og\s+)?(?P<topic>[\wæøå-]+(?:\s+[\wæøå-]+){{0,3}})\s+[–-]\s+(?:(?:det|den|dem)\s+(?P<v1>{_VERBS})\s+(?P<s1>du|vi|jeg)"
    rf"|(?P<v2>{_VERBS})\s+(?P<s2>du|vi|jeg)\s+(?:det|den|dem))\b(?P<rest>.*)$", _I)
_OBJECT_FIRST = re.compile(  # "Konferencen svarer du på, når …", "Mødeplanen med tirsdag og torsdag prøver jeg fra …"
    rf"^(?:og\s+)?(?!(?:så|og|men|fremover|derefter|bagefter|nu|i|det|der|den|dem|hvis|når)\b)(?P<obj>[\wæøå-]+(?:\s+[\wæøå-]+){{0,5}}?)"
    rf"\s+(?P<verb>{_VERBS})\s+(?P<subj>du|vi|jeg)\b(?P<part>\s+(?:på|om|med|til|op))?(?P<rest>.*)$", _I)


def _object_first(clause: str) -> str:
    """An object or a topic written first, in the employee's words, turned round: "du tager tirsdagsprøverne med …"."""
    if m := _TOPIC_FIRST.match(clause):
        verb, subj = m["v1"] or m["v2"], m["s1"] or m["s2"]
        return f"{subj} {verb} {m['topic'][0].lower() + m['topic'][1:]}{m['rest']}"
    if (m := _OBJECT_FIRST.match(clause)) and not _SUBJECT_FIRST.match(clause):
        obj = m["obj"][0].lower() + m["obj"][1:] if not m["obj"][1:2].isupper() else m["obj"]
        return f"{m['subj']} {m['verb']}{m['part'] or ''} {obj}{m['rest']}"
    return clause


def _present(verb: str) -> str:
    verb = verb.lower()
    return verb + "r" if verb.endswith("e") else verb


def _stems(text: str) -> set[str]:
    return {w[:5].lower() for w in re.findall(r"[^\W\d_]{4,}", text)} - {"jeger", "inden", "senes", "lederen"}


def _same(a: Agreement, b: Agreement) -> bool:
    if a.owner != b.owner or (a.kind == "goal") != (b.kind == "goal"):
        return False
    sa, sb = _stems(a.text), _stems(b.text)
    return bool(sa and sb) and len(sa & sb) >= 0.5 * min(len(sa), len(sb))


def extract(turns: list[dict]) -> list[Agreement]:
    """Every agreement and open point in the rehearsal, later restatements replacing earlier ones."""
    found: list[Agreement] = []
    n = -1
    for i, t in enumerate(turns):
        if t.get("role") != "employee" or not str(t.get("text", "")).strip():
            continue
        n += 1
        text = str(t["text"])
        triggers = classify_employee_turn(text)
        if "injection" in triggers:
            continue
        for item in _items(text, n, _answer_after(turns, i), triggers):
            same = [k for k, old in enumerate(found) if _same(old, item)]
            for k in reversed(same):
                if found[k].status == "agreed" and item.status == "open":
                    item = item.model_copy(update={"status": "agreed"})
                del found[k]
            found.append(item)
    return found


def agreed(turns: list[dict]) -> list[Agreement]:
    return [a for a in extract(turns) if a.status == "agreed"]


def open_items(turns: list[dict]) -> list[Agreement]:
    return [a for a in extract(turns) if a.status == "open"]


def manager_voice(item: Agreement) -> str:
    """The agreement as the manager says it back ("du sender mig referatet inden fredag")."""
    text = item.text.rstrip(".")
    if item.kind == "goal":
        return "målet er " + to_you(text[len("Mål: "):]).rstrip(".")[0].lower() + to_you(text[len("Mål: "):]).rstrip(".")[1:]
    out = to_you(text)
    return out[0].lower() + out[1:] if out[:2] not in ("I ",) else out


def join(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " og " + parts[-1]
