"""Service and marketing maturity: the four-step ladder by role, a blended KPI scorecard drawn from
monthly figures, lead spotting scored against an answer key, and the agreements.

Everything here is pure: a snapshot (and, for the scorecard, a table of monthly figures) in,
DataFrames and dataclasses out. The figures and own sample messages arrive as CSV files; the
checks of what their cells must hold live here (:func:`read_figures`, :func:`read_messages`),
the reading of the file itself in :mod:`toolkit.core.tables`.
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.core.errors import ValidationError
from toolkit.core.i18n import check_language, decimal_mark, role_label, translate
from toolkit.core.tables import Table, column_name, parse_number, read_csv
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot
    from toolkit.methods.persona import Persona

WORKSHOP_ID = "service-maturity"
MATURITY_PHASE = "maturity"
SCORECARD_PHASE = "scorecard"
LEADS_PHASE = "leads"
AGREEMENTS_PHASE = "agreements"
FIGURES_TABLE = "figures"
MESSAGES_TABLE = "messages"
PERSONA_TABLE = "persona"

STEPS: tuple[str, ...] = ("s1", "s2", "s3", "s4")
#: A step counts as reached at this average score (on the 1-5 scale) or more.
REACHED = 3.5
#: Roles whose averages on one step differ this much or more see that step differently.
DIVERGENT = 1.0
#: The share of brand messages on social media that pick up on a lead, in the study the
#: workshop quotes.
LEAD_FINDING = 0.02
LABELS: tuple[str, ...] = ("lead", "question", "complaint", "praise", "influencer", "nothing")
#: The answer key of the definition's sample messages.
DEFAULT_KEY: dict[str, str] = {
    "m1": "lead", "m2": "complaint", "m3": "question", "m4": "praise",
    "m5": "influencer", "m6": "lead", "m7": "nothing", "m8": "complaint",
}
#: KPIs where a lower figure is better: their attainment is target / value.
LOWER_IS_BETTER: frozenset[str] = frozenset({"response_time"})
#: One KPI far above its target may lift the index by at most this factor.
ATTAINMENT_CAP = 1.5
SERVICE_KPI = "csat"
REVENUE_KPI = "revenue"
MAX_LAG = 3
MESSAGE_MAX = 60  # as long as a label of a session list may be

STEP_LABELS: dict[str, dict[str, str]] = {
    "s1": {"nl": "1 Digitaal serviceteam", "en": "1 Digital service team"},
    "s2": {"nl": "2 Stijl en tone of voice", "en": "2 Style and tone of voice"},
    "s3": {"nl": "3 Inzichten terugkoppelen", "en": "3 Feeding insights back"},
    "s4": {"nl": "4 Samen een community", "en": "4 A community together"},
}
LABEL_NAMES: dict[str, dict[str, str]] = {
    "lead": {"nl": "Lead", "en": "Lead"},
    "question": {"nl": "Vraag", "en": "Question"},
    "complaint": {"nl": "Klacht", "en": "Complaint"},
    "praise": {"nl": "Compliment", "en": "Praise"},
    "influencer": {"nl": "Influencer", "en": "Influencer"},
    "nothing": {"nl": "Niets mee doen", "en": "Nothing to do"},
}
_MONTH_COLUMNS = frozenset({"month", "maand"})
_MESSAGE_COLUMNS = frozenset({"message", "bericht"})
_KEY_COLUMNS = frozenset({"key", "sleutel", "answer", "antwoord"})
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$")
_MONTH_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


def _t(key: str, lang: str, **params: object) -> str:
    return translate(_TEXT, key, lang, **params)


def text(key: str, lang: str, **params: object) -> str:
    """A string of this method's catalogue (the charts use it too)."""
    return _t(key, lang, **params)


def _num(value: float, lang: str, digits: int = 1) -> str:
    return decimal_mark(f"{value:.{digits}f}", lang)


def _pct(share: float, lang: str) -> str:
    return decimal_mark(f"{share * 100:.0f}", lang) + "%"


def step_label(step: str, lang: str) -> str:
    """The label of a step (``s1`` to ``s4``)."""
    return translate(STEP_LABELS, step, lang)


def label_name(label: str, lang: str) -> str:
    """How a lead-spotting label reads (``lead``, ``complaint``, ...)."""
    return translate(LABEL_NAMES, label, lang) if label in LABEL_NAMES else label


# ---------------------------------------------------------------- maturity by role


def step_of(item_id: str, label: str = "") -> str | None:
    """The step a maturity statement belongs to: its id's prefix (``s2-tone``), else the digit its
    label starts with (``"2 · ..."``, for statements the facilitator added), else ``None``."""
    prefix = str(item_id).split("-", 1)[0]
    if prefix in STEPS:
        return prefix
    match = re.match(r"^\s*(?:stap|step)?\s*([1-4])\b", str(label), re.IGNORECASE)
    return f"s{match.group(1)}" if match else None


@dataclass(frozen=True)
class MaturityProfile:
    """Where each role places the organisation on the four steps.

    Attributes
    ----------
    by_role
        ``role, step, mean, n`` (``n`` raters of that role).
    overall
        ``step, mean, n`` over everyone.
    levels
        ``{role: highest step reached}`` (0 when not even step 1 is reached); ``"all"`` for everyone.
    divergence
        ``step, low_role, low, high_role, high, gap`` per step, largest gap first.
    raters
        How many people rated.
    """

    by_role: pd.DataFrame
    overall: pd.DataFrame
    levels: dict[str, int]
    divergence: pd.DataFrame
    raters: int


def ladder_level(means: dict[str, float]) -> int:
    """The highest step reached: each step from 1 up must average :data:`REACHED` or more."""
    level = 0
    for i, step in enumerate(STEPS, start=1):
        value = means.get(step)
        if value is None or (isinstance(value, float) and math.isnan(value)) or value < REACHED:
            break
        level = i
    return level


