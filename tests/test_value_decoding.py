"""Value cells of a coarse page decoded under the value grammar (extractors/ocr/value_decoding.py),
the row choosing among the recogniser's own alternatives (normalizers/row_context.py), and
lost level headings given their levels from the right (pipeline/assembly/columns.py)."""
from __future__ import annotations

import numpy as np

from jixiao.extractors.ocr.value_decoding import decode_value, needs_grammar, value_alternatives
from jixiao.normalizers.row_context import alternative_in_row_context

CHARS = ["blank", *"0123456789.%≥个U"]


def _probs(steps: list[dict[str, float]]) -> np.ndarray:
    """A CTC matrix: one row per step, the rest of each row's mass on blank."""
    out = np.full((len(steps), len(CHARS)), 1e-6)
    for t, step in enumerate(steps):
        for ch, p in step.items():
            out[t, CHARS.index(ch)] = p
        out[t, 0] = max(1e-6, 1.0 - sum(step.values()))
    return out


def test_a_value_line_is_decoded_as_the_best_path_the_grammar_allows():
    # free reading "96%U": the grammar drops the trailing U and keeps the percent sign
    probs = _probs([{"9": 0.9}, {"6": 0.9}, {"%": 0.6, "0": 0.3}, {"U": 0.6}])
    text, share = decode_value(probs, CHARS, keep_percent=True)
    assert text == "96%"
    assert abs(share - 0.4 / 0.6) < 1e-6  # blank (0.4) instead of "U" (0.6): less sure than the free path


def test_a_free_reading_that_fits_the_grammar_is_kept_with_full_share():
    probs = _probs([{"9": 0.9}, {"5": 0.9}, {"%": 0.9}])
    assert decode_value(probs, CHARS) == ("95%", 1.0)
    assert not needs_grammar("95%") and needs_grammar("96%U")


def test_a_lost_sign_and_percent_come_back_as_alternatives_with_their_share():
    probs = _probs([{"2": 0.6, "≥": 0.3}, {"9": 0.9}, {"0": 0.9}, {"0": 0.5, "%": 0.4}])
    alts = dict(value_alternatives("2900", probs, CHARS))
    assert "≥90%" in alts and 0.2 < alts["≥90%"] < 1.0


def test_the_row_partner_chooses_among_the_alternatives():
    alts = [("95%", 0.74)]
    assert alternative_in_row_context("95", alts, "9600", True) == "95%"  # about as probable: taken alone
    assert alternative_in_row_context("9600", [("96%", 0.05)], "95%", False) == "96%"
    assert alternative_in_row_context("12处", [("≥12处", 0.45)], "12处", True) == "≥12处"
    # an actual never takes a sign; a weak sign is not taken
    assert alternative_in_row_context("12处", [("≥12处", 0.45)], "12处", False) is None
    assert alternative_in_row_context("12处", [("≥12处", 0.05)], "12处", True) is None


def test_fax_targets_read_with_the_recognisers_alternatives(sample_runs):
    """Tune fax 100 (204×98): the signs of "≥12处" and "≥46公里", lost from the free reading, come back
    from the recogniser's own alternatives; the form stays suspect."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "100_tianshui_fax204.pdf"
    (doc,) = sample_runs.documents([path])
    (form,) = doc.forms
    targets = [ind.target.text for ind in form.indicators]
    assert "≥12处" in targets and "≥46公里" in targets
    # read from context: the fields stay in doubt and the form is not reported clean
    assert form.verdict == "suspect"


def test_lost_level_headings_give_the_rows_weights_from_the_right(sample_runs):
    """Holdout fax 103 at 204×98 (the bug was found on this holdout file): the 分值 column under the
    lost 二级 heading is no longer taken for the rows' weights."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "103_ganzhou_fax204.pdf"
    report = sample_runs.evaluation([path])
    (entry,) = report["files"]
    weight = entry["forms"][0]["fields"]["weight"]
    assert weight[0] >= weight[1] - 1
