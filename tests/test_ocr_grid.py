"""The ruled-grid finder on scanned pages: a pixel more or less must not change the grid.

An image file and the scanned PDF of the same page differ by a pixel after
resampling (a 1241-pixel frame at 150 dpi is 595.7 pt, the A4 page it was
scanned into 595.3 pt). The grid must come out the same either way, so every
scanned page of the corpus is also drawn one pixel taller, as an image file of
it is, and its tables must keep their rows and columns. No OCR runs here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from jixiao.extractors.formats.images import FrameRaster
from jixiao.extractors.ocr.grid import COARSE_JOIN_GAP_IN, JOIN_GAP_IN, erase_rules, find_tables, rule_masks
from jixiao.extractors.ocr.page_image import PdfRaster
from jixiao.extractors.ocr.prepare import prepare_page, prepare_raster
from jixiao.extractors.ocr.raster import estimate_skew, rotate_small

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
SCANS = [e for e in MANIFEST if e["file"].endswith(".pdf") and e["text_layer"] == "none"]
DPI = 200
#: Pages whose grid still turns on one pixel, and why (a fix flips these to passing).
STILL_FRAGILE = {
    # a sweep of real tune forms stamped and scanned grey at 150 dpi (178-181): column edges the budget block and
    # the header draw a pixel apart
    "178_lijiang_satellite_writer_seal150-p1": "424's form printed by Writer: 15 x 20 at the page's size, 15 x 17 one "
                                               "pixel taller (column edges of the budget block's and the header's "
                                               "rules that nearly meet)",
    # a sweep of tune forms printed by Writer and faxed at 204 x 98 dpi: the faxes lost row rules, their tables
    # are inferred from their lines, and the stray grids the surviving rules draw differ one pixel taller
    "159_hezhou_forest_writer_fax204-p1": "one 2 x 1 stray grid at the page's size, two one pixel taller",
    "160_quanzhou_fishery_writer_fax204-p1": "a 2 x 3 stray grid at the page's size, 1 x 3 one pixel taller",
    "161_tianshui_water_writer_fax204-p1": "a 2 x 3 grid of the values' columns at the page's size, none one "
                                           "pixel taller",
    "162_guangxi_values_writer_fax204-p1": "a 1 x 11 stray grid at the page's size, 2 x 7 one pixel taller",
    "163_yibin_culture_calc_fax204-p1": "101's form faxed at 204 x 98 dpi (a seventh never-seen set's, tune): a row "
                                        "rule the fax thinned is found at the page's size and lost one pixel taller "
                                        "(20 x 10 against 19 x 10)",
    # a sweep of real tune forms printed by Writer and faxed at 204 x 98 dpi (171-176): the same stray grids
    "171_qingshen_wage_writer_fax204-p1": "400's form: a 2 x 1 stray grid (a box the fax kept round one heading) "
                                          "at the page's size, none one pixel taller",
    "172_yongde_nutrition_writer_fax204-p1": "405's form: a 2 x 1 stray grid down the table's side at the page's "
                                             "size, none one pixel taller",
    "173_licheng_culture_writer_fax204-p1": "431's form: a 1 x 5 stray grid at the page's size, none one pixel "
                                            "taller",
    "174_longyang_fertilizer_writer_fax204-p1": "464's form: 2 x 1, 2 x 3 and 2 x 1 stray grids at the page's size, "
                                                "only the 2 x 3 one pixel taller",
    "167_zhaidian_health_hairlines_fax100-p1": "466's form printed by Writer and faxed at 100 dpi (a sweep of real "
                                               "forms', tune): its hairlines lost, no grid on its second page at the "
                                               "page's size, a 3 x 3 stray grid of surviving pieces one pixel taller",
    "155_yongde_meal_subsidy_fax100-p1": "405's form faxed at 100 dpi (a fifth never-seen set's, tune): a row rule "
                                         "the 1-bit fax thinned is found at the page's size and lost one pixel "
                                         "taller (24 x 12 against 23 x 12)",
    "156_gansu_farmland_points_fax204-p1": "415's form printed by Writer and faxed at 204 x 98 dpi (a fax sweep's, "
                                           "tune): its row hairlines lost, the surviving column rules make two "
                                           "stray grids (2 x 4, 2 x 6, read as a broken frame) at the page's size "
                                           "and none one pixel taller",
    "452_xiangyang_hospital_campus_grant_fax204-p1": "452's real 湖北 form faxed in fine mode (holdout, measured on "
                                                     "arrival, not examined): the form's table is not found as a "
                                                     "grid at either size (read by the other table steps, 6 of 6 "
                                                     "rows); a 2 x 1 stray grid at the page's size, none one pixel "
                                                     "taller",
    # 440's stamped 300 dpi tune twins (measured on arrival): the grid found differs one pixel taller
    "440_xueyuanlu_street_cleaning_seal300_left430-p1": "the same print, the seal over 分值: the grid found "
                                                        "differs one pixel taller",
    "136_henan_rate_row_seal300-p1": "411's fresh Writer form print stamped at 300 dpi (measured on arrival): 17 x 11 "
                                     "at the page's size, 18 x 12 one pixel taller",
    "134_chifeng_grassland_fax100-p1": "a thin row rule of a 100 dpi 1-bit fax is found at the page's size and lost "
                                       "one pixel taller (19 x 8 against 18 x 8)",
    "150_xuzhou_culture_services_fax204-p1": "101's form with a 一级 分值 column, faxed at 204 x 98 dpi (a third "
                                             "never-seen set's, tune): two row rules the fax lost along their "
                                             "length, a column rule broken in two rows: 19 x 10 at the page's size, "
                                             "21 x 9 one pixel taller",
    "137_guichi_rural_environment_seal150-p1": "443's template stamped at 150 dpi grey (tune twin): 19 x 8 at the "
                                               "page's size, 19 x 9 one pixel taller (a column rule found inside "
                                               "指标说明 at x 1309 px; 21 x 8 against 20 x 9 before the header's "
                                               "bold strokes stopped passing for rules)",
    "146_yongde_nutrition_seal150-p1": "405's form typed in Writer, stamped at 150 dpi grey (tune, measured on "
                                       "arrival): 22 x 18 at the page's size, 21 x 17 one pixel taller (24 x 18 "
                                       "against 21 x 17 before its header's strokes were judged by the rules drawn "
                                       "beside them)",
    "473_wuhai_recycling_market_declaration_fax100-p1": "473's real 内蒙古 目标表 (Chromium) faxed at 100 dpi "
                                                        "(holdout, measured on arrival, not examined): 25 x 9 at the "
                                                        "page's size, 23 x 9 one pixel taller",
    "147_guangxi_values_seal150-p1": "417's form typed in Writer, stamped at 150 dpi grey (tune, measured on "
                                     "arrival): 20 x 16 at the page's size, 20 x 15 one pixel taller (21 x 16 "
                                     "against 22 x 15 before)",
}


class _Taller:
    """A PDF page drawn ``extra`` pixels taller at the working resolution, as an image file of it is."""

    def __init__(self, page, extra: float) -> None:
        self.raster = PdfRaster(page)
        self.source, self.width_pt, self.height_pt = self.raster.source, self.raster.width_pt, self.raster.height_pt
        height_px = page.get_height() / 72 * DPI
        self.k = (height_px + extra) / height_px

    def gray(self, dpi):
        return self.raster.gray(dpi * self.k)

    def rgb(self, dpi):
        return self.raster.rgb(dpi * self.k)


def _grid(raster) -> list[tuple[int, int]]:
    prepared = prepare_raster(raster, DPI)
    gray = rotate_small(prepared.gray, estimate_skew(prepared.gray))
    join_gap = COARSE_JOIN_GAP_IN if prepared.coarse else JOIN_GAP_IN
    return [(t.n_rows, t.n_cols) for t in find_tables(gray, DPI, join_gap_in=join_gap)]


def _pages():
    for entry in SCANS:
        for index in range(entry["pages"]):
            name = f"{Path(entry['file']).stem}-p{index + 1}"
            marks = [pytest.mark.xfail(reason=STILL_FRAGILE[name], strict=True)] if name in STILL_FRAGILE else []
            yield pytest.param(entry["file"], index, id=name, marks=marks)


def test_the_corpus_has_scanned_pages_of_every_capture():
    kinds = {e.get("kind") or e["variant"] for e in SCANS}
    assert len(SCANS) >= 10 and {"fax_204x98", "photo", "seal_300dpi"} <= kinds


@pytest.mark.parametrize("file,index", list(_pages()))
def test_a_pixel_taller_keeps_the_grid(file, index):
    pdf = pdfium.PdfDocument(SAMPLES / file)
    try:
        page = pdf[index]
        assert _grid(_Taller(page, 1.0)) == _grid(PdfRaster(page))
    finally:
        pdf.close()


def test_an_image_frame_and_its_scanned_pdf_page_give_one_grid():
    """000's upside-down 150 dpi page: the TIFF frame is prepared as the scanned PDF page is,
    one pixel taller (595.7 against 595.3 pt), and finds the same 24 × 11 grid."""
    frame = Image.open(SAMPLES / "formats" / "000_jiangmen_image.tif")
    frame.seek(1)
    raster = FrameRaster(frame)
    try:
        from_image = prepare_raster(raster, DPI).gray
    finally:
        raster.close()
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / "000_jiangmen_scan.pdf")
    try:
        from_pdf = prepare_page(pdf[1], DPI).gray
    finally:
        pdf.close()
    assert from_image.shape[0] == from_pdf.shape[0] + 1 and from_image.shape[1] == from_pdf.shape[1]
    image_tables = find_tables(rotate_small(from_image, estimate_skew(from_image)), DPI)
    pdf_tables = find_tables(rotate_small(from_pdf, estimate_skew(from_pdf)), DPI)
    assert [(t.n_rows, t.n_cols) for t in image_tables] == [(t.n_rows, t.n_cols) for t in pdf_tables] == [(24, 11)]
    for a, b in zip(image_tables[0].col_edges, pdf_tables[0].col_edges):
        assert abs(a - b) <= 1.5


# ---------------------------------------------------------------- merged cells on a coarse page

def _runs(values: list[str]) -> list[int]:
    """Lengths of the runs of equal values (a merged label's rows)."""
    out: list[int] = []
    for k, value in enumerate(values):
        if k and value == values[k - 1]:
            out[-1] += 1
        else:
            out.append(1)
    return out


def _column_blocks(owner, column: int, rows: range) -> list[int]:
    return _runs([int(owner[r, column]) for r in rows])


@pytest.mark.parametrize("file", ["130_hezhou_forest_fax100.pdf", "130_hezhou_forest_fax204.pdf"])
def test_a_faxed_calc_forms_level_blocks_are_its_merged_cells(file):
    """130 is a LibreOffice Calc form; faxed, the rule between its 一级 and 二级 columns lost a
    stretch in the first body row (the two blocks came out as one L-shaped cell) and the
    bottom of the 效益指标 label, centred on a row edge, passed for that edge's rule (its
    block was parted). The 一级 and 二级 columns' blocks are the truth's runs of labels."""
    truth = json.loads((SAMPLES / "truth" / "130_hezhou_forest.json").read_text(encoding="utf-8"))
    (form,) = truth["forms"]
    level1 = _runs([row["level1"] for row in form["indicators"]])
    level2 = _runs([row["level1"] + row["level2"] for row in form["indicators"]])
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / file)
    try:
        prepared = prepare_raster(PdfRaster(pdf[0]), DPI)
    finally:
        pdf.close()
    assert prepared.coarse
    gray = rotate_small(prepared.gray, estimate_skew(prepared.gray))
    table = max(find_tables(gray, DPI, join_gap_in=COARSE_JOIN_GAP_IN), key=lambda t: t.n_rows)
    body = range(table.n_rows - 1 - len(form["indicators"]), table.n_rows - 1)  # above the total row
    assert _column_blocks(table.owner, 0, body) == level1
    assert _column_blocks(table.owner, 1, body) == level2
    assert all(table.owner[r, 0] != table.owner[r, 1] for r in body)


