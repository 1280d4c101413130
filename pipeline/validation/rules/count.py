"""COUNT_MISMATCH: the narrative's indicator count against the table's rows."""
from __future__ import annotations

from jixiao.models.finding import Finding
from jixiao.pipeline.validation.context import FormContext
from jixiao.pipeline.validation.findings import make_finding


def check_count(ctx: FormContext) -> list[Finding]:
    """Counted as printed: every table row, repeats included."""
    form = ctx.form
    claimed, rows = form.narrative_indicator_count, len(form.indicators)
    if claimed is None or not rows or claimed == rows:
        return []
    return [make_finding(
        form, "COUNT_MISMATCH",
        f"The narrative says the form sets {claimed} indicators (共设置三级绩效指标{claimed}个); "
        f"its table has {rows} rows.",
        indicator="指标数", expected=float(rows), stated=float(claimed))]
