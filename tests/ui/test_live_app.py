"""The live app end to end without a browser: several pages on one real store.

Every page is a :class:`LiveApp` as a Voila kernel would build it. Instead of waiting for the live
loop, a test calls ``page.refresh()`` where the loop would have polled. The "forged" tests call the
page's action methods directly with values the visible widgets would never send, as a visitor who
edits widget state over the websocket could: core must refuse each one.
"""
from __future__ import annotations

import ipywidgets as w
import pytest
from traitlets import TraitError

from toolkit.core import sessions as core
from toolkit.core.store import Store
from toolkit.ui import session_app
from toolkit.ui.board import Board
from toolkit.ui.dot_vote import DotVote
from toolkit.ui.note_input import NoteInput
from toolkit.ui.rating_grid import RatingGrid
from toolkit.ui.session_app import LiveApp

XSS = "<img src=x onerror=alert(1)>"


# -- helpers --------------------------------------------------------------------------------------

def walk(widget: w.Widget, visible_only: bool = False):
    """Every widget under ``widget``; with ``visible_only`` skip those hidden by ``display: none``."""
    if visible_only and getattr(getattr(widget, "layout", None), "display", None) == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child, visible_only)


def shown_html(page: LiveApp) -> str:
    """The markup of every visible HTML widget on the page."""
    return "\n".join(x.value for x in walk(page.widget, visible_only=True) if isinstance(x, w.HTML))


def with_class(widget: w.Widget, cls: str) -> list[w.Widget]:
    return [x for x in walk(widget, visible_only=True) if cls in getattr(x, "_dom_classes", ())]


def on_page(page: LiveApp, widget: w.Widget) -> bool:
    return any(x is widget for x in walk(page.widget))


@pytest.fixture
def created(store):
    """A brainstorm with its silent idea phase revealed: every page sees every note."""
    created = core.create_session(store, "brainstorm", "nl")
    core.set_revealed(store, created.code, created.facilitator_key, True)
    return created


def participant(store, code, pages, name="Ann", role="marketing", **kwargs) -> LiveApp:
    """A participant page that joined through the join form."""
    page = LiveApp(store, code=code, **kwargs)
    pages.append(page)
    page.join_form.name.value = name
    page.join_form.role.value = role
    page.join_form.submit.click()
    assert page.me is not None, page.errors.message
    return page


def facilitator(store, created, pages, key=None, **kwargs) -> LiveApp:
    page = LiveApp(store, code=created.code, view="facilitator", join_url=f"http://h/live.ipynb?session={created.code}",
                   **kwargs)
    pages.append(page)
    if key is not None:
        page.bar.key.value = key
        page.bar.unlock.click()
    return page


def add_note(page: LiveApp, text: str, prompt: str = "idea") -> None:
    box = page._input
    assert isinstance(box, NoteInput)
    box.text.value = text
    box.prompt.value = prompt
    box.submit.click()


# -- joining and sharing notes ----------------------------------------------------------------------

def test_join_add_note_and_another_page_sees_it(store, created, pages):
    ann = participant(store, created.code, pages, "Ann", "marketing")
    bob = participant(store, created.code, pages, "Bob", "it")
    assert ann.errors.message == ""
    assert "Ann" in ann.status.value
    assert any("tk-cookie" in x._dom_classes for x in ann.widget.children)  # resume cookie set
    assert isinstance(ann._input, NoteInput)
    assert on_page(ann, ann.board.widget) and not on_page(ann, ann.join_form.widget)

    add_note(ann, "Live chat on the website")
    assert ann._input.text.value == ""  # accepted, so the input is cleared
    assert ann.board.texts == ["Live chat on the website"]
    assert bob.board.texts == []
    bob.refresh()
    assert bob.board.texts == ["Live chat on the website"]
    card = bob.board.cards[next(iter(bob.board.cards))]
    assert not card.own
    assert "Ann" in card.html.value
    assert len(with_class(bob.widget, "tk-note")) == 1
    assert len(with_class(ann.widget, "tk-note-own")) == 1


