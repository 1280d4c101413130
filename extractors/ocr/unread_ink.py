"""Ink in front of a value that its reading does not account for: a comparison sign a fax thinned.

On a fax a small "≥" or "≤" keeps only scattered pixels of its thin strokes; after smoothing
they are a pale blot before the number, and the recogniser reads "320人" surely, as if nothing
stood there. The line's own image says otherwise: a blot of glyph size lies left of the
first character the recogniser emitted (its CTC time steps place each character along the
crop). Such a reading is not sure, whatever its score, and the blot before a value is most
likely the sign a target is printed with; which way it points is what the recogniser's
faint probabilities of "≥ >" against "≤ <" over the blot's steps say, when they say it
clearly. The sign is offered to the row as an alternative only (a target takes it, an
actual never; normalizers/row_context.py), and the reading's confidence is capped, so a form
read this way is reviewed, never reported clean.

A fax may thin a sign further still, to a grey haze paler than any ink the line finder keeps
(≈220 of 255 on a 204×98 fax): the line's crop then starts at the number and the blot lies outside
it. faint_lead finds such a glyph-sized haze just left of a line's box on the page itself; the row is
offered either sign (its outcome may choose one, named as chosen), the reading's confidence untouched.
"""
from __future__ import annotations

import numpy as np

#: Grey darker than this (of 255) is ink, however pale: the blot of a thinned sign is light grey.
PALE_INK = 200
#: A blot counts as a glyph when its ink spans at least this share of the line's ink height ...
MIN_BLOT_HEIGHT = 0.15
#: ... and at least this share of it across (a speck of dust is smaller both ways) ...
MIN_BLOT_WIDTH = 0.12
#: ... and holds at least this many pixels of ink per square of the ink height.
MIN_BLOT_INK = 0.03
#: ... and its darkest pixel is darker than this (a sign's strokes, not a grey haze).
BLOT_INK = 175
#: A blot is unread when it ends this many line heights (of ink) before the first emitted
#: character's time step: a glyph's left edge lies about a third of a height before its step.
UNREAD_BEFORE = 0.5
#: One way of the sign must be this many times as probable as the other to be named ...
SIGN_ODDS = 3.0
#: ... and at least this probable at one of the blot's steps (the recogniser saw a trace of it).
SIGN_FLOOR = 1e-4
#: A row of the crop belongs to the line's body when it holds at least this share of the fullest row's
#: ink: a speck of fax dust above or below the print is no part of the line's height. Measured on the
#: 11 tune faxes (blots found unread; fields exact over all): 0.05 → 164 blots, 0.7966 (132 lost two
#: fields); 0.1 → 177, 0.7985; 0.2 → 213, 0.7919 (130, 132, 133 and 200 lost or changed fields, signs
#: put on figures that had none: "≤21096", "≤1000").
BODY_ROW_INK = 0.1
#: Confidence a reading with unread ink before it keeps at most.
UNREAD_CONFIDENCE = 0.5
#: The signs looked at, by the way they point (the recogniser's labels for them).
GREATER, LESS = ("≥", ">"), ("≤", "<")


def unread_lead(crop: np.ndarray, first_step: int | None, steps: float) -> tuple[int, int] | None:
    """The time steps (first, last) over a glyph-sized blot of ink lying before the first character
    the reading emitted (step ``first_step`` of the ``steps`` the crop's pixels span:
    :func:`jixiao.extractors.ocr.engine.crop_steps`), or None when the reading starts at the line's
    first ink.

    The blot is all the ink left of where that character's glyph begins (a thinned sign falls
    apart into pieces); it must be as tall and wide as a small glyph, hold as much ink as one and
    be dark somewhere (specks of dust are smaller, a haze is paler).
    """
    if first_step is None or steps <= 0:
        return None
    ink = crop < PALE_INK
    height = body_height(ink)
    if height == 0:
        return None
    step_px = crop.shape[1] / steps
    limit = int((first_step + 0.5) * step_px - UNREAD_BEFORE * height)
    if limit <= 0:
        return None
    before = ink[:, :limit]
    columns, blot_rows = np.flatnonzero(before.any(axis=0)), np.flatnonzero(before.any(axis=1))
    if columns.size == 0:
        return None
    left, right = int(columns[0]), int(columns[-1]) + 1
    if (blot_rows[-1] - blot_rows[0] + 1 < MIN_BLOT_HEIGHT * height or right - left < MIN_BLOT_WIDTH * height
            or before.sum() < MIN_BLOT_INK * height * height or crop[:, left:right].min() >= BLOT_INK):
        return None
    return int(left / step_px), min(int(np.ceil(right / step_px)), first_step)


