"""SMART goals: the rules judge the five criteria and find what must survive (the user's deadline, reason and
numbers); the model rewrites the goal itself, the validator checks the rewrite.

A rewrite keeps the user's meaning, deadline and reason, marks what the user still has to decide as a
concrete suggestion in brackets ("[fx 3 oplæg for ledergruppen]") instead of a bare placeholder, adds no
number outside those suggestions, and is real Danish; read with its suggestions accepted it must be
measurable and time-bound. The rules' own rewrite (``coach.rules.smart_rewrite``) is the fallback and the
``--rules-only`` answer, with a worked example and questions for the gaps.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from coach.backend import Backend
from coach.capabilities import pipeline, validate
from coach.lineformat import parse
from coach.rules import smart_check as rules
from coach.rules import smart_rewrite as rewriting

CRITERIA = rules.CRITERIA
TITLES = {
    "specific": "Specifikt",
    "measurable": "Målbart",
    "achievable": "Accepteret og realistisk",
    "relevant": "Relevant",
    "time_bound": "Tidsbestemt",
}


class SmartResult(BaseModel):
    """The JSON contract of ``coach smart --json``."""

    input_check: dict[str, bool]
    reasons: dict[str, str]
    rewrite: str
    rewrite_check: dict[str, bool]
    questions: list[str]
    example: str | None = None
    responsibility: str = ""
    follow_up: str = ""
    warnings: list[str] = Field(default_factory=list)
    model: str = "regler"

    def to_markdown(self) -> str:
        lines = ["**Tjek af dit mål:**"]
        for c in CRITERIA:
            mark = "✅" if self.input_check[c] else "❌"
            lines.append(f"- {mark} **{TITLES[c]}:** {self.reasons.get(c, '')}")
        lines += ["", f"**Forslag:** {self.rewrite}"]
        if self.questions:
            lines += ["", "**Spørgsmål, der kan udfylde hullerne:**"] + [f"- {q}" for q in self.questions]
        if self.example:
            lines += ["", f"**Eksempel (opdigtet – tilpas selv):** {self.example}"]
        if self.responsibility:
            lines += ["", "**Hvem gør hvad:**", self.responsibility]
        if self.follow_up:
            lines += ["", f"**Opfølgning:** {self.follow_up}"]
        lines += [f"> {w}" for w in self.warnings]
        return "\n".join(lines)


class _Reply(BaseModel):
    rewrite: str = Field(json_schema_extra={"label": "Omskrevet", "aliases": ["Omskrivning", "Mål", "SMART-mål"]})
    example: str | None = Field(None, json_schema_extra={"label": "Eksempel"})
    questions: list[str] = Field(default_factory=list, json_schema_extra={"label": "Spørgsmål"})


def _flags(check: rules.SmartCheck) -> dict[str, bool]:
    return {c: bool(getattr(check, c)) for c in CRITERIA}


_SUGGESTION = re.compile(r"\[\s*fx\s+([^\]]*)\]", re.IGNORECASE)
_BRACKET = re.compile(r"\[[^\]]*\]")
# words of a vague goal that a good rewrite replaces ("blive bedre til at skrive mails" → "skrive korte mails")
_VAGUE_WORDS = re.compile(r"\b(?:blive|bedre|gerne|være|mere|lære|lidt|meget|rigtig|godt|udvikle|arbejde|fokus\w*)\b",
                          re.IGNORECASE)


def accepted(rewrite: str) -> str:
    """The rewrite read as if the user accepted every suggestion ("[fx 1. juni]" → "1. juni")."""
    return _SUGGESTION.sub(lambda m: m.group(1), rewrite)


def check_rewrite(rewrite: str) -> dict[str, bool]:
    return _flags(rules.check_goal(accepted(rewrite)))


class SmartCapability:
    name = "smart"
    what = "målet"
    max_chars = 2_000

    def analyze(self, text: str) -> rules.SmartCheck:
        return rules.check_goal(text)

    def draft(self, text: str, facts: rules.SmartCheck) -> SmartResult:
        rewrite = rewriting.template_rewrite(text, facts)
        return SmartResult(
            input_check=_flags(facts),
            reasons=dict(facts.reasons),
            rewrite=rewrite,
            rewrite_check=check_rewrite(rewrite),
            questions=rewriting.questions(text, facts),
            example=rewriting.example(text),
            responsibility=rules.responsibility(text),
            follow_up=rules.follow_up(text),
        )

    def variables(self, text: str, facts: rules.SmartCheck, draft: SmartResult) -> dict:
        check = "; ".join(f"{TITLES[c]}: {'ja' if draft.input_check[c] else 'nej'}" for c in CRITERIA)
        return {"goal": " ".join(rules.strip_injection(text).split()) or " ".join(text.split()), "check": check}

    def parse(self, reply: str, facts: rules.SmartCheck, draft: SmartResult) -> SmartResult:
        got = parse(reply, _Reply)
        questions = [q for q in got.questions if q.rstrip().endswith("?")]
        example = got.example.strip() if got.example and not validate.danish(got.example) \
            and not validate.real_words(got.example, allowed=draft.rewrite) else draft.example  # no "gitard" in it
        rewrite = " ".join(got.rewrite.split())
        return draft.model_copy(update={
            "rewrite": rewrite,
            "rewrite_check": check_rewrite(rewrite),
            "questions": questions if 2 <= len(questions) <= 4 else draft.questions,
            "example": example,
        })

    def validate(self, out: SmartResult, facts: rules.SmartCheck, text: str) -> list[str]:
        goal = rules.strip_injection(text) or text
        problems = validate.not_empty(out.rewrite, label="Omskrevet")
        if len(out.rewrite.split()) > 70:
            problems.append("Omskrivningen er for lang.")
        if not out.rewrite_check["measurable"] and not _SUGGESTION.search(out.rewrite):
            problems.append("Omskrivningen siger ikke, hvordan målet kan måles.")
        if not out.rewrite_check["time_bound"]:
            problems.append("Omskrivningen har ingen frist.")
        bare = [b for b in _BRACKET.findall(out.rewrite) if not _SUGGESTION.fullmatch(b)]
        if bare:
            problems.append(f"Omskrivningen har pladsholdere uden forslag: {', '.join(bare)}.")
        outside = _BRACKET.sub(" ", out.rewrite)
        problems += validate.numbers(outside, goal)
        problems += validate.dropped_numbers(out.rewrite, goal)
        problems += validate.invented_names(outside, text)
        english = rules._is_english(goal)  # "in 3 months" becomes "inden for 3 måneder": only its number must stay
        kept = [] if english else rules.must_keep(goal)
        lost = [k for k in kept if not validate.grounded(k, out.rewrite, share=0.75)]
        if lost:
            problems.append(f"Omskrivningen har mistet brugerens egne ord: {', '.join(lost)}.")
        core = _VAGUE_WORDS.sub(" ", goal)
        if not english and not validate.grounded(core, out.rewrite, share=0.5):
            problems.append("Omskrivningen har ændret målets indhold.")
        problems += validate.danish(outside)
        problems += validate.real_words(out.rewrite, allowed=text)
        problems += validate.mangled(out.rewrite, text)  # "[fx lave en ny gitard]": the user's "guitar", misspelt
        return problems


CAPABILITY = SmartCapability()


def training_pairs(example: dict) -> list[tuple[str, str]]:
    """(prompt, answer) for one ``tune/data/smart.yaml`` example, rendered with the run-time template and variables."""
    from coach.capabilities import prompts

    goal, answer = example["goal"], example["answer"]
    facts = CAPABILITY.analyze(goal)
    variables = CAPABILITY.variables(goal, facts, CAPABILITY.draft(goal, facts))
    template = prompts.load("smart", "completion")
    prompt = template.render(**{k: v for k, v in variables.items() if k in template.meta.variables})
    reply = " " + answer["goal"].strip() + "\nEksempel: " + answer["example"].strip() + "\nSpørgsmål:\n" + \
        "\n".join(f"- {q.strip()}" for q in answer["questions"])
    return [(prompt, reply)]


def run(text: str, backend: Backend | None, *, rules_only: bool = False, cancel=None) -> tuple[SmartResult, pipeline.Trace]:
    result = pipeline.run(CAPABILITY, text, backend, rules_only=rules_only, cancel=cancel)
    out = result.output.model_copy(update={"model": result.trace.shown_by})
    if result.trace.path == "stopped":
        out.warnings.append("Stoppet. Her er appens eget forslag, bygget direkte på dit mål.")
    elif result.trace.path == "fallback":
        out.warnings.append("Modellens forslag holdt sig ikke præcist til dit mål, så her er appens eget forslag, "
                            "bygget direkte på det.")
    return out, result.trace
