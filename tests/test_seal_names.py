"""A seal's arc text checked against the unit the form names (139's stamped 150 dpi grey scan, tune).

The arc of 139's seal reads 祥 for 样 at two widths of three (0.87 in all); the form prints the unit's
name (read at 0.9997), and the third reading has 样. The page's spelling is taken; a reading no other
width backs, or one the page's unit cannot correct (read unsurely), is withdrawn with a SEAL_NAME_DIFFERS
finding naming both spellings; an arc naming another office in more characters is left as read.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE
from jixiao.models.page import Seal
from jixiao.pipeline.process import process_document
from jixiao.pipeline.validation.seal_names import NEAR_SIMILARITY, SEAL_NAME_DIFFERS, SURE_UNIT_CONFIDENCE, check_seal_names

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
SEALED_139 = SAMPLES / "139_guangxi_values_seal150.pdf"


@pytest.fixture(scope="module")
def doc_139():
    return process_document(SEALED_139, "pdf/139_guangxi_values_seal150.pdf")


def _misreadings(seal: Seal, unit: str) -> list[str]:
    return [r for r in seal.readings
            if r != unit and len(r) == len(unit) and Levenshtein.normalized_similarity(r, unit) >= NEAR_SIMILARITY]


def test_the_arc_takes_the_page_spelling_its_other_reading_backs(doc_139):
    """The reported arc text is the form's unit name, at the reading's confidence; the arc was read
    otherwise at some width (the misreading the check exists for)."""
    (form,) = doc_139.forms
    (seal,) = doc_139.seals
    assert _misreadings(seal, form.unit)
    assert seal.text == form.unit
    assert seal.text_confidence >= MIN_CONFIDENCE
    assert not [f for f in doc_139.findings if f.rule == SEAL_NAME_DIFFERS]


def test_a_misreading_no_reading_contradicts_is_withdrawn(doc_139):
    """The same misread arc with no reading that has the page's character: not reported, and its
    confidence falls below the reporting threshold."""
    (form,) = doc_139.forms
    (seal,) = doc_139.seals
    misread = _misreadings(seal, form.unit)[0]
    alone = Seal(page=seal.page, bbox=seal.bbox, colour=seal.colour, seen_as=seal.seen_as, text=misread,
                 text_confidence=0.87)
    alone.readings = [misread]
    (finding,) = check_seal_names([alone], doc_139.forms)
    assert alone.text == "" and alone.text_confidence < MIN_CONFIDENCE
    _assert_differs(finding, form.unit, misread)


def _assert_differs(finding, unit: str, read: str) -> None:
    assert finding.rule == SEAL_NAME_DIFFERS and finding.severity == "needs_review"
    assert finding.expected.startswith(unit) and finding.stated.startswith(read)


def _copy_of(seal: Seal, text: str, readings: list[str]) -> Seal:
    return Seal(page=seal.page, bbox=seal.bbox, colour=seal.colour, seen_as=seal.seen_as, text=text,
                text_confidence=0.87, readings=readings)


def test_a_unit_read_unsurely_does_not_overwrite_the_seal(doc_139):
    """139's misread arc with its real readings, on the form whose unit OCR read below the sure
    confidence: the page may be the misread one, so its spelling is not put on the seal; the arc is
    withdrawn and the disagreement is a finding."""
    (form,) = doc_139.forms
    (seal,) = doc_139.seals
    misread = _misreadings(seal, form.unit)[0]
    unsure = form.model_copy(deep=True)
    unsure.unit_cell.confidence = SURE_UNIT_CONFIDENCE - 0.05
    copy = _copy_of(seal, misread, seal.readings)
    (finding,) = check_seal_names([copy], [unsure])
    assert copy.text == "" and copy.text_confidence < MIN_CONFIDENCE
    _assert_differs(finding, form.unit, misread)


def test_a_seal_of_another_office_as_long_is_reported_not_renamed(doc_139):
    """A seal naming another office with a name as long as the form's unit (one character other, as
    长沙县 for 长沙市), read so at every width: not taken for a misreading and renamed, but withdrawn
    from the confident names with a finding naming both."""
    (form,) = doc_139.forms
    (seal,) = doc_139.seals
    i = form.unit.index("县")
    other = form.unit[:i] + "市" + form.unit[i + 1:]
    copy = _copy_of(seal, other, [other] * 3)
    (finding,) = check_seal_names([copy], doc_139.forms)
    assert copy.text != form.unit and copy.text_confidence < MIN_CONFIDENCE
    _assert_differs(finding, form.unit, other)


def test_an_arc_naming_another_office_is_left_as_read(doc_139):
    """An arc longer than the page's name (another office, or the name in another
    form) is not a misreading of a character: left alone."""
    (form,) = doc_139.forms
    (seal,) = doc_139.seals
    other = Seal(page=seal.page, bbox=seal.bbox, colour=seal.colour, seen_as=seal.seen_as,
                 text=form.unit[:-1] + "委员会", text_confidence=0.95)
    assert check_seal_names([other], doc_139.forms) == []
    assert other.text == form.unit[:-1] + "委员会" and other.text_confidence == 0.95


def test_a_seal_keeps_its_arc_readings_through_json(doc_139):
    """A page read in a page task comes back as JSON: 139's seal keeps the readings that back the
    page's spelling, and the seals table does not carry them."""
    from jixiao.models.page import PageContent
    from jixiao.pipeline.outputs.tables import table_rows

    (seal,) = doc_139.seals
    assert len(seal.readings) >= 2
    page = PageContent(page=seal.page, width=595, height=842, method="ocr", seals=[seal])
    again = PageContent.model_validate_json(page.model_dump_json())
    assert again.seals[0].readings == seal.readings
    (row,) = table_rows([doc_139])["seals"]
    assert "readings" not in row


def test_an_arc_one_character_short_of_the_unit_is_withdrawn(sample_runs):
    """149's stamped 150 dpi grey scan: a printed 10 crosses the 省 of its seal's arc, which reads
    贵州样例县民政局 surely at every width; one character short of the form's unit, it is withdrawn with
    a finding naming both, not reported as the seal's name."""
    (doc,) = sample_runs.documents([SAMPLES / "149_guizhou_relief_grants_seal150.pdf"])
    (form,) = doc.forms
    (seal,) = doc.seals
    assert seal.text == "" and seal.text_confidence < MIN_CONFIDENCE
    assert any(len(r) == len(form.unit) - 1 for r in seal.readings)
    (finding,) = [f for f in doc.findings if f.rule == SEAL_NAME_DIFFERS]
    _assert_differs(finding, form.unit, next(r for r in seal.readings if len(r) == len(form.unit) - 1))
