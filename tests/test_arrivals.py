"""Pages as they arrive (issue: rotated, photographed, faxed, stamped) end to end.

The scans, photos and faxes of forms 100–134 and of real published forms (4xx)
are extracted once; the figures per kind are the ones README reports. Seals must come out as records on the
pages the manifest names (and nowhere else), forms carry `sealed`, and neither
seal ink nor fax speckle may raise an error or warning finding: the digital
PDFs of the same forms raise none.
"""
import json
from pathlib import Path

import pytest

from jixiao.pipeline.evaluation.scorer import evaluate_tables

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
IMAGE_KINDS = ("seal_300dpi", "seal_150dpi_grey", "photo", "photo_no_edge", "handwriting", "handwriting_grey",
               "fax_100dpi", "fax_204x98", "searchable_scan", "watermark_scan", "pasted_picture")
ARRIVALS = [e for e in MANIFEST if e.get("kind") in IMAGE_KINDS]
TWINS = [e for e in MANIFEST if e.get("kind") == "digital" and e.get("split")]


@pytest.fixture(scope="module")
def result(sample_runs):
    return sample_runs.result([SAMPLES / e["file"] for e in ARRIVALS + TWINS])


@pytest.fixture(scope="module")
def evaluation(result):
    return evaluate_tables(result.tables, SAMPLES / "truth", SAMPLES / "manifest.json")


@pytest.fixture(scope="module")
def summary(evaluation):
    return evaluation["summary"]


def test_every_kind_has_a_tune_and_a_holdout_file():
    for kind in IMAGE_KINDS + ("rotated_digital", "cropbox_offset", "userunit_digital"):
        splits = [e["split"] for e in MANIFEST if e.get("kind") == kind]
        assert "tune" in splits and "holdout" in splits, kind


#: The issue's targets per kind, each its own test: every form found, row recall, fields exact, stated totals.
TARGETS = {"forms": ("forms_found", None), "rows": ("row_recall", 0.98), "fields": ("field_exact", 0.97),
           "totals": ("stated_total_exact", 1.0)}
#: (kind, target) pairs not reached yet, and why (figures in README, "Pages as they arrive"): 1-bit faxes
#: lose strokes the recogniser needs (≥ read as "-", % as "96"), and a standard-mode fax loses so much
#: of its thin rules and strokes that labels and names are misread.
SHORT_OF_TARGET = {
    ("seal_150dpi_grey", "totals"): "stated totals 25 of 27: 142_yangming_emergency_seal150_twice (holdout, stamped "
                                    "twice, measured on arrival, not examined) reads its 总分 99.72 as '99.76.', "
                                    "suspect; 179_huanggang_soil_writer_seal150 (tune, from a seal sweep): the seal "
                                    "over 得分, the table's last column, took the rule between the 满意度 row and the "
                                    "总分 row up to the table's edge, and 99.6 is read into the row above, suspect",
    ("fax_100dpi", "fields"): "100 dpi 1-bit text misread: level-3 names, units and signs neither the grammar decoding "
                              "nor the row restores nor the word model re-spells, in small Calc type most (fields "
                              "exact 0.745 tune over six forms, 427's fax 0.68 with its headings read under the header "
                              "vocabulary and its unreadable columns named by their cells, 200's 三线表 0.43 with "
                              "every row; holdout 0.657, 402's real form 0.23: all 10 "
                              "rows found, its level-3 names read into the 一级 column; 442's real declaration 0.59, "
                              "all 16 rows, its 二级 column read from the 一级 cells, measured on arrival; 461's real "
                              "内蒙古 申报表 (Calc) 0.68, all 11 rows, suspect, measured on arrival and after its "
                              "print's mends; 470's real 项目自评表 (Writer, holdout, measured on arrival, not "
                              "examined) 0.78, all 8 rows, suspect; 471's real 湖南 目标表 (Chromium) 0.94, all 7 rows, "
                              "and 472's real 云南 项目自评表 (Writer) 0.62, 18 of 19 rows, both holdout, measured on "
                              "arrival and once after 471's print's mend, not examined, suspect; 473's real 内蒙古 "
                              "目标表 (Chromium) 0.88, all 11 rows, and 474's real 上海 自评表 (Calc) 0.69, all 5 rows, "
                              "both holdout, measured on arrival and once after 473's print's mends, not examined, "
                              "suspect; the kind 0.707 over thirty-one forms, 0.701 over the twenty-nine before them)",
    ("fax_100dpi", "totals"): "stated totals 0.67 tune, 0.75 holdout: 总分 digits misread (200's 98.47 read 78.47); "
                              "459's fax, no form found, counts as a miss",
    ("fax_100dpi", "rows"): "row recall 0.93 over sixteen forms (461's real 内蒙古 申报表, holdout, all 11 of its "
                            "rows; 0.92 over the fifteen before it, 0.96 over the thirteen before 459's): 435's real "
                            "部门整体 score table faxed at 100 dpi (holdout, measured on arrival, not examined) has 1 of "
                            "its 6 rows, suspect, and 459's real 福建 部门整体 目标表 none of its 7 (456's real "
                            "continuation page, holdout, fed upside down, all 8 of its rows); 468's real 宁夏 申报表 "
                            "(Writer, holdout, measured on arrival, not examined) 7 of its 11; 472's real 云南 "
                            "项目自评表 (Writer, holdout, measured on arrival, not examined) 18 of its 19; the kind "
                            "0.950 over thirty-one forms with 473's and 474's real faxes (holdout, all 11 and all 5 of "
                            "their rows), 0.947 over the twenty-nine before them",
    ("fax_100dpi", "forms"): "forms 15 of 16: 459's real 福建 部门整体支出绩效目标表 (Writer, a 年度履职目标 table and an "
                             "indicator table of small type, nothing scored) faxed at 100 dpi (holdout, measured on "
                             "arrival and once after its print's mends, not examined): no form found, the document "
                             "failed with its error",
    ("fax_204x98", "fields"): "98 dpi rows lose the thin horizontal strokes of 一, 二, ≥: level-3 names, lost signs "
                              "and units (fields exact 0.83 over sixteen forms, 200's 三线表 0.72; holdout: 402's real "
                              "form 0.58: rows under the wrong 二级 names; 428's real declaration 0.48, 6 of 7 rows, "
                              "suspect; 441's real 宁夏 score table 0.67, 15 of 16 rows, suspect; 445's real 部门 考评 "
                              "table 0.44, 5 of 5 rows, suspect (446, its tune fax, 0.67); 448's real 专项经费 evaluation table "
                              "0.88, all 32 rows, suspect, measured once; 449's real 四川 实施进度 table 0.33, 5 of 6 "
                              "rows, suspect, measured on arrival and after its print's mends; 454's real 重庆 目标审批表 0.67, "
                              "its one row, suspect, measured on arrival and after; 460's real 甘肃 目标表 0.98, all 10 rows, "
                              "suspect, measured on arrival and after)",
    ("fax_204x98", "totals"): "stated totals 1.0 tune, 0.7 holdout (441's 自评得分 98 in its header block unread, "
                              "measured on arrival; 426's 100分 read since its 分 is parsed)",
}
#: Where a kind is short of a target, the level it has reached must hold (measured, less a margin for the
#: one misread cell a change of the recogniser's batch can flip): a regression shows even under the xfail.
FLOORS = {("seal_150dpi_grey", "totals"): 0.92, ("fax_100dpi", "fields"): 0.62, ("fax_100dpi", "totals"): 0.55,
          ("fax_100dpi", "rows"): 0.9, ("fax_204x98", "fields"): 0.8, ("fax_204x98", "totals"): 0.65}
