"""Helpers shared by the batch, catalog, report and Ray tests (not a test module).

Inputs are always copied into the test's temporary directory first: the sample
PDFs may be regenerated while tests run, and a batch must see one fixed set.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from jixiao.extractors.readers import ReadOptions
from jixiao.models import Document
from jixiao.pipeline.settings import ExtractOptions
from jixiao.pipeline.outputs.files import TABLE_NAMES
from jixiao.pipeline.batch.inputs import InputFile

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
#: Text-layer reading only: OCR is not what these tests are about, and it is slow.
NO_OCR = ExtractOptions(read=ReadOptions(ocr="never"))


def digital_samples() -> list[Path]:
    """Sample PDFs with a good text layer, per the manifest (by name if it is missing)."""
    manifest = SAMPLES / "manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        paths = [SAMPLES / e["file"] for e in entries if e.get("variant") == "digital"]
    else:
        paths = [p for p in (SAMPLES / "pdf").glob("*.pdf") if not p.stem.endswith(("_scan", "_lying"))]
    return sorted(p for p in paths if p.exists())


def sample(name: str) -> Path:
    """A digital sample by stem, e.g. ``001_wuwei``."""
    for path in digital_samples():
        if path.stem == name:
            return path
    raise FileNotFoundError(name)


def distinct_copy(source: Path, target: Path, serial: int) -> Path:
    """The same PDF with a different trailing comment: same pages, different sha256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes() + f"%jixiao-copy {serial:06d}\n".encode())
    return target


def copy_inputs(sources: list[Path], folder: Path, copies: int = 1) -> list[Path]:
    """``copies`` distinct copies of each source under ``folder``, named ``<stem>_<n>.pdf``."""
    made = []
    serial = 0
    for source in sources:
        for n in range(copies):
            serial += 1
            made.append(distinct_copy(source, folder / f"{source.stem}_{n:03d}.pdf", serial))
    return made


def output_bytes(out_dir: Path) -> dict[str, bytes]:
    """The eight table files of an output directory, by name."""
    return {f"{name}.{ext}": (out_dir / f"{name}.{ext}").read_bytes()
            for name in TABLE_NAMES for ext in ("csv", "parquet")}


def jixiao(*args: str, **popen) -> subprocess.Popen:
    """Start ``jixiao`` as a separate process (the command line, not the Python API)."""
    return subprocess.Popen([sys.executable, "-m", "jixiao.pipeline.cli", *args], cwd=REPO, text=True, **popen)


def run_jixiao(*args: str, timeout: float = 170) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao.pipeline.cli", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=timeout)


def child_pids(pid: int) -> set[int]:
    """Direct children of a process, from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def descendant_pids(pid: int) -> set[int]:
    """Children, grandchildren … of a process (pool workers forked by a fork server are grandchildren)."""
    found: set[int] = set()
    frontier = child_pids(pid)
    while frontier:
        found |= frontier
        frontier = set().union(*(child_pids(p) for p in frontier)) - found
    return found


def wait_gone(pids: set[int], seconds: float = 15.0) -> set[int]:
    """The pids still alive after waiting up to ``seconds``."""
    deadline = time.monotonic() + seconds
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {p for p in alive if _alive(p)}
        time.sleep(0.2)
    return alive


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---- tasks for executor tests: module-level, so spawned workers can import them


def hang_on_slow(item: InputFile, options: ExtractOptions) -> Document:
    """Never finishes for files named ``slow*``; reads everything else normally."""
    if item.source.startswith("slow"):
        time.sleep(3600)
    from jixiao.pipeline.batch.executors import process_input

    return process_input(item, options)


def mark_and_hang(item: InputFile, options: ExtractOptions) -> Document:
    """Writes ``hanging-<pid>`` next to the input, then never finishes."""
    (item.path.parent / f"hanging-{os.getpid()}").touch()
    time.sleep(3600)
    raise AssertionError("unreachable")


def crash_on_bomb(item: InputFile, options: ExtractOptions) -> Document:
    """Dies the way a segfaulting PDF library does for files named ``bomb*``."""
    if item.source.startswith("bomb"):
        os.kill(os.getpid(), signal.SIGSEGV)
    from jixiao.pipeline.batch.executors import process_input

    return process_input(item, options)


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def report_thread_budget(item: InputFile, options: ExtractOptions) -> Document:
    """A task that reports the thread budget its worker process runs with (in ``error``)."""
    import cv2

    from jixiao.extractors.thread_budget import thread_budget

    return Document(source_file=item.source, status="failed",
                    error=f"budget={thread_budget()} cv2={cv2.getNumThreads()}")


def report_pid(item: InputFile, options: ExtractOptions) -> Document:
    """A task that reports the process it ran in (in ``error``)."""
    return Document(source_file=item.source, status="failed", error=f"pid={os.getpid()}")


def report_glyph_loading(item: InputFile, options: ExtractOptions) -> Document:
    """A task that reports (in ``error``) whether this process started loading the glyph reader
    before it read anything: the loader thread, or the reader already loaded."""
    import sys

    fonts = sys.modules.get("jixiao.extractors.fonts.reader")
    started = fonts is not None and (fonts._LOADER is not None or fonts._READER is not None)
    return Document(source_file=item.source, status="failed", error=f"glyphs={started}")


def report_outline_learning(item: InputFile, options: ExtractOptions) -> Document:
    """A task that reports (in ``error``) whether this process learns glyph outlines for later documents."""
    from jixiao.extractors.fonts.outlines import CONFIRMED

    return Document(source_file=item.source, status="failed", error=f"learning={CONFIRMED.learning}")
