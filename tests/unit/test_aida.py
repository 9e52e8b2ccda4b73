"""AIDA journey analysis: hand-computed cases on tiny snapshots, the example, empty and one-person sessions."""

from __future__ import annotations

import math

import pytest

from toolkit.core.definitions import get_workshop
from toolkit.core.examples import load_example
from toolkit.methods import aida, method_module
from toolkit.methods.base import ReportSection
from toolkit.testing import snapshot_from

# ---------------------------------------------------------------- building snapshots by hand


def make_snapshot(people, items, votes=(), lang="en", workshop_id="aida-journey", lists=None):
    """A snapshot from ``people`` [(participant_id, role)], ``items`` [(id, phase, kind, by, payload)]
    and ``votes`` [(by, contribution_id, points)]."""
    return snapshot_from(workshop_id, [(pid, f"P{pid}", role) for pid, role in people], items, votes,
                         lists=lists, language=lang)


def rating(cid, by, phase, row, score):
    return (cid, phase, "rating", by, {"row": str(row), "column": None, "dimension": phase, "score": score})


M1, M2, IT1, S1 = 1, 2, 3, 4
PEOPLE = [(M1, "marketing"), (M2, "marketing"), (IT1, "it"), (S1, "service")]
WEB_SHOP, SEARCH_AD, NEWSLETTER, HELPDESK = 10, 11, 12, 13


@pytest.fixture
def small():
    """Four touchpoints, four people, four blockers, three GADD entries (numbers in the tests)."""
    items = [
        (
            WEB_SHOP,
            "touchpoints",
            "form",
            IT1,
            {"touchpoint": "Web shop", "stage": "action", "owner": "it", "importance": 5.0},
        ),
        (
            SEARCH_AD,
            "touchpoints",
            "form",
            M1,
            {
                "touchpoint": "Search ad",
                "stage": "attention",
                "owner": "marketing",
                "importance": 4.0,
                "technology": "Ads platform",
                "channel": "Search",
            },
        ),
        (
            NEWSLETTER,
            "touchpoints",
            "form",
            M1,
            {"touchpoint": "Newsletter", "stage": "attention", "owner": "marketing"},
        ),
        (HELPDESK, "touchpoints", "form", S1, {"touchpoint": "Helpdesk", "stage": "retention"}),
        # readiness: search ad 2, 4 (marketing), 4 (IT); newsletter 5; web shop 1 (mkt), 3 (IT), 2 (service);
        # helpdesk 4, 3 (mkt), 3 (IT); one score on a touchpoint that no longer exists
        rating(100, M1, "readiness", SEARCH_AD, 2),
        rating(101, M2, "readiness", SEARCH_AD, 4),
        rating(102, IT1, "readiness", SEARCH_AD, 4),
        rating(103, M1, "readiness", NEWSLETTER, 5),
        rating(104, M1, "readiness", WEB_SHOP, 1),
        rating(105, IT1, "readiness", WEB_SHOP, 3),
        rating(106, S1, "readiness", WEB_SHOP, 2),
        rating(107, M1, "readiness", HELPDESK, 4),
        rating(108, M2, "readiness", HELPDESK, 3),
        rating(109, IT1, "readiness", HELPDESK, 3),
        rating(110, M1, "readiness", 99, 1),
        # emotion: search ad +1, -1; newsletter +2; web shop -2, -1; helpdesk none
        rating(120, M1, "emotion", SEARCH_AD, 1),
        rating(121, IT1, "emotion", SEARCH_AD, -1),
        rating(122, M1, "emotion", NEWSLETTER, 2),
        rating(123, M1, "emotion", WEB_SHOP, -2),
        rating(124, S1, "emotion", WEB_SHOP, -1),
        (
            20,
            "blockers",
            "form",
            M1,
            {
                "blocker": "No API",
                "touchpoint": str(WEB_SHOP),
                "category": "cant",
                "action": "Build API",
                "owner": "Eva",
                "due": "2025-06-01",
            },
        ),
        (
            21,
            "blockers",
            "form",
            IT1,
            {
                "blocker": "GDPR",
                "touchpoint": str(NEWSLETTER),
                "category": "not_allowed",
                "action": "",
                "owner": " eva ",
            },
        ),
        (
            22,
            "blockers",
            "form",
            S1,
            {"blocker": "No money", "touchpoint": "99", "category": "no_budget", "action": "Ask the CFO", "owner": ""},
        ),
        (
            23,
            "blockers",
            "form",
            M2,
            {
                "blocker": "Unknown stock",
                "touchpoint": str(WEB_SHOP),
                "category": "no_data",
                "action": "Nightly sync",
                "owner": "Bram",
            },
        ),
        (
            30,
            "gadd",
            "form",
            M1,
            {"activity": "Collect web data", "step": "gather", "who": "Marketing", "system": "Analytics"},
        ),
        (
            31,
            "gadd",
            "form",
            S1,
            {"activity": "Share insights", "step": "distribute", "who": "", "system": "Intranet", "stage": "retention"},
        ),
        (32, "gadd", "form", IT1, {"activity": "Build offers", "step": "deliver", "who": "  "}),
        (40, "goals", "form", M1, {"goal": "Order in one go", "stage": "action"}),
        (41, "goals", "form", S1, {"goal": "Find a supplier", "stage": "attention"}),
    ]
    votes = [(M1, 21, 2), (M1, 20, 1), (IT1, 23, 3), (S1, 21, 1)]
    return make_snapshot(PEOPLE, items, votes)


