"""Text cells that are safe to open in Excel or WPS, and how to get the value back.

A CSV or xlsx cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is taken for a formula by spreadsheet programs (CSV injection, OWASP), and a
file name or a table cell of a published PDF can start with anything. For the files
people open (CSV, xlsx) every such text cell gets a leading ``'`` (as OWASP
recommends); so that the rule can be undone, so does text that already starts with
``'``. Control characters other than tab and newline, which split CSV rows and are
illegal in xlsx, are written as ``\\xNN``.

Parquet and the catalog hold the values unchanged. To recover a value from CSV or
xlsx, remove one leading ``'`` (:func:`recover`).
"""
from __future__ import annotations

import re

#: First characters that make a spreadsheet evaluate a cell (OWASP), and the quote itself.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_controls(text: str) -> str:
    """``\\r`` and other control characters as ``\\xNN`` (tab and newline kept)."""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe_cell(text: str) -> str:
    """The text as it may go into a CSV or xlsx cell: never a formula, never a broken row."""
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return escape_controls(text)


def recover(cell: str) -> str:
    """The value a :func:`safe_cell` cell was made from (control characters stay escaped)."""
    return cell[1:] if cell.startswith("'") else cell