#: fax_204x98 rows: met at 0.983 over twenty-four forms since 460's real fax (holdout, 10 of 10) joined the kind
#: (0.9806 over twenty-one with 454's real fax, 1 of 1; 0.9805 over twenty with 452's real fax, 6 of 6); the
#: holdout's real 441 (15 of 16), 428 (6 of 7) and 449 (5 of 6) lose rows, 144's tune fax no longer (10 of 10
#: since a group's centred weight joins no rows),
#: 0.9799 over the nineteen forms without it.

#: Kinds where residue of the seal (or fax text errors) still raises an error or warning. Findings resting
#: on doubtful cells are read again and otherwise reported as needs_review; a comparison sign a fax lost
#: entirely is read with confidence ("2400元" for "≤2400元"), but on a form whose rows are mostly in
#: doubt no accusation stands (needs_review). Empty now; kept for kinds added later.
WARNINGS_LEFT: dict[str, str] = {}


def _kind(kind: str, reasons: dict[str, str]):
    return pytest.param(kind, marks=pytest.mark.xfail(strict=True, reason=reasons[kind])) if kind in reasons else kind


def _entry_case(entry: dict, reasons: dict[str, str]):
    """A manifest entry as a test case named by its file's stem, expected to fail where `reasons` says why."""
    stem = Path(entry["file"]).stem
    marks = [pytest.mark.xfail(strict=True, reason=reasons[stem])] if stem in reasons else []
    return pytest.param(entry, id=stem, marks=marks)


#: Writer tables photographed: their row rules are 0.1 pt grey hairlines, lighter after the camera's blur
#: than the page's ink threshold; found by their contrast with the paper beside them
#: (extractors/ocr/faint_rules.py), every row is read. Under the seal its lifting erases the hairlines too,
#: cells there merge, and the form must come out suspect.
HAIRLINE_PHOTOS = ("132_yulin_clinic_photo_seal.pdf", "423_tangxi_villages_photo_seal.pdf")


def _kind_summary(evaluation, kind: str) -> dict:
    from jixiao.pipeline.evaluation.scorer import summarize

    return summarize([f for f in evaluation["files"] if f.get("kind") == kind])["all"]


def _target_case(kind: str, target: str):
    reason = SHORT_OF_TARGET.get((kind, target))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(kind, target, id=f"{kind}-{target}", marks=marks)


@pytest.mark.parametrize(("kind", "target"), [_target_case(k, t) for k in IMAGE_KINDS for t in TARGETS])
def test_each_kind_meets_each_target(evaluation, kind, target):
    s = _kind_summary(evaluation, kind)
    measure, least = TARGETS[target]
    if target == "forms":
        assert s["forms_found"] == s["forms_expected"]
    else:
        assert s[measure] >= least


@pytest.mark.parametrize(("kind", "target"), list(FLOORS))
def test_a_kind_short_of_a_target_holds_its_level(evaluation, kind, target):
    assert (kind, target) in SHORT_OF_TARGET  # a floor only where the target itself is not met yet
    assert _kind_summary(evaluation, kind)[TARGETS[target][0]] >= FLOORS[kind, target]


