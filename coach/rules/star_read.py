"""Reading rough MUS notes: lines → fragments (clauses) → a first role per fragment, from Danish cues.

Part of the STAR rules (``coach.rules.notes`` is the entry point; see its docstring for the approach).
Lines are cut at sentence ends, ";", arrows between clauses (not "14 → 9"), " - ", connectors ("så jeg",
"derfor", "hvilket betød at", "fordi") and before a "jeg/vi + verb" clause; comma and "og" pieces are glued
back unless they carry different roles; a long clause without punctuation is cut before a bare action verb.
Labels ("Situation:", "R:", "Før:") set the role of their line. Each fragment gets a role by weighted cue
regexes that allow inflection; ``coach.rules.star_roles`` then adjusts the roles by position.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from coach.rules.numbers import Change, NumberMention, extract_changes, extract_numbers
from coach.rules.star_cues import CAUSE, RESULT_CUES, SITUATION_CUES, TASK_CUE, TASK_CUES  # noqa: F401 (TASK_CUE: re-exported)

Role = Literal["situation", "task", "action", "result", "other"]
STAR_ROLES = ("situation", "task", "action", "result")
ROLE_DA = {"situation": "situation", "task": "opgave", "action": "handling", "result": "resultat"}
QUESTIONS = {
    "situation": "Hvad var udgangspunktet – hvilket problem eller hvilken udfordring stod du over for?",
    "task": "Hvad var din opgave eller rolle – hvad skulle du nå eller løse?",
    "action": "Hvad gjorde du helt konkret – hvilke skridt tog du selv?",
    "result": "Hvad blev resultatet – kan du sætte tal på, fx tid, antal eller kundetilfredshed?",
}
Q_MEASURE = "Kan du måle resultatet – fx i tid, antal, kroner eller tilfredshed?"
Q_OWN_PART = "Hvad var din egen del af det, I gjorde sammen?"
Q_SPLIT = "Kan du skrive noterne som korte punkter – hvad var problemet, hvad gjorde du, og hvad kom der ud af det?"


class Fact(BaseModel):
    text: str  # the fragment as written, bullet and label removed
    role: Role = "other"
    line: int = 0  # line number in the analysed text
    numbers: list[NumberMention] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    subject: str | None = None  # "jeg" / "vi" when written
    needs_subject: bool = False  # bare action verb first: "lavede ny vagtplan"
    label: str | None = None  # role given by an explicit label
    heading: bool = False  # a title line ("**Projekt X**", "Eksempel 1:")
    opens: bool = False  # first fragment after an "Eksempel 2:" prefix: starts a new story
    suspicious: bool = False  # looks like an instruction to the model
    pending: bool = False  # says the result is not known yet ("ved ikke om det virker", "måles i uge 44")
    cause: bool = False  # gives the reason or background ("fordi …", "Baggrunden var, at …"): the situation


_I = re.IGNORECASE
_MONTHS = r"januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_BULLET = re.compile(rf"^(?P<indent>[ \t]*)(?:[-*•·▪◦–—+>]|\d{{1,2}}[.)]|[a-h]\))[ \t]+(?!(?:{_MONTHS})\b)", _I)
_HEAD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s*|(?:eksempel|case|historie|oplevelse|example|story)\s*\d*\s*[:.)–-]\s*)", _I)
_BOLD_HEAD = re.compile(r"^\s*\*\*[^*]+\*\*:?\s*$")
_LABELS = {
    "situation": r"situation(?:en)?|baggrund(?:en)?|udgangspunkt(?:et)?|udfordring(?:en)?|problem(?:et)?|kontekst|før|context|challenge|before|s",
    "task": r"opgave(?:n)?|min opgave|min rolle|rolle(?:n)?|mål(?:et)?|task|role|goal|t|o",
    "action": r"handling(?:er)?|handlinger|hvad jeg gjorde|indsats(?:en)?|løsning(?:en)?|tiltag(?:et)?|action|actions|h|a",
    "result": r"resultat(?:et|er|erne)?|effekt(?:en)?|efter|udbytte|result|results|outcome|after|r",
    "other": r"læring(?:en)?|refleksion|note|noter|learning",
}
_LABEL = re.compile(r"^\s*(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")\s*:\s*", _I)
_INJECTION = re.compile(
    r"ignor\w*\s+(?:\w+\s+){0,3}(?:instruks\w*|instruktion\w*|instructions?|prompt\w*|regler|rules)"
    r"|(?:skriv|write)\s+(?:et|en|a)\s+(?:digt|sang|poem|song)|\b(?:du er nu|you are now|system ?prompt)\b"
    r"|\bglem\s+(?:alt|alle)\b", _I)

# ---- role cues: (regex, weight), in coach.rules.star_cues ---------------------------------------
_CUES = {role: [(re.compile(p, _I), w) for p, w in cues]
         for role, cues in (("result", RESULT_CUES), ("situation", SITUATION_CUES), ("task", TASK_CUES))}
_PROBLEM = _CUES["situation"][0][0]
_INTENT = re.compile(r"\b(?:at|skulle|skal|vil|ville|kunne|for at|to|ønskede|ønsker)\s+$", _I)
_NON_ACTION = set("var havde fik oplevede manglede skulle kunne ville måtte blev er har syntes mente troede tænkte håbede "
                  "regnede brugte ventede "
                  "gik kom stod så klagede følte savnede vidste ved glemte tabte kæmpede lå sad faldt steg was were had".split())
_ACTION_VERBS = set("tog satte skrev fandt gav holdt bad hjalp drev valgte lærte foreslog gennemgik kortlagde planlagde "
                    "lagde solgte fulgte spurgte bragte talte "
                    "omlagde overtog påtog byggede gjorde slog skar lod brød trak built wrote set led ran made took".split())
_NOT_VERBS = set("dette otte korte lette flotte trætte rette sorte brede hele mente mange store travlt svært meget godt "
                 "ondt slet let tit sidste allerede forkerte".split())
_SUBJECT = re.compile(r"(?:^|(?<=[\s,(]))(?P<s>[Jj]eg|[Vv]i|I|[Ww]e)\s+(?:(?:også|så|selv|derfor|hurtigt|straks|bl\.a\.|blandt andet)\s+)?(?P<v>[\wæøå]+)(?:\s+(?P<p>[\wæøå]+))?")
_INVERSION = re.compile(r"\b(?P<v>[\wæøå]+)\s+(?P<s>jeg|vi)\b", _I)
_AUX_INVERSION = re.compile(r"\b(?:har|havde)\s+(?P<s>jeg|vi)\s+(?:også\s+|selv\s+|bl\.a\.\s+|så\s+|nu\s+|faktisk\s+)?(?P<p>[\wæøå]{3,}(?:et|t))\b", _I)
_LEAD = re.compile(r"^(?:(?:og|så|derfor|derefter|bagefter|først|senere|herefter|dernæst|til sidst|også|selv|straks|men|and|then|so)[\s,]+)+", _I)


_NOUN_ET = re.compile(r"(?:ansvaret|projektet|budgettet|teamet|overblikket|ejerskabet|mødet|forløbet|arbejdet for"
                      r"|kontrakt|produkt|projekt|budget|overblik|ejerskab)$", _I)
_CAUSATIVE = re.compile(r"^fik\s+(?:[\wæøå.-]+\s+){1,4}(?:til\s+at|med)\b|^fik\s+(?:idéen|ideen|lov|overtalt|overbevist|sat\s+gang)\b"
                        r"|^tog\s+initiativ", _I)  # "fik alle 5 malkere til at …", "fik idéen til …": something done
_PROPOSAL = re.compile(r"\b(?:tænkte|besluttede|foreslog)\s+(?:jeg|vi)?,?\s*(?:at\s+(?:vi|jeg)\s+(?:kunne|skulle|ville)|hvorfor ikke)\b", _I)
_PERFECT = re.compile(r"(?:har|havde)\s+(?!været\b|haft\b)[\wæøå]{3,}(?:et|t)\b(?<!travlt)|(?:var|har været|været) med til at\b", _I)
_DANISH_WORDS = re.compile(r"\b(?:og|jeg|vi|det|der|på|med|af|var|som|er|til|fra|fik|har|havde|blev|en|et)\b", _I)


def _is_action_verb(w: str) -> bool:
    w = w.lower()
    if w in _ACTION_VERBS:
        return True
    if w in _NON_ACTION or w in _NOT_VERBS or w.endswith("ste") or len(w) < 5 or _PROBLEM.match(w):
        return False
    return w.endswith(("ede", "te")) or (w.endswith("ed") and w.isascii())


def _subject_verb(text: str) -> tuple[str | None, bool]:
    """("jeg"/"vi", whether the verb is an action verb)."""
    inv = _INVERSION.search(text)
    if inv and _is_action_verb(inv["v"]):
        return inv["s"].lower(), True
    aux = _AUX_INVERSION.search(text)
    if aux and aux["p"].lower() not in ("haft", "været") and aux["p"].lower() not in _NOT_VERBS \
            and not _NOUN_ET.search(aux["p"]):
        return aux["s"].lower(), True
    m = _SUBJECT.search(text)
    if m and m["s"] in ("I", "We", "we") and _DANISH_WORDS.search(text):  # Danish "I" = "in"/"you"
        m = None
    if m:
        subj, verb, part = m["s"].lower(), m["v"].lower(), (m["p"] or "").lower()
        subj = {"i": "jeg", "we": "vi"}.get(subj, subj)
        if verb in ("har", "havde", "have", "has") and re.fullmatch(r"[\wæøå]{3,}(?:et|t|en)", part) \
                and part not in _NOT_VERBS and part not in ("haft", "været"):
            return subj, True
        if _PERFECT.match(text, m.start("v")):  # "jeg var med til at …"
            return subj, True
        if _CAUSATIVE.match(text[m.start("v"):]):
            return subj, True
        return subj, _is_action_verb(verb)
    return None, False


def _bare_verb(text: str) -> bool:
    """The fragment opens with an action verb and no subject: "lavede …", "har lavet …", "var med til at …"."""
    t = _LEAD.sub("", text.strip())
    if _PERFECT.match(t) or _CAUSATIVE.match(t):
        return True
    words = t.split()
    return bool(words) and _is_action_verb(words[0].strip(",.:;")) and words[0][0].isalpha()


def _classify(text: str, hint: str | None = None) -> tuple[Role, str | None, bool]:
    """(role, subject, needs_subject) for one fragment."""
    score = dict.fromkeys(STAR_ROLES, 0)
    for role, cues in _CUES.items():
        for rx, w in cues:
            for m in rx.finditer(text):
                if role == "result" and _INTENT.search(text, 0, m.start()):
                    continue
                score[role] += w
    if any(c.kind == "change" for c in extract_changes(text)):
        score["result"] += 4
    subj, verb_ok = _subject_verb(text)
    if subj and not verb_ok:  # "jeg fik oplæsere med og holdt 9 arrangementer": a later verb in the same clause
        verb_ok = any(_is_action_verb(m.group(1)) for m in re.finditer(r"\b(?:og|,)\s+([\wæøå]+)", text))
    # "lavede en runde, hvor jeg …" is bare (the "jeg" is another clause's); "planlagde jeg" is not
    bare = _bare_verb(text) and not re.match(r"[\wæøå]+\s+(?:jeg|vi)\b", _LEAD.sub("", text.strip()), _I)
    if bare:
        subj = None
    if subj and verb_ok or bare or _PROPOSAL.search(text):
        score["action"] += 3
    if hint:
        score[hint] += 2
    best = max(("result", "task", "action", "situation"), key=lambda r: score[r])
    return (best if score[best] > 0 else "other"), subj, bare and best == "action"


# ---- fragments --------------------------------------------------------------------------------
_NEVER_END_WORDS = ("bl.a", "f.eks", "pga", "ift", "ca", "fx", "jf", "vha", "mht", "ifm", "iht", "evt", "inkl", "kl", "nr", "ang",
                    "vedr", "iflg", "mtp", "d", "pr", "ekskl", "gl")  # "ca. 40": a full stop that never ends a sentence
_UNIT_WORDS = ("mdr", "md", "mnd", "mio", "mia", "kr", "osv", "dvs", "tlf", "afd", "stk", "min", "sek", "mv")  # may end one
ABBREVIATIONS = frozenset(w.split(".")[0] for w in _NEVER_END_WORDS + _UNIT_WORDS if len(w.split(".")[0]) > 1)
_NEVER_END = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _NEVER_END_WORDS) + r")\.$", _I)
_ORDINAL_NEXT = re.compile(rf"(?:{_MONTHS}|gang|kvartal|halvår|klasse\w*|sal|plads|del|runde|maj|år|uge|dag\w*|døgn\w*|time|"
                           r"måned|semester|etage|forsøg|omgang|division|udgave|version|behandling|bølge|trin|"
                           r"skoleår|leveår|g)\b", _I)  # "på 2. dagen", "i første forsøg"
_ABBR_END = re.compile(r"(?:\b(?:" + "|".join(_UNIT_WORDS) + r")\.|\d\.)$", _I)
_HARD = re.compile(
    r"(?P<end>(?<=[.!?])\s+)|(?P<semi>\s*;\s*)|(?P<arrow>\s*→\s*)|(?P<dash>\s+[-–—]\s+)"
    r"|(?P<res>,?\s+(?:og\s+)?(?:hvilket|det|som)\s+(?:betød|betyder|gav|giver|førte til|fører til|resulterede i|medførte)(?:\s+at)?\s+"
    r"|,?\s+(?:med det resultat at|resultatet blev|resultatet var|which (?:led to|meant|resulted in)|resulting in)\s+)"
    r"|(?P<pend>,?\s+(?:men|så)\s+(?=(?:vi\s+|jeg\s+)?ved\s+(?:endnu\s+)?ikke)|(?<!\bvi)(?<!\bjeg)(?<!\bmen)(?<!\bså)\s+(?=(?:vi\s+|jeg\s+)?ved\s+(?:endnu\s+)?ikke\s+om))"
    r"|(?P<sit>,?\s+(?:fordi|eftersom|because)\s+|,\s*da\s+)|(?P<now>,\s*(?:og\s+)?(?=(?:nu|i dag)\s+\S))"
    r"|(?P<pron>\s+(?=(?:jeg|vi)\s))|(?P<plain>,?\s+(?:og\s+)?derfor\s+|,\s*så\s+|\s+så\s+(?=(?:jeg|vi)\b)|,?\s+men\s+|\s+og\s+(?=(?:jeg|vi)\s)|,?\s+og\s+så\s+|,\s*so\s+"
    r"|,?\s+(?:efter\s+(?:at\s+)?|da\s+)(?=(?:jeg|vi)\s))", _I)
_NO_SPLIT = {"at", "som", "da", "hvor", "hvad", "hvordan", "hvorfor", "hvis", "når", "mens", "end", "og", "eller",
             "men", "så", "fordi", "selvom", "om", "der", "før", "inden", "efter", "siden", "indtil", "hvilket",
             "hvem", "til", "med", "for", "mens", "både"}
_CLAUSE_START = re.compile(r"(?:min|mit|mine|jeg|vi|nu|resultat\w*|opgave\w*|rolle\w*|det\s+(?:var|er|skyldtes)|baggrund\w*"
                           r"|problemet|årsagen|fordi)\b", _I)  # "… 6 mdr. min opgave: …"
_ARROWS = re.compile(r"\s*(?:-{1,2}>|=>|⇒|➔|➝|—>)\s*")


def _cuts(line: str) -> list[tuple[int, int, str | None, bool]]:
    """Hard cut points (start, end, role hint for the next piece, soft?) in one line."""
    protected = [(c.start, c.end) for c in extract_changes(line)]
    cuts = []
    for m in _HARD.finditer(line):
        s, e = m.span()
        if (m["arrow"] or m["dash"]) and any(a < e and s < b for a, b in protected):
            continue
        if m["pron"]:  # "... tegninger jeg tog kontakt": a new clause when a verb follows the pronoun
            prev = (line[:s].split() or [""])[-1].lower()
            nxt = (line[e:].split()[1:2] or [""])[0].lower()
            if prev in _NO_SPLIT or not (_is_action_verb(nxt) or nxt in _NON_ACTION):
                continue
        if m["end"] and _NEVER_END.search(line, 0, s):
            continue
        if m["sit"] and re.search(r"(?:^|[.!?;]\s+)(?:og\s+)?det\s+(?:var|er|skete)$", line[:s], _I):
            continue  # "det var fordi vi havde 3 nedbrud": one clause, the background
        if m["end"] and _ABBR_END.search(line, 0, s) and not line[e:e + 1].isupper() and not _CLAUSE_START.match(line, e):
            ordinal = re.search(r"\d\.$", line[:s])
            if not ordinal or _ORDINAL_NEXT.match(line, e):  # "1. marts" is a date; "kl 7 og 9. ved ikke" ends
                continue
        cuts.append((s, e, "result" if m["res"] or m["pend"] or m["now"] else "situation" if m["sit"] else None,
                     bool(m["plain"] or m["pron"])))
    return cuts


def _third_person(clause: str) -> bool:
    """"Kunderne fik ikke besked": a clause with its own finite verb and a subject that is not "jeg"/"vi" (so an
    "og ringede flere gange" after it is still the customers, not the writer)."""
    if _subject_verb(clause)[0] or _bare_verb(clause):
        return False
    words = [w.strip(",.:;").lower() for w in clause.split()[1:]]
    return any(w in _NON_ACTION or _is_action_verb(w) for w in words[:6])


def _glue(text: str) -> list[str]:
    """Cut at commas and "og", glue pieces back unless both carry different roles."""
    long_piece = len(text.split()) > 20
    parts = re.split(r"(,\s+(?!at\s)(?=\D|\d[\d.,]*\s+(?!og\b|eller\b|til\b)[a-zæøå]{3,})|\s+og\s+)", text)
    merged = [[parts[0], _classify(parts[0])[0]]]
    for sep, part in zip(parts[1::2], parts[2::2]):
        role, prev = _classify(part)[0], merged[-1][1]
        if sep.strip() == "og":  # only before a new verb clause: "og lavede …", "og ventetiden faldt"
            bare = _bare_verb(part)
            strong = bare or any(rx.search(part) for rx, w in _CUES["result"] if w >= 3) \
                or any(c.kind == "change" for c in extract_changes(part)) \
                or re.match(r"(?:nu|i dag)\s", part, _I)  # "… og nu ligger vi på 28 kr"
            glue = role == prev or "other" in (role, prev) or not strong or (bare and _third_person(merged[-1][0]))
        else:
            glue = (role == "other" and (len(part.split()) < 4 or not long_piece)) \
                or (not long_piece and (prev == "other" or role == prev))
        if glue:
            merged[-1] = [merged[-1][0] + sep + part, _classify(merged[-1][0] + sep + part)[0]]
        else:
            merged.append([part, role])
    return [p for p, _ in merged]


def _fragments(line: str) -> list[tuple[str, str | None]]:
    pieces: list[list] = []  # [start, end, hint]
    pos, hint, soft = 0, None, False
    for s, e, kind, next_soft in _cuts(line) + [(len(line), len(line), None, False)]:
        if soft and pieces and hint is None and _classify(line[pos:s])[0] == "other":
            pieces[-1][1] = s  # an un-cued clause after "så"/"men" stays with the clause before it
        else:
            pieces.append([pos, s, hint])
        pos, hint, soft = e, kind, next_soft
    out = []
    for s, e, h in pieces:
        text = line[s:e].strip(" \t,.;:")
        for frag in (_glue(text) if text else []):
            out += [(part, h) for part in _run_on(frag)]
    return out


_RUN_ON_CUT = re.compile(r"\s+(?=(?:indtil|så|men|hvorefter|bagefter|derefter)\s)", _I)


def _run_on(fragment: str) -> list[str]:
    """A long clause with no punctuation ("elinstallation forsinket manglende tegninger tog kontakt til arkitekten
    …"): cut before a bare action verb or a connector, so that problem, action and outcome do not become one field."""
    words = fragment.split()
    if len(words) <= 14:
        return [fragment]
    cuts = [m.start() for m in _RUN_ON_CUT.finditer(fragment)]
    pos = 0
    for w in words[:-2]:
        pos = fragment.index(w, pos)
        prev = fragment[:pos].split()[-1:] or [""]
        before = fragment[:pos].split()[-2:-1] or [""]
        has_subject = before[0].lower() in ("og", "men", "at", "hvor", "da", "når") or re.fullmatch(r"\d[\d.,]*", before[0])
        if pos and _is_action_verb(w) and not has_subject \
                and prev[0].lower() not in _NO_SPLIT | {"jeg", "vi", "har", "havde", "blev", "de", "der"}:
            cuts.append(pos)
        elif pos and _is_action_verb(w) and prev[0].lower() == "og" and before[0].endswith(","):
            cuts.append(fragment.rindex("og", 0, pos))  # "…, så prøverne blev sorteret, og oplærte 5 …": the next action
        pos += len(w)
    cuts = sorted({c for c in cuts if c > 0})
    parts, last = [], 0
    for c in cuts:
        if len(fragment[last:c].split()) >= 3:
            parts.append(fragment[last:c].strip(" ,"))
            last = c
    parts.append(fragment[last:].strip(" ,"))
    return [p for p in parts if p]


def _normalise(text: str) -> str:
    return _ARROWS.sub(" → ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


def _heading(line: str) -> bool:
    s = line.strip()
    if _BOLD_HEAD.match(s) or re.match(r"#{1,6}\s", s):
        return True
    return s.endswith(":") and len(s.split()) <= 6 and not _LABEL.match(s) and not _BULLET.match(line)


def _parse(text: str) -> list[Fact]:
    facts: list[Fact] = []
    pending: str | None = None
    for i, raw in enumerate(_normalise(text).split("\n")):
        if not raw.strip() or _SEPARATOR.match(raw):
            continue
        if _heading(raw):
            facts.append(Fact(text=raw.strip(" #*:"), line=i, heading=True))
            pending = None
            continue
        hp = _HEAD_PREFIX.match(raw)
        line = _BULLET.sub("", raw[hp.end():] if hp else raw, count=1)
        opens, label = bool(hp), _label(line)
        if label:
            line = _LABEL.sub("", line, count=1)
            pending = None if line.strip() else label
        label = label or pending
        for frag, hint in _fragments(line):
            flabel = label
            if _label(frag) and _LABEL.sub("", frag, count=1):  # "… . Resultat: højst 3 …"
                flabel, frag = _label(frag), _LABEL.sub("", frag, count=1)
            role, subj, needs = _classify(frag, hint)
            cause = (hint == "situation" or bool(CAUSE.match(frag))) and not flabel
            if cause and role != "situation" and not re.search(r"\b(?:jeg|vi)\s+\w+(?:ede|te)\b", frag, _I):
                role, needs = "situation", False
            suspicious = bool(_INJECTION.search(frag))
            if suspicious or flabel:
                role, needs = ("other", False) if suspicious else (flabel, needs and flabel == "action")
            facts.append(Fact(text=frag, role=role, line=i, numbers=extract_numbers(frag),
                              changes=extract_changes(frag), subject=subj, needs_subject=needs,
                              label=flabel, opens=opens, suspicious=suspicious, cause=cause))
            opens = False
    return facts


def _label(line: str) -> str | None:
    m = _LABEL.match(line)
    return next(k for k, v in m.groupdict().items() if v) if m else None


