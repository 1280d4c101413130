"""The review report: forms overview, form pages, languages, charts, export, escaping.

Documents come from the session's ``sample_runs`` (extracted once); the report is
written from them straight by ``write_report``. Structural tests parse the HTML;
browser tests load it in headless Chromium (skipped with a reason when it is not
installed), check that the page scripts ran without a console message, drive
filters, sorting, links and the export through the URL, and keep screenshots
under test-artifacts/.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from batch_support import NO_OCR, sample
from jixiao.models import Finding, VerdictReason
from jixiao.pipeline.batch.run import BatchConfig, run_batch
from jixiao.pipeline.batch.inputs import discover
from jixiao.pipeline.outputs.cells import recover
from jixiao.pipeline.outputs.report import write_report
from jixiao.pipeline.outputs.report.data import doc_slug, script_json
from jixiao.pipeline.outputs.report.finding_words import DETAILS_ZH, finding_values
from jixiao.pipeline.outputs.report.i18n import RULE_MEANINGS_ZH
from jixiao.pipeline.process import process_document
from jixiao.pipeline.validation.codes import RULES
from jixiao.pipeline.validation.findings import num
from report_browser import classes, elements, load, needs_chromium, screenshot, text_of

#: A file name and cell texts that would be markup, script or a spreadsheet formula if not escaped.
EVIL_NAME = '<img src=x onerror="document.title=1">"&\'.pdf'
EVIL_UNIT = "</script><script>document.title='unit'</script>"
EVIL_CELL = '<b onmouseover="x()">=HYPERLINK("http://example.com")</b>'


def _evil(doc):
    """A copy of a real document whose name, unit, a cell and a finding carry markup."""
    evil = doc.model_copy(deep=True)
    evil.source_file = EVIL_NAME
    evil.forms[0].unit = EVIL_UNIT
    evil.forms[0].indicators[0].level3_raw = EVIL_CELL
    evil.forms[0].indicators[0].target.raw = EVIL_CELL
    evil.forms[0].verdict = "suspect"
    evil.forms[0].verdict_reasons = [VerdictReason(code="LOW_CONFIDENCE_CELL", row_index=0, field="score",
                                                   read=EVIL_UNIT, detail=EVIL_CELL)]
    evil.findings.append(Finding(form_index=0, rule="TOTAL_MISMATCH", severity="error", row_index=None,
                                 message=EVIL_CELL, expected="-1+1", stated=EVIL_UNIT))
    return evil


@pytest.fixture(scope="module")
def docs(sample_runs, tmp_path_factory):
    wuwei, jiangmen = sample_runs.documents([sample("001_wuwei"), sample("000_jiangmen")], NO_OCR)
    broken_path = tmp_path_factory.mktemp("broken") / "broken.pdf"
    broken_path.write_bytes(b"%PDF-1.4\n%broken\n")
    broken = process_document(broken_path, "broken.pdf", NO_OCR)
    paths = {"001_wuwei.pdf": sample("001_wuwei"), "000_jiangmen.pdf": sample("000_jiangmen"),
             EVIL_NAME: sample("000_jiangmen"), "broken.pdf": broken_path}
    wuwei = wuwei.model_copy(update={"source_file": "001_wuwei.pdf"})
    jiangmen = jiangmen.model_copy(update={"source_file": "000_jiangmen.pdf"})
    return {d.source_file: d for d in (wuwei, jiangmen, _evil(jiangmen), broken)}, paths


def _write(docs, lang, tmp_path_factory) -> Path:
    documents, paths = docs
    return write_report(documents.values(), paths, tmp_path_factory.mktemp(f"report-{lang}") / "report", lang=lang)


@pytest.fixture(scope="module")
def report_zh(docs, tmp_path_factory) -> Path:
    return _write(docs, "zh", tmp_path_factory)


@pytest.fixture(scope="module")
def report_en(docs, tmp_path_factory) -> Path:
    return _write(docs, "en", tmp_path_factory)


def _doc_html(index: Path, name: str) -> str:
    return (index.parent / "docs" / f"{doc_slug(name)}.html").read_text(encoding="utf-8")


def _config(index: Path) -> dict:
    html = index.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="report-data" type="application/json">(.*?)</script>', html, re.S).group(1))


# ------------------------------------------------------------------ structure


def test_overview_holds_every_form_with_its_totals_grades_and_worst_finding(docs, report_zh):
    documents, _ = docs
    records = _config(report_zh)["forms"]
    expected = [(d.source_file, f.index) for d in documents.values() for f in d.forms]
    assert sorted((r["file"], r["form"]) for r in records) == sorted(expected)
    wuwei = {r["form"]: r for r in records if r["file"] == "001_wuwei.pdf"}
    for form in documents["001_wuwei.pdf"].forms:
        row = wuwei[form.index]
        assert (row["stated"], row["recomputed"]) == (form.stated_total, form.recomputed_total)
        assert row["gap"] == pytest.approx(form.stated_total - form.recomputed_total)
        findings = [f for f in documents["001_wuwei.pdf"].findings if f.form_index == form.index]
        assert set(row["rules"]) == {f.rule for f in findings}
        assert row["worst"] == min(("error", "warning", "needs_review", "info").index(f.severity) for f in findings)
    # the broken file has no form but is listed among the files not read, with its error
    index = report_zh.read_text(encoding="utf-8")
    assert "broken.pdf" in index and "corrupt or truncated" in index
    for name in documents:
        assert (report_zh.parent / "docs" / f"{doc_slug(name)}.html").exists()


def test_report_fetches_nothing_from_outside(report_zh):
    for page in [report_zh, *(report_zh.parent / "docs").glob("*.html")]:
        for tag, attrs in elements(page.read_text(encoding="utf-8")):
            for key in ("src", "href"):
                assert not re.match(r"^(https?:)?//", attrs.get(key, "")), (page.name, attrs)


def test_every_in_page_link_has_a_target_and_every_picture_exists(docs, report_zh):
    documents, _ = docs
    for name in documents:
        tags = elements(_doc_html(report_zh, name))
        ids = {a["id"] for _, a in tags if "id" in a}
        links = {a["href"][1:] for t, a in tags if t == "a" and a.get("href", "").startswith("#")}
        assert links <= ids, (name, links - ids)
        for tag, attrs in tags:
            if tag == "img":
                assert (report_zh.parent / "docs" / attrs["src"]).resolve().exists(), attrs["src"]


def test_each_finding_links_to_the_cell_it_is_about(docs, report_zh):
    """A score finding goes to the score cell, a total finding to the 总分 cell; each row is outlined."""
    documents, _ = docs
    doc = documents["001_wuwei.pdf"]
    tags = elements(_doc_html(report_zh, "001_wuwei.pdf"))
    items = [a for t, a in tags if t == "li" and "finding" in classes(a)]
    assert len(items) == len(doc.findings)
    links = [a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("#")]
    boxes = {a["id"]: a for t, a in tags if t == "a" and "box" in classes(a)}
    cells = 0
    for f in doc.findings:
        form = doc.forms[f.form_index]
        if f.rule == "SCORE_FORMULA_MISMATCH":
            assert form.indicators[f.row_index].cells["score"].bbox
            target = f"cell-f{f.form_index}-r{f.row_index}-score"
        elif f.rule == "TOTAL_EXCLUDES_BUDGET" and form.stated_total_cell and form.stated_total_cell.bbox:
            target = f"cell-f{f.form_index}-total"
        else:
            continue
        assert f"#{target}" in links and "cell" in classes(boxes[target]), (f.rule, target)
        cells += 1
    assert cells >= 2
    for form in doc.forms:
        for ind in form.indicators:
            if ind.provenance.bbox:
                assert classes(boxes[f"box-f{form.index}-r{ind.row_index}"]) & {"c-high", "c-mid", "c-low"}


def test_indicator_rows_show_parsed_values_and_the_score_the_rules_expect(docs, report_zh):
    documents, _ = docs
    doc = documents["001_wuwei.pdf"]
    finding = next(f for f in doc.findings if f.rule == "SCORE_FORMULA_MISMATCH" and f.expected_value is not None)
    html = _doc_html(report_zh, "001_wuwei.pdf")
    row = re.search(rf'<tr id="row-f{finding.form_index}-r{finding.row_index}".*?</tr>', html, re.S).group(0)
    ind = doc.forms[finding.form_index].indicators[finding.row_index]
    assert ind.target.value is not None and ind.actual.value is not None
    parsed = re.findall(r'<div class="parsed"[^>]*>(.*?)</div>', row)
    assert parsed[0].startswith({">=": "≥", "<=": "≤", "=": "="}.get(ind.target.op, "")) and f"{ind.target.value:g}" in parsed[0]
    assert f"{ind.actual.value:g}" in parsed[1]
    expected = re.search(r'<td class="expected (\w+)">(.*?)</td>', row)
    assert expected.group(1) == "off"  # the printed score is not what the rules give
    assert f"{finding.expected_value:.2f}".rstrip("0").rstrip(".") in expected.group(2)
    fits = re.findall(r'<td class="expected (\w+)">', html)
    assert fits.count("fits") > fits.count("off") > 0


def test_chinese_by_default_english_on_request_rule_codes_unchanged(docs, report_zh, report_en):
    assert set(RULE_MEANINGS_ZH) == set(RULES)
    zh, en = _doc_html(report_zh, "001_wuwei.pdf"), _doc_html(report_en, "001_wuwei.pdf")
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert "填报总分" in zh and "stated total" in en and "stated total" not in zh
    codes = lambda html: re.findall(r'<span class="rule">([A-Z_]+)</span>', html)  # noqa: E731
    assert codes(zh) == codes(en) and codes(zh)
    rule = codes(zh)[0]
    assert html.escape(RULE_MEANINGS_ZH[rule]) in zh and html.escape(RULES[rule].meaning) in en
    assert "按规则统计的发现" in report_zh.read_text(encoding="utf-8")
    assert "Findings by rule" in report_en.read_text(encoding="utf-8")


def test_the_chinese_report_words_each_finding_in_chinese_from_its_values(docs, report_zh, report_en):
    assert set(DETAILS_ZH) == set(RULES)  # every rule has its Chinese sentence
    documents, _ = docs
    doc = documents["001_wuwei.pdf"]
    messages = {lang: re.findall(r'<div class="msg">(.*?)</div>', _doc_html(index, "001_wuwei.pdf"))
                for lang, index in (("zh", report_zh), ("en", report_en))}
    assert len(messages["zh"]) == len(messages["en"]) == len(doc.findings)
    assert sorted(messages["en"]) == sorted(html.escape(f.message) for f in doc.findings)
    assert not any(re.search(r"[A-Za-z]{3,}", m) for m in messages["zh"])  # no English sentence left
    total = next(f for f in doc.findings if f.rule == "TOTAL_EXCLUDES_BUDGET")  # 总分 88 for 98
    assert html.escape(f"填报总分 {num(total.stated_value)} 只等于各指标得分之和；加上预算执行得分，"
                       f"应为 {num(total.expected_value)}（相差 {num(abs(total.gap))}）。") in messages["zh"]
    weights = next(f for f in documents["000_jiangmen.pdf"].findings if f.rule == "WEIGHTS_NOT_100")
    assert finding_values("zh", weights) == (weights.expected, f"Σ {num(weights.stated_value)}（由印刷的分值相加）")
    assert finding_values("en", weights) == (weights.expected, weights.stated)
    evil = re.findall(r'<div class="msg">(.*?)</div>', _doc_html(report_zh, EVIL_NAME))
    assert html.escape(f"填报总分 {EVIL_UNIT}，") in "".join(evil)  # built from the values, escaped


def test_language_is_validated_by_the_settings(tmp_path):
    from typer.testing import CliRunner

    from jixiao.pipeline.cli import app
    from jixiao.pipeline.settings import batch_config

    assert batch_config(tmp_path, lang="en").lang == "en" and batch_config(tmp_path).lang == "zh"
    with pytest.raises(ValidationError):
        batch_config(tmp_path, lang="fr")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--out", str(tmp_path / "o"), "--lang", "fr"])
    assert result.exit_code == 2 and "lang" in result.output


def test_a_batch_writes_the_report_in_the_language_asked(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4\n%broken\n")
    result = run_batch(discover([str(tmp_path / "in")]), BatchConfig(out_dir=tmp_path / "out", options=NO_OCR,
                                                                      workers=0, lang="en"))
    html = result.report.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Files not fully read" in html


def test_charts_are_inline_svg_counting_what_the_tables_hold(docs, report_zh):
    documents, _ = docs
    index = report_zh.read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="chart">.*?</figure>', index, re.S)
    assert len(charts) == 4 and all("<svg" in c for c in charts)
    gap_counts = [int(n) for n in re.findall(r"<title>[^<]*…[^<]*: (\d+)</title>", charts[0])]
    forms_with_gap = sum(f.stated_total is not None and f.recomputed_total is not None
                         for d in documents.values() for f in d.forms)
    assert sum(gap_counts) == forms_with_gap
    rules = dict(re.findall(r"<title>([A-Z_0-9]+): (\d+)</title>", charts[1]))
    counted: dict[str, int] = {}
    for d in documents.values():
        for f in d.findings:
            counted[f.rule] = counted.get(f.rule, 0) + 1
    assert {k: int(v) for k, v in rules.items()} == counted


def test_names_and_cell_texts_are_escaped_everywhere(docs, report_zh):
    index = report_zh.read_text(encoding="utf-8")
    page = _doc_html(report_zh, EVIL_NAME)
    for source, scripts in ((index, 2), (page, 1)):
        tags = elements(source)
        assert sum(t == "script" for t, _ in tags) == scripts  # the page's own script(s) only
        assert not any(t in ("img", "b") and ("onerror" in a or "onmouseover" in a) for t, a in tags)
        assert not any(k.startswith("on") for _, a in tags for k in a)
    assert "&lt;img src=x onerror=" in page and "&lt;/script&gt;" in page and "&lt;b onmouseover" in page
    data = _config(report_zh)  # the JSON in the page survives the markup in it, byte for byte
    assert EVIL_NAME in {r["file"] for r in data["forms"]} and EVIL_UNIT in {r["unit"] for r in data["forms"]}
    assert "</" not in script_json(EVIL_UNIT)


# ------------------------------------------------------------------ in a browser


def _rows(loaded) -> list[dict]:
    return [a for t, a in loaded.elements() if t == "tr" and "data-file" in a]


@needs_chromium
def test_in_a_browser_the_overview_lists_errors_first_without_console_messages(docs, report_zh, tmp_path):
    documents, _ = docs
    loaded = load(report_zh.as_uri(), tmp_path / "profile")
    assert loaded.console == []
    body = next(a for t, a in loaded.elements() if t == "body")
    assert body.get("data-js") == "ready", "the page script did not run"
    rows = _rows(loaded)
    forms = sum(len(d.forms) for d in documents.values())
    assert len(rows) == forms and text_of(loaded.dom, "shown").startswith(f"显示 {forms} / {forms}")
    ranks = [{"w-error": 0, "w-warning": 1, "w-needs_review": 2, "w-info": 3, "w-none": 4}[
        next(c for c in classes(r) if c.startswith("w-"))] for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0  # the injected TOTAL_MISMATCH error comes first
    assert rows[0]["data-file"] == EVIL_NAME
    assert screenshot(report_zh.as_uri(), "report-overview.png", tmp_path / "profile").stat().st_size > 10_000
    title = re.search(r"<title>(.*?)</title>", loaded.dom, re.S).group(1)
    assert title == "绩效自评审核报告"  # no injected script rewrote it


@needs_chromium
def test_in_a_browser_filters_sorting_and_search_work(docs, report_zh, tmp_path):
    documents, _ = docs
    forms = [(d.source_file, f) for d in documents.values() for f in d.forms]
    rule = "TOTAL_EXCLUDES_BUDGET"
    wanted = {(d.source_file, f.form_index) for d in documents.values() for f in d.findings if f.rule == rule}
    filtered = report_zh.as_uri() + f"#rule={rule}&severity=warning"
    loaded = load(filtered, tmp_path / "profile")
    assert loaded.console == []
    assert {(r["data-file"], int(r["data-form"])) for r in _rows(loaded)} == wanted and wanted
    assert screenshot(filtered, "report-filtered.png", tmp_path / "profile").stat().st_size > 10_000

    gaps = {(name, f.index): f.stated_total - f.recomputed_total for name, f in forms
            if f.stated_total is not None and f.recomputed_total is not None}
    shown = [(r["data-file"], int(r["data-form"])) for r in _rows(load(report_zh.as_uri() + "#sort=gap&dir=desc",
                                                                       tmp_path / "profile"))]
    in_order = [gaps[k] for k in shown if k in gaps]
    assert in_order == sorted(in_order, reverse=True) and len(in_order) == len(gaps)

    found = _rows(load(report_zh.as_uri() + "#q=" + "江门市", tmp_path / "profile"))
    assert found and all(documents[r["data-file"]].forms[int(r["data-form"])].unit.startswith("江门市") for r in found)
    suspect = _rows(load(report_zh.as_uri() + "#verdict=suspect", tmp_path / "profile"))
    assert len(suspect) == sum(f.verdict == "suspect" for _, f in forms) >= 1
    assert all("suspect" in classes(r) for r in suspect)  # marked in the table
    assert all(documents[r["data-file"]].forms[int(r["data-form"])].verdict == "suspect" for r in suspect)


@needs_chromium
def test_in_a_browser_the_export_holds_the_filtered_findings_as_safe_cells(docs, report_zh, tmp_path):
    documents, _ = docs
    loaded = load(report_zh.as_uri() + "#rule=TOTAL_MISMATCH&preview=findings", tmp_path / "profile")
    assert loaded.console == []
    rows = list(csv.DictReader(io.StringIO(text_of(loaded.dom, "export-preview").lstrip("\ufeff"))))
    expected = [f for d in documents.values() for f in d.findings if f.rule == "TOTAL_MISMATCH"]
    assert len(rows) == len(expected) and {r["rule"] for r in rows} == {"TOTAL_MISMATCH"}
    evil = next(r for r in rows if recover(r["source_file"]) == EVIL_NAME)
    assert evil["expected"] == "'-1+1" and recover(evil["expected"]) == "-1+1"  # never a formula
    assert evil["message"] == EVIL_CELL and evil["stated"] == EVIL_UNIT

    loaded = load(report_zh.as_uri() + "#year=2022&preview=forms", tmp_path / "profile")
    rows = list(csv.DictReader(io.StringIO(text_of(loaded.dom, "export-preview").lstrip("\ufeff"))))
    in_2022 = {(d.source_file, f.index) for d in documents.values() for f in d.forms if f.year == 2022}
    assert {(recover(r["source_file"]), int(r["form_index"])) for r in rows} == in_2022 and in_2022


@needs_chromium
def test_in_a_browser_a_finding_link_outlines_its_cell_and_row(docs, report_zh, tmp_path):
    documents, _ = docs
    doc = documents["001_wuwei.pdf"]
    f = next(f for f in doc.findings if f.rule == "SCORE_FORMULA_MISMATCH")
    anchor = f"cell-f{f.form_index}-r{f.row_index}-score"
    url = (report_zh.parent / "docs" / f"{doc_slug(doc.source_file)}.html").as_uri()
    loaded = load(f"{url}#{anchor}", tmp_path / "profile")
    assert loaded.console == []
    by_id = loaded.by_id()
    assert "hl" in classes(by_id[anchor])
    assert "hl" in classes(by_id[f"row-f{f.form_index}-r{f.row_index}"])
    assert "hl" in classes(by_id[f"box-f{f.form_index}-r{f.row_index}"])
    highlighted = [a for t, a in loaded.elements() if t == "li" and "hl" in classes(a)]
    assert highlighted and all(a["data-rule"] for a in highlighted)
    assert screenshot(url, "report-form.png", tmp_path / "profile", "1500,2200").stat().st_size > 10_000
    evil = (report_zh.parent / "docs" / f"{doc_slug(EVIL_NAME)}.html").as_uri()
    loaded = load(evil, tmp_path / "profile")  # the injected handlers would have rewritten the title
    assert loaded.console == []
    assert html.unescape(re.search(r"<title>(.*?)</title>", loaded.dom, re.S).group(1)) == EVIL_NAME


def _driven(page: Path, driver: str) -> Path:
    """A copy of ``page`` beside it (relative links hold) with ``driver`` run after the page's own script."""
    html = page.read_text(encoding="utf-8")
    copy = page.with_name("driven-" + page.name)
    copy.write_text(html.replace("</body></html>", f"<script>{driver}</script></body></html>"), encoding="utf-8")
    return copy


