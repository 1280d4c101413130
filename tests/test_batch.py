"""The batch machinery: duplicates, reruns, determinism, timeouts and crashed workers.

These tests check what happens to files, not how well they are read: any status
an extraction produces is fine so long as every file is accounted for once.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from batch_support import NO_OCR, crash_on_bomb, distinct_copy, hang_on_slow, output_bytes, sample
from jixiao.pipeline.batch.run import BatchConfig, run_batch
from jixiao.pipeline.batch.catalog import CATALOG_NAME, state_path
from jixiao.pipeline.settings import Limits
from jixiao.pipeline.batch.executors import ProcessExecutor
from jixiao.pipeline.batch.inputs import discover
from jixiao.pipeline.outputs.tables import DOCUMENT_COLUMNS, FINDING_COLUMNS, FORM_COLUMNS, INDICATOR_COLUMNS


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Two different PDFs, one of them also under a second name in a subfolder."""
    folder = tmp_path_factory.mktemp("archive")
    shutil.copy(sample("000_jiangmen"), folder / "a.pdf")
    shutil.copy(sample("001_wuwei"), folder / "b.pdf")
    (folder / "sub").mkdir()
    shutil.copy(sample("000_jiangmen"), folder / "sub" / "a-again.pdf")
    return folder


def _config(out: Path, **changes) -> BatchConfig:
    """Serial by default: worker start-up would dominate these small batches."""
    return BatchConfig(out_dir=out, options=NO_OCR, **{"workers": 0, "report": False, **changes})


@pytest.fixture(scope="module")
def first_run(archive, tmp_path_factory):
    """Read with two worker processes; later runs read serially and must agree."""
    out = tmp_path_factory.mktemp("out")
    return out, run_batch(discover([str(archive)]), _config(out, workers=2))


def test_identical_files_are_read_once_and_reported_under_both_names(first_run):
    out, result = first_run
    docs = result.tables["documents"].set_index("source_file")
    assert sorted(docs.index) == ["a.pdf", "b.pdf", "sub/a-again.pdf"]
    assert result.processed == 2 and result.plan.duplicates == 1
    assert docs.loc["a.pdf", "sha256"] == docs.loc["sub/a-again.pdf", "sha256"]
    for table in ("forms", "indicators", "findings"):
        rows = result.tables[table]["source_file"].value_counts()
        assert rows.get("a.pdf", 0) == rows.get("sub/a-again.pdf", 0), table
    assert (docs.loc["a.pdf", "forms"], docs.loc["a.pdf", "indicators"]) == \
        (docs.loc["sub/a-again.pdf", "forms"], docs.loc["sub/a-again.pdf", "indicators"])
    with duckdb.connect(str(state_path(out)), read_only=True) as db:
        assert db.execute("select count(*) from results").fetchone()[0] == 2


def test_provenance_names_the_file_it_is_reported_under(first_run):
    out, result = first_run
    from jixiao.pipeline.batch.catalog import Catalog

    with Catalog(state_path(out), NO_OCR) as catalog:
        sha = result.tables["documents"].set_index("source_file").loc["sub/a-again.pdf", "sha256"]
        doc = catalog.load(sha, "sub/a-again.pdf")
    files = {ind.provenance.file for form in doc.forms for ind in form.indicators}
    assert doc.source_file == "sub/a-again.pdf"
    assert files <= {"sub/a-again.pdf"}


def test_catalog_exposes_the_output_tables_with_the_csv_columns(first_run):
    out, result = first_run
    expected = {"documents": DOCUMENT_COLUMNS, "forms": FORM_COLUMNS,
                "indicators": INDICATOR_COLUMNS, "findings": FINDING_COLUMNS}
    with duckdb.connect(str(out / CATALOG_NAME), read_only=True) as db:
        for name, columns in expected.items():
            assert [d[0] for d in db.execute(f"select * from {name} limit 0").description] == columns
            assert db.execute(f"select count(*) from {name}").fetchone()[0] == len(result.tables[name])
        statuses = dict(db.execute("select source_file, status from documents").fetchall())
    assert statuses == dict(zip(result.tables["documents"]["source_file"], result.tables["documents"]["status"]))


def test_rerun_reads_nothing_and_writes_identical_bytes(archive, first_run):
    out, _ = first_run
    before = output_bytes(out)
    again = run_batch(discover([str(archive)]), _config(out))
    assert again.processed == 0 and again.plan.reused == 2
    assert output_bytes(out) == before


