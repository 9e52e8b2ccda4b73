"""Steps shared by the browser tests: open a page, join, add a note, unlock as facilitator."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from toolkit.core.i18n import role_label

WIDGET_TIMEOUT = 60_000


def open_app(page: Page, url: str, ready: str) -> None:
    """Open ``url`` and wait until the element ``ready`` is shown (the kernel is connected)."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready, timeout=WIDGET_TIMEOUT)


def join(page: Page, base: str, code: str, role: str, name: str = "", lang: str = "en") -> None:
    open_app(page, f"{base}/voila/render/live.ipynb?session={code}", ".tk-join-submit")
    expect(page.locator(".tk-join-code input")).to_have_value(code)
    if name:
        page.fill(".tk-join-name input", name)
    page.locator(".tk-join-role select").select_option(label=role_label(role, lang))
    page.click(".tk-join-submit")
    page.wait_for_selector(".tk-phase", timeout=WIDGET_TIMEOUT)


def add_note(page: Page, text: str) -> None:
    page.fill(".tk-note-input textarea", text)
    page.click(".tk-note-submit")
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
