"""Analysis of the marketing and IT retrospective: frustrations by kind and side, clusters with the
dots of each side, actions with and without an owner on both sides, and the trust barometer
before and after by role.

A participant's side is their role when it is marketing or IT, else ``other``. The clusters are the
facilitator's curation of the board (:mod:`toolkit.core.curation`); a frustration outside any
cluster counts as a cluster of its own.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.core.i18n import ROLE_LABELS, translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot

SIDES = ("marketing", "it", "other")
FRUSTRATIONS = "frustrations"
ACTIONS = "actions"
BEFORE, AFTER = "trust-before", "trust-after"
FOLLOWUP = "followup"
STATEMENTS = "trust_statements"
PREVIOUS_ACTIONS = "previous_actions"


def side_of(role: str) -> str:
    """``marketing``, ``it`` or ``other``."""
    return role if role in ("marketing", "it") else "other"


SIDE_LABELS: dict[str, dict[str, str]] = {
    "marketing": ROLE_LABELS["marketing"],
    "it": ROLE_LABELS["it"],
    "other": {"nl": "Overige rollen", "en": "Other roles"},
}


def side_label(side: str, lang: str) -> str:
    """The label of a side: marketing, IT or the other roles together."""
    return translate(SIDE_LABELS, side if side in SIDE_LABELS else "other", lang)


def list_label(snapshot: Snapshot, list_id: str, item_id: object, lang: str) -> str:
    """An item's label in ``lang``: the definition's own, else the session's (the facilitator's
    edit), else the id."""
    from toolkit.core.definitions import get_workshop

    item = str(item_id)
    for option in get_workshop(snapshot.workshop_id).lists.get(list_id, ()):
        if option.id == item:
            return option.label(lang)
    return dict(snapshot.lists.get(list_id, ())).get(item, item)


def frustrations(snapshot: Snapshot) -> pd.DataFrame:
    """One row per frustration: ``id, text, type, topic, role, side, cluster``; ``cluster`` is the
    facilitator's cluster label, or ``None``."""
    import pandas as pd

    columns = ["id", "text", "type", "topic", "role", "side", "cluster"]
    rows = snapshot.of_kind("form", FRUSTRATIONS)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = rows.reindex(columns=["id", "text", "type", "topic", "role", "cluster"]).copy()
    out["side"] = [side_of(r) for r in out["role"]]
    out["type"] = out["type"].fillna("other")
    return out[columns].reset_index(drop=True)


def frustration_types(snapshot: Snapshot) -> pd.DataFrame:
    """Frustrations counted per kind (rows, in the definition's order) and side (columns), with
    every kind and side present (zero where none)."""
    from toolkit.core.definitions import get_workshop

    kinds = [o.id for o in get_workshop(snapshot.workshop_id).lists["frustration_types"]]
    table = frustrations(snapshot)
    counts = table.groupby(["type", "side"]).size().unstack(fill_value=0) if not table.empty else None
    import pandas as pd

    out = pd.DataFrame(0, index=pd.Index(kinds, name="type"), columns=list(SIDES))
    if counts is not None:
        for kind in counts.index:
            for side in counts.columns:
                out.loc[kind, side] = int(counts.loc[kind, side])
    return out


def _group_of(snapshot: Snapshot) -> dict[int, str]:
    """Each frustration's group: its cluster's label, or its own text when it is in none."""
    rows = frustrations(snapshot)
    return {int(i): (c if isinstance(c, str) and c else t)
            for i, c, t in zip(rows["id"], rows["cluster"], rows["text"], strict=True)}


