"""A dropdown of phases for a chart that follows the session: the page sets it quietly (the
current phase), and once the facilitator picks a phase, ``on_pick`` is called and ``chosen`` kept."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w


class PhasePicker:
    """``widget`` is the dropdown (the caller adds its class), hidden while there is one phase or none."""

    def __init__(self, on_pick: Callable[[], None]) -> None:
        self.widget = w.Dropdown(layout=w.Layout(width="min(100%, 28em)"))
        self.chosen: str | None = None
        self._on_pick = on_pick
        self._quiet = False
        self.widget.observe(self._picked, "value")

    @property
    def value(self) -> str | None:
        return self.widget.value

    def set(self, phase: str | None) -> None:
        """Show ``phase`` without counting it as the facilitator's choice."""
        if phase != self.widget.value:
            self._quiet = True
            try:
                self.widget.value = phase
            finally:
                self._quiet = False

    def set_options(self, phases: tuple[tuple[str, str], ...] | list[tuple[str, str]],
                    default: str | None = None) -> None:
        """``(id, title)`` of the phases to choose from; the shown phase stays when it still is one."""
        self._quiet = True
        try:
            shown = self.widget.value
            self.widget.options = [(title, pid) for pid, title in phases]
            self.widget.value = shown if shown in {p for p, _ in phases} else default
        finally:
            self._quiet = False
        self.widget.layout.display = "" if len(phases) > 1 else "none"

    def _picked(self, change) -> None:
        if not self._quiet:
            self.chosen = change["new"]
            self._on_pick()
