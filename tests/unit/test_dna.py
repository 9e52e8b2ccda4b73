"""Tests of the DNA mapping analysis (toolkit.methods.dna) on hand-built sessions and the insurer example."""
from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from toolkit.core.examples import load_example
from toolkit.core.snapshot import Snapshot
from toolkit.methods import dna
from toolkit.testing import snapshot_from

CHANNELS_NL = [
    ("website", "Website"), ("social", "Social media / webcare"), ("phone", "Telefonische helpdesk"),
    ("shop", "Winkel / buitendienst"), ("sales", "Verkoop"), ("hr", "HR"), ("finance", "Financiën"),
    ("purchasing", "Inkoop"),
]


def make_snapshot(people, contributions, votes=(), lists=None, language="nl") -> Snapshot:
    """A DNA mapping snapshot from plain tuples.

    people: (participant_id, name, role); contributions: (id, phase, kind, participant_id, payload);
    votes: (participant_id, contribution_id, points).
    """
    return snapshot_from("dna-mapping", people, contributions, votes, language=language, organisation="Testbedrijf",
                         lists={"channels": list(CHANNELS_NL)} if lists is None else lists)


def rating(cid, pid, value_id, channel, dimension, score):
    payload = {"row": str(value_id), "column": channel, "dimension": dimension, "score": score}
    return (cid, "alignment", "rating", pid, payload)


PEOPLE = [(1, "Ann", "marketing"), (2, "Bo", "service"), (3, "Cas", "it"), (4, "Dee", "service")]


@pytest.fixture
def tiny() -> Snapshot:
    """Four people, three values, a handful of scores, a cascade with every kind of break."""
    c = [
        (1, "values", "form", 1, {"value": "Snel", "promise": "Binnen een dag antwoord"}),
        (2, "values", "form", 2, {"value": "Helder", "promise": "Gewone taal"}),
        (3, "values", "form", 3, {"value": "Persoonlijk", "promise": ""}),
        (4, "purpose", "note", 1, {"text": "Wij maken verzekeren eenvoudig.", "prompt": "purpose"}),
        # Snel x social: Ann 5/5, Bo 5/1, Cas 4/3, Dee 5/3
        rating(100, 1, 1, "social", "promise", 5), rating(101, 1, 1, "social", "practice", 5),
        rating(102, 2, 1, "social", "promise", 5), rating(103, 2, 1, "social", "practice", 1),
        rating(104, 3, 1, "social", "promise", 4), rating(105, 3, 1, "social", "practice", 3),
        rating(106, 4, 1, "social", "promise", 5), rating(107, 4, 1, "social", "practice", 3),
        # Snel x phone: Ann promise 4 and practice 2 AND 4 (scored twice), Bo 5/2
        rating(110, 1, 1, "phone", "promise", 4), rating(111, 1, 1, "phone", "practice", 2),
        rating(112, 1, 1, "phone", "practice", 4),
        rating(113, 2, 1, "phone", "promise", 5), rating(114, 2, 1, "phone", "practice", 2),
        # Helder x website: three people 3/4 (practice beats the promise)
        rating(120, 1, 2, "website", "promise", 3), rating(121, 1, 2, "website", "practice", 4),
        rating(122, 2, 2, "website", "promise", 3), rating(123, 2, 2, "website", "practice", 4),
        rating(124, 3, 2, "website", "promise", 3), rating(125, 3, 2, "website", "practice", 4),
        # Helder x social: only a promise score
        rating(130, 2, 2, "social", "promise", 4),
        # a score for a value that was deleted (99)
        rating(140, 1, 99, "social", "promise", 1), rating(141, 1, 99, "social", "practice", 5),
        # cascade
        (10, "cascade", "form", 1, {"level": "organisation", "text": "O1 tevreden klanten"}),
        (11, "cascade", "form", 1, {"level": "marketing", "text": "M1 merkvoorkeur", "parent": "10"}),
        (12, "cascade", "form", 1, {"level": "communication", "text": "C1 snelheid tonen", "parent": "11"}),
        (13, "cascade", "form", 2, {"level": "action", "text": "A1 webcare binnen 1 uur", "parent": "12"}),
        (14, "cascade", "form", 1, {"level": "action", "text": "A2 beursstand"}),
        (15, "cascade", "form", 3, {"level": "action", "text": "A3 nieuwsbrief", "parent": "999"}),
        (16, "cascade", "form", 1, {"level": "communication", "text": "C2 losse strategie", "parent": None}),
        (17, "cascade", "form", 2, {"level": "action", "text": "A4 onder C2", "parent": "16"}),
        (18, "cascade", "form", 3, {"level": "organisation", "text": "O2 duurzaam"}),
        (19, "cascade", "form", 3, {"level": "marketing", "text": "M2 groen imago", "parent": "18"}),
        (20, "cascade", "form", 1, {"level": "action", "text": "A5 kring", "parent": "21"}),
        (21, "cascade", "form", 1, {"level": "communication", "text": "C3 kring", "parent": "20"}),
        # evidence: Snel only contradicting, Helder supported, Persoonlijk none; one for the deleted value
        (40, "evidence", "form", 2,
         {"value": "1", "channel": "social", "evidence": "5 uur reactietijd", "supports": "no"}),
        (41, "evidence", "form", 1,
         {"value": "2", "channel": "website", "evidence": "B1-toets gehaald", "supports": "yes"}),
        (42, "evidence", "form", 1, {"value": "99", "channel": "website", "evidence": "weg", "supports": "yes"}),
        # KPI for Snel x social only
        (50, "kpis", "form", 2,
         {"value": "1", "channel": "social", "kpi": "Reactietijd", "target": "< 1 uur", "owner": "Bo"}),
        # gap notes
        (30, "gaps", "note", 2, {"text": "Weekend webcare.", "prompt": "gap"}),
        (31, "gaps", "note", 1, {"text": "KPI afspreken", "prompt": "action"}),
        (32, "gaps", "note", 3, {"text": "Jargon op de site", "prompt": "gap"}),
    ]
    votes = [(1, 30, 2), (2, 30, 1), (2, 31, 2), (3, 32, 0)]
    return make_snapshot(PEOPLE, c, votes)


