"""Print hints: the parts of a published form that are printed but are not data.

Real forms carry cells the truth schema has no field for, and a reader must
learn to leave them alone: template rows never filled in ("指标2：", "……"),
a 预算执行情况（10分） block laid out the province's own way, 年度总体目标 or
年度主要任务 sub-tables, and rows after the total (评价结论, 自评等级, 项目负责人).
A truth form describes them under its optional ``"print"`` key, which only the
generator reads:

```jsonc
"print": {
  "placeholder_rows": [{"after": 3, "like": 3, "level3": "指标2："}],  // inserted after indicator 3
  "pre_blocks": [{"cells": ["年度总体目标", "预期目标", "实际完成情况"], "weights": [1, 2, 2]}],
  "budget_block": false,          // the 预算执行 block is printed by pre_blocks instead
  "header_block": false,          // so are the header key/value cells
  "total_block": false,           // and the 总分 row (e.g. with its grade beside the score)
  "post_rows": [{"cells": ["自评等级", "优"], "weights": [1, 6]}],
  "meta": ["报表编号:510000_0013zp"],  // lines under the title instead of the default ones
  "merged_fields": ["seq", "level3"],  // cells merged down over equal neighbours within a 二级 group
  "level2_starts": [1],  // printed rows whose 二级 cell is printed again, not merged with the one above
  "unmerged_levels": true  // every row prints its own 一级 and 二级 cells (a spreadsheet's export), none merged
}
```

A placeholder copies the 一级/二级 cells (and their weights) of indicator
``like`` (default: ``after``) so the merged group cells run over it, as they do
on the printed form; fields it names itself override the copy.  A block cell
is a string or ``{"text": …, "rowspan": n}``; ``null`` marks a position covered
by a rowspan from the row above.
"""
from __future__ import annotations

import copy
import re
from samples.generate.layout import Cell, FormLayout, Row, layout_form, split_span

GROUP_KEYS = ("level1", "level1_weight", "level1_score", "level1_canonical",
              "level2", "level2_weight", "level2_score", "level2_canonical")
NUMBER_TEXT = re.compile(r"^[\d.,%/\-—]+$")


def hints(form: dict) -> dict:
    return form.get("print") or {}


def with_placeholders(form: dict) -> list[dict]:
    """The printed indicator rows: the truth's rows with the template rows put back."""
    rows = [dict(ind) for ind in form.get("indicators") or []]
    placeholders = hints(form).get("placeholder_rows") or []
    inserted: dict[int, list[dict]] = {}
    for ph in placeholders:
        after = ph.get("after", -1)
        like = rows[ph.get("like", max(after, 0))] if rows else {}
        row = {k: like.get(k) for k in GROUP_KEYS if k in like}
        row.update({k: v for k, v in ph.items() if k not in ("after", "like")})
        inserted.setdefault(after, []).append(row)
    printed = list(inserted.get(-1, []))
    for i, row in enumerate(rows):
        printed.append(row)
        printed.extend(inserted.get(i, []))
    return printed


def printable(form: dict) -> dict:
    """A copy of the form that `layout_form` prints as published."""
    out = copy.deepcopy(form)
    h = hints(form)
    out["indicators"] = with_placeholders(form)
    if h.get("budget_block") is False:
        out["budget"] = None
    if h.get("header_block") is False:  # the header cells are printed by pre_blocks instead
        out["header_fields"] = []
    if h.get("total_block") is False:  # the 总分 row is printed by post_rows (with cells the default lacks)
        out["total_row"] = None
    printed_elsewhere = " ".join(_block_texts(h))
    if out.get("stated_grade") and out["stated_grade"] in printed_elsewhere:
        out["stated_grade"] = None  # the grade is a printed cell, not a closing line
    return out


def _block_texts(h: dict) -> list[str]:
    texts = []
    for block in (h.get("pre_blocks") or []) + (h.get("post_rows") or []):
        for cell in block.get("cells") or []:
            if isinstance(cell, dict):
                texts.append(cell.get("text", ""))
            elif cell:
                texts.append(cell)
    return texts


def _role(text: str, first: bool) -> str:
    if first:
        return "label"
    return "num" if text and NUMBER_TEXT.match(text) else "text"


def block_rows(blocks: list[dict], widths: list[float], kind: str) -> list[Row]:
    """Ruled rows from block specs; cells share the table width by their weights."""
    rows: list[Row] = []
    for block in blocks:
        cells_spec = block.get("cells") or []
        weights = block.get("weights") or [1.0] * len(cells_spec)
        spans = split_span(widths, weights)
        cells, col = [], 0
        for i, (spec, span) in enumerate(zip(cells_spec, spans)):
            if spec is not None:
                text = spec.get("text", "") if isinstance(spec, dict) else spec
                rowspan = spec.get("rowspan", 1) if isinstance(spec, dict) else 1
                role = spec.get("role") if isinstance(spec, dict) and spec.get("role") else _role(text, i == 0)
                cells.append(Cell(text=text, col=col, colspan=span, rowspan=rowspan, role=role))
            col += span
        rows.append(Row(cells, kind))
    return rows


def column_rows(specs: list[dict], k: int) -> list[tuple[int, Row]]:
    """Ruled rows laid on the indicator table's own columns, each with the printed row it goes before: a
    header printed again before a later 一级 block, or a closing row whose cells fall on the columns (总分 under
    一级指标, 100 under 权重). A spec is `{"before": printed row index, "kind": "head" | "body", "cells": [...]}`,
    a cell a text or `{"text", "span" (table columns), "rowspan"}`, or None for a column a cell of the row above
    covers."""
    placed: list[tuple[int, Row]] = []
    for spec in specs:
        cells, col = [], 0
        for i, cell in enumerate(spec.get("cells") or []):
            if cell is None:
                col += 1
                continue
            text = cell.get("text", "") if isinstance(cell, dict) else cell
            span = cell.get("span", 1) if isinstance(cell, dict) else 1
            rowspan = cell.get("rowspan", 1) if isinstance(cell, dict) else 1
            role = "head" if spec.get("kind") == "head" else _role(text, i == 0)
            cells.append(Cell(text=text, col=col * k, colspan=span * k, rowspan=rowspan, role=role))
            col += span
        placed.append((spec.get("before", 0), Row(cells, spec.get("kind", "body"))))
    return placed


def layout_printed_form(form: dict) -> FormLayout:
    """`layout_form` of the printable copy, with the hinted blocks added where they print."""
    h = hints(form)
    layout = layout_form(printable(form))
    widths = layout.col_widths
    pre = block_rows(h.get("pre_blocks") or [], widths, "fields")
    if pre:
        n_fields = sum(1 for r in layout.pre_rows if r.kind == "fields")
        at = n_fields if h.get("blocks_after_fields", True) else 0
        if h.get("blocks_after_budget"):
            at = len(layout.pre_rows)
        layout.pre_rows[at:at] = pre
    if h.get("column_rows"):
        k = max(1, len(widths) // max(1, len(form.get("columns") or [])))
        # inserted last row first, so each index still names the printed row it goes before
        for before, row in reversed(sorted(column_rows(h["column_rows"], k), key=lambda p: p[0])):
            layout.body_rows.insert(before, row)
    post = block_rows(h.get("post_rows") or [], widths, "body")
    layout.body_rows.extend(post)
    if "meta" in h:
        layout.meta = list(h["meta"])
    return layout
