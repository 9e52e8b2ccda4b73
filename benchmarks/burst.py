"""The join burst alone, repeated: for working on the participant page's arrival cost.

``python benchmarks/burst.py [--participants 200] [--repeat 3] [--sample 5] [--profile]`` starts
one ``toolkit serve`` on a fresh SQLite file, opens the facilitator's Voila page (as ``make bench``
does), and runs the burst of :func:`benchmarks.web.join_burst` ``--repeat`` times, each on a new
session, printing p50/p95/max and the server's CPU per arrival. ``--profile`` records the server
with py-spy during the bursts (``--profile-out``, a flame graph SVG). The figures of record come
from ``make bench``; this is the same measurement without the rest of the run.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import web  # noqa: E402
from benchmarks.procs import log  # noqa: E402
from benchmarks.run import (  # noqa: E402
    FACILITATOR_POOL,
    cpu_used,
    facilitator_page,
    new_session,
    start_floor,
    start_ours,
)


async def bursts(args, folder: Path) -> list[dict]:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    url = f"sqlite:///{folder / 'toolkit.sqlite'}"
    server = start_ours(folder, url, FACILITATOR_POOL, "serve-burst")
    floor = start_floor(folder) if args.floor else None
    spy = None
    results = []
    try:
        await asyncio.to_thread(server.wait_ready, FACILITATOR_POOL, 180)
        if floor is not None:
            await asyncio.to_thread(floor.wait_ready, 0, 60)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                if args.profile:
                    raw = ["--format", "raw"] if args.profile_out.endswith(".txt") else []
                    gil = ["--gil"] if args.gil else []
                    spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "-p",
                                            str(server.pid), "-o", args.profile_out, "-r", "200", "--nonblocking",
                                            *raw, *gil], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for i in range(args.repeat):
                    if floor is not None:  # the same burst against the floor, just before ours
                        with cpu_used(floor) as used:
                            visitors, burst = await web.join_burst(browser, floor.base, "FLOOR", args.participants,
                                                                   args.sample, floor.pid, not args.browser_competes)
                        await web.close_all(visitors)
                        results.append({"server": "floor", **burst, **used})
                        log(f"floor {i + 1}: p50 {burst['p50_s']} p95 {burst['p95_s']} max {burst['max_s']} s, "
                            f"page p95 {burst['protocol_page_s']['p95']} s, "
                            f"chromium {burst['chromium_tti_s']['p95']} s, "
                            f"server {round(1000 * used['server_cpu_s'] / args.participants, 2)} ms/arrival, "
                            f"browser from the gate {burst['browser_cpu_from_gate_s']} s, failed {burst['failed']}")
                    created = await asyncio.to_thread(new_session, url)
                    fac_context, _ = (await facilitator_page(browser, server, created.code, created.facilitator_key)
                                      if args.facilitator else (None, None))
                    await asyncio.to_thread(server.wait_quiet, 30)
                    with cpu_used(server) as used:
                        visitors, burst = await web.join_burst(browser, server.base, created.code,
                                                               args.participants, args.sample, server.pid,
                                                               not args.browser_competes)
                    await web.close_all(visitors)
                    if fac_context is not None:
                        await fac_context.close()
                    figures = {"server": "toolkit", **burst, **used,
                               "server_ms_per_arrival": round(1000 * used["server_cpu_s"] / args.participants, 2)}
                    results.append(figures)
                    log(f"burst {i + 1}: p50 {burst['p50_s']} p95 {burst['p95_s']} max {burst['max_s']} s, "
                        f"page p95 {burst['protocol_page_s']['p95']} s, chromium {burst['chromium_tti_s']['p95']} s, "
                        f"server {figures['server_ms_per_arrival']} ms/arrival, "
                        f"generator {used['load_generator_cpu_s']} s, kernels {used['kernels_cpu_s']} s, "
                        f"browser {used['browser_cpu_s']} s "
                        f"(from the gate: {burst['browser_cpu_from_gate_s']} s; server "
                        f"{burst['server_cpu_from_gate_s']} s), "
                        f"failed {burst['failed']}, refreshes {burst['refreshes']}")
            finally:
                await browser.close()
    finally:
        if spy is not None:
            spy.send_signal(2)
            with contextlib.suppress(subprocess.TimeoutExpired):
                spy.wait(timeout=60)
        server.stop()
        if floor is not None:
            floor.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5, help="participants in real Chromium pages")
    parser.add_argument("--facilitator", action=argparse.BooleanOptionalAction, default=True,
                        help="keep the facilitator's Voila page open during each burst (as make bench does)")
    parser.add_argument("--floor", action="store_true",
                        help="before each burst, the same burst against benchmarks/floor.py (nothing behind the page)")
    parser.add_argument("--browser-competes", action="store_true",
                        help="the Chromium sample at normal priority, competing with the server (the earlier method)")
    parser.add_argument("--profile", action="store_true", help="record the server with py-spy")
    parser.add_argument("--profile-out", default="burst-profile.svg",
                        help="a flame graph (.svg) or collapsed stacks (.txt)")
    parser.add_argument("--gil", action="store_true", help="profile only the thread holding the GIL (CPU)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="toolkit-burst-"))
    try:
        results = asyncio.run(bursts(args, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
