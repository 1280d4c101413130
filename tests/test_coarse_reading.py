"""Fax second looks: which unsure lines are read again, in which views, and what stays in doubt."""
import numpy as np

from jixiao.extractors.ocr import coarse_reading


class _Views:
    """A recogniser whose reading of a crop depends on the crop's size (first read, half view, blur)."""

    def __init__(self, by_view: dict[str, dict[int, tuple[str, float]]]) -> None:
        self.by_view, self.calls = by_view, []

    def read_crops(self, crops):
        view = "half" if crops and crops[0].shape[0] == 10 else "blur"
        self.calls.append((view, len(crops)))
        return [self.by_view[view][(int(c[0, 0]) - 10) // 20] for c in crops]


def _crop(tag: int) -> np.ndarray:
    return np.full((20, 60), 10 + 20 * tag, np.uint8)  # uniform: every view keeps the tag


def test_only_unsure_values_are_read_again_and_a_confirming_view_settles_them():
    crops = [_crop(0), _crop(1), _crop(2), _crop(3)]
    first = [("≥95%", 0.99), ("数最指标", 0.5), ("-9596", 0.6), ("97.6%", 0.7)]
    engine = _Views({"half": {2: ("≥95%", 0.8), 3: ("97.6%", 0.8)}, "blur": {2: ("≥95", 0.7)}})
    out = coarse_reading.best_readings(crops, first, engine)
    assert engine.calls == [("half", 2), ("blur", 1)]   # words and sure lines are not re-read
    assert out[0] == first[0] and out[1] == first[1]
    assert out[2][0] == "≥95%" and out[2][1] < 0.8      # a value-shaped reading wins, in doubt (1 of 3 views)
    assert out[3] == ("97.6%", 0.8)                      # two views agree: the surer one, still unsure
