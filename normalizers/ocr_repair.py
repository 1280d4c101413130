"""Repair of cell text read by OCR.

OCR adds its own slips on top of what a text layer gets wrong: letters read for
digits (O for 0, l/I/| for 1) inside numbers, "m2" for m², comparison signs split
into two glyphs (">=", "》="), a stray digit after a percent sign ("≥95%6": the
sign's right-hand ring read once more as a 6) or a speck there read as a Latin letter
("95%á"), "‰" read as "%0" (its second ring a glyph of its own), and the dash "—" read as the ideograph "一" (one horizontal stroke either
way). These fixes are only safe inside cells that are numbers, so a cell's shape
decides whether they apply.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jixiao.normalizers.text_repair import repair_text

__all__ = ["repair_ocr_text", "looks_numeric", "name_without_specks"]

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
#: A speck or a broken ring of "%" read as a quote mark between a number and its percent sign ("100'%").
_QUOTE_BEFORE_PERCENT_RE = re.compile(r"(?<=\d)['‘’`\"]+(?=%)")
#: One percentage followed by a single stray digit or Latin letter (a speck), and nothing else in the cell.
#: Never "o", "O" or "0": "%o" is how OCR reads "‰" (see _PERMILLE_RE), and dropping it would make the value
#: ten times too large.
_PERCENT_STRAY_GLYPH_RE = re.compile(
    r"^(?P<number>[≥≤><=约]?\s*" + _NUMBER_CORE + r")\s*%\s*[1-9A-NP-Za-np-z\u00c0-\u024f]$")
#: One figure followed by "%" and a ring ("0", "o", "O"), and nothing else in the cell: how the recogniser
#: reads "‰" (its label table holds "‰", yet a printed one comes back "%0" at 0.98 with "‰" at no share, the
#: sign's extra ring read as a glyph of its own). No form prints a digit or letter after a percent sign.
_PERMILLE_RE = re.compile(r"^(?P<number>[≥≤><=约]?\s*" + _NUMBER_CORE + r")\s*%\s*[0oO]$")
#: "一" in front of one number or percentage, and nothing else: a dash read as the
#: ideograph (no Chinese wording puts 一 straight before a bare number).
_DASH_BEFORE_NUMBER_RE = re.compile(r"^一\s*(?P<rest>" + _NUMBER_CORE + r"\s*%?)$")
#: A cell holding only dashes read as "一" (or a mix of the two).
_DASH_ONLY_RE = re.compile(r"^[一—]+$")


def looks_numeric(text: str) -> bool:
    """True when the cell is one number, possibly misread: "1O0%", "≥9O", "l2个".

    At least one real digit (or a percent sign) is required so that words made of
    O, l and I alone are never taken for numbers.
    """
    match = _NUMERIC_CELL_RE.match(text.strip())
    if not match:
        return False
    return any(ch.isdigit() for ch in match.group("core")) or match.group("unit") == "%"


def _fix_percent_and_dash(text: str, numeric: bool | None) -> str:
    """Read "%0" after a figure as "‰"; drop a stray digit or letter after a lone percentage; restore "—"
    read as "一".

    A cell that is only "一" is a dash in a numeric column but may be the numeral
    elsewhere, so that case needs ``numeric=True``; "一" glued to a number is a
    dash by its shape alone.
    """
    stripped = text.strip()
    match = _PERMILLE_RE.match(stripped)
    if match:
        return match.group("number") + "‰"
    match = _PERCENT_STRAY_GLYPH_RE.match(stripped)
    if match:
        return match.group("number") + "%"
    match = _DASH_BEFORE_NUMBER_RE.match(stripped)
    if match:
        return "—" + match.group("rest")
    if numeric and _DASH_ONLY_RE.match(stripped):
        return "—" * len(stripped)
    return text


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
    text = _QUOTE_BEFORE_PERCENT_RE.sub("", text)
    if numeric is not False:
        text = _fix_percent_and_dash(text, numeric)
    if numeric is None:
        numeric = looks_numeric(text)
    if numeric:
        text = _fix_numeric_core(text)
    return text


#: Dot-like marks a speck of a fax or scan is read as; no indicator name begins or ends with one.
_SPECK_MARKS = "•·.,，、。"


def name_without_specks(name: str) -> str:
    """An OCR-read indicator name without the dot-like marks at its ends ("• 工程验收合格率",
    "渔民满意度."): a speck beside the name, not part of it (names are words, not sentences)."""
    return name.strip().strip(_SPECK_MARKS).strip()
