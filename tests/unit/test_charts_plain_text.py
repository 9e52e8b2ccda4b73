"""Text someone typed is drawn as written in every chart: never as a matplotlib formula.

matplotlib reads a label with two unescaped ``$`` as mathtext: ``price $\\evil$ here`` failed to
draw with a ``ValueError`` and ``From $5 to $10`` was typeset in italics. Every example is loaded
with each free-text field and each list label starting with such text, every chart of its method
is drawn in Dutch and English, and the text is read back from the drawn SVG.
"""
from __future__ import annotations

import dataclasses

import pytest

from toolkit.charts.divergence import divergence_chart, figure_png
from toolkit.charts.style import empty_chart, new_figure, plain_text
from toolkit.core.examples import load_example
from toolkit.methods import method_module
from toolkit.methods.brainstorm import rating_divergence, report_sections
from toolkit.testing import drawn_texts, example_with_text, snapshot_from

MARKS = (r"price $\evil$ here", "price: $$", "From $5 to $10", r"a\b^c_d{e} \$ x")
LANGS = ("nl", "en")
PNG = b"\x89PNG\r\n\x1a\n"
# The charts that show participant text or list labels, per example (report section order);
# the AIDA readiness and blocker charts name only the definition's stages, owners and kinds.
SHOWS_TEXT = {
    "dna-insurer": (True, True, True),
    "aida-manufacturer": (True, True, False, False),
    "persona-energy": (True, True, True),
}


def marked(value: str, n: int) -> str:
    return f"{MARKS[n % len(MARKS)]} {value}"


def drawn(fig) -> str:
    """All text the figure draws, lines joined by a space (wrapped labels read as one line)."""
    return " ".join(" ".join(drawn_texts(fig)).split())


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain-text")
    found = {}
    for name in SHOWS_TEXT:
        snapshot = load_example(example_with_text(name, marked, folder))
        lists = {key: [(item, marked(label, i)) for i, (item, label) in enumerate(items)]
                 for key, items in snapshot.lists.items()}
        found[name] = dataclasses.replace(snapshot, lists=lists)
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("example", list(SHOWS_TEXT))
def test_every_chart_of_every_example_draws_the_text_as_written(example, lang, snapshots):
    snapshot = snapshots[example]
    sections = [s for s in method_module(snapshot.workshop_id).report_sections(snapshot, lang) if s.figure]
    assert len(sections) == len(SHOWS_TEXT[example])
    for section, shows_text in zip(sections, SHOWS_TEXT[example], strict=True):
        fig = section.figure()
        assert figure_png(fig).startswith(PNG), section.title
        text = drawn(fig)
        assert r"\$" not in text.replace(MARKS[3], "")  # the escaping never shows
        if shows_text:
            assert all(mark in text for mark in MARKS[:3]), (section.title, text[:300])
    everything = " ".join(drawn(s.figure()) for s in sections)
    assert MARKS[3] in everything  # backslash, caret, underscore, braces and an escaped dollar as typed


@pytest.mark.parametrize("lang", LANGS)
def test_brainstorm_divergence_draws_rated_notes_as_written(lang):
    people = [(1, "Ann", "marketing"), (2, "Bob", "it"), (3, "Cas", "service")]
    notes = [(i + 1, "ideas", "note", 1, {"text": mark}) for i, mark in enumerate(MARKS)]
    ratings = [
        (100 + 10 * pid + cid, "rate", "rating", pid,
         {"row": str(cid), "column": None, "dimension": "customers", "score": 1 + (pid * cid) % 5})
        for pid, _, _ in people for cid, *_ in notes
    ]
    snapshot = snapshot_from("brainstorm", people, notes + ratings, language=lang)
    fig = divergence_chart(rating_divergence(snapshot), lang)
    assert figure_png(fig).startswith(PNG)
    assert all(mark in drawn_texts(fig) for mark in MARKS)  # each tick label exactly as typed
    (section,) = [s for s in report_sections(snapshot, lang) if s.figure]
    assert all(mark in drawn_texts(section.figure()) for mark in MARKS)


@pytest.mark.parametrize("text", [
    *MARKS, "$", "$$$$", r"\$", r"\\$x$", "50% $ 3 _ ^", "", "\n$a$\n", "€ $ £",
])
def test_plain_text_round_trips_through_matplotlib(text):
    fig = new_figure(4, 2)
    ax = fig.add_subplot()
    ax.set_title(plain_text(text))
    ax.set_xticks([0.5], [plain_text(text)])
    lines = [line for line in text.split("\n") if line]
    shown = drawn_texts(fig)
    for line in lines:
        assert shown.count(line) >= 2, (text, shown)
    figure_png(fig)


def test_empty_chart_message_is_plain():
    assert "From $5 to $10" in drawn_texts(empty_chart("From $5 to $10"))
