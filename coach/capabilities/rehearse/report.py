"""After the rehearsal: the debrief per criterion, the summary of what was agreed, the follow-up mail, the goals.

With a backend, the model may write the better phrasing of the employee's own line (``prompts/rehearse/debrief/``);
it is shown only if it keeps the line's facts and numbers, adds nothing, is Danish and has no brackets; otherwise
the rules' better phrasing stays. ``training_pairs_debrief`` renders the training examples the same way.
"""

from __future__ import annotations

import re

from coach.backend import Backend
from coach.capabilities import prompts, validate
from coach.errors import CoachError
from coach.rules import agreements
from coach.rules import debrief as rules_debrief
from coach.rules.numbers import invented_numbers
from coach.rules.rehearsal_content import debrief_texts

__all__ = ["check_better", "debrief", "follow_up_mail", "summary_text", "titles", "training_pairs_debrief"]

_OWNER = {"mig": "dig", "lederen": "din leder", "os": "jer begge"}
_TEMPLATE_DIR = "rehearse/debrief"


def titles() -> dict[str, str]:
    return dict(rules_debrief.CRITERIA)


def _manager_before(turns: list[dict], line: str) -> str:
    for i, t in enumerate(turns):
        if t.get("role") == "employee" and t.get("text") == line:
            return next((u["text"] for u in reversed(turns[:i]) if u.get("role") == "manager"), "")
    return ""


def check_better(better: str, line: str) -> list[str]:
    """A model's better phrasing: Danish, the line's numbers all kept and none added, its own words, no brackets."""
    problems = validate.not_empty(better, label="Bedre formulering")
    if re.search(r"[\[\]{}<>]", better):
        problems.append("Den bedre formulering har klammer eller pladsholdere.")
    problems += validate.danish(better)
    problems += validate.real_words(better, allowed=line)
    problems += validate.numbers(better, line)
    if invented_numbers(better, line):
        problems.append("Den bedre formulering har mistet et af dine tal.")
    if not validate.grounded(better, line, share=0.6):
        problems.append("Den bedre formulering bruger ikke dine egne ord.")
    if validate.same_text(better, line) and better.strip() == line.strip():
        problems.append("Den bedre formulering er bare din replik igen.")
    if len(better.split()) > 2 * len(line.split()) + 20 or re.search(r"\b(?:Leder|Medarbejder)\s*:", better):
        problems.append("Den bedre formulering er ikke én replik.")
    return problems


def _prompt_vars(title: str, manager: str, line: str) -> dict[str, str]:
    one = lambda s: " / ".join(p.strip() for p in str(s).splitlines() if p.strip())
    return {"criterion_title": title, "manager": one(manager) or "(ingen)", "line": one(line)}


def _model_better(backend: Backend, title: str, manager: str, line: str) -> str | None:
    template = prompts.for_style(_TEMPLATE_DIR, backend.prompt_style)
    try:
        out = backend.complete(template.render(**_prompt_vars(title, manager, line)), template.sampling.with_(seed=7))
    except CoachError:
        return None
    text = re.sub(r"<think>.*?(</think>|$)", "", out.text, flags=re.DOTALL).strip().split("\n")[0].strip(" „“\"")
    return text if text and not check_better(text, line) else None


def debrief(session, backend: Backend | None = None) -> dict:
    from coach.capabilities.rehearse.session import can_write

    turns = [{"role": t.role, "text": t.text, "phase": t.phase, "answer": t.answer} for t in session.turns]
    criteria = rules_debrief.score(turns, set(session.persona.occasions))
    for c in criteria:
        if backend is not None and can_write(backend) and c.verdict == "weak" and c.line:
            better = _model_better(backend, c.title, _manager_before(turns, c.line), c.line)
            if better:
                c.better = better
                c.advice = rules_debrief.advice_text(c.id, "weak", c.evidence, c.line, better)
    found = agreements.extract(turns)
    done = [a for a in found if a.status == "agreed"]
    still_open = [a for a in found if a.status == "open"]
    return {
        "criteria": [c.model_dump(include={"id", "score", "evidence", "advice", "occasion", "line", "better"})
                     | {"verdict": c.verdict} for c in criteria],
        "agreements": [a.model_dump(include={"text", "owner", "when", "kind"}) for a in done],
        "open": [a.model_dump(include={"text", "owner", "when", "kind"}) for a in still_open],
        "summary": summary_text(done, still_open),
        "follow_up_mail": follow_up_mail(done, still_open),
        "goals": _development_goals(session),
    }


