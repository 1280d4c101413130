"""The review report: complete, self-contained, every finding linked to its row.

The structural tests parse the HTML; the browser tests load it in headless
Chromium (skipped with a reason when it is not installed) and keep screenshots
under test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from batch_support import NO_OCR, REPO, sample
from jixiao.pipeline.batch.run import BatchConfig, run_batch
from jixiao.pipeline.batch.catalog import Catalog, state_path
from jixiao.pipeline.batch.inputs import discover
from jixiao.pipeline.outputs.report.html import doc_slug

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"


class _Elements(HTMLParser):
    """Every start tag's attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def _classes(attrs: dict) -> set[str]:
    return set(attrs.get("class", "").split())


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    shutil.copy(sample("001_wuwei"), root / "wuwei.pdf")
    shutil.copy(sample("000_jiangmen"), root / "jiangmen.pdf")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n%broken\n")
    result = run_batch(discover([str(root)]), BatchConfig(out_dir=root / "out", options=NO_OCR, workers=0))
    with Catalog(state_path(root / "out"), NO_OCR) as catalog:
        docs = {row.source_file: catalog.load(row.sha256, row.source_file)
                for row in result.tables["documents"].itertuples() if row.sha256}
    return result, docs


def _doc_html(result, name: str) -> str:
    return (result.report.parent / "docs" / f"{doc_slug(name)}.html").read_text(encoding="utf-8")


def test_every_document_has_a_page_and_the_overview_lists_them_by_findings(report):
    result, _ = report
    index = result.report.read_text(encoding="utf-8")
    findings = {name.lower(): int(n) for name, n in
                result.tables["documents"].set_index("source_file")["findings"].items()}
    listed = [a["data-name"] for tag, a in _elements(index) if tag == "tr" and "data-status" in a]
    assert sorted(listed) == sorted(findings)
    in_order = [findings[name] for name in listed]
    assert in_order == sorted(in_order, reverse=True)
    assert "broken.pdf" in index and "corrupt or truncated" in index
    for name in result.tables["documents"]["source_file"]:
        assert (result.report.parent / "docs" / f"{doc_slug(name)}.html").exists()


def test_report_fetches_nothing_from_outside(report):
    result, _ = report
    for page in [result.report, *(result.report.parent / "docs").glob("*.html")]:
        for tag, attrs in _elements(page.read_text(encoding="utf-8")):
            for key in ("src", "href"):
                assert not re.match(r"^(https?:)?//", attrs.get(key, "")), (page.name, attrs)


def test_every_in_page_link_has_a_target_and_every_picture_exists(report):
    result, docs = report
    for name in docs:
        tags = _elements(_doc_html(result, name))
        ids = {a["id"] for _, a in tags if "id" in a}
        links = {a["href"][1:] for t, a in tags if t == "a" and a.get("href", "").startswith("#")}
        assert links <= ids, (name, links - ids)
        for tag, attrs in tags:
            if tag == "img":
                assert (result.report.parent / "docs" / attrs["src"]).resolve().exists(), attrs["src"]


def test_each_finding_links_to_its_row_outline_and_each_row_is_outlined(report):
    result, docs = report
    checked = 0
    for name, doc in docs.items():
        tags = _elements(_doc_html(result, name))
        items = [a for t, a in tags if t == "li" and "finding" in _classes(a)]
        assert len(items) == len(doc.findings), name
        boxes = {a["id"]: a for t, a in tags if t == "a" and "box" in _classes(a)}
        for form in doc.forms:
            flagged = {f.row_index for f in doc.findings if f.form_index == form.index and f.row_index is not None}
            for ind in form.indicators:
                if ind.provenance.bbox is None:
                    continue
                box = boxes[f"box-f{form.index}-r{ind.row_index}"]
                assert ("flagged" in _classes(box)) == (ind.row_index in flagged)
                assert _classes(box) & {"c-high", "c-mid", "c-low"}
                checked += 1
        row_links = [a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("#box-f")
                     and re.search(r"-r\d+$", a["href"])]
        for f in doc.findings:
            if f.row_index is not None:
                assert f"#box-f{f.form_index}-r{f.row_index}" in row_links, (name, f.rule, f.row_index)
    assert checked > 0


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=90)


def _first_row_finding(docs) -> tuple[str, str]:
    for name, doc in sorted(docs.items()):
        for f in doc.findings:
            if f.row_index is not None:
                return name, f"f{f.form_index}-r{f.row_index}"
    pytest.skip("no sample finding points at a row")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it for the report tests)")
def test_in_a_browser_a_finding_link_highlights_its_outline_and_table_row(report, tmp_path):
    result, docs = report
    name, anchor = _first_row_finding(docs)
    url = (result.report.parent / "docs" / f"{doc_slug(name)}.html").as_uri() + f"#box-{anchor}"
    dom = _chromium(["--dump-dom", url], tmp_path / "profile").stdout
    tags = _elements(dom)
    body = next(a for t, a in tags if t == "body")
    assert body.get("data-js") == "ready", "the page script did not run"
    by_id = {a["id"]: a for _, a in tags if "id" in a}
    assert "hl" in _classes(by_id[f"box-{anchor}"]) and "hl" in _classes(by_id[f"row-{anchor}"])
    outlines = [a for t, a in tags if t == "a" and "box" in _classes(a)]
    assert len(outlines) >= sum(len(f.indicators) for f in docs[name].forms if f.indicators) // 2
    assert sum(1 for t, a in tags if t == "li" and "finding" in _classes(a)) == len(docs[name].findings)

    # headless screenshots of a scrolled page come out blank, so the picture is of the page top
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-document.png"
    _chromium(["--window-size=1500,2200", "--hide-scrollbars", f"--screenshot={shot}", url.split("#")[0]],
              tmp_path / "profile")
    assert shot.exists() and shot.stat().st_size > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it for the report tests)")
def test_in_a_browser_the_overview_filters_and_shows_every_document(report, tmp_path):
    result, _ = report
    dom = _chromium(["--dump-dom", result.report.as_uri()], tmp_path / "profile").stdout
    shown = re.search(r'id="shown">(\d+) of (\d+) shown<', dom)
    assert shown and shown.group(1) == shown.group(2) == str(len(result.tables["documents"]))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-overview.png"
    _chromium(["--window-size=1400,900", f"--screenshot={shot}", result.report.as_uri()], tmp_path / "profile")
    assert shot.exists() and shot.stat().st_size > 10_000


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
