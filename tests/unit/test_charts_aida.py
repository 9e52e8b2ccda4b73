"""AIDA charts: data on the axes, nothing outside the figure or its box, PNGs in nl and en."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from toolkit.charts import aida as charts
from toolkit.core.examples import load_example
from toolkit.methods import aida
from toolkit.testing import snapshot_from

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def make_snapshot(people, items, lang="en"):
    """An ``aida-journey`` snapshot from ``people`` [(id, role)] and ``items`` [(id, phase, kind, by, payload)]."""
    return snapshot_from("aida-journey", [(pid, f"P{pid}", role) for pid, role in people], items, language=lang)


def rating(cid, by, phase, row, score):
    return (cid, phase, "rating", by, {"row": str(row), "column": None, "dimension": phase, "score": score})


def save(fig: Figure, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"aida-{name}.png"
    fig.savefig(path, dpi=110)
    return path


def rendered(fig: Figure):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def assert_inside_figure(fig: Figure) -> None:
    """Everything drawn (texts, tick labels in view, legends, colour bars) lies within the figure."""
    renderer = rendered(fig)
    drawn = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    tolerance = 0.02
    assert drawn.x0 >= -tolerance and drawn.y0 >= -tolerance, drawn
    assert drawn.x1 <= width + tolerance and drawn.y1 <= height + tolerance, (drawn, width, height)


def assert_text_inside_boxes(fig: Figure) -> None:
    """Every text whose centre lies in a swimlane box stays inside that box."""
    renderer = rendered(fig)
    ax = fig.axes[0]
    boxes = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, FancyBboxPatch)]
    checked = 0
    for artist in ax.texts:
        extent = artist.get_window_extent(renderer)
        cx, cy = (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2
        for box in boxes:
            if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1:
                assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, artist.get_text()
                assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, artist.get_text()
                checked += 1
    assert checked > 0


@pytest.fixture(scope="module")
def example():
    return load_example("aida-manufacturer")


@pytest.fixture
def empty():
    return make_snapshot([], [])


# ---------------------------------------------------------------- swimlane


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_swimlane_of_the_example(example, lang):
    journey = aida.journey_table(example, lang)
    fig = charts.journey_swimlane(journey, lang)
    save(fig, f"swimlane-{lang}")
    ax = fig.axes[0]
    shown = [t.get_text() for t in ax.texts]
    flat = [t.replace("\n", " ") for t in shown]
    assert ("Klantbinding" if lang == "nl" else "Retention") in flat
    assert ("Gereedheid (1-5)" if lang == "nl" else "Readiness (1-5)") in flat
    # one readiness box per touchpoint, with its mean: "1,6" in Dutch, "1.6" in English
    assert sum(1 for t in shown if t.startswith(("1,6\n", "1.6\n"))) == 1
    assert ("1,6\n5 scores" if lang == "nl" else "1.6\n5 scores") in shown
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 4 * len(journey) + 5  # four lanes, every touchpoint in every lane; five stage bands
    assert_inside_figure(fig)
    assert_text_inside_boxes(fig)


def test_swimlane_keeps_empty_stages_wraps_long_dutch_text_and_caps_busy_stages():
    long = (
        "Klantportaalintegratiemogelijkheden voor onderhoudscontractbeheer en storingsmeldingen "
        "met automatische terugkoppeling naar de buitendienstmonteurs en de klantenservice"
    )
    # 14 touchpoints in one stage: ids 1-3 and 9-13 matter most (5), the other six least (1)
    items = [
        (
            i,
            "touchpoints",
            "form",
            1,
            {
                "touchpoint": f"{long[:60]} {i}",
                "stage": "interest",
                "technology": long,
                "channel": "Klantportaal en app",
                "importance": 5.0 if i in {1, 2, 3, 9, 10, 11, 12, 13} else 1.0,
            },
        )
        for i in range(1, 15)
    ]
    items.append((15, "touchpoints", "form", 1, {"touchpoint": "Zonder fase", "technology": "Onbekend"}))
    items.append(rating(100, 1, "readiness", 1, 1))
    snapshot = make_snapshot([(1, "it")], items, lang="nl")
    journey = aida.journey_table(snapshot)
    fig = charts.journey_swimlane(journey, "nl", max_per_stage=8)
    save(fig, "swimlane-long-nl")
    shown = [t.get_text() for t in fig.axes[0].texts]
    flat = [t.replace("\n", " ") for t in shown]
    assert flat.count("(geen contactpunten)") == 4  # four empty stages keep a column
    assert "Interesse (+6 in de tabel)" in flat
    assert "(geen fase)" in flat and "Zonder fase" in flat
    assert sum(t.endswith(" 4") or t.endswith("-4") for t in shown) == 0  # low-importance touchpoint 4 left out
    assert any(t.endswith(" 13") for t in shown)
    assert shown.count("geen score") == 8  # 7 shown in the busy stage + the one without a stage
    assert any(t.endswith("…") for t in shown)  # text beyond six lines is shortened, the table keeps it
    assert_inside_figure(fig)
    assert_text_inside_boxes(fig)


# ---------------------------------------------------------------- emotion curve


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_emotion_curve_chart(example, lang):
    curve = aida.emotion_curve(example, lang)
    fig = charts.emotion_curve_chart(curve, lang)
    save(fig, f"emotion-{lang}")
    ax = fig.axes[0]
    line = ax.lines[-1]
    assert list(line.get_ydata()) == pytest.approx([7 / 12, -1 / 8, -1 / 12, -5 / 6, 0.0])
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0].startswith("Aandacht" if lang == "nl" else "Attention")
    assert "Bestellen op" in ticks[3]  # the action stage's low point is named
    assert ax.get_ylim() == pytest.approx((-2.4, 2.4))
    assert_inside_figure(fig)


def test_emotion_curve_with_one_scored_stage_leaves_gaps():
    items = [
        (1, "touchpoints", "form", 1, {"touchpoint": "Quote form", "stage": "desire"}),
        rating(2, 1, "emotion", 1, -2),
    ]
    curve = aida.emotion_curve(make_snapshot([(1, "sales")], items))
    fig = charts.emotion_curve_chart(curve, "en")
    save(fig, "emotion-one-person-en")
    ydata = fig.axes[0].lines[-1].get_ydata()
    assert ydata[2] == -2.0 and sum(math.isnan(v) for v in ydata) == 4
    assert_inside_figure(fig)


# ---------------------------------------------------------------- readiness heatmap


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_readiness_heatmap(example, lang):
    matrix = aida.readiness_by_stage_and_owner(example, lang)
    fig = charts.readiness_heatmap(matrix, lang)
    save(fig, f"heatmap-{lang}")
    ax = fig.axes[0]
    image = ax.images[0]
    data = image.get_array()
    assert data.shape == (6, 5)  # owners down, stages across
    assert data[0, 0] == pytest.approx(3.5)  # marketing x attention
    assert data[5, 3] == pytest.approx(1.6)  # other x action
    assert bool(np.ma.getmaskarray(data)[0, 2])  # marketing owns nothing in desire
    assert image.get_cmap().name.startswith("cividis")
    assert next(t.get_text() for t in ax.get_xticklabels()) == ("Aandacht" if lang == "nl" else "Attention")
    assert ("Klantenservice" if lang == "nl" else "Customer service") in [t.get_text() for t in ax.get_yticklabels()]
    assert_inside_figure(fig)


# ---------------------------------------------------------------- blockers


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_blockers_chart(example, lang):
    blockers = aida.blockers_by_category(example, lang)
    fig = charts.blockers_chart(blockers, lang)
    save(fig, f"blockers-{lang}")
    ax = fig.axes[0]
    widths = [round(p.get_width()) for p in ax.patches]
    # first the "with action" bars, top to bottom in list order reversed on the y axis, then "without"
    assert widths == [2, 1, 0, 1, 1, 0, 0, 1, 1, 0]
    ticks = {t.get_position()[1]: t.get_text() for t in ax.get_yticklabels()}
    assert ticks[max(ticks)] == ("Kan niet" if lang == "nl" else "Can't")  # the first kind on top
    assert ticks[min(ticks)] == ("Geen eigenaar" if lang == "nl" else "No owner")
    assert_inside_figure(fig)


# ---------------------------------------------------------------- empty sessions and report figures


def test_every_chart_says_when_there_is_nothing_to_show(empty):
    figures = {
        "swimlane": charts.journey_swimlane(aida.journey_table(empty), "nl"),
        "emotion": charts.emotion_curve_chart(aida.emotion_curve(empty), "nl"),
        "heatmap": charts.readiness_heatmap(aida.readiness_by_stage_and_owner(empty), "nl"),
        "blockers": charts.blockers_chart(aida.blockers_by_category(empty), "nl"),
    }
    for name, fig in figures.items():
        assert isinstance(fig, Figure)
        assert fig.axes[0].texts[0].get_text().startswith("Nog geen"), name
    save(figures["swimlane"], "empty-nl")


def test_report_figures_build(example):
    for section in aida.report_sections(example, "en"):
        if section.figure is not None:
            assert isinstance(section.figure(), Figure)
