"""`jixiao eval`: how close an extraction is to labelled truth.

Users run it on their own labelled forms; the tests and the benchmark run it on
samples/. Rows are aligned by sequence (so a missing or extra row costs one row,
not every row after it), then each field of each aligned row is compared after
the same text repair the extractor applies, so a truth written "≦" and an
extraction reading "≤" agree.
"""
from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from jixiao.normalizers.text_repair import repair_text
from jixiao.pipeline.evaluation.seal_scores import file_seal_text, group_seal_text
from jixiao.pipeline.evaluation.unit_scores import form_unit

TEXT_FIELDS = {"level1": "level1_raw", "level2": "level2_raw", "level3": "level3_raw", "target": "target_raw", "actual": "actual_raw"}
NUMBER_FIELDS = {"weight": "weight", "score": "score"}
CANONICAL_FIELDS = {"level1_canonical": "level1", "level2_canonical": "level2"}
FIELDS = [*TEXT_FIELDS, *NUMBER_FIELDS, *CANONICAL_FIELDS]
#: A form is misread when fewer than this share of its fields are exact (fields of
#: truth rows the extraction lost count as not exact).
MISREAD_BELOW = 0.9
#: Severities that claim the form is wrong; an info finding (rounding, low confidence) claims nothing.
ACCUSING = ("error", "warning")


#: Typographic variants of one character that truth transcriptions and printed forms
#: use interchangeably (full-width and ASCII commas, curly and straight quotes, ≥ and >=).
#: They are folded before comparing; every other character must match exactly.
_VARIANTS = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "“": '"', "”": '"',
                           "„": '"', "″": '"', "‘": "'", "’": "'", "！": "!", "？": "?"})


def normalise_text(text) -> str:
    """Text as the scorer compares it: repaired, typographic variants folded, no whitespace."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return ""
    folded = repair_text(str(text)).translate(_VARIANTS).replace(">=", "≥").replace("<=", "≤")
    return re.sub(r"\s+", "", folded)


def _num(value) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(value)


def _plain(value):
    """A table value as plain JSON (pandas NA → None)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _row_key(level3, target, actual) -> str:
    return "|".join(normalise_text(v) for v in (level3, target, actual))


def align_rows(truth_rows: list[dict], extracted: pd.DataFrame) -> list[tuple[int, int]]:
    """(truth index, extracted index) pairs: exact-key blocks first, then same-length gaps paired in order."""
    t_keys = [_row_key(r.get("level3"), r.get("target"), r.get("actual")) for r in truth_rows]
    e_keys = [_row_key(r.level3_raw, r.target_raw, r.actual_raw) for r in extracted.itertuples()]
    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, t_keys, e_keys, autojunk=False).get_opcodes():
        if tag == "equal" or tag == "replace":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
    return pairs


def _field_equal(field: str, truth: dict, row) -> bool:
    if field in NUMBER_FIELDS:
        a, b = _num(truth.get(field)), _num(getattr(row, NUMBER_FIELDS[field]))
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)
    column = TEXT_FIELDS.get(field) or CANONICAL_FIELDS[field]
    return normalise_text(truth.get(field)) == normalise_text(getattr(row, column))


def compare_form(truth_form: dict, ext_form: pd.Series | None, ext_rows: pd.DataFrame, findings: pd.DataFrame) -> dict:
    """Row recall/precision, per-field exact counts, stated total and expected findings of one form."""
    truth_rows = truth_form.get("indicators", [])
    result = {
        "kind": truth_form.get("kind"), "project": truth_form.get("project", ""), "found": ext_form is not None,
        "truth_rows": len(truth_rows), "extracted_rows": len(ext_rows), "matched_rows": 0,
        "fields": {f: [0, 0] for f in FIELDS},
        "stated_total": {"truth": truth_form.get("stated_total"), "extracted": None, "exact": False},
        "expected_findings": [],
        "mismatches": [],
        "verdict": None,
        "unit": form_unit(truth_form, None, normalise_text),
    }
    if ext_form is not None:
        pairs = align_rows(truth_rows, ext_rows)
        result["matched_rows"] = len(pairs)
        records = list(ext_rows.itertuples())
        for ti, ei in pairs:
            for f in FIELDS:
                if f in CANONICAL_FIELDS and f not in truth_rows[ti]:
                    continue
                result["fields"][f][1] += 1
                equal = _field_equal(f, truth_rows[ti], records[ei])
                result["fields"][f][0] += equal
                if not equal:
                    column = NUMBER_FIELDS.get(f) or TEXT_FIELDS.get(f) or CANONICAL_FIELDS[f]
                    result["mismatches"].append({"row": ti, "field": f, "truth": truth_rows[ti].get(f),
                                                 "extracted": _plain(getattr(records[ei], column))})
        result["verdict"] = _plain(ext_form.get("verdict"))
        result["unit"] = form_unit(truth_form, _plain(ext_form.get("unit")) or "", normalise_text)
        extracted_total = _num(ext_form["stated_total"])
        result["stated_total"]["extracted"] = extracted_total
        truth_total = _num(truth_form.get("stated_total"))
        result["stated_total"]["exact"] = (truth_total is None and extracted_total is None) or (
            truth_total is not None and extracted_total is not None and abs(truth_total - extracted_total) < 1e-6)
    expected_rules = {e["rule"] for e in truth_form.get("expected_findings", [])}
    for expected in truth_form.get("expected_findings", []):
        result["expected_findings"].append({"rule": expected["rule"], "found": _reported(expected, findings)})
    result["field_exact"] = form_field_exact(result)
    result["misread"] = result["field_exact"] is not None and result["field_exact"] < MISREAD_BELOW
    result["unexpected_findings"] = _unexpected_findings(findings, expected_rules)
    return result


