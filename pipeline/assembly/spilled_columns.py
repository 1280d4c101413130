"""Columns a print spilled onto the next page, joined back to their rows.

A spreadsheet printed without "fit to page width" puts the columns that do not fit on a page of their
own: page 1 holds the names, targets and actuals, page 2 the 得分 and 偏差原因 of the same rows.  Each
page alone is a table, and the form loses whatever the spilled page holds (its scores above all).
The spilled page's rows are the same sheet rows, printed at the same heights: its table's row rules
fall where an earlier page's table's do.  A table whose row edges mostly meet the row edges of a
table on an earlier page (see :func:`spills_from`) is that table's right-hand part: its cells are
joined as columns to the right, on the rows either part rules; each keeps where it was read
(:attr:`Cell.seen_at`).  What the print cut at the seam is mended in :mod:`spill_seams`.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from jixiao.extractors.ruling import cluster, nearest_index
from jixiao.models import PageContent, PageTable
from jixiao.models.page import Cell
from jixiao.models.provenance import BBox
from jixiao.normalizers.spacing import squash
from jixiao.pipeline.assembly.spill_seams import EDGE_TOL, mend_seam, strays_at_seams
#: Share of the row edges either part rules over the spilled part's height that both rule, and how many
#: edges the spilled part has at least (four rows): a continuation page's rows start again at its top
#: and meet none but its repeated header's. Not all: either part may merge rows the other rules (two
#: 指标说明 lines of one 三级指标, a header printed as two sheet rows; a 未完成原因 merged over two rows
#: of figures) — 0.87 and 0.88 of the edges in the corpus's prints.
MIN_MET_SHARE = 0.8
MIN_EDGES = 5
#: Row edges enough, and the share of them both parts rule, for the page right after a joined spill,
#: which the order of printing already pairs with the page after the one that spill joined (one row:
#: a repeated header; a header of two sheet rows over two rows and a total: half the edges).
MIN_PAIRED_EDGES = 2
MIN_PAIRED_SHARE = 0.5
#: Rows a spilled part may reach below the table it joins: a 合计 row merged across the page's edge
#: prints no rule on its right there, so the grid finder closes the table above it, while the spilled
#: page rules the row's figures.
MAX_ROWS_BELOW = 2
#: A table with this share of its column edges where the other's are repeats that table's columns.
MIN_SAME_COLUMNS = 0.5
#: Tables of a page one right under the other, at most this far apart (points, about a row), may be one
#: sheet's rows: a row merged across the page's edge (总分 over the label columns) closes no rule on its
#: right, so the grid finder ends the table above it and starts another below.
MAX_STACK_GAP = 30.0


@dataclass(frozen=True)
class Bar:
    """How much two tables' row edges must meet to be one table's parts."""

    edges: int
    share: float


#: A page's table that joins on its rows' evidence alone.
SURE = Bar(MIN_EDGES, MIN_MET_SHARE)
#: A page the order of printing pairs with the table already (see MIN_PAIRED_EDGES).
PAIRED = Bar(MIN_PAIRED_EDGES, MIN_PAIRED_SHARE)
#: A few rows beside a sure spill on its page (a lone total row, the 联系人 rows above it).
BESIDE = Bar(MIN_PAIRED_EDGES, MIN_MET_SHARE)


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


def _below(left: PageTable, edges: tuple[float, ...]) -> list[float]:
    """The edges below ``left``'s last one."""
    bottom = _edges(left)[-1] + EDGE_TOL
    return [e for e in edges if e > bottom]


def _edges_meet(left: PageTable, right_edges: tuple[float, ...], bar: Bar = SURE) -> bool:
    """Whether the row edges of a part (``right_edges``) and ``left``'s over the part's height are mostly the
    same (see MIN_MET_SHARE), the part's last among them — and a few rows right under ``left`` (see
    MAX_ROWS_BELOW) carry on from ``left``'s last."""
    left_edges = _edges(left)
    below = _below(left, right_edges)
    within = right_edges[:len(right_edges) - len(below)]
    if len(within) < bar.edges or len(below) > MAX_ROWS_BELOW or within[0] < left_edges[0] - EDGE_TOL:
        return False
    beside = [e for e in left_edges if within[0] - EDGE_TOL <= e <= within[-1] + EDGE_TOL]
    both = sum(_near(e, left_edges) is not None for e in within)
    either = len(within) + len(beside) - both
    last = _near(within[-1], left_edges)
    return ((both >= bar.share * either or _all_ruled_by(beside, within, bar.edges))
            and last is not None and (not below or last == left_edges[-1]))


