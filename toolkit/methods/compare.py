"""Two sessions of the same workshop side by side (before and after): what changed.

Pure analysis on two snapshots, ``before`` (the earlier session) and ``after``:

- DNA mapping: :func:`dna_gaps` pairs the promise-practice gap of each value and channel in both
  sessions (values matched by name, case and spaces aside); a negative change means the gap
  closed;
- AIDA journey: :func:`aida_stages` compares IT readiness (1-5) and emotion (-2..+2) per stage;
- brainstorm (and any workshop with a vote): :func:`top_votes` lines up the most-voted notes of
  both sessions, matched by their text.

:func:`compare` returns the tables that apply to the workshop; :func:`report_sections` turns
them into sections for the report (``toolkit report CODE --compare EARLIER``) and the
self-paced notebook. :func:`check_comparable` refuses sessions of different workshops or of
different organisations.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.core.errors import ValidationError
from toolkit.core.i18n import decimal_mark, translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot

TOP = 10

TEXT: dict[str, dict[str, str]] = {
    "title_gaps": {"nl": "Voor en na: de gaten tussen belofte en praktijk",
                   "en": "Before and after: the gaps between promise and practice"},
    "title_stages": {"nl": "Voor en na: klaar voor de klantreis, per fase",
                     "en": "Before and after: ready for the journey, by stage"},
    "title_votes": {"nl": "Voor en na: wat de meeste stippen kreeg", "en": "Before and after: what got the most dots"},
    "gaps_closed": {
        "nl": "Het gat bij {value} in {channel} werd het meest kleiner ({before} → {after}).",
        "en": "The gap for {value} in {channel} closed most ({before} → {after}).",
    },
    "gaps_widened": {
        "nl": "Groter geworden: {value} in {channel} ({before} → {after}).",
        "en": "Wider than before: {value} in {channel} ({before} → {after}).",
    },
    "gaps_none": {
        "nl": "Er zijn geen waarden en kanalen die in beide sessies zijn gescoord.",
        "en": "No value and channel was scored in both sessions.",
    },
    "gaps_same": {"nl": "De gaten zijn gebleven wat ze waren.", "en": "The gaps stayed as they were."},
    "stages_best": {
        "nl": "De gereedheid steeg het meest in de fase {stage} ({before} → {after}); "
              "de beleving daar: {e_before} → {e_after}.",
        "en": "Readiness rose most in the {stage} stage ({before} → {after}); "
              "how it feels there: {e_before} → {e_after}.",
    },
    "stages_same": {"nl": "De gereedheid per fase is gebleven wat ze was.",
                    "en": "Readiness by stage stayed as it was."},
    "stages_worst": {
        "nl": "De gereedheid daalde het meest in de fase {stage} ({before} → {after}).",
        "en": "Readiness fell most in the {stage} stage ({before} → {after}).",
    },
    "stages_none": {
        "nl": "Geen fase van de klantreis heeft in beide sessies scores.",
        "en": "No stage of the journey has scores in both sessions.",
    },
    "votes_kept": {
        "nl": "In beide sessies bij de top: {notes}.",
        "en": "At the top in both sessions: {notes}.",
    },
    "votes_new": {"nl": "Nieuw bovenaan: {note}.", "en": "New at the top: {note}."},
    "votes_none": {"nl": "In geen van beide sessies is gestemd.", "en": "Nobody voted in either session."},
    "value": {"nl": "Waarde", "en": "Value"},
    "channel": {"nl": "Kanaal", "en": "Channel"},
    "gap_before": {"nl": "Gat voor", "en": "Gap before"},
    "gap_after": {"nl": "Gat na", "en": "Gap after"},
    "change": {"nl": "Verschil", "en": "Change"},
    "stage": {"nl": "Fase", "en": "Stage"},
    "readiness_before": {"nl": "Gereedheid voor", "en": "Readiness before"},
    "readiness_after": {"nl": "Gereedheid na", "en": "Readiness after"},
    "emotion_before": {"nl": "Beleving voor", "en": "Emotion before"},
    "emotion_after": {"nl": "Beleving na", "en": "Emotion after"},
    "note": {"nl": "Briefje", "en": "Note"},
    "dots_before": {"nl": "Stippen voor", "en": "Dots before"},
    "dots_after": {"nl": "Stippen na", "en": "Dots after"},
    "rank_before": {"nl": "Plaats voor", "en": "Rank before"},
    "rank_after": {"nl": "Plaats na", "en": "Rank after"},
    "caption_gaps": {"nl": "Gat per waarde en kanaal (belofte min praktijk)",
                     "en": "Gap per value and channel (promise minus practice)"},
    "caption_stages": {"nl": "Gereedheid en beleving per fase", "en": "Readiness and emotion by stage"},
    "caption_votes": {"nl": "De meeste stippen, voor en na", "en": "The most dots, before and after"},
}


def text(key: str, lang: str, **params: object) -> str:
    return translate(TEXT, key, lang, **params)


@dataclass(frozen=True)
class Comparison:
    """What two sessions of one workshop compare on; each table is ``None`` when it does not apply."""

    workshop_id: str
    before: str
    after: str
    gaps: pd.DataFrame | None = None
    stages: pd.DataFrame | None = None
    votes: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default=())


def _key(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def _num(value: float, lang: str, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    shown = f"{value:+.1f}" if signed else f"{value:.1f}"
    return decimal_mark(shown, lang)


def check_comparable(before: Snapshot, after: Snapshot, lang: str = "en") -> None:
    """Refuse two sessions of different workshops, or of two different organisations."""
    if before.workshop_id != after.workshop_id:
        raise ValidationError("compare_other_workshop", lang, before=before.workshop_id, after=after.workshop_id)
    if before.organisation and after.organisation and before.organisation != after.organisation:
        raise ValidationError("compare_other_organisation", lang)


# -- per method ---------------------------------------------------------------------------------

def dna_gaps(before: Snapshot, after: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """``value, channel, channel_label, gap_before, gap_after, change`` for every value (by name)
    and channel scored in either session; ``change`` is after minus before (NaN unless both).
    Sorted by change, the gap that closed most first."""
    import pandas as pd

    from toolkit.methods import dna

    def gaps(snapshot: Snapshot) -> pd.DataFrame:
        matrix = dna.alignment_matrix(snapshot, lang)
        keyed = matrix.assign(key=[_key(v) for v in matrix["value"]])
        return keyed[["key", "value", "channel", "channel_label", "gap"]]

    merged = gaps(before).merge(gaps(after), on=["key", "channel"], how="outer", suffixes=("_before", "_after"))
    out = pd.DataFrame({
        "value": merged["value_after"].fillna(merged["value_before"]),
        "channel": merged["channel"],
        "channel_label": merged["channel_label_after"].fillna(merged["channel_label_before"]),
        "gap_before": pd.to_numeric(merged["gap_before"]),
        "gap_after": pd.to_numeric(merged["gap_after"]),
    })
    out["change"] = out["gap_after"] - out["gap_before"]
    return out.sort_values(["change", "value"], na_position="last").reset_index(drop=True)


def _stage_scores(snapshot: Snapshot, lang: str | None) -> pd.DataFrame:
    from toolkit.methods import aida

    journey = aida.journey_table(snapshot, lang)
    if journey.empty:
        return journey.reindex(columns=["stage", "stage_label", "readiness", "emotion"])
    grouped = journey.groupby(["stage", "stage_label"], sort=False)[["readiness", "emotion"]].mean()
    return grouped.reset_index()


def aida_stages(before: Snapshot, after: Snapshot, lang: str | None = None) -> pd.DataFrame:
    """``stage, stage_label, readiness_before, readiness_after, emotion_before, emotion_after,
    readiness_change`` per stage of the journey, in the journey's order."""
    from toolkit.core.definitions import get_workshop

    merged = _stage_scores(before, lang).merge(_stage_scores(after, lang), on="stage", how="outer",
                                               suffixes=("_before", "_after"))
    merged["stage_label"] = merged["stage_label_after"].fillna(merged["stage_label_before"])
    order = {o.id: i for i, o in enumerate(get_workshop(after.workshop_id).lists.get("stages", ()))}
    merged = merged.assign(order=[order.get(s, len(order)) for s in merged["stage"]]).sort_values("order")
    merged["readiness_change"] = merged["readiness_after"] - merged["readiness_before"]
    columns = ["stage", "stage_label", "readiness_before", "readiness_after", "emotion_before", "emotion_after",
               "readiness_change"]
    return merged[columns].reset_index(drop=True)


