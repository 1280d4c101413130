"""Value cells of a coarse page decoded under the value grammar (extractors/ocr/value_decoding.py),
the row choosing among the recogniser's own alternatives (normalizers/row_context.py), and
lost level headings given their levels from the right (pipeline/assembly/columns.py)."""
from __future__ import annotations

import numpy as np

from jixiao.extractors.ocr.value_decoding import (GrammarPaths, decode_value, garbled_figure_text, needs_grammar,
                                                   value_alternatives)
from jixiao.normalizers.row_context import choose_in_row_context, readings_in_shared_unit
from ctc_support import ctc_matrix

CHARS = ["blank", *"0123456789.%≥个UhS"]


def _probs(steps: list[dict[str, float]]) -> np.ndarray:
    return ctc_matrix(CHARS, steps)


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


def _reference_decode(probs, characters, keep_percent=False, keep_sign=False):
    """The grammar search written plainly, one time step and one label at a time: the top labels
    of each step by argpartition, a search per variant (the decoder searches once for all)."""
    import math

    from jixiao.extractors.ocr import value_decoding as vd

    logp = np.log(np.maximum(probs, 1e-12))
    beams = {(vd._START, 0, False): (0.0, "")}
    floor = math.log(vd.MIN_PROB)
    for t in range(probs.shape[0]):
        row = logp[t]
        top = np.argpartition(-row, vd.TOP_LABELS)[:vd.TOP_LABELS]
        nxt = {}
        for (state, last, signed), (score, text) in beams.items():
            for label in {0, *(int(k) for k in top if row[k] >= floor)}:
                lp = float(row[label])
                if label == 0:
                    key, item = (state, 0, signed), (score + lp, text)
                elif label == last:
                    key, item = (state, label, signed), (score + lp, text)
                else:
                    new_state = vd._step(state, characters[label])
                    if new_state is None:
                        continue
                    key, item = (new_state, label, signed or new_state == vd._OP), (score + lp, text + characters[label])
                if key not in nxt or nxt[key][0] < item[0]:
                    nxt[key] = item
        beams = nxt
    finals = [v for (state, _, signed), v in beams.items()
              if state in vd._ACCEPT and (signed or not keep_sign) and (state == vd._PCT or not keep_percent)]
    if not finals:
        return None
    best, text = max(finals, key=lambda v: v[0])
    return text, float(math.exp(min(best - float(logp.max(axis=1).sum()), 0.0)))


def test_one_search_over_the_candidate_labels_decodes_as_the_plain_search():
    """Random peaky CTC matrices (float32, as the recogniser gives them; some steps with more than
    TOP_LABELS likely labels): every variant decodes to the same text and share as the plain search,
    from the matrix and from its compact candidate steps."""
    from jixiao.extractors.ocr.value_decoding import GrammarPaths, ctc_steps

    chars = [*CHARS, *"万元公里人次处"]
    rng = np.random.default_rng(13)
    checked = 0
    for _ in range(60):
        steps = int(rng.integers(4, 30))
        logits = rng.normal(0.0, 1.0, (steps, len(chars))) + rng.normal(0.0, 6.0, (steps, 1)) * np.eye(len(chars))[
            rng.integers(0, len(chars), steps)]
        logits[:, 0] += rng.uniform(0.0, 4.0, (steps, 1))[:, 0]
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = (probs / probs.sum(axis=1, keepdims=True)).astype(np.float32)
        paths, compact = GrammarPaths(probs, chars), GrammarPaths(ctc_steps(probs), chars)
        for keep_percent in (False, True):
            for keep_sign in (False, True):
                want = _reference_decode(probs, chars, keep_percent, keep_sign)
                assert paths.best(keep_percent, keep_sign) == want
                assert compact.best(keep_percent, keep_sign) == want
                checked += want is not None
    assert checked > 60  # most matrices hold a grammar path


def test_the_row_partner_chooses_among_the_alternatives():
    alts = [("95%", 0.74)]
    assert choose_in_row_context("95", alts, "9600", True) == ("95%", False)  # about as probable: taken alone
    assert choose_in_row_context("9600", [("96%", 0.05)], "95%", False) == ("96%", False)
    assert choose_in_row_context("12处", [("≥12处", 0.45)], "12处", True) == ("≥12处", False)
    # an actual never takes a sign; a weak sign is not taken
    assert choose_in_row_context("12处", [("≥12处", 0.45)], "12处", False) is None
    assert choose_in_row_context("12处", [("≥12处", 0.005)], "12处", True) is None


def test_a_unit_word_read_as_a_digit_comes_back_as_an_alternative():
    # "271": the 个 of "27个" read as 1, keeping a little of the probability
    probs = _probs([{"2": 0.99}, {"7": 0.99}, {"1": 0.9, "个": 0.05}])
    alts = dict(value_alternatives("271", probs, CHARS))
    assert "27个" in alts and 0.02 < alts["27个"] < 0.1


def test_a_colon_between_digits_is_read_as_a_point_at_a_cost():
    chars = [*CHARS, ":", "万"]
    probs = ctc_matrix(chars, [{"2": 0.99}, {"6": 0.99}, {":": 0.99}, {"3": 0.99}, {"万": 0.9}])
    text, share = decode_value(probs, chars)
    assert text == "26.3万" and share <= 0.1 + 1e-9  # a guess: stays unsure


