"""Official seals (公章): find them, keep them as evidence, and lift them off the print.

A seal stamped over the score column turns "7" into "77" and cuts names in
half when its strokes reach a cell. Seal ink is red, print is black: in a
colour image the seal is the red, saturated, not-dark pixels, and the red
channel alone shows black print with the seal almost gone (red ink is bright
in red light). Print under the seal stays dark in every channel, so it
survives.

A greyscale scan has lost the colour. There the seal is a ring of mid-grey
print about 4 cm across. Inside a found ring the seal's tone is divided out:
its strokes are wider than the print's, so a closing a little wider than a
print stroke gives the seal (and paper) without the print, and print over the
seal, divided by it, gets its own tone back (the inks multiply). What is left
of the seal (its thinnest strokes, the edges of the others) is faint ink that
never comes near a dark core, and becomes paper.

Each seal found is reported (its box on the upright page and its colour), so
an auditor can see which forms were stamped.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from jixiao.extractors.ocr.components import components, components_with_stats
from jixiao.extractors.ocr.faint_rules import ACROSS_IN
from jixiao.extractors.ocr.grid import MIN_H_RULE_IN, faint_rule_masks
from jixiao.extractors.ocr.illumination import flatten
from jixiao.extractors.ocr.raster import coloured_ink_lifted, ink_mask, levelled, paper_tone
from jixiao.extractors.ocr.seal_text import grey_seal_ink, red_seal_ink

#: Hue bands of red on OpenCV's 0–180 scale, and how vivid/bright red ink is.
RED_HUES = ((0, 12), (160, 180))
MIN_RED_SATURATION = 60
MIN_RED_VALUE = 40  # dark red in a shadow is still red; lifted to its red channel, not to paper
#: Inside a found seal, red this faint is the same ink where the stamp was worn or pale.
MIN_PALE_RED_SATURATION = 25
#: Official seals are 38–45 mm across; accept 25–60 mm.
SEAL_DIAMETER_MM = (25.0, 60.0)
#: A cluster of red ink up to this many seals across is searched for the rings of seals stamped over
#: or beside each other (:func:`_ring_boxes`); a wider one is no seal.
MAX_SEALS_ACROSS = 3
#: A seal-sized cluster this much longer one way than the other is searched for two rings: seals
#: stamped less than half a diameter apart join into a cluster within one seal's size (a round seal's
#: cluster is as tall as it is wide; one cut by the page's edge, found as one ring, stays one seal).
OUT_OF_ROUND = 1.15
#: Two rings whose centres lie closer than this share of a radius are one seal found twice: seals
#: stamped over each other by half their width lie a whole radius apart.
SAME_RING_SHARE = 0.5
#: Red pixels below this share of the page are annotations, not a seal.
MIN_SEAL_INK_SHARE = 0.0004
#: Under red ink, a pixel whose red channel keeps this share of the paper's red is seal only.
SEAL_RED_SHARE = 0.7
#: Grey seals: a ring must be inked along this share of its circumference, and
#: by this much more than the bands just inside and outside it.
MIN_RING_SUPPORT = 0.8
MIN_RING_CONTRAST = 0.4
#: ... and this share of its circumference must lie on the page (a seal stamped at the page's top
#: edge runs off it; a fifth or so off still leaves a ring to test).
MIN_RING_ON_PAGE = 0.6
#: Straight ink runs this long (mm) inside a seal are table rules, kept.
RULE_MIN_MM = 7.5
#: ... and thinner than this (mm); a seal's ring is about 1.5 mm wide.
RULE_MAX_WIDTH_MM = 0.7
#: Half the width of the band a seal's ring is looked for in (mm) around its radius.
RING_HALF_WIDTH_MM = 0.8
#: A straight run inside a seal is a table rule when it reaches this far (mm) beyond the ring's
#: radius: clear of the ring's own ink (about 1.5 mm wide, blurred), short of the patch's edge.
RING_CLEAR_MM = 1.2
#: Grey seals are lifted this far (mm) beyond the ring's radius: half the ring's width plus
#: the centre's uncertainty (Hough runs on a quarter-size copy). At 1.5 mm the outer edge of
#: a ring spilled past the lifted disc on one side and stood as a column rule in a cell.
LIFT_MARGIN_MM = 2.0
#: The seal's tone is taken as the page's closing over this width (mm): wider than a print stroke
#: at 10–12 pt (about 0.3–0.45 mm, blurred by a 150 dpi scan), narrower than most of a seal's
#: (ring about 1.5 mm, arc text 0.6–1 mm). On the tune pages 0.5 mm left seal strokes in cells and
#: 0.8 mm took thin print with the seal ("10" read "111"). The kernel is an odd number of pixels, the
#: width rounded then made odd: 5 px at 150 and 200 dpi (0.85 and 0.64 mm), 9 px at 300 dpi (0.76 mm),
#: so widths near this one differ only at the resolutions where their pixel counts do.
SEAL_STROKE_MM = 0.64
#: After the seal is divided out, ink counts when it is this share of the way from paper to print ...
FAINT_INK_SHARE = 0.15
#: ... and a stroke of it is print when it holds a pixel at least halfway from paper to print (its
#: core), or comes this close (mm) to one: a decimal point beside its digits is as faint as the
#: seal's leftovers at 150 dpi, but it sits by them.
CORE_REACH_MM = 0.5
#: Hough runs on a copy of the page this size.
HOUGH_SCALE = 0.25
#: A dense table's rules vote for circles of seal size, and the strongest of them keep Hough from
#: proposing any other circle within a seal's width: a pale ring over a table's right-hand columns
#: was never a candidate (a fresh set's stamped 150 dpi grey scan: fourteen circles, none on the seal).
#: The page is searched again with its rules this long (mm) painted out, and the circles found there
#: that are not rings already found are tested as well; the seal was then the one circle proposed.
HIDING_RULE_MM = 10.0
#: Hough candidates checked per page, in the order of their votes.
MAX_CANDIDATES = 8
#: Beyond those, candidates (up to this many in all) are checked only when a ring is inked
#: along ``MIN_RING_SUPPORT`` of the circle at their own centre: a dense table's rules and
#: columns vote for many circles of seal size. Measured on a fresh grey 150 dpi stamped scan
#: (seed 131, tune): the seal came tenth, its ring inked all round (support 1.0), the nine
#: before it at 0.33–0.47.
MAX_RINGED_CANDIDATES = 32


@dataclass(frozen=True)
class SealMark:
    """A seal on a page image: pixel box, mean ink colour (hex) and how it was seen."""

    box: tuple[int, int, int, int]
    colour: str
    seen_as: str  # "red ink" | "grey ring"
    #: The seal's own ink over its box (0–1, print left out), for reading its arc text.
    ink: np.ndarray | None = field(default=None, compare=False, repr=False)
    #: Stamped over or beside another seal whose ink joins its own: its arc may run through the other's.
    overlapped: bool = False


def _mm_to_px(mm: float, dpi: float) -> float:
    return mm / 25.4 * dpi


def red_ink_mask(rgb: np.ndarray, min_saturation: int = MIN_RED_SATURATION) -> np.ndarray:
    """255 where a pixel is red ink (seal, red pen), 0 elsewhere."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = np.zeros(hue.shape, dtype=bool)
    for lo, hi in RED_HUES:
        red |= (hue >= lo) & (hue <= hi)
    return (red & (sat >= min_saturation) & (val >= MIN_RED_VALUE)).astype(np.uint8) * 255


