"""``coach serve``, ``coach ask`` and ``coach models``: the app, a quick question, and the models: the catalogue,
model servers the user chose and GGUF files found on this machine."""

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
    if args.no_adapter:
        os.environ["COACH_NO_ADAPTER"] = "1"
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


def _server_rows() -> list[dict]:
    """The servers the user chose, each asked briefly for its models (never printing a key)."""
    from coach.backend.server_http import ServerHTTP
    from coach.errors import CoachError
    from coach.models import registry

    rows = []
    for server in registry.servers():
        row = {"url": server.base_url, "model": server.model, "address": server.address,
               "remote": not server.loopback, "api_key": registry.api_key(server) is not None,
               "context": registry.server_setting(server, "context"), "models": [], "error": None}
        http = ServerHTTP(server, api_key=registry.api_key(server), timeout=3.0)
        try:
            row["models"] = list(http.models())
        except CoachError as exc:
            row["error"] = exc.message
        finally:
            http.close()
        rows.append(row)
    return rows


def _found_rows() -> list[dict]:
    from coach import system
    from coach.models import discovery

    return [{"ref": f.ref, "name": f.name, "source": f.source, "size": system.gb(f.size),
             "architecture": f.architecture, "path": str(f.path)} for f in discovery.scan()]


def cmd_models(args: argparse.Namespace) -> int:
    from coach import system
    from coach.models import adapter, registry
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
                    "adapter": adapter.status(spec),
                }
            )
        servers, found = _server_rows(), _found_rows()
        if args.json:
            print(json.dumps({"models": rows, "active": active.id, "servers": servers, "found": found},
                             ensure_ascii=False, indent=2))
            return 0
        print(f"{'':2}{'id':<24} {'størrelse':>9} {'RAM':>6}  {'hentet':<6}  navn")
        for r in rows:
            mark = "*" if r["active"] else " "
            got = "ja" if r["installed"] else "nej"
            fit = "" if r["fits"] else "  (for lidt RAM her)"
            print(f"{mark} {r['id']:<24} {r['size']:>9} {r['ram']:>6}  {got:<6}  {r['label']}{fit}")
            if r["adapter"]:
                print(f"{'':27}{r['adapter']}")
        if servers:
            print("\nModelservere, du har valgt (brug: coach models use ADRESSE#MODEL):")
            for s in servers:
                where = f"  ⚠ dine tekster sendes til {s['address']}" if s["remote"] else ""
                models = ", ".join(s["models"]) if s["models"] else (s["error"] or "ingen modeller")
                print(f"  {s['url']}{where}\n    modeller: {models}")
        if found:
            print("\nFundet på din maskine (bruges, hvor de ligger, uden at blive kopieret):")
            for f in found:
                print(f"  {f['ref']}\n    {f['name']} fra {f['source']}, {f['size']}, arkitektur {f['architecture']}")
        if active.spec is None:
            print(f"\n* aktiv: {active.label} ({active.id})")
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
        key = _read_api_key() if args.api_key else None
        choice = registry.use(args.id, allow_remote=args.allow_remote, api_key=key, context=args.context)
        print(f"Aktiv model: {choice.label} ({choice.id})")
        if choice.remote_host:
            print(f"Bemærk: dine tekster sendes nu til {choice.remote_host}, når du bruger appen.")
        return 0
    if args.models_cmd == "forget":
        gone = registry.forget_server(args.url)
        print("Serveren er glemt (med en evt. gemt API-nøgle)." if gone else "Den server var ikke gemt.")
        return 0
    raise AssertionError(args.models_cmd)


def _read_api_key() -> str | None:
    """The API key, typed without echo (or piped on stdin); never an argument, so it stays out of shell history."""
    import getpass

    key = getpass.getpass("API-nøgle (vises ikke): ") if sys.stdin.isatty() else sys.stdin.readline()
    return key.strip() or None


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
    io.add_model_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("ask", help="stil et kort spørgsmål om MUS og få svar fra modellen")
    p.add_argument("text", nargs="*", help="spørgsmålet (ellers læses stdin)")
    io.add_model_options(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("models", help="vis, hent og vælg modeller")
    msub = p.add_subparsers(dest="models_cmd", metavar="HANDLING", required=True)
    q = msub.add_parser("list", help="vis kataloget, dine modelservere og modeller fundet på maskinen")
    q.add_argument("--json", action="store_true", help="skriv JSON")
    q = msub.add_parser("download", help="hent en model fra kataloget (med statuslinje)")
    q.add_argument("id", help="model-id fra 'coach models list'")
    q.add_argument("--force", action="store_true", help="hent selv om maskinen har for lidt RAM")
    q = msub.add_parser("use", help="vælg den aktive model: et id, en .gguf-fil, en fundet model eller en server")
    q.add_argument("id", metavar="ID|STI.gguf|ollama:NAVN|http://VÆRT:PORT/v1[#MODEL]")
    q.add_argument("--allow-remote", action="store_true",
                   help="bekræft, at dine tekster må sendes til en server på en anden maskine")
    q.add_argument("--api-key", action="store_true", help="spørg efter serverens API-nøgle og gem den (0600)")
    q.add_argument("--context", type=int, metavar="TOKENS", help="serverens kontekstlængde, hvis den ikke oplyser den")
    q = msub.add_parser("forget", help="glem en gemt modelserver (og dens API-nøgle)")
    q.add_argument("url", metavar="http://VÆRT:PORT/v1")
    p.set_defaults(func=cmd_models)
