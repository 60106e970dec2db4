"""CLI commands for the capabilities: ``coach star``, ``coach smart``, ``coach decode``.

Each reads notes from a file or stdin, runs the capability (rules only with ``--rules-only``) and prints
Markdown-like text or, with ``--json``, the JSON contract of the capability.
"""

from __future__ import annotations

import argparse
import json

from coach import cli


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", metavar="FIL|-", help="fil med teksten, eller '-' for stdin")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("--model", help="model-id eller sti til en .gguf-fil (standard: den aktive model)")
    p.add_argument("--rules-only", action="store_true", help="brug kun appens regler, ingen sprogmodel")


def _backend(args):
    if args.rules_only:
        return None
    from coach import runtime

    return runtime.open_backend(args.model)


def _print(data: dict, as_json: bool, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def cmd_star(args: argparse.Namespace) -> int:
    from coach import star

    results = star.run(cli.read_input(args.file), _backend(args), rules_only=args.rules_only)
    texts = [r[0].to_markdown() for r in results]
    if len(texts) > 1:
        texts = [f"## Oplevelse {i}\n{t}" for i, t in enumerate(texts, 1)]
    _print(star.as_json(results), args.json, "\n\n".join(texts))
    return 0


def cmd_smart(args: argparse.Namespace) -> int:
    from coach import smart

    out, _ = smart.run(cli.read_input(args.file), _backend(args), rules_only=args.rules_only)
    _print(out.model_dump(exclude={"warnings"}) | {"warnings": out.warnings}, args.json, out.to_markdown())
    return 0


def cmd_decode(args: argparse.Namespace) -> int:
    from coach import decode

    out, _ = decode.run(cli.read_input(args.file), _backend(args), rules_only=args.rules_only)
    _print(out.model_dump(), args.json, out.to_markdown())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import sys

    from coach import evals

    backend = _backend(args)
    model_id = backend.name if backend is not None else "regler"
    caps = [args.capability] if args.capability else None
    report = evals.run_all(backend, model_id, caps, progress=lambda line: print(line, file=sys.stderr))
    for cap, res in report["capabilities"].items():
        s = res["summary"]
        print(f"{cap}: {s['cases']} cases, alle tjek bestået i {s['all_checks_passed']:.0%}, "
              f"regel-udkast brugt i {s['fallback_rate']:.0%}")
    print(f"Rapport: {evals.REPORTS_DIR / (model_id + '.md')}")
    return 0


def _parsers(sub) -> None:
    p = sub.add_parser("star", help="gør rå noter til STAR-udsagn (Situation, Opgave, Handling, Resultat)")
    _add_common(p)
    p = sub.add_parser("smart", help="gør et vagt mål til et SMART-mål")
    _add_common(p)
    p = sub.add_parser("decode", help="afkod indirekte feedback: hvad mener lederen sandsynligvis?")
    _add_common(p)
    p = sub.add_parser("eval", help="kør evalueringscases i eval/ og skriv en rapport for modellen")
    p.add_argument("--model", help="model-id eller sti til en .gguf-fil (standard: den aktive model)")
    p.add_argument("--capability", choices=["star", "smart", "decode"], help="kun én kapabilitet")
    p.add_argument("--rules-only", action="store_true", help="evaluer kun appens regler")


cli.COMMANDS.update(star=cmd_star, smart=cmd_smart, decode=cmd_decode, eval=cmd_eval)
cli._extra_parsers.append(_parsers)
