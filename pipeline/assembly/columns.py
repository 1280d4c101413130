"""Column roles of an indicator table, read from its header text, not from position.

Offices print the same columns under many names (年度指标值 / 评价年度预期值 /
指标值; 得分 / 自评分数; 分值 / 权重(%)) and in different orders, with weights at
one, two or three levels. A role is attached to an x-range of the page, so rows
of a table continued on the next page, or drawn as a separate grid, still find
their columns. One role may be taken by position: the weights of an OCR header whose 分值
heading a seal made unreadable, left of 得分 (_weight_left_of_score); such a column is marked
and its figures doubted. Other roles of an OCR column whose heading is unreadable may be taken from
what its body cells hold (body_roles), marked too.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from jixiao.extractors.ocr.vocabulary_decoding import OPERATOR_WORDS
from jixiao.models import Cell
from jixiao.normalizers.mapping import _accepts, _Pool, _rank
from jixiao.normalizers.names import to_simplified
from jixiao.normalizers.value_parsing import parse_number
from jixiao.pipeline.assembly.body_roles import levels_from_body, roles_from_body
from jixiao.pipeline.assembly.points_roles import MIN_FIGURE_SHARE, points_from_body
from jixiao.pipeline.assembly.rows import Row

#: Roles an indicator-table column can play (the truth schema's `field` names).
ROLES = (
    "level1", "level1_weight", "level1_score", "level2", "level2_weight", "level2_score",
    "level3", "weight", "target", "target_op", "target_value", "target_unit", "actual",
    "score", "note", "basis", "explanation", "target_period", "score_rate",
)

_LEVEL_RE = (("一级", 1), ("二级", 2), ("三级", 3), ("指标名称", 3))
#: Level headings of an assessment (考核/考评) table, which names its levels by what they hold rather than by
#: number: 考核项目 (or a bare 项目 left of them) / 考核内容 / 考核指标, as in a 部门预算支出管理 考评 table
#: (445) whose 项目 cells read "一般公共预算支出管理(60分)", 考核内容 "结转结余情况", 考核指标 "结转结余率".
#: An evaluation indicator table names them so too: 评价指标 / 评价内容 / 指标名称, its 评价内容 cells the groups
#: (质量指标, 时效指标 …), its 评价指标 cells what they fall under ("项目年度绩效目标(定量指标)", 457).
_ASSESSMENT_LEVELS = {"考核项目": 1, "项目": 1, "考核内容": 2, "考核指标": 3, "评价指标": 1, "评价内容": 2}
#: The headings that make a header an assessment table's: only beside one of them does a bare 项目 (or a
#: 评价指标) name a level (a 项目 | 一级指标 | 二级指标 … header's 项目 column holds a project name or nothing;
#: a 评价指标 over 一级指标 | 二级指标 … is a group heading).
_ASSESSMENT_NAMES = ("考核内容", "考核指标", "评价内容")
#: Assessment headings that name a level only in an assessment header, as its first name column.
_ASSESSMENT_ONLY = ("项目", "评价指标")
_WEIGHT_WORDS = ("权重", "分值", "满分", "标准分", "权数")
#: Banners printed down the left of an indicator table: 绩效指标, 绩效指标(90分), 年度绩效指标完成情况.
_BANNER_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．])?(?:年度)?绩效指标(?:完成情况)?(?:[（(]\d+分[)）])?$")
_SUBHEADER_WORDS = ("名称", "权重", "分值", "得分", "(%)", "（%）")


_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Header text without spacing, in simplified script (traditional forms print 一級指標).

    Cached: every stage of assembly asks it of the same cells."""
    return _SPACE_RE.sub("", to_simplified(text))


def is_indicator_header(row: Row) -> bool:
    """A header row names at least two indicator levels, or one level and a score/weight."""
    if len(row.nonempty()) < 2:
        return False  # one cell naming the levels is a note ("注:1.一级指标分值统一设置为…"), not a header
    joined = squash("".join(row.nonempty()))
    levels = sum(1 for word in ("一级指标", "二级指标", "三级指标") if word in joined)
    if levels < 2:  # a coarse page loses the numerals' thin strokes: count "级指标" cells instead
        levels = max(levels, sum(1 for t in row.nonempty() if _UNNUMBERED_LEVEL.match(squash(t))))
    if levels >= 2:
        return True
    # an assessment table's 考核内容 and 考核指标 headings name two levels (a bare 项目 alone names nothing)
    if sum(1 for t in row.nonempty() if _ASSESSMENT_LEVELS.get(squash(t), 1) > 1) >= 2:
        return True
    has_name = levels == 1 or "指标名称" in joined
    return has_name and any(w in joined for w in ("得分", "分值", "权重", "指标值", "预期值"))


#: Headings of a second header line under a merged heading: 年度指标值 over 指标性质 | 指标值 | 度量单位,
#: 三级指标 over 分值 (read with a fax's trailing speck: "指标性质.").
_SUBHEADING_STARTS = ("权重", "分值", "指标性质", "指标值", "度量单位", "计量单位")


def is_subheader(row: Row) -> bool:
    """The second header line under merged headings: 一级指标/二级指标 over 名称 | 权重(%), or
    年度指标值 over 指标性质 | 指标值 | 度量单位 and 三级指标 over 分值, with no figure in it.

    Taken for the first indicator row, its 分值 heading was read as a row's weight and the
    columns under 三级指标分值 kept the heading's lost-numeral level (一级) as their role."""
    texts = [squash(t) for t in row.nonempty()]
    if not texts:
        return False
    if sum(1 for t in texts if t in ("名称",) or t.startswith(("权重", "分值"))) >= 2:
        return True  # 名称 | 分值 under each level: a fax's speck read as a figure beside them changes nothing
    return (not any(_FIGURE_RE.search(t) for t in texts)
            and sum(1 for t in texts if t in ("名称",) or t.startswith(_SUBHEADING_STARTS)) >= 2)


