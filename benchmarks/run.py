"""``make bench``: the performance figures of DESIGN.md, measured on this machine in one run.

What it measures (see docs/benchmarks.md for the method and the findings):

1. time to an interactive participant page, side by side with a bare Voila notebook;
2. a join burst of N participants opening the link at the same moment;
3. note-to-board latency with N participants connected (SQLite store);
4. RSS of a participant kernel, a bare kernel and the server;
5. all charts and the full report for a session with 1,000 contributions;
6. the note-to-board latency again with PostgreSQL as the store.

Usage: ``python benchmarks/run.py [--participants N] [--loads K] [--no-pg] [--quick]``.
Writes ``benchmarks/results/latest.json`` and the results block of ``docs/benchmarks.md``.
Every server, kernel, database cluster and temporary folder it starts is removed at the end,
also after an error or Ctrl-C. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import glob
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BARE_DIR = ROOT / "benchmarks" / "bare"
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
DOC = ROOT / "docs" / "benchmarks.md"
LIVE = "live.ipynb"
BARE = "bare.ipynb"
LOAD_TIMEOUT_S = 90
T0 = time.monotonic()

TARGETS = {
    "tti_ratio_vs_bare_voila": ("<=", 1.2, "participant page interactive within 1.2x a bare Voila page"),
    "join_burst_p95_s": ("<=", 3.0, "p95 time to an interactive page, N at once"),
    "board_latency_p95_s": ("<=", 0.5, "p95 note-to-board latency, SQLite store"),
    "pg_board_latency_p95_s": ("<=", 0.5, "p95 note-to-board latency, PostgreSQL store"),
    "participant_kernel_rss_mb": ("<=", 70.0, "RSS of an idle joined participant kernel"),
    "report_1000_max_s": ("<=", 5.0, "slowest report format, 1,000 contributions, charts included"),
    "charts_1000_seconds": ("<=", 5.0, "every chart of the report, 1,000 contributions"),
}


def log(message: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


# -- processes ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces: split after its closing parenthesis.
    return [str(pid), "comm", *raw[raw.rindex(")") + 2:].split()]


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and fields[3] == str(pid):
                found.append(int(entry))
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kernel_pids(server_pid: int) -> dict[str, int]:
    """``{kernel_id: pid}`` of the ipykernel processes that are children of ``server_pid``."""
    found = {}
    for pid in children(server_pid):
        match = re.search(r"ipykernel_launcher .*kernel-([0-9a-f-]{36})\.json", cmdline(pid))
        if match:
            found[match.group(1)] = pid
    return found


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[13]) + int(fields[14])
    return total / ticks


class Server:
    """A Voila server started by this run; :meth:`stop` ends it and every kernel it started."""

    def __init__(self, name: str, argv: list[str], port: int, folder: Path, env: dict[str, str]) -> None:
        self.name = name
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = folder / f"{name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.kernels_seen: set[int] = set()
        self.process = subprocess.Popen(argv, cwd=folder, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def tree(self) -> list[int]:
        kernels = list(kernel_pids(self.pid).values())
        self.kernels_seen.update(kernels)
        return [self.pid, *kernels]

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"{self.base}/health", timeout=3) as response:  # noqa: S310
                return json.loads(response.read())
        except (OSError, ValueError):
            return None

    def tail(self) -> str:
        try:
            return self.log_path.read_text()[-3000:]
        except OSError:
            return ""

    def wait_ready(self, kernels: int, timeout: float) -> float:
        """Wait until ``kernels`` kernels run and their pre-rendering is over (CPU quiet)."""
        start = time.monotonic()
        deadline = start + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited:\n{self.tail()}")
            state = self.health()
            if state and state.get("kernels", 0) >= kernels:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"{self.name} server did not start {kernels} kernels within {timeout:.0f} s")
        self.wait_quiet(max(5.0, deadline - time.monotonic()))
        return time.monotonic() - start

    def wait_quiet(self, timeout: float, threshold: float = 0.12, windows: int = 2) -> float:
        """Wait until the server and its kernels use less than ``threshold`` CPU for ``windows`` s."""
        start = time.monotonic()
        quiet = 0
        while time.monotonic() - start < timeout and quiet < windows:
            pids = self.tree()
            before = cpu_seconds(pids)
            time.sleep(1.0)
            used = cpu_seconds(pids) - before
            quiet = quiet + 1 if used < threshold else 0
        return time.monotonic() - start

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.tree()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # Kernels run in process groups of their own: end those this server left behind.
        for pid in self.kernels_seen:
            if "ipykernel_launcher" in cmdline(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self._log.close()


class PostgresCluster:
    """A throwaway PostgreSQL cluster owned by the ``postgres`` user, on 127.0.0.1 only."""

    def __init__(self, folder: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise RuntimeError("PostgreSQL is missing (/usr/lib/postgresql/*/bin): install Debian's "
                               "postgresql package or run with --no-pg")
        self.bin = Path(bins[-1])
        self.dir = folder / "pg"
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.started = False

    def _run(self, *argv: str, timeout: float = 60) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *argv], check=True, timeout=timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> str:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=400 "
                   "-c fsync=off -c shared_buffers=128MB")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "pg.log"),
                  "-w", "-t", "60", "start", timeout=90)
        self.started = True
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(Exception):
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False


# -- statistics -----------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1), linear between the closest ranks; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def r3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": r3(pct(values, 0.5)), "p95": r3(pct(values, 0.95)),
            "max": r3(max(values) if values else None)}


# -- browser pages ------------------------------------------------------------------------------------

KERNEL_ID_JS = """() => {
  const el = document.getElementById('jupyter-config-data');
  try { return JSON.parse(el.textContent).kernelId || null; } catch (e) { return null; }
}"""
RESPONSE_END_JS = "() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseEnd : null; }"


async def new_page(browser, width: int = 1100, height: int = 900):
    context = await browser.new_context(viewport={"width": width, "height": height})
    return context, await context.new_page()


async def load_interactive(page, url: str, kind: str) -> dict:
    """Open ``url`` until the page is interactive; ``kind`` is ``ours`` or ``bare``."""
    start = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
    ms = LOAD_TIMEOUT_S * 1000
    if kind == "ours":
        await page.locator(".tk-join-submit").click(trial=True, timeout=ms)
        name = page.locator(".tk-join-name input")
        await name.press_sequentially("Bo", timeout=ms)
        if await name.input_value() != "Bo":
            raise RuntimeError("the name field did not take typed text")
    else:
        await page.locator(".bench-bare-button").click(timeout=ms)
    elapsed = time.perf_counter() - start
    response_end = await page.evaluate(RESPONSE_END_JS)
    kernel = await page.evaluate(KERNEL_ID_JS)
    return {"tti_s": elapsed, "response_end_s": (response_end or 0) / 1000, "kernel": kernel}


def http_load(url: str, cookie: str | None, go: threading.Event) -> dict:
    """A plain page load: GET until the (streamed) page is complete."""
    request = urllib.request.Request(url)  # noqa: S310 (always http://127.0.0.1)
    if cookie:
        request.add_header("Cookie", cookie)
    go.wait(timeout=120)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=LOAD_TIMEOUT_S) as response:  # noqa: S310
        body = response.read().decode("utf-8", errors="replace")
        status = response.status
    elapsed = time.perf_counter() - start
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', body)
    if status != 200 or not match:
        raise RuntimeError(f"page load failed: HTTP {status}")
    return {"load_s": elapsed, "kernel": match.group(1)}


# -- 1. time to interactive, side by side ---------------------------------------------------------

async def measure_tti(browser, ours: Server, bare: Server, code: str, loads: int) -> dict:
    ours_url = f"{ours.base}/voila/render/{LIVE}?session={code}"
    bare_url = f"{bare.base}/voila/render/{BARE}"
    times: dict[str, list[dict]] = {"ours": [], "bare": []}
    rss: dict[str, list[float]] = {"ours": [], "bare": []}
    for i in range(loads + 1):  # the first pair warms the browser and is not counted
        for kind, server, url in (("bare", bare, bare_url), ("ours", ours, ours_url)):
            context, page = await new_page(browser)
            try:
                result = await load_interactive(page, url, kind)
                await asyncio.sleep(0.5)
                pid = kernel_pids(server.pid).get(result["kernel"] or "")
                if i > 0:
                    times[kind].append(result)
                    if pid and rss_mb(pid):
                        rss[kind].append(rss_mb(pid))
            finally:
                await context.close()
            await asyncio.to_thread(server.wait_quiet, 30)
        if i > 0:
            log(f"  load {i}: bare {times['bare'][-1]['tti_s']:.2f} s, ours {times['ours'][-1]['tti_s']:.2f} s")
    ours_med = statistics.median(r["tti_s"] for r in times["ours"])
    bare_med = statistics.median(r["tti_s"] for r in times["bare"])
    return {
        "tti_ratio_vs_bare_voila": round(ours_med / bare_med, 3),
        "tti_participant_median_s": r3(ours_med),
        "tti_bare_voila_median_s": r3(bare_med),
        "tti_participant_loads_s": [r3(r["tti_s"]) for r in times["ours"]],
        "tti_bare_voila_loads_s": [r3(r["tti_s"]) for r in times["bare"]],
        "tti_participant_response_end_median_s": r3(statistics.median(r["response_end_s"] for r in times["ours"])),
        "tti_bare_voila_response_end_median_s": r3(statistics.median(r["response_end_s"] for r in times["bare"])),
        "join_form_kernel_rss_mb": r3(statistics.median(rss["ours"])) if rss["ours"] else None,
        "bare_kernel_rss_mb": r3(statistics.median(rss["bare"])) if rss["bare"] else None,
    }


# -- 2. join burst ----------------------------------------------------------------------------------

ROLES = ("marketing", "specialist", "it", "service", "sales", "management")


def prejoin(store_url: str, code: str, count: int) -> list:
    from toolkit.core import sessions as core
    from toolkit.core.store import Store

    store = Store(store_url)
    people = [core.join(store, code, ROLES[i % len(ROLES)], f"Bench {i + 1:02d}") for i in range(count)]
    store.dispose()
    return people


async def join_burst(browser, server: Server, code: str, participants: int, sample: int, people: list) -> dict:
    """``sample`` Chromium pages (new visitors) and ``participants - sample`` plain page loads
    (participants resuming with their cookie), all started at the same moment."""
    url = f"{server.base}/voila/render/{LIVE}?session={code}"
    pages = [await new_page(browser, 420, 900) for _ in range(sample)]
    go = threading.Event()
    loop = asyncio.get_running_loop()
    http = [loop.run_in_executor(None, http_load, url, f"tk_{code}={p.token}", go) for p in people]
    await asyncio.sleep(0.3)  # every thread is waiting at the gate
    go.set()
    browser_results = await asyncio.gather(*(load_interactive(page, url, "ours") for _, page in pages),
                                           return_exceptions=True)
    http_results = await asyncio.gather(*http, return_exceptions=True)
    failures = [repr(r) for r in (*browser_results, *http_results) if isinstance(r, BaseException)]
    browser_ok = [r for r in browser_results if not isinstance(r, BaseException)]
    http_ok = [r for r in http_results if not isinstance(r, BaseException)]
    tti = [r["tti_s"] for r in browser_ok]
    loads = [r["load_s"] for r in http_ok]
    # The browser's own part (widget scripts, kernel websocket, first widget render), measured on
    # the sample under the same burst: added to the plain loads to estimate their interactive time.
    client = statistics.median(r["tti_s"] - r["response_end_s"] for r in browser_ok) if browser_ok else 0.0
    estimated = tti + [x + client for x in loads] + [LOAD_TIMEOUT_S] * len(failures)
    return {
        "pages": pages,
        "kernels": [r["kernel"] for r in (*browser_ok, *http_ok) if r.get("kernel")],
        "figures": {
            "join_burst_participants": participants,
            "join_burst_p95_s": r3(pct(estimated, 0.95)),
            "join_burst_p50_s": r3(pct(estimated, 0.5)),
            "join_burst_max_s": r3(max(estimated) if estimated else None),
            "join_burst_browser_tti_s": summary(tti),
            "join_burst_http_load_s": summary(loads),
            "join_burst_client_part_median_s": r3(client),
            "join_burst_failures": failures[:5],
            "join_burst_failed": len(failures),
        },
    }


# -- 3. note-to-board latency ---------------------------------------------------------------------

OBSERVER_JS = """() => {
  window.__seen = {};
  const scan = () => {
    const board = document.querySelector('.tk-board');
    if (!board) return;
    const now = Date.now();
    const re = /BN(\\d{4})X/g;
    const text = board.textContent;
    let m;
    while ((m = re.exec(text)) !== null) { if (!(m[1] in window.__seen)) window.__seen[m[1]] = now; }
  };
  new MutationObserver(scan).observe(document.body, {subtree: true, childList: true, characterData: true});
  scan();
  return true;
}"""


async def join_in_page(page, name: str, role_label: str) -> None:
    ms = 2 * LOAD_TIMEOUT_S * 1000  # a page of the burst may still be loading
    await page.fill(".tk-join-name input", name, timeout=ms)
    await page.locator(".tk-join-role select").select_option(label=role_label, timeout=ms)
    await page.click(".tk-join-submit", timeout=ms)
    await page.wait_for_selector(".tk-phase", timeout=ms)


async def facilitator_page(browser, server: Server, code: str, key: str):
    context, page = await new_page(browser, 1280, 1000)
    ms = LOAD_TIMEOUT_S * 1000
    await page.goto(f"{server.base}/voila/render/{LIVE}?session={code}&view=facilitator", wait_until="commit",
                    timeout=ms)
    await page.fill(".tk-facilitator-key input", key, timeout=ms)
    await page.click(".tk-facilitator-unlock", timeout=ms)
    await page.wait_for_selector(".tk-next-phase", state="visible", timeout=ms)
    await page.wait_for_selector(".tk-board", state="attached", timeout=ms)
    return context, page


async def board_latency(fac, store_url: str, code: str, pages: list, people: list, rate: float, seconds: float,
                        folder: Path) -> dict:
    from toolkit.core.i18n import role_label

    started = time.monotonic()
    joined = await asyncio.gather(*(join_in_page(page, f"Browser {i + 1}", role_label(ROLES[i % len(ROLES)], "en"))
                                    for i, (_, page) in enumerate(pages)), return_exceptions=True)
    failed = [repr(x)[:200] for x in joined if isinstance(x, BaseException)]
    pages = [p for p, x in zip(pages, joined, strict=True) if not isinstance(x, BaseException)]
    log(f"  {len(pages)} browser participants joined ({len(failed)} failed) in {time.monotonic() - started:.1f} s")
    watched = [("facilitator", fac)] + [(f"participant{i + 1}", page) for i, (_, page) in enumerate(pages)]
    for _, page in watched:
        await page.evaluate(OBSERVER_JS)
    tokens = folder / f"tokens-{code}.json"
    tokens.write_text(json.dumps([p.token for p in people]))
    out = folder / f"submitted-{code}.json"
    argv = [sys.executable, str(Path(__file__).resolve()), "_submit", "--db", store_url, "--code", code,
            "--tokens", str(tokens), "--rate", str(rate), "--seconds", str(seconds), "--out", str(out)]
    submitter = await asyncio.create_subprocess_exec(*argv, cwd=folder)
    try:
        await asyncio.wait_for(submitter.wait(), timeout=seconds + 60)
    except asyncio.TimeoutError:
        submitter.kill()
        raise
    if submitter.returncode != 0:
        raise RuntimeError("the note submitter failed")
    submitted = json.loads(out.read_text())
    expected = {s["tag"] for s in submitted}
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        seen = await fac.evaluate("() => Object.keys(window.__seen)")
        if expected <= set(seen):
            break
        await asyncio.sleep(0.25)
    results = {}
    for label, page in watched:
        seen = await page.evaluate("() => window.__seen")
        lat = [(seen[s["tag"]] / 1000 - s["at"]) if s["tag"] in seen else None for s in submitted]
        results[label] = lat
    fac_lat = results["facilitator"]
    shown = [x for x in fac_lat if x is not None]
    missing = len(fac_lat) - len(shown)
    conservative = shown + [15.0] * missing  # a note that never showed counts as 15 s
    others = [x for label, lat in results.items() if label != "facilitator" for x in lat if x is not None]
    others_missing = sum(1 for label, lat in results.items() if label != "facilitator" for x in lat if x is None)
    figures = {
        "board_latency_p50_s": r3(pct(conservative, 0.5)),
        "board_latency_p95_s": r3(pct(conservative, 0.95)),
        "board_latency_max_s": r3(max(conservative) if conservative else None),
        "board_latency_notes": len(submitted),
        "board_latency_missing": missing,
        "board_latency_submit_call_p95_s": r3(pct([s["call_s"] for s in submitted], 0.95)),
        "participant_pages_latency_p95_s": r3(pct(others + [15.0] * others_missing, 0.95)),
        "participant_pages_notes_missing": others_missing,
        "browser_participants_joined": len(pages),
        "browser_participants_failed": failed,
        "notes_per_second": rate,
        "note_window_s": seconds,
    }
    return {"figures": figures}


def submit_notes(args) -> int:
    """The separate note-writing process: ``rate`` notes a second for ``seconds`` seconds."""
    from toolkit.core import sessions as core
    from toolkit.core.store import Store

    store = Store(args.db)
    tokens = json.loads(Path(args.tokens).read_text())
    phase = core.get_session(store, args.code).phase.id
    core.session_version(store, args.code)  # open the connections before the clock starts
    count = int(args.rate * args.seconds)
    start = time.time() + 0.5
    done = []
    for i in range(count):
        at = start + i / args.rate
        time.sleep(max(0.0, at - time.time()))
        tag = f"{i:04d}"
        text = f"Bench note BN{tag}X: {random.choice(['webcare', 'helpdesk', 'web shop', 'CRM'])} idea"
        submitted = time.time()
        core.add_contribution(store, args.code, tokens[i % len(tokens)], phase, {"text": text})
        done.append({"tag": tag, "at": submitted, "call_s": time.time() - submitted})
    Path(args.out).write_text(json.dumps(done))
    return 0


# -- 2 + 3 + 4 on one server --------------------------------------------------------------------------

async def live_scenario(browser, server: Server, store_url: str, args, folder: Path, label: str) -> dict:
    from toolkit.core.sessions import create_session
    from toolkit.core.store import Store

    store = Store(store_url)
    created = create_session(store, "brainstorm", "en")
    store.dispose()
    sample = min(args.sample, args.participants)
    people = prejoin(store_url, created.code, args.participants - sample)
    # The facilitator has the board open before anyone joins, as in a workshop.
    fac_context, fac = await facilitator_page(browser, server, created.code, created.facilitator_key)
    log(f"{label}: facilitator page unlocked; join burst of {args.participants} ({sample} in Chromium)")
    burst = await join_burst(browser, server, created.code, args.participants, sample, people)
    figures = dict(burst["figures"])
    log(f"  burst p95 {figures['join_burst_p95_s']} s (browser {figures['join_burst_browser_tti_s']}, "
        f"http {figures['join_burst_http_load_s']})")
    log(f"{label}: note-to-board latency, {args.rate}/s for {args.seconds} s")
    tree = server.tree()
    cpu_before, wall_before = cpu_seconds(tree), time.monotonic()
    latency = await board_latency(fac, store_url, created.code, burst["pages"], people, args.rate, args.seconds,
                                  folder)
    figures.update(latency["figures"])
    figures["server_and_kernels_cores_busy_during_notes"] = round(
        (cpu_seconds(server.tree()) - cpu_before) / (time.monotonic() - wall_before), 2)
    log(f"  board latency p50 {figures['board_latency_p50_s']} s, p95 {figures['board_latency_p95_s']} s")
    mine = kernel_pids(server.pid)
    joined = [rss_mb(mine[k]) for k in burst["kernels"] if k in mine]
    joined = [x for x in joined if x]
    figures["participant_kernel_rss_mb"] = r3(statistics.median(joined)) if joined else None
    figures["participant_kernel_rss_max_mb"] = r3(max(joined)) if joined else None
    figures["server_rss_mb"] = rss_mb(server.pid)
    figures["kernels_connected"] = {
        "joined_participant_kernels": len(joined),
        "with_chromium_page": sample,
        "resumed_by_plain_page_load_no_websocket": args.participants - sample,
        "facilitator_with_chromium_page": 1,
        "server_kernels_total": len(mine),
    }
    for context, _ in burst["pages"]:
        await context.close()
    await fac_context.close()
    return figures


# -- 5. charts and report -------------------------------------------------------------------------------

def scaled_example(name: str, target: int, out: Path) -> Path:
    """An example file grown to ``target`` contributions by repeating the example with new people."""
    import yaml

    from toolkit.core.examples import example_path, read_example, ref_keys

    ex = read_example(example_path(name))
    copies = -(-target // max(1, len(ex.contributions)))
    participants, contributions, votes = [], [], []
    for r in range(copies):
        def pid(x, r=r):
            return f"{x}_r{r}"
        participants += [{**p, "id": pid(p["id"]), **({"name": f"{p['name']} {r}"} if p.get("name") else {})}
                         for p in ex.participants]
        for i, c in enumerate(ex.contributions):
            keys = ref_keys(ex.workshop, c["phase"])
            payload = {k: (pid(v) if k in keys and isinstance(v, str) else v) for k, v in c["payload"].items()}
            contributions.append({**c, "id": pid(c.get("id", f"#{i}")), "by": pid(c["by"]), "payload": payload})
        votes += [{**v, "by": pid(v["by"]), "on": pid(v["on"])} for v in ex.votes]
    contributions = contributions[:target]
    kept = {c["id"] for c in contributions}
    votes = [v for v in votes if v["on"] in kept]
    raw = yaml.safe_load(ex.path.read_text(encoding="utf-8"))
    raw.update(participants=participants, contributions=contributions, votes=votes)
    path = out / f"{name}-{target}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report_figures(args) -> int:
    """Seed a 1,000-contribution session per example and time charts and reports (own process)."""
    import io

    from toolkit.core.examples import EXAMPLES_DIR, seed_session
    from toolkit.core.sessions import contributions, snapshot
    from toolkit.core.store import Store

    folder = Path(args.folder)
    out: dict = {}
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # noqa: F401

    out["import_matplotlib_s"] = r3(time.perf_counter() - start)
    # WeasyPrint's import and first font set-up are paid once per process: timed apart.
    start = time.perf_counter()
    with contextlib.suppress(Exception):
        import weasyprint

        weasyprint.HTML(string="<p>warm-up</p>").write_pdf()
    out["weasyprint_first_pdf_s"] = r3(time.perf_counter() - start)
    names = sorted(p.stem for p in EXAMPLES_DIR.glob("*.yaml"))[: args.examples]
    for name in names:
        store = Store(f"sqlite:///{folder / (name + '.sqlite')}")
        t = time.perf_counter()
        created = seed_session(store, scaled_example(name, args.contributions, folder))
        seeded = time.perf_counter() - t
        count = len([c for c in contributions(store, created.code)])
        entry: dict = {"workshop": created.workshop_id, "contributions": count, "seed_s": r3(seeded)}
        from toolkit.methods import method_module

        t = time.perf_counter()
        snap = snapshot(store, created.code)
        entry["snapshot_s"] = r3(time.perf_counter() - t)
        module = method_module(created.workshop_id)
        t = time.perf_counter()
        sections = module.report_sections(snap, created.language) if module else []
        entry["sections_s"] = r3(time.perf_counter() - t)
        charts = {}
        for section in sections:
            if section.figure is None:
                continue
            t = time.perf_counter()
            fig = section.figure()
            fig.savefig(io.BytesIO(), format="png", dpi=100)
            charts[section.title] = r3(time.perf_counter() - t)
        entry["charts_s"] = charts
        entry["charts_total_s"] = r3(entry["snapshot_s"] + entry["sections_s"] + sum(charts.values()))
        try:
            import toolkit.export as export
            from toolkit.export import render_report
        except ImportError as exc:
            entry["report_s"] = None
            entry["report_note"] = f"toolkit.export.render_report is missing ({exc})"
        else:
            reports = {}
            for fmt in ("html", "pdf", "xlsx", "pptx"):
                cache = getattr(export, "_cache", None)
                if cache is not None:
                    cache.clear()  # each format from scratch: content and charts included
                t = time.perf_counter()
                try:
                    data = render_report(store, created.code, fmt)
                    reports[fmt] = r3(time.perf_counter() - t)
                    reports[f"{fmt}_bytes"] = len(data)
                except Exception as exc:  # report it, keep measuring the rest
                    reports[fmt] = None
                    reports[f"{fmt}_error"] = repr(exc)[:300]
            cache = getattr(export, "_cache", None)
            if cache is not None:
                cache.clear()
            t = time.perf_counter()
            with contextlib.suppress(Exception):
                for fmt in ("html", "pdf", "xlsx", "pptx"):
                    render_report(store, created.code, fmt)
                reports["all_four_in_a_row"] = r3(time.perf_counter() - t)
            entry["report_s"] = reports
        store.dispose()
        out[name] = entry
        print(f"    {name}: {json.dumps(entry)}", flush=True)
    Path(args.out).write_text(json.dumps(out))
    return 0


def measure_reports(args, folder: Path) -> dict:
    out = folder / "reports.json"
    argv = [sys.executable, str(Path(__file__).resolve()), "_report", "--folder", str(folder), "--out", str(out),
            "--contributions", "1000", "--examples", str(1 if args.quick else 9)]
    subprocess.run(argv, check=True, timeout=240, cwd=folder)
    raw = json.loads(out.read_text())
    per = {k: v for k, v in raw.items() if isinstance(v, dict)}
    figures: dict = {"report_examples": per, "import_matplotlib_s": raw.get("import_matplotlib_s"),
                     "weasyprint_first_pdf_s": raw.get("weasyprint_first_pdf_s")}
    worst = max(per.values(), key=lambda e: e["charts_total_s"])
    figures["charts_1000_seconds"] = worst["charts_total_s"]
    figures["charts_1000_workshop"] = worst["workshop"]
    reports = [e for e in per.values() if isinstance(e.get("report_s"), dict)]
    if reports:
        formats = ("html", "pdf", "xlsx", "pptx")
        figures["report_1000_seconds"] = {
            fmt: max((e["report_s"].get(fmt) or 0) for e in reports) if all(e["report_s"].get(fmt) is not None
                                                                            for e in reports) else None
            for fmt in formats
        }
        figures["report_1000_seconds"]["all_four_in_a_row"] = max(
            (e["report_s"].get("all_four_in_a_row") or 0) for e in reports)
        known = [v for k, v in figures["report_1000_seconds"].items() if k in formats and v is not None]
        figures["report_1000_max_s"] = max(known) if known else None
    else:
        figures["report_1000_seconds"] = None
        figures["report_1000_max_s"] = None
        figures["report_note"] = next(iter(per.values())).get("report_note")
    return figures


# -- the run ----------------------------------------------------------------------------------------

def versions(browser_version: str | None) -> dict:
    from importlib.metadata import version

    found = {"python": platform.python_version(), "chromium": browser_version}
    for package in ("voila", "ipywidgets", "ipykernel", "jupyter_server", "sqlalchemy", "psycopg", "playwright",
                    "matplotlib", "pandas"):
        try:
            found[package] = version(package)
        except Exception:
            found[package] = None
    pg = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    found["postgresql"] = pg[-1].split("/")[-2] if pg else None
    return found


def machine() -> dict:
    mem_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    load = os.getloadavg()
    return {"cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1), "kernel": platform.release(),
            "load_average_at_start": [round(x, 2) for x in load]}


def server_env(folder: Path, store_url: str) -> dict[str, str]:
    tmp = folder / "tmp"
    tmp.mkdir(exist_ok=True)
    return dict(os.environ, TOOLKIT_DB=store_url, PYTHONUNBUFFERED="1", TMPDIR=str(tmp))


def start_ours(folder: Path, store_url: str, participants: int, name: str) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--participants", str(participants),
            "--db", store_url]
    return Server(name, argv, port, folder, server_env(folder, store_url))


def start_bare(folder: Path, pool: int) -> Server:
    port = free_port()
    argv = [sys.executable, str(Path(__file__).resolve()), "_bare_server", "--port", str(port), "--pool", str(pool)]
    return Server("bare", argv, port, folder, server_env(folder, f"sqlite:///{folder / 'unused.sqlite'}"))


def bare_server(args) -> int:
    """A second Voila, configured like ``toolkit serve`` but on the bare notebook's folder."""
    from toolkit.serve import make_app_class, voila_argv, voila_config

    config = voila_config(args.pool)
    config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 0}, BARE: {"pool_size": args.pool}}
    make_app_class().launch_instance(argv=voila_argv(args.port, "127.0.0.1", root=BARE_DIR), config=config)
    return 0


