"""Peer grids → jixiao's four output tables, so `jixiao eval` scores every tool the same way.

What the adapter does, and nothing more (bench/RESULTS.md repeats it):

* one ``Cell`` per grid position, with the text the peer put there (merged
  blocks filled into every position they cover, as the peer gives them); no
  spans, no page-cut flags — that is exactly the information the peers do not
  return;
* every cell's text goes through jixiao's ``join_lines`` + ``repair_text`` (the
  same repair the eval applies to both sides), so the Kangxi radicals of
  Chromium PDFs and spaced numbers do not decide the comparison by themselves;
* text outside the peer's tables (titles, 填报单位 lines) is read with pypdfium2
  exactly as jixiao's text path does, because no peer returns it and titles are
  what split a document into forms;
* then jixiao's own assembly, canonical mapping and validation, unchanged.
"""
from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium

from bench.peers import Grid
from jixiao.extractors.chars import fill_cells, loose_lines, page_chars
from jixiao.extractors.page_frame import PageFrame
from jixiao.models import Cell, Document, PageContent, PageTable
from jixiao.normalizers.text_repair import join_lines, repair_text
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.pipeline.process import file_sha256, finish_forms
from jixiao.pipeline.settings import ExtractOptions


def grid_table(grid: Grid) -> PageTable:
    """A PageTable with one 1×1 Cell per grid position."""
    cells = [
        Cell(row=r, col=c, text=repair_text(join_lines(text.split("\n"))),
             bbox=(grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1]))
        for r, row in enumerate(grid.texts) for c, text in enumerate(row)
    ]
    return PageTable(
        page=grid.page, bbox=(grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1]),
        n_rows=len(grid.ys) - 1, n_cols=len(grid.xs) - 1, cells=cells, col_edges=grid.xs,
    )


def grid_pages(path: Path, grids: list[Grid]) -> list[PageContent]:
    """PageContent per page: the peer's tables plus pdfium's lines outside them."""
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            page_no = index + 1
            try:
                height = page.get_height()
                tables = sorted((grid_table(g) for g in grids if g.page == page_no), key=lambda t: (t.bbox[1], t.bbox[0]))
                textpage = page.get_textpage()
                try:
                    chars = page_chars(textpage, PageFrame.of(page))
                finally:
                    textpage.close()
                outside = fill_cells([t.model_copy(deep=True) for t in tables], chars)
                pages.append(PageContent(page=page_no, width=page.get_width(), height=height, tables=tables,
                                         lines=loose_lines(outside, page_no)))
            finally:
                page.close()
    finally:
        pdf.close()
    return pages


def peer_document(path: Path, grids: list[Grid], options: ExtractOptions = ExtractOptions()) -> Document:
    """A Document from a peer's grids, through jixiao's assembly, mapping and validation."""
    started = time.perf_counter()
    doc = Document(source_file=path.name, sha256=file_sha256(path))
    pages = grid_pages(path, grids)
    doc.pages = len(pages)
    doc.forms = assemble_forms(pages, path.name)
    finish_forms(doc, options)
    if not doc.forms:
        doc.status, doc.error = "failed", "no form or indicator table found"
    doc.seconds = round(time.perf_counter() - started, 4)
    return doc
