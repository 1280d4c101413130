"""How fast the review report of a large batch opens in a browser (headless Chromium, file://).

    .venv/bin/python -m bench.report_open [--documents 1000] [--rounds 5] [--out DIR] [--json FILE]

A synthetic batch is made in a scratch folder (never in the repository): the
digital sample PDFs are read once (text layer only) and their Documents are
repeated under new names until there are ``--documents`` of them — what a
catalog holding that many rows gives the report stage. The report is written
from them (pictures are shared by content hash, so each sample is drawn once).

Then Chromium opens ``index.html``, a filtered view and one document page from
disk, ``--rounds`` times each, and reports, per page:

- *ready*: ``performance.now()`` when the page script has drawn the first page
  of the table (milliseconds since navigation started: parsing, the JSON, the
  first 100 rows);
- *load*: ``performance.now()`` at the window's load event;
- *wall − blank*: the Chromium process's wall time minus that of a blank page
  (browser start-up removed), a cruder outside view.

The figures depend on the machine and its load: the load average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def _digital_samples() -> list[Path]:
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    return sorted(SAMPLES / e["file"] for e in manifest
                  if e.get("variant") == "digital" and e["file"].endswith(".pdf"))


def synthetic_batch(count: int):
    """``count`` Documents: the digital samples read once, repeated under new names."""
    from jixiao.extractors.pages import ReadOptions
    from jixiao.pipeline.process import ExtractOptions, process_document

    options = ExtractOptions(read=ReadOptions(ocr="never"))
    base = [(path, process_document(path, path.name, options)) for path in _digital_samples()]
    base = [(path, doc) for path, doc in base if doc.forms]
    docs, paths = [], {}
    for i in range(count):
        path, doc = base[i % len(base)]
        name = f"batch/{i:04d}/{path.name}"
        docs.append(doc.model_copy(update={"source_file": name}))
        paths[name] = path
    return docs, paths


def _chromium(url: str, profile: Path) -> tuple[str, float]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    started = time.perf_counter()
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    return done.stdout, time.perf_counter() - started


def _attr(dom: str, name: str) -> float | None:
    match = re.search(rf'<body[^>]*\b{name}="([\d.]+)"', dom)
    return float(match.group(1)) if match else None


def measure(url: str, profile: Path, rounds: int, blank: float) -> dict:
    ready, load, wall = [], [], []
    for _ in range(rounds):
        dom, seconds = _chromium(url, profile)
        ready.append(_attr(dom, "data-ready-ms"))
        load.append(_attr(dom, "data-load-ms"))
        wall.append(seconds - blank)
    clean = lambda values: [v for v in values if v is not None]  # noqa: E731
    return {"ready_ms": statistics.median(clean(ready)) if clean(ready) else None,
            "load_ms": statistics.median(clean(load)) if clean(load) else None,
            "wall_minus_blank_s": statistics.median(wall), "rounds": rounds,
            "ready_ms_all": ready, "load_ms_all": load}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, help="scratch folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("chromium is not installed: nothing to measure")
        return 0
    from jixiao.pipeline.outputs.report import write_report
    from jixiao.pipeline.outputs.report.data import doc_slug

    scratch = args.out or Path(tempfile.mkdtemp(prefix="jixiao-report-open-"))
    try:
        docs, paths = synthetic_batch(args.documents)
        started = time.perf_counter()
        index = write_report(docs, paths, scratch / "report", workers=1)
        written = time.perf_counter() - started
        blank_page = scratch / "blank.html"
        blank_page.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        profile = scratch / "profile"
        _chromium(blank_page.as_uri(), profile)  # first start creates the profile
        blank = statistics.median(_chromium(blank_page.as_uri(), profile)[1] for _ in range(args.rounds))
        biggest = max(docs, key=lambda d: sum(len(f.indicators) for f in d.forms))
        rule = max({f.rule for d in docs for f in d.findings})
        pages = {
            "overview": index.as_uri(),
            "overview, filtered + sorted": index.as_uri() + f"#rule={rule}&sort=gap&dir=desc&page=2",
            "document page (most rows)": (index.parent / "docs" / f"{doc_slug(biggest.source_file)}.html").as_uri(),
        }
        results = {name: measure(url, profile, args.rounds, blank) for name, url in pages.items()}
        sizes = {"index.html": index.stat().st_size,
                 "data/findings.js": (index.parent / "data" / "findings.js").stat().st_size}
        forms = sum(len(d.forms) for d in docs)
        report = {"documents": len(docs), "forms": forms, "findings": sum(len(d.findings) for d in docs),
                  "write_report_s": round(written, 2), "blank_page_s": round(blank, 3), "bytes": sizes,
                  "load_average": os.getloadavg(), "pages": results}
        print(f"{len(docs)} documents, {forms} forms, {report['findings']} findings; report written in {written:.1f} s; "
              f"index.html {sizes['index.html'] / 1e6:.2f} MB, findings.js {sizes['data/findings.js'] / 1e6:.2f} MB "
              f"(loaded only for the export); load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        print(f"Chromium on a blank page: {blank:.2f} s (subtracted below)")
        print(f"{'page':32} {'ready ms':>9} {'load ms':>9} {'wall − blank s':>15}")
        for name, r in results.items():
            print(f"{name:32} {r['ready_ms'] or float('nan'):9.0f} {r['load_ms'] or float('nan'):9.0f} "
                  f"{r['wall_minus_blank_s']:15.2f}")
        if args.json:
            args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    finally:
        if args.out is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
