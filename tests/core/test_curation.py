"""The facilitator's curation of the board (hide, merge, cluster, agree, undo), on SQLite and
PostgreSQL: every page's view, the rules of voting and rating, the snapshot the exports read,
and the event log."""
from __future__ import annotations

import pytest

from toolkit.core import curation
from toolkit.core import sessions as core
from toolkit.core.errors import PermissionDenied, ToolkitError, ValidationError
from toolkit.core.views import session_view


@pytest.fixture
def room(store):
    """A brainstorm (0 ideas, 1 vote, 2 rate, 3 results) with three people and five ideas."""
    s = core.create_session(store, "brainstorm", "en")
    people = [core.join(store, s.code, role, name) for role, name in
              (("marketing", "Ann"), ("it", "Bo"), ("service", "Cy"))]
    texts = ["faster replies", "quicker answers", "one login", "newsletter", "free coffee"]
    notes = [core.add_contribution(store, s.code, people[i % 3].token, "ideas", {"text": t, "prompt": "idea"})
             for i, t in enumerate(texts)]
    return store, s, people, {t: n.id for t, n in zip(texts, notes, strict=True)}


def _board(store, code, **viewer):
    return [(c.text, c.hidden, c.agreed, c.group, c.merged) for c in session_view(store, code, **viewer).cards]


def _texts(store, code, **viewer):
    return [c.text for c in session_view(store, code, **viewer).cards]


def test_hidden_notes_leave_every_participant_page_and_every_export(room):
    store, s, (ann, bo, _), ids = room
    key = s.facilitator_key
    curation.hide(store, s.code, key, [ids["free coffee"], ids["newsletter"]])
    assert "free coffee" not in _texts(store, s.code, token=ann.token)
    facilitator = {c.text: c.hidden for c in session_view(store, s.code, facilitator_key=key).cards}
    assert facilitator["free coffee"] is True and facilitator["one login"] is False
    core.set_phase(store, s.code, key, 1)
    with pytest.raises(ValidationError):  # a hidden note is no vote target, even by a forged post
        core.vote(store, s.code, bo.token, "vote", ids["free coffee"], 1)
    snap = core.snapshot(store, s.code)
    assert set(snap.contributions["text"]) == {"faster replies", "quicker answers", "one login"}
    curation.restore(store, s.code, key, ids["newsletter"])
    assert "newsletter" in _texts(store, s.code, token=ann.token)


def test_a_merge_folds_texts_votes_and_scores_into_the_survivor(room):
    store, s, (ann, bo, cy), ids = room
    key = s.facilitator_key
    survivor, twin = ids["faster replies"], ids["quicker answers"]
    core.set_phase(store, s.code, key, 1)
    core.vote(store, s.code, ann.token, "vote", twin, 2)
    core.vote(store, s.code, bo.token, "vote", survivor, 1)
    curation.merge(store, s.code, key, survivor, [twin])
    # Ann's page was drawn before the merge: her dot on the merged note goes to the survivor.
    core.vote(store, s.code, cy.token, "vote", twin, 3)
    card = next(c for c in session_view(store, s.code, facilitator_key=key).cards if c.id == survivor)
    assert card.merged == ("quicker answers",) and card.votes == 6
    assert twin not in [c.id for c in session_view(store, s.code, token=ann.token).cards]
    core.set_phase(store, s.code, key, 2)
    rows = [r for r, _ in session_view(store, s.code, token=ann.token).input.rows]
    assert str(twin) not in rows and str(survivor) in rows
    with pytest.raises(ValidationError):
        core.rate(store, s.code, ann.token, "rate", str(twin), None, "customers", 4)
    snap = core.snapshot(store, s.code)
    votes = snap.votes.groupby("contribution_id")["points"].sum().to_dict()
    assert votes == {survivor: 6}
    row = snap.contributions.set_index("id").loc[survivor]
    assert row["merged_texts"] == ("quicker answers",) and twin not in set(snap.contributions["id"])


def test_merging_a_survivor_brings_what_was_merged_into_it_and_phases_must_match(room):
    store, s, (ann, *_), ids = room
    key = s.facilitator_key
    curation.merge(store, s.code, key, ids["quicker answers"], [ids["faster replies"]])
    cur = curation.merge(store, s.code, key, ids["one login"], [ids["quicker answers"]])
    assert cur.merged == {ids["faster replies"]: ids["one login"], ids["quicker answers"]: ids["one login"]}
    with pytest.raises(ValidationError):
        curation.merge(store, s.code, key, ids["one login"], [ids["one login"]])
    other = core.create_session(store, "brainstorm", "en")
    stranger = core.join(store, other.code, "it")
    theirs = core.add_contribution(store, other.code, stranger.token, "ideas", {"text": "x", "prompt": "idea"})
    with pytest.raises(ValidationError):  # another session's note
        curation.merge(store, s.code, key, ids["newsletter"], [theirs.id])
    for forged in ("12", None, True, [], [1.5], {"id": 1}):
        with pytest.raises(ValidationError):
            curation.merge(store, s.code, key, ids["newsletter"], forged)
    curation.unmerge(store, s.code, key, [ids["faster replies"]])
    assert "faster replies" in _texts(store, s.code, token=ann.token)


