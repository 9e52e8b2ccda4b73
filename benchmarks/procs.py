"""Processes of a bench run: servers, kernels, a throwaway PostgreSQL cluster, their memory and CPU."""
from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

T0 = time.monotonic()


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


def _descendants(skip: set[int]) -> list[tuple[int, list[str]]]:
    """This process's descendants with their ``/proc`` stat fields, outside the trees rooted at
    ``skip`` (the servers)."""
    parents: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            stats[int(entry)] = fields
            parents.setdefault(int(fields[3]), []).append(int(entry))
    found, todo = [], list(parents.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        if pid in skip or pid not in stats:
            continue
        found.append((pid, stats[pid]))
        todo += parents.get(pid, [])
    return found


def helpers_cpu_seconds(skip: set[int]) -> float:
    """CPU seconds of this process's descendants (the browser, its driver), outside the trees
    rooted at ``skip`` (the servers). A process's reaped children count in it (``cutime``,
    ``cstime``), so a Chromium renderer that ended meanwhile still counts."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(sum(int(fields[i]) for i in (13, 14, 15, 16)) for _, fields in _descendants(skip)) / ticks


BROWSER_NICE = 19


def _browser_threads(skip: set[int]) -> list[int]:
    """Threads of this process's descendants that belong to the browser or its driver (outside
    the trees rooted at ``skip``, the servers)."""
    found = []
    for pid, _ in _descendants(skip):
        line = cmdline(pid)
        if "chromium" in line or "playwright" in line:
            with contextlib.suppress(OSError):
                found += [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
    return found


def _renice(threads: list[int], background: bool) -> None:
    policy = os.SCHED_IDLE if background else os.SCHED_OTHER
    for tid in threads:
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            os.sched_setscheduler(tid, policy, os.sched_param(0))
            os.setpriority(os.PRIO_PROCESS, tid, BROWSER_NICE if background else 0)


def _autogroup(pid: int) -> str | None:
    """The scheduler autogroup of ``pid`` (``/autogroup-N``), or ``None`` where there is none."""
    try:
        with open(f"/proc/{pid}/autogroup") as f:
            return f.read().split()[0]
    except (OSError, IndexError):
        return None


def _renice_groups(skip: set[int], background: bool) -> None:
    """The autogroups the browser runs in, at the lowest priority (or back at normal).

    With the kernel's autogroups (``kernel.sched_autogroup_enabled``, the default on Debian),
    every session shares the CPU as a group: Chromium starts in a session of its own, and a
    group's share against the server's is the same whatever its threads' priorities. So the
    group's own nice value is set too; the bench's own group (the protocol visitors) is left."""
    own = {_autogroup(os.getpid())}
    done: set[str | None] = set(own)
    for pid, _ in _descendants(skip):
        group = _autogroup(pid)
        if group in done or "chromium" not in cmdline(pid):
            continue
        done.add(group)
        # No autogroups here, or no right to raise the group back: left as it is.
        with contextlib.suppress(OSError), open(f"/proc/{pid}/autogroup", "w") as f:
            f.write(str(BROWSER_NICE if background else 0))


@contextlib.contextmanager
def browser_in_background(skip: set[int]):
    """The browser of the Chromium sample (and its driver) at the lowest CPU priority meanwhile.

    In a room each participant's browser runs on their own phone; here the sample's pages share
    the server's two cores, and five of them take more CPU than the server needs for 200
    arrivals. At the lowest priority they take only what the server and the protocol visitors
    leave: the server works as it would with the phones elsewhere, and the sample's own times
    include the wait (they can only come out slower). Renderers started meanwhile inherit the
    priority; every browser thread is back at normal priority afterwards. Where the kernel
    groups processes by session (autogroups), the browser's group goes to the lowest priority
    as well: otherwise it keeps an equal share against the server whatever its threads' own."""
    _renice(_browser_threads(skip), True)
    _renice_groups(skip, True)
    try:
        yield
    finally:
        _renice(_browser_threads(skip), False)
        _renice_groups(skip, False)


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
        # A folder of its own: one run may start several clusters (the bench, then two servers).
        self.dir = Path(tempfile.mkdtemp(prefix="pg-", dir=folder))
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