def form_field_exact(result: dict) -> float | None:
    """Share of a form's fields read exactly; every field of a lost truth row counts as wrong."""
    exact = sum(v[0] for v in result["fields"].values())
    compared = sum(v[1] for v in result["fields"].values())
    matched = result["matched_rows"]
    per_row = compared / matched if matched else 7
    lost = (result["truth_rows"] - matched) * per_row if result["found"] else result["truth_rows"] * 7
    total = compared + lost
    return round(exact / total, 4) if total else None


def _reported(expected: dict, findings: pd.DataFrame) -> bool:
    """Whether the extraction reports an expected finding as loudly as an auditor needs it: a rule the
    truth expects as an error or warning counts only when some finding of that rule is above ``info``
    (one lowered to a note is a real inconsistency gone quiet, not found)."""
    if not len(findings):
        return False
    same_rule = findings[findings["rule"] == expected["rule"]]
    if expected.get("severity", "info") == "info":
        return bool(len(same_rule))
    return bool((same_rule["severity"] != "info").any())


def _unexpected_findings(findings: pd.DataFrame, expected_rules: set[str]) -> list[dict]:
    """Error and warning findings whose rule the truth does not expect: false claims about the form."""
    if not len(findings):
        return []
    claims = findings[findings["severity"].isin(ACCUSING) & ~findings["rule"].isin(expected_rules)]
    return [{"rule": r.rule, "severity": r.severity, "indicator": r.indicator, "row_index": _plain(r.row_index),
             "message": r.message} for r in claims.itertuples()]


def _load_manifest(truth_dir: Path, manifest: Path | None) -> list[dict]:
    path = manifest or truth_dir.parent / "manifest.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return [{"file": f"{p.stem}.pdf", "truth": str(p), "variant": "digital"} for p in sorted(truth_dir.glob("*.json"))]


def _read(out_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out_dir / f"{name}.parquet")


def evaluate_output(out_dir: Path, truth_dir: Path, manifest: Path | None = None) -> dict:
    """Compare every manifest PDF found in an output directory with its truth file."""
    tables = {n: _read(out_dir, n) for n in ("documents", "forms", "indicators", "findings")}
    if (out_dir / "seals.parquet").exists():
        tables["seals"] = _read(out_dir, "seals")
    return evaluate_tables(tables, truth_dir, manifest)


