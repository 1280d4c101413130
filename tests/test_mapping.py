"""Canonical schema and fuzzy mapping of indicator names."""
import csv
from pathlib import Path

import pytest

from jixiao.models.form import Indicator
from jixiao.normalizers.threshold_tuning import evaluate, load_labelled
from jixiao.normalizers.mapping import UNMAPPED_COLUMNS, IndicatorMapper, Thresholds, write_unmapped_csv
from jixiao.normalizers.names import clean_name, name_key
from jixiao.normalizers.schema import SchemaError, load_schema

LABELLED = Path(__file__).parent / "data" / "labelled_names.csv"
SEEDS = Path("/work/shared/seeds")

#: Level-1 and level-2 names as printed in the seed forms (江门, 武威, 增城, 海珠).
SEED_LEVEL1 = {
    "决策": "决策", "产出": "产出指标", "效益": "效益指标", "部门管理": "部门管理", "履职效果": "履职效果",
    "能力建设": "能力建设", "服务对象满意度": "满意度指标", "产出指标": "产出指标", "效益指标": "效益指标",
    "满意度指标": "满意度指标", "管理效能": "部门管理", "履职效能": "履职效果", "加减分项": "加减分项",
}
SEED_LEVEL2 = {
    "资金管理": "资金管理", "事项管理": "事项管理", "数量指标": "数量指标", "质量指标": "质量指标",
    "时效指标": "时效指标", "成本指标": "成本指标", "经济效益指标": "经济效益指标", "社会效益指标": "社会效益指标",
    "生态效益指标": "生态效益指标", "可持续影响指标": "可持续影响指标", "满意度指标": "服务对象满意度指标",
    "服务对象满意度指标": "服务对象满意度指标", "资金投入": "资金投入", "财务管理": "财务管理",
    "重点工作管理": "重点工作管理", "部门履职目标": "部门履职目标", "产出质量指标": "质量指标",
    "产出时效指标": "时效指标", "社会影响": "社会影响", "长效管理": "长效管理", "人力资源管理": "人力资源管理",
    "采购管理": "采购管理", "信息公开管理": "信息公开管理", "资产管理": "资产管理", "成本管理": "成本管理",
    "绩效管理": "绩效管理", "工作表现加减分": "加减分",
}


@pytest.fixture(scope="module")
def mapper() -> IndicatorMapper:
    return IndicatorMapper()


def test_labelled_set_accuracy_and_no_wrong_mapping() -> None:
    items = load_labelled(LABELLED)
    assert len(items) >= 150
    result = evaluate(IndicatorMapper(), items)
    assert not result.wrong, result.wrong
    assert result.accuracy >= 0.98, result.missed


def test_labelled_set_covers_required_variants() -> None:
    items = load_labelled(LABELLED)
    raws = [item.raw for item in items]
    assert any(clean_name(r) != r and "產" in r for r in raws), "traditional forms"
    assert any("分)" in r or "分）" in r for r in raws), "weights"
    assert any(r.startswith(("指标", "1.", "（一）")) for r in raws), "numbering"
    assert sum(1 for item in items if not item.expected) >= 40, "names that must stay unmapped"


@pytest.mark.parametrize(("raw", "expected"), sorted(SEED_LEVEL1.items()))
def test_seed_level1_names_map_exactly(mapper: IndicatorMapper, raw: str, expected: str) -> None:
    match = mapper.match_name(1, raw)
    assert (match.name, match.method, match.score) == (expected, "exact", 1.0)


@pytest.mark.parametrize(("raw", "expected"), sorted(SEED_LEVEL2.items()))
def test_seed_level2_names_map_exactly(mapper: IndicatorMapper, raw: str, expected: str) -> None:
    match = mapper.match_name(2, raw)
    assert (match.name, match.method, match.score) == (expected, "exact", 1.0)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available")
def test_seed_name_lists_come_from_the_seed_texts() -> None:
    text = "".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    compact = "".join(text.split())
    missing = [name for name in [*SEED_LEVEL1, *SEED_LEVEL2] if name not in compact]
    assert not missing


