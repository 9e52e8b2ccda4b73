"""Show a chart in a notebook or Voila page: the figure as a PNG image.

Chart functions build ``Figure()`` objects without pyplot, so no inline backend is set up to
display them; this turns one into an image any front end shows. On a live page a chart that
fails to draw shows a short error in its place and takes nothing else on the page down.
"""
from __future__ import annotations

import base64
import logging
from collections.abc import Callable

import ipywidgets as w

log = logging.getLogger(__name__)
CHART_WIDTH = "min(100%, 760px)"


def show(fig, dpi: int = 110):
    """An ``IPython.display.Image`` of ``fig`` (the cell's result displays it)."""
    from IPython.display import Image

    from toolkit.charts.divergence import figure_png

    return Image(data=figure_png(fig, dpi=dpi), format="png")


def chart_image(draw: Callable[[], object], lang: str, dpi: int = 100, alt: str = ""):
    """The figure that ``draw()`` returns as an image widget (class ``tk-chart``), named ``alt``
    for screen readers (its ``alt``; the section's takeaway beside it says what it shows).

    When drawing fails, a visible error in ``lang`` (class ``tk-error``) stands in its place
    and the failure is logged for whoever runs the server: one broken chart never hides the
    controls or the other charts.
    """
    from toolkit.charts.divergence import figure_png

    try:
        png = figure_png(draw(), dpi=dpi)
    except Exception:  # any chart bug: shown as an error on the page, never raised into it
        log.exception("a chart could not be drawn")
        return chart_error(lang)
    return ChartImage(png, alt or _chart_name(lang))


def _chart_name(lang: str) -> str:
    from toolkit.ui.text import t

    return t("chart", lang)


class ChartImage(w.HTML):
    """A chart as an ``<img>`` with its ``alt`` text (the ipywidgets ``Image`` has none, and
    screen readers need one); ``png`` holds the image's bytes."""

    def __init__(self, png: bytes, alt: str) -> None:
        from toolkit.ui.text import esc

        encoded = base64.b64encode(png).decode("ascii")
        super().__init__(f"<img class='tk-chart-img' src='data:image/png;base64,{encoded}' alt='{esc(alt)}'>",
                         layout=w.Layout(width=CHART_WIDTH))
        self.png = png
        self.add_class("tk-chart")


def chart_error(lang: str):
    """The visible error (classes ``tk-error`` and ``tk-chart-error``) that stands in for a chart."""
    from toolkit.ui.text import esc, t

    error = w.HTML(f'<div class="tk-error-text" role="alert">⚠ {esc(t("chart_failed", lang))}</div>')
    error.add_class("tk-error")
    error.add_class("tk-chart-error")
    return error
