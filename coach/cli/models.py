"""``coach serve``, ``coach ask`` and ``coach models``: the app, a quick question, and the model catalogue."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading

from coach.cli import io


def cmd_serve(args: argparse.Namespace) -> int:
    import runpy

    from coach.paths import REPO_ROOT

    if args.port:
        os.environ["COACH_PORT"] = str(args.port)
    if args.model:
        os.environ["COACH_MODEL"] = args.model
    runpy.run_path(str(REPO_ROOT / "app.py"), run_name="__main__")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from coach.capabilities import ask

    question = " ".join(args.text) if args.text else io.read_input(None)
    backend = io.backend(args)
    cancel = threading.Event()
    try:
        for piece in ask.stream(backend, question, cancel=cancel):
            sys.stdout.write(piece)
            sys.stdout.flush()
    except KeyboardInterrupt:
        cancel.set()
    print()
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from coach import system
    from coach.models import registry
    from coach.models.catalog import load_catalog

    catalog = load_catalog()
    if args.models_cmd == "list":
        active = registry.active(catalog)
        rows = []
        for spec in catalog.by_quality():
            rows.append(
                {
                    "id": spec.id,
                    "label": spec.label,
                    "size": system.gb(spec.size_bytes),
                    "ram": f"{spec.min_ram_gb:g} GB".replace(".", ","),
                    "installed": registry.is_installed(spec),
                    "fits": registry.fits_in_ram(spec),
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
        from coach.models import download

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
        choice = registry.use(args.id)
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


def register(sub) -> None:
    p = sub.add_parser("serve", help="start appen i browseren på http://127.0.0.1:7860")
    p.add_argument("--port", type=int, help="port (standard 7860)")
    p.add_argument("--model", help="model-id eller sti til en .gguf-fil")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("ask", help="stil et kort spørgsmål om MUS og få svar fra modellen")
    p.add_argument("text", nargs="*", help="spørgsmålet (ellers læses stdin)")
    p.add_argument("--model", help="model-id eller sti til en .gguf-fil")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("models", help="vis, hent og vælg modeller")
    msub = p.add_subparsers(dest="models_cmd", metavar="HANDLING", required=True)
    q = msub.add_parser("list", help="vis kataloget: størrelse, RAM-behov, hentet, aktiv")
    q.add_argument("--json", action="store_true", help="skriv JSON")
    q = msub.add_parser("download", help="hent en model fra kataloget (med statuslinje)")
    q.add_argument("id", help="model-id fra 'coach models list'")
    q.add_argument("--force", action="store_true", help="hent selv om maskinen har for lidt RAM")
    q = msub.add_parser("use", help="vælg den aktive model: et id eller en sti til en .gguf-fil")
    q.add_argument("id", metavar="ID|STI.gguf")
    p.set_defaults(func=cmd_models)
