"""The divergence view: how each discipline rated differently, one rating phase at a time.

Rating phases have their own scales (readiness 1-5, emotion -2..+2), so the chart shows one
phase; when a workshop has several, the facilitator picks it. It draws with matplotlib, so only
pages that show it (facilitator views) import it.
"""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.definitions import Workshop
from toolkit.core.views import divergence_phase, rating_phases
from toolkit.ui.figure_view import ChartSlot
from toolkit.ui.phase_picker import PhasePicker
from toolkit.ui.text import esc, t


class DivergenceView:
    """Redrawn on demand from a snapshot (the facilitator page calls :meth:`update`)."""

    def __init__(self, lang: str, workshop: Workshop | None = None) -> None:
        self.lang = lang
        self.workshop = workshop
        self.title = w.HTML()
        self.phases_shown = PhasePicker(self._draw)
        self.picker = self.phases_shown.widget  # the dropdown
        self.picker.add_class("tk-divergence-phase")
        self.chart = ChartSlot()  # the chart (a .tk-chart image), or the error that stands in for it
        self.widget = w.VBox([self.title, self.picker, self.chart.widget])
        self.widget.add_class("tk-divergence")
        self._snapshot = None
        self.table = None  # the table drawn last (one rating phase's)
        self.set_language(lang)

    @property
    def phase(self) -> str | None:
        """The rating phase shown."""
        return self.picker.value

    def update(self, snapshot, current_phase: str | None = None) -> None:
        """Draw ``snapshot``; the phase follows ``current_phase`` until the facilitator picks one."""
        self._snapshot = snapshot
        if self.workshop is not None:
            self.phases_shown.set(divergence_phase(self.workshop, current_phase, self.phases_shown.chosen))
        self._draw()

    def _draw(self) -> None:
        if self._snapshot is None:
            return
        from toolkit.charts.divergence import divergence_chart
        from toolkit.methods.brainstorm import rating_divergence

        phase = self.phase
        title, scale = None, None
        if phase is not None:
            spec = self.workshop.phase(phase)
            title, scale = spec.title(self.lang), self.workshop.scale(spec.rating.scale)
        table = rating_divergence(self._snapshot, phase) if phase is not None or self.workshop is None else None
        self.table = table
        self.chart.show(lambda: divergence_chart(table, self.lang, phase_title=title, scale=scale), self.lang,
                        dpi=80, alt=t("divergence_title", self.lang) + (f": {title}" if title else ""),
                        data=(table, title, scale))

    @property
    def image(self):
        """The chart's image widget (``None`` while an error stands in its place)."""
        return self.chart.shown

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<h4>{esc(t('divergence_title', lang))}</h4>"
        self.picker.description = t("divergence_phase", lang)  # a label for screen readers too
        self.picker.style.description_width = "initial"
        phases = rating_phases(self.workshop, lang) if self.workshop is not None else ()
        self.phases_shown.set_options(phases, default=phases[0][0] if phases else None)
        self._draw()
