"""An OCR header row read as the column headings its ink supports.

A coarse fax can misread an indicator table's headings past recognition ("微指标" for 三级指标,
"权型" for 权重): the row then names fewer than two levels and is not taken as a header, and the
whole table, with every form on it, is lost. Each unsure OCR cell carries its best reading under
the closed vocabulary of headings (normalizers/header_words.py, decoded from the recogniser's
per-time-step probabilities in extractors/ocr/vocabulary_decoding.py) with the share of the free
best path's probability that word keeps.

Here a row that is not a header as read is read again with each unsure cell replaced by its heading
word where that word keeps at least ``HEADING_MIN_SHARE``; the row is a header only if it is one then. The
headings only name the columns' roles: no value of the form is read from them, so nothing a form
states is changed by this reading.
"""
from __future__ import annotations

import dataclasses
import re

from jixiao.pipeline.assembly.columns import HEADER_SURE, role_of
from jixiao.pipeline.assembly.rows import Row

__all__ = ["HEADING_MIN_SHARE", "as_heading_words", "roleless_cells_as_heading_words"]

#: The least share of the free path's probability a heading word's path must keep, measured on the
#: tune fax with misread headings (427, 100 dpi): its headings' words kept 6.6e-5 (三级指标 read as
#: 微指标) to 1.0, while its data cells decoded as headings kept less than 1e-6.
HEADING_MIN_SHARE = 1e-5


def as_heading_words(row: Row) -> Row | None:
    """``row`` with its unsure OCR cells read as heading words; None when no cell has one."""
    if row.table.method != "ocr":
        return None
    cells, changed = [], False
    for rc in row.cells:
        word = _heading_word(rc.text, rc.cell)
        if word is not None:
            rc, changed = dataclasses.replace(rc, text=word), True
        cells.append(rc)
    return dataclasses.replace(row, cells=cells) if changed else None


def roleless_cells_as_heading_words(row: Row) -> Row:
    """A header row as read with each unsure OCR cell that names no column (a stamp's or a shadow's
    "万Ⅲ" for 分值) read as the heading word its ink supports: the column under it keeps its role
    instead of being dropped with its figures. Cells that name a role as read are left alone."""
    if row.table.method != "ocr":
        return row
    cells = [dataclasses.replace(rc, text=word) if role_of(rc.text, None) is None
             and (word := _heading_word(rc.text, rc.cell)) is not None else rc for rc in row.cells]
    return dataclasses.replace(row, cells=cells)


def _heading_word(text: str, cell) -> str | None:
    """The heading word an unsure cell's ink supports, when it differs from the free reading."""
    found = cell.vocabulary_readings.get("header")
    if not found or cell.confidence >= HEADER_SURE or not text.strip():
        return None
    word, share = found
    return word if share >= HEADING_MIN_SHARE and word != re.sub(r"\s+", "", text) else None
