"""How many threads llama.cpp gets, and how they wait for each other.

The wheel's llama.cpp is built with OpenMP: between the pieces of every token its threads meet at barriers, and
libgomp lets a waiting thread spin (300,000 rounds by default) before it sleeps. When another program holds a
core, the spinning thread burns the time the thread it waits for needs, and decoding collapses (2 threads on
2 cores: 93 → 19 tok/s, and ≈ 2 tok/s when the other program runs in a session of its own). What we measured
side by side is in eval/README.md ("Målinger"); the choice:

- threads wait passively (``OMP_WAIT_POLICY=passive``): a waiting thread sleeps at once and gives its core back.
  That alone stops the collapse, for decoding and for prompt processing, at a small cost when the machine is idle;
- prompt processing (compute-bound, short) uses every physical core;
- decoding (bound by memory bandwidth) switches, while it generates, between all physical cores and one fewer,
  whichever is measured faster right now (``Tuner``). Neither is best everywhere: on an idle machine all cores
  decode fastest; when other programs hold a core, one thread fewer is faster, and leaves the core where the
  browser draws the streamed answer. A choice made before the generation from the load average cannot see this:
  the load that matters starts with the generation (the browser drawing it), and the load average counts our
  own threads.

libgomp reads its environment once, when llama.cpp's library is loaded, so ``prepare_environment()`` must run
before the first ``import llama_cpp`` in the process (coach.backend.llama calls it). A value the user set
already wins (we only fill in what is missing).

Overrides, strongest first: an explicit argument (selfcheck, tests), ``COACH_THREADS``, ``threads`` in the
settings file, then the automatic choice. A value is ``auto``, ``N`` (decode and prompt) or ``N,M``
(decode N, prompt processing M); a fixed value turns the tuner off.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from coach import settings, system
from coach.errors import InputError

ENV = "COACH_THREADS"
WAIT_ENV = {"OMP_WAIT_POLICY": "passive"}
_log = logging.getLogger(__name__)
_set_by_us: dict[str, str] = {}
_prepared = False


@dataclass(frozen=True)
class Plan:
    n_threads: int  # decoding, one token at a time (where the tuner starts)
    n_threads_batch: int  # prompt processing
    source: str  # "argument" | "COACH_THREADS" | "settings" | "auto"
    options: tuple[int, ...] = ()  # the two decode thread counts the tuner picks from; () = fixed


def _allowed_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def parse(value, *, where: str) -> tuple[int, int] | None:
    """``auto``/empty → None; ``N`` → (N, N); ``N,M`` → (N, M). Capped at the CPUs this process may use."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _bad(value, where)
    if isinstance(value, int):
        parts = [value]
    else:
        text = str(value).strip().lower()
        if text in ("", "auto"):
            return None
        try:
            parts = [int(p) for p in text.split(",")]
        except ValueError:
            raise _bad(value, where) from None
    if len(parts) not in (1, 2) or min(parts) < 1:
        raise _bad(value, where)
    cap = _allowed_cpus()
    return min(parts[0], cap), min(parts[-1], cap)


def _bad(value, where: str) -> InputError:
    return InputError(
        f"{where} skal være et helt tal fra 1 og op (fx 1 eller 2), to tal som «1,2» (afkodning, prompt) "
        f"eller «auto», ikke «{value}».",
        hint="Ret værdien, eller fjern den, så vælger appen selv.",
    )


def automatic() -> Plan:
    """All physical cores for the prompt; decoding starts on all of them, the tuner may drop to one fewer."""
    cores = system.physical_cores()
    options = (cores - 1, cores) if cores > 1 else ()
    return Plan(cores, cores, "auto", options)


def choose(n_threads: int | None = None, n_threads_batch: int | None = None) -> Plan:
    """The threads for a new model: explicit argument, then COACH_THREADS, then the settings file, then auto."""
    if n_threads:
        return Plan(n_threads, n_threads_batch or n_threads, "argument")
    from_env = parse(os.environ.get(ENV), where=f"Miljøvariablen {ENV}")
    if from_env:
        return Plan(*from_env, ENV)
    from_settings = parse(settings.threads(), where="Indstillingen «threads» i indstillingsfilen")
    if from_settings:
        return Plan(*from_settings, "settings")
    return automatic()


def prepare_environment() -> bool:
    """Fill in the wait policy before llama.cpp's library loads; False when that already happened elsewhere."""
    global _prepared
    if not _prepared:
        if "llama_cpp" in sys.modules:
            _log.warning("llama_cpp was imported before the thread settings; llama.cpp threads will spin")
            return False
        for key, value in WAIT_ENV.items():
            if key not in os.environ:
                os.environ[key] = value
                _set_by_us[key] = value
        _prepared = True
    return True


def environment_without_ours() -> dict[str, str]:
    """This process's environment minus what prepare_environment() added (for a child with library defaults)."""
    env = dict(os.environ)
    for key, value in _set_by_us.items():
        if env.get(key) == value:
            env.pop(key)
    return env


class Tuner:
    """While generating, keep whichever of two decode thread counts is measured faster right now.

    A generation starts on the last winner. After one window (at least WINDOW_S and MIN_TOKENS) it tries the
    other count for one window and keeps the faster, then tries again every PROBE_EVERY_S. A window on the
    slower count costs a fraction of WINDOW_S; a wrong guess lasts until the next try.
    """

    WINDOW_S = 0.3
    MIN_TOKENS = 4
    PROBE_EVERY_S = 2.0

    def __init__(self, options: tuple[int, int], apply: Callable[[int], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.options = options
        self.apply = apply
        self.clock = clock
        self.current = options[-1]
        self.rates: dict[int, float] = {}
        self.switches = 0
        self._window: tuple[float, int] | None = None
        self._probing = False
        self._next_probe = 0.0

    def reset(self) -> None:
        """A new generation: what was measured before is stale."""
        self.rates = {}
        self._window = None
        self._probing = False

    def tick(self, tokens: int) -> None:
        """Called with the context's token count after each streamed piece."""
        now = self.clock()
        if self._window is None:  # the first token: prompt processing is over, decoding starts here
            self._window, self._next_probe = (now, tokens), now
            return
        start, start_tokens = self._window
        done = tokens - start_tokens
        if now - start < self.WINDOW_S or done < self.MIN_TOKENS:
            return
        self.rates[self.current] = done / (now - start)
        self._window = (now, tokens)
        if self._probing:
            self._probing = False
            self._use(max(self.rates, key=self.rates.get))
            self._next_probe = now + self.PROBE_EVERY_S
        elif now >= self._next_probe:
            self._probing = True
            self._use(self.options[0] if self.current == self.options[1] else self.options[1])

    def _use(self, n: int) -> None:
        if n != self.current:
            self.apply(n)
            self.current = n
            self.switches += 1


def tuner_for(plan: Plan, llm) -> Tuner | None:
    """A tuner that sets the decode threads of a loaded llama_cpp.Llama, or None for a fixed thread count."""
    if len(plan.options) != 2:
        return None
    import llama_cpp

    def apply(n: int) -> None:
        llama_cpp.llama_set_n_threads(llm.ctx, n, plan.n_threads_batch)

    return Tuner((plan.options[0], plan.options[1]), apply)
