"""Accessible and usable on a phone (WCAG 2.2 AA), in Chromium: axe-core finds no serious or critical violation on
any tab, the colours that axe cannot measure (the active tab, buttons, placeholders, checkbox borders) have the
contrast AA asks for, keyboard focus is visible, and at 400 px the workspace and the open tab's first field are on
the first screen.

axe-core is the npm package, installed by .ci/run into test-artifacts/axe and injected into the page by Playwright.
Run: .venv/bin/python -m pytest tests/e2e/test_accessibility.py -q -p no:cacheprovider -m browser
"""

from __future__ import annotations

import pytest
from browser_helpers import UI_TIMEOUT_MS, button, open_tab, shot, textbox
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = ["Forberedelse", "Resultater", "Mål", "Feedback", "Øv samtalen", "Efter samtalen", "Model", "Privatliv",
        "Spørg om MUS"]
FIRST_INPUT = {"Forberedelse": "#prep-checklist", "Resultater": "#star-notes", "Mål": "#goal-input",
               "Øv samtalen": "#rehearse-persona"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# WCAG contrast of two CSS colours (rgb()/rgba() as getComputedStyle gives them), in the page
CONTRAST_JS = """
([fgSel, bgSel, fgProp, bgProp, pseudo]) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const fgEl = document.querySelector(fgSel), bgEl = document.querySelector(bgSel || fgSel);
  if (!fgEl || !bgEl) return null;
  const fg = parse(getComputedStyle(fgEl, pseudo || null)[fgProp]);
  let bgNode = bgEl, bg = parse(getComputedStyle(bgNode)[bgProp]);
  while (bg.length === 4 && bg[3] === 0 && bgNode.parentElement) {  // transparent: the colour behind it
    bgNode = bgNode.parentElement; bg = parse(getComputedStyle(bgNode).backgroundColor);
  }
  if (bg.length === 4 && bg[3] === 0) bg = [255, 255, 255];
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
}
"""


def _page(chromium, url, width=1280, height=900):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    expect(page.locator("#workspace-select input")).not_to_have_value("", timeout=UI_TIMEOUT_MS)
    return context, page


def _axe(page, axe_js) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))""", AXE_TAGS)


def test_axe_finds_no_serious_or_critical_violation_on_any_tab(gated, chromium, axe_js, screenshot_dir):
    gate, url = gated
    gate.open.set()
    context, page = _page(chromium, url)
    try:
        found = {}
        for label in TABS:
            open_tab(page, label)
            page.wait_for_timeout(300)  # let the tab's content render before it is checked
            violations = _axe(page, axe_js)
            if violations:
                found[label] = violations
        assert not found, f"axe-core found serious or critical violations: {found}"
    finally:
        context.close()


def test_colours_axe_cannot_measure_meet_aa_and_focus_is_visible(gated, chromium):
    gate, url = gated
    context, page = _page(chromium, url)
    try:
        contrast = lambda *args: page.evaluate(CONTRAST_JS, list(args) + [None] * (5 - len(args)))  # noqa: E731
        open_tab(page, "Resultater")
        checks = {
            "the active tab": contrast("[role=tab][aria-selected=true]", "[role=tab][aria-selected=true]", "color",
                                       "backgroundColor"),
            "a primary button": contrast("#star-run", "#star-run", "color", "backgroundColor"),
            "a Stop button": contrast("#star-stop", "#star-stop", "color", "backgroundColor"),
            "a placeholder": contrast("#star-notes textarea", "#star-notes textarea", "color", "backgroundColor",
                                      "::placeholder"),
            "a field's label": contrast("#star-notes [data-testid=block-info]", "#star-notes", "color",
                                        "backgroundColor"),
        }
        for name, value in checks.items():
            assert value is not None and value >= 4.5, f"{name}: contrast {value}:1, AA needs 4.5:1 for text"
        controls = {
            "a text field's border": contrast("#star-notes textarea", "#star-notes", "borderTopColor",
                                              "backgroundColor"),
        }
        open_tab(page, "Forberedelse")
        controls["a checkbox's border"] = contrast("#prep-checklist input[type=checkbox]", "#prep-checklist label",
                                                   "borderTopColor", "backgroundColor")
        for name, value in controls.items():
            assert value is not None and value >= 3, f"{name}: contrast {value}:1, AA needs 3:1 for controls"

        # keyboard only: Tab reaches the workspace bar, and the focused element shows a clear ring
        page.locator("body").click(position={"x": 5, "y": 5})
        seen = set()
        for _ in range(12):
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {id: (e.closest('[id]') || {}).id || '', outline: parseFloat(s.outlineWidth) || 0,
                        style: s.outlineStyle, shadow: s.boxShadow}; }""")
            seen.add(info["id"])
            assert (info["outline"] >= 2 and info["style"] != "none") or info["shadow"] not in ("", "none"), info
        assert {"workspace-select", "workspace-title"} & seen, seen
    finally:
        context.close()


def test_at_400_px_the_workspace_and_the_tabs_first_field_are_on_the_first_screen(gated, chromium, screenshot_dir):
    gate, url = gated
    gate.open.set()
    context, page = _page(chromium, url, width=400, height=800)
    try:
        shot(page, screenshot_dir, "45-400px-foerste-skaerm", full_page=False)
        for label, selector in FIRST_INPUT.items():
            open_tab(page, label)
            page.evaluate("() => window.scrollTo(0, 0)")
            for what in ("#workspace-select", selector):
                box = page.locator(what).first.bounding_box()
                assert box is not None, f"{what} is not on the page ({label})"
                assert box["y"] + min(box["height"], 60) <= 800, (
                    f"{label}: {what} starts {box['y']:.0f} px down, below the first screen (800 px)")
        expect(textbox(page, "rehearse-input")).to_be_attached()
        shot(page, screenshot_dir, "46-400px-oev-samtalen", full_page=False)
        expect(button(page, "workspace-new")).to_be_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, f"the page scrolls sideways by {overflow} px at 400 px"
    finally:
        context.close()
