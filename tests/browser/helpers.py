"""Steps shared by the browser tests: open a page, join, add a note, unlock as facilitator.

Participants use the participant page (``/j/CODE``, no kernel), whose CSS hooks sit on the
native elements; the facilitator uses the Voila app."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from toolkit.core.i18n import role_label

WIDGET_TIMEOUT = 60_000


def open_app(page: Page, url: str, ready: str) -> None:
    """Open ``url`` and wait until the element ``ready`` is shown (the kernel is connected)."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready, timeout=WIDGET_TIMEOUT)


def join(page: Page, base: str, code: str, role: str, name: str = "", lang: str = "en") -> None:
    """Join on the participant page and wait until its live channel is connected."""
    page.goto(f"{base}/j/{code}?lang={lang}", wait_until="domcontentloaded")
    expect(page.locator("input.tk-join-code")).to_have_value(code)
    if name:
        page.fill("input.tk-join-name", name)
    page.locator("select.tk-join-role").select_option(label=role_label(role, lang))
    page.click("button.tk-join-submit")
    page.wait_for_selector(".tk-phase", timeout=WIDGET_TIMEOUT)
    wait_live(page)


def wait_live(page: Page) -> None:
    """Wait until the participant page's live channel is connected."""
    expect(page.locator("html")).to_have_attribute("data-tk-live", "on", timeout=WIDGET_TIMEOUT)


def add_note(page: Page, text: str) -> None:
    page.fill("textarea.tk-note-input", text)
    page.click("button.tk-note-submit")
    expect(page.locator(".tk-note-own .tk-note-text", has_text=text[:30]).first).to_be_visible(timeout=10_000)


def unlock(page: Page, base: str, code: str, key: str) -> None:
    open_app(page, f"{base}/voila/render/live.ipynb?session={code}&view=facilitator", ".tk-facilitator-unlock")
    page.fill(".tk-facilitator-key input", key)
    page.click(".tk-facilitator-unlock")
    page.wait_for_selector(".tk-next-phase", state="visible", timeout=WIDGET_TIMEOUT)


def eventually(check, timeout: float = 10.0):
    """Call ``check`` until it returns a truthy value (the kernel works after the click returns)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)