def maturity_profile(snapshot: Snapshot) -> MaturityProfile:
    """The maturity ladder of a session: each person's average per step, then per role."""
    import pandas as pd

    ratings = snapshot.ratings(MATURITY_PHASE)
    labels = dict(snapshot.lists.get("indicators", []))
    if not ratings.empty:
        ratings = ratings.assign(step=[step_of(r, labels.get(str(r), "")) for r in ratings["row"]])
        ratings = ratings[ratings["step"].notna()]
    if ratings.empty:
        empty = pd.DataFrame(columns=["role", "step", "mean", "n"])
        return MaturityProfile(empty, pd.DataFrame(columns=["step", "mean", "n"]), {},
                               pd.DataFrame(columns=["step", "low_role", "low", "high_role", "high", "gap"]), 0)
    per_person = ratings.groupby(["participant_id", "role", "step"], as_index=False)["score"].mean()
    by_role = (per_person.groupby(["role", "step"]).agg(mean=("score", "mean"), n=("score", "size"))
               .reset_index())
    overall = per_person.groupby("step").agg(mean=("score", "mean"), n=("score", "size")).reset_index()
    levels = {role: ladder_level(dict(zip(group["step"], group["mean"], strict=True)))
              for role, group in by_role.groupby("role")}
    levels["all"] = ladder_level(dict(zip(overall["step"], overall["mean"], strict=True)))
    rows = []
    for step, group in by_role.groupby("step"):
        low, high = group.loc[group["mean"].idxmin()], group.loc[group["mean"].idxmax()]
        rows.append((step, low["role"], float(low["mean"]), high["role"], float(high["mean"]),
                     float(high["mean"] - low["mean"])))
    divergence = pd.DataFrame(rows, columns=["step", "low_role", "low", "high_role", "high", "gap"])
    divergence = divergence.sort_values(["gap", "step"], ascending=[False, True]).reset_index(drop=True)
    return MaturityProfile(by_role, overall, levels, divergence, int(per_person["participant_id"].nunique()))


# ---------------------------------------------------------------- scorecard and blended index


def scorecard(snapshot: Snapshot) -> pd.DataFrame:
    """The KPIs the group chose: ``kpi, label, picks, weight, target, lower_is_better``.

    Each KPI takes the median weight and target of the forms that chose it. A KPI counts once
    two people chose it (one, when only one person filled in the scorecard); the latest form of
    a person for a KPI replaces their earlier ones.
    """
    import pandas as pd

    columns = ["kpi", "label", "picks", "weight", "target", "lower_is_better"]
    forms = snapshot.of_kind("form", SCORECARD_PHASE)
    if forms.empty:
        return pd.DataFrame(columns=columns)
    forms = forms.sort_values("id").drop_duplicates(["participant_id", "kpi"], keep="last")
    forms = forms[forms["kpi"].notna() & forms["weight"].notna() & forms["target"].notna()]
    minimum = 2 if forms["participant_id"].nunique() > 1 else 1
    labels = dict(snapshot.lists.get("kpis", []))
    rows = []
    for kpi, group in forms.groupby("kpi", sort=False):
        if len(group) < minimum:
            continue
        rows.append((kpi, labels.get(kpi, kpi), len(group), float(statistics.median(group["weight"])),
                     float(statistics.median(group["target"])), kpi in LOWER_IS_BETTER))
    card = pd.DataFrame(rows, columns=columns)
    return card.sort_values(["weight", "picks", "kpi"], ascending=[False, False, True]).reset_index(drop=True)


def _clean_header(name: str) -> str:
    return re.sub(r"\s*\(.*?\)\s*", "", name).strip().casefold()


def kpi_names(kpis: list[tuple[str, str]]) -> dict[str, str]:
    """Every spelling a CSV header may use for a KPI (its id, its label in either language, the
    label without what is between brackets), case-insensitive, mapped to the KPI's id."""
    from toolkit.core.definitions import get_workshop

    names: dict[str, str] = {}
    known = {o.id: o.label for o in get_workshop(WORKSHOP_ID).lists["kpis"]}
    for kpi_id, label in kpis:
        spellings = {kpi_id, label, kpi_id.replace("_", " ")}
        if kpi_id in known:
            spellings |= {known[kpi_id].nl, known[kpi_id].en}
        for spelling in spellings:
            names[spelling.casefold()] = kpi_id
            names[_clean_header(spelling)] = kpi_id
    return names


def _month(cell: str) -> str | None:
    match = _MONTH.match(cell)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = _MONTH_FIRST.match(cell)
        if not match:
            return None
        month, year = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1900 <= year <= 2200 else None


def as_table(table: Table | dict[str, Any], lang: str = "en") -> Table:
    """A :class:`~toolkit.core.tables.Table` from a stored table."""
    return table if isinstance(table, Table) else Table.from_dict(table, lang)


