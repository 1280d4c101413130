"""Name lines of a coarse page re-spelt from the recogniser's CTC probabilities by the word model
(extractors/ocr/name_decoding.py), on small CTC matrices with the shipped word list."""
from __future__ import annotations

import numpy as np
import pytest

from jixiao.extractors.ocr.name_decoding import (
    RESPELT_CONFIDENCE, NameReader, name_like_text, respell_name, word_model,
)
from jixiao.extractors.routing import common_characters
from ctc_support import ctc_matrix

CHARS = ["blank", *"农村自来水普及校率尚未全个覆盖群众罪满意度基层文化阵地总分馆建律设提升开5%"]


def _probs(steps: list[dict[str, float]]) -> np.ndarray:
    return ctc_matrix(CHARS, steps)


def _line(text: str, doubts: dict[int, dict[str, float]] | None = None, gaps: dict[int, dict[str, float]] | None = None):
    """Steps spelling ``text`` (one step per character, a blank step between), a character's step
    replaced by ``doubts[i]``, the blank step before character i by ``gaps[i]``."""
    steps: list[dict[str, float]] = []
    for i, ch in enumerate(text):
        steps.append((gaps or {}).get(i, {}))
        steps.append((doubts or {}).get(i, {ch: 0.98}))
    return _probs(steps + [{}])


def _respell(probs):
    words, unknown, longest = word_model()
    return respell_name(probs, CHARS, words, unknown, common_characters(), longest)


def test_a_look_alike_is_replaced_by_the_character_that_makes_a_word():
    # "普校率": 校 won the step, 及 kept a fair share; 普及 and 达标率-like pieces are words
    probs = _line("农村自来水普校率", doubts={6: {"校": 0.6, "及": 0.3}})
    text, share = _respell(probs)
    assert text == "农村自来水普及率"
    assert share == pytest.approx(0.3 / 0.6)


def test_a_well_spelt_name_is_left_alone():
    probs = _line("群众满意度", doubts={0: {"群": 0.6, "罪": 0.3}})
    assert _respell(probs) is None


def test_a_character_is_never_swapped_for_a_merely_more_frequent_one():
    # 个 is far more frequent than 全, but neither makes a word with its neighbours that the other does not
    probs = _line("尚未全覆盖", doubts={2: {"全": 0.6, "个": 0.35}})
    assert _respell(probs) is None


def test_evidence_too_weak_is_not_overruled():
    probs = _line("农村自来水普校率", doubts={6: {"校": 0.98, "及": 0.01}})
    assert _respell(probs) is None


def test_a_dropped_character_is_put_back_where_it_kept_a_share_of_the_blank():
    probs = _line("基文化阵地", gaps={1: {"层": 0.3}})
    text, share = _respell(probs)
    assert text == "基层文化阵地"
    assert share < 1.0


def test_value_lines_are_not_name_lines():
    assert name_like_text("受益群众满意度") and name_like_text("总分馆律")
    assert not name_like_text("≥95%") and not name_like_text("26.3万人") and not name_like_text("设")


class _Engine:
    """A recogniser whose readings and CTC matrices are given."""

    name = "fake"
    characters = CHARS

    def __init__(self, lines: dict[int, tuple[str, float, np.ndarray]]) -> None:
        self.lines = lines

    def read_crops(self, crops):
        return [(t, s) for t, s, _ in self.read_crops_probs(crops)]

    def read_crops_probs(self, crops, keep=None, compact=None):
        out = []
        for i in range(len(crops)):
            text, score, probs = self.lines[i]
            kept = probs if keep is None or keep(text) else None
            out.append((text, score, compact(kept) if compact is not None and kept is not None else kept))
        return out


def _reader(lines):
    reader = NameReader(_Engine(lines))
    readings = reader.read_crops_probs([np.zeros((4, 4))] * len(lines), keep=lambda t: False)
    assert all(p is None for _, _, p in readings)  # only the probabilities the caller asked for go up
    return reader


