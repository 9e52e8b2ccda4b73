"""The facilitator's charts are redrawn in place: the same chart again sends nothing and builds
no widget, a changed chart updates the image already shown, and a widget that is replaced (an
image by an error, or back, or a results section that is gone) is closed with its layout and style.

Before, every redraw built new image widgets and left the old ones open, so a long session piled
up widgets in the kernel and the browser.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from ipywidgets.widgets.widget import _instances
from matplotlib.figure import Figure

from toolkit.core.definitions import get_workshop
from toolkit.core.examples import load_example
from toolkit.ui.divergence import DivergenceView
from toolkit.ui.figure_view import ChartImage, ChartSlot
from toolkit.ui.results import ResultsPanel

CHART_FAILED = {
    "nl": "Deze grafiek kon niet worden getekend. De rest van de pagina werkt gewoon door.",
    "en": "This chart could not be drawn. Everything else on the page keeps working.",
}


def bars(*values: float):
    """A function that draws a small bar chart of ``values``."""
    def draw() -> Figure:
        fig = Figure(figsize=(2, 1))
        fig.add_subplot().bar(range(len(values)), values)
        return fig

    return draw


def broken():
    raise ValueError("a bug in a chart")


def values_sent(widget) -> list[str]:
    """Every new ``value`` the widget takes from here on."""
    seen: list[str] = []
    widget.observe(lambda change: seen.append(change["new"]), "value")
    return seen


def closed(widget) -> bool:
    """The widget and its own layout and style are closed (gone from the kernel and the browser)."""
    parts = [widget, getattr(widget, "layout", None), getattr(widget, "style", None)]
    return all(p.comm is None and p._model_id not in _instances for p in parts if p is not None)


@pytest.fixture(scope="module")
def aida():
    return load_example("aida-manufacturer")


def fewer_ratings(snapshot, phase: str, n: int = 3):
    """``snapshot`` without the first ``n`` ratings of ``phase``."""
    c = snapshot.contributions
    gone = c[(c.kind == "rating") & (c.phase == phase)].index[:n]
    return replace(snapshot, contributions=c.drop(gone))


def test_the_same_chart_again_sends_nothing_and_builds_no_widget(widget_messages):
    slot = ChartSlot()
    slot.show(bars(1, 3, 2), "en", alt="Votes")
    image = slot.shown
    assert isinstance(image, ChartImage) and "tk-chart" in image._dom_classes and "alt='Votes'" in image.value
    seen = values_sent(image)
    widgets = len(_instances)
    widget_messages.reset()

    for _ in range(3):
        slot.show(bars(1, 3, 2), "en", alt="Votes")
    assert widget_messages.total == 0, widget_messages
    assert seen == [] and len(_instances) == widgets
    assert slot.shown is image and slot.widget.children == (image,)


def test_a_changed_chart_updates_the_image_already_shown(widget_messages):
    slot = ChartSlot()
    slot.show(bars(1, 3, 2), "en")
    image, png = slot.shown, slot.shown.png
    seen = values_sent(image)
    widgets = len(_instances)
    widget_messages.reset()

    slot.show(bars(3, 1, 2), "en")
    assert slot.shown is image and image.png != png and len(seen) == 1
    assert widget_messages.opened == [] and widget_messages.closed == []
    assert widget_messages.updates == [(image, ("value",))]  # one message: the image's new markup
    assert len(_instances) == widgets


def test_a_failing_draw_shows_the_error_and_a_later_good_draw_closes_it(widget_messages, caplog):
    slot = ChartSlot()
    slot.show(bars(1, 2), "nl")
    image = slot.shown

    slot.show(broken, "nl")
    error = slot.error
    assert slot.shown is None and slot.widget.children == (error,)
    assert {"tk-error", "tk-chart-error"} <= set(error._dom_classes) and CHART_FAILED["nl"] in error.value
    assert 'role="alert"' in error.value
    assert closed(image)  # the image it replaced
    assert "a chart could not be drawn" in caplog.text

    widget_messages.reset()
    slot.show(broken, "nl")  # still failing: the error already shows
    assert slot.error is error and widget_messages.total == 0, widget_messages
    slot.show(broken, "en")  # in the page's new language, in the same widget
    assert slot.error is error and CHART_FAILED["en"] in error.value
    assert widget_messages.opened == [] and widget_messages.closed == []

    slot.show(bars(2, 1), "en")
    assert slot.error is None and isinstance(slot.shown, ChartImage)
    assert slot.widget.children == (slot.shown,)
    assert closed(error)


def test_a_chart_drawn_from_the_same_data_is_not_drawn_again(drawn):
    slot = ChartSlot()
    table = pd.DataFrame({"it": [1.0, 2.0], "marketing": [3.0, 1.0]}, index=["a", "b"])
    slot.show(bars(1, 2), "en", data=(table, "Rate"))
    slot.show(bars(1, 2), "en", data=(table.copy(), "Rate"))  # equal content
    assert len(drawn) == 1
    slot.show(bars(1, 2), "nl", data=(table, "Rate"))  # another language: drawn again
    slot.show(bars(1, 3), "nl", data=(table.assign(it=[1.0, 2.5]), "Rate"))  # other data
    slot.show(bars(1, 3), "nl")  # no data given: always drawn
    assert len(drawn) == 4
    slot.show(broken, "nl", data=(table, "Other"))
    slot.show(bars(1, 3), "nl", data=(table, "Other"))  # after an error the chart is drawn again
    assert len(drawn) == 5 and slot.shown is not None


def test_a_slot_closed_leaves_no_widget_behind():
    widgets = set(_instances)
    slot = ChartSlot()
    slot.show(bars(1, 2), "en")
    slot.close()
    assert set(_instances) == widgets


def test_the_divergence_chart_is_redrawn_in_place(aida, widget_messages, drawn):
    view = DivergenceView("en", get_workshop("aida-journey"))
    view.update(aida, "readiness")
    image = view.image
    seen = values_sent(image)
    widgets = len(_instances)
    widget_messages.reset()
    drawn.clear()

    view.update(aida, "readiness")  # the same data: nothing drawn, nothing to send
    assert widget_messages.total == 0, widget_messages
    assert seen == [] and len(_instances) == widgets and drawn == []

    view.update(fewer_ratings(aida, "readiness"), "readiness")  # new scores: the same image, redrawn
    assert view.image is image and len(seen) == 1 and len(drawn) == 1
    assert widget_messages.opened == [] and widget_messages.closed == []
    assert len(_instances) == widgets


def test_the_results_panel_updates_its_sections_in_place(aida, widget_messages, monkeypatch):
    panel = ResultsPanel("en", store=None, code="X", key="k")
    panel.update(aida)
    boxes = panel.sections.children
    images = [img for box in boxes for slot in box.children[1:] for img in slot.children]
    assert len(images) >= 3 and all(isinstance(i, ChartImage) for i in images)
    seen = [values_sent(i) for i in images]
    widgets = len(_instances)
    widget_messages.reset()

    panel.update(aida)  # the same session: nothing to send
    assert widget_messages.total == 0, widget_messages
    assert len(_instances) == widgets and not any(seen)

    panel.update(fewer_ratings(aida, "readiness", 10))  # the same sections, one chart changed
    assert panel.sections.children == boxes
    assert [img for box in boxes for slot in box.children[1:] for img in slot.children] == images
    assert widget_messages.opened == [] and widget_messages.closed == []
    assert 1 <= sum(len(s) for s in seen) < len(images)  # only the changed charts were sent
    assert len(_instances) == widgets

    c = aida.contributions
    fewer = replace(aida, contributions=c[c.phase != "blockers"])
    panel.update(fewer)  # other sections: the ones shown before are closed
    assert panel.sections.children != boxes
    assert all(closed(box) for box in boxes) and all(closed(i) for i in images)

    import toolkit.methods.aida

    monkeypatch.setattr(toolkit.methods.aida, "report_sections", lambda *_a, **_k: broken())
    shown = panel.sections.children
    panel.update(aida)
    error = panel.sections.children[0]
    assert "tk-chart-error" in error._dom_classes and CHART_FAILED["en"] in error.value
    assert all(closed(box) for box in shown)
    widget_messages.reset()
    panel.update(aida)
    assert panel.sections.children == (error,) and widget_messages.total == 0, widget_messages
    monkeypatch.undo()
    panel.update(aida)
    assert closed(error) and len(panel.sections.children) == len(boxes)
