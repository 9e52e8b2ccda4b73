"""Votes and scores split by role on the facilitator page: one vote or rating phase at a time.

The chart follows the current phase while it votes or rates; otherwise it keeps the phase shown
last (or the first with input), and the facilitator can pick another. Drawn from a snapshot by
:mod:`toolkit.methods.by_role` and :mod:`toolkit.charts.by_role`, like the report's sections.
"""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.definitions import Workshop
from toolkit.ui.figure_view import ChartSlot
from toolkit.ui.phase_picker import PhasePicker
from toolkit.ui.text import esc, t


class ByRoleView:
    """Redrawn on demand (the facilitator page calls :meth:`update` with each new snapshot)."""

    def __init__(self, lang: str, workshop: Workshop) -> None:
        from toolkit.methods.by_role import split_phases

        self.lang = lang
        self.workshop = workshop
        self.phases = split_phases(workshop)
        self.title = w.HTML()
        self.phases_shown = PhasePicker(self._draw)
        self.picker = self.phases_shown.widget  # the dropdown
        self.picker.add_class("tk-by-role-phase")
        self.takeaway = w.HTML()
        self.chart = ChartSlot()  # a .tk-chart image, or the error that stands in for it
        self.widget = w.VBox([self.title, self.picker, self.takeaway, self.chart.widget])
        self.widget.add_class("tk-by-role")
        self.widget.layout.display = "" if self.phases else "none"
        self.result = None  # the split drawn last
        self._snapshot = None
        self.set_language(lang)

    @property
    def phase(self) -> str | None:
        return self.picker.value

    def update(self, snapshot, current_phase: str | None = None) -> None:
        """Draw ``snapshot``; the phase follows ``current_phase`` while it votes or rates."""
        self._snapshot = snapshot
        ids = [p.id for p in self.phases]
        if current_phase in ids:
            self.phases_shown.chosen = None
            self.phases_shown.set(current_phase)
        elif self.phases_shown.chosen is None and self.phase is None and ids:
            self.phases_shown.set(ids[0])
        self._draw()

    def _draw(self) -> None:
        if self._snapshot is None or self.phase is None:
            return
        from toolkit.charts.by_role import by_role_chart
        from toolkit.methods.by_role import dimension_labels, rating_takeaway, split, vote_takeaway

        phase = self.workshop.phase(self.phase)
        result = split(self._snapshot, phase, self.workshop)
        self.result = result
        dims = dimension_labels(phase, self.lang)
        scale = self.workshop.scale(phase.rating.scale) if phase.rating else None
        if result.empty:
            line = ""
        elif result.kind == "vote":
            line = vote_takeaway(result, self.lang)
        else:
            line = rating_takeaway(result, dims, self.lang)
        self.takeaway.value = f"<p>{esc(line)}</p>" if line else ""
        title = phase.title(self.lang)
        self.chart.show(lambda: by_role_chart(result, self.lang, phase_title=title, dimensions=dims, scale=scale),
                        self.lang, dpi=80, alt=title,
                        data=(result.phase, result.kind, result.table, tuple(result.people.items()), title,
                              tuple((dims or {}).items()), scale))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = f"<h4>{esc(t('by_role_title', lang))}</h4>"
        self.picker.description = t("by_role_phase", lang)  # a label for screen readers too
        self.picker.style.description_width = "initial"
        self.phases_shown.set_options([(p.id, p.title(lang)) for p in self.phases])
        self._draw()
