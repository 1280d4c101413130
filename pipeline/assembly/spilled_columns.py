"""Columns a print spilled onto the next page, joined back to their rows.

A spreadsheet printed without "fit to page width" puts the columns that do not fit on a page of their
own: page 1 holds the names, targets and actuals, page 2 the 得分 and 偏差原因 of the same rows.  Each
page alone is a table, and the form loses whatever the spilled page holds (its scores above all).
The spilled page's rows are the same sheet rows, printed at the same heights: its table's row rules
fall where an earlier page's table's do.  A table whose row edges nearly all meet the row edges of a
table on an earlier page (see :func:`spills_from`) is that table's right-hand part: its cells are
joined to the rows they meet, as columns to the right; each keeps where it was read
(:attr:`Cell.seen_at`).
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from jixiao.models import PageContent, PageTable
from jixiao.models.page import Cell
from jixiao.normalizers.spacing import squash

#: Points two row edges may differ by and be the same sheet row's (a print places rows exactly;
#: OCR of a scan of such a print moves them by a few points).
EDGE_TOL = 2.0
#: Share of the spilled table's row edges that must meet the other table's, and how many edges at
#: least (four rows): a continuation page's rows start again at its top and meet none but its
#: repeated header's.
MIN_MET_SHARE = 0.9
MIN_EDGES = 5
#: A table with this share of its column edges where the other's are repeats that table's columns.
MIN_SAME_COLUMNS = 0.5


@lru_cache(maxsize=256)
def _sorted_edges(bounds: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(sorted({round(e, 1) for e in bounds}))


def _edges(table: PageTable) -> tuple[float, ...]:
    """The table's row edges, sorted (asked of every table against every later one: cached by its cells'
    bounds, which are hashable where the table is not)."""
    return _sorted_edges(tuple(e for c in table.cells for e in (c.bbox[1], c.bbox[3])))


def _x_edges(table: PageTable) -> tuple[float, ...]:
    return _sorted_edges(tuple(x for c in table.cells for x in (c.bbox[0], c.bbox[2])))


def _near(value: float, edges: tuple[float, ...] | list[float]) -> float | None:
    """The edge within EDGE_TOL of ``value`` nearest to it (``edges`` sorted), or None."""
    at = bisect_left(edges, value)
    best = min(edges[max(at - 1, 0):at + 1], key=lambda e: abs(e - value), default=None)
    return best if best is not None and abs(best - value) <= EDGE_TOL else None


def _row_tops_and_bottoms(table: PageTable) -> tuple[dict[float, int], dict[float, int]]:
    """Row index by the row's top edge, and by its bottom edge (from its single-row cells, else any)."""
    tops: dict[int, float] = {}
    bottoms: dict[int, float] = {}
    for c in table.cells:
        tops[c.row] = min(tops.get(c.row, c.bbox[1]), c.bbox[1])
        last = c.row + c.rowspan - 1
        bottoms[last] = max(bottoms.get(last, c.bbox[3]), c.bbox[3])
    return {round(v, 1): r for r, v in tops.items()}, {round(v, 1): r for r, v in bottoms.items()}


def spills_from(left: PageTable, right: PageTable, min_edges: int = MIN_EDGES) -> bool:
    """Whether ``right`` (a table of a later page) is part of ``left``'s columns spilled by the print: its row
    edges, its last among them, meet ``left``'s, and it ends where ``left`` ends — or where ``left``'s rows
    below are open to the right (see :func:`_open_below`)."""
    right_edges, left_edges = _edges(right), _edges(left)
    if len(right_edges) < min_edges or not right.cells or not left.cells:
        return False
    met = sum(_near(e, left_edges) is not None for e in right_edges)
    last = right_edges[-1]
    return (met >= MIN_MET_SHARE * len(right_edges) and _near(last, left_edges) is not None
            and (abs(last - left_edges[-1]) <= EDGE_TOL or _open_below(left, last)))


def _open_below(table: PageTable, y: float) -> bool:
    """Whether no cell of the table's rows from ``y`` down reaches its right edge: rows whose values a cell
    merged across the page break carries on (评价结论, 项目负责人), which print no rules on the spilled page."""
    return all(c.bbox[2] < table.bbox[2] - EDGE_TOL for c in table.cells if c.bbox[1] >= y - EDGE_TOL)


def _same_columns(left: PageTable, right: PageTable) -> bool:
    """Whether most of ``right``'s column edges are ``left``'s: the next form of the same template, or the
    table continued with its rows, not columns the print moved to a page of their own."""
    left_edges = _x_edges(left)
    right_edges = _x_edges(right)
    return sum(_near(x, left_edges) is not None for x in right_edges) >= MIN_SAME_COLUMNS * len(right_edges)


