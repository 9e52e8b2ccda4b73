"""Tests of the DNA mapping charts (toolkit.charts.dna): data on the axes, labels in both languages, nothing clipped.

Each test saves its chart to tests/artifacts/dna-*.png for a visual check.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from toolkit.charts import dna as charts
from toolkit.core.examples import load_example
from toolkit.core.snapshot import Snapshot
from toolkit.methods import dna
from toolkit.testing import snapshot_from

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VERMILLION = (0xD5 / 255, 0x5E / 255, 0x00 / 255, 1.0)


def save(fig: Figure, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"dna-{name}.png"
    fig.savefig(path)
    return path


def drawn(fig: Figure):
    """Draw ``fig`` (no display needed) and return its renderer."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def assert_text_inside(fig: Figure) -> None:
    """Everything drawn (titles, labels, cell texts, legend) lies within the figure: nothing is clipped."""
    renderer = drawn(fig)
    inside = fig.get_tightbbox(renderer)  # inches, covering every visible artist
    width, height = fig.get_size_inches()
    tolerance = 0.02
    assert inside.x0 >= -tolerance and inside.y0 >= -tolerance, inside
    assert inside.x1 <= width + tolerance and inside.y1 <= height + tolerance, inside


def tick_texts(labels) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in labels]


def snapshot_of(people, contributions) -> Snapshot:
    """A DNA mapping snapshot from (participant_id, name, role) and (id, phase, kind, participant_id, payload)."""
    return snapshot_from("dna-mapping", [(p, None, r) for p, _n, r in people], contributions,
                         lists={"channels": [("website", "Website"), ("social", "Social media / webcare")]})


@pytest.fixture(scope="module")
def insurer() -> Snapshot:
    return load_example("dna-insurer")


@pytest.fixture(scope="module")
def solo() -> Snapshot:
    return snapshot_of(
        [(1, "Ann", "marketing")],
        [
            (1, "values", "form", 1, {"value": "Snel"}),
            (2, "alignment", "rating", 1, {"row": "1", "column": "social", "dimension": "promise", "score": 5}),
            (3, "alignment", "rating", 1, {"row": "1", "column": "social", "dimension": "practice", "score": 2}),
            (4, "cascade", "form", 1, {"level": "action", "text": "Losse post"}),
        ],
    )


EMPTY = snapshot_of([], [])


# ------------------------------------------------------------------------------------------------
# heatmap
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_heatmap_cells_and_labels(insurer, lang):
    fig = charts.alignment_heatmap(dna.alignment_matrix(insurer, lang), lang)
    save(fig, f"heatmap-{lang}")
    ax = fig.axes[0]
    image = ax.images[0]
    assert image.get_array().shape == (4, 6)  # four values x five channels plus Financiën
    assert tick_texts(ax.get_yticklabels()) == ["Snel", "Helder", "Persoonlijk", "Betrouwbaar"]
    expected = {
        "nl": ["Website", "Social media / webcare", "Telefonische helpdesk", "Winkel / buitendienst", "Verkoop",
               "Financiën"],
        "en": ["Website", "Social media / webcare", "Phone helpdesk", "Shop / field staff", "Sales", "Finance"],
    }[lang]
    # labels are wrapped onto two lines; compare without the line breaks
    assert [" ".join(t.split()) for t in tick_texts(ax.get_xticklabels())] == expected
    # centred diverging scale, colour-blind safe map
    assert image.norm.vmin == -image.norm.vmax
    assert image.get_cmap().name.startswith("PuOr_r")
    cell_texts = [t.get_text() for t in ax.texts]
    # Snel x phone: gap 19/8 = 2.375, shown with one decimal; promise 4.6 -> practice 2.2
    assert ("+2,4" if lang == "nl" else "+2.4") in cell_texts
    assert ("4,6 → 2,2" if lang == "nl" else "4.6 → 2.2") in cell_texts
    assert cell_texts.count("–") == 3  # Financiën was scored for Betrouwbaar only
    # the largest gap is the darkest orange cell: value at [Snel, phone] is the maximum
    assert image.get_array()[0, 2] == pytest.approx(19 / 8)
    assert_text_inside(fig)


def test_heatmap_empty_and_one_person(solo):
    for lang, message in (("nl", "Nog geen scores"), ("en", "No promise and practice scores")):
        fig = charts.alignment_heatmap(dna.alignment_matrix(EMPTY), lang)
        assert any(message in t.get_text() for t in fig.axes[0].texts)
        assert not fig.axes[0].images
    fig = charts.alignment_heatmap(dna.alignment_matrix(solo, "en"), "en")
    save(fig, "heatmap-solo-en")
    assert fig.axes[0].images[0].get_array().shape == (1, 1)
    assert "+3.0" in [t.get_text() for t in fig.axes[0].texts]
    assert_text_inside(fig)


# ------------------------------------------------------------------------------------------------
# cascade tree
# ------------------------------------------------------------------------------------------------


