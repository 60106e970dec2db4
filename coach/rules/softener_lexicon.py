"""Lexicon for the decoder of indirect Danish feedback (see ``coach.rules.softeners``).

Every entry is a small, token-level regular expression (matched case-insensitively inside one
sentence) with a stable category id, a strength, a plain-Danish meaning and a set of guards that say
when the entry must stay silent. Patterns are written with optional filler words and inflection
groups rather than fixed strings, so word order and inflection vary freely: the hedge entry for
"overveje" matches "overvej", "overvejer", "overvejes", "overvejelse" ..., and the engine then widens
the span over neighbouring soft words ("måske", "kunne", "du", "evt." ...), so "Måske kunne du
overveje", "Kunne du måske overveje", "Du kunne overveje" and "overvej evt." all give one finding.

Guards (names in ``Entry.guards``):

* ``logistics``   - silent when the sentence is practical information (meetings, times, rooms, days)
  unless it also speaks to "du" about how something should improve.
* ``logistics_soft`` - the same, but any word for the person addressed is enough to keep the hit
  (for strong hedges: "Du kunne overveje at sende planen ud om fredagen" is still advice).
* ``context``     - needs a word for the person addressed (du, dig, din ..., or the generic "man")
  or an improvement/criticism cue in the sentence.
* ``you``         - needs a word for the person addressed (du, dig, din, dit, dine, jer, jeres, man).
* ``improvement`` - needs an improvement/criticism cue (comparatives, "for sent", "fejl", "husk" ...).
* ``criticism``   - needs a criticism cue (narrower than improvement: comparatives, "for sent", "fejl").
* ``signal``      - needs an improvement cue, a fault adjective, a habit word ("ofte") or a negation.
* ``praise_tail`` - silent when the rest of the sentence is praise with no criticism cue
  ("Flere kunder har rost dig ...", "Jeg har hørt, at du er dygtig").
* ``opportunity`` - silent when the sentence is about an opportunity (a role, a course, more
  responsibility) and carries no core criticism cue ("Har du overvejet at søge stillingen?").
* ``request``     - silent for a plain polite request ("Kan du måske sende filen?").
* ``question``    - needs the sentence to end with "?".

``not_after`` is a regex that must not match the text right before the hit (``ikke ok`` is direct,
``slet ikke dårligt`` is praise); ``not_before`` must not match the text right after it
(``det er helt ok, at du går tidligt`` is a permission, not a lukewarm verdict); ``not_inside`` must
not match the hit itself. A named group ``q`` in a pattern narrows the quote to that group (the rest is context only).
``boost`` raises a weak entry to "middel" when the sentence carries an
improvement cue. Meanings may use ``{focus}`` (what the softened remark is about).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------------
# Categories
# --------------------------------------------------------------------------------------------
HEDGE = "hedge"
DISTANCING = "distancing"
MINIMISER = "minimiser"
PRAISE_BUT = "praise_but"
SANDWICH = "sandwich"
QUESTION = "question_as_criticism"
UNDERSTATEMENT = "understatement"
FUTURE = "future_framing"
JUMP = "jump_to_solution"

CATEGORIES = (HEDGE, DISTANCING, MINIMISER, PRAISE_BUT, SANDWICH, QUESTION, UNDERSTATEMENT, FUTURE, JUMP)

#: Short Danish names, used in summaries and prompts.
CATEGORY_LABELS: dict[str, str] = {
    HEDGE: "forbehold",
    DISTANCING: "afstand (kritikken lægges i andres mund)",
    MINIMISER: "formindskelse",
    PRAISE_BUT: "ros efterfulgt af »men«",
    SANDWICH: "feedback-sandwich",
    QUESTION: "kritik som spørgsmål",
    UNDERSTATEMENT: "underdrivelse",
    FUTURE: "»fremover«-indpakning",
    JUMP: "spring direkte til løsningen",
}

#: Default meaning per category (an entry may bring its own). ``{focus}`` is filled in by the engine.
DEFAULT_MEANINGS: dict[str, str] = {
    HEDGE: "Det er formuleret som et forsigtigt forslag, men din leder ønsker sandsynligvis, at du "
    "gør noget anderledes her.",
    DISTANCING: "Kritikken lægges i munden på andre. Det er uklart, hvem der mener det, og om din "
    "leder selv er enig – men at det bliver nævnt, betyder, at det tages alvorligt.",
    MINIMISER: "Ordvalget gør kritikken mindre, end den måske er. Det kan godt være en lille ting, "
    "men din leder har valgt at tage den op.",
    PRAISE_BUT: "Rosen før »men« er sikkert ærligt ment, men det er delen efter, din leder især vil "
    "have dig til at høre: »{focus}«.",
    SANDWICH: "Kritikken er lagt ind mellem to lag ros. Det er midten, der er budskabet: »{focus}«.",
    QUESTION: "Det lyder som et åbent spørgsmål, men din leder har formentlig allerede et svar: at "
    "det kunne være gjort anderledes.",
    UNDERSTATEMENT: "Et lunkent eller underspillet ord. Din leder er nok ikke utilfreds, men heller "
    "ikke imponeret – der var forventet mere.",
    FUTURE: "Når noget skal være anderledes fremover, er det typisk fordi, det ikke har fungeret "
    "hidtil. Der ligger en kritik af det, der er sket.",
    JUMP: "Samtalen springer direkte til en løsning, uden at problemet er sagt højt. Der ligger en "
    "kritik bag, som du bør få sat ord på, før I aftaler noget.",
}

#: Clarifying question per category (du-form, ends with "?"). ``{focus}`` = what the remark is
#: about, ``{quote}`` = the quoted span.
QUESTION_TEMPLATES: dict[str, str] = {
    HEDGE: "Når du siger »{focus}«, er det så et forslag eller en forventning – og kan du give et "
    "eksempel på en situation, hvor det havde gjort en forskel?",
    DISTANCING: "Kan du give et eksempel på en konkret situation, du tænker på, når du nævner "
    "»{focus}« – og er det også noget, du selv har oplevet?",
    MINIMISER: "Du siger »{quote}« – hvor stor en ændring tænker du på, og kan du give et eksempel "
    "på, hvornår det har været et problem?",
    PRAISE_BUT: "Hvis jeg skal tage én ting med herfra, er det så »{focus}« – og kan du give et "
    "konkret eksempel på, hvor du har set det?",
    SANDWICH: "Hvis jeg skal tage ét budskab med fra det her, er det så »{focus}« – og kan du give et "
    "konkret eksempel på, hvor du har set det?",
    QUESTION: "Når du spørger »{focus}«, har du så selv en bestemt holdning til det – og kan du give "
    "et eksempel på, hvad du gerne havde set, jeg gjorde anderledes?",
    UNDERSTATEMENT: "Når du siger »{quote}«, hvad skulle der så til, for at du ville kalde det "
    "rigtig godt – kan du give et eksempel?",
    FUTURE: "Når du siger »{quote}«, er der så en konkret situation, hvor det ikke gik, som du "
    "forventede – kan du give et eksempel?",
    JUMP: "Inden vi taler om løsninger: Hvad er det helt konkret, du har oplevet, som ikke fungerer "
    "– kan du give et eksempel?",
}

STRENGTHS = ("svag", "middel", "stærk")

# --------------------------------------------------------------------------------------------
# Pattern helpers
# --------------------------------------------------------------------------------------------
TOKEN = r"[^\s,.;:!?»«\"()]+"  # one word, no punctuation


def alt(*words: str) -> str:
    """Non-capturing alternation; a literal space in a word matches any run of whitespace."""
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + ")"


def fill(*words: str) -> str:
    """Zero or more optional filler words from ``words``, each followed by whitespace."""
    return rf"(?:{alt(*words)}\s+)*"


def gap(n: int) -> str:
    """Up to ``n`` arbitrary words (lazy), each followed by whitespace; never crosses punctuation."""
    return rf"(?:{TOKEN}\s+){{0,{n}}}?"


MODAL = alt("kunne", "kan", "ville", "vil", "burde", "bør", "skulle", "skal", "måtte", "må")
SOFT_FILL = fill("måske", "nok", "godt", "også", "jo", "vel", "egentlig", "sikkert", "faktisk",
                 "virkelig", "muligvis", r"evt\.", "eventuelt", "lige", "altid", "sagtens")
YOU = alt("du", "I")
EVT = r"evt\."  # the abbreviation, as a pattern

# Comparatives: explicit list plus the -igere/-ligere adjective family (hurtigere, tydeligere).
COMPARATIVE = alt(
    "mere", "mindre", "bedre", "værre", "færre", "oftere", "senere", "tidligere", "kortere",
    "længere", "klarere", "nemmere", "lettere", "roligere", "skarpere", "stærkere", "strammere",
    "enklere", "højere", "lavere", "større", "hellere", "grundigere", "sikrere", "bredere",
    "smallere", "dybere", "stillere", "synligere", "åbnere", "venligere",
    r"(?!korrigere\b|redigere\b|navigere\b)\w+igere",
)

# Adjectives that, after "lidt / en smule", name a fault.
NEG_ADJ = alt(
    r"sen[te]?", "før", r"rodet\w*", r"uklar\w*", r"utydelig\w*", "stille", r"tilbageholdende",
    r"langsom\w*", r"hård\w*", r"kort[e]?", r"lang[et]?", r"svær\w*", r"uheldig\w*",
    r"uoverskuelig\w*", r"forvirr\w*", "presset", "stresset", "fraværende", r"hurtig[te]?",
    "kontant", "bramfri", r"negativ\w*", r"kritisk\w*", r"uopmærksom\w*", r"sjusk\w*",
    r"overfladisk\w*", r"løs[te]?", r"tynd[te]?", r"mangelfuld\w*", r"usikker\w*", r"lukket",
    r"ufleksib\w*", r"stiv[te]?", r"distanceret", r"træg[te]?", "bagud", r"uforberedt\w*",
    r"ustruktur\w*", r"ufokuser\w*", r"utålmodig\w*", r"irriter\w*", r"opfarende",
    r"dominerende", r"voldsom\w*", r"omstændelig\w*", r"ujævn\w*", "svingende", r"uorganiser\w*",
    r"unøjagtig\w*", r"upræcis\w*", r"skødesløs\w*", r"afvisende", r"defensiv\w*", r"snæver\w*",
    r"kort\s+for\s+hovedet", r"i\s+overkanten", r"i\s+underkanten", r"ved\s+siden\s+af",
    r"ude\s+af\s+trit", r"under\s+niveau",
)

# --------------------------------------------------------------------------------------------
# Sentence-level cues (used by guards and by the structural rules)
# --------------------------------------------------------------------------------------------
#: The person addressed: second person, and the generic "man" that Danish feedback uses for "du".
SECOND_PERSON_RE = re.compile(r"\b(?:du|dig|din|dit|dine|jer|jeres|man)\b", re.IGNORECASE)

#: Criticism cues: words that say something is not as it should be. The core set leaves out
#: comparatives ("mere ansvar" is an offer, "mere præcise" a wish), the full set includes them.
CRITICISM_CORE = (
    r"for\s+(?:meget|lidt|sent|tidligt|ofte|sjældent|hurtigt|langsomt|længe|lang[et]?|"
    r"kort[e]?|stille|voldsom\w*|hård\w*|overfladisk\w*|uklar\w*|mange|få|detaljeret|rodet)|"
    r"problem\w*|fejl\w*|klage\w*|klagede|mangl\w*|mangelfuld\w*|savne\w*|bekymr\w*|utilfreds\w*|"
    r"svært\s+ved|kritik\w*|afbry\w*|glem\w*|halter|sjusk\w*|rod|rodet|uklar\w*|utydelig\w*|"
    r"ikke\s+(?:altid|helt|nok|godt\s+nok|til\s+tiden|overholdt)|til\s+tiden|i\s+tide|desværre|"
    r"uheldig\w*|skuffe\w*|frustr\w*|irrit\w*|sen[te]?|forsinkelse\w*|misforst\w*|konflikt\w*|uro|"
    r"gnidning\w*|uenighed\w*|længe"
)
CRITICISM_WORDS = COMPARATIVE + "|" + CRITICISM_CORE
CRITICISM_RE = re.compile(r"\b(?:" + CRITICISM_WORDS + r")\b", re.IGNORECASE)
CRITICISM_CORE_RE = re.compile(r"\b(?:" + CRITICISM_CORE + r")\b", re.IGNORECASE)

#: Improvement cues: criticism cues plus words that point at a wished-for change.
IMPROVEMENT_WORDS = (
    r"husk\w*|sørg\w*\s+for|opmærksom\w*|undgå\w*|tydelig\w*|grundig\w*|præcis\w*|struktur\w*|"
    r"forbered\w*|fokus\w*|prioriter\w*|lyt\w*|involver\w*|kommunik\w*|feedback|tilbagemelding\w*|"
    r"overblik\w*|dokument\w*|kvalitet\w*|tjek\w*|dobbelttjek\w*|deadline\w*|frist\w*|aftal\w*|"
    r"besked|informer\w*|opdater\w*|tone\w*|samarbejd\w*|hurtig\w*|løsning\w*|valg(?:et)?|"
    r"beslutning\w*|vurdering\w*|(?:jeg\s+vil|vil\s+jeg)\s+(?:\w+\s+)?gerne\s+have|"
    r"jeg\s+forventer|forventer\s+jeg|jeg\s+ønsker|ønsker\s+jeg"
)
IMPROVEMENT_RE = re.compile(r"\b(?:" + CRITICISM_WORDS + "|" + IMPROVEMENT_WORDS + r")\b", re.IGNORECASE)

#: Signal cues: improvement words, fault adjectives, habits ("du ofte", "altid") and negation.
#: Used where the sentence must say *something* evaluative ("Jeg har hørt, at du er blevet far" is not).
SIGNAL_RE = re.compile(
    r"\b(?:" + CRITICISM_WORDS + "|" + IMPROVEMENT_WORDS + "|" + NEG_ADJ[3:-1]
    + r"|ofte|tit|altid|aldrig|hele\s+tiden|gang\s+på\s+gang|igen\s+og\s+igen|gentagne\s+gange|ikke)\b",
    re.IGNORECASE,
)

#: Faults and habits: fault adjectives plus "ofte", "tit", "altid", "hele tiden" (no bare "ikke").
FAULT_RE = re.compile(
    r"\b(?:" + NEG_ADJ[3:-1] + r"|ofte|tit|altid|aldrig|hele\s+tiden|gang\s+på\s+gang|"
    r"igen\s+og\s+igen|gentagne\s+gange|trækker\s+ud)\b",
    re.IGNORECASE,
)

#: Practical information: meetings, times, places, days. Only a guard, never a finding.
LOGISTICS_RE = re.compile(
    r"\b(?:\w*møde(?:t|r|rne|s|rnes)?|mødes|\w*mødelokal\w*|lokale\w*|kantine\w*|kl\.|klokken|"
    r"(?:man|tirs|ons|tors|fre|lør|søn)dag\w*|januar|februar|marts|april|maj|juni|juli|august|"
    r"september|oktober|november|december|\w*frokost\w*|parker\w*|kalender\w*|invitation\w*|"
    r"book\w*|aflys\w*|flytte[st]?|flyttet|ferie\w*|vagtplan\w*|dato\w*|tidspunkt\w*|adresse\w*|"
    r"zoom|teams|online|kaffe\w*|kage\w*|bus\w*|toget|i\s+morgen|uge\s+\d+|link\w*|"
    r"kursus\w*|rampe\w*|nøgle\w*|lokal\w*)\b|\b\d{1,2}[.:]\d{2}\b",
    re.IGNORECASE,
)

#: Opportunities (roles, courses, responsibility): guards against reading an offer as criticism.
OPPORTUNITY_RE = re.compile(
    r"\b(?:ansvar\w*|stilling\w*|rolle\w*|forfremme\w*|lønforhøjelse\w*|søge|ansøge|"
    r"efteruddannelse\w*|uddannelse\w*|kursus\w*|kurser\w*|certificering\w*|mulighed\w*|"
    r"tovholder\w*|teamleder\w*|koordinator\w*|mentor\w*|talent\w*|lederstilling\w*)\b",
    re.IGNORECASE,
)

#: Praise cues. A cue preceded (within three words) by a negation does not count.
PRAISE_RE = re.compile(
    r"\b(?:godt|god|gode|flot\w*|fin|fint|fine|dygtig\w*|super\w*|fantastisk\w*|fremragende|"
    r"imponer\w*|stærk|stærkt|stærke|glad|glade|gladere|tilfreds\w*|ros|roser|rost|"
    r"anerkend\w*|værdsæt\w*|sætter\s+(?:\w+\s+)?pris\s+på|tak|takket|engage\w*|solid\w*|"
    r"positiv\w*|kompetent\w*|vellykket\w*|pålidelig\w*|dejlig\w*|begejstr\w*|stolt\w*|"
    r"præcis\w*|grundig\w*|glæde\w*|trives|bidrag\w*|vigtig|vigtige|uundværlig\w*|"
    r"forbilledlig\w*|bedste|har\s+(?:\w+\s+)?styr\s+på|hjælpsom\w*|vellidt|afholdt|populær\w*|"
    r"(?:stor|god|uvurderlig)\s+hjælp|venlig\w*|elsk\w*|ro|rolig\w*|nærvær\w*|"
    r"skarp|skarpe|sej|seje|værdifuld\w*|inspirer\w*|lykkedes|succes\w*|kan\s+regne\s+med)\b",
    re.IGNORECASE,
)
NEGATION_BEFORE_RE = re.compile(
    r"\b(?:ikke|aldrig|ingen|intet|hverken|knap\s+så|mindre)\s+(?:\S+\s+){0,2}$", re.IGNORECASE
)

#: A polite request ("Kan du måske sende ...?") - not criticism unless improvement cues say so.
REQUEST_RE = re.compile(r"^\s*(?:kan|kunne|vil|ville|gider|må)\s+(?:du|I)\b", re.IGNORECASE)

#: Turn words that, inside a sentence, follow praise and introduce the real message.
PIVOT_IN_SENTENCE_RE = re.compile(
    r"(?:,\s*|\s+)(?:men|dog|selvom|selv\s+om|omend|bortset\s+fra|bare|blot)\s+", re.IGNORECASE
)
#: An obligation after "men" ("men kassedifferencerne skal ned") is a demand, not more praise.
OBLIGATION_RE = re.compile(
    r"\b(?:skal|skulle|bør|burde|må|mangler|manglede|kræver|nødt|nødvendig\w*|forventer|forventes)\b",
    re.IGNORECASE,
)
#: "men også", "men især" add praise rather than turn it.
PIVOT_ADDITIVE_RE = re.compile(r"^(?:også|især|ikke\s+mindst|tillige|samtidig\s+også)\b", re.IGNORECASE)
#: Sentence openers that turn after a praising sentence.
PIVOT_OPENER_RE = re.compile(
    r"^\s*(?:men|dog|omvendt|til\s+gengæld|desværre|når\s+det\s+(?:så\s+)?er\s+sagt|"
    r"det\s+eneste|min\s+eneste|hvis\s+jeg\s+skal\s+(?:pege\s+på|nævne|sige|være\s+(?:helt\s+)?"
    r"(?:ærlig|kritisk)))\b",
    re.IGNORECASE,
)
#: Words inside a non-praising sentence that mark a turn away from the praise before it.
TURN_WORD_RE = re.compile(r"\b(?:dog|desværre|men|derimod)\b", re.IGNORECASE)

#: Soft words the engine may absorb on either side of a hedge (so word order does not matter).
HALO_WORDS = frozenset({
    "måske", "muligvis", "evt.", "evt", "eventuelt", "kunne", "kan", "ville", "vil", "burde", "bør",
    "skulle", "du", "man", "vi", "i", "det", "godt", "jo", "lige", "nok", "også", "gerne",
    "sikkert", "vel", "selv", "dog", "egentlig", "fremover", "sagtens", "altså",
})

# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: a compiled-on-demand pattern plus how to report and when to stay silent."""

    id: str
    category: str
    pattern: str
    strength: str
    meaning: str = ""
    guards: frozenset[str] = field(default_factory=frozenset)
    halo: bool = False
    boost: bool = False
    not_after: str | None = None
    not_before: str | None = None
    not_inside: str | None = None

    def compiled(self) -> re.Pattern[str]:
        return _compile(self.pattern)


