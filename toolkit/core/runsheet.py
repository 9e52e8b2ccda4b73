"""The run sheet: each phase's planned and actual minutes, and the rest re-balanced on overrun.

Planned minutes come from the definition (``timebox_minutes`` per phase, adding up to
``duration_minutes``); actual minutes from the event log. The clock starts at the first sign of
the workshop running (a participant joining, a timer started or a phase changed: a session is
often created well in advance), and each ``phase.changed`` event closes the time of the phase
left and opens the next; time spent in a phase visited twice adds up.

When a phase runs over its box, the phases still to come are scaled down in proportion so that
the session still ends on time, none below :data:`MIN_MINUTES`; when even that does not fit, the
run sheet says by how many minutes the session will run late (``shortfall``).

Pure: events in, numbers out (no store, no widgets); renderers round for reading.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from toolkit.core.definitions import Workshop

MIN_MINUTES = 1.0  # a phase still to come keeps at least this long when the rest is trimmed
START_EVENTS = frozenset({"participant.joined", "timer.started", "timer.stopped", "phase.changed"})


@dataclass(frozen=True)
class PhaseTime:
    """One line of the run sheet (minutes; ``None`` when unknown).

    ``status`` is ``"done"`` (visited and left), ``"current"`` or ``"todo"``; ``rebalanced`` is
    the time the phase gets now: the actual time of a phase done, the longer of its plan and its
    time so far for the current one, and the re-balanced plan for the phases to come.
    """

    index: int
    phase_id: str
    planned: float | None
    actual: float | None
    rebalanced: float | None
    status: str


@dataclass(frozen=True)
class RunSheet:
    """The whole run sheet of a session at one moment (``now``)."""

    rows: tuple[PhaseTime, ...]
    duration: float  # the workshop's planned minutes in all
    started_at: float | None  # when the clock started (``None``: not yet)
    elapsed: float  # minutes since the start
    current_index: int
    current_elapsed: float  # minutes in the current phase so far
    shortfall: float  # minutes the session runs past ``duration`` even after trimming (0: on time)

    @property
    def current(self) -> PhaseTime:
        return self.rows[self.current_index]

    @property
    def overrun(self) -> float:
        """Minutes the current phase is past its box (0 when within it or it has none)."""
        planned = self.current.planned
        return max(0.0, self.current_elapsed - planned) if planned is not None else 0.0

    @property
    def rebalanced_total(self) -> float:
        """Minutes the session takes on the re-balanced plan."""
        return sum(r.rebalanced or 0.0 for r in self.rows)


def _field(event: Any, name: str) -> Any:
    if isinstance(event, Mapping):
        return event.get(name)
    return getattr(event, name, None)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN


def trim(planned: list[float], available: float, floor: float = MIN_MINUTES) -> tuple[list[float], float]:
    """``planned`` minutes scaled down in proportion to fit in ``available``, none below
    ``floor`` (a plan already that short stays); returns the new minutes and the shortfall
    (the minutes that still do not fit, 0 when they do)."""
    if sum(planned) <= available:
        return list(planned), 0.0
    out = list(planned)
    free = [i for i, p in enumerate(planned) if p > floor]
    while free:
        room = available - sum(m for i, m in enumerate(out) if i not in free)
        factor = max(room, 0.0) / sum(planned[i] for i in free)
        low = [i for i in free if planned[i] * factor < floor]
        if not low:
            for i in free:
                out[i] = planned[i] * factor
            return out, 0.0
        for i in low:
            out[i] = floor
            free.remove(i)
    return out, max(0.0, sum(out) - available)


def run_sheet(workshop: Workshop, events: Iterable[Any], now: float, phase_index: int | None = None) -> RunSheet:
    """The run sheet of a session of ``workshop`` from its event log, at time ``now``.

    ``events`` are the log's events oldest first, as mappings or rows with ``type``, ``at``
    (seconds since the epoch) and ``data``; ``phase_index`` is the session's current phase
    (default: the last ``phase.changed`` event's, else the first phase).
    """
    count = len(workshop.phases)
    spent = [0.0] * count
    visited = [False] * count
    started_at: float | None = None
    current, entered = 0, None
    for event in events:
        type_, at = _field(event, "type"), _number(_field(event, "at"))
        if at is None or type_ not in START_EVENTS:
            continue
        if started_at is None:
            started_at, entered = at, at
            visited[current] = True
        if type_ == "phase.changed":
            data = _field(event, "data") or {}
            to = data.get("to") if isinstance(data, Mapping) else None
            if not isinstance(to, int) or not 0 <= to < count:
                continue
            spent[current] += max(0.0, at - entered) / 60
            current, entered = to, at
            visited[to] = True
    if phase_index is not None and 0 <= phase_index < count and phase_index != current:
        current = phase_index  # the state is newer than the log given
        visited[current] = True
    in_current = max(0.0, now - entered) / 60 if entered is not None else 0.0
    planned = [float(p.timebox_minutes) if p.timebox_minutes is not None else None for p in workshop.phases]
    actual = [spent[i] + (in_current if i == current else 0.0) if visited[i] else None for i in range(count)]
    status = ["current" if i == current else "done" if visited[i] else "todo" for i in range(count)]

    rebalanced: list[float | None] = [None] * count
    used = 0.0
    for i in range(count):
        if status[i] == "done":
            rebalanced[i] = actual[i]
            used += actual[i] or 0.0
        elif status[i] == "current":
            rebalanced[i] = max(planned[i] or 0.0, actual[i] or 0.0)
            used += rebalanced[i]
    todo = [i for i in range(count) if status[i] == "todo" and planned[i] is not None]
    duration = float(workshop.duration_minutes)
    trimmed, shortfall = trim([planned[i] for i in todo], duration - used)
    for i, minutes in zip(todo, trimmed, strict=True):
        rebalanced[i] = minutes
    if not todo:
        shortfall = max(0.0, used - duration)
    rows = tuple(PhaseTime(i, workshop.phases[i].id, planned[i], actual[i], rebalanced[i], status[i])
                 for i in range(count))
    elapsed = max(0.0, now - started_at) / 60 if started_at is not None else 0.0
    return RunSheet(rows=rows, duration=duration, started_at=started_at, elapsed=elapsed, current_index=current,
                    current_elapsed=in_current, shortfall=shortfall)


def planned_total(workshop: Workshop) -> int:
    """The sum of the phases' time boxes (a definition's must equal its ``duration_minutes``)."""
    return sum(p.timebox_minutes or 0 for p in workshop.phases)


def snapshot_run_sheet(snapshot, now: float | None = None, phase_index: int | None = None) -> RunSheet:
    """The run sheet of a :class:`~toolkit.core.snapshot.Snapshot` (its event log); ``now``
    defaults to the time of the last event (a report counts up to the last change), else the
    current time."""
    import time

    from toolkit.core.definitions import get_workshop

    events = snapshot.events
    rows = [] if events is None else [
        {"type": e.type, "at": e.at, "data": e.data} for e in events.itertuples(index=False)
    ]
    if now is None:
        times = [t for t in (_number(r["at"]) for r in rows) if t is not None]
        now = max(times) if times else time.time()
    return run_sheet(get_workshop(snapshot.workshop_id), rows, now, phase_index)
