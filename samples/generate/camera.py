"""Phone photos of a printed page lying on a desk.

The printed page (rendered in colour, optionally stamped) is warped onto a
wooden table in perspective: the camera is tilted, so the far edge is shorter,
and turned by a few degrees.  A desk lamp lights one side more than the other
and the photographer's hand/phone throws a soft shadow across a corner.  The
result is a 4:3 JPEG as phones take it; the PDF page is the photo, the way
"scan to PDF" apps and office staff publish such pages.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass(frozen=True)
class PhotoSettings:
    size: tuple[int, int] = (2160, 2880)  # width, height in pixels (portrait 4:3)
    paper_height: float = 0.84  # share of the photo's height the paper's near edge spans
    min_skew_deg: float = 2.0
    max_skew_deg: float = 4.0
    tilt: float = 0.07  # far edge this much narrower than the near edge
    light_falloff: float = 0.32  # brightness lost from the lamp side to the far side
    shadow_depth: float = 0.42
    jpeg_quality: int = 62
    seed: int = 0
    #: "wood", or "white": a pale desk as bright as the paper, so the sheet's edge cannot be seen
    desk: str = "wood"


def wood(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A plank table: brown base, long grain along x, knots of darker streaks."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    warp = 18 * np.sin(xx / 210.0 + rng.uniform(0, 6)) + 9 * np.sin(xx / 57.0 + rng.uniform(0, 6))
    grain = np.sin((yy + warp) / rng.uniform(5.0, 8.0)) * 0.5 + 0.5
    fine = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 2.0)
    planks = ((yy + warp * 0.2) // (h / 5)).astype(np.int32)
    plank_tone = rng.uniform(0.85, 1.1, size=8).astype(np.float32)[planks % 8]
    shade = (0.55 + 0.25 * grain + 0.2 * fine) * plank_tone
    base = np.array([128, 84, 50], dtype=np.float32)  # warm mid-brown (R, G, B)
    return np.clip(shade[..., None] * base[None, None, :], 0, 255)


def white_desk(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A pale laminate desk, as light and as grey as office paper: no edge to find."""
    w, h = size
    fine = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 3.0)
    shade = 0.96 + 0.04 * fine
    base = np.array([246, 244, 238], dtype=np.float32)
    return np.clip(shade[..., None] * base[None, None, :], 0, 255)


def paper_quad(page_size: tuple[int, int], s: PhotoSettings, rng: np.random.Generator) -> np.ndarray:
    """Where the page's corners land in the photo (TL, TR, BR, BL), tilted and turned."""
    pw, ph = page_size
    w, h = s.size
    height = s.paper_height * h
    width = height * pw / ph
    near, far = width, width * (1 - s.tilt)
    cx, cy = w / 2 + rng.uniform(-0.03, 0.03) * w, h / 2 + rng.uniform(-0.02, 0.02) * h
    quad = np.array([[-far / 2, -height / 2], [far / 2, -height / 2], [near / 2, height / 2], [-near / 2, height / 2]],
                    dtype=np.float32)
    angle = math.radians(rng.uniform(s.min_skew_deg, s.max_skew_deg) * rng.choice([-1.0, 1.0]))
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]], dtype=np.float32)
    return quad @ rot.T + np.array([cx, cy], dtype=np.float32)


def lighting(size: tuple[int, int], s: PhotoSettings, rng: np.random.Generator) -> np.ndarray:
    """Multiplicative light field: lamp fall-off across the frame and one soft shadow."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lamp = np.array([rng.uniform(-0.2, 0.3) * w, rng.uniform(-0.2, 0.2) * h], dtype=np.float32)
    dist = np.hypot(xx - lamp[0], yy - lamp[1]) / math.hypot(w, h)
    light = 1.05 - s.light_falloff * np.clip(dist, 0, 1.2)
    # a hand/phone shadow: a blurred blob entering from the right or bottom edge
    shadow = np.zeros((h, w), dtype=np.uint8)
    if rng.random() < 0.5:
        centre = (int(w * rng.uniform(0.95, 1.1)), int(h * rng.uniform(0.55, 0.8)))
        axes = (int(w * rng.uniform(0.25, 0.35)), int(h * rng.uniform(0.12, 0.18)))
    else:
        centre = (int(w * rng.uniform(0.6, 0.85)), int(h * rng.uniform(0.98, 1.1)))
        axes = (int(w * rng.uniform(0.22, 0.3)), int(h * rng.uniform(0.12, 0.16)))
    cv2.ellipse(shadow, centre, axes, float(rng.uniform(-30, 30)), 0, 360, 255, -1)
    soft = cv2.GaussianBlur(shadow.astype(np.float32) / 255.0, (0, 0), w * 0.03)
    return light * (1.0 - s.shadow_depth * soft)


def photograph(page_rgb: Image.Image, s: PhotoSettings) -> Image.Image:
    """The photo of `page_rgb` lying on a table (deterministic for a given seed)."""
    rng = np.random.default_rng(s.seed)
    w, h = s.size
    page = np.asarray(page_rgb.convert("RGB"), dtype=np.float32)
    page = page * np.array([0.97, 0.96, 0.93], dtype=np.float32)  # office paper is not pure white
    ph, pw = page.shape[:2]
    quad = paper_quad((pw, ph), s, rng)
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad)
    warped = cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_AREA, borderValue=(0, 0, 0))
    cover = cv2.warpPerspective(np.ones((ph, pw), dtype=np.float32), matrix, (w, h), flags=cv2.INTER_LINEAR)
    desk = wood((w, h), rng) if s.desk == "wood" else white_desk((w, h), rng)
    scene = warped * cover[..., None] + desk * (1.0 - cover[..., None])
    scene *= lighting((w, h), s, rng)[..., None]
    scene = cv2.GaussianBlur(scene, (0, 0), 0.9)  # a hand-held camera's slight defocus
    scene += rng.normal(0.0, 4.0, scene.shape).astype(np.float32)
    return Image.fromarray(np.clip(scene, 0, 255).astype(np.uint8), mode="RGB")
