"""What the decoder's steps share: the ``Finding`` it returns, the ``Hit`` (a finding before wording) and the
``Context`` (the text, its sentences, cached cue look-ups for the conditions of signals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from coach.rules.decode_lexicon import Condition, Lexicon
from coach.rules.decode_text import is_question, split_sentences

Level = Literal["high", "medium", "low"]


class Finding(BaseModel):
    """One indirect (or plainly direct) message found in the input."""

    quote: str = Field(description="The exact span from the input (text[start:end]).")
    category: str = Field(description="softened_criticism | distance | understatement | indirect_no | "
                                      "vague_promise | rhetorical_question | irony | plain")
    title: str = Field(description="Danish title of the category (or of the kind of plain text).")
    meaning: str = Field(description="What it most likely means, said plainly (du-form).")
    confidence: Level
    confidence_why: str
    question: str = Field(description="A clarifying question for the MUS (jeg-form, ends with '?').")
    follow_up: str = Field("", description="For deferrals and vague promises: how to get an owner and a date.")
    start: int = 0
    end: int = 0
    kind: str = Field("", description="For plain findings: praise | criticism | request | info.")
    signals: list[str] = Field(default_factory=list, description="Ids of the lexicon entries that fired.")
    related: list[str] = Field(default_factory=list, description="Other categories merged into this one.")
    cue: str = Field("", description="The words that fired (the hedge itself), never to be quoted back.")


@dataclass
class Hit:
    """A candidate finding before wording (offsets are absolute in the text)."""

    category: str
    sentence: int
    match: tuple[int, int]
    quote: tuple[int, int]
    confidence: str
    signals: list[str]
    rest: tuple[int, int]
    why: str = ""
    meaning: list[str] = field(default_factory=list)
    question: str = ""
    related: list[str] = field(default_factory=list)
    kind: str = ""
    infinitive: bool = False

    def overlaps(self, span: tuple[int, int]) -> bool:
        return self.quote[0] < span[1] and span[0] < self.quote[1]


class Context:
    """The text, its sentences and cached cue look-ups for the conditions of signals."""

    def __init__(self, text: str, lex: Lexicon):
        self.text = text
        self.lex = lex
        self.sentences = split_sentences(text)
        self._cache: dict[tuple[str, int, int], bool] = {}
        self._flags: dict[str, bool] = {}

    def cue_in(self, name: str, a: int, b: int) -> bool:
        if a >= b:
            return False
        key = (name, a, b)
        if key not in self._cache:
            if name == "question":
                self._cache[key] = "?" in self.text[a:b]
            else:
                self._cache[key] = self.lex.cue(name).search(self.text, a, b) is not None
        return self._cache[key]

    def asked(self) -> bool:
        """Did the employee ask for something? (a request word, or a short echo question: "Fri i høsten?")"""
        if "asked" not in self._flags:
            short = any(is_question(s.text) and len(s.text.split()) <= 5 for s in self.sentences)
            self._flags["asked"] = short or self.cue_in("request_context", 0, len(self.text))
        return self._flags["asked"]

    def holds(self, cond: Condition, i: int, match: tuple[int, int]) -> bool:
        if cond.cue == "asked":
            return self.asked()
        s = self.sentences[i]
        if cond.scope == "text":
            return self.cue_in(cond.cue, 0, len(self.text))
        if cond.scope in ("prev", "next"):
            j = i - 1 if cond.scope == "prev" else i + 1
            if not 0 <= j < len(self.sentences):
                return False
            s = self.sentences[j]
        elif cond.scope == "before":
            return self.cue_in(cond.cue, s.start, match[0])
        elif cond.scope == "after":
            return self.cue_in(cond.cue, match[1], s.end)
        if cond.cue == "question":
            return is_question(s.text)
        return self.cue_in(cond.cue, s.start, s.end)


