"""``coach bench``: the app's speed and memory next to llama-cpp-python with no app code, on one model.

Machines here are shared and noisy, so every figure is a median of several runs and the report leads with
ratios. Raw llama-cpp-python runs in a child process with the library's own defaults (its thread count, its
OpenMP environment), the app in this process with its own choice (coach.backend.threads); their runs
alternate. "Busy" is the same decode while a CPU-burning child process holds one core: started and killed by
the bench around each busy run, and capped in time by itself in case the bench dies.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
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
EMPLOYEE_LINE = "I år reducerede jeg ventetiden i kundeservice fra 14 til 9 dage med en ny vagtplan."
RUNS, BUSY_RUNS, ANSWER_RUNS = 5, 3, 3


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3) if values else 0.0


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


from coach.measure.baseline import BURN_CAP_S, RawLlama, busy_core  # noqa: F401  (tests use bench.busy_core)


def app_once(backend, seed: int) -> dict:
    """Decode tok/s and time to first token of one cold completion through the app's backend."""
    backend.load().reset()
    c = backend.complete(PROMPT, SAMPLING.with_(seed=seed))
    return {"decode_tps": c.decode_tps, "ttft_s": c.ttft_s}


def speed(backend, raw: RawLlama, runs: int = RUNS, busy_runs: int = BUSY_RUNS) -> dict:
    """Warm both up, then alternate raw and app, idle and busy, so that noise on a shared machine hits all alike."""
    raw.run_once(PROMPT, SAMPLING, 0)
    app_once(backend, 0)
    got: dict[str, list[dict]] = {"raw": [], "app": [], "raw_busy": [], "app_busy": []}
    for i in range(1, runs + 1):
        seed = SAMPLING.seed + i
        got["raw"].append(raw.run_once(PROMPT, SAMPLING, seed))
        got["app"].append(app_once(backend, seed))
        if i <= busy_runs:
            with busy_core():
                got["raw_busy"].append(raw.run_once(PROMPT, SAMPLING, seed))
                got["app_busy"].append(app_once(backend, seed))

    def med(kind: str, key: str) -> float:
        return _median([r[key] for r in got[kind]])

    out = {"raw_decode_tps": med("raw", "decode_tps"), "raw_prompt_tps": med("raw", "prompt_tps"),
           "raw_busy_decode_tps": med("raw_busy", "decode_tps"), "raw_busy_ttft_s": med("raw_busy", "ttft_s"),
           "app_decode_tps": med("app", "decode_tps"), "app_ttft_s": med("app", "ttft_s"),
           "busy_decode_tps": med("app_busy", "decode_tps"), "busy_ttft_s": med("app_busy", "ttft_s")}
    out["busy_ratio"] = _ratio(out["busy_decode_tps"], out["app_decode_tps"])
    out["raw_busy_ratio"] = _ratio(out["raw_busy_decode_tps"], out["raw_decode_tps"])
    return out


def adapter_speed(backend, runs: int = 3) -> dict:
    """What the Danish adapter (a LoRA applied at run time) costs: the same decode with and without it.

    Empty when the backend runs without an adapter. The bare model is a second LlamaBackend on the same file,
    loaded only for this and closed after it; runs alternate between the two."""
    if getattr(backend, "adapter", None) is None:
        return {}
    from coach.backend.llama import LlamaBackend

    bare = LlamaBackend(backend.model_path, name=backend.name + " (uden tilpasning)",
                        prompt_style=backend.prompt_style, context_size=backend.context_size)
    try:
        app_once(bare, 0)
        with_, without = [], []
        for i in range(1, runs + 1):
            with_.append(app_once(backend, SAMPLING.seed + i)["decode_tps"])
            without.append(app_once(bare, SAMPLING.seed + i)["decode_tps"])
    finally:
        bare.close()
    out = {"adapter": backend.adapter.name, "adapter_decode_tps": _median(with_),
           "no_adapter_decode_tps": _median(without)}
    out["adapter_ratio"] = _ratio(out["adapter_decode_tps"], out["no_adapter_decode_tps"])
    return out


# -- time to a useful answer ------------------------------------------------------------------------------------
def _traces(result) -> list:
    """The traces of a capability's result: star.run gives [(out, trace), ...], the others (out, trace)."""
    if isinstance(result, list):
        return [t for _, t in result]
    return [result[1]]


