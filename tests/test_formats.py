"""Spreadsheets, Word files and archives on the sample corpus (samples/formats/).

Every sample form also exists as .xlsx and .docx (and 003 as .xls and .doc),
made from the same truth; read through the format readers they must come out
exactly as the truth, with provenance naming the sheet cell or the Word table
row. Archives are read in place, member by member, and bombs are refused.
"""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Border

from jixiao.extractors.formats import UnreadableInput, detect_format, read_source
from jixiao.extractors.formats.numfmt import display
from jixiao.extractors.pages import ReadOptions
from jixiao.pipeline.api import extract
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.extractors.formats.archives import ArchiveLimits, ArchiveRefused, list_members
from jixiao.pipeline.evaluation.scorer import evaluate_output
from jixiao.pipeline.outputs.files import write_tables
from jixiao.pipeline.process import ExtractOptions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
OFFICE = [SAMPLES / e["file"] for e in MANIFEST if e["variant"] in ("xlsx", "docx", "xls")]
LEGACY_DOC = SAMPLES / "formats" / "003_zengcheng.doc"
TEXT_ONLY = ExtractOptions(read=ReadOptions(ocr="never"))


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """Every xlsx/docx/xls sample read once for the module, with its evaluation against the truth."""
    result = extract(*OFFICE, options=TEXT_ONLY)
    out = tmp_path_factory.mktemp("office")
    write_tables(result.tables, out)
    return result, evaluate_output(out, SAMPLES / "truth", SAMPLES / "manifest.json")


@pytest.mark.parametrize("variant", ["xlsx", "docx", "xls"])
def test_office_formats_read_every_field_exactly(office, variant):
    summary = office[1]["summary"][variant]
    assert summary["forms_found"] == summary["forms_expected"] > 0
    assert summary["row_recall"] == summary["row_precision"] == 1.0
    assert summary["field_exact"] == 1.0
    assert summary["stated_total_exact"] == 1.0


def test_documents_say_the_input_format(office):
    documents = office[0].documents.set_index("source_file")
    assert documents.loc["000_jiangmen.xlsx", "format"] == "xlsx"
    assert documents.loc["002_lechang.docx", "format"] == "docx"
    assert documents.loc["003_zengcheng.xls", "format"] == "xls"
    assert set(documents["status"]) == {"ok"}


def test_spreadsheet_provenance_names_the_cells_holding_the_row(office):
    """Each xlsx indicator's location is a sheet row range whose cells hold its 三级 name and target."""
    doc = next(d for d in office[0].documents_ if d.source_file == "004_haizhu.xlsx")
    wb = load_workbook(SAMPLES / "formats" / "004_haizhu.xlsx")
    for ind in doc.forms[0].indicators:
        sheet, cells = ind.provenance.location.split("!")
        texts = [display(c.value, c.number_format) for row in wb[sheet][cells] for c in row if c.value is not None]
        assert ind.level3_raw in texts, (ind.provenance.location, ind.level3_raw)
        assert ind.target.raw in texts or not ind.target.raw


def test_word_provenance_names_table_and_row(office):
    doc = next(d for d in office[0].documents_ if d.source_file == "001_wuwei.docx")
    locations = [ind.provenance.location for form in doc.forms for ind in form.indicators]
    assert all(loc.startswith("table ") and ", row " in loc for loc in locations)
    assert len(set(locations)) == len(locations)  # one row each


def test_numbers_print_through_their_number_formats():
    """The xlsx twins store numbers as numbers; the text read must be what the sheet prints."""
    wb = load_workbook(SAMPLES / "formats" / "000_jiangmen.xlsx")
    formatted = [(c.value, c.number_format) for row in wb.worksheets[0].iter_rows() for c in row
                 if isinstance(c.value, (int, float)) and c.number_format != "General"]
    assert formatted, "the sample should hold formatted numbers"
    assert display(0.95, "0%") == "95%"
    assert display(1079.846, "#,##0.000") == "1,079.846"
    assert display(40 / 38, "0.00") == "1.05"
    assert display(-3.5, '0.0;(0.0)') == "(3.5)"
    assert display(12, '0"分"') == "12分"


