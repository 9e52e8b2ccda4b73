"""Charts of the content alignment method, built without a display and read back from the drawn SVG."""
from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.charts.content_alignment import (
    comment_matrix_chart,
    conflict_list_chart,
    depth_profile_chart,
    inventory_chart,
    rounds_chart,
    stereotypes_chart,
)
from toolkit.core.examples import load_example
from toolkit.methods import content_alignment as ca
from toolkit.testing import drawn_texts, snapshot_from

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
EXAMPLES = {"nl": "content-filtration", "en": "content-filtration-en"}


@pytest.fixture(scope="module", params=["nl", "en"])
def example(request):
    return request.param, load_example(EXAMPLES[request.param])


def _save(fig, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(ARTIFACTS / name)


def test_depth_profile_has_a_line_per_role_and_the_room(example):
    lang, snap = example
    profile = ca.depth_by_role(snap)
    fig = depth_profile_chart(profile, ca.agreed_depth(snap), lang)
    ax = fig.axes[0]
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    specialist = next(k for k in lines if k.startswith("Specialist"))
    assert lines[specialist][1] == pytest.approx(13 / 3)  # Interest: (4 + 4 + 5) / 3
    assert lines["Marketing"][:2] == [1.0, 1.5]
    room = "Zaal (mediaan)" if lang == "nl" else "Room (median)"
    assert lines[room] == [1, 2, 3, 4, 4]
    texts = drawn_texts(fig)
    assert ("Na de aankoop" if lang == "nl" else "After purchase") in texts
    _save(fig, f"content-depth-profile-{lang}.png")


def test_comment_matrix_counts(example):
    lang, snap = example
    fig = comment_matrix_chart(ca.comment_mix(snap), ca._labels(snap, "comment_types"), lang)
    texts = drawn_texts(fig)
    assert texts.count("3") == 1 and texts.count("2") == 1  # marketing style 3, specialist fact 2
    assert ("Stijl en toon" if lang == "nl" else "Style and tone") in texts
    _save(fig, f"content-comment-matrix-{lang}.png")


def test_conflict_list_shows_each_paragraph_with_its_remarks(example):
    lang, snap = example
    fig = conflict_list_chart(ca.conflicts(snap), ca._labels(snap, "comment_types"), lang)
    text = " ".join(drawn_texts(fig))
    word = "alinea" if lang == "nl" else "paragraph"
    for n in (1, 2, 3):
        assert f"{word} {n}" in text
    assert ("1,6 keer" if lang == "nl" else "1.6 times") in text
    _save(fig, f"content-conflicts-{lang}.png")


def test_rounds_chart_bars(example):
    lang, snap = example
    fig = rounds_chart(ca.rounds_against_target(snap), lang)
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    assert widths == sorted([7, 3, 5, 2, 2, 1, 2, 1])
    _save(fig, f"content-rounds-{lang}.png")


def test_stereotypes_side_by_side(example):
    lang, snap = example
    labels = {"heard": "HEARD", "think": "THINK"}
    fig = stereotypes_chart(ca.stereotypes_by_role(snap), labels, lang)
    texts = drawn_texts(fig)
    assert "HEARD" in texts and "THINK" in texts
    joined = " ".join(texts)
    assert ("“Ze verkopen lucht”" if lang == "nl" else "“They sell hot air”") in joined
    _save(fig, f"content-stereotypes-{lang}.png")


def test_inventory_chart_places_every_piece(example):
    lang, snap = example
    pieces = ca.inventory(snap)
    stages = list(snap.lists["stages"])
    fig = inventory_chart(pieces, ca.agreed_depth(snap), stages, lang)
    points = [tuple(p) for c in fig.axes[0].collections for p in c.get_offsets()]
    assert sorted(points) == sorted(
        (float([s for s, _l in stages].index(st)), float(d)) for st, d in zip(pieces["stage"], pieces["depth"],
                                                                           strict=True))
    hollow = [tuple(p) for c in fig.axes[0].collections if tuple(c.get_facecolor()[0]) == (1.0, 1.0, 1.0, 1.0)
              for p in c.get_offsets()]
    assert len(hollow) == 2  # the case study and the infographic have no owner
    _save(fig, f"content-inventory-{lang}.png")


def test_participant_text_is_drawn_as_written():
    body = r"Save $5 to $10 with $\alpha$ here."
    snap = snapshot_from("content-alignment", [(1, "A", "marketing"), (2, "B", "specialist")], [
        (1, "draft", "form", 1, {"title": "Price $x$ page", "stage": "interest", "body": body}),
        (2, "review", "form", 2, {"draft": "1", "type": "fact", "passage": "1", "comment": r"Not $\beta$"}),
        (3, "review", "form", 1, {"draft": "1", "type": "style", "passage": "1", "comment": "Fine $$"}),
        (4, "stereotypes", "note", 1, {"text": r"They $\gamma$ us", "prompt": "heard"}),
        (5, "inventory", "form", 1, {"title": r"Sheet $\delta$", "kind": "datasheet", "stage": "action", "depth": 5}),
    ], language="en")
    stereo = " ".join(drawn_texts(stereotypes_chart(ca.stereotypes_by_role(snap), {"heard": "H"}, "en")))
    assert r"They $\gamma$ us" in stereo
    inventory = " ".join(drawn_texts(inventory_chart(ca.inventory(snap), {}, list(snap.lists["stages"]), "en")))
    assert r"Sheet $\delta$" in inventory
    text = " ".join(drawn_texts(conflict_list_chart(ca.conflicts(snap), ca._labels(snap, "comment_types"), "en")))
    assert "Price $x$ page" in text and r"$\alpha$" in text and r"Not $\beta$" in text and "Fine $$" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_empty_charts_say_so(lang):
    snap = snapshot_from("content-alignment", [(1, "A", "marketing")], language=lang)
    for fig in (depth_profile_chart(ca.depth_by_role(snap), {}, lang),
                comment_matrix_chart(ca.comment_mix(snap), {}, lang),
                conflict_list_chart([], {}, lang), rounds_chart(ca.rounds_against_target(snap), lang),
                stereotypes_chart(ca.stereotypes_by_role(snap), {}, lang),
                inventory_chart(ca.inventory(snap), {}, list(snap.lists["stages"]), lang)):
        assert len(drawn_texts(fig)) >= 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_crowded_spot_names_a_few_pieces_and_counts_the_rest(lang):
    from toolkit.charts.content_alignment import INVENTORY_LABELS

    crowd = INVENTORY_LABELS + 7
    snap = snapshot_from("content-alignment", [(1, "A", "marketing")], [
        (n, "inventory", "form", 1, {"title": f"Sheet {n}", "kind": "datasheet", "stage": "action", "depth": 5})
        for n in range(1, crowd + 1)
    ] + [(100, "inventory", "form", 1, {"title": "Blog", "kind": "blog", "stage": "interest", "depth": 2})],
        language=lang)
    fig = inventory_chart(ca.inventory(snap), {}, list(snap.lists["stages"]), lang)
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == crowd + 1  # every piece keeps its marker
    texts = drawn_texts(fig)
    named = [t for t in texts if t.startswith("Sheet ")]
    assert len(named) == INVENTORY_LABELS - 1
    rest = crowd - (INVENTORY_LABELS - 1)
    assert (f"+{rest} meer" if lang == "nl" else f"+{rest} more") in texts
    assert "Blog" in texts  # a spot with room names its piece