def _top(snapshot: Snapshot, limit: int) -> dict[str, tuple[int, int, str]]:
    """The ``limit`` most-voted notes: ``key -> (rank, dots, text)``."""
    from toolkit.methods.brainstorm import votes_by_role

    table = votes_by_role(snapshot)
    out = {}
    for rank, (note, total) in enumerate(zip(table.index, table["total"], strict=True), start=1):
        if rank > limit:
            break
        out.setdefault(_key(note), (rank, int(total), str(note)))
    return out


def top_votes(before: Snapshot, after: Snapshot, limit: int = TOP) -> pd.DataFrame:
    """``note, rank_before, dots_before, rank_after, dots_after`` for the ``limit`` most-voted
    notes of either session (matched by text), the later session's order first."""
    import pandas as pd

    early, late = _top(before, limit), _top(after, limit)
    keys = sorted(late, key=lambda k: late[k][0])
    keys += sorted((k for k in early if k not in late), key=lambda k: early[k][0])
    rows = []
    for k in keys:
        b, a = early.get(k), late.get(k)
        rows.append({"note": (a or b)[2], "rank_before": b[0] if b else None, "dots_before": b[1] if b else None,
                     "rank_after": a[0] if a else None, "dots_after": a[1] if a else None})
    return pd.DataFrame(rows, columns=["note", "rank_before", "dots_before", "rank_after", "dots_after"])


