"""The lobby as a plain page of ``toolkit serve``: the workshops on offer, join with a code, and
start a session as facilitator. It needs no kernel, so a crowd at the front door costs nothing.

``GET /lobby`` lists the workshops (``/`` and the old ``lobby.ipynb`` address lead here);
``POST /lobby/start`` creates a session through core and answers with a page that shows the join
code, the facilitator key (once, never cached) and the two links. The form carries a CSRF token
tied to the browser's nonce cookie, like the join form.
"""
from __future__ import annotations

from toolkit.core import sessions as core
from toolkit.core.definitions import all_workshops, get_workshop
from toolkit.core.errors import ToolkitError
from toolkit.core.i18n import role_label
from toolkit.core.urls import join_url, public_base_url
from toolkit.ui.apps import LIVE_NOTEBOOK, NOTEBOOKS_DIR
from toolkit.ui.text import t
from toolkit.web import security
from toolkit.web.handlers import BaseHandler, in_thread

LOBBY_CSRF_SCOPE = "LOBBY"  # the CSRF token of the start form is scoped to the lobby, not a session
NONCE_COOKIE = "tk_lobby_nonce"  # its own name and path: the join form's nonce lives under /j
MAX_BODY_BYTES = 4096


class LobbyHandler(BaseHandler):
    """``GET /lobby``: the workshops, the join-by-code form and a start button per workshop."""

    def get(self) -> None:
        self.lobby_page(self.chosen_lang() or "nl")

    def lobby_page(self, lang: str, error: str | None = None, status: int = 200) -> None:
        nonce = self.get_cookie(NONCE_COOKIE)
        if not security.well_formed(nonce):
            nonce = security.new_nonce()
            self.set_cookie(NONCE_COOKIE, nonce, path=f"{self.web.base}/lobby", httponly=True, samesite="Lax")
        workshops = []
        for workshop in all_workshops():
            self_paced = (NOTEBOOKS_DIR / "self-paced" / f"{workshop.id}.ipynb").is_file()
            workshops.append({
                "id": workshop.id, "title": workshop.title(lang), "description": workshop.description(lang),
                "minutes": workshop.duration_minutes, "phases": len(workshop.phases),
                "roles": ", ".join(role_label(r, lang) for r in workshop.roles),
                "self_paced": f"{self.web.base}/voila/render/self-paced/{workshop.id}.ipynb?lang={lang}"
                if self_paced else None,
            })
        self.set_status(status)
        self.finish(self.web.renderer.page(
            "lobby.html", lang, workshops=workshops, error=error,
            csrf=security.csrf_token(nonce, LOBBY_CSRF_SCOPE),
        ))


class LobbyStartHandler(LobbyHandler):
    """``POST /lobby/start``: create a session of the chosen workshop (core checks the input)."""

    async def post(self) -> None:
        lang = self.chosen_lang(self.get_body_argument("lang", None)) or "nl"
        if len(self.request.body) > MAX_BODY_BYTES:
            self.lobby_page(lang, t("web_too_large", lang), 413)
            return
        nonce = self.get_cookie(NONCE_COOKIE)
        if not security.csrf_ok(nonce, LOBBY_CSRF_SCOPE, self.get_body_argument("csrf", None)):
            self.lobby_page(lang, t("web_csrf_invalid", lang), 403)
            return
        workshop_id = self.get_body_argument("workshop", "")
        anonymous = self.get_body_argument("anonymous", "") == "on"
        try:
            created = await in_thread(core.create_session, self.web.store, workshop_id, lang, anonymous)
        except ToolkitError as err:  # an unknown workshop, a forged language: core's own message
            self.lobby_page(lang, err.in_language(lang), 422)
            return
        base = self.web.base
        self.finish(self.web.renderer.page(
            "lobby_created.html", lang, code=created.code, key=created.facilitator_key,
            workshop_title=get_workshop(created.workshop_id).title(lang),
            facilitator_url=f"{base}/voila/render/{LIVE_NOTEBOOK}?session={created.code}&view=facilitator&lang={lang}",
            participant_url=join_url(public_base_url(f"{self.request.protocol}://{self.request.host}{base}"),
                                     created.code),
        ))


def lobby_handlers(web) -> list:
    """The lobby's routes, for :func:`toolkit.web.handlers.web_handlers`."""
    args = {"web": web}
    return [
        (f"{web.base}/lobby/?", LobbyHandler, args),
        (f"{web.base}/lobby/start", LobbyStartHandler, args),
    ]
