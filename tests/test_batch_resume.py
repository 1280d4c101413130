"""A batch killed with SIGKILL and started again ends as if it had never been stopped.

Runs the real command line in a subprocess with two workers, kills it once the
first documents are committed to the catalog, reruns it, and compares the
outputs byte for byte with an uninterrupted run's (timing lives in the catalog,
not in the tables, so every table is compared whole).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess

import duckdb
import pytest

from batch_support import child_pids, copy_inputs, jixiao, output_bytes, run_jixiao, sample, wait_gone
from jixiao.pipeline.batch.catalog import state_path

#: Ten documents: enough that a kill after two lands mid-run.
COPIES = 5
_DONE_LINE = re.compile(r"\[(\d+)/(\d+)\]")


def _args(inputs, out) -> list[str]:
    return ["extract", str(inputs), "--out", str(out), "--workers", "2", "--ocr", "never", "--no-report", "--quiet"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    copy_inputs([sample("000_jiangmen"), sample("001_wuwei")], folder, copies=COPIES)
    return folder


def _kill_after(process, documents: int) -> set[int]:
    """Read progress lines until ``documents`` are recorded, then SIGKILL the batch process only."""
    workers: set[int] = set()
    for line in process.stderr:
        workers |= child_pids(process.pid)
        match = _DONE_LINE.search(line)
        if match and int(match.group(1)) >= documents:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return workers
    raise AssertionError(f"the batch ended before {documents} documents were recorded")


def test_kill_and_resume_gives_the_uninterrupted_outputs(inputs, tmp_path):
    reference = run_jixiao(*_args(inputs, tmp_path / "reference"))
    assert reference.returncode == 0, reference.stderr

    out = tmp_path / "resumed"
    process = jixiao(*_args(inputs, out), stderr=subprocess.PIPE)
    workers = _kill_after(process, documents=2)
    assert process.returncode == -signal.SIGKILL
    assert workers and not wait_gone(workers), "worker processes outlived the killed batch"
    assert not (out / "documents.csv").exists(), "tables are written only when a run completes"
    with duckdb.connect(str(state_path(out)), read_only=True) as db:
        recorded = db.execute("select count(*) from results").fetchone()[0]
    assert 2 <= recorded < 2 * COPIES

    resumed = run_jixiao(*_args(inputs, out))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{2 * COPIES - recorded} to process, {recorded} reused" in resumed.stderr

    expected, got = output_bytes(tmp_path / "reference"), output_bytes(out)
    for name in expected:
        assert got[name] == expected[name], name
    with duckdb.connect(str(state_path(out)), read_only=True) as db:
        assert db.execute("select count(*) from results").fetchone()[0] == 2 * COPIES
    with duckdb.connect(str(out / "jixiao.duckdb"), read_only=True) as db:
        assert db.execute("select count(*) from documents").fetchone()[0] == 2 * COPIES
