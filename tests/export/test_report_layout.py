"""How the report stays readable and quick for a large session: each chart is drawn once, when a
format first shows it, at a resolution chosen for where it is shown; the PDF leaves out columns
with nothing in them, prints a wide appendix on landscape pages and says how many rows of a long
table it left out (the workbook keeps every row)."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from toolkit.charts.style import new_figure
from toolkit.core import sessions as core
from toolkit.core.examples import load_example
from toolkit.core.limits import NO_WRITE_LIMITS
from toolkit.core.store import Store
from toolkit.export import render_content, render_report, session_content
from toolkit.export.content import (
    FIGURE_DPI,
    MIN_FIGURE_DPI,
    PIXELS_PER_INCH,
    Chart,
    build_content,
    shown_width_in,
    t,
)
from toolkit.export.html_report import LIMITS, render_html, shown_columns
from toolkit.export.xlsx import workbook_tables

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_chart_is_drawn_once_when_a_format_first_shows_it():
    calls = []

    def figure():
        calls.append(1)
        return new_figure(8.0, 5.0)

    chart = Chart(figure)
    assert calls == [] and not chart.drawn
    assert chart.png[:8] == PNG
    assert chart.png[25] == 2  # PNG colour type 2: RGB, no alpha channel for a PDF to split off
    assert (chart.width, chart.height, chart.dpi) == (1200, 750, FIGURE_DPI)
    assert chart.drawn and calls == [1]


@pytest.mark.parametrize("size", [(8.0, 5.0), (7.5, 4.6), (9.0, 5.0), (4.0, 3.0)])
def test_a_chart_of_page_size_keeps_its_resolution(size):
    chart = Chart(lambda: new_figure(*size))
    assert chart.dpi == FIGURE_DPI
    assert (chart.width_in, chart.height_in) == pytest.approx(size, abs=0.01)


@pytest.mark.parametrize("size", [(14.0, 15.9), (11.7, 11.5), (10.0, 11.4), (12.4, 7.6)])
def test_a_large_chart_gets_the_pixels_of_the_largest_place_it_is_shown(size):
    width_in, height_in = size
    chart = Chart(lambda: new_figure(width_in, height_in))
    shown = shown_width_in(width_in, height_in)
    assert shown < width_in  # every format shows it smaller than it is drawn
    assert chart.dpi < FIGURE_DPI
    assert chart.width >= PIXELS_PER_INCH * shown - width_in  # (rounding down to whole dots per inch)
    assert chart.width < FIGURE_DPI * width_in
    # The layout of every format sees the chart at its size in inches, whatever its resolution.
    assert (chart.width_in, chart.height_in) == pytest.approx(size, abs=0.02)


def test_a_very_wide_chart_keeps_a_minimum_resolution():
    chart = Chart(lambda: new_figure(42.0, 4.7))
    assert chart.dpi == MIN_FIGURE_DPI
    assert chart.width == pytest.approx(42.0 * MIN_FIGURE_DPI, abs=1)


def test_the_workbook_draws_no_chart_and_the_other_formats_share_them():
    content = build_content(load_example("dna-insurer"), "en")
    charts = [s.chart for s in content.sections if s.chart is not None]
    assert charts
    render_content(content, "xlsx")
    assert not any(c.drawn for c in charts)
    html = render_content(content, "html")
    assert all(c.drawn for c in charts)
    pngs = [c.png for c in charts]
    render_content(content, "pptx")
    assert [c.png for c in charts] == pngs and html.count(b"data:image/png;base64,") == len(charts)


def test_shown_columns_leaves_out_the_empty_ones():
    rows = [[("1", "num"), ("", ""), ("a", "")], [("2", "num"), ("", ""), ("", "")]]
    assert shown_columns(["#", "Cluster", "Text"], rows) == (["#", "Text"], [[("1", "num"), ("a", "")],
                                                                           [("2", "num"), ("", "")]])
    assert shown_columns(["#", "Cluster"], []) == (["#", "Cluster"], [])  # no rows: the columns stay


# -- a session with more contributions than a printed table shows ---------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('layout') / 'layout.db'}").with_limits(NO_WRITE_LIMITS)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def large(store):
    """A brainstorm with more notes than the PDF's appendix shows, none of them in a cluster."""
    created = core.create_session(store, "brainstorm", "nl", organisation="Testbedrijf")
    tokens = [core.join(store, created.code, role, f"Deelnemer {i}").token
              for i, role in enumerate(("marketing", "specialist", "it", "service"))]
    total = LIMITS["pdf"]["contributions"] + 17
    for n in range(total):
        core.add_contribution(store, created.code, tokens[n % len(tokens)], "ideas", {"text": f"Idee nummer {n}"})
    return created.code, total


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_capped_table_says_how_many_rows_it_left_out(store, large, lang):
    code, total = large
    shown = LIMITS["pdf"]["contributions"]
    note = t("rows_shown", lang, shown=shown, total=total)
    assert str(total) in note and str(shown) in note
    pdf = PdfReader(io.BytesIO(render_report(store, code, "pdf", lang=lang)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert note in text
    assert ("De eerste" if lang == "nl" else "The first") in note
    assert t("appendix_intro_pdf", lang) in text  # the appendix says it is a first look, and where the rest is
    book = load_workbook(io.BytesIO(render_report(store, code, "xlsx", lang=lang)), read_only=True)
    content = session_content(store, code, lang)
    sheet = next(name for name, tbl in workbook_tables(content) if tbl.key == "contributions")
    assert book[sheet].max_row == total + 1  # the workbook keeps every row


def test_the_pdf_leaves_out_empty_columns(store, large):
    code, _ = large
    content = session_content(store, code, "en")
    header = f"<th>{t('cluster', 'en')}</th>"
    assert header in render_html(content)  # the HTML page shows every column
    assert header not in render_html(content, target="pdf")  # no note is in a cluster
    assert t("cluster", "en") in [c.value for c in next(load_workbook(
        io.BytesIO(render_report(store, code, "xlsx", lang="en")), read_only=True)["Contributions"].iter_rows(
        max_row=1))]  # the workbook keeps every column


def test_the_pdf_prints_a_wide_appendix_on_landscape_pages():
    content = build_content(load_example("dna-insurer"), "en")
    html = render_html(content, target="pdf")
    assert 'class="part break appendix landscape"' in html
    pages = PdfReader(io.BytesIO(render_content(content, "pdf"))).pages
    last, summary = pages[-1].mediabox, pages[1].mediabox
    assert last.width > last.height  # the appendix, with a table of 8 columns and more
    assert summary.width < summary.height  # the summary stays on a portrait page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_only_the_pdf_appendix_calls_itself_a_first_look(store, large, lang):
    code, _ = large
    content = session_content(store, code, lang)
    page, printed = render_html(content), render_html(content, target="pdf")
    assert t("appendix_intro", lang) in page and t("appendix_intro_pdf", lang) not in page
    assert t("appendix_intro_pdf", lang) in printed and t("appendix_intro", lang) not in printed
    assert ("werkmap (xlsx)" if lang == "nl" else "workbook (xlsx)") in t("appendix_intro_pdf", lang)


def test_the_garbage_collector_is_paused_only_while_the_pdf_is_made():
    import gc

    from toolkit.export.pdf import cyclic_gc_paused

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("layout failed")
    assert gc.isenabled()  # also after an error
    gc.disable()
    try:
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()
    pdf = render_content(build_content(load_example("retro-webshop"), "en"), "pdf")
    assert pdf.startswith(b"%PDF") and gc.isenabled()
