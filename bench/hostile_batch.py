"""A batch of hostile files mixed with good ones: completes, every entry has a row, bounded memory.

    .venv/bin/python bench/hostile_batch.py [--workers 2] [--keep DIR]

Builds, in a temporary directory, the hostile inputs of issue 18 (content streams
inflating to 2 and 10 GB, a page of millions of drawing objects, a 200-inch scanned
page, a form on a 400-inch page, an unloadable page, a damaged content stream,
a truncated file, a dangling and a looping link, a hidden file) beside copies of
the good samples, runs ``jixiao extract`` on the folder with the default limits,
and samples the resident memory of the whole process tree every 50 ms. Then it
checks that every entry has a documents row, that the good files' rows are
byte-identical to a run on the good files alone, that the exit code is 1 (some
files failed) and that no traceback was printed. Prints a markdown summary.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from batch_support import sample  # noqa: E402
from hostile_files import (damaged_stream, huge_page, inflation_bomb, object_bomb,  # noqa: E402
                           unloadable_page)

GOOD = ["000_jiangmen", "001_wuwei", "002_lechang", "003_zengcheng", "004_haizhu"]
PAGE = os.sysconf("SC_PAGE_SIZE")


def giant_form(source: Path, path: Path, factor: float = 24.0, user_unit: float = 2.0) -> Path:
    """The first page of ``source`` blown up ``factor`` × ``user_unit`` times (a form on a ~400-inch page)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        del pdf.pages[1:]
        page = pdf.pages[0]
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        scale = factor / user_unit
        page.contents_add(pikepdf.Stream(pdf, f"q {scale} 0 0 {scale} 0 0 cm".encode()), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"Q"))
        page.obj.MediaBox = [x0 * scale, y0 * scale, x1 * scale, y1 * scale]
        page.obj.UserUnit = user_unit
        pdf.save(path)
    return path


def make_inputs(folder: Path) -> dict[str, str]:
    """Write the batch; returns name → what it is."""
    folder.mkdir(parents=True)
    made = {}
    for name in GOOD:
        shutil.copy(sample(name), folder / f"{name}.pdf")
        made[f"{name}.pdf"] = "good"
    made["bomb_2g.pdf"] = str(inflation_bomb(folder / "bomb_2g.pdf", 2048).stat().st_size) + " B, inflates to 2 GB"
    made["bomb_10g.pdf"] = str(inflation_bomb(folder / "bomb_10g.pdf", 10240).stat().st_size) + " B, inflates to 10 GB"
    made["objects_60mb.pdf"] = str(object_bomb(folder / "objects_60mb.pdf", 60).stat().st_size) + " B, 4.8 M path objects"
    huge_page(folder / "scan_200in.pdf", inches=200)
    made["scan_200in.pdf"] = "scanned page 200 × 200 in"
    giant_form(sample("000_jiangmen"), folder / "form_400in.pdf")
    made["form_400in.pdf"] = "a form on a ~400-inch page"
    unloadable_page(sample("001_wuwei"), folder / "page3_unloadable.pdf")
    made["page3_unloadable.pdf"] = "page 3 object cannot be loaded"
    damaged_stream(sample("001_wuwei"), folder / "stream_damaged.pdf")
    made["stream_damaged.pdf"] = "page 2 content stream garbled"
    data = sample("004_haizhu").read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    made["truncated.pdf"] = "half a file"
    (folder / "dangling.pdf").symlink_to("nowhere.pdf")
    made["dangling.pdf"] = "dangling link"
    (folder / "loop.pdf").symlink_to("loop.pdf")
    made["loop.pdf"] = "link loop"
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    made[".DS_Store"] = "hidden file"
    return made


def _tree(pid: int) -> set[int]:
    found, todo = {pid}, [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
            for child in children:
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def run_measured(args: list[str]) -> tuple[subprocess.CompletedProcess, int, int, float]:
    """Run the CLI; returns (result, peak tree RSS, peak main-process RSS, seconds)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "jixiao.pipeline.cli", *args], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peaks = {"tree": 0, "main": 0}

    def sample_memory() -> None:
        while proc.poll() is None:
            pids = _tree(proc.pid)
            peaks["tree"] = max(peaks["tree"], sum(_rss(p) for p in pids))
            peaks["main"] = max(peaks["main"], _rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample_memory, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    watcher.join()
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return result, peaks["tree"], peaks["main"], time.perf_counter() - started


def _rows(out: Path, table: str, names: set[str]) -> list[str]:
    lines = (out / f"{table}.csv").read_text(encoding="utf-8-sig").splitlines()
    return [line for line in lines[1:] if line.split(",", 1)[0] in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-hostile-"))
    made = make_inputs(root / "in")
    good = {n for n, kind in made.items() if kind == "good"}
    (root / "good").mkdir()
    for name in good:
        shutil.copy(root / "in" / name, root / "good" / name)

    common = ["--workers", str(args.workers), "--quiet"]
    result, tree, main_rss, seconds = run_measured(["extract", str(root / "in"), "--out", str(root / "out"), *common])
    reference, *_ = run_measured(["extract", str(root / "good"), "--out", str(root / "ref"), *common])

    import pandas as pd

    docs = pd.read_csv(root / "out" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    by_name = docs.set_index("source_file")
    missing = sorted(set(made) - set(by_name.index))
    same = all(_rows(root / "out", t, good) == _rows(root / "ref", t, good)
               for t in ("documents", "forms", "indicators", "findings"))
    with os.popen("cat /proc/loadavg") as load:
        loadavg = load.read().split()[:3]
    print(f"hostile batch, --workers {args.workers}, default limits; load average {' '.join(loadavg)}\n")
    print("| file | what | status | error |\n|---|---|---|---|")
    for name in sorted(made):
        row = by_name.loc[name] if name in by_name.index else None
        status, error = (row["status"], row["error"]) if row is not None else ("NO ROW", "")
        print(f"| {name} | {made[name]} | {status} | {error[:160]} |")
    print()
    print(f"- exit code {result.returncode} (reference run on the good files alone: {reference.returncode})")
    print(f"- every entry has a row: {not missing}{' (missing: ' + ', '.join(missing) + ')' if missing else ''}")
    print(f"- good files' rows identical to the good-only run: {same}")
    (root / "stderr.log").write_text(result.stderr, encoding="utf-8")
    print(f"- traceback printed: {'Traceback' in result.stderr} (stderr in {root / 'stderr.log'})")
    print(f"- peak resident memory of the process tree: {tree / 2**20:,.0f} MB; main process: {main_rss / 2**20:,.0f} MB")
    print(f"- wall time {seconds:.1f} s; inputs and outputs in {root}")


if __name__ == "__main__":
    main()
