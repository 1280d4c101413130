"""Tables that are not fully ruled (三线表, horizontal rules only, outer frame, none), issue 14.

The corpus is samples/pdf/2xx (manifest ``kind`` = the rule style, ``split`` = tune or
holdout). Every kind must keep its rows, fields and stated totals; fully ruled pages
must read exactly as the rules-only reader reads them.
"""
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.inferred_grid import Block, Glyph, Line, _label_runs, split_words
from jixiao.extractors.mixed_grid import read_page
from jixiao.extractors.readers import ReadOptions, get_reader
from jixiao.extractors.text_grid import read_text_page
from jixiao.pipeline.assembly.key_values import amount_figures, pairs
from jixiao.pipeline.settings import ExtractOptions
from sample_files import SAMPLES, manifest

MANIFEST = manifest()
KINDS = ("three_line", "hrules_only", "frame_only", "borderless")
UNRULED = [e for e in MANIFEST if e.get("kind") in KINDS]
UNRULED_DIGITAL = [SAMPLES / e["file"] for e in UNRULED + [e for e in MANIFEST if e.get("kind") == "ruled_twin"]
                   if e["variant"] == "digital"]
RULED_TEXT_LAYER = [SAMPLES / e["file"] for e in MANIFEST if not e.get("kind") and e["text_layer"] != "none"]


TEXT_ONLY = ExtractOptions(read=ReadOptions(ocr="never"))


@pytest.fixture(scope="module")
def digital_result(sample_runs):
    return sample_runs.result(UNRULED_DIGITAL, TEXT_ONLY)


@pytest.fixture(scope="module")
def by_kind(sample_runs):
    return sample_runs.evaluation(UNRULED_DIGITAL, TEXT_ONLY)["by_kind"]


def _doc(result, stem):
    return next(d for d in result.documents_ if d.source_file == f"{stem}.pdf")


