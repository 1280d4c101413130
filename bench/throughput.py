"""Batch throughput: documents and pages per second with 1 and 2 workers, and worker memory.

    .venv/bin/python bench/throughput.py [--docs 300] [--workers 1 2] [--ocr never] [--report]

The batch is made in a temporary directory from the digital samples: each copy
gets a different trailing comment, so every file has its own sha256 and the
catalog cannot serve one from another. Each configuration runs in a fresh
process on a fresh output directory (no report), so ``getrusage(RUSAGE_CHILDREN)``
there measures the CPU time and peak resident memory of its workers alone. The
1-minute load average at the end of each run is printed too: on a shared machine
the wall-clock figures mean little without it, the CPU seconds per document more.
With ``--report`` the batch also writes its review report (page pictures are drawn
by the workers) and the table gives each stage's share of the batch's wall time:
processing (hashing, planning, reading), tables, report.
Prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from batch_support import digital_samples, distinct_copy  # noqa: E402


def make_batch(folder: Path, count: int) -> int:
    """``count`` distinct copies, round-robin over the digital samples; returns their page total."""
    import pypdfium2 as pdfium

    sources = digital_samples()
    pages = {s: len(pdfium.PdfDocument(str(s))) for s in sources}
    total = 0
    for n in range(count):
        source = sources[n % len(sources)]
        distinct_copy(source, folder / f"{n:04d}_{source.name}", n)
        total += pages[source]
    return total


def measure(inputs: Path, out: Path, workers: int, ocr: str, report: bool = False) -> dict:
    """One batch in this process; worker peak RSS from the children's rusage."""
    from jixiao.extractors.readers import ReadOptions
    from jixiao.pipeline.batch.run import BatchConfig, BatchObserver, run_batch
    from jixiao.pipeline.settings import ExtractOptions
    from jixiao.pipeline.batch.inputs import discover

    class Stages(BatchObserver):
        def __init__(self) -> None:
            self.at: dict[str, float] = {}

        def stage(self, message: str) -> None:
            self.at[message] = time.perf_counter()

    items = discover([str(inputs)])
    config = BatchConfig(out_dir=out, options=ExtractOptions(read=ReadOptions(ocr=ocr)), workers=workers,
                         report=report)
    stages = Stages()
    started = time.perf_counter()
    result = run_batch(items, config, stages)
    seconds = time.perf_counter() - started
    ended = started + seconds
    tables_at, report_at = stages.at.get("tables", ended), stages.at.get("report", ended)
    shares = {"processing_share": (tables_at - started) / seconds, "tables_share": (report_at - tables_at) / seconds,
              "report_share": (ended - report_at) / seconds, "report_s": ended - report_at}
    docs = result.tables["documents"]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "workers": workers, "docs": len(docs), "pages": int(docs["pages"].sum()), "seconds": seconds,
        "failed": result.failed,
        "worker_cpu_s": children.ru_utime + children.ru_stime, "parent_cpu_s": own.ru_utime + own.ru_stime,
        "worker_peak_rss_mb": children.ru_maxrss / 1024, "parent_peak_rss_mb": own.ru_maxrss / 1024,
        "load_average": os.getloadavg()[0], **shares,
    }


def run_configuration(inputs: Path, workers: int, ocr: str, report: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-out-") as out:
        command = [sys.executable, __file__, "--measure", str(inputs), "--out", out,
                   "--workers", str(workers), "--ocr", ocr, *(["--report"] if report else [])]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    base = rows[0]["docs"] / rows[0]["seconds"]
    lines = ["| workers | docs | pages | seconds | docs/s | pages/s | scaling | worker CPU s/doc | parent CPU s/doc "
             "| worker peak RSS (MB) | parent peak RSS (MB) | failed | load avg | stages: processing / tables / report |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        rate = r["docs"] / r["seconds"]
        lines.append(f"| {r['workers']} | {r['docs']} | {r['pages']} | {r['seconds']:.1f} | {rate:.2f} | "
                     f"{r['pages'] / r['seconds']:.1f} | {rate / base:.2f}× | {r['worker_cpu_s'] / r['docs']:.3f} | "
                     f"{r['parent_cpu_s'] / r['docs']:.3f} | {r['worker_peak_rss_mb']:.0f} | "
                     f"{r['parent_peak_rss_mb']:.0f} | {r['failed']} | {r['load_average']:.1f} | "
                     f"{r['processing_share']:.0%} / {r['tables_share']:.0%} / {r['report_share']:.0%} "
                     f"({r['report_s']:.1f} s) |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--ocr", default="never", choices=["never", "auto", "always"])
    parser.add_argument("--report", action="store_true", help="write the review report too; stage shares")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.out, args.workers[0], args.ocr, args.report)))
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-in-") as folder:
        pages = make_batch(Path(folder), args.docs)
        print(f"{args.docs} documents, {pages} pages (copies of {len(digital_samples())} digital samples), "
              f"--ocr {args.ocr}{', report on' if args.report else ''}", file=sys.stderr)
        rows = []
        for workers in args.workers:
            rows.append(run_configuration(Path(folder), workers, args.ocr, args.report))
            print(f"  {workers} worker(s): {rows[-1]['seconds']:.1f} s", file=sys.stderr)
            if args.report:  # the same batch without the report: what the report costs in all (pictures included)
                plain = run_configuration(Path(folder), workers, args.ocr, False)
                rows[-1]["without_report_s"] = plain["seconds"]
                rows[-1]["without_report_cpu_s"] = plain["worker_cpu_s"] + plain["parent_cpu_s"]
                rows[-1]["without_report_load"] = plain["load_average"]
                print(f"  {workers} worker(s), no report: {plain['seconds']:.1f} s", file=sys.stderr)
    print(table(rows))
    for r in rows:
        if "without_report_s" in r:
            cpu = r["worker_cpu_s"] + r["parent_cpu_s"]
            print(f"\n{r['workers']} worker(s): {r['seconds']:.1f} s wall / {cpu:.1f} CPU s with the report "
                  f"(load {r['load_average']:.1f}), {r['without_report_s']:.1f} s / {r['without_report_cpu_s']:.1f} "
                  f"CPU s without (load {r['without_report_load']:.1f}): the report (pictures drawn in the workers, "
                  f"pages, overview) is {1 - r['without_report_s'] / r['seconds']:.0%} of the batch's wall time, "
                  f"{1 - r['without_report_cpu_s'] / cpu:.0%} of its CPU time")


if __name__ == "__main__":
    main()
