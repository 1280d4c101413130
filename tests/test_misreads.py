"""The misreading search: exact cells are never edited, and re-scoring only what an edit touches
finds exactly the fits a whole re-validation under each edit finds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.models import CellRead
from jixiao.pipeline.validation import misreads
from jixiao.pipeline.validation.misreads import (
    TOTAL_CODES, TOTAL_RULES, Fit, broken_checks, find_fits, number_slots, reader_slips,
)
from jixiao.pipeline.validation.validate import validate_form, validate_forms
from jixiao.pipeline.validation.verdict import judge_form, verdict_of
from validate_factory import form, plain_rows

REPO = Path(__file__).resolve().parents[1]
RULES_DIR = REPO / "pipeline" / "validation" / "rules"
SAMPLES = REPO / "samples" / "pdf"


def _with_cells(f, exact: bool = False):
    for ind in f.indicators:
        ind.cells = {name: CellRead(text=f"{getattr(ind, name):g}", page=1, exact=exact,
                                    bbox=(x, ind.row_index * 10, x + 10, ind.row_index * 10 + 10))
                     for x, name in ((0, "weight"), (10, "score")) if getattr(ind, name) is not None}
    if f.stated_total is not None:
        f.stated_total_cell = CellRead(text=f"{f.stated_total:g}", page=1, exact=exact, bbox=(0, 500, 10, 510))
    return f


def _whole_revalidation_fits(f, findings) -> list[Fit]:
    """The search as defined: every candidate slip, the whole form re-validated under it."""
    base = broken_checks(findings)
    if not base:
        return []
    rows_named = {x.row_index for x in findings if x.row_index is not None and x.rule not in misreads.NOT_CHECKS}
    gaps = misreads._gaps([x for x in findings if x.rule not in misreads.NOT_CHECKS])
    budget_named = any(x.rule in misreads.BUDGET_RULES and x.row_index is None for x in findings)
    fits = []
    for slot in number_slots(f):
        original, cell = slot.value(f), slot.read(f)
        if original is None or cell is None or cell.exact:
            continue
        try:
            for candidate in reader_slips(cell.text):
                value = misreads.parse_number(candidate)
                if value is None or value < 0 or not misreads._worth_trying(
                        slot, abs(value - original), rows_named, gaps, budget_named):
                    continue
                slot.set(f, value)
                after = broken_checks(validate_form(f))
                if base.improved_by(after):
                    fits.append(Fit(slot, cell.text.strip(), candidate, frozenset(base.mended_by(after))))
        finally:
            slot.set(f, original)
    return fits


def test_a_slip_of_a_spreadsheet_cell_is_not_searched_for():
    # The doubled-digit form (77 for 7 closes every check) read from a file's own cells:
    # no reader was involved, so the form is wrong by itself and the verdict stays ok.
    read = _with_cells(form(plain_rows([30, 30, 40], [30, 30, 77]), stated_total=67))
    typed = _with_cells(form(plain_rows([30, 30, 40], [30, 30, 77]), stated_total=67), exact=True)
    assert any(fit.strong for fit in find_fits(read, validate_forms([read])))
    findings = validate_forms([typed])
    assert find_fits(typed, findings) == []
    reasons = judge_form(typed, findings)
    assert verdict_of(reasons) == "ok"
    assert any(r.code == "FORM_DISCREPANCY" and r.field == "SCORE_EXCEEDS_WEIGHT" for r in reasons)


@pytest.mark.parametrize("rows, total, grade", [
    (plain_rows([30, 30, 40], [30, 30, 77]), 67, None),     # a row's slip
    (plain_rows([50, 50], [49, 49]), 88, "优"),               # the total's slip, one check, and the grade
    (plain_rows([40, 60], [38, 57]), 59, "中"),               # 95 read as 59: total and grade both close
    (plain_rows([20, 20, 60], [20, 20, 55]), 59, "良"),
])
def test_rescoring_only_what_an_edit_touches_finds_the_same_fits(rows, total, grade):
    f = _with_cells(form(rows, stated_total=total, stated_grade=grade))
    findings = validate_forms([f])
    assert set(find_fits(f, findings)) == set(_whole_revalidation_fits(f, findings))
    assert [x.model_dump() for x in validate_form(f)] == [x.model_dump() for x in findings]  # form restored


def test_rescoring_finds_the_same_fits_on_read_samples(sample_runs):
    docs = sample_runs.documents([SAMPLES / n for n in ("001_wuwei.pdf", "004_haizhu.pdf", "000_jiangmen.pdf")])
    searched = 0
    for doc in docs:
        for f in doc.forms:
            findings = validate_form(f)
            searched += bool(broken_checks(findings))
            assert set(find_fits(f, findings)) == set(_whole_revalidation_fits(f, findings))
    assert searched


def test_only_the_total_rules_read_the_stated_total():
    """The 总分 re-scoring's premise: no other rule, nor the shared context, reads ``stated_total``,
    and no other rule emits the codes of the rules that do."""
    reads_total = re.compile(r"stated_total\b")
    total_modules = {rule.__module__.rsplit(".", 1)[-1] for rule in TOTAL_RULES}
    sources = {p.stem: p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.py")}
    sources["context"] = (RULES_DIR.parent / "context.py").read_text(encoding="utf-8")
    sources["tolerance"] = (RULES_DIR.parents[2] / "normalizers" / "tolerance.py").read_text(encoding="utf-8")
    sources["findings"] = (RULES_DIR.parent / "findings.py").read_text(encoding="utf-8")
    assert {name for name, text in sources.items() if reads_total.search(text)} == total_modules
    for name, text in sources.items():
        if name not in total_modules:
            assert not any(f'"{code}"' in text for code in TOTAL_CODES), name


def test_a_finding_no_cell_can_close_is_not_a_check_to_mend():
    # A consistent form read from a PDF with a lying font: the LYING_FONT finding is about the
    # file, not the cells, so no slip "mends" it and no fit is reported.
    f = _with_cells(form(plain_rows([30, 30, 40], [30, 30, 40]), stated_total=100))
    findings = validate_forms([f])
    assert not broken_checks(findings)
    lying = findings + [misreads.Finding(form_index=f.index, rule="LYING_FONT", severity="info",
                                         message="a font of the text layer lies")]
    assert not broken_checks(lying)
    assert find_fits(f, lying) == []
