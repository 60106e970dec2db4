"""MUS Coach in a real browser: Debian's Chromium drives the real app (real embedded model) like a new user would.

One journey (workspace → STAR → SMART goal → feedback → rehearsal → DOCX export → restart → still there), with
every request and websocket URL recorded and checked to stay on 127.0.0.1; the file route must not hand out the
user's database or system files; screenshots of every tab go to test-artifacts/screenshots/.

Run: .venv/bin/python -m pytest tests/e2e -q -p no:cacheprovider -m browser
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.parse
import urllib.request
import zipfile

import pytest
from browser_helpers import (
    UI_TIMEOUT_MS,
    NetworkLog,
    button,
    error_toasts,
    open_tab,
    safe_name,
    shot,
    textbox,
    visible_english_error_words,
    wait_until,
    warning_toasts,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = ["Forberedelse", "Resultater", "Mål", "Feedback", "Øv samtalen", "Efter samtalen", "Model", "Privatliv",
        "Spørg om MUS"]
WORKSPACE = "MUS 2026"
NOTES = "borgerne ventede 14 dage på hjemmehjælp. jeg lavede ny vagtplan sammen med teamet. nu 9 dage efter 3 mdr"
GOAL = "blive bedre til Excel"
FEEDBACK = ("Du gør det rigtig godt. Måske kunne du overveje at svare lidt hurtigere på mails. "
            "Men ellers fint.")
PERSONA = "Den travle leder"
TURNS = ["Jeg vil gerne tale om mine resultater med vagtplanen.",
         "Jeg kunne godt tænke mig et kursus i Excel i år."]
# time-bound: a date, [dato], or a deadline placeholder («inden [fx næste MUS]»)
DATE_RE = re.compile(r"\[dato\]|\b(?:inden|senest|før)\s+\[|\b\d{1,2}\.\s*\w+\s+20\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-](?:20)?\d\d\b|\b20\d\d\b"
                     r"|\b(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b",
                     re.IGNORECASE)


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    expect(page).to_have_title(re.compile("MUS Coach"), timeout=UI_TIMEOUT_MS)
    expect(page.get_by_role("tab", name=TABS[0], exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)


def _wait_workspace_open(page) -> None:
    """The page's load event has opened a MUS: the selector shows its name."""
    expect(page.locator("#workspace-select input")).not_to_have_value("", timeout=UI_TIMEOUT_MS)


def _bot_messages(page):
    return page.locator("#rehearse-chat [data-testid=bot]")