def _result(loaded) -> dict:
    body = next(a for t, a in loaded.elements() if t == "body")
    return json.loads(body["data-driven"])


@needs_chromium
def test_in_a_browser_the_controls_filter_sort_and_search_when_used(docs, report_zh, tmp_path):
    """The select, the column header and the search box, used as a person would (events, not the address)."""
    documents, _ = docs
    driver = """
      var rows = function () { return Array.prototype.slice.call(document.querySelectorAll("#forms tbody tr[data-file]")); };
      var rule = document.getElementById("f-rule");
      rule.value = "TOTAL_EXCLUDES_BUDGET"; rule.dispatchEvent(new Event("change"));
      var filtered = rows().length;
      var gap = document.querySelector('th[data-key="gap"] button');
      gap.click(); gap.click();
      var gaps = rows().map(function (tr) { return tr.cells[7].textContent; });
      var search = document.getElementById("search");
      search.value = "没有这个单位"; search.dispatchEvent(new Event("input"));
      document.body.dataset.driven = JSON.stringify({filtered: filtered, gaps: gaps, hash: location.hash,
                                                     none: rows().length});
    """
    loaded = load(_driven(report_zh, driver).as_uri(), tmp_path / "profile")
    assert loaded.console == []
    result = _result(loaded)
    wanted = {(d.source_file, f.form_index) for d in documents.values() for f in d.findings
              if f.rule == "TOTAL_EXCLUDES_BUDGET"}
    assert result["filtered"] == len(wanted) > 0
    values = [float(g) for g in result["gaps"]]
    assert values == sorted(values, reverse=True)
    assert "rule=TOTAL_EXCLUDES_BUDGET" in result["hash"] and "dir=desc" in result["hash"]
    assert result["none"] == 0


