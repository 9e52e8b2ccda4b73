"""Two ``toolkit serve`` processes on one PostgreSQL serving one session (``make bench`` with
``--two-servers``, or on its own).

N participants (200) open the link at one moment, alternately on server A and server B (as a load
balancer without sticky sessions would send them); then one participant on server A writes
notes, and every other participant's live channel notes when each arrives: on server B a note
arrives only through PostgreSQL (LISTEN/NOTIFY wakes B's watcher). Protocol-level clients
(:class:`benchmarks.web.Visitor`); only 127.0.0.1 is contacted; the cluster, both servers and
their kernels are removed at the end.

Usage: ``python benchmarks/two_servers.py [--participants N] [--rate R] [--seconds S] [--servers 1]``;
on its own it writes ``benchmarks/results/two_servers.json`` (``--servers 1``: the same run on one
server, for comparison, ``one_server_pg.json``).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.procs import PostgresCluster, Server, free_port, log, rss_mb  # noqa: E402
from benchmarks.stats import pct, r3, summary  # noqa: E402
from benchmarks.web import Visitor, close_all  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "two_servers.json"
MISSING_S = 15.0


def start_server(folder: Path, store_url: str, name: str) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TOOLKIT_DB", "TOOLKIT_PUBLIC_URL")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--warm", "1", "--db", store_url]
    return Server(name, argv, port, folder, env)


def revealed_session(store_url: str) -> tuple[str, str]:
    """A brainstorm session whose (silent) first phase is revealed, so every page shows every note."""
    from toolkit.core.sessions import create_session, set_revealed
    from toolkit.core.store import Store

    store = Store(store_url)
    try:
        created = create_session(store, "brainstorm", "en")
        set_revealed(store, created.code, created.facilitator_key, True)
        return created.code, created.facilitator_key
    finally:
        store.dispose()


async def burst(servers: list[Server], code: str, participants: int) -> tuple[list[Visitor], dict]:
    visitors = [Visitor("127.0.0.1", servers[i % len(servers)].port, code, i + 1) for i in range(participants)]
    gate = asyncio.Event()
    tasks = [asyncio.create_task(v.join(gate)) for v in visitors]
    await asyncio.sleep(0.5)  # every visitor waits at the gate
    gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    ok = [v for v, r in zip(visitors, results, strict=True) if not isinstance(r, BaseException)]
    failures = [repr(r)[:200] for r in results if isinstance(r, BaseException)]
    every = [v.live_s for v in ok] + [MISSING_S] * len(failures)
    figures = {"join_p50_s": r3(pct(every, 0.5)), "join_p95_s": r3(pct(every, 0.95)),
               "join_max_s": r3(max(every) if every else None), "join_failed": len(failures),
               "join_failures": failures[:3]}
    for index, server in enumerate(servers):
        figures[f"join_{'ab'[index]}_s"] = summary([v.live_s for v in ok if v.port == server.port])
    return ok, figures


async def cross_latency(servers: list[Server], visitors: list[Visitor], rate: float, seconds: float) -> dict:
    """A participant on server A writes ``rate`` notes a second for ``seconds``; how long until each
    shows in every other live channel, split by the watcher's server."""
    poster = next(v for v in visitors if v.port == servers[0].port)
    others = [v for v in visitors if v is not poster]
    sent, refused = [], 0
    count = max(1, int(rate * seconds))
    start = time.perf_counter() + 0.3
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        tag, at = f"{i:04d}", time.time()
        answer = await poster.add_note(f"Bench note BN{tag}X from server A")
        if answer.status == 200:
            sent.append((tag, at))
        else:
            refused += 1
    deadline = time.monotonic() + MISSING_S
    while time.monotonic() < deadline and not all(tag in v.seen for v in others for tag, _ in sent):
        await asyncio.sleep(0.25)
    figures: dict = {"notes_sent": len(sent), "notes_refused": refused, "notes_per_second": rate}
    for index, server in enumerate(servers):
        watching = [v for v in others if v.port == server.port]
        delays = [v.seen[tag] - at if tag in v.seen else None for v in watching for tag, at in sent]
        counted = [d for d in delays if d is not None] + [MISSING_S] * sum(d is None for d in delays)
        side = "ab"[index]
        figures.update({f"pages_{side}_watching": len(watching),
                        f"pages_{side}_latency_p50_s": r3(pct(counted, 0.5)),
                        f"pages_{side}_latency_p95_s": r3(pct(counted, 0.95)),
                        f"pages_{side}_latency_max_s": r3(max(counted) if counted else None),
                        f"pages_{side}_missing": sum(d is None for d in delays)})
    return figures


async def measure(folder: Path, cleanup: list, participants: int = 200, rate: float = 2.0,
                  seconds: float = 20.0, count: int = 2) -> dict:
    """The whole run on ``count`` servers (1: the same run on one server, for comparison);
    ``cleanup`` collects the stops, for the caller's ``finally``."""
    cluster = PostgresCluster(folder)
    cleanup.append(cluster.stop)
    url = cluster.start()
    servers = [start_server(folder, url, f"two-servers-{side}") for side in "ab"[:count]]
    cleanup.extend(s.stop for s in servers)
    for server in servers:
        await asyncio.to_thread(server.wait_ready, 1, 180)
    code, _key = await asyncio.to_thread(revealed_session, url)
    log(f"{count} server(s) on one PostgreSQL: a join burst of {participants}, spread over them")
    visitors, figures = await burst(servers, code, participants)
    figures.update(participants=participants, servers=count)
    log(f"  p95 {figures['join_p95_s']} s, failed {figures['join_failed']}")
    try:
        await asyncio.sleep(1.0)
        log(f"  notes from server A, {rate}/s for {seconds} s, to every page on A and B")
        figures.update(await cross_latency(servers, visitors, rate, seconds))
        log(f"  p95 on A {figures['pages_a_latency_p95_s']} s, on B {figures.get('pages_b_latency_p95_s')} s")
        figures.update({f"server_{side}_rss_mb": rss_mb(s.pid) for side, s in zip("ab", servers, strict=False)})
    finally:
        await close_all(visitors)
    for server in servers:
        server.stop()
    cluster.stop()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--rate", type=float, default=2.0, help="notes per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long notes are written")
    parser.add_argument("--servers", type=int, choices=[1, 2], default=2, help="1: the same run on one server")
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="toolkit-two-servers-"))
    os.chmod(folder, 0o755)  # noqa: S103 the postgres user must reach its cluster folder inside
    cleanup: list = []
    try:
        figures = asyncio.run(measure(folder, cleanup, args.participants, args.rate, args.seconds, args.servers))
    finally:
        for stop in reversed(cleanup):
            with contextlib.suppress(Exception):
                stop()
        shutil.rmtree(folder, ignore_errors=True)
    text = json.dumps({"command": "python benchmarks/two_servers.py " + " ".join(argv or sys.argv[1:]),
                       "load_average_at_end": [round(x, 2) for x in os.getloadavg()], "figures": figures}, indent=2)
    print(text)
    if not args.no_write:
        (RESULTS if args.servers == 2 else RESULTS.with_name("one_server_pg.json")).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
