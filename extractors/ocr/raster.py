"""Page images: rendering, ink masks, small-angle deskew, quarter turns.

Everything downstream works on one grey image of the *upright* page (text reads
left to right, top to bottom). The transforms here are the only place where the
page is turned, so they also define the coordinate frame of the output boxes.
"""
from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium

#: Skew search range and steps (degrees). Scanners feed pages within a few degrees.
MAX_SKEW = 5.0
COARSE_STEP = 0.25
FINE_STEP = 0.05
#: Width of the thumbnail the skew search runs on (pixels).
SKEW_THUMB_WIDTH = 700


def render_gray(page: pdfium.PdfPage, dpi: int) -> np.ndarray:
    """The page as an 8-bit grey image at ``dpi``, as it is displayed (page /Rotate applied)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    img = bitmap.to_numpy()
    if img.ndim == 3:
        img = img[..., 0]
    return np.ascontiguousarray(img)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255 (Otsu threshold, so JPEG grey backgrounds don't count)."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def _profile_sharpness(mask: np.ndarray, angle: float) -> float:
    """How peaked the row and column profiles are once the mask is turned by ``angle``.

    Rules and text lines are straight when the angle is right, so their profiles
    have the tallest peaks; the sum of squares rewards peaks.
    """
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    cols = turned.sum(axis=0, dtype=np.float64)
    return float((rows ** 2).sum() + (cols ** 2).sum())


def estimate_skew(gray: np.ndarray) -> float:
    """Angle (degrees, counter-clockwise as cv2 counts) that makes rules and lines straight."""
    scale = min(1.0, SKEW_THUMB_WIDTH / gray.shape[1])
    thumb = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = ink_mask(thumb)
    if mask.mean() < 0.5:  # blank page
        return 0.0
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, COARSE_STEP)
    best = max(coarse, key=lambda a: _profile_sharpness(mask, a))
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    return float(max(fine, key=lambda a: _profile_sharpness(mask, a)))


def rotate_small(gray: np.ndarray, angle: float, fill: int = 255, nearest: bool = False) -> np.ndarray:
    """Turn by a small angle about the centre, keeping the size and filling with white (or ``fill``)."""
    if abs(angle) < FINE_STEP / 2:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    flags = cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR
    return cv2.warpAffine(gray, m, (w, h), flags=flags, borderValue=fill)


def turn(gray: np.ndarray, quarter_turns_cw: int) -> np.ndarray:
    """Rotate by multiples of 90° clockwise."""
    k = quarter_turns_cw % 4
    if k == 0:
        return gray
    code = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}[k]
    return cv2.rotate(gray, code)



def paper_tone(image: np.ndarray) -> float:
    """The light tone of the paper in one channel (90th percentile of a sparse sample)."""
    return float(np.percentile(image[::4, ::4], 90))


def coloured_ink_lifted(gray: np.ndarray, channel: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """``gray`` with coloured ink (and its fringe) replaced by ``channel``, a colour channel in
    which that ink is as light as paper, levelled to the grey paper so the patch does not show.

    Used for red seals (the red channel) and blue pen (the brightest channel): coloured
    ink is bright in its own channel while black print stays dark in every channel.
    """
    if not ink.any():
        return gray
    fringe = cv2.dilate(ink, np.ones((5, 5), np.uint8)) > 0
    out = gray.copy()
    out[fringe] = channel[fringe]
    return out


def levelled(channel: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """``channel`` (float) scaled so its paper matches the grey page's paper, as 8-bit."""
    scale = paper_tone(gray) / max(paper_tone(channel), 1.0)
    return np.clip(channel * scale, 0, 255).astype(np.uint8)
