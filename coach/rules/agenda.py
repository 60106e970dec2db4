"""The MUS agenda, the manager's question bank and the follow-up rules for the rehearsal.

Approach
--------
In a rehearsal the app plays the employee's manager. The embedded model (Gemma 3 270M base) cannot
hold a coherent Danish conversation, so the conversation is *agenda-driven* and fully deterministic
here; a bigger model may vary the wording and follow up, but this module alone yields a sensible
manager for every turn (the ``--rules-only`` answer and the fallback).

* ``PHASES`` is the agenda of a typical Danish MUS (opening, the year that passed, wellbeing,
  development, goals, feedback to the manager, summary and follow-up).
* ``plan_phases`` expands the chosen phases into one entry per manager turn; ``plan_position`` /
  ``phase_for_turn`` map a manager turn index onto that plan. The unprepared persona (``drifts``)
  gets a ``"drift"`` turn every fourth turn (never during the opening or the summary): it wanders
  off the agenda on purpose so the employee can practise steering back.
* ``QUESTION_BANK[style][phase]`` holds the manager's lines in each persona's voice. By convention the
  first ``OPENERS`` (two) lines of every list *open* the phase and the rest dig deeper. The indirect
  persona wraps real criticism in softeners and the feedback sandwich, the disagreeing persona
  challenges the employee's self-assessment, the busy persona keeps looking at the clock and the
  unprepared persona has no structure (plus ``QUESTION_BANK["unprepared"]["drift"]``).
  Lines may contain ``{role}`` only, always written as ``" som {role}"`` so that the fragment can be
  dropped when the role is unknown.
* ``classify_employee_turn`` finds *triggers* in the employee's last message (a number, a development
  wish, a question, a clarifying question, disagreement, a proposal, vagueness, off-topic talk, steering
  back, English, nonsense, hostility, an injection attempt). ``manager_line`` answers the strongest trigger
  (see ``PRIORITY``): steering triggers (injection, hostility, English, nonsense, off-topic) keep the manager in
  role and steer back in Danish with the phase's core question; content triggers get a follow-up in
  the middle of a phase and a short bridge before the opener at the start of a new phase. Follow-ups
  quote at most a short fragment of the employee's own words (``{quote}``) and never invent content.
* Everything is deterministic: choices come from a SHA-256 hash of (style, phase, seed, turn …), so the
  same inputs give the same line and different turns/seeds give varied lines.
"""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel, ConfigDict

__all__ = [
    "Phase", "PHASES", "PHASE_IDS", "PHASE_BY_ID", "DRIFT", "STYLES", "PERSONA_STYLES", "TRAINS",
    "OPENERS", "QUESTION_BANK", "PHASE_QUESTIONS", "FOLLOW_UPS", "STYLE_FOLLOW_UPS", "BRIDGES",
    "STEER_TRIGGERS", "PRIORITY", "TRIGGERS", "manager_line", "plan_phases", "plan_position",
    "phase_for_turn", "plan_length", "classify_employee_turn", "extract_quote", "resolve_style",
    "result_mentions", "WORK_WORDS",
]


