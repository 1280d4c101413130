"""Hostile and damaged input: bounded memory, the bytes that were read, page isolation, clean failures.

One test per defect. The hostile files are generated here (tests/hostile_files.py);
the memory limit is tested with a bomb far smaller than the default limit and a
limit lowered to match, so the test stays fast.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from batch_support import NO_OCR, REPO, child_pids, descendant_pids, run_jixiao, sample, wait_gone
from hostile_files import damaged_stream, huge_page, inflation_bomb, object_bomb, unloadable_page
from jixiao.models import Document
from jixiao.pipeline.batch.catalog import state_path
from jixiao.pipeline.batch.executors import run_in_process
from jixiao.pipeline.batch.inputs import discover
from jixiao.pipeline.batch.run import run_batch
from jixiao.pipeline.process import process_document
from jixiao.pipeline.settings import BatchConfig


def _config(out: Path, **changes) -> BatchConfig:
    return BatchConfig(out_dir=out, options=NO_OCR, **{"workers": 0, "report": False, **changes})


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(out: Path) -> list[str]:
    """Temporary files under ``out`` (the run state folder .jixiao itself is not one)."""
    return [p.name for p in out.rglob("*")
            if (p.name.startswith(".") and p.name != ".jixiao") or p.suffix == ".tmp" or p.name.startswith("publish-")]


def _results(out: Path) -> dict[str, str]:
    with duckdb.connect(str(state_path(out)), read_only=True) as db:
        return dict(db.execute("select sha256, status from results").fetchall())


# ---------------------------------------------------------------- memory and pixels


def test_a_memory_hog_fails_on_the_memory_limit_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    object_bomb(folder / "hog.pdf", megabytes=16)
    shutil.copy(sample("000_jiangmen"), folder / "good.pdf")
    result = run_jixiao("extract", str(folder), "--out", str(tmp_path / "out"), "--workers", "1",
                        "--ocr", "never", "--max-memory", "256", "--no-report", "--quiet")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    docs = {row.source_file: row for row in _documents(tmp_path / "out")}
    assert docs["hog.pdf"].status == "failed"
    assert "memory limit" in docs["hog.pdf"].error and "--max-memory 256" in docs["hog.pdf"].error
    assert docs["good.pdf"].status == "ok" and docs["good.pdf"].indicators > 0


def test_an_inflation_bomb_is_refused_before_it_is_inflated(tmp_path):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    doc = process_document(inflation_bomb(tmp_path / "bomb.pdf", megabytes=512), "bomb.pdf", NO_OCR)
    assert doc.status == "failed" and "page 1 skipped: content inflates past 64 MB" in doc.error
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 200  # MB


def test_the_memory_limit_is_checked_like_the_other_options(tmp_path):
    result = run_jixiao("extract", str(sample("000_jiangmen")), "--out", str(tmp_path), "--max-memory", "10")
    assert result.returncode == 2
    assert "max_memory" in result.stderr and "256" in result.stderr


def test_a_page_too_large_to_render_is_skipped_with_the_limit_named(tmp_path):
    doc = process_document(huge_page(tmp_path / "huge.pdf", inches=200), "huge.pdf")
    assert doc.status == "failed"
    assert "page 1 skipped" in doc.error and "--max-pixels" in doc.error and "1,600 megapixels" in doc.error


def test_report_pictures_of_a_huge_page_stay_small(tmp_path):
    from jixiao.pipeline.outputs.report.pictures import MAX_PICTURE_PIXELS, RenderJob, render_job
    from PIL import Image

    pdf = huge_page(tmp_path / "huge.pdf", inches=400, user_unit=2.0)
    target = tmp_path / "p1.png"
    render_job(RenderJob(pdf, (1,), (target,)))
    with Image.open(target) as image:
        assert image.width * image.height <= MAX_PICTURE_PIXELS
        assert image.width > 1000  # drawn smaller, not dropped


# ---------------------------------------------------------------- the bytes that were read


class _ReplaceBeforeReading:
    """Runs documents in this process, after replacing one file's content (as a sync job might)."""

    def __init__(self, target: Path, replacement: bytes | None):
        self.target, self.replacement = target, replacement

    def run(self, items, options):
        if self.replacement is None:
            self.target.unlink()
        else:
            self.target.write_bytes(self.replacement)
        return run_in_process(items, options)