def _all_ruled_by(edges: list[float], finer: tuple[float, ...], at_least: int) -> bool:
    """Whether every one of (enough) ``edges`` is one of ``finer``'s: a table whose columns left on its page
    all merge rows (一级 and 二级 over their 三级 rows, which the spilled part holds) rules only the
    groups' edges, each of them a row edge of the part."""
    return len(edges) >= at_least and all(_near(e, finer) is not None for e in edges)


def spills_from(left: PageTable, right: PageTable, bar: Bar = SURE, short: int = 0) -> bool:
    """Whether ``right`` (a table of a later page) is part of ``left``'s columns spilled by the print: its row
    edges, its last among them, meet ``left``'s, and it ends where ``left`` ends (or a row or two below it)
    — or where ``left``'s rows below are open to the right (see :func:`_open_below`)."""
    return _spills(left, _edges(right), bar, short)


def _spills(left: PageTable, edges: tuple[float, ...], bar: Bar, short: int = 0) -> bool:
    if not _edges_meet(left, edges, bar):
        return False
    last, left_last = edges[-1], _edges(left)[-1]
    # ``short``: rows a joined table took from under its first spill (:func:`_rows_under`); the next part
    # may end above them, their cells on its page merged across its edge and closing no rule
    return (last >= left_last - EDGE_TOL or _open_below(left, last)
            or (short > 0 and sum(e > last + EDGE_TOL for e in _edges(left)) <= short))


def _open_below(table: PageTable, y: float) -> bool:
    """Whether no cell of the table's rows from ``y`` down reaches its right edge holding text: rows whose
    values a cell merged across the page break carries on (评价结论, 项目负责人, a 总分 row's blank remark),
    which print no rules, or an empty box the reader leaves out, on the spilled page."""
    return all(c.bbox[2] < table.bbox[2] - EDGE_TOL or not squash(c.text)
               for c in table.cells if c.bbox[1] >= y - EDGE_TOL)


def _same_columns(left: PageTable, right: PageTable) -> bool:
    """Whether most of ``right``'s column edges are ``left``'s: the next form of the same template, or the
    table continued with its rows, not columns the print moved to a page of their own."""
    left_edges = _x_edges(left)
    right_edges = _x_edges(right)
    return sum(_near(x, left_edges) is not None for x in right_edges) >= MIN_SAME_COLUMNS * len(right_edges)


def _is_label(text: str) -> bool:
    """Whether a cell's text names a row (has a letter or a CJK character): a 序号 or a spilled 分值 column
    holds numbers only, and the numbers 1–17 of one are the weights 1–17 of the other."""
    return any(ch.isalpha() for ch in text)


def _first_column(table: PageTable) -> set[str]:
    return {squash(c.text) for c in table.cells if c.col == 0 and _is_label(squash(c.text))}


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


def _spilled_group(left: PageTable, tables: list[PageTable], bar: Bar = SURE, short: int = 0) -> list[PageTable]:
    """The tables of a page that are ``left``'s spilled columns: those whose row edges meet its own, when one
    of them has enough rows to tell (a lone total row beside them meets them too, its two edges alone say
    nothing; so do the few rows of 联系人 and 评价年度 above it, where rows open to the right between them
    split the spilled part in two) — or when they tell together (a budget block and the indicator rows
    below it, apart where the rows between print nothing on the spilled page)."""
    part_bar = Bar(BESIDE.edges, min(BESIDE.share, bar.share))
    parts = [t for t in tables if _edges_meet(left, _edges(t), part_bar) and not _same_columns(left, t)
             and not _own_row_labels(left, t)]
    sure = [t for t in parts if spills_from(left, t, bar, short)]
    if sure:
        group = sure + [t for t in parts if t not in sure and _beside(t, sure)]
        return group + _rows_under(left, group, [t for t in tables if t not in group])
    together = tuple(sorted({e for t in parts for e in _edges(t)}))
    if len(parts) > 1 and all(_beside(t, parts) for t in parts) and _spills(left, together, bar):
        return parts
    return []