def cluster_votes(snapshot: Snapshot) -> pd.DataFrame:
    """Dots per cluster and side, and how differently the sides weigh each cluster.

    Index: the cluster label (a frustration outside any cluster stands for itself). Columns:
    ``notes`` (frustrations in it), the dots of each side, ``total``, ``marketing_share`` and
    ``it_share`` (the part of that side's own dots that went here, 0 to 1) and ``gap``
    (``marketing_share - it_share``: positive where marketing weighs it more). Sorted by total,
    most first; clusters without dots are kept, at the end.
    """
    import pandas as pd

    group_of = _group_of(snapshot)
    columns = ["notes", *SIDES, "total", "marketing_share", "it_share", "gap"]
    if not group_of:
        return pd.DataFrame(columns=columns)
    groups = list(dict.fromkeys(group_of.values()))
    out = pd.DataFrame(index=pd.Index(groups, name="cluster"))
    out["notes"] = pd.Series(list(group_of.values())).value_counts().reindex(groups).astype(int).to_numpy()
    votes = snapshot.votes  # only dots on frustrations have a group
    dots = pd.DataFrame({
        "group": [group_of.get(int(c)) for c in votes["contribution_id"]],
        "side": [side_of(r) for r in votes["role"]],
        "points": votes["points"].astype(int).to_numpy(),
    }).dropna(subset=["group"]).pivot_table(index="group", columns="side", values="points", aggfunc="sum")
    for side in SIDES:
        column = dots[side] if side in dots.columns else pd.Series(dtype=float)
        out[side] = column.reindex(groups).fillna(0).astype(int).to_numpy()
    out["total"] = out[list(SIDES)].sum(axis=1)
    for side in ("marketing", "it"):
        spent = out[side].sum()
        out[f"{side}_share"] = out[side] / spent if spent else 0.0
    out["gap"] = out["marketing_share"] - out["it_share"]
    order = sorted(range(len(out)), key=lambda i: -int(out["total"].iloc[i]))  # stable: board order on ties
    return out.iloc[order][columns]


def actions(snapshot: Snapshot) -> pd.DataFrame:
    """One row per action: ``id, action, cluster, owner_marketing, owner_it, first_step, due, gadd,
    agreed, two_owners``; ``cluster`` is the group of the frustration it belongs to (``None``
    when it names none), ``two_owners`` whether it has an owner on both sides."""
    import pandas as pd

    columns = ["id", "action", "cluster", "owner_marketing", "owner_it", "first_step", "due", "gadd", "agreed",
               "two_owners"]
    rows = snapshot.of_kind("form", ACTIONS)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    group_of = _group_of(snapshot)
    cur = snapshot.curation
    out = rows.reindex(columns=["id", "agreed_text", "text", "frustration", "owner_marketing", "owner_it",
                                "first_step", "due", "gadd", "agreed"]).copy()
    out["action"] = [a if isinstance(a, str) and a else t for a, t in zip(out["agreed_text"], out["text"], strict=True)]

    def group(ref) -> str | None:
        if ref is None or (isinstance(ref, float) and ref != ref) or not str(ref).isdigit():
            return None
        target = cur.survivor(int(ref)) if cur is not None else int(ref)
        return group_of.get(target)

    def cleaned(values) -> pd.Series:  # object dtype: a missing value stays None, not NaN
        return pd.Series(values, index=out.index, dtype=object)

    out["cluster"] = cleaned([group(r) for r in out["frustration"]])
    for col in ("owner_marketing", "owner_it", "first_step", "due", "gadd"):
        out[col] = cleaned([v.strip() if isinstance(v, str) and v.strip() else None for v in out[col]])
    out["agreed"] = out["agreed"].fillna(False).astype(bool)
    out["two_owners"] = out["owner_marketing"].notna() & out["owner_it"].notna()
    return out[columns].reset_index(drop=True)


def actions_by_step(snapshot: Snapshot) -> pd.DataFrame:
    """Actions per step of Forrester's customer data chain (gather, analyze, distribute, deliver),
    every step listed: ``step``, ``actions``, ``agreed``."""
    import pandas as pd

    from toolkit.core.definitions import get_workshop

    table = actions(snapshot)
    rows = []
    for option in get_workshop(snapshot.workshop_id).lists["gadd_steps"]:
        mine = table[table["gadd"] == option.id] if not table.empty else table
        rows.append((option.id, len(mine), int(mine["agreed"].sum()) if len(mine) else 0))
    return pd.DataFrame(rows, columns=["step", "actions", "agreed"])