def test_new_user_journey(coach_app, restart_app, browser_context, screenshot_dir):
    page = browser_context.new_page()
    net = NetworkLog()
    net.attach(browser_context, page)

    # -- the page loads, in Danish ---------------------------------------------------------------------------------
    _open(page, coach_app.url)
    expect(page.get_by_role("heading", name=re.compile("MUS Coach"))).to_be_visible()
    for label in TABS:
        expect(page.get_by_role("tab", name=label, exact=True)).to_be_attached()
    # No COACH_BACKEND and an empty COACH_HOME: the real embedded model is the active one.
    expect(page.locator("#embedded-banner")).to_contain_text("indbyggede", timeout=UI_TIMEOUT_MS)

    # -- a workspace for this year's MUS --------------------------------------------------------------------------
    # The first start opens an empty default MUS; the user names a new one and creates it.
    _wait_workspace_open(page)
    title = textbox(page, "workspace-title")
    title.fill(WORKSPACE)
    button(page, "workspace-new").click()
    expect(page.locator("#save-status")).to_contain_text(f"«{WORKSPACE}» er oprettet", timeout=UI_TIMEOUT_MS)
    expect(page.locator("#workspace-select input")).to_have_value(re.compile(re.escape(WORKSPACE)))
    expect(title).to_have_value("")
    shot(page, screenshot_dir, "01-forberedelse")

    # -- Resultater: notes -> STAR ---------------------------------------------------------------------------------
    open_tab(page, "Resultater")
    textbox(page, "star-notes").fill(NOTES)
    button(page, "star-run").click()
    output = page.locator("#star-output")
    wait_until(page, lambda: "Resultat" in output.inner_text(), "STAR statement")
    star_text = output.inner_text()
    for word in ("Situation", "Opgave", "Handling", "Resultat"):
        assert word in star_text, f"{word!r} missing from the STAR output:\n{star_text}"
        assert re.search(rf"(^|\n){word}:", star_text), f"{word!r} does not start its own line:\n{star_text}"
    for number in ("14", "9"):
        assert re.search(rf"\b{number}\b", star_text), f"the number {number} from the notes is missing:\n{star_text}"
    shot(page, screenshot_dir, "02-resultater")

    # -- Mål: a vague wish -> SMART check and a rewrite with a deadline ---------------------------------------------
    open_tab(page, "Mål")
    textbox(page, "goal-input").fill(GOAL)
    button(page, "goal-run").click()
    check = page.locator("#goal-check")
    wait_until(page, lambda: re.search("[✓✗]", check.inner_text()) is not None, "SMART check")
    marks = re.findall("[✓✗]", check.inner_text())  # plain Unicode: no emoji font needed
    assert len(marks) >= 5, f"expected a ✓/✗ per SMART criterion, got {marks}"
    words = re.findall(r"\b(opfyldt|mangler)\.", check.inner_text())
    assert len(words) >= 5, f"expected «opfyldt»/«mangler» per SMART criterion:\n{check.inner_text()}"
    assert not re.search("[✅❌]", check.inner_text())
    rewrite = textbox(page, "goal-rewrite")
    expect(rewrite).not_to_have_value("", timeout=UI_TIMEOUT_MS)
    rewrite_text = rewrite.input_value()
    assert DATE_RE.search(rewrite_text), f"the rewrite has no [dato] and no date: {rewrite_text!r}"
    shot(page, screenshot_dir, "03-maal")

    # -- Feedback: the softened criticism is highlighted ----------------------------------------------------------
    open_tab(page, "Feedback")
    textbox(page, "feedback-input").fill(FEEDBACK)
    button(page, "feedback-run").click()
    highlighted = page.locator("#feedback-findings .token.highlighted")
    wait_until(page, lambda: highlighted.count() >= 1, "highlighted feedback finding")
    expect(highlighted.first).to_be_visible()
    expect(page.locator("#feedback-findings")).to_contain_text("hurtigere")
    legend = page.locator("#feedback-findings [data-testid='highlighted-text:category-legend'] .legend-item")
    found = {t.strip() for t in page.locator("#feedback-findings .token.highlighted .label").all_inner_texts()}
    legend_items = {t.strip() for t in legend.all_inner_texts()}
    assert legend_items and len(legend_items) < 9, f"the legend lists kinds that were not found: {legend_items}"
    assert not found or legend_items == found, (legend_items, found)
    shot(page, screenshot_dir, "04-feedback")

    # -- Øv samtalen: a chosen manager opens, two answers sent with Enter, two more replies ------------------------
    open_tab(page, "Øv samtalen")
    _choose_persona(page, PERSONA)
    button(page, "rehearse-start").click()
    bot = _bot_messages(page)
    _wait_turn_done(page)
    expect(bot).to_have_count(1)
    assert bot.first.inner_text().strip() not in ("", "…"), "the manager's opening is empty"
    box = textbox(page, "rehearse-input")
    for i, line in enumerate(TURNS, 1):
        box.fill(line)
        box.press("Enter")
        expect(page.locator("#rehearse-chat [data-testid=user]")).to_have_count(i, timeout=UI_TIMEOUT_MS)
        expect(page.locator("#rehearse-chat [data-testid=user]").last).to_contain_text(line[:25])
        _wait_turn_done(page)
        expect(bot).to_have_count(1 + i)
        assert bot.last.inner_text().strip() not in ("", "…"), f"the manager's reply {i} is empty"
        expect(box).to_have_value("")  # the sent answer left the input box
    shot(page, screenshot_dir, "05-oev-samtalen")

    open_tab(page, "Efter samtalen")
    shot(page, screenshot_dir, "06-efter-samtalen")

    # -- export: the open MUS as Word ------------------------------------------------------------------------------
    data = _export_docx(page)
    assert data[:2] == b"PK", f"the DOCX export is not a zip file: {data[:16]!r}"
    text = _docx_text(data)
    assert WORKSPACE in text, f"{WORKSPACE!r} not in the exported DOCX:\n{text[:800]}"
    assert re.search(r"\b14\b", text), f"the STAR statement is not in the exported DOCX:\n{text[:800]}"
    shot(page, screenshot_dir, "06b-eksport", full_page=False)

    for label in TABS[6:]:
        open_tab(page, label)
        shot(page, screenshot_dir, f"{TABS.index(label) + 1:02d}-{safe_name(label)}")

    # -- fonts: only the real regular and bold faces (Gradio's SemiBold file is a stub), all from 127.0.0.1 ---------
    faces = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' '"
                          " + f.weight)")
    assert faces and not [f for f in faces if f.endswith(" 600")], faces
    assert not [u for u in net.urls if "SemiBold" in u], "a SemiBold font file was loaded"

    # -- restart: the workspace, the STAR statement, the goal and the unfinished notes are still there ---------------
    restart_app()
    _open(page, coach_app.url)
    expect(page.locator("#workspace-select input")).to_have_value(re.compile(re.escape(WORKSPACE)),
                                                                 timeout=UI_TIMEOUT_MS)
    open_tab(page, "Resultater")
    expect(textbox(page, "star-notes")).to_have_value(NOTES, timeout=UI_TIMEOUT_MS)  # the draft is restored
    star_list = page.locator("#star-list")
    expect(star_list).to_contain_text(re.compile(r"\b14\b"), timeout=UI_TIMEOUT_MS)
    expect(star_list).to_contain_text(re.compile(r"\b9\b"))
    open_tab(page, "Mål")
    expect(page.locator("#goal-list")).to_contain_text(re.compile("Excel", re.IGNORECASE), timeout=UI_TIMEOUT_MS)
    shot(page, screenshot_dir, "20-efter-genstart-maal")

    assert not error_toasts(page), f"error toasts after the restart: {error_toasts(page)}"
    # opening a MUS fills the fields, which is no edit: no «vælg et udsagn» and no warning
    status_text = page.locator("#save-status").inner_text()
    assert "Vælg et udsagn" not in status_text and "Ikke gemt" not in status_text, status_text
    assert not warning_toasts(page), warning_toasts(page)

    # -- nothing left the machine ------------------------------------------------------------------------------------
    assert len(net.urls) > 10, f"too few requests recorded ({len(net.urls)}): is the network log attached?"
    assert not net.foreign(), f"the browser contacted other hosts than 127.0.0.1/localhost: {net.foreign()}"


