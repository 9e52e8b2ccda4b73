"""The view model: what each viewer sees, and how every contribution reads, without widgets.

Every visibility rule (silent phases, the reveal, hidden items, anonymity, locked input, own
versus others, dot totals) is checked here on a real store, for the participant, the
facilitator and the self-paced learner; every field kind of every workshop is read in nl and en.
"""
from __future__ import annotations

import pytest

from toolkit.core import curation, views
from toolkit.core import sessions as core
from toolkit.core.definitions import all_workshops, get_workshop
from toolkit.core.errors import NotFoundError, PermissionDenied
from toolkit.core.examples import load_example, seed_session
from toolkit.core.sessions import Contribution
from toolkit.core.views import Reader, card, session_view

LANGS = ("nl", "en")


@pytest.fixture
def brainstorm(sqlite_store):
    """A brainstorm session (0 ideas, 1 vote, 2 rate, 3 results) with two people; the silent
    idea phase is revealed, so both see every idea."""
    created = core.create_session(sqlite_store, "brainstorm", "nl")
    core.set_revealed(sqlite_store, created.code, created.facilitator_key, True)
    a = core.join(sqlite_store, created.code, "marketing", "Anna")
    b = core.join(sqlite_store, created.code, "it", "Bram")
    return sqlite_store, created, a, b


@pytest.fixture
def dna(sqlite_store):
    """A DNA session: 0 purpose (silent note), 1 values (form), 2 cascade, 3 alignment, 4 evidence,
    5 kpis, 6 gaps, 7 priorities (vote), 8 wrap-up."""
    created = core.create_session(sqlite_store, "dna-mapping", "nl")
    a = core.join(sqlite_store, created.code, "marketing", "Anna")
    b = core.join(sqlite_store, created.code, "service", "Bram")
    return sqlite_store, created, a, b


def _texts(view) -> list[str]:
    return [c.text for c in view.cards]


# -- silent phases, reveal, own versus others ------------------------------------------------------

def test_silent_phase_hides_others_until_the_reveal(dna):
    store, s, a, b = dna
    core.add_contribution(store, s.code, a.token, "purpose", {"text": "mine", "prompt": "purpose"})
    core.add_contribution(store, s.code, b.token, "purpose", {"text": "theirs", "prompt": "purpose"})
    view = session_view(store, s.code, token=a.token)
    assert view.others_hidden and _texts(view) == ["mine"]
    assert view.notice == views.text("hidden_until_reveal", "nl")
    assert session_view(store, s.code, facilitator_key=s.facilitator_key).cards[1].text == "theirs"
    assert _texts(session_view(store, s.code, token=a.token, viewer="self")) == ["mine", "theirs"]
    core.set_revealed(store, s.code, s.facilitator_key, True)
    view = session_view(store, s.code, token=a.token)
    assert not view.others_hidden and _texts(view) == ["mine", "theirs"] and view.notice == ""


def test_own_cards_are_editable_only_while_their_phase_is_open(dna):
    store, s, a, b = dna
    mine = core.add_contribution(store, s.code, a.token, "purpose", {"text": "mine", "prompt": "purpose"})
    core.set_revealed(store, s.code, s.facilitator_key, True)
    core.add_contribution(store, s.code, b.token, "purpose", {"text": "theirs", "prompt": "purpose"})
    view = session_view(store, s.code, token=a.token)
    assert [(c.own, c.editable) for c in view.cards] == [(True, True), (False, False)]
    core.set_locked(store, s.code, s.facilitator_key, True)
    assert [c.editable for c in session_view(store, s.code, token=a.token).cards] == [False, False]
    core.set_locked(store, s.code, s.facilitator_key, False)
    core.set_phase(store, s.code, s.facilitator_key, 1)
    core.set_phase(store, s.code, s.facilitator_key, 0)
    assert session_view(store, s.code, token=a.token).card(mine.id).editable
    core.set_phase(store, s.code, s.facilitator_key, 8)  # wrap-up shows every phase's input
    card_ = session_view(store, s.code, token=a.token).card(mine.id)
    assert card_.own and not card_.editable


