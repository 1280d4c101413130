"""What a fax loses that the form's own structure gives back: an unreadable 一级 label named by the
二级 groups under it (and a 二级 by the only child its 一级 has, normalizers/lost_parents.py), a total
row whose 合计 label is lost recognised by its shape (pipeline/assembly/forms.py), specks at the ends
of a name or after a percentage, and a "≥" read as "3" (normalizers/row_context.py). Each restored
figure stays in doubt, so the forms stay suspect."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.models import Indicator, Provenance
from jixiao.normalizers.lost_parents import name_unprinted_level1, restore_lost_level1, restore_lost_level2
from jixiao.normalizers.ocr_repair import name_without_specks, repair_ocr_text
from jixiao.normalizers.row_context import value_in_row_context

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def _rows(*names: tuple[str, str], method: str = "ocr", confidence: float = 0.2,
          pages: list[int] | None = None) -> list[Indicator]:
    return [Indicator(row_index=i, level1_raw=l1, level2_raw=l2,
                      provenance=Provenance(method=method, page=pages[i] if pages else 1),
                      field_confidence={"level1": confidence, "level2": confidence})
            for i, (l1, l2) in enumerate(names)]


def _restored(form) -> list[tuple[int, str, str, str]]:
    return [(r.row_index, r.field, r.read, r.fits) for r in form.verdict_reasons
            if r.code == "RESTORED_LABEL" and r.kind == "misread"]


def test_a_group_continued_over_a_page_break_may_repeat_its_label():
    """Page 1 prints 满意度指标; page 2 repeats it, unreadably, over 服务对象满意度指标: the label across
    the page break may be this one, so 满意度指标 is not ruled out, and 效益指标 is no surer."""
    rows = _rows(("产出指标", "数量指标"), ("满意度指标", "服务对象满意度指标"), ("洪点疫", "服务对象满意度指标"),
                 pages=[1, 1, 2])
    assert restore_lost_level1(rows, "project_self_eval") == [] and rows[2].level1_raw == "洪点疫"
    # with 效益指标 printed elsewhere on the form, only 满意度指标 is left
    rows = _rows(("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"),
                 ("洪点疫", "服务对象满意度指标"), pages=[1, 1, 1, 2])
    assert restore_lost_level1(rows, "project_self_eval") == [3] and rows[3].level1_raw == "满意度指标"


def test_each_restored_label_is_a_reason_to_review_the_form():
    from jixiao.models import Form
    from jixiao.pipeline.validation.verdict import judge_form, verdict_of

    rows = _rows(("hnks", "数量指标"), ("hnks", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "业务长单"))
    restore_lost_level1(rows, "project_self_eval")
    restore_lost_level2(rows)
    reasons = judge_form(Form(index=0, kind="project_self_eval", indicators=rows), [])
    restored = [(r.row_index, r.field, r.read, r.fits) for r in reasons if r.code == "RESTORED_LABEL"]
    assert restored == [(0, "level1", "hnks", "产出指标"), (3, "level2", "业务长单", "服务对象满意度指标")]
    assert verdict_of(reasons) == "suspect"


def test_a_level1_no_header_names_is_named_surely_only_when_the_header_was_read_surely():
    from jixiao.models import Form
    from jixiao.pipeline.validation.verdict import judge_form

    rows = _rows(("", "数量指标"), ("", "服务对象满意度指标"))
    assert name_unprinted_level1(rows, "project_self_eval", header_sure=True) == [0]
    assert (rows[0].level1_raw, rows[0].level1, rows[0].restored_labels) == ("", "产出指标", {})
    # an OCR header read unsurely may have lost its 一级 heading: the name is restored, in doubt
    rows = _rows(("", "数量指标"), ("", "服务对象满意度指标"))
    assert name_unprinted_level1(rows, "project_self_eval", header_sure=False) == [0]
    assert (rows[0].level1_raw, rows[0].restored_labels) == ("产出指标", {"level1": ""})
    reasons = judge_form(Form(index=0, kind="project_self_eval", indicators=rows), [])
    assert [(r.row_index, r.field) for r in reasons if r.code == "RESTORED_LABEL"] == [(0, "level1")]


def test_an_unreadable_level1_label_is_the_one_parent_its_groups_share():
    rows = _rows(("hnks", "数量指标"), ("hnks", "质量指标"), ("hnks", "成本"),
                 ("效益指标", "社会效益指标"), ("洪点疫指标", "服务对象满意度指标"))
    assert restore_lost_level1(rows, "project_self_eval") == [0, 1, 2, 4]
    # 服务对象满意度指标 sits under 效益指标 too, but the form's 效益指标 is another label
    assert [r.level1_raw for r in rows] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert all(r.field_confidence["level1"] <= 0.5 for r in rows)


def test_a_level1_label_is_left_when_read_surely_on_a_text_layer_or_with_two_parents_left():
    sure = _rows(("hnks", "数量指标"), confidence=0.95)
    text = _rows(("hnks", "数量指标"), method="text")
    open_choice = _rows(("hnks", "服务对象满意度指标"))  # 满意度指标 or 效益指标: nothing says which
    for rows in (sure, text, open_choice):
        assert restore_lost_level1(rows, "project_self_eval") == []
        assert rows[0].level1_raw == "hnks"
    # a department form files its 数量指标 under 产出指标 or under 履职效果: nothing says which
    dept = _rows(("hnks", "数量指标"))
    assert restore_lost_level1(dept, "dept_self_eval") == [] and dept[0].level1_raw == "hnks"


def test_an_unreadable_level2_label_under_a_level1_with_one_child_is_that_child():
    rows = _rows(("满意度指标", "业务长单典意，ł指标"), ("效益指标", "49051"))
    assert restore_lost_level2(rows) == [0]
    assert rows[0].level2_raw == "服务对象满意度指标" and rows[0].field_confidence["level2"] <= 0.5
    assert rows[1].level2_raw == "49051"  # 效益指标 has several children


def test_specks_at_a_names_ends_and_after_a_percentage_are_dropped():
    assert name_without_specks("• 工程验收合格率") == "工程验收合格率"
    assert name_without_specks("渔业安全事故起数同比下降，") == "渔业安全事故起数同比下降"
    assert name_without_specks("1.年结转资金") == "1.年结转资金"
    assert repair_ocr_text("95%á") == "95%" and repair_ocr_text("95%人") == "95%人"


def test_a_sign_read_as_3_is_read_from_the_row_but_a_lost_point_is_no_sign():
    # a fax (coarse page) only: elsewhere a leading 3 is a digit of the target
    assert value_in_row_context("3 9096", "91.5%", True, coarse=True) == "≥90%"
    assert value_in_row_context("3 9096", "", True, rate=True, coarse=True) == "≥90%"  # a rate row, its actual unread
    assert value_in_row_context("36591", "61.3%", True, coarse=True) == "≥65%"
    assert value_in_row_context("36万新月来", "3.6万立方米", True, coarse=True) == "36万新月来"
    assert value_in_row_context("3600", "3520", True, coarse=True) == "3600"  # the whole is of the actual's order
    assert value_in_row_context("36591", "61.3%", True) == "36591"


@pytest.fixture(scope="module")
def fax_forms(sample_runs):
    names = ("200_renshou_farmland_fax100.pdf", "130_hezhou_forest_fax100.pdf", "133_quanzhou_fishery_fax100.pdf")
    return {name: doc.forms[0] for name, doc in zip(names, sample_runs.documents([SAMPLES / n for n in names]))}


def test_a_fax_whose_level1_labels_were_unreadable_names_them_by_their_groups(fax_forms):
    """200 at 100 dpi reads its 产出指标 label "hnks" and its 满意度指标 label "洪点疫指标"."""
    form = fax_forms["200_renshou_farmland_fax100.pdf"]
    level1 = [ind.level1_raw for ind in form.indicators]
    assert level1[:7] == ["产出指标"] * 7 and level1[-1] == "满意度指标"
    assert all(ind.field_confidence["level1"] <= 0.5 for ind in form.indicators[:7])
    restored = _restored(form)
    assert (0, "level1", "hnks", "产出指标") in restored and restored[-1][1:] == ("level1", "洪点疫指标", "满意度指标")
    assert form.verdict == "suspect"


def test_a_fax_total_row_whose_label_is_lost_gives_the_stated_total(fax_forms):
    """130 at 100 dpi reads its 合计 label "2" in one cell over the name, target and actual columns, its
    分值 total "105": the total 99.27 is taken in doubt, the unsummed 分值 is not."""
    form = fax_forms["130_hezhou_forest_fax100.pdf"]
    assert form.stated_total == 99.27 and form.stated_weight_total is None
    assert form.stated_total_cell is not None and form.stated_total_cell.confidence <= 0.5
    assert form.verdict == "suspect"


def test_a_fax_satisfaction_group_label_is_named_by_its_level1(fax_forms):
    form = fax_forms["133_quanzhou_fishery_fax100.pdf"]
    last = form.indicators[-1]
    assert (last.level1_raw, last.level2_raw) == ("满意度指标", "服务对象满意度指标")
    assert (last.row_index, "level2", "服务对象满意度指标") in [r[:2] + r[3:] for r in _restored(form)]
    assert form.verdict == "suspect"


def test_a_lost_weight_is_its_groups_points_less_the_groups_other_rows(sample_runs):
    """133's fax at 100 dpi prints each 一级 group's points beside its label (产出指标 50, 效益指标 30,
    满意度指标 10; with the budget item's 10 the full marks): the 分值 of 设备检验合格率 and of
    渔民人均增收 were unread, one in each group, and are the group's points less its other rows'
    (10 and 10), kept in doubt."""
    from jixiao.pipeline.assembly.forms import CONTEXT_CONFIDENCE

    (doc,) = sample_runs.documents([SAMPLES / "133_quanzhou_fishery_fax100.pdf"])
    (form,) = doc.forms
    rows = {ind.row_index: ind for ind in form.indicators}
    for row in (3, 7):
        assert rows[row].weight == 10.0
        assert rows[row].field_confidence["weight"] <= CONTEXT_CONFIDENCE
        # the doubt reaches the verdict on the filled cell itself (the form has many other reasons)
        assert any(r.kind == "misread" and (r.row_index, r.field) == (row, "weight") and r.code == "WEIGHT_FROM_CONTEXT"
                   for r in form.verdict_reasons)
    assert form.verdict == "suspect"