@pytest.fixture
def empty() -> Snapshot:
    return make_snapshot([], [])


@pytest.fixture
def solo() -> Snapshot:
    """One person: one value, one channel scored, one orphan action."""
    c = [
        (1, "values", "form", 1, {"value": "Snel", "promise": "Snel antwoord"}),
        rating(2, 1, 1, "social", "promise", 5), rating(3, 1, 1, "social", "practice", 3),
        (4, "cascade", "form", 1, {"level": "action", "text": "Post over schade"}),
    ]
    return make_snapshot([(1, "Ann", "marketing")], c)


# ------------------------------------------------------------------------------------------------
# alignment matrix and ranked gaps
# ------------------------------------------------------------------------------------------------


def test_alignment_matrix_means_gap_and_raters(tiny):
    m = dna.alignment_matrix(tiny)
    cells = {(r.value, r.channel): r for r in m.itertuples()}
    # value order, then channel order of the list (social before phone); deleted value 99 left out
    assert list(zip(m["value"], m["channel"], strict=True)) == [
        ("Snel", "social"), ("Snel", "phone"), ("Helder", "website"), ("Helder", "social"),
    ]
    social = cells[("Snel", "social")]
    assert social.promise == pytest.approx((5 + 5 + 4 + 5) / 4)
    assert social.practice == pytest.approx((5 + 1 + 3 + 3) / 4)
    assert social.gap == pytest.approx(4.75 - 3.0)
    assert social.n_raters == 4
    # Ann scored phone practice twice (2 and 4): she counts once, with 3
    phone = cells[("Snel", "phone")]
    assert phone.promise == pytest.approx(4.5)
    assert phone.practice == pytest.approx((3 + 2) / 2)
    assert phone.gap == pytest.approx(2.0)
    assert phone.n_raters == 2
    assert cells[("Helder", "website")].gap == pytest.approx(-1.0)
    only_promise = cells[("Helder", "social")]
    assert only_promise.promise == 4 and math.isnan(only_promise.practice) and math.isnan(only_promise.gap)
    assert only_promise.n_raters == 1


