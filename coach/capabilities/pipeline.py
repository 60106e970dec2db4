"""One pipeline for every capability: guard → analyze (rules) → draft → model → validate → retry | fallback.

A capability supplies the steps; ``run`` owns the order, the retries (at most two, each with a new seed, a wider
temperature and a stricter prompt) and the fallback to the rules' draft. The result records which path produced it, so the
eval can count model answers, retries and fallbacks.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

from coach import guard, language
from coach.backend import Backend
from coach.capabilities import prompts
from coach.errors import CoachError, InputTooLong, ModelError
from coach.lineformat import OutputFormatError

Facts = TypeVar("Facts")
Out = TypeVar("Out")
Path = Literal["rules", "model", "retried", "fallback", "stopped", "mixed"]

MAX_RETRIES = 2
SEEDS = (11, 23, 37)
# A retry must be able to write something else: at the prompts' low temperatures (0.2) a small model gives
# the same refused answer three times. The first try keeps the template's temperature; a retry samples wider.
RETRY_TEMPERATURES = (None, 0.6, 0.8)  # None: the template's own


class Capability(Protocol[Facts, Out]):
    name: str  # the folder under prompts/
    what: str  # Danish noun for the input, used in messages ("noterne", "målet", "feedbacken")
    max_chars: int

    def analyze(self, text: str) -> Facts: ...

    def draft(self, text: str, facts: Facts) -> Out: ...

    def variables(self, text: str, facts: Facts, draft: Out) -> dict: ...

    def parse(self, reply: str, facts: Facts, draft: Out) -> Out: ...

    def validate(self, out: Out, facts: Facts, text: str) -> list[str]: ...


@dataclass
class Trace:
    """How a result came about (kept out of the JSON output; used by the UI and the eval)."""

    path: Path = "rules"
    model: str = "regler"
    attempts: int = 0
    problems: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0
    prompt_id: str = ""
    tokens: int = 0  # generated tokens, all attempts
    mended: list[str] = field(default_factory=list)  # path "mixed": the fields taken from the rules' draft
    decode_s: float = 0.0  # time spent decoding them (after the first token of each attempt)

    @property
    def shown_by(self) -> str:
        """Who wrote the text the user sees: the model's id only when its answer is shown, else "regler"."""
        if self.path == "mixed":
            return f"{self.model} + regler"
        return self.model if self.path in ("model", "retried") else "regler"


@dataclass
class Result(Generic[Out]):
    output: Out
    trace: Trace


def run(cap: Capability, text: str, backend: Backend | None, *, rules_only: bool = False,
        cancel: threading.Event | None = None) -> Result:
    """Run a capability on the user's text. ``backend=None`` or ``rules_only`` gives the deterministic draft."""
    started = time.perf_counter()
    cleaned = guard.check(text, what=cap.what, max_chars=cap.max_chars)
    facts = cap.analyze(cleaned)
    draft = cap.draft(cleaned, facts)
    trace = Trace()
    if backend is not None and backend.prompt_style not in getattr(cap, "model_styles", ("chat", "completion")):
        trace.model = backend.name  # this model is too weak for this capability: the rules answer alone
        rules_only = True
    if hasattr(cap, "needs_model") and not cap.needs_model(facts):
        rules_only = True  # the rules' answer is complete (e.g. no softened criticism found): nothing to phrase
    if rules_only or backend is None:
        trace.seconds = time.perf_counter() - started
        return Result(draft, trace)

    trace.model = backend.name
    language.preload()  # the validator's dictionary loads while the model writes
    template = prompts.for_style(cap.name, backend.prompt_style)
    trace.prompt_id = template.id
    candidates: list = []  # parsed but refused answers and their problems, for ``mend``
    for attempt in range(MAX_RETRIES + 1):
        if cancel is not None and cancel.is_set():
            break
        strict = attempt > 0
        variables = cap.variables(cleaned, facts, draft) | {"strict": strict}
        variables = {k: v for k, v in variables.items() if k in template.meta.variables}
        prompt = template.render(**variables)
        temperature = max(template.sampling.temperature, RETRY_TEMPERATURES[attempt] or 0.0)
        sampling = template.sampling.with_(seed=SEEDS[attempt], temperature=temperature)
        trace.attempts = attempt + 1
        try:
            completion = backend.complete(prompt, sampling, cancel=cancel)
            trace.tokens += completion.completion_tokens
            trace.decode_s += max(0.0, completion.total_s - completion.ttft_s)
            reply = template.meta.prefill + completion.text
            out = cap.parse(reply, facts, draft)
            problems = cap.validate(out, facts, cleaned)
        except (InputTooLong, ModelError):
            raise  # too long, or the model cannot answer at all (a server down): say so, do not blame its answer
        except (OutputFormatError, CoachError) as exc:
            trace.problems.append([exc.message])
            continue
        trace.problems.append(problems)
        if cancel is not None and cancel.is_set():
            break  # a stopped answer is unfinished: never present it
        if not problems:
            trace.path = "model" if attempt == 0 else "retried"
            trace.seconds = time.perf_counter() - started
            return Result(out, trace)
        candidates.append((out, problems))
    if not (cancel is not None and cancel.is_set()):
        mended = mend(cap, candidates, draft, facts, cleaned)
        if mended is not None:
            trace.path, trace.mended = "mixed", mended[1]
            trace.seconds = time.perf_counter() - started
            return Result(mended[0], trace)
    trace.path = "stopped" if cancel is not None and cancel.is_set() else "fallback"
    trace.seconds = time.perf_counter() - started
    return Result(draft, trace)


def mend(cap, candidates: list[tuple[object, list[str]]], draft, facts, text: str) -> tuple[object, list[str]] | None:
    """A refused answer with as few of its fields as possible swapped for the rules' draft, if that passes the
    validator: (answer, the swapped fields). A capability opts in with ``mend_fields`` (the fields that stand on
    their own and may be swapped) and ``mend_keep`` (how many of them must stay the model's, so that the answer is
    still mostly its own).

    Only facts are mended: an answer whose Danish was refused (Norwegian, words that do not exist, loops) is not,
    since its other fields are no better. The fewest swaps win, then the earliest answer. None when nothing passes
    or the result would simply be the draft."""
    from coach.capabilities import validate
    fields = tuple(getattr(cap, "mend_fields", ()))
    keep = int(getattr(cap, "mend_keep", len(fields)))
    for n in range(1, len(fields) - keep + 1):
        for out, problems in candidates:
            if any(validate.about_language(p) for p in problems):
                continue
            for combo in itertools.combinations(fields, n):
                if any(getattr(out, f) == getattr(draft, f) for f in combo):
                    continue  # that swap changes nothing (a smaller one was tried already)
                mixed = out.model_copy(update={f: getattr(draft, f) for f in combo})
                if hasattr(cap, "mended"):
                    mixed = cap.mended(mixed, draft)
                if mixed == draft:
                    continue  # what is left of the model is the draft anyway
                if not cap.validate(mixed, facts, text):
                    return mixed, list(combo)
    return None
