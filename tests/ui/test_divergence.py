"""The facilitator's divergence chart shows one rating phase at a time and never averages scales."""
from __future__ import annotations

import pytest

from toolkit.charts.divergence import divergence_chart
from toolkit.core.definitions import get_workshop
from toolkit.core.examples import load_example
from toolkit.methods.brainstorm import rating_divergence, report_sections
from toolkit.ui.divergence import DivergenceView


def scores(table):
    """Every role's mean score in a divergence table."""
    return table.drop(columns="spread").stack().dropna()


@pytest.fixture(scope="module")
def aida():
    return load_example("aida-manufacturer")


def test_aida_readiness_and_emotion_are_charted_apart_and_the_facilitator_picks(aida):
    workshop = get_workshop("aida-journey")
    view = DivergenceView("en", workshop)
    view.update(aida, "kickoff")
    assert [v for _, v in view.picker.options] == ["readiness", "emotion"]
    assert view.picker.layout.display != "none"
    assert view.phase == "readiness"  # the first rating phase while the current phase rates nothing
    assert scores(view.table).between(1, 5).all()
    view.update(aida, "emotion")  # the chart follows the phase the room is in...
    assert view.phase == "emotion" and scores(view.table).between(-2, 2).all()
    assert scores(view.table).min() < 1  # below every readiness score: averaging would have hidden it
    view.picker.value = "readiness"  # ...until the facilitator picks one
    view.update(aida, "emotion")
    assert view.phase == "readiness"
    assert view.table.equals(rating_divergence(aida, "readiness"))
    assert view.image.png[:4] == b"\x89PNG" and "alt='" in view.image.value  # named for screen readers
    view.set_language("nl")
    assert view.picker.options[0][0] == workshop.phase("readiness").title("nl")


def test_a_workshop_with_one_rating_phase_shows_no_picker():
    view = DivergenceView("nl", get_workshop("brainstorm"))
    assert view.picker.layout.display == "none" and view.phase == "rate"


def test_the_chart_names_the_phase_and_spans_its_scale(aida):
    workshop = get_workshop("aida-journey")
    phase = workshop.phase("emotion")
    scale = workshop.scale(phase.rating.scale)
    fig = divergence_chart(rating_divergence(aida, "emotion"), "en", phase_title=phase.title("en"), scale=scale)
    ax = fig.axes[0]
    assert ax.get_xlim() == pytest.approx((scale.low - 0.3, scale.high + 0.3))
    assert phase.title("en") in ax.get_title(loc="left")


def test_the_fallback_report_has_one_divergence_section_per_rating_phase(aida):
    titles = [s.title for s in report_sections(aida, "en")]
    workshop = get_workshop("aida-journey")
    assert [t for t in titles if t.startswith("Where")] == [
        f"Where the disciplines differ: {workshop.phase(p).title('en')}" for p in ("readiness", "emotion")]