def read_figures(table: Table | dict[str, Any], lang: str, kpis: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The monthly figures of a table: one row per month (sorted, ``YYYY-MM`` as index), one
    float column per KPI id (``NaN`` for an empty cell).

    Parameters
    ----------
    table
        A table read from a CSV: a ``month`` (or ``maand``) column and a column per KPI.
    lang
        The language of the error messages.
    kpis
        The session's KPI list ``[(id, label)]``; the definition's by default.

    Raises
    ------
    ValidationError
        Naming the file, the row and the column: a header that is no known KPI, no month column
        or no KPI column, a missing, unreadable or repeated month, a cell that is no number.
    """
    import pandas as pd

    table = as_table(table, lang)
    if kpis is None:
        from toolkit.core.definitions import get_workshop

        kpis = [(o.id, o.label(lang)) for o in get_workshop(WORKSHOP_ID).lists["kpis"]]
    names = kpi_names(kpis)
    file = table.name
    month_index = next((i for i, c in enumerate(table.columns) if c.casefold() in _MONTH_COLUMNS), None)
    if month_index is None:
        raise ValidationError("csv_no_month_column", lang, file=file)
    columns: dict[int, str] = {}
    for i, header in enumerate(table.columns):
        if i == month_index:
            continue
        kpi = names.get(header.casefold()) or names.get(_clean_header(header))
        if kpi is None:
            known = ", ".join(label for _, label in kpis)
            raise ValidationError("csv_unknown_column", lang, file=file, column=column_name(i, header),
                                  name=header, known=known)
        if kpi in columns.values():
            raise ValidationError("csv_header_duplicate", lang, file=file, name=header, column=column_name(i))
        columns[i] = kpi
    if not columns:
        raise ValidationError("csv_no_kpi_column", lang, file=file)
    seen: dict[str, int] = {}
    records = []
    month_column = column_name(month_index, table.columns[month_index])
    for n, cells in enumerate(table.rows, start=2):
        cell = cells[month_index]
        if not cell:
            raise ValidationError("csv_month_missing", lang, file=file, row=n, column=month_column)
        month = _month(cell)
        if month is None:
            raise ValidationError("csv_month_invalid", lang, file=file, row=n, column=month_column, value=cell[:40])
        if month in seen:
            raise ValidationError("csv_month_duplicate", lang, file=file, row=n, column=month_column,
                                  value=month, first=seen[month])
        seen[month] = n
        record: dict[str, Any] = {"month": month}
        for i, kpi in columns.items():
            value = cells[i]
            number = parse_number(value) if value else math.nan
            if number is None:
                raise ValidationError("csv_not_number", lang, file=file, row=n,
                                      column=column_name(i, table.columns[i]), value=value[:40])
            record[kpi] = number
        records.append(record)
    return pd.DataFrame(records).set_index("month").sort_index()


def read_figures_csv(data: bytes, name: str, lang: str, kpis: list[tuple[str, str]] | None = None):
    """A CSV file of monthly figures, read and checked: ``(table, figures)``; see
    :func:`read_figures` (``ValidationError`` for a bad file)."""
    table = read_csv(data, name, lang)
    return table, read_figures(table, lang, kpis)


@dataclass(frozen=True)
class BlendedIndex:
    """The blended index month by month.

    Attributes
    ----------
    index
        ``month -> index``: the weighted mean attainment of the scorecard's KPIs, times 100
        (100 = every target met); a month with no figure for a KPI leaves that KPI out.
    components
        ``month x kpi``: each KPI's attainment times 100 (value / target, or target / value
        when lower is better), capped at :data:`ATTAINMENT_CAP` x 100.
    weights
        ``{kpi: weight}`` of the KPIs in the index (chosen and present in the figures).
    missing
        KPIs of the scorecard that the figures lack.
    lag
        Months after which revenue best follows customer satisfaction (``None`` when either is
        missing or there are too few months), and the correlation at that lag.
    """

    index: pd.Series
    components: pd.DataFrame
    weights: dict[str, float]
    missing: tuple[str, ...]
    lag: int | None
    lag_correlation: float | None


def attainment(value: float, target: float, lower_is_better: bool = False) -> float:
    """How far ``value`` reaches ``target`` (1 = met), capped at :data:`ATTAINMENT_CAP`."""
    if math.isnan(value) or target <= 0:
        return math.nan
    ratio = (target / value if value > 0 else ATTAINMENT_CAP) if lower_is_better else value / target
    return min(ratio, ATTAINMENT_CAP)


def service_revenue_lag(figures: pd.DataFrame, max_lag: int = MAX_LAG) -> tuple[int | None, float | None]:
    """The lag (0 to ``max_lag`` months) at which revenue correlates best with customer
    satisfaction some months earlier, and that correlation; ``(None, None)`` without both columns
    or with fewer than four month pairs at every lag."""
    if SERVICE_KPI not in figures or REVENUE_KPI not in figures:
        return None, None
    best: tuple[int | None, float | None] = (None, None)
    service, revenue = figures[SERVICE_KPI], figures[REVENUE_KPI]
    for lag in range(max_lag + 1):
        pairs = [(s, r) for s, r in zip(service.iloc[: len(service) - lag], revenue.iloc[lag:], strict=True)
                 if not (math.isnan(s) or math.isnan(r))]
        if len(pairs) < 4:
            continue
        xs, ys = zip(*pairs, strict=True)
        if len(set(xs)) < 2 or len(set(ys)) < 2:
            continue
        corr = statistics.correlation(xs, ys)
        if best[1] is None or corr > best[1] + 1e-9:
            best = (lag, corr)
    return best


def blended_index(figures: pd.DataFrame, card: pd.DataFrame) -> BlendedIndex:
    """The blended index of ``figures`` (from :func:`read_figures`) under ``card`` (:func:`scorecard`)."""
    import pandas as pd

    present = card[card["kpi"].isin(figures.columns)]
    missing = tuple(k for k in card["kpi"] if k not in figures.columns)
    components = pd.DataFrame(index=figures.index)
    weights: dict[str, float] = {}
    for kpi, target, lower, weight in zip(present["kpi"], present["target"], present["lower_is_better"],
                                          present["weight"], strict=True):
        components[kpi] = [attainment(v, float(target), bool(lower)) * 100 for v in figures[kpi]]
        weights[kpi] = float(weight)
    values = []
    for month in components.index:
        row = components.loc[month]
        used = {k: w for k, w in weights.items() if not math.isnan(row[k])}
        total = sum(used.values())
        values.append(sum(row[k] * w for k, w in used.items()) / total if total else math.nan)
    lag, corr = service_revenue_lag(figures)
    return BlendedIndex(index=pd.Series(values, index=components.index, name="index", dtype=float),
                        components=components, weights=weights, missing=missing, lag=lag, lag_correlation=corr)


# ---------------------------------------------------------------- lead spotting


def _label_id(cell: str) -> str | None:
    folded = cell.strip().casefold()
    for label, names in LABEL_NAMES.items():
        if folded in {label, names["nl"].casefold(), names["en"].casefold()}:
            return label
    return {"compliment om te delen": "praise", "praise worth sharing": "praise", "niets": "nothing",
            "nothing": "nothing"}.get(folded)


def read_messages(table: Table | dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """Own sample messages with their answer key: ``[(message, label)]`` in file order.

    The table needs a ``message`` (``bericht``) and a ``key`` (``sleutel``) column; a key is one
    of :data:`LABELS` or its name in Dutch or English. Raises ``ValidationError`` naming the file,
    row and column for a missing column, an empty, too long or repeated message, or an unknown key.
    """
    table = as_table(table, lang)
    file = table.name
    folded = [c.casefold() for c in table.columns]
    text_at = next((i for i, c in enumerate(folded) if c in _MESSAGE_COLUMNS), None)
    key_at = next((i for i, c in enumerate(folded) if c in _KEY_COLUMNS), None)
    names = ("message", "key") if lang == "en" else ("bericht", "sleutel")
    for found, name in zip((text_at, key_at), names, strict=True):
        if found is None:
            raise ValidationError("csv_missing_column", lang, file=file, name=name)
    if len(table.rows) > 30:
        raise ValidationError("csv_too_many_rows", lang, file=file, limit=30)
    out: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    allowed = ", ".join(label_name(label, lang) for label in LABELS)
    for n, cells in enumerate(table.rows, start=2):
        message, key = cells[text_at], cells[key_at]
        text_column = column_name(text_at, table.columns[text_at])
        key_column = column_name(key_at, table.columns[key_at])
        if not message:
            raise ValidationError("csv_value_missing", lang, file=file, row=n, column=text_column)
        if len(message) > MESSAGE_MAX:
            raise ValidationError("csv_cell_too_long", lang, file=file, row=n, column=text_column,
                                  length=len(message), limit=MESSAGE_MAX)
        if message.casefold() in seen:
            raise ValidationError("csv_value_duplicate", lang, file=file, row=n, column=text_column,
                                  first=seen[message.casefold()])
        seen[message.casefold()] = n
        label = _label_id(key) if key else None
        if label is None:
            if not key:
                raise ValidationError("csv_value_missing", lang, file=file, row=n, column=key_column)
            raise ValidationError("csv_choice_invalid", lang, file=file, row=n, column=key_column,
                                  value=key[:40], allowed=allowed)
        out.append((message, label))
    return out


def answer_key(snapshot: Snapshot) -> dict[str, str]:
    """``{message item id: label}``: the loaded messages' key where the facilitator loaded own
    messages (matched by text), else :data:`DEFAULT_KEY` for the definition's messages."""
    items = snapshot.lists.get("messages", [])
    loaded: dict[str, str] = {}
    table = snapshot.tables.get(MESSAGES_TABLE)
    if table:
        try:
            loaded = {text.casefold(): label for text, label in read_messages(table, snapshot.language)}
        except ValidationError:
            loaded = {}
    key: dict[str, str] = {}
    for item_id, label in items:
        if label.casefold() in loaded:
            key[item_id] = loaded[label.casefold()]
        elif item_id in DEFAULT_KEY:
            key[item_id] = DEFAULT_KEY[item_id]
    return key


