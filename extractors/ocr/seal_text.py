"""The unit's name along a seal's arc, read by unwrapping the ring.

A seal's name runs round its upper arc, each character upright toward the
centre. In polar coordinates about the seal's centre (angle across, radius
down from the ring) that arc becomes a straight line of upright characters,
which the line recogniser reads like any other. The seal may be stamped at
any turn: the bottom of a seal carries no arc text (only 专用章 and the
star's point), so the widest angular gap without ink in the text band marks
the bottom, and the unwrapped strip is rolled to start there.

Input is the seal's own ink, separated from the print: on a colour page the
red channel minus the green one (red ink is bright in red, dark in green;
black print is dark in both) combined with the brightness's sharper detail, on a grey page the mid-grey of the ring
without the darker print.
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from jixiao.extractors.ocr.engine import REC_HEIGHT, OcrEngine

#: Share of the ring's radius the arc text occupies, inward from the ring's inner edge
#: (official seals: characters about a quarter of the radius high, close to the ring).
TEXT_BAND = (0.62, 0.93)
#: Ink strength (0–1) counted as seal ink when looking for the ring and the gap.
INK = 0.25
#: Readings below this confidence are not reported (their confidence is). On the tune seals a
#: reading right but for one character scored 0.93 and more, guesses at illegible arcs 0.34–0.67.
MIN_CONFIDENCE = 0.8
#: A seal stamped over another is read through the other's ink where they overlap: a character lost
#: there reads as a sure shorter name (测试县农业农村局 read 测试县农农村局 at 0.999 on a tune print
#: stamped twice, the seals half over each other), so its reading is never above this, and like any
#: reading below ``MIN_CONFIDENCE`` it is not reported (the arc's readings are kept for the record).
OVERLAPPED_CONFIDENCE = 0.5


def _text_band(ink: np.ndarray, cx: float, cy: float) -> tuple[float, float, float]:
    """(ring radius, inner and outer radius of the arc text band).

    The ring is the outermost circle inked all round; the text band ends just
    inside the ring's inner edge (where its ink falls below half the peak) and
    reaches inward by the share TEXT_BAND of the radius.
    """
    h, w = ink.shape
    max_r = min(cx, cy, w - cx, h - cy)
    polar = cv2.warpPolar(ink, (int(max_r), 360), (cx, cy), max_r, cv2.WARP_POLAR_LINEAR)
    profile = (polar > INK).mean(axis=0)
    strong = np.flatnonzero(profile >= 0.5 * profile.max())
    if not strong.size:
        return max_r, TEXT_BAND[0] * max_r, TEXT_BAND[1] * max_r
    ring = int(strong.max())
    edge = ring
    while edge > 0 and profile[edge - 1] >= 0.5 * profile[ring]:
        edge -= 1
    radius = float(ring + 1)
    outer = min(float(edge), TEXT_BAND[1] * radius)
    return radius, outer - (TEXT_BAND[1] - TEXT_BAND[0]) * radius, outer


def unwrap(ink: np.ndarray) -> np.ndarray | None:
    """The arc text band as a straight strip (ink dark on white), bottom gap at the ends."""
    if ink.size == 0 or ink.max() <= INK:
        return None
    strong = ink[ink > 0.05]
    ink = np.clip(ink / max(float(np.percentile(strong, 95)), INK), 0.0, 1.0)  # faint photo ink at full strength
    ys, xs = np.nonzero(ink > INK)
    cx, cy = (xs.min() + xs.max()) / 2.0, (ys.min() + ys.max()) / 2.0
    radius, inner, outer = _text_band(ink, cx, cy)
    mid = (inner + outer) / 2.0
    angles = max(360, int(round(2 * math.pi * mid)))
    polar = cv2.warpPolar(ink, (int(math.ceil(radius)), angles), (cx, cy), radius,
                          cv2.WARP_POLAR_LINEAR | cv2.INTER_LINEAR)
    band = polar[:, int(inner):int(math.ceil(outer))]           # rows: angle (clockwise), cols: radius
    if band.size == 0:
        return None  # no band between the ring and the centre's mark (a blot, not a seal's arc): nothing to read
    start = _bottom_gap(band > INK)
    band = np.roll(band, -start, axis=0)
    strip = band.T[::-1]                                          # rows: radius, outer edge on top
    return np.clip(255.0 * (1.0 - strip / max(float(strip.max()), 1e-6)), 0, 255).astype(np.uint8)


#: An angle is bare when less than this share of the text band is inked there, and
#: inked interruptions of a bare run narrower than this share of the circle (a table
#: rule crossing the seal, a speck) are bridged.
BARE_SHARE = 0.08
BRIDGE_SHARE = 0.03


def _bottom_gap(band_ink: np.ndarray) -> int:
    """Row (angle) at the middle of the widest run of bare angles in the band."""
    bare = band_ink.mean(axis=1) < BARE_SHARE
    n = bare.size
    if bare.all() or not bare.any():
        return int(round(n / 4))  # warpPolar's angle 90° is the bottom of an unturned seal
    bridge = max(1, int(round(BRIDGE_SHARE * n)))
    closed = cv2.morphologyEx(np.tile(bare, 3).astype(np.uint8)[None, :], cv2.MORPH_CLOSE,
                              np.ones((1, bridge), np.uint8))[0, n:2 * n].astype(bool)
    if closed.all():
        return int(round(n / 4))
    doubled = np.concatenate([closed, closed])
    best_len, best_mid, run = 0, 0, 0
    for i, e in enumerate(doubled):
        run = run + 1 if e else 0
        if run > best_len and run <= n:
            best_len, best_mid = run, i - run // 2
    return best_mid % n


def _trimmed(strip: np.ndarray) -> np.ndarray:
    """The strip cut to its longest run of ink (gaps under 0.6 of its height bridged),
    with a margin of a quarter of its height: the label under the star can reach into
    the band near the bottom, well apart from the name."""
    cols = np.flatnonzero((strip < 160).sum(axis=0) >= 2)
    if cols.size == 0:
        return strip
    height = strip.shape[0]
    breaks = np.flatnonzero(np.diff(cols) > 0.6 * height)
    starts = np.concatenate(([cols[0]], cols[breaks + 1]))
    ends = np.concatenate((cols[breaks], [cols[-1]]))
    i = int(np.argmax(ends - starts))
    pad = height // 4
    return strip[:, max(starts[i] - pad, 0):ends[i] + pad + 1]


#: Widths the strip is read at (times its height-scaled width): an arc of many characters
#: squeezes each one narrow; characters the recogniser is unsure of change with the width.
STRETCHES = (1.0, 1.3, 1.6)


def _medoid(readings: list[tuple[str, float]]) -> tuple[str, float]:
    """The reading that agrees best with the others, and its support: the mean over all readings
    of score × similarity to it, times the share of readings as long as it, times the backing of
    its least backed character when no majority backs it. A seal read alike at every width keeps
    its score; readings that disagree (guesses at blurred or cut characters) come out with a low
    confidence. Readings that disagree on how many characters the arc holds mean one of them
    dropped or invented a character, which a majority cannot settle (squeezed characters of a
    long name: 美丽乡村 read 美丽村 at two widths of three, each at 0.93 or more). A character
    that each width reads differently is a guess however sure the rest of the name is (例 read
    纳, 澳 and 伪 at three widths, each reading at 0.87 or more), and so is a name pieced together
    from several characters each read otherwise at some width (:func:`_contested_whole`)."""
    from rapidfuzz.distance import Levenshtein

    texts = [t for t, _ in readings]
    support = [sum(score * Levenshtein.normalized_similarity(t, other) for other, score in readings) / len(readings)
               for t in texts]
    best = int(np.argmax(support))
    same_length = sum(len(t) == len(texts[best]) for t in texts) / len(texts)
    backing = _least_backing(texts[best], texts)
    unsure_character = backing if backing <= 0.5 or _contested_whole(texts[best], texts) else 1.0
    return texts[best], float(support[best]) * same_length * unsure_character


def _contested_whole(text: str, texts: list[str]) -> bool:
    """Whether the reading is a patchwork: two or more of its characters are read otherwise at some
    width, and no majority of the readings reads it whole (临沧市永德县 read 临沧市永德具, 临沧商永德具 and
    临沧商永德贝: each character has a majority, the name as chosen was read once)."""
    contested = set().union(*(_changed(text, other) for other in texts))
    return len(contested) >= 2 and 2 * texts.count(text) <= len(texts)


def _least_backing(text: str, texts: list[str]) -> float:
    """The least share of the readings that keep a character of `text` as it is (a reading that
    inserts characters elsewhere still backs the ones it keeps; 1.0 for an empty text)."""
    if not text:
        return 1.0
    kept = np.zeros(len(text))
    for other in texts:
        changed = _changed(text, other)
        kept += [i not in changed for i in range(len(text))]
    return float(kept.min()) / len(texts)


def _changed(text: str, other: str) -> set[int]:
    """Positions of ``text`` that ``other`` reads otherwise or drops."""
    from rapidfuzz.distance import Levenshtein

    return {op.src_pos for op in Levenshtein.editops(text, other) if op.tag in ("replace", "delete")}


def read_seal_arc(ink: np.ndarray | None, engine: OcrEngine, overlapped: bool = False) -> tuple[str, float, list[str]]:
    """:func:`read_arc` of a seal's ink (nothing for a seal without it), doubted where another seal's
    ink overlaps it (``OVERLAPPED_CONFIDENCE``)."""
    if ink is None:
        return "", 0.0, []
    text, confidence, readings = read_arc(ink, engine)
    if overlapped:
        return "", min(confidence, OVERLAPPED_CONFIDENCE), readings
    return text, confidence, readings


def read_arc_text(ink: np.ndarray, engine: OcrEngine) -> tuple[str, float]:
    """(text, confidence) of a seal's arc; ("", confidence) when it could not be read with confidence."""
    text, confidence, _ = read_arc(ink, engine)
    return text, confidence


