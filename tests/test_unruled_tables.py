"""Tables that are not fully ruled (三线表, horizontal rules only, outer frame, none), issue 14.

The corpus is samples/pdf/2xx (manifest ``kind`` = the rule style, ``split`` = tune or
holdout). Every kind must keep its rows, fields and stated totals; fully ruled pages
must read exactly as the rules-only reader reads them.
"""
import json

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.inferred_grid import (Block, Glyph, Line, _header_columns, _label_runs, aligned_row_starts,
                                             infer_tables, is_header_text, Rules, split_words, visual_lines)
from jixiao.extractors.mixed_grid import read_page
from jixiao.extractors.readers import ReadOptions, get_reader
from jixiao.extractors.text_grid import read_text_page
from jixiao.pipeline.assembly.key_values import amount_figures, pairs
from jixiao.pipeline.settings import ExtractOptions
from sample_files import SAMPLES, manifest, truth

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


def test_a_total_spanning_the_name_columns_of_a_three_line_table_closes_it(sample_runs):
    """212 (a Chromium 三线表, written after the corpus was frozen) prints 合计 across the 一级 to
    三级 columns; centred, it falls in the 二级 label column, whose text is label blocks, not
    cells. The table closes above it: the 一级 label does not run into the total row, the total
    is stated, and no 合计 row is read as an indicator."""
    (document,) = sample_runs.documents([SAMPLES / "pdf" / "212_qingshanhu_threeline.pdf"])
    form = document.forms[0]
    expected = truth("212_qingshanhu_threeline")["forms"][0]
    assert len(form.indicators) == len(expected["indicators"])
    assert "合计" not in {i.level3_raw for i in form.indicators}
    assert form.stated_total == expected["stated_total"]
    assert form.verdict == "ok"


def test_a_group_heading_over_name_and_points_subheadings_gives_each_its_column(sample_runs):
    """214 (Calc, rules between rows only) sets 一级指标 and 二级指标 over a second header tier
    名称 | 分值; each heading bridges the gap between its sub-headings, so the headings' x-projection
    saw one column "一级指标名称 分值" (a weight column) and the merged labels went unread. The tier
    under the heading parts it: every row names its 一级 and 二级 with their weights, and the form,
    read right, is ``ok``."""
    (document,) = sample_runs.documents([SAMPLES / "pdf" / "214_ganzhou_hrules.pdf"])
    form = document.forms[0]
    expected = truth("214_ganzhou_hrules")["forms"][0]["indicators"]
    assert [(i.level1_raw, i.level2_raw, i.level3_raw) for i in form.indicators] == [
        (e["level1"], e["level2"], e["level3"]) for e in expected]
    assert {"level1", "level1_weight", "level2", "level2_weight"} <= set(form.header_roles)
    assert [i.level1_weight for i in form.indicators][:6] == [50.0] * 6
    assert form.verdict == "ok"


def test_a_one_tier_header_cell_wrapped_over_two_lines_stays_one_column():
    """Only a heading over sub-headings set apart parts a column: a header cell wrapped onto two
    lines ("年度 / 指标值") is one column, as is a second tier of one sub-heading."""
    def glyphs(text, x, top):
        return [Glyph(ch, x + 10 * k, top, x + 10 * k + 9, top + 9) for k, ch in enumerate(text)]
    header = (glyphs("一级指标", 10, 0) + glyphs("名称", 0, 12) + glyphs("分值", 40, 12)
              + glyphs("三级指标", 120, 6) + glyphs("年度", 220, 0) + glyphs("指标值", 215, 12))
    lines = visual_lines(header)
    columns = _header_columns(lines, 9.0)
    assert [c.header_text for c in columns] == ["一级指标名称", "一级指标分值", "三级指标", "年度指标值"]
    # Word's distributed alignment spreads a wrapped cell's last line ("指    标"); a unit in brackets
    # wraps with its closing bracket set apart: still one cell each
    spread = (glyphs("三级", 10, 0) + glyphs("指", 0, 12) + glyphs("标", 30, 12)
              + glyphs("年度指标值", 100, 0) + glyphs("（万元", 100, 12) + glyphs("）", 142, 12))
    assert [c.header_text.replace(" ", "") for c in _header_columns(visual_lines(spread), 9.0)] == [
        "三级指标", "年度指标值（万元）"]
    # three tiers: each sub-heading takes the heading just above it, not every heading of the cell
    tiers = (glyphs("绩效指标", 50, 0) + glyphs("一级指标", 10, 12) + glyphs("二级指标", 100, 12)
             + glyphs("名称", 0, 24) + glyphs("分值", 40, 24) + glyphs("名称", 90, 24) + glyphs("分值", 130, 24))
    assert [c.header_text for c in _header_columns(visual_lines(tiers), 9.0)] == [
        "一级指标名称", "一级指标分值", "二级指标名称", "二级指标分值"]