def test_clusters_are_created_renamed_moved_and_dissolved(room):
    store, s, (ann, *_), ids = room
    key = s.facilitator_key
    cur = curation.create_cluster(store, s.code, key, "ideas", "  Speed  ", [ids["faster replies"], ids["one login"]])
    (speed,) = cur.clusters
    assert speed.label == "Speed" and speed.members == (ids["faster replies"], ids["one login"])
    with pytest.raises(ValidationError):
        curation.create_cluster(store, s.code, key, "ideas", "speed")
    with pytest.raises(ValidationError):
        curation.create_cluster(store, s.code, key, "vote", "Elsewhere")  # not a phase of notes
    with pytest.raises(ValidationError):
        curation.create_cluster(store, s.code, key, "ideas", "x" * 61)
    cur = curation.create_cluster(store, s.code, key, "ideas", "Tools")
    tools = cur.clusters[1]
    curation.move_to_cluster(store, s.code, key, [ids["one login"]], tools.id)
    curation.rename_cluster(store, s.code, key, speed.id, "<b>Speed</b> & $x$")
    groups = {c.text: c.group for c in session_view(store, s.code, token=ann.token).cards}
    assert groups["faster replies"] == "<b>Speed</b> & $x$" and groups["one login"] == "Tools"
    assert groups["newsletter"] == "Idea"  # no cluster: its prompt's label
    curation.move_to_cluster(store, s.code, key, [ids["one login"]], None)
    cur = curation.dissolve_cluster(store, s.code, key, speed.id)
    assert [c.id for c in cur.clusters] == [tools.id] and tools.members == ()
    with pytest.raises(ValidationError):
        curation.move_to_cluster(store, s.code, key, [ids["newsletter"]], speed.id)
    snap = core.snapshot(store, s.code)
    assert set(snap.contributions["cluster"].dropna()) == set()


def test_the_agreed_wording_leads_the_board_and_the_authors_text_stays(room):
    store, s, (ann, *_), ids = room
    key = s.facilitator_key
    curation.agree(store, s.code, key, ids["newsletter"], "  A monthly newsletter, written together  ")
    view = session_view(store, s.code, token=ann.token)
    first = view.cards[0]
    assert first.agreed and first.text == "A monthly newsletter, written together" and first.original == "newsletter"
    assert [c.text for c in core.contributions(store, s.code) if c.id == ids["newsletter"]] == ["newsletter"]
    snap = core.snapshot(store, s.code)
    row = snap.contributions.set_index("id").loc[ids["newsletter"]]
    assert bool(row["agreed"]) and row["agreed_text"] == "A monthly newsletter, written together"
    assert row["text"] == "newsletter"
    with pytest.raises(ValidationError):
        curation.agree(store, s.code, key, ids["one login"], "")
    curation.disagree(store, s.code, key, ids["newsletter"])
    assert not any(c.agreed for c in session_view(store, s.code, token=ann.token).cards)


def test_undo_steps_back_one_change_at_a_time_and_is_logged(room):
    store, s, (ann, *_), ids = room
    key = s.facilitator_key
    curation.hide(store, s.code, key, ids["free coffee"])
    curation.merge(store, s.code, key, ids["faster replies"], [ids["quicker answers"]])
    curation.agree(store, s.code, key, ids["one login"])
    assert curation.undo(store, s.code, key).agreed == {}
    cur = curation.undo(store, s.code, key)
    assert cur.merged == {} and cur.hidden == {ids["free coffee"]}
    assert "quicker answers" in _texts(store, s.code, token=ann.token)
    assert curation.undo(store, s.code, key).empty
    with pytest.raises(ValidationError) as refused:
        curation.undo(store, s.code, key)
    assert refused.value.key == "nothing_to_undo"
    types = [e["type"] for e in core.event_log(store, s.code) if e["type"].startswith("curation.")]
    assert types == ["curation.hidden", "curation.merged", "curation.agreed"] + ["curation.undone"] * 3
    assert not curation.can_undo(core.event_log(store, s.code))


def test_only_the_facilitator_curates(room):
    store, s, (ann, *_), ids = room
    for op in (lambda k: curation.hide(store, s.code, k, ids["newsletter"]),
               lambda k: curation.agree(store, s.code, k, ids["newsletter"]),
               lambda k: curation.undo(store, s.code, k)):
        for wrong in ("", "nope", ann.token, None, 12):
            with pytest.raises(PermissionDenied):
                op(wrong)
    assert curation.curation_of(core.get_session(store, s.code).settings).empty


def test_a_deleted_note_drops_out_of_the_curation_and_a_malformed_one_reads_empty(room):
    store, s, (ann, bo, _cy), ids = room
    key = s.facilitator_key
    curation.agree(store, s.code, key, ids["faster replies"])
    curation.merge(store, s.code, key, ids["faster replies"], [ids["quicker answers"]])
    core.delete_contribution(store, s.code, ann.token, ids["faster replies"])
    # Its survivor gone, the merged note shows on its own again.
    assert "quicker answers" in _texts(store, s.code, token=bo.token)
    snap = core.snapshot(store, s.code)
    assert not snap.contributions["agreed"].any()
    for junk in (None, [], "x", {"curation": "x"}, {"curation": {"hidden": "abc", "merged": [1], "clusters": [7],
                                                                 "agreed": {"x": 1}}}):
        assert curation.curation_of(junk).empty


def test_curation_events_carry_no_participant_text(room):
    store, s, _, ids = room
    curation.agree(store, s.code, s.facilitator_key, ids["newsletter"])
    curation.create_cluster(store, s.code, s.facilitator_key, "ideas", "Comms", [ids["newsletter"]])
    for e in core.event_log(store, s.code):
        if e["type"].startswith("curation."):
            assert "newsletter" not in repr(e["data"])


def test_errors_read_in_both_languages(room):
    store, _s, _, _ids = room
    for lang in ("nl", "en"):
        err = ValidationError("nothing_to_undo", lang)
        assert isinstance(err, ToolkitError) and str(err)
    s_nl = core.create_session(store, "brainstorm", "nl")
    with pytest.raises(ValidationError) as refused:
        curation.undo(store, s_nl.code, s_nl.facilitator_key)
    assert "ongedaan" in str(refused.value)
