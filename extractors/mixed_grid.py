"""Text-layer pages read table by table: by the rules where a table is ruled, inferred where not.

The ruled path (:func:`jixiao.extractors.text_grid.read_text_page`) runs first and
its tables are kept as they are, so fully ruled forms read exactly as before. Only
when an indicator header is left among the loose characters (a 三线表, a table with
horizontal rules only, an outer frame, or none), or sits inside a "table" too coarse
to be its grid (a frame with a rule under the header), is that table inferred by
:mod:`jixiao.extractors.inferred_grid`; each table records how it was read
(``PageTable.reading``, ``PageTable.rules_used``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from jixiao.extractors.chars import DOUBTFUL_CONFIDENCE, Char, fill_cells, loose_lines
from jixiao.extractors.inferred_grid import (ASSESSMENT_LEVEL_WORDS, Glyph, Rules, infer_tables, is_coarse,
                                             is_header_text, line_text, visual_lines)
from jixiao.extractors.text_grid import page_frame, read_ruled
from jixiao.models import PageContent, PageTable

if TYPE_CHECKING:
    from jixiao.extractors.readers import PageSource


def _glyphs(chars: list[Char]) -> list[Glyph]:
    """Characters for the inferred grid; a lying font's glyph read unsurely keeps its cell doubtful."""
    return [Glyph(c.text, c.x0, c.top, c.x1, c.bottom, order=i, confidence=DOUBTFUL_CONFIDENCE if c.doubtful else 1.0)
            for i, c in enumerate(chars) if c.clip is None]


def _holds_a_header(loose: list[Char]) -> bool:
    """Whether the page's loose characters hold an indicator header. Numbered level headings are sought
    in the page's text run together; an assessment table's headings must stand apart as short pieces,
    so a page naming one is cut into lines (a gap of two glyph heights or more is a space; see line_text)."""
    text = "".join(c.text for c in loose)
    if is_header_text(text):
        return True
    if not any(word in text for word in ASSESSMENT_LEVEL_WORDS):
        return False
    return is_header_text(" ".join(line_text(line.glyphs) for line in visual_lines(_glyphs(loose))))


def read_page(page: pdfium.PdfPage, page_no: int, source: "PageSource | None" = None) -> PageContent:
    """Tables and loose lines of a text-layer page, whatever rules its tables have (the ``text`` reader)."""
    frame = page_frame(page, page_no, source)
    ruled = read_ruled(page, page_no, frame, source)
    tables, loose = ruled.tables, ruled.loose
    coarse = [t for t in tables if is_coarse(t)]
    if coarse:
        tables = [t for t in tables if t not in coarse]
        for t in tables:
            for c in t.cells:
                c.text = ""
        loose = fill_cells(tables, ruled.chars)
    width, height = frame.size
    if coarse or _holds_a_header(loose):
        inferred, lines = infer_tables(_glyphs(loose), Rules.from_edges(ruled.drawn), page_no)
        if inferred:
            tables = sorted(tables + inferred, key=lambda t: (t.bbox[1], t.bbox[0]))
            return PageContent(page=page_no, width=width, height=height, method="text", tables=tables, lines=lines)
    return PageContent(page=page_no, width=width, height=height, method="text", tables=tables,
                       lines=loose_lines(loose, page_no))
