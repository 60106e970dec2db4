"""What the debrief looks for in the employee's own turns (Danish, and the English a foreign employee writes)."""

from __future__ import annotations

import re

_I = re.IGNORECASE

ACTION_VERBS = (
    r"lavede|lavet|indførte|indført|udviklede|udviklet|analyserede|analyseret|byggede|bygget|gennemførte|gennemført"
    r"|ledede|ledet|tog\s+initiativ|taget\s+initiativ|satte|startede|startet|skrev|skrevet|implementerede|implementeret"
    r"|organiserede|organiseret|planlagde|planlagt|kortlagde|kortlagt|lancerede|lanceret|automatiserede|automatiseret"
    r"|oplærte|oplært|trænede|koordinerede|koordineret|løste|løst|ændrede|ændret|foreslog|foreslået|sørgede|sørget"
    r"|omlagde|omlagt|reducerede|reduceret|øgede|øget|halverede|halveret|optimerede|optimeret|etablerede|etableret"
    r"|underviste|undervist|afholdt|afholdte|afsluttede|afsluttet|leverede|leveret|ringede|fik|flyttede|flyttet"
    r"|behandlede|behandlet|rekrutterede|rekrutteret|lagde|lagt|begyndte|prioriterede|prioriteret|holdt|stod\s+for"
    r"|stået\s+for|været\s+tovholder|haft\s+ansvar(?:et)?|været\s+ansvarlig|tog\s+ansvar|styrede|styret|overholdt"
    r"|opbyggede|fandt|skabte|skaffede|solgte|vandt|hjalp|gennemgik|strukturerede|digitaliserede|forenklede"
    r"|ført|førte|uddannet|uddannede|bestod|bestået|afleverede|afleveret"
)
EN_ACTION = (r"wrote|set\s+up|built|made|started|led|created|reduced|introduced|organi[sz]ed|trained|got|ran|designed"
             r"|fixed|migrated|delivered|launched|improved|managed|cut|saved|\w{3,}ed")
ACTION = re.compile(
    rf"\bjeg\s+(?:har\s+|havde\s+)?(?:selv\s+)?(?:også\s+)?(?:{ACTION_VERBS}|[a-zæøå]{{3,}}(?:ede|ete))\b"
    rf"|\b(?:{ACTION_VERBS})\s+jeg\b"
    rf"|\bstod\s+jeg\s+for\b|\b(?:har|havde)\s+jeg\s+(?:\w+\s+)?(?:{ACTION_VERBS})\b|\bmin\s+del\s+(?:var|har\s+været)"
    rf"|\bi\s+(?:also\s+)?(?:{EN_ACTION})\b",
    _I,
)
RESULT = re.compile(
    r"resultat|det\s+betød|hvilket|det\s+gav|det\s+førte\s+til|reducere|øge[dst]?\b|øgede|steg|faldt|sparede|halvere"
    r"|fordoble|gik\s+(?:fra|ned|op)|forbedre|færre|hurtigere|billigere|tilfredshed|til\s+tiden|under\s+budget|selvkørende"
    r"|brugte\s+den|bruger\s+(?:den|det)\s+nu|accepted|went\s+from|zero|,?\s+og\s+nu\b|\bnu\s+(?:er|kan|har|bruger)"
    r"|mere\s+med|gladere|tilfredse|roser|\brost\b|bestod|uden\s+fejl|før\s+tid"
    r"|(?:ligget|ligger|lå)\s+på\s+(?:omkring\s+|ca\.?\s+)?\d|over\s+målet|det\s+højeste|det\s+bedste\s+(?:tal|resultat)|rekord"
    r"|went\s+(?:up|down)|from\s+(?:around\s+|about\s+)?\d[\d.,]*\s+to\s+\d|increased|decreased|satisfaction|fewer|faster",
    _I,
)
JEG = re.compile(r"\b(?:jeg|mig|min|mit|mine)\b|(?-i:\bI\b)|\bmy\b", _I)
NOT_CONTRIB = re.compile(r"\b(?:det\s+)?ved\s+jeg\s+ikke\b|\bjeg\s+ved\s+(?:det\s+)?ikke\b|\bjeg\s+synes\b|\bjeg\s+tror\b", _I)
MAN = re.compile(r"\bman\b", _I)
VI = re.compile(r"\bvi\b", _I)
VI_OK = re.compile(
    r"\b(?:skal|kan|kunne|bør|må)\s+vi\b|\bså\s+\w+\s+vi\b|\bvi\s+(?:kunne|kan|skal|aftaler|aftalte|følger|tager|ses|taler"
    r"|talte|snakker|siger|vender|er\s+enige|er\s+ikke\s+enige|bliver\s+enige|ser\s+det|sætter|booker|holder|prøver)\b",
    _I,
)
MOTIVATION = re.compile(
    r"\bfordi\b|så\s+jeg\s+(?:kan|bliver|får)|for\s+at\b|det\s+vil\s+(?:gøre|give|hjælpe|styrke)|det\s+giver|det\s+betyder"
    r"|på\s+den\s+måde|derfor|så\s+(?:teamet|vi|afdelingen)\s+(?:kan|får)|passer\s+godt\s+til|jeg\s+vil\s+bruge\s+det"
    r"|because|so\s+that|so\s+i\s+can|since\s+we",
    _I,
)
EN_WISH = re.compile(r"\bi\s+(?:want|would\s+like|need|hope)\s+to\b|\bmy\s+development\b", _I)
TIMED_WISH = re.compile(r"\bi\s+(?:foråret|efteråret|sommer)|\binden\s+årets\s+udgang|\bnæste\s+år|\bnext\s+(?:year|autumn|spring)"
                        r"|\bkonkret\b|\bdage\b|\bfra\s+efteråret|\bmodul", _I)