_CACHE: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern, re.IGNORECASE)
    return _CACHE[pattern]


def E(id: str, category: str, pattern: str, strength: str, meaning: str = "", *, guards: str = "",
      halo: bool = False, boost: bool = False, not_after: str | None = None,
      not_before: str | None = None, not_inside: str | None = None) -> Entry:
    """Shorthand constructor; ``guards`` is a space-separated list."""
    return Entry(id, category, pattern, strength, meaning, frozenset(guards.split()), halo, boost,
                 not_after, not_before, not_inside)


NEG_PREFIX = r"\b(?:ikke|aldrig|ingen)\s+(?:\S+\s+)?$"  # a negation just before the hit
EMPHATIC_NEG = r"\b(?:slet|overhovedet|bestemt|absolut|langtfra|fra|virkelig|på\s+ingen\s+måde)\s+$"
PERMISSION_AFTER = r"^\s*,?\s*(?:at|hvis|med\s+(?:mig|os)|for\s+(?:mig|os)|til\s+(?:mig|os))\b"
FIRST_PERSON_BEFORE = r"\b(?:jeg|vi)\s+(?:\S+\s+){0,2}$"

# Optional filler words between the parts of a pattern.
TRY_FILL = fill("lige", EVT, "eventuelt", "måske", "også", "gerne", "engang", "fremover")
COUNTERFACTUAL_SOFT = alt("godt", "sagtens", "nok", "måske", EVT, "også", "med fordel", "jo", "vel")
WISH_FILL = fill("godt", "rigtig", "rigtigt", "gerne", "egentlig", "virkelig", "også", "meget")
MAN_FILL = fill("godt", "jo", "nok", "måske", "også", "til tider", "nogle gange")
MAN_SOFT = alt("jo", "godt", "måske", "nok", "evt", EVT, "eventuelt", "sagtens", "med fordel")
PERCEPTION_FILL = fill("godt", "nogle gange", "til tider", "somme tider", "sommetider", "let", "nemt", "hurtigt",
                       "måske", "af og til", "ind imellem")