@pytest.fixture
def empty():
    return make_snapshot([], [])


@pytest.fixture
def one_person():
    items = [
        (
            1,
            "touchpoints",
            "form",
            1,
            {"touchpoint": "Quote form", "stage": "desire", "owner": "it", "importance": 4.0},
        ),
        rating(2, 1, "readiness", 1, 2),
        rating(3, 1, "emotion", 1, -1),
        (4, "blockers", "form", 1, {"blocker": "Form mails a shared inbox", "touchpoint": "1", "category": "cant"}),
    ]
    return make_snapshot([(1, "it")], items, lang="nl")


# ---------------------------------------------------------------- definition and example


def test_definition_has_the_agreed_phases_and_scales():
    workshop = get_workshop("aida-journey")
    assert [p.id for p in workshop.phases] == [
        "kickoff",
        "goals",
        "touchpoints",
        "readiness",
        "emotion",
        "blockers",
        "gadd",
        "priorities",
        "wrap-up",
    ]
    assert [o.id for o in workshop.lists["stages"]] == list(aida.STAGES)
    assert [o.id for o in workshop.lists["blocker_categories"]] == list(aida.BLOCKER_CATEGORIES)
    assert (workshop.scale("ready5").low, workshop.scale("ready5").high) == (1, 5)
    assert (workshop.scale("emotion").low, workshop.scale("emotion").high) == (-2, 2)
    assert workshop.phase("priorities").vote_on == "blockers" and workshop.phase("priorities").vote_budget == 3
    touchpoint = workshop.phase("touchpoints").fields[0]
    assert touchpoint.id == "touchpoint" and touchpoint.required  # first field: the text a rating row shows
    assert all(p.timebox_minutes for p in workshop.phases)
    assert method_module("aida-journey") is aida


def test_example_loads_with_all_stages_and_roles():
    snapshot = load_example("aida-manufacturer")
    assert snapshot.language == "nl"
    assert 6 <= len(snapshot.participants) <= 8
    assert {"marketing", "it", "service", "sales", "specialist"} <= set(snapshot.participants["role"])
    journey = aida.journey_table(snapshot)
    assert set(journey["stage"]) == set(aida.STAGES)
    assert set(aida.blocker_list(snapshot)["category"]) == set(aida.BLOCKER_CATEGORIES)