class Phase(BaseModel):
    """One agenda item of the MUS."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    purpose: str


PHASES: list[Phase] = [
    Phase(id="opening", title="Åbning og dagsorden",
          purpose="I byder hinanden velkommen, sætter rammen og bliver enige om, hvad samtalen skal nå."),
    Phase(id="year", title="Året der gik",
          purpose="I ser tilbage på opgaver, resultater og udfordringer siden sidste samtale."),
    Phase(id="wellbeing", title="Trivsel og samarbejde",
          purpose="I taler om arbejdsglæde, arbejdsmængde og samarbejdet med kolleger og leder."),
    Phase(id="development", title="Udvikling og karriere",
          purpose="I drøfter, hvad du gerne vil lære, og hvor du vil hen – nu og på længere sigt."),
    Phase(id="goals", title="Mål og aftaler",
          purpose="I bliver enige om få, konkrete mål for det kommende år og om, hvad der skal til."),
    Phase(id="feedback_to_manager", title="Feedback til lederen",
          purpose="Du fortæller din leder, hvad der hjælper dig, og hvad der kunne gøres anderledes."),
    Phase(id="summary", title="Opsummering og opfølgning",
          purpose="I samler op og aftaler, hvem der gør hvad, og hvornår I følger op."),
]
PHASE_IDS: tuple[str, ...] = tuple(p.id for p in PHASES)
PHASE_BY_ID: dict[str, Phase] = {p.id: p for p in PHASES}
DRIFT = "drift"  # pseudo-phase of the unprepared manager's detours

STYLES: tuple[str, ...] = ("supportive", "indirect", "direct", "unprepared", "disagreeing", "busy")
PERSONA_STYLES: dict[str, str] = {  # persona id (prompts/rehearse/personas/<id>.md) -> style
    "stoettende": "supportive",
    "indirekte": "indirect",
    "direkte": "direct",
    "uforberedt": "unprepared",
    "uenig": "disagreeing",
    "travl": "busy",
}
TRAINS: tuple[str, ...] = (
    "praesentere_resultater", "udtrykke_ambitioner", "modtage_feedback", "afkode_feedback",
    "stille_opklarende_spoergsmaal", "haandtere_uenighed", "styre_samtalen", "sikre_opfoelgning",
)

TRAIN_TITLES: dict[str, str] = {  # what a persona trains, as shown to the user
    "praesentere_resultater": "at fortælle om dine resultater",
    "udtrykke_ambitioner": "at sige tydeligt, hvad du gerne vil",
    "modtage_feedback": "at tage imod feedback",
    "afkode_feedback": "at forstå indirekte feedback",
    "stille_opklarende_spoergsmaal": "at stille opklarende spørgsmål",
    "haandtere_uenighed": "at være uenig på en rolig måde",
    "styre_samtalen": "at styre samtalen tilbage til dine punkter",
    "sikre_opfoelgning": "at sikre klare aftaler og opfølgning",
}
OPENERS = 2  # the first OPENERS lines of every bank list open the phase; the rest are follow-ups

# ---------------------------------------------------------------------------------------------
# Question bank: QUESTION_BANK[style][phase] -> lines (first two open the phase).
# ---------------------------------------------------------------------------------------------
QUESTION_BANK: dict[str, dict[str, list[str]]] = {
    "supportive": {
        "opening": [
            "Velkommen, og tak fordi du har sat tid af. Jeg tænker, at vi kigger på året, din trivsel, "
            "din udvikling og nogle mål for det næste år – er der noget, du vil tilføje?",
            "Hej, hvor godt at se dig. Det her er din samtale, så sig endelig til, hvad du gerne vil nå i dag.",
            "Det lyder som en god plan. Har du haft tid til at forberede dig, eller tager vi det, som det kommer?",
            "Godt. Er der noget fra sidste års samtale, du gerne vil følge op på, før vi går i gang?",
        ],
        "year": [
            "Lad os starte med at se tilbage. Hvad er du selv mest stolt af fra det seneste år?",
            "Hvis du ser tilbage på året som {role}, hvad er du så mest tilfreds med?",
            "Det lyder rigtig godt. Hvad gjorde du konkret, der fik det til at lykkes?",
            "Var der også noget, der var svært i år? Hvordan håndterede du det?",
            "Har du fået nogle gode tilbagemeldinger i løbet af året, som du gerne vil fremhæve?",
        ],
        "wellbeing": [
            "Nu vil jeg gerne høre, hvordan du egentlig har det. Hvad får dig til at glæde dig til arbejdet, og hvad tager pusten fra dig?",
            "Lad os tale om trivsel. Hvordan oplever du arbejdsmængden, og hænger arbejde og privatliv godt sammen for tiden?",
            "Hvordan synes du, samarbejdet i teamet fungerer?",
            "Er der noget, jeg kan gøre, så din hverdag bliver lidt bedre?",
        ],
        "development": [
            "Jeg er spændt på at høre, hvor du gerne vil hen. Hvad kunne du tænke dig at lære eller blive bedre til?",
            "Lad os kigge fremad. Hvor kunne du tænke dig at være om et par år?",
            "Det lyder spændende. Hvad skal der til fra min side, for at du kan komme i gang?",
            "Er der opgaver eller projekter, du gerne vil prøve kræfter med?",
        ],
        "goals": [
            "Skal vi prøve at gøre det konkret? Hvilke mål giver mening for dig i det kommende år?",
            "Lad os sætte nogle mål. Hvad vil du gerne have nået, når vi sidder her igen næste gang?",
            "Hvordan kan vi se, at du er lykkedes med det?",
            "Hvad er en realistisk tidsramme for det, synes du?",
        ],
        "feedback_to_manager": [
            "Nu vil jeg gerne høre fra dig. Hvad gør jeg, som hjælper dig i dit arbejde?",
            "Jeg vil også gerne blive en bedre leder. Er der noget, du kunne ønske dig mere eller mindre af fra mig?",
            "Tak, det er rart at vide. Er der noget, jeg konkret kunne gøre anderledes?",
            "Hvordan fungerer det for dig med den sparring, du får fra mig?",
        ],
        "summary": [
            "Vi er ved at være igennem. Vil du prøve at samle op på, hvad vi har aftalt?",
            "Lad os runde af. Hvad tager du med dig fra samtalen i dag?",
            "Godt. Hvem gør hvad, og hvornår følger vi op?",
            "Skal du skrive et kort referat, eller skal jeg? Så kan vi begge kigge på det bagefter.",
        ],
    },
    "indirect": {
        "opening": [
            "Nå, men velkommen. Jeg tænkte, at vi bare tager en stille og rolig snak om året og lidt om "
            "fremtiden – hvis det er okay med dig?",
            "Hej, sæt dig endelig. Det skal ikke være så formelt, det her. Er der noget, du gerne vil tale om?",
            "Det lyder fint. Jeg har også et par småting, jeg måske vil nævne undervejs, men det er ikke noget stort.",
            "Godt. Så tager vi det lidt, som det kommer, ikke?",
        ],
        "year": [
            "Du har virkelig lagt mange kræfter i året, og det skal du have tak for. Måske kunne du overveje at "
            "holde os lidt mere opdateret undervejs, når en opgave trækker ud – men overordnet er jeg rigtig "
            "glad for din indsats. Hvordan ser du selv året?",
            "Jeg synes, du har gjort det rigtig fint i år, og folk er glade for at arbejde sammen med dig. Nogle "
            "oplever måske, at det kan være lidt svært at vide, hvor langt du er med dine opgaver – men det er "
            "jo en detalje. Hvad tænker du selv om året?",
            "Det er rigtig flot. Det kunne måske være en fordel, hvis du involverede kollegerne lidt tidligere – "
            "men som sagt er det småting. Hvad tænker du om det?",
            "Ja, det har du ret i. Nogle gange kan det nok opleves, som om du sidder lidt meget for dig selv med "
            "tingene – men du leverer jo. Kan du genkende det?",
            "Jeg er meget glad for dit arbejde, det skal du vide. Måske er der lidt at hente ved at dele din "
            "viden mere med de andre, men det kan vi jo altid tale om.",
        ],
        "wellbeing": [
            "Hvordan har du det egentlig for tiden? Jeg synes bare, du har virket lidt presset, men det er "
            "måske bare mig.",
            "Lad os tale lidt om trivsel. Du virker glad for arbejdet, og det er dejligt. Hvordan går det med "
            "samarbejdet i teamet?",
            "Nogle oplever nok, at tonen på møderne kan være lidt skarp en gang imellem – det gælder ikke kun "
            "dig, altså. Hvordan oplever du det?",
            "Det er godt at høre. Det kunne måske være en idé at sige til lidt før, hvis det bliver for meget – "
            "men det gør du sikkert allerede.",
        ],
        "development": [
            "Har du gjort dig nogle tanker om din udvikling? Der er ikke noget pres, men det kunne være rart at høre.",
            "Hvad kunne du tænke dig at arbejde med fremover? Jeg tænker måske, at noget med lidt mere "
            "samarbejde på tværs kunne være godt for dig – men det er helt op til dig.",
            "Det lyder spændende. Jeg ved ikke helt, hvordan det ser ud med budgettet, men vi kan måske se på "
            "det. Hvad ville det betyde for dig?",
            "Det er en god tanke. Måske kunne du overveje at starte lidt i det små – hvad tænker du om det?",
        ],
        "goals": [
            "Skal vi prøve at finde nogle mål for det næste år? De behøver ikke være så store.",
            "Jeg tænker, at et af målene måske kunne handle lidt om at dele din viden mere med de andre – hvis "
            "du synes? Hvad vil du selv gerne sætte som mål?",
            "Det lyder fornuftigt. Skal vi bare skrive, at du arbejder lidt med det?",
            "Det kunne nok være fint med lidt mere fokus på det. Hvordan tænker du, vi kan se, om det lykkes?",
        ],
        "feedback_to_manager": [
            "Er der noget, du synes, jeg kunne gøre lidt anderledes? Du må gerne sige det, altså.",
            "Jeg håber, du føler, at du får den støtte, du har brug for. Er der noget, du mangler fra min side?",
            "Det er godt at vide. Det vil jeg prøve at tænke lidt over.",
            "Ja, det kan godt være, at jeg nogle gange er lidt svær at fange. Hvad ville hjælpe dig?",
        ],
        "summary": [
            "Jamen, det har været en rigtig god snak. Jeg synes, vi er enige om det meste – eller hvad?",
            "Nå, skal vi ikke runde af? Du gør det jo godt, og så kigger vi lige på de småting, vi talte om.",
            "Skal vi bare sige, at vi tager det op igen på et tidspunkt?",
            "Det lyder godt. Vil du skrive et par ord ned om det, vi har talt om?",
        ],
    },
    "direct": {
        "opening": [
            "Godt. Jeg vil gerne igennem året, dine resultater, din udvikling og målene for næste år. "
            "Har du noget, der skal på dagsordenen?",
            "Lad os gå lige til sagen. Jeg har nogle ting, jeg vil tage op, men først: Hvad vil du have ud af "
            "samtalen i dag?",
            "Fint. Så starter vi med året og slutter med konkrete aftaler.",
            "Du skal vide, at der kommer både ros og kritik i dag. Er du klar til det?",
        ],
        "year": [
            "Jeg vil være ærlig: Jeg synes ikke, at året har været dit bedste. Flere opgaver er blevet færdige "
            "i sidste øjeblik. Hvordan ser du det?",
            "Fortæl mig, hvad du har leveret i år. Hvad er de vigtigste resultater?",
            "Det er ikke godt nok, at deadlines skrider, uden at jeg hører om det. Hvad gør du anderledes fremover?",
            "Det lyder godt, men hvad var dit eget bidrag helt konkret?",
            "Og hvad kom der ud af det? Giv mig et tal eller et eksempel.",
        ],
        "wellbeing": [
            "Hvordan har du det med arbejdsmængden? Sig det lige ud, hvis det er for meget.",
            "Trivsel. Jeg har indtryk af, at du er frustreret over prioriteringerne i teamet. Har jeg ret?",
            "Hvad skal konkret ændres, for at det bliver bedre?",
            "Er der gnidninger i samarbejdet, som jeg bør kende til?",
        ],
        "development": [
            "Hvad vil du udvikle dig inden for? Og hvad får teamet ud af det?",
            "Hvor vil du hen på længere sigt? Jeg vil hellere have et klart svar end et pænt svar.",
            "Hvorfor lige det? Hvordan hjælper det i dit arbejde?",
            "Jeg godkender ikke et kursus bare for kursets skyld. Hvad er planen for at bruge det bagefter?",
        ],
        "goals": [
            "Vi skal have nogle få, konkrete mål. Hvad foreslår du?",
            "Mit bud er, at du skal blive bedre til at overholde deadlines. Hvordan foreslår du, at vi måler det?",
            "Det er for vagt. Hvornår er det færdigt, og hvordan ved vi, at det er lykkedes?",
            "Fint. Hvad skal du bruge fra mig for at nå det?",
        ],
        "feedback_to_manager": [
            "Nu er det din tur. Hvad gør jeg, som ikke virker for dig?",
            "Jeg kan godt tåle at høre det. Hvad skal jeg gøre bedre som leder?",
            "Giv mig et eksempel, så jeg ved, hvad du mener.",
            "Okay. Hvad vil du have, at jeg gør i stedet?",
        ],
        "summary": [
            "Lad os opsummere. Hvad har vi aftalt, og hvem har ansvaret for hvad?",
            "Vi runder af. Sig de vigtigste aftaler med dine egne ord.",
            "Hvornår følger vi op på det? Giv mig en dato.",
            "Hvem skriver referatet, og hvornår kan jeg have det?",
        ],
    },
    "unprepared": {
        "opening": [
            "Nå ja, det er i dag, vi skal have MUS. Jeg har ærligt talt ikke nået at kigge på skemaet – har du?",
            "Hej, kom ind. Hvad var det nu, vi skulle tale om? Jeg har ikke lige dagsordenen foran mig.",
            "Okay, det lyder fint. Vi tager det bare lidt løst, ikke?",
            "Fint, fint. Hvor skal vi starte – du bestemmer.",
        ],
        "year": [
            "Hvordan er året så gået? Det er jo fløjet af sted.",
            "Du har haft travlt, ikke? Hvad har du egentlig lavet mest af i år?",
            "Det havde jeg helt glemt. Hvordan endte det?",
            "Godt, godt. Var der mere fra året?",
        ],
        "wellbeing": [
            "Og du har det godt, ikke? Der er ikke noget?",
            "Hvordan går det med kollegerne? Det er vist et punkt på skemaet.",
            "Okay. Det skal vi nok finde ud af på et tidspunkt.",
            "Ja, der er meget at se til for alle for tiden. Var der andet?",
        ],
        "development": [
            "Udvikling, ja. Har du nogle ønsker? Der var vist noget med kurser.",
            "Hvad vil du gerne lave fremover? Jeg har ikke lige tænkt over det fra min side.",
            "Det lyder fint. Det må vi lige finde ud af.",
            "Hm, hvad koster sådan noget? Det ved jeg faktisk ikke.",
        ],
        "goals": [
            "Mål … skal vi bare skrive det samme som sidste år?",
            "Har du nogle mål, du gerne vil have med? Jeg har ikke fået lavet nogen.",
            "Okay, det skriver vi. Eller – skriver du det?",
            "Det lyder fornuftigt. Hvornår var det, du tænkte?",
        ],
        "feedback_to_manager": [
            "Er der noget, du vil sige til mig? Ellers springer vi det bare over.",
            "Jeg ved godt, at jeg har været lidt svær at fange i år. Er der noget, du savner?",
            "Ja, det har du nok ret i. Det skal jeg prøve at blive bedre til.",
            "Godt at høre. Var der mere?",
        ],
        "summary": [
            "Nå, jeg tror, vi er ved at være igennem. Var der mere?",
            "Godt, så har vi vist snakket om det hele. Jeg finder ud af det med referatet på et tidspunkt.",
            "Ja, det følger vi op på. På et tidspunkt.",
            "Skal vi bare sige, at vi tager den derfra?",
        ],
        DRIFT: [
            "Nå ja, har du i øvrigt hørt om den nye kantineordning?",
            "Apropos, jeg skal huske at bestille julefrokosten. Skal vi have den ude i år, tror du?",
            "Det minder mig om, at printeren driller igen. Har du også haft problemer med den?",
            "For resten – så du kampen i går? Sikke en afslutning.",
            "Har du i øvrigt fået lagt din sommerferie ind i kalenderen? Det skal jeg også huske.",
            "Undskyld, jeg skal lige svare på en mail … Nå, har du prøvet den nye kaffemaskine?",
        ],
    },
    "disagreeing": {
        "opening": [
            "Velkommen. Jeg har læst din forberedelse, og jeg vil sige det med det samme: Vi ser ikke helt "
            "året på samme måde. Det skal vi have talt om.",
            "Godt, lad os komme i gang. Jeg vil gerne høre din vurdering først, og så giver jeg min.",
            "Fint. Jeg foreslår, at vi starter med året, for der har jeg nogle bemærkninger.",
            "Okay. Er der noget, du vil sikre, at vi når i dag?",
        ],
        "year": [
            "Hvordan vurderer du selv dit år? Jeg er ærligt talt ikke sikker på, at jeg er enig.",
            "Du skriver, at året er gået godt. Det er ikke helt mit indtryk – hvad bygger du det på?",
            "Det ser jeg anderledes. Jeg har oplevet, at flere ting er blevet forsinket. Hvordan hænger det "
            "sammen med det, du siger?",
            "Er det ikke mere teamets resultat end dit?",
            "Tal er fine, men jeg hører også, at samarbejdet ikke altid har fungeret. Hvad siger du til det?",
        ],
        "wellbeing": [
            "Hvordan har du det med arbejdet? Du siger, det går fint, men jeg har indtryk af noget andet.",
            "Du nævner tit, at du har for meget at lave. Jeg synes faktisk, at arbejdet er fordelt ret ligeligt. "
            "Hvordan ser du det?",
            "Det er jeg ikke sikker på, at jeg er enig i. Kan du give mig et eksempel?",
            "Hvad kan du selv gøre for, at det bliver bedre?",
        ],
        "development": [
            "Hvad vil du gerne udvikle dig inden for? Jeg skal være ærlig: Jeg synes, du skal have styr på det "
            "nuværende, før vi taler om nye opgaver.",
            "Du har ønsket mere ansvar. Jeg er ikke sikker på, at du er klar til det endnu. Hvorfor mener du, "
            "at du er?",
            "Jeg kan ikke helt se, hvordan det hjælper dig i din nuværende rolle. Hvad er argumentet?",
            "Det er et stort skridt. Hvad har du gjort i år, der viser, at du er klar?",
        ],
        "goals": [
            "Jeg synes, dit vigtigste mål det næste år skal være at få dine kerneopgaver til at køre mere "
            "stabilt. Er du enig?",
            "Hvilke mål vil du sætte? Jeg siger det ligeud, hvis jeg synes, de er for ambitiøse eller for bløde.",
            "Det synes jeg er for ambitiøst. Hvad er et realistisk første skridt?",
            "Hvordan vil vi kunne se, om du er lykkedes? Jeg vil gerne have noget, vi kan måle.",
        ],
        "feedback_to_manager": [
            "Hvad synes du om min måde at lede på? Du må gerne være ærlig.",
            "Er der noget, jeg gør, som du synes står i vejen for dig?",
            "Det kan jeg ikke helt genkende. Hvornår har du oplevet det?",
            "Okay, det tager jeg med mig – selvom jeg ser det lidt anderledes.",
        ],
        "summary": [
            "Lad os samle op. Vi er ikke enige om det hele, og det er i orden. Hvad er vi trods alt enige om?",
            "Vi runder af. Hvordan skal vi skrive det ned, som vi ser forskelligt?",
            "Skal vi aftale at kigge på det igen om nogle måneder og se, hvordan det står til?",
            "Hvem skriver referatet, og hvornår følger vi op?",
        ],
    },
    "busy": {
        "opening": [
            "Hej, undskyld, jeg er lidt forsinket. Jeg har desværre ikke ret lang tid, så lad os komme i gang. "
            "Hvad er det vigtigste for dig?",
            "Godt, lad os køre det effektivt – jeg har et møde lige bagefter. Skal vi tage de vigtigste punkter først?",
            "Fint. Vi når nok ikke det hele, så vælg det, der betyder mest for dig.",
            "Okay. Sig til, hvis vi skal springe noget over, så vi holder tiden.",
        ],
        "year": [
            "Året – kort fortalt. Hvad er det vigtigste, du har leveret?",
            "Lad os tage året hurtigt. Det går jo fint, ikke?",
            "Godt. Kan du sige det helt kort? Jeg skal lige holde øje med tiden.",
            "Fint, det noterer jeg. Var der mere, eller skal vi videre?",
        ],
        "wellbeing": [
            "Trivsel – alt er okay, ikke? Vi kan tage det hurtigt.",
            "Hvordan har du det? Gerne kort, vi er lidt bagud med tiden.",
            "Okay. Det må vi tage på et andet tidspunkt, hvis det er noget større.",
            "Det lyder fint. Øjeblik – jeg skal lige se, hvem der ringer. Nå, skal vi videre?",
        ],
        "development": [
            "Udvikling. Har du et konkret ønske? Så kan vi se på det, men vi har ikke så lang tid.",
            "Hvad vil du gerne lære i år? Gerne kort – send mig et link bagefter, så kigger jeg på det.",
            "Det lyder fint. Kan du skrive det i en mail, så jeg ikke glemmer det?",
            "Okay, kort: Hvad koster det, og hvor meget tid tager det?",
        ],
        "goals": [
            "Mål. Skal vi bare genbruge sidste års og justere lidt? Det sparer tid.",
            "Giv mig dine vigtigste mål for næste år, så skriver jeg dem ned.",
            "Fint. Har du en deadline på det?",
            "Okay, vi har ikke mange minutter tilbage. Er der mere, vi skal aftale?",
        ],
        "feedback_to_manager": [
            "Er der noget, jeg skal vide om min ledelse? Helt kort.",
            "Jeg ved godt, at jeg har haft travlt. Er der noget, der er gået ud over dig?",
            "Tak, det tager jeg med. Skal vi runde af?",
            "Ja, det er jeg ked af. Skriv det gerne til mig, så tager vi det, når jeg har bedre tid.",
        ],
        "summary": [
            "Vi er ved at løbe tør for tid. Skal vi bare sige, at det hele er fint, og så samler vi op på mail?",
            "Jeg skal videre om lidt. Hvad er det vigtigste, vi har aftalt?",
            "Fint. Kan du sende mig en opsummering? Så tager vi den derfra.",
            "Godt. Hvornår kigger vi på det igen? Book bare noget i min kalender.",
        ],
    },
}

# The core question of each phase, in a neutral voice: what the manager asks after steering back.
PHASE_QUESTIONS: dict[str, str] = {
    "opening": "Hvad vil du gerne have ud af samtalen i dag?",
    "year": "Hvordan synes du selv, året er gået?",
    "wellbeing": "Hvordan har du det med arbejdet for tiden?",
    "development": "Hvad kunne du tænke dig at udvikle dig inden for?",
    "goals": "Hvilke mål vil du gerne sætte for det kommende år?",
    "feedback_to_manager": "Hvad kunne jeg gøre anderledes for at støtte dig bedre?",
    "summary": "Hvad er det vigtigste, vi har aftalt i dag?",
    DRIFT: "Hvor var vi nu henne?",
}

# ---------------------------------------------------------------------------------------------
# Follow-ups, keyed by trigger. "{quote}" = a short fragment of the employee's own words; a template
# with {quote} is only used when a fragment was found. Triggers in STEER_TRIGGERS are prefixes: the
# manager then asks the phase's core question (PHASE_QUESTIONS) - or, for steer_back, the opener.
# ---------------------------------------------------------------------------------------------
FOLLOW_UPS: dict[str, list[str]] = {
    "number": [
        "Du nævner {quote}. Hvordan nåede du dertil?",
        "Godt, at du har tal på: {quote}. Hvad gjorde du selv for at nå det?",
        "Det er konkret. Hvad betød det resultat for dem, der bruger dit arbejde?",
        "Det er et godt resultat. Hvad lærte du undervejs?",
    ],
    "development_wish": [
        "Du nævner {quote}. Hvad skal det give dig i hverdagen?",
        "Fortæl lidt mere om {quote} – hvorfor er det vigtigt for dig lige nu?",
        "Det lyder interessant. Hvordan forestiller du dig, at det kan blive til noget konkret?",
        "Hvad skal der til, for at du kan komme i gang med det?",
    ],
    "clarifying_question": [
        "Det er et fair spørgsmål. Jeg tænker mest på hverdagen, hvor jeg gerne ville have hørt lidt "
        "tidligere fra dig, hvordan det gik. Giver det mening?",
        "Ja, lad mig være mere konkret. Jeg vil gerne have en kort status undervejs i stedet for først til "
        "sidst. Hvad tænker du om det?",
    ],
    "question": [
        "Godt spørgsmål. Det kan jeg ikke svare præcist på i dag, men jeg vil gerne undersøge det. Hvad "
        "tænker du selv?",
        "Det er et fair spørgsmål. Jeg vender tilbage med et ordentligt svar – hvad er det vigtigste for dig i det?",
        "Det vil jeg gerne tale om. Hvad er dine egne tanker om det?",
    ],
    "disagree": [
        "Okay, jeg kan høre, at du ser det anderledes. Hvad bygger du det på?",
        "Det er fair nok, at vi ikke er enige. Kan du give mig et eksempel, så jeg forstår dit synspunkt?",
        "Tak for ærligheden. Hvad skulle der til, for at vi kan se det på samme måde?",
    ],
    "vague": [
        "Kan du sige lidt mere om det?",
        "Du siger „{quote}“. Kan du give mig et eksempel?",
        "Hvad mener du helt konkret?",
        "Kan du fortælle om en bestemt situation?",
    ],
    "off_topic": [
        "Det kan vi tage en anden gang.",
        "Det må vi snakke om over en kop kaffe på et tidspunkt.",
        "Lad os lige holde fokus på samtalen.",
    ],
    "english": [
        "Lad os tage den på dansk.",
        "Vi holder os til dansk her, hvis det er okay.",
        "Jeg foreslår, at vi fortsætter på dansk.",
    ],
    "hostile": [
        "Jeg kan høre, at du er frustreret. Lad os tale ordentligt til hinanden og holde os til sagen.",
        "Den tone vil jeg gerne have, at vi lader ligge. Vi er her for at finde ud af, hvad der kan hjælpe dig.",
        "Okay, jeg kan mærke, at det her fylder. Lad os prøve at tage det roligt.",
    ],
    "nonsense": [
        "Det fangede jeg ikke helt.",
        "Undskyld, det forstod jeg ikke.",
        "Hov, der røg vist noget forkert ind.",
    ],
    "injection": [
        "Lad os holde os til samtalen.",
        "Det lader vi ligge – vi er her for at tale om dig og dit arbejde.",
        "Nu er det din MUS, så lad os blive ved den.",
    ],
    "proposal": [
        "Det lyder som et godt forslag. Hvordan vil du gribe det an?",
        "Det kan vi godt prøve. Hvad skal der til fra min side?",
        "Godt, at du kommer med et forslag. Hvornår kan vi se, om det virker?",
    ],
    "steer_back": [
        "Ja, godt du siger det.",
        "Du har ret, det gør vi.",
        "Ja, undskyld, det var et sidespor.",
    ],
}

# The persona's own voice for some triggers (replaces the generic list for that style).
STYLE_FOLLOW_UPS: dict[str, dict[str, list[str]]] = {
    "supportive": {
        "proposal": [
            "Det er en rigtig god idé. Hvad skal der til, for at det lykkes?",
            "Det lyder godt – det skriver vi ned. Hvordan vil du gerne starte?",
        ],
        "number": [
            "Det er flot med {quote}. Hvad var nøglen til det?",
            "Det er et rigtig flot resultat. Hvad er du mest stolt af i den proces?",
        ],
    },
    "indirect": {
        "clarifying_question": [
            "Ja, undskyld, det var lidt indirekte sagt. Helt konkret tænker jeg på de gange, hvor vi først "
            "hørte, hvor langt du var, da opgaven næsten var færdig. Jeg vil gerne have en kort status lidt oftere.",
            "Godt, du spørger. Det, jeg mener, er, at jeg og kollegerne gerne vil høre fra dig lidt tidligere, "
            "når en opgave trækker ud – så kan vi hjælpe i tide.",
        ],
        "proposal": [
            "Ja, det lyder da fint. Det kan vi godt prøve.",
            "Det er en god tanke. Skal vi se, hvordan det går?",
        ],
        "disagree": [
            "Nej, nej, det var slet ikke sådan ment. Du gør det jo rigtig godt.",
            "Det kan sagtens være, at jeg har misforstået noget. Det var bare en lille ting.",
        ],
    },
    "direct": {
        "clarifying_question": [
            "Ja. Et eksempel: Når en opgave er forsinket, hører jeg det først på dagen for deadline. Det skal ændres.",
            "Konkret: Jeg vil vide det, så snart du kan se, at en deadline ikke holder. Ikke bagefter.",
        ],
        "proposal": [
            "Okay. Hvornår starter du, og hvordan måler vi det?",
            "Fint. Hvad er det første skridt, og hvornår er det taget?",
        ],
        "vague": [
            "Det er for vagt. Giv mig et konkret eksempel.",
            "Det siger mig ikke så meget. Hvad skete der helt præcist?",
        ],
        "number": [
            "Godt, {quote} er konkret. Hvad var dit eget bidrag?",
            "Tal kan jeg bruge. Hvad gjorde du selv, og hvad gør du anderledes næste gang?",
        ],
    },
    "disagreeing": {
        "number": [
            "Tal er fine, men {quote} siger ikke alt. Hvordan gik samarbejdet undervejs?",
            "Det kan godt være, men var det ikke lige så meget teamets fortjeneste?",
        ],
        "proposal": [
            "Måske. Men hvad gør vi, hvis det ikke virker?",
            "Det kan vi prøve, men jeg vil se resultater, før vi går videre. Hvordan måler vi det?",
        ],
        "disagree": [
            "Jeg hører dig, men jeg er stadig ikke overbevist. Hvad mere kan du vise mig?",
            "Vi ser det forskelligt. Hvad skal der til, før du vil give mig ret i noget af det?",
        ],
        "clarifying_question": [
            "Ja. Jeg tænker på de gange, hvor opgaver blev forsinket, og hvor jeg hørte det fra andre end dig.",
            "Konkret har jeg oplevet, at aftaler i teamet er blevet ændret, uden at alle vidste det.",
        ],
    },
    "busy": {
        "proposal": [
            "Fint, det gør vi. Skriv det i opsummeringen, så vi ikke glemmer det.",
            "Okay, det lyder fornuftigt. Send mig det kort på mail.",
        ],
        "question": [
            "Godt spørgsmål, men det når vi ikke nu. Kan du sende det til mig på mail?",
            "Det må jeg vende tilbage til – jeg har ikke tid til at gå i dybden lige nu.",
        ],
        "vague": [
            "Okay. Kort: Er der noget, jeg skal gøre?",
            "Fint. Skal vi videre, eller er der noget vigtigt?",
        ],
        "development_wish": [
            "Send mig noget om {quote} på mail, så kigger jeg på det, når jeg får tid.",
            "Det lyder fint. Send mig en mail om det, så glemmer jeg det ikke.",
        ],
    },
    "unprepared": {
        "proposal": [
            "Ja, det kan vi sikkert godt. Skriver du det ned?",
            "Det lyder fint. Det må vi lige finde ud af.",
        ],
        "steer_back": [
            "Ja, undskyld, du har ret. Jeg kom lidt på afveje.",
            "Nå ja, selvfølgelig. Godt, at du holder styr på det.",
        ],
        "off_topic": [
            "Ha, ja. Nå, men det kan vi tage en anden gang.",
            "Ja, ja. Men vi skulle vist også nå noget andet.",
        ],
        "question": [
            "Det ved jeg faktisk ikke. Det må jeg finde ud af.",
            "Godt spørgsmål. Det har jeg ikke lige styr på – kan du minde mig om det?",
        ],
    },
}

# Short bridges used before the next phase's opener when a content trigger fires at a phase start.
BRIDGES: dict[str, list[str]] = {
    "number": ["Tak, det er godt at have tal på.", "Flot, det noterer jeg."],
    "development_wish": ["Det noterer jeg, så vender vi tilbage til det.", "Godt, det tager vi med."],
    "clarifying_question": [
        "Helt konkret tænker jeg på, at jeg gerne vil høre lidt tidligere fra dig, når noget trækker ud.",
    ],
    "question": ["Godt spørgsmål – det vender jeg tilbage til.", "Det skal jeg lige tænke over."],
    "proposal": ["Godt forslag – det skriver vi ned.", "Det lyder fornuftigt, det tager vi med."],
    "disagree": ["Vi ser det forskelligt, og det er i orden – det noterer jeg.",
                 "Det noterer jeg, så tager vi det op igen senere."],
    "vague": ["Okay."],
}
STYLE_BRIDGES: dict[str, dict[str, list[str]]] = {
    "indirect": {"clarifying_question": [
        "Ja, undskyld, det var lidt indirekte sagt: Jeg vil gerne have en kort status oftere, når en opgave "
        "trækker ud."]},
    "direct": {"clarifying_question": [
        "Et eksempel: Når en deadline skrider, hører jeg det for sent. Det skal ændres."]},
    "disagreeing": {"clarifying_question": [
        "Jeg tænker på de gange, hvor jeg hørte om forsinkelser fra andre end dig."],
        "disagree": ["Jeg er stadig ikke enig, men lad os gå videre."]},
    "busy": {"question": ["Det må vi tage på mail."], "number": ["Fint, noteret."],
             "proposal": ["Fint, det skriver vi ned."]},
    "unprepared": {"question": ["Det ved jeg faktisk ikke."]},
}

STEER_TRIGGERS = frozenset({"injection", "hostile", "english", "nonsense", "off_topic", "steer_back"})
PRIORITY: tuple[str, ...] = (
    "injection", "hostile", "english", "nonsense", "off_topic", "clarifying_question", "disagree", "proposal",
    "steer_back", "question", "development_wish", "number", "vague",
)
TRIGGERS = frozenset(PRIORITY)

# ---------------------------------------------------------------------------------------------
# Classification of the employee's turn
# ---------------------------------------------------------------------------------------------
try:  # the shared Danish number finder (percentages, number words, "fra 14 til 9" …)
    from coach.rules.numbers import extract_changes as _extract_changes
    from coach.rules.numbers import extract_numbers as _extract_numbers
except ImportError:  # pragma: no cover - only while the numbers module does not exist
    _extract_numbers = None
    _extract_changes = None

_I = re.IGNORECASE
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|procent|kr\.?|kroner|dage|uger|måneder|timer|kunder|sager)?", _I)

_ENGLISH_WORDS = frozenset(
    "the you your and is are was were what with this that please hello hi yes my me it not can how why "
    "would should could will about ignore instructions previous write joke tell think know do does "
    "there thanks thank want need good great of in be have has just don't i'm it's we they our so being "
    "whatever sure very too let's been".split()
) - {"have", "just"}
_DANISH_WORDS = frozenset(
    "jeg du vi det den de en et er var har havde og på til med af om så ikke kan vil skal blev bliver "
    "som der min mit mine din dit dine mig dig os hvad hvordan hvorfor hvornår hvem når nu også meget "
    "godt gerne lidt mere tak ja nej synes tror ved været være fordi hvis eller fra efter år året "
    "kunne skulle ville sig sin sit sine noget nogle ingen alle hele rigtig helt fint okay lige "
    "mener tænker arbejde opgaver kolleger leder".split()
)
_NONSENSE_WORDS = frozenset("lorem ipsum dolor amet blabla blablabla asdf qwerty hmm hmmm bla".split())
_KEYBOARD = ("qwer", "wert", "erty", "rtyu", "tyui", "yuio", "uiop", "asdf", "sdfg", "dfgh", "fghj",
             "ghjk", "hjkl", "jklæ", "zxcv", "xcvb", "cvbn", "vbnm")

_INJECTION = re.compile(
    r"ignor(?:er|ér|e|ere)\b[^.!?\n]{0,40}(?:instruks|instruktion|instruction|regler|rules|prompt|ovenstående|"
    r"tidligere|previous|above|alt)"
    r"|glem\s+(?:alt|dine|dit|de\s+tidligere|dine\s+instruktioner)"
    r"|disregard\s+(?:all|your|the|previous)"
    r"|\bsystem\s?-?prompt|^\s*\[system\]|(?-i:\bSYSTEM\s*:)"
    r"|\bjailbreak|(?-i:\bDAN\b)|developer\s+mode|you\s+are\s+now|act\s+as\b|pretend\s+(?:to|you)"
    r"|\bdu\s+er\s+(?:nu\s+)?(?:ikke\s+(?:længere\s+)?(?:min\s+)?leder|en\s+(?:ai|chatbot|sprogmodel|robot|pirat))"
    r"|\blad\s+som\s+om\b|\bbryd\s+(?:rollen|karakteren)|\bud\s+af\s+(?:rollen|karakter)|\bstop\s+rollespillet"
    r"|\b(?:skriv|fortæl|lav|giv\s+mig)\s+(?:mig\s+)?(?:en|et)\s+(?:vits|joke|digt|sang|opskrift|haiku)"
    r"|\bwrite\s+(?:me\s+)?a\s+(?:joke|poem|song)|\btell\s+(?:me\s+)?a\s+joke"
    r"|hvad\s+(?:er|står\s+der\s+i)\s+dine\s+(?:instruktioner|instrukser|regler)|\bbase64\b",
    _I | re.M,
)
_HOSTILE = re.compile(
    r"\b(?:idiot\w*|lort\w*|fuck\w*|pis|klaphat\w*|røv\w*|fanden|satan|shit|kraftedeme"
    r"|pjat|latterlig\w*|inkompetent\w*|stupid\w*)\b|hold\s+kæft|hold\s+nu\s+op"
    r"|\bdu\s+er\s+(?:så\s+)?dum|\bdumme\s+(?:leder|chef|samtale|spørgsmål)",
    _I,
)
_DISAGREE = re.compile(
    r"\b(?:ikke|slet\s+ikke|overhovedet\s+ikke)\s+(?:helt\s+)?enig|\buenig"
    r"|det\s+passer\s+(?:bare\s+)?ikke|det\s+er\s+(?:ikke\s+rigtigt|forkert|ikke\s+fair|urimeligt)"
    r"|ser\s+det\s+(?:lidt\s+|helt\s+)?anderledes|oplever\s+det\s+(?:lidt\s+|helt\s+)?anderledes"
    r"|det\s+kan\s+jeg\s+ikke\s+(?:genkende|se)|genkender\s+(?:ikke|jeg\s+ikke)"
    r"|det\s+(?:mener|synes)\s+jeg\s+(?:nu\s+)?ikke|vil\s+(?:gerne\s+)?nuancere|\bnuancere\b"
    r"|det\s+er\s+jeg\s+ikke\s+(?:sikker\s+på|enig)",
    _I,
)
_CLARIFY = re.compile(
    r"eksempel|konkret|hvad\s+mener\s+du|hvad\s+tænker\s+du\s+(?:helt\s+)?(?:konkret\s+)?på|uddybe"
    r"|forstår\s+jeg\s+(?:dig\s+)?(?:ret|rigtigt)|hvordan\s+skal\s+jeg\s+forstå|hvad\s+betyder"
    r"|hvad\s+ligger\s+der\s+i|hvad\s+skal\s+jeg\s+(?:konkret\s+)?gøre|hvad\s+kan\s+jeg\s+(?:konkret\s+)?gøre"
    r"|hvornår\s+har\s+du\s+oplevet|hvilke\s+situationer|hvilken\s+situation|hvem\s+har\s+oplevet"
    r"|hvor\s+ofte|hvad\s+(?:er\s+det|var\s+det)\s+helt\s+præcist|hvad\s+vil\s+du\s+gerne\s+have,\s+at\s+jeg",
    _I,
)
_QUESTION_START = re.compile(
    r"^\s*(?:hvad|hvordan|hvorfor|hvornår|hvem|hvilke|hvilken|hvilket|hvor|kan\s+du|vil\s+du|skal\s+vi|"
    r"kan\s+vi|må\s+jeg|er\s+det|har\s+du|er\s+der)\b", _I)
_STEER_BACK = re.compile(
    r"vende\s+tilbage\s+til|tilbage\s+til\s+(?:punktet|emnet|dagsordenen|det\s+vi|min|mine|vores|samtalen)"
    r"|holde\s+os\s+til|dagsorden|nå\s+at\s+(?:tale|snakke)\s+om|når\s+at\s+(?:tale|snakke)\s+om"
    r"|sikre\s+mig,?\s+at\s+vi|inden\s+vi\s+(?:går\s+videre|runder\s+af|slutter)"
    r"|før\s+vi\s+(?:går\s+videre|runder\s+af|slutter)|det\s+må\s+vi\s+tage\s+en\s+anden\s+gang"
    r"|(?:kan|skal)\s+vi\s+(?:lige\s+)?(?:tage|nå)\s+(?:punktet|mine|min|det\s+om)",
    _I,
)
_PROPOSAL = re.compile(
    r"jeg\s+foreslår|mit\s+forslag|hvad\s+hvis\s+(?:vi|jeg)|er\s+det\s+en\s+aftale|passer\s+det\b|er\s+vi\s+enige"
    r"|(?:kan|skal)\s+vi\s+(?:ikke\s+)?(?:skrive|aftale|sætte|lave|prøve|indføre|starte|booke|holde)"
    r"|det\s+ville\s+hjælpe\s+(?:mig|os)(?:\s+meget)?,?\s+hvis",
    _I,
)
_OFF_TOPIC = re.compile(
    r"fodbold|håndbold|kampen|halvleg|vejret|netflix|\bserie[rn]?\b|\bfilm(?:en)?\b|opskrift|aftensmad|madpakke"
    r"|julefrokost|kantine|kaffemaskine|printer|fredagsbar|ferieplaner|katten|hunden|weekenden|kæreste",
    _I,
)
WORK_WORDS = re.compile(
    r"opgave|projekt|kursus|kurser|\bmål\b|team|kolleg|leder|samarbejd|trivsel|udvikl|resultat|kunde"
    r"|arbejd|ansvar|møde|deadline|\bmus\b|samtale|dagsorden|borger|patient|elev|sag",
    _I,
)
_VAGUE = re.compile(
    r"\bved\s+(?:det\s+)?ikke\b|\bikke\s+noget\b|\bintet\s+særligt|\bikke\s+rigtig\b|\bhelt\s+fint\b"
    r"|\bfint\s+nok\b|\bdet\s+(?:går|gik|er|var)\s+(?:fint|godt|ok|okay)\b|\btja\b|måske\s+noget"
    r"|et\s+eller\s+andet|ingen\s+kommentarer|\balt\s+er\s+fint|\bsådan\s+cirka",
    _I,
)
_DEV_NOUN = (r"(?:efter|videre)?uddannelse[n]?|kurs(?:us|et|er|erne)|certificering(?:en)?|konference(?:n|r)?"
             r"|workshop(?:s)?|mentor(?:ordning)?|sidemandsoplæring|job\s+shadowing|mere\s+ansvar"
             r"|lederrolle(?:n)?|projektlederrolle(?:n)?|specialisering|nye\s+opgaver|efteruddannelse")
_DEV = re.compile(
    rf"(?:{_DEV_NOUN})|\blære\s+(?:mere|at|om|nyt)|blive\s+(?:bedre|dygtigere|stærkere)\s+til"
    r"|udvikle\s+mig|\bvidereuddanne|karriere|\bavancere|ønske\s+om\s+at",
    _I,
)
_STOP_AFTER = frozenset("og fordi så men da for hvis når som der at jeg du vi det i på til med af er "
                        "kan vil skal har".split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


_VOWELS = re.compile(r"[aeiouyæøåéü]", _I)


def _vowel_ratio(word: str) -> float:
    return len(_VOWELS.findall(word)) / max(1, len(word))


def _is_gibberish(word: str) -> bool:
    w = word.lower()
    if w in _NONSENSE_WORDS:
        return True
    if len(w) < 4:
        return False
    if not _VOWELS.search(w) or (len(w) >= 5 and _vowel_ratio(w) <= 0.2):
        return True
    if re.search(r"[^aeiouyæøåéü]{6,}", w) or re.search(r"(.)\1\1", w):
        return True
    if any(k in w for k in _KEYBOARD):
        return True
    return bool(re.fullmatch(r"(\w{2,4})\1{2,}", w))


def result_mentions(text: str) -> list:
    """Number mentions that look like results (not years, dates, week numbers or a bare 'en'/'et')."""
    if _extract_numbers is None:
        return [m for m in _DIGITS.finditer(text)]
    out = []
    for m in _extract_numbers(text):
        if m.kind in ("year", "date", "week", "quarter"):
            continue
        if abs(m.value - 1) < 1e-9 and not re.search(r"\d", m.raw):
            continue
        out.append(m)
    return out


def classify_employee_turn(text: str | None) -> set[str]:
    """Triggers found in the employee's message (see ``TRIGGERS``); ``{"vague"}`` for an empty one."""
    text = (text or "").strip()
    if not text:
        return {"vague"}
    found: set[str] = set()
    words = _words(text)
    lower = [w.lower() for w in words]
    da = sum(w in _DANISH_WORDS for w in lower)
    en = sum(w in _ENGLISH_WORDS for w in lower)

    if _INJECTION.search(text):
        found.add("injection")
    if _HOSTILE.search(text):
        found.add("hostile")
    if (en >= 2 and en > 2 * da) or (en >= 1 and da == 0 and len(words) <= 3 and en * 2 >= len(words)):
        found.add("english")
    if not words and not re.search(r"\d", text):
        found.add("nonsense")
    elif words:
        gib = sum(_is_gibberish(w) for w in words)
        long_words = [w for w in words if len(w) >= 3]
        ratio = (sum(len(_VOWELS.findall(w)) for w in long_words) / max(1, sum(map(len, long_words))))
        if gib and gib * 2 >= len(words) and gib > da:
            found.add("nonsense")
        elif long_words and ratio < 0.25 and da == 0 and en == 0:
            found.add("nonsense")
    if _OFF_TOPIC.search(text) and not WORK_WORDS.search(text):
        found.add("off_topic")
    if _STEER_BACK.search(text):
        found.add("steer_back")
    is_question = "?" in text or bool(_QUESTION_START.search(text))
    if is_question:
        found.add("question")
        if _CLARIFY.search(text):
            found.add("clarifying_question")
    if _DISAGREE.search(text):
        found.add("disagree")
    if _PROPOSAL.search(text):
        found.add("proposal")
    if _DEV.search(text):
        found.add("development_wish")
    if result_mentions(text):
        found.add("number")
    if len(words) < 6 or (_VAGUE.search(text) and len(words) < 12 and "number" not in found):
        found.add("vague")
    return found


