"""The batch writes its tables without pandas: the files must be those pandas wrote.

The batch builds Arrow tables and writes CSV with the csv module; the Python API
still gives pandas frames. Both come from the same rows, and this checks, on sample
documents and on documents made to hold every awkward value, that the Arrow tables
equal the API's frames converted, that the CSV text is what pandas' ``to_csv`` wrote
for those frames before, and that a batch process never imports pandas.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pyarrow as pa
import pytest

from batch_support import NO_OCR, REPO, sample
from jixiao.models import BudgetBlock, Document, Finding, Form, Indicator, Seal
from jixiao.models.font_check import FontCheck
from jixiao.models.provenance import Provenance
from jixiao.pipeline.outputs.cells import safe_cell
from jixiao.pipeline.outputs.dictionary import TABLES, UNMAPPED
from jixiao.pipeline.outputs.files import TABLE_NAMES, to_arrow, write_csv, write_parquet, write_tables
from jixiao.pipeline.outputs.tables import arrow_tables, build_tables, frames_from_arrow
from jixiao.pipeline.outputs.unmapped import unmapped_frame, unmapped_table


def _awkward() -> list[Document]:
    """Every kind of value a column can hold: missing, NaN, huge, tiny, negative zero, formula-like text,
    control characters, quotes and newlines, a seal and a font check."""
    indicator = Indicator(row_index=0, level1_raw="=产出", level2_raw='"数量"\n指标', level3_raw="-1+2", weight=1e16,
                          score=-0.0, note="tab\there\r", provenance=Provenance(page=2, bbox=(1, 2.345, 3e-7, 4)))
    blank = Indicator(row_index=1, level3_raw="", weight=None, score=float("nan"))
    form = Form(index=0, kind="project_self_eval", title="@标题", unit="单位", project="项目", year=2023,
                first_page=1, last_page=2, indicators=[indicator, blank], stated_total=99.83,
                recomputed_total=0.1 + 0.2, budget=BudgetBlock(unit="万元", initial=1.05, rate=1 / 3))
    finding = Finding(form_index=0, rule="TOTAL", severity="error", message="总分\x01不符", stated_value=5e-324,
                      expected_value=1.7976931348623157e308)
    odd = Document(source_file="+1+2.pdf", sha256="ab", pages=2, status="partial", error="'quoted", forms=[form],
                   findings=[finding], seals=[Seal(page=1, bbox=(10, 20.555, 30, 40), colour="#c00000", text="公章")],
                   fonts=[FontCheck(page=1, typeface="SimSun", glyphs=3, lying=True, outcome="repaired")])
    failed = Document(source_file="bad.pdf", status="failed", error="corrupt")
    return [odd, failed]


def _pandas_csv(frame) -> bytes:
    """How the batch wrote a CSV before it dropped pandas (text cells made safe, lists as JSON)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == "string":
            out[col] = out[col].map(safe_cell, na_action="ignore").astype("string")
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if v is None else json.dumps(v))
    return b"\xef\xbb\xbf" + out.to_csv(index=False, lineterminator="\n").encode("utf-8")


@pytest.fixture(scope="module")
def documents(sample_runs) -> list[Document]:
    return sample_runs.documents([sample("001_wuwei"), sample("004_haizhu")], NO_OCR) + _awkward()


def test_arrow_tables_equal_the_api_frames_converted(documents):
    arrow, frames = arrow_tables(documents), build_tables(documents)
    for name in TABLE_NAMES:
        expected = to_arrow(frames[name], name)
        assert arrow[name].num_rows == expected.num_rows and arrow[name].num_rows > 0
        assert arrow[name].equals(expected, check_metadata=True), name
    assert arrow_tables([])["indicators"].equals(to_arrow(build_tables([])["indicators"], "indicators"),
                                                 check_metadata=True)


def test_the_files_are_those_pandas_wrote(documents, tmp_path):
    arrow, frames = arrow_tables(documents), build_tables(documents)
    for name in TABLE_NAMES:
        write_csv(arrow[name], tmp_path / f"{name}.csv")
        assert (tmp_path / f"{name}.csv").read_bytes() == _pandas_csv(frames[name]), name
        write_parquet(arrow[name], tmp_path / "arrow.parquet", name)
        write_parquet(frames[name], tmp_path / "pandas.parquet", name)
        assert (tmp_path / "arrow.parquet").read_bytes() == (tmp_path / "pandas.parquet").read_bytes(), name
    unmapped = unmapped_table(arrow["indicators"])
    assert unmapped.num_rows > 0 and unmapped.column_names == [c.name for c in UNMAPPED]
    write_csv(unmapped, tmp_path / "unmapped.csv")
    assert (tmp_path / "unmapped.csv").read_bytes() == _pandas_csv(unmapped_frame(unmapped))
    csv_text = (tmp_path / "indicators.csv").read_text(encoding="utf-8-sig")
    assert "1e+16" in csv_text and "'=产出" in csv_text and "tab\there\\x0d" in csv_text