PROPOSAL = re.compile(
    r"jeg\s+foreslår|foreslår\s+jeg|mit\s+forslag|\bforslag\s*:|forslaget\s+er|hvad\s+hvis\s+(?:vi|jeg)"
    r"|kunne\s+vi\s+(?:ikke\s+)?(?!aftale|vende|tale|snakke|nå\b|lige)\w+|vi\s+kunne\s+(?!ikke)\w+"
    r"|jeg\s+kunne\s+(?:godt\s+)?(?:tage|starte|lave|prøve|sende|stå\s+for|samle|skrive)"
    r"|skal\s+vi\s+(?:ikke\s+)?(?:prøve|lave|holde|indføre|starte)|kan\s+vi\s+(?:ikke\s+)?(?:prøve|indføre|lave|holde|samle)"
    r"|jeg\s+vil\s+gerne\s+(?:selv\s+)?(?:tage|stå\s+for|prøve|starte|lave|tilbyde|være\s+med\s+til\s+at\s+skrive)"
    r"|det\s+ville\s+hjælpe\s+(?:mig|os)(?:\s+(?:meget|rigtig\s+meget))?,?\s+hvis|jeg\s+har\s+(?:undersøgt|fundet)|jeg\s+tilbyder"
    r"|(?<!så\s)(?<!at\s)jeg\s+kan\s+(?:godt\s+)?(?:tage|stå\s+for|lave|sende|skrive|samle)|fremover\s+(?:melder|sender|giver|lægger)\s+jeg"
    r"|mål\s+kunne\s+være|som\s+mål\s+foreslår|\bi\s+(?:propose|suggest)|my\s+proposal|could\s+we\s+(?:try|have)"
    r"|would\s+help\s+me|i\s+would\s+like\s+us\s+to|hvad\s+med\s+at|vi\s+kunne\s+(?:godt\s+)?prøve"
    r"|en\s+løsning\s+(?:kunne|kan)\s+være|jeg\s+vil\s+(?:gerne\s+)?foreslå|jeg\s+tænker,?\s+at\s+vi\s+kunne|hvis\s+vi\s+nu"
    r"|hvad\s+siger\s+du\s+til,?\s+at\s+(?:vi|jeg)|jeg\s+har\s+et\s+forslag|jeg\s+kan\s+tage\s+ansvaret|how\s+about",
    _I,
)
PROBLEM = re.compile(
    r"problem|udfordring|svært|for\s+meget|travlt|presset|mangler|stress|frustre|fungerer\s+ikke|ikke\s+fungerer"
    r"|forsink|for\s+lidt|uklar|bøvl|slider|utryg|afbrydelser|kø\b|ikke\s+holdbart|ikke\s+lykkedes|for\s+sent"
    r"|hard|difficult|lost|outside|folk\s+nok|for\s+få|løber\s+stærkt|ingen\s+gider|ikke\s+gode|dårlig"
    r"|ikke\s+sikker\s+nok|utilfreds|klager|ikke\s+godt\s+nok|\bstram\b|\bstramme\b|når\s+(?:det|den|dem)\s+ikke"
    r"|ikke\s+altid\s+når|\bhårdt\b|overbelast|for\s+lang|\btungt\b|explodes|the\s+problem|too\s+(?:much|many|slow)",
    _I,
)
NO_PROBLEM = re.compile(r"ikke\s+(?:været\s+)?(?:de\s+)?store\s+problemer|\bno\s+problem|ingen\s+problemer|ikke\s+noget\s+problem", _I)
ACK = re.compile(
    r"jeg\s+kan\s+godt\s+(?:se|forstå|følge|genkende)|jeg\s+forstår|jeg\s+hører|det\s+er\s+en\s+fair|god\s+pointe|fair\s+pointe"
    r"|det\s+har\s+du\s+ret\s+i|du\s+har\s+ret|tak,?\s+fordi|tak\s+for|det\s+er\s+rigtigt,?\s+at|jeg\s+ved\s+godt"
    r"|det\s+tager\s+jeg\s+til\s+mig|jeg\s+vil\s+gerne\s+forstå|det\s+kan\s+godt\s+være|fair\s+nok|jeg\s+er\s+med\s+på"
    r"|høre\s+din\s+vurdering|høre,?\s+hvad\s+du|forstå\s+din|giver\s+mening|det\s+var\s+min\s+fejl|burde\s+have",
    _I,
)
FACTS = re.compile(
    r"\bfx\b|f\.eks\.|for\s+eksempel|i\s+projekt|da\s+jeg|situationen|\bdata\b|tilbagemelding|\d"
    r"|dokumentere|referat|til\s+tiden|rettidigt|deadline|leveret|leverede|leverancer|resten\s+af|\b(?:januar|februar"
    r"|marts|april|maj|juni|juli|august|september|oktober|november|december)\b",
    _I,
)
NOT_RESULT = re.compile(r"overarbejde|overtime|merarbejde|ekstra\s+timer|extra\s+hours|i\s+kø\b|\bmål\b|målet|foreslår"
                        r"|forslag|\binden\b|\bsenest\b|\bskal\b|\bvil\s+gerne\b|goal|\bbefore\b|\bby\s+\d", _I)