def evaluate_tables(tables: dict[str, pd.DataFrame], truth_dir: Path, manifest: Path | None = None) -> dict:
    """Compare the output tables (as :func:`jixiao.pipeline.outputs.tables.build_tables` makes them) with truth.

    Files are matched to manifest entries by file name; the entries' ``variant``,
    ``kind`` and ``split`` (tune/holdout) group the summary.
    """
    by_name = {Path(s).name: s for s in tables["documents"]["source_file"]}
    files = []
    for entry in _load_manifest(truth_dir, manifest):
        name = Path(entry["file"]).name
        source = by_name.get(name)
        if source is None:
            continue
        truth = json.loads((truth_dir / Path(entry["truth"]).name).read_text(encoding="utf-8"))
        forms = tables["forms"][tables["forms"]["source_file"] == source].sort_values("form_index")
        status = tables["documents"].loc[tables["documents"]["source_file"] == source, "status"]
        form_results = []
        for index, truth_form in enumerate(truth["forms"]):
            ext = forms[forms["form_index"] == index]
            ext_form = ext.iloc[0] if len(ext) else None
            rows = tables["indicators"][(tables["indicators"]["source_file"] == source) & (tables["indicators"]["form_index"] == index)]
            found = tables["findings"][(tables["findings"]["source_file"] == source) & (tables["findings"]["form_index"] == index)]
            result = compare_form(truth_form, ext_form, rows.sort_values("row_index"), found)
            result["document_status"] = _plain(status.iloc[0]) if len(status) else None
            form_results.append(result)
        files.append({"file": name, "variant": entry.get("variant", ""), "kind": entry.get("kind", ""),
                      "split": entry.get("split", ""), "forms_expected": len(truth["forms"]),
                      "forms_extracted": len(forms), "forms": form_results,
                      "seal_text": file_seal_text(tables.get("seals"), source, entry.get("seal_text"),
                                                  entry.get("other_seal_texts", ()))})
    return {"files": files, "summary": summarize(files), "by_kind": summarize_by_kind(files)}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def summarize(files: list[dict]) -> dict:
    """Totals over all files, per variant and per split ("split:tune", "split:holdout")."""
    groups: dict[str, list[dict]] = {"all": files}
    for f in files:
        groups.setdefault(f["variant"] or "?", []).append(f)
    for f in files:
        if f.get("split"):
            groups.setdefault(f"split:{f['split']}", []).append(f)
    return {name: _group_figures(group) for name, group in groups.items()}


def summarize_by_kind(files: list[dict]) -> dict:
    """Figures per corpus kind, split into the part thresholds were tuned on and the held-back part."""
    groups: dict[str, list[dict]] = {}
    for f in files:
        kind = f.get("kind") or f["variant"] or "?"
        groups.setdefault(f"{kind}/{f.get('split') or 'all'}", []).append(f)
    return {name: _group_figures(groups[name]) for name in sorted(groups)}


def _group_figures(group: list[dict]) -> dict:
    """Row recall/precision, fields exact, totals and expected findings over a group of files."""
    forms = [form for f in group for form in f["forms"]]
    truth_rows = sum(f["truth_rows"] for f in forms)
    extracted = sum(f["extracted_rows"] for f in forms)
    matched = sum(f["matched_rows"] for f in forms)
    exact = sum(f["fields"][k][0] for f in forms for k in FIELDS)
    compared = sum(f["fields"][k][1] for f in forms for k in FIELDS)
    per_field = {k: _ratio(sum(f["fields"][k][0] for f in forms), sum(f["fields"][k][1] for f in forms)) for k in FIELDS}
    expected = [e for f in forms for e in f["expected_findings"]]
    return {
        "files": len(group), "forms_expected": len(forms), "forms_found": sum(f["found"] for f in forms),
        "row_recall": _ratio(matched, truth_rows), "row_precision": _ratio(matched, extracted),
        "field_exact": _ratio(exact, compared), "fields": per_field,
        "stated_total_exact": _ratio(sum(f["stated_total"]["exact"] for f in forms), len(forms)),
        # the form's unit (主管部门 or 实施单位 where both are printed), over every truth form: a form
        # not found has no unit read
        "unit_exact": _ratio(sum(f["unit"]["exact"] for f in forms), len(forms)),
        "expected_findings_found": _ratio(sum(e["found"] for e in expected), len(expected)),
        "extra_forms": sum(max(0, f["forms_extracted"] - f["forms_expected"]) for f in group),
        # error/warning findings on forms whose truth expects none: the figures agree, so each is false
        "false_findings_on_consistent_forms": sum(
            len(f.get("unexpected_findings", [])) for f in forms if not f["expected_findings"]),
        "unexpected_findings": sum(len(f.get("unexpected_findings", [])) for f in forms),
        "verdict": verdict_summary(forms),
        "seal_text": group_seal_text(group),
    }


