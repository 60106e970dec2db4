"""``coach bench``: the app's speed and memory next to llama-cpp-python with no app code, on one model.

Machines here are shared and noisy, so every figure is a median of several runs and the report leads with
ratios (app ÷ raw on the same model, threads and sampling) rather than absolutes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coach.backend import Sampling

PROMPT = (
    "Her er en medarbejders noter til den årlige udviklingssamtale med lederen. Noterne handler om året, "
    "der gik, om samarbejdet i teamet og om ønsker til nye opgaver og kurser i det kommende år.\n\n"
    "Noter: I år har jeg haft ansvaret for at planlægge vagterne i kundeservice, og jeg har lært to nye "
    "kolleger op. Jeg vil gerne have mere ansvar og måske tage et kursus i projektledelse.\n\n"
    "Samtalen begyndte sådan:"
)
SAMPLING = Sampling(temperature=0.7, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1, max_tokens=128, seed=1)
STAR_NOTES = ("Kunderne ventede 14 dage på svar. Jeg skulle få ventetiden ned. Jeg lavede en ny vagtplan i "
              "kundeservice og indførte faste svartider. Nu venter kunderne 9 dage.")
SMART_GOAL = "Jeg vil gerne blive bedre til at holde oplæg for teamet"
DECODE_TEXT = ("Du gør et rigtig flot stykke arbejde med kunderne. Måske kunne du overveje at svare lidt "
               "hurtigere på mails. Men ellers er det rigtig fint.")


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3) if values else 0.0


class RawLlama:
    """llama-cpp-python's own streamed completion with no app code at all: the baseline."""

    def __init__(self, model_path: Path, n_ctx: int, threads: int, swa_full: bool) -> None:
        import llama_cpp

        from coach.backend.llama import _silence_llama_cpp

        _silence_llama_cpp()
        started = time.perf_counter()
        self.llm = llama_cpp.Llama(model_path=str(model_path), n_ctx=n_ctx, n_threads=threads,
                                   n_threads_batch=threads, n_batch=512, swa_full=swa_full, verbose=False)
        self.load_s = time.perf_counter() - started
        self.n_prompt = len(self.llm.tokenize(PROMPT.encode("utf-8")))

    def run_once(self, seed: int) -> tuple[float, float]:
        """(decode tok/s, prompt tok/s) of one cold completion."""
        llm = self.llm
        llm.reset()  # no prefix reuse between runs: a cold prompt each time, like the app run
        t0 = time.perf_counter()
        first = None
        for chunk in llm.create_completion(PROMPT, max_tokens=SAMPLING.max_tokens, temperature=SAMPLING.temperature,
                                           top_k=SAMPLING.top_k, top_p=SAMPLING.top_p, min_p=SAMPLING.min_p,
                                           repeat_penalty=SAMPLING.repeat_penalty, seed=seed, stream=True):
            if first is None and chunk["choices"][0]["text"]:
                first = time.perf_counter()
        end = time.perf_counter()
        generated = llm.n_tokens - self.n_prompt + 1
        if not first or generated < 2:
            return 0.0, 0.0
        return (generated - 1) / (end - first), self.n_prompt / (first - t0)

    def close(self) -> None:
        self.llm.close()


def app_once(backend, seed: int) -> tuple[float, float]:
    """(decode tok/s, time to first token) of one cold completion through the app's backend."""
    backend.load().reset()
    c = backend.complete(PROMPT, SAMPLING.with_(seed=seed))
    return c.decode_tps, c.ttft_s


def speed(backend, raw: RawLlama, runs: int = 5) -> dict:
    """Warm both up, then alternate raw and app runs so that noise on a shared machine hits both alike."""
    raw.run_once(0)
    app_once(backend, 0)
    raw_decode, raw_prompt, app_decode, app_ttft = [], [], [], []
    for i in range(1, runs + 1):
        d, p = raw.run_once(SAMPLING.seed + i)
        raw_decode.append(d)
        raw_prompt.append(p)
        d, t = app_once(backend, SAMPLING.seed + i)
        app_decode.append(d)
        app_ttft.append(t)
    return {"raw_decode_tps": _median(raw_decode), "raw_prompt_tps": _median(raw_prompt),
            "app_decode_tps": _median(app_decode), "app_ttft_s": _median(app_ttft)}


def app_capabilities(backend) -> dict:
    from coach.capabilities import decode, smart, star

    out = {}
    calls = {
        "star": lambda: star.run(STAR_NOTES, backend)[0][1],
        "smart": lambda: smart.run(SMART_GOAL, backend)[1],
        "decode": lambda: decode.run(DECODE_TEXT, backend)[1],
    }
    tokens, seconds = 0, 0.0
    for name, call in calls.items():
        trace = call()
        out[name] = {"seconds": round(trace.seconds, 3), "path": trace.path, "attempts": trace.attempts,
                     "tokens": trace.tokens}
        tokens += max(0, trace.tokens - trace.attempts)
        seconds += trace.decode_s
    out["structured_tps"] = round(tokens / seconds, 2) if seconds else 0.0
    return out


def _peak_rss_of(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[int, float]:
    """Run a command; return its own peak RSS (bytes) and wall seconds (os.wait4 reports that child alone)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin is not None:
        proc.stdin.write(stdin.encode("utf-8"))
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.read().decode("utf-8", "replace")[-800:])
    kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return kib * 1024, time.perf_counter() - started


BARE_SCRIPT = """
import sys, llama_cpp
llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=int(sys.argv[2]), n_threads=int(sys.argv[3]),
                      swa_full=sys.argv[4] == "1", verbose=False)
