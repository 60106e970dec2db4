"""STAR from rough notes: the rules find the facts and draft S/T/A/R, the model polishes, the validator checks.

Several experiences in one paste become several statements, each through the pipeline on its own.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach import language
from coach.backend import Backend
from coach.capabilities import pipeline, prompts, validate
from coach.lineformat import parse
from coach.rules import notes as rules

FIELDS = {"situation": "Situation", "task": "Opgave", "action": "Handling", "result": "Resultat"}


class StarFields(BaseModel):
    """The four STAR fields, as the model writes them (``Situation: …`` lines)."""

    situation: str = Field(json_schema_extra={"label": "Situation"})
    task: str = Field(json_schema_extra={"label": "Opgave", "aliases": ["Task"]})
    action: str = Field(json_schema_extra={"label": "Handling", "aliases": ["Action"]})
    result: str = Field(json_schema_extra={"label": "Resultat", "aliases": ["Result"]})


class StarStatement(StarFields):
    """One STAR statement (the JSON contract of ``coach star --json``)."""

    missing: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    model: str = "regler"

    def to_markdown(self) -> str:
        lines = [f"**{label}:** {getattr(self, name)}" for name, label in FIELDS.items()]
        if self.questions:
            lines.append("\n**Spørgsmål, der kan gøre det skarpere:**")
            lines += [f"- {q}" for q in self.questions]
        if self.warnings:
            lines.append("")
            lines += [f"> {w}" for w in self.warnings]
        return "\n".join(lines)


def _is_missing(value: str) -> bool:
    return value.strip().startswith("[mangler")


class StarCapability:
    name = "star"
    what = "noterne"
    max_chars = 12_000

    def analyze(self, text: str) -> rules.StarDraft:
        return rules.draft_star(text)

    def draft(self, text: str, facts: rules.StarDraft) -> StarStatement:
        return StarStatement(
            situation=facts.situation, task=facts.task, action=facts.action, result=facts.result,
            missing=list(facts.missing), questions=list(facts.questions),
        )

    def variables(self, text: str, facts: rules.StarDraft, draft: StarStatement) -> dict:
        cues = " | ".join(f"{label}: {getattr(draft, name)}" for name, label in FIELDS.items())
        return {"notes": " ".join(text.split()), "draft": cues,
                "numbers": ", ".join(facts.numbers) if facts.numbers else "ingen"}

    def parse(self, reply: str, facts: rules.StarDraft, draft: StarStatement) -> StarStatement:
        fields = parse(reply, StarFields)
        out = draft.model_copy(update={name: getattr(fields, name).strip() for name in FIELDS})
        return out

    def validate(self, out: StarStatement, facts: rules.StarDraft, text: str) -> list[str]:
        problems: list[str] = []
        allowed = text + "\n" + " ".join(getattr(facts, n) for n in FIELDS)
        for name, label in FIELDS.items():
            value = getattr(out, name)
            problems += validate.not_empty(value, label=label)
            if not _is_missing(value):
                # most of a field's content words must come from the notes: the model phrases, it does not add
                if not validate.grounded(value, text):
                    problems.append(f"Feltet '{label}' indeholder noget, der ikke står i noterne.")
                problems += validate.not_a_copy(value, text, label=label)
        filled = [(FIELDS[n], getattr(out, n)) for n in FIELDS if not _is_missing(getattr(out, n))]
        for i, (label_a, a) in enumerate(filled):
            for label_b, b in filled[i + 1 :]:
                if validate.same_text(a, b):
                    problems.append(f"Felterne '{label_a}' og '{label_b}' siger det samme.")
        body = " ".join(getattr(out, n) for n in FIELDS)
        problems += validate.numbers(body, text)
        problems += validate.danish(body)
        problems += validate.no_example_echo(body, prompts.load("star", "completion").body, allowed)
        return problems


CAPABILITY = StarCapability()


def run(text: str, backend: Backend | None, *, rules_only: bool = False, cancel=None) -> list[tuple[StarStatement, pipeline.Trace]]:
    """One STAR statement (with its trace) per experience in the notes."""
    from coach import guard

    cleaned = guard.check(text, what=CAPABILITY.what, max_chars=CAPABILITY.max_chars)
    chunks = rules.split_experiences(cleaned) or [cleaned]
    foreign = language_note(cleaned)
    results = []
    for chunk in chunks:
        result = pipeline.run(CAPABILITY, chunk, backend, rules_only=rules_only, cancel=cancel)
        out = result.output.model_copy(update={"model": result.trace.model})
        if result.trace.path == "stopped":
            out.warnings.append("Stoppet. Her er appens eget udkast, bygget direkte på dine noter.")
        elif result.trace.path == "fallback":
            out.warnings.append(
                "Modellens forslag holdt ikke (" + "; ".join(result.trace.problems[-1][:2]) + "). "
                "Her er appens eget udkast, bygget direkte på dine noter."
            )
        if foreign:
            out.warnings.append(foreign)
        results.append((out, result.trace))
    return results


def language_note(text: str) -> str | None:
    """A Danish note when the notes are clearly in another language (the rules keep the user's words)."""
    verdict = language.check_danish(text)
    if verdict.language in ("en", "sv", "other") and verdict.confidence >= 0.8:
        return ("Dine noter ser ud til at være på et andet sprog end dansk. Appen arbejder på dansk, så "
                "resultatet bliver bedst, hvis du skriver noterne på dansk.")
    return None


def as_json(results: list[tuple[StarStatement, pipeline.Trace]]) -> dict:
    items = [r[0].model_dump() for r in results]
    return items[0] if len(items) == 1 else {"items": items}
