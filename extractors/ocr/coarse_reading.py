"""Second looks at the unsure lines of a coarse page (fax, low-dpi 1-bit scan).

A 1-bit page upsampled to the working resolution keeps hard staircase edges
even after smoothing; the recogniser, trained on grey anti-aliased text at
about its input height, reads such a line better when it is first shrunk (so
the staircases average out) or blurred a little more. Which view reads best
differs line by line, so each unsure line is read in each view and the
readings compete: the recogniser's own confidence decides, and a reading that
has the shape of a form value ("≥95%", "47.3公里", "5.91") is preferred over
one that does not ("-9596", "1009e") when the line looks like a value at all.
A line that is not a value (a name, a header label) is read by the recogniser one
look-alike at a time ("成量指标", "机同"), and its views often differ by one such
character: among them the one whose characters make the words of the form's language
("质量指标", "机制") is preferred, by the word model the name re-spelling uses
(name_decoding), weighed against the recogniser's confidence in log terms.
When the views disagree, the reading kept carries its score times the share of
views that agree with it: a fax reading nobody else confirms stays in doubt, and
findings resting on it are reviewed, not reported as errors.
Sure lines are not read again, so the extra work is limited to the lines a
fax actually damaged.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from jixiao.extractors.ocr.engine import OcrEngine

#: Lines read with at least this confidence are kept as first read.
SURE = 0.95
#: Lines wider than this many times their height (about eight CJK characters) get second
#: looks only when their first reading looks like a value ("6241.5" with a speck beside it).
#: On the tune faxes no longer line of text gained a field from its second looks (they are
#: prose: 年度目标, 评分依据, 偏差原因, long project names), yet such lines took two thirds
#: of the width the views made the recogniser read (bench/second_looks.py).
MAX_LOOK_RATIO = 6.0
#: Views of a line crop tried on unsure lines: shrunk by half (area average), and blurred.
VIEWS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "half": lambda crop: cv2.resize(crop, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA),
    "blur": lambda crop: cv2.GaussianBlur(crop, (0, 0), 1.0),
}
#: A form value: optional comparison sign, a number with at most two decimals, then a
#: percent sign or a short unit; or a bare number.
VALUE_SHAPE = re.compile(r"^[≥≤<>=]?\d{1,7}(?:\.\d{1,2})?(?:%|‰|[\u4e00-\u9fff]{1,4})?$")
#: A line is value-like when its readings are mostly digits, signs and %.
_VALUE_CHARS = re.compile(r"[0-9.%≥≤<>=]")
#: How much a value-shaped reading is preferred (added to its confidence).
SHAPE_BONUS = 0.15
#: Weight of a text reading's word gain (nats its words gain under the word model, see
#: NameReader.word_gain) against the log of its confidence. On the tune faxes' 273 unsure text
#: lines weights from 0.05 to 1.0 chose differently on 2–3 lines and read as many right (a word
#: gains ~14–35 nats, confidences differ by a few tenths of a nat); 0 is the confidence alone.
#: Whole lines gain 34–76 nats and two dictionary words differ by 15–20, so among readings the
#: recogniser finds about as likely the words decide; WORD_BAND keeps the words from outvoting it.
WORD_WEIGHT = 0.1
#: Only readings at least this share of the line's best confidence are ranked by their words: a
#: reading the recogniser finds far less likely (植被温度 at a sixth of 植被盖度's confidence, a
#: stuttered 质量指标指标 at a third of 质量指标's) does not win because it spells commoner words.
WORD_BAND = 0.5


def _value_like(readings: Sequence[tuple[str, float]]) -> bool:
    texts = [t for t, _ in readings if t.strip()]
    if not texts:
        return False
    share = [len(_VALUE_CHARS.findall(t)) / len(t) for t in texts]
    return max(share) >= 0.5


def _merit(text: str, score: float, value_like: bool) -> float:
    shaped = value_like and bool(VALUE_SHAPE.match(re.sub(r"\s+", "", text)))
    return score + (SHAPE_BONUS if shaped else 0.0)


def best_readings(crops: Sequence[np.ndarray], first: Sequence[tuple[str, float]],
                  engine: OcrEngine, word_gain: Callable[[str], float] | None = None) -> list[tuple[str, float]]:
    """Each crop's best reading among the first one and the extra views (unsure crops only).

    The views are tried in turn and a line stops being read again once two of its readings
    agree; a view not read counts as not confirming, so an agreement found early is never
    trusted more than the same agreement among all the views. ``word_gain`` (text → nats) ranks
    the readings of a line that is not value-like together with their confidence.
    """
    unsure = unsure_lines(crops, first)
    readings = {i: [first[i]] for i in unsure}
    pending = unsure
    for view in VIEWS.values():
        if not pending:
            break
        for i, reading in zip(pending, engine.read_crops([view(crops[i]) for i in pending])):
            readings[i].append(reading)
        pending = [i for i in pending if not _two_agree(readings[i])]
    out = list(first)
    views = 1 + len(VIEWS)
    for i, candidates in readings.items():
        value_like = _value_like(candidates)
        if value_like or word_gain is None:
            text, score = max(candidates, key=lambda ts: _merit(ts[0], ts[1], value_like))
        else:
            text, score = max(_near_the_best(candidates), key=lambda ts: _worded_merit(ts[0], ts[1], word_gain))
        agree = sum(_same(text, t) for t, _ in candidates) / views
        out[i] = (text, score * agree)  # views that read otherwise (or were not needed) leave it in doubt
    return out


def _near_the_best(candidates: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The readings whose confidence is within WORD_BAND of the line's most confident one."""
    top = max(score for _, score in candidates)
    return [(text, score) for text, score in candidates if score >= WORD_BAND * top]


def _worded_merit(text: str, score: float, word_gain: Callable[[str], float]) -> float:
    """A text reading's merit: the log of its confidence plus its weighted word gain."""
    return math.log(max(score, 1e-6)) + WORD_WEIGHT * word_gain(text)


def unsure_lines(crops: Sequence[np.ndarray], first: Sequence[tuple[str, float]]) -> list[int]:
    """The lines that get second looks: read with less than SURE confidence, and short or value-like."""
    return [i for i, (_, score) in enumerate(first)
            if score < SURE and (_short(crops[i]) or _value_like([first[i]]))]


def _short(crop: np.ndarray) -> bool:
    return crop.shape[1] <= MAX_LOOK_RATIO * max(crop.shape[0], 1)


def _two_agree(candidates: Sequence[tuple[str, float]]) -> bool:
    texts = [re.sub(r"\s+", "", t) for t, _ in candidates]
    return len(set(texts)) < len(texts)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


#: Single glyphs a fragment of a broken rule or a speck is read as.
THIN_GLYPHS = frozenset("1lI|!i-_.,:;'\"`")


def without_stubs(pieces: list[tuple[tuple[float, float, float, float], str, float]]
                  ) -> list[tuple[tuple[float, float, float, float], str, float]]:
    """A cell's lines without the ones that are only a rule fragment or speck ("1" above "50").

    On a fax a rule's broken end or a speck inside a merged cell forms a line of its
    own, read as a thin glyph; a cell whose other lines hold text keeps only those.
    """
    stubs = [p for p in pieces if p[1].strip() in THIN_GLYPHS]
    if not stubs or len(stubs) == len(pieces):
        return pieces
    return [p for p in pieces if p[1].strip() not in THIN_GLYPHS]
