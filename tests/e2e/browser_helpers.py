"""Small helpers for driving the Gradio UI in Chromium: selectors, tabs, screenshots, the network log."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# URLs the browser makes up itself and never sends anywhere.
_LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}

MODEL_TIMEOUT_MS = 150_000  # one model-backed step; far more than an idle machine needs (a few seconds)
UI_TIMEOUT_MS = 20_000


def textbox(page, elem_id: str):
    """Gradio puts elem_id on the block wrapper; the textarea (or input) sits inside it."""
    return page.locator(f"#{elem_id}").locator("textarea, input[type=text]").first


def button(page, elem_id: str):
    """A gr.Button carries the id itself; a DownloadButton/UploadButton may wrap a <button> or <a>."""
    return page.locator(f"button#{elem_id}, a#{elem_id}, #{elem_id} button, #{elem_id} a").first


def open_tab(page, label: str) -> None:
    """Click a tab by its Danish label. In a narrow window Gradio moves the tabs that do not fit into a «…» menu
    (plain buttons, not role=tab); the chosen one then moves into the tab list."""
    tab = page.get_by_role("tab", name=label, exact=True)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
    else:
        page.locator(".overflow-menu > button").first.click()
        page.locator(".overflow-dropdown button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first.click()
    page.wait_for_function(
        "(label) => [...document.querySelectorAll('[role=tab]')].some("
        "t => t.textContent.trim() === label && t.getAttribute('aria-selected') === 'true')",
        arg=label,
        timeout=UI_TIMEOUT_MS,
    )


def error_toasts(page) -> list[str]:
    """The texts of the error toasts (gr.Error) on the page right now."""
    return page.locator("[data-testid=toast-body].error [data-testid=toast-text]").all_inner_texts()


def warning_toasts(page) -> list[str]:
    """The texts of the warning toasts (gr.Warning: something the user can fix) on the page right now."""
    return page.locator("[data-testid=toast-body].warning [data-testid=toast-text]").all_inner_texts()


def visible_english_error_words(page) -> list[str]:
    """Gradio's own English words for a failure, wherever they are visible: toast titles and the badges on outputs.
    The app gives toasts Danish titles and translates the badge, so this should always be empty."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.toast-title, [data-testid=status-tracker] *')]
            .filter(e => e.offsetParent !== null)
            .map(e => [...e.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.nodeValue).join('').trim())
            .filter(t => /^(Error|Warning)\b/.test(t))"""
    )


def wait_until(page, done: Callable[[], bool], what: str, timeout_ms: int = MODEL_TIMEOUT_MS) -> None:
    """Poll ``done`` until it holds; fail at once, with the app's message, when an error toast appears."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if done():
            return
        errors = error_toasts(page)
        if errors:
            raise AssertionError(f"{what}: the app showed an error instead: {errors}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not done after {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(200)


def safe_name(label: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
    return re.sub(r"[^a-zA-Z0-9]+", "-", label.translate(table)).strip("-").lower()


def shot(page, folder: Path, name: str, *, full_page: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


class NetworkLog:
    """Every request and websocket URL a page (and its context) makes."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def attach(self, context, page) -> None:
        context.on("request", lambda req: self.urls.append(req.url))
        page.on("websocket", lambda ws: self.urls.append(ws.url))
        page.on("popup", lambda popup: popup.on("websocket", lambda ws: self.urls.append(ws.url)))

    def foreign(self) -> list[str]:
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in _LOCAL_SCHEMES:
                continue
            if parts.hostname not in LOCAL_HOSTS:
                out.append(url)
        return sorted(set(out))

    def hosts(self) -> set[str]:
        return {urlsplit(u).hostname or urlsplit(u).scheme for u in self.urls}
