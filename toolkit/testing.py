"""Helpers for tests of analysis and charts, ours and users' own: build a session snapshot from
plain tuples, without a store; copy an example with other text; read back what a chart draws.

>>> snap = snapshot_from("brainstorm", people=[(1, "Ann", "marketing")],
...                      contributions=[(1, "ideas", "note", 1, {"text": "Faster webcare"})])
>>> snap.contributions["text"].tolist()
['Faster webcare']
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from toolkit.core.curation import curated
from toolkit.core.definitions import get_workshop
from toolkit.core.snapshot import CONTRIBUTION_COLUMNS, PARTICIPANT_COLUMNS, VOTE_COLUMNS, Snapshot, payload_text


def snapshot_from(
    workshop_id: str,
    people: Iterable[tuple[int, str | None, str]],
    contributions: Iterable[tuple[int, str, str, int, dict[str, Any]]] = (),
    votes: Iterable[tuple[int, int, int]] = (),
    lists: dict[str, list[tuple[str, str]]] | None = None,
    language: str = "nl",
    organisation: str | None = None,
    code: str = "TEST",
) -> Snapshot:
    """A :class:`~toolkit.core.snapshot.Snapshot` of ``workshop_id``.

    Parameters
    ----------
    people
        ``(participant_id, name, role)``.
    contributions
        ``(id, phase, kind, participant_id, payload)``; kind ``note``, ``form`` or ``rating``.
    votes
        ``(participant_id, contribution_id, points)``; the vote's phase is that of the voted-on
        contribution.
    lists
        The session's lists; by default the definition's, in ``language``.
    """
    import pandas as pd

    people = list(people)
    contributions = list(contributions)
    role_of = {pid: role for pid, _name, role in people}
    name_of = {pid: name for pid, name, _role in people}
    workshop = get_workshop(workshop_id)
    phases = {p.id: p for p in workshop.phases}
    rows = [
        {
            "id": cid, "phase": phase, "kind": kind, "participant_id": pid, "role": role_of[pid],
            "author": name_of[pid], "payload": payload,
            "text": payload_text(payload, phases.get(phase)) if kind != "rating" else "",
            "created_at": None, "updated_at": None,
        }
        for cid, phase, kind, pid, payload in contributions
    ]
    phase_of = {cid: phase for cid, phase, *_ in contributions}
    if lists is None:
        lists = {k: [(o.id, o.label(language)) for o in v] for k, v in workshop.lists.items()}
    return curated(Snapshot(
        workshop_id=workshop_id, code=code, language=language, anonymous=False, organisation=organisation,
        lists=lists,
        participants=pd.DataFrame([(pid, name, role, None) for pid, name, role in people], columns=PARTICIPANT_COLUMNS),
        contributions=pd.DataFrame(rows, columns=CONTRIBUTION_COLUMNS),
        votes=pd.DataFrame([(pid, role_of[pid], cid, phase_of[cid], points) for pid, cid, points in votes],
                           columns=VOTE_COLUMNS),
    ))


def drawn_texts(fig) -> list[str]:
    """Every text of a matplotlib figure as it is drawn, one entry per line, read back from SVG.

    This is what a reader of the chart sees, unlike ``Text.get_text()``: a label escaped for
    matplotlib (``\\$5``) reads ``$5`` here, and a label typeset as a formula does not read
    as it was written.
    """
    import io
    from xml.etree import ElementTree

    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text, not glyph outlines
        fig.savefig(buffer, format="svg")
    root = ElementTree.fromstring(buffer.getvalue())  # noqa: S314 - the SVG matplotlib just wrote
    return ["".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")]


def example_with_text(name: str, change, folder) -> Path:
    """A copy of the example ``name`` in ``folder`` with every free-text value replaced by
    ``change(value, n)`` (``n`` counts the values changed so far); ids, choices and references
    stay as they are. Load it with ``load_example(path)`` or seed it with ``seed_session``.
    """
    import yaml

    from toolkit.core.examples import example_path

    raw = yaml.safe_load(example_path(name).read_text(encoding="utf-8"))
    workshop = get_workshop(raw["workshop"])
    count = 0
    for contribution in raw["contributions"]:
        phase = workshop.phase(contribution["phase"])
        free = {"text"} | {f.id for f in phase.fields if f.type in ("text", "longtext")}
        payload = contribution["payload"]
        for key, value in payload.items():
            if key in free and isinstance(value, str) and value:
                payload[key] = change(value, count)
                count += 1
    path = Path(folder) / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
