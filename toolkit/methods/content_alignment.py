"""Content alignment (specialist x marketeer): depth per journey stage by role, the content on the
journey, typed review comments and where they collide, and the review agreements.

Every function takes a :class:`~toolkit.core.snapshot.Snapshot` and returns a DataFrame or
dataclasses; :func:`report_sections` turns them into the report. Drafts are checked against a
brand persona (readability and jargon, judged against the depth agreed for their stage) when one
is given; :func:`organisation_persona` finds the persona of the same organisation in a store.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.core.i18n import ROLES, check_language, role_label, translate
from toolkit.methods.base import ReportSection

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.core.snapshot import Snapshot
    from toolkit.core.store import Store
    from toolkit.methods.persona import Persona

WORKSHOP_ID = "content-alignment"
STEREOTYPES_PHASE = "stereotypes"
DEPTH_PHASE = "depth"
INVENTORY_PHASE = "inventory"
DRAFT_PHASE = "draft"
REVIEW_PHASE = "review"
AGREEMENTS_PHASE = "agreements"
EXCHANGE_PHASE = "exchange"

STAGES: tuple[str, ...] = ("attention", "interest", "desire", "action", "after-purchase")
COMMENT_TYPES: tuple[str, ...] = ("style", "fact", "audience", "expectation")
#: A passage collides when it has a remark of the first kind and one of the second.
STYLE_SIDE = frozenset({"style"})
CONTENT_SIDE = frozenset({"fact", "expectation"})
#: A piece's intended depth fits its stage when it is at most this far from the agreed depth.
DEPTH_TOLERANCE = 1.0
#: The lowest readability score (Flesch-Douma / Flesch) a text needs at each agreed depth: a plain
#: stage asks for easy reading, a datasheet may be hard going.
READABILITY_FLOOR: dict[int, float] = {1: 65.0, 2: 55.0, 3: 45.0, 4: 35.0, 5: 25.0}
#: From this agreed depth on, the persona's specialist terms are expected, not a fault.
JARGON_FROM_DEPTH = 4
TONE_CHECKER_PAGE = "/voila/render/tone-checker.ipynb"

# "2", "alinea 2", "paragraaf 2", "paragraph 2", "par. 2", "§2", "¶ 2": a paragraph number.
_PARAGRAPH_NUMBER = re.compile(r"^(?:(?:alinea|paragraaf|paragraph|para|par|p|§|¶)\.?\s*)?(\d{1,3})\.?$",
                               re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# --------------------------------------------------------------------------- helpers


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def _ref(value: Any) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def _forms(snapshot: Snapshot, phase: str) -> list[tuple[int, str, dict[str, Any]]]:
    """``(id, role, payload)`` of the forms of one phase, in the order they were written."""
    rows = snapshot.contributions
    rows = rows[(rows["kind"] == "form") & (rows["phase"] == phase)]
    return [(int(cid), str(role), dict(payload) if isinstance(payload, dict) else {})
            for cid, role, payload in zip(rows["id"], rows["role"], rows["payload"], strict=True)]


def _labels(snapshot: Snapshot, list_id: str) -> dict[str, str]:
    return {str(item_id): str(label) for item_id, label in snapshot.lists.get(list_id, [])}


def _stage_order(snapshot: Snapshot) -> list[str]:
    listed = [item_id for item_id, _label in snapshot.lists.get("stages", [])]
    return listed or list(STAGES)


def _role_order(roles) -> list[str]:
    known = [r for r in ROLES if r in set(roles)]
    return known + sorted(set(roles) - set(known))


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- depth per stage


def depth_by_role(snapshot: Snapshot) -> pd.DataFrame:
    """The mean depth each discipline wants at each stage.

    Returns
    -------
    DataFrame
        ``stage, stage_label, role, mean, n`` in stage order, then role order (the order of
        :data:`~toolkit.core.i18n.ROLES`); only stages and roles that have scores.
    """
    scores = snapshot.ratings(DEPTH_PHASE)
    columns = ["stage", "stage_label", "role", "mean", "n"]
    if scores.empty:
        return _frame([], columns)
    labels = _labels(snapshot, "stages")
    rows = []
    for stage in _stage_order(snapshot) + sorted(set(scores["row"].astype(str)) - set(_stage_order(snapshot))):
        here = scores[scores["row"].astype(str) == stage]
        for role in _role_order(here["role"]):
            values = here.loc[here["role"] == role, "score"]
            if len(values):
                rows.append({"stage": stage, "stage_label": labels.get(stage, stage), "role": role,
                             "mean": float(values.mean()), "n": len(values)})
    return _frame(rows, columns)


def agreed_depth(snapshot: Snapshot) -> dict[str, float]:
    """The room's depth per stage: the median of every score given for it (stages with scores)."""
    scores = snapshot.ratings(DEPTH_PHASE)
    if scores.empty:
        return {}
    medians = scores.groupby(scores["row"].astype(str))["score"].median()
    return {stage: float(medians[stage]) for stage in _stage_order(snapshot) if stage in medians.index}


