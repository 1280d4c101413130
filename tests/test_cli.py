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
        assert len(pd.read_parquet(tmp_path / f"{name}.parquet").columns) >= 9
    book = openpyxl.load_workbook(tmp_path / "jixiao.xlsx", read_only=True)
    assert book.sheetnames == ["documents", "forms", "indicators", "findings", "fonts"]
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


def test_schema_prints_the_models_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert {"Form", "Indicator", "Finding", "Provenance"} <= set(schema["$defs"])


def test_eval_writes_eval_json(tmp_path):
    out = tmp_path / "out"
    assert _extract(out).exit_code == 0
    result = runner.invoke(app, ["eval", str(out), str(SAMPLES / "truth")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    report = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert report["summary"]["all"]["files"] == 1 and report["summary"]["all"]["row_recall"] == 1.0
