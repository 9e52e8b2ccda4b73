"""What one viewer sees of a session now: the one view model behind every page and every export.

Every rule about how a contribution reads and who may see what is decided here, once; the
renderers (the participant web page, the ipywidgets pages, the exports) only draw the values.
No widgets, no HTML, no pandas: text stays plain and each renderer escapes it for its format.

Reading a contribution
    :class:`Reader` knows a workshop's definition, the session's lists and the texts of the
    session's contributions, in one language. :meth:`Reader.main_text` is the text that stands for
    a contribution (a note's text, a form's first filled text field); :meth:`Reader.details` are
    its other fields as ``(label, value)`` pairs: labels and option labels from the definition in
    the reader's language, a reference to another contribution as that contribution's text, a
    list reference as the list item's label, numbers in the language's notation.
    :func:`card` turns one :class:`~toolkit.core.sessions.Contribution` into a :class:`Card`;
    :func:`option_label` is how one field's value reads (for analysis tables) and
    :func:`format_number` how a number reads.

What a viewer sees
    :func:`session_view` reads the store and returns a :class:`SessionView` for a participant
    (``token``), the facilitator (``facilitator_key``) or a self-paced learner
    (``viewer="self"``); :func:`build_view` computes the same from data already read.
    :func:`projector_view` is the room's screen: a visitor's view (no input) with the agreed
    items on top and, in a silent phase, only a count (:class:`ProjectorView`).
    The rules, all here:

    - the board shows the phase a vote phase votes on, the current phase for note and form
      phases, and every note and form in a discussion or rating phase;
    - a silent phase hides other participants' input from participants until the facilitator
      reveals it (a self-paced learner and the facilitator see everything);
    - the facilitator's curation (:mod:`toolkit.core.curation`) applies: hidden contributions
      are left out for participants and flagged ``hidden`` for the facilitator; merged ones show
      inside their survivor (their dots count for it); a clustered one shows in its cluster;
      agreed ones are flagged, read in their agreed wording and come first on the board;
    - dot totals show to the facilitator, and to participants in a discussion phase;
    - a participant edits and deletes their own contributions of the current phase while input
      is open (core refuses anything else anyway);
    - in an anonymous session no card carries an author (and :func:`without_names` leaves no
      name in a snapshot for the exports);
    - a chart of scores shows one rating phase at a time (:func:`rating_phases`,
      :func:`divergence_phase`): phases have their own scales and are never averaged together.

Following the feed
    :func:`apply_event` (:func:`apply_events` for a batch) applies change-feed events to a held
    view and returns the new view, or ``None`` when they need a fresh :func:`session_view`;
    :func:`concerns` says whether a batch of events changes anything for a viewer;
    :func:`actor_participant` reads the ``actor`` field of an event; :func:`edited_payload` is
    a note's payload with new text (for an edit), :func:`with_language` the same view in
    another language.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from toolkit.core.curation import Curation, curation_of
from toolkit.core.definitions import FormField, Phase, Workshop, get_workshop
from toolkit.core.i18n import decimal_mark, role_label, translate
from toolkit.core.limits import SHARED_CLIENT
from toolkit.core.sessions import Contribution, Participant, SessionState, shown_items

if TYPE_CHECKING:
    from toolkit.core.snapshot import Snapshot
    from toolkit.core.store import Store

VIEWERS = ("participant", "facilitator", "self")
TEXT_FIELDS = ("text", "longtext")
# Events that change only a list of contributions: a held view applies them without a re-read.
CONTRIBUTION_EVENTS = frozenset({"contribution.added", "contribution.edited", "contribution.deleted"})
# Events that change nothing on another participant's page.
QUIET_FOR_OTHERS = frozenset({"participant.joined", "rating.set"})
# An arrival changes no card and no input of anyone already looking; it changes only the page of
# the person who arrived (who now has a "me"), and the facilitator's head count.
ARRIVAL_EVENTS = frozenset({"participant.joined"})

# The strings a view carries, in both languages (a test checks every key has both).
TEXT: dict[str, dict[str, str]] = {
    "hidden_until_reveal": {
        "nl": "Je ziet alleen je eigen bijdragen tot de facilitator ze onthult.",
        "en": "You see only your own contributions until the facilitator reveals them.",
    },
    "board_empty": {"nl": "Nog geen bijdragen.", "en": "No contributions yet."},
    "input_locked": {"nl": "De invoer is gesloten.", "en": "Input is closed."},
    "no_input": {"nl": "In deze fase bespreken we samen; je hoeft niets in te vullen.",
                 "en": "In this phase we discuss together; there is nothing to fill in."},
    "anonymous_person": {"nl": "anonieme deelnemer", "en": "an anonymous participant"},
    "prompt": {"nl": "Vraag", "en": "Prompt"},
    "cluster": {"nl": "Cluster", "en": "Cluster"},
    "ref_missing": {"nl": "(verwijderde bijdrage)", "en": "(deleted contribution)"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
}


def text(key: str, lang: str, **params: object) -> str:
    """The view string ``key`` in ``lang``."""
    return translate(TEXT, key, lang, **params)


# -- values -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Detail:
    """One labelled field of a contribution: ``label`` from the definition, ``value`` as text."""

    field: str
    label: str
    value: str


@dataclass(frozen=True)
class Card:
    """How one contribution reads for one viewer.

    ``author`` is ``None`` in an anonymous session; ``votes`` is ``None`` when this viewer is
    not shown dot totals now; ``editable`` means the viewer may edit and delete it now.
    Curation (:mod:`toolkit.core.curation`): ``group`` is the card's cluster when it has one;
    ``hidden`` marks a card the facilitator hid (only the facilitator sees those); ``agreed`` a
    card the room agreed on, whose ``text`` is then the agreed wording and ``original`` the
    author's own text when that differs; ``merged`` are the texts merged into this card.
    """

    id: int
    phase: str
    kind: str
    text: str
    details: tuple[Detail, ...]
    group: str | None
    author: str | None
    role: str
    role_label: str
    own: bool = False
    editable: bool = False
    votes: int | None = None
    hidden: bool = False
    agreed: bool = False
    merged: tuple[str, ...] = ()
    original: str | None = None

    @property
    def byline(self) -> str:
        """``author · role`` (the role alone without an author)."""
        return f"{self.author} · {self.role_label}" if self.author else self.role_label


@dataclass(frozen=True)
class FieldView:
    """One form field as the viewer fills it in; ``options`` are ``(id, label)`` pairs."""

    id: str
    type: str
    label: str
    required: bool
    max_length: int
    options: tuple[tuple[str, str], ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class ScaleView:
    low: int
    high: int
    low_label: str
    high_label: str


@dataclass(frozen=True)
class InputView:
    """What input is open for this viewer now.

    ``kind`` is ``"note"``, ``"form"``, ``"vote"``, ``"rating"`` or ``None`` (nothing to fill
    in, or the facilitator's view); ``closed_reason`` says in the viewer's language why nothing
    can be entered (locked input, a discussion phase). Notes: ``prompts``, ``max_length``. Forms:
    ``fields``. Votes: ``targets`` (the cards voted on), ``budget``, ``spent``, ``my_votes``.
    Ratings: ``rows``, ``columns`` (empty for a plain list), ``dimensions``, ``scale``,
    ``my_scores`` keyed by ``(row, column or None, dimension)``.
    """

    kind: str | None
    open: bool
    closed_reason: str | None = None
    max_length: int = 0
    prompts: tuple[tuple[str, str], ...] = ()
    fields: tuple[FieldView, ...] = ()
    targets: tuple[Card, ...] = ()
    budget: int = 0
    spent: int = 0
    my_votes: Mapping[int, int] = field(default_factory=dict)
    rows: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    dimensions: tuple[tuple[str, str], ...] = ()
    scale: ScaleView | None = None
    my_scores: Mapping[tuple[str, str | None, str], int] = field(default_factory=dict)

    @property
    def left(self) -> int:
        """Dots still to place."""
        return self.budget - self.spent


@dataclass(frozen=True)
class PhaseView:
    index: int
    count: int
    id: str
    title: str
    instructions: str
    input: str
    silent: bool
    revealed: bool
    locked: bool
    timer_deadline: float | None
    minutes: int | None
    facilitator_notes: str | None = None  # the facilitator's view only


@dataclass(frozen=True)
class MeView:
    """The participant looking at the page."""

    id: int
    name: str | None
    role: str
    role_label: str
    label: str  # the name, or "anonymous"


@dataclass(frozen=True)
class _Source:
    """What a view was built from, so that :func:`apply_event` can rebuild it without the store."""

    state: SessionState
    contributions: tuple[Contribution, ...]
    me: Participant | None
    vote_totals: Mapping[int, int]
    my_votes: Mapping[int, int]
    row_votes: Mapping[int, int] = field(default_factory=dict)  # dots that rank a rating phase's rows


@dataclass(frozen=True)
class SessionView:
    """Everything one viewer sees of a session now, in one language.

    ``cards`` are the board's cards in order (a participant's own cards only while
    ``others_hidden``); ``board_phase`` is the phase the board shows (``None``: every phase);
    ``notice`` is the board's message in the viewer's language (empty when there is none).
    """

    code: str
    workshop_id: str
    workshop_title: str
    language: str
    anonymous: bool
    version: int
    viewer: str
    phase: PhaseView
    board_phase: str | None
    others_hidden: bool
    totals_shown: bool
    cards: tuple[Card, ...]
    input: InputView
    me: MeView | None
    notice: str
    source: _Source = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def card(self, contribution_id: int) -> Card | None:
        """The card with this id, if this viewer sees it."""
        return next((c for c in self.cards if c.id == contribution_id), None)

    @property
    def groups(self) -> list[tuple[str | None, list[Card]]]:
        """The cards by group, groups in the order they first appear."""
        out: dict[str | None, list[Card]] = {}
        for c in self.cards:
            out.setdefault(c.group, []).append(c)
        return list(out.items())


# -- reading contributions ----------------------------------------------------------------------

def format_number(value: Any, lang: str) -> str:
    """A number for reading: whole numbers without decimals, at most two decimals, a decimal
    comma in Dutch."""
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        shown = f"{value:.2f}".rstrip("0").rstrip(".")
        if shown == "-0":
            shown = "0"
        return decimal_mark(shown, lang)
    return str(value)


def list_items(workshop: Workshop, list_id: str, language: str,
               edited: Iterable[tuple[str, str]] | None = None) -> tuple[tuple[str, str], ...]:
    """A list's ``(id, label)`` items: the facilitator's edited items, else the definition's in
    ``language``."""
    if edited is not None:
        return tuple((str(i), str(label)) for i, label in edited)
    return tuple((o.id, o.label(language)) for o in workshop.lists.get(list_id, ()))


def _phase(workshop: Workshop, phase_id: str) -> Phase | None:
    try:
        return workshop.phase(phase_id)
    except KeyError:
        return None


def _main_field(payload: Mapping[str, Any], phase: Phase | None) -> str | None:
    """The payload key whose value stands for the contribution."""
    if isinstance(payload.get("text"), str) and (phase is None or phase.input != "form"):
        return "text"
    if phase is not None:
        for f in phase.fields:
            if f.type in TEXT_FIELDS and isinstance(payload.get(f.id), str) and payload[f.id]:
                return f.id
        return None
    return next((k for k, v in payload.items() if isinstance(v, str) and v), None)


def main_text(payload: Mapping[str, Any], phase: Phase | None) -> str:
    """The text that stands for a contribution: a note's text; for a form of ``phase``, its
    first filled text field (never a reference or a choice)."""
    key = _main_field(payload, phase)
    return str(payload[key]) if key else ""


@dataclass(frozen=True)
class Reader:
    """How contributions of one session read in one language.

    ``lists`` maps a list id to its ``(id, label)`` items; ``texts`` maps a contribution id to
    its main text (what a reference to it shows).
    """

    workshop: Workshop
    language: str
    lists: Mapping[str, tuple[tuple[str, str], ...]]
    texts: Mapping[int, str]

    @classmethod
    def for_state(cls, state: SessionState, contributions: Iterable[Contribution],
                  language: str | None = None) -> Reader:
        lang = language or state.language
        workshop = state.workshop
        edited = state.settings.get("lists", {}) if isinstance(state.settings, dict) else {}
        lists = {}
        for list_id in workshop.lists:
            items = edited.get(list_id)
            lists[list_id] = list_items(workshop, list_id, lang,
                                        None if items is None else [(i["id"], i["label"]) for i in items])
        texts = {c.id: main_text(c.payload, _phase(workshop, c.phase)) for c in contributions if c.kind != "rating"}
        return cls(workshop, lang, lists, texts)

    @classmethod
    def for_snapshot(cls, snapshot: Snapshot, language: str | None = None) -> Reader:
        """A reader of a snapshot; lists the facilitator did not edit follow ``language``."""
        lang = language or snapshot.language
        workshop = get_workshop(snapshot.workshop_id)
        lists = {}
        for list_id, items in snapshot.lists.items():
            items = tuple((str(i), str(label)) for i, label in items)
            default = list_items(workshop, list_id, snapshot.language)
            lists[list_id] = list_items(workshop, list_id, lang) if items == default else items
        rows = snapshot.contributions
        texts = {}
        for cid, kind, phase, payload in zip(rows["id"], rows["kind"], rows["phase"], rows["payload"], strict=True):
            if kind != "rating" and isinstance(payload, dict):
                texts[int(cid)] = main_text(payload, _phase(workshop, phase))
        return cls(workshop, lang, lists, texts)

    def list_label(self, list_id: str, item_id: Any) -> str:
        """The label of a list item (its id when the list no longer has it)."""
        return dict(self.lists.get(list_id, ())).get(str(item_id), str(item_id))

    def ref_text(self, value: Any) -> str:
        """What a reference to a contribution shows: that contribution's text."""
        try:
            return self.texts[int(value)]
        except (KeyError, TypeError, ValueError):
            return text("ref_missing", self.language)

    def axis_label(self, axis, key: Any) -> str:
        """The label of a rating row or column: a list item's label or a contribution's text."""
        if key is None or (isinstance(key, float) and math.isnan(key)) or key == "":
            return ""
        return self.list_label(axis.list, key) if axis.list else self.ref_text(key)

    def main_text(self, payload: Mapping[str, Any], phase_id: str) -> str:
        return main_text(payload, _phase(self.workshop, phase_id))

    def field_value(self, spec: FormField, value: Any) -> str:
        """A form field's value as it reads."""
        lang = self.language
        if spec.type == "choice":
            if spec.list:
                return self.list_label(spec.list, value)
            return next((o.label(lang) for o in spec.options if o.id == str(value)), str(value))
        if spec.type == "ref":
            return self.ref_text(value)
        if spec.type == "number":
            return format_number(value, lang)
        return str(value)

    def details(self, payload: Mapping[str, Any], phase_id: str) -> tuple[Detail, ...]:
        """Every filled field of a form other than its main text, in the definition's order."""
        phase = _phase(self.workshop, phase_id)
        if phase is None:
            return ()
        main = _main_field(payload, phase)
        out = []
        for spec in phase.fields:
            value = payload.get(spec.id)
            if spec.id == main or value is None or value == "":
                continue
            out.append(Detail(spec.id, spec.label(self.language), self.field_value(spec, value)))
        return tuple(out)

    def group(self, payload: Mapping[str, Any], phase_id: str) -> str | None:
        """The group a contribution is shown in: its cluster, else its prompt's label."""
        cluster = payload.get("cluster")
        if isinstance(cluster, str) and cluster:
            return cluster
        prompt = payload.get("prompt")
        phase = _phase(self.workshop, phase_id)
        if prompt and phase is not None:
            for p in phase.prompts:
                if p.id == prompt:
                    return p.label(self.language)
        return None

    def group_label(self, payload: Mapping[str, Any]) -> str:
        """What a group is called: "Cluster" or "Prompt" in the reader's language."""
        return text("cluster" if payload.get("cluster") else "prompt", self.language)


