"""Show a chart in a notebook or Voila page: the figure as a PNG image.

Chart functions build ``Figure()`` objects without pyplot, so no inline backend is set up to
display them; this turns one into an image any front end shows. On a live page a chart that
fails to draw shows a short error in its place and takes nothing else on the page down.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)
CHART_WIDTH = "min(100%, 760px)"


def show(fig, dpi: int = 110):
    """An ``IPython.display.Image`` of ``fig`` (the cell's result displays it)."""
    from IPython.display import Image

    from toolkit.charts.divergence import figure_png

    return Image(data=figure_png(fig, dpi=dpi), format="png")


def chart_image(draw: Callable[[], object], lang: str, dpi: int = 100):
    """The figure that ``draw()`` returns as an image widget (class ``tk-chart``).

    When drawing fails, a visible error in ``lang`` (class ``tk-error``) stands in its place
    and the failure is logged for whoever runs the server: one broken chart never hides the
    controls or the other charts.
    """
    import ipywidgets as w

    from toolkit.charts.divergence import figure_png

    try:
        png = figure_png(draw(), dpi=dpi)
    except Exception:  # any chart bug: shown as an error on the page, never raised into it
        log.exception("a chart could not be drawn")
        return chart_error(lang)
    image = w.Image(value=png, format="png", layout=w.Layout(width=CHART_WIDTH))
    image.add_class("tk-chart")
    return image


def chart_error(lang: str):
    """The visible error (classes ``tk-error`` and ``tk-chart-error``) that stands in for a chart."""
    import ipywidgets as w

    from toolkit.ui.text import esc, t

    error = w.HTML(f'<div class="tk-error-text" role="alert">⚠ {esc(t("chart_failed", lang))}</div>')
    error.add_class("tk-error")
    error.add_class("tk-chart-error")
    return error