def test_silent_phase_hides_others_input_in_ref_choices_too(sqlite_store):
    store = sqlite_store
    s = core.create_session(store, "aida-journey", "nl")
    a, b = core.join(store, s.code, "marketing", "A"), core.join(store, s.code, "it", "B")
    core.set_phase(store, s.code, s.facilitator_key, 1)  # goals: silent form
    core.add_contribution(store, s.code, a.token, "goals", {"goal": "A's goal", "stage": "attention"})
    core.add_contribution(store, s.code, b.token, "goals", {"goal": "B's goal", "stage": "attention"})
    view = session_view(store, s.code, token=a.token)
    assert _texts(view) == ["A's goal"]
    assert "B's goal" not in repr(view.cards) + repr(view.input)


# -- hidden and agreed items, anonymity, totals ------------------------------------------------------

def test_hidden_items_leave_participant_pages_and_are_flagged_for_the_facilitator(brainstorm):
    store, s, a, b = brainstorm
    one = core.add_contribution(store, s.code, a.token, "ideas", {"text": "one", "prompt": "idea"})
    two = core.add_contribution(store, s.code, b.token, "ideas", {"text": "two", "prompt": "idea"})
    curation.hide(store, s.code, s.facilitator_key, two.id)
    curation.agree(store, s.code, s.facilitator_key, one.id)
    assert _texts(session_view(store, s.code, token=a.token)) == ["one"]
    facilitator = session_view(store, s.code, facilitator_key=s.facilitator_key)
    assert [(c.text, c.hidden, c.agreed) for c in facilitator.cards] == [("one", False, True), ("two", True, False)]
    core.set_phase(store, s.code, s.facilitator_key, 1)  # vote: a hidden idea is no target
    assert [t.text for t in session_view(store, s.code, token=a.token).input.targets] == ["one"]
    core.set_phase(store, s.code, s.facilitator_key, 2)  # rate: nor a row
    assert [label for _, label in session_view(store, s.code, token=a.token).input.rows] == ["one"]


def test_anonymous_sessions_show_no_author_anywhere(brainstorm):
    store, s, a, b = brainstorm
    core.add_contribution(store, s.code, a.token, "ideas", {"text": "one", "prompt": "idea"})
    assert session_view(store, s.code, token=b.token).cards[0].byline == "Anna · Marketing"
    core.set_anonymous(store, s.code, s.facilitator_key, True)
    for view in (session_view(store, s.code, token=b.token), session_view(store, s.code, token=a.token),
                 session_view(store, s.code, facilitator_key=s.facilitator_key)):
        assert view.anonymous
        assert all(c.author is None and c.byline == "Marketing" for c in view.cards)
        assert "Anna" not in repr(view.cards)
    me = session_view(store, s.code, token=a.token).me
    assert me.name is None and me.label == "anonieme deelnemer"


def test_vote_totals_show_to_the_facilitator_and_after_voting(brainstorm):
    store, s, a, b = brainstorm
    idea = core.add_contribution(store, s.code, a.token, "ideas", {"text": "one", "prompt": "idea"})
    core.set_phase(store, s.code, s.facilitator_key, 1)
    core.vote(store, s.code, b.token, "vote", idea.id, 3)
    mine = session_view(store, s.code, token=b.token)
    assert not mine.totals_shown and mine.cards[0].votes is None
    assert mine.input.kind == "vote" and mine.input.my_votes == {idea.id: 3} and mine.input.left == 2
    assert session_view(store, s.code, facilitator_key=s.facilitator_key).cards[0].votes == 3
    core.set_phase(store, s.code, s.facilitator_key, 3)
    assert session_view(store, s.code, token=a.token).cards[0].votes == 3


# -- input ---------------------------------------------------------------------------------------

def test_input_follows_the_phase_and_the_lock(brainstorm):
    store, s, a, _b = brainstorm
    view = session_view(store, s.code, token=a.token, language="en")
    assert (view.input.kind, view.input.open) == ("note", True)
    assert view.input.prompts == (("idea", "Idea"), ("pain", "Pain point"))
    core.set_locked(store, s.code, s.facilitator_key, True)
    view = session_view(store, s.code, token=a.token, language="en")
    assert (view.input.kind, view.input.open, view.input.closed_reason) == ("note", False, "Input is closed.")
    core.set_phase(store, s.code, s.facilitator_key, 3)
    view = session_view(store, s.code, token=a.token)
    assert view.input.kind is None and view.input.closed_reason == views.text("no_input", "nl")
    assert session_view(store, s.code, facilitator_key=s.facilitator_key).input.kind is None
    assert session_view(store, s.code).input.kind is None  # a visitor who has not joined