VAGUE_CLAIM = re.compile(r"end\s+nogen\s+(?:anden|andre)|mere\s+end\s+(?:alle|de\s+andre)|than\s+anyone", _I)
HEAT = re.compile(
    r"det\s+passer\s+(?:bare\s+)?ikke\s*!|\bdu\s+(?:har|er|hører|forstår)\s+aldrig\b|\bdu\s+er\s+aldrig\b|\bdet\s+er\s+altid\s+mig"
    r"|altid\s+mig,?\s+der|urimeligt|uretfærdigt|unfair|latterligt|\bpjat\b|\bvrøvl\b|\bsludder\b|hold\s+nu\s+op"
    r"|din\s+skyld|fuldstændig\s+forkert|!!|\bidiot|\bdu\s+er\s+(?:så\s+)?dum|\blort|hold\s+kæft|inkompetent"
    r"|gider\s+(?:ikke|det\s+her)|spild\s+af\s+tid|ellers\s+(?:siger\s+jeg\s+op|ved\s+jeg\s+ikke)|ingen,?\s+der\s+siger\s+tak"
    r"|hvad\s+får\s+jeg\s+for\s+det|det\s+er\s+ham,?\s+der\s+er\s+problemet|det\s+ændrer\s+alligevel\s+ikke|pointless"
    r"|stop\s+being\s+so|udvikling,\s+ha\b|det\s+er\s+vel\s+det,?\s+du\s+vil\s+høre|skriv\s+da",
    _I,
)
STEERS = re.compile(
    r"jeg\s+vil\s+(?:gerne|lige)\s+(?:lige\s+)?(?:nå|tale\s+om|sikre|have\s+talt|nævne)|inden\s+vi\s+(?:runder\s+af|går\s+videre|slutter)"
    r"|før\s+vi\s+(?:slutter|runder\s+af|går\s+videre|fortsætter)|kan\s+vi\s+(?:lige\s+)?(?:nå|tage|vende)"
    r"|det\s+vil\s+jeg\s+gerne\s+(?:tage|tale\s+om)|det\s+er\s+vigtigt\s+for\s+mig|jeg\s+har\s+(?:forberedt|tre\s+punkter|taget\s+mit)"
    r"|tilbage\s+til|dagsorden|mine\s+punkter|vores\s+punkter|så\s+vi\s+når|for\s+en\s+god\s+ordens\s+skyld"
    r"|helst\s+ikke\s+tage\s+(?:det|den)\s+på\s+mail|hellere\s+have\s+nye|i\s+stedet\s+for\s+at\s+genbruge|de\s+vigtigste\s+først"
    r"|det\s+må\s+vi\s+tage\s+en\s+anden\s+gang|kan\s+vi\s+(?:ikke\s+)?(?:lige\s+)?aftale\s+nu|selv\s+om\s+tiden"
    r"|^\s*kort\s*(?:fortalt\s*)?[:,]|\bkort\s+fortalt\b|\bnej\s+vent\b|\bog\s+ikke\s+(?:bare\s+)?på\s+mail"
    r"|lad\s+os\s+(?:lige\s+)?(?:tage|nå|vende\s+tilbage)|(?:tage|tale\s+om)\s+(?:\w+\s+){0,2}nu\s+og\s+ikke"
    r"|\bback\s+to\s+(?:my|the)\b|before\s+we\s+(?:finish|wrap|move\s+on)",
    _I,
)
SPECIFIC_QUESTION = re.compile(r"konkret|eksempel|præcist|hvilke|hvilken|hvornår|hvor\s+mange|hvad\s+skal|hvad\s+har\s+du\s+lagt"
                               r"|hvem\s+har|forstå\s+det\s+sådan|hvad\s+skete"
                               r"|example|concrete|specific", _I)