ASK_FILL = fill("nogensinde", "egentlig", "overhovedet", "selv", "måske", EVT, "også", "nogen sinde")
WE_FILL = fill("så", "nu", "sammen", "i fællesskab", "bedst", "fremover", "lige", "egentlig", "to", "måske")

#: Who: "nogle", "flere i teamet", "et par af svendene", "en enkelt kollega" (not "nogle gange").
QUANT = (
    r"\b(?:nogle(?!\s+gange)|nogen|flere(?!\s+gange)|enkelte(?!\s+gange)|visse|mange|andre|"
    r"et\s+par(?:\s+stykker)?(?!\s+gange)|en\s+del|ikke\s+alle|en\s+(?:enkelt|kollega|kunde|borger|"
    r"forælder|medarbejder|beboer|elev|pårørende))"
)
#: Up to five words (no "jeg/vi/og/men") between the who and the verb, commas allowed.
QUANT_GAP = (
    r"(?:,?\s+(?!(?:jeg|vi|og|men)\b)[^\s.;:!?»«]+){0,5}?,?\s+"
    r"(?:har\s+|kan\s+|vil\s+|havde\s+)?(?:også\s+|nok\s+)?"
)
#: Verbs of perceiving or complaining: on their own a sign of reported criticism.
PERCEIVE_STRONG = (
    r"(?:oplev\w*|syn(?:es|tes)|føl(?:er|te|t)|bemærk\w*|påpeg\w*|undre\w*|reager\w*|savn\w*|"
    r"efterlys\w*|klag\w*|g[iae]v(?:et|er)?\s+udtryk|meld\w*\s+tilbage|peg\w*\s+på|opfatte\w*|"
    r"haft\s+svært|har\s+svært|været\s+(?:lidt\s+)?(?:utilfredse|frustrerede|i\s+tvivl))"
)
#: Plain reporting verbs: only criticism when the sentence also evaluates something.
PERCEIVE_WEAK = r"(?:nævn\w*|sag(?:t|de)|siger|fortæl\w*|fortalt\w*|mener|ment|henvendt|tænker|tænkt)"

