"""Read a scanned (or lying) page into :class:`models.PageContent`, table-aware.

The page is rendered and straightened (small skew from the rules and lines;
quarter turns from the direction the text runs; 0° against 180° by a
recognition vote on a few lines). Its ruled tables are rebuilt from the rule
lines, and the rules on grid edges are erased. Text lines are then found by the
ink profile *inside each cell* (and of the page outside tables), so no text
detector runs over the page: a form's cells are small, clean boxes where the
ink profile separates lines exactly. All line crops are recognised in batches.

Coordinates: every bbox is in PDF points of the **upright** page, origin top
left — the frame in which the text reads normally, after the page's own
/Rotate and after any quarter turn the reader applied. For a page found turned
by 90° or 270° the upright width and height are the rendered page's height and
width; ``PageContent.width/height`` give the upright size. Residual skew
(a few degrees at most) is removed before measuring and not undone.
"""
from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

import cv2
import numpy as np
import pypdfium2 as pdfium

from jixiao.extractors.inferred_grid import (HEADER_GAP, HEADER_VALUE_WORDS, Glyph, Rules, infer_tables, is_coarse,
                                             is_header_text, names_levels, whole_level_names, with_wrapped_pieces)
from jixiao.extractors.ocr.components import components, components_with_stats
from jixiao.extractors.ocr.cell_lines import cell_text, join_line, visual_lines
from jixiao.extractors.ocr.coarse_reading import best_readings, without_stubs
from jixiao.extractors.ocr.column_rules import column_rules
from jixiao.extractors.ocr.stacked_rows import split_stacked_rows
from jixiao.extractors.ocr.figure_cells import figure_cells
from jixiao.extractors.ocr.vocabulary_decoding import ColumnVocabularies, lines_in_doubt
from jixiao.extractors.ocr.name_decoding import NameReader
from jixiao.extractors.ocr.unread_ink import faint_lead, unread_width
from jixiao.extractors.ocr.value_decoding import (OPERATORS, GrammarReader, value_like_text, with_faint_lead,
                                                  with_unread_sign)
from jixiao.extractors.ocr.engine import Box, OcrEngine, get_engine, release_heap
from jixiao.extractors.ocr import lone_glyphs
from jixiao.extractors.ocr.grid import (COARSE_JOIN_GAP_IN, EDGE_TOLERANCE_IN, JOIN_GAP_IN, GridTable, Rule, RuleMasks,
                                        drawn_rules, erase_rules, find_tables, rule_masks)
from jixiao.extractors.ocr.page_image import PageRaster, PdfRaster
from jixiao.extractors.ocr.pen import PEN_CONFIDENCE, written_cells
from jixiao.extractors.ocr.prepare import PreparedPage, prepare_raster
from jixiao.extractors.ocr.seal_text import read_seal_arc
from jixiao.extractors.ocr.sealed_rules import bridge_rules_under_seals
from jixiao.extractors.ocr.seals import SealMark
from jixiao.extractors.ocr.raster import estimate_skew, ink_mask, rotate_small, turn
from jixiao.models.page import Cell, PageContent, PageTable, Seal, TextLine
from jixiao.normalizers.ocr_repair import repair_ocr_text

if TYPE_CHECKING:
    from jixiao.extractors.readers import PageSource

#: Bounds for the page's ink level (Otsu's threshold between paper and print):
#: small type in a blurred scan is grey, not black.
INK_LEVEL_RANGE = (100, 200)
#: Closing length (inches) that joins the characters of a line but not two lines.
SMEAR_IN = 0.04
#: Text runs sideways when smearing along y joins this much more than along x.
SIDEWAYS_RATIO = 0.85
#: Lines recognised both ways up to decide whether a page is upside down.
ORIENTATION_SAMPLES = 3
#: Pixels kept clear of a cell's rules when looking for its lines.
CELL_INSET = 3
#: An ink row needs this many dark pixels to count (noise specks don't).
MIN_INK_PER_ROW = 2
#: Shortest line (inches): shorter ink runs are specks, dots of leaders, rule stubs.
MIN_LINE_IN = 0.025
#: Two row runs are strokes of the same glyphs when their columns overlap by this share
#: of the wider one (the bars of "=", the ">" and the bar of "≥").
STACKED_OVERLAP = 0.8
#: A thin run joins only if it is a bar: ink across this share of its width (a stroke,
#: not the scattered dots of seal residue or fax dust).
BAR_FILL = 0.9
#: ... and when together they are at most this much wider than a glyph is tall (a glyph or
#: two; flat signs such as "=" count at the height of body type, GLYPH_HEIGHT_IN).
GLYPH_RATIO = 1.6
GLYPH_HEIGHT_IN = 0.1
#: Margin added above and below a line's ink, in line heights.
V_MARGIN = 0.25
#: Margin added left and right of a line's ink, in line heights.
H_MARGIN = 0.3
#: Outside tables, a band of ink this many times the usual line height is read
#: with the text detector.
TALL_BAND_LINES = 2.2
#: Outside tables, a gap wider than this many line heights splits a line in two.
LOOSE_GAP_LINES = 1.5
#: In an inferred table, a piece taller than this many usual lines holds more than one line.
TALL_PIECE = 1.6
#: On a coarse page (fax) a line box (ink with its margins) lower than this (inches) and
#: wider than RULE_STUB_MIN_IN is a fragment of a broken rule, not text: type of any size
#: is taller with its margins. On the tune faxes such fragments were up to a third of the
#: width the recogniser read, and came back empty or as "1".
RULE_STUB_MAX_IN = 0.06
RULE_STUB_MIN_IN = 0.25


@dataclass
class _Crop:
    """A line to recognise and where its text goes."""

    box: Box               # line box with margins, pixels of the upright page
    table: int | None      # index into the page's tables, None for loose text
    cell: int | None       # index into that table's cells
    bounds: Box | None = None  # what the crop may show of the page (its cell)


# ---------------------------------------------------------------- lines

def _cut(gray: np.ndarray, box: Box) -> np.ndarray:
    h, w = gray.shape
    x0, y0, x1, y1 = box
    return gray[max(int(y0), 0):min(int(np.ceil(y1)), h), max(int(x0), 0):min(int(np.ceil(x1)), w)]


def paper_level(gray: np.ndarray) -> int:
    """The grey of the page's paper (its most common light tone)."""
    return int(np.median(gray[::4, ::4]))


def line_crop(image: np.ndarray, box: Box, bounds: Box | None = None, paper: int = 255) -> np.ndarray:
    """The crop the recogniser sees for a line box.

    The part of the box inside ``bounds`` comes from the page; the rest (margin
    of text set flush against a cell's rule) is filled with the paper's grey.
    """
    h, w = image.shape
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    bx0, by0, bx1, by1 = (int(round(v)) for v in (bounds or (0, 0, w, h)))
    ix0, iy0 = max(x0, bx0, 0), max(y0, by0, 0)
    ix1, iy1 = min(x1, bx1, w), min(y1, by1, h)
    if ix1 <= ix0 or iy1 <= iy0:
        return np.full((max(y1 - y0, 1), max(x1 - x0, 1)), paper, np.uint8)
    crop = image[iy0:iy1, ix0:ix1]
    pads = (iy0 - y0, y1 - iy1, ix0 - x0, x1 - ix1)
    if any(pads):
        crop = cv2.copyMakeBorder(crop, *pads, cv2.BORDER_CONSTANT, value=paper)
    return crop


