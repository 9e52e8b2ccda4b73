"""Grouping suggestions: quality on the labelled notes and time for 600 and 3,000 notes.

Usage: ``python benchmarks/grouping.py``. Prints a table and writes
``benchmarks/results/grouping.json``. For each language and each labelled set in
``tests/data/grouping/`` (``tune``: the notes the method was tuned on; ``heldout``: notes it has
never seen) it reports the pairwise precision, recall and F1 of the suggested groups and the
precision and recall of the suggested duplicates, for :func:`toolkit.methods.grouping.suggest` and
for a baseline: plain TF-IDF (scikit-learn's defaults) with average linkage cut at a fixed distance,
and duplicates by fuzzy matching (rapidfuzz ``ratio``) at a fixed threshold. Times are the median of
three runs after a warm-up (imports excluded), wall and CPU time, on notes of the English tuning set
repeated (numbered, so each is its own note); the machine's load average is recorded beside them.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.methods.grouping import (  # noqa: E402
    Cluster,
    Suggestions,
    _cluster_ids,
    evaluate,
    read_labelled_notes,
    suggest,
)

DATA = ROOT / "tests" / "data" / "grouping"
OUT = ROOT / "benchmarks" / "results" / "grouping.json"
BASELINE_DISTANCE = 0.95
BASELINE_FUZZY_RATIO = 70


def baseline(texts: list[str]) -> Suggestions:
    """Plain TF-IDF plus average linkage; duplicates by fuzzy matching at a fixed threshold."""
    import numpy as np
    from rapidfuzz import fuzz, process
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer().fit_transform(texts)
    similarity = np.asarray((matrix @ matrix.T).todense())
    groups: dict[int, list[int]] = {}
    for index, cluster_id in enumerate(_cluster_ids(similarity, BASELINE_DISTANCE)):
        groups.setdefault(cluster_id, []).append(index)
    lowered = [t.lower() for t in texts]
    ratios = process.cdist(lowered, lowered, scorer=fuzz.ratio)
    duplicates = tuple((i, j, float(ratios[i, j]) / 100) for i in range(len(texts))
                       for j in range(i + 1, len(texts)) if ratios[i, j] >= BASELINE_FUZZY_RATIO)
    return Suggestions(tuple(Cluster("", tuple(m)) for m in groups.values()), duplicates)


def quality() -> list[dict]:
    rows = []
    for lang in ("en", "nl"):
        for name in ("tune", "heldout"):
            notes = read_labelled_notes(DATA / f"{name}_{lang}.txt")
            for method, run in (("baseline", baseline), ("toolkit", lambda t, lang=lang: suggest(t, lang))):
                scores = evaluate(run(list(notes.texts)), notes)
                rows.append({"lang": lang, "set": name, "method": method, "notes": len(notes.texts),
                             "duplicate_pairs": len(notes.duplicate_pairs()), **scores.__dict__})
    return rows


def timings() -> dict:
    notes = [t for lang in ("en",) for t in read_labelled_notes(DATA / f"tune_{lang}.txt").texts]
    out = {}
    suggest(notes[:10], "en")
    for size in (600, 3000):
        batch = [f"{notes[i % len(notes)]} {i}" for i in range(size)]
        runs, cpu = [], []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            suggest(batch, "en")
            runs.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        out[f"notes_{size}_s"] = round(statistics.median(runs), 3)
        out[f"notes_{size}_cpu_s"] = round(statistics.median(cpu), 3)
    out["load_average_1min"] = round(os.getloadavg()[0], 2)
    return out


def main() -> int:
    result = {"machine": platform.machine(), "python": platform.python_version(), "quality": quality(),
              "timing": timings()}
    print(f"{'lang':<4} {'set':<8} {'method':<9} {'groupP':>6} {'groupR':>6} {'groupF1':>7} {'dupP':>5} {'dupR':>5}")
    for r in result["quality"]:
        print(f"{r['lang']:<4} {r['set']:<8} {r['method']:<9} {r['group_precision']:>6.2f} {r['group_recall']:>6.2f} "
              f"{r['group_f1']:>7.2f} {r['duplicate_precision']:>5.2f} {r['duplicate_recall']:>5.2f}")
    for key, value in result["timing"].items():
        print(f"{key}: {value}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
