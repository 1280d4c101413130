"""Find the sheet of paper in a photo and look at it square-on.

A phone photo shows the form in perspective on whatever it lay on. The sheet
is the largest bright, unsaturated region of the picture (a table top is
darker or coloured); its outline is reduced to four corners and warped to a
rectangle with the sheet's proportions. A scanned page, where the paper fills
the image, is left alone.

When the sheet's edge cannot be seen (a white page on a pale desk, a sheet
filling the frame) the form's own outer frame stands in for it: the largest
quadrilateral of ruled lines is a rectangle on paper, so the perspective that
makes it one squares the whole picture (``find_frame``, ``rectify_on_frame``).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

#: Pixels this unsaturated (0–255) and this bright count as paper.
MAX_PAPER_SATURATION = 70
#: The paper must cover between these shares of the image to be a photographed sheet.
MIN_SHEET_SHARE, MAX_SHEET_SHARE = 0.25, 0.93
#: Work on a copy this wide (pixels): the outline needs no detail.
THUMB_WIDTH = 800
#: A corner set is a sheet when it covers this much of the found region.
MIN_FILL = 0.9
#: A shadow falling across the sheet (a hand, the phone) leaves the paper as unsaturated as
#: ever but darker than the brightness cut: paper counts down to this share of the lit
#: paper's median brightness when its saturation says paper. Measured on a fresh photo of a
#: writer-form print (seed 131, tune): the shadow's paper at 0.50–0.55 of the lit paper's
#: 208, the wood desk at 0.37 (and saturated: 141 and up, paper 14 at most).
SHADOW_SHARE = 0.4
#: The shaded paper's corners replace the lit paper's only when one of them lies this far (in
#: sheet widths) from where the lit paper put it. On the corpus photos the two corner sets agree
#: within 0.0023 (a thumbnail pixel: the squared page would move by a pixel and its readings
#: with it); a shadow's bite moved a corner 0.049 (429's photo) and 0.079 (a fresh photo).
SHADOW_CORNER_SHIFT = 0.01


@dataclass(frozen=True)
class Sheet:
    """Corners of the paper (TL, TR, BR, BL) in image pixels."""

    corners: np.ndarray

    def side_lengths(self) -> tuple[float, float]:
        tl, tr, br, bl = self.corners
        width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
        height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
        return float(width), float(height)


def _paper_masks(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the paper may be: bright and unsaturated pixels, and the same with shaded paper in
    (unsaturated, down to ``SHADOW_SHARE`` of the lit paper's brightness)."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    sat, val = hsv[..., 1], hsv[..., 2]
    level, _ = cv2.threshold(val, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    unsaturated = sat < MAX_PAPER_SATURATION
    lit = unsaturated & (val > min(level, 200) * 0.8)
    shaded = unsaturated & (val > np.median(val[lit]) * SHADOW_SHARE) if lit.any() else lit
    return _smoothed(lit), _smoothed(shaded)


def _smoothed(mask: np.ndarray) -> np.ndarray:
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    mask = cv2.morphologyEx(mask.astype(np.uint8) * 255, cv2.MORPH_CLOSE, k)  # print on the paper lies inside it
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, k)


def _order(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL from four unordered points."""
    s, d = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(s)], points[np.argmin(d)], points[np.argmax(s)], points[np.argmax(d)]],
                    dtype=np.float32)


def _quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)


