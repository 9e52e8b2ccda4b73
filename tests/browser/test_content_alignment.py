"""A content alignment session in real browser pages: the facilitator steps a marketeer and a
specialist (phones, 390 px) through every phase, and the results show the depth gap, the
collision of a style and a fact remark on one paragraph, and the agreements."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import eventually, join, unlock
from toolkit.core import sessions as core
from toolkit.core.store import Store
from toolkit.methods import content_alignment as ca

pytestmark = pytest.mark.browser
LIVE = 15_000
DRAFT = ("Clean water without the hassle. FlowPro filters up to twice as long.\n\n"
         "FlowPro fits any existing installation.")


def _rate(page: Page, scores: list[int]) -> None:
    cells = page.locator("select.tk-rating-cell")
    expect(cells).to_have_count(len(scores), timeout=LIVE)
    for i, score in enumerate(scores):
        cells.nth(i).select_option(str(score))
        expect(page.locator(".tk-rating-status")).not_to_be_empty(timeout=LIVE)
    expect(page.locator(".tk-error")).to_be_hidden()


def _submit(page: Page, fields: dict[str, str], choices: dict[str, str]) -> None:
    before = page.locator(".tk-note-own").count()
    for field, value in fields.items():
        page.fill(f".tk-field-{field}", value)
    for field, label in choices.items():
        page.locator(f"select.tk-field-{field}").select_option(label=label)
    page.click("button.tk-form-submit")
    expect(page.locator(".tk-error")).to_be_hidden()
    expect(page.locator(".tk-note-own")).to_have_count(before + 1, timeout=LIVE)


def test_a_marketeer_and_a_specialist_through_every_phase(server, new_page, artifacts):
    base, db_url = server
    store = Store(db_url)
    created = core.create_session(store, "content-alignment", "en", organisation="Helder (browser test)")
    code, key = created.code, created.facilitator_key
    workshop = core.get_session(store, code).workshop
    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, code, key)
    marketing, specialist = new_page(390, 900), new_page(390, 900)
    join(marketing, base, code, "marketing", "Sanne")
    join(specialist, base, code, "specialist", "Eva")
    people = (marketing, specialist)

    def at(phase_id: str) -> None:
        """The facilitator moves on to ``phase_id``; both phones follow."""
        title = workshop.phase(phase_id).title("en")
        if phase_id != workshop.phases[0].id:
            facilitator.click(".tk-next-phase")
        for page in people:
            expect(page.locator("h1.tk-phase")).to_have_text(title, timeout=LIVE)

    at("intro")
    expect(marketing.locator(".tk-no-input")).to_be_visible()

    at("stereotypes")
    marketing.locator("select.tk-note-prompt").select_option("heard")
    marketing.fill("textarea.tk-note-input", "We supposedly exaggerate")
    marketing.click("button.tk-note-submit")
    specialist.locator("select.tk-note-prompt").select_option("think")
    specialist.fill("textarea.tk-note-input", "Marketing doesn't understand a thing <b>")
    specialist.click("button.tk-note-submit")
    expect(specialist.locator(".tk-note-own")).to_have_count(1, timeout=LIVE)
    expect(marketing.locator(".tk-note-own")).to_have_count(1, timeout=LIVE)
    expect(marketing.locator(".tk-board")).not_to_contain_text("understand a thing")  # silent
    facilitator.click(".tk-reveal")
    expect(marketing.locator(".tk-board")).to_contain_text("Marketing doesn't understand a thing <b>", timeout=LIVE)
    marketing.screenshot(path=str(artifacts / "participant-content-alignment-stereotypes.png"), full_page=True)

    at("depth")
    _rate(marketing, [1, 1, 2, 4, 3])
    _rate(specialist, [2, 5, 5, 5, 4])
    marketing.screenshot(path=str(artifacts / "participant-content-alignment-depth.png"), full_page=True)

    at("inventory")
    _submit(marketing, {"title": "FlowPro product page", "depth": "2", "owner": "Sanne", "rounds": "7"},
            {"kind": "Web copy", "stage": "Interest"})
    marketing.screenshot(path=str(artifacts / "participant-content-alignment-inventory.png"), full_page=True)

    at("draft")
    _submit(marketing, {"title": "FlowPro page, draft 3", "body": DRAFT},
            {"piece": "FlowPro product page", "stage": "Interest"})

    at("review")
    _submit(marketing, {"comment": "Strong opening, add no figures", "passage": "1"},
            {"draft": "FlowPro page, draft 3", "type": "Style and tone"})
    _submit(specialist, {"comment": "Only 1.6 times in our lab test", "passage": "twice as long"},
            {"draft": "FlowPro page, draft 3", "type": "Fact and accuracy"})
    expect(marketing.locator(".tk-board")).not_to_contain_text("1.6 times")  # silent until shown
    specialist.screenshot(path=str(artifacts / "participant-content-alignment-review.png"), full_page=True)

    at("conflicts")
    collisions = facilitator.locator(".tk-charts", has_text="Where style and fact collide")
    expect(collisions).to_contain_text("Paragraph 1 of 'FlowPro page, draft 3'", timeout=30_000)
    expect(facilitator.locator(".tk-charts")).to_contain_text("The largest gap is at Interest")

    at("agreements")
    _submit(specialist, {"reviewers": "First the lab on facts, then marketing on tone",
                         "criterion": "Every claim is correct", "target_rounds": "2"}, {"kind": "Web copy"})

    at("exchange")
    _submit(specialist, {"action": "A tour of the lab for marketing", "owner": "Eva", "due": "March"},
            {"kind": "Tour of the lab or factory"})
    expect(facilitator.locator(".tk-charts")).to_contain_text("1 action to get to know", timeout=30_000)
    facilitator.screenshot(path=str(artifacts / "facilitator-content-alignment-results.png"), full_page=True)
    specialist.screenshot(path=str(artifacts / "participant-content-alignment-exchange.png"), full_page=True)

    snap = core.snapshot(store, code)
    found = ca.conflicts(snap)
    assert [(c.paragraph, sorted(r[1] for r in c.remarks)) for c in found] == [(1, ["fact", "style"])]
    assert ca.depth_gaps(snap).iloc[0]["stage"] == "interest"
    assert list(ca.rounds_against_target(snap)["rounds_now"]) == [7]
    assert eventually(lambda: len(ca.exchange_actions(core.snapshot(store, code))) == 1)
    store.dispose()
