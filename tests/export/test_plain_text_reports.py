"""Every report format of every example holds text with dollar signs as written.

Before, one rated note such as ``price $\\evil$ here`` made the HTML, PDF, xlsx and pptx reports
fail with a matplotlib mathtext ``ValueError``. Each example is seeded through the ordinary
operations with every free-text field starting with such text; every format is rendered in Dutch
and English and read back (html.parser, pypdf, openpyxl, python-pptx).
"""
from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.export.test_export import html_text, pdf_text, pptx_texts, squash, xlsx_values
from toolkit.core import sessions as core
from toolkit.core.examples import seed_session
from toolkit.core.store import Store
from toolkit.export import FORMATS, render_report, session_content
from toolkit.testing import example_with_text

MARKS = (r"price $\evil$ here", "price: $$", "From $5 to $10", r"a\b^c_d{e}")
EXAMPLES = ("dna-insurer", "aida-manufacturer", "persona-energy")
LANGS = ("nl", "en")


def marked(value: str, n: int) -> str:
    return f"{MARKS[n % len(MARKS)]} {value}"


def dollar_brainstorm(store: Store) -> str:
    """A brainstorm whose notes are the marks themselves, voted on and rated by three roles."""
    created = core.create_session(store, "brainstorm", "nl")
    code, key = created.code, created.facilitator_key
    tokens = [core.join(store, code, role, name).token
              for name, role in (("Ann", "marketing"), ("Bob", "it"), ("Cas", "service"))]
    ids = [core.add_contribution(store, code, tokens[i % 3], "ideas", {"text": m}).id for i, m in enumerate(MARKS)]
    core.next_phase(store, code, key)
    for i, token in enumerate(tokens):
        core.vote(store, code, token, "vote", ids[i], 2)
    core.vote(store, code, tokens[0], "vote", ids[3], 1)  # every mark has dots: each is rated
    core.next_phase(store, code, key)
    for i, token in enumerate(tokens):
        for j, cid in enumerate(ids):
            core.rate(store, code, token, "rate", cid, None, "customers", 1 + (2 * i + j) % 5)
    core.next_phase(store, code, key)
    return code


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain-text-reports")
    store = Store(f"sqlite:///{folder / 'reports.db'}")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def sessions(store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dollar-examples")
    codes = {name: seed_session(store, example_with_text(name, marked, folder)).code for name in EXAMPLES}
    codes["brainstorm"] = dollar_brainstorm(store)
    return codes


def pictures(pptx: bytes) -> int:
    return sum(1 for slide in Presentation(io.BytesIO(pptx)).slides for shape in slide.shapes
               if shape.shape_type == MSO_SHAPE_TYPE.PICTURE)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("example", [*EXAMPLES, "brainstorm"])
def test_every_format_renders_dollar_text_as_written(example, lang, store, sessions):
    code = sessions[example]
    files = {fmt: render_report(store, code, fmt, lang=lang) for fmt in FORMATS}  # none raises
    content = session_content(store, code, lang)
    charts = sum(1 for s in content.sections if s.chart)
    assert charts >= 2  # participation and at least one chart of the method, each a PNG
    assert all(s.chart.png.startswith(b"\x89PNG") for s in content.sections if s.chart)

    text, _tags = html_text(files["html"])
    assert files["html"].count(b'src="data:image/png;base64,') == charts
    pdf = pdf_text(files["pdf"])
    cells = squash(" ".join(str(v) for rows in xlsx_values(files["xlsx"]).values() for row in rows
                            for v in row if v is not None))
    for mark in MARKS:
        assert mark in text, ("html", mark)
        assert mark in pdf, ("pdf", mark)
        assert mark in cells, ("xlsx", mark)
    assert pictures(files["pptx"]) >= charts
    deck = " ".join(pptx_texts(files["pptx"]))
    assert any(mark in deck for mark in MARKS)  # the deck quotes participant text in its takeaways