def option_label(workshop: Workshop, phase_id: str, field_id: str, value: Any, lang: str) -> str:
    """How the value of one form field reads (an option's or list item's label), for analysis
    tables that show one field."""
    spec = next(f for f in workshop.phase(phase_id).fields if f.id == field_id)
    lists = {k: list_items(workshop, k, lang) for k in workshop.lists}
    return Reader(workshop, lang, lists, {}).field_value(spec, value)


def card(contribution: Contribution, reader: Reader, *, anonymous: bool, me: int | None = None,
         editable: bool = False, votes: int | None = None, curation: Curation | None = None) -> Card:
    """One contribution as a card (also for a single feed event)."""
    c = contribution
    cur = curation if curation is not None else Curation()
    payload = c.payload if isinstance(c.payload, dict) else {}
    own_text = reader.main_text(payload, c.phase)
    agreed = c.id in cur.agreed
    wording = cur.agreed.get(c.id) if agreed else None
    cluster = cur.cluster_of(c.id)
    return Card(
        id=c.id, phase=c.phase, kind=c.kind, text=wording or own_text,
        details=reader.details(payload, c.phase) if c.kind == "form" else (),
        group=cluster.label if cluster is not None else reader.group(payload, c.phase),
        author=None if anonymous or not c.author else c.author,
        role=c.role, role_label=role_label(c.role, reader.language),
        own=me is not None and c.participant_id == me, editable=editable, votes=votes,
        hidden=c.id in cur.hidden, agreed=agreed,
        merged=tuple(reader.texts.get(m, "") for m in cur.merged_into(c.id)),
        original=own_text if wording and wording != own_text else None,
    )