def test_a_sheet_without_borders_is_read_from_its_layout(tmp_path):
    """Offices print gridlines instead of borders: the rows with values still make the table."""
    wb = load_workbook(SAMPLES / "formats" / "003_zengcheng.xlsx")
    for row in wb.worksheets[0].iter_rows():
        for cell in row:
            cell.border = Border()
    bare = tmp_path / "bare.xlsx"
    wb.save(bare)
    with open(bare, "rb") as f:
        forms = assemble_forms(read_source("xlsx", f, bare.name).pages)
    with open(SAMPLES / "formats" / "003_zengcheng.xlsx", "rb") as f:
        ruled = assemble_forms(read_source("xlsx", f, "ruled.xlsx").pages)
    assert [i.level3_raw for i in forms[0].indicators] == [i.level3_raw for i in ruled[0].indicators]
    assert [i.target.raw for i in forms[0].indicators] == [i.target.raw for i in ruled[0].indicators]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_legacy_word_goes_through_the_converter(tmp_path):
    result = extract(LEGACY_DOC, options=TEXT_ONLY)
    out = tmp_path / "out"
    write_tables(result.tables, out)
    summary = evaluate_output(out, SAMPLES / "truth", SAMPLES / "manifest.json")["summary"]["doc"]
    assert summary["field_exact"] == 1.0 and summary["forms_found"] == 1


def test_without_libreoffice_a_doc_fails_naming_what_to_install(monkeypatch):
    monkeypatch.setattr("jixiao.extractors.formats.convert.find_soffice", lambda: None)
    doc = extract(LEGACY_DOC, options=TEXT_ONLY).documents_[0]
    assert doc.status == "failed" and "install LibreOffice" in doc.error and doc.format == "doc"


def test_formats_are_told_by_content_first():
    xlsx = (SAMPLES / "formats" / "003_zengcheng.xlsx").read_bytes()
    assert detect_format("renamed.xls", xlsx[:1024], io.BytesIO(xlsx)) == "xlsx"  # WPS saves xlsx as .xls
    assert detect_format("a.xlsx", b"%PDF-1.7\n") == "pdf"
    assert detect_format("a.doc", (SAMPLES / "formats" / "003_zengcheng.doc").read_bytes()[:1024]) == "doc"
    pptx = io.BytesIO(_pptx())
    assert detect_format("slides.pptx", pptx.getvalue()[:1024], pptx) == ".pptx"
    with pytest.raises(UnreadableInput, match="unsupported format: .pptx"):
        read_source(".pptx", io.BytesIO(b""), "slides.pptx")


# ---------------------------------------------------------------- archives


def _pptx() -> bytes:
    pptx = io.BytesIO()
    with zipfile.ZipFile(pptx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p/>")
    return pptx.getvalue()


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """A download bundle: forms at the top, in a folder, in a nested zip; an unsupported file; a bomb."""
    root = tmp_path_factory.mktemp("bundle")
    formats = SAMPLES / "formats"
    inner = io.BytesIO()
    _zip(inner, {"003_zengcheng.xls": (formats / "003_zengcheng.xls").read_bytes()})
    deeper = io.BytesIO()
    _zip(deeper, {"level2.zip": inner.getvalue()})
    _zip(root / "bundle.zip", {
        "000_jiangmen.xlsx": (formats / "000_jiangmen.xlsx").read_bytes(),
        "附件/001_wuwei.docx": (formats / "001_wuwei.docx").read_bytes(),
        "inner.zip": inner.getvalue(),
        "deeper.zip": deeper.getvalue(),
        "slides.pptx": _pptx(),
        "empty.zip": b"PK\x05\x06" + b"\0" * 18,
        "__MACOSX/._000_jiangmen.xlsx": b"resource fork",
    })
    _zip(root / "bomb.zip", {"zeros.bin": b"\0" * 60_000_000})
    (root / "download.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\0" * 64)
    result = extract(root, options=TEXT_ONLY)
    return {d.source_file: d for d in result.documents_}


def test_archive_members_are_documents_named_archive_bang_member(bundle):
    assert bundle["bundle.zip!000_jiangmen.xlsx"].status == "ok"
    assert len(bundle["bundle.zip!000_jiangmen.xlsx"].forms[0].indicators) == 73
    assert bundle["bundle.zip!附件/001_wuwei.docx"].format == "docx"
    assert len(bundle["bundle.zip!附件/001_wuwei.docx"].forms) == 4
    assert not any("__MACOSX" in name for name in bundle)


def test_a_nested_archive_is_expanded_one_level(bundle):
    nested = bundle["bundle.zip!inner.zip!003_zengcheng.xls"]
    assert nested.status == "ok" and nested.format == "xls" and len(nested.forms[0].indicators) == 39
    deeper = bundle["bundle.zip!deeper.zip!level2.zip"]
    assert deeper.status == "failed" and "nested more than one level" in deeper.error


def test_unsupported_members_are_accounted_for(bundle):
    assert bundle["bundle.zip!slides.pptx"].status == "failed"
    assert bundle["bundle.zip!slides.pptx"].error == "unsupported format: .pptx"
    assert bundle["bundle.zip!empty.zip"].status == "failed"
    assert bundle["bundle.zip!empty.zip"].error == "archive holds no files"


def test_a_zip_bomb_is_refused_by_its_ratio(bundle):
    assert bundle["bomb.zip"].status == "failed"
    assert "zip bomb refused" in bundle["bomb.zip"].error and "inflates" in bundle["bomb.zip"].error


@pytest.mark.skipif(shutil.which("unrar") is not None, reason="unrar is installed")
def test_rar_without_unrar_fails_naming_what_to_install(bundle):
    assert bundle["download.rar"].status == "failed" and "install unrar" in bundle["download.rar"].error


def test_archive_limits_on_entries_total_size_and_lying_headers(tmp_path):
    many = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(6)})
    with pytest.raises(ArchiveRefused, match="6 entries"):
        list_members(many, "zip", ArchiveLimits(max_entries=5))
    big = _zip(tmp_path / "big.zip", {"a.bin": b"\0" * 3_000_000, "b.bin": b"\0" * 3_000_000})
    with pytest.raises(ArchiveRefused, match="uncompressed"):
        list_members(big, "zip", ArchiveLimits(max_total_mb=5))
    # a header that declares 10 bytes for a member that inflates to 1 MB
    lying = tmp_path / "lying.zip"
    _zip(lying, {"a.txt": b"a" * 1_000_000})
    data = bytearray(lying.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")  # uncompressed size in the central directory
    lying.write_bytes(bytes(data))
    try:
        members = list_members(lying, "zip")
    except ArchiveRefused as exc:  # the CRC of the 10 bytes read does not match: refused as corrupt
        assert "corrupt" in str(exc)
        return
    assert [m.size for m in members] == [10]  # never inflated past what the header declared


# ---------------------------------------------------------------- images


@pytest.fixture(scope="module")
def image_pages(tmp_path_factory):
    """Page 2 of 004 read three ways: from its scanned PDF, and from the same pixels as PNG and as JPEG."""
    import pypdfium2 as pdfium
    from PIL import Image

    from jixiao.extractors.ocr.page_reader import ocr_page

    tmp = tmp_path_factory.mktemp("images")
    frame = Image.open(SAMPLES / "formats" / "004_haizhu_image.tif")
    frame.seek(1)
    frame.save(tmp / "page.png", dpi=frame.info["dpi"])
    frame.convert("L").save(tmp / "photo.jpg", quality=90)  # no dpi tag: the long side is taken as A4
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / "004_haizhu_scan.pdf")
    scanned = ocr_page(pdf[1], 2)
    read = {}
    for name, fmt in (("page.png", "png"), ("photo.jpg", "jpg")):
        with open(tmp / name, "rb") as f:
            read[fmt] = read_source(fmt, f, name).pages
    return scanned, read


