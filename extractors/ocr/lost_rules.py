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
GAP_SHARE = 0.4
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


def _missing_stretch(drawn_line: np.ndarray, a0: int, a1: int) -> tuple[int, int]:
    """The whole stretch of grid positions round a block's ``a0..a1`` where the border is missing."""
    while a0 > 0 and not drawn_line[a0 - 1]:
        a0 -= 1
    while a1 < len(drawn_line) - 1 and not drawn_line[a1 + 1]:
        a1 += 1
    return a0, a1


def _falls_apart(ink: np.ndarray, across: list[float], along: list[float], k: int, a0: int, a1: int,
                 band: int, margin: float, min_gap: float) -> bool | None:
    """Whether the block's ink over lines k and k+1 (positions a0..a1) falls apart along the border
    between them with a bare gap wider than cell padding; None when the block holds no ink there (a
    blank cell says nothing either way)."""
    lo, hi = int(along[a0] + margin), int(along[a1 + 1] - margin)
    top, bottom = int(across[k] + margin), int(across[k + 2] - margin)
    if hi <= lo or bottom <= top:
        return False
    # the block's ink profile over the two rows (columns) the border divides, not the whole page
    profile = ink[top:bottom, lo:hi].sum(axis=1)
    if not (profile >= MIN_INK_PIXELS).any():
        return None
    at = int(round(across[k + 1]))
    gap = _gap_across(profile, at - top, 0, bottom - top, band)
    narrower = min(across[k + 1] - across[k], across[k + 2] - across[k + 1])
    return gap is not None and bool(gap >= max(GAP_SHARE * narrower, min_gap))


def _blank(ink: np.ndarray, block: np.ndarray, across: list[float], along: list[float], margin: float) -> bool:
    """Whether a block of the grid (``block``: its positions, lines × positions) holds no ink anywhere."""
    lines, positions = np.nonzero(block.any(axis=1))[0], np.nonzero(block.any(axis=0))[0]
    top, bottom = int(across[lines[0]] + margin), int(across[lines[-1] + 1] - margin)
    lo, hi = int(along[positions[0]] + margin), int(along[positions[-1] + 1] - margin)
    if hi <= lo or bottom <= top:
        return True
    return not (ink[top:bottom, lo:hi].sum(axis=1) >= MIN_INK_PIXELS).any()


def _splits_along(labels: np.ndarray, drawn: np.ndarray, across: list[float], along: list[float],
                  ink: np.ndarray, band: int, margin: float, min_gap: float) -> list[tuple[int, int, int]]:
    """Lost rules (k, a0, a1): the border after line ``k`` over positions a0..a1 of a block.

    Written for the rules between rows (``drawn[k, c]``: the rule below row k in column c,
    ``across`` the row edges, ``along`` the column edges); the rules between columns are
    the same search on the transposed grid. A block's border is taken as lost where its ink
    falls apart along it with a bare gap wider than cell padding and the cells just outside
    the stretch where the border is missing are divided along it. A rule lost under a shadow
    or a seal is often lost over two neighbouring blocks at once (a row's 分值 and 得分, "6"
    over "10" in each): the stretch then holds both, and is taken only when every block in it
    falls apart there or is blank all over (a 偏差原因 cell left empty says nothing either way) —
    a printed merged label beside it (a 一级 name centred over many rows, its text in other rows
    of the block than these two) does not, and keeps the wrapped lines of the label next to it
    together. A stretch reaching the table's edge is not taken: no cell beyond it says the rule ran on
    (letting it reach the far edge restored 179's 总分 under a seal over 得分, and misread a fax's
    last column, 130's at both resolutions).
    """
    found = []
    n_lines, n_along = labels.shape
    for k in range(n_lines - 1):
        spans = {}
        for block in np.unique(labels[k][labels[k] == labels[k + 1]]):
            positions = np.nonzero((labels == block).any(axis=0))[0]
            a0, a1 = int(positions[0]), int(positions[-1])
            apart = _falls_apart(ink, across, along, k, a0, a1, band, margin, min_gap)
            if apart is None and not _blank(ink, labels == block, across, along, margin):
                apart = False  # a merged label whose text stands in other rows of its block
            spans[int(block)] = (a0, a1, apart)
        for a0, a1, apart in spans.values():
            if apart is not True:
                continue
            s0, s1 = _missing_stretch(drawn[k], a0, a1)
            if s0 == 0 or s1 == n_along - 1:
                continue
            if all(spans.get(int(labels[k, a]), (0, 0, False))[2] is not False for a in range(s0, s1 + 1)):
                found.append((k, a0, a1))
    return found


def restore_rules_between_texts(labels: np.ndarray, v: np.ndarray, h: np.ndarray, rows: list[float],
                                cols: list[float], ink: np.ndarray, band: int, margin: float,
                                dpi: float) -> list[tuple[int, int]]:
    """Mark present the lost rules of blocks whose text falls apart along a grid line the
    cells on both sides are divided by. ``ink`` is a boolean ink mask of the page.
    Returns the grid positions on either side of each restored border (``v`` and ``h``
    are updated in place)."""
    min_gap = MIN_GAP_IN * dpi
    row_splits = _splits_along(labels, h, rows, cols, ink, band, margin, min_gap)
    col_splits = _splits_along(labels.T, v.T, cols, rows, ink.T, band, margin, min_gap)
    mended = []
    for r, c0, c1 in row_splits:
        h[r, c0:c1 + 1] = True
        mended += [(rr, c) for rr in (r, r + 1) for c in range(c0, c1 + 1)]
    for c, r0, r1 in col_splits:
        v[r0:r1 + 1, c] = True
        mended += [(r, cc) for cc in (c, c + 1) for r in range(r0, r1 + 1)]
    return mended
