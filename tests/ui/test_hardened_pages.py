"""Widget pages under core's hardening: the join form joins once and asks no name in an anonymous
session, a refused write keeps the draft, and the board keeps a name's direction to itself."""
from __future__ import annotations

from dataclasses import replace

import ipywidgets as w
import pytest

from toolkit.core import sessions as core
from toolkit.core import views
from toolkit.core.i18n import MESSAGES
from toolkit.core.limits import DEFAULT_LIMITS, Limits
from toolkit.ui.board import card_html
from toolkit.ui.join_form import JoinForm
from toolkit.ui.note_input import NoteInput
from toolkit.ui.session_app import LiveApp


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


@pytest.fixture
def page(store, pages):
    def build(anonymous: bool = False) -> tuple[LiveApp, str]:
        created = core.create_session(store, "brainstorm", "en", anonymous=anonymous)
        built = LiveApp(store, code=created.code)
        pages.append(built)
        return built, created.code
    return build


def test_the_join_button_joins_once(store, page):
    joined, code = page()
    form = joined.join_form
    form.name.value = "Ann"
    form.role.value = "it"
    for _ in range(5):
        form.submit.click()  # click() reaches the handler even on a disabled button, as a forged message would
    assert core.participant_counts(store, code) == {"it": 1}
    assert form.submit.disabled and form.joined


def test_a_refused_join_leaves_the_button_usable(store, page):
    joined, code = page()
    form = joined.join_form
    form.submit.click()  # no role chosen: core refuses
    assert joined.me is None and joined.errors.message
    assert not form.submit.disabled
    form.role.value = "it"
    form.submit.click()
    assert joined.me is not None and form.submit.disabled
    assert core.participant_counts(store, code) == {"it": 1}


def test_an_anonymous_session_asks_no_name(store, page):
    joined, code = page(anonymous=True)
    form = joined.join_form
    assert not any(x is form.name for x in walk(joined.widget))
    assert all("tk-join-name" not in getattr(x, "_dom_classes", ()) for x in walk(joined.widget))
    form.name.value = "Ann Secret"  # a forged value never leaves the form
    form.role.value = "it"
    form.submit.click()
    assert joined.me is not None and joined.me.name is None
    assert "Ann Secret" not in repr(core.event_log(store, code))


def test_the_join_form_without_anonymity_has_the_name_field():
    calls = []
    form = JoinForm("en", lambda *args: calls.append(args) or None, code="ABC123")
    assert form.name in form.widget.children
    form.name.value, form.role.value = "Ann", "it"
    form.submit.click()
    form.submit.click()
    assert calls == [("ABC123", "Ann", "it")] * 2, "a join that did not succeed may be tried again"


def test_a_name_on_a_card_is_isolated_for_direction(store):
    created = core.create_session(store, "brainstorm", "en")
    ann = core.join(store, created.code, "marketing", "عائشة <b>")
    core.add_contribution(store, created.code, ann.token, "ideas", {"text": "idea"})
    [card] = views.session_view(store, created.code, token=ann.token, language="en").cards
    assert "<bdi>عائشة &lt;b&gt;</bdi> · Marketing" in card_html(card)
    assert "bdi" not in card_html(replace(card, author=None))  # anonymous: the role alone


def test_a_write_beyond_the_limit_keeps_the_draft_and_says_so(store, pages):
    store = store.with_limits(Limits(**{**DEFAULT_LIMITS.__dict__, "writes": 2, "write_window": 60}))
    created = core.create_session(store, "brainstorm", "nl")
    ann = LiveApp(store, code=created.code)
    pages.append(ann)
    ann.join_form.role.value = "it"
    ann.join_form.submit.click()
    box = ann._input
    assert isinstance(box, NoteInput)
    for text in ("een", "twee", "drie, nog niet verstuurd"):
        box.text.value = text
        box.submit.click()
    assert box.text.value == "drie, nog niet verstuurd"
    assert ann.errors.message.startswith(MESSAGES["write_rate_limited"]["nl"].split("{")[0])
    assert [c.text for c in core.contributions(store, created.code)] == ["een", "twee"]
