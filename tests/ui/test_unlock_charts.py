"""Unlocking the facilitator page shows the controls first and the charts after; a chart that
cannot be drawn shows an error in its place (nl and en) and hides nothing else.

Before, a rated note such as ``price $\\evil$ here`` made the divergence chart raise a mathtext
``ValueError`` while unlocking, so a facilitator with the right key got no controls and no error.
"""
from __future__ import annotations

import ipywidgets as w
import pytest

from tests.ui.conftest import rated_brainstorm
from toolkit.core import sessions as core
from toolkit.ui.session_app import LiveApp

DOLLAR_NOTES = (r"price $\evil$ here", "price: $$", "From $5 to $10", r"a\b^c_d{e}")
CHART_FAILED = {
    "nl": "Deze grafiek kon niet worden getekend. De rest van de pagina werkt gewoon door.",
    "en": "This chart could not be drawn. Everything else on the page keeps working.",
}


def walk(widget: w.Widget):
    if getattr(getattr(widget, "layout", None), "display", None) == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def shown(widget: w.Widget, cls: str) -> list[w.Widget]:
    """The visible widgets with class ``cls`` under ``widget``."""
    return [x for x in walk(widget) if cls in getattr(x, "_dom_classes", ())]


@pytest.fixture
def rated(store):
    """A brainstorm in its results phase whose rated notes are full of dollar signs."""
    return rated_brainstorm(store, DOLLAR_NOTES)


def unlock(store, created, pages, lang: str) -> LiveApp:
    page = LiveApp(store, code=created.code, view="facilitator", lang=lang,
                   join_url=f"http://h/j/{created.code}")
    pages.append(page)
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    return page


def test_right_key_with_dollar_notes_shows_controls_then_charts(store, rated, pages):
    page = unlock(store, rated, pages, "en")
    assert page.bar.unlocked and page.errors.message == ""
    assert shown(page.widget, "tk-next-phase")
    assert not shown(page.widget, "tk-chart")  # the controls came first; the charts follow on the tick

    page._tick()  # what the live loop does a moment later
    assert shown(page.divergence.widget, "tk-chart")
    assert shown(page.results.widget, "tk-chart")
    assert not shown(page.widget, "tk-chart-error")
    assert page.errors.message == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_failing_chart_shows_an_error_and_hides_nothing(store, rated, pages, lang, monkeypatch, caplog):
    import toolkit.charts.divergence

    def broken(*_args, **_kwargs):
        raise ValueError("a bug in a chart")

    # No input draws a failing chart any more, so stand in for the next chart bug.
    monkeypatch.setattr(toolkit.charts.divergence, "divergence_chart", broken)
    page = unlock(store, rated, pages, lang)
    page._tick()
    assert page.bar.unlocked and shown(page.widget, "tk-next-phase")
    errors = shown(page.widget, "tk-chart-error")
    assert len(errors) == 2  # the divergence view and the results section, each in its own place
    assert all(CHART_FAILED[lang] in e.value and 'role="alert"' in e.value for e in errors)
    assert "a chart could not be drawn" in caplog.text  # logged for whoever runs the server
    assert page.errors.message == ""  # the page's own banner stays free for the next action

    page.bar.previous.click()  # the controls still steer the session
    assert core.get_session(store, rated.code).phase_index == 1
    assert page.errors.message == ""
    other = "en" if lang == "nl" else "nl"
    page.set_language(other)
    assert all(CHART_FAILED[other] in e.value for e in shown(page.widget, "tk-chart-error"))


def test_wrong_key_still_draws_no_chart(store, rated, pages):
    page = LiveApp(store, code=rated.code, view="facilitator", lang="en")
    pages.append(page)
    page.bar.key.value = "wrong"
    page.bar.unlock.click()
    page._tick()
    assert not page.bar.unlocked and page.key is None
    assert not shown(page.widget, "tk-chart") and not shown(page.widget, "tk-next-phase")
    assert page.errors.message == "This facilitator key is not correct."
