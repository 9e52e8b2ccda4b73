"""The run sheet: planned minutes from the definition, actual minutes from the event log, and the
rest re-balanced when a phase overruns; every definition's time boxes add up to its total."""
from __future__ import annotations

import pytest

from toolkit.core import sessions as core
from toolkit.core.definitions import definition_paths, get_workshop, load_workshop
from toolkit.core.runsheet import planned_total, run_sheet, snapshot_run_sheet, trim

T0 = 1_800_000_000.0  # a fixed start (seconds since the epoch)


def minutes(m: float) -> float:
    return T0 + m * 60


def change(at_minute: float, to: int) -> dict:
    return {"type": "phase.changed", "at": minutes(at_minute), "data": {"to": to}}


@pytest.mark.parametrize("path", definition_paths(), ids=lambda p: p.stem)
def test_every_definitions_time_boxes_add_up_to_its_duration(path):
    workshop = load_workshop(path)
    missing = [p.id for p in workshop.phases if p.timebox_minutes is None]
    assert not missing, f"{path.name}: phases without timebox_minutes: {missing}"
    assert planned_total(workshop) == workshop.duration_minutes, (
        f"{path.name}: the time boxes add up to {planned_total(workshop)} minutes, "
        f"duration_minutes says {workshop.duration_minutes}")


def test_brainstorm_on_plan():
    # brainstorm: ideas 12, vote 6, rate 12, results 15 (45 in all)
    ws = get_workshop("brainstorm")
    sheet = run_sheet(ws, [{"type": "participant.joined", "at": minutes(0), "data": {}},
                           change(12, 1), change(18, 2)], now=minutes(20))
    assert [r.planned for r in sheet.rows] == [12, 6, 12, 15]
    assert [r.actual for r in sheet.rows] == [12, 6, 2, None]
    assert [r.status for r in sheet.rows] == ["done", "done", "current", "todo"]
    assert sheet.current_index == 2 and sheet.current_elapsed == 2
    assert [r.rebalanced for r in sheet.rows] == [12, 6, 12, 15]
    assert sheet.shortfall == 0 and sheet.overrun == 0 and sheet.elapsed == 20


def test_an_overrun_trims_the_rest_in_proportion():
    ws = get_workshop("brainstorm")
    # ideas took 21 minutes instead of 12; the vote has been open 6 minutes (on plan)
    sheet = run_sheet(ws, [change(0, 0), change(21, 1)], now=minutes(27))
    assert sheet.rows[0].actual == 21
    # 45 - 21 - 6 = 18 minutes left for rate (12) and results (15): both scaled by 18/27
    assert sheet.rows[2].rebalanced == pytest.approx(8)
    assert sheet.rows[3].rebalanced == pytest.approx(10)
    assert sheet.rebalanced_total == pytest.approx(45)
    assert sheet.shortfall == 0


def test_the_current_phase_overrunning_counts_and_the_shortfall_shows_when_nothing_fits():
    ws = get_workshop("brainstorm")
    sheet = run_sheet(ws, [change(0, 0)], now=minutes(44))
    assert sheet.current_index == 0 and sheet.overrun == pytest.approx(32)
    # 45 - 44 = 1 minute for three phases: each keeps 1 minute, 2 minutes short
    assert [r.rebalanced for r in sheet.rows[1:]] == [1, 1, 1]
    assert sheet.shortfall == pytest.approx(2)


def test_a_phase_visited_twice_adds_up_and_the_clock_waits_for_the_workshop():
    ws = get_workshop("brainstorm")
    events = [{"type": "session.created", "at": minutes(-600), "data": {}},  # created the day before
              {"type": "timer.started", "at": minutes(0), "data": {}},
              change(10, 1), change(13, 0), change(15, 1), change(20, 2)]
    sheet = run_sheet(ws, events, now=minutes(21))
    assert sheet.started_at == minutes(0)
    assert sheet.rows[0].actual == 12 and sheet.rows[1].actual == 8


def test_not_started():
    sheet = run_sheet(get_workshop("brainstorm"), [{"type": "session.created", "at": T0, "data": {}}], now=T0 + 999)
    assert sheet.started_at is None and sheet.elapsed == 0
    assert [r.actual for r in sheet.rows] == [None, None, None, None]
    assert [r.rebalanced for r in sheet.rows] == [12, 6, 12, 15]


def test_trim_keeps_short_phases_and_scales_the_rest():
    assert trim([10, 20], 40) == ([10, 20], 0.0)
    out, short = trim([1, 10, 20], 16)
    assert out == pytest.approx([1, 5, 10]) and short == 0
    out, short = trim([4, 40], 10)
    assert out == pytest.approx([1, 9]) and short == 0  # 4 * 10/44 < 1: it keeps 1, the rest gets 9
    assert trim([5, 5], 0) == ([1, 1], 2.0)


def test_a_session_stepped_through_with_the_real_store(store):
    """Steps through a real session; the event log's times are read back and shifted onto a
    controlled clock (the store writes the real time), then the run sheet is read from them."""
    created = core.create_session(store, "brainstorm", "en")
    code, key = created.code, created.facilitator_key
    core.join(store, code, "marketing", "Ann")
    core.start_timer(store, code, key, 12)
    core.next_phase(store, code, key)
    core.next_phase(store, code, key)
    snap = core.snapshot(store, code)
    clock = {"participant.joined": 0, "timer.started": 1}
    steps = iter([14, 20])  # minutes: ideas ran 2 minutes over, the vote took 6
    rows = []
    for e in snap.events.itertuples(index=False):
        at = None
        if e.type in clock:
            at = minutes(clock[e.type])
        elif e.type == "phase.changed":
            at = minutes(next(steps))
        rows.append({"type": e.type, "at": at, "data": e.data})
    state = core.get_session(store, code)
    sheet = run_sheet(state.workshop, rows, now=minutes(25), phase_index=state.phase_index)
    assert [r.planned for r in sheet.rows] == [12, 6, 12, 15]
    assert [r.actual for r in sheet.rows] == [14, 6, 5, None]
    assert sheet.current_index == 2
    assert sheet.rows[3].rebalanced == pytest.approx(13)  # 45 - 14 - 6 - 12
    # from the snapshot itself (real times: all within the test's few seconds)
    real = snapshot_run_sheet(snap)
    assert real.current_index == 2 and real.rows[0].actual < 1 and real.rows[3].actual is None