@needs_chromium
def test_in_a_browser_clicking_a_finding_outlines_its_cell(docs, report_zh, tmp_path):
    documents, _ = docs
    page = report_zh.parent / "docs" / f"{doc_slug('001_wuwei.pdf')}.html"
    driver = """
      var link = document.querySelector('li.finding a[href^="#cell-"][href*="-r"]');
      link.click();
      setTimeout(function () {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        var hl = Array.prototype.map.call(document.querySelectorAll(".hl"), function (el) { return el.id || el.className; });
        document.body.dataset.driven = JSON.stringify({target: target.id, outlined: target.classList.contains("hl"),
          hl: hl, scrolled: window.scrollY});
      }, 200);
    """
    loaded = load(_driven(page, driver).as_uri(), tmp_path / "profile")
    assert loaded.console == []
    result = _result(loaded)
    form, row = re.match(r"cell-f(\d+)-r(\d+)-", result["target"]).groups()
    assert result["outlined"] and f"row-f{form}-r{row}" in result["hl"] and f"box-f{form}-r{row}" in result["hl"]
    assert result["scrolled"] > 0  # the page moved to the cell


def test_page_picture_palette_is_the_sixteen_greys_quantize_gave(tmp_path):
    """The numpy palette draws the same picture PIL's quantize did, and the PNG keeps it."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    from jixiao.pipeline.outputs.report.pictures import DPI, _save_png, _sixteen_grays

    pdf = pdfium.PdfDocument(str(sample("004_haizhu")))
    try:
        bitmap = pdf[0].render(scale=DPI / 72, grayscale=True)
        gray, pil = bitmap.to_numpy().copy(), bitmap.to_pil()
    finally:
        pdf.close()
    quantized = pil.point(lambda v: (v // 16) * 17).quantize(16, method=2, dither=0)
    assert len(np.unique(gray)) > 16  # anti-aliased text: there is something to reduce
    target = tmp_path / "page.png"
    _save_png(_sixteen_grays(gray), target)
    with Image.open(target) as saved:
        assert saved.mode == "P" and saved.size == pil.size
        assert np.array_equal(np.asarray(saved.convert("L")), np.asarray(quantized.convert("L")))