def depth_gaps(snapshot: Snapshot) -> pd.DataFrame:
    """Per stage, the disciplines furthest apart: the lowest and the highest mean depth.

    Returns
    -------
    DataFrame
        ``stage, stage_label, low_role, low_mean, high_role, high_mean, gap``, largest gap
        first (ties in stage order); a tie between roles goes to the first in role order. A
        stage scored by one discipline only has a gap of 0.
    """
    profile = depth_by_role(snapshot)
    columns = ["stage", "stage_label", "low_role", "low_mean", "high_role", "high_mean", "gap"]
    rows = []
    for order, (stage, group) in enumerate(profile.groupby("stage", sort=False)):
        means = list(zip(group["role"], group["mean"], strict=True))
        low = min(means, key=lambda rm: rm[1])
        high = max(means, key=lambda rm: rm[1])
        rows.append({"stage": stage, "stage_label": group["stage_label"].iloc[0], "low_role": low[0],
                     "low_mean": low[1], "high_role": high[0], "high_mean": high[1],
                     "gap": high[1] - low[1], "_order": order})
    frame = _frame(rows, [*columns, "_order"])
    frame = frame.sort_values(["gap", "_order"], ascending=[False, True], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


# --------------------------------------------------------------------------- stereotypes


def stereotypes_by_role(snapshot: Snapshot) -> pd.DataFrame:
    """The opening's notes side by side: one row per discipline, one column per prompt.

    Returns
    -------
    DataFrame
        ``role`` and one column per prompt id of the phase (``heard``, ``think``); each cell holds
        that discipline's notes joined by `` · `` (empty when there are none).
    """
    from toolkit.core.definitions import get_workshop

    prompts = [p.id for p in get_workshop(WORKSHOP_ID).phase(STEREOTYPES_PHASE).prompts]
    notes = snapshot.of_kind("note", STEREOTYPES_PHASE)
    if notes.empty:
        return _frame([], ["role", *prompts])
    prompt_of = notes["prompt"] if "prompt" in notes.columns else [prompts[0]] * len(notes)
    rows = []
    for role in _role_order(notes["role"]):
        row: dict[str, Any] = {"role": role}
        for prompt in prompts:
            texts = [str(t).strip() for t, r, p in zip(notes["text"], notes["role"], prompt_of, strict=True)
                     if r == role and (p or prompts[0]) == prompt and str(t).strip()]
            row[prompt] = " · ".join(texts)
        rows.append(row)
    return _frame(rows, ["role", *prompts])


# --------------------------------------------------------------------------- content inventory


def inventory(snapshot: Snapshot) -> pd.DataFrame:
    """Every piece of content with its stage, intended and agreed depth, fit and owner.

    ``fit`` is ``"fits"`` when the intended depth is within :data:`DEPTH_TOLERANCE` of the
    agreed depth of its stage, ``"too_deep"`` or ``"too_plain"`` when it is further off, and
    ``"unknown"`` when the stage has no scores (or the piece no depth).

    Returns
    -------
    DataFrame
        ``id, title, kind, kind_label, stage, stage_label, depth, agreed_depth, fit, owner,
        rounds`` in the order written; ``owner`` is ``""`` when nobody was named.
    """
    agreed = agreed_depth(snapshot)
    kinds, stages = _labels(snapshot, "pieces"), _labels(snapshot, "stages")
    rows = []
    for cid, _role, payload in _forms(snapshot, INVENTORY_PHASE):
        stage = str(payload.get("stage") or "")
        depth = _number(payload.get("depth"))
        target = agreed.get(stage)
        if depth is None or target is None:
            fit = "unknown"
        elif depth - target > DEPTH_TOLERANCE:
            fit = "too_deep"
        elif target - depth > DEPTH_TOLERANCE:
            fit = "too_plain"
        else:
            fit = "fits"
        kind = str(payload.get("kind") or "")
        rows.append({
            "id": cid, "title": str(payload.get("title") or "").strip(), "kind": kind,
            "kind_label": kinds.get(kind, kind), "stage": stage, "stage_label": stages.get(stage, stage),
            "depth": depth, "agreed_depth": target, "fit": fit,
            "owner": str(payload.get("owner") or "").strip(), "rounds": _number(payload.get("rounds")),
        })
    columns = ["id", "title", "kind", "kind_label", "stage", "stage_label", "depth", "agreed_depth", "fit",
               "owner", "rounds"]
    return _frame(rows, columns)


def pieces_to_fix(snapshot: Snapshot) -> pd.DataFrame:
    """The pieces with no owner or a depth that does not fit their stage (``inventory`` rows)."""
    pieces = inventory(snapshot)
    return pieces[(pieces["owner"] == "") | pieces["fit"].isin(["too_deep", "too_plain"])].reset_index(drop=True)


# --------------------------------------------------------------------------- review comments


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a draft: blocks separated by an empty line (single line breaks when the
    text has no empty line), stripped, empty ones dropped."""
    blocks = re.split(r"\n\s*\n", text.strip()) if text and text.strip() else []
    if len(blocks) == 1:
        blocks = blocks[0].splitlines()
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def locate_passage(passage: str, parts: list[str]) -> int | None:
    """The paragraph (numbered from 1) that a comment's "where" points at, or ``None``.

    A number ("2", "alinea 2", "paragraph 2", "§2") is a paragraph number; otherwise the
    paragraph that contains the quote (case and spacing ignored); otherwise the paragraph that
    holds most of the quote's words, if it holds at least half of them.
    """
    passage = " ".join(str(passage or "").split())
    if not passage or not parts:
        return None
    number = _PARAGRAPH_NUMBER.match(passage)
    if number:
        index = int(number.group(1))
        return index if 1 <= index <= len(parts) else None
    quote = passage.strip("\"'“”‘’«»„ ").casefold()
    for i, part in enumerate(parts, start=1):
        if quote and quote in part.casefold():
            return i
    wanted = set(_words(quote))
    if not wanted:
        return None
    overlap = [(len(wanted & set(_words(part))), -i, i) for i, part in enumerate(parts, start=1)]
    best, _neg, index = max(overlap)
    return index if best * 2 >= len(wanted) else None


@dataclass(frozen=True)
class Draft:
    """A pasted text under review: its id, title, stage, linked inventory piece and paragraphs."""

    id: int
    title: str
    stage: str
    piece: int | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The whole text, paragraphs separated by an empty line."""
        return "\n\n".join(self.paragraphs)


def drafts(snapshot: Snapshot) -> list[Draft]:
    """The drafts of the session, in the order they were pasted."""
    return [Draft(id=cid, title=str(p.get("title") or "").strip(), stage=str(p.get("stage") or ""),
                  piece=_ref(p.get("piece")), paragraphs=tuple(paragraphs(str(p.get("body") or ""))))
            for cid, _role, p in _forms(snapshot, DRAFT_PHASE)]


def comments(snapshot: Snapshot) -> pd.DataFrame:
    """Every review comment, located in its draft.

    Returns
    -------
    DataFrame
        ``id, draft, draft_title, role, type, passage, paragraph, comment``; ``paragraph`` is
        the paragraph number from 1 (``None`` when the "where" matches none), ``draft`` the
        draft's id (``None`` when it points at no draft of the session).
    """
    by_id = {d.id: d for d in drafts(snapshot)}
    rows = []
    for cid, role, payload in _forms(snapshot, REVIEW_PHASE):
        draft = by_id.get(_ref(payload.get("draft")) or -1)
        passage = str(payload.get("passage") or "").strip()
        rows.append({
            "id": cid, "draft": draft.id if draft else None, "draft_title": draft.title if draft else "",
            "role": role, "type": str(payload.get("type") or ""), "passage": passage,
            "paragraph": locate_passage(passage, list(draft.paragraphs)) if draft else None,
            "comment": str(payload.get("comment") or "").strip(),
        })
    return _frame(rows, ["id", "draft", "draft_title", "role", "type", "passage", "paragraph", "comment"])


def comment_mix(snapshot: Snapshot, by: str = "role") -> pd.DataFrame:
    """How many comments of each type came from each discipline (``by="role"``) or were made on
    each draft (``by="draft"``).

    Returns
    -------
    DataFrame
        Indexed by role (in role order) or draft title, one column per comment type (in the
        order of :data:`COMMENT_TYPES`, then any other), counts as integers.
    """
    import pandas as pd

    found = comments(snapshot)
    key = "role" if by == "role" else "draft_title"
    types = list(COMMENT_TYPES) + sorted(set(found["type"]) - set(COMMENT_TYPES))
    if found.empty:
        return pd.DataFrame(columns=types, dtype=int)
    table = pd.crosstab(found[key], found["type"]).reindex(columns=types, fill_value=0)
    order = _role_order(table.index) if by == "role" else list(dict.fromkeys(found[key]))
    table = table.reindex(order).fillna(0).astype(int)
    table.index.name, table.columns.name = key, None
    return table


@dataclass(frozen=True)
class Conflict:
    """A paragraph with a remark on style and one on facts or expectations.

    ``remarks`` are ``(role, type, comment, passage)`` in the order written.
    """

    draft: int
    draft_title: str
    paragraph: int
    excerpt: str
    remarks: tuple[tuple[str, str, str, str], ...]


def conflicts(snapshot: Snapshot) -> list[Conflict]:
    """The colliding passages: a paragraph of a draft with at least one comment of
    :data:`STYLE_SIDE` and one of :data:`CONTENT_SIDE`, in draft, then paragraph order. Each
    carries every remark on that paragraph, of whatever type."""
    found = comments(snapshot)
    found = found[found["draft"].notna() & found["paragraph"].notna()]
    by_id = {d.id: d for d in drafts(snapshot)}
    out = []
    for (draft_id, paragraph), group in found.groupby(["draft", "paragraph"], sort=True):
        types = set(group["type"])
        if not (types & STYLE_SIDE and types & CONTENT_SIDE):
            continue
        draft = by_id[int(draft_id)]
        remarks = tuple(zip(group["role"], group["type"], group["comment"], group["passage"], strict=True))
        out.append(Conflict(draft=int(draft_id), draft_title=draft.title, paragraph=int(paragraph),
                            excerpt=draft.paragraphs[int(paragraph) - 1], remarks=remarks))
    return out


# --------------------------------------------------------------------------- agreements


def rounds_against_target(snapshot: Snapshot) -> pd.DataFrame:
    """Per kind of content with an agreement: the rounds it takes now and the agreed target.

    ``rounds_now`` is the median of the correction rounds given for pieces of that kind in the
    inventory (``None`` when none were given); ``target`` the target of the latest agreement for
    that kind; ``alternatives`` how many earlier agreements for the same kind there are.

    Returns
    -------
    DataFrame
        ``kind, kind_label, reviewers, criterion, target, rounds_now, saved, alternatives`` in the
        order of the pieces list; ``saved`` is ``rounds_now - target`` (``None`` without rounds).
    """
    pieces = inventory(snapshot)
    labels = _labels(snapshot, "pieces")
    latest: dict[str, dict[str, Any]] = {}
    count: dict[str, int] = {}
    for _cid, _role, payload in _forms(snapshot, AGREEMENTS_PHASE):
        kind = str(payload.get("kind") or "")
        latest[kind] = payload
        count[kind] = count.get(kind, 0) + 1
    order = list(labels) + sorted(set(latest) - set(labels))
    rows = []
    for kind in (k for k in order if k in latest):
        payload = latest[kind]
        given = [r for r in pieces.loc[pieces["kind"] == kind, "rounds"] if r is not None and r == r]
        now = float(statistics.median(given)) if given else None
        target = _number(payload.get("target_rounds"))
        rows.append({
            "kind": kind, "kind_label": labels.get(kind, kind),
            "reviewers": str(payload.get("reviewers") or "").strip(),
            "criterion": str(payload.get("criterion") or "").strip(), "target": target, "rounds_now": now,
            "saved": now - target if now is not None and target is not None else None,
            "alternatives": count[kind] - 1,
        })
    return _frame(rows, ["kind", "kind_label", "reviewers", "criterion", "target", "rounds_now", "saved",
                         "alternatives"])


def exchange_actions(snapshot: Snapshot) -> pd.DataFrame:
    """The knowledge-exchange actions: ``id, action, kind, kind_label, owner, due`` (``""`` when
    not given), in the order written."""
    labels = _labels(snapshot, "exchange_kinds")
    rows = [{"id": cid, "action": str(p.get("action") or "").strip(), "kind": str(p.get("kind") or ""),
             "kind_label": labels.get(str(p.get("kind") or ""), str(p.get("kind") or "")),
             "owner": str(p.get("owner") or "").strip(), "due": str(p.get("due") or "").strip()}
            for cid, _role, p in _forms(snapshot, EXCHANGE_PHASE)]
    return _frame(rows, ["id", "action", "kind", "kind_label", "owner", "due"])


# --------------------------------------------------------------------------- drafts and the persona


@dataclass(frozen=True)
class DraftCheck:
    """How a draft reads for its stage.

    ``agreed_depth`` is the room's depth for the draft's stage (``None`` without scores) and
    ``floor`` the readability it asks for (:data:`READABILITY_FLOOR`). ``jargon`` lists the
    persona's specialist terms found in the text; they count against it only below
    :data:`JARGON_FROM_DEPTH`. ``verdict`` is ``fits``, ``too_hard``, ``jargon``, ``too_hard_jargon``
    or ``unknown`` (no agreed depth for the stage).
    """

    draft: int
    title: str
    stage: str
    agreed_depth: float | None
    readability: float | None
    formula: str
    floor: float | None
    jargon: tuple[str, ...]
    avoid: tuple[str, ...]
    tone_score: int | None
    verdict: str


def check_drafts(snapshot: Snapshot, persona: Persona | None = None) -> list[DraftCheck]:
    """Each draft's readability (Flesch-Douma for Dutch, Flesch for English, from the tone
    checker) judged against the depth agreed for its stage, and, with a ``persona``, its jargon,
    words to avoid and tone score."""
    from toolkit.methods.persona import Persona as PersonaCard
    from toolkit.methods.persona import check_tone

    agreed = agreed_depth(snapshot)
    card = persona or PersonaCard()
    out = []
    for draft in drafts(snapshot):
        if not draft.text.strip():
            continue
        report = check_tone(draft.text, card, report_lang=snapshot.language)
        depth = agreed.get(draft.stage)
        level = None if depth is None else int(min(5, max(1, round(depth))))
        floor = READABILITY_FLOOR[level] if level else None
        jargon = tuple(dict.fromkeys(h.term for h in report.jargon_found))
        hard = floor is not None and report.readability is not None and report.readability < floor
        heavy = bool(jargon) and level is not None and level < JARGON_FROM_DEPTH
        verdict = ("unknown" if level is None else "too_hard_jargon" if hard and heavy
                   else "too_hard" if hard else "jargon" if heavy else "fits")
        out.append(DraftCheck(
            draft=draft.id, title=draft.title, stage=draft.stage, agreed_depth=depth,
            readability=report.readability, formula=report.readability_formula, floor=floor, jargon=jargon,
            avoid=tuple(dict.fromkeys(h.term for h in report.avoid_found)),
            tone_score=report.score if persona is not None else None, verdict=verdict,
        ))
    return out


def organisation_persona(store: Store, organisation: str | None) -> tuple[str, Persona] | None:
    """The code and agreed persona of the latest brand-persona session of ``organisation`` in
    ``store``, or ``None`` when there is none (or no organisation)."""
    if not organisation:
        return None
    from toolkit.core.sessions import organisation_sessions, snapshot
    from toolkit.methods.persona import agreed_persona

    codes = organisation_sessions(store, organisation, "brand-persona")
    if not codes:
        return None
    return codes[0], agreed_persona(snapshot(store, codes[0]))


# --------------------------------------------------------------------------- report

_TEXT: dict[str, dict[str, str]] = {
    "stereo_title": {"nl": "Wat we over elkaar zeggen", "en": "What we say about each other"},
    "stereo_takeaway": {
        "nl": "{notes} van {roles}, naast elkaar. Het zijn beelden uit onwetendheid: "
              "ze verdwijnen als je elkaars werk kent.",
        "en": "{notes} from {roles}, side by side. They are pictures born of not knowing: "
              "they fade once you know each other's work.",
    },
    "stereo_empty": {"nl": "Er zijn nog geen uitspraken opgeschreven.", "en": "No remarks have been written yet."},
    "depth_title": {"nl": "Diepgang per fase, per discipline", "en": "Depth per stage, by discipline"},
    "depth_takeaway": {
        "nl": "De grootste kloof zit bij {stage}: {low_role} wil daar diepgang {low}, {high_role} {high} "
              "(op 1 gewone taal tot 5 labdata). Samen kwam de zaal uit op {agreed}.",
        "en": "The largest gap is at {stage}: {low_role} wants depth {low} there, {high_role} {high} "
              "(from 1 plain language to 5 lab data). Together the room settled on {agreed}.",
    },
    "depth_agree": {
        "nl": "De disciplines willen in elke fase ongeveer dezelfde diepgang.",
        "en": "The disciplines want about the same depth at every stage.",
    },
    "depth_empty": {"nl": "Er zijn nog geen scores voor diepgang gegeven.",
                    "en": "No depth scores have been given yet."},
    "inventory_title": {"nl": "Onze content op de klantreis", "en": "Our content on the journey"},
    "inventory_takeaway": {
        "nl": "{pieces}; zonder eigenaar: {no_owner}; met een diepgang die niet past bij de fase: {misfit}.",
        "en": "{pieces}; without an owner: {no_owner}; with a depth that does not fit the stage: {misfit}.",
    },
    "inventory_empty": {"nl": "Er is nog geen content op de reis gezet.", "en": "No content has been placed yet."},
    "review_title": {"nl": "Commentaar op de tekst", "en": "Comments on the text"},
    "review_takeaway": {
        "nl": "{comments}; alinea's waar stijl en feiten botsen: {conflicts}. {top_role} gaf vooral "
              "commentaar op {top_type}.",
        "en": "{comments}; paragraphs where style and facts collide: {conflicts}. {top_role} mostly "
              "commented on {top_type}.",
    },
    "review_empty": {"nl": "Er is nog geen commentaar gegeven.", "en": "No comments have been given yet."},
    "conflict_title": {"nl": "Waar stijl en feit botsen", "en": "Where style and fact collide"},
    "conflict_takeaway": {
        "nl": "Alinea {paragraph} van '{title}' krijgt opmerkingen over stijl en over feiten tegelijk. "
              "Spreek hier één formulering af voordat iemand herschrijft.",
        "en": "Paragraph {paragraph} of '{title}' gets remarks on style and on facts at once. "
              "Agree on one wording here before anyone rewrites.",
    },
    "conflict_none": {
        "nl": "Geen botsingen: geen alinea kreeg zowel een opmerking over stijl als een over feiten.",
        "en": "No collisions: no paragraph got both a style remark and a fact remark.",
    },
    "drafts_title": {"nl": "De tekst naast de afgesproken diepgang", "en": "The text against the agreed depth"},
    "drafts_takeaway_persona": {
        "nl": "Getoetst met de toonchecker aan de persona {name} (sessie {code}). Teksten die lezen zoals hun "
              "fase vraagt: {fits} van {total}.",
        "en": "Checked with the tone checker against the persona {name} (session {code}). Texts that read as "
              "their stage asks: {fits} of {total}.",
    },
    "drafts_takeaway": {
        "nl": "Teksten die lezen zoals hun fase vraagt: {fits} van {total}. Vaktermen worden getoetst zodra er "
              "een brand-persona-sessie van dezelfde organisatie is.",
        "en": "Texts that read as their stage asks: {fits} of {total}. Specialist terms are checked once there "
              "is a brand-persona session of the same organisation.",
    },
    "agreements_title": {"nl": "Afspraken over controleren", "en": "Review agreements"},
    "agreements_takeaway": {
        "nl": "Afspraken over wie controleert voor {kinds}. Correctierondes samen nu: {now}; doel: {target}.",
        "en": "Review agreements for {kinds}. Correction rounds together now: {now}; target: {target}.",
    },
    "agreements_empty": {"nl": "Er zijn nog geen afspraken gemaakt.", "en": "No agreements have been made yet."},
    "exchange_title": {"nl": "Elkaars werk leren kennen", "en": "Getting to know each other's work"},
    "exchange_takeaway": {
        "nl": "{actions} om elkaars werk te leren kennen; nog zonder eigenaar: {no_owner}.",
        "en": "{actions} to get to know each other's work; still without an owner: {no_owner}.",
    },
    "exchange_empty": {"nl": "Er zijn nog geen acties afgesproken.", "en": "No actions have been agreed yet."},
    "action_line": {"nl": "{action} (eigenaar: {owner}{due})", "en": "{action} (owner: {owner}{due})"},
    "action_due": {"nl": ", {due}", "en": ", {due}"},
    "no_owner": {"nl": "nog niemand", "en": "nobody yet"},
    "agreement_line": {
        "nl": "{kind}: {reviewers}. Toetsen op: {criterion}. Maximaal aantal rondes: {target}.",
        "en": "{kind}: {reviewers}. Checked for: {criterion}. Maximum number of rounds: {target}.",
    },
    "fit_fits": {"nl": "past", "en": "fits"},
    "fit_too_deep": {"nl": "te diep voor de fase", "en": "too deep for the stage"},
    "fit_too_plain": {"nl": "te licht voor de fase", "en": "too light for the stage"},
    "fit_unknown": {"nl": "onbekend", "en": "unknown"},
    "verdict_fits": {"nl": "past bij de fase", "en": "fits the stage"},
    "verdict_too_hard": {"nl": "te moeilijk voor de fase", "en": "too hard for the stage"},
    "verdict_jargon": {"nl": "vaktermen uitleggen of schrappen", "en": "explain or drop the specialist terms"},
    "verdict_too_hard_jargon": {
        "nl": "te moeilijk en vol vaktermen voor de fase", "en": "too hard and full of specialist terms for the stage",
    },
    "verdict_unknown": {"nl": "geen afgesproken diepgang", "en": "no agreed depth"},
    "col_role": {"nl": "Discipline", "en": "Discipline"},
    "col_stage": {"nl": "Fase", "en": "Stage"},
    "col_mean": {"nl": "Gemiddelde diepgang", "en": "Mean depth"},
    "col_n": {"nl": "Aantal", "en": "Count"},
    "col_low_role": {"nl": "Minste diepgang", "en": "Least depth"},
    "col_low": {"nl": "Laag", "en": "Low"},
    "col_high_role": {"nl": "Meeste diepgang", "en": "Most depth"},
    "col_high": {"nl": "Hoog", "en": "High"},
    "col_gap": {"nl": "Kloof", "en": "Gap"},
    "col_agreed": {"nl": "Afgesproken diepgang", "en": "Agreed depth"},
    "col_title": {"nl": "Titel", "en": "Title"},
    "col_kind": {"nl": "Soort", "en": "Kind"},
    "col_depth": {"nl": "Bedoelde diepgang", "en": "Intended depth"},
    "col_fit": {"nl": "Past bij de fase", "en": "Fits the stage"},
    "col_owner": {"nl": "Eigenaar", "en": "Owner"},
    "col_rounds": {"nl": "Rondes laatste versie", "en": "Rounds last version"},
    "col_draft": {"nl": "Tekst", "en": "Text"},
    "col_type": {"nl": "Soort opmerking", "en": "Kind of remark"},
    "col_passage": {"nl": "Waar", "en": "Where"},
    "col_paragraph": {"nl": "Alinea", "en": "Paragraph"},
    "col_comment": {"nl": "Opmerking", "en": "Remark"},
    "col_excerpt": {"nl": "Alinea-tekst", "en": "Paragraph text"},
    "col_readability": {"nl": "Leesbaarheid", "en": "Readability"},
    "col_formula": {"nl": "Formule", "en": "Formula"},
    "col_floor": {"nl": "Nodig voor de fase", "en": "Needed for the stage"},
    "col_jargon": {"nl": "Vaktermen", "en": "Specialist terms"},
    "col_avoid": {"nl": "Woorden om te vermijden", "en": "Words to avoid"},
    "col_tone": {"nl": "Toonscore", "en": "Tone score"},
    "col_verdict": {"nl": "Oordeel", "en": "Verdict"},
    "col_link": {"nl": "Toonchecker", "en": "Tone checker"},
    "col_reviewers": {"nl": "Wie controleert", "en": "Who reviews"},
    "col_criterion": {"nl": "Criterium", "en": "Criterion"},
    "col_target": {"nl": "Doel (rondes)", "en": "Target (rounds)"},
    "col_now": {"nl": "Nu (rondes)", "en": "Now (rounds)"},
    "col_saved": {"nl": "Rondes minder", "en": "Rounds fewer"},
    "col_alternatives": {"nl": "Andere voorstellen", "en": "Other proposals"},
    "col_action": {"nl": "Actie", "en": "Action"},
    "col_due": {"nl": "Wanneer", "en": "When"},
    "table_stereo": {"nl": "Uitspraken per discipline", "en": "Remarks by discipline"},
    "table_depth": {"nl": "Diepgang per discipline", "en": "Depth by discipline"},
    "table_gaps": {"nl": "Kloof per fase", "en": "Gap per stage"},
    "table_inventory": {"nl": "Content op de reis", "en": "Content on the journey"},
    "table_fix": {"nl": "Zonder eigenaar of passende diepgang", "en": "Without an owner or a fitting depth"},
    "table_mix_role": {"nl": "Opmerkingen per discipline", "en": "Remarks by discipline"},
    "table_mix_draft": {"nl": "Opmerkingen per tekst", "en": "Remarks per text"},
    "table_comments": {"nl": "Alle opmerkingen", "en": "All remarks"},
    "table_conflicts": {"nl": "Botsingen", "en": "Collisions"},
    "table_drafts": {"nl": "Leesbaarheid per tekst", "en": "Readability per text"},
    "table_agreements": {"nl": "Afspraken en rondes", "en": "Agreements and rounds"},
    "table_exchange": {"nl": "Acties", "en": "Actions"},
    "unknown": {"nl": "onbekend", "en": "unknown"},
    # Counted nouns: "{n} ..." for one, for more (and for none)
    "n_remarks_notes": {"nl": "1 uitspraak|{n} uitspraken", "en": "1 remark|{n} remarks"},
    "n_roles": {"nl": "1 discipline|{n} disciplines", "en": "1 discipline|{n} disciplines"},
    "n_pieces": {"nl": "1 stuk content|{n} stukken content", "en": "1 piece of content|{n} pieces of content"},
    "n_comments": {"nl": "1 opmerking|{n} opmerkingen", "en": "1 remark|{n} remarks"},
    "n_kinds": {"nl": "1 soort content|{n} soorten content", "en": "1 kind of content|{n} kinds of content"},
    "n_actions": {"nl": "1 actie|{n} acties", "en": "1 action|{n} actions"},
}


def text(key: str, lang: str, **params: object) -> str:
    """A string of this method's report catalogue in ``lang``."""
    return translate(_TEXT, key, lang, **params)


def counted(key: str, n: int, lang: str) -> str:
    """``n`` with the noun of catalogue entry ``key`` in the singular or the plural."""
    one, many = text(key, lang).split("|")
    return one if n == 1 else many.format(n=n)


def _n(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return ""
    shown = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return shown.replace(".", ",") if lang == "nl" else shown


def _prompt_labels(lang: str) -> dict[str, str]:
    from toolkit.core.definitions import get_workshop

    return {p.id: p.label(lang) for p in get_workshop(WORKSHOP_ID).phase(STEREOTYPES_PHASE).prompts}


def type_label(snapshot: Snapshot, comment_type: str) -> str:
    """A comment type's label from the session's list."""
    return _labels(snapshot, "comment_types").get(comment_type, comment_type)


def tone_checker_link(code: str, lang: str) -> str:
    """The tone checker's address for the persona of session ``code`` (relative to the server)."""
    return f"{TONE_CHECKER_PAGE}?session={code}&lang={lang}"


def _stereotype_section(snapshot: Snapshot, lang: str) -> ReportSection:
    import pandas as pd

    table = stereotypes_by_role(snapshot)
    if table.empty:
        return ReportSection(title=text("stereo_title", lang), takeaway=text("stereo_empty", lang))
    labels = _prompt_labels(lang)
    shown = pd.DataFrame({text("col_role", lang): [role_label(r, lang) for r in table["role"]]}
                         | {labels[p]: list(table[p]) for p in labels})
    notes = snapshot.of_kind("note", STEREOTYPES_PHASE)

    def figure():
        from toolkit.charts.content_alignment import stereotypes_chart

        return stereotypes_chart(table, labels, lang)

    return ReportSection(
        title=text("stereo_title", lang),
        takeaway=text("stereo_takeaway", lang, notes=counted("n_remarks_notes", len(notes), lang),
                      roles=counted("n_roles", len(table), lang)),
        figure=figure,
        tables={text("table_stereo", lang): shown},
    )


def _depth_section(snapshot: Snapshot, lang: str) -> ReportSection:
    import pandas as pd

    profile = depth_by_role(snapshot)
    if profile.empty:
        return ReportSection(title=text("depth_title", lang), takeaway=text("depth_empty", lang))
    gaps = depth_gaps(snapshot)
    agreed = agreed_depth(snapshot)
    top = gaps.iloc[0]
    if top["gap"] >= 1:
        takeaway = text("depth_takeaway", lang, stage=top["stage_label"], low_role=role_label(top["low_role"], lang),
                        low=_n(top["low_mean"], lang), high_role=role_label(top["high_role"], lang),
                        high=_n(top["high_mean"], lang), agreed=_n(agreed.get(top["stage"]), lang))
    else:
        takeaway = text("depth_agree", lang)
    roles = _role_order(profile["role"])
    wide = profile.pivot(index="stage", columns="role", values="mean").reindex(columns=roles)
    stage_labels = dict(zip(profile["stage"], profile["stage_label"], strict=True))
    stages = list(dict.fromkeys(profile["stage"]))
    wide = wide.round(2).astype(object).where(wide.notna(), None)
    depth_table = pd.DataFrame({text("col_stage", lang): [stage_labels[s] for s in stages]}
                               | {role_label(r, lang): [wide.loc[s, r] for s in stages] for r in roles}
                               | {text("col_agreed", lang): [agreed.get(s) for s in stages]})
    gap_table = pd.DataFrame({
        text("col_stage", lang): list(gaps["stage_label"]),
        text("col_low_role", lang): [role_label(r, lang) for r in gaps["low_role"]],
        text("col_low", lang): [round(v, 2) for v in gaps["low_mean"]],
        text("col_high_role", lang): [role_label(r, lang) for r in gaps["high_role"]],
        text("col_high", lang): [round(v, 2) for v in gaps["high_mean"]],
        text("col_gap", lang): [round(v, 2) for v in gaps["gap"]],
        text("col_agreed", lang): [agreed.get(s) for s in gaps["stage"]],
    })

    def figure():
        from toolkit.charts.content_alignment import depth_profile_chart

        return depth_profile_chart(profile, agreed, lang)

    return ReportSection(title=text("depth_title", lang), takeaway=takeaway, figure=figure,
                         tables={text("table_gaps", lang): gap_table, text("table_depth", lang): depth_table})


def _inventory_table(pieces: pd.DataFrame, lang: str) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({
        text("col_title", lang): list(pieces["title"]),
        text("col_kind", lang): list(pieces["kind_label"]),
        text("col_stage", lang): list(pieces["stage_label"]),
        text("col_depth", lang): list(pieces["depth"]),
        text("col_agreed", lang): list(pieces["agreed_depth"]),
        text("col_fit", lang): [text(f"fit_{f}", lang) for f in pieces["fit"]],
        text("col_owner", lang): [o or text("no_owner", lang) for o in pieces["owner"]],
        text("col_rounds", lang): list(pieces["rounds"]),
    })


def _inventory_section(snapshot: Snapshot, lang: str) -> ReportSection:
    pieces = inventory(snapshot)
    if pieces.empty:
        return ReportSection(title=text("inventory_title", lang), takeaway=text("inventory_empty", lang))
    fix = pieces_to_fix(snapshot)
    takeaway = text("inventory_takeaway", lang, pieces=counted("n_pieces", len(pieces), lang),
                    no_owner=int((pieces["owner"] == "").sum()),
                    misfit=int(pieces["fit"].isin(["too_deep", "too_plain"]).sum()))
    agreed = agreed_depth(snapshot)
    stages = [(s, _labels(snapshot, "stages").get(s, s)) for s in _stage_order(snapshot)]

    def figure():
        from toolkit.charts.content_alignment import inventory_chart

        return inventory_chart(pieces, agreed, stages, lang)

    return ReportSection(title=text("inventory_title", lang), takeaway=takeaway, figure=figure,
                         tables={text("table_fix", lang): _inventory_table(fix, lang),
                                 text("table_inventory", lang): _inventory_table(pieces, lang)})


def _mix_table(mix: pd.DataFrame, snapshot: Snapshot, lang: str, first: str, labels) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame({first: [labels(i) for i in mix.index]})
    for column in mix.columns:
        frame[type_label(snapshot, column)] = list(mix[column])
    return frame


def _review_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    import pandas as pd

    found = comments(snapshot)
    if found.empty:
        return [ReportSection(title=text("review_title", lang), takeaway=text("review_empty", lang))]
    by_role = comment_mix(snapshot, "role")
    by_draft = comment_mix(snapshot, "draft")
    collisions = conflicts(snapshot)
    top_role = by_role.sum(axis=1).idxmax()
    top_type = by_role.loc[top_role].idxmax()
    all_rows = pd.DataFrame({
        text("col_draft", lang): list(found["draft_title"]),
        text("col_paragraph", lang): [None if p is None or p != p else int(p) for p in found["paragraph"]],
        text("col_role", lang): [role_label(r, lang) for r in found["role"]],
        text("col_type", lang): [type_label(snapshot, t) for t in found["type"]],
        text("col_passage", lang): list(found["passage"]),
        text("col_comment", lang): list(found["comment"]),
    })

    def matrix_figure():
        from toolkit.charts.content_alignment import comment_matrix_chart

        return comment_matrix_chart(by_role, _labels(snapshot, "comment_types"), lang)

    review = ReportSection(
        title=text("review_title", lang),
        takeaway=text("review_takeaway", lang, comments=counted("n_comments", len(found), lang),
                      conflicts=len(collisions),
                      top_role=role_label(top_role, lang), top_type=type_label(snapshot, top_type).lower()),
        figure=matrix_figure,
        tables={text("table_mix_role", lang): _mix_table(by_role, snapshot, lang, text("col_role", lang),
                                                         lambda r: role_label(r, lang)),
                text("table_mix_draft", lang): _mix_table(by_draft, snapshot, lang, text("col_draft", lang), str),
                text("table_comments", lang): all_rows},
    )
    conflict_rows = pd.DataFrame(
        [(c.draft_title, c.paragraph, c.excerpt, role_label(role, lang), type_label(snapshot, kind), comment)
         for c in collisions for role, kind, comment, _passage in c.remarks],
        columns=[text(k, lang) for k in ("col_draft", "col_paragraph", "col_excerpt", "col_role", "col_type",
                                         "col_comment")],
    )
    if collisions:
        first = collisions[0]
        takeaway = text("conflict_takeaway", lang, paragraph=first.paragraph, title=first.draft_title)
    else:
        takeaway = text("conflict_none", lang)

    def conflict_figure():
        from toolkit.charts.content_alignment import conflict_list_chart

        return conflict_list_chart(collisions, _labels(snapshot, "comment_types"), lang)

    conflict = ReportSection(title=text("conflict_title", lang), takeaway=takeaway,
                             figure=conflict_figure if collisions else None,
                             tables={text("table_conflicts", lang): conflict_rows})
    return [review, conflict]


def _drafts_section(snapshot: Snapshot, lang: str, persona: tuple[str, Persona] | None) -> ReportSection | None:
    import pandas as pd

    checks = check_drafts(snapshot, persona[1] if persona else None)
    if not checks:
        return None
    stages = _labels(snapshot, "stages")
    columns = {
        text("col_draft", lang): [c.title for c in checks],
        text("col_stage", lang): [stages.get(c.stage, c.stage) for c in checks],
        text("col_agreed", lang): [c.agreed_depth for c in checks],
        text("col_readability", lang): [None if c.readability is None else round(c.readability) for c in checks],
        text("col_formula", lang): [c.formula for c in checks],
        text("col_floor", lang): [c.floor for c in checks],
        text("col_verdict", lang): [text(f"verdict_{c.verdict}", lang) for c in checks],
    }
    fits = sum(c.verdict == "fits" for c in checks)
    if persona:
        code, card = persona
        columns |= {
            text("col_jargon", lang): [", ".join(c.jargon) for c in checks],
            text("col_avoid", lang): [", ".join(c.avoid) for c in checks],
            text("col_tone", lang): [c.tone_score for c in checks],
            text("col_link", lang): [tone_checker_link(code, lang) for _c in checks],
        }
        takeaway = text("drafts_takeaway_persona", lang, name=card.name or code, code=code, fits=fits,
                        total=len(checks))
    else:
        takeaway = text("drafts_takeaway", lang, fits=fits, total=len(checks))
    return ReportSection(title=text("drafts_title", lang), takeaway=takeaway,
                         tables={text("table_drafts", lang): pd.DataFrame(columns)})


def _agreement_sections(snapshot: Snapshot, lang: str) -> list[ReportSection]:
    import pandas as pd

    rounds = rounds_against_target(snapshot)
    actions = exchange_actions(snapshot)
    agreement_lines = tuple(
        text("agreement_line", lang, kind=r.kind_label, reviewers=r.reviewers, criterion=r.criterion,
             target=_n(r.target, lang, 0))
        for r in rounds.itertuples()
    )
    action_lines = tuple(
        text("action_line", lang, action=a.action, owner=a.owner or text("no_owner", lang),
             due=text("action_due", lang, due=a.due) if a.due else "")
        for a in actions.itertuples() if a.action
    )
    if rounds.empty:
        agreements = ReportSection(title=text("agreements_title", lang), takeaway=text("agreements_empty", lang),
                                   actions=agreement_lines)
    else:
        paired = rounds[rounds["rounds_now"].notna() & rounds["target"].notna()]
        takeaway = text("agreements_takeaway", lang, kinds=counted("n_kinds", len(rounds), lang),
                        now=_n(float(paired["rounds_now"].sum()) if len(paired) else None, lang, 1) or "?",
                        target=_n(float(paired["target"].sum()) if len(paired) else None, lang, 0) or "?")
        table = pd.DataFrame({
            text("col_kind", lang): list(rounds["kind_label"]),
            text("col_reviewers", lang): list(rounds["reviewers"]),
            text("col_criterion", lang): list(rounds["criterion"]),
            text("col_now", lang): list(rounds["rounds_now"]),
            text("col_target", lang): list(rounds["target"]),
            text("col_saved", lang): list(rounds["saved"]),
            text("col_alternatives", lang): list(rounds["alternatives"]),
        })

        def figure():
            from toolkit.charts.content_alignment import rounds_chart

            return rounds_chart(rounds, lang)

        agreements = ReportSection(title=text("agreements_title", lang), takeaway=takeaway, figure=figure,
                                   tables={text("table_agreements", lang): table}, actions=agreement_lines)
    if actions.empty:
        exchange = ReportSection(title=text("exchange_title", lang), takeaway=text("exchange_empty", lang))
    else:
        exchange = ReportSection(
            title=text("exchange_title", lang),
            takeaway=text("exchange_takeaway", lang, actions=counted("n_actions", len(actions), lang),
                          no_owner=int((actions["owner"] == "").sum())),
            tables={text("table_exchange", lang): pd.DataFrame({
                text("col_action", lang): list(actions["action"]),
                text("col_kind", lang): list(actions["kind_label"]),
                text("col_owner", lang): [o or text("no_owner", lang) for o in actions["owner"]],
                text("col_due", lang): list(actions["due"]),
            })},
            actions=action_lines,
        )
    return [agreements, exchange]


def report_sections(snapshot: Snapshot, lang: str, persona: tuple[str, Persona] | None = None) -> list[ReportSection]:
    """The opening remarks, the depth profile, the content on the journey, the review comments
    and their collisions, the drafts against the agreed depth, the agreements and the actions.

    Parameters
    ----------
    snapshot
        A content-alignment session (may be empty).
    lang
        Language of titles, takeaways and column names.
    persona
        ``(code, persona)`` of a brand-persona session to check the drafts against; when
        ``None``, the latest brand-persona session of the snapshot's organisation, in the store
        that holds the session if this process opened it with
        :func:`~toolkit.core.store.get_store` (as ``toolkit serve``, ``toolkit report`` and the
        apps do).
    """
    check_language(lang)
    if persona is None and snapshot.organisation and snapshot.code != "EXAMPLE":
        persona = _store_persona(snapshot)
    sections = [_stereotype_section(snapshot, lang), _depth_section(snapshot, lang),
                _inventory_section(snapshot, lang)]
    sections.extend(_review_sections(snapshot, lang))
    drafts_section = _drafts_section(snapshot, lang, persona)
    if drafts_section is not None:
        sections.append(drafts_section)
    sections.extend(_agreement_sections(snapshot, lang))
    return sections


def _store_persona(snapshot: Snapshot) -> tuple[str, Persona] | None:
    """The organisation's persona from the store that holds ``snapshot``'s session, looked for
    among the stores this process already opened (none is opened or created for it)."""
    from sqlalchemy.exc import SQLAlchemyError

    from toolkit.core.errors import ToolkitError
    from toolkit.core.sessions import get_session
    from toolkit.core.store import open_stores

    for store in open_stores():
        try:
            if get_session(store, snapshot.code).organisation == snapshot.organisation:
                return organisation_persona(store, snapshot.organisation)
        except (ToolkitError, SQLAlchemyError):
            continue
    return None
