"""The rating grid: items x (columns) x dimensions, each scored on the phase's scale."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.definitions import Phase, Scale
from toolkit.ui.text import esc, t


class RatingGrid:
    """Pick an item, then score each column and dimension. ``on_rate(row, column, dimension,
    score)`` sends one score to core; the grid shows the participant's own earlier scores."""

    def __init__(self, phase: Phase, scale: Scale, lang: str,
                 on_rate: Callable[[str, str | None, str, int], bool]) -> None:
        self.phase = phase
        self.scale = scale
        self.lang = lang
        self._on_rate = on_rate
        self.rows: list[tuple[str, str]] = []
        self.columns: list[tuple[str, str]] = []
        self.mine: dict[tuple[str, str | None, str], int] = {}
        self._cells: dict[tuple[str | None, str], w.Dropdown] = {}
        self._quiet = False
        self.row = w.Dropdown(layout=w.Layout(width="min(100%, 36em)"))
        self.row.add_class("tk-rating-row")
        self.row.observe(lambda _c: self._show_row(), "value")
        self.legend = w.HTML()
        self.grid = w.GridBox()
        self.grid.add_class("tk-rating-grid")
        self.widget = w.VBox([self.row, self.legend, self.grid])
        self.widget.add_class("tk-rating")

    def update(self, rows: list[tuple[str, str]], columns: list[tuple[str, str]],
               mine: dict[tuple[str, str | None, str], int]) -> None:
        """Set the items, the columns (empty for a plain list) and the participant's scores."""
        rebuild = columns != self.columns
        self.mine = dict(mine)
        self.columns = columns
        if rows != self.rows:
            self.rows = rows
            chosen = self.row.value
            self._quiet = True
            # Dropdown labels are plain text, so participant text needs no escaping here.
            self.row.options = [(label[:90], key) for key, label in rows]
            keys = [k for k, _ in rows]
            self.row.value = chosen if chosen in keys else (keys[0] if keys else None)
            self._quiet = False
        if rebuild or not self._cells:
            self._build_cells()
        self._show_row()

    def _build_cells(self) -> None:
        dims = self.phase.rating.dimensions
        columns = self.columns or [(None, "")]
        options = [("–", None)] + [(str(v), v) for v in range(self.scale.low, self.scale.high + 1)]
        children = [w.HTML("")] + [w.HTML(f"<b>{esc(d.label(self.lang))}</b>") for d in dims]
        self._cells = {}
        for col_key, col_label in columns:
            children.append(w.HTML(f"<span class='tk-rating-col'>{esc(col_label)}</span>"))
            for d in dims:
                cell = w.Dropdown(options=options, layout=w.Layout(width="5.5em"))
                cell.add_class("tk-rating-cell")
                cell.add_class(f"tk-rating-{col_key or 'item'}-{d.id}")
                cell.observe(lambda change, ck=col_key, dim=d.id: self._scored(ck, dim, change), "value")
                self._cells[(col_key, d.id)] = cell
                children.append(cell)
        self.grid.children = children
        self.grid.layout = w.Layout(grid_template_columns=f"minmax(8em, 14em) repeat({len(dims)}, 6em)",
                                    grid_gap="4px 8px")

    def _show_row(self) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            for (col, dim), cell in self._cells.items():
                cell.value = self.mine.get((self.row.value, col, dim))
                cell.disabled = self.row.value is None
        finally:
            self._quiet = False
        s = self.scale
        nothing = "" if self.rows else f"<i>{esc(t('rating_nothing', self.lang))}</i><br>"
        self.legend.value = (f"{nothing}<small>{s.low} = {esc(s.low_label(self.lang))} · "
                             f"{s.high} = {esc(s.high_label(self.lang))}</small>")

    def _scored(self, column: str | None, dimension: str, change) -> None:
        if self._quiet or change["new"] is None or self.row.value is None:
            return
        key = (self.row.value, column, dimension)
        if self._on_rate(*key, change["new"]):
            self.mine[key] = change["new"]
        else:  # refused by core: show the score that is saved, not the one that was not
            self._quiet = True
            try:
                self._cells[(column, dimension)].value = self.mine.get(key)
            finally:
                self._quiet = False

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._build_cells()
        self._show_row()
