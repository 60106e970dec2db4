"""The rules' SMART rewrite: the user's own goal as a correct Danish sentence, with a concrete, clearly marked
suggestion ("[fx tage et kursus i pivottabeller]") for each part the user still has to decide, a worked example
and the questions that fill the gaps. Never a bare placeholder, never an invented fact outside the brackets:
the user's words, deadline and reason are kept as written.

Suggestions and examples are content (``content/smart/topics.yaml``): the first topic whose words occur in
the goal gives them, else the general topic.
"""

from __future__ import annotations

import re

from pydantic import Field

from coach import content
from coach.content import ContentModel, register
from coach.rules.smart_check import (
    ACTION_RE,
    LEARNING_RE,
    NON_VERB_E,
    RHYTHM_RE,
    WEAK_VERBS,
    SmartCheck,
    _is_english,
    check_goal,
    strip_injection,
)


class Topic(ContentModel):
    id: str
    words: list[str]
    how: str = Field(min_length=3)
    measure: str = Field(min_length=3)
    example: str = Field(min_length=10)


class Topics(ContentModel):
    topics: list[Topic] = Field(min_length=1)
    deadline: str


register("smart/topics.yaml", Topics)


def _topics() -> Topics:
    return content.load("smart/topics.yaml", Topics)


def _word_re(word: str) -> str:
    return r"\b" + re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else r"\b")


def topic_for(goal: str) -> Topic:
    """The first topic whose words occur in the goal; the last topic (general) otherwise."""
    topics = _topics().topics
    for topic in topics:
        if topic.words and re.search("|".join(_word_re(w) for w in topic.words), goal, re.IGNORECASE):
            return topic
    return topics[-1]


_SENTENCES = re.compile(r"(?<=[.!?])(?<!\d\.)\s+(?=[A-ZÆØÅ«\"])")  # "i 3. kvartal" is one sentence
_LEADIN = re.compile(
    r"^(?:(?:mit|vores)\s+(?:udviklings)?mål\s+(?:er|bliver)(?:\s+at)?|målet\s+er(?:\s+at)?|mål:|at"
    r"|(?:jeg\s+)?(?:vil\s+gerne|gerne\s+vil|vil\s+rigtig\s+gerne)|jeg\s+(?:ønsker\s+(?:mig\s+)?(?:at\s+)?|håber\s+(?:at\s+)?|kunne\s+godt\s+tænke\s+mig\s+(?:at\s+)?"
    r"|har\s+lyst\s+til\s+(?:at\s+)?|vil\s+gerne|gerne\s+vil|vil|skal|vil\s+rigtig\s+gerne)|vil|skal)\s+", re.IGNORECASE)
_WISH = re.compile(r"^(?:jeg\s+)?(?:ønsker|håber|kunne|har lyst|vil gerne|gerne vil|vil rigtig gerne)", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"^jeg\s+(?:vil|skal|kan|må|[a-zæøå]{3,}(?:er|rer))\b|\b(?:vil|skal) jeg\b", re.IGNORECASE)
_FINITE = re.compile(r"\b(?:skal|må|bliver|er|vil|kan|får|har|kommer|bruger|laver)\b", re.IGNORECASE)
_QUANTIFIER = {"mere", "flere", "færre", "større", "mindre", "nye", "nyt", "ny", "egne", "eget", "egen", "fast", "faste"}
_VERBS = {"blive", "lære", "få", "tage", "være", "gå", "komme", "holde", "lave", "skrive", "bruge", "læse", "give",
          "søge", "finde", "prøve", "arbejde", "deltage", "styrke", "øge", "bygge", "sætte"}


def _starts_with_verb(rest: str) -> bool:
    first = (rest.split() or [""])[0].lower().strip(",.")
    return first in _VERBS or first in WEAK_VERBS or (
        first not in NON_VERB_E and bool(ACTION_RE.fullmatch(first)) and first.endswith("e"))


def _lower_first(text: str) -> str:
    word = (text.split() or [""])[0]
    return text if word.isupper() or (len(word) > 1 and word[1:].lower() != word[1:]) else text[:1].lower() + text[1:]


def first_person(goal: str) -> str:
    """The goal as one first-person Danish sentence, the user's words kept (no full stop)."""
    goal = goal.strip().rstrip(".!? ")
    if _is_english(goal):
        return f"Mit mål: «{goal}»"
    if _FIRST_PERSON.search(goal):
        return goal[:1].upper() + goal[1:]
    m = _LEADIN.match(goal)
    rest = goal[m.end():] if m else goal
    head = "Jeg vil gerne" if _WISH.match(goal) else "Jeg skal" if re.match(r"(?:jeg\s+)?skal\b", goal, re.I) else "Jeg vil"
    if _starts_with_verb(rest):
        return f"{head} {_lower_first(rest)}"
    words = rest.split()
    if words and words[0].lower() in _QUANTIFIER:
        return f"{head} have {_lower_first(rest)}"
    if len(words) > 2 and _FINITE.search(rest):
        return f"Mit mål er, at {_lower_first(rest)}"
    if len(words) <= 2:
        return f"{head} blive bedre til {_lower_first(rest)}"
    return f"Mit mål: {_lower_first(rest)}"


