"""Which published template a form was read as.

Offices fill a handful of templates, and the family decides how a form is
scored: where the 预算执行 points sit (a block with its own 分值, a block whose
label carries them, or a level-1 row of the table), whether the target is one
cell or split over 指标性质/指标值/度量单位, whether a 申报表 prints a medium-term
column beside the year's. The family is recorded on every form so outputs can
be filtered and checked by it.
"""
from __future__ import annotations

import re

#: Template families, in the order they are recognised.
FAMILIES = (
    "narrative_report",          # a 自评报告 in prose that states its score or grade
    "declaration_midterm",       # 绩效目标申报表 with 中期/实施周期 and 年度 指标值
    "declaration",               # 绩效目标申报表 with one target column
    "split_target",              # target split over 指标性质 | 指标值 | 度量单位 (Sichuan 部门预算项目支出绩效自评表)
    "budget_rate_row",           # 预算执行率 scored as a level-1 row of the indicator table
    "weighted_levels",           # 一级/二级 分值 columns above the 三级 分值 (部门整体, Guangdong)
    "national_2020_dept",        # 部门整体支出绩效自评表 of 财预〔2020〕10号: 年度主要任务, 年度总体目标
    "national_2020_project",     # 项目支出绩效自评表 of 财预〔2020〕10号: 预算执行 block with 分值, 年度总体目标
    "scored_table",              # any other scored indicator table
)
_BUDGET_ROW_RE = re.compile(r"^预算(?:资金)?执行")


def template_family(kind: str, roles: set[str], level1_names: list[str], texts: list[str],
                    budget_points: float | None) -> str:
    """The family of a form from its kind, column roles, level-1 names and printed texts.

    ``budget_points`` is the 预算执行 block's 分值 (from its column or its label).
    """
    joined = re.sub(r"\s+", "", "".join(texts))
    if kind == "narrative_report":
        return "narrative_report"
    if kind == "target_declaration":
        return "declaration_midterm" if "target_period" in roles else "declaration"
    if "target_op" in roles or "target_unit" in roles:
        return "split_target"
    if any(_BUDGET_ROW_RE.match(re.sub(r"\s+", "", name)) for name in level1_names if name):
        return "budget_rate_row"
    if "level1_weight" in roles or "level2_weight" in roles:
        return "weighted_levels"
    if kind == "dept_self_eval" and ("年度主要任务" in joined or "年度总体目标" in joined):
        return "national_2020_dept"
    if kind == "project_self_eval" and budget_points is not None and "年度总体目标" in joined:
        return "national_2020_project"
    return "scored_table"