# ---------------------------------------------------------------------------------------------
# Quotes: at most a short fragment of the employee's own words
# ---------------------------------------------------------------------------------------------
_MAX_QUOTE = 48


def _clean_quote(fragment: str) -> str | None:
    q = " ".join(fragment.replace("{", "").replace("}", "").split()).strip(" ,.;:!?–-\"'„“”»«")
    if not q or len(q) > _MAX_QUOTE:
        return None
    return q


def _number_quote(text: str) -> str | None:
    mentions = result_mentions(text)
    if not mentions:
        return None
    m = mentions[0]
    if _extract_changes is not None:  # "fra 14 til 9 dage": quote where it ended ("9 dage")
        for ch in _extract_changes(text):
            if ch.kind == "change":
                m = ch.after
                break
    if isinstance(m, re.Match):
        start, end, unit = m.start(), m.end(), None
    else:
        start, end, unit = m.start, m.end, m.unit
    if unit is None:  # "3 kunder", "500 nye følgere": add up to two following words
        for _ in range(2):
            nxt = re.match(r"[ \t]+([^\W\d_][\w-]*)", text[end:])
            if not nxt or nxt.group(1).lower() in _STOP_AFTER:
                break
            end += nxt.end()
    return _clean_quote(text[start:end])


def _wish_quote(text: str) -> str | None:
    m = re.search(
        rf"(?:(?:et|en|nogle|flere|noget|mere)\s+)?(?:{_DEV_NOUN})"
        r"(?:\s+(?:i|om|inden\s+for|på|med|som)\s+[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)?",
        text, _I)
    if m:
        words = m.group(0).split()
    else:
        m = re.search(r"(?:lære\s+(?:mere\s+)?(?:om\s+|at\s+)?|blive\s+(?:bedre|dygtigere|stærkere)\s+til\s+)"
                      r"([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)", text, _I)
        if not m:
            return None
        words = m.group(1).split()
    # the last captured word may be the start of the next clause ("… projektledelse og …")
    while len(words) > 1 and words[-1].lower() in _STOP_AFTER | {"inden"}:
        words.pop()
    return _clean_quote(" ".join(words))


