"""One truth form laid out as the ruled grid an office would print.

Both producers (spreadsheet → LibreOffice, HTML → Chromium) consume this one
grid, so the merged cells, header rows and wrapping rules are decided once and
every variant of a document shows the same table.

The grid has a single set of *fine* columns.  Offices draw the 填报单位/budget
block and the indicator table on one sheet, so short blocks use column spans
across the indicator table's columns; when the indicator table has too few
columns for the seven budget cells, each indicator column is split into
several fine columns.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

#: Relative printed width of each indicator-table field (≈ characters at 9 pt).
FIELD_WIDTHS: dict[str, float] = {
    "banner": 3, "level1": 6, "level1_weight": 4, "level1_score": 4,
    "level2": 7, "level2_weight": 4, "level2_score": 4, "level3": 12,
    "weight": 4, "target": 9, "target_op": 4, "target_value": 6, "target_unit": 4,
    "actual": 9, "score": 4, "note": 10, "basis": 18, "explanation": 18,
    "target_period": 9,
    # a declaration table listing several projects: per-project cells on the left, a direction column
    "unit_name": 8, "project_name": 6, "project_budget": 6, "project_goal": 9, "direction": 4,
    # a declaration printing the long-term 二级/三级 cells beside the year's, and a 绩效标准 column
    "level2_period": 7, "level3_period": 9, "standard": 6,
    # a 序号 column numbering the rows
    "seq": 2,
}
#: Fields merged vertically over a run of rows sharing the same 一级 / 二级 group.
LEVEL1_FIELDS = ("level1", "level1_weight", "level1_score")
LEVEL2_FIELDS = ("level2", "level2_weight", "level2_score")
#: Long criteria text shared by consecutive rows is printed once, merged down; so are the
#: 单位名称 / 项目名称 / 预算数 / 年度目标 cells of a table that lists several projects' rows.
REPEAT_MERGED_FIELDS = ("basis", "explanation", "unit_name", "project_name", "project_budget", "project_goal")
NUMERIC_FIELDS = {"level1_weight", "level1_score", "level2_weight", "level2_score", "weight", "score"}
#: Which group a bare two-row sub-header ("名称", "权重(%)") belongs to.
GROUP_OF_FIELD = {
    "level1": "一级指标", "level1_weight": "一级指标", "level1_score": "一级指标",
    "level2": "二级指标", "level2_weight": "二级指标", "level2_score": "二级指标",
    "level3": "三级指标", "weight": "三级指标",
}
#: A two-row header is transcribed as "一级指标 名称": group, then sub-header.
HEADER_SEPARATORS = re.compile(r"\s+")
#: (truth key, printed header, relative width) of the 预算执行 block, in printed order.
BUDGET_COLUMNS = (
    ("initial", "年初预算数", 1.0), ("annual", "全年预算数", 1.0), ("executed", "全年执行数", 1.0),
    ("weight", "分值", 0.8), ("rate", "执行率", 0.9), ("score", "得分", 0.8),
)
#: The budget block needs a label cell plus six value cells.
MIN_FINE_COLUMNS = 8
#: Orientation: tables wider than this (relative units) are printed landscape.
LANDSCAPE_FROM_WIDTH = 70


@dataclass
class Cell:
    """A printed cell; `role` decides its font and alignment in every producer."""

    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1
    role: str = "text"  # head | label | text | num


@dataclass
class Row:
    cells: list[Cell]
    kind: str  # fields | budget | head | body | total


@dataclass
class FormLayout:
    kind: str
    title: str
    meta: list[str]
    col_widths: list[float]
    landscape: bool
    pre_rows: list[Row] = field(default_factory=list)
    head_rows: list[Row] = field(default_factory=list)
    body_rows: list[Row] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return len(self.col_widths)

    def long_texts(self, min_chars: int = 12) -> list[str]:
        """Cell texts long enough that a page break could cut them."""
        rows = self.pre_rows + self.body_rows
        return [c.text for r in rows for c in r.cells if len(c.text) >= min_chars]


def format_number(value: Any) -> str:
    """Print a truth number the way the form shows it (10, 1.05, 1104.846)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_rate(value: Any) -> str:
    """Truth stores 执行率 as a percent number; forms print it with %."""
    text = format_number(value)
    return f"{text}%" if text and not text.endswith("%") else text


