"""Pure analysis per workshop method: core snapshots in, DataFrames and dataclasses out.

:data:`METHODS` maps a workshop id to the dotted name of its module; each module defines
``report_sections(snapshot, lang)`` (see :mod:`toolkit.methods.base`).
"""
from __future__ import annotations

import importlib
from types import ModuleType

METHODS: dict[str, str] = {
    "brainstorm": "toolkit.methods.brainstorm",
    "dna-mapping": "toolkit.methods.dna",
    "aida-journey": "toolkit.methods.aida",
    "brand-persona": "toolkit.methods.persona",
    "content-alignment": "toolkit.methods.content_alignment",
    "service-maturity": "toolkit.methods.service_maturity",
    "marketing-it-retro": "toolkit.methods.marketing_it_retro",
}


def method_module(workshop_id: str) -> ModuleType | None:
    """The analysis module of a workshop, or ``None`` when it has none."""
    name = METHODS.get(workshop_id)
    return importlib.import_module(name) if name else None
