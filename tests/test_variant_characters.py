"""A traditional character in an OCR reading of a simplified-script form is doubted (VARIANT_CHARACTER).

412's stamped grey scan prints 爲企业办实事件数 (the office kept the variant form); the recogniser reads
為 with full confidence, which is neither the printed 爲 nor anything a second reading would question.
"""
from __future__ import annotations

from pathlib import Path

from opencc import OpenCC

from jixiao.pipeline.validation.name_doubts import variant_reasons

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def _form(sample_runs, name: str):
    (doc,) = sample_runs.documents([SAMPLES / name])
    (form,) = doc.forms
    return form


def test_a_variant_form_read_off_a_simplified_scan_keeps_the_form_suspect(sample_runs):
    form = _form(sample_runs, "412_guizhou_budget_block_seal150.pdf")
    reasons = [r for r in form.verdict_reasons if r.code == "VARIANT_CHARACTER"]
    assert [(r.field, r.read[-7:]) for r in reasons] == [("level3", "企业办实事件数")]
    assert form.verdict == "suspect"


def test_the_text_layer_of_the_same_form_is_not_doubted(sample_runs):
    form = _form(sample_runs, "412_guizhou_budget_block.pdf")
    assert not [r for r in form.verdict_reasons if r.code == "VARIANT_CHARACTER"]


def test_a_form_read_in_the_traditional_script_throughout_is_left_alone(sample_runs):
    form = _form(sample_runs, "412_guizhou_budget_block_seal150.pdf").model_copy(deep=True)
    to_traditional = OpenCC("s2t").convert
    for ind in form.indicators:
        for cell in ind.cells.values():
            cell.text = to_traditional(cell.text)
    assert not variant_reasons(form)