def test_corpus_has_two_pdfs_per_kind_tune_and_holdout_and_a_scan():
    for kind in KINDS:
        entries = [e for e in UNRULED if e["kind"] == kind]
        assert len(entries) >= 2
        assert {e["split"] for e in entries} == {"tune", "holdout"}
    assert {e["producer"] for e in UNRULED} >= {"libreoffice", "writer", "chromium", "scan-of:writer"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("split", ("tune", "holdout"))
def test_each_kind_keeps_rows_fields_and_totals(by_kind, kind, split):
    figures = by_kind[f"{kind}/{split}"]
    assert figures["forms_found"] == figures["forms_expected"]
    assert figures["row_recall"] >= 0.98
    assert figures["row_precision"] >= 0.98
    assert figures["field_exact"] >= 0.97
    assert figures["stated_total_exact"] == 1.0


def test_form_kinds_and_hierarchy(digital_result):
    """Self-evaluations stay self-evaluations (no longer narrative reports); every row has its 一级/二级."""
    kinds = {d.source_file: [f.kind for f in d.forms] for d in digital_result.documents_}
    assert kinds["206_yinan_water.pdf"] == ["target_declaration"]
    assert kinds["202_qingshanhu_health.pdf"] == ["dept_self_eval"]
    assert kinds["207_gejiu_industry.pdf"] == ["project_self_eval"]
    for doc in digital_result.documents_:
        for form in doc.forms:
            assert all(i.level1_raw and i.level2_raw for i in form.indicators), doc.source_file
            assert form.table_reading == ("ruled" if "_ruled" in doc.source_file else "inferred")


def test_key_value_lines_fill_header_and_budget(digital_result):
    form = _doc(digital_result, "200_renshou_farmland").forms[0]
    assert form.project == "2023年高标准农田建设项目"
    assert form.unit == "仁寿县农田建设服务中心"
    b = form.budget
    assert (b.initial, b.annual, b.executed, b.rate, b.weight, b.score) == (569.37, 601.2, 555.03, 92.32, 10, 9.23)
    # the money line wraps before 得分: the continuation is read with it
    wrapped = _doc(digital_result, "207_gejiu_industry").forms[0].budget
    assert (wrapped.weight, wrapped.score) == (10, 9.93)
    # the same lines above a fully ruled table (Chromium's low commas and points stay on their line)
    twin = _doc(digital_result, "204_qujiang_waste_ruled").forms[0]
    assert twin.table_reading == "ruled"
    assert (twin.budget.initial, twin.budget.annual, twin.budget.score, twin.unit) == (
        1280, 1345.5, 9.95, "衢江区环境卫生管理中心")
    declaration = _doc(digital_result, "206_yinan_water").forms[0].budget
    assert declaration.initial == 356.8
    assert [(r.label, r.initial) for r in declaration.rows] == [("财政拨款", 300.0), ("其他资金", 56.8)]


def test_each_table_records_how_it_was_read():
    expected = {"200_renshou_farmland": "header rule", "202_qingshanhu_health": "row rules",
                "204_qujiang_waste": "frame", "207_gejiu_industry": "none"}
    for stem, rule in expected.items():
        pdf = pdfium.PdfDocument(str(SAMPLES / "pdf" / f"{stem}.pdf"))
        table = read_page(pdf[0], 1).tables[0]
        assert table.reading == "inferred"
        assert rule in table.rules_used
    ruled = pdfium.PdfDocument(str(SAMPLES / "pdf" / "001_wuwei.pdf"))
    assert {t.reading for t in read_page(ruled[0], 1).tables} == {"ruled"}


@pytest.mark.parametrize("path", RULED_TEXT_LAYER, ids=lambda p: p.name)
def test_fully_ruled_pages_read_exactly_as_the_rules_only_reader(path):
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        assert read_page(pdf[i], i + 1) == read_text_page(pdf[i], i + 1)


def test_registry_default_text_reader_infers_and_ruled_reader_does_not():
    assert get_reader("text").load() is read_page
    assert get_reader("ruled").load() is read_text_page
    pdf = pdfium.PdfDocument(str(SAMPLES / "pdf" / "207_gejiu_industry.pdf"))
    assert read_text_page(pdf[0], 1).tables == []


def test_scanned_borderless_declaration(sample_runs):
    """The scan of the Word-made 申报表 with no rules: the same inference on OCR pieces
    (every scan of the corpus is scored in test_extract_ocr)."""
    (document,) = sample_runs.documents([SAMPLES / "pdf" / "206_yinan_water_scan.pdf"])
    form = document.forms[0]
    assert len(form.indicators) == 10
    assert all(i.provenance.method == "ocr" for i in form.indicators)
    assert [i.weight for i in form.indicators] == [10, 10, 8, 8, 7, 7, 10, 10, 10, 20]
    assert form.indicators[4].target.raw == "2024年11月底前"
    assert {i.level1_raw for i in form.indicators} == {"产出指标", "效益指标", "满意度指标"}


# --- the parts, on hand-made input ---------------------------------------------------------

def _label(cy: float, text: str = "L") -> Block:
    return Block(0, [Line([Glyph(text, 0, cy - 4, 30, cy + 4)], cy - 4, cy + 4)])


def test_label_runs_centred_on_their_rows():
    bands = [(i * 20.0, i * 20.0 + 20) for i in range(6)]
    runs, doubtful = _label_runs([_label(30), _label(90)], bands, last_row=5, closed=True, tolerance=10)
    assert [(s, n) for s, n, _ in runs] == [(0, 3), (3, 3)] and not doubtful


def test_label_runs_continued_from_the_previous_page():
    """A run that began on the previous page leaves rows above the first label without one."""
    bands = [(i * 20.0, i * 20.0 + 20) for i in range(5)]
    runs, _ = _label_runs([_label(70)], bands, last_row=4, closed=True, tolerance=10)
    assert [(s, n, b is None) for s, n, b in runs] == [(0, 2, True), (2, 3, False)]


def test_recognised_words_split_at_their_spaces():
    words = split_words([Glyph("实际完成值 分值 得分", 0, 0, 200, 10), Glyph("x", 0, 20, 5, 30)])
    assert [w.text for w in words[:3]] == ["实际完成值", "分值", "得分"]
    assert words[0].x0 == 0 and words[2].x1 == pytest.approx(200)
    assert words[0].x1 < words[1].x0 < words[1].x1 < words[2].x0


def test_key_value_pairs_and_money_figures():
    assert pairs("主管部门：沂南县水利局  实施单位：沂南县农村供水服务中心") == [
        ("主管部门", "沂南县水利局"), ("实施单位", "沂南县农村供水服务中心")]
    assert pairs("主管部门：沂南县水利局实施单位：沂南县农村供水服务中心")[1] == ("实施单位", "沂南县农村供水服务中心")
    figures, rows = amount_figures("年初预算数 569.37，全年预算数 601.20，执行率 92.32%，分值 10，得分 9.23")
    assert figures == {"initial": 569.37, "annual": 601.2, "rate": 92.32, "weight": 10, "score": 9.23}
    assert rows == []
