"""The live app: one page for a participant or the facilitator, following the session's store.

It composes the components (join form, phase header, inputs, board, votes, ratings, facilitator
bar, divergence and result charts) and sends every action to core, which holds every rule.
Any workshop runs on it; a method adds its charts through ``report_sections``.
"""
from __future__ import annotations

import contextlib
import time

import ipywidgets as w

from toolkit.core import sessions as core
from toolkit.core.definitions import FormField
from toolkit.core.errors import NotFoundError
from toolkit.core.i18n import ROLES
from toolkit.core.snapshot import payload_text
from toolkit.core.store import Store, get_store
from toolkit.ui import browser
from toolkit.ui.board import Board
from toolkit.ui.dot_vote import DotVote
from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.facilitator_bar import FacilitatorBar
from toolkit.ui.form_input import FormInput
from toolkit.ui.join_form import JoinForm
from toolkit.ui.language_switch import LanguageSwitch
from toolkit.ui.live_loop import LiveLoop
from toolkit.ui.note_input import NoteInput
from toolkit.ui.phase_header import PhaseHeader
from toolkit.ui.rating_grid import RatingGrid
from toolkit.ui.text import esc, t

CHART_REFRESH_SECONDS = 3.0
# Events that change what the page is (phase, lock, reveal, anonymity, lists, timer).
STEERING = {"phase.changed", "input.locked", "reveal.changed", "anonymity.changed", "list.changed",
            "timer.started", "timer.stopped"}
# Events that change nothing on another participant's page.
QUIET_FOR_OTHERS = {"participant.joined", "rating.set"}
# Events a page can apply from the feed alone.
CONTRIBUTION_EVENTS = {"contribution.added", "contribution.edited", "contribution.deleted"}


