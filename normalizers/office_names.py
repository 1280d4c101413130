"""Whether a text is shaped like the name of an office (the form's unit: 填报单位, 实施单位, 主管部门).

Offices are named by where they are and what they are, and the name ends in the
kind of body it is: 局, 委员会, 中心, 政府, 学校 … ("湖口县交通运输局"). A form's
unit read as anything else is a misreading or a cell read together with its
neighbour: a lone "区" of a fax, "…政府填报日期:2021.5.18", "(盖章)". The shape
is checked on the name's core: a budget code before it ("219001-", "[015001]")
and a bracketed second name or 本级 after it ("…局（…开发区…局）", "…局本级") are
the forms' own ways of printing a unit.
"""
from __future__ import annotations

import re

from jixiao.normalizers.names import to_simplified

#: How an office's name ends.
OFFICE_END_RE = re.compile(r"(?:局|委员会|委|办公室|办|中心|院|所|站|处|厅|部|政府|镇|乡|街道|办事处|馆|队|场|"
                           r"学校|校|中学|小学|幼儿园|大学|会|室|司|股|社|台|团|集团|公司|科|联|协|机关|社区|"
                           r"监狱|段|圃|开发区|园区|厂|库)$")
#: A budget code printed before the name ("219001-", "219001 ", "[015001]"), and what a form may print after it.
_CODE_RE = re.compile(r"^(?:\[\d+\]|\d+[-－—]?)")
_AFTER_RE = re.compile(r"(?:[（(][^（）()]*[)）]|本级)$")
#: The characters an office's name is written in: CJK, the brackets of a second name, and digits
#: ("第1中学").
_NAME_RE = re.compile(r"^[\u4e00-\u9fff（）()0-9０-９]+$")
#: Fewer characters name no office (区, 乡 alone): a place and a kind at the least.
MIN_NAME_CHARS = 3


def office_shaped(text: str) -> bool:
    """``text`` reads as an office's name: Chinese characters ending in a kind of body (traditional
    characters read as simplified: 辦事處 ends as 办事处 does)."""
    name = _CODE_RE.sub("", re.sub(r"\s+", "", to_simplified(text)))
    core = _AFTER_RE.sub("", name) or name
    return len(core) >= MIN_NAME_CHARS and bool(_NAME_RE.match(core)) and bool(OFFICE_END_RE.search(core))
