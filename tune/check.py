"""Check training examples before training: ``python -m tune.check [FILE ...]`` (default: every file in
``tune/data/``). Prints each example the app's validator would refuse, with its reasons, plus duplicate ids and
a count per file; exits 1 when something was refused, so a batch can be fixed before it is trained on."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from tune import pairs


def check_file(path: Path) -> tuple[int, int, list[str]]:
    """(examples, refused, messages) for one ``<job>[-batch].yaml`` file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    job = data.get("job") or path.stem.split("-")[0]
    render = pairs._renderer(job)
    messages, refused, seen = [], 0, set()
    for ex in data.get("examples") or []:
        ident = ex.get("id", "?")
        if ident in seen:
            messages.append(f"{ident}: id findes allerede i filen")
        seen.add(ident)
        try:
            rendered = render(ex)
        except (KeyError, TypeError, ValueError) as err:
            refused += 1
            messages.append(f"{ident}: kan ikke læses ({err})")
            continue
        found = [p for _, answer in rendered for p in pairs.problems(job, ex, answer)]
        if found:
            refused += 1
            messages.append(f"{ident}: " + " | ".join(dict.fromkeys(found)))
    return len(data.get("examples") or []), refused, messages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tune.check", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args(argv)
    paths = args.files or sorted(pairs.DATA_DIR.glob("*.yaml"))
    total_refused = 0
    for path in paths:
        n, refused, messages = check_file(path)
        total_refused += refused
        for m in messages:
            print(f"  {m}")
        print(f"{path.name}: {n} eksempler, {refused} afvist")
    return 1 if total_refused else 0


if __name__ == "__main__":
    sys.exit(main())
