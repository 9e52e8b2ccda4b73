"""The self-paced retrospective notebook draws its three charts and lists the actions, in both
languages (nbval only checks that its cells run)."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "self-paced" / "marketing-it-retro.ipynb"

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize(("lang", "action"), [("nl", "Eén klantprofiel voor de gezinsmailing"),
                                              ("en", "One customer view for the newsletter")])
def test_charts_and_actions(lang, action, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DB", f"sqlite:///{tmp_path}/self-paced.sqlite")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    lang_cell = next(c for c in notebook.cells if c.cell_type == "code" and "LANG =" in c.source)
    lang_cell.source = f'LANG = "{lang}"'
    NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) == 3
    printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert action in printed and printed.count("✔") == 3
