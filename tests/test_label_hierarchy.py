"""A 一级 label stretched over the next groups' rows makes the reading doubtful.

The schema knows which 一级 each canonical 二级 sits under. A run of rows under one
一级 name that first holds its own 二级 groups and then goes on into groups of another
一级 (社会效益指标 under 产出指标) was given a label that reached past its rows: a rule
under the label was lost. 429's photo (tune since this check was designed on it) reads
产出指标 over all seven rows of a real 目标表 whose 效益 and 满意度 rows follow its
产出 rows.
"""
from __future__ import annotations

from pathlib import Path

from jixiao.pipeline.validation.name_doubts import sits_under, stretched_label_reasons
from validate_factory import form, row

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_the_schema_says_which_level1_a_level2_sits_under():
    assert sits_under("数量指标", "产出指标") is True
    assert sits_under("社会效益指标", "产出指标") is False
    assert sits_under("服务对象满意度指标", "效益指标") is True   # the 2015 template files 满意度 under 效益
    assert sits_under("优化政务服务", "产出指标") is None         # a department's task: no parent known


def test_a_level1_run_that_leaves_its_groups_is_doubted_from_the_first_foreign_row():
    rows = [row(None, None, l1="产出指标", l2="数量指标"), row(None, None, l1="产出指标", l2="质量指标"),
            row(None, None, l1="产出指标", l2="社会效益指标"), row(None, None, l1="产出指标", l2="服务对象满意度指标")]
    reasons = stretched_label_reasons(form(rows, method="ocr"))
    assert [(r.code, r.row_index, r.field) for r in reasons] == [
        ("LABEL_SPAN_DOUBT", 2, "level1"), ("LABEL_SPAN_DOUBT", 3, "level1")]


def test_a_text_layers_ruled_grid_places_its_labels_as_printed():
    # The same rows read from a text layer's drawn grid: the office filed the groups so.
    rows = [row(None, None, l1="产出指标", l2="数量指标"), row(None, None, l1="产出指标", l2="社会效益指标"),
            row(None, None, l1="产出指标", l2="服务对象满意度指标")]
    assert stretched_label_reasons(form(rows, table_reading="ruled")) == []
    assert stretched_label_reasons(form(rows, table_reading="inferred")) != []


def test_a_group_filed_under_an_unusual_level1_from_its_first_row_is_the_forms_choice():
    rows = [row(None, None, l1="效益指标", l2="数量指标"), row(None, None, l1="效益指标", l2="社会效益指标"),
            row(None, None, l1="产出指标", l2="数量指标"), row(None, None, l1="效益指标", l2="经济效益指标")]
    assert stretched_label_reasons(form(rows, method="ocr")) == []


def test_the_photographed_target_table_squared_whole_reads_its_labels_as_its_digital_twin(sample_runs):
    """429's photo, whose shadowed corner once squared the table askew and ran a 一级 label on over rows
    4–6 (doubted then by LABEL_SPAN_DOUBT), now finds the sheet with its shaded part: each row's levels are
    the digital twin's and no label span is doubted (the rule's own cases are the tests above)."""
    photo, digital = sample_runs.documents([SAMPLES / "429_qingshan_education_photo.pdf",
                                            SAMPLES / "429_qingshan_education.pdf"])
    (f,) = photo.forms

    def levels(form):
        return [(r.level1, r.level2) for r in form.indicators]

    assert levels(f) == levels(digital.forms[0])
    assert not [r for r in f.verdict_reasons if r.code == "LABEL_SPAN_DOUBT"]
    assert digital.forms[0].verdict == "ok"