def _runs(profile: np.ndarray, min_count: int, max_gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of indices where ``profile >= min_count``, bridging gaps up to ``max_gap``."""
    on = np.flatnonzero(profile >= min_count)
    if on.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(on) > max_gap + 1)
    starts = np.concatenate(([on[0]], on[breaks + 1]))
    ends = np.concatenate((on[breaks], [on[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def ink_level(gray: np.ndarray) -> int:
    """Grey level separating print from paper on this page."""
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return int(min(max(level, INK_LEVEL_RANGE[0]), INK_LEVEL_RANGE[1]))


def ink_lines(clean: np.ndarray, region: Box, dpi: int, level: int,
              split_gap_lines: float | None = None, bounds: Box | None = None,
              join_strokes: bool = False) -> list[Box]:
    """Text lines inside a region, from its ink profile, with margins for recognition.

    Each line's ink box grows by V_MARGIN of its height up and down (never more
    than half-way to the next line) and by H_MARGIN of its height sideways, all within
    the region: the recogniser is trained on such margins, and without them it
    drops small marks such as the point of "1.05". Margins are cut from the
    page, not padded: a flat white border next to grey scanned paper made it
    misread the "1" of "1.05". With ``split_gap_lines`` a line is also cut where
    its ink pauses for more than that many line heights (loose text such as
    "填报单位：…      金额单位：万元"). Margins may reach out to ``bounds`` (a
    cell's full box), beyond the region searched for ink; ``line_crop`` fills
    what lies outside the cell with paper: text set flush against a cell's rule
    otherwise loses its edge (">98%" read ">98%6"). With ``join_strokes`` two runs a
    stroke of ink crosses are one line (:func:`_joined_by_strokes`).
    """
    _, by0, _, by1 = bounds or region
    crop = _cut(clean, region)
    if crop.size == 0:
        return []
    ink = crop < level
    height_px, width_px = ink.shape
    min_len = max(3, round(MIN_LINE_IN * dpi))
    glyph_px = round(GLYPH_HEIGHT_IN * dpi)
    runs = _runs(ink.sum(axis=1), MIN_INK_PER_ROW, max_gap=1)
    if join_strokes:
        runs = _joined_by_strokes(ink, runs, min_len)
    runs = _with_thin_marks(ink, runs, min_len, glyph_px)
    rows = [r for r in runs if r[1] - r[0] >= min_len]
    lines: list[Box] = []
    ox, oy = region[0], region[1]
    for i, (top, bottom) in enumerate(rows):
        height = bottom - top
        above = top - rows[i - 1][1] if i else 2 * (top + oy - by0)
        below = rows[i + 1][0] - bottom if i + 1 < len(rows) else 2 * (by1 - oy - bottom)
        pad_v = max(2, round(V_MARGIN * height))
        y0, y1 = top - min(pad_v, above // 2), bottom + min(pad_v, below // 2)
        pad_h = max(3, round(H_MARGIN * height))
        gap = round(height * split_gap_lines) if split_gap_lines else width_px
        for left, right in _runs(ink[top:bottom].sum(axis=0), 1, max_gap=gap):
            if right - left < min_len and height < 2 * min_len:
                continue
            lines.append((ox + left - pad_h, oy + y0, ox + right + pad_h, oy + y1))
    return lines


def _joined_by_strokes(ink: np.ndarray, runs: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    """Row runs with two neighbours joined when one connected stroke of ink crosses the
    short gap between them (at most ``max_gap`` rows).

    A glyph whose strokes thin to a single pixel column where they meet (the stem
    joining the flag of a serif "5" to its bowl) leaves rows too faint for the
    profile, and splits in two "lines": the flag alone read as "C", the cell as
    "C5". Two text lines are apart by blank rows; ink that runs unbroken from one
    run into the next is one glyph.
    """
    if len(runs) < 2:
        return runs
    _, labels = components(ink.astype(np.uint8))
    joined = [runs[0]]
    for top, bottom in runs[1:]:
        prev_top, prev_bottom = joined[-1]
        gap = labels[prev_bottom:top]
        if 0 < top - prev_bottom <= max_gap and gap.any(axis=1).all():
            shared = (set(np.unique(labels[prev_top:prev_bottom])) & set(np.unique(labels[top:bottom]))
                      & set(np.unique(gap))) - {0}
            if shared:
                joined[-1] = (prev_top, bottom)
                continue
        joined.append((top, bottom))
    return joined


def _with_thin_marks(ink: np.ndarray, runs: list[tuple[int, int]], min_len: int,
                     glyph_px: int) -> list[tuple[int, int]]:
    """Row runs with each run too thin to be a line joined to the glyph strokes it belongs to.

    Some glyphs are made of flat strokes one above the other: the two bars of "=" and "﹦",
    the bar under "≥" and "≤". Each bar alone is thinner than a line and would be dropped
    as a speck, so a lone sign in a 指标性质 cell came back empty (or "≥" as "V"). A thin
    run joins its neighbour when it is a solid bar within ``min_len`` rows of it, the two
    span about the same columns (strokes of one glyph stack) and together they are no
    wider than a glyph or two (``glyph_px``: the height of a glyph of body type). A speck,
    a dust line or seal residue under a number stays out of its line (joined, a fax read
    "98.79" as "98.791" and a sealed total "99.63" as "99,63").
    """
    def extent(top: int, bottom: int) -> tuple[int, int]:
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        return (int(cols[0]), int(cols[-1]) + 1) if cols.size else (0, 0)

    def is_bar(run: tuple[int, int]) -> bool:
        left, right = extent(*run)
        return ink[run[0]:run[1], left:right].any(axis=0).mean() >= BAR_FILL if right > left else False

    def stacked(a: tuple[int, int], b: tuple[int, int]) -> bool:
        (a0, a1), (b0, b1) = extent(*a), extent(*b)
        overlap = min(a1, b1) - max(a0, b0) >= STACKED_OVERLAP * max(a1 - a0, b1 - b0, 1)
        thin_ones = [r for r in (a, b) if r[1] - r[0] < min_len]
        return (overlap and all(is_bar(r) for r in thin_ones)
                and max(a1, b1) - min(a0, b0) <= GLYPH_RATIO * max(b[1] - a[0], glyph_px))

    merged: list[tuple[int, int]] = []
    for top, bottom in runs:
        if merged:
            prev = merged[-1]
            thin = bottom - top < min_len or prev[1] - prev[0] < min_len
            if thin and top - prev[1] <= min_len and stacked(prev, (top, bottom)):
                merged[-1] = (prev[0], bottom)
                continue
        merged.append((top, bottom))
    return merged


def _inset(box: Box, by: float) -> Box:
    x0, y0, x1, y1 = box
    return x0 + by, y0 + by, x1 - by, y1 - by


def _without_tables(clean: np.ndarray, tables: Sequence[GridTable]) -> np.ndarray:
    """The page with its tables blanked, leaving the text around them."""
    out = clean.copy()
    for t in tables:
        x0, y0, x1, y1 = (int(v) for v in t.box)
        out[max(y0 - 2, 0):y1 + 3, max(x0 - 2, 0):x1 + 3] = 255
    return out


def _detected_lines(image: np.ndarray, band: Box, engine: OcrEngine) -> list[Box]:
    """Text lines of a band of the page found by the engine's detector, at half scale."""
    x0, y0 = max(int(band[0]), 0), max(int(band[1]), 0)
    small = cv2.resize(_cut(image, band), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return [(x0 + 2 * a, y0 + 2 * b, x0 + 2 * c, y0 + 2 * d) for a, b, c, d in engine.detect(small)]


#: A line of body type with its margins is at most this tall (inches, 18 pt: 10.5–12 pt type and its margins).
USUAL_LINE_IN = 0.25


def usual_line_height(heights: Sequence[float], dpi: int) -> float:
    """The page's usual line height (pixels): the median band, but never more than a line of body type
    (USUAL_LINE_IN). Where a fax's specks and lost rules ran most rows together, the median band holds two or
    three lines and no band looked taller than usual: none was sent to the detector."""
    return min(float(np.median(heights)), USUAL_LINE_IN * dpi)


def _lines_outside_tables(image: np.ndarray, dpi: int, level: int, engine: OcrEngine) -> list[Box]:
    """Lines of the text outside tables.

    The ink profile splits prose and headings into lines. A band much taller than
    the page's usual line holds lines that overlap in height (a rule-less table
    whose header has one- and two-line cells side by side); the text detector
    sorts those out, on that band only.
    """
    h, w = image.shape
    lines = ink_lines(image, (0, 0, w, h), dpi, level, split_gap_lines=LOOSE_GAP_LINES)
    if not lines:
        return []
    usual = usual_line_height([b[3] - b[1] for b in lines], dpi)
    out: list[Box] = []
    tall_bands: list[tuple[float, float]] = []
    for box in lines:
        if box[3] - box[1] > TALL_BAND_LINES * usual:
            if not tall_bands or tall_bands[-1] != (box[1], box[3]):
                tall_bands.append((box[1], box[3]))
        else:
            out.append(box)
    for top, bottom in tall_bands:
        out += _detected_lines(image, (0, top, w, bottom), engine)
    return out


def plan_crops(clean: np.ndarray, tables: Sequence[GridTable], dpi: int, engine: OcrEngine) -> list[_Crop]:
    """Every text line of the page, assigned to its cell or to the loose text."""
    level = ink_level(clean)
    in_cells = [_Crop(line, t_idx, c_idx, cell.box)
                for t_idx, table in enumerate(tables) for c_idx, cell in enumerate(table.cells)
                for line in ink_lines(clean, _inset(cell.box, CELL_INSET), dpi, level, bounds=cell.box)]
    outside = _without_tables(clean, tables)
    loose = [_Crop(line, None, None) for line in _lines_outside_tables(outside, dpi, level, engine)]
    return _tall_cell_bands_detected(clean, in_cells, loose, dpi, engine) + loose


def _tall_cell_bands_detected(image: np.ndarray, in_cells: list[_Crop], loose: list[_Crop], dpi: int,
                              engine: OcrEngine) -> list[_Crop]:
    """The cells' lines, each band much taller than the page's usual line (TALL_BAND_LINES) replaced by the
    lines the text detector finds in it, as outside tables.

    A cell whose ink profile never pauses between its lines holds lines that overlap in height: a
    grid whose rules the page lost round several columns and rows (a fax drops hairlines) is one
    cell holding their text side by side at staggered heights. Read as one line, it came out as
    two letters ("FE"), and the text of the columns it held was lost to the page; found line by line,
    it is read, and the grid judged by what it holds (:func:`frame_grids`)."""
    heights = [c.box[3] - c.box[1] for c in in_cells + loose]
    if not heights:
        return in_cells
    usual = usual_line_height(heights, dpi)
    out: list[_Crop] = []
    for crop in in_cells:
        if crop.box[3] - crop.box[1] <= TALL_BAND_LINES * usual:
            out.append(crop)
            continue
        x0, _, x1, _ = crop.bounds
        band = (x0 + CELL_INSET, crop.box[1], x1 - CELL_INSET, crop.box[3])
        out += [_Crop(line, crop.table, crop.cell, crop.bounds) for line in _detected_lines(image, band, engine)]
    return out


def without_rule_stubs(crops: list[_Crop], dpi: int) -> list[_Crop]:
    """Crops without the flat, wide ones: a coarse page's broken rules left as lines of ink."""
    low, wide = RULE_STUB_MAX_IN * dpi, RULE_STUB_MIN_IN * dpi
    return [c for c in crops if not (c.box[3] - c.box[1] < low and c.box[2] - c.box[0] > wide)]


# ---------------------------------------------------------------- orientation

def _runs_sideways(clean: np.ndarray, dpi: int) -> bool:
    """Whether the text runs top-to-bottom (page turned by 90° or 270°).

    Closing the ink along the direction the text runs joins each line's
    characters into one blob; across it, lines stay apart. So the direction
    whose closing leaves fewer blobs is the reading direction.
    """
    small = cv2.resize(clean, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = (small < ink_level(small)).astype(np.uint8)
    k = max(2, round(SMEAR_IN * dpi * 0.5))
    along_x = components(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, k), np.uint8)))[0]
    along_y = components(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, 1), np.uint8)))[0]
    return along_y < SIDEWAYS_RATIO * along_x


