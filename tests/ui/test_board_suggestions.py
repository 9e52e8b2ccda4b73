"""Suggested groups and duplicates on the facilitator's board: shown on request, applied only when
the facilitator accepts one (as core's cluster and merge operations), undone like any curation."""
from __future__ import annotations

import pytest

from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.ui.session_app import LiveApp

NOTES = ["The webshop is slow on phones", "Webshop too slow on mobile", "Coffee machine broken",
         "Newsletter goes out too late", "The newsletter is always late", "<b>bold</b> $x$ newsletter late"]


@pytest.fixture
def room(store, pages):
    created = core.create_session(store, "brainstorm", "en")
    people = [core.join(store, created.code, role) for role in ("marketing", "it", "service")]
    ids = [core.add_contribution(store, created.code, people[i % 3].token, "ideas",
                                 {"prompt": "idea", "text": text}).id for i, text in enumerate(NOTES)]
    page = LiveApp(store, code=created.code, view="facilitator", join_url="http://h/x")
    pages.append(page)
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    assert page.key, page.errors.message
    return store, created, page, ids


def _current(store, code):
    return curation.curation_of(core.get_session(store, code).settings)


def test_nothing_changes_until_a_suggested_group_is_accepted(room):
    store, created, page, ids = room
    panel = page.board.suggestions
    panel.groups_button.click()
    groups = [row for row in panel.items.children if "tk-suggestion" in row._dom_classes]
    assert groups and _current(store, created.code).empty
    assert "&lt;b&gt;bold&lt;/b&gt;" in "".join(row.children[1].value for row in groups)
    webshop = next(row for row in groups if "webshop" in row.children[0].children[0].value)
    webshop.children[0].children[0].value = "Speed of the shop"  # the facilitator renames it first
    webshop.children[0].children[2].click()  # reject: gone, nothing made
    assert webshop not in panel.items.children and _current(store, created.code).empty
    panel.groups_button.click()
    row = next(r for r in panel.items.children if "webshop" in r.children[0].children[0].value)
    row.children[0].children[0].value = "Speed of the shop"
    row.children[0].children[1].click()
    (cluster,) = _current(store, created.code).clusters
    assert cluster.label == "Speed of the shop" and set(cluster.members) == {ids[0], ids[1]}
    assert row not in panel.items.children
    assert curation.undo(store, created.code, created.facilitator_key).empty


def test_an_accepted_duplicate_is_a_merge_and_the_panel_follows_the_language(room):
    store, created, page, ids = room
    panel = page.board.suggestions
    panel.duplicates_button.click()
    pairs = [r for r in panel.items.children if "tk-duplicate" in r._dom_classes]
    newsletter = next(r for r in pairs if "The newsletter is always late" in r.children[0].value)
    newsletter.children[1].children[0].click()
    merged = _current(store, created.code).merged
    assert len(merged) == 1 and set(merged.items()) <= {(ids[4], ids[3]), (ids[3], ids[4]), (ids[5], ids[3]),
                                                       (ids[5], ids[4]), (ids[4], ids[5]), (ids[3], ids[5])}
    page.set_language("nl")
    assert panel.groups_button.description == "Groepen voorstellen"
