"""The figure cells of a ruled table's body: cells no column vocabulary is ever asked about.

The column vocabularies (vocabulary_decoding) read a page's short lines in doubt a second time,
on their own paper, so that assembly can weigh a 指标性质 sign, a 一级/二级 level label or a
heading word against the free reading. Assembly asks only the cells of those columns and of the
header; on the tune faxes about two thirds of the lines read again for the vocabularies were
figures of the indicator rows (weights, targets, actuals, scores) that nothing ever asked about,
and that second reading cost ~0.5–0.8 CPU s of a fax page.

A cell is taken for a body figure when three tests agree, so that a garbled label is not taken
for one: its own reading is mostly digits, signs and "%" (a figure, or a label a fax made
digits of: "546" for 质量指标, "0分" for 得分); most text cells of its grid column read so too
(a level or 指标性质 column reads as labels and signs, even where one of its cells is garbled);
and its grid row holds at least FIGURE_ROW_CELLS such figures (an indicator row has a weight, a
target, an actual and a score; a header row, where "0分" stands, has labels).

A 指标性质 column is never a figure column, though a fax reads its "≥" or "﹦" as a digit
(SIGN_LOOKALIKES "2", "7"): a column any of whose cells reads as a sign or sign word
(OPERATOR_WORDS), or whose figures are all a lone look-alike digit, is a sign column, and its
cells are the ones the vocabulary pass decodes.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from jixiao.extractors.ocr.grid import GridCell
from jixiao.extractors.ocr.vocabulary_decoding import OPERATOR_WORDS
from jixiao.normalizers.row_context import SIGN_LOOKALIKES
from jixiao.normalizers.spacing import squash

__all__ = ["FIGURE_COLUMN_SHARE", "FIGURE_ROW_CELLS", "figure_cells", "reads_as_figure"]

#: A grid column is a figure column when at least this share of its text cells read as figures.
#: Measured on the 11 tune faxes (746 single text cells of ruled tables): 0.5 spares 357 of them a
#: second reading, 2/3 351, 0.8 197; the rows read are identical at all three.
FIGURE_COLUMN_SHARE = 2 / 3
#: A grid row is a body row of figures when at least this many of its cells read as figures.
#: Measured as above: 2 spares 374 cells, 3 351, 4 315; the rows read are identical at all three.
FIGURE_ROW_CELLS = 3
_FIGURE_CHARS = re.compile(r"[0-9.%‰≥≤<>=]")
_DIGIT = re.compile(r"\d")


def reads_as_figure(text: str) -> bool:
    """A reading with a digit whose characters are at least half digits, points, signs and %."""
    squashed = squash(text)
    return bool(_DIGIT.search(squashed)) and 2 * len(_FIGURE_CHARS.findall(squashed)) >= len(squashed)


def figure_cells(cells: Mapping[object, tuple[GridCell, str]]) -> set[object]:
    """The keys of ``cells`` (key → (grid cell, its text as read), one table's cells) that are body
    figures: one grid row and column each, read as a figure, in a figure column and a figure row."""
    single = {key: (cell, squash(text)) for key, (cell, text) in cells.items()
              if cell.rowspan == 1 and cell.colspan == 1 and text.strip()}
    figures = {key for key, (_, text) in single.items() if reads_as_figure(text)}
    by_column = _counts((cell.col, key in figures) for key, (cell, _) in single.items())
    by_row = _counts((cell.row, key in figures) for key, (cell, _) in single.items())
    signs = _sign_columns(single, figures)

    def in_a_body_of_figures(cell: GridCell) -> bool:
        texts, column_figures = by_column[cell.col]
        return (cell.col not in signs and column_figures >= FIGURE_COLUMN_SHARE * texts
                and by_row[cell.row][1] >= FIGURE_ROW_CELLS)

    return {key for key in figures if in_a_body_of_figures(single[key][0])}


def _sign_columns(single: Mapping[object, tuple[GridCell, str]], figures: set[object]) -> set[int]:
    """Grid columns of 指标性质 signs: one of their cells reads as a sign or sign word, or every figure
    they hold is a lone digit a sign is read as (texts squashed)."""
    words = {cell.col for cell, text in single.values() if text in OPERATOR_WORDS}
    lookalikes: dict[int, bool] = {}
    for key in figures:
        cell, text = single[key]
        lookalikes[cell.col] = lookalikes.get(cell.col, True) and text in SIGN_LOOKALIKES
    return words | {col for col, all_lookalikes in lookalikes.items() if all_lookalikes}


def _counts(pairs: Iterable[tuple[int, bool]]) -> dict[int, tuple[int, int]]:
    """Per grid line (row or column): how many text cells it holds and how many of them are figures."""
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for line, figure in pairs:
        out[line][0] += 1
        out[line][1] += figure
    return {line: (n, f) for line, (n, f) in out.items()}