def _manager_turn(backend) -> list:
    """One manager reply to an employee line (the opening turn is not timed); a bank line counts as a fallback."""
    from types import SimpleNamespace

    from coach.capabilities import rehearse

    session = rehearse.Session(rehearse.Setup(persona="stoettende"))
    for _ in session.manager_stream(backend):
        pass
    session.add_employee(EMPLOYEE_LINE)
    started = time.perf_counter()
    for _ in session.manager_stream(backend):
        pass
    source = session.turns[-1].source
    return [SimpleNamespace(attempts=1, path="model" if source == "model" else "fallback",
                            seconds=time.perf_counter() - started, tokens=0, decode_s=0.0)]


def _answer_calls(backend) -> dict:
    from coach.capabilities import decode, smart, star

    return {
        "star": lambda: _traces(star.run(STAR_NOTES, backend)),
        "smart": lambda: _traces(smart.run(SMART_GOAL, backend)),
        "decode": lambda: _traces(decode.run(DECODE_TEXT, backend)),
        "manager_turn": lambda: _manager_turn(backend),
    }


def time_to_answer(backend, runs: int = ANSWER_RUNS, *, busy: bool = True) -> dict:
    """Seconds from request to the final validated answer, per capability, idle and with one core busy.

    ``attempts`` and ``rejected`` (attempts whose answer the validator threw away: time the user waited for
    nothing) are summed over all runs; ``fallbacks`` counts runs that ended on the rules' draft.
    """
    out: dict = {}
    tokens, decode_s = 0, 0.0
    for name, call in _answer_calls(backend).items():
        entry: dict = {"runs": runs, "attempts": 0, "rejected": 0, "fallbacks": 0, "paths": []}
        for label in ("seconds", "busy_seconds") if busy else ("seconds",):
            times = []
            for _ in range(runs):
                try:
                    if label == "busy_seconds":
                        with busy_core():
                            started = time.perf_counter()
                            traces = call()
                    else:
                        started = time.perf_counter()
                        traces = call()
                except Exception as exc:  # noqa: BLE001 - the bench reports a broken capability and goes on
                    entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
                    break
                times.append(time.perf_counter() - started)
                if label == "seconds":
                    for t in traces:
                        entry["attempts"] += t.attempts
                        entry["rejected"] += t.attempts - (1 if t.path in ("model", "retried") else 0)
                        entry["fallbacks"] += t.path == "fallback"
                        entry["paths"].append(t.path)
                        tokens += max(0, t.tokens - t.attempts)
                        decode_s += t.decode_s
            entry[label] = _median(times)
        out[name] = entry
    return {"time_to_answer": out, "structured_tps": round(tokens / decode_s, 2) if decode_s else 0.0}


# -- memory -----------------------------------------------------------------------------------------------------
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


# -- the whole bench --------------------------------------------------------------------------------------------
def run(model: str | None = None, *, rehearsal: bool = True, quick: bool = False) -> dict:
    """The whole bench; ``quick``: one run per figure (a smoke run: every field, noisy figures)."""
    from coach.backend import runtime

    # Memory first, while this process is still small: a forked child starts out counting its parent's pages,
    # so measuring after the model is loaded here would report this process's size for both commands.
    backend = runtime.open_backend(model)
    if not hasattr(backend, "model_path"):
        from coach.errors import InputError

        raise InputError(f"coach bench måler en model, der kører i appen selv (en GGUF-fil), men {backend.name} er en "
                         "server.", hint="Vælg en model med --model, fx --model gemma3-270m-base.")
    memory = rss(backend.model_path, model or None, backend.context_size, backend.n_threads)
    backend.load()
    path, n_ctx = backend.model_path, backend.context_size
    raw = RawLlama(path, n_ctx, swa_full=path.stat().st_size < 2_000_000_000)
    try:
        sp = speed(backend, raw, runs=1, busy_runs=1) if quick else speed(backend, raw)
    finally:
        raw.close()
    adapter = adapter_speed(backend, runs=1 if quick else 3)
    answers = time_to_answer(backend, runs=1 if quick else ANSWER_RUNS)
    result = {
        "model": backend.name,
        "threads": backend.n_threads,
        "threads_batch": backend.n_threads_batch,
        "threads_source": backend.threads.source,
        "thread_options": list(backend.threads.options),
        "wait_policy": os.environ.get("OMP_WAIT_POLICY", "libgomp-standard"),
        "raw_threads": raw.n_threads,
        "raw_threads_batch": raw.n_threads_batch,
        "context": n_ctx,
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "load_s": round(backend.load_seconds or 0.0, 3),
        "raw_load_s": round(raw.load_s, 3),
        **sp,
        "decode_ratio": _ratio(sp["app_decode_tps"], sp["raw_decode_tps"]),
        "structured_tps": answers["structured_tps"],
        "structured_ratio": _ratio(answers["structured_tps"], sp["app_decode_tps"]),
        "time_to_answer": answers["time_to_answer"],
        **adapter,
    }
    if rehearsal:
        from coach.capabilities import rehearse

        ttft = rehearse.bench_ttft(backend, turns=10)
        result |= {"ttft_turn1_s": ttft[0], "ttft_turn10_s": ttft[-1],
                   "ttft_ratio": _ratio(ttft[-1], ttft[0]), "ttft_per_turn_s": ttft}
    return result | memory


