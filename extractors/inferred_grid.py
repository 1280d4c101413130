"""Indicator tables that are not fully ruled: the grid inferred from the content.

Word and typeset forms print a 三线表 (rules above and under the header and under
the last row), horizontal rules only, an outer frame, or no rules at all. The
ruled path (:mod:`jixiao.extractors.text_grid`) finds no cells there, so the
table's text would fall out as loose lines. This module rebuilds the grid from
whatever rules exist and from the text itself:

- the **header** is the line that names the indicator levels (一级指标 二级指标 …),
  grown by the wrapped header cells beside it; each header cell is one column;
- **columns** are cut in the vertical whitespace that runs through the body
  between two header cells (text aligns in columns), snapped to a vertical rule
  where one is drawn;
- **rows** come from horizontal rules where they cross the body, otherwise from
  the text: lines of one column that are closer than a row gap are one cell (a
  wrapped 三级 name, a long 偏差原因), and cells that overlap in height are one row;
- **merged 一级/二级 labels** sit beside a run of rows, vertically centred on it
  (or on its first row): a label owns the run whose middle it marks, or the rows
  down to the next label; rules that cross the label column, where drawn, bound
  the run exactly.

The result is an ordinary :class:`PageTable` (merged labels as row spans), so form
assembly treats it like a ruled one; ``PageTable.reading`` says it was inferred and
which rules helped. The same inference runs on characters of a text layer and on
OCR'd word boxes (:class:`Glyph` is either).
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Callable, Iterable, Sequence

import numpy as np

from jixiao.models import Cell, PageTable, TextLine
from jixiao.normalizers.schema import load_schema
from jixiao.normalizers.text_repair import join_lines, repair_text
from jixiao.normalizers.spacing import squash

#: A header line names two indicator levels, or one level and a value column.
HEADER_LEVEL_WORDS = ("一级指标", "二级指标", "三级指标")
#: A single level named 指标名称 (a 部门整体 form's one name column), as a heading of its own: in 三级指标名称 it
#: is part of the 三级 heading, not a second level.
NAME_HEADING_RE = re.compile(r"(?<!级)指标名称")
#: Level headings of an assessment (考核/考评) table, which names its levels by what they hold (a 部门预算支出管理
#: 考评 table, 445: 项目 / 考核内容 / 考核指标); the group column left of them is headed 考核项目 or a bare 项目.
ASSESSMENT_LEVEL_WORDS = ("考核内容", "考核指标")
ASSESSMENT_GROUP_HEADINGS = ("考核项目", "项目")
HEADER_VALUE_WORDS = ("分值", "得分", "权重", "权数", "指标值", "预期值", "完成值", "实际值")
#: Columns of a row's target and actual values.
VALUE_WORDS = ("指标值", "预期值", "完成值", "实际值")
#: Columns of a row's points: one number a row.
POINTS_WORDS = ("分值", "得分", "权重", "权数")
#: Columns whose cells are merged over a run of rows (the group labels and their weights).
RUN_COLUMN_WORDS = ("一级", "二级")
#: A level heading read without its numeral: 一 and 二 are one or two thin strokes, which a fax
#: or a faint scan drops as it drops hairline rules ("级指标", "-级指标", ":级指标").
LOST_LEVEL_RE = re.compile(r"(?<![一二三])级指标")
#: The total row closes the table.
TOTAL_RE = re.compile(r"^(合计|总分|总计|自评得分|得分合计|自评总分)[:：]?$")
#: A glyph joins a line when this share of its height lies inside the line's band.
LINE_OVERLAP = 0.5
#: Wrapped header cells overlap or touch the header line (within this many glyph heights).
HEADER_TOUCH = 0.25
#: Header cells are separated by a horizontal gap of at least this many glyph heights.
HEADER_GAP = 0.6
#: Lines of one cell are closer than this many glyph heights (rows are further apart)...
CELL_LINE_GAP = 0.8
#: A recurring gap larger than this many glyph heights is a row gap, not the leading of wrapped text.
MAX_LEADING = 1.25
#: Empty height between two cells thinner than this many glyph heights does not part rows.
ROW_SLIVER = 0.35
#: A rule counts as crossing a column when it covers this share of the column's width.
RULE_COVER = 0.8
#: Glyphs closer than this many heights are one run of text (cells keep at least their padding apart).
RUN_GAP = 0.35
#: Rules drawn within this distance (pt) of a column cut replace the cut.
SNAP = 6.0
#: A header shorter than this many columns is not an indicator table.
MIN_COLUMNS = 3
#: Text more than this many glyph heights below the last row is not part of the table.
END_GAP = 5.0


@dataclass(frozen=True)
class Glyph:
    """A character of a text layer, or a recognised piece of a scan, with its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    #: Position in the text layer (reading order inside a cell).
    order: int = 0
    confidence: float = 1.0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Glyphs on one baseline, left to right."""

    glyphs: list[Glyph]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


@dataclass
class Block:
    """Consecutive lines of one column close enough to be one cell's text."""

    col: int
    lines: list[Line]

    @property
    def top(self) -> float:
        return min(line.top for line in self.lines)

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)

    @property
    def glyphs(self) -> list[Glyph]:
        return [g for line in self.lines for g in line.glyphs]

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Rules:
    """The drawn rules of a page: horizontal as (y, x0, x1), vertical as (x, top, bottom)."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)
    #: Column rules a fax left in dots, as (x, top, bottom), each among ``vertical`` too: only these part
    #: a recognised header's columns (see ``_parted_by_rules``).
    trails: list[tuple[float, float, float]] = field(default_factory=list)

    @classmethod
    def from_edges(cls, edges: Iterable[dict]) -> "Rules":
        rules = cls()
        for e in edges:
            if e["orientation"] == "h" and e["width"] >= 3:
                rules.horizontal.append((e["top"], e["x0"], e["x1"]))
            elif e["orientation"] == "v" and e["height"] >= 3:
                rules.vertical.append((e["x0"], e["top"], e["bottom"]))
        rules.horizontal.sort()
        rules.vertical = _joined_verticals(rules.vertical)
        return rules

    def crossing(self, x0: float, x1: float, top: float, bottom: float) -> list[float]:
        """y of the horizontal rules between top and bottom that cover most of [x0, x1]."""
        covered: dict[float, float] = {}
        for y, a, b in self.horizontal:
            if top <= y <= bottom:
                key = next((k for k in covered if abs(k - y) <= 1.5), y)
                covered[key] = covered.get(key, 0.0) + max(0.0, min(b, x1) - max(a, x0))
        return sorted(y for y, length in covered.items() if length >= RULE_COVER * (x1 - x0))

    def vertical_near(self, x: float, top: float, bottom: float, within: float) -> float | None:
        """x of a vertical rule within ``within`` of x that runs through [top, bottom]."""
        best = None
        for vx, a, b in self.vertical:
            if abs(vx - x) <= within and a <= top + 3 and b >= bottom - 3 and (best is None or abs(vx - x) < abs(best - x)):
                best = vx
        return best


def _joined_verticals(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Vertical segments on one x that meet end to end as one rule: browsers draw a frame's
    side as one short segment per row."""
    out: list[tuple[float, float, float]] = []
    for x, top, bottom in sorted(segments, key=lambda v: (round(v[0]), v[1])):
        if out and abs(out[-1][0] - x) <= 1.0 and top <= out[-1][2] + 2.0:
            px, ptop, pbottom = out[-1]
            out[-1] = (px, ptop, max(pbottom, bottom))
        else:
            out.append((x, top, bottom))
    return sorted(out)


# ------------------------------------------------------------------ lines