@pytest.mark.parametrize("name", HAIRLINE_PHOTOS)
def test_a_photographed_hairline_table_has_every_row_and_is_suspect_where_misread(evaluation, name):
    (entry,) = [f for f in evaluation["files"] if f["file"] == name]
    assert entry["forms"]
    for form in entry["forms"]:
        assert form["found"] and form["matched_rows"] == form["truth_rows"], name
        assert form["stated_total"]["exact"], name
        assert form["field_exact"] == 1.0 or form["verdict"] == "suspect", name


#: Arrival files whose misread form comes out `ok`, and why: the worst failure, kept in sight (203's
#: photo was, until a merged label away from the middle of its rows marked them doubtful; 438's stamped
#: scan, holdout, not examined, until short tables read off an image were held to their lost columns,
#: designed on 440's tune twins of the same print).
READ_WRONG_BUT_OK: dict[str, str] = {}


@pytest.mark.parametrize("entry", [_entry_case(e, READ_WRONG_BUT_OK) for e in ARRIVALS])
def test_an_arrival_read_wrong_is_never_reported_ok(result, evaluation, entry):
    """Whatever an arrival costs in fields, a form that is not read exactly says so (`suspect`), and a
    form not found at all leaves its document with an error row, not `ok`."""
    name = Path(entry["file"]).name
    (evaluated,) = [f for f in evaluation["files"] if f["file"] == name]
    (doc,) = [d for d in result.documents_ if d.source_file == name]
    for form in evaluated["forms"]:
        if not form["found"]:
            assert doc.status != "ok" and doc.error, name
            continue
        assert form["field_exact"] == 1.0 or form["verdict"] == "suspect", name


#: Kinds that must be seen on forms other than the hand-written 100–103, on both splits.
ON_OTHER_FORMS = ("rotated_digital", "cropbox_offset", "seal_300dpi", "seal_150dpi_grey", "photo")


@pytest.mark.parametrize("kind", ON_OTHER_FORMS)
def test_every_kind_is_seen_on_other_forms_tuned_and_held_out(kind):
    other = [e for e in MANIFEST if e.get("kind") == kind and Path(e["truth"]).name[:3] not in ("100", "101", "102", "103")]
    for split in ("tune", "holdout"):
        assert sum(e["split"] == split for e in other) >= 1, (kind, split)
    assert len(other) >= 2
    if kind == "photo":
        assert {"tune", "holdout"} <= {e["split"] for e in other if e["seal_pages"]}  # photos with a seal


def test_the_digital_forms_raise_no_error_or_warning(result):
    twins = {Path(e["file"]).name for e in TWINS}
    assert not [f for d in result.documents_ if d.source_file in twins for f in d.findings
                if f.severity in ("error", "warning")]


@pytest.mark.parametrize("kind", [_kind(k, WARNINGS_LEFT) for k in IMAGE_KINDS])
def test_no_error_or_warning_from_seal_ink_or_speckle(evaluation, kind):
    """Beyond what the form itself states wrongly: a real form's truth expects the findings its own
    figures earn (401's weights add to 110), which its digital PDF raises as well."""
    raised = [(f["file"], u["rule"], u["indicator"]) for f in evaluation["files"] if f.get("kind") == kind
              for form in f["forms"] for u in form["unexpected_findings"]]
    assert not raised


#: Stamped files whose seal is not found, and why: the form is read, but not reported sealed.
SEALS_MISSED: dict[str, str] = {}


def test_seals_are_reported_where_stamped_and_nowhere_else(result):
    by_name = {d.source_file: d for d in result.documents_}
    for entry in ARRIVALS:
        if Path(entry["file"]).name in SEALS_MISSED:
            continue
        doc = by_name[Path(entry["file"]).name]
        assert sorted({s.page for s in doc.seals}) == entry["seal_pages"], entry["file"]
        assert all(f.sealed == bool(entry["seal_pages"]) for f in doc.forms), entry["file"]
        for seal in doc.seals:
            x0, y0, x1, y1 = seal.bbox
            assert 90 <= x1 - x0 <= 150 and 90 <= y1 - y0 <= 150  # 42 mm ≈ 119 pt, a little margin
            assert seal.colour.startswith("#")


