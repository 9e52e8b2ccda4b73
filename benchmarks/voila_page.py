"""The Voila participant page, measured from the last commit where participants still used it.

A temporary ``git worktree`` of :data:`VOILA_COMMIT` is made inside the run's folder; its
processes run with ``PYTHONPATH`` set to that tree, so its server imports its own ``toolkit``
(and its own notebooks). The burst, board latency and kernel RSS come from that commit's own
``benchmarks/run.py`` (the same method as before, at a size the old page can take here); the
phone figures are measured here, with the same function as the new page's.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import web
from benchmarks.procs import Server, free_port, log

VOILA_COMMIT = "c40d2ca"
ROOT = Path(__file__).resolve().parents[1]


class OldTree:
    """A detached worktree of :data:`VOILA_COMMIT`; :meth:`remove` deletes it again."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"voila-{VOILA_COMMIT}"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(self.path),
                        VOILA_COMMIT], check=True, timeout=120)

    def env(self, folder: Path, store_url: str) -> dict[str, str]:
        tmp = folder / "tmp"
        tmp.mkdir(exist_ok=True)
        return dict(os.environ, PYTHONPATH=str(self.path), TOOLKIT_DB=store_url, PYTHONUNBUFFERED="1",
                    TMPDIR=str(tmp))

    def remove(self) -> None:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(self.path)], timeout=120,
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], timeout=60, check=False)


def old_bench(tree: OldTree, folder: Path, participants: int, loads: int, sample: int, rate: float,
              seconds: float, quick: bool) -> dict:
    """That commit's ``benchmarks/run.py`` (SQLite, no reports, nothing written): its figures."""
    argv = [sys.executable, str(tree.path / "benchmarks" / "run.py"), "--participants", str(participants),
            "--loads", str(loads), "--sample", str(sample), "--rate", str(rate), "--seconds", str(seconds),
            "--no-pg", "--no-reports", "--no-write"] + (["--quick"] if quick else [])
    log_path = folder / "voila-bench.log"
    with open(log_path, "w") as out:
        done = subprocess.run(argv, cwd=folder, env=tree.env(folder, "sqlite:///unused"), stdout=subprocess.PIPE,
                              stderr=out, text=True, timeout=900 + 12 * participants)
    text = done.stdout
    start = text.find("\n{\n")
    if start < 0:
        raise RuntimeError(f"the Voila page's bench printed no figures:\n{text[-2000:]}")
    for line in text[:start].splitlines():
        print(f"    voila| {line}", flush=True)
    results = json.loads(text[start:])
    if results.get("error"):
        raise RuntimeError(f"the Voila page's bench failed: {results['error']}")
    return results["figures"]


async def old_join_form(page, url: str, timeout_s: float = 90) -> float:
    """The ipywidgets join form is usable: the button clickable and the name field takes text."""
    return await web.join_form_interactive(page, url, timeout_s, name_field=".tk-join-name input")


async def old_phone(browser, tree: OldTree, folder: Path, loads: int, cleanup: list) -> dict:
    """The Voila join form on the emulated phone, from a server of the old tree with a warm pool."""
    store_url = f"sqlite:///{folder / 'voila-phone.sqlite'}"
    env = tree.env(folder, store_url)
    create = ("from toolkit.core.sessions import create_session; from toolkit.core.store import Store; "
              f"print(create_session(Store({store_url!r}), 'brainstorm', 'en').code)")
    code = subprocess.run([sys.executable, "-c", create], env=env, cwd=folder, capture_output=True, text=True,
                          check=True, timeout=120).stdout.strip().splitlines()[-1]
    port = free_port()
    pool = loads + 2
    server = Server("voila-phone", [sys.executable, "-m", "toolkit", "serve", "--port", str(port),
                                    "--participants", str(pool), "--db", store_url], port, folder, env)
    cleanup.append(server.stop)
    try:
        waited = await asyncio.to_thread(server.wait_ready, pool, 120 + 10 * pool)
        log(f"  Voila server of {VOILA_COMMIT} warm after {waited:.0f} s")
        return await web.phone(browser, f"{server.base}/voila/render/live.ipynb?session={code}", old_join_form,
                               loads, lambda: server.wait_quiet(60))
    finally:
        server.stop()
        cleanup.remove(server.stop)