def trust_barometer(snapshot: Snapshot) -> pd.DataFrame:
    """Mean trust score per statement and side, before and after, and the change.

    Columns ``statement`` (the list item id), ``side``, ``before``, ``after``, ``change`` (after
    minus before; empty when either is missing), ``raters_before``, ``raters_after``. Rows follow
    the statements' order, then the sides; an ``all`` side gives every participant together.
    """
    import pandas as pd

    columns = ["statement", "side", "before", "after", "change", "raters_before", "raters_after"]
    ratings = snapshot.ratings()
    ratings = ratings[ratings["phase"].isin([BEFORE, AFTER])].copy()
    if ratings.empty:
        return pd.DataFrame(columns=columns)
    ratings["side"] = [side_of(r) for r in ratings["role"]]
    statements = [item for item, _ in snapshot.lists.get(STATEMENTS, ())]
    ratings["row"] = ratings["row"].astype(str)
    statements += [s for s in dict.fromkeys(ratings["row"]) if s not in statements]
    by_side = ratings.groupby(["row", "side", "phase"])["score"].agg(["mean", "size"])
    everyone = ratings.assign(side="all").groupby(["row", "side", "phase"])["score"].agg(["mean", "size"])
    found = pd.concat([by_side, everyone])
    cells = {key: (float(m), int(n)) for key, m, n in zip(found.index, found["mean"], found["size"], strict=True)}
    rows = []
    for statement in statements:
        for side in (*SIDES, "all"):
            before, after = cells.get((statement, side, BEFORE)), cells.get((statement, side, AFTER))
            if before is None and after is None:
                continue
            b = before[0] if before else None
            a = after[0] if after else None
            rows.append((statement, side, b, a, (a - b) if a is not None and b is not None else None,
                         before[1] if before else 0, after[1] if after else 0))
    return pd.DataFrame(rows, columns=columns)


def trust_by_side(snapshot: Snapshot) -> pd.DataFrame:
    """The barometer over all statements: mean before and after per side (index), and the change."""
    import pandas as pd

    ratings = snapshot.ratings()
    ratings = ratings[ratings["phase"].isin([BEFORE, AFTER])].copy()
    if ratings.empty:
        return pd.DataFrame(columns=["before", "after", "change"])
    ratings["side"] = [side_of(r) for r in ratings["role"]]
    table = ratings.pivot_table(index="side", columns="phase", values="score", aggfunc="mean")
    out = pd.DataFrame({"before": table.get(BEFORE), "after": table.get(AFTER)}, index=table.index)
    out["change"] = out["after"] - out["before"]
    return out.reindex([s for s in SIDES if s in out.index])


def previous_actions(snapshot: Snapshot) -> pd.DataFrame:
    """The actions carried from the previous retrospective (the list ``previous_actions``) and how
    far their first step got by this session's scores: ``action``, ``median`` (on the
    ``first_step`` scale, empty when nobody scored it), ``scores`` (how many people scored it)."""
    import pandas as pd

    items = snapshot.lists.get(PREVIOUS_ACTIONS, [])
    ratings = snapshot.ratings(FOLLOWUP)
    rows = []
    for item_id, label in items:
        scores = ratings[ratings["row"].astype(str) == str(item_id)]["score"] if not ratings.empty else []
        rows.append((label, float(pd.Series(scores).median()) if len(scores) else None, len(scores)))
    return pd.DataFrame(rows, columns=["action", "median", "scores"])


# -- report -------------------------------------------------------------------------------------

