"""Deterministic Danish SMART-goal checker and template rewrite (no model involved).

Approach
--------
The goal text is first cleaned: sentences that try to instruct the system ("ignorer alle tidligere
instruktioner ...") are removed, so an injection can never change a verdict. Then each SMART criterion
is decided by small, documented lexicons:

* **specific** - the text is split into clauses (at punctuation and at "ved at", "så", "for at" ...;
  a comma before "at" does not split). A clause counts when it holds a concrete action: a known action
  verb (``ACTION_STEMS`` + ``VERB_SUFFIX`` cover the inflections, e.g. forbedre/forbedrer/forbedret),
  or any infinitive right after "vil/skal/at" that is not a copula or weak verb (``WEAK_VERBS``), followed
  by an object that is not filler or an abstract noun ("samarbejdet", "trivslen") unless a number makes
  it concrete. Clauses with a vague direction (``VAGUE_RE``: "blive bedre til", "udvikle mig", "mere
  synlig") never count, nor does a negated promise about errors ("aldrig lave fejl"); a clause naming a
  deliverable in the singular ("en rapport") counts - a bare plural ("rapporter") is ongoing activity.
* **measurable** - a number, count word, percentage, frequency or level outside any time expression;
  a completion verb ("gennemføre", "bestå"); a deliverable/certificate noun (``MEASURE_STEMS``) in a
  non-vague clause; "kan ... selv"; or a measure placeholder such as ``[antal]``.
* **achievable** - true unless ``OVERREACH_RE`` finds obvious over-reach ("altid ... 100 %", "aldrig
  lave fejl", "fordoble ... på en uge"); the reason says that real feasibility needs the workplace.
* **relevant** - true when the text ties the goal to work (``TIE_STEMS``: team, kunder, borgere ...);
  false when it is clearly private (``PRIVATE_RE``); otherwise true with a "cannot judge" reason.
* **time_bound** - ``TIME_RE`` (dates, months, quarters, "uge 12", "næste MUS", "inden ...", seasons,
  "om 3 måneder", English "by June"); a rhythm ("hver uge", ``RHYTHM_RE``) alone is not a horizon.

Placeholders in square brackets count as filled: ``[dato]``/``[deadline]`` for time, ``[antal]``/
``[niveau]``/``[kursus]`` for measure. ``template_rewrite`` keeps the user's words, turns them into a
first-person "Jeg vil ..." sentence and appends only placeholders, so it never invents numbers, dates
or names. Known limits: keyword rules miss paraphrases and cannot judge feasibility or fit to a role.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field
from coach.rules.smart_time import (  # noqa: F401 (re-exported: other modules import them from here)
    APPROVAL_RE,
    EN_MONTHS,
    MEASURE_PLACEHOLDER,
    MONTHS,
    OVERREACH_RE,
    PLACEHOLDER_RE,
    RHYTHM_RE,
    TIME_PATTERNS,
    TIME_PLACEHOLDER,
    TIME_RE,
    _NUMW,
    _UNIT,
    _alt,
)


CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")


class SmartCheck(BaseModel):
    """Verdict per SMART criterion plus a one-line Danish reason for each (keys = ``CRITERIA``)."""

    specific: bool
    measurable: bool
    achievable: bool
    relevant: bool
    time_bound: bool
    reasons: dict[str, str] = Field(default_factory=dict)

    def missing(self) -> list[str]:
        """Criteria that are not met, in SMART order."""
        return [c for c in CRITERIA if not getattr(self, c)]


def _stems_re(stems) -> re.Pattern[str]:
    """A stem at the start of a word (any ending) or at the end of a compound (plain noun endings)."""
    s = _alt(stems)
    return re.compile(rf"\b(?:{s})\w*|\w+(?:{s})(?:e|er|erne|en|et|ets|ne|r|rne|s|ens)?\b", re.I)


# --- lexicons -------------------------------------------------------------------------------------
VERB_SUFFIX = r"(?:e|er|es|ede|edes|et|te|tes|t|de|d|r|s|ende)?"
ACTION_STEMS = (  # Danish verb stems; every ending in VERB_SUFFIX counts (gennemfør-e/-er/-te/-t ...)
    "gennemfør", "færdiggør", "afslut", "bestå", "skriv", "udarbejd", "afhold", "implementer", "indfør",
    "opbyg", "byg", "automatiser", "reducer", "nedbring", "øg", "forøg", "hæv", "sænk", "forkort", "halver",
    "fordobl", "faciliter", "oplær", "undervis", "træn", "planlæg", "dokumenter", "kortlæg", "analyser",
    "etabler", "præsenter", "ring", "kontakt", "gennemgå", "design", "test", "opdater", "lancer", "opret",
    "opsæt", "migrer", "lever", "aflever", "udvikl", "tjek", "tjekk", "send", "koordiner", "evaluer",
    "introducer", "besvar", "mentorer", "overtag", "aflæg", "montere", "instruer", "forbedr", "optimer",
    "styrk", "forenkl", "effektiviser", "digitaliser", "standardiser", "start", "sikr", "opstart", "omlæg",
    "udvid", "skær", "spar", "indkør", "afprøv", "publicer", "indsend", "lukk")
VERB_FORMS = (  # irregular or ambiguous verbs, listed form by form ("holdet" is a team, not a verb)
    "bestod", "skrev", "skrevet", "nedbragt", "planlagt", "kortlagt", "gennemgik", "opsat", "lede", "ledet",
    "tage", "tager", "tog", "taget", "holde", "holder", "holdt", "lave", "laver", "lavet", "lavede", "lære",
    "lærte", "lært", "give", "giver", "gav", "givet", "svare", "deltage", "deltog", "deltaget", "sælge",
    "solgt", "solgte", "læse", "læser", "læst")
EN_VERBS = ("complete", "finish", "pass", "write", "deliver", "present", "submit", "start", "publish", "rewrite", "lead", "run", "build", "implement",
            "reduce", "increase", "cut", "launch", "train", "mentor", "hold", "take", "create", "prepare",
            "migrate", "automate", "document", "design", "publish", "call", "learn", "organi[sz]e")
ACTION_RE = re.compile(rf"(?:{_alt(ACTION_STEMS)}){VERB_SUFFIX}|{_alt(VERB_FORMS)}"
                       rf"|(?:{_alt(EN_VERBS)})(?:s|es|d|ed|ing)?", re.I)
COMPLETION_RE = re.compile(r"\b(?:gennemfør|færdiggør|afslut|bestå|bestod|aflæg|complet|finish|pass)\w*", re.I)
WEAK_VERBS = {  # copulas and direction-only verbs: never a concrete action on their own
    "blive", "være", "have", "få", "gøre", "komme", "kunne", "ville", "skulle", "prøve", "forsøge",
    "arbejde", "fokusere", "tænke", "se", "føle", "ønske", "begynde", "opnå", "nå", "fortsætte"}
NON_VERB_E = {  # words ending in -e that are not infinitives
    "de", "alle", "hele", "samme", "mange", "nye", "gode", "mine", "dine", "sine", "store", "andre", "disse",
    "nogle", "flere", "mere", "bedre", "egne", "næste", "sidste", "første", "tidligere", "selve", "ene",
    "ugentlige", "daglige", "faste", "gerne", "ikke", "ingen", "være"}
MODALS = {"vil", "skal", "kan", "må", "at", "will", "to"}
ADVERBS = {"gerne", "også", "altid", "aldrig", "ikke", "selv", "nu", "snart", "bare", "virkelig", "især",
           "fremover", "fortsat", "meget", "rigtig", "helst", "hellere", "faktisk", "længere", "mere",
           "never", "not", "no", "longer", "really", "also", "always"}
NEGATIONS = {"aldrig", "ikke", "ingen", "never", "not", "no"}
ERROR_WORDS = re.compile(r"fejl|mistake|error|klage|complaint", re.I)  # "aldrig lave fejl" is an outcome
FILLER = {  # words that do not make an object on their own
    "mig", "sig", "selv", "det", "noget", "mere", "bedre", "lidt", "meget", "gerne", "godt", "nok", "endnu",
    "også", "af", "til", "i", "på", "med", "at", "en", "et", "ét", "den", "de", "om", "for", "fra", "så",
    "jeg", "vi", "du", "ikke", "min", "mit", "mine", "vores", "sin", "sit", "sine", "deres", "alle", "hele",
    "op", "ud", "ind", "over", "the", "a", "an", "more", "better", "it", "myself", "something", "to", "on",
    "in", "of", "for", "my", "our", "up"}
ABSTRACT = (  # abstract objects ("forbedre samarbejdet") - plus any noun in -hed - are a direction
    "tilfredshed", "samarbejd", "trivsel", "kvalitet", "kommunikation", "motivation", "engagement",
    "stemning", "arbejdsmiljø", "effektivitet", "performance", "indsats", "struktur", "overblik", "relation",
    "synlighed", "kompetence", "viden", "evne", "færdighed", "forståelse", "fokus", "udvikling", "ansvar",
    "balance", "service", "satisfaction", "quality", "skill", "visibility", "praksis", "faglighed", "didaktik",
    "kultur", "dialog", "selvtillid", "gennemslagskraft", "mindset", "professionalisme", "tilgang")
_COMPARATIVES = (r"\b(?:bedre|bedere|bedrer|bdre|mere|mindre|dygtigere|stærkere|skarpere|tydeligere|klarere|sikrere"
                 r"|better|more)\b")  # with the typos people make ("bedere")
COMPARATIVE_RE = re.compile(_COMPARATIVES, re.I)
HEDGES = ("måske", "muligvis", "eventuelt", "evt.")
VAGUE_RE = re.compile(  # vague directions; a comparative is only vague when its clause has no number
    _COMPARATIVES + r"|\budvikle\s+(?:mig|mine|min|sig|os)\b|\b(?:vokse|generelt|develop myself|grow)\b"
    r"|\bholde\s+mig\b|\barbejde\s+(?:med|på)\s+mig\b|\bimprove\s+my(?:self)?\b"
    r"|\b(?:" + "|".join(re.escape(h) for h in HEDGES) + r")(?=\s)", re.I)  # "og måske tage et kursus": no commitment
MEASURE_STEMS = (  # deliverables, certificates, exams, positions: done or not done is measurable
    "certific", "certifikat", "eksamen", "kursus", "kurset", "diplom", "uddannelse", "rapport", "notat",
    "præsentation", "oplæg", "workshop", "skabelon", "tjekliste", "vejledning", "manual", "dashboard",
    "prototype", "guide", "procedure", "instruks", "artikel", "script", "kampagne", "webinar", "svendeprøve",
    "køreprøve", "kørekort", "bevis", "svendebrev", "licens", "autorisation", "business case", "forløb",
    "forslag", "udkast", "oversigt", "beskrivelse", "stilling", "forfremmelse", "møde", "sparring",
    "certificate", "license", "proposal", "promotion", "position", "meeting", "exam", "course", "report",
    "presentation", "checklist")
MEASURE_RE = _stems_re(MEASURE_STEMS)
TARGET_RE = re.compile(  # a target figure: what must change, and to what ("ned under 3 %", "op på en CSAT på 4,5")
    r"\b(?:ned|op)\s+(?:på|under|over|til)\s+(?:en\s+\w+\s+på\s+)?\d[\d.,]*\s*(?:%|procent)?"
    r"|\bfra\s+\d[\d.,]*\s*%?\s*(?:ned\s+|op\s+)?til\s+\d[\d.,]*\s*%?", re.I)
POSITION_RE = re.compile(  # a position as the goal: concrete, and you either have it or not
    r"\b(?:blive|være|bliver|er)\s+(?:\w+\s+)?(?:\w*(?:leder|chef|direktør)|senior\s*\w*|superbruger"
    r"|tovholder|partner|koordinator|souschef|mester|fagansvarlig|nøgleperson)\b", re.I)
PLAN_RE = re.compile(r"\b\w*plan(?:en|er|erne)?\b", re.I)
DA_NUMBERS = ("to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv", "femten",
              "tyve", "tredive", "fyrre", "halvtreds", "hundrede", "tusind", "halvdelen", "dobbelt", "alle",
              "hver", "hvert")
EN_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
              "hundred", "half", "all", "every", "each")
NUMBER_RE = re.compile(r"\d|%|\bprocent\b|\bfordobl\w*|\bhalver\w*|\btredobl\w*", re.I)
LEVEL_RE = re.compile(  # levels, "can do it alone", zero errors in a bounded run
    r"\bniveau\s+\w+|\blevel\s+\w+|\bkan\b(?:\s+\S+){0,5}?\s+(?:selv|selvstændigt|alene|på egen hånd)\b"
    r"|\b(?:selv|selvstændigt|alene)\s+(?:kunne|kan)\b"
    r"|\b(?:ingen|nul|0)\s+(?:\w+\s+)?fejl\w*|\b(?:ikke være|ikke ligge|ingen)\s+(?:\w+\s+)?(?:sygefravær|fravær|ubesvare\w*)"
    r"|\b(?:stoppe|holde op|stop)\s+med\s+at\b|\bikke\s+(?:kommer|er|sker|opstår)\s+(?:\w+\s+)?fejl"
    r"|\bi mål,? når\b", re.I)

TIE_STEMS = (  # words that tie a goal to role, team, customers, tasks or strategy
    "team", "kolleg", "afdeling", "kunde", "borger", "patient", "beboer", "elev", "studerende", "kursist",
    "forældre", "leder", "ledelse", "chef", "strategi", "opgave", "rolle", "stilling", "virksomhed",
    "organisation", "firma", "forretning", "butik", "lager", "klinik", "hospital", "sygehus", "plejehjem",
    "hjemmepleje", "skole", "klasse", "institution", "kommune", "forvaltning", "sager", "sags", "drift",
    "vagt", "projekt", "leverandør", "salg", "omsætning", "budget", "produktion", "ordre", "kvalitet",
    "support", "ticket", "faktura", "regnskab", "bogføring", "revision", "revisor", "medarbejder", "nyansat",
    "onboarding", "byggeplads", "værksted", "lærling", "undervisning", "chauffør", "pakke", "forsendelse",
    "afsnit", "ambulatori", "journal", "arbejdsplads", "personale", "management", "customer", "client",
    "colleague", "manager", "company", "department", "stakeholder", "student", "teacher", "users",
    "arbejdsliv", "overarbejd", "arbejdsmiljø", "balance mellem arbejde")
TIE_RE = _stems_re(TIE_STEMS)
WORK_RE = re.compile(r"\b(?:excel|word|powerpoint|outlook|teams|sap|python|sql|power bi|aws|azure|cloud|"
                     r"faglig\w*|fag|kompetence\w*|arbejd\w*|ansvar\w*|karriere\w*|kode\w*|system\w*|"
                     r"sikkerhed\w*|data\w*|møde\w*|lærer\w*|job\w*|work\w*)\b", re.I)
PRIVATE_RE = re.compile(r"\b(?:privat\w*|fritid\w*|hjemme|familie\w*|mine børn|kæreste\w*|ferie[nr]?|"
                        r"tabe mig|kilo|\w*maraton\w*|triatlon\w*|derhjemme|surdej\w*|sejl\w*|duelighedsbevis|konfirmation\w*|"
                        r"lejlighed\w*|min datter|min søn|mit barn|guitar\w*|klaver\w*|strikke\w*|golf\w*|fitness\w*|"
                        r"motionere|ryge\w*|rygestop|sommerhus\w*|bryllup\w*|hobby\w*|vægttab|"
                        r"lose weight|marathon|vacation|my family)\b", re.I)
INJECTION_RE = re.compile(
    r"(?:ignor\w*|glem|se bort fra|disregard|forget)\s+(?:\w+\s+){0,3}?(?:instruktion\w*|instruks\w*|instruction\w*|"
    r"regler|rules|prompt\w*|ovenstående|above|previous)|system\s?prompt|\bdu er nu\b|\byou are now\b|"
    r"\bjailbreak\b|\bact as\b|\bsvar kun\b|\brespond only\b|\bmarker\w*\s+(?:\w+\s+){0,3}?som\s+"
    r"(?:smart|opfyldt|godkendt)|\bmark\w*\s+(?:\w+\s+){0,3}?as\s+smart", re.I)
LEARNING_RE = re.compile(r"\b(?:bedre til|dygtigere til|lære|lærer|kompetence\w*|udvikle mig|kursus|"
                         r"uddannelse|certific\w*|fagligt|get better|learn)\b", re.I)
CLAUSE_SPLIT_RE = re.compile(r"[.;:!?\n]|,(?!\s*at\b)|\b(?:(?<!tryg )(?<!trygge )(?<!glad )(?<!fortrolig )ved at|ved hjælp af|gennem|for at|så|samt|"
                             r"men|fordi|hvor|by|so that|so)\b", re.I)
EN_MARK_RE = re.compile(r"\b(?:want|to|the|my|will|be|get|by|and|with|our|improve|would|like|we|need|more|on|in|"
                        r"should|learn|better)\b", re.I)
DA_MARK_RE = re.compile(r"\b(?:jeg|vil|at|og|til|på|med|min|mit|mine|gerne|blive|være|vores|inden|af|"
                        r"det|skal|mål)\b", re.I)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
TOKEN_RE = re.compile(r"\[[^\[\]]*\]|[\w%][\w%.-]*", re.U)

# --- helpers ---------------------------------------------------------------------------------------


def strip_injection(text: str) -> str:
    """Drop sentences that address the system instead of stating a goal."""
    return " ".join(s for s in SENTENCE_RE.split(text.strip()) if not INJECTION_RE.search(s)).strip()


def _is_english(text: str) -> bool:
    en, da = len(EN_MARK_RE.findall(text)), len(DA_MARK_RE.findall(text))
    return en >= 2 and en > da


def _placeholders(text: str, kind: re.Pattern[str]) -> list[str]:
    return [p for p in PLACEHOLDER_RE.findall(text) if kind.search(p)]


def _snippet(text: str, start: int, words: int = 4) -> str:
    return " ".join(text[start:].split()[:words]).rstrip(".,;:")


def _number(text: str, english: bool) -> re.Match[str] | None:
    """A number or count word outside time expressions and placeholders ("1. marts" is no measure)."""
    bare = TIME_RE.sub(" ", PLACEHOLDER_RE.sub(" ", text.replace("1:1", " ")))
    words = EN_NUMBERS if english else DA_NUMBERS
    return NUMBER_RE.search(bare) or re.search(rf"\b(?:{_alt(words)})\b", bare, re.I)


def _action(clause: str, english: bool) -> tuple[str, str]:
    """Return (kind, evidence) for the first verb + object: kind is 'action', 'negated', 'abstract' or ''."""
    toks = TOKEN_RE.findall(clause)
    low = [t.lower() for t in toks]
    found = ""
    for i, tok in enumerate(low):
        j = i - 1
        while j >= 0 and low[j] in ADVERBS:
            j -= 1
        slot = (not english and j >= 0 and low[j] in MODALS and tok.endswith("e") and len(tok) >= 3
                and tok not in NON_VERB_E)
        obj = [t for t in toks[i + 1:i + 7] if t.startswith("[") or t.lower() not in FILLER]
        if tok in WEAK_VERBS or not (slot or ACTION_RE.fullmatch(tok)) or not obj:
            continue
        head = obj[0].lower()
        # "ansvaret for vagtplanen": an abstract word tied to a concrete thing is concrete
        k = next((j for j in range(i + 1, len(low)) if toks[j] == obj[0]), len(low))
        tied = k + 2 < len(low) and low[k + 1] in ("for", "af") and low[k + 2] not in FILLER \
            and not any(a in low[k + 2] for a in ABSTRACT)
        if any(w in NEGATIONS for w in low[max(0, i - 3):i]) and ERROR_WORDS.search(head):
            found = found or "negated"
        elif (any(a in head for a in ABSTRACT) or re.search(r"hed(?:en|er)?$", head)) \
                and not _number(clause, english) and not tied:
            found = found or "abstract"
        elif tok in ("lære", "lærer", "learn") and len(obj) == 1 and not _number(clause, english):
            found = found or "abstract"  # "lære excel": a subject, not what you will be able to do
        else:
            return "action", " ".join(toks[i:i + 4])
    return found, ""


def _deliverable(clause: str) -> str:
    """First deliverable noun in singular ("en rapport", "certificeringen"); plain plurals are activity."""
    return next((m.group(0) for m in MEASURE_RE.finditer(clause)
                 if not re.search(r"(?:er|erne)$", m.group(0), re.I)), "")


def _vague(clause: str, english: bool) -> str:
    m = VAGUE_RE.search(clause)
    if not m or (COMPARATIVE_RE.fullmatch(m.group(0)) and _number(clause, english)):
        return ""
    return m.group(0)


# --- public API ------------------------------------------------------------------------------------


def check_goal(text: str) -> SmartCheck:
    """Judge a (Danish or English) goal on the five SMART criteria, with a Danish reason for each."""
    raw = (text or "").strip()
    clean = strip_injection(raw)
    if not clean:
        why = "Teksten indeholder kun instruktioner til systemet, ikke et mål." if raw else \
            "Der er ikke skrevet noget mål."
        return SmartCheck(specific=False, measurable=False, achievable=False, relevant=False,
                          time_bound=False, reasons={c: why for c in CRITERIA})
    en = _is_english(clean)
    clauses = [c.strip() for c in CLAUSE_SPLIT_RE.split(clean) if c and c.strip()]
    vague = [v for c in clauses if (v := _vague(c, en))]
    sharp = [c for c in clauses if not _vague(c, en)]
    r: dict[str, str] = {}

    kinds = [_action(c, en) for c in sharp]
    act = next((ev for k, ev in kinds if k == "action"), "")
    if not act and (target := TARGET_RE.search(clean)):
        act = target.group(0)
    deliverable = next((d for c in sharp if (d := _deliverable(c))), "")
    position = POSITION_RE.search(clean)
    if not act and not deliverable and position:
        deliverable = position.group(0)
    found = {k for k, _ in kinds}
    r["specific"] = (
        f"Konkret handling: «{act}»." if act else f"Konkret leverance: «{deliverable}»." if deliverable
        else f"«{vague[0]}» er en mulighed, ikke en beslutning – hvad vil du konkret gøre?"
        if vague and vague[0].lower() in HEDGES
        else f"«{vague[0]}» er en retning, ikke en konkret handling – hvad vil du gøre?" if vague
        else "Målet siger, hvad der ikke må ske, men ikke hvad du konkret vil gøre." if "negated" in found
        else "Handlingen retter sig mod noget abstrakt – hvad skal konkret ændres?" if "abstract" in found
        else "Der mangler en konkret handling: hvad vil du gøre, og med hvad?")

    ev = next(iter(_placeholders(clean, MEASURE_PLACEHOLDER)), "")
    if not ev and (m := _number(clean, en) or RHYTHM_RE.search(clean) or LEVEL_RE.search(clean)):
        ev = m.group(0).strip()
    for c in sharp if not ev else ():
        m = COMPLETION_RE.search(c) or PLAN_RE.search(c)
        if ev := (_snippet(c, m.start(), 3) if m else _deliverable(c)):
            break
    if not ev and position:
        ev = position.group(0)
    r["measurable"] = f"Kan måles via «{ev}»." if ev else \
        "Intet tal, niveau, bevis eller leverance viser, hvornår målet er nået."

    over, needs = OVERREACH_RE.search(clean), APPROVAL_RE.search(clean)
    tie, private = TIE_RE.search(clean), PRIVATE_RE.search(clean)
    if needs and private and not tie:
        needs = None  # saving up your own money is no one else's yes
    r["achievable"] = (
        f"«{_snippet(clean, over.start(), 6)}» lover mere, end nogen kan holde – vælg et realistisk niveau."
        if over else
        f"«{_snippet(clean, needs.start(), 5)}» kræver, at din leder eller andre siger ja (tid, penge eller en "
        "beslutning). Aftal det i MUS'en, så målet bliver accepteret." if needs else
        "Intet tyder på overambition, og målet ser ud til at kunne nås af dig selv; tjek tid og ressourcer med "
        "din leder.")

    r["relevant"] = (
        f"Hænger sammen med arbejdet via «{tie.group(0)}»." if tie
        else f"Ser privat ud («{private.group(0)}») – hvordan hænger det sammen med dit job?" if private
        else "Arbejdsrelateret, men koblingen til dine opgaver eller dit team står ikke i teksten – kan ikke "
        "vurderes fuldt uden at kende din rolle." if WORK_RE.search(clean)
        else "Kan ikke vurderes ud fra teksten; skriv, hvilken opgave eller hvem målet gavner.")

    tm, tph, rhythm = TIME_RE.search(clean), _placeholders(clean, TIME_PLACEHOLDER), RHYTHM_RE.search(clean)
    r["time_bound"] = (
        f"Tidsramme: «{tph[0] if tph else _snippet(clean, tm.start())}»." if tm or tph
        else f"Der er en rytme («{rhythm.group(0)}»), men ingen slutdato eller horisont." if rhythm
        else "Ingen dato eller tidshorisont – hvornår skal målet være nået?")
    return SmartCheck(specific=bool(act or deliverable), measurable=bool(ev), achievable=over is None and needs is None,
                      relevant=bool(tie or not private), time_bound=bool(tm or tph), reasons=r)


_REASON_RE = re.compile(r"\b(?:fordi|så (?:jeg|vi|at|teamet|kunderne|afdelingen)|for at|since|because|so that|so I)\b[^.;!?]*", re.I)


def must_keep(text: str) -> list[str]:
    """What a rewrite must still say in the user's own words: the deadline and the reason, as written."""
    clean = strip_injection(text or "")
    keep = [_snippet(clean, m.start(), 4) for m in TIME_RE.finditer(clean)][:2]
    keep += [" ".join(m.group(0).split()[:8]).rstrip(",") for m in _REASON_RE.finditer(clean)][:1]
    return [k for k in dict.fromkeys(keep) if k]


