"""A self-assessment (or target) form and its indicator rows."""
from typing import Literal

from pydantic import BaseModel, Field

from jixiao.models.provenance import BBox, Method, Provenance
from jixiao.models.values import ParsedValue

FormKind = Literal["project_self_eval", "dept_self_eval", "target_declaration", "narrative_report"]


def with_context_code(codes: str, code: str) -> str:
    """Space-separated reason codes (Indicator.from_context) with ``code`` added once."""
    listed = codes.split()
    return " ".join(listed if code in listed else [*listed, code])


class CellRead(BaseModel):
    """One cell as the reader saw it: enough to find it on the page again and read it anew."""

    text: str = Field("", description="The cell's text as read (after repair)")
    page: int = Field(1, description="Page of the cell (1-based)")
    bbox: BBox | None = Field(None, description="Cell box [x0, top, x1, bottom] in PDF points of the (upright) page")
    confidence: float = Field(1.0, description="Reading confidence 0–1 (1 for the text layer)")
    method: Method = Field("text", description="text | ocr")
    exact: bool = Field(False, description="The file's own cell value (spreadsheet, Word table): not read "
                        "off an image or a text layer, so it cannot hold a reader's slip")
    second_text: str | None = Field(None, description="The other reading, where a second reading was made "
                                    "(the first one when the second was adopted)")
    second_method: str = Field("", description="How the second reading was made, and whether it was adopted")
    second_confidence: float | None = Field(None, description="Confidence of the other reading")
    span_doubtful: bool = Field(False, description="A merged 一级/二级 label whose rows were placed by where its "
                                "text sits, and it sits off them: which rows it names is in doubt (a second "
                                "reading of its text cannot settle that)")
    rule_mended: bool = Field(False, description="A border of the cell is a rule lost under a seal or a shadow, "
                              "restored from the table's geometry: what took the rule may have taken ink of "
                              "the cell or its neighbours too")


#: Verdict reason codes of values chosen from the form's own context (Indicator.from_context).
WEIGHT_FROM_CONTEXT = "WEIGHT_FROM_CONTEXT"
SIGN_FROM_OUTCOME = "SIGN_FROM_OUTCOME"
#: A 分值 read under a heading that named no role, taken as the weights for its place left of 得分.
WEIGHT_BY_POSITION = "WEIGHT_BY_POSITION"
UNIT_FROM_PARTNER = "UNIT_FROM_PARTNER"
#: A form whose 预算执行 item is printed but whose points were not read: its sums cannot close.
BUDGET_POINTS_UNREAD = "BUDGET_POINTS_UNREAD"
#: A 二级 group read under the heading 一级指标, moved one level down by what the table's other rows hold.
LEVEL_BY_VOCABULARY = "LEVEL_BY_VOCABULARY"
#: A 分值/得分 read as no number ("h") whose figure is the recogniser's likeliest plain-number path instead.
FIGURE_BY_GRAMMAR = "FIGURE_BY_GRAMMAR"
#: A value read in a column whose heading was unreadable, the column's role taken from what its body
#: cells hold (pipeline/assembly/body_roles.py).
ROLE_BY_CONTENTS = "ROLE_BY_CONTENTS"
#: A 一级/二级 name not read on its row, taken from the first row below it in its group
#: (pipeline/assembly/names_from_below.py).
LABEL_FROM_BELOW = "LABEL_FROM_BELOW"
#: An unsure 一级/二级 reading that named nothing its place allows, replaced by the name the form's other
#: groups leave for it (pipeline/assembly/names_by_structure.py).
NAME_BY_STRUCTURE = "NAME_BY_STRUCTURE"

Verdict = Literal["ok", "suspect"]


class VerdictReason(BaseModel):
    """Why a form's reading is in doubt (``kind="misread"``), or why a discrepancy is
    taken to be the form's own (``kind="form"``), or what a second reading changed
    (``kind="note"``). ``code`` values are listed in the README."""

    code: str = Field(description="Reason code (README 'Extraction verdict')")
    kind: Literal["misread", "form", "note"] = Field("misread", description="misread | form | note")
    row_index: int | None = Field(None, description="Indicator row the reason is about, from 0")
    field: str = Field("", description="Field (weight, score, total, level3 …), rule or page the reason is about")
    read: str = Field("", description="The text as read")
    fits: str = Field("", description="The reading that would make the form's checks close, or the other reading")
    detail: str = Field("", description="The reason in words")

    def label(self) -> str:
        """``CODE@row5.score(77→7)``: compact and machine-readable for the tables."""
        where = ""
        if self.row_index is not None:
            where = f"@row{self.row_index + 1}" + (f".{self.field}" if self.field else "")
        elif self.field:
            where = f"@{self.field}"
        change = f"({self.read}→{self.fits})" if self.read or self.fits else ""
        return f"{self.code}{where}{change}"