def compare(before: Snapshot, after: Snapshot, lang: str | None = None) -> Comparison:
    """Every comparison that applies to the workshop of ``before`` and ``after``."""
    check_comparable(before, after, lang or after.language)
    workshop = after.workshop_id
    has_votes = not (before.votes.empty and after.votes.empty)
    return Comparison(
        workshop_id=workshop, before=before.code, after=after.code,
        gaps=dna_gaps(before, after, lang) if workshop == "dna-mapping" else None,
        stages=aida_stages(before, after, lang) if workshop == "aida-journey" else None,
        votes=top_votes(before, after) if has_votes else None,
    )


# -- report -------------------------------------------------------------------------------------

def _gaps_section(gaps: pd.DataFrame, lang: str) -> ReportSection:
    both = gaps.dropna(subset=["change"])
    if both.empty:
        takeaway = text("gaps_none", lang)
    else:
        best, worst = both.iloc[0], both.iloc[-1]
        parts = []
        if best["change"] < 0:
            parts.append(text("gaps_closed", lang, value=best["value"], channel=best["channel_label"],
                              before=_num(best["gap_before"], lang), after=_num(best["gap_after"], lang)))
        if worst["change"] > 0:
            parts.append(text("gaps_widened", lang, value=worst["value"], channel=worst["channel_label"],
                              before=_num(worst["gap_before"], lang), after=_num(worst["gap_after"], lang)))
        takeaway = " ".join(parts) or text("gaps_same", lang)
    table = gaps[["value", "channel_label", "gap_before", "gap_after", "change"]].round(2).rename(columns={
        "value": text("value", lang), "channel_label": text("channel", lang), "gap_before": text("gap_before", lang),
        "gap_after": text("gap_after", lang), "change": text("change", lang)})
    return ReportSection(text("title_gaps", lang), takeaway, tables={text("caption_gaps", lang): table})


def _stages_section(stages: pd.DataFrame, lang: str) -> ReportSection:
    both = stages.dropna(subset=["readiness_change"]).sort_values("readiness_change")
    if both.empty:
        takeaway = text("stages_none", lang)
    elif not (both["readiness_change"] != 0).any():
        takeaway = text("stages_same", lang)
    else:
        best, worst = both.iloc[-1], both.iloc[0]
        parts = []
        if best["readiness_change"] > 0:
            parts.append(text("stages_best", lang, stage=best["stage_label"],
                              before=_num(best["readiness_before"], lang), after=_num(best["readiness_after"], lang),
                              e_before=_num(best["emotion_before"], lang, True),
                              e_after=_num(best["emotion_after"], lang, True)))
        if worst["readiness_change"] < 0:
            parts.append(text("stages_worst", lang, stage=worst["stage_label"],
                              before=_num(worst["readiness_before"], lang), after=_num(worst["readiness_after"], lang)))
        takeaway = " ".join(parts)
    table = stages.drop(columns=["stage", "readiness_change"]).round(2).rename(columns={
        "stage_label": text("stage", lang), **{c: text(c, lang) for c in
                                                ("readiness_before", "readiness_after", "emotion_before",
                                                 "emotion_after")}})
    return ReportSection(text("title_stages", lang), takeaway, tables={text("caption_stages", lang): table})


def _votes_section(votes: pd.DataFrame, lang: str) -> ReportSection:
    if votes.empty:
        takeaway = text("votes_none", lang)
    else:
        kept = votes.dropna(subset=["rank_before", "rank_after"])
        new = votes[votes["rank_before"].isna() & votes["rank_after"].notna()]
        parts = []
        if not kept.empty:
            parts.append(text("votes_kept", lang, notes="; ".join(f"“{n}”" for n in kept["note"].head(3))))
        if not new.empty:
            parts.append(text("votes_new", lang, note=f"“{new['note'].iloc[0]}”"))
        takeaway = " ".join(parts)
    table = votes.rename(columns={c: text(c, lang) for c in votes.columns})
    return ReportSection(text("title_votes", lang), takeaway, tables={text("caption_votes", lang): table})


def report_sections(before: Snapshot, after: Snapshot, lang: str) -> list[ReportSection]:
    """The report's sections comparing ``after`` with the earlier session ``before``."""
    result = compare(before, after, lang)
    sections = []
    if result.gaps is not None:
        sections.append(_gaps_section(result.gaps, lang))
    if result.stages is not None:
        sections.append(_stages_section(result.stages, lang))
    if result.votes is not None:
        sections.append(_votes_section(result.votes, lang))
    return sections
