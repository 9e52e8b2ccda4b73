"""The hardening figures of issue 18: what one visitor can do to ``toolkit serve``, measured.

Three experiments, each against a fresh ``toolkit serve`` on a throwaway SQLite store, every
client on a loopback address of its own (127.0.0.2, 127.0.0.3, ...) so that per-client limits
see them as different visitors:

``frames``  open a kernel websocket (with and without the v1 subprotocol), send the crafted
            frames, then time ``/health`` and watch the server's RSS for 2 s;
``flood``   N plain GETs of a notebook page from one client: kernels started, memory of the
            server and its kernels, how many got the busy page;
``pool``    K GETs of ``live.ipynb`` from one client, then an honest visitor's page load time.

Usage: ``python benchmarks/hardening.py frames|flood|pool [--serve-arg=--max-kernels=20 ...]
[--source DIR]`` (``--source``: run another checkout, e.g. ``git archive`` of the code before).
Every experiment is capped by timeouts and kills the server (and its kernels) at the end.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
V1 = "v1.kernel.websocket.jupyter.org"
CRAFTED_V1 = (2**62).to_bytes(8, "little")
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
MODEL_ID = re.compile(r'model_id\W+([0-9a-f]{32})')


def crafted_legacy(model_id: str) -> bytes:
    """A legacy-protocol widget update carrying one binary buffer. The kernel echoes it back as a
    binary message, whose first 8 bytes (big-endian part count and first offset) Voila's
    ``read_header_from_binary_message`` reads as one little-endian count of offsets."""
    msg = {
        "channel": "shell",
        "header": {"msg_id": "bench", "msg_type": "comm_msg", "username": "", "session": "bench",
                   "date": "2026-01-01T00:00:00Z", "version": "5.3"},
        "parent_header": {}, "metadata": {},
        "content": {"comm_id": model_id, "data": {"method": "update", "state": {"box_style": None},
                                                  "buffer_paths": [["box_style"]]}},
    }
    body = json.dumps(msg).encode()
    buffer = b"x" * 16
    offsets = [12, 12 + len(body)]
    return struct.pack("!III", 2, *offsets) + body + buffer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, path: str, source: str = "127.0.0.2", timeout: float = 120.0,
            headers: dict | None = None) -> tuple[int, bytes]:
    """GET ``path`` from the loopback address ``source``; the status and the whole body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def health(port: int, timeout: float = 1.0) -> dict | None:
    try:
        status, body = request(port, "/health", source="127.0.0.1", timeout=timeout)
    except OSError:
        return None
    return json.loads(body) if status == 200 else None


class Server:
    """``toolkit serve`` in its own process group; ``stop()`` ends it and every kernel."""

    def __init__(self, participants: int = 2, extra: list[str] | None = None, source: str | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="toolkit-harden-"))
        self.port = free_port()
        env = dict(os.environ, TOOLKIT_DB=f"sqlite:///{self.folder / 'toolkit.sqlite'}", PYTHONUNBUFFERED="1")
        if source:  # another checkout of the toolkit (e.g. the code before a change), for a before/after
            env["PYTHONPATH"] = source
        self.log = open(self.folder / "serve.log", "w")  # noqa: SIM115 (open for the server's life)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "serve", "--port", str(self.port),
             "--participants", str(participants), *(extra or [])],
            cwd=self.folder, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.participants = participants

    def wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = health(self.port)
            if state and state["kernels"] >= self.participants:  # older checkouts also warm a lobby kernel
                return
            if self.process.poll() is not None:
                raise RuntimeError((self.folder / "serve.log").read_text()[-2000:])
            time.sleep(0.3)
        raise RuntimeError("toolkit serve did not warm its pool in time")

    def rss_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def total_rss_mb(self) -> float:
        """The server and all its kernels."""
        proc = psutil.Process(self.process.pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total / 2**20

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=3)  # a frozen server ignores SIGTERM: do not let it grow
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        self.log.close()


def kernel_of_page(port: int, path: str = "/voila/render/live.ipynb?session=NONE") -> tuple[str, str]:
    """Open a kernel page the way a browser does: its kernel id and its root widget's model id."""
    status, body = request(port, path, source="127.0.0.9")
    text = body.decode("utf-8", "replace")
    kernel, model = KERNEL_ID.search(text), MODEL_ID.search(text)
    if status != 200 or not kernel or not model:
        raise RuntimeError(f"no kernel id or widget in the page ({status})")
    return kernel.group(1), model.group(1)


