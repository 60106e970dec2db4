"""Decode what a Danish manager really means.

The rules (``coach.rules.softeners``, lexicon in ``content/decode/``) find every indirect message: the exact quote,
its category, what it most likely means said plainly, how sure they are and why, and a question for the MUS
(with a way to get an owner and a date where an answer was deferred). That is the whole ``--rules-only`` answer
and the fallback.

With a model that can read Danish (an instruct model, or the embedded model with a task adapter tuned for
decode), the model writes the plain restatement per finding and may refine the question: one short call per
finding through the shared pipeline (retries with a new seed, then the rules' text). The validator checks that
the restatement explains the text it belongs to, adds no fact or number, is Danish, and is not the hedge quoted
back. ``model`` says "regler" unless model-written text is actually shown.

``training_pairs`` renders a training example exactly as the completion path does, for the adapter's training.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Literal

from pydantic import BaseModel, Field

from coach import guard
from coach.backend import Backend
from coach.capabilities import pipeline, prompts, validate
from coach.lineformat import parse
from coach.rules import softeners as rules
from coach.rules.decode_check import check_meaning
from coach.rules.decode_lexicon import ALL_CATEGORIES, lexicon
from coach.rules.decode_text import split_sentences

MAX_CHARS = 6_000
MAX_MODEL_FINDINGS = 4  # one model call per finding; the rest keep the rules' text
CONTEXT_CHARS = 600
ANSWER_PREFIX = "Betyder:"
CONFIDENCE_TITLES = {"high": "høj", "medium": "middel", "low": "lav"}


def category_titles() -> dict[str, str]:
    """Category id → Danish title (from content/decode/categories.yaml)."""
    return {c: lexicon().titles[c] for c in ALL_CATEGORIES}


class FindingOut(BaseModel):
    quote: str
    category: str
    title: str
    meaning: str
    confidence: Literal["high", "medium", "low"]
    confidence_why: str
    question: str
    follow_up: str = ""
    kind: str = Field("", description="For plain findings: praise | criticism | request | info")
    source: str = Field("regler", description="'regler' or the id of the model that wrote meaning and question")


class DecodeResult(BaseModel):
    """The JSON contract of ``coach decode --json``."""

    findings: list[FindingOut]
    summary: str
    model: str = "regler"

    def to_markdown(self) -> str:
        lines = []
        for f in self.findings:
            lines += [f"- **«{f.quote}»** ({f.title}, {CONFIDENCE_TITLES[f.confidence]} sikkerhed)",
                      f"  - Betyder nok: {f.meaning}", f"  - Hvorfor: {f.confidence_why}", f"  - Spørg: *{f.question}*"]
            if f.follow_up:
                lines.append(f"  - Ejer og dato: {f.follow_up}")
        return "\n".join(lines + ([""] if lines else []) + [f"**Samlet læsning:** {self.summary}"]).strip()


class _Reading(BaseModel):
    """What the model writes for one finding (``Betyder: …`` / ``Spørg: …``)."""

    meaning: str = Field(json_schema_extra={"label": "Betyder", "aliases": ["Betydning", "Mening", "Meaning"]})
    question: str = Field("", json_schema_extra={"label": "Spørg", "aliases": ["Spørgsmål", "Question"]})


class DecodeCapability:
    """What the UI, the CLI and the prompt tests need to know about decode."""

    name = "decode"
    what = "feedbacken"
    max_chars = MAX_CHARS
    model_styles = ("chat", "completion")


CAPABILITY = DecodeCapability()


def model_reads(backend: Backend | None) -> bool:
    """Instruct models read Danish well enough; a base model only with an adapter tuned for decode.

    A backend says which jobs its adapter was trained on with ``tuned_jobs``; one that only says it has an
    ``adapter`` (and not which jobs) is trusted too, since the validator and the rules' fallback catch a bad reading.
    """
    if backend is None:
        return False
    if backend.prompt_style == "chat":
        return True
    jobs = getattr(backend, "tuned_jobs", None)
    if jobs is not None:
        return "decode" in jobs
    return getattr(backend, "adapter", None) is not None


# -- prompt variables (shared by the runtime and training_pairs) ------------------------------------------------------
def context_for(text: str, quote: str) -> str:
    """The sentence(s) of the quote with one sentence on each side, on one line (what the model reads)."""
    start = text.find(quote)
    if start < 0:
        return " ".join(text.split())[:CONTEXT_CHARS]
    end = start + len(quote)
    sentences = split_sentences(text)
    idx = [i for i, s in enumerate(sentences) if s.start < end and start < s.end] or [0]
    lo, hi = max(0, idx[0] - 1), min(len(sentences) - 1, idx[-1] + 1)
    window = " ".join(" ".join(s.text.split()) for s in sentences[lo: hi + 1])
    if len(window) > CONTEXT_CHARS:
        window = " ".join(" ".join(s.text.split()) for s in sentences[idx[0]: idx[-1] + 1])[:CONTEXT_CHARS]
    return window


def prompt_variables(text: str, quote: str, category: str) -> dict:
    lex = lexicon()
    if category not in lex.categories:
        raise ValueError(f"ukendt kategori: {category!r} (kendte: {', '.join(ALL_CATEGORIES)})")
    cat = lex.categories[category]
    return {"context": context_for(text, quote), "quote": " ".join(quote.split()), "kind": cat.title,
            "kind_help": cat.description}


def answer_text(meaning: str, question: str) -> str:
    """The answer in the line format the parser reads, after the prompt's prefill ``Betyder:``."""
    return f" {' '.join(meaning.split())}\nSpørg: {' '.join(question.split())}"