TAKES_FEEDBACK = re.compile(r"^\s*nåh?,?\s+(?:okay|ok|javel)\b|det\s+har\s+jeg\s+ikke\s+(?:lige\s+)?tænkt\s+(?:så\s+meget\s+)?(?:over|på)"
                            r"|\bdet\s+må\s+jeg\s+(?:jo\s+)?(?:så\s+)?tage\s+til\s+efterretning", _I)
VAGUE_TIME = re.compile(r"på\s+et\s+tidspunkt|en\s+dag|en\s+anden\s+gang|når\s+det\s+bliver\s+aktuelt|finder\s+vi\s+ud\s+af"
                        r"|vi\s+tager\s+det\s+på\s+mail|tager\s+det\s+op\s+igen", _I)
QUOTED = re.compile(r"['‘’\"„“”»«][^'‘’\"„“”»«]{0,30}['‘’\"„“”»«]")
ULTIMATUM = re.compile(r"\bellers\s+(?:siger\s+jeg\s+op|ved\s+jeg\s+ikke|går\s+jeg|stopper\s+jeg)[^.!?]*[.!?]?", _I)
HEDGES = re.compile(r"\b(?:altså|øh+|øøh|jo|vel|bare|lige|måske|sådan|ligesom|liksom|egentlig|lidt|jamen|tja)\b\s*|"
                    r",?\s*(?:tror|synes)\s+jeg\b|\beller\s+sådan(?:\s+noget)?\b|\bog\s+sådan\b", _I)
