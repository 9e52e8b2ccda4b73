"""Load the chart libraries in the background once the facilitator's key is accepted.

The locked facilitator page needs none of matplotlib or pandas; the charts below the controls
need both, and importing them takes a second or more. Imported on a thread, they load while the
controls are already on the screen and answer clicks, instead of holding up the kernel.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import threading

log = logging.getLogger(__name__)
CHART_MODULES = ("pandas", "matplotlib.figure", "matplotlib.backends.backend_agg", "toolkit.charts.style",
                 "toolkit.charts.divergence", "toolkit.charts.by_role", "toolkit.methods.by_role")


def chart_modules(workshop_id: str) -> tuple[str, ...]:
    """What the facilitator page of ``workshop_id`` draws with: the common chart modules, the
    method's analysis module and its chart module (when it has one)."""
    from toolkit.methods import METHODS

    method = METHODS.get(workshop_id)
    if method is None:
        return CHART_MODULES
    charts = f"toolkit.charts.{method.rsplit('.', 1)[1]}"
    return (*CHART_MODULES, method, *([charts] if importlib.util.find_spec(charts) else []))


def _import_all(names: tuple[str, ...]) -> None:
    try:
        for name in names:
            importlib.import_module(name)
    except Exception:  # the page imports what it draws with again, and shows what fails there
        log.exception("preloading the chart libraries failed")


def preload(names: tuple[str, ...]) -> threading.Thread:
    """Import ``names`` on a daemon thread (started); join it before relying on them being loaded."""
    thread = threading.Thread(target=_import_all, args=(names,), name="toolkit-preload", daemon=True)
    thread.start()
    return thread
