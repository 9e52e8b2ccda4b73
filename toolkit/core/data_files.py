"""Where the files that travel with the package live: workshop definitions (with their example
sessions) and the notebooks that ``toolkit serve`` serves.

A wheel carries them as package data under ``toolkit/_data/`` (pyproject.toml maps the
repository's ``workshops/`` and ``notebooks/`` there at build time, by pattern, so a new
definition or notebook travels without a change here). A source checkout (an editable install,
the tests) has no ``_data``: it reads them where the repository keeps them, beside the package.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

SHIPPED = "_data"


def package_dir() -> Path:
    """The installed ``toolkit`` package's folder (a regular package: a real folder)."""
    return Path(resources.files("toolkit"))  # type: ignore[arg-type]


def data_dir(name: str) -> Path:
    """The folder ``name`` (``workshops`` or ``notebooks``): the wheel's copy when there is one,
    else the source checkout's."""
    shipped = package_dir() / SHIPPED / name
    return shipped if shipped.is_dir() else package_dir().parent / name


def workshops_dir() -> Path:
    return data_dir("workshops")


def notebooks_dir() -> Path:
    return data_dir("notebooks")
