"""The XML inside an .xlsx read directly: only what a printed form shows.

Why not openpyxl alone: it builds the whole object model of a workbook (fonts,
fills, protection, a Python object per cell with a style proxy, every merged
range re-bordered), about half of the time a form spends in the pipeline, while
the reader needs eight facts: cell values, their number formats, whether a
border is drawn, merged ranges, column widths, row heights, hidden rows/columns
and which sheets are visible.  This module reads those from the parts
themselves (workbook, relationships, shared strings, cellXfs/borders/numFmts of
the stylesheet, and each worksheet streamed row by row, so a large sheet does
not sit in memory as a tree).

Values come out exactly as openpyxl gives them with ``data_only=True`` (the same
number casting, date and duration conversion, shared-string clean-up), so both
routes print the same text.  Whatever this reader does not handle the way
openpyxl would (Strict OOXML, a workbook without its usual parts, a style index
out of range, a default style with borders) raises :class:`NotHandled` and the
caller falls back to openpyxl.
"""
from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, fromstring, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#: Excel's column width when a <col> gives none (openpyxl's ColumnDimension default, 8 + 5 padding).
COL_WIDTH_WHEN_UNSET = 13.0
#: A sheet's default row height when <sheetFormatPr> gives none.
ROW_HEIGHT_WHEN_UNSET = 15.0

_ROW, _CELL, _V, _IS, _T, _R = (MAIN + t for t in ("row", "c", "v", "is", "t", "r"))
_COL, _MERGE, _FORMAT, _DATA = (MAIN + t for t in ("col", "mergeCell", "sheetFormatPr", "sheetData"))


class NotHandled(Exception):
    """A workbook this reader does not read the way openpyxl would; the caller uses openpyxl."""


@dataclass
class SheetCells:
    """What one worksheet holds for printing, in 1-based rows and columns.

    ``cells`` are (row, column, value, number format, ruled) for every cell the
    sheet stores, in row-major order; ``heights`` only has the rows that set one;
    ``columns`` are the <col> ranges, a later range with the same first column
    replacing an earlier one (as openpyxl keys them).
    """

    title: str
    cells: list[tuple[int, int, object, str, bool]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min row, min col, max row, max col
    hidden_rows: set[int] = field(default_factory=set)
    columns: dict[int, tuple[int, int, float, bool]] = field(default_factory=dict)  # by first column: min, max, width, hidden
    heights: dict[int, float | None] = field(default_factory=dict)
    default_width: float | None = None
    default_height: float = ROW_HEIGHT_WHEN_UNSET


@dataclass
class Styles:
    """Per cell style (cellXfs index): its number format code, whether it draws a border, its kind of date."""

    formats: list[str]
    ruled: list[bool]
    dates: set[int]
    durations: set[int]


def _true(value: str | None) -> bool:
    """An XML boolean as openpyxl reads it: anything but "", "0", "false", "f" is true."""
    return bool(value) and value not in ("0", "false", "f")


def _number(text: str) -> int | float:
    """A stored number as openpyxl casts it: int unless it has a point or an exponent."""
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


_DIGITS = "0123456789"
#: Column letters → number, filled as met (a sheet uses a few dozen columns, each many times).
_COLUMNS: dict[str, int] = {}


def _address(ref: str) -> tuple[int, int]:
    """"AB12" → (12, 28)."""
    letters = ref.rstrip(_DIGITS)
    col = _COLUMNS.get(letters)
    if col is None:
        if not letters.isalpha() or len(letters) > 3:
            raise NotHandled(f"cell reference {ref!r}")
        col = _COLUMNS[letters] = _column(letters)
    return int(ref[len(letters):]), col


def _text(node) -> str:
    """A rich or plain string: its <t> and the <t> of its runs, phonetic guides left out."""
    parts = []
    for child in node:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None:
                parts.append(t.text or "")
    return "".join(parts)


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        return fromstring(archive.read(name))
    except KeyError as exc:
        raise NotHandled(f"missing part {name}") from exc


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part name) for ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in archive.NameToInfo:
        return {}
    out = {}
    for rel in _xml(archive, rels_name).iter(PKG_RELS + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), name)
    return out


def workbook_part(archive: zipfile.ZipFile) -> str:
    for kind, name in _relationships(archive, "").values():
        if kind == OFFICE_DOCUMENT:
            return name
    raise NotHandled("no transitional officeDocument relationship")


