"""DNA mapping analysis: promise versus practice per value and channel, the cascade to action, proof and KPIs."""
from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from toolkit.core.i18n import ROLES, role_label, translate
from toolkit.methods.agreed import agreed_flags, wordings
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot

# Phase and field ids of workshops/dna-mapping.yaml (a contract with the definition).
PURPOSE_PHASE = "purpose"
VALUES_PHASE = "values"
CASCADE_PHASE = "cascade"
ALIGNMENT_PHASE = "alignment"
EVIDENCE_PHASE = "evidence"
KPI_PHASE = "kpis"
GAPS_PHASE = "gaps"
CHANNEL_LIST = "channels"
PROMISE, PRACTICE = "promise", "practice"
LEVELS: tuple[str, ...] = ("organisation", "marketing", "communication", "action")
OBJECTIVE_LEVELS: tuple[str, ...] = ("organisation", "marketing")

LEVEL_LABELS: dict[str, dict[str, str]] = {
    "organisation": {"nl": "Organisatiedoelstelling", "en": "Organisation objective"},
    "marketing": {"nl": "Marketingdoelstelling", "en": "Marketing objective"},
    "communication": {"nl": "Communicatiestrategie", "en": "Communication strategy"},
    "action": {"nl": "Actie per kanaal", "en": "Channel action"},
}

MATRIX_COLUMNS = [
    "value_id", "value", "channel", "channel_label", "channel_order", "promise", "practice", "gap", "n_raters",
]
RANKED_COLUMNS = [
    "rank", "value_id", "value", "channel", "channel_label", "promise", "practice", "gap", "n_raters",
    "roles_agreeing", "roles_rated", "agreeing_roles",
]
TREE_COLUMNS = [
    "id", "level", "text", "parent", "parent_found", "depth", "linked", "orphan", "reason", "without_action", "role",
]
DISAGREEMENT_COLUMNS = [
    "value_id", "value", "channel", "channel_label", "role", "role_label", "mean_practice", "std_practice",
    "n", "n_roles", "spread",
]

# Column headers of the report tables.
_HEADERS: dict[str, dict[str, str]] = {
    "value": {"nl": "Waarde", "en": "Value"},
    "promise_text": {"nl": "Belofte aan de klant", "en": "Promise to the customer"},
    "channel_label": {"nl": "Kanaal", "en": "Channel"},
    "promise": {"nl": "Belofte (gem.)", "en": "Promise (mean)"},
    "practice": {"nl": "Praktijk (gem.)", "en": "Practice (mean)"},
    "gap": {"nl": "Gat", "en": "Gap"},
    "n_raters": {"nl": "Beoordelaars", "en": "Raters"},
    "rank": {"nl": "Plaats", "en": "Rank"},
    "agreement": {"nl": "Disciplines eens", "en": "Disciplines agreeing"},
    "level_label": {"nl": "Niveau", "en": "Level"},
    "text": {"nl": "Omschrijving", "en": "Description"},
    "reason_label": {"nl": "Waarom los", "en": "Why unlinked"},
    "evidence": {"nl": "Bewijs", "en": "Evidence"},
    "supports_label": {"nl": "Steunt belofte", "en": "Supports promise"},
    "n_evidence": {"nl": "Bewijsstukken", "en": "Evidence items"},
    "contradicting": {"nl": "Spreekt tegen", "en": "Contradicting"},
    "kpi": {"nl": "KPI", "en": "KPI"},
    "target": {"nl": "Streefwaarde", "en": "Target"},
    "owner": {"nl": "Eigenaar", "en": "Owner"},
    "spread": {"nl": "Verschil tussen disciplines", "en": "Spread between disciplines"},
    "highest": {"nl": "Hoogste score", "en": "Highest score"},
    "lowest": {"nl": "Laagste score", "en": "Lowest score"},
    "prompt_label": {"nl": "Soort", "en": "Kind"},
    "points": {"nl": "Stippen", "en": "Dots"},
    "voters": {"nl": "Stemmers", "en": "Voters"},
    "purpose": {"nl": "Bestaansrecht", "en": "Purpose"},
}

