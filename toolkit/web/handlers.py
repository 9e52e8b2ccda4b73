"""Tornado handlers of the participant page, added to the ``toolkit serve`` (Voila) server.

``GET /j`` asks for a code, ``GET /j/CODE`` is the participant page (the join form until the
browser holds a participant cookie), ``POST /j/CODE/<action>`` changes something through core,
``GET /j/CODE/live`` is the page's server-sent-events stream. Every action works as a plain form
post (success: redirect back; refusal: the page again with the message and what was typed); the
script sends the same forms with ``X-TK-Fetch: 1`` and gets JSON with the page operations. Its
join also asks for ``text/event-stream``: the answer is the page as a first event, and the same
connection goes on as the page's live channel (two requests for an arrival instead of three).
No handler holds a rule: core decides, and its errors carry the message in the page language.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qs

import tornado.routing
import tornado.web
from tornado.iostream import StreamClosedError

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.errors import NotFoundError, RateLimited, ToolkitError
from toolkit.core.i18n import LANGUAGES, role_label
from toolkit.core.store import Store, get_store
from toolkit.ui.apps import LIVE_NOTEBOOK
from toolkit.ui.text import t
from toolkit.web import security
from toolkit.web.live import KEEPALIVE_SECONDS, RETRY_MS, Hub, in_thread, read, write
from toolkit.web.push import QUIET, SessionPush, needs_state
from toolkit.web.render import STATIC_DIR, FormContext, Renderer

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
# Bodies above the cap are read and dropped up to this size (so the browser gets the 413 page);
# anything larger has its connection closed unread.
DRAIN_BODY_BYTES = 4 * 1024 * 1024
ACTIONS = ("join", "add", "edit", "delete", "vote", "rate")
# HTTP status of a refusal, by the kind of core error (by name: newer kinds need no import here).
STATUS = {"ValidationError": 422, "PermissionDenied": 403, "NotFoundError": 404, "PhaseError": 409,
          "RateLimited": 429}
CODE = r"([A-Za-z0-9]{1,12})"
_INT = re.compile(r"^-?\d{1,9}$")
SECURITY_HEADERS = {
    # No inline script or style anywhere: markup that slipped through could not run.
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class Seen:
    """Facts this process read from the store a moment ago and that never change: that a token
    is participant N of session CODE, that session CODE exists in language L. A page's live
    channel opens right after the page was read, and a join post comes right after its form; each
    would otherwise read the same again. Bounded: the oldest facts go first."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def put(self, key: Any, value: Any) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def get(self, key: Any) -> Any:
        return self._items.get(key)


class Web:
    """What the handlers share in one server process: the store, the renderer, the live hub."""

    def __init__(self, base: str = "", store: Store | None = None) -> None:
        self.renderer = Renderer(base)
        self.base = self.renderer.base
        self._store = store
        self._hub: Hub | None = None
        self.participants = Seen()  # (code, token) -> participant id
        self.sessions = Seen(2_000)  # code -> the session's language

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = get_store()
        return self._store

    @property
    def hub(self) -> Hub:
        if self._hub is None:
            self._hub = Hub(self.store, lambda code: SessionPush(self.store, self.renderer, code), needs_state, QUIET)
        return self._hub


def typed_code(value: str) -> str | None:
    """A session code as typed from a projector (case and spaces do not matter), if it could be one."""
    code = value.strip().upper().replace(" ", "")
    return code if code and code.isascii() and code.isalnum() and len(code) <= 12 else None


def as_int(value: str) -> int | str:
    """A posted whole number as ``int``; anything else as posted (core refuses it with a message)."""
    return int(value) if _INT.match(value) else value


def as_number(value: str) -> float | str:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