def split_span(widths: list[float], weights: list[float]) -> list[int]:
    """Column spans for cells whose printed widths should follow `weights`.

    Boundaries fall on the column edges nearest to the target fractions of the
    total width, so a short block lines up with the indicator table's rules.
    Each cell gets at least one column.
    """
    n, parts = len(widths), len(weights)
    if n < parts:
        raise ValueError(f"{parts} cells cannot share {n} columns")
    edges = [sum(widths[:i]) for i in range(n + 1)]
    total_w, total_k = edges[-1], sum(weights)
    bounds = [0]
    for i in range(1, parts):
        target = sum(weights[:i]) / total_k * total_w
        lo, hi = bounds[-1] + 1, n - (parts - i)
        bounds.append(min(range(lo, hi + 1), key=lambda e: abs(edges[e] - target)))
    bounds.append(n)
    return [b - a for a, b in zip(bounds, bounds[1:])]


def cells_from_spans(texts: list[str], spans: list[int], roles: list[str]) -> list[Cell]:
    cells, col = [], 0
    for text, span, role in zip(texts, spans, roles):
        cells.append(Cell(text=text, col=col, colspan=span, role=role))
        col += span
    return cells


def split_header(header: str, fld: str, header_rows: int) -> tuple[str, str | None]:
    """(top, bottom) header texts; bottom None means the top cell spans both rows."""
    if header_rows < 2:
        return header, None
    parts = HEADER_SEPARATORS.split(header.strip(), maxsplit=1)
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    group = GROUP_OF_FIELD.get(fld)
    if group and not header.startswith(group):
        return group, header
    return header, None


def header_pair(column: dict, header_rows: int) -> tuple[str, str | None]:
    """(top, bottom) header texts of one column. A column may print its one header cell down both rows (权重
    and 分值 beside a two-row 采集数据项 group), or name its sub-header itself: an empty one (a value column under
    预期指标值 printed between 符号 and 单位 with no sub-header of its own) cannot be written as "group sub"."""
    if column.get("spans_header_rows"):
        return column.get("header", ""), None
    if "sub_header" in column and header_rows >= 2:
        return column.get("header", ""), column["sub_header"]
    return split_header(column.get("header", ""), column["field"], header_rows)


def header_rows_for(columns: list[dict], header_rows: int, k: int) -> list[Row]:
    """Printed header rows; equal adjacent top texts merge into one spanning cell."""
    pairs = [header_pair(c, header_rows) for c in columns]
    top: list[Cell] = []
    bottom: list[Cell] = []
    for i, (upper, lower) in enumerate(pairs):
        col = i * k
        if lower is None:
            top.append(Cell(upper, col, k, 2 if header_rows >= 2 else 1, "head"))
            continue
        prev = top[-1] if top else None
        prev_pair = pairs[i - 1] if i else None
        if prev and prev_pair and prev_pair[1] is not None and prev.text == upper:
            prev.colspan += k
        else:
            top.append(Cell(upper, col, k, 1, "head"))
        bottom.append(Cell(lower, col, k, 1, "head"))
    rows = [Row(top, "head")]
    if header_rows >= 2:
        rows.append(Row(bottom, "head"))
    return rows


def indicator_value(ind: dict, fld: str, banner: str) -> str:
    if fld == "banner":
        return ind.get("banner", banner)
    value = ind.get(fld)
    return format_number(value) if fld in NUMERIC_FIELDS else (value or "")


def run_lengths(keys: list[Any]) -> list[int]:
    """For each row, the length of the run of equal keys it starts (0 if inside a run)."""
    spans = [0] * len(keys)
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[j + 1] == keys[i]:
            j += 1
        spans[i] = j - i + 1
        i = j + 1
    return spans


def _level2_keys(form: dict, inds: list[dict]) -> list[tuple]:
    """What merges a 二级 cell down: the rows' 一级, 二级 and its weight, and a new cell from each printed row
    the print names in ``level2_starts`` (an office that typed a 二级 name again under the same name)."""
    starts = set((form.get("print") or {}).get("level2_starts") or ())
    keys, block = [], 0
    for r, ind in enumerate(inds):
        block += r in starts
        keys.append((ind.get("level1"), ind.get("level2"), ind.get("level2_weight"), block))
    return keys


