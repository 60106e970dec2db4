"""Rehearse the MUS: the model plays the manager along the MUS agenda, then a debrief that is right.

The manager answers what was said: every reply first reacts to the employee's last turn (numbers, request,
disagreement, question) and then moves the agenda on. An instruct model (``prompts/rehearse/manager/chat.md``) or
the tuned embedded model (``completion.md``) writes the line; every line is checked (Danish, in role, no grant or
promise, no injected instruction followed, no invented number or charge, it picks up the turn) and a line that fails
is replaced by the rules' own line (:mod:`coach.rules.manager_reply`), which reacts to the turn too. A base model
without its Danish task adapter is not asked at all (its lines would be noise): the rules write. The length
(``kort`` / ``normal`` / ``lang``) fixes the number of manager turns; the last one sums up what was agreed.

Core API for the UI and the CLI (stable):

* ``Setup(persona, phases=None, length="normal", role="", context="", seed=0)``; ``personas()``, ``persona(id)``.
* ``Session(setup)``: ``turns`` (``Turn``: ``role``, ``text``, ``phase``; a manager turn also has ``alternatives``
  (every reply produced for it, oldest first) and ``chosen`` (the index shown as ``text``)), ``plan`` (one phase id
  per manager turn), ``finished`` (the plan is covered), ``pending`` (True while a manager reply is being
  generated), ``manager_turns``, ``next_phase()``.
* ``Session.manager_stream(backend, cancel=None, stats=None)``: yields the reply as it grows (the full text so
  far); the last value is final and saved as a new manager turn. ``backend=None`` = the rules only.
* ``Session.regenerate(backend, cancel=None)``: a different reply (new seed) for the manager's last turn; the
  earlier replies stay browsable in ``alternatives``. ``Session.choose_alternative(i)`` shows reply ``i`` again.
* ``Session.add_employee(text)``: your next answer. While ``pending`` it raises ``InputError("Lederen svarer
  stadig …")`` (input is never dropped silently); twice in a row, empty or too long: a Danish ``InputError``.
* ``Session.edit_last_employee(text)``: replace your last answer (the manager's reply after it is dropped); call
  ``manager_stream`` next to continue from it. ``Session.undo()``: remove the last exchange.
* ``Session.debrief(backend=None)``: ``{"criteria": [{"id", "score", "verdict" (good|weak|none), "occasion",
  "evidence" (quotes from your turns), "advice", "line" (your own line), "better" (it, better said)}],
  "agreements", "open", "summary", "follow_up_mail", "goals"}``; ``Session.titles()``; ``Session.transcript()``.
* ``Session.to_dict()`` / ``Session.from_dict(data)``: save a finished or unfinished rehearsal in the workspace
  and reopen it.
* ``run_script(setup, lines, backend)``, ``follow_up_mail(agreements)``, ``bench_ttft``, ``BENCH_TURNS``.
* Training hooks: ``training_pairs_manager(example)``, ``training_pairs_debrief(example)`` return (prompt, answer)
  exactly as the runtime completion path renders them (``tune/data/manager.yaml``, ``debrief.yaml``).

The prompt is built so that llama.cpp can reuse the cached prefix: persona and setup first, then the turns in
order, each rendered once and never changed. When the context fills up, the oldest exchanges are replaced by one
summary line in a single step (the persona is never dropped).
"""

from coach.capabilities.rehearse.manager_prompt import training_pairs_manager
from coach.capabilities.rehearse.personas import Persona, persona, personas
from coach.capabilities.rehearse.report import follow_up_mail, training_pairs_debrief
from coach.capabilities.rehearse.scripted import BENCH_TURNS, bench_ttft, run_script
from coach.capabilities.rehearse.session import MAX_TURN_CHARS, PENDING, Session, Setup, Turn

__all__ = [
           "BENCH_TURNS",
           "MAX_TURN_CHARS",
           "PENDING",
           "Persona",
           "Session",
           "Setup",
           "Turn",
           "bench_ttft",
           "follow_up_mail",
           "persona",
           "personas",
           "run_script",
           "training_pairs_debrief",
           "training_pairs_manager",
]
