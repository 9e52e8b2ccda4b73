"""axe-core on the facilitator page (locked, unlocked, every panel open) and on the lobby pages
and the projector view: no serious or critical violation."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import WIDGET_TIMEOUT, unlock
from tests.browser.test_participant_accessibility import AXE, serious_violations
from toolkit.core import carry
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture
def axe_page(browser):
    """A laptop-sized page that may inject axe-core despite the page's script policy."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make install-test` installs axe-core with npm")
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_lobby_pages_and_the_projector(server, axe_page):
    base, db_url = server
    store = Store(db_url)
    old = seed_session(store, "dna-insurer")
    page = axe_page()
    page.goto(f"{base}/lobby?lang=en")
    page.click(".tk-lobby-from-toggle")
    assert serious_violations(page) == []
    page.fill(".tk-lobby-from-code", old.code)
    page.click(".tk-lobby-start-aida-journey")  # no key: refused, the lobby again with the message
    expect(page.locator(".tk-error")).to_be_visible()
    assert serious_violations(page) == []
    page.fill(".tk-lobby-from-key", old.facilitator_key)
    page.click(".tk-lobby-start-aida-journey")
    expect(page.locator(".tk-created")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{base}/j/{old.code}/screen?lang=nl")
    assert serious_violations(page) == []
    store.dispose()


@pytest.mark.parametrize("which", ["with charts", "built on an earlier session"])
def test_the_facilitator_page_locked_and_unlocked_with_every_panel(server, axe_page, which):
    base, db_url = server
    store = Store(db_url)
    created = old = seed_session(store, "dna-insurer")  # every phase filled: every chart is drawn
    panels = [".tk-results-panel", ".tk-download", ".tk-divergence", ".tk-lists"]
    if which != "with charts":
        created = carry.start_from(store, "dna-mapping", old.code, old.facilitator_key, language="en").created
        core.set_phase(store, created.code, created.facilitator_key, 1)
        panels.append(".tk-carried")
    page = axe_page()
    page.goto(f"{base}/voila/render/live.ipynb?session={created.code}&view=facilitator&lang=en",
              wait_until="domcontentloaded")
    page.wait_for_selector(".tk-facilitator-unlock", timeout=WIDGET_TIMEOUT)
    locked = serious_violations(page)
    unlock(page, base, created.code, created.facilitator_key)
    for panel in panels:
        page.wait_for_selector(panel, timeout=WIDGET_TIMEOUT)
    if which == "with charts":
        page.locator(".tk-results-panel .tk-chart").first.wait_for(timeout=WIDGET_TIMEOUT)
    headers = page.locator(".tk-lists .jupyter-widget-Collapse-header")
    assert headers.count() >= 1
    for i in range(headers.count()):  # open every list editor
        headers.nth(i).click()
    expect(page.locator(".tk-list-editor").first).to_be_visible()
    unlocked = serious_violations(page)
    assert (locked, unlocked) == ([], [])
    store.dispose()