def test_api_frames_come_back_from_the_arrow_tables(documents):
    back, frames = frames_from_arrow(arrow_tables(documents)), build_tables(documents)
    for name in TABLE_NAMES:
        assert back[name].dtypes.to_dict() == frames[name].dtypes.to_dict()
        assert back[name].astype(object).where(back[name].notna(), None).values.tolist() == \
            frames[name].astype(object).where(frames[name].notna(), None).values.tolist(), name
    odd = back["forms"].set_index("source_file").loc["+1+2.pdf"]
    assert odd["recomputed_total"] == 0.1 + 0.2 and odd["year"] == 2023 and str(back["forms"]["year"].dtype) == "Int64"


def test_pandas_frames_and_arrow_tables_write_the_same_folder(documents, tmp_path):
    write_tables(arrow_tables(documents), tmp_path / "arrow", xlsx=True)
    write_tables(build_tables(documents), tmp_path / "pandas", xlsx=True)
    for name in [f"{t}.{ext}" for t in TABLE_NAMES for ext in ("csv", "parquet")] + ["unmapped.csv"]:
        assert (tmp_path / "arrow" / name).read_bytes() == (tmp_path / "pandas" / name).read_bytes(), name
    assert (tmp_path / "arrow" / "jixiao.xlsx").exists()


def test_api_frames_are_converted_to_arrow_once_for_all_their_files(documents, tmp_path, monkeypatch):
    from jixiao.pipeline.outputs import files

    converted = []

    def counting(frame, table):
        if not isinstance(frame, pa.Table):
            converted.append(table)
        return to_arrow(frame, table)

    monkeypatch.setattr(files, "to_arrow", counting)
    write_tables(build_tables(documents), tmp_path, xlsx=True)
    assert sorted(converted) == sorted(TABLE_NAMES)  # once each, for the Parquet and the CSV files


def test_the_extract_command_never_imports_pandas(tmp_path):
    """`jixiao extract` (here with the workbook, which does use pandas, in a second run) as one process."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('pandas' in sys.modules))\n"
        "from jixiao.pipeline.cli import main\n"
        "sys.argv = ['jixiao'] + sys.argv[1:]\n"
        "main()\n"
    )
    inputs = str(sample("003_zengcheng"))
    for out, extra, imported in (("plain", [], "False"), ("workbook", ["--xlsx"], "True")):
        done = subprocess.run([sys.executable, "-c", script, "extract", inputs, "--out", str(tmp_path / out), "-q",
                               "--workers", "1", "--ocr", "never", *extra],
                              cwd=REPO, capture_output=True, text=True, timeout=170)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == imported
    for name in [f"{t}.{ext}" for t in TABLE_NAMES for ext in ("csv", "parquet")] + ["unmapped.csv"]:
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "workbook" / name).read_bytes(), name
    assert (tmp_path / "plain" / "report" / "index.html").exists() and (tmp_path / "workbook" / "jixiao.xlsx").exists()


def test_every_table_has_a_column_for_every_dictionary_entry():
    for name, cols in TABLES.items():
        assert arrow_tables([])[name].column_names == [c.name for c in cols]
        assert isinstance(arrow_tables([])[name], pa.Table)


def test_the_published_catalog_is_the_same_whatever_the_output_folder_is_called(tmp_path):
    """DuckDB reads the Parquet files by name, except from a folder whose name it would take for a
    pattern (``[``, ``*``, ``?``): there it is handed the tables, with the same result."""
    import duckdb

    from jixiao.pipeline.batch.catalog import CATALOG_NAME
    from jixiao.pipeline.batch.inputs import discover
    from jixiao.pipeline.batch.run import run_batch
    from jixiao.pipeline.settings import BatchConfig

    (tmp_path / "d1x").mkdir()  # what the pattern "d[1]*" would match instead
    contents = {}
    for folder in ("plain", "d[1]*"):
        out = tmp_path / folder
        run_batch(discover([str(sample("003_zengcheng"))]), BatchConfig(out_dir=out, options=NO_OCR, workers=0,
                                                                          report=False))
        with duckdb.connect(str(out / CATALOG_NAME), read_only=True) as db:
            contents[folder] = {name: db.execute(f"select * from {name} order by all").fetchall() for name in TABLES}
    assert contents["plain"] == contents["d[1]*"] and contents["plain"]["indicators"]
