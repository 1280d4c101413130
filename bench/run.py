"""`make bench`: jixiao and its peers on the same sample PDFs, measured the same way.

Each (tool, sample set) job runs as its own process per run, rounds
interleaved (run 1 of every job, then run 2, ...) so that load from other work
on a shared machine falls on all tools alike. The first run's output is scored
with `jixiao eval`; speed is seconds per page (median, min, max over the runs),
memory the peak RSS of the process. Results go to bench/RESULTS.md.

    python -m bench.run                      # full benchmark, 3 runs
    python -m bench.run --runs 1 --tools jixiao,pdfplumber --files 003_zengcheng.pdf
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.jobs import TOOLS, Job, Tool
from bench.measure import run_worker
from jixiao.pipeline.evaluation.scorer import evaluate_output

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
MANIFEST = SAMPLES / "manifest.json"
RESULTS = ROOT / "bench" / "RESULTS.md"
#: Scans timed by default: OCR costs seconds per page (more on a loaded machine), and three
#: runs of two OCR tools over all 19 scan pages would not fit `make bench` in ~10 minutes.
#: This one has a page turned 180°, so jixiao's orientation step is paid; --all-scans for the rest.
DEFAULT_SCANS = ("000_jiangmen_scan.pdf",)


def sample_sets(only: set[str] | None = None, all_scans: bool = False) -> dict[str, list[tuple[Path, int]]]:
    """(PDF, pages) per manifest variant, optionally limited to some file names."""
    sets: dict[str, list[tuple[Path, int]]] = {}
    for entry in json.loads(MANIFEST.read_text(encoding="utf-8")):
        path = SAMPLES / entry["file"]
        if only and path.name not in only:
            continue
        if not only and not all_scans and entry["variant"] == "scan" and path.name not in DEFAULT_SCANS:
            continue
        sets.setdefault(entry["variant"], []).append((path, int(entry["pages"])))
    return sets


def available(tool: Tool) -> str:
    """'' when the tool can run, else why not."""
    if tool.needs and importlib.util.find_spec(tool.needs) is None:
        return f"`{tool.needs}` is not installed (pip install -e '.[bench]')"
    return ""


def plan_jobs(tools: list[Tool], sets: dict[str, list[tuple[Path, int]]]) -> tuple[list[Job], list[str]]:
    jobs, skipped = [], []
    for tool in tools:
        reason = available(tool)
        if reason:
            skipped.append(f"{tool.label}: skipped, {reason}")
            continue
        for variant in tool.variants:
            if sets.get(variant):
                jobs.append(Job(tool, variant, [p for p, _ in sets[variant]], pages=sum(n for _, n in sets[variant])))
    return jobs, skipped


def score(job: Job, out_dir: Path) -> dict | None:
    """`jixiao eval` summary of the job's variant group (None for tools without tables)."""
    if not job.tool.scored:
        return None
    report = evaluate_output(out_dir, SAMPLES / "truth", MANIFEST)
    (out_dir / "eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return report["summary"].get(job.variant)


def run_jobs(jobs: list[Job], runs: int, work: Path, progress=print) -> None:
    """All runs of all jobs, rounds interleaved and the job order rotated each round."""
    for round_no in range(runs):
        order = jobs[round_no % len(jobs):] + jobs[:round_no % len(jobs)] if jobs else []
        for job in order:
            if job.error:
                continue
            out_dir = work / job.key / f"run{round_no + 1}"
            try:
                measurement = run_worker(job.tool.name, out_dir, job.files, out_dir / "logs")
            except Exception as exc:  # one tool failing must not lose the others' figures
                job.error = str(exc).splitlines()[0]
                progress(f"  {job.key}: FAILED {job.error}")
                continue
            job.runs.append(measurement)
            if round_no == 0:
                job.accuracy = score(job, out_dir)
            elif out_dir.exists():
                shutil.rmtree(out_dir)
            progress(f"  run {round_no + 1}/{runs} {job.key}: {measurement.wall:.1f} s, {measurement.max_rss_mb:.0f} MB")


def run_bench(tools: list[Tool] = TOOLS, runs: int = 3, files: set[str] | None = None,
              work: Path | None = None, progress=print, all_scans: bool = False) -> tuple[list[Job], list[str]]:
    """Plan, run and score; returns the jobs (with measurements) and notes on skipped tools."""
    jobs, skipped = plan_jobs(tools, sample_sets(files, all_scans))
    work = work or Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    run_jobs(jobs, runs, work, progress)
    return jobs, skipped


OCR_PAGES = ROOT / "bench" / "ocr_pages.py"


def run_ocr_pages(work: Path, pages: int) -> dict | None:
    """The in-process OCR benchmark (table-aware reader against whole-page OCR, routing accuracy), if present.

    It measures inside one process what the jobs above measure per process, plus
    the routing decision on every sample page; its figures are reported as it gives them.
    """
    if not OCR_PAGES.exists():
        return None
    out = work / "ocr_pages.json"
    command = [sys.executable, "-m", "bench.ocr_pages", "--limit", str(pages), "--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]}
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> None:
    from bench.report import render_markdown, render_console

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and sample set (median reported)")
    parser.add_argument("--tools", default="", help="comma-separated tool names (default: all)")
    parser.add_argument("--files", default="", help="comma-separated sample file names (default: all in the manifest)")
    parser.add_argument("--all-scans", action="store_true", help=f"time every scan sample, not only {', '.join(DEFAULT_SCANS)}")
    parser.add_argument("--out", type=Path, default=RESULTS, help="markdown results file")
    parser.add_argument("--work", type=Path, default=None, help="keep outputs here (default: a temporary directory)")
    args = parser.parse_args(argv)
    names = {n for n in args.tools.split(",") if n}
    tools = [t for t in TOOLS if not names or t.name in names]
    files = {n for n in args.files.split(",") if n} or None
    work = args.work or Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    from bench.report import machine_description

    machine = machine_description()
    print(f"bench: {args.runs} run(s), work dir {work}")
    jobs, skipped = run_bench(tools, args.runs, files, work, all_scans=args.all_scans)
    ocr = None
    if any(j.variant == "scan" for j in jobs):
        scan_pages = max(j.pages for j in jobs if j.variant == "scan")
        print(f"  bench.ocr_pages on {scan_pages} scan page(s)")
        ocr = run_ocr_pages(work, scan_pages)
    machine["load_after"] = machine_description()["load"]
    print(render_console(jobs, skipped))
    args.out.write_text(render_markdown(jobs, skipped, machine, args.runs, ocr), encoding="utf-8")
    print(f"written {args.out}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
