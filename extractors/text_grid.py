"""The text path: pdfplumber's grid algorithm over pdfium ruling lines, pdfium text per cell.

Why this split: pdfplumber's lines strategy recovers the grids of LibreOffice,
Chromium and reportlab PDFs (merged cells included), but its text comes from
pdfminer, which returns Kangxi radicals (⽬ for 目) where Chromium/WPS fonts map
glyphs that way; pdfium returns the right characters and is much faster. So the
grid is computed with pdfplumber's own functions from edges read by pdfium
(:mod:`jixiao.extractors.ruling`) and every cell's text is read by pdfium inside the
cell's box.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pdfplumber.table as plumber_table
import pypdfium2 as pdfium

from jixiao.extractors.chars import CellBox, Char, fill_cells, loose_lines, page_chars, text_layer
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.ruling import MIN_EDGE_LENGTH, close_open_grids, cluster, nearest_index, page_edges, rule_covers
from jixiao.models import Cell, PageContent, PageTable

if TYPE_CHECKING:
    from jixiao.extractors.readers import PageSource

SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
#: Tables smaller than this are decoration (boxes around a stamp, a logo).
MIN_TABLE_CELLS = 2


def find_grids(edges: list[dict]) -> list[list[CellBox]]:
    """Cell boxes of every ruled table, by pdfplumber's own grid algorithm."""
    merged = plumber_table.merge_edges(edges, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= MIN_EDGE_LENGTH]
    intersections = plumber_table.edges_to_intersections(merged, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    cells = intersections_to_cells(intersections)
    return [t for t in plumber_table.cells_to_tables(cells) if len(t) >= MIN_TABLE_CELLS]


def intersections_to_cells(intersections: dict) -> list[CellBox]:
    """pdfplumber's ``intersections_to_cells``: the same cells in the same order, without its cost.

    pdfplumber scans every later point for each point (to find those below it and to its right)
    and rebuilds both points' edge sets at every connection test: quadratic in the points of a
    page, a tenth of a ruled page's reading. Here the points of each column and row are listed
    once, in the same sorted order, and each point's edge sets built once.
    """
    from collections import defaultdict

    from pdfplumber.utils import obj_to_bbox

    vertical = {p: set(map(obj_to_bbox, edges["v"])) for p, edges in intersections.items()}
    horizontal = {p: set(map(obj_to_bbox, edges["h"])) for p, edges in intersections.items()}

    def connects(p1: tuple, p2: tuple) -> bool:
        return ((p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]))
                or (p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])))

    points = sorted(intersections)
    columns: dict[float, list[tuple]] = defaultdict(list)
    rows: dict[float, list[tuple]] = defaultdict(list)
    places = []
    for point in points:  # in sorted order: each column's and row's list keeps it
        places.append((len(columns[point[0]]), len(rows[point[1]])))
        columns[point[0]].append(point)
        rows[point[1]].append(point)
    cells = []
    for point, (in_column, in_row) in zip(points, places):
        below = columns[point[0]][in_column + 1:]
        right = rows[point[1]][in_row + 1:]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point: tuple, below: list, right: list, intersections: dict, connects) -> CellBox | None:
    for below_pt in below:
        if not connects(point, below_pt):
            continue
        for right_pt in right:
            if not connects(point, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (point[0], point[1], corner[0], corner[1])
    return None


def build_table(boxes: list[CellBox], page_no: int, drawn_rules: list[dict] | None = None) -> PageTable:
    """A PageTable with row/col spans derived from the grid's distinct rules.

    ``drawn_rules`` are the horizontal rules actually drawn on the page; a cell on
    the table's first or last line without one was cut by the page break.
    """
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    cells = []
    for box in boxes:
        c0, c1 = nearest_index(xs, box[0]), nearest_index(xs, box[2])
        r0, r1 = nearest_index(ys, box[1]), nearest_index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        open_end = drawn_rules is not None and r1 == len(ys) - 1 and not rule_covers(drawn_rules, box[3], box[0], box[2])
        open_start = drawn_rules is not None and r0 == 0 and not rule_covers(drawn_rules, box[1], box[0], box[2])
        cells.append(Cell(
            row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0, bbox=box,
            cut_at_page_end=open_end, cut_at_page_start=open_start,
        ))
    cells.sort(key=lambda c: (c.row, c.col))
    return PageTable(
        page=page_no, bbox=(xs[0], ys[0], xs[-1], ys[-1]),
        n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells, col_edges=xs,
    )


@dataclass
class RuledReading:
    """A page read by its drawn rules: the tables, every character, those outside the tables, the rules."""

    tables: list[PageTable]
    chars: list[Char]
    loose: list[Char]
    drawn: list[dict]


def page_frame(page: pdfium.PdfPage, page_no: int, source: "PageSource | None") -> PageFrame:
    """The page as displayed (/Rotate, CropBox, UserUnit): every box is measured in it."""
    return PageFrame.of(page, source.user_unit(page_no) if source is not None else 1.0)


def read_ruled(page: pdfium.PdfPage, page_no: int, frame: PageFrame | None = None,
               source: "PageSource | None" = None) -> RuledReading:
    """The ruled tables of a page, filled with its characters, in points of the page as displayed.

    A page whose font lies is read with the characters its glyphs show (``source.replacements``).
    """
    frame = frame or PageFrame.of(page)
    drawn = page_edges(page, frame)
    edges, _, _ = close_open_grids(drawn)
    drawn_rules = [e for e in drawn if e["orientation"] == "h"]
    tables = [build_table(boxes, page_no, drawn_rules) for boxes in find_grids(edges)]
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    with text_layer(page) as layer:
        chars = page_chars(layer.textpage, frame, source.replacements if source else None,
                           source.doubtful if source else frozenset(), listing=layer.chars())
    return RuledReading(tables, chars, fill_cells(tables, chars), drawn)


def read_text_page(page: pdfium.PdfPage, page_no: int, source: "PageSource | None" = None) -> PageContent:
    """Tables and loose lines of a page whose text layer can be trusted, by its drawn rules only (``ruled``)."""
    frame = page_frame(page, page_no, source)
    ruled = read_ruled(page, page_no, frame, source)
    width, height = frame.size
    return PageContent(page=page_no, width=width, height=height, method="text",
                       tables=ruled.tables, lines=loose_lines(ruled.loose, page_no))
