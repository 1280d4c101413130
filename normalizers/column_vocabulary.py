"""An unsure reading of a 一级/二级指标 cell, constrained to the names such columns hold.

The level-1 and level-2 columns of a performance form print a small vocabulary
(产出指标, 效益指标, 数量指标, 质量指标 …, the spellings of the schema). A fax
that lost the thin strokes of these names is read as near-misses ("产指木",
"数最指标", "海度指标"); the recogniser alone cannot tell, but the column can:
an unsure reading is replaced by the spelling it is clearly nearest to. "Clearly"
means a similarity of at least MIN_SIMILARITY and a lead of MARGIN over the
nearest spelling of any other name; spellings of the same name may tie (the
name's own first spelling is then taken). The caller uses this only for unsure
OCR cells and keeps the result's confidence low, so such a form is reviewed.
"""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from jixiao.normalizers.names import name_key
from jixiao.normalizers.schema.loader import load_schema

__all__ = ["nearest_column_name"]

#: Least similarity (rapidfuzz ratio, 0–1) to a spelling ("产指木" → 产出指标 scores 0.57).
MIN_SIMILARITY = 0.55
#: The best name must lead any other name by this much.
MARGIN = 0.1


@lru_cache(maxsize=4)
def _spellings(level: int) -> tuple[tuple[str, str, str], ...]:
    """(key, spelling, code) for every spelling of a name at ``level``; the name itself first."""
    return tuple((name_key(s), s, e.code) for e in load_schema().level(level) for s in e.spellings)


@lru_cache(maxsize=4096)
def nearest_column_name(text: str, level: int) -> str | None:
    """The spelling of a level-``level`` name an unsure reading is clearly nearest to, or None
    (already a spelling, nothing near enough, or two names near alike)."""
    key = name_key(text)
    if not key:
        return None
    best: dict[str, tuple[float, str]] = {}
    for spelling_key, spelling, code in _spellings(level):
        if spelling_key == key:
            return None
        score = fuzz.ratio(key, spelling_key) / 100
        if code not in best or score > best[code][0] + 1e-9:
            best[code] = (score, spelling)
    ranked = sorted(best.values(), key=lambda sv: -sv[0])
    if not ranked or ranked[0][0] < MIN_SIMILARITY:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    return ranked[0][1]
