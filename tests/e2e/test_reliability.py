"""What a new user types is never lost, and the app shows only what it stands behind (issue 15), in Chromium.

The app runs in this process on a fake model with a gate (the ``gated`` fixture in conftest.py): every reply waits
until the test opens the gate (or the run is stopped), so «while the model works» is a state the test controls,
never a race against the clock.

Run: .venv/bin/python -m pytest tests/e2e/test_reliability.py -q -p no:cacheprovider -m browser
"""

from __future__ import annotations

import re
import time

import pytest
from browser_helpers import UI_TIMEOUT_MS, button, open_tab, shot, textbox, wait_until, warning_toasts
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AGREEMENT = "Jeg sender dig et forslag til et kursus i Excel inden 1. marts."


def _page(chromium, url, width=1280, height=900):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    expect(page.locator("#workspace-select input")).not_to_have_value("", timeout=UI_TIMEOUT_MS)
    return context, page


def _turn_done(page) -> None:
    wait_until(page, lambda: "replik" in (t := page.locator("#rehearse-status").inner_text()) and "tænker" not in t,
               "the manager's turn")


def _start(page, gate) -> None:
    open_tab(page, "Øv samtalen")
    gate.open.set()
    button(page, "rehearse-start").click()
    _turn_done(page)
    expect(page.locator("#rehearse-chat [data-testid=bot]")).to_have_count(1)


def _send(page, text: str) -> None:
    box = textbox(page, "rehearse-input")
    box.fill(text)
    box.press("Enter")
    expect(page.locator("#rehearse-chat [data-testid=user]").last).to_contain_text(text[:25], timeout=UI_TIMEOUT_MS)
    _turn_done(page)


def test_a_reply_typed_while_the_manager_works_is_kept_until_it_is_really_sent(gated, chromium, screenshot_dir):
    gate, url = gated
    context, page = _page(chromium, url)
    try:
        _start(page, gate)
        gate.open.clear()  # the manager's next reply waits at the gate
        box, send = textbox(page, "rehearse-input"), button(page, "rehearse-send")
        box.fill("Jeg vil gerne tale om min nye vagtplan.")
        box.press("Enter")
        expect(page.locator("#rehearse-chat [data-testid=user]")).to_have_count(1, timeout=UI_TIMEOUT_MS)
        expect(box).to_have_value("")  # that answer is in the conversation
        # the manager works: Send says why it cannot be pressed, and what you type now stays in the box
        expect(send).to_be_disabled(timeout=UI_TIMEOUT_MS)
        expect(send).to_have_text(re.compile("lederen svarer", re.IGNORECASE))
        expect(page.locator("#rehearse-status")).to_contain_text("bliver stående i feltet")
        second = "Og så vil jeg gerne tale om et kursus."
        box.fill(second)
        box.press("Enter")  # ignored while the manager works: nothing is sent, nothing is lost
        shot(page, screenshot_dir, "40-send-mens-lederen-svarer", full_page=False)
        expect(page.locator("#rehearse-chat [data-testid=user]")).to_have_count(1)
        expect(box).to_have_value(second)
        gate.open.set()
        _turn_done(page)
        expect(send).to_be_enabled()
        expect(send).to_have_text("Send")
        expect(box).to_have_value(second)  # still there after the reply
        send.click()
        expect(page.locator("#rehearse-chat [data-testid=user]")).to_have_count(2, timeout=UI_TIMEOUT_MS)
        expect(page.locator("#rehearse-chat [data-testid=user]").last).to_contain_text(second)
        _turn_done(page)
        expect(box).to_have_value("")
    finally:
        context.close()