def test_a_stamped_scan_of_a_frame_only_form_is_read_by_the_inferred_grid(sample_runs):
    """204's frame-only form (an outer frame, no rules inside) stamped and scanned at 300 dpi. OCR
    finds the frame as a ruled grid of one cell holding the whole table; that cell names every
    level, so the grid is only a frame: the text inside is read as loose text and the inferred
    grid, bounded by the frame's sides, finds every row. The budget line wraps after 分值 10 and
    OCR drops the comma at its end; 得分 9.95 on the next line is still read, so the stated
    total agrees with the rows and the budget score and nothing is raised."""
    path = SAMPLES / "pdf" / "204_qujiang_waste_seal300.pdf"
    (document,) = sample_runs.documents([path])
    (form,) = document.forms
    assert form.sealed
    assert len(form.indicators) == 15
    assert all(i.provenance.method == "ocr" for i in form.indicators)
    assert (form.budget.weight, form.budget.score) == (10, 9.95)
    assert not [f for f in document.findings if f.severity in ("error", "warning")]
    (entry,) = [f for f in sample_runs.evaluation([path])["files"] if f["file"] == path.name]
    (scored,) = entry["forms"]
    assert scored["matched_rows"] == scored["truth_rows"] == 15
    assert scored["field_exact"] == 1.0 and scored["stated_total"]["exact"]


def test_a_wrapped_money_line_parts_a_figure_from_the_label_under_it():
    from jixiao.models import TextLine
    from jixiao.pipeline.assembly.key_values import joined_text

    def line(text: str, top: float) -> TextLine:
        return TextLine(page=1, text=text, bbox=(30, top, 500, top + 10), method="ocr")

    wrapped = joined_text([line("项目资金（万元)：执行率99.53%，分值10", 100), line("得分9.95", 114)])
    assert amount_figures(pairs(wrapped)[0][1])[0] == {"rate": 99.53, "weight": 10, "score": 9.95}
    # a figure cut by the wrap, or a label cut by it, joins as before
    assert joined_text([line("年初预算数 569.", 100), line("37，分值 10，得", 114), line("分 9.93", 128)]) == \
        "年初预算数 569.37，分值 10，得分 9.93"


def _ocr_first_page(name: str):
    """What OCR reads on the first page of a sample PDF."""
    from jixiao.extractors.ocr.page_reader import ocr_page

    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / name)
    try:
        return ocr_page(pdf[0], 1)
    finally:
        pdf.close()


def test_a_fax_whose_rules_vanished_is_read_by_the_inferred_grid():
    """132's Writer table faxed at 100 dpi keeps none of its hairline rules, the numerals of its
    level headings nor its 总分 label. The inferred grid still finds it: the header by its
    unnumbered level headings, one row per indicator (rows about one glyph height apart are not a
    wrapped cell's leading), 实际完成值 | 权重 | 自评得分 as three columns though read as two pieces,
    the labels' runs as printed, a closing row of its own, and the line under the table left out."""
    content = _ocr_first_page("132_yulin_clinic_fax100.pdf")
    (table,) = content.tables
    assert table.reading == "inferred"
    assert (table.n_rows, table.n_cols) == (13, 8)  # header, 11 indicators, the closing row
    header = [c.text for c in sorted((c for c in table.cells if c.row == 0), key=lambda c: c.col)]
    assert "实际完成值" in header[4] and "得分" not in header[4] and "得分" in header[6]
    labels = sorted((c for c in table.cells if c.col == 0 and c.row > 0), key=lambda c: c.row)
    assert [c.rowspan for c in labels] == [6, 3, 2, 1]  # 产出, 效益, 满意度; the closing row alone
    names = {c.row for c in table.cells if c.col == 2 and c.row > 0 and c.text}
    assert names == set(range(1, 12))
    closing = {c.col: c.text for c in table.cells if c.row == 12}
    assert (closing[5], closing[6]) == ("100", "99.15")
    assert not any("自评等级" in c.text for c in table.cells)
    assert any("自评等级" in line.text for line in content.lines)