def test_a_name_wrapped_over_lines_is_spelt_as_one_text_and_stays_in_doubt():
    first = _line("总分馆律", doubts={3: {"律": 0.6, "建": 0.3}})
    second = _line("设")
    reader = _reader({0: ("总分馆律", 0.8, first), 1: ("设", 0.9, second)})
    pieces = [((0, 30, 100, 50), "设", 0.9), ((0, 0, 100, 20), "总分馆律", 0.8)]
    out = reader.respelt_cell(pieces)
    assert [t for _, t, _ in out] == ["总分馆建", "设"]
    assert out[0][2] <= RESPELT_CONFIDENCE and out[1][2] == 0.9


def test_a_sure_line_is_never_re_spelt():
    probs = _line("农村自来水普校率", doubts={6: {"校": 0.6, "及": 0.3}})
    reader = _reader({0: ("农村自来水普校率", 0.99, probs)})
    assert reader.respelt_line("农村自来水普校率", 0.99) == ("农村自来水普校率", 0.99)


def test_an_unsure_line_re_spelt_keeps_a_low_confidence():
    probs = _line("农村自来水普校率", doubts={6: {"校": 0.6, "及": 0.3}})
    reader = _reader({0: ("农村自来水普校率", 0.9, probs)})
    text, score = reader.respelt_line("农村自来水普校率", 0.9)
    assert text == "农村自来水普及率" and score <= RESPELT_CONFIDENCE


@pytest.mark.parametrize("order", [("weak", "strong"), ("strong", "weak")])
def test_a_line_read_in_several_views_is_re_spelt_from_its_surest_view(order):
    """Each view's reading of a line is weighed when it is read; the spelling kept is that of the view
    whose re-spelling is surest, whichever view came first."""
    views = {"weak": _line("农村自来水普校率", doubts={6: {"校": 0.98, "及": 0.01}}),
             "strong": _line("农村自来水普校率", doubts={6: {"校": 0.6, "及": 0.3}})}
    reader = NameReader(_Engine({0: ("农村自来水普校率", 0.9, views[order[0]])}))
    reader.read_crops_probs([np.zeros((4, 4))], keep=lambda t: False)
    reader.engine = _Engine({0: ("农村自来水普校率", 0.9, views[order[1]])})
    reader.read_crops_probs([np.zeros((4, 4))], keep=lambda t: False)
    text, score = reader.respelt_line("农村自来水普校率", 0.9)
    assert text == "农村自来水普及率" and score <= RESPELT_CONFIDENCE


def test_probabilities_a_caller_keeps_are_its_own():
    """Name lines' rows are read in place of their batch; a caller that keeps a matrix gets a copy."""
    probs = _line("农村自来水普校率", doubts={6: {"校": 0.6, "及": 0.3}})
    reader = NameReader(_Engine({0: ("农村自来水普校率", 0.9, probs)}))
    (_, _, kept), = reader.read_crops_probs([np.zeros((4, 4))])
    assert np.array_equal(kept, probs) and not np.shares_memory(kept, probs)


def test_the_shipped_word_list_is_the_one_built_from_jieba(tmp_path):
    pytest.importorskip("jieba")
    from jixiao.extractors.ocr.name_decoding import WORDS_PATH, build_word_list

    build_word_list(tmp_path / "words.txt")
    assert (tmp_path / "words.txt").read_text(encoding="utf-8") == WORDS_PATH.read_text(encoding="utf-8")


def test_only_labels_near_the_floor_are_ranked_yet_the_same_ones_come_first():
    """_top ranks only the values that reach about its floor; the labels its callers take (those
    reaching the floor, among the n largest) come in the order of a full sort of the row."""
    from jixiao.extractors.ocr.name_decoding import _top

    rng = np.random.default_rng(11)
    for _ in range(200):
        row = rng.dirichlet(np.full(300, 0.05)).astype(np.float32)  # a few labels hold most of the step
        floor = float(rng.choice([0.0, 0.001, 0.02, 0.05, 0.3])) * float(row.max())
        n = int(rng.integers(1, 9))
        ranked = np.argsort(-row, kind="stable")[:n]
        expected = [int(k) for k in ranked if row[k] >= floor]
        got = [int(k) for k in _top(row, n, floor) if row[k] >= floor]
        assert got == expected
        assert len(_top(row, n, floor)) <= n
