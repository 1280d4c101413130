"""Typed seams between the stages of jixiao.

Extractors produce :class:`PageContent` (grids of cells and loose text lines per
page); assembly turns pages into :class:`Form` objects holding :class:`Indicator`
rows; the validator adds :class:`Finding` objects; the pipeline wraps all of it
in a :class:`Document`. Every extracted value carries a :class:`Provenance`.
"""
from jixiao.models.provenance import BBox, Method, Provenance
from jixiao.models.page import Cell, PageContent, PageTable, Seal, TextLine, UprightFrame
from jixiao.models.values import ParsedValue
from jixiao.models.form import BudgetBlock, BudgetRow, CellRead, Form, FormKind, Indicator, Verdict, VerdictReason
from jixiao.models.finding import Finding, Severity
from jixiao.models.document import Document, DocumentStatus
from jixiao.models.font_check import FontCheck, FontOutcome

__all__ = [
    "BBox", "Method", "Provenance", "Cell", "PageContent", "PageTable", "Seal", "TextLine", "UprightFrame",
    "ParsedValue", "BudgetBlock", "BudgetRow", "CellRead", "Form", "FormKind", "Indicator", "Verdict",
    "VerdictReason",
    "Finding", "Severity", "Document", "DocumentStatus", "FontCheck", "FontOutcome",
]