_TEXT: dict[str, dict[str, str]] = {
    "side_all": {"nl": "Iedereen", "en": "Everyone"},
    "trust_title": {"nl": "Vertrouwensbarometer voor en na", "en": "Trust barometer before and after"},
    "trust_takeaway": {
        "nl": "Gemiddeld vertrouwen over alle uitspraken, van het begin naar het eind: {sides}.",
        "en": "Mean trust over all statements, from the start to the end: {sides}.",
    },
    "trust_side": {"nl": "{side} van {before} naar {after}", "en": "{side} from {before} to {after}"},
    "trust_half": {
        "nl": "De barometer is nog maar één keer ingevuld.",
        "en": "The barometer has been filled in only once so far.",
    },
    "col_statement": {"nl": "Uitspraak", "en": "Statement"},
    "col_side": {"nl": "Kant", "en": "Side"},
    "col_before": {"nl": "Vooraf", "en": "Before"},
    "col_after": {"nl": "Achteraf", "en": "After"},
    "col_change": {"nl": "Verschil", "en": "Change"},
    "col_raters_before": {"nl": "Aantal vooraf", "en": "Raters before"},
    "col_raters_after": {"nl": "Aantal achteraf", "en": "Raters after"},
    "trust_table": {"nl": "Vertrouwen per uitspraak en kant", "en": "Trust by statement and side"},
    "types_title": {"nl": "Frustraties per soort en kant", "en": "Frustrations by kind and side"},
    "types_takeaway": {
        "nl": "{count} frustraties; het vaakst genoemd: {kind} ({n}). Marketing schreef er {marketing}, IT {it}.",
        "en": "{count} frustrations; named most often: {kind} ({n}). Marketing wrote {marketing}, IT {it}.",
    },
    "types_table": {"nl": "Frustraties per soort", "en": "Frustrations by kind"},
    "frustration_table": {"nl": "Alle frustraties", "en": "All frustrations"},
    "col_kind": {"nl": "Soort", "en": "Kind"},
    "col_topic": {"nl": "Onderwerp", "en": "Topic"},
    "col_frustration": {"nl": "Frustratie", "en": "Frustration"},
    "col_cluster": {"nl": "Groep", "en": "Group"},
    "col_total": {"nl": "Totaal", "en": "Total"},
    "clusters_title": {"nl": "Groepen en stippen per rol", "en": "Groups and dots by role"},
    "clusters_takeaway": {
        "nl": "De meeste stippen gingen naar {top} ({total}).",
        "en": "Most dots went to {top} ({total}).",
    },
    "clusters_gap": {
        "nl": " De kanten verschillen het meest bij {cluster}: daar ging {marketing} van de stippen van marketing "
              "heen en {it} van die van IT.",
        "en": " The sides differ most on {cluster}: marketing gave it {marketing} of its dots, IT {it}.",
    },
    "clusters_none": {"nl": "Er zijn nog geen stippen gezet.", "en": "No dots have been placed yet."},
    "clusters_table": {"nl": "Stippen per groep en kant", "en": "Dots by group and side"},
    "col_notes": {"nl": "Briefjes", "en": "Notes"},
    "col_share": {"nl": "Deel van de stippen van {side}", "en": "Share of {side}'s dots"},
    "col_gap": {"nl": "Verschil marketing - IT (procentpunt)", "en": "Gap marketing - IT (points)"},
    "actions_title": {"nl": "Acties met een eigenaar van elke kant", "en": "Actions with an owner on each side"},
    "actions_takeaway": {
        "nl": "{count} acties, waarvan {two} met een eigenaar bij marketing én bij IT en {agreed} afgesproken.",
        "en": "{count} actions, {two} of them with an owner in both marketing and IT, and {agreed} agreed.",
    },
    "actions_missing": {
        "nl": " Nog zonder tweede eigenaar: {actions}.",
        "en": " Still without a second owner: {actions}.",
    },
    "actions_table": {"nl": "Acties", "en": "Actions"},
    "gadd_table": {"nl": "Acties per klantdata-stap", "en": "Actions by customer data step"},
    "col_action": {"nl": "Actie", "en": "Action"},
    "col_owner_marketing": {"nl": "Eigenaar marketing", "en": "Owner marketing"},
    "col_owner_it": {"nl": "Eigenaar IT", "en": "Owner IT"},
    "col_first_step": {"nl": "Eerste stap", "en": "First step"},
    "col_due": {"nl": "Datum", "en": "Date"},
    "col_gadd": {"nl": "Klantdata-stap", "en": "Customer data step"},
    "col_agreed": {"nl": "Afgesproken", "en": "Agreed"},
    "col_two_owners": {"nl": "Twee eigenaren", "en": "Two owners"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "action_line": {
        "nl": "{action} (eigenaren: {owners}; eerste stap: {step}, {due})",
        "en": "{action} (owners: {owners}; first step: {step}, {due})",
    },
    "nobody": {"nl": "nog niemand", "en": "nobody yet"},
    "no_step": {"nl": "nog niet bepaald", "en": "not set yet"},
    "no_date": {"nl": "zonder datum", "en": "no date"},
    "previous_title": {"nl": "Acties van het vorige retrospectief", "en": "Actions from the previous retrospective"},
    "previous_takeaway": {
        "nl": "Van de {count} acties van de vorige keer is bij {done} de eerste stap gezet.",
        "en": "Of the {count} actions from last time, {done} had their first step taken.",
    },
    "previous_table": {"nl": "Eerste stap per actie", "en": "First step by action"},
    "col_median": {"nl": "Eerste stap (mediaan, 1 tot 3)", "en": "First step (median, 1 to 3)"},
    "col_scores": {"nl": "Aantal scores", "en": "Scores"},
}


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_TEXT, key, lang, **params)


