"""The server process keeps its start-up objects out of the garbage collector's way."""
from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import gc, json
import toolkit.serve as serve
before = gc.get_freeze_count()
serve.settle_collector()
print(json.dumps({"before": before, "frozen": gc.get_freeze_count(), "threshold": gc.get_threshold(),
                  "wanted": serve.COLLECTOR_THRESHOLDS}))
"""


def test_settling_freezes_what_was_loaded_and_collects_less_often():
    # In a process of its own: freezing this test process would change every test after it.
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(out.stdout)
    assert seen["before"] == 0
    assert seen["frozen"] > 10_000  # the modules, classes and settings loaded at start-up
    assert tuple(seen["threshold"]) == tuple(seen["wanted"])
    assert seen["threshold"][0] > 700  # Python's default young-generation threshold
