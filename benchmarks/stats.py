"""Quantiles and summaries of a bench run's timings."""
from __future__ import annotations


def pct(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1), linear between the closest ranks; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def r3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": r3(pct(values, 0.5)), "p95": r3(pct(values, 0.95)),
            "max": r3(max(values) if values else None)}
