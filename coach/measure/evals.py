"""``coach eval``: run every case file in eval/cases through the product path and write a report per model.

Each capability has a scorer: it runs one case exactly as the CLI would (same pipeline, same backend) and
returns named checks, each ``(passed, reason)``, plus the numbers the summary needs. The report has the
same table layout for every model, so runs on different models can be compared side by side.
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from coach import language, paths
from coach.backend import Backend
from coach.errors import CoachError
from coach.rules.numbers import extract_numbers, invented_numbers

EVAL_DIR = paths.REPO_ROOT / "eval"
CASES_DIR = EVAL_DIR / "cases"
REPORTS_DIR = EVAL_DIR / "reports"


@dataclass
class CaseResult:
    id: str
    input: str
    output: object
    path: str
    checks: dict[str, tuple[bool, str]]
    metrics: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> list[str]:
        return [name for name, (ok, _) in self.checks.items() if not ok]


def _danish_ok(text: str) -> bool:
    from coach.capabilities import validate

    return not validate.danish(text)


def _told_about_language(outs) -> bool:
    return all(any("andet sprog" in w for w in o.warnings) for o in outs)


def _contains_number(output: str, raw: str) -> bool:
    wanted = extract_numbers(raw)
    have = {round(m.value, 4) for m in extract_numbers(output)}
    return bool(wanted) and all(round(w.value, 4) in have for w in wanted)


# -- scorers ---------------------------------------------------------------------------------------------------
def score_star(case: dict, backend: Backend | None) -> CaseResult:
    from coach.capabilities import star

    expect = case.get("expect", {})
    results = star.run(case["input"], backend, rules_only=backend is None)
    outs = [r[0] for r in results]
    fields = [[o.situation, o.task, o.action, o.result] for o in outs]
    body = "\n".join(" ".join(f) for f in fields)
    invented = invented_numbers(case["input"], body)
    kept = [n for n in expect.get("numbers", []) if _contains_number(body, n)]
    complete = all(
        (v.strip() and not v.startswith("[mangler")) or name in o.missing
        for o, f in zip(outs, fields)
        for name, v in zip(("situation", "opgave", "handling", "resultat"), f)
    )
    checks = {
        "experiences": (len(outs) == expect.get("experiences", 1), f"{len(outs)} udsagn, forventet {expect.get('experiences', 1)}"),
        "numbers_kept": (len(kept) == len(expect.get("numbers", [])), f"bevarede {len(kept)} af {len(expect.get('numbers', []))} tal"),
        "no_invented_numbers": (not invented, f"opfundne tal: {invented}" if invented else "ingen opfundne tal"),
        "danish": (_danish_ok(body) or _told_about_language(outs), language.check_danish(body).reason),
        "fields_complete": (complete, "alle felter udfyldt eller markeret [mangler]" if complete else "tomt felt uden [mangler]"),
    }
    if expect.get("has_result"):
        has = all(not o.result.startswith("[mangler") for o in outs)
        checks["result_found"] = (has, "resultat fundet" if has else "resultat markeret som mangler")
    paths_ = [r[1].path for r in results]
    path = "fallback" if "fallback" in paths_ else ("retried" if "retried" in paths_ else paths_[0])
    return CaseResult(case["id"], case["input"], [o.model_dump() for o in outs], path, checks,
                      {"outputs": len(outs), "invented": len(invented)})


def score_smart(case: dict, backend: Backend | None) -> CaseResult:
    from coach.capabilities import smart

    out, trace = smart.run(case["input"], backend, rules_only=backend is None)
    expect = case.get("expect", {})
    checks = {}
    for crit, label in expect.items():
        if label is None:
            continue
        got = out.input_check[crit]
        checks[f"criterion_{crit}"] = (got == label, f"{crit}: appen sagde {got}, mærkat {label}")
    invented = invented_numbers(case["input"], out.rewrite)
    checks["rewrite_measurable_time_bound"] = (
        out.rewrite_check["measurable"] and out.rewrite_check["time_bound"], out.rewrite)
    checks["no_invented_numbers"] = (not invented, f"opfundne tal: {invented}" if invented else "ingen opfundne tal")
    # an English goal is kept in the user's own words («…»), which the Danish check does not judge
    checks["danish"] = (_danish_ok(out.rewrite), language.check_danish(out.rewrite).reason)
    return CaseResult(case["id"], case["input"], out.model_dump(), trace.path, checks,
                      {"invented": len(invented), "outputs": 1})


def score_decode(case: dict, backend: Backend | None) -> CaseResult:
    from coach.capabilities import decode

    out, trace = decode.run(case["input"], backend, rules_only=backend is None)
    expect = case.get("expect", {})
    predicted = bool(out.findings)
    truth = bool(expect.get("softened"))
    found = {f.category for f in out.findings}
    want = set(expect.get("categories", []))
    checks = {
        "softened": (predicted == truth, f"fundet={predicted}, mærkat={truth}"),
        "questions_end_with_questionmark": (all(f.question.rstrip().endswith("?") for f in out.findings), "spørgsmål slutter med ?"),
        "quotes_in_input": (all(f.quote in case["input"] for f in out.findings), "citater findes i teksten"),
        "danish": (_danish_ok(out.summary), language.check_danish(out.summary).reason),
    }
    if truth and want:
        hit = bool(found & want)
        checks["category_hit"] = (hit, f"fandt {sorted(found)}, forventet mindst én af {sorted(want)}")
    metrics = {"tp": float(predicted and truth), "fp": float(predicted and not truth),
               "fn": float(truth and not predicted), "outputs": 1}
    return CaseResult(case["id"], case["input"], out.model_dump(), trace.path, checks, metrics)


def score_rehearse(case: dict, backend: Backend | None) -> CaseResult:
    from coach.capabilities import rehearse, validate
    from coach.rules import debrief

    setup = rehearse.Setup(persona=case["persona"])
    session = rehearse.run_script(setup, case["employee_turns"], backend)
    managers = [t for t in session.turns if t.role == "manager"]
    expect = case.get("expect", {})
    phases = {t.phase for t in managers if t.phase != "drift"}
    not_danish = [t.text for t in managers if validate.danish(t.text)]
    out_of_role = [t.text for t in managers if session.check_manager_line(t.text) and
                   any("rollen" in p for p in session.check_manager_line(t.text))]
    report = session.debrief()
    total = sum(c["score"] for c in report["criteria"])
    checks = {
        "manager_turns_non_empty": (all(t.text.strip() for t in managers), f"{len(managers)} lederreplikker"),
        "manager_danish": (not not_danish, f"ikke-danske replikker: {not_danish[:2]}" if not_danish else "alle på dansk"),
        "stays_in_role": (not out_of_role, f"ude af rollen: {out_of_role[:2]}" if out_of_role else "i rollen"),
        "phases_covered": (len(phases) >= expect.get("min_phases", 4), f"{len(phases)} faser: {sorted(phases)}"),
        "debrief_complete": (len(report["criteria"]) == len(debrief.CRITERIA), f"{len(report['criteria'])} kriterier"),
    }
    model_turns = sum(t.source == "model" for t in managers)
    path = "rules" if backend is None else ("model" if model_turns == len(managers) else
                                            "retried" if model_turns else "fallback")
    return CaseResult(case["id"], "\n".join(case["employee_turns"]),
                      {"turns": session.transcript(), "debrief_total": total}, path, checks,
                      {"debrief_total": total, "strong": float(bool(expect.get("strong"))),
                       "model_turn_share": model_turns / max(len(managers), 1), "outputs": 1})


SCORERS: dict[str, Callable[[dict, Backend | None], CaseResult]] = {
    "rehearse": score_rehearse,
    "star": score_star,
    "smart": score_smart,
    "decode": score_decode,
}


# -- running ---------------------------------------------------------------------------------------------------
def load_cases(capability: str) -> dict:
    data = yaml.safe_load((CASES_DIR / f"{capability}.yaml").read_text(encoding="utf-8"))
    if data.get("capability") != capability or not isinstance(data.get("cases"), list):
        raise CoachError(f"Casefilen {capability}.yaml har ikke det forventede format.")
    return data


def run_capability(capability: str, backend: Backend | None, *, progress: Callable[[str], None] | None = None) -> dict:
    data = load_cases(capability)
    results: list[CaseResult] = []
    for case in data["cases"]:
        started = time.perf_counter()
        try:
            res = SCORERS[capability](case, backend)
        except CoachError as exc:  # a clear refusal of bad input is a result too
            res = CaseResult(case["id"], str(case.get("input", "")), None, "refused",
                             {"handled": (True, exc.message)})
        res.seconds = time.perf_counter() - started
        results.append(res)
        if progress:
            progress(f"{capability}/{res.id}: {res.path} {'OK' if not res.failed else 'FEJL: ' + ', '.join(res.failed)}")
    return {"version": data.get("version"), "results": results, "summary": summarise(capability, results)}


def summarise(capability: str, results: list[CaseResult]) -> dict:
    n = len(results)
    check_names = sorted({c for r in results for c in r.checks})
    pass_rates = {c: _rate([r.checks[c][0] for r in results if c in r.checks]) for c in check_names}
    outputs = sum(r.metrics.get("outputs", 0) for r in results)
    summary = {
        "cases": n,
        "all_checks_passed": _rate([not r.failed for r in results]),
        "path": {p: sum(r.path == p for r in results) for p in ("model", "retried", "fallback", "rules", "refused")},
        "fallback_rate": _rate([r.path == "fallback" for r in results]),
        "check_pass_rates": pass_rates,
        "seconds_per_case": round(sum(r.seconds for r in results) / max(n, 1), 2),
    }
    if "invented" in {k for r in results for k in r.metrics}:
        invented = sum(r.metrics.get("invented", 0) for r in results)
        summary["invented_numbers_per_100_outputs"] = round(100 * invented / max(outputs, 1), 2)
    if capability == "decode":
        tp = sum(r.metrics.get("tp", 0) for r in results)
        fp = sum(r.metrics.get("fp", 0) for r in results)
        fn = sum(r.metrics.get("fn", 0) for r in results)
        summary["precision"] = round(tp / (tp + fp), 3) if tp + fp else 1.0
        summary["recall"] = round(tp / (tp + fn), 3) if tp + fn else 1.0
    if capability == "rehearse":
        by_persona: dict[str, dict[str, float]] = {}
        for r in results:
            persona = r.id.rsplit("-", 1)[0]
            key = "strong" if r.metrics.get("strong") else "vague"
            by_persona.setdefault(persona, {})[key] = r.metrics.get("debrief_total", 0)
        pairs = [v for v in by_persona.values() if {"strong", "vague"} <= set(v)]
        summary["strong_beats_vague"] = _rate([v["strong"] > v["vague"] for v in pairs])
        summary["model_turn_share"] = round(sum(r.metrics.get("model_turn_share", 0) for r in results) / max(n, 1), 3)
    if capability == "smart":
        crits = [c for c in check_names if c.startswith("criterion_")]
        summary["criterion_accuracy"] = _rate([r.checks[c][0] for r in results for c in crits if c in r.checks])
    return summary


def _rate(values: list[bool]) -> float:
    return round(sum(values) / len(values), 3) if values else 1.0


def _git_sha() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=paths.REPO_ROOT, timeout=5).stdout.strip() or "?"
    except OSError:
        return "?"


def run_all(backend: Backend | None, model_id: str, capabilities: list[str] | None = None,
            *, progress: Callable[[str], None] | None = None, write: bool = True) -> dict:
    caps = capabilities or list(SCORERS)
    report = {
        "model": model_id,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": _git_sha(),
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "capabilities": {},
    }
    for cap in caps:
        res = run_capability(cap, backend, progress=progress)
        report["capabilities"][cap] = res
    if write:
        write_report(report)
    return report


# -- report ----------------------------------------------------------------------------------------------------
_METRIC_ROWS = [
    ("cases", "Cases"),
    ("all_checks_passed", "Cases hvor alle tjek bestod"),
    ("fallback_rate", "Andel der faldt tilbage til reglernes udkast"),
    ("invented_numbers_per_100_outputs", "Opfundne tal pr. 100 svar (efter validering)"),
    ("criterion_accuracy", "SMART-kriterier: nøjagtighed"),
    ("precision", "Afkodning: præcision (sætningsniveau)"),
    ("recall", "Afkodning: genkaldelse (sætningsniveau)"),
    ("strong_beats_vague", "Øvesamtale: forberedt manuskript scorer højere end vagt"),
    ("model_turn_share", "Øvesamtale: andel lederreplikker fra modellen"),
    ("seconds_per_case", "Sekunder pr. case"),
]


_RATES = {"all_checks_passed", "fallback_rate", "criterion_accuracy", "precision", "recall", "strong_beats_vague",
          "model_turn_share"}


def _fmt(v, rate: bool = True) -> str:
    if rate:
        return f"{v:.1%}".replace(".", ",")
    return str(v).replace(".", ",")


def to_markdown(doc: dict) -> str:
    """The report from its JSON form, so that runs of single capabilities can be merged into one file."""
    out = [f"# Evaluering: {doc['model']}", "",
           f"- Dato: {doc['date']}  ", f"- Git: {doc['git']}  ", f"- Maskine: {doc['machine']}", ""]
    for cap, res in doc["capabilities"].items():
        s = res["summary"]
        out += [f"## {cap} (casefil version {res['version']}, kørt {res.get('date', doc['date'])[:16]})", "",
                "| Mål | Værdi |", "| --- | --- |"]
        for key, label in _METRIC_ROWS:
            if key in s:
                out.append(f"| {label} | {_fmt(s[key], key in _RATES)} |")
        p = s["path"]
        out.append(f"| Vej: model / nyt forsøg / regel-udkast / kun regler / afvist | "
                   f"{p['model']} / {p['retried']} / {p['fallback']} / {p['rules']} / {p['refused']} |")
        out += ["", "| Tjek | Bestået |", "| --- | --- |"]
        out += [f"| {name} | {_fmt(rate)} |" for name, rate in s["check_pass_rates"].items()]
        worst = sorted(res["results"], key=lambda r: (-len(r["failed"]), r["path"] != "fallback", r["id"]))[:3]
        if worst:
            out += ["", "### De værste eksempler", ""]
            for r in worst:
                out += [f"#### {r['id']} (vej: {r['path']})", "", "Input:", "", "```", r["input"].strip(), "```", "",
                        "Output:", "", "```json", json.dumps(r["output"], ensure_ascii=False, indent=2), "```", ""]
                failed = [f"- {name}: {r['checks'][name]['reason']}" for name in r["failed"]]
                out += (["Fejlede tjek:", ""] + failed) if failed else ["Alle tjek bestået (vist som et eksempel på et regel-udkast)."]
                out.append("")
        out.append("")
    return "\n".join(out)


def to_json(report: dict) -> dict:
    caps = {}
    for cap, res in report["capabilities"].items():
        caps[cap] = {"version": res["version"], "summary": res["summary"],
                     "date": report["date"],
                     "results": [{"id": r.id, "input": r.input, "path": r.path, "failed": r.failed,
                                  "checks": {k: {"passed": v[0], "reason": v[1]} for k, v in r.checks.items()},
                                  "output": r.output} for r in res["results"]]}
    return {k: v for k, v in report.items() if k != "capabilities"} | {"capabilities": caps}


def write_report(report: dict, directory: Path = REPORTS_DIR) -> Path:
    """Write <model>.json and <model>.md; capabilities not run this time keep their earlier results."""
    directory.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in report["model"])
    doc = to_json(report)
    path_json = directory / f"{safe}.json"
    try:
        earlier = json.loads(path_json.read_text(encoding="utf-8")).get("capabilities", {})
    except (OSError, ValueError):
        earlier = {}
    order = [c for c in SCORERS if c in earlier or c in doc["capabilities"]]
    doc["capabilities"] = {c: doc["capabilities"].get(c) or earlier[c] for c in order}
    path_json.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    md = directory / f"{safe}.md"
    md.write_text(to_markdown(doc), encoding="utf-8")
    return md
