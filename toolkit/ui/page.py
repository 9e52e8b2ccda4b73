"""What the thin notebooks call: build a page once the Voila request has arrived."""
from __future__ import annotations

import ipywidgets as w

from toolkit.ui.style import style_widget

# What the facilitator page adds once the key is accepted (small modules; the chart libraries
# load on their own, see toolkit.ui.preload).
FACILITATOR_MODULES = ("toolkit.ui.divergence", "toolkit.ui.by_role", "toolkit.ui.invitation", "toolkit.ui.role_items",
                       "toolkit.ui.run_sheet", "toolkit.ui.list_editor", "toolkit.ui.csv_upload",
                       "toolkit.ui.carried_panel", "toolkit.ui.suggestions", "toolkit.ui.preload",
                       "toolkit.ui.lazy_accordion", "segno")


def root(warm: bool = True) -> w.VBox:
    """An empty page container (displayed while the kernel waits for its visitor).

    With ``warm``, the live engine (and what the facilitator's controls use) is imported and the
    store opened now, while a pooled kernel is still waiting, so that the visitor's page is built
    without that delay.
    """
    if warm:
        import importlib

        import toolkit.ui.session_app  # noqa: F401  (imported for its side effect: warm caches)

        for name in FACILITATOR_MODULES:
            importlib.import_module(name)
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


_BUILDS: set = set()  # the pending page builds (the event loop keeps only weak references)


def show_live_on_request(container: w.VBox, workshop_id: str | None = None) -> None:
    """:func:`show_live` once the page's visitor is known.

    A kernel started for its request builds it now. A warm kernel builds it when Voila hands it
    the visitor, on the kernel's event loop: the notebook's cells have ended by then, so Voila
    sends the whole pre-rendered page at once and the browser loads its scripts while the kernel
    builds the app (the widgets reach the page when it connects)."""
    from toolkit.ui.request import preheated, request_arrived

    if not preheated():
        show_live(container, workshop_id)
        return

    async def build() -> None:
        try:
            await request_arrived()
            show_live(container, workshop_id)
        except Exception as exc:  # shown as the page's error, in its language
            from toolkit.ui.browser import query_params
            from toolkit.ui.error_banner import ErrorBanner

            banner = ErrorBanner("en" if query_params().get("lang") == "en" else "nl")
            banner.show(exc)
            container.children = (container.children[0], banner.widget)

    import asyncio

    task = asyncio.get_running_loop().create_task(build())
    _BUILDS.add(task)
    task.add_done_callback(_BUILDS.discard)


def show_lobby(container: w.VBox, only: str | None = None):
    """Fill ``container`` with the lobby in the language of ``?lang=`` (default Dutch)."""
    from toolkit.ui.browser import query_params
    from toolkit.ui.lobby import Lobby

    lang = query_params().get("lang", "nl")
    lobby = Lobby(lang=lang if lang in ("nl", "en") else "nl", only=only)
    container.children = (container.children[0], lobby.widget)
    return lobby


EXAMPLE_PERSONA = "persona-energy"


def persona_for(code: str | None, store=None):
    """The persona a tone-checker page checks against: the agreed persona of the brand-persona
    session ``code`` when one is given, else the example energy supplier's.

    Raises ``NotFoundError`` for an unknown code, and ``ValidationError`` for a session of
    another workshop (core's messages, shown by the page)."""
    from toolkit.methods.persona import agreed_persona

    if not code:
        from toolkit.core.examples import load_example

        return agreed_persona(load_example(EXAMPLE_PERSONA))
    from toolkit.core.errors import ValidationError
    from toolkit.core.sessions import snapshot
    from toolkit.core.store import get_store

    snap = snapshot(store or get_store(), code)
    if snap.workshop_id != "brand-persona":
        raise ValidationError("workshop_not_found", snap.language, workshop=snap.workshop_id)
    return agreed_persona(snap)


def show_tone_checker(container: w.VBox):
    """Fill ``container`` with the tone checker for ``?session=CODE`` (or the example persona)."""
    from toolkit.ui.browser import query_params
    from toolkit.ui.error_banner import ErrorBanner
    from toolkit.ui.tone_checker import ToneChecker

    params = query_params()
    lang = params.get("lang", "nl") if params.get("lang") in ("nl", "en") else "nl"
    banner = ErrorBanner(lang)
    persona = banner.guard(persona_for, params.get("session", "").strip().upper()[:12] or None)
    if persona is None:  # the error is shown; the example persona still lets the page be used
        persona = persona_for(None)
    checker = ToneChecker(persona, lang)
    container.children = (container.children[0], banner.widget, checker)
    return checker
