"""Header labels of an indicator table name their level even when a scan misread a glyph."""
from __future__ import annotations

from jixiao.pipeline.assembly.columns import role_of


def test_level_headers_read_as_printed():
    assert [role_of(w, None) for w in ("一级指标", "二级指标", "三级指标")] == ["level1", "level2", "level3"]


def test_a_misread_ji_keeps_the_numerals_level():
    """150 dpi scan 003 (tune): the recogniser read the header 三级指标 as "三银指标"; the column is still
    the 三级指标 names, not lost."""
    assert role_of("三银指标", 2) == "level3"
    assert role_of("二汲指标", 1) == "level2"


def test_labels_without_a_level_numeral_keep_their_roles():
    assert role_of("指标名称", None) == "level3"  # the name column, as before
    assert role_of("年度指标", None) == "target"