# -- what a viewer sees -------------------------------------------------------------------------

def board_phase(phase: Phase) -> str | None:
    """The phase whose input the board shows during ``phase`` (``None``: every phase's)."""
    if phase.input == "vote":
        return phase.vote_on
    if phase.input in ("none", "rating"):
        return None
    return phase.id


def others_hidden(state: SessionState, viewer: str) -> bool:
    """Whether this viewer sees only their own input now (a silent phase before the reveal)."""
    return viewer == "participant" and state.phase.silent and not state.revealed


def totals_shown(phase: Phase, viewer: str) -> bool:
    """Whether dot totals show: to the facilitator always, to others once voting is over."""
    return viewer == "facilitator" or phase.input == "none"


def _phase_view(state: SessionState, lang: str, viewer: str) -> PhaseView:
    phase = state.phase
    notes = phase.facilitator_notes(lang) if viewer == "facilitator" and phase.facilitator_notes else None
    return PhaseView(
        index=state.phase_index, count=len(state.workshop.phases), id=phase.id, title=phase.title(lang),
        instructions=phase.instructions(lang), input=phase.input, silent=phase.silent, revealed=state.revealed,
        locked=state.locked, timer_deadline=state.timer_deadline, minutes=phase.timebox_minutes,
        facilitator_notes=notes,
    )


