"""Which page serves a live session: every workshop runs on ``live.ipynb`` (one warm pool)."""
from __future__ import annotations

from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
LIVE_NOTEBOOK = "live.ipynb"


def app_notebook(workshop_id: str) -> str:
    """The notebook (relative to ``notebooks/``) that participants and facilitators open."""
    return LIVE_NOTEBOOK