def test_alignment_matrix_channel_labels_follow_language_unless_renamed(tiny):
    nl = dna.alignment_matrix(tiny)["channel_label"].tolist()
    en = dna.alignment_matrix(tiny, "en")["channel_label"].tolist()
    assert nl[:2] == ["Social media / webcare", "Telefonische helpdesk"]
    assert en[:2] == ["Social media / webcare", "Phone helpdesk"]
    same_input = tiny.contributions[["id", "phase", "kind", "participant_id", "payload"]].itertuples(index=False)
    renamed = make_snapshot(
        PEOPLE, list(same_input), lists={"channels": [("phone", "Klantcontact"), ("social", "Webcare-team")]}
    )
    m = dna.alignment_matrix(renamed, "en")
    # renamed items keep the facilitator's label; the list order now puts phone first
    assert m[m["value"] == "Snel"]["channel_label"].tolist() == ["Klantcontact", "Webcare-team"]
    # website is no longer in the list: it keeps its id as label and comes last
    assert m[m["value"] == "Helder"]["channel"].tolist() == ["social", "website"]


def test_ranked_gaps_by_size_with_agreeing_disciplines(tiny):
    g = dna.ranked_gaps(tiny, "en")
    assert g["rank"].tolist() == [1, 2]
    assert list(zip(g["value"], g["channel"], strict=True)) == [("Snel", "phone"), ("Snel", "social")]
    phone, social = g.iloc[0], g.iloc[1]
    assert phone["gap"] == pytest.approx(2.0)
    # phone: marketing 4 - 3 = 1 > 0, service 5 - 2 = 3 > 0
    assert phone["roles_agreeing"] == 2 and phone["roles_rated"] == 2
    # social: marketing 5 - 5 = 0 (does not agree), service 5 - 2 = 3, it 4 - 3 = 1
    assert social["roles_agreeing"] == 2 and social["roles_rated"] == 3
    assert social["agreeing_roles"] == ("it", "service")
    assert social["channel_label"] == "Social media / webcare"


def test_equal_gaps_are_ordered_by_agreement():
    people = [(1, "Ann", "marketing"), (2, "Bo", "service")]
    c = [
        (1, "values", "form", 1, {"value": "Snel"}),
        # website (first in the list): gap 2, only marketing sees it (5-1=4; service 5-5=0)
        rating(10, 1, 1, "website", "promise", 5), rating(11, 1, 1, "website", "practice", 1),
        rating(12, 2, 1, "website", "promise", 5), rating(13, 2, 1, "website", "practice", 5),
        # phone: gap 2 as well, both disciplines see it (5-3=2 each)
        rating(20, 1, 1, "phone", "promise", 5), rating(21, 1, 1, "phone", "practice", 3),
        rating(22, 2, 1, "phone", "promise", 5), rating(23, 2, 1, "phone", "practice", 3),
    ]
    g = dna.ranked_gaps(make_snapshot(people, c))
    assert g["channel"].tolist() == ["phone", "website"]
    assert g["roles_agreeing"].tolist() == [2, 1]


# ------------------------------------------------------------------------------------------------
# cascade
# ------------------------------------------------------------------------------------------------


def test_cascade_tree_levels_parents_and_depth(tiny):
    t = dna.cascade_tree(tiny).set_index("id")
    assert t.loc[13, "depth"] == 3 and bool(t.loc[13, "linked"])
    assert t.loc[12, "parent"] == 11 and bool(t.loc[12, "parent_found"])
    assert t.loc[10, "depth"] == 0 and t.loc[10, "parent"] is None
    assert t.loc[15, "parent"] == 999 and not t.loc[15, "parent_found"]
    assert t.loc[17, "depth"] == 1  # one step up to C2, which has no parent
    assert t["level"].tolist()[:4] == ["organisation", "marketing", "communication", "action"]


