"""Votes and ratings split by role, for every vote phase and every rating phase of any workshop.

Where do the disciplines vote or score differently? :func:`vote_split` gives the dots per
contribution per role of one vote phase, :func:`rating_split` the mean score per rated row and
dimension per role of one rating phase (over its columns, if any), each with how many people of
each role voted or rated. Phases are never mixed: each has its own budget or scale.
:func:`report_sections` adds one report section per phase with input, to every workshop's report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.core.i18n import ROLES, role_label, translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.definitions import Phase, Workshop
    from toolkit.core.snapshot import Snapshot

TOP = 10  # rows in a report table (the workbook's appendix holds every vote and score)


@dataclass(frozen=True)
class RoleSplit:
    """One phase's votes or scores by role.

    ``table`` has one row per item (a vote phase: per contribution, indexed by its id; a rating
    phase: per row and dimension), the columns ``item`` (its text), for ratings ``dimension``
    (the dimension id), one column per role (dots, or mean score) and, for votes, ``total``;
    items with the most dots (ratings: the widest gap between roles) first. ``people`` is the
    number of voters or raters per role, roles in the usual order.
    """

    phase: str
    kind: str  # "vote" or "rating"
    table: pd.DataFrame
    people: dict[str, int] = field(default_factory=dict)

    @property
    def roles(self) -> list[str]:
        return list(self.people)

    @property
    def empty(self) -> bool:
        return self.table.empty


def _ordered(roles) -> list[str]:
    present = set(roles)
    return [r for r in ROLES if r in present] + sorted(present - set(ROLES))


def vote_split(snapshot: Snapshot, phase: str) -> RoleSplit:
    """Dots per contribution and role in vote phase ``phase``, with the total, most dots first
    (ties: the earlier contribution first); ``people`` counts who placed at least one dot."""
    import pandas as pd

    votes = snapshot.votes
    votes = votes[(votes["phase"] == phase) & (votes["points"] > 0)]
    if votes.empty:
        return RoleSplit(phase, "vote", pd.DataFrame(columns=["item", "total"]))
    roles = _ordered(votes["role"].unique())
    table = votes.pivot_table(index="contribution_id", columns="role", values="points", aggfunc="sum",
                              fill_value=0).reindex(columns=roles, fill_value=0).astype(int)
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    labels = snapshot.item_labels()
    table.insert(0, "item", [labels.get(str(cid), str(cid)) for cid in table.index])
    table = table.sort_values(["total"], ascending=False, kind="stable")
    people = {r: int(votes.loc[votes["role"] == r, "participant_id"].nunique()) for r in roles}
    return RoleSplit(phase, "vote", table, people)


def rating_split(snapshot: Snapshot, phase: str, workshop: Workshop | None = None) -> RoleSplit:
    """Mean score per row, dimension and role in rating phase ``phase`` (over its columns, if it
    has any), the rows where the roles differ most first; ``people`` counts who gave a score.
    Dimensions keep the definition's order within a row."""
    import pandas as pd

    ratings = snapshot.ratings(phase)
    if ratings.empty:
        return RoleSplit(phase, "rating", pd.DataFrame(columns=["item", "dimension"]))
    roles = _ordered(ratings["role"].unique())
    ratings = ratings.assign(row=ratings["row"].astype(str))
    table = ratings.pivot_table(index=["row", "dimension"], columns="role", values="score", aggfunc="mean")
    table = table.reindex(columns=roles)
    table.columns.name = None
    labels = dict(zip(ratings["row"], ratings["row_label"], strict=True))
    table.insert(0, "item", [labels.get(row, row) for row, _ in table.index])
    table.insert(1, "dimension", [dim for _, dim in table.index])
    spread = table[roles].max(axis=1) - table[roles].min(axis=1)
    order = list(_dimension_order(workshop, phase))
    table = table.assign(_spread=spread.fillna(0),
                         _dim=[order.index(d) if d in order else len(order) for d in table["dimension"]])
    table = table.sort_values(["_spread", "_dim"], ascending=[False, True], kind="stable")
    table = table.drop(columns=["_spread", "_dim"])
    people = {r: int(ratings.loc[ratings["role"] == r, "participant_id"].nunique()) for r in roles}
    return RoleSplit(phase, "rating", table, people)


def _dimension_order(workshop: Workshop | None, phase: str) -> tuple[str, ...]:
    if workshop is None:
        return ()
    spec = workshop.phase(phase).rating
    return tuple(d.id for d in spec.dimensions) if spec else ()


def split_phases(workshop: Workshop) -> tuple[Phase, ...]:
    """The phases a split by role is shown for: every vote phase and every rating phase."""
    return tuple(p for p in workshop.phases if p.input in ("vote", "rating"))


def split(snapshot: Snapshot, phase: Phase, workshop: Workshop) -> RoleSplit:
    """The split by role of one vote or rating phase."""
    if phase.input == "vote":
        return vote_split(snapshot, phase.id)
    return rating_split(snapshot, phase.id, workshop)


# -- report -------------------------------------------------------------------------------------

