"""CLI commands for the capabilities: ``coach star``, ``coach smart``, ``coach decode``, ``coach rehearse``.

Each reads notes from a file or stdin, runs the capability (rules only with ``--rules-only``) and prints
Markdown-like text or, with ``--json``, the JSON contract of the capability.
"""

from __future__ import annotations

import argparse
import json

from coach.cli import io


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", metavar="FIL|-", help="fil med teksten, eller '-' for stdin")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    io.add_model_options(p)
    p.add_argument("--rules-only", action="store_true", help="brug kun appens regler, ingen sprogmodel")


def cmd_star(args: argparse.Namespace) -> int:
    from coach.capabilities import star

    results = star.run(io.read_input(args.file), io.backend(args), rules_only=args.rules_only)
    texts = [r[0].to_markdown() for r in results]
    if len(texts) > 1:
        texts = [f"## Oplevelse {i}\n{t}" for i, t in enumerate(texts, 1)]
    io.emit(star.as_json(results), args.json, "\n\n".join(texts))
    return 0


def cmd_smart(args: argparse.Namespace) -> int:
    from coach.capabilities import smart

    out, _ = smart.run(io.read_input(args.file), io.backend(args), rules_only=args.rules_only)
    io.emit(out.model_dump(exclude={"warnings"}) | {"warnings": out.warnings}, args.json, out.to_markdown())
    return 0


def cmd_decode(args: argparse.Namespace) -> int:
    from coach.capabilities import decode

    out, _ = decode.run(io.read_input(args.file), io.backend(args), rules_only=args.rules_only)
    io.emit(out.model_dump(), args.json, out.to_markdown())
    return 0


def cmd_rehearse(args: argparse.Namespace) -> int:
    import sys

    from coach.capabilities import rehearse

    if args.list:
        for pid in rehearse.personas():
            print(pid)
        return 0
    if not args.persona:
        from coach.errors import InputError

        raise InputError("Vælg en leder med --persona ID.", hint="Se mulighederne med: coach rehearse --list")
    rehearse.persona(args.persona)  # an unknown persona is the first thing to say
    setup = rehearse.Setup(persona=args.persona, role=args.role or "", length=args.length,
                           context=io.read_input(args.context) if args.context else "")
    backend = None if args.rules_only else io.backend(args)
    model_id = backend.name if backend is not None else "regler"
    if args.script:
        lines = [line.strip() for line in io.read_input(args.script).splitlines() if line.strip()]
        session = rehearse.run_script(setup, lines, backend)
    else:
        session = _interactive(rehearse.Session(setup), backend, sys.stdin.isatty())
    report = session.debrief(backend)
    data = {"persona": setup.persona, "length": setup.length, "turns": session.transcript(),
            "debrief": {k: report[k] for k in ("criteria", "agreements", "open", "summary", "follow_up_mail", "goals")},
            "model": model_id}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if args.script:
            for t in session.turns:
                print(f"{'Leder' if t.role == 'manager' else 'Dig'}: {t.text}")
        print(_debrief_text(session, report))
    return 0


def _interactive(session, backend, tty: bool):
    """A terminal conversation: the manager opens; type your answers. /igen, /fortryd, /slut."""
    import sys

    from coach.errors import InputError

    print(f"Øvesamtale med {session.persona.name.lower()}. Skriv dine svar; /igen = nyt svar fra lederen, "
          "/vælg N = vis lederens svar nummer N igen, /ret TEKST = ret dit sidste svar, "
          "/fortryd = fortryd sidste udveksling, /slut = afslut og få feedback.\n")

    def speak(stream):
        shown = ""
        for text in stream:
            shown = text
        print(f"Leder: {shown}\n")

    def pick(line: str) -> None:
        try:
            session.choose_alternative(int(line.split()[1]) - 1)
            print(f"Leder: {session.turns[-1].text}\n")
        except (IndexError, ValueError):
            print("(Skriv fx /vælg 1 for lederens første svar.)\n")
        except InputError as exc:
            print(f"({exc})\n")

    speak(session.manager_stream(backend))
    while not session.finished:
        try:
            line = input("Dig: ") if tty else sys.stdin.readline()
        except EOFError:
            break
        if not tty and line == "":
            break
        line = line.strip()
        if line in ("/slut", "/stop"):
            break
        if line == "/igen":
            speak(session.regenerate(backend))
            continue
        if line.startswith("/vælg"):
            pick(line)
            continue
        if line.startswith("/ret "):
            try:
                session.edit_last_employee(line[len("/ret "):])
            except InputError as exc:
                print(f"({exc})\n")
                continue
            speak(session.manager_stream(backend))
            continue
        if line == "/fortryd":
            session.undo()
            print("(Sidste udveksling er fortrudt.)\n")
            continue
        try:
            session.add_employee(line)
        except InputError as exc:
            print(f"({exc})\n")
            continue
        speak(session.manager_stream(backend))
    return session


def _debrief_text(session, report: dict) -> str:
    titles = session.titles()
    lines = ["", "== Feedback på din øvesamtale =="]
    verdicts = {"good": "godt", "weak": "kan blive bedre", "none": "ikke relevant i denne samtale"}
    for c in report["criteria"]:
        score = "" if c.get("verdict") == "none" else f" ({c['score']}/3)"  # not reached: no score, not a low one
        lines.append(f"\n{titles.get(c['id'], c['id'])}: {verdicts.get(c.get('verdict', ''), '')}{score}")
        lines += [f"  «{e}»" for e in c["evidence"][:2]]
        lines.append(f"  {c['advice']}")
    lines += ["", report["summary"], "", "== Udkast til opfølgningsmail ==", report["follow_up_mail"]]
    for g in report["goals"]:
        lines += ["", f"Udviklingsmål: {g['rewrite']}"]
    return "\n".join(lines)


def register(sub) -> None:
    p = sub.add_parser("star", help="gør rå noter til STAR-udsagn (Situation, Opgave, Handling, Resultat)")
    _add_common(p)
    p.set_defaults(func=cmd_star)
    p = sub.add_parser("smart", help="gør et vagt mål til et SMART-mål")
    _add_common(p)
    p.set_defaults(func=cmd_smart)
    p = sub.add_parser("decode", help="afkod indirekte feedback: hvad mener lederen sandsynligvis?")
    _add_common(p)
    p.set_defaults(func=cmd_decode)
    p = sub.add_parser("rehearse", help="øv samtalen: appen spiller lederen, bagefter får du feedback")
    p.add_argument("--list", action="store_true", help="vis leder-personaerne (én pr. linje)")
    p.add_argument("--persona", help="hvilken leder du vil øve med (se --list)")
    p.add_argument("--script", metavar="FIL", help="fil med dine replikker, én pr. linje (ellers interaktivt)")
    p.add_argument("--role", help="din rolle, fx 'sygeplejerske' eller 'udvikler'")
    p.add_argument("--context", metavar="FIL", help="fil med din forberedelse (STAR, mål, feedback)")
    p.add_argument("--length", choices=("kort", "normal", "lang"), default="normal",
                   help="hvor lang samtalen er: kort (ca. 5 svar), normal (ca. 8) eller lang (ca. 12)")
    p.add_argument("--json", action="store_true", help="skriv samtale og feedback som JSON")
    io.add_model_options(p)
    p.add_argument("--rules-only", action="store_true", help="lederen bruger kun spørgsmålsbanken (ingen model)")
    p.set_defaults(func=cmd_rehearse)

