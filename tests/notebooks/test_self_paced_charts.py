"""The self-paced notebooks draw their charts as images (nbval only checks that cells run)."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks" / "self-paced"

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize(("name", "charts"), [("dna-mapping", 3), ("aida-journey", 4), ("brand-persona", 3)])
def test_charts_are_shown_as_images(name, charts, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DB", f"sqlite:///{tmp_path}/self-paced.sqlite")
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) == charts
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