_FIGURE_RE = re.compile(r"\d")


def subdivides_header(row: Row, header: Row) -> bool:
    """The row right under the header divides its headings merged across columns, whatever its words:
    455's 预期指标值 over 符号 | (no sub-heading) | 单位(文字描述), 自评得分 over 单项指标得分 | 权重占比(%) |
    单项指标折算得分, the other headings merged down beside them. No figure; two headings of its own at
    least, each under a heading of two or more columns; and a heading of the header merged down into it."""
    if row.table is not header.table or row.index != header.index + 1:
        return False
    own = [rc for rc in row.distinct() if rc.is_origin and squash(rc.text)]
    if len(own) < 2 or any(_FIGURE_RE.search(rc.text) for rc in own):
        return False
    spans = {rc.col: rc.cell for rc in header.cells}
    under_merged = all(spans.get(rc.col) is not None and spans[rc.col].colspan > 1 for rc in own)
    merged_down = any(not rc.is_origin and spans.get(rc.col) is not None and rc.cell.bbox == spans[rc.col].bbox
                      for rc in row.cells)
    return under_merged and merged_down

#: An OCR row under the header is a line of the header when more than this part of its non-empty cells
#: are the header's cells merged down into it (the tune design fax 909 at 100 dpi: its headings span three
#: grid rows, the lower two holding 指标值 | 度量单位 | 分值 and a fax's specks read as figures, so they are no
#: subheader as read and became two indicator rows of header words).
HEADER_CONTINUATION_PART = 0.5


def continues_header(row: Row, header_end: int) -> bool:
    """An OCR row most of whose non-empty cells are cells begun in the header's rows (up to grid row
    ``header_end``) merged down into it: a further line of the header, not an indicator row."""
    if row.table.method != "ocr":
        return False
    filled = [rc for rc in row.cells if rc.text.strip()]
    covered = [rc for rc in filled if not rc.is_origin and rc.cell.row <= header_end]
    return bool(filled) and len(covered) > HEADER_CONTINUATION_PART * len(filled)


#: "…级指标" whose level digit a coarse scan lost ("-级指标", "级指标").
_UNNUMBERED_LEVEL = re.compile(r"^[^\u4e00-\u9fff]{0,6}[一二三]?级指标")


#: "三级指标" whose 级 a scan's recogniser misread ("三银指标"): its numeral and 指标 still name the level.
_MISREAD_LEVEL = re.compile(r"^([一二三])[\u4e00-\u9fff]指标$")


def names_levels_by_content(labels) -> bool:
    """The header names its levels as an assessment table does (考核内容 / 考核指标, 评价内容) and numbers none
    (一级指标, or a 级指标 whose numeral was lost): only then is a bare 项目 (or 评价指标) heading a level."""
    squashed = [squash(t) for t in labels]
    numbered = any("级指标" in t or _MISREAD_LEVEL.match(t) for t in squashed)
    return not numbered and any(t in _ASSESSMENT_NAMES for t in squashed)


def _level_of(label: str, last_name_level: int | None = None, assessment: bool = False) -> int | None:
    """The indicator level a header names; a level whose numeral was lost follows the one before it.
    ``assessment``: the header is an assessment table's (names_levels_by_content)."""
    for word, level in _LEVEL_RE[:3]:
        if word in label:
            return level
    if label in _ASSESSMENT_LEVELS and (label not in _ASSESSMENT_ONLY or (assessment and last_name_level is None)):
        return _ASSESSMENT_LEVELS[label]  # a bare 项目 is a level only as an assessment table's first name column
    misread = _MISREAD_LEVEL.match(label)
    if misread:
        return "一二三".index(misread[1]) + 1
    if _UNNUMBERED_LEVEL.match(label):  # before 指标名称: "级指标" + a 名称 subheader is not a level-3 name
        return min((last_name_level or 0) + 1, 3)
    return 3 if "指标名称" in label else None


#: A column stating how a row is scored (评分标准, 得分计算方法, 计分方法), whatever its place beside 得分.
_BASIS_RE = re.compile(r"(得分|评分|计分|打分)(计算)?(标准|依据|规则|方法|办法)")
#: A column of how far each indicator has come (实施进度, 完成进度, 执行进度: "已完成100%"), which a
#: monitoring table or a report's copy of the target table prints where a self-assessment prints
#: 实际完成值: what was achieved, so the actual (449's 实施进度). A 计划/预期 progress is a target.
_PROGRESS_RE = re.compile(r"(实施|完成|执行)进度")
_PLANNED_WORDS = ("计划", "预期")
#: A column stating how an indicator's value is computed (指标值计算方法, 计算公式): its definition,
#: not how it is scored, and not its target though it names 指标值.
_DEFINITION_WORDS = ("计算方法", "计算公式", "计算口径")


#: A value group's unit sub-heading: 单位, 单位(文字描述).
_UNIT_SUBHEADING = re.compile(r"^单位(?:[（(][^)）]*[)）])?$")


