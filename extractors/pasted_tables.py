"""Tables pasted as pictures on text pages.

A 自评报告 typed in a word processor often carries its 自评表 as a picture: a screenshot of the
spreadsheet or a scanned sheet inserted between the paragraphs.  The page has a text layer (the
report's headings and paragraphs), so it is routed to the text reader, which finds no table: the form
is in the picture, and the document would end "no form found".  When the text reader finds no table on
a page and a picture covers a good part of it with no text over it (not a background) and long
horizontal rules cross the picture (a ruled table, or a 三线表's three), the page is read again by OCR,
as it shows: the report's own text with it.
"""
from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium

from jixiao.extractors.chars import text_layer
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.placed_seals import image_boxes

#: The picture covers at least this share of the page (a seal, a logo or a signature is smaller).
MIN_PICTURE_SHARE = 0.2
#: At most this share of the page's characters lie over the picture: more, and it is a background
#: under the page's own text (a letterhead, a scan under its OCR layer), not a pasted sheet.
MAX_TEXT_OVER = 0.05
#: The picture is looked at this finely for its rules: a word processor's hairline (0.05 pt, drawn one
#: pixel of light grey in a 150-dpi screenshot) fades into the paper at 50 dpi.
RULE_DPI = 100
#: A rule's pixels are this much darker than the picture's paper (its median grey), whatever the
#: paper's own tone (a scanned sheet pasted grey, a screenshot white) ...
RULE_CONTRAST = 25
#: ... along this share of the picture's width, in a band at most this thick (points): a table has
#: at least MIN_RULES such rules (a 三线表 three), where a photograph's dark stretches are wide bands.
#: Measured on forms pasted as 150-dpi screenshots: 13–23 rule rows each.
RULE_SPAN = 0.85
MAX_RULE_PT = 3.0
MIN_RULES = 3


def table_picture(page: pdfium.PdfPage) -> str | None:
    """Why the page is a table pasted as a picture (the route's reason), or None."""
    boxes = image_boxes(page)
    if not boxes:
        return None
    frame = PageFrame.of(page)
    width, height = frame.size
    left, bottom, right, top = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    share = (right - left) * (top - bottom) / max(width * height, 1.0)
    if share < MIN_PICTURE_SHARE or _text_over(page, (left, bottom, right, top)) > MAX_TEXT_OVER:
        return None
    rules = _long_rules(page, frame.box(left, bottom, right, top))
    if rules < MIN_RULES:
        return None
    return f"a picture with {rules} long rules covers {share:.0%} of the page, no text over it: a table pasted as a picture"


def _text_over(page: pdfium.PdfPage, box: tuple[float, float, float, float]) -> float:
    """Share of the page's drawn characters whose centre lies over the box (user space)."""
    left, bottom, right, top = box
    with text_layer(page) as layer:
        listing = layer.chars()
    centres = [((b[0] + b[1]) / 2, (b[2] + b[3]) / 2) for code, b in zip(listing.codes, listing.boxes)
               if b is not None and not chr(code).isspace()]
    if not centres:
        return 0.0
    return sum(left <= x <= right and bottom <= y <= top for x, y in centres) / len(centres)


def _long_rules(page: pdfium.PdfPage, shown: tuple[float, float, float, float]) -> int:
    """Thin horizontal rules across the displayed box (top-left origin, points), each counted once."""
    scale = RULE_DPI / 72
    grey = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    x0, y0, x1, y1 = (int(round(v * scale)) for v in shown)
    crop = grey[max(y0, 0):y1, max(x0, 0):x1]
    if crop.size == 0:
        return 0
    paper = float(np.median(crop))
    ruled = (crop < paper - RULE_CONTRAST).mean(axis=1) >= RULE_SPAN
    return sum(1 for length in _run_lengths(ruled) if length <= MAX_RULE_PT * scale)


def _run_lengths(flags: np.ndarray) -> list[int]:
    """Lengths of the runs of True in a row of flags."""
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return (np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).tolist()
