"""Training pairs: every example in ``tune/data/<job>.yaml`` rendered as (prompt, answer) by the capability's own
``training_pairs`` function, i.e. with the same template file and the same variables code the app uses at run time,
so training and inference cannot drift apart.

An example whose ideal answer the app's own validator would refuse is left out (and counted): it would teach the
model something the app then throws away, and several such examples turned out to hold an invented number or name.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

# job -> (module, function) that renders one example; decode and the rehearsal add theirs when they have them
JOBS: dict[str, tuple[str, str]] = {
    "star": ("coach.capabilities.star", "training_pairs"),
    "smart": ("coach.capabilities.smart", "training_pairs"),
    "decode": ("coach.capabilities.decode", "training_pairs"),
    "manager": ("coach.capabilities.rehearse", "training_pairs_manager"),
    "debrief": ("coach.capabilities.rehearse", "training_pairs_debrief"),
}


@dataclass
class Pair:
    job: str
    example_id: str
    split: str  # train | held_out
    prompt: str
    answer: str


@dataclass
class Dataset:
    pairs: list[Pair] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # job -> {examples, pairs, refused, missing}
    sha256: str = ""

    def split(self, name: str) -> list[Pair]:
        return [p for p in self.pairs if p.split == name]


def _renderer(job: str):
    module, name = JOBS[job]
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def problems(job: str, example: dict, answer: str) -> list[str]:
    """What the app's validator would say about this ideal answer ([] = it would be accepted).

    STAR and SMART ask their capability's validator, decode its own check; the rehearsal jobs have none."""
    if job == "decode":
        module = importlib.import_module(JOBS[job][0])
        return list(module.training_problems(example)) if hasattr(module, "training_problems") else []
    if job == "manager":
        return _manager_problems(example, answer)
    if job not in ("star", "smart"):
        return []
    module = importlib.import_module(JOBS[job][0])
    cap = module.CAPABILITY
    text = example["notes"] if job == "star" else example["goal"]
    facts = cap.analyze(text)
    draft = cap.draft(text, facts)
    prefill = {"star": "Situation:", "smart": "Omskrevet:"}[job]
    return list(cap.validate(cap.parse(prefill + answer, facts, draft), facts, text))


def _manager_problems(example: dict, answer: str) -> list[str]:
    """The rehearsal's own check of a manager line (``manager_prompt.check``) in a session rebuilt from the
    example: its persona, role, phase and history."""
    from coach.capabilities.rehearse import manager_prompt, session
    from coach.rules import agenda

    phase = str(example.get("phase", ""))
    setup = session.Setup(persona=str(example["persona"]), role=str(example.get("role") or ""),
                          phases=[phase] if phase in agenda.PHASE_BY_ID else None)
    rehearsal = session.Session(setup)
    for item in example.get("history") or []:
        (role, text), = item.items()
        rehearsal.turns.append(session.Turn(role="manager" if role == "manager" else "employee", text=str(text),
                                            phase=phase))
    return manager_prompt.check(answer.strip(), rehearsal)


def files(job: str) -> list[Path]:
    """``<job>.yaml`` and any ``<job>-<batch>.yaml`` next to it (a later batch of examples), in a fixed order."""
    main = DATA_DIR / f"{job}.yaml"
    return ([main] if main.is_file() else []) + sorted(DATA_DIR.glob(f"{job}-*.yaml"))


def load(jobs: list[str] | None = None, *, validate: bool = True) -> Dataset:
    data = Dataset()
    digest = hashlib.sha256()
    for job in jobs or list(JOBS):
        paths = files(job)
        render = _renderer(job)
        if not paths or render is None:
            data.counts[job] = {"examples": 0, "pairs": 0, "refused": 0, "missing": 1}
            continue
        examples = []
        for path in paths:
            raw = path.read_bytes()
            digest.update(raw)
            examples += yaml.safe_load(raw)["examples"]
        count = {"examples": len(examples), "pairs": 0, "refused": 0, "missing": 0}
        for ex in examples:
            for prompt, answer in render(ex):
                if validate and ex.get("split", "train") == "train" and problems(job, ex, answer):
                    count["refused"] += 1
                    continue
                data.pairs.append(Pair(job, ex["id"], ex.get("split", "train"), prompt, answer))
                count["pairs"] += 1
        data.counts[job] = count
    data.sha256 = digest.hexdigest()
    return data
