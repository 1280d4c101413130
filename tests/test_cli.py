"""The command line as a user meets it: extract with --xlsx and --schema, check, schema, eval."""
import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd
from typer.testing import CliRunner

from jixiao.pipeline.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
HAIZHU = str(SAMPLES / "pdf" / "004_haizhu.pdf")
WUWEI = str(SAMPLES / "pdf" / "001_wuwei.pdf")
runner = CliRunner()


def _extract(out: Path, *extra: str):
    return runner.invoke(app, ["extract", HAIZHU, "--out", str(out), "--ocr", "never", "--workers", "1",
                               "--no-report", "--quiet", *extra])


def test_extract_writes_the_contract_and_the_workbook(tmp_path):
    result = _extract(tmp_path, "--xlsx")
    assert result.exit_code == 0, result.output
    for name in ("documents", "forms", "indicators", "findings", "fonts"):
        csv_bytes = (tmp_path / f"{name}.csv").read_bytes()
        assert csv_bytes.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads Chinese
        assert len(pd.read_parquet(tmp_path / f"{name}.parquet").columns) >= 8
    book = openpyxl.load_workbook(tmp_path / "jixiao.xlsx", read_only=True)
    assert book.sheetnames == ["documents", "forms", "indicators", "findings", "seals", "fonts", "unmapped"]
    assert pd.read_parquet(tmp_path / "indicators.parquet").shape[0] == 52


def test_unmapped_names_are_listed_and_an_extra_schema_maps_them(tmp_path):
    assert _extract(tmp_path / "plain").exit_code == 0
    with open(tmp_path / "plain" / "unmapped.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) >= {"level", "raw_name", "count", "suggestion_1", "score_1"}
    name = next(r["raw_name"] for r in rows if r["level"] == "2" and r["raw_name"] == "优化政务服务")
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "level2:\n  - code: L2.service_improvement\n    name: 政务服务优化\n"
        "    parents: [L1.dept_performance]\n    aliases: [优化政务服务]\n", encoding="utf-8")
    assert _extract(tmp_path / "extended", "--schema", str(extra)).exit_code == 0
    indicators = pd.read_parquet(tmp_path / "extended" / "indicators.parquet")
    assert set(indicators.loc[indicators["level2_raw"] == name, "level2"]) == {"政务服务优化"}
    with open(tmp_path / "extended" / "unmapped.csv", encoding="utf-8-sig") as handle:
        assert name not in {r["raw_name"] for r in csv.DictReader(handle)}


def test_check_prints_forms_and_findings():
    result = runner.invoke(app, ["check", WUWEI, "--ocr", "never"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "TOTAL_EXCLUDES_BUDGET" in result.output and "政务服务经费" in result.output


def test_schema_prints_the_models_json_schema_every_property_described():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert {"Form", "Indicator", "Finding", "Provenance"} <= set(schema["$defs"])
    models = [schema, *schema["$defs"].values()]
    properties = [(m["title"], name, p) for m in models for name, p in m.get("properties", {}).items()]
    assert len(properties) > 70
    assert [(m, name) for m, name, p in properties if not p.get("description")] == []


def test_schema_tables_lists_the_data_dictionary():
    from jixiao.pipeline.outputs.dictionary import TABLES

    described = json.loads(runner.invoke(app, ["schema", "--tables"]).output)
    for name, columns in TABLES.items():
        assert [c["name"] for c in described[name]["columns"]] == [c.name for c in columns]
        assert all(c["description"] for c in described[name]["columns"])


def test_check_json_gives_the_document_with_its_indicator_rows():
    result = runner.invoke(app, ["check", WUWEI, "--ocr", "never", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [len(f["indicators"]) for f in doc["forms"]] == [27, 19, 17, 17]
    assert {f["rule"] for f in doc["findings"]} >= {"TOTAL_EXCLUDES_BUDGET"}


def test_check_shows_the_indicator_rows():
    result = runner.invoke(app, ["check", WUWEI, "--ocr", "never"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "indicator rows" in result.output and "项目支出预算执行率" in result.output


def test_missing_files_are_usage_errors(tmp_path):
    missing = runner.invoke(app, ["check", str(tmp_path / "missing.pdf")])
    assert missing.exit_code == 2 and "not found" in missing.output and "internal error" not in missing.output
    out = tmp_path / "out"
    assert _extract(out).exit_code == 0
    assert runner.invoke(app, ["eval", str(out), str(tmp_path / "nonexistent")]).exit_code == 2
    assert runner.invoke(app, ["eval", str(tmp_path / "nothing"), str(SAMPLES / "truth")]).exit_code == 2
    assert not (out / "eval.json").exists()


def test_the_run_summary_fits_80_columns_and_names_every_output(tmp_path):
    result = runner.invoke(app, ["extract", WUWEI, "--out", str(tmp_path), "--ocr", "never", "--workers", "0",
                                 "--no-report", "--quiet", "--xlsx"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    # A long output path wraps inside the 80 columns: look for each name with the wrapping undone.
    unwrapped = "".join(line.strip() for line in lines)
    for name in ("jixiao.xlsx", "unmapped.csv", "jixiao.duckdb", "{documents,forms,indicators,findings,seals,fonts}"):
        assert name in unwrapped, name
    findings = next(line for line in lines if "findings" in line and "error" in line)
    counts = pd.read_parquet(tmp_path / "findings.parquet")["severity"].value_counts()
    for severity in ("error", "warning", "info"):
        assert f"{counts.get(severity, 0)} {severity}" in findings


def test_sql_queries_the_published_catalog(tmp_path):
    assert _extract(tmp_path).exit_code == 0
    result = runner.invoke(app, ["sql", "select count(*) n from indicators", "--out", str(tmp_path), "--csv"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "52"]
    assert runner.invoke(app, ["sql", "select * from results", "--out", str(tmp_path)]).exit_code == 2


def test_make_run_installs_only_what_running_needs():
    import subprocess

    def pip_lines(target: str) -> list[str]:
        made = subprocess.run(["make", "-n", "-B", target], cwd=SAMPLES.parent, capture_output=True, text=True)
        return [line for line in made.stdout.splitlines() if "pip install" in line and "-e" in line]

    run, test = pip_lines("run"), pip_lines("test")
    assert run and all("[" not in line for line in run), run
    assert any("test" in line for line in test), test


def test_eval_writes_eval_json(tmp_path):
    out = tmp_path / "out"
    assert _extract(out).exit_code == 0
    result = runner.invoke(app, ["eval", str(out), str(SAMPLES / "truth")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    report = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert report["summary"]["all"]["files"] == 1 and report["summary"]["all"]["row_recall"] == 1.0


def test_a_bug_of_the_program_exits_apart_from_files_that_failed():
    """An uncaught exception exits 4 after its traceback, so `make run` (which accepts 1: files
    that could not be read) fails on it; Python's own code for it would be 1."""
    import subprocess
    import sys

    crash = ("import jixiao.pipeline.cli as cli\n"
             "def broken():\n    raise RuntimeError('a bug')\n"
             "cli.app = broken\ncli.main()\n")
    result = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, timeout=120)
    assert result.returncode == 4
    assert "RuntimeError: a bug" in result.stderr