def _options(spec: FormField, reader: Reader, visible: list[Contribution]) -> tuple[tuple[str, str], ...]:
    if spec.type == "choice":
        if spec.list:
            return tuple(reader.lists.get(spec.list, ()))
        return tuple((o.id, o.label(reader.language)) for o in spec.options)
    if spec.type == "ref":
        return tuple((str(c.id), reader.texts.get(c.id, "")) for c in visible if c.phase == spec.ref_phase)
    return ()


def _input_view(src: _Source, viewer: str, reader: Reader, visible: list[Contribution],
                cards: tuple[Card, ...]) -> InputView:
    state, phase, lang = src.state, src.state.phase, reader.language
    if viewer == "facilitator" or src.me is None:
        return InputView(kind=None, open=False)
    if phase.input == "none":
        return InputView(kind=None, open=False, closed_reason=text("no_input", lang))
    if state.locked:
        return InputView(kind=phase.input, open=False, closed_reason=text("input_locked", lang))
    if phase.input == "note":
        return InputView(kind="note", open=True, max_length=phase.max_length,
                         prompts=tuple((p.id, p.label(lang)) for p in phase.prompts))
    if phase.input == "form":
        fields = tuple(FieldView(f.id, f.type, f.label(lang), f.required, f.max_length,
                                 _options(f, reader, visible), f.low, f.high) for f in phase.fields)
        return InputView(kind="form", open=True, fields=fields)
    if phase.input == "vote":
        mine = dict(src.my_votes)
        return InputView(kind="vote", open=True, targets=cards, budget=phase.vote_budget,
                         spent=sum(mine.values()), my_votes=mine)
    spec = phase.rating
    scale = state.workshop.scale(spec.scale)

    def axis(a) -> tuple[tuple[str, str], ...]:
        if a is None:
            return ()
        if a.list:
            return tuple(reader.lists.get(a.list, ()))
        return tuple((str(c.id), reader.texts.get(c.id, "")) for c in visible if c.phase == a.phase)

    scores = {}
    for c in src.contributions:
        if c.kind == "rating" and c.phase == phase.id and c.participant_id == src.me.id:
            p = c.payload
            scores[(str(p["row"]), p.get("column"), p["dimension"])] = p["score"]
    role = src.me.role
    rows = tuple(shown_items(state, phase, role, "rows", list(axis(spec.rows)), dict(src.row_votes)))
    columns = tuple(shown_items(state, phase, role, "columns", list(axis(spec.columns))))
    return InputView(
        kind="rating", open=True, rows=rows, columns=columns,
        dimensions=tuple((d.id, d.label(lang)) for d in spec.dimensions),
        scale=ScaleView(scale.low, scale.high, scale.low_label(lang), scale.high_label(lang)), my_scores=scores,
    )


