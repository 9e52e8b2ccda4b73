"""Analysis for the generic brainstorm and for the divergence view every live app shows:
top-voted notes, and where the disciplines rate or vote differently."""
from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.core.i18n import role_label
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot


def rating_divergence(snapshot: Snapshot, phase: str | None = None) -> pd.DataFrame:
    """Mean score per item and role, and the spread between roles.

    Returns a DataFrame indexed by item label with one column per role (mean score over all
    dimensions and columns) and ``spread`` (highest minus lowest role mean), sorted by spread,
    largest first. Items rated by one role only have a spread of 0.
    """
    import pandas as pd

    ratings = snapshot.ratings(phase)
    if ratings.empty:
        return pd.DataFrame(columns=["spread"])
    table = ratings.pivot_table(index="row_label", columns="role", values="score", aggfunc="mean")
    table["spread"] = table.max(axis=1) - table.min(axis=1)
    return table.sort_values("spread", ascending=False)


def votes_by_role(snapshot: Snapshot, phase: str | None = None) -> pd.DataFrame:
    """Dots per note and role, with the total; sorted by total, most first."""
    import pandas as pd

    votes = snapshot.votes
    if phase is not None:
        votes = votes[votes["phase"] == phase]
    if votes.empty:
        return pd.DataFrame(columns=["total"])
    labels = snapshot.item_labels()
    votes = votes.assign(note=[labels.get(str(c), str(c)) for c in votes["contribution_id"]])
    table = votes.pivot_table(index="note", columns="role", values="points", aggfunc="sum", fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False)


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """Top-voted notes and the rating divergence by discipline."""
    nl = lang == "nl"
    sections = []
    votes = votes_by_role(snapshot)
    if not votes.empty:
        top = votes.index[0]
        shown = votes.rename(columns=lambda r: role_label(r, lang) if r != "total" else ("Totaal" if nl else "Total"))
        sections.append(ReportSection(
            title="Prioriteiten" if nl else "Priorities",
            takeaway=(f"De meeste stippen gingen naar: {top}." if nl else f"Most dots went to: {top}."),
            tables={("Stippen per rol" if nl else "Dots by role"): shown.reset_index().rename(
                columns={"note": "Briefje" if nl else "Note"})},
            actions=tuple(str(n) for n in votes.index[:3]),
        ))
    divergence = rating_divergence(snapshot)
    if not divergence.empty:
        item = divergence.index[0]
        from toolkit.charts.divergence import divergence_chart

        sections.append(ReportSection(
            title="Waar de disciplines verschillen" if nl else "Where the disciplines differ",
            takeaway=(f"Het grootste verschil tussen de rollen zit bij: {item} "
                      f"({divergence['spread'].iloc[0]:.1f} punt)." if nl else
                      f"The roles differ most on: {item} ({divergence['spread'].iloc[0]:.1f} points)."),
            figure=lambda: divergence_chart(divergence, lang),
            tables={("Gemiddelde score per rol" if nl else "Mean score by role"): divergence.round(2).rename(
                columns=lambda r: role_label(r, lang) if r != "spread" else ("spreiding" if nl else "spread")
            ).reset_index().rename(columns={"row_label": "Onderdeel" if nl else "Item"})},
        ))
    return sections