def visual_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Glyphs grouped into lines by vertical overlap, top to bottom.

    Overlap rather than centre distance: small punctuation sits low in its line
    (Chromium's full-width comma is a third of a character high) and belongs to it.
    Small marks (一, commas, dots) join the line they overlap most and never start one.
    """
    ordered = sorted((g for g in glyphs if g.text.strip()), key=lambda g: (g.top + g.bottom, g.x0))
    if not ordered:
        return []
    heights = sorted(g.bottom - g.top for g in ordered)
    typical = heights[len(heights) // 2]
    top, bottom = min(g.top for g in ordered), max(g.bottom for g in ordered)
    if bottom - top < (1 + LINE_OVERLAP) * typical and all(g.bottom - g.top <= typical * 1.5 for g in ordered):
        ordered.sort(key=lambda g: g.x0)  # one line: the common case of a cell
        return [Line(ordered, top, bottom)]
    lines: list[Line] = []
    small: list[Glyph] = []
    for g in ordered:
        height = g.bottom - g.top
        if height < 0.7 * typical:
            small.append(g)
            continue
        need = LINE_OVERLAP * max(height, 0.1)
        for line in reversed(lines[-6:]):
            if min(line.bottom, g.bottom) - max(line.top, g.top) >= need:
                line.glyphs.append(g)
                line.top, line.bottom = min(line.top, g.top), max(line.bottom, g.bottom)
                break
        else:
            lines.append(Line([g], g.top, g.bottom))
    for g in small:
        best, home = 0.0, None
        for line in lines:
            inside = min(line.bottom, g.bottom) - max(line.top, g.top)
            if inside > best:
                best, home = inside, line
        if home is not None:
            home.glyphs.append(g)
        else:
            middle = (g.top + g.bottom) / 2
            lines.append(Line([g], middle - typical / 2, middle + typical / 2))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    lines.sort(key=lambda line: line.top)
    return lines


def line_text(glyphs: Sequence[Glyph]) -> str:
    """One line's text; a gap of more than two glyph heights keeps a visible space."""
    out, prev = "", None
    for g in glyphs:
        if prev is not None and g.x0 - prev.x1 > 2 * max(prev.height, g.height):
            out += "  "
        out += g.text
        prev = g
    return out


def raw_cell_text(glyphs: Sequence[Glyph]) -> str:
    """A cell's text as read: its lines top to bottom, wrapped lines joined the CJK way."""
    return join_lines([line_text(line.glyphs).strip() for line in visual_lines(glyphs)])


def cell_text(glyphs: Sequence[Glyph], repair: Callable[[str], str] = repair_text) -> str:
    """A cell's text, repaired (text-layer repair by default, OCR repair for scans)."""
    return repair(raw_cell_text(glyphs))


def is_header_text(text: str, lost_numerals: bool = False) -> bool:
    """Whether a line names the indicator levels (two of them, or one and a value column).

    With ``lost_numerals`` (a page read by OCR) level headings whose numerals were not read
    count too, each time one occurs, when with the numbered ones they name at least two levels:
    "级指标 级指标 级指标 指标值 …" is a header, a note on 各级指标's points is not. An assessment
    table's headings are common words of prose, so they count only as pieces of their own
    (see ``names_assessment_headings``)."""
    if names_assessment_headings(text):
        return True
    text = squash(text)
    levels = sum(word in text for word in HEADER_LEVEL_WORDS) + bool(NAME_HEADING_RE.search(text))
    if lost_numerals and levels < 2 and levels + len(LOST_LEVEL_RE.findall(text)) >= 2:
        return True
    return levels >= 2 or (levels == 1 and any(word in text for word in HEADER_VALUE_WORDS))


#: The longest piece (characters, spacing dropped) still taken for one column heading of an assessment
#: table: 445's are 考核内容, 考核指标, 权数, 考评得分 (4); a heading with a unit, 权数(%) or 分值(分), is 5–6.
#: A sentence naming the words ("根据考核指标完成情况，自评得分95分") is longer.
HEADING_PIECE_MAX_CHARS = 6


def names_assessment_headings(text: str) -> bool:
    """Whether whitespace-separated pieces of ``text`` are an assessment table's headings: a 考核内容 or
    考核指标 piece and at least one more heading piece (the other level, or a value column: 权数, 得分),
    each short enough to be a column heading. A report's prose names 考核指标 and 得分 in one sentence
    ("根据考核指标完成情况，自评得分95分", "考核指标得分情况如下"), never as headings apart."""
    pieces = [p for p in text.split() if len(p) <= HEADING_PIECE_MAX_CHARS]
    levels = sum(1 for p in pieces if any(word in p for word in ASSESSMENT_LEVEL_WORDS))
    values = sum(1 for p in pieces if any(word in p for word in HEADER_VALUE_WORDS))
    return levels >= 1 and levels + values >= 2


def is_coarse(table: PageTable, lost_numerals: bool = False) -> bool:
    """A ruled box that holds a whole indicator header in one cell is not the table's grid
    (an outer frame, a frame with a rule under the header): the table inside is inferred.

    A table whose rules already give a level word a cell of its own ("一级指标") is
    the grid, whatever else it holds: a ruled note under the table that explains
    the template ("一级指标分值统一设置为… 确定三级指标的分值") names the levels too,
    and must not make the reader throw the ruled table (and its budget block) away.
    With ``lost_numerals`` (OCR) a heading read without its numeral ("级指标") counts as one.
    """
    texts = [squash(c.text) for c in table.cells]
    if any(text in HEADER_LEVEL_WORDS or (lost_numerals and LOST_LEVEL_RE.fullmatch(text)) for text in texts):
        return False
    return any(names_levels(text, lost_numerals) for text in texts)


def names_levels(text: str, lost_numerals: bool = False) -> bool:
    """Whether a text names two indicator levels or more (with ``lost_numerals``, a page read
    by OCR, a level heading whose numeral was not read counts too: "级指标")."""
    text = squash(text)
    named = sum(word in text for word in HEADER_LEVEL_WORDS)
    return (named + len(LOST_LEVEL_RE.findall(text)) if lost_numerals else named) >= 2


# ------------------------------------------------------------------ the table

@dataclass
class Column:
    x0: float
    x1: float
    header: list[Glyph]
    #: A group heading set over this column and its neighbours (一级指标 over 名称 | 分值).
    shared: list[Glyph] = field(default_factory=list)

    @property
    def heading(self) -> list[Glyph]:
        """The header glyphs that name this column: a group heading over it, then its own."""
        return self.shared + self.header

    @property
    def header_text(self) -> str:
        return cell_text(self.heading)

    @property
    def holds_runs(self) -> bool:
        """一级/二级 columns: their labels are merged over runs of rows."""
        text = squash(self.header_text)
        if text in ASSESSMENT_GROUP_HEADINGS or "考核内容" in text:
            return True  # an assessment table's 项目 and 考核内容 groups, merged over their rows
        return any(word in text for word in RUN_COLUMN_WORDS) and "三级" not in text

    @property
    def holds_values(self) -> bool:
        """指标值/完成值 columns: every indicator row states its target and what it achieved."""
        text = squash(self.header_text)
        return any(word in text for word in VALUE_WORDS)

    @property
    def holds_points(self) -> bool:
        """分值/权重/得分 columns: one number a row, never wrapped."""
        text = squash(self.header_text)
        return any(word in text for word in POINTS_WORDS)

    @property
    def names_a_lost_level(self) -> bool:
        """A level heading whose numeral was not read ("级指标")."""
        return bool(LOST_LEVEL_RE.search(squash(self.header_text)))


def _names_a_level(col: Column) -> bool:
    return col.names_a_lost_level or any(word in squash(col.header_text)
                                         for word in HEADER_LEVEL_WORDS + ASSESSMENT_LEVEL_WORDS)


def _row_points(columns: Sequence[Column], i: int, run_cols: Sequence[int]) -> bool:
    """A row's own 分值/得分 column: one number a row. A points column right after a 一级/二级
    label column is that group's weight, merged over its rows and centred beside them (level
    with any line of a wrapped row), and a 未得分原因 column holds prose. Value columns between
    the last label column and the points (年度指标值, 实际完成值) make them the rows' own, whether
    or not a 三级 column was found between (a fax that lost the rule between 二级 and 三级 reads
    their headings as one column, a label column)."""
    if not columns[i].holds_points or any(w in squash(columns[i].header_text) for w in ("原因", "说明")):
        return False
    named = [j for j in range(i) if j in run_cols or _names_a_level(columns[j])]
    return not named or named[-1] not in run_cols or any(
        not columns[j].holds_points for j in range(named[-1] + 1, i))


def _group_weight(columns: Sequence[Column], i: int, run_cols: Sequence[int]) -> bool:
    """A 分值 column right after a 一级/二级 label column: the group's weight, merged over the group's
    rows beside its label (一级指标 | 分值 over 名称 | 分值 in a two-tier header), not a row's own points."""
    return i > 0 and columns[i].holds_points and (i - 1) in run_cols and not _row_points(columns, i, run_cols)


def run_columns(columns: Sequence[Column]) -> list[int]:
    """The columns whose labels are merged over runs of rows.

    A numbered heading says it (一级, 二级); a heading whose numeral was lost is a group
    level when another level heading stands right of it: levels run 一级, 二级, 三级 left to
    right and the last one names the rows (the way assembly counts lost levels down from the
    right)."""
    levels = [i for i, col in enumerate(columns) if _names_a_level(col)]
    return [i for i, col in enumerate(columns)
            if col.holds_runs or (col.names_a_lost_level and levels and i < levels[-1])]


@dataclass
class BodyCell:
    """A body cell of the inferred grid (rows counted from the first body row)."""

    col: int
    row: int
    glyphs: list[Glyph]
    rowspan: int = 1
    colspan: int = 1


@dataclass
class InferredTable:
    """What the inference found, before it becomes a PageTable."""

    columns: list[Column]
    header_top: float
    header_bottom: float
    #: Row bands (top, bottom) of the body.
    rows: list[tuple[float, float]]
    cells: list[BodyCell]
    bottom: float
    used_rules: list[str]
    #: Glyphs the table claimed (everything else stays loose text).
    claimed: set[int]
    weak_cells: set[tuple[int, int]] = field(default_factory=set)
    #: (column, first row) of merged labels that sit off the rows they were given
    #: (see :func:`_misplaced_labels`): the rows' names are in doubt.
    misplaced_cells: set[tuple[int, int]] = field(default_factory=set)
    #: (column, first row) → (continues from the previous page, runs on to the next page).
    open_cells: dict[tuple[int, int], tuple[bool, bool]] = field(default_factory=dict)


def _header_band(lines: list[Line], anchor: int, rules: Rules, gap: float) -> tuple[int, int, float, float]:
    """Lines [first, last] of the header and its (top, bottom), grown from the anchor line.

    A neighbouring line joins while it overlaps or nearly touches the band (the
    wrapped header cells centred beside one-line ones); a rule between stops it.
    """
    first = last = anchor
    top, bottom = lines[anchor].top, lines[anchor].bottom
    x0, x1 = lines[anchor].x0, lines[anchor].x1

    def ruled_between(a: float, b: float) -> bool:
        return bool(rules.crossing(x0, x1, min(a, b), max(a, b)))

    while first > 0:
        cand = lines[first - 1]
        if cand.bottom < top - gap or ruled_between(cand.bottom, top):
            break
        first -= 1
        top = min(top, cand.top)
    while last + 1 < len(lines):
        cand = lines[last + 1]
        if cand.top > bottom + gap or ruled_between(bottom, cand.top):
            break
        last += 1
        bottom = max(bottom, cand.bottom)
    return first, last, top, bottom


def _gap_groups(glyphs: Iterable[Glyph], typical: float, walls: Sequence[float] = ()) -> list[list[Glyph]]:
    """Glyphs split where their x-projection leaves a gap of ``HEADER_GAP`` glyph heights, or
    where a drawn column rule (x in ``walls``) stands between them, however narrow the gap."""
    groups: list[list[Glyph]] = []
    right = 0.0
    for g in sorted(glyphs, key=lambda g: g.x0):
        walled = any(right - WALL_SLACK <= x <= g.x0 + WALL_SLACK for x in walls)
        if groups and g.x0 - right < HEADER_GAP * typical and not walled:
            groups[-1].append(g)
            right = max(right, g.x1)
        else:
            groups.append([g])
            right = g.x1
    return groups


#: A column rule parts two header glyphs when it lies between them, or this close (pt) to the
#: edge of either: a recognised piece's box may take in a rule's ragged edge.
WALL_SLACK = 1.5


def _header_walls(rules: Rules, top: float, bottom: float) -> list[float]:
    """x of the drawn vertical rules that run through the whole header band [top, bottom].

    Two narrow header cells can stand closer than ``HEADER_GAP`` with only their column rule
    between them (权数 | 考评得分 of an assessment table's fax, 6 pt apart): read by the gap
    alone they were one column, and the weights under it were taken for scores."""
    return [x for x, a, b in rules.vertical if a <= top + 3 and b >= bottom - 3]


def _header_columns(lines: list[Line], typical: float, walls: Sequence[float] = ()) -> list[Column]:
    """Header glyphs split where their x-projection leaves a gap or a column rule stands
    between them: one cell per column; a group heading over sub-headings of its own is one
    column per sub-heading."""
    columns = []
    for group in _gap_groups((g for line in lines for g in line.glyphs), typical, walls):
        columns += _under_a_group_heading(group, lines, typical)
    return columns


def _under_a_group_heading(glyphs: list[Glyph], lines: list[Line], typical: float) -> list[Column]:
    """One header cell's glyphs as columns: more than one where a heading spans a second tier of
    headings set apart under it (一级指标 over 名称 | 分值).

    A two-tier header merges the heading's cell over its sub-columns; the heading's glyphs
    bridge the gap between the sub-headings, so the x-projection sees one column. The tier
    under the heading, alone, shows the sub-columns; each keeps the heading as its shared
    text, so its role reads "一级指标名称" or "一级指标分值", as a ruled two-row header does."""
    whole = [Column(min(g.x0 for g in glyphs), max(g.x1 for g in glyphs), glyphs)]
    ids = {id(g) for g in glyphs}
    tiers = [[g for g in line.glyphs if id(g) in ids] for line in lines]
    tiers = [tier for tier in tiers if tier]
    if len(tiers) < 2:
        return whole
    under = _gap_groups(tiers[-1], typical)
    heading = [g for tier in tiers[:-1] for g in tier]
    if not _set_apart(under, typical) or max(g.bottom for g in heading) > min(g.top for g in tiers[-1]):
        return whole
    above = _gap_groups(tiers[-2], typical)
    return [Column(min(g.x0 for g in part), max(g.x1 for g in part), part, shared=_heading_over(part, above))
            for part in under]


#: Sub-headings stand apart by at least this many glyph heights (a letter-spaced "指    标" does not).
SUBHEADING_GAP = 1.0


def _set_apart(parts: list[list[Glyph]], typical: float) -> bool:
    """Two or more sub-headings of two glyphs or more each, a glyph's height apart or more: a wrapped
    cell whose last line is letter-spaced ("年度" over "指 标 值") or ends in a lone bracket is one cell.
    Characters are counted, not glyphs: a recognised piece (名称) is one glyph of two characters."""
    if len(parts) < 2 or any(sum(len(g.text.strip()) for g in part) < 2 for part in parts):
        return False
    spans = sorted((min(g.x0 for g in part), max(g.x1 for g in part)) for part in parts)
    return all(right[0] - left[1] >= SUBHEADING_GAP * typical for left, right in zip(spans, spans[1:]))


def _heading_over(part: list[Glyph], above: list[list[Glyph]]) -> list[Glyph]:
    """The heading of the tier just above whose span is nearest a sub-heading's: 一级指标 over its own
    名称 | 分值 in a three-tier header (绩效指标 over 一级指标 | 二级指标 over 名称 分值 名称 分值)."""
    centre = (min(g.x0 for g in part) + max(g.x1 for g in part)) / 2

    def distance(group: list[Glyph]) -> float:
        lo, hi = min(g.x0 for g in group), max(g.x1 for g in group)
        return max(lo - centre, centre - hi, 0.0)

    return min(above, key=distance)


def _coverage_cut(lo: float, hi: float, glyphs: Sequence[Glyph]) -> tuple[float, float, float, int]:
    """The widest run of least coverage by glyphs in [lo, hi]: (cut, run start, run end, coverage)."""
    if hi - lo < 1:
        mid = (lo + hi) / 2
        return mid, lo, hi, 0
    xs = np.linspace(lo, hi, max(3, int((hi - lo) * 2)) + 1)
    spans = np.array([(g.x0, g.x1) for g in glyphs if g.x1 >= lo and g.x0 <= hi] or [(lo - 2, lo - 1)])
    counts = ((spans[:, :1] < xs) & (xs < spans[:, 1:])).sum(axis=0)
    least = int(counts.min())
    best, i = (0, -1), 0
    at_least = counts == least
    while i < len(xs):
        if at_least[i]:
            j = i
            while j + 1 < len(xs) and at_least[j + 1]:
                j += 1
            if j - i > best[1] - best[0]:
                best = (i, j)
            i = j + 1
        else:
            i += 1
    a, b = float(xs[best[0]]), float(xs[best[1]])
    return (a + b) / 2, a, b, least


def cell_gap_threshold(columns: list[list[Line]], typical: float, row_starts: frozenset[int] = frozenset()) -> float:
    """The largest vertical gap between two lines of one cell, measured on the page.

    The leading inside a cell is the producer's line height and repeats wherever
    text wraps (word processors leave about a glyph height, spreadsheets and
    browsers half of it); rows are further apart by the cells' padding. The
    smallest gap that recurs (three times, within 0.8 pt) and is below
    ``MAX_LEADING`` glyph heights is the leading; the cut lies halfway to the next
    larger gap. Without wrapped text there is no such gap: ``CELL_LINE_GAP`` heights.
    A gap before a line in ``row_starts`` (ids of lines that begin a row, see
    :func:`aligned_row_starts`) parts rows and is no leading, however often it recurs
    (the smallest gap left then no longer says where rows part); so, on such a page, does a gap between
    two lines no cell wraps into (:func:`_two_cells`).
    """
    pairs = [(b.top - a.bottom, id(b) in row_starts or (bool(row_starts) and _two_cells(a, b)))
             for lines in columns for a, b in zip(lines, lines[1:]) if 0 < b.top - a.bottom < 2.5 * typical]
    gaps = sorted(g for g, starts in pairs if not starts)
    clusters: list[list[float]] = []
    for g in gaps:
        if clusters and g - clusters[-1][-1] <= 0.8:
            clusters[-1].append(g)
        else:
            clusters.append([g])
    leading = next((c for c in clusters if len(c) >= 3), None)
    if leading is None or median(leading) > MAX_LEADING * typical:
        fallback = CELL_LINE_GAP * typical
        return min(fallback, clusters[0][0] - 0.5) if clusters and not row_starts else fallback
    after = [c for c in clusters if c[0] > leading[-1]]
    return (leading[-1] + after[0][0]) / 2 if after else leading[-1] + ROW_SLIVER * typical


def _two_cells(upper: Line, lower: Line) -> bool:
    """Two lines of a column that no cell wraps into: two whole 一级/二级 names, or two short figures (a
    分值 or 得分 never wraps onto a line of its own). On a recognised page whose rows hold one line each, the
    gaps between them recur as a leading would: counted with the rows' starts set aside, the label and
    points columns' gaps ("数量指标" over "社会效益指标", "30" over a total's "100") were the leading,
    and every cell of a fax's tightly set table was joined with the one below. Where a table's leading is
    near its row pitch, this may leave a wrapped label's lines a hair too far apart to be joined (166's
    "服务对象满意度指" over "标等", 0.79 glyph heights against the fallback's 0.8)."""
    return _two_level_names(upper, lower) or bool(_POINTS_FIGURE.match(squash(upper.text))
                                                  and _POINTS_FIGURE.match(squash(lower.text)))


def _without_marks(lines: list[Line], typical: float) -> list[Line]:
    """A column's lines without those of small marks alone (every glyph under 0.7 glyph
    heights, as ``visual_lines`` counts small), unless nothing else is left."""
    kept = [line for line in lines if any(g.height >= 0.7 * typical for g in line.glyphs)]
    return kept or lines


def _is_mark(line: Line, typical: float) -> bool:
    """Every glyph of the line under 0.7 glyph heights (see :func:`_without_marks`)."""
    return all(g.height < 0.7 * typical for g in line.glyphs)


def _without_marks_below_text(columns: dict[int, list[Line]], typical: float) -> dict[int, list[Line]]:
    """Columns without the small marks that lie below all of the table's text.

    A column that holds nothing but small marks keeps them (:func:`_without_marks`: a column
    of small figures); but marks below the lowest line of ordinary text anywhere in the table
    are a fax's speckle under its last row (read "1", "11" under an empty 得分 column), not a
    row of their own."""
    text_bottom = max((line.bottom for lines in columns.values() for line in lines
                       if not _is_mark(line, typical)), default=None)
    if text_bottom is None:
        return columns
    return {i: [line for line in lines if not (_is_mark(line, typical) and line.top > text_bottom)]
            for i, lines in columns.items()}


#: A recognised piece of one character whose ink is narrower than this share of its height is
#: the trace of a vertical rule (a fax keeps dots of it), not a glyph of a label.
TRACE_WIDTH = 0.35


def _label_lines(lines: list[Line], typical: float) -> list[Line]:
    """A merged-label column's lines without small marks alone and without rule traces (one
    character, its ink a sliver: the recogniser's "1" for what a fax left of a column rule).
    A label names a group (产出指标): such a line stood for one and took the runs of the labels
    around it; a label's wrapped tail ("标") is a glyph as wide as it is tall and stays."""
    def trace(line: Line) -> bool:
        return len(line.text.strip()) == 1 and all(g.x1 - g.x0 < TRACE_WIDTH * g.height for g in line.glyphs)

    kept = [line for line in _without_marks(lines, typical) if not trace(line)]
    return kept or lines


def _aligned_groups(columns: Sequence[list[Line]], typical: float, need: int | None = None
                    ) -> list[list[tuple[int, Line]]]:
    """Lines of the columns grouped by their tops ((column, line) pairs), top to bottom, each group
    beginning a line in most of the columns that hold text (or in ``need`` columns). Tops within half
    a glyph height are one height."""
    filled = [(k, lines) for k, lines in enumerate(columns) if lines]
    need = need or max(2, -(-len(filled) // 2))
    tops = sorted(((line.top, k, line) for k, lines in filled for line in lines), key=lambda t: (t[0], t[1]))
    groups: list[list[tuple[int, Line]]] = []
    i = 0
    while i < len(tops):
        j = i
        while j + 1 < len(tops) and tops[j + 1][0] - tops[i][0] <= 0.5 * typical:
            j += 1
        group = tops[i:j + 1]
        if len({k for _, k, _ in group}) >= need:
            groups.append([(k, line) for _, k, line in group])
        i = j + 1
    return groups


def aligned_row_starts(columns: Sequence[list[Line]], typical: float) -> frozenset[int]:
    """Ids of the lines that begin a row because most columns begin a line at that height.

    Where every row holds one line, the gap between rows recurs as often as a wrapped
    cell's leading would, and can be as small (a fax's ink boxes, ~1 glyph height apart):
    taken for leading, it joined a whole column into one cell. A wrapped cell's next line
    starts alone (its neighbours are one line, top-aligned or centred across the wrap) or
    with one other wrapped cell; a new row starts a line in most of the columns that hold
    text. Tops within half a glyph height are one height."""
    return frozenset(id(line) for group in _aligned_groups(columns, typical) for _, line in group)


#: A line level with lines of at least this many columns began a row, though fewer than most of the
#: columns begin one there (a fax lost a figure of that row); a wrapped cell's first line stands alone or
#: beside one other wrapped cell.
BEGUN_COLUMNS = 3


def row_beginnings(columns: Sequence[list[Line]], typical: float) -> frozenset[int]:
    """Ids of the lines level with lines of ``BEGUN_COLUMNS`` columns or more: each began a row."""
    return frozenset(id(line) for group in _aligned_groups(columns, typical, BEGUN_COLUMNS) for _, line in group)


def sure_row_starts(columns: Sequence[list[Line]], typical: float, points: Iterable[int]) -> frozenset[int]:
    """Ids of the lines that begin a row whatever the gap above them: an aligned row start
    (see :func:`aligned_row_starts`) where a points column (分值, 得分: indices into ``columns``)
    begins a line too.

    A points cell holds one number and never wraps, so a second line in it is a second
    row. On a fax two rows of a 三线表 can sit closer than the gap the page's leading allows
    (ink boxes swollen by the coarse scan, a tall piece split at its middle): their names,
    values and points were joined into one row, and every row below read one row off. A
    wrapped row's second line begins beside no points line (points are centred across the
    wrap or set on its first line), so it stays with its cell."""
    points = set(points)
    starts = {id(line) for group in _aligned_groups(columns, typical)
              if any(k in points for k, _ in group) for _, line in group}
    return frozenset(starts | _points_under_points(columns, typical, points, starts))


#: What a 分值/得分 cell prints: one number.
_POINTS_FIGURE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")


def _points_under_points(columns: Sequence[list[Line]], typical: float, points: set[int],
                         starts: set[int]) -> set[int]:
    """Ids of the lines level with a points line that stands under another points line of its column:
    a second number in a 分值/得分 cell is a second row, however few cells it prints (a total row prints
    its label, 分值 and 得分 only, too few to be aligned with most columns; a fax that lost the rule above
    it set it under the last indicator row, "10" over "100" read as "10100")."""
    found: set[int] = set()
    for k in points:
        for upper, lower in zip(columns[k], columns[k][1:]):
            if id(lower) in starts or not (_POINTS_FIGURE.match(squash(upper.text))
                                            and _POINTS_FIGURE.match(squash(lower.text))):
                continue
            found |= {id(line) for lines in columns for line in lines if abs(line.top - lower.top) <= 0.5 * typical}
    return found


def _em_width(text: str) -> float:
    """Printed width in em: CJK and full-width forms 1, Latin letters and digits about 0.55."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text) or 1.0


def split_words(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Recognised pieces that hold several words ("实际完成值 分值 得分"), split at their spaces.

    A recogniser writes a space where the ink pauses, so each word is a cell's text
    of its own. Words get the printed width of their characters (the piece's ink
    height is the em, or the page's usual height where a tall box holds more than
    one line); the spaces share what is left of the piece's width.
    """
    usual = median(g.height for g in glyphs) if glyphs else 0.0
    out: list[Glyph] = []
    for g in glyphs:
        words = g.text.split()
        if len(words) < 2:
            out.append(g)
            continue
        em = min(g.height, usual)
        widths = [_em_width(w) * em for w in words]
        spare = (g.x1 - g.x0) - sum(widths)
        if spare < 0:
            widths = [w * (g.x1 - g.x0) / sum(widths) for w in widths]
            spare = 0.0
        space = spare / (len(words) - 1)
        x = g.x0
        for word, width in zip(words, widths):
            out.append(Glyph(word, x, g.top, x + width, g.bottom, g.order, g.confidence))
            x += width + space
    return out


def split_at_cuts(glyphs: list[Glyph], cuts: list[float], typical: float) -> list[Glyph]:
    """Pieces of recognised text that run across a column cut, split there.

    OCR reads a line of ink as one piece; two cells close together in one row
    (a label and the 三级 name beside it) can come back as one. The text is cut
    where the column cut falls, by the printed width of its characters.
    Single characters of a text layer never cross a cut and pass unchanged.
    """
    out: list[Glyph] = []
    for g in glyphs:
        crossing = [x for x in cuts if g.x0 + typical / 2 < x < g.x1 - typical / 2]
        if len(g.text) < 2 or not crossing:
            out.append(g)
            continue
        cumulative = [0.0]
        for ch in g.text:
            cumulative.append(cumulative[-1] + _em_width(ch))
        scale = cumulative[-1] / (g.x1 - g.x0)
        pieces, start_char, start_x = [], 0, g.x0
        for x in crossing:
            target = (x - g.x0) * scale
            k = min(range(start_char, len(g.text) + 1), key=lambda i: abs(cumulative[i] - target))
            pieces.append((g.text[start_char:k], start_x, x))
            start_char, start_x = k, x
        pieces.append((g.text[start_char:], start_x, g.x1))
        out += [Glyph(text.strip(), a, g.top, b, g.bottom, g.order, g.confidence)
                for text, a, b in pieces if text.strip()]
    return out


def _cell_blocks(lines: list[Line], col: int, gap: float, starts: frozenset[int] = frozenset(),
                 begun: frozenset[int] = frozenset()) -> list[Block]:
    """Lines of one column grouped into cells: a gap wider than ``gap`` starts a new cell, and so
    does a line in ``starts`` (ids of lines that surely begin a row) after a line that began
    the row above (in ``starts`` too, or in ``begun``: level with lines of a few columns, see
    :func:`row_beginnings`): that cell was one line. A wrapped cell centred on its row may have a middle
    line at a row start; the line above it began no row, so it keeps its lines."""
    blocks: list[Block] = []
    for line in lines:
        prev = blocks[-1].lines[-1] if blocks else None
        parted = prev is not None and ((id(line) in starts and (id(prev) in starts or id(prev) in begun))
                                       or _two_level_names(prev, line))
        if blocks and not parted and line.top - prev.bottom <= gap:
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block(col, [line]))
    return blocks


def _two_level_names(upper: Line, lower: Line) -> bool:
    """Two lines that each read as a whole 一级/二级 name are two rows' labels, however close: a label
    column whose row rules a fax lost stacks them at the rows' pitch ("社会效益指标" over "时效指标"),
    while a wrapped label's pieces ("可持续影响" over "指标") are not each a name."""
    names = whole_level_names()
    return squash(upper.text) in names and squash(lower.text) in names


@functools.lru_cache(maxsize=1)
def whole_level_names() -> frozenset[str]:
    """The schema's 一级/二级 names and aliases of four characters or more (a shorter alias, 效益 or
    产出, may be a wrapped name's first piece)."""
    return frozenset(s for s in load_schema().level_spellings((1, 2)) if len(s) >= 4)


#: A cell spans rows (a merged 评分标准 or 权数 over a pair of indicators) when it stands beside two
#: or more separate cells in at least this many other columns: two columns (the 三级 names and
#: their targets, say) seen to part there are two rows, where one column parted could be a wrapped
#: name whose leading the page stretched (the 445/446 assessment tables' faxes).
SPANNED_COLUMNS = 2


def _touching(block: Block, other: Block, sliver: float) -> bool:
    """``other`` overlaps ``block``'s height or comes within ``sliver`` of it: close enough to be
    taken for one row with it (:func:`_rows_from_blocks`)."""
    return other.top < block.bottom + sliver and other.bottom > block.top - sliver


def spanning_blocks(blocks: list[Block], typical: float) -> set[int]:
    """Ids of the blocks that are merged cells over several rows rather than one row's text.

    A merged cell outside the label columns (the 评分标准 and 权数 of a pair of indicators of
    which one is assessed) stands beside the separate cells of each row it spans; taken as one
    row's text it joined those rows into one (two indicators read as one name, the weight lost
    to the wrong row). It is known by the columns beside it: at least ``SPANNED_COLUMNS``
    other columns hold two or more cells that it overlaps or comes within a row sliver of
    (a merged cell's text may sit between its rows' lines, touching each of them)."""
    sliver = ROW_SLIVER * typical
    by_col: dict[int, list[Block]] = {}
    for b in blocks:
        by_col.setdefault(b.col, []).append(b)
    spanning = set()
    for b in blocks:
        parted = sum(1 for col, others in by_col.items()
                     if col != b.col and sum(_touching(b, o, sliver) for o in others) >= 2)
        if parted >= SPANNED_COLUMNS:
            spanning.add(id(b))
    return spanning


def _rows_from_blocks(blocks: list[Block], typical: float) -> list[tuple[float, float]]:
    """Row extents: cells of different columns that overlap in height are one row.

    Cells centred beside a wrapped cell can leave a sliver of empty height between
    them (less than ROW_SLIVER glyph heights); that is not a row boundary. A cell merged
    over several rows (:func:`spanning_blocks`) bounds no row.
    """
    spanning = spanning_blocks(blocks, typical)
    blocks = [b for b in blocks if id(b) not in spanning] or blocks
    return [part for row in _overlapping_rows(blocks, typical) for part in _parted_at_a_bridge(row, blocks, typical)]


def _overlapping_rows(blocks: list[Block], typical: float) -> list[tuple[float, float]]:
    """Extents of the chains of blocks that overlap in height (or come within a row sliver)."""
    rows: list[list[float]] = []
    for b in sorted(blocks, key=lambda b: b.top):
        if rows and b.top < rows[-1][1] + ROW_SLIVER * typical:
            rows[-1][1] = max(rows[-1][1], b.bottom)
        else:
            rows.append([b.top, b.bottom])
    return [(a, b) for a, b in rows]


def _parted_at_a_bridge(row: tuple[float, float], blocks: list[Block], typical: float) -> list[tuple[float, float]]:
    """A row cut where one wrapped block alone bridged two rows, else the row as it is.

    A merged cell's text (a 得分计算方法 wrapped down beside two indicators) can end a glyph's height
    into the next row, just past the top of the next row's tallest cell and short of its others: it
    is then no spanning block (it touches one cell of the next row, not two columns' cells), yet
    chained to that cell it joined the two rows into one (two indicators read as one name, their
    points run together). A row whose blocks hold two cells of one column in ``SPANNED_COLUMNS``
    columns or more is such a chain when, without one of its wrapped blocks, its blocks fall into
    rows each holding cells of ``PARTED_ROW_COLUMNS`` columns (a paragraph gap in one cell parts
    nothing); the tallest such block is taken for the bridge."""
    inside = [b for b in blocks if row[0] <= b.cy <= row[1]]
    if sum(1 for n in Counter(b.col for b in inside).values() if n >= 2) < SPANNED_COLUMNS:
        return [row]
    for bridge in sorted((b for b in inside if len(b.lines) > 1), key=lambda b: b.top - b.bottom):
        rest = [b for b in inside if b is not bridge]
        parts = _overlapping_rows(rest, typical)
        if _rows_of_several_columns(parts, rest):
            return parts
    return [row]


def _rows_of_several_columns(extents: list[tuple[float, float]], blocks: list[Block]) -> bool:
    """Two rows or more, each holding cells (blocks by their centres) of ``PARTED_ROW_COLUMNS`` columns."""
    return len(extents) >= 2 and all(len({b.col for b in blocks if a <= b.cy <= z}) >= PARTED_ROW_COLUMNS
                                     for a, z in extents)


#: A band between two rules holds two rows when its text falls into rows each of which holds cells
#: of at least this many columns (a name and its target, say): a paragraph gap in one cell parts
#: nothing. Measured on the 445/446 assessment tables' faxes, whose faint rule between the two
#: indicators of a pair was lost where the pair's merged 评分标准 and 权数 cells left it short.
PARTED_ROW_COLUMNS = 2


def _parted_bands(bands: list[tuple[float, float]], blocks: list[Block], typical: float
                  ) -> list[tuple[float, float]]:
    """Bands between row rules, each cut where its cells show two or more rows.

    On a recognised page a rule between two rows can be lost (a fax drops a faint one, and
    where merged cells beside the pair leave it short of most of the table's width it no
    longer counts as crossing the body): the rows' text then shares one band, two
    indicators read as one name. The band's cells, cells merged over the rows left out
    (:func:`spanning_blocks`), fall into rows as an unruled table's do; the band is cut
    halfway between them when every row holds cells of ``PARTED_ROW_COLUMNS`` columns."""
    out: list[tuple[float, float]] = []
    for top, bottom in bands:
        inside = [b for b in blocks if top <= b.cy <= bottom]
        extents = _rows_from_blocks(inside, typical)
        spanning = spanning_blocks(inside, typical)
        if _rows_of_several_columns(extents, [b for b in inside if id(b) not in spanning]):
            out += _bands(extents, top, bottom)
        else:
            out.append((top, bottom))
    return out


def _bands(extents: list[tuple[float, float]], top: float, bottom: float) -> list[tuple[float, float]]:
    """Row bands that tile [top, bottom], cut halfway between the rows' text."""
    cuts = [top] + [(a[1] + b[0]) / 2 for a, b in zip(extents, extents[1:])] + [bottom]
    return list(zip(cuts, cuts[1:]))


def _merge_label_blocks(blocks: list[Block], bands: list[tuple[float, float]]) -> list[Block]:
    """Blocks of one label column that fall in the same row band are one label."""
    out: list[Block] = []
    for block in blocks:
        row = _row_of(block.cy, bands)
        if out and _row_of(out[-1].cy, bands) == row:
            out[-1].lines.extend(block.lines)
        else:
            out.append(block)
    return out


def _row_of(y: float, bands: list[tuple[float, float]]) -> int:
    return min(range(len(bands)), key=lambda i: 0 if bands[i][0] <= y < bands[i][1] else min(abs(y - bands[i][0]), abs(y - bands[i][1])))


Run = tuple[int, int, "Block | None"]


def _runs_by_rules(blocks: list[Block], bands: list[tuple[float, float]], cuts: list[float]) -> list[Run]:
    """Runs bounded by the rules that cross a label column: the label's rows lie between two rules."""
    bounds = sorted({bands[0][0], bands[-1][1], *(y for y in cuts if bands[0][0] < y < bands[-1][1])})
    runs: list[Run] = []
    for a, b in zip(bounds, bounds[1:]):
        rows = [i for i, (t, btm) in enumerate(bands) if a - 1 <= (t + btm) / 2 <= b + 1]
        if not rows:
            continue
        inside = [blk for blk in blocks if a - 1 <= blk.cy <= b + 1]
        label = inside[0] if inside else None
        for extra in inside[1:]:
            label.lines.extend(extra.lines)
        runs.append((rows[0], len(rows), label))
    return runs


def _centred_tiling(blocks: list[Block], bands: list[tuple[float, float]], start: int, last_row: int,
                    closed: bool) -> tuple[list[Run], float]:
    """Runs from row ``start`` whose middle each label marks, the last one reaching ``last_row``,
    chosen together to misplace the labels least; and that summed misfit (pt).

    The last label of a table that runs on past the page is not held to the middle
    of its run (its block continues on the next page), only to lie inside it.
    """
    k_count = len(blocks)

    def misfit(k: int, first: int, end: int) -> float:
        cy = blocks[k].cy
        err = abs((bands[first][0] + bands[end][1]) / 2 - cy)
        if k == k_count - 1 and not closed:
            return 0.0 if bands[first][0] <= cy <= bands[end][1] else err
        return err

    best: dict[tuple[int, int], tuple[float, list[int]]] = {}

    def solve(k: int, first: int) -> tuple[float, list[int]]:
        """Least misfit of labels k… when label k's run starts at ``first``; and their run ends."""
        if (k, first) in best:
            return best[(k, first)]
        if k == k_count - 1:
            result = (misfit(k, first, last_row), [last_row]) if first <= last_row else (float("inf"), [])
        else:
            result = (float("inf"), [])
            for end in range(first, last_row - (k_count - 1 - k) + 1):
                rest, ends = solve(k + 1, end + 1)
                cost = misfit(k, first, end) + rest
                if cost < result[0]:
                    result = (cost, [end] + ends)
        best[(k, first)] = result
        return result

    cost, ends = solve(0, start)
    if not ends:
        return [], float("inf")
    firsts = [start] + [e + 1 for e in ends[:-1]]
    return [(f, e - f + 1, block) for f, e, block in zip(firsts, ends, blocks)], cost


def _top_tiling(blocks: list[Block], bands: list[tuple[float, float]], last_row: int) -> tuple[list[Run], int]:
    """Runs that start at the row beside each label and reach down to the next label's row;
    and the first row (rows above it are left to the previous page's label)."""
    starts = [_row_of(b.cy, bands) for b in blocks]
    runs: list[Run] = []
    for k, block in enumerate(blocks):
        end = starts[k + 1] - 1 if k + 1 < len(blocks) else last_row
        runs.append((starts[k], max(1, end - starts[k] + 1), block))
    return runs, starts[0]


def _label_runs(blocks: list[Block], bands: list[tuple[float, float]], last_row: int, closed: bool,
                tolerance: float) -> tuple[list[Run], bool, set[int]]:
    """Runs of a label column that no rule bounds.

    Labels are usually centred on their run; a run may begin above the page (its
    label printed on the previous page), leaving rows at the top without one. Each
    reading is scored by how far the labels sit from where it puts them, rows
    left without a label costing ``tolerance`` per reading; top-aligned labels
    (one at the first row of each run) are the fallback. Returns the runs (an
    unlabelled first run where rows are left over), whether the reading as a whole
    is doubtful (its cost, rows left to the previous page included, is high) and the
    indices of the runs whose own label is misplaced (see :func:`_misplaced_labels`).
    """
    if not blocks:
        return [], False, set()
    first_label_row = _row_of(blocks[0].cy, bands)
    options: list[tuple[float, list[Run]]] = []
    for start in range(0, first_label_row + 1):
        runs, cost = _centred_tiling(blocks, bands, start, last_row, closed)
        options.append((cost + (tolerance if start else 0.0), runs))
    top_runs, top_start = _top_tiling(blocks, bands, last_row)
    top_cost = sum(abs((bands[s][0] + bands[s][1]) / 2 - b.cy) for s, _, b in top_runs if b is not None)
    options.append((top_cost + (tolerance if top_start else 0.0) + tolerance / 2, top_runs))
    cost, runs = min(options, key=lambda o: o[0])
    if runs and runs[0][0] > 0:
        runs = [(0, runs[0][0], None)] + runs
    return runs, cost > tolerance * len(blocks), _misplaced_labels(runs, bands, closed, tolerance)


def _misplaced_labels(runs: list[Run], bands: list[tuple[float, float]], closed: bool, tolerance: float) -> set[int]:
    """Runs whose label sits off both its run's middle and its first row, on a reading
    whose labels are misplaced by more than ``tolerance`` in all.

    The tiling must give every row to some label, so a label the reading lost (OCR
    missed it, or joined it to its neighbour) leaves its rows to the labels beside
    them, whose runs then stretch away from where they are printed; the tiling may
    share that misfit among them (each a little under ``tolerance``). Averaged over
    a page of well-placed labels it passes unseen. Judged alone, a label of a right
    reading sits inside the middle third of its run (or beside its first row, when
    labels are top-aligned), where OCR boxes and a camera's perspective leave it; rows
    of a lost label stretch the run and push its label out of that third. A label off
    both places by more than a sixth of its run (and ``tolerance / 2``), on a reading
    that misplaces its labels by more than ``tolerance`` in all, names rows that
    cannot be trusted. The last run of a table that continues on the next page only
    has to hold its label (see :func:`_centred_tiling`).
    """
    misfits: dict[int, float] = {}
    off_middle: set[int] = set()
    for k, (start, count, block) in enumerate(runs):
        if block is None:
            continue
        top, bottom = bands[start][0], bands[start + count - 1][1]
        if k == len(runs) - 1 and not closed and top <= block.cy <= bottom:
            continue
        first_row_middle = (bands[start][0] + bands[start][1]) / 2
        misfits[k] = min(abs(block.cy - (top + bottom) / 2), abs(block.cy - first_row_middle))
        if misfits[k] > max(tolerance / 2, (bottom - top) / 6):
            off_middle.add(k)
    return off_middle if sum(misfits.values()) > tolerance else set()


def infer_table(lines: list[Line], anchor: int, rules: Rules, ocr: bool = False) -> InferredTable | None:
    """The indicator table whose header is ``lines[anchor]``, or None if it does not hold together.

    ``ocr``: the glyphs are recognised pieces, and a header piece may hold several header
    cells (see :func:`_parted_by_the_body`)."""
    heights = [g.height for line in lines[anchor:] for g in line.glyphs if g.text.strip()]
    typical = median(heights) if heights else 9.0
    first, last, header_top, header_bottom = _header_band(lines, anchor, rules, HEADER_TOUCH * typical)
    columns = _header_columns(lines[first:last + 1], typical, _header_walls(rules, header_top, header_bottom))
    if len(columns) < MIN_COLUMNS:
        return None
    used = []
    left, right = columns[0].x0, columns[-1].x1
    below = rules.crossing(left, right, header_bottom - 1, header_bottom + 3 * typical)
    if below:
        header_bottom = max(header_bottom, below[0])
        used.append("header rule")
    body_lines, table_bottom = _body_lines(lines[last + 1:], rules, left, right, header_bottom, typical)
    if not body_lines:
        return None
    body_glyphs = [g for line in body_lines for g in line.glyphs]
    if ocr:
        columns = [part for col in columns for part in _parted_by_the_body(col, body_glyphs, typical)]
        columns = _parted_by_rules(columns, rules, body_glyphs, header_bottom, typical)
    left = min(left, min(g.x0 for g in body_glyphs))
    right = max(right, max(g.x1 for g in body_glyphs))
    cuts, weak_cuts = [], 0
    for a, b in zip(columns, columns[1:]):
        cut, run0, run1, least = _coverage_cut(a.x1, b.x0, body_glyphs)
        rule_x = rules.vertical_near(cut, header_top, table_bottom, max(SNAP, (run1 - run0) / 2))
        if rule_x is not None:
            cut = rule_x
            if "column rules" not in used:
                used.append("column rules")
        weak_cuts += least > 0
        cuts.append(cut)
    edges = [left - 2] + cuts + [right + 2]
    # a frame's sides stand outside the text, at most a column's width away
    frame_l = rules.vertical_near(edges[0], header_top, table_bottom, edges[1] - edges[0])
    frame_r = rules.vertical_near(edges[-1], header_top, table_bottom, edges[-1] - edges[-2])
    if frame_l is not None and frame_l > min(g.x0 for g in body_glyphs):
        frame_l = None
    if frame_r is not None and frame_r < max(g.x1 for g in body_glyphs):
        frame_r = None
    if frame_l is not None and frame_r is not None:
        edges[0], edges[-1] = frame_l, frame_r
        used.append("frame")
    for i, col in enumerate(columns):
        col.x0, col.x1 = edges[i], edges[i + 1]
    claimed_body = {id(g) for g in body_glyphs}
    body_glyphs = split_at_cuts(body_glyphs, cuts, typical)
    # header glyphs belong to the column under their centre
    header_glyphs = [g for line in lines[first:last + 1] for g in line.glyphs]
    # (a group heading's glyphs stay the shared text of the columns under it)
    shared = {id(g) for col in columns for g in col.shared}
    for col in columns:
        col.header = [g for g in header_glyphs if col.x0 <= g.cx < col.x1 and id(g) not in shared]

    rights = [col.x1 for col in columns[:-1]]

    def column_of(g: Glyph) -> int:
        return bisect_right(rights, g.cx)

    per_col: dict[int, list[Glyph]] = {}
    for g in body_glyphs:
        per_col.setdefault(column_of(g), []).append(g)
    run_cols = run_columns(columns)
    row_cols = [i for i in range(len(columns)) if i not in run_cols]
    # rules between the rows of a group start right of its merged label and the group's weight, and a
    # column with no body text (a heading set down the table's side, 绩效指标) parts no rows
    ruled_cols = [i for i in row_cols if per_col.get(i) and not _group_weight(columns, i, run_cols)] or row_cols
    body_x0 = min(columns[i].x0 for i in ruled_cols)
    body_x1 = max(columns[i].x1 for i in ruled_cols)
    row_rules = rules.crossing(body_x0, body_x1, header_bottom + 1, table_bottom + 1)
    col_lines = {i: visual_lines(per_col.get(i, [])) for i in range(len(columns))}
    row_starts: frozenset[int] = frozenset()
    sure_starts: frozenset[int] = frozenset()
    begun: frozenset[int] = frozenset()
    specks: set[int] = set()
    if ocr:
        # specks the recogniser read ("!" of a rule's dotted trace) neither bridge nor part rows,
        # nor join the text of a cell that holds more, nor stand for a merged label (a fax's "1"
        # in the 一级 column took four rows from the labels above and below it)
        kept = {i: _without_marks(lines, typical) if i in row_cols else _label_lines(lines, typical)
                for i, lines in col_lines.items()}
        kept = _without_marks_below_text(kept, typical)
        kept_ids = {id(line) for lines in kept.values() for line in lines}
        specks = {id(g) for i in row_cols for line in col_lines[i] if id(line) not in kept_ids for g in line.glyphs}
        col_lines = kept
        # a text layer's rows keep their padding apart; a recognised page's ink boxes may not
        row_starts = aligned_row_starts([col_lines[i] for i in row_cols], typical)
        points = [k for k, i in enumerate(row_cols) if _row_points(columns, i, run_cols)]
        sure_starts = sure_row_starts([col_lines[i] for i in row_cols], typical, points)
        begun = row_beginnings([col_lines[i] for i in row_cols], typical)
    gap = cell_gap_threshold(list(col_lines.values()), typical, row_starts)
    blocks = {i: _cell_blocks(col_lines[i], i, gap, sure_starts if i in row_cols else frozenset(), begun)
              for i in range(len(columns))}
    if len(row_rules) >= 2:
        cuts_y = sorted(set([header_bottom] + row_rules + [table_bottom]))
        bands = [(a, b) for a, b in zip(cuts_y, cuts_y[1:])
                 if any(a <= g.cy <= b for i in row_cols for g in per_col.get(i, []))]
        used.append("row rules")
        if ocr:
            parted = _parted_bands(bands, [b for i in ruled_cols for b in blocks[i]], typical)
            if len(parted) > len(bands):
                bands = parted
                used.append("rows parted by their text")
    else:
        # a group's weight is merged over the group's rows and centred beside them, as its label is:
        # set between two rows it would join them, so it bounds no row (as it parts none above)
        extents = _rows_from_blocks([b for i in ruled_cols for b in blocks[i]], typical)
        end = extents[-1][1] + gap if extents else table_bottom
        in_cells = {id(g) for col_blocks in blocks.values() for b in col_blocks for g in b.glyphs}
        below = {id(g) for col_blocks in blocks.values() for b in col_blocks if b.top > end for g in b.glyphs}
        below |= {id(g) for line in body_lines for g in line.glyphs if g.top > end and id(g) not in in_cells}
        if below:
            # a cell that begins below the rows' text lies in label columns alone and labels no
            # row: the line under a table whose bottom rule was lost (自评等级：优), left as loose
            # text; a label begun beside the last rows keeps its wrapped tail
            body_glyphs = [g for g in body_glyphs if id(g) not in below]
            claimed_body = {id(g) for line in body_lines for g in line.glyphs if id(g) not in below}
            per_col = {i: [g for g in glyphs if id(g) not in below] for i, glyphs in per_col.items()}
            blocks = {i: [b for b in col_blocks if b.top <= end] for i, col_blocks in blocks.items()}
            table_bottom = max([extents[-1][1]] + [g.bottom for g in body_glyphs]) + 0.5 * typical
        bands = _bands(extents, header_bottom, table_bottom)
    if not bands:
        return None
    row_of = _band_finder(bands)
    by_row: dict[int, list[Glyph]] = {}
    for g in body_glyphs:
        by_row.setdefault(row_of(g.cy), []).append(g)
    spans = _spanning_runs(by_row, column_of, set(row_cols), typical)
    spanned = {id(g) for span in spans for g in span.glyphs}
    cells: list[BodyCell] = list(spans)
    by_cell: dict[tuple[int, int], list[Glyph]] = {}
    for i in row_cols:
        for g in per_col.get(i, []):
            if id(g) not in spanned:
                by_cell.setdefault((row_of(g.cy), i), []).append(g)
    cells += [BodyCell(i, r, [g for g in glyphs if id(g) not in specks] or glyphs)
              for (r, i), glyphs in by_cell.items()]
    for i in run_cols:
        if any(id(g) in spanned for g in per_col.get(i, [])):
            blocks[i] = _cell_blocks(visual_lines([g for g in per_col[i] if id(g) not in spanned]), i, gap)
    levels = [i for i in range(len(columns)) if i not in run_cols and _names_a_level(columns[i])]
    values = [i for i in row_cols if columns[i].holds_values] if ocr else []
    # a 合计 spanning the name columns is centred into a label column, whose text is blocks, not cells
    closing_labels = [BodyCell(i, row_of(b.cy), b.glyphs) for i in run_cols for b in blocks[i]]
    last_row = _last_indicator_row(cells + closing_labels, bands, levels[0] if ocr and levels else None, values)
    closed = last_row < len(bands) - 1
    weak: set[tuple[int, int]] = set()
    off: set[tuple[int, int]] = set()
    open_cells: dict[tuple[int, int], tuple[bool, bool]] = {}
    tolerance = 0.5 * median(b - a for a, b in bands)
    for i in run_cols:
        col = columns[i]
        label_rules = rules.crossing(col.x0 + 2, col.x1 - 2, header_bottom + 1, table_bottom - 1)
        if label_rules:
            runs, doubtful = _runs_by_rules(blocks[i], bands, label_rules), False
            # on a recognised page, rows the rules give a run of their own with no label in it lost
            # their label (ink the recogniser left unread): their names are in doubt
            misplaced = {k for k, (start, _, block) in enumerate(runs) if ocr and block is None and start > 0}
            if "label rules" not in used:
                used.append("label rules")
        else:
            # a closing row's own text (a 总分 label a fax thinned to "0分") labels no run
            labels = [b for b in blocks[i] if not closed or b.cy <= bands[last_row][1]]
            cells += [BodyCell(i, row_of(b.cy), b.glyphs) for b in blocks[i] if closed and b.cy > bands[last_row][1]]
            runs, doubtful, misplaced = _label_runs(_merge_label_blocks(labels, bands), bands, last_row, closed,
                                                    tolerance)
        for k, (start, count, block) in enumerate(runs):
            cells.append(BodyCell(i, start, block.glyphs if block else [], rowspan=count))
            open_cells[(i, start)] = (start == 0 and block is None, k == len(runs) - 1 and not closed)
            if doubtful or k in misplaced:
                weak.add((i, start))
            if k in misplaced:
                off.add((i, start))
    claimed = {id(g) for line in lines[first:last + 1] for g in line.glyphs} | claimed_body
    return InferredTable(columns, header_top, header_bottom, bands, cells, table_bottom, used or ["none"],
                         claimed, weak, open_cells=open_cells, misplaced_cells=off)


#: A drawn column rule parts the inferred columns when it runs down this share of the body at least.
RULE_THROUGH_BODY = 0.5


def _parted_by_rules(columns: list[Column], rules: Rules, body: Sequence[Glyph], top: float,
                     typical: float) -> list[Column]:
    """Columns parted where a drawn column rule runs down the body inside one of them, or left of
    the first with body text beside it.

    A fax can leave a column rule in dots between two headings set close (三级指标分值 over three
    lines, 得分 beside it): the header is read as one piece, its values stand too close for a blank
    channel (:func:`_parted_by_the_body`), and "10 10" went into one column. And a group column
    with no heading of its own (绩效指标 set down the table's side) has no header piece to make a
    column: its label was read into the 一级 column's cell. The rule, down most of the body, says
    where the cells part; the part with no heading keeps an empty one.
    """
    bottom = max(g.bottom for g in body)
    through = [x for x, a, b in rules.trails
               if min(b, bottom) - max(a, top) >= RULE_THROUGH_BODY * (bottom - top)]
    left = min(g.x0 for g in body)
    if left + typical < columns[0].x0:
        first = [x for x in through if left + typical < x < columns[0].x0 - SNAP]
        if first:
            columns = [Column(left, max(first), [])] + columns
    out: list[Column] = []
    for col in columns:
        cuts = sorted(x for x in through if col.x0 + typical < x < col.x1 - typical)
        if not cuts or not col.header:
            out.append(col)
            continue
        # each part's heading is given by infer_table, which assigns the header glyphs by their centres
        edges = [col.x0, *cuts, col.x1]
        out += [Column(a, b, [g for g in col.header if a <= g.cx < b], shared=col.shared)
                for a, b in zip(edges, edges[1:])]
    return out


#: Body rows on each side of a blank channel for it to part a header column.
CHANNEL_ROWS = 3
#: Share of a column's body pieces that may run across the channel (OCR joined two cells' values).
CHANNEL_CROSSING = 0.1


def _parted_by_the_body(col: Column, body: Sequence[Glyph], typical: float) -> list[Column]:
    """A header column parted where the body under it stands in two columns.

    OCR reads a header line as pieces cut where the ink pauses: two narrow header cells set
    close together (实际完成值 filling its cell up to a rule the fax lost, 权重 just after it)
    come back as one piece, one column for two. The values below still stand apart: a blank
    channel at least ``HEADER_GAP`` glyph heights wide runs down the body under the piece
    (crossed by few pieces, where OCR joined two values), with values on both sides in at
    least ``CHANNEL_ROWS`` recognised pieces (a wrapped cell's lines count apart). The header
    text is cut at the channel by its characters' printed widths, and each part is parted again.
    """
    under = [g for g in body if col.x0 <= g.cx <= col.x1]
    if len(col.header) == 0 or col.x1 - col.x0 < 3 * typical or len(under) < 2 * CHANNEL_ROWS:
        return [col]
    cut, run0, run1, least = _coverage_cut(col.x0 + typical, col.x1 - typical, under)
    sides = (sum(g.cx < run0 for g in under), sum(g.cx > run1 for g in under))
    if (run1 - run0 < HEADER_GAP * typical or least > max(1, CHANNEL_CROSSING * len(under))
            or min(sides) < CHANNEL_ROWS):
        return [col]
    pieces = split_at_cuts(col.header, [cut], typical)
    left = [g for g in pieces if g.cx < cut]
    right = [g for g in pieces if g.cx >= cut]
    if not left or not right:
        return [col]
    parts = [Column(min(g.x0 for g in gs), max(g.x1 for g in gs), gs, shared=col.shared) for gs in (left, right)]
    return [p for part in parts for p in _parted_by_the_body(part, body, typical)]


def _last_indicator_row(cells: list[BodyCell], bands: list[tuple[float, float]],
                        name_col: int | None = None, value_cols: Sequence[int] = ()) -> int:
    """The last row above the total row (labels do not run into 合计).

    With ``name_col`` (every recognised page, scans too: the rows' name column, the last level
    heading) a closing row whose label was lost (a fax drops the strokes of 总分 and 合计) is the
    last row when it alone leaves the name column blank: every indicator row names its indicator
    there. A scan's last indicator whose name went unread would be taken for the closing row the
    same way (no sample shows it). With ``value_cols`` (the 指标值/完成值 columns of a recognised
    page) the closing row is also the last row when it alone leaves every value column blank:
    a fax that thinned 合计 to specks may still leave something in the name column ("IIt"),
    and the labels beside the last rows then ran into the total row, which no longer read
    as one."""
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        if len(cell.glyphs) <= 8 and TOTAL_RE.match(squash(raw_cell_text(cell.glyphs))):
            return max(0, cell.row - 1)
    if name_col is not None and len(bands) >= 3:
        named = {c.row for c in cells if c.col == name_col and c.glyphs}
        if named == set(range(len(bands) - 1)):
            return len(bands) - 2
    if value_cols and len(bands) >= 3:
        valued = {c.row for c in cells if c.col in value_cols and c.glyphs}
        if valued == set(range(len(bands) - 1)):
            return len(bands) - 2
    return len(bands) - 1


def _band_finder(bands: list[tuple[float, float]]) -> Callable[[float], int]:
    """y → index of the row band holding it (bands tile the body top to bottom)."""
    tops = [a for a, _ in bands[1:]]
    return lambda y: bisect_right(tops, y)


def _spanning_runs(by_row: dict[int, list[Glyph]], column_of: Callable[[Glyph], int],
                   row_cols: set[int], typical: float) -> list[BodyCell]:
    """Text that runs unbroken across a column cut is one cell spanning those columns (合计 over
    the name columns). Runs break where glyphs are further apart than ``RUN_GAP`` heights, less
    than the padding between two cells."""
    spans: list[BodyCell] = []
    for r, glyphs in sorted(by_row.items()):
        if len({column_of(g) for g in glyphs}) < 2:
            continue
        for line in visual_lines(glyphs):
            run: list[Glyph] = []
            for g in line.glyphs + [None]:
                if g is not None and (not run or g.x0 - run[-1].x1 <= RUN_GAP * typical):
                    run.append(g)
                    continue
                cols = sorted({column_of(x) for x in run})
                if len(cols) > 1 and row_cols & set(cols):
                    spans.append(BodyCell(cols[0], r, run, colspan=cols[-1] - cols[0] + 1))
                run = [g] if g is not None else []
    return spans


def _body_lines(lines: list[Line], rules: Rules, left: float, right: float, top: float,
                typical: float) -> tuple[list[Line], float]:
    """Lines of the body, and where the table ends.

    The table ends at its lowest rule across the header's width (a 三线表's bottom
    rule, a frame), after its total row, or at a gap no row would leave.
    """
    width_rules = [y for y in rules.crossing(left, right, top + 1, 1e9)]
    bottom_rule = width_rules[-1] if width_rules else None
    body: list[Line] = []
    total_bottom = None
    for line in lines:
        if line.top < top - 1:
            continue
        if bottom_rule is not None and line.top > bottom_rule:
            break
        if body and line.top - max(l.bottom for l in body) > END_GAP * typical:
            break
        if total_bottom is not None and line.top > total_bottom + CELL_LINE_GAP * typical:
            break
        if line.x1 < left - typical or line.x0 > right + typical:
            continue
        body.append(line)
        if total_bottom is None and _starts_with_total(line):
            total_bottom = line.bottom
    if not body:
        return [], top
    end = bottom_rule if bottom_rule is not None else max(l.bottom for l in body) + 0.5 * typical
    return body, end


def _starts_with_total(line: Line) -> bool:
    head = []
    prev = None
    for g in line.glyphs:
        if prev is not None and g.x0 - prev.x1 > 0.6 * g.height:
            break
        head.append(g.text)
        prev = g
    return bool(TOTAL_RE.match(squash("".join(head))))


# ------------------------------------------------------------------ to the page model

def to_page_table(table: InferredTable, page_no: int, method: str = "text",
                  repair: Callable[[str], str] = repair_text) -> PageTable:
    """The inferred grid as a PageTable: header row 0, body rows below, labels as row spans."""
    columns = table.columns
    edges = [columns[0].x0] + [c.x1 for c in columns]
    cells: list[Cell] = []
    for i, col in enumerate(columns):
        cells.append(Cell(row=0, col=i, text=cell_text(col.heading, repair), raw_text=raw_cell_text(col.heading),
                          bbox=(col.x0, table.header_top, col.x1, table.rows[0][0]),
                          method=method, confidence=_confidence(col.heading)))
    taken: set[tuple[int, int]] = set()
    for body in sorted(table.cells, key=lambda c: (c.row, c.col)):
        col, row = body.col, body.row
        if (row, col) in taken:
            continue
        last_col = col + body.colspan - 1
        for r in range(row, row + body.rowspan):
            for c in range(col, last_col + 1):
                taken.add((r, c))
        top, bottom = table.rows[row][0], table.rows[min(row + body.rowspan, len(table.rows)) - 1][1]
        confidence = _confidence(body.glyphs)
        if (col, row) in table.weak_cells:
            confidence = min(confidence, 0.6)
        open_start, open_end = table.open_cells.get((col, row), (False, False))
        raw = raw_cell_text(body.glyphs)
        cells.append(Cell(row=row + 1, col=col, rowspan=body.rowspan, colspan=body.colspan,
                          text=repair(raw), raw_text=raw,
                          bbox=(columns[col].x0, top, columns[last_col].x1, bottom), method=method,
                          confidence=confidence, cut_at_page_start=open_start, cut_at_page_end=open_end,
                          span_doubtful=(col, row) in table.misplaced_cells))
    for r, (top, bottom) in enumerate(table.rows):
        for c, col in enumerate(columns):
            if (r, c) not in taken:
                cells.append(Cell(row=r + 1, col=c, text="", bbox=(col.x0, top, col.x1, bottom), method=method))
    cells.sort(key=lambda c: (c.row, c.col))
    return PageTable(
        page=page_no, bbox=(edges[0], table.header_top, edges[-1], table.bottom),
        n_rows=len(table.rows) + 1, n_cols=len(columns), cells=cells, method=method, col_edges=edges,
        reading="inferred", rules_used=table.used_rules,
    )


def _confidence(glyphs: Sequence[Glyph]) -> float:
    return min((g.confidence for g in glyphs), default=1.0)


def loose_text_lines(lines: list[Line], claimed: set[int], page_no: int, method: str = "text",
                     repair: Callable[[str], str] = repair_text) -> list[TextLine]:
    """Lines the tables did not claim, as TextLines (titles, key/value lines, prose)."""
    out = []
    for line in lines:
        glyphs = [g for g in line.glyphs if id(g) not in claimed]
        if not glyphs:
            continue
        text = repair(line_text(glyphs))
        if text:
            out.append(TextLine(page=page_no, text=text, method=method, confidence=_confidence(glyphs),
                                bbox=(min(g.x0 for g in glyphs), min(g.top for g in glyphs),
                                      max(g.x1 for g in glyphs), max(g.bottom for g in glyphs))))
    return out


def _spaced_text(line: Line, ocr: bool) -> str:
    """A line's text with its pieces apart: an OCR line's glyphs are recognised words, a text layer's are
    characters, spaced where a gap is wide (line_text)."""
    return " ".join(g.text for g in line.glyphs) if ocr else line_text(line.glyphs)


def _heads_a_table(lines: list[Line], i: int, rules: Rules, ocr: bool, bands: dict[tuple[int, int], bool]) -> bool:
    """Whether ``lines[i]`` is an indicator header: on its own, or on a page read by OCR with the
    lines its header band takes in (:func:`_header_band`).

    Recognised pieces of a two-tier header sit at three heights: the one-line headings centred
    in the band, the wrapped ones' first and second lines above and below them. Where every
    level heading is one of the centred ones and every value heading a wrapped one
    (指标名称 | 指标得分 over (分)), no visual line holds a level and a value heading, and the
    table was never looked for; where the level headings wrap (一级指 over 标), no line names one.
    A band's text is tested once (``bands``: the verdicts so far, by (first, last) line indexes): each of
    its lines reaches the same band."""
    if is_header_text(_spaced_text(lines[i], ocr), ocr):
        return True
    if not ocr:
        return False
    first, last, _, _ = _header_band(lines, i, rules, HEADER_TOUCH * (lines[i].bottom - lines[i].top))
    if first == last:
        return False
    if (first, last) not in bands:
        bands[first, last] = is_header_text(with_wrapped_pieces([g for line in lines[first:last + 1]
                                                                  for g in line.glyphs]), ocr)
    return bands[first, last]


def with_wrapped_pieces(glyphs: Sequence[Glyph]) -> str:
    """Recognised pieces' text, with the heading a piece and the piece wrapped under it name together.

    A heading wrapped in its narrow cell breaks anywhere, inside a word too: 一级指 over 标 is
    一级指标, which neither piece names. The piece under another is the nearest one below it that
    overlaps it across, less than a line's height down; only pieces short enough to be headings
    (``HEADING_PIECE_MAX_CHARS``) are paired, and a pair counts only when it names a level heading
    neither piece names alone (a lost-numeral heading over any line would otherwise count twice)."""
    short = sorted((g for g in glyphs if len(squash(g.text)) <= HEADING_PIECE_MAX_CHARS), key=lambda g: g.top)
    tops = [g.top for g in short]
    pairs = []
    for a in short:
        height = a.bottom - a.top
        lo, hi = bisect_left(tops, a.top + height / 2), bisect_right(tops, a.bottom + height)
        under = [b for b in short[lo:hi] if b.x0 < a.x1 and b.x1 > a.x0]
        if under:
            b = min(under, key=lambda g: g.top)
            if _names_a_heading(a.text + b.text) - _names_a_heading(a.text) - _names_a_heading(b.text):
                pairs.append(a.text + b.text)
    return " ".join([g.text for g in glyphs] + pairs)


def _names_a_heading(text: str) -> set[str]:
    """The level headings a text names, a heading whose numeral was lost as 级指标."""
    text = squash(text)
    return {word for word in (*HEADER_LEVEL_WORDS, "级指标") if word in text}


def infer_tables(glyphs: Sequence[Glyph], rules: Rules, page_no: int, method: str = "text",
                 repair: Callable[[str], str] = repair_text) -> tuple[list[PageTable], list[TextLine]]:
    """Every indicator table on a page's loose glyphs, and the lines left over.

    Text read by OCR may have lost a level heading's numeral (see ``is_header_text``), and a
    recognised header piece may hold several header cells (see ``infer_table``)."""
    lost_numerals = method == "ocr"
    lines = visual_lines(split_words(list(glyphs)))
    tables: list[PageTable] = []
    claimed: set[int] = set()
    bands: dict[tuple[int, int], bool] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not any(id(g) in claimed for g in line.glyphs) and _heads_a_table(lines, i, rules, lost_numerals, bands):
            found = infer_table(lines, i, rules, ocr=lost_numerals)
            if found is not None:
                tables.append(to_page_table(found, page_no, method, repair))
                claimed |= found.claimed
        i += 1
    return tables, loose_text_lines(lines, claimed, page_no, method, repair)