def _first_column(table: PageTable) -> set[str]:
    return {squash(c.text) for c in table.cells if c.col == 0 and squash(c.text)}


def _own_row_labels(left: PageTable, right: PageTable) -> bool:
    """Whether ``right`` opens with ``left``'s row labels (科目编码, 项目名称 …): a table of its own that shares
    them, such as a report's 支出 table after its 收入 table, not columns cut off ``left``'s rows."""
    labels = _first_column(right)
    return bool(labels) and len(labels & _first_column(left)) >= MIN_SAME_COLUMNS * len(labels)


def _beside(table: PageTable, others: list[PageTable]) -> bool:
    """Whether the table spans the same stretch of the page as the others (half its width at least)."""
    left, right = min(t.bbox[0] for t in others), max(t.bbox[2] for t in others)
    width = table.bbox[2] - table.bbox[0]
    return width > 0 and min(table.bbox[2], right) - max(table.bbox[0], left) >= 0.5 * width


def _spilled_group(left: PageTable, tables: list[PageTable]) -> list[PageTable]:
    """The tables of a page that are ``left``'s spilled columns: those whose row edges meet its own, when one
    of them has enough rows to tell (a lone total row beside them meets them too, its two edges alone say
    nothing)."""
    sure = [t for t in tables if spills_from(left, t) and not _same_columns(left, t) and not _own_row_labels(left, t)]
    if not sure:
        return []
    return sure + [t for t in tables if t not in sure and spills_from(left, t, min_edges=2) and _beside(t, sure)]


def _column_of(x: float, edges: list[float]) -> int:
    return min(range(len(edges)), key=lambda k: abs(edges[k] - x))


def joined(left: PageTable, group: list[PageTable]) -> PageTable | None:
    """``left`` with the group's cells as further columns of the rows they meet, the group's columns taken from
    where its cells' edges lie (None when a cell meets no row of ``left``: then they are not one table)."""
    tops, bottoms = _row_tops_and_bottoms(left)
    top_edges, bottom_edges = sorted(tops), sorted(bottoms)
    xs = sorted({x for t in group for x in _x_edges(t)})
    edges = [x for k, x in enumerate(xs) if k == 0 or x - xs[k - 1] > EDGE_TOL]
    shift = left.bbox[2] - edges[0]
    cells: list[Cell] = []
    for table in group:
        for c in table.cells:
            top, bottom = _near(c.bbox[1], top_edges), _near(c.bbox[3], bottom_edges)
            if top is None or bottom is None or bottoms[bottom] < tops[top]:
                return None
            x0, y0, x1, y1 = c.bbox
            first, last = _column_of(x0, edges), _column_of(x1, edges)
            cells.append(c.model_copy(update={
                "row": tops[top], "rowspan": bottoms[bottom] - tops[top] + 1, "col": left.n_cols + first,
                "colspan": max(last - first, 1), "bbox": (x0 + shift, y0, x1 + shift, y1),
                "seen_at": c.seen_at or (table.page, c.bbox)}))
    return left.model_copy(update={
        "cells": [*left.cells, *cells], "n_cols": left.n_cols + len(edges) - 1,
        "bbox": (left.bbox[0], left.bbox[1], edges[-1] + shift, left.bbox[3]),
        "col_edges": [*left.col_edges, *(e + shift for e in edges[1:])]})


def join_spilled_columns(pages: list[PageContent]) -> list[PageContent]:
    """The pages with every spilled table joined to its rows on an earlier page (and taken off its own).

    A sheet taller and wider than a page prints down, then across (or across, then down): the spilled
    pages follow the pages of their rows in the same order, so each spilled page joins the earliest
    table whose rows it meets that has not taken a spill yet.
    """
    out = list(pages)
    taken: set[tuple[int, int]] = set()
    for i, page in enumerate(out):
        kept = list(page.tables)
        for j in range(i):
            for k, left in enumerate(out[j].tables):
                if (j, k) in taken or not kept:
                    continue
                group = _spilled_group(left, kept)
                whole = joined(left, group) if group else None
                if whole is not None:
                    tables = list(out[j].tables)
                    tables[k] = whole
                    out[j] = out[j].model_copy(update={"tables": tables})
                    kept = [t for t in kept if t not in group]
                    taken.add((j, k))
        if len(kept) != len(page.tables):
            out[i] = page.model_copy(update={"tables": kept})
    return out
