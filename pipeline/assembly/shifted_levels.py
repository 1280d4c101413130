"""Level columns headed one level up, read by the names they hold.

Some templates (the 2022 湖北 市直 绩效目标表) head their two name columns 一级指标 | 二级指标 and
print 数量指标 / 质量指标 / 成本指标 under 一级 and the indicators' own names under 二级: the national
template's 二级 names one level up, no 一级 printed at all. Read by their headings, every row's group
becomes its 一级 and its name its 二级, and no row has a name. The schema knows the vocabulary of
each level (产出/效益/满意度指标 are 一级 names, 数量/质量/时效/成本指标 二级), so a column is given the
level of what it holds: when the table has no 三级 column, the column headed 一级 holds 二级 names on
at least VOCABULARY_SHARE of the rows (and names only a 一级 has on none) and the column headed 二级 holds free
names (no level's name) on as many, the columns are one level down: 一级 → 二级, 二级 → 三级, each
level's points with them. A name of either level (成本指标: a 二级 of 产出 in the national template, a
一级 of the newer templates, over 经济/社会成本指标) is a 二级 in such a column. A row whose own group cell is no 二级 name as the
schema spells one (an OCR near-miss, an office's own word) was moved by the other rows' evidence, not
its own: its group is named as chosen from the form's context
(``LEVEL_BY_VOCABULARY``), so the form is reviewed.

The decision is taken once per form, from the column map of the last header read and over all the
form's indicator rows, across its tables and pages: a form whose tables head their level columns
differently (one 一级 | 二级 | 三级, another one level up) is read as its last header says throughout.
Deciding per table would need each row's own table's column map; how many forms mix headings so is unmeasured.
"""
from __future__ import annotations

from collections.abc import Sequence

from jixiao.models import CellRead, Indicator
from jixiao.models.form import LEVEL_BY_VOCABULARY
from jixiao.normalizers.column_vocabulary import nearest_column_name
from jixiao.normalizers.mapping import IndicatorMapper, default_mapper
from jixiao.pipeline.assembly.columns import ColumnMap

__all__ = ["LOWER_ROLES", "VOCABULARY_SHARE", "shift_levels_by_vocabulary"]

#: Share of a table's rows whose cells must hold the lower level's vocabulary (二级 names under 一级,
#: free names under 二级) before its columns are taken one level down. Measured: 444's print (tune) has
#: 7 of 7 rows with a 二级 name under 一级 and 7 of 7 free names under 二级 (1.0). In the truth files'
#: printed 一级 values (81 forms, 974 rows) none is a 二级-only name; 89 are 成本指标 (a name of either
#: level), at most 0.40 of a form's rows (425), and every such form also names a 一级-only name, which
#: refuses the shift on its own. 0.8 sits between the two, nearer 444's full share.
VOCABULARY_SHARE = 0.8
#: Each heading's role one level down.
ONE_LEVEL_DOWN = {"level1": "level2", "level2": "level3", "level1_weight": "level2_weight",
                  "level2_weight": "weight", "level1_score": "level2_score", "level2_score": "score"}
#: The roles read under the 二级 headings whose cells become a row's own (name, 分值, 得分) one level down:
#: a group's cells are kept only where in doubt, a row's own always (its verdict reads them).
LOWER_ROLES = ("level2", "level2_weight", "level2_score")


def shift_levels_by_vocabulary(indicators: Sequence[Indicator], columns: ColumnMap | None,
                               lower_cells: dict[int, dict[str, CellRead]],
                               mapper: IndicatorMapper | None = None) -> bool:
    """Move the rows' names (and their points) one level down where the table's level columns hold the
    vocabulary of the level below their headings (see the module's doc); ``lower_cells`` are the cells
    read under the 二级 headings (LOWER_ROLES), by row, which become the rows' name, weight and score
    cells. Returns whether it did."""
    if columns is None or not _headed_one_level_up(indicators, columns):
        return False
    mapper = mapper or default_mapper()
    groups = [_group_word(ind.level1_raw, mapper) for ind in indicators]
    free = [bool(ind.level2_raw.strip()) and not _levels_of(ind.level2_raw, mapper) for ind in indicators]
    if "level1" in groups or "level2" not in groups:
        return False  # a 一级 name under the 一级 heading (the heading is right), or no 二级 name to say otherwise
    enough = VOCABULARY_SHARE * len(indicators)
    if sum(g is not None for g in groups) < enough or sum(free) < enough:
        return False
    for ind, group in zip(indicators, groups):
        _one_level_down(ind, lower_cells.get(ind.row_index, {}))
        if group not in ("level2", "both"):
            ind.from_context["level2"] = LEVEL_BY_VOCABULARY
    for column in columns.columns:
        column.role = ONE_LEVEL_DOWN.get(column.role, column.role)
    return True


def _headed_one_level_up(indicators: Sequence[Indicator], columns: ColumnMap) -> bool:
    """Two name columns headed 一级 and 二级, none 三级, no row with a name of its own, and the roles the
    columns would take free: the shape a table headed one level up has."""
    roles = columns.roles
    if not {"level1", "level2"} <= roles or "level3" in roles or len(indicators) < 2:
        return False
    if any(ind.level3_raw.strip() for ind in indicators):
        return False
    moved = {ONE_LEVEL_DOWN[r] for r in roles if r in ONE_LEVEL_DOWN}
    return not (moved - set(ONE_LEVEL_DOWN)) & roles


def _levels_of(raw: str, mapper: IndicatorMapper) -> set[int]:
    """The levels (1, 2) whose name ``raw`` is, spelt as the schema spells one: 成本指标 is both (a 二级
    of 产出 in the national template, a 一级 in the newer ones)."""
    return {level for level in (1, 2) if raw.strip() and mapper.match_name(level, raw).method == "exact"}


def _group_word(raw: str, mapper: IndicatorMapper) -> str | None:
    """What a cell under the 一级 heading says of its column's level: "level2" for a 二级 name only,
    "level1" for a 一级 name only, "both" for a name of either level, "near" for a reading clearly
    nearest a 二级 name and no 一级 name (an OCR slip), else None."""
    levels = _levels_of(raw, mapper)
    if levels:
        return "both" if len(levels) == 2 else f"level{levels.pop()}"
    if raw.strip() and nearest_column_name(raw, 2) and not nearest_column_name(raw, 1):
        return "near"
    return None


def _one_level_down(ind: Indicator, lower_cells: dict[str, CellRead]) -> None:
    """One row's names, points, confidences, doubts and cells moved one level down; it prints no 一级.
    Every role moves in every record, so a weight read unsurely under 二级 分值 keeps its doubt as the
    row's weight (the verdict's LOW_CONFIDENCE_CELL, second readings) rather than losing it."""
    ind.level3_raw, ind.level2_raw, ind.level1_raw = ind.level2_raw, ind.level1_raw, ""
    own = {"weight": ind.weight is None, "score": ind.score is None}
    if own["weight"]:
        ind.weight = ind.level2_weight
    if own["score"]:
        ind.score = ind.level2_score
    ind.level2_weight, ind.level2_score = ind.level1_weight, ind.level1_score
    ind.level1_weight = ind.level1_score = None
    for mapping in (ind.field_confidence, ind.cells, ind.from_context):
        moved = {ONE_LEVEL_DOWN[k]: v for k, v in mapping.items() if k in ONE_LEVEL_DOWN}
        for k in ONE_LEVEL_DOWN:
            mapping.pop(k, None)
        mapping.update(moved)
    for role, cell in lower_cells.items():
        lower = ONE_LEVEL_DOWN[role]
        if own.get(lower, True):
            ind.cells[lower] = cell
