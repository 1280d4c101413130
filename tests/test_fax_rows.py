"""Rows of a faxed 三线表 (issue 13, "Read pages as they really arrive"): rows that a coarse scan
sets closer than the page's leading, merged labels that specks, rule traces or the closing row
pulled off their runs.

The synthetic tables below are recognised pieces (OCR glyphs) laid out as a fax shows them; the
sample files are 200_renshou_farmland faxed at 100 dpi and at 204×98 dpi (tune split).
"""
import pytest

from jixiao.extractors.inferred_grid import Glyph, Rules, infer_tables
from sample_files import SAMPLES

HEADER = (("一级指标", 0), ("二级指标", 60), ("三级指标", 120), ("指标值", 250), ("分值", 310), ("偏差原因", 360))


def _piece(text: str, x0: float, top: float, height: float = 10.0, width: float | None = None) -> Glyph:
    return Glyph(text, x0, top, x0 + (width if width is not None else 11 * len(text)), top + height,
                 confidence=0.5)


def _row(name: str, top: float, points: str = "8") -> list[Glyph]:
    return [_piece(name, 120, top), _piece("90%", 250, top), _piece(points, 310, top)]


def _table(glyphs: list[Glyph]):
    (table,), _ = infer_tables([_piece(text, x, 0) for text, x in HEADER] + glyphs, Rules(), 1, method="ocr")
    return table


def _column(table, col: int) -> dict[int, str]:
    return {c.row: c.text for c in table.cells if c.col == col and c.text}


def _spans(table, col: int) -> dict[str, tuple[int, int]]:
    """A label column's body cells: text → (first row, rows spanned)."""
    return {c.text: (c.row, c.rowspan) for c in table.cells if c.col == col and c.text and c.row > 0}


def test_two_one_line_rows_closer_than_the_leading_stay_two_rows():
    """Three wrapped 偏差原因 cells set the page's leading at 3 pt; two rows whose ink boxes a fax
    left 4 pt apart (more than a sliver, less than the leading allows) each hold a 分值, so they are two rows (before: one row, 名称5名称6, every row
    below it one off). A wrapped cell centred on its row, its middle line level with the row's
    values, keeps its three lines."""
    glyphs = [_piece("产出指标", 0, 100), _piece("数量指标", 60, 100)]
    for k in range(5):
        top = 20 + 30 * k
        glyphs += _row(f"名称{k}", top)
        if k < 3:
            glyphs += [_piece("原因甲", 360, top), _piece("原因乙", 360, top + 13)]
    glyphs += _row("名称5", 170) + _row("名称6", 184, "6")
    glyphs += _row("名称7", 215) + [_piece("上行", 360, 202), _piece("中行", 360, 215), _piece("下行", 360, 228)]
    table = _table(glyphs)
    names = _column(table, 2)
    assert "名称5" in names.values() and "名称6" in names.values()
    assert names[7] == "名称6" and names[8] == "名称7"
    assert _column(table, 5)[8] == "上行中行下行"
    assert table.n_rows == 1 + 8


def test_a_group_weight_beside_a_wrapped_row_does_not_part_it():
    """A 分值 column right after 一级指标 is the group's weight, merged over its rows and centred
    beside them: level with a wrapped name's second line it is no row start (the row's own 分值,
    right of the names, is); before, 名称A's two lines came out as two rows."""
    header = (("一级指标", 0), ("分值", 50), ("二级指标", 80), ("三级指标", 140), ("指标值", 260), ("分值", 320),
              ("偏差原因", 370))
    glyphs = [_piece("名称A上", 140, 20), _piece("名称A下", 140, 35), _piece("≥90", 260, 20), _piece("%合格", 260, 35),
              _piece("8", 320, 20), _piece("原因甲", 370, 20), _piece("原因乙", 370, 35)]
    for k, top in enumerate((66, 86, 106)):
        glyphs += [_piece(f"名称{k}", 140, top), _piece("100%", 260, top), _piece("5", 320, top)]
    glyphs += [_piece("产出指标", 0, 60), _piece("数量指标", 80, 30), _piece("质量指标", 80, 86)]
    glyphs.append(_piece("30", 50, 35))  # the 一级 weight, level with 名称A's second line
    (table,), _ = infer_tables([_piece(text, x, 0) for text, x in header] + glyphs, Rules(), 1, method="ocr")
    names = list(_column(table, 3).values())
    assert any(name.startswith("名称A上名称A下") for name in names) and "名称A下" not in names


