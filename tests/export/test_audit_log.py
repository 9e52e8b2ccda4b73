"""Exports show the session as it is now: text a participant deleted or edited away stays in the
store's event log (undo, audit) but leaves no export, unless the facilitator asks for the full
audit log with the session's key.

Before, the event-log appendix of the HTML, PDF and xlsx reports and ``toolkit session export
--format json`` held both texts below. Every export is read back (html.parser, pypdf, openpyxl,
python-pptx, json) and searched for them.
"""
from __future__ import annotations

import json

import pytest

from tests.export.test_export import html_text, pdf_text, pptx_texts, squash, xlsx_values, zip_xml
from toolkit.cli import main
from toolkit.core import sessions as core
from toolkit.core.audit import without_text
from toolkit.core.errors import PermissionDenied
from toolkit.core.limits import NO_LIMITS
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report

EDITED_AWAY = "secret A: the supplier is Zwartmolen"
EDITED_TO = "B: a second supplier"
DELETED = "deleted: Kwispelaar quit in May"
KEPT = "Kept note about the web shop"
GONE = (EDITED_AWAY, DELETED)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    # Without limits: these tests try many wrong keys on one session on purpose (the limits on
    # key guesses are tested in tests/core/test_hardening.py).
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('audit') / 'audit.db'}").with_limits(NO_LIMITS)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def session(store):
    """A brainstorm with one note edited from EDITED_AWAY to EDITED_TO and one deleted; voted and rated."""
    created = core.create_session(store, "brainstorm", "en", organisation="Audit B.V.")
    code, key = created.code, created.facilitator_key
    ann = core.join(store, code, "marketing", "Ann").token
    bob = core.join(store, code, "it", "Bob").token
    edited = core.add_contribution(store, code, ann, "ideas", {"text": EDITED_AWAY}).id
    core.edit_contribution(store, code, ann, edited, {"text": EDITED_TO})
    deleted = core.add_contribution(store, code, bob, "ideas", {"text": DELETED}).id
    kept = core.add_contribution(store, code, bob, "ideas", {"text": KEPT}).id
    core.delete_contribution(store, code, bob, deleted)
    core.next_phase(store, code, key)
    core.vote(store, code, ann, "vote", kept, 2)
    core.vote(store, code, bob, "vote", edited, 1)
    core.next_phase(store, code, key)
    for n, token in enumerate((ann, bob)):
        core.rate(store, code, token, "rate", edited, None, "customers", 2 + n)
        core.rate(store, code, token, "rate", kept, None, "customers", 4 - n)
    core.next_phase(store, code, key)
    return created


def readable(fmt: str, data: bytes) -> list[str]:
    """What a reader of the file sees, and the raw file where it is text (to find hidden copies)."""
    if fmt == "html":
        return [html_text(data)[0], data.decode("utf-8")]
    if fmt == "pdf":
        return [pdf_text(data)]
    if fmt == "xlsx":
        cells = " ".join(str(v) for rows in xlsx_values(data).values() for row in rows for v in row if v is not None)
        return [squash(cells), zip_xml(data)]
    return [" ".join(pptx_texts(data)), zip_xml(data)]


def found(texts: list[str], wanted) -> list[str]:
    return [w for w in wanted if any(w in t for t in texts)]