def role_of(label: str, last_name_level: int | None, assessment: bool = False) -> str | None:
    """The role of one header label; ``last_name_level`` is the nearest name column to its left;
    ``assessment``: the whole header names its levels as an assessment table does (names_levels_by_content)."""
    label = squash(label)
    if not label:
        return None
    if _BANNER_RE.match(label):
        return None  # a banner merged down the table's side names the whole table, not a column
    level = _level_of(label, last_name_level, assessment)
    if any(w in label for w in _WEIGHT_WORDS) and "得分" not in label:
        level = level or last_name_level or 3
        return _points_role(level)
    if _BASIS_RE.search(label):
        return "basis"  # before 得分: "得分计算方法" names how a score is computed, not the score
    if any(w in label for w in _DEFINITION_WORDS):
        return "explanation"  # before 指标值: "指标值计算方法" defines the indicator
    if "偏差" in label or "未达标" in label or "原因" in label or "改进措施" in label:
        return "note"
    if "预期" in label and "实现值" in label:
        return "target"  # 当年预期实现值: the value the office expects to realise is its target, not a result
    if "实际" in label or "实现值" in label or "完成值" in label or "完成情况" in label:
        return "actual"
    if _PROGRESS_RE.search(label) and not any(w in label for w in _PLANNED_WORDS):
        return "actual"
    if "系数" in label or "得分率" in label:
        return "score_rate"  # a share of the weight earned (得分系数(%) 100%), not the points
    if "得分" in label or "自评分" in label or "评分" in label:
        if level in (1, 2) and "三级" not in label:
            return f"level{level}_score"
        return "score"
    if "指标解释" in label or "指标说明" in label:
        return "explanation"
    if "指标性质" in label or "运算符" in label or label == "符号":
        return "target_op"
    if "度量单位" in label or "计量单位" in label or _UNIT_SUBHEADING.match(label):
        return "target_unit"
    if any(w in label for w in ("实施周期", "中长期", "中期", "长期", "整体目标值")):
        return "target_period"  # the medium-term value; the year's target is 年度指标值
    if any(w in label for w in ("指标值", "预期值", "目标值", "年度目标", "年度指标", "年度工作目标")):
        return "target"
    if level:
        return f"level{level}"
    return None


@dataclass
class ColumnRole:
    x0: float
    x1: float
    role: str
    #: The role was taken from the column's place, not its heading (see _weight_left_of_score): its
    #: figures are in doubt, and a form reading them is not ``ok``.
    by_position: bool = False
    #: The role was taken from what the column's body cells hold, its heading unreadable
    #: (body_roles.roles_from_body): every value read from it is in doubt (ROLE_BY_CONTENTS).
    by_contents: bool = False


@dataclass
class ColumnMap:
    """Roles by x-range, built from one or two header rows."""

    columns: list[ColumnRole]
    #: Every heading was read surely (a text layer's, or an OCR header none of whose columns is blank or
    #: read unsurely): a role the header lacks was not printed, rather than lost by the reader.
    header_sure: bool = True

    def role_at(self, x: float) -> str | None:
        for c in self.columns:
            if c.x0 <= x <= c.x1:
                return c.role
        return None

    def values(self, row: Row) -> dict[str, tuple[str, object]]:
        """role → (text, RowCell) for a data row; the first position of a role that holds text wins
        (a column split by a broken rule holds its text in either part, row by row)."""
        out: dict[str, tuple[str, object]] = {}
        for rc in row.cells:
            role = self.role_at(row.x_center(rc))
            if role and (role not in out or (not out[role][0].strip() and rc.text.strip())):
                out[role] = (rc.text, rc)
        return out

    @property
    def roles(self) -> set[str]:
        return {c.role for c in self.columns}

    @property
    def roles_by_position(self) -> set[str]:
        """Roles taken from where a column sits rather than what its heading says."""
        return {c.role for c in self.columns if c.by_position}

    @property
    def roles_by_contents(self) -> set[str]:
        """Roles taken from what a column's body cells hold rather than what its heading says."""
        return {c.role for c in self.columns if c.by_contents}


#: Header labels an unsure OCR header cell may be read as, when the header lacks their role
#: (a fax reads "得分" as "0分" or "得")", "权重" as "技重"): the spellings of each value column that
#: `role_of` recognises, the weight's taken from its own word list.
_HEADER_VOCABULARY: dict[str, tuple[str, ...]] = {
    "score": ("得分", "自评得分"),
    "weight": _WEIGHT_WORDS,
    "actual": ("实际完成值", "全年实际值", "实际值"),
    "target": ("年度指标值", "指标值", "预期值"),
    "note": ("偏差原因分析及改进措施", "偏差原因"),
}
#: An unsure header reading is taken as a vocabulary label at least this similar (Indel ratio) ...
HEADER_MIN_SIMILARITY = 0.5
#: ... and this far ahead of the next label still missing from the header.
HEADER_MARGIN = 0.1
#: Header cells read by OCR below this confidence are unsure.
HEADER_SURE = 0.9


_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")


def _mixed_label(text: str) -> bool:
    """A header label of Chinese words with a Latin letter or digit glued in ("9分" for 得分): the
    recogniser may be sure of it, but no column heading is spelt so; it is unsure like a
    low-confidence reading (and, as those, only re-read when it names no role)."""
    return bool(_CJK.search(text)) and bool(_ASCII_ALNUM.search(text))


def _unsure_label_role(label: str, taken: set[str]) -> str | None:
    """The role of an unsure OCR header label that maps to none: the vocabulary label (of a role the
    header does not have yet) it is clearly nearest to — ranked and accepted as the indicator mapper
    ranks names (best spelling per role, Indel ratio, threshold and lead). A row holds each value
    column once, so a reading as near to 分值 as to 得分 is 得分 when 分值 is already there."""
    pool = _Pool()
    for role, names in _HEADER_VOCABULARY.items():
        if role not in taken:
            for name in names:
                pool.add(name, role)
    ranked = _rank(label, pool, scorer="indel")
    return ranked[0][0] if _accepts(ranked, HEADER_MIN_SIMILARITY, HEADER_MARGIN) else None