def _build(src: _Source, viewer: str, lang: str, reuse: SessionView | None = None) -> SessionView:
    """The view of ``src``; ``reuse`` is an earlier view of the same state that only lacked some
    added contributions, whose cards are kept as they were."""
    state = src.state
    phase = state.phase
    anonymous = state.anonymous
    reader = Reader.for_state(state, src.contributions, lang)
    me = src.me.id if src.me is not None else None
    cur = curation_of(state.settings).among(c.id for c in src.contributions if c.kind != "rating")
    silent = others_hidden(state, viewer)
    show_totals = totals_shown(phase, viewer)
    shown_phase = board_phase(phase)

    def may_see(c: Contribution) -> bool:
        if c.kind == "rating" or not cur.shows(c.id, facilitator=viewer == "facilitator"):
            return False
        # Before the reveal, others' input of the silent phase shows nowhere (not even as a choice).
        return not silent or c.participant_id == me or c.phase != phase.id

    visible = [c for c in src.contributions if may_see(c)]
    on_board = [c for c in visible if shown_phase is None or c.phase == shown_phase]
    if silent:
        on_board = [c for c in on_board if c.participant_id == me]
    open_phase = None if state.locked or phase.input not in ("note", "form") else phase.id
    before = {c.id: c for c in reuse.source.contributions} if reuse is not None else {}
    kept = {c.id: c for c in reuse.cards} if reuse is not None else {}

    def card_of(c: Contribution) -> Card:
        if c.id in kept and before.get(c.id) is c:
            return kept[c.id]
        votes = None
        if show_totals:
            votes = sum(src.vote_totals.get(i, 0) for i in (c.id, *cur.merged_into(c.id)))
        return card(c, reader, anonymous=anonymous, me=me,
                    editable=me is not None and c.participant_id == me and c.phase == open_phase,
                    votes=votes, curation=cur)

    # What the room agreed on comes first; the rest keeps its order.
    cards = tuple(sorted((card_of(c) for c in on_board), key=lambda k: not k.agreed))
    notice = text("hidden_until_reveal", lang) if silent else ("" if cards else text("board_empty", lang))
    me_view = None
    if src.me is not None:
        name = None if anonymous else src.me.name
        me_view = MeView(src.me.id, name, src.me.role, role_label(src.me.role, lang),
                         name or text("anonymous_person", lang))
    return SessionView(
        code=state.code, workshop_id=state.workshop_id, workshop_title=state.workshop.title(lang), language=lang,
        anonymous=anonymous, version=state.version, viewer=viewer, phase=_phase_view(state, lang, viewer),
        board_phase=shown_phase, others_hidden=silent, totals_shown=show_totals, cards=cards,
        input=_input_view(src, viewer, reader, visible, cards), me=me_view, notice=notice, source=src,
    )


