"""The service-maturity analysis, checked against figures worked out by hand: the ladder by role,
the blended index with weights and targets, the lag of revenue, lead spotting against the key."""
from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from toolkit.core.examples import load_example
from toolkit.core.tables import Table
from toolkit.methods import service_maturity as sm
from toolkit.testing import drawn_texts, snapshot_from

PEOPLE = [(1, "Ann", "marketing"), (2, "Bo", "marketing"), (3, "Cas", "service")]


def rating(cid, pid, row, score):
    return (cid, "maturity", "rating", pid, {"row": row, "column": None, "dimension": "score", "score": score})


def test_ladder_by_role_hand_computed():
    # Ann: step 1 (4, 5) = 4.5, step 2 (3) = 3; Bo: step 1 (4) = 4, step 2 (4) = 4 -> marketing s1 4.25, s2 3.5
    # Cas: step 1 (2) = 2, step 2 (5) = 5 -> service s1 2, s2 5
    contributions = [
        rating(1, 1, "s1-team", 4), rating(2, 1, "s1-kpis", 5), rating(3, 1, "s2-tone", 3),
        rating(4, 2, "s1-team", 4), rating(5, 2, "s2-tone", 4),
        rating(6, 3, "s1-team", 2), rating(7, 3, "s2-tone", 5),
    ]
    profile = sm.maturity_profile(snapshot_from(sm.WORKSHOP_ID, PEOPLE, contributions))
    means = {(r, s): m for r, s, m in zip(profile.by_role["role"], profile.by_role["step"], profile.by_role["mean"],
                                            strict=True)}
    assert means == {("marketing", "s1"): 4.25, ("marketing", "s2"): 3.5, ("service", "s1"): 2.0,
                     ("service", "s2"): 5.0}
    # marketing reaches step 1 and 2 (3.5 counts); service misses step 1, so step 2 does not count either
    assert profile.levels["marketing"] == 2
    assert profile.levels["service"] == 0
    # everyone: s1 mean of (4.5, 4, 2) = 3.5 -> reached; s2 mean of (3, 4, 5) = 4 -> reached
    assert profile.levels["all"] == 2
    top = profile.divergence.iloc[0]
    assert (top["step"], top["low_role"], top["high_role"], top["gap"]) == ("s1", "service", "marketing", 2.25)
    assert profile.raters == 3


def test_step_of_added_statement_reads_its_label():
    assert sm.step_of("s3-spot") == "s3"
    assert sm.step_of("custom-0", "4 · Een eigen community-app") == "s4"
    assert sm.step_of("custom-1", "Iets anders") is None


def test_ladder_level_needs_every_step_below():
    assert sm.ladder_level({"s1": 4, "s2": 2, "s3": 5, "s4": 5}) == 1
    assert sm.ladder_level({"s1": 3.49}) == 0
    assert sm.ladder_level({"s1": 4, "s2": 4, "s3": 4, "s4": 3.5}) == 4


def scorecard_snapshot():
    forms = [
        (1, "scorecard", "form", 1, {"kpi": "csat", "weight": 4, "target": 8}),
        (2, "scorecard", "form", 2, {"kpi": "csat", "weight": 2, "target": 7}),
        (3, "scorecard", "form", 3, {"kpi": "csat", "weight": 5, "target": 9}),
        (4, "scorecard", "form", 1, {"kpi": "response_time", "weight": 2, "target": 30}),
        (5, "scorecard", "form", 3, {"kpi": "response_time", "weight": 2, "target": 30}),
        (6, "scorecard", "form", 2, {"kpi": "likes", "weight": 5, "target": 100}),  # one person only: left out
    ]
    return snapshot_from(sm.WORKSHOP_ID, PEOPLE, forms)


def test_scorecard_takes_medians_and_needs_two_people():
    card = sm.scorecard(scorecard_snapshot())
    assert list(card["kpi"]) == ["csat", "response_time"]
    csat = card.iloc[0]
    assert (csat["picks"], csat["weight"], csat["target"]) == (3, 4.0, 8.0)
    assert bool(card.iloc[1]["lower_is_better"]) is True


def test_blended_index_hand_computed():
    card = sm.scorecard(scorecard_snapshot())  # csat weight 4 target 8; response time weight 2 target 30 (lower)
    figures = pd.DataFrame({"csat": [6.0, 8.0, 10.0, math.nan], "response_time": [60.0, 30.0, 15.0, 20.0]},
                           index=["2024-01", "2024-02", "2024-03", "2024-04"])
    blend = sm.blended_index(figures, card)
    # Jan: csat 6/8 = 75, response 30/60 = 50 -> (4*75 + 2*50) / 6 = 66.67
    # Feb: 100 and 100 -> 100. Mar: csat 10/8 = 125, response 30/15 = 2 capped at 1.5 -> 150
    #      -> (4*125 + 2*150) / 6 = 133.33. Apr: no csat -> response only, 30/20 = 150.
    assert blend.index.round(2).tolist() == [66.67, 100.0, 133.33, 150.0]
    assert blend.components.loc["2024-03", "response_time"] == 150.0
    assert blend.weights == {"csat": 4.0, "response_time": 2.0}


