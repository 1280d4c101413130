"""`--extractor camelot`: camelot's grids and text through jixiao's assembly, on digital samples."""
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.camelot_grid import merged_groups, read_camelot_page, rectangles
from jixiao.extractors.readers import PageSource, ReadOptions
from jixiao.pipeline.settings import ExtractOptions
from sample_files import SAMPLES
#: A Chromium PDF (Kangxi radicals, rows cut by page breaks) and a LibreOffice one.
FILES = [SAMPLES / "pdf" / "001_wuwei.pdf", SAMPLES / "pdf" / "003_zengcheng.pdf"]
CAMELOT = ExtractOptions(read=ReadOptions(extractor="camelot", ocr="never"))


@pytest.fixture(scope="module")
def result(sample_runs):
    return sample_runs.result(FILES, CAMELOT)


@pytest.fixture(scope="module")
def evaluation(sample_runs):
    return sample_runs.evaluation(FILES, CAMELOT)["summary"]["all"]


def test_forms_and_rows_are_found(evaluation):
    assert evaluation["forms_found"] == evaluation["forms_expected"] == 5
    assert evaluation["row_recall"] >= 0.95
    assert evaluation["row_precision"] >= 0.95


def test_fields_mostly_exact(evaluation):
    assert evaluation["field_exact"] >= 0.9
    assert evaluation["stated_total_exact"] == 1.0


def test_kangxi_radicals_are_repaired(result):
    """camelot reads Chromium text through pdfminer, which returns ⽬ for 目."""
    texts = " ".join(result.indicators["level3_raw"].fillna("")) + " ".join(result.forms["title"].fillna(""))
    assert not [ch for ch in texts if 0x2E80 <= ord(ch) <= 0x2FDF]
    assert "目" in " ".join(result.forms["title"].fillna("")) or "项目" in " ".join(result.forms["project"].fillna(""))


def _camelot_pages(path):
    """Every page of a file through the camelot reader, page by page as the pipeline calls it."""
    pdf = pdfium.PdfDocument(str(path))
    source = PageSource(path=path, options=ReadOptions(extractor="camelot"))
    return [read_camelot_page(pdf[i], i + 1, source) for i in range(len(pdf))]


def test_merged_cells_become_spans():
    """The 一级/二级 columns of 武威 are merged blocks: they must come back as rowspans, not blanks."""
    pages = _camelot_pages(FILES[0])
    spans = [c for p in pages for t in p.tables for c in t.cells if c.rowspan > 1]
    assert spans
    assert any("产出" in c.text for c in spans)
    for page in pages:
        for table in page.tables:
            covered = [(r, k) for c in table.cells for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)]
            assert len(covered) == len(set(covered)) == table.n_rows * table.n_cols
            x0, top, x1, bottom = table.bbox
            assert 0 <= top < bottom <= page.height and 0 <= x0 < x1 <= page.width


def test_loose_lines_hold_the_titles():
    pages = _camelot_pages(FILES[1])
    assert any("申报表" in line.text for line in pages[0].lines)


def _flags(left=True, right=True, top=True, bottom=True):
    return SimpleNamespace(left=left, right=right, top=top, bottom=bottom, text="")


def test_missing_internal_rules_join_positions_into_rectangles():
    # 2x2 grid: the top row is one merged cell (no rule between its two positions).
    grid = [
        [_flags(right=False), _flags(left=False)],
        [_flags(), _flags()],
    ]
    groups = sorted(sorted(g) for g in rectangles(merged_groups(grid)))
    assert groups == [[(0, 0), (0, 1)], [(1, 0)], [(1, 1)]]


def test_l_shaped_group_is_split_into_positions():
    # (0,0)-(0,1) joined and (0,1)-(1,1) joined: an L, which cannot be one Cell.
    grid = [
        [_flags(right=False), _flags(left=False, bottom=False)],
        [_flags(), _flags(top=False)],
    ]
    groups = sorted(sorted(g) for g in rectangles(merged_groups(grid)))
    assert groups == [[(0, 0)], [(0, 1)], [(1, 0)], [(1, 1)]]
