"""An unsure name line re-spelt towards the words its page read elsewhere (NameReader.learn_page,
extractors/ocr/name_decoding.py), on small CTC matrices with the shipped word list."""
from __future__ import annotations

import numpy as np

from jixiao.extractors.ocr.name_decoding import PAGE_SURE, RESPELT_CONFIDENCE, NameReader, page_words, word_model
from ctc_support import ctc_matrix

CHARS = ["blank", *"渔流民安全培训川人均增收满意度泉州市业生产保障项目尺"]

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
    """Reads each crop as the next of its lines: (reading, confidence, probabilities)."""
    name = "fake"
    characters = CHARS

    def __init__(self, lines: list[tuple[str, float, np.ndarray]]) -> None:
        self.lines = lines

    def read_crops_probs(self, crops, keep=None, compact=None):
        return [self.lines.pop(0) for _ in crops]


#: FREE's matrix: 流 wins its first step by far, 川 its last.
FREE_PROBS = {0: {"流": 0.85, "渔": 0.03}, 5: {"川": 0.5, "训": 0.25}}
#: Lines a fax read "渔尺…": the word model alone re-spells them 渔民… (尺 wins, 民 keeps a fair share).
MISREAD_PEERS = [("渔尺人均增收", 0.4), ("渔尺满意度", 0.3)]


def _reader(others: list[tuple[str, float]] = ()) -> NameReader:
    lines = [(FREE, 0.3, _line(FREE, doubts=FREE_PROBS))]
    lines += [(text, score, _line(text, doubts={1: {"尺": 0.5, "民": 0.4}})) for text, score in others]
    reader = NameReader(_Engine(lines))
    reader.read_crops_probs([np.zeros((4, 4))] * len(lines), keep=lambda t: False)
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


def test_lines_the_word_model_re_spelt_do_not_vouch_for_its_words():
    """Two unsure lines that read "渔尺…" spell 渔民 only as the word model re-spells them: their votes are
    for what their ink read, so the prior does not confirm itself through them on a third line."""
    reader = _reader(MISREAD_PEERS)
    reader.learn_page([(FREE, 0.3), *MISREAD_PEERS])
    assert [reader.respelt_line(text, score)[0] for text, score in MISREAD_PEERS] == ["渔民人均增收", "渔民满意度"]
    assert reader.respelt_line(FREE, 0.3)[0] == "流民安全培训"


def test_a_sure_line_vouches_as_the_word_model_spells_it():
    """A line read at least PAGE_SURE (yet below the reader's own SURE, so still re-spelt) votes with its
    re-spelling: its ink is trusted, and the word model only settles a close character."""
    sure = [("渔尺人均增收", PAGE_SURE)]
    reader = _reader(sure)
    reader.learn_page([(FREE, 0.3), *sure])
    assert reader.respelt_line(FREE, 0.3)[0] == "渔民安全培训"


def test_only_known_words_of_a_line_are_page_words():
    words = word_model()[0]
    (key, spelt, vote), (_, none, _) = page_words([("泉州市渔业 安全生产", 0.99), ("x3", 0.99)], words)
    assert not none
    assert key == "泉州市渔业安全生产" and vote == 2
    assert {"泉州", "渔业", "安全", "生产"} <= spelt and "市渔" not in spelt