def _num(value, lang: str) -> str:
    from toolkit.core.views import format_number

    return format_number(round(float(value), 1), lang) if value is not None else ""


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _trust_section(snapshot: Snapshot, lang: str) -> ReportSection | None:
    table = trust_barometer(snapshot)
    if table.empty:
        return None
    from toolkit.charts.marketing_it_retro import trust_chart

    overall = trust_by_side(snapshot)
    complete = overall.dropna(subset=["before", "after"])
    if complete.empty:
        takeaway = _t("trust_half", lang)
    else:
        sides = "; ".join(_t("trust_side", lang, side=side_label(s, lang), before=_num(r["before"], lang),
                                after=_num(r["after"], lang)) for s, r in complete.iterrows())
        takeaway = _t("trust_takeaway", lang, sides=sides)
    shown = table.assign(
        statement=[list_label(snapshot, STATEMENTS, s, lang) for s in table["statement"]],
        side=[side_label(s, lang) if s != "all" else _t("side_all", lang) for s in table["side"]],
    )
    for col in ("before", "after", "change"):
        shown[col] = [round(v, 2) if v is not None and v == v else None for v in shown[col]]
    shown = shown.rename(columns={c: _t(f"col_{c}", lang) for c in shown.columns})
    return ReportSection(
        title=_t("trust_title", lang), takeaway=takeaway,
        figure=lambda: trust_chart(table, lang, labels={s: list_label(snapshot, STATEMENTS, s, lang)
                                                        for s in table["statement"]}),
        tables={_t("trust_table", lang): shown},
    )


def _types_section(snapshot: Snapshot, lang: str) -> ReportSection | None:
    rows = frustrations(snapshot)
    if rows.empty:
        return None
    from toolkit.charts.marketing_it_retro import frustration_types_chart

    table = frustration_types(snapshot)
    totals = table.sum(axis=1)
    top = str(totals.idxmax())
    labels = {k: list_label(snapshot, "frustration_types", k, lang) for k in table.index}
    shown = table.rename(index=labels, columns=lambda s: side_label(s, lang))
    shown[_t("col_total", lang)] = totals.to_numpy()
    shown = shown.reset_index().rename(columns={"type": _t("col_kind", lang)})
    listing = {
        _t("col_frustration", lang): list(rows["text"]),
        _t("col_kind", lang): [labels.get(k, k) for k in rows["type"]],
        _t("col_topic", lang): [list_label(snapshot, "topics", t, lang) if isinstance(t, str) else ""
                                for t in rows["topic"]],
        _t("col_side", lang): [side_label(s, lang) for s in rows["side"]],
        _t("col_cluster", lang): [c if isinstance(c, str) else "" for c in rows["cluster"]],
    }
    import pandas as pd

    return ReportSection(
        title=_t("types_title", lang),
        takeaway=_t("types_takeaway", lang, count=len(rows), kind=labels[top], n=int(totals[top]),
                    marketing=int(table["marketing"].sum()), it=int(table["it"].sum())),
        figure=lambda: frustration_types_chart(table, lang, labels=labels),
        tables={_t("types_table", lang): shown, _t("frustration_table", lang): pd.DataFrame(listing)},
    )


