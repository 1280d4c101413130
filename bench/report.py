"""The benchmark's results as a console table and as bench/RESULTS.md."""
from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
from importlib import metadata
from pathlib import Path

from bench.jobs import REFERENCE, Job

LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "camelot-py", "img2table", "rapidocr", "onnxruntime")

HEADER = ["tool", "set", "pages", "forms", "row recall", "row precision", "fields exact", "totals exact",
          "s/page median (min–max)", "CPU s/page", "read s/page", "peak MB", "jixiao/tool time", "jixiao/tool CPU", "jixiao/tool memory"]


def _read_first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def _memory(mem_total: str) -> str:
    """'24684084 kB' → '23.5 GiB (MemTotal 24684084 kB)'."""
    try:
        return f"{int(mem_total.split()[0]) / 2**20:.1f} GiB (MemTotal {mem_total})"
    except (ValueError, IndexError):
        return mem_total


def machine_description() -> dict:
    """CPU model, cores, memory, load: the context every figure needs on a shared machine."""
    try:
        cpus = Path("/proc/cpuinfo").read_text().count("processor\t:")
    except OSError:
        cpus = os.cpu_count() or 0
    return {
        "cpu": _read_first("/proc/cpuinfo", "model name"),
        "cpus": cpus,
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory": _memory(_read_first("/proc/meminfo", "MemTotal")),
        "load": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def _versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def _fmt(value, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _reference(jobs: list[Job], variant: str) -> Job | None:
    return next((j for j in jobs if j.tool.name == REFERENCE and j.variant == variant and j.runs), None)


def _ratio(reference: float | None, value: float | None) -> str:
    if reference is None or not value:
        return "–"
    return f"{reference / value:.2f}"


def table_rows(jobs: list[Job]) -> list[list[str]]:
    """One row per (tool, set) with accuracy, speed, memory and the ratios to jixiao."""
    rows = []
    for job in jobs:
        if not job.runs:
            rows.append([job.tool.label, job.variant, str(job.pages), f"failed: {job.error}"] + [""] * (len(HEADER) - 4))
            continue
        wall = job.per_page("wall")
        rss = _median([m.max_rss_mb for m in job.runs])
        acc = job.accuracy or {}
        ref = _reference(jobs, job.variant)
        ref_wall = _median(ref.per_page("wall")) if ref else None
        ref_cpu = _median(ref.per_page("cpu")) if ref else None
        ref_rss = _median([m.max_rss_mb for m in ref.runs]) if ref else None
        rows.append([
            job.tool.label, job.variant, str(job.pages),
            f"{acc['forms_found']}/{acc['forms_expected']}" if acc else "n/a",
            _fmt(acc.get("row_recall")) if acc else "n/a", _fmt(acc.get("row_precision")) if acc else "n/a",
            _fmt(acc.get("field_exact")) if acc else "n/a", _fmt(acc.get("stated_total_exact")) if acc else "n/a",
            f"{_fmt(_median(wall))} ({_fmt(min(wall))}–{_fmt(max(wall))})",
            _fmt(_median(job.per_page("cpu"))), _fmt(_median(job.read_per_page())), f"{rss:.0f}",
            _ratio(ref_wall, _median(wall)), _ratio(ref_cpu, _median(job.per_page("cpu"))), _ratio(ref_rss, rss),
        ])
    return rows


FIELD_HEADER = ["level1", "level2", "level3", "target", "actual", "weight", "score", "level1_canonical", "level2_canonical"]


def field_rows(jobs: list[Job]) -> list[list[str]]:
    """Per-field exactness of every scored job: where the tools differ."""
    return [
        [job.tool.label, job.variant] + [_fmt(job.accuracy["fields"].get(f)) for f in FIELD_HEADER]
        for job in jobs if job.accuracy
    ]


def render_console(jobs: list[Job], skipped: list[str]) -> str:
    rows = [HEADER] + table_rows(jobs)
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    return "\n".join(lines + skipped + [f"{j.key}: {j.error}" for j in jobs if j.error])


def _markdown_table(rows: list[list[str]], header: list[str] = HEADER) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


NOTES = """\
## How it was measured

* Every (tool, sample set) job is a separate process per run (`python -m bench.worker TOOL OUT PDF...`
  under `/usr/bin/time -v`, or `os.wait4` where that is missing), so each tool pays its own imports
  and its peak memory is its own. Runs are interleaved (round 1 of every job, then round 2, ...,
  the job order rotated each round) so that other load on this shared machine falls on every tool.
* **s/page** is the process wall time (interpreter start, imports, reading, assembly, writing the
  four tables) divided by the pages of the set; median over the runs, with min and max. **CPU s/page**
  is user + system time. **read s/page** is the time inside the table-reading call only: the peer
  library's call, or jixiao's `read_pages` (grid, text and, for scans, OCR).
* **jixiao/tool** ratios divide jixiao's (default settings) median by the tool's on the same set
  (wall time, CPU time, peak memory): below 1 jixiao is faster (or smaller), above 1 it is slower (or
  larger). Ratios matter more than seconds on a 2-core machine shared with other work; the CPU ratio
  is the steadier one when the load average is high (see Machine).
* Accuracy is `jixiao eval` (`jixiao.pipeline.evaluation.scorer.evaluate_output`) on the first run's output against
  `samples/truth`: row recall/precision after sequence alignment, the share of exact fields (一级, 二级,
  三级, target, actual, weight, score and the canonical 一级/二级) on aligned rows, and the share of
  forms whose stated total is exact. The scan set is scored for jixiao (which OCRs it); whole-page
  RapidOCR returns text lines without any table, so it has speed only.

## What each entry is

* **jixiao (default)**: `jixiao.pipeline.api.extract` in one process (no worker pool, no HTML report; the CLI
  default uses a pool of `os.cpu_count()` workers), `ReadOptions()` defaults: pdfplumber's grid
  algorithm over pdfium rules, pdfium cell text, pages routed to OCR (RapidOCR, 200 dpi) when their
  text layer is missing or lies.
* **jixiao --extractor camelot**: the same pipeline with `extractors/camelot_grid.py`: camelot-py lattice
  (`engine="vector"`, `split_text=True`), merged cells rebuilt from camelot's missing-edge flags,
  camelot's own cell text (pdfminer) repaired, page-cut flags from the drawn rules, pdfium loose lines.
* **pdfplumber extract_tables + fill**: `page.find_tables()` with default settings (the lines strategy
  `extract_tables` uses) and `Table.extract()`; every `None` (a position a merged cell covers) is
  filled with the text of the pdfplumber cell whose box contains it.
* **camelot-py lattice**: `camelot.read_pdf(pages="all", flavor="lattice", engine="vector",
  split_text=True, copy_text=["h", "v"])`: spans copied into every covered position by camelot.
  `engine="vector"` is camelot's fastest path for vector-ruled PDFs (the default `combined` also
  renders every page).
* **img2table (text layer)**: `img2table.document.PDF(pdf_text_extraction=True).extract_tables(ocr=None,
  implicit_rows=False, borderless_tables=False)`; it repeats a merged value in every covered position.
* **RapidOCR whole page**: `RapidOCR(params={"Global.use_cls": False})` on each scan page rendered at
  200 dpi by pypdfium2: the cost of reading a scan at all, without any table structure.

## The adapter that lets `jixiao eval` score table-only peers

pdfplumber, camelot and img2table return tables, not forms. Their grids go through jixiao's own
assembly so the same scorer applies (`bench/adapter.py`):

1. one `Cell` per grid position (no rowspan/colspan, no page-cut flags: the peers do not return them),
   holding the value the peer put there, merged values forward-filled as each peer gives them;
2. each cell's text through jixiao's `join_lines` + `repair_text` (the repair `jixiao eval` applies to
   both sides anyway), so Kangxi radicals from pdfminer (Chromium PDFs) and spaced numbers do not
   decide the comparison on their own;
3. text outside the peer's tables (titles, 填报单位 lines) read with pypdfium2 exactly as jixiao's text
   path does, since no peer returns it and titles are what split a document into forms;
4. jixiao's `assemble_forms`, canonical mapping and validation, unchanged.

So the peer rows measure the peers' **grids and cell text**; everything after that is jixiao's code.
Their process time includes that same assembly and writing (see *read s/page* for the library alone).

## Why the fields differ (from the eval mismatches on these samples)

Rows, targets, actuals, weights and scores come out alike for every tool that finds the table; the
differences are in the merged 一级/二级 columns:

* **Merged blocks that straddle a page break (LibreOffice: 江门, 海珠, 增城).** LibreOffice draws the
  block on both pages and writes its text once, positioned for the whole block and clipped to each
  piece. pdfminer (under pdfplumber and camelot) and img2table ignore the clip path, so the text lands
  outside the visible piece or nowhere; jixiao's text path reads the clip path and puts it back.
  Without spans and page-cut flags the assembly then carries the previous block's name (决策) down.
* **Rows cut by a page break (Chromium: 武威).** No closing rule is drawn under the cut block;
  pdfplumber finds no cell there and drops its text (一级 of the project forms). camelot and img2table
  close such grids themselves.
* **camelot on LibreOffice PDFs** still assigns some text to the row below even with
  `split_text=True` (fonts with Ascent/Descent 0): header cells come out one row low, so a few rows
  get the previous block's 一级 name. `jixiao --extractor camelot` has this too, because it keeps
  camelot's cell text; with pdfium text in camelot's grid it matched the default path.
* **img2table** found no table on the first page of 增城, so that page's rows are missing.
"""


def ocr_section(ocr: dict | None) -> list[str]:
    """bench/ocr_pages.py's figures, when it ran: one process, table-aware reader then whole-page OCR."""
    if ocr is None:
        return []
    lines = ["## OCR in one process (bench/ocr_pages.py)", ""]
    if "error" in ocr:
        return lines + [f"Did not run: {' '.join(ocr['error'])}", ""]
    aware, whole = ocr.get("table_aware", {}), ocr.get("whole_page", {})
    routing, fields = ocr.get("routing", {}), ocr.get("field_accuracy", {})
    lines += [
        "| reader | pages | wall s/page | CPU s/page |", "|---|---|---|---|",
        f"| jixiao table-aware OCR (`jixiao.extractors.ocr.ocr_page`) | {aware.get('pages')} | {aware.get('wall_s_per_page')} | {aware.get('cpu_s_per_page')} |",
    ]
    if whole:
        lines.append(f"| whole-page OCR, same engine | {whole.get('pages')} | {whole.get('wall_s_per_page')} | {whole.get('cpu_s_per_page')} |")
    lines += [
        "",
        f"* Peak RSS after the table-aware pass: {ocr.get('peak_rss_mb_table_aware')} MB",
        f"* Field accuracy on the pages read (pages read, assembled and scored by `jixiao eval`'s scorer): "
        f"{fields.get('accuracy')} of {fields.get('fields')} fields (every field `jixiao eval` scores"
        ")",
        f"* Routing (text layer vs OCR) over every sample page: {routing.get('correct')}/{routing.get('pages')} right,"
        f" slowest decision {routing.get('slowest_ms')} ms",
        "",
    ]
    return lines


def render_markdown(jobs: list[Job], skipped: list[str], machine: dict, runs: int, ocr: dict | None = None) -> str:
    files = sorted({f.name for j in jobs for f in j.files})
    parts = [
        "# Benchmark: jixiao and its peers on the sample PDFs",
        "",
        f"Generated by `make bench` (`python -m bench.run`) on {machine['date']}, {runs} run(s) per tool and set.",
        "",
        "## Machine",
        "",
        f"* CPU: {machine['cpu']}; {machine['cpus']} logical CPUs in /proc/cpuinfo, nproc {machine['nproc']}",
        f"* Memory: {machine['memory']}",
        f"* {machine['system']}, Python {machine['python']}",
        f"* Load average (1/5/15 min) before: {machine['load']}; after: {machine.get('load_after', '?')}",
        f"* Libraries: {_versions()}",
        "",
        "## Results",
        "",
        f"Samples: {', '.join(files)} (sets by the `variant` in samples/manifest.json).",
        "",
        _markdown_table(table_rows(jobs)),
        "",
        "Field exactness on aligned rows:",
        "",
        _markdown_table(field_rows(jobs), ["tool", "set"] + FIELD_HEADER),
        "",
    ]
    parts += ocr_section(ocr)
    if skipped or any(j.error for j in jobs):
        parts += ["Not measured:", ""] + [f"* {s}" for s in skipped] + [f"* {j.key}: {j.error}" for j in jobs if j.error] + [""]
    parts.append(NOTES)
    return "\n".join(parts)
