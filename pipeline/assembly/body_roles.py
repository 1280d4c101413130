"""Roles of an OCR table's columns whose headings were unreadable, from what their body cells hold.

A fax or a seal can leave a heading past any reading (一级指标 as "40 411", 指标性质 as "mem ED",
度量单位 as "设情单位"): the heading vocabulary keeps no share for it, the column gets no role,
and its cells are dropped or misfiled. Its body cells still say what it is: a 指标性质 column
holds lone comparison signs, a 度量单位 column unit words, a 一级指标 column the schema's
一级 names, merged down a few rows. Each unsure OCR cell carries its best reading under those
closed vocabularies with the share of the free path's probability it keeps
(extractors/ocr/vocabulary_decoding.py); here a role-less column, at the place a split target
or the first level prints it, takes the role when most of its body cells read as that
vocabulary (as read, or keeping at least ``BODY_MIN_SHARE``):

- ``target_op``: the column just left of the target, right of the 三级指标 column (when the unit
  column was headed too, its place alone names it: columns._with_operator_column);
- ``target_unit``: the column just right of the target;
- ``level1``: the column just left of the first name column, when no column is 一级;
- ``level1`` / ``level2`` (levels_from_body): a name column left of the values whose heading was
  unreadable, read as another level's or as none ("8AILIL8" for 二级指标, "供指标" decoded as
  三级指标), when its cells clearly read as that level's names: most of its merged cells read as
  the level's names and more of them as names of that level alone than of the other (产出指标 is
  一级 only, 数量指标 二级 only, 满意度指标 both); and ``level3`` for the one role-less column
  between the 二级 column and the first value column, which is where a form prints its 三级 names.

Only on OCR tables, and only for columns whose headings name no role: a table whose headings
were read keeps them. The role comes from the column's contents, not from its heading, so the
column is marked ``by_contents`` and every value read from it is named on the form
(ROLE_BY_CONTENTS): such a form is never ``ok``.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

from jixiao.extractors.ocr.vocabulary_decoding import OPERATOR_WORDS, level_words
from jixiao.models import Cell, PageTable
from jixiao.normalizers.spacing import squash
from jixiao.normalizers.units import UNIT_CELL_CHARS, is_unit_cell

__all__ = ["BODY_MIN_PART", "BODY_MIN_SHARE", "body_cells", "level_names", "levels_from_body", "roles_from_body"]

#: A body cell reads as a vocabulary's word when that word's path keeps at least this share of the
#: free path's probability, measured on the tune fax 427 (100 dpi): three of its four read 指标性质 cells
#: kept 4.7e-5 to 9.3e-3 for ≥ and four of its six 一级 cells 1.3e-5 to 0.25 for their labels, while its
#: 三级 name cells kept 0 for a 一级 name and seven of its eight weight cells 0 for a sign (the unit cells,
#: right of the target, kept up to 1.7e-3 for a sign: a column's place decides which role is asked).
#: Counted against the truth on the four tune fax and seal files whose truth has 指标性质/度量单位 columns
#: (412 seal150, 424 and 440 qingshen seal300, 427 fax100), over the 指标性质, 度量单位 and 一级 cells not
#: read as a word of their column: 15 keep ≥ 1e-5 for the right word and 1 less (a 一级 "效益指" at 0);
#: 1 keeps ≥ 1e-5 for a wrong word (台 for %, 9.2e-4) and 2 less (户 for %, 小于等于 for ≥, both 0).
BODY_MIN_SHARE = 1e-5
#: A column takes the role when more than this part of its non-empty body cells read as the vocabulary.
BODY_MIN_PART = 0.5
#: The longest cell (characters, spaces removed) a sign or a unit column holds: a unit cell's.
SHORT_CELL = UNIT_CELL_CHARS


@functools.cache
def level_names(levels: tuple[int, ...] = (1, 2)) -> frozenset[str]:
    """The schema's names and aliases of ``levels`` (产出指标, 效益指标 … for 一级), built once: they are
    asked for every body cell of a column whose heading was unreadable."""
    return frozenset(level_words(levels=levels))


def _level1_words() -> frozenset[str]:
    """The schema's 一级 names and aliases (产出指标, 效益指标, 满意度指标, 成本指标 …)."""
    return level_names((1,))


@functools.cache
def _level_only_words(level: int) -> frozenset[str]:
    """The schema's names and aliases of one level (1 or 2) with either level's both taken out."""
    return level_names((level,)) - level_names((3 - level,))


def _reads_as(cell: Cell, vocabulary: str, plausible: Callable[[str], bool], words: frozenset[str] | None = None
              ) -> bool:
    """A body cell that reads as a word of ``vocabulary``: as read, or by the word its ink supports."""
    if plausible(squash(cell.text)):
        return True
    found = cell.vocabulary_readings.get(vocabulary)
    return bool(found) and found[1] >= BODY_MIN_SHARE and (words is None or found[0] in words)


def _is_sign(text: str) -> bool:
    return text in OPERATOR_WORDS


def _is_level1(text: str) -> bool:
    return text in _level1_words()


#: Each inferable role: the vocabulary its cells are decoded under, what a plausible free reading is,
#: the words of the vocabulary that count (None: all), and whether its cells must be short.
_EVIDENCE: dict[str, tuple[str, Callable[[str], bool], Callable[[], frozenset[str]] | None, bool]] = {
    "target_op": ("operator", _is_sign, None, True),
    "target_unit": ("unit", is_unit_cell, None, True),
    "level1": ("level", _is_level1, _level1_words, False),
}


