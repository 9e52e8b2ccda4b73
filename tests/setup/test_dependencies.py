"""Every third-party library that the toolkit or its notebooks import is declared in
pyproject.toml (a non-editable install gets exactly those): read from the installed project's
metadata, which ``make`` refreshes whenever pyproject.toml changes."""
from __future__ import annotations

import ast
import json
import re
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules() -> set[str]:
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "toolkit").rglob("*.py")]
    for notebook in (ROOT / "notebooks").rglob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        sources += ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    found: set[str] = set()
    for source in sources:
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"toolkit", "__future__"}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_library_is_declared():
    declared = {normal(re.split(r"[\s<>=!~;\[(]", spec, maxsplit=1)[0]) for spec in requires("workshop-toolkit")
                if "extra ==" not in spec}
    owners = packages_distributions()
    undeclared = {}
    for module in sorted(imported_modules()):
        dists = {normal(d) for d in owners.get(module, [])}
        assert dists, f"{module} is imported but no installed distribution provides it"
        if not dists & declared:
            undeclared[module] = sorted(dists)
    assert undeclared == {}, f"imported but not in pyproject.toml's dependencies: {undeclared}"