def test_rating_input_carries_rows_scale_and_own_scores(brainstorm):
    store, s, a, _b = brainstorm
    idea = core.add_contribution(store, s.code, a.token, "ideas", {"text": "one", "prompt": "idea"})
    core.set_phase(store, s.code, s.facilitator_key, 2)
    core.rate(store, s.code, a.token, "rate", str(idea.id), None, "customers", 4)
    view = session_view(store, s.code, token=a.token, language="en")
    spec = view.input
    assert spec.kind == "rating" and spec.rows == ((str(idea.id), "one"),) and spec.columns == ()
    assert [d for d, _ in spec.dimensions] == ["customers", "work"]
    assert (spec.scale.low, spec.scale.high) == (1, 5) and spec.my_scores == {(str(idea.id), None, "customers"): 4}


def test_form_input_resolves_options_lists_and_references(dna):
    store, s, a, _b = dna
    core.set_phase(store, s.code, s.facilitator_key, 1)
    value = core.add_contribution(store, s.code, a.token, "values", {"value": "Snel", "promise": "Binnen een dag"})
    core.set_phase(store, s.code, s.facilitator_key, 5)
    fields = {f.id: f for f in session_view(store, s.code, token=a.token, language="en").input.fields}
    assert fields["value"].type == "ref" and fields["value"].options == ((str(value.id), "Snel"),)
    assert ("website", "Website") in fields["channel"].options
    core.set_list(store, s.code, s.facilitator_key, "channels", ["Website", "Podcast"])
    fields = {f.id: f for f in session_view(store, s.code, token=a.token, language="en").input.fields}
    assert [label for _, label in fields["channel"].options] == ["Website", "Podcast"]


def test_unknown_token_and_wrong_key_are_refused(brainstorm):
    store, s, _a, _b = brainstorm
    with pytest.raises(NotFoundError):
        session_view(store, s.code, token="forged")  # noqa: S106
    with pytest.raises(PermissionDenied):
        session_view(store, s.code, facilitator_key="wrong")


# -- reading contributions ------------------------------------------------------------------------

def test_a_number_that_equals_a_contribution_id_is_not_read_as_that_contribution(sqlite_store):
    """Regression: a KPI target of "40" showed the text of note #40 on the board."""
    created = seed_session(sqlite_store, "dna-insurer")
    items = core.contributions(sqlite_store, created.code)
    state = core.get_session(sqlite_store, created.code)
    reader = Reader.for_state(state, items, "en")
    note = next(c for c in items if c.kind == "note")
    kpi = next(c for c in items if c.phase == "kpis")
    payload = dict(kpi.payload, target=str(note.id), owner=str(note.id))
    details = {d.field: d.value for d in reader.details(payload, "kpis")}
    assert details["target"] == str(note.id) and details["owner"] == str(note.id)
    assert note.text not in details.values()
    value = next(c for c in items if str(c.id) == kpi.payload["value"])
    assert details["value"] == value.text  # a real reference does show the referenced text


def test_form_details_keep_every_field_once():
    """Regression: the persona "rewrite" rows dropped the situation and showed the original twice;
    DNA "kpis" rows dropped the linked value."""
    snapshot = load_example("persona-energy")
    reader = Reader.for_snapshot(snapshot, "en")
    rewrite = next(r for r in snapshot.contributions.itertuples() if r.phase == "rewrite")
    details = reader.details(rewrite.payload, "rewrite")
    assert [d.field for d in details] == ["situation", "rewrite"]
    assert reader.main_text(rewrite.payload, "rewrite") == rewrite.payload["original"]
    assert details[0].label == "Situation" and details[0].value != rewrite.payload["situation"]

    snapshot = load_example("dna-insurer")
    reader = Reader.for_snapshot(snapshot, "nl")
    kpi = next(r for r in snapshot.contributions.itertuples() if r.phase == "kpis")
    fields = [d.field for d in reader.details(kpi.payload, "kpis")]
    assert fields[0] == "value" and "kpi" not in fields