def json_export(store, code: str, tmp_path, *extra: str) -> str:
    out = tmp_path / f"{code}{'-'.join(extra)}.json"
    assert main(["session", "export", code, "--format", "json", "--out", str(out), "--db", store.url, *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_the_store_keeps_everything(store, session):
    log = json.dumps(core.event_log(store, session.code), ensure_ascii=False)
    assert EDITED_AWAY in log and DELETED in log  # undo and audit still have it


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_report_holds_deleted_or_edited_away_text(store, session, fmt):
    texts = readable(fmt, render_report(store, session.code, fmt))
    assert found(texts, GONE) == []
    if fmt != "pptx":  # the deck has no appendix
        assert found(texts, [EDITED_TO, KEPT]) == [EDITED_TO, KEPT]  # what the session holds now
        assert found(texts, ["contribution.edited", "contribution.deleted"]) == [
            "contribution.edited", "contribution.deleted"]  # the events are listed, without their text


def test_json_export_holds_no_deleted_or_edited_away_text(store, session, tmp_path):
    text = json_export(store, session.code, tmp_path)
    assert found([text], GONE) == []
    data = json.loads(text)
    assert [c["text"] for c in data["contributions"] if c["kind"] == "note"] == [EDITED_TO, KEPT]
    types = [e["type"] for e in data["events"]]
    assert "contribution.edited" in types and "contribution.deleted" in types
    edited = next(e for e in data["events"] if e["type"] == "contribution.edited")
    assert set(edited["data"]) >= {"id", "phase", "kind"} and not {"payload", "before"} & set(edited["data"])


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_the_audit_log_with_the_key_holds_everything(store, session, fmt):
    texts = readable(fmt, render_report(store, session.code, fmt, audit_key=session.facilitator_key))
    assert found(texts, GONE) == list(GONE)
    assert any("Full audit log" in t for t in texts)
    dutch = readable(fmt, render_report(store, session.code, fmt, lang="nl", audit_key=session.facilitator_key))
    assert any("Volledig auditlogboek" in t for t in dutch)
    plain = readable(fmt, render_report(store, session.code, fmt))
    assert not any("Full audit log" in t for t in plain)


def test_the_audit_json_export_with_the_key_holds_everything(store, session, tmp_path):
    text = json_export(store, session.code, tmp_path, "--audit", "--facilitator-key", session.facilitator_key)
    assert found([text], GONE) == list(GONE)


@pytest.mark.parametrize("key", ["wrong", "", "x" * 16])
def test_a_wrong_key_gets_no_audit_log(store, session, key):
    for fmt in FORMATS:
        with pytest.raises(PermissionDenied):
            render_report(store, session.code, fmt, audit_key=key)
    with pytest.raises(PermissionDenied):
        core.snapshot(store, session.code, audit_key=key)
    render_report(store, session.code, "html", audit_key=session.facilitator_key)  # cached now
    with pytest.raises(PermissionDenied):  # the cache never answers for a wrong key
        render_report(store, session.code, "html", audit_key=key)


def test_the_cli_refuses_a_wrong_or_missing_key(store, session, tmp_path, capsys):
    out = tmp_path / "refused.json"
    args = ["session", "export", session.code, "--format", "json", "--out", str(out), "--db", store.url]
    assert main([*args, "--audit", "--facilitator-key", "wrong"]) == 2
    assert "This facilitator key is not correct." in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--audit"])
    assert exit_info.value.code == 2
    assert "--audit needs the facilitator key" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["session", "export", session.code, "--format", "csv", "--db", store.url, "--audit",
              "--facilitator-key", session.facilitator_key])
    assert "JSON export" in capsys.readouterr().err

    report = tmp_path / "report.html"
    base = ["report", session.code, "--format", "html", "--out", str(report), "--db", store.url]
    assert main([*base, "--audit", "--facilitator-key", "wrong"]) == 2
    assert not report.exists()
    assert main(base) == 0
    assert found([report.read_text(encoding="utf-8")], GONE) == []
    assert main([*base, "--audit", "--facilitator-key", session.facilitator_key]) == 0
    assert found([html_text(report.read_bytes())[0]], GONE) == list(GONE)


def test_without_text_keeps_what_is_not_typed():
    data = {"id": 12, "phase": "ideas", "kind": "note", "payload": {"text": "x"}, "before": {"text": "y"},
            "text": "z", "role": "it"}
    assert without_text(data) == {"id": 12, "phase": "ideas", "kind": "note", "role": "it"}
    assert without_text(None) is None