def send_frame(port: int, kernel_id: str, frame: bytes, subprotocol: str | None) -> str:
    """Open the kernel websocket and send ``frame``; what the server did with the connection."""
    import websocket  # websocket-client, a Jupyter dependency

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id=bench"
    try:
        ws = websocket.create_connection(url, timeout=5, subprotocols=[subprotocol] if subprotocol else None)
    except websocket.WebSocketBadStatusException as exc:
        return f"refused ({exc.status_code})"
    except Exception as exc:
        return f"refused ({type(exc).__name__})"
    try:
        ws.send_binary(frame)
        ws.settimeout(2)
        try:
            while True:
                ws.recv()
        except websocket.WebSocketConnectionClosedException:
            return "closed by the server"
        except Exception as exc:
            return f"still open ({type(exc).__name__})"
    finally:
        with contextlib.suppress(Exception):
            ws.close()


def watch(server: Server, seconds: float = 2.0) -> dict:
    """``/health`` response time (1 s cap) and the server's RSS growth over ``seconds``."""
    before = server.rss_mb()
    start = time.monotonic()
    state = health(server.port, timeout=1.0)
    answered = time.monotonic() - start
    peak = before
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, server.rss_mb())
        time.sleep(0.1)
    return {"health_s": round(answered, 3) if state else None, "rss_growth_mb": round(peak - before, 1)}


def frames(args) -> dict:
    results = {}
    for name, protocol in (("v1", V1), ("legacy", None)):
        server = Server(participants=1, extra=args.serve_arg, source=args.source)
        try:
            server.wait_ready()
            kernel, model = kernel_of_page(server.port)
            frame = CRAFTED_V1 if protocol else crafted_legacy(model)
            outcome: dict = {"connection": None}

            def attack(port=server.port, kernel=kernel, frame=frame, protocol=protocol, outcome=outcome):
                outcome["connection"] = send_frame(port, kernel, frame, protocol)

            sender = threading.Thread(target=attack, daemon=True)
            sender.start()
            time.sleep(0.3)
            outcome.update(watch(server))
            sender.join(timeout=5)
            results[name] = outcome
        finally:
            server.stop()
    return results


def flood(args) -> dict:
    server = Server(participants=1, extra=args.serve_arg, source=args.source)
    try:
        server.wait_ready()
        kernels_before = health(server.port)["kernels"]
        statuses: list[int] = []
        lock = threading.Lock()
        paths = iter(range(args.n))

        def worker() -> None:
            for _ in paths:
                try:
                    status, _body = request(server.port, f"/voila/render/{args.page}", timeout=120)
                except OSError:
                    status = 0
                with lock:
                    statuses.append(status)

        start = time.monotonic()
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.cap_s)
        elapsed = time.monotonic() - start
        state = health(server.port, timeout=5) or {"kernels": None}
        result = {
            "gets": len(statuses), "seconds": round(elapsed, 1),
            "ok": statuses.count(200), "busy_503": statuses.count(503),
            "kernels_before": kernels_before, "kernels_after": state["kernels"],
            "memory_mb": round(server.total_rss_mb()),
        }
        if args.settle_s:
            time.sleep(args.settle_s)
            result.update(settle_s=args.settle_s, kernels_settled=(health(server.port, timeout=5) or {}).get("kernels"),
                          memory_settled_mb=round(server.total_rss_mb()))
        return result
    finally:
        server.stop()


def pool(args) -> dict:
    server = Server(participants=args.participants, extra=args.serve_arg, source=args.source)
    try:
        server.wait_ready()
        threads = [threading.Thread(target=request, args=(server.port, "/voila/render/live.ipynb"),
                                    kwargs={"source": "127.0.0.2"}, daemon=True) for _ in range(args.n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.cap_s)
        start = time.monotonic()
        status, _ = request(server.port, "/voila/render/live.ipynb", source="127.0.0.3")
        return {"drain_gets": args.n, "honest_status": status, "honest_wait_s": round(time.monotonic() - start, 2)}
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment", choices=["frames", "flood", "pool"])
    parser.add_argument("--serve-arg", action="append", default=[], help="passed on to toolkit serve")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--page", default="tone-checker.ipynb")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--participants", type=int, default=8)
    parser.add_argument("--cap-s", type=float, default=300.0, help="stop waiting for the clients after this")
    parser.add_argument("--settle-s", type=float, default=0, help="flood: count the kernels again after this")
    parser.add_argument("--source", help="run another checkout of the toolkit (PYTHONPATH), e.g. the code before")
    args = parser.parse_args(argv)
    result = {"frames": frames, "flood": flood, "pool": pool}[args.experiment](args)
    print(json.dumps({args.experiment: result}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