def _is_upside_down(clean: np.ndarray, crops: Sequence[_Crop], engine: OcrEngine) -> bool:
    """Recognise a few lines as they are and turned 180°; the readable way scores higher."""
    def ratio(c: _Crop) -> float:
        x0, y0, x1, y1 = c.box
        return (x1 - x0) / max(y1 - y0, 1)

    # Lines of 3–8 characters: long enough to tell, short enough to be cheap.
    lines = sorted((c for c in crops if 3 < ratio(c) < 8), key=ratio, reverse=True)[:ORIENTATION_SAMPLES]
    if not lines:
        return False
    paper = paper_level(clean)
    images = [line_crop(clean, c.box, c.bounds, paper) for c in lines]
    results = engine.read_crops(images + [cv2.rotate(i, cv2.ROTATE_180) for i in images])
    upright = sum(s for _, s in results[:len(images)])
    flipped = sum(s for _, s in results[len(images):])
    return flipped > upright


@dataclass
class UprightPage:
    """The page turned upright, its tables, rules erased, and its text lines."""

    gray: np.ndarray
    clean: np.ndarray
    tables: list[GridTable]
    masks: RuleMasks     # the long straight strokes of ``gray`` the tables were found from
    crops: list[_Crop]
    quarter_turns: int   # clockwise turns applied to the rendered page
    skew: float          # degrees removed
    coarse: bool = False  # captured coarsely (fax): unsure lines get a second look


def _analyse(gray: np.ndarray, dpi: int, join_gap_in: float = JOIN_GAP_IN, seals: np.ndarray | None = None
             ) -> tuple[list[GridTable], np.ndarray, RuleMasks]:
    """Tables of a page image, the image with their rules erased, and the rule masks.

    ``seals`` (255 where a seal was lifted, in the image's pixels) lets the rules lost under a
    seal be bridged across its footprint (:mod:`sealed_rules`) before the tables are found.
    """
    masks = rule_masks(gray, dpi)
    if seals is not None:
        masks, _ = bridge_rules_under_seals(masks, gray, footprints(seals), dpi)
    tables = find_tables(gray, dpi, masks, join_gap_in)
    return tables, erase_rules(gray, masks, tables, dpi), masks


