"""Curating the board in real pages: three participants add notes on the participant page, the
facilitator (Voila) merges two, hides one, clusters the rest and agrees one; every participant
page follows within 2 s; undo restores it; the HTML report and the workbook show the result."""
from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import add_note, join, unlock

pytestmark = pytest.mark.browser

FOLLOW = 2_000  # ms: a participant page shows a curation within 2 s of the facilitator's board
KERNEL = 20_000  # ms: the facilitator's kernel handles a click (a shared, busy machine)

A, B, C, D = ("Live chat on the website", "A chat window on our site", "Fax number on the contact page",
              "Self-service portal for invoices")


def note(page, text: str):
    return page.locator(".tk-board .tk-note", has=page.locator(".tk-note-text", has_text=text))


def test_curate_the_board_follow_live_undo_and_export(server, new_page, artifacts):
    base, db_url = server
    from toolkit.core import sessions as core
    from toolkit.core.store import Store

    store = Store(db_url)
    created = core.create_session(store, "brainstorm", "en")
    phases = core.get_session(store, created.code).workshop.phases
    ideas = next(i for i, p in enumerate(phases) if p.id == "ideas")
    core.set_phase(store, created.code, created.facilitator_key, ideas)
    code, key = created.code, created.facilitator_key

    people = []
    for role, name in (("marketing", "Mira"), ("it", "Ivo"), ("service", "Sam")):
        page = new_page(390, 844)
        join(page, base, code, role, name)
        people.append(page)
    add_note(people[0], A)
    add_note(people[1], B)
    add_note(people[2], C)
    add_note(people[0], D)
    if phases[ideas].silent:
        core.set_revealed(store, code, key, True)
    for page in people:
        for text in (A, B, C, D):
            expect(note(page, text)).to_have_count(1, timeout=10_000)

    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, code, key)
    for text in (A, B, C, D):
        expect(note(facilitator, text)).to_have_count(1, timeout=KERNEL)
    expect(facilitator.locator(".tk-undo")).to_be_disabled()
    # Every control has an accessible name (its visible label).
    expect(facilitator.get_by_role("checkbox", name="Select")).to_have_count(4)
    expect(facilitator.get_by_role("combobox", name="Cluster")).to_have_count(4)
    expect(facilitator.get_by_role("textbox", name="New cluster")).to_have_count(1)
    for name in ("Hide", "Merge selected into this one", "Mark as agreed"):
        expect(facilitator.get_by_role("button", name=name, exact=True)).to_have_count(4)

    # Merge B into A: tick B, then "Merge selected into this one" on A.
    note(facilitator, B).locator(".tk-note-select input").check()
    note(facilitator, A).locator(".tk-note-merge").click()
    expect(note(facilitator, B)).to_have_count(0, timeout=KERNEL)
    expect(note(facilitator, A).locator(".tk-note-merged")).to_contain_text(B)
    for page in people:
        expect(note(page, B)).to_have_count(0, timeout=FOLLOW)
        expect(note(page, A).locator(".tk-merged-list li")).to_have_text([B], timeout=FOLLOW)

    # Hide C, by keyboard: dimmed with "Restore" for the facilitator, gone for participants.
    note(facilitator, C).locator(".tk-note-hide").focus()
    facilitator.keyboard.press("Enter")
    expect(note(facilitator, C)).to_have_class(_has("tk-note-hidden"), timeout=KERNEL)
    expect(note(facilitator, C).locator(".tk-note-hide")).to_have_text("Restore")
    for page in people:
        expect(note(page, C)).to_have_count(0, timeout=FOLLOW)

    # Cluster the rest (A and D) as "Online".
    note(facilitator, A).locator(".tk-note-select input").check()
    note(facilitator, D).locator(".tk-note-select input").check()
    facilitator.fill(".tk-cluster-name input", "Online")
    facilitator.click(".tk-cluster-create")
    expect(facilitator.locator(".tk-cluster-heading h4")).to_have_text("Online", timeout=KERNEL)
    for page in people:
        group = page.locator('.tk-board-group[data-group="Online"]')
        expect(group.locator("h3")).to_have_text("Online", timeout=FOLLOW)
        expect(group.locator(".tk-note .tk-note-text")).to_have_count(2)

    # Agree on D: marked, first on the board, on every page.
    note(facilitator, D).locator(".tk-note-agree").click()
    expect(note(facilitator, D)).to_have_class(_has("tk-agreed"), timeout=KERNEL)
    for page in people:
        agreed = page.locator(".tk-board .tk-note.tk-agreed")
        expect(agreed).to_have_count(1, timeout=FOLLOW)
        expect(agreed.locator(".tk-note-text")).to_have_text(D)
        expect(agreed.locator(".tk-agreed-badge")).to_contain_text("Agreed")
        expect(page.locator(".tk-board .tk-note").first).to_have_class(_has("tk-agreed"))
    people[0].screenshot(path=str(artifacts / "curation-participant.png"), full_page=True)
    facilitator.screenshot(path=str(artifacts / "curation-facilitator.png"), full_page=True)

    # The HTML report and the workbook show the agreed item, the cluster and the merge.
    from openpyxl import load_workbook

    from toolkit.export import render_report

    html = render_report(store, code, "html").decode("utf-8")
    for text in ("Result of the board", "Online", A, B, D):
        assert text in html
    assert C not in html
    book = load_workbook(io.BytesIO(render_report(store, code, "xlsx")))
    assert next(book["Agreed"].iter_rows(min_row=2, values_only=True))[1] == D
    assert [r[0] for r in book["Clusters"].iter_rows(min_row=2, values_only=True)] == ["Online", "Online"]
    assert list(book["Merged"].iter_rows(min_row=2, values_only=True)) == [(A, B)]

    # Undo, one step at a time: the agreement, the cluster, the hide, the merge.
    facilitator.click(".tk-undo")
    expect(note(facilitator, D)).not_to_have_class(_has("tk-agreed"), timeout=KERNEL)
    for page in people:
        expect(page.locator(".tk-board .tk-agreed")).to_have_count(0, timeout=FOLLOW)
    for gone in (".tk-cluster-heading", ".tk-note-hidden", ".tk-note-merged"):
        facilitator.click(".tk-undo")
        expect(facilitator.locator(f".tk-board {gone}")).to_have_count(0, timeout=KERNEL)
    expect(facilitator.locator(".tk-undo")).to_be_disabled(timeout=KERNEL)
    for page in people:
        for text in (A, B, C, D):
            expect(note(page, text)).to_have_count(1, timeout=FOLLOW)
        expect(page.locator('.tk-board-group[data-group="Online"]')).to_have_count(0)
    store.dispose()


def _has(cls: str):
    import re

    return re.compile(rf"(^|\s){cls}(\s|$)")
