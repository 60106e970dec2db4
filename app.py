"""MUS Coach in the browser (Gradio). Wiring only: the page is built in the ``ui`` package, and every handler
calls into the coach package.

Run it with ``make run`` (or ``coach serve``): http://127.0.0.1:7860, local only.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python app.py` and `coach serve` (runpy.run_path) both need the repository root on sys.path for `ui`.
_ROOT = str(Path(__file__).resolve().parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from coach import privacy  # noqa: E402

privacy.apply_env()  # before gradio is imported: analytics off, private temp dir, no env-driven exposure

import gradio as gr  # noqa: E402

from ui.ask import answer, stop  # noqa: E402,F401  (kept importable from app for scripts and tests)
from ui.common import CANCELS, MODEL_GROUP  # noqa: E402,F401
from ui.model import EMBEDDED_BANNER, model_rows  # noqa: E402,F401
from ui.shell import CSS, HEAD, I18N, PAGE_JS, THEME, build_demo  # noqa: E402


def launch_kwargs(port: int | None = None) -> dict:
    """privacy.launch_kwargs plus the page's look (Gradio 6 takes theme and css in launch, not in Blocks): the theme
    with only the font weights that exist, the CSS, Danish for Gradio's own "Error" badge and queue words, the page
    script (the page language for screen readers and spell checking, Danish toast titles and progress words), and
    the page's own padding in a narrow window (HEAD)."""
    return privacy.launch_kwargs(port) | {"theme": THEME, "css": CSS, "js": PAGE_JS, "i18n": I18N, "head": HEAD}


def main() -> None:
    demo: gr.Blocks = build_demo()
    kwargs = launch_kwargs()
    print(f"MUS Coach kører på http://{kwargs['server_name']}:{kwargs['server_port']}  (stop med Ctrl+C)", flush=True)
    demo.launch(quiet=True, **kwargs)


if __name__ == "__main__":
    main()