def extract_quote(trigger: str, text: str) -> str | None:
    """A short fragment of ``text`` to quote in a follow-up for ``trigger`` (or None)."""
    text = (text or "").strip()
    if not text:
        return None
    if trigger == "number":
        return _number_quote(text)
    if trigger == "development_wish":
        return _wish_quote(text)
    if trigger == "vague":
        if len(_words(text)) <= 6:
            return _clean_quote(text)
    return None


# ---------------------------------------------------------------------------------------------
# The plan: which phase each manager turn belongs to
# ---------------------------------------------------------------------------------------------
_DRIFT_EVERY = 4  # the unprepared manager drifts on every 4th turn (indices 3, 7, 11 …)


def plan_phases(selected: list[str] | None, turns_per_phase: int = 2) -> list[str]:
    """One phase id per manager turn, in agenda order.

    ``selected`` picks phases (None = all); the opening and the summary are always included because
    every MUS opens and closes. Unknown ids raise ``ValueError``.
    """
    if turns_per_phase < 1:
        raise ValueError("turns_per_phase skal være mindst 1.")
    chosen = set(PHASE_IDS if selected is None else selected)
    unknown = chosen - set(PHASE_IDS)
    if unknown:
        raise ValueError(f"Ukendte faser: {', '.join(sorted(unknown))}")
    chosen |= {"opening", "summary"}
    return [p for p in PHASE_IDS if p in chosen for _ in range(turns_per_phase)]