def with_pale_seal_ink(rgb: np.ndarray, red: np.ndarray, marks: list[SealMark]) -> np.ndarray:
    """The red-ink mask with, inside each found seal, its faint red as well.

    A stamp inks unevenly: its worn or lightly pressed strokes are pink, below the
    saturation that finds red ink on a page. Left out of the mask they stay on the
    grey page as light strokes beside the print (a stroke of "秦" next to a score of
    7 read as "57"). Only inside a seal found by its vivid ink is faint red taken for
    seal ink (hysteresis), and lifting turns a pixel into its own red channel, in
    which black print stays dark, so print there is not lost.
    """
    if not marks:
        return red
    pale = red_ink_mask(rgb, MIN_PALE_RED_SATURATION)
    out = red.copy()
    for x0, y0, x1, y1 in (m.box for m in marks):
        out[y0:y1, x0:x1] |= pale[y0:y1, x0:x1]
    return out


def _hex(rgb: np.ndarray, mask: np.ndarray) -> str:
    r, g, b = (int(v) for v in np.median(rgb[mask > 0], axis=0)) if mask.any() else (0, 0, 0)
    return f"#{r:02x}{g:02x}{b:02x}"


def red_seals(rgb: np.ndarray, red: np.ndarray, dpi: float) -> list[SealMark]:
    """Seal-sized clusters of red ink, and the seals of a cluster a few seals wide, found by their rings."""
    if red.mean() / 255.0 < MIN_SEAL_INK_SHARE:
        return []
    lo, hi = (_mm_to_px(mm, dpi) for mm in SEAL_DIAMETER_MM)
    k = max(3, int(_mm_to_px(3.0, dpi)) | 1)
    joined = cv2.dilate(red, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    count, _, stats, _ = components_with_stats(joined)
    marks = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if min(w, h) < 0.5 * lo or max(w, h) < lo:
            continue
        cluster = (int(x), int(y), int(x + w), int(y + h))
        if max(w, h) <= hi + k:
            # a seal-sized cluster out of round may be two seals stamped nearly over each other
            rings = _rings_in_cluster(red, cluster, dpi) if max(w, h) > OUT_OF_ROUND * min(w, h) else []
            if len(rings) < 2:
                marks.append(SealMark(cluster, _hex(rgb[y:y + h, x:x + w], red[y:y + h, x:x + w]), "red ink",
                                      red_seal_ink(rgb[y:y + h, x:x + w])))
                continue
        elif max(w, h) <= MAX_SEALS_ACROSS * (hi + k):
            rings = _rings_in_cluster(red, cluster, dpi)
        else:
            continue
        # one ring in a cluster wider than a seal: other red ink (a second stamp) joins it, in its disc too
        marks += [_ring_mark(rgb, red, ring, dpi, overlapped=len(rings) == 1 or _overlapping(i, rings))
                  for i, ring in enumerate(rings)]
    return marks


def _ring_mark(rgb: np.ndarray, red: np.ndarray, ring: tuple[float, float, float], dpi: float,
               overlapped: bool) -> SealMark:
    """A seal found by its ring in a cluster of red ink: its box, and its own ink inside the ring (a
    neighbouring seal's ink outside it left out of the arc text)."""
    cx, cy, r = ring
    reach = r + _mm_to_px(LIFT_MARGIN_MM, dpi)
    height, width = red.shape[:2]
    x0, y0 = max(int(cx - reach), 0), max(int(cy - reach), 0)
    x1, y1 = min(int(cx + reach) + 1, width), min(int(cy + reach) + 1, height)
    patch = rgb[y0:y1, x0:x1]
    yy, xx = np.mgrid[y0:y1, x0:x1]
    disc = np.hypot(xx - cx, yy - cy) <= reach
    return SealMark((x0, y0, x1, y1), _hex(patch, red[y0:y1, x0:x1]), "red ink", red_seal_ink(patch) * disc,
                    overlapped=overlapped)


def _rings_in_cluster(red: np.ndarray, cluster: tuple[int, int, int, int], dpi: float
                      ) -> list[tuple[float, float, float]]:
    """The seal rings (centre x, y and radius on the page) in a cluster of red ink wider than one
    seal: seals stamped over or beside each other (a unit's and its 主管部门's) join into one
    cluster, which as a whole is no seal, and its ink would stay on the page. Each ring is found
    as a grey seal's is (Hough candidates, a ring inked all round that stands out from the bands
    beside it); a ring whose centre lies within ``SAME_RING_SHARE`` of a radius from one already
    found is the same seal."""
    x0, y0, _, _ = cluster
    ink = red[cluster[1]:cluster[3], cluster[0]:cluster[2]] > 0
    lo, hi = (_mm_to_px(mm, dpi) / 2 for mm in SEAL_DIAMETER_MM)
    scale = 0.25
    small = cv2.GaussianBlur(cv2.resize(ink.astype(np.uint8) * 255, None, fx=scale, fy=scale,
                                        interpolation=cv2.INTER_AREA), (5, 5), 1.2)
    circles = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=lo * scale / 2, param1=100, param2=30,
                               minRadius=int(lo * scale), maxRadius=int(hi * scale))
    rings: list[tuple[float, float, float]] = []
    for cx, cy, r in (circles[0][:MAX_CANDIDATES] / scale if circles is not None else ()):
        found = _centred_ring(ink, cx, cy, r, dpi, slack=3 / scale)
        if found is None:
            continue
        fx, fy, (radius, _, _) = found
        if not _same_ring(fx, fy, radius, rings):
            rings.append((fx, fy, radius))
    return [(x0 + cx, y0 + cy, r) for cx, cy, r in rings]


