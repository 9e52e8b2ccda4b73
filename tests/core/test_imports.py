"""Core stays light: importing it pulls in no UI, notebook or charting library, and not pandas
(imported only when a snapshot is built). Checked in a fresh interpreter."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE_MODULES = [
    "toolkit.core", "toolkit.core.definitions", "toolkit.core.sessions", "toolkit.core.store",
    "toolkit.core.snapshot", "toolkit.core.examples", "toolkit.core.validation", "toolkit.core.errors",
    "toolkit.core.i18n", "toolkit.core.views",
]
FORBIDDEN = ["ipywidgets", "IPython", "matplotlib", "pandas", "ipykernel", "voila"]

SCRIPT = """
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
loaded = sorted({{m.split(".")[0] for m in sys.modules}})
print(json.dumps(loaded))
"""


def loaded_after(script: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_core_imports_no_ui_charting_or_pandas():
    loaded = loaded_after(SCRIPT.format(modules=CORE_MODULES))
    assert "toolkit" in loaded and "sqlalchemy" in loaded, "the check itself works"
    assert not loaded & set(FORBIDDEN), f"core imported {sorted(loaded & set(FORBIDDEN))}"


def test_a_live_operation_imports_no_pandas(tmp_path):
    script = SCRIPT.format(modules=["toolkit.core.sessions"]).replace(
        "loaded = ",
        "from toolkit.core import sessions as core\n"
        "from toolkit.core.store import Store\n"
        f"store = Store({'sqlite:///' + str(tmp_path / 'x.sqlite')!r})\n"
        "c = core.create_session(store, 'brainstorm')\n"
        "p = core.join(store, c.code, 'it', 'Ann')\n"
        "core.add_contribution(store, c.code, p.token, 'ideas', {'text': 'hi'})\n"
        "core.contributions(store, c.code)\n"
        "core.changes_since(store, c.code, 0)\n"
        "loaded = ",
    )
    loaded = loaded_after(script)
    assert "pandas" not in loaded, "a participant page that draws no chart stays light"
    assert not loaded & set(FORBIDDEN)
