"""Which page serves a live session: every workshop runs on ``live.ipynb`` (one warm pool)."""
from __future__ import annotations

from toolkit.core.data_files import notebooks_dir

NOTEBOOKS_DIR = notebooks_dir()
LIVE_NOTEBOOK = "live.ipynb"


def app_notebook(workshop_id: str) -> str:
    """The notebook (relative to ``notebooks/``) that participants and facilitators open."""
    return LIVE_NOTEBOOK