def _clusters_section(snapshot: Snapshot, lang: str) -> ReportSection | None:
    table = cluster_votes(snapshot)
    if table.empty:
        return None
    from toolkit.charts.marketing_it_retro import cluster_votes_chart

    if int(table["total"].sum()) == 0:
        takeaway = _t("clusters_none", lang)
    else:
        takeaway = _t("clusters_takeaway", lang, top=table.index[0], total=int(table["total"].iloc[0]))
        if table["marketing"].sum() and table["it"].sum():
            widest = table["gap"].abs().idxmax()
            takeaway += _t("clusters_gap", lang, cluster=widest,
                           marketing=_percent(table.loc[widest, "marketing_share"]),
                           it=_percent(table.loc[widest, "it_share"]))
    names = {"notes": _t("col_notes", lang), "total": _t("col_total", lang), "gap": _t("col_gap", lang),
             "marketing_share": _t("col_share", lang, side=side_label("marketing", lang)),
             "it_share": _t("col_share", lang, side=side_label("it", lang)),
             **{s: side_label(s, lang) for s in SIDES}}
    shown = table.copy()
    for col in ("marketing_share", "it_share", "gap"):
        shown[col] = (shown[col] * 100).round(0).astype(int)
    shown = shown.rename(columns=names).reset_index().rename(columns={"cluster": _t("col_cluster", lang)})
    return ReportSection(
        title=_t("clusters_title", lang), takeaway=takeaway,
        figure=lambda: cluster_votes_chart(table, lang),
        tables={_t("clusters_table", lang): shown},
    )


def action_line(row, lang: str) -> str:
    """One action as a plain sentence: the action, its owners, its first step and date."""
    owners = " / ".join(o for o in (row["owner_marketing"], row["owner_it"]) if o) or _t("nobody", lang)
    return _t("action_line", lang, action=row["action"], owners=owners, step=row["first_step"] or _t("no_step", lang),
              due=row["due"] or _t("no_date", lang))


def _actions_section(snapshot: Snapshot, lang: str) -> ReportSection | None:
    table = actions(snapshot)
    if table.empty:
        return None
    takeaway = _t("actions_takeaway", lang, count=len(table), two=int(table["two_owners"].sum()),
                  agreed=int(table["agreed"].sum()))
    missing = table[~table["two_owners"]]
    if not missing.empty:
        takeaway += _t("actions_missing", lang, actions="; ".join(missing["action"]))
    chosen = table[table["agreed"]] if table["agreed"].any() else table
    yes_no = {True: _t("yes", lang), False: _t("no", lang)}
    shown = table.drop(columns=["id"]).assign(
        gadd=[list_label(snapshot, "gadd_steps", g, lang) if g else "" for g in table["gadd"]],
        agreed=[yes_no[bool(v)] for v in table["agreed"]],
        two_owners=[yes_no[bool(v)] for v in table["two_owners"]],
    ).fillna("")
    shown = shown.rename(columns={c: _t(f"col_{c}", lang) for c in shown.columns})
    steps = actions_by_step(snapshot)
    steps = steps.assign(step=[list_label(snapshot, "gadd_steps", g, lang) for g in steps["step"]]).rename(
        columns={"step": _t("col_gadd", lang), "actions": _t("actions_table", lang), "agreed": _t("col_agreed", lang)})
    return ReportSection(
        title=_t("actions_title", lang), takeaway=takeaway,
        tables={_t("actions_table", lang): shown, _t("gadd_table", lang): steps},
        actions=tuple(action_line(r, lang) for _, r in chosen.iterrows()),
    )


def _previous_section(snapshot: Snapshot, lang: str) -> ReportSection | None:
    table = previous_actions(snapshot)
    if table.empty:
        return None
    done = int((table["median"].fillna(0) >= 3).sum())
    shown = table.rename(columns={"action": _t("col_action", lang), "median": _t("col_median", lang),
                                  "scores": _t("col_scores", lang)})
    return ReportSection(
        title=_t("previous_title", lang), takeaway=_t("previous_takeaway", lang, count=len(table), done=done),
        tables={_t("previous_table", lang): shown},
    )


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """The carried actions (when there are any), the barometer, the frustrations, the clusters with
    their dots by role, and the owned actions."""
    builders = (_previous_section, _trust_section, _types_section, _clusters_section, _actions_section)
    return [s for s in (build(snapshot, lang) for build in builders) if s is not None]
