"""An unsure reading of a 一级/二级指标 cell, constrained to the names such columns hold.

The level-1 and level-2 columns of a performance form print a small vocabulary
(产出指标, 效益指标, 数量指标, 质量指标 …, the spellings of the schema). A fax
that lost the thin strokes of these names is read as near-misses ("产指木",
"数最指标", "海度指标"); the recogniser alone cannot tell, but the column can:
an unsure reading is replaced by the name it is clearly nearest to. "Clearly"
means a similarity of at least MIN_SIMILARITY and a lead of MARGIN over any other
name, each name scored by its nearest spelling — the mapper's own ranking
(``normalizers.mapping``), so the two never disagree on what a name's spellings are. The caller uses this only for unsure
OCR cells and keeps the result's confidence low, so such a form is reviewed.
"""
from __future__ import annotations

from functools import lru_cache

from jixiao.normalizers.mapping import _accepts, _AliasIndex, _rank
from jixiao.normalizers.names import name_key
from jixiao.normalizers.schema.loader import load_schema

__all__ = ["nearest_column_name", "schema_aliases"]

#: Least similarity (rapidfuzz ratio, 0–1) to a spelling ("产指木" → 产出指标 scores 0.57).
MIN_SIMILARITY = 0.55
#: The best name must lead any other name by this much.
MARGIN = 0.1


@lru_cache(maxsize=1)
def schema_aliases() -> _AliasIndex:
    """The mapper's alias tables of the default schema (every spelling of every name, per level)."""
    return _AliasIndex(load_schema())


@lru_cache(maxsize=4096)
def nearest_column_name(text: str, level: int) -> str | None:
    """The level-``level`` name an unsure reading is clearly nearest to, or None (already a
    spelling, nothing near enough, or two names near alike).

    Ranked as the mapper ranks names (best spelling per name), with the Indel ratio, under
    which a stroke lost from a glyph costs less than a glyph read as another.
    """
    key = name_key(text)
    index = schema_aliases()
    if not key or key in index.exact[level]:
        return None
    ranked = _rank(key, index.pools[level], scorer="indel")
    return index.schema.entries[ranked[0][0]].name if _accepts(ranked, MIN_SIMILARITY, MARGIN) else None