def lift_red_ink(rgb: np.ndarray, red: np.ndarray, marks: Sequence[SealMark] = (), dpi: int = 0) -> np.ndarray:
    """Grey page with red ink gone: the red channel where the ink (and its fringe) is, luminance elsewhere.

    With the page's seals (``marks``, at ``dpi``), the hairline rules of a table under a
    seal are drawn back (:func:`hairlines_under_seals`): lifted as seal ink, a seal over
    the score column took the rules between its rows away and merged their cells.
    """
    if marks and dpi <= 0:
        raise ValueError("the seals' hairlines are looked for at the page's dpi: pass dpi with marks")
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if not red.any():
        return gray
    channel = rgb[..., 0].astype(np.float32)
    red_channel = levelled(channel, gray)
    raw = red_channel.copy()
    # seal ink alone keeps most of the paper's red; print (alone or under the seal) loses it
    red_channel[channel >= SEAL_RED_SHARE * paper_tone(channel)] = int(paper_tone(gray))
    fringe = cv2.dilate(red, np.ones((5, 5), np.uint8)) > 0
    if marks:
        rules = hairlines_under_seals(raw, fringe, marks, dpi)
        # on the rule's line the seal's own ink, however dark, is the rule's; print keeps its ink
        over = (rules > 0) & ((red > 0) | (rules < red_channel))
        red_channel[over] = rules[over]
    return coloured_ink_lifted(gray, red_channel, red)


