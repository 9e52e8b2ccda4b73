"""A facilitator runs a phase by keyboard alone: Tab and Enter through unlock, next phase, the
timer, lock and reveal; every step is checked in the store, every focused control is visible."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import WIDGET_TIMEOUT, eventually, open_app
from toolkit.core import sessions as core
from toolkit.core.store import Store

pytestmark = pytest.mark.browser
MAX_TABS = 120


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focus is inside ``selector`` (forward only, as a keyboard user does)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        inside = page.evaluate("(sel) => !!(document.activeElement && document.activeElement.closest(sel))", selector)
        if inside:
            visible = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
                                                return r.width > 0 && r.height > 0; }""")
            assert visible, f"the focus on {selector} is not visible"
            return
    pytest.fail(f"Tab never reached {selector}")


def test_run_a_phase_by_keyboard_alone(server, new_page):
    base, db_url = server
    store = Store(db_url)
    created = core.create_session(store, "dna-mapping", "en")  # its first phase is silent
    page = new_page(1280, 900)
    open_app(page, f"{base}/voila/render/live.ipynb?session={created.code}&view=facilitator&lang=en",
             ".tk-facilitator-unlock")
    page.locator("body").focus()

    tab_to(page, ".tk-facilitator-key")
    page.keyboard.type(created.facilitator_key, delay=60)  # a fast typist
    expect(page.locator(".tk-facilitator-key input")).to_have_value(created.facilitator_key)
    tab_to(page, ".tk-facilitator-unlock")
    page.keyboard.press("Enter")
    page.wait_for_selector(".tk-next-phase", state="visible", timeout=WIDGET_TIMEOUT)

    tab_to(page, ".tk-timer-start")
    page.keyboard.press("Enter")
    assert eventually(lambda: core.get_session(store, created.code).timer_deadline is not None)
    tab_to(page, ".tk-reveal")
    page.keyboard.press("Enter")
    assert eventually(lambda: core.get_session(store, created.code).revealed)
    # Back to the top of the bar (Shift+Tab) for the lock and the next phase.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("!!document.activeElement.closest('.tk-lock')")
    page.keyboard.press("Enter")
    assert eventually(lambda: core.get_session(store, created.code).locked)
    for _ in range(MAX_TABS):
        if page.evaluate("!!document.activeElement.closest('.tk-next-phase')"):
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert eventually(lambda: core.get_session(store, created.code).phase_index == 1)
    store.dispose()
