"""Example sessions in ``workshops/examples/*.yaml``: read into a snapshot or seeded into the store.

An example file lists participants, contributions and votes with short local ids (``p1``,
``v1``); references between them (a rating's ``row``, a form's ``ref`` fields, a vote's ``on``)
use those ids and are resolved on loading.
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


def example_path(name: str) -> Path:
    """The path of the example ``name`` (file stem) in ``workshops/examples``."""
    return EXAMPLES_DIR / f"{name}.yaml"


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
        votes=list(raw.get("votes", [])),
    )


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
            "text": payload_text(payload) if c["kind"] != "rating" else "",
            "created_at": None, "updated_at": None,
        })
    from toolkit.core.snapshot import CONTRIBUTION_COLUMNS, VOTE_COLUMNS

    contributions = pd.DataFrame(rows, columns=CONTRIBUTION_COLUMNS)
    phase_of = {i + 1: c["phase"] for i, c in enumerate(ex.contributions)}
    votes = pd.DataFrame(
        [
            (people[v["by"]][0], people[v["by"]][1]["role"], ids[v["on"]], phase_of[ids[v["on"]]], int(v.get("points", 1)))
            for v in ex.votes
        ],
        columns=VOTE_COLUMNS,
    )
    lists = {k: [(o.id, o.label(ex.language)) for o in v] for k, v in ex.workshop.lists.items()}
    return Snapshot(
        workshop_id=ex.workshop.id, code="EXAMPLE", language=ex.language, anonymous=False,
        organisation=ex.organisation, lists=lists, participants=participants,
        contributions=contributions, votes=votes,
    )