def responsibility(text: str) -> str:
    """A suggested split of who does what (employee / manager), with placeholders instead of facts."""
    clean = strip_injection(text or "")
    if LEARNING_RE.search(clean):
        you = "finder et relevant kursus eller forløb, sender forslaget til din leder, melder dig til og fortæller om det lærte"
        boss = "godkender tid og eventuelt budget og hjælper dig med at bruge det lærte i en konkret opgave"
    elif re.search(r"\b(?:oplær\w*|underv\w*|mentor\w*|træne|lede)\b", clean, re.I):
        you = "planlægger forløbet, aftaler tider med dem, det gælder, og giver status undervejs"
        boss = "sikrer, at der er tid til det i planlægningen, og giver dig sparring"
    else:
        you = "driver målet, lægger de konkrete skridt i kalenderen og giver status på jeres 1:1"
        boss = "afsætter tid og ressourcer, giver sparring og hjælper med at fjerne forhindringer"
    return f"Du (medarbejder): {you}.\nDin leder: {boss}."


def follow_up(text: str) -> str:
    """A suggested follow-up point, anchored in the user's own time expression when there is one."""
    clean = strip_injection(text or "")
    tph, tm = _placeholders(clean, TIME_PLACEHOLDER), TIME_RE.search(clean)
    if tm or tph:
        when = tph[0] if tph else _snippet(clean, tm.start())
        return f"Følg op på en 1:1 med din leder halvvejs til deadline («{when}»), og gør status op ved fristen."
    if rhythm := RHYTHM_RE.search(clean):
        return f"Aftal en slutdato, og følg op på jeres næste 1:1: holder rytmen («{rhythm.group(0)}»)?"
    return "Aftal en deadline, og følg op på jeres næste 1:1 og igen halvvejs til deadline."