def test_a_rule_trace_read_as_one_character_takes_no_rows_from_the_labels():
    """A fax keeps dots of a column rule; the recogniser reads them "1", a sliver of ink in the 一级
    column. It is no label: 产出指标 keeps the four rows it is centred on and 效益指标 the two below
    (before, the "1" took rows of both)."""
    glyphs = [_piece("产出指标", 0, 65), _piece("效益指标", 0, 155)]
    for k in range(6):
        glyphs += [_piece("数量指标", 60, 20 + 30 * k)] + _row(f"名称{k}", 20 + 30 * k)
    glyphs.append(_piece("1", 45, 112, width=1.0))
    spans = _spans(_table(glyphs), 0)
    assert spans == {"产出指标": (1, 4), "效益指标": (5, 2)}


def test_a_closing_row_that_lost_its_label_is_not_under_the_last_label():
    """A fax thinned 合计 to specks the recogniser read "IIt", in the name column; the row alone
    leaves the 指标值 column blank, so it closes the table and the last label stays on its own
    rows (before, 满意度指标 ran over the total row and assembly read no total)."""
    glyphs = [_piece("产出指标", 0, 35), _piece("满意度指标", 0, 95)]
    for k in range(4):
        glyphs += [_piece("数量指标", 60, 20 + 30 * k)] + _row(f"名称{k}", 20 + 30 * k)
    glyphs += [_piece("IIt", 120, 140), _piece("100", 310, 140)]
    table = _table(glyphs)
    assert _spans(table, 0)["满意度指标"] == (3, 2)
    assert _column(table, 2)[5] == "IIt"


@pytest.fixture(scope="module")
def farmland(sample_runs) -> dict[str, dict]:
    names = ("200_renshou_farmland_fax100.pdf", "200_renshou_farmland_fax204.pdf")
    report = sample_runs.evaluation([SAMPLES / "pdf" / name for name in names])
    return {entry["file"]: entry["forms"][0] for entry in report["files"]}


def test_a_100_dpi_fax_of_a_three_line_table_has_every_row(farmland):
    """工程验收合格率 and 项目区耕地质量等级提升 sit closer on the 100 dpi fax than the page's leading:
    read as one row before (11 of 12 rows, fields 0.19), two rows now, with 质量指标 over both."""
    form = farmland["200_renshou_farmland_fax100.pdf"]
    assert form["matched_rows"] == form["truth_rows"] == 12
    assert form["extracted_rows"] == 12
    assert form["fields"]["level2_canonical"][0] >= 10
    assert form["field_exact"] >= 0.40
    assert form["verdict"] == "suspect"


def test_a_204x98_fax_of_a_three_line_table_reads_its_total_and_first_group(farmland):
    """The 合计 label lost, the last row leaves the value columns blank and closes the table: the
    总分 98.47 is read (unread before); the rule trace beside 产出指标 no longer splits its run."""
    form = farmland["200_renshou_farmland_fax204.pdf"]
    assert form["stated_total"]["exact"]
    assert form["matched_rows"] == form["truth_rows"] == 12
    assert form["fields"]["level1_canonical"][0] >= 11
    assert form["verdict"] == "suspect"


def test_rows_closer_than_the_leading_stay_apart_when_the_header_lost_its_third_level():
    """The same rows under a header whose 三级指标 heading a fax lost: the names stand in the 二级 column,
    a label column, and the 分值 column follows the values (指标值), not a label, so it is still the rows'
    own points and two rows holding a 分值 each stay two rows (before: taken for a group's weight, and
    名称5 and 名称6 one row)."""
    header = (("一级指标", 0), ("二级指标", 60), ("指标值", 250), ("分值", 310), ("偏差原因", 360))
    glyphs = [_piece("产出指标", 0, 100)]
    for k in range(5):
        top = 20 + 30 * k
        glyphs += _row(f"名称{k}", top)
        if k < 3:  # wrapped cells whose leading (4 pt) is the gap the fax left between rows 5 and 6
            glyphs += [_piece("原因甲", 360, top), _piece("原因乙", 360, top + 14)]
    glyphs += _row("名称5", 170) + _row("名称6", 184, "6")
    (table,), _ = infer_tables([_piece(text, x, 0) for text, x in header] + glyphs, Rules(), 1, method="ocr")
    points = {row: text for row, text in _column(table, 3).items() if row > 0}
    assert sorted(points.values()) == ["6"] + ["8"] * 6
    assert table.n_rows == 1 + 7
