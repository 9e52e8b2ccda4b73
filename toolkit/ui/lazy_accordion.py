"""An accordion whose sections are built the first time they are opened.

A closed section shows nothing, yet every widget in it is sent to the browser with the page: a
facilitator page with a list editor per workshop list would send them all. Here a closed section
is an empty box until the facilitator opens it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as w


class LazyAccordion(w.Accordion):
    """Sections made by ``builders`` (each returns the section's widget), all closed at first;
    :attr:`built` maps a section's index to its widget once it was opened."""

    def __init__(self, builders: Sequence[Callable[[], w.Widget]], titles: Sequence[str] = (), **kwargs) -> None:
        self._builders = tuple(builders)
        self.built: dict[int, w.Widget] = {}
        super().__init__(children=[w.VBox() for _ in self._builders], titles=tuple(titles), selected_index=None,
                         **kwargs)
        self.observe(self._opened, "selected_index")

    def _opened(self, change) -> None:
        index = change["new"]
        if index is not None and index not in self.built:
            self.build(index)

    def build(self, index: int) -> w.Widget:
        """Build section ``index`` now (opening it does this) and return its widget."""
        if index not in self.built:
            self.built[index] = widget = self._builders[index]()
            self.children[index].children = (widget,)
        return self.built[index]