def column_map(header: Row, subheader: Row | None = None, lone_points: str | None = None) -> ColumnMap:
    """Combine the header (and its second line) column by column into roles.

    ``lone_points``: the role ("score" or "weight") of an OCR table's only column of points when its heading
    was cut past reading (see points_roles), as the form's title tells it; None when the title does not."""
    labels: dict[int, list[str]] = {}
    unsure: set[int] = set()
    for row in (header, subheader):
        if row is None:
            continue
        for rc in row.cells:
            parts = labels.setdefault(rc.col, [])
            if rc.text and rc.text not in parts:
                parts.append(rc.text)
            if row.table.method == "ocr" and rc.text and (rc.cell.confidence < HEADER_SURE or _mixed_label(rc.text)):
                unsure.add(rc.col)
    edges = header.table.col_edges
    columns: list[ColumnRole] = []
    last_level: int | None = None
    assessment = names_levels_by_content("".join(parts) for parts in labels.values())
    values_left = unread_name = False
    own = _own_subheadings(subheader)
    for col in sorted(labels):
        label = "".join(labels[col])
        role = role_of(label, _level_left(label, last_level, values_left, unread_name), assessment)
        if own.get(col):  # a sub-heading naming a role of its own says which part of its group the column is
            role = role_of(own[col], _level_left(own[col], last_level, values_left, unread_name), assessment) or role
        if role in ("level1", "level2", "level3"):
            last_level, unread_name = int(role[-1]), False
        unread_name = unread_name or (role is None and bool(squash(label)) and not values_left and last_level is not None)
        # a goal column left of every name (a multi-project table's 年度目标) is no row's value
        values_left = values_left or (role in _VALUE_ROLES and last_level is not None)
        if role:
            columns.append(ColumnRole(edges[col], edges[col + 1], role))
    joined = {col: "".join(labels[col]) for col in labels}
    heading_start = _heading_start(header)
    columns = _lost_levels_from_the_right(columns, joined, edges, heading_start)
    if header.table.method == "ocr":
        columns = _repeated_level_is_the_next(columns, joined, edges, heading_start)
        columns, read_short = _names_right_of_the_values(columns, edges)
        unsure |= read_short
    columns = _points_follow_their_names(columns, joined, edges)
    columns = _targets_right_of_names(columns)  # before the unsure labels: a goal column must not hold "target"
    taken = {c.role for c in columns}
    for col in sorted(unsure):
        if _covered(columns, edges, col):
            continue
        role = _unsure_label_role(squash("".join(labels[col])), taken)
        if role:
            columns.append(ColumnRole(edges[col], edges[col + 1], role))
            taken.add(role)
    columns = _levels_from_body(header, subheader, columns, labels, unsure, joined, heading_start)
    columns = _points_follow_their_names(columns, joined, edges)  # again: the body may have placed the levels
    columns += _weight_left_of_score(columns, labels, unsure, edges)
    columns += _roles_from_body(header, subheader, columns, labels, unsure, lone_points)
    below = _below_header(header, subheader)
    body = [c for c in header.table.cells if c.row > below and c.text.strip()]
    columns = _dedupe_roles(_targets_right_of_names(sorted(columns, key=lambda c: c.x0)), body)
    columns = _score_rate_only_without_scores(columns)
    columns = _sign_beside_direction(columns, sorted(labels), edges, body, header.table.method == "ocr")
    unread = header.table.method == "ocr" and any(not parts for parts in labels.values())
    columns = _with_value_column(_with_operator_column(columns, sorted(labels), edges), sorted(labels), edges)
    return ColumnMap(columns=columns, header_sure=not unsure and not unread)


def _heading_start(header: Row) -> dict[int, int]:
    """Each grid column's first column under its heading (a heading merged over several grid columns)."""
    return {rc.col: rc.cell.col for rc in header.cells}


def _own_subheadings(subheader: Row | None) -> dict[int, str]:
    """The headings a second header line prints under a merged group heading, by column: 自评得分 over
    单项指标得分 | 权重占比(%) names a score and a weight (read with the group's words, both were the score)."""
    if subheader is None:
        return {}
    return {rc.col: rc.text for rc in subheader.cells if rc.is_origin and squash(rc.text)}


#: Roles of an indicator's values: the levels' names all stand left of them.
_VALUE_ROLES = ("target", "actual", "target_value", "target_unit")
#: Roles of the indicator names' columns.
_NAME_LEVELS = ("level1", "level2", "level3")


def _level_left(label: str, last_level: int | None, values_left: bool, unread_name: bool) -> int | None:
    """The level of the name column a heading follows. Right of the target or actual columns,
    every level's name stands left of it, so a points heading there follows the 三级 names when
    its own level numeral was lost ("级指标" over 分值: taken for 一级 on a fax whose level headings
    were all garbled), or when it names no level and a heading no role was read from stands
    between the last name column read and the values (a 三级指标 a fax garbled to "数指标": the
    分值 was taken for 二级's and the rows' weights lost; a two-level table's 分值 after 二级 and
    its values keeps 二级)."""
    text = squash(label)
    if values_left and (_UNNUMBERED_LEVEL.match(text) or (unread_name and any(w in text for w in _WEIGHT_WORDS))):
        return 3
    return last_level


def _weight_left_of_score(columns: list[ColumnRole], labels: dict[int, list[str]], unsure: set[int],
                          edges: list[float]) -> list[ColumnRole]:
    """The weight column of a header that has its 得分 but no 分值: the grid columns of the unsure OCR
    heading just left of 得分 that names no role (a seal over 分值 reads "八刀但"; a shadow splits it
    into "AM" over "刀Ⅲ", past what the heading vocabulary can restore; a fax keeps only its "分",
    read surely: ``_cut_weight_word``), and only where no 三级 weight column was read and no group's
    points stand right of the values (a 一级 分值 column beside the 一级 names leaves the rows'
    weights unread as before). A form prints the points a
    row is worth beside the points it earned — once its target and actual are printed, further left:
    an unsure heading with either still missing may be that column, or 得分's own heading split by
    the grid, so nothing is guessed there. The role comes from position, not from a heading, so the
    column is marked ``by_position``: its figures are doubted by the verdict, and dropped when the
    得分 column turns out empty on every row (see forms.FormBuilder._drop_weights_by_position_that_were_scores)."""
    roles = {c.role for c in columns}
    if "score" not in roles or "weight" in roles:
        return []
    score_x0 = min(c.x0 for c in columns if c.role == "score")
    if any(c.role in ("level1_weight", "level2_weight") and c.x0 >= _first_value_x0(columns) for c in columns):
        return []  # a group's points right of the values: the heading left of 得分 may be theirs
    left = _col_at(edges, score_x0) - 1
    heading = labels.get(left)
    if not heading or not (left in unsure or _cut_weight_word(heading)) or _covered(columns, edges, left):
        return []
    same = [col for col in sorted(labels) if col <= left and labels[col] == heading
            and (col in unsure or _cut_weight_word(heading)) and not _covered(columns, edges, col)]
    run = [col for col in same if all(c in same for c in range(col, left + 1))]
    if not all(any(c.role == role and c.x1 <= edges[run[0]] + 0.5 for c in columns) for role in ("target", "actual")):
        return []
    return [ColumnRole(edges[col], edges[col + 1], "weight", by_position=True) for col in run]


