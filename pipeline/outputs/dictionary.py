"""The data dictionary: every column of every output table, described once.

The column lists, their types and their descriptions live here and nowhere else.
The tables are built in this order and typed from it, the Parquet files carry the
descriptions as field metadata, the published catalog as ``COMMENT ON``, and the
README's table is generated from it (``python -m jixiao.pipeline.outputs.dictionary``);
a test keeps all of them in step.

To add a column: one line in its table below (name, type, description), then fill
it in :mod:`jixiao.pipeline.outputs.tables`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa

STRING, INT, DOUBLE, DOUBLES, BOOL = "string", "int", "double", "list<double>", "bool"

_ARROW = {STRING: pa.string(), INT: pa.int64(), DOUBLE: pa.float64(), DOUBLES: pa.list_(pa.float64()), BOOL: pa.bool_()}
_DUCKDB = {STRING: "VARCHAR", INT: "BIGINT", DOUBLE: "DOUBLE", DOUBLES: "DOUBLE[]", BOOL: "BOOLEAN"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW[self.type]

    @property
    def duckdb_type(self) -> str:
        return _DUCKDB[self.type]


C = Column
_SOURCE = C("source_file", STRING, "Input path relative to the common root of the run's inputs (escaped: see README 'Safe cells'); unique within a run")
_FORM_INDEX = C("form_index", INT, "Form number within the file, in page order, from 0")

DOCUMENTS = (
    _SOURCE,
    C("format", STRING, "What the file turned out to be: pdf, xlsx, xls, docx, doc, jpg, png, tif, …; .ext when unsupported"),
    C("sha256", STRING, "SHA-256 of the file's bytes (empty when the file could not be read)"),
    C("pages", INT, "Number of pages (PDF pages, sheets, Word page-break sections, image frames)"),
    C("status", STRING, "ok | partial (some pages or forms unreadable, or a form's reading suspect) | failed (see error) | skipped (a discovery rule, named in error)"),
    C("error", STRING, "Why the file failed or is partial, in words a person can act on"),
    C("forms", INT, "Number of forms found (rows in forms)"),
    C("indicators", INT, "Number of indicator rows found over all forms"),
    C("findings", INT, "Number of validator findings"),
)  # no timing: the same input gives the same bytes; seconds per document are in the run state (results.seconds)

FORMS = (
    _SOURCE,
    _FORM_INDEX,
    C("form_kind", STRING, "project_self_eval | dept_self_eval | target_declaration | narrative_report"),
    C("template", STRING, "Template family the form was read as: national_2020_project | national_2020_dept | "
      "split_target | budget_rate_row | weighted_levels | declaration | declaration_midterm | narrative_report | "
      "scored_table"),
    C("title", STRING, "Form title as printed"),
    C("unit", STRING, "Reporting unit (填报单位/单位名称) as printed"),
    C("unit_simplified", STRING, "unit in simplified characters, for grouping across scripts"),
    C("unit_confidence", DOUBLE, "Confidence 0–1 of the unit's reading: 1 from a text layer or a file's cell, OCR's "
      "otherwise; at most 0.5 when the name is not shaped like an office's (empty when no unit was read)"),
    C("project", STRING, "Project name (项目名称) as printed"),
    C("project_simplified", STRING, "project in simplified characters, for grouping across scripts"),
    C("year", INT, "Budget year the form assesses"),
    C("first_page", INT, "First page of the form (1-based)"),
    C("last_page", INT, "Last page of the form (1-based)"),
    C("method", STRING, "text (read from the text layer) | ocr (any row read by OCR)"),
    C("table_reading", STRING, "ruled (indicator table read by its drawn grid) | inferred (rules missing: 三线表, "
      "horizontal rules only, frame, none) | ruled+inferred | empty (no indicator table)"),
    C("indicators", INT, "Number of indicator rows in the form"),
    C("budget_unit", STRING, "Unit of the budget amounts as printed on the form: 万元 | 元 (empty when not printed)"),
    C("budget_initial", DOUBLE, "年初预算数, in budget_unit"),
    C("budget_annual", DOUBLE, "全年预算数, in budget_unit"),
    C("budget_executed", DOUBLE, "全年执行数, in budget_unit"),
    C("budget_rate", DOUBLE, "执行率 in percent (100% is 100)"),
    C("budget_weight", DOUBLE, "Points (分值) of the budget-execution item"),
    C("budget_score", DOUBLE, "Points scored on the budget-execution item"),
    C("stated_weight_total", DOUBLE, "Printed total of the weights (合计 row), where printed"),
    C("stated_total", DOUBLE, "Printed total score (总分)"),
    C("recomputed_total", DOUBLE, "Total score recomputed from the rows and the budget item"),
    C("stated_grade", STRING, "Printed grade reduced to 优 | 良 | 中 | 差"),
    C("recomputed_grade", STRING, "Grade the recomputed total earns: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差"),
    C("narrative_indicator_count", INT, "Indicator count claimed in the narrative (共设置…指标N个)"),
    C("verdict", STRING, "Extraction verdict: ok | suspect (the form's own checks or the reader's confidences say it "
                         "was probably misread; README 'Extraction verdict')"),
    C("verdict_reasons", STRING, "Reasons, '; '-separated, each CODE@rowN.field(read→fits): misreads, the form's own "
                                 "discrepancies (FORM_DISCREPANCY) and second readings (REREAD_CORRECTED)"),
    C("sealed", BOOL, "Whether a seal (公章) was found on one of the form's pages (scans and photos)"),
)

INDICATORS = (
    _SOURCE,
    _FORM_INDEX,
    C("row_index", INT, "Indicator row number within the form, from 0"),
    C("page", INT, "Page the row is printed on (1-based)"),
    C("level1_raw", STRING, "一级指标 as printed (after text repair)"),
    C("level1", STRING, "Canonical 一级指标 (the cleaned raw name where nothing matched)"),
    C("level2_raw", STRING, "二级指标 as printed (after text repair)"),
    C("level2", STRING, "Canonical 二级指标 (the cleaned raw name where nothing matched)"),
    C("level3_raw", STRING, "三级指标 as printed (after text repair)"),
    C("level3", STRING, "三级指标, cleaned and simplified"),
    C("level3_id", STRING, "Canonical schema id of the 三级指标, where it maps"),
    C("match_score", DOUBLE, "Name-matching score 0–1: the weaker of the level-1 and level-2 matches"),
    C("level1_weight", DOUBLE, "Printed weight subtotal of the 一级指标 group"),
    C("level2_weight", DOUBLE, "Printed weight subtotal of the 二级指标 group"),
    C("weight", DOUBLE, "Row weight (分值/权重)"),
    C("target_raw", STRING, "年度指标值 as printed"),
    C("target_op", STRING, "Target comparison: >= | <= | > | < | ="),
    C("target_value", DOUBLE, "Target number"),
    C("target_unit", STRING, "Target unit (%, 个, 万元 …)"),
    C("target_label", STRING, "Qualitative target (达成预期指标, 及时, 优 …)"),
    C("actual_raw", STRING, "实际完成值 as printed"),
    C("actual_op", STRING, "Actual comparison: >= | <= | > | < | ="),
    C("actual_value", DOUBLE, "Actual number"),
    C("actual_unit", STRING, "Actual unit"),
    C("actual_label", STRING, "Qualitative actual"),
    C("score", DOUBLE, "Row score (得分) as printed"),
    C("note", STRING, "偏差原因 / remarks as printed"),
    C("method", STRING, "text | ocr: how the row was read"),
    C("confidence", DOUBLE, "Reading confidence 0–1 (1 for the text layer; the weakest cell for OCR)"),
    C("bbox", DOUBLES, "Row box [x0, top, x1, bottom] in PDF points, origin top-left of the page"),
    C("location", STRING, "Spreadsheets: sheet and cell range (表1!A16:K16); Word: table, rows, columns; empty for PDFs and images"),
)

FINDINGS = (
    _SOURCE,
    C("form_index", INT, "Form the finding is about (empty for the whole file)"),
    C("rule", STRING, "Rule code (README 'Validator rules')"),
    C("severity", STRING, "error | warning | needs_review (rests on a cell whose reading is in doubt; names the cell "
                          "and both readings) | info"),
    C("page", INT, "Page to look at (1-based)"),
    C("row_index", INT, "Indicator row the finding is about, from 0 (empty for form-level findings)"),
    C("indicator", STRING, "Name of the indicator or item questioned"),
    C("expected_value", DOUBLE, "What the form's other figures imply, as a number"),
    C("stated_value", DOUBLE, "The figure printed on the form, as a number"),
    C("gap", DOUBLE, "stated_value − expected_value (or the amount outside the allowed range)"),
    C("expected", STRING, "Expected value as text, with context a number cannot hold (ranges, thresholds)"),
    C("stated", STRING, "Stated value as text, with context (which cells, which sum)"),
    C("message", STRING, "Explanation of the discrepancy"),
)

FONTS = (
    _SOURCE,
    C("page", INT, "Text-layer page whose fonts were checked (1-based)"),
    C("typeface", STRING, "Base font name shared by the typeface's font objects (subset prefix removed)"),
    C("glyphs", INT, "Distinct glyphs of the typeface drawn on the page"),
    C("occurrences", INT, "Glyphs of the typeface drawn on the page, repeats counted"),
    C("checked", INT, "Distinct glyphs read by the glyph recogniser"),
    C("disagreed", INT, "Glyphs the recogniser is sure are another character than the text layer claims"),
    C("unsure", INT, "Glyphs read with too little confidence to judge"),
    C("unmapped", INT, "Glyphs without any Unicode mapping (no /ToUnicode)"),
    C("lying", BOOL, "True when the typeface's text layer lies about its glyphs (LYING_FONT on the forms it touches)"),
    C("repaired", INT, "Distinct glyphs whose claimed character was replaced by the one read from the glyph"),
    C("outcome", STRING, "honest | repaired (read on the text path from its glyphs) | ocr (too many glyphs unclear: "
                         "the page was read by OCR)"),
    C("reason", STRING, "Why the typeface was judged lying, or why its page was sent to OCR"),
)

SEALS = (
    _SOURCE,
    C("page", INT, "Page the seal is on (1-based)"),
    C("bbox", DOUBLES, "Seal's box [x0, top, x1, bottom] in points of the upright page"),
    C("colour", STRING, "Median ink colour as seen, hex (grey on a greyscale page)"),
    C("seen_as", STRING, "red ink (colour page) | grey ring (greyscale page)"),
    C("text", STRING, "The unit's name along the seal's arc, read from the ring unwrapped to a straight line (empty when unreadable)"),
    C("text_confidence", DOUBLE, "How sure the arc reading is (0–1): the recogniser's score times the agreement of its readings "
                                 "at several widths; below 0.8 the text is left empty (a seal was there, its name not legible)"),
)

UNMAPPED = (
    C("level", INT, "Indicator level of the name: 1, 2 or 3"),
    C("raw_name", STRING, "Name as printed"),
    C("normalized", STRING, "The name's lookup key"),
    C("count", INT, "Rows carrying the name in this output"),
    C("suggestion_1", STRING, "Closest canonical name"),
    C("score_1", DOUBLE, "Its match score 0–1"),
    C("suggestion_2", STRING, "Second closest canonical name"),
    C("score_2", DOUBLE, "Its match score 0–1"),
    C("suggestion_3", STRING, "Third closest canonical name"),
    C("score_3", DOUBLE, "Its match score 0–1"),
)

#: The tables of the output contract, in the order they are written.
TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENTS, "forms": FORMS, "indicators": INDICATORS, "findings": FINDINGS, "seals": SEALS,
    "fonts": FONTS,
}
TABLE_DESCRIPTIONS = {
    "documents": "One row per input file, whatever happened to it",
    "forms": "One row per form found (a PDF may hold several)",
    "indicators": "One row per indicator (三级指标) row of a form",
    "findings": "One row per discrepancy the validator found",
    "seals": "One row per seal (公章) found on a scanned or photographed page",
    "fonts": "One row per text-layer page and typeface checked glyph by glyph (lying fonts found and repaired)",
    "unmapped": "Indicator names the canonical schema did not place (unmapped.csv)",
}


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def column_types(table: str) -> dict[str, str]:
    return {c.name: c.type for c in TABLES[table]}


def arrow_schema(table: str) -> pa.Schema:
    """The table's Arrow schema, each field carrying its description as metadata."""
    return arrow_columns_schema(TABLES[table], TABLE_DESCRIPTIONS[table])