class BaseHandler(tornado.web.RequestHandler):
    def initialize(self, web: Web) -> None:
        self.web = web

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Cache-Control", "no-store")

    def compute_etag(self) -> None:
        """No ETag: every page is ``no-store``, so no browser would send it back."""
        return None

    def chosen_lang(self, posted: str | None = None) -> str | None:
        """The language asked for: posted or ``?lang=`` (remembered), a cookie, Accept-Language."""
        for asked in (posted, self.get_query_argument("lang", None)):
            if asked in LANGUAGES:
                if self.get_cookie(security.LANG_COOKIE) != asked:
                    self.set_cookie(security.LANG_COOKIE, asked, path=f"{self.web.base}/j", httponly=True,
                                    samesite="Lax", expires_days=30)
                return asked
        remembered = self.get_cookie(security.LANG_COOKIE)
        if remembered in LANGUAGES:
            return remembered
        ranked = []
        for part in self.request.headers.get("Accept-Language", "").split(","):
            tag, _, q = part.strip().partition(";q=")
            try:
                weight = float(q) if q else 1.0
            except ValueError:
                continue
            ranked.append((-weight, tag.split("-")[0].lower()))
        return next((tag for _, tag in sorted(ranked) if tag in LANGUAGES), None)

    def ask_page(self, lang: str, code: str = "", error: str | None = None, status: int = 200) -> None:
        self.set_status(status)
        self.finish(self.web.renderer.page("ask.html", lang, code=code, error=error, gone=bool(error)))

    def join_page(self, state: core.SessionState, lang: str, error: str | None = None,
                  draft: dict[str, str] | None = None, status: int = 200) -> None:
        nonce = self.get_cookie(security.NONCE_COOKIE)
        if not security.well_formed(nonce):
            nonce = security.new_nonce()
            self.set_cookie(security.NONCE_COOKIE, nonce, path=f"{self.web.base}/j", httponly=True, samesite="Lax")
        roles = tuple((role, role_label(role, lang)) for role in state.workshop.roles)
        csrf = security.csrf_token(nonce, state.code)
        self.set_status(status)
        if error is None and not draft:
            self.finish(self.web.renderer.join_form(lang, state.code, csrf, roles, state.anonymous,
                                                    state.workshop.title(lang)))
            return
        self.finish(self.web.renderer.page(
            "join.html", lang, code=state.code, csrf=csrf, roles=roles, anonymous=state.anonymous,
            workshop_title=state.workshop.title(lang), error=error, draft=draft or {},
        ))

    def participant_page(self, view: views.SessionView, token: str, error: str | None = None,
                         draft: dict[str, str] | None = None, status: int = 200) -> None:
        self.set_status(status)
        self.finish(self.page_html(view, token, error, draft))

    def page_html(self, view: views.SessionView, token: str, error: str | None = None,
                  draft: dict[str, str] | None = None) -> str:
        """The participant's page as HTML (their own forms carry their CSRF token)."""
        ctx = FormContext(self.web.base, view.code, view.language, security.csrf_token(token, view.code),
                          view.input.max_length)
        phase = view.source.state.phase
        ref_phases = {f.id: f.ref_phase for f in phase.fields if f.ref_phase}
        return self.web.renderer.participant_page(view, ctx, ref_phases=ref_phases, error=error, draft=draft)

    async def session_page(self, code: str, suffix: str = "") -> tuple[core.SessionState, str] | None:
        """The session a page ``/j/CODE{suffix}`` is for, and the page language; ``None`` when
        this request was answered already (a redirect to the upper-case URL, or the ask page
        explaining an unknown code)."""
        if code != code.upper():  # one spelling of the URL, so the cookie's path always matches
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"{self.web.base}/j/{code.upper()}{suffix}{query}", status=303)
            return None
        lang = self.chosen_lang()
        try:
            state = await in_thread(core.find_session, self.web.store, code, self.client)
        except (NotFoundError, RateLimited) as err:
            self.ask_page(lang or "nl", code, err.in_language(lang or "nl"), self.status_of(err))
            return None
        return state, lang or state.language

    @property
    def client(self) -> str:
        """Who guesses codes, for core's limit on unknown codes: the remote address."""
        return self.request.remote_ip or "unknown"

    @staticmethod
    def status_of(err: ToolkitError) -> int:
        return STATUS.get(type(err).__name__, 400)

    def token(self, code: str) -> str | None:
        value = self.get_cookie(security.participant_cookie(code))
        return value if security.well_formed(value) else None