def footprints(seals: np.ndarray) -> list[Box]:
    """The boxes (pixels) of the marked areas of a seal mask, smallest first."""
    count, _, stats, _ = components_with_stats(seals)
    return sorted(((float(x), float(y), float(x + w), float(y + h)) for x, y, w, h, _ in stats[1:count]),
                  key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


def upright_page(gray: np.ndarray, engine: OcrEngine, dpi: int, coarse: bool = False,
                 seals: np.ndarray | None = None) -> UprightPage:
    """Straighten small skew, turn sideways or upside-down pages, and find tables and lines.

    ``coarse`` (a fax or low-dpi source) lets broken rules be joined over longer gaps. ``seals``
    (255 inside each lifted seal's box, in ``gray``'s pixels) is turned along with the page.
    """
    join_gap = COARSE_JOIN_GAP_IN if coarse else JOIN_GAP_IN
    skew = estimate_skew(gray)
    gray = rotate_small(gray, skew)
    if seals is not None:
        seals = rotate_small(seals, skew, fill=0, nearest=True)
    tables, clean, masks = _analyse(gray, dpi, join_gap, seals)
    turns = 0
    if _runs_sideways(clean, dpi):
        turns, gray = 1, turn(gray, 1)
        seals = turn(seals, 1) if seals is not None else None
        tables, clean, masks = _analyse(gray, dpi, join_gap, seals)
    crops = plan_crops(clean, tables, dpi, engine)
    if coarse:
        crops = without_rule_stubs(crops, dpi)
    if _is_upside_down(clean, crops, engine):
        turns, gray = turns + 2, turn(gray, 2)
        seals = turn(seals, 2) if seals is not None else None
        tables, clean, masks = _analyse(gray, dpi, join_gap, seals)
        crops = plan_crops(clean, tables, dpi, engine)
        if coarse:
            crops = without_rule_stubs(crops, dpi)
    return UprightPage(gray, clean, tables, masks, crops, turns % 4, skew, coarse)


# ---------------------------------------------------------------- assembly

def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


class _Frame:
    """Pixel → PDF point conversion for the upright page (times the page's UserUnit)."""

    def __init__(self, dpi: int, user_unit: float = 1.0) -> None:
        self.k = 72.0 / dpi * user_unit

    def box(self, b: Box) -> tuple[float, float, float, float]:
        return tuple(round(v * self.k, 2) for v in b)  # type: ignore[return-value]


def _page_table(page_no: int, table: GridTable, texts: dict[int, list[tuple[Box, str, float]]],
                frame: _Frame, repair: Callable[[str], str],
                alternatives: dict[int, list[tuple[str, float]]] | None = None,
                vocabulary: dict[int, dict[str, tuple[str, float]]] | None = None) -> PageTable:
    cells = []
    for c_idx, gc in enumerate(table.cells):
        raw, confidence = cell_text(texts.get(c_idx, []))
        cells.append(Cell(
            row=gc.row, col=gc.col, rowspan=gc.rowspan, colspan=gc.colspan,
            text=repair(raw), raw_text=raw, bbox=frame.box(gc.box), confidence=confidence,
            alternatives=(alternatives or {}).get(c_idx, []),
            vocabulary_readings=(vocabulary or {}).get(c_idx, {}),
            method="ocr", cut_at_page_end=gc.cut_at_page_end, cut_at_page_start=gc.cut_at_page_start,
            rule_mended=gc.rule_mended,
        ))
    return PageTable(
        page=page_no, bbox=frame.box(table.box), n_rows=table.n_rows, n_cols=table.n_cols,
        cells=cells, method="ocr", col_edges=[round(x * frame.k, 2) for x in table.col_edges],
    )


def _loose_lines(page_no: int, pieces: list[tuple[Box, str, float]], frame: _Frame) -> list[TextLine]:
    return [
        TextLine(page=page_no, text=join_line(line), bbox=frame.box(_union([p[0] for p in line])),
                 confidence=round(min(p[2] for p in line), 4), method="ocr")
        for line in visual_lines(pieces)
    ]


def read_upright(page: UprightPage, page_no: int, engine: OcrEngine, dpi: int, user_unit: float = 1.0) -> PageContent:
    """Tables and loose lines of an upright page."""
    paper = paper_level(page.clean)
    images = [line_crop(page.clean, c.box, c.bounds, paper) for c in page.crops]
    # A coarse page (fax) gets its own second looks; re-reading its narrow crops on
    # a strip of paper as well turned speckle into signs (fields 0.53 → 0.41 on a fax).
    if page.coarse:
        # value lines decoded under the value grammar, unsure name lines re-spelt by a word model
        names = NameReader(engine)
        reader = GrammarReader(names)
        first = reader.read_crops(images)
        first_alternatives, first_unread, first_figures = reader.alternatives, reader.unread, reader.figures
        faint = _faint_leads(page, first, first_unread)
        results = best_readings(images, first, reader, names.word_gain)
        # a line's alternatives from its first reading, or from the view whose reading was kept
        alternatives = [alts if text == read else reader.alternatives_of(text)
                        for (text, _), (read, _), alts in zip(results, first, first_alternatives)]
        # ink the first reading left unread before a value stays in doubt whichever view's reading is kept
        for i, unread in enumerate(first_unread):
            if unread is not None:
                score, alternatives[i] = with_unread_sign(unread, results[i][0], results[i][1], alternatives[i])
                results[i] = (results[i][0], score)
        # a faint lead only offers the row either sign: the line's confidence feeds the grid's inference and
        # stays as read; a row that takes a sign so keeps it in doubt (pipeline/assembly/forms.py)
        for i in faint:
            alternatives[i] = with_faint_lead(results[i][0], alternatives[i])
        # a garbled lone figure's plain-number reading, from the view whose reading was kept
        figure_reads = [fig if text == read else reader.figure_of(text)
                   for (text, _), (read, _), fig in zip(results, first, first_figures)]
    else:
        results = lone_glyphs.read_crops(engine, images, dpi)
        alternatives = [[] for _ in results]
        figure_reads = [None for _ in results]
    # each table cell's best word under the 指标性质 and level vocabularies, for assembly to weigh
    vocabularies = ColumnVocabularies(engine, spare_words=page.coarse)
    line_cells = [None if c.table is None or c.cell is None else (c.table, c.cell) for c in page.crops]
    figures = _body_figures(page, results)
    in_doubt = lines_in_doubt(results, line_cells)
    # loose lines are decoded only in the cells of a table inferred from them: read once one is
    lattices = vocabularies.lattices(images, results, [i for i in in_doubt
                                                       if line_cells[i] is not None and line_cells[i] not in figures])
    vocabulary = _cell_vocabulary_readings(page.crops, lattices, vocabularies)
    per_cell: dict[tuple[int, int], list[tuple[Box, str, float]]] = {}
    cell_alternatives: dict[tuple[int, int], list[tuple[str, float]]] = {}
    cell_figures: dict[tuple[int, int], tuple[str, float]] = {}
    loose: list[tuple[Box, str, float]] = []
    #: a loose value line's grammar alternatives by its reading, for the cell an inferred grid puts it in
    #: (None where lines read alike came with different alternatives: which is the cell's is unknown)
    loose_alternatives: dict[str, list[tuple[str, float]] | None] = {}
    #: likewise a loose garbled line's figure reading (None where lines read alike decoded otherwise)
    loose_figures: dict[str, tuple[str, float] | None] = {}
    for crop, (text, score), alts, fig in zip(page.crops, results, alternatives, figure_reads):
        if not text.strip():
            continue
        item = (crop.box, text.strip(), score)
        if crop.table is None or crop.cell is None:
            loose.append(item)
            reading = "".join(text.split())
            if loose_alternatives.setdefault(reading, list(alts or [])) != list(alts or []):
                loose_alternatives[reading] = None
            if loose_figures.setdefault(reading, fig) != fig:
                loose_figures[reading] = None
        else:
            per_cell.setdefault((crop.table, crop.cell), []).append(item)
            if alts:
                cell_alternatives[(crop.table, crop.cell)] = alts
            if fig:
                cell_figures[(crop.table, crop.cell)] = fig
    if page.coarse:
        names.learn_page(results)
        per_cell = {key: names.respelt_cell(without_stubs(pieces)) for key, pieces in per_cell.items()}
        loose = [(box, *names.respelt_line(text, score)) for box, text, score in loose]
    # alternatives describe a cell read as one line only
    cell_alternatives = {key: alts for key, alts in cell_alternatives.items() if len(per_cell.get(key, [])) == 1}
    cell_figures = {key: fig for key, fig in cell_figures.items() if len(per_cell.get(key, [])) == 1}
    unread = _unread_widths(page, images, results, per_cell) if page.coarse else {}
    frame, repair = _Frame(dpi, user_unit), repair_ocr_text
    h, w = page.gray.shape
    tables = [
        _page_table(page_no, t, {c: v for (ti, c), v in per_cell.items() if ti == t_idx}, frame, repair,
                    {c: v for (ti, c), v in cell_alternatives.items() if ti == t_idx},
                    {c: v for (ti, c), v in vocabulary.items() if ti == t_idx})
        for t_idx, t in enumerate(page.tables)
    ]
    for (t_idx, c_idx), figure in cell_figures.items():
        tables[t_idx].cells[c_idx].figure_reading = figure
    for (t_idx, c_idx), width in unread.items():
        tables[t_idx].cells[c_idx].unread_width = round(width, 3)
    # rows a rule lost along its whole length (a fax's dropped scan line), split where their figures stack
    tables = [split_stacked_rows(t, {c: v for (ti, c), v in per_cell.items() if ti == t_idx}, frame.k,
                                 cell_text, repair)
              for t_idx, t in enumerate(tables)]
    lines = _loose_lines(page_no, loose, frame)
    # a column rule a fax left in dots bounds the cells of a table inferred from the text, as a drawn one does
    drawn = drawn_rules(page.masks, dpi)
    trails = column_rules(drawn[1], ink_mask(page.clean) > 0, dpi) if page.coarse and loose else []
    rules = _page_rules(drawn, trails, frame)
    loose = _without_read_rules(page, loose)
    if trails:
        loose = _cut_at_column_trails(page, loose, trails, engine, paper, dpi)
    inferred, inferred_lines = _unruled_tables(page, page_no, loose, frame, repair, rules)
    if inferred:
        loose, split = _split_header_pieces(page, loose, inferred, frame, engine, paper, dpi, trails)
        if split:
            inferred, inferred_lines = _unruled_tables(page, page_no, loose, frame, repair, rules)
    if inferred:
        loose, reread = _reread_across_columns(page, loose, inferred, frame, engine, paper, dpi)
        if reread:
            inferred, inferred_lines = _unruled_tables(page, page_no, loose, frame, repair, rules)
    if inferred:
        lattices |= vocabularies.lattices(images, results, [i for i in in_doubt if line_cells[i] is None])
        _inferred_vocabulary_readings(inferred, page.crops, lattices, vocabularies, frame)
        _inferred_alternatives(inferred, loose_alternatives)
        _inferred_figures(inferred, loose_figures)
        tables, lines = sorted(tables + inferred, key=lambda t: (t.bbox[1], t.bbox[0])), inferred_lines
    return PageContent(page=page_no, width=round(w * frame.k, 2), height=round(h * frame.k, 2), method="ocr",
                       tables=tables, lines=lines)


def _inferred_alternatives(tables: list[PageTable], by_reading: dict[str, list[tuple[str, float]] | None]) -> None:
    """A cell of an inferred grid that holds one loose value line, as read, keeps that line's grammar
    alternatives (a lost "≥" or "%", a unit word), as a ruled grid's cell does: the row's context
    chooses among them (pipeline/assembly/forms.py) on a table whose rules the fax lost too. Lines are
    matched by their reading (a line cut and read again has none of its own); lines read alike whose
    alternatives differ (one with a sign its own blot suggested) give none, since which line the cell
    holds is unknown."""
    for table in tables:
        for cell in table.cells:
            alts = by_reading.get("".join(cell.raw_text.split())) if cell.raw_text else None
            if alts and not cell.alternatives:
                cell.alternatives = list(alts)


def _inferred_figures(tables: list[PageTable], by_reading: dict[str, tuple[str, float] | None]) -> None:
    """A cell of an inferred grid holding one garbled loose line, as read, keeps that line's figure
    reading, as a ruled grid's cell does (matched by reading, as _inferred_alternatives)."""
    for table in tables:
        for cell in table.cells:
            figure = by_reading.get("".join(cell.raw_text.split())) if cell.raw_text else None
            if figure and cell.figure_reading is None:
                cell.figure_reading = figure


def _unread_widths(page: UprightPage, images: Sequence[np.ndarray], readings: Sequence[tuple[str, float]],
                   per_cell: dict[tuple[int, int], list]) -> dict[tuple[int, int], float]:
    """The ruled cells read as one value line, as (table, cell), with how much wider the line's ink is
    than its reading, in line heights (unread_ink.unread_width): a glyph or more (unread_ink.unread_tail) is
    a unit word the fax thinned past reading; less may still hold a thinned sign."""
    out = {}
    for crop, image, (text, _) in zip(page.crops, images, readings):
        key = (crop.table, crop.cell)
        if (crop.table is not None and crop.cell is not None and len(per_cell.get(key, [])) == 1
                and value_like_text(text)):
            out[key] = unread_width(image, text)
    return out


def _faint_leads(page: UprightPage, readings: Sequence[tuple[str, float]],
                 unread: Sequence[str | None]) -> list[int]:
    """The value lines with a faint lead outside their crop (unread_ink.faint_lead: a sign the fax
    thinned to a haze paler than any ink the line finder keeps) and no unread ink seen inside it.
    Only a reading of two or more characters with no sign of its own: a lone digit is a 分值 or 得分
    far more often than a signed target, and the blot beside it is a rule's trace or dust."""
    level = ink_level(page.clean)
    out = []
    for i, (crop, (text, _)) in enumerate(zip(page.crops, readings)):
        squashed = "".join(text.split())
        if (unread[i] is None and len(squashed) >= 2 and squashed[0] not in OPERATORS and value_like_text(squashed)
                and faint_lead(page.clean, crop.box, level)):
            out.append(i)
    return out


def _lines_by_cell(crops: Sequence[_Crop]) -> dict[tuple[int, int], list[int]]:
    """The indices of each ruled table cell's lines, (table, cell) → lines top to bottom."""
    by_cell: dict[tuple[int, int], list[int]] = {}
    for i, crop in enumerate(crops):
        if crop.table is not None and crop.cell is not None:
            by_cell.setdefault((crop.table, crop.cell), []).append(i)
    return {key: sorted(lines, key=lambda i: crops[i].box[1]) for key, lines in by_cell.items()}


def _body_figures(page: UprightPage, results: Sequence[tuple[str, float]]) -> set[tuple[int, int]]:
    """The ruled cells (table, cell) that are figures of a table's body (figure_cells): no column
    vocabulary is asked about them, so their lines are not read again for one."""
    by_table: dict[int, dict[tuple[int, int], tuple]] = {}
    for (t_idx, c), lines in _lines_by_cell(page.crops).items():
        text = " ".join(results[i][0] for i in lines)
        by_table.setdefault(t_idx, {})[(t_idx, c)] = (page.tables[t_idx].cells[c], text)
    return set().union(*map(figure_cells, by_table.values()))


def _cell_vocabulary_readings(crops: Sequence[_Crop], lattices: dict, vocabularies: ColumnVocabularies
                              ) -> dict[tuple[int, int], dict[str, tuple[str, float]]]:
    """Each ruled table cell's readings under the column vocabularies, from its lines top to bottom."""
    out = {}
    for key, lines in _lines_by_cell(crops).items():
        if found := vocabularies.read_cell([lattices.get(i) for i in lines]):
            out[key] = found
    return out


def _inferred_vocabulary_readings(tables: list[PageTable], crops: Sequence[_Crop], lattices: dict,
                                  vocabularies: ColumnVocabularies, frame: _Frame) -> None:
    """The cells of tables inferred from the loose lines get their readings under the column
    vocabularies from the loose lines whose middle lies in them (a line cut again or read again
    has no lattice, and its cell none)."""
    loose = [(frame.box(crop.box), i) for i, crop in enumerate(crops) if crop.table is None or crop.cell is None]
    for table in tables:
        for cell in table.cells:
            x0, y0, x1, y1 = cell.bbox
            inside = sorted((box[1], i) for box, i in loose
                            if x0 <= (box[0] + box[2]) / 2 <= x1 and y0 <= (box[1] + box[3]) / 2 <= y1)
            if inside and cell.text.strip():
                cell.vocabulary_readings = vocabularies.read_cell([lattices.get(i) for _, i in inside])


def _may_hold_a_header(loose: list[tuple[Box, str, float]], frame: _Frame) -> bool:
    """Whether the loose pieces name indicator levels, read as they are or joined with the piece
    wrapped under them (一级指 over 标): a cheap test before a table is inferred from them."""
    if is_header_text(" ".join(text for _, text, _ in loose), lost_numerals=True):
        return True
    return is_header_text(with_wrapped_pieces([Glyph(text, *frame.box(box)) for box, text, _ in loose]),
                          lost_numerals=True)


def _unruled_tables(page: UprightPage, page_no: int, loose: list[tuple[Box, str, float]], frame: _Frame,
                    repair: Callable[[str], str], rules: Rules) -> tuple[list[PageTable], list[TextLine]]:
    """An indicator table left among the loose text (no grid found it): its grid inferred
    from the recognised pieces and the rules the page shows, as on text-layer pages."""
    if not loose or not _may_hold_a_header(loose, frame):
        return [], []
    level, on_rule = ink_level(page.clean), page.masks.both
    # a coarse page's (fax's) boxes stay as cut: the grid's row tests on faxes were measured on them, and
    # grown to their ink 132's faxed rows, set about a glyph height apart, ran together (tune)
    glyphs = [Glyph(text, *frame.box(_ink_box(box) if page.coarse else _line_ink_box(page.clean, on_rule, box, level)),
                    order=i, confidence=score)
              for i, (box, text, score) in enumerate(loose)]
    return infer_tables(glyphs, rules, page_no, method="ocr", repair=repair)


#: A rule's mask grown by a pixel each way: its anti-aliased edges are not text either.
RULE_EDGE_KERNEL = np.ones((3, 3), np.uint8)
#: What the recogniser makes of a long horizontal rule read as a line of its own (一, dashes).
RULE_READING = re.compile(r"^[一—–\-_－─━＿]+$")


def _without_read_rules(page: UprightPage, loose: list[tuple[Box, str, float]]) -> list[tuple[Box, str, float]]:
    """Loose pieces that are a rule read as text, dropped before a table is inferred from them.

    A table with rules between some rows only is on no grid, so nothing erases its rules, and
    the ink profile takes a rule thick enough (a 300 dpi scan's, resampled) for a line: a two-tier
    header's rule under 一级指标 | 二级指标 | 三级指标 came back as one "一" spanning the three
    headings, which bridged their gaps into one column. A piece is dropped only when it reads as
    nothing but such strokes and its ink lies mostly on a long horizontal rule (a lone 一 glyph
    is far shorter than a rule)."""
    rules = page.masks.horizontal > 0
    level = ink_level(page.clean)
    return [item for item in loose
            if not (RULE_READING.match(item[1]) and _mostly_rule(page.clean, rules, item[0], level))]


def _line_ink_box(image: np.ndarray, on_rule: np.ndarray, box: Box, level: int) -> Box:
    """A loose piece's ink box (:func:`_ink_box`), grown to the rows its own ink fills (rule pixels
    left out).

    ``ink_lines`` pads a line by ``V_MARGIN`` of its height only as far as half-way to the next
    line, while ``_ink_box`` takes the full margin off: lines set close together (a two-tier header,
    its heading over 名称 | 分值 with 年度指标值 centred between the tiers) lost a third of their
    height, the gaps between them grew past the header's touching distance and the header
    stopped at its first tier, so every body row came back as one cell. Pieces whose margins
    were whole keep their boxes: their ink lies inside them. A piece a rule runs through (the
    rule under a header's first tier, read with the line it touches) spans its text's own ink
    sideways: spanning the rule's, its words were placed along the whole rule."""
    est = _ink_box(box)
    dark = _cut(image, box) < level
    rule = cv2.dilate(_cut(on_rule, box), RULE_EDGE_KERNEL) > 0
    ink = dark & ~rule
    rows = np.flatnonzero(ink.sum(axis=1) >= MIN_INK_PER_ROW)
    if rows.size == 0:
        return est
    x0, y0 = max(int(box[0]), 0), max(int(box[1]), 0)
    left, right = est[0], est[2]
    if (dark & rule).any():  # a rule runs through the piece: its text spans its own ink, not the rule's
        cols = np.flatnonzero(ink.any(axis=0))
        left, right = float(x0 + cols[0]), float(x0 + cols[-1] + 1)
    return (left, min(est[1], float(y0 + rows[0])), right, max(est[3], float(y0 + rows[-1] + 1)))


def _page_rules(drawn: tuple[list[Rule], list[Rule]], trails: list[Rule], frame: _Frame) -> Rules:
    """The page's drawn rules (``drawn``: horizontal and vertical, pixels) in points, for the inferred
    grid: rules between rows only, a 三线表's, a frame's sides bound its rows and columns as a text
    layer's drawn edges do; so do ``trails``, column rules a fax left in dots (:mod:`column_rules`)."""
    horizontal, vertical = drawn
    k = frame.k
    return Rules(horizontal=sorted((y * k, a * k, b * k) for y, a, b in horizontal),
                 vertical=sorted((x * k, a * k, b * k) for x, a, b in vertical + trails),
                 trails=[(x * k, a * k, b * k) for x, a, b in trails])


def _reread_across_columns(page: UprightPage, loose: list[tuple[Box, str, float]], tables: list[PageTable],
                           frame: _Frame, engine: OcrEngine, paper: int, dpi: int
                           ) -> tuple[list[tuple[Box, str, float]], bool]:
    """Pieces of a table body that hold more than one cell, cut apart and recognised again.

    Outside ruled tables a line is cut only where its ink pauses for 1.5 line
    heights, so a score and the 偏差原因 text beside it can come back as one piece
    ("3.67工期"); and where a one-line row sits beside a wrapped cell the text
    detector can box two of its lines as one. Once the columns are known, a piece
    is cut at every column boundary it crosses (they lie in the whitespace between
    cells) and a piece taller than ``TALL_PIECE`` usual lines is split into its ink
    lines; each part is read on its own, from the page with its long horizontal
    rules painted white (a 三线表's rules are on no grid, so nothing erased them,
    and the recogniser reads a rule as 一); a piece that is mostly rule is dropped.
    Returns the pieces and whether any changed.
    """
    spans = [(_header_bottom(t, frame), t.bbox[3] / frame.k,
              [x / frame.k for x in t.col_edges[1:-1]]) for t in tables]  # the body: header cells are read whole
    usual = float(np.median([b[3] - b[1] for b, _, _ in loose]))
    rules = page.masks.horizontal > 0
    clean = page.clean.copy()
    clean[rules] = 255
    level = ink_level(page.clean)
    keep: list[tuple[Box, str, float]] = []
    parts: list[Box] = []
    dropped = False
    for item in loose:
        box = item[0]
        middle = (box[1] + box[3]) / 2
        inside = [xs for top, bottom, xs in spans if top <= middle <= bottom]
        if not inside:
            keep.append(item)
            continue
        tall = box[3] - box[1] > TALL_PIECE * usual
        # a tall piece holds several lines, and the rules between them (split off below) are not its ink;
        # a piece that is mostly rule keeps only the lines of ink left once the rules are painted out
        # (a merged label set on the rule between two of its rows: 产出指标 came back as "产出指标一")
        ruled = not tall and _mostly_rule(page.clean, rules, box, level)
        dropped |= ruled
        margin = 0.5 * min(box[3] - box[1], usual)
        cuts = _cuts_inside(box, [x for xs in inside for x in xs], margin)
        if not cuts and not tall and not ruled:
            fitted = _fitted_to_ink(clean, box, level, dpi)
            keep.append((fitted, *item[1:]))
            dropped |= fitted != box
            continue
        edges = [box[0], *cuts, box[2]]
        for a, b in zip(edges, edges[1:]):
            piece = (a, box[1], b, box[3])
            if tall:
                parts += ink_lines(clean, piece, dpi, level, split_gap_lines=LOOSE_GAP_LINES) or [piece]
            elif ruled:
                parts += ink_lines(clean, piece, dpi, level, split_gap_lines=LOOSE_GAP_LINES)
            else:
                parts.append(piece)
    if not parts:
        return keep, dropped  # changed: pieces dropped or fitted
    read = [(_fitted_to_ink(clean, box, level, dpi), text, score)
            for box, text, score in _read_parts(clean, parts, engine, paper)]
    return keep + _without_read_rules(page, read), True


def _cuts_inside(box: Box, xs: Iterable[float], margin: float) -> list[float]:
    """The places among ``xs`` that fall inside a piece's box by more than ``margin`` from either side,
    left to right: a cut nearer a side would leave a sliver of a glyph."""
    return sorted(x for x in xs if box[0] + margin < x < box[2] - margin)


#: A piece is cut at a column trail only where its ink leaves a blank this wide (inches) around it: two
#: cells' padding is wider, the space between two glyphs of one line narrower.
TRAIL_GAP_IN = 0.04


def _cut_at_column_trails(page: UprightPage, loose: list[tuple[Box, str, float]], trails: list[Rule],
                          engine: OcrEngine, paper: int, dpi: int) -> list[tuple[Box, str, float]]:
    """Loose pieces cut where a column rule a fax left in dotted traces crosses them
    (:mod:`column_rules`), each part read again from the page with its rules painted out.

    A trail runs on past rows where its rule stops (a merged cell of the header block), so a
    piece is cut only where the trail passes through a blank gap in the piece's ink, as a
    rule between two cells does (both cells' padding); text set across a merged cell runs
    on over the place. Pieces not cut are kept exactly as read."""
    level, trace = ink_level(page.clean), max(2, round(RULE_TRACE_IN * dpi))
    keep: list[tuple[Box, str, float]] = []
    parts: list[Box] = []
    for item in loose:
        box = item[0]
        middle, height = (box[1] + box[3]) / 2, box[3] - box[1]
        crossing = _cuts_inside(box, [x for x, top, bottom in trails if top <= middle <= bottom], height / 2)
        gaps = _ink_gaps(page.clean, box, level, TRAIL_GAP_IN * dpi, trace) if crossing else []
        cuts = sorted(x for x in crossing if any(a <= x <= b for a, b in gaps))
        if not cuts:
            keep.append(item)
            continue
        edges = [box[0], *cuts, box[2]]
        parts += [(a, box[1], b, box[3]) for a, b in zip(edges, edges[1:])]
    if not parts:
        return loose
    clean = page.clean.copy()
    clean[page.masks.both > 0] = 255
    return keep + _without_read_rules(page, _read_parts(clean, parts, engine, paper))


def _fitted_to_ink(image: np.ndarray, box: Box, level: int, dpi: int) -> Box:
    """A body piece's box, its height fitted to its own ink (with the recogniser's margins, as
    ``ink_lines`` gives them); a part cut from a piece is read from the box it was cut as.

    A line cut at the columns keeps the height of the whole line, and a merged label centred
    between two rows can have made that line tall: its ink runs down from one row into the
    next, the text detector boxed it with the lower row, and the label and every part of that
    line came out up to a row's height lower than their own ink. The inferred grid places labels by their middles,
    so 质量指标 between a fax's rows 4 and 5 marked row 5 alone and its first row went to the
    label above."""
    crop = _cut(image, box) < level
    min_len = max(3, round(MIN_LINE_IN * dpi))
    rows = [r for r in _runs(crop.sum(axis=1), MIN_INK_PER_ROW, max_gap=1) if r[1] - r[0] >= min_len]
    if not rows:
        return box
    top, bottom = rows[0][0], rows[-1][1]
    pad = max(2, round(V_MARGIN * (bottom - top)))
    y0 = max(box[1], 0)
    return (box[0], max(box[1], y0 + top - pad), box[2], min(box[3], y0 + bottom + pad))


#: Ink runs at most this wide (inches) do not close a gap between header cells: the dotted
#: trace a fax leaves of a column rule, not a glyph.
RULE_TRACE_IN = 0.015


def _split_header_pieces(page: UprightPage, loose: list[tuple[Box, str, float]], tables: list[PageTable],
                         frame: _Frame, engine: OcrEngine, paper: int, dpi: int, trails: Sequence[Rule] = ()
                         ) -> tuple[list[tuple[Box, str, float]], bool]:
    """Header pieces that hold several header cells, cut at their ink gaps and read again.

    A line outside ruled tables is cut only where its ink pauses for 1.5 line heights, so
    the narrow header cells of a table whose rules were lost ("实际完成值 权重 自评得分")
    can come back as one piece with no space in its text: one column for three. The
    inferred header parts its columns at a gap of ``HEADER_GAP`` glyph heights; such a gap
    inside a piece is the same boundary, so the piece is cut there and each part read on
    its own. A piece is cut too where a column edge of the table lies on a column rule a fax left
    in dots (``trails``): the headings of a fax's narrow cells run up to the rule with no gap
    ("分值得分偏差原因分析及改进措施"), and the columns the rule parted below took no heading.
    Returns the pieces and whether any was cut.
    """
    bands = [(t.bbox[1] / frame.k, _header_bottom(t, frame)) for t in tables]
    near = EDGE_TOLERANCE_IN * dpi
    # an edge on a trail that runs beside the table (not one of another table, or of the block above it)
    ruled = [x / frame.k for t in tables for x in t.col_edges[1:-1]
             if any(abs(x / frame.k - at) <= near and top < t.bbox[3] / frame.k and bottom > t.bbox[1] / frame.k
                    for at, top, bottom in trails)]
    level = ink_level(page.clean)
    keep: list[tuple[Box, str, float]] = []
    parts: list[Box] = []
    trace = max(2, round(RULE_TRACE_IN * dpi))
    for item in loose:
        box = item[0]
        middle = (box[1] + box[3]) / 2
        ink_box = _ink_box(box)
        in_header = any(top <= middle <= bottom for top, bottom in bands)
        height = ink_box[3] - ink_box[1]
        gaps = _ink_gaps(page.clean, ink_box, level, HEADER_GAP * height, trace) if in_header else []
        gaps += [(x, x) for x in _cuts_inside(ink_box, ruled, height / 2) if in_header
                 and not any(a <= x <= b for a, b in gaps)]
        gaps.sort()
        if not gaps:
            keep.append(item)
            continue
        # each part keeps the recogniser's side margins from its own ink, as ink_lines gives them; a part
        # ends at a rule with none (beyond the rule is the next cell's ink)
        pad = box[0] - ink_box[0]
        start, start_pad = ink_box[0], pad
        for a, b in gaps:
            parts.append((start + start_pad, box[1], a - (pad if a < b else 0), box[3]))
            start, start_pad = b, (pad if a < b else 0)
        parts.append((start + start_pad, box[1], ink_box[2] - pad, box[3]))
    if not parts:
        return loose, False
    return keep + _read_parts(page.clean, parts, engine, paper), True


def _header_bottom(table: PageTable, frame: _Frame) -> float:
    """The lower edge of an inferred table's header cells, in page pixels."""
    return max(c.bbox[3] for c in table.cells if c.row == 0) / frame.k


def _read_parts(image: np.ndarray, parts: list[Box], engine: OcrEngine, paper: int) -> list[tuple[Box, str, float]]:
    """Parts cut from recognised pieces, each read on its own; empty readings and slivers dropped."""
    results = engine.read_crops([line_crop(image, box, None, paper) for box in parts])
    return [(box, text.strip(), score) for box, (text, score) in zip(parts, results)
            if text.strip() and not _sliver(box, score)]


def _ink_gaps(image: np.ndarray, box: Box, level: int, min_gap: float, trace: int) -> list[tuple[float, float]]:
    """Blank runs (x from, x to; page pixels) at least ``min_gap`` wide between a box's ink;
    ink runs no wider than ``trace`` pixels count as blank."""
    ink = (_cut(image, box) < level).any(axis=0)
    for start, end in _runs(ink.astype(np.int32), 1, max_gap=0):
        if end - start <= trace:
            ink[start:end] = False
    on = np.flatnonzero(ink)
    if on.size < 2:
        return []
    x0 = int(max(box[0], 0))
    return [(x0 + a + 1, x0 + b) for a, b in zip(on.tolist(), on[1:].tolist()) if b - a - 1 >= min_gap]


def _sliver(box: Box, score: float) -> bool:
    """A part narrower than a character and read with little confidence: the edge of a glyph
    that a column cut clipped, not text of its own."""
    return box[2] - box[0] < 0.6 * (box[3] - box[1]) and score < 0.5


def _mostly_rule(image: np.ndarray, rules: np.ndarray, box: Box, level: int) -> bool:
    """A piece whose ink is mostly a long horizontal rule: the recogniser's 一 or — for a 三线表's rule."""
    ink = _cut(image, box) < level
    on_rule = _cut(rules.astype(np.uint8), box) > 0
    return bool(ink.sum()) and (ink & on_rule).sum() >= 0.5 * ink.sum()


def _ink_box(box: Box) -> Box:
    """A line box without the margins added for recognition (V_MARGIN, H_MARGIN of the ink height):
    the table geometry measures gaps between inked text."""
    x0, y0, x1, y1 = box
    ink_h = (y1 - y0) / (1 + 2 * V_MARGIN)
    dy, dx = V_MARGIN * ink_h, H_MARGIN * ink_h
    return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)