async def run_browser_phases(args, folder: Path, cleanup: list, results: dict) -> None:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from toolkit.core.sessions import create_session
    from toolkit.core.store import Store

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package")
    warm_timeout = 60 + 6 * args.participants
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results["versions"]["chromium"] = browser.version
            sqlite_url = f"sqlite:///{folder / 'toolkit.sqlite'}"
            log(f"starting toolkit serve --participants {args.participants} (SQLite) and the bare Voila")
            ours = start_ours(folder, sqlite_url, args.participants, "serve-sqlite")
            cleanup.append(ours.stop)
            bare = start_bare(folder, 3)
            cleanup.append(bare.stop)
            waited = await asyncio.to_thread(ours.wait_ready, args.participants + 1, warm_timeout)
            await asyncio.to_thread(bare.wait_ready, 3, 120)
            results["figures"]["pool_warm_s"] = round(waited, 1)
            log(f"pools warm after {waited:.0f} s; server RSS {rss_mb(ours.pid)} MB")
            store = Store(sqlite_url)
            created = create_session(store, "brainstorm", "en")
            store.dispose()
            log(f"time to interactive, {args.loads} loads each (plus one warm-up)")
            results["figures"].update(await measure_tti(browser, ours, bare, created.code, args.loads))
            pool = [rss_mb(p) for p in kernel_pids(ours.pid).values()]
            results["figures"]["pool_kernel_rss_median_mb"] = r3(statistics.median([x for x in pool if x]))
            bare.stop()
            cleanup.remove(bare.stop)
            log("waiting for the pool to refill")
            await asyncio.to_thread(ours.wait_quiet, warm_timeout)
            figures = await live_scenario(browser, ours, sqlite_url, args, folder, "SQLite")
            results["figures"].update(figures)
            ours.stop()
            cleanup.remove(ours.stop)
            if args.pg:
                log("PostgreSQL: starting a throwaway cluster")
                cluster = PostgresCluster(folder)
                cleanup.append(cluster.stop)
                pg_url = cluster.start()
                pg = start_ours(folder, pg_url, args.participants, "serve-pg")
                cleanup.append(pg.stop)
                waited = await asyncio.to_thread(pg.wait_ready, args.participants + 1, warm_timeout)
                log(f"PostgreSQL server warm after {waited:.0f} s")
                figures = await live_scenario(browser, pg, pg_url, args, folder, "PostgreSQL")
                keep = ("board_latency_p50_s", "board_latency_p95_s", "board_latency_max_s", "board_latency_missing",
                        "board_latency_submit_call_p95_s", "participant_pages_latency_p95_s", "join_burst_p95_s",
                        "participant_kernel_rss_mb", "server_rss_mb")
                results["figures"].update({f"pg_{k}": figures[k] for k in keep})
                pg.stop()
                cleanup.remove(pg.stop)
                cluster.stop()
        finally:
            await browser.close()