_TEXT: dict[str, dict[str, str]] = {
    # section titles
    "title_values": {"nl": "Bestaansrecht en DNA-waarden", "en": "Purpose and DNA values"},
    "title_alignment": {"nl": "Belofte en praktijk per kanaal", "en": "Promise and practice per channel"},
    "title_gaps": {"nl": "De grootste gaten", "en": "The largest gaps"},
    "title_cascade": {"nl": "Van doelstelling tot actie", "en": "From objective to action"},
    "title_proof": {"nl": "Bewijs en KPI's", "en": "Evidence and KPIs"},
    "title_disagreement": {"nl": "Waar de disciplines het oneens zijn", "en": "Where the disciplines disagree"},
    "title_priorities": {"nl": "Prioriteiten van de groep", "en": "The group's priorities"},
    "title_next": {"nl": "Volgende stappen", "en": "Next steps"},
    # table captions
    "cap_purpose": {"nl": "Bestaansrecht", "en": "Purpose"},
    "cap_values": {"nl": "DNA-waarden", "en": "DNA values"},
    "cap_matrix": {"nl": "Belofte en praktijk", "en": "Promise and practice"},
    "cap_gaps": {"nl": "Gaten op volgorde", "en": "Gaps in order"},
    "cap_orphans": {"nl": "Acties zonder doelstelling", "en": "Actions without an objective"},
    "cap_no_action": {"nl": "Doelstellingen zonder actie", "en": "Objectives without action"},
    "cap_cascade": {"nl": "Keten", "en": "Cascade"},
    "cap_evidence": {"nl": "Bewijs", "en": "Evidence"},
    "cap_kpis": {"nl": "KPI's", "en": "KPIs"},
    "cap_no_evidence": {"nl": "Waarden zonder bewijs", "en": "Values without evidence"},
    "cap_no_kpi": {"nl": "Waarden zonder KPI", "en": "Values without KPI"},
    "cap_disagreement": {"nl": "Verschillen tussen disciplines", "en": "Differences between disciplines"},
    "cap_priorities": {"nl": "Gestemde gaten en acties", "en": "Voted gaps and actions"},
    # takeaways
    "no_values": {"nl": "Er zijn nog geen DNA-waarden ingevuld.", "en": "No DNA values have been entered yet."},
    "values_listed": {"nl": "{n} DNA-waarden: {names}.", "en": "{n} DNA values: {names}."},
    "purpose_is": {"nl": "Bestaansrecht: “{text}”.", "en": "Purpose: “{text}”."},
    # Curation: what the room agreed on the board (toolkit.core.curation).
    "agreed_purpose_is": {"nl": "Afgesproken bestaansrecht: “{text}”.", "en": "Agreed purpose: “{text}”."},
    "agreed_values_listed": {"nl": "{n} afgesproken DNA-waarden: {names}.", "en": "{n} agreed DNA values: {names}."},
    "no_purpose": {
        "nl": "Het bestaansrecht is nog niet opgeschreven.",
        "en": "The purpose has not been written down yet.",
    },
    "no_ratings": {
        "nl": "Er zijn nog geen scores voor belofte en praktijk.",
        "en": "There are no promise and practice scores yet.",
    },
    "largest_gap": {
        "nl": "Het grootste gat zit bij “{value}” in {channel}: belofte {promise}, praktijk {practice} (gat {gap}).",
        "en": "The largest gap is “{value}” in {channel}: promise {promise}, practice {practice} (gap {gap}).",
    },
    "cells_short": {
        "nl": "In {short} van de {cells} beoordeelde combinaties blijft de praktijk een punt of meer achter.",
        "en": "In {short} of {cells} rated combinations practice falls short by one point or more.",
    },
    "no_gaps": {
        "nl": "Nergens blijft de praktijk achter bij de belofte.",
        "en": "Practice does not fall short of the promise anywhere.",
    },
    "top_gaps": {"nl": "De grootste gaten: {items}.", "en": "The largest gaps: {items}."},
    "gaps_order": {
        "nl": (
            "Gaten staan op grootte; bij een even groot gat gaat het gat voor waar meer disciplines het over eens "
            "zijn."
        ),
        "en": (
            "Gaps are ordered by size; where two gaps are equally large, the one more disciplines agree on comes "
            "first."
        ),
    },
    "no_cascade": {
        "nl": "De keten van doel naar actie is nog leeg.",
        "en": "The cascade from objective to action is still empty.",
    },
    "cascade_summary": {
        "nl": (
            "De keten telt {items} onderdelen. Niet verbonden met een organisatiedoelstelling: {orphans}. "
            "Doelstellingen zonder actie: {empty}."
        ),
        "en": (
            "The cascade has {items} items. Not linked to an organisation objective: {orphans}. Objectives without an "
            "action: {empty}."
        ),
    },
    "proof_summary": {
        "nl": "{evidence} van de {values} waarden hebben bewijs dat de belofte steunt en {kpi} hebben een KPI.",
        "en": "{evidence} of {values} values have evidence supporting the promise and {kpi} have a KPI.",
    },
    "no_disagreement": {
        "nl": "Er zijn nog geen scores van minstens twee disciplines om te vergelijken.",
        "en": "There are no scores from at least two disciplines to compare yet.",
    },
    "most_disagreement": {
        "nl": (
            "De disciplines verschillen het meest over “{value}” in {channel}: {high} geeft de praktijk {high_score}, "
            "{low} {low_score}."
        ),
        "en": (
            "The disciplines differ most on “{value}” in {channel}: {high} rates practice {high_score}, {low} "
            "{low_score}."
        ),
    },
    "no_votes": {"nl": "Er is nog niet gestemd.", "en": "No votes have been cast yet."},
    "top_voted": {
        "nl": "Met {points} stippen staat bovenaan: “{text}”.",
        "en": "At the top, with {points} dots: “{text}”.",
    },
    "next_intro": {
        "nl": "Voorgestelde volgende stappen, afgeleid uit de scores, de keten, het bewijs en de stemmen.",
        "en": "Suggested next steps, derived from the scores, the cascade, the evidence and the votes.",
    },
    # next actions
    "act_start_purpose": {
        "nl": "Schrijf eerst samen het bestaansrecht op in één of twee zinnen.",
        "en": "Start by writing down the purpose together in one or two sentences.",
    },
    "act_start_values": {
        "nl": "Kies 3 tot 5 DNA-waarden en schrijf bij elke waarde op wat die de klant belooft.",
        "en": "Choose 3 to 5 DNA values and write down what each one promises the customer.",
    },
    "act_rate": {
        "nl": "Laat elke discipline per waarde en kanaal belofte en praktijk scoren.",
        "en": "Let every discipline score promise and practice for each value and channel.",
    },
    "act_priority": {
        "nl": "Geef de hoogste prioriteit een eigenaar en een datum: “{text}” ({points} stippen).",
        "en": "Give the top priority an owner and a date: “{text}” ({points} dots).",
    },
    "act_gap": {
        "nl": (
            "Dicht het gat bij “{value}” in {channel}: de praktijk ({practice}) blijft {gap} punten achter bij de "
            "belofte ({promise}); {agree} van {rated} disciplines zien dat ook zo."
        ),
        "en": (
            "Close the gap on “{value}” in {channel}: practice ({practice}) falls {gap} points short of the promise "
            "({promise}); {agree} of {rated} disciplines see it that way."
        ),
    },
    "act_gap_kpi": {
        "nl": " Spreek er ook een meetbare KPI met streefwaarde voor af.",
        "en": " Also agree a measurable KPI with a target for it.",
    },
    "act_orphans_1": {
        "nl": "Koppel dit losse onderdeel aan een doelstelling of stop ermee: {items}.",
        "en": "Link this unlinked item to an objective or stop it: {items}.",
    },
    "act_orphans": {
        "nl": "Koppel deze {n} losse onderdelen aan een doelstelling of stop ermee: {items}.",
        "en": "Link these {n} unlinked items to an objective or stop them: {items}.",
    },
    "act_no_kpi": {
        "nl": "Maak meetbaar met een KPI, streefwaarde en eigenaar: {items}.",
        "en": "Make measurable with a KPI, a target and an owner: {items}.",
    },
    "act_disagreement": {
        "nl": (
            "Laat {high} en {low} voorbeelden uitwisselen over “{value}” in {channel}: zij geven de praktijk "
            "{high_score} en {low_score}."
        ),
        "en": (
            "Let {high} and {low} swap examples about “{value}” in {channel}: they rate practice {high_score} and "
            "{low_score}."
        ),
    },
    "act_no_action": {
        "nl": "Plan minstens één actie per kanaal voor: {items}.",
        "en": "Plan at least one channel action for: {items}.",
    },
    "act_no_evidence": {
        "nl": "Zoek bewijs (een meting, klantreactie of concreet geval) dat deze waarden worden waargemaakt: {items}.",
        "en": (
            "Find evidence (a measurement, a customer's reaction or a concrete case) that these values are "
            "lived up to: {items}."
        ),
    },
    # orphan reasons
    "reason_no_parent": {"nl": "geen bovenliggend onderdeel", "en": "no parent"},
    "reason_parent_missing": {"nl": "bovenliggend onderdeel verwijderd", "en": "parent deleted"},
    "reason_chain_broken": {"nl": "keten daarboven is los", "en": "chain above is unlinked"},
    "reason_cycle": {"nl": "verwijst in een kring", "en": "refers in a circle"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "and": {"nl": "en", "en": "and"},
    "and_more": {"nl": "en nog {n}", "en": "and {n} more"},
    "gap_prompt": {"nl": "Gat", "en": "Gap"},
    "action_prompt": {"nl": "Actie", "en": "Action"},
}


def text(key: str, lang: str, **params: object) -> str:
    """The analysis string ``key`` in ``lang`` (English when ``lang`` is unknown), filled in."""
    return translate(_TEXT, key, lang, **params)


def level_label(level: str, lang: str) -> str:
    """The label of a cascade level (``organisation``, ``marketing``, ``communication``, ``action``)."""
    entry = LEVEL_LABELS.get(level)
    return entry[lang if lang in entry else "en"] if entry else str(level)


def number(value: float, lang: str, decimals: int = 1) -> str:
    """``value`` with ``decimals`` decimals and the decimal mark of ``lang`` (a comma in Dutch)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    shown = f"{value:.{decimals}f}"
    return shown.replace(".", ",") if lang == "nl" else shown


def _short(value: object, limit: int = 60) -> str:
    """``value`` as one line of at most ``limit`` characters."""
    line = " ".join(str(value).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _quoted(value: object, limit: int = 60) -> str:
    """``value`` shortened for quoting inside a sentence (without its closing full stop)."""
    line = _short(value, limit)
    return line[:-1] if line.endswith(".") else line


def _listing(items: list[str], lang: str, limit: int = 3) -> str:
    """Quoted items joined in plain language, at most ``limit`` of them."""
    quoted = [f"“{_quoted(i, 50)}”" for i in items[:limit]]
    if len(items) > limit:
        return ", ".join(quoted) + " " + text("and_more", lang, n=len(items) - limit)
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {text('and', lang)} " + quoted[-1]


# While the report is gathered (:func:`report_sections`), each analysis below is computed once for
# the snapshot and shared: the sections and the next actions ask for the same frames many times.
_SHARED: ContextVar[tuple[Any, dict] | None] = ContextVar("dna_shared", default=None)


@contextlib.contextmanager
def _sharing(snapshot: Snapshot) -> Iterator[None]:
    """Within this block, :func:`_shared` functions of ``snapshot`` are computed once."""
    token = _SHARED.set((snapshot, {}))
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(fn):
    """``fn(snapshot, *args)`` computed once per snapshot and arguments inside :func:`_sharing`
    (elsewhere, or called with keywords, it is simply called). A DataFrame comes back as a copy,
    so a caller that changes it changes only its own."""

    @functools.wraps(fn)
    def wrapper(snapshot, *args, **kwargs):
        shared = _SHARED.get()
        if shared is None or shared[0] is not snapshot or kwargs:
            return fn(snapshot, *args, **kwargs)
        key = (fn.__name__, args)
        if key not in shared[1]:
            shared[1][key] = fn(snapshot, *args)
        value = shared[1][key]
        return value.copy() if hasattr(value, "copy") and hasattr(value, "columns") else value

    return wrapper


def _ref(value: Any) -> int | None:
    """A contribution id from a stored reference (``"12"``, ``12`` or ``12.0``); ``None`` if absent."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return None if math.isnan(value) or not value.is_integer() else int(value)
    if isinstance(value, int):
        return value
    stripped = str(value).strip()
    return int(stripped) if stripped.isdigit() else None


def _blank(value: Any) -> bool:
    """True for a missing payload value (absent, ``None``, NaN or empty text)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _form(snapshot: Snapshot, phase: str, fields: list[str]) -> pd.DataFrame:
    """Form contributions of ``phase`` with at least the columns ``id, role`` and ``fields``."""
    rows = snapshot.of_kind("form", phase)
    rows = rows.reindex(columns=["id", "participant_id", "role", "author", *fields])
    return rows.reset_index(drop=True)


def _empty(columns: list[str]) -> pd.DataFrame:
    from toolkit.core.snapshot import empty_frame

    return empty_frame(columns)


def _with_headers(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """``columns`` of ``frame`` renamed to their headers in ``lang`` (for report tables)."""
    out = frame.reindex(columns=columns).copy()
    return out.rename(columns={c: _HEADERS[c][lang if lang in _HEADERS[c] else "en"] for c in columns})


# --------------------------------------------------------------------------------------------
# Values and channels
# --------------------------------------------------------------------------------------------


@_shared
def values_table(snapshot: Snapshot) -> pd.DataFrame:
    """The DNA values in the order they were entered.

    Returns
    -------
    DataFrame
        ``value_id`` (contribution id), ``value`` (name: the agreed wording when the room agreed on
        one), ``promise_text``, ``role``, ``agreed`` (the room agreed on this value).
    """
    rows = _form(snapshot, VALUES_PHASE, ["value", "promise", "agreed", "agreed_text"])
    if rows.empty:
        return _empty(["value_id", "value", "promise_text", "role", "agreed"])
    out = rows.sort_values("id").rename(columns={"id": "value_id", "promise": "promise_text"})
    out["value_id"] = out["value_id"].astype(int)
    out["value"] = [("" if _blank(v) else str(v).strip()) for v in out["value"]]
    out["value"] = [v.strip() for v in wordings(out, "value")]
    out["agreed"] = agreed_flags(out)
    out["promise_text"] = [("" if _blank(v) else str(v).strip()) for v in out["promise_text"]]
    return out[["value_id", "value", "promise_text", "role", "agreed"]].reset_index(drop=True)


def channel_labels(snapshot: Snapshot, lang: str | None = None) -> dict[str, str]:
    """Channel ids mapped to labels, in the session's list order.

    A channel the facilitator kept from the definition is labelled in ``lang``; a channel the
    facilitator added or renamed keeps the label it was given.
    """
    from toolkit.core.definitions import get_workshop
    from toolkit.core.errors import DefinitionError, ToolkitError

    lang = lang or snapshot.language
    try:
        defaults = {o.id: o.label for o in get_workshop(snapshot.workshop_id).lists.get(CHANNEL_LIST, ())}
    except (ToolkitError, DefinitionError, KeyError):
        defaults = {}
    items = snapshot.lists.get(CHANNEL_LIST)
    if items is None:
        return {item_id: label(lang) for item_id, label in defaults.items()}
    labels = {}
    for item_id, label in items:
        default = defaults.get(item_id)
        labels[item_id] = default(lang) if default is not None and label == default(snapshot.language) else label
    return labels


def _orders(snapshot: Snapshot, values: pd.DataFrame) -> tuple[dict[int, int], dict[str, int]]:
    value_order = {int(v): i for i, v in enumerate(values["value_id"])}
    channel_order = {c: i for i, c in enumerate(channel_labels(snapshot))}
    return value_order, channel_order


def _sort_cells(frame: pd.DataFrame, value_order: dict[int, int], channel_order: dict[str, int]) -> pd.DataFrame:
    """``frame`` sorted by value order, then channel order (unknown channels last, by name)."""
    big = len(channel_order)
    keys = frame.assign(
        _v=[value_order.get(int(v), 10**6) for v in frame["value_id"]],
        _c=[channel_order.get(c, big) for c in frame["channel"]],
        _cn=frame["channel"].astype(str),
    )
    return keys.sort_values(["_v", "_c", "_cn"], kind="stable").drop(columns=["_v", "_c", "_cn"])


@_shared
def _rater_scores(snapshot: Snapshot) -> pd.DataFrame:
    """One row per rater per value x channel: ``value_id, channel, participant_id, role, promise,
    practice`` (each the rater's mean for that cell; NaN when that dimension was not scored).
    Ratings of deleted values are left out."""
    import pandas as pd

    columns = ["value_id", "channel", "participant_id", "role", PROMISE, PRACTICE]
    ratings = snapshot.ratings(ALIGNMENT_PHASE)
    if ratings.empty:
        return _empty(columns)
    value_ids = set(values_table(snapshot)["value_id"])
    ratings = ratings.assign(value_id=[_ref(r) for r in ratings["row"]])
    keep = (
        ratings["value_id"].isin(value_ids)
        & ratings["dimension"].isin([PROMISE, PRACTICE])
        & ratings["score"].notna()
        & ~ratings["column"].map(_blank)
    )
    ratings = ratings[keep]
    if ratings.empty:
        return _empty(columns)
    ratings = ratings.assign(
        value_id=ratings["value_id"].astype(int),
        channel=ratings["column"].astype(str),
        role=ratings["role"].where(ratings["role"].notna(), "other"),
    )
    per_rater = ratings.pivot_table(
        index=["value_id", "channel", "participant_id", "role"], columns="dimension", values="score", aggfunc="mean"
    )
    per_rater = per_rater.reindex(columns=[PROMISE, PRACTICE]).reset_index()
    per_rater.columns.name = None
    return pd.DataFrame(per_rater, columns=columns)


# --------------------------------------------------------------------------------------------
# Alignment: promise versus practice
# --------------------------------------------------------------------------------------------


@_shared
def alignment_matrix(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """Promise and practice per DNA value and channel.

    Each rater counts once per cell (a rater's repeated scores are averaged first).

    Parameters
    ----------
    snapshot
        A DNA mapping session.
    lang
        Language of ``channel_label``; the session's language when omitted.

    Returns
    -------
    DataFrame
        One row per rated value x channel, in value and channel order: ``value_id, value,
        channel, channel_label, channel_order`` (position in the channel list; channels no
        longer in the list come last), ``promise, practice, gap, n_raters`` where ``promise`` and
        ``practice`` are means, ``gap = promise - practice`` (positive: practice falls short; NaN
        when one of the two was not scored) and ``n_raters`` counts the people who scored the cell.
    """
    scores = _rater_scores(snapshot)
    if scores.empty:
        return _empty(MATRIX_COLUMNS)
    values = values_table(snapshot)
    cells = scores.groupby(["value_id", "channel"], as_index=False).agg(
        promise=(PROMISE, "mean"), practice=(PRACTICE, "mean"), n_raters=("participant_id", "nunique")
    )
    cells["gap"] = cells["promise"] - cells["practice"]
    names = dict(zip(values["value_id"], values["value"], strict=True))
    labels = channel_labels(snapshot, lang)
    cells["value"] = [names[v] for v in cells["value_id"]]
    cells["channel_label"] = [labels.get(c, c) for c in cells["channel"]]
    cells["n_raters"] = cells["n_raters"].astype(int)
    value_order, channel_order = _orders(snapshot, values)
    cells["channel_order"] = [channel_order.get(c, len(channel_order)) for c in cells["channel"]]
    cells = _sort_cells(cells, value_order, channel_order)
    return cells[MATRIX_COLUMNS].reset_index(drop=True)


@_shared
def _role_cells(snapshot: Snapshot) -> pd.DataFrame:
    """Per value x channel x role: mean promise, mean practice, their gap and the number of raters."""
    scores = _rater_scores(snapshot)
    columns = ["value_id", "channel", "role", PROMISE, PRACTICE, "role_gap", "n", "std_practice"]
    if scores.empty:
        return _empty(columns)
    grouped = scores.groupby(["value_id", "channel", "role"], as_index=False)
    per_role = grouped.agg(promise=(PROMISE, "mean"), practice=(PRACTICE, "mean"), n=(PRACTICE, "count"))
    # spread within the role (0 for one rater, NaN when nobody scored practice)
    per_role["std_practice"] = grouped[PRACTICE].std(ddof=0)[PRACTICE].astype(float).to_numpy()
    per_role["role_gap"] = per_role[PROMISE] - per_role[PRACTICE]
    return per_role[columns]


@_shared
def ranked_gaps(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """The value x channel cells where practice falls short of the promise, largest first.

    A discipline (role) agrees that practice falls short of a cell when its own mean promise
    minus its own mean practice is above zero. Cells are ordered by the gap as shown (one
    decimal), then by the number of agreeing disciplines, then by the number of raters.

    Returns
    -------
    DataFrame
        ``rank`` (1 = largest), the columns of :func:`alignment_matrix`, ``roles_agreeing``,
        ``roles_rated`` (disciplines that scored both promise and practice) and
        ``agreeing_roles`` (a tuple of role ids). Only cells with a gap above zero.
    """
    matrix = alignment_matrix(snapshot, lang)
    matrix = matrix[matrix["gap"].notna() & (matrix["gap"] > 1e-9)]
    if matrix.empty:
        return _empty(RANKED_COLUMNS)
    roles = _role_cells(snapshot)
    roles = roles[roles["role_gap"].notna()]
    role_rank = {r: i for i, r in enumerate(ROLES)}
    agreeing: dict[tuple[int, str], tuple[str, ...]] = {}
    rated: dict[tuple[int, str], int] = {}
    for (value_id, channel), group in roles.groupby(["value_id", "channel"]):
        rated[(value_id, channel)] = len(group)
        agree = group.loc[group["role_gap"] > 1e-9, "role"]
        agreeing[(value_id, channel)] = tuple(sorted(agree, key=lambda r: (role_rank.get(r, 99), r)))
    keys = list(zip(matrix["value_id"], matrix["channel"], strict=True))
    out = matrix.assign(
        agreeing_roles=[agreeing.get(k, ()) for k in keys],
        roles_rated=[rated.get(k, 0) for k in keys],
    )
    out["roles_agreeing"] = [len(a) for a in out["agreeing_roles"]]
    out["_shown_gap"] = [round(g + 1e-9, 1) for g in out["gap"]]
    out["_order"] = range(len(out))
    out = out.sort_values(
        ["_shown_gap", "roles_agreeing", "n_raters", "_order"], ascending=[False, False, False, True], kind="stable"
    )
    out["rank"] = range(1, len(out) + 1)
    return out[RANKED_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Cascade: organisation objectives -> marketing objectives -> communication -> actions
# --------------------------------------------------------------------------------------------


@_shared
def cascade_tree(snapshot: Snapshot) -> pd.DataFrame:
    """The cascade as a tree: every item with its level, parent and depth.

    An item is *linked* when following its parents reaches an organisation objective.
    Organisation objectives are the roots (depth 0); any other item that is not linked is an
    *orphan*, with the reason: ``no_parent``, ``parent_missing`` (its parent was deleted),
    ``chain_broken`` (an item above it is unlinked) or ``cycle`` (parents refer in a circle).
    An organisation or marketing objective is ``without_action`` when no channel action hangs
    anywhere below it.

    Returns
    -------
    DataFrame
        ``id, level, text, parent (int or None), parent_found, depth, linked, orphan, reason,
        without_action, role``, ordered by id. ``depth`` counts the steps up to the top of the
        item's chain.
    """
    import pandas as pd

    rows = _form(snapshot, CASCADE_PHASE, ["level", "text", "parent"])
    if rows.empty:
        return _empty(TREE_COLUMNS)
    rows = rows.sort_values("id")
    ids = [int(i) for i in rows["id"]]
    level_of = {i: (str(lv) if not _blank(lv) else "action") for i, lv in zip(ids, rows["level"], strict=True)}
    parent_of = {i: _ref(p) for i, p in zip(ids, rows["parent"], strict=True)}
    present = set(ids)

    records = []
    for item, text_value, role in zip(ids, rows["text"], rows["role"], strict=True):
        parent = parent_of[item]
        parent_found = parent is not None and parent in present and parent != item
        depth, linked, reason = 0, level_of[item] == "organisation", None
        if not linked:
            seen = {item}
            current, reason = item, None
            while True:
                up = parent_of[current]
                if up is None:
                    reason = "no_parent" if current == item else "chain_broken"
                    break
                if up not in present:
                    reason = "parent_missing" if current == item else "chain_broken"
                    break
                if up in seen:
                    reason = "cycle"
                    break
                depth += 1
                seen.add(up)
                if level_of[up] == "organisation":
                    linked = True
                    reason = None
                    break
                current = up
        records.append({
            "id": item, "level": level_of[item], "text": "" if _blank(text_value) else str(text_value),
            "parent": parent, "parent_found": bool(parent_found), "depth": depth, "linked": linked,
            "orphan": not linked, "reason": reason, "without_action": False, "role": role,
        })
    children: dict[int, list[int]] = {}
    for r in records:
        if r["parent_found"]:
            children.setdefault(r["parent"], []).append(r["id"])
    for r in records:
        r["without_action"] = r["level"] in OBJECTIVE_LEVELS and not _has_action_below(r["id"], children, level_of)
    return pd.DataFrame({
        column: pd.Series([r[column] for r in records], dtype=object if column in ("parent", "reason") else None)
        for column in TREE_COLUMNS
    })


def orphan_actions(snapshot: Snapshot) -> pd.DataFrame:
    """Cascade items below the organisation level that do not link up to an organisation objective.

    Returns
    -------
    DataFrame
        The orphan rows of :func:`cascade_tree` (channel actions and any other level), ordered
        by id, with ``reason`` saying why each is unlinked.
    """
    tree = cascade_tree(snapshot)
    return tree[tree["orphan"].astype(bool)].reset_index(drop=True)


def _has_action_below(item: int, children: dict[int, list[int]], level_of: dict[int, str]) -> bool:
    """True when a channel action hangs anywhere below ``item`` (safe against circles)."""
    stack, seen = list(children.get(item, [])), {item}
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if level_of.get(node) == "action":
            return True
        stack.extend(children.get(node, []))
    return False


def objectives_without_action(snapshot: Snapshot) -> pd.DataFrame:
    """Organisation and marketing objectives with no channel action anywhere below them.

    Returns
    -------
    DataFrame
        Rows of :func:`cascade_tree` (``id, level, text, ...``), ordered by id.
    """
    tree = cascade_tree(snapshot)
    return tree[tree["without_action"].astype(bool)].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Evidence and KPIs
# --------------------------------------------------------------------------------------------


@_shared
def evidence_table(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """Evidence per value and channel: ``id, value_id, value, channel, channel_label, evidence,
    supports`` (``yes``, ``no`` or ``None``), for values that still exist, in value order."""
    return _per_value_form(snapshot, EVIDENCE_PHASE, ["evidence", "supports"], lang)


@_shared
def kpi_table(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """KPIs per value and channel: ``id, value_id, value, channel, channel_label, kpi, target,
    owner``, for values that still exist, in value order."""
    return _per_value_form(snapshot, KPI_PHASE, ["kpi", "target", "owner"], lang)


def _per_value_form(snapshot: Snapshot, phase: str, fields: list[str], lang: str | None) -> pd.DataFrame:
    columns = ["id", "value_id", "value", "channel", "channel_label", *fields]
    rows = _form(snapshot, phase, ["value", "channel", *fields])
    values = values_table(snapshot)
    if rows.empty or values.empty:
        return _empty(columns)
    names = dict(zip(values["value_id"], values["value"], strict=True))
    rows = rows.assign(value_id=[_ref(v) for v in rows["value"]])
    rows = rows[rows["value_id"].isin(list(names))]
    if rows.empty:
        return _empty(columns)
    labels = channel_labels(snapshot, lang)
    rows = rows.assign(
        value_id=rows["value_id"].astype(int),
        value=[names[int(v)] for v in rows["value_id"]],
        channel=["" if _blank(c) else str(c) for c in rows["channel"]],
    )
    rows["channel_label"] = [labels.get(c, c) for c in rows["channel"]]
    for f in fields:
        rows[f] = [None if _blank(v) else v for v in rows[f]]
    rows = _sort_cells(rows.sort_values("id"), *_orders(snapshot, values))
    return rows[columns].reset_index(drop=True)


def values_without_evidence(snapshot: Snapshot) -> pd.DataFrame:
    """DNA values without evidence that supports their promise.

    Evidence marked as supporting (``yes``) or left unmarked counts as support; a value whose
    only evidence contradicts the promise is listed too.

    Returns
    -------
    DataFrame
        ``value_id, value, n_evidence, contradicting``, in value order.
    """
    values = values_table(snapshot)
    columns = ["value_id", "value", "n_evidence", "contradicting"]
    if values.empty:
        return _empty(columns)
    evidence = evidence_table(snapshot)
    total = evidence.groupby("value_id").size().to_dict() if not evidence.empty else {}
    against = evidence[evidence["supports"] == "no"].groupby("value_id").size().to_dict() if not evidence.empty else {}
    out = values.assign(
        n_evidence=[int(total.get(v, 0)) for v in values["value_id"]],
        contradicting=[int(against.get(v, 0)) for v in values["value_id"]],
    )
    out = out[out["n_evidence"] - out["contradicting"] == 0]
    return out[columns].reset_index(drop=True)


def values_without_kpi(snapshot: Snapshot) -> pd.DataFrame:
    """DNA values with no KPI in any channel: ``value_id, value``, in value order."""
    values = values_table(snapshot)
    kpis = kpi_table(snapshot)
    with_kpi = set(kpis["value_id"]) if not kpis.empty else set()
    out = values.loc[~values["value_id"].isin(list(with_kpi)), ["value_id", "value"]]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Disagreement between disciplines
# --------------------------------------------------------------------------------------------


@_shared
def disagreement_by_role(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """How each discipline rates practice per value x channel, and where they differ most.

    Returns
    -------
    DataFrame
        One row per value x channel x role that scored practice: ``value_id, value, channel,
        channel_label, role, role_label, mean_practice, std_practice`` (spread within the role,
        0 for a single rater), ``n`` (raters), ``n_roles`` (roles that scored the cell) and
        ``spread``: the highest minus the lowest role mean in that cell (NaN when fewer than two
        roles scored it). Cells with the largest spread come first; roles in the usual order.
    """
    lang = lang or snapshot.language
    roles = _role_cells(snapshot)
    roles = roles[roles[PRACTICE].notna()] if not roles.empty else roles
    if roles.empty:
        return _empty(DISAGREEMENT_COLUMNS)
    values = values_table(snapshot)
    names = dict(zip(values["value_id"], values["value"], strict=True))
    labels = channel_labels(snapshot, lang)
    grouped = roles.groupby(["value_id", "channel"])[PRACTICE]
    out = roles.rename(columns={PRACTICE: "mean_practice"}).assign(
        n_roles=grouped.transform("count").astype(int),
        spread=(grouped.transform("max") - grouped.transform("min")).where(grouped.transform("count") >= 2),
    )
    out["value"] = [names[v] for v in out["value_id"]]
    out["channel_label"] = [labels.get(c, c) for c in out["channel"]]
    out["role_label"] = [role_label(r, lang) for r in out["role"]]
    out["n"] = out["n"].astype(int)
    value_order, channel_order = _orders(snapshot, values)
    role_rank = {r: i for i, r in enumerate(ROLES)}
    out = out.assign(
        _s=out["spread"].fillna(-1.0),
        _v=[value_order.get(v, 10**6) for v in out["value_id"]],
        _c=[channel_order.get(c, len(channel_order)) for c in out["channel"]],
        _r=[role_rank.get(r, 99) for r in out["role"]],
    ).sort_values(["_s", "_v", "_c", "channel", "_r"], ascending=[False, True, True, True, True], kind="stable")
    return out[DISAGREEMENT_COLUMNS].reset_index(drop=True)


def disagreement_hotspots(disagreement: pd.DataFrame) -> pd.DataFrame:
    """One row per value x channel scored by two or more roles, largest spread first.

    Parameters
    ----------
    disagreement
        The output of :func:`disagreement_by_role`.

    Returns
    -------
    DataFrame
        ``value_id, value, channel, channel_label, spread, n_roles, highest_role,
        highest_label, highest_score, lowest_role, lowest_label, lowest_score``.
    """
    columns = [
        "value_id", "value", "channel", "channel_label", "spread", "n_roles",
        "highest_role", "highest_label", "highest_score", "lowest_role", "lowest_label", "lowest_score",
    ]
    rows = disagreement[disagreement["spread"].notna()] if not disagreement.empty else disagreement
    if rows.empty:
        return _empty(columns)
    records = []
    for (_, _), cell in rows.groupby(["value_id", "channel"], sort=False):
        high = cell.loc[cell["mean_practice"].idxmax()]
        low = cell.loc[cell["mean_practice"].idxmin()]
        first = cell.iloc[0]
        records.append({
            "value_id": first["value_id"], "value": first["value"], "channel": first["channel"],
            "channel_label": first["channel_label"], "spread": first["spread"], "n_roles": first["n_roles"],
            "highest_role": high["role"], "highest_label": high["role_label"], "highest_score": high["mean_practice"],
            "lowest_role": low["role"], "lowest_label": low["role_label"], "lowest_score": low["mean_practice"],
        })
    import pandas as pd

    return pd.DataFrame(records, columns=columns)


# --------------------------------------------------------------------------------------------
# Priorities, next actions and the report
# --------------------------------------------------------------------------------------------


@_shared
def priorities(snapshot: Snapshot) -> pd.DataFrame:
    """Gap and action notes with the dots they received, most dots first.

    Returns
    -------
    DataFrame
        ``id, prompt, text, points, voters`` (voters: people who gave it at least one dot).
    """
    import pandas as pd

    columns = ["id", "prompt", "text", "points", "voters"]
    notes = snapshot.of_kind("note", GAPS_PHASE)
    if notes.empty:
        return _empty(columns)
    notes = notes.reindex(columns=["id", "prompt", "text"]).sort_values("id")
    votes = snapshot.votes
    votes = votes[votes["contribution_id"].isin(list(notes["id"])) & (votes["points"] > 0)]
    points = votes.groupby("contribution_id")["points"].sum().to_dict()
    voters = votes.groupby("contribution_id")["participant_id"].nunique().to_dict()
    out = pd.DataFrame({
        "id": notes["id"].astype(int).to_numpy(),
        "prompt": [None if _blank(p) else p for p in notes["prompt"]],
        "text": notes["text"].to_numpy(),
        "points": [int(points.get(i, 0)) for i in notes["id"]],
        "voters": [int(voters.get(i, 0)) for i in notes["id"]],
    })
    return out.sort_values(["points", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _purpose_notes(snapshot: Snapshot) -> list[str]:
    """The purpose notes, the agreed ones first in their agreed wording, then the rest oldest first."""
    notes = snapshot.of_kind("note", PURPOSE_PHASE)
    if notes.empty:
        return []
    notes = notes.sort_values("id")
    pairs = [(a, t) for a, t in zip(agreed_flags(notes), wordings(notes), strict=True) if not _blank(t)]
    return [t for a, t in pairs if a] + [t for a, t in pairs if not a]


def agreed_purpose(snapshot: Snapshot) -> str | None:
    """The purpose the room agreed on (its agreed wording), ``None`` when none was agreed."""
    notes = snapshot.of_kind("note", PURPOSE_PHASE)
    if notes.empty or not any(agreed_flags(notes)):
        return None
    return _purpose_notes(snapshot)[0]


def next_actions(snapshot: Snapshot, lang: str, limit: int = 5) -> list[str]:
    """A short list of plain-language next actions, most important first.

    In order: the group's top-voted priority, the largest gap (with a KPI to agree if it has
    none), actions and other items not linked to an objective, values without a KPI, the
    largest disagreement between disciplines, objectives without an action, values without
    evidence, the second-largest gap. A session without values or scores gets the first steps
    of the workshop instead.

    Parameters
    ----------
    snapshot
        A DNA mapping session.
    lang
        ``nl`` or ``en``.
    limit
        At most this many actions.
    """
    actions: list[str] = []
    values = values_table(snapshot)
    if values.empty:
        if not _purpose_notes(snapshot):
            actions.append(text("act_start_purpose", lang))
        actions.append(text("act_start_values", lang))
        return actions[:limit]

    voted = priorities(snapshot)
    voted = voted[voted["points"] > 0]
    if not voted.empty:
        top = voted.iloc[0]
        actions.append(text("act_priority", lang, text=_quoted(top["text"], 90), points=int(top["points"])))

    gaps = ranked_gaps(snapshot, lang)
    kpis = kpi_table(snapshot)
    kpi_cells = set(zip(kpis["value_id"], kpis["channel"], strict=True)) if not kpis.empty else set()

    def gap_action(row) -> str:
        sentence = text(
            "act_gap", lang, value=row["value"], channel=row["channel_label"], practice=number(row["practice"], lang),
            promise=number(row["promise"], lang), gap=number(row["gap"], lang),
            agree=int(row["roles_agreeing"]), rated=int(row["roles_rated"]),
        )
        if (row["value_id"], row["channel"]) not in kpi_cells:
            sentence += text("act_gap_kpi", lang)
        return sentence

    if not gaps.empty:
        actions.append(gap_action(gaps.iloc[0]))
    elif alignment_matrix(snapshot).empty:
        actions.append(text("act_rate", lang))

    orphans = orphan_actions(snapshot)
    if not orphans.empty:
        key = "act_orphans_1" if len(orphans) == 1 else "act_orphans"
        actions.append(text(key, lang, n=len(orphans), items=_listing(list(orphans["text"]), lang)))

    no_kpi = values_without_kpi(snapshot)
    if not no_kpi.empty:
        actions.append(text("act_no_kpi", lang, items=_listing(list(no_kpi["value"]), lang, limit=5)))

    hotspots = disagreement_hotspots(disagreement_by_role(snapshot, lang))
    if not hotspots.empty and hotspots.iloc[0]["spread"] >= 1.5:
        cell = hotspots.iloc[0]
        actions.append(text(
            "act_disagreement", lang, high=cell["highest_label"], low=cell["lowest_label"], value=cell["value"],
            channel=cell["channel_label"], high_score=number(cell["highest_score"], lang),
            low_score=number(cell["lowest_score"], lang),
        ))

    no_action = objectives_without_action(snapshot)
    if not no_action.empty:
        actions.append(text("act_no_action", lang, items=_listing(list(no_action["text"]), lang)))

    no_evidence = values_without_evidence(snapshot)
    if not no_evidence.empty:
        actions.append(text("act_no_evidence", lang, items=_listing(list(no_evidence["value"]), lang, limit=5)))

    if len(gaps) > 1:
        actions.append(gap_action(gaps.iloc[1]))
    return actions[: max(limit, 0)]


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """The DNA mapping part of the report: values, alignment, gaps, cascade, proof, disagreement,
    priorities and next steps (see :class:`toolkit.methods.base.ReportSection`)."""
    with _sharing(snapshot):
        return _report_sections(snapshot, lang)


def _report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    import pandas as pd

    values = values_table(snapshot)
    purpose = _purpose_notes(snapshot)
    matrix = alignment_matrix(snapshot, lang)
    gaps = ranked_gaps(snapshot, lang)
    tree = cascade_tree(snapshot)
    orphans = tree[tree["orphan"].astype(bool)] if not tree.empty else tree
    no_action = objectives_without_action(snapshot)
    evidence = evidence_table(snapshot, lang)
    kpis = kpi_table(snapshot, lang)
    no_evidence = values_without_evidence(snapshot)
    no_kpi = values_without_kpi(snapshot)
    disagreement = disagreement_by_role(snapshot, lang)
    hotspots = disagreement_hotspots(disagreement)
    voted = priorities(snapshot)
    sections: list[ReportSection] = []

    # 1. Purpose and values
    agreed = agreed_purpose(snapshot)
    if agreed is not None:
        parts = [text("agreed_purpose_is", lang, text=_quoted(agreed, 200))]
    else:
        parts = [text("purpose_is", lang, text=_quoted(purpose[0], 200)) if purpose else text("no_purpose", lang)]
    agreed_values = values[values["agreed"].astype(bool)] if not values.empty else values
    if not agreed_values.empty:
        parts.append(text("agreed_values_listed", lang, n=len(agreed_values), names=", ".join(agreed_values["value"])))
    else:
        parts.append(
            text("values_listed", lang, n=len(values), names=", ".join(values["value"])) if not values.empty
            else text("no_values", lang)
        )
    sections.append(ReportSection(
        title=text("title_values", lang),
        takeaway=" ".join(parts),
        tables={
            text("cap_purpose", lang): pd.DataFrame({translate(_HEADERS, "purpose", lang): purpose}),
            text("cap_values", lang): _with_headers(values, ["value", "promise_text"], lang),
        },
    ))

    # 2. Alignment heatmap
    if matrix.empty or matrix["gap"].notna().sum() == 0:
        takeaway = text("no_ratings", lang)
    elif gaps.empty:
        takeaway = text("no_gaps", lang)
    else:
        top = gaps.iloc[0]
        rated = matrix["gap"].notna()
        takeaway = text(
            "largest_gap", lang, value=top["value"], channel=top["channel_label"],
            promise=number(top["promise"], lang), practice=number(top["practice"], lang), gap=number(top["gap"], lang),
        )
        short = int((matrix.loc[rated, "gap"] >= 1 - 1e-9).sum())
        takeaway += " " + text("cells_short", lang, short=short, cells=int(rated.sum()))
    matrix_table = _with_headers(matrix, ["value", "channel_label", "promise", "practice", "gap", "n_raters"], lang)
    sections.append(ReportSection(
        title=text("title_alignment", lang),
        takeaway=takeaway,
        figure=lambda: _chart("alignment_heatmap", matrix, lang),
        tables={text("cap_matrix", lang): matrix_table.round(2)},
    ))

    # 3. Ranked gaps
    if gaps.empty:
        takeaway = text("no_ratings", lang) if matrix.empty else text("no_gaps", lang)
    else:
        items = [f"“{r.value}” / {r.channel_label} ({number(r.gap, lang)})" for r in gaps.head(3).itertuples()]
        takeaway = text("top_gaps", lang, items="; ".join(items)) + " " + text("gaps_order", lang)
    top_gaps = gaps.head(10)
    gap_table = top_gaps.assign(
        agreement=[f"{a}/{r}" for a, r in zip(top_gaps["roles_agreeing"], top_gaps["roles_rated"], strict=True)]
    )
    sections.append(ReportSection(
        title=text("title_gaps", lang),
        takeaway=takeaway,
        tables={text("cap_gaps", lang): _with_headers(
            gap_table, ["rank", "value", "channel_label", "promise", "practice", "gap", "agreement"], lang
        ).round(2)},
    ))

    # 4. Cascade
    if tree.empty:
        takeaway = text("no_cascade", lang)
    else:
        takeaway = text("cascade_summary", lang, items=len(tree), orphans=len(orphans), empty=len(no_action))

    def _tree_rows(frame: pd.DataFrame, with_reason: bool) -> pd.DataFrame:
        frame = frame.assign(
            level_label=[level_label(lv, lang) for lv in frame["level"]],
            reason_label=[text(f"reason_{r}", lang) if isinstance(r, str) else "" for r in frame["reason"]],
        )
        cols = ["level_label", "text"] + (["reason_label"] if with_reason else [])
        return _with_headers(frame, cols, lang)

    sections.append(ReportSection(
        title=text("title_cascade", lang),
        takeaway=takeaway,
        figure=lambda: _chart("cascade_tree_chart", tree, lang),
        tables={
            text("cap_orphans", lang): _tree_rows(orphans, True),
            text("cap_no_action", lang): _tree_rows(no_action, False),
        },
    ))

    # 5. Evidence and KPIs
    supported = len(values) - len(no_evidence)
    measured = len(values) - len(no_kpi)
    takeaway = (
        text("proof_summary", lang, evidence=supported, values=len(values), kpi=measured) if not values.empty
        else text("no_values", lang)
    )
    from toolkit.core.definitions import get_workshop
    from toolkit.core.views import option_label

    evidence_rows = evidence.assign(
        supports_label=[option_label(get_workshop(snapshot.workshop_id), EVIDENCE_PHASE, "supports", s, lang)
                        if s in ("yes", "no") else "" for s in evidence["supports"]]
    ) if not evidence.empty else evidence.assign(supports_label=pd.Series(dtype=object))
    sections.append(ReportSection(
        title=text("title_proof", lang),
        takeaway=takeaway,
        tables={
            text("cap_kpis", lang): _with_headers(kpis, ["value", "channel_label", "kpi", "target", "owner"], lang),
            text("cap_evidence", lang): _with_headers(
                evidence_rows, ["value", "channel_label", "evidence", "supports_label"], lang
            ),
            text("cap_no_evidence", lang): _with_headers(no_evidence, ["value", "n_evidence", "contradicting"], lang),
            text("cap_no_kpi", lang): _with_headers(no_kpi, ["value"], lang),
        },
    ))

    # 6. Disagreement
    if hotspots.empty:
        takeaway = text("no_disagreement", lang)
    else:
        cell = hotspots.iloc[0]
        takeaway = text(
            "most_disagreement", lang, value=cell["value"], channel=cell["channel_label"], high=cell["highest_label"],
            high_score=number(cell["highest_score"], lang), low=cell["lowest_label"],
            low_score=number(cell["lowest_score"], lang),
        )
    top_hot = hotspots.head(10)
    def _scored(side: str) -> list[str]:
        pairs = zip(top_hot[f"{side}_label"], top_hot[f"{side}_score"], strict=True)
        return [f"{label} ({number(score, lang)})" for label, score in pairs]

    hot_table = top_hot.assign(highest=_scored("highest"), lowest=_scored("lowest"))
    sections.append(ReportSection(
        title=text("title_disagreement", lang),
        takeaway=takeaway,
        figure=lambda: _chart("disagreement_chart", disagreement, lang),
        tables={text("cap_disagreement", lang): _with_headers(
            hot_table, ["value", "channel_label", "spread", "highest", "lowest"], lang
        ).round(2)},
    ))

    # 7. Priorities
    top_voted = voted[voted["points"] > 0]
    takeaway = (
        text("top_voted", lang, points=int(top_voted.iloc[0]["points"]), text=_quoted(top_voted.iloc[0]["text"], 160))
        if not top_voted.empty else text("no_votes", lang)
    )
    voted_rows = voted.assign(
        prompt_label=[text(f"{p}_prompt", lang) if p in ("gap", "action") else "" for p in voted["prompt"]]
    ) if not voted.empty else voted.assign(prompt_label=pd.Series(dtype=object))
    sections.append(ReportSection(
        title=text("title_priorities", lang),
        takeaway=takeaway,
        tables={
            text("cap_priorities", lang): _with_headers(voted_rows, ["text", "prompt_label", "points", "voters"], lang),
        },
    ))

    # 8. Next steps
    sections.append(ReportSection(
        title=text("title_next", lang),
        takeaway=text("next_intro", lang),
        actions=tuple(next_actions(snapshot, lang)),
    ))
    return sections


def _chart(name: str, data: pd.DataFrame, lang: str):
    """Build the chart ``name`` from :mod:`toolkit.charts.dna` (imported only when a figure is drawn)."""
    from toolkit.charts import dna as charts

    return getattr(charts, name)(data, lang)
