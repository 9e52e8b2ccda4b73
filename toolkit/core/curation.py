"""The facilitator's curation of the board: hide, merge, cluster and agree, each an undoable event.

A room converges on the board: the facilitator hides a note (and can restore it), merges
duplicates into one survivor, puts notes into named clusters, and marks what the room agreed on,
with the wording the room chose. Core keeps all of it in one place, the session's
``settings["curation"]``, and writes each change as one event in the log whose data holds the
curation before and after, so :func:`undo` can step back through the changes one at a time.

Nothing here changes a participant's contribution: a merge leaves both notes in the store and
reads the other one as part of its survivor (its dots and scores count for the survivor), an
agreed text lives next to the note it came from (the note keeps what its author wrote), and a
hidden note is only left out of what people see. Every view (:mod:`toolkit.core.views`) and every
snapshot (:func:`curated`, so every analysis and export) reads the board through
:class:`Curation`.

Reading is forgiving (a curation that names a contribution deleted since is read without it);
writing is strict: the key, the contributions (live, of this session, one phase for a merge or a
cluster), the sizes of labels and texts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select, update
from sqlalchemy.engine import Connection

from toolkit.core import store as db
from toolkit.core.errors import ValidationError
from toolkit.core.validation import check_text

if TYPE_CHECKING:
    from toolkit.core.sessions import SessionState
    from toolkit.core.snapshot import Snapshot
    from toolkit.core.store import Store

SETTINGS_KEY = "curation"
EVENT_PREFIX = "curation."
UNDONE = "curation.undone"
LABEL_LIMIT = 60
AGREED_TEXT_LIMIT = 1000
MAX_IDS = 500
MAX_CLUSTERS = 100
# Columns every snapshot's contributions carry (see :func:`curated`).
CURATION_COLUMNS = ["cluster", "agreed", "agreed_text", "merged_texts"]


@dataclass(frozen=True)
class Cluster:
    """A named group of contributions of one phase, in the order the facilitator put them."""

    id: str
    label: str
    phase: str
    members: tuple[int, ...] = ()


@dataclass(frozen=True)
class Curation:
    """The facilitator's curation of one session.

    ``merged`` maps each merged contribution to its survivor (never to another merged one);
    ``agreed`` maps each agreed contribution to the agreed wording, ``None`` while it is the
    contribution's own text.
    """

    hidden: frozenset[int] = frozenset()
    merged: Mapping[int, int] = field(default_factory=dict)
    clusters: tuple[Cluster, ...] = ()
    agreed: Mapping[int, str | None] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.hidden or self.merged or self.clusters or self.agreed)

    def survivor(self, contribution_id: int) -> int:
        """The contribution that stands for ``contribution_id`` (itself unless merged)."""
        return self.merged.get(contribution_id, contribution_id)

    def merged_into(self, survivor: int) -> tuple[int, ...]:
        """The contributions merged into ``survivor``, oldest id first."""
        return tuple(sorted(c for c, s in self.merged.items() if s == survivor))

    def cluster_of(self, contribution_id: int) -> Cluster | None:
        for c in self.clusters:
            if contribution_id in c.members:
                return c
        return None

    def cluster(self, cluster_id: str) -> Cluster | None:
        return next((c for c in self.clusters if c.id == cluster_id), None)

    def shows(self, contribution_id: int, facilitator: bool = False) -> bool:
        """Whether a contribution shows as a card of its own (merged ones show in their survivor;
        hidden ones show to the facilitator only, marked)."""
        if contribution_id in self.merged:
            return False
        return facilitator or contribution_id not in self.hidden

    def to_settings(self) -> dict[str, Any]:
        return {
            "hidden": sorted(self.hidden),
            "merged": {str(c): s for c, s in sorted(self.merged.items())},
            "clusters": [{"id": c.id, "label": c.label, "phase": c.phase, "members": list(c.members)}
                         for c in self.clusters],
            "agreed": {str(c): t for c, t in sorted(self.agreed.items())},
        }

    def among(self, live: Iterable[int]) -> Curation:
        """The curation restricted to ``live`` contributions (deleted ones drop out; a note merged
        into a deleted survivor shows on its own again)."""
        live = frozenset(live)
        return Curation(
            hidden=self.hidden & live,
            merged={c: s for c, s in self.merged.items() if c in live and s in live},
            clusters=tuple(Cluster(c.id, c.label, c.phase, tuple(m for m in c.members if m in live))
                           for c in self.clusters),
            agreed={c: t for c, t in self.agreed.items() if c in live},
        )


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def curation_of(settings: Any) -> Curation:
    """The curation kept in a session's settings (forgiving: anything malformed is left out)."""
    raw = settings.get(SETTINGS_KEY) if isinstance(settings, dict) else None
    if not isinstance(raw, dict):
        return Curation()
    hidden = frozenset(i for i in map(_int, raw.get("hidden") or ()) if i is not None)
    merged = {}
    for c, s in (raw.get("merged") or {}).items() if isinstance(raw.get("merged"), dict) else ():
        c, s = _int(c), _int(s)
        if c is not None and s is not None and c != s:
            merged[c] = s
    clusters = []
    for c in raw.get("clusters") or ():
        if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("label"), str):
            members = tuple(i for i in map(_int, c.get("members") or ()) if i is not None)
            clusters.append(Cluster(c["id"], c["label"], str(c.get("phase", "")), members))
    agreed = {}
    for c, t in (raw.get("agreed") or {}).items() if isinstance(raw.get("agreed"), dict) else ():
        c = _int(c)
        if c is not None:
            agreed[c] = t if isinstance(t, str) and t else None
    return Curation(hidden, merged, tuple(clusters), agreed)


