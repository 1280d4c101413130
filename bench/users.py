"""What a user meets: `jixiao extract` with its defaults, as a whole process, against a plain script.

    .venv/bin/python -m bench.users [--rounds 2] [--large 100] [--mixed 12] [--without-font-check]

Every figure is one run of a fresh process on a fresh output folder (report on,
default options unless a row says otherwise), timed from outside: wall seconds,
and CPU seconds of the process and all its children (``RUSAGE_CHILDREN`` of this
driver, differenced around each run). Rows of a round run back to back and the
rounds are interleaved, so load from other work on a shared machine falls on all
rows alike; the table gives the median over rounds and each row's ratio to the
row it is compared with, measured in the same rounds. The 1-minute load average
is printed: on a loaded machine the wall figures mean little, the ratios and CPU
seconds more.

Corpora (copies get distinct bytes, so the catalog cannot serve one from another):

* ``small``: 000_jiangmen, 003_zengcheng, 004_haizhu (13 digital pages, 3 files);
* ``large``: ``--large`` copies of the digital samples, round-robin;
* ``mixed``: ``--mixed`` copies alternating digital samples and scans.

The plain script is what one would write without jixiao: pdfplumber's
``extract_tables`` over every page, printed (the whole-process baseline the
start-up target is measured against).
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from batch_support import SAMPLES, digital_samples, distinct_copy  # noqa: E402

SMALL = ("000_jiangmen", "003_zengcheng", "004_haizhu")
SCANS = ("000_jiangmen_scan", "004_haizhu_scan", "001_wuwei_scan")
JIXIAO = str(Path(sys.executable).with_name("jixiao"))
PLAIN_SCRIPT = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                print(len(table))
"""


@dataclass
class Row:
    """One configuration: a label, the command's arguments after the inputs, the row it is compared with."""

    label: str
    corpus: str
    args: list[str]
    baseline: str | None = None
    plain: bool = False
    #: Another `jixiao` executable (e.g. the main branch's) for before/after rows.
    binary: str = JIXIAO
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    #: Documents the run did not read (status ``failed``: a time-out under load, a crash): a timing
    #: with any is not comparable, so the table shows them.
    failed: list[int] = field(default_factory=list)


