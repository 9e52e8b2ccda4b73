"""The participant page without a kernel (``/j/CODE``), measured at the protocol level and in Chromium.

A :class:`Visitor` does what a participant's browser does, with a tiny HTTP/1.1 client on asyncio
(keep-alive, chunked bodies, cookies): fetch the page (``tk_nonce`` cookie, hidden ``csrf``), post
the join form as the page's script does (``X-TK-Fetch``, asking for ``text/event-stream``: the
``tk_CODE`` cookie, then the participant page as the stream's first event, with its
``data-csrf``, ``data-phase`` and ``data-version``), and keep that connection open as the live
channel (server-sent events); later posts go on a second connection, as in a browser. The stream
stays open and notes the first moment each bench note (``BN0001X``) appears in it; when it says
``refresh``, the visitor fetches the page again, as the page's script does (``refreshes`` counts
them). Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from benchmarks.stats import pct, r3, summary

TAG = re.compile(rb"BN(\d{4})X")
REFRESH = b'{"op":"refresh"}'
CONNECT_TIMEOUT_S = 120
ROLES = ("marketing", "specialist", "it", "service", "sales", "management")


class HttpError(RuntimeError):
    pass


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


async def read_head(reader: asyncio.StreamReader) -> tuple[int, list[tuple[str, str]]]:
    line = await reader.readline()
    if not line:
        raise HttpError("connection closed before the status line")
    status = int(line.split()[1])
    headers = []
    while True:
        raw = await reader.readline()
        if raw in (b"\r\n", b"\n", b""):
            return status, headers
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip().lower(), value.strip()))


async def read_chunk(reader: asyncio.StreamReader) -> bytes:
    """One chunk of a chunked body (``b""`` for the last one)."""
    size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
    data = await reader.readexactly(size) if size else b""
    await reader.readline()  # the CRLF after the chunk (or after the last, empty one)
    return data


class Client:
    """One keep-alive connection with a cookie jar shared by the visitor's connections."""

    def __init__(self, host: str, port: int, jar: dict[str, str]) -> None:
        self.host, self.port, self.jar = host, port, jar
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        if self.writer is None:
            self.reader, self.writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port),
                                                              CONNECT_TIMEOUT_S)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept-Encoding: identity"]
        if self.jar:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.jar.items()))
        if body or method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()

    def keep_cookies(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val in ('""', ""):
                    self.jar.pop(key.strip(), None)
                else:
                    self.jar[key.strip()] = val.strip()

    async def request(self, method: str, path: str, fields: dict[str, str] | None = None,
                      headers: dict[str, str] | None = None) -> Response:
        await self.send(method, path, urlencode(fields).encode() if fields is not None else b"", headers)
        status, head = await read_head(self.reader)
        self.keep_cookies(head)
        return await self.read_body(Response(status, head, b""))

    async def read_body(self, response: Response) -> Response:
        if response.header("transfer-encoding") == "chunked":
            parts = []
            while chunk := await read_chunk(self.reader):
                parts.append(chunk)
            response.body = b"".join(parts)
        elif (length := response.header("content-length")) is not None:
            response.body = await self.reader.readexactly(int(length))
        else:
            response.body = await self.reader.read()
            self.close()
        if response.header("connection") == "close":
            self.close()
        return response

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def found(pattern: str, text: str, what: str) -> str:
    match = re.search(pattern, text)
    if not match:
        raise HttpError(f"{what} is missing from the page")
    return match.group(1)


@dataclass
class Visitor:
    """One participant at the protocol level; :meth:`join` runs the whole arrival."""

    host: str
    port: int
    code: str
    index: int
    jar: dict[str, str] = field(default_factory=dict)
    seen: dict[str, float] = field(default_factory=dict)
    csrf: str = ""
    phase: str = ""
    page_s: float | None = None
    live_s: float | None = None
    _page: Client | None = None
    _live: Client | None = None
    _reader: asyncio.Task | None = None
    refreshes: int = 0
    _refreshing: asyncio.Task | None = None
    _page_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def join(self, gate: asyncio.Event) -> float:
        """Page, join, page, live channel: seconds until the stream's first bytes."""
        self._page = Client(self.host, self.port, self.jar)
        await gate.wait()
        start = time.perf_counter()
        form = await self._page.request("GET", f"/j/{self.code}?lang=en")
        if form.status != 200:
            raise HttpError(f"join form: HTTP {form.status}")
        csrf = found(r'name="csrf" value="([^"]+)"', form.text, "the join form's csrf")
        fields = {"csrf": csrf, "lang": "en", "role": ROLES[self.index % len(ROLES)], "name": f"Bench {self.index}"}
        # As the page's script posts it: the answer is the participant's page as a first event,
        # and the connection goes on as the live channel. Older servers answer with the page as
        # JSON (or, older still, 303 and the page is fetched); their channel opens next.
        await self._page.send("POST", f"/j/{self.code}/join", urlencode(fields).encode(),
                              headers={"X-TK-Fetch": "1", "Accept": "text/event-stream, application/json"})
        status, head = await read_head(self._page.reader)
        self._page.keep_cookies(head)
        if status not in (200, 303) or f"tk_{self.code}" not in self.jar:
            raise HttpError(f"join: HTTP {status}")
        if status == 200 and dict(head).get("content-type", "").startswith("text/event-stream"):
            self._live, self._page = self._page, Client(self.host, self.port, self.jar)
            chunked = ("transfer-encoding", "chunked") in head
            page, rest = await self._joined_event(chunked)
            self._read_page(page, start)
            self.live_s = self.page_s
            self._note(rest)
            self._reader = asyncio.create_task(self._follow(chunked))
            return self.live_s
        joined = await self._page.read_body(Response(status, head, b""))
        if status == 200:
            page = json.loads(joined.body).get("page") or ""
        else:
            fetched = await self._page.request("GET", f"/j/{self.code}?lang=en")
            if fetched.status != 200:
                raise HttpError(f"participant page: HTTP {fetched.status}")
            page = fetched.text
        version = self._read_page(page, start)
        self._live = Client(self.host, self.port, self.jar)
        await self._live.send("GET", f"/j/{self.code}/live?lang=en&v={version}",
                              headers={"Accept": "text/event-stream"})
        status, head = await read_head(self._live.reader)
        if status != 200:
            raise HttpError(f"live channel: HTTP {status}")
        chunked = ("transfer-encoding", "chunked") in head
        first = await (read_chunk(self._live.reader) if chunked else self._live.reader.read(4096))
        self.live_s = time.perf_counter() - start
        self._note(first)
        self._reader = asyncio.create_task(self._follow(chunked))
        return self.live_s

    def _read_page(self, page: str, start: float) -> str:
        """Note what the participant's page holds for later posts; its version."""
        self.csrf = found(r'data-csrf="([^"]+)"', page, "data-csrf")
        self.phase = found(r'data-phase="([^"]+)"', page, "data-phase")
        self.page_s = time.perf_counter() - start
        return found(r'data-version="(-?\d+)"', page, "data-version")

    async def _joined_event(self, chunked: bool) -> tuple[str, bytes]:
        """The page from the stream's ``joined`` event, and what followed it in the same read."""
        data = b""
        while (at := data.find(b"event: joined\n")) < 0 or data.find(b"\n\n", at) < 0:
            more = await (read_chunk(self._live.reader) if chunked else self._live.reader.read(65536))
            if not more:
                raise HttpError("join: the stream ended before the page")
            data += more
        end = data.find(b"\n\n", at)
        event = data[at:end].decode()
        answer = json.loads(event.split("\ndata: ", 1)[1])
        return answer.get("page") or "", data[end + 2:]

    def _note(self, data: bytes) -> None:
        now = time.time()
        for match in TAG.finditer(data):
            self.seen.setdefault(match.group(1).decode(), now)
        if REFRESH in data and (self._refreshing is None or self._refreshing.done()):
            self._refreshing = asyncio.create_task(self._refresh())

    async def _refresh(self) -> None:
        """Fetch the page again, as the script does on ``refresh`` (one at a time)."""
        self.refreshes += 1
        with contextlib.suppress(Exception):
            async with self._page_lock:
                await self._page.request("GET", f"/j/{self.code}?lang=en")

    async def _follow(self, chunked: bool) -> None:
        with contextlib.suppress(Exception):
            while True:
                data = await (read_chunk(self._live.reader) if chunked else self._live.reader.read(65536))
                if not data:
                    return
                self._note(data)

    async def add_note(self, text: str) -> Response:
        async with self._page_lock:
            return await self._page.request("POST", f"/j/{self.code}/add",
                                            {"csrf": self.csrf, "phase": self.phase, "prompt": "idea",
                                             "text": text}, headers={"X-TK-Fetch": "1"})

    async def close(self) -> None:
        for task in (self._reader, self._refreshing):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        for client in (self._page, self._live):
            if client is not None:
                client.close()


# -- Chromium ---------------------------------------------------------------------------------------

async def join_form_interactive(page, url: str, timeout_s: float = 90, name_field: str = "input.tk-join-name") -> float:
    """Open the join form until it is usable: the button clickable and the name field takes text
    (``name_field``: the ipywidgets join form wraps its input, ``.tk-join-name input``)."""
    ms = timeout_s * 1000
    start = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=ms)
    await page.locator(".tk-join-submit").click(trial=True, timeout=ms)
    name = page.locator(name_field)
    await name.press_sequentially("Bo", timeout=ms)
    if await name.input_value() != "Bo":
        raise RuntimeError("the name field did not take typed text")
    return time.perf_counter() - start


