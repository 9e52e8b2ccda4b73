"""The run sheet on the facilitator page: per phase the planned, actual and re-balanced minutes.

Computed by :mod:`toolkit.core.runsheet` from the event log; the page redraws it with every
snapshot and, so that the current phase's minutes move on, on the page's tick at most every
:data:`TICK_SECONDS`.
"""
from __future__ import annotations

import time

import ipywidgets as w

from toolkit.core.definitions import Workshop
from toolkit.ui.text import esc, t

TICK_SECONDS = 20.0


class RunSheetView:
    """A table (``.tk-run-sheet``): phase, planned, actual, re-balanced; the current row marked."""

    def __init__(self, lang: str, workshop: Workshop) -> None:
        self.lang = lang
        self.workshop = workshop
        self.table = w.HTML()
        self.widget = w.VBox([self.table])
        self.widget.add_class("tk-run-sheet")
        self.sheet = None  # the run sheet drawn last
        self._events: list[dict] = []
        self._phase_index: int | None = None
        self._drawn_at = 0.0

    def update(self, snapshot, phase_index: int | None = None) -> None:
        """Take the event log of ``snapshot`` and draw the sheet as of now."""
        events = snapshot.events
        self._events = [] if events is None else [
            {"type": e.type, "at": e.at, "data": e.data} for e in events.itertuples(index=False)]
        self._phase_index = phase_index
        self.draw()

    def tick(self) -> None:
        """Redraw now and then, so the current phase's minutes count on."""
        if self._events and time.monotonic() - self._drawn_at >= TICK_SECONDS:
            self.draw()

    def draw(self, now: float | None = None) -> None:
        from toolkit.core.runsheet import run_sheet
        from toolkit.methods.run_sheet import minutes

        self._drawn_at = time.monotonic()
        sheet = run_sheet(self.workshop, self._events, time.time() if now is None else now, self._phase_index)
        self.sheet = sheet
        lang = self.lang
        head = "".join(f"<th scope='col'>{esc(t(k, lang))}</th>"
                       for k in ("run_sheet_phase", "run_sheet_planned", "run_sheet_actual", "run_sheet_rebalanced"))
        rows = []
        for r in sheet.rows:
            late = r.actual is not None and r.planned is not None and r.actual > r.planned + 0.05
            over = " tk-run-sheet-over" if late else ""
            current = " aria-current='step'" if r.status == "current" else ""
            cells = "".join(f"<td>{esc(minutes(v, lang))}</td>" for v in (r.planned, r.actual, r.rebalanced))
            title = esc(self.workshop.phases[r.index].title(lang))
            rows.append(f"<tr class='tk-run-sheet-{r.status}{over}'{current}><th scope='row'>{title}</th>{cells}</tr>")
        if sheet.started_at is None:
            status = t("run_sheet_not_started", lang, planned=minutes(sheet.duration, lang))
        elif sheet.shortfall >= 0.5:
            status = t("run_sheet_short", lang, elapsed=minutes(sheet.elapsed, lang),
                       planned=minutes(sheet.duration, lang), short=minutes(sheet.shortfall, lang))
        else:
            status = t("run_sheet_on_time", lang, elapsed=minutes(sheet.elapsed, lang),
                       planned=minutes(sheet.duration, lang))
        self.table.value = (
            f"<h4>{esc(t('run_sheet_title', lang))}</h4>"
            f"<p class='tk-run-sheet-status'>{esc(status)}</p>"
            f"<table class='tk-run-sheet-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.draw()
