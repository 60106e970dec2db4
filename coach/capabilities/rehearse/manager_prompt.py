"""The manager's prompts (both styles from template files), the check of a model's line, and the training pairs.

* Completion (``prompts/rehearse/manager/completion.md``, the embedded model with its adapter): the persona's name
  and voice, the employee's role, the transcript ("Leder: …" / "Medarbejder: …", one line per turn, newlines in
  a turn folded so nobody can forge a line) and the phase title. No few-shot block. The transcript only grows, so
  llama.cpp reuses the cached prefix up to the last turn; only "Punkt: …" and "Leder:" follow it.
* Chat (``chat.md`` + ``hint.md``): a system message that never changes, then the turns. The note to the manager
  (the phase and the rules' suggestion) is written into the employee's turn once and never changed.
* ``check(line, session)``: Danish, in role, no grant or promise, no injected instruction followed, no invented
  number or charge, no praise for overtime, it reacts to the turn and answers a direct question.
* ``training_pairs_manager(example)``: (prompt, answer) exactly as the runtime completion path renders them.
"""

from __future__ import annotations

import re

from coach.backend.base import PromptInput
from coach.capabilities import prompts, validate
from coach.rules import agenda, manager_check

__all__ = ["EMPLOYEE", "MANAGER", "chat_prompt", "check", "completion_prompt", "one_line", "training_pairs_manager"]

MANAGER = "Leder"
EMPLOYEE = "Medarbejder"
_TEMPLATE_DIR = "rehearse/manager"


def one_line(text: str) -> str:
    """A turn as one transcript line: newlines folded, so "\\nLeder: Ja …" inside a turn cannot pose as a turn."""
    return " / ".join(part.strip() for part in str(text).splitlines() if part.strip())


def phase_title(phase: str) -> str:
    return agenda.PHASE_BY_ID[phase].title if phase in agenda.PHASE_BY_ID else "Et sidespor"


def transcript(turns: list[tuple[str, str]]) -> str:
    """(role, text) pairs, oldest first → the transcript lines of the completion prompt."""
    return "\n".join(f"{MANAGER if role == 'manager' else EMPLOYEE}: {one_line(text)}" for role, text in turns)


def completion_prompt(persona, role: str, turns: list[tuple[str, str]], phase: str) -> str:
    template = prompts.load(_TEMPLATE_DIR, "completion")
    return template.render(persona_name=persona.name.lower(), voice=persona.voice, role=" ".join(role.split()),
                           transcript=transcript(turns), phase_title=phase_title(phase))


def hint(phase: str, suggestion: str) -> str:
    return prompts.load(_TEMPLATE_DIR, "hint").render(phase_title=phase_title(phase), suggestion=suggestion)


def chat_prompt(persona, setup, plan: list[str], turns: list, opening_hint: str, summary_of_dropped: str) -> PromptInput:
    """System + opening from chat.md, then the turns (their ``prompt_text``) as alternating messages."""
    chosen = set(plan)
    role_line = f"Medarbejderens rolle: {setup.role}." if setup.role else ""
    context = f"Medarbejderens forberedelse, som du kender:\n{setup.context}" if setup.context else ""
    opening = ("\n" + opening_hint if opening_hint else "") + \
        (f"\n(Tidligere i samtalen: {summary_of_dropped})" if summary_of_dropped else "")
    messages = prompts.load(_TEMPLATE_DIR, "chat").render(
        persona_body=persona.body, agenda="; ".join(p.title for p in agenda.PHASES if p.id in chosen),
        role_line=role_line, context_block=context, opening_hint=opening)
    for t in turns:
        role = "assistant" if t.role == "manager" else "user"
        if messages[-1]["role"] == role:  # keep roles alternating (some templates insist)
            messages[-1] = {"role": role, "content": messages[-1]["content"] + "\n" + t.prompt_text}
        else:
            messages.append({"role": role, "content": t.prompt_text})
    return messages


def sampling(style: str):
    return prompts.load(_TEMPLATE_DIR, "chat" if style == "chat" else "completion").sampling


_THINK = re.compile(r"<think>.*?(</think>|$)", re.DOTALL)
_LABEL = re.compile(rf"^\s*(?:{MANAGER}|Lederen)\s*:\s*", re.IGNORECASE)


def clean(text: str, style: str) -> str:
    """The model's reply as a manager line: no think block, no leading label; one line for base models."""
    text = _THINK.sub("", text or "").strip()
    if style == "completion":
        text = text.split("\n", 1)[0]
    return _LABEL.sub("", text).strip()


_STEERS_BACK = re.compile(r"holde\s+os\s+til|lad\s+os|tilbage\s+til|lader\s+vi\s+ligge|vi\s+er\s+her\s+for|samtalen|dagsorden"
                          r"|kan\s+jeg\s+ikke|ikke\s+love|på\s+dansk|det\s+fangede\s+jeg\s+ikke|forstod\s+jeg\s+ikke", re.IGNORECASE)