@dataclass(frozen=True)
class LeadResults:
    """Lead spotting scored against the key.

    Attributes
    ----------
    answers
        ``participant_id, role, message, text, label, key, correct, reply`` (a person's latest
        answer per message; messages without a key are left out).
    by_role
        ``role, answered, correct, accuracy, leads, leads_spotted, lead_share`` with an ``all`` row last.
    confusion
        Counts, key (rows) x chosen label (columns), both in :data:`LABELS` order.
    lead_share
        The share of answers on lead messages that called them a lead (``None`` without any).
    """

    answers: pd.DataFrame
    by_role: pd.DataFrame
    confusion: pd.DataFrame
    lead_share: float | None


def lead_results(snapshot: Snapshot) -> LeadResults:
    """Each participant's classifications of the sample messages, scored against :func:`answer_key`."""
    import pandas as pd

    key = answer_key(snapshot)
    texts = dict(snapshot.lists.get("messages", []))
    forms = snapshot.of_kind("form", LEADS_PHASE)
    columns = ["participant_id", "role", "message", "text", "label", "key", "correct", "reply"]
    if not forms.empty:
        forms = forms.sort_values("id").drop_duplicates(["participant_id", "message"], keep="last")
        forms = forms[forms["message"].isin(key)]
    rows = [] if forms.empty else [
        (pid, role, message, texts.get(message, message), label, key[message], label == key[message],
         str(reply).strip() if isinstance(reply, str) else "")
        for pid, role, message, label, reply in zip(
            forms["participant_id"], forms["role"], forms["message"], forms["label"],
            forms["reply"] if "reply" in forms else [""] * len(forms), strict=True)
    ]
    answers = pd.DataFrame(rows, columns=columns)
    summary = []
    groups = [*answers.groupby("role")] if not answers.empty else []
    for role, group in [*groups, ("all", answers)]:
        if group.empty:
            continue
        leads = group[group["key"] == "lead"]
        spotted = int((leads["label"] == "lead").sum())
        summary.append((role, len(group), int(group["correct"].sum()), float(group["correct"].mean()),
                        len(leads), spotted, spotted / len(leads) if len(leads) else math.nan))
    by_role = pd.DataFrame(summary, columns=["role", "answered", "correct", "accuracy", "leads", "leads_spotted",
                                             "lead_share"])
    confusion = pd.DataFrame(0, index=list(LABELS), columns=list(LABELS))
    for k, label in zip(answers["key"], answers["label"], strict=True):
        if k in LABELS and label in LABELS:
            confusion.loc[k, label] += 1
    overall = by_role[by_role["role"] == "all"]
    share = None if overall.empty or math.isnan(overall["lead_share"].iloc[0]) else float(overall["lead_share"].iloc[0])
    return LeadResults(answers, by_role, confusion, share)