def body_rows(ink: np.ndarray) -> tuple[int, int] | None:
    """A line's body of ink, rows [top, bottom): from its first to its last row holding at least
    BODY_ROW_INK of the fullest row's ink (None without ink). A fax's dust lies anywhere in a crop; one
    speck above or below the print made the line half as tall again, and every glyph-sized measure
    of a thinned sign's blot too large for it."""
    per_row = ink.sum(axis=1)
    if per_row.max(initial=0) == 0:
        return None
    rows = np.flatnonzero(per_row >= max(1, BODY_ROW_INK * per_row.max()))
    return int(rows[0]), int(rows[-1]) + 1


def body_height(ink: np.ndarray) -> int:
    """Height in pixels of a line's body of ink (body_rows), 0 without ink."""
    body = body_rows(ink)
    return body[1] - body[0] if body else 0


def sign_of(signs: np.ndarray, span: tuple[int, int]) -> str | None:
    """"≥" or "≤" as the recogniser's probabilities over ``span`` (rows: time steps; columns: the
    labels of GREATER then LESS) lean clearly one way, else None."""
    window = signs[span[0]:span[1] + 1]
    if window.size == 0:
        return None
    greater = float(window[:, :len(GREATER)].sum(axis=1).max())
    less = float(window[:, len(GREATER):].sum(axis=1).max())
    if greater >= max(SIGN_ODDS * less, SIGN_FLOOR):
        return GREATER[0]
    if less >= max(SIGN_ODDS * greater, SIGN_FLOOR):
        return LESS[0]
    return None


#: Grey darker than this (of 255) counts as the faint ink of a sign a fax all but lost: lighter than
#: PALE_INK, the thin strokes of a "≥" smoothed to a grey haze the line finder and the recogniser never see.
FAINT_INK = 240
#: A faint lead is looked for this many line heights left of a line's box ...
FAINT_REACH = 1.2
#: ... and must end within this many line heights of the line's first ink (a sign stands right before
#: its number; a speck further off is dust).
FAINT_GAP = 0.6
#: A faint lead's ink spans at least this share of the line's ink height, across at least this share
#: of it, and holds at least this many faint pixels per square of the ink height (scattered dust is
#: lower, narrower and sparser).
FAINT_HEIGHT, FAINT_WIDTH, FAINT_DENSITY = 0.4, 0.3, 0.08
#: Pixels left of a line's first ink that are that glyph's own smoothed edge, not part of a blot before it.
FAINT_EDGE = 2
#: Measured on the tune faxes (11 files; 374 value lines of two or more characters with no sign of their
#: own, 143 with faint ink in reach): the 6 blots taken (all on 200's two faxes; one line's reading is a
#: signed truth target without its sign, the others' readings match no truth target) lie at a gap of 0.11–0.50,
#: height 0.81–1.00, width 0.44–0.81 and density 0.117–0.348; of the blots not taken, none fails on gap or
#: height alone, the nearest that fails on width alone is 0.27 wide and
#: on density alone 0.066. FAINT_INK and FAINT_REACH were not varied.