class AskHandler(BaseHandler):
    """``/j``: a form that asks for the session code (``/j?code=ABC123`` goes to ``/j/ABC123``)."""

    def get(self) -> None:
        lang = self.chosen_lang() or "nl"
        code = self.get_query_argument("code", "")
        if typed_code(code):
            self.redirect(f"{self.web.base}/j/{typed_code(code)}", status=303)
            return
        shown = "".join(ch for ch in code if ch.isascii() and ch.isalnum())[:12]
        error = NotFoundError("session_not_found", lang, code=shown).in_language(lang) if code else None
        self.ask_page(lang, shown, error, 404 if code else 200)


class PageHandler(BaseHandler):
    """``/j/CODE``: the join form, or the participant's page once the browser holds their cookie."""

    async def get(self, code: str) -> None:
        if code != code.upper():  # one spelling of the URL, so the cookie's path always matches
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"{self.web.base}/j/{code.upper()}{query}", status=303)
            return
        lang = self.chosen_lang()
        token = self.token(code)
        try:
            found = await read(self.web.store, lambda: views.participant_page(
                self.web.store, code, token=token, language=lang, client=self.client))
        except (NotFoundError, RateLimited) as err:
            self.ask_page(lang or "nl", code, err.in_language(lang or "nl"), self.status_of(err))
            return
        if found.view is not None:
            self.web.participants.put((found.view.code, token), found.view.me.id)
            self.participant_page(found.view, token)
            return
        if token is not None:  # a cookie of a participant who no longer exists: join again
            self.clear_cookie(security.participant_cookie(code), path=f"{self.web.base}/j/{code}")
        self.web.sessions.put(found.state.code, found.state.language)
        self.join_page(found.state, lang or found.state.language)


class EventStream(BaseHandler):
    """A handler whose answer is a page's server-sent-events stream, fed by the session's watcher."""

    page = None

    async def stream(self, code: str, viewer: int, lang: str, since: int, first: str = "") -> None:
        """Connect the page to the hub, send ``first`` (after the reconnect delay), then every
        event for the page until it goes away. ``since``: the version the page shows."""
        try:
            self.page = await self.web.hub.connect(code, viewer, lang if lang in LANGUAGES else "nl", since)
        except NotFoundError:  # the session was deleted since its page was read
            self.set_status(403)
            self.finish()
            return
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("X-Accel-Buffering", "no")
        try:
            self.write(f"retry: {RETRY_MS}\n\n{first}")
            await self.flush()
            while True:
                try:
                    text = await asyncio.wait_for(self.page.queue.get(), KEEPALIVE_SECONDS)
                except asyncio.TimeoutError:
                    text = ": keepalive\n\n"
                if text is None:
                    break
                self.write(text)
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            self.web.hub.disconnect(code, self.page)

    def on_connection_close(self) -> None:
        if self.page is not None:
            self.page.send(None)


