"""The scorer counts an expected finding only when it is reported as loudly as the truth expects it."""
from __future__ import annotations

from sample_files import SAMPLES

from jixiao.pipeline.evaluation.scorer import evaluate_tables

# 001_wuwei's 总分 89 whose items add to 99 with the budget's 10 points: its truth expects TOTAL_EXCLUDES_BUDGET
# (a warning) on every form
WUWEI = SAMPLES / "pdf" / "001_wuwei.pdf"


def _expected(report: dict, rule: str) -> list[bool]:
    return [e["found"] for f in report["files"] for form in f["forms"] for e in form["expected_findings"]
            if e["rule"] == rule]


def test_an_expected_mismatch_lowered_to_a_note_is_not_found(sample_runs):
    result = sample_runs.result([WUWEI])
    truth_dir, manifest = SAMPLES / "truth", SAMPLES / "manifest.json"
    assert _expected(evaluate_tables(result.tables, truth_dir, manifest), "TOTAL_EXCLUDES_BUDGET") == [True] * 4
    tables = dict(result.tables)
    findings = tables["findings"].copy()
    findings.loc[findings["rule"] == "TOTAL_EXCLUDES_BUDGET", "severity"] = "info"
    tables["findings"] = findings
    assert _expected(evaluate_tables(tables, truth_dir, manifest), "TOTAL_EXCLUDES_BUDGET") == [False] * 4
