"""A session's content at one moment, as pandas DataFrames, for analysis, charts and exports.

Built from the store (:func:`toolkit.core.sessions.snapshot`) or straight from an example file
(:func:`toolkit.core.examples.load_example`), so analysis code never touches the database.
pandas is imported only here and only when a snapshot is built, so live pages that draw no
charts stay light.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.curation import Curation

PARTICIPANT_COLUMNS = ["participant_id", "name", "role", "joined_at"]
CONTRIBUTION_COLUMNS = [
    "id", "phase", "kind", "participant_id", "role", "author", "payload", "text",
    "created_at", "updated_at",
]
VOTE_COLUMNS = ["participant_id", "role", "contribution_id", "phase", "points"]
RATING_COLUMNS = ["participant_id", "role", "phase", "row", "row_label", "column", "dimension", "score"]


@dataclass(frozen=True)
class Snapshot:
    """Everything a session holds, with deleted contributions left out.

    Attributes
    ----------
    workshop_id, code, language, anonymous, organisation
        The session's settings. In an anonymous session ``author`` and ``name`` are empty.
    lists
        The session's lists (e.g. DNA channels), the definition's defaults unless the
        facilitator edited them: ``{list_id: [(item_id, label), ...]}``.
    participants
        ``participant_id, name, role, joined_at``.
    contributions
        ``id, phase, kind, participant_id, role, author, payload (dict), text, created_at,
        updated_at``; ``kind`` is ``note``, ``form`` or ``rating``; ``text`` is the note text
        or, for forms, the first text field.
    votes
        ``participant_id, role, contribution_id, phase, points``.
    events
        The append-only log: ``version, at, actor, type, data``. Without the text of any
        contribution (see :mod:`toolkit.core.audit`) unless ``audit`` is true.
    audit
        ``True`` when ``events`` is the full audit log, asked for with the facilitator key.
    curation
        The facilitator's curation of the board (:mod:`toolkit.core.curation`), already applied:
        hidden and merged contributions are left out, and every contribution carries the columns
        ``cluster``, ``agreed``, ``agreed_text`` and ``merged_texts``.
    tables
        Tables the facilitator loaded (:func:`toolkit.core.sessions.set_table`), e.g. monthly
        figures from a CSV: ``{table_id: {"name", "columns", "rows"}}``, cells as text.
    """

    workshop_id: str
    code: str
    language: str
    anonymous: bool
    organisation: str | None
    lists: dict[str, list[tuple[str, str]]]
    participants: pd.DataFrame
    contributions: pd.DataFrame
    votes: pd.DataFrame
    events: pd.DataFrame = field(default=None)  # type: ignore[assignment]
    audit: bool = False
    curation: Curation | None = None
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def of_kind(self, kind: str, phase: str | None = None) -> pd.DataFrame:
        """Contributions of one kind (and phase), with their payload fields as columns."""
        import pandas as pd

        rows = self.contributions
        rows = rows[rows["kind"] == kind]
        if phase is not None:
            rows = rows[rows["phase"] == phase]
        if rows.empty:
            return rows.copy()
        fields = pd.DataFrame(list(rows["payload"]), index=rows.index)
        fields = fields.drop(columns=[c for c in fields.columns if c in rows.columns])
        return pd.concat([rows, fields], axis=1)

    def ratings(self, phase: str | None = None) -> pd.DataFrame:
        """One row per score given: ``participant_id, role, phase, row, row_label, column,
        dimension, score``. ``row_label`` is the text of the rated item."""
        import pandas as pd

        rows = self.of_kind("rating", phase)
        if rows.empty:
            return pd.DataFrame(columns=RATING_COLUMNS)
        labels = self.item_labels()
        out = rows.reindex(columns=["participant_id", "role", "phase", "row", "column", "dimension", "score"])
        out.insert(4, "row_label", [labels.get(str(r), str(r)) for r in out["row"]])
        out["score"] = out["score"].astype(float)
        return out.reset_index(drop=True)

    def item_labels(self) -> dict[str, str]:
        """Labels of everything a rating row or a form reference may point at: contribution ids
        (as strings) map to their text, list item ids to their label."""
        labels = {item_id: label for items in self.lists.values() for item_id, label in items}
        for cid, text in zip(self.contributions["id"], self.contributions["text"], strict=True):
            labels[str(cid)] = text
        return labels


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """An empty DataFrame with ``columns``."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def payload_text(payload: dict[str, Any], phase: Any = None) -> str:
    """The text that stands for a contribution (:func:`toolkit.core.views.main_text`)."""
    from toolkit.core.views import main_text

    return main_text(payload, phase)
