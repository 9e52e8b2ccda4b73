"""Comparing two sessions of one workshop (before and after), on the example sessions with
scores and votes changed the way a second session would change them."""
from __future__ import annotations

from dataclasses import replace

import pytest

from toolkit.core.errors import ValidationError
from toolkit.core.examples import load_example
from toolkit.methods import compare


def _scores_changed(snapshot, change):
    """The snapshot with every rating payload passed through ``change(payload) -> payload``."""
    rows = snapshot.contributions.copy()
    rows["payload"] = [change(dict(p)) if k == "rating" else p for p, k in zip(rows["payload"], rows["kind"],
                                                                                strict=True)]
    return replace(snapshot, contributions=rows, code="AFTER")


def test_dna_gaps_close_where_practice_improved():
    before = load_example("dna-insurer")

    def better_phone(p):
        if p["column"] == "phone" and p["dimension"] == "practice":
            p["score"] = min(5, p["score"] + 2)
        return p

    after = _scores_changed(before, better_phone)
    gaps = compare.dna_gaps(before, after, "en")
    phone = gaps[gaps["channel"] == "phone"]
    assert (phone["change"] < 0).all() and (gaps[gaps["channel"] != "phone"]["change"] == 0).all()
    assert list(gaps["channel"][: len(phone)]) == ["phone"] * len(phone)  # what closed most comes first
    [section, _votes] = compare.report_sections(before, after, "en")
    assert "closed most" in section.takeaway and "Phone helpdesk" in section.takeaway
    [nl, _] = compare.report_sections(before, after, "nl")
    assert "het meest kleiner" in nl.takeaway and "Gat voor" in next(iter(nl.tables.values())).columns


def test_aida_readiness_and_emotion_by_stage():
    before = load_example("aida-manufacturer")

    def more_ready(p):
        if p["dimension"] == "readiness":
            p["score"] = min(5, p["score"] + 1)
        return p

    stages = compare.aida_stages(before, _scores_changed(before, more_ready), "en")
    assert list(stages["stage"]) == ["attention", "interest", "desire", "action", "retention"]
    assert (stages["readiness_change"] > 0).all()
    assert (stages["emotion_before"].round(6) == stages["emotion_after"].round(6)).all()
    titles = [s.title for s in compare.report_sections(before, _scores_changed(before, more_ready), "en")]
    assert titles == ["Before and after: ready for the journey, by stage", "Before and after: what got the most dots"]


def test_top_votes_line_up_by_text():
    before = load_example("aida-manufacturer")
    votes = before.votes.copy()
    last = votes["contribution_id"].value_counts().index[-1]
    votes.loc[votes["contribution_id"] == last, "points"] = 50  # the room changed its mind
    after = replace(before, votes=votes, code="AFTER")
    table = compare.top_votes(before, after)
    assert table["rank_after"].iloc[0] == 1 and table["rank_before"].iloc[0] != 1
    assert table["dots_after"].iloc[0] >= 50
    section = compare.report_sections(before, after, "en")[-1]
    assert "New at the top" in section.takeaway or "At the top in both" in section.takeaway


def test_only_sessions_of_one_workshop_and_one_organisation_compare():
    dna, aida = load_example("dna-insurer"), load_example("aida-manufacturer")
    with pytest.raises(ValidationError, match="same workshop"):
        compare.compare(dna, aida, "en")
    with pytest.raises(ValidationError, match="verschillende organisaties"):
        compare.compare(dna, replace(dna, organisation="Another company"), "nl")
    assert compare.compare(dna, dna).gaps is not None
