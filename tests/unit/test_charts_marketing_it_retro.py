"""Charts of the marketing and IT retrospective, read back from the drawn SVG."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_marketing_it_retro import FRUSTRATIONS, PEOPLE, session
from toolkit.charts.marketing_it_retro import cluster_votes_chart, frustration_types_chart, trust_chart
from toolkit.core.curation import Cluster, Curation, curated
from toolkit.core.examples import load_example
from toolkit.methods import marketing_it_retro as retro
from toolkit.testing import drawn_texts, snapshot_from

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _save(fig, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(ARTIFACTS / name)


@pytest.mark.parametrize(("name", "lang"), [("retro-insurer", "nl"), ("retro-webshop", "en")])
def test_example_charts(name, lang):
    snap = load_example(name)
    figures = [s.figure() for s in retro.report_sections(snap, lang) if s.figure is not None]
    assert len(figures) == 3
    texts = [" ".join(drawn_texts(fig)) for fig in figures]  # wrapped lines joined again
    top = retro.cluster_votes(snap).index[0]
    assert top in texts[2] and retro.list_label(snap, "frustration_types", "cant", lang) in texts[1]
    for i, fig in enumerate(figures):
        _save(fig, f"retro-{name}-{i + 1}.png")


def test_trust_chart_names_statements_sides_and_before_after():
    snap = session()
    table = retro.trust_barometer(snap)
    labels = {s: retro.list_label(snap, "trust_statements", s, "en") for s in table["statement"]}
    texts = " ".join(drawn_texts(trust_chart(table, "en", labels=labels)))
    assert "I trust the other team to do what it" in texts
    for word in ("Marketing", "IT", "before", "after", "Trust barometer: before and after"):
        assert word in texts


def test_frustration_types_chart_in_dutch():
    snap = session(lang="nl")
    table = retro.frustration_types(snap)
    labels = {k: retro.list_label(snap, "frustration_types", k, "nl") for k in table.index}
    texts = drawn_texts(frustration_types_chart(table, "nl", labels=labels))
    assert {"Kan niet", "Mag niet", "Geen geld", "Iets anders", "Marketing", "IT", "Overige rollen"} <= set(texts)


def test_cluster_chart_draws_participant_text_as_written():
    odd = "Budget $5 to $10 ^_{x}"
    snap = curated(snapshot_from("marketing-it-retro", PEOPLE, FRUSTRATIONS, [(1, 10, 2), (3, 12, 3)]),
                   curation=Curation(clusters=(Cluster("k1", odd, "frustrations", (10, 11)),)))
    texts = drawn_texts(cluster_votes_chart(retro.cluster_votes(snap), "en"))
    assert odd in texts and "Late changes" in texts
    assert "Dots by group and side" in texts
    assert "3" in texts and "2" in texts  # each bar's total


def test_empty_charts_say_so():
    empty = snapshot_from("marketing-it-retro", PEOPLE)
    assert "No scores yet." in drawn_texts(trust_chart(retro.trust_barometer(empty), "en"))
    assert "Nog geen frustraties." in drawn_texts(frustration_types_chart(retro.frustration_types(empty), "nl"))
    assert "No groups or dots yet." in drawn_texts(cluster_votes_chart(retro.cluster_votes(empty), "en"))