def hairlines_under_seals(red_channel: np.ndarray, lifted: np.ndarray, marks: Sequence[SealMark],
                          dpi: int) -> np.ndarray:
    """The hairline rules of a table where they cross a seal, in their own tone (0 elsewhere).

    A Writer table prints its rules as grey hairlines, no darker than a seal's own
    ink in the red channel, so the lift took them for seal ink and a seal over the
    score column took the rules between its rows away (their cells merged). A rule
    seen on the paper on both sides of the seal (:mod:`faint_rules`, in the red
    channel) is followed across it when its line is still there: darker than the
    rows beside it all along the crossing, under the seal's ink (the inks multiply)
    as between its strokes (:func:`_rule_across`). The rule is drawn back in the
    tone it has where it is seen.
    """
    # a shadow or the lamp's fall-off darkens the paper more than a hairline: the rules are
    # looked for, and their lines measured, on the channel with its light evened
    even, _ = flatten(red_channel, dpi, force=True)
    # the whole page is searched: a faint rule is measured against the grain of bare paper,
    # and around a seal most of the "paper" is the seal's own ink
    faint = faint_rule_masks(even, ink_mask(even), dpi)
    runs = (faint.horizontal > 0, faint.vertical.T > 0)
    margin = round(MIN_H_RULE_IN * dpi)
    beside = max(2, round(ACROSS_IN * dpi / 2))
    drawn = np.zeros(red_channel.shape, dtype=np.uint8)
    for box in (m.box for m in marks):
        for turned, run in enumerate(runs):
            x0, y0, x1, y1 = box if not turned else (box[1], box[0], box[3], box[2])
            height, width = run.shape
            near = np.s_[max(y0, 0):min(y1, height), max(x0 - margin, 0):min(x1 + margin, width)]
            under, measured, tones = (v[near] if not turned else v.T[near] for v in (lifted, even, red_channel))
            out = drawn[near] if not turned else drawn.T[near]  # views: written in place
            _rule_across(run[near] & ~under, under, measured, tones, beside, out)
    return drawn


def _rule_across(ends: np.ndarray, under: np.ndarray, channel: np.ndarray, tones: np.ndarray, beside: int,
                 out: np.ndarray) -> None:
    """Along each pixel row, draw the rule (in ``out``) over the seal-inked pixels between two
    pieces of it seen beside the seal, where its line is still there, in the tone (``tones``)
    the rule has where it is seen.

    The line is there when it is darker than the rows ``beside`` pixels above and
    below it, by at least half as much as where the rule is seen, both over the
    seal-inked pixels between the pieces and over the bare ones: a rule that stops
    on paper (a merged cell) leaves the bare stretch no darker than its sides.
    """
    for y in np.flatnonzero(ends.any(axis=1)):
        if y < beside or y + beside >= ends.shape[0]:
            continue
        row = channel[y].astype(np.float32)
        depth = (channel[y - beside].astype(np.float32) + channel[y + beside]) / 2 - row
        xs = np.flatnonzero(ends[y])
        seen_depth = float(depth[xs].mean())
        if seen_depth <= 0:
            continue
        for i, (start, end) in enumerate(zip(xs[:-1] + 1, xs[1:])):
            hidden = under[y, start:end]
            if not hidden.any():
                continue
            parts = [depth[start:end][hidden], depth[start:end][~hidden]]
            if all(part.mean() >= seen_depth / 2 for part in parts if part.size):
                # the tone of the rule's nearest pieces: a shadow over the page changes it along the rule
                out[y, start:end][hidden] = int(np.median(tones[y, xs[max(i - 2, 0):i + 4]]))


