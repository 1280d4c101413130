"""Repair of cell text read from a PDF text layer.

Chromium, WPS and other Skia-based producers map some glyphs to Kangxi radicals
(U+2F00–U+2FDF) or to the CJK Radicals Supplement (U+2E80–U+2EFF) instead of the
ideographs they look like, so "项⽬" comes out where "项目" was printed. NFKC is not
the cure: it also folds the full-width punctuation ，（）；： that Chinese text needs
into ASCII, turns ⼾ into the traditional 戶 and leaves the supplement alone. This
module applies a targeted table instead, plus the other small repairs every cell
needs (full-width digits, HTML remnants, numbers broken by spaces).
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

__all__ = ["repair_text", "join_lines", "strip_prefix", "is_cjk", "RADICAL_MAP"]


# --- radicals -----------------------------------------------------------------

#: Kangxi radicals whose compatibility decomposition is a traditional or variant
#: code point while the same glyph in a simplified-Chinese font is the simplified
#: standard character (the font maps both to one glyph).
_KANGXI_EXCEPTIONS = {
    "\u2f3e": "户",  # ⼾ DOOR: decomposes to 戶
    "\u2fad": "青",  # ⾭ BLUE: decomposes to 靑
    "\u2fc8": "黄",  # ⿈ YELLOW: decomposes to 黃
}

#: CJK Radicals Supplement: only ⺟ and ⻳ have decompositions, so the rest is
#: spelled out. Component forms map to the component ideograph where one exists
#: in the BMP; forms without a standalone equivalent are left alone.
_SUPPLEMENT_MAP = {
    "⺁": "厂", "⺅": "亻", "⺆": "冂", "⺉": "刂", "⺊": "卜", "⺋": "㔾", "⺎": "兀",
    "⺏": "尣", "⺐": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺕": "彐", "⺖": "忄",
    "⺗": "㣺", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歺",
    "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫",
    "⺦": "丬", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻",
    "⺯": "糹", "⺰": "纟", "⺱": "罓", "⺲": "罒", "⺳": "㓁", "⺹": "耂", "⺺": "肀",
    "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝",
    "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "镸",
    "⻒": "镸", "⻓": "长", "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦",
    "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣", "⻡": "首",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿", "⻯": "竜",
    "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}


def _build_radical_map() -> dict[str, str]:
    """Kangxi radicals from their decomposition, corrected, plus the supplement."""
    table: dict[str, str] = {}
    for code in range(0x2F00, 0x2FE0):
        char = chr(code)
        parts = unicodedata.decomposition(char).split()
        if len(parts) == 2 and parts[0] == "<compat>":
            table[char] = chr(int(parts[1], 16))
    table.update(_KANGXI_EXCEPTIONS)
    table.update(_SUPPLEMENT_MAP)
    return table


RADICAL_MAP: dict[str, str] = _build_radical_map()

# --- full-width forms -----------------------------------------------------------

#: Full-width ASCII that carries meaning in numbers and units. Full-width CJK
#: punctuation (，（）：；、) is kept: it belongs to the Chinese text. Offices also
#: type the box-drawing double line ═ as an equals sign (永德县, 2022: "═ 100 %").
_FULLWIDTH_MAP: dict[str, str] = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    "％": "%", "．": ".", "＋": "+", "－": "-", "／": "/", "＞": ">", "＜": "<",
    "＝": "=", "﹦": "=", "═": "=", "≧": "≥", "≦": "≤", "﹤": "<", "﹥": ">", "\u3000": " ",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
    "‰": "‰",
}

_TRANSLATION = str.maketrans({**RADICAL_MAP, **_FULLWIDTH_MAP})

# --- HTML remnants ---------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUP_RE = re.compile(r"\s*<sup>\s*([0-9+-]+)\s*</sup>", re.IGNORECASE)
_PARAGRAPH_BREAK_RE = re.compile(r"</p>\s*<p(\s[^<>]*)?>|<br\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(
    r"</?(?:p|br|span|div|b|i|u|strong|em|font|sub|sup|td|tr|th)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)

# --- spaced numbers ----------------------------------------------------------------

#: "1, 079" → "1,079": a thousands comma is followed by exactly three digits.
_SPACED_THOUSANDS_RE = re.compile(r"(?<=\d)\s*,\s+(?=\d{3}(?!\d))|(?<=\d)\s+,\s*(?=\d{3}(?!\d))")
#: "87. 93" → "87.93", unless the digits after are a year or date ("1. 2023年").
_SPACED_DECIMAL_RE = re.compile(r"(?<=\d)\s*\.\s+(?=\d)(?!\d+\s*[年月日])|(?<=\d)\s+\.\s*(?=\d)")
_SPACE_BEFORE_PERCENT_RE = re.compile(r"(?<=\d)\s+(?=%)")

_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


def _unescape_html(text: str) -> str:
    """Turn the HTML that some portals leave in cells back into plain text."""
    if "<" not in text and "&" not in text:
        return text
    text = _SUP_RE.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    text = _PARAGRAPH_BREAK_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    return html.unescape(text).replace("\u00a0", " ")


def _close_spaced_numbers(text: str) -> str:
    """Remove the spaces a text layer puts after separators inside numbers."""
    text = _SPACED_THOUSANDS_RE.sub(",", text)
    text = _SPACED_DECIMAL_RE.sub(".", text)
    return _SPACE_BEFORE_PERCENT_RE.sub("", text)


def _tidy_whitespace(text: str) -> str:
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=65536)
def repair_text(raw: str) -> str:
    """Repair one cell of a PDF text layer; idempotent, keeps CJK punctuation.

    Paragraph breaks in HTML remnants become newlines; callers that want one
    line use :func:`join_lines` on ``text.split("\\n")``.
    """
    if not raw:
        return ""
    text = raw.translate(_TRANSLATION)
    text = _unescape_html(text)
    text = text.translate(_TRANSLATION)
    text = _close_spaced_numbers(text)
    return _tidy_whitespace(text)


# --- joining wrapped lines -------------------------------------------------------------


def is_cjk(char: str) -> bool:
    """True for ideographs and full-width CJK punctuation (which also join tight)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2E80 <= code <= 0x2FDF
        or 0x20000 <= code <= 0x3FFFF
        or char in "“”‘’—…·"
    )