def training_pairs(example: dict) -> list[tuple[str, str]]:
    """(prompt, answer) per finding of a ``tune/data/decode.yaml`` example, rendered exactly as the runtime
    completion path renders it (``prompts/decode/completion.md``, the same variables).

    The prompt ends with the prefill ``Betyder:``; the answer is what the model must write after it
    (`` <meaning>\\nSpørg: <question>``), so ``prompt + answer`` is the full text the parser reads. Append the
    end-of-text token after the answer when training."""
    text = example.get("text", "")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"eksemplet {example.get('id', '?')} har ingen tekst")
    template = prompts.load("decode", "completion")
    pairs = []
    for f in example.get("findings") or []:
        quote = f.get("quote", "")
        if quote not in text:
            raise ValueError(f"eksemplet {example.get('id', '?')}: citatet står ikke i teksten: {quote!r}")
        variables = prompt_variables(text, quote, f.get("category", ""))
        prompt = template.render(**{k: v for k, v in variables.items() if k in template.meta.variables})
        pairs.append((prompt, answer_text(f.get("meaning", ""), f.get("question", ""))))
    return pairs


def training_problems(example: dict) -> list[str]:
    """The validator's problems with a training example's ideal readings ([] when the app would show them all):
    an example the app would refuse teaches the adapter something the app then throws away."""
    text = " ".join(str(example.get("text", "")).split()) and example.get("text", "")
    problems: list[str] = []
    for f in example.get("findings") or []:
        quote, category = f.get("quote", ""), f.get("category", "")
        facts = rules.Finding(quote=quote, category=category, title="", meaning="", confidence="medium",
                              confidence_why="", question="")
        draft = FindingOut(quote=quote, category=category, title="", meaning=" ".join(f.get("meaning", "").split()),
                           confidence="medium", confidence_why="", question=f.get("question", ""))
        problems += [f"{quote[:40]}: {p}" for p in _FindingReader(facts, draft).validate(draft, facts, text)]
    return problems


# -- one model reading per finding -------------------------------------------------------------------------------------
_QUESTION_OK = re.compile(r"\?\s*$")


def _question_ok(question: str, text: str, quote: str) -> bool:
    words = question.split()
    return (4 <= len(words) <= 45 and bool(_QUESTION_OK.search(question)) and not validate.danish(question)
            and not validate.numbers(question, text) and not validate.invented_names(question, text)
            and not validate.same_text(question, quote))


