"""Start a session from an earlier one: what an earlier session's result seeds in the next.

A later workshop of the same organisation builds on an earlier one. :func:`plan` decides, from a
snapshot of the earlier session (pure, no store), what the new session starts with:

- from a DNA mapping: its values (the agreed ones, where the room agreed any) and their KPIs seed
  another DNA mapping (values and KPI forms, each KPI still linked to its value); the values seed
  the brand persona ("we are" notes of its traits phase); the KPI rows
  (:func:`toolkit.methods.aida.kpis_from_dna`) seed the AIDA journey's touchpoints;
- from any session: its agreed items and the actions its report lists, for the facilitator to
  review in the new session (``settings["carried"]["review"]``, shown on the facilitator page).

:func:`start_from` creates the new session and writes the seeds in one transaction, as
contributions of one participant who stands for the earlier session (role "other", named
"From session CODE"), each an ordinary ``contribution.added`` event with ``carried_from``.

The rule for who may do this: what is copied is what the earlier session's report shows, so the
earlier session's facilitator key is required, always (the CLI's ``--from-key``, the lobby's
field), and an earlier session that belongs to an organisation seeds only sessions of that same
organisation (the new session takes it over when none is given).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, update

from toolkit.core import sessions as core
from toolkit.core import store as db
from toolkit.core.definitions import get_workshop
from toolkit.core.errors import ValidationError
from toolkit.core.i18n import translate

if TYPE_CHECKING:
    from toolkit.core.snapshot import Snapshot
    from toolkit.core.store import Store

CARRIED_ROLE = "other"
REVIEW_LIMIT = 20
# The stage a KPI row of a DNA session lands in on the journey: what the DNA KPIs measure
# (response and pickup times, page speed, satisfaction) is mostly the "action" moment; the room
# places each touchpoint where it belongs in the touchpoints phase.
KPI_STAGE = "action"

TEXT: dict[str, dict[str, str]] = {
    "author": {"nl": "Uit sessie {code}", "en": "From session {code}"},
    "skipped": {"nl": "Niet overgenomen: {text}", "en": "Not carried over: {text}"},
}


@dataclass(frozen=True)
class Seed:
    """One contribution the new session starts with.

    ``key`` names it so that a later seed can refer to it; ``refs`` maps a payload field to
    the key of the seed it refers to (the field gets that seed's new id).
    """

    phase: str
    payload: dict[str, Any]
    key: str | None = None
    refs: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return next((str(v) for v in self.payload.values() if isinstance(v, str) and v), "")


@dataclass(frozen=True)
class Carry:
    """What an earlier session gives a new session of ``workshop_id``."""

    source_code: str
    source_workshop: str
    workshop_id: str
    seeds: tuple[Seed, ...]
    review: tuple[str, ...]


@dataclass(frozen=True)
class CarriedSession:
    """The new session (code and key, once) and what it was given."""

    created: core.CreatedSession
    source_code: str
    seeded: dict[str, int]
    review: tuple[str, ...]


def text(key: str, lang: str, **params: object) -> str:
    return translate(TEXT, key, lang, **params)


# -- what carries over (pure) -------------------------------------------------------------------

def _agreed(snapshot: Snapshot) -> dict[int, str]:
    """The agreed contributions of a (curated) snapshot: id -> the agreed wording."""
    rows = snapshot.contributions
    if "agreed" not in rows.columns:
        return {}
    return {int(i): str(t) for i, a, t in zip(rows["id"], rows["agreed"], rows["agreed_text"], strict=True)
            if a is True or a == 1}


def _dna_values(snapshot: Snapshot) -> list[tuple[int, str, str]]:
    """``(id, value, promise)`` of the DNA values: the agreed ones (in their agreed wording)
    where the room agreed any."""
    from toolkit.methods import dna

    values = dna.values_table(snapshot)
    rows = [(int(i), v, p) for i, v, p in zip(values["value_id"], values["value"], values["promise_text"],
                                             strict=True) if v]
    agreed = _agreed(snapshot)
    chosen = [(i, agreed[i] or v, p) for i, v, p in rows if i in agreed]
    return chosen or rows


def _dna_seeds(snapshot: Snapshot, workshop_id: str, lang: str) -> list[Seed]:
    values = _dna_values(snapshot)
    if workshop_id == "dna-mapping":
        seeds = [Seed("values", {"value": v, **({"promise": p} if p else {})}, key=f"v{i}") for i, v, p in values]
        kept = {str(i) for i, _v, _p in values}
        kpis = snapshot.of_kind("form", "kpis")
        for _, row in kpis.iterrows():
            ref = str(row.get("value", ""))
            if ref not in kept:
                continue
            payload = {k: str(row[k]) for k in ("channel", "kpi", "target", "owner")
                       if k in row and isinstance(row[k], str) and row[k]}
            seeds.append(Seed("kpis", payload, refs={"value": f"v{ref}"}))
        return seeds
    if workshop_id == "brand-persona":
        return [Seed("traits", {"text": v, "prompt": "we_are"}) for _i, v, _p in values]
    if workshop_id == "aida-journey":
        from toolkit.methods.aida import kpis_from_dna

        seeds = []
        owners = {o.id: o.id for o in get_workshop("aida-journey").lists.get("owners", ())}
        owners.update({o.label(lang).lower(): o.id for o in get_workshop("aida-journey").lists.get("owners", ())})
        for row in kpis_from_dna(snapshot, lang).itertuples(index=False):
            if not row.kpi:
                continue
            payload = {"touchpoint": f"{row.channel} ({row.value})" if row.channel and row.value
                       else (row.channel or row.value), "stage": KPI_STAGE, "kpi": row.kpi}
            if row.channel:
                payload["channel"] = row.channel
            if row.target:
                payload["target"] = row.target
            owner = owners.get(str(row.owner).strip().lower())
            if owner:
                payload["owner"] = owner
            seeds.append(Seed("touchpoints", payload))
        return seeds
    return []


def _review(snapshot: Snapshot, lang: str) -> list[str]:
    """The earlier session's agreed items (in their agreed wording), then the actions its report lists."""
    from toolkit.methods import method_module

    out = list(_agreed(snapshot).values())
    module = method_module(snapshot.workshop_id)
    if module is not None:
        for section in module.report_sections(snapshot, lang):
            out.extend(str(a) for a in section.actions)
    seen: set[str] = set()
    return [a for a in out if a and not (a in seen or seen.add(a))][:REVIEW_LIMIT]


def plan(snapshot: Snapshot, workshop_id: str, lang: str | None = None) -> Carry:
    """What the session in ``snapshot`` (curated, as :func:`toolkit.core.sessions.snapshot`
    gives it: hidden and merged contributions left out, agreed ones marked) gives a new session
    of ``workshop_id``; ``lang`` is the new session's language."""
    workshop = get_workshop(workshop_id)
    lang = lang or snapshot.language
    seeds = _dna_seeds(snapshot, workshop.id, lang) if snapshot.workshop_id == "dna-mapping" else []
    return Carry(snapshot.code, snapshot.workshop_id, workshop.id, tuple(seeds), tuple(_review(snapshot, lang)))


# -- writing it (one transaction) ---------------------------------------------------------------

def _check_organisation(earlier: core.SessionState, organisation: str | None, lang: str) -> str | None:
    if earlier.organisation and organisation and organisation.strip() != earlier.organisation:
        raise ValidationError("carry_other_organisation", lang, organisation=earlier.organisation)
    return organisation or earlier.organisation


def start_from(store: Store, workshop_id: str, earlier_code: str, earlier_key: str, *, language: str | None = None,
               anonymous: bool = False, organisation: str | None = None) -> CarriedSession:
    """Create a session of ``workshop_id`` that starts from the session ``earlier_code``.

    ``earlier_key`` is that session's facilitator key (``PermissionDenied`` when wrong); the new
    session is in ``language`` (default: the earlier one's) and of the earlier session's
    organisation (``ValidationError`` when another one is asked for).
    """
    earlier = core.check_facilitator(store, earlier_code, earlier_key)
    lang = language or earlier.language
    get_workshop(workshop_id)
    organisation = _check_organisation(earlier, organisation, lang)
    carry = plan(core.snapshot(store, earlier.code), workshop_id, lang)
    created = core.create_session(store, workshop_id, lang, anonymous, organisation)
    seeded, review = _write(store, created, carry)
    return CarriedSession(created, earlier.code, seeded, review)


def _write(store: Store, created: core.CreatedSession, carry: Carry) -> tuple[dict[str, int], tuple[str, ...]]:
    seeded: dict[str, int] = {}
    review = list(carry.review)
    with store.write() as conn:
        state = core._state_from_row(core._session_row(conn, created.code))
        lang = state.language
        name = None if state.anonymous else text("author", lang, code=carry.source_code)
        now = core._now()
        pid = conn.execute(insert(db.participants).values(
            session_id=state.id, token_hash=core._token_hash(secrets.token_urlsafe(18)), name=name,
            role=CARRIED_ROLE, joined_at=now,
        ).returning(db.participants.c.id)).scalar_one()
        core._bump(conn, state.id, f"p{pid}", "participant.joined",
                   {"participant": pid, "role": CARRIED_ROLE, "name": name, "carried_from": carry.source_code})
        ids: dict[str, int] = {}
        for seed in carry.seeds:
            phase = state.workshop.phase(seed.phase)
            if any(k not in ids for k in seed.refs.values()):
                continue  # what it refers to did not carry over
            payload = {**seed.payload, **{f: str(ids[k]) for f, k in seed.refs.items()}}
            try:
                clean = core._clean_payload(conn, state, phase, payload)
            except ValidationError:  # e.g. a channel the new session's list no longer has
                review.append(text("skipped", lang, text=seed.text))
                continue
            cid = conn.execute(insert(db.contributions).values(
                session_id=state.id, participant_id=pid, phase=phase.id, kind=phase.input, payload=clean,
                created_at=now, updated_at=now,
            ).returning(db.contributions.c.id)).scalar_one()
            core._bump(conn, state.id, f"p{pid}", "contribution.added",
                       {"id": cid, "phase": phase.id, "kind": phase.input, "payload": clean, "role": CARRIED_ROLE,
                        "name": name, "carried_from": carry.source_code})
            if seed.key:
                ids[seed.key] = cid
            seeded[phase.id] = seeded.get(phase.id, 0) + 1
        review = review[:REVIEW_LIMIT]
        carried = {"from": carry.source_code, "workshop": carry.source_workshop, "seeded": seeded,
                   "review": review}
        conn.execute(update(db.sessions).where(db.sessions.c.id == state.id)
                     .values(settings={**state.settings, "carried": carried}))
        core._bump(conn, state.id, core.FACILITATOR, "session.carried", carried)
    return seeded, tuple(review)


def carried(state: core.SessionState) -> dict[str, Any] | None:
    """What the session was given by an earlier one (``from``, ``workshop``, ``seeded``,
    ``review``), or ``None``."""
    value = state.settings.get("carried") if isinstance(state.settings, dict) else None
    return value if isinstance(value, dict) else None


def comparison_snapshots(store: Store, before_code: str, before_key: str, after_code: str,
                         after_key: str) -> tuple[Snapshot, Snapshot]:
    """Snapshots of two sessions to compare (before, after): each needs its facilitator key, as
    its report does on a served page."""
    before = core.check_facilitator(store, before_code, before_key)
    after = core.check_facilitator(store, after_code, after_key)
    return core.snapshot(store, before.code), core.snapshot(store, after.code)
