"""DNA mapping in real browser pages: two participants rate promise and practice, and the
facilitator's view shows the alignment heatmap."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import join, unlock
from toolkit.core import sessions as core
from toolkit.core.store import Store

pytestmark = pytest.mark.browser


def test_dna_rating_phase_shows_heatmap(server, new_page, artifacts):
    base, db_url = server
    store = Store(db_url)
    created = core.create_session(store, "dna-mapping", "en")
    workshop = core.get_session(store, created.code).workshop
    phases = [p.id for p in workshop.phases]
    core.set_phase(store, created.code, created.facilitator_key, phases.index("values"))
    host = core.join(store, created.code, "management", "Host")
    for value, promise in (("Fast", "An answer the same day"), ("Clear", "No small print")):
        core.add_contribution(store, created.code, host.token, "values", {"value": value, "promise": promise})
    core.set_phase(store, created.code, created.facilitator_key, phases.index("alignment"))

    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, created.code, created.facilitator_key)
    expect(facilitator.locator(".tk-phase")).to_contain_text("Promise")

    scores = {"marketing": ("5", "4"), "service": ("5", "1")}
    for role, (promise, practice) in scores.items():
        page = new_page(480, 1000)
        join(page, base, created.code, role)
        fast = page.locator(".tk-rating-form", has=page.locator(".tk-rating-row", has_text="Fast"))
        fast.locator("select.tk-rating-website-promise").select_option(label=promise)
        fast.locator("select.tk-rating-website-practice").select_option(label=practice)
        fast.locator("select.tk-rating-social-practice").select_option(label="2")
        expect(page.locator(".tk-rating-status")).to_contain_text("Saved")
        expect(page.locator(".tk-error")).to_be_hidden()
        if role == "service":
            page.screenshot(path=str(artifacts / "dna-participant-rating.png"), full_page=True)

    section = facilitator.locator(".tk-charts", has_text="Promise and practice per channel")
    expect(section).to_be_visible(timeout=20_000)
    expect(section.locator(".tk-chart").first).to_be_visible()
    # The charts follow the ratings within a few seconds (they redraw at most every 3 s).
    expect(section).not_to_contain_text("no promise and practice scores", timeout=20_000)
    expect(section).not_to_contain_text("no scores from at least two disciplines", timeout=20_000)
    expect(section).to_contain_text("(2.5)")  # Fast on the website: promise 5 and 5, practice 4 and 1
    expect(facilitator.locator(".tk-participants")).to_contain_text("3", timeout=10_000)
    facilitator.screenshot(path=str(artifacts / "dna-facilitator-board.png"), full_page=True)
    section.locator(".tk-chart").first.screenshot(path=str(artifacts / "dna-facilitator-heatmap.png"))
    # The ratings arrived in the store exactly as given.
    ratings = core.snapshot(store, created.code).ratings("alignment")
    website_practice = ratings[(ratings["column"] == "website") & (ratings["dimension"] == "practice")]
    assert sorted(website_practice["score"]) == [1.0, 4.0]
