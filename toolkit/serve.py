"""``toolkit serve``: Voila on ``notebooks/`` with a warm kernel pool, a lobby at ``/`` and a
health check that starts no kernel.

Participants join on the plain page of :mod:`toolkit.web` (``/j/CODE``, no kernel); the
facilitator opens ``live.ipynb?session=CODE&view=facilitator``, served from a small pool of warm
kernels (``--warm``) that have imported the live engine and build the page when Voila hands them
a visitor (:func:`toolkit.ui.page.show_live_on_request`), reading the session code from the
request. Other notebooks start a kernel on demand, within the limits of :mod:`toolkit.guard`
(a kernel cap, per-client windows, a short cull of kernels no page connected to, a checked
kernel websocket and a "connection lost" banner on every kernel page).
"""
from __future__ import annotations

import functools
import ipaddress
import json
import logging
import os
import socket
import sys
import time
from pathlib import Path

from toolkit.core.data_files import notebooks_dir

NOTEBOOKS_DIR = notebooks_dir()
LIVE_NOTEBOOK = "live.ipynb"
LOBBY_NOTEBOOK = "lobby.ipynb"
REFILL_STEP_SECONDS = 2.0
UNCONNECTED_TIMEOUT_SECONDS = 90.0
# Connections the kernel holds for the server before it accepts them. Tornado's default, 128, is
# less than a room opening the link at once: the connections beyond it are dropped and their
# phones try again a second later (then three). Linux caps it at net.core.somaxconn.
LISTEN_BACKLOG = 4096
# The cyclic garbage collector's thresholds for the server process (Python's default: 700, 10, 10).
COLLECTOR_THRESHOLDS = (10_000, 10, 10)


