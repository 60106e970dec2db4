"""Print what ``make tune`` installs: the ``tune`` extra of pyproject.toml plus the app's own dependencies that the
training needs (the rules, templates and validators), without llama-cpp-python and the web UI."""

import sys
import tomllib
from pathlib import Path

SKIP = ("llama-cpp-python", "gradio", "python-docx", "huggingface-hub")

project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
needs = [d for d in project["dependencies"] if not d.lower().startswith(SKIP)] + project["optional-dependencies"]["tune"]
sys.stdout.write(" ".join(f"'{d}'" for d in needs) + "\n")