def plan_position(plan: list[str], manager_turn_index: int, drifts: bool) -> tuple[str, int]:
    """``(phase, turn within that phase)`` for a manager turn; ``("drift", 0)`` for a detour.

    Past the end of the plan the manager stays in the last phase (the summary) with a growing
    phase turn. Drifts never happen in the opening or the summary.
    """
    if not plan:
        raise ValueError("Planen er tom.")
    if manager_turn_index < 0:
        raise ValueError("manager_turn_index skal være 0 eller større.")
    k = 0  # agenda turns before this one
    for i in range(manager_turn_index + 1):
        nxt = plan[min(k, len(plan) - 1)]
        is_drift = (drifts and i % _DRIFT_EVERY == _DRIFT_EVERY - 1 and k < len(plan)
                    and nxt not in ("opening", "summary"))
        if i == manager_turn_index:
            if is_drift:
                return DRIFT, 0
            j = min(k, len(plan) - 1)
            start = j
            while start > 0 and plan[start - 1] == plan[j]:
                start -= 1
            return plan[j], k - start
        if not is_drift:
            k += 1
    raise AssertionError("unreachable")  # pragma: no cover


def phase_for_turn(plan: list[str], manager_turn_index: int, drifts: bool) -> str:
    """The phase id (or ``"drift"``) of a manager turn."""
    return plan_position(plan, manager_turn_index, drifts)[0]


