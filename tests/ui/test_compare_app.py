"""The before-and-after page: both keys are needed, the sections show, text is escaped."""
from __future__ import annotations

from toolkit.core.examples import seed_session
from toolkit.ui.compare_app import CompareApp


def test_compare_two_dna_sessions_with_both_keys(store):
    before, after = seed_session(store, "dna-insurer"), seed_session(store, "dna-insurer")
    app = CompareApp(lang="en", before=before.code, after=after.code, store=store)
    app.before_key.value, app.after_key.value = before.facilitator_key, "wrong"
    app.run.click()
    assert app.errors.message == "This facilitator key is not correct."
    assert app.result.value == ""
    app.after_key.value = after.facilitator_key
    app.run.click()
    assert app.errors.message == ""
    assert "Before and after: the gaps between promise and practice" in app.result.value
    assert "tk-compare-table" in app.result.value
    app.set_language("nl")
    app.run.click()
    assert "Voor en na" in app.result.value


def test_sessions_of_two_workshops_are_refused_in_the_page_language(store):
    dna, aida = seed_session(store, "dna-insurer"), seed_session(store, "aida-manufacturer")
    app = CompareApp(lang="nl", before=dna.code, after=aida.code, store=store)
    app.before_key.value, app.after_key.value = dna.facilitator_key, aida.facilitator_key
    app.run.click()
    assert "dezelfde workshop" in app.errors.message and app.result.value == ""
