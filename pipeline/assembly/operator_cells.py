"""What a 指标性质 cell may hold: a comparison sign or word (≥, ＝, 不低于 …).

One grammar for assembly (splitting a target into sign | figure | unit), for the column
vocabularies (a sign cell's free reading that already reads as one is kept) and for the verdict
(a figure under a split target whose sign cell reads blank): its own module, so all three import
it without importing one another.
"""
from __future__ import annotations

import re

from jixiao.pipeline.assembly.columns import squash

__all__ = ["OPERATOR_CELL_RE", "is_operator_cell"]

#: A comparison sign or word (正向/反向 name no figure).
OPERATOR_CELL_RE = re.compile(r"^(?:[≥≤=＝﹦><≧≦＞＜]|>=|<=|≥=|≤=|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|不超过)$")


def is_operator_cell(text: str) -> bool:
    """A 指标性质 cell holding a comparison sign (≥, ＝, 不低于 …)."""
    return bool(OPERATOR_CELL_RE.match(squash(text)))