def test_refused_note_keeps_the_text_and_shows_the_error(store, created, pages):
    ann = participant(store, created.code, pages)
    add_note(ann, "x" * 1001)
    assert "Deze tekst is te lang: 1001 tekens, het maximum is 1000." in ann.errors.message
    assert ann._input.text.value == "x" * 1001
    assert with_class(ann.widget, "tk-error")
    add_note(ann, "short")
    assert ann.errors.message == ""
    assert not with_class(ann.widget, "tk-error")  # hidden again after a successful action


def test_participant_text_is_escaped_on_every_page(store, created, pages):
    mallory = participant(store, created.code, pages, XSS, "other")
    add_note(mallory, XSS)
    ann = participant(store, created.code, pages, "Ann")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    for page in (mallory, ann, fac):
        page.refresh()
        html = shown_html(page)
        assert "&lt;img" in html
        assert "<img src=x" not in html


def test_edit_and_delete_own_note_through_the_card(store, created, pages):
    ann = participant(store, created.code, pages)
    add_note(ann, "First")
    card = next(iter(ann.board.cards.values()))
    card.edit.click()
    card.editor.value = "First, better"
    card.edit.click()
    assert ann.board.texts == ["First, better"]
    assert [c.text for c in core.contributions(store, created.code)] == ["First, better"]
    card.delete.click()
    assert ann.board.texts == []
    assert core.contributions(store, created.code) == []


# -- forged actions -------------------------------------------------------------------------------

def test_forged_facilitator_action_from_a_participant_page_is_refused(store, created, pages):
    ann = participant(store, created.code, pages)
    for action, args in (("next", ()), ("lock", (True,)), ("timer", (5,)), ("anonymous", (True,))):
        ann._steer(action, *args)
        assert ann.errors.message == "Deze facilitatorsleutel klopt niet."
        assert with_class(ann.widget, "tk-error")
    state = core.get_session(store, created.code)
    assert state.phase_index == 0
    assert not state.locked and not state.anonymous and state.timer_deadline is None
    ann.refresh()
    assert "Ideeën verzamelen" in ann.header.title.value


