"""What the thin notebooks call: build a page once the Voila request has arrived."""
from __future__ import annotations

import ipywidgets as w

from toolkit.ui.style import style_widget


def root(warm: bool = True) -> w.VBox:
    """An empty page container (displayed while the kernel waits for its visitor).

    With ``warm``, the live engine is imported and the store opened now, while a pooled
    kernel is still waiting, so that the visitor's page is built without that delay.
    """
    if warm:
        import toolkit.ui.session_app  # noqa: F401  (imported for its side effect: warm caches)
        from toolkit.core.definitions import all_workshops
        from toolkit.core.store import get_store

        get_store()
        all_workshops()
    box = w.VBox([style_widget()])
    box.add_class("tk-root")
    return box


def show_live(container: w.VBox, workshop_id: str | None = None):
    """Fill ``container`` with the live app for the session in the request's query string."""
    from toolkit.ui.browser import query_params
    from toolkit.ui.session_app import LiveApp

    if workshop_id is not None and not query_params().get("session"):
        # Opened without a session: offer to start one of this workshop (or join by code).
        return show_lobby(container, only=workshop_id)
    app = LiveApp.from_request()
    container.children = (container.children[0], app.widget)
    return app


def show_lobby(container: w.VBox, only: str | None = None):
    """Fill ``container`` with the lobby in the language of ``?lang=`` (default Dutch)."""
    from toolkit.ui.browser import query_params
    from toolkit.ui.lobby import Lobby

    lang = query_params().get("lang", "nl")
    lobby = Lobby(lang=lang if lang in ("nl", "en") else "nl", only=only)
    container.children = (container.children[0], lobby.widget)
    return lobby