def frame_grids(page: UprightPage, content: PageContent, frame: _Frame) -> list[int]:
    """Ruled grids that are only a frame around an indicator table (indices into ``page.tables``).

    An outer frame, or a frame with a rule under the header, is a grid of one column: a
    cell as wide as the table holds the whole header ("一级指标 二级指标 三级指标 …") and
    the body's lines beside one another. Its cells are not the table's; the text inside
    is read as loose text, where the inferred grid finds the table (as on a text layer,
    :func:`jixiao.extractors.inferred_grid.is_coarse`). A grid whose header cells each
    hold one heading keeps its cells, whatever a merged cell of it says (a note under the table
    across its width: "注：1.一级指标分值统一设置为… 三级指标…").

    A table whose row rules the page lost may fall apart into several grids (the column rules
    that survived end at different heights: the names' columns in one grid, the points' in
    another with the budget block above them): each grid holding a column heading over its
    body is then one of the frame's pieces once the page holds HEADINGS_OVER_BODIES such cells,
    a grid cell of glued level names counting as one, and so does a table inferred beside it
    (the names' columns, no rule left round them, read from their lines). On a coarse page a grid of one
    column inside a table inferred from the lines is a remnant of its rules (:func:`_remnant_in`).
    """
    read = {t.bbox: t for t in content.tables if t.reading != "inferred"}
    tables = {index: table for index, grid in enumerate(page.tables)
              if (table := read.get(frame.box(grid.box))) is not None}
    stacked = {index: _headings_over_bodies(table) for index, table in tables.items()}
    glued = {id(table) for table in content.tables if _names_glued(table)}
    # a grid with two such cells makes it so on its own; so does one beside another piece of the table that
    # fell apart: its names' columns inferred from their lines, or glued in a grid of their own
    pieces = any(t.reading == "inferred" or id(t) in glued for t in content.tables)
    lost = sum(stacked.values()) + pieces >= HEADINGS_OVER_BODIES
    inferred = [t for t in content.tables if t.reading == "inferred"] if page.coarse else []
    return [index for index, table in tables.items()
            if (lost and stacked[index]) or id(table) in glued or _frames_the_header(table)
            or _remnant_in(table, inferred)]


