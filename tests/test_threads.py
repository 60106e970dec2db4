"""Thread choice for llama.cpp: the overrides and their order, clear Danish errors for bad values, and the wait
policy really reaching libgomp (it reads its environment once, when llama.cpp's library loads)."""

import os
import subprocess
import sys

import pytest

from coach import settings, system
from coach.backend import threads
from coach.errors import InputError


@pytest.fixture(autouse=True)
def four_cpus(monkeypatch):
    monkeypatch.delenv(threads.ENV, raising=False)
    monkeypatch.setattr(threads, "_allowed_cpus", lambda: 4)
    monkeypatch.setattr(system, "physical_cores", lambda: 4)


@pytest.mark.parametrize("value, expected", [
    ("2", (2, 2)), (" 1,3 ", (1, 3)), (3, (3, 3)), ("auto", None), ("", None), (None, None), ("AUTO", None),
    ("16", (4, 4)), ("1,16", (1, 4)),  # never more threads than CPUs this process may use
])
def test_parse(value, expected):
    assert threads.parse(value, where="X") == expected


@pytest.mark.parametrize("value", ["to", "0", "-1", "1,2,3", "1,", "1.5", True, 0])
def test_a_bad_value_is_refused_in_danish(value):
    with pytest.raises(InputError) as err:
        threads.parse(value, where="Miljøvariablen COACH_THREADS")
    assert "Miljøvariablen COACH_THREADS skal være et helt tal" in err.value.message
    assert f"«{value}»" in err.value.message


def test_order_argument_then_env_then_settings_then_auto(monkeypatch):
    assert threads.choose() == threads.automatic() == threads.Plan(4, 4, "auto", (3, 4))
    settings.write(threads="1,2")
    assert threads.choose() == threads.Plan(1, 2, "settings")
    monkeypatch.setenv(threads.ENV, "3")
    assert threads.choose() == threads.Plan(3, 3, "COACH_THREADS")
    assert threads.choose(2) == threads.Plan(2, 2, "argument")
    assert threads.choose(1, 3) == threads.Plan(1, 3, "argument")
    monkeypatch.setenv(threads.ENV, "auto")  # "auto" in the environment hands the choice on to the settings file
    assert threads.choose() == threads.Plan(1, 2, "settings")


def test_a_bad_setting_names_the_settings_file():
    settings.write(threads="mange")
    with pytest.raises(InputError, match="Indstillingen «threads»"):
        threads.choose()


def test_settings_file_holds_the_threads_setting():
    assert settings.threads() is None
    settings.write(threads=2)
    assert settings.threads() == 2
    settings.write(active_model="x")  # other settings leave it alone
    assert settings.threads() == 2


@pytest.mark.parametrize("cores, options", [(1, ()), (2, (1, 2)), (4, (3, 4))])
def test_automatic_uses_every_core_and_lets_the_tuner_drop_one(monkeypatch, cores, options):
    monkeypatch.setattr(system, "physical_cores", lambda: cores)
    assert threads.automatic() == threads.Plan(cores, cores, "auto", options)


def test_llama_backend_takes_its_threads_from_the_plan(monkeypatch, tmp_path):
    from coach.backend.llama import LlamaBackend

    monkeypatch.setenv(threads.ENV, "1,2")
    backend = LlamaBackend(tmp_path / "x.gguf")
    assert (backend.n_threads, backend.n_threads_batch, backend.threads.source) == (1, 2, "COACH_THREADS")
    assert backend.threads.options == ()  # a fixed choice is never tuned
    assert LlamaBackend(tmp_path / "x.gguf", n_threads=3).n_threads_batch == 3


class Machine:
    """A fake clock and a decoder whose speed depends on the thread count (and may change mid-generation)."""

    def __init__(self, rates: dict[int, float], threads_now: int = 2):
        self.now, self.tokens, self.rates, self.threads = 0.0, 100, rates, threads_now
        self.trace: list[int] = []

    def run(self, tuner, seconds: float):
        tuner.reset()
        end = self.now + seconds
        tuner.tick(self.tokens)  # the first token
        while self.now < end:
            self.now += 1 / self.rates[self.threads]
            self.tokens += 1
            tuner.tick(self.tokens)
            self.trace.append(self.threads)

    def apply(self, n):
        self.threads = n


def _tuner(machine):
    return threads.Tuner((1, 2), machine.apply, clock=lambda: machine.now)


def test_tuner_stays_on_all_cores_when_they_are_faster():
    m = Machine({1: 20.0, 2: 30.0})
    tuner = _tuner(m)
    m.run(tuner, 6.0)
    assert tuner.current == 2
    assert m.trace.count(1) / len(m.trace) < 0.15  # only the short tries on one thread
    assert tuner.switches >= 2  # it did try, more than once