# ---------------------------------------------------------------- the brand persona (step 2)


def persona_table(persona: Persona, source_code: str, lang: str) -> dict[str, Any]:
    """A brand persona as a table this session can hold (:func:`toolkit.core.sessions.set_table`),
    so the report shows it under step 2; ``source_code`` is the persona session's code."""
    rows = [
        [_t("persona_name", lang), persona.name],
        [_t("persona_address", lang), persona.address or ""],
        [_t("persona_traits", lang), ", ".join(persona.traits)],
        [_t("persona_we_are", lang), ", ".join(persona.we_are)],
        [_t("persona_we_are_not", lang), ", ".join(persona.we_are_not)],
        [_t("persona_words_avoid", lang), ", ".join(persona.words_avoid)],
    ]
    clean = [[part, value[:590]] for part, value in rows]
    return Table(name=source_code, columns=(_t("col_part", lang), _t("col_content", lang)),
                 rows=tuple(tuple(r) for r in clean)).to_dict()


# ---------------------------------------------------------------- report


def _maturity_section(snapshot: Snapshot, lang: str) -> ReportSection:
    import pandas as pd

    profile = maturity_profile(snapshot)
    title = _t("maturity_title", lang)
    if profile.raters == 0:
        return ReportSection(title=title, takeaway=_t("maturity_empty", lang))
    level = profile.levels.get("all", 0)
    takeaway = _t("maturity_takeaway", lang, raters=profile.raters, level=level,
                  step=step_label(STEPS[level], lang) if level < len(STEPS) else "")
    if level >= len(STEPS):
        takeaway = _t("maturity_takeaway_top", lang, raters=profile.raters)
    top = profile.divergence.iloc[0] if not profile.divergence.empty else None
    if top is not None and top["gap"] >= DIVERGENT:
        takeaway += " " + _t("maturity_divergent", lang, step=step_label(top["step"], lang),
                             high_role=role_label(top["high_role"], lang), high=_num(top["high"], lang),
                             low_role=role_label(top["low_role"], lang), low=_num(top["low"], lang))
    elif top is not None:
        takeaway += " " + _t("maturity_aligned", lang)
    by_role = profile.by_role
    role_table = pd.DataFrame({
        _t("col_role", lang): [role_label(r, lang) for r in by_role["role"]],
        _t("col_step", lang): [step_label(s, lang) for s in by_role["step"]],
        _t("col_mean", lang): [round(float(m), 2) for m in by_role["mean"]],
        _t("col_n", lang): list(by_role["n"]),
    })
    levels = pd.DataFrame({
        _t("col_role", lang): [_t("everyone", lang) if r == "all" else role_label(r, lang) for r in profile.levels],
        _t("col_level", lang): list(profile.levels.values()),
    })
    div = profile.divergence
    div_table = pd.DataFrame({
        _t("col_step", lang): [step_label(s, lang) for s in div["step"]],
        _t("col_low_role", lang): [role_label(r, lang) for r in div["low_role"]],
        _t("col_low", lang): [round(float(v), 2) for v in div["low"]],
        _t("col_high_role", lang): [role_label(r, lang) for r in div["high_role"]],
        _t("col_high", lang): [round(float(v), 2) for v in div["high"]],
        _t("col_gap", lang): [round(float(v), 2) for v in div["gap"]],
    })

    def figure():
        from toolkit.charts.service_maturity import maturity_ladder

        return maturity_ladder(profile, lang)

    return ReportSection(title=title, takeaway=takeaway, figure=figure,
                         tables={_t("table_levels", lang): levels, _t("table_by_role", lang): role_table,
                                 _t("table_divergence", lang): div_table})


def _persona_section(snapshot: Snapshot, lang: str) -> ReportSection | None:
    import pandas as pd

    stored = snapshot.tables.get(PERSONA_TABLE)
    if not stored:
        return None
    table = as_table(stored, lang)
    values = dict(table.rows)
    name = values.get(_t("persona_name", lang)) or next(iter(values.values()), "")
    frame = pd.DataFrame([list(r) for r in table.rows], columns=list(table.columns))
    return ReportSection(title=_t("persona_title", lang),
                         takeaway=_t("persona_takeaway", lang, name=name, code=table.name),
                         tables={_t("table_persona", lang): frame})


