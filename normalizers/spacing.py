"""Text without its spacing: the key cells, lines and labels are compared by.

A cell's text comes with whatever spaces its producer or the recogniser put in ("产 出 指 标",
"≥ 95 %"); every stage that compares a reading with a word or a pattern compares it without them.
Variants that also fold the script (assembly.columns.squash: simplified characters) or the width
(validation.cell_doubts.squash: NFKC) say so in their own names' modules.
"""
from __future__ import annotations

import re

__all__ = ["squash"]

_SPACE_RE = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """``text`` without any whitespace ("" for None)."""
    return _SPACE_RE.sub("", text or "")
