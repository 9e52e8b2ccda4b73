"""People arriving cost the facilitator's page a few widget messages, not a few per person.

Every message the facilitator's kernel sends passes through the server (Jupyter's activity
tracker and websocket relay decode each one), so during a join burst the page's messages are
the server's time. Arrivals change the head count only: it is drawn on the page's tick at most
once a second, and the board and the charts are left alone (their input did not change).

Before, the arrivals of one poll redrew the head count at once and marked the charts for a
redraw, which built every chart's image widgets anew: 21 messages for 60 arrivals and one chart
tick, and one more head count for every poll that brought an arrival.
"""
from __future__ import annotations

import pytest

from tests.ui.conftest import rated_brainstorm
from toolkit.core import sessions as core
from toolkit.ui import session_app
from toolkit.ui.session_app import LiveApp

ROLES = ("marketing", "it", "specialist", "service", "sales")


@pytest.fixture
def rated(store):
    """A brainstorm in its results phase, with notes rated by two people: charts with data."""
    return rated_brainstorm(store, ("Live chat", "A shared glossary", "Monthly demo day"))


def facilitator(store, created, pages, clock) -> LiveApp:
    """The facilitator's page, unlocked, with its charts drawn and the feed read up to now."""
    page = LiveApp(store, code=created.code, view="facilitator", lang="en", join_url=f"http://h/j/{created.code}")
    pages.append(page)
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    page._chart_libraries.join()
    tick(page, clock)
    assert page.divergence.image is not None and page.run_sheet.sheet is not None
    return page


def tick(page: LiveApp, clock, seconds: float = 0.1) -> None:
    """What the live loop does every 0.1 s: read the feed, then tick."""
    clock.advance(seconds)
    page.loop.poll_once()
    page._tick()


def people_shown(page: LiveApp) -> str:
    return page.bar.people.value


def test_sixty_arrivals_in_one_tick_are_one_message(store, rated, pages, clock, widget_messages, drawn):
    page = facilitator(store, rated, pages, clock)
    widget_messages.reset()
    drawn.clear()
    for i in range(60):
        core.join(store, rated.code, ROLES[i % len(ROLES)], f"P{i}")
    # The feed brings all sixty at once, after long enough for the head count and the charts.
    tick(page, clock, max(session_app.HEAD_COUNT_SECONDS, session_app.CHART_REFRESH_SECONDS))
    assert "Participants: 62" in people_shown(page)
    assert widget_messages.total == 1, widget_messages  # the head count, once
    assert widget_messages.updates == [(page.bar.people, ("value",))]
    assert drawn == []  # no chart drawn again: nobody wrote or rated anything


def test_arrivals_over_many_ticks_update_the_head_count_about_once_a_second(store, rated, pages, clock,
                                                                            widget_messages, drawn):
    page = facilitator(store, rated, pages, clock)
    widget_messages.reset()
    drawn.clear()
    seconds = 0.0
    for i in range(60):  # one arrival per poll, for six seconds
        core.join(store, rated.code, ROLES[i % len(ROLES)], f"P{i}")
        tick(page, clock)
        seconds += 0.1
    tick(page, clock, session_app.HEAD_COUNT_SECONDS)  # the last ones show a moment later
    assert "Participants: 62" in people_shown(page)
    assert {(x, keys) for x, keys in widget_messages.updates} == {(page.bar.people, ("value",))}
    assert widget_messages.opened == [] and widget_messages.closed == []
    assert widget_messages.total <= seconds / session_app.HEAD_COUNT_SECONDS + 2, widget_messages
    assert drawn == []


def test_a_note_after_arrivals_still_reaches_the_board_and_the_charts(store, rated, pages, clock, drawn):
    page = facilitator(store, rated, pages, clock)
    drawn.clear()
    late = core.join(store, rated.code, "service", "Sam")
    core.join(store, rated.code, "sales", "Sal")
    tick(page, clock, session_app.CHART_REFRESH_SECONDS)
    assert drawn == []
    notes = core.snapshot(store, rated.code).contributions
    core.rate(store, rated.code, late.token, "rate", int(notes[notes.kind == "note"].id.iloc[0]), None, "customers", 5)
    tick(page, clock, session_app.CHART_REFRESH_SECONDS)
    assert drawn  # a new score: the charts are drawn again
    assert "Participants: 4" in people_shown(page)


def test_the_first_arrival_starts_the_run_sheet_clock(store, pages, clock, drawn):
    created = core.create_session(store, "brainstorm", "en")
    page = facilitator(store, created, pages, clock)
    assert page.run_sheet.sheet.started_at is None
    assert "Not started yet" in page.run_sheet.table.value
    core.join(store, created.code, "it", "Ivo")
    tick(page, clock, session_app.CHART_REFRESH_SECONDS)
    assert page.run_sheet.sheet.started_at is not None
    assert "Not started yet" not in page.run_sheet.table.value
    drawn.clear()
    core.join(store, created.code, "it", "Ina")  # the clock runs: later arrivals draw nothing
    tick(page, clock, session_app.CHART_REFRESH_SECONDS)
    assert drawn == [] and "Participants: 2" in people_shown(page)
