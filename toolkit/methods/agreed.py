"""What the room agreed on the board (:mod:`toolkit.core.curation`), as the methods read it.

Every snapshot's contributions carry ``agreed`` and ``agreed_text`` (see
:func:`toolkit.core.curation.curated`); a frame built without them reads as nothing agreed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def agreed_flags(frame: pd.DataFrame) -> list[bool]:
    """Per row: whether the room agreed on it."""
    if "agreed" not in frame.columns:
        return [False] * len(frame)
    return [bool(a) is True and not isinstance(a, float) for a in frame["agreed"]]


def wordings(frame: pd.DataFrame, column: str = "text") -> list[str]:
    """Per row: the agreed wording where the room agreed on one, else ``column``'s text."""
    flags = agreed_flags(frame)
    agreed = frame["agreed_text"] if "agreed_text" in frame.columns else [None] * len(frame)
    return [str(w) if a and isinstance(w, str) and w.strip() else ("" if t is None else str(t))
            for t, a, w in zip(frame[column], flags, agreed, strict=True)]


def agreed_texts(snapshot, phase: str | None = None) -> list[str]:
    """The wordings the room agreed on (notes and forms, of ``phase`` or every phase), oldest first."""
    rows = snapshot.contributions
    rows = rows[rows["kind"] != "rating"]
    if phase is not None:
        rows = rows[rows["phase"] == phase]
    if rows.empty:
        return []
    rows = rows.sort_values("id")
    return [t for a, t in zip(agreed_flags(rows), wordings(rows), strict=True) if a and t.strip()]