class Indicator(BaseModel):
    """One 三级指标 row with the names of its parents carried down."""

    row_index: int = Field(description="Row number within the form, from 0")
    level1_raw: str = Field("", description="一级指标 as printed (after text repair)")
    level2_raw: str = Field("", description="二级指标 as printed (after text repair)")
    level3_raw: str = Field("", description="三级指标 as printed (after text repair)")
    level1: str = Field("", description="Canonical 一级指标")
    level2: str = Field("", description="Canonical 二级指标")
    level3: str = Field("", description="三级指标, cleaned and simplified")
    level3_id: str = Field("", description="Canonical schema id of the 三级指标, where it maps")
    match_score: float | None = Field(None, description="Name-matching score 0–1")
    #: Printed subtotals of the parents (the same on every row of a group).
    level1_weight: float | None = Field(None, description="Printed weight subtotal of the 一级指标 group")
    level1_score: float | None = Field(None, description="Printed score subtotal of the 一级指标 group")
    level2_weight: float | None = Field(None, description="Printed weight subtotal of the 二级指标 group")
    level2_score: float | None = Field(None, description="Printed score subtotal of the 二级指标 group")
    weight: float | None = Field(None, description="Row weight (分值/权重)")
    score: float | None = Field(None, description="Row score (得分) as printed")
    target: ParsedValue = Field(default_factory=ParsedValue, description="年度指标值")
    actual: ParsedValue = Field(default_factory=ParsedValue, description="实际完成值")
    note: str = Field("", description="偏差原因 / remarks as printed")
    provenance: Provenance = Field(default_factory=Provenance, description="Where the row is printed")
    #: Confidence of each cell read for this row, by field name ("weight", "score",
    #: "target" …), where the reader knows it (OCR); ``provenance.confidence`` is the
    #: row's minimum. Lets LOW_CONFIDENCE name the weak cells.
    field_confidence: dict[str, float] = Field(default_factory=dict, description="OCR confidence per cell, by field")
    #: The cells behind the row's fields ("weight", "score", "target", "actual",
    #: "level3"), for the extraction verdict and for second readings.
    cells: dict[str, CellRead] = Field(default_factory=dict, description="The cell behind each field, for the verdict")
    #: 一级/二级 labels OCR could not read, named by the schema's hierarchy (normalizers.lost_parents):
    #: field ("level1", "level2") → the text as read. The verdict names each (RESTORED_LABEL).
    restored_labels: dict[str, str] = Field(default_factory=dict,
                                            description="Labels named by the schema's hierarchy: field → text as read")
    #: Values the reader did not read but chose from the form's own context (a lost 分值 from its group's
    #: points, a fax target's sign from the row's outcome): field → the verdict reason code naming it
    #: (WEIGHT_FROM_CONTEXT, SIGN_FROM_OUTCOME, UNIT_FROM_PARTNER, FIGURE_BY_GRAMMAR), or a figure whose column
    #: was named by its place (WEIGHT_BY_POSITION) or by what its cells hold (ROLE_BY_CONTENTS), or a 二级 group
    #: whose level the table's other rows chose (LEVEL_BY_VOCABULARY). Such a value cannot confirm the figures it
    #: came from. A value chosen twice over (a fax target's unit from its partner, then its sign from the
    #: outcome) keeps both codes, space-separated (``with_context_code``, ``context_codes``).
    from_context: dict[str, str] = Field(default_factory=dict,
                                         description="Values chosen from the form's context: field → reason "
                                                     "code(s), space-separated")

    def context_codes(self, field: str) -> list[str]:
        """The reason codes naming how ``field`` was chosen from the form's context (none if read)."""
        return self.from_context.get(field, "").split()

    def target_as_printed(self) -> ParsedValue:
        """The target as the page showed it: without a sign the row's own outcome chose (SIGN_FROM_OUTCOME).
        Such a sign agrees with the score it was chosen by, so whatever judges the score (the achievement
        checks, the report's expectation) must judge it on this, or a misread 得分 would look right."""
        target = self.target
        if SIGN_FROM_OUTCOME not in self.context_codes("target"):
            return target
        return target.model_copy(update={"op": None, "raw": target.raw.lstrip().lstrip("≥≤"),
                                         "text": target.text.lstrip().lstrip("≥≤")})


class BudgetRow(BaseModel):
    """A 其中 sub-row of the budget block (本年财政拨款, 上年结转, 其他资金 …)."""

    label: str = Field(description="Row label as printed")
    initial: float | None = Field(None, description="年初预算数")
    annual: float | None = Field(None, description="全年预算数")
    executed: float | None = Field(None, description="全年执行数")
    rate: float | None = Field(None, description="执行率 in percent")
    weight: float | None = Field(None, description="分值 the sub-row prints in a cell of its own (a block scoring "
                                 "each source of money); None where it shares the total's or prints none")
    score: float | None = Field(None, description="得分 the sub-row prints in a cell of its own")


