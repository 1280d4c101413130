"""Pages to forms: the parser that reads a stream of rows and lines like a person would.

A title line opens a form; key/value rows fill its header block; a budget
header row opens the 预算执行 block; an indicator header row fixes the column
roles, after which every row is an indicator until the 合计/总分 row. The same
walk serves text-layer and OCR'd pages, because both arrive as
:class:`models.PageContent`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby

from jixiao.models import BudgetBlock, CellRead, Form, Indicator, PageContent, Provenance, TextLine
from jixiao.models.form import (FIGURE_BY_GRAMMAR, LABEL_FROM_BELOW, NAME_BY_STRUCTURE, ROLE_BY_CONTENTS,
                                 SIGN_FROM_OUTCOME, UNIT_FROM_PARTNER, WEIGHT_BY_POSITION, WEIGHT_FROM_CONTEXT,
                                 with_context_code)
from jixiao.models.values import ParsedValue
from jixiao.extractors.ocr.unread_ink import room_for_a_lost_sign, unread_tail
from jixiao.normalizers.office_names import OFFICE_END_RE, office_shaped
from jixiao.normalizers.column_vocabulary import nearest_column_name
from jixiao.normalizers.lost_parents import name_unprinted_level1, restore_lost_level1, restore_lost_level2
from jixiao.normalizers.ocr_repair import name_without_specks
from jixiao.normalizers.row_context import (choose_in_row_context, readings_in_shared_unit, unit_from_partner,
                                            sign_by_outcome_against,
                                           value_in_row_context)
from jixiao.normalizers.office_places import MENDED_CONFIDENCE, mend_place, without_trailing_speck
from jixiao.normalizers.units import is_unit_cell
from jixiao.normalizers.value_parsing import parse_number, parse_value
from jixiao.normalizers.written_values import fractions_as_percent, is_rate_name
from jixiao.pipeline.assembly import budget_block as budget_rows
from jixiao.pipeline.assembly.columns import (ColumnMap, column_map, continues_header, is_indicator_header,
                                              is_subheader, squash, subdivides_header)
from jixiao.pipeline.assembly.header_cells import (as_heading_words, headings_kept_from_above,
                                                   roleless_cells_as_heading_words)
from jixiao.pipeline.assembly.hierarchy import HIERARCHY_ROLES, Piece, RowPieces, extend_block, resolve
from jixiao.pipeline.assembly.key_values import (
    CJK_RE, FIELD_LABELS, SEAL_MARK_RE, KeyValueLines, lines_read, office_label_misread, read_key_value_line,
    value_before_next_label,
)
from jixiao.pipeline.assembly.operator_cells import OPERATOR_CELL_RE
from jixiao.pipeline.assembly.rows import Row, build_stream, cell_read
from jixiao.pipeline.assembly.shifted_levels import LOWER_ROLES, shift_levels_by_vocabulary
from jixiao.pipeline.assembly.spilled_columns import join_spilled_columns
from jixiao.pipeline.assembly.stated_figures import (ROW_SCORE_LABEL_RE, figures_around_score_label,
                                                     grade_closing_total_row, grade_in_cells, points,
                                                     printed_figure, score_in_cells)
from jixiao.pipeline.assembly.template_rows import (is_approval_label, is_template_row, points_in_label,
                                                   weights_in_names)
from jixiao.pipeline.assembly.split_rows import finishes_a_split_row
from jixiao.pipeline.assembly.templates import template_family
from jixiao.pipeline.assembly.names_by_structure import joined_names, names_by_structure
from jixiao.pipeline.assembly.names_from_below import names_from_below
from jixiao.pipeline.assembly.vocabulary_cells import vocabulary_words
from jixiao.normalizers.tolerance import FULL_MARKS, column_precision, decimals, full_score_slack, sum_tolerance

#: A form's title ends in the form's own words; 评价表 is an evaluation table an office issues for its funds
#: (…专项经费绩效评价表, 447), scored as a self-assessment is; 目标审批表 is 重庆's 2023 name of the declaration
#: its finance bureau approves (…项目支出绩效目标审批表, 454). The form's words may be followed by its year in
#: brackets, or by the category of project the template is issued for (绩效目标申报表(基础设施建设类), 465).
TITLE_RE = re.compile(r"(自评表|评分表|得分表|评价表|申报表|自评报告|评价报告|绩效报告|目标表|目标审批表)"
                      r"(?:[（(](?:\d{4}年度?|[^（）()]{1,12}类)[)）])?$")
#: Title words of a declaration (the targets set before the year), not of a self-assessment.
DECLARATION_TITLE_WORDS = ("申报表", "目标表", "目标审批表")
#: A line that names a score table without being its title: prose pointing to another document
#: ("各项指标得分情况详见附件2：绩效评价指标得分表", "见附件") or an enumerated sub-heading of a report
#: ("（三）专家评审得分表", "三、评分表", "2.得分表"). A form's own title stands alone ("附件2：…得分表" heads one).
NOT_A_SCORE_TITLE_RE = re.compile(r"(?:见|.附件)|^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、．.]"
                                  r"|\d+[、．.](?!\d))")
#: Title words a report also uses for a table it refers to or lists.
SCORE_TITLE_WORDS = ("评分表", "得分表", "评价表")
#: How a form labels its total row.
TOTAL_LABELS = ("合计", "总分", "总计", "自评得分", "综合得分", "得分合计", "自评总分")
TOTAL_RE = re.compile(rf"^({'|'.join(TOTAL_LABELS)})[:：]?$")
#: A unit's label line; OCR mixes full- and half-width brackets ("填报单位（盖章)："), so either closes either.
#: The seal mark closes the label as a colon does: a fax drops the small colon after it
#: ("填报单位（盖章）榆林市榆阳区卫生健康局"), and the bracketed mark still ends the label where it ends.
#: Without the colon, though, the line may go on with anything (a date, 年 月 日, a signature's label), so
#: there the value counts only when shaped like an office's name (see _unit_on_line).
UNIT_LINE_RE = re.compile(r"^(?:填报单位|部门名称|单位名称|部门[（(]单位[)）]名称)(?:名称)?(?:(?:" + SEAL_MARK_RE.pattern
                          + r")?(?P<colon>[:：])|" + SEAL_MARK_RE.pattern + r")\s*(?P<unit>.+)$")
#: The form's own words in a title ("项目支出绩效自评表"): what stands before them names the unit,
#: and a title that begins with them (after its year) names none: its first words are no office.
_FORM_WORDS = r"(?:部门整体|整体支出|预算项目|项目支出|部门预算|项目绩效|绩效)"
TITLE_UNIT_RE = re.compile(rf"^(?:\d{{4}}年度?)?(?!{_FORM_WORDS}|\d{{4}}年)(?P<unit>.+?){_FORM_WORDS}")
#: What a title puts before its form words names the unit only when it ends as an office's name does
#: (OFFICE_END_RE: 局, 委员会, 中心, 政府, 学校 …); else it is the project ("…老旧小区改造项目绩效自评表"),
#: which as the unit would be a confident wrong answer, where an empty unit is an honest one.
#: A unit not shaped like an office's name keeps at most this confidence: it was read with something else,
#: or misread.
UNSHAPED_UNIT_CONFIDENCE = 0.5
YEAR_RE = re.compile(r"(20\d{2})\s*年")
BARE_YEAR_RE = re.compile(r"(20\d{2})")
#: A year of the form's first lines, unless it opens a full date (填报日期:2022年2月3日): a day's date says
#: when the form was filled in or signed, not which year it assesses (every dated form of the corpus was
#: filed the year after the one it assesses: 002, 303, 433, 450), so such a year is no evaluation year.
LINES_YEAR_RE = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
#: OCR target/actual cells read below this are read again beside their row partner ...
CONTEXT_SURE = 0.9
#: ... and a reading changed that way keeps at most this confidence: the one cap of a value inferred rather than
#: read, as the budget block's guessed figures have it.
CONTEXT_CONFIDENCE = budget_rows.GUESSED_CONFIDENCE
#: The indicator field a value of a column whose role came from its body cells goes into.
BODY_ROLE_FIELDS = {"level1": "level1", "level2": "level2", "level3": "level3", "target_op": "target",
                    "target": "target", "target_unit": "target", "weight": "weight", "score": "score"}
#: Confidence kept by a total row recognised by its arithmetic after OCR lost its label.
LOST_LABEL_CONFIDENCE = 0.5


def _unit_on_line(text: str) -> str | None:
    """The unit a label line names: what follows 填报单位… and its colon, or, the colon lost, its seal
    mark alone when what follows is shaped like an office's name ("填报单位（盖章）2023年3月1日" is a
    date, "单位名称（盖章）财务负责人签字：" the next label: neither names the unit, and taken they would
    keep the title's and the 主管部门's from naming it). Nor does the next label after a colon, left blank
    ("填报单位（公章）： 单位负责人：")."""
    match = UNIT_LINE_RE.match(squash(text))
    if match is None or not (match["colon"] or office_shaped(match["unit"])) or _is_blank_label(match["unit"]):
        return None
    return match["unit"]


#: A label with nothing after its colon (单位负责人：): the next field of a line whose first was left blank.
BLANK_LABEL_RE = re.compile(r"[^:：]{1,8}[:：]")


def _is_blank_label(text: str) -> bool:
    return bool(BLANK_LABEL_RE.fullmatch(text.strip()))


def _total_label_piece(text: str) -> bool:
    """``text`` is what is left of a total row's label whose strokes a fax lost ("合" of 合计, "合it"
    whose 计 was read as Latin letters), not an indicator's name: its Chinese characters are a piece
    of a total label."""
    text = "".join(CJK_RE.findall(text))
    return bool(text) and any(text in word for word in TOTAL_LABELS)


def _printed_after_score_label(row: Row):
    """The cell right after a total row's own score label (总分 | 100 | 得分 | …) when something is
    printed in it, or None: a blank there is a score not yet given, and a label beyond it (评价等级) is
    no score."""
    cells = list(row.distinct())
    at = next((i for i, rc in enumerate(cells) if ROW_SCORE_LABEL_RE.match(squash(rc.text))), None)
    after = cells[at + 1] if at is not None and at + 1 < len(cells) else None
    return after if after is not None and printed_figure(after.text) else None


def _only_the_weight_total(in_table: bool, numbers: list[float], weight: float | None) -> bool:
    """A total row of a table without a 得分 column whose one figure stands under 分值: the points
    available (457's 总分 | 100 under 分值, nothing scored), not a stated score."""
    return in_table and weight is not None and numbers == [weight]


NARRATIVE_TOTAL_RE = re.compile(r"(?:自评结果为|自评得分为?|自评总分为?|综合得分为?|总得分为?)[:：]?\s*(\d+(?:\.\d+)?)\s*分")
NARRATIVE_GRADE_RE = re.compile(r"(?:评价等级|自评等级|等级)(?:为|[:：])\s*[“\"]?(优秀|优|良好|良|中等|中|差)")
#: A heading's outline number: "第四部分", "十四、", "3.".
OUTLINE_RE = re.compile(r"^(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+、|\d+[.、．])")
NARRATIVE_COUNT_RE = re.compile(r"共设置?(?:三级)?(?:绩效)?指标\s*(\d+)\s*个")

#: Fields whose cells are kept on each indicator for the extraction verdict and second readings.
VERDICT_ROLES = ("level3", "target", "target_op", "actual", "weight", "score")

#: 部门 alone, printed in a cell of its own beside an office's name: held under this key until the form's
#: kind is known (BARE_DEPARTMENT_FIELDS).
BARE_DEPARTMENT = "部门"
#: What a bare 部门 cell names, by form kind: a 部门整体 form's own office (its unit); on a project form the
#: 主管部门 over the unit that carried the project out.
BARE_DEPARTMENT_FIELDS = {"dept_self_eval": "unit"}
#: A cell's label → field: the header block's labels, and 部门 alone (a text line's "部门:" is a meta line
#: that runs into the next).
CELL_FIELD_LABELS = {**FIELD_LABELS, "部门": BARE_DEPARTMENT}
#: A bracketed aside inside a label cell: 实施(主管)单位 names the office that carried the project out as
#: 实施单位 does, with its department in brackets; 实施单位(盖章) marks where the seal goes.
_LABEL_ASIDE_RE = re.compile(r"[（(][^()（）]*[)）]")


def cell_field_label(text: str) -> str | None:
    """The header-block field a label cell names: as printed, or without the colon a cell may end with
    (项目名称: | 19名百岁…) and without a bracketed aside (实施(主管)单位 is the 实施单位)."""
    label = squash(text).rstrip(":：")
    for key in (label, _LABEL_ASIDE_RE.sub("", label)):
        if key in CELL_FIELD_LABELS:
            return CELL_FIELD_LABELS[key]
    return None


#: What joins two labels printed in one cell (实施单位/项目负责人) and their two values in the next
#: (原州区农技中心/杨勃兴).
_JOINED_LABELS_RE = re.compile(r"[/／]")


def joined_label_fields(label: str, value: str) -> list[tuple[str, str]]:
    """The header fields a label cell names when it joins labels with a slash (实施单位/项目负责人) and the
    value cell after it joins as many values the same way (原州区农技中心/杨勃兴): a value stands in its
    label's place. Nothing when no part names a field or the parts do not pair up (a value with no slash,
    a date written 2022/3/1 beside two labels)."""
    labels = _JOINED_LABELS_RE.split(squash(label))
    values = [part.strip() for part in _JOINED_LABELS_RE.split(value)]
    if len(labels) < 2 or len(values) != len(labels):
        return []
    named = [(cell_field_label(part), part_value) for part, part_value in zip(labels, values)]
    return [(name, part_value) for name, part_value in named if name and part_value]


GRADE_NAMES = {"优秀": "优", "良好": "良", "中等": "中"}


def is_title(line: TextLine) -> bool:
    text = squash(line.text)
    return 4 <= len(text) <= 80 and is_title_text(text)


def is_title_text(text: str) -> bool:
    """A form's title: ends in the form's own words, and a score table's title is no reference to one
    nor a report's enumerated sub-heading (NOT_A_SCORE_TITLE_RE)."""
    match = TITLE_RE.search(text)
    if not match:
        return False
    return match.group(1) not in SCORE_TITLE_WORDS or not NOT_A_SCORE_TITLE_RE.search(text[:match.start()])


@dataclass
class FormBuilder:
    """Everything gathered for one form while walking the stream."""

    title: str = ""
    #: The line the title was read from (the unit a title names carries its confidence).
    title_read: CellRead | None = None
    pages: set[int] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    #: The cell or line each header field was read from.
    field_reads: dict[str, CellRead] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    columns: ColumnMap | None = None
    header: Row | None = None
    #: Header-block labels printed as column headings of the indicator table (单位名称 | 项目名称 |
    #: … | 一级指标): grid column → field, each filled from the first indicator row's cell below.
    field_columns: dict[int, str] = field(default_factory=dict)
    #: Per such column field, the read taken from it and whether later rows printed another value.
    column_field_reads: dict[str, CellRead] = field(default_factory=dict)
    mixed_column_fields: set[str] = field(default_factory=set)
    awaiting_subheader: bool = False
    #: The last grid row of the header's lines (its own, a subheader's, and OCR rows continuing it).
    header_end: int = -1
    state: str = "start"
    budget: BudgetBlock | None = None
    budget_roles: dict[int, str] = field(default_factory=dict)
    #: The block's 执行率 came from a key/value line that printed it with "%" (never converted).
    budget_rate_printed_percent: bool = False
    indicators: list[Indicator] = field(default_factory=list)
    #: Per indicator and per unfilled template row (flagged: it names a group but makes no indicator),
    #: what its row saw in the merged hierarchy columns (resolved in build()).
    pieces: list[RowPieces] = field(default_factory=list)
    continue_last: bool = False
    #: The row the last indicator was read from.
    last_indicator_row: Row | None = None
    stated_total: float | None = None
    stated_weight_total: float | None = None
    total_provenance: Provenance | None = None
    total_cell: CellRead | None = None
    #: A score and a grade stated in label/value cells (header block, beside or under the total).
    cell_total: float | None = None
    cell_grade: str | None = None
    #: Points printed in the budget block's label ("预算执行情况（10分）").
    budget_label_points: float | None = None
    #: The block's header or money line named its 分值/得分 (budget_block.prints_budget_points): the
    #: item's points belong to the form's sums even where its figures were lost.
    budget_points_printed: bool = False
    #: The block's header read as a line of words (budget_block.header_line_roles), awaiting its total line.
    budget_line_roles: list[str | None] | None = None
    #: That header line: its total line is the line right under it, nothing further down.
    budget_header_line: TextLine | None = None  # the last line seen while no header line awaits
    rows_seen: int = 0
    #: A total row taken by its shape alone (see _take_unlabelled_total) whose score the rows' scores
    #: do not confirm, with what it replaced: undone if an indicator row with figures follows it.
    shape_total: tuple[Row, tuple] | None = None
    #: The last row dropped as a sign-off line (_sign_off_row): taken back if an indicator row follows it.
    sign_off: Row | None = None
    #: The table was read one level down (shifted_levels): its header printed no 一级 for sure.
    levels_shifted: bool = False
    #: See Form.merged_figure_rows.
    merged_figure_rows: list[str] = field(default_factory=list)
    key_values: KeyValueLines = field(default_factory=KeyValueLines)
    #: The cells read under the 二级 headings (name, 分值, 得分) of each indicator row (by row_index) of a
    #: table with no 三级 column: the rows' name, weight and score cells if the table turns out headed one
    #: level up (shifted_levels).
    lower_cells: dict[int, dict[str, CellRead]] = field(default_factory=dict)
    #: How the tables its indicators came from were read (PageTable.reading).
    readings: set[str] = field(default_factory=set)
    #: Column roles taken by position whose figures turned out to be another column's (dropped in build()).
    dropped_roles: set[str] = field(default_factory=set)

    @property
    def has_content(self) -> bool:
        return self.rows_seen > 0 or bool(self.indicators)

    # --- rows ---------------------------------------------------------------------
    def take_row(self, row: Row) -> None:
        self._read_key_values(self.key_values.flush())
        self.pages.add(row.page)
        self.rows_seen += 1
        self.texts.extend(t for t in row.nonempty())
        if TITLE_RE.search(squash(row.nonempty()[0] if row.nonempty() else "")) and len(row.nonempty()) == 1:
            return  # a title drawn inside the grid, already taken as the form's title
        header = is_indicator_header(row)
        divides = self.awaiting_subheader and self.header is not None and subdivides_header(row, self.header)
        if not header and not divides and (self.state != "indicators" or self.awaiting_subheader):
            heading = as_heading_words(row)  # a fax's misread headings, read as the words their ink supports
            if heading is not None and is_indicator_header(heading):
                row, header = heading, True
        if header:
            row = roleless_cells_as_heading_words(row)
            if self.awaiting_subheader and self.header is not None:
                row = headings_kept_from_above(row, self.header)
            self.header, self.awaiting_subheader, self.header_end = row, True, row.index
            self.field_columns = {rc.col: FIELD_LABELS[squash(rc.text)] for rc in row.distinct()
                                  if squash(rc.text) in FIELD_LABELS}
            self.columns = column_map(row, lone_points=self._lone_points_role())
            self.state = "indicators"
            return
        if self.awaiting_subheader and (divides or is_subheader(row)):
            self.columns = column_map(self.header, row, lone_points=self._lone_points_role())
            self.awaiting_subheader, self.header_end = False, row.index
            return
        if self._continues_header(row):
            if self.awaiting_subheader:
                self.columns = column_map(self.header, row, lone_points=self._lone_points_role())
            self.awaiting_subheader, self.header_end = False, row.index
            return
        self.awaiting_subheader = False
        if budget_rows.is_budget_header(row):
            self.budget_points_printed |= budget_rows.prints_budget_points(" ".join(row.nonempty()))
            self.budget = self.budget or BudgetBlock()
            self.budget_roles = budget_rows.header_roles(row)
            self.budget_label_points = budget_rows.label_points(row)
            self.state = "budget"
            return
        if self.state == "budget" and self._take_budget_row(row):
            return
        if self._undo_shape_total(row) or self.state == "indicators":
            self._take_indicator_row(row)
            return
        self._take_key_values(row)

    def _continues_header(self, row: Row) -> bool:
        """The OCR row right under the header's lines is one more of them (columns.continues_header)."""
        return (self.state == "indicators" and self.header is not None and row.table is self.header.table
                and row.index == self.header_end + 1 and continues_header(row, self.header_end))

    def _take_budget_row(self, row: Row) -> bool:
        label, values = budget_rows.read_budget_row(row, self.budget_roles)
        if not any(v is not None for v in values.values()) and not ("其中" in label or label.startswith(("上年", "其他"))):
            self.state = "start"
            return False
        budget_rows.add_budget_row(self.budget, label, values, row, self.budget_roles)
        return True

    def _take_key_values(self, row: Row) -> None:
        cells = [rc.text for rc in row.distinct()]
        self._take_stated_cells(cells)
        pairs = budget_rows.key_value_pairs(row)
        if not pairs and (role := budget_rows.key_value_role(row)):
            value = budget_rows.key_value_number(row, role)
            pairs = [(role, value)] if value is not None else []
        elif not pairs and self._titled_declaration() and (value := budget_rows.declared_total(row)) is not None:
            pairs = [("initial", value)]
        for role, value in pairs:
            self.budget = self.budget or BudgetBlock()
            if getattr(self.budget, role) is None:
                setattr(self.budget, role, value)
                if role == "rate":
                    self.budget_rate_printed_percent = any(budget_rows.printed_as_percent(t) for t in cells)
            if self.budget.provenance is None:
                self.budget.provenance = Provenance(page=row.page, bbox=row.bbox, method=row.table.method)
        distinct = row.distinct()
        for i, text in enumerate(cells):
            name = cell_field_label(text)
            if name and name not in self.fields:
                rest = [rc for rc in distinct[i + 1:] if rc.text and cell_field_label(rc.text) is None]
                if rest:
                    self._take_field(name, rest[0].text, cell_read(row, rest[0]))
            elif name is None and not self._take_joined_fields(row, distinct, i) and distinct[i].cell.method == "ocr":
                self._take_office_by_misread_label(row, distinct, i)
        self._take_total(row, cells)

    def _take_joined_fields(self, row: Row, distinct: list, i: int) -> bool:
        """The fields of a label cell that joins two labels (实施单位/项目负责人), each from its place in the
        value cell after it (原州区农技中心/杨勃兴); whether the cell was such a label."""
        rest = [rc for rc in distinct[i + 1:] if rc.text]
        found = joined_label_fields(distinct[i].text, rest[0].text) if rest else []
        for name, value in found:
            self._take_field(name, value, cell_read(row, rest[0]))
        return bool(found)

    def _take_office_by_misread_label(self, row: Row, distinct: list, i: int) -> None:
        """An office's name beside an OCR label cell read one character off an office label ("实施单行
        | 佳木斯市热力集团有限公司"): taken as that field only when the next cell is shaped like an office's
        name, and in doubt (at most MENDED_CONFIDENCE): which label it was is inferred, not read."""
        name = office_label_misread(distinct[i].text)
        if name is None or name in self.fields or i + 1 >= len(distinct):
            return
        value = distinct[i + 1]
        if value.text and office_shaped(value.text):
            read = cell_read(row, value)
            self._take_field(name, value.text, read.model_copy(update={
                "confidence": min(read.confidence, MENDED_CONFIDENCE), "second_method": "label read one character off"}))

    def _take_field(self, name: str, value: str, read: CellRead) -> None:
        """A header field's value, cut at the next label a lost rule or a long line joined to it."""
        value = value_before_next_label(value)
        if value and name not in self.fields:
            self.fields[name] = value
            self.field_reads[name] = read

    def _take_stated_cells(self, cells: list[str]) -> None:
        """A score or grade stated as a label/value pair (header block, 自评等级 row)."""
        if self.cell_grade is None:
            self.cell_grade = grade_in_cells(cells)
        if self.cell_total is None:
            self.cell_total = score_in_cells(cells)

    def _take_total(self, row: Row, cells: list[str]) -> bool:
        texts = [t for t in cells if t.strip()]
        if not texts or not TOTAL_RE.match(squash(texts[0])):
            return False
        if self.state != "indicators" and score_in_cells(texts) is not None:
            return False  # a header-block 自评得分 | 98 pair, not the table's total row
        self._take_stated_cells(cells)
        if self.cell_grade is None:
            self.cell_grade = grade_closing_total_row(texts)
        numbers = [points(t) for t in texts[1:]]
        numbers = [n for n in numbers if n is not None]
        score = weight = None
        score_cell = None
        in_table = self.columns is not None and self.state == "indicators"
        if in_table:
            values = self.columns.values(row)
            score = points(values.get("score", ("", None))[0])
            weight = points(values.get("weight", ("", None))[0])
            if score is not None or printed_figure(values.get("score", ("", None))[0]):
                score_cell = values["score"][1]  # kept unread too: the verdict doubts a printed 总分 it cannot parse
        around = figures_around_score_label(texts[1:])
        if score is None and around is not None and not (in_table and "score" in values):
            # the row labels its own score (总分 | 100 | 得分 | …): the figure before the label is the points
            # available, the one after it the score, and a blank after it stays blank
            before, after = around
            score = after[0] if after else None
            if weight is None and before:
                weight = before[-1]
            if score is not None:
                score_cell = next((rc for rc in reversed(row.distinct()) if points(rc.text) == score), None)
            else:
                score_cell = _printed_after_score_label(row)  # an unparsed score is doubted, not dropped
        elif score is None and numbers and not (in_table and "score" in values) \
                and not _only_the_weight_total(in_table, numbers, weight):
            score = numbers[-1]  # a printed blank under 得分 stays blank, never the weight total
            score_cell = next((rc for rc in reversed(row.distinct()) if points(rc.text) == score), None)
        self.total_cell = cell_read(row, score_cell) if score_cell is not None else None
        if weight is None and len(numbers) >= 2 and around is None:
            weight = numbers[0]
        self.stated_total, self.stated_weight_total = score, weight
        self.total_provenance = Provenance(page=row.page, bbox=row.bbox, method=row.table.method, confidence=row.confidence)
        self.state = "after_total"
        return True

    def _take_unlabelled_total(self, row: Row, values: dict) -> bool:
        """A closing row of an OCR-read table whose 合计 label was lost (a fax drops its strokes).

        It is taken as the total row when nothing in it reads as an indicator (its name,
        target and actual cells are blank, unsure, or name nothing of this row: _names_no_row) and
        either its 分值 is the column's sum of two or more weights read (with or without the budget
        item's points), or its score is the sum of two or more rows' scores, or its label is one cell
        spanning the name, target and actual columns (no indicator row is shaped so) beside a score
        within the form's full marks: the arithmetic or the geometry, not the lost label, says what
        the row is. A 分值 that is not the column's sum is not taken as the stated weight total (it
        was misread, or is not one). Taken by a shape or by a 分值 no score confirms, it is taken back
        if an indicator row with figures follows it in its table (_undo_shape_total). Its figures
        keep at most LOST_LABEL_CONFIDENCE, so they are reviewed, never taken as read.
        """
        if row.table.method != "ocr" or len(self.indicators) < 2:
            return False
        weight = parse_number(values.get("weight", ("", None))[0])
        score = _gap_as_lost_point(values.get("score", ("", None))[0], weight or FULL_MARKS)
        if (score is None and weight is None) or (score is not None and weight is not None and score > weight) \
                or _fills_indicator_cells(values):
            return False
        for role in ("level1", "level2", "level3", "target", "actual"):
            value = values.get(role)
            if value and value[0].strip() and value[1].cell.confidence >= LOST_LABEL_CONFIDENCE \
                    and not _total_label_piece(value[0]) and not _names_no_row(value[1], values):
                return False
        if not self._weight_is_a_column_sum(weight):
            if score is None or not (self._scores_add_up_to(score) or (
                    _label_spans_data_columns(values) and 0 < score <= FULL_MARKS)):
                return False
            weight = None  # the 分值 read is not the column's sum: misread, or not one
            if not self._rows_add_up_to(score):
                self.shape_total = (row, self._total_reading())
        elif score is None:
            # the 分值's sum alone, no score to confirm it: taken back if an indicator row with figures follows
            self.shape_total = (row, self._total_reading())
        if score is not None:
            self.total_cell = cell_read(row, values["score"][1])
            self.total_cell.confidence = min(self.total_cell.confidence, LOST_LABEL_CONFIDENCE)
        self.stated_total, self.stated_weight_total = score, weight
        self.total_provenance = Provenance(page=row.page, bbox=row.bbox, method=row.table.method,
                                           confidence=min(row.confidence, LOST_LABEL_CONFIDENCE))
        self.state = "after_total"
        return True

    def _weight_is_a_column_sum(self, weight: float | None) -> bool:
        """``weight`` is the 分值 column's sum of two or more weights read (with or without the budget
        item's points), or the form's full marks: where the weights read fall short of them (the budget
        item's points were not read), or beside two weights read or more (whatever misread weights add up
        to, no indicator is worth the whole form beside others)."""
        if weight is None:
            return False
        read = [i.weight for i in self.indicators if i.weight]  # a 0 is a misread weight: no row is worth nothing
        weights = sum(read)
        budget = self.budget.weight if self.budget is not None and self.budget.weight is not None else 0.0
        # one weight read is no column sum: a next row of the same points would pass for the total
        totals = {weights, weights + budget} if len(read) >= 2 else set()
        if len(read) >= 2 or weights < FULL_MARKS:
            totals.add(FULL_MARKS)
        return any(abs(weight - total) <= 0.01 * max(total, 1.0) for total in totals)

    def _scores_add_up_to(self, score: float) -> bool:
        """``score`` is the sum of two or more rows' scores read (with the budget item's): a column sum,
        as a 总分 is, however its row's label and 分值 were lost."""
        return sum(i.score is not None for i in self.indicators) >= 2 and self._rows_add_up_to(score)

    def _rows_add_up_to(self, score: float) -> bool:
        """The rows' scores (with the budget item's) add up to ``score`` within the validator's tolerance."""
        scores = [i.score for i in self.indicators if i.score is not None]
        if self.budget is not None and self.budget.score is not None:
            scores.append(self.budget.score)
        tolerance = sum_tolerance(scores, column_precision(scores), score)
        return bool(scores) and abs(sum(scores) - score) <= tolerance

    def _total_reading(self) -> tuple:
        return self.stated_total, self.stated_weight_total, self.total_cell, self.total_provenance

    def _undo_shape_total(self, row: Row) -> bool:
        """A total row taken by its shape alone, its score unconfirmed, followed in its table by an
        indicator row with figures: it was a merged indicator row mid-table (a stamp or shadow took its
        inner rules), not the 合计. It is taken back as an indicator row (the MERGED_CELL check reviews
        it) and reading goes on, rather than every later row being dropped."""
        if self.shape_total is None or self.state != "after_total" or self.columns is None:
            return False
        total_row, before = self.shape_total
        values = self.columns.values(row)
        if row.table is not total_row.table or not any(
                parse_number(values.get(role, ("", None))[0]) is not None for role in ("weight", "score")):
            return False
        self.shape_total = None
        self.stated_total, self.stated_weight_total, self.total_cell, self.total_provenance = before
        self.state = "indicators"
        self._take_row_as_indicator(total_row)
        return True

    def _take_indicator_row(self, row: Row) -> None:
        cells = [rc.text for rc in row.distinct()]
        if self._take_total(row, cells):
            return
        values = self.columns.values(row) if self.columns else {}
        if self._take_unlabelled_total(row, values):
            return
        self._take_row_as_indicator(row, values)

    def _take_back_sign_off(self, row: Row) -> None:
        """A row dropped as a sign-off line (_sign_off_row) followed in its table by an indicator row was
        an indicator whose label only looked like one: it is taken as an indicator, before the row that
        follows it (no indicator came between them)."""
        if self.sign_off is not None and self.sign_off.table is row.table and self.sign_off is not row:
            signed, self.sign_off = self.sign_off, None
            self._take_row_as_indicator(signed, sign_off_taken_back=True)

    def _take_row_as_indicator(self, row: Row, values: dict | None = None, sign_off_taken_back: bool = False) -> None:
        if values is None:
            values = self.columns.values(row) if self.columns else {}
        cells = [rc.text for rc in row.distinct()]
        # a 指标性质 or level cell the recogniser garbled, read as its column's vocabulary word
        adopted = vocabulary_words(values, row.table.method)
        text = self._without_implausible_units({role: value[0] for role, value in values.items()})
        if self.continue_last and self.indicators and row.page != self.indicators[-1].provenance.page:
            self._continue_indicator(self.indicators[-1], text)
            self.continue_last = row.cut_at_page_end
            return
        if self._finishes_a_split_row(row, text, values):
            return
        if not any(text.get(r) for r in ("level3", "weight", "score", "target", "actual")):
            return
        if is_template_row(text):
            self._take_template_row_pieces(row, values)
            return
        if not sign_off_taken_back and _sign_off_row(row, values):
            self.sign_off = row
            return
        if row.table.method == "ocr" and _lone_mark_row(text):
            return
        if _label_spans_data_columns(values):
            self._take_stated_cells(cells)  # "其他需要说明事项 | 无", "自评等级 | 优" inside the table
            if _has_points(values):
                self.merged_figure_rows.append(values["level3"][0] if "level3" in values else " ".join(cells))
            return
        reread, chosen = _values_in_row_context(row, values, text)
        figures = _figures_of_garbled_cells(row, values, text)
        reread += figures
        if row.table.method == "ocr" and "level3" in text:
            text["level3"] = name_without_specks(text["level3"])
        self._take_back_sign_off(row)
        indicator = self._indicator(row, text)
        self.readings.add(row.table.reading)
        indicator.field_confidence = {
            role: rc.cell.confidence for role, (_, rc) in values.items() if rc.cell.confidence < 1.0
        }
        indicator.field_confidence.update(adopted)
        for role in reread:
            indicator.field_confidence[role] = min(indicator.field_confidence.get(role, 1.0), CONTEXT_CONFIDENCE)
        indicator.cells = {role: cell_read(row, rc) for role, (_, rc) in values.items()
                           if role in VERDICT_ROLES or (role in HIERARCHY_ROLES and rc.cell.span_doubtful)}
        _doubt_reread_cells(indicator, reread, text)
        _doubt_adopted_words(indicator, row, values, adopted)
        indicator.from_context.update(chosen)
        indicator.from_context.update({role: FIGURE_BY_GRAMMAR for role in figures})
        if self.columns and "weight" in self.columns.roles_by_position and text.get("weight", "").strip():
            indicator.from_context["weight"] = WEIGHT_BY_POSITION
            indicator.field_confidence["weight"] = min(indicator.field_confidence.get("weight", 1.0),
                                                       CONTEXT_CONFIDENCE)
        self._doubt_roles_by_contents(indicator, {role: value[0] for role, value in values.items()})
        op = squash(text.get("target_op", ""))
        if op and not OPERATOR_CELL_RE.match(op):
            indicator.field_confidence["target_op"] = 0.0  # unreadable 指标性质: the target lost its sign
        if "level2" in values and "level3" not in self.columns.roles:
            self.lower_cells[indicator.row_index] = {role: cell_read(row, values[role][1]) for role in LOWER_ROLES
                                                     if role in values}
        self.indicators.append(indicator)
        self._take_column_fields(row)
        self.pieces.append(_hierarchy_pieces(row, values))
        self.continue_last = row.cut_at_page_end
        self.last_indicator_row = row

    def _finishes_a_split_row(self, row: Row, text: dict[str, str], values: dict) -> bool:
        """The first row of a page that only finishes the last row of the page before (see split_rows):
        the row before ended its table on its page and printed its figures; this row prints no figure
        and finishes a group label that row began. Its names are appended to that row's. Only on a text
        layer: an OCR row may have lost its figures, and is left a row of its own, in doubt."""
        last = self.last_indicator_row
        if row.table.method == "ocr" or last is None or not self.indicators or not self.pieces:
            return False
        before = self.indicators[-1]
        if row.page <= before.provenance.page or any(c.row > last.index and c.text.strip()
                                                     for c in last.table.cells):
            return False  # not the first row of a later page, or the row before did not end its table
        if before.weight is None and before.score is None and not before.target.raw.strip():
            return False
        begun = self.pieces[-1].by_role
        rests = finishes_a_split_row(text, values, begun)
        if not rests:
            return False
        self._continue_indicator(before, text)
        for role, rest in rests.items():  # every row of the merged label takes its whole text
            extend_block(self.pieces, role, begun[role].key, rest)
        self.last_indicator_row = row  # a row after it is a row of its own
        return True

    def _take_template_row_pieces(self, row: Row, values: dict) -> None:
        """An unfilled template row ("指标2：") makes no indicator, but its merged group cells are kept:
        a group whose rows on one page are all template rows still holds the part of its name that page
        printed (the rest of "项目效益（35分）" on the next page)."""
        self.pieces.append(_hierarchy_pieces(row, values, template=True))

    def _take_column_fields(self, row: Row) -> None:
        """Header fields printed as columns of the indicator table take the cell under their heading
        in the first indicator row when later rows repeat it (a row above with no indicator, such as a
        department's subtotal, is not the form's). A column whose rows name different units or
        projects names no one of them for the whole form: see _drop_mixed_column_fields."""
        for rc in row.distinct():
            name = self.field_columns.get(rc.col)
            if not name or not rc.text.strip():
                continue
            first = self.column_field_reads.get(name)
            if first is None:
                self.column_field_reads[name] = cell_read(row, rc)
                self._take_field(name, rc.text, self.column_field_reads[name])
            elif squash(first.text) != squash(rc.text):
                self.mixed_column_fields.add(name)

    def _drop_mixed_column_fields(self) -> None:
        """A field taken from a column whose rows printed different values is no field of the form."""
        for name in self.mixed_column_fields:
            if self.field_reads.get(name) is self.column_field_reads.get(name):
                self.fields.pop(name, None)
                self.field_reads.pop(name, None)

    def _resolve_bare_department(self, kind: str) -> None:
        """A bare 部门 cell's value becomes the field its form kind says (BARE_DEPARTMENT_FIELDS), unless
        the form named that field otherwise."""
        value, read = self.fields.pop(BARE_DEPARTMENT, None), self.field_reads.pop(BARE_DEPARTMENT, None)
        name = BARE_DEPARTMENT_FIELDS.get(kind, "department")
        if value and name not in self.fields:
            self.fields[name] = value
            if read is not None:
                self.field_reads[name] = read

    def _indicator(self, row: Row, text: dict[str, str]) -> Indicator:
        target, actual = fractions_as_percent(text.get("level3", ""), parse_value(_target_text(text)),
                                              parse_value(text.get("actual", "")))
        actual = _in_the_rows_unit(text, target, actual)
        return Indicator(
            row_index=len(self.indicators), level3_raw=text.get("level3", ""),
            weight=parse_number(text.get("weight", "")), score=parse_number(text.get("score", "")),
            target=target, actual=actual,
            note=text.get("note", "") or text.get("basis", ""),
            provenance=Provenance(page=row.page, bbox=row.bbox, method=row.table.method, confidence=row.confidence),
        )

    def _continue_indicator(self, ind: Indicator, text: dict[str, str]) -> None:
        """The rest of a row that the page break cut: append its text, fill its blanks."""
        if text.get("level3"):
            ind.level3_raw += text["level3"]
        for role in ("target", "actual"):
            if text.get(role):
                joined = getattr(ind, role).raw + text[role]
                setattr(ind, role, parse_value(joined))
        if text.get("note") or text.get("basis"):
            ind.note += text.get("note", "") or text.get("basis", "")
        for role in ("weight", "score"):
            if getattr(ind, role) is None:
                setattr(ind, role, parse_number(text.get(role, "")))

    # --- lines --------------------------------------------------------------------
    def take_line(self, line: TextLine) -> None:
        self.pages.add(line.page)
        self.texts.append(line.text)
        unit = _unit_on_line(line.text)
        if unit:
            self._take_field("unit", unit, lines_read([line]))
        if self.state == "start":
            self.budget_points_printed |= budget_rows.prints_budget_points(line.text)
            self._take_budget_line(line)
            self._read_key_values(self.key_values.feed(line))

    def _take_budget_line(self, line: TextLine) -> None:
        """The block printed as lines without rules (a fax's table read as text): its header line's words
        name the columns, and the line right under it (_right_under), when it prints a figure per
        word after a label that is no 其中 row, is its total. Any other line ends the wait: a later line that
        fits ("合计 2 3 4 5 6 7", "其中：财政拨款 …") is another table's row or a part. The figures are taken
        by their place, so they carry doubt (budget_block.doubtful_cells)."""
        if self.budget is not None and self.budget.provenance is not None:
            return
        header, roles = self.budget_header_line, self.budget_line_roles
        if roles is not None and not _overlaps_across(header, line):
            return  # a speck or the label column's wrapped caption beside the header, no line of the block
        self.budget_header_line, self.budget_line_roles = line, budget_rows.header_line_roles(line.text)
        if roles is None or not _right_under(header, line) or squash(line.text).startswith("其中"):
            return
        values = budget_rows.figures_under_header_line(line.text, roles)
        if values is None:
            return
        self.budget_header_line, self.budget_line_roles = None, None
        self.budget = self.budget or BudgetBlock()
        taken = {role: value for role, value in values.items() if getattr(self.budget, role) is None}
        for role, value in taken.items():
            setattr(self.budget, role, value)
        self.budget.cells.update(budget_rows.doubtful_cells(taken, lines_read([line])))
        self.budget.provenance = Provenance(page=line.page, bbox=line.bbox, method=line.method,
                                            confidence=line.confidence)

    def _read_key_values(self, lines: list[TextLine] | None) -> None:
        """A complete key/value line above the table: header fields and the money line."""
        if lines:
            self.budget = read_key_value_line(lines, self.fields, FIELD_LABELS, self.budget, self.field_reads)

    # --- result -------------------------------------------------------------------
    def _resolve_hierarchy(self) -> None:
        resolved = [names for names, seen in zip(resolve(self.pieces), self.pieces) if not seen.template]
        for ind, names in zip(self.indicators, resolved):
            ind.level1_raw, ind.level2_raw = names["level1"], names["level2"]
            if ind.provenance.method == "ocr":  # a speck beside a group name is no part of it ("成本指标。")
                ind.level1_raw, ind.level2_raw = name_without_specks(ind.level1_raw), name_without_specks(ind.level2_raw)
            for role in ("level1_weight", "level1_score", "level2_weight", "level2_score"):
                setattr(ind, role, parse_number(names[role]))
            if ind.level1_weight is None:
                ind.level1_weight = points_in_label(ind.level1_raw)
            if ind.level2_weight is None:
                ind.level2_weight = points_in_label(ind.level2_raw)
        self._doubt_names(joined_names(self.indicators), NAME_BY_STRUCTURE)
        self._doubt_names(names_from_below(self.indicators), LABEL_FROM_BELOW)
        self.levels_shifted = shift_levels_by_vocabulary(self.indicators, self.columns, self.lower_cells)
        self._weights_from_names()
        self._names_from_the_columns_vocabulary()

    def _weights_from_names(self) -> None:
        """Rows weighed in their names ("相关性（5分）") where the table has no 分值 column (see
        template_rows.weights_in_names)."""
        rows = self.indicators
        groups = [[(ind.level1_raw, ind.level1_weight) for ind in rows],
                  [(f"{ind.level1_raw}/{ind.level2_raw}", ind.level2_weight) for ind in rows]]
        has_weight_column = self.columns is not None and "weight" in self.columns.roles
        for ind, weight in zip(rows, weights_in_names([i.level3_raw for i in rows], groups, has_weight_column)):
            if ind.weight is None:
                ind.weight = weight

    def _names_from_the_columns_vocabulary(self) -> None:
        """Unsure OCR readings of 一级/二级指标 names replaced by the column's name they are clearly
        nearest to (normalizers.column_vocabulary), in every row that shows the same merged cell;
        those rows keep at most CONTEXT_CONFIDENCE for the name."""
        for role, level in (("level1_raw", 1), ("level2_raw", 2)):
            field = role.removesuffix("_raw")
            unsure = {getattr(ind, role) for ind in self.indicators if ind.provenance.method == "ocr"
                      and ind.field_confidence.get(field, 1.0) < CONTEXT_SURE}
            for ind in self.indicators:
                raw = getattr(ind, role)
                name = nearest_column_name(raw, level) if raw in unsure else None
                if name:
                    setattr(ind, role, name)
                    ind.field_confidence[field] = min(ind.field_confidence.get(field, 1.0), CONTEXT_CONFIDENCE)

    def _names_by_structure(self) -> None:
        """Unsure OCR readings of 一级/二级 names that name nothing their place in the form allows, replaced
        by the name its other groups leave (names_by_structure), marked NAME_BY_STRUCTURE at a guessed
        confidence."""
        def confidence(ind: Indicator, field: str) -> float:
            return ind.field_confidence.get(field, 1.0) if ind.provenance.method == "ocr" else 1.0

        self._doubt_names(names_by_structure(self.indicators, confidence), NAME_BY_STRUCTURE)

    def _doubt_names(self, given: list[tuple[int, str]], code: str) -> None:
        """Rows whose 一级/二级 name (position, field) was inferred, not read: named ``code`` at a guessed
        confidence, so the form is never ``ok`` on them."""
        for k, name in given:
            ind = self.indicators[k]
            ind.from_context[name] = with_context_code(ind.from_context.get(name, ""), code)
            ind.field_confidence[name] = min(ind.field_confidence.get(name, 1.0), CONTEXT_CONFIDENCE)

    def _without_implausible_units(self, text: dict[str, str]) -> dict[str, str]:
        """A 度量单位 cell of a column whose role its body cells gave is joined to the target only when it
        reads as a unit: garbage there ("rà", or a digit: "95" + "5") would corrupt the target, a dropped
        one only loses the unit (its doubt is named all the same)."""
        if self.columns and "target_unit" in self.columns.roles_by_contents \
                and not is_unit_cell(squash(text.get("target_unit", ""))):
            text.pop("target_unit", None)
        return text

    def _doubt_roles_by_contents(self, indicator: Indicator, text: dict[str, str]) -> None:
        """Name each value read in a column whose role its body cells gave (body_roles): the heading was
        unreadable, so the value may be another column's, and the form is never ``ok`` on it."""
        if not self.columns:
            return
        for role in sorted(self.columns.roles_by_contents):  # sorted: the form's reasons in one order every run
            if not text.get(role, "").strip():
                continue
            field = BODY_ROLE_FIELDS[role]
            indicator.from_context[field] = with_context_code(indicator.from_context.get(field, ""), ROLE_BY_CONTENTS)
            indicator.field_confidence[field] = min(indicator.field_confidence.get(field, 1.0), CONTEXT_CONFIDENCE)

    def _drop_weights_by_position_that_were_scores(self) -> None:
        """Weights taken by position (columns._weight_left_of_score) on a form none of whose rows has a
        figure under 得分: the figures the rows print left of 得分 are then their scores, with the 得分
        heading split from its column by the grid (or the weights are in the labels), not weights
        beside them. They are dropped rather than passed as the rows' weights; the rows keep no
        score, which the verdict's lost-score check reports."""
        placed = [i for i in self.indicators if i.from_context.get("weight") == WEIGHT_BY_POSITION]
        if not placed or any((cell := i.cells.get("score")) and cell.text.strip() for i in self.indicators):
            return
        for ind in placed:
            ind.weight = None
            del ind.from_context["weight"]
            ind.cells.pop("weight", None)
            ind.field_confidence.pop("weight", None)
        self.dropped_roles.add("weight")

    def _lost_weights_from_the_forms_points(self) -> None:
        """A 分值 cell of an OCR form that could not be read is what the form's own points leave for it:
        its 一级 group's printed points less the group's other rows' (产出指标 | 50), when every group's
        points with the budget item's add up to the full marks; else the total row's 分值 less every
        other row's and the budget item's. The form's design, not a guess — and still not a reading:
        the figure is taken from the very sums it would then confirm, so the row is named for the
        verdict (from_context: WEIGHT_FROM_CONTEXT) and the form is not ``ok``. A lost 得分 is never
        filled: the stated 总分 is what the form is re-scored against."""
        rows = self.indicators
        budget_part = self._budget_points()
        if not rows or budget_part is None or any(i.provenance.method != "ocr" for i in rows):
            return
        groups = [list(run) for _, run in groupby(rows, key=lambda i: (i.level1_raw, i.level1_weight))]
        points = [g[0].level1_weight for g in groups]
        if all(p is not None for p in points) and round(sum(points) + budget_part, 2) == FULL_MARKS:
            for group, group_points in zip(groups, points):
                _fill_the_one_lost_weight(group, group_points)
        if self.stated_weight_total is not None:
            _fill_the_one_lost_weight(rows, round(self.stated_weight_total - budget_part, 2))

    def _budget_points(self) -> float | None:
        """The budget item's points for the sums a lost 分值 is taken from: 0 without a budget item, its
        printed points (in its row or its label), None when a block was read without them or its header or
        money line named points that no block or table row holds (item_points_unread; a fax's garbled money
        line): the sum cannot be closed, and the rows' lost 分值 must not absorb the item's points."""
        if self.budget is None:
            return None if self._budget_points_unread() else 0.0
        return self.budget.weight if self.budget.weight is not None else self.budget_label_points

    def _budget_points_unread(self) -> bool:
        return budget_rows.item_points_unread(self.budget_points_printed, self.budget, self.indicators)

    def build(self, index: int) -> Form:
        self._read_key_values(self.key_values.flush())
        self._resolve_hierarchy()
        prose = "".join(squash(t) for t in self.texts)
        stated_total = self.stated_total if self.stated_total is not None else self.cell_total
        self._drop_weights_by_position_that_were_scores()
        self._lost_weights_from_the_forms_points()
        total_provenance = self.total_provenance
        if stated_total is None and (m := NARRATIVE_TOTAL_RE.search(prose)):
            stated_total = float(m.group(1))
        grade = self.cell_grade or (m.group(1) if (m := NARRATIVE_GRADE_RE.search(prose)) else None)
        if self.budget is not None and self.budget.weight is None and self.budget_label_points is not None:
            self.budget.weight = self.budget_label_points
        points_unread = self._budget_points_unread()
        count = int(m.group(1)) if (m := NARRATIVE_COUNT_RE.search(prose)) else None
        if self.budget is not None:
            self.budget.unit = budget_unit(prose)
            budget_rows.rate_of_block_in_percent(self.budget, self.budget_rate_printed_percent)
        pages = sorted(self.pages) or [1]
        methods = {i.provenance.method for i in self.indicators}
        kind = self._kind()
        self._drop_mixed_column_fields()
        self._resolve_bare_department(kind)
        # unreadable 一级/二级 labels named by the schema's hierarchy (a 一级 by its 二级 groups, a 二级 by its only 一级)
        restore_lost_level1(self.indicators, kind)
        restore_lost_level2(self.indicators)
        self._names_by_structure()  # what the schema's hierarchy alone did not name, by the form's other groups
        roles = (self.columns.roles if self.columns else set()) - self.dropped_roles
        if not any(role.startswith("level1") for role in roles):
            header_sure = self.columns.header_sure if self.columns else methods <= {"text"}
            name_unprinted_level1(self.indicators, kind, self.levels_shifted or header_sure)
        template = template_family(
            kind, roles, [i.level1_raw for i in self.indicators],
            self.texts, self.budget.weight if self.budget else None)
        unit, unit_cell = self._unit()
        return Form(
            index=index, kind=kind, template=template, title=self.title, unit=unit, unit_cell=unit_cell,
            project=self.fields.get("project", ""), year=self._year(),
            first_page=pages[0], last_page=pages[-1],
            method="ocr" if "ocr" in methods else "text",
            table_reading="+".join(sorted(self.readings, key=("ruled", "inferred").index)),
            header_roles=sorted(role for role in roles if role),
            budget=self.budget, budget_points_unread=points_unread, indicators=self.indicators,
            stated_total=stated_total, stated_weight_total=self.stated_weight_total,
            stated_total_provenance=total_provenance,
            stated_total_cell=self.total_cell if stated_total == self.stated_total else None,
            stated_grade=GRADE_NAMES.get(grade, grade) if grade else None,
            narrative_indicator_count=count, merged_figure_rows=self.merged_figure_rows,
        )

    def _lone_points_role(self) -> str | None:
        """What a table's only column of points is, by the form's title, when its heading was cut past
        reading: a self-assessment's 得分, a declaration's 分值; None when the title says neither."""
        if self._titled_declaration():
            return "weight"
        return "score" if "自评" in squash(self.title) else None

    def _titled_declaration(self) -> bool:
        """The form's title calls it a declaration (申报表, 目标表 …): the targets set before the year."""
        return any(word in squash(self.title) for word in DECLARATION_TITLE_WORDS)

    def _kind(self) -> str:
        title = squash(self.title)
        if self._titled_declaration():
            return "target_declaration"
        if not self.indicators and ("报告" in title or self.stated_total is None):
            return "narrative_report"
        if "部门整体" in title or "整体支出" in title or "部门（单位）整体" in title:
            return "dept_self_eval"
        if "自评" in title or "评分" in title or "评价表" in title:
            return "project_self_eval"  # a self-assessment printed with its 得分 left blank is still one
        scoring = bool(self.columns) and {"weight", "score"} <= self.columns.roles
        if not scoring and not any(i.score is not None for i in self.indicators) \
                and not any(i.actual.raw for i in self.indicators):
            return "target_declaration"  # 权数 and 考评得分 columns make a scoring table, its scores left blank
        return self._self_eval_kind()

    def _self_eval_kind(self) -> str:
        """A self-assessment whose title did not say whose: a project's, unless the form names no project
        at all — no title and no 项目名称 — as a department's own assessment table does (a 部门预算支出管理
        考评 table, 445; a town's 年度绩效指标 table, 426)."""
        return "dept_self_eval" if not self.title and not self.fields.get("project") else "project_self_eval"

    def _unit(self) -> tuple[str, CellRead | None]:
        """The form's unit and what it was read from: its header cell or line (填报单位, 实施单位 …),
        else the title's words before the form's own, else the 主管部门 (then the only office the
        form names). A name not shaped like an office's keeps at most
        UNSHAPED_UNIT_CONFIDENCE."""
        unit, read = self.fields.get("unit", ""), self.field_reads.get("unit")
        match = TITLE_UNIT_RE.match(squash(self.title))
        if not unit and match and OFFICE_END_RE.search(match.group("unit")):
            unit, read = match.group("unit"), self.title_read
        if not unit:
            unit, read = self.fields.get("department", ""), self.field_reads.get("department")
        if not unit:
            return "", None
        read = read or CellRead(text=unit)
        if read.method == "ocr":
            unit, read = self._unit_place_mended(without_trailing_speck(unit), read)
        if not office_shaped(unit):
            read = read.model_copy(update={"confidence": min(read.confidence, UNSHAPED_UNIT_CONFIDENCE)})
        return unit, read

    def _unit_place_mended(self, unit: str, read: CellRead) -> tuple[str, CellRead]:
        """The unit with its place words taken from another reading of the same form's place — the title,
        the 主管部门 (normalizers/office_places.py): a fax loses a character of the unit's place the title
        keeps. Only readings at least as sure as the unit's own are asked (a 主管部门 printed on the unit's
        line shares its confidence: a second printing of the place, as good a witness); a mended name keeps
        at most MENDED_CONFIDENCE, so the form is never a clean ``ok`` on it."""
        sources = ((self.title, self.title_read), (self.fields.get("department", ""), self.field_reads.get("department")))
        references = [text for text, ref in sorted(sources, key=lambda s: -(s[1].confidence if s[1] else 0.0))
                      if text and ref is not None and ref.confidence >= read.confidence]
        mended = mend_place(unit, references)
        if mended is None:
            return unit, read
        return mended, read.model_copy(update={
            "text": mended, "confidence": min(read.confidence, MENDED_CONFIDENCE), "second_text": unit,
            "second_confidence": read.confidence, "second_method": "place words from the title or 主管部门, adopted"})

    def _year(self) -> int | None:
        """From the title, else the 评价年度 field (often a bare "2023"), else the first lines (a filing
        date's year not taken: LINES_YEAR_RE)."""
        sources = ((YEAR_RE, self.title), (BARE_YEAR_RE, self.fields.get("year", "")),
                   (LINES_YEAR_RE, " ".join(self.texts[:20])))
        for pattern, text in sources:
            if match := pattern.search(text):
                return int(match.group(1))
        return None


def _hierarchy_pieces(row: Row, values: dict, template: bool = False) -> RowPieces:
    """What the row saw in each merged hierarchy column: the covering cell's identity, text and open ends."""
    return RowPieces({
        role: Piece(key=(row.page, id(row.table), rc.cell.row, rc.cell.col), page=row.page, text=value,
                    open_end=rc.cell.cut_at_page_end, open_start=rc.cell.cut_at_page_start)
        for role, (value, rc) in values.items() if role in HIERARCHY_ROLES
    }, template)


#: A name this long (in Chinese characters) is an indicator's, not what is left of a lost 合计 label.
NAME_CHARS = 4
_DIGIT = re.compile(r"\d")


def _fills_indicator_cells(values: dict) -> bool:
    """The row prints a name in its 三级 cell and a figure in a target or actual cell of its own, as an
    indicator does, however unsurely read: a total row whose label a fax lost leaves those cells blank
    or specked, never a name of four characters beside a figure."""
    name = values.get("level3")
    if name is None or len(CJK_RE.findall(name[0])) < NAME_CHARS:
        return False
    return any(_DIGIT.search(values[role][0]) and values[role][1].cell is not name[1].cell
               for role in ("target", "target_value", "actual") if role in values)


#: What is left of a total row's label spanning the name columns holds at most this many characters.
LABEL_REMNANT_CHARS = 2
_NAME_ROLES = ("level1", "level2", "level3")


def _names_no_row(rc, values: dict) -> bool:
    """A name cell that says nothing of this row: a merged label begun on a row above (the group's
    一级/二级 carried down, as a fax that lost a rule carries it over the 合计 row), or a remnant of one
    or two characters of a cell spanning two name columns or more ("人" for a 合计 whose strokes a fax
    lost: an indicator fills its 一级, 二级 and 三级 cells apart)."""
    if not rc.is_origin:
        return True
    text = squash(rc.text)
    spans_names = sum(1 for role in _NAME_ROLES if role in values and values[role][1].cell is rc.cell) >= 2
    return spans_names and len(text) <= LABEL_REMNANT_CHARS and not _DIGIT.search(text)


#: Two digit groups of one figure apart, as a fax leaves a score whose decimal point it lost ("99 47").
_GAP_IN_FIGURE_RE = re.compile(r"^(\d+)\s+(\d{1,2})$")


def _gap_as_lost_point(text: str, ceiling: float) -> float | None:
    """The figure of an OCR score cell, its gap read as the decimal point a fax lost when read without it
    the figure is past ``ceiling`` (the points the row is worth) and with it is not: a total of 9947 on a
    form of 100 points is no reading, 99.47 is. Any other cell is parsed as it reads."""
    value = parse_number(text)
    gap = _GAP_IN_FIGURE_RE.match(text.strip()) if value is not None and value > ceiling else None
    if gap is None:
        return value
    pointed = float(f"{gap[1]}.{gap[2]}")
    return pointed if pointed <= ceiling else value


def _label_spans_data_columns(values: dict) -> bool:
    """One cell covering the 三级指标, target and actual columns is a label row
    (其他需要说明事项, 评价结论), never an indicator: an indicator fills them separately."""
    data = [values[r] for r in ("level3", "target", "target_value", "actual") if r in values]
    if len(data) < 2:
        return False
    cells = {id(rc.cell) for _, rc in data}
    return len(cells) == 1 and bool(data[0][0].strip())


def _sign_off_row(row: Row, values: dict) -> bool:
    """A sign-off row of the table (主管部门审核意见 | 单位公章: 年 月 日): its label, an approval or
    signature line, is one cell spread over several of the table's columns, where an indicator prints its
    group and name in cells of their own. The value beside it may fill the target and note columns (so
    the row is not caught as one cell over the name and value columns, see _label_spans_data_columns);
    it is never an indicator. A spread cell alone may be a column rule lost under a seal, so the row must
    also print no figure under 分值, 得分 or the target (a sign-off line has none to print); an indicator row
    after it in its table takes it back (FormBuilder._take_back_sign_off)."""
    first = next((rc for rc in row.distinct() if rc.text.strip()), None)
    if first is None or first.cell.colspan < 2 or not is_approval_label(first.text):
        return False
    return not any(re.search(r"\d", values[role][0]) for role in ("weight", "score", "target") if role in values)


def _has_points(values: dict) -> bool:
    """A figure in the row's own 分值 or 得分 cell: a label row (评价结论, 其他需要说明事项) has none; a row
    whose name, target and actual came out as one cell and which has one lost its rules, not its figures."""
    spanning = {id(rc.cell) for role, (_, rc) in values.items() if role in ("level3", "target", "actual")}
    return any(parse_number(values[role][0]) is not None for role in ("weight", "score")
               if role in values and id(values[role][1].cell) not in spanning)


#: A name of one character that is no Chinese character: a speck or a stray digit, never an indicator.
_LONE_MARK_RE = re.compile(r"^[^\u4e00-\u9fff]$")


def _lone_mark_row(text: dict[str, str]) -> bool:
    """An OCR row whose only content is one mark in the name column (a fax's speck read as "8" in the
    department row of a 申报表): no indicator has a one-mark name and no figure. A row under 一级/二级
    names of its own is kept (a name the reader cut short, which the verdict doubts)."""
    return bool(_LONE_MARK_RE.match(squash(text.get("level3", "")))) and not any(
        squash(text.get(r, "")) for r in ("level1", "level2", "weight", "score", "target", "actual", "target_op",
                                          "target_unit"))


#: "金额单位：万元", "单位：元", or a header cell "年初预算数（万元）".
_BUDGET_UNIT_RES = (re.compile(r"单位[:：]?(万元|元)"), re.compile(r"[（(](万元|元)[)）]"))


def budget_unit(prose: str) -> str:
    """The unit the form prints its amounts in (万元 or 元), empty when it does not say.

    Amounts are kept as printed; this says what they mean, so forms in 元 and in
    万元 are not summed together by mistake.
    """
    for pattern in _BUDGET_UNIT_RES:
        if match := pattern.search(prose):
            return match.group(1)
    return ""


def _fill_the_one_lost_weight(rows: list[Indicator], points: float) -> None:
    """The one row of ``rows`` without a 分值 takes ``points`` less the others' 分值, when it is the only
    one, and the figure left is printable (0 < x ≤ the points, and the full marks) and no smaller than
    the row's score. It is marked as chosen from the form's context (see
    _lost_weights_from_the_forms_points).

    A 分值 decoded from a garbled cell (FIGURE_BY_GRAMMAR) is a candidate, not a reading: when every row
    has a 分值 but they do not add up to ``points`` and exactly one of them was so decoded, that one is
    the row without a 分值 (on the tune faxes "ju" and "HI" decode to 1 where the group leaves 10)."""
    missing = [i for i in rows if i.weight is None]
    if not missing and round(sum(i.weight for i in rows), 2) != round(points, 2):
        missing = [i for i in rows if i.from_context.get("weight") == FIGURE_BY_GRAMMAR]
    if len(missing) != 1:
        return
    (ind,) = missing
    value = round(points - sum(i.weight for i in rows if i is not ind), 2)
    if not 0 < value <= min(points, FULL_MARKS) or (ind.score is not None and ind.score > value):
        return
    ind.weight = value
    ind.field_confidence["weight"] = min(ind.field_confidence.get("weight", 1.0), CONTEXT_CONFIDENCE)
    ind.from_context["weight"] = WEIGHT_FROM_CONTEXT


def _values_in_row_context(row: Row, values: dict, text: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Unsure OCR readings of the target and actual read again beside each other (a lost "%" or "≥",
    see normalizers.row_context); ``text`` is updated. Returns the roles changed (their confidence
    is kept at CONTEXT_CONFIDENCE at most) and, by role, the reason code of a part the row chose
    rather than the page showed: a sign the row's outcome chose (a blot that leaned neither way; it
    agrees with the row's score by construction, SIGN_FROM_OUTCOME), a unit word its partner named
    for ink left unread after the number (UNIT_FROM_PARTNER)."""
    if row.table.method != "ocr" or "target_op" in text or "target_unit" in text:
        return [], {}
    changed: list[str] = []
    by_outcome: set[str] = set()
    if "target" in values and "actual" in values:
        # the unit word the pair shares, from the recogniser's own alternatives (a sure reading too:
        # a unit word read as a digit leaves the reading sure, the row's other unit says otherwise)
        alternatives = [values[role][1].cell.alternatives for role in ("target", "actual")]
        if any(alternatives):
            shared = readings_in_shared_unit(text.get("target", ""), alternatives[0], text.get("actual", ""),
                                             alternatives[1])
            for role, read in zip(("target", "actual"), shared or ()):
                if read != text.get(role, ""):
                    text[role] = read
                    changed.append(role)
    rate = is_rate_name(text.get("level3", ""))  # …率, 满意度: the pair are percentages
    # only a coarse page's reader (a fax's) gives grammar alternatives: its lost strokes ("≥" read as ">")
    coarse = any(cell.alternatives for cell in row.table.cells)
    # twice: a cell read again (a lost "%" found) is the context its partner is read in
    met = _met_target(text)
    for role, partner, is_target in (("target", "actual", True), ("actual", "target", False)) * 2:
        if role in changed or role not in values or partner not in values:
            continue
        cell = values[role][1].cell
        # a sure reading (a coarse page's target only) may still have lost its sign's thin strokes: its
        # own signed path is taken, nothing else; an unsure one may take any alternative the row asks for,
        # or be read again beside its partner. A sign a faint blot offers either way is the one the row's
        # outcome chooses, and named so
        sure = cell.confidence >= CONTEXT_SURE
        choice = (choose_in_row_context(text.get(role, ""), cell.alternatives, text.get(partner, ""), is_target,
                                        rate, sure=sure, met=met)
                  if cell.alternatives and (is_target or not sure) else None)
        if choice and choice.by_outcome:
            by_outcome.add(role)  # the row's outcome, not the ink, chose the sign
        read = choice.text if choice else None
        if not read and not sure:
            read = value_in_row_context(text.get(role, ""), text.get(partner, ""), is_target, rate, coarse)
        if read and read != text.get(role, ""):
            text[role] = read
            changed.append(role)
    chosen = {role: SIGN_FROM_OUTCOME for role in by_outcome & set(changed)}
    for role in _units_from_partner(values, text):
        changed.append(role)
        chosen.setdefault(role, UNIT_FROM_PARTNER)
    if _sign_for_unread_ink(values, text, met):
        if "target" not in changed:
            changed.append("target")
        chosen["target"] = with_context_code(chosen.get("target", ""), SIGN_FROM_OUTCOME)
    return changed, chosen


def _sign_for_unread_ink(values: dict, text: dict[str, str], met: bool | None) -> bool:
    """A target read with no sign whose line still holds a sign's width of ink its final reading leaves
    unread (unread_ink.room_for_a_lost_sign: a "≥"/"≤" the fax thinned past reading, its ink too pale or
    broken to be seen as one blot) takes the sign the row's outcome asks for against its actual
    (normalizers.row_context.sign_by_outcome_against); ``text`` is updated. The ink says a glyph is there,
    not which: the caller names the sign as chosen (SIGN_FROM_OUTCOME) and caps its confidence."""
    if "target" not in values or "actual" not in values:
        return False
    cell, target = values["target"][1].cell, text.get("target", "")
    if not target or target.lstrip()[:1] in "≥≤<>=" or not cell.unread_width:
        return False
    if not room_for_a_lost_sign(cell.unread_width, cell.raw_text or cell.text, target):
        return False
    sign = sign_by_outcome_against(squash(target), text.get("actual", ""), met)
    if not sign:
        return False
    text["target"] = sign + squash(target)
    return True


def _units_from_partner(values: dict, text: dict[str, str]) -> list[str]:
    """The target and actual whose line left a glyph of ink unread after the number take the unit
    word their row partner was read in (normalizers.row_context.unit_from_partner); ``text`` is
    updated. Returns the roles so changed."""
    if "target" not in values or "actual" not in values:
        return []
    changed = []
    for role, partner in (("target", "actual"), ("actual", "target")):
        if not unread_tail(values[role][1].cell.unread_width):
            continue
        read = unit_from_partner(text.get(role, ""), text.get(partner, ""))
        if read:
            text[role] = read
            changed.append(role)
    return changed


def _met_target(text: dict[str, str]) -> bool | None:
    """Whether the row met its target by its own figures: a score at its full 分值 (within the rounding
    the achievement rule allows, full_score_slack) did, a lower one did not; None when either is unread
    or the score exceeds the 分值 (one of them misread)."""
    weight, score = parse_number(text.get("weight", "")), parse_number(text.get("score", ""))
    if weight is None or score is None or weight <= 0 or score > weight:
        return None
    return weight - score <= full_score_slack(score, weight, decimals(score), decimals(weight))


def _figures_of_garbled_cells(row: Row, values: dict, text: dict[str, str]) -> list[str]:
    """The 分值 and 得分 cells of an OCR row read as one or two characters that make no number ("h", "S",
    "川": a lone figure a fax thinned) take the plain number the recogniser's own probabilities hold for
    them (Cell.figure_reading, extractors/ocr/value_decoding.py); ``text`` is updated. Only the column's
    role says a cell must hold a number, so the page reader only offers it. Its share is not asked: on the
    tune faxes a right figure kept 0.003 of the free path ("h" → 6) and a wrong one 0.16 ("S" → 5, an 8).
    Returns the roles changed:
    like a value read again in its row's context, each keeps CONTEXT_CONFIDENCE at most and is named
    (FIGURE_BY_GRAMMAR), so the form stays in doubt, and the misread checks may still weigh the cell. A
    figure that would put the 得分 above the 分值 is not taken; the form's sums may still overrule a decoded
    分值 (_fill_the_one_lost_weight)."""
    if row.table.method != "ocr":
        return []
    changed = []
    for role, partner in (("weight", "score"), ("score", "weight")):
        cell = values[role][1].cell if role in values else None
        if cell is None or cell.figure_reading is None or parse_number(text.get(role, "")) is not None:
            continue
        figure = parse_number(cell.figure_reading[0])
        if figure is not None and _within_the_rows_points(role, figure, parse_number(text.get(partner, ""))):
            text[role] = cell.figure_reading[0]
            changed.append(role)
    return changed


def _within_the_rows_points(role: str, figure: float, partner: float | None) -> bool:
    """A row's 得分 is never above its 分值: a decoded figure that would break that is not taken."""
    if partner is None:
        return True
    return figure <= partner if role == "score" else figure >= partner


def _doubt_reread_cells(indicator: Indicator, reread: list[str], text: dict[str, str]) -> None:
    """A value read again in its row's context is a guess the page did not print plainly: its cell's
    read confidence is kept at CONTEXT_CONFIDENCE at most too, so the verdict (LOW_CONFIDENCE_CELL)
    sends the form for review rather than reporting it clean."""
    for role in reread:
        if (cell := indicator.cells.get(role)) is not None:
            indicator.cells[role] = cell.model_copy(update={
                "confidence": min(cell.confidence, CONTEXT_CONFIDENCE), "text": text.get(role, cell.text)})


def _doubt_adopted_words(indicator: Indicator, row: Row, values: dict, adopted: dict[str, float]) -> None:
    """A vocabulary word adopted over the recogniser's free reading (vocabulary_cells) is kept as the
    cell the verdict sees, with the adopted word as its text and its capped confidence: the word
    overruled what the glyphs read ("%6" → "%"), so LOW_CONFIDENCE_CELL names it whatever the
    column's role (a 度量单位 or level cell is kept for this even though it is not a VERDICT_ROLE)."""
    for role, confidence in adopted.items():
        cell = cell_read(row, values[role][1])
        indicator.cells[role] = cell.model_copy(update={"text": values[role][0],
                                                        "confidence": min(cell.confidence, confidence)})


def _target_text(text: dict[str, str]) -> str:
    """A target printed whole, or joined from 指标性质 | 指标值 | 度量单位 columns.

    The 指标性质 cell joins only when it is a comparison sign: a misread one ("V")
    would corrupt the target, a dropped one only loses the sign.
    """
    if "target_op" in text or "target_unit" in text:
        op = squash(text.get("target_op", ""))
        value = text.get("target", "").strip()
        parts = [op if OPERATOR_CELL_RE.match(op) else "", value, _unit_to_join(value, text.get("target_unit", ""))]
        return "".join(parts)
    return text.get("target", "")


def _unit_to_join(value: str, unit: str) -> str:
    """The 度量单位 cell to write after a 指标值 the value parser reads as a figure without a unit
    ("≥95" | "%", "3-5" | "个"); nothing when there is no figure to qualify, or when the value prints a
    unit or a word of its own after the figure (a 计量单位 column beside "100%", "10万", "95%以上" or "2200篇", as
    重庆's forms print them: "10万万元" or "2200篇份" would be wrong), nor a 计量单位 cell that repeats the value's
    figure (a spreadsheet's export printing a date serial in both cells, '44,561 | 44,561': "44,56144,561")."""
    unit, parsed = unit.strip(), parse_value(value)
    if not unit or parsed.value is None or parsed.unit or not squash(value)[-1:].isdigit():
        return ""
    if squash(unit) == squash(value) and parse_number(unit) is not None:
        return ""
    return unit


def _in_the_rows_unit(text: dict[str, str], target: ParsedValue, actual: ParsedValue) -> ParsedValue:
    """A bare 完成值 beside a target split over 指标性质 | 指标值 | 度量单位 is in that unit.

    Such a form prints the row's unit once, in its 度量单位 cell ("﹦ | 100 | %", 完成值
    "100"), so the actual 100 is 100 %, not a number of another kind; without the unit
    no rule could tell whether the row met its target. The printed text is kept.
    """
    if "target_unit" not in text or not target.unit or actual.value is None or actual.unit or actual.label:
        return actual
    return actual.model_copy(update={"unit": target.unit})


def is_performance_form(builder: FormBuilder) -> bool:
    """Only performance forms become forms.

    A long 决算 report prints budget and asset tables full of 合计 rows, a contents
    page and prose; none of them is a form. A form has an indicator table, or is a
    narrative 自评报告 that states its score or grade.
    """
    if builder.indicators or builder.columns is not None:
        return True
    if builder.cell_total is not None or builder.cell_grade is not None:
        return True
    prose = "".join(squash(t) for t in builder.texts)
    return bool(NARRATIVE_TOTAL_RE.search(prose) or NARRATIVE_GRADE_RE.search(prose))


def assemble_forms(pages: list[PageContent], source: str = "") -> list[Form]:
    """All forms of a document, in page order, ``index`` counting from 0."""
    return assemble_document(pages, source)[0]


def assemble_document(pages: list[PageContent], source: str = "") -> tuple[list[Form], list[PageContent]]:
    """All forms of a document (see :func:`assemble_forms`), and the pages as they were assembled from:
    columns a print spilled joined to their rows (:mod:`spilled_columns`), the tables the verdict looks for
    grid holes in."""
    assembled = join_spilled_columns(pages)
    builders: list[FormBuilder] = [FormBuilder()]
    for item in build_stream(assembled):
        current = builders[-1]
        if isinstance(item, TextLine):
            if is_title(item):
                # A report repeats its own title at the head of its body: that opens no second form.
                repeated = not current.indicators and squash(item.text) == current.title
                if current.has_content and not repeated:
                    builders.append(FormBuilder(title=squash(item.text), title_read=lines_read([item])))
                elif not current.title or OUTLINE_RE.match(current.title):
                    # a form's own title beats a section heading naming it
                    current.title, current.title_read = squash(item.text), lines_read([item])
                builders[-1].pages.add(item.page)
                continue
            current.take_line(item)
        else:
            current.take_row(item)
    builders = [b for b in builders if is_performance_form(b)]
    forms = [b.build(i) for i, b in enumerate(builders)]
    for form in forms:
        for ind in form.indicators:
            ind.provenance.file = source
        if form.stated_total_provenance:
            form.stated_total_provenance.file = source
    return forms, assembled


def _right_under(above: TextLine, line: TextLine) -> bool:
    """``line`` is the line right under ``above`` on its page: the gap between them at most two of ``above``'s
    heights (a table row's pitch as a fax prints it, 132 at 100 dpi: a gap of 1.6 heights; a line further down
    is no total line under a header line)."""
    height = above.bbox[3] - above.bbox[1]
    return line.page == above.page and line.bbox[1] >= above.bbox[1] and line.bbox[1] - above.bbox[3] <= 2 * height


def _overlaps_across(above: TextLine, line: TextLine) -> bool:
    """``line`` shares some width with ``above``: a fragment wholly beside it (a speck, the label column's
    caption) is not the line under it."""
    return min(above.bbox[2], line.bbox[2]) > max(above.bbox[0], line.bbox[0])
