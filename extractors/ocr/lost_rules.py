"""Rules lost under a seal or a shadow, found again from the table's geometry.

Lifting a seal's red ink takes the stretch of black rule under it along; a photo's
shadow leaves a rule too faint for the rule mask. The grid then joins two cells
that were printed apart, and one cell holds two rows' (or two columns') text:
scores 6 and 10 read as "610", an actual value and its 分值 as "2.4万人15".

A printed merged cell and a joined pair differ in two ways the rest of the table
shows. The rule goes on through the cells on both sides of the join (the rows
above and below it, or the columns left and right of it), so the grid line is
there; and the joined cell's text falls apart along that line with a wide bare
gap, each part sitting in its own row or column. A printed merged cell's text is
one line (or wrapped lines set close together) centred in the whole block.
"""
from __future__ import annotations

import numpy as np

#: The bare gap across a lost rule must be at least this share of the narrower of
#: the two rows (or columns) it divides: cell padding on both sides of the rule,
#: not the leading between wrapped lines of one label or the space between words.
ROW_GAP_SHARE = 0.4
COL_GAP_SHARE = 0.4
#: ...and at least this long (inches): the spacing of letter-spaced headings is shorter.
MIN_GAP_IN = 0.1
#: A line of the ink profile with fewer inked pixels than this is specks, not text.
MIN_INK_PIXELS = 2


def _gap_across(ink: np.ndarray, at: int, lo: int, hi: int, skip: int) -> int | None:
    """The bare stretch around ``at`` on a profile between ``lo`` and ``hi``, or None when
    one side holds no ink (a block's single text line sits on one side only)."""
    before = np.nonzero(ink[lo:max(at - skip, lo)] >= MIN_INK_PIXELS)[0]
    after = np.nonzero(ink[at + skip + 1:hi] >= MIN_INK_PIXELS)[0]
    if not before.size or not after.size:
        return None
    last_before = lo + int(before[-1])
    first_after = at + skip + 1 + int(after[0])
    if first_after <= at or last_before >= at:
        return None
    return first_after - last_before


def _block_span(labels: np.ndarray, block: int) -> tuple[int, int, int, int]:
    rr, cc = np.nonzero(labels == block)
    return int(rr.min()), int(rr.max()), int(cc.min()), int(cc.max())


def _rows_split_by_lost_rule(labels: np.ndarray, h: np.ndarray, rows: list[float], cols: list[float],
                             ink: np.ndarray, band: int, margin: float, min_gap: float) -> list[tuple[int, int, int]]:
    """Borders (r, c0, c1) below row ``r`` across columns c0..c1 of a block whose rule was lost."""
    found = []
    n_r, n_c = labels.shape
    for r in range(n_r - 1):
        for block in np.unique(labels[r][labels[r] == labels[r + 1]]):
            _, _, c0, c1 = _block_span(labels, int(block))
            if c0 == 0 or c1 == n_c - 1 or not (h[r, c0 - 1] and h[r, c1 + 1]):
                continue
            x0, x1 = int(cols[c0] + margin), int(cols[c1 + 1] - margin)
            top, at, bottom = int(rows[r] + margin), int(round(rows[r + 1])), int(rows[r + 2] - margin)
            if x1 <= x0:
                continue
            profile = ink[:, x0:x1].sum(axis=1)
            gap = _gap_across(profile, at, top, bottom, band)
            narrower = min(rows[r + 1] - rows[r], rows[r + 2] - rows[r + 1])
            if gap is not None and gap >= max(ROW_GAP_SHARE * narrower, min_gap):
                found.append((r, c0, c1))
    return found


def _cols_split_by_lost_rule(labels: np.ndarray, v: np.ndarray, rows: list[float], cols: list[float],
                             ink: np.ndarray, band: int, margin: float, min_gap: float) -> list[tuple[int, int, int]]:
    """Borders (c, r0, r1) right of column ``c`` across rows r0..r1 of a block whose rule was lost."""
    found = []
    n_r, n_c = labels.shape
    for c in range(n_c - 1):
        for block in np.unique(labels[:, c][labels[:, c] == labels[:, c + 1]]):
            r0, r1, _, _ = _block_span(labels, int(block))
            if r0 == 0 or r1 == n_r - 1 or not (v[r0 - 1, c] and v[r1 + 1, c]):
                continue
            y0, y1 = int(rows[r0] + margin), int(rows[r1 + 1] - margin)
            left, at, right = int(cols[c] + margin), int(round(cols[c + 1])), int(cols[c + 2] - margin)
            if y1 <= y0:
                continue
            profile = ink[y0:y1, :].sum(axis=0)
            gap = _gap_across(profile, at, left, right, band)
            narrower = min(cols[c + 1] - cols[c], cols[c + 2] - cols[c + 1])
            if gap is not None and gap >= max(COL_GAP_SHARE * narrower, min_gap):
                found.append((c, r0, r1))
    return found


def restore_rules_between_texts(labels: np.ndarray, v: np.ndarray, h: np.ndarray, rows: list[float],
                                cols: list[float], ink: np.ndarray, band: int, margin: float,
                                dpi: float) -> bool:
    """Mark present the lost rules of blocks whose text falls apart along a grid line the
    cells on both sides are divided by. ``ink`` is a boolean ink mask of the page.
    Returns whether any border was restored (``v`` and ``h`` are updated in place)."""
    ink8 = ink.astype(np.uint8)
    min_gap = MIN_GAP_IN * dpi
    row_splits = _rows_split_by_lost_rule(labels, h, rows, cols, ink8, band, margin, min_gap)
    col_splits = _cols_split_by_lost_rule(labels, v, rows, cols, ink8, band, margin, min_gap)
    for r, c0, c1 in row_splits:
        h[r, c0:c1 + 1] = True
    for c, r0, r1 in col_splits:
        v[r0:r1 + 1, c] = True
    return bool(row_splits or col_splits)