def _index_section(snapshot: Snapshot, lang: str) -> ReportSection:
    import pandas as pd

    card = scorecard(snapshot)
    title = _t("index_title", lang)
    card_table = pd.DataFrame({
        _t("col_kpi", lang): list(card["label"]),
        _t("col_picks", lang): list(card["picks"]),
        _t("col_weight", lang): list(card["weight"]),
        _t("col_target", lang): list(card["target"]),
        _t("col_direction", lang): [_t("lower_better" if lower else "higher_better", lang)
                                    for lower in card["lower_is_better"]],
    })
    tables = {_t("table_scorecard", lang): card_table}
    stored = snapshot.tables.get(FIGURES_TABLE)
    if card.empty:
        return ReportSection(title=title, takeaway=_t("index_no_card", lang), tables=tables)
    if not stored:
        return ReportSection(title=title, takeaway=_t("index_no_figures", lang), tables=tables)
    try:
        figures = read_figures(stored, lang, snapshot.lists.get("kpis"))
    except ValidationError as exc:
        return ReportSection(title=title, takeaway=_t("index_bad_figures", lang, error=str(exc)), tables=tables)
    blend = blended_index(figures, card)
    if not blend.weights:
        return ReportSection(title=title, takeaway=_t("index_no_overlap", lang), tables=tables)
    labels = {**dict(snapshot.lists.get("kpis", [])), **dict(zip(card["kpi"], card["label"], strict=True))}
    series = blend.index.dropna()
    first, last = series.iloc[0], series.iloc[-1]
    takeaway = _t("index_takeaway", lang, months=len(series), last_month=series.index[-1],
                  last=_num(last, lang, 0), first=_num(first, lang, 0), kpis=len(blend.weights))
    if blend.lag is not None:
        key = {0: "lag_takeaway_none", 1: "lag_takeaway_one"}.get(blend.lag, "lag_takeaway")
        takeaway += " " + _t(key, lang, lag=blend.lag, corr=_num(blend.lag_correlation or 0, lang, 2))
    if blend.missing:
        takeaway += " " + _t("index_missing", lang, kpis=", ".join(labels[k] for k in blend.missing))
    month_table = blend.components.round(1).rename(columns=labels)
    month_table.insert(0, _t("col_index", lang), blend.index.round(1))
    month_table = month_table.reset_index().rename(columns={"month": _t("col_month", lang)})
    tables[_t("table_index", lang)] = month_table
    tables[_t("table_figures", lang)] = figures.rename(columns=labels).reset_index().rename(
        columns={"month": _t("col_month", lang)})

    def figure():
        from toolkit.charts.service_maturity import index_chart

        return index_chart(blend, labels, lang, figures=figures)

    return ReportSection(title=title, takeaway=takeaway, figure=figure, tables=tables)


def _leads_section(snapshot: Snapshot, lang: str) -> ReportSection:
    import pandas as pd

    results = lead_results(snapshot)
    title = _t("leads_title", lang)
    if results.answers.empty:
        return ReportSection(title=title, takeaway=_t("leads_empty", lang))
    overall = results.by_role[results.by_role["role"] == "all"].iloc[0]
    takeaway = _t("leads_takeaway", lang, answered=int(overall["answered"]), accuracy=_pct(overall["accuracy"], lang))
    if results.lead_share is not None:
        key = "leads_share_above" if results.lead_share > LEAD_FINDING else "leads_share_below"
        takeaway += " " + _t(key, lang, share=_pct(results.lead_share, lang))
    by_role = results.by_role
    role_table = pd.DataFrame({
        _t("col_role", lang): [_t("everyone", lang) if r == "all" else role_label(r, lang) for r in by_role["role"]],
        _t("col_answered", lang): list(by_role["answered"]),
        _t("col_correct", lang): list(by_role["correct"]),
        _t("col_accuracy", lang): [round(float(a) * 100, 1) for a in by_role["accuracy"]],
        _t("col_leads_spotted", lang): [f"{s}/{n}" for s, n in zip(by_role["leads_spotted"], by_role["leads"],
                                                                   strict=True)],
    })
    confusion = results.confusion.copy()
    confusion.index = [label_name(k, lang) for k in confusion.index]
    confusion.columns = [label_name(k, lang) for k in confusion.columns]
    confusion = confusion.reset_index().rename(columns={"index": _t("col_key_vs_choice", lang)})
    leads = results.answers[results.answers["key"] == "lead"]
    replies = pd.DataFrame({
        _t("col_message", lang): list(leads["text"]),
        _t("col_role", lang): [role_label(r, lang) for r in leads["role"]],
        _t("col_choice", lang): [label_name(label, lang) for label in leads["label"]],
        _t("col_reply", lang): list(leads["reply"]),
    })

    def figure():
        from toolkit.charts.service_maturity import leads_chart

        return leads_chart(results, lang)

    return ReportSection(title=title, takeaway=takeaway, figure=figure,
                         tables={_t("table_leads_by_role", lang): role_table,
                                 _t("table_confusion", lang): confusion,
                                 _t("table_lead_replies", lang): replies})


def agreements(snapshot: Snapshot, lang: str) -> pd.DataFrame:
    """The agreements: ``kind, step, text, owner`` with kinds and steps as labels, in order given."""
    import pandas as pd

    from toolkit.core.definitions import get_workshop
    from toolkit.core.views import option_label

    forms = snapshot.of_kind("form", AGREEMENTS_PHASE)
    columns = [_t(c, lang) for c in ("col_kind", "col_step", "col_agreement", "col_owner")]
    if forms.empty:
        return pd.DataFrame(columns=columns)
    workshop = get_workshop(WORKSHOP_ID)

    def shown(payload: dict, field: str) -> str:
        value = payload.get(field)
        return option_label(workshop, AGREEMENTS_PHASE, field, value, lang) if value else ""

    rows = [(shown(p, "kind"), shown(p, "step"), str(p.get("text") or "").strip(), str(p.get("owner") or "").strip())
            for p in forms["payload"]]
    return pd.DataFrame(rows, columns=columns)


