"""SMART lexicon, part 2: deadlines and horizons, rhythms, placeholders, goals that need someone's yes, and
over-reach (the regexes ``coach.rules.smart_check`` judges time-bound and achievable with)."""

from __future__ import annotations

import re


def _alt(words) -> str:
    return "|".join(words)


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december")
_NUMW = (r"(?:\d+|en|et|ét|halvandet|halvanden|to|tre|fire|fem|seks|syv|otte|ni|ti|tolv|atten|tyve|et par|nogle|a|one|two|"
         r"three|four|five|six|twelve)")
_UNIT = (r"(?:dage|dag|uger|uge|måneder|måned|år|kvartaler|kvartal|halvår|days?|weeks?|months?|years?|"
         r"quarters?)")
TIME_PATTERNS = (  # horizons and deadlines; a rhythm ("hver uge") is RHYTHM_RE and not a horizon
    rf"\b\d{{1,2}}\.\s*(?:{_alt(MONTHS)}|jan|feb|mar|apr|jun|jul|aug|sept?|okt|nov|dec)\b",
    r"\b(?:[12]?\d|3[01])/(?:1[0-2]|0?[1-9])(?:[/-]\d{2,4})?\b", r"\b\d{4}-\d{2}-\d{2}\b",
    rf"\b(?:{_alt(MONTHS)})\b", r"\b(?:19|20)\d\d\b", r"\bq[1-4]\b", r"\b[1-4]\.\s*(?:kvartal|halvår)\b",
    r"\b(?:første|andet|tredje|fjerde|næste|dette|indeværende|kommende)\s+(?:kvartal|halvår)\b",
    r"\buge\s*\d{1,2}\b", r"\bnæste\s+(?:års\s+)?(?:mus|\w*samtale|"
    r"år|måned|uge|sæson|skoleår|regnskabsår)\b",
    r"\b(?:i år|i morgen|næste år|det kommende år|i det nye år|indeværende år|resten af året|årsskiftet|nytår|jul\w*|påske\w*|skoleår\w*)\b",
    r"\b(?:forår|sommer|efterår|vinter)(?:et|en|s?ferie\w*|perioden)?\b",
    r"\b(?:udgangen|slutningen|starten|begyndelsen|midten|afslutningen)\s+af\b",
    r"\b(?:primo|medio|ultimo)\s+\w+", r"\binden\b(?!\s+(?:for|kl)\b)", r"\bsenest\b",
    r"(?<!\bend )(?<!\bsom )(?<!aldrig )\bfør\b(?!\s+i\s+tiden)",
    rf"(?<!gange )(?<!gang )\b(?:om|i løbet af|inden for|indenfor|på|over|within|in|the)\s+(?:de\s+|det\s+|den\s+)?"
    rf"(?:(?:næste|kommende|next)\s+(?:{_NUMW}\s+)?|{_NUMW}\s+)(?:halv[et]\s+)?{_UNIT}\b",
    rf"\b(?:de|det|den)\s+(?:næste|kommende)\s+(?:{_NUMW}\s+)?(?:halv[et]\s+)?{_UNIT}\b",
    r"\bi løbet af\s+(?:\w+\s+){0,2}?(?:dag|uge|måned|år|kvartal|halvår|forår|sommer|efterår|vinter|"
    r"periode|prøveperiode|sæson)\w*",
    rf"\b(?:by|before|until|in|end of)\s+(?:{_alt(EN_MONTHS)})\b", r"\bbefore\s+the\s+\w+", r"\b(?:before|by|until)\s+(?:summer|christmas|easter|autumn|spring|winter)\b",
    r"\bby\s+(?:the\s+)?(?:end|beginning|middle|start)\s+of\b",
    r"\bnext\s+(?:review|year|quarter|month|week|mus|appraisal)\b", r"\bthis\s+(?:year|quarter)\b")
TIME_RE = re.compile("|".join(TIME_PATTERNS), re.I)
RHYTHM_RE = re.compile(
    r"\bhvert?\s+(?:anden\s+)?(?:dag|uge|måned|morgen|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|"
    r"vagt|sprint|kvartal|år|semester)\w*|\b(?:daglig|ugentlig|månedlig|årlig)[et]?\b|\b(?:kvartalsvis|"
    r"løbende|jævnligt|daily|weekly|monthly)\b|\bevery\s+\w+|\b(?:om|pr\.?|per|a)\s+(?:dagen|ugen|"
    r"måneden|året|uge|måned|dag|semester|vagt|week|month|day)\b", re.I)
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")
TIME_PLACEHOLDER = re.compile(r"dato|deadline|tidspunkt|frist|uge|måned|periode|hvornår|date", re.I)
MEASURE_PLACEHOLDER = re.compile(
    r"antal|niveau|tal\b|procent|kursus|forløb|mål|resultat|certific|leverance|bevis|eksamen|number|level", re.I)
