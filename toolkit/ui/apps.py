"""Which notebook serves which workshop (the URLs of the contract are built from this)."""
from __future__ import annotations

from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"


def app_notebook(workshop_id: str) -> str:
    """The notebook (relative to ``notebooks/``) of a workshop's live app; the brainstorm app
    serves any workshop that has no app of its own yet."""
    name = f"{workshop_id}.ipynb"
    return name if (NOTEBOOKS_DIR / name).is_file() else "brainstorm.ipynb"
