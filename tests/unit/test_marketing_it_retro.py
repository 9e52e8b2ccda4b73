"""The marketing and IT retrospective's analysis, on a small session worked out by hand, and on
the shipped examples."""
from __future__ import annotations

import math

import pytest

from toolkit.core.curation import Cluster, Curation, curated
from toolkit.core.examples import load_example
from toolkit.methods import marketing_it_retro as retro
from toolkit.testing import snapshot_from

PEOPLE = [(1, "Ann", "marketing"), (2, "Bas", "marketing"), (3, "Raj", "it"), (4, "Mia", "management")]
FRUSTRATIONS = [
    (10, "frustrations", "form", 1, {"frustration": "Old browser", "type": "cant", "topic": "browsers"}),
    (11, "frustrations", "form", 2, {"frustration": "No Dropbox", "type": "not_allowed", "topic": "files"}),
    (12, "frustrations", "form", 3, {"frustration": "Late changes", "type": "other", "topic": "testing"}),
    (13, "frustrations", "form", 3, {"frustration": "No test time", "type": "other"}),
    (14, "frustrations", "form", 4, {"frustration": "Mailbox full", "type": "no_budget", "topic": "mail"}),
]
ACTIONS = [
    (20, "actions", "form", 1, {"action": "Shared file space", "frustration": "11", "owner_marketing": "Ann",
                                "owner_it": "Raj", "first_step": "List three options", "due": "1 May",
                                "gadd": "distribute"}),
    (21, "actions", "form", 3, {"action": "Change calendar", "frustration": "13", "owner_it": "Raj"}),
    (22, "actions", "form", 2, {"action": "Lunch together", "owner_marketing": " "}),
]


def rating(cid, phase, pid, row, score):
    return (cid, phase, "rating", pid, {"row": row, "column": None, "dimension": "agree", "score": score})


RATINGS = [
    rating(30, "trust-before", 1, "trust", 2), rating(31, "trust-before", 1, "speed", 1),
    rating(32, "trust-before", 2, "trust", 4), rating(33, "trust-before", 2, "speed", 3),
    rating(34, "trust-before", 3, "trust", 3),
    rating(40, "trust-after", 1, "trust", 4), rating(41, "trust-after", 2, "trust", 4),
    rating(42, "trust-after", 3, "trust", 2), rating(43, "trust-after", 3, "speed", 5),
]
VOTES = [(1, 10, 3), (1, 14, 2), (2, 11, 1), (2, 12, 1), (3, 12, 4), (3, 10, 1), (4, 14, 1)]
BOARD = Curation(clusters=(Cluster("k1", "Workplace", "frustrations", (10, 11)),
                           Cluster("k2", "Changes", "frustrations", (12, 13))),
                 agreed={20: "A shared file space for agencies"})


def session(curation: Curation = BOARD, lang: str = "en"):
    snap = snapshot_from("marketing-it-retro", PEOPLE, FRUSTRATIONS + ACTIONS + RATINGS, VOTES, language=lang)
    return curated(snap, curation=curation)


def test_frustrations_by_kind_and_side():
    table = retro.frustration_types(session())
    assert list(table.index) == ["cant", "not_allowed", "no_budget", "other"]
    assert list(table.columns) == ["marketing", "it", "other"]
    assert table.loc["cant"].tolist() == [1, 0, 0]
    assert table.loc["not_allowed"].tolist() == [1, 0, 0]
    assert table.loc["no_budget"].tolist() == [0, 0, 1]  # management counts as "other"
    assert table.loc["other"].tolist() == [0, 2, 0]


def test_dots_by_side_per_cluster_and_where_the_sides_weigh_differently():
    table = retro.cluster_votes(session())
    # A frustration in no cluster stands for itself; ties keep the board's order.
    assert list(table.index) == ["Workplace", "Changes", "Mailbox full"]
    assert table["notes"].tolist() == [2, 2, 1]
    assert table["marketing"].tolist() == [4, 1, 2]  # Ann 3 + Bas 1; Bas 1; Ann 2
    assert table["it"].tolist() == [1, 4, 0]
    assert table["other"].tolist() == [0, 0, 1]
    assert table["total"].tolist() == [5, 5, 3]
    # Marketing spent 7 dots, IT 5.
    assert table["marketing_share"].tolist() == pytest.approx([4 / 7, 1 / 7, 2 / 7])
    assert table["it_share"].tolist() == pytest.approx([1 / 5, 4 / 5, 0])
    assert table["gap"].tolist() == pytest.approx([4 / 7 - 1 / 5, 1 / 7 - 4 / 5, 2 / 7])


def test_a_merge_moves_dots_and_actions_to_the_survivor():
    merged = Curation(merged={13: 12}, clusters=(Cluster("k1", "Workplace", "frustrations", (10, 11)),))
    snap = session(merged)
    table = retro.cluster_votes(snap)
    assert table.loc["Late changes", "it"] == 4 and table.loc["Late changes", "notes"] == 1
    assert "No test time" not in table.index
    assert retro.actions(snap).set_index("id").loc[21, "cluster"] == "Late changes"