def body_cells(table: PageTable, col: int, below: int) -> list[Cell]:
    """The non-empty cells starting in grid column ``col`` under the header rows, each merged block once."""
    return [c for c in table.cells if c.col == col and c.colspan == 1 and c.row > below and c.text.strip()]


def column_reads_as(table: PageTable, col: int, below: int, role: str) -> bool:
    """Most of the column's body cells read as the role's vocabulary (and are short where it asks)."""
    vocabulary, plausible, words, short = _EVIDENCE[role]
    cells = body_cells(table, col, below)
    if short:
        cells_short = [c for c in cells if len(squash(c.text)) <= SHORT_CELL]
        if len(cells_short) <= BODY_MIN_PART * len(cells):
            return False
    allowed = words() if words is not None else None
    hits = sum(1 for c in cells if _reads_as(c, vocabulary, plausible, allowed))
    return bool(cells) and hits > BODY_MIN_PART * len(cells)


def roles_from_body(table: PageTable, below: int, roleless: list[int], role_cols: dict[str, list[int]]
                    ) -> dict[int, str]:
    """Roles for the role-less grid columns (``roleless``) of an OCR table from their body cells
    (rows after ``below``), at the places their roles are printed; ``role_cols`` gives the grid
    columns of the roles the headings named. The caller asks only of OCR tables (columns._roles_from_body)."""
    if not roleless:
        return {}
    out: dict[int, str] = {}
    target = role_cols.get("target")
    level3 = role_cols.get("level3")
    names = sorted(c for role in ("level1", "level2", "level3") for c in role_cols.get(role, []))
    # a sign column beside a target and a unit both headed is taken by its place (columns._with_operator_column)
    if target and "target_op" not in role_cols and "target_unit" not in role_cols:
        left = min(target) - 1
        if left in roleless and level3 and max(level3) < left and column_reads_as(table, left, below, "target_op"):
            out[left] = "target_op"
    if target and "target_unit" not in role_cols:
        right = max(target) + 1
        if right in roleless and column_reads_as(table, right, below, "target_unit"):
            out[right] = "target_unit"
    if names and "level1" not in role_cols:
        left = names[0] - 1
        if left in roleless and column_reads_as(table, left, below, "level1"):
            out[left] = "level1"
    return out


#: Roles a name column may take from its cells (levels_from_body), by the level its names are.
_NAME_ROLES = {1: "level1", 2: "level2"}


def _level_word(cell: Cell) -> str | None:
    """The level name a body cell reads as: its free reading when it spells one, else the level
    vocabulary's word its ink supports (keeping at least BODY_MIN_SHARE), else None."""
    text = squash(cell.text)
    if text in level_names():
        return text
    found = cell.vocabulary_readings.get("level")
    return found[0] if found and found[1] >= BODY_MIN_SHARE else None


def column_level(table: PageTable, col: int, below: int) -> int | None:
    """The level (1 or 2) whose names most of the column's body cells read as, more of them as names of
    that level alone than of the other; None when neither is clear."""
    cells = body_cells(table, col, below)
    if not cells:
        return None
    words = [_level_word(c) for c in cells]
    for level in (1, 2):
        names = level_names((level,))
        hits = sum(1 for w in words if w in names)
        only = sum(1 for w in words if w in _level_only_words(level))
        other = sum(1 for w in words if w in _level_only_words(3 - level))
        if hits > BODY_MIN_PART * len(cells) and only > other:
            return level
    return None


def levels_from_body(table: PageTable, below: int, unread: list[int], role_cols: dict[str, list[int]],
                     first_value: int | None, by_place: set[int] = frozenset()) -> dict[int, str]:
    """Level roles for the grid columns ``unread`` (headings unreadable: unsure or blank, role-less or
    named a level by that unsure heading, or ``by_place``: a level heading whose numeral was lost, its
    level counted by position) left of ``first_value`` (the first target or actual grid
    column), from their cells: a column whose cells clearly read as one level's names takes that level
    (column_level), unless a heading read surely already names the level; then the one role-less
    column left between the last of them and the values (or one a lost heading placed by position alone)
    takes the 三级 names, when none is headed so
    (a level placed by position alone is no heading: a fax that lost 一级's and 二级's numerals and
    garbled 三级指标 had its two "级指标" counted as 二级 and 三级, the 三级 names' column left out).
    Columns are returned with the role their cells gave, in order left to right (一级 before 二级)."""
    if first_value is None:
        return {}
    candidates = [col for col in unread if col < first_value]
    sure_levels = {role for role, cols in role_cols.items() if role in _NAME_ROLES.values()
                   and any(c not in unread for c in cols)}
    out: dict[int, str] = {}
    last_level = 0
    for col in sorted(candidates):
        level = column_level(table, col, below)
        if level is None or level <= last_level or _NAME_ROLES[level] in sure_levels:
            continue
        out[col] = _NAME_ROLES[level]
        last_level = level
    # a level another name column left of the values holds, itself not re-read, stays there: two columns
    # would claim it, and the cells may be the other's level read loosely
    held = {role: [c for c in cols if c < first_value and c not in out] for role, cols in role_cols.items()}
    out = {col: role for col, role in out.items()
           if not any(c != col and c not in by_place for c in held.get(role, []))}
    if out and not [c for c in role_cols.get("level3", []) if c not in out]:
        named = {col for cols in role_cols.values() for col in cols}
        between = [col for col in range(max(out) + 1, first_value)
                   if col not in out and (col not in named or col in by_place)]
        if len(between) == 1 and between[0] in unread and body_cells(table, between[0], below):
            out[between[0]] = "level3"
    return out