def test_orphan_actions_with_reasons(tiny):
    o = dna.orphan_actions(tiny)
    assert dict(zip(o["id"], o["reason"], strict=True)) == {
        14: "no_parent",        # A2 beursstand
        15: "parent_missing",   # its parent 999 was deleted
        16: "no_parent",        # C2, a strategy without an objective
        17: "chain_broken",     # A4 hangs under C2
        20: "cycle", 21: "cycle",
    }


def test_objectives_without_action(tiny):
    o = dna.objectives_without_action(tiny)
    # O1 reaches A1 through M1 and C1; O2 and its M2 have no action below them
    assert o["id"].tolist() == [18, 19]
    assert o["text"].tolist() == ["O2 duurzaam", "M2 groen imago"]


# ------------------------------------------------------------------------------------------------
# evidence, KPIs, disagreement, priorities
# ------------------------------------------------------------------------------------------------


def test_values_without_evidence_and_kpi(tiny):
    e = dna.values_without_evidence(tiny)
    # Snel has only contradicting evidence, Persoonlijk none; Helder is supported
    assert e["value"].tolist() == ["Snel", "Persoonlijk"]
    assert e["n_evidence"].tolist() == [1, 0]
    assert e["contradicting"].tolist() == [1, 0]
    assert dna.values_without_kpi(tiny)["value"].tolist() == ["Helder", "Persoonlijk"]
    assert dna.evidence_table(tiny)["value"].tolist() == ["Snel", "Helder"]  # the deleted value's evidence is gone


def test_disagreement_by_role(tiny):
    d = dna.disagreement_by_role(tiny, "nl")
    social = d[(d["value"] == "Snel") & (d["channel"] == "social")].set_index("role")
    assert social["mean_practice"].to_dict() == {"marketing": 5.0, "it": 3.0, "service": 2.0}
    assert social.loc["service", "std_practice"] == pytest.approx(1.0)  # Bo 1, Dee 3
    assert social.loc["service", "n"] == 2
    assert social.loc["service", "role_label"] == "Klantenservice"
    assert set(social["spread"]) == {3.0} and set(social["n_roles"]) == {3}
    # the largest spread comes first
    assert (d.iloc[0]["value"], d.iloc[0]["channel"]) == ("Snel", "social")
    phone = d[(d["value"] == "Snel") & (d["channel"] == "phone")]
    assert set(phone["spread"]) == {1.0}
    # Helder x social has no practice score at all
    assert d[(d["value"] == "Helder") & (d["channel"] == "social")].empty
    hot = dna.disagreement_hotspots(d)
    first = hot.iloc[0]
    assert (first["highest_role"], first["highest_score"], first["lowest_role"], first["lowest_score"]) == (
        "marketing", 5.0, "service", 2.0
    )
    assert hot["spread"].tolist() == [3.0, 1.0, 0.0]


def test_priorities_sum_dots(tiny):
    p = dna.priorities(tiny)
    assert p["id"].tolist() == [30, 31, 32]
    assert p["points"].tolist() == [3, 2, 0]
    assert p["voters"].tolist() == [2, 1, 0]


def test_next_actions_in_plain_language(tiny):
    actions = dna.next_actions(tiny, "en", limit=10)
    assert actions[0] == "Give the top priority an owner and a date: “Weekend webcare” (3 dots)."
    assert actions[1].startswith("Close the gap on “Snel” in Phone helpdesk: practice (2.5) falls 2.0 points short")
    assert actions[1].endswith("Also agree a measurable KPI with a target for it.")  # no KPI for Snel x phone
    assert (
        "Link these 6 unlinked items to an objective or stop them: “A2 beursstand”, “A3 nieuwsbrief”, "
        "“C2 losse strategie” and 3 more."
    ) in actions
    assert dna.next_actions(tiny, "en", limit=2) == actions[:2]
    nl = dna.next_actions(tiny, "nl", limit=10)
    assert nl[0] == "Geef de hoogste prioriteit een eigenaar en een datum: “Weekend webcare” (3 stippen)."
    assert "praktijk (2,5)" in nl[1]