class LiveApp:
    """A participant page (``view="participant"``) or a facilitator page (``view="facilitator"``)."""

    def __init__(self, store: Store | None = None, code: str = "", view: str = "participant",
                 lang: str | None = None, token: str | None = None, join_url: str | None = None) -> None:
        self.store = store or get_store()
        self.view = "facilitator" if view == "facilitator" else "participant"
        self.code = (code or "").strip().upper()
        self.state: core.SessionState | None = None
        self.me: core.Participant | None = None
        self.key: str | None = None
        self.loop: LiveLoop | None = None
        self._charts_at = 0.0
        # Silent phases hide others' input until the reveal; a self-paced page has no one to wait for.
        self.silent_phases = True
        self._items: dict[int, core.Contribution] | None = None
        self._charts_dirty = False
        self._input = None
        self._input_phase: tuple | None = None
        if self.code:
            try:
                self.state = core.get_session(self.store, self.code)
            except NotFoundError:
                self.state = None
        self.lang = lang if lang in ("nl", "en") else (self.state.language if self.state else "nl")
        self.errors = ErrorBanner(self.lang)
        self.switch = LanguageSwitch(self.lang, self.set_language)
        self.header = PhaseHeader(self.lang, facilitator=self.view == "facilitator")
        self.board = Board(self.lang, me=None, on_edit=self._edit, on_delete=self._delete)
        self.status = w.HTML()
        self.status.add_class("tk-status")
        self.input_area = w.VBox()
        self.input_area.add_class("tk-input-area")
        self.extra = w.VBox()
        self.extra.add_class("tk-results")
        self.body = w.VBox()
        top = w.HBox([self.status, self.switch.widget], layout=w.Layout(justify_content="space-between"))
        self.widget = w.VBox([top, self.errors.widget, self.body])
        self.widget.add_class("tk-app")
        self.widget.add_class(f"tk-view-{self.view}")
        self.join_url = join_url or ""
        if self.view == "facilitator" and self.state is not None:
            self.bar = FacilitatorBar(self.lang, self.join_url, self.state.code, self._unlock, self._steer)
            self.body.children = [self.bar.widget]
        else:
            self.bar = None
            self.join_form = JoinForm(self.lang, self._join, code=self.code,
                                      roles=self.state.workshop.roles if self.state else ROLES)
            if self.state is not None and token:
                self._resume(token)
            if self.me is None:
                self.body.children = [self.join_form.widget]
                if self.code and self.state is None:
                    self.errors.show(NotFoundError("session_not_found", self.lang, code=self.code[:12]))

    # -- entry points ---------------------------------------------------------------------------

    @classmethod
    def from_request(cls, store: Store | None = None) -> LiveApp:
        """Build the page from the Voila request: ``?session=CODE&view=facilitator&lang=en``."""
        params = browser.query_params()
        code = params.get("session", "").strip().upper()[:12]
        token = browser.cookie(browser.cookie_name(code)) if code.isalnum() else None
        join_url = f"{browser.server_base_url()}/j/{code}"  # the participant page (no kernel)
        app = cls(store, code=code, view=params.get("view", "participant"), lang=params.get("lang"),
                  token=token, join_url=join_url)
        return app

    def _join(self, code: str, name: str, role: str) -> None:
        me = self.errors.guard(core.join, self.store, code, role, name)
        if me is None:
            return
        self.code = me.code
        self.state = core.get_session(self.store, me.code)
        self._enter(me)
        cookie = browser.set_cookie_widget(browser.cookie_name(me.code), me.token)
        self.widget.children = (*self.widget.children, cookie)

    def _resume(self, token: str) -> None:
        try:
            me = core.resume(self.store, self.code, token)
        except NotFoundError:
            return
        self._enter(me)

    def _enter(self, me: core.Participant) -> None:
        self.me = me
        self.board.me = me.id
        who = me.name or t("anonymous_person", self.lang)
        self._who = who
        self.body.children = [self.header.widget, self.input_area, self.board.widget, self.extra]
        self.refresh(full=True)
        self._start_loop()

    def _unlock(self, key: str) -> bool:
        state = self.errors.guard(core.check_facilitator, self.store, self.code, key)
        if state is None:
            return False
        self.key = key
        self.state = state
        from toolkit.ui.divergence import DivergenceView
        from toolkit.ui.list_editor import ListEditor

        self.divergence = DivergenceView(self.lang)
        self.list_editors = [ListEditor(list_id, state.list_items(list_id), self.lang, self._save_list)
                             for list_id in state.workshop.lists]
        lists = w.Accordion(children=[e.widget for e in self.list_editors],
                            titles=tuple(e.list_id for e in self.list_editors), selected_index=None)
        lists.add_class("tk-lists")
        self.body.children = [self.bar.widget, self.header.widget, self.input_area, self.board.widget,
                              self.divergence.widget, self.extra, *([lists] if self.list_editors else [])]
        self.refresh(full=True)
        self._start_loop()
        return True

    def _start_loop(self) -> None:
        if self.loop is None:
            self.loop = LiveLoop(self.store, self.code, self.state.version, self._on_events, self._tick)
            # Without a running event loop (plain Python) the page refreshes on demand instead.
            with contextlib.suppress(RuntimeError):
                self.loop.start()

    # -- participant actions (core checks everything) -----------------------------------------------

    def _add(self, payload: dict) -> bool:
        added = self.errors.guard(core.add_contribution, self.store, self.code, self.me.token,
                                  self.state.phase.id, payload)
        if added is not None:
            self.refresh()
        return added is not None

    def _edit(self, cid: int, payload: dict) -> bool:
        edited = self.errors.guard(core.edit_contribution, self.store, self.code, self.me.token, cid, payload)
        if edited is not None:
            self.refresh()
        return edited is not None

    def _delete(self, cid: int) -> None:
        self.errors.guard(core.delete_contribution, self.store, self.code, self.me.token, cid)
        self.refresh()

    def _vote(self, cid: int, points: int) -> bool:
        ok = self.errors.guard(lambda: core.vote(self.store, self.code, self.me.token, self.state.phase.id, cid, points)
                               or True)
        if ok:
            self.refresh()
        return bool(ok)

    def _rate(self, row: str, column: str | None, dimension: str, score: int) -> bool:
        return bool(self.errors.guard(lambda: core.rate(self.store, self.code, self.me.token, self.state.phase.id,
                                                        row, column, dimension, score) or True))

    # -- facilitator actions ----------------------------------------------------------------------

    def _steer(self, action: str, *args) -> None:
        operations = {
            "next": core.next_phase, "previous": core.previous_phase, "timer": core.start_timer,
            "timer_stop": core.stop_timer, "lock": core.set_locked, "reveal": core.set_revealed,
            "anonymous": core.set_anonymous,
        }
        if self.errors.guard(operations[action], self.store, self.code, self.key, *args) is not None:
            self.refresh()

    def _save_list(self, list_id: str, labels: list[str]) -> None:
        if self.errors.guard(core.set_list, self.store, self.code, self.key, list_id, labels) is not None:
            self.refresh()

    # -- following the store ----------------------------------------------------------------------

    def _on_events(self, events: list[dict]) -> None:
        """Refresh only when the events concern this page: a participant's page ignores other
        people's scores and arrivals, which would otherwise make every page redo work for every
        score given in the room."""
        types = {e["type"] for e in events}
        if self.view == "participant" and not (types & STEERING):
            mine = f"p{self.me.id}" if self.me else ""
            events = [e for e in events if e["type"] not in QUIET_FOR_OTHERS or e.get("actor") == mine]
            if not events:
                return
        if not self._apply(events):
            self.refresh()

    def _tick(self) -> None:
        self.header.tick()
        if self._charts_dirty and self.view == "facilitator" and self.key:
            self._refresh_charts()

    def refresh(self, full: bool = False) -> None:
        """Re-read the session and update what changed (called by the live loop and after actions)."""
        if self.state is None:
            return
        try:
            self.state = core.get_session(self.store, self.code)
        except NotFoundError as exc:
            self.errors.show(exc)
            if self.loop:
                self.loop.stop()
            return
        if self.loop is not None:
            self.loop.version = max(self.loop.version, self.state.version)
        state = self.state
        self.header.update(state)
        self._status()
        if self.view == "facilitator" and self.key:
            self.bar.update(state, core.participant_counts(self.store, self.code))
        key = (state.phase_index, state.locked, repr(state.settings))
        if full or key != self._input_phase:
            self._input_phase = key
            self._build_input()
        items = core.contributions(self.store, self.code)
        self._items = {c.id: c for c in items}
        self._render(items, full)

    def _apply(self, events: list[dict]) -> bool:
        """Apply contribution events straight from the feed, without reading the store again.

        Returns ``False`` when the events need a full refresh (anything but notes and forms
        being added, edited or deleted, or a page that has not read the store yet)."""
        if self._items is None or any(e["type"] not in CONTRIBUTION_EVENTS for e in events):
            return False
        workshop = self.state.workshop
        for e in events:
            data = e["data"]
            cid = data["id"]
            if e["type"] == "contribution.deleted":
                self._items.pop(cid, None)
                continue
            if "role" not in data or data.get("kind", "note") == "rating":
                return False
            phase = workshop.phase(data["phase"])
            before = self._items.get(cid)
            now = time.time()
            self._items[cid] = core.Contribution(
                cid, int(e["actor"][1:]), data["phase"], data.get("kind", phase.input), data["payload"],
                None if self.state.anonymous else data.get("name"), data["role"],
                before.created_at if before else now, now, text=payload_text(data["payload"], phase),
            )
        self._render(list(self._items.values()), False)
        return True

    def _render(self, items: list[core.Contribution], full: bool) -> None:
        state = self.state
        phase = state.phase
        labels = {str(c.id): c.text for c in items}
        for list_id in state.workshop.lists:
            labels.update(dict(state.list_items(list_id)))
        board_phase = phase.vote_on if phase.input == "vote" else phase.id
        if phase.input in ("none", "rating"):
            shown = [c for c in items if c.kind in ("note", "form")]
            board_phase_def = None
        else:
            shown = [c for c in items if c.phase == board_phase and c.kind != "rating"]
            board_phase_def = state.workshop.phase(board_phase)
        votes: dict[int, int] = {}
        # Dot totals are shown to the facilitator, and to participants once voting is over.
        if self.view == "facilitator" or phase.input == "none":
            for vp in [p.id for p in state.workshop.phases if p.input == "vote"]:
                for cid, n in core.vote_totals(self.store, self.code, vp).items():
                    votes[cid] = votes.get(cid, 0) + n
        hidden = phase.silent and not state.revealed and self.view == "participant" and self.silent_phases
        self.board.update(shown, board_phase_def, state.anonymous, hidden=hidden, labels=labels,
                          votes=votes if (self.view == "facilitator" or phase.input != "vote") else {},
                          open_phase="" if state.locked else phase.id)
        self._refresh_input(items)
        if self.view == "facilitator" and self.key:
            self._refresh_charts(force=full)

    def _status(self) -> None:
        if self.view == "facilitator":
            text = f"{self.state.workshop.title(self.lang)} · {self.state.code}"
        else:
            text = f"{self.state.workshop.title(self.lang)} · {t('joined_as', self.lang, who=self._who)}"
        self.status.value = f"<b>{esc(text)}</b>"

    def _build_input(self) -> None:
        state = self.state
        phase = state.phase
        self._input = None
        if self.view == "facilitator":
            self.input_area.children = []
            return
        lang = self.lang
        if state.locked and phase.input != "none":
            note = w.HTML(f"<p class='tk-locked'><b>🔒 {esc(t('input_locked', lang))}</b></p>")
            self.input_area.children = [note]
            return
        if phase.input == "note":
            self._input = NoteInput(phase, lang, self._add)
        elif phase.input == "form":
            self._input = FormInput(phase, lang, self._choices, self._add)
        elif phase.input == "vote":
            self._input = DotVote(lang, phase.vote_budget, self._vote)
        elif phase.input == "rating":
            self._input = RatingGrid(phase, state.workshop.scale(phase.rating.scale), lang, self._rate)
        if self._input is None:
            self.input_area.children = [w.HTML(f"<p><i>{esc(t('no_input', lang))}</i></p>")]
        else:
            self.input_area.children = [self._input.widget]

    def _choices(self, field: FormField) -> list[tuple[str, str]]:
        if field.list:
            return self.state.list_items(field.list)
        items = self._items.values() if self._items is not None else core.contributions(self.store, self.code)
        return [(str(c.id), c.text) for c in items if c.phase == field.ref_phase and c.kind != "rating"]

    def _refresh_input(self, items: list[core.Contribution]) -> None:
        phase = self.state.phase
        if isinstance(self._input, FormInput):
            self._input.refresh_choices()
        elif isinstance(self._input, DotVote):
            targets = [c for c in items if c.phase == phase.vote_on and c.kind != "rating"]
            mine = core.my_votes(self.store, self.code, self.me.token, phase.id)
            self._input.update(targets, mine)
        elif isinstance(self._input, RatingGrid):
            spec = phase.rating
            rows = self._axis(spec.rows, items)
            columns = self._axis(spec.columns, items) if spec.columns else []
            mine = {}
            for c in items:
                if c.kind == "rating" and c.phase == phase.id and c.participant_id == self.me.id:
                    p = c.payload
                    mine[(p["row"], p.get("column"), p["dimension"])] = p["score"]
            self._input.update(rows, columns, mine)

    def _axis(self, axis, items) -> list[tuple[str, str]]:
        if axis.list:
            return self.state.list_items(axis.list)
        return [(str(c.id), c.text) for c in items if c.phase == axis.phase and c.kind != "rating"]

    def _refresh_charts(self, force: bool = False) -> None:
        """Redraw the charts at most every few seconds; a change in between is drawn by a later tick."""
        now = time.monotonic()
        self._charts_dirty = True
        if not force and now - self._charts_at < CHART_REFRESH_SECONDS:
            return
        self._charts_at = now
        self._charts_dirty = False
        from toolkit.core.sessions import snapshot
        from toolkit.ui.results import ResultsPanel

        snap = snapshot(self.store, self.code)
        self.divergence.update(snap)
        if not isinstance(getattr(self, "results", None), ResultsPanel):
            self.results = ResultsPanel(self.lang, self.store, self.code, self.key)
            self.extra.children = [self.results.widget]
        self.results.update(snap)

    # -- language -----------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for part in (self.errors, self.header, self.board):
            part.set_language(lang)
        if self.bar is not None:
            self.bar.set_language(lang)
        if getattr(self, "join_form", None) is not None:
            self.join_form.set_language(lang)
        if getattr(self, "divergence", None) is not None:
            self.divergence.set_language(lang)
        if getattr(self, "results", None) is not None:
            self.results.set_language(lang)
        for editor in getattr(self, "list_editors", []):
            editor.set_language(lang)
        if self.state is not None and (self.me is not None or self.key):
            if self.me is not None:
                self._who = self.me.name or t("anonymous_person", lang)
            if self._input is not None:
                # The input follows the language in place: rebuilding it would lose a half-typed note.
                self._input.set_language(lang)
                self.refresh()
            else:
                self.refresh(full=True)