def _on_page_share(shape: tuple[int, ...], cx: float, cy: float, r: float, samples: int = 360) -> float:
    """Share of a circle's circumference that lies on the page."""
    angles = np.linspace(0, 2 * np.pi, samples, endpoint=False)
    x, y = cx + r * np.cos(angles), cy + r * np.sin(angles)
    return float(((x >= 0) & (y >= 0) & (x < shape[1]) & (y < shape[0])).mean())


def _ring_support(ink: np.ndarray, cx: float, cy: float, r: float, samples: int = 360) -> float:
    """Share of a circle's circumference on the page that runs through ink (within ±2 px of the radius).

    A seal stamped at the page's edge runs off it: only the part on the page can
    show ink, so the share is of that part (:func:`_ring` asks for most of the
    circle to be on the page).
    """
    return float(_ring_supports(ink, np.array([cx]), np.array([cy]), np.array([r]), samples)[0])


def _ring_supports(ink: np.ndarray, cx: np.ndarray, cy: np.ndarray, r: np.ndarray, samples: int = 360
                   ) -> np.ndarray:
    """:func:`_ring_support` of many circles at once (the same sums, circle by circle): the search
    round a candidate's centre tries some 600 circles, and one at a time it cost a grey stamped
    page ~0.4 CPU s. The ink is looked up by flat index, its points off the page at pixel 0 (never counted:
    a hit needs the point on the page), a fifth less work than by row and column."""
    angles = np.linspace(0, 2 * np.pi, samples, endpoint=False)
    cos, sin = np.cos(angles)[None, :], np.sin(angles)[None, :]
    height, width = ink.shape
    flat = ink.ravel()
    hit = np.zeros((len(cx), samples), dtype=bool)
    seen = np.zeros((len(cx), samples), dtype=bool)
    for dr in (-2, -1, 0, 1, 2):
        x = np.round(cx[:, None] + (r[:, None] + dr) * cos).astype(int)
        y = np.round(cy[:, None] + (r[:, None] + dr) * sin).astype(int)
        inside = (x >= 0) & (y >= 0) & (x < width) & (y < height)
        seen |= inside
        at = y * width + x
        at[~inside] = 0
        hit |= inside & flat[at]
    counts = seen.sum(axis=1)
    return np.where(counts > 0, hit.sum(axis=1) / np.maximum(counts, 1), 0.0)


def _ring(ink: np.ndarray, cx: float, cy: float, r: float, dpi: float) -> tuple[float, float, float] | None:
    """The seal's ring near a candidate circle: (radius, support, contrast), or None.

    A seal's ring is inked all the way round, and the bands just inside and
    outside it are much emptier; a circle laid over a table crosses as much
    ink at any radius (rules, text), so its contrast is near zero.
    """
    if _on_page_share(ink.shape, cx, cy, r) < MIN_RING_ON_PAGE:
        return None
    step = max(1, round(_mm_to_px(0.25, dpi)))
    support, radius = _best_radius(ink, cx, cy, r, dpi)
    side = max(_ring_support(ink, cx, cy, radius - 7 * step), _ring_support(ink, cx, cy, radius + 7 * step))
    if support < MIN_RING_SUPPORT or support - side < MIN_RING_CONTRAST:
        return None
    return radius, support, support - side