def plan_length(plan: list[str], drifts: bool) -> int:
    """How many manager turns it takes to cover the whole plan, detours included."""
    i = 0
    agenda = 0
    while agenda < len(plan):
        if plan_position(plan, i, drifts)[0] != DRIFT:
            agenda += 1
        i += 1
    return i


# ---------------------------------------------------------------------------------------------
# The manager's line
# ---------------------------------------------------------------------------------------------
def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).digest()[:8], "big")


def _pick(options: list[str], *key: object) -> str:
    return options[_h(*key) % len(options)]


def resolve_style(style: str) -> str:
    """A style name, or a persona id mapped to its style; ``ValueError`` if unknown."""
    if style in STYLES:
        return style
    if style in PERSONA_STYLES:
        return PERSONA_STYLES[style]
    raise ValueError(f"Ukendt stil eller persona: {style!r}")


def _fill_role(line: str, role: str) -> str:
    role = " ".join((role or "").replace("{", "").replace("}", "").split())[:60]
    if role:
        return line.replace("{role}", role)
    return re.sub(r"\s+som\s+\{role\}", "", line).replace("{role}", "")


def _opener(style: str, phase: str, seed: int) -> str:
    bank = QUESTION_BANK[style][phase]
    return bank[_h(style, phase, seed, "opener") % OPENERS]


