"""Decode indirect Danish feedback: the lexicon finds the softened criticism (quote, category, meaning,
strength, a question to ask); the model writes a short overall reading, checked against the findings."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from coach.backend import Backend
from coach.capabilities import pipeline, validate
from coach.lineformat import parse
from coach.rules import softeners as rules

CATEGORY_TITLES = {
    "hedge": "forbehold",
    "distancing": "afstand",
    "minimiser": "formindskelse",
    "praise_but": "ros-men",
    "sandwich": "feedback-sandwich",
    "question_as_criticism": "spørgsmål som kritik",
    "understatement": "underdrivelse",
    "future_framing": "fremadrettet indpakning",
    "jump_to_solution": "spring til løsning",
}


class FindingOut(BaseModel):
    quote: str
    category: str
    meaning: str
    strength: str
    question: str


class DecodeResult(BaseModel):
    """The JSON contract of ``coach decode --json``."""

    findings: list[FindingOut]
    summary: str
    model: str = "regler"

    def to_markdown(self) -> str:
        if not self.findings:
            return f"**Samlet læsning:** {self.summary}"
        lines = []
        for f in self.findings:
            title = CATEGORY_TITLES.get(f.category, f.category)
            lines += [f"- **«{f.quote}»** ({title}, {f.strength} signal)", f"  - Betyder nok: {f.meaning}",
                      f"  - Spørg: *{f.question}*"]
        return "\n".join(lines + ["", f"**Samlet læsning:** {self.summary}"])


class _Reply(BaseModel):
    summary: str = Field(json_schema_extra={"label": "Læsning", "aliases": ["Samlet læsning", "Summary"]})


_DENIES_CRITICISM = re.compile(r"\b(ingen|ikke|intet|aldrig)\b", re.IGNORECASE)  # a base model that negates gets it wrong


class DecodeCapability:
    name = "decode"
    what = "feedbacken"
    max_chars = 6_000
    # Only instruct models write the overall reading. On the 270M base model every reading that passed the
    # validator was wrong, a copy or nonsense (eval, 2026-11-28), so there the rules' reading stands alone.
    model_styles = ("chat",)

    def analyze(self, text: str) -> list[rules.Finding]:
        return rules.find_softeners(text)

    def draft(self, text: str, facts: list[rules.Finding]) -> DecodeResult:
        findings = [FindingOut(**f.model_dump(include={"quote", "category", "meaning", "strength", "question"}))
                    for f in facts]
        return DecodeResult(findings=findings, summary=rules.summarize(facts, text))

    @staticmethod
    def needs_model(facts: list[rules.Finding]) -> bool:
        # With no findings the rules' plain statement is the honest answer: nothing to embellish.
        return bool(facts)

    def variables(self, text: str, facts: list[rules.Finding], draft: DecodeResult) -> dict:
        found = "; ".join(f"{CATEGORY_TITLES.get(f.category, f.category)} ({f.quote})" for f in facts) or "ingen"
        return {"feedback": " ".join(text.split()), "findings": found}

    def parse(self, reply: str, facts: list[rules.Finding], draft: DecodeResult) -> DecodeResult:
        return draft.model_copy(update={"summary": parse(reply, _Reply).summary.strip()})

    def validate(self, out: DecodeResult, facts: list[rules.Finding], text: str) -> list[str]:
        problems = validate.not_empty(out.summary, label="Læsning")
        if len(out.summary) > 600:
            problems.append("Læsningen er for lang.")
        if len(out.summary.split()) < 6:
            problems.append("Læsningen er for kort til at sige noget.")
        if facts and _DENIES_CRITICISM.search(out.summary):
            problems.append("Læsningen siger, at der ingen kritik er, men appen fandt blødgjort kritik.")
        anchors = " ".join([f.quote for f in facts] + [f.focus for f in facts])
        if facts and not validate.shares_content_word(out.summary, anchors):
            problems.append("Læsningen handler ikke om det, feedbacken faktisk siger.")
        problems += validate.numbers(out.summary, text)
        problems += validate.danish(out.summary)
        if any(validate.same_text(out.summary, sentence) for sentence in re.split(r"(?<=[.!?])\s+", text)):
            problems.append("Læsningen gentager bare feedbacken.")
        return problems


CAPABILITY = DecodeCapability()


def run(text: str, backend: Backend | None, *, rules_only: bool = False, cancel=None) -> tuple[DecodeResult, pipeline.Trace]:
    result = pipeline.run(CAPABILITY, text, backend, rules_only=rules_only, cancel=cancel)
    out = result.output.model_copy(update={"model": result.trace.model})
    return out, result.trace
