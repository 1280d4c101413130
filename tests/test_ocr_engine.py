"""OCR engines: offline model loading, caching, batched recognition of line crops."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.engine import ModelMissingError, OcrEngine, RapidOcrEngine, get_engine
from jixiao.extractors.ocr.raster import render_gray

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return get_engine()


@pytest.fixture(scope="module")
def title_strip() -> np.ndarray:
    """The top of a digital sample page at 200 dpi: its title line and nothing of the table."""
    path = SAMPLES / "001_wuwei.pdf"
    if not path.exists():
        pytest.skip("samples not generated")
    gray = render_gray(pdfium.PdfDocument(path)[0], 200)
    return gray[: gray.shape[0] // 8]


def test_engine_is_cached_per_process(engine):
    assert get_engine() is engine
    assert get_engine("rapidocr") is engine
    assert isinstance(engine, OcrEngine)


def test_unknown_engine_name_is_refused():
    with pytest.raises(ValueError, match="unknown OCR engine"):
        get_engine("tesseract")


def test_missing_model_file_is_named_not_downloaded(tmp_path):
    with pytest.raises(ModelMissingError, match="PP-OCRv6_det_small.onnx"):
        RapidOcrEngine(model_dir=tmp_path)


def test_whole_image_recognition_reads_the_title(engine, title_strip):
    lines = engine.recognize(title_strip)
    text = "".join(line.text for line in lines)
    assert "绩效自评表" in text
    for line in lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= title_strip.shape[1] and 0 <= y0 < y1 <= title_strip.shape[0]
        assert 0.0 <= line.score <= 1.0


def test_detected_boxes_give_the_same_text_through_batched_crops(engine, title_strip):
    boxes = engine.detect(title_strip)
    assert boxes
    crops = [title_strip[int(y0):int(y1) + 1, int(x0):int(x1) + 1] for x0, y0, x1, y1 in boxes]
    batched = engine.read_crops(crops)
    whole = {line.text for line in engine.recognize(title_strip)}
    assert len(batched) == len(crops)
    assert {t for t, _ in batched if t} == whole


def test_short_crops_keep_their_decimal_point(engine):
    """Narrow crops are padded to at least twice their height; unpadded, "1.05" read as "105"."""
    import cv2

    img = np.full((40, 90), 255, np.uint8)
    cv2.putText(img, "1.05", (4, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2, cv2.LINE_AA)
    (text, score), = engine.read_crops([img])
    assert text == "1.05" and score > 0.8


@pytest.mark.skipif(importlib.util.find_spec("paddleocr") is None, reason="paddleocr not installed")
def test_paddle_engine_reads_the_title(title_strip):  # pragma: no cover - optional extra
    lines = get_engine("paddle").recognize(title_strip)
    assert "绩效自评表" in "".join(line.text for line in lines)


def test_batches_group_by_width_within_limits():
    from jixiao.extractors.ocr.engine import MIN_REC_RATIO, REC_BATCH, REC_BATCH_WIDTH, recogniser_batches

    ratios = [0.5, 12.0, 3.0, 40.0, 1.0, 7.5, 2.2, 25.0, 3.3, 1.1, 9.0, 60.0]
    batches = recogniser_batches(ratios)
    assert sorted(i for b in batches for i in b) == list(range(len(ratios)))
    for batch in batches:
        widest = max(max(MIN_REC_RATIO, ratios[i]) for i in batch)
        assert len(batch) <= REC_BATCH
        assert len(batch) == 1 or widest * len(batch) <= REC_BATCH_WIDTH
    # Narrow crops share batches; a very long line goes alone.
    assert any(len(b) > 1 for b in batches) and [11] in batches


def test_only_long_lines_are_squeezed_for_recognition():
    from jixiao.extractors.ocr.engine import LONG_LINE_RATIO, LONG_LINE_SQUASH, rec_ratio

    short = np.zeros((30, 120), np.uint8)  # a number cell: 4 heights wide
    long = np.zeros((30, 600), np.uint8)   # a line of running text: 20 heights
    assert rec_ratio(short) == pytest.approx(4.0)
    assert rec_ratio(long) == pytest.approx(20.0 * LONG_LINE_SQUASH)
    assert rec_ratio(long) < 20.0 and 20.0 > LONG_LINE_RATIO > 4.0


def test_squeezed_long_line_still_reads_right(engine, title_strip):
    """The title line is wider than LONG_LINE_RATIO heights, so it is read squeezed."""
    from jixiao.extractors.ocr.engine import LONG_LINE_RATIO, rec_ratio

    boxes = [b for b in engine.detect(title_strip) if (b[2] - b[0]) > LONG_LINE_RATIO * (b[3] - b[1])]
    crops = [title_strip[int(y0):int(y1) + 1, int(x0):int(x1) + 1] for x0, y0, x1, y1 in boxes]
    assert crops and all(rec_ratio(c) < c.shape[1] / c.shape[0] for c in crops)
    assert any("绩效自评表" in text for text, _ in engine.read_crops(crops))


def test_openvino_widths_and_batches_fall_in_few_buckets():
    from jixiao.extractors.ocr.engine import REC_WIDTH_BUCKETS, _pad_batch, bucket_ratio

    assert bucket_ratio(2.0) == 2.0 and bucket_ratio(2.01) == 2.5 and bucket_ratio(70.0) == 70.0
    widths = {bucket_ratio(r / 10) for r in range(20, 640)}
    assert widths <= set(REC_WIDTH_BUCKETS)
    assert all(bucket_ratio(r / 10) <= 1.28 * r / 10 for r in range(20, 640))  # ≤ 28 % padding
    assert [len(_pad_batch(np.zeros((n, 3, 48, 96), np.float32))) for n in range(1, 9)] == [1, 2, 4, 4, 8, 8, 8, 8]


def test_unknown_or_missing_runtime_is_refused():
    from jixiao.extractors.readers import ReadOptions

    with pytest.raises(ValueError, match="unknown OCR runtime"):
        get_engine("rapidocr", "tensorrt")
    with pytest.raises(ValueError):
        ReadOptions(ocr_runtime="tensorrt")
    if importlib.util.find_spec("openvino") is None:
        with pytest.raises(ValueError, match="pip install 'jixiao\\[openvino\\]'"):
            ReadOptions(ocr_runtime="openvino")


def test_openvino_recogniser_reads_the_crops_onnxruntime_reads(engine, title_strip):
    """The accuracy gate on a small scale: the same detected lines give the same text on both runtimes."""
    pytest.importorskip("openvino")
    boxes = engine.detect(title_strip)
    crops = [title_strip[int(y0):int(y1) + 1, int(x0):int(x1) + 1] for x0, y0, x1, y1 in boxes]
    openvino = get_engine("rapidocr", "openvino")
    assert openvino is not engine and openvino.runtime == "openvino"
    assert [t for t, _ in openvino.read_crops(crops)] == [t for t, _ in engine.read_crops(crops)]


def test_greedy_readings_are_rapidocrs_own_decoding(engine):
    """The readings decoded from one arg-max pass are RapidOCR's decoder's, text and confidence."""
    rng = np.random.default_rng(7)
    labels = len(engine.characters)
    logits = rng.normal(size=(3, 40, labels)).astype(np.float32)
    logits[:, ::3, 0] += 6.0  # blanks between glyphs, as a CTC matrix has them
    logits[:, 1::3, 1:200] += 4.0
    preds = np.exp(logits) / np.exp(logits).sum(axis=2, keepdims=True)
    ratios = [2.0, 3.5, 5.0]
    expected, _ = engine._rec.postprocess_op(preds, False, wh_ratio_list=ratios, max_wh_ratio=5.0)
    assert engine._greedy_lines(preds, ratios, 5.0) == expected
    assert all(text for text, _ in expected)  # the matrix spelt something: the comparison is not vacuous


def test_crop_probabilities_are_handed_over_as_asked(engine, title_strip):
    """Without ``compact`` a crop's probabilities are its own copy; with it, what ``compact`` makes of
    its rows of the batch (read in place, no copy)."""
    crop = title_strip[:, : title_strip.shape[1] // 2]
    (_, _, probs), = engine.read_crops_probs([crop])
    assert probs.flags.owndata and probs.shape[1] == len(engine.characters)
    (_, _, rows), = engine.read_crops_probs([crop], compact=lambda view: view)
    assert not rows.flags.owndata and np.array_equal(rows, probs)


def test_a_grey_crop_reaches_the_recogniser_as_its_bgr_copy_would():
    """A grey crop is scaled on its one channel and normalised by table lookup: the model's input is
    bit for bit that of the crop turned to BGR first and normalised pixel by pixel ((v / 255 - 0.5) / 0.5),
    on line-sized pieces of a fax page (smoothed 1-bit print, grey edges) and their half-size views."""
    import math

    import cv2

    from jixiao.extractors.ocr.engine import REC_HEIGHT, _normalise_crop, rec_ratio

    path = SAMPLES / "130_hezhou_forest_fax100.pdf"
    if not path.exists():
        pytest.skip("samples not generated")
    gray = cv2.GaussianBlur(render_gray(pdfium.PdfDocument(path)[0], 200), (0, 0), 1.0)
    rng = np.random.default_rng(3)
    for _ in range(60):
        h, w = int(rng.integers(12, 70)), int(rng.integers(6, 500))
        y, x = int(rng.integers(0, gray.shape[0] - h)), int(rng.integers(0, gray.shape[1] - w))
        for crop in (gray[y:y + h, x:x + w], cv2.resize(gray[y:y + h, x:x + w], None, fx=0.5, fy=0.5,
                                                        interpolation=cv2.INTER_AREA)):
            ratio = rec_ratio(crop)
            max_ratio = max(2.0, ratio) * 1.2
            width = int(math.ceil(REC_HEIGHT * max_ratio))
            scaled = cv2.resize(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR),
                                (max(min(width, int(math.ceil(REC_HEIGHT * ratio))), 1), REC_HEIGHT))
            expected = np.zeros((3, REC_HEIGHT, width), dtype=np.float32)
            expected[:, :, :scaled.shape[1]] = (scaled.astype(np.float32).transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
            assert np.array_equal(_normalise_crop(crop, ratio, max_ratio), expected)
            assert np.array_equal(_normalise_crop(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR), ratio, max_ratio), expected)