def _item_line(a) -> str:
    who = _OWNER.get(a.owner, a.owner)
    when = f", {a.when}" if a.when else ", ingen dato endnu"
    return f"- „{a.text.rstrip('.')}“ ({who}{when})"


def summary_text(done: list, still_open: list | None = None) -> str:
    """What was actually agreed, with owner and date where said, and what is still open (shown to the employee)."""
    texts = debrief_texts()
    lines = [texts.summary_agreed] + [_item_line(a) for a in done] if done else [texts.summary_nothing]
    if still_open:
        lines += ["", texts.summary_open] + [f"- „{a.text.rstrip('.')}“" for a in still_open]
    return "\n".join(lines)


def follow_up_mail(agreed: list | str, still_open: list | None = None) -> str:
    """A draft mail to the manager with what was agreed (agreements, or lines of the user's own text) and what is open."""
    texts = debrief_texts()
    if isinstance(agreed, str):
        agreed = [line.strip(" -•*\t") for line in agreed.splitlines() if line.strip(" -•*\t")]
    items = [a.text if hasattr(a, "text") else str(a) for a in agreed]
    body = "\n".join(f"- {i}" for i in items) if items else texts.mail_nothing
    parts = [texts.mail_subject, "", texts.mail_intro, "", body]
    open_items = [a.text if hasattr(a, "text") else str(a) for a in (still_open or [])]
    if open_items:
        parts += ["", texts.mail_open] + [f"- {i}" for i in open_items]
    return "\n".join(parts + ["", texts.mail_outro])


_WISH = re.compile(r"\b(jeg vil gerne|jeg kunne godt tænke mig|jeg ønsker|mit ønske|jeg drømmer om|jeg vil)\b[^.!?\n]*",
                   re.IGNORECASE)


def _development_goals(session) -> list[dict]:
    from coach.capabilities import smart
    from coach.rules.rehearsal_signals import classify_employee_turn

    goals = []
    for t in session.turns:
        if t.role != "employee" or classify_employee_turn(t.text) & {"injection", "nonsense", "english"}:
            continue
        for m in _WISH.finditer(t.text):
            wish = m.group(0).strip()
            if re.match(r"jeg\s+vil\s+(?:gerne\s+)?(?:lige\s+)?(?:tale|snakke|nå|høre|vise|sige|nævne|give\s+dig)", wish, re.IGNORECASE):
                continue  # the agenda or a point to make, not a development wish
            if len(wish.split()) >= 4 and "development_wish" in classify_employee_turn(wish):
                try:
                    out, _ = smart.run(wish, None)
                except CoachError:
                    continue
                goals.append({"wish": wish, "rewrite": out.rewrite, "questions": out.questions})
    return goals[:3]


def training_pairs_debrief(example: dict) -> list[tuple[str, str]]:
    """(prompt, answer) for one ``tune/data/debrief.yaml`` example, rendered exactly as at run time (completion)."""
    template = prompts.load(_TEMPLATE_DIR, "completion")
    title = rules_debrief.CRITERIA[str(example["criterion"])]
    prompt = template.render(**_prompt_vars(title, str(example.get("manager") or ""), str(example["line"])))
    return [(prompt, " " + " ".join(str(example["better"]).split()) + "\n")]