# ---------------------------------------------------------------- journey table


def test_journey_table_orders_by_stage_and_averages_scores(small):
    journey = aida.journey_table(small)
    assert list(journey["touchpoint"]) == ["Search ad", "Newsletter", "Web shop", "Helpdesk"]
    row = journey.set_index("touchpoint").loc["Search ad"]
    assert row["readiness"] == pytest.approx(10 / 3)  # (2 + 4 + 4) / 3
    assert row["readiness_n"] == 3
    assert row["emotion"] == pytest.approx(0.0)  # (1 - 1) / 2
    assert row["technology"] == "Ads platform" and row["owner_label"] == "Marketing"
    helpdesk = journey.set_index("touchpoint").loc["Helpdesk"]
    assert helpdesk["owner"] == "" and helpdesk["owner_label"] == "(no owner)"
    assert math.isnan(helpdesk["emotion"]) and helpdesk["emotion_n"] == 0
    assert math.isnan(journey.set_index("touchpoint").loc["Newsletter", "importance"])
    assert list(journey["touchpoint_id"]) == ["11", "12", "10", "13"]


def test_labels_follow_the_requested_language(small):
    assert aida.journey_table(small, "nl")["stage_label"].tolist() == ["Aandacht", "Aandacht", "Actie", "Klantbinding"]
    assert aida.goals_table(small)["goal"].tolist() == ["Find a supplier", "Order in one go"]


def test_readiness_matrix_averages_touchpoint_means(small):
    matrix = aida.readiness_by_stage_and_owner(small)
    assert list(matrix.index) == list(aida.STAGES)
    assert list(matrix.columns) == ["marketing", "it", aida.NO_OWNER]
    # attention x marketing: search ad 10/3 and newsletter 5 -> (10/3 + 5) / 2, not the mean of the 4 scores (3.75)
    assert matrix.loc["attention", "marketing"] == pytest.approx(25 / 6)
    assert matrix.loc["action", "it"] == pytest.approx(2.0)  # (1 + 3 + 2) / 3
    assert matrix.loc["retention", aida.NO_OWNER] == pytest.approx(10 / 3)  # (4 + 3 + 3) / 3
    assert math.isnan(matrix.loc["interest", "marketing"])
    assert matrix.attrs["owner_labels"][aida.NO_OWNER] == "(no owner)"
    assert matrix.attrs["counts"]["marketing"]["attention"] == 2


def test_emotion_curve_per_stage_in_journey_order(small):
    curve = aida.emotion_curve(small)
    assert list(curve["stage"]) == list(aida.STAGES)
    assert curve["emotion"].iloc[0] == pytest.approx(1.0)  # search ad 0, newsletter 2
    assert curve["low_point"].iloc[0] == "Search ad"
    assert curve["scores"].iloc[0] == 3
    assert math.isnan(curve["emotion"].iloc[1]) and curve["touchpoints"].iloc[1] == 0
    assert curve["emotion"].iloc[3] == pytest.approx(-1.5)  # web shop (-2 - 1) / 2
    assert math.isnan(curve["emotion"].iloc[4])  # the helpdesk was not scored


def test_weakest_touchpoints_weigh_importance_against_readiness(small):
    weakest = aida.weakest_touchpoints(small)
    # web shop 5 x (5 - 2) = 15; search ad 4 x (5 - 10/3) = 20/3; helpdesk 3 (default) x (5 - 10/3) = 5;
    # newsletter 3 (default) x (5 - 5) = 0
    assert list(weakest["touchpoint"]) == ["Web shop", "Search ad", "Helpdesk", "Newsletter"]
    assert list(weakest["score"]) == pytest.approx([15.0, 20 / 3, 5.0, 0.0])
    assert weakest["importance"].iloc[2] == aida.DEFAULT_IMPORTANCE
    assert len(aida.weakest_touchpoints(small, limit=2)) == 2