def settle_collector() -> None:
    """Tune the garbage collector for a server that holds many connections.

    Once everything is imported and set up, the objects that stay for the life of the process
    (Voila, Jupyter, SQLAlchemy, the definitions, some 250,000 of them) move out of the
    collector's sight (:func:`gc.freeze`), and the young generation collects after 10,000
    allocations instead of 700. Each arrival leaves a hundred or so objects behind while its page
    is open. With the defaults, a full collection walks the whole heap every few hundred
    arrivals, about a fifth of the server's time in a join burst (measured in ``make bench``'s
    burst, docs/benchmarks.md)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def voila_config(warm: int, max_kernels: int | None = None, client_pages: int | None = None,
                 client_pool_takes: int | None = None, unconnected_timeout: float = UNCONNECTED_TIMEOUT_SECONDS):
    """The Voila configuration used by :func:`serve` (also by the benchmarks' baseline).

    ``max_kernels`` defaults to what the machine's available memory holds (150 MB a kernel);
    ``client_pages`` and ``client_pool_takes`` (per client per minute, 0: no limit) to shares
    sized by the warm pool (``warm``)."""
    from traitlets.config import Config

    from toolkit.guard.admission import default_client_pages, default_client_pool_takes
    from toolkit.guard.banner import page_config_hook
    from toolkit.guard.kernels import default_max_kernels

    pool = max(1, warm)
    config = Config()
    # Kernels are told the configured port: never move silently to another one.
    config.Voila.port_retries = 0
    config.VoilaConfiguration.preheat_kernel = True
    config.VoilaConfiguration.default_pool_size = pool
    config.VoilaConfiguration.show_tracebacks = False
    # The participant's resume cookie reaches the kernel as HTTP_COOKIE.
    config.VoilaConfiguration.http_header_envs = ["Cookie"]
    # Serve no file beyond the apps' own assets.
    config.VoilaConfiguration.file_allowlist = [r"assets/.*\.(png|svg|css)"]
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        LIVE_NOTEBOOK: {"pool_size": pool},
    }
    config.VoilaKernelManager.fill_delay = 0
    config.VoilaConfiguration.multi_kernel_manager_class = "toolkit.guard.kernels.CappedKernelManager"
    config.CappedKernelManager.max_kernels = max_kernels or default_max_kernels(pool)
    config.CappedKernelManager.unconnected_timeout = unconnected_timeout
    config.MappingKernelManager.cull_idle_timeout = 1800
    config.MappingKernelManager.cull_interval = max(1, min(30, int(unconnected_timeout // 3)))
    config.MappingKernelManager.cull_connected = False
    config.ToolkitVoila.client_pages = default_client_pages(pool) if client_pages is None else client_pages
    config.ToolkitVoila.client_pool_takes = (default_client_pool_takes(pool) if client_pool_takes is None
                                             else client_pool_takes)
    config.VoilaConfiguration.page_config_hook = page_config_hook
    # Kernels talk to the server over Unix sockets in Voila's private connection folder: nothing
    # on the network (and no "running over TCP without encryption" warning from every kernel).
    config.KernelManager.transport = "ipc"
    return config


# Warnings that mean nothing to a facilitator: trust is about showing a notebook's saved outputs
# in Jupyter's editor, and Voila runs the apps fresh for every page.
QUIET_MESSAGES = ("Notebook %s is not trusted",)


class QuietLogs(logging.Filter):
    """Drops the log records of :data:`QUIET_MESSAGES` (matched on the unformatted message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in QUIET_MESSAGES


def gzip_transform():
    """Tornado's gzip for every compressible response (pages, scripts, styles, JSON: Voila's and
    the participant page's alike) except event streams, which are written a message at a time."""
    from tornado.web import GZipContentEncoding

    class GzipExceptStreams(GZipContentEncoding):
        def _compressible_type(self, ctype: str) -> bool:
            return ctype != "text/event-stream" and super()._compressible_type(ctype)

    return GzipExceptStreams


WILDCARD_IPS = ("", "0.0.0.0", "::", "*")  # noqa: S104 (names of "every interface", not a bind here)


def _reachable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def lan_address(ip: str) -> str | None:
    """The address that people on this machine's network reach a server listening on ``ip`` at,
    or ``None`` when it listens on loopback only. Read from the network interfaces (psutil):
    nothing is sent anywhere."""
    if ip not in WILDCARD_IPS:
        try:
            return ip if _reachable(ip) else None
        except ValueError:  # a host name
            return None if ip == "localhost" else ip
    import psutil

    stats = psutil.net_if_stats()
    found = [a.address for name, addresses in sorted(psutil.net_if_addrs().items())
             if name in stats and stats[name].isup
             for a in addresses if a.family == socket.AF_INET and _reachable(a.address)]
    private = [a for a in found if ipaddress.ip_address(a).is_private]
    return (private or found or [None])[0]


def http_url(host: str, port: int) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}"


def addresses(port: int, ip: str, public_url: str | None, base_path: str = "/") -> tuple[str, str | None]:
    """``(local, public)``: the server's base on this machine, and the base URL people are given
    (links, QR codes): the configured public URL, else the network address when listening beyond
    loopback, else ``None`` (the address a page was reached at)."""
    from toolkit.core.urls import check_public_url, configured_public_url

    path = base_path.rstrip("/")
    local = http_url("127.0.0.1" if ip in WILDCARD_IPS else ip, port) + path
    if public_url:
        return local, check_public_url(public_url)
    if configured_public_url():
        return local, configured_public_url()
    lan = lan_address(ip)
    return local, http_url(lan, port) + path if lan else None


def voila_argv(port: int, ip: str, root: Path = NOTEBOOKS_DIR, base_path: str = "/") -> list[str]:
    """The command-line part of the Voila start: folder, address, path prefix, no browser."""
    return [str(root), f"--port={port}", f"--Voila.ip={ip}", "--no-browser", "--Voila.log_level=WARN",
            f"--Voila.base_url={base_path}"]


def stagger_refills(manager, step: float = REFILL_STEP_SECONDS) -> None:
    """Start replacement pool kernels one every ``step`` seconds instead of all at once.

    Voila replaces every kernel taken from the pool at once; when a room of 60 opens the link
    together, 60 kernel starts would compete for the CPU with the 60 pages being built. The pool
    is sized for the room, so nobody waits for a replacement.
    """
    original = manager.fill_if_needed
    next_start = [0.0]

    def fill_if_needed(delay=None, notebook_name=None, **kwargs):
        if delay is None:  # a refill after a kernel was taken (the start-up fill passes a delay)
            now = time.monotonic()
            next_start[0] = max(now, next_start[0]) + step
            delay = next_start[0] - now
        return original(delay=delay, notebook_name=notebook_name, **kwargs)

    manager.fill_if_needed = fill_if_needed


def ready_kernels_first(manager) -> None:
    """Hand a visitor a kernel that is already warm whenever the pool has one.

    Voila takes the oldest entry of the pool, which may still be starting (or waiting for its
    staggered start) while a younger one is ready.
    """
    original = manager.get_rendered_notebook

    async def get_rendered_notebook(notebook_name, *args, **kwargs):
        pool = manager._pools.get(notebook_name)
        if pool:
            pool.sort(key=lambda task: not task.done())  # stable: ready ones first, in order
        return await original(notebook_name, *args, **kwargs)

    manager.get_rendered_notebook = get_rendered_notebook


def guard_handlers(handlers: list, gate) -> list:
    """Voila's handlers with the kernel websocket and the notebook page replaced by the guarded
    ones of :mod:`toolkit.guard` (same URL patterns, same arguments)."""
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    from toolkit.guard.pages import GuardedVoilaHandler
    from toolkit.guard.websocket import GuardedKernelWebsocketHandler

    guarded = []
    for pattern, handler, *rest in handlers:
        if handler is VoilaKernelWebsocketHandler:
            handler = GuardedKernelWebsocketHandler
        elif handler is TornadoVoilaHandler:
            handler, rest = GuardedVoilaHandler, [{**(rest[0] if rest else {}), "gate": gate}]
        guarded.append((pattern, handler, *rest))
    return guarded


def make_app_class():
    """A Voila application with ``/`` redirected to the lobby, a ``/health`` endpoint and the
    guards of :mod:`toolkit.guard`."""
    import tornado.web
    from traitlets import Bool, Int
    from voila.app import Voila

    from toolkit.guard.admission import SlidingWindow
    from toolkit.guard.banner import TEMPLATE_DIR
    from toolkit.guard.pages import KernelGate
    from toolkit.web import web_handlers

    class HealthHandler(tornado.web.RequestHandler):
        def get(self) -> None:
            # Reads the kernel manager's bookkeeping only: never starts a kernel.
            manager = self.settings.get("kernel_manager")
            kernels = len(manager.list_kernel_ids()) if manager is not None else 0
            warm = manager.warm_kernels() if hasattr(manager, "warm_kernels") else 0
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps({"status": "ok", "kernels": kernels, "warm": warm}))

    class ToolkitVoila(Voila):
        client_pages = Int(0, config=True, help="Kernel pages one client may open per minute (0: no limit).")
        client_pool_takes = Int(0, config=True, help="Warm kernels one client may take per minute (0: no limit).")
        behind_proxy = Bool(False, config=True, help="Take the client's address from the proxy's X-Real-Ip or "
                                                     "X-Forwarded-For header.")

        def initialize(self, argv=None):
            super().initialize(argv)
            self.log.addFilter(QuietLogs())

        def init_settings(self):
            # Tornado reads compress_response only when the application is made: pass the
            # transform itself (Voila adds its tornado_settings afterwards).
            return {**super().init_settings(), "transforms": [gzip_transform()]}

        def setup_template_dirs(self):
            super().setup_template_dirs()
            # Our index.html.j2 extends Voila's lab template with the connection-lost banner.
            self.template_paths = [str(TEMPLATE_DIR), *self.template_paths]

        def init_handlers(self):
            # Voila calls app.listen(port, ip) next. Behind a proxy the limits see each visitor.
            self.app.listen = functools.partial(self.app.listen, backlog=LISTEN_BACKLOG, xheaders=self.behind_proxy)
            stagger_refills(self.kernel_manager)
            ready_kernels_first(self.kernel_manager)
            gate = KernelGate(pages=SlidingWindow(self.client_pages), pool_takes=SlidingWindow(self.client_pool_takes))
            handlers = guard_handlers(super().init_handlers(), gate)
            lobby = f"{self.server_url.rstrip('/')}/lobby"
            own = [
                (self.server_url.rstrip("/") + "/health", HealthHandler),
                (self.server_url, tornado.web.RedirectHandler, {"url": lobby}),
                # The lobby used to be a notebook: its old address leads to the page, with no kernel.
                (f"{self.server_url.rstrip('/')}/voila/render/{LOBBY_NOTEBOOK}", tornado.web.RedirectHandler,
                 {"url": lobby}),
            ]
            own += web_handlers(self.server_url)  # the participant page: no kernel
            return own + [h for h in handlers if h[0] != self.server_url]

        def listen(self):
            settle_collector()  # everything is set up: the loop starts next, and serves until stopped
            super().listen()

    return ToolkitVoila


