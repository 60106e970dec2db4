"""Does llama.cpp run on this CPU? ``python -m coach.backend.selfcheck`` loads the embedded model in a child
process and generates one token; exit code 0 when it works.

A llama-cpp-python wheel built for another CPU (or cached from a build with instructions this machine's
hypervisor does not enable, such as AMX) dies with SIGILL, which no Python code can catch. The Makefile runs
this check after installing and rebuilds the wheel once when it fails. ``--requirement`` prints the pinned
requirement to rebuild.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from importlib.metadata import version

_CHILD = """
from coach.models import registry
from coach.models.catalog import load_catalog
from coach.backend.llama import LlamaBackend
from coach.backend.base import Sampling
backend = LlamaBackend(registry.model_file(registry.Choice(spec=load_catalog().embedded, path=None)), context_size=256, n_threads=1)
backend.complete("Hej", Sampling(max_tokens=1, temperature=0.0))
"""


def main(argv: list[str]) -> int:
    if "--requirement" in argv:
        print(f"llama-cpp-python=={version('llama-cpp-python')}")
        return 0
    proc = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=600)
    if proc.returncode == 0:
        return 0
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        print(f"llama.cpp stoppede med signalet {name} på denne CPU.", file=sys.stderr)
    else:
        print("llama.cpp kunne ikke køre den indbyggede model:\n" + proc.stderr[-2000:], file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