# --- the parts, on hand-made input ---------------------------------------------------------

def _piece(text: str, x0: float, top: float, height: float = 10.0) -> Glyph:
    return Glyph(text, x0, top, x0 + 11 * len(text), top + height, confidence=0.9)


def test_rows_one_glyph_height_apart_are_rows_not_leading():
    """Every row one line, rows ~1 glyph height apart (a fax's ink boxes): each row is a row; a
    name wrapped beside one-line values stays one cell."""
    header = (("一级指标", 0), ("二级指标", 60), ("三级指标", 120), ("指标值", 250), ("分值", 310))
    glyphs = [_piece(text, x, 0) for text, x in header]
    glyphs += [_piece("产出指标", 0, 40), _piece("数量指标", 60, 40)]
    for k in range(5):
        top = 20 + 20 * k
        glyphs += [_piece(f"名称{k}", 120, top), _piece(f"{k}0%", 250, top), _piece("8", 310, top)]
    glyphs += [_piece("较长的名称", 120, 120), _piece("续行", 120, 131)]  # wrapped, 1 pt leading
    glyphs += [_piece("90%", 250, 120), _piece("6", 310, 120)]
    rows = [visual_lines([g for g in glyphs if g.x0 == x and g.top >= 20]) for x in (120, 250, 310)]
    starts = aligned_row_starts(rows, 10.0)
    assert sum(id(line) in starts for line in rows[0]) == 6  # five one-line names and the wrapped one's first
    (table,), _ = infer_tables(glyphs, Rules(), 1, method="ocr")
    assert table.n_rows == 1 + 6
    assert [c.text for c in table.cells if c.row == 6 and c.col == 2] == ["较长的名称续行"]


@pytest.mark.parametrize("method", ["text", "ocr"])
def test_a_long_label_beside_the_last_rows_keeps_its_wrapped_tail(method):
    """Only a cell that begins below the rows' text is left out of the table (the line under it); a
    long 一级 label centred on the last two one-line rows runs below them and stays whole."""
    header = (("一级指标", 0), ("二级指标", 60), ("三级指标", 120), ("指标值", 250), ("分值", 310))
    glyphs = [_piece(text, x, 0) for text, x in header]
    for k in range(4):
        top = 20 + 40 * k
        glyphs += [_piece("数量指标", 60, top), _piece(f"名称{k}", 120, top), _piece(f"{k}0%", 250, top),
                   _piece("8", 310, top)]
    glyphs.append(_piece("产出指标", 0, 40))
    tail = "满意度指标第七行尾"
    glyphs += [_piece(ch, 0, 75.5 + 11 * i) for i, ch in enumerate(tail)]  # centred on rows 3 and 4
    (table,), _ = infer_tables(glyphs, Rules(), 1, method=method)
    assert table.n_rows == 1 + 4
    labels = [c.text for c in sorted((c for c in table.cells if c.col == 0 and c.row > 0), key=lambda c: c.row)]
    assert labels[-1] == tail


def test_unnumbered_level_headings_name_a_header_on_ocr_pages_only():
    assert is_header_text("级指标 级指标 级指标 指标值实际完成值 得分", lost_numerals=True)
    assert not is_header_text("级指标 级指标 级指标 指标值实际完成值 得分")
    assert not is_header_text("各级指标分值统一设置", lost_numerals=True)


def _label(cy: float, text: str = "L") -> Block:
    return Block(0, [Line([Glyph(text, 0, cy - 4, 30, cy + 4)], cy - 4, cy + 4)])


