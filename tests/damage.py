"""Damage a reading the way readers fail, inside the reading path.

Each damage rewrites the :class:`PageContent` a page reader returned, before
assembly sees it, so everything downstream (assembly, mapping, validation, the
verdict, second readings from the real page) runs as in production. The cell to
damage is located by the cell box the undamaged reading recorded.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from jixiao.extractors.readers import ReadOptions
from jixiao.models import Cell, CellRead, Document, PageContent
from jixiao.pipeline import process
from jixiao.pipeline.settings import ExtractOptions

Damage = Callable[[list[PageContent]], None]


def find_cell(pages: list[PageContent], read: CellRead) -> tuple[PageContent, object, Cell]:
    """The page, table and cell a CellRead points at."""
    page = pages[read.page - 1]
    for table in page.tables:
        for cell in table.cells:
            if cell.bbox == read.bbox:
                return page, table, cell
    raise LookupError(f"no cell at {read.bbox} on page {read.page}")


@contextmanager
def damaged_reading(damage: Damage):
    """Within the block, every document is read with ``damage`` applied to its pages."""
    original = process.read_pages_checked

    def read_pages_checked(pdf, path, options=ReadOptions(), **chosen):
        pages, problems = original(pdf, path, options, **chosen)
        damage(pages)
        return pages, problems

    process.read_pages_checked = read_pages_checked
    try:
        yield
    finally:
        process.read_pages_checked = original


def read_damaged(path: Path, damage: Damage, reread: bool) -> Document:
    options = ExtractOptions(read=ReadOptions(ocr="auto"), reread=reread)
    with damaged_reading(damage):
        return process.process_document(path, path.name, options)


# ---------------------------------------------------------------- the ways readers fail

def set_text(read: CellRead, text: str) -> Damage:
    def damage(pages: list[PageContent]) -> None:
        find_cell(pages, read)[2].text = text
    return damage


def double_digit(text: str) -> str:
    """7 → 77, 8.5 → 88.5: the first digit printed twice (a seal stroke, a bleed)."""
    i = next(i for i, ch in enumerate(text) if ch.isdigit())
    return text[:i + 1] + text[i:]


def swap_digits(text: str) -> str:
    """12 → 21; a single digit is taken for its look-alike (6 → 8, 1 → 7, 0 → 8)."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    for a, b in zip(digits, digits[1:]):
        if b == a + 1 and text[a] != text[b]:
            return text[:a] + text[b] + text[a] + text[b + 1:]
    i = digits[0]
    look_alike = {"0": "8", "1": "7", "2": "7", "3": "8", "4": "1", "5": "6", "6": "8", "7": "1", "8": "3", "9": "8"}
    return text[:i] + look_alike[text[i]] + text[i + 1:]


def lose_decimal_point(text: str) -> str:
    """1.05 → 105."""
    return text.replace(".", "", 1)


def garble(text: str) -> str:
    """A name read as other, valid CJK characters (what a broken font map or a bad OCR gives)."""
    return "".join(chr(0x4E00 + (ord(ch) * 7919) % 20000) if "\u4e00" <= ch <= "\u9fff" else ch for ch in text)


def drop_row(read: CellRead) -> Damage:
    """The row the cell belongs to vanishes: its own cells are lost (merged blocks stay)."""
    def damage(pages: list[PageContent]) -> None:
        _, table, cell = find_cell(pages, read)
        table.cells = [c for c in table.cells if not (c.row == cell.row and c.rowspan == 1)]
    return damage


def merge_with_right(read: CellRead) -> Damage:
    """A missing rule joins a cell to its right neighbour: one cell, both texts."""
    def damage(pages: list[PageContent]) -> None:
        _, table, cell = find_cell(pages, read)
        right = next(c for c in table.cells if c.row == cell.row and c.col == cell.col + cell.colspan)
        cell.text = f"{cell.text} {right.text}".strip()
        cell.colspan += right.colspan
        cell.bbox = (cell.bbox[0], cell.bbox[1], right.bbox[2], cell.bbox[3])
        table.cells.remove(right)
    return damage


def rename(old: str, new: str) -> Damage:
    """Every cell reading ``old`` reads ``new`` (a merged 一级/二级 name misread once, seen on every row)."""
    def damage(pages: list[PageContent]) -> None:
        hits = [cell for page in pages for table in page.tables for cell in table.cells if cell.text.strip() == old]
        if not hits:
            raise LookupError(f"no cell reads {old!r}")
        for cell in hits:
            cell.text = new
    return damage
