"""Seal arc text helpers: readings that disagree lose confidence; rules crossing a seal are bridged."""
import numpy as np

from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE, _medoid
from jixiao.extractors.ocr.seals import _bridged


def test_readings_that_agree_keep_their_score():
    text, confidence = _medoid([("湖口县交通运输局", 0.99), ("湖口县交通运输局", 0.98), ("湖口县交通运输局", 1.0)])
    assert text == "湖口县交通运输局" and confidence > 0.95


def test_the_majority_reading_wins_and_a_minority_lowers_confidence():
    text, confidence = _medoid([("天水市泰州区水务局", 0.97), ("天水市秦州区水务局", 0.96), ("天水市秦州区水务局", 0.98)])
    assert text == "天水市秦州区水务局" and 0.8 < confidence < 0.97


def test_readings_that_disagree_on_the_character_count_are_not_reported():
    """A long name squeezed on the arc: two widths of three drop a character, each with a high score."""
    text, confidence = _medoid([("金寨县茶谷和美丽乡村建设服务中心", 0.96), ("金寨县茶谷和美丽村建设服务中心", 0.99),
                                ("金寨县茶谷和美丽村建设服务中心", 0.93)])
    assert confidence < MIN_CONFIDENCE


def test_guesses_that_disagree_come_out_unsure():
    _, confidence = _medoid([("正市区文行5", 0.56), ("京N区X行5", 0.5), ("证新市N区文广5市", 0.49)])
    assert confidence < 0.4


def test_a_rule_across_a_stroke_is_bridged_a_hole_amid_paper_stays_paper():
    ink = np.zeros((40, 40), np.float32)
    ink[10:30, 18:24] = 0.9           # a vertical seal stroke
    holes = np.zeros((40, 40), bool)
    holes[19:21, :] = True            # a table rule across the whole patch
    ink[holes] = 0.0
    out = _bridged(ink, holes)
    assert out[19:21, 19:23].min() > 0.5   # the stroke is whole again
    assert out[19:21, :10].max() < 0.1     # the rule over paper stays empty
