"""What every command shares: reading the user's text, printing results, opening the model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from coach.errors import InputError


def read_input(source: str | None) -> str:
    """Text from a file, '-' (stdin) or, with no argument, stdin when it is piped."""
    from coach import guard

    if source in (None, "-"):
        if source is None and sys.stdin.isatty():
            raise InputError("Ingen tekst: angiv en fil, eller send teksten ind på stdin (brug '-').")
        data = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"Filen findes ikke: {path}")
        if path.stat().st_size > 5_000_000:
            raise InputError(f"Filen er for stor ({path.stat().st_size // 1_000_000} MB) til at være noter.")
        data = path.read_bytes()
    return guard.decode(data)


def emit(obj, as_json: bool, text: str) -> None:
    """Print ``obj`` as JSON with ``--json``, else the human-readable ``text``."""
    print(json.dumps(obj, ensure_ascii=False, indent=2) if as_json else text)




MODEL_HELP = ("model-id, sti til en .gguf-fil eller adressen på en modelserver, fx http://127.0.0.1:11434/v1#gemma3:12b "
              "(standard: den aktive model)")


def add_model_options(p) -> None:
    """``--model`` and ``--no-adapter``, the same for every command that runs a model."""
    p.add_argument("--model", help=MODEL_HELP)
    p.add_argument("--no-adapter", action="store_true",
                   help="brug den indbyggede model uden dens danske tilpasning (til sammenligning)")


def backend(args):
    """The model for a command: none with ``--rules-only``, else ``--model`` or the active model."""
    if getattr(args, "rules_only", False):
        return None
    import os

    from coach.backend import runtime

    if getattr(args, "no_adapter", False):
        os.environ["COACH_NO_ADAPTER"] = "1"
    b = runtime.open_backend(getattr(args, "model", None))
    if b.notice:
        print(f"Bemærk: {b.notice}", file=sys.stderr)
    return b
