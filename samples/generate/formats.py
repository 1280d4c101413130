"""The same documents as offices also publish them: Excel, Word and scanned images.

Each truth document gets, besides its PDFs, twins in ``samples/formats/``:

- ``<name>.xlsx`` (table forms): the workbook LibreOffice prints the PDF from, with
  numbers stored as numbers under number formats that print them as the truth
  has them (``0.95`` under ``0%`` prints ``95%``, ``1079.846`` under ``#,##0.000``
  prints ``1,079.846``), as offices keep them;
- ``<name>.docx``: python-docx tables with horizontal (gridSpan) and vertical
  (vMerge) merges, the title and prose as paragraphs around them;
- ``<name>_image.tif``: a multi-page TIFF of scanner pages.  Where the document
  has a scanned PDF the pages are the same degraded images (same settings and
  seed), so the image reader can be compared with the scanned PDF page for page;
- ``<name>_calc.xlsx``: the same workbook saved again by LibreOffice Calc (shared
  strings and Calc's own styles, as files that went through an office suite are);
- for one document also the legacy formats: ``.xls`` (BIFF8) and ``.doc``
  written by LibreOffice from the xlsx/docx.

Every archive written here gets fixed member timestamps and document
properties so regenerating leaves git clean.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from samples.generate import manifest
from samples.generate.html import INDENT
from samples.generate.layout import FormLayout, Row, format_number
from samples.generate.producers import TIMEOUT_S, find_program
from samples.generate.scan import ScanSettings, degrade, render_gray, turn
from samples.generate.xlsx import write_workbook

FIXED_TIME = datetime(2023, 1, 1)
ZIP_TIME = (2023, 1, 1, 0, 0, 0)
#: Documents also written as .xls and .doc (LibreOffice from the xlsx/docx).
LEGACY = ("003_zengcheng",)
#: Scanner settings for documents that have no scanned PDF to share images with.
IMAGE_DEFAULT = ScanSettings(dpi=150, seed=3000)
#: Documents whose image is not the pages of their scanned PDF (none: every scan is shared, so
#: image and scanned PDF are compared on the same pixels; 001's 200 dpi pages make a 2.4 MB TIFF,
#: at 150 dpi its Chromium hairlines vanish and no grid is found).
IMAGE_OVERRIDES: dict[str, ScanSettings] = {}
#: Documents held out of tuning (accuracy reported separately).
HOLDOUT = ("001_wuwei", "004_haizhu")

_PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?%?$")
_GROUPED_NUMBER = re.compile(r"^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")


def split_of(name: str) -> str:
    return "holdout" if name in HOLDOUT else "tune"


# ---------------------------------------------------------------- xlsx


def number_format(text: str, position: int) -> tuple[float, str] | None:
    """(value, Excel number format) that prints ``text`` back exactly; None for non-numbers.

    Numbers without trailing zeros alternate between General and an explicit
    format (by cell position), so both display paths of a reader are exercised.
    """
    grouped = bool(_GROUPED_NUMBER.match(text))
    if not grouped and not _PLAIN_NUMBER.match(text):
        return None
    percent = text.endswith("%")
    digits = text.rstrip("%").replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits) / (100 if percent else 1)
    if value.is_integer() and not percent and not grouped:
        value = int(value)
    zeros = "0" * decimals
    body = ("#,##0" if grouped else "0") + (f".{zeros}" if decimals else "")
    if percent:
        return value, body + "%"
    needs_format = grouped or digits.endswith("0") and decimals
    return value, body if needs_format or position % 2 else "General"


def numberize(path: Path) -> None:
    """Store every number-looking text cell as a number with a format that prints it as before."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    converted = number_format(cell.value.strip(), cell.row + cell.column)
                    if converted:
                        cell.value, cell.number_format = converted
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.save(path)