class _FindingReader:
    """One finding as a pipeline capability: the rules' finding is the draft, the model writes the reading."""

    name = "decode"
    what = "feedbacken"
    max_chars = MAX_CHARS
    model_styles = ("chat", "completion")

    def __init__(self, finding: rules.Finding, draft: FindingOut):
        self.finding = finding
        self.rules_draft = draft

    def analyze(self, text: str) -> rules.Finding:
        return self.finding

    def draft(self, text: str, facts: rules.Finding) -> FindingOut:
        return self.rules_draft

    def variables(self, text: str, facts: rules.Finding, draft: FindingOut) -> dict:
        self.text = text
        return prompt_variables(text, facts.quote, facts.category)

    def parse(self, reply: str, facts: rules.Finding, draft: FindingOut) -> FindingOut:
        reading = parse(reply, _Reading)
        meaning = " ".join(reading.meaning.split())
        question = " ".join(reading.question.split())
        text = getattr(self, "text", "")
        return draft.model_copy(update={
            "meaning": meaning,
            "question": question if question and _question_ok(question, text, facts.quote) else draft.question,
        })

    def validate(self, out: FindingOut, facts: rules.Finding, text: str) -> list[str]:
        problems = check_meaning(out.meaning, quote=facts.quote, cue=facts.cue, context=context_for(text, facts.quote),
                                 text=text, plain=facts.category == "plain")
        problems += validate.numbers(out.meaning, text)
        problems += validate.invented_names(out.meaning, text)
        problems += validate.danish(out.meaning)
        if not problems:
            problems += validate.real_words(out.meaning, allowed=text)
        return problems


def _out(f: rules.Finding) -> FindingOut:
    return FindingOut(quote=f.quote, category=f.category, title=f.title, meaning=f.meaning, confidence=f.confidence,
                      confidence_why=f.confidence_why, question=f.question, follow_up=f.follow_up, kind=f.kind)


def _combine(traces: list[pipeline.Trace], model: str, prompt_id: str) -> pipeline.Trace:
    """One trace for all the model's readings (path: model | retried | fallback | mixed | stopped | rules)."""
    total = pipeline.Trace(model=model, prompt_id=prompt_id)
    for t in traces:
        total.attempts += t.attempts
        total.problems += t.problems
        total.tokens += t.tokens
        total.decode_s += t.decode_s
    paths = [t.path for t in traces]
    if not paths:
        total.path, total.model = "rules", "regler"
    elif "stopped" in paths:
        total.path = "stopped"
    elif all(p in ("model", "retried") for p in paths):
        total.path = "retried" if "retried" in paths else "model"
    elif all(p == "fallback" for p in paths):
        total.path = "fallback"
    else:
        total.path = "mixed"
    return total


def _read(text: str, found: list[rules.Finding], outs: list[FindingOut], backend: Backend,
          cancel: threading.Event | None) -> tuple[list[FindingOut], pipeline.Trace]:
    traces: list[pipeline.Trace] = []
    chosen = [i for i, f in enumerate(found) if f.category != "plain"][:MAX_MODEL_FINDINGS]
    for i in chosen:
        if cancel is not None and cancel.is_set():
            break
        result = pipeline.run(_FindingReader(found[i], outs[i]), text, backend, cancel=cancel)
        traces.append(result.trace)
        if result.trace.path in ("model", "retried"):
            outs[i] = result.output.model_copy(update={"source": backend.name})
        if result.trace.path == "stopped":
            break
    return outs, _combine(traces, backend.name, prompts.for_style("decode", backend.prompt_style).id)


def run(text: str, backend: Backend | None, *, rules_only: bool = False,
        cancel: threading.Event | None = None) -> tuple[DecodeResult, pipeline.Trace]:
    """Decode ``text``; ``backend=None`` or ``rules_only`` gives the rules' answer (every field filled)."""
    started = time.perf_counter()
    cleaned = guard.check(text, what=CAPABILITY.what, max_chars=CAPABILITY.max_chars)
    found = rules.analyze(cleaned)
    outs = [_out(f) for f in found]
    trace = pipeline.Trace()
    if not rules_only and model_reads(backend) and any(f.category != "plain" for f in found):
        outs, trace = _read(cleaned, found, outs, backend, cancel)
    shown = [f.model_copy(update={"meaning": o.meaning}) for f, o in zip(found, outs)]
    model = next((o.source for o in outs if o.source != "regler"), "regler")
    trace.seconds = time.perf_counter() - started
    return DecodeResult(findings=outs, summary=rules.summarize(shown, cleaned), model=model), trace
