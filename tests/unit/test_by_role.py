"""Votes and ratings split by role: numbers worked out by hand, the chart read back from its SVG,
and a section in every format of the report."""
from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from toolkit.charts.by_role import by_role_chart
from toolkit.core.definitions import get_workshop
from toolkit.core.examples import load_example
from toolkit.core.snapshot import VOTE_COLUMNS
from toolkit.methods.by_role import rating_split, report_sections, vote_split, vote_takeaway
from toolkit.testing import drawn_texts, snapshot_from

PEOPLE = [(1, "Ann", "marketing"), (2, "Bo", "marketing"), (3, "Cas", "it")]
IDEAS = [(10, "ideas", "note", 1, {"text": "From $5 to $10", "prompt": "idea"}),
         (11, "ideas", "note", 2, {"text": "B", "prompt": "idea"}),
         (12, "ideas", "note", 3, {"text": "C", "prompt": "idea"})]
SCORES = [(20, 1, "10", "customers", 4), (21, 1, "10", "work", 2), (22, 2, "10", "customers", 2),
          (23, 2, "11", "customers", 5), (24, 3, "10", "customers", 5), (25, 3, "10", "work", 4)]
# (voter, idea, dots) in the vote phase "vote"
VOTES = [(1, 10, 3), (1, 11, 2), (2, 10, 1), (2, 12, 4), (3, 11, 5)]


@pytest.fixture
def snapshot():
    ratings = [(cid, "rate", "rating", pid, {"row": row, "column": None, "dimension": dim, "score": score})
               for cid, pid, row, dim, score in SCORES]
    snap = snapshot_from("brainstorm", PEOPLE, IDEAS + ratings, language="en")
    role = {pid: r for pid, _n, r in PEOPLE}
    votes = pd.DataFrame([(pid, role[pid], cid, "vote", n) for pid, cid, n in VOTES], columns=VOTE_COLUMNS)
    return dataclasses.replace(snap, votes=votes)


def test_dots_per_contribution_and_role(snapshot):
    result = vote_split(snapshot, "vote")
    table = result.table
    # idea 11: marketing 2, IT 5 (7); idea 10: marketing 3 + 1 (4); idea 12: marketing 4 (4)
    assert list(table.index) == [11, 10, 12]
    assert list(table["marketing"]) == [2, 4, 4]
    assert list(table["it"]) == [5, 0, 0]
    assert list(table["total"]) == [7, 4, 4]
    assert list(table["item"]) == ["B", "From $5 to $10", "C"]
    assert result.people == {"marketing": 2, "it": 1}
    assert vote_takeaway(result, "en") == ("The roles choose differently. Most dots per role: "
                                           "From $5 to $10 (Marketing); B (IT).")


def test_mean_score_per_row_dimension_and_role(snapshot):
    result = rating_split(snapshot, "rate", get_workshop("brainstorm"))
    table = result.table
    # idea 10 customers: marketing (4 + 2) / 2 = 3, IT 5 (gap 2); work: marketing 2, IT 4 (gap 2);
    # idea 11 customers: marketing 5, IT none (no gap)
    assert list(zip(table["item"], table["dimension"], strict=True)) == [
        ("From $5 to $10", "customers"), ("From $5 to $10", "work"), ("B", "customers")]
    assert list(table["marketing"]) == [3, 2, 5]
    assert table["it"].iloc[0] == 5 and table["it"].iloc[1] == 4 and math.isnan(table["it"].iloc[2])
    assert result.people == {"marketing": 2, "it": 1}


def test_a_phase_without_input_is_empty(snapshot):
    assert vote_split(snapshot.__class__(**{**snapshot.__dict__, "votes": snapshot.votes.iloc[0:0]}), "vote").empty
    assert rating_split(snapshot, "nowhere").empty


@pytest.mark.parametrize("lang, voters", [("en", ("Marketing (2 voters)", "IT (1 voter)")),
                                          ("nl", ("Marketing (2 stemmers)", "IT (1 stemmer)"))])
def test_the_vote_chart_draws_the_items_and_roles_as_written(snapshot, lang, voters):
    texts = " ".join(drawn_texts(by_role_chart(vote_split(snapshot, "vote"), lang, phase_title="Vote $x$")))
    for expected in (*voters, "From $5 to $10", "B", "C", "Vote $x$"):
        assert expected in texts


def test_the_rating_chart_names_each_row_and_dimension(snapshot):
    result = rating_split(snapshot, "rate", get_workshop("brainstorm"))
    texts = drawn_texts(by_role_chart(result, "en", dimensions={"customers": "Customers", "work": "Own work"}))
    assert "From $5 to $10 · Customers" in texts and "B · Customers" in texts
    assert "Marketing (2 raters)" in texts and "IT (1 rater)" in texts


def test_no_input_draws_a_message():
    empty = vote_split(snapshot_from("brainstorm", PEOPLE, IDEAS), "vote")
    assert drawn_texts(by_role_chart(empty, "nl")) == ["Nog geen stemmen of scores."]


@pytest.mark.parametrize("example, titles", [
    ("persona-energy", ["By role: Choose the card", "By role: Vote on traits", "By role: Tone per situation"]),
    ("dna-insurer", ["By role: Promise and practice", "By role: Prioritise"]),
])
def test_a_section_for_every_vote_and_rating_phase_with_input(example, titles):
    sections = report_sections(load_example(example), "en")
    assert [s.title for s in sections] == titles
    for section in sections:
        assert section.figure is not None and section.tables
        table = next(iter(section.tables.values()))
        assert any(c.startswith("Marketing (") for c in table.columns)
