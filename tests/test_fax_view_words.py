"""A fax line's views ranked by the words they spell (extractors/ocr/coarse_reading.py): among the
readings of an unsure text line, the one whose characters make words wins over a surer look-alike,
stays in doubt unless the views agree, and value lines keep their own ranking."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from jixiao.extractors.ocr import coarse_reading
from jixiao.extractors.ocr.coarse_reading import best_readings
from jixiao.extractors.ocr.name_decoding import NameReader

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = {Path(e["file"]).name: e for e in json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))}


class _Views:
    """An engine that reads each view of a crop as the next of the readings given for it."""

    name = "views"

    def __init__(self, readings: list[list[tuple[str, float]]]) -> None:
        self.readings, self.calls = readings, 0

    def read_crops(self, crops):
        self.calls += 1
        return [self.readings[int(c.flat[0])][self.calls - 1] for c in crops]


def _crop(index: int) -> np.ndarray:
    crop = np.full((30, 120), 255, dtype=np.uint8)
    crop.flat[0] = index  # which line it is, for _Views (the views keep the top-left pixel's order)
    return crop


@pytest.fixture(scope="module")
def word_gain():
    return NameReader(_Views([])).word_gain


def _read(first, views, word_gain, monkeypatch):
    # views that keep the marker pixel, so the fake engine knows the line
    monkeypatch.setattr(coarse_reading, "VIEWS", {"a": lambda c: c, "b": lambda c: c})
    crops = [_crop(i) for i in range(len(first))]
    return best_readings(crops, first, _Views(views), word_gain)


def test_the_view_that_spells_words_wins_over_a_surer_look_alike(word_gain, monkeypatch):
    (text, score), = _read([("成量指标", 0.92)], [[("质量指标", 0.87), ("成量出标", 0.80)]], word_gain, monkeypatch)
    assert text == "质量指标"
    assert score == pytest.approx(0.87 / 3)  # one view of three: still in doubt


def test_readings_that_spell_as_many_words_are_ranked_by_confidence(word_gain, monkeypatch):
    (text, _), = _read([("甲乙丙", 0.6)], [[("丁戊己", 0.7), ("庚辛壬", 0.5)]], word_gain, monkeypatch)
    assert text == "丁戊己"


def test_a_far_less_likely_reading_does_not_win_by_its_words(word_gain, monkeypatch):
    """A stutter that spells the word twice, at a third of the plain reading's confidence, and a
    commoner word at a sixth of the printed one's, stay behind the recogniser's choice."""
    (stutter, _), (rarer, _) = _read([("质量指标", 0.9), ("草原综合植被盖度", 0.6)],
                                      [[("质量指标指标", 0.3), ("质量拮标", 0.2)],
                                       [("草原综合植被温度", 0.1), ("草原综合植被盖虔", 0.05)]], word_gain, monkeypatch)
    assert (stutter, rarer) == ("质量指标", "草原综合植被盖度")


def test_a_value_line_keeps_its_shape_ranking(word_gain, monkeypatch):
    (text, _), = _read([("-9596", 0.5)], [[("95%", 0.4), ("9596", 0.2)]], word_gain, monkeypatch)
    assert text == "95%"  # the value-shaped reading, not the surer one


def test_word_gain_is_zero_for_a_line_that_is_no_name(word_gain):
    assert word_gain("≥95%") == 0.0
    assert word_gain("质量指标") > word_gain("成量指标") > 0.0


@pytest.fixture(scope="module")
def files(sample_runs) -> dict[str, dict]:
    names = ["133_quanzhou_fishery_fax100.pdf", "133_quanzhou_fishery_fax204.pdf", "130_hezhou_forest_fax204.pdf"]
    assert all(MANIFEST[n]["split"] == "tune" for n in names)
    report = sample_runs.evaluation([SAMPLES / "pdf" / n for n in names])
    return {entry["file"]: entry["forms"][0] for entry in report["files"]}


def test_level_names_a_fax_reads_by_look_alikes_come_out_as_printed(files):
    """133 at 100 dpi: its 二级 names' views read 生公放值指构 / 社公致益指标 and 早态党益指怀 / 早态教益指标
    (the one making words is closer, and the level-1 label is found from it); at 204×98 时数指标 / 时效指标."""
    fields = files["133_quanzhou_fishery_fax100.pdf"]["fields"]
    assert fields["level1"] == [10, 10]
    assert fields["level2"][0] >= 9
    assert files["133_quanzhou_fishery_fax204.pdf"]["fields"]["level2"] == [10, 10]
    assert files["130_hezhou_forest_fax204.pdf"]["fields"]["level3"][0] >= 5


def test_a_word_the_page_only_re_spelt_elsewhere_does_not_vouch_for_a_name(files):
    """133 at 204×98: the name 渔民安全培训 reads 流民安全培川 (流民 is an everyday word too); the page's
    other names read 渔民人均增收 and 渝民满意度 — the second 渔民 only as the word model re-spells 渝民, so
    the page does not vouch for 渔民 (a prior confirming itself) and the name keeps its reading: the form
    is in doubt, not re-spelt into certainty."""
    form = files["133_quanzhou_fishery_fax204.pdf"]
    assert form["verdict"] == "suspect"


def test_the_faxes_stay_in_doubt(files):
    """A fax read with a word-chosen line is not read exactly unless it says it is unsure."""
    for name, form in files.items():
        assert form["field_exact"] == 1.0 or form["verdict"] == "suspect", name
