"""The AIDA and brand persona apps, and the tone-checker page, in real browser pages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import eventually, join, open_app, unlock
from toolkit.core import sessions as core
from toolkit.core.store import Store

pytestmark = pytest.mark.browser


def _session_at(db_url: str, workshop: str, phase: str, lang: str = "en"):
    store = Store(db_url)
    created = core.create_session(store, workshop, lang)
    phases = [p.id for p in core.get_session(store, created.code).workshop.phases]
    core.set_phase(store, created.code, created.facilitator_key, phases.index(phase))
    return store, created


def test_aida_touchpoint_phase(server, new_page, artifacts):
    base, db_url = server
    store, created = _session_at(db_url, "aida-journey", "touchpoints")
    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, created.code, created.facilitator_key)

    page = new_page(480, 1000)
    join(page, base, created.code, "it", "Iris")
    page.fill(".tk-field-touchpoint", "Web shop checkout <b>")
    page.locator(".tk-field-stage").select_option(label="Action")
    page.locator(".tk-field-owner").select_option(label="IT")
    page.fill(".tk-field-technology", "Shop platform and payment link")
    page.click(".tk-form-submit")
    expect(page.locator(".tk-error")).to_be_hidden()
    expect(facilitator.locator(".tk-board .tk-note")).to_contain_text("Web shop checkout <b>", timeout=10_000)
    # A required field left empty is refused with a message, and nothing is stored.
    page.click(".tk-form-submit")
    expect(page.locator(".tk-error")).to_contain_text("is required")
    assert len(core.contributions(store, created.code, "touchpoints")) == 1

    section = facilitator.locator(".tk-charts", has_text="The customer journey map")
    expect(section).to_contain_text("1 of the 5 stages", timeout=20_000)
    section.locator(".tk-chart").first.screenshot(path=str(artifacts / "aida-live-swimlane.png"))
    page.screenshot(path=str(artifacts / "aida-participant-form.png"), full_page=True)


def test_persona_tone_rating_phase(server, new_page, artifacts):
    base, db_url = server
    store, created = _session_at(db_url, "brand-persona", "tone", lang="nl")
    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, created.code, created.facilitator_key)
    for role, score in (("marketing", "5"), ("specialist", "1")):
        page = new_page(480, 1000)
        join(page, base, created.code, role, lang="nl")
        page.locator("select.tk-rating-cell").first.select_option(label=score)
        expect(page.locator(".tk-rating-status")).to_contain_text("Opgeslagen")
        expect(page.locator(".tk-error")).to_be_hidden()
    scores = eventually(lambda: sorted(core.snapshot(store, created.code).ratings("tone")["score"]) == [1.0, 5.0])
    assert scores, "both scores reach the store"
    section = facilitator.locator(".tk-charts", has_text="Toon per situatie")
    expect(section.locator(".tk-chart").first).to_be_visible(timeout=20_000)
    facilitator.screenshot(path=str(artifacts / "persona-facilitator.png"), full_page=True)


def test_tone_checker_page(server, new_page, artifacts):
    base, _db = server
    page = new_page(900, 1000)
    open_app(page, f"{base}/voila/render/tone-checker.ipynb?lang=en", ".tk-tone-check")
    page.fill(".tk-tone-input textarea", "")
    page.click(".tk-tone-check")
    expect(page.locator(".tk-tone-checker .tk-error")).to_be_visible()
    text = ('Geachte klant, uiteraard lossen wij uw storing zo spoedig mogelijk op. '
            '<img src=x onerror="window.__pwned=1"> Je krijgt binnen een uur bericht.')
    page.fill(".tk-tone-input textarea", text)
    page.click(".tk-tone-check")
    result = page.locator(".tk-tone-result")
    expect(result).to_contain_text("/100", timeout=10_000)
    expect(result).to_contain_text('<img src=x onerror="window.__pwned=1">')
    assert page.evaluate("window.__pwned === undefined")
    page.screenshot(path=str(artifacts / "tone-checker.png"), full_page=True)


def test_tone_checker_page_with_an_unknown_session_explains_and_still_works(server, new_page):
    base, _db = server
    page = new_page(900, 1000)
    open_app(page, f"{base}/voila/render/tone-checker.ipynb?lang=en&session=ZZZZZZ", ".tk-tone-check")
    expect(page.locator(".tk-error").first).to_contain_text("There is no session with code 'ZZZZZZ'")
    page.fill(".tk-tone-input textarea", "We help you within the hour.")
    page.click(".tk-tone-check")
    expect(page.locator(".tk-tone-result")).to_contain_text("/100", timeout=10_000)
