"""Shared fixtures: a SQLite store, a throwaway PostgreSQL server, and a ``store`` on both.

The PostgreSQL cluster is started once per test run on 127.0.0.1 (initdb with trust auth,
``pg_ctl start -w``) and removed at the end. Missing PostgreSQL binaries are a failure, not a
skip: CI installs Debian's ``postgresql`` package (``.ci/run``).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

PG_DATABASE = "toolkit_test"
PG_BINARIES = ("initdb", "pg_ctl", "postgres", "createdb")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name)) or (0,)


def postgres_bindir() -> Path:
    """The folder with PostgreSQL's server binaries (``pg_config --bindir``, else the newest
    ``/usr/lib/postgresql/*/bin``); fails the test run when there is none."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30)
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for folder in candidates:
        if all((folder / name).is_file() for name in PG_BINARIES):
            return folder
    pytest.fail(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres, createdb) not found via `pg_config --bindir` "
        "or /usr/lib/postgresql/*/bin: install Debian's `postgresql` package (.ci/run does), "
        "or deselect these tests with -m 'not postgres'.",
        pytrace=False,
    )


def _as_postgres(cmd: list[str]) -> list[str]:
    """``cmd`` run as the ``postgres`` user when we are root (initdb refuses to run as root)."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root needs `runuser` (util-linux) to start PostgreSQL as user postgres",
                    pytrace=False)
    return [runuser, "-u", "postgres", "--", *cmd]


def _run(cmd: list[str], cwd: Path, what: str, log: Path | None = None) -> None:
    env = dict(os.environ, LC_ALL="C", LANG="C")
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        extra = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
        pytest.fail(f"{what} failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout}\n{result.stderr}\n{extra}",
                    pytrace=False)


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server on 127.0.0.1: ``postgresql://postgres@127.0.0.1:PORT/toolkit_test``."""
    bindir = postgres_bindir()
    base = Path(tempfile.mkdtemp(prefix="toolkit-pg-"))
    data, log = base / "data", base / "server.log"
    if os.geteuid() == 0:
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            pytest.fail("running as root needs a `postgres` user to run initdb as", pytrace=False)
        os.chown(base, pw.pw_uid, pw.pw_gid)
    port = free_port()
    started = False
    try:
        _run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--no-locale", "--no-sync"]), base, "initdb")
        options = (f"-h 127.0.0.1 -p {port} -k {base} -F "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        _run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                           "-o", options, "start"]), base, "pg_ctl start", log)
        started = True
        _run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", PG_DATABASE],
             base, "createdb", log)
        yield f"postgresql://postgres@127.0.0.1:{port}/{PG_DATABASE}"
    finally:
        if started:
            subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                           cwd=base, capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


_pg_admin: dict[str, object] = {}


def reset_postgres(url: str) -> None:
    """Empty the test database, so the next Store starts from scratch: every toolkit table is
    truncated (ids restart at 1, ``meta`` is emptied too), or, when a table is missing or broken,
    all of them are dropped (``metadata.drop_all``). Truncating is much faster than DDL."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    from toolkit.core.store import metadata, resolve_url

    engine = _pg_admin.get(url)
    if engine is None:
        engine = _pg_admin[url] = create_engine(resolve_url(url), poolclass=NullPool)
    tables = ", ".join(table.name for table in metadata.sorted_tables)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    except DBAPIError:
        metadata.drop_all(engine)


@pytest.fixture
def sqlite_store(tmp_path):
    """A :class:`Store` on a fresh SQLite file in ``tmp_path``."""
    from toolkit.core.store import Store

    store = Store(f"sqlite:///{tmp_path / 'toolkit.sqlite'}")
    yield store
    store.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A fresh, empty :class:`Store`: once on SQLite, once on PostgreSQL (marked ``postgres``)."""
    from toolkit.core.store import Store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'toolkit.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
        reset_postgres(url)
    store = Store(url)
    yield store
    store.dispose()


LAB_WORKSHOP = """\
# A test-only workshop that uses every input kind and the largest allowed text limits.
id: lab
title: {nl: Proeftuin, en: Lab}
description: {nl: Alleen voor tests., en: Tests only.}
duration_minutes: 30
roles: [marketing, specialist, it]
scales:
  - id: five
    low: 1
    high: 5
    low_label: {nl: laag, en: low}
    high_label: {nl: hoog, en: high}
lists:
  colours:
    - id: red
      label: {nl: Rood, en: Red}
    - id: blue
      label: {nl: Blauw, en: Blue}
phases:
  - id: notes
    title: {nl: Notities, en: Notes}
    instructions: {nl: Schrijf., en: Write.}
    input: note
    max_length: 100000
  - id: form
    title: {nl: Formulier, en: Form}
    instructions: {nl: Vul in., en: Fill in.}
    input: form
    fields:
      - id: title
        label: {nl: Titel, en: Title}
        type: text
        required: true
        max_length: 100000
      - id: body
        label: {nl: Tekst, en: Body}
        type: longtext
        max_length: 300
      - id: size
        label: {nl: Maat, en: Size}
        type: choice
        options:
          - id: s
            label: {nl: Klein, en: Small}
          - id: l
            label: {nl: Groot, en: Large}
      - id: colour
        label: {nl: Kleur, en: Colour}
        type: choice
        list: colours
      - id: score
        label: {nl: Score, en: Score}
        type: number
        low: 1
        high: 5
      - id: about
        label: {nl: Over, en: About}
        type: ref
        ref_phase: notes
  - id: grid
    title: {nl: Raster, en: Grid}
    instructions: {nl: Score., en: Score.}
    input: rating
    rating:
      rows: {phase: notes}
      columns: {list: colours}
      dimensions:
        - id: fit
          label: {nl: Past, en: Fit}
      scale: five
  - id: vote
    title: {nl: Stemmen, en: Vote}
    instructions: {nl: Stem., en: Vote.}
    input: vote
    vote_on: notes
    vote_budget: 3
"""


@pytest.fixture
def lab_workshop(tmp_path, monkeypatch):
    """A test-only workshop ``lab`` (every input kind, 100,000-character limits), found by
    :func:`toolkit.core.definitions.get_workshop` for the duration of one test, next to copies of
    the shipped definitions."""
    from toolkit.core import definitions

    folder = tmp_path / "workshops"
    folder.mkdir()
    for path in definitions.definition_paths():
        shutil.copy(path, folder / path.name)
    (folder / "lab.yaml").write_text(LAB_WORKSHOP, encoding="utf-8")
    assert definitions.load_workshop(folder / "lab.yaml").id == "lab"
    monkeypatch.setattr(definitions.get_workshop, "__defaults__", (folder,))
    return "lab"
