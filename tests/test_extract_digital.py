"""The text path end to end on the digital sample PDFs, and each layout quirk on the PDF that shows it."""
import logging

import pdfplumber
import pytest

from jixiao.extractors.readers import ReadOptions
from jixiao.pipeline.settings import ExtractOptions
from sample_files import SAMPLES, by_stem, entries
from sample_files import truth as sample_truth

#: The original, fully ruled corpus (entries with a ``kind`` belong to later corpora, tested on their own).
DIGITAL = [SAMPLES / e["file"] for e in entries("digital") if not e.get("kind")]
TEXT_ONLY = ExtractOptions(read=ReadOptions(ocr="never"))


@pytest.fixture(scope="module")
def result(sample_runs):
    return sample_runs.result(DIGITAL, TEXT_ONLY)


@pytest.fixture(scope="module")
def evaluation(sample_runs):
    return sample_runs.evaluation(DIGITAL, TEXT_ONLY)["summary"]["digital"]


def _doc(result, name):
    return next(d for d in result.documents_ if d.source_file == name)


def test_every_digital_form_is_found_with_all_rows(evaluation):
    expected = sum(len(sample_truth(path.stem)["forms"]) for path in DIGITAL)
    assert evaluation["forms_found"] == evaluation["forms_expected"] == expected >= 8
    assert evaluation["row_recall"] == 1.0
    assert evaluation["row_precision"] == 1.0


def test_fields_exact(evaluation):
    assert evaluation["field_exact"] >= 0.99
    assert evaluation["stated_total_exact"] == 1.0


def test_every_document_row_is_ok(result):
    assert len(result.documents) == len(DIGITAL)
    assert set(result.documents["status"]) == {"ok"}


def test_merged_level_cells_fill_every_row(result):
    """江门: 一级/二级 printed once per merged block, carried onto every row, across page breaks."""
    form = _doc(result, "000_jiangmen.pdf").forms[0]
    assert all(i.level1_raw and i.level2_raw for i in form.indicators)
    by_level1 = {}
    for ind in form.indicators:
        by_level1.setdefault(ind.level1_raw, set()).add(ind.provenance.page)
    assert set(by_level1) == {"决策", "产出", "效益"}
    assert len(by_level1["产出"]) >= 2  # the 产出 block straddles a page break


def test_straddling_block_is_read_once_per_row(result):
    """海珠: LibreOffice writes a straddling merged cell's text on both pages (clipped);
    it must neither leak into the repeated header nor split the group name."""
    form = _doc(result, "004_haizhu.pdf").forms[0]
    level1 = [i.level1_raw for i in form.indicators]
    assert level1.count("履职效能") + level1.count("管理效能") + level1.count("加减分项") == len(level1)
    assert level1.index("履职效能") == 21
    assert {i.level2_weight for i in form.indicators if i.level1_raw == "履职效能"} >= {13.0, 10.0}


def test_repeated_headers_are_dropped(result):
    names = {i.level3_raw for d in result.documents_ for f in d.forms for i in f.indicators}
    assert not names & {"三级指标", "名称", "指标名称"}


def test_row_cut_by_page_break_keeps_its_text(result):
    """001 (Chromium) cuts tall rows at page ends without a closing rule; the row continues on the next page."""
    truth = sample_truth("001_wuwei")
    doc = _doc(result, "001_wuwei.pdf")
    entry = by_stem()["001_wuwei"]
    assert entry["cut_cells"]
    for form, truth_form in zip(doc.forms, truth["forms"]):
        assert len(form.indicators) == len(truth_form["indicators"])
        for ind, row in zip(form.indicators, truth_form["indicators"]):
            assert ind.level3_raw.replace(" ", "") == row["level3"].replace(" ", "")
            assert ind.note.replace(" ", "") == (row.get("note") or row.get("basis") or "").replace(" ", "")


def test_four_forms_in_one_pdf_each_with_budget_and_total(result):
    forms = _doc(result, "001_wuwei.pdf").forms
    assert [f.kind for f in forms] == ["dept_self_eval"] + ["project_self_eval"] * 3
    assert [f.stated_total for f in forms] == [88, 89, 88, 88]
    assert [f.project for f in forms[1:]] == ["政务服务经费", "武威市市级政务服务平台对接改造项目", "党支部标准化建设项目"]
    assert forms[1].budget.annual == 291.54 and forms[1].budget.weight == 10 and forms[1].budget.rate == 100
    assert any("当年财政拨款" in r.label for r in forms[1].budget.rows)


def test_chromium_kangxi_radicals_do_not_reach_the_output(result):
    """pdfminer reads the Chromium PDF's glyphs as Kangxi radicals; the pdfium text path does not."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(SAMPLES / "pdf" / "001_wuwei.pdf") as pdf:
        plumber_text = pdf.pages[0].extract_text()
    radicals = lambda s: sum(1 for ch in s if 0x2F00 <= ord(ch) <= 0x2FDF or 0x2E80 <= ord(ch) <= 0x2EFF)
    assert radicals(plumber_text) > 0
    ours = "".join(i.level3_raw + i.note + i.target.raw for f in _doc(result, "001_wuwei.pdf").forms for i in f.indicators)
    assert radicals(ours) == 0 and ours


def test_column_roles_come_from_header_text(result):
    """海珠 prints 分值 at three levels; 增城 prints two target columns, 年度 being the one wanted."""
    haizhu = _doc(result, "004_haizhu.pdf").forms[0].indicators[0]
    assert (haizhu.level1_weight, haizhu.level2_weight, haizhu.weight) == (45, 16, 2)
    zengcheng = _doc(result, "003_zengcheng.pdf").forms[0]
    assert zengcheng.kind == "target_declaration"
    assert all(i.score is None for i in zengcheng.indicators)


def test_key_value_budget_and_spaced_numbers(result):
    """江门 prints its budget as key/value rows, numbers as "1, 079. 846" in the seed."""
    budget = _doc(result, "000_jiangmen.pdf").forms[0].budget
    assert (budget.initial, budget.annual, budget.executed) == (1104.846, 1079.846, 1079.017)


def test_totals_and_claims_from_narrative_text(result):
    lechang = _doc(result, "002_lechang.pdf").forms
    assert len(lechang) == 1 and lechang[0].kind == "narrative_report"
    assert (lechang[0].stated_total, lechang[0].stated_grade) == (100, "优")
    assert _doc(result, "000_jiangmen.pdf").forms[0].narrative_indicator_count == 71


def test_provenance_points_into_the_page(result):
    for doc in result.documents_:
        for form in doc.forms:
            for ind in form.indicators:
                p = ind.provenance
                assert p.file == doc.source_file and p.method == "text" and p.bbox is not None
                assert 0 <= p.bbox[0] < p.bbox[2] <= 842 and 0 <= p.bbox[1] < p.bbox[3] <= 842


def test_level1_and_level2_names_map_exactly_onto_the_schema(evaluation):
    """Every sample form's 一级/二级 names land on the canonical names its truth gives."""
    assert evaluation["fields"]["level1_canonical"] == 1.0
    assert evaluation["fields"]["level2_canonical"] == 1.0
