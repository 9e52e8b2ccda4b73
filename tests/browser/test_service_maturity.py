"""The service-maturity workshop run phase by phase in real browser pages: a facilitator on the
Voila app, two participants on phones (390 px) on the participant page; the facilitator loads the
monthly figures as a CSV (a bad file first) and the results panel draws every chart."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import eventually, join, unlock
from toolkit.core import sessions as core
from toolkit.core.definitions import get_workshop
from toolkit.core.examples import EXAMPLES_DIR
from toolkit.core.store import Store

pytestmark = pytest.mark.browser
PHONE = (390, 844)


def next_phase(facilitator, phones, title: str) -> None:
    facilitator.click(".tk-next-phase")
    for phone in phones:
        expect(phone.locator(".tk-phase")).to_contain_text(title, timeout=20_000)


def choose(page, upload, path: Path) -> None:
    """Pick ``path`` in the upload's file chooser, as a person would."""
    with page.expect_file_chooser() as chooser:
        upload.locator(".tk-csv-file").click()
    chooser.value.set_files(str(path))


def test_every_phase(server, new_page, artifacts, tmp_path):
    base, db_url = server
    store = Store(db_url)
    created = core.create_session(store, "service-maturity", "en", organisation="Belnet Mobile (test)")
    titles = [p.title("en") for p in get_workshop("service-maturity").phases]
    facilitator = new_page(1280, 1000)
    unlock(facilitator, base, created.code, created.facilitator_key)
    marketing, service = new_page(*PHONE), new_page(*PHONE)
    join(marketing, base, created.code, "marketing", "Mia")
    join(service, base, created.code, "service", "Sem")
    phones = [marketing, service]

    next_phase(facilitator, phones, titles[1])  # maturity: a score per statement
    for phone, score in ((marketing, "5"), (service, "2")):
        cells = phone.locator("select.tk-rating-cell")
        expect(cells).to_have_count(12)
        for i in range(3):  # the three statements of step 1
            cells.nth(i).select_option(label=score)
            expect(phone.locator(".tk-rating-status")).to_contain_text("Saved", timeout=10_000)
    assert eventually(lambda: len(core.snapshot(store, created.code).ratings("maturity")) == 6, timeout=20)
    marketing.screenshot(path=str(artifacts / "service-participant-maturity.png"), full_page=True)

    next_phase(facilitator, phones, titles[2])
    next_phase(facilitator, phones, titles[3])  # scorecard
    for phone, kpi, weight, target in ((marketing, "Customer satisfaction", "4", "8"),
                                       (service, "Customer satisfaction", "5", "8.5")):
        phone.locator(".tk-field-kpi").select_option(label=kpi)
        phone.fill(".tk-field-weight", weight)
        phone.fill(".tk-field-target", target)
        phone.click(".tk-form-submit")
        expect(phone.locator(".tk-error")).to_be_hidden()
    assert eventually(lambda: len(core.contributions(store, created.code, "scorecard")) == 2)

    next_phase(facilitator, phones, titles[4])  # figures: the facilitator loads a CSV
    upload = facilitator.locator(".tk-csv-upload").first
    bad = tmp_path / "bad.csv"
    bad.write_text("month,csat,revenue\n2024-01,7.1,600000\n2024-02,good,610000\n", encoding="utf-8")
    choose(facilitator, upload, bad)
    expect(upload.locator(".tk-error")).to_contain_text("row 3", timeout=20_000)
    expect(upload.locator(".tk-error")).to_contain_text("column B ('csat')")
    choose(facilitator, upload, EXAMPLES_DIR / "service-telecom-figures-en.csv")
    expect(upload.locator(".tk-csv-status")).to_contain_text("12 months", timeout=20_000)
    expect(upload.locator(".tk-error")).to_be_hidden()
    assert "figures" in core.snapshot(store, created.code).tables
    charts = facilitator.locator(".tk-charts")
    expect(charts).to_contain_text("Over 12 months the index went", timeout=30_000)

    next_phase(facilitator, phones, titles[5])  # leads
    for phone, label in ((marketing, "Lead (a sales opportunity)"), (service, "Question")):
        phone.locator(".tk-field-message").select_option(index=1)  # the first message, a lead
        phone.locator(".tk-field-label").select_option(label=label)
        phone.fill(".tk-field-reply", "I'll DM you <b>the</b> options")
        phone.click(".tk-form-submit")
        expect(phone.locator(".tk-error")).to_be_hidden()
    service.screenshot(path=str(artifacts / "service-participant-leads.png"), full_page=True)
    assert eventually(lambda: len(core.contributions(store, created.code, "leads")) == 2)

    next_phase(facilitator, phones, titles[6])
    next_phase(facilitator, phones, titles[7])  # agreements
    marketing.locator(".tk-field-kind").select_option(label="Bridging role")
    marketing.fill(".tk-field-text", "Sem joins the campaign meeting every Monday")
    marketing.fill(".tk-field-owner", "Sem")
    marketing.click(".tk-form-submit")
    expect(marketing.locator(".tk-error")).to_be_hidden()
    # A required field left empty is refused with a message.
    service.click(".tk-form-submit")
    expect(service.locator(".tk-error")).to_be_visible()

    expect(charts).to_contain_text("Lead spotting against 2%", timeout=30_000)
    expect(charts).to_contain_text("We recognised 50% of the leads", timeout=30_000)
    expect(charts).to_contain_text("The bridge between marketing and service: Sem", timeout=30_000)
    expect(charts.locator(".tk-chart")).to_have_count(3, timeout=30_000)
    facilitator.locator(".tk-results-panel").screenshot(path=str(artifacts / "service-facilitator-results.png"))
    facilitator.locator(".tk-method-tools").screenshot(path=str(artifacts / "service-facilitator-tools.png"))
