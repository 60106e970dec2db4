"""``coach eval``: run the eval cases through the product path and write a report per model.

Every capability has ``eval/cases/<capability>/test.yaml`` (never tuned on) and ``dev.yaml`` (looked at while
writing rules, prompts and training data). Both are run; the report shows the **test** figures first, since
figures on cases the code was written against are not evidence. The scorers (``coach.measure.scorers``) run
each case exactly as the CLI would and return named checks plus the figures of the summary.
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import yaml
from pydantic import ValidationError

from coach import paths
from coach.backend import Backend
from coach.errors import CoachError
from coach.measure.scorers import SCORERS
from coach.measure.scorers.common import CaseResult, rate

EVAL_DIR = paths.REPO_ROOT / "eval"
CASES_DIR = EVAL_DIR / "cases"
REPORTS_DIR = EVAL_DIR / "reports"
SPLITS = ("test", "dev")


def load_cases(capability: str, split: str) -> tuple[int, list]:
    """(version, validated cases) of ``eval/cases/<capability>/<split>.yaml``."""
    path = CASES_DIR / capability / f"{split}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CoachError(f"Casefilen {path} kan ikke læses: {exc}") from None
    if not isinstance(data, dict) or data.get("capability") != capability or data.get("split") != split:
        raise CoachError(f"Casefilen {path} har ikke det forventede hoved (capability, split).")
    schema = SCORERS[capability].Case
    try:
        cases = [schema.model_validate(c) for c in data.get("cases") or []]
    except ValidationError as exc:
        raise CoachError(f"Casefilen {path} passer ikke til skemaet: {exc}") from None
    return int(data.get("version", 1)), cases


def run_split(capability: str, split: str, backend: Backend | None, *,
              progress: Callable[[str], None] | None = None) -> dict:
    version, cases = load_cases(capability, split)
    scorer = SCORERS[capability]
    results: list[CaseResult] = []
    for case in cases:
        started = time.perf_counter()
        try:
            res = scorer.score(case, backend)
        except CoachError as exc:  # a clear refusal of bad input is a result too
            res = CaseResult(case.id, str(getattr(case, "input", "")), None, "refused", {"handled": (True, exc.message)})
        res.seconds = time.perf_counter() - started
        results.append(res)
        if progress:
            progress(f"{capability}/{split}/{res.id}: {res.path} {'OK' if not res.failed else 'FEJL: ' + ', '.join(res.failed)}")
    return {"version": version, "results": results, "summary": summarise(capability, results)}


def summarise(capability: str, results: list[CaseResult]) -> dict:
    n = len(results)
    names = sorted({c for r in results for c in r.checks})
    return {
        "cases": n,
        "all_checks_passed": rate([not r.failed for r in results]),
        "path": {p: sum(r.path == p for r in results) for p in ("model", "retried", "fallback", "mixed", "rules", "refused")},
        "fallback_rate": rate([r.path in ("fallback", "mixed") for r in results]),
        "seconds_per_case": round(sum(r.seconds for r in results) / max(n, 1), 2),
        "figures": SCORERS[capability].summarise([r for r in results if r.path != "refused"]),
        "check_pass_rates": {c: rate([r.checks[c][0] for r in results if c in r.checks]) for c in names},
    }


def _git_sha() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=paths.REPO_ROOT, timeout=5).stdout.strip() or "?"
    except OSError:
        return "?"


def run_all(backend: Backend | None, model_id: str, capabilities: list[str] | None = None, *,
            splits: tuple[str, ...] = SPLITS, progress: Callable[[str], None] | None = None,
            write: bool = True) -> dict:
    report = {
        "model": model_id,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": _git_sha(),
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "capabilities": {},
    }
    for cap in capabilities or list(SCORERS):
        report["capabilities"][cap] = {split: run_split(cap, split, backend, progress=progress) for split in splits}
    if write:
        write_report(report)
    return report


# -- report ----------------------------------------------------------------------------------------------------
_LABELS = {
    "cases": "Cases", "all_checks_passed": "Cases hvor alle tjek bestod",
    "fallback_rate": "Andel der faldt tilbage til reglernes udkast", "seconds_per_case": "Sekunder pr. case",
    "numbers_kept": "Tal bevaret", "invented_numbers_per_100_outputs": "Opfundne tal pr. 100 svar",
    "invented_names_per_100_outputs": "Opfundne navne/ting pr. 100 svar", "facts_in_right_field": "Fakta i det rigtige felt",
    "stories_split_correctly": "Historier delt rigtigt", "mangler_for_given_parts": "[mangler] for dele, noterne har",
    "model_answer_share": "Svar skrevet af modellen", "mixed_answer_share": "Modellens svar, rettet med 1-2 regelfelter",
    "criterion_accuracy": "SMART-kriterier rigtigt vurderet",
    "deadline_and_reason_kept": "Brugerens frist og begrundelse bevaret",
    "bare_placeholders_per_answer": "Pladsholdere uden forslag pr. svar", "rewrites_with_real_words": "Omskrivninger med lutter rigtige ord",
    "recall": "Genkaldelse (indirekte budskab fundet)", "false_positive_rate": "Falske alarmer på direkte tekster",
    "precision": "Præcision", "findings_located": "Fund ramt", "category_accuracy": "Rigtig kategori",
    "false_reassurance": "Falsk beroligelse", "complete_findings": "Fund med betydning og spørgsmål",
    "replies_follow_up": "Lederens svar tager fat i det sagte", "injection_successes": "Vellykkede injektioner",
    "agenda_closed": "Dagsorden afsluttet med opsummering", "debrief_verdict_accuracy": "Feedback-vurderinger rigtige",
    "placeholders_in_advice": "Råd med [pladsholder]", "model_turn_share": "Lederreplikker fra modellen",
    "restated_meanings": "Betydning sagt med egne ord", "plain_kind_accuracy": "Direkte tekster: rigtig slags",
}
_COUNTS = {"cases", "seconds_per_case", "invented_numbers_per_100_outputs", "invented_names_per_100_outputs",
           "mangler_for_given_parts", "bare_placeholders_per_answer", "false_reassurance", "injection_successes",
           "placeholders_in_advice"}


def _fmt(key: str, value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fmt('', v)}" for k, v in value.items())
    if key in _COUNTS or not isinstance(value, float):
        return str(value).replace(".", ",")
    return f"{value:.1%}".replace(".", ",")


def to_markdown(doc: dict) -> str:
    """The report from its JSON form, so that runs of single capabilities can be merged into one file."""
    out = [f"# Evaluering: {doc['model']}", "", f"- Dato: {doc['date']}  ", f"- Git: {doc['git']}  ",
           f"- Maskine: {doc['machine']}", "",
           "Test-delen er cases, som ingen regel, prompt eller træningsdata er skrevet efter; dev-delen er set under "
           "udviklingen og er ikke bevis for kvalitet på nye tekster.", ""]
    for cap, splits in doc["capabilities"].items():
        names = [s for s in SPLITS if s in splits]
        out += [f"## {cap}", "", "| Mål | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
        first = splits[names[0]]["summary"]
        keys = ["cases", "all_checks_passed", "fallback_rate"] + list(first["figures"]) + ["seconds_per_case"]
        for key in keys:
            cells = []
            for s in names:
                summ = splits[s]["summary"]
                value = summ["figures"].get(key, summ.get(key))
                cells.append(_fmt(key, value) if value is not None else "–")
            out.append(f"| {_LABELS.get(key, key)} | " + " | ".join(cells) + " |")
        paths_ = [splits[s]["summary"]["path"] for s in names]
        out.append("| Vej: model / nyt forsøg / regel-udkast / blandet / kun regler / afvist | " + " | ".join(
            " / ".join(str(p[k]) for k in ("model", "retried", "fallback", "mixed", "rules", "refused")) for p in paths_) + " |")
        out += ["", "| Tjek | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
        for check in first["check_pass_rates"]:
            out.append(f"| {check} | " + " | ".join(_fmt("", splits[s]["summary"]["check_pass_rates"].get(check, 1.0))
                                                   for s in names) + " |")
        out.append("")
    return "\n".join(out)


def to_json(report: dict) -> dict:
    caps = {}
    for cap, splits in report["capabilities"].items():
        caps[cap] = {split: {"version": res["version"], "summary": res["summary"], "date": report["date"],
                             "results": [{"id": r.id, "input": r.input, "path": r.path, "failed": r.failed,
                                          "checks": {k: {"passed": v[0], "reason": v[1]} for k, v in r.checks.items()},
                                          "output": r.output} for r in res["results"]]}
                     for split, res in splits.items()}
    return {k: v for k, v in report.items() if k != "capabilities"} | {"capabilities": caps}


def report_name(model_id: str) -> str:
    """A file name for a model's report: ``gemma3-270m-base+da`` → ``gemma3-270m-base_da`` (no ':' or '/')."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model_id)


def write_report(report: dict, directory: Path = REPORTS_DIR) -> Path:
    """Write <model>.json and <model>.md; capabilities (and splits) not run this time keep their earlier results."""
    directory.mkdir(parents=True, exist_ok=True)
    safe = report_name(report["model"])
    doc = to_json(report)
    path_json = directory / f"{safe}.json"
    try:
        earlier = json.loads(path_json.read_text(encoding="utf-8")).get("capabilities", {})
    except (OSError, ValueError):
        earlier = {}
    merged = {}
    for cap in SCORERS:
        old = earlier.get(cap) if isinstance(earlier.get(cap), dict) and "summary" not in earlier.get(cap, {}) else {}
        new = doc["capabilities"].get(cap, {})
        if old or new:
            merged[cap] = {s: (new.get(s) or old.get(s)) for s in SPLITS if new.get(s) or old.get(s)}
    doc["capabilities"] = merged
    path_json.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    md = directory / f"{safe}.md"
    md.write_text(to_markdown(doc), encoding="utf-8")
    return md
