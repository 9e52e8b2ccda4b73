"""Every export shows the board as the room left it: agreed items, clusters and merges; the
examples carry curation through the real operations."""
from __future__ import annotations

import io

import pytest

from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.examples import load_example, seed_session
from toolkit.export import render_report, session_content
from toolkit.methods import dna

XSS = "<b>bold</b> & =SUM(A1)"


@pytest.fixture
def store(sqlite_store):
    return sqlite_store


@pytest.fixture
def curated_session(store):
    s = core.create_session(store, "brainstorm", "en")
    phases = [p.id for p in core.get_session(store, s.code).workshop.phases]
    core.set_phase(store, s.code, s.facilitator_key, phases.index("ideas"))
    ann = core.join(store, s.code, "marketing", "Ann")
    bo = core.join(store, s.code, "it", "Bo")
    ids = {}
    for person, text in ((ann, "Live chat"), (bo, "Chat on the site"), (ann, "Faster replies"),
                         (bo, "Self-service portal"), (ann, XSS)):
        ids[text] = core.add_contribution(store, s.code, person.token, "ideas", {"prompt": "idea", "text": text}).id
    key = s.facilitator_key
    curation.merge(store, s.code, key, ids["Live chat"], [ids["Chat on the site"]])
    curation.hide(store, s.code, key, [ids["Faster replies"]])
    curation.create_cluster(store, s.code, key, "ideas", "Online", [ids["Live chat"], ids[XSS]])
    curation.create_cluster(store, s.code, key, "ideas", "Self-service", [ids["Self-service portal"]])
    curation.agree(store, s.code, key, ids["Live chat"], "Live chat on every page")
    return s, ids


def test_the_report_content_has_a_board_section(store, curated_session):
    s, _ids = curated_session
    content = session_content(store, s.code)
    board = next(x for x in content.sections if x.title == "Result of the board")
    assert board.takeaway == ("Agreed items: 1. Contributions in a cluster: 3 (2 clusters). "
                              "Duplicates merged: 1.")
    tables = {t.title: t for t in board.tables}
    ideas = core.get_session(store, s.code).workshop.phase("ideas").title("en")
    assert tables["Agreed"].rows() == [[ideas, "Live chat on every page", "Live chat"]]
    assert [r[0] for r in tables["Clusters"].rows()] == ["Online", "Online", "Self-service"]
    assert [r[2] for r in tables["Clusters"].rows()] == ["Live chat", XSS, "Self-service portal"]
    assert tables["Merged"].rows() == [["Live chat", "Chat on the site"]]
    contributions = next(t for t in content.appendix if t.key == "contributions")
    texts = contributions.frame["Text"].tolist()
    assert "Faster replies" not in texts and "Chat on the site" not in texts  # hidden, merged
    row = contributions.frame[contributions.frame["Text"] == "Live chat"].iloc[0]
    assert (row["Cluster"], row["Agreed"], row["Agreed wording"], row["Merged"]) == \
        ("Online", "agreed", "Live chat on every page", "Chat on the site")


def test_html_report_shows_agreed_clusters_and_merge_escaped(store, curated_session):
    s, _ids = curated_session
    html = render_report(store, s.code, "html").decode("utf-8")
    for text in ("Result of the board", "Live chat on every page", "Chat on the site", "Self-service"):
        assert text in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "Faster replies" not in html


def test_xlsx_has_the_curation_columns_and_sheets(store, curated_session):
    from openpyxl import load_workbook

    s, _ids = curated_session
    book = load_workbook(io.BytesIO(render_report(store, s.code, "xlsx")))
    sheet = book["Contributions"]
    header = [c.value for c in sheet[1]]
    for column in ("Cluster", "Agreed", "Agreed wording", "Merged"):
        assert column in header
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)]
    live = next(r for r in rows if r["Text"] == "Live chat")
    assert live["Agreed wording"] == "Live chat on every page" and live["Merged"] == "Chat on the site"
    xss = next(r for r in rows if r["Text"] and "bold" in r["Text"])
    assert xss["Text"] == XSS  # a formula-like text stays text
    assert sheet.cell(row=rows.index(xss) + 2, column=header.index("Text") + 1).data_type == "s"
    assert {"Agreed", "Clusters", "Merged"} <= set(book.sheetnames)


def test_slides_and_pdf_render_with_curation(store, curated_session):
    s, _ids = curated_session
    from pptx import Presentation

    deck = Presentation(io.BytesIO(render_report(store, s.code, "pptx")))
    texts = " ".join(sh.text_frame.text for slide in deck.slides for sh in slide.shapes if sh.has_text_frame)
    assert "Result of the board" in texts


def test_dna_example_seeds_its_agreed_purpose_and_merge(store):
    created = seed_session(store, "dna-insurer")
    state = core.get_session(store, created.code)
    cur = curation.curation_of(state.settings)
    assert len(cur.merged) == 1 and len(cur.agreed) == 5
    assert curation.undoable(store, created.code)
    snap = core.snapshot(store, created.code)
    agreed = dna.agreed_purpose(snap)
    assert agreed.startswith("Als het misgaat, staan we direct voor je klaar")
    assert dna.agreed_purpose(load_example("dna-insurer")) == agreed  # read without a store, the same
    html = render_report(store, created.code, "html").decode("utf-8")
    assert "Afgesproken bestaansrecht" in html and "Resultaat van het bord" in html
