"""Lifting seals off the print: what goes (the seal's own strokes, pale or straight-looking)
and what stays (table rules crossing the seal, black print under it). Synthetic pages, no OCR."""
import cv2
import pytest
import numpy as np

from jixiao.extractors.ocr.seals import (SealMark, _straight_rules, grey_seals, lift_red_ink, red_ink_mask,
                                         red_seals, with_pale_seal_ink)

DPI = 200


def _star(size: int, centre: tuple[int, int], radius: int) -> np.ndarray:
    """A filled five-pointed star (a seal's centre), one point up."""
    angles = np.deg2rad(np.arange(10) * 36 - 90)
    radii = np.where(np.arange(10) % 2 == 0, radius, radius * 0.38)
    points = np.stack([centre[0] + radii * np.cos(angles), centre[1] + radii * np.sin(angles)], 1)
    mask = np.zeros((size, size), np.uint8)
    cv2.fillPoly(mask, [np.round(points).astype(np.int32)], 1)
    return mask > 0


def test_only_straight_runs_that_leave_the_ring_are_rules():
    """A filled star has long vertical and horizontal runs through it, and its points are thin:
    those stay seal. A table rule crosses the whole seal and runs on out of its ring: it is a rule."""
    size, c, radius = 360, 180, 150
    yy, xx = np.mgrid[0:size, 0:size]
    dist = np.hypot(xx - c, yy - c)
    ink = (np.abs(dist - radius) <= 5) | _star(size, (c, c), 70)
    ink[250:253, :] = True                                       # a table rule across the seal
    rules = _straight_rules(ink, length=59, thick=6, beyond=dist > radius + 10)
    assert rules[251, 20:340].all()                              # the rule is kept whole
    star_only = _star(size, (c, c), 75) & ~(np.abs(yy - 251) <= 4)
    assert not (rules & star_only).any()                         # nothing of the star is a rule


