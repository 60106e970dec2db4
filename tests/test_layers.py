"""The layers of ../shared/DESIGN.md, enforced: imports point downwards only, and the core never imports gradio.

Ranks (a module may import its own package and any lower rank; packages of the same rank are independent):
0 shared pieces at the top of coach/ · 1 store, models, rules · 2 backend · 3 capabilities · 4 measure ·
5 the wiring: cli, ``python -m coach``, ui/ and app.py.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANKS = {"store": 1, "models": 1, "rules": 1, "backend": 2, "capabilities": 3, "measure": 4, "cli": 5}
MAX_LINES = 400


def _layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    if module == "coach.__main__":
        return "cli", 5
    if parts[0] in ("ui", "app"):
        return "ui", 5
    if parts[0] != "coach" or len(parts) < 2:
        return "other", -1
    return (parts[1], RANKS[parts[1]]) if parts[1] in RANKS else ("shared", 0)


def _modules():
    for path in sorted((ROOT / "coach").rglob("*.py")) + sorted((ROOT / "ui").glob("*.py")) + [ROOT / "app.py"]:
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        yield name, path


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


@pytest.mark.parametrize("name, path", list(_modules()), ids=lambda v: v if isinstance(v, str) else "")
def test_imports_point_downwards(name, path):
    package, rank = _layer(name)
    wrong = []
    for imported in _imports(path):
        if not imported.startswith(("coach", "ui")) or imported in ("coach", "ui"):
            continue
        other, other_rank = _layer(imported)
        if other == package or other_rank < 0:
            continue
        if other_rank > rank or (other_rank == rank and other != package and rank > 0):
            wrong.append(imported)
    assert not wrong, f"{name} ({package}) imports upwards or sideways: {sorted(wrong)}"


@pytest.mark.parametrize("name, path", [m for m in _modules() if m[0].startswith("coach")], ids=lambda v: v if isinstance(v, str) else "")
def test_the_core_never_imports_gradio(name, path):
    assert not {i for i in _imports(path) if i.split(".")[0] == "gradio"}


def test_no_module_is_a_hidden_monolith():
    """Modules stay under 400 lines; Danish content lives in content/ and prompts/, not in Python."""
    big = {name: n for name, path in _modules() if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"