class BudgetBlock(BaseModel):
    """The 预算执行 block. ``rate`` is in percent (100% → 100.0)."""

    unit: str = Field("", description="Unit of the amounts as printed: 万元 | 元 (empty when not printed)")
    initial: float | None = Field(None, description="年初预算数, in unit")
    annual: float | None = Field(None, description="全年预算数, in unit")
    executed: float | None = Field(None, description="全年执行数, in unit")
    rate: float | None = Field(None, description="执行率 in percent (100% is 100)")
    weight: float | None = Field(None, description="Points (分值) of the budget-execution item")
    score: float | None = Field(None, description="Points scored on the budget-execution item")
    rows: list[BudgetRow] = Field(default_factory=list, description="其中 sub-rows")
    provenance: Provenance | None = Field(None, description="Where the block is printed")
    cells: dict[str, CellRead] = Field(default_factory=dict, description="The cells of the total row's figures by "
                                       "field (annual, executed, rate, weight, score …), for the verdict and second "
                                       "readings")


class Form(BaseModel):
    """One form found in a document, in page order (``index`` from 0)."""

    index: int = Field(description="Form number within the file, in page order, from 0")
    kind: FormKind = Field(description="project_self_eval | dept_self_eval | target_declaration | narrative_report")
    template: str = Field("", description="The published template family it was read as: national_2020_project | "
                          "national_2020_dept | split_target | budget_rate_row | weighted_levels | declaration | "
                          "declaration_midterm | narrative_report | scored_table")
    title: str = Field("", description="Form title as printed")
    unit: str = Field("", description="Reporting unit (填报单位) as printed")
    unit_cell: CellRead | None = Field(None, description="The cell or line the unit was read from, with its "
                                       "confidence: the reader's, at most 0.5 when the name is not shaped like an "
                                       "office's (a misreading, or a cell read with its neighbour)")
    project: str = Field("", description="Project name (项目名称) as printed")
    year: int | None = Field(None, description="Budget year the form assesses")
    first_page: int = Field(1, description="First page of the form (1-based)")
    last_page: int = Field(1, description="Last page of the form (1-based)")
    method: Method = Field("text", description="text | ocr (any row read by OCR)")
    table_reading: str = Field("", description="How its indicator table was read: ruled (by its drawn grid), inferred "
                               "(rules missing: 三线表, horizontal rules only, frame, none), ruled+inferred, or empty")
    header_roles: list[str] = Field(default_factory=list, description="The columns its indicator table's header "
                                    "named (level1, level3, weight, score …), sorted; a column the header never named "
                                    "cannot have been lost")
    budget: BudgetBlock | None = Field(None, description="The 预算执行 block")
    budget_points_unread: bool = Field(False, description="The form prints a 预算执行 item (its money line or "
                                       "header was seen) whose 分值 was not read: its sums lack that item's points")
    indicators: list[Indicator] = Field(default_factory=list, description="Indicator rows in table order")
    #: The 总分/合计 row: printed score and, where printed, printed weight total.
    stated_total: float | None = Field(None, description="Printed total score (总分)")
    stated_weight_total: float | None = Field(None, description="Printed total of the weights (合计)")
    stated_total_provenance: Provenance | None = Field(None, description="Where the total is printed")
    recomputed_total: float | None = Field(None, description="Total recomputed from the rows and the budget item")
    stated_grade: str | None = Field(None, description="Printed grade reduced to 优 | 良 | 中 | 差")
    #: Indicator count claimed in the accompanying narrative ("共设置三级绩效指标71个").
    narrative_indicator_count: int | None = Field(None, description="Indicator count claimed in the narrative")
    #: The cell the stated 总分 was read from, where it came from a table.
    stated_total_cell: CellRead | None = Field(None, description="The cell the stated total was read from")
    #: Rows of the indicator table read as one cell over its name and value columns that still carry a
    #: figure under 分值/得分: an indicator (or the total) whose rules the reader lost, not a label row.
    merged_figure_rows: list[str] = Field(default_factory=list, description="Text of indicator-table rows read as "
                                          "one cell over the name and value columns yet carrying a 分值/得分 figure")
    verdict: Verdict = Field("ok", description="Extraction verdict: ok | suspect (probably misread)")
    verdict_reasons: list[VerdictReason] = Field(default_factory=list, description="Why the reading is in doubt")
    sealed: bool = Field(False, description="Whether a seal (公章) was found on one of the form's pages")