# ---------------------------------------------------------------- rules lost under a seal

def _only_table(path: Path):
    """The one table the grid finds on a scanned sample's first page, prepared and deskewed as the reader does."""
    (table,) = find_tables(_prepared_gray(path), DPI)
    return table


def _cells_per_row(file: str) -> list[int]:
    table = _only_table(SAMPLES / file)
    return [len(set(table.owner[r].tolist())) for r in range(table.n_rows)]


def test_a_rule_a_seal_lifted_between_two_columns_divides_the_row_again():
    """136's stamped print: lifting the seal's red ink took the rule between 受益群众人数's
    actual and its 分值, and the row read one cell "2.4万人15". The rows above and below
    are divided there and the row's ink falls apart along that line: the row keeps the
    cells of its neighbours."""
    counts = _cells_per_row("pdf/136_henan_rate_row_seal300.pdf")
    body = [r for r in range(1, len(counts) - 1) if counts[r - 1] == counts[r + 1] >= 6]
    assert body and all(counts[r] == counts[r - 1] for r in body)


# ---------------------------------------------------------------- bold strokes in a narrow header cell



def test_the_bold_strokes_of_a_narrow_heading_are_not_row_rules():
    """137's stamped grey scan (443's template, tune): the 指标 / 分值, 县级 / 评分 and 市级 / 评分 headings
    stand two characters to a line in cells 0.3 in wide, and the joined strokes of their bold type run
    most of the way across; taken for rules they cut the header into three rows and each heading's
    characters in half, and the weights' column was named by nothing. The header is one row of eight
    cells, above the 17 indicator rows and the total."""
    truth = json.loads((SAMPLES / "truth" / "137_guichi_rural_environment.json").read_text(encoding="utf-8"))
    rows = len(truth["forms"][0]["indicators"])
    table = _only_table(SAMPLES / "pdf" / "137_guichi_rural_environment_seal150.pdf")
    assert (table.n_rows, table.n_cols) == (1 + rows + 1, 8)
    header = table.owner[0].tolist()
    assert len(set(header)) == 8 and not set(header) & set(table.owner[1].tolist())