def _sample_value(field, workshop, contribution_ids):
    if field.type == "choice":
        return field.options[0].id if field.options else workshop.lists[field.list][0].id
    if field.type == "ref":
        return str(contribution_ids[0])
    if field.type == "number":
        return 2.5
    return f"sample {field.id}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("workshop", [w.id for w in all_workshops()])
def test_every_field_kind_reads_with_labels_in_the_language(workshop, lang):
    w = get_workshop(workshop)
    referenced = Contribution(7, 1, w.phases[0].id, "note", {"text": "the referenced one"}, None, "it", 0, 0)
    reader = Reader(w, lang, {k: tuple((o.id, o.label(lang)) for o in v) for k, v in w.lists.items()},
                    {7: "the referenced one"})
    for phase in w.phases:
        if phase.input == "note":
            prompt = phase.prompts[0] if phase.prompts else None
            payload = {"text": "a note", **({"prompt": prompt.id} if prompt else {})}
            c = card(Contribution(8, 2, phase.id, "note", payload, "Anna", "it", 0, 0), reader, anonymous=False)
            assert c.text == "a note" and c.details == ()
            assert c.group == (prompt.label(lang) if prompt else None)
        if phase.input != "form":
            continue
        payload = {f.id: _sample_value(f, w, [referenced.id]) for f in phase.fields}
        c = card(Contribution(9, 2, phase.id, "form", payload, "Anna", "it", 0, 0), reader, anonymous=True)
        assert c.author is None
        main = next(f for f in phase.fields if f.type in ("text", "longtext"))
        assert c.text == payload[main.id]
        by_field = {d.field: d for d in c.details}
        assert set(by_field) == {f.id for f in phase.fields} - {main.id}
        for f in phase.fields:
            if f.id == main.id:
                continue
            d = by_field[f.id]
            assert d.label == f.label(lang)
            if f.type == "choice":
                option = f.options[0] if f.options else w.lists[f.list][0]
                assert d.value == option.label(lang)
            elif f.type == "ref":
                assert d.value == "the referenced one"
            elif f.type == "number":
                assert d.value == ("2,5" if lang == "nl" else "2.5")
            else:
                assert d.value == payload[f.id]


def test_a_reference_to_a_deleted_contribution_says_so():
    w = get_workshop("dna-mapping")
    reader = Reader(w, "en", {}, {})
    details = reader.details({"value": "12", "channel": "website", "kpi": "x"}, "kpis")
    assert details[0].value == "(deleted contribution)"


# -- following the feed ----------------------------------------------------------------------------

def test_feed_events_update_a_held_view_without_the_store(brainstorm):
    store, s, a, b = brainstorm
    view = session_view(store, s.code, token=a.token)
    version = view.version
    added = core.add_contribution(store, s.code, b.token, "ideas", {"text": "new", "prompt": "pain"})
    events = core.changes_since(store, s.code, version).events
    after = views.apply_events(view, events)
    fresh = session_view(store, s.code, token=a.token)
    assert after is not None and after.cards == fresh.cards and after.version == fresh.version
    assert after.card(added.id).group == fresh.card(added.id).group
    core.delete_contribution(store, s.code, b.token, added.id)
    after = views.apply_events(after, core.changes_since(store, s.code, after.version).events)
    assert after.cards == ()
    core.set_phase(store, s.code, s.facilitator_key, 1)
    assert views.apply_events(after, core.changes_since(store, s.code, after.version).events) is None


