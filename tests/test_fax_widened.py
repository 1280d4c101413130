"""Faxes of five more forms (130–134: other provinces, producers, column sets and fax headers) that
widen the fax tune set beyond the two forms the fax methods were first tuned on.

What they check is what those methods claim in general: lost level numerals counted from the
numbered headings, a total row found by its arithmetic when its label lost its strokes, a lost 分值
restored from the form's arithmetic, and no misread form reported clean.
"""
import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
FAX_KINDS = ("fax_100dpi", "fax_204x98")
NEW_FAXES = [e for e in MANIFEST if Path(e["file"]).name[:3] in {"130", "131", "132", "133", "134"}
             and e.get("kind") in FAX_KINDS]


@pytest.fixture(scope="module")
def files(sample_runs) -> dict[str, dict]:
    report = sample_runs.evaluation([SAMPLES / e["file"] for e in NEW_FAXES])
    return {entry["file"]: entry for entry in report["files"]}


def test_the_new_faxes_are_several_forms_producers_and_both_fax_modes():
    assert len(NEW_FAXES) >= 4
    assert {e["kind"] for e in NEW_FAXES} == set(FAX_KINDS)
    assert {e["producer"] for e in NEW_FAXES} >= {"fax-of:libreoffice", "fax-of:chromium", "fax-of:writer-form"}
    assert {e["split"] for e in NEW_FAXES} == {"tune", "holdout"}
    assert all((SAMPLES / e["file"]).stat().st_size < 200_000 for e in NEW_FAXES)


def test_a_misread_fax_form_is_never_reported_clean(files):
    for name, entry in files.items():
        for form in entry["forms"]:
            if form["found"] and form["field_exact"] < 1.0:
                assert form["verdict"] == "suspect", name
            assert not form["unexpected_findings"], name


def test_lost_level_numerals_count_down_from_the_numbered_heading(files):
    """130 at 204×98 reads its headings "级指标 | 二级指标 | 级指标": the first is 一级, the last 三级
    (counting from the right alone made them 二级 and 三级, and every row's 一级 name came out blank)."""
    (form,) = files["130_hezhou_forest_fax204.pdf"]["forms"]
    for field in ("level1", "level2"):
        right, total = form["fields"][field]
        assert right >= total - 3, field


def test_a_total_row_whose_label_lost_its_strokes_is_read(files):
    """131's 合计 reads "合" and 130's none at all; their 分值 sum says the row is the total."""
    for name in ("130_hezhou_forest_fax204.pdf", "131_jiamusi_heating_fax204.pdf", "133_quanzhou_fishery_fax204.pdf"):
        (form,) = files[name]["forms"]
        assert form["stated_total"]["exact"], name


def test_an_unread_weight_comes_from_the_forms_arithmetic(sample_runs):
    """131's 单公里改造成本 分值 reads "j5": the total row's 100 less the budget's 10 and the other rows' 85."""
    (doc,) = sample_runs.documents([SAMPLES / "pdf" / "131_jiamusi_heating_fax204.pdf"])
    (form,) = doc.forms
    row = form.indicators[5]
    assert row.weight == 5
    assert row.field_confidence["weight"] <= 0.5
    assert form.verdict == "suspect"


def test_a_writer_table_faxed_at_100_dpi_has_its_rows(files):
    """A Writer table's hairline rules vanish on a 100 dpi 1-bit fax: no grid is found, and the
    table is inferred from the recognised text (its level numerals and 总分 label lost too)."""
    (form,) = files["132_yulin_clinic_fax100.pdf"]["forms"]
    assert form["matched_rows"] == form["truth_rows"]
    assert form["stated_total"]["exact"]
    for field in ("level1", "level2", "weight"):
        right, total = form["fields"][field]
        assert right == total, field
