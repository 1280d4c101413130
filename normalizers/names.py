"""Normalisation of indicator names before they are compared.

Offices print the same name in traditional or simplified script, with list
numbering, a weight in parentheses, quotes, or a line break in the middle. The
display form (:func:`clean_name`) removes what carries no meaning; the lookup key
(:func:`name_key`) also drops spacing, quotes and punctuation so that two
spellings of one name compare equal.
"""
from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

from jixiao.normalizers.text_repair import join_lines, repair_text, strip_prefix

__all__ = ["clean_name", "group_label_name", "label_points", "label_without_fill_note", "label_without_points",
           "name_key", "script_of", "to_simplified"]

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")
_KEY_DROP_RE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉*·•、，,。:：;；!！?？]+")
_KEY_PARENS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
#: Points a 一级/二级 label closes with in brackets but without 分 ("决策(10)", "过程（30）"): a group label names
#: no figure of its own, so a bare number in its closing brackets is its points, as "(10分)" would be.
_BARE_LABEL_POINTS_RE = re.compile(r"(?<=\S)\s*[(（]\s*(\d+(?:\.\d+)?)\s*[)）]\s*$")
#: A template's instruction to the filer closing a group label in brackets: whether the group must be filled
#: ("数量指标(必填硬性指标)", "质量指标（必填）", "经济效益指标(选填)", "社会效益(可选项)"). It tells the filer what to
#: do, not what the group is, so it is no part of the name the schema knows.
_FILL_NOTE_RE = re.compile(r"(?<=\S)\s*[(（]\s*(?:必填|选填|必选|可选|可填)[^()（）]{0,6}[)）]\s*$")


@lru_cache(maxsize=131072)
def to_simplified(text: str) -> str:
    """Traditional → simplified; forms from Hong Kong, Macao or older scans use 項目產出."""
    return _T2S.convert(text) if text else text


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str:
    """The script a character marks: "traditional" for one the simplified script writes otherwise (爲, 為, 個),
    "simplified" for one the traditional script writes otherwise (为, 个), "" for one both share (人, 数)."""
    if _T2S.convert(ch) != ch:
        return "traditional"
    return "simplified" if _S2T.convert(ch) != ch else ""


@lru_cache(maxsize=131072)
def clean_name(raw: str) -> str:
    """The name as an analyst should read it: repaired, one line, simplified, unnumbered."""
    if not raw:
        return ""
    text = join_lines(repair_text(raw).split("\n"))
    text = to_simplified(text)
    return " ".join(strip_prefix(text).split())


@lru_cache(maxsize=131072)
def name_key(raw: str) -> str:
    """The key names are compared by: :func:`clean_name` without spaces, quotes or punctuation."""
    key = _KEY_DROP_RE.sub("", clean_name(raw).translate(_KEY_PARENS))
    return key.lower()


def label_points(label: str) -> float | None:
    """The points a group label prints as a bare bracketed number at its end ("决策(10)" → 10), else None.
    Only for 一级/二级 labels: a 三级 name may end in a bracketed figure of what it measures."""
    match = _BARE_LABEL_POINTS_RE.search(label or "")
    return float(match.group(1)) if match else None


def label_without_points(label: str) -> str:
    """A group label without its bare bracketed points ("决策(10)" → "决策"), for matching it to the schema."""
    return _BARE_LABEL_POINTS_RE.sub("", label or "")


def label_without_fill_note(label: str) -> str:
    """A group label without the template's closing instruction to fill it or not ("数量指标(必填硬性指标)" →
    "数量指标"): the instruction names no group."""
    return _FILL_NOTE_RE.sub("", label or "")


def group_label_name(label: str) -> str:
    """What of a 一级/二级 label names its group, for matching it to the schema: the label without the
    template's fill instruction and without its bare bracketed points, in either order ("产出指标（必填）(30)")."""
    name = label or ""
    while (stripped := label_without_points(label_without_fill_note(name))) != name:
        name = stripped
    return name