def faint_lead(image: np.ndarray, box: tuple[float, float, float, float], level: int) -> bool:
    """Whether a glyph-sized blot of faint ink (FAINT_INK, paler than the page's ink ``level``) lies
    just left of the line ``box`` (pixels of ``image``, the line's ink with its margins): a comparison
    sign whose strokes a fax thinned to a haze, outside the crop the recogniser read.

    The blot must lie in the band of the line's body of ink, end within FAINT_GAP line heights of the
    line's first ink and be as tall, wide and inked as a small glyph; with nothing darker than the
    page's ink in it (a dark mark there is a glyph of its own the line finder would have taken)."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    y0, y1, x1 = max(y0, 0), min(y1, image.shape[0]), min(x1, image.shape[1])
    line = image[y0:y1, max(x0, 0):x1] < level
    cols = np.flatnonzero(line.any(axis=0))
    body = body_rows(line)
    if cols.size == 0 or body is None:
        return False
    height = body[1] - body[0]
    top, bottom = y0 + body[0], y0 + body[1]
    first_ink = max(x0, 0) + int(cols[0])
    left = max(first_ink - int(round((FAINT_REACH + FAINT_GAP) * height)), 0)
    # the first glyph's own grey edge is no blot of its own
    band = image[top:bottom, left:max(first_ink - FAINT_EDGE, left)]
    faint = band < FAINT_INK
    if band.size == 0 or (band < level).any():
        return False
    columns = np.flatnonzero(faint.sum(axis=0) >= 1)
    if columns.size == 0 or first_ink - (left + int(columns[-1]) + 1) > FAINT_GAP * height:
        return False
    # the blot: the run of faint columns nearest the line (gaps of a few pixels bridged)
    start = int(columns[-1])
    for c in columns[::-1]:
        if start - c > max(2, height // 4):
            break
        start = int(c)
    blot = faint[:, start:int(columns[-1]) + 1]
    blot_rows = np.flatnonzero(blot.any(axis=1))
    return bool(blot_rows[-1] - blot_rows[0] + 1 >= FAINT_HEIGHT * height
                and blot.shape[1] >= FAINT_WIDTH * height
                and blot.sum() >= FAINT_DENSITY * height * height)


#: Widths of glyphs in line heights of ink (a fax's smoothed print): how much of a line a reading
#: accounts for. A CJK glyph is about square; digits, signs and points narrower.
GLYPH_WIDTHS = {"digit": 0.55, "point": 0.3, "percent": 0.8, "sign": 0.7, "cjk": 1.0}
#: Ink this many line heights wider than its reading accounts for holds a glyph the reading left out:
#: a unit word whose thin strokes the fax broke up (measured on the tune faxes: lines read whole
#: exceed their estimate by at most ≈1.1 heights, "≥160" printed "≥160场" by 1.5 and more).
UNREAD_TAIL_ROOM = 1.3


def _glyph_width(ch: str) -> float:
    if ch.isdigit():
        return GLYPH_WIDTHS["digit"]
    if ch in ".,":
        return GLYPH_WIDTHS["point"]
    if ch in "%‰":
        return GLYPH_WIDTHS["percent"]
    if "\u4e00" <= ch <= "\u9fff":
        return GLYPH_WIDTHS["cjk"]
    return GLYPH_WIDTHS["sign"]


def unread_width(crop: np.ndarray, text: str) -> float:
    """How much wider a value line's ink is than its reading accounts for, in line heights of ink (0 for
    a line without ink or reading): room for glyphs the recogniser (or the value grammar) left out."""
    ink = crop < PALE_INK
    height = body_height(ink)
    columns = np.flatnonzero(ink.any(axis=0))
    reading = "".join(text.split())
    if height == 0 or columns.size == 0 or not reading:
        return 0.0
    width = (columns[-1] + 1 - columns[0]) / height
    return float(width - reading_width(reading))


def reading_width(text: str) -> float:
    """The width a reading's glyphs take on a fax's line, in line heights of ink (GLYPH_WIDTHS)."""
    return sum(_glyph_width(ch) for ch in "".join(text.split()))


#: Ink left over once a row's final reading of a target is accounted for, in line heights, that holds a
#: comparison sign the recogniser left unread (≈0.7 wide, plus the estimate's slack of up to ≈1.1 on lines
#: read whole, hence the floor) ...
LOST_SIGN_ROOM = 1.3
#: ... and no more than this: ink several glyphs wider than the reading is a rule or a neighbour's text
#: caught in the crop, not one lost glyph. Measured on the 11 tune faxes: of the targets read with no sign,
#: those printed with one left 1.36–2.25 heights over, those printed without left at most 0.68 or 5.5 and more.
LOST_SIGN_MAX = 3.0


def room_for_a_lost_sign(unread: float, measured: str, reading: str) -> bool:
    """Whether a value line's ink, ``unread`` line heights wider than the reading it was measured against
    (``measured``: unread_width), still holds a sign's width unread once ``reading`` (the row's final
    reading of the cell: a "%" or unit word found since takes its share of the ink) is accounted for."""
    left = unread - (reading_width(reading) - reading_width(measured))
    return LOST_SIGN_ROOM <= left <= LOST_SIGN_MAX


def unread_tail(width: float) -> bool:
    """Whether a value line whose ink is ``width`` line heights wider than its reading (unread_width)
    holds a glyph or more unread (UNREAD_TAIL_ROOM): a unit word printed after the number that the
    recogniser (or the value grammar) left out, "≥160" read from "≥160场". Which word it was the line
    cannot say; its row partner may."""
    return width >= UNREAD_TAIL_ROOM
