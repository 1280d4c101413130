"""A fax table whose rules vanished (its grid inferred from the recognised lines) keeps the value
lines' grammar alternatives, as a ruled table's cells do (extractors/ocr/page_reader.py): the row's
context can then give a target the "≥" or "%" the fax thinned away."""
from __future__ import annotations

from pathlib import Path

from jixiao.extractors.ocr.page_reader import _inferred_alternatives
from jixiao.models import Cell, PageTable

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def _table(*raw: str) -> PageTable:
    cells = [Cell(row=1, col=i, text=text, raw_text=text, bbox=(10.0 * i, 0.0, 10.0 * i + 9, 9.0), method="ocr")
             for i, text in enumerate(raw)]
    return PageTable(page=1, bbox=(0.0, 0.0, 100.0, 9.0), n_rows=2, n_cols=len(raw), cells=cells, method="ocr")


def test_a_cell_holding_one_loose_value_line_takes_its_alternatives():
    table = _table(">50公斤", "65235", "项目区粮食亩产增加")
    _inferred_alternatives([table], {">50公斤": [(">50公", 0.1)], "65235": None, "95%": [("≥95%", 0.4)]})
    by_text = {c.raw_text: c.alternatives for c in table.cells}
    assert by_text[">50公斤"] == [(">50公", 0.1)]
    # lines read alike whose alternatives differed give none; a name no value line was read as gains nothing
    assert by_text["65235"] == [] and by_text["项目区粮食亩产增加"] == []


def test_fax_targets_of_an_inferred_grid_regain_their_signs(sample_runs):
    """Tune faxes whose table rules the fax lost, read through an inferred grid: 200 at 204×98
    (">50公斤" is "≥50公斤" that lost its under-bar) and 132 at 100 dpi ("995%" and "29%", a "≥" read
    as a digit, come back as "≥95%" and "≥90%" from the recogniser's alternatives). The forms stay
    suspect and the targets read from context stay in doubt."""
    for name, wanted in (("200_renshou_farmland_fax204.pdf", {"≥50公斤"}),
                         ("132_yulin_clinic_fax100.pdf", {"≥95%", "≥90%"})):
        (doc,) = sample_runs.documents([SAMPLES / name])
        (form,) = doc.forms
        by_target = {ind.target.text: ind for ind in form.indicators if ind.target is not None}
        assert wanted <= set(by_target), name
        for text in wanted:
            assert by_target[text].field_confidence.get("target", 1.0) <= 0.5, (name, text)
        assert form.verdict == "suspect"