def _agreements_section(snapshot: Snapshot, lang: str) -> ReportSection:
    table = agreements(snapshot, lang)
    title = _t("agreements_title", lang)
    if table.empty:
        return ReportSection(title=title, takeaway=_t("agreements_empty", lang))
    kind, step, text_col, owner = table.columns
    actions = tuple(f"{t} ({o})" if o else t for t, o in zip(table[text_col], table[owner], strict=True) if t)
    bridges = table[table[kind] == option_label_of("bridge", lang)]
    takeaway = _t("agreements_takeaway", lang, n=len(table),
                  steps=len({s for s in table[step] if s}))
    if not bridges.empty:
        takeaway += " " + _t("agreements_bridge", lang, owner=bridges[owner].iloc[-1])
    return ReportSection(title=title, takeaway=takeaway, tables={_t("table_agreements", lang): table},
                         actions=actions)


def option_label_of(kind: str, lang: str) -> str:
    """The label of an agreement kind (``bridge``, ``routine``, ``action``)."""
    from toolkit.core.definitions import get_workshop
    from toolkit.core.views import option_label

    return option_label(get_workshop(WORKSHOP_ID), AGREEMENTS_PHASE, "kind", kind, lang)


def report_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    """The ladder by role, the linked brand persona (when there is one), the blended index, lead
    spotting against the 2% finding and the agreements.

    Parameters
    ----------
    snapshot
        A service-maturity session (may be empty).
    lang
        Language of titles, takeaways and column names.
    """
    check_language(lang)
    sections = [_maturity_section(snapshot, lang)]
    persona = _persona_section(snapshot, lang)
    if persona is not None:
        sections.append(persona)
    sections += [_index_section(snapshot, lang), _leads_section(snapshot, lang), _agreements_section(snapshot, lang)]
    return sections