def build_view(state: SessionState, contributions: Iterable[Contribution], *, viewer: str = "participant",
               me: Participant | None = None, language: str | None = None,
               vote_totals: Mapping[int, int] | None = None, my_votes: Mapping[int, int] | None = None,
               row_votes: Mapping[int, int] | None = None) -> SessionView:
    """The view of ``viewer`` from data already read (``contributions`` oldest first, with ratings;
    ``row_votes``: the dots of the vote phase that ranks a ``top_voted`` rating phase's rows)."""
    if viewer not in VIEWERS:
        raise ValueError(f"viewer must be one of {VIEWERS}")
    src = _Source(state, tuple(contributions), me, dict(vote_totals or {}), dict(my_votes or {}),
                  dict(row_votes or {}))
    return _build(src, viewer, language if language in ("nl", "en") else state.language)


def vote_totals(store: Store, code: str, workshop: Workshop) -> dict[int, int]:
    """Dots per contribution over every vote phase of the session."""
    from toolkit.core import sessions as core

    with store.read() as conn:
        return core.read_vote_totals(conn, core.read_state(conn, code), _vote_phases(workshop))


def _vote_phases(workshop: Workshop) -> list[str]:
    return [p.id for p in workshop.phases if p.input == "vote"]


def session_view(store: Store, code: str, *, token: str | None = None, facilitator_key: str | None = None,
                 viewer: str | None = None, language: str | None = None,
                 participant: Participant | None = None) -> SessionView:
    """What a viewer sees of session ``code`` now, read from the store (in one transaction).

    A participant is known by ``token`` (``NotFoundError`` when unknown), the facilitator by
    ``facilitator_key`` (``PermissionDenied`` when wrong). Without either the view is a
    visitor's: the phase and the board as a participant sees it, no input. ``viewer="self"``
    with a token is a self-paced learner, who sees silent phases' input too. A page that
    already holds its :class:`~toolkit.core.sessions.Participant` (from ``join`` or ``resume``)
    may pass it as ``participant`` instead of the token, to save a lookup.
    """
    from toolkit.core import sessions as core

    with store.read() as conn:
        if facilitator_key is not None:
            state = core.read_facilitated_state(store, conn, code, facilitator_key)
            return _read_view(conn, state, None, "facilitator", language)
        state = core.read_state(conn, code)
        if participant is not None and participant.code != state.code:
            participant = None  # someone else's session: known by the token only
        me = participant or (core.read_participant(conn, state, token) if token is not None else None)
        return _read_view(conn, state, me, "self" if viewer == "self" else "participant", language)


