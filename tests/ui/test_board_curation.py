"""The facilitator's board curates: select, merge, hide, cluster, agree and undo, each through
core, on a real store; participants' pages follow."""
from __future__ import annotations

import ipywidgets as w
import pytest

from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.ui.session_app import LiveApp


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def with_class(widget, cls):
    return [x for x in walk(widget) if cls in getattr(x, "_dom_classes", ())]


@pytest.fixture
def room(store, pages):
    created = core.create_session(store, "brainstorm", "nl")
    phases = [p.id for p in core.get_session(store, created.code).workshop.phases]
    core.set_phase(store, created.code, created.facilitator_key, phases.index("ideas"))
    people = [core.join(store, created.code, role, name)
              for name, role in (("Ann", "marketing"), ("Bo", "it"), ("Cy", "service"))]
    ids = {}
    for person, text in zip(people, ("Live chat", "Chat on the site", "Faster replies"), strict=True):
        ids[text] = core.add_contribution(store, created.code, person.token, "ideas",
                                          {"prompt": "idea", "text": text}).id
    ids["Self-service portal"] = core.add_contribution(store, created.code, people[0].token, "ideas",
                                                       {"prompt": "idea", "text": "Self-service portal"}).id
    page = LiveApp(store, code=created.code, view="facilitator", join_url="http://h/x")
    pages.append(page)
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    assert page.key, page.errors.message
    return created, page, ids


def tools(page, cid):
    return page.board.cards[cid].tools


def test_every_card_has_labelled_controls_and_undo_starts_disabled(room):
    _created, page, ids = room
    board = page.board
    assert not with_class(board.widget, "tk-note-agreed-text")  # made only for agreed cards
    assert board.undo.disabled and board.undo.description == "Ongedaan maken"
    for cid in ids.values():
        t = tools(page, cid)
        assert t.hide.description == "Verbergen" and t.merge.description == "Geselecteerde hierin samenvoegen"
        assert t.agree.description == "Markeren als afgesproken" and t.select.description == "Selecteren"
        assert t.cluster.description == "Cluster" and t.cluster.options[0] == ("(geen cluster)", "")
    for cls in ("tk-note-hide", "tk-note-merge", "tk-note-agree", "tk-note-cluster", "tk-note-select"):
        assert len(with_class(board.widget, cls)) == len(ids), cls


def test_merge_hide_cluster_agree_and_undo(store, room, pages):
    created, page, ids = room
    board = page.board
    # Merge: select "Chat on the site", merge into "Live chat".
    tools(page, ids["Chat on the site"]).select.value = True
    tools(page, ids["Live chat"]).merge.click()
    assert page.errors.message == ""
    assert ids["Chat on the site"] not in board.cards
    assert "Chat on the site" in board.cards[ids["Live chat"]].html.value
    assert "tk-note-merged" in board.cards[ids["Live chat"]].html.value
    assert board.selected == set() and not board.undo.disabled
    # Hide one: it stays on the facilitator's board, dimmed, with "Restore".
    tools(page, ids["Faster replies"]).hide.click()
    assert "tk-note-hidden" in board.cards[ids["Faster replies"]].widget._dom_classes
    assert tools(page, ids["Faster replies"]).hide.description == "Terugzetten"
    # Cluster the rest.
    tools(page, ids["Live chat"]).select.value = True
    tools(page, ids["Self-service portal"]).select.value = True
    board.cluster_name.value = "Online service"
    board.cluster_create.click()
    assert page.errors.message == ""
    assert board.cluster_name.value == ""
    headings = with_class(board.widget, "tk-cluster-heading")
    assert len(headings) == 1 and "Online service" in headings[0].children[0].value
    assert tools(page, ids["Live chat"]).cluster.value != ""
    # Agree, then edit the agreed wording.
    tools(page, ids["Live chat"]).agree.click()
    card = board.cards[ids["Live chat"]]
    assert "tk-agreed" in card.widget._dom_classes and card.tools.editor in card.tools.widget.children
    assert card.tools.wording.value == "Live chat"
    card.tools.wording.value = "Live chat on every page"
    card.tools.save.click()
    card = board.cards[ids["Live chat"]]
    assert "Live chat on every page" in card.html.value and "Oorspronkelijk:" in card.html.value
    assert next(iter(board.cards)) == ids["Live chat"]  # agreed comes first

    # A participant's page shows the same result, hidden note gone.
    ann = LiveApp(store, code=created.code)
    pages.append(ann)
    ann.join_form.name.value, ann.join_form.role.value = "Dee", "sales"
    ann.join_form.submit.click()
    cur = curation.curation_of(core.get_session(store, created.code).settings)
    assert ids["Faster replies"] in cur.hidden and cur.agreed[ids["Live chat"]] == "Live chat on every page"

    # Undo steps back one change at a time: first the wording, then the agreement.
    board.undo.click()
    assert board.cards[ids["Live chat"]].note.text == "Live chat"
    board.undo.click()
    card = board.cards[ids["Live chat"]]
    assert "tk-agreed" not in card.widget._dom_classes and card.tools.editor not in card.tools.widget.children
    for _ in range(3):  # the cluster, the hide, the merge
        board.undo.click()
    assert page.errors.message == ""
    assert board.undo.disabled
    assert set(board.cards) == set(ids.values())
    assert not with_class(board.widget, "tk-cluster-heading")