def _remnant_in(table: PageTable, inferred: Sequence[PageTable]) -> bool:
    """A grid of one column overlapping a table inferred from a coarse page's lines: a box the rules a fax
    kept closed round one heading or one side label of that table (a Writer table faxed at 204×98 kept
    the rules round its 年初目标值(A) heading: the heading was read as a grid of its own, the inferred table's
    column had none, and every row's target went into the 三级 names beside it). Its text belongs to the
    table's lines; no indicator table is one column wide. A box down the table's first column is left as
    it is: the side labels there (项目资金, 绩效指标) head the budget block above as well, and the inferred
    table gives such a label a column of its own."""
    x0, top, x1, bottom = table.bbox
    return table.n_cols == 1 and any(
        t.col_edges[1] - 0.5 <= x0 < t.bbox[2] and top < t.bbox[3] and t.bbox[1] < bottom
        for t in inferred if len(t.col_edges) > 2)


def _is_frame(table: PageTable) -> bool:
    """A ruled grid read as a frame (see :func:`frame_grids`): a cell as wide as the table names the levels,
    or the grid lost its row rules (:func:`_lost_row_rules`)."""
    return _lost_row_rules(table) or _frames_the_header(table)


def _frames_the_header(table: PageTable) -> bool:
    """A cell as wide as the grid names two levels: the grid is a frame round a whole indicator table."""
    return is_coarse(table, lost_numerals=True) and any(
        cell.colspan == table.n_cols and names_levels(cell.text, lost_numerals=True) for cell in table.cells)