# -- writing ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Live:
    """The live, non-rating contributions of a session: id -> phase."""

    phases: Mapping[int, str]


def _live(conn: Connection, session_id: int) -> _Live:
    rows = conn.execute(select(db.contributions.c.id, db.contributions.c.phase).where(and_(
        db.contributions.c.session_id == session_id, db.contributions.c.deleted_at.is_(None),
        db.contributions.c.kind != "rating",
    ))).all()
    return _Live({r.id: r.phase for r in rows})


def _ids(value: Any, live: _Live, lang: str) -> list[int]:
    """Contribution ids from a caller: one id or a list, each live in this session."""
    values = value if isinstance(value, (list, tuple)) else [value]
    if not values or len(values) > MAX_IDS:
        raise ValidationError("curation_target_invalid", lang)
    out: list[int] = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int) or v not in live.phases:
            raise ValidationError("curation_target_invalid", lang)
        if v not in out:
            out.append(v)
    return out


def _label(value: Any, lang: str) -> str:
    return " ".join(check_text(value, lang, LABEL_LIMIT, field="cluster").split())


def _change(store: Store, code: str, key: str, op: str,
            change, data: Mapping[str, Any] | None = None) -> Curation:
    """Apply ``change(curation, live, state) -> Curation`` under the session's write lock and log it."""
    from toolkit.core import sessions as core

    with store.write() as conn:
        state = core._facilitated(store, conn, code, key, for_update=True)
        live = _live(conn, state.id)
        before = curation_of(state.settings).among(live.phases)
        after = change(before, live, state)
        _save(conn, state, before, after, EVENT_PREFIX + op, dict(data or {}))
        return after


def _save(conn: Connection, state: SessionState, before: Curation, after: Curation, type_: str,
          data: dict[str, Any]) -> None:
    from toolkit.core import sessions as core

    settings = {**state.settings, SETTINGS_KEY: after.to_settings()}
    conn.execute(update(db.sessions).where(db.sessions.c.id == state.id).values(settings=settings))
    core._bump(conn, state.id, core.FACILITATOR, type_,
               {**data, "before": before.to_settings(), "after": after.to_settings()})


def hide(store: Store, code: str, key: str, contribution_ids: Any) -> Curation:
    """Hide contributions from everyone but the facilitator (and from analyses and exports)."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        ids = _ids(contribution_ids, live, state.language)
        return Curation(cur.hidden | {cur.survivor(i) for i in ids}, cur.merged, cur.clusters, cur.agreed)

    return _change(store, code, key, "hidden", change, {"ids": _plain_ids(contribution_ids)})


def restore(store: Store, code: str, key: str, contribution_ids: Any) -> Curation:
    """Show hidden contributions again."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        ids = _ids(contribution_ids, live, state.language)
        return Curation(cur.hidden - {cur.survivor(i) for i in ids}, cur.merged, cur.clusters, cur.agreed)

    return _change(store, code, key, "restored", change, {"ids": _plain_ids(contribution_ids)})


