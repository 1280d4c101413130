"""A self-assessment (or target) form and its indicator rows."""
from typing import Literal

from pydantic import BaseModel, Field

from jixiao.models.provenance import Method, Provenance
from jixiao.models.values import ParsedValue

FormKind = Literal["project_self_eval", "dept_self_eval", "target_declaration", "narrative_report"]


class Indicator(BaseModel):
    """One 三级指标 row with the names of its parents carried down."""

    row_index: int
    level1_raw: str = ""
    level2_raw: str = ""
    level3_raw: str = ""
    level1: str = ""
    level2: str = ""
    level3: str = ""
    level3_id: str = ""
    match_score: float | None = None
    #: Printed subtotals of the parents (the same on every row of a group).
    level1_weight: float | None = None
    level1_score: float | None = None
    level2_weight: float | None = None
    level2_score: float | None = None
    weight: float | None = None
    score: float | None = None
    target: ParsedValue = Field(default_factory=ParsedValue)
    actual: ParsedValue = Field(default_factory=ParsedValue)
    note: str = ""
    provenance: Provenance = Field(default_factory=Provenance)
    #: Confidence of each cell read for this row, by field name ("weight", "score",
    #: "target" …), where the reader knows it (OCR); ``provenance.confidence`` is the
    #: row's minimum. Lets LOW_CONFIDENCE name the weak cells.
    field_confidence: dict[str, float] = Field(default_factory=dict)


class BudgetRow(BaseModel):
    """A 其中 sub-row of the budget block (本年财政拨款, 上年结转, 其他资金 …)."""

    label: str
    initial: float | None = None
    annual: float | None = None
    executed: float | None = None
    rate: float | None = None


class BudgetBlock(BaseModel):
    """The 预算执行 block. ``rate`` is in percent (100% → 100.0)."""

    initial: float | None = None
    annual: float | None = None
    executed: float | None = None
    rate: float | None = None
    weight: float | None = None
    score: float | None = None
    rows: list[BudgetRow] = Field(default_factory=list)
    provenance: Provenance | None = None


class Form(BaseModel):
    """One form found in a document, in page order (``index`` from 0)."""

    index: int
    kind: FormKind
    #: The published template the form was read as (``pipeline.assembly.templates.FAMILIES``).
    template: str = ""
    title: str = ""
    unit: str = ""
    project: str = ""
    year: int | None = None
    first_page: int = 1
    last_page: int = 1
    method: Method = "text"
    budget: BudgetBlock | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    #: The 总分/合计 row: printed score and, where printed, printed weight total.
    stated_total: float | None = None
    stated_weight_total: float | None = None
    stated_total_provenance: Provenance | None = None
    recomputed_total: float | None = None
    stated_grade: str | None = None
    #: Indicator count claimed in the accompanying narrative ("共设置三级绩效指标71个").
    narrative_indicator_count: int | None = None
