"""Show a chart in a notebook or Voila page: the figure as a PNG image.

Chart functions build ``Figure()`` objects without pyplot, so no inline backend is set up to
display them; this turns one into an image any front end shows.
"""
from __future__ import annotations


def show(fig, dpi: int = 110):
    """An ``IPython.display.Image`` of ``fig`` (the cell's result displays it)."""
    from IPython.display import Image

    from toolkit.charts.divergence import figure_png

    return Image(data=figure_png(fig, dpi=dpi), format="png")
