"""`coach bench`: the busy-core helper, time to a useful answer, and an end-to-end run on the embedded model that
reports every field (speed goals are checked by reading the report, not asserted here: the machines are shared
and noisy)."""

import json
import subprocess
import sys
import time
from types import SimpleNamespace

import psutil
import pytest

from coach.backend import FakeBackend
from coach.measure import bench

FIELDS = ("raw_decode_tps", "app_decode_tps", "decode_ratio", "busy_decode_tps", "busy_ratio",
          "raw_busy_decode_tps", "raw_busy_ratio", "structured_tps", "structured_ratio",
          "ttft_turn1_s", "ttft_turn10_s", "ttft_ratio", "rss_ratio", "model")


def test_busy_core_burns_a_core_and_is_always_killed():
    with pytest.raises(RuntimeError), bench.busy_core() as proc:
        child = psutil.Process(proc.pid)
        before = child.cpu_times().user
        time.sleep(0.4)
        assert child.cpu_times().user - before > 0.1  # it really spins
        raise RuntimeError("the bench failed half-way")
    assert proc.poll() is not None  # killed on the way out, even after an error


def test_busy_core_ends_by_itself_at_its_cap():
    with bench.busy_core(cap_s=0.3) as proc:
        assert proc.wait(timeout=10) == 0  # the cap holds even if the bench never gets to kill it


def _trace(attempts, path, tokens=0, decode_s=0.0):
    return SimpleNamespace(attempts=attempts, path=path, tokens=tokens, decode_s=decode_s)


def test_time_to_answer_counts_attempts_rejections_and_fallbacks(monkeypatch):
    calls = {
        "star": lambda: [_trace(2, "retried", tokens=42, decode_s=0.5)],  # one answer thrown away, then one kept
        "smart": lambda: [_trace(3, "fallback", tokens=21, decode_s=0.5)],  # all three wasted: the rules answer
        "decode": lambda: [_trace(0, "rules")],  # nothing to phrase: no model at all
        "manager_turn": lambda: (time.sleep(0.05), [_trace(1, "model")])[1],
    }
    monkeypatch.setattr(bench, "_answer_calls", lambda backend: calls)
    got = bench.time_to_answer(None, runs=2, busy=False)
    t = got["time_to_answer"]
    assert (t["star"]["attempts"], t["star"]["rejected"], t["star"]["fallbacks"]) == (4, 2, 0)
    assert (t["smart"]["attempts"], t["smart"]["rejected"], t["smart"]["fallbacks"]) == (6, 6, 2)
    assert (t["decode"]["attempts"], t["decode"]["rejected"]) == (0, 0)
    assert t["manager_turn"]["seconds"] >= 0.05 and "busy_seconds" not in t["manager_turn"]
    assert t["star"]["paths"] == ["retried", "retried"]
    assert got["structured_tps"] == round((2 * 40 + 2 * 18) / 2.0, 2)  # first token of each attempt not counted


def test_time_to_answer_times_the_busy_case_and_reports_a_broken_capability(monkeypatch):
    def broken():
        raise ValueError("no")

    monkeypatch.setattr(bench, "_answer_calls", lambda backend: {"star": lambda: [_trace(1, "model")], "smart": broken})
    t = bench.time_to_answer(None, runs=1)["time_to_answer"]
    assert t["star"]["busy_seconds"] > 0 and t["star"]["fallbacks"] == 0
    assert t["smart"]["error"] == "ValueError: no"


def test_time_to_answer_runs_through_the_public_capability_functions():
    t = bench.time_to_answer(FakeBackend(), runs=1, busy=False)["time_to_answer"]
    assert set(t) == {"star", "smart", "decode", "manager_turn"}
    for name, entry in t.items():
        assert "error" not in entry, (name, entry)
        assert entry["rejected"] <= entry["attempts"]
        assert entry["fallbacks"] == entry["paths"].count("fallback")


def test_the_text_report_shows_idle_and_busy_side_by_side():
    r = {f: 1.0 for f in FIELDS if f != "model"} | {
        "model": "m", "context": 8192, "load_avg_1min": 0.5, "threads": 2, "threads_batch": 2, "threads_source": "auto",
        "wait_policy": "passive", "raw_threads": 1, "raw_threads_batch": 2, "load_s": 0.5, "raw_load_s": 0.5,
        "app_decode_tps": 90.0, "busy_decode_tps": 70.0, "busy_ratio": 0.78, "raw_busy_ratio": 0.21,
        "app_ttft_s": 0.1, "busy_ttft_s": 0.2, "raw_busy_ttft_s": 0.3, "raw_prompt_tps": 700.0,
        "cli_peak_rss_mb": 500.0, "bare_peak_rss_mb": 450.0,
        "time_to_answer": {"star": {"seconds": 2.5, "busy_seconds": 3.1, "attempts": 4, "rejected": 1, "fallbacks": 0},
                           "smart": {"error": "ValueError: no"}},
    }
    text = bench.to_text(r)
    assert "90,0" in text and "70,0" in text and "0,78" in text and "0,21" in text
    assert "star: 2,50 s, optaget 3,10 s; 4 forsøg, 1 forkastet" in text
    assert "smart: fejl: ValueError: no" in text


@pytest.mark.embedded
@pytest.mark.slow
def test_bench_json_has_every_field():
    # --quick: one run per figure, so that the whole bench fits in a test; the real figures come from a full run
    proc = subprocess.run([sys.executable, "-m", "coach", "bench", "--json", "--quick"], check=False,
                          capture_output=True, text=True, timeout=540)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    for field in FIELDS:
        assert field in data, field
    assert data["model"] == "gemma3-270m-base+da"  # the embedded model with its Danish adapter
    assert data["adapter_decode_tps"] > 0 and data["no_adapter_decode_tps"] > 0 and data["adapter_ratio"] > 0
    assert all(data[f] > 0 for f in FIELDS if f != "model")
    assert len(data["ttft_per_turn_s"]) == 10
    assert data["wait_policy"] == "passive" and data["threads_source"] == "auto"
    for name in ("star", "smart", "decode", "manager_turn"):
        entry = data["time_to_answer"][name]
        assert "error" not in entry, entry
        assert entry["seconds"] > 0 and entry["busy_seconds"] > 0
        assert 0 <= entry["rejected"] <= entry["attempts"]