def _choose_persona(page, name: str) -> None:
    """Pick a manager in the persona dropdown (a Gradio Dropdown: a combobox and a listbox of options)."""
    combo = page.locator("#rehearse-persona input[role=combobox]")
    expect(combo).to_be_visible(timeout=UI_TIMEOUT_MS)
    combo.click()
    page.locator("#rehearse-persona [role=option]", has_text=name).first.click()
    expect(combo).to_have_value(re.compile(name))
    expect(page.locator("#rehearse-persona-info")).to_contain_text(name, timeout=UI_TIMEOUT_MS)


def _wait_turn_done(page) -> None:
    """A manager turn is done when the status line no longer says the manager is thinking."""
    status = page.locator("#rehearse-status")
    wait_until(page, lambda: "replik" in (t := status.inner_text()) and "tænker" not in t, "the manager's turn")


def _export_docx(page) -> bytes:
    panel = page.locator("#export-panel")
    if not button(page, "export-docx").is_visible():
        panel.locator("button.label-wrap").first.click()  # the accordion «Eksportér denne MUS», closed at first
    expect(button(page, "export-docx")).to_be_visible(timeout=UI_TIMEOUT_MS)
    button(page, "export-docx").click()
    link = page.locator("#export-file a[download]")
    expect(link).to_have_attribute("download", re.compile(r"\.docx$"), timeout=UI_TIMEOUT_MS)
    with page.expect_download(timeout=UI_TIMEOUT_MS) as info:
        link.click()
    download = info.value
    assert urllib.parse.urlsplit(download.url).hostname in {"127.0.0.1", "localhost"}, download.url
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    with open(download.path(), "rb") as fh:
        return fh.read()


def _docx_text(data: bytes) -> str:
    import docx

    assert zipfile.is_zipfile(io.BytesIO(data))
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(4096)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(4096)


