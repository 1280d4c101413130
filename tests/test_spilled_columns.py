"""Columns a print spilled onto a page of their own (pipeline.assembly.spilled_columns) are joined back to
their rows; no other table of the corpus is taken for such columns."""
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.pages import read_pages
from jixiao.extractors.readers import ReadOptions
from jixiao.pipeline.assembly.spilled_columns import join_spilled_columns

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
SPILLED = [e for e in MANIFEST if e.get("kind") == "spilled_columns"]
MULTI_PAGE_TEXT = [e for e in MANIFEST if e["file"].endswith(".pdf") and e["text_layer"] == "ok"
                   and e["pages"] > 1 and e.get("kind") != "spilled_columns"]


def _tables(entry: dict) -> tuple[list[int], list[int]]:
    """Tables per page as read, and after the join."""
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    try:
        pages = read_pages(pdf, SAMPLES / entry["file"], ReadOptions(verify_fonts=False, ocr="never"))
    finally:
        pdf.close()
    return [len(p.tables) for p in pages], [len(p.tables) for p in join_spilled_columns(pages)]


def test_the_corpus_has_spilled_prints_on_both_splits_one_printed_down_then_across():
    assert {e["split"] for e in SPILLED} == {"tune", "holdout"}
    assert any(e["pages"] > 2 for e in SPILLED)  # a sheet taller and wider than a page


@pytest.mark.parametrize("entry", SPILLED, ids=lambda e: Path(e["file"]).stem)
def test_every_spilled_page_joins_its_rows(entry):
    read, after = _tables(entry)
    assert sum(after) < sum(read)


@pytest.mark.parametrize("entry", MULTI_PAGE_TEXT, ids=lambda e: Path(e["file"]).stem)
def test_no_other_table_is_taken_for_spilled_columns(entry):
    read, after = _tables(entry)
    assert after == read


#: Spilled prints not read whole, and what is known of them. A form read short must say so (``suspect``).
READ_SHORT = {
    "420_hengshan_grain_spilled175": "the 三级指标 column cut by the page's edge, ruled on neither page: names lost",
    "158_yinan_water_spilled175": "the 指标值 column cut by the second page's edge, ruled on neither page: targets lost",
    "205_chengxiang_schools_spilled150": "holdout, measured only: its targets read short (0 of 14 exact), its unit unread",
}
#: Prints whose form is doubted as its fitted print is (the verdict's reasons are the form's, not the spill's).
DOUBTED_AS_PRINTED = {
    "439_chongqing_science_city_media_spilled": "a 指标性质 column its targets' signs are read apart from",
}
#: Prints read whole but left in doubt by what the spill did to the grid, and why.
LEFT_IN_DOUBT = {
    "153_yongde_student_aid_spilled_large": "the sheet's last two rows, joined from under the spilled part, print "
                                            "their 偏差原因 cells merged across the last page's edge: no rule closes "
                                            "them there, a grid hole beside the last indicator (GRID_HOLE)",
}


@pytest.mark.parametrize("entry", SPILLED, ids=lambda e: Path(e["file"]).stem)
def test_spilled_forms_read_their_scores_and_totals(sample_runs, entry):
    evaluation = sample_runs.evaluation([SAMPLES / entry["file"]])
    for form in evaluation["files"][0]["forms"]:
        assert form["matched_rows"] == form["truth_rows"]
        if Path(entry["file"]).stem in READ_SHORT:
            assert form["verdict"] == "suspect", form["field_exact"]
            continue
        assert form["field_exact"] >= 0.98 and form["stated_total"]["exact"], form["field_exact"]
        if Path(entry["file"]).stem in LEFT_IN_DOUBT:
            assert form["verdict"] == "suspect"
        elif Path(entry["file"]).stem not in DOUBTED_AS_PRINTED:
            assert form["verdict"] == "ok" or form["field_exact"] < 1.0  # a form read whole is not left in doubt


