"""A unit's place words a fax lost or misread, taken back from the form's other mention of the place
(normalizers/office_places.py, pipeline/assembly/forms.FormBuilder._unit_place_mended): the name so
mended stays in doubt, so the form is never a clean ``ok`` on it."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.normalizers.office_places import MENDED_CONFIDENCE, mend_place, place_prefixes, without_trailing_speck

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_place_words_are_the_runs_of_leading_place_names():
    assert place_prefixes("2022年度泉州市渔业安全生产保障项目绩效自评表") == ["泉州市"]
    assert place_prefixes("2021年度佳木斯市城市供热老旧管网改造项目绩效自评表") == ["佳木斯市", "佳木斯市城市"]
    assert place_prefixes("广西壮族自治区样例县司法局") == ["广西壮族自治区", "广西壮族自治区样例县"]
    assert place_prefixes("2023年度项目支出绩效自评表") == []


def test_a_misread_or_lost_place_character_is_taken_from_the_other_mention():
    assert mend_place("仁寿是农田建设服务中心", ["仁寿县农业农村局"]) == "仁寿县农田建设服务中心"
    assert mend_place("寿县农田建设服务中心", ["仁寿县农业农村局"]) == "仁寿县农田建设服务中心"
    assert mend_place("在木斯市热力集团有限公司", ["2021年度佳木斯市城市供热老旧管网改造项目绩效自评表"]) \
        == "佳木斯市热力集团有限公司"


def test_another_place_is_no_misreading():
    # a province's office over a city's unit of the same name: the level differs, not a character
    assert mend_place("吉林市水利局", ["吉林省水利厅"]) is None
    # the unit names its city before the district the 主管部门 names alone
    assert mend_place("榆林市榆阳区卫生健康局", ["榆阳区卫生健康局"]) is None
    # two characters off is no slip; a lone 区 is too little to compare
    assert mend_place("天水市麦积区水务局", ["天水市秦州区人民政府"]) is None
    assert mend_place("区", ["2023年度八步区天然林保护修复项目绩效自评表"]) is None


def test_a_speck_after_the_name_is_dropped():
    assert without_trailing_speck("仁寿县农田建设服务中心 1") == "仁寿县农田建设服务中心"
    assert without_trailing_speck("仁寿县农田建设服务中心") == "仁寿县农田建设服务中心"


@pytest.mark.parametrize("name", ["200_renshou_farmland_fax204.pdf", "131_jiamusi_heating_fax204.pdf"])
def test_a_fax_unit_gets_its_place_back_and_stays_in_doubt(name):
    """200's fax lost the 仁 of 仁寿县 its 主管部门 keeps; 131's read 佳木斯市 as 在木斯市 where the title
    reads it surely. The mended unit is the page's office, read in doubt: the form is not ``ok``."""
    from jixiao.pipeline.process import process_document

    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} not generated")
    form = process_document(path, name).forms[0]
    assert form.unit in ("仁寿县农田建设服务中心", "佳木斯市热力集团有限公司")
    assert form.unit_cell.confidence <= MENDED_CONFIDENCE and form.unit_cell.second_text != form.unit
    assert form.verdict != "ok"
    assert any(r.code == "UNIT_NAME_DOUBT" for r in form.verdict_reasons)


def test_an_office_label_read_one_character_off_still_names_its_field():
    """"实施单行" for 实施单位 names the unit; a label as near to two fields' labels, or too far, names none."""
    from jixiao.pipeline.assembly.key_values import office_label_misread

    assert office_label_misread("实施单行") == "unit"
    assert office_label_misread("主持部门") == "department"
    assert office_label_misread("实施单位") is None  # read right: the ordinary path takes it
    assert office_label_misread("实账单") is None and office_label_misread("项目名林") is None
