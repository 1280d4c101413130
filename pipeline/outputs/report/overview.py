"""The overview page: every form of the batch, errors first, sortable and filterable.

A re-scoring audit compares stated with recomputed totals, so the page is a
table of **forms** (not documents) with both totals, their gap and grades, the
worst finding and the extraction verdict. The rows live in the page as JSON and
the page script draws one page of them at a time, sorts, filters and exports
(overview.js): a batch of thousands of forms opens as fast as a batch of ten.
Above the table: counts, charts (inline SVG), files that could not be read and
the findings by rule with each rule's meaning.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from jixiao.pipeline.outputs.cells import FORMULA_STARTS
from jixiao.pipeline.outputs.report import charts
from jixiao.pipeline.outputs.report.data import FINDING_COLUMNS, SEVERITIES, OverviewData, script_json
from jixiao.pipeline.outputs.report.i18n import KIND_LABELS, Lang, kind_label, rule_meaning, strings, text
from jixiao.pipeline.outputs.report.shell import page, status_badge

#: Columns of the forms table: (key in the record, label key, numeric).
COLUMNS = (("file", "col_file", False), ("unit", "col_unit", False), ("project", "col_project", False),
           ("year", "col_year", True), ("kind", "col_kind", False), ("stated", "col_stated_total", True),
           ("recomputed", "col_recomputed_total", True), ("gap", "col_gap", True),
           ("stated_grade", "col_stated_grade", False), ("recomputed_grade", "col_recomputed_grade", False),
           ("worst", "col_worst", True), ("verdict", "col_verdict", False), ("sealed", "col_sealed", False))
#: Labels the page script shows (severities, verdicts, pager, export).
_SCRIPT_LABELS = ("error", "warning", "needs_review", "info", "none", "suspect", "verdict_ok", "yes", "no", "shown",
                  "page_of", "no_forms", "col_findings")
#: The export, relative to index.html: loaded by a <script> element on demand (fetch() is blocked on file://).
FINDINGS_SCRIPT = "data/findings.js"


def findings_script(data: OverviewData) -> str:
    """data/findings.js: every finding as an export row, assigned to a global the page reads."""
    return f"window.JIXIAO_FINDINGS={script_json({'columns': FINDING_COLUMNS, 'rows': data.findings})};\n"


def _cards(data: OverviewData, lang: Lang) -> str:
    status = Counter(d["status"] for d in data.documents)
    severities: Counter = Counter()
    for d in data.documents:
        severities.update(d["severities"])
    cards = [("documents", len(data.documents)), ("ok", status["ok"]), ("partial", status["partial"]),
             ("failed", status["failed"]), ("forms", len(data.forms)),
             ("indicators", sum(d["indicators"] for d in data.documents))]
    cards += [(sev, severities[sev]) for sev in SEVERITIES]
    cards.append(("suspect_forms", sum(d["suspect_forms"] for d in data.documents)))
    return "".join(f'<div class="card c-{key}"><b>{value}</b><span>{escape(text(lang, key))}</span></div>'
                   for key, value in cards)


def _problems(data: OverviewData, lang: Lang) -> str:
    problems = [d for d in data.documents if d["status"] != "ok"]
    if not problems:
        return ""
    items = "".join(f'<li>{status_badge(d["status"], lang)} <a href="docs/{d["slug"]}.html">{escape(d["file"])}</a>'
                    f' — <span class="err">{escape(d["error"])}</span></li>' for d in problems)
    return (f'<details class="problems" open><summary><h2>{escape(text(lang, "files_not_read"))} '
            f'({len(problems)})</h2></summary><ul>{items}</ul></details>')


def _rules(data: OverviewData, lang: Lang) -> str:
    if not data.rule_counts:
        return ""
    rows = "".join(
        f'<tr><td><span class="rule">{escape(rule)}</span></td><td class="num">{count}</td>'
        f'<td class="num">{data.rule_documents[rule]}</td><td>{escape(rule_meaning(lang, rule))}</td></tr>'
        for rule, count in data.rule_counts.most_common())
    head = "".join(f"<th>{escape(text(lang, k))}</th>" for k in ("col_rule", "col_findings", "col_documents", "col_meaning"))
    return (f'<h2>{escape(text(lang, "rules_heading"))}</h2><table class="rules"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _charts(data: OverviewData, lang: Lang) -> str:
    empty = text(lang, "no_data")
    gaps = [f["gap"] for f in data.forms if f["gap"] is not None]
    by_unit: Counter = Counter()
    scores: dict[str, list[float]] = defaultdict(list)
    for f in data.forms:
        if f["findings"]:
            by_unit[f["unit"] or "—"] += f["findings"]
        if f["recomputed"] is not None:
            scores[f"{f['unit'] or '—'} {f['year'] or ''}".strip()].append(f["recomputed"])
    return ('<div class="charts">'
            + charts.histogram(gaps, text(lang, "chart_gap"), empty)
            + charts.bars(list(data.rule_counts.items()), text(lang, "chart_rules"), empty)
            + charts.bars(list(by_unit.items()), text(lang, "chart_units"), empty)
            + charts.strips(dict(scores), text(lang, "chart_scores"), empty)
            + "</div>")


def _select(element_id: str, all_label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in options)
    return f'<select id="{element_id}"><option value="">{escape(all_label)}</option>{items}</select>'


def _filters(data: OverviewData, lang: Lang) -> str:
    units = sorted({f["unit"] for f in data.forms if f["unit"]})
    years = sorted({str(f["year"]) for f in data.forms if f["year"] is not None})
    rules = sorted(data.rule_counts)
    return (
        '<div class="filters">'
        f'<input id="search" type="search" placeholder="{escape(text(lang, "search"))}">'
        + _select("f-severity", text(lang, "all_severities"), [(s, text(lang, s)) for s in SEVERITIES])
        + _select("f-rule", text(lang, "all_rules"), [(r, r) for r in rules])
        + _select("f-unit", text(lang, "all_units"), [(u, u) for u in units])
        + _select("f-year", text(lang, "all_years"), [(y, y) for y in years])
        + _select("f-verdict", text(lang, "all_verdicts"), [("ok", text(lang, "verdict_ok")),
                                                              ("suspect", text(lang, "suspect"))])
        + f' <button id="export" type="button">{escape(text(lang, "export_csv"))}</button>'
        f' <button id="export-forms" type="button">{escape(text(lang, "export_forms_csv"))}</button>'
        ' <span id="shown" class="muted"></span></div>'
    )


def _table_head(lang: Lang) -> str:
    cells = "".join(f'<th data-key="{key}" class="{"num" if numeric else ""}" aria-sort="none">'
                    f'<button type="button">{escape(text(lang, label))}</button></th>' for key, label, numeric in COLUMNS)
    return f"<thead><tr>{cells}</tr></thead>"


def overview_page(data: OverviewData, lang: Lang, script: str) -> str:
    """index.html: counts, charts, unread files, rules, and the forms table (drawn by ``script``)."""
    config = {
        "forms": data.forms, "labels": strings(lang, _SCRIPT_LABELS),
        "kinds": {kind: kind_label(lang, kind) for kind in KIND_LABELS}, "findingsScript": FINDINGS_SCRIPT,
        "formulaStarts": list(FORMULA_STARTS), "columns": [key for key, _, _ in COLUMNS],
    }
    body = (
        f'<header><h1>{escape(text(lang, "report_title"))}</h1><p class="muted">{escape(text(lang, "overview_intro"))}</p>'
        f'<div class="cards">{_cards(data, lang)}</div></header><main>'
        f'{_problems(data, lang)}'
        f'<h2>{escape(text(lang, "forms_heading"))}</h2>{_filters(data, lang)}'
        f'<table id="forms" class="forms">{_table_head(lang)}<tbody></tbody></table>'
        '<nav class="pager"><button id="prev" type="button">‹</button> <span id="page-of"></span> '
        '<button id="next" type="button">›</button></nav>'
        f'<h2>{escape(text(lang, "charts_heading"))}</h2>{_charts(data, lang)}{_rules(data, lang)}</main>'
        f'<script id="report-data" type="application/json">{script_json(config)}</script>'
    )
    return page(text(lang, "report_title"), body, lang, script)