_TEXT = {
    "title": {"nl": "Per rol: {phase}", "en": "By role: {phase}"},
    "item": {"nl": "Onderdeel", "en": "Item"},
    "dimension": {"nl": "Dimensie", "en": "Dimension"},
    "total": {"nl": "Totaal", "en": "Total"},
    "role_n": {"nl": "{role} ({n})", "en": "{role} ({n})"},
    "dots_by_role": {"nl": "Stippen per rol (tussen haakjes: aantal stemmers)",
                     "en": "Dots by role (in brackets: number of voters)"},
    "means_by_role": {"nl": "Gemiddelde score per rol (tussen haakjes: aantal beoordelaars)",
                      "en": "Mean score by role (in brackets: number of raters)"},
    "vote_same": {
        "nl": "{roles} zetten hun meeste stippen op hetzelfde: {item}.",
        "en": "{roles} put most of their dots on the same item: {item}.",
    },
    "vote_differ": {
        "nl": "De rollen kiezen verschillend. De meeste stippen per rol: {choices}.",
        "en": "The roles choose differently. Most dots per role: {choices}.",
    },
    "vote_one": {
        "nl": "Alleen {role} stemde; de meeste stippen gingen naar: {item}.",
        "en": "Only {role} voted; most dots went to: {item}.",
    },
    "choice": {"nl": "{item} ({roles})", "en": "{item} ({roles})"},
    "rating_differ": {
        "nl": "De rollen scoren het verst uiteen bij {item} ({dimension}): {spread} punt verschil.",
        "en": "The roles score furthest apart on {item} ({dimension}): {spread} points apart.",
    },
    "rating_one": {
        "nl": "Alleen {role} gaf scores; er valt nog niets te vergelijken.",
        "en": "Only {role} gave scores; there is nothing to compare yet.",
    },
    "and": {"nl": " en ", "en": " and "},
}


def text(key: str, lang: str, **params: object) -> str:
    """The string ``key`` of this module in ``lang``."""
    return translate(_TEXT, key, lang, **params)


def role_heading(role: str, people: int, lang: str) -> str:
    """A role's column heading with its number of voters or raters: ``Marketing (3)``."""
    return text("role_n", lang, role=role_label(role, lang), n=people)


def _joined(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + text("and", lang) + parts[-1]


def vote_takeaway(result: RoleSplit, lang: str) -> str:
    """Whether the roles put most of their dots on the same contribution, in one sentence."""
    from textwrap import shorten

    table = result.table
    favourite: dict[str, list[str]] = {}  # item -> the roles whose most dots went to it
    for role in result.roles:
        if table[role].max() > 0:
            item = shorten(str(table.loc[table[role].idxmax(), "item"]), 60, placeholder="…")
            favourite.setdefault(item, []).append(role_label(role, lang))
    voted = [r for roles in favourite.values() for r in roles]
    if len(voted) == 1:
        return text("vote_one", lang, role=voted[0], item=next(iter(favourite)))
    if len(favourite) == 1:
        return text("vote_same", lang, roles=_joined(voted, lang), item=next(iter(favourite)))
    ranked = sorted(favourite.items(), key=lambda kv: -len(kv[1]))
    choices = [text("choice", lang, item=item, roles=_joined(roles, lang)) for item, roles in ranked]
    return text("vote_differ", lang, choices="; ".join(choices))


def rating_takeaway(result: RoleSplit, dimensions: dict[str, str], lang: str) -> str:
    """Where the roles score furthest apart, in one sentence."""
    from toolkit.core.views import format_number

    if len(result.roles) < 2:
        return text("rating_one", lang, role=role_label(result.roles[0], lang))
    first = result.table.iloc[0]
    values = first[result.roles].dropna()
    spread = float(values.max() - values.min()) if len(values) else 0.0
    return text("rating_differ", lang, item=first["item"], dimension=dimensions.get(first["dimension"],
                first["dimension"]), spread=format_number(round(spread, 1), lang))


def display_table(result: RoleSplit, lang: str, dimensions: dict[str, str] | None = None,
                  limit: int | None = TOP) -> pd.DataFrame:
    """The table as a report shows it: headings in ``lang``, role columns with their numbers."""
    table = result.table if limit is None else result.table.head(limit)
    shown = table.reset_index(drop=True)
    names = {"item": text("item", lang), "dimension": text("dimension", lang), "total": text("total", lang)}
    names.update({r: role_heading(r, n, lang) for r, n in result.people.items()})
    if "dimension" in shown.columns:
        shown["dimension"] = [(dimensions or {}).get(d, d) for d in shown["dimension"]]
        shown[result.roles] = shown[result.roles].astype(float).round(2)
    return shown.rename(columns=names)


def dimension_labels(phase: Phase, lang: str) -> dict[str, str]:
    return {d.id: d.label(lang) for d in phase.rating.dimensions} if phase.rating else {}


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """One section per vote phase and rating phase that has input: the split chart, the table
    and a one-line takeaway."""
    from toolkit.charts.by_role import by_role_chart
    from toolkit.core.definitions import get_workshop

    workshop = get_workshop(snapshot.workshop_id)
    sections = []
    for phase in split_phases(workshop):
        result = split(snapshot, phase, workshop)
        if result.empty:
            continue
        title = phase.title(lang)
        dims = dimension_labels(phase, lang)
        if result.kind == "vote":
            takeaway, caption = vote_takeaway(result, lang), text("dots_by_role", lang)
        else:
            takeaway, caption = rating_takeaway(result, dims, lang), text("means_by_role", lang)
        scale = workshop.scale(phase.rating.scale) if phase.rating else None
        sections.append(ReportSection(
            title=text("title", lang, phase=title),
            takeaway=takeaway,
            figure=lambda r=result, t=title, d=dims, s=scale: by_role_chart(r, lang, phase_title=t, dimensions=d,
                                                                             scale=s),
            tables={caption: display_table(result, lang, dims)},
        ))
    return sections