#: Typographic variants of one character (the evaluator folds them too).
FOLD = str.maketrans("，；：（）", ",;:()")


def _cells(page) -> list[str]:
    return [text.translate(FOLD) for table in page.tables for row in table.grid() for text in row]


def test_an_image_page_reads_as_the_same_page_in_a_scanned_pdf(image_pages):
    scanned, read = image_pages
    png = read["png"][0]
    assert png.method == "ocr" and png.tables
    assert abs(png.width - scanned.width) < 2 and abs(png.height - scanned.height) < 2
    a, b = _cells(scanned), _cells(png)
    assert len(a) == len(b)
    assert sum(x == y for x, y in zip(a, b)) / len(a) >= 0.98, [(x, y) for x, y in zip(a, b) if x != y]


def test_a_photo_without_resolution_is_read_at_page_scale(image_pages):
    scanned, read = image_pages
    jpg = read["jpg"][0]
    assert abs(jpg.width - scanned.width) / scanned.width < 0.02  # an A4 landscape page
    a, b = _cells(scanned), _cells(jpg)
    assert len(a) == len(b)
    assert sum(x == y for x, y in zip(a, b)) / len(a) >= 0.95, [(x, y) for x, y in zip(a, b) if x != y]


def test_images_need_ocr(tmp_path):
    doc = extract(SAMPLES / "formats" / "003_zengcheng_image.tif", options=TEXT_ONLY).documents_[0]
    assert doc.status == "failed" and doc.format == "tif" and "--ocr never" in doc.error


def test_a_pdf_stored_uncompressed_in_a_zip_is_a_member_not_the_archive(tmp_path):
    """A stored member puts "%PDF" near the archive's start: the zip header must win."""
    stored = _zip(tmp_path / "stored.zip", {"003_zengcheng.pdf": (SAMPLES / "pdf" / "003_zengcheng.pdf").read_bytes()},
                  compression=zipfile.ZIP_STORED)
    docs = extract(stored, options=TEXT_ONLY).documents_
    assert [(d.source_file, d.format, d.status) for d in docs] == [("stored.zip!003_zengcheng.pdf", "pdf", "ok")]
    assert len(docs[0].forms[0].indicators) == 39