def template_rewrite(text: str, check: SmartCheck | None = None) -> str:
    """The user's goal as a SMART goal with "[fx …]" suggestions for what is missing; never invents facts."""
    clean = strip_injection(text or "")
    topic = topic_for(clean)
    deadline = _topics().deadline
    if not clean:
        return f"Jeg vil [fx {topic.how}] {deadline_phrase(deadline, False)}."
    check = check or check_goal(clean)
    sentences = [s for s in _SENTENCES.split(clean) if s.strip()]
    body = re.sub(r"(?<![,])\s+(fordi|så (?:jeg|vi|at)|hvis|selvom)\s", r", \1 ", first_person(sentences[0]), count=1)
    adds = []
    if not check.specific and not re.search(r"\bved at\b", body, re.IGNORECASE):
        adds.append(f" ved at [fx {topic.how}]")
    if not check.time_bound:
        adds.append(" " + deadline_phrase(deadline, bool(RHYTHM_RE.search(clean))))
    if not check.measurable:
        adds.append(f", og jeg er i mål, når [fx {topic.measure}]")
    rest = " ".join(s.strip() for s in sentences[1:])
    if body.startswith("Mit mål") or rest or re.search(r", (?:fordi|så|for at|hvis|selvom) ", body):
        # the goal stays as the user wrote it; the suggestions get a sentence of their own
        out = body.rstrip(".") + "." + (" " + rest if rest else "")
        out += (" Det vil jeg nå" + "".join(adds) + ".") if adds else ""
    else:
        out = body + "".join(adds) + "."
    after = check_goal(re.sub(r"\[fx ([^\]]*)\]", r"\1", out))  # the rewrite, its suggestions accepted
    if not after.measurable:  # e.g. "PROMOTION" counted as a deliverable, "blive bedre til …" does not
        out = out.rstrip(".") + f", og jeg er i mål, når [fx {topic.measure}]."
    if not after.time_bound:
        out = out.rstrip(".") + " " + deadline_phrase(deadline, bool(RHYTHM_RE.search(clean))) + "."
    if not check.achievable:
        out += " Et realistisk første skridt er [fx at aftale tid, ressourcer og et delmål med min leder]."
    return re.sub(r"\s+", " ", out).replace("..", ".").strip()


def deadline_phrase(deadline: str, rhythm: bool) -> str:
    """"inden [fx næste MUS]" (or "frem til …" for a goal with a rhythm such as "hver uge")."""
    words = deadline.split(" ", 1)
    lead, rest = (words[0], words[1]) if len(words) == 2 and words[0] in ("inden", "senest", "til") else ("inden", deadline)
    return f"{'frem til' if rhythm else lead} [fx {rest}]"


def example(text: str) -> str:
    """One worked example in the spirit of the goal (invented on purpose, and shown as an example)."""
    return topic_for(strip_injection(text or "")).example


def questions(text: str, check: SmartCheck | None = None) -> list[str]:
    """2–4 Danish du-form questions that fill exactly the gaps, most important first."""
    clean = strip_injection(text or "")
    check = check or check_goal(clean)
    qs = [] if clean else ["Hvad er det, du gerne vil nå i det kommende år?"]
    if not check.specific:
        qs += (["Hvilket kursus, forløb eller hvilken opgave vil du bruge til at lære det?"] if LEARNING_RE.search(clean)
               else ["Hvad vil du helt konkret gøre – hvilken handling, og med hvad?"])
    if not check.measurable:
        qs.append("Hvordan kan du og din leder se, at målet er nået – fx et antal, et niveau eller en opgave, du klarer selv?")
    if not check.time_bound:
        qs.append("Hvornår vil du senest have nået målet?")
    if not check.achievable:
        qs.append("Er det realistisk med den tid og de ressourcer, du har – og hvem skal sige god for det?")
    if not check.relevant:
        qs.append("Hvordan hænger målet sammen med dine opgaver, dit team eller jeres mål?")
    qs += ["Hvad har du brug for fra din leder for at nå målet – fx tid, budget eller sparring?",
           "Hvornår vil du følge op på målet med din leder undervejs?"]
    return qs[:4]