#: Sealed scans whose second readings under the seal still contradict the first, and why.
REREAD_CONTRADICTED = {
    "149_guizhou_relief_grants_seal150.pdf": "412's form printed by Chromium and stamped grey at 150 dpi (a third "
                                             "never-seen set's, tune): the lone '=' of 发放补助资金's 指标性质, left of the "
                                             "seal, read at low confidence, is read again '1'; the form (0.984 fields "
                                             "exact, its one miss a 爲 read 為) comes out suspect",
    "147_guangxi_values_seal150.pdf": "417's form typed in Writer, stamped grey at 150 dpi (tune, measured on "
                                      "arrival): second readings under the seal disagree with the first (a 得分 "
                                      "'e5' read again '5', 96% read '9 6%8' and 'OV96%'); the form (0.906 fields "
                                      "exact) comes out suspect",
    "142_yangming_emergency_seal150_twice.pdf": "holdout (measured on arrival, not examined): 211's print stamped "
                                                "twice; second readings under the seals disagree with the first; "
                                                "the form comes out suspect",
    "404_langfang_hvac_seal150.pdf": "holdout (not examined): under a 150 dpi grey seal over a template's blank "
                                     "rows, second readings of empty or numeric cells read seal strokes ('一', 'A'); "
                                     "the form comes out suspect",
    "412_guizhou_budget_block_seal150.pdf": "150 dpi grey seal over a split-target Calc form: the lone signs of its "
                                            "指标性质 column, clear of the seal, read 'M' and 'V' for ≥ and '2' for "
                                            "﹦, and their second readings disagree; the form (0.92 fields exact, "
                                            "every cell under the seal read right) comes out suspect",
    "202_qingshanhu_health_seal150.pdf": "150 dpi grey seal over a Writer hrules-only form: a 7 得分 printed on a "
                                         "stroke of the seal's 湖 keeps that stroke's edges joined to it once the "
                                         "seal's tone is divided out: read '明', read again '少B'; the score is "
                                         "left unread and the form (0.976 fields exact) comes out suspect",
    "103_ganzhou_seal150.pdf": "holdout (not examined): a second reading of a 得分 under the 150 dpi grey seal "
                               "disagrees with the first; the form (0.989 fields exact) comes out suspect",
    "211_yangming_emergency_seal150.pdf": "holdout (not examined): a borderless form under a 150 dpi grey seal, "
                                          "every field read right since the seal's tone is divided out, but second "
                                          "readings under the seal contradict the first; the form comes out suspect",
    "424_lijiang_satellite_seal300.pdf": "a 300 dpi seal over a split-target form: a sign cell's second reading "
                                         "is 'V' for ≥; the form, two signs lost, comes out suspect",
    "440_qingshen_wage_seal300.pdf": "a 300 dpi seal over 400's two-row split-target form: its 指标性质 signs read "
                                     "'三' and '=' and read again '=' and '二'; the form, read exactly, comes out "
                                     "suspect",
    "137_guichi_rural_environment_seal150.pdf": "a 150 dpi grey seal over the score columns of 443's template (tune "
                                                "twin): the rules under it are lost, the 指标说明, 分值 and 评分 cells "
                                                "of its last five rows and the total read as one block, and second "
                                                "readings of those cells disagree; the form comes out suspect",
    "443_jiaoqu_village_public_works_seal150b.pdf": "holdout (not examined): a second impression of 443's print; "
                                                    "second readings under the seal disagree with the first; the "
                                                    "form comes out suspect",
    "140_guangxi_values_seal150.pdf": "a 150 dpi grey seal over the score columns of 417's form printed anew: a "
                                      "分值 under its ring read 'Yo', read again '1', and the last 得分 under its "
                                      "star 'J', again '均5N'; the form (0.992 fields exact) comes out suspect",
    "141_hubei_dept2020_seal150.pdf": "a 150 dpi grey seal over 410's last 得分: read '-80', read again '三用章' "
                                      "(the seal's own 专用章); the form (0.989 fields exact) comes out suspect",
    "451_jishan_medical_insurance_match_seal150.pdf": "holdout, measured on arrival (not examined): a 150 dpi grey "
                                                      "seal over 451's last 得分 (9): read '二', read again '专用' "
                                                      "(the seal's own 专用章); the form (0.981 fields exact) "
                                                      "comes out suspect",
    "464_longyang_fertilizer_reduction_seal150.pdf": "holdout, measured once its page no longer failed (not "
                                                     "examined): second readings under the grey seal disagree with "
                                                     "the first; the form (0.976 fields exact) comes out suspect",
    "466_zhaidian_public_health_services_seal300.pdf": "holdout, measured on arrival (not examined): a 300 dpi seal "
                                                       "over the 分值 and 得分 of 466's twenty-five rows: a 分值 read "
                                                       "')', read again '2'; the form (0.996 fields exact) comes out "
                                                       "suspect",
    "469_linxiang_wildlife_shelter_seal150.pdf": "holdout, measured on arrival (not examined): second readings "
                                                 "under a 150 dpi grey seal over 469's score columns disagree with "
                                                 "the first; the form (0.958 fields exact) comes out suspect",
    # a 150 dpi grey seal sweep of the real tune forms (178-181, tune): cells under the seal read again from the
    # lifted page still hold the seal's leftovers; each form comes out suspect
    "178_lijiang_satellite_writer_seal150.pdf": "a sign under the seal's ring read '=', read again '2' (1.000 fields "
                                                "exact)",
    "179_huanggang_soil_writer_seal150.pdf": "得分 cells joined under the seal read '201D205V', read again '25'; the "
                                             "总分 '峰99.0', again '用章99.6' (0.867)",
    "180_xiangyang_hospital_calc_seal150.pdf": "the first 得分 under the seal's star read 'io-', read again '市' "
                                               "(0.981)",
    "181_railway_continuation_calc_seal150.pdf": "signs under the seal read '=', read again 'F', '二', 'n' (0.986)",
}
STAMPED = [Path(e["file"]).name for e in ARRIVALS if e["kind"] in ("seal_300dpi", "seal_150dpi_grey")]


@pytest.mark.parametrize("name", [_kind(n, REREAD_CONTRADICTED) for n in STAMPED])
def test_second_readings_under_a_seal_are_made_with_the_seal_lifted(result, name):
    """A doubtful cell under a seal is read again on the page prepared as the reader prepared it:
    read from the raw page it read the seal's strokes ("1康区" for 10) and contradicted a right first
    reading, so a form read exactly came out suspect."""
    contradicted = [(r.field, r.read, r.fits) for d in result.documents_ if d.source_file == name
                    for f in d.forms for r in f.verdict_reasons if r.code == "REREAD_DISAGREES"]
    assert not contradicted


