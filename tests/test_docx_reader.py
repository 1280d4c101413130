"""The Word reader parses the main document part as plain XML, found through the package relationships."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from jixiao.extractors.formats.docx import read_docx

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _tables(pages) -> list[list[tuple[int, int, int, int, str]]]:
    return [[(c.row, c.col, c.rowspan, c.colspan, c.text) for c in t.cells] for p in pages for t in p.tables]


def test_the_main_part_is_found_through_the_package_relationships(tmp_path):
    """A writer may name the main part otherwise (word/document2.xml): the relationships say which it is."""
    source = SAMPLES / "formats" / "001_wuwei.docx"
    with zipfile.ZipFile(source) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["word/document2.xml"] = parts.pop("word/document.xml")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/document2.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/word/document.xml", b"/word/document2.xml")
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(moved, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    original = read_docx(io.BytesIO(source.read_bytes())).pages
    again = read_docx(io.BytesIO(moved.read_bytes())).pages
    assert _tables(original) and _tables(again) == _tables(original)
    merged = [c for table in _tables(original) for c in table if c[2] > 1]
    assert merged, "the sample has vertical merges"
