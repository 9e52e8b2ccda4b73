"""Suggested groups and duplicates in real pages: three participants write 30 notes on the
participant page, the facilitator (Voila) asks for suggestions, accepts two groups and one
duplicate, and every participant page shows the clusters and the merge."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import add_note, join, unlock
from toolkit.methods.grouping import read_labelled_notes

pytestmark = pytest.mark.browser

KERNEL = 30_000  # ms: the facilitator's kernel handles a click (a shared, busy machine)
FOLLOW = 5_000  # ms: a participant page follows the board


def _notes() -> list[str]:
    labelled = read_labelled_notes(Path(__file__).resolve().parents[1] / "data" / "grouping" / "tune_en.txt")
    by_topic: dict[str, list[str]] = {}
    for topic, text in zip(labelled.topics, labelled.texts, strict=True):
        by_topic.setdefault(topic, []).append(text)
    return by_topic["speed"][:10] + by_topic["checkout"][:10] + by_topic["budget"][:10]


def test_accept_two_suggested_groups_and_one_duplicate(server, new_page):
    base, db_url = server
    from toolkit.core import sessions as core
    from toolkit.core.store import Store

    store = Store(db_url)
    created = core.create_session(store, "brainstorm", "en")
    code, key = created.code, created.facilitator_key
    core.set_revealed(store, code, key, True)  # the idea phase is silent until the reveal
    notes = _notes()
    people = []
    for role in ("marketing", "it", "service"):
        page = new_page(390, 844)
        join(page, base, code, role)
        people.append(page)
    for i, text in enumerate(notes):
        add_note(people[i % 3], text)

    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, code, key)
    expect(facilitator.locator(".tk-board .tk-note")).to_have_count(30, timeout=KERNEL)
    facilitator.click(".tk-suggest-groups")
    suggestions = facilitator.locator(".tk-suggestion")
    expect(suggestions.first).to_be_visible(timeout=KERNEL)
    assert suggestions.count() >= 2
    labels = []
    for _ in range(2):
        first = suggestions.first
        label = first.locator(".tk-suggestion-label input").input_value()
        labels.append(label)
        count_before = suggestions.count()
        first.locator(".tk-suggestion-accept").click()
        expect(suggestions).to_have_count(count_before - 1, timeout=KERNEL)
    headings = facilitator.locator(".tk-cluster-heading h4")
    expect(headings).to_have_count(2, timeout=KERNEL)
    assert sorted(headings.all_inner_texts()) == sorted(labels)  # the board orders clusters its own way
    # Nothing is grouped until accepted: two clusters, no merge yet.
    assert core.get_session(store, code).settings["curation"]["merged"] == {}

    facilitator.click(".tk-suggest-duplicates")
    pair = facilitator.locator(".tk-duplicate", has_text="The website is slow")
    expect(pair).to_have_count(1, timeout=KERNEL)
    pair.locator(".tk-duplicate-merge").click()
    expect(pair).to_have_count(0, timeout=KERNEL)

    for page in people:
        for label in labels:
            expect(page.locator(f'.tk-board-group[data-group="{label}"] h3')).to_have_text(label, timeout=FOLLOW)
        survivor = page.locator(".tk-board .tk-note", has=page.locator(".tk-note-text", has_text="The website is slow"))
        expect(survivor.locator(".tk-merged-list li")).to_have_text(["Site loads really slowly"], timeout=FOLLOW)
        expect(page.locator(".tk-board .tk-note .tk-note-text", has_text="Site loads really slowly")).to_have_count(0)