#: Stamped files on which no form is found, and why (their seals are still reported). 210's frame-only form,
#: its frame taken for a grid of one cell, is read by the inferred grid now; 443's stamped scan, its wrapped
#: headings cut in two by the bottom strokes of 二, 三 and 县, keeps its header whole; 464's stamped grey scan,
#: whose seal left no band between its ring and its centre to unwrap (a page error before), is read. Empty now.
STAMPED_FORM_LOST: dict[str, str] = {}


def test_seals_table_and_sealed_column(result):
    assert {"source_file", "page", "bbox", "colour"} <= set(result.seals.columns)
    sealed_files = {Path(e["file"]).name for e in ARRIVALS if e["seal_pages"]} - set(SEALS_MISSED)
    assert set(result.seals["source_file"]) == sealed_files
    assert set(result.forms.loc[result.forms["sealed"], "source_file"]) == sealed_files - set(STAMPED_FORM_LOST)


@pytest.mark.parametrize("name", [_kind(n, {**STAMPED_FORM_LOST, **SEALS_MISSED}) for n in STAMPED])
def test_a_stamped_form_is_found(result, name):
    (doc,) = [d for d in result.documents_ if d.source_file == name]
    assert doc.forms and all(f.sealed for f in doc.forms), name


def test_a_stamped_real_form_with_wrapped_headings_yields_its_rows(sample_runs):
    """443's stamped grey scan (a real 安徽 form; examined, tune, after it found no table as a holdout):
    its form is found with every row, sealed (the rule between rows 3 and 4 that the seal's lifting
    erased is bridged across the seal's footprint), and a form read inexactly is never ``ok``."""
    path = SAMPLES / "pdf" / "443_jiaoqu_village_public_works_seal150.pdf"
    (doc,) = sample_runs.documents([path])
    assert doc.forms and all(f.sealed for f in doc.forms)
    (form,) = sample_runs.evaluation([path])["files"][0]["forms"]
    assert form["found"] and form["matched_rows"] == form["truth_rows"]
    assert form["field_exact"] == 1.0 or form["verdict"] == "suspect"


#: Fax files whose rows are not all found, and why (132's Writer table, whose hairline rules vanish
#: at 100 dpi, is read by the inferred grid; 200's 三线表 at 100 dpi, two rows closer than its leading,
#: is parted where each row begins a 分值).
FAX_ROWS_LOST: dict[str, str] = {
    "435_dept_score_table_2017_fax100.pdf": "holdout, measured on arrival (not examined): 435's real 部门整体 score "
                                            "table (Writer, points in every label, scores only) at 100 dpi: 1 of 6 "
                                            "rows, suspect",
    "428_xiangtan_fog_cannon_fax204.pdf": "holdout, measured on arrival (not examined): 428's real 申报表 (Calc, "
                                          "满意度 under 效益, empty template rows) at 204x98: 6 of 7 rows, suspect",
    "459_ningde_gazetteer_dept_targets_fax100.pdf": "holdout, measured on arrival and once after its print's mends "
                                                    "(not examined): 459's real 福建 部门整体 目标表 (Writer) at 100 "
                                                    "dpi: no form found",
    "449_daying_consumer_campaign_progress_fax204.pdf": "holdout, measured on arrival and once after its print's "
                                                        "mends (not examined): 449's real 四川 实施进度 table "
                                                        "(Writer, nothing scored) at 204x98: 5 of 6 rows, "
                                                        "fields 0.33, suspect",
    "472_changning_pig_farm_fax100.pdf": "holdout, measured on arrival and once after its print's mend (not "
                                         "examined): 472's real 云南 项目自评表 (Writer, eighteen scored 数量 rows) at "
                                         "100 dpi: 18 of 19 rows, fields 0.62, suspect",
    "468_yuanzhou_water_conservation_forest_declaration_fax100.pdf": "holdout, measured on arrival and once after "
                                                                     "its print's mends (not examined): 468's real "
                                                                     "宁夏 申报表 (Writer) at 100 dpi: 7 of 11 rows, "
                                                                     "fields 0.25, suspect",
}
FAX_FILES = [Path(e["file"]).name for e in ARRIVALS if e["kind"] in ("fax_100dpi", "fax_204x98")]


