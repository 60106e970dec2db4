"""The two baselines ``coach bench`` compares against: another program holding one core, and llama-cpp-python
with no app code and the library's own defaults, in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

BURN_CAP_S = 120  # the burner ends by itself after this, even if the bench is killed


# -- one core busy elsewhere ------------------------------------------------------------------------------------
BURN = """
import sys, time
end = time.monotonic() + float(sys.argv[1])
print("ready", flush=True)
while time.monotonic() < end:
    pass
"""


@contextmanager
def busy_core(cap_s: float = BURN_CAP_S):
    """Another program holding one core for the duration of the block: a spinning child, always killed.

    It runs in a session of its own, as another program would (on Linux each session is a scheduling group:
    the app's threads then share what is left, instead of competing one by one with the burner)."""
    proc = subprocess.Popen([sys.executable, "-c", BURN, str(cap_s)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        proc.stdout.readline()  # it is spinning from here on
        time.sleep(0.05)
        yield proc
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


# -- raw llama-cpp-python, library defaults, in its own process -------------------------------------------------
RAW_WORKER = """
import ctypes, json, sys, time
import llama_cpp

@llama_cpp.llama_log_callback
def _quiet(level, text, user_data):
    return None

llama_cpp.llama_log_set(_quiet, ctypes.c_void_p(0))
path, n_ctx, swa_full = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
started = time.perf_counter()
llm = llama_cpp.Llama(model_path=path, n_ctx=n_ctx, swa_full=swa_full, verbose=False)  # default threads
load_s = time.perf_counter() - started
print(json.dumps({"load_s": load_s, "n_threads": llm.n_threads, "n_threads_batch": llm.n_threads_batch}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    n_prompt = len(llm.tokenize(job["prompt"].encode("utf-8")))
    llm.reset()  # a cold prompt each time, like the app run
    t0 = time.perf_counter()
    first = None
    for chunk in llm.create_completion(job["prompt"], stream=True, **job["sampling"]):
        if first is None and chunk["choices"][0]["text"]:
            first = time.perf_counter()
    end = time.perf_counter()
    generated = llm.n_tokens - n_prompt + 1
    ok = first is not None and generated >= 2
    print(json.dumps({"decode_tps": (generated - 1) / (end - first) if ok else 0.0,
                      "prompt_tps": n_prompt / (first - t0) if ok else 0.0,
                      "ttft_s": (first - t0) if ok else 0.0}), flush=True)
"""


class RawLlama:
    """llama-cpp-python's own streamed completion with no app code and default settings: the baseline."""

    def __init__(self, model_path: Path, n_ctx: int, swa_full: bool) -> None:
        from coach.backend import threads

        env = threads.environment_without_ours()  # the library's own OpenMP behaviour, not the app's
        self.proc = subprocess.Popen([sys.executable, "-c", RAW_WORKER, str(model_path), str(n_ctx), "1" if swa_full else "0"],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        hello = self._read()
        self.load_s, self.n_threads, self.n_threads_batch = hello["load_s"], hello["n_threads"], hello["n_threads_batch"]

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("raw llama-cpp-python worker died: " + self.proc.stderr.read()[-800:])
        return json.loads(line)

    def run_once(self, prompt: str, sampling, seed: int) -> dict:
        s = sampling
        job = {"prompt": prompt, "sampling": {"max_tokens": s.max_tokens, "temperature": s.temperature, "top_k": s.top_k,
                                              "top_p": s.top_p, "min_p": s.min_p, "repeat_penalty": s.repeat_penalty,
                                              "seed": seed}}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
