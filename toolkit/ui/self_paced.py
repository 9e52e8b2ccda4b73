"""Self-paced use: one person works through a workshop alone, on a local session of their own.

The session lives in the same store as live sessions (a SQLite file under ``data/`` by default),
starts from the method's example data when one is given, and is shown with the same live app,
plus a small bar to step through the phases. Nothing here is specific to one method.
"""
from __future__ import annotations

import ipywidgets as w

from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store, get_store
from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.session_app import LiveApp
from toolkit.ui.style import style_widget
from toolkit.ui.text import t


class SelfPaced:
    """A private session of ``workshop_id`` for one person, optionally filled from ``example``."""

    def __init__(self, workshop_id: str, example: str | None = None, lang: str = "nl", role: str = "marketing",
                 store: Store | None = None) -> None:
        self.store = store or get_store()
        if example:
            created = seed_session(self.store, example, language=lang)
        else:
            created = core.create_session(self.store, workshop_id, lang)
        self.code = created.code
        self._key = created.facilitator_key
        core.set_phase(self.store, self.code, self._key, 0)
        me = core.join(self.store, self.code, role, t("me", lang))
        self.app = LiveApp(self.store, self.code, view="participant", lang=lang, token=me.token)
        self.app.silent_phases = False
        self.app.refresh()
        self.errors = ErrorBanner(lang)
        self.previous = w.Button(description=t("previous_phase", lang), layout=w.Layout(width="auto"))
        self.previous.add_class("tk-prev-phase")
        self.previous.on_click(lambda _b: self._step(core.previous_phase))
        self.next = w.Button(description=t("next_phase", lang), button_style="primary", layout=w.Layout(width="auto"))
        self.next.add_class("tk-next-phase")
        self.next.on_click(lambda _b: self._step(core.next_phase))
        self.widget = w.VBox([style_widget(), w.HBox([self.previous, self.next]), self.errors.widget, self.app.widget])
        self.widget.add_class("tk-self-paced")

    def _step(self, operation) -> None:
        self.errors.guard(operation, self.store, self.code, self._key)
        self.app.refresh()

    def go_to(self, phase_id: str) -> None:
        """Jump to a phase by its id."""
        index = [p.id for p in self.app.state.workshop.phases].index(phase_id)
        core.set_phase(self.store, self.code, self._key, index)
        self.app.refresh()

    def snapshot(self):
        """The session so far, for the analysis cells."""
        return core.snapshot(self.store, self.code)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