@pytest.mark.parametrize("name", [_kind(n, FAX_ROWS_LOST) for n in FAX_FILES])
def test_fax_forms_are_found_with_every_row(evaluation, name):
    """Lost rules rebuilt from their fragments and headers whose level numerals a fax lost still
    mapped: every fax form is found, with all its rows."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == name]
    for form in entry["forms"]:
        assert form["found"], name
        assert form["matched_rows"] == form["truth_rows"], name


def test_a_fax_whose_level_headings_lost_their_numerals_keeps_each_level_in_its_column(evaluation):
    """154's fax read 一级指标 | 二级指标 | 三级指标 as "级指标 | 级指标 | 铁指标": counted with the lost levels, the
    third heading keeps the 三级 names in their column (taken alone, the 二级 column was read as the first
    level and every row's names shifted one level: 一级 0 of 10)."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "154_jiamusi_heating_mains_fax100.pdf"]
    (form,) = entry["forms"]
    right, rows = form["fields"]["level1_canonical"]
    assert right == rows == form["truth_rows"]
    right, rows = form["fields"]["level2_canonical"]
    assert right >= 0.8 * rows


def test_a_fax_whose_name_column_lost_its_row_rules_keeps_a_name_per_row(evaluation):
    """157's fax (a Writer table at 204×98) lost every row rule of its 二级 column, the names stacked at the
    rows' pitch: two lines that each read as a whole level name are two rows' labels (before, the column
    was one cell, "社会效益指标时效指标…", read as the first row's 三级 name and every 二级 lost). Its 年度目标
    column, left of every name, no longer counts as a value column when the level headings are counted
    (it made the lost-numeral "级指标" a 三级 heading)."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "157_mata_town_declaration_fax204.pdf"]
    (form,) = entry["forms"]
    for field in ("level2", "level3"):
        right, rows = form["fields"][field]
        assert right >= rows - 1, field


#: The least share of a kind's seals whose arc text is read exactly.
SEAL_TEXT_EXACT = {"seal_300dpi": 0.75, "seal_150dpi_grey": 0.6, "photo": 0.4}
#: Kinds whose seals are read exactly too rarely, and why.
#: (seal_150dpi_grey: 12 of 19 files read exactly, 0.63, none wrong — 149's, from a third never-seen set, read
#: 贵州样例县民政局 surely at every width, a printed 10 over its 省, and is withdrawn as one character short of the
#: form's unit (pipeline/validation/seal_names.py); 12 of 18 before it — 146's and 147's, Writer prints from a sweep
#: of the arrival kinds, left unread (146's 临沧市永德县 read three ways, pieced together from their majorities
#: as 临沧商永德具 before a patchwork reading was doubted); 10 of 14 before them — 140's and 141's names, never-seen sets' seals, are
#: left unread, not read wrong: 139's 样, read 祥 at two widths of three, takes the
#: form's unit's spelling its third reading backs (pipeline/validation/seal_names.py); 101's
#: 15-character name squeezed at 150 dpi and 412's 例, read differently at each width, are left unread, and
#: 202's second page, its seal cut by the page's top edge, too.)
SEAL_TEXT_WRONG: dict[str, str] = {
    "seal_150dpi_grey": "12 of 24 read exactly (0.50), none wrong: the seal sweep's 178, 179 and 180 (tune) left "
                        "unread; 12 of 21 (0.57) before them: 469's 12-character name (临沧市临翔区林业和草原局, "
                        "holdout, measured on arrival, not examined) left unread; 12 of 20 (0.60) before it",
    "seal_300dpi": "13 of 20 read exactly (0.65), none wrong (466's 9-character name on both its pages since its "
                   "twin joined; 12 of 19, 0.63, before it): 440's stamped tune twins carry 438's 19-character "
                   "name (five of them unread, as on 438's holdout twin) and 433's 15-character one (unread), "
                   "squeezed along the arc as 422's 16-character name is",
}


@pytest.mark.parametrize("kind", [_kind(k, SEAL_TEXT_WRONG) for k in SEAL_TEXT_EXACT])
def test_seal_arc_text_is_read_on_clear_seals(evaluation, kind):
    """The unit's name along the arc, unwrapped to a line, and no name read wrong anywhere. Read
    exactly on five 300 dpi colour seals of six (422's 16-character name is squeezed so that the
    readings at different widths disagree on its length: left unread), three 150 dpi grey seals of
    four before 211 and 412 (101's 15-character name squeezed at 150 dpi: unread) and two
    photographed seals of five (the camera's blur: unread)."""
    seal_text = _single_seal_text(evaluation, kind)  # by kind: the fresh sets' twins are variant "scan"
    assert seal_text["files"] >= 4
    assert seal_text["exact"] >= SEAL_TEXT_EXACT[kind], kind


#: Files stamped twice (a second office's seal over the unit's): their arcs, read through each other's ink,
#: are withheld (extractors/ocr/seal_text.py OVERLAPPED_CONFIDENCE), so they are no clear seals.
STAMPED_TWICE = {Path(e["file"]).name for e in ARRIVALS if e.get("other_seal_texts")}


def _single_seal_text(evaluation, kind: str) -> dict:
    from jixiao.pipeline.evaluation.seal_scores import group_seal_text

    return group_seal_text([f for f in evaluation["files"] if f.get("kind") == kind and f["file"] not in STAMPED_TWICE])


def test_seals_stamped_twice_are_two_seals_and_neither_name_is_reported(result):
    """Two offices' seals half over each other: both are found (their red inks join into one cluster
    wider than a seal; a grey page's search keeps its candidates a seal apart), each as a record of its
    own, and neither arc, read through the other's ink, is reported as sure."""
    assert len(STAMPED_TWICE) == 4
    for doc in (d for d in result.documents_ if d.source_file in STAMPED_TWICE):
        assert len(doc.seals) == 2, doc.source_file
        assert all(not s.text and s.text_confidence <= 0.5 for s in doc.seals), doc.source_file
        assert all(f.sealed for f in doc.forms), doc.source_file


#: Kinds where a seal's name is read sure but wrong, and why.
SEAL_NAMES_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("kind", [_kind(k, SEAL_NAMES_WRONG) for k in SEAL_TEXT_EXACT])
def test_no_seal_name_is_reported_wrong(evaluation, kind):
    """However few seals of a kind are read, none is read wrong: a wrong name is worse than none."""
    seal_text = _kind_summary(evaluation, kind)["seal_text"]
    assert seal_text["files"] >= 4
    assert seal_text["wrong"] == 0, kind


SEAL_TEXTS = [e for e in ARRIVALS if e.get("seal_text")]
#: Seals whose text comes out sure but wrong, and why.
SEAL_READ_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("entry", [_entry_case(e, SEAL_READ_WRONG) for e in SEAL_TEXTS])
def test_an_illegible_seal_is_left_unread_never_read_as_garbage(result, entry):
    """A seal's text comes out only when the reading is sure (and then exactly right); the blurred
    photographed seals and the long name on a 150 dpi grey seal come out empty with a low confidence."""
    from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE

    (doc,) = [d for d in result.documents_ if d.source_file == Path(entry["file"]).name]
    for seal in doc.seals:
        if seal.text:
            assert seal.text_confidence >= MIN_CONFIDENCE, entry["file"]
            assert seal.text in (entry["seal_text"], *entry.get("other_seal_texts", ())), entry["file"]
        else:
            assert seal.text_confidence < MIN_CONFIDENCE, entry["file"]


def test_some_seals_are_illegible_so_the_test_above_tells_the_two_apart(result):
    from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE

    by_name = {d.source_file: d for d in result.documents_}
    unread = [s for e in SEAL_TEXTS for s in by_name[Path(e["file"]).name].seals
              if not s.text and s.text_confidence < MIN_CONFIDENCE]
    assert unread


USER_UNIT = [e for e in MANIFEST if e.get("kind") == "userunit_digital"]


@pytest.mark.parametrize("entry", [pytest.param(e, id=Path(e["file"]).stem) for e in USER_UNIT])
def test_user_unit_pages_are_read_in_points(sample_runs, entry):
    """A page stored in larger units displays at A4; its boxes come out in points of that page."""
    path = SAMPLES / entry["file"]
    (doc,) = sample_runs.documents([path])
    assert doc.status != "failed", doc.error
    boxes = [c.bbox for f in doc.forms for i in f.indicators for c in i.cells.values() if c.bbox]
    assert boxes and max(b[2] for b in boxes) > 400 and all(b[2] <= 596 and b[3] <= 843 for b in boxes)
    report = sample_runs.evaluation([path])
    assert report["summary"]["all"]["field_exact"] == 1.0


NO_EDGE = [e for e in MANIFEST if e.get("kind") == "photo_no_edge"]


@pytest.mark.parametrize("entry", [pytest.param(e, id=Path(e["file"]).stem) for e in NO_EDGE])
def test_a_photo_without_a_visible_paper_edge_is_squared_on_its_table_frame(sample_runs, entry):
    """A white page on a pale desk: no sheet edge is found, the table's frame is rectified instead,
    and the form reads as its digital twin does, whatever strong line lies above the table (a bold
    title, a thick rule under it); a flatbed scan is never warped by the frame."""
    import pypdfium2 as pdfium

    from jixiao.extractors.ocr.prepare import prepare_page

    photo = SAMPLES / entry["file"]
    pdf = pdfium.PdfDocument(str(photo))
    try:
        steps = prepare_page(pdf[0], 200).steps
    finally:
        pdf.close()
    assert any("table's frame" in step for step in steps), steps
    assert sample_runs.evaluation([photo])["summary"]["all"]["field_exact"] == 1.0
    scan = pdfium.PdfDocument(str(SAMPLES / "pdf/102_xiangtan_seal300.pdf"))
    try:
        assert not any("frame" in step for step in prepare_page(scan[0], 200).steps)
    finally:
        scan.close()


def test_the_frame_is_the_quad_inked_corner_to_corner_not_the_rule_above_it():
    """On the photo whose title is underlined by a rule as wide as the table, that rule is a
    candidate top, but the table's sides do not reach it: the frame's top is the table's own."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    from jixiao.extractors.ocr import paper

    pdf = pdfium.PdfDocument(str(SAMPLES / "pdf/106_shawan_photo_white.pdf"))
    try:
        rgb = pdf[0].render(scale=200 / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    rgb = np.asarray(rgb)
    frame = paper.find_frame(rgb)
    assert frame is not None
    scale = min(1.0, paper.THUMB_WIDTH / rgb.shape[1])
    thumb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    tops = paper._side_lines(paper._rule_segments(thumb), True, True)
    assert len(tops) >= 2  # the rule under the title and the table's top at least
    top_y = (frame.corners[0][1] + frame.corners[1][1]) / 2 * scale
    rule_y = tops[0][1] + (thumb.shape[1] / 2 - tops[0][0]) * tops[0][3] / tops[0][2]
    assert top_y > rule_y + 5  # below the outermost strong line


HANDWRITTEN = [e for e in MANIFEST if e.get("kind") in ("handwriting", "handwriting_grey")]
#: Written cells the method does not find yet (holdout, measured without tuning on it).
PEN_MISSED = {
    "120_chencang_water_hand_grey": "a dark scribble over a narrow cell (93.4%) merges with the print into one "
                                    "piece 1.8 print heights across, below the 2.2 that large title type requires: "
                                    "the cell keeps full confidence and reads 93.% (the bare point makes the form "
                                    "suspect: IMPLAUSIBLE_VALUE)",
}


@pytest.mark.parametrize("entry", [_entry_case(e, PEN_MISSED) for e in HANDWRITTEN])
def test_pen_strokes_lower_the_written_cell_and_are_ignored_outside(sample_runs, entry):
    """A scribble over one cell leaves that cell (and only it) with a lowered confidence; the
    signature and doodle in the margin leave no text, no extra form and no finding."""
    path = SAMPLES / entry["file"]
    (doc,) = sample_runs.documents([path])
    (form,) = doc.forms
    weak = {(i.row_index, field) for i in form.indicators for field, c in i.cells.items() if c.confidence <= 0.5}
    written = {(i.row_index, field) for i in form.indicators for field, c in i.cells.items()
               if c.text.strip() == entry["pen_cell"]}
    assert written and weak == written
    assert not [f for f in doc.findings if f.severity in ("error", "warning")]
    assert sample_runs.evaluation([path])["summary"]["all"]["field_exact"] == 1.0


def test_a_total_row_a_fax_set_under_the_last_row_is_read_as_the_total(evaluation):
    """159's fax (a Writer table at 204×98) lost the rule between its last indicator row and the 合计 row: the
    inferred grid read 10 over 100 as one 分值 ("10100") and 10 over 99.27 as one 得分, and the 总分 went
    unread. A points line under another points line of its column begins a row, however few cells it
    prints; the 合计 label, left in the 一级 label merged above it, names no indicator."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "159_hezhou_forest_writer_fax204.pdf"]
    (form,) = entry["forms"]
    assert form["stated_total"]["exact"]
    assert form["matched_rows"] == form["extracted_rows"] == form["truth_rows"]


def test_a_fax_that_lost_its_row_hairlines_under_a_kept_header_reads_its_rows(evaluation):
    """160's fax kept the rule under the header and lost those between the rows: a grid body cell held every
    二级 name of the table ("数量指标质量指标时效指标…"); such a grid is read as a frame and the table inferred
    from its lines and the column rules the page shows."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "160_quanzhou_fishery_writer_fax204.pdf"]
    (form,) = entry["forms"]
    assert form["matched_rows"] == form["truth_rows"]
    assert form["field_exact"] >= 0.9 and form["stated_total"]["exact"]


def test_a_values_grid_beside_inferred_names_is_read_as_part_of_one_table(evaluation):
    """161's fax lost the table's row hairlines: the names' columns, no rule left round them, were inferred
    from their lines, while the values' columns stood in a ruled grid of their own, each cell its column's
    heading over every row's figure ("年度指标值12处46公里≥3200块…"), and the 总分 row's 分值 and 得分 were read
    as one figure ("10098.61"). A grid holding a heading over its body beside an inferred table is a piece of
    the frame: the whole table is inferred from its lines."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "161_tianshui_water_writer_fax204.pdf"]
    (form,) = entry["forms"]
    assert form["matched_rows"] == form["truth_rows"]
    assert form["field_exact"] >= 0.85 and form["stated_total"]["exact"]


def test_three_rows_a_fax_joined_are_split_under_each_stacked_figure(evaluation):
    """163's fax (a seventh never-seen set's, tune) lost the rules under its last two indicator rows: one grid
    row held them and the 合计 row, its 分值 "9" over "10" over "100" and 得分 "8.57" over "10" over "97.84"
    stacked three high (read "910100", "8.571097.84"). The row is split under its top figure, and the lower
    part again: every row is read and the 总分 with it. The merged 一级 label over the rows joined held "效益指标"
    above the first cut and "满意度指标" below it (the rule between the groups lost too): each keeps its rows."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "163_yibin_culture_calc_fax204.pdf"]
    (form,) = entry["forms"]
    assert form["matched_rows"] == form["extracted_rows"] == form["truth_rows"]
    assert form["fields"]["level1_canonical"][0] == form["fields"]["level2_canonical"][0] == form["truth_rows"]
    assert form["stated_total"]["exact"]


def test_a_row_rule_with_a_stroke_joined_on_past_its_edge_parts_its_rows(evaluation):
    """165's 100 dpi fax (141's form printed by Chromium, a fax sweep's, tune) kept the rule between its first
    two rows from the 三级 column to the right edge, but a stroke of the merged 二级 name level with it was
    joined on: the piece started mid-way through the 二级 cell, met no edge, and the two rows were read as one
    (their 分值 "87", every row below one off). Judged without the stroke, the rule parts them."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "165_hubei_dept_chromium_fax100.pdf"]
    (form,) = entry["forms"]
    assert form["matched_rows"] == form["extracted_rows"] == form["truth_rows"]
    assert form["fields"]["weight"][0] == form["truth_rows"]


def test_lost_level_headings_are_placed_by_what_their_columns_hold(evaluation):
    """164's 100 dpi fax (a seventh never-seen set's, tune) read 一级指标 and 二级指标 as "级指标" and garbled
    三级指标: the names' columns were shifted one level (no 一级, 二级 holding 一级's names, the 三级 names
    lost). The 二级 column's cells read as 二级 names, which places every level; the 总分 read "99 47" is
    99.47, the point the fax lost."""
    (entry,) = [f for f in evaluation["files"] if f["file"] == "164_gansu_points_calc_fax100.pdf"]
    (form,) = entry["forms"]
    assert form["matched_rows"] == form["extracted_rows"] == form["truth_rows"]
    assert form["fields"]["level1_canonical"][0] == form["fields"]["level2"][0] == form["truth_rows"]
    assert form["stated_total"]["exact"]