def body_rows_for(form: dict, k: int) -> list[Row]:
    """Indicator rows with 一级/二级 (and banner) cells merged over their runs."""
    inds = form.get("indicators") or []
    columns = form.get("columns") or []
    l1 = run_lengths([(i.get("level1"), i.get("level1_weight")) for i in inds])
    l2 = run_lengths(_level2_keys(form, inds))
    if (form.get("print") or {}).get("unmerged_levels"):
        # a spreadsheet's export that prints every row's 一级 and 二级 names in cells of their own
        l1 = l2 = [1] * len(inds)
    repeats = {f: run_lengths([i.get(f) or object() for i in inds]) for f in REPEAT_MERGED_FIELDS}
    # a form may merge more cells down (a 序号 and a 三级 name over the two criteria of one 三级指标), never
    # across a 二级 group
    for f in (form.get("print") or {}).get("merged_fields") or ():
        repeats[f] = run_lengths([(i.get("level1"), i.get("level2"), i.get(f) or object()) for i in inds])
    # and a form may merge cells down over the criteria rows of one 三级 name (its unit, target and fill-in box
    # printed once beside four scored criteria), blank cells included, never past the name
    for f in (form.get("print") or {}).get("merged_by_name") or ():
        repeats[f] = run_lengths([(i.get("level1"), i.get("level2"), i.get("level3"), i.get(f)) for i in inds])
    # from a printed row on, a field's cell may cover the columns after it (a later block's 理由 printed across
    # the 数据项2 and 指标值 columns of the blocks above it)
    wide = (form.get("print") or {}).get("wide_from") or {}
    banner = form.get("banner") or ""
    # a row may name its own banner (a form of several target blocks, each labelled down its left edge)
    banners = run_lengths([i.get("banner", banner) for i in inds])
    rows = []
    for r, ind in enumerate(inds):
        cells = []
        covered = 0
        for c, col in enumerate(columns):
            fld = col["field"]
            if covered:
                covered -= 1
                continue
            width = wide.get("span", 1) if wide and r >= wide.get("row", 0) and fld == wide.get("field") else 1
            covered = width - 1
            span = 1
            if fld == "banner":
                span = banners[r]
            elif fld in LEVEL1_FIELDS:
                span = l1[r]
            elif fld in LEVEL2_FIELDS:
                span = l2[r]
            elif fld in repeats:
                span = repeats[fld][r]
            if span == 0:
                continue
            role = "num" if fld in NUMERIC_FIELDS else ("label" if fld.startswith("level") or fld == "banner" else "text")
            cells.append(Cell(indicator_value(ind, fld, banner), c * k, k * width, span, role))
        rows.append(Row(cells, "body"))
    return rows


def total_row_for(form: dict, k: int) -> Row | None:
    total = form.get("total_row")
    columns = form.get("columns") or []
    if not total or not columns:
        return None
    fields = [c["field"] for c in columns]
    weight_col = next((fields.index(f) for f in ("weight", "level1_weight") if f in fields), None)
    score_col = fields.index("score") if "score" in fields else None
    stops = [c for c in (weight_col, score_col) if c is not None and c > 0]
    label_span = min(stops) if stops else len(columns)
    cells = [Cell(total.get("label") or "合计", 0, label_span * k, 1, "label")]
    for c in range(label_span, len(columns)):
        text = ""
        if c == weight_col:
            text = format_number(total.get("weight"))
        elif c == score_col:
            text = format_number(total.get("score"))
        cells.append(Cell(text, c * k, k, 1, "num"))
    return Row(cells, "total")


def field_rows_for(pairs: list[list[str]], widths: list[float]) -> list[Row]:
    """Key/value cells: two short pairs share a row, long values get a full row."""
    rows: list[Row] = []
    i = 0
    while i < len(pairs):
        label, value = pairs[i][0], format_number(pairs[i][1])
        nxt = pairs[i + 1] if i + 1 < len(pairs) else None
        short = len(value) <= 16 and nxt is not None and len(format_number(nxt[1])) <= 16
        if short and len(widths) >= 4:
            spans = split_span(widths, [1.2, 2.8, 1.2, 2.8])
            texts = [label, value, nxt[0], format_number(nxt[1])]
            rows.append(Row(cells_from_spans(texts, spans, ["label", "text", "label", "text"]), "fields"))
            i += 2
        else:
            spans = split_span(widths, [1.2, 6.8])
            rows.append(Row(cells_from_spans([label, value], spans, ["label", "text"]), "fields"))
            i += 1
    return rows


def budget_columns(budget: dict, kind: str) -> list[tuple[str, str, float]]:
    """(key, header, width) of the budget columns the form prints.

    Columns with no figure anywhere are left out, as forms that do not score
    the budget (申报表, 江门) have no 分值/得分 cells; a 申报表 calls its one
    figure 预算金额.
    """
    rows = [budget, *(budget.get("rows") or [])]
    present = [key for key, _, _ in BUDGET_COLUMNS if any(r.get(key) is not None for r in rows)] or ["initial"]
    columns = [(key, header, width) for key, header, width in BUDGET_COLUMNS if key in present]
    if kind == "target_declaration" and present == ["initial"]:
        columns = [("initial", "预算金额", 1.0)]
    return columns


