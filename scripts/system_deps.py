#!/usr/bin/env python3
"""The Debian packages the tests need, checked before ``make test`` runs anything.

``python3 scripts/system_deps.py`` asks ``dpkg-query`` which of them are missing. As root it
installs those itself (``apt-get update`` and ``apt-get install``); as any other user it stops
with exit code 1 and prints the one ``apt-get install`` line to run. ``.ci/run`` and the
Makefile both call it: this file is the only list. Standard library only (it runs before the
virtual environment exists).

``TOOLKIT_SYSTEM_DEPS=check`` never installs (as if not root), ``TOOLKIT_SYSTEM_DEPS=install``
always tries (as if root, e.g. through a ``sudo`` wrapper), ``TOOLKIT_SYSTEM_DEPS=skip`` checks
nothing (a machine that is set up some other way).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

PACKAGES = [
    "chromium",              # the browser tests (/usr/bin/chromium, driven by Playwright)
    "postgresql",            # the store and two-server tests start a throwaway cluster
    "poppler-utils",         # pdftotext/pdftoppm read the PDF reports back
    "libpango-1.0-0",        # WeasyPrint draws PDFs with Pango...
    "libpangoft2-1.0-0",
    "libharfbuzz0b",         # ...HarfBuzz...
    "libharfbuzz-subset0",   # ...and subsets fonts (without it every PDF test fails on a warning)
    "fonts-dejavu-core",     # a font for the PDFs and charts
    "python3-venv",          # make creates .venv
    "make",
]
# Node's npm installs axe-core for the accessibility test; a machine with a Node.js of its own keeps it.
NPM_PACKAGES = ["nodejs", "npm"]


def wanted() -> list[str]:
    return PACKAGES + ([] if shutil.which("npm") else NPM_PACKAGES)


def missing(packages: list[str]) -> list[str] | None:
    """The packages of ``packages`` not installed; ``None`` on a system without ``dpkg-query``."""
    if shutil.which("dpkg-query") is None:
        return None
    result = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
                            capture_output=True, text=True)
    installed = {line.split()[0].split(":")[0] for line in result.stdout.splitlines()
                 if line.strip().endswith(" installed")}
    return [name for name in packages if name not in installed]


def install_line(packages: list[str]) -> str:
    return "sudo apt-get install -y --no-install-recommends " + " ".join(packages)


def may_install() -> bool:
    mode = os.environ.get("TOOLKIT_SYSTEM_DEPS", "")
    return mode == "install" or (mode != "check" and os.geteuid() == 0)


def apt_install(packages: list[str]) -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing Debian packages for the tests: {' '.join(packages)}", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def main() -> int:
    if os.environ.get("TOOLKIT_SYSTEM_DEPS", "") == "skip":
        return 0
    packages = wanted()
    absent = missing(packages)
    if absent is None:
        print("Not a Debian system (no dpkg-query): the tests need the equivalents of these Debian packages: "
              + " ".join(packages), file=sys.stderr)
        return 0
    if absent and may_install():
        try:
            apt_install(absent)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"apt-get failed ({exc}); install the packages with:\n  {install_line(absent)}", file=sys.stderr)
            return 1
        absent = missing(absent) or []
    if absent:
        print("The tests need Debian packages that are not installed. Install them with:\n"
              f"  {install_line(absent)}\nthen run `make test` again.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
