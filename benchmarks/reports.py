"""All charts and every report format for a session with 1,000 contributions (own process)."""
from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.stats import r3

RUN = Path(__file__).resolve().parent / "run.py"


def scaled_example(name: str, target: int, out: Path) -> Path:
    """An example file grown to ``target`` contributions by repeating the example with new people."""
    import yaml

    from toolkit.core.examples import example_path, read_example, ref_keys

    ex = read_example(example_path(name))
    copies = -(-target // max(1, len(ex.contributions)))
    participants, contributions, votes = [], [], []
    for r in range(copies):
        def pid(x, r=r):
            return f"{x}_r{r}"
        participants += [{**p, "id": pid(p["id"]), **({"name": f"{p['name']} {r}"} if p.get("name") else {})}
                         for p in ex.participants]
        for i, c in enumerate(ex.contributions):
            keys = ref_keys(ex.workshop, c["phase"])
            payload = {k: (pid(v) if k in keys and isinstance(v, str) else v) for k, v in c["payload"].items()}
            contributions.append({**c, "id": pid(c.get("id", f"#{i}")), "by": pid(c["by"]), "payload": payload})
        votes += [{**v, "by": pid(v["by"]), "on": pid(v["on"])} for v in ex.votes]
    contributions = contributions[:target]
    kept = {c["id"] for c in contributions}
    votes = [v for v in votes if v["on"] in kept]
    raw = yaml.safe_load(ex.path.read_text(encoding="utf-8"))
    raw.update(participants=participants, contributions=contributions, votes=votes)
    if raw.get("curation"):  # the first copy keeps the example's curation
        from toolkit.core.examples import renamed_curation

        raw["curation"] = renamed_curation(raw["curation"], lambda x: f"{x}_r0")
    for file in (raw.get("tables") or {}).values():  # the CSV tables the example names sit next to it
        shutil.copyfile(ex.path.parent / file, out / file)
    path = out / f"{name}-{target}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report_figures(args) -> int:
    """Seed a 1,000-contribution session per example and time charts and reports (own process)."""
    import io

    from toolkit.core.examples import EXAMPLES_DIR, seed_session
    from toolkit.core.sessions import contributions, snapshot
    from toolkit.core.store import Store

    folder = Path(args.folder)
    out: dict = {}
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # noqa: F401

    out["import_matplotlib_s"] = r3(time.perf_counter() - start)
    # WeasyPrint's import and first font set-up are paid once per process: timed apart.
    start = time.perf_counter()
    with contextlib.suppress(Exception):
        import weasyprint

        weasyprint.HTML(string="<p>warm-up</p>").write_pdf()
    out["weasyprint_first_pdf_s"] = r3(time.perf_counter() - start)
    names = sorted(p.stem for p in EXAMPLES_DIR.glob("*.yaml"))[: args.examples]
    for name in names:
        store = Store(f"sqlite:///{folder / (name + '.sqlite')}")
        t = time.perf_counter()
        created = seed_session(store, scaled_example(name, args.contributions, folder))
        seeded = time.perf_counter() - t
        count = len([c for c in contributions(store, created.code)])
        entry: dict = {"workshop": created.workshop_id, "contributions": count, "seed_s": r3(seeded)}
        from toolkit.methods import method_module

        t = time.perf_counter()
        snap = snapshot(store, created.code)
        entry["snapshot_s"] = r3(time.perf_counter() - t)
        module = method_module(created.workshop_id)
        t = time.perf_counter()
        sections = module.report_sections(snap, created.language) if module else []
        entry["sections_s"] = r3(time.perf_counter() - t)
        charts = {}
        for section in sections:
            if section.figure is None:
                continue
            t = time.perf_counter()
            fig = section.figure()
            fig.savefig(io.BytesIO(), format="png", dpi=100)
            charts[section.title] = r3(time.perf_counter() - t)
        entry["charts_s"] = charts
        entry["charts_total_s"] = r3(entry["snapshot_s"] + entry["sections_s"] + sum(charts.values()))
        try:
            import toolkit.export as export
            from toolkit.export import render_report
        except ImportError as exc:
            entry["report_s"] = None
            entry["report_note"] = f"toolkit.export.render_report is missing ({exc})"
        else:
            reports = {}
            for fmt in ("html", "pdf", "xlsx", "pptx"):
                cache = getattr(export, "_cache", None)
                if cache is not None:
                    cache.clear()  # each format from scratch: content and charts included
                t = time.perf_counter()
                try:
                    data = render_report(store, created.code, fmt)
                    reports[fmt] = r3(time.perf_counter() - t)
                    reports[f"{fmt}_bytes"] = len(data)
                except Exception as exc:  # report it, keep measuring the rest
                    reports[fmt] = None
                    reports[f"{fmt}_error"] = repr(exc)[:300]
            cache = getattr(export, "_cache", None)
            if cache is not None:
                cache.clear()
            t = time.perf_counter()
            with contextlib.suppress(Exception):
                for fmt in ("html", "pdf", "xlsx", "pptx"):
                    render_report(store, created.code, fmt)
                reports["all_four_in_a_row"] = r3(time.perf_counter() - t)
            entry["report_s"] = reports
        store.dispose()
        out[name] = entry
        print(f"    {name}: {json.dumps(entry)}", flush=True)
    Path(args.out).write_text(json.dumps(out))
    return 0


def measure_reports(args, folder: Path) -> dict:
    out = folder / "reports.json"
    argv = [sys.executable, str(RUN), "_report", "--folder", str(folder), "--out", str(out),
            "--contributions", "1000", "--examples", str(1 if args.quick else 9)]
    subprocess.run(argv, check=True, timeout=1500, cwd=folder)
    raw = json.loads(out.read_text())
    per = {k: v for k, v in raw.items() if isinstance(v, dict)}
    figures: dict = {"report_examples": per, "import_matplotlib_s": raw.get("import_matplotlib_s"),
                     "weasyprint_first_pdf_s": raw.get("weasyprint_first_pdf_s")}
    worst = max(per.values(), key=lambda e: e["charts_total_s"])
    figures["charts_1000_seconds"] = worst["charts_total_s"]
    figures["charts_1000_workshop"] = worst["workshop"]
    reports = [e for e in per.values() if isinstance(e.get("report_s"), dict)]
    if reports:
        formats = ("html", "pdf", "xlsx", "pptx")
        figures["report_1000_seconds"] = {
            fmt: max((e["report_s"].get(fmt) or 0) for e in reports) if all(e["report_s"].get(fmt) is not None
                                                                            for e in reports) else None
            for fmt in formats
        }
        figures["report_1000_seconds"]["all_four_in_a_row"] = max(
            (e["report_s"].get("all_four_in_a_row") or 0) for e in reports)
        known = [v for k, v in figures["report_1000_seconds"].items() if k in formats and v is not None]
        figures["report_1000_max_s"] = max(known) if known else None
    else:
        figures["report_1000_seconds"] = None
        figures["report_1000_max_s"] = None
        figures["report_note"] = next(iter(per.values())).get("report_note")
    return figures