@tornado.web.stream_request_body
class ActionHandler(EventStream):
    """``POST /j/CODE/<action>``: join, add, edit, delete, vote, rate (size-capped, CSRF-checked)."""

    def prepare(self) -> None:
        self._body = bytearray()
        length = self.request.headers.get("Content-Length", "")
        self._too_large = length.isdigit() and int(length) > MAX_BODY_BYTES
        self.request.connection.set_max_body_size(DRAIN_BODY_BYTES)

    def data_received(self, chunk: bytes) -> None:
        if self._too_large:
            return
        if len(self._body) + len(chunk) > MAX_BODY_BYTES:
            self._too_large = True
            self._body = bytearray()
        else:
            self._body.extend(chunk)

    @property
    def fetched(self) -> bool:
        return self.request.headers.get("X-TK-Fetch") == "1"

    async def post(self, code: str, action: str) -> None:
        code = code.upper()
        fields = {k: v[0] for k, v in parse_qs(self._body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        posted_lang = fields.get("lang")
        lang = self.chosen_lang(posted_lang if posted_lang in LANGUAGES else None)
        if action == "join" and not self._too_large and await self.quick_join(code, lang, fields):
            return
        try:
            state = await read(self.web.store, core.find_session, self.web.store, code, self.client)
        except (NotFoundError, RateLimited) as err:
            self.refuse_without_page(err.in_language(lang or "nl"), self.status_of(err), lang or "nl", code)
            return
        lang = lang or state.language
        if self._too_large:
            await self.refuse(state, lang, t("web_too_large", lang), 413, {})
            return
        token = self.token(code)
        if action != "join" and token is None:
            await self.refuse(state, lang, t("web_not_joined", lang), 403, fields)
            return
        secret = self.get_cookie(security.NONCE_COOKIE) if action == "join" else token
        if not security.csrf_ok(secret, state.code, fields.get("csrf")):
            await self.refuse(state, lang, t("web_csrf_invalid", lang), 403, fields)
            return
        try:
            result = await write(self.web.store, getattr(self, f"do_{action}"), state, token, fields)
        except ToolkitError as err:
            await self.refuse(state, lang, err.in_language(lang), STATUS.get(type(err).__name__, 400), fields)
            return
        except Exception:
            log.exception("participant action %s failed", action)
            await self.refuse(state, lang, t("unexpected", lang), 500, fields)
            return
        if action != "join":  # an arrival changes no other page: the watcher's next poll is soon enough
            self.web.hub.nudge(state.code)
        page = f"{self.web.base}/j/{state.code}?lang={lang}"
        if action == "join":
            await self.joined(result, lang)
        elif self.fetched:
            ops = await read(self.web.store, self.ops_after, action, state.code, token, lang, result)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"ok": True, "v": ops[0], "ops": ops[1]}, ensure_ascii=False))
        else:
            self.redirect(page + (f"#tk-note-{result}" if action in ("add", "edit") and result else ""), status=303)

    async def quick_join(self, code: str, lang: str | None, fields: dict[str, str]) -> bool:
        """A join from a form this process served a moment ago, without reading the session first
        (core reads it in the join's own transaction). ``False``: nothing was done, and the post
        takes the full path, which also explains any refusal."""
        session_lang = self.web.sessions.get(code)
        if session_lang is None or not security.csrf_ok(self.get_cookie(security.NONCE_COOKIE), code,
                                                         fields.get("csrf")):
            return False
        try:
            me = await write(self.web.store, core.join, self.web.store, code, fields.get("role", ""),
                             fields.get("name") or None, self.client)
        except ToolkitError:
            return False
        await self.joined(me, lang or session_lang)
        return True

    async def joined(self, me: core.Participant, lang: str) -> None:
        """The participant cookie, then the way to the page: a plain form post is sent there
        (303); the script gets the page itself in the answer and shows it, without the request
        for it that the redirect would cost (one round trip less on a phone, and for the server
        when a room joins at once)."""
        self.set_cookie(security.participant_cookie(me.code), me.token, path=f"{self.web.base}/j/{me.code}",
                        httponly=True, samesite="Lax", expires_days=security.COOKIE_MAX_AGE / 86400)
        page = f"{self.web.base}/j/{me.code}?lang={lang}"
        if not self.fetched:
            self.redirect(page, status=303)
            return
        answer: dict[str, Any] = {"ok": True, "url": page}
        try:
            view = await read(self.web.store, lambda: views.session_view(self.web.store, me.code, participant=me,
                                                                         language=lang))
        except ToolkitError:  # e.g. the session was deleted just now: the page itself explains
            view = None
        else:
            answer.update(v=view.version, page=self.page_html(view, me.token))
        if view is not None and "text/event-stream" in self.request.headers.get("Accept", ""):
            # The page as the stream's first event; the connection goes on as its live channel.
            first = f"event: joined\ndata: {json.dumps(answer, ensure_ascii=False, separators=(',', ':'))}\n\n"
            await self.stream(me.code, me.id, lang, view.version, first)
            return
        if view is not None:
            self.web.participants.put((me.code, me.token), me.id)  # its live channel opens next
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(answer, ensure_ascii=False))

    # -- refusals: the message in the page language, and nothing typed is lost ------------------

    def refuse_without_page(self, message: str, status: int, lang: str, code: str) -> None:
        if self.fetched:
            self.set_status(status)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"ok": False, "error": message}, ensure_ascii=False))
        else:
            self.ask_page(lang, code, message, status)

    async def refuse(self, state: core.SessionState, lang: str, message: str, status: int,
                     fields: dict[str, str]) -> None:
        if self.fetched:
            self.refuse_without_page(message, status, lang, state.code)
            return
        draft = {k: v for k, v in fields.items() if k not in ("csrf", "lang")}
        token = self.token(state.code)
        if token is not None:
            try:
                view = await read(self.web.store, lambda: views.session_view(self.web.store, state.code,
                                                                             token=token, language=lang))
            except NotFoundError:
                pass
            else:
                self.participant_page(view, token, message, draft, status)
                return
        self.join_page(state, lang, message, draft, status)

    # -- the actions (run in a worker thread; core checks everything) ------------------------------

    def do_join(self, state: core.SessionState, _token: None, fields: dict[str, str]) -> core.Participant:
        name = fields.get("name") or None
        return core.join(self.web.store, state.code, fields.get("role", ""), name)

    def do_add(self, state: core.SessionState, token: str, fields: dict[str, str]) -> int:
        phase_id = fields.get("phase", "")
        try:
            phase = state.workshop.phase(phase_id)
        except KeyError:
            phase = state.phase  # core refuses the post with the phase's own message
        if phase.input == "form":
            payload: dict[str, Any] = {}
            for f in phase.fields:
                value = fields.get(f"f:{f.id}", "")  # prefixed: a field may be called "action" or "id"
                if value.strip():
                    payload[f.id] = as_number(value) if f.type == "number" else value
        else:
            payload = {"text": fields.get("text", "")}
            if fields.get("prompt"):
                payload["prompt"] = fields["prompt"]
        return core.add_contribution(self.web.store, state.code, token, phase_id, payload).id

    def do_edit(self, state: core.SessionState, token: str, fields: dict[str, str]) -> int:
        cid = as_int(fields.get("id", ""))
        before = next((c.payload for c in core.contributions(self.web.store, state.code) if c.id == cid), {})
        payload = {**before, "text": fields.get("text", "")}
        return core.edit_contribution(self.web.store, state.code, token, cid, payload).id

    def do_delete(self, state: core.SessionState, token: str, fields: dict[str, str]) -> int:
        cid = as_int(fields.get("id", ""))
        core.delete_contribution(self.web.store, state.code, token, cid)
        return cid

    def do_vote(self, state: core.SessionState, token: str, fields: dict[str, str]) -> int:
        cid = as_int(fields.get("id", ""))
        core.vote(self.web.store, state.code, token, fields.get("phase", ""), cid, as_int(fields.get("points", "")))
        return cid

    def do_rate(self, state: core.SessionState, token: str, fields: dict[str, str]) -> int:
        scores = [(key.split(":", 2), value) for key, value in fields.items()
                  if key.startswith("score:") and key.count(":") == 2 and value != ""]
        for (_, column, dimension), value in scores:
            core.rate(self.web.store, state.code, token, fields.get("phase", ""), fields.get("row", ""),
                      column or None, dimension, as_int(value))
        return len(scores)

    def ops_after(self, action: str, code: str, token: str, lang: str, result: Any) -> tuple[int, list[dict]]:
        """The version and the page operations that show the participant their own change at once."""
        view = views.session_view(self.web.store, code, token=token, language=lang)
        renderer = self.web.renderer
        ctx = FormContext(self.web.base, code, lang, security.csrf_token(token, code), view.input.max_length)
        if action in ("add", "edit"):
            card = view.card(result)
            return view.version, [renderer.card_op(card, ctx)] if card is not None else []
        if action == "delete":
            return view.version, [renderer.gone_op(result)]
        if action == "vote" and view.input.kind == "vote":
            return view.version, [renderer.votes_op(view, ctx)]
        return view.version, []