async def phone_sized_pages(browser, count: int) -> list:
    """``count`` fresh contexts with a page each, at a phone's width: made before a burst starts."""
    contexts = [await browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(count)]
    return [(c, await c.new_page()) for c in contexts]


async def timed_at_gate(page, url: str, gate: asyncio.Event) -> float:
    await gate.wait()
    return await join_form_interactive(page, url)


# -- the burst --------------------------------------------------------------------------------------

async def join_burst(browser, base: str, code: str, participants: int, sample: int,
                     server_pid: int | None = None, background: bool = True) -> tuple[list[Visitor], dict]:
    """``participants - sample`` protocol visitors and ``sample`` Chromium pages, all at one moment.

    The Chromium pages are opened (a renderer each, as on a participant's phone whose browser
    is already running) and settle before the gate opens. With ``background`` the browser runs
    at the lowest CPU priority from the gate on (:func:`benchmarks.procs.browser_in_background`:
    the phones' CPU is not the server's); ``background=False`` is the earlier method, the
    browser competing with the server. With ``server_pid``, the CPU seconds of the server and of
    the browser from the gate to the last arrival are in the figures.
    Returns the visitors that joined (their streams stay open: :func:`close_all` ends them).
    """
    from benchmarks.procs import browser_in_background, cpu_seconds, helpers_cpu_seconds

    host, port = base.removeprefix("http://").split(":")
    visitors = [Visitor(host, int(port), code, i + 1) for i in range(participants - sample)]
    pages = await phone_sized_pages(browser, sample)
    for _, page in pages:
        await page.goto("about:blank")
    gate = asyncio.Event()
    crowd = [asyncio.create_task(v.join(gate)) for v in visitors]
    chromium = [asyncio.create_task(timed_at_gate(page, f"{base}/j/{code}?lang=en", gate)) for _, page in pages]
    await asyncio.sleep(1.0 if participants < 500 else 2.0)  # every visitor waits at the gate
    skip = {server_pid} if server_pid else set()
    before = (cpu_seconds([server_pid]) if server_pid else 0.0), helpers_cpu_seconds(skip)
    try:
        with browser_in_background(skip) if background else contextlib.nullcontext():
            gate.set()
            results = await asyncio.gather(*crowd, return_exceptions=True)
            tti = await asyncio.gather(*chromium, return_exceptions=True)
        after = (cpu_seconds([server_pid]) if server_pid else 0.0), helpers_cpu_seconds(skip)
    finally:
        for context, _ in pages:
            await context.close()
    failures = [repr(r)[:200] for r in (*results, *tti) if isinstance(r, BaseException)]
    ok = [v for v, r in zip(visitors, results, strict=True) if not isinstance(r, BaseException)]
    live = [v.live_s for v in ok]
    reached = [v.page_s for v in ok]
    tti_ok = [x for x in tti if not isinstance(x, BaseException)]
    every = live + tti_ok + [CONNECT_TIMEOUT_S] * len(failures)  # a failed arrival counts as the timeout
    figures = {
        "participants": participants,
        "p50_s": r3(pct(every, 0.5)), "p95_s": r3(pct(every, 0.95)), "max_s": r3(max(every) if every else None),
        "protocol_to_live_s": summary(live),
        "protocol_page_s": summary(reached),
        "chromium_tti_s": summary(tti_ok),
        "failed": len(failures),
        "failures": failures[:5],
        "refreshes": sum(v.refreshes for v in ok),
        "browser_cpu_from_gate_s": round(after[1] - before[1], 2),
        "browser_in_background": background,
    }
    if server_pid:
        figures["server_cpu_from_gate_s"] = round(after[0] - before[0], 2)
    return ok, figures