def test_every_schema_spelling_maps_to_its_own_entry(mapper: IndicatorMapper) -> None:
    for entry in mapper.schema.entries.values():
        for spelling in entry.spellings:
            match = mapper.match_name(entry.level, spelling)
            assert match.code == entry.code, (spelling, match.code, entry.code)


def test_schema_levels_and_parents() -> None:
    schema = load_schema()
    assert {e.name for e in schema.level(1)} >= {"决策", "过程", "产出指标", "效益指标", "满意度指标", "预算执行"}
    for entry in schema.level(2):
        assert entry.parents, entry.code
    assert len(schema.level(3)) >= 40


def test_wrapped_traditional_numbered_and_weighted_names(mapper: IndicatorMapper) -> None:
    row = mapper.map_row("（一）產出指標（50分）", "可持续影响指 标", "指标1: 群眾滿意度")
    assert (row.level1, row.level2, row.level3, row.level3_id) == ("产出指标", "可持续影响指标", "群众满意度",
                                                                   "L3.public_satisfaction_masses")
    assert row.match_score == 1.0
    assert row.unmapped_levels == []


def test_context_allows_a_slip_that_global_matching_refuses(mapper: IndicatorMapper) -> None:
    in_context = mapper.map_row("产出指标", "质量指怀")
    assert in_context.level2 == "质量指标"
    assert 0.7 < in_context.level2_score < 1.0
    without_parent = mapper.map_row("", "质量指怀")
    assert without_parent.level2_code == ""
    assert without_parent.level2 == "质量指怀"


def test_failed_level1_is_recovered_from_its_mapped_child(mapper: IndicatorMapper) -> None:
    # 江门's OCR read 效益 as 汝益; its children are 效益 groups.
    row = mapper.map_row("汝益", "社会效益指标", "12345政府服务热线接通率")
    assert (row.level1, row.level1_code) == ("效益指标", "L1.outcome")
    assert row.level3 == "12345热线接通率"
    alone = mapper.map_row("汝益")
    assert alone.level1_code == "" and alone.unmapped_levels == [1]


