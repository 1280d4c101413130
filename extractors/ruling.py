"""Ruling lines of a PDF page, read from its vector paths with pypdfium2.

pdfplumber finds table grids from a page's lines and rectangles, but to get them
it lays out every character through pdfminer first, which is most of its cost.
The grid only needs the drawn paths, so we walk them with pdfium (an order of
magnitude faster) and hand the resulting edges to pdfplumber's own grid
algorithm (:mod:`jixiao.extractors.text_grid`).

Edges use pdfplumber's dict shape and its coordinate frame: points, origin at
the top-left corner of the page as displayed (after CropBox, /Rotate and
UserUnit, see :mod:`jixiao.extractors.page_frame`).
"""
from __future__ import annotations

import ctypes
from bisect import bisect_left
from typing import Any, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.page_frame import PageFrame

Edge = dict[str, Any]

#: A segment counts as horizontal/vertical when it leans less than this (pt).
STRAIGHT_TOLERANCE = 1.0
#: Shorter segments are noise (the short sides of a thin filled border rect).
MIN_EDGE_LENGTH = 3.0
#: A drawn rule within this distance (pt) of a cell edge is that edge's rule.
RULE_SNAP = 3.0


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> Edge:
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom,
        "width": x1 - x0, "height": bottom - top,
        "orientation": orientation, "object_type": "line",
    }


def _segment_edge(p: tuple[float, float], q: tuple[float, float], frame: PageFrame) -> Edge | None:
    """A straight user-space segment as an edge of the displayed page, or None if slanted."""
    (x0, y0), (x1, y1) = frame.point(*p), frame.point(*q)
    if abs(y1 - y0) <= STRAIGHT_TOLERANCE and abs(x1 - x0) > 0:
        y = (y0 + y1) / 2
        return _edge(min(x0, x1), y, max(x0, x1), y, "h")
    if abs(x1 - x0) <= STRAIGHT_TOLERANCE and abs(y1 - y0) > 0:
        x = (x0 + x1) / 2
        return _edge(x, min(y0, y1), x, max(y0, y1), "v")
    return None


def _is_visible(obj) -> bool:
    """Paths that are neither stroked nor filled draw nothing; white fills hide nothing."""
    fill_mode, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return True
    if stroke.value:
        return True
    if not fill_mode.value:
        return False
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(c) for c in (r, g, b, a))):
        return not (r.value > 240 and g.value > 240 and b.value > 240) and a.value > 0
    return True


def _path_points(obj) -> Iterator[tuple[int, tuple[float, float], bool]]:
    """(segment type, point in page space, closes-subpath) for each path segment."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    bx, by = ctypes.byref(x), ctypes.byref(y)
    get_segment, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_type, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = get_segment(obj, i)
        get_point(seg, bx, by)
        px = m.a * x.value + m.c * y.value + m.e
        py = m.b * x.value + m.d * y.value + m.f
        yield get_type(seg), (px, py), bool(get_close(seg))


def _path_edges(obj, frame: PageFrame) -> Iterator[Edge]:
    start = prev = None
    for kind, point, closes in _path_points(obj):
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            edge = _segment_edge(prev, point, frame)
            if edge:
                yield edge
        prev = point
        if closes and start is not None and prev != start:
            edge = _segment_edge(prev, start, frame)
            if edge:
                yield edge
            prev = start


def _path_objects(page: pdfium.PdfPage) -> Iterator:
    """Raw handles of the page's top-level path objects (no wrapper objects: this runs per page)."""
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj


def page_edges(page: pdfium.PdfPage, frame: PageFrame | None = None) -> list[Edge]:
    """Every visible straight horizontal or vertical path segment on the page, as displayed."""
    frame = frame or PageFrame.of(page)
    edges: list[Edge] = []
    for obj in _path_objects(page):
        if _is_visible(obj):
            edges.extend(_path_edges(obj, frame))
    return edges


def _closing_rule(verticals: list[Edge], y: float, reaches) -> Edge | None:
    running = [e for e in verticals if reaches(e)]
    if len(running) < 2:
        return None
    x0, x1 = min(e["x0"] for e in running), max(e["x0"] for e in running)
    return _edge(x0, y, x1, y, "h") if x1 - x0 > MIN_EDGE_LENGTH else None


def close_open_grids(edges: list[Edge]) -> tuple[list[Edge], bool, bool]:
    """Add the rules a page break left out.

    Where a row (Chromium, reportlab) or a merged block (LibreOffice) is cut by
    the page end, no closing rule is drawn under it, so the grid algorithm finds
    no cell there and drops its text. Draw the missing rule across every vertical
    rule that reaches the table's lowest (highest) point. Returns the edges and
    whether a row was cut at the bottom / top (verticals running past the last rule).
    """
    horizontals = [e for e in edges if e["orientation"] == "h" and e["width"] >= MIN_EDGE_LENGTH]
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] >= MIN_EDGE_LENGTH]
    if not horizontals or not verticals:
        return edges, False, False
    lowest_h, lowest_v = max(e["top"] for e in horizontals), max(e["bottom"] for e in verticals)
    highest_h, highest_v = min(e["top"] for e in horizontals), min(e["top"] for e in verticals)
    bottom, top = max(lowest_h, lowest_v), min(highest_h, highest_v)
    added = [
        _closing_rule(verticals, bottom, lambda e: e["bottom"] >= bottom - MIN_EDGE_LENGTH),
        _closing_rule(verticals, top, lambda e: e["top"] <= top + MIN_EDGE_LENGTH),
    ]
    cut_bottom = lowest_v > lowest_h + MIN_EDGE_LENGTH and added[0] is not None
    cut_top = highest_v < highest_h - MIN_EDGE_LENGTH and added[1] is not None
    return edges + [e for e in added if e is not None], cut_bottom, cut_top


def cluster(values: list[float], tolerance: float = 1.5) -> list[float]:
    """Sorted distinct coordinates, merging those closer than ``tolerance``."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest_index(edges: list[float], value: float) -> int:
    """Position of ``value`` among clustered ``edges`` (nearest)."""
    i = bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] < edges[i] - value):
        i -= 1
    return i


def rule_covers(rules: list[dict], y: float, x0: float, x1: float) -> bool:
    """Whether drawn horizontal rules at ``y`` cover most of [x0, x1]."""
    covered = sum(
        max(0.0, min(x1, e["x1"]) - max(x0, e["x0"]))
        for e in rules if abs(e["top"] - y) <= RULE_SNAP
    )
    return covered >= 0.8 * (x1 - x0)
