"""Seal arc text helpers: readings that disagree lose confidence; rules crossing a seal are bridged."""
import cv2
import numpy as np
import pytest

from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE, _medoid, unwrap
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


def test_a_character_each_width_reads_differently_is_not_reported():
    """412's grey seal: 例 read 纳, 澳 and 伪 at the three widths, every reading at 0.87 or more and
    the rest of the name alike: the name is not reported, although its mean support was 0.82."""
    text, confidence = _medoid([("贵州省样纳县民政局", 0.897), ("贵州省样澳县民政局", 0.884),
                                ("贵州省样伪县民政局", 0.867)])
    assert confidence < MIN_CONFIDENCE


def test_a_character_two_widths_of_three_agree_on_stands():
    text, confidence = _medoid([("中江县水利局", 0.99), ("中江县水利局", 0.99), ("中江悬水利局", 0.96)])
    assert text == "中江县水利局" and confidence >= MIN_CONFIDENCE


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


@pytest.mark.parametrize("radius", [3, 20, 40])
def test_a_solid_blot_has_no_arc_band_to_unwrap(radius):
    """A seal candidate whose ink is one solid blot leaves no band between its ring and its centre: nothing
    to read, not an error of the page (a grey scan's seal so failed the whole page before)."""
    ink = np.zeros((100, 100), np.float32)
    cv2.circle(ink, (50, 50), radius, 1.0, -1)
    assert unwrap(ink) is None
