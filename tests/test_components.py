"""Connected components labelled in 16 bits (extractors/ocr/components.py): the same as OpenCV's
32-bit labelling on a fax page, and a mask with more components than 16 bits number still labelled."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.components import components, components_with_stats
from jixiao.extractors.ocr.raster import ink_mask, render_gray

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_a_fax_pages_ink_labels_as_in_32_bits():
    """A 100 dpi fax page's ink (print, rules and speckle: thousands of pieces) gives the same count,
    labels, stats and centroids as OpenCV's 32-bit labelling, in 16-bit labels."""
    path = SAMPLES / "130_hezhou_forest_fax100.pdf"
    if not path.exists():
        pytest.skip("samples not generated")
    ink = ink_mask(render_gray(pdfium.PdfDocument(path)[0], 200))
    count, labels, stats, centroids = components_with_stats(ink)
    want = cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_32S)
    assert count == want[0] > 1000
    assert labels.dtype == np.uint16
    assert np.array_equal(labels, want[1]) and np.array_equal(stats, want[2]) and np.array_equal(centroids, want[3])
    assert components(ink)[0] == count


def test_more_components_than_16_bits_number_are_labelled_in_32():
    """A page of isolated dots (over 65,535 of them) is labelled all the same, in 32-bit labels."""
    dots = np.zeros((1200, 1200), np.uint8)
    dots[::4, ::4] = 255
    count, labels, stats, _ = components_with_stats(dots)
    assert count == 300 * 300 + 1
    assert labels.dtype == np.int32 and labels[1196, 1196] == count - 1
    assert (stats[1:, cv2.CC_STAT_AREA] == 1).all()
    assert components(dots)[0] == count
