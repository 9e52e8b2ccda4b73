"""The divergence view: a small chart of how each discipline rated or voted differently.

It draws with matplotlib, so only pages that show it (facilitator views) import it.
"""
from __future__ import annotations

import ipywidgets as w

from toolkit.ui.figure_view import chart_image
from toolkit.ui.text import esc, t


class DivergenceView:
    """Redrawn on demand from a snapshot (the facilitator page calls :meth:`update`)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.title = w.HTML()
        self.chart = w.VBox()
        self.widget = w.VBox([self.title, self.chart])
        self.widget.add_class("tk-divergence")
        self._snapshot = None
        self.set_language(lang)

    def update(self, snapshot) -> None:
        from toolkit.charts.divergence import divergence_chart
        from toolkit.methods.brainstorm import rating_divergence

        self._snapshot = snapshot
        lang = self.lang
        self.chart.children = [chart_image(lambda: divergence_chart(rating_divergence(snapshot), lang), lang, dpi=80)]

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<h4>{esc(t('divergence_title', lang))}</h4>"
        if self._snapshot is not None:
            self.update(self._snapshot)
