"""Ink after a fax value that its reading does not account for: a unit word the fax thinned
(extractors/ocr/unread_ink.unread_tail, normalizers/row_context.unit_from_partner).

A fax breaks up the thin strokes of a unit word printed after a number ("≥160场" read "≥160"); the
line's ink is still a glyph wider than its reading. The row's other figure names a unit: the cell
takes it, named as chosen (UNIT_FROM_PARTNER) and kept in doubt, never reported clean.
"""
from pathlib import Path

import numpy as np

from jixiao.extractors.ocr.unread_ink import unread_tail, unread_width
from jixiao.normalizers.row_context import unit_from_partner

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _glyphs(widths: list[int]) -> np.ndarray:
    """A 20 px high line crop of dark glyph boxes of the given widths, 2 px apart."""
    crop = np.full((24, 200), 255, np.uint8)
    x = 4
    for w in widths:
        crop[2:22, x:x + w] = 40
        x += w + 2
    return crop


def test_ink_a_glyph_wider_than_the_reading_is_an_unread_tail():
    digits = [9, 9, 9]  # about 0.5 line heights each
    assert not unread_tail(unread_width(_glyphs(digits), "160"))
    # a glyph after the number, unread (a fax's smoothing widens a 场 to 1.4 line heights)
    assert unread_tail(unread_width(_glyphs(digits + [28]), "160"))
    assert not unread_tail(unread_width(_glyphs(digits + [28]), "160场"))  # read


def test_a_cell_with_an_unread_tail_takes_its_partners_unit_word():
    assert unit_from_partner("≥160", "168场") == "≥160场"
    assert unit_from_partner("≥600万", "612万元") == "≥600万元"  # the start of the partner's unit, completed
    assert unit_from_partner("1.2", "1.2万亩") == "1.2万亩"
    assert unit_from_partner("≥160", "168") is None  # the partner names no unit
    assert unit_from_partner("≥95%", "96个") is None  # read in another unit
    assert unit_from_partner("2.5", "3个") is None  # never a count word with decimals
    assert unit_from_partner("168场", "168场") is None


def test_a_target_whose_unit_and_sign_were_both_chosen_keeps_both_reasons():
    """A fax target that took its partner's unit word and then the sign its row's outcome asks for is
    named for both: neither choice hides the other from review."""
    from jixiao.models import Form, Indicator
    from jixiao.models.form import SIGN_FROM_OUTCOME, UNIT_FROM_PARTNER, with_context_code
    from jixiao.models.values import ParsedValue
    from jixiao.pipeline.validation.verdict import judge_form

    row = Indicator(row_index=0, level3_raw="培训场次", target=ParsedValue(raw="≥160场", text="≥160场"))
    for code in (UNIT_FROM_PARTNER, SIGN_FROM_OUTCOME, SIGN_FROM_OUTCOME):
        row.from_context["target"] = with_context_code(row.from_context.get("target", ""), code)
    assert row.context_codes("target") == [UNIT_FROM_PARTNER, SIGN_FROM_OUTCOME]
    assert row.target_as_printed().raw == "160场"
    codes = [r.code for r in judge_form(Form(index=0, kind="project_self_eval", indicators=[row]), [])
             if r.field == "target"]
    assert UNIT_FROM_PARTNER in codes and SIGN_FROM_OUTCOME in codes


def test_fax_targets_whose_unit_word_the_fax_thinned(sample_runs):
    """130_hezhou at 204×98 (tune): "1.2万亩" and "≥600万元" were read "1.2" and "≥600万", the unit's
    strokes broken up past reading but their ink still in the line. Each takes its actual's unit,
    named UNIT_FROM_PARTNER, its confidence capped, and the form stays in doubt."""
    from jixiao.models.form import UNIT_FROM_PARTNER

    form = sample_runs.documents([SAMPLES / "pdf" / "130_hezhou_forest_fax204.pdf"])[0].forms[0]
    chosen = {ind.target.text: ind.field_confidence.get("target", 1.0) <= 0.5
              for ind in form.indicators if UNIT_FROM_PARTNER in ind.context_codes("target")}
    assert chosen == {"1.2万亩": True, "≥600万元": True}
    assert form.verdict == "suspect"
    assert any(r.code == UNIT_FROM_PARTNER for r in form.verdict_reasons)