#: The points headings whose cut part is no heading of its own (得分 without its 得 is "分").
_POINTS_WORDS = (*_WEIGHT_WORDS, "得分", "自评得分")


def _cut_heading(heading: list[str], words: tuple[str, ...], start_only: bool) -> bool:
    """A heading read as a part of one of ``words`` (their start only, with ``start_only``) and nothing more."""
    text = squash("".join(heading))
    return bool(text) and text not in words and any(w.startswith(text) if start_only else text in w for w in words)


def _cut_points_word(heading: list[str]) -> bool:
    """A heading read as a part of a points heading and nothing more ("分", "得"): the heading was cut
    (a seal lifted 得分's 得 with its own ink). Read surely, it is taken as it reads beside the other
    points column; a table's only points column under it is named by the form's title (points_roles)."""
    return _cut_heading(heading, _POINTS_WORDS, start_only=False)


def _cut_weight_word(heading: list[str]) -> bool:
    """A heading read surely as the start of a weight word and nothing more: a fax's 分值 whose 值
    it lost ("分"). Unlike a garbled heading it names no other role, so it is taken as an unsure one."""
    return _cut_heading(heading, _WEIGHT_WORDS, start_only=True)


def _first_value_x0(columns: list[ColumnRole]) -> float:
    """Where the first target or actual column begins (infinity with none)."""
    return min((c.x0 for c in columns if c.role in ("target", "actual")), default=float("inf"))


def _roles_from_body(header: Row, subheader: Row | None, columns: list[ColumnRole], labels: dict[int, list[str]],
                     unsure: set[int], lone_points: str | None = None) -> list[ColumnRole]:
    """Columns of an OCR table whose heading is unreadable (unsure or blank) and names no role, given
    the role their body cells and place support (see body_roles) or their figures' arithmetic (the
    points columns, see points_roles), marked ``by_contents``."""
    table, edges = header.table, header.table.col_edges
    if table.method != "ocr":
        return []
    roleless = [col for col in sorted(labels) if not _covered(columns, edges, col)
                and (col in unsure or not "".join(labels[col]).strip())]
    below, role_cols = _below_header(header, subheader), _role_cols(columns, labels, edges)
    found = roles_from_body(table, below, roleless, role_cols)
    headings = {col: squash("".join(labels[col])) for col in labels}
    cut = [col for col in sorted(labels) if col not in roleless and not _covered(columns, edges, col)
           and _cut_points_word(labels[col])] if lone_points else []
    found |= points_from_body(table, below, [col for col in roleless if col not in found], role_cols, headings,
                              lone_points, cut)
    return [ColumnRole(edges[col], edges[col + 1], role, by_contents=True) for col, role in found.items()]


def _levels_from_body(header: Row, subheader: Row | None, columns: list[ColumnRole], labels: dict[int, list[str]],
                      unsure: set[int], joined: dict[int, str], heading_start: dict[int, int]) -> list[ColumnRole]:
    """Name columns of an OCR table left of the values whose headings were unreadable (unsure or blank;
    role-less, or named a level by that unsure heading; or a level heading whose numeral was lost, placed by
    position) given the level their cells clearly read as (body_roles.levels_from_body), marked ``by_contents``:
    a fax's "8AILIL8" over the 二级 names, or its "供指标" decoded as 三级指标 over them, loses no column of
    names. ``joined``: each column's heading text; ``heading_start``: see :func:`_heading_start`."""
    table, edges = header.table, header.table.col_edges
    if table.method != "ocr":
        return columns
    role_cols = _role_cols(columns, labels, edges)
    roles_at = {col: role for role, cols in role_cols.items() for col in cols}
    by_place = {col for col in _lost_level_headings(joined) if roles_at.get(col) in (None, *_NAME_LEVELS)}
    unread = [col for col in sorted(labels) if (col in unsure or not joined[col].strip() or col in by_place)
              and roles_at.get(col) in (None, *_NAME_LEVELS)]
    values = [col for role in ("target", "actual") for col in role_cols.get(role, [])]
    found = levels_from_body(table, _below_header(header, subheader), unread, role_cols, min(values, default=None),
                             by_place)
    found = {col: role for col, role in found.items() if roles_at.get(col) != role}
    if not found:
        return columns
    # a level heading right of the values is a misreading (a fax's 分值 decoded as 一级指标): the names'
    # level is their column's, found above, and the column is left for the roles read by place
    misplaced = {col for col in unread if values and col > min(values) and roles_at.get(col) in found.values()}
    kept = _without_cols(columns, edges, set(found) | misplaced)
    added = [ColumnRole(edges[col], edges[col + 1], role, by_contents=True) for col, role in found.items()]
    columns = sorted(kept + added, key=lambda c: c.x0)
    if by_place & set(found):  # the other lost headings count down from the levels the names gave
        columns = _lost_levels_from_the_right(columns, joined, edges, heading_start, known=set(found))
    return columns


def _role_cols(columns: list[ColumnRole], labels: dict[int, list[str]], edges: list[float]) -> dict[str, list[int]]:
    """The grid columns each role covers (by the grid column's middle)."""
    role_cols: dict[str, list[int]] = {}
    for col in sorted(labels):
        mid = (edges[col] + edges[col + 1]) / 2
        for c in columns:
            if c.x0 <= mid <= c.x1:
                role_cols.setdefault(c.role, []).append(col)
    return role_cols