def test_weakest_touchpoints_break_ties_on_importance():
    items = [
        (1, "touchpoints", "form", 1, {"touchpoint": "A", "stage": "interest", "importance": 3.0}),
        (2, "touchpoints", "form", 1, {"touchpoint": "B", "stage": "interest", "importance": 4.0}),
        (3, "touchpoints", "form", 1, {"touchpoint": "Unscored", "stage": "interest", "importance": 5.0}),
        rating(4, 1, "readiness", 1, 1),  # 3 x 4 = 12
        rating(5, 1, "readiness", 2, 2),  # 4 x 3 = 12
    ]
    weakest = aida.weakest_touchpoints(make_snapshot([(1, "it")], items))
    assert list(weakest["touchpoint"]) == ["B", "A"]  # equal score, B matters more; unscored left out


def test_readiness_divergence_between_marketing_and_it(small):
    by_touchpoint = aida.readiness_divergence(small)
    # web shop: marketing 1, IT 3 -> -2; search ad: marketing 3, IT 4 -> -1 (exactly the threshold);
    # helpdesk: marketing 3.5, IT 3 -> 0.5 (below); newsletter: no IT score
    assert list(by_touchpoint["touchpoint"]) == ["Web shop", "Search ad"]
    assert list(by_touchpoint["difference"]) == pytest.approx([-2.0, -1.0])
    assert list(by_touchpoint["marketing"]) == pytest.approx([1.0, 3.0])
    by_stage = aida.readiness_divergence(small, by="stage")
    # attention: marketing (3 + 5) / 2 = 4, IT 4 -> 0; action -2; retention 0.5
    assert list(by_stage["stage"]) == ["action"]
    assert by_stage["difference"].iloc[0] == pytest.approx(-2.0)
    assert len(aida.readiness_divergence(small, threshold=0.5)) == 3
    with pytest.raises(ValueError):
        aida.readiness_divergence(small, by="owner")


# ---------------------------------------------------------------- blockers and GADD


def test_blocker_list_sorted_by_priority_dots(small):
    blockers = aida.blocker_list(small)
    # dots: GDPR 2 + 1 = 3, Unknown stock 3, No API 1, No money 0
    assert list(blockers["blocker"]) == ["GDPR", "Unknown stock", "No API", "No money"]
    assert list(blockers["votes"]) == [3, 3, 1, 0]
    assert blockers.set_index("blocker").loc["No API", "touchpoint"] == "Web shop"
    assert blockers.set_index("blocker").loc["No money", "touchpoint"] == ""  # its touchpoint is gone
    assert blockers.set_index("blocker").loc["GDPR", "stage"] == "attention"


def test_blockers_by_category_and_owner(small):
    by_category = aida.blockers_by_category(small)
    assert list(by_category["category"]) == list(aida.BLOCKER_CATEGORIES)
    assert list(by_category["blockers"]) == [1, 1, 1, 1, 0]
    assert list(by_category["with_action"]) == [1, 0, 1, 1, 0]
    assert list(by_category["without_action"]) == [0, 1, 0, 0, 0]
    by_owner = aida.blockers_by_owner(small)
    assert list(by_owner["owner"]) == ["Eva", "Bram", "(nobody)"]  # "Eva" and " eva " are one owner
    assert list(by_owner["blockers"]) == [2, 1, 1]
    assert list(by_owner["without_action"]) == [1, 0, 0]
    assert list(by_owner["has_owner"]) == [True, True, False]


def test_gadd_gaps_find_missing_steps_and_empty_owners(small):
    gaps = aida.gadd_gaps(small)
    assert list(zip(gaps["step"], gaps["gap"], strict=True)) == [
        ("analyze", "missing_step"),
        ("distribute", "no_owner"),
        ("deliver", "no_owner"),
    ]
    assert gaps["activity"].iloc[1] == "Share insights"
    assert list(aida.gadd_table(small)["step"]) == ["gather", "distribute", "deliver"]