def _centred_ring(ink: np.ndarray, cx: float, cy: float, r: float, dpi: float, slack: float
                  ) -> tuple[float, float, tuple[float, float, float]] | None:
    """The seal's ring near a Hough candidate, with its centre put right when it is off.

    Hough runs on a quarter-size copy, and on a seal cut by the page's edge its
    centre comes out pulled towards the page by a few quarter-size pixels, so the
    circle misses the ring. A faint ring over a dense table pulls it too, and its
    radius with it (towards the seal's arc text, a few mm inside the ring). When
    the candidate's own centre shows no ring, the centres within ``slack`` pixels
    are tried, each over the radii :func:`_ring` searches, and the circle that runs
    through most ink is tested. Returns (cx, cy, (radius, support, contrast)).
    """
    ring = _ring(ink, cx, cy, r, dpi)
    if ring is not None:
        return cx, cy, ring
    step = max(1.0, slack / 3)
    offsets = np.arange(-slack, slack + step / 2, step)
    trials = [(cx + dx, cy + dy, r + dr) for dx in offsets for dy in offsets for dr in _radius_steps(dpi)]
    xs, ys, rs = (np.array(column, dtype=float) for column in zip(*trials))
    supports = _ring_supports(ink, xs, ys, rs)
    _, bx, by, br = max((float(support), *trial) for support, trial in zip(supports, trials))
    ring = _ring(ink, bx, by, br, dpi)
    return (bx, by, ring) if ring is not None else None


def _best_radius(ink: np.ndarray, cx: float, cy: float, r: float, dpi: float) -> tuple[float, float]:
    """(support, radius) of the inkiest circle about (cx, cy) over the radii :func:`_ring` searches,
    the larger radius on a tie; measured in one batch."""
    radii = [r + d for d in _radius_steps(dpi)]
    supports = _ring_supports(ink, np.full(len(radii), cx, dtype=float), np.full(len(radii), cy, dtype=float),
                              np.array(radii, dtype=float))
    return max((float(support), radius) for support, radius in zip(supports, radii))


def _radius_steps(dpi: float) -> range:
    """Offsets (px) from a candidate's radius that :func:`_ring` searches for the ring."""
    step = max(1, round(_mm_to_px(0.25, dpi)))
    return range(-6 * step, 6 * step + 1, step)


def _straight_rules(ink: np.ndarray, length: int, thick: int, beyond: np.ndarray) -> np.ndarray:
    """Thin ink on straight horizontal or vertical runs of at least ``length`` pixels that reach
    ``beyond`` the seal's ring (table rules).

    Runs ``thick`` pixels or more across are the seal's ring where it runs
    nearly straight, not a rule. A table rule under a seal is a chord of it and
    runs on out of the ring; the seal's own straight-looking strokes stay inside
    (the flattest stretch of a faded ring, the axis of its filled star, a stroke of
    its text). Kept, those became rules of the grid and cut a cell in two ("8.57"
    read as "8" and "57"). Each direction is tested apart: a stray vertical run
    touching a true horizontal rule is not a rule for that.
    """
    ink8 = ink.astype(np.uint8) * 255
    h = cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    h &= ~cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, thick)))
    v = cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    v &= ~cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (thick, 1)))
    runs = _reaching(h, beyond) | _reaching(v, beyond)
    return cv2.dilate(runs.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0


def _reaching(runs: np.ndarray, beyond: np.ndarray) -> np.ndarray:
    """The connected runs of a 0/255 mask with a pixel in ``beyond``."""
    on = runs > 0
    if not on.any():
        return on
    _, labels = components(runs)
    reaching = np.unique(labels[on & beyond])
    return on & np.isin(labels, reaching[reaching > 0])


def _seal_tone_divided(patch: np.ndarray, paper: float, dark: float, dpi: float) -> np.ndarray:
    """The patch with the seal's tone divided out (float, paper at ``paper``).

    A closing wider than a print stroke and narrower than the seal's strokes
    fills the print in with what lies around it: the seal's grey where print
    crosses the seal, paper elsewhere. Print over the seal is the product of
    the two inks, so dividing by that background gives the print its own tone
    back, and the seal's wide strokes turn to paper. Thin table rules are
    thinner than the closing too, and stay. Where the closing is as dark as
    the page's print (``dark``) it is wide print (bold type), not seal, and
    nothing is divided out: a seal's grey, even where pressed hardest, is lighter.
    """
    width = max(3, round(_mm_to_px(SEAL_STROKE_MM, dpi)) | 1)
    background = cv2.morphologyEx(patch, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (width, width)))
    background = np.where(background <= dark, paper, background)
    return patch.astype(np.float32) * paper / np.maximum(background, 1).astype(np.float32)