# ------------------------------------------------------------------------------------------------
# the insurer example, computed by hand from workshops/examples/dna-insurer.yaml
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def insurer() -> Snapshot:
    return load_example("dna-insurer")


def test_example_top_gaps(insurer):
    # scores in participant order p1..p8 (marketing, marketing, service, service, it, specialist, sales, management)
    phone_promise, phone_practice = [5, 4, 5, 5, 4, 4, 5, 5], [3, 3, 2, 1, 3, 2, 2, 2]
    social_promise, social_practice = [5, 5, 5, 5, 4, 5, 5, 5], [5, 5, 1, 2, 3, 2, 3, 3]
    web_promise, web_practice = [5, 5, 4, 5, 4, 4, 5, 5], [3, 3, 3, 3, 2, 3, 3, 3]
    assert (sum(phone_promise), sum(phone_practice)) == (37, 18)
    g = dna.ranked_gaps(insurer, "en")
    top = g.head(3)
    assert list(zip(top["value"], top["channel_label"], strict=True)) == [
        ("Snel", "Phone helpdesk"), ("Snel", "Social media / webcare"), ("Snel", "Website"),
    ]
    assert top["gap"].tolist() == pytest.approx([(37 - 18) / 8, (39 - 24) / 8, (37 - 23) / 8])
    promises = [sum(phone_promise) / 8, sum(social_promise) / 8, sum(web_promise) / 8]
    practices = [sum(phone_practice) / 8, sum(social_practice) / 8, sum(web_practice) / 8]
    assert top["promise"].tolist() == pytest.approx(promises)
    assert top["practice"].tolist() == pytest.approx(practices)
    assert top["n_raters"].tolist() == [8, 8, 8]
    # marketing scores webcare practice 5 and 5 against a promise of 5 and 5: it does not see a gap
    assert top["roles_agreeing"].tolist() == [6, 5, 6]
    assert "marketing" not in top.iloc[1]["agreeing_roles"]
    # then Betrouwbaar x Verkoop: promise 7 x 5, practice 3+4+3+4+4+3+3 = 24 over 7 raters
    assert (g.iloc[3]["value"], g.iloc[3]["channel"]) == ("Betrouwbaar", "sales")
    assert g.iloc[3]["gap"] == pytest.approx(5 - 24 / 7)


def test_example_matrix_shape(insurer):
    m = dna.alignment_matrix(insurer)
    assert m["value"].unique().tolist() == ["Snel", "Helder", "Persoonlijk", "Betrouwbaar"]
    assert len(m) == 4 * 5 + 1  # five channels per value, plus Betrouwbaar x Financiën
    finance = m[m["channel"] == "finance"].iloc[0]
    assert (finance["value"], finance["n_raters"]) == ("Betrouwbaar", 2)
    assert finance["gap"] == pytest.approx((5 + 4) / 2 - 4)
    helder_sales = m[(m["value"] == "Helder") & (m["channel"] == "sales")].iloc[0]
    assert helder_sales["gap"] == pytest.approx(4 - (2 + 3 + 2 + 3 + 2 + 3 + 3) / 7)


def test_example_cascade(insurer):
    o = dna.orphan_actions(insurer)
    assert o["text"].tolist() == ["Instagram-reeks 'Zo werkt een inbraakclaim'", "Stand op de woonbeurs met prijsvraag"]
    assert o["level"].tolist() == ["action", "action"]
    assert o["reason"].tolist() == ["no_parent", "no_parent"]
    assert dna.objectives_without_action(insurer)["text"].tolist() == [
        "Duurzaam herstel: bij elke woningschade een groene herstelpartner"
    ]
    tree = dna.cascade_tree(insurer)
    assert len(tree) == 13
    counts = tree["level"].value_counts().to_dict()
    assert counts == {"organisation": 3, "marketing": 2, "communication": 3, "action": 5}
    assert sorted(tree.loc[tree["level"] == "action", "depth"]) == [0, 0, 3, 3, 3]