def test_a_file_replaced_after_planning_is_stored_under_the_bytes_read(tmp_path):
    first, second = sample("000_jiangmen"), sample("004_haizhu")
    (tmp_path / "in").mkdir()
    shutil.copy(first, tmp_path / "in" / "report.pdf")
    executor = _ReplaceBeforeReading(tmp_path / "in" / "report.pdf", second.read_bytes())
    result = run_batch(discover([str(tmp_path / "in")]), _config(tmp_path / "out"), executor=executor)
    row = result.tables["documents"].iloc[0]
    assert row["sha256"] == _sha(second)
    assert "file changed while the batch ran" in row["error"] and _sha(first)[:12] in row["error"]
    assert set(_results(tmp_path / "out")) == {_sha(second)}

    # An intact copy of the first content is read afresh, not served the other document's rows.
    (tmp_path / "later").mkdir()
    shutil.copy(first, tmp_path / "later" / "report.pdf")
    later = run_batch(discover([str(tmp_path / "later")]), _config(tmp_path / "out"))
    assert later.processed == 1
    expected = process_document(first, "report.pdf", NO_OCR)
    assert int(later.tables["documents"].iloc[0]["indicators"]) == sum(len(f.indicators) for f in expected.forms)


def test_a_path_failure_is_not_cached_under_the_content(tmp_path):
    good = sample("000_jiangmen")
    (tmp_path / "in").mkdir()
    shutil.copy(good, tmp_path / "in" / "a.pdf")
    executor = _ReplaceBeforeReading(tmp_path / "in" / "a.pdf", None)
    result = run_batch(discover([str(tmp_path / "in")]), _config(tmp_path / "out"), executor=executor)
    row = result.tables["documents"].iloc[0]
    assert row["status"] == "failed" and row["error"].startswith("file not found")
    assert _results(tmp_path / "out") == {}

    shutil.copy(good, tmp_path / "in" / "a.pdf")
    again = run_batch(discover([str(tmp_path / "in")]), _config(tmp_path / "out"))
    assert again.processed == 1 and again.tables["documents"].iloc[0]["status"] == "ok"


# ---------------------------------------------------------------- pages


def test_a_page_that_cannot_be_loaded_is_skipped_and_named(tmp_path):
    good = sample("001_wuwei")
    whole = process_document(good, "good.pdf", NO_OCR)
    doc = process_document(unloadable_page(good, tmp_path / "bad.pdf", page=3), "bad.pdf", NO_OCR)
    assert doc.status == "partial"
    assert doc.error.startswith("page 3 skipped: cannot be loaded")
    rows = sum(len(f.indicators) for f in doc.forms)
    assert 0 < rows < sum(len(f.indicators) for f in whole.forms)
    assert all(ind.provenance.page != 3 for f in doc.forms for ind in f.indicators)


def test_the_report_leaves_out_the_picture_of_an_unloadable_page(tmp_path):
    from jixiao.pipeline.outputs.report.pictures import plan_images

    bad = unloadable_page(sample("001_wuwei"), tmp_path / "bad.pdf", page=3)
    doc = process_document(bad, "bad.pdf", NO_OCR)
    images, job = plan_images(doc, bad, tmp_path / "report")
    shown = [image.page for image in images]
    assert 3 not in shown and {2, 4} <= set(shown)


def test_a_damaged_content_stream_marks_the_page_and_document_partial(tmp_path):
    good = sample("001_wuwei")
    assert process_document(good, "good.pdf", NO_OCR).status == "ok"
    doc = process_document(damaged_stream(good, tmp_path / "damaged.pdf", page=2), "damaged.pdf", NO_OCR)
    assert doc.status == "partial"
    assert doc.error.startswith("page 2 incomplete: content stream damaged")


def test_a_page_whose_reader_raises_costs_only_that_page(tmp_path, monkeypatch):
    from jixiao.extractors import mixed_grid

    real = mixed_grid.read_page

    def breaks_on_page_two(page, page_no, source=None):
        if page_no == 2:
            raise ValueError("broken grid")
        return real(page, page_no, source)

    monkeypatch.setattr(mixed_grid, "read_page", breaks_on_page_two)  # the default text reader
    doc = process_document(sample("001_wuwei"), "x.pdf", NO_OCR)
    assert doc.status == "partial" and "page 2 skipped: cannot be parsed (ValueError: broken grid)" in doc.error
    assert doc.forms