def test_actions_with_and_without_two_owners():
    table = retro.actions(session()).set_index("id")
    assert table.loc[20, "action"] == "A shared file space for agencies"  # the agreed wording
    assert table.loc[21, "action"] == "Change calendar"
    assert table["cluster"].tolist() == ["Workplace", "Changes", None]
    assert table["two_owners"].tolist() == [True, False, False]  # a blank owner is no owner
    assert table["agreed"].tolist() == [True, False, False]
    assert table.loc[22, "owner_marketing"] is None


def test_actions_by_customer_data_step():
    table = retro.actions_by_step(session())
    assert table["step"].tolist() == ["gather", "analyze", "distribute", "deliver"]
    assert table["actions"].tolist() == [0, 0, 1, 0] and table["agreed"].tolist() == [0, 0, 1, 0]


def test_trust_before_and_after_by_side():
    table = retro.trust_barometer(session()).set_index(["statement", "side"])
    assert table.loc[("trust", "marketing"), ["before", "after", "change"]].tolist() == [3.0, 4.0, 1.0]
    assert table.loc[("trust", "it"), ["before", "after", "change"]].tolist() == [3.0, 2.0, -1.0]
    assert table.loc[("trust", "all"), "before"] == 3.0
    assert table.loc[("trust", "all"), "after"] == pytest.approx(10 / 3)
    speed = table.loc[("speed", "marketing")]
    assert speed["before"] == 2.0 and math.isnan(speed["after"]) and math.isnan(speed["change"])
    assert ("speed", "other") not in table.index  # nobody of that side scored it
    by_side = retro.trust_by_side(session())
    assert by_side.loc["marketing", "before"] == 2.5 and by_side.loc["marketing", "after"] == 4.0
    assert by_side.loc["it", "before"] == 3.0 and by_side.loc["it", "after"] == 3.5


def test_report_sections_say_what_was_found():
    sections = {s.title: s for s in retro.report_sections(session(), "en")}
    assert list(sections) == ["Trust barometer before and after", "Frustrations by kind and side",
                              "Groups and dots by role", "Actions with an owner on each side"]
    assert sections["Trust barometer before and after"].takeaway == (
        "Mean trust over all statements, from the start to the end: Marketing from 2.5 to 4; IT from 3 to 3.5.")
    assert sections["Groups and dots by role"].takeaway == (
        "Most dots went to Workplace (5). The sides differ most on Changes: marketing gave it 14% of its dots, "
        "IT 80%.")
    actions = sections["Actions with an owner on each side"]
    assert actions.takeaway.startswith("3 actions, 1 of them with an owner in both marketing and IT, and 1 agreed.")
    assert actions.actions == ("A shared file space for agencies (owners: Ann / Raj; first step: List three "
                               "options, 1 May)",)
    dutch = retro.report_sections(session(lang="nl"), "nl")
    assert dutch[0].title == "Vertrouwensbarometer voor en na"
    assert "Marketing van 2,5 naar 4" in dutch[0].takeaway


def test_an_empty_session_has_no_sections():
    assert retro.report_sections(snapshot_from("marketing-it-retro", PEOPLE), "nl") == []


def test_previous_actions_and_their_first_step():
    lists = {"previous_actions": [("custom-0", "Change calendar"), ("custom-1", "File space")]}
    snap = snapshot_from("marketing-it-retro", PEOPLE, [
        (1, "followup", "rating", 1, {"row": "custom-0", "column": None, "dimension": "progress", "score": 3}),
        (2, "followup", "rating", 3, {"row": "custom-0", "column": None, "dimension": "progress", "score": 2}),
        (3, "followup", "rating", 4, {"row": "custom-0", "column": None, "dimension": "progress", "score": 3}),
    ], lists=lists)
    table = retro.previous_actions(snap)
    assert table["action"].tolist() == ["Change calendar", "File space"]
    assert table["median"].tolist()[0] == 3.0 and math.isnan(table["median"].tolist()[1])
    assert table["scores"].tolist() == [3, 0]
    section = retro.report_sections(snap, "en")[0]
    assert section.takeaway == "Of the 2 actions from last time, 1 had their first step taken."


@pytest.mark.parametrize(("name", "lang", "top"), [
    ("retro-insurer", "nl", "Klantdata zit vast in losse systemen"),
    ("retro-webshop", "en", "Customer data is stuck in separate systems"),
])
def test_examples(name, lang, top):
    snap = load_example(name)
    assert snap.language == lang
    votes = retro.cluster_votes(snap)
    assert votes.index[0] == top and votes["total"].iloc[0] == 17  # 9 from marketing, 6 from IT, 2 others
    assert votes.loc[top, ["marketing", "it", "other"]].tolist() == [9, 6, 2]
    actions = retro.actions(snap)
    assert len(actions) == 5 and actions["two_owners"].sum() == 3 and actions["agreed"].sum() == 3
    by_side = retro.trust_by_side(snap)
    assert by_side.loc["marketing", "before"] == pytest.approx(30 / 16)  # 4 people x 4 statements
    assert (by_side["change"] > 0).all()
    assert retro.frustration_types(snap).to_numpy().sum() == 14