def test_forced_serial_rerun_gives_the_data_of_the_parallel_run(archive, first_run, tmp_path):
    out, _ = first_run
    forced_out = tmp_path / "forced"
    shutil.copytree(out, forced_out)
    forced = run_batch(discover([str(archive)]), _config(forced_out, force=True))
    assert forced.processed == 2
    before, after = output_bytes(out), output_bytes(forced_out)
    for name in before:  # all four tables, documents included: no timing in them
        assert after[name] == before[name], name


def test_changed_settings_are_not_served_from_the_catalog(archive, first_run, tmp_path):
    out, _ = first_run
    other_out = tmp_path / "other"
    shutil.copytree(out, other_out)
    options = NO_OCR.model_copy(update=dict(limits=Limits(max_pages=5)))
    result = run_batch(discover([str(archive)]), _config(other_out).model_copy(update=dict(options=options)))
    assert result.processed == 2
    docs = result.tables["documents"].set_index("source_file")
    assert docs.loc["b.pdf", "status"] == "failed" and "page limit" in docs.loc["b.pdf", "error"]


def test_a_renamed_file_is_reused_under_its_new_name(archive, first_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first_run[0], out)
    moved = tmp_path / "moved"
    shutil.copytree(archive, moved)
    (moved / "b.pdf").rename(moved / "b-renamed.pdf")
    result = run_batch(discover([str(moved)]), _config(out))
    assert result.processed == 0
    names = set(result.tables["documents"]["source_file"])
    assert {"b-renamed.pdf", "b.pdf"} <= names  # runs accumulate: the earlier name stays
    replaced = run_batch(discover([str(moved)]), _config(out, replace=True))
    assert replaced.processed == 0
    assert set(replaced.tables["documents"]["source_file"]) == {"a.pdf", "b-renamed.pdf", "sub/a-again.pdf"}


def test_a_missing_input_is_a_failed_row_not_an_abort(tmp_path):
    shutil.copy(sample("000_jiangmen"), tmp_path / "here.pdf")
    items = discover([str(tmp_path / "here.pdf"), str(tmp_path / "gone.pdf")])
    result = run_batch(items, _config(tmp_path / "out"))
    docs = result.tables["documents"].set_index("source_file")
    assert docs.loc["gone.pdf", "status"] == "failed" and "not found" in docs.loc["gone.pdf", "error"]
    assert docs.loc["here.pdf", "status"] != "failed"


def _executor_inputs(folder: Path, names: list[str]) -> list:
    for n, name in enumerate(names):
        distinct_copy(sample("000_jiangmen"), folder / name, n)
    return discover([str(folder)])


def test_a_hung_document_is_killed_at_the_timeout_and_the_batch_goes_on(tmp_path):
    items = _executor_inputs(tmp_path / "in", ["ok1.pdf", "slow.pdf", "ok2.pdf", "ok3.pdf"])
    # Generous enough that the good files (worker start included) finish on a loaded machine.
    executor = ProcessExecutor(workers=2, timeout=20, task=hang_on_slow)
    result = run_batch(items, _config(tmp_path / "out"), executor=executor)
    docs = result.tables["documents"].set_index("source_file")
    assert len(docs) == 4
    assert docs.loc["slow.pdf", "status"] == "failed"
    assert docs.loc["slow.pdf", "error"].startswith("timed out after 20 s")
    assert (docs.drop(index="slow.pdf")["status"] != "failed").all()


def test_a_crashed_worker_is_replaced_and_the_file_recorded_failed(tmp_path):
    items = _executor_inputs(tmp_path / "in", ["bomb.pdf", "ok1.pdf", "ok2.pdf"])
    executor = ProcessExecutor(workers=2, timeout=120, task=crash_on_bomb)
    result = run_batch(items, _config(tmp_path / "out"), executor=executor)
    docs = result.tables["documents"].set_index("source_file")
    assert docs.loc["bomb.pdf", "status"] == "failed"
    assert "worker crashed (signal 11)" in docs.loc["bomb.pdf", "error"]
    assert (docs.drop(index="bomb.pdf")["status"] != "failed").all()


def test_failed_files_are_kept_until_asked_to_retry(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4\n%broken\n")
    items = discover([str(tmp_path / "in")])
    first = run_batch(items, _config(tmp_path / "out"))
    again = run_batch(items, _config(tmp_path / "out"))
    retried = run_batch(items, _config(tmp_path / "out", retry_failed=True))
    assert (first.processed, again.processed, retried.processed) == (1, 0, 1)
    assert retried.failed == 1