def verdict_summary(forms: list[dict]) -> dict:
    """How well the extraction verdict separates misread forms from forms read right.

    ``recall``: misread forms (fields exact < 0.9) reported ``suspect``; a truth form
    not found at all counts as caught only when its document is not ``ok``;
    ``false_alarm``: forms not misread (fields exact ≥ 0.9) reported ``suspect``;
    ``accusations_on_misread``: error/warning findings the truth does not expect, on
    misread forms.

    Between the two lie forms read *nearly* right: ≥ 90 % of fields exact, yet a
    cell misread (a seal turning a score of 7 into 57). A flag on them is earned,
    so the false alarms proper are counted on forms read exactly (every compared
    field, the stated 总分 and the unit exact): ``exact_false_alarm``; the nearly-right forms
    and how many were flagged are given apart (``nearly_right``, ``nearly_right_suspect``).
    ``unit_wrong``: forms found whose unit is not the truth's, ``unit_wrong_suspect`` of them
    reported ``suspect`` (a wrong unit the verdict calls ``ok`` is a confident wrong answer).
    """
    misread = [f for f in forms if f.get("misread")]
    clean = [f for f in forms if f.get("field_exact") is not None and not f.get("misread")]
    exact = [f for f in clean if read_exactly(f)]
    nearly = [f for f in clean if not read_exactly(f)]
    caught = [f for f in misread if f.get("verdict") == "suspect"
              or (not f.get("found") and f.get("document_status") not in ("ok", None))]
    flagged = [f for f in clean if f.get("verdict") == "suspect"]
    unit_wrong = [f for f in forms if f.get("found") and not f.get("unit", {}).get("exact", True)]
    return {
        "misread_forms": len(misread), "misread_suspect": len(caught), "recall": _ratio(len(caught), len(misread)),
        "misread_reported_ok": [f"{f.get('project') or f.get('kind')}" for f in misread if f not in caught],
        "clean_forms": len(clean), "clean_suspect": len(flagged), "false_alarm": _ratio(len(flagged), len(clean)),
        "exact_forms": len(exact), "exact_suspect": sum(f in flagged for f in exact),
        "exact_false_alarm": _ratio(sum(f in flagged for f in exact), len(exact)),
        "nearly_right": len(nearly), "nearly_right_suspect": sum(f in flagged for f in nearly),
        "accusations_on_misread": sum(len(f.get("unexpected_findings", [])) for f in misread),
        "accusations_on_clean": sum(len(f.get("unexpected_findings", [])) for f in clean),
        "unit_wrong": len(unit_wrong), "unit_wrong_suspect": sum(f.get("verdict") == "suspect" for f in unit_wrong),
    }


def read_exactly(result: dict) -> bool:
    """Every compared field, the stated 总分 and the unit of a form read right."""
    return (result.get("field_exact") == 1.0 and bool(result.get("stated_total", {}).get("exact"))
            and result.get("unit", {}).get("exact", True))


def print_report(report: dict, console: Console) -> None:
    table = Table(title="jixiao eval")
    for col in ("group", "files", "forms", "row recall", "row precision", "fields exact", "totals exact", "unit exact",
                "findings found", "extra forms", "false findings"):
        table.add_column(col)
    groups = {**report["summary"], **{k: v for k, v in report.get("by_kind", {}).items()
                                      if not k.endswith("/all") or k.split("/")[0] not in report["summary"]}}
    for name, s in groups.items():
        table.add_row(name, str(s["files"]), f"{s['forms_found']}/{s['forms_expected']}", str(s["row_recall"]),
                      str(s["row_precision"]), str(s["field_exact"]), str(s["stated_total_exact"]), str(s.get("unit_exact")),
                      str(s["expected_findings_found"]),
                      str(s["extra_forms"]), str(s["false_findings_on_consistent_forms"]))
    console.print(table)
    fields = Table(title="field exactness (all)")
    for k in FIELDS:
        fields.add_column(k)
    all_fields = report["summary"].get("all", {}).get("fields", {})
    fields.add_row(*[str(all_fields.get(k)) for k in FIELDS])
    console.print(fields)
    verdicts = Table(title="extraction verdict (misread: < 90 % of a form's fields exact)")
    for col in ("group", "misread forms", "caught (suspect)", "recall", "clean forms", "flagged", "false alarms",
                "read exactly: flagged", "nearly right: flagged", "accusations on misread", "unit wrong: flagged"):
        verdicts.add_column(col)
    for name, s in report["summary"].items():
        v = s.get("verdict") or {}
        verdicts.add_row(name, str(v.get("misread_forms")), str(v.get("misread_suspect")), str(v.get("recall")),
                         str(v.get("clean_forms")), str(v.get("clean_suspect")), str(v.get("false_alarm")),
                         f"{v.get('exact_suspect')}/{v.get('exact_forms')}",
                         f"{v.get('nearly_right_suspect')}/{v.get('nearly_right')}", str(v.get("accusations_on_misread")),
                         f"{v.get('unit_wrong_suspect')}/{v.get('unit_wrong')}")
    console.print(verdicts)