def test_the_facilitator_view_takes_arrivals_without_the_store(brainstorm):
    """A room filling up changes the head count only: the held facilitator view follows the
    arrivals (and a note among them) without a fresh read, and equals one."""
    store, s, a, _b = brainstorm
    view = session_view(store, s.code, facilitator_key=s.facilitator_key, viewer="facilitator")
    version = view.version
    core.join(store, s.code, "it", "Ivo")
    core.add_contribution(store, s.code, a.token, "ideas", {"text": "between arrivals", "prompt": "pain"})
    core.join(store, s.code, "service", "Sam")
    events = core.changes_since(store, s.code, version).events
    assert [e["type"] for e in events].count("participant.joined") == 2
    after = views.apply_events(view, events)
    fresh = session_view(store, s.code, facilitator_key=s.facilitator_key, viewer="facilitator")
    assert after is not None and after.version == fresh.version and after.cards == fresh.cards
    assert len(after.cards) == 1
    assert not views.only_arrivals(events)  # the note among them changes the board
    core.join(store, s.code, "sales", "Sal")
    arrivals = core.changes_since(store, s.code, after.version).events
    assert views.only_arrivals(arrivals) and not views.only_arrivals([])
    later = views.apply_events(after, arrivals)
    assert later == session_view(store, s.code, facilitator_key=s.facilitator_key, viewer="facilitator")
    assert later.cards is after.cards and later.source.state.version == later.version


def test_a_participant_page_ignores_others_arrivals_and_scores(brainstorm):
    store, s, a, _b = brainstorm
    view = session_view(store, s.code, token=a.token)
    assert not views.concerns(view, [{"type": "participant.joined", "actor": "p99", "data": {}}])
    assert views.concerns(view, [{"type": "rating.set", "actor": f"p{a.id}", "data": {}}])
    assert views.concerns(view, [{"type": "phase.changed", "actor": "facilitator", "data": {}}])
    facilitator = session_view(store, s.code, facilitator_key=s.facilitator_key)
    assert views.concerns(facilitator, [{"type": "participant.joined", "actor": "p99", "data": {}}])
    assert views.actor_participant("p12") == 12 and views.actor_participant("facilitator") is None


def test_a_view_switches_language_without_the_store(brainstorm):
    store, s, a, _b = brainstorm
    core.add_contribution(store, s.code, a.token, "ideas", {"text": "one", "prompt": "idea"})
    view = session_view(store, s.code, token=a.token)
    english = views.with_language(view, "en")
    assert english.language == "en" and english.phase.title == get_workshop("brainstorm").phases[0].title("en")
    assert english.cards[0].group == get_workshop("brainstorm").phases[0].prompts[0].label("en")


def test_feed_additions_keep_other_cards_and_an_edit_updates_what_refers_to_it(dna):
    store, s, a, b = dna
    core.set_phase(store, s.code, s.facilitator_key, 2)  # cascade: a form that refers to itself
    top = core.add_contribution(store, s.code, a.token, "cascade", {"level": "organisation", "text": "Grow"})
    view = session_view(store, s.code, token=b.token, language="en")
    since = view.version
    child = core.add_contribution(store, s.code, b.token, "cascade",
                                  {"level": "marketing", "text": "Leads", "parent": str(top.id)})
    after = views.apply_events(view, core.changes_since(store, s.code, since).events)
    assert after.card(top.id) is view.card(top.id)  # an added note changes no other card
    assert {d.field: d.value for d in after.card(child.id).details}["parent"] == "Grow"
    core.edit_contribution(store, s.code, a.token, top.id, {"level": "organisation", "text": "Grow faster"})
    edited = views.apply_events(after, core.changes_since(store, s.code, after.version).events)
    assert {d.field: d.value for d in edited.card(child.id).details}["parent"] == "Grow faster"
    assert edited.cards == session_view(store, s.code, token=b.token, language="en").cards


def test_participant_page_reads_the_session_and_the_participants_view_together(brainstorm):
    store, created, a, _ = brainstorm
    core.add_contribution(store, created.code, a.token, "ideas", {"text": "Eerste idee", "prompt": "idea"})
    page = views.participant_page(store, created.code.lower(), token=a.token, language="en")
    assert page.state == core.get_session(store, created.code)
    assert page.view == session_view(store, created.code, token=a.token, language="en")
    assert page.view.me.id == a.id and [c.text for c in page.view.cards] == ["Eerste idee"]
    # No cookie yet, or a token that names nobody in this session: the join form.
    assert views.participant_page(store, created.code, token=None).view is None
    other = core.create_session(store, "brainstorm", "en")
    stranger = core.join(store, other.code, "it")
    assert views.participant_page(store, created.code, token=stranger.token).view is None
    assert views.participant_page(store, created.code, token="forged").view is None  # noqa: S106
    with pytest.raises(NotFoundError):
        views.participant_page(store, "NOSUCH", token=a.token)
