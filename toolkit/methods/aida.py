"""AIDA journey mapping analysis: journey map, readiness, emotion, blockers and the GADD data flow.

Every function takes a :class:`~toolkit.core.snapshot.Snapshot` of an ``aida-journey`` session and
returns a DataFrame with stable English column ids (``stage``, ``readiness``, ...) plus ``*_label``
columns in the requested language; :func:`report_sections` renames the columns for readers.

Aggregation rule used throughout: a touchpoint's score is the mean of the scores it received;
a stage's (or a stage x owner cell's) score is the mean of its touchpoints' scores, so every
touchpoint weighs the same however many people rated it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from toolkit.core.i18n import decimal_mark, translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot

WORKSHOP_ID = "aida-journey"
STAGES: tuple[str, ...] = ("attention", "interest", "desire", "action", "retention")
OWNERS: tuple[str, ...] = ("marketing", "it", "service", "specialist", "sales", "other")
BLOCKER_CATEGORIES: tuple[str, ...] = ("cant", "not_allowed", "no_budget", "no_data", "no_owner")
GADD_STEPS: tuple[str, ...] = ("gather", "analyze", "distribute", "deliver")
_DEFAULT_ORDER = {
    "stages": STAGES,
    "owners": OWNERS,
    "blocker_categories": BLOCKER_CATEGORIES,
    "gadd_steps": GADD_STEPS,
}

READINESS_LOW, READINESS_HIGH = 1, 5
EMOTION_LOW, EMOTION_HIGH = -2, 2
DEFAULT_IMPORTANCE = 3.0
"""Importance assumed for a touchpoint whose importance was left empty (the middle of 1-5)."""
DIVERGENCE_THRESHOLD = 1.0
NO_OWNER = "_none"
"""Column key of the readiness matrix for touchpoints without an owner."""
_EPSILON = 1e-9

_TEXT: dict[str, dict[str, str]] = {
    "no_stage": {"nl": "(geen fase)", "en": "(no stage)"},
    "no_owner": {"nl": "(geen eigenaar)", "en": "(no owner)"},
    "nobody": {"nl": "(niemand)", "en": "(nobody)"},
    "gap_no_owner": {"nl": "Niemand doet deze stap", "en": "Nobody does this step"},
    "gap_missing_step": {"nl": "Stap ontbreekt", "en": "Step is missing"},
    # section titles
    "title_journey": {"nl": "De klantreis in kaart", "en": "The customer journey map"},
    "title_emotion": {"nl": "Emotiecurve van de klant", "en": "The customer's emotion curve"},
    "title_readiness": {"nl": "Gereedheid van de techniek", "en": "Technology readiness"},
    "title_weakest": {"nl": "Zwakste contactpunten", "en": "Weakest touchpoints"},
    "title_blockers": {"nl": "Blokkades en acties", "en": "Blockers and actions"},
    "title_gadd": {
        "nl": "Klantdata: verzamelen, analyseren, verspreiden, benutten",
        "en": "Customer data: gather, analyse, distribute, deliver",
    },
    # takeaways
    "journey_empty": {"nl": "Er zijn nog geen contactpunten ingevoerd.", "en": "No touchpoints have been entered yet."},
    "journey_summary": {
        "nl": "{n} contactpunten verdeeld over {stages} van de {total} fasen van de klantreis.",
        "en": "{n} touchpoints spread over {stages} of the {total} stages of the customer journey.",
    },
    "journey_missing": {"nl": " Zonder contactpunt: {missing}.", "en": " Without a touchpoint: {missing}."},
    "journey_no_owner": {
        "nl": " {n} contactpunt(en) hebben geen eigenaar.",
        "en": " {n} touchpoint(s) have no owner.",
    },
    "emotion_empty": {"nl": "Er zijn nog geen emotiescores gegeven.", "en": "No emotion scores have been given yet."},
    "emotion_summary": {
        "nl": "De klant voelt zich het minst prettig in de fase {stage} (gemiddeld {score}); "
        "het dieptepunt is '{low}' ({low_score}).",
        "en": "The customer feels least comfortable in the {stage} stage (mean {score}); "
        "the low point is '{low}' ({low_score}).",
    },
    "readiness_empty": {
        "nl": "Er zijn nog geen gereedheidsscores gegeven.",
        "en": "No readiness scores have been given yet.",
    },
    "readiness_summary": {
        "nl": "De techniek is het minst klaar bij {stage} / {owner} (gemiddeld {score} op 5).",
        "en": "Technology is least ready at {stage} / {owner} (mean {score} out of 5).",
    },
    "readiness_divergent": {
        "nl": " Marketing en IT verschillen een punt of meer over {n} contactpunt(en), het meest over '{top}'.",
        "en": " Marketing and IT differ by a point or more on {n} touchpoint(s), most of all on '{top}'.",
    },
    "readiness_agree": {
        "nl": " Marketing en IT verschillen nergens een vol punt.",
        "en": " Marketing and IT nowhere differ by a full point.",
    },
    "weakest_empty": {
        "nl": "Nog geen contactpunt heeft een gereedheidsscore.",
        "en": "No touchpoint has a readiness score yet.",
    },
    "weakest_summary": {
        "nl": "'{top}' is voor de klant belangrijk ({importance} op 5), maar de techniek is er het minst "
        "klaar voor ({readiness} op 5). Begin daar.",
        "en": "'{top}' matters to the customer ({importance} out of 5), but its technology is the least "
        "ready ({readiness} out of 5). Start there.",
    },
    "blockers_empty": {"nl": "Er zijn nog geen blokkades genoemd.", "en": "No blockers have been named yet."},
    "blockers_summary": {
        "nl": "{n} blokkades, het vaakst '{category}' ({count}). {open} hebben nog geen actie.",
        "en": "{n} blockers, most often '{category}' ({count}). {open} have no action yet.",
    },
    "blockers_top": {
        "nl": " Hoogste prioriteit: '{top}' ({votes} stippen).",
        "en": " Top priority: '{top}' ({votes} dots).",
    },
    "blocker_action": {
        "nl": "{action} (eigenaar: {owner}, klaar op: {due})",
        "en": "{action} (owner: {owner}, due: {due})",
    },
    "blocker_needs_action": {
        "nl": "Bedenk een actie en een eigenaar voor de blokkade '{blocker}'.",
        "en": "Find an action and an owner for the blocker '{blocker}'.",
    },
    "blocker_owner_needs_action": {
        "nl": "{owner} bedenkt een actie voor de blokkade '{blocker}'.",
        "en": "{owner} works out an action for the blocker '{blocker}'.",
    },
    "open": {"nl": "open", "en": "open"},
    "gadd_empty": {
        "nl": "De stroom van klantdata is nog niet in kaart gebracht.",
        "en": "The flow of customer data has not been mapped yet.",
    },
    "gadd_ok": {
        "nl": "Alle vier de stappen hebben iemand die ze uitvoert.",
        "en": "All four steps have someone who carries them out.",
    },
    "gadd_gaps": {
        "nl": "{n} gat(en) in de stroom van klantdata: {steps}. Data die niemand verspreidt of benut, levert niets op.",
        "en": "{n} gap(s) in the flow of customer data: {steps}. "
        "Data that nobody distributes or delivers on is wasted.",
    },
    "gadd_assign": {
        "nl": "Wijs iemand aan voor de stap {step}: {activity}.",
        "en": "Assign someone to the {step} step: {activity}.",
    },
    "gadd_add": {
        "nl": "Spreek af wie de stap {step} voor de klantdata oppakt.",
        "en": "Agree who takes on the {step} step for customer data.",
    },
    # table captions
    "cap_journey": {"nl": "Contactpunten", "en": "Touchpoints"},
    "cap_goals": {"nl": "Doelen van de klant", "en": "Customer goals"},
    "cap_emotion": {"nl": "Emotie per fase", "en": "Emotion by stage"},
    "cap_matrix": {"nl": "Gereedheid per fase en eigenaar", "en": "Readiness by stage and owner"},
    "cap_div_tp": {"nl": "Marketing en IT oneens (contactpunten)", "en": "Marketing and IT disagree (touchpoints)"},
    "cap_div_stage": {"nl": "Marketing en IT oneens (fasen)", "en": "Marketing and IT disagree (stages)"},
    "cap_weakest": {"nl": "Zwakste contactpunten", "en": "Weakest touchpoints"},
    "cap_blockers": {"nl": "Blokkades", "en": "Blockers"},
    "cap_by_category": {"nl": "Blokkades per soort", "en": "Blockers by kind"},
    "cap_by_owner": {"nl": "Acties per eigenaar", "en": "Actions by owner"},
    "cap_gadd": {"nl": "Stroom van klantdata", "en": "Customer data flow"},
    "cap_gadd_gaps": {"nl": "Gaten in de datastroom", "en": "Gaps in the data flow"},
}

_HEADERS: dict[str, dict[str, str]] = {
    "stage_label": {"nl": "Fase", "en": "Stage"},
    "touchpoint": {"nl": "Contactpunt", "en": "Touchpoint"},
    "channel": {"nl": "Kanaal", "en": "Channel"},
    "content": {"nl": "Inhoud", "en": "Content"},
    "technology": {"nl": "Techniek", "en": "Technology"},
    "owner_label": {"nl": "Eigenaar", "en": "Owner"},
    "owner": {"nl": "Eigenaar", "en": "Owner"},
    "data": {"nl": "Benodigde data", "en": "Data needed"},
    "importance": {"nl": "Belang (1-5)", "en": "Importance (1-5)"},
    "kpi": {"nl": "KPI", "en": "KPI"},
    "target": {"nl": "Doel", "en": "Target"},
    "readiness": {"nl": "Gereedheid (1-5)", "en": "Readiness (1-5)"},
    "readiness_n": {"nl": "Aantal scores gereedheid", "en": "Readiness scores"},
    "emotion": {"nl": "Emotie (-2 tot +2)", "en": "Emotion (-2 to +2)"},
    "emotion_n": {"nl": "Aantal scores emotie", "en": "Emotion scores"},
    "goal": {"nl": "Doel van de klant", "en": "Customer goal"},
    "touchpoints": {"nl": "Contactpunten met score", "en": "Touchpoints scored"},
    "scores": {"nl": "Aantal scores", "en": "Scores"},
    "low_point": {"nl": "Dieptepunt", "en": "Low point"},
    "low_emotion": {"nl": "Emotie dieptepunt", "en": "Low point emotion"},
    "marketing": {"nl": "Marketing", "en": "Marketing"},
    "it": {"nl": "IT", "en": "IT"},
    "difference": {"nl": "Verschil (marketing - IT)", "en": "Difference (marketing - IT)"},
    "score": {"nl": "Urgentie (belang x (5 - gereedheid))", "en": "Urgency (importance x (5 - readiness))"},
    "blocker": {"nl": "Blokkade", "en": "Blocker"},
    "category_label": {"nl": "Soort", "en": "Kind"},
    "action": {"nl": "Actie", "en": "Action"},
    "due": {"nl": "Klaar op", "en": "Due"},
    "votes": {"nl": "Stippen", "en": "Dots"},
    "blockers": {"nl": "Blokkades", "en": "Blockers"},
    "with_action": {"nl": "Met actie", "en": "With action"},
    "without_action": {"nl": "Zonder actie", "en": "Without action"},
    "step_label": {"nl": "Stap", "en": "Step"},
    "activity": {"nl": "Wat gebeurt er", "en": "What happens"},
    "who": {"nl": "Wie", "en": "Who"},
    "system": {"nl": "Systeem", "en": "System"},
    "gap_label": {"nl": "Gat", "en": "Gap"},
    "value": {"nl": "Waarde", "en": "Value"},
}

JOURNEY_COLUMNS = [
    "touchpoint_id",
    "stage",
    "stage_label",
    "touchpoint",
    "channel",
    "content",
    "technology",
    "owner",
    "owner_label",
    "data",
    "importance",
    "kpi",
    "target",
    "readiness",
    "readiness_n",
    "emotion",
    "emotion_n",
]
BLOCKER_COLUMNS = [
    "blocker_id",
    "blocker",
    "touchpoint_id",
    "touchpoint",
    "stage",
    "stage_label",
    "category",
    "category_label",
    "action",
    "owner",
    "due",
    "votes",
]
GADD_COLUMNS = ["gadd_id", "step", "step_label", "activity", "who", "system", "stage", "stage_label"]
DNA_KPI_COLUMNS = ["value", "channel", "kpi", "target", "owner"]


# ---------------------------------------------------------------- small helpers


def text(key: str, lang: str, **params: Any) -> str:
    """A user-facing string of this method in ``lang`` (Dutch for ``nl``, else English)."""
    return translate(_TEXT, key, lang, **params)


def _lang(snapshot: Snapshot, lang: str | None) -> str:
    return lang or snapshot.language or "nl"


def _clean(value: Any) -> str:
    """A payload value as stripped text; ``None``/NaN become ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _number(value: Any) -> float:
    """A payload value as a float, NaN when empty or not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def _fmt(value: float, lang: str, signed: bool = False) -> str:
    """A score with one decimal (``+`` sign when ``signed``; decimal comma in Dutch)."""
    shown = f"{value:+.1f}" if signed else f"{value:.1f}"
    return shown.replace(".", ",") if lang == "nl" else shown


def _definition_lists(lang: str) -> dict[str, dict[str, str]]:
    try:
        from toolkit.core.definitions import get_workshop

        workshop = get_workshop(WORKSHOP_ID)
    except Exception:  # a broken or missing definition must not break an analysis
        return {}
    return {list_id: {o.id: o.label(lang) for o in options} for list_id, options in workshop.lists.items()}


def option_label(list_id: str, item_id: str, lang: str, fallback: str | None = None) -> str:
    """The label of a list item (stage, owner, blocker kind, GADD step) in ``lang``.

    Parameters
    ----------
    list_id
        ``stages``, ``owners``, ``blocker_categories`` or ``gadd_steps``.
    item_id
        The option id, e.g. ``"attention"``.
    lang
        ``"nl"`` or ``"en"``.
    fallback
        Used when the definition does not know the item (a list the facilitator extended).

    Returns
    -------
    str
        The definition's label, else ``fallback``, else the id itself.
    """
    label = _definition_lists(lang).get(list_id, {}).get(item_id)
    return label or fallback or item_id


def _order(snapshot: Snapshot, list_id: str) -> list[str]:
    """Item ids of a list in session order (the definition's order when the session lacks it)."""
    items = (snapshot.lists or {}).get(list_id) or []
    ids = [item_id for item_id, _ in items]
    return ids or list(_DEFAULT_ORDER[list_id])


def _labeller(snapshot: Snapshot, list_id: str, lang: str):
    session = dict((snapshot.lists or {}).get(list_id) or [])
    known = _definition_lists(lang).get(list_id, {})

    def label(item_id: str) -> str:
        return known.get(item_id) or session.get(item_id) or item_id

    return label


def _forms(snapshot: Snapshot, phase: str) -> pd.DataFrame:
    rows = snapshot.of_kind("form", phase)
    if not rows.empty:
        rows = rows.sort_values("id", kind="stable")
    return rows


def _field(rows: pd.DataFrame, name: str) -> list[str]:
    if name not in rows.columns:
        return [""] * len(rows)
    return [_clean(v) for v in rows[name]]


def _scores(snapshot: Snapshot, phase: str, dimension: str, touchpoint_ids: set[str]) -> pd.DataFrame:
    """Ratings of one phase and dimension on existing touchpoints: ``participant_id, role, row, score``."""
    ratings = snapshot.ratings(phase)
    if ratings.empty:
        return ratings
    ratings = ratings[(ratings["dimension"] == dimension) & ratings["row"].astype(str).isin(touchpoint_ids)].copy()
    ratings["row"] = ratings["row"].astype(str)
    return ratings


def _id_key(contribution_id: str) -> tuple[int, str]:
    """Sort key for contribution ids kept as text: numeric ids in entry order."""
    return (int(contribution_id), "") if contribution_id.isdigit() else (0, contribution_id)


def _stage_rank(stages: list[str]) -> dict[str, int]:
    return {stage: i for i, stage in enumerate(stages)}


# ---------------------------------------------------------------- the journey


def journey_table(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """One row per touchpoint in journey order, with its mean readiness and emotion.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of the ``*_label`` columns; the session language by default.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`JOURNEY_COLUMNS`. ``touchpoint_id`` is the contribution id as text (the
        key ratings and blockers use). ``readiness`` (1-5) and ``emotion`` (-2..+2) are the mean
        of the scores given, NaN when nobody scored; ``*_n`` count those scores. Rows are sorted
        by stage (touchpoints without a known stage last), then by entry order.
        ``attrs["content_language"]`` is the session language (the language participants wrote in).
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    rows = _forms(snapshot, "touchpoints")
    if rows.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in JOURNEY_COLUMNS})
        for col in ("importance", "readiness", "emotion"):
            frame[col] = frame[col].astype(float)
        for col in ("readiness_n", "emotion_n"):
            frame[col] = frame[col].astype(int)
        return frame
    stage_label = _labeller(snapshot, "stages", lang)
    owner_label = _labeller(snapshot, "owners", lang)
    ids = [str(i) for i in rows["id"]]
    stages = _field(rows, "stage")
    owners = _field(rows, "owner")
    frame = pd.DataFrame(
        {
            "touchpoint_id": ids,
            "stage": stages,
            "stage_label": [stage_label(s) if s else text("no_stage", lang) for s in stages],
            "touchpoint": _field(rows, "touchpoint"),
            "channel": _field(rows, "channel"),
            "content": _field(rows, "content"),
            "technology": _field(rows, "technology"),
            "owner": owners,
            "owner_label": [owner_label(o) if o else text("no_owner", lang) for o in owners],
            "data": _field(rows, "data"),
            "importance": [_number(v) for v in rows["importance"]] if "importance" in rows.columns else math.nan,
            "kpi": _field(rows, "kpi"),
            "target": _field(rows, "target"),
        }
    )
    frame["importance"] = frame["importance"].astype(float)
    known = set(ids)
    for phase, column in (("readiness", "readiness"), ("emotion", "emotion")):
        scores = _scores(snapshot, phase, column, known)
        if scores.empty:
            frame[column] = math.nan
            frame[f"{column}_n"] = 0
        else:
            grouped = scores.groupby("row")["score"]
            frame[column] = frame["touchpoint_id"].map(grouped.mean()).astype(float)
            frame[f"{column}_n"] = frame["touchpoint_id"].map(grouped.size()).fillna(0).astype(int)
    rank = _stage_rank(_order(snapshot, "stages"))
    frame["_rank"] = [rank.get(s, len(rank)) for s in stages]
    frame = frame.sort_values("_rank", kind="stable").drop(columns="_rank")  # rows came in entry order
    frame = frame.reset_index(drop=True)[JOURNEY_COLUMNS]
    frame.attrs["content_language"] = snapshot.language
    return frame


def goals_table(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """The customer goals per stage: ``stage, stage_label, goal``, in stage order.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of ``stage_label``; the session language by default.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    rows = _forms(snapshot, "goals")
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ("stage", "stage_label", "goal")})
    label = _labeller(snapshot, "stages", lang)
    stages = _field(rows, "stage")
    frame = pd.DataFrame(
        {
            "stage": stages,
            "stage_label": [label(s) if s else text("no_stage", lang) for s in stages],
            "goal": _field(rows, "goal"),
        }
    )
    rank = _stage_rank(_order(snapshot, "stages"))
    frame["_rank"] = [rank.get(s, len(rank)) for s in stages]
    return frame.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def readiness_by_stage_and_owner(
    snapshot: Snapshot, lang: str | None = None, *, journey: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Mean technology readiness per stage and owner: the data behind the readiness heatmap.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of the labels kept in ``attrs``; the session language by default.
    journey
        The snapshot's :func:`journey_table` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        Index: every stage id in journey order (named ``stage``). Columns: the owner ids of the
        touchpoints that received a readiness score, in list order (:data:`NO_OWNER` for
        touchpoints without an owner, last). A cell is the mean of its touchpoints' mean
        readiness, NaN when none of them was scored. ``attrs["stage_labels"]`` and
        ``attrs["owner_labels"]`` map the ids to labels; ``attrs["counts"]`` holds the number
        of scored touchpoints per cell.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    journey = journey_table(snapshot, lang) if journey is None else journey
    stages = _order(snapshot, "stages")
    stage_label = _labeller(snapshot, "stages", lang)
    owner_label = _labeller(snapshot, "owners", lang)
    scored = journey[journey["readiness"].notna() & journey["stage"].isin(stages)].copy()
    scored["owner"] = [o or NO_OWNER for o in scored["owner"]]
    owner_order = _order(snapshot, "owners")
    present = set(scored["owner"])
    owners = [o for o in owner_order if o in present]
    owners += sorted(o for o in present if o not in owner_order and o != NO_OWNER)
    if NO_OWNER in present:
        owners.append(NO_OWNER)
    if scored.empty:
        means = pd.DataFrame(index=pd.Index(stages, name="stage"), columns=owners, dtype=float)
        counts = means.copy()
    else:
        grouped = scored.groupby(["stage", "owner"])["readiness"]
        means = grouped.mean().unstack("owner").reindex(index=stages, columns=owners).astype(float)
        counts = grouped.size().unstack("owner").reindex(index=stages, columns=owners).fillna(0).astype(int)
    means.index.name = "stage"
    means.columns.name = "owner"
    means.attrs = {
        "stage_labels": {s: stage_label(s) for s in stages},
        "owner_labels": {o: (text("no_owner", lang) if o == NO_OWNER else owner_label(o)) for o in owners},
        "counts": counts.to_dict(),
    }
    return means


def emotion_curve(snapshot: Snapshot, lang: str | None = None, *, journey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean customer emotion per stage, in journey order, with each stage's low point.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of ``stage_label``; the session language by default.
    journey
        The snapshot's :func:`journey_table` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        One row per stage: ``stage, stage_label, emotion`` (mean of the stage's touchpoints'
        mean emotion, -2..+2, NaN when nothing was scored), ``touchpoints`` (scored touchpoints),
        ``scores`` (scores given), ``low_point`` (the touchpoint with the lowest mean emotion;
        the first entered wins a tie) and ``low_emotion``.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    journey = journey_table(snapshot, lang) if journey is None else journey
    label = _labeller(snapshot, "stages", lang)
    rows = []
    for stage in _order(snapshot, "stages"):
        scored = journey[(journey["stage"] == stage) & journey["emotion"].notna()]
        if scored.empty:
            rows.append((stage, label(stage), math.nan, 0, 0, "", math.nan))
            continue
        low = scored.loc[scored["emotion"].idxmin()]
        rows.append(
            (
                stage,
                label(stage),
                float(scored["emotion"].mean()),
                len(scored),
                int(scored["emotion_n"].sum()),
                low["touchpoint"],
                float(low["emotion"]),
            )
        )
    frame = pd.DataFrame(
        rows, columns=["stage", "stage_label", "emotion", "touchpoints", "scores", "low_point", "low_emotion"]
    )
    frame["emotion"] = frame["emotion"].astype(float)
    frame["low_emotion"] = frame["low_emotion"].astype(float)
    frame.attrs["content_language"] = snapshot.language
    return frame


def weakest_touchpoints(
    snapshot: Snapshot, limit: int = 5, lang: str | None = None, *, journey: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The touchpoints that matter most to the customer while their technology is least ready.

    ``score = importance x (5 - mean readiness)``: from 0 (fully ready, or unimportant) to 20
    (importance 5, readiness 1). A touchpoint without an importance counts as
    :data:`DEFAULT_IMPORTANCE` (3); touchpoints nobody scored for readiness are left out.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    limit
        At most this many rows.
    lang
        Language of the ``*_label`` columns; the session language by default.
    journey
        The snapshot's :func:`journey_table` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        ``touchpoint_id, touchpoint, stage, stage_label, owner, owner_label, technology,
        importance, readiness, score``, highest score first; ties go to the higher importance,
        then the lower readiness, then journey order.
    """
    journey = journey_table(snapshot, lang) if journey is None else journey
    columns = [
        "touchpoint_id",
        "touchpoint",
        "stage",
        "stage_label",
        "owner",
        "owner_label",
        "technology",
        "importance",
        "readiness",
        "score",
    ]
    scored = journey[journey["readiness"].notna()].copy()
    scored["importance"] = scored["importance"].fillna(DEFAULT_IMPORTANCE)
    scored["score"] = (scored["importance"] * (READINESS_HIGH - scored["readiness"])).astype(float)
    scored["_order"] = range(len(scored))
    scored = scored.sort_values(
        ["score", "importance", "readiness", "_order"], ascending=[False, False, True, True], kind="stable"
    )
    return scored[columns].head(max(int(limit), 0)).reset_index(drop=True)


def readiness_divergence(
    snapshot: Snapshot,
    by: str = "touchpoint",
    threshold: float = DIVERGENCE_THRESHOLD,
    lang: str | None = None,
    *,
    journey: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Where marketing and IT judge the technology's readiness differently.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    by
        ``"touchpoint"``: compare each role's mean score per touchpoint. ``"stage"``: compare
        each role's stage mean (the mean of that role's touchpoint means within the stage).
    threshold
        Keep rows where ``|marketing - it| >= threshold`` (default one point).
    lang
        Language of the ``*_label`` columns; the session language by default.
    journey
        The snapshot's :func:`journey_table` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        For ``by="touchpoint"``: ``touchpoint_id, touchpoint, stage, stage_label, marketing, it,
        difference``; for ``by="stage"``: ``stage, stage_label, marketing, it, difference``.
        ``difference = marketing - it`` (positive: marketing thinks it is readier than IT does).
        Only items both roles scored; largest absolute difference first, then journey order.
    """
    import pandas as pd

    if by not in ("touchpoint", "stage"):
        raise ValueError("by must be 'touchpoint' or 'stage'")
    journey = journey_table(snapshot, lang) if journey is None else journey
    key_columns = (
        ["touchpoint_id", "touchpoint", "stage", "stage_label"] if by == "touchpoint" else ["stage", "stage_label"]
    )
    columns = [*key_columns, "marketing", "it", "difference"]
    scores = _scores(snapshot, "readiness", "readiness", set(journey["touchpoint_id"]))
    if scores.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c in ("marketing", "it", "difference") else object) for c in columns}
        )
    scores = scores[scores["role"].isin(["marketing", "it"])]
    per_touchpoint = scores.groupby(["row", "role"])["score"].mean().unstack("role")
    per_touchpoint = per_touchpoint.reindex(columns=["marketing", "it"])
    table = journey[["touchpoint_id", "touchpoint", "stage", "stage_label"]].copy()
    table["marketing"] = table["touchpoint_id"].map(per_touchpoint["marketing"]).astype(float)
    table["it"] = table["touchpoint_id"].map(per_touchpoint["it"]).astype(float)
    if by == "stage":
        table = table[table["stage"] != ""]
        table = table.groupby(["stage", "stage_label"], sort=False)[["marketing", "it"]].mean().reset_index()
    table["difference"] = table["marketing"] - table["it"]
    table["_order"] = range(len(table))
    table["_abs"] = table["difference"].abs()
    table = table[table["_abs"] >= threshold - _EPSILON]
    table = table.sort_values(["_abs", "_order"], ascending=[False, True], kind="stable")
    return table[columns].reset_index(drop=True)


