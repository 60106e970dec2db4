"""STAR from rough notes: the model writes, the rules check.

The rules split the paste into stories and find each story's facts (numbers, before→after pairs, which parts
the notes lack); the model writes the four fields from the notes themselves, with those facts as a checklist.
The validator refuses an answer that adds or drops a number, invents a name or a task, splits a pair, marks a
given part as missing, puts the outcome in the situation, or is not real Danish; after two retries the rules'
own draft is shown, labelled as such. Each story goes through the pipeline on its own, so a fact can never
move from one story to another.
"""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, Field

from coach import language
from coach.backend import Backend
from coach.capabilities import pipeline, validate
from coach.lineformat import parse
from coach.rules import notes as rules
from coach.rules.numbers import CALENDAR_KINDS, extract_changes, extract_numbers

FIELDS = {"situation": "Situation", "task": "Opgave", "action": "Handling", "result": "Resultat"}
DANISH = {"situation": "situation", "task": "opgave", "action": "handling", "result": "resultat"}


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
    mend_fields = tuple(FIELDS)  # a refused answer may keep its good fields and take up to two from the draft
    mend_keep = 2

    def analyze(self, text: str) -> rules.StarDraft:
        return rules.draft_star(text)

    def draft(self, text: str, facts: rules.StarDraft) -> StarStatement:
        return StarStatement(
            situation=facts.situation, task=facts.task, action=facts.action, result=facts.result,
            missing=list(facts.missing), questions=list(facts.questions),
        )

    def variables(self, text: str, facts: rules.StarDraft, draft: StarStatement) -> dict:
        # the model writes from the notes themselves; the rules' findings are only a checklist
        return {"notes": " ".join(text.split()), "facts": facts.facts}

    def parse(self, reply: str, facts: rules.StarDraft, draft: StarStatement) -> StarStatement:
        fields = parse(reply, StarFields)
        values = {name: _tidy(getattr(fields, name)) for name in FIELDS}
        values = _repair(values, facts)
        return draft.model_copy(update=values | _gaps(values, draft))

    def validate(self, out: StarStatement, facts: rules.StarDraft, text: str) -> list[str]:
        """Faithful both ways, each fact in its field, Danish. Problems are for the trace, not for the user."""
        problems: list[str] = []
        danish_notes = _danish(text)  # once per notes: a mended answer is validated several times
        source = text + "\n" + rules.spelled_out(text)  # "måneder" for the notes' "mdr" is the notes' own word
        for name, label in FIELDS.items():
            value = getattr(out, name)
            problems += validate.not_empty(value, label=label)
            if len(value.split()) > 70:
                problems.append(f"Feltet '{label}' er for langt.")
            given = not _is_missing(getattr(facts, name))
            if _is_missing(value):
                if value != f"[mangler: {DANISH[name]}]":  # "[mangler: 6 uger]": content dressed up as a gap
                    problems.append(f"Feltet '{label}' er markeret som manglende med andet end feltets navn.")
                others = " ".join(getattr(out, n) for n in FIELDS if n != name)
                if given and (name in ("action", "result") or not validate.grounded(getattr(facts, name), others, share=0.6)):
                    # the notes do say it, and it is nowhere else in the answer: a missing field drops a fact
                    problems.append(f"Feltet '{label}' står som manglende, men noterne siger noget om det.")
                continue
            if not given and name == "task" and not rules.TASK_CUE.search(text):
                problems.append("Opgaven står ikke i noterne.")  # a responsibility the notes never state
            if danish_notes and not validate.grounded(value, source, share=0.5):
                problems.append(f"Feltet '{label}' indeholder noget, der ikke står i noterne.")
            problems += validate.not_a_copy(value, text, label=label)
        filled = [(FIELDS[n], getattr(out, n)) for n in FIELDS if not _is_missing(getattr(out, n))]
        for i, (label_a, a) in enumerate(filled):
            for label_b, b in filled[i + 1:]:
                if validate.same_text(a, b):
                    problems.append(f"Felterne '{label_a}' og '{label_b}' siger det samme.")
        if not _is_missing(out.action) and not re.search(r"\b(?:jeg|vi)\b", out.action, re.IGNORECASE):
            problems.append("Handlingen er ikke skrevet i jeg-form.")
        body = "\n".join(getattr(out, n) for n in FIELDS)  # each field starts a sentence
        problems += validate.numbers(body, text)  # nothing added
        problems += validate.dropped_numbers(body, text)  # nothing dropped
        problems += validate.invented_names(body, text)
        stated = [(c.before.raw, c.after.raw) for c in extract_changes(text) if c.kind == "change"]
        problems += validate.pairs_together([getattr(out, n) for n in FIELDS], stated)
        problems += _results_in_result(out, facts)
        problems += validate.danish(body)
        problems += validate.real_words(body, allowed=text)
        problems += validate.reversed_meaning(body, source)
        if _is_missing(facts.result) and not _is_missing(out.result) and not _an_outcome(out.result):
            problems.append("Resultatet står ikke i noterne.")  # "Fraværet fraværte": no figure, no change, no outcome
        return problems

    def mended(self, out: StarStatement, draft: StarStatement) -> StarStatement:
        """A mended answer says what is missing in its final fields, not in the model's."""
        return out.model_copy(update=_gaps({name: getattr(out, name) for name in FIELDS}, draft))