def test_label_runs_centred_on_their_rows():
    bands = [(i * 20.0, i * 20.0 + 20) for i in range(6)]
    runs, doubtful, misplaced = _label_runs([_label(30), _label(90)], bands, last_row=5, closed=True, tolerance=10)
    assert [(s, n) for s, n, _ in runs] == [(0, 3), (3, 3)] and not doubtful and not misplaced


def test_label_runs_continued_from_the_previous_page():
    """A run that began on the previous page leaves rows above the first label without one."""
    bands = [(i * 20.0, i * 20.0 + 20) for i in range(5)]
    runs, _, _ = _label_runs([_label(70)], bands, last_row=4, closed=True, tolerance=10)
    assert [(s, n, b is None) for s, n, b in runs] == [(0, 2, True), (2, 3, False)]


def test_label_runs_doubt_the_rows_of_a_lost_label():
    """The 二级 column of a photographed hrules_only form (202's tune photo twin, seed 7004, as
    OCR read it): the label of rows 9-10 (社会效益指标) was lost, so its rows fell to the next label
    (可持续影响指标, printed beside row 11 alone). Summed over six labels the misfit passes; judged per
    label, the run that took the lost label's rows is doubtful and the well-placed ones are not."""
    cuts = [202, 248, 288, 397, 419, 459, 499, 539, 631, 653, 686, 720, 762, 797]
    bands = [(float(a), float(b)) for a, b in zip(cuts, cuts[1:])]
    labels = [_label(cy) for cy in (301, 445, 566, 642, 739, 779)]
    runs, doubtful, misplaced = _label_runs(labels, bands, last_row=12, closed=False, tolerance=19.9)
    covering = {row: k for k, (s, n, _) in enumerate(runs) for row in range(s, s + n)}
    assert not doubtful  # the page's summed misfit passes
    assert {covering[9], covering[10]} <= misplaced
    assert not misplaced & {covering[row] for row in (0, 3, 6, 8, 12)}


def test_label_runs_off_centre_by_a_few_points_are_not_doubted():
    bands = [(i * 20.0, i * 20.0 + 20) for i in range(12)]
    runs, doubtful, misplaced = _label_runs([_label(42), _label(118), _label(202)], bands, last_row=11,
                                            closed=True, tolerance=10)
    assert [(s, n) for s, n, _ in runs] == [(0, 4), (4, 4), (8, 4)] and not doubtful and not misplaced


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


def test_a_two_tier_header_read_by_ocr_keeps_its_sub_columns_and_rows():
    """214's page (horizontal rules only, a two-tier header: 一级指标 | 二级指标 | 三级指标 each over
    名称 | 分值, 年度指标值 centred between the tiers) read by OCR. The tiers' lines sit close, so
    their pieces' boxes are their own ink (not the recogniser's margins taken off whole), and the
    rule under the first tier, read with the line it touches, does not stretch that line's
    pieces: the header gives its ten columns, not three, and the rules between a group's rows
    (they start right of the group's label and weight) part one row per indicator."""
    content = _ocr_first_page("214_ganzhou_hrules.pdf")
    (table,) = content.tables
    assert table.reading == "inferred"
    header = [c.text for c in sorted((c for c in table.cells if c.row == 0), key=lambda c: c.col)]
    assert len(header) == 10
    assert "一级" in header[0] and "名称" in header[0] and header[1] == "分值"
    assert "二级" in header[2] and header[3] == "分值" and "三级" in header[4]
    truth = json.loads((SAMPLES / "truth" / "214_ganzhou_hrules.json").read_text(encoding="utf-8"))
    names = [r["level3"] for r in truth["forms"][0]["indicators"]]
    read = {c.row: c.text for c in table.cells if c.col == 4 and c.row > 0 and c.text}
    # each name in a row of its own (matched without its first character: the first row's 新 is cut
    # into the group's weight column beside it, a slip the row's checks leave to the form's doubt)
    rows_of = {name: [row for row, text in read.items() if name[1:] in text] for name in names}
    assert all(len(rows) == 1 for rows in rows_of.values()), rows_of
    assert len({rows[0] for rows in rows_of.values()}) == len(names)
    assert sum(name in read[rows[0]] for name, rows in rows_of.items()) >= len(names) - 1