# ---------------------------------------------------------------- blockers


def blocker_list(snapshot: Snapshot, lang: str | None = None, *, journey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every blocker with its touchpoint, kind, action and priority dots.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of the ``*_label`` columns; the session language by default.
    journey
        The snapshot's :func:`journey_table` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`BLOCKER_COLUMNS`; ``votes`` is the sum of the dots from the priorities
        vote. Most dots first, then entry order. A reference to a touchpoint that no longer
        exists leaves ``touchpoint`` empty.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    rows = _forms(snapshot, "blockers")
    if rows.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in BLOCKER_COLUMNS})
        frame["votes"] = frame["votes"].astype(int)
        return frame
    journey = (journey_table(snapshot, lang) if journey is None else journey).set_index("touchpoint_id")
    category_label = _labeller(snapshot, "blocker_categories", lang)
    refs = _field(rows, "touchpoint")
    categories = _field(rows, "category")
    votes = snapshot.votes
    dots: dict[str, int] = {}
    if votes is not None and not votes.empty:
        dots = {str(k): int(v) for k, v in votes.groupby("contribution_id")["points"].sum().items()}
    frame = pd.DataFrame(
        {
            "blocker_id": [str(i) for i in rows["id"]],
            "blocker": _field(rows, "blocker"),
            "touchpoint_id": refs,
            "touchpoint": [journey["touchpoint"].get(r, "") if r else "" for r in refs],
            "stage": [journey["stage"].get(r, "") if r else "" for r in refs],
            "stage_label": [journey["stage_label"].get(r, "") if r else "" for r in refs],
            "category": categories,
            "category_label": [category_label(c) if c else "" for c in categories],
            "action": _field(rows, "action"),
            "owner": _field(rows, "owner"),
            "due": _field(rows, "due"),
        }
    )
    frame["votes"] = [dots.get(b, 0) for b in frame["blocker_id"]]
    frame["_order"] = range(len(frame))
    frame = frame.sort_values(["votes", "_order"], ascending=[False, True], kind="stable")
    return frame[BLOCKER_COLUMNS].reset_index(drop=True)