def test_cluster_picker_moves_rename_and_dissolve(room):
    created, page, ids = room
    board = page.board
    board.cluster_name.value = "Chat"
    board.cluster_create.click()  # an empty cluster in the board's phase
    assert page.errors.message == ""
    picker = tools(page, ids["Faster replies"]).cluster
    cluster_id = next(v for label, v in picker.options if label == "Chat")
    picker.value = cluster_id
    assert page.board.cards[ids["Faster replies"]].note.group == "Chat"
    heading = with_class(board.widget, "tk-cluster-heading")[0]
    label = next(x for x in walk(heading) if isinstance(x, w.Text))
    label.value = "Chat & replies"
    next(x for x in walk(heading) if "tk-cluster-rename" in x._dom_classes).click()
    assert page.board.cards[ids["Faster replies"]].note.group == "Chat & replies"
    heading = with_class(board.widget, "tk-cluster-heading")[0]
    next(x for x in walk(heading) if "tk-cluster-dissolve" in x._dom_classes).click()
    assert page.errors.message == ""
    assert curation.curation_of(core.get_session(page.store, created.code).settings).clusters == ()


def test_errors_show_in_the_facilitators_language(room):
    _created, page, ids = room
    tools(page, ids["Live chat"]).merge.click()  # nothing selected
    assert page.errors.message == "Vink eerst de briefjes aan die in dit briefje moeten opgaan."
    page.set_language("en")
    assert page.errors.message == "First tick the notes that should go into this one."
    assert tools(page, ids["Live chat"]).merge.description == "Merge selected into this one"
    page.board.cluster_name.value = "   "
    page.board.cluster_create.click()
    assert page.errors.message and "tk-error" in page.errors.widget._dom_classes
    page.board.undo.disabled = False  # a forged click: core still refuses
    page.board.undo.click()
    assert page.errors.message == "There is nothing left to undo."


def test_note_text_is_escaped_in_merged_and_original(room):
    created, page, ids = room
    xss = "<img src=x onerror=alert(1)>"
    person = core.join(page.store, created.code, "other", "M")
    bad = core.add_contribution(page.store, created.code, person.token, "ideas", {"prompt": "idea", "text": xss}).id
    curation.merge(page.store, created.code, created.facilitator_key, ids["Live chat"], [bad])
    curation.agree(page.store, created.code, created.facilitator_key, ids["Live chat"], xss + "!")
    page.refresh()
    html = page.board.cards[ids["Live chat"]].html.value
    assert "<img" not in html and "&lt;img" in html
