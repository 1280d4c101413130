"""Charts for the overview as inline SVG: no chart library, nothing fetched.

Three shapes cover what an auditor would rather look at than read: a histogram
(stated − recomputed gaps), horizontal bars (findings by rule, by unit) and
strips of dots on a shared 0–100 axis (recomputed totals per unit or year, one
dot per form, the median marked). Every label is escaped; sizes are in the
SVG's own units and the picture scales with the page (viewBox).
"""
from __future__ import annotations

import math
from html import escape
from statistics import median

_BAR = "#0969da"
_MUTED = "#57606a"
_WIDTH = 460


def _svg(height: float, body: str, title: str) -> str:
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height:.0f}" role="img" '
            f'aria-label="{escape(title)}">{body}</svg></figure>')


def _text(x: float, y: float, label: str, anchor: str = "start", size: int = 11) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{_MUTED}">{escape(label)}</text>')


def _empty(title: str, note: str) -> str:
    return _svg(40, _text(_WIDTH / 2, 24, note, "middle"), title)


def _nice_step(span: float, bins: int) -> float:
    """A bin width of 1, 2 or 5 times a power of ten, so the edges read as round numbers."""
    raw = max(span / bins, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    return next(power * k for k in (1, 2, 5, 10) if power * k >= raw)


def histogram(values: list[float], title: str, empty: str, bins: int = 12) -> str:
    """Counts of ``values`` in round-numbered bins; a zero gap gets a bin of its own edge."""
    if not values:
        return _empty(title, empty)
    low, high = min(values), max(values)
    step = _nice_step(high - low, bins) if high > low else 1.0
    start = math.floor(low / step) * step
    count = max(1, int(math.floor((high - start) / step)) + 1)
    counts = [0] * count
    for value in values:
        counts[min(count - 1, int((value - start) // step))] += 1
    top, plot_h, left, bottom = max(counts), 120.0, 30.0, 150.0
    width = (_WIDTH - left - 10) / count
    bars = []
    for i, n in enumerate(counts):
        h = plot_h * n / top
        edge = start + i * step
        bars.append(f'<rect x="{left + i * width + 1:.1f}" y="{bottom - h:.1f}" width="{width - 2:.1f}" '
                    f'height="{h:.1f}" fill="{_BAR}"><title>{escape(f"{edge:g} … {edge + step:g}: {n}")}</title></rect>')
        if n:
            bars.append(_text(left + (i + 0.5) * width, bottom - h - 3, str(n), "middle", 10))
    ticks = [_text(left + i * width, bottom + 14, f"{start + i * step:g}", "middle", 10)
             for i in range(0, count + 1, max(1, count // 6))]
    axis = f'<line x1="{left}" y1="{bottom}" x2="{_WIDTH - 10}" y2="{bottom}" stroke="{_MUTED}"/>'
    return _svg(bottom + 22, axis + "".join(bars + ticks), title)


def bars(items: list[tuple[str, int]], title: str, empty: str, limit: int = 15) -> str:
    """Horizontal bars, largest first, at most ``limit`` of them."""
    items = sorted(items, key=lambda item: (-item[1], item[0]))[:limit]
    if not items:
        return _empty(title, empty)
    top, label_w, row_h = max(n for _, n in items), 190.0, 18.0
    parts = []
    for i, (label, n) in enumerate(items):
        y = 4 + i * row_h
        w = (_WIDTH - label_w - 40) * n / top
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(_text(label_w - 6, y + 12, short, "end"))
        parts.append(f'<rect x="{label_w}" y="{y + 2:.1f}" width="{max(w, 1):.1f}" height="{row_h - 5:.1f}" '
                     f'fill="{_BAR}"><title>{escape(f"{label}: {n}")}</title></rect>')
        parts.append(_text(label_w + w + 4, y + 12, str(n)))
    return _svg(8 + len(items) * row_h, "".join(parts), title)


def strips(groups: dict[str, list[float]], title: str, empty: str, limit: int = 15) -> str:
    """One row per group: a dot per value on a 0–100 axis and the median as a tick."""
    groups = {k: v for k, v in groups.items() if v}
    chosen = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:limit]
    if not chosen:
        return _empty(title, empty)
    label_w, row_h, right = 200.0, 18.0, 14.0
    span = _WIDTH - label_w - right

    def x(value: float) -> float:
        return label_w + span * min(max(value, 0.0), 100.0) / 100.0

    parts = []
    for i, (label, values) in enumerate(chosen):
        y = 6 + i * row_h + row_h / 2
        short = label if len(label) <= 11 else label[:10] + "…"
        parts.append(_text(label_w - 6, y + 4, f"{short} ({len(values)})", "end"))
        parts.append(f'<line x1="{label_w}" y1="{y:.1f}" x2="{_WIDTH - right}" y2="{y:.1f}" stroke="#d0d7de"/>')
        parts += [f'<circle cx="{x(v):.1f}" cy="{y:.1f}" r="3" fill="{_BAR}" fill-opacity="0.6">'
                  f'<title>{escape(f"{label}: {v:g}")}</title></circle>' for v in values]
        m = median(values)
        parts.append(f'<line x1="{x(m):.1f}" y1="{y - 7:.1f}" x2="{x(m):.1f}" y2="{y + 7:.1f}" stroke="#cf222e" '
                     f'stroke-width="2"><title>{escape(f"median {m:g}")}</title></line>')
    bottom = 6 + len(chosen) * row_h
    ticks = "".join(_text(x(v), bottom + 14, str(v), "middle", 10) for v in (0, 60, 80, 90, 100))
    return _svg(bottom + 20, "".join(parts) + ticks, title)
