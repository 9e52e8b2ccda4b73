"""Suggested groups and duplicates (toolkit.methods.grouping) on the labelled notes and edge cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.errors import ValidationError
from toolkit.methods.grouping import evaluate, read_labelled_notes, suggest

DATA = Path(__file__).resolve().parents[1] / "data" / "grouping"
SETS = ["tune_en", "tune_nl", "heldout_en", "heldout_nl", "unseen_en", "unseen_nl", "unseen2_en", "unseen2_nl"]
# Measured by benchmarks/grouping.py: group pairwise F1, duplicate precision and recall.
MEASURED = {
    "tune_en": (0.73, 0.86, 0.71), "tune_nl": (0.83, 1.0, 0.59),
    "heldout_en": (0.30, 0.67, 0.25), "heldout_nl": (0.30, 0.0, 0.0),
    "unseen_en": (0.14, 0.0, 0.0), "unseen_nl": (0.16, 0.0, 0.0),
    "unseen2_en": (0.28, 0.0, 0.0), "unseen2_nl": (0.23, 0.0, 0.0),
}
MISSED = ("words, characters and two theme lexicons do not carry to topics the project has not seen; "
          "no offline model on PyPI does either (docs/benchmarks.md)")


def missed(target: str, name: str, met: bool):
    """``name`` as a test parameter: a plain case where the target is met, else a strict xfail that
    says the figure."""
    f1, precision, recall = MEASURED[name]
    figure = f"group F1 {f1:.2f}" if target == "groups" else f"duplicate P {precision:.2f} R {recall:.2f}"
    if met:
        return name
    return pytest.param(name, marks=pytest.mark.xfail(reason=f"{figure}: {MISSED}", strict=True))


def labelled(name: str):
    return read_labelled_notes(DATA / f"{name}.txt")


def assert_partition(result, n: int) -> None:
    members = sorted(i for c in result.clusters for i in c.members)
    assert members == list(range(n))
    for i, j, score in result.duplicates:
        assert 0 <= i < j < n
        assert 0.0 < score <= 1.0


@pytest.mark.parametrize("name", SETS)
def test_labelled_sets_are_big_enough(name):
    notes = labelled(name)
    assert len(notes.texts) >= (100 if name.startswith("tune") else 60)
    assert len(set(notes.topics)) >= 7
    assert len(notes.duplicate_pairs()) >= (10 if name.startswith("tune") else 8)


@pytest.mark.parametrize("name", [missed("groups", n, MEASURED[n][0] >= 0.6) for n in SETS])
def test_groups(name):
    notes = labelled(name)
    result = suggest(notes.texts, name[-2:])
    assert_partition(result, len(notes.texts))
    assert evaluate(result, notes).group_f1 >= 0.6


@pytest.mark.parametrize("name", [missed("duplicates", n, MEASURED[n][1] >= 0.9 and MEASURED[n][2] >= 0.7)
                                  for n in SETS])
def test_duplicates(name):
    notes = labelled(name)
    scores = evaluate(suggest(notes.texts, name[-2:]), notes)
    assert scores.duplicate_precision >= 0.9
    assert scores.duplicate_recall >= 0.7


@pytest.mark.parametrize("name", SETS)
def test_figures_are_as_measured(name):
    """The figures above (and so the reasons of the xfails) are the truth: a change that moves them
    updates them here and in benchmarks/results/grouping.json."""
    notes = labelled(name)
    scores = evaluate(suggest(notes.texts, name[-2:]), notes)
    assert (scores.group_f1, scores.duplicate_precision, scores.duplicate_recall) == pytest.approx(
        MEASURED[name], abs=0.006)


def test_near_duplicates_in_other_words_and_negation():
    notes = ["De website is traag", "Site laadt erg langzaam", "Afrekenen werkt prima op de computer",
             "Afrekenen werkt niet op de computer", "Het dashboard toont geen conversie"]
    pairs = {(i, j) for i, j, _ in suggest(notes, "nl").duplicates}
    assert (0, 1) in pairs
    assert (2, 3) not in pairs


def test_exact_repeats_are_duplicates_and_grouped():
    notes = ["The app crashes when you log in", "Phone waiting times are far too long",
             "The app crashes when you log in"]
    result = suggest(notes, "en")
    assert [(i, j) for i, j, _ in result.duplicates] == [(0, 2)]
    assert any(set(c.members) == {0, 2} for c in result.clusters)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_labels_are_words_of_their_notes(lang):
    notes = labelled(f"tune_{lang}")
    for cluster in suggest(notes.texts, lang).clusters:
        assert cluster.label
        assert len(cluster.label.split()) == 1
        assert any(cluster.label.lower() in notes.texts[i].lower() for i in cluster.members)


def test_same_input_same_output():
    notes = labelled("tune_nl").texts
    assert suggest(notes, "nl") == suggest(list(notes), "nl")


def test_edge_cases():
    assert suggest([], "en").clusters == ()
    one = suggest(["Only one note"], "en")
    assert [c.members for c in one.clusters] == [(0,)]
    assert one.duplicates == ()
    blanks = suggest(["", "   ", "!!!", "42"], "nl")
    assert_partition(blanks, 4)
    assert all(len(c.members) == 1 and c.label == "" for c in blanks.clusters)
    assert blanks.duplicates == ()


def test_markup_is_only_text():
    notes = ["<script>alert('x')</script> The <b>website</b> is slow", "$\\frac{a}{b}$ the site loads slowly",
             "&lt;img src=x onerror=alert(1)&gt; phone waiting times"]
    result = suggest(notes, "en")
    assert_partition(result, 3)
    for cluster in result.clusters:
        assert not set(cluster.label) & set("<>&$\\")


def test_very_long_notes_and_many_notes():
    base = labelled("tune_en").texts
    notes = [f"{base[i % len(base)]} {i}" for i in range(3000)]
    notes[5] = "word " * 50_000
    result = suggest(notes, "en")
    assert_partition(result, 3000)


def test_unknown_language_is_refused():
    with pytest.raises(ValidationError):
        suggest(["x"], "de")


def test_label_forms_and_compounds():
    notes = ["Afrekenen duurt te lang", "Het afrekenen mislukt op mobiel", "Afrekenen kan niet zonder account",
             "IT-planning ligt een jaar vast", "De planning van IT zit vol"]
    result = suggest(notes, "nl")
    labels = {c.members: c.label for c in result.clusters}
    assert labels[(0, 1, 2)] == "afrekenen"
    assert labels[(3, 4)] in {"IT", "planning"}


def test_board_suggestions_speak_in_contribution_ids_and_leave_lone_notes_out():
    from toolkit.methods.grouping import for_board, suggest

    texts = ["The webshop is slow on phones", "Webshop too slow on mobile", "Coffee machine broken",
             "Newsletter goes out too late", "The newsletter is always late"]
    ids = [41, 7, 19, 3, 88]
    board = for_board(list(zip(ids, texts, strict=True)), "en")
    plain = suggest(texts, "en")
    expected = [tuple(ids[m] for m in c.members) for c in plain.clusters if len(c.members) > 1]
    assert [members for _, members in board.groups] == expected
    assert all(len(members) > 1 for _, members in board.groups)
    assert {members for _, members in board.groups} == {(41, 7), (3, 88)}  # the coffee note stays alone
    assert [(a, b) for a, b, _ in board.duplicates] == [(ids[i], ids[j]) for i, j, _ in plain.duplicates]
    assert for_board([], "nl").groups == ()