def _sheet_quad(mask: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The largest region's four corners and how well they outline it, when it is sheet-sized and
    fills them."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(largest)
    share = area / float(mask.shape[0] * mask.shape[1])
    if not MIN_SHEET_SHARE <= share <= MAX_SHEET_SHARE:
        return None
    quad = _quad(largest)
    if quad is None or area < MIN_FILL * cv2.contourArea(quad.reshape(-1, 1, 2)):
        return None
    return quad, _agreement(largest, quad, mask.shape)


def _agreement(contour: np.ndarray, quad: np.ndarray, shape: tuple[int, ...]) -> float:
    """How well four corners outline a region: the area both cover over the area either covers
    (a corner cut inside the region loses as much as one set out on the desk)."""
    region = np.zeros(shape[:2], np.uint8)
    cv2.drawContours(region, [contour], -1, 1, thickness=cv2.FILLED)
    outline = np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(outline, np.round(quad).astype(np.int32), 1)
    return float((region & outline).sum()) / max(float((region | outline).sum()), 1.0)


def find_sheet(rgb: np.ndarray) -> Sheet | None:
    """The photographed sheet's corners, or None when the image is the sheet (a scan).

    The lit paper's corners, unless the paper with its shaded part is outlined better by corners
    that lie elsewhere (``SHADOW_CORNER_SHIFT``): a shadow across one corner bites the lit region,
    and a quadrilateral fitted round the bite puts that corner inside the page."""
    scale = min(1.0, THUMB_WIDTH / rgb.shape[1])
    thumb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    lit, shaded = (_sheet_quad(mask) for mask in _paper_masks(thumb))
    if shaded is not None and (lit is None or (shaded[1] > lit[1] and _corner_shift(lit[0], shaded[0])
                                               > SHADOW_CORNER_SHIFT)):
        lit = shaded
    return Sheet(_order(lit[0] / scale)) if lit is not None else None


def _corner_shift(a: np.ndarray, b: np.ndarray) -> float:
    """How far apart two corner sets lie: the largest corner's move, in widths of the sheet."""
    a, b = _order(a), _order(b)
    width, _ = Sheet(a).side_lengths()
    return float(np.linalg.norm(a - b, axis=1).max()) / max(width, 1.0)


def rectify(image: np.ndarray, sheet: Sheet, width_px: int) -> np.ndarray:
    """The sheet warped to a rectangle ``width_px`` wide with the sheet's proportions."""
    w, h = sheet.side_lengths()
    height_px = int(round(width_px * h / max(w, 1.0)))
    target = np.array([[0, 0], [width_px - 1, 0], [width_px - 1, height_px - 1], [0, height_px - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(sheet.corners.astype(np.float32), target)
    border = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, matrix, (width_px, height_px), flags=cv2.INTER_AREA, borderValue=border)


#: Rule pieces at least this share of the thumbnail's width (or height) long make up frames.
FRAME_RULE_SHARE = 1 / 30
#: A table frame covers at least this share of the picture ...
MIN_FRAME_SHARE = 0.05
#: ... and is squared only when its perspective is visible: opposite sides differing
#: by more than this share (a scan's frame is already a rectangle).
MIN_KEYSTONE = 0.01
#: A frame's side adds up to this share of the longest rule on that axis ...
SIDE_SHARE = 0.5
#: ... and is inked along this share of its length from corner to corner (a title's
#: bold line of text above the table, taken for the top rule, is not).
SIDE_INKED = 0.8
#: ... at both ends too: the first and last this share of its length (``_side_inked``).
SIDE_END_SHARE = 0.06
#: Pieces of one rule lie within this share of the table's extent of a straight line.
LINE_TOLERANCE = 0.006
#: A side is inferred from the crossing rules' ends when at least this many end on one line ...
MIN_SIDE_ENDS = 5
#: ... their outermost ends lying within this share of the picture's spread of the outermost.
RULE_ENDS_BAND = 0.015
#: Long rules tried for each side of the frame, outermost first.
SIDE_CANDIDATES = 4
#: Share of its page's width a form's table usually spans (where the frame is put).
FRAME_WIDTH_SHARE = 0.86
#: The squared picture may grow at most this much in either direction (a wrong quad explodes).
MAX_GROWTH = 1.6


def _rule_segments(rgb: np.ndarray) -> np.ndarray:
    """Long straight segments (x0, y0, x1, y1) of dark ink: a table's rules, however tilted.

    Text makes no straight ink this long; morphology with a 1-pixel kernel would lose a
    thin rule turned by a few degrees, so the segments are found by a Hough transform.
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 12)
    least = max(8, int(min(gray.shape) * FRAME_RULE_SHARE))
    lines = cv2.HoughLinesP(ink, 1, np.pi / 720, threshold=2 * least, minLineLength=3 * least, maxLineGap=3)
    return np.zeros((0, 4), np.float32) if lines is None else lines.reshape(-1, 4).astype(np.float32)


def _side_lines(segs: np.ndarray, horizontal: bool, first: bool) -> list[np.ndarray]:
    """Candidate lines for one side of the frame, outermost first: (point, direction) each.

    A frame's side is broken into pieces where cells meet it; pieces lying on one
    straight line (both ends within LINE_TOLERANCE of the line through the longest
    piece, whatever its tilt) count together, and every line whose pieces add up to
    SIDE_SHARE of the longest rule's length is a candidate. The outermost is not
    always the side: a title's bold line of text or a thick rule above the table is
    long and straight too, so the frame finder tries them in turn (``find_frame``).
    """
    d = segs[:, 2:] - segs[:, :2]
    along = np.abs(d[:, 0]) >= np.abs(d[:, 1]) if horizontal else np.abs(d[:, 1]) > np.abs(d[:, 0])
    segs, length = segs[along], np.hypot(*d[along].T)
    if not len(segs):
        return []
    ends = np.concatenate([segs[:, :2], segs[:, 2:]])
    extent = float(np.ptp(ends, axis=0).max())
    tol = max(2.0, LINE_TOLERANCE * extent)
    centre = ends.mean(axis=0)
    free = np.ones(len(segs), bool)
    found: list[tuple[float, np.ndarray]] = []
    for k in np.argsort(-length):
        if not free[k]:
            continue
        a, b = segs[k, :2], segs[k, 2:]
        u = (b - a) / max(float(length[k]), 1e-6)
        normal = np.array([-u[1], u[0]])
        off0, off1 = (segs[:, :2] - a) @ normal, (segs[:, 2:] - a) @ normal
        near = free & (np.abs(off0) <= tol) & (np.abs(off1) <= tol)
        free &= ~near
        if length[near].sum() < SIDE_SHARE * length.max():
            continue
        band = segs[near]
        points = np.concatenate([band[:, :2], band[:, 2:]]).astype(np.float32)
        vx, vy, x0, y0 = cv2.fitLine(points, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        line = np.array([x0, y0, vx, vy], dtype=np.float64)
        # where the line crosses the table's middle: its place across, for ordering
        if horizontal:
            place = y0 + (centre[0] - x0) * vy / vx if abs(vx) > 1e-9 else y0
        else:
            place = x0 + (centre[1] - y0) * vx / vy if abs(vy) > 1e-9 else x0
        found.append((float(place), line))
    found.sort(key=lambda item: item[0], reverse=not first)
    return [line for _, line in found[:SIDE_CANDIDATES]]


def _ink(rgb: np.ndarray) -> np.ndarray:
    """Dark ink (255) of a thumbnail, thickened by 2 px so a fitted line a pixel off still lies on it."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 12)
    return cv2.dilate(ink, np.ones((5, 5), np.uint8))


def _inked_along(ink: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each pixel step of the straight line from ``a`` to ``b`` lies on ink."""
    n = max(2, int(np.linalg.norm(b - a)))
    xs = np.clip(np.linspace(a[0], b[0], n).round().astype(int), 0, ink.shape[1] - 1)
    ys = np.clip(np.linspace(a[1], b[1], n).round().astype(int), 0, ink.shape[0] - 1)
    return ink[ys, xs] > 0


def _side_inked(ink: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    """A frame side is inked along SIDE_INKED of its length and at both of its ends.

    The ends matter: a rule above the table (a bold underline of the title, a thick
    rule over the header) makes, with the table's sides extended up to it, a quad
    whose sides are inked nearly all along, but the extended sides are bare just
    where they should meet it.
    """
    on = _inked_along(ink, a, b)
    end = max(3, int(len(on) * SIDE_END_SHARE))
    return bool(on.mean() >= SIDE_INKED and on[:end].mean() >= SIDE_INKED and on[-end:].mean() >= SIDE_INKED)


def _rule_ends_side(segs: np.ndarray, horizontal: bool, first: bool) -> np.ndarray | None:
    """A frame side too faint to be found as a rule, placed where the rules crossing it end.

    A lamp can wash a photo's outermost hairline out while the rules that meet it stay dark:
    the frame's side is then no Hough segment, and the largest inked quad is an inner column's
    (the columns beyond it cut off the squared page). The rules running across that side all
    stop on it, so their outermost ends lie on one line: when at least MIN_SIDE_ENDS of them
    do, over SIDE_SHARE of the other axis's extent, and that line lies beyond every rule found
    along the side, it is the side. Returns (point, direction) as ``_side_lines`` does, or None.
    """
    d = segs[:, 2:] - segs[:, :2]
    across = np.abs(d[:, 1]) > np.abs(d[:, 0]) if horizontal else np.abs(d[:, 0]) >= np.abs(d[:, 1])
    along = ~across
    rules = segs[across]
    if len(rules) < MIN_SIDE_ENDS:
        return None
    axis = 0 if horizontal else 1  # the side runs along this axis; the crossing rules along the other
    a, b = rules[:, :2], rules[:, 2:]
    forward = (a[:, 1 - axis] <= b[:, 1 - axis])[:, None]
    low, high = np.where(forward, a, b), np.where(forward, b, a)
    ends = low if first else high
    # measured along the rules themselves, so a tilted photo's ends on one side share a place
    run = high - low
    unit = run.sum(axis=0) / max(float(np.linalg.norm(run.sum(axis=0))), 1e-6)
    place = ends @ unit
    extent = float(np.ptp(np.concatenate([a, b])[:, axis]))
    outermost = place.min() if first else place.max()
    near = np.abs(place - outermost) <= max(2.0, RULE_ENDS_BAND * extent)
    if near.sum() < MIN_SIDE_ENDS or float(np.ptp(ends[near][:, axis])) < SIDE_SHARE * extent:
        return None
    vx, vy, x0, y0 = cv2.fitLine(ends[near].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    line = np.array([x0, y0, vx, vy], dtype=np.float64)
    found = segs[along]
    if len(found):
        reach = np.concatenate([found[:, :2], found[:, 2:]]) @ unit
        if (first and outermost >= reach.min() - RULE_ENDS_BAND * extent) or (
                not first and outermost <= reach.max() + RULE_ENDS_BAND * extent):
            return None  # a rule already lies this far out: the side was found as a rule
    return line


def _ink_side(ink: np.ndarray, line: np.ndarray) -> np.ndarray:
    """The ink map with an inferred side drawn in, so the quads through it are judged by their other sides."""
    drawn = ink.copy()
    point, direction = line[:2], line[2:]
    reach = float(max(ink.shape))
    a, b = point - direction * reach, point + direction * reach
    cv2.line(drawn, (int(round(a[0])), int(round(a[1]))), (int(round(b[0])), int(round(b[1]))), 255, 5)
    return drawn


def _crossing(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    matrix = np.array([[a[2], -b[2]], [a[3], -b[3]]])
    if abs(np.linalg.det(matrix)) < 1e-9:
        return None
    t, _ = np.linalg.solve(matrix, b[:2] - a[:2])
    return a[:2] + t * a[2:]


def _keystone(corners: np.ndarray) -> float:
    """How far a quad is from a rectangle: relative difference of its opposite sides."""
    tl, tr, br, bl = corners
    top, bottom = np.linalg.norm(tr - tl), np.linalg.norm(br - bl)
    left, right = np.linalg.norm(bl - tl), np.linalg.norm(br - tr)
    return float(max(abs(top - bottom) / max(top, bottom, 1.0), abs(left - right) / max(left, right, 1.0)))


def find_frame(rgb: np.ndarray) -> Sheet | None:
    """Corners of the outermost ruled frame seen in perspective, or None (no table, or already square).

    Each side's candidates are the long rules on that side, outermost first (``_side_lines``);
    their crossings make candidate quads. The frame is the largest quad whose four sides
    are inked from corner to corner (``_side_inked``): the line that joins the vertical
    rules' ends, not merely the first strong line (a bold title, a rule above the header).
    """
    scale = min(1.0, THUMB_WIDTH / rgb.shape[1])
    thumb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    segs = _rule_segments(thumb)
    tops, rights = _side_lines(segs, True, True), _side_lines(segs, False, False)
    bottoms, lefts = _side_lines(segs, True, False), _side_lines(segs, False, True)
    ink = _ink(thumb)
    for side, horizontal, first in ((tops, True, True), (rights, False, False), (bottoms, True, False),
                                    (lefts, False, True)):
        ends = _rule_ends_side(segs, horizontal, first)
        if ends is not None:
            side.insert(0, ends)
            ink = _ink_side(ink, ends)
    if not (tops and rights and bottoms and lefts):
        return None
    least = MIN_FRAME_SHARE * thumb.shape[0] * thumb.shape[1]
    best, best_area = None, 0.0
    for top, right, bottom, left in itertools.product(tops, rights, bottoms, lefts):
        corners = [_crossing(top, left), _crossing(top, right), _crossing(bottom, right), _crossing(bottom, left)]
        if any(c is None for c in corners):
            continue
        quad = np.array(corners, dtype=np.float32)
        area = cv2.contourArea(quad.reshape(-1, 1, 2))
        if area < max(least, best_area):
            continue
        if all(_side_inked(ink, quad[i], quad[(i + 1) % 4]) for i in range(4)):
            best, best_area = quad, area
    if best is None:
        return None
    corners = best / scale
    return Sheet(corners) if _keystone(corners) > MIN_KEYSTONE else None


def rectify_on_frame(image: np.ndarray, frame: Sheet, width_px: int, height_px: int) -> np.ndarray | None:
    """The picture warped so the table's frame is a rectangle, on a page ``width_px`` × ``height_px``.

    Without the sheet's edge the paper's size is unknown; a form's table spans most of
    its page's width, so the frame is scaled to FRAME_WIDTH_SHARE of the page (the
    grid and the recogniser expect print at the working resolution), centred across,
    and kept at its height on the picture. Returns None when the warp would stretch
    the picture implausibly (a wrong frame).
    """
    w, h = frame.side_lengths()
    target = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(frame.corners.astype(np.float32), target)
    ih, iw = image.shape[:2]
    corners = np.array([[[0, 0]], [[iw, 0]], [[iw, ih]], [[0, ih]]], dtype=np.float32)
    moved = cv2.perspectiveTransform(corners, matrix).reshape(4, 2)
    x0, y0 = moved.min(axis=0)
    x1, y1 = moved.max(axis=0)
    if x1 - x0 > MAX_GROWTH * iw or y1 - y0 > MAX_GROWTH * ih:
        return None
    k = FRAME_WIDTH_SHARE * width_px / w
    top = (0 - y0) / max(y1 - y0, 1.0) * height_px  # the frame's top, as far down the page as in the picture
    place = np.array([[k, 0, (width_px - k * w) / 2], [0, k, top], [0, 0, 1]], dtype=np.float64)
    border = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, place @ matrix, (width_px, height_px), flags=cv2.INTER_AREA,
                               borderValue=border)