def _rows_under(left: PageTable, group: list[PageTable], others: list[PageTable]) -> list[PageTable]:
    """The spilled page's tables right under its joined part, within its columns: the sheet's last rows
    (其他需要说明事项 | 无, 总分 | 100 | 96), whose label cells merged across the page break close no
    rule on either page, so the left page's grid ends above them and the spilled page's figures stand
    in a table of their own, more than a stack's gap below (:data:`MAX_STACK_GAP`). One starting at most
    MAX_ROWS_BELOW of ``left``'s rows under the part, and ending no further, is the part's: its
    labels, loose on the left page, are joined to it across the seam (:func:`mend_seam`)."""
    edges = _edges(left)
    reach = MAX_ROWS_BELOW * median(b - a for a, b in zip(edges, edges[1:])) if len(edges) > 1 else 0.0
    x0, x1 = min(t.bbox[0] for t in group), max(t.bbox[2] for t in group)
    bottom = max(t.bbox[3] for t in group)
    return [t for t in others if 0 <= t.bbox[1] - bottom and t.bbox[3] - bottom <= reach + EDGE_TOL
            and t.bbox[0] >= x0 - EDGE_TOL and t.bbox[2] <= x1 + EDGE_TOL]


def row_grid(left: PageTable, group: list[PageTable]) -> list[float]:
    """The joined table's row edges: both parts' (each may rule rows the other merges)."""
    return cluster([*_edges(left), *(e for t in group for e in _edges(t))], EDGE_TOL)


def _placed(cell: Cell, grid: list[float], col: int, colspan: int, shift: float = 0.0) -> Cell:
    """The cell at its rows of the joined grid (and its columns, moved right by ``shift``)."""
    x0, y0, x1, y1 = cell.bbox
    row = nearest_index(grid, y0)
    return cell.model_copy(update={"row": row, "rowspan": max(nearest_index(grid, y1) - row, 1), "col": col,
                                   "colspan": colspan, "bbox": (x0 + shift, y0, x1 + shift, y1)})


def joined(left: PageTable, group: list[PageTable], grid: list[float]) -> PageTable:
    """``left`` with the group's cells as further columns, on the rows of ``grid`` (:func:`row_grid`: a row one
    part merges spans the other's rows), the group's columns taken from where its cells' edges lie."""
    edges = cluster([x for t in group for x in _x_edges(t)], EDGE_TOL)
    shift = left.bbox[2] - edges[0]
    cells = [_placed(c, grid, c.col, c.colspan) for c in left.cells]
    for table in group:
        for c in table.cells:
            first, last = nearest_index(edges, c.bbox[0]), nearest_index(edges, c.bbox[2])
            spilled = _placed(c, grid, left.n_cols + first, max(last - first, 1), shift)
            cells.append(spilled.model_copy(update={"seen_at": c.seen_at or (table.page, c.bbox)}))
    return left.model_copy(update={
        "cells": cells, "n_cols": left.n_cols + len(edges) - 1, "n_rows": len(grid) - 1,
        "bbox": (left.bbox[0], left.bbox[1], edges[-1] + shift, max(grid[-1], left.bbox[3])),
        "col_edges": [*left.col_edges, *(e + shift for e in edges[1:])]})


def _stack_under(tables: list[PageTable], k: int) -> list[int]:
    """Indices of the tables that continue table ``k`` down its page: each starts at most MAX_STACK_GAP
    below the one before it and spans the same stretch of the page."""
    chain = [k]
    for index in sorted(range(len(tables)), key=lambda i: tables[i].bbox[1]):
        last = tables[chain[-1]]
        table = tables[index]
        if (index not in chain and 0 <= table.bbox[1] - last.bbox[3] <= MAX_STACK_GAP
                and _beside(table, [last]) and _beside(last, [table])):
            chain.append(index)
    return chain


def _fused(tables: list[PageTable]) -> PageTable:
    """Tables of one page stacked down it (:func:`_stack_under`) as one table, on the union of their rows and
    columns: the rows between them that printed no rules to close are rows of the table with no cells."""
    cols = cluster([x for t in tables for x in _x_edges(t)], EDGE_TOL)
    rows = cluster([y for t in tables for y in _edges(t)], EDGE_TOL)
    cells = [_placed(c, rows, col, max(nearest_index(cols, c.bbox[2]) - col, 1))
             for table in tables for c in table.cells for col in [nearest_index(cols, c.bbox[0])]]
    first = tables[0]
    return first.model_copy(update={
        "cells": cells, "n_rows": len(rows) - 1, "n_cols": len(cols) - 1, "col_edges": cols,
        "bbox": (cols[0], rows[0], cols[-1], rows[-1])})


