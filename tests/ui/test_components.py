"""Each live component on its own, without a browser: build it, set ``.value``, ``click()``, assert.

Sessions, participants and contributions are real: a :class:`Store` on a SQLite file in
``tmp_path`` and the operations of :mod:`toolkit.core.sessions` (core is never mocked).
"""
from __future__ import annotations

import dataclasses
import logging

import ipywidgets as w
import pytest
from traitlets import TraitError

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.definitions import Workshop, get_workshop
from toolkit.core.errors import NotFoundError, PermissionDenied, ValidationError
from toolkit.core.i18n import ROLE_LABELS, ROLES
from toolkit.ui.board import Board
from toolkit.ui.dot_vote import DotVote
from toolkit.ui.error_banner import ErrorBanner
from toolkit.ui.facilitator_bar import FacilitatorBar
from toolkit.ui.join_form import JoinForm
from toolkit.ui.language_switch import LanguageSwitch
from toolkit.ui.live_loop import LiveLoop
from toolkit.ui.note_input import NoteInput
from toolkit.ui.phase_header import PhaseHeader, format_remaining
from toolkit.ui.rating_grid import RatingGrid

XSS = "<img src=x onerror=alert(1)>"


# -- helpers --------------------------------------------------------------------------------------

def walk(widget: w.Widget):
    """Every widget in the tree under ``widget`` (itself included)."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def with_class(widget: w.Widget, cls: str) -> list[w.Widget]:
    return [x for x in walk(widget) if cls in getattr(x, "_dom_classes", ())]


@pytest.fixture
def session(store):
    """A brainstorm session in Dutch: ``(created, ann, bob)``; Ann and Bob have joined, and the
    silent idea phase is revealed (so each sees the other's notes)."""
    created = core.create_session(store, "brainstorm", "nl")
    core.set_revealed(store, created.code, created.facilitator_key, True)
    ann = core.join(store, created.code, "marketing", "Ann")
    bob = core.join(store, created.code, "it", "Bob")
    return created, ann, bob


def note(store, code, person, text, prompt="idea"):
    return core.add_contribution(store, code, person.token, "ideas", {"text": text, "prompt": prompt})


def seen_by(store, code, person, lang):
    """What ``person`` sees of the session now, in ``lang`` (the view a board draws)."""
    return views.session_view(store, code, token=person.token if person else None, language=lang)


# -- JoinForm ---------------------------------------------------------------------------------------

def test_join_form_calls_on_join_with_the_typed_values():
    calls = []
    form = JoinForm("nl", lambda *args: calls.append(args), code="ABC123")
    assert form.code.value == "ABC123"
    form.name.value = "Ann"
    form.role.value = "specialist"
    form.submit.click()
    assert calls == [("ABC123", "Ann", "specialist")]


def test_join_form_passes_an_unchosen_role_on_for_core_to_refuse():
    calls = []
    form = JoinForm("en", lambda *args: calls.append(args))
    form.code.value = "abc123"
    form.submit.click()
    assert calls == [("abc123", "", "")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_join_form_role_options_in_both_languages(lang):
    form = JoinForm(lang, lambda *args: None)
    labels = [label for label, _ in form.role.options]
    values = [value for _, value in form.role.options]
    assert values == ["", *ROLES]
    assert labels[1:] == [ROLE_LABELS[r][lang] for r in ROLES]
    assert labels[0] == ("Kies je rol" if lang == "nl" else "Choose your role")
    assert form.submit.description == ("Meedoen" if lang == "nl" else "Join")


def test_join_form_keeps_the_chosen_role_when_the_language_changes():
    form = JoinForm("nl", lambda *args: None, roles=("marketing", "service"))
    form.role.value = "service"
    assert form.role.label == "Klantenservice"
    form.set_language("en")
    assert form.role.value == "service"
    assert form.role.label == "Customer service"
    assert [v for _, v in form.role.options] == ["", "marketing", "service"]


def test_join_form_dropdown_refuses_a_value_not_in_its_options():
    form = JoinForm("nl", lambda *args: None)
    with pytest.raises(TraitError):
        form.role.value = "hacker"
    assert form.role.value == ""


# -- PhaseHeader ------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LocalState(core.SessionState):
    """A real session state whose workshop definition comes from the test instead of workshops/."""

    local: Workshop | None = None

    @property
    def workshop(self) -> Workshop:
        return self.local


def hostile_workshop() -> Workshop:
    raw = get_workshop("brainstorm").model_dump(mode="json", exclude_none=True)
    raw["phases"][0]["title"] = {"nl": "<b>Ideeën</b> & meer", "en": "<b>Ideas</b> & more"}
    raw["phases"][0]["instructions"] = {"nl": XSS, "en": XSS}
    raw["phases"][0]["facilitator_notes"] = {"nl": "<script>x()</script>", "en": "<script>x()</script>"}
    return Workshop.model_validate(raw)


def test_phase_header_shows_title_and_instructions_escaped(store, session):
    created, _, _ = session
    state = LocalState(**{f.name: getattr(core.get_session(store, created.code), f.name)
                          for f in dataclasses.fields(core.SessionState)}, local=hostile_workshop())
    header = PhaseHeader("en", facilitator=True)
    header.update(state)
    assert "&lt;b&gt;Ideas&lt;/b&gt; &amp; more" in header.title.value
    assert "<b>" not in header.title.value
    assert "&lt;img" in header.instructions.value
    assert "<img" not in header.instructions.value
    assert "&lt;script&gt;" in header.notes.value
    assert "<script>" not in header.notes.value
    assert "Phase 1 of 4" in header.step.value


def test_phase_header_follows_the_phase_and_language(store, session):
    created, _, _ = session
    header = PhaseHeader("nl")
    header.update(core.get_session(store, created.code))
    assert "Ideeën verzamelen" in header.title.value
    assert "Schrijf elk idee" in header.instructions.value
    assert header.notes.value == ""  # facilitator tips are not for participants
    header.set_language("en")
    assert "Collect ideas" in header.title.value
    header.update(core.next_phase(store, created.code, created.facilitator_key))
    assert "Vote" in header.title.value
    assert "Phase 2 of 4" in header.step.value


def test_phase_header_facilitator_sees_the_tip(store, session):
    created, _, _ = session
    header = PhaseHeader("en", facilitator=True)
    header.update(core.get_session(store, created.code))
    assert "Facilitator tip" in header.notes.value


def test_phase_header_countdown(store, session):
    created, _, _ = session
    header = PhaseHeader("en")
    header.update(core.get_session(store, created.code))
    assert header.timer.value == ""  # no timer running
    state = core.start_timer(store, created.code, created.facilitator_key, 5)
    header.update(state)
    deadline = state.timer_deadline
    header.tick(now=deadline - 299)
    assert "4:59 left" in header.timer.value
    header.tick(now=deadline - 61)
    assert "1:01 left" in header.timer.value
    header.set_language("nl")
    header.tick(now=deadline - 30)
    assert "Nog 0:30" in header.timer.value
    header.tick(now=deadline + 1)
    assert "De tijd is om" in header.timer.value
    header.set_language("en")
    header.tick(now=deadline + 120)
    assert "Time is up" in header.timer.value
    header.update(core.stop_timer(store, created.code, created.facilitator_key))
    assert header.timer.value == ""


def test_format_remaining_never_negative():
    assert format_remaining(299) == "4:59"
    assert format_remaining(3600) == "60:00"
    assert format_remaining(-5) == "0:00"


# -- NoteInput --------------------------------------------------------------------------------------

def test_note_input_clears_only_on_success():
    phase = get_workshop("brainstorm").phase("ideas")
    answers = [False, True]
    sent = []

    def on_submit(payload):
        sent.append(payload)
        return answers.pop(0)

    box = NoteInput(phase, "nl", on_submit)
    box.text.value = "Snellere checkout"
    box.prompt.value = "pain"
    box.submit.click()
    assert sent == [{"text": "Snellere checkout", "prompt": "pain"}]
    assert box.text.value == "Snellere checkout"  # refused: the typed text stays
    box.submit.click()
    assert box.text.value == ""
    assert len(sent) == 2


def test_note_input_with_core_keeps_a_refused_note(store, session):
    created, ann, _ = session
    phase = get_workshop("brainstorm").phase("ideas")
    errors = []

    def on_submit(payload):
        try:
            core.add_contribution(store, created.code, ann.token, phase.id, payload)
        except ValidationError as exc:
            errors.append(exc.key)
            return False
        return True

    box = NoteInput(phase, "en", on_submit)
    box.text.value = "   "
    box.submit.click()
    assert errors == ["text_empty"]
    box.text.value = "x" * 1001
    box.submit.click()
    assert errors == ["text_empty", "text_too_long"]
    assert box.text.value == "x" * 1001
    box.text.value = "Chat on the website"
    box.submit.click()
    assert box.text.value == ""
    assert [c.text for c in core.contributions(store, created.code)] == ["Chat on the website"]


def test_note_input_prompt_labels_follow_the_language():
    phase = get_workshop("brainstorm").phase("ideas")
    box = NoteInput(phase, "nl", lambda p: True)
    assert [label for label, _ in box.prompt.options] == ["Idee", "Knelpunt"]
    box.prompt.value = "pain"
    box.set_language("en")
    assert [label for label, _ in box.prompt.options] == ["Idea", "Pain point"]
    assert box.prompt.value == "pain"
    assert box.submit.description == "Add"


# -- Board ------------------------------------------------------------------------------------------

def board_html(board: Board) -> str:
    return "\n".join(x.value for x in walk(board.widget) if isinstance(x, w.HTML))


def test_board_escapes_participant_text(store, session):
    created, ann, _bob = session
    mallory = core.join(store, created.code, "other", XSS)  # a hostile name as well
    note(store, created.code, mallory, XSS)
    board = Board("en")
    board.update(seen_by(store, created.code, ann, "en"))
    html = board_html(board)
    assert "&lt;img" in html
    assert "<img" not in html
    assert len(with_class(board.widget, "tk-note")) == 1


def test_board_groups_notes_by_prompt(store, session):
    created, ann, bob = session
    note(store, created.code, ann, "Chat", "idea")
    note(store, created.code, bob, "Slow pages", "pain")
    note(store, created.code, bob, "App", "idea")
    board = Board("nl")
    board.update(seen_by(store, created.code, ann, "nl"))
    groups = board.groups.children
    assert len(groups) == 2
    titles = [g.children[0].value for g in groups]
    assert titles == ["<h4>Idee</h4>", "<h4>Knelpunt</h4>"]
    # Someone else's note is a single HTML widget; one's own note a box with its buttons.
    texts = [[getattr(card, "value", None) or card.children[0].value for card in g.children[1].children]
             for g in groups]
    assert "Chat" in texts[0][0] and "App" in texts[0][1]
    assert "Slow pages" in texts[1][0]
    board.set_language("en")
    board.update(seen_by(store, created.code, ann, "en"))
    assert [g.children[0].value for g in board.groups.children] == ["<h4>Idea</h4>", "<h4>Pain point</h4>"]


def test_board_updates_one_card_without_recreating_the_others(store, session):
    created, ann, bob = session
    first = note(store, created.code, ann, "One")
    second = note(store, created.code, bob, "Two")
    third = note(store, created.code, ann, "Three")
    board = Board("en")
    board.update(seen_by(store, created.code, ann, "en"))
    cards = {cid: card for cid, card in board.cards.items()}
    widgets = {cid: card.widget for cid, card in cards.items()}
    htmls = {cid: card.html for cid, card in cards.items()}
    before = {cid: card.html.value for cid, card in cards.items()}

    core.edit_contribution(store, created.code, ann.token, third.id, {"text": "Three, edited", "prompt": "idea"})
    board.update(seen_by(store, created.code, ann, "en"))
    for cid in (first.id, second.id, third.id):
        assert board.cards[cid] is cards[cid]
        assert board.cards[cid].widget is widgets[cid]
        assert board.cards[cid].html is htmls[cid]
    assert board.cards[first.id].html.value == before[first.id]
    assert board.cards[second.id].html.value == before[second.id]
    assert "Three, edited" in board.cards[third.id].html.value

    core.delete_contribution(store, created.code, bob.token, second.id)
    fourth = note(store, created.code, bob, "Four")
    board.update(seen_by(store, created.code, ann, "en"))
    assert set(board.cards) == {first.id, third.id, fourth.id}
    assert board.cards[first.id].widget is widgets[first.id]
    assert board.texts == ["One", "Three, edited", "Four"]


def test_board_shows_own_note_buttons_only_for_own_notes(store, session):
    created, ann, bob = session
    mine = note(store, created.code, ann, "Mine")
    theirs = note(store, created.code, bob, "Theirs")
    deleted, edited = [], []
    board = Board("nl", on_edit=lambda cid, text: edited.append((cid, text)) or True, on_delete=deleted.append)
    board.update(seen_by(store, created.code, ann, "nl"))
    own, other = board.cards[mine.id], board.cards[theirs.id]
    assert with_class(own.widget, "tk-note-edit") and with_class(own.widget, "tk-note-delete")
    assert not with_class(other.widget, "tk-note-edit")
    assert not with_class(other.widget, "tk-note-delete")
    assert "tk-note-own" in own.widget._dom_classes
    assert "tk-note-own" not in other.widget._dom_classes
    assert own.delete.description == "Verwijderen"

    own.delete.click()
    assert deleted == [mine.id]
    own.edit.click()  # opens the editor with the current text
    assert own.editor.layout.display == ""
    assert own.editor.value == "Mine"
    assert own.edit.description == "Opslaan"
    own.editor.value = "Mine, better"
    own.edit.click()
    assert edited == [(mine.id, "Mine, better")]
    assert own.editor.layout.display == "none"


def test_board_hides_others_notes_in_a_silent_phase_before_reveal(store, session):
    created, ann, bob = session
    note(store, created.code, ann, "Mine")
    note(store, created.code, bob, "Secret of Bob")
    board = Board("en")
    view = seen_by(store, created.code, ann, "en")
    # Core decides what a silent phase hides (tests/core/test_views.py); the board draws it.
    board.update(dataclasses.replace(view, cards=view.cards[:1], others_hidden=True,
                                     notice=views.text("hidden_until_reveal", "en")))
    assert board.texts == ["Mine"]
    assert "Secret of Bob" not in board_html(board)
    assert "only your own contributions" in board.notice.value
    board.update(view)  # revealed
    assert board.texts == ["Mine", "Secret of Bob"]
    assert board.notice.value == ""


def test_board_shows_no_author_in_anonymous_mode(store, session):
    created, ann, bob = session
    note(store, created.code, bob, "Idea of Bob")
    board = Board("en")
    board.update(seen_by(store, created.code, ann, "en"))
    assert "Bob" in board_html(board).replace("Idea of Bob", "")
    core.set_anonymous(store, created.code, created.facilitator_key, True)
    board.update(seen_by(store, created.code, ann, "en"))
    html = board_html(board).replace("Idea of Bob", "")
    assert "Bob" not in html
    assert "IT" in html  # the role stays


def test_board_empty_notice(store, session):
    created, _ann, _bob = session
    board = Board("nl")
    board.update(seen_by(store, created.code, None, "nl"))
    assert "Nog geen bijdragen." in board.notice.value
    board.update(seen_by(store, created.code, None, "en"))
    assert "No contributions yet." in board.notice.value


# -- DotVote ----------------------------------------------------------------------------------------

def test_dot_vote_budget_display_and_on_vote(store, session):
    created, _ann, bob = session
    a = note(store, created.code, bob, "Alpha")
    b = note(store, created.code, bob, "<b>Beta</b>")
    calls = []
    accept = [True]

    def on_vote(cid, points):
        calls.append((cid, points))
        return accept[0]

    vote = DotVote("en", 5, on_vote)
    vote.update(core.contributions(store, created.code), {})
    assert "5 of 5 dots left" in vote.left.value
    labels = [row[0] for row in (vote.rows[a.id], vote.rows[b.id])]
    assert "&lt;b&gt;Beta" in labels[1].value and "<b>Beta" not in labels[1].value
    plus_a, minus_a = vote.rows[a.id][2], vote.rows[a.id][1]
    assert "tk-vote" in plus_a._dom_classes
    plus_a.click()
    plus_a.click()
    assert calls == [(a.id, 1), (a.id, 2)]
    assert "3 of 5 dots left" in vote.left.value
    assert "●●" in labels[0].value
    minus_a.click()
    assert calls[-1] == (a.id, 1)
    assert "4 of 5" in vote.left.value
    accept[0] = False  # core refused: nothing changes on the page
    vote.rows[b.id][2].click()
    assert calls[-1] == (b.id, 1)
    assert "4 of 5" in vote.left.value
    vote.set_language("nl")
    assert "Nog 4 van 5 stippen" in vote.left.value


def test_dot_vote_minus_at_zero_asks_for_zero(store, session):
    created, _ann, bob = session
    a = note(store, created.code, bob, "Alpha")
    calls = []
    vote = DotVote("nl", 3, lambda cid, p: calls.append((cid, p)) or True)
    vote.update(core.contributions(store, created.code), {a.id: 0})
    vote.rows[a.id][1].click()
    assert calls == [(a.id, 0)]


def test_dot_vote_shows_own_dots_from_core(store, session):
    created, ann, bob = session
    a = note(store, created.code, bob, "Alpha")
    core.next_phase(store, created.code, created.facilitator_key)
    core.vote(store, created.code, ann.token, "vote", a.id, 3)
    vote = DotVote("en", 5, lambda cid, p: True)
    vote.update(core.contributions(store, created.code, "ideas"), core.my_votes(store, created.code, ann.token, "vote"))
    assert "2 of 5 dots left" in vote.left.value
    assert "●●●" in vote.rows[a.id][0].value


# -- RatingGrid -------------------------------------------------------------------------------------

def rating_phase():
    workshop = get_workshop("brainstorm")
    return workshop.phase("rate"), workshop.scale("impact")


def test_rating_grid_sends_row_column_dimension_score():
    phase, scale = rating_phase()
    sent = []
    grid = RatingGrid(phase, scale, "en", lambda *args: sent.append(args) or True)
    grid.update([("1", "Chat"), ("2", "App")], [], {})
    assert grid.row.value == "1"
    grid._cells[(None, "customers")].value = 4
    assert sent == [("1", None, "customers", 4)]
    grid.row.value = "2"
    assert grid._cells[(None, "customers")].value is None  # nothing scored on this row yet
    grid._cells[(None, "work")].value = 2
    assert sent[-1] == ("2", None, "work", 2)
    assert grid.mine == {("1", None, "customers"): 4, ("2", None, "work"): 2}
    grid.row.value = "1"
    assert grid._cells[(None, "customers")].value == 4
    assert len(sent) == 2  # showing a row does not send scores again


def test_rating_grid_shows_own_scores_and_columns():
    phase, scale = rating_phase()
    sent = []
    grid = RatingGrid(phase, scale, "nl", lambda *args: sent.append(args) or True)
    mine = {("7", "web", "customers"): 5, ("7", "phone", "work"): 1}
    grid.update([("7", "Chat")], [("web", "Website"), ("phone", "Telefoon")], mine)
    assert grid._cells[("web", "customers")].value == 5
    assert grid._cells[("phone", "work")].value == 1
    assert grid._cells[("web", "work")].value is None
    assert sent == []
    assert "tk-rating-web-customers" in grid._cells[("web", "customers")]._dom_classes
    grid._cells[("phone", "customers")].value = 3
    assert sent == [("7", "phone", "customers", 3)]
    assert "1 = weinig" in grid.legend.value


def test_rating_grid_refused_score_is_not_kept():
    phase, scale = rating_phase()
    grid = RatingGrid(phase, scale, "en", lambda *args: False)
    grid.update([("1", "Chat")], [], {})
    grid._cells[(None, "customers")].value = 4
    assert grid.mine == {}


def test_rating_grid_with_nothing_to_rate():
    phase, scale = rating_phase()
    grid = RatingGrid(phase, scale, "en", lambda *args: True)
    grid.update([], [], {})
    assert "There is nothing to rate yet." in grid.legend.value
    assert all(cell.disabled for cell in grid._cells.values())


def test_rating_grid_cells_refuse_a_score_off_the_scale():
    phase, scale = rating_phase()
    grid = RatingGrid(phase, scale, "en", lambda *args: True)
    grid.update([("1", "Chat")], [], {})
    with pytest.raises(TraitError):
        grid._cells[(None, "customers")].value = 9


# -- FacilitatorBar ---------------------------------------------------------------------------------

def facilitator_bar(store, created, actions=None):
    def on_unlock(key):
        try:
            core.check_facilitator(store, created.code, key)
        except PermissionDenied:
            return False
        return True

    actions = [] if actions is None else actions
    return FacilitatorBar("en", f"http://h/live.ipynb?session={created.code}", created.code, on_unlock,
                          lambda *a: actions.append(a))


def test_facilitator_bar_stays_locked_on_a_wrong_key(store, session):
    created, _, _ = session
    actions = []
    bar = facilitator_bar(store, created, actions)
    assert not bar.unlocked
    assert bar.controls.layout.display == "none"
    bar.key.value = "wrong-key"
    bar.unlock.click()
    assert not bar.unlocked
    assert bar.controls.layout.display == "none"
    assert bar.login.layout.display != "none"
    assert bar.controls.children == ()  # built only once the key is accepted: no QR code, no buttons
    assert actions == []


def test_facilitator_bar_shows_controls_on_the_right_key(store, session):
    created, _ann, _bob = session
    actions = []
    bar = facilitator_bar(store, created, actions)
    bar.key.value = created.facilitator_key
    bar.unlock.click()
    assert bar.unlocked
    assert bar.login.layout.display == "none"
    assert "<svg" in bar.qr.value
    assert created.code in bar.join.value
    bar.update(core.get_session(store, created.code), core.participant_counts(store, created.code))
    assert "Participants: 2" in bar.people.value
    assert bar.previous.disabled and not bar.next.disabled
    bar.next.click()
    bar.minutes.value = 7
    bar.timer_start.click()
    bar.timer_stop.click()
    bar.lock.value = True
    assert actions == [("next",), ("timer", 7), ("timer_stop",), ("lock", True)]
    # syncing from the store does not fire actions back
    bar.update(core.set_revealed(store, created.code, created.facilitator_key, True), {})
    assert bar.reveal.value is True
    assert actions[-1] == ("lock", True)


# -- ErrorBanner ------------------------------------------------------------------------------------

def test_error_banner_shows_a_core_error_in_nl_and_en(store, session):
    created, _, _ = session
    banner = ErrorBanner("nl")
    assert banner.widget.layout.display == "none"
    with pytest.raises(PermissionDenied) as caught:
        core.next_phase(store, created.code, "not-the-key")
    banner.show(caught.value)
    assert banner.widget.layout.display == ""
    assert "Deze facilitatorsleutel klopt niet." in banner.widget.value
    banner.set_language("en")
    assert "This facilitator key is not correct." in banner.widget.value
    assert "klopt" not in banner.widget.value
    banner.clear()
    assert banner.widget.value == ""
    assert banner.widget.layout.display == "none"


def test_error_banner_escapes_error_params(store):
    banner = ErrorBanner("en")
    with pytest.raises(NotFoundError) as caught:
        core.get_session(store, "<b>X")
    banner.show(caught.value)
    assert "&lt;B&gt;X" in banner.widget.value
    assert "<B>" not in banner.widget.value


def test_error_banner_guard(store, caplog):
    banner = ErrorBanner("en")
    assert banner.guard(lambda: 42) == 42
    assert banner.guard(core.join, store, "NOPE", "it", "x") is None
    assert "There is no session with code 'NOPE'" in banner.message
    with caplog.at_level(logging.ERROR, logger="toolkit.ui.error_banner"):
        assert banner.guard(lambda: 1 / 0) is None
    assert banner.message == "Something went wrong. Your input is not lost; please try again."
    assert any("unexpected error" in r.message for r in caplog.records)
    assert banner.guard(lambda: "ok") == "ok"
    assert banner.message == ""


# -- LanguageSwitch ---------------------------------------------------------------------------------

def test_language_switch_calls_on_change():
    seen = []
    switch = LanguageSwitch("nl", seen.append)
    switch.widget.value = "en"
    assert seen == ["en"]
    assert [v for _, v in switch.widget.options] == ["nl", "en"]


def test_language_switch_ignores_a_forged_value():
    seen = []
    switch = LanguageSwitch("nl", seen.append)
    for forged in ("de", "<script>", "", "NL", 1):
        with pytest.raises(TraitError):
            switch.widget.value = forged
        assert switch.widget.value == "nl"
    assert seen == []


def test_language_switch_snaps_back_from_no_selection():
    # ToggleButtons accepts None (nothing selected); the page keeps its language and the
    # switch shows it again.
    seen = []
    switch = LanguageSwitch("en", seen.append)
    switch.widget.value = None
    assert seen == []
    assert switch.widget.value == "en"


# -- LiveLoop ---------------------------------------------------------------------------------------

def test_live_loop_poll_once_hands_over_exactly_the_new_events(store, session):
    created, _ann, _ = session
    received = []
    version = core.get_session(store, created.code).version
    loop = LiveLoop(store, created.code, version, received.append)
    assert loop.poll_once() is False
    assert received == []

    carol = core.join(store, created.code, "sales", "Carol")
    added = note(store, created.code, carol, "New idea")
    assert loop.poll_once() is True
    assert len(received) == 1
    events = received[0]
    assert [e["type"] for e in events] == ["participant.joined", "contribution.added"]
    assert [e["version"] for e in events] == [version + 1, version + 2]
    assert events[1]["data"]["id"] == added.id
    assert loop.version == version + 2

    assert loop.poll_once() is False
    assert len(received) == 1

    core.next_phase(store, created.code, created.facilitator_key)
    assert loop.poll_once() is True
    assert [e["type"] for e in received[1]] == ["phase.changed"]
    assert not loop.running


def test_dot_vote_update_keeps_the_row_widgets(store, session):
    # Every store change refreshes the page; rebuilding the rows each time would send new widgets
    # to the browser for every note on every vote of anyone in the room.
    created, _, bob = session
    a = note(store, created.code, bob, "Alpha")
    b = note(store, created.code, bob, "Beta")
    vote = DotVote("en", 5, lambda cid, p: True)
    vote.update(core.contributions(store, created.code), {})
    boxes = list(vote.list.children)
    vote.update(core.contributions(store, created.code), {a.id: 1})
    assert [x is y for x, y in zip(vote.list.children, boxes, strict=True)] == [True, True]
    assert "●" in vote.rows[a.id][0].value
    c = note(store, created.code, bob, "Gamma")
    vote.update(core.contributions(store, created.code), {a.id: 1})
    assert vote.list.children[0] is boxes[0] and vote.list.children[1] is boxes[1]
    assert len(vote.list.children) == 3
    core.delete_contribution(store, created.code, bob.token, b.id)
    vote.update(core.contributions(store, created.code), {a.id: 1})
    assert list(vote.list.children) == [boxes[0], vote.list.children[1]]
    assert set(vote.rows) == {a.id, c.id}


def test_rating_grid_shows_the_saved_score_again_when_core_refuses():
    phase, scale = rating_phase()
    answers = [True, False]
    grid = RatingGrid(phase, scale, "en", lambda *args: answers.pop(0))
    grid.update([("1", "Chat")], [], {})
    cell = grid._cells[(None, "customers")]
    cell.value = 4  # saved
    cell.value = 2  # refused by core: the cell must not pretend it was saved
    assert grid.mine == {("1", None, "customers"): 4}
    assert cell.value == 4
