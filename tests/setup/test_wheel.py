"""The wheel: built from this tree (not editable), installed into a fresh virtual environment, it
carries every workshop, example, notebook, template and static file, and runs from a folder
outside the repository: ``toolkit workshops``, ``toolkit session new --example`` and
``toolkit serve`` (lobby, participant page, facilitator page).

To stay fast the wheel is installed with ``--no-deps`` and the fresh environment borrows the
project environment's third-party packages through a plain path line: that folder's ``.pth``
files (among them the editable install of this tree) are not read, so ``toolkit`` can only come
from the wheel, and a file missing from the wheel fails here.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
PROJECT_JUPYTER = Path(sys.prefix) / "share" / "jupyter"  # Voila's templates: data files of the project venv
# Repository folder -> where the wheel carries it (pyproject.toml, [tool.hatch.build.targets.wheel.sources]).
SHIPPED = {"workshops/": "toolkit/_data/workshops/", "notebooks/": "toolkit/_data/notebooks/"}
DATA_PATTERNS = ("workshops/**", "notebooks/**/*.ipynb", "toolkit/web/templates/**", "toolkit/web/static/**",
                 "toolkit/guard/template/**")


def tracked(*patterns: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", "--", *(f":(glob){p}" for p in patterns)], cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=60)
    return [line for line in out.stdout.splitlines() if (ROOT / line).is_file()]


def in_wheel(path: str) -> str:
    for folder, target in SHIPPED.items():
        if path.startswith(folder):
            return target + path[len(folder):]
    return path


class Installed:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.venv = folder / "venv"
        self.run_dir = folder / "elsewhere"  # no repository anywhere near
        self.run_dir.mkdir()
        self.db = f"sqlite:///{folder / 'store.sqlite'}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("TOOLKIT_DB", "PYTHONPATH", "TOOLKIT_PUBLIC_URL")}
        self.env.update(PATH=f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
                        JUPYTER_PATH=str(PROJECT_JUPYTER), PYTHONUNBUFFERED="1")

    def run(self, *args: str) -> str:
        result = subprocess.run([str(self.venv / "bin" / args[0]), *args[1:]], cwd=self.run_dir, env=self.env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(dist), str(ROOT)], check=True, timeout=600)
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Installed:
    here = Installed(tmp_path_factory.mktemp("installed"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(here.venv)], check=True, timeout=300)
    site = Path(subprocess.run([str(here.venv / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True, timeout=60).stdout.strip())
    (site / "project-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(here.venv / "bin" / "python"), "install",
                    "--no-deps", "--quiet", str(wheel)], check=True, timeout=600)
    return here


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = tracked(*DATA_PATTERNS)
    assert any(p.startswith("workshops/examples/") for p in wanted) and any(p.startswith("notebooks/self-paced/")
                                                                             for p in wanted)
    missing = [p for p in wanted if in_wheel(p) not in names]
    assert missing == [], f"missing from the wheel: {missing}"
    assert not [n for n in names if "__pycache__" in n or ".ipynb_checkpoints" in n or n.endswith("conftest.py")]


def test_the_installed_toolkit_is_the_wheel(installed):
    where = installed.run("python", "-c", "import toolkit; print(toolkit.__file__)").strip()
    assert where.startswith(str(installed.venv)), where


def test_workshops_and_an_example_session_from_elsewhere(installed):
    listed = json.loads(installed.run("toolkit", "workshops", "--json"))
    assert sorted(w["id"] for w in listed) == sorted(Path(p).stem for p in tracked("workshops/*.yaml"))
    created = json.loads(installed.run("toolkit", "session", "new", "dna-mapping", "--example", "--json",
                                       "--db", installed.db))
    assert created["workshop"] == "dna-mapping"
    sessions = json.loads(installed.run("toolkit", "session", "list", "--json", "--db", installed.db))
    assert [s["code"] for s in sessions] == [created["code"]] and sessions[0]["contributions"] > 10


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (our own server on loopback)
        return response.status, response.read().decode("utf-8", "replace")


def test_serve_from_elsewhere(installed):
    port = free_port()
    log = installed.folder / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([str(installed.venv / "bin" / "toolkit"), "serve", "--port", str(port), "--warm", "1",
                                   "--db", installed.db], cwd=installed.run_dir, env=installed.env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if json.loads(get(f"{base}/health")[1])["warm"] >= 1:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no warm kernel within 180 s: {log.read_text()}"
            time.sleep(0.5)
        # `session new` on the server's store prints links with the server's port.
        created = json.loads(installed.run("toolkit", "session", "new", "brainstorm", "--json", "--db", installed.db))
        assert created["participant_url"] == f"{base}/j/{created['code']}"
        status, lobby = get(f"{base}/lobby?lang=en")
        assert status == 200
        for workshop in tracked("workshops/*.yaml"):
            assert f"tk-lobby-start-{Path(workshop).stem}" in lobby
        status, join = get(created["participant_url"])
        assert status == 200 and "tk-join-role" in join
        assert get(f"{base}/j/static/participant.js")[0] == 200
        status, facilitator = get(created["facilitator_url"])
        assert status == 200 and '"kernelId"' in facilitator  # live.ipynb, run by a kernel of the wheel's
        assert "Traceback" not in log.read_text()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