def test_the_row_reads_target_and_actual_in_the_unit_word_they_share():
    # the partner's unit, read as a digit ("271" beside "27个"); a weak path is not taken
    assert readings_in_shared_unit("27个", [], "271", [("27个", 0.03)]) == ("27个", "27个")
    assert readings_in_shared_unit("27个", [], "271", [("27个", 0.01)]) is None
    assert readings_in_shared_unit("27个", [], "271", [("27%", 0.5)]) is None
    # both misread: the unit both sides' alternatives hold ("天" only in the target's)
    assert readings_in_shared_unit("≥600天", [("≥600大", 0.58), ("≥600人", 0.33)], "571",
                                   [("571人", 0.1)]) == ("≥600人", "571人")
    # never a count word with decimals: "2.6人" is no reading of "2.6万人"
    assert readings_in_shared_unit("2.6万人", [("2.6人", 0.66)], "2.681人",
                                   [("2.68万人", 0.089)]) == ("2.6万人", "2.68万人")
    # a unit read whole is never cut short to the partner's ("88.2公" lost its 里)
    assert readings_in_shared_unit("86公里", [("86公", 0.5)], "88.2公", []) is None
    # a bare actual beside a unit its alternatives lack stays bare (the unit printed once)
    assert readings_in_shared_unit("≥160场", [], "168", [("168%", 0.3)]) is None


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


def test_fax_values_read_in_the_unit_their_row_shares(sample_runs):
    """Tune fax 101 (100 dpi): "27个" read "271" beside its target "27个", and "571人" read "571A" beside a
    target whose 人 a view read as 天, come back in the row's shared unit, in doubt (context confidence)."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "101_yibin_fax100.pdf"
    (doc,) = sample_runs.documents([path])
    (form,) = doc.forms
    pairs = {(ind.target.text, ind.actual.text): ind for ind in form.indicators}
    for pair in (("27个", "27个"), ("≥600人", "571人")):
        assert pair in pairs
    assert pairs[("≥600人", "571人")].field_confidence.get("actual", 1.0) <= 0.5
    assert form.verdict == "suspect"


def test_a_lone_figure_read_as_a_letter_decodes_as_a_plain_number():
    # "h" read where a thinned 6 is printed, the 6 keeping a share; a signed or percent path is no figure
    probs = _probs([{"h": 0.6, "6": 0.2, "≥": 0.15}, {"%": 0.5}])
    assert garbled_figure_text("h") and garbled_figure_text("Ió") and garbled_figure_text("川")
    assert not garbled_figure_text("6") and not garbled_figure_text("≥") and not garbled_figure_text("5.52")
    # a mark a form prints for "no figure" is read as printed, never replaced by a figure
    assert not any(garbled_figure_text(mark) for mark in ("/", "—", "无", "\\", "--"))
    text, share = GrammarPaths(probs, CHARS).best(plain=True)
    assert text == "6" and share < 1.0


def test_fax_weights_and_scores_read_as_letters_take_their_plain_number_in_doubt(sample_runs):
    """Tune fax 130 (100 dpi): the 得分 of row 2 read "T" (a 7) and the 分值 of row 11 read "Ió" (a 10) were
    lost as no number; they are now the recogniser's likeliest plain numbers for their ink, named
    FIGURE_BY_GRAMMAR, kept at 0.5 at most, and the form stays suspect."""
    from pathlib import Path

    from jixiao.models.form import FIGURE_BY_GRAMMAR

    path = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "130_hezhou_forest_fax100.pdf"
    (doc,) = sample_runs.documents([path])
    (form,) = doc.forms
    rows = form.indicators
    for row_index, field, figure in ((1, "score", 7.0), (10, "weight", 10.0)):
        ind = rows[row_index]
        assert getattr(ind, field) == figure
        assert ind.from_context.get(field) == FIGURE_BY_GRAMMAR
        assert ind.field_confidence[field] <= 0.5 and ind.cells[field].confidence <= 0.5
        assert any(r.code == FIGURE_BY_GRAMMAR and r.row_index == row_index and r.field == field
                   for r in form.verdict_reasons)
    # row 5's 得分 "J" (a 10) decodes to 1, whose line leaves a digit's ink unread (FIGURE_ROOM): not taken
    assert rows[4].score is None and "score" not in rows[4].from_context
    # a lone figure read as a digit is as read, not decoded again
    assert all(FIGURE_BY_GRAMMAR not in ind.from_context.values() for ind in rows if ind.row_index not in (1, 10))
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


def test_a_steps_candidates_are_its_most_probable_labels_over_the_whole_step():
    """Steps with many labels above MIN_PROB (a few hundred labels, as flat as a fax's worst): the
    candidates kept are the blank and the step's TOP_LABELS most probable labels as ranked over all of
    its labels, with their log probabilities; a step with few likely labels keeps every one of them."""
    from jixiao.extractors.ocr.value_decoding import MIN_PROB, TOP_LABELS, ctc_steps

    rng = np.random.default_rng(7)
    crowded = 0
    for _ in range(40):
        logits = rng.normal(0.0, rng.uniform(0.5, 3.0), (12, 400))
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = (probs / probs.sum(axis=1, keepdims=True)).astype(np.float32)
        for t, labels in enumerate(ctc_steps(probs).steps):
            logs = np.log(np.maximum(probs[t], 1e-12))
            likely = np.flatnonzero(logs >= np.log(MIN_PROB))
            if len(likely) > TOP_LABELS:
                crowded += 1
                want = {0, *np.argsort(-logs, kind="stable")[:TOP_LABELS].tolist()}
            else:
                want = {0, *likely.tolist()}
            assert {k for k, _ in labels} == want
            assert all(lp == float(logs[k]) for k, lp in labels)
    assert crowded > 100