def check(line: str, session) -> list[str]:
    """Danish problem descriptions for a model's manager line in this session ([] = show it)."""
    employee = [t.text for t in session.turns if t.role == "employee"]
    last = employee[-1] if session.turns and session.turns[-1].role == "employee" else None
    problems = manager_check.problems(line, last, employee[:-1] if last else employee)
    problems += validate.danish(line)
    said = session.setup.context + " " + " ".join(t.text for t in session.turns)
    problems += validate.numbers(line, said)
    problems += validate.real_words(line, allowed=said + " " + session.setup.role)
    problems += validate.repeats(line, said)
    if len(line.split()) < 4:
        problems.append("Replikken er for kort til at føre samtalen videre.")
    if session.manager_turns < len(session.plan) - 1 and "?" not in line:
        problems.append("Lederen stiller ikke noget spørgsmål og fører ikke samtalen videre.")
    if last and {"injection", "hostile", "nonsense"} & manager_check.classify_employee_turn(last) \
            and not _STEERS_BACK.search(line):
        problems.append("Lederen fører ikke samtalen tilbage til dagsordenen.")
    if not re.search(r"[.!?]\s*$", line):
        problems.append("Replikken slutter midt i en sætning.")
    if manager_check.GRANT_THING.search(line) and not manager_check.REFUSAL.search(line):
        problems.append("Lederen taler om løn, forfremmelse eller andet, den ikke kan love, uden at sige nej.")
    if last and _speaks_as_employee(line, last):
        problems.append("Lederen taler, som om den var medarbejderen.")
    if not _on_topic(line, session, last):
        problems.append("Replikken handler hverken om det, medarbejderen sagde, eller om punktet på dagsordenen.")
    if validate.same_text(line, session.persona.voice) or validate.recites(line, session.persona.voice, said):
        problems.append("Replikken gentager promptens beskrivelse af lederen.")
    if last and validate.same_text(line, last):
        problems.append("Replikken gentager bare medarbejderen.")
    if any(validate.same_text(line, t.text, both=True) for t in session.turns if t.role == "manager"):
        problems.append("Replikken gentager en tidligere replik.")
    return list(dict.fromkeys(problems))


def _speaks_as_employee(line: str, said: str) -> bool:
    """"Jeg har været i over 60 timer …": the employee's own facts in the manager's first person."""
    numbers = set(re.findall(r"\d+", said))
    for sentence in re.split(r"(?<=[.!?])\s+", line):
        if re.match(r"\s*jeg\b", sentence, re.IGNORECASE) and numbers & set(re.findall(r"\d+", sentence)):
            return True
    return False


_MUS_WORDS = ("velkommen samtalen dagsordenen starte begynde punkter resultater udvikling trivsel arbejdet opgaver "
              "kolleger teamet kurser aftaler opfølgning feedback ledelse målene samarbejdet arbejdsmængden fremtiden")


def _on_topic(line: str, session, last: str | None) -> bool:
    """The line picks up the employee's turn or belongs to the phase (shares a word with the phase's own questions)."""
    if last and manager_check.refers_to(line, last):
        return True
    from coach.rules.rehearsal_content import bank

    phase = session.next_phase()
    lines = [agenda.PHASE_QUESTIONS.get(phase, ""), _MUS_WORDS]
    if phase in agenda.PHASE_BY_ID:
        for style in bank().styles.values():
            part = getattr(style, phase)
            lines += part.open + part.deeper
        lines += [agenda.PHASE_BY_ID[phase].title, agenda.PHASE_BY_ID[phase].purpose]
    else:
        lines += bank().drift
    shared = manager_check.content_stems(line) & manager_check.content_stems(" ".join(lines))
    return len(shared) >= (1 if len(line.split()) <= 20 else 2)  # a long line must be clearly about the phase


_ANSWER = (("not_now", re.compile(r"\b(?:kan\s+jeg\s+ikke\s+love|ikke\s+nu|ikke\s+her\s+og\s+nu|lover\s+ikke|nej)\b", re.IGNORECASE)),
           ("yes", re.compile(r"^\s*(?:ja|fint|det\s+gør\s+vi|det\s+er\s+en\s+aftale|det\s+passer|lad\s+os)\b", re.IGNORECASE)))


def answer_of(line: str) -> str:
    """How a model's line answered a direct question (yes / not_now / ""), as the rules' answers are labelled."""
    for name, rx in _ANSWER:
        if rx.search(line):
            return name
    return ""


def training_pairs_manager(example: dict) -> list[tuple[str, str]]:
    """(prompt, answer) for one ``tune/data/manager.yaml`` example, rendered exactly as at run time.

    The prompt is the completion prompt for the example's persona, role, history and phase; the answer is
    what the model must write after "Leder:": a space, the reply, and the newline that ends the turn.
    """
    from coach.capabilities.rehearse.personas import persona

    p = persona(str(example["persona"]))
    turns: list[tuple[str, str]] = []
    for item in example.get("history") or []:
        (role, text), = item.items()
        turns.append(("manager" if role == "manager" else "employee", str(text)))
    prompt = completion_prompt(p, str(example.get("role") or ""), turns, str(example["phase"]))
    return [(prompt, " " + one_line(str(example["reply"])) + "\n")]
