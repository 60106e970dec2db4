"""The decoder's lexicon as data: ``content/decode/*.yaml`` validated by pydantic, patterns compiled once.

Files (all registered with ``coach.content``, so ``content.check_all()`` validates them):

- ``decode/categories.yaml``: per category its Danish title, plain-meaning templates, questions, the advice
  for getting an owner and a date, why-texts per confidence, and the texts of the overall reading;
- ``decode/cues.yaml``: named word lists (praise, request objects, dates …) used in patterns (``{name}``) and
  in the conditions of signals;
- ``decode/grammar.yaml``: the little grammar the plain restatements need (verb forms, words to drop);
- ``decode/signals/<category>.yaml``: the signals of one category, each with patterns, conditions,
  confidence, examples that must fire and counter-examples that must not.

Conditions name a cue, optionally with a scope: ``you`` (in the same sentence), ``text:wish`` (anywhere in
the text), ``prev:sting`` / ``next:deadline`` (the sentence before / after), ``before:praise`` /
``after:criticism`` (in the same sentence, before / after the signal's words), and the built-ins
``question`` (the sentence ends with "?") and ``asked`` (the text shows that the employee asked for something:
the cue ``request_context``, or a short question such as "Fri i høsten?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import Field

from coach import content, paths
from coach.content import ContentError, ContentModel
from coach.rules.decode_patterns import PatternError, compile_pattern, pattern_body

CATEGORIES = ("softened_criticism", "distance", "understatement", "indirect_no", "vague_promise",
              "rhetorical_question", "irony")
ALL_CATEGORIES = (*CATEGORIES, "plain")
PLAIN_KINDS = ("praise", "criticism", "request", "info")
LEVELS = ("low", "medium", "high")
SCOPES = ("", "text", "prev", "next", "before", "after")
BUILTIN_CUES = ("question", "asked")
#: cues the code itself uses (cues.yaml must define them)
REQUIRED_CUES = ("praise", "criticism", "improvement", "obligation", "turn", "request", "answer", "wish", "group",
                 "request_context", "weakness", "you", "others", "guarded", "opportunity", "logistics", "mus_opening",
                 "wish_question", "promise_verb", "strong_praise", "negative_content", "negated_positive", "deadline",
                 "we_suggest", "explicit_no", "decision", "but", "generic_you", "hedge_word")
#: the {slots} a template may use (see content/README.md)
SLOTS = ("budskab", "resten", "emne", "ønske", "gruppe", "vending", "budskab_jeg", "emne_jeg", "ønske_jeg")

CategoryId = Literal["softened_criticism", "distance", "understatement", "indirect_no", "vague_promise",
                     "rhetorical_question", "irony", "plain"]
SignalCategory = Literal["softened_criticism", "distance", "understatement", "indirect_no", "vague_promise",
                         "rhetorical_question", "irony"]
Confidence = Literal["high", "medium", "low"]


class Signal(ContentModel):
    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    patterns: list[str] = Field(min_length=1)
    confidence: Confidence = "medium"
    why: str = ""
    quote: Literal["sentence", "clause", "match"] = "sentence"
    requires: list[str] = []
    blocked_by: list[str] = []
    not_before: list[str] = []
    not_after: list[str] = []
    meaning: list[str] = []
    question: str = ""
    examples: list[str] = Field(min_length=1)
    counter_examples: list[str] = []


class SignalFile(ContentModel):
    category: SignalCategory
    signals: list[Signal]


class Why(ContentModel):
    high: str
    medium: str
    low: str


class CategoryText(ContentModel):
    title: str
    description: str
    priority: int
    meaning: list[str] = Field(min_length=1)
    question: list[str] = Field(min_length=1)
    follow_up: list[str] = []
    why: Why
    summary: str


class PlainText(ContentModel):
    title: str
    meaning: list[str] = Field(min_length=1)
    question: str
    why: str


class SummaryText(ContentModel):
    found: str
    main: str
    owner_and_date: str
    low_confidence: str
    ask: str
    plain: str
    nothing: str
    checked: str
    tone: str
    general_question: str


class StructureText(ContentModel):
    meaning: list[str] = Field(min_length=1)
    question: str


class CategoriesFile(ContentModel):
    categories: dict[CategoryId, CategoryText]
    structures: dict[Literal["praise_but", "sandwich"], StructureText]
    plain_kinds: dict[Literal["praise", "criticism", "request", "info"], PlainText]
    summary: SummaryText
    fallback_why: str


class Cue(ContentModel):
    description: str
    patterns: list[str] = Field(min_length=1)


class CuesFile(ContentModel):
    cues: dict[str, Cue]


class GrammarFile(ContentModel):
    present: dict[str, str]
    past: dict[str, str]
    imperatives: list[str]
    finite_verbs: list[str]
    adverbs: list[str]
    subjects: list[str]
    drop: list[str]
    topic_words: list[str]


CATEGORIES_FILE = "decode/categories.yaml"
CUES_FILE = "decode/cues.yaml"
GRAMMAR_FILE = "decode/grammar.yaml"
SIGNAL_FILES = tuple(f"decode/signals/{c}.yaml" for c in CATEGORIES)

content.register(CATEGORIES_FILE, CategoriesFile)
content.register(CUES_FILE, CuesFile)
content.register(GRAMMAR_FILE, GrammarFile)
for _rel in SIGNAL_FILES:
    content.register(_rel, SignalFile)


@dataclass(frozen=True)
class Condition:
    scope: str  # "" | text | prev | next | before | after
    cue: str


@dataclass
class CompiledSignal:
    entry: Signal
    category: str
    file: str
    regexes: list[re.Pattern[str]]
    requires: list[Condition]
    blocked_by: list[Condition]
    not_before: list[re.Pattern[str]]
    not_after: list[re.Pattern[str]]

    @property
    def id(self) -> str:
        return self.entry.id


@dataclass
class Lexicon:
    categories: dict[str, CategoryText]
    plain: dict[str, PlainText]
    summary: SummaryText
    cues: dict[str, re.Pattern[str]]
    signals: list[CompiledSignal]
    grammar: GrammarFile
    drop: re.Pattern[str]
    structures: dict[str, StructureText] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    fallback_why: str = ""

    def cue(self, name: str) -> re.Pattern[str]:
        return self.cues[name]


def _where(rel: str, needle: str) -> str:
    """``content/<rel>, linje N`` of the first line containing ``needle`` (for errors that pydantic cannot place)."""
    path = paths.content_dir() / rel
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return f"{path}, linje {i}"
    except OSError:
        pass
    return str(path)


class _Cues:
    """Resolves {cue} references recursively, refusing unknown names and cycles."""

    def __init__(self, raw: dict[str, Cue]):
        self.raw = raw
        self.bodies: dict[str, str] = {}
        self.stack: list[str] = []

    def body(self, name: str) -> str:
        if name in self.bodies:
            return self.bodies[name]
        if name not in self.raw:
            raise PatternError(f"ordlisten {{{name}}} findes ikke i cues.yaml")
        if name in self.stack:
            raise PatternError(f"ordlisten {{{name}}} henviser til sig selv")
        self.stack.append(name)
        try:
            self.bodies[name] = "|".join(f"(?:{pattern_body(p, self.body)})" for p in self.raw[name].patterns)
        finally:
            self.stack.pop()
        return self.bodies[name]


def _conditions(values: list[str], cue_names: set[str], rel: str, sid: str, key: str) -> list[Condition]:
    out = []
    for value in values:
        scope, _, name = value.rpartition(":")
        if scope not in SCOPES or (name not in cue_names and name not in BUILTIN_CUES):
            raise ContentError(f"{_where(rel, sid)}: '{key}' i signalet '{sid}' kender ikke '{value}' (unknown cue "
                               f"or scope; scopes: text, prev, next, before, after)")
        out.append(Condition(scope, name))
    return out


_SLOT_RE = re.compile(r"\{([^{}]*)\}")


def _check_slots(templates: list[str], where: str, sid: str) -> None:
    for t in templates:
        for slot in _SLOT_RE.findall(t):
            if slot not in SLOTS:
                raise ContentError(f"{where}: skabelonen i '{sid}' bruger {{{slot}}}, som ikke findes "
                                   f"(kendte felter: {', '.join('{' + s + '}' for s in SLOTS)})")


def _build(root: str) -> Lexicon:
    cats = content.load(CATEGORIES_FILE, CategoriesFile)
    missing = [c for c in ALL_CATEGORIES if c not in cats.categories]
    if missing:
        raise ContentError(f"{_where(CATEGORIES_FILE, 'categories')}: kategorierne mangler: {', '.join(missing)}")
    kinds = [k for k in PLAIN_KINDS if k not in cats.plain_kinds]
    if kinds:
        raise ContentError(f"{_where(CATEGORIES_FILE, 'plain_kinds')}: slags af direkte tekst mangler: {', '.join(kinds)}")
    for cid, cat in cats.categories.items():
        _check_slots([*cat.meaning, *cat.question, *cat.follow_up], _where(CATEGORIES_FILE, f"{cid}:"), cid)
    for sid, st in cats.structures.items():
        _check_slots([*st.meaning, st.question], _where(CATEGORIES_FILE, f"{sid}:"), sid)
    raw_cues = content.load(CUES_FILE, CuesFile).cues
    lacking = [c for c in REQUIRED_CUES if c not in raw_cues]
    if lacking:
        raise ContentError(f"{_where(CUES_FILE, 'cues')}: ordlisterne mangler: {', '.join(lacking)}")
    resolver = _Cues(raw_cues)
    cues: dict[str, re.Pattern[str]] = {}
    for name in raw_cues:
        try:
            cues[name] = re.compile(rf"(?<![\w-])(?:{resolver.body(name)})(?![\w])", re.IGNORECASE)
        except PatternError as exc:
            raise ContentError(f"{_where(CUES_FILE, name + ':')}: ordlisten '{name}': {exc}") from None
    grammar = content.load(GRAMMAR_FILE, GrammarFile)
    try:
        drop = re.compile("|".join(f"(?:{compile_pattern(p, resolver.body).pattern})" for p in grammar.drop),
                          re.IGNORECASE)
    except PatternError as exc:
        raise ContentError(f"{_where(GRAMMAR_FILE, 'drop')}: {exc}") from None
    signals: list[CompiledSignal] = []
    seen: dict[str, str] = {}
    names = set(cues)
    for rel in SIGNAL_FILES:
        data = content.load(rel, SignalFile)
        if rel != f"decode/signals/{data.category}.yaml":
            raise ContentError(f"{_where(rel, 'category')}: filen skal have category: {rel.rsplit('/', 1)[-1][:-5]}")
        for s in data.signals:
            where = _where(rel, s.id)
            if s.id in seen:
                raise ContentError(f"{where}: signalet '{s.id}' findes også i {seen[s.id]}")
            seen[s.id] = rel
            _check_slots([*s.meaning, s.question, s.why], where, s.id)
            try:
                regexes = [compile_pattern(p, resolver.body) for p in s.patterns]
                not_before = [re.compile(rf"(?:{pattern_body(p, resolver.body)})[\s,;:…–—-]*$", re.IGNORECASE)
                              for p in s.not_before]
                not_after = [re.compile(rf"^[\s,;:…–—-]*(?:{pattern_body(p, resolver.body)})(?![\w])", re.IGNORECASE)
                             for p in s.not_after]
            except PatternError as exc:
                raise ContentError(f"{where}: mønster i signalet '{s.id}': {exc}") from None
            signals.append(CompiledSignal(
                s, data.category, rel, regexes,
                _conditions(s.requires, names, rel, s.id, "requires"),
                _conditions(s.blocked_by, names, rel, s.id, "blocked_by"),
                not_before, not_after))
    titles = {cid: c.title for cid, c in cats.categories.items()}
    return Lexicon(dict(cats.categories), dict(cats.plain_kinds), cats.summary, cues, signals, grammar, drop,
                   dict(cats.structures), titles, cats.fallback_why)


@lru_cache(maxsize=8)
def _cached(root: str) -> Lexicon:
    return _build(root)


def lexicon() -> Lexicon:
    """The compiled lexicon of the current content folder (cached)."""
    return _cached(str(paths.content_dir()))