def arrow_columns_schema(cols: tuple[Column, ...], description: str | None = None) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.arrow_type, metadata={"description": c.description}) for c in cols],
                     metadata={"description": description} if description else None)


#: How pandas records each type in a Parquet file's ``pandas`` metadata: (pandas_type, numpy_type) of
#: the frames the Python API gives (nullable Int64/Float64/boolean, string, lists as objects).
_PANDAS = {STRING: ("unicode", "string"), INT: ("int64", "Int64"), DOUBLE: ("float64", "Float64"),
           DOUBLES: ("list[float64]", "object"), BOOL: ("bool", "boolean")}


def pandas_metadata(cols: tuple[Column, ...]) -> bytes:
    """The ``pandas`` schema metadata PyArrow writes for such a frame (``Table.from_pandas``), made
    without importing pandas: ``pandas.read_parquet`` then gives back the API's column types."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pandas_version = version("pandas")
    except PackageNotFoundError:  # pragma: no cover - pandas is a dependency
        return b""
    described = [{"name": c.name, "field_name": c.name, "pandas_type": _PANDAS[c.type][0],
                  "numpy_type": _PANDAS[c.type][1], "metadata": None} for c in cols]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": described, "attributes": {},
                       "creator": {"library": "pyarrow", "version": pa.__version__},
                       "pandas_version": pandas_version}).encode("utf8")


@lru_cache(maxsize=None)
def output_schema(table: str) -> pa.Schema:
    """:func:`arrow_schema` with the ``pandas`` metadata: the schema of the Parquet files."""
    schema = arrow_schema(table)
    described = pandas_metadata(TABLES[table])
    return schema.with_metadata({**schema.metadata, b"pandas": described}) if described else schema


def markdown() -> str:
    """The README's table of columns, generated so it cannot drift from the code."""
    lines = []
    for table, cols in {**TABLES, "unmapped": UNMAPPED}.items():
        lines += [f"**{table}** — {TABLE_DESCRIPTIONS[table]}", "", "| column | type | description |",
                  "|---|---|---|"]
        lines += [f"| {c.name} | {c.type} | {c.description.replace('|', '&#124;')} |" for c in cols]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