def boxes(fig: Figure):
    from matplotlib.patches import FancyBboxPatch

    return [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_cascade_tree_marks_orphans(insurer, lang):
    tree = dna.cascade_tree(insurer)
    fig = charts.cascade_tree_chart(tree, lang)
    save(fig, f"cascade-{lang}")
    drawn_boxes = boxes(fig)
    assert len(drawn_boxes) == 13
    orphan_boxes = [b for b in drawn_boxes if b.get_edgecolor() == pytest.approx(VERMILLION)]
    assert len(orphan_boxes) == 2  # Instagram-reeks and the woonbeurs stand
    assert all(b.get_linestyle() not in ("-", "solid") for b in orphan_boxes)
    # the orphans sit in the action column (x = 3), below every linked item
    linked_bottom = max(b.get_y() for b in drawn_boxes if b not in orphan_boxes)
    assert all(b.get_x() + b.get_width() / 2 == pytest.approx(3) for b in orphan_boxes)
    assert all(b.get_y() > linked_bottom for b in orphan_boxes)
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert "Stand op de woonbeurs met prijsvraag" in texts
    headers = {
        "nl": ["Organisatiedoelstelling", "Actie per kanaal"],
        "en": ["Organisation objective", "Channel action"],
    }[lang]
    assert all(h in texts for h in headers)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[1] == ("Niet verbonden met een doelstelling" if lang == "nl" else "Not linked to an objective")
    assert legend[2] == ("Doelstelling zonder actie" if lang == "nl" else "Objective without an action")
    assert_text_inside(fig)


def test_cascade_tree_circle_and_deleted_parent_do_not_break_the_layout():
    people = [(1, "Ann", "marketing")]
    c = [
        (1, "cascade", "form", 1, {"level": "organisation", "text": "Doel"}),
        (2, "cascade", "form", 1, {"level": "action", "text": "Actie onder doel", "parent": "1"}),
        (3, "cascade", "form", 1, {"level": "action", "text": "Kring A", "parent": "4"}),
        (4, "cascade", "form", 1, {"level": "communication", "text": "Kring B", "parent": "3"}),
        (5, "cascade", "form", 1, {"level": "action", "text": "Ouder weg", "parent": "77"}),
    ]
    fig = charts.cascade_tree_chart(dna.cascade_tree(snapshot_of(people, c)), "en")
    save(fig, "cascade-edge-cases-en")
    drawn_boxes = boxes(fig)
    assert len(drawn_boxes) == 5
    assert sum(b.get_edgecolor() == pytest.approx(VERMILLION) for b in drawn_boxes) == 3
    assert_text_inside(fig)


def test_cascade_tree_empty_and_one_person(solo):
    fig = charts.cascade_tree_chart(dna.cascade_tree(EMPTY), "nl")
    assert any("nog leeg" in t.get_text() for t in fig.axes[0].texts)
    fig = charts.cascade_tree_chart(dna.cascade_tree(solo), "nl")
    save(fig, "cascade-solo-nl")
    assert len(boxes(fig)) == 1
    assert boxes(fig)[0].get_edgecolor() == pytest.approx(VERMILLION)
    assert_text_inside(fig)


# ------------------------------------------------------------------------------------------------
# disagreement by discipline
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_disagreement_chart(insurer, lang):
    disagreement = dna.disagreement_by_role(insurer, lang)
    fig = charts.disagreement_chart(disagreement, lang)
    save(fig, f"disagreement-{lang}")
    ax = fig.axes[0]
    labels = tick_texts(ax.get_yticklabels())
    assert len(labels) == 8
    assert labels[0] == "Snel · Social media / webcare"
    assert labels[1] == "Helder · Website"
    # one dot per discipline per row: Snel x webcare was scored by six disciplines
    first_row_dots = [c for c in ax.collections if abs(c.get_offsets()[0][1]) < 0.3]
    assert sorted(float(c.get_offsets()[0][0]) for c in first_row_dots) == [1.5, 2.0, 3.0, 3.0, 3.0, 5.0]
    spread = next(t.get_text() for t in ax.texts)
    assert spread == ("verschil 3,5" if lang == "nl" else "spread 3.5")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert ("Klantenservice" if lang == "nl" else "Customer service") in legend
    assert len(legend) == 6
    assert_text_inside(fig)


def test_disagreement_chart_empty_and_one_person(solo):
    for snapshot in (EMPTY, solo):
        for lang, message in (("nl", "minstens twee disciplines"), ("en", "at least two disciplines")):
            fig = charts.disagreement_chart(dna.disagreement_by_role(snapshot, lang), lang)
            assert any(message in t.get_text() for t in fig.axes[0].texts)
    save(fig, "disagreement-empty-en")


def test_report_figures_build(insurer):
    for lang in ("nl", "en"):
        figures = [s.figure() for s in dna.report_sections(insurer, lang) if s.figure is not None]
        assert len(figures) == 3 and all(isinstance(f, Figure) for f in figures)
    empty_figures = [s.figure() for s in dna.report_sections(EMPTY, "en") if s.figure is not None]
    assert all(isinstance(f, Figure) for f in empty_figures)


def test_every_chart_string_exists_in_both_languages():
    for catalogue in (charts._TEXT, charts.LEVEL_LABELS, charts.ROLE_NAMES):
        for key, entry in catalogue.items():
            assert set(entry) == {"nl", "en"}, key
            assert entry["nl"].strip() and entry["en"].strip(), key
