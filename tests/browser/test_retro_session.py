"""The marketing and IT retrospective through every phase: a real ``toolkit serve``, the
facilitator's Voila page and two participants on 390 px wide pages.

The board's cluster and agree buttons are not on the facilitator page yet, so the clustering and
the agreed mark are made through core with the facilitator key, as those buttons will."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import eventually, join, unlock
from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store
from toolkit.methods import marketing_it_retro as retro

pytestmark = pytest.mark.browser

ORG = "Pan & Pantry web shop (fictional)"
ODD = '<img src=x onerror="window.__pwned=1"> Mail alias takes 3 weeks'


def _step(facilitator, pages, title: str) -> None:
    facilitator.click(".tk-next-phase")
    for page in pages:
        expect(page.locator(".tk-phase")).to_have_text(title, timeout=20_000)


def _rate_all(page, score: str, saved: str = "Saved") -> None:
    cells = page.locator("select.tk-rating-cell")
    for i in range(cells.count()):
        cells.nth(i).select_option(label=score)
        expect(page.locator(".tk-rating-status")).to_contain_text(saved)
    expect(page.locator(".tk-error")).to_be_hidden()


def test_every_phase(server, new_page, artifacts):
    base, db_url = server
    store = Store(db_url)
    seed_session(store, "retro-webshop")  # last time's retro of the same organisation
    created = core.create_session(store, "marketing-it-retro", "en", organisation=ORG)
    code, key = created.code, created.facilitator_key
    workshop = core.get_session(store, code).workshop
    titles = [p.title("en") for p in workshop.phases]

    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, code, key)
    marketing, it = new_page(390, 844), new_page(390, 844)
    join(marketing, base, code, "marketing", "Olivia")
    join(it, base, code, "it", "Lucas")
    people = (marketing, it)
    expect(marketing.locator(".tk-phase")).to_have_text(titles[0])

    # Last time's agreed actions, and how far their first step got.
    _step(facilitator, people, titles[1])
    expect(marketing.locator(".tk-rating-row").first).to_have_text("One customer view for the newsletter")
    assert marketing.locator(".tk-rating-row").count() == 3
    _rate_all(marketing, "3")
    _rate_all(it, "1")

    _step(facilitator, people, titles[2])  # trust before
    assert marketing.locator(".tk-rating-row").count() == 4
    _rate_all(marketing, "2")
    _rate_all(it, "3")
    marketing.screenshot(path=str(artifacts / "retro-participant-barometer-390.png"), full_page=True)

    _step(facilitator, people, titles[3])  # frustrations, silent
    marketing.fill(".tk-field-frustration", ODD)
    marketing.locator(".tk-field-type").select_option(label="Not allowed")
    marketing.locator(".tk-field-topic").select_option(label="Mail aliases and the full mailbox")
    marketing.click(".tk-form-submit")
    expect(marketing.locator(".tk-error")).to_be_hidden()
    marketing.fill(".tk-field-frustration", "Customer profiles in three systems")
    marketing.locator(".tk-field-type").select_option(label="Can't be done")
    marketing.click(".tk-form-submit")
    it.fill(".tk-field-frustration", "Changes arrive on Thursday for Monday")
    it.locator(".tk-field-type").select_option(label="Something else")
    it.click(".tk-form-submit")
    expect(it.locator(".tk-board .tk-note")).to_have_count(1, timeout=10_000)
    it.fill(".tk-field-frustration", "A second one without a kind")
    it.locator(".tk-field-type").select_option(index=0)
    it.click(".tk-form-submit")  # a kind is required: refused with a message, nothing stored
    expect(it.locator(".tk-error")).to_contain_text("required")
    assert len(core.contributions(store, code, "frustrations")) == 3
    expect(facilitator.locator(".tk-board .tk-note")).to_have_count(3, timeout=20_000)
    it.screenshot(path=str(artifacts / "retro-participant-frustrations-390.png"), full_page=True)
    expect(it.locator(".tk-board .tk-note")).to_have_count(1)  # silent: only their own
    facilitator.click(".tk-reveal")
    expect(it.locator(".tk-board .tk-note")).to_have_count(3, timeout=20_000)
    expect(it.locator(".tk-board")).to_contain_text(ODD)
    assert it.evaluate("window.__pwned === undefined")

    _step(facilitator, people, titles[4])  # clustering by the facilitator
    notes = {c.text: c.id for c in core.contributions(store, code, "frustrations")}
    curation.create_cluster(store, code, key, "frustrations", "Customer data and mail",
                            [notes[ODD], notes["Customer profiles in three systems"]])
    curation.create_cluster(store, code, key, "frustrations", "Changes too late",
                            [notes["Changes arrive on Thursday for Monday"]])
    expect(marketing.locator(".tk-board-group", has_text="Customer data and mail")).to_be_visible(timeout=20_000)

    _step(facilitator, people, titles[5])  # dot vote
    for page, text, dots in ((marketing, "Customer profiles in three systems", 3),
                             (it, "Changes arrive on Thursday for Monday", 2),
                             (it, "Customer profiles in three systems", 1)):
        target = page.locator(".tk-vote-target", has_text=text)
        for _ in range(dots):
            before = target.locator(".tk-vote-dots").inner_text()
            target.locator(".tk-vote-plus").click()
            expect(target.locator(".tk-vote-dots")).not_to_have_text(before, timeout=10_000)
    assert eventually(lambda: int(retro.cluster_votes(core.snapshot(store, code))["total"].sum()) == 6)

    _step(facilitator, people, titles[6])  # actions
    marketing.fill(".tk-field-action", "One customer profile for the newsletter")
    marketing.locator(".tk-field-frustration").select_option(label="Customer profiles in three systems")
    marketing.fill(".tk-field-owner_marketing", "Olivia")
    marketing.fill(".tk-field-owner_it", "Lucas")
    marketing.fill(".tk-field-first_step", "Pick the six fields together")
    marketing.fill(".tk-field-due", "15 March")
    marketing.locator(".tk-field-gadd").select_option(label="Distribute")
    marketing.click(".tk-form-submit")
    it.fill(".tk-field-action", "A change calendar")
    it.fill(".tk-field-owner_it", "Lucas")
    it.click(".tk-form-submit")
    expect(facilitator.locator(".tk-board .tk-note", has_text="A change calendar")).to_be_visible(timeout=20_000)
    action = next(c.id for c in core.contributions(store, code, "actions") if c.text.startswith("One customer"))
    curation.agree(store, code, key, action)
    expect(marketing.locator(".tk-agreed", has_text="One customer profile")).to_be_visible(timeout=20_000)

    _step(facilitator, people, titles[7])  # trust after
    _rate_all(marketing, "4")
    _rate_all(it, "4")

    _step(facilitator, people, titles[8])  # closing
    snap = core.snapshot(store, code)
    by_side = retro.trust_by_side(snap)
    assert by_side.loc["marketing"].tolist() == [2.0, 4.0, 2.0] and by_side.loc["it"].tolist() == [3.0, 4.0, 1.0]
    votes = retro.cluster_votes(snap)
    assert votes.loc["Customer data and mail", ["marketing", "it", "total"]].tolist() == [3, 1, 4]
    assert retro.actions(snap)["two_owners"].tolist() == [True, False]
    assert retro.previous_actions(snap)["median"].tolist() == [2.0, 2.0, 2.0]

    charts = facilitator.locator(".tk-charts")
    for title in ("Actions from the previous retrospective", "Trust barometer before and after",
                  "Groups and dots by role", "Actions with an owner on each side"):
        expect(charts).to_contain_text(title, timeout=30_000)
    expect(charts).to_contain_text("Marketing from 2 to 4; IT from 3 to 4", timeout=30_000)
    marketing.screenshot(path=str(artifacts / "retro-participant-390.png"), full_page=True)
    images = charts.locator(".tk-chart")
    expect(images).to_have_count(3, timeout=30_000)  # barometer, kinds by side, dots by group and side
    for i, name in enumerate(("barometer", "kinds", "dots")):
        images.nth(i).screenshot(path=str(artifacts / f"retro-facilitator-{name}.png"))
