"""What the overview keeps of each document: one small record per form and per finding.

The overview of a 1,000-document batch must open in well under two seconds, so
it never holds a Document: each form becomes a flat record (the columns of the
forms table an auditor sorts and filters by) and each finding a flat record for
the CSV export, collected while the documents stream past. Records are written
into the page as JSON that no text can break out of (:func:`script_json`).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from jixiao.models import Document, Finding, Form
from jixiao.pipeline.validation.grading import grade_for

SEVERITIES = ("error", "warning", "needs_review", "info")
#: Worst severity as a rank: 0 error … 3 info, 4 no finding. Sorting by it puts errors first.
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
NO_FINDING = len(SEVERITIES)

#: Columns of the findings export, in order (the findings table's, with the form's unit/project/year).
FINDING_COLUMNS = ("source_file", "form_index", "unit", "project", "year", "rule", "severity", "page", "row_index",
                   "indicator", "expected", "stated", "expected_value", "stated_value", "gap", "message")


def doc_slug(source_file: str) -> str:
    """A file name for a document's page that survives any characters in the source path."""
    return "doc-" + hashlib.sha1(source_file.encode("utf-8")).hexdigest()[:12]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def worst(findings: list[Finding]) -> int:
    return min((SEVERITY_RANK[f.severity] for f in findings), default=NO_FINDING)


def form_record(doc: Document, form: Form, findings: list[Finding]) -> dict:
    """One overview row: the figures a re-scoring audit compares, and what to filter by."""
    gap = None
    if form.stated_total is not None and form.recomputed_total is not None:
        gap = round(form.stated_total - form.recomputed_total, 4)
    return {
        "doc": doc_slug(doc.source_file), "file": doc.source_file, "status": doc.status, "form": form.index,
        "unit": form.unit, "project": form.project or form.title, "year": form.year, "kind": form.kind,
        "stated": _round(form.stated_total), "recomputed": _round(form.recomputed_total), "gap": gap,
        "stated_grade": form.stated_grade or "",
        "recomputed_grade": grade_for(form.recomputed_total) if form.recomputed_total is not None else "",
        "worst": worst(findings), "findings": len(findings),
        "severities": sorted({f.severity for f in findings}, key=SEVERITY_RANK.get),
        "rules": sorted({f.rule for f in findings}), "verdict": form.verdict, "sealed": form.sealed,
    }


def finding_record(doc: Document, finding: Finding, form: Form | None) -> list:
    """One export row, values in FINDING_COLUMNS order."""
    values = {
        "source_file": doc.source_file, "form_index": finding.form_index,
        "unit": form.unit if form else "", "project": (form.project or form.title) if form else "",
        "year": form.year if form else None, **finding.model_dump(include={
            "rule", "severity", "page", "row_index", "indicator", "expected", "stated", "expected_value",
            "stated_value", "gap", "message"}),
    }
    return [values[c] for c in FINDING_COLUMNS]


class OverviewData:
    """Records gathered one document at a time; the overview page is written from these alone."""

    def __init__(self) -> None:
        self.documents: list[dict] = []
        self.forms: list[dict] = []
        self.findings: list[list] = []
        self.rule_counts: Counter = Counter()
        self.rule_documents: Counter = Counter()

    def add(self, doc: Document) -> None:
        forms = {f.index: f for f in doc.forms}
        by_form: dict[int, list[Finding]] = {i: [] for i in forms}
        for finding in doc.findings:
            if finding.form_index in by_form:
                by_form[finding.form_index].append(finding)
            self.findings.append(finding_record(doc, finding, forms.get(finding.form_index)))
        self.forms += [form_record(doc, form, by_form[form.index]) for form in doc.forms]
        rules = Counter(f.rule for f in doc.findings)
        self.rule_counts.update(rules)
        self.rule_documents.update(rules.keys())
        self.documents.append({
            "slug": doc_slug(doc.source_file), "file": doc.source_file, "status": doc.status, "error": doc.error,
            "forms": len(doc.forms), "indicators": sum(len(f.indicators) for f in doc.forms),
            "severities": Counter(f.severity for f in doc.findings),
            "suspect_forms": sum(f.verdict == "suspect" for f in doc.forms),
        })


def script_json(value) -> str:
    """JSON that is safe inside a <script> element: no ``</script>``, no ``<!--``, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