def merge(store: Store, code: str, key: str, survivor: Any, others: Any) -> Curation:
    """Merge ``others`` into ``survivor``: one card remains, with the others' texts under it; their
    dots and scores count for the survivor. All must be of one phase. A note merged earlier brings
    what was merged into it along; an agreement on a merged note passes to the survivor."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        lang = state.language
        (target,) = _ids([survivor], live, lang)
        target = cur.survivor(target)
        ids = [cur.survivor(i) for i in _ids(others, live, lang)]
        ids = [i for i in dict.fromkeys(ids) if i != target]
        if not ids or any(live.phases[i] != live.phases[target] for i in ids):
            raise ValidationError("merge_invalid", lang)
        gone = set(ids)
        merged = {c: (target if s in gone else s) for c, s in cur.merged.items()}
        merged.update({i: target for i in ids})
        agreed = {c: t for c, t in cur.agreed.items() if c not in gone}
        if target not in agreed and any(i in cur.agreed for i in ids):
            agreed[target] = next(cur.agreed[i] for i in ids if i in cur.agreed)
        clusters = tuple(Cluster(c.id, c.label, c.phase, tuple(m for m in c.members if m not in gone))
                         for c in cur.clusters)
        if cur.cluster_of(target) is None:
            home = next((cur.cluster_of(i) for i in ids if cur.cluster_of(i) is not None), None)
            if home is not None:
                clusters = tuple(Cluster(c.id, c.label, c.phase, (*c.members, target)) if c.id == home.id else c
                                 for c in clusters)
        return Curation(cur.hidden - gone, merged, clusters, agreed)

    return _change(store, code, key, "merged", change,
                   {"survivor": survivor if isinstance(survivor, int) else None, "ids": _plain_ids(others)})


def unmerge(store: Store, code: str, key: str, contribution_ids: Any) -> Curation:
    """Take merged contributions out of their survivor again, as cards of their own."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        ids = set(_ids(contribution_ids, live, state.language))
        if not ids & set(cur.merged):
            raise ValidationError("curation_target_invalid", state.language)
        return Curation(cur.hidden, {c: s for c, s in cur.merged.items() if c not in ids}, cur.clusters, cur.agreed)

    return _change(store, code, key, "unmerged", change, {"ids": _plain_ids(contribution_ids)})


def create_cluster(store: Store, code: str, key: str, phase_id: Any, label: Any,
                   contribution_ids: Any = ()) -> Curation:
    """A new named cluster in a phase, with the given contributions moved into it."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        lang = state.language
        phases = {p.id for p in state.workshop.phases if p.input in ("note", "form")}
        if phase_id not in phases:
            raise ValidationError("curation_target_invalid", lang)
        name = _label(label, lang)
        if len(cur.clusters) >= MAX_CLUSTERS:
            raise ValidationError("cluster_limit", lang, limit=MAX_CLUSTERS)
        if any(c.phase == phase_id and c.label.casefold() == name.casefold() for c in cur.clusters):
            raise ValidationError("cluster_exists", lang, label=name)
        used = {c.id for c in cur.clusters}
        new_id = next(f"k{n}" for n in range(1, MAX_CLUSTERS + len(used) + 2) if f"k{n}" not in used)
        cur = Curation(cur.hidden, cur.merged, (*cur.clusters, Cluster(new_id, name, phase_id)), cur.agreed)
        ids = _ids(list(contribution_ids), live, lang) if contribution_ids else []
        return _moved(cur, live, ids, new_id, lang)

    return _change(store, code, key, "cluster.created", change,
                   {"phase": phase_id if isinstance(phase_id, str) else None, "ids": _plain_ids(contribution_ids)})


def rename_cluster(store: Store, code: str, key: str, cluster_id: Any, label: Any) -> Curation:
    """Give a cluster another name."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        lang = state.language
        target = _cluster(cur, cluster_id, lang)
        name = _label(label, lang)
        if any(c.id != target.id and c.phase == target.phase and c.label.casefold() == name.casefold()
               for c in cur.clusters):
            raise ValidationError("cluster_exists", lang, label=name)
        return Curation(cur.hidden, cur.merged,
                        tuple(Cluster(c.id, name, c.phase, c.members) if c.id == target.id else c
                              for c in cur.clusters), cur.agreed)

    return _change(store, code, key, "cluster.renamed", change, {"cluster": _plain(cluster_id)})


