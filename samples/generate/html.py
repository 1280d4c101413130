"""Form layouts and narrative reports written as HTML for browser or Writer printing.

Table forms: the key/value and budget block is one table, the indicator table
another whose header rows sit in <thead> (browsers repeat it on every printed
page) and whose merged cells are rowspans.  Both tables share one <colgroup>,
so they print as a single ruled grid, like the spreadsheet version.

Narrative reports follow the government-document look (large 仿宋-like body,
fixed 28 pt line pitch, 2-character first-line indent, numbered headings),
so a few paragraphs fill several pages as the real reports do.
"""
from __future__ import annotations

import html
import re

from samples.generate.layout import Cell, FormLayout, Row, format_number

TABLE_CSS = """
@page { size: A4 %(orientation)s; margin: 14mm 10mm 14mm 10mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 9pt; margin: 0; }
.form + .form { break-before: page; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 16pt; text-align: center; margin: 0 0 6pt; }
p.meta { margin: 0 0 3pt; font-size: 10pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
table.pre { margin-bottom: 0; }
table.pre + table.main { margin-top: -0.75pt; }
td, th { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle;
         word-break: break-all; line-height: 1.35; }
th, td.head { font-weight: bold; text-align: center; }
td.label, td.num { text-align: center; }
thead { display: table-header-group; }
p.prose { font-size: 10pt; text-indent: 2em; margin: 4pt 0; line-height: 1.6; }
"""

REPORT_CSS = """
@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; margin: 0; }
h1 { font-family: "Noto Serif CJK SC", serif; font-weight: bold; font-size: 22pt; line-height: 36pt;
     text-align: center; margin: 0 0 28pt; }
p { margin: 0; text-align: justify; }
p.field { text-indent: 0; }
p.h1 { font-family: "Noto Sans CJK SC", sans-serif; }
p.h2 { font-weight: bold; }
table.budget { border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 1.4; margin: 8pt 0; }
table.budget td { border: 0.75pt solid #000; padding: 2pt 4pt; text-align: center; }
"""

#: Word users indent with two ideographic spaces; Writer's HTML import ignores text-indent.
INDENT = "\u3000\u3000"
#: 一、 二、 … open a first-level heading; （一） a second-level one.
HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def colgroup(widths: list[float]) -> str:
    total = sum(widths)
    cols = "".join(f'<col style="width:{w / total * 100:.3f}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup>"


def cell_html(cell: Cell, tag: str = "td") -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    role = "" if tag == "th" else f' class="{cell.role}"'
    return f"<{tag}{spans}{role}>{esc(cell.text)}</{tag}>"


def rows_html(rows: list[Row], tag: str = "td") -> str:
    out = []
    for row in rows:
        cells = "".join(cell_html(c, tag) for c in row.cells)
        out.append(f"<tr>{cells}</tr>")
    return "\n".join(out)


def form_html(layout: FormLayout) -> str:
    parts = ['<section class="form">', f"<h1>{esc(layout.title)}</h1>"]
    parts += [f'<p class="meta">{esc(line)}</p>' for line in layout.meta]
    cols = colgroup(layout.col_widths)
    if layout.pre_rows:
        parts.append(f'<table class="pre">{cols}<tbody>{rows_html(layout.pre_rows)}</tbody></table>')
    if layout.head_rows or layout.body_rows:
        parts.append(f'<table class="main">{cols}<thead>{rows_html(layout.head_rows, "th")}</thead>'
                     f"<tbody>{rows_html(layout.body_rows)}</tbody></table>")
    parts += [f'<p class="prose">{esc(p)}</p>' for p in layout.paragraphs]
    parts.append("</section>")
    return "\n".join(parts)


def forms_document(layouts: list[FormLayout]) -> str:
    """All forms of one document; every form starts on a new page with its title."""
    orientation = "landscape" if any(lay.landscape for lay in layouts) else "portrait"
    body = "\n".join(form_html(lay) for lay in layouts)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<style>{TABLE_CSS % {'orientation': orientation}}</style></head><body>{body}</body></html>")


def paragraph_html(text: str) -> str:
    if HEADING_1.match(text):
        return f'<p class="h1">{esc(text)}</p>'
    if HEADING_2.match(text):
        return f'<p class="h2">{esc(text)}</p>'
    return f"<p>{INDENT}{esc(text)}</p>"


def budget_table_html(budget: dict | None) -> str:
    """The report's small 预算执行 table (only when the truth records one)."""
    if not budget:
        return ""
    head = ["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"]
    keys = ("initial", "annual", "executed")
    lines = [["合计", *(format_number(budget.get(k)) for k in keys), f"{format_number(budget.get('rate'))}%"]]
    for sub in budget.get("rows") or []:
        lines.append([sub.get("label") or "", *(format_number(sub.get(k)) for k in keys),
                      f"{format_number(sub.get('rate'))}%" if sub.get("rate") is not None else ""])
    rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in line) + "</tr>" for line in [head, *lines])
    return f'<table class="budget">{rows}</table>'


def report_document(form: dict) -> str:
    """A Word-style 自评报告: title, 部门名称/填报人 lines, numbered prose."""
    fields = "".join(f'<p class="field">{esc(label)}：{esc(format_number(value))}</p>'
                     for label, value in form.get("header_fields") or [])
    paras = list(form.get("narrative") or [])
    body = "".join(paragraph_html(p) for p in paras)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{REPORT_CSS}</style>'
            f"</head><body><h1>{esc(form.get('title', ''))}</h1>{fields}"
            f'<p class="field">&nbsp;</p>{budget_table_html(form.get("budget"))}{body}</body></html>')
