"""A whole live session in real browser pages: lobby, facilitator, three participants."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import WIDGET_TIMEOUT, add_note, join, open_app, unlock, wait_live

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="window.__pwned=1">'


def test_brainstorm_session_end_to_end(server, new_page, artifacts):
    base, _db = server
    # The facilitator starts a session in the lobby.
    lobby = new_page()
    open_app(lobby, f"{base}/", ".tk-lobby-start-brainstorm")
    lobby.locator(".tk-lang button", has_text="EN").click()
    expect(lobby.locator(".tk-lobby")).to_contain_text("Start a session")
    lobby.screenshot(path=str(artifacts / "lobby.png"), full_page=True)
    lobby.click(".tk-lobby-start-brainstorm")
    created = lobby.locator(".tk-created")
    expect(created).to_be_visible(timeout=10_000)
    text = created.inner_text()
    code = re.search(r"Session (\w{6}) is ready", text).group(1)
    key = lobby.locator(".tk-created code").inner_text()

    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, code, key)
    expect(facilitator.locator(".tk-join-link")).to_contain_text(f"/j/{code}")
    expect(facilitator.locator(".tk-qr svg")).to_be_visible()

    people = []
    for role, name in (("marketing", "Mira"), ("it", "Ivo"), ("service", "")):
        page = new_page(420, 900)
        join(page, base, code, role, name)
        people.append(page)
    expect(facilitator.locator(".tk-participants")).to_contain_text("3", timeout=10_000)

    notes = ["Webcare answers within the hour", "One customer view for service and sales", XSS]
    for page, note in zip(people, notes, strict=True):
        add_note(page, note)
    # The idea phase is silent: the facilitator sees every note, each participant only their own...
    for note in notes:
        expect(facilitator.locator(".tk-board .tk-note-text", has_text=note[:25])).to_have_count(1, timeout=10_000)
    expect(people[0].locator(".tk-board .tk-note-text", has_text=notes[0][:25])).to_have_count(1, timeout=10_000)
    expect(people[0].locator(".tk-board .tk-note-text", has_text=notes[1][:25])).to_have_count(0)
    # ...until the facilitator reveals them: then every note shows on every page.
    facilitator.click(".tk-reveal")
    for page in [facilitator, *people]:
        for note in notes:
            expect(page.locator(".tk-board .tk-note-text", has_text=note[:25])).to_have_count(1, timeout=10_000)
    # The markup arrives as text and runs nothing.
    for page in [facilitator, *people]:
        assert page.evaluate("window.__pwned === undefined")
        assert page.locator(".tk-board img[src=x]").count() == 0
    expect(facilitator.locator(".tk-board")).to_contain_text("Mira")
    people[0].screenshot(path=str(artifacts / "participant.png"), full_page=True)
    facilitator.screenshot(path=str(artifacts / "facilitator-board.png"), full_page=True)

    # The facilitator moves to the vote phase: every page follows.
    facilitator.click(".tk-next-phase")
    for page in [facilitator, *people]:
        expect(page.locator(".tk-phase")).to_contain_text("Vote", timeout=10_000)
    for page in people:
        page.locator(".tk-vote-plus").first.click()
        expect(page.locator(".tk-vote-budget")).to_contain_text("4 of 5", timeout=10_000)
    expect(facilitator.locator(".tk-note-votes").first).to_contain_text("3", timeout=10_000)

    # A reload resumes the participant with their notes (and their dots).
    people[0].reload(wait_until="domcontentloaded")
    people[0].wait_for_selector(".tk-phase", timeout=WIDGET_TIMEOUT)
    wait_live(people[0])
    expect(people[0].locator(".tk-vote-budget")).to_contain_text("4 of 5")
    expect(people[0].locator(".tk-status")).to_contain_text("Mira")


def test_wrong_facilitator_key_is_refused(server, new_page, artifacts):
    base, db_url = server
    from toolkit.core.sessions import create_session
    from toolkit.core.store import Store

    created = create_session(Store(db_url), "brainstorm", "nl")
    page = new_page()
    open_app(page, f"{base}/voila/render/live.ipynb?session={created.code}&view=facilitator", ".tk-facilitator-unlock")
    page.fill(".tk-facilitator-key input", "not-the-key")
    page.click(".tk-facilitator-unlock")
    expect(page.locator(".tk-error")).to_contain_text("facilitatorsleutel klopt niet", timeout=10_000)
    expect(page.locator(".tk-next-phase")).to_be_hidden()
    page.screenshot(path=str(artifacts / "facilitator-wrong-key.png"))


def test_unknown_session_code_is_explained(server, new_page):
    base, _db = server
    page = new_page()
    # The old participant link leads to the participant page, which explains the code.
    open_app(page, f"{base}/voila/render/live.ipynb?session=ZZZZZZ&lang=en", ".tk-join-submit")
    assert page.url.endswith("/j/ZZZZZZ?lang=en")
    expect(page.locator(".tk-error")).to_contain_text("There is no session with code 'ZZZZZZ'")
    expect(page.locator("input.tk-join-code")).to_have_value("ZZZZZZ")


def test_health_check_starts_no_kernel(server):
    from tests.browser.conftest import health, settled_kernels

    base, _db = server
    before = settled_kernels(base)
    for _ in range(5):
        assert health(base)["status"] == "ok"
    assert health(base)["kernels"] == before
