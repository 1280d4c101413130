"""Forms whose indicator table is not fully ruled, printed the way offices print them.

Word and typeset forms often print a 三线表 (a rule above the header, one under it,
one under the last row), horizontal rules only, an outer frame without inner
rules, or no rules at all (many 绩效目标申报表 made in Word). Their header
block is not a grid either: 项目名称：…, 主管部门：… and the money line
(项目资金（万元）：年初预算数 569.37，全年预算数 …，分值 10，得分 9.23) are lines of
text above the table.

The table grid (merged 一级/二级 cells, header rows, 合计 row) is the one
:func:`samples.generate.layout.layout_form` decides for every producer; this
module only chooses which edges of each cell carry a rule and prints the key/value
lines instead of the ruled key/value block. Three producers print it:
LibreOffice Calc (xlsx with per-cell borders), Chromium (HTML with per-cell CSS
borders) and LibreOffice Writer (a flat ODF text document, as a Word user's table
with its borders switched off is).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from samples.generate import manifest
from samples.generate.digital import normalise
from samples.generate.html import colgroup
from samples.generate.inspect_pdf import cut_cell_pages, page_count
from samples.generate.layout import Cell, FormLayout, Row, format_number, layout_form
from samples.generate.plan import CHROMIUM, LIBREOFFICE, WRITER
from samples.generate.producers import chromium_to_pdf, soffice_to_pdf
from samples.generate.scan import ScanSettings, scan_pdf
from samples.generate.xlsx import (
    ALIGN, BODY_FONT, PROSE_SIZE, TITLE_FONT, column_points, excel_width, font_for, needed_height,
    put_line, row_heights, setup_page,
)

THREE_LINE, HRULES, FRAME, NONE = "three_line", "hrules_only", "frame_only", "borderless"
RULE_STYLES = (THREE_LINE, HRULES, FRAME, NONE)
#: Every edge ruled: the same form printed as a full grid, to time the ruled path on identical content.
FULL = "ruled_twin"
#: Rule weights in points: a 三线表 draws its top and bottom rules heavier.
HEAVY_PT, LIGHT_PT = 1.5, 0.75
#: Header values up to this many characters share a line with the next field.
SHORT_VALUE = 16
FIELD_GAP = "\u3000\u3000\u3000\u3000"


@dataclass(frozen=True)
class UnruledPlan:
    producer: str
    rules: str
    split: str  # tune | holdout
    scan: ScanSettings | None = None
    #: Also print the form fully ruled (``<name>_ruled.pdf``, and its scan when scanned).
    ruled_twin: bool = False
    #: Manifest kind when the sample exhibits more than its rule style (default: the style).
    kind: str = ""


PLANS: dict[str, UnruledPlan] = {
    "200_renshou_farmland": UnruledPlan(LIBREOFFICE, THREE_LINE, "tune", ruled_twin=True),
    "201_shaodong_nutrition": UnruledPlan(CHROMIUM, THREE_LINE, "holdout", scan=ScanSettings(dpi=200, seed=1201)),
    "202_qingshanhu_health": UnruledPlan(WRITER, HRULES, "tune", ruled_twin=True),
    "203_xingtai_culture": UnruledPlan(LIBREOFFICE, HRULES, "holdout"),
    "204_qujiang_waste": UnruledPlan(CHROMIUM, FRAME, "tune", ruled_twin=True),
    "205_chengxiang_schools": UnruledPlan(WRITER, FRAME, "holdout"),
    "206_yinan_water": UnruledPlan(WRITER, NONE, "tune", scan=ScanSettings(dpi=200, seed=1206), ruled_twin=True),
    "207_gejiu_industry": UnruledPlan(CHROMIUM, NONE, "holdout"),
    # written after the reader was frozen: measured once, never tuned on
    "208_maiji_tourism": UnruledPlan(WRITER, THREE_LINE, "holdout"),
    "209_yuetang_elderly": UnruledPlan(CHROMIUM, HRULES, "holdout", scan=ScanSettings(dpi=200, seed=1209)),
    "210_yufeng_housing": UnruledPlan(LIBREOFFICE, FRAME, "holdout"),
    "211_yangming_emergency": UnruledPlan(LIBREOFFICE, NONE, "holdout"),
    # fresh figures on 202's and 203's forms printed as a Chromium 三线表: the 合计 that spans the name
    # columns is centred into a label column (212 tune, the file the fix was made on; 213 holdout)
    "212_qingshanhu_threeline": UnruledPlan(CHROMIUM, THREE_LINE, "tune"),
    "213_xingtai_threeline": UnruledPlan(CHROMIUM, THREE_LINE, "holdout"),
    # 103's form with fresh figures, rules between rows only, printed by Calc: its two-tier header sets
    # 一级指标 / 二级指标 over 名称 | 分值 (the headings' x-projection once hid the 名称 columns)
    "214_ganzhou_hrules": UnruledPlan(LIBREOFFICE, HRULES, "tune"),
}


# --- which edges carry a rule -------------------------------------------------------------
def cell_rules(style: str, cell: Cell, row: int, n_head: int, n_rows: int, n_cols: int) -> dict[str, float]:
    """Side → rule weight (pt) of one table cell; sides without a rule are absent.

    ``row`` is the cell's first row counted over header and body rows together.
    """
    first, last = row, row + cell.rowspan  # rows [first, last)
    left, right = cell.col, cell.col + cell.colspan
    sides: dict[str, float] = {}
    if style == THREE_LINE:
        if first == 0:
            sides["top"] = HEAVY_PT
        if last == n_head:
            sides["bottom"] = LIGHT_PT
        if last == n_rows:
            sides["bottom"] = HEAVY_PT
    elif style == HRULES:
        if first == 0:
            sides["top"] = LIGHT_PT
        sides["bottom"] = LIGHT_PT
    elif style == FULL:
        sides = {"top": LIGHT_PT, "bottom": LIGHT_PT, "left": LIGHT_PT, "right": LIGHT_PT}
    elif style == FRAME:
        if first == 0:
            sides["top"] = LIGHT_PT
        if last == n_rows:
            sides["bottom"] = LIGHT_PT
        if left == 0:
            sides["left"] = LIGHT_PT
        if right == n_cols:
            sides["right"] = LIGHT_PT
    return sides


def table_rows(layout: FormLayout) -> list[Row]:
    return layout.head_rows + layout.body_rows


# --- the key/value lines above the table -------------------------------------------------
def amount(value) -> str:
    return "" if value is None else f"{value:.2f}"


def budget_lines(form: dict, unit: str) -> list[str]:
    """The money line as Word forms print it (one line, numbers after their labels)."""
    budget = form.get("budget")
    if not budget:
        return []
    if form.get("kind") == "target_declaration":
        subs = "，".join(f"{r['label']} {amount(r['initial'])}" for r in budget.get("rows") or [])
        return [f"项目资金（{unit}）：年度资金总额 {amount(budget['initial'])}" + (f"，其中：{subs}" if subs else "")]
    label = "部门预算资金" if form.get("kind") == "dept_self_eval" else "项目资金"
    parts = [("年初预算数", amount(budget.get("initial"))), ("全年预算数", amount(budget.get("annual"))),
             ("全年执行数", amount(budget.get("executed"))), ("执行率", f"{format_number(budget.get('rate'))}%"),
             ("分值", format_number(budget.get("weight"))), ("得分", format_number(budget.get("score")))]
    return [f"{label}（{unit}）：" + "，".join(f"{k} {v}" for k, v in parts if v and v != "%")]


def key_value_lines(form: dict) -> list[str]:
    """Header fields (two short ones share a line), then the money line, then long fields."""
    fields = [(label, format_number(value)) for label, value in form.get("header_fields") or []]
    short = [(k, v) for k, v in fields if len(v) <= 2 * SHORT_VALUE]
    long = [(k, v) for k, v in fields if len(v) > 2 * SHORT_VALUE]
    lines, i = [], 0
    while i < len(short):
        label, value = short[i]
        if i + 1 < len(short) and len(value) <= SHORT_VALUE and len(short[i + 1][1]) <= SHORT_VALUE and i > 0:
            lines.append(f"{label}：{value}{FIELD_GAP}{short[i + 1][0]}：{short[i + 1][1]}")
            i += 2
        else:
            lines.append(f"{label}：{value}")
            i += 1
    unit = "元" if any("单位：元" in n for n in form.get("notes") or []) else "万元"
    return lines + budget_lines(form, unit) + [f"{k}：{v}" for k, v in long]


# --- Chromium ------------------------------------------------------------------------------
HTML_CSS = """
@page { size: A4 %(orientation)s; margin: 16mm 12mm 16mm 12mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 9pt; margin: 0; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 15pt; text-align: center; margin: 0 0 8pt; }
p.kv { font-size: 10.5pt; margin: 0 0 4pt; line-height: 1.5; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; margin-top: 6pt; }
td, th { border: none; padding: 3pt 3pt; vertical-align: middle; word-break: break-all; line-height: 1.4; }
th { font-weight: bold; text-align: center; }
td.label, td.num { text-align: center; }
thead { display: table-header-group; }
p.prose { font-size: 10.5pt; margin: 8pt 0 0; }
"""


def html_cell(cell: Cell, rules: dict[str, float], tag: str) -> str:
    attrs = ""
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if tag == "td":
        attrs += f' class="{cell.role}"'
    if rules:
        attrs += ' style="' + "".join(f"border-{side}:{pt}pt solid #000;" for side, pt in rules.items()) + '"'
    return f"<{tag}{attrs}>{escape(cell.text).replace(chr(10), '<br>')}</{tag}>"


def html_document(form: dict, layout: FormLayout, style: str) -> str:
    rows = table_rows(layout)
    n_head = len(layout.head_rows)
    out = []
    for r, row in enumerate(rows):
        tag = "th" if r < n_head else "td"
        cells = "".join(html_cell(c, cell_rules(style, c, r, n_head, len(rows), layout.n_cols), tag) for c in row.cells)
        out.append(f"<tr>{cells}</tr>")
    head, body = "\n".join(out[:n_head]), "\n".join(out[n_head:])
    lines = "".join(f'<p class="kv">{escape(line)}</p>' for line in key_value_lines(form))
    prose = "".join(f'<p class="prose">{escape(p)}</p>' for p in layout.paragraphs)
    css = HTML_CSS % {"orientation": "landscape" if layout.landscape else "portrait"}
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            f"<h1>{escape(layout.title)}</h1>{lines}<table>{colgroup(layout.col_widths)}<thead>{head}</thead>"
            f"<tbody>{body}</tbody></table>{prose}</body></html>")


# --- LibreOffice Calc ----------------------------------------------------------------------
def xlsx_side(pt: float | None) -> Side:
    if pt is None:
        return Side(style=None)
    return Side(style="medium" if pt >= HEAVY_PT else "thin", color="000000")


def put_ruled_cell(ws, top: int, cell: Cell, rules: dict[str, float]) -> None:
    """Write a (merged) cell and draw only the rules the style gives it."""
    left = cell.col + 1
    bottom, right = top + cell.rowspan - 1, left + cell.colspan - 1
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(row=r, column=c).border = Border(
                top=xlsx_side(rules.get("top") if r == top else None),
                bottom=xlsx_side(rules.get("bottom") if r == bottom else None),
                left=xlsx_side(rules.get("left") if c == left else None),
                right=xlsx_side(rules.get("right") if c == right else None))
    target = ws.cell(row=top, column=left, value=cell.text or None)
    target.font = font_for(cell.role)
    target.alignment = ALIGN[cell.role]
    if bottom > top or right > left:
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def write_xlsx(form: dict, layout: FormLayout, style: str, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    widths = column_points(layout)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(excel_width(w), 2)
    n = layout.n_cols
    put_line(ws, 1, layout.title, n, Font(name=TITLE_FONT, size=15, bold=True),
             Alignment(horizontal="center", vertical="center", wrap_text=True), 34)
    r = 2
    kv_align = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for line in key_value_lines(form):
        put_line(ws, r, line, n, Font(name=BODY_FONT, size=10.5), kv_align, needed_height(line, sum(widths), 10.5))
        r += 1
    r += 1
    rows = table_rows(layout)
    n_head = len(layout.head_rows)
    first_table_row = r
    for i, (row, height) in enumerate(zip(rows, row_heights(rows, widths))):
        for cell in row.cells:
            put_ruled_cell(ws, r + i, cell, cell_rules(style, cell, i, n_head, len(rows), n))
        ws.row_dimensions[r + i].height = round(height + 3, 1)
    r += len(rows) + 1
    for para in layout.paragraphs:
        put_line(ws, r, para, n, Font(name=BODY_FONT, size=PROSE_SIZE), kv_align, 20)
        r += 1
    setup_page(ws, layout, (first_table_row, first_table_row + n_head - 1) if n_head else None)
    ws.oddFooter.center.text = ""
    wb.save(path)
    return path


# --- LibreOffice Writer (flat ODF text) ----------------------------------------------------
ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)
#: Printable width (cm) of A4 with 2 cm (portrait) / 1.8 cm (landscape) side margins.
ODF_TEXT_WIDTH = {False: 17.0, True: 26.1}
ODF_FONT = "Noto Serif CJK SC"


def odf_text_props(size: float, bold: bool = False) -> str:
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
    return (f'<style:text-properties style:font-name="{ODF_FONT}" style:font-name-asian="{ODF_FONT}" '
            f'fo:font-size="{size}pt" style:font-size-asian="{size}pt"{weight}/>')


def odf_paragraph_styles() -> str:
    def para(name: str, align: str, size: float, bold: bool = False, after: str = "0cm") -> str:
        return (f'<style:style style:name="{name}" style:family="paragraph"><style:paragraph-properties '
                f'fo:text-align="{align}" fo:margin-top="0cm" fo:margin-bottom="{after}" fo:line-height="130%"/>'
                f"{odf_text_props(size, bold)}</style:style>")
    return "".join([
        para("Ptitle", "center", 15, True, "0.3cm"), para("Pkv", "start", 10.5, False, "0.1cm"),
        para("Phead", "center", 9, True), para("Plabel", "center", 9), para("Pnum", "center", 9),
        para("Ptext", "start", 9), para("Pprose", "start", 10.5, False, "0.1cm"),
    ])


def odf_cell_style(rules: dict[str, float]) -> str:
    return "C" + "".join(f"{side[0]}{int(pt * 100)}" for side, pt in sorted(rules.items())) or "C"


def odf_cell_style_xml(name: str, rules: dict[str, float]) -> str:
    borders = "".join(
        f' fo:border-{side}="{rules[side]}pt solid #000000"' if side in rules else f' fo:border-{side}="none"'
        for side in ("top", "bottom", "left", "right"))
    return (f'<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties '
            f'fo:padding="0.08cm" style:vertical-align="middle"{borders}/></style:style>')


def odf_paragraphs(text: str, style: str) -> str:
    return "".join(f'<text:p text:style-name="{style}">{xml_escape(part)}</text:p>' for part in text.split("\n"))


ODF_PARA_OF_ROLE = {"head": "Phead", "label": "Plabel", "num": "Pnum", "text": "Ptext"}


def odf_rows(layout: FormLayout, style: str, cell_styles: dict[str, dict[str, float]]) -> tuple[str, str]:
    """(header rows, body rows) as table:table-row elements, covered positions filled in."""
    rows = table_rows(layout)
    n_head, n_cols = len(layout.head_rows), layout.n_cols
    covered = [[False] * n_cols for _ in rows]
    by_start: list[dict[int, Cell]] = [{c.col: c for c in row.cells} for row in rows]
    for r, row in enumerate(rows):
        for c in row.cells:
            for rr in range(r, min(r + c.rowspan, len(rows))):
                for cc in range(c.col, c.col + c.colspan):
                    if (rr, cc) != (r, c.col):
                        covered[rr][cc] = True
    out = []
    for r in range(len(rows)):
        parts = []
        for col in range(n_cols):
            cell = by_start[r].get(col)
            if cell is None:
                parts.append("<table:covered-table-cell/>" if covered[r][col] else
                             '<table:table-cell table:style-name="C"><text:p/></table:table-cell>')
                continue
            rules = cell_rules(style, cell, r, n_head, len(rows), n_cols)
            name = odf_cell_style(rules)
            cell_styles[name] = rules
            spans = ""
            if cell.rowspan > 1:
                spans += f' table:number-rows-spanned="{cell.rowspan}"'
            if cell.colspan > 1:
                spans += f' table:number-columns-spanned="{cell.colspan}"'
            parts.append(f'<table:table-cell table:style-name="{name}"{spans} office:value-type="string">'
                         f"{odf_paragraphs(cell.text, ODF_PARA_OF_ROLE[cell.role]) or '<text:p/>'}</table:table-cell>")
        out.append("<table:table-row>" + "".join(parts) + "</table:table-row>")
    return "".join(out[:n_head]), "".join(out[n_head:])


def fodt_document(form: dict, layout: FormLayout, style: str) -> str:
    landscape = layout.landscape
    width_cm = ODF_TEXT_WIDTH[landscape]
    total = sum(layout.col_widths)
    columns = "".join(
        f'<style:style style:name="col{i}" style:family="table-column"><style:table-column-properties '
        f'style:column-width="{w / total * width_cm:.3f}cm"/></style:style>' for i, w in enumerate(layout.col_widths))
    cell_styles: dict[str, dict[str, float]] = {"C": {}}
    head, body = odf_rows(layout, style, cell_styles)
    cells = "".join(odf_cell_style_xml(name, rules) for name, rules in sorted(cell_styles.items()))
    page_w, page_h = ("29.7cm", "21cm") if landscape else ("21cm", "29.7cm")
    side = "1.8cm" if landscape else "2cm"
    text = "".join([
        odf_paragraphs(layout.title, "Ptitle"),
        "".join(odf_paragraphs(line, "Pkv") for line in key_value_lines(form)),
        f'<table:table table:name="T1" table:style-name="T1">',
        "".join(f'<table:table-column table:style-name="col{i}"/>' for i in range(layout.n_cols)),
        f"<table:table-header-rows>{head}</table:table-header-rows>{body}</table:table>",
        "".join(odf_paragraphs(p, "Pprose") for p in layout.paragraphs),
    ])
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {ODF_NS} office:version="1.3" '
        f'office:mimetype="application/vnd.oasis.opendocument.text">'
        f'<office:font-face-decls><style:font-face style:name="{ODF_FONT}" svg:font-family="&apos;{ODF_FONT}&apos;"/>'
        f"</office:font-face-decls>"
        f'<office:styles><style:default-style style:family="paragraph">{odf_text_props(10.5)}</style:default-style>'
        f"</office:styles><office:automatic-styles>"
        f'<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{page_w}" '
        f'fo:page-height="{page_h}" style:print-orientation="{"landscape" if landscape else "portrait"}" '
        f'fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="{side}" fo:margin-right="{side}"/>'
        f"</style:page-layout>"
        f'<style:style style:name="T1" style:family="table"><style:table-properties style:width="{width_cm}cm" '
        f'table:align="margins" fo:margin-top="0.2cm" fo:margin-bottom="0.2cm"/></style:style>'
        f"{columns}{cells}{odf_paragraph_styles()}</office:automatic-styles>"
        f'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
        f"</office:master-styles><office:body><office:text>{text}</office:text></office:body></office:document>"
    )


# --- building ------------------------------------------------------------------------------
def single_form(truth: dict, name: str) -> dict:
    forms = [f for f in truth.get("forms") or [] if f.get("kind") != "narrative_report"]
    if len(forms) != 1:
        raise ValueError(f"{name}: unruled samples print exactly one table form")
    return forms[0]


def build_digital(truth: dict, producer: str, style: str, out: Path, workdir: Path) -> Path:
    name = out.stem
    form = single_form(truth, name)
    layout = layout_form(form)
    raw = workdir / f"{name}.raw.pdf"
    if producer == LIBREOFFICE:
        soffice_to_pdf(write_xlsx(form, layout, style, workdir / f"{name}.xlsx"), raw)
    elif producer == CHROMIUM:
        html = workdir / f"{name}.html"
        html.write_text(html_document(form, layout, style), encoding="utf-8")
        chromium_to_pdf(html, raw)
    elif producer == WRITER:
        fodt = workdir / f"{name}.fodt"
        fodt.write_text(fodt_document(form, layout, style), encoding="utf-8")
        soffice_to_pdf(fodt, raw, filter_name="writer_pdf_Export")
    else:
        raise ValueError(f"unknown producer {producer!r}")
    return normalise(raw, out)


def build_document(truth_path: Path, workdir: Path, pdf_dir: Path) -> list[dict]:
    """Digital PDF (plus its scan and ruled twin, if planned) of one unruled sample; returns manifest entries."""
    name = truth_path.stem
    plan = PLANS[name]
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    styles = [(name, plan.rules)] + ([(f"{name}_ruled", FULL)] if plan.ruled_twin else [])
    long_texts = [c.text for row in layout_form(single_form(truth, name)).body_rows for c in row.cells
                  if len(c.text) >= 30]
    entries = []
    for stem, style in styles:
        digital = build_digital(truth, plan.producer, style, pdf_dir / f"{stem}.pdf", workdir)
        entries += _entries(digital, plan, style, f"truth/{truth_path.name}", cut_cell_pages(digital, long_texts))
    return entries


def _entries(digital: Path, plan: UnruledPlan, style: str, truth_rel: str, cuts: list[int]) -> list[dict]:
    """Manifest entries of one printed PDF and, if the plan scans, of its scan."""
    entries = [manifest.Entry(f"pdf/{digital.name}", truth_rel, "digital", plan.producer, page_count(digital), "ok",
                              cut_cells=bool(cuts), cut_cell_pages=cuts)]
    if plan.scan:
        out = digital.with_name(f"{digital.stem}_scan.pdf")
        scanned = scan_pdf(digital, out, plan.scan)
        entries.append(manifest.Entry(f"pdf/{out.name}", truth_rel, "scan", f"scan-of:{plan.producer}", scanned,
                                      "none", cut_cells=bool(cuts), cut_cell_pages=cuts))
    kind = plan.kind if plan.kind and style == plan.rules else style
    return [{**manifest.as_dict(e), "kind": kind, "split": plan.split} for e in entries]
