"""Outputs an analyst can trust and open (issue: file identity, accumulating runs, safe
cells, typed columns, a data dictionary, a catalog that never blocks a run)."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from batch_support import NO_OCR, REPO, distinct_copy, sample
from jixiao.models import BudgetBlock, Document, Form
from jixiao.pipeline.assembly.forms import budget_unit
from jixiao.pipeline.batch.catalog import CATALOG_NAME
from jixiao.pipeline.batch.inputs import discover, escape_name, unescape_name
from jixiao.pipeline.batch.run import run_batch
from jixiao.pipeline.outputs import dictionary
from jixiao.pipeline.outputs.cells import recover, safe_cell
from jixiao.pipeline.outputs.tables import build_tables
from jixiao.pipeline.settings import BatchConfig

FORMULA_NAMES = ["=cmd|' calc'!A0.pdf", "+1+2.pdf", "-2+3.pdf", "@SUM(1).pdf"]
#: Names a file system allows that are not text: a byte that is not UTF-8, CR, LF, a control character.
ODD_NAMES = [b"bad-\xff\xfe.pdf", b"cr\rname.pdf", b"lf\nname.pdf", b"ctl\x01name.pdf"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _config(out, **changes) -> BatchConfig:
    return BatchConfig(out_dir=out, options=NO_OCR, **{"workers": 0, "report": False, **changes})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One batch over two folders holding a form.pdf each, formula-like and non-text names."""
    root = tmp_path_factory.mktemp("hostile")
    source = sample("003_zengcheng")
    serial = 0
    for folder in ("dirA", "dirB"):
        serial += 1
        distinct_copy(source, root / folder / "form.pdf", serial)
    for name in FORMULA_NAMES:
        shutil.copy(source, root / "dirA" / name)  # identical content: read once
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(root / "dirB"), name), "wb") as handle:
            handle.write(source.read_bytes())
    out = root / "out"
    result = run_batch(discover([str(root / "dirA"), str(root / "dirB")]), _config(out, xlsx=True))
    return root, out, result


def test_same_file_name_in_two_folders_gives_two_rows_both_read(hostile):
    _, out, result = hostile
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_file")
    assert {"dirA/form.pdf", "dirB/form.pdf"} <= set(docs.index)
    assert docs.index.is_unique and len(docs) == 2 + len(FORMULA_NAMES) + len(ODD_NAMES)
    assert (docs["status"] != "failed").all(), docs[["status", "error"]]
    assert docs.loc["dirA/form.pdf", "sha256"] != docs.loc["dirB/form.pdf", "sha256"]


def test_the_common_root_keeps_single_folder_and_single_file_names_short(tmp_path):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    for path in (tmp_path / "a" / "x.pdf", tmp_path / "a" / "sub" / "x.pdf"):
        path.write_bytes(b"%PDF-1.4")
    assert [i.source for i in discover([str(tmp_path / "a")])] == ["sub/x.pdf", "x.pdf"]
    assert [i.source for i in discover([str(tmp_path / "a" / "x.pdf")])] == ["x.pdf"]
    assert [i.source for i in discover([str(tmp_path / "a" / "x.pdf"), str(tmp_path / "a" / "sub" / "x.pdf")])] == \
        ["sub/x.pdf", "x.pdf"]


def test_odd_file_names_are_recorded_escaped_and_never_break_a_row(hostile):
    _, out, _ = hostile
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {r["source_file"] for r in rows}
    assert len(rows) == 2 + len(FORMULA_NAMES) + len(ODD_NAMES)
    for raw in ODD_NAMES:
        escaped = "dirB/" + escape_name(os.fsdecode(raw))
        assert escaped in names
        assert unescape_name(escaped) == b"dirB/" + raw
    assert "dirB/bad-\\xff\\xfe.pdf" in names and "dirB/cr\\x0dname.pdf" in names
    with duckdb.connect(str(out / CATALOG_NAME), read_only=True) as db:
        assert db.execute("select count(*) from documents").fetchone()[0] == len(rows)
    assert openpyxl.load_workbook(out / "jixiao.xlsx")["documents"].max_row == len(rows) + 1