def move_to_cluster(store: Store, code: str, key: str, contribution_ids: Any, cluster_id: Any) -> Curation:
    """Move contributions into a cluster (``cluster_id`` ``None``: out of any cluster)."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        lang = state.language
        if cluster_id is not None:
            _cluster(cur, cluster_id, lang)
        return _moved(cur, live, _ids(contribution_ids, live, lang), cluster_id, lang)

    return _change(store, code, key, "cluster.moved", change,
                   {"cluster": _plain(cluster_id), "ids": _plain_ids(contribution_ids)})


def dissolve_cluster(store: Store, code: str, key: str, cluster_id: Any) -> Curation:
    """Remove a cluster; its contributions stay, outside any cluster."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        target = _cluster(cur, cluster_id, state.language)
        return Curation(cur.hidden, cur.merged, tuple(c for c in cur.clusters if c.id != target.id), cur.agreed)

    return _change(store, code, key, "cluster.dissolved", change, {"cluster": _plain(cluster_id)})


def agree(store: Store, code: str, key: str, contribution_id: Any, text: Any = None) -> Curation:
    """Mark a contribution as what the room agreed on, with ``text`` as the agreed wording
    (``None`` keeps the contribution's own text; the contribution itself is never changed)."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        lang = state.language
        (target,) = _ids([contribution_id], live, lang)
        target = cur.survivor(target)
        wording = None
        if text is not None:
            wording = check_text(text, lang, AGREED_TEXT_LIMIT, field="agreed").strip()
        return Curation(cur.hidden - {target}, cur.merged, cur.clusters, {**cur.agreed, target: wording})

    return _change(store, code, key, "agreed", change,
                   {"id": contribution_id if isinstance(contribution_id, int) else None})


def disagree(store: Store, code: str, key: str, contribution_id: Any) -> Curation:
    """Take the agreed mark (and any agreed wording) off a contribution."""
    def change(cur: Curation, live: _Live, state) -> Curation:
        (target,) = _ids([contribution_id], live, state.language)
        target = cur.survivor(target)
        if target not in cur.agreed:
            raise ValidationError("curation_target_invalid", state.language)
        return Curation(cur.hidden, cur.merged, cur.clusters, {c: t for c, t in cur.agreed.items() if c != target})

    return _change(store, code, key, "unagreed", change,
                   {"id": contribution_id if isinstance(contribution_id, int) else None})


def undo(store: Store, code: str, key: str) -> Curation:
    """Step back one curation change (the latest not undone yet); ``ValidationError`` when there
    is none. Undoing is itself an event, so the log keeps every step."""
    from toolkit.core import sessions as core

    with store.write() as conn:
        state = core._facilitated(store, conn, code, key, for_update=True)
        rows = conn.execute(select(db.events.c.version, db.events.c.type, db.events.c.data).where(and_(
            db.events.c.session_id == state.id, db.events.c.type.like(EVENT_PREFIX + "%"),
        )).order_by(db.events.c.version)).all()
        stack: list[Any] = []
        for r in rows:
            if r.type == UNDONE:
                if stack:
                    stack.pop()
            else:
                stack.append(r)
        if not stack:
            raise ValidationError("nothing_to_undo", state.language)
        last = stack[-1]
        live = _live(conn, state.id)
        now = curation_of(state.settings).among(live.phases)
        back = curation_of({SETTINGS_KEY: (last.data or {}).get("before")}).among(live.phases)
        _save(conn, state, now, back, UNDONE, {"undid": last.version, "op": last.type[len(EVENT_PREFIX):]})
        return back


def can_undo(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a session's event log (oldest first) has a curation change left to undo."""
    depth = 0
    for e in events:
        kind = e.get("type", "")
        if kind == UNDONE:
            depth = max(depth - 1, 0)
        elif isinstance(kind, str) and kind.startswith(EVENT_PREFIX):
            depth += 1
    return depth > 0


def _cluster(cur: Curation, cluster_id: Any, lang: str) -> Cluster:
    found = cur.cluster(cluster_id) if isinstance(cluster_id, str) else None
    if found is None:
        raise ValidationError("cluster_not_found", lang)
    return found