def _read_view(conn, state: SessionState, me: Participant | None, viewer: str, language: str | None) -> SessionView:
    """The view of ``viewer``, its contributions and votes read in the caller's transaction."""
    from toolkit.core import sessions as core

    items = core.read_contributions(conn, state)
    phase = state.phase
    totals = core.read_vote_totals(conn, state, _vote_phases(state.workshop)) if totals_shown(phase, viewer) else {}
    mine = core.read_my_votes(conn, me, phase.id) if me is not None and phase.input == "vote" else {}
    ranking = phase.rating.rows if phase.input == "rating" else None
    voting = state.workshop.vote_phase_on(ranking.phase, before=phase.id) if ranking and ranking.top_voted else None
    row_votes = core.read_vote_totals(conn, state, [voting.id]) if voting is not None and me is not None else {}
    return build_view(state, items, viewer=viewer, me=me, language=language, vote_totals=totals, my_votes=mine,
                      row_votes=row_votes)


@dataclass(frozen=True)
class ParticipantPage:
    """What ``/j/CODE`` shows: the session, and the participant's view when the browser's token
    names a participant of it (``None``: the join form)."""

    state: SessionState
    view: SessionView | None


def participant_page(store: Store, code: str, *, token: str | None, language: str | None = None,
                     client: str = SHARED_CLIENT) -> ParticipantPage:
    """The session a link names and, for a participant's token, their view, in one transaction.

    An unknown code counts as a guess of ``client`` (see :func:`~toolkit.core.sessions.find_session`);
    a token that names nobody in the session gives the join form (``view=None``). ``language``
    is the page's (else the session's).
    """
    from toolkit.core import sessions as core
    from toolkit.core.errors import NotFoundError

    with store.read() as conn:
        state = core.read_found_state(store, conn, code, client)
        if token is None:
            return ParticipantPage(state, None)
        try:
            me = core.read_participant(conn, state, token)
        except NotFoundError:
            return ParticipantPage(state, None)
        return ParticipantPage(state, _read_view(conn, state, me, "participant", language or state.language))


def with_language(view: SessionView, language: str) -> SessionView:
    """The same view in another language."""
    return _build(view.source, view.viewer, language)


def rating_phases(workshop: Workshop, lang: str) -> tuple[tuple[str, str], ...]:
    """The ``(id, title)`` of every rating phase. Each has its own scale and meaning, so a chart
    of scores shows one of them at a time, never an average across them."""
    return tuple((p.id, p.title(lang)) for p in workshop.phases if p.input == "rating")


def divergence_phase(workshop: Workshop, current: str | None = None, chosen: str | None = None) -> str | None:
    """The rating phase a divergence chart shows: the one chosen, else the current phase when it
    rates, else the first rating phase (``None`` when the workshop has none)."""
    ids = [p for p, _ in rating_phases(workshop, "en")]
    for candidate in (chosen, current):
        if candidate in ids:
            return candidate
    return ids[0] if ids else None


# -- following the feed -------------------------------------------------------------------------

def actor_participant(actor: Any) -> int | None:
    """The participant id in an event's ``actor`` (``"p12"`` -> 12); ``None`` for the facilitator."""
    if isinstance(actor, str) and actor.startswith("p") and actor[1:].isdigit():
        return int(actor[1:])
    return None


def _concerns(view: SessionView, event: dict[str, Any]) -> bool:
    if view.viewer != "participant" or event.get("type") not in QUIET_FOR_OTHERS:
        return True
    return view.me is not None and actor_participant(event.get("actor")) == view.me.id


def concerns(view: SessionView, events: Iterable[dict[str, Any]]) -> bool:
    """Whether ``events`` change anything this viewer sees (a participant's page ignores other
    people's arrivals and scores)."""
    return any(_concerns(view, e) for e in events)


def only_arrivals(events: Iterable[dict[str, Any]]) -> bool:
    """Whether ``events`` are people arriving and nothing else: for the facilitator they change
    the head count and nothing on the board or in the charts (which are drawn from input)."""
    events = list(events)
    return bool(events) and all(e.get("type") in ARRIVAL_EVENTS for e in events)


def contribution_from_event(event: dict[str, Any], state: SessionState,
                            before: Contribution | None = None) -> Contribution | None:
    """The contribution a ``contribution.added`` or ``.edited`` event describes (``None`` when
    the event lacks what a card needs)."""
    data = event.get("data") or {}
    pid = actor_participant(event.get("actor"))
    if pid is None or "role" not in data or data.get("kind", "note") == "rating":
        return None
    phase = _phase(state.workshop, data.get("phase", ""))
    if phase is None:
        return None
    at = event.get("at") or (before.updated_at if before else 0.0)
    payload = data.get("payload") or {}
    return Contribution(
        data["id"], pid, phase.id, data.get("kind", phase.input), payload,
        None if state.anonymous else data.get("name"), data["role"],
        before.created_at if before else at, at, text=main_text(payload, phase),
    )