class LiveHandler(EventStream):
    """``/j/CODE/live``: the page's server-sent-events stream (one per open page)."""

    async def viewer(self, code: str) -> tuple[str, int] | None:
        """The session and the participant id this stream is for (``None``: refused)."""
        token = self.token(code)
        if token is None:
            return None
        known = self.web.participants.get((code, token))  # the page was read a moment ago
        if known is not None:
            return code, known
        try:
            me = await read(self.web.store, core.resume, self.web.store, code, token)
        except NotFoundError:
            return None
        self.web.participants.put((me.code, token), me.id)
        return me.code, me.id

    async def get(self, code: str) -> None:
        code = code.upper()
        who = await self.viewer(code)
        if who is None:
            self.set_status(403)
            self.finish()
            return
        since = max((int(v) for v in (self.request.headers.get("Last-Event-ID", ""), self.get_query_argument("v", ""))
                     if _INT.match(v)), default=-1)
        await self.stream(*who, self.get_query_argument("lang", ""), since)


class ParticipantOfLivePage(tornado.routing.Matcher):
    """Matches ``live.ipynb`` opened without ``view=facilitator``: participants no longer get a
    kernel there. Every other request for it goes on to Voila (``None``: no match)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def match(self, request) -> dict | None:
        if request.path != self.path:
            return None
        view = parse_qs(request.query).get("view", [""])[0]
        return None if view == "facilitator" else {}


class MovedToJoinPage(BaseHandler):
    """Sends a participant who opened ``live.ipynb?session=CODE`` to ``/j/CODE``."""

    def get(self) -> None:
        code = typed_code(self.get_query_argument("session", ""))
        lang = self.get_query_argument("lang", "")
        target = f"{self.web.base}/j/{code}" if code else f"{self.web.base}/j"
        self.redirect(target + (f"?lang={lang}" if lang in LANGUAGES else ""), status=303)


def web_handlers(base_url: str = "/", store: Store | None = None) -> list:
    """The participant page's and the lobby's routes for a server whose base URL is ``base_url``."""
    from toolkit.web.lobby import lobby_handlers  # the lobby and the projector build on these handlers
    from toolkit.web.projector import projector_handlers

    web = Web(base_url.rstrip("/"), store)
    base = web.base
    args = {"web": web}
    return [
        tornado.routing.Rule(ParticipantOfLivePage(f"{base}/voila/render/{LIVE_NOTEBOOK}"), MovedToJoinPage, args),
        (f"{base}/j/static/(.*)", tornado.web.StaticFileHandler, {"path": str(STATIC_DIR)}),
        (f"{base}/j/?", AskHandler, args),
        (f"{base}/j/{CODE}/?", PageHandler, args),
        (f"{base}/j/{CODE}/live", LiveHandler, args),
        (f"{base}/j/{CODE}/({'|'.join(ACTIONS)})", ActionHandler, args),
        *projector_handlers(web),
        *lobby_handlers(web),
    ]
