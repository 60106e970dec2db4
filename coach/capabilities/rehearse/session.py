"""One rehearsal: the setup, the turns and the manager's replies (model, or the rules' line as fallback)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach import guard
from coach.backend import Backend
from coach.backend.base import StreamStats
from coach.capabilities.rehearse import manager_prompt as mp
from coach.capabilities.rehearse.personas import persona
from coach.errors import InputError
from coach.rules import agenda, manager_reply

MAX_TURN_CHARS = 1_500
MODEL_ATTEMPTS = 2  # the model's line, then one retry with a new seed, then the question bank's line
PENDING = "Lederen svarer stadig – vent, til svaret er færdigt, før du skriver igen."


def can_write(backend: Backend) -> bool:
    """A base model plays the manager only with its Danish task adapter (the prompt is the one it was trained on);
    without it, its lines are noise that the checks would throw away anyway, so the rules write at once."""
    return backend.prompt_style != "completion" or getattr(backend, "adapter", True) is not None


class Setup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    persona: str
    phases: list[str] | None = None  # None = the whole agenda
    length: Literal["kort", "normal", "lang"] = "normal"
    role: str = ""
    context: str = ""  # the employee's STAR statements, goals, feedback they received
    turns_per_phase: int | None = Field(None, ge=1, le=4)  # older callers: every phase this many turns
    seed: int = 0


class Turn(BaseModel):
    role: Literal["manager", "employee"]
    text: str
    phase: str
    source: Literal["model", "bank", "user", "stopped"] = Field("user", exclude=True)
    prompt_text: str = Field("", exclude=True)  # what the model saw for this turn (stable across turns)
    alternatives: list[str] = Field(default_factory=list, exclude=True)  # a manager turn's replies, oldest first
    chosen: int = Field(0, exclude=True)  # which alternative is shown (``text``)
    answer: str = Field("", exclude=True)  # how a direct question was answered: yes | not_now | answer | counter


_TURN_FIELDS = ("role", "text", "phase", "source", "prompt_text", "alternatives", "chosen", "answer")


class Session:
    """One rehearsal. Not thread-safe by itself: the app keeps one per browser session (see the package docstring)."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.persona = persona(setup.persona)
        self.style = self.persona.style
        try:
            self.plan = agenda.plan_phases(setup.phases, setup.turns_per_phase, length=setup.length,
                                           drifts=self.persona.drifts)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        self.turns: list[Turn] = []
        self.summary_of_dropped = ""
        self.dropped = 0  # turns replaced by summary_of_dropped
        self.regenerations = 0
        self.opening_hint = ""
        self.pending = False  # True while a manager reply is being generated

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def manager_turns(self) -> int:
        return sum(t.role == "manager" for t in self.turns)

    @property
    def finished(self) -> bool:
        return self.manager_turns >= len(self.plan)

    def next_phase(self) -> str:
        return agenda.phase_for_turn(self.plan, self.manager_turns)

    def _not_pending(self) -> None:
        if self.pending:
            raise InputError(PENDING)

    def add_employee(self, text: str) -> Turn:
        self._not_pending()
        if self.turns and self.turns[-1].role == "employee":
            raise InputError("Vent på lederens svar, før du skriver igen.")
        cleaned = guard.check(text, what="dit svar", max_chars=MAX_TURN_CHARS, min_letters=1)  # "Ja." is a turn
        phase = self.turns[-1].phase if self.turns else self.plan[0]
        turn = Turn(role="employee", text=cleaned, phase=phase, source="user", prompt_text=cleaned)
        self.turns.append(turn)
        return turn

    def edit_last_employee(self, text: str) -> Turn:
        """Replace your last answer (the manager's reply after it is dropped); then ask for a new reply."""
        self._not_pending()
        index = next((i for i in range(len(self.turns) - 1, -1, -1) if self.turns[i].role == "employee"), None)
        if index is None:
            raise InputError("Der er ingen replik fra dig at rette endnu.")
        cleaned = guard.check(text, what="dit svar", max_chars=MAX_TURN_CHARS, min_letters=1)
        old = self.turns[index]
        del self.turns[index:]
        self.dropped = min(self.dropped, len(self.turns))
        turn = Turn(role="employee", text=cleaned, phase=old.phase, source="user", prompt_text=cleaned)
        self.turns.append(turn)
        return turn

    def undo(self) -> None:
        """Remove the last exchange (the manager's reply and the employee's turn before it)."""
        self._not_pending()
        if self.turns and self.turns[-1].role == "manager" and len(self.turns) > 1:
            self.turns.pop()
        if self.turns and self.turns[-1].role == "employee":
            self.turns.pop()
        self.dropped = min(self.dropped, len(self.turns))

    def choose_alternative(self, i: int) -> Turn:
        """Show reply number ``i`` (0 = the first) of the manager's last turn instead of the current one."""
        self._not_pending()
        last = self.turns[-1] if self.turns else None
        if last is None or last.role != "manager" or not last.alternatives:
            raise InputError("Der er ingen replik fra lederen at vælge imellem endnu.")
        if not 0 <= i < len(last.alternatives):
            raise InputError(f"Vælg et svar mellem 1 og {len(last.alternatives)}.")
        last.chosen, last.text, last.prompt_text = i, last.alternatives[i], last.alternatives[i]
        return last

    # -- the manager's turn ---------------------------------------------------------------------------------
    def _history(self) -> list[dict]:
        return [{"role": t.role, "text": t.text, "phase": t.phase, "answer": t.answer} for t in self.turns]

    def rules_reply(self, seed_offset: int = 0, avoid: tuple[str, ...] = ()) -> manager_reply.Reply:
        i = self.manager_turns
        phase, phase_turn = agenda.plan_position(self.plan, i)
        last = self.turns[-1].text if self.turns and self.turns[-1].role == "employee" else None
        return manager_reply.reply(self.style, phase, i, last, seed=self.setup.seed + self.regenerations + seed_offset,
                                   role=self.setup.role, phase_turn=phase_turn, closing=i == len(self.plan) - 1,
                                   after_close=i >= len(self.plan), history=self._history(), avoid=avoid)

    def manager_stream(self, backend: Backend | None, *, cancel: threading.Event | None = None,
                       stats: StreamStats | None = None) -> Iterator[str]:
        """Yield the manager's reply as it grows (the full text so far); the last value is final and saved."""
        self._not_pending()
        self.pending = True
        try:
            yield from self._generate(backend, cancel, stats, avoid=())
        finally:
            self.pending = False

    def _generate(self, backend, cancel, stats, avoid: tuple[str, ...]) -> Iterator[str]:
        phase = self.next_phase()
        rules = self.rules_reply(avoid=avoid)
        for k in range(1, 8):  # a new reply must differ from the ones already shown
            if rules.text not in avoid:
                break
            rules = self.rules_reply(seed_offset=k * 101, avoid=avoid)
        opening = not any(t.role == "employee" for t in self.turns)  # nothing said yet: the agenda opens
        if backend is None or not can_write(backend) or (opening and backend.prompt_style == "completion"):
            self._append(rules.text, phase, "bank", rules.answer)
            yield rules.text
            return
        self._fit_context(backend)
        prompt = self._prompt(backend, phase, rules.text)
        style = backend.prompt_style
        seed = 1000 + self.setup.seed + 7 * self.regenerations + self.manager_turns
        for attempt in range(MODEL_ATTEMPTS):  # a refused line gets one new try (new seed), then the rules' line
            sampling = mp.sampling(style).with_(seed=seed + 500 * attempt, stop=_STOPS[style])
            text = ""
            for piece in backend.stream(prompt, sampling, cancel=cancel, stats=stats if attempt == 0 else None):
                text += piece
                yield mp.clean(text, style)
            text = mp.clean(text, style)
            if cancel is not None and cancel.is_set():
                final = text or rules.text
                self._append(final, phase, "stopped", rules.answer if not text else mp.answer_of(final))
                yield final
                return
            if text and text not in avoid and not mp.check(text, self):
                self._append(text, phase, "model", mp.answer_of(text) or rules.answer)
                yield text
                return
        self._append(rules.text, phase, "bank", rules.answer)
        yield rules.text

    def regenerate(self, backend: Backend | None, *, cancel: threading.Event | None = None) -> Iterator[str]:
        """A new reply (new seed) in place of the manager's last one; the earlier ones stay in ``alternatives``."""
        self._not_pending()
        old = self.turns.pop() if self.turns and self.turns[-1].role == "manager" else None
        self.regenerations += 1
        self.pending = True
        try:
            yield from self._generate(backend, cancel, None, avoid=tuple(old.alternatives) if old else ())
        except BaseException:
            if old is not None and (not self.turns or self.turns[-1].role != "manager"):
                self.turns.append(old)
            raise
        finally:
            self.pending = False
        if old is not None and self.turns and self.turns[-1].role == "manager":
            new = self.turns[-1]
            new.alternatives = old.alternatives + [new.text]
            new.chosen = len(new.alternatives) - 1

    def _append(self, text: str, phase: str, source: str, answer: str) -> None:
        self.turns.append(Turn(role="manager", text=text, phase=phase, source=source, prompt_text=text,
                               alternatives=[text], chosen=0, answer=answer))

    def check_manager_line(self, text: str) -> list[str]:
        return mp.check(text, self)

    # -- prompts ----------------------------------------------------------------------------------------------
    def _prompt(self, backend: Backend, phase: str, bank: str):
        turns = self.turns[self.dropped:]
        if backend.prompt_style == "completion":
            return mp.completion_prompt(self.persona, self.setup.role, [(t.role, t.prompt_text) for t in turns], phase)
        note = mp.hint(phase, bank) if bank else ""
        # The note is written into the turn it follows, once, and never changed: the prompt of the next turn then
        # starts with exactly the tokens of this one, and llama.cpp reuses the whole cached prefix.
        if note and turns and turns[-1].role == "employee" and "(Til lederen" not in turns[-1].prompt_text:
            turns[-1].prompt_text += "\n\n" + note
        if note and not self.opening_hint:
            self.opening_hint = note
        return mp.chat_prompt(self.persona, self.setup, self.plan, turns, self.opening_hint, self.summary_of_dropped)

    def _fit_context(self, backend: Backend) -> None:
        """When the conversation fills 3/4 of the context, summarise the oldest half in one step."""
        budget = int(backend.context_size * 0.75) - 200
        if backend.count_tokens(self._prompt(backend, self.next_phase(), "")) <= budget:
            return
        keep_from = self.dropped + max(2, (len(self.turns) - self.dropped) // 2)
        if keep_from % 2:  # cut between exchanges
            keep_from += 1
        dropped = self.turns[self.dropped:keep_from]
        titles = dict.fromkeys(agenda.PHASE_BY_ID[t.phase].title for t in dropped if t.phase in agenda.PHASE_BY_ID)
        said = [t.text for t in dropped if t.role == "employee"][-2:]
        summary = "I har talt om " + ", ".join(titles).lower() + "."
        if said:
            summary += " Medarbejderen sagde bl.a.: " + " / ".join(mp.one_line(s)[:120] for s in said)
        self.summary_of_dropped = (self.summary_of_dropped + " " + summary).strip()[-800:]
        self.dropped = keep_from

    # -- after the session / saving ---------------------------------------------------------------------------
    def transcript(self) -> list[dict]:
        return [t.model_dump() for t in self.turns]

    def debrief(self, backend: Backend | None = None) -> dict:
        from coach.capabilities.rehearse import report

        return report.debrief(self, backend)

    def titles(self) -> dict[str, str]:
        from coach.capabilities.rehearse import report

        return report.titles()

    def to_dict(self) -> dict:
        """Everything needed to reopen the rehearsal (JSON-safe)."""
        return {"version": 1, "setup": self.setup.model_dump(),
                "turns": [{k: getattr(t, k) for k in _TURN_FIELDS} for t in self.turns],
                "dropped": self.dropped, "summary_of_dropped": self.summary_of_dropped,
                "regenerations": self.regenerations, "opening_hint": self.opening_hint}

    @classmethod
    def from_dict(cls, data: dict) -> Session:
        """A rehearsal saved with ``to_dict`` (finished or not), ready to continue."""
        try:
            session = cls(Setup.model_validate(data["setup"]))
            session.turns = [Turn(**{k: t[k] for k in _TURN_FIELDS if k in t}) for t in data.get("turns", [])]
            session.dropped = int(data.get("dropped", 0))
            session.summary_of_dropped = str(data.get("summary_of_dropped", ""))
            session.regenerations = int(data.get("regenerations", 0))
            session.opening_hint = str(data.get("opening_hint", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"Den gemte øvesamtale kan ikke åbnes: {exc}") from None
        return session


# A transcript line ends the manager's turn; in chat the template's own end-of-turn does.
_STOPS = {"completion": ("\n",), "chat": (f"\n{mp.EMPLOYEE}:", f"\n{mp.MANAGER}:")}