def _below_header(header: Row, subheader: Row | None) -> int:
    """The last grid row of the header lines: the body starts after it."""
    return max(rc.cell.row + rc.cell.rowspan - 1 for row in (header, subheader) if row is not None
               for rc in row.cells)


def _without_cols(columns: list[ColumnRole], edges: list[float], cols: set[int]) -> list[ColumnRole]:
    """``columns`` with the grid columns ``cols`` cut out of the roles covering them (a role spanning
    more grid columns keeps the others)."""
    out: list[ColumnRole] = []
    for c in columns:
        inside = [col for col in range(len(edges) - 1) if c.x0 <= (edges[col] + edges[col + 1]) / 2 <= c.x1]
        if not set(inside) & cols:
            out.append(c)
            continue
        for col in inside:
            if col not in cols:
                out.append(dataclasses.replace(c, x0=edges[col], x1=edges[col + 1]))
    return out


def _covered(columns: list[ColumnRole], edges: list[float], col: int) -> bool:
    """A grid column whose middle lies in a column that already has a role."""
    return any(c.x0 <= (edges[col] + edges[col + 1]) / 2 <= c.x1 for c in columns)


def _score_rate_only_without_scores(columns: list[ColumnRole]) -> list[ColumnRole]:
    """A 得分率 / 得分系数 column is the share of the weight earned; beside a 得分 column, which prints
    the points, it adds nothing and is dropped. A table whose only score column it is keeps it as
    ``score_rate``, so the form's header_roles say its rows are scored as shares, and the rows'
    missing points are reported as a lost score column rather than passed over."""
    if any(c.role == "score" for c in columns):
        return [c for c in columns if c.role != "score_rate"]
    return columns


#: A level heading whose numeral (and maybe its last character) a coarse page lost: "级指标", "-级指".
_LOST_LEVEL = re.compile(r"^[^\u4e00-\u9fff]{0,6}级指")
#: A level heading whose numeral and 级 a coarse page read as one other character ("铁指标" for 三级指标):
#: taken as a lost level only beside a heading whose 级指 survived (no column heading is spelt so).
_GARBLED_LEVEL = re.compile(r"^[^\u4e00-\u9fff]{0,6}[\u4e00-\u9fff]指标$")


def _lost_levels_from_the_right(columns: list[ColumnRole], labels: dict[int, str], edges: list[float],
                                heading_start: dict[int, int] | None = None,
                                known: set[int] = frozenset()) -> list[ColumnRole]:
    """Name and points columns under level headings whose numerals a coarse page lost, given their
    levels from the right: a table's levels end at 三级 just left of the values, and each level's
    points column (分值) follows its name. Counting from the left ("the level after the last one")
    took the 二级 points for the rows' weights when a heading was lost or read as one with the next.
    Columns with a numbered heading keep their role, and the lost ones count down from the level
    of a numbered name column to their right (三级 when there is none). A heading merged over two
    grid columns with no sub-heading telling them apart (``heading_start``: each column's first
    column under its heading) is one level: a
    fax's column rule broken in some rows split the 三级 names' column in two, and its one "级指标"
    counted twice made the 二级 column 一级's and the 三级 names 二级's. ``known``: lost headings whose
    level their column's names gave (_levels_from_body); they count as numbered, and one lost heading
    left beside them counts down from them too."""
    heading_start = heading_start or {}
    names: list[int] = []
    points: list[int] = []
    lost = _lost_level_headings(labels) - known
    for col, label in sorted(labels.items()):
        text = squash(label)
        if col not in lost:
            continue
        if _under_the_same_heading(col, labels, heading_start):
            continue
        if "得分" in text:
            continue
        (points if any(w in text for w in _WEIGHT_WORDS) else names).append(col)
    if len(names) + len(points) < (1 if known else 2):
        return columns
    numbered = [c for c in columns if c.role in _NAME_LEVELS and _col_at(edges, c.x0) not in lost]
    last = max(names + points)
    top = min((int(c.role[-1]) for c in numbered if c.x0 >= edges[last + 1] - 0.5), default=4) - 1
    new_roles: dict[int, str] = {}
    for col in names:
        # count down from the nearest numbered name column to its right (三级 when there is none):
        # a lost heading between 二级 and the values is 三级 even when another lost one is left of 二级
        right = [c for c in numbered if c.x0 >= edges[col + 1] - 0.5]
        anchor = min(right, key=lambda c: c.x0, default=None)
        stop = anchor.x0 if anchor else float("inf")
        between = sum(1 for other in names if other > col and edges[other] < stop - 0.5)
        level = (int(anchor.role[-1]) if anchor else 4) - 1 - between
        if level >= 1:
            new_roles[col] = f"level{level}"
    # a points column is its name's: the level of the nearest name column left of it (found above or
    # numbered); with none, the points count down from the values as the names do
    name_levels = {col: int(role[-1]) for col, role in new_roles.items()}
    name_levels.update({_col_at(edges, c.x0): int(c.role[-1]) for c in numbered})
    for col, level in zip(sorted(points, reverse=True), range(top, 0, -1)):
        left = [c for c in name_levels if c < col]
        level = name_levels[max(left)] if left else level
        new_roles[col] = _points_role(level)
    new_roles.update({col: new_roles[start] for col, start in heading_start.items()
                      if start in new_roles and _under_the_same_heading(col, labels, heading_start)})
    kept = [c for c in columns if not any(abs(c.x0 - edges[col]) < 0.5 for col in new_roles)]
    added = [ColumnRole(edges[col], edges[col + 1], role) for col, role in new_roles.items()]
    return sorted(kept + added, key=lambda c: c.x0)