def test_the_foot_of_a_wrapped_heading_is_not_a_row_rule():
    """443's stamped grey scan (a real 安徽 form; tune since it was examined after failing as a holdout):
    一级指 / 标, 二级指 / 标, 三级指 / 标 and 县级 / 评分 wrap in cells 0.3-0.5 in wide, and the joined
    bottom strokes of 二, 三 and 县 reach nearly across them with bare paper below (the gap before the
    next line). Taken for a rule they cut the header in two, no cell named two levels, and no form
    was found. The header is one row of eight cells."""
    table = _only_table(SAMPLES / "pdf" / "443_jiaoqu_village_public_works_seal150.pdf")
    header = table.owner[0].tolist()
    assert table.n_cols == 8 and len(set(header)) == 8 and not set(header) & set(table.owner[1].tolist())


# ---------------------------------------------------------------- a seal's ring touching a column rule

def test_a_column_rule_a_seals_ring_touches_keeps_its_place():
    """139's stamped grey scan (913's form from the never-seen set, tune): the lifted seal left a
    stretch of its ring joined to the column rule between 实际完成值 and 分值, the rule's piece was
    placed at the middle of its box, 7 pixels off the rule, and the rule was lost from the header to
    the total: the actual values were read into the 分值 column. The indicator header is eight cells
    (一级指标 … 偏差原因分析), and every indicator row is divided wherever the header is."""
    truth = json.loads((SAMPLES / "truth" / "139_guangxi_values.json").read_text(encoding="utf-8"))
    rows = len(truth["forms"][0]["indicators"])
    table = _only_table(SAMPLES / "pdf" / "139_guangxi_values_seal150.pdf")
    header = table.n_rows - 2 - rows  # the indicator rows, then the total row
    owner = table.owner
    divided = [c for c in range(table.n_cols - 1) if owner[header, c] != owner[header, c + 1]]
    assert len(divided) == 7
    assert all(owner[r, c] != owner[r, c + 1] for r in range(header + 1, header + 1 + rows) for c in divided)