def test_unmapped_names_keep_their_cleaned_text_and_are_reported(tmp_path: Path) -> None:
    mapper = IndicatorMapper()
    for _ in range(3):
        row = mapper.map_row("履职效能", "1.发挥政府门户网站权威发布", "保障网站连通率")
    assert row.level1 == "履职效果"
    assert row.level2 == "发挥政府门户网站权威发布"
    assert row.level3 == "保障网站连通率" and row.level3_id == ""
    assert row.unmapped_levels == [2]
    mapper.map_row("绩效指标", "产出指标", "12345政府服务热线跟踪督办率")
    records = {(r.level, r.normalized): r for r in mapper.unmapped()}
    assert records[(2, "发挥政府门户网站权威发布")].count == 3
    assert records[(1, "绩效指标")].count == 1
    assert len(records[(2, "产出指标")].suggestions) == 3
    # An unknown level-3 name close to a catalogue entry is a near miss worth reviewing.
    assert (3, "12345政府服务热线跟踪督办率") in records
    assert (3, "保障网站连通率") not in records

    path = write_unmapped_csv(mapper, tmp_path / "unmapped.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == UNMAPPED_COLUMNS
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["发挥政府门户网站权威发布"][3] == "3"
    assert by_name["产出指标"][4] in {"数量指标", "质量指标", "时效指标", "成本指标"}
    assert float(by_name["产出指标"][5]) < Thresholds().global_score


def test_write_unmapped_csv_accepts_records(tmp_path: Path) -> None:
    mapper = IndicatorMapper()
    mapper.map_row("其他", "", "")
    path = write_unmapped_csv(mapper.unmapped(), tmp_path / "u.csv")
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    assert rows[1][:4] == ["1", "其他", "其他", "1"]


def test_annotate_fills_canonical_fields(mapper: IndicatorMapper) -> None:
    indicator = Indicator(row_index=0, level1_raw="項目產出", level2_raw="數量指標", level3_raw="代理案件数量")
    annotated = mapper.annotate(indicator)
    assert (annotated.level1, annotated.level2, annotated.level3) == ("产出指标", "数量指标", "代理案件数量")
    assert annotated.level3_id == "" and annotated.match_score == 1.0
    assert annotated.level1_raw == "項目產出"


def test_empty_names_are_not_reported(mapper: IndicatorMapper) -> None:
    row = IndicatorMapper().map_row("", "", "")
    assert row.match_score is None and row.unmapped_levels == []


def test_user_schema_extends_the_shipped_one(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "level1:\n"
        "  - code: L1.output\n"
        "    aliases: [产出类绩效]\n"
        "level3:\n"
        "  - code: L3.hotline_follow_up\n"
        "    name: 12345热线跟踪督办率\n"
        "    aliases: [12345政府服务热线跟踪督办率]\n",
        encoding="utf-8",
    )
    mapper = IndicatorMapper(load_schema(extra))
    row = mapper.map_row("产出类绩效", "数量指标", "12345政府服务热线跟踪督办率")
    assert (row.level1, row.level3, row.level3_id) == ("产出指标", "12345热线跟踪督办率", "L3.hotline_follow_up")
    assert "产出" in mapper.schema.get("L1.output").aliases  # shipped aliases stay


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("level3:\n  - code: L3.x\n    name: 预算执行率\n", "names both"),
        ("level2:\n  - code: L2.x\n    name: 新分组\n    parents: [L1.nothing]\n", "parent"),
        ("level3:\n  - code: L3.y\n", "needs a name"),
        ("level2:\n  - code: L1.output\n    aliases: [x]\n", "level1 code"),
    ],
)
def test_bad_user_schema_is_refused(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        IndicatorMapper(load_schema(extra))


def test_duplicate_codes_in_a_base_schema_are_refused(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text("level1:\n  - {code: L1.a, name: 甲}\n  - {code: L1.a, name: 乙}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="duplicate"):
        load_schema(base=base)


def test_name_key_ignores_presentation() -> None:
    assert name_key("“三公经费”控制率") == name_key("三公经费控制率")
    assert name_key("產出指標（50分）") == name_key("产出指标")
    assert name_key("可持续影响指\n标") == name_key("可持续影响指标")


def test_header_words_never_map_even_when_close(mapper: IndicatorMapper) -> None:
    # 实际完成值 is one character from 实际完成率; 绩效指标 is the block label above 产出指标.
    assert mapper.match_name(3, "实际完成值").code == ""
    assert mapper.map_row("绩效指标", "数量指标").level1_code == ""


def test_not_names_may_not_clash_with_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "clash.yaml"
    extra.write_text("not_names: [预算执行率]\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="not_names"):
        IndicatorMapper(load_schema(extra))


def test_a_group_labels_fill_instruction_is_no_part_of_its_name(mapper: IndicatorMapper) -> None:
    # 468 (宁夏 原州区's 申报表) prints its 二级 names with the template's instruction in brackets: whether the
    # group must be filled names no group
    row = mapper.map_row("产出指标", "数量指标(必填硬性指标)", "修建作业道长度(公里)")
    assert (row.level1, row.level2, row.match_score, row.unmapped_levels) == ("产出指标", "数量指标", 1.0, [])
    assert mapper.map_row("效益指标", "经济效益 指标 （选填）").level2 == "经济效益指标"
    assert mapper.map_row("效益指标", "可持续影响指标(必填)").level2 == "可持续影响指标"


def test_only_a_closing_fill_instruction_leaves_a_group_label() -> None:
    from jixiao.normalizers.names import group_label_name

    assert group_label_name("质量指标（必填）") == "质量指标"
    assert group_label_name("社会效益(可选项)") == "社会效益"
    assert group_label_name("决策(10)") == "决策"
    assert group_label_name("产出指标（必填）(30)") == "产出指标"  # points after the instruction
    assert group_label_name("产出指标(30)（必填）") == "产出指标"
    # a bracket saying what the group counts, or an instruction not at the end, stays
    assert group_label_name("数量指标(人数)") == "数量指标(人数)"
    assert group_label_name("必填(数量指标)") == "必填(数量指标)"