def _gaps(values: dict[str, str], draft: StarStatement) -> dict:
    """``missing`` and ``questions`` for these field values: the draft's questions about the missing parts."""
    missing = [DANISH[name] for name, v in values.items() if _is_missing(v)]
    questions = [q for q in draft.questions if any(m in q.lower() for m in missing)] or \
        [rules.QUESTIONS[name] for name, v in values.items() if _is_missing(v)]
    return {"missing": missing, "questions": questions}


def _an_outcome(value: str) -> bool:
    """A result the rules did not find must at least read as one: a figure, or a word for a change or an outcome."""
    return bool(re.search(r"\d", value)) or any(f.role == "result" for f in rules.analyze(value).facts)


def _results_in_result(out: StarStatement, facts: rules.StarDraft) -> list[str]:
    """An outcome figure the rules found in the result must not be presented as the starting point, the task or
    the action (and be missing from the result)."""
    if _is_missing(facts.result) or _is_missing(out.result):
        return []
    def values(text: str) -> set[float]:
        return {round(m.value, 4) for m in extract_numbers(text) if m.kind not in CALENDAR_KINDS}

    after, in_result = values(facts.result), values(out.result)
    if after & in_result:
        return []  # the outcome is in the result; where the rest goes, the rules may be the ones who are wrong
    problems = []
    for name in ("situation", "task", "action"):
        moved = (after & values(getattr(out, name))) - values(getattr(facts, name)) - in_result
        if moved:
            problems.append(f"Resultatet står under {FIELDS[name]}.")
    return problems


def _repair(values: dict[str, str], facts: rules.StarDraft) -> dict[str, str]:
    """Two corrections the rules can make without writing anything themselves, so that one slip does not throw
    away an otherwise faithful answer. (1) A task the notes never state ("Jeg skulle sikre …" invented from the
    action) becomes "[mangler: opgave]", as the rules would have it. (2) A part the rules also find missing, but
    marked with extra words ("[mangler: opgave] – hvad var din rolle?"), gets the exact marker. Anything else the
    validator refuses as before."""
    out = dict(values)
    # every fragment of the notes is in the draft (without its own "[mangler: opgave]" markers)
    notes_text = re.sub(r"\[mangler:[^\]]*\]", " ", " ".join(getattr(facts, n) for n in FIELDS))
    if _is_missing(facts.task) and not _is_missing(out["task"]) and not rules.TASK_CUE.search(notes_text):
        out["task"] = "[mangler: opgave]"
    for name in FIELDS:
        if _is_missing(out[name]) and _is_missing(getattr(facts, name)) and not extract_numbers(out[name]):
            out[name] = f"[mangler: {DANISH[name]}]"
    return out


_MANGLER = re.compile(r"^\[?\s*mangler\s*:?\s*([a-zæøå]*)\s*\]?\.?$", re.IGNORECASE)


def _tidy(value: str) -> str:
    """A model's "[mangler: opgave]" in any spelling becomes the app's exact form."""
    value = value.strip()
    m = _MANGLER.match(value)
    return f"[mangler: {m.group(1).lower() or 'del'}]" if m else value


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
        out = result.output.model_copy(update={"model": result.trace.shown_by})
        if result.trace.path == "stopped":
            out.warnings.append("Stoppet. Her er appens eget udkast, bygget direkte på dine noter.")
        elif result.trace.path == "fallback":
            out.warnings.append("Modellens forslag holdt sig ikke præcist til dine noter, så her er appens eget "
                                "udkast, bygget direkte på dem.")
        elif result.trace.path == "mixed":
            out.warnings.append(mended_note(result.trace.mended))
        if foreign:
            out.warnings.append(foreign)
        results.append((out, result.trace))
    return results


@functools.lru_cache(maxsize=32)
def _danish(text: str) -> bool:
    return language.check_danish(text).language == "da"


def mended_note(fields: list[str]) -> str:
    """«Modellen skrev udsagnet, men Resultat er appens eget udkast …» for an answer the pipeline mended."""
    from coach.rules.agreements import join

    listed = join([FIELDS[f] for f in FIELDS if f in fields])
    return (f"Modellen skrev udsagnet, men {listed} er appens eget udkast, fordi modellens version ikke holdt sig "
            "præcist til dine noter.")


def training_pairs(example: dict) -> list[tuple[str, str]]:
    """(prompt, answer) for one ``tune/data/star.yaml`` example, exactly as the completion path renders it: the same
    template and variables as at run time. The "missing" hint comes from the answer (the ground truth), so the model
    learns to follow the hint; at run time the rules give it. The answer ends where the model must stop."""
    from coach.capabilities import prompts

    notes, answer = example["notes"], example["answer"]
    draft = rules.draft_star(notes)
    missing = [DANISH[name] for name in FIELDS if _is_missing(answer[name])]
    facts = rules.checklist(draft.numbers, draft.pairs, missing)
    template = prompts.load("star", "completion")
    prompt = template.render(notes=" ".join(notes.split()), facts=facts)
    lines = [f"{label}: {answer[name].strip()}" for name, label in FIELDS.items()]
    reply = (template.meta.prefill + " " + answer["situation"].strip() + "\n" + "\n".join(lines[1:]))
    return [(prompt, reply[len(template.meta.prefill):])]


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
