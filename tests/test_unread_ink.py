"""Ink before a fax value that its reading does not account for (extractors/ocr/unread_ink.py).

A fax thins a small "≥" to a pale blot; the recogniser reads the number after it surely ("320人")
and drops the sign. The blot left of the first character read caps the reading's confidence, and
the sign the recogniser's faint probabilities lean to is offered to the row as an alternative.
"""
from pathlib import Path

import numpy as np
import pytest

from jixiao.extractors.ocr.unread_ink import PALE_INK, UNREAD_CONFIDENCE, body_height, sign_of, unread_lead

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _line(blot: tuple[int, int, int, int] | None) -> np.ndarray:
    """A 30 px line crop: a digit-like bar from x=40 to 60 (rows 6–26), and a grey blot (x0, x1, y0, y1)."""
    crop = np.full((30, 80), 255, np.uint8)
    crop[6:26, 40:60] = 40
    if blot:
        x0, x1, y0, y1 = blot
        crop[y0:y1, x0:x1] = 130
    return crop


def test_a_glyph_sized_blot_before_the_first_character_read_is_unread():
    # 16 time steps over 80 px (5 px each); the first character emitted at step 9 (x ≈ 47)
    assert unread_lead(_line((8, 16, 16, 22)), first_step=9, steps=16) == (1, 4)


def test_no_blot_dust_or_a_character_read_at_the_lines_first_ink_is_not():
    assert unread_lead(_line(None), first_step=9, steps=16) is None
    assert unread_lead(_line((10, 11, 18, 19)), first_step=9, steps=16) is None  # a speck of dust
    assert unread_lead(_line((8, 16, 16, 22)), first_step=2, steps=16) is None  # the blot was read
    assert unread_lead(_line((8, 16, 16, 22)), first_step=None, steps=16) is None


def test_specks_of_dust_above_and_below_the_print_do_not_make_the_line_taller():
    """A blot is measured against the line's body of ink: one speck of fax dust at the crop's top and
    bottom made the line half as tall again, and a thinned sign's blot too small for it."""
    crop = _line((8, 12, 16, 22))
    crop[0, 70] = crop[29, 70] = 150  # dust right of the print
    assert body_height(crop < PALE_INK) == 20
    assert unread_lead(crop, first_step=9, steps=16) == (1, 3)


def test_a_short_values_blot_is_found_on_the_steps_its_own_pixels_span():
    """A crop narrower than the recogniser's least width ("≥5") is padded to it: the kept steps
    reach past the crop, and the blot is looked for on the steps the crop itself spans."""
    from jixiao.extractors.ocr.engine import MIN_REC_RATIO, REC_HEIGHT, crop_steps, rec_ratio

    crop = np.full((28, 32), 255, np.uint8)
    crop[4:24, 18:28] = 40  # the digit read
    crop[10:18, 2:10] = 130  # the thinned sign
    ratio = rec_ratio(crop)
    assert ratio < MIN_REC_RATIO
    steps = int(np.ceil(REC_HEIGHT * MIN_REC_RATIO)) // 8  # the model's steps over the padded width
    kept = min(steps, int(np.ceil(steps * MIN_REC_RATIO / MIN_REC_RATIO)) + 1)
    spanned = crop_steps(crop, kept)
    assert spanned < kept / 2 + 1
    first = int(23 / crop.shape[1] * spanned)  # the digit's step on the crop's own steps
    assert unread_lead(crop, first, spanned) is not None
    assert unread_lead(crop, first, kept) is None  # on the padded width's steps the blot is missed


def test_the_sign_is_named_only_when_the_recogniser_leans_clearly_one_way():
    # columns: ≥ > ≤ <
    greater = np.array([[0.0, 0.0, 0.0, 0.0], [2e-3, 1e-3, 1e-4, 0.0]])
    assert sign_of(greater, (0, 1)) == "≥"
    assert sign_of(greater[:, [2, 3, 0, 1]], (0, 1)) == "≤"
    assert sign_of(np.array([[1e-3, 0.0, 6e-4, 0.0]]), (0, 0)) is None  # no clear lean
    assert sign_of(np.array([[5e-5, 0.0, 0.0, 0.0]]), (0, 0)) is None  # no trace of a sign


@pytest.mark.parametrize("name, signed", [
    ("130_hezhou_forest_fax204.pdf", ("≥320人", "≥85%")),
    # the reading kept is a second look's, which saw no blot: the first reading's blot still counts
    ("100_tianshui_fax204.pdf", ("≥2.6万人",)),
    # dust above and below its line made the line too tall for its blot (read "2400人次" at 0.98); the
    # blot leans neither way, and the row's full score beside an actual of 2518 says "≥"
    ("133_quanzhou_fishery_fax204.pdf", ("≥2400人次",)),
])
def test_fax_targets_whose_sign_was_thinned_to_a_blot(sample_runs, name, signed):
    """Tune faxes at 204×98: "≥320人" and "≥85%" (130) were read "320人" and "85%" (the first at 0.99),
    "≥2.6万人" (100) "2.6万人": the blot before them gives the sign back, and the targets stay in doubt."""
    (doc,) = sample_runs.documents([SAMPLES / "pdf" / name])
    (form,) = doc.forms
    targets = {ind.target.text: ind for ind in form.indicators}
    for text in signed:
        assert text in targets
        assert targets[text].field_confidence.get("target", 1.0) <= UNREAD_CONFIDENCE
        # the sign is not read: the verdict keeps the cell in doubt (a sign the row's outcome chose
        # agrees with the row's score by construction, so it must not stand as read)
        row = targets[text].row_index
        assert any(r.kind == "misread" and (r.row_index, r.field) == (row, "target") for r in form.verdict_reasons), text
    assert form.verdict == "suspect"