#: A value column's heading at a cell's start (after a few characters: 全年实际值, 自评得分) ...
_HEADING_OVER_BODY = re.compile(r"^.{0,3}(?:" + "|".join(HEADER_VALUE_WORDS) + r")(?P<body>.*)$")
#: ... followed by at least this many digits: the column's body read into its heading's cell (a fax glues
#: the rows' figures together, "分值8861081010…"; a heading's own note, "（2023年度）", "（10分）", has fewer).
BODY_DIGITS_UNDER_HEADING = 8
#: A level heading at a cell's start (its numeral maybe lost: "级指标") ...
_LEVEL_OVER_NAMES = re.compile(r"^.{0,3}级指标(?P<body>.*)$")
#: ... followed by at least this many Chinese characters: the column's names read into its heading's cell
#: ("一级指标产出指标（50分）效益指标…"; a heading's own note, "（50分）", "名称", has fewer).
BODY_CHARS_UNDER_HEADING = 8
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
#: A grid is taken to have lost its row rules when at least this many of its cells hold a heading
#: over its column's body.
HEADINGS_OVER_BODIES = 2


def _headings_over_bodies(table: PageTable) -> int:
    """The cells of a grid holding a column's heading read together with the column's body under it."""
    stacked = 0
    for cell in table.cells:
        text = "".join(cell.text.split())
        figures = _HEADING_OVER_BODY.match(text)
        names = _LEVEL_OVER_NAMES.match(text)
        if (figures and sum(ch.isdigit() for ch in figures["body"]) >= BODY_DIGITS_UNDER_HEADING) or \
                (names and len(_CJK_CHAR.findall(names["body"])) >= BODY_CHARS_UNDER_HEADING):
            stacked += 1
    return stacked


def _lost_row_rules(table: PageTable) -> bool:
    """A grid whose rules between rows the page lost: a fax in fine mode (98 lines an inch) drops the
    hairlines between a Word table's rows and keeps its column rules and the heavy rules round it, so
    the grid's cells run from the header to the table's foot, each value column's heading read
    together with every row's figure under it ("分值8861081010…", "得分88610810108…") and each name
    column's with its names ("二级指标数量指标质量指标…"). Such a grid's cells are not the table's; its
    text is read as loose lines and the table inferred from them with the column rules the page shows,
    as a table ruled between columns only is."""
    return _headings_over_bodies(table) >= HEADINGS_OVER_BODIES or _names_glued(table)


#: A cell holding this many 一级/二级 names or more holds a column's names from several rows.
GLUED_NAMES = 3


#: Punctuation of a sentence: a cell holding any is prose (a note on how a rate is worked out names the
#: same 预算执行率 again and again), never names glued together.
_PROSE_MARKS = re.compile(r"[，,。；;：:=（）()、/]")


def _names_glued(table: PageTable) -> bool:
    """A body cell of the grid holds GLUED_NAMES different whole 一级/二级 names or more (the schema's, of
    four characters or more) and no sentence's punctuation: the page lost the rules between the rows under
    a header it kept, and each of the grid's body cells holds its column's names from several rows, read
    together ("数量指标质量指标时效指标…"). A 一级/二级 cell names one level; a note across the whole table
    ("注：一级指标包括产出指标、效益指标、满意度指标") is no body cell and does not count."""
    pattern = _glued_names_pattern()
    return any(cell.colspan < table.n_cols and not _PROSE_MARKS.search(text)
               and len(set(pattern.findall(text))) >= GLUED_NAMES
               for cell in table.cells if (text := "".join(cell.text.split())))


