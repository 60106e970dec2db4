"""`coach bench` runs end to end on the embedded model and reports every field (speed goals are checked by
reading the report, not asserted here: the machines are shared and noisy)."""

import json
import subprocess
import sys

import pytest

FIELDS = ("raw_decode_tps", "app_decode_tps", "decode_ratio", "structured_tps", "structured_ratio",
          "ttft_turn1_s", "ttft_turn10_s", "ttft_ratio", "rss_ratio", "model")


@pytest.mark.embedded
@pytest.mark.slow
def test_bench_json_has_every_field():
    proc = subprocess.run([sys.executable, "-m", "coach", "bench", "--json"], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    for field in FIELDS:
        assert field in data, field
    assert data["model"] == "gemma3-270m-base"
    assert all(data[f] > 0 for f in FIELDS if f != "model")
    assert len(data["ttft_per_turn_s"]) == 10