def _page_with_faint_lead(lead_grey: int | None, lead_width: int = 10) -> np.ndarray:
    """A 60×120 page: a dark number from x=60 to 90 (rows 20–40) and, left of it, a faint blot of
    ``lead_grey`` (x = 60 - 3 - lead_width … 57, rows 24–36): a "≥" a fax thinned to a haze."""
    page = np.full((60, 120), 255, np.uint8)
    page[20:40, 60:90] = 40
    if lead_grey is not None:
        page[24:36:2, 57 - lead_width:57] = lead_grey  # every other row: a dithered haze
    return page


def test_a_faint_glyph_sized_blot_just_left_of_a_line_is_a_faint_lead():
    """The blot is paler than any ink the line finder keeps (level 185), so the line's box starts at the
    number; the haze before it is glyph-sized and close: a sign the fax all but lost."""
    from jixiao.extractors.ocr.unread_ink import faint_lead

    box = (55, 15, 95, 45)
    assert faint_lead(_page_with_faint_lead(225), box, level=185)
    assert not faint_lead(_page_with_faint_lead(None), box, level=185)  # clean paper
    assert not faint_lead(_page_with_faint_lead(250), box, level=185)  # paler than any faint ink
    assert not faint_lead(_page_with_faint_lead(225, lead_width=2), box, level=185)  # a speck, not a glyph
    assert not faint_lead(_page_with_faint_lead(100), box, level=185)  # dark: a glyph of its own


def test_a_faint_lead_offers_either_sign_without_touching_the_reading():
    from jixiao.extractors.ocr.value_decoding import with_faint_lead

    assert dict(with_faint_lead("12000", [])) == {"≥12000": 0.01, "≤12000": 0.01}
    assert with_faint_lead("≥12000", [("12000", 0.3)]) == [("12000", 0.3)]


def test_fax_targets_whose_sign_a_fax_thinned_to_a_haze_outside_the_crop(sample_runs):
    """200_renshou at 204×98 (tune): "≥12000亩" and "≥0.55" were read "12000" and "0.55", their signs a
    grey haze (≈220 of 255) just left of the line's crop, paler than the page's ink: a faint lead. The
    row's full score beside a larger actual chooses "≥", named as chosen (SIGN_FROM_OUTCOME) and in doubt."""
    from jixiao.models.form import SIGN_FROM_OUTCOME

    (doc,) = sample_runs.documents([SAMPLES / "pdf" / "200_renshou_farmland_fax204.pdf"])
    (form,) = doc.forms
    targets = {ind.target.text: ind for ind in form.indicators}
    for text in ("≥0.55", "≥12000"):
        assert text in targets, sorted(targets)
        assert SIGN_FROM_OUTCOME in targets[text].context_codes("target")
        assert targets[text].field_confidence.get("target", 1.0) <= UNREAD_CONFIDENCE
    assert form.verdict == "suspect"


def test_ink_a_sign_wide_left_unread_by_the_final_reading_is_room_for_a_lost_sign():
    """The room is what the line's ink leaves once the row's final reading is accounted for: a "%" found
    since measuring ("95" read, "95%" final) takes its share; a glyph or two over is a lost sign, several
    glyphs over is other ink caught in the crop (a rule, a neighbour's text)."""
    from jixiao.extractors.ocr.unread_ink import reading_width, room_for_a_lost_sign

    assert reading_width("≥95%") > reading_width("95%") > reading_width("95")
    assert room_for_a_lost_sign(1.8, "95%", "95%")
    assert room_for_a_lost_sign(3.0, "95", "95%")  # 0.8 of it was the "%"
    assert not room_for_a_lost_sign(1.8, "95", "95%")  # the "%" accounts for most of it
    assert not room_for_a_lost_sign(0.6, "100%", "100%")  # the slack of a line read whole
    assert not room_for_a_lost_sign(7.7, "6座", "6座")  # far more than one glyph: not a lost sign


@pytest.mark.parametrize("name,signed,unsigned", [
    # "≥95%" read "9590" (the "%" as "90"), and "≥98%" read "9896": the row made them "95%" and "98%",
    # and 1.7 heights of their lines' ink were still unread
    ("130_hezhou_forest_fax204.pdf", "≥95%", ("≤12元",)),
    ("133_quanzhou_fishery_fax204.pdf", "≥98%", ("100%",)),
    # a target printed without a sign keeps none: its line's extra ink is a rule's, far wider than a glyph
    ("131_jiamusi_heating_fax204.pdf", None, ("6座", "100%")),
])
def test_fax_targets_whose_sign_was_left_unread_take_the_sign_the_rows_outcome_asks_for(
        sample_runs, name, signed, unsigned):
    """Tune faxes at 204×98: a target whose line keeps a sign's width of ink its final reading leaves
    unread takes the sign the row's outcome asks for (full score, actual above the target: "≥"), named
    SIGN_FROM_OUTCOME, its confidence capped, and the form stays in doubt."""
    from jixiao.models.form import SIGN_FROM_OUTCOME

    (doc,) = sample_runs.documents([SAMPLES / "pdf" / name])
    (form,) = doc.forms
    targets = {ind.target.text: ind for ind in form.indicators if ind.target is not None}
    if signed:
        assert signed in targets, sorted(targets)
        ind = targets[signed]
        assert SIGN_FROM_OUTCOME in ind.context_codes("target")
        assert ind.field_confidence.get("target", 1.0) <= UNREAD_CONFIDENCE
        assert any(r.code == SIGN_FROM_OUTCOME and r.row_index == ind.row_index for r in form.verdict_reasons)
        assert form.verdict == "suspect"
    for text in unsigned:
        assert text in targets, sorted(targets)
        assert SIGN_FROM_OUTCOME not in targets[text].context_codes("target")
