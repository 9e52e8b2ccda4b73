"""The projector view: the room's screen, a plain page of ``toolkit serve`` with no kernel.

``GET /j/CODE/screen`` shows the QR code and the short join link, the phase and its timer, the
agreed items in large type and the board as a participant who wrote nothing sees it (silent
phases only say how much came in); ``GET /j/CODE/screen/live`` is its server-sent-events
stream, the same channel and watcher as the participant pages. It needs no key and no cookie:
it shows only what any participant may see (:func:`toolkit.core.views.projector_view`), so the
facilitator can open it on the beamer without showing the key. Same rules as the participant
page: Jinja2 autoescape, the same CSP, unknown codes count as guesses.
"""
from __future__ import annotations

import time

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.errors import NotFoundError, RateLimited
from toolkit.web.handlers import CODE, BaseHandler, LiveHandler, in_thread
from toolkit.web.render import FormContext, countdown

# Not a participant id (those start at 1): the projector's stream gets what everyone else gets.
PROJECTOR_VIEWER = 0
SCREEN = "/screen"


def screen_path(base: str, code: str) -> str:
    """The projector page of session ``code`` (no key in it)."""
    return f"{base}/j/{code}{SCREEN}"


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI (the page's CSP allows ``img-src data:``)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=8, dark="#111111", border=2)


class ScreenHandler(BaseHandler):
    """``/j/CODE/screen``: the projector page."""

    async def get(self, code: str) -> None:
        found = await self.session_page(code, SCREEN)
        if found is None:
            return
        state, lang = found
        shown = await in_thread(views.projector_view, self.web.store, state.code, lang)
        base = self.web.base
        join_path = f"{base}/j/{state.code}"
        join_url = f"{self.request.protocol}://{self.request.host}{join_path}"
        now = time.time()
        view = shown.view
        self.finish(self.web.renderer.page(
            "screen.html", lang, shown=shown, view=view, code=state.code, now=f"{now:.3f}",
            ctx=FormContext(base, state.code, lang), join_short=f"{self.request.host}{join_path}",
            join_host=self.request.host, join_path=join_path,
            join_url=join_url, qr=qr_data_uri(join_url),
            timer_text=countdown(view.phase.timer_deadline, lang, now),
            live=f"{screen_path(base, state.code)}/live?lang={lang}",
        ))


class ScreenLiveHandler(LiveHandler):
    """``/j/CODE/screen/live``: the projector's stream; it follows what a visitor sees."""

    async def viewer(self, code: str) -> tuple[str, int] | None:
        try:
            state = await in_thread(core.find_session, self.web.store, code, self.client)
        except (NotFoundError, RateLimited):
            return None
        return state.code, PROJECTOR_VIEWER


def projector_handlers(web) -> list:
    """The projector's routes, for :func:`toolkit.web.handlers.web_handlers`."""
    args = {"web": web}
    return [
        (f"{web.base}/j/{CODE}/screen/?", ScreenHandler, args),
        (f"{web.base}/j/{CODE}/screen/live", ScreenLiveHandler, args),
    ]
