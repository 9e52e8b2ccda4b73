"""``toolkit serve``: Voila on ``notebooks/`` with a warm kernel pool, a lobby at ``/`` and a
health check that starts no kernel.

Participants all open ``live.ipynb?session=CODE``, so one pool sized by ``--participants``
serves every workshop; the pool's kernels have imported the live engine and wait at
``voila.utils.wait_for_request`` until a visitor arrives, then read the session code from the
request. Other notebooks start a kernel on demand.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
LIVE_NOTEBOOK = "live.ipynb"
LOBBY_NOTEBOOK = "lobby.ipynb"
REFILL_STEP_SECONDS = 2.0


def voila_config(participants: int):
    """The Voila configuration used by :func:`serve` (also by the benchmarks' baseline)."""
    from traitlets.config import Config

    pool = max(1, participants)
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
    config.MappingKernelManager.cull_idle_timeout = 1800
    config.MappingKernelManager.cull_interval = 120
    config.MappingKernelManager.cull_connected = False
    return config


def voila_argv(port: int, ip: str, root: Path = NOTEBOOKS_DIR) -> list[str]:
    """The command-line part of the Voila start: folder, address, no browser."""
    return [str(root), f"--port={port}", f"--Voila.ip={ip}", "--no-browser", "--Voila.log_level=WARN"]


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


def make_app_class():
    """A Voila application with ``/`` redirected to the lobby and a ``/health`` endpoint."""
    import tornado.web
    from voila.app import Voila

    from toolkit.web import web_handlers

    class HealthHandler(tornado.web.RequestHandler):
        def get(self) -> None:
            # Reads the kernel manager's bookkeeping only: never starts a kernel.
            manager = self.settings.get("kernel_manager")
            kernels = len(manager.list_kernel_ids()) if manager is not None else 0
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps({"status": "ok", "kernels": kernels}))

    class ToolkitVoila(Voila):
        def init_handlers(self):
            stagger_refills(self.kernel_manager)
            ready_kernels_first(self.kernel_manager)
            handlers = super().init_handlers()
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

    return ToolkitVoila


def serve(port: int = 8866, participants: int = 8, db: str | None = None, ip: str = "127.0.0.1",
          open_browser: bool = False) -> int:
    """Serve the lobby and every app; blocks until interrupted."""
    from toolkit.core.store import get_store, resolve_url

    url = resolve_url(db)
    os.environ["TOOLKIT_DB"] = url  # kernels inherit it: they all use the same store
    get_store(url)  # create the schema (or report an unknown one) before anyone joins
    shown = url.split("@")[-1]
    print(f"Workshop toolkit: lobby at http://{ip}:{port}/  (store: {shown})", flush=True)
    app = make_app_class()
    app.launch_instance(argv=voila_argv(port, ip), config=voila_config(participants))
    return 0


if __name__ == "__main__":
    sys.exit(serve())
