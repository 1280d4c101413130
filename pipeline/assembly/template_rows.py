"""Cells and rows an office printed from the template and never filled in.

The national 自评表 template ships every 二级指标 with rows "指标1：", "指标2："
and "……"; offices fill the first and leave the rest, and an empty 二级指标
(经济效益指标 with no indicator) keeps its row. Such rows carry no name of an
indicator and no figure, so they are template, not data. Level labels also
carry the group's points ("效益指标（25分）"), which the subtotal check needs.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from jixiao.normalizers.names import label_points
from jixiao.normalizers.spacing import squash

#: A name cell that only numbers a slot ("指标2：", "指标 1:"), elides one ("……", "...", "…") or marks it
#: not applicable ("-", "/", "—": a template row an office struck through rather than deleted).
_SLOT_NAME_RE = re.compile(r"^(?:指标\s*\d+\s*[:：]?|[…\.。·]{1,6}|[（(]?\s*[)）]?|[-—/／－]{1,3})$")
#: Value cells of a template row: empty, an ellipsis, or a not-applicable mark.
_SLOT_VALUE_RE = re.compile(r"^(?:|[…\.。·]{1,6}|[-—/／－]+)$")
#: Points closing a label or name: "产出指标（50分）", "满意度指标\n(10分)", "效益指标 30分" (group 1: the
#: opening bracket, group 2: the points, group 3: the closing bracket). The figure must be a whole number, not
#: the end of a range: "成本指标(0-20分)" allows the group 0 to 20 points, it is not given 20 (重庆's 2023
#: 目标审批表 prints such ranges in its 一级 labels).
_POINTS_RE = re.compile(r"([（(]?)\s*(?<!\d[-－—–~～至])(?<![\d.])(\d+(?:\.\d+)?)\s*分\s*([)）]?)\s*$")
#: Share of a table's rows whose names must end in "(N分)" before those points are taken as the rows' weights.
NAME_POINTS_SHARE = 0.8
#: The label of a sign-off line a template prints under its indicator table: an office's or the finance
#: bureau's opinion ending the label (主管部门审核意见, 财政部门初审意见：, 审批意见) or where to seal and sign
#: opening it (单位公章：年 月 日, (盖章)) or being all of it (负责人签字, 公章). Anchored to the label's ends: an
#: indicator's name may hold the words mid-text (合同签字确认率, 公章使用规范性), never so placed. Or who signs,
#: the whole label (项目负责人：, 财务负责人, 填表人：张三; the Writer print of 400's form sets 项目负责人： |
#: 财务负责人： as the last row of its table, alone on the next page): no indicator is named after a person.
_APPROVAL_LABEL_RE = re.compile(r"(?:审核|审批|审查|审定|初审|复核)意见[:：]?$"
                                r"|^[（(]?(?:单位公章|盖章|签字)"
                                r"|^[（(]?(?:单位|部门)?(?:负责人)?(?:公章|签章|签字|盖章)[)）]?[:：]?$"
                                r"|^(?:项目|单位|财务|部门|分管|主管)?(?:负责人|填表人|填报人|经办人|联系人|审核人|制表人|复核人)"
                                r"(?:签字|签名)?(?:[:：][\u4e00-\u9fff]{0,4})?$")
#: Roles whose cells hold an indicator's own data (not its group's).
DATA_ROLES = ("level3", "weight", "score", "target", "target_value", "target_unit", "actual", "target_period")


def is_slot_name(text: str) -> bool:
    """A 三级指标 cell that names no indicator: empty, "指标2：", "……"."""
    return bool(_SLOT_NAME_RE.match(squash(text)))


def is_template_row(text: dict[str, str]) -> bool:
    """A row of the template left unfilled: no indicator name and no figure of its own.

    A row that prints a name (even "指标1：/" marking a not-applicable slot) or
    any figure stays data; only rows whose every data cell is empty, an
    ellipsis or a dash are dropped — a name cell holding nothing but a dash
    is no name (no form names an indicator "-").
    """
    if not is_slot_name(text.get("level3", "")):
        return False
    return all(_SLOT_VALUE_RE.match(squash(text.get(role, ""))) for role in DATA_ROLES if role != "level3")


def is_approval_label(text: str) -> bool:
    """An approval or signature line (主管部门审核意见, 单位公章:年月日), which a template prints as a row
    of its indicator table and an office leaves to be signed: template, not an indicator."""
    return bool(_APPROVAL_LABEL_RE.search(squash(text)))


def _closing_points(text: str, bracketed: bool) -> float | None:
    """Points closing ``text`` ("…（5分）" → 5); with ``bracketed`` only points in brackets. Points
    alone ("25分") are a value, not a label's or a name's points."""
    text = squash(text)
    match = _POINTS_RE.search(text)
    if not match or match.start() == 0 or (bracketed and not (match.group(1) and match.group(3))):
        return None
    return float(match.group(2))


def points_in_name(name: str) -> float | None:
    """The points a 三级 name prints in brackets at its end ("相关性（5分）" → 5), else None; bare
    "…90分" may be the indicator's own wording. Whether they are the row's weight is for
    ``weights_in_names`` to say."""
    return _closing_points(name, bracketed=True)


def is_points_alone(text: str) -> bool:
    """A label's points and nothing else, in brackets ("（35分）"): what a producer that breaks a merged
    cell's text across pages (Writer) prints at the top of the next page, the name left on the page before."""
    match = _POINTS_RE.fullmatch(squash(text))
    return bool(match and match.group(1) and match.group(3))


def points_in_label(label: str) -> float | None:
    """The points a level label carries ("效益指标（25分）" → 25, "决策(10)" → 10), else None."""
    points = _closing_points(label, bracketed=False)
    return points if points is not None else label_points(squash(label))


def weights_in_names(names: Sequence[str], groups: Sequence[Sequence[tuple[str, float | None]]],
                     has_weight_column: bool) -> list[float | None]:
    """Each row's weight as printed at the end of its 三级 name, where the table weighs its rows so.

    A score table without a 分值 column (the 2017 部门整体 framework: 部门决策（25分） / 目标任务（15分） /
    相关性（5分）) weighs each row in its name, as it weighs its groups in their labels. But "(80分)" in
    a name can as well be a target (培训考核平均成绩（80分）), and a table with a 分值 column weighs its
    rows there (a lost cell must stay lost, not be filled from the name). So the names' points are
    taken only when the table has no 分值 column, at least NAME_POINTS_SHARE of its rows end in
    "(N分)", and, for each level whose labels print points (``groups``: per level, each row's label
    and its points), the rows under a label add up to them — or, for the table's last group, which
    a page may cut, at most to them. Otherwise no row gets a weight from its name.
    """
    points = [points_in_name(name) for name in names]
    if has_weight_column or not names or sum(p is not None for p in points) < NAME_POINTS_SHARE * len(names):
        return [None] * len(names)
    for labels in groups:
        for run, last in _runs(labels):
            printed = labels[run[0]][1]
            total = sum(points[i] or 0.0 for i in run)
            if printed is not None and (total > printed + 0.01 or (not last and abs(total - printed) > 0.01)):
                return [None] * len(names)
    return points


def _runs(labels: Sequence[tuple[str, float | None]]) -> list[tuple[list[int], bool]]:
    """Runs of consecutive rows under one label, each with whether it is the last run."""
    runs = [list(run) for _, run in groupby(range(len(labels)), key=lambda i: labels[i][0])]
    return [(run, i == len(runs) - 1) for i, run in enumerate(runs)]