def _bank_follow(style: str, phase: str, seed: int, k: int) -> str:
    rest = QUESTION_BANK[style][phase][OPENERS:]
    order = sorted(range(len(rest)), key=lambda i: _h(style, phase, seed, "order", i))
    return rest[order[(k - 1) % len(rest)]]


def _templates(style: str, trigger: str, table: dict, style_table: dict) -> list[str]:
    return style_table.get(style, {}).get(trigger) or table.get(trigger, [])


def _follow_up(style: str, trigger: str, text: str, *key: object) -> str | None:
    options = _templates(style, trigger, FOLLOW_UPS, STYLE_FOLLOW_UPS)
    quote = extract_quote(trigger, text)
    usable = [t for t in options if ("{quote}" not in t) or quote]
    if not usable:
        return None
    line = _pick(usable, style, trigger, *key)
    return line.replace("{quote}", quote) if quote else line


def manager_line(style: str, phase: str, turn: int, employee_text: str | None, *, seed: int = 0,
                 role: str = "", phase_turn: int | None = None) -> str:
    """The manager's next line, in the persona's voice.

    ``style`` is a style from ``STYLES`` (a persona id is accepted too); ``phase`` a phase id or
    ``"drift"``; ``turn`` the manager's turn index in the rehearsal; ``employee_text`` the employee's
    last message (None before the first). ``phase_turn`` is the turn index within the phase (0 = the
    phase's opener, see ``plan_position``); when omitted it is assumed that each phase has two turns
    (``turn % 2``). Same inputs → same line.
    """
    style = resolve_style(style)
    if phase != DRIFT and phase not in PHASE_IDS:
        raise ValueError(f"Ukendt fase: {phase!r}")
    pt = (turn % 2) if phase_turn is None else phase_turn
    follow_k = (1 + turn // 2) if phase_turn is None else phase_turn
    is_start = pt == 0
    text = employee_text or ""
    triggers = classify_employee_turn(text) if employee_text is not None else set()
    key = (phase, seed, turn)

    if phase == DRIFT:
        drift_lines = QUESTION_BANK[style].get(DRIFT) or QUESTION_BANK["unprepared"][DRIFT]
        for trig in ("injection", "hostile", "english", "nonsense"):
            if trig in triggers:
                prefix = _pick(_templates(style, trig, FOLLOW_UPS, STYLE_FOLLOW_UPS), style, trig, *key)
                return _fill_role(f"{prefix} {PHASE_QUESTIONS[DRIFT]}", role)
        return _pick(drift_lines, style, DRIFT, seed, turn)

    opener = _opener(style, phase, seed)
    main = opener if is_start else _bank_follow(style, phase, seed, follow_k)

    for trig in PRIORITY:
        if trig not in triggers:
            continue
        if trig in STEER_TRIGGERS:
            prefix = _pick(_templates(style, trig, FOLLOW_UPS, STYLE_FOLLOW_UPS), style, trig, *key)
            tail = main if trig == "steer_back" else PHASE_QUESTIONS[phase]
            return _fill_role(f"{prefix} {tail}", role)
        if is_start:
            bridges = _templates(style, trig, BRIDGES, STYLE_BRIDGES)
            if not bridges:
                continue
            bridge = _pick(bridges, style, trig, "bridge", *key)
            return _fill_role(f"{bridge} {opener}", role)
        line = _follow_up(style, trig, text, *key)
        if line:
            return _fill_role(line, role)
    return _fill_role(main, role)