async def close_all(visitors: list[Visitor]) -> None:
    await asyncio.gather(*(v.close() for v in visitors), return_exceptions=True)


# -- note-to-board latency ----------------------------------------------------------------------------

OBSERVER_JS = """() => {
  window.__seen = {};
  const scan = () => {
    const now = Date.now();
    const re = /BN(\\d{4})X/g;
    const text = document.body.textContent;
    let m;
    while ((m = re.exec(text)) !== null) { if (!(m[1] in window.__seen)) window.__seen[m[1]] = now; }
  };
  new MutationObserver(scan).observe(document.body, {subtree: true, childList: true, characterData: true});
  scan();
  return true;
}"""
MISSING_S = 15.0


async def board_latency(facilitator, visitors: list[Visitor], rate: float, seconds: float) -> dict:
    """One visitor posts ``rate`` notes a second for ``seconds``; every other stream and the
    facilitator's Voila board (``facilitator``, a Chromium page) note when each shows up."""
    if facilitator is not None:
        await facilitator.evaluate(OBSERVER_JS)
    posters = list(visitors)
    poster = posters.pop(0)
    count = max(1, int(rate * seconds))
    sent: list[dict] = []
    refused: list[str] = []
    start = time.perf_counter() + 0.3
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        tag = f"{i:04d}"
        at = time.time()
        answer = await poster.add_note(f"Bench note BN{tag}X: webcare idea {i}")
        call = time.time() - at
        if answer.status == 200:
            sent.append({"tag": tag, "at": at, "call_s": call})
        else:
            refused.append(f"HTTP {answer.status}: {answer.text[:160]}")
            if answer.status == 429 and posters:  # a rate limit: the next participant writes on
                poster = posters.pop(0)
    deadline = time.monotonic() + MISSING_S
    others = [v for v in visitors if v is not poster]
    while time.monotonic() < deadline:
        board = set(await facilitator.evaluate("() => Object.keys(window.__seen)")) if facilitator else set()
        pages_done = all(all(s["tag"] in v.seen for s in sent) for v in others)
        if pages_done and (facilitator is None or {s["tag"] for s in sent} <= board):
            break
        await asyncio.sleep(0.25)
    board_seen = await facilitator.evaluate("() => window.__seen") if facilitator else {}
    board = [board_seen[s["tag"]] / 1000 - s["at"] if s["tag"] in board_seen else None for s in sent]
    pages = [v.seen[s["tag"]] - s["at"] if s["tag"] in v.seen else None for v in others for s in sent]

    def counted(values):
        return [x for x in values if x is not None] + [MISSING_S] * sum(1 for x in values if x is None)

    b, p = counted(board), counted(pages)
    return {
        "board_latency_p50_s": r3(pct(b, 0.5)), "board_latency_p95_s": r3(pct(b, 0.95)),
        "board_latency_max_s": r3(max(b) if b else None), "board_latency_missing": sum(x is None for x in board),
        "pages_latency_p50_s": r3(pct(p, 0.5)), "pages_latency_p95_s": r3(pct(p, 0.95)),
        "pages_latency_max_s": r3(max(p) if p else None), "pages_latency_missing": sum(x is None for x in pages),
        "pages_watching": len(others),
        "notes_sent": len(sent), "notes_refused": len(refused), "notes_refusals": refused[:3],
        "note_post_p95_s": r3(pct([s["call_s"] for s in sent], 0.95)),
        "notes_per_second": rate, "note_window_s": seconds,
    }