_TEXT: dict[str, dict[str, str]] = {
    "maturity_title": {"nl": "De ladder per rol", "en": "The ladder by role"},
    "maturity_empty": {"nl": "Nog niemand heeft de vier stappen gescoord.",
                       "en": "Nobody has scored the four steps yet."},
    "maturity_takeaway": {
        "nl": "{raters} deelnemers plaatsen de organisatie samen op stap {level}; de volgende stap is '{step}'.",
        "en": "{raters} participants together place the organisation on step {level}; the next step is '{step}'.",
    },
    "maturity_takeaway_top": {
        "nl": "{raters} deelnemers vinden dat alle vier de stappen gehaald zijn.",
        "en": "{raters} participants find that all four steps are reached.",
    },
    "maturity_divergent": {
        "nl": "Het grootste verschil zit bij '{step}': {high_role} geeft gemiddeld {high}, {low_role} {low}.",
        "en": "The largest difference is on '{step}': {high_role} gives {high} on average, {low_role} {low}.",
    },
    "maturity_aligned": {"nl": "De rollen zien de stappen ongeveer hetzelfde.",
                         "en": "The roles see the steps much the same."},
    "persona_title": {"nl": "Stap 2: onze brand persona", "en": "Step 2: our brand persona"},
    "persona_takeaway": {
        "nl": "De tone of voice bouwt op persona '{name}' uit brand-persona-sessie {code} van dezelfde organisatie.",
        "en": "The tone of voice builds on persona '{name}' from brand persona session {code} of the same "
              "organisation.",
    },
    "persona_name": {"nl": "Naam", "en": "Name"},
    "persona_address": {"nl": "Aanspreekvorm", "en": "Form of address"},
    "persona_traits": {"nl": "Kenmerken", "en": "Traits"},
    "persona_we_are": {"nl": "Wij zijn", "en": "We are"},
    "persona_we_are_not": {"nl": "Wij zijn niet", "en": "We are not"},
    "persona_words_avoid": {"nl": "Woorden die we vermijden", "en": "Words we avoid"},
    "index_title": {"nl": "Gemengde KPI-index", "en": "Blended KPI index"},
    "index_no_card": {"nl": "Er is nog geen KPI gekozen voor de scorekaart.",
                      "en": "No KPI has been chosen for the scorecard yet."},
    "index_no_figures": {"nl": "De scorekaart staat klaar; lees een CSV met maandcijfers in om de index te tekenen.",
                         "en": "The scorecard is ready; load a CSV of monthly figures to draw the index."},
    "index_bad_figures": {"nl": "De maandcijfers konden niet worden gelezen: {error}",
                          "en": "The monthly figures could not be read: {error}"},
    "index_no_overlap": {"nl": "De maandcijfers bevatten geen van de gekozen KPI's.",
                         "en": "The monthly figures hold none of the chosen KPIs."},
    "index_takeaway": {
        "nl": "Over {months} maanden ging de index van {first} naar {last} in {last_month} ({kpis} KPI's; 100 = alle "
              "doelen gehaald).",
        "en": "Over {months} months the index went from {first} to {last} in {last_month} ({kpis} KPIs; 100 = every "
              "target met).",
    },
    "lag_takeaway": {
        "nl": "De omzet volgt de klanttevredenheid het best na {lag} maanden (correlatie {corr}).",
        "en": "Revenue follows customer satisfaction best after {lag} months (correlation {corr}).",
    },
    "lag_takeaway_one": {
        "nl": "De omzet volgt de klanttevredenheid het best na een maand (correlatie {corr}).",
        "en": "Revenue follows customer satisfaction best after one month (correlation {corr}).",
    },
    "lag_takeaway_none": {
        "nl": "Omzet en klanttevredenheid bewegen in dezelfde maand mee (correlatie {corr}).",
        "en": "Revenue and customer satisfaction move in the same month (correlation {corr}).",
    },
    "index_missing": {"nl": "Geen cijfers voor: {kpis}.", "en": "No figures for: {kpis}."},
    "leads_title": {"nl": "Leads spotten tegenover 2%", "en": "Lead spotting against 2%"},
    "leads_empty": {"nl": "Nog niemand heeft berichten ingedeeld.", "en": "Nobody has classified messages yet."},
    "leads_takeaway": {"nl": "{answered} keuzes, waarvan {accuracy} overeenkomt met de sleutel.",
                       "en": "{answered} choices, {accuracy} of them matching the key."},
    "leads_share_above": {
        "nl": "Van de leads herkenden we er {share}; in het onderzoek haakte maar 2% van de merkberichten in op een "
              "lead.",
        "en": "We recognised {share} of the leads; in the study only 2% of brand messages picked up on a lead.",
    },
    "leads_share_below": {
        "nl": "Van de leads herkenden we er {share}: niet meer dan de 2% uit het onderzoek.",
        "en": "We recognised {share} of the leads: no more than the 2% of the study.",
    },
    "finding_label": {"nl": "2% (onderzoek)", "en": "2% (study)"},
    "lead_share_axis": {"nl": "Leads herkend", "en": "Leads recognised"},
    "accuracy_axis": {"nl": "Goed ingedeeld", "en": "Classified correctly"},
    "share_axis": {"nl": "Aandeel (%)", "en": "Share (%)"},
    "agreements_title": {"nl": "Afspraken", "en": "Agreements"},
    "agreements_empty": {"nl": "Er zijn nog geen afspraken gemaakt.", "en": "No agreements have been made yet."},
    "agreements_takeaway": {"nl": "{n} afspraken, bij {steps} van de vier stappen.",
                            "en": "{n} agreements, covering {steps} of the four steps."},
    "agreements_bridge": {"nl": "De brug tussen marketing en service: {owner}.",
                          "en": "The bridge between marketing and service: {owner}."},
    "everyone": {"nl": "Iedereen", "en": "Everyone"},
    "reached_line": {"nl": "gehaald vanaf {value}", "en": "reached from {value}"},
    "ladder_axis": {"nl": "Gemiddelde score (1-5)", "en": "Average score (1-5)"},
    "role_level": {"nl": "{role} (stap {level})", "en": "{role} (step {level})"},
    "index_axis": {"nl": "Index (100 = doel)", "en": "Index (100 = target)"},
    "index_line": {"nl": "Gemengde index", "en": "Blended index"},
    "lag_panel": {"nl": "Klanttevredenheid en omzet (geschaald 0-100)",
                 "en": "Customer satisfaction and revenue (scaled 0-100)"},
    "lag_note": {"nl": "omzet volgt na {lag} mnd", "en": "revenue follows after {lag} mo"},
    "chart_empty": {"nl": "Nog niets om te tonen", "en": "Nothing to show yet"},
    "col_role": {"nl": "Rol", "en": "Role"},
    "col_step": {"nl": "Stap", "en": "Step"},
    "col_mean": {"nl": "Gemiddelde", "en": "Mean"},
    "col_n": {"nl": "Aantal", "en": "Count"},
    "col_level": {"nl": "Stap gehaald", "en": "Step reached"},
    "col_low_role": {"nl": "Laagste rol", "en": "Lowest role"},
    "col_low": {"nl": "Laagst", "en": "Lowest"},
    "col_high_role": {"nl": "Hoogste rol", "en": "Highest role"},
    "col_high": {"nl": "Hoogst", "en": "Highest"},
    "col_gap": {"nl": "Verschil", "en": "Gap"},
    "col_part": {"nl": "Onderdeel", "en": "Part"},
    "col_content": {"nl": "Inhoud", "en": "Content"},
    "col_kpi": {"nl": "KPI", "en": "KPI"},
    "col_picks": {"nl": "Gekozen door", "en": "Chosen by"},
    "col_weight": {"nl": "Gewicht", "en": "Weight"},
    "col_target": {"nl": "Doel per maand", "en": "Monthly target"},
    "col_direction": {"nl": "Richting", "en": "Direction"},
    "higher_better": {"nl": "hoger is beter", "en": "higher is better"},
    "lower_better": {"nl": "lager is beter", "en": "lower is better"},
    "col_month": {"nl": "Maand", "en": "Month"},
    "col_index": {"nl": "Index", "en": "Index"},
    "col_answered": {"nl": "Keuzes", "en": "Choices"},
    "col_correct": {"nl": "Goed", "en": "Correct"},
    "col_accuracy": {"nl": "Goed (%)", "en": "Correct (%)"},
    "col_leads_spotted": {"nl": "Leads herkend", "en": "Leads recognised"},
    "col_key_vs_choice": {"nl": "Sleutel \u2193 / keuze \u2192", "en": "Key \u2193 / choice \u2192"},
    "col_message": {"nl": "Bericht", "en": "Message"},
    "col_choice": {"nl": "Keuze", "en": "Choice"},
    "col_reply": {"nl": "Antwoord", "en": "Reply"},
    "col_kind": {"nl": "Soort", "en": "Kind"},
    "col_agreement": {"nl": "Afspraak", "en": "Agreement"},
    "col_owner": {"nl": "Eigenaar", "en": "Owner"},
    "table_levels": {"nl": "Stap gehaald per rol", "en": "Step reached by role"},
    "table_by_role": {"nl": "Scores per rol en stap", "en": "Scores by role and step"},
    "table_divergence": {"nl": "Verschil tussen rollen", "en": "Difference between roles"},
    "table_persona": {"nl": "Brand persona", "en": "Brand persona"},
    "table_scorecard": {"nl": "Scorekaart", "en": "Scorecard"},
    "table_index": {"nl": "Index per maand", "en": "Index by month"},
    "table_figures": {"nl": "Maandcijfers", "en": "Monthly figures"},
    "table_leads_by_role": {"nl": "Leads spotten per rol", "en": "Lead spotting by role"},
    "table_confusion": {"nl": "Sleutel tegenover keuze", "en": "Key against choice"},
    "table_lead_replies": {"nl": "Antwoorden op leads", "en": "Replies to leads"},
    "table_agreements": {"nl": "Afspraken", "en": "Agreements"},
}