def apply_events(view: SessionView, events: Iterable[dict[str, Any]]) -> SessionView | None:
    """The view after ``events``, without reading the store; ``None`` when one of them needs a
    fresh :func:`session_view` (anything but contributions being added, edited or deleted, and
    for the facilitator, people arriving)."""
    src = view.source
    items = {c.id: c for c in src.contributions}
    version = src.state.version
    only_added = True
    changed = False  # a contribution came, changed or went
    for e in events:
        if not _concerns(view, e):
            continue
        if e.get("type") in ARRIVAL_EVENTS and view.viewer == "facilitator":
            version = max(version, int(e.get("version") or version))
            continue
        if e.get("type") not in CONTRIBUTION_EVENTS:
            return None
        changed = True
        only_added = only_added and e["type"] == "contribution.added"
        cid = (e.get("data") or {}).get("id")
        if e["type"] == "contribution.deleted":
            items.pop(cid, None)
        else:
            c = contribution_from_event(e, src.state, items.get(cid))
            if c is None:
                return None
            items[cid] = c
        version = max(version, int(e.get("version") or version))
    state = replace(src.state, version=version)
    if not changed:  # people arriving: the same cards, a newer version
        return replace(view, version=version, source=replace(src, state=state))
    # Added notes change no other card (nothing can refer to a note before it exists).
    return _build(replace(src, state=state, contributions=tuple(items.values())), view.viewer, view.language,
                  reuse=view if only_added else None)


def apply_event(view: SessionView, event: dict[str, Any]) -> SessionView | None:
    """The view after one event (see :func:`apply_events`)."""
    return apply_events(view, [event])


def edited_payload(view: SessionView, contribution_id: int, new_text: str) -> dict[str, Any]:
    """The payload of a note with its text replaced; its prompt and cluster stay as they were."""
    before = next((c for c in view.source.contributions if c.id == contribution_id), None)
    payload = dict(before.payload) if before is not None and isinstance(before.payload, dict) else {}
    payload["text"] = new_text
    return payload


def without_names(snapshot: Snapshot) -> Snapshot:
    """The snapshot of an anonymous session with no participant name left in it (for exports)."""
    if not snapshot.anonymous:
        return snapshot
    events = snapshot.events
    if events is not None and len(events):
        events = events.assign(data=[{k: v for k, v in d.items() if k != "name"} if isinstance(d, dict) else d
                                     for d in events["data"]])
    return replace(snapshot, participants=snapshot.participants.assign(name=None),
                   contributions=snapshot.contributions.assign(author=None), events=events)


# -- the projector ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectorView:
    """What the room's screen shows: exactly what a participant who wrote nothing sees, without
    any input form, plus the agreed items of every phase and, while a silent phase hides the
    room's input, only how much has come in.

    ``view`` is that participant's view (``me`` is ``None``, ``input.kind`` is ``None``);
    ``agreed`` are the agreed cards in the order they were written; ``entries`` counts the
    current phase's contributions (for a rating phase: the people who gave a score), and is
    ``None`` when the board shows them anyway.
    """

    view: SessionView
    agreed: tuple[Card, ...]
    entries: int | None


def projector_of(view: SessionView) -> ProjectorView:
    """The projector's view from a visitor's :class:`SessionView` (no participant, no key)."""
    if view.viewer != "participant" or view.me is not None:
        raise ValueError("the projector shows what a visitor sees: pass a view without a participant")
    src = view.source
    state = src.state
    cur = curation_of(state.settings).among(c.id for c in src.contributions if c.kind != "rating")
    reader = Reader.for_state(state, src.contributions, view.language)
    agreed = tuple(
        card(c, reader, anonymous=view.anonymous, curation=cur)
        for c in src.contributions
        if c.id in cur.agreed and cur.shows(c.id) and c.kind != "rating"
        and not (view.others_hidden and c.phase == state.phase.id)
    )
    entries = None
    if view.others_hidden:
        mine = [c for c in src.contributions if c.phase == state.phase.id and c.id not in cur.hidden]
        entries = (len({c.participant_id for c in mine}) if state.phase.input == "rating"
                   else sum(1 for c in mine if c.kind != "rating" and cur.shows(c.id)))
    return ProjectorView(view=view, agreed=agreed, entries=entries)


def projector_view(store: Store, code: str, language: str | None = None) -> ProjectorView:
    """What the projector shows of session ``code`` now (it needs neither a token nor the key)."""
    return projector_of(session_view(store, code, language=language))
