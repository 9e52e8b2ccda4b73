"""The projector view in a real browser: opened from the facilitator page without the key, it
follows the room live and stays readable on a beamer."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import add_note, join, unlock, wait_live
from toolkit.core import sessions as core
from toolkit.core.store import Store

pytestmark = pytest.mark.browser


def test_projector_follows_the_room_and_never_shows_the_key(server, new_page, artifacts):
    base, db_url = server
    store = Store(db_url)
    created = core.create_session(store, "brainstorm", "en")
    core.set_revealed(store, created.code, created.facilitator_key, True)  # the idea phase is silent
    facilitator = new_page(1280, 900)
    unlock(facilitator, base, created.code, created.facilitator_key)
    opener = facilitator.locator("a.tk-projector-open")
    expect(opener).to_be_visible()
    assert created.facilitator_key not in (opener.get_attribute("href") or "")
    with facilitator.context.expect_page() as opened:
        opener.click()
    screen = opened.value
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.wait_for_load_state("domcontentloaded")
    assert screen.url.endswith(f"/j/{created.code}/screen")
    wait_live(screen)
    expect(screen.locator(".tk-projector-link")).to_contain_text(f"/j/{created.code}")
    expect(screen.locator(".tk-phase")).to_have_text(core.get_session(store, created.code).phase.title("en"))

    participant = new_page(390, 800)
    join(participant, base, created.code, "it", "Ravi", "en")
    add_note(participant, "Our request form asks for the same data twice")
    # Within 2 s of the note being added, the projector shows it (the same live channel).
    expect(screen.locator(".tk-board .tk-note", has_text="asks for the same data twice")).to_be_visible(timeout=2000)
    screen.screenshot(path=str(artifacts / "projector-1920.png"))
    assert created.facilitator_key not in screen.content()

    screen.set_viewport_size({"width": 1280, "height": 720})
    assert screen.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scrolling
    size = screen.evaluate("parseFloat(getComputedStyle(document.querySelector('.tk-phase')).fontSize)")
    assert size >= 36  # the phase title reads from the back of the room
    screen.screenshot(path=str(artifacts / "projector-1280.png"))

    core.next_phase(store, created.code, created.facilitator_key)  # steering re-reads the screen
    expect(screen.locator(".tk-phase")).to_have_text(core.get_session(store, created.code).phase.title("en"),
                                                     timeout=5000)
    assert created.facilitator_key not in screen.content()
    store.dispose()