def make_corpora(folder: Path, large: int, mixed: int) -> dict[str, tuple[Path, int]]:
    """(folder, pages) per corpus."""
    import pypdfium2 as pdfium

    def pages(path: Path) -> int:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()

    corpora: dict[str, tuple[Path, int]] = {}
    small = folder / "small"
    small.mkdir()
    for name in SMALL:
        shutil.copy(SAMPLES / "pdf" / f"{name}.pdf", small / f"{name}.pdf")
    corpora["small"] = (small, sum(pages(p) for p in small.glob("*.pdf")))
    digital = digital_samples()
    scans = [SAMPLES / "pdf" / f"{name}.pdf" for name in SCANS]
    for name, count, sources in (("large", large, [digital]), ("mixed", mixed, [digital, scans])):
        target = folder / name
        target.mkdir()
        total = 0
        for n in range(count):
            group = sources[n % len(sources)]
            source = group[(n // len(sources)) % len(group)]
            total += pages(distinct_copy(source, target / f"{n:04d}_{source.name}", 10_000 + n))
        corpora[name] = (target, total)
    return corpora


#: The font check (glyph by glyph, `--no-verify-fonts` turns it off) measured apart: rows with it off.
NO_FONT_CHECK = ["--no-verify-fonts"]


def rows_for(corpora: dict, compare_with: str | None = None, without_font_check: bool = False) -> list[Row]:
    before = [
        Row("other jixiao (defaults)", "small", [], baseline="jixiao extract (defaults)", binary=compare_with),
        Row("other jixiao (defaults) ", "large", [], baseline="jixiao extract (defaults) ", binary=compare_with),
        Row("other jixiao --workers 2", "mixed", ["--workers", "2"], baseline="jixiao extract --workers 2  ",
            binary=compare_with),
    ] if compare_with else []
    unchecked = [
        Row("jixiao extract --no-verify-fonts", "small", NO_FONT_CHECK, baseline="plain pdfplumber script"),
        Row("jixiao extract --no-verify-fonts ", "large", NO_FONT_CHECK, baseline="plain pdfplumber script "),
    ] if without_font_check else []
    if without_font_check and compare_with:
        unchecked += [
            Row("other jixiao --no-verify-fonts", "small", NO_FONT_CHECK, baseline="jixiao extract --no-verify-fonts",
                binary=compare_with),
            Row("other jixiao --no-verify-fonts ", "large", NO_FONT_CHECK,
                baseline="jixiao extract --no-verify-fonts ", binary=compare_with),
        ]
    return [
        Row("plain pdfplumber script", "small", [], plain=True),
        Row("jixiao extract (defaults)", "small", [], baseline="plain pdfplumber script"),
        Row("jixiao extract --workers 1", "small", ["--workers", "1"], baseline="plain pdfplumber script"),
        Row("plain pdfplumber script ", "large", [], plain=True),
        Row("jixiao extract --workers 1 ", "large", ["--workers", "1"]),
        Row("jixiao extract --workers 2 ", "large", ["--workers", "2"], baseline="jixiao extract --workers 1 "),
        Row("jixiao extract (defaults) ", "large", [], baseline="plain pdfplumber script "),
        Row("jixiao extract --workers 1  ", "mixed", ["--workers", "1"]),
        Row("jixiao extract --workers 2  ", "mixed", ["--workers", "2"], baseline="jixiao extract --workers 1  "),
    ] + unchecked + before


def run_once(row: Row, inputs: Path) -> tuple[float, float, int]:
    """(wall, CPU) seconds of one whole process (and its children) on a fresh output folder, and
    how many documents it failed to read."""
    files = sorted(str(p) for p in inputs.glob("*.pdf"))
    with tempfile.TemporaryDirectory(prefix="jixiao-users-out-") as out:
        if row.plain:
            command = [sys.executable, "-c", PLAIN_SCRIPT, *files]
        else:
            command = [row.binary, "extract", str(inputs), "--out", out, "--quiet", *row.args]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        failed = 0 if row.plain else failed_documents(Path(out) / "documents.csv")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, failed


def failed_documents(documents_csv: Path) -> int:
    """Rows of a run's documents table with status ``failed`` (the whole run failed: -1)."""
    if not documents_csv.exists():
        return -1
    with documents_csv.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if row.get("status") == "failed")


def table(rows: list[Row], corpora: dict) -> str:
    by_label = {row.label: row for row in rows}
    lines = ["| corpus | pages | run | wall s (median) | CPU s | pages/s | compared with | wall ratio | CPU ratio "
             "| failed documents |",
             "|---|---:|---|---:|---:|---:|---|---:|---:|---:|"]
    for row in rows:
        pages = corpora[row.corpus][1]
        wall, cpu = statistics.median(row.walls), statistics.median(row.cpus)
        ratio = cpu_ratio = ""
        base = by_label.get(row.baseline or "")
        if base is not None:  # (a row left out by --skip compares with nothing)
            ratio = f"{statistics.median(w / b for w, b in zip(row.walls, base.walls)):.2f}×"
            cpu_ratio = f"{statistics.median(c / b for c, b in zip(row.cpus, base.cpus)):.2f}×"
        lines.append(f"| {row.corpus} | {pages} | {row.label.strip()} | {wall:.2f} | {cpu:.2f} | {pages / wall:.1f} "
                     f"| {(row.baseline or '').strip() if base else ''} | {ratio} | {cpu_ratio} "
                     f"| {'' if row.plain else max(row.failed, key=abs, default='')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--large", type=int, default=100, help="documents in the large digital corpus")
    parser.add_argument("--mixed", type=int, default=12, help="documents in the mixed corpus (half scans)")
    parser.add_argument("--compare-with", help="another jixiao executable: adds before/after rows")
    parser.add_argument("--only", nargs="+", choices=["small", "large", "mixed"], help="corpora to run")
    parser.add_argument("--without-font-check", action="store_true",
                        help="add digital rows with the font check off (--no-verify-fonts), to tell its cost apart")
    parser.add_argument("--skip", nargs="+", default=[], metavar="LABEL",
                        help="leave out rows whose label starts with one of these (e.g. 'jixiao extract --workers')")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-users-in-") as folder:
        corpora = make_corpora(Path(folder), args.large, args.mixed)
        rows = [r for r in rows_for(corpora, args.compare_with, args.without_font_check)
                if (not args.only or r.corpus in args.only) and not r.label.startswith(tuple(args.skip))]
        loads = []
        for number in range(args.rounds):
            for row in rows:
                wall, cpu, failed = run_once(row, corpora[row.corpus][0])
                row.walls.append(wall)
                row.cpus.append(cpu)
                row.failed.append(failed)
                print(f"round {number + 1}: {row.corpus:5} {row.label.strip():30} {wall:6.2f} s wall "
                      f"{cpu:6.2f} s CPU", file=sys.stderr)
            loads.append(os.getloadavg()[0])
    print(f"{args.rounds} round(s) on {os.cpu_count()} cores, 1-minute load average after each round: "
          f"{', '.join(f'{load:.1f}' for load in loads)}\n")
    print(table(rows, corpora))


if __name__ == "__main__":
    main()