def _faint_leftovers(divided: np.ndarray, paper: float, dark: float, dpi: float, rules: np.ndarray) -> np.ndarray:
    """Strokes of faint ink that never come near a print-dark core (the seal's thin leftovers).

    Table rules are left out of the strokes, so a leftover touching a rule is not
    kept for the rule's darkness.
    """
    ink = ((divided < paper - FAINT_INK_SHARE * (paper - dark)) & ~rules).astype(np.uint8)
    core = ((divided <= (paper + dark) / 2) & ~rules).astype(np.uint8)
    reach = max(1, round(_mm_to_px(CORE_REACH_MM, dpi)))
    near = cv2.dilate(core, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))) > 0
    _, labels = components(ink)
    printed = np.unique(labels[near & (ink > 0)])
    return (ink > 0) & ~np.isin(labels, printed[printed > 0])


def _lift_seal_grey(patch: np.ndarray, inside: np.ndarray, tones: tuple[float, float], dpi: float,
                    rules: np.ndarray) -> None:
    """Inside the seal, the seal's tone divided out and its faint leftovers made paper (in place).

    ``tones`` are the page's paper and its print.
    """
    paper, dark = tones
    divided = _seal_tone_divided(patch, paper, dark, dpi)
    divided[_faint_leftovers(divided, paper, dark, dpi, rules)] = paper
    patch[inside] = np.clip(divided, 0, 255).astype(np.uint8)[inside]


def _bridged(ink: np.ndarray, holes: np.ndarray) -> np.ndarray:
    """Seal ink with the holes print and table rules cut through it filled from around them.

    Where print or a rule crosses a seal stroke the seal's own grey is hidden; left
    empty, a rule cuts every character of the arc it crosses in two. The holes are
    filled from the ink beside them (a hole amid paper stays paper).
    """
    if not holes.any():
        return ink
    filled = cv2.inpaint(np.round(ink * 255).astype(np.uint8), holes.astype(np.uint8), 2, cv2.INPAINT_TELEA)
    return filled.astype(np.float32) / 255.0


def _seal_candidates(circles: np.ndarray, ink: np.ndarray, dpi: float) -> list[np.ndarray]:
    """The Hough circles worth testing: the first ``MAX_CANDIDATES`` by votes, then any later one
    (up to ``MAX_RINGED_CANDIDATES``) whose own circle already runs through ink all round."""
    later = [c for c in circles[MAX_CANDIDATES:MAX_RINGED_CANDIDATES]
             if _best_radius(ink, c[0], c[1], c[2], dpi)[0] >= MIN_RING_SUPPORT]
    return [*circles[:MAX_CANDIDATES], *later]


def grey_seals(gray: np.ndarray, dpi: float, ink_level: int) -> tuple[list[SealMark], np.ndarray]:
    """Seal rings in a greyscale page, and the page with the seals lifted.

    Candidates are circles of seal size (Hough, on a quarter-size copy); a
    candidate is a seal when its ring is inked all round and stands out from
    the bands beside it (``_ring``). Inside the ring the seal's tone is divided
    out and its faint leftovers become paper (``_lift_seal_grey``).
    """
    paper = float(np.percentile(gray[::4, ::4], 90))
    ink = gray < paper - 40
    dark = float(np.percentile(gray[gray < ink_level], 20)) if (gray < ink_level).any() else 40.0
    marks: list[SealMark] = []
    out = gray.copy()
    rings: list[tuple[float, float, float]] = []
    circles = _hough_circles(gray, dpi)
    for cx, cy, r in _seal_candidates(circles, ink, dpi):
        _add_ring(_centred_ring(ink, cx, cy, r, dpi, slack=3 / HOUGH_SCALE), rings)
    for cx, cy, r in _hough_circles(np.where(_long_rules(ink, dpi), np.uint8(paper), gray), dpi)[:MAX_CANDIDATES]:
        if not _same_ring(cx, cy, r, rings):
            _add_ring(_centred_ring(ink, cx, cy, r, dpi, slack=3 / HOUGH_SCALE), rings)
    rings += _rings_beside(ink, rings, dpi)
    for cx, cy, radius in rings:
        r_out = radius + _mm_to_px(LIFT_MARGIN_MM, dpi)
        x0, y0 = max(int(cx - r_out), 0), max(int(cy - r_out), 0)
        x1, y1 = min(int(cx + r_out) + 1, gray.shape[1]), min(int(cy + r_out) + 1, gray.shape[0])
        yy, xx = np.mgrid[y0:y1, x0:x1]
        dist = np.hypot(xx - cx, yy - cy)
        inside = dist <= r_out
        patch = out[y0:y1, x0:x1]
        original = patch.copy()
        band = (np.abs(dist - radius) <= _mm_to_px(RING_HALF_WIDTH_MM, dpi)) & ink[y0:y1, x0:x1]
        ring_grey = float(np.median(patch[band])) if band.any() else (dark + paper) / 2
        cut = (dark + ring_grey) / 2
        rules = _straight_rules(ink[y0:y1, x0:x1], max(8, round(_mm_to_px(RULE_MIN_MM, dpi))),
                                max(3, round(_mm_to_px(RULE_MAX_WIDTH_MM, dpi))),
                                dist > radius + _mm_to_px(RING_CLEAR_MM, dpi))
        _lift_seal_grey(patch, inside, (paper, dark), dpi, rules)
        level = int(ring_grey)
        seal_ink = _bridged(grey_seal_ink(original, paper, cut) * inside, inside & rules)
        marks.append(SealMark((x0, y0, x1, y1), f"#{level:02x}{level:02x}{level:02x}", "grey ring", seal_ink))
    return [replace(mark, overlapped=_overlapping(i, rings)) for i, mark in enumerate(marks)], out


