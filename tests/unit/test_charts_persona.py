"""Charts of the brand persona method: built without a display, checked on data, saved to look at."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyBboxPatch

from toolkit.charts.persona import persona_card, tone_profile_chart, tone_spread_chart, wrap_text
from toolkit.core.examples import load_example
from toolkit.core.snapshot import CONTRIBUTION_COLUMNS, PARTICIPANT_COLUMNS, VOTE_COLUMNS, Snapshot, empty_frame
from toolkit.methods.persona import Persona, agreed_persona, tone_profile
from toolkit.testing import drawn_texts

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def energy():
    return load_example("persona-energy")


def _save(fig, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    fig.savefig(path)
    return path


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]


def _assert_inside(fig) -> None:
    """Every visible text lies within the figure, white text within the blue panel, and chip
    text within its chip (nothing clipped or running over an edge)."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    panel = fig.axes[0].transData.transform((330, 0))[0] if fig.axes else width
    chips = [p.get_window_extent(renderer) for ax in fig.axes for p in ax.patches if isinstance(p, FancyBboxPatch)]
    for ax in fig.axes:
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()
            if text.get_color() == "white":
                assert box.x1 <= panel, text.get_text()
            if text.get_ha() == "center":
                centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
                holder = [c for c in chips if c.contains(*centre)]
                assert holder and holder[0].x0 <= box.x0 and box.x1 <= holder[0].x1, text.get_text()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_persona_card(energy, lang):
    fig = persona_card(agreed_persona(energy), lang)
    width, height = fig.get_size_inches()
    assert width / height == pytest.approx(16 / 9, rel=1e-3)
    texts = _texts(fig)
    for expected in ("Noor", "Behulpzaam", "Belerend", "helaas", "we regelen het", "EAN-code"):
        assert expected in texts
    if lang == "nl":
        assert {"Wij zijn", "Wij zijn niet", "Woorden die we vermijden", "We zeggen je (informeel)"} <= set(texts)
    else:
        assert {"We are", "We are not", "Words we avoid", 'We say "je" (informal Dutch)'} <= set(texts)
    _assert_inside(fig)
    assert _save(fig, f"persona-card-{lang}.png").stat().st_size > 10_000


def test_persona_card_with_long_texts_shrinks_and_shortens(energy):
    persona = dataclasses.replace(
        agreed_persona(energy),
        name="Mevrouw Wilhelmina van Oosterwijk-Zonnebloem de Tweede van Gelderland",
        story="Een heel lang verhaal over wie deze persona is. " * 40 + "Onafgebrokenwoordzonderspatiesdatnietpast" * 3,
        traits=tuple(f"Kenmerk {i} met een behoorlijk lange omschrijving" for i in range(20)),
        we_are=tuple(f"Een zin over wie wij zijn, zo lang dat hij over meer regels loopt ({i})" for i in range(12)),
        words_avoid=tuple(f"woord{i}" for i in range(40)),
        address=None,
    )
    fig = persona_card(persona, "nl")
    texts = _texts(fig)
    assert any(t.startswith("en nog ") for t in texts)  # "en nog 7": the rest left off
    assert any(t.endswith("…") for t in texts)  # the story is cut with an ellipsis
    assert "Aanspreekvorm: nog niet gekozen" in texts
    _assert_inside(fig)
    _save(fig, "persona-card-long-nl.png")


def test_persona_card_empty_and_dollar_signs():
    fig = persona_card(Persona(), "en")
    assert "No name yet" in " ".join(_texts(fig))
    _assert_inside(fig)
    fig = persona_card(Persona(name="Save $5 or $10", traits=("a $ sign",)), "en")
    drawn = " ".join(drawn_texts(fig))  # as the reader sees it (drawing raises no mathtext error)
    assert "Save $5 or $10" in drawn and "a $ sign" in drawn


def test_wrap_text_respects_width():
    lines = wrap_text("een twee drie vier vijf zes zeven acht negen tien", 80, 10)
    assert len(lines) > 1 and " ".join(lines) == "een twee drie vier vijf zes zeven acht negen tien"
    assert all(len(line) > 0 for line in lines)
    assert len(wrap_text("x" * 200, 50, 10)) > 3  # one long word is broken


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_tone_profile_chart(energy, lang):
    profile = tone_profile(energy)
    fig = tone_profile_chart(profile, lang)
    panels = [ax for ax in fig.axes if ax.collections]
    assert len(panels) == 4  # one per situation
    first = panels[0]
    assert first.get_title(loc="left") == ("Klacht op social media" if lang == "nl" else "Complaint on social media")
    left_poles = [t.get_text() for t in first.get_yticklabels()]
    assert left_poles == (["grappig", "formeel", "respectvol", "enthousiast"] if lang == "nl"
                          else ["funny", "formal", "respectful", "enthusiastic"])
    right_labels = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()}
    assert ("serieus" if lang == "nl" else "matter-of-fact") in right_labels
    # complaint on social media: medians 4, 3, 1, 4 (funny-serious, formal-casual, respectful-irreverent, ...)
    medians = [tuple(c.get_offsets()[0]) for c in first.collections]
    assert medians == [(4.0, 0.0), (3.0, 1.0), (1.0, 2.0), (4.0, 3.0)]
    _save(fig, f"tone-profile-{lang}.png")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_tone_spread_chart(energy, lang):
    profile = tone_profile(energy)
    fig = tone_spread_chart(profile, lang)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 16  # 4 situations x 4 dimensions
    expected = "Technische vraag: formeel – informeel" if lang == "nl" else "Technical question: formal – casual"
    assert labels[0] == expected
    assert ("Δ 3,5" if lang == "nl" else "Δ 3.5") in _texts(fig)
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert ("Klantenservice" if lang == "nl" else "Customer service") in legend
    _save(fig, f"tone-spread-{lang}.png")


def test_charts_of_an_empty_session():
    empty = Snapshot(
        workshop_id="brand-persona", code="EMPTY", language="nl", anonymous=False, organisation=None,
        lists={}, participants=empty_frame(PARTICIPANT_COLUMNS), contributions=empty_frame(CONTRIBUTION_COLUMNS),
        votes=empty_frame(VOTE_COLUMNS),
    )
    profile = tone_profile(empty)
    assert _texts(tone_profile_chart(profile, "nl")) == ["Er zijn nog geen toonscores gegeven."]
    assert _texts(tone_spread_chart(profile, "en")) == ["No tone scores have been given yet."]