def _repeated_level_is_the_next(columns: list[ColumnRole], labels: dict[int, str], edges: list[float],
                                heading_start: dict[int, int]) -> list[ColumnRole]:
    """A name column of an OCR header read as the level of the name column just left of it, in a heading
    of its own, is the next level when the table has none: the numerals grow a stroke a level (一, 二, 三),
    and a fax that lost 三's third stroke read 三级指标 as "二级指标" beside the real 二级指标 (the 三级 names were
    dropped and the rows' 分值 taken for 二级's). Its role comes from its place: ``by_position``, so its
    figures stay in doubt."""
    first_value = _first_value_x0(columns)
    taken = {c.role for c in columns}
    out: list[ColumnRole] = []
    previous: tuple[int, int] | None = None  # (grid column, level) of the last name column
    for c in sorted(columns, key=lambda c: c.x0):
        if c.role in _NAME_LEVELS:
            col, level = _col_at(edges, c.x0), int(c.role[-1])
            if previous == (col - 1, level) and level < 3 and f"level{level + 1}" not in taken \
                    and c.x1 <= first_value + 0.5 and not _under_the_same_heading(col, labels, heading_start):
                level += 1
                c = ColumnRole(c.x0, c.x1, f"level{level}", by_position=True)
            previous = (col, level)
        out.append(c)
    return out


def _names_right_of_the_values(columns: list[ColumnRole], edges: list[float]) -> tuple[list[ColumnRole], set[int]]:
    """Name columns of an OCR header right of the target or actual, naming a level whose names already
    stand left of them, without that role; and their grid columns, whose headings are to be taken as unsure.

    Every level's names stand left of the values, so such a heading is another column's heading read
    short: 三级指标分值 stacked over three lines in a narrow cell (三级指 / 标 / 分值) whose 值 a fax lost reads
    "三级指标分", a 三级 heading again. Taken as the 三级 names, it left the rows' weights unread although every
    figure was; as an unsure heading it is named as other unsure OCR headings are: by the heading vocabulary
    (_unsure_label_role), else by its place left of 得分 or its figures' arithmetic (both marked)."""
    first_value = _first_value_x0(columns)
    named_left = {c.role for c in columns if c.role in _NAME_LEVELS and c.x1 <= first_value + 0.5}
    read_short = [c for c in columns if c.role in named_left and c.x0 >= first_value - 0.5]
    if not read_short:
        return columns, set()
    return [c for c in columns if c not in read_short], {_col_at(edges, c.x0) for c in read_short}


def _lost_level_headings(labels: dict[int, str]) -> set[int]:
    """The columns whose level headings lost their numerals: "级指标" and its cut forms, and, beside one
    of those, a heading whose numeral and 级 were read as one character ("铁指标")."""
    texts = {col: squash(label) for col, label in labels.items()}
    lost = {col for col, text in texts.items()
            if _LOST_LEVEL.match(text) and not any(word in text for word, _ in _LEVEL_RE[:3])}
    if lost:
        lost |= {col for col, text in texts.items() if _GARBLED_LEVEL.match(text)}
    return lost


def _points_role(level: int) -> str:
    """The role of the points column of a level's names: 一级's and 二级's groups, or the rows' own weight."""
    return ("level1_weight", "level2_weight", "weight")[level - 1]


def _points_follow_their_names(columns: list[ColumnRole], labels: dict[int, str],
                               edges: list[float]) -> list[ColumnRole]:
    """Points headings that name no level (分值, 权重) given the level of the names they follow, once the
    levels whose numerals a coarse page lost are counted from the right (_lost_levels_from_the_right).

    Read left to right, such a heading followed the last name column then known, and a fax that garbled
    the 一级 heading ("级指劫", "。级折标") left the lost numerals after it counted from 一级: the 三级
    column was taken for 二级's, and its 分值 stayed 二级's (every row's weight lost). A points column
    right after a name column is that name's; right of the target and actual columns, in a table naming
    three levels, it is the rows' own (every name stands left of the values; a two-level table's stay
    二级's). A heading naming its level keeps it, and a table with a rows' weight column already keeps
    its roles."""
    if any(c.role == "weight" for c in columns):
        return columns
    names = {c.x1: int(c.role[-1]) for c in columns if c.role in ("level1", "level2", "level3")}
    values = [c.x1 for c in columns if c.role in ("target", "actual")]
    out = []
    for c in columns:
        text = squash(labels.get(_col_at(edges, c.x0), ""))
        if c.role in ("level1_weight", "level2_weight") and not any(word in text for word, _ in _LEVEL_RE[:3]):
            level = next((lv for x1, lv in names.items() if abs(x1 - c.x0) < 0.5), None)
            if level is None and values and c.x0 >= min(values) - 0.5 and max(names.values(), default=0) == 3:
                level = 3
            if level is not None:
                c = ColumnRole(c.x0, c.x1, _points_role(level), by_position=c.by_position, by_contents=c.by_contents)
        out.append(c)
    return out


def _under_the_same_heading(col: int, labels: dict[int, str], heading_start: dict[int, int]) -> bool:
    """Whether ``col`` lies under the heading of a column left of it and reads as that column does:
    a part of one column a broken rule split, not a sub-column its sub-heading names (一级指标 over
    名称 | 分值)."""
    start = heading_start.get(col, col)
    return start != col and labels.get(col) == labels.get(start)


def _col_at(edges: list[float], x0: float) -> int:
    return min(range(len(edges) - 1), key=lambda i: abs(edges[i] - x0))


