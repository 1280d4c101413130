"""Cells and rows an office printed from the template and never filled in.

The national 自评表 template ships every 二级指标 with rows "指标1：", "指标2："
and "……"; offices fill the first and leave the rest, and an empty 二级指标
(经济效益指标 with no indicator) keeps its row. Such rows carry no name of an
indicator and no figure, so they are template, not data. Level labels also
carry the group's points ("效益指标（25分）"), which the subtotal check needs.
"""
from __future__ import annotations

import re

#: A name cell that only numbers a slot ("指标2：", "指标 1:"), elides one ("……", "...", "…") or marks it
#: not applicable ("-", "/", "—": a template row an office struck through rather than deleted).
_SLOT_NAME_RE = re.compile(r"^(?:指标\s*\d+\s*[:：]?|[…\.。·]{1,6}|[（(]?\s*[)）]?|[-—/／－]{1,3})$")
#: Value cells of a template row: empty, an ellipsis, or a not-applicable mark.
_SLOT_VALUE_RE = re.compile(r"^(?:|[…\.。·]{1,6}|[-—/／－]+)$")
#: Points printed in a level label: "产出指标（50分）", "满意度指标\n(10分)", "效益指标 30分".
_LABEL_POINTS_RE = re.compile(r"[（(]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")
#: Points closing a 三级 name in brackets ("相关性（5分）"); bare "…90分" may be the indicator's own wording.
_NAME_POINTS_RE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
#: Roles whose cells hold an indicator's own data (not its group's).
DATA_ROLES = ("level3", "weight", "score", "target", "target_value", "target_unit", "actual", "target_period")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_slot_name(text: str) -> bool:
    """A 三级指标 cell that names no indicator: empty, "指标2：", "……"."""
    return bool(_SLOT_NAME_RE.match(_squash(text)))


def is_template_row(text: dict[str, str]) -> bool:
    """A row of the template left unfilled: no indicator name and no figure of its own.

    A row that prints a name (even "指标1：/" marking a not-applicable slot) or
    any figure stays data; only rows whose every data cell is empty, an
    ellipsis or a dash are dropped — a name cell holding nothing but a dash
    is no name (no form names an indicator "-").
    """
    if not is_slot_name(text.get("level3", "")):
        return False
    return all(_SLOT_VALUE_RE.match(_squash(text.get(role, ""))) for role in DATA_ROLES if role != "level3")


def points_in_name(name: str) -> float | None:
    """The points a 三级 name prints in brackets at its end ("相关性（5分）" → 5), else None.

    A score table without a 分值 column (the 2017 部门整体 framework: 部门决策（25分） / 目标任务（15分） /
    相关性（5分）) weighs each row in its name, as it weighs its groups in their labels; without the row's
    share nothing on the form could check its score or its group's points.
    """
    text = _squash(name)
    match = _NAME_POINTS_RE.search(text)
    if not match or match.start() == 0:
        return None
    return float(match.group(1))


def points_in_label(label: str) -> float | None:
    """The points a level label carries ("效益指标（25分）" → 25), else None."""
    text = _squash(label)
    match = _LABEL_POINTS_RE.search(text)
    if not match or match.start() == 0:
        return None  # a bare "25分" is a value, not a label
    return float(match.group(1))
