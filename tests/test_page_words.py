"""An unsure name line re-spelt towards the words its page read elsewhere (NameReader.learn_page,
extractors/ocr/name_decoding.py), on small CTC matrices with the shipped word list."""
from __future__ import annotations

import numpy as np

from jixiao.extractors.ocr.name_decoding import PAGE_SURE, RESPELT_CONFIDENCE, NameReader, page_words, word_model
from ctc_support import ctc_matrix

CHARS = ["blank", *"渔流民安全培训川人均增收满意度泉州市业生产保障项目"]

#: "渔民安全培训" as a fax reads it: 流 wins the first step by far (流民 is a word of the everyday corpus
#: too), 渔 keeps a small share; 川 wins the last step, 训 keeps a fair one.
FREE = "流民安全培川"


def _line(text: str, doubts: dict[int, dict[str, float]] | None = None) -> np.ndarray:
    steps: list[dict[str, float]] = []
    for i, ch in enumerate(text):
        steps.append({})
        steps.append((doubts or {}).get(i, {ch: 0.98}))
    return ctc_matrix(CHARS, steps + [{}])


class _Engine:
    name = "fake"
    characters = CHARS

    def __init__(self, probs: np.ndarray) -> None:
        self.probs = probs

    def read_crops_probs(self, crops, keep=None, compact=None):
        return [(FREE, 0.3, self.probs)]


def _reader() -> NameReader:
    reader = NameReader(_Engine(_line(FREE, doubts={0: {"流": 0.85, "渔": 0.03}, 5: {"川": 0.5, "训": 0.25}})))
    reader.read_crops_probs([np.zeros((4, 4))], keep=lambda t: False)
    return reader


def test_without_the_page_the_everyday_word_stands():
    reader = _reader()
    reader.learn_page([(FREE, 0.3)])
    assert reader.respelt_line(FREE, 0.3)[0] == "流民安全培训"


def test_a_word_two_other_lines_of_the_page_spell_is_the_likelier_spelling():
    reader = _reader()
    reader.learn_page([(FREE, 0.3), ("渔民人均增收", 0.4), ("渔民满意度", 0.3)])
    text, score = reader.respelt_line(FREE, 0.3)
    assert text == "渔民安全培训" and score <= RESPELT_CONFIDENCE


def test_one_unsure_line_is_not_enough_but_one_sure_line_is():
    reader = _reader()
    reader.learn_page([(FREE, 0.3), ("渔民人均增收", 0.4)])
    assert reader.respelt_line(FREE, 0.3)[0] == "流民安全培训"
    reader.learn_page([(FREE, 0.3), ("渔民人均增收", PAGE_SURE)])
    assert reader.respelt_line(FREE, 0.3)[0] == "渔民安全培训"


def test_a_line_never_vouches_for_its_own_words():
    """The line's own reading, read again elsewhere under the same text, lends nothing to itself."""
    reader = _reader()
    reader.learn_page([(FREE, 0.99), (FREE, 0.99)])
    assert reader.respelt_line(FREE, 0.3)[0] == "流民安全培训"
    # ... nor as the word model re-spells it (流民安全培训): the line is known by its reading
    reader.learn_page([(FREE, 0.3), ("渔民人均增收", 0.4)])
    assert [key for key, _, _ in reader._page_lines] == [FREE, "渔民人均增收"]


def test_only_known_words_of_a_line_are_page_words():
    words = word_model()[0]
    (key, spelt, vote), (_, none, _) = page_words([("泉州市渔业 安全生产", 0.99), ("x3", 0.99)], words)
    assert not none
    assert key == "泉州市渔业安全生产" and vote == 2
    assert {"泉州", "渔业", "安全", "生产"} <= spelt and "市渔" not in spelt
