"""The place words an office's name opens with, mended from the form's surer mention of the same place.

An office is named by where it is, then what it is: 仁寿县 | 农田建设服务中心, 佳木斯市 | 热力集团有限公司.
A form names its place more than once — the 主管部门 beside the 实施单位 (仁寿县农业农村局), the title
(2021年度佳木斯市城市供热…自评表) — and the offices of one form sit in the same place. On a fax the unit's
name is one small line among many and loses a character of its place the title, printed large, keeps:
"寿县农田建设服务中心" (仁 too faint to read), "仁寿是农田建设服务中心" (县 read as 是), "在木斯市热力集团
有限公司" (佳 as 在), "川步区国有林场" (八 as 川).

Here the unit's name is compared with the place words of a surer reading of the same form (each run
of leading place names, ending in 省, 市, 县, 区 …): when the unit opens with those words but for one
character in ``MIN_PLACE_CHARS`` or more, or with their tail after ``MAX_LOST_LEAD`` characters lost, the place
words are taken from the surer reading. The place's own level is never changed (吉林省's office over a
unit of 吉林市 is two places, not a misreading), and nothing is mended that the unit read as surely.

The name so mended is a guess from the form's other words, not a reading: its confidence is at most
``MENDED_CONFIDENCE``, so the form is never a clean ``ok`` on it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MENDED_CONFIDENCE", "mend_place", "place_prefixes", "without_trailing_speck"]

#: What a place's name ends in: a province, region, city, county, district, banner, league, town, township.
PLACE_END = "省市县区州旗盟镇乡"
#: One place: a name of 1–6 characters and its level ("佳木斯市", "广西壮族自治区", "八步区"); 自治区/自治州/
#: 自治县 end in 区, 州, 县 as the others do, and a level character may close a name that ends in another
#: ("泉州市", "秦州区").
_PLACE_RE = re.compile(rf"[\u4e00-\u9fff]{{1,6}}?[{PLACE_END}]+")
#: A title's year before its place words ("2021年度佳木斯市…").
_YEAR_LEAD_RE = re.compile(r"^\s*(?:\d{4}\s*年度?)?")
#: Place words mended only when at least this long: two characters ("X县") say too little to compare (the
#: places the tune faxes misread were 3–7 characters: 仁寿县, 八步区, 佳木斯市, 广西壮族自治区).
MIN_PLACE_CHARS = 3
#: At most this many characters lost at the start of the unit's name are put back: the tune faxes of the
#: corpus and the design sets lost one (the 仁 of 仁寿县, 200 and 919 at 204×98 dpi), never more.
MAX_LOST_LEAD = 1
#: Confidence of a name whose place words were taken from another reading (the cap every inferred
#: reading of the assembly keeps, see pipeline/assembly/budget_block.GUESSED_CONFIDENCE).
MENDED_CONFIDENCE = 0.5
#: A speck read after the name, apart from it: a space then one or two marks that are no character of a
#: name ("仁寿县农田建设服务中心 •", "… 1").
_TRAILING_SPECK_RE = re.compile(r"\s+[^\u4e00-\u9fff\s]{1,2}$")


def place_prefixes(text: str) -> list[str]:
    """Each run of place names ``text`` opens with, shortest first: "佳木斯市城市供热…" gives 佳木斯市 and
    佳木斯市城市 (which of them are places the comparison decides)."""
    rest = _YEAR_LEAD_RE.sub("", re.sub(r"\s+", "", text))
    out, at = [], 0
    while match := _PLACE_RE.match(rest, at):
        at = match.end()
        out.append(rest[:at])
    return [p for p in out if len(p) >= MIN_PLACE_CHARS]


def _one_char_off(unit: str, place: str) -> bool:
    """``unit`` opens with ``place`` but for one character that is not the place's level turned into
    another level (吉林市 under 吉林省 is another place)."""
    head = unit[:len(place)]
    if len(head) < len(place) or head == place:
        return False
    off = [i for i, (a, b) in enumerate(zip(head, place)) if a != b]
    if len(off) != 1:
        return False
    i = off[0]
    return not (head[i] in PLACE_END and place[i] in PLACE_END)


def _lost_lead(unit: str, place: str) -> int:
    """How many characters of ``place`` the unit's name lost at its start (0: none, or not that)."""
    for lost in range(1, MAX_LOST_LEAD + 1):
        tail = place[lost:]
        if len(tail) >= 2 and unit.startswith(tail) and not unit.startswith(place):
            return lost
    return 0


def mend_place(unit: str, references: Iterable[str]) -> str | None:
    """``unit`` with its place words taken from the first reference that mends it, or None when none
    does (the unit already opens with a reference's place, or differs from each by more than a slip)."""
    name = re.sub(r"\s+", "", unit)
    places = [p for ref in references for p in reversed(place_prefixes(ref))]
    if any(name.startswith(p) for p in places):
        return None
    for place in places:
        if _one_char_off(name, place):
            return place + name[len(place):]
        if lost := _lost_lead(name, place):
            return place[:lost] + name
    return None


def without_trailing_speck(unit: str) -> str:
    """The name without a speck read after it, apart from it ("… 中心 •" → "…中心")."""
    return _TRAILING_SPECK_RE.sub("", unit)