def _hough_circles(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Circles of seal size (cx, cy, r in the page's pixels) by Hough's votes, on a quarter-size copy."""
    lo, hi = (_mm_to_px(mm, dpi) / 2 for mm in SEAL_DIAMETER_MM)
    small = cv2.GaussianBlur(cv2.resize(gray, None, fx=HOUGH_SCALE, fy=HOUGH_SCALE, interpolation=cv2.INTER_AREA),
                             (5, 5), 1.2)
    circles = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=2 * lo * HOUGH_SCALE, param1=100, param2=30,
                               minRadius=int(lo * HOUGH_SCALE), maxRadius=int(hi * HOUGH_SCALE))
    return np.zeros((0, 3), np.float32) if circles is None else circles[0] / HOUGH_SCALE


def _long_rules(ink: np.ndarray, dpi: float) -> np.ndarray:
    """Ink on straight horizontal or vertical runs ``HIDING_RULE_MM`` long or more (a table's rules), widened
    by a pixel."""
    length = max(8, round(_mm_to_px(HIDING_RULE_MM, dpi)))
    ink8 = ink.astype(np.uint8) * 255
    runs = (cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
            | cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))))
    return cv2.dilate(runs, np.ones((3, 3), np.uint8)) > 0


def _add_ring(found: tuple[float, float, tuple[float, float, float]] | None,
              rings: list[tuple[float, float, float]]) -> None:
    """A ring found by :func:`_centred_ring` added to ``rings`` unless it is one of them found again."""
    if found is not None and not _same_ring(found[0], found[1], found[2][0], rings):
        rings.append((found[0], found[1], found[2][0]))


def _rings_beside(ink: np.ndarray, rings: list[tuple[float, float, float]], dpi: float
                  ) -> list[tuple[float, float, float]]:
    """Rings of other seals stamped over or beside the ones found: the page's Hough search keeps
    its candidates a seal's width apart, so a seal half over another gets no candidate of its own.
    Round each seal found, a square two of its diameters across is searched as a red cluster is
    (:func:`_rings_in_cluster`); only sealed pages pay for it."""
    height, width = ink.shape[:2]
    beside: list[tuple[float, float, float]] = []
    for cx, cy, radius in rings:
        reach = 2 * radius
        region = (max(int(cx - reach), 0), max(int(cy - reach), 0),
                  min(int(cx + reach) + 1, width), min(int(cy + reach) + 1, height))
        beside += [ring for ring in _rings_in_cluster(ink, region, dpi) if not _same_ring(*ring, rings + beside)]
    return beside


def _same_ring(cx: float, cy: float, radius: float, rings: list[tuple[float, float, float]]) -> bool:
    """A ring found again: its centre within ``SAME_RING_SHARE`` of a radius from one already found.
    Seals stamped half over each other lie a radius apart, and each is a seal of its own."""
    return any(np.hypot(cx - gx, cy - gy) <= SAME_RING_SHARE * max(radius, gr) for gx, gy, gr in rings)


def _overlapping(i: int, rings: list[tuple[float, float, float]]) -> bool:
    """Ring ``i`` crosses another: its arc text may run through the other seal's ink."""
    cx, cy, r = rings[i]
    return any(j != i and np.hypot(cx - gx, cy - gy) < r + gr for j, (gx, gy, gr) in enumerate(rings))
