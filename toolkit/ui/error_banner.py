"""A banner that shows core's error messages (and nothing when all is well)."""
from __future__ import annotations

import logging

import ipywidgets as w

from toolkit.core.errors import ToolkitError
from toolkit.ui.text import esc, t

log = logging.getLogger(__name__)


class ErrorBanner:
    """Shows the last error in the page's language; cleared by the next successful action."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._error: Exception | None = None
        self.widget = w.HTML(layout=w.Layout(display="none"))
        self.widget.add_class("tk-error")

    def show(self, error: Exception) -> None:
        """Show ``error``: a core error in the page's language, anything else as a plain apology."""
        if not isinstance(error, ToolkitError):
            log.exception("unexpected error in a live page", exc_info=error)
        self._error = error
        self._render()

    def clear(self) -> None:
        self._error = None
        self._render()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._render()

    @property
    def message(self) -> str:
        if self._error is None:
            return ""
        if isinstance(self._error, ToolkitError):
            return self._error.in_language(self.lang)
        return t("unexpected", self.lang)

    def _render(self) -> None:
        if self._error is None:
            self.widget.value = ""
            self.widget.layout.display = "none"
        else:
            self.widget.value = f'<div class="tk-error-text" role="alert">⚠ {esc(self.message)}</div>'
            self.widget.layout.display = ""

    def guard(self, action, *args, **kwargs):
        """Run ``action``; show its error instead of raising. Returns its result or ``None``."""
        try:
            result = action(*args, **kwargs)
        except Exception as exc:  # every failure is shown to the user, nothing is raised into the UI
            self.show(exc)
            return None
        self.clear()
        return result
