"""The ``coach`` command line: argparse wiring only; every command calls into the core.

Errors the user can fix are printed as one Danish message on stderr with a non-zero exit code; bugs get a
generic Danish message (set COACH_DEBUG=1 for the traceback). No note text is ever logged.
"""

from __future__ import annotations

import argparse
import os
import sys

from coach import privacy

privacy.apply_env()  # before anything imports huggingface_hub or gradio

from coach.cli import capabilities, measure, models  # noqa: E402
from coach.errors import CoachError  # noqa: E402


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="MUS Coach – lokal hjælp til at forberede din MUS. Alt kører på din egen maskine.",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)
    for group in (models, capabilities, measure):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except CoachError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nAfbrudt.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        if os.environ.get("COACH_DEBUG"):
            raise
        print("Fejl: der skete en uventet fejl i MUS Coach. Kør igen med COACH_DEBUG=1 for detaljer.", file=sys.stderr)
        return 1
