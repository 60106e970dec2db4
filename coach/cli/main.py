"""The ``coach`` command line: wiring only; every command calls into the core.

Errors the user can fix are printed as one Danish message on stderr with a non-zero exit code; bugs get a
generic Danish message (set COACH_DEBUG=1 for the traceback). No note text is ever logged.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from coach import privacy

privacy.apply_env()  # before anything imports huggingface_hub or gradio

from coach.errors import CoachError, InputError  # noqa: E402

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(func):
        COMMANDS[name] = func
        return func

    return register


# -- input helpers --------------------------------------------------------------------------------------------
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
    if as_json:
        print(json.dumps(obj, ensure_ascii=False, indent=2))
    else:
        print(text)


# -- commands --------------------------------------------------------------------------------------------------
@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    import runpy

    from coach.paths import REPO_ROOT

    if args.port:
        os.environ["COACH_PORT"] = str(args.port)
    if args.model:
        os.environ["COACH_MODEL"] = args.model
    runpy.run_path(str(REPO_ROOT / "app.py"), run_name="__main__")
    return 0


@command("ask")
def cmd_ask(args: argparse.Namespace) -> int:
    from coach import ask

    question = " ".join(args.text) if args.text else read_input(None)
    backend = _backend(args)
    cancel = threading.Event()
    try:
        for piece in ask.stream(backend, question, cancel=cancel):
            sys.stdout.write(piece)
            sys.stdout.flush()
    except KeyboardInterrupt:
        cancel.set()
    print()
    return 0


@command("models")
def cmd_models(args: argparse.Namespace) -> int:
    from coach import models, system
    from coach.catalog import load_catalog

    catalog = load_catalog()
    if args.models_cmd == "list":
        active = models.active(catalog)
        rows = []
        for spec in catalog.by_quality():
            rows.append(
                {
                    "id": spec.id,
                    "label": spec.label,
                    "size": system.gb(spec.size_bytes),
                    "ram": f"{spec.min_ram_gb:g} GB".replace(".", ","),
                    "installed": models.is_installed(spec),
                    "fits": models.fits_in_ram(spec),
                    "active": spec.id == active.id,
                }
            )
        if args.json:
            print(json.dumps({"models": rows, "active": active.id}, ensure_ascii=False, indent=2))
            return 0
        print(f"{'':2}{'id':<24} {'størrelse':>9} {'RAM':>6}  {'hentet':<6}  navn")
        for r in rows:
            mark = "*" if r["active"] else " "
            got = "ja" if r["installed"] else "nej"
            fit = "" if r["fits"] else "  (for lidt RAM her)"
            print(f"{mark} {r['id']:<24} {r['size']:>9} {r['ram']:>6}  {got:<6}  {r['label']}{fit}")
        if active.spec is None:
            print(f"* aktiv: egen fil {active.path}")
        print(f"\n* = aktiv model. Maskinen har {system.gb(system.total_ram())} RAM.")
        return 0
    if args.models_cmd == "download":
        from coach import download

        spec = catalog.get(args.id)
        if spec.embedded:
            print(f"'{spec.id}' følger med appen og skal ikke hentes.")
            return 0
        bar = _progress_bar(spec.size_bytes, spec.filename)
        try:
            path = download.download(spec, progress=bar.update_to, force=args.force)
        finally:
            bar.close()
        print(f"Hentet og kontrolleret: {path}")
        print(f"Brug den med: coach models use {spec.id}")
        return 0
    if args.models_cmd == "use":
        choice = models.use(args.id)
        print(f"Aktiv model: {choice.label} ({choice.id})")
        return 0
    raise AssertionError(args.models_cmd)


def _progress_bar(total: int, name: str):
    from tqdm import tqdm

    bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name, file=sys.stderr)

    def update_to(done: int, total_: int) -> None:
        if total_ and bar.total != total_:
            bar.total = total_
        bar.update(done - bar.n)

    bar.update_to = update_to  # type: ignore[attr-defined]
    return bar


def _backend(args: argparse.Namespace):
    from coach import runtime

    return runtime.open_backend(getattr(args, "model", None))


# -- parser ----------------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="MUS Coach – lokal hjælp til at forberede din MUS. Alt kører på din egen maskine.",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)

    p = sub.add_parser("serve", help="start appen i browseren på http://127.0.0.1:7860")
    p.add_argument("--port", type=int, help="port (standard 7860)")
    p.add_argument("--model", help="model-id eller sti til en .gguf-fil")

    p = sub.add_parser("ask", help="stil et kort spørgsmål om MUS og få svar fra modellen")
    p.add_argument("text", nargs="*", help="spørgsmålet (ellers læses stdin)")
    p.add_argument("--model", help="model-id eller sti til en .gguf-fil")

    p = sub.add_parser("models", help="vis, hent og vælg modeller")
    msub = p.add_subparsers(dest="models_cmd", metavar="HANDLING", required=True)
    q = msub.add_parser("list", help="vis kataloget: størrelse, RAM-behov, hentet, aktiv")
    q.add_argument("--json", action="store_true", help="skriv JSON")
    q = msub.add_parser("download", help="hent en model fra kataloget (med statuslinje)")
    q.add_argument("id", help="model-id fra 'coach models list'")
    q.add_argument("--force", action="store_true", help="hent selv om maskinen har for lidt RAM")
    q = msub.add_parser("use", help="vælg den aktive model: et id eller en sti til en .gguf-fil")
    q.add_argument("id", metavar="ID|STI.gguf")

    for extra in _extra_parsers:
        extra(sub)
    return parser


_extra_parsers: list[Callable] = []


def main(argv: list[str] | None = None) -> int:
    # Capability commands register themselves (parser + handler) when imported.
    import coach.commands  # noqa: F401

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args) or 0
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


if __name__ == "__main__":  # python -m coach.cli: run the registered module, not this __main__ copy
    from coach.cli import main as _main

    sys.exit(_main())
