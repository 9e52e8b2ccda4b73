"""The live app: one page for a participant or the facilitator, following the session's store.

It composes the components (join form, phase header, inputs, board, votes, ratings, facilitator
bar, divergence and result charts) and sends every action to core, which holds every rule.
Any workshop runs on it; a method adds its charts through ``report_sections``.
"""
from __future__ import annotations

import contextlib
import time
from functools import cached_property, partial

import ipywidgets as w

from toolkit.core import curation, views
from toolkit.core import sessions as core
from toolkit.core.carry import carried
from toolkit.core.definitions import FormField
from toolkit.core.errors import NotFoundError, PermissionDenied
from toolkit.core.i18n import ROLES
from toolkit.core.store import Store, get_store
from toolkit.ui import browser
from toolkit.ui.board import Board
from toolkit.ui.carried_panel import CarriedPanel
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
# People arriving change the facilitator's head count: drawn on the page's tick, at most this
# often, so a room joining at once is a few updates of one widget rather than one per person.
HEAD_COUNT_SECONDS = 1.0


class LiveApp:
    """A participant page (``view="participant"``) or a facilitator page (``view="facilitator"``).

    What the page shows comes from one :class:`~toolkit.core.views.SessionView` (``self.view_model``),
    read after every action and kept up to date from the change feed."""

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
        self.view_model: views.SessionView | None = None
        self._charts_dirty = False
        self._counts_dirty = False  # people arrived since the head count was drawn
        self._counts_at = 0.0  # when it was drawn (time.monotonic)
        self._chart_libraries = None  # the thread loading them, once the key is accepted
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
        self.status = w.HTML()
        self.status.add_class("tk-status")
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
                                      roles=self.state.workshop.roles if self.state else ROLES,
                                      anonymous=bool(self.state and self.state.anonymous))
            if self.state is not None and token:
                self._resume(token)
            if self.me is None:
                self.body.children = [self.join_form.widget]
                if self.code and self.state is None:
                    self.errors.show(NotFoundError("session_not_found", self.lang, code=self.code[:12]))

    # -- the parts shown once a participant joined or the key was accepted ---------------------------
    # Built on first use: the first page (the join form, or the key field) is then only the widgets
    # it shows, and it reaches the browser sooner.

    @cached_property
    def header(self) -> PhaseHeader:
        return PhaseHeader(self.lang, facilitator=self.view == "facilitator")

    @cached_property
    def board(self) -> Board:
        return Board(self.lang, on_edit=self._edit_text, on_delete=self._delete,
                     on_curate=self._curate if self.view == "facilitator" else None)

    @cached_property
    def input_area(self) -> w.VBox:
        box = w.VBox()
        box.add_class("tk-input-area")
        return box

    @cached_property
    def extra(self) -> w.VBox:
        box = w.VBox()
        box.add_class("tk-results")
        return box

    def _built(self, name: str):
        """The part ``name`` when it was built already, else ``None`` (nothing is built for asking)."""
        return self.__dict__.get(name)  # where cached_property keeps what it built

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

    def _join(self, code: str, name: str, role: str) -> core.Participant | None:
        me = self.errors.guard(core.join, self.store, code, role, name)
        if me is None:
            return None
        self.code = me.code
        self.state = core.get_session(self.store, me.code)
        self._enter(me)
        cookie = browser.set_cookie_widget(browser.cookie_name(me.code), me.token)
        self.widget.children = (*self.widget.children, cookie)
        return me

    def _resume(self, token: str) -> None:
        try:
            me = core.resume(self.store, self.code, token)
        except NotFoundError:
            return
        self._enter(me)

    def _enter(self, me: core.Participant) -> None:
        self.me = me
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
        from toolkit.ui.lazy_accordion import LazyAccordion

        self.divergence = DivergenceView(self.lang, state.workshop)
        self._facilitation_parts(state)
        self.list_editors = []  # each built when its section is first opened
        self.lists = lists = LazyAccordion([partial(self._list_editor, list_id)
                                            for list_id in state.workshop.lists])
        lists.add_class("tk-lists")
        from toolkit.ui.csv_upload import facilitator_tools

        self.tools = facilitator_tools(self.lang, state, self.store, self.code, key, lambda: self.refresh(full=True))
        self._list_titles()
        self.body.children = [self.bar.widget, self.invitation.widget, self.header.widget, self.run_sheet.widget,
                              self.input_area, self.board.widget, self.divergence.widget, self.by_role.widget,
                              self.role_items.widget, self.extra, *self.tools,
                              *([lists] if state.workshop.lists else [])]
        if carried(state) is not None:  # a session that builds on an earlier one: its review list
            self.carried = CarriedPanel(state, self.lang)
            self.body.children = (self.bar.widget, self.carried, *self.body.children[1:])
        # The key is right, so the controls show whatever fails next: the charts wait until the
        # bar is open (see _refresh_charts), and any other failure is shown in the error banner.
        self.errors.guard(self.refresh, full=True)
        self._start_loop()
        from toolkit.ui.preload import chart_modules, preload

        # Started last, so that loading them does not slow down building the controls.
        self._chart_libraries = preload(chart_modules(state.workshop_id))
        return True

    def _facilitation_parts(self, state: core.SessionState) -> None:
        """The facilitator's run sheet, votes and scores by role, what each role rates, invitation."""
        from toolkit.ui.by_role import ByRoleView
        from toolkit.ui.invitation import InvitationView
        from toolkit.ui.role_items import RoleItems
        from toolkit.ui.run_sheet import RunSheetView

        self.run_sheet = RunSheetView(self.lang, state.workshop)
        self.by_role = ByRoleView(self.lang, state.workshop)
        self.role_items = RoleItems(self.lang, state, self._save_items)
        self.invitation = InvitationView(self.lang, state.workshop, self.join_url, state.code)

    def _list_editor(self, list_id: str) -> w.Widget:
        from toolkit.ui.list_editor import ListEditor

        editor = ListEditor(list_id, self.state.list_items(list_id), self.lang, self._save_list,
                            name=self.state.workshop.list_label(list_id, self.lang))
        self.list_editors.append(editor)
        return editor.widget

    def _list_titles(self) -> None:
        self.lists.titles = tuple(self.state.workshop.list_label(list_id, self.lang)
                                  for list_id in self.state.workshop.lists)

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

    def _edit_text(self, cid: int, text: str) -> bool:
        return self._edit(cid, views.edited_payload(self.view_model, cid, text))

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

    def _save_items(self, phase_id: str, role: str, item_ids: list[str] | None) -> None:
        if self.errors.guard(core.set_items_for_role, self.store, self.code, self.key, phase_id, role,
                             item_ids) is not None:
            self.refresh()

    def _curate(self, operation: str, *args) -> bool:
        """A curation of the board (core checks the key and every rule)."""
        operations = {
            "hide": curation.hide, "restore": curation.restore, "merge": curation.merge,
            "agree": curation.agree, "disagree": curation.disagree, "undo": curation.undo,
            "cluster_create": curation.create_cluster, "cluster_move": curation.move_to_cluster,
            "cluster_rename": curation.rename_cluster, "cluster_dissolve": curation.dissolve_cluster,
        }
        if self.errors.guard(operations[operation], self.store, self.code, self.key, *args) is None:
            return False
        self.refresh()
        return True

    def _save_list(self, list_id: str, labels: list[str]) -> None:
        if self.errors.guard(core.set_list, self.store, self.code, self.key, list_id, labels) is not None:
            self.refresh()

    # -- following the store ----------------------------------------------------------------------

    def _on_events(self, events: list[dict]) -> None:
        """Refresh only when the events concern this page (core decides which do)."""
        if self.view_model is not None and not views.concerns(self.view_model, events):
            return
        if not self._apply(events):
            self.refresh()

    def _tick(self) -> None:
        self.header.tick()
        if getattr(self, "run_sheet", None) is not None:
            self.run_sheet.tick()
        if self.view == "facilitator" and self.key:
            if self._counts_dirty and time.monotonic() - self._counts_at >= HEAD_COUNT_SECONDS:
                self._show_counts()
            if self._charts_dirty:
                self._refresh_charts()

    def _viewer(self) -> str:
        if self.view == "facilitator":
            return "facilitator"
        return "participant" if self.silent_phases else "self"

    def refresh(self, full: bool = False) -> None:
        """Re-read the session and update what changed (called by the live loop and after actions)."""
        if self.state is None:
            return
        try:
            self.view_model = views.session_view(
                self.store, self.code, participant=self.me,
                facilitator_key=self.key if self.view == "facilitator" else None,
                viewer=self._viewer(), language=self.lang)
        except (NotFoundError, PermissionDenied) as exc:
            self.errors.show(exc)
            if self.loop:
                self.loop.stop()
            return
        self.state = state = self.view_model.source.state
        if self.loop is not None:
            self.loop.version = max(self.loop.version, state.version)
        self.header.update(state)
        self._status()
        if self.view == "facilitator" and self.key:
            self._show_counts()
            self.role_items.update(state)
            self.board.set_undo(curation.undoable(self.store, self.code))
        key = (state.phase_index, state.locked, repr(state.settings))
        if full or key != self._input_phase:
            self._input_phase = key
            self._build_input()
        self._render(full)

    def _apply(self, events: list[dict]) -> bool:
        """Apply feed events to the held view without reading the store again; ``False`` when
        they need a full refresh."""
        applied = views.apply_events(self.view_model, events) if self.view_model is not None else None
        if applied is None:
            return False
        self.view_model = applied
        self.state = applied.source.state
        if self.view == "facilitator" and self.key and any(e.get("type") in views.ARRIVAL_EVENTS for e in events):
            self._counts_dirty = True  # the tick draws the head count
            if views.only_arrivals(events):
                self._arrived()
                return True
        self._render(False)
        return True

    def _arrived(self) -> None:
        """People arrived and nothing else happened: the board and the charts stay as they are,
        except the run sheet, whose clock starts with the first arrival."""
        sheet = self.run_sheet.sheet
        if sheet is None or sheet.started_at is None:
            self._charts_dirty = True

    def _show_counts(self) -> None:
        """Draw the head count now (nothing is sent when it did not change)."""
        self._counts_dirty = False
        self._counts_at = time.monotonic()
        self.bar.update(self.state, core.participant_counts(self.store, self.code))

    def _render(self, full: bool) -> None:
        self.board.update(self.view_model)
        self._refresh_input()
        if self.view == "facilitator" and self.key:
            self._refresh_charts(force=full)

    def _status(self) -> None:
        view = self.view_model
        if view.viewer == "facilitator" or view.me is None:
            text = f"{view.workshop_title} · {view.code}"
        else:
            text = f"{view.workshop_title} · {t('joined_as', self.lang, who=view.me.label)}"
        self.status.value = f"<b>{esc(text)}</b>"

    def _build_input(self) -> None:
        phase = self.state.phase
        spec = self.view_model.input
        lang = self.lang
        self._input = None
        if spec.kind is None and spec.closed_reason is None:
            self.input_area.children = []
        elif not spec.open and spec.kind is not None:
            note = w.HTML(f"<p class='tk-locked'><b>🔒 {esc(spec.closed_reason)}</b></p>")
            self.input_area.children = [note]
        elif not spec.open:
            self.input_area.children = [w.HTML(f"<p><i>{esc(spec.closed_reason)}</i></p>")]
        else:
            if spec.kind == "note":
                self._input = NoteInput(phase, lang, self._add)
            elif spec.kind == "form":
                self._input = FormInput(phase, lang, self._choices, self._add)
            elif spec.kind == "vote":
                self._input = DotVote(lang, spec.budget, self._vote)
            else:
                self._input = RatingGrid(phase, self.state.workshop.scale(phase.rating.scale), lang, self._rate)
            self.input_area.children = [self._input.widget]

    def _choices(self, field: FormField) -> list[tuple[str, str]]:
        return next((list(f.options) for f in self.view_model.input.fields if f.id == field.id), [])

    def _refresh_input(self) -> None:
        spec = self.view_model.input
        if isinstance(self._input, FormInput):
            self._input.refresh_choices()
        elif isinstance(self._input, DotVote):
            self._input.update(list(spec.targets), dict(spec.my_votes))
        elif isinstance(self._input, RatingGrid):
            self._input.update(list(spec.rows), list(spec.columns), dict(spec.my_scores))

    def _refresh_charts(self, force: bool = False) -> None:
        """Redraw the charts at most every few seconds; a change in between is drawn by a later tick.

        Charts are drawn only once the facilitator bar shows its controls, so unlocking shows
        the controls first and the next tick (or refresh) draws the charts after them."""
        now = time.monotonic()
        self._charts_dirty = True
        if not self.bar.unlocked or (not force and now - self._charts_at < CHART_REFRESH_SECONDS):
            return
        libraries = self._chart_libraries
        if libraries is not None and libraries.is_alive():
            if self.loop is not None and self.loop.running:
                return  # still loading, the page answering clicks meanwhile: a later tick draws
            libraries.join()
        self._charts_at = now
        self._charts_dirty = False
        from toolkit.core.sessions import snapshot
        from toolkit.ui.results import ResultsPanel

        snap = snapshot(self.store, self.code)
        self.divergence.update(snap, self.state.phase.id)
        self.by_role.update(snap, self.state.phase.id)
        self.run_sheet.update(snap, self.state.phase_index)
        if not isinstance(getattr(self, "results", None), ResultsPanel):
            self.results = ResultsPanel(self.lang, self.store, self.code, self.key)
            self.extra.children = [self.results.widget]
        self.results.update(snap)

    # -- language -----------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for part in (self.errors, self._built("header"), self._built("board")):
            if part is not None:
                part.set_language(lang)
        if self.bar is not None:
            self.bar.set_language(lang)
        if getattr(self, "join_form", None) is not None:
            self.join_form.set_language(lang)
        if getattr(self, "divergence", None) is not None:
            self.divergence.set_language(lang)
        if getattr(self, "results", None) is not None:
            self.results.set_language(lang)
        for part in ("run_sheet", "by_role", "role_items", "invitation"):
            if getattr(self, part, None) is not None:
                getattr(self, part).set_language(lang)
        if getattr(self, "carried", None) is not None:
            self.carried.set_language(lang)
        for editor in getattr(self, "list_editors", []):
            editor.name = self.state.workshop.list_label(editor.list_id, lang)
            editor.set_language(lang)
        for tools in getattr(self, "tools", []):
            for part in tools.parts:
                part.set_language(lang)
        if getattr(self, "lists", None) is not None:
            self._list_titles()
        if self.state is not None and (self.me is not None or self.key):
            if self._input is not None:
                # The input follows the language in place: rebuilding it would lose a half-typed note.
                self._input.set_language(lang)
                self.refresh()
            else:
                self.refresh(full=True)