def budget_cell(row: dict, key: str, is_sub_row: bool) -> str:
    """Sub-rows print "—" under 分值/得分, which only the total line has."""
    if is_sub_row and key in ("weight", "score"):
        return "—"
    return format_rate(row.get(key)) if key == "rate" else format_number(row.get(key))


def budget_rows_for(budget: dict | None, widths: list[float], amount_unit: str, kind: str = "") -> list[Row]:
    """The 预算执行 block: header, total line and its 其中 sub-rows."""
    if not budget:
        return []
    columns = budget_columns(budget, kind)
    spans = split_span(widths, [2.0] + [w for _, _, w in columns])
    roles = ["label"] + ["num"] * len(columns)
    head = [f"预算执行情况（{amount_unit}）"] + [header for _, header, _ in columns]
    rows = [Row(cells_from_spans(head, spans, ["head"] * len(head)), "budget")]
    lines = [("年度资金总额", budget, False)] + [(sub.get("label") or "", sub, True) for sub in budget.get("rows") or []]
    for label, line, is_sub in lines:
        texts = [label] + [budget_cell(line, key, is_sub) for key, _, _ in columns]
        rows.append(Row(cells_from_spans(texts, spans, roles), "budget"))
    return rows


def printed_texts(form: dict) -> str:
    parts = [v for _, v in form.get("header_fields") or []] + list(form.get("narrative") or [])
    return "\n".join(format_number(p) for p in parts)


def meta_lines(form: dict) -> list[str]:
    """Lines under the title: 填报单位 unless a header field already prints it."""
    unit = form.get("unit") or ""
    values = {format_number(v) for _, v in form.get("header_fields") or []}
    lines = []
    if unit and unit not in values:
        lines.append(f"填报单位（盖章）：{unit}")
    if form.get("budget"):
        lines.append(f"金额单位：{amount_unit_of(form)}")
    return lines


def amount_unit_of(form: dict) -> str:
    """元 when the form's figures are whole 元 amounts, else 万元 (what most forms use)."""
    budget = form.get("budget") or {}
    for note in form.get("notes") or []:
        if "单位：元" in note or "单位:元" in note or "金额单位为元" in note:
            return "元"
    annual = budget.get("annual") or budget.get("initial") or 0
    return "元" if isinstance(annual, (int, float)) and annual >= 1_000_000 else "万元"


def closing_paragraphs(form: dict) -> list[str]:
    """Narrative prose, plus the stated total/grade when nothing else prints them."""
    paras = list(form.get("narrative") or [])
    printed = printed_texts(form)
    if form.get("stated_grade") and form["stated_grade"] not in printed:
        total = form.get("stated_total")
        stated = f"自评得分：{format_number(total)}分，" if total is not None and not form.get("total_row") else ""
        paras.append(f"{stated}自评等级：{form['stated_grade']}")
    return paras


def column_width(column: dict) -> float:
    """The column's printed width: its own when the truth gives one (a form whose text columns are wider
    than the template's default), else its field's."""
    return column.get("width") or FIELD_WIDTHS.get(column["field"], 8)


def layout_form(form: dict) -> FormLayout:
    """The printable grid of one table form (not used for narrative reports)."""
    columns = form.get("columns") or []
    n = max(1, len(columns))
    k = math.ceil(MIN_FINE_COLUMNS / n) if n < MIN_FINE_COLUMNS else 1
    widths = [column_width(c) / k for c in columns for _ in range(k)] or [10.0] * MIN_FINE_COLUMNS
    pre = field_rows_for(form.get("header_fields") or [], widths)
    pre += budget_rows_for(form.get("budget"), widths, amount_unit_of(form), form.get("kind", ""))
    head = header_rows_for(columns, form.get("header_rows") or 1, k) if columns else []
    body = body_rows_for(form, k)
    total = total_row_for(form, k)
    if total:
        body.append(total)
    return FormLayout(
        kind=form.get("kind", ""), title=form.get("title", ""), meta=meta_lines(form),
        col_widths=widths, landscape=sum(widths) >= LANDSCAPE_FROM_WIDTH,
        pre_rows=pre, head_rows=head, body_rows=body, paragraphs=closing_paragraphs(form),
    )
