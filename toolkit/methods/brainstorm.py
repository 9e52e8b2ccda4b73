"""Analysis for the generic brainstorm and for the divergence view every live app shows:
top-voted notes, and where the disciplines rate or vote differently."""
from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.core.i18n import role_label, translate
from toolkit.methods.agreed import agreed_texts
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


_TEXT = {
    "priorities": {"nl": "Prioriteiten", "en": "Priorities"},
    "top_voted": {"nl": "De meeste stippen gingen naar: {note}.", "en": "Most dots went to: {note}."},
    "total": {"nl": "Totaal", "en": "Total"},
    "dots_by_role": {"nl": "Stippen per rol", "en": "Dots by role"},
    "note": {"nl": "Briefje", "en": "Note"},
    "differ": {"nl": "Waar de disciplines verschillen: {phase}", "en": "Where the disciplines differ: {phase}"},
    "differ_most": {
        "nl": "Het grootste verschil tussen de rollen zit bij: {item} ({spread} punt).",
        "en": "The roles differ most on: {item} ({spread} points).",
    },
    "mean_by_role": {"nl": "Gemiddelde score per rol", "en": "Mean score by role"},
    "spread": {"nl": "spreiding", "en": "spread"},
    "item": {"nl": "Onderdeel", "en": "Item"},
    # Curation: what the room agreed on the board.
    "agreed_ideas": {"nl": "Afgesproken: {ideas}.", "en": "Agreed: {ideas}."},
}


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_TEXT, key, lang, **params)


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """Top-voted notes, and the rating divergence by discipline for each rating phase (each on
    its own scale: scores of different phases are never averaged together)."""
    from toolkit.core.definitions import get_workshop
    from toolkit.core.views import format_number

    sections = []
    votes = votes_by_role(snapshot)
    agreed = agreed_texts(snapshot)
    if not votes.empty:
        top = votes.index[0]
        shown = votes.rename(columns=lambda r: role_label(r, lang) if r != "total" else _t("total", lang))
        takeaway = _t("top_voted", lang, note=top)
        if agreed:
            takeaway = f"{_t('agreed_ideas', lang, ideas='; '.join(agreed))} {takeaway}"
        sections.append(ReportSection(
            title=_t("priorities", lang),
            takeaway=takeaway,
            tables={_t("dots_by_role", lang): shown.reset_index().rename(columns={"note": _t("note", lang)})},
            # What the room agreed on comes first, then the most-voted notes.
            actions=tuple(dict.fromkeys([*agreed, *(str(n) for n in votes.index[:3])])),
        ))
    elif agreed:
        sections.append(ReportSection(title=_t("priorities", lang),
                                      takeaway=_t("agreed_ideas", lang, ideas="; ".join(agreed)),
                                      actions=tuple(agreed)))
    workshop = get_workshop(snapshot.workshop_id)
    for phase in (p for p in workshop.phases if p.input == "rating"):
        divergence = rating_divergence(snapshot, phase.id)
        if divergence.empty:
            continue
        sections.append(_divergence_section(divergence, phase, workshop.scale(phase.rating.scale), lang,
                                            format_number(round(float(divergence["spread"].iloc[0]), 1), lang)))
    return sections


def _divergence_section(divergence, phase, scale, lang: str, spread: str) -> ReportSection:
    from toolkit.charts.divergence import divergence_chart

    title = phase.title(lang)
    return ReportSection(
        title=_t("differ", lang, phase=title),
        takeaway=_t("differ_most", lang, item=divergence.index[0], spread=spread),
        figure=lambda: divergence_chart(divergence, lang, phase_title=title, scale=scale),
        tables={_t("mean_by_role", lang): divergence.round(2).rename(
            columns=lambda r: role_label(r, lang) if r != "spread" else _t("spread", lang)
        ).reset_index().rename(columns={"row_label": _t("item", lang)})},
    )
