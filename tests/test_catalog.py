"""The DuckDB catalog: what it keys results by, what it gives back, and who may open it."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from batch_support import NO_OCR
from jixiao.extractors.readers import ReadOptions
from jixiao.models import Document, Form, Indicator
from jixiao.models.provenance import Provenance
from jixiao.pipeline.batch.catalog import CATALOG_NAME, Catalog, CatalogBusy, publish_catalog, renamed, settings_key
from jixiao.pipeline.outputs.dictionary import TABLES
from jixiao.pipeline.process import PIPELINE_VERSION
from jixiao.pipeline.settings import ExtractOptions
from jixiao.pipeline.outputs.tables import build_tables


def _document(name: str) -> Document:
    ind = Indicator(row_index=3, level3_raw="办件量", provenance=Provenance(file=name, page=2, bbox=(1, 2, 3, 4)))
    form = Form(index=0, kind="project_self_eval", indicators=[ind],
                stated_total_provenance=Provenance(file=name, page=2, bbox=(5, 6, 7, 8)))
    return Document(source_file=name, sha256="ab" * 32, pages=2, forms=[form], seconds=0.5)


def test_a_recorded_document_comes_back_whole_under_the_name_asked_for(tmp_path):
    with Catalog(tmp_path / "c.duckdb", NO_OCR) as catalog:
        catalog.record("ab" * 32, _document("one.pdf"))
        back = catalog.load("ab" * 32, "two.pdf")
        assert catalog.recorded() == {"ab" * 32: "ok"}
    assert back.source_file == "two.pdf"
    assert back.forms[0].indicators[0].provenance.file == "two.pdf"
    assert back.forms[0].stated_total_provenance.file == "two.pdf"
    assert back.model_dump(exclude={"source_file", "forms"}) == _document("x").model_dump(exclude={"source_file", "forms"})


def test_rename_leaves_the_original_untouched():
    original = _document("one.pdf")
    renamed(original, "two.pdf")
    assert original.forms[0].indicators[0].provenance.file == "one.pdf"


def test_a_stored_document_renamed_from_its_json_is_the_document_renamed():
    from jixiao.pipeline.batch.catalog import renamed_json

    original = _document("one.pdf")
    for name in ("two.pdf", "one.pdf"):
        assert renamed_json(original.model_dump_json(), name) == renamed(original, name)


def test_results_are_kept_per_settings(tmp_path):
    with Catalog(tmp_path / "c.duckdb", NO_OCR) as catalog:
        catalog.record("ab" * 32, _document("one.pdf"))
    with_ocr = NO_OCR.model_copy(update=dict(read=ReadOptions(ocr="always")))
    with Catalog(tmp_path / "c.duckdb", with_ocr) as catalog:
        assert catalog.recorded() == {}
        assert catalog.load("ab" * 32, "one.pdf") is None
    with Catalog(tmp_path / "c.duckdb", NO_OCR) as catalog:
        assert catalog.recorded() == {"ab" * 32: "ok"}


def test_settings_key_depends_on_what_changes_results_only():
    assert settings_key(NO_OCR)[0] == settings_key(ExtractOptions(read=ReadOptions(ocr="never")))[0]
    assert settings_key(NO_OCR)[0] != settings_key(ExtractOptions())[0]


def test_an_extra_schema_counts_by_content(tmp_path):
    schema = tmp_path / "extra.yaml"
    schema.write_text("a: 1\n", encoding="utf-8")
    options = NO_OCR.model_copy(update=dict(schema_extra=str(schema)))
    before = settings_key(options)[0]
    schema.write_text("a: 2\n", encoding="utf-8")
    assert settings_key(options)[0] != before


def test_published_tables_replace_the_previous_ones_and_hold_nothing_internal(tmp_path):
    publish_catalog(build_tables([_document("one.pdf"), _document("two.pdf")]), tmp_path)
    publish_catalog(build_tables([_document("three.pdf")]), tmp_path)
    with duckdb.connect(str(tmp_path / CATALOG_NAME), read_only=True) as db:
        assert db.execute("select source_file from documents").fetchall() == [("three.pdf",)]
        assert db.execute("select source_file, row_index, bbox from indicators").fetchall() == \
            [("three.pdf", 3, [1.0, 2.0, 3.0, 4.0])]
        names = {r[0] for r in db.execute("select table_name from information_schema.tables").fetchall()}
        bbox_type = db.execute("select data_type from information_schema.columns "
                               "where table_name = 'indicators' and column_name = 'bbox'").fetchone()[0]
    assert names == set(TABLES) | {"problems", "form_findings"}
    assert bbox_type == "DOUBLE[]"


def test_a_reader_holding_the_published_catalog_never_blocks_a_run(tmp_path):
    publish_catalog(build_tables([_document("one.pdf")]), tmp_path)
    path = tmp_path / CATALOG_NAME
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; db = duckdb.connect({str(path)!r}, read_only=True); "
                               "print(db.execute('select count(*) from documents').fetchone()[0], flush=True); "
                               "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "1"
        publish_catalog(build_tables([_document("one.pdf"), _document("two.pdf")]), tmp_path)
        with duckdb.connect(str(path), read_only=True) as db:
            assert db.execute("select count(*) from documents").fetchone() == (2,)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_every_published_column_carries_its_description(tmp_path):
    publish_catalog(build_tables([]), tmp_path)
    with duckdb.connect(str(tmp_path / CATALOG_NAME), read_only=True) as db:
        comments = {(t, c): d for t, c, d in db.execute(
            "select table_name, column_name, comment from duckdb_columns() where database_name = 'jixiao'").fetchall()}
    for table, columns in TABLES.items():
        for column in columns:
            assert comments[(table, column.name)] == column.description


def test_a_new_state_is_empty(tmp_path):
    path = tmp_path / "c.duckdb"
    Catalog(path, NO_OCR).close()
    with duckdb.connect(str(path), read_only=True) as db:
        for table in ("results", "runs", "sources"):
            assert db.execute(f"select count(*) from {table}").fetchone() == (0,)


def test_a_catalog_held_by_another_process_is_reported_not_corrupted(tmp_path):
    path = tmp_path / "c.duckdb"
    Catalog(path, NO_OCR).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; db = duckdb.connect({str(path)!r}); "
                               "print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(CatalogBusy, match="another process"):
            Catalog(path, NO_OCR)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_results_record_the_pipeline_version(tmp_path):
    with Catalog(tmp_path / "c.duckdb", NO_OCR) as catalog:
        catalog.record("cd" * 32, _document("one.pdf"))
        row = catalog.db.execute("select pipeline_version, status, pages from results").fetchone()
    assert row == (PIPELINE_VERSION, "ok", 2)
