"""GRADE_MISMATCH: a stated 等级 the stated score does not give."""
from __future__ import annotations

from jixiao.models.finding import Finding
from jixiao.pipeline.validation.grading import grade_for, normalize_grade
from jixiao.pipeline.validation.context import FormContext
from jixiao.pipeline.validation.findings import make_finding, num


def check_grade(ctx: FormContext) -> list[Finding]:
    """Judged on the stated score: the form's own claim must be consistent with itself."""
    form = ctx.form
    if not form.stated_grade or form.stated_total is None:
        return []
    stated = normalize_grade(form.stated_grade)
    expected = grade_for(form.stated_total)
    if stated is None or stated == expected:
        return []
    return [make_finding(
        form, "GRADE_MISMATCH",
        f"等级 {form.stated_grade} does not follow from the stated score {num(form.stated_total)}, "
        f"which gives {expected} (优 ≥ 90, 良 80–89, 中 60–79, 差 < 60).",
        indicator="等级", expected=expected, stated=form.stated_grade)]
