"""How grid positions join into merged cells where rules are missing (extractors/ocr/grid.py)."""
from __future__ import annotations

import numpy as np

from jixiao.extractors.ocr.grid import _blocks, _mostly_thin, _restore_lost_pieces


def _merged(v: np.ndarray, h: np.ndarray) -> np.ndarray:
    labels = _blocks(v, h)
    while _restore_lost_pieces(labels, v, h):
        labels = _blocks(v, h)
    return labels


def test_a_rule_that_lost_a_stretch_inside_an_l_shaped_block_is_restored():
    """Three rows, two columns: a left block of three rows, a right block of three rows; the rule
    between them lost its first row's stretch, which joined the two into one block."""
    v = np.array([[False], [True], [True]])
    h = np.zeros((2, 2), dtype=bool)
    assert len(np.unique(_blocks(v, h))) == 1
    labels = _merged(v, h)
    assert labels[0, 0] == labels[2, 0] and labels[0, 1] == labels[2, 1] and labels[0, 0] != labels[0, 1]
    assert v.all()


def test_a_merged_cell_with_a_stroke_taken_for_a_rule_stays_merged():
    """A 2 × 2 merged cell whose text passed for a rule along half of one line keeps its one block."""
    v = np.array([[True], [False]])
    h = np.zeros((1, 2), dtype=bool)
    labels = _merged(v, h)
    assert len(np.unique(labels)) == 1


def test_separate_cells_and_true_merges_are_left_alone():
    """A row of a label merged over two columns above two plain cells: no rule is restored."""
    v = np.array([[False], [True]])
    h = np.array([[True, True]])
    labels = _merged(v, h)
    assert labels[0, 0] == labels[0, 1] and len(np.unique(labels)) == 3


def test_a_rule_fragment_is_thin_and_the_foot_of_a_text_line_is_not():
    band = 4
    rule = np.zeros((2 * band + 1, 60), dtype=bool)
    rule[4:6, 0:20] = rule[4:6, 35:50] = True  # a rule two pixels thick, in pieces
    text = np.zeros_like(rule)
    for x in range(0, 60, 4):  # glyph strokes running down into the band and ending in it
        text[0:6, x:x + 3] = True
    text[5, :] = True  # and a stroke along their foot
    assert _mostly_thin(rule, band)
    assert not _mostly_thin(text, band)