def read_arc(ink: np.ndarray, engine: OcrEngine) -> tuple[str, float, list[str]]:
    """:func:`read_arc_text`, with every reading of the arc (one per width in ``STRETCHES``): the
    recogniser's alternatives, which may back another spelling of a character it was unsure of."""
    strip = unwrap(ink.astype(np.float32))
    if strip is None:
        return "", 0.0, []
    strip = _trimmed(strip)
    if strip.shape[1] < strip.shape[0]:
        return "", 0.0, []
    scale = REC_HEIGHT / max(strip.shape[0], 1)
    crops = [cv2.resize(strip, None, fx=scale * stretch, fy=scale,
                        interpolation=cv2.INTER_AREA if scale * stretch < 1 else cv2.INTER_LINEAR)
             for stretch in STRETCHES]
    readings = [(text.strip(), float(score)) for text, score in engine.read_crops(crops)]
    text, confidence = _medoid(readings)
    alternatives = [t for t, _ in readings]
    return (text, confidence, alternatives) if text and confidence >= MIN_CONFIDENCE else ("", confidence, alternatives)


def red_seal_ink(rgb_patch: np.ndarray) -> np.ndarray:
    """Seal ink strength (0–1) on a colour patch: how red a pixel is and how dark, together.

    Red minus green alone is seal ink without print (black print is dark in both), but
    JPEG keeps colour at half the resolution of brightness, so on photos and compressed
    scans it blurs the strokes together. Brightness has the full detail but also holds the
    print. Their geometric mean keeps the sharp strokes of brightness where the colour says
    red ink, and stays near 0 on print and paper.
    """
    rgb = rgb_patch.astype(np.float32)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    redness = np.clip((r - g) / 160.0, 0.0, 1.0)
    solid = redness > 0.5
    if not solid.any():
        return redness
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    paper, seal = float(np.percentile(luma, 95)), float(np.median(luma[solid]))
    darkness = np.clip((paper - luma) / max(paper - seal, 1.0), 0.0, 1.0)
    return np.sqrt(darkness * redness)


def grey_seal_ink(patch: np.ndarray, paper: float, cut: float) -> np.ndarray:
    """Seal ink strength on a grey patch: grey between the print's cut and the paper."""
    p = patch.astype(np.float32)
    strength = np.clip((paper - p) / max(paper - cut, 1.0), 0.0, 1.0)
    strength[p <= cut] = 0.0
    return strength