llm.create_completion("Noter: kunder ventede 14 dage. Resultat:", max_tokens=64, seed=1)
"""


def rss(model_path: Path, model_arg: str | None, n_ctx: int, threads: int) -> dict:
    env = os.environ.copy()
    swa_full = "1" if model_path.stat().st_size < 2_000_000_000 else "0"
    bare, _ = _peak_rss_of([sys.executable, "-c", BARE_SCRIPT, str(model_path), str(n_ctx), str(threads), swa_full], env)
    cmd = [sys.executable, "-m", "coach", "star", "-", "--json"] + (["--model", model_arg] if model_arg else [])
    app, seconds = _peak_rss_of(cmd, env, stdin=STAR_NOTES)
    return {"bare_peak_rss_mb": round(bare / 1e6, 1), "cli_peak_rss_mb": round(app / 1e6, 1),
            "cli_star_seconds": round(seconds, 2), "rss_ratio": round(app / bare, 3)}


def _n_ctx(model: str | None) -> int:
    from coach.backend import runtime

    return runtime.open_backend(model).context_size


def _threads() -> int:
    from coach import system

    return system.physical_cores()


def run(model: str | None = None, *, rehearsal: bool = True) -> dict:
    from coach.backend import runtime

    # Memory first, while this process is still small: a forked child starts out counting its parent's pages,
    # so measuring after the model is loaded here would report this process's size for both commands.
    choice_path = runtime.open_backend(model).model_path
    memory = rss(choice_path, model or None, _n_ctx(model), _threads())
    backend = runtime.open_backend(model)
    backend.load()
    path, n_ctx, threads = backend.model_path, backend.context_size, backend.n_threads
    swa_full = path.stat().st_size < 2_000_000_000
    raw = RawLlama(path, n_ctx, threads, swa_full)
    sp = speed(backend, raw)
    raw_load_s = raw.load_s
    raw.close()
    caps = app_capabilities(backend)
    result = {
        "model": backend.name,
        "threads": threads,
        "context": n_ctx,
        "load_s": round(backend.load_seconds or 0.0, 3),
        "raw_load_s": round(raw_load_s, 3),
        "raw_prompt_tps": sp["raw_prompt_tps"],
        "raw_decode_tps": sp["raw_decode_tps"],
        "app_decode_tps": sp["app_decode_tps"],
        "app_ttft_s": sp["app_ttft_s"],
        "decode_ratio": round(sp["app_decode_tps"] / sp["raw_decode_tps"], 3) if sp["raw_decode_tps"] else 0.0,
        "structured_tps": caps["structured_tps"],
        "structured_ratio": round(caps["structured_tps"] / sp["app_decode_tps"], 3) if sp["app_decode_tps"] else 0.0,
        "capabilities": {k: v for k, v in caps.items() if k != "structured_tps"},
    }
    if rehearsal:
        from coach.capabilities import rehearse

        ttft = rehearse.bench_ttft(backend, turns=10)
        result |= {"ttft_turn1_s": ttft[0], "ttft_turn10_s": ttft[-1],
                   "ttft_ratio": round(ttft[-1] / ttft[0], 3) if ttft[0] else 0.0, "ttft_per_turn_s": ttft}
    return result | memory


def _da(x, digits: int = 2) -> str:
    """A number the Danish way: 0,95."""
    return f"{x:.{digits}f}".replace(".", ",")


def to_text(r: dict) -> str:
    lines = [
        f"Model: {r['model']}  (tråde: {r['threads']}, kontekst: {r['context']})",
        f"Indlæsning: app {_da(r['load_s'])} s, rå {_da(r['raw_load_s'])} s",
        f"Rå llama-cpp-python: prompt {_da(r['raw_prompt_tps'], 0)} tok/s, afkodning {_da(r['raw_decode_tps'], 1)} tok/s",
        f"App, fri tekst: afkodning {_da(r['app_decode_tps'], 1)} tok/s, første token {_da(r['app_ttft_s'])} s",
        f"App, kapabiliteter (linjeformat): {_da(r['structured_tps'], 1)} tok/s",
    ]
    for name, c in r["capabilities"].items():
        lines.append(f"  {name}: {_da(c['seconds'])} s, vej {c['path']}, {c['attempts']} forsøg, {c['tokens']} tokens")
    if "ttft_ratio" in r:
        lines.append(f"Øvesamtale: første token tur 1 {_da(r['ttft_turn1_s'], 3)} s, tur 10 {_da(r['ttft_turn10_s'], 3)} s")
    lines.append(f"Hukommelse: CLI 'coach star' {_da(r['cli_peak_rss_mb'], 0)} MB, bart script {_da(r['bare_peak_rss_mb'], 0)} MB")
    lines += ["", "Forhold (mål):",
              f"  afkodning app ÷ rå          {_da(r['decode_ratio'])}  (≥ 0,95)",
              f"  struktureret ÷ fri tekst    {_da(r['structured_ratio'])}  (≥ 0,8)"]
    if "ttft_ratio" in r:
        lines.append(f"  første token tur 10 ÷ tur 1 {_da(r['ttft_ratio'])}  (≤ 1,2)")
    lines.append(f"  RSS CLI ÷ bart script       {_da(r['rss_ratio'])}  (≤ 1,3)")
    return "\n".join(lines)