# ---------------------------------------------------------------- building on a DNA session


def test_kpis_from_dna_start_the_journey_kpis():
    channels = [("website", "Website"), ("social", "Social media / webcare")]
    items = [
        (1, "values", "form", 1, {"value": "Fast service", "promise": "We answer within the hour"}),
        (2, "values", "form", 1, {"value": "Expert advice"}),
        (3, "values", "form", 1, {"value": "Honest"}),
        (
            4,
            "kpis",
            "form",
            1,
            {"value": "1", "channel": "social", "kpi": "Response time", "target": "< 1 hour", "owner": "service"},
        ),
        (
            5,
            "kpis",
            "form",
            1,
            {"value": "1", "channel": "website", "kpi": "Page load time", "target": "< 2 s", "owner": "it"},
        ),
        (
            6,
            "kpis",
            "form",
            1,
            {"value": "2", "channel": "website", "kpi": "Datasheet downloads", "target": "500", "owner": "Priya"},
        ),
        (7, "kpis", "form", 1, {"value": "77", "kpi": "Orphan KPI"}),
    ]
    dna = make_snapshot([(1, "marketing")], items, workshop_id="brainstorm", lists={"channels": channels})
    rows = aida.kpis_from_dna(dna).values.tolist()
    assert rows == [
        ["Fast service", "Social media / webcare", "Response time", "< 1 hour", "Customer service"],
        ["Fast service", "Website", "Page load time", "< 2 s", "IT"],
        ["Expert advice", "Website", "Datasheet downloads", "500", "Priya"],
        ["Honest", "", "", "", ""],
        ["", "", "Orphan KPI", "", ""],
    ]
    assert aida.kpis_from_dna(dna, "nl")["owner"].iloc[0] == "Klantenservice"


def test_kpis_from_an_empty_dna_session():
    dna = make_snapshot([], [], workshop_id="brainstorm", lists={})
    assert list(aida.kpis_from_dna(dna).columns) == aida.DNA_KPI_COLUMNS
    assert aida.kpis_from_dna(dna).empty


# ---------------------------------------------------------------- empty and one-person sessions


def test_empty_session(empty):
    assert aida.journey_table(empty).empty
    assert list(aida.journey_table(empty).columns) == aida.JOURNEY_COLUMNS
    matrix = aida.readiness_by_stage_and_owner(empty)
    assert list(matrix.index) == list(aida.STAGES) and matrix.shape[1] == 0
    curve = aida.emotion_curve(empty)
    assert len(curve) == 5 and curve["emotion"].isna().all()
    assert aida.weakest_touchpoints(empty).empty
    assert aida.readiness_divergence(empty).empty and aida.readiness_divergence(empty, by="stage").empty
    assert aida.blocker_list(empty).empty
    assert list(aida.blockers_by_category(empty)["blockers"]) == [0, 0, 0, 0, 0]
    assert aida.blockers_by_owner(empty).empty
    assert list(aida.gadd_gaps(empty)["gap"]) == ["missing_step"] * 4
    for lang in ("nl", "en"):
        sections = aida.report_sections(empty, lang)
        assert len(sections) == 6
        assert all(isinstance(s, ReportSection) and s.figure is None for s in sections)
    assert aida.report_sections(empty, "nl")[0].takeaway == "Er zijn nog geen contactpunten ingevoerd."