def test_example_proof_disagreement_and_votes(insurer):
    assert dna.values_without_evidence(insurer)["value"].tolist() == ["Persoonlijk"]
    assert dna.values_without_kpi(insurer)["value"].tolist() == ["Persoonlijk", "Betrouwbaar"]
    kpis = dna.kpi_table(insurer, "en")
    assert set(zip(kpis["value"], kpis["channel"], kpis["target"], strict=True)) >= {
        ("Snel", "social", "< 1 uur, 7 dagen per week"), ("Snel", "phone", "80% binnen 30 seconden"),
        ("Snel", "website", "< 2 seconden"),
    }
    hot = dna.disagreement_hotspots(dna.disagreement_by_role(insurer, "en"))
    first = hot.iloc[0]
    # webcare practice: marketing (5+5)/2 = 5, customer service (1+2)/2 = 1.5
    assert (first["value"], first["channel"]) == ("Snel", "social")
    assert (first["highest_role"], first["highest_score"]) == ("marketing", 5.0)
    assert (first["lowest_role"], first["lowest_score"]) == ("service", 1.5)
    assert first["spread"] == pytest.approx(3.5)
    p = dna.priorities(insurer)
    # g1 weekend webcare: 1 + 2 + 2 + 1 + 1 + 1 dots
    assert p.iloc[0]["points"] == 8 and p.iloc[0]["voters"] == 6
    assert p.iloc[0]["text"].startswith("In het weekend is webcare onbemand")
    assert p["points"].sum() == 8 * 3  # eight people, three dots each


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_example_report_sections(insurer, lang):
    sections = dna.report_sections(insurer, lang)
    assert len(sections) == 8
    assert all(s.title and s.takeaway for s in sections)
    assert sum(s.figure is not None for s in sections) == 3
    alignment = sections[1]
    assert ("Telefonische helpdesk" if lang == "nl" else "Phone helpdesk") in alignment.takeaway
    assert ("gat 2,4" if lang == "nl" else "gap 2.4") in alignment.takeaway
    matrix_table = next(iter(alignment.tables.values()))
    assert list(matrix_table.columns)[:2] == (["Waarde", "Kanaal"] if lang == "nl" else ["Value", "Channel"])
    assert 1 <= len(sections[-1].actions) <= 5
    for section in sections:
        for caption, table in section.tables.items():
            assert caption and isinstance(table, pd.DataFrame)
            assert not any(c in table.columns for c in ("value_id", "channel", "role"))


# ------------------------------------------------------------------------------------------------
# empty and one-person sessions
# ------------------------------------------------------------------------------------------------


def test_empty_session(empty):
    assert dna.alignment_matrix(empty).empty and list(dna.alignment_matrix(empty).columns) == dna.MATRIX_COLUMNS
    assert dna.ranked_gaps(empty).empty
    assert dna.cascade_tree(empty).empty and list(dna.cascade_tree(empty).columns) == dna.TREE_COLUMNS
    assert dna.orphan_actions(empty).empty and dna.objectives_without_action(empty).empty
    assert dna.values_without_evidence(empty).empty and dna.values_without_kpi(empty).empty
    assert dna.disagreement_by_role(empty).empty and dna.disagreement_hotspots(dna.disagreement_by_role(empty)).empty
    assert dna.priorities(empty).empty
    assert dna.next_actions(empty, "en") == [
        "Start by writing down the purpose together in one or two sentences.",
        "Choose 3 to 5 DNA values and write down what each one promises the customer.",
    ]
    for lang in ("nl", "en"):
        sections = dna.report_sections(empty, lang)
        assert len(sections) == 8 and all(s.takeaway for s in sections)


def test_values_but_no_scores(solo):
    only_values = make_snapshot([(1, "Ann", "marketing")], [(1, "values", "form", 1, {"value": "Snel"})])
    assert dna.alignment_matrix(only_values).empty
    assert dna.values_without_kpi(only_values)["value"].tolist() == ["Snel"]
    hint = "Let every discipline score promise and practice for each value and channel."
    assert hint in dna.next_actions(only_values, "en")


