"""The analysis of the content alignment method, checked against figures worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit.core import sessions as core
from toolkit.core.errors import NotFoundError
from toolkit.core.examples import example_for, load_example, seed_session
from toolkit.core.store import Store
from toolkit.methods import content_alignment as ca
from toolkit.methods.persona import Persona
from toolkit.testing import snapshot_from

PEOPLE = [(1, "Mia", "marketing"), (2, "Sem", "specialist"), (3, "Lex", "specialist"), (4, "Noa", "service")]


def depth(cid: int, pid: int, stage: str, score: int):
    return (cid, "depth", "rating", pid, {"row": stage, "column": None, "dimension": "depth", "score": score})


@pytest.fixture(scope="module")
def filtration():
    return load_example("content-filtration")


@pytest.fixture(scope="module")
def filtration_en():
    return load_example("content-filtration-en")


@pytest.fixture()
def small():
    """Interest scored 1 by marketing, 4 and 5 by the specialists, 2 by service; one draft of three
    paragraphs with style, fact and audience remarks."""
    body = "Fast and clean.\n\nThe membrane lasts 10 years in any water.\n\nAsk for a trial."
    return snapshot_from("content-alignment", PEOPLE, [
        depth(1, 1, "interest", 1), depth(2, 2, "interest", 4), depth(3, 3, "interest", 5), depth(4, 4, "interest", 2),
        depth(5, 1, "action", 4), depth(6, 2, "action", 4),
        (10, "inventory", "form", 2, {"title": "Lab report", "kind": "lab-report", "stage": "interest", "depth": 5,
                                      "owner": "Sem", "rounds": 4}),
        (11, "inventory", "form", 1, {"title": "Web page", "kind": "web-copy", "stage": "interest", "depth": 3,
                                      "rounds": 6}),
        (12, "inventory", "form", 1, {"title": "Old web page", "kind": "web-copy", "stage": "interest", "depth": 2,
                                      "owner": "Mia", "rounds": 3}),
        (20, "draft", "form", 1, {"title": "Web page", "piece": "11", "stage": "interest", "body": body}),
        (21, "review", "form", 2, {"draft": "20", "type": "fact", "passage": "lasts 10 years", "comment": "5 years"}),
        (22, "review", "form", 1, {"draft": "20", "type": "style", "passage": "paragraph 2", "comment": "Shorter"}),
        (23, "review", "form", 4, {"draft": "20", "type": "audience", "passage": "trial", "comment": "Price?"}),
        (24, "review", "form", 3, {"draft": "20", "type": "style", "passage": "Fast and clean", "comment": "Nice"}),
        (25, "review", "form", 3, {"draft": "20", "type": "fact", "passage": "no such words", "comment": "?"}),
        (30, "agreements", "form", 2, {"kind": "web-copy", "reviewers": "Lab, then marketing", "criterion": "Facts",
                                       "target_rounds": 3}),
        (31, "agreements", "form", 1, {"kind": "web-copy", "reviewers": "Marketing, then lab", "criterion": "Tone",
                                       "target_rounds": 2}),
        (32, "agreements", "form", 2, {"kind": "datasheet", "reviewers": "Lab", "criterion": "Specs",
                                       "target_rounds": 1}),
        (40, "exchange", "form", 2, {"action": "Lab tour", "kind": "tour", "owner": "Sem", "due": "May"}),
        (41, "exchange", "form", 1, {"action": "Joint newsletter", "kind": "newsletter"}),
    ], language="en")


# -- depth per stage ------------------------------------------------------------------------------

def test_depth_by_role_means_per_stage(small):
    profile = ca.depth_by_role(small)
    interest = profile[profile["stage"] == "interest"]
    assert list(interest["role"]) == ["marketing", "specialist", "service"]  # role order
    assert list(interest["mean"]) == [1.0, 4.5, 2.0]
    assert list(interest["n"]) == [1, 2, 1]
    assert list(profile["stage"].drop_duplicates()) == ["interest", "action"]  # journey order


def test_agreed_depth_is_the_median_of_everyone(small):
    # interest: 1, 2, 4, 5 -> 3; action: 4, 4 -> 4
    assert ca.agreed_depth(small) == {"interest": 3.0, "action": 4.0}


def test_depth_gaps_largest_first(small):
    gaps = ca.depth_gaps(small)
    top = gaps.iloc[0]
    assert (top["stage"], top["low_role"], top["high_role"], top["gap"]) == ("interest", "marketing", "specialist", 3.5)
    assert gaps.iloc[1]["gap"] == 0.0  # action: both roles at 4


def test_example_gap_is_at_interest_between_marketing_and_specialists(filtration):
    # Interest: marketing (2 + 1) / 2 = 1.5, specialists (4 + 4 + 5) / 3 = 4.33.
    # Desire: marketing (2 + 3) / 2 = 2.5, specialists (5 + 4 + 5) / 3 = 4.67.
    gaps = ca.depth_gaps(filtration).set_index("stage")
    assert gaps.index[0] == "interest"
    assert gaps.loc["interest", "gap"] == pytest.approx(4 + 1 / 3 - 1.5)
    assert (gaps.loc["desire", "low_role"], gaps.loc["desire", "high_role"]) == ("marketing", "specialist")
    assert gaps.loc["desire", "gap"] == pytest.approx(4 + 2 / 3 - 2.5)
    assert ca.agreed_depth(filtration) == {"attention": 1, "interest": 2, "desire": 3, "action": 4,
                                           "after-purchase": 4}


# -- opening --------------------------------------------------------------------------------------

def test_stereotypes_side_by_side_by_role(filtration):
    table = ca.stereotypes_by_role(filtration).set_index("role")
    assert list(table.index) == ["marketing", "specialist", "sales"]
    assert table.loc["marketing", "heard"] == "Wij zouden overdrijven · Marketing wekt te hoge verwachtingen"
    assert "Ze verkopen lucht" in table.loc["specialist", "think"]
    assert table.loc["sales", "heard"] == ""


# -- inventory ------------------------------------------------------------------------------------

def test_inventory_fit_against_the_agreed_depth(small):
    pieces = ca.inventory(small).set_index("id")
    # agreed interest depth 3: lab report at 5 is 2 too deep, web page at 3 fits, old page at 2 fits (1 off)
    assert list(pieces["fit"]) == ["too_deep", "fits", "fits"]
    assert pieces.loc[11, "owner"] == ""
    assert list(ca.pieces_to_fix(small)["id"]) == [10, 11]


def test_example_pieces_without_owner_or_fitting_depth(filtration):
    fix = ca.pieces_to_fix(filtration)
    assert sorted(fix["kind"]) == ["case-study", "infographic", "lab-report"]
    by_kind = fix.set_index("kind")
    assert by_kind.loc["infographic", "fit"] == "too_deep"  # depth 3 where the room agreed 1
    assert by_kind.loc["case-study", "fit"] == "fits"  # listed for its missing owner


# -- comments -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("passage", "expected"), [
    ("2", 2), ("alinea 3", 3), ("Paragraph 1", 1), ("§2", 2), ("9", None),
    ("THE MEMBRANE lasts", 2), ("“Ask for a trial.”", 3), ("membrane years water", 2),
    ("nothing here", None), ("", None), ("10 years", 2), ("par. 3", 3),
])
def test_locate_passage(passage, expected):
    parts = ["Fast and clean.", "The membrane lasts 10 years in any water.", "Ask for a trial."]
    assert ca.locate_passage(passage, parts) == expected


def test_paragraphs_split_on_empty_lines_else_on_lines():
    assert ca.paragraphs("One\ntwo.\n\n  Three. \n") == ["One two.", "Three."]
    assert ca.paragraphs("One.\nTwo.") == ["One.", "Two."]
    assert ca.paragraphs("   ") == []


def test_comment_mix_by_role_and_by_draft(small):
    mix = ca.comment_mix(small)
    assert list(mix.index) == ["marketing", "specialist", "service"]
    assert mix.loc["specialist"].to_dict() == {"style": 1, "fact": 2, "audience": 0, "expectation": 0}
    assert mix.loc["marketing", "style"] == 1
    per_draft = ca.comment_mix(small, "draft")
    assert per_draft.loc["Web page"].to_dict() == {"style": 2, "fact": 2, "audience": 1, "expectation": 0}


def test_conflicts_need_style_and_content_on_one_paragraph(small):
    found = ca.conflicts(small)
    # paragraph 2 has a fact and a style remark; paragraph 1 style only; paragraph 3 audience only;
    # the fact remark that matches no paragraph joins no conflict
    assert [(c.draft, c.paragraph) for c in found] == [(20, 2)]
    assert found[0].excerpt == "The membrane lasts 10 years in any water."
    assert [r[1] for r in found[0].remarks] == ["fact", "style"]


def test_example_conflicts(filtration, filtration_en):
    for snap in (filtration, filtration_en):
        found = ca.conflicts(snap)
        assert [c.paragraph for c in found] == [1, 2, 3]
        assert [sorted({r[1] for r in c.remarks}) for c in found] == [
            ["audience", "fact", "style"], ["expectation", "style"], ["fact", "style"]]
        assert ca.comment_mix(snap).loc["marketing"].to_dict() == {"style": 3, "fact": 0, "audience": 0,
                                                                   "expectation": 0}


# -- agreements -----------------------------------------------------------------------------------

def test_rounds_against_target(small):
    rounds = ca.rounds_against_target(small).set_index("kind")
    # web copy: rounds now median(6, 3) = 4.5; the latest agreement (target 2) counts, one alternative
    assert rounds.loc["web-copy", "rounds_now"] == 4.5
    assert rounds.loc["web-copy", "target"] == 2
    assert rounds.loc["web-copy", "saved"] == 2.5
    assert rounds.loc["web-copy", "alternatives"] == 1
    assert rounds.loc["web-copy", "reviewers"] == "Marketing, then lab"
    assert pd.isna(rounds.loc["datasheet", "rounds_now"])  # no datasheet in the inventory
    assert list(rounds.index) == ["web-copy", "datasheet"]  # the order of the pieces list


def test_example_rounds(filtration):
    rounds = ca.rounds_against_target(filtration).set_index("kind")
    assert rounds.loc["web-copy", ["rounds_now", "target"]].tolist() == [7, 2]
    assert rounds["rounds_now"].sum() == 7 + 3 + 5 + 2 and rounds["target"].sum() == 2 + 1 + 2 + 1


def test_exchange_actions_keep_missing_owners_visible(small):
    actions = ca.exchange_actions(small)
    assert list(actions["owner"]) == ["Sem", ""]
    assert list(actions["kind_label"]) == ["Tour of the lab or factory", "A newsletter made together"]


# -- drafts against the agreed depth and the persona ----------------------------------------------

def test_check_drafts_judges_readability_and_jargon_by_stage():
    plain = "We make water clean. It is easy. You save money."
    hard = ("De transmembraandrukverschilregeling compenseert permeabiliteitsafname door biofilmvorming "
            "bij hogere concentratiepolarisatie in ultrafiltratiemodules.")
    snap = snapshot_from("content-alignment", PEOPLE, [
        depth(1, 1, "attention", 1), depth(2, 2, "attention", 1), depth(3, 1, "action", 5), depth(4, 2, "action", 5),
        (10, "draft", "form", 1, {"title": "Post", "stage": "attention", "body": plain + " Our EAN code is new."}),
        (11, "draft", "form", 2, {"title": "Datasheet", "stage": "action", "body": hard}),
        (12, "draft", "form", 2, {"title": "Hard post", "stage": "attention", "body": hard}),
        (13, "draft", "form", 2, {"title": "Unscored", "stage": "desire", "body": plain}),
    ], language="en")
    persona = Persona(name="Noor", jargon=("EAN code",))
    checks = {c.title: c for c in ca.check_drafts(snap, persona)}
    assert checks["Post"].jargon == ("EAN code",) and checks["Post"].verdict == "jargon"
    assert checks["Post"].floor == ca.READABILITY_FLOOR[1]
    assert checks["Hard post"].verdict in ("too_hard", "too_hard_jargon")
    assert checks["Unscored"].verdict == "unknown"
    assert checks["Post"].tone_score is not None
    # Without a persona nothing is jargon and no tone score is given.
    bare = {c.title: c for c in ca.check_drafts(snap)}
    assert bare["Post"].verdict == "fits" and bare["Post"].tone_score is None


def test_datasheet_is_not_asked_to_read_like_a_post():
    # Flesch-Douma about 41: hard going for a post (needs 65), fine for a datasheet (needs 25).
    text = ("Het membraan heeft een nominale poriegrootte van 0,02 micrometer. De maximale transmembraandruk "
            "bedraagt 2,5 bar bij een bedrijfstemperatuur tussen 5 en 40 graden Celsius.")
    snap = snapshot_from("content-alignment", PEOPLE, [
        depth(1, 1, "action", 5), depth(2, 2, "action", 5), depth(3, 1, "attention", 1),
        (10, "draft", "form", 2, {"title": "Datasheet", "stage": "action", "body": text}),
        (11, "draft", "form", 2, {"title": "Same as a post", "stage": "attention", "body": text}),
    ])
    checks = {c.title: c for c in ca.check_drafts(snap)}
    assert checks["Datasheet"].readability == checks["Same as a post"].readability == pytest.approx(40.75)
    assert checks["Datasheet"].verdict == "fits"
    assert checks["Same as a post"].verdict == "too_hard"


def test_organisation_persona_finds_the_latest_persona_session(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'org.db'}")
    try:
        persona_session = seed_session(store, "persona-energy")
        organisation = core.get_session(store, persona_session.code).organisation
        core.create_session(store, "brand-persona", "nl", organisation="Iemand anders")
        found = ca.organisation_persona(store, organisation)
        assert found is not None and found[0] == persona_session.code and found[1].name == "Noor"
        assert ca.organisation_persona(store, "Onbekend bedrijf") is None
        assert ca.organisation_persona(store, None) is None
    finally:
        store.dispose()


# -- report ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_sections_of_the_example(filtration, filtration_en, lang):
    sections = ca.report_sections(filtration if lang == "nl" else filtration_en, lang)
    titles = [s.title for s in sections]
    assert len(titles) == 8
    depth_section = sections[1]
    assert ("Interesse" if lang == "nl" else "Interest") in depth_section.takeaway
    assert ("1,5" if lang == "nl" else "1.5") in depth_section.takeaway
    assert sections[4].tables  # the collisions
    actions = [a for s in sections for a in s.actions]
    assert any("Eva" in a for a in actions)
    assert sum(1 for s in sections if s.figure) == 6
    for section in sections:
        if section.figure:
            section.figure()  # draws


def test_report_sections_with_a_persona_link_each_draft_to_the_tone_checker(filtration):
    persona = ("ABC123", Persona(name="Noor", jargon=("coating",)))
    drafts_section = next(s for s in ca.report_sections(filtration, "en", persona=persona)
                          if s.title == ca.text("drafts_title", "en"))
    table = next(iter(drafts_section.tables.values()))
    assert list(table["Tone checker"]) == ["/voila/render/tone-checker.ipynb?session=ABC123&lang=en"]
    assert list(table["Specialist terms"]) == ["coating"]
    assert "Noor" in drafts_section.takeaway


def test_report_of_an_empty_session():
    snap = snapshot_from("content-alignment", PEOPLE)
    sections = ca.report_sections(snap, "nl")
    assert [s.figure for s in sections] == [None] * len(sections)
    assert sections[0].takeaway == ca.text("stereo_empty", "nl")


def test_example_for_picks_the_language():
    assert example_for("content-alignment", "en").stem == "content-filtration-en"
    assert example_for("content-alignment", "nl").stem == "content-filtration"
    assert example_for("brand-persona", "en").stem == "persona-energy"  # the only one
    with pytest.raises(NotFoundError):
        example_for("no-such-workshop", "nl")


@pytest.mark.parametrize(("n", "nl", "en"), [(1, "1 actie", "1 action"), (0, "0 acties", "0 actions"),
                                             (3, "3 acties", "3 actions")])
def test_counted_nouns(n, nl, en):
    assert ca.counted("n_actions", n, "nl") == nl and ca.counted("n_actions", n, "en") == en