def test_a_new_reply_keeps_the_earlier_one_and_the_last_answer_can_be_edited(gated, chromium, screenshot_dir):
    gate, url = gated
    context, page = _page(chromium, url)
    try:
        _start(page, gate)
        _send(page, "Jeg vil gerne tale om min nye vagtplan.")
        bot = page.locator("#rehearse-chat [data-testid=bot]")
        first = bot.last.inner_text()
        button(page, "rehearse-regenerate").click()
        expect(page.locator("#rehearse-position")).to_contain_text("Svar 2 af 2", timeout=UI_TIMEOUT_MS)
        second = bot.last.inner_text()
        assert second != first, f"«Nyt svar» gave the same reply: {first!r}"
        button(page, "rehearse-prev").click()
        expect(page.locator("#rehearse-position")).to_contain_text("Svar 1 af 2", timeout=UI_TIMEOUT_MS)
        expect(bot.last).to_have_text(first)
        shot(page, screenshot_dir, "41-nyt-svar-1-af-2", full_page=False)
        button(page, "rehearse-next").click()
        expect(bot.last).to_have_text(second, timeout=UI_TIMEOUT_MS)

        button(page, "rehearse-edit").click()
        box = textbox(page, "rehearse-input")
        expect(box).to_have_value("Jeg vil gerne tale om min nye vagtplan.", timeout=UI_TIMEOUT_MS)
        expect(button(page, "rehearse-send")).to_have_text("Send rettet svar")
        box.fill("Jeg vil gerne tale om min vagtplan og et kursus i Excel.")
        button(page, "rehearse-send").click()
        _turn_done(page)
        users = page.locator("#rehearse-chat [data-testid=user]")
        expect(users).to_have_count(1)
        expect(users.last).to_contain_text("et kursus i Excel")
        expect(bot).to_have_count(2)  # the reply to the old answer is gone, a new one follows the edited answer
        expect(button(page, "rehearse-send")).to_have_text("Send")
    finally:
        context.close()


def test_a_finished_rehearsal_is_kept_after_a_reload_reopened_exported_and_deleted(gated, chromium, screenshot_dir):
    gate, url = gated
    context, page = _page(chromium, url)
    try:
        _start(page, gate)
        _send(page, AGREEMENT)
        button(page, "rehearse-debrief").click()
        debrief = page.locator("#rehearse-debrief-output")
        expect(debrief).to_contain_text("Feedback på din øvesamtale", timeout=UI_TIMEOUT_MS)
        expect(debrief).to_contain_text("opfølgningsmail med jeres aftaler")
        page.reload(wait_until="domcontentloaded")
        expect(page.locator("#workspace-select input")).not_to_have_value("", timeout=UI_TIMEOUT_MS)
        open_tab(page, "Øv samtalen")
        saved = page.locator("#rehearse-saved-list")
        expect(saved).to_contain_text("Den støttende leder", timeout=UI_TIMEOUT_MS)
        expect(saved).to_contain_text(re.compile(r"\d{1,2}\. \w+ 20\d\d"))
        button(page, "rehearse-open").click()
        expect(page.locator("#rehearse-chat [data-testid=user]")).to_contain_text(AGREEMENT[:30],
                                                                                  timeout=UI_TIMEOUT_MS)
        expect(debrief).to_contain_text("Feedback på din øvesamtale")
        shot(page, screenshot_dir, "42-gemt-oevesamtale-genaabnet", full_page=False)
        open_tab(page, "Efter samtalen")  # the mail was made from the real agreement
        expect(textbox(page, "after-mail")).to_have_value(re.compile("kursus i Excel inden 1. marts"))

        md = _export(page, "export-md").decode("utf-8")
        assert "## Øvesamtaler (1)" in md and "Den støttende leder" in md, md[-1500:]
        assert f"**Dig:** {AGREEMENT}" in md
        docx_text = _docx_text(_export(page, "export-docx"))
        assert "Øvesamtale" in docx_text and AGREEMENT in docx_text

        open_tab(page, "Øv samtalen")
        button(page, "rehearse-delete").click()
        expect(saved).to_contain_text("ingen gemte øvesamtaler", timeout=UI_TIMEOUT_MS)
    finally:
        context.close()