@functools.lru_cache(maxsize=1)
def _glued_names_pattern() -> re.Pattern:
    """Any whole 一级/二级 name, the longest first (服务对象满意度指标 before 满意度指标)."""
    names = sorted(whole_level_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


#: Lines at the top of each cell of a one-column grid read to tell a frame before the page is
#: read: a frame's header ("一级指标 二级指标 三级指标 …") is the first line or two of its cell.
FRAME_HEADER_LINES = 3


def frames_by_header(page: UprightPage, page_no: int, engine: OcrEngine, dpi: int, frame: _Frame) -> list[int]:
    """One-column grids that the top lines of their cells already show to be frames
    (:func:`frame_grids`; indices into ``page.tables``), told before the page is read.

    A frame around a whole indicator table is a grid of one column (most often one cell);
    read as that grid's cell lines, the whole table was recognised once only to find the
    header, then thrown away and read again as loose text (204's and 210's stamped scans took
    1.3–1.45 times the CPU of one reading, in one profiled run each). Reading the top lines of
    each cell tells it: a text that names two levels still does in the full cell. A grid they
    do not show to be a frame is read with the page, and :func:`frame_grids` still judges it
    from its full reading.
    """
    candidates = [i for i, grid in enumerate(page.tables) if grid.n_cols == 1]
    if not candidates:
        return []
    tops: list[_Crop] = []
    for index in candidates:
        for c_idx in range(len(page.tables[index].cells)):
            lines = sorted((c for c in page.crops if c.table == index and c.cell == c_idx), key=lambda c: c.box[1])
            tops += lines[:FRAME_HEADER_LINES]
    paper = paper_level(page.clean)
    results = engine.read_crops([line_crop(page.clean, c.box, c.bounds, paper) for c in tops])
    frames = []
    for index in candidates:
        texts = {c_idx: [] for c_idx in range(len(page.tables[index].cells))}
        for crop, (text, score) in zip(tops, results):
            if crop.table == index and text.strip():
                texts[crop.cell].append((crop.box, text.strip(), score))
        if _is_frame(_page_table(page_no, page.tables[index], texts, frame, repair_ocr_text)):
            frames.append(index)
    return frames


def without_grids(page: UprightPage, dropped: Sequence[int], engine: OcrEngine, dpi: int) -> UprightPage:
    """The page with some grids taken for frames: their text planned as loose lines. Their rules
    stay erased from the clean image (a frame's sides would join every line inside it)."""
    tables = [t for i, t in enumerate(page.tables) if i not in dropped]
    crops = plan_crops(page.clean, tables, dpi, engine)
    if page.coarse:
        crops = without_rule_stubs(crops, dpi)
    return replace(page, tables=tables, crops=crops)


def upright_seal_boxes(prepared: PreparedPage, page: UprightPage) -> list[tuple[Box, SealMark]]:
    """The prepared page's seals on the upright page (pixel boxes), turned as the page was."""
    placed = []
    for mark in prepared.seals:
        # each seal turned on its own: two seals stamped over each other share one footprint on a joint mask
        turned = turn(rotate_small(prepared.seal_mask([mark]), page.skew, fill=0, nearest=True), page.quarter_turns)
        placed += [(box, mark) for box in footprints(turned)[-1:]]
    return sorted(placed, key=lambda bm: (bm[0][1], bm[0][0]))


def _overlaps(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@contextmanager
def _darkest_ink(image: np.ndarray, box: Box, paper: int, level: int) -> Iterator[np.ndarray]:
    """``image`` with, inside ``box``, only the darker of the cell's two inks kept, for the
    ``with`` block (the cell's pixels are put back after it; ``level``: the page's ink level).

    Under a seal the de-inked image may keep the seal's darkest strokes; print
    is darker still (the inks multiply), so splitting the cell's ink pixels in
    two by Otsu and keeping the darker class leaves the print. The page is changed
    in place and restored, not copied for each cell under a seal: the copies and
    a whole-page Otsu per cell took as long as reading the cells again.
    """
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    cell = image[max(y0, 0):y1, max(x0, 0):x1]
    saved = cell.copy()
    ink = cell[cell < level]
    if ink.size >= 20:
        cut, _ = cv2.threshold(ink.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        cell[cell > cut] = paper
    try:
        yield image
    finally:
        cell[...] = saved


def reread_under_seals(page: UprightPage, content: PageContent, seal_boxes: Sequence[Box],
                       engine: OcrEngine, dpi: int) -> int:
    """Read cells under a seal again from only their darkest ink; keep the surer reading.

    Returns how many cells changed. The first reading comes from the de-inked
    page; where seal residue survived it reads as extra characters with low
    confidence ("10日"), which the second reading, without the residue, beats.
    """
    if not seal_boxes:
        return 0
    paper, level, repair = paper_level(page.clean), ink_level(page.clean), repair_ocr_text
    changed = 0
    work = page.clean.copy()
    for t_idx, table in enumerate(page.tables):
        for c_idx, cell in enumerate(table.cells):
            if not any(_overlaps(cell.box, s) for s in seal_boxes):
                continue
            with _darkest_ink(work, cell.box, paper, level) as strict:
                lines = ink_lines(strict, _inset(cell.box, CELL_INSET), dpi, level, bounds=cell.box)
                crops = [line_crop(strict, box, cell.box, paper).copy() for box in lines]
            if not lines:
                continue
            results = engine.read_crops(crops)
            pieces = [(box, text.strip(), score) for box, (text, score) in zip(lines, results) if text.strip()]
            if not pieces:
                continue
            raw, confidence = cell_text(pieces)
            target = content.tables[t_idx].cells[c_idx]
            if confidence > target.confidence:
                target.raw_text, target.text, target.confidence = raw, repair(raw), confidence
                target.alternatives = []
                target.unread_width = _unread_width_of(page, crops, results, raw)
                changed += 1
    return changed


def _unread_width_of(page: UprightPage, crops: Sequence[np.ndarray], results: Sequence[tuple[str, float]],
                     raw: str) -> float:
    """A cell's unread width measured again for its new reading (as _unread_widths measures the first):
    the width left unread by the old reading says nothing of the new one. 0 (not measured) unless the
    page is coarse and the cell reads as one value line."""
    lone = [crop for crop, (text, _) in zip(crops, results) if text.strip()]
    if not page.coarse or len(lone) != 1 or not value_like_text(raw):
        return 0.0
    return round(unread_width(lone[0], raw), 3)


def mark_written_cells(prepared: PreparedPage, page: UprightPage, content: PageContent) -> int:
    """Cells a pen wrote in keep at most PEN_CONFIDENCE: what is printed there may be hidden
    or changed by hand. Returns how many cells were marked."""
    if prepared.pen is None:
        return 0
    pen = turn(rotate_small(prepared.pen, page.skew, fill=0, nearest=True), page.quarter_turns)
    marked = 0
    for t_idx, table in enumerate(page.tables):
        for c_idx in written_cells(pen, [cell.box for cell in table.cells]):
            cell = content.tables[t_idx].cells[c_idx]
            cell.confidence = min(cell.confidence, PEN_CONFIDENCE)
            marked += 1
    if marked:
        prepared.steps.append(f"{marked} cell(s) written in by pen")
    return marked


def ocr_page(pdf_page: pdfium.PdfPage, page_no: int, engine: OcrEngine | None = None,
             dpi: int = 200, user_unit: float = 1.0) -> PageContent:
    """OCR one PDF page into the same shape the digital text path produces (``method="ocr"``)."""
    return ocr_raster(PdfRaster(pdf_page), page_no, engine, dpi, user_unit)


def ocr_raster(raster: PageRaster, page_no: int, engine: OcrEngine | None = None,
               dpi: int = 200, user_unit: float = 1.0) -> PageContent:
    """OCR one page (of a PDF or an image file) into ``PageContent`` (``method="ocr"``).

    The page is first prepared (photo squared, light evened, seals lifted, fax
    specks removed), so everything below reads the cleaned image. The page's images
    are freed after it, and the heap's free pages handed back to the system.
    """
    content = _read_raster(raster, page_no, engine, dpi, user_unit)
    release_heap()
    return content


def _read_raster(raster: PageRaster, page_no: int, engine: OcrEngine | None, dpi: int,
                 user_unit: float) -> PageContent:
    engine = engine or get_engine()
    prepared = prepare_raster(raster, dpi)
    page = upright_page(prepared.gray, engine, dpi, prepared.coarse,
                        prepared.seal_mask() if prepared.seals else None)
    headed = frames_by_header(page, page_no, engine, dpi, _Frame(dpi, user_unit))
    if headed:
        page = without_grids(page, headed, engine, dpi)
    content = read_upright(page, page_no, engine, dpi, user_unit)
    frames = frame_grids(page, content, _Frame(dpi, user_unit))
    if frames:
        page = without_grids(page, frames, engine, dpi)
        content = read_upright(page, page_no, engine, dpi, user_unit)
    if headed or frames:
        prepared.steps.append(f"{len(headed) + len(frames)} ruled frame(s) around an unruled table read as loose text")
    sealed = upright_seal_boxes(prepared, page)
    frame = _Frame(dpi, user_unit)
    arcs = [read_seal_arc(mark.ink, engine, mark.overlapped) for _, mark in sealed]
    content.seals = [Seal(page=page_no, bbox=frame.box(box), colour=mark.colour, seen_as=mark.seen_as,
                          text=text, text_confidence=confidence, readings=readings)
                     for (box, mark), (text, confidence, readings) in zip(sealed, arcs)]
    mark_written_cells(prepared, page, content)
    reread = reread_under_seals(page, content, [box for box, _ in sealed], engine, dpi)
    if reread:
        prepared.steps.append(f"{reread} cell(s) under a seal re-read")
    turned = f", turned {page.quarter_turns * 90}°" if page.quarter_turns else ""
    steps = "".join(f"; {step}" for step in prepared.steps)
    content.route_reason = f"ocr (skew {page.skew:+.2f}°{turned}{steps})"
    content.skew, content.quarter_turns, content.dpi = page.skew, page.quarter_turns, dpi
    content.sheet = prepared.sheet
    content.table_frame = prepared.table_frame
    return content


def read_ocr_page(pdf_page: pdfium.PdfPage, page_no: int, source: "PageSource") -> PageContent:
    """The ``ocr`` reader: :func:`ocr_page` with the engine and resolution the options name."""
    return ocr_page(pdf_page, page_no, engine=get_engine(source.options.ocr_engine, source.options.ocr_runtime),
                    dpi=source.options.dpi, user_unit=source.user_unit(page_no))