def test_one_person_session(one_person):
    journey = aida.journey_table(one_person)
    assert journey["stage_label"].tolist() == ["Verlangen"]
    assert journey["readiness"].iloc[0] == 2.0 and journey["emotion"].iloc[0] == -1.0
    assert aida.readiness_by_stage_and_owner(one_person).loc["desire", "it"] == 2.0
    assert aida.emotion_curve(one_person)["emotion"].iloc[2] == -1.0
    assert aida.weakest_touchpoints(one_person)["score"].tolist() == [12.0]  # 4 x (5 - 2)
    assert aida.readiness_divergence(one_person).empty  # nobody from marketing
    assert aida.blockers_by_owner(one_person)["owner"].tolist() == ["(niemand)"]
    sections = aida.report_sections(one_person, "en")
    blockers = next(s for s in sections if s.title == "Blockers and actions")
    assert blockers.actions == ("Find an action and an owner for the blocker 'Form mails a shared inbox'.",)


# ---------------------------------------------------------------- the example, computed by hand


@pytest.fixture(scope="module")
def example():
    return load_example("aida-manufacturer")


def test_example_readiness_and_weakest(example):
    journey = aida.journey_table(example).set_index("touchpoint")
    assert journey.loc["Bestellen op rekening", "readiness"] == pytest.approx(1.6)  # (2+2+2+1+1) / 5
    assert journey.loc["Offerteaanvraag via het webformulier", "readiness"] == pytest.approx(2.0)  # 12 / 6
    matrix = aida.readiness_by_stage_and_owner(example)
    assert matrix.loc["attention", "marketing"] == pytest.approx(3.5)  # (3.75 + 3.25) / 2
    assert matrix.loc["action", "other"] == pytest.approx(1.6)
    assert matrix.loc["retention", "marketing"] == pytest.approx(3.25)
    weakest = aida.weakest_touchpoints(example)
    # 4 x 3.4 = 13.6; 5 x 2.6 = 13; 5 x 2.4 = 12 and 4 x 3 = 12 (importance decides); 5 x 2.2 = 11
    assert list(weakest["touchpoint"]) == [
        "Bestellen op rekening",
        "Adviesgesprek met de buitendienst",
        "Storing melden bij de klantenservice",
        "Offerteaanvraag via het webformulier",
        "Productselector op de website",
    ]
    assert list(weakest["score"]) == pytest.approx([13.6, 13.0, 12.0, 12.0, 11.0])


def test_example_marketing_and_it_disagree(example):
    divergence = aida.readiness_divergence(example)
    assert list(divergence["touchpoint"]) == [
        "Productselector op de website",
        "Offerteaanvraag via het webformulier",
        "Onderhoudsherinnering per e-mail",
    ]
    assert list(divergence["difference"]) == pytest.approx([-2.0, -1.5, 1.5])


def test_example_emotion_blockers_and_gadd(example):
    curve = aida.emotion_curve(example)
    assert list(curve["emotion"]) == pytest.approx([7 / 12, -1 / 8, -1 / 12, -5 / 6, 0.0])
    assert curve["low_point"].iloc[3] == "Bestellen op rekening"
    assert list(aida.blockers_by_category(example)["blockers"]) == [2, 1, 1, 2, 1]
    assert aida.blocker_list(example)["votes"].tolist() == [4, 4, 3, 3, 3, 2, 2]
    gaps = aida.gadd_gaps(example)
    assert list(zip(gaps["step"], gaps["gap"], strict=True)) == [("distribute", "no_owner")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_example_report_sections(example, lang):
    sections = aida.report_sections(example, lang)
    assert len(sections) == 6
    titles = [s.title for s in sections]
    assert titles[0] == ("De klantreis in kaart" if lang == "nl" else "The customer journey map")
    assert all(s.takeaway for s in sections)
    journey_table = next(iter(sections[0].tables.values()))
    assert ("Contactpunt" if lang == "nl" else "Touchpoint") in journey_table.columns
    assert len(journey_table) == 11
    blockers = sections[4]
    assert len(blockers.actions) == 7
    assert "Bestellen op rekening" in sections[1].takeaway  # the emotional low point
    gadd = sections[5]
    assert len(gadd.actions) == 1 and "Inzichten uit storingen" in gadd.actions[0]
    assert [s.figure is not None for s in sections] == [True, True, True, False, True, False]
