"""Scores and grades a form states in label/value cells, wherever they are printed.

Besides the 合计/总分 row, offices state the result in the header block
(自评总分（分） | 98, 自评得分 | 98) and print the grade as a pair of cells
(自评等级 | 优) under the total, beside it or in the header. A grade is only a
grade when the cell after the label is one of the four words; a score only
when it is one number.
"""
from __future__ import annotations

import re

from jixiao.normalizers.value_parsing import EMPTY_MARKS, parse_number
from jixiao.normalizers.spacing import squash

#: Labels of a stated score: 自评得分, 自评总分（分）, 综合得分, 总得分 …
SCORE_LABEL_RE = re.compile(r"^(?:自评得分|自评总分|综合得分|总得分|自评分数|评价得分)(?:[（(]分[)）])?[:：]?$")
GRADE_LABEL_RE = re.compile(r"^(?:自评等级|评价等级|绩效等级|等级|自评结果等级)[:：]?$")
#: A grade cell, or a label with its grade in one cell ("自评等级：优").
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "差": "差", "不合格": "差"}
_INLINE_GRADE_RE = re.compile(r"^(?:自评等级|评价等级|绩效等级)[:：](优秀|良好|中等|不合格|合格|优|良|中|差)$")


def grade_in_cells(cells: list[str]) -> str | None:
    """The grade stated by a 自评等级 | 优 pair (or "自评等级：优") among a row's cells."""
    texts = [squash(t) for t in cells if squash(t)]
    for i, text in enumerate(texts):
        if match := _INLINE_GRADE_RE.match(text):
            return GRADE_WORDS[match.group(1)]
        if GRADE_LABEL_RE.match(text) and i + 1 < len(texts) and texts[i + 1] in GRADE_WORDS:
            return GRADE_WORDS[texts[i + 1]]
    return None


def score_in_cells(cells: list[str]) -> float | None:
    """The score stated by a 自评总分（分） | 98 pair among a row's cells."""
    texts = [squash(t) for t in cells if squash(t)]
    for i, text in enumerate(texts):
        if SCORE_LABEL_RE.match(text) and i + 1 < len(texts):
            value = points(texts[i + 1])
            if value is not None and 0 <= value <= 100:
                return value
    return None


#: A bare score label inside a total row ("总分 | 100 | 得分 | 95"): 总分 there names the points available.
ROW_SCORE_LABEL_RE = re.compile(r"^(?:得分|评分|实际得分|考评得分|自评得分|评价得分)[:：]?$")


def points(text: str) -> float | None:
    """A figure of points as a form prints it, with or without its 分 ("100分", "95.5 分")."""
    return parse_number(squash(text).removesuffix("分"))


def printed_figure(text: str) -> bool:
    """A cell holds something printed where a figure belongs, not a blank or a printed "—" / "/"."""
    return squash(text) not in EMPTY_MARKS


def figures_around_score_label(texts: list[str]) -> tuple[list[float], list[float]] | None:
    """The figures a total row prints before and after its own score label, or None when it prints none.

    Some forms close with 总分 | 100 | 得分 | __ (447): the 100 is the points available, the score is what
    follows 得分, and a blank there is a score not yet given, never the 100."""
    words = [squash(t) for t in texts]
    at = next((i for i, w in enumerate(words) if ROW_SCORE_LABEL_RE.match(w)), None)
    if at is None:
        return None
    figures = [points(w) for w in words]
    return ([f for f in figures[:at] if f is not None], [f for f in figures[at + 1:] if f is not None])


def grade_closing_total_row(texts: list[str]) -> str | None:
    """A grade printed after the score in the 总分 row itself ("总分 | 100 | 96 | 优")."""
    words = [squash(t) for t in texts if squash(t)]
    return GRADE_WORDS.get(words[-1]) if len(words) >= 2 else None
