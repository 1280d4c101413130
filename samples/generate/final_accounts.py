"""A department's 决算 report: many tables, and only the performance forms are forms.

Offices publish the 部门决算 as one long document: a contents page, prose on
the department, nine or more budget tables (收入支出决算总表 …), an asset table,
then the 绩效自评 forms.  A reader must take only the performance forms as
forms; the budget and asset tables are full of 合计 rows and amounts that look
like scores.  The truth form lists the forms; its document-level ``"report"``
key describes everything else that is printed:

```jsonc
"report": {
  "title": "…2023年度部门决算",
  "contents": ["第一部分 部门概况", …],
  "sections": [{"heading": "一、主要职能", "paragraphs": ["…"]}],
  "tables": [{"title": "收入支出决算表", "unit": "金额单位：万元",
              "header": ["项目", "行次", "金额"], "rows": [["一、一般公共预算财政拨款收入", "1", "857.85"]]}],
  "forms_heading": "第四部分 2023年度部门绩效自评情况",
  "closing": ["…"]
}
```

Each budget table starts on a new page, as the published ones do; the forms
follow, one per page, printed with the same HTML as the other Chromium samples.
"""
from __future__ import annotations

from samples.generate.html import TABLE_CSS, esc, form_html
from samples.generate.layout import FormLayout

REPORT_EXTRA_CSS = """
h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 10pt 0 6pt; }
h3 { font-size: 11pt; margin: 8pt 0 4pt; }
p.body { font-size: 11pt; text-indent: 2em; line-height: 1.7; margin: 3pt 0; }
p.toc { font-size: 11pt; margin: 2pt 0; }
p.unit { font-size: 9pt; text-align: right; margin: 0 0 2pt; }
section.table-page { break-before: page; }
table.money td { text-align: right; }
table.money td:first-child { text-align: left; }
"""


def _table_html(spec: dict) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in spec.get("header") or [])
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in spec.get("rows") or [])
    unit = f'<p class="unit">{esc(spec["unit"])}</p>' if spec.get("unit") else ""
    return (f'<section class="table-page"><h3>{esc(spec.get("title", ""))}</h3>{unit}'
            f'<table class="money"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>')


def report_html(report: dict, layouts: list[FormLayout]) -> str:
    """The whole 决算 document as one HTML page for Chromium."""
    parts = [f"<h1>{esc(report.get('title', ''))}</h1>"]
    if report.get("contents"):
        parts.append("<h2>目录</h2>")
        parts += [f'<p class="toc">{esc(line)}</p>' for line in report["contents"]]
    for section in report.get("sections") or []:
        parts.append(f"<h2>{esc(section.get('heading', ''))}</h2>")
        parts += [f'<p class="body">{esc(p)}</p>' for p in section.get("paragraphs") or []]
    parts += [_table_html(t) for t in report.get("tables") or []]
    heading = f"<h2>{esc(report['forms_heading'])}</h2>" if report.get("forms_heading") else ""
    for i, layout in enumerate(layouts):  # the part's heading tops the first form's page
        opening = '<section class="form table-page">' + (heading if i == 0 else "")
        parts.append(form_html(layout).replace('<section class="form">', opening, 1))
    parts += [f'<p class="body">{esc(p)}</p>' for p in report.get("closing") or []]
    orientation = "landscape" if any(lay.landscape for lay in layouts) else "portrait"
    css = TABLE_CSS % {"orientation": orientation} + REPORT_EXTRA_CSS
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head>'
            f"<body>{''.join(parts)}</body></html>")