def serve(port: int = 8866, warm: int = 2, db: str | None = None, ip: str = "127.0.0.1",
          open_browser: bool = False, max_kernels: int | None = None, client_pages: int | None = None,
          client_pool_takes: int | None = None, unconnected_timeout: float = UNCONNECTED_TIMEOUT_SECONDS,
          public_url: str | None = None, behind_proxy: bool = False, base_path: str = "/") -> int:
    """Serve the lobby and every app; blocks until interrupted."""
    from toolkit.core.store import get_store, resolve_url
    from toolkit.core.urls import PUBLIC_URL_ENV, announce_server, check_base_path

    url = resolve_url(db)
    base_path = check_base_path(base_path)
    local, public = addresses(port, ip, public_url, base_path)
    os.environ["TOOLKIT_DB"] = url  # kernels inherit it: they all use the same store
    if public:
        os.environ[PUBLIC_URL_ENV] = public  # and the base of every link and QR code
    store = get_store(url)  # create the schema (or report an unknown one) before anyone joins
    announce_server(store, public or local)  # `toolkit session new` prints links to this server
    shown = url.split("@")[-1]
    from toolkit.cli_text import say

    room = say("serving_room", room=f"{public}/j") if public else ""
    print(say("serving", lobby=f"{local}/lobby", room=room, store=shown), flush=True)
    app = make_app_class()
    config = voila_config(warm, max_kernels, client_pages, client_pool_takes, unconnected_timeout)
    config.ToolkitVoila.behind_proxy = behind_proxy
    app.launch_instance(argv=voila_argv(port, ip, base_path=base_path), config=config)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