def test_tuner_drops_a_thread_when_another_program_takes_a_core_and_comes_back():
    m = Machine({1: 20.0, 2: 30.0})
    tuner = _tuner(m)
    m.run(tuner, 2.0)
    assert tuner.current == 2
    m.rates = {1: 19.0, 2: 8.0}  # a core is taken: two threads now wait for each other
    m.trace.clear()
    m.run(tuner, 4.0)
    assert tuner.current == 1 and m.trace.count(1) / len(m.trace) > 0.8
    m.rates = {1: 20.0, 2: 30.0}  # the other program is gone
    m.trace.clear()
    m.run(tuner, 4.0)
    assert tuner.current == 2 and m.trace.count(2) / len(m.trace) > 0.7


def test_tuner_needs_enough_tokens_for_a_window():
    m = Machine({1: 2.0, 2: 3.0})  # a slow model: a window waits for MIN_TOKENS, not only for time
    tuner = _tuner(m)
    m.run(tuner, 1.0)
    assert tuner.switches == 0 and tuner.rates == {}


def test_environment_without_ours_drops_only_what_we_added(monkeypatch):
    monkeypatch.setattr(threads, "_set_by_us", {"OMP_WAIT_POLICY": "passive"})
    monkeypatch.setenv("OMP_WAIT_POLICY", "passive")
    monkeypatch.setenv("SOMETHING_ELSE", "1")
    env = threads.environment_without_ours()
    assert "OMP_WAIT_POLICY" not in env and env["SOMETHING_ELSE"] == "1"
    monkeypatch.setenv("OMP_WAIT_POLICY", "active")  # changed since: not ours any more
    assert threads.environment_without_ours()["OMP_WAIT_POLICY"] == "active"


# libgomp prints what it read (GOMP_SPINCOUNT is 300000 when nobody chose, 0 when threads wait passively)
LOAD_THROUGH_THE_BACKEND = """
import sys
from pathlib import Path
from coach.backend.llama import LlamaBackend
from coach.errors import ModelError
path = Path(sys.argv[1])
path.write_bytes(b"GGUF" + (3).to_bytes(4, "little") + bytes(64))  # a header, then nothing llama.cpp can load
try:
    LlamaBackend(path)._load()
except ModelError:
    print("refused", flush=True)
"""


def _spincount(script: str, *args: str, **env: str) -> tuple[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    proc = subprocess.run([sys.executable, "-c", script, *args], check=False, capture_output=True, text=True,
                          timeout=120, env=clean | {"OMP_DISPLAY_ENV": "verbose"} | env)
    spin = [line.split("=")[1].strip() for line in proc.stderr.splitlines() if "GOMP_SPINCOUNT" in line]
    assert spin, proc.stderr[-2000:]
    return spin[0], proc.stdout


@pytest.mark.slow
def test_the_wait_policy_reaches_libgomp_when_the_backend_loads_a_model(tmp_path):
    spin, out = _spincount(LOAD_THROUGH_THE_BACKEND, str(tmp_path / "m.gguf"))
    assert spin == "'0'"  # passive: a waiting thread sleeps at once
    assert out.strip() == "refused"


@pytest.mark.slow
def test_a_wait_policy_the_user_set_wins(tmp_path):
    spin, _ = _spincount(LOAD_THROUGH_THE_BACKEND, str(tmp_path / "m.gguf"), OMP_WAIT_POLICY="active")
    assert spin == "'30000000000'"


@pytest.mark.slow
def test_plain_llama_cpp_spins_which_is_why_we_set_it():
    spin, _ = _spincount("import llama_cpp")
    assert spin == "'300000'"


@pytest.mark.embedded
def test_the_tuner_really_changes_the_threads_llama_cpp_decodes_with(embedded_path, monkeypatch):
    import llama_cpp

    from coach.backend import Sampling
    from coach.backend.llama import LlamaBackend

    monkeypatch.setattr(system, "physical_cores", lambda: 2)
    backend = LlamaBackend(embedded_path, context_size=512)
    try:
        llm = backend.load()
        assert (llama_cpp.llama_n_threads(llm.ctx), llama_cpp.llama_n_threads_batch(llm.ctx)) == (2, 2)
        backend._tuner._use(1)
        assert (llama_cpp.llama_n_threads(llm.ctx), llama_cpp.llama_n_threads_batch(llm.ctx)) == (1, 2)
        assert backend.complete("Noter: kunderne ventede 14 dage.", Sampling(max_tokens=12, seed=1)).completion_tokens > 1
    finally:
        backend.close()
    monkeypatch.setenv(threads.ENV, "1")
    fixed = LlamaBackend(embedded_path, context_size=512)
    try:
        llm = fixed.load()
        assert fixed._tuner is None and llama_cpp.llama_n_threads(llm.ctx) == 1
    finally:
        fixed.close()
