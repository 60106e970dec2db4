"""Deterministic analysis of rough MUS notes for the STAR capability (no model involved).

1. Lines → fragments. Bullets, headings and labels ("Situation:", "R:", "Før:"/"Efter:") are stripped; a
   label sets the role of its line (an empty "Handling:" line: of the lines below). Lines are cut at
   sentence ends, ";", arrows between clauses (not "14 → 9"), " - ", connectors ("så jeg", "derfor",
   "hvilket betød at", "fordi") and before a "jeg/vi + verb" clause; comma and "og" pieces are glued back
   unless they carry different roles.
2. Fragment → role by weighted cue regexes that allow inflection (reducerede/reduceret, faldt/fald,
   steg/stigning, øgede/øget): result (change verbs, before→after numbers, praise, "ingen fejl"), task
   ("skulle", "opgave", "ansvar", "målet"), action ("jeg/vi" + action verb, or a bare past-tense verb
   first: "lavede ny vagtplan"), situation (klager, ventetid, mangel …). Ties: result > task > action >
   situation. Un-cued fragments before the first action/result are situation; with no action at all, an
   un-cued fragment between situation and result (arrow chains) is the action. A result is never guessed.
3. Experiences: lines, list items (with deeper-indented lines) and paragraphs are units; "---" and
   headings ("**X**", "# X", "Eksempel 2:") always split. A unit starts a new story when it opens with
   context, holds its own action/result and both sides hold two or more roles (at a blank line it need
   not open with context).
4. Draft: each field uses only its own fragments, minimally rephrased: abbreviations expanded (pga → på
   grund af, mdr → måneder), "14 → 9" → "fra 14 til 9", "Jeg" before a bare past-tense action verb, and
   "ny X"/"nyt X" right after it gets "en"/"et" (the adjective shows the gender). Numbers are copied as
   written; nothing is computed. A missing field is "[mangler: <felt>]" plus a du-question.

Known weaknesses: no parser – a fragment mixing action and result ("jeg reducerede ventetiden med 15 %")
gets one role (result); verbless notes give few roles; English notes get a few cues but no rephrasing;
"vi" stays "vi" (the rules cannot know who did what); several stories in one run-on line are not split.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from coach.rules.numbers import Change, NumberMention, extract_changes, extract_numbers

__all__ = ["Fact", "NotesAnalysis", "StarDraft", "split_experiences", "analyze", "draft_star", "draft_stars"]

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


class NotesAnalysis(BaseModel):
    facts: list[Fact]
    numbers: list[NumberMention]
    changes: list[Change]  # before→after (kind "change") and ranges
    periods: list[str]  # "3 mdr", "Q3", "uge 12", "2025", "i marts" …
    actions: list[str]  # the action fragments as "jeg/vi" sentences
    problem: str | None = None
    suspicious: list[str] = Field(default_factory=list)
    experiences: int = 0

    def of(self, role: str) -> list[Fact]:
        return [f for f in self.facts if f.role == role]

    @property
    def roles(self) -> set[str]:
        return {f.role for f in self.facts if f.role in STAR_ROLES}


class StarDraft(BaseModel):
    situation: str
    task: str
    action: str
    result: str
    missing: list[str] = Field(default_factory=list)  # Danish: situation/opgave/handling/resultat
    questions: list[str] = Field(default_factory=list)  # du-form, each ends with "?"
    numbers: list[str] = Field(default_factory=list)  # raw numbers from the notes


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

# ---- role cues: (regex, weight) ---------------------------------------------------------------
_RESULT = [
    (r"\b(?:result\w*|effekt\w*|outcome)", 3),
    (r"\b(?:fald(?:t|et|er|ende)?|steg|steget|stiger|stigning\w*|stigende|reduc\w+|nedbragt\w*|nedsat\w*"
     r"|sænke[dt]\w*|øg(?:ede|et|er|ning\w*)|forøg\w+|forbedr\w+|halver\w*|fordobl\w*|spar(?:ede|et|er)"
     r"|besparels\w*|færre|gik (?:ned|op)|kom (?:ned|op)|dropped|fell|rose|reduced|increased|improved|saved|cut)\b", 3),
    (r"\b(?:ingen|0|nul)\s+(?:klager|fejl|nedbrud|sygemeldinger|forsinkelser|restancer|ulykker|skader|overtid"
     r"|bemærkninger|complaints|errors)\b|\buden\s+(?:nedetid|fejl|klager|problemer|forsink\w*|nedbrud|overtid)", 4),
    (r"\b(?:nede?\s+(?:på|til)|oppe\s+på|forsvandt|stoppede|bestod|før tid)\b", 3),
    (r"\bi stedet for\b", 2),
    (r"\b(?:ros|rost|roste|positiv\w*\s+(?:feedback|tilbagemelding\w*)|god\w*\s+feedback|tilfredse|tilfredshed\w*"
     r"|glade|gladere|takkede|praised|positive feedback)\b", 3),
    (r"\b(?:lykke(?:des|dedes)|nåede|nået|opnå\w*|overholdt|til tiden|under budget|i mål|blev godkendt|fik godkendt|blev løst"
     r"|blev en succes|succes\w*|on time|on budget)\b", 3),
    (r"\b(?:kortere|hurtigere|lavere|højere|bedre|mindre|flere)\b", 2),
    (r"\b(?:nu|i dag|siden da|efterfølgende)\b|(?<!først )\befter\s+\S+\s+(?:måned|uge|år\b|dag)", 1),
]
_SITUATION = [
    (r"\b(?:klag\w*|problem\w*|udfordr\w*|mangl\w*|ventetid\w*|venteliste\w*|ventede|fejl\w*|forsink\w*|nedbrud\w*"
     r"|sygefravær\w*|fravær\w*|sygemeld\w*|travlt|travl\w*|pres\w*|kaos\w*|utilfreds\w*|stress\w*|bagud|overarbejde"
     r"|efterslæb|pukkel|kø|køer|køen|løb tør|udsolgt\w*|udebl\w*|restance\w*|opsig\w*|underbemand\w*|ustabil\w*|langsom\w*|ineffektiv\w*|besværlig\w*|svært"
     r"|konflikt\w*|dårlig\w*|bøvl\w*|spild\w*|uklar\w*|rodet|mistede|risiko\w*|complain\w*|issues?|slow|backlog|delays?)\b", 2),
    (r"\b(?:for (?:lang|lange|mange|få|høj|højt|lav|lavt|sent|sen|dyr|dyrt)|tog (?:for )?lang tid|too (?:long|many|slow))\b", 3),
    (r"\b(?:nyt?\s+\w*system\w*|ny\w*\s+(?:leder|lov|regler|krav)|omorganiser\w*|sammenlægning\w*|nedskæring\w*)", 2),
    (r"\b(?:tidligere|før|inden|oprindelig\w*|udgangspunkt\w*|baggrund\w*|da|pga|på grund af|fordi|var|havde)\b", 1),
]
_TASK = [
    (r"\b(?:skulle|blev bedt|bad mig|bad os|(?:har|havde) bedt (?:mig|os)|tildelte (?:mig|os)|gav mig (?:ansvaret|opgaven)"
     r"|blev (?:udpeget|udnævnt|valgt) som|fik (?:til )?opgave|fik ansvar\w*|min (?:opgave|rolle)|rollen|rolle som"
     r"|målet|målene|målsætning\w*|mål om|var ansvarlig|tovholder\w*|projektleder\w*|koordinator\w*|stod for"
     r"|my (?:role|task|job)|responsible|was asked|had to|goal)\b", 4),
    (r"\b(?:opgave\w*|ansvar\w*|formål\w*|mandat|deadline)\b", 2),
]
_CUES = {role: [(re.compile(p, _I), w) for p, w in cues]
         for role, cues in (("result", _RESULT), ("situation", _SITUATION), ("task", _TASK))}
_PROBLEM = _CUES["situation"][0][0]
_INTENT = re.compile(r"\b(?:at|skulle|skal|vil|ville|kunne|for at|to|ønskede|ønsker)\s+$", _I)
_NON_ACTION = set("var havde fik oplevede manglede skulle kunne ville måtte blev er har syntes mente troede brugte ventede "
                  "gik kom stod så klagede følte savnede vidste ved glemte tabte kæmpede lå sad faldt steg was were had".split())
_ACTION_VERBS = set("tog satte skrev fandt gav holdt bad hjalp drev valgte lærte foreslog gennemgik kortlagde planlagde "
                    "omlagde overtog påtog byggede gjorde built wrote set led ran made took".split())
_NOT_VERBS = set("dette otte korte lette flotte trætte rette sorte brede hele mente mange store travlt svært meget godt "
                 "ondt slet let tit sidste".split())
_SUBJECT = re.compile(r"(?:^|(?<=[\s,(]))(?P<s>[Jj]eg|[Vv]i|I|[Ww]e)\s+(?:(?:også|så|selv|derfor|hurtigt|straks|bl\.a\.|blandt andet)\s+)?(?P<v>[\wæøå]+)(?:\s+(?P<p>[\wæøå]+))?")
_INVERSION = re.compile(r"\b(?P<v>[\wæøå]+)\s+(?P<s>jeg|vi)\b", _I)
_AUX_INVERSION = re.compile(r"\b(?:har|havde)\s+(?P<s>jeg|vi)\s+(?:også\s+|selv\s+|bl\.a\.\s+)?(?P<p>[\wæøå]{3,}(?:et|t))\b", _I)
_LEAD = re.compile(r"^(?:(?:og|så|derfor|derefter|bagefter|først|senere|herefter|dernæst|til sidst|også|selv|straks|men|and|then|so)[\s,]+)+", _I)


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
    if aux and aux["p"].lower() not in ("haft", "været") and aux["p"].lower() not in _NOT_VERBS:
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
        return subj, _is_action_verb(verb)
    return None, False


def _bare_verb(text: str) -> bool:
    """The fragment opens with an action verb and no subject: "lavede …", "har lavet …", "var med til at …"."""
    t = _LEAD.sub("", text.strip())
    if _PERFECT.match(t):
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
    bare = subj is None and _bare_verb(text)
    if subj and verb_ok or bare:
        score["action"] += 3
    if hint:
        score[hint] += 2
    best = max(("result", "task", "action", "situation"), key=lambda r: score[r])
    return (best if score[best] > 0 else "other"), subj, bare and best == "action"


# ---- fragments --------------------------------------------------------------------------------
_NEVER_END = re.compile(r"\b(?:bl\.a|f\.eks|pga|ift|ca|fx|jf|vha|mht|ifm|iht|evt|inkl|kl|nr|ang|vedr|iflg|mtp|d|pr|ekskl|gl)\.$", _I)
_ORDINAL_NEXT = re.compile(rf"(?:{_MONTHS}|gang|kvartal|halvår|klasse|sal|plads|del|runde|maj|år|uge)\b", _I)
_ABBR_END = re.compile(r"(?:\b(?:mdr|md|mnd|mio|mia|kr|osv|dvs|tlf|afd|stk|min|sek|mv)\.|\d\.)$", _I)
_HARD = re.compile(
    r"(?P<end>(?<=[.!?])\s+)|(?P<semi>\s*;\s*)|(?P<arrow>\s*→\s*)|(?P<dash>\s+[-–—]\s+)"
    r"|(?P<res>,?\s+(?:og\s+)?(?:hvilket|det|som)\s+(?:betød|betyder|gav|giver|førte til|fører til|resulterede i|medførte)(?:\s+at)?\s+"
    r"|,?\s+(?:med det resultat at|resultatet blev|resultatet var|which (?:led to|meant|resulted in)|resulting in)\s+)"
    r"|(?P<pend>,?\s+(?:men|så)\s+(?=(?:vi\s+|jeg\s+)?ved\s+(?:endnu\s+)?ikke)|\s+(?=(?:vi\s+|jeg\s+)?ved\s+(?:endnu\s+)?ikke\s+om))"
    r"|(?P<sit>,?\s+(?:fordi|eftersom|because)\s+|,\s*da\s+)"
    r"|(?P<pron>\s+(?=(?:jeg|vi)\s))|(?P<plain>,?\s+(?:og\s+)?derfor\s+|,\s*så\s+|\s+så\s+(?=(?:jeg|vi)\b)|,?\s+men\s+|\s+og\s+(?=(?:jeg|vi)\s)|,?\s+og\s+så\s+|,\s*so\s+"
    r"|,?\s+(?:efter\s+(?:at\s+)?|da\s+)(?=(?:jeg|vi)\s))", _I)
_NO_SPLIT = {"at", "som", "da", "hvor", "hvad", "hvordan", "hvorfor", "hvis", "når", "mens", "end", "og", "eller",
             "men", "så", "fordi", "selvom", "om", "der", "før", "inden", "efter", "siden", "indtil", "hvilket",
             "hvem", "til", "med", "for", "mens", "både"}
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
        if m["end"] and _ABBR_END.search(line, 0, s) and not line[e:e + 1].isupper():
            ordinal = re.search(r"\d\.$", line[:s])
            if not ordinal or _ORDINAL_NEXT.match(line, e):  # "1. marts" is a date; "kl 7 og 9. ved ikke" ends
                continue
        cuts.append((s, e, "result" if m["res"] or m["pend"] else "situation" if m["sit"] else None,
                     bool(m["plain"] or m["pron"])))
    return cuts


def _glue(text: str) -> list[str]:
    """Cut at commas and "og", glue pieces back unless both carry different roles."""
    long_piece = len(text.split()) > 20
    parts = re.split(r"(,\s+(?=\D)|\s+og\s+)", text)
    merged = [[parts[0], _classify(parts[0])[0]]]
    for sep, part in zip(parts[1::2], parts[2::2]):
        role, prev = _classify(part)[0], merged[-1][1]
        if sep.strip() == "og":  # only before a new verb clause: "og lavede …", "og ventetiden faldt"
            strong = _bare_verb(part) or _CUES["result"][1][0].search(part)
            glue = role == prev or "other" in (role, prev) or not strong
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
        if pos and _is_action_verb(w) and prev[0].lower() not in _NO_SPLIT | {"jeg", "vi", "har", "havde", "blev", "de", "der"}:
            cuts.append(pos)
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
            suspicious = bool(_INJECTION.search(frag))
            if suspicious or flabel:
                role, needs = ("other", False) if suspicious else (flabel, needs and flabel == "action")
            facts.append(Fact(text=frag, role=role, line=i, numbers=extract_numbers(frag),
                              changes=extract_changes(frag), subject=subj, needs_subject=needs,
                              label=flabel, opens=opens, suspicious=suspicious))
            opens = False
    return facts


def _label(line: str) -> str | None:
    m = _LABEL.match(line)
    return next(k for k, v in m.groupdict().items() if v) if m else None


_PENDING = re.compile(
    r"\b(?:ved (?:endnu )?ikke(?: endnu)?,? om|ved ikke rigtig om|har ikke (?:målt|spurgt|set|fået)|ikke (?:målt|klar\w*|"
    r"evalueret|opgjort)(?: endnu)?|(?:er|bliver|kommer) først|evaluer\w* (?:i|om|efter)|måles (?:i|først|om)|"
    r"venter (?:stadig )?på|ikke (?:set|mærket) (?:nogen )?(?:effekt|resultat)|for tidligt at sige|"
    r"(?:don't|do not) know (?:yet|if)|not (?:measured|known) yet)", _I)


def _strong_situation(text: str) -> bool:
    """A problem word that means "this was the problem" wherever it stands ("for lange", "klager", "ventetid")."""
    return bool(_CUES["situation"][1][0].search(text)) or bool(
        re.search(r"\b(?:klag\w*|problem\w*|udfordr\w*|ventetid\w*|kaos|konflikt\w*|mangle\w*)\b", text, _I)
        and not re.search(r"\b(?:færre|ingen|nu|faldt|fald|under|nede)\b", text, _I))


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
    for k, f in enumerate(content):
        if f.label or f.pending:
            continue
        if first_act is not None and k < first_act and f.role == "result":
            f.role = "situation"  # the starting point, written before anything was done
        elif first_act is None and k == 0 and f.role == "result" and len(content) > 1:
            f.role = "situation"
    for k, f in enumerate(content):
        if f.label or first_act is None or k <= first_act:
            continue
        if f.role == "situation" and not _strong_situation(f.text):
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
                f.role = "action"  # "vi fik nye klude": more of what was done
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
            if f.role == "situation" and k > 0 and not (f.label or f.subject) and "result" in roles[k + 1:] \
                    and "situation" in roles[:k] and not _CUES["situation"][0][0].search(f.text):
                f.role = "action"


# ---- experiences ------------------------------------------------------------------------------
# A new story is announced by the writer ("Derudover …", "En anden ting: …", "Og så har jeg også …"), by a
# numbered item or a "Emne: …" bullet that tells a whole story of its own, or by a paragraph that does.
_INTRO = re.compile(r"^\W*(?:og\s+)?(?:derudover|desuden|herudover|ud ?over det|en anden ting|noget andet|en anden historie|"
                    r"andet eksempel|anden historie|tredje historie|og så har jeg (?:også )?|jeg har også|og så (?=\w+(?:de|te)\s+(?:jeg|vi)\b)|"
                    r"besides|another thing|also,)", _I)
_MID_INTRO = re.compile(r"(?:(?<=[.!?])\s+|,?\s+og\s+(?=så har jeg også)|,\s+(?=og så har jeg)|\s+(?=og så har jeg også))"
                        r"(?=(?:og\s+)?(?:derudover|desuden|en anden ting|noget andet|og så har jeg (?:også )?|jeg har også|"
                        r"så har jeg også)\b)", _I)
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-h]\))\s+(?!(?:" + _MONTHS + r")\b)", _I)
_TOPIC = re.compile(r"^\s*(?:[-*•·▪◦–—+>]\s+)?(?P<topic>[\wæøåÆØÅ][\wæøåÆØÅ/ -]{1,28}):\s+\S", _I)


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
        for ui, (unit, kind) in enumerate(_units(block)):
            roles = _own_roles(unit)
            done = bool(stories) and bool(stories[-1][1] & {"action", "result"})
            own = bool(roles & {"action", "result"})
            announced = kind == "intro" or bool(_INTRO.match(unit))
            new_block = ui == 0 and bi > 0
            if not stories:
                new = True
            elif ui == 0 and heading:
                new = True
            elif announced:  # the writer says a new story begins: trust it once the first one has some substance
                new = (done or len(stories[-1][1]) >= 2) and (own or len(roles) >= 2)
            elif kind == "item" or new_block:
                new = done and own and len(roles) >= 2
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


# ---- analysis and draft -----------------------------------------------------------------------
_PERIOD_WORDS = re.compile(rf"\b(?:i|siden|fra|efter|før|inden|til|over)\s+(?:{_MONTHS}|foråret|sommeren|efteråret|vinteren)\b|\b(?:sidste|hele)\s+år\b", _I)


def analyze(text: str) -> NotesAnalysis:
    facts = _parse(text)
    _apply_position(facts)
    numbers = extract_numbers(text)
    periods = [m.raw for m in numbers if m.kind in ("duration", "date", "year", "quarter", "week")]
    periods += [m.group(0) for m in _PERIOD_WORDS.finditer(text)]
    situations = [f for f in facts if f.role == "situation"]
    problem = next((f.text for f in situations if _CUES["situation"][0][0].search(f.text)
                    or _CUES["situation"][1][0].search(f.text)), situations[0].text if situations else None)
    return NotesAnalysis(
        facts=facts, numbers=numbers, changes=extract_changes(text), periods=periods,
        actions=[_sentence(f) for f in facts if f.role == "action"], problem=problem,
        suspicious=[f.text for f in facts if f.suspicious], experiences=len(split_experiences(text)))


_ABBREVIATIONS = [(re.compile(p, _I), r) for p, r in [
    (r"\bpga\b\.?", "på grund af"), (r"\bift\b\.?", "i forhold til"), (r"\bbl\.\s?a\b\.?", "blandt andet"),
    (r"\bf\.\s?eks\b\.?", "for eksempel"), (r"\bfx\b\.?", "for eksempel"), (r"\bca\b\.?", "cirka"),
    (r"\bvha\b\.?", "ved hjælp af"), (r"\bmht\b\.?", "med hensyn til"), (r"\bifm\b\.?", "i forbindelse med"),
    (r"\biflg\b\.?", "ifølge"), (r"\biht\b\.?", "i henhold til"), (r"\bmtp\b\.?", "med tanke på"),
    (r"\bevt\b\.?", "eventuelt"), (r"\binkl\b\.?", "inklusive"), (r"\bdvs\b\.?", "det vil sige"),
    (r"\bosv\b\.?", "og så videre"), (r"\bm\.\s?m\b\.?", "med mere"), (r"\bjf\b\.?", "jævnfør"),
    (r"\bvedr\b\.?", "vedrørende"), (r"\btlf\b\.?", "telefon"), (r"\bafd\b\.?", "afdeling"),
    (r"\bkoll?\.", "kolleger"), (r"\bmedarb\b\.?", "medarbejdere"),
    (r"(?<=\b1 )(?:mdr|mnd|md)\b\.?|(?<=\ben )(?:mdr|mnd|md)\b\.?", "måned"),
    (r"\b(?:mdr|mnd)\b\.?|(?<=\d )md\b\.?", "måneder"), (r"(?<=\d )min\b\.?", "minutter"),
    (r"(?<=\d )sek\b\.?", "sekunder"), (r"(?<=\d )dg\b\.?", "dage"), (r"\s+&\s+", " og "),
    (r"(?<=[a-zæøå]) \+ (?=[a-zæøå])", " og "), (r"\bm/\s?", "med "), (r"\bp\.\s?t\.", "lige nu"),
]]
_TASK_BARE = re.compile(r"^(?:skulle|blev bedt|fik (?:til )?opgave|fik ansvar|havde ansvar|stod for|har været"
                        r"|var (?:ansvarlig|tovholder|projektleder|koordinator))\b|^(?P<role>ansvarlig|tovholder|projektleder|koordinator)\b", _I)


def _expand(text: str) -> str:
    for rx, repl in _ABBREVIATIONS:
        text = rx.sub(lambda m, r=repl: (" " if m.group(0)[:1].isspace() else "") + r, text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _fra_til(text: str) -> str:
    for c in reversed([c for c in extract_changes(text) if c.kind == "change" and "→" in c.raw]):
        mid = text[c.before.end:c.after.start]
        new = text[c.before.start:c.before.end] + mid.replace("→", "til").replace("  ", " ")
        has_fra = re.search(r"\bfra\s+$", text[:c.before.start], _I)
        text = text[:c.before.start] + ("" if has_fra else "fra ") + new + text[c.after.start:]
    return re.sub(r"\s*→\s*", " – ", text)


def _sentence(f: Fact) -> str:
    t = _LEAD.sub("", f.text.strip()) or f.text.strip()
    t = _fra_til(_expand(t)).strip(" ,;:-–")
    if f.needs_subject and not f.subject:  # "lavede ny vagtplan" → "Jeg lavede en ny vagtplan"
        t = re.sub(r"^(Jeg [\wæøå]+) (nyt?)\b", lambda m: f"{m[1]} {'et' if m[2] == 'nyt' else 'en'} {m[2]}",
                   "Jeg " + t[0].lower() + t[1:])
    elif f.role == "task" and not f.subject and (m := _TASK_BARE.match(t)):
        t = ("Jeg var " if m["role"] else "Jeg ") + t[0].lower() + t[1:]
    words = t.split()
    t = " ".join(words[:45]) + " …" if len(words) > 45 else t
    t = t[:1].upper() + t[1:]
    return t if t.endswith((".", "!", "?", "…")) else t + "."


def _baseline(result: list[Fact], situation: list[Fact]) -> str:
    """The "before" of a before→after written in two places ("25 kg om dagen … nede på 11 kg"): the result
    names it, so the pair stays together ("(før: ca 25 kg)"). Only figures of the same kind and unit pair up."""
    if not result or any(c.kind == "change" for f in result for c in f.changes):
        return ""
    after = [m for f in result for m in f.numbers if m.kind not in _TIME_KINDS]
    before = [m for f in situation for m in f.numbers if m.kind not in _TIME_KINDS
              and not any(c.kind == "change" for c in f.changes)]
    for a in after:
        for b in before:
            if a.unit == b.unit and b.value != a.value and (a.unit or (a.value >= 2 and b.value >= 2)):
                return f" (før: {_expand(b.raw)})"
    return ""


_TIME_KINDS = {"date", "year", "quarter", "week", "duration"}


def _draft(analysis: NotesAnalysis, text: str) -> StarDraft:
    fields, missing, questions = {}, [], []
    n_words = len(text.split())
    for role in STAR_ROLES:
        chosen = [f for f in analysis.facts if f.role == role and not f.heading and not f.suspicious]
        known = [f for f in chosen if not f.pending]
        if known:
            words = " ".join(_sentence(f) for f in chosen).split()
            if n_words >= 15 and len(words) >= 0.9 * n_words:  # never hand back the whole notes as one field
                questions.append(Q_SPLIT)
            fields[role] = " ".join(words)
        else:
            # nothing in the notes, or only "we don't know yet": ask, and keep what they wrote about it
            fields[role] = " ".join([f"[mangler: {ROLE_DA[role]}]"] + [_sentence(f) for f in chosen])
            missing.append(ROLE_DA[role])
            questions.append(QUESTIONS[role])
    if "resultat" not in missing:
        fields["result"] = fields["result"].rstrip(".") + _baseline(analysis.of("result"), analysis.of("situation")) + "."
        fields["result"] = fields["result"].replace("..", ".")
    results = [f for f in analysis.of("result") if not f.pending]
    if results and not any(f.numbers for f in results):
        questions.append(Q_MEASURE)
    acts = analysis.of("action")
    if acts and all(f.subject == "vi" for f in acts):
        questions.append(Q_OWN_PART)
    return StarDraft(**fields, missing=missing, questions=questions,
                     numbers=[m.raw for m in analysis.numbers])


def draft_star(text: str) -> StarDraft:
    """A STAR draft of ``text`` read as ONE experience (use :func:`draft_stars` for a paste)."""
    return _draft(analyze(text), text)


def draft_stars(text: str) -> list[StarDraft]:
    """One STAR draft per experience found by :func:`split_experiences`."""
    return [draft_star(chunk) for chunk in split_experiences(text)] or [draft_star(text)]
