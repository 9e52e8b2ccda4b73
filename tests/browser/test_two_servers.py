"""Beyond one machine: two ``toolkit serve`` processes on one PostgreSQL serve one session.

Participants join on server A (and one on server B), the facilitator steers from server B; notes
and phases show on every page of both servers within a second of the action (each server's
watcher wakes on PostgreSQL's LISTEN/NOTIFY; no sticky sessions: a participant page is
stateless between requests)."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import add_note, join, unlock
from tests.conftest import reset_postgres
from tests.serve.conftest import start_server, stop_server
from toolkit.core.sessions import create_session, set_revealed
from toolkit.core.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

SHOWS_WITHIN_S = 1.0


@pytest.fixture
def two_servers(postgres_url, tmp_path):
    reset_postgres(postgres_url)
    servers = []
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            servers.append(start_server(folder, "--db", postgres_url))
        yield servers
    finally:
        for served in servers:
            stop_server(served)


def shown_within(started: float, pages: list, locator, check) -> None:
    """``check(page.locator(locator))`` holds on every page within SHOWS_WITHIN_S of ``started``."""
    for page in pages:
        left_ms = max(50.0, (started + SHOWS_WITHIN_S - time.monotonic()) * 1000)
        check(expect(page.locator(locator)), left_ms)


def test_participants_on_a_facilitator_on_b(two_servers, postgres_url, new_page):
    a, b = two_servers
    store = Store(postgres_url)
    created = create_session(store, "brainstorm", "en")
    set_revealed(store, created.code, created.facilitator_key, True)  # the idea phase is silent
    store.dispose()
    code = created.code

    facilitator = new_page(1280, 1000)
    unlock(facilitator, b.base, code, created.facilitator_key)
    on_a = []
    for role, name in (("marketing", "Mira"), ("it", "Ivo")):
        page = new_page(420, 900)
        join(page, a.base, code, role, name)
        on_a.append(page)
    on_b = new_page(420, 900)
    join(on_b, b.base, code, "service", "Sam")
    expect(facilitator.locator(".tk-participants")).to_contain_text("3", timeout=10_000)

    def note_shows(text: str):
        return lambda e, ms: e.to_have_count(1, timeout=ms)

    # A note typed on server A: on the facilitator's board and the participant page of server B.
    note = "Webcare answers within the hour"
    started = time.monotonic()
    add_note(on_a[0], note)
    shown_within(started, [facilitator, on_b, on_a[1]], f".tk-board .tk-note-text >> text={note}", note_shows(note))
    # And the other way round.
    note = "One customer view for service and sales"
    started = time.monotonic()
    add_note(on_b, note)
    shown_within(started, [facilitator, *on_a], f".tk-board .tk-note-text >> text={note}", note_shows(note))

    # The facilitator, on server B, moves on: every page on both servers follows.
    started = time.monotonic()
    facilitator.click(".tk-next-phase")
    shown_within(started, [*on_a, on_b, facilitator], ".tk-phase", lambda e, ms: e.to_contain_text("Vote", timeout=ms))
