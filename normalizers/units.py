"""What may follow a figure in a target or an actual: one place for the unit knowledge.

Offices write a count as figure + measure word (量词), often with the thing
counted after it: "≥3场", "不少于三场回访", "2场回访", "1200人次", "60元/人".
The written-value parser reads such counts, and the extraction verdict doubts a
unit that no form prints ("≥80记元" for "≥80万元": the reader slipped). Both
use the measure words below, so a unit the parser accepts as a count is not
doubted by the verdict for the noun that follows its measure word.

A unit is plausible when it is made of measure, counting and time characters
("个工作日", "万元", "次/月"), a word for per cent ("百分比", "个百分点"), or an
optional scale (万, 亿) + a measure word + a short counted noun of common
characters ("场回访", "户农户"). Anything else held where a unit stands — a
character that is neither, or a noun with no measure word before it — is what
a misread glyph leaves.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jixiao.normalizers.names import to_simplified

#: Measure words a count is written with, longest first where one starts another
#: (人次 before 人, 公里 before 公). A numeral before any other character is part of a name.
MEASURE_WORDS: tuple[str, ...] = (
    "平方公里", "平方米", "立方米", "公里", "公斤", "公顷", "万元", "元", "人次", "万人", "人", "场", "次", "个",
    "件", "项", "份", "篇", "所", "家", "户", "名", "期", "批", "座", "台", "套", "天", "日", "月", "年", "周",
    "小时", "分钟", "处", "条", "张", "本", "册", "部", "辆", "栋", "间", "块", "亩", "米", "吨", "只", "头",
    "支", "位", "轮", "季", "单", "起", "种", "门", "节", "课时", "学时", "村", "镇", "点", "粒",
)
#: Words that say "per cent" or "percentage points" in place of the sign.
PERCENT_WORDS = ("个百分点", "百分点", "百分比")
#: Scales a measure word may carry (万人次, 亿元).
SCALE_PREFIXES = ("万亿", "亿", "万", "千", "百")
#: Characters whole units are made of: measures, counting words and the time words
#: of rates ("次/月", "个工作日", "元/亩").
UNIT_CHARACTERS = frozenset(
    "个人次件批户家项份台套所座处名位条篇场本册期张辆只头棵株亩顷公里米吨斤克升方度元万亿千百十"
    "天日时小分秒周月年季岁倍宗起等樘块栋间床艘架部组轮例单卷幅盏根段片眼口井站点村镇乡校园区"
    "工作平立千瓦时标准箱包瓶盒袋双对副张首部集课节班期届门篇字页卡证单笔宗网格亿元平方公里寸尺"
    "钟毫厘微兆伏帕尾粒")  # 尾: fish and fry (增殖放流 万尾); 粒: seeds (原原种 万粒)
#: The longest noun counted after a measure word ("场回访", "户农户", "人次学生").
MAX_COUNTED_NOUN = 3


def is_common_hanzi(ch: str) -> bool:
    """In GB 2312 level 1, the 3,755 characters that make up nearly all printed Chinese."""
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xB0 <= code[0] <= 0xD7


def measure_word_at_start(text: str) -> str:
    """The measure word ``text`` begins with, after an optional scale ("" when none)."""
    for scale in ("", *SCALE_PREFIXES):
        if not text.startswith(scale):
            continue
        rest = text[len(scale):]
        word = next((w for w in MEASURE_WORDS if rest.startswith(w)), "")
        if word:
            return scale + word
    return ""


def _hanzi(text: str) -> list[str]:
    return [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]


#: The longest 度量单位 cell (characters, spaces removed) a form prints: %, 个, 万元, 人/年.
UNIT_CELL_CHARS = 4
#: A unit as printed: the per cent sign, or Chinese measure words (人/年).
_UNIT_SHAPE = re.compile(r"[%％]|[\u4e00-\u9fff/]+")


def is_unit_cell(text: str) -> bool:
    """A 度量单位 cell as printed (spaces removed): %, 个, 万元, 人/年."""
    return len(text) <= UNIT_CELL_CHARS and bool(_UNIT_SHAPE.fullmatch(text)) and not implausible_unit(text)


@lru_cache(maxsize=8192)
def implausible_unit(unit: str | None) -> str:
    """Why a parsed unit is no unit a form prints ("" when it is)."""
    if not unit:
        return ""
    for part in to_simplified(unit).split("/"):
        why = _implausible_part(part.strip())
        if why:
            return f"{why} in unit {unit!r}"
    return ""


def _implausible_part(part: str) -> str:
    odd = [ch for ch in _hanzi(part) if ch not in UNIT_CHARACTERS]
    if not odd or part in PERCENT_WORDS:
        return ""
    measure = measure_word_at_start(part)
    noun = part[len(measure):]
    if measure and len(noun) <= MAX_COUNTED_NOUN and all(is_common_hanzi(ch) for ch in noun):
        return ""  # a count of something: 场 + 回访
    return f"{''.join(odd)!r} is no measure or counting word"
