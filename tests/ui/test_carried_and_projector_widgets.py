"""The facilitator page of a session that builds on an earlier one, and its projector link."""
from __future__ import annotations

from tests.ui.test_live_app import facilitator
from tests.ui.test_ui_contract import classes
from toolkit.core import carry, curation
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.ui.session_app import LiveApp


def test_the_facilitator_sees_what_carried_over_and_what_to_review(store, pages):
    old = seed_session(store, "dna-insurer")
    purpose = core.contributions(store, old.code, "purpose")[0]
    curation.agree(store, old.code, old.facilitator_key, purpose.id)  # the room agreed on this purpose
    started = carry.start_from(store, "aida-journey", old.code, old.facilitator_key, language="en")
    page = facilitator(store, started.created, pages, key=started.created.facilitator_key)
    assert "tk-carried" in classes(page.widget)
    html = page.carried.body.value
    assert f"Builds on session {old.code}" in html and "Touchpoints" in html
    assert "tk-carried-review" in html and f"<li>{purpose.text[:20]}" in html  # the agreed purpose first
    page.set_language("nl")
    assert f"Voortgebouwd op sessie {old.code}" in page.carried.body.value


def test_the_projector_link_carries_the_code_and_never_the_key(store, pages):
    created = core.create_session(store, "brainstorm", "en")
    page = LiveApp(store, code=created.code, view="facilitator", join_url=f"http://h:8866/j/{created.code}")
    pages.append(page)
    page.bar.key.value = created.facilitator_key
    page.bar.unlock.click()
    link = page.bar.projector.value
    assert "tk-projector-open" in link and f"/j/{created.code}/screen" in link and "_blank" in link
    assert created.facilitator_key not in link