def write_doc(results: dict) -> None:
    f = results["figures"]
    rows = []
    for key, (op, target, what) in TARGETS.items():
        value = f.get(key)
        verdict = "not measured" if value is None else ("met" if value <= target else "**missed**")
        unit = "" if key.startswith("tti_ratio") else (" MB" if key.endswith("_mb") else " s")
        shown = "—" if value is None else f"{value}{unit}"
        rows.append(f"| {what} | `{key}` | {shown} | {op} {target}{unit} | {verdict} |")
    extra = [
        ("participant page, median time to interactive", f.get("tti_participant_median_s"), "s"),
        ("bare Voila page, median time to interactive", f.get("tti_bare_voila_median_s"), "s"),
        ("join burst: Chromium sample p95", (f.get("join_burst_browser_tti_s") or {}).get("p95"), "s"),
        ("join burst: plain page loads p95 (server part)", (f.get("join_burst_http_load_s") or {}).get("p95"), "s"),
        ("board latency p50 (SQLite)", f.get("board_latency_p50_s"), "s"),
        ("board latency p50 (PostgreSQL)", f.get("pg_board_latency_p50_s"), "s"),
        ("other participants' boards, p95 (SQLite)", f.get("participant_pages_latency_p95_s"), "s"),
        ("bare ipywidgets kernel RSS", f.get("bare_kernel_rss_mb"), "MB"),
        ("participant kernel before joining (join form) RSS", f.get("join_form_kernel_rss_mb"), "MB"),
        ("warm pool kernel RSS (waiting for a visitor)", f.get("pool_kernel_rss_median_mb"), "MB"),
        ("server process RSS with N connected", f.get("server_rss_mb"), "MB"),
        ("kernel pool warm-up for N participants", f.get("pool_warm_s"), "s"),
    ]
    lines = [
        "<!-- bench:begin (written by benchmarks/run.py; edit outside these markers) -->",
        f"Run of {results['date']} on {results['machine']['cores']} cores / {results['machine']['memory_gb']} GB, "
        f"load average at start {results['machine']['load_average_at_start']}: `{results['command']}` "
        f"({results['duration_s']} s; N = {f.get('join_burst_participants')}).",
        "",
        "| Target | Key | Measured | Target | Verdict |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        "| Other figures | Measured |",
        "| --- | --- |",
        *[f"| {label} | {'—' if v is None else f'{v} {unit}'} |" for label, v, unit in extra],
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()) + ".",
        "Full figures: `benchmarks/results/latest.json`.",
        "<!-- bench:end -->",
    ]
    block = "\n".join(lines)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    if DOC.exists() and "<!-- bench:begin" in DOC.read_text():
        text = DOC.read_text()
        text = re.sub(r"<!-- bench:begin.*?<!-- bench:end -->", lambda _m: block, text, flags=re.S)
    else:
        text = "# Benchmarks\n\n## Latest results\n\n" + block + "\n"
    DOC.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60, help="participants in the burst and on the board")
    parser.add_argument("--loads", type=int, default=5, help="page loads per side for time to interactive")
    parser.add_argument("--pg", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure with PostgreSQL as the store (default on)")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: few participants, loads and notes")
    parser.add_argument("--sample", type=int, default=6, help="participants of the burst in real Chromium pages")
    parser.add_argument("--rate", type=float, default=2.0, help="notes per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long notes are written")
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    parser.add_argument("--no-reports", action="store_true", help="skip the charts and report timing")
    args = parser.parse_args(argv)
    if args.quick:
        args.participants = min(args.participants, 6)
        args.loads = min(args.loads, 2)
        args.sample = min(args.sample, 2)
        args.seconds = min(args.seconds, 5.0)
    args.sample = max(1, min(args.sample, args.participants))
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    results: dict = {
        "command": command.strip(), "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "versions": versions(None), "figures": {},
        "units": {"_s": "seconds", "_seconds": "seconds", "_mb": "MiB (VmRSS)", "tti_ratio_vs_bare_voila": "ratio"},
        "targets": {k: {"op": op, "value": v, "what": w} for k, (op, v, w) in TARGETS.items()},
    }
    if args.pg and not glob.glob("/usr/lib/postgresql/*/bin"):
        print("PostgreSQL is missing (/usr/lib/postgresql/*/bin): install Debian's postgresql package "
              "or run with --no-pg", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="toolkit-bench-"))
    os.chmod(folder, 0o755)  # noqa: S103 the postgres user must reach its cluster folder inside
    cleanup: list = []

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    status = 1
    try:
        if not args.no_reports:
            log("charts and reports for 1,000 contributions")
            results["figures"].update(measure_reports(args, folder))
        asyncio.run(run_browser_phases(args, folder, cleanup, results))
        status = 0
    except (Exception, KeyboardInterrupt) as exc:  # keep what was measured; say what failed
        results["error"] = f"{type(exc).__name__}: {exc}"[:2000]
        log(f"FAILED: {results['error']}")
    finally:
        for stop in reversed(cleanup):
            with contextlib.suppress(Exception):
                stop()
        shutil.rmtree(folder, ignore_errors=True)
    results["duration_s"] = round(time.monotonic() - T0, 1)
    f = results["figures"]
    results["targets_met"] = {k: (None if f.get(k) is None else f[k] <= v) for k, (_, v, _) in TARGETS.items()}
    text = json.dumps(results, indent=2)
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text + "\n")
        write_doc(results)
        log(f"wrote {RESULTS.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    return status


def internal(argv: list[str]) -> int:
    """The helper processes this run starts: ``_submit``, ``_report`` and ``_bare_server``."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("_submit")
    for name in ("--db", "--code", "--tokens", "--out"):
        p.add_argument(name, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.set_defaults(func=submit_notes)
    p = sub.add_parser("_report")
    p.add_argument("--folder", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--contributions", type=int, default=1000)
    p.add_argument("--examples", type=int, default=9)
    p.set_defaults(func=report_figures)
    p = sub.add_parser("_bare_server")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pool", type=int, required=True)
    p.set_defaults(func=bare_server)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        sys.exit(internal(sys.argv[1:]))
    sys.exit(main())