def _moved(cur: Curation, live: _Live, ids: list[int], cluster_id: str | None, lang: str) -> Curation:
    ids = list(dict.fromkeys(cur.survivor(i) for i in ids))
    target = cur.cluster(cluster_id) if cluster_id is not None else None
    if target is not None and any(live.phases[i] != target.phase for i in ids):
        raise ValidationError("cluster_phase_invalid", lang)
    moving = set(ids)
    clusters = []
    for c in cur.clusters:
        members = tuple(m for m in c.members if m not in moving)
        if target is not None and c.id == target.id:
            members += tuple(ids)
        clusters.append(Cluster(c.id, c.label, c.phase, members))
    return Curation(cur.hidden, cur.merged, tuple(clusters), cur.agreed)


def _plain(value: Any) -> Any:
    return value if isinstance(value, str) and len(value) <= 20 else None


def _plain_ids(value: Any) -> list[int]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [v for v in values[:MAX_IDS] if isinstance(v, int) and not isinstance(v, bool)]


# -- reading for analyses and exports -----------------------------------------------------------

def curated(snapshot: Snapshot, settings: Any = None, curation: Curation | None = None) -> Snapshot:
    """The snapshot as the room left the board: hidden contributions and merged ones left out,
    their dots and scores counted for their survivor (a person's own score of the survivor wins
    over their score of a note merged into it), and every contribution with the curation columns
    ``cluster`` (label or ``None``), ``agreed`` (bool), ``agreed_text`` (the agreed wording, else
    the text) and ``merged_texts`` (the texts merged into it, a tuple)."""
    from dataclasses import replace

    cur = curation if curation is not None else curation_of(settings)
    frame = snapshot.contributions
    kept = frame
    notes = frame[frame["kind"] != "rating"] if not frame.empty else frame
    cur = cur.among(int(i) for i in notes["id"]) if not notes.empty else Curation()
    votes = snapshot.votes
    if not cur.empty and not frame.empty:
        texts = {int(i): t for i, t in zip(frame["id"], frame["text"], strict=True)}
        gone = set(cur.hidden) | set(cur.merged)
        kept = frame[~frame["id"].isin(gone)].copy()
        kept = _ratings_follow(kept, cur)
        if not votes.empty:
            votes = votes[~votes["contribution_id"].isin(cur.hidden)].copy()
            votes["contribution_id"] = [cur.survivor(int(c)) for c in votes["contribution_id"]]
            votes = (votes.groupby(["participant_id", "role", "contribution_id", "phase"], as_index=False, sort=False,
                                   dropna=False)
                     ["points"].sum())[list(snapshot.votes.columns)]
        texts_of = {s: tuple(texts.get(c, "") for c in cur.merged_into(s)) for s in set(cur.merged.values())}
    else:
        kept = frame.copy()
        texts_of = {}
    ids = [int(i) for i in kept["id"]] if not kept.empty else []
    kept["cluster"] = [(lambda c: c.label if c else None)(cur.cluster_of(i)) for i in ids]
    kept["agreed"] = [i in cur.agreed for i in ids]
    kept["agreed_text"] = [(cur.agreed.get(i) or t) if i in cur.agreed else None
                           for i, t in zip(ids, kept["text"] if ids else [], strict=True)]
    kept["merged_texts"] = [texts_of.get(i, ()) for i in ids]
    return replace(snapshot, contributions=kept.reset_index(drop=True), votes=votes.reset_index(drop=True),
                   curation=cur)


def _ratings_follow(frame, cur: Curation):
    """Rating rows that score a merged contribution score its survivor (unless the same person
    scored the survivor in the same cell); rows scoring a hidden one are dropped."""
    is_rating = frame["kind"] == "rating"
    if not is_rating.any():
        return frame
    seen = set()
    rows = []
    order = list(frame.index)
    # A person's own score of the survivor is looked at first, so it wins.
    ratings = [i for i in order if is_rating[i]]
    ratings.sort(key=lambda i: _int(frame.at[i, "payload"].get("row")) in cur.merged)
    for i in ratings:
        p = dict(frame.at[i, "payload"])
        row = _int(p.get("row"))
        if row is not None and row in cur.hidden:
            continue
        if row is not None and row in cur.merged:
            p["row"] = str(cur.survivor(row))
        cell = (frame.at[i, "participant_id"], frame.at[i, "phase"], str(p.get("row")), p.get("column"),
                p.get("dimension"))
        if cell in seen:
            continue
        seen.add(cell)
        rows.append((i, p))
    keep = set(i for i, _ in rows) | {i for i in order if not is_rating[i]}
    out = frame.loc[[i for i in order if i in keep]].copy()
    for i, p in rows:
        out.at[i, "payload"] = p
    return out