def _with_operator_column(columns: list[ColumnRole], cols: list[int], edges: list[float]) -> list[ColumnRole]:
    """A split target (指标值 | 度量单位) whose 指标性质 header was misread still has its
    operator column: the unlabelled grid column just left of 指标值, between it and the
    三级指标 column. Cells read there count only when they are a comparison sign. Where the 度量单位
    column itself was named by its cells (body_roles), the sign column's place rests on that guess and
    is marked ``by_contents`` as well, so its values stay in doubt."""
    roles = {c.role for c in columns}
    if "target_op" in roles or not {"target", "target_unit"} <= roles:
        return columns
    target = next(c for c in columns if c.role == "target")
    unit = next(c for c in columns if c.role == "target_unit")
    left = max((c for c in cols if edges[c + 1] <= target.x0 + 0.5), default=None)
    if left is None or _covered(columns, edges, left):
        return columns
    if not any(c.role == "level3" and c.x1 <= edges[left] + 0.5 for c in columns):
        return columns
    op = ColumnRole(edges[left], edges[left + 1], "target_op", by_contents=unit.by_contents)
    return sorted([*columns, op], key=lambda c: c.x0)


#: What a column of an indicator's direction holds (正向 / 反向, 正向指标 …): no comparison sign.
_DIRECTION_WORDS = frozenset({"正向", "反向", "正向指标", "反向指标"})


def _mostly(column: ColumnRole, body: list[Cell], test: Callable[[str], bool]) -> bool:
    """More than half the body cells centred in the column pass ``test`` (on their text as read)."""
    inside = [c for c in body if column.x0 <= (c.bbox[0] + c.bbox[2]) / 2 <= column.x1]
    return sum(1 for c in inside if test(c.text)) > MIN_FIGURE_SHARE * len(inside)


def _sign_beside_direction(columns: list[ColumnRole], cols: list[int], edges: list[float], body: list[Cell],
                           ocr: bool) -> list[ColumnRole]:
    """A 指标性质 column whose cells are the indicators' directions (正向 / 反向) is not the target's sign: a
    budget system's export may print its headings over each other's cells (指标性质 over 正向, 指标方向 over
    '=', 473). The one role-less grid column between it and the target whose cells are mostly comparison
    signs is the sign column then; the direction column keeps no role. Off an image the sign column is
    named by its cells (``by_contents``), so its values stay in doubt."""
    op = next((c for c in columns if c.role == "target_op"), None)
    target = next((c for c in columns if c.role == "target"), None)
    if op is None or target is None or target.x0 < op.x1 - 0.5:
        return columns
    if not _mostly(op, body, lambda text: squash(text) in _DIRECTION_WORDS):
        return columns
    between = [c for c in cols if edges[c] >= op.x1 - 0.5 and edges[c + 1] <= target.x0 + 0.5]
    if len(between) != 1 or _covered(columns, edges, between[0]):
        return columns
    sign = ColumnRole(edges[between[0]], edges[between[0] + 1], "target_op", by_contents=ocr)
    if not _mostly(sign, body, lambda text: squash(text) in OPERATOR_WORDS):
        return columns
    return sorted([c for c in columns if c is not op] + [sign], key=lambda c: c.x0)


def _with_value_column(columns: list[ColumnRole], cols: list[int], edges: list[float]) -> list[ColumnRole]:
    """A split target (指标性质 | 指标值 | 度量单位) whose 指标值 heading was misread (a fax's "指标",
    its 值 lost) still has its value column: the one grid column between the sign's and the unit's,
    with no role of its own. Its place, not its heading, names it, so its values are in doubt as a
    column named by its cells is (``by_contents``: ROLE_BY_CONTENTS) and a form reading them is not ``ok``."""
    roles = {c.role for c in columns}
    if "target" in roles or not {"target_op", "target_unit"} <= roles:
        return columns
    op = next(c for c in columns if c.role == "target_op")
    unit = next(c for c in columns if c.role == "target_unit")
    between = [c for c in cols if edges[c] >= op.x1 - 0.5 and edges[c + 1] <= unit.x0 + 0.5]
    if len(between) != 1 or _covered(columns, edges, between[0]):
        return columns
    value = ColumnRole(edges[between[0]], edges[between[0] + 1], "target", by_contents=True)
    return sorted([*columns, value], key=lambda c: c.x0)


def _targets_right_of_names(columns: list[ColumnRole]) -> list[ColumnRole]:
    """An indicator's target is printed after its name: a target-like column left of every
    level column (a declaration's 年度目标, the project's goal merged down its rows) is not
    the rows' target when a target column follows the 三级指标 column, and is dropped rather
    than taken first."""
    names = [c for c in columns if c.role in ("level1", "level2", "level3")]
    level3 = [c for c in names if c.role == "level3"]
    if not level3 or not any(c.role == "target" and c.x0 >= level3[0].x1 - 0.5 for c in columns):
        return columns
    first_name = min(c.x0 for c in names)
    return [c for c in columns if not (c.role == "target" and c.x1 <= first_name + 0.5)]


def _dedupe_roles(columns: list[ColumnRole], body: list[Cell]) -> list[ColumnRole]:
    """A role claimed twice keeps its first column, except adjacent copies of one merged header, and
    except a points column whose body holds no figures where a later claim's does (see
    :func:`_holds_figures`). ``body``: the table's non-empty cells under the header."""
    runs: list[ColumnRole] = []
    for c in columns:  # adjacent copies of one merged header are one column
        if runs and runs[-1].role == c.role:
            runs[-1] = dataclasses.replace(runs[-1], x1=c.x1)
        else:
            runs.append(dataclasses.replace(c))
    kept: dict[str, ColumnRole] = {}
    for c in runs:
        first = kept.get(c.role)
        if first is None or (c.role in _POINTS_ROLES and not _holds_figures(first, body) and _holds_figures(c, body)):
            kept[c.role] = c
    return [c for c in runs if kept[c.role] is c]


#: The roles whose cells are figures: a claim of one of them over a column of words is a heading's misnomer.
_POINTS_ROLES = ("weight", "score")


def _holds_figures(column: ColumnRole, body: list[Cell]) -> bool:
    """Most of the body cells centred in the column are numbers. A heading can name points over words:
    455's 指标分值 column prints each indicator's 指标解释 text, and its weights stand under 自评得分's
    权重占比(%); the first claim kept gave every row a weight that is no number."""
    return _mostly(column, body, lambda text: parse_number(text) is not None)