# ---------------------------------------------------------------- environment failures


def test_out_pointing_at_a_file_ends_with_one_line_and_exit_3(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    result = run_jixiao("extract", str(sample("000_jiangmen")), "--out", str(tmp_path / "out"), "--workers", "0",
                        "--ocr", "never", "--quiet")
    assert result.returncode == 3
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is not a directory" in lines[0], result.stderr


_DISK_FULL_SCRIPT = """
import errno, os, sys
from pathlib import Path
from jixiao.pipeline import cli
from jixiao.pipeline.outputs import files

def disk_full(table, where, **kw):  # the disk fills while a table is half written
    Path(where).write_bytes(b"PAR1 half a file")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(where))

files.pq.write_table = disk_full
sys.argv = ["jixiao", *sys.argv[1:]]
cli.main()
"""


def test_a_full_disk_ends_with_exit_3_no_temp_files_and_a_resumable_catalog(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("000_jiangmen", "004_haizhu"):
        shutil.copy(sample(name), tmp_path / "in" / f"{name}.pdf")
    args = ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "0", "--ocr", "never",
            "--quiet"]
    full = subprocess.run([sys.executable, "-c", _DISK_FULL_SCRIPT, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=170)
    assert full.returncode == 3, full.stderr
    errors = [line for line in full.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0]
    assert "Traceback" not in full.stderr
    assert _leftovers(tmp_path / "out") == []
    assert len(_results(tmp_path / "out")) == 2

    again = run_jixiao(*args)
    assert again.returncode == 0, again.stderr
    with duckdb.connect(str(state_path(tmp_path / "out")), read_only=True) as db:
        last = db.execute("select processed, reused from runs order by started_at desc limit 1").fetchone()
    assert last == (0, 2)  # the rerun read nothing again


@pytest.mark.parametrize("size", ["64k", "240k"])  # full while writing the catalog; while writing the tables
def test_a_real_full_disk_if_a_small_filesystem_can_be_mounted(tmp_path, size):
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(small)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    try:
        shutil.copy(sample("001_wuwei"), tmp_path / "a.pdf")
        result = run_jixiao("extract", str(tmp_path / "a.pdf"), "--out", str(small / "out"), "--workers", "0",
                            "--ocr", "never", "--quiet")
        assert result.returncode == 3, result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "Traceback" not in result.stderr
        assert _leftovers(small) == []
    finally:
        subprocess.run(["umount", str(small)], check=False)


# ---------------------------------------------------------------- workers die with the batch


_POOL_SCRIPT = """
import os, sys
from pathlib import Path
from jixiao.pipeline.batch.guard import guard_worker
from jixiao.pipeline.outputs.report import pictures
if __name__ == "__main__":
    pdf = Path(sys.argv[1])
    jobs = [pictures.RenderJob(pdf, (1,), (pdf.with_name(f"p{n}.png"),)) for n in range(8)]
    print("ready", flush=True)
    pictures.render_all(jobs, workers=2, guard=(guard_worker, (os.getpid(), 1024)))
"""


def _stuck_pdf(path: Path) -> Path:
    """A PDF header and 200 GB of holes: pdfium rebuilds the missing cross-reference table by
    scanning the whole file, so a worker opening it stays inside the PDF library for minutes
    (a sparse file: it takes no disk space)."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
        handle.truncate(200 * 2**30)
    return path


def _holding(pids: set[int], path: Path) -> set[int]:
    """The processes among ``pids`` that have ``path`` open."""
    holding = set()
    for pid in pids:
        try:
            if any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir()):
                holding.add(pid)
        except OSError:
            continue
    return holding


@contextlib.contextmanager
def _batch_killed_in_the_end(proc: subprocess.Popen, leftovers: set[int]):
    """Whatever a kill test asserts, neither the batch process nor the workers it names outlive it."""
    try:
        yield
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in wait_gone(leftovers, seconds=0):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _kill_batch_expecting_gone(proc: subprocess.Popen, pids: set[int], seconds: float, what: str) -> None:
    """SIGKILL the batch process (no clean-up code of its own runs) and require ``pids`` to die too."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert wait_gone(pids, seconds=seconds) == set(), f"{what} outlived the killed batch process"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_picture_workers_die_when_the_batch_process_is_killed(tmp_path):
    pdf = _stuck_pdf(tmp_path / "stuck.pdf")
    proc = subprocess.Popen([sys.executable, "-c", _POOL_SCRIPT, str(pdf)], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    workers: set[int] = set()
    with _batch_killed_in_the_end(proc, workers):
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        # Both picture workers past their guard and stuck inside pdfium on the file.
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            workers.update(_holding(child_pids(proc.pid), pdf))
        assert proc.poll() is None and len(workers) == 2, "the picture workers never got stuck on the file"
        _kill_batch_expecting_gone(proc, workers, seconds=5, what="picture workers")


_BATCH_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, "tests")
from batch_support import NO_OCR, mark_and_hang
from jixiao.pipeline.batch.executors import ProcessExecutor
from jixiao.pipeline.batch.inputs import InputFile
if __name__ == "__main__":
    executor = ProcessExecutor(workers=2, timeout=600, max_memory=1024, task=mark_and_hang)
    items = [InputFile(path=Path(sys.argv[1]), source=f"{n}.pdf") for n in range(2)]
    list(executor.run(items, NO_OCR))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pool_workers_die_when_the_batch_process_is_killed(tmp_path):
    """Workers forked by the fork server (grandchildren of the batch) die with the batch all the
    same, and so does the server."""
    pdf = shutil.copy(sample("000_jiangmen"), tmp_path / "a.pdf")
    proc = subprocess.Popen([sys.executable, "-c", _BATCH_SCRIPT, str(pdf)], cwd=REPO)
    workers: set[int] = set()
    with _batch_killed_in_the_end(proc, workers):
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            workers.update(int(p.name.split("-")[1]) for p in tmp_path.glob("hanging-*"))
        everything = descendant_pids(proc.pid)
        assert len(workers) == 2 and workers <= everything, "the workers never took their documents"
        _kill_batch_expecting_gone(proc, everything, seconds=10, what="pool workers")


# ---------------------------------------------------------------- numbers


def test_parsed_numbers_are_finite_and_absurd_ones_refused_with_a_note():
    from jixiao.normalizers.value_parsing import parse_number, parse_value

    assert parse_number("9" * 400) is None
    assert parse_number("1" + "0" * 20) is None
    assert parse_number("65,240,247.04") == 65240247.04
    value = parse_value("≥" + "9" * 400 + "%")
    assert value.value is None and "number refused" in value.label and "400" not in value.raw[:3]


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_tolerance_never_raises_on_non_finite_values(bad):
    from jixiao.normalizers import tolerance

    assert tolerance.decimals(bad) == 0
    assert tolerance.is_fractional(bad) is False
    assert tolerance.column_precision([1.05, bad]) == 2
    assert tolerance.sum_tolerance([bad, 1.5], 1, against=bad) > 0


# ---------------------------------------------------------------- discovery


def test_every_entry_met_in_discovery_has_a_row(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(sample("000_jiangmen"), folder / "good.pdf")
    (folder / "locked" / "inside.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "dangling.pdf").symlink_to("nowhere.pdf")
    (folder / "loop.pdf").symlink_to("loop.pdf")
    (folder / "alias.pdf").symlink_to("good.pdf")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    os.mkfifo(folder / "pipe")
    real_listdir = os.listdir

    def locked(path):  # as a permission-denied folder behaves (root can read any mode)
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", locked)
    items = discover([str(folder)])
    result = run_batch(items, _config(tmp_path / "out"))
    docs = result.tables["documents"].set_index("source_file")
    expected = {
        ".DS_Store": ("skipped", "names starting with '.'"),
        ".git": ("skipped", "hidden folder"),
        "dangling.pdf": ("failed", "dangling symbolic link"),
        "loop.pdf": ("failed", "symbolic link loop"),
        "sub/up": ("failed", "symbolic link loop"),
        "locked": ("failed", "cannot read folder: Permission denied"),
        "pipe": ("failed", "not a regular file"),
        "good.pdf": ("ok", ""),
        "alias.pdf": ("ok", ""),
    }
    assert sorted(docs.index) == sorted(expected)
    for name, (status, fragment) in expected.items():
        assert docs.loc[name, "status"] == status, (name, docs.loc[name, "error"])
        assert fragment in docs.loc[name, "error"], (name, docs.loc[name, "error"])
    assert result.failed == 5


def _documents(out: Path):
    import pandas as pd

    return list(pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False).itertuples())
