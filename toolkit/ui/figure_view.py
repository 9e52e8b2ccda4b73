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


class ChartSlot:
    """One place on the page where a chart shows, redrawn in place.

    :meth:`show` draws the figure and updates the image already on screen: nothing is sent to
    the browser when the PNG and its name are unchanged, and a widget that is replaced (an image
    by an error, or back) is closed, so a long session does not pile up widgets in the kernel
    and the browser. ``widget`` holds the image (class ``tk-chart``) or the error in its place.
    """

    def __init__(self) -> None:
        self.widget = w.VBox()
        self._drawn = None  # what the image shown was drawn from (see show's ``data``)

    @property
    def shown(self):
        """The chart's image widget (``None`` before the first draw and while an error shows)."""
        child = self.widget.children[0] if self.widget.children else None
        return child if isinstance(child, ChartImage) else None

    @property
    def error(self):
        """The error that stands in for the chart (``None`` while none does)."""
        child = self.widget.children[0] if self.widget.children else None
        return child if child is not None and "tk-chart-error" in child._dom_classes else None

    def show(self, draw: Callable[[], object], lang: str, dpi: int = 100, alt: str = "", data=None) -> None:
        """Show the figure that ``draw()`` returns, named ``alt`` for screen readers (the image's
        ``alt``; the takeaway beside it says what it shows).

        ``data`` is what the figure is drawn from (a tuple; DataFrames in it compare by content):
        when it is given and the image shown was drawn from the same, nothing is drawn again.
        When drawing fails, a visible error in ``lang`` (class ``tk-error``) stands in its place
        and the failure is logged for whoever runs the server: one broken chart never hides the
        controls or the other charts.
        """
        from toolkit.charts.divergence import figure_png

        name = alt or _chart_name(lang)
        drawn = None if data is None else (data, lang, dpi, name)
        if drawn is not None and self.shown is not None and _same(drawn, self._drawn):
            return
        self._drawn = None
        try:
            png = figure_png(draw(), dpi=dpi)
        except Exception:  # any chart bug: shown as an error on the page, never raised into it
            log.exception("a chart could not be drawn")
            self.show_error(lang)
            return
        image = self.shown
        if image is None:
            self._replace(ChartImage(png, name))
        else:
            image.set(png, name)
        self._drawn = drawn

    def show_error(self, lang: str) -> None:
        """Show the chart's error in ``lang`` (the one already shown stays, in that language)."""
        error = self.error
        if error is None:
            self._replace(chart_error(lang))
        else:
            set_chart_error(error, lang)

    def clear(self) -> None:
        """Show nothing (and close what showed)."""
        self._replace(None)

    def close(self) -> None:
        self.clear()
        close_widgets(self.widget)

    def _replace(self, child) -> None:
        old = self.widget.children
        self.widget.children = [child] if child is not None else []
        for widget in old:
            close_widgets(widget)


def _same(a, b) -> bool:
    """``a == b``, for tuples that may hold DataFrames (compared by content, index and columns)."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    if hasattr(a, "equals") and hasattr(a, "columns"):  # a DataFrame
        return bool(a.equals(b)) and list(a.columns) == list(b.columns) and list(a.index) == list(b.index)
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # something that compares element-wise: draw again
        return False


def close_widgets(widget) -> None:
    """Close ``widget`` with the widgets only it uses: its own layout and style, and its children
    (for the widgets a part builds for itself; never for a layout or style shared with others)."""
    for child in getattr(widget, "children", ()) or ():
        close_widgets(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget):
            part.close()
    widget.close()


def _chart_name(lang: str) -> str:
    from toolkit.ui.text import t

    return t("chart", lang)


class ChartImage(w.HTML):
    """A chart as an ``<img>`` with its ``alt`` text (the ipywidgets ``Image`` has none, and
    screen readers need one); ``png`` holds the image's bytes."""

    def __init__(self, png: bytes, alt: str) -> None:
        super().__init__(_img(png, alt), layout=w.Layout(width=CHART_WIDTH))
        self.png = png
        self.add_class("tk-chart")

    def set(self, png: bytes, alt: str) -> None:
        """Show ``png`` instead; the widget sends nothing when the markup is unchanged."""
        self.png = png
        self.value = _img(png, alt)


def _img(png: bytes, alt: str) -> str:
    from toolkit.ui.text import esc

    encoded = base64.b64encode(png).decode("ascii")
    return f"<img class='tk-chart-img' src='data:image/png;base64,{encoded}' alt='{esc(alt)}'>"


def chart_error(lang: str):
    """The visible error (classes ``tk-error`` and ``tk-chart-error``) that stands in for a chart."""
    error = w.HTML(_error_html(lang))
    error.add_class("tk-error")
    error.add_class("tk-chart-error")
    return error


def set_chart_error(error, lang: str) -> None:
    """Put ``error`` (made by :func:`chart_error`) in ``lang``; nothing is sent when it is already."""
    error.value = _error_html(lang)


def _error_html(lang: str) -> str:
    from toolkit.ui.text import esc, t

    return f'<div class="tk-error-text" role="alert">⚠ {esc(t("chart_failed", lang))}</div>'
