"""The nl/en switch; every component on the page follows it."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.i18n import LANGUAGES


class LanguageSwitch:
    """Toggle buttons NL / EN; calls ``on_change(lang)`` with a supported language only."""

    def __init__(self, lang: str, on_change: Callable[[str], None]) -> None:
        self.widget = w.ToggleButtons(options=[(code.upper(), code) for code in LANGUAGES], value=lang,
                                      style={"button_width": "3.2em"})
        self.widget.add_class("tk-lang")
        self.lang = lang
        self._on_change = on_change
        self.widget.observe(self._changed, "value")

    def _changed(self, change) -> None:
        new = change["new"]
        if new in LANGUAGES:
            if new != self.lang:
                self.lang = new
                self._on_change(new)
        else:
            # A forged ``None`` (no button selected) passes the widget's own check: show the
            # language the page is still in again.
            self.widget.value = self.lang