def _separator(left: str, right: str) -> str:
    """One space between Latin words; nothing where either side is CJK or both are digits."""
    a, b = left[-1], right[0]
    if is_cjk(a) or is_cjk(b):
        return ""
    if b.isdigit() and (a.isdigit() or (a in ",." and len(left) > 1 and left[-2].isdigit())):
        return ""  # a number cut by the wrap: "1,079." + "846"
    if a.isalnum() and b.isalnum():
        return " "
    if a in ",;:.!?)" and b.isalnum():
        return " "
    return ""


def join_lines(lines: list[str]) -> str:
    """Join the lines of a wrapped cell: "专" + "报完成数" → "专报完成数", "hot" + "line" → "hot line"."""
    pieces = [line.strip() for line in lines if line and line.strip()]
    if not pieces:
        return ""
    out = pieces[0]
    for piece in pieces[1:]:
        out += _separator(out, piece) + piece
    return out


# --- numbering and weights in names -------------------------------------------------------

_CN_NUMERALS = "一二三四五六七八九十"
_PREFIX_RE = re.compile(
    r"^\s*(?:"
    r"指标\s*\d+\s*[:：.、．]?"                       # 指标1: / 指标1：/ 指标1、
    r"|[(（]\s*(?:\d{1,2}|[" + _CN_NUMERALS + r"]{1,3})\s*[)）]\s*[、.．]?"  # (1) （一）
    r"|(?:\d{1,2}|[" + _CN_NUMERALS + r"]{1,3})\s*[、.．:：](?!\d)"   # 1. 1、 一、
    r"|\d{1,2}\s*[)）]"                               # 1)
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"
    r")\s*"
)
_NUMBER = r"\d+(?:\.\d+)?"
#: A range of points a template allows a group (重庆's 2023 目标审批表: "成本指标(0-20)分", "产出指标 (40-50)分").
_POINTS_RANGE = _NUMBER + r"\s*[-－—–~～至]\s*" + _NUMBER
_WEIGHT_RE = re.compile(
    r"\s*[(（]\s*(?:权重|分值)?\s*[:：]?\s*\d+(?:\.\d+)?\s*(?:分|%)\s*[)）]"
    r"|\s*[(（]\s*(?:权重|分值)\s*[:：]?\s*\d+(?:\.\d+)?\s*[)）]"
    # a range of points closing a label, 分 inside or after the brackets: "(0-20)分", "(0-20分)"; not
    # 分钟/分贝/分之/分米 (a 三级 name's "(1-2)分钟" is a duration)
    r"|\s*[(（]\s*" + _POINTS_RANGE + r"\s*[)）]\s*分(?![钟贝之米])\s*$"
    r"|\s*[(（]\s*" + _POINTS_RANGE + r"\s*分\s*[)）]\s*$"
)


def strip_prefix(name: str) -> str:
    """Remove list numbering ("指标1:", "1.", "（一）") and printed weights ("(50分)").

    The numbering says where a row sat in one office's form, not what it measures,
    so comparing names across forms needs it gone.
    """
    text = name.strip()
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX_RE.sub("", text, count=1)
    return _WEIGHT_RE.sub("", text).strip()