def test_file_route_refuses_private_files(coach_app):
    """Gradio's file route must not serve the user's database, the model cache, or system files (plain HTTP, no
    browser). Runs after the journey, so the database and the assembled embedded model exist."""
    base = coach_app.url.rstrip("/")
    home = coach_app.home
    db = home / "data" / "coach.db"
    assert db.exists(), f"the app did not create its database at {db}"
    targets = {
        f"/gradio_api/file={db}": b"SQLite format 3",
        f"/gradio_api/file={urllib.parse.quote(str(db), safe='')}": b"SQLite format 3",
        f"/gradio_api/file={home}/cache/tmp/..%2f..%2fdata%2fcoach.db": b"SQLite format 3",  # via the upload dir
        f"/file={db}": b"SQLite format 3",
        "/gradio_api/file=/etc/passwd": b"root:",
        "/gradio_api/file=..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd": b"root:",
        f"/gradio_api/file={home}/data/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd": b"root:",
        "/gradio_api/file=/proc/self/environ": b"COACH_HOME",
    }
    for model in sorted((home / "cache" / "models").glob("*.gguf"))[:1]:
        targets[f"/gradio_api/file={model}"] = b"GGUF"
    for path, secret in targets.items():
        status, body = _get(base + path)
        assert secret not in body, f"{path} leaked the file's contents (HTTP {status})"
        assert status in (400, 403, 404), f"{path} answered HTTP {status} (expected a refusal)"


def test_narrow_window(coach_app, chromium, screenshot_dir):
    """A phone-sized window (420×900): the page loads in Danish, the workspace bar and the tabs are reachable (the
    tabs that do not fit sit behind Gradio's «…» menu), and nothing scrolls sideways."""
    context = chromium.new_context(viewport={"width": 420, "height": 900}, locale="da-DK")
    try:
        page = context.new_page()
        _open(page, coach_app.url)
        _wait_workspace_open(page)
        expect(button(page, "workspace-new")).to_be_visible()
        shot(page, screenshot_dir, "11-smal-forberedelse")
        open_tab(page, "Resultater")
        expect(button(page, "star-run")).to_be_visible(timeout=UI_TIMEOUT_MS)
        shot(page, screenshot_dir, "12-smal-resultater")
        open_tab(page, "Øv samtalen")  # behind the «…» menu at this width
        expect(button(page, "rehearse-start")).to_be_visible(timeout=UI_TIMEOUT_MS)
        shot(page, screenshot_dir, "13-smal-oev-samtalen")
        # the Send button keeps a button's height next to the (taller) answer box
        send = button(page, "rehearse-send").bounding_box()
        answer = page.locator("#rehearse-input").bounding_box()
        assert send["height"] < 70 and send["height"] < answer["height"], (send, answer)
        # the export accordion: its title stays on one line and its arrow inside the box
        label = page.locator("#export-panel button.label-wrap").first
        box, panel = label.bounding_box(), page.locator("#export-panel").bounding_box()
        assert box["height"] < 50, f"the export title wraps: {box}"
        arrow = page.locator("#export-panel button.label-wrap .icon").first.bounding_box()
        assert arrow["x"] + arrow["width"] <= panel["x"] + panel["width"], (arrow, panel)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, f"the page scrolls sideways by {overflow} px in a 420 px window"
    finally:
        context.close()


def test_empty_notes_give_a_danish_message(coach_app, browser_context, screenshot_dir):
    """Running STAR without notes is stopped before the model with a Danish warning (a yellow toast with a Danish
    title, not a red error), no output gets Gradio's "Error" badge, and the page keeps working."""
    page = browser_context.new_page()
    _open(page, coach_app.url)
    _wait_workspace_open(page)
    open_tab(page, "Resultater")
    textbox(page, "star-notes").fill("")
    button(page, "star-run").click()
    page.locator("[data-testid=toast-body].warning [data-testid=toast-text]").first.wait_for(timeout=UI_TIMEOUT_MS)
    message = " ".join(warning_toasts(page))
    assert re.search(r"\b(ingen|tom|skriv|noter)\b", message, re.IGNORECASE), f"not a Danish message: {message!r}"
    page.wait_for_function(  # let the toast finish sliding in before the screenshot
        "() => { const t = document.querySelector('[data-testid=toast-body].warning');"
        " return t && getComputedStyle(t).opacity === '1'; }", timeout=UI_TIMEOUT_MS)
    title = page.locator("[data-testid=toast-body].warning .toast-title").first.inner_text()
    assert title.strip().startswith("Bemærk"), f"the toast title is not Danish: {title!r}"
    assert not error_toasts(page), f"a user's empty notes are no error: {error_toasts(page)}"
    page.wait_for_timeout(500)  # a badge would show when the event ends
    assert not visible_english_error_words(page), visible_english_error_words(page)
    assert not page.locator("[data-testid=status-tracker] .error").filter(visible=True).count()
    expect(page.locator("#save-status")).not_to_contain_text("Ikke gemt")
    shot(page, screenshot_dir, "30-fejl-tomme-noter", full_page=False)
    open_tab(page, "Mål")  # the page still answers
    expect(textbox(page, "goal-input")).to_be_editable()
