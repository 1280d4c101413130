"""Pen strokes on a printed form: a reviewer's scribble in a cell, a signature and doodles in the margin.

Auditors receive forms that someone wrote on after printing: a tick or a
correction over a figure, initials next to the 总分, a signature under the
table. Strokes are cubic Bézier curves (scribbles) or a run of loops along a
line (a signature), drawn in ballpoint blue with a little pressure variation,
and multiplied onto the page like ink. Where they go is taken from the digital
page's words, so the cell stroke lands on a known indicator cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image, ImageDraw

PEN = (32, 56, 150)  # ballpoint blue


@dataclass(frozen=True)
class PenMarks:
    """Where to write: the cell's word (its text on the digital page) and the page margins."""

    cell_text: str
    seed: int
    ink: tuple[int, int, int] = PEN  # ballpoint blue, or black (a grey scan keeps no colour anyway)


def _bezier(p: np.ndarray, n: int = 80) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return ((1 - t) ** 3) * p[0] + 3 * ((1 - t) ** 2) * t * p[1] + 3 * (1 - t) * t ** 2 * p[2] + t ** 3 * p[3]


def scribble(centre: tuple[float, float], size: float, rng: np.random.Generator, pieces: int = 3) -> list[np.ndarray]:
    """Joined random cubic curves within ``size`` of ``centre`` (a crossing-out, a doodle)."""
    cx, cy = centre
    start = np.array([cx + rng.uniform(-size, size), cy + rng.uniform(-size / 3, size / 3)])
    paths = []
    for _ in range(pieces):
        ctrl = [start] + [np.array([cx + rng.uniform(-size, size), cy + rng.uniform(-size / 2, size / 2)])
                          for _ in range(3)]
        paths.append(_bezier(np.array(ctrl)))
        start = ctrl[-1]
    return paths


def signature(left: tuple[float, float], width: float, height: float, rng: np.random.Generator) -> list[np.ndarray]:
    """Loops running to the right along a slightly rising line, with a flourish underneath."""
    x0, y0 = left
    t = np.linspace(0.0, 1.0, 400)
    loops = rng.integers(5, 8)
    x = x0 + width * t + 0.08 * width * np.sin(2 * np.pi * loops * t + rng.uniform(0, 6))
    y = y0 - 0.15 * height * t - 0.5 * height * np.abs(np.sin(np.pi * loops * t)) * rng.uniform(0.7, 1.0)
    flourish = _bezier(np.array([[x0, y0 + 0.2 * height], [x0 + 0.4 * width, y0 + 0.6 * height],
                                 [x0 + 0.8 * width, y0 + 0.1 * height], [x0 + 1.05 * width, y0 - 0.2 * height]]))
    return [np.stack([x, y], axis=1), flourish]


def draw_strokes(page: Image.Image, paths: list[np.ndarray], width_px: float, rng: np.random.Generator,
                 colour: tuple[int, int, int] = PEN) -> Image.Image:
    """``paths`` (pixel coordinates) in pen ink, multiplied onto ``page``."""
    mask = Image.new("L", page.size, 0)
    draw = ImageDraw.Draw(mask)
    for path in paths:
        pressure = rng.uniform(0.75, 1.0)
        points = [tuple(map(float, p)) for p in path]
        draw.line(points, fill=int(255 * pressure), width=max(1, int(round(width_px))), joint="curve")
    alpha = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    base = np.asarray(page.convert("RGB"), dtype=np.float32)
    ink = np.asarray(colour, dtype=np.float32)[None, None, :] / 255.0
    return Image.fromarray(np.clip(base * (1.0 - alpha * (1.0 - ink)), 0, 255).astype(np.uint8), mode="RGB")


def cell_box(digital: Path, text: str, page_index: int = 0) -> tuple[float, float, float, float]:
    """The box (points, top-left origin) of the last word on the page that reads ``text``."""
    with pdfplumber.open(digital) as pdf:
        words = [w for w in pdf.pages[page_index].extract_words() if w["text"] == text]
    if not words:
        raise ValueError(f"{digital}: no word {text!r} to write over")
    w = words[-1]
    return w["x0"], w["top"], w["x1"], w["bottom"]


def write_on(page: Image.Image, digital: Path, marks: PenMarks, dpi: float) -> Image.Image:
    """The page with a scribble over ``marks.cell_text`` and a signature and doodle in the bottom margin."""
    rng = np.random.default_rng(marks.seed)
    k = dpi / 72.0
    x0, y0, x1, y1 = (v * k for v in cell_box(digital, marks.cell_text))
    h = y1 - y0
    paths = scribble(((x0 + x1) / 2, (y0 + y1) / 2), 0.6 * (x1 - x0), rng, pieces=2)
    w_px, h_px = page.size
    paths += signature((0.55 * w_px, 0.95 * h_px), 0.25 * w_px, 2.5 * h, rng)
    paths += scribble((0.15 * w_px, 0.96 * h_px), 0.05 * w_px, rng, pieces=3)
    return draw_strokes(page, paths, 0.35 * k * 72 / 25.4, rng, marks.ink)  # a 0.35 mm ballpoint line
