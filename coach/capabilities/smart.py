"""SMART goals: the rules check the five criteria and write a safe template, the model rewrites, and the
same checker re-checks the rewrite (it must be measurable and time-bound, placeholders count)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.backend import Backend
from coach.capabilities import pipeline, prompts, validate
from coach.lineformat import parse
from coach.rules import smart_check as rules

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
    rewrite: str = Field(json_schema_extra={"label": "Omskrevet", "aliases": ["Omskrivning", "Mål"]})
    questions: list[str] = Field(default_factory=list, json_schema_extra={"label": "Spørgsmål"})
    example: str | None = Field(None, json_schema_extra={"label": "Eksempel"})


def _flags(check: rules.SmartCheck) -> dict[str, bool]:
    return {c: bool(getattr(check, c)) for c in CRITERIA}


class SmartCapability:
    name = "smart"
    what = "målet"
    max_chars = 2_000

    def analyze(self, text: str) -> rules.SmartCheck:
        return rules.check_goal(text)

    def draft(self, text: str, facts: rules.SmartCheck) -> SmartResult:
        rewrite = rules.template_rewrite(text, facts)
        return SmartResult(
            input_check=_flags(facts),
            reasons=dict(facts.reasons),
            rewrite=rewrite,
            rewrite_check=_flags(rules.check_goal(rewrite)),
            questions=rules.questions(text, facts),
            responsibility=rules.responsibility(text),
            follow_up=rules.follow_up(text),
        )

    def variables(self, text: str, facts: rules.SmartCheck, draft: SmartResult) -> dict:
        check = "; ".join(f"{TITLES[c]}: {'ja' if draft.input_check[c] else 'nej'}" for c in CRITERIA)
        return {"goal": " ".join(text.split()), "template": draft.rewrite, "check": check}

    def parse(self, reply: str, facts: rules.SmartCheck, draft: SmartResult) -> SmartResult:
        got = parse(reply, _Reply)
        questions = [q for q in got.questions if q.endswith("?")]
        example = got.example if got.example and validate.danish(got.example) == [] else None
        rewrite = got.rewrite.strip()
        return draft.model_copy(update={
            "rewrite": rewrite,
            "rewrite_check": _flags(rules.check_goal(rewrite)),
            "questions": questions if 2 <= len(questions) <= 4 else draft.questions,
            "example": example,
        })

    def validate(self, out: SmartResult, facts: rules.SmartCheck, text: str) -> list[str]:
        problems = validate.not_empty(out.rewrite, label="Omskrevet")
        if not out.rewrite_check["measurable"]:
            problems.append("Omskrivningen er ikke målbar (intet tal, niveau, leverance eller [antal]).")
        if not out.rewrite_check["time_bound"]:
            problems.append("Omskrivningen har ingen deadline (hverken en dato eller [dato]).")
        problems += validate.numbers(out.rewrite, text)
        problems += validate.danish(out.rewrite)
        if not validate.grounded(out.rewrite, text + " " + self._template_words(text, facts), share=0.6):
            problems.append("Omskrivningen tilføjer indhold, som ikke står i dit mål.")
        allowed = text + " " + self._template_words(text, facts)
        problems += validate.no_example_echo(out.rewrite, prompts.load("smart", "completion").body, allowed)
        return problems

    @staticmethod
    def _template_words(text: str, facts: rules.SmartCheck) -> str:
        return rules.template_rewrite(text, facts) + " jeg vil ved at målt senest inden så kan"


CAPABILITY = SmartCapability()


def run(text: str, backend: Backend | None, *, rules_only: bool = False, cancel=None) -> tuple[SmartResult, pipeline.Trace]:
    result = pipeline.run(CAPABILITY, text, backend, rules_only=rules_only, cancel=cancel)
    out = result.output.model_copy(update={"model": result.trace.model})
    if result.trace.path == "stopped":
        out.warnings.append("Stoppet. Her er appens egen skabelon med pladsholdere.")
    elif result.trace.path == "fallback":
        out.warnings.append("Modellens forslag holdt ikke, så her er appens egen skabelon med pladsholdere.")
    return out, result.trace