APPROVAL_RE = re.compile(  # the goal needs a yes from someone else: money, time, a position, other people's work
    r"\b\d[\d.]*\s*(?:kr\.?|kroner|,-)(?!\w)|\b(?:få|et|ekstra|mere|større)\s+budget(?:tet|ter|terne)?\b|\bbudget\s+til\b|\b(?:løn\w*|mere i løn|højere løn|forfremme\w*|lederstilling\w*)"
    r"|\b(?:blive|være)\s+(?:\w+\s+)?\w*(?:leder|chef|direktør|partner)\b|\bblive\s+senior\b"
    r"|\bved siden af\s+(?:\w+\s+){0,2}(?:drift\w*|opgaver|arbejde\w*|sprint\w*|job\w*)|\bny\s+stilling|\bgå\s+ned\s+(?:i\s+tid|(?:til|på)\s+\d+\s+timer)|\bindfør\w*\s.{0,40}\b(?:på|i|for)\s+(?:hele\s+)?(?:afdelingen|teamet|huset|skolen|kommunen)\b|\bnedsat\s+tid"
    r"|\bdeltid|\bhjemmearbejd\w*|\barbejde\s+(?:hjemme|hjemmefra)|\b(?:orlov|sabbat\w*)\b|\bansætte\s+\w+"
    r"|\bhele\s+(?:afdelingen|teamet|huset|organisationen|virksomheden)|\balle\s+(?:mine\s+)?(?:kolleger|medarbejdere)"
    r"|\b(?:firmaet|arbejdsgiveren|virksomheden|afdelingen|kommunen|regionen|skolen)\s+(?:skal\s+|må\s+|vil\s+)?(?:betale|betaler|finansiere)\b"
    r"|\bbetalt\s+af\s+(?:firmaet|arbejdsgiveren|virksomheden|afdelingen|kommunen|regionen)\b"
    r"|\b(?:få|får|ansætte|have|skaffe)\s+(?:\w+\s+)?(?:ekstra|flere|nye)\s+(?:kolleger|medarbejdere|folk|hænder|stillinger|vikarer|ansatte)\b"
    r"|\b(?:raise|promotion|budget|work from home)\b", re.I)
OVERREACH_RE = re.compile(  # only obvious over-reach; real feasibility needs the workplace
    r"\baltid\b.*\b(?:100\s*%|alle|tilfreds\w*|perfekt\w*|fejlfri\w*)|\b(?:100\s*%|alle)\b.*\baltid\b"
    r"|\baldrig\b(?:\s+\w+){0,3}?\s+(?:fejl\w*|klage\w*|for sent|syg\w*|ned)\b|\bperfekte?\b"
    r"|\b(?:nul|0|ingen)\s+(?:fejl|klager|reklamationer|sygedage)\b|\bfejlfri\w*|\bverdens\s+bedste\b"
    r"|\bbedste\b.{0,40}\bi\s+(?:verden|landet|danmark)\b|\bbest\b.{0,40}\bin\s+the\s+(?:world|country)\b"
    r"|\b100\s*%\s+(?:tilfreds\w*|fejlfri|perfekt)|\b(?:fordobl|tredobl|firdobl|tidobl|halver)\w*\b"
    r"(?:\s+\S+){0,10}?\s+(?:på|inden for|i løbet af|om)\s+(?:(?:en|et|én|1|to|2|tre|3)\s+(?:dag|dage|uge|uger)|(?:en|én|1)\s+måned)\b"
    r"|\balways\b.*\b(?:100|all|every|satisf\w*|perfect)|\bnever\b(?:\s+\w+){0,3}?\s+(?:mistakes?|errors?)"
    r"|\bzero\s+(?:errors|mistakes|complaints|bugs)\b"
    r"|\b\w*(?:direktør|chef|leder|partner)\b.{0,30}\b(?:inden\s*for|inden|om|på|i løbet af)\s+(?:næste|en|et|1|to|2|få|\d+|seks|tre|fire)"
    r"\s+(?:måned|uge|dag)\w*|\bflydende\b.{0,40}\b(?:om|inden|på|i løbet af)\s+(?:\w+\s+)?(?:uge|uger|måned|dage)\b"
    r"|\bmå aldrig\b|\baldrig\s+(?:\w+\s+){0,3}?(?:ubesvare\w*|forsink\w*)"
    r"|\b(?:ikke være|ikke ligge|ingen)\s+(?:\w+\s+){0,1}?(?:sygefravær|fravær|sygedage)\b"
    r"|\b(?:double|triple)\b.{0,60}\b(?:in|within)\s+(?:a|one|1|two|2)\s+(?:day|week)s?\b", re.I)