def test_long_and_binary_pastes_are_refused_with_the_numbers_and_nothing_is_saved(gated, chromium, screenshot_dir):
    gate, url = gated
    gate.open.set()
    context, page = _page(chromium, url)
    try:
        open_tab(page, "Resultater")
        notes = textbox(page, "star-notes")
        long = ("Jeg lavede en ny vagtplan. " * 2_000)[:50_000]
        notes.fill(long)
        assert len(notes.input_value()) == 50_000  # the box never cuts a paste short
        expect(page.locator("#save-status")).to_contain_text("Ikke gemt", timeout=UI_TIMEOUT_MS)
        expect(page.locator("#save-status")).to_contain_text("50.000 tegn")
        expect(page.locator("#star-notes")).to_contain_text("Noterne er ikke gemt", use_inner_text=True)  # by the field
        button(page, "star-run").click()
        page.locator("[data-testid=toast-body].warning").first.wait_for(timeout=UI_TIMEOUT_MS)
        message = " ".join(warning_toasts(page))
        assert "50.000 tegn" in message and "højst 12.000" in message, message
        page.locator("#star-notes").scroll_into_view_if_needed()
        shot(page, screenshot_dir, "43-for-lang-tekst", full_page=False)
        notes.press("End")
        notes.type(" Og mere.")  # typing on: the box keeps all of it
        expect(notes).to_have_value(long + " Og mere.")

        binary = bytes(range(1, 256)).decode("latin-1") * 8
        notes.fill(binary)
        expect(page.locator("#save-status")).to_contain_text("binære", timeout=UI_TIMEOUT_MS)
        button(page, "star-run").click()
        wait_until(page, lambda: any("binære" in t for t in warning_toasts(page)), "the binary warning",
                   UI_TIMEOUT_MS)
        assert gate.calls == [], "the model was used for text that was refused"
        page.reload(wait_until="domcontentloaded")
        expect(page.locator("#workspace-select input")).not_to_have_value("", timeout=UI_TIMEOUT_MS)
        open_tab(page, "Resultater")
        expect(page.locator("#star-list")).to_contain_text("ingen gemte udsagn", timeout=UI_TIMEOUT_MS)
        assert textbox(page, "star-notes").input_value() == ""  # neither paste was saved as a draft
    finally:
        context.close()


def test_progress_is_danish_one_indicator_a_visible_queue_and_closing_the_tab_stops_the_job(gated, chromium,
                                                                                           screenshot_dir):
    gate, url = gated
    first_ctx, first = _page(chromium, url)
    second_ctx, second = _page(chromium, url)
    try:
        for page in (first, second):
            open_tab(page, "Resultater")
            textbox(page, "star-notes").fill("Borgerne ventede 14 dage. Jeg lavede en ny vagtplan. Nu 9 dage.")
        button(first, "star-run").click()
        expect(first.locator("#star-progress")).to_contain_text("forsøg 1 af 3", timeout=UI_TIMEOUT_MS,
                                                                use_inner_text=True)
        trackers = first.locator("[data-testid=status-tracker]:not(.hide)").filter(visible=True)
        assert trackers.count() <= 1, "more than one progress indicator for one action"
        button(second, "star-run").click()
        queued = second.locator("#star-progress")
        expect(queued).to_contain_text("I kø: 1 foran dig", timeout=UI_TIMEOUT_MS, use_inner_text=True)  # visible
        queued.scroll_into_view_if_needed()
        shot(second, screenshot_dir, "44-i-koe", full_page=False)
        first.locator("#star-progress").scroll_into_view_if_needed()
        shot(first, screenshot_dir, "44b-skriver-forslag", full_page=False)
        for page in (first, second):
            assert "queue:" not in page.locator("body").inner_text()
            assert "processing" not in page.locator("body").inner_text()
        gate.open.set()
        for page in (first, second):
            wait_until(page, lambda p=page: "Situation" in p.locator("#star-output").inner_text(), "STAR result")
            expect(page.locator("#star-progress")).to_have_text("", timeout=UI_TIMEOUT_MS)

        gate.open.clear()  # a run that waits, and then the tab is closed
        button(first, "star-run").click()
        wait_until(first, gate.waiting.is_set, "the model run", UI_TIMEOUT_MS)
        running = gate.cancels[-1]
        first_ctx.close()
        deadline = time.monotonic() + 30
        while not running.is_set() and time.monotonic() < deadline:
            running.wait(0.1)
        assert running.is_set(), "closing the tab did not stop its model run"
        assert getattr(running, "reason", None) == "closed"
    finally:
        gate.open.set()
        second_ctx.close()
        if not first.is_closed():
            first_ctx.close()


def _export(page, which: str) -> bytes:
    panel = page.locator("#export-panel")
    if not button(page, which).is_visible():
        panel.locator("button.label-wrap").first.click()
    button(page, which).click()
    suffix = {"export-md": ".md", "export-docx": ".docx"}[which]
    link = page.locator("#export-file a[download]")
    expect(link).to_have_attribute("download", re.compile(re.escape(suffix) + "$"), timeout=UI_TIMEOUT_MS)
    with page.expect_download(timeout=UI_TIMEOUT_MS) as info:
        link.click()
    with open(info.value.path(), "rb") as fh:
        return fh.read()


def _docx_text(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
