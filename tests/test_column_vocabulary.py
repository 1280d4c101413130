"""Cells of the 指标性质 and level columns decoded under the column's vocabulary
(extractors/ocr/vocabulary_decoding.py) and adopted by assembly where the recogniser's free reading is
no plausible reading of the column (pipeline/assembly/vocabulary_cells.py)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from jixiao.extractors.ocr.vocabulary_decoding import Vocabulary, VocabularyLattice, decode
from jixiao.models.page import Cell
from jixiao.pipeline.assembly.vocabulary_cells import ADOPTED_CONFIDENCE, vocabulary_words
from jixiao.pipeline.validation.verdict import judge_form
from ctc_support import ctc_matrix

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
CHARS = ["blank", *"M≥>=产出指标时山株数量"]
COLUMNS = {ch: k for k, ch in enumerate(CHARS) if k}


def _lattice(steps: list[dict[str, float]], width: float = 0.0) -> VocabularyLattice:
    probs = ctc_matrix(CHARS, steps)
    return VocabularyLattice(np.log(probs), float(np.log(probs.max(axis=1)).sum()), width)


def test_a_lone_sign_read_as_a_letter_is_decoded_as_the_sign_that_keeps_its_share():
    vocabulary = Vocabulary(["≥", ">", "="], COLUMNS)
    word, share = decode(_lattice([{"M": 0.6, "≥": 0.3}]), vocabulary)
    assert word == "≥" and abs(share - 0.5) < 1e-6


def test_a_strict_sign_needs_far_more_evidence_than_the_sign_forms_print():
    # ">" and "≥" equally likely: forms print ≥, not >
    vocabulary = Vocabulary(["≥", ">"], COLUMNS)
    assert decode(_lattice([{">": 0.45, "≥": 0.45}]), vocabulary)[0] == "≥"


def test_a_garbled_label_is_decoded_as_the_word_of_its_length_not_a_shorter_alias():
    # "产出时标": the alias 产出 needs two steps read as blank, 产出指标 one 时 read as 指
    steps = [{"产": 0.9}, {"出": 0.9}, {"时": 0.5, "指": 0.1}, {"标": 0.9}]
    vocabulary = Vocabulary(["产出", "产出指标", "数量指标"], COLUMNS)
    assert decode(_lattice(steps, width=4.0), vocabulary)[0] == "产出指标"
    # without the ink's width the shorter word's path, dropping two characters' steps, would do
    assert decode(_lattice([{"产": 0.9}, {"出": 0.9}, {"时": 0.01, "指": 0.001}, {"标": 0.01}]),
                  vocabulary)[0] == "产出"


def test_a_repeated_character_needs_a_blank_between_its_two_readings():
    vocabulary = Vocabulary(["数量", "数数量"], COLUMNS)
    word, _ = decode(_lattice([{"数": 0.9}, {"数": 0.9}, {"量": 0.9}]), vocabulary)
    assert word == "数量"


class _RowCell:
    def __init__(self, cell: Cell) -> None:
        self.cell = cell


def _cell(text: str, confidence: float, readings: dict) -> Cell:
    return Cell(row=0, col=0, text=text, bbox=(0, 0, 1, 1), confidence=confidence, method="ocr",
                vocabulary_readings=readings)


def test_assembly_adopts_the_word_on_ocr_cells_only_and_never_as_sure():
    values = {"target_op": ("M", _RowCell(_cell("M", 0.64, {"operator": ("≥", 0.9)}))),
              "level2": ("546", _RowCell(_cell("546", 0.09, {"level": ("质量指标", 5e-4)})))}
    adopted = vocabulary_words(values, "ocr")
    assert values["target_op"][0] == "≥" and values["level2"][0] == "质量指标"
    assert adopted["target_op"] <= ADOPTED_CONFIDENCE and adopted["level2"] < 1e-3
    text_layer = {"target_op": ("M", _RowCell(_cell("M", 1.0, {"operator": ("≥", 0.9)})))}
    assert vocabulary_words(text_layer, "text") == {} and text_layer["target_op"][0] == "M"


def test_a_plausible_or_weakly_overruled_reading_stays_as_read():
    values = {
        # a printed unusual label read surely is kept as printed
        "level2": ("日效性指标", _RowCell(_cell("日效性指标", 0.97, {"level": ("时效指标", 0.02)}))),
        # a sign is a sign
        "target_op": ("=", _RowCell(_cell("=", 0.5, {"operator": ("≥", 0.3)}))),
        # a word whose path keeps too little of the free path's probability
        "level1": ("级出国邮标", _RowCell(_cell("级出国邮标", 0.1, {"level": ("时效指标", 9e-6)}))),
    }
    assert vocabulary_words(values, "ocr") == {}
    assert [v[0] for v in values.values()] == ["日效性指标", "=", "级出国邮标"]


def test_a_fax_reads_its_garbled_level_label_as_the_schema_word_in_doubt(sample_runs):
    """Tune fax 130 (100 dpi): the 二级 label 质量指标 over two rows read "546"."""
    (doc,) = sample_runs.documents([SAMPLES / "130_hezhou_forest_fax100.pdf"])
    (form,) = doc.forms
    assert [ind.level2 for ind in form.indicators[3:5]] == ["质量指标", "质量指标"]
    assert form.verdict == "suspect"


def test_lone_signs_of_a_grey_seal_page_are_read_as_signs(sample_runs):
    """Tune seal 150 dpi grey 412: "M" and "V" for ≥ and "2" for ﹦ in the 指标性质 column."""
    (doc,) = sample_runs.documents([SAMPLES / "412_guizhou_budget_block_seal150.pdf"])
    (form,) = doc.forms
    targets = [ind.target.text for ind in form.indicators]
    assert targets[:3] == ["≥1200人", "=72890元", "≥95%"]
    assert form.verdict == "suspect"


def test_an_adopted_unit_word_is_a_cell_the_verdict_weighs(sample_runs):
    """Tune seal 150 dpi grey 412: row 6's 度量单位 "%6" is read as the unit word "%"; the cell is kept with
    the word and its capped confidence, so the verdict names it unless a sure second reading saw "%" itself."""
    (doc,) = sample_runs.documents([SAMPLES / "412_guizhou_budget_block_seal150.pdf"])
    (form,) = doc.forms
    cell = form.indicators[6].cells["target_unit"]
    assert cell.text == "%" and cell.confidence <= ADOPTED_CONFIDENCE
    assert cell.second_text == "%"  # a second look read "%" surely: it vouches for the word
    unread = form.model_copy(deep=True)
    unread.indicators[6].cells["target_unit"].second_text = None
    assert any(r.code == "LOW_CONFIDENCE_CELL" and r.row_index == 6 and r.field == "target_unit"
               for r in judge_form(unread, []))
