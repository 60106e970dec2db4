"""``coach eval`` and ``coach bench``: quality on the eval cases, speed and memory against raw llama-cpp-python."""

from __future__ import annotations

import argparse
import json

from coach.cli import io


def cmd_eval(args: argparse.Namespace) -> int:
    import sys

    from coach.measure import evals

    backend = io.backend(args)
    model_id = backend.name if backend is not None else "regler"
    caps = [args.capability] if args.capability else None
    splits = (args.split,) if args.split else evals.SPLITS
    report = evals.run_all(backend, model_id, caps, splits=splits,
                           progress=(lambda line: print(line, file=sys.stderr)) if args.verbose else None)
    for cap, by_split in report["capabilities"].items():
        for split, res in by_split.items():
            s = res["summary"]
            figures = ", ".join(f"{k} {v}" for k, v in s["figures"].items() if not isinstance(v, dict))
            print(f"{cap} [{split}]: {s['cases']} cases, alle tjek bestået i {s['all_checks_passed']:.0%}, "
                  f"regel-udkast brugt i {s['fallback_rate']:.0%}; {figures}")
    print(f"Rapport: {evals.REPORTS_DIR / (evals.report_name(model_id) + '.md')}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import sys

    from coach.measure import bench

    print("Måler … (det tager et minut eller to; lad maskinen være i fred imens)", file=sys.stderr)
    result = bench.run(args.model, rehearsal=not args.no_rehearsal, quick=args.quick)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else bench.to_text(result))
    return 0


def register(sub) -> None:
    p = sub.add_parser("bench", help="mål hastighed og hukommelse og sammenlign med rå llama-cpp-python")
    io.add_model_options(p)
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("--no-rehearsal", action="store_true", help="spring målingen af øvesamtalen over")
    p.add_argument("--quick", action="store_true", help="én kørsel pr. tal (hurtigt tjek; tallene støjer)")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("eval", help="kør evalueringscases i eval/ og skriv en rapport for modellen")
    io.add_model_options(p)
    p.add_argument("--capability", choices=["star", "smart", "decode", "rehearse"], help="kun én kapabilitet")
    p.add_argument("--split", choices=["test", "dev"], help="kun test- eller dev-delen (standard: begge, test først)")
    p.add_argument("--verbose", action="store_true", help="vis hver case, mens den kører")
    p.add_argument("--rules-only", action="store_true", help="evaluer kun appens regler")
    p.set_defaults(func=cmd_eval)
