"""The report's before-and-after section (``toolkit report CODE --compare EARLIER``) in all four formats."""
from __future__ import annotations

import pytest

from tests.core.test_cli import ok, run
from tests.export.test_export import html_text, pdf_text, pptx_texts, xlsx_values
from toolkit.core import sessions as core
from toolkit.core.errors import ValidationError
from toolkit.core.examples import seed_session
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report

TITLE = "Before and after: the gaps between promise and practice"


@pytest.fixture(scope="module")
def two_dna_sessions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    url = f"sqlite:///{folder / 'compare.sqlite'}"
    store = Store(url)
    before, after = seed_session(store, "dna-insurer"), seed_session(store, "dna-insurer")
    yield store, url, folder, before, after
    store.dispose()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_ends_with_what_changed(two_dna_sessions, fmt):
    store, _url, _folder, before, after = two_dna_sessions
    data = render_report(store, after.code, fmt, "en", compare=before.code)
    plain = render_report(store, after.code, fmt, "en")
    if fmt == "html":
        shown, _tags = html_text(data)
        assert TITLE in shown and TITLE not in html_text(plain)[0]
        assert "Gap before" in shown and "The gaps stayed as they were." in shown
    elif fmt == "pdf":
        assert "Before and after" in pdf_text(data) and "Before and after" not in pdf_text(plain)
    elif fmt == "xlsx":
        sheets = xlsx_values(data)
        assert len(sheets) > len(xlsx_values(plain))
        assert any(rows[0][:5] == ["Value", "Channel", "Gap before", "Gap after", "Change"]
                   for rows in sheets.values() if rows)
    else:
        assert any(TITLE in slide for slide in pptx_texts(data))
        assert not any(TITLE in slide for slide in pptx_texts(plain))


def test_sessions_of_another_workshop_are_refused_with_a_message(two_dna_sessions):
    store, _url, _folder, _before, after = two_dna_sessions
    other = core.create_session(store, "brainstorm", "nl")
    with pytest.raises(ValidationError, match="dezelfde workshop"):
        render_report(store, after.code, "html", compare=other.code)


def test_report_compare_on_the_command_line(two_dna_sessions):
    _store, url, folder, before, after = two_dna_sessions
    out = folder / "report.html"
    ok(run(["report", after.code, "--db", url, "--format", "html", "--out", str(out), "--lang", "nl",
            "--compare", before.code], folder))
    assert "Voor en na: de gaten tussen belofte en praktijk" in html_text(out.read_bytes())[0]
