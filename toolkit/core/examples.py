"""Example sessions in ``workshops/examples/*.yaml``: read into a snapshot or seeded into the store.

An example file lists participants, contributions and votes with short local ids (``p1``,
``v1``); references between them (a rating's ``row``, a form's ``ref`` fields, a vote's ``on``)
use those ids and are resolved on loading. ``tables`` names CSV files next to the example
(``{table_id: file.csv}``) that the session holds as tables, as if the facilitator loaded them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.core.definitions import WORKSHOPS_DIR, Workshop, get_workshop

EXAMPLES_DIR = WORKSHOPS_DIR / "examples"


@dataclass(frozen=True)
class Example:
    """The parsed content of one example file."""

    path: Path
    workshop: Workshop
    language: str
    organisation: str | None
    participants: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    votes: list[dict[str, Any]]
    tables: dict[str, dict[str, Any]] = None  # type: ignore[assignment]


def example_path(name: str) -> Path:
    """The path of the example ``name`` (file stem) in ``workshops/examples``."""
    return EXAMPLES_DIR / f"{name}.yaml"


def example_for(workshop_id: str, language: str | None = None) -> Path:
    """The example session of ``workshop_id``: the first file in ``workshops/examples`` (by name)
    whose ``workshop`` it is, preferring one whose ``language`` is ``language``."""
    from toolkit.core.errors import NotFoundError

    get_workshop(workshop_id)  # an unknown workshop says so
    found = []
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and raw.get("workshop") == workshop_id:
            found.append((raw.get("language", "nl") != language, path))
    if not found:
        raise NotFoundError("example_not_found", "en", workshop=workshop_id)
    return min(found)[1]


def read_example(path: str | Path) -> Example:
    """Parse an example file (no ids resolved yet)."""
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Example(
        path=path,
        workshop=get_workshop(raw["workshop"]),
        language=raw.get("language", "nl"),
        organisation=raw.get("organisation"),
        participants=list(raw.get("participants", [])),
        contributions=list(raw.get("contributions", [])),
        # YAML 1.1 reads a bare ``on`` key as ``True``: accept both spellings.
        votes=[{("on" if k is True else k): v for k, v in vote.items()} for vote in raw.get("votes", [])],
        tables={table_id: _read_table(path.parent / file, raw.get("language", "nl"))
                for table_id, file in (raw.get("tables") or {}).items()},
    )


def _read_table(path: Path, lang: str) -> dict[str, Any]:
    from toolkit.core.tables import read_csv

    return read_csv(path.read_bytes(), path.name, lang).to_dict()


def ref_keys(workshop: Workshop, phase_id: str) -> set[str]:
    """Payload keys of ``phase_id`` that hold a reference to another contribution."""
    phase = workshop.phase(phase_id)
    keys = {f.id for f in phase.fields if f.type == "ref"}
    if phase.rating is not None:
        if phase.rating.rows.phase:
            keys.add("row")
        if phase.rating.columns is not None and phase.rating.columns.phase:
            keys.add("column")
    return keys


def resolve_payload(workshop: Workshop, phase_id: str, payload: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    """``payload`` with local ids in reference fields replaced by real contribution ids (as text)."""
    keys = ref_keys(workshop, phase_id)
    return {k: (str(ids[v]) if k in keys and v in ids else v) for k, v in payload.items()}


def vote_phase_of(workshop: Workshop, target_phase: str) -> str:
    """The vote phase that votes on contributions of ``target_phase``."""
    return next(p.id for p in workshop.phases if p.vote_on == target_phase)


def load_example(name_or_path: str | Path):
    """A :class:`~toolkit.core.snapshot.Snapshot` of an example, without a store."""
    import pandas as pd

    from toolkit.core.snapshot import PARTICIPANT_COLUMNS, Snapshot, payload_text

    path = Path(name_or_path)
    if not path.suffix:
        path = example_path(str(name_or_path))
    ex = read_example(path)
    people = {p["id"]: (i + 1, p) for i, p in enumerate(ex.participants)}
    participants = pd.DataFrame(
        [(pid, p.get("name"), p["role"], None) for pid, p in people.values()], columns=PARTICIPANT_COLUMNS
    )
    ids: dict[str, int] = {}
    for i, c in enumerate(ex.contributions):
        ids[c.get("id", f"#{i}")] = i + 1
    rows = []
    for i, c in enumerate(ex.contributions):
        pid, person = people[c["by"]]
        payload = resolve_payload(ex.workshop, c["phase"], dict(c["payload"]), ids)
        rows.append({
            "id": i + 1, "phase": c["phase"], "kind": c["kind"], "participant_id": pid,
            "role": person["role"], "author": person.get("name"), "payload": payload,
            "text": payload_text(payload, ex.workshop.phase(c["phase"])) if c["kind"] != "rating" else "",
            "created_at": None, "updated_at": None,
        })
    from toolkit.core.snapshot import CONTRIBUTION_COLUMNS, VOTE_COLUMNS

    contributions = pd.DataFrame(rows, columns=CONTRIBUTION_COLUMNS)
    target_phase = {ids[c["id"]]: c["phase"] for c in ex.contributions if c.get("id")}
    vote_rows = []
    for v in ex.votes:
        pid, person = people[v["by"]]
        target = ids[v["on"]]
        phase = v.get("phase") or vote_phase_of(ex.workshop, target_phase[target])
        vote_rows.append((pid, person["role"], target, phase, int(v.get("points", 1))))
    votes = pd.DataFrame(vote_rows, columns=VOTE_COLUMNS)
    lists = {k: [(o.id, o.label(ex.language)) for o in v] for k, v in ex.workshop.lists.items()}
    from toolkit.core.curation import curated

    return curated(Snapshot(
        workshop_id=ex.workshop.id, code="EXAMPLE", language=ex.language, anonymous=False,
        organisation=ex.organisation, lists=lists, participants=participants,
        contributions=contributions, votes=votes, tables=dict(ex.tables),
    ))


def seed_session(store, name_or_path: str | Path, language: str | None = None):
    """Create a real session from an example, through the ordinary operations (so every rule
    and the event log apply); returns the :class:`~toolkit.core.sessions.CreatedSession`.

    Phases are stepped through in order, so each contribution lands in an open phase. The
    per-participant write limits, made for people typing, do not apply to this bulk import.
    """
    from toolkit.core import sessions as core
    from toolkit.core.limits import NO_WRITE_LIMITS

    store = store.with_limits(NO_WRITE_LIMITS)

    path = Path(name_or_path)
    if not path.suffix:
        path = example_path(str(name_or_path))
    ex = read_example(path)
    created = core.create_session(store, ex.workshop.id, language or ex.language, organisation=ex.organisation)
    for table_id, table in ex.tables.items():
        core.set_table(store, created.code, created.facilitator_key, table_id, table)
    people = {p["id"]: core.join(store, created.code, p["role"], p.get("name")) for p in ex.participants}
    ids: dict[str, int] = {}
    order = [p.id for p in ex.workshop.phases]
    by_phase: dict[str, list[dict[str, Any]]] = {}
    for c in ex.contributions:
        by_phase.setdefault(c["phase"], []).append(c)
    votes_on: dict[str, list[dict[str, Any]]] = {}
    target_phase = {c.get("id"): c["phase"] for c in ex.contributions}
    for v in ex.votes:
        phase = v.get("phase") or vote_phase_of(ex.workshop, target_phase[v["on"]])
        votes_on.setdefault(phase, []).append(v)
    for index, phase_id in enumerate(order):
        core.set_phase(store, created.code, created.facilitator_key, index)
        for c in by_phase.get(phase_id, []):
            token = people[c["by"]].token
            payload = resolve_payload(ex.workshop, phase_id, dict(c["payload"]), ids)
            if c["kind"] == "rating":
                core.rate(store, created.code, token, phase_id, payload["row"], payload.get("column"),
                          payload["dimension"], payload["score"])
            else:
                added = core.add_contribution(store, created.code, token, phase_id, payload)
                if c.get("id"):
                    ids[c["id"]] = added.id
        for v in votes_on.get(phase_id, []):
            core.vote(store, created.code, people[v["by"]].token, phase_id, ids[v["on"]], int(v.get("points", 1)))
    core.set_phase(store, created.code, created.facilitator_key, len(order) - 1)
    return created
