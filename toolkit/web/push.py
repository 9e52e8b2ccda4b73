"""What a batch of change-feed events shows on the open pages of one session.

:class:`SessionPush` is held by the session's watcher. For notes and forms being added, edited
or deleted it keeps, per language, the view a participant has of other people's input (a
visitor's view from ``core.views``) and applies the events to it without reading the store;
each card is rendered once for everyone else and once for its author (who gets Edit and
Delete). Phase, lock, reveal, anonymity, list and curation events make every page re-read
itself; the timer is pushed as its deadline; arrivals, scores and votes change no other page.
"""
from __future__ import annotations

from typing import Any

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.store import Store
from toolkit.web.live import read
from toolkit.web.render import FormContext, Renderer

TIMER_EVENTS = frozenset({"timer.started", "timer.stopped"})
QUIET = frozenset({"participant.joined", "rating.set", "vote.set"})
REFRESH = [{"op": "refresh"}]


def needs_state(events: list[dict[str, Any]]) -> bool:
    """Whether the events change the session's steering state (then the watcher re-reads it)."""
    return any(e["type"] not in views.CONTRIBUTION_EVENTS and e["type"] not in QUIET for e in events)


class SessionPush:
    """Composes page operations for one session, once per (language, author or not)."""

    def __init__(self, store: Store, renderer: Renderer, code: str) -> None:
        self.store = store
        self.renderer = renderer
        self.code = code
        self.others: dict[str, views.SessionView] = {}  # language -> what other participants see
        self.kind = "quiet"
        self.state: core.SessionState | None = None
        self.events: list[dict[str, Any]] = []
        self._own: dict[tuple[str, int], views.SessionView] = {}

    async def prepare(self, state: core.SessionState, events: list[dict[str, Any]], langs: set[str]) -> None:
        """Read what the batch needs (once), before :meth:`ops` is asked per kind of viewer."""
        types = {e["type"] for e in events}
        self.state, self.events, self._own = state, events, {}
        if types <= QUIET:
            self.kind = "quiet"
        elif types <= TIMER_EVENTS | QUIET:
            self.kind = "timer"
        elif types <= views.CONTRIBUTION_EVENTS | QUIET:
            self.kind = "cards"
            for lang in langs:
                held = self.others.get(lang)
                new = views.apply_events(held, events) if held is not None else None
                if new is None:
                    new = await read(self.store, lambda lang=lang: views.session_view(self.store, self.code,
                                                                                      language=lang))
                self.others.update({lang: new})
        else:
            self.kind = "refresh"
            self.others.clear()

    @property
    def changes_pages(self) -> bool:
        """Whether the batch prepared last shows on any page (arrivals, scores and votes do not)."""
        return self.kind != "quiet"

    def ops(self, lang: str, viewer: int | None) -> list[dict[str, Any]]:
        """The operations for pages in ``lang`` of ``viewer`` (an author of the batch) or of anyone else."""
        if self.kind == "quiet":
            return []
        if self.kind == "timer":
            return [self.renderer.timer_op(self.state.timer_deadline)]
        if self.kind == "refresh":
            return REFRESH
        view = self.others.get(lang)  # prepared for every language of the open pages
        if view is None:  # a page in another language connected meanwhile
            return REFRESH
        if viewer is not None:
            view = self._author_view(view, lang, viewer)
        ctx = FormContext(self.renderer.base, self.code, lang, max_length=view.input.max_length)
        out, seen = [], set()
        for e in reversed(self.events):  # the last event about a card says how it is now
            cid = (e.get("data") or {}).get("id")
            if e["type"] not in views.CONTRIBUTION_EVENTS or cid in seen:
                continue
            seen.add(cid)
            card = view.card(cid)
            out.append(self.renderer.card_op(card, ctx) if card is not None else self.renderer.gone_op(cid))
        return out[::-1]

    def _author_view(self, others: views.SessionView, lang: str, viewer: int) -> views.SessionView:
        key = (lang, viewer)
        if key not in self._own:
            data = next((e.get("data") or {} for e in self.events if views.actor_participant(e.get("actor")) == viewer),
                        {})
            me = core.Participant(id=viewer, token="", name=data.get("name"), role=data.get("role", "other"),
                                  code=self.code)
            src = others.source
            self._own[key] = views.build_view(src.state, src.contributions, me=me, language=lang,
                                              vote_totals=src.vote_totals)
        return self._own[key]