def test_a_grey_star_under_a_number_is_lifted_and_the_grid_stays():
    """A 150-dpi-like grey seal (ring and star at mid-grey) over a table: after lifting, the star
    and ring are paper, the table's dark rules through the seal and a dark digit over the star stay."""
    h, w = 900, 900
    page = np.full((h, w), 240, np.uint8)
    c, radius = (450, 450), 157                                  # a 40 mm seal at 200 dpi
    cv2.circle(page, c, radius, 165, 12)
    star = _star(h, c, 70)
    page[star] = 165
    for y in range(150, 800, 110):
        page[y:y + 3, 60:840] = np.minimum(page[y:y + 3, 60:840], 80)
    for x in (60, 300, 600, 840):
        page[150:783, x:x + 3] = np.minimum(page[150:783, x:x + 3], 80)
    digit = np.zeros((h, w), bool)
    digit[425:475, 445:451] = True                               # a "1" over the star
    page[digit & star] = 70                                      # print over the seal: darker still
    page[digit & ~star] = 90
    level, _ = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    marks, out = grey_seals(page, DPI, int(level))
    assert len(marks) == 1 and marks[0].seen_as == "grey ring"
    assert out[digit].max() < 150                                # the digit stays
    for y in range(150, 800, 110):                               # every row rule stays whole
        assert (out[y:y + 3, 60:840].min(axis=0) < 150).all()
    for x in (60, 300, 600, 840):                                # and every column rule
        assert (out[150:783, x:x + 3].min(axis=1) < 150).all()
    rest = star | (np.abs(_ring_dist(h, w, c) - radius) <= 6)    # the seal's strokes away from print
    rest &= ~cv2.dilate(digit.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    for y in range(150, 800, 110):
        rest[y - 3:y + 6, :] = False
    for x in (60, 300, 600, 840):
        rest[:, x - 3:x + 6] = False
    assert (out[rest] >= 200).mean() > 0.98                      # the seal's own strokes are gone


def _ring_dist(h: int, w: int, c: tuple[int, int]) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    return np.hypot(xx - c[0], yy - c[1])


def test_pale_red_inside_a_found_seal_is_lifted_and_only_there():
    """A stamp's worn strokes are pink, too faint for red ink on a page: inside a seal found by its
    vivid ring they are lifted as its ink; the same pink elsewhere is not taken for a seal; black
    print under the pink stays black."""
    h, w = 700, 900
    rgb = np.full((h, w, 3), 242, np.uint8)
    cv2.circle(rgb, (350, 350), 157, (205, 40, 45), 12)          # vivid red ring: the seal
    pale = (225, 185, 185)                                       # a worn stroke, saturation ~45
    rgb[330:340, 280:330] = pale
    rgb[330:340, 760:810] = pale                                 # the same pink away from any seal
    rgb[320:360, 300:306] = (40, 40, 40)                         # black print across the pale stroke
    red = red_ink_mask(rgb)
    assert not red[330:340, 280:330].any()                       # too faint for the page-wide test
    marks = red_seals(rgb, red, DPI)
    assert len(marks) == 1
    widened = with_pale_seal_ink(rgb, red, marks)
    assert widened[330:340, 310:330].all()
    assert not widened[330:340, 760:810].any()
    gray = lift_red_ink(rgb, widened)
    assert gray[332:338, 310:328].min() >= 225                   # the pink stroke is paper
    assert gray[322:358, 301:305].max() < 80                     # the print across it stays
    assert with_pale_seal_ink(rgb, red, []) is red
    assert isinstance(marks[0], SealMark)


def _grey_seal_page(h: int, w: int, centre: tuple[int, int], radius: int = 157) -> np.ndarray:
    """A 150-dpi-like grey page (paper 240) with a seal's ring at mid-grey, 12 px wide."""
    page = np.full((h, w), 240, np.uint8)
    cv2.circle(page, centre, radius, 165, 12)
    return page


def test_a_grey_seal_stamped_at_the_page_edge_is_found():
    """A seal stamped over a 合计 row at the top of a page runs off the page's edge: its ring is
    tested on the part that is on the page, and it is found and lifted like any other."""
    h, w = 700, 900
    c, radius = (450, 120), 157                                   # a fifth of the ring above the page
    page = _grey_seal_page(h, w, c, radius)
    page[200:203, 60:840] = 80                                    # a row rule under it
    level, _ = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    marks, out = grey_seals(page, DPI, int(level))
    assert len(marks) == 1 and marks[0].seen_as == "grey ring"
    ring = (np.abs(_ring_dist(h, w, c) - radius) <= 5) & (np.abs(np.mgrid[0:h, 0:w][0] - 201) > 6)
    assert (out[ring] >= 200).mean() > 0.95                       # the ring is lifted
    assert (out[200:203, 60:840].min(axis=0) < 150).all()         # the rule stays whole


def test_a_hard_pressed_grey_seal_is_lifted_and_thin_print_over_it_stays():
    """Where a stamp was pressed hardest its grey is nearly as dark as 150 dpi print: a tone cut
    between print and the seal kept those patches (read as strokes in the cells under them). The
    seal's strokes are wider than print's, so its tone is divided out: the dark patches go, and a
    thin digit, its grey edges and the decimal point beside it stay where they cross the seal."""
    h, w = 900, 900
    c, radius = (450, 450), 157
    page = _grey_seal_page(h, w, c, radius)
    ring = np.abs(_ring_dist(h, w, c) - radius) <= 6
    pressed = ring & (np.mgrid[0:h, 0:w][1] > 500)               # the right side of the ring pressed hard
    page[pressed] = 118
    for y in range(150, 800, 110):                                # a table's rows, print at 80
        page[y:y + 3, 60:840] = 80
    digit = np.zeros((h, w), bool)
    digit[560:600, 596:599] = True                                # a thin "1" across the pressed ring
    edge = cv2.dilate(digit.astype(np.uint8), np.ones((1, 3), np.uint8)).astype(bool) & ~digit
    dot = np.zeros((h, w), bool)
    dot[596:599, 604:607] = True                                  # its decimal point, off the ring
    on_seal = page < 200
    page[digit] = np.where(on_seal[digit], 80 * page[digit] / 240, 80).astype(np.uint8)
    page[edge] = np.where(on_seal[edge], 170 * page[edge] / 240, 170).astype(np.uint8)
    page[dot] = 150
    level, _ = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    marks, out = grey_seals(page, DPI, int(level))
    assert len(marks) == 1
    away = pressed & ~cv2.dilate((digit | dot).astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    for y in range(150, 800, 110):
        away[y - 3:y + 6, :] = False
    assert (out[away] >= 200).mean() > 0.95                       # the pressed patches are paper
    assert out[digit].max() < 120                                 # the digit stays dark
    assert out[dot].min() < 200                                   # and its point stays


def _two_red_rings(h: int, w: int, apart: int) -> np.ndarray:
    """A page with two vivid red seal rings (radius 157 px at 200 dpi, ~40 mm across) ``apart`` px."""
    rgb = np.full((h, w, 3), 242, np.uint8)
    cv2.circle(rgb, (300, 350), 157, (205, 40, 45), 12)
    cv2.circle(rgb, (300 + apart, 370), 157, (210, 45, 50), 12)
    return rgb


@pytest.mark.parametrize("apart", [95, 125, 160, 250, 330])
def test_red_seals_stamped_over_each_other_are_two_seals(apart):
    """Two seals half over each other (or touching) join into one cluster of red ink wider than any
    seal: each is found by its ring, its box round its own ring, and an overlap is marked so that
    its arc text, read through the other's ink, is not reported as sure."""
    rgb = _two_red_rings(700, 1000, apart)
    marks = sorted(red_seals(rgb, red_ink_mask(rgb), DPI), key=lambda m: m.box[0])
    assert len(marks) == 2
    for mark, cx in zip(marks, (300, 300 + apart)):
        x0, y0, x1, y1 = mark.box
        assert abs((x0 + x1) / 2 - cx) < 8 and 320 < x1 - x0 < 360
    assert all(m.overlapped == (apart < 2 * 157) for m in marks)


def test_one_red_seal_is_one_mark_and_overlaps_nothing():
    rgb = np.full((700, 1000, 3), 242, np.uint8)
    cv2.circle(rgb, (400, 350), 157, (205, 40, 45), 12)
    (mark,) = red_seals(rgb, red_ink_mask(rgb), DPI)
    assert not mark.overlapped


def test_grey_seals_stamped_half_over_each_other_are_two_seals():
    """A second ring whose centre lies inside the first seal's box is a seal of its own when it
    lies a radius away; only a ring found twice (centres a few px apart) is one seal."""
    h, w = 700, 1000
    page = _grey_seal_page(h, w, (350, 350))
    cv2.circle(page, (350 + 170, 380), 157, 165, 12)
    level, _ = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    marks, _ = grey_seals(page, DPI, int(level))
    assert len(marks) == 2 and all(m.overlapped for m in marks)


def test_a_seal_joined_by_another_stamp_is_a_seal_whose_arc_is_in_doubt():
    """A seal with a rectangular red stamp (a 核对章) beside it: one cluster wider than a seal, one ring
    in it; the seal is recorded, and the other stamp's ink may lie in its disc, so its arc is doubted."""
    rgb = np.full((700, 1100, 3), 242, np.uint8)
    cv2.circle(rgb, (300, 350), 157, (205, 40, 45), 12)
    cv2.rectangle(rgb, (440, 300), (760, 420), (205, 40, 45), 10)
    (mark,) = red_seals(rgb, red_ink_mask(rgb), DPI)
    assert mark.overlapped
