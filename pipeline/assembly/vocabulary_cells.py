"""An OCR cell of a column with a tiny vocabulary read as the vocabulary word its ink supports.

Once the header has named a column's role, a 指标性质 cell holds a comparison sign or word and a
一级/二级 cell a level label. The recogniser's free reading of such a cell on a fax or grey seal
page can be garbage ("M" for ≥, "546" for 质量指标); its best reading under the column's
vocabulary was decoded from the same probabilities (extractors/ocr/vocabulary_decoding.py, kept on
``Cell.vocabulary_readings`` with the share of the free best path's probability it keeps).

The word is adopted only on OCR cells, only when the free reading is not itself a plausible
reading of the column (a sign, a label of the schema, a label ending in 指标 that the recogniser
was sure of: a printed unusual label such as 日效性指标 is kept as printed), and only when its
path keeps at least the column's ``MIN_SHARE`` of the free path's probability. The adopted
cell's confidence is its free confidence times that share, at most ``ADOPTED_CONFIDENCE``:
a reading that overruled the recogniser never comes out sure. Where the word is weaker the
free reading stays, with its own doubt.
"""
from __future__ import annotations

import functools

from jixiao.extractors.ocr.vocabulary_decoding import level_words
from jixiao.normalizers.spacing import squash
from jixiao.normalizers.units import is_unit_cell
from jixiao.pipeline.assembly.operator_cells import is_operator_cell

__all__ = ["ADOPTED_CONFIDENCE", "MIN_SHARE", "vocabulary_words"]

#: Which vocabulary a column role's cells are decoded under.
ROLE_VOCABULARY = {"target_op": "operator", "target_unit": "unit", "level1": "level", "level2": "level"}
#: The least share of the free path's probability a vocabulary word's path must keep to be adopted,
#: measured on the tune files of the fax and seal kinds: of the 指标性质 cells not read as a sign the
#: word's path kept 0.013–1.0 ("2" for ﹦, "二", "M" and "V" for ≥), of the level cells not read as a
#: label 1.1e-5–0.43 where the word was the print's and at most 9e-6 where it was not ("级出国邮标"
#: for 可持续影响指标 decoded as 时效指标, "49051" as 决策指标).
#: Of the 度量单位 cells of the tune fax 427 (a column whose role its cells gave) not read as a unit, the
#: unit word's path kept 0.14 where it was the print's (个) and up to 9.2e-4 where it was not (台 for %).
#: Counted against the truth on the four tune fax and seal files whose truth has a 度量单位 column (412
#: seal150, 424 and 440 qingshen seal300, 427 fax100), over its cells not read as a unit: 2 keep ≥ 0.01
#: for the right word (个 0.14, % 0.034) and 1 less (% 2.0e-4); 0 keep ≥ 0.01 for a wrong word, 2 less
#: (台 9.2e-4, 户 0).
MIN_SHARE = {"operator": 5e-3, "level": 2e-5, "unit": 1e-2}
#: An adopted word's confidence is never above this (it is the print's best reading, not a sure one).
ADOPTED_CONFIDENCE = 0.5
#: A 指标性质 cell's words for a target without a figure, printed as they are.
QUALITATIVE = ("定性", "定量")
#: A level label ending in 指标 read at least this surely is plausible as printed.
SURE_LABEL = 0.9


@functools.cache
def _levels() -> frozenset[str]:
    return frozenset(level_words())


def _plausible(vocabulary: str, text: str, confidence: float) -> bool:
    """A free reading that already reads as a cell of the column (it is kept as printed)."""
    squashed = squash(text)
    if vocabulary == "operator":
        return is_operator_cell(text) or squashed in QUALITATIVE
    if vocabulary == "unit":
        return is_unit_cell(squashed)
    return squashed in _levels() or (squashed.endswith("指标") and confidence >= SURE_LABEL)


def vocabulary_words(values: dict[str, tuple[str, object]], method: str) -> dict[str, float]:
    """``values`` (role → (text, RowCell)) with the vocabulary words adopted for the roles that have
    one (updated in place); returns the adopted roles' confidences."""
    if method != "ocr":
        return {}
    adopted: dict[str, float] = {}
    for role, vocabulary in ROLE_VOCABULARY.items():
        if role not in values:
            continue
        text, rc = values[role]
        cell = rc.cell
        found = cell.vocabulary_readings.get(vocabulary)
        if not found or _plausible(vocabulary, text, cell.confidence):
            continue
        word, share = found
        if share < MIN_SHARE[vocabulary] or word == squash(text):
            continue
        values[role] = (word, rc)
        adopted[role] = round(min(cell.confidence * share, ADOPTED_CONFIDENCE), 5)
    return adopted
