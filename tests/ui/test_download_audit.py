"""The facilitator's download: the session as it is now, or with the audit box ticked the full
audit log; a download that fails says so on the page."""
from __future__ import annotations

import base64
import re

import pytest

from toolkit.core import sessions as core
from toolkit.ui.results import ResultsPanel

EDITED_AWAY = "secret A: Zwartmolen"
DELETED = "deleted: Kwispelaar"


@pytest.fixture
def created(store):
    created = core.create_session(store, "brainstorm", "en")
    ann = core.join(store, created.code, "marketing", "Ann").token
    note = core.add_contribution(store, created.code, ann, "ideas", {"text": EDITED_AWAY}).id
    core.edit_contribution(store, created.code, ann, note, {"text": "B"})
    gone = core.add_contribution(store, created.code, ann, "ideas", {"text": DELETED}).id
    core.delete_contribution(store, created.code, ann, gone)
    return created


def downloaded(panel: ResultsPanel) -> str:
    panel.download.click()
    (encoded,) = re.findall(r"base64,([A-Za-z0-9+/=]+)", panel.link.value)
    return base64.b64decode(encoded).decode("utf-8")


def test_download_is_the_session_as_it_is_now_unless_the_audit_box_is_ticked(store, created):
    panel = ResultsPanel("en", store, created.code, created.facilitator_key)
    assert "full audit log" in panel.audit.description and not panel.audit.value
    report = downloaded(panel)
    assert EDITED_AWAY not in report and DELETED not in report and "B" in report
    panel.audit.value = True
    report = downloaded(panel)
    assert EDITED_AWAY in report and DELETED in report
    panel.set_language("nl")
    assert "volledige auditlogboek" in panel.audit.description


def test_a_forged_key_downloads_nothing_and_says_so(store, created):
    panel = ResultsPanel("nl", store, created.code, "forged")
    panel.audit.value = True
    panel.download.click()
    assert panel.link.value == ""
    assert panel.errors.message == "Deze facilitatorsleutel klopt niet."
    panel.set_language("en")
    assert panel.errors.message == "This facilitator key is not correct."