def blockers_by_category(
    snapshot: Snapshot, lang: str | None = None, *, blockers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How many blockers of each kind ("can't", "not allowed", "no budget", ...) were named.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of ``category_label``; the session language by default.
    blockers
        The snapshot's :func:`blocker_list` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        One row per kind in list order, zeros included (unknown kinds appended):
        ``category, category_label, blockers, with_action, without_action``.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    blockers = blocker_list(snapshot, lang) if blockers is None else blockers
    label = _labeller(snapshot, "blocker_categories", lang)
    categories = _order(snapshot, "blocker_categories")
    categories += [c for c in dict.fromkeys(blockers["category"]) if c and c not in categories]
    rows = []
    for category in categories:
        of_kind = blockers[blockers["category"] == category]
        with_action = int((of_kind["action"] != "").sum())
        rows.append((category, label(category), len(of_kind), with_action, len(of_kind) - with_action))
    return pd.DataFrame(rows, columns=["category", "category_label", "blockers", "with_action", "without_action"])


def blockers_by_owner(
    snapshot: Snapshot, lang: str | None = None, *, blockers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How many blockers each action owner took on, and how many still lack an action.

    Owners are free text: names are compared without surrounding spaces and case
    (``"Eva"`` and ``" eva"`` are one owner, shown as first written).

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of the label for blockers without an owner; the session language by default.
    blockers
        The snapshot's :func:`blocker_list` in the same language, when already at hand (saves work).

    Returns
    -------
    pandas.DataFrame
        ``owner, has_owner, blockers, with_action, without_action``; most blockers first, then
        by name; blockers without an owner form one row (``has_owner`` False) at the end.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    blockers = blocker_list(snapshot, lang) if blockers is None else blockers
    blockers = blockers.iloc[sorted(range(len(blockers)), key=lambda i: _id_key(blockers["blocker_id"].iloc[i]))]
    groups: dict[str, list[Any]] = {}
    for owner, action in zip(blockers["owner"], blockers["action"], strict=True):
        key = owner.casefold()
        entry = groups.setdefault(key, [owner or text("nobody", lang), bool(owner), 0, 0])
        entry[2] += 1
        entry[3] += int(action != "")
    rows = [(name, has, n, with_action, n - with_action) for name, has, n, with_action in groups.values()]
    rows.sort(key=lambda r: (not r[1], -r[2], r[0].casefold()))
    frame = pd.DataFrame(rows, columns=["owner", "has_owner", "blockers", "with_action", "without_action"])
    return frame.astype({"has_owner": bool, "blockers": int, "with_action": int, "without_action": int})


# ---------------------------------------------------------------- GADD


def gadd_table(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """The customer data flow: who gathers, analyses, distributes and delivers, with which system.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of the ``*_label`` columns; the session language by default.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GADD_COLUMNS`, in step order, then entry order.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    rows = _forms(snapshot, "gadd")
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in GADD_COLUMNS})
    step_label = _labeller(snapshot, "gadd_steps", lang)
    stage_label = _labeller(snapshot, "stages", lang)
    steps = _field(rows, "step")
    stages = _field(rows, "stage")
    frame = pd.DataFrame(
        {
            "gadd_id": [str(i) for i in rows["id"]],
            "step": steps,
            "step_label": [step_label(s) if s else "" for s in steps],
            "activity": _field(rows, "activity"),
            "who": _field(rows, "who"),
            "system": _field(rows, "system"),
            "stage": stages,
            "stage_label": [stage_label(s) if s else "" for s in stages],
        }
    )
    rank = _stage_rank(_order(snapshot, "gadd_steps"))
    frame["_rank"] = [rank.get(s, len(rank)) for s in steps]
    return frame.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def gadd_gaps(snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """The holes in the customer data flow: steps nobody does, and steps nobody mapped.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session.
    lang
        Language of the ``*_label`` columns; the session language by default.

    Returns
    -------
    pandas.DataFrame
        ``step, step_label, gap, gap_label, activity, stage_label``. ``gap`` is ``"no_owner"``
        for an entry whose *who* is empty and ``"missing_step"`` for one of the four steps
        without any entry (then ``activity`` is empty). In step order, then entry order.
    """
    import pandas as pd

    lang = _lang(snapshot, lang)
    table = gadd_table(snapshot, lang)
    step_label = _labeller(snapshot, "gadd_steps", lang)
    rows = []
    for step in _order(snapshot, "gadd_steps"):
        entries = table[table["step"] == step]
        if entries.empty:
            rows.append((step, step_label(step), "missing_step", text("gap_missing_step", lang), "", ""))
            continue
        for _, entry in entries[entries["who"] == ""].iterrows():
            rows.append(
                (
                    step,
                    entry["step_label"],
                    "no_owner",
                    text("gap_no_owner", lang),
                    entry["activity"],
                    entry["stage_label"],
                )
            )
    return pd.DataFrame(
        rows, columns=["step", "step_label", "gap", "gap_label", "activity", "stage_label"], dtype=object
    )


# ---------------------------------------------------------------- building on a DNA session


def kpis_from_dna(dna_snapshot: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """Starting rows for the journey's KPIs, taken from an earlier DNA-mapping session.

    Every KPI of the DNA session's ``kpis`` phase becomes a row with the name of the value it
    proves; a value without any KPI still gets a row (empty ``kpi``) so the team can fill it in.

    Parameters
    ----------
    dna_snapshot
        A snapshot of a ``dna-mapping`` session of the same organisation. Its ``values`` phase
        holds forms whose ``value`` field is the value's name; its ``kpis`` phase forms with
        ``value`` (a reference to a ``values`` contribution), ``channel``, ``kpi``, ``target``
        and ``owner``.
    lang
        Language for list labels (channels, roles); the DNA session's language by default.

    Returns
    -------
    pandas.DataFrame
        ``value, channel, kpi, target, owner``: values in the order they were entered, each
        followed by its KPIs; KPIs whose value is unknown come last with an empty ``value``.
    """
    import pandas as pd

    from toolkit.core.i18n import ROLES, role_label

    lang = _lang(dna_snapshot, lang)
    values = _forms(dna_snapshot, "values")
    kpis = _forms(dna_snapshot, "kpis")
    names: dict[str, str] = {}
    if not values.empty:
        value_field = _field(values, "value")
        fallback = [_clean(t) for t in values["text"]]
        names = {str(i): (v or f) for i, v, f in zip(values["id"], value_field, fallback, strict=True)}
    labels = {item_id: label for items in (dna_snapshot.lists or {}).values() for item_id, label in items}
    try:  # list items the DNA definition knows are shown in ``lang``
        from toolkit.core.definitions import get_workshop

        dna_lists = get_workshop(dna_snapshot.workshop_id).lists
        labels.update({o.id: o.label(lang) for options in dna_lists.values() for o in options})
    except Exception:  # noqa: S110 - an unknown or broken definition leaves the session's labels
        pass

    def shown(value: str) -> str:
        if value in ROLES:
            return role_label(value, lang)
        return labels.get(value, value) if value else ""

    by_value: dict[str, list[tuple[str, str, str, str, str]]] = {key: [] for key in names}
    orphans: list[tuple[str, str, str, str, str]] = []
    if not kpis.empty:
        for ref, channel, kpi, target, owner in zip(
            _field(kpis, "value"),
            _field(kpis, "channel"),
            _field(kpis, "kpi"),
            _field(kpis, "target"),
            _field(kpis, "owner"),
            strict=False,
        ):
            if ref in names:
                by_value[ref].append((names[ref], shown(channel), kpi, target, shown(owner)))
            else:
                orphans.append(("", shown(channel), kpi, target, shown(owner)))
    rows: list[tuple[str, str, str, str, str]] = []
    for key, name in names.items():
        rows.extend(by_value[key] or [(name, "", "", "", "")])
    rows.extend(orphans)
    return pd.DataFrame(rows, columns=DNA_KPI_COLUMNS, dtype=object)


# ---------------------------------------------------------------- report


def _readable(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """``frame[columns]`` with column names in ``lang``."""
    key = "nl" if lang == "nl" else "en"
    out = frame[columns].copy()
    out.columns = [_HEADERS[c][key] if c in _HEADERS else c for c in columns]
    return out.round(2)


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """The journey's report: map, emotion curve, readiness, weakest touchpoints, blockers, data flow.

    Parameters
    ----------
    snapshot
        A snapshot of an ``aida-journey`` session (empty and one-person sessions work).
    lang
        ``"nl"`` or ``"en"``: titles, takeaways, table headers and charts.

    Returns
    -------
    list[ReportSection]
        Six sections; a section without data says so and has no figure.
    """
    journey = journey_table(snapshot, lang)
    return [
        _journey_section(snapshot, journey, lang),
        _emotion_section(snapshot, journey, lang),
        _readiness_section(snapshot, journey, lang),
        _weakest_section(snapshot, journey, lang),
        _blockers_section(snapshot, journey, lang),
        _gadd_section(snapshot, lang),
    ]


def _journey_section(snapshot: Snapshot, journey: pd.DataFrame, lang: str) -> ReportSection:
    goals = goals_table(snapshot, lang)
    tables = {}
    if not goals.empty:
        tables[text("cap_goals", lang)] = _readable(goals, ["stage_label", "goal"], lang)
    if journey.empty:
        return ReportSection(text("title_journey", lang), text("journey_empty", lang), tables=tables)
    stages = _order(snapshot, "stages")
    label = _labeller(snapshot, "stages", lang)
    covered = [s for s in stages if s in set(journey["stage"])]
    takeaway = text("journey_summary", lang, n=len(journey), stages=len(covered), total=len(stages))
    missing = [label(s) for s in stages if s not in covered]
    if missing:
        takeaway += text("journey_missing", lang, missing=", ".join(missing))
    no_owner = int((journey["owner"] == "").sum())
    if no_owner:
        takeaway += text("journey_no_owner", lang, n=no_owner)
    columns = [
        "stage_label",
        "touchpoint",
        "channel",
        "content",
        "technology",
        "owner_label",
        "data",
        "importance",
        "kpi",
        "target",
        "readiness",
        "emotion",
    ]
    tables = {text("cap_journey", lang): _readable(journey, columns, lang), **tables}

    def figure():
        from toolkit.charts.aida import journey_swimlane

        return journey_swimlane(journey, lang)

    return ReportSection(text("title_journey", lang), takeaway, figure=figure, tables=tables)


def _emotion_section(snapshot: Snapshot, journey: pd.DataFrame, lang: str) -> ReportSection:
    curve = emotion_curve(snapshot, lang, journey=journey)
    scored = curve[curve["emotion"].notna()]
    if scored.empty:
        return ReportSection(text("title_emotion", lang), text("emotion_empty", lang))
    worst = scored.loc[scored["emotion"].idxmin()]
    takeaway = text(
        "emotion_summary",
        lang,
        stage=worst["stage_label"],
        score=_fmt(worst["emotion"], lang, signed=True),
        low=worst["low_point"],
        low_score=_fmt(worst["low_emotion"], lang, signed=True),
    )
    table = _readable(curve, ["stage_label", "emotion", "touchpoints", "scores", "low_point", "low_emotion"], lang)

    def figure():
        from toolkit.charts.aida import emotion_curve_chart

        return emotion_curve_chart(curve, lang)

    return ReportSection(
        text("title_emotion", lang), takeaway, figure=figure, tables={text("cap_emotion", lang): table}
    )


def _readiness_section(snapshot: Snapshot, journey: pd.DataFrame, lang: str) -> ReportSection:
    matrix = readiness_by_stage_and_owner(snapshot, lang, journey=journey)
    if matrix.empty or matrix.isna().all().all():
        return ReportSection(text("title_readiness", lang), text("readiness_empty", lang))
    stacked = matrix.stack().dropna()
    stage, owner = stacked.idxmin()
    takeaway = text(
        "readiness_summary",
        lang,
        stage=matrix.attrs["stage_labels"][stage],
        owner=matrix.attrs["owner_labels"][owner],
        score=_fmt(stacked.min(), lang),
    )
    by_touchpoint = readiness_divergence(snapshot, "touchpoint", lang=lang, journey=journey)
    by_stage = readiness_divergence(snapshot, "stage", lang=lang, journey=journey)
    if by_touchpoint.empty:
        takeaway += text("readiness_agree", lang)
    else:
        takeaway += text("readiness_divergent", lang, n=len(by_touchpoint), top=by_touchpoint["touchpoint"].iloc[0])
    readable = matrix.rename(index=matrix.attrs["stage_labels"], columns=matrix.attrs["owner_labels"]).round(2)
    readable.index.name = _HEADERS["stage_label"]["nl" if lang == "nl" else "en"]
    readable.columns.name = None
    tables = {text("cap_matrix", lang): readable.reset_index()}
    if not by_touchpoint.empty:
        tables[text("cap_div_tp", lang)] = _readable(
            by_touchpoint, ["stage_label", "touchpoint", "marketing", "it", "difference"], lang
        )
    if not by_stage.empty:
        tables[text("cap_div_stage", lang)] = _readable(
            by_stage, ["stage_label", "marketing", "it", "difference"], lang
        )

    def figure():
        from toolkit.charts.aida import readiness_heatmap

        return readiness_heatmap(matrix, lang)

    return ReportSection(text("title_readiness", lang), takeaway, figure=figure, tables=tables)


def _weakest_section(snapshot: Snapshot, journey: pd.DataFrame, lang: str) -> ReportSection:
    weakest = weakest_touchpoints(snapshot, lang=lang, journey=journey)
    if weakest.empty:
        return ReportSection(text("title_weakest", lang), text("weakest_empty", lang))
    top = weakest.iloc[0]
    takeaway = text(
        "weakest_summary",
        lang,
        top=top["touchpoint"],
        importance=decimal_mark(f"{top['importance']:g}", lang),
        readiness=_fmt(top["readiness"], lang),
    )
    table = _readable(
        weakest, ["stage_label", "touchpoint", "owner_label", "technology", "importance", "readiness", "score"], lang
    )
    return ReportSection(text("title_weakest", lang), takeaway, tables={text("cap_weakest", lang): table})


def _blockers_section(snapshot: Snapshot, journey: pd.DataFrame, lang: str) -> ReportSection:
    blockers = blocker_list(snapshot, lang, journey=journey)
    if blockers.empty:
        return ReportSection(text("title_blockers", lang), text("blockers_empty", lang))
    by_category = blockers_by_category(snapshot, lang, blockers=blockers)
    by_owner = blockers_by_owner(snapshot, lang, blockers=blockers)
    most = by_category.sort_values("blockers", ascending=False, kind="stable").iloc[0]
    takeaway = text(
        "blockers_summary",
        lang,
        n=len(blockers),
        category=most["category_label"],
        count=int(most["blockers"]),
        open=int((blockers["action"] == "").sum()),
    )
    if blockers["votes"].iloc[0] > 0:
        takeaway += text("blockers_top", lang, top=blockers["blocker"].iloc[0], votes=int(blockers["votes"].iloc[0]))
    actions = []
    for _, row in blockers.iterrows():
        if row["action"]:
            actions.append(
                text(
                    "blocker_action",
                    lang,
                    action=row["action"],
                    owner=row["owner"] or text("nobody", lang),
                    due=row["due"] or text("open", lang),
                )
            )
        elif row["owner"]:
            actions.append(text("blocker_owner_needs_action", lang, owner=row["owner"], blocker=row["blocker"]))
        else:
            actions.append(text("blocker_needs_action", lang, blocker=row["blocker"]))
    tables = {
        text("cap_blockers", lang): _readable(
            blockers,
            ["blocker", "category_label", "stage_label", "touchpoint", "action", "owner", "due", "votes"],
            lang,
        ),
        text("cap_by_category", lang): _readable(
            by_category, ["category_label", "blockers", "with_action", "without_action"], lang
        ),
        text("cap_by_owner", lang): _readable(by_owner, ["owner", "blockers", "with_action", "without_action"], lang),
    }

    def figure():
        from toolkit.charts.aida import blockers_chart

        return blockers_chart(by_category, lang)

    return ReportSection(text("title_blockers", lang), takeaway, figure=figure, tables=tables, actions=tuple(actions))


def _gadd_section(snapshot: Snapshot, lang: str) -> ReportSection:
    table = gadd_table(snapshot, lang)
    if table.empty:
        return ReportSection(text("title_gadd", lang), text("gadd_empty", lang))
    gaps = gadd_gaps(snapshot, lang)
    tables = {
        text("cap_gadd", lang): _readable(table, ["step_label", "activity", "who", "system", "stage_label"], lang)
    }
    if gaps.empty:
        return ReportSection(text("title_gadd", lang), text("gadd_ok", lang), tables=tables)
    steps = ", ".join(dict.fromkeys(gaps["step_label"]))
    takeaway = text("gadd_gaps", lang, n=len(gaps), steps=steps)
    tables[text("cap_gadd_gaps", lang)] = _readable(gaps, ["step_label", "gap_label", "activity", "stage_label"], lang)
    actions = tuple(
        text("gadd_assign", lang, step=row["step_label"], activity=row["activity"])
        if row["gap"] == "no_owner"
        else text("gadd_add", lang, step=row["step_label"])
        for _, row in gaps.iterrows()
    )
    return ReportSection(text("title_gadd", lang), takeaway, tables=tables, actions=actions)