def _da(x, digits: int = 2) -> str:
    """A number the Danish way: 0,95."""
    return f"{x:.{digits}f}".replace(".", ",")


def to_text(r: dict) -> str:
    decode = "/".join(map(str, r["thread_options"])) if r.get("thread_options") else str(r["threads"])
    threads = (f"Tråde: app {decode} til afkodning, {r['threads_batch']} til prompten ({r['threads_source']}, "
               f"ventepolitik {r['wait_policy']}); rå {r['raw_threads']} og {r['raw_threads_batch']}")
    app = (f"  app                     {_da(r['app_decode_tps'], 1):>10}   {_da(r['busy_decode_tps'], 1):>16}"
           f"   {_da(r['busy_ratio']):>13}")
    raw = (f"  rå llama-cpp-python     {_da(r['raw_decode_tps'], 1):>10}   {_da(r['raw_busy_decode_tps'], 1):>16}"
           f"   {_da(r['raw_busy_ratio']):>13}")
    ttft = (f"Første token: app {_da(r['app_ttft_s'])} s fri, {_da(r['busy_ttft_s'])} s optaget; "
            f"rå {_da(r['raw_busy_ttft_s'])} s optaget")
    lines = [
        f"Model: {r['model']}  (kontekst: {r['context']}, belastning før start {_da(r['load_avg_1min'])})",
        threads,
        f"Indlæsning: app {_da(r['load_s'])} s, rå {_da(r['raw_load_s'])} s",
        "",
        "Afkodning, tok/s          fri maskine   én kerne optaget   optaget ÷ fri",
        app,
        raw,
        ttft,
        f"Rå prompt-behandling: {_da(r['raw_prompt_tps'], 0)} tok/s",
        "",
        f"Tid til et brugbart svar (median af {ANSWER_RUNS}; forkastede forsøg er ventetid uden svar):",
    ]
    for name, c in r["time_to_answer"].items():
        if "error" in c:
            lines.append(f"  {name}: fejl: {c['error']}")
            continue
        busy = f", optaget {_da(c['busy_seconds'])} s" if "busy_seconds" in c else ""
        lines.append(f"  {name}: {_da(c['seconds'])} s{busy}; {c['attempts']} forsøg, {c['rejected']} forkastet, "
                     f"{c['fallbacks']} gange reglernes udkast")
    lines.append(f"Kapabiliteter (linjeformat): {_da(r['structured_tps'], 1)} tok/s")
    if "ttft_ratio" in r:
        lines.append(f"Øvesamtale: første token tur 1 {_da(r['ttft_turn1_s'], 3)} s, "
                     f"tur 10 {_da(r['ttft_turn10_s'], 3)} s")
    lines.append(f"Hukommelse: CLI 'coach star' {_da(r['cli_peak_rss_mb'], 0)} MB, "
                 f"bart script {_da(r['bare_peak_rss_mb'], 0)} MB")
    lines += ["", "Forhold (mål):",
              f"  afkodning app ÷ rå          {_da(r['decode_ratio'])}  (≥ 0,9)",
              f"  optaget ÷ fri, app          {_da(r['busy_ratio'])}  (≥ 0,7)",
              f"  struktureret ÷ fri tekst    {_da(r['structured_ratio'])}  (≥ 0,8)"]
    if "adapter_ratio" in r:
        lines.append(f"  afkodning med ÷ uden dansk tilpasning {_da(r['adapter_ratio'])}  "
                     f"({_da(r['adapter_decode_tps'], 1)} ÷ {_da(r['no_adapter_decode_tps'], 1)} tok/s)")
    if "ttft_ratio" in r:
        lines.append(f"  første token tur 10 ÷ tur 1 {_da(r['ttft_ratio'])}  (≤ 1,2)")
    lines.append(f"  RSS CLI ÷ bart script       {_da(r['rss_ratio'])}  (≤ 1,3)")
    return "\n".join(lines)