# -- the join form on an emulated phone ----------------------------------------------------------------

PHONE_NETWORK = {"offline": False, "latency": 40, "downloadThroughput": 10_000_000 / 8,
                 "uploadThroughput": 5_000_000 / 8}
PHONE_CPU_RATE = 4


async def phone_load(browser, url: str, interactive) -> dict:
    """One load in a fresh context on the emulated phone: time to interactive and bytes received."""
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                        device_scale_factor=2)
    try:
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        received = {"bytes": 0, "requests": 0}

        def finished(event):
            received["bytes"] += event.get("encodedDataLength", 0)
            received["requests"] += 1

        cdp.on("Network.loadingFinished", finished)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        await cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_RATE})
        tti = await interactive(page, url)
        with contextlib.suppress(Exception):
            await page.wait_for_load_state("load", timeout=60_000)
        await asyncio.sleep(1.0)  # late requests of the page (scripts, fonts) still count
        return {"tti_s": tti, "kb": received["bytes"] / 1024, "requests": received["requests"]}
    finally:
        await context.close()


async def phone(browser, url: str, interactive, loads: int, between=None) -> dict:
    """``loads`` phone loads after one uncounted warm-up; the medians. ``between`` (a blocking
    function) runs after each load, e.g. to wait until the server is quiet again."""
    runs = []
    for _ in range(loads + 1):
        runs.append(await phone_load(browser, url, interactive))
        if between is not None:
            await asyncio.to_thread(between)
    runs = runs[1:]
    return {
        "tti_s": r3(statistics.median(r["tti_s"] for r in runs)),
        "kb": round(statistics.median(r["kb"] for r in runs), 1),
        "requests": statistics.median(r["requests"] for r in runs),
        "loads_tti_s": [r3(r["tti_s"]) for r in runs],
    }