def test_attainment():
    assert sm.attainment(5, 10) == 0.5
    assert sm.attainment(40, 20, lower_is_better=True) == 0.5
    assert sm.attainment(30, 10) == sm.ATTAINMENT_CAP
    assert math.isnan(sm.attainment(math.nan, 10))


def test_lag_finds_revenue_two_months_behind():
    csat = [7.0, 7.1, 7.6, 8.0, 7.8, 8.3, 8.1, 8.6]
    revenue = [100, 100] + [c * 10 + 5 for c in csat[:-2]]  # revenue = csat two months earlier
    figures = pd.DataFrame({"csat": csat, "revenue": revenue}, index=[f"2024-{m:02d}" for m in range(1, 9)])
    lag, corr = sm.service_revenue_lag(figures)
    assert lag == 2
    assert corr == pytest.approx(1.0)


def test_lag_needs_both_columns():
    assert sm.service_revenue_lag(pd.DataFrame({"csat": [1.0, 2.0, 3.0, 4.0]})) == (None, None)


def leads_snapshot():
    forms = [
        (1, "leads", "form", 1, {"message": "m1", "label": "lead", "reply": "Ik stuur je de opties"}),
        (2, "leads", "form", 1, {"message": "m2", "label": "complaint"}),
        (3, "leads", "form", 3, {"message": "m1", "label": "question"}),
        (4, "leads", "form", 3, {"message": "m6", "label": "question"}),
        (5, "leads", "form", 3, {"message": "m6", "label": "lead"}),  # Cas changed their mind: the latest counts
        (6, "leads", "form", 2, {"message": "m7", "label": "praise"}),
    ]
    return snapshot_from(sm.WORKSHOP_ID, PEOPLE, forms)


def test_lead_results_hand_computed():
    results = sm.lead_results(leads_snapshot())
    by_role = results.by_role.set_index("role")
    # marketing: Ann m1 lead (right), m2 complaint (right), Bo m7 praise (wrong: nothing) -> 2 of 3
    assert by_role.loc["marketing", "correct"] == 2
    assert by_role.loc["marketing", "answered"] == 3
    # service: Cas m1 question (wrong), m6 lead (right) -> 1 of 2, one of two leads recognised
    assert by_role.loc["service", "accuracy"] == 0.5
    assert by_role.loc["service", "lead_share"] == 0.5
    # all: 3 answers on lead messages (Ann m1, Cas m1, Cas m6), 2 called a lead
    assert results.lead_share == pytest.approx(2 / 3)
    assert results.confusion.loc["lead", "question"] == 1
    assert results.confusion.loc["nothing", "praise"] == 1
    assert int(results.confusion.to_numpy().sum()) == 5


def test_loaded_messages_bring_their_own_key():
    lists = {"messages": [("custom-0", "Wat kost glasvezel bij jullie?"), ("custom-1", "Storing in Zwolle?")],
             "kpis": [], "indicators": []}
    snap = snapshot_from(sm.WORKSHOP_ID, PEOPLE, [
        (1, "leads", "form", 1, {"message": "custom-0", "label": "lead"}),
        (2, "leads", "form", 3, {"message": "custom-1", "label": "lead"}),
    ], lists=lists)
    table = Table("own.csv", ("bericht", "sleutel"), (("Wat kost glasvezel bij jullie?", "lead"),
                                                      ("Storing in Zwolle?", "vraag")))
    snap = dataclasses.replace(snap, tables={sm.MESSAGES_TABLE: table.to_dict()})
    assert sm.answer_key(snap) == {"custom-0": "lead", "custom-1": "question"}
    assert sm.lead_results(snap).by_role.set_index("role").loc["all", "correct"] == 1


@pytest.mark.parametrize(("name", "lang"), [("service-telecom", "nl"), ("service-telecom-en", "en")])
def test_example_report_sections(name, lang):
    sections = sm.report_sections(load_example(name), lang)
    assert len(sections) == 4
    ladder, index, leads, agreements = sections
    assert all(s.figure is not None for s in (ladder, index, leads))
    assert "2%" in leads.takeaway
    assert "2" in index.takeaway and ("maanden" in index.takeaway or "months" in index.takeaway)
    assert agreements.actions
    texts = " ".join(drawn_texts(index.figure()))
    assert ("Gemengde index" if lang == "nl" else "Blended index") in texts
    assert ("2% (onderzoek)" if lang == "nl" else "2% (study)") in drawn_texts(leads.figure())


def test_empty_session_sections_say_so():
    sections = sm.report_sections(snapshot_from(sm.WORKSHOP_ID, PEOPLE), "en")
    assert [s.figure for s in sections] == [None, None, None, None]
    assert "Nobody" in sections[0].takeaway


def test_participant_text_is_drawn_as_written():
    lists = {"messages": [("m1", "Price $5 or $10?")], "kpis": [], "indicators": []}
    snap = snapshot_from(sm.WORKSHOP_ID, [(1, None, "marketing")],
                         [(1, "leads", "form", 1, {"message": "m1", "label": "lead"})], lists=lists)
    from toolkit.charts.service_maturity import leads_chart

    assert "Leads recognised" in drawn_texts(leads_chart(sm.lead_results(snap), "en"))
