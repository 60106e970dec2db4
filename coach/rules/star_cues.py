"""The Danish cues that give a fragment of rough MUS notes its first STAR role: (regex, weight) per role.

Part of the STAR rules (``coach.rules.star_read`` scores each fragment with them). A cue allows inflection; the
weights say how sure a cue is ("faldt fra 14 til 9" is surely an outcome, "nu" only a hint).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
RESULT_CUES = [
    (r"\b(?:result\w*|effekt\w*|outcome)", 3),
    (r"\b(?:fald(?:t|et|er|ende)?|steg|steget|stiger|stigning\w*|stigende|reduc\w+|nedbragt\w*|nedsat\w*"
     r"|sænke[dt]\w*|øg(?:ede|et|er|ning\w*)|forøg\w+|forbedr\w+|halver\w*|fordobl\w*|spar(?:ede|et|er)"
     r"|besparels\w*|færre|gik (?:ned|op)|kom (?:ned|op)|dropped|fell|rose|reduced|increased|improved|saved|cut)\b", 3),
    (r"\b(?:ingen|0|nul)\s+(?:\w+\s+)?\w*(?:fejl|ulykke\w*|skade\w*|klage\w*|booking\w*|afvigelse\w*|reklamation\w*"
     r"|rykkere?|bøde\w*)\b|\b(?:ned|op)\s+med\s+(?:ca\.?\s+|cirka\s+|omkring\s+)?\d", 4),
    (r"\b(?:ingen|0|nul)\s+(?:klager|fejl|nedbrud|sygemeldinger|forsinkelser|restancer|ulykker|skader|overtid"
     r"|bemærkninger|anmærkninger|hændelser|indlæggelser|aflysninger|complaints|errors)\b|\buden\s+(?:nedetid|fejl|klager|problemer|forsink\w*|nedbrud|overtid)", 4),
    (r"\b(?:nede?\s+(?:på|til)|oppe\s+på|forsvandt|stoppede|bestod|før tid)\b|\bmod\s+(?:ca\.?\s+|kun\s+)?\d", 3),
    # "ingen hændelser siden", "vi har ikke mistet materiale siden", "aflysningerne er næsten væk": it stopped
    (r"\b(?:ingen|ikke|aldrig\s+mere)\b(?:\s+\S+){0,7}?\s+siden\b|\bnæsten\s+aldrig\b|\bikke\s+længere\b|\bno\s+longer\b"
     r"|\bingen\s+(?:[\wæøå-]+\s+){0,3}?(?:i\s+(?:år|sommer|vinter|foråret|efteråret|høst\w*|\w*sæsonen|\d{4})|ved\s+(?:kontrollen|næste|sidste))\b"
     r"|\b(?:blev|er)\s+taget\s+i\s+brug\b|^\s*(?:efter|after)\s+(?:\S+\s+){0,2}(?:kvartal|måned|uge|år|halvår)\w*\b"
     r"|\b(?:er|blev)\s+(?:næsten\s+|helt\s+|stort\s+set\s+)?(?:væk|forsvundet|stoppet|slut)\b|\bno\s+(?:\w+\s+){0,2}since\b", 4),
    (r"\b(?:endte (?:med|på|ud med)|landede på|(?:er|blev) (?:nu )?(?:blevet )?(?:gjort )?(?:fast|permanent\w*)|et snit på"
     r"|ingen\s+(?:\w+\s+){0,2}(?:gik tabt|blev væk|forsvandt))\b", 3),
    (r"\bi stedet for\b", 2),
    (r"\b(?:ros|rost|roste|positiv\w*\s+(?:feedback|tilbagemelding\w*)|god\w*\s+feedback|tilfredse|tilfredshed\w*"
     r"|glade|gladere|takkede|praised|positive feedback)\b", 3),
    (r"\b(?:lykke(?:des|dedes)|nåede|nået|opnå\w*|overholdt|til tiden|under budget|i mål|blev godkendt|fik godkendt|blev løst"
     r"|blev en succes|succes\w*|on time|on budget)\b", 3),
    (r"\b(?:kortere|hurtigere|lavere|højere|bedre|mindre|flere)\b", 2),
    (r"\b(?:nu|i dag|siden da|efterfølgende)\b|(?<!først )\befter\s+\S+\s+(?:måned|uge|år\b|dag)", 1),
]
SITUATION_CUES = [
    (r"\b(?:klag\w*|problem\w*|udfordr\w*|mangl\w*|ventetid\w*|venteliste\w*|ventede|fejl\w*|forsink\w*|nedbrud\w*"
     r"|sygefravær\w*|fravær\w*|sygemeld\w*|travlt|travl\w*|pres\w*|kaos\w*|utilfreds\w*|stress\w*|bagud|overarbejde"
     r"|efterslæb|pukkel|kø|køer|køen|løb tør|udsolgt\w*|udebl\w*|restance\w*|opsig\w*|underbemand\w*|ustabil\w*|langsom\w*|ineffektiv\w*|besværlig\w*|svært"
     r"|konflikt\w*|dårlig\w*|bøvl\w*|spild\w*|uklar\w*|rodet|mistede|risiko\w*|complain\w*|issues?|slow|backlog|delays?)\b", 2),
    (r"\b(?:for (?:lang|lange|mange|få|høj|højt|lav|lavt|sent|sen|dyr|dyrt)|tog (?:for )?lang tid|too (?:long|many|slow))\b", 3),
    (r"\b(?:nyt?\s+\w*system\w*|ny\w*\s+(?:leder|lov|regler|krav)|omorganiser\w*|sammenlægning\w*|nedskæring\w*)", 2),
    (r"\b(?:tidligere|før|inden|oprindelig\w*|udgangspunkt\w*|baggrund\w*|da|pga|på grund af|fordi|var|havde)\b", 1),
]
_ROLE_NOUNS = (r"\w*vejleder|\w*ansvarlig|tovholder|koordinator|mentor|superbruger|kontaktperson|"
               r"\w*repræsentant")  # "jeg er klinisk vejleder for …", "blev forflytningsvejleder"
TASK_CUES = [
    (r"\b(?:skulle|blev bedt|blev spurgt,? om (?:jeg|vi) (?:ville|kunne)|bad mig|bad os|(?:har|havde) bedt (?:mig|os)|tildelte (?:mig|os)|gav mig (?:ansvaret|opgaven)"
     r"|min opg\.?|(?:havde|har|fik|overtog|tog)(?: jeg| vi)?(?: som [\wæøå-]+)? (?:fået |også )?(?:ansvaret|ansvar|ownership|ejerskab|rollen|opgaven)"
     r"|blev (?:jeg|vi) (?:\w+ )?bedt|bad (?:\w+ ){1,2}(?:mig|os) (?:om )?at|blev sat til at|fik (?:til opg\.?|frie hænder)"
     r"|meldte mig (?:som|til)|skulle jeg som"
     rf"|blev (?:\w+\s+)?(?:{_ROLE_NOUNS})\b|(?:jeg|vi) er (?:\w+\s+)?(?:{_ROLE_NOUNS})\s+(?:for|på|i)"
     r"|påtog mig|fik lov (?:til|at)|var on-?call"
     r"|(?:my (?:manager|boss|lead) )?asked me|was in charge|i was responsible"
     r"|blev (?:udpeget|udnævnt|valgt) som|fik (?:til )?opgave|fik ansvar\w*|min (?:opgave|rolle)|rollen|rolle som"
     r"|målet|målene|målsætning\w*|mål om|var ansvarlig|(?:tovholder|projektleder|koordinator)(?:rollen|opgaven|ansvaret|funktionen)?|stod for"
     r"|my (?:role|task|job)|responsible|was asked|had to|goal)\b", 4),
    (r"\b(?:opgave(?!r)\w*|ansvar\w*|formål\w*|mandat|deadline)\b", 2),
]
TASK_CUE = re.compile(  # anything that states a responsibility, for the validator: a task may only come from these
    r"\b(?:skulle|bedt|spurgt,? om (?:jeg|vi) (?:ville|kunne)|bad\s+(?:\w+\s+){0,2}(?:mig|os)|sat\s+til\s+at|frie\s+hænder|meldte\s+mig|opg(?:ave\w*|\.)?|ansvar\w*|ownership|ejerskab|rolle\w*|"
    r"(?:tovholder|projektleder|koordinator)(?:rollen|opgaven|ansvaret|funktionen)?|stod for|tildelt\w*|udpeget|"
    r"mål(?:et|s[aæ]tning\w*)?|on-?call|fik lov|"
    r"asked|responsible|in charge|my (?:job|role|task)|had to|goal)\b|\bsom\s+[a-zæøå-]{4,}(?:ansvarlig|leder|er)\b"
    rf"|\b(?:jeg|vi) er (?:\w+\s+)?(?:{_ROLE_NOUNS})\b",
    _I)

# the reason or the background, wherever it is written: "fordi …", "Baggrunden var, at …", "det var fordi …"
CAUSE = re.compile(r"^(?:og\s+)?(?:(?:baggrund(?:en)?|årsag(?:en)?|grund(?:en)?|udgangspunkt(?:et)?|problem(?:et)?|udfordring(?:en)?)"
                   r"\s+(?:for det\s+)?(?:var|er)\b|det\s+(?:var|er|skete)\s+(?:fordi|pga|på grund af|da)\b|det\s+skyldtes\b"
                   r"|(?:fordi|eftersom|because)\b)", re.I)
# the lead of a reason, dropped when the reason is said as the situation: "Baggrunden var, at akutte prøver lå …"
CAUSE_LEAD = re.compile(r"^(?:(?:baggrund(?:en)?|årsag(?:en)?|grund(?:en)?|udgangspunkt(?:et)?)\s+(?:var|er),?\s+at\s+"
                         r"|det\s+(?:var|er|skete)\s+(?:fordi|da)\s+|det\s+skyldtes,?\s+at\s+|(?:fordi|eftersom)\s+)", re.I)
