"""``scripts/system_deps.py`` (run by ``make test`` and ``.ci/run``): with a fake ``dpkg-query``
and ``apt-get`` on PATH it stops with the install line, installs as root, and passes when
everything is there; ``make test`` stops before it installs or runs anything."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system_deps.py"
sys.path.insert(0, str(SCRIPT.parent))
import system_deps  # noqa: E402

FAKE_DPKG_QUERY = """#!{python}
import sys
installed = open({state!r}).read().split()
for name in sys.argv[3:]:
    if name in installed:
        print(name + " installed")
    else:
        print("dpkg-query: no packages found matching " + name, file=sys.stderr)
sys.exit(0 if all(n in installed for n in sys.argv[3:]) else 1)
"""
FAKE_APT_GET = """#!{python}
import sys
with open({log!r}, "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
if sys.argv[1] == "install":
    with open({state!r}, "a") as state:
        state.write("\\n" + "\\n".join(a for a in sys.argv[2:] if not a.startswith("-")))
"""


class FakeSystem:
    """A folder of fake ``dpkg-query``, ``apt-get`` (and optionally ``npm``) for PATH."""

    def __init__(self, folder: Path, installed: list[str], npm: bool) -> None:
        self.bin, self.state, self.log = folder / "bin", folder / "installed", folder / "apt.log"
        self.bin.mkdir()
        self.state.write_text("\n".join(installed))
        self.log.write_text("")
        fakes = {"dpkg-query": FAKE_DPKG_QUERY, "apt-get": FAKE_APT_GET}
        if npm:
            fakes["npm"] = "#!/bin/sh\nexit 0\n"
        for name, text in fakes.items():
            path = self.bin / name
            path.write_text(text.format(python=sys.executable, state=str(self.state), log=str(self.log)))
            path.chmod(0o755)

    def env(self, mode: str | None, path_rest: str = "") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "TOOLKIT_SYSTEM_DEPS"}
        env["PATH"] = str(self.bin) + (os.pathsep + path_rest if path_rest else "")
        if mode is not None:
            env["TOOLKIT_SYSTEM_DEPS"] = mode
        return env

    def run(self, mode: str | None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(SCRIPT)], env=self.env(mode), capture_output=True, text=True,
                              timeout=60)

    def apt_calls(self) -> list[str]:
        return self.log.read_text().splitlines()


ALL = system_deps.PACKAGES + system_deps.NPM_PACKAGES
SOME = ["postgresql", "make", "python3-venv", "fonts-dejavu-core", "poppler-utils", "libpango-1.0-0",
        "libpangoft2-1.0-0", "libharfbuzz0b"]  # no chromium, no libharfbuzz-subset0, no npm


def test_the_list_names_every_library_the_tests_use():
    for name in ("chromium", "postgresql", "poppler-utils", "libharfbuzz-subset0", "libpango-1.0-0",
                 "fonts-dejavu-core"):
        assert name in system_deps.PACKAGES


def test_not_root_stops_with_the_one_install_line(tmp_path):
    fake = FakeSystem(tmp_path, SOME, npm=False)
    result = fake.run("check")
    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends chromium libharfbuzz-subset0 nodejs npm\n" in result.stderr
    assert fake.apt_calls() == []


def test_npm_of_its_own_is_kept(tmp_path):
    fake = FakeSystem(tmp_path, SOME, npm=True)
    result = fake.run("check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[1].strip() == (
        "sudo apt-get install -y --no-install-recommends chromium libharfbuzz-subset0")


def test_as_root_it_installs_what_is_missing_and_passes(tmp_path):
    fake = FakeSystem(tmp_path, SOME, npm=True)
    result = fake.run("install")
    assert result.returncode == 0, result.stderr
    assert fake.apt_calls() == ["update -qq", "install -y -qq --no-install-recommends chromium libharfbuzz-subset0"]
    assert fake.run("check").returncode == 0  # now everything is there


def test_the_default_follows_the_user(tmp_path):
    fake = FakeSystem(tmp_path, SOME, npm=True)
    result = fake.run(None)
    if os.geteuid() == 0:
        assert result.returncode == 0 and len(fake.apt_calls()) == 2
    else:
        assert result.returncode == 1 and fake.apt_calls() == []


@pytest.mark.parametrize("mode", ["check", None])
def test_everything_present_passes_quietly(tmp_path, mode):
    fake = FakeSystem(tmp_path, ALL, npm=False)
    result = fake.run(mode)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert fake.apt_calls() == []


def test_make_test_stops_before_anything_else(tmp_path):
    fake = FakeSystem(tmp_path, SOME, npm=False)
    venv = tmp_path / "venv"
    env = fake.env("check", path_rest=os.environ.get("PATH", ""))
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "test", f"PY={sys.executable}",
                             f"VENV={venv}"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "sudo apt-get install -y --no-install-recommends chromium libharfbuzz-subset0" in result.stderr
    assert not venv.exists()  # no venv made, nothing installed, no test run
    assert "pytest" not in result.stdout