def test_a_sheet_of_four_forms_keeps_four_forms_whose_titles_the_print_cut_at_the_edge(sample_runs):
    """001_wuwei's four forms on one sheet, printed 22 pages down then across: each project form's title
    is centred across the sheet, so the print cuts it ("…绩效自评" | "表"); whole again, each opens its form."""
    doc = sample_runs.documents([SAMPLES / "pdf" / "001_wuwei_spilled.pdf"])[0]
    assert len(doc.forms) == 4
    assert all(form.title.endswith("自评表") for form in doc.forms), [form.title for form in doc.forms]


def test_a_glyph_straddling_the_seam_is_read_once(sample_runs):
    """420's 实施单位 value is cut at the seam, its glyph 股 shown (and listed) on both pages."""
    doc = sample_runs.documents([SAMPLES / "pdf" / "420_hengshan_grain_spilled.pdf"])[0]
    form = doc.forms[0]
    names = [form.unit, *(cell.text for cell in [form.unit_cell] if cell is not None)]
    assert not any("股股" in name for name in names)
    assert form.verdict == "ok"


def test_a_total_cut_at_the_seam_is_read_with_its_label():
    """439's 自评总分(分) is a cell the seam cut (no rule closes it on either page); joined, its 97.6 beside it."""
    entry = next(e for e in SPILLED if e["file"].endswith("439_chongqing_science_city_media_spilled.pdf"))
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    try:
        pages = join_spilled_columns(read_pages(pdf, SAMPLES / entry["file"], ReadOptions(verify_fonts=False, ocr="never")))
    finally:
        pdf.close()
    cells = sorted((c for c in pages[0].tables[0].cells if c.row == 0), key=lambda c: c.col)
    texts = [c.text for c in cells]
    assert "自评总分(分)" in texts and texts[texts.index("自评总分(分)") + 1] == "97.6", texts


def test_a_table_a_merged_row_split_on_its_page_takes_its_spilled_columns_whole():
    """145's 部门整体 form printed from Calc unfitted and enlarged, two pages down and two across (tune): its 总分
    row is merged across the page's edge, so the first page closes no rule on its right and its grid ends above
    it, the 年度总体目标 and 自评等级 rows a table of their own below. The spilled page rules all those rows, more
    than a spill may reach below one table; the two tables, one right under the other, are one table's rows and
    take the spilled columns together."""
    entry = next(e for e in SPILLED if Path(e["file"]).stem == "145_hubei_dept2020_spilled_large")
    read, after = _tables(entry)
    assert read[0] == 2 and after[0] == 1 and sum(after) == len(after) - 2  # pages 3 and 4 joined, nothing left


def test_a_column_the_page_edge_cut_is_no_confident_reading():
    """158's sheet printed at 175 %, three pages across: its 指标值 column is cut by the second page's edge and
    ruled on neither page, so neither grid closes it and its targets stay loose lines right of the 三级指标 part
    (the heading's rest, 标值, left of the 指标权重 part on the third page). The joined table keeps them as what
    its seams left (the weights sit beside the names), and the form read from it, its targets unread, is in
    doubt for the column lost, not ``ok``."""
    path = SAMPLES / "pdf" / "158_yinan_water_spilled175.pdf"
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = join_spilled_columns(read_pages(pdf, path, ReadOptions(verify_fonts=False, ocr="never")))
    finally:
        pdf.close()
    strays = [line.text for page in pages for table in page.tables for line in table.seam_strays]
    assert {"≥45处", "≥38公里", "标值"} <= set(strays), strays


def test_a_form_short_of_a_column_its_seam_cut_is_suspect(sample_runs):
    """158's form (see above): every row read, its 指标权重 right, its targets on no row; the verdict names the
    column lost at the seam."""
    form = sample_runs.documents([SAMPLES / "pdf" / "158_yinan_water_spilled175.pdf"])[0].forms[0]
    assert len(form.indicators) == 10 and [ind.weight for ind in form.indicators][:3] == [10, 10, 8]
    if not all(ind.target.raw for ind in form.indicators):
        assert form.verdict == "suspect"
        assert "SEAM_COLUMN_LOST" in {r.code for r in form.verdict_reasons}