#: What a jump to solutions wants to do ("sikre", "undgå", "få styr på" ...).
JUMP_VERBS = (
    r"(?:sikre|undgå|forbedre|løse|ændre|vende|rette\s+op|komme\s+videre|blive\s+bedre|"
    r"hjælpe\s+dig|støtte\s+dig|understøtte|styrke|løfte|stramme\s+op|tage\s+hånd|"
    r"(?:få\s+)?(?:styr\s+på|rettet|løst|vendt|\w+\s+til\s+at)|få\s+det|gøre\s+\w+\s+(?:bedre|anderledes|nemmere)|"
    r"finde\s+en\s+løsning|videre|i\s+mål)\b"
)

ENTRIES: tuple[Entry, ...] = (
    # ---------------------------------------------------------------- hedges / modal softeners
    # "overvej" in all its forms: "kunne du måske overveje", "det kunne overvejes", "overvej evt.".
    E("hedge.overveje", HEDGE, r"\b(?:overvej(?:e|er|es|et|ede|else|elser|elsen)?)\b", "middel",
      "»Overvej« lyder frivilligt, men det er ofte en høflig måde at sige, at din leder gerne vil "
      "have, at du gør det anderledes.",
      guards="logistics_soft opportunity", halo=True,
      not_after=r"(?:\b(?:har|havde)\s+(?:du|I)\s+(?:\S+\s+)?|\bjeg\s+(?:har\s+|havde\s+|er\s+)?)$"),
    # The article's "det kunne være en fordel"; also "det ville være godt", "ville det være en idé",
    # "det havde været rart", "det kan være en hjælp".
    E("hedge.det_kunne_vaere", HEDGE,
      rf"\b(?:(?:det|der)\s+{MODAL}\s+{SOFT_FILL}(?:have\s+)?(?:være|været|blive)|{MODAL}\s+det\s+"
      rf"{SOFT_FILL}(?:have\s+)?(?:være|været|blive)|(?:det|der)\s+havde\s+{SOFT_FILL}været)\s+"
      rf"{fill('en', 'et', 'rigtig', 'rigtigt', 'meget', 'ret', 'lidt', 'så', 'helt', 'stor', 'god')}"
      r"(?:fordel\w*|godt|rart|dejligt|fint|id[ée]|smart|hensigtsmæssigt|gavnligt|værd|nyttigt|"
      r"hjælp\w*|oplagt|klogt|bedre|plus|gevinst|tanke|løft|styrke|ting|at\s+foretrække)\b",
      "middel",
      "Et ønske formuleret som en fordel. Din leder vil sandsynligvis gerne have, at du ændrer "
      "det her – det er mere end en løs idé.",
      guards="logistics_soft praise_tail", halo=True),
    # "det er (nok) en god idé at", "det er værd at", "det er en fordel, hvis".
    E("hedge.det_er_ide", HEDGE,
      rf"\bdet\s+er\s+{fill('måske', 'nok', 'sikkert', 'altid', 'jo', 'vel', 'nu')}"
      r"(?:en\s+(?:rigtig\s+)?(?:god\s+)?id[ée]|en\s+fordel|værd\s+at)\b",
      "svag", guards="logistics context", boost=True),
    # "med fordel": "du kan med fordel ..." usually means: this is expected and missing today.
    E("hedge.med_fordel", HEDGE, r"\bmed\s+fordel\b", "middel",
      "»Med fordel« lyder som et tilbud, men betyder ofte, at det forventes – og at det mangler i dag.",
      guards="logistics_soft", halo=True),
    # Imperative "prøv at", "forsøg at" (also with "lige", "evt.").
    E("hedge.proev_imperativ", HEDGE,
      rf"\b(?:prøv|forsøg)\s+{TRY_FILL}at\b",
      "middel",
      "»Prøv at« lyder som et godt råd, men peger på noget, din leder synes ikke fungerer i dag.",
      guards="logistics praise_tail", halo=True),
    # "du kunne prøve at", "kan du forsøge at" (not "jeg vil prøve at").
    E("hedge.proeve_at", HEDGE,
      rf"\b(?:prøve|forsøge)\s+{TRY_FILL}at\b",
      "middel",
      "»Prøve at« lyder som et godt råd, men peger på noget, din leder synes ikke fungerer i dag.",
      guards="you logistics praise_tail", halo=True, not_after=FIRST_PERSON_BEFORE),
    # Bare "måske", "muligvis", "evt." - only where the sentence is about you or an improvement.
    E("hedge.maaske", HEDGE, r"(?:\b(?:måske|muligvis|eventuelt)\b|\bevt\.?(?!\w))", "svag",
      "»Måske« tager brodden af budskabet. Bag forbeholdet ligger ofte et reelt ønske om forandring.",
      guards="context logistics praise_tail request", halo=True, boost=True),
    # "du kunne godt være mere synlig", "kunne du måske", "du burde nok": a suggestion in a modal.
    E("hedge.du_kunne_godt", HEDGE,
      rf"\b(?:(?:du|I)\s+(?:kunne|burde)|(?:kunne|burde)\s+(?:du|I))\s+"
      rf"(?:{alt('godt', 'måske', 'nok', EVT, 'eventuelt', 'sagtens', 'med fordel', 'jo', 'vel', 'evt')}\s+)+",
      "middel",
      "»Du kunne godt« lyder som et forslag, men er ofte en høflig måde at sige, hvad din leder forventer.",
      guards="logistics_soft request praise_tail opportunity", halo=True),
    # Plain conditional "du kunne ..." - only next to an improvement cue ("du kunne bruge mere tid på").
    E("hedge.du_kunne", HEDGE, r"\b(?:du|I)\s+(?:kunne|burde)\b", "svag",
      "Et forslag i betinget form. Bag det ligger ofte et ønske om, at du gør det anderledes.",
      guards="improvement logistics request praise_tail opportunity", halo=True, boost=True),
    # Counterfactual advice: "du kunne godt have ringet", "det kunne sagtens have været".
    E("hedge.kunne_have", HEDGE,
      rf"\b(?:kunne|burde)\s+(?:{COUNTERFACTUAL_SOFT}\s+)+have\b",
      "middel",
      "Et »kunne godt have« er en blød måde at sige, at din leder mener, du burde have gjort det.",
      guards="logistics"),
    # A wish in the manager's own voice: "jeg kunne godt tænke mig, at du", "jeg ville sætte pris på".
    E("hedge.jeg_oensker", HEDGE,
      rf"\bjeg\s+(?:kunne|ville|vil)\s+{WISH_FILL}"
      r"(?:tænke\s+mig|ønske|sætte\s+(?:\w+\s+)?pris\s+på|foretrække|se\s+gerne)\b|\bjeg\s+ville\s+ønske\b",
      "middel",
      "Et høfligt formuleret ønske. I praksis er det en forventning til dig.",
      guards="logistics opportunity"),
    # "det ville hjælpe (mig) meget, hvis", "det ville gøre en forskel", "det ville løfte".
    E("hedge.det_ville_hjaelpe", HEDGE,
      rf"\bdet\s+(?:ville|vil|kunne|ku')\s+{fill('også', 'virkelig', 'nok', 'måske', 'godt', 'helt sikkert')}"
      r"(?:hjælpe|gøre\s+en\s+(?:\w+\s+)?forskel|løfte|styrke)\b",
      "middel", guards="logistics praise_tail context"),
    # "det ville klæde dig at ..." - a classic: you lack exactly this today.
    E("hedge.klaede_dig", HEDGE, r"\b(?:ville|vil|kunne)\s+(?:\w+\s+)?klæde\s+(?:dig|jer)\b", "middel",
      "»Det ville klæde dig« er en høflig måde at sige, at du mangler netop det i dag."),
    # "du har en (lille) tendens til" - a pattern the manager has seen more than once.
    E("hedge.tendens", HEDGE, r"\b(?:en\s+)?(?:lille\s+|vis\s+|lidt\s+)?tendens\s+til\b", "middel",
      "»En tendens til« betyder, at din leder har set det flere gange. Det er et mønster, ikke en "
      "enkeltstående episode.",
      guards="context"),
    # Advice framed as the manager's own choice: "hvis jeg var dig", "i dit sted", "jeg ville nok".
    E("hedge.hvis_jeg_var_dig", HEDGE,
      r"\b(?:hvis\s+jeg\s+var\s+dig|i\s+dit\s+sted|jeg\s+ville\s+(?:nok|selv|personligt|nok\s+selv)\s+"
      r"(?:have|nok|\w+e\b))",
      "middel",
      "Et råd i din leders eget navn. Det er som regel en ret tydelig anbefaling.",
      guards="logistics"),
    # Doubt as a wrapper: "jeg tænker (bare) på, om", "jeg er lidt i tvivl om", "jeg ved ikke, om".
    E("hedge.tvivl", HEDGE,
      rf"\bjeg\s+(?:tænker|tænkte|spekulerer|spekulerede|undrer|undrede)\s+"
      rf"{fill('bare', 'lige', 'mig', 'lidt', 'også', 'egentlig', 'nogle gange')}(?:(?:på|over)\s*,?\s*)?"
      r"(?:om|hvorfor|hvordan)\b|\bjeg\s+er\s+(?:\w+\s+)?i\s+tvivl\s+om\b|\bjeg\s+ved\s+ikke\s*,?\s+om\b",
      "svag",
      "Din leder pakker budskabet ind i tvivl. Bag tvivlen ligger sandsynligvis en holdning.",
      guards="logistics context praise_tail", boost=True),
    # Impressions: "det er mit indtryk, at", "jeg har en fornemmelse af", "jeg fornemmer".
    E("hedge.indtryk", HEDGE,
      r"\b(?:det\s+er\s+mit\s+indtryk|jeg\s+har\s+(?:et\s+|en\s+|det\s+)?(?:indtryk|fornemmelse|"
      r"følelse)(?:\s+af)?|jeg\s+fornemmer|jeg\s+har\s+på\s+fornemmelsen)\b",
      "svag",
      "Et indtryk lyder forsigtigt, men det er din leders egen vurdering – og den er sjældent tilfældig.",
      guards="logistics context praise_tail", boost=True),
    # Advice nouns: "en idé kunne være", "et lille råd", "mit forslag er".
    E("hedge.forslag", HEDGE,
      r"\b(?:en\s+id[ée]|et\s+forslag|en\s+tanke|et\s+(?:godt\s+)?råd|mit\s+(?:bedste\s+)?råd|"
      r"mit\s+forslag)\s+(?:kunne|kan|ville|vil|er|herfra)\b",
      "svag", guards="logistics context", boost=True),
    # A soft directive: "du må gerne blive bedre til".
    E("hedge.maa_gerne", HEDGE, rf"\b(?:du|I)\s+må\s+{fill('meget', 'rigtig', 'også', 'lige', 'fremover')}gerne\b",
      "svag", "»Du må gerne« lyder som en tilladelse, men er ofte en blød opfordring.",
      guards="improvement logistics", boost=True),
    # Reflection prompts: "noget at tænke over", "til eftertanke", "værd at reflektere over".
    E("hedge.eftertanke", HEDGE,
      r"\b(?:noget\s+(?:at|du\s+kan|du\s+kunne)\s+(?:tænke|reflektere)\s+(?:over|på)|til\s+eftertanke|"
      r"værd\s+at\s+(?:tænke|reflektere)\s+over|noget\s+du\s+(?:kan|kunne)\s+tage\s+med\s+dig)\b",
      "svag", guards="logistics", boost=True),
    # ---------------------------------------------------------------- distancing
    # "nogle kolleger har oplevet", "flere i teamet oplever", "enkelte borgere har givet udtryk for".
    E("distancing.kvantor", DISTANCING, rf"{QUANT}{QUANT_GAP}{PERCEIVE_STRONG}\b", "middel",
      "Kritikken lægges i munden på »nogle«. Typisk har din leder hørt det fra flere og deler selv "
      "bekymringen – men du får ikke at vide, hvem eller hvor mange.",
      guards="praise_tail logistics"),
    # Weaker reporting verbs ("nogle har sagt/spurgt") count only next to an evaluative word.
    E("distancing.kvantor_svag", DISTANCING, rf"{QUANT}{QUANT_GAP}{PERCEIVE_WEAK}\b", "middel",
      "Kritikken lægges i munden på »nogle«. Typisk har din leder hørt det fra flere og deler selv "
      "bekymringen – men du får ikke at vide, hvem eller hvor mange.",
      guards="praise_tail logistics signal"),
    # "der er nogle/et par stykker, der synes ...".
    E("distancing.der_er_nogle", DISTANCING,
      rf"\bder\s+er\s+(?:nogle|nogen|flere|enkelte|et\s+par(?:\s+stykker)?|en\s+del|mange|visse)\b"
      rf"[^.;:!?]{{0,60}}?\b(?:der|som)\s+(?:\S+\s+){{0,2}}?{PERCEIVE_STRONG}\b",
      "middel",
      "»Der er nogle, der …« gør kritikken anonym. Det er uklart, hvem det er, men din leder har "
      "valgt at bringe det videre.",
      guards="praise_tail logistics"),
    E("distancing.der_er_nogle_svag", DISTANCING,
      rf"\bder\s+er\s+(?:nogle|nogen|flere|enkelte|et\s+par(?:\s+stykker)?|en\s+del|mange|visse)\b"
      rf"[^.;:!?]{{0,60}}?\b(?:der|som)\s+(?:\S+\s+){{0,2}}?{PERCEIVE_WEAK}\b",
      "middel",
      "»Der er nogle, der …« gør kritikken anonym. Det er uklart, hvem det er, men din leder har "
      "valgt at bringe det videre.",
      guards="praise_tail logistics signal"),
    # Group speaks for itself: "kollegerne oplever", "teamet synes", "borgerne føler".
    E("distancing.gruppe", DISTANCING,
      r"\b(?:kolleger(?:ne)?|kunderne|borgerne|forældrene|beboerne|de\s+pårørende|eleverne|"
      r"brugerne|patienterne|folk|teamet|holdet|afdelingen|resten\s+af\s+(?:teamet|holdet|"
      r"afdelingen|gruppen)|omgivelserne)\s+(?:har\s+|kan\s+|har\s+også\s+)?(?:oplev\w*|syn(?:es|tes)|"
      r"føl(?:er|te|t)|g[iae]v(?:et|er)?\s+udtryk|bemærk\w*|efterlys\w*|savn\w*|undre\w*)\b",
      "svag",
      "Budskabet tilskrives en gruppe. Spørg, om det også er din leders egen oplevelse.",
      guards="praise_tail context logistics", boost=True),
    # Impersonal "man": "man kunne godt ønske sig", "man kan savne".
    E("distancing.man_oensker", DISTANCING,
      rf"\bman\s+(?:kunne|kan|kan\s+godt|kunne\s+godt|ville|vil)\s+{MAN_FILL}"
      r"(?:ønske\s+sig|savne|efterlyse|forvente|håbe|forestille\s+sig)\b",
      "middel",
      "»Man kunne ønske sig« er din leders eget ønske, sagt upersonligt.",
      guards="logistics"),
    E("distancing.man_jo_godt", DISTANCING,
      rf"\bman\s+(?:kunne|kan|burde|bør|skulle|ville)\s+(?:{MAN_SOFT}\s+)+",
      "middel",
      "»Man« gør budskabet upersonligt, men det er sandsynligvis dig, der er tale om.",
      guards="logistics praise_tail opportunity"),
    E("distancing.man", DISTANCING,
      r"\bman\s+(?:kunne|kan|burde|bør|skulle|ville|må|har\s+(?:oplevet|bemærket|hørt|set))\b",
      "svag",
      "»Man« gør budskabet upersonligt, men det er sandsynligvis dig, der er tale om.",
      guards="improvement logistics praise_tail", halo=True, boost=True),
    # Passive report: "det er blevet nævnt", "det bliver sagt", "der er blevet talt om".
    E("distancing.passiv", DISTANCING,
      r"\b(?:det|der)\s+(?:bliver|er\s+blevet|blev|er|har\s+været)\s+"
      r"(?:(?:også|flere\s+gange|et\s+par\s+gange|lidt|nogle\s+gange|igen|fra\s+flere\s+sider)\s+)*"
      r"(?:nævnt|sagt|påpeget|bemærket|fortalt|fremhævet|luftet|bragt\s+op|rejst|talt\s+om|"
      r"snakket\s+om|peget\s+på)\b|\bdet\s+er\s+(?:\w+\s+)?kommet\s+(?:frem|mig\s+for\s+øre|til\s+mit\s+"
      r"kendskab)\b",
      "middel",
      "Nogen har sagt det, men det bliver ikke sagt hvem. Det er sandsynligvis taget alvorligt, selv "
      "om det lyder løst.",
      guards="praise_tail logistics"),
    # Hearsay: "jeg har hørt", "jeg har fået nogle tilbagemeldinger", "der er kommet klager".
    E("distancing.hoert", DISTANCING,
      rf"\bjeg\s+(?:har\s+)?{fill('også', 'lige', 'flere steder', 'fra flere sider', 'nogle gange')}"
      r"(?:hørt|hører|fået\s+at\s+vide|fik\s+at\s+vide)\b|\bjeg\s+(?:har\s+)?(?:fået|får|fik|modtaget)\s+"
      r"(?:\w+\s+){0,2}?(?:tilbagemelding\w*|henvendelse\w*|feedback|klage\w*|input|signaler|"
      r"kommentar\w*)\b",
      "middel",
      "Din leder refererer til noget, andre har sagt, uden at sige hvem. Det er sandsynligvis taget "
      "alvorligt, selv om det lyder som sladder.",
      guards="praise_tail logistics signal", not_before=r"^\s*,?\s*(?:hvad|dig|godt\s+hvad)\b"),
    E("distancing.der_er_kommet", DISTANCING,
      r"\bder\s+(?:er|har\s+været)\s+(?:kommet\s+)?(?:(?:nogle|et\s+par|flere|enkelte|lidt|en\s+del|"
      r"en\s+række|visse)\s+)?(?:tilbagemelding\w*|klage\w*|henvendelse\w*|bemærkning\w*|"
      r"kommentar\w*|snak|røster|utilfredshed|uro|knurren|brok|signaler)\b",
      "middel", guards="praise_tail logistics"),
    E("distancing.rygter", DISTANCING,
      r"\b(?:fra\s+(?:flere|forskellige?)\s+sider?|i\s+krogene|det\s+forlyder|"
      r"rygte(?:t|r|rne)?)\b",
      "svag", guards="praise_tail logistics context", boost=True),
    # Perception without a perceiver: "det kan opleves som", "kan virke", "kan komme til at fremstå".
    E("distancing.kan_opleves", DISTANCING,
      rf"\b(?:kan|kunne|vil)\s+{PERCEPTION_FILL}"
      r"(?:opleves|opfattes|tolkes|misforstås|virke|fremstå|give\s+(?:et\s+)?indtryk|"
      r"komme\s+til\s+at\s+(?:virke|fremstå|lyde|se\s+ud|give)|blive\s+(?:opfattet|oplevet|"
      r"misforstået))\b",
      "middel",
      "»Kan opleves som« betyder i praksis, at nogen har oplevet det sådan – måske din leder selv.",
      guards="praise_tail context logistics"),
    E("distancing.opleves_som", DISTANCING,
      r"\b(?:opleves|opfattes|bliver\s+opfattet|bliver\s+oplevet|fremstår|virker)\s+"
      r"(?:(?:nogle\s+gange|til\s+tider|af\s+og\s+til|ofte|tit|måske|nok)\s+)*"
      r"(?:som(?!\s+om\s+mødet)|lidt|en\s+smule|noget|meget|for|ret|temmelig)\b",
      "svag", guards="praise_tail context logistics", boost=True),
    # ---------------------------------------------------------------- minimisers
    # "bare en lille ting", "en lille detalje", "småting", "det eneste".
    E("minimiser.lille_ting", MINIMISER,
      r"\b(?:(?:bare|blot|kun|lige)\s+)?(?:en|et)\s+(?:helt\s+|ganske\s+|enkelt\s+|sidste\s+)?(?:lille|mindre|"
      r"lillebitte|bitte\s+lille)\s+(?:ting|detalje|bemærkning|kommentar|pointe|påmindelse|"
      r"opfordring|input|forslag|hint|justering|sag|udfordring|smutter|hak|skønhedsfejl|"
      r"ting\s+mere)\b|\bsmåting\w*\b|\ben\s+(?:bagatel|detalje)\b|\bdet\s+eneste\b",
      "middel",
      "Når noget præsenteres som en lille ting, er det ofte noget, din leder har tænkt over i et "
      "stykke tid. Tag det alvorligt.",
      guards="logistics praise_tail"),
    # "ikke noget stort", "ikke noget alvorligt", "ingen katastrofe".
    E("minimiser.ikke_stort", MINIMISER,
      r"\b(?:ikke\s+(?:noget|nogen|et|en|så)\s+(?:stort?|alvorligt?|dramatisk|stort\s+problem|"
      r"katastrofe|kæmpe\s*\w*|slemt|galt|big\s+deal|verdens\s+undergang|vigtigt)|intet\s+(?:stort|"
      r"alvorligt|dramatisk)|ingen\s+(?:katastrofe|big\s+deal|krise))\b",
      "middel",
      "At din leder understreger, at det ikke er stort, betyder ofte, at det fylder mere, end det lyder.",
      guards="logistics praise_tail"),
    # "lidt tidligere", "en smule for lange", "en anelse rodet", "lidt kort for hovedet".
    E("minimiser.lidt", MINIMISER,
      rf"(?<!ikke\s)(?<!ikke\sså\s)\b(?:lidt|en\s+(?:lille\s+)?smule|en\s+anelse|en\s+tand|"
      rf"en\s+kende|en\s+my)\s+(?:(?:for|mere|mindre)\s+)?(?:{COMPARATIVE}|{NEG_ADJ}|"
      r"svært\s+ved|meget)\b",
      "svag",
      "»{quote}« gør det mindre, end det måske er. Det er stadig noget, din leder gerne vil have ændret.",
      guards="context logistics", boost=True),
    E("minimiser.lidt_for", MINIMISER,
      r"(?<!ikke\s)\b(?:lidt|en\s+(?:lille\s+)?smule|en\s+anelse|en\s+tand)\s+for\s+"
      r"(?!at\b|dig\b|os\b|mig\b|jer\b|dem\b|ham\b|hende\b|det\b|den\b|en\b|et\b)\w+",
      "svag",
      "»{quote}« gør det mindre, end det måske er. Det er stadig noget, din leder gerne vil have ændret.",
      guards="context logistics", boost=True),
    # "jeg vil bare lige nævne", "du skal bare huske", "lige være opmærksom på".
    E("minimiser.bare_lige", MINIMISER,
      r"\b(?:bare|blot|lige)\s+(?:(?:lige|hurtigt|kort)\s+)?(?:nævne|sige|minde\s+(?:dig\s+|jer\s+)?om|"
      r"pointere|bemærke|påpege|tage\s+op|vende|gøre\s+(?:dig\s+)?opmærksom|huske|være\s+opmærksom|"
      r"tænke\s+over|passe\s+på|sørge\s+for|kigge\s+på|holde\s+øje)\b",
      "middel",
      "»Bare lige« gør det til en bisætning, men det er ofte selve pointen.",
      guards="logistics praise_tail"),
    # Disclaimers: "det er ikke for at kritisere, men", "for en god ordens skyld".
    E("minimiser.forbehold", MINIMISER,
      r"\bdet\s+er\s+ikke\s+(?:fordi|for\s+at(?:\s+\w+)?|ment\s+som\s+\w+|en\s+kritik|kritik)\b|\buden\s+at\s+"
      r"(?:det\s+skal\s+)?(?:lyde|være|gøre\s+det)\s+(?:\w+\s+)?(?:kritisk|negativt|dramatisk|stort)\b|"
      r"\bfor\s+en\s+(?:god\s+)?ordens\s+skyld\b|\bbare\s+så\s+du\s+ved\s+det\b|"
      r"\bdet\s+skal\s+ikke\s+lyde\s+som\b|\bjeg\s+siger\s+det\s+bare\b",
      "middel",
      "En forhåndsundskyldning. Det, der kommer bagefter, er selve kritikken.",
      guards="logistics"),
    # Frequency softeners: "nogle gange", "til tider", "ind imellem" next to criticism.
    E("minimiser.frekvens", MINIMISER,
      r"\b(?:nogle\s+gange|til\s+tider|ind\s*imellem|en\s+gang\s+imellem|engang\s+imellem|"
      r"af\s+og\s+til|i\s+ny\s+og\s+næ|sommetider|somme\s+tider|enkelte\s+gange|et\s+par\s+gange|"
      r"en\s+enkelt\s+gang)\b",
      "svag",
      "»{quote}« får det til at lyde sjældent, men at det bliver nævnt, tyder på et mønster.",
      guards="criticism logistics praise_tail"),
    # ---------------------------------------------------------------- questions as criticism
    E("question.overvejet", QUESTION,
      rf"\b(?:har|havde)\s+(?:du|I)\s+{ASK_FILL}"
      r"(?:overvejet|tænkt\s+(?:på|over)|prøvet|forsøgt)\b|\bovervejede\s+(?:du|I)\b",
      "middel",
      "Et spørgsmål, der i virkeligheden er et forslag: din leder synes, du burde gøre det.",
      guards="opportunity logistics"),
    E("question.selv", QUESTION,
      rf"\b(?:hvordan|hvad)\s+(?:synes|syntes|tror|troede|oplever|oplevede|vurderer|ser|tænker|"
      rf"mener|føler)\s+(?:du|I)\s+{fill('egentlig', 'nu')}selv\b",
      "middel",
      "Din leder giver dig chancen for selv at sige det, hun eller han allerede mener: at det ikke "
      "gik helt, som det skulle.",
      guards="opportunity"),
    E("question.hvordan_gik", QUESTION,
      r"\bhvordan\s+(?:synes|syntes|tror|oplevede|oplever|vurderer|føler)\s+(?:du|I)\s*,?\s+"
      r"(?:at\s+)?(?:det|den|du|I|mødet|samtalen|forløbet)\s+(?:gik|fungerede|lykkedes|blev|klarede)\b",
      "svag", guards="question"),
    E("question.sikker", QUESTION,
      rf"\b(?:er|var)\s+(?:du|I)\s+{fill('helt', 'nu', 'egentlig', 'virkelig', 'overhovedet', 'fuldstændig')}"
      r"(?:sikker|sikre)\s+på\b|\btror\s+(?:du|I)\s+(?:virkelig|selv|nu|egentlig|seriøst)\b",
      "middel",
      "Din leder tvivler på beslutningen eller vurderingen. Det er ikke bare et spørgsmål.",
      guards="logistics"),
    E("question.ikke_selv", QUESTION, r"\b(?:synes|syntes|tror|mener)\s+(?:du|I)\s+ikke\b", "middel",
      "Et ledende spørgsmål: din leder har allerede en mening og håber, du selv når frem til den.",
      guards="logistics praise_tail question"),
    E("question.ville_det_ikke", QUESTION,
      rf"\b(?:ville|vil|kunne|ku')\s+det\s+ikke\s+{fill('også', 'bare', 'lige', 'godt')}"
      r"(?:være|blive|give\s+mening|hjælpe|tænkes|betale\s+sig)\b|\ber\s+det\s+ikke\s+"
      r"(?:(?:også|bare)\s+)?(?:lidt|en\s+smule|for|noget)\b",
      "middel",
      "Et ledende spørgsmål: din leder har allerede en mening og håber, du selv når frem til den.",
      guards="logistics praise_tail"),
    E("question.var_det_klogt", QUESTION,
      rf"\b(?:var|er)\s+det\s+{fill('nu', 'egentlig', 'virkelig', 'også', 'helt')}"
      r"(?:den\s+bedste|det\s+bedste|klogt|smart|nødvendigt|en\s+god\s+id[ée]|rigtigt|"
      r"hensigtsmæssigt|optimalt|den\s+rigtige|det\s+rigtige)\b",
      "middel",
      "Din leder tvivler på valget og vil have dig til at se det selv.",
      guards="question logistics"),
    E("question.tanken", QUESTION,
      r"\bhvad\s+var\s+(?:\w+\s+)?tanken\b|\bhvad\s+tænkte\s+(?:du|I)\b|"
      r"\bhvorfor\s+(?:valgte|besluttede|gjorde|sagde|skrev|sendte|lavede)\s+(?:du|I)\b",
      "svag",
      "Spørgsmålet om baggrunden kan være nysgerrighed, men ofte er din leder uenig i valget.",
      guards="question logistics", boost=True),
    E("question.mon_ikke", QUESTION, r"\bmon\s+ikke\b", "svag",
      guards="context logistics praise_tail", boost=True),
    E("question.hvad_med", QUESTION, r"\bhvad\s+(?:med\s+at|med\s+om|hvis\s+(?:du|I))\b", "svag",
      "Et forslag i spørgsmålsform. Din leder har sandsynligvis allerede besluttet, hvad der er bedst.",
      guards="logistics opportunity context", boost=True),
    E("question.kunne_du_ikke", QUESTION,
      rf"\b(?:kunne|kan|ku')\s+(?:du|I)\s+ikke\s+{fill('bare', 'lige', 'også', 'godt')}", "svag",
      guards="improvement logistics", boost=True),
    E("question.giver_mening", QUESTION, r"\bgiver\s+det\s+(?:egentlig\s+|overhovedet\s+)?mening\b",
      "svag", guards="question logistics context", boost=True),
    # ---------------------------------------------------------------- understatement
    # Lukewarm verdicts after a copula: "var fint nok", "er ok", "har været acceptabel".
    E("understatement.lunken", UNDERSTATEMENT,
      r"\b(?:var|er|gik|blev|været|virkede|fungerede|lød|lyder|ser\s+\w+\s+ud|så\s+\w+\s+ud)\s+"
      r"(?:" + TOKEN + r"\s+){0,3}?(?P<q>(?:helt\s+|vel\s+|da\s+|egentlig\s+|sådan\s+set\s+|nogenlunde\s+|"
      r"faktisk\s+)?(?:ok(?:ay)?|o\.k\.|fint\s+nok|acceptabel\w*|udmærket|nogenlunde|så\s+som\s+så|"
      r"tilstrækkelig\w*|rimelig(?:t)?|jævn(?:t)?|middel(?:godt)?|halvgodt))(?!\w)",
      "middel",
      "»{quote}« er et lunkent ord. Din leder er nok ikke utilfreds, men heller ikke imponeret – "
      "der var forventet mere.",
      not_inside=r"\b(?:ikke|aldrig|ingen)\b", not_before=PERMISSION_AFTER),
    E("understatement.fint_nok", UNDERSTATEMENT, r"\bfint\s+nok\b|\bnogenlunde\s+(?:godt|fint|ok)\b|"
      r"\brimelig(?:t)?\s+(?:godt|fint|ok)\b", "middel",
      "»{quote}« er et lunkent ord. Din leder er nok ikke utilfreds, men heller ikke imponeret – "
      "der var forventet mere.",
      not_after=NEG_PREFIX, not_before=PERMISSION_AFTER),
    # Litotes: "ikke dårligt", "ikke så ringe", "ikke utilfreds" (but not "slet ikke dårligt").
    E("understatement.ikke_daarligt", UNDERSTATEMENT,
      r"\bikke\s+(?:(?:så|helt|spor|nu|da|værst)\s+)?(?:dårlig[te]?|ringe|skidt|tosset|værst|dumt|"
      r"utilfreds|util?fredsstillende|uenig)\b",
      "svag",
      "»{quote}« kan være ment som ros, men det er forbeholdent: acceptabelt, ikke fremragende.",
      guards="praise_tail", not_after=EMPHATIC_NEG),
    # "ikke helt", "ikke altid", "ikke ligefrem" + anything.
    E("understatement.ikke_helt", UNDERSTATEMENT,
      r"\bikke\s+(?:(?:helt|altid|ligefrem|just|rigtig|rigtigt)\s+)+(?:lige\s+)?" + TOKEN,
      "middel",
      "»Ikke helt« betyder ofte »ikke«: det levede ikke op til forventningen.",
      guards="context logistics", not_after=EMPHATIC_NEG),
    # "ikke så godt", "ikke særlig overbevisende".
    E("understatement.ikke_saa", UNDERSTATEMENT,
      r"\bikke\s+(?:så|særlig|specielt|voldsomt|synderlig|videre)\s+(?:godt|god|gode|heldig\w*|"
      r"vellykket|imponer\w*|overbevis\w*|gennemarbejdet|gennemtænkt|flot|grundig\w*|tydelig\w*|"
      r"klar\w*|præcis\w*|stærk\w*|skarp\w*|effektiv\w*|professionel\w*|smart|heldigt)\b",
      "middel",
      "En blød formulering af en klar vurdering: det var ikke godt nok.",
      guards="logistics", not_after=EMPHATIC_NEG),
    # "ikke det bedste valg", "mindre heldigt", "lidt uheldigt", "ikke optimalt".
    E("understatement.mindre_heldigt", UNDERSTATEMENT,
      r"\b(?:ikke\s+(?:lige\s+)?(?:det|den)\s+(?:bedste|mest\s+\w+|optimale)|mindre\s+(?:heldig\w*|godt|"
      r"god|optimal\w*|vellykket)|ikke\s+(?:optimal\w*|ideel\w*|heldig\w*|hensigtsmæssig\w*))\b",
      "middel",
      "En høflig omskrivning af »det var ikke godt«. Din leder var ikke tilfreds med det.",
      guards="logistics"),
    # Counterfactual comparison: "kunne have været bedre", "kunne godt have været lidt mere grundig".
    E("understatement.kunne_vaere_bedre", UNDERSTATEMENT,
      rf"\b(?:kunne|burde)\s+{fill('godt', 'nok', 'måske', 'også', 'vel', 'sagtens', 'have')}"
      r"(?:have\s+)?(?:været|gået|blevet|fungeret)\s+(?:(?:lidt|en\s+smule|noget|en\s+del|meget)\s+)?"
      rf"(?:{COMPARATIVE})\b",
      "stærk",
      "Det lyder mildt, men det er en ret klar kritik: resultatet levede ikke op til forventningen."),
    # "plads til forbedring", "forbedringspotentiale", "noget at hente".
    E("understatement.forbedring", UNDERSTATEMENT,
      r"\b(?:(?:plads|rum|potentiale)\s+(?:til|for)\s+forbedring\w*|forbedringspotentiale\w*|"
      r"noget\s+at\s+hente|udviklingspunkt\w*|læringspunkt\w*|noget\s+at\s+arbejde\s+(?:med|videre\s+med))\b",
      "middel",
      "En pæn måde at sige, at niveauet ikke er der endnu."),
    # "et interessant valg", "en modig løsning", "en lidt speciel tilgang".
    E("understatement.interessant_valg", UNDERSTATEMENT,
      r"\b(?:et|en)\s+(?:(?:lidt|meget|ret|noget)\s+)?(?:interessant|modig|speciel|utraditionel|"
      r"anderledes|særpræget|spændende)\w*\s+(?:valg|løsning|tilgang|beslutning|måde|fortolkning|"
      r"prioritering)\b",
      "svag",
      "Et »interessant« valg er sjældent ren ros. Din leder var formentlig ikke enig i valget.",
      guards="praise_tail logistics"),
    E("understatement.gik_an", UNDERSTATEMENT, r"\b(?:gik|går|kan\s+gå|kunne\s+gå)\s+(?:vel\s+|da\s+|nok\s+)?an\b",
      "svag", "»Det gik an« er forbeholdent: acceptabelt, men ikke mere."),
    # ---------------------------------------------------------------- future framing
    E("future.fremover", FUTURE,
      r"\b(?:fremadrettet|fremover|fremad|(?:til\s+)?næste\s+gang|i\s+fremtiden|for\s+fremtiden|"
      r"fra\s+nu\s+af|fra\s+og\s+med\s+nu|(?:til\s+)?en\s+anden\s+gang)\b",
      "svag",
      "Når noget skal være anderledes »{quote}«, er det typisk fordi, det ikke har fungeret hidtil.",
      guards="context logistics opportunity praise_tail", boost=True),
    # ---------------------------------------------------------------- jump to solution
    E("jump.hvordan_vi", JUMP,
      rf"\bhvordan\s+(?:(?:kan|skal|får|sikrer|undgår|løser|gør|kommer|bliver|kunne)\s+vi|vi\s+(?:kan|skal|"
      rf"får|kunne))\s+{WE_FILL}"
      rf"{JUMP_VERBS}|\bhvordan\s+(?:sikrer|undgår|løser|forbedrer)\s+vi\b|\bhvordan\s+vi\s+"
      r"(?:sammen\s+|fremover\s+)?(?:sikrer|undgår|løser|forbedrer|retter\s+op|vender|ændrer|"
      r"får\s+(?:styr|rettet|løst|vendt))\b",
      "middel",
      guards="logistics"),
    E("jump.hvad_kan_vi", JUMP,
      rf"\bhvad\s+(?:kan|skal|kunne|må)\s+vi\s+{fill('så', 'nu', 'sammen', 'i fællesskab', EVT, 'eventuelt')}"
      r"(?:gøre\s+)?(?:for\s+at|ved\s+det|anderledes)\b|\bhvad\s+skal\s+der\s+(?:til|ske)\s+for\s+at\b|"
      r"\bhvad\s+tænker\s+du\s*,?\s+(?:vi|der)\s+(?:kan|skal)\s+(?:gøre|ske)\b|"
      r"\bhvad\s+har\s+du\s+brug\s+for\s+(?:for\s+at|fra\s+mig)\b",
      "middel", guards="logistics"),
    E("jump.lad_os", JUMP,
      rf"\blad\s+os\s+{fill('lige', 'sammen', 'prøve at', 'i fællesskab', 'bare', 'hellere', 'nu')}"
      r"(?:finde|se\s+på|kigge\s+på|tale\s+om|snakke\s+om|tage\s+en\s+snak\s+om|få\s+lavet|sikre|lave|"
      r"aftale|sætte\s+os\s+ned|tage\s+fat\s+i|tage\s+hul\s+på|finde\s+ud\s+af)\s*,?\s+"
      r"(?:(?:en|et|nogle|sammen|på|os|lige|om|af)\s+)*(?:løsning\w*|plan\w*|aftale\w*|hvordan|"
      r"det\s+med|strategi\w*|forbedring\w*|tiltag|greb|måder?|hvad\s+(?:vi|der))\b",
      "middel", guards="logistics"),
    E("jump.vi_finder", JUMP,
      rf"\bvi\s+(?:skal|må|bør|kunne|kan|får)\s+{fill('lige', 'nok', 'sammen', 'have', 'vist', 'hellere', 'nu')}"
      r"(?:finde|fundet|lave|lavet|aftale|aftalt|lægge|lagt)\s+(?:en|nogle)\s+(?:ny\s+)?"
      r"(?:løsning|plan|aftale)\w*\b",
      "middel", guards="logistics"),
    E("jump.loesning_paa", JUMP,
      r"\b(?:finde|fundet|få|lave|aftale)\s+(?:en\s+|nogle\s+)?(?:god\s+|fælles\s+|ny\s+|bedre\s+|holdbar\s+)?"
      r"(?:løsning\w*|plan)\s+(?:på|for|til|med)\b",
      "middel", guards="logistics"),
    E("jump.snak", JUMP, r"\b(?:tage|have|få)\s+en\s+(?:lille\s+|kort\s+|god\s+)?snak\s+om\b", "svag",
      "Din leder vil tale om noget uden at sige, hvad problemet er. Spørg ind, før I aftaler noget.",
      guards="logistics context", boost=True),
)