# ---------------------------------------------------------------- rules judged where they are drawn

def _prepared_gray(path: Path):
    """A scanned sample's first page, prepared and deskewed as the reader does."""
    pdf = pdfium.PdfDocument(path)
    try:
        prepared = prepare_raster(PdfRaster(pdf[0]), DPI)
    finally:
        pdf.close()
    return rotate_small(prepared.gray, estimate_skew(prepared.gray))


def test_a_heading_is_judged_by_the_column_rules_drawn_beside_it():
    """145's Writer-typed 部门整体 form stamped at 150 dpi grey (tune): its budget block and indicator table are
    one ruled region, and the joined bold strokes of the indicator header's 分值 cross an edge of the block's
    分值 | 执行率 columns above. Asked of every column edge of the region, that stroke crossed one and was taken
    for a row rule: the header was cut in half through its text and no form was found. Asked of the rules
    drawn at its height, it lies inside one cell: no grid row is thinner than a line of text."""
    table = _only_table(SAMPLES / "pdf" / "145_hubei_dept2020_seal150.pdf")
    heights = [b - a for a, b in zip(table.row_edges, table.row_edges[1:])]
    assert min(heights) >= 0.2 * DPI


def test_rules_are_erased_only_where_they_divide_cells():
    """146's Writer-typed form stamped at 150 dpi grey (tune): its 一级/二级/三级指标 headings are merged over the
    two header rows that the rule under 年度指标值 divides, and stand centred on that rule's line. Erased all
    along the edge, the bold strokes of the merged headings on it went too ("一级化に"); a merged cell's inside
    keeps every pixel."""
    gray = _prepared_gray(SAMPLES / "pdf" / "146_yongde_nutrition_seal150.pdf")
    masks = rule_masks(gray, DPI)
    (table,) = find_tables(gray, DPI, masks)
    clean = erase_rules(gray, masks, [table], DPI)
    index = {id(c): i for i, c in enumerate(table.cells)}
    merged = [c for c in table.cells if c.rowspan > 1  # a block's L-shaped label has borders inside its box
              and (table.owner[c.row:c.row + c.rowspan, c.col:c.col + c.colspan] == index[id(c)]).all()]
    assert len(merged) >= 3
    inset = round(0.05 * DPI)
    for cell in merged:
        x0, y0, x1, y1 = (int(v) for v in cell.box)
        inside = (slice(y0 + inset, y1 - inset), slice(x0 + inset, x1 - inset))
        assert (clean[inside] == gray[inside]).all(), cell.box
