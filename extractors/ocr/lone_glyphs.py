"""A second reading of crops that hold a glyph or two, set on a line of paper.

The recogniser is trained on text lines. A crop holding one glyph with no
neighbours is outside what it has seen, and the signs that forms print alone in
a 指标性质 cell suffer most: a lone "≥" comes back "V", "＝" as "二" or "三", a
small "﹦" as nothing, so a split target loses its comparison. Set in the middle
of a wider, taller strip of the crop's own paper, the same pixels look like a
short line and read right (on the 412 form "≥" 0.93 and "=" 0.89 where the bare
crops gave "V" 0.50 and "三" 0.56).

Only narrow crops whose first reading is empty, or unsure and without a digit,
are read again, and the second reading replaces the first only when the
recogniser is surer of it: everything read confidently the first time stays as
it was, and so do numbers (a weight or score read unsurely under a seal is left
to the verdict's second readings, which look at the cell without the seal).
"""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from jixiao.extractors.ocr.engine import OcrEngine

#: A crop at most this much wider than a line is tall (its own height, or LINE_HEIGHT_IN
#: for flat marks such as "=") holds a glyph or two.
NARROW_RATIO = 1.6
#: A first reading below this score is unsure.
SURE_SCORE = 0.9
#: The strip the glyph is set on: this many times as wide as tall ...
LINE_RATIO = 4.0
#: ... and at least this tall (inches), about a line of 10–12 pt type with its margins.
LINE_HEIGHT_IN = 0.2


def is_narrow(crop: np.ndarray, dpi: int) -> bool:
    h, w = crop.shape[:2]
    return h > 0 and w <= NARROW_RATIO * max(h, LINE_HEIGHT_IN * dpi)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def on_a_line(crop: np.ndarray, dpi: int) -> np.ndarray:
    """The crop centred on a strip of its own paper, LINE_RATIO times as wide as tall."""
    h, w = crop.shape[:2]
    paper = int(np.percentile(crop, 95))
    height = max(h, round(LINE_HEIGHT_IN * dpi))
    width = max(w, round(LINE_RATIO * height))
    top, left = (height - h) // 2, (width - w) // 2
    return cv2.copyMakeBorder(crop, top, height - h - top, left, width - w - left, cv2.BORDER_CONSTANT, value=paper)


def read_crops(engine: OcrEngine, crops: Sequence[np.ndarray], dpi: int) -> list[tuple[str, float]]:
    """``engine.read_crops``, with unsure narrow crops read again on a line of paper."""
    results = engine.read_crops(list(crops))
    again = [i for i, (crop, (text, score)) in enumerate(zip(crops, results))
             if is_narrow(crop, dpi) and (not text.strip() or (score < SURE_SCORE and not _has_digit(text)))]
    if again:
        second = engine.read_crops([on_a_line(crops[i], dpi) for i in again])
        for i, (text, score) in zip(again, second):
            if text.strip() and score > results[i][1]:
                results[i] = (text, score)
    return results
