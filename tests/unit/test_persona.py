"""The agreed persona, the tone profile and the report sections of the brand persona method."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from toolkit.core.examples import load_example
from toolkit.core.snapshot import CONTRIBUTION_COLUMNS, PARTICIPANT_COLUMNS, VOTE_COLUMNS, Snapshot, empty_frame
from toolkit.methods.persona import (
    Persona,
    agreed_persona,
    dimension_poles,
    report_sections,
    tone_profile,
    trait_votes,
)


@pytest.fixture(scope="module")
def energy():
    return load_example("persona-energy")


@pytest.fixture()
def empty_session():
    return Snapshot(
        workshop_id="brand-persona", code="EMPTY", language="nl", anonymous=False, organisation=None,
        lists={"situations": [("complaint-social", "Klacht op social media"), ("outage", "Storing")]},
        participants=empty_frame(PARTICIPANT_COLUMNS), contributions=empty_frame(CONTRIBUTION_COLUMNS),
        votes=empty_frame(VOTE_COLUMNS),
    )


@pytest.fixture()
def one_person(tmp_path):
    path = tmp_path / "solo.yaml"
    path.write_text(textwrap.dedent("""
        workshop: brand-persona
        language: en
        participants: [{id: p1, name: Kim, role: service}]
        contributions:
          - {id: c1, by: p1, phase: card, kind: form, payload: {name: Kim, story: Calm and kind., address: u}}
          - {id: c2, by: p1, phase: card, kind: form, payload: {name: Max, story: Loud., address: je}}
          - {id: t1, by: p1, phase: traits, kind: note, payload: {text: Calm, prompt: trait}}
          - {id: t2, by: p1, phase: traits, kind: note, payload: {text: Loud, prompt: trait}}
          - {id: w1, by: p1, phase: traits, kind: note, payload: {text: "sadly; as per", prompt: words_avoid}}
          - {by: p1, phase: tone, kind: rating, payload: {row: outage, dimension: funny_serious, score: 5}}
          - {by: p1, phase: tone, kind: rating, payload: {row: outage, dimension: formal_casual, score: 2}}
        votes:
          - {by: p1, "on": c1, points: 1}
          - {by: p1, "on": t1, points: 2}
    """), encoding="utf-8")
    return load_example(path)


def test_agreed_persona_of_the_example(energy):
    persona = agreed_persona(energy)
    # card votes: Noor 2+1+1+2+1+1+2 = 10, Meneer Watt 3, Sam 3
    assert persona.name == "Noor"
    assert persona.address == "je"
    assert persona.story.startswith("Noor is 38")
    # trait dots: Behulpzaam 5, Eerlijk over prijzen 5, Nuchter 4, Warm 3, Grappig 2, Deskundig 1;
    # the threshold is half the leader's 5 = 2.5, so Grappig and Deskundig drop off
    assert persona.traits == ("Behulpzaam", "Eerlijk over prijzen", "Nuchter", "Warm")
    assert persona.we_are == (
        "Een buurvrouw die verstand heeft van energie", "Duidelijk, ook als het nieuws slecht is", "Snel bereikbaar",
    )
    assert persona.we_are_not == ("Belerend", "Joviaal bij een storing", "Een callcenter met scripts")
    assert persona.words_use == ("we regelen het", "graag")
    # "uiteraard, zo spoedig mogelijk" is one note with two terms; "graag" (1 dot, IT) drops off
    assert persona.words_avoid == ("helaas", "conform", "uiteraard", "zo spoedig mogelijk", "supervet")
    # nobody voted on jargon, so every term stays
    assert persona.jargon == ("EAN-code", "vastrecht", "capaciteitstarief", "salderen", "storingsticket")
    assert persona.glossary[0] == ("EAN-code", "het nummer van je aansluiting")
    assert len(persona.glossary) == 4


def test_trait_votes_table(energy):
    table = trait_votes(energy)
    assert list(table.columns) == ["id", "category", "text", "points", "chosen"]
    funny = table[table["text"] == "Grappig"].iloc[0]
    assert (funny["points"], funny["chosen"]) == (2, False)
    assert table[table["category"] == "jargon"]["chosen"].all()
    assert table[table["category"] == "jargon"]["points"].sum() == 0
    # stricter threshold: only notes with the leader's points
    strict = trait_votes(energy, min_share=1.0)
    chosen_traits = strict[(strict["category"] == "trait") & strict["chosen"]]["text"]
    assert list(chosen_traits) == ["Behulpzaam", "Eerlijk over prijzen"]


def test_empty_session(empty_session):
    assert agreed_persona(empty_session) == Persona()
    profile = tone_profile(empty_session)
    assert profile.overall.empty and profile.by_role.empty and profile.disagreement.empty
    assert profile.raters == 0 and profile.situations == ()
    sections = report_sections(empty_session, "nl")
    assert [s.title for s in sections] == ["Brand persona", "Toon per situatie", "Voorbeeldantwoorden"]
    assert sections[0].takeaway == "Er is nog geen persona-kaart ingevuld."
    assert all(s.figure is None for s in sections)
    assert report_sections(empty_session, "en")[2].takeaway == "No replies have been rewritten yet."


def test_one_person_session(one_person):
    persona = agreed_persona(one_person)
    assert (persona.name, persona.address) == ("Kim", "u")  # the voted card, not the latest
    assert persona.traits == ("Calm",)  # Loud has no dots while Calm has 2
    assert persona.words_avoid == ("sadly", "as per")  # no votes in this kind: all terms stay
    profile = tone_profile(one_person)
    assert profile.raters == 1
    assert profile.situations == ("outage",)
    row = profile.overall.set_index("dimension").loc["funny_serious"]
    assert (row["n"], row["median"], row["iqr"]) == (1, 5.0, 0.0)
    assert profile.disagreement["spread"].tolist() == [0.0, 0.0]
    sections = report_sections(one_person, "en")
    assert sections[2].takeaway == "The disciplines agree, or only one discipline gave scores."


def test_latest_card_without_votes(one_person):
    without_votes = Snapshot(**{**one_person.__dict__, "votes": one_person.votes.iloc[0:0]})
    assert agreed_persona(without_votes).name == "Max"
    assert agreed_persona(without_votes).traits == ("Calm", "Loud")


def test_tone_profile_medians_and_quartiles(energy):
    profile = tone_profile(energy)
    assert profile.raters == 8
    assert profile.situations == ("complaint-social", "product-launch", "technical-question", "outage")
    assert profile.situation_label("outage", "en") == "Outage"
    assert profile.situation_label("outage", "nl") == "Storing"
    cell = profile.overall.set_index(["situation", "dimension"]).loc[("complaint-social", "funny_serious")]
    # scores 3 2 5 4 5 4 3 4 -> sorted 2 3 3 4 4 4 5 5: median 4, q1 3, q3 4 + 0.25 * (5 - 4) = 4.25
    assert (cell["n"], cell["median"], cell["q1"], cell["q3"], cell["iqr"]) == (8, 4.0, 3.0, 4.25, 1.25)
    roles = profile.by_role.set_index(["situation", "dimension", "role"])
    assert roles.loc[("complaint-social", "funny_serious", "marketing"), "median"] == 2.5  # 3 and 2
    assert roles.loc[("complaint-social", "funny_serious", "service"), "median"] == 4.5  # 5 and 4
    assert roles.loc[("complaint-social", "funny_serious", "service"), "std"] == 0.5


def test_disagreement_by_discipline(energy):
    top = tone_profile(energy).disagreement.iloc[0]
    # technical question, formal-casual: specialist 1, IT 2, management 3, service 3.5, sales 4, marketing 4.5
    assert (top["situation"], top["dimension"]) == ("technical-question", "formal_casual")
    extremes = (top["low_role"], top["low_median"], top["high_role"], top["high_median"])
    assert extremes == ("specialist", 1.0, "marketing", 4.5)
    assert top["spread"] == 3.5 and top["roles"] == 6


def test_report_sections_of_the_example(energy):
    sections = report_sections(energy, "nl")
    assert [s.title for s in sections] == [
        "Brand persona: Noor", "Toon per situatie", "Verschillen tussen disciplines", "Voorbeeldantwoorden",
    ]
    assert "'je'" in sections[0].takeaway
    assert sections[2].takeaway.startswith("Het grootste verschil zit bij 'Technische vraag' op formeel – informeel")
    assert "4,5" in sections[2].takeaway
    replies = sections[3].tables["Voorbeeldantwoorden"]
    assert list(replies.columns) == ["Situatie", "Origineel", "Herschreven", "Score origineel", "Score herschreven"]
    assert len(replies) == 4
    assert (replies["Score herschreven"] > replies["Score origineel"]).all()
    assert len(sections[3].actions) == 3
    english = report_sections(energy, "en")
    columns = list(english[1].tables["Tone (median)"].columns)
    assert columns == ["Situation", "Dimension", "Median", "Interquartile range", "Count"]
    assert english[1].tables["Tone (median)"].iloc[0]["Situation"] == "Complaint on social media"


def test_report_figures_build(energy):
    from matplotlib.figure import Figure

    for section in report_sections(energy, "en"):
        if section.figure is not None:
            assert isinstance(section.figure(), Figure)


def test_dimension_poles():
    assert dimension_poles("funny_serious", "nl") == ("grappig", "serieus")
    assert dimension_poles("enthusiastic_matter_of_fact", "en") == ("enthusiastic", "matter-of-fact")


def test_methods_module_stays_free_of_ui_and_plotting():
    code = ("import sys, toolkit.methods.persona as m; from toolkit.core.examples import load_example; "
            "m.report_sections(load_example('persona-energy'), 'nl'); "
            "bad = [n for n in ('matplotlib', 'ipywidgets', 'IPython') if n in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