def _stacks_spilled(pages: list[PageContent]) -> list[PageContent]:
    """The pages with each stack of tables (:func:`_stack_under`) fused into one where, fused, it takes a
    later page's table as its spilled columns and its top table alone does not (that table's rows run on
    below it, across the rows the page's tables leave out)."""
    out = list(pages)
    for j, page in enumerate(pages):
        later = [t for p in pages[j + 1:] for t in p.tables]
        for k, top in enumerate(page.tables):
            chain = _stack_under(page.tables, k)
            if len(chain) < 2:
                continue
            stack = _fused([page.tables[i] for i in chain])
            if any(spills_from(stack, t) and not spills_from(top, t) for t in later):
                tables = [stack if i == k else t for i, t in enumerate(page.tables) if i not in chain[1:]]
                out[j] = page.model_copy(update={"tables": tables})
                break
    return out


def join_spilled_columns(pages: list[PageContent]) -> list[PageContent]:
    """The pages with every spilled table joined to its rows on an earlier page (and taken off its own),
    and what the print cut at the seam made whole (:func:`mend_seam`).

    A sheet taller and wider than a page prints down, then across (or across, then down): the spilled
    pages follow the pages of their rows in the same order, so each spilled page joins the earliest
    table whose rows it meets that has not taken a spill yet. The page after a joined spill is the
    spill of the page after the one it joined, so there a table of fewer rows tells (the repeated
    header alone that a sheet's last printed page may hold).
    """
    out = _stacks_spilled(pages)
    taken: dict[tuple[int, int], list[int]] = {}
    shifts: dict[tuple[int, int], float] = {}
    under: dict[tuple[int, int], int] = {}  # rows a join took from under its spill (_rows_under)
    parts: dict[tuple[int, int], list[tuple[int, BBox, bool]]] = {}  # each joined table's parts: page, box, spilled
    for i in range(len(out)):
        kept = list(out[i].tables)
        for again in (False, True):  # a table joined already takes the next part of a sheet three pages wide
            for j in range(i):
                follows = any(i - 1 in spills for (page, _), spills in taken.items() if page == j - 1)
                for k, left in enumerate(out[j].tables):
                    if ((j, k) in taken) != again or not kept:
                        continue
                    group = _spilled_group(left, kept, PAIRED if follows else SURE, under.get((j, k), 0))
                    if not group:
                        continue
                    spilled_left = min(t.bbox[0] for t in group)
                    parts.setdefault((j, k), [(j, left.bbox, False)]).extend((i, t.bbox, True) for t in group)
                    seam = taken.get((j, k), [j])[-1]  # the page printing left's right-hand part
                    tables = list(out[j].tables)
                    grid = row_grid(left, group)
                    under[(j, k)] = under.get((j, k), 0) + sum(e > _edges(left)[-1] + EDGE_TOL for e in grid)
                    tables[k], out[seam], out[i] = mend_seam(joined(left, group, grid), grid, left, out[seam],
                                                             out[i], spilled_left, max(t.bbox[2] for t in group),
                                                             shifts.get((j, k), 0.0))
                    out[j] = out[j].model_copy(update={"tables": tables})
                    kept = [t for t in kept if t not in group]
                    taken.setdefault((j, k), []).append(i)
                    shifts[(j, k)] = left.bbox[2] - spilled_left
        if len(kept) != len(out[i].tables):
            out[i] = out[i].model_copy(update={"tables": kept})
    return _with_strays(out, parts)


def _with_strays(pages: list[PageContent], parts: dict[tuple[int, int], list[tuple[int, BBox, bool]]]
                 ) -> list[PageContent]:
    """The pages with each joined table carrying the loose lines its parts left beyond their seams
    (:func:`strays_at_seams`), looked for once every join has taken the lines it mends."""
    out = list(pages)
    for (j, k), placed in parts.items():
        strays = strays_at_seams([(out[index], bbox, spilled) for index, bbox, spilled in placed])
        if strays:
            tables = list(out[j].tables)
            tables[k] = tables[k].model_copy(update={"seam_strays": strays})
            out[j] = out[j].model_copy(update={"tables": tables})
    return out
