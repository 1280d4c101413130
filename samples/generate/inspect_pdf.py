"""Facts about a produced PDF that the manifest records: pages and cut cells."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

WHITESPACE = re.compile(r"\s+")
#: Characters a cell must have before its two ends identify it reliably.
MIN_CUT_TEXT = 12
END_CHARS = 10
#: Each part of a text parted by a page break is at least this long before the parting is believed.
MIN_PART = 4


def squash(text: str) -> str:
    """Text without whitespace: wrapped CJK lines join with nothing."""
    return WHITESPACE.sub("", text)


def page_texts(path: Path) -> list[str]:
    """pypdfium2 text of every page (it maps Chromium's Kangxi radicals back)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def page_count(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def cut_cell_pages(path: Path, cell_texts: list[str]) -> list[int]:
    """1-based pages at whose foot a cell's text stops and resumes on the next page.

    A cell counts as cut when no single page holds its whole text but its first
    characters are on one page and its last on the following one, or it parts into a head
    ending on one page and a tail on the next, each of ``MIN_PART`` characters at least
    (a name Writer breaks with its row: "…助推民" | "生事业发展").
    """
    pages = [squash(t) for t in page_texts(path)]
    found: set[int] = set()
    for raw in cell_texts:
        text = squash(raw)
        if len(text) < MIN_CUT_TEXT or any(text in page for page in pages):
            continue
        head, tail = text[:END_CHARS], text[-END_CHARS:]
        for i in range(len(pages) - 1):
            if head in pages[i] and tail in pages[i + 1] and tail not in pages[i]:
                found.add(i + 1)
            elif _parted_over(text, pages[i], pages[i + 1]):
                found.add(i + 1)
    return sorted(found)


def _parted_over(text: str, page: str, next_page: str) -> bool:
    """``text`` reads as a head on ``page`` and the rest on ``next_page``, each part long enough to say so."""
    return any(text[:k] in page and text[k:] in next_page
               for k in range(MIN_PART, len(text) - MIN_PART + 1))