def fixed_zip(path: Path) -> None:
    """Rewrite a zip container with fixed member times so identical content gives identical bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = [(name, re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
                if name == "docProps/core.xml" else data) for name, data in members]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def write_xlsx(layouts: list[FormLayout], out: Path) -> Path:
    write_workbook(layouts, out)
    numberize(out)
    fixed_zip(out)
    return out


# ---------------------------------------------------------------- docx


def _docx_table(doc, rows: list[Row], widths: list[float], width_pt: float):
    """One Word table; merged layout cells become gridSpan/vMerge merges."""
    from docx.shared import Pt

    n_cols = len(widths)
    table = doc.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    table.autofit = False
    scale = width_pt / sum(widths)
    for k, column in enumerate(table.columns):
        column.width = Pt(widths[k] * scale)
    for r, row in enumerate(rows):
        for cell in row.cells:
            target = table.cell(r, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, cell.col + cell.colspan - 1))
            target.text = cell.text
    return table


def _page_setup(doc, landscape: bool) -> float:
    """A4 in the layout's orientation; returns the text width in points."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[-1]
    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Mm(12)
    return (section.page_width - section.left_margin - section.right_margin) / 12700


def _title(doc, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run(text).bold = True


def write_docx_forms(layouts: list[FormLayout], out: Path) -> Path:
    """Every table form of a document, each after a page break, as an office types it into Word."""
    from docx import Document

    doc = Document()
    width = _page_setup(doc, any(lay.landscape for lay in layouts))
    for i, lay in enumerate(layouts):
        if i:
            doc.add_page_break()
        _title(doc, lay.title)
        for line in lay.meta:
            doc.add_paragraph(line)
        _docx_table(doc, lay.pre_rows + lay.head_rows + lay.body_rows, lay.col_widths, width)
        for para in lay.paragraphs:
            doc.add_paragraph(INDENT + para)
    return _save_docx(doc, out)


def write_docx_report(form: dict, out: Path) -> Path:
    """A narrative 自评报告: title, 部门名称/填报人 lines, the small budget table, prose."""
    from docx import Document

    from samples.generate.layout import Cell

    doc = Document()
    width = _page_setup(doc, False)
    _title(doc, form.get("title", ""))
    for label, value in form.get("header_fields") or []:
        doc.add_paragraph(f"{label}：{format_number(value)}")
    budget = form.get("budget")
    if budget:
        keys = ("initial", "annual", "executed")
        lines = [["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"],
                 ["合计", *(format_number(budget.get(k)) for k in keys), f"{format_number(budget.get('rate'))}%"]]
        for sub in budget.get("rows") or []:
            lines.append([sub.get("label") or "", *(format_number(sub.get(k)) for k in keys),
                          f"{format_number(sub.get('rate'))}%" if sub.get("rate") is not None else ""])
        rows = [Row([Cell(text, col) for col, text in enumerate(line)], "budget") for line in lines]
        _docx_table(doc, rows, [1.0] * 5, width)
    for para in form.get("narrative") or []:
        doc.add_paragraph(para if re.match(r"^[一二三四五六七八九十]+、|^[（(]", para) else INDENT + para)
    return _save_docx(doc, out)


def _save_docx(doc, out: Path) -> Path:
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.core_properties.last_printed = FIXED_TIME
    doc.save(out)
    fixed_zip(out)
    return out


# ---------------------------------------------------------------- images


def write_tiff(pdf_path: Path, out: Path, settings: ScanSettings) -> int:
    """Scanner pages of a PDF as one multi-page JPEG-compressed TIFF; returns the page count.

    The random stream is consumed exactly as :func:`samples.generate.scan.scan_pdf`
    consumes it, so with the same settings the pages equal the scanned PDF's.
    """
    rng = np.random.default_rng(settings.seed)
    doc = pdfium.PdfDocument(str(pdf_path))
    frames = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            img = degrade(render_gray(page, settings.dpi), rng, settings)
            frames.append(turn(img, settings.turned_pages.get(index + 1, 0) % 360))
            page.close()
    finally:
        doc.close()
    # JPEG inside the TIFF at the scan PDF's quality: the same compression damage as its pages.
    frames[0].save(out, save_all=True, append_images=frames[1:], compression="tiff_jpeg",
                   quality=settings.jpeg_quality, dpi=(settings.dpi, settings.dpi))
    return len(frames)


# ---------------------------------------------------------------- legacy formats


def soffice_convert(source: Path, out: Path, target: str) -> Path:
    """LibreOffice conversion between office formats (xlsx → xls, docx → doc)."""
    soffice = find_program("soffice", "libreoffice")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile, \
            tempfile.TemporaryDirectory(prefix="lo-out-") as outdir:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", outdir, str(source)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
        produced = Path(outdir) / f"{source.stem}.{target.split(':')[0]}"
        if not produced.exists():
            raise RuntimeError(f"LibreOffice produced no {target} for {source}")
        shutil.move(str(produced), out)
    return out


def write_calc_xlsx(xlsx: Path, out: Path) -> Path:
    """The workbook saved again by LibreOffice Calc: shared strings, Calc's styles and column records,
    as a workbook that passed through an office suite is, not as openpyxl writes it."""
    fixed_zip(soffice_convert(xlsx, out, "xlsx:Calc MS Excel 2007 XML"))
    return out


# ---------------------------------------------------------------- manifest entries


def _entry(path: Path, truth_rel: str, variant: str, producer: str, pages: int, kind: str,
           rel, text_layer: str = "ok") -> dict:
    entry = manifest.as_dict(manifest.Entry(rel(path), truth_rel, variant, producer, pages, text_layer))
    return {**entry, "kind": kind, "split": split_of(Path(truth_rel).stem)}


def build_format_twins(truth: dict, name: str, digital_pdf: Path, scan: ScanSettings | None,
                       layouts: list[FormLayout], out_dir: Path, truth_rel: str, rel) -> list[dict]:
    """Write the xlsx, docx, image (and legacy) twins of one document; returns their manifest entries."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    narrative = [f for f in truth.get("forms") or [] if f.get("kind") == "narrative_report"]
    if layouts:
        xlsx = write_xlsx(layouts, out_dir / f"{name}.xlsx")
        entries.append(_entry(xlsx, truth_rel, "xlsx", "openpyxl", len(layouts), "xlsx_number_formats", rel))
        calc = write_calc_xlsx(xlsx, out_dir / f"{name}_calc.xlsx")
        entries.append(_entry(calc, truth_rel, "xlsx", "libreoffice", len(layouts), "xlsx_calc_shared_strings", rel))
        docx = write_docx_forms(layouts, out_dir / f"{name}.docx")
        entries.append(_entry(docx, truth_rel, "docx", "python-docx", len(layouts), "docx_merged_cells", rel))
    elif len(narrative) == 1:
        docx = write_docx_report(narrative[0], out_dir / f"{name}.docx")
        entries.append(_entry(docx, truth_rel, "docx", "python-docx", 1, "docx_report", rel))
    settings = IMAGE_OVERRIDES.get(name) or scan or IMAGE_DEFAULT
    tif = out_dir / f"{name}_image.tif"
    pages = write_tiff(digital_pdf, tif, settings)
    shared = "same pages as the scanned PDF" if scan == settings else "own scan"
    entries.append({**_entry(tif, truth_rel, "image", f"tiff-scan-of:{digital_pdf.name}", pages,
                             f"tiff_scan_{settings.dpi}dpi", rel, text_layer="none"),
                    "rotated_pages": {str(p): d for p, d in sorted(settings.turned_pages.items())},
                    "image_pages": shared})
    if name in LEGACY and layouts:
        xls = soffice_convert(out_dir / f"{name}.xlsx", out_dir / f"{name}.xls", "xls:MS Excel 97")
        entries.append(_entry(xls, truth_rel, "xls", "libreoffice", len(layouts), "xls_biff8", rel))
        doc = soffice_convert(out_dir / f"{name}.docx", out_dir / f"{name}.doc", "doc:MS Word 97")
        entries.append(_entry(doc, truth_rel, "doc", "libreoffice", 1, "doc_word97_converted", rel))
    return entries