def test_no_csv_or_xlsx_cell_is_a_formula_and_values_are_recoverable(hostile):
    _, out, _ = hostile
    seen = set()
    for name in (*dictionary.TABLES, "unmapped"):
        text = (out / f"{name}.csv").read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(TRIGGERS), (name, cell)
                seen.add(recover(cell))
    assert {f"dirA/{n}" for n in FORMULA_NAMES} <= seen  # CSV cells start with dirA/, still recoverable
    book = openpyxl.load_workbook(out / "jixiao.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(TRIGGERS), (sheet.title, cell.value)


def test_formula_like_text_is_prefixed_and_comes_back():
    for raw in ("=HYPERLINK(\"x\")", "+86", "-5%", "@x", "\tx", "\rx", "'quoted", "≥95%", "plain"):
        cell = safe_cell(raw)
        assert not cell.startswith(TRIGGERS)
        if "\r" not in raw:
            assert recover(cell) == raw
    assert safe_cell("=1") == "'=1" and safe_cell("a\rb") == "a\\x0db"


def test_a_file_name_starting_with_a_formula_in_the_csv_is_neutralised(tmp_path):
    shutil.copy(sample("003_zengcheng"), tmp_path / "=1+1.pdf")
    out = tmp_path / "out"
    run_batch(discover([str(tmp_path / "=1+1.pdf")]), _config(out, xlsx=True))
    assert "'=1+1.pdf" in (out / "documents.csv").read_text(encoding="utf-8-sig")
    assert pd.read_parquet(out / "documents.parquet")["source_file"].tolist() == ["=1+1.pdf"]  # exact here
    cell = openpyxl.load_workbook(out / "jixiao.xlsx")["documents"]["A2"]
    assert (cell.value, cell.data_type) == ("'=1+1.pdf", "s")


def test_outputs_honour_the_umask(tmp_path):
    shutil.copy(sample("003_zengcheng"), tmp_path / "a.pdf")
    previous = os.umask(0o027)
    try:
        run_batch(discover([str(tmp_path / "a.pdf")]), _config(tmp_path / "tight", xlsx=True))
    finally:
        os.umask(previous)
    os.umask(0o022)
    try:
        run_batch(discover([str(tmp_path / "a.pdf")]), _config(tmp_path / "usual", xlsx=True))
    finally:
        os.umask(previous)
    names = [f"{t}.{ext}" for t in dictionary.TABLES for ext in ("csv", "parquet")]
    names += ["unmapped.csv", "jixiao.xlsx", CATALOG_NAME]
    for name in names:
        assert (tmp_path / "usual" / name).stat().st_mode & 0o777 == 0o644, name
        assert (tmp_path / "tight" / name).stat().st_mode & 0o777 == 0o640, name


def test_runs_accumulate_and_replace_drops_the_rest_with_its_report_pages(tmp_path):
    source = sample("003_zengcheng")
    for n in range(3):
        distinct_copy(source, tmp_path / "in" / f"f{n}.pdf", n)
    out = tmp_path / "out"
    run_batch(discover([str(tmp_path / "in")]), _config(out, report=True))
    assert len(list((out / "report" / "docs").glob("*.html"))) == 3
    one = run_batch(discover([str(tmp_path / "in" / "f1.pdf")]), _config(out, report=True))
    assert one.processed == 0
    assert pd.read_csv(out / "documents.csv")["source_file"].tolist() == ["f0.pdf", "f1.pdf", "f2.pdf"]
    with duckdb.connect(str(out / CATALOG_NAME), read_only=True) as db:
        assert db.execute("select count(*) from documents").fetchone() == (3,)
    run_batch(discover([str(tmp_path / "in" / "f1.pdf")]), _config(out, report=True, replace=True))
    assert pd.read_csv(out / "documents.csv")["source_file"].tolist() == ["f1.pdf"]
    assert len(list((out / "report" / "docs").glob("*.html"))) == 1
    assert len(list((out / "report" / "pages").glob("*.png"))) <= 2  # the one document's pages at most


def test_a_reader_holding_the_catalog_does_not_block_the_next_run(tmp_path):
    shutil.copy(sample("003_zengcheng"), tmp_path / "a.pdf")
    out = tmp_path / "out"
    run_batch(discover([str(tmp_path / "a.pdf")]), _config(out))
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; db = duckdb.connect({str(out / CATALOG_NAME)!r}, read_only=True);"
                               " print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        distinct_copy(sample("003_zengcheng"), tmp_path / "b.pdf", 7)
        again = run_batch(discover([str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf")]), _config(out))
        assert len(again.tables["documents"]) == 2
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with duckdb.connect(str(out / CATALOG_NAME), read_only=True) as db:
        tables = {r[0] for r in db.execute("select table_name from information_schema.tables").fetchall()}
    assert not tables & {"results", "runs", "settings", "sources", "catalog_meta"}


@pytest.fixture(scope="module")
def wuwei(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wuwei")
    shutil.copy(sample("001_wuwei"), folder / "wuwei.pdf")
    out = folder / "out"
    run_batch(discover([str(folder / "wuwei.pdf")]), _config(out, xlsx=True))
    return out


def test_findings_carry_numbers_beside_their_text(wuwei):
    findings = pd.read_parquet(wuwei / "findings.parquet")
    schema = pq.read_schema(wuwei / "findings.parquet")
    for column in ("expected_value", "stated_value", "gap"):
        assert str(schema.field(column).type) == "double"
    total = findings[findings["rule"] == "TOTAL_EXCLUDES_BUDGET"].iloc[0]
    assert (total["stated_value"], total["expected_value"], total["gap"]) == (88.0, 98.0, -10.0)


def test_forms_give_the_recomputed_grade_the_budget_unit_and_simplified_names(wuwei):
    forms = pd.read_parquet(wuwei / "forms.parquet")
    assert set(forms["budget_unit"]) == {"万元"}
    assert set(forms["recomputed_grade"]) == {"优"}  # every recomputed total is 98 or 99
    assert budget_unit("金额单位：元") == "元" and budget_unit("年初预算数（万元）") == "万元" and budget_unit("") == ""
    form = Form(index=0, kind="project_self_eval", unit="武威市政務服務中心", project="黨支部標準化建設項目",
                budget=BudgetBlock(unit="元"))
    row = build_tables([Document(source_file="t.pdf", forms=[form])])["forms"].iloc[0]
    assert (row["unit_simplified"], row["project_simplified"]) == ("武威市政务服务中心", "党支部标准化建设项目")
    assert row["unit"] == "武威市政務服務中心" and row["budget_unit"] == "元"


def test_bbox_is_a_list_of_doubles_in_parquet_and_the_catalog(wuwei):
    assert str(pq.read_schema(wuwei / "indicators.parquet").field("bbox").type) == "list<element: double>"
    with duckdb.connect(str(wuwei / CATALOG_NAME), read_only=True) as db:
        bbox = db.execute("select bbox from indicators where bbox is not null limit 1").fetchone()[0]
    assert len(bbox) == 4 and all(isinstance(v, float) for v in bbox)


def test_the_workbook_is_for_people(wuwei):
    book = openpyxl.load_workbook(wuwei / "jixiao.xlsx")
    assert book.sheetnames == [*dictionary.TABLES, "unmapped"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref, sheet.title
    forms = book["forms"]
    header = [c.value for c in forms[1]]
    unit_width = forms.column_dimensions[openpyxl.utils.get_column_letter(header.index("unit") + 1)].width
    assert unit_width >= 2 * len("武威市政府政务服务中心")  # Chinese characters count double
    total = forms.cell(row=2, column=header.index("stated_total") + 1)
    year = forms.cell(row=2, column=header.index("year") + 1)
    assert (total.data_type, total.value, year.data_type, year.value) == ("n", 88, "n", 2022)
    assert year.number_format == "0" and total.number_format == "#,##0.00##"
    indicators = book["indicators"]
    header = [c.value for c in indicators[1]]
    confidence = [indicators.cell(row=r, column=header.index("confidence") + 1).value
                  for r in range(2, indicators.max_row + 1)]
    assert all(isinstance(v, (int, float)) for v in confidence)


def test_every_column_is_described_once_and_everywhere(wuwei):
    tables = build_tables([])
    for name, columns in dictionary.TABLES.items():
        assert list(tables[name].columns) == [c.name for c in columns], name
        assert all(c.description.strip() for c in columns), name
        schema = pq.read_schema(wuwei / f"{name}.parquet")
        for column in columns:
            assert schema.field(column.name).metadata[b"description"].decode() == column.description
    names = [(t, c.name) for t, cols in dictionary.TABLES.items() for c in cols]
    assert len(names) == len(set(names))
    unmapped = pd.read_csv(wuwei / "unmapped.csv")
    assert list(unmapped.columns) == [c.name for c in dictionary.UNMAPPED]


def test_the_readme_carries_the_generated_dictionary():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- columns: begin -->", "<!-- columns: end -->"
    generated = readme.split(begin)[1].split(end)[0].strip()
    assert generated == dictionary.markdown().strip(), \
        "README columns are stale: python -m jixiao.pipeline.outputs.dictionary"


def test_the_readme_queries_run_against_the_catalog(wuwei):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sql\n")[1].split("```")[0]
    queries = [q.strip() for q in "\n".join(
        line for line in block.splitlines() if not line.startswith("--")).split(";") if q.strip()]
    assert len(queries) >= 4
    with duckdb.connect(str(wuwei / CATALOG_NAME), read_only=True) as db:
        for query in queries:
            db.execute(query).fetchall()