def test_forged_vote_over_budget_is_refused(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    bob = participant(store, created.code, pages, "Bob", "it")
    add_note(bob, "Alpha")
    add_note(bob, "Beta")
    core.next_phase(store, created.code, created.facilitator_key)
    ann.refresh()
    assert isinstance(ann._input, DotVote)
    alpha, beta = [c.id for c in core.contributions(store, created.code, "ideas")]

    assert ann._vote(alpha, 6) is False
    assert ann.errors.message == "Het aantal stippen moet een heel getal van 0 tot 5 zijn."
    assert ann._vote(alpha, 5) is True
    assert ann.errors.message == ""
    assert ann._vote(beta, 1) is False
    assert ann.errors.message == "Je hebt al je 5 stippen verdeeld. Haal er eerst een weg."
    assert core.my_votes(store, created.code, ann.me.token, "vote") == {alpha: 5}
    # the page's buttons show the same: the + on Beta is refused and changes nothing
    ann._input.rows[beta][2].click()
    assert "Nog 0 van 5 stippen" in ann._input.left.value
    assert "stippen verdeeld" in ann.errors.message


def test_forged_vote_on_a_note_that_is_not_a_target_is_refused(store, created, pages):
    ann = participant(store, created.code, pages)
    core.next_phase(store, created.code, created.facilitator_key)
    ann.refresh()
    for target in (999, "1", True, None):
        assert ann._vote(target, 1) is False
        assert ann.errors.message == "Hierop kun je in deze fase niet stemmen."


def test_forged_delete_of_someone_elses_note_is_refused(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    bob = participant(store, created.code, pages, "Bob", "it")
    add_note(bob, "Bob's idea")
    ann.refresh()
    (bobs_id,) = ann.board.cards
    assert not hasattr(ann.board.cards[bobs_id], "delete")  # no button for it ...
    ann._delete(bobs_id)  # ... but a forged call reaches core
    assert ann.errors.message == "Je kunt alleen je eigen bijdragen wijzigen of verwijderen."
    assert ann._edit(bobs_id, {"text": "hacked"}) is False
    assert ann.errors.message == "Je kunt alleen je eigen bijdragen wijzigen of verwijderen."
    assert [c.text for c in core.contributions(store, created.code)] == ["Bob's idea"]
    assert ann.board.texts == ["Bob's idea"]


def test_forged_role_is_refused(store, created, pages):
    page = LiveApp(store, code=created.code)
    pages.append(page)
    with pytest.raises(TraitError):  # the Dropdown refuses a value not in its options ...
        page.join_form.role.value = "hacker"
    page._join(created.code, "Eve", "hacker")  # ... so a forged call goes straight to core
    assert page.me is None
    assert page.errors.message == "Kies een rol uit de lijst."
    assert on_page(page, page.join_form.widget)
    assert core.participant_counts(store, created.code) == {}
    page.join_form.submit.click()  # no role chosen at all
    assert page.errors.message == "Kies een rol uit de lijst."
    assert page.me is None


def test_forged_note_payload_is_refused(store, created, pages):
    ann = participant(store, created.code, pages)
    assert ann._add({"text": "hi", "prompt": "not-a-prompt"}) is False
    assert "geen geldige keuze" in ann.errors.message
    assert ann._add({"text": "hi", "author": "someone else"}) is False
    assert ann._add("just a string") is False
    assert core.contributions(store, created.code) == []


def test_join_with_a_code_typed_on_a_page_without_session(store, created, pages):
    page = LiveApp(store)
    pages.append(page)
    assert page.state is None and page.errors.message == ""
    page.join_form.code.value = f"  {created.code.lower()} "
    page.join_form.role.value = "service"
    page.join_form.submit.click()
    assert page.errors.message == ""
    assert page.me is not None and page.me.role == "service"
    assert page.code == created.code
    assert "Ideeën verzamelen" in page.header.title.value
    add_note(page, "typed code works")
    assert page.board.texts == ["typed code works"]


def test_deleted_session_shows_an_error_on_refresh(store, created, pages):
    ann = participant(store, created.code, pages)
    core.delete_session(store, created.code, created.facilitator_key)
    ann.refresh()
    assert f"Er is geen sessie met code '{created.code}'" in ann.errors.message


def test_unknown_session_code_shows_an_error(store, pages):
    page = LiveApp(store, code="nope99")
    pages.append(page)
    assert page.state is None
    assert "NOPE99" in page.errors.message
    assert on_page(page, page.join_form.widget)
    page.join_form.role.value = "it"
    page.join_form.submit.click()
    assert page.me is None
    assert "Er is geen sessie met code 'NOPE99'" in page.errors.message


# -- the facilitator page -------------------------------------------------------------------------

def test_facilitator_page_wrong_key_is_refused(store, created, pages):
    fac = facilitator(store, created, pages, key="wrong")
    assert not fac.bar.unlocked
    assert fac.key is None
    assert fac.errors.message == "Deze facilitatorsleutel klopt niet."
    assert not with_class(fac.widget, "tk-next-phase")
    fac._steer("next")  # a forged click on the hidden button
    assert core.get_session(store, created.code).phase_index == 0


def test_facilitator_page_right_key_unlocks_and_next_phase_moves_every_page(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    bob = participant(store, created.code, pages, "Bob", "it")
    add_note(ann, "Alpha")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    assert fac.bar.unlocked
    assert fac.errors.message == ""
    assert with_class(fac.widget, "tk-next-phase")
    assert fac.board.texts == ["Alpha"]
    assert "Deelnemers: 2" in fac.bar.people.value

    fac.bar.next.click()
    assert fac.errors.message == ""
    assert core.get_session(store, created.code).phase_index == 1
    assert "Stemmen" in fac.header.title.value
    for page in (ann, bob):
        assert "Ideeën verzamelen" in page.header.title.value  # not yet refreshed
        page.refresh()
        assert "Stemmen" in page.header.title.value
        assert "Fase 2 van 4" in page.header.step.value
        assert isinstance(page._input, DotVote)
    fac.bar.previous.click()
    for page in (ann, bob):
        page.refresh()
        assert isinstance(page._input, NoteInput)


def test_facilitator_head_count_follows_arrivals_from_the_feed(store, created, pages, clock):
    """People arriving (on the participant page, no kernel) reach the facilitator's bar through
    the change feed, drawn on the page's tick; a note that comes in between lands on the board."""
    ann = participant(store, created.code, pages, "Ann")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    assert "Deelnemers: 1" in fac.bar.people.value
    core.join(store, created.code, "it", "Ivo")
    add_note(ann, "Between two arrivals")
    core.join(store, created.code, "service", "Sam")
    assert fac.loop.poll_once()
    clock.advance(session_app.HEAD_COUNT_SECONDS)
    fac._tick()  # what the live loop does after each poll
    assert "Deelnemers: 3" in fac.bar.people.value
    assert fac.board.texts == ["Between two arrivals"]
    assert fac.state.version == core.get_session(store, created.code).version


def test_facilitator_timer_shows_on_participant_pages(store, created, pages):
    ann = participant(store, created.code, pages)
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    fac.bar.minutes.value = 5
    fac.bar.timer_start.click()
    ann.refresh()
    deadline = ann.state.timer_deadline
    assert deadline is not None
    ann.header.tick(now=deadline - 299)
    assert "Nog 4:59" in ann.header.timer.value
    ann.header.tick(now=deadline + 1)
    assert "De tijd is om" in ann.header.timer.value
    fac.bar.timer_stop.click()
    ann.refresh()
    assert ann.header.timer.value == ""


def test_facilitator_lock_closes_input_on_participant_pages(store, created, pages):
    ann = participant(store, created.code, pages)
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    fac.bar.lock.value = True
    ann.refresh()
    assert ann._input is None
    assert "De invoer is gesloten." in shown_html(ann)
    assert ann._add({"text": "sneaky", "prompt": "idea"}) is False  # forged add while locked
    assert ann.errors.message == "De facilitator heeft de invoer gesloten."
    fac.bar.lock.value = False
    ann.refresh()
    assert isinstance(ann._input, NoteInput)


def test_facilitator_view_without_key_shows_no_board_content(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    add_note(ann, "Confidential idea")
    spy = facilitator(store, created, pages)
    assert not spy.bar.unlocked
    assert not on_page(spy, spy.board.widget)
    assert not on_page(spy, spy.header.widget)
    assert "Confidential idea" not in shown_html(spy)
    assert not [x for x in walk(spy.widget) if "tk-note" in getattr(x, "_dom_classes", ())]
    assert "<svg" not in shown_html(spy)  # no QR code either
    spy.set_language("en")  # switching language does not load the board
    assert "Confidential idea" not in shown_html(spy)
    spy.bar.key.value = "guess"
    spy.bar.unlock.click()
    assert "Confidential idea" not in "\n".join(x.value for x in walk(spy.widget) if isinstance(x, w.HTML))


def test_facilitator_view_for_an_unknown_session_has_no_bar(store, pages):
    page = LiveApp(store, code="NOPE99", view="facilitator")
    pages.append(page)
    assert page.bar is None
    assert "NOPE99" in page.errors.message


# -- silent phases and anonymity ----------------------------------------------------------------------

def test_silent_phase_hides_others_notes_until_reveal(store, pages):
    created = core.create_session(store, "dna-mapping", "en")
    ann = participant(store, created.code, pages, "Ann")
    bob = participant(store, created.code, pages, "Bob", "it")
    assert ann.state.phase.silent
    add_note(ann, "Purpose of Ann", prompt=ann.state.phase.prompts[0].id)
    add_note(bob, "Purpose of Bob", prompt=bob.state.phase.prompts[0].id)
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    ann.refresh()
    assert ann.board.texts == ["Purpose of Ann"]
    assert "Purpose of Bob" not in shown_html(ann)
    assert "only your own contributions" in ann.board.notice.value
    assert fac.board.texts == ["Purpose of Ann", "Purpose of Bob"]  # the facilitator sees all
    fac.bar.reveal.value = True
    ann.refresh()
    assert ann.board.texts == ["Purpose of Ann", "Purpose of Bob"]
    assert "Purpose of Bob" in shown_html(ann)


def test_anonymous_mode_hides_authors_on_every_page(store, created, pages):
    ann = participant(store, created.code, pages, "Annabel")
    bob = participant(store, created.code, pages, "Bobby", "it")
    add_note(ann, "Alpha")
    bob.refresh()
    assert "Annabel" in shown_html(bob).replace(bob.status.value, "")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    fac.bar.anonymous.value = True
    for page in (ann, bob, fac):
        page.refresh()
        html = shown_html(page).replace(page.status.value, "")
        assert "Annabel" not in html
        assert "Marketing" in html  # the role stays


# -- language and resume ------------------------------------------------------------------------------

def test_language_switch_rerenders_header_and_board_in_english(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    add_note(ann, "Alpha", "pain")
    assert "Ideeën verzamelen" in ann.header.title.value
    assert "Knelpunt" in shown_html(ann)
    assert ann._input.submit.description == "Toevoegen"
    ann.switch.widget.value = "en"
    assert ann.lang == "en"
    assert "Collect ideas" in ann.header.title.value
    assert "Phase 1 of 4" in ann.header.step.value
    html = shown_html(ann)
    assert "Pain point" in html and "Knelpunt" not in html
    assert "Alpha" in html
    assert ann._input.submit.description == "Add"
    assert "You take part as Ann." in ann.status.value
    card = next(iter(ann.board.cards.values()))
    assert card.delete.description == "Delete"
    ann._steer("next")  # an error after the switch is in English
    assert ann.errors.message == "This facilitator key is not correct."
    ann.switch.widget.value = "nl"
    assert ann.errors.message == "Deze facilitatorsleutel klopt niet."


def test_language_switch_keeps_what_the_participant_is_typing(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    ann._input.text.value = "Half a thought"
    ann._input.prompt.value = "pain"
    ann.switch.widget.value = "en"
    assert ann._input.submit.description == "Add"
    assert ann._input.text.value == "Half a thought"
    assert ann._input.prompt.value == "pain"
    assert ann._input.widget in ann.input_area.children


def test_language_switch_rerenders_the_closed_input_notice(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    core.set_locked(store, created.code, created.facilitator_key, True)
    ann.refresh()
    assert "De invoer is gesloten." in shown_html(ann)
    ann.switch.widget.value = "en"
    assert "Input is closed." in shown_html(ann)


def test_language_switch_on_the_join_form(store, created, pages):
    page = LiveApp(store, code=created.code)
    pages.append(page)
    assert page.join_form.submit.description == "Meedoen"
    page.switch.widget.value = "en"
    assert page.join_form.submit.description == "Join"
    assert "Customer service" in [label for label, _ in page.join_form.role.options]


def test_language_from_the_link_wins_over_the_session_language(store, created, pages):
    page = participant(store, created.code, pages, lang="en")
    assert "Collect ideas" in page.header.title.value
    forged = LiveApp(store, code=created.code, lang="de")
    pages.append(forged)
    assert forged.lang == "nl"


def test_resume_via_token_gives_the_same_participant_and_their_notes(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    add_note(ann, "Mine")
    bob = participant(store, created.code, pages, "Bob", "it")
    add_note(bob, "Not mine")
    again = LiveApp(store, code=created.code, token=ann.me.token)
    pages.append(again)
    assert again.me is not None
    assert again.me.id == ann.me.id
    assert again.me.name == "Ann"
    assert not on_page(again, again.join_form.widget)
    own = [card.note.text for card in again.board.cards.values() if card.own]
    assert own == ["Mine"]
    assert again.board.texts == ["Mine", "Not mine"]


def test_resume_with_a_bad_token_shows_the_join_form(store, created, pages):
    for token in ("not-a-token", ""):
        page = LiveApp(store, code=created.code, token=token)
        pages.append(page)
        assert page.me is None
        assert on_page(page, page.join_form.widget)


# -- rating --------------------------------------------------------------------------------------------

def test_rating_through_the_page_reaches_core(store, created, pages):
    ann = participant(store, created.code, pages)
    add_note(ann, "Alpha")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    fac.bar.next.click()
    fac.bar.next.click()
    ann.refresh()
    grid = ann._input
    assert isinstance(grid, RatingGrid)
    grid._cells[(None, "customers")].value = 4
    assert ann.errors.message == ""
    ratings = [c.payload for c in core.contributions(store, created.code) if c.kind == "rating"]
    assert ratings == [{"row": grid.row.value, "column": None, "dimension": "customers", "score": 4}]
    assert ann._rate(grid.row.value, None, "customers", 9) is False  # forged score off the scale
    assert "tussen 1 en 5" in ann.errors.message
    assert ann._rate("999", None, "customers", 3) is False  # forged row
    again = LiveApp(store, code=created.code, token=ann.me.token)
    pages.append(again)
    assert again._input._cells[(None, "customers")].value == 4  # own score shown after reload


def test_board_of_a_vote_phase_hides_totals_from_participants(store, created, pages):
    ann = participant(store, created.code, pages)
    add_note(ann, "Alpha")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    fac.bar.next.click()
    ann.refresh()
    (alpha,) = ann._input.rows
    ann._input.rows[alpha][2].click()
    assert ann._input.mine == {alpha: 1}
    assert "tk-note-votes" not in shown_html(ann)
    fac.refresh()
    assert "tk-note-votes" in shown_html(fac)
    assert isinstance(fac.board, Board)


def test_note_events_from_the_feed_update_other_pages_without_a_full_refresh(store, created, pages):
    ann = participant(store, created.code, pages, "Ann")
    bob = participant(store, created.code, pages, "Bob", role="it")
    fac = facilitator(store, created, pages, key=created.facilitator_key)
    since = {page: core.session_version(store, created.code) for page in (bob, fac)}
    add_note(ann, f"Faster webcare {XSS}")
    ann_note = core.contributions(store, created.code)[-1]
    core.edit_contribution(store, created.code, ann.me.token, ann_note.id, {"text": "Faster webcare, edited"})
    for page in (bob, fac):
        events = core.changes_since(store, created.code, since[page]).events
        assert page._apply(events), "notes added and edited are applied from the feed alone"
        assert [card.note.text for card in page.board.cards.values()] == ["Faster webcare, edited"]
        assert page.board.cards[ann_note.id].note.role == "marketing"
    # Bob sees Ann's note as a single card without buttons; the markup stays text.
    card = bob.board.cards[ann_note.id]
    assert not card.own and isinstance(card.widget, w.HTML) and "tk-note" in card.widget._dom_classes
    version = core.session_version(store, created.code)
    core.delete_contribution(store, created.code, ann.me.token, ann_note.id)
    assert bob._apply(core.changes_since(store, created.code, version).events)
    assert bob.board.cards == {}
    # A steering event is never applied from the feed: the page reads the store again.
    version = core.session_version(store, created.code)
    core.next_phase(store, created.code, created.facilitator_key)
    assert not bob._apply(core.changes_since(store, created.code, version).events)


def test_self_paced_session_starts_from_the_example_and_shows_silent_input(tmp_path):
    from toolkit.ui.self_paced import SelfPaced

    store = Store(f"sqlite:///{tmp_path}/self.sqlite")
    session = SelfPaced("dna-mapping", example="dna-insurer", lang="en", store=store)
    # Phase 1 (purpose) is silent in a live session; alone, the example's notes are shown.
    assert session.app.state.phase.id == "purpose" and session.app.state.phase.silent
    # The example merged its two purpose notes into one, which the room agreed in a new wording.
    (card,) = session.app.board.cards.values()
    assert card.note.agreed and len(card.note.merged) == 1
    session.next.click()
    assert session.app.state.phase.id == "values"
    values = session.snapshot().of_kind("form", "values")["value"].tolist()
    assert values == ["Snel", "Helder", "Persoonlijk", "Betrouwbaar"]
    session.previous.click()
    session.previous.click()  # on the first phase already: it stays there
    assert session.app.state.phase.id == "purpose"


def test_tone_checker_persona_comes_from_a_session_or_the_example(store):
    from toolkit.core.errors import NotFoundError, ValidationError
    from toolkit.core.examples import seed_session
    from toolkit.ui.page import persona_for

    assert persona_for(None).name == "Noor"  # the example energy supplier's persona
    seeded = seed_session(store, "persona-energy")
    assert persona_for(seeded.code, store) == persona_for(None)
    with pytest.raises(NotFoundError):
        persona_for("ZZZZZZ", store)
    other = core.create_session(store, "brainstorm", "en")
    with pytest.raises(ValidationError):
        persona_for(other.code, store)