def read_styles(archive: zipfile.ZipFile, part: str | None) -> Styles:
    """Number format and border of each cell style, with openpyxl's date/duration classification."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    if part is None or part not in archive.NameToInfo:
        raise NotHandled("no stylesheet")
    root = _xml(archive, part)
    custom = {int(n.get("numFmtId")): n.get("formatCode", "") for n in root.iter(MAIN + "numFmt")}
    borders = []
    container = root.find(MAIN + "borders")
    for border in (container if container is not None else ()):
        borders.append(any(side.get("style") for side in border
                           if side.tag in (MAIN + "left", MAIN + "right", MAIN + "top", MAIN + "bottom")))
    xfs = root.find(MAIN + "cellXfs")
    if xfs is None or not len(xfs):
        raise NotHandled("no cell styles")
    styles = Styles([], [], set(), set())
    for index, xf in enumerate(xfs):
        number = int(xf.get("numFmtId", 0))
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number, "General")
        border = int(xf.get("borderId", 0))
        if border >= len(borders):
            raise NotHandled(f"border {border} out of range")
        styles.formats.append(code)
        styles.ruled.append(borders[border])
        if is_date_format(code):
            styles.dates.add(index)
        if is_timedelta_format(code):
            styles.durations.add(index)
    if styles.ruled[0]:
        raise NotHandled("the default style draws borders")  # openpyxl would rule every empty cell too
    return styles


def read_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """The shared string table, cleaned as openpyxl cleans it (``x005F_`` escapes dropped)."""
    if part is None or part not in archive.NameToInfo:
        return []
    strings = []
    with archive.open(part) as stream:
        for _, node in iterparse(stream):
            if node.tag == MAIN + "si":
                strings.append(_text(node).replace("x005F_", ""))
                node.clear()
    return strings


def _from_excel(number: float, epoch, timedelta: bool):
    """A date serial as openpyxl converts it (imported when a sheet holds a date, not for every cell)."""
    from openpyxl.utils.datetime import from_excel

    return from_excel(number, epoch, timedelta=timedelta)


def _from_iso8601(text: str):
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(text)


class Book:
    """A workbook's sheets, styles and strings, read from its parts."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.archive = archive
        part = workbook_part(archive)
        root = _xml(archive, part)
        if root.tag != MAIN + "workbook":
            raise NotHandled(f"workbook root {root.tag}")  # Strict OOXML and other dialects
        rels = _relationships(archive, part)
        by_kind = {kind.rsplit("/", 1)[-1]: name for kind, name in rels.values()}
        pr = root.find(MAIN + "workbookPr")
        self.epoch = CALENDAR_MAC_1904 if pr is not None and _true(pr.get("date1904")) else CALENDAR_WINDOWS_1900
        self.styles = read_styles(archive, by_kind.get("styles"))
        self.strings = read_strings(archive, by_kind.get("sharedStrings"))
        self.sheets: list[tuple[str, str, str]] = []  # name, state, part
        for sheet in root.iter(MAIN + "sheet"):
            kind, name = rels.get(sheet.get(REL_ID, ""), ("", ""))
            if name not in archive.NameToInfo or "chartsheet" in kind:
                continue  # openpyxl skips dangling sheets and keeps chartsheets out of worksheets
            self.sheets.append((sheet.get("name", ""), sheet.get("state") or "visible", name))

    def value(self, cell, style: int):
        """The cell's value as openpyxl returns it with data_only=True."""
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            node = cell.find(_IS)
            return _text(node) if node is not None else None
        text = cell.findtext(_V) or None
        if text is None:
            return None
        if kind == "n":
            number = _number(text)
            if style in self.styles.dates:
                try:
                    return _from_excel(number, self.epoch, timedelta=style in self.styles.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return _from_iso8601(text)
        return text  # "str" (a formula's text result) and "e" (an error such as #N/A)

    def sheet(self, title: str, part: str) -> SheetCells:
        """One worksheet, streamed: each row is read and dropped before the next."""
        out = SheetCells(title)
        styles = self.styles
        stored: dict[tuple[int, int], tuple[object, int]] = {}
        row_number = 0
        rows_parent = None
        with self.archive.open(part) as stream:
            for event, node in iterparse(stream, events=("start", "end")):
                tag = node.tag
                if event == "start":
                    if tag == _DATA:
                        rows_parent = node
                elif tag == _ROW:
                    row_number = self._row(node, row_number, out, stored)
                    node.clear()
                    if rows_parent is not None:
                        rows_parent.remove(node)  # keep nothing of a read row
                elif tag == _COL:
                    low = int(node.get("min"))
                    width = node.get("width")
                    out.columns[low] = (low, int(node.get("max") or 0),
                                        float(width) if width else COL_WIDTH_WHEN_UNSET, _true(node.get("hidden")))
                elif tag == _MERGE:
                    first, _, last = node.get("ref", "").partition(":")
                    (r0, c0), (r1, c1) = _address(first), _address(last or first)
                    out.merges.append((r0, c0, r1, c1))
                elif tag == _FORMAT:
                    width = node.get("defaultColWidth")
                    out.default_width = float(width) if width else None
                    height = node.get("defaultRowHeight")
                    out.default_height = float(height) if height else ROW_HEIGHT_WHEN_UNSET
        n_styles = len(styles.formats)
        for (row, col), (value, style) in sorted(stored.items()):
            if style >= n_styles:
                raise NotHandled(f"style {style} out of range")
            out.cells.append((row, col, value, styles.formats[style], styles.ruled[style]))
        return out

    def _row(self, node, previous: int, out: SheetCells, stored: dict) -> int:
        ref = node.get("r")
        row = int(float(ref)) if ref else previous + 1
        if any(key not in ("r", "spans") and not key.startswith("{") for key in node.keys()):
            ht = node.get("ht")
            out.heights[row] = float(ht) if ht else None
            if _true(node.get("hidden")):
                out.hidden_rows.add(row)
        col = 0
        for cell in node:
            if cell.tag != _CELL:
                continue
            ref = cell.get("r")
            if ref:
                row_of_cell, col = _address(ref)
            else:
                row_of_cell, col = row, col + 1
            style = int(cell.get("s") or 0)
            stored[(row_of_cell, col)] = (self.value(cell, style), style)
        return row


def read_sheets(archive: zipfile.ZipFile) -> Iterator[tuple[str, SheetCells]]:
    """(state, sheet) for every worksheet in workbook order; raises NotHandled before yielding anything
    it cannot read (the workbook, styles and strings are read first)."""
    try:
        book = Book(archive)
    except (ParseError, ValueError, TypeError) as exc:
        raise NotHandled(f"{type(exc).__name__}: {exc}") from exc
    for title, state, part in book.sheets:
        if state != "visible":
            yield state, SheetCells(title)
            continue
        try:
            yield state, book.sheet(title, part)
        except (ParseError, ValueError, IndexError, TypeError) as exc:
            raise NotHandled(f"{title}: {type(exc).__name__}: {exc}") from exc