def test_one_person_session(solo):
    m = dna.alignment_matrix(solo)
    assert m[["promise", "practice", "gap", "n_raters"]].iloc[0].tolist() == [5.0, 3.0, 2.0, 1]
    g = dna.ranked_gaps(solo)
    assert (g.iloc[0]["roles_agreeing"], g.iloc[0]["roles_rated"]) == (1, 1)
    d = dna.disagreement_by_role(solo)
    assert len(d) == 1 and math.isnan(d.iloc[0]["spread"]) and d.iloc[0]["std_practice"] == 0
    assert dna.disagreement_hotspots(d).empty
    assert dna.orphan_actions(solo)["text"].tolist() == ["Post over schade"]
    for lang in ("nl", "en"):
        assert len(dna.report_sections(solo, lang)) == 8
        assert dna.next_actions(solo, lang)


def test_methods_module_does_not_import_matplotlib():
    code = "import sys, toolkit.methods.dna; assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))


def test_every_string_exists_in_both_languages():
    for catalogue in (dna._TEXT, dna._HEADERS, dna.LEVEL_LABELS):
        for key, entry in catalogue.items():
            assert set(entry) == {"nl", "en"}, key
            assert entry["nl"].strip() and entry["en"].strip(), key


# ------------------------------------------------------------------------------------------------
# the report computes each analysis once per snapshot
# ------------------------------------------------------------------------------------------------


def test_shared_analyses_give_the_same_frames(tiny):
    alone = {
        "matrix": dna.alignment_matrix(tiny, "en"), "gaps": dna.ranked_gaps(tiny, "en"),
        "disagreement": dna.disagreement_by_role(tiny, "en"), "kpis": dna.kpi_table(tiny, "en"),
        "tree": dna.cascade_tree(tiny), "priorities": dna.priorities(tiny),
    }
    actions = dna.next_actions(tiny, "en")
    with dna._sharing(tiny):
        for _ in range(2):  # the second time from what the first computed
            pd.testing.assert_frame_equal(dna.alignment_matrix(tiny, "en"), alone["matrix"])
            pd.testing.assert_frame_equal(dna.ranked_gaps(tiny, "en"), alone["gaps"])
            pd.testing.assert_frame_equal(dna.disagreement_by_role(tiny, "en"), alone["disagreement"])
            pd.testing.assert_frame_equal(dna.kpi_table(tiny, "en"), alone["kpis"])
            pd.testing.assert_frame_equal(dna.cascade_tree(tiny), alone["tree"])
            pd.testing.assert_frame_equal(dna.priorities(tiny), alone["priorities"])
        assert dna.next_actions(tiny, "en") == actions
        # a caller that changes a shared frame changes only its own copy
        mine = dna.alignment_matrix(tiny, "en")
        mine["gap"] = 0.0
        mine.loc[0, "value"] = "changed"
        pd.testing.assert_frame_equal(dna.alignment_matrix(tiny, "en"), alone["matrix"])


def test_shared_analyses_follow_the_snapshot(tiny):
    """A changed session is a new snapshot: nothing computed for the old one is reused for it."""
    more = make_snapshot(PEOPLE, [
        (1, "values", "form", 1, {"value": "Snel", "promise": "Binnen een dag antwoord"}),
        rating(100, 1, 1, "social", "promise", 5), rating(101, 1, 1, "social", "practice", 1),
    ])
    with dna._sharing(tiny):
        assert len(dna.alignment_matrix(tiny)) == 4
        assert dna.alignment_matrix(more)["gap"].tolist() == [4.0]
    with dna._sharing(more):
        assert dna.alignment_matrix(more)["gap"].tolist() == [4.0]
    assert dna._SHARED.get() is None  # nothing is kept after the report


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_sections_as_before_sharing(insurer, lang):
    """The report's sections equal those built from analyses computed one by one."""
    shared = dna.report_sections(insurer, lang)
    separate = dna._report_sections(insurer, lang)
    assert [(s.title, s.takeaway, s.actions) for s in shared] == [(s.title, s.takeaway, s.actions) for s in separate]
    for a, b in zip(shared, separate, strict=True):
        assert list(a.tables) == list(b.tables)
        for caption in a.tables:
            pd.testing.assert_frame_equal(a.tables[caption], b.tables[caption])
