"""Repair of cell text read by OCR.

OCR adds its own slips on top of what a text layer gets wrong: letters read for
digits (O for 0, l/I/| for 1) inside numbers, "m2" for m², comparison signs split
into two glyphs (">=", "》="). Letter-for-digit fixes are only safe inside cells
that are numbers, so a cell's shape decides whether they apply.
"""
from __future__ import annotations

import re
from functools import lru_cache

from normalizers.text_repair import repair_text

__all__ = ["repair_ocr_text", "looks_numeric"]

_DIGIT_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})

#: Two-glyph or look-alike comparison signs as OCR engines print them.
_OPERATOR_FIXES = [
    (re.compile(r"(?:≥|>|》|＞)\s*=|=\s*>"), "≥"),
    (re.compile(r"(?:≤|<|《|＜)\s*=|=\s*<"), "≤"),
]

_NUMBER_CORE = r"[0-9OolI|](?:[0-9OolI|,.]*[0-9OolI|])?"
#: A numeric cell: optional comparison, one number (letters allowed where OCR
#: confuses them with digits), optional percent or a short unit.
_NUMERIC_CELL_RE = re.compile(
    r"^(?P<op>[≥≤><=约]?)\s*(?P<core>" + _NUMBER_CORE + r")\s*(?P<unit>%|‰|[\u4e00-\u9fff]{1,3}|m²|㎡)?$"
)
_SQUARE_METRE_RE = re.compile(r"(?<=\d)\s*(?:m\^2|m2|㎡)(?![0-9])")


def looks_numeric(text: str) -> bool:
    """True when the cell is one number, possibly misread: "1O0%", "≥9O", "l2个".

    At least one real digit (or a percent sign) is required so that words made of
    O, l and I alone are never taken for numbers.
    """
    match = _NUMERIC_CELL_RE.match(text.strip())
    if not match:
        return False
    return any(ch.isdigit() for ch in match.group("core")) or match.group("unit") == "%"


def _fix_numeric_core(text: str) -> str:
    match = _NUMERIC_CELL_RE.match(text.strip())
    if not match:
        return text
    core = match.group("core").translate(_DIGIT_CONFUSIONS)
    return f"{match.group('op')}{core}{match.group('unit') or ''}"


@lru_cache(maxsize=65536)
def repair_ocr_text(raw: str, numeric: bool | None = None) -> str:
    """Everything :func:`repair_text` does, plus the OCR confusions.

    ``numeric`` says whether the cell belongs to a numeric column; ``None`` lets
    the cell's shape decide. ``False`` never touches letters.
    """
    text = repair_text(raw)
    for pattern, replacement in _OPERATOR_FIXES:
        text = pattern.sub(replacement, text)
    text = _SQUARE_METRE_RE.sub("m²", text)
    if numeric is None:
        numeric = looks_numeric(text)
    if numeric:
        text = _fix_numeric_core(text)
    return text
