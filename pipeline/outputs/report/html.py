"""HTML of the review report: one page per document and an overview.

Everything an auditor checks is on the document page: the printed page with each
extracted indicator row outlined (colour = reading confidence), the findings
linked to their rows (anchor + highlight, with or without JavaScript), and the
table of what was read, raw name → canonical name with its match score.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from html import escape
from importlib import resources

from jixiao.models import Document, Finding, Form, Indicator
from jixiao.models.provenance import Provenance
from jixiao.pipeline.outputs.report.pictures import PageImage

_SEVERITY_ORDER = {"error": 0, "warning": 1, "needs_review": 2, "info": 3}
_SEVERITIES = ("error", "warning", "needs_review", "info")
_KIND_LABELS = {
    "project_self_eval": "项目支出绩效自评表",
    "dept_self_eval": "部门整体支出绩效自评表",
    "target_declaration": "绩效目标申报表",
    "narrative_report": "自评报告（文字）",
}


def _asset(name: str) -> str:
    return resources.files("jixiao.pipeline.outputs.report").joinpath(name).read_text(encoding="utf-8")


def doc_slug(source_file: str) -> str:
    """A file name for a document's page that survives any characters in the source path."""
    return "doc-" + hashlib.sha1(source_file.encode("utf-8")).hexdigest()[:12]


def confidence_class(confidence: float) -> str:
    if confidence >= 0.9:
        return "c-high"
    if confidence >= 0.7:
        return "c-mid"
    return "c-low"


def _page(title: str, body: str, depth: int) -> str:
    """A complete standalone HTML file: styles and script inline, nothing fetched."""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head>"
        f"<body data-depth=\"{depth}\">{body}<script>{_asset('report.js')}</script></body></html>\n"
    )


def _fmt(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


def _status_badge(status: str) -> str:
    return f'<span class="status s-{escape(status)}">{escape(status)}</span>'


def _severity_counts(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [f'<span class="sev sev-{sev}">{counts[sev]} {sev}</span>' for sev in _SEVERITIES if counts[sev]]
    return " ".join(parts) or '<span class="muted">none</span>'


# ------------------------------------------------------------------ anchors


def row_id(form: int, row: int) -> str:
    return f"row-f{form}-r{row}"


def box_id(form: int, row: int) -> str:
    return f"box-f{form}-r{row}"


def finding_target(finding: Finding, form: Form | None) -> str:
    """Where a finding's link goes: its row's outline, else the total's, else the form."""
    index = finding.form_index if finding.form_index is not None else 0
    if finding.row_index is not None and form and any(i.row_index == finding.row_index for i in form.indicators):
        return box_id(index, finding.row_index)
    if form and form.stated_total_provenance and form.stated_total_provenance.bbox:
        return f"box-f{index}-total"
    return f"form-{index}"


# ------------------------------------------------------------------ document page


def _box(element_id: str, prov: Provenance, image: PageImage, css: str, link: str, label: str) -> str:
    x0, top, x1, bottom = prov.bbox
    style = (f"left:{100 * x0 / image.width:.3f}%;top:{100 * top / image.height:.3f}%;"
             f"width:{100 * (x1 - x0) / image.width:.3f}%;height:{100 * (bottom - top) / image.height:.3f}%")
    return (f'<a class="box {css}" id="{element_id}" href="#{link}" style="{style}" '
            f'title="{escape(label)}" data-pair="{link}"></a>')


def _row_label(ind: Indicator) -> str:
    name = ind.level3_raw or ind.level2_raw or ind.level1_raw
    canonical = f" → {ind.level3}" if ind.level3 and ind.level3 != ind.level3_raw else ""
    return (f"row {ind.row_index}: {name}{canonical} · target {ind.target.raw or '—'} · actual "
            f"{ind.actual.raw or '—'} · score {_fmt(ind.score)} / {_fmt(ind.weight)} · "
            f"confidence {ind.provenance.confidence:.2f} ({ind.provenance.method})")


def _figure(form: Form, image: PageImage, flagged: set[int]) -> str:
    boxes = []
    for ind in form.indicators:
        prov = ind.provenance
        if prov.page != image.page or not prov.bbox:
            continue
        css = confidence_class(prov.confidence) + (" flagged" if ind.row_index in flagged else "")
        boxes.append(_box(box_id(form.index, ind.row_index), prov, image, css,
                          row_id(form.index, ind.row_index), _row_label(ind)))
    extras = ((f"box-f{form.index}-total", form.stated_total_provenance, "total", f"form-{form.index}",
               f"stated total {_fmt(form.stated_total)}"),
              (f"box-f{form.index}-budget", form.budget.provenance if form.budget else None, "budget",
               f"form-{form.index}", "预算执行 block"))
    for element_id, prov, css, link, label in extras:
        if prov and prov.bbox and prov.page == image.page:
            boxes.append(_box(element_id, prov, image, css, link, label))
    return (f'<figure class="page" id="f{form.index}-p{image.page}"><div class="sheet">'
            f'<img src="../{image.src}" alt="page {image.page}" '
            f'width="{image.width:.0f}" height="{image.height:.0f}">{"".join(boxes)}</div>'
            f"<figcaption>page {image.page}</figcaption></figure>")


def _finding_item(finding: Finding, form: Form | None) -> str:
    target = finding_target(finding, form)
    where = f"row {finding.row_index}" if finding.row_index is not None else "form"
    if finding.page:
        where += f", p. {finding.page}"
    detail = ""
    if finding.expected or finding.stated:
        detail = (f'<div class="vals">expected <b>{escape(finding.expected) or "—"}</b> · '
                  f'stated <b>{escape(finding.stated) or "—"}</b></div>')
    indicator = f'<div class="ind">{escape(finding.indicator)}</div>' if finding.indicator else ""
    return (f'<li class="finding f-{finding.severity}"><a href="#{target}" data-pair="{target}">'
            f'<span class="rule">{escape(finding.rule)}</span> <span class="where">{escape(where)}</span></a>'
            f'{indicator}<div class="msg">{escape(finding.message)}</div>{detail}</li>')


def _mapping_cell(raw: str, canonical: str, code: str = "", score: float | None = None) -> str:
    if not raw and not canonical:
        return "<td>—</td>"
    same = canonical == raw or not canonical
    mapped = "" if same else f'<div class="canon">→ {escape(canonical)}</div>'
    meta = []
    if code:
        meta.append(escape(code))
    if score is not None:
        meta.append(f"score {score:.2f}")
    extra = f'<div class="meta">{" · ".join(meta)}</div>' if meta else ""
    unmapped = ' class="unmapped"' if not canonical else ""
    return f"<td{unmapped}>{escape(raw)}{mapped}{extra}</td>"


def _indicator_row(form: Form, ind: Indicator, findings: list[Finding]) -> str:
    prov = ind.provenance
    marks = "".join(f'<a class="sev sev-{f.severity}" href="#{box_id(form.index, ind.row_index)}" '
                    f'title="{escape(f.message)}">{escape(f.rule)}</a>' for f in findings)
    return (
        f'<tr id="{row_id(form.index, ind.row_index)}" class="{"flagged" if findings else ""}">'
        f'<td><a href="#{box_id(form.index, ind.row_index)}" data-pair="{box_id(form.index, ind.row_index)}">'
        f"{ind.row_index}</a></td><td>{prov.page}</td>"
        f"{_mapping_cell(ind.level1_raw, ind.level1)}{_mapping_cell(ind.level2_raw, ind.level2)}"
        f"{_mapping_cell(ind.level3_raw, ind.level3, ind.level3_id, ind.match_score)}"
        f"<td>{_fmt(ind.weight)}</td><td>{escape(ind.target.raw) or '—'}</td>"
        f"<td>{escape(ind.actual.raw) or '—'}</td><td>{_fmt(ind.score)}</td>"
        f'<td><span class="conf {confidence_class(prov.confidence)}">{prov.confidence:.2f}</span> {prov.method}</td>'
        f"<td>{marks}</td></tr>"
    )


def _facts(form: Form) -> str:
    b = form.budget
    facts = [("unit", form.unit), ("project", form.project), ("year", form.year),
             ("pages", f"{form.first_page}–{form.last_page}"), ("read by", form.method),
             ("stated total", form.stated_total), ("recomputed total", form.recomputed_total),
             ("stated grade", form.stated_grade), ("indicators", len(form.indicators))]
    if b:
        facts += [("budget annual", b.annual), ("executed", b.executed), ("rate %", b.rate), ("budget score", b.score)]
    if form.narrative_indicator_count is not None:
        facts.append(("narrative says", f"{form.narrative_indicator_count} indicators"))
    return "<dl class=\"facts\">" + "".join(f"<div><dt>{k}</dt><dd>{_fmt(v)}</dd></div>" for k, v in facts if v not in (None, "")) + "</dl>"


def _reading(form: Form) -> str:
    """The extraction verdict with every reason: misreads, then the form's own discrepancies and notes."""
    order = {"misread": 0, "note": 1, "form": 2}
    items = "".join(
        f'<li class="reason-{r.kind}"><span class="rule">{escape(r.label())}</span> {escape(r.detail)}</li>'
        for r in sorted(form.verdict_reasons, key=lambda r: order[r.kind]))
    listed = f"<ul>{items}</ul>" if items else ""
    return (f'<div class="verdict verdict-{form.verdict}"><b>read: {form.verdict}</b>'
            f'{" — the figures below may be misread; findings resting on them need review" if form.verdict == "suspect" else ""}'
            f"{listed}</div>")


def _form_section(form: Form, findings: list[Finding], images: list[PageImage]) -> str:
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.row_index is not None:
            by_row[f.row_index].append(f)
    flagged = set(by_row)
    pages = [img for img in images if form.first_page <= img.page <= form.last_page
             or any(i.provenance.page == img.page for i in form.indicators)]
    figures = "".join(_figure(form, img, flagged) for img in pages) or '<p class="muted">no page image</p>'
    listed = sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.row_index if f.row_index is not None else -1))
    finding_list = ("<ol class=\"findings\">" + "".join(_finding_item(f, form) for f in listed) + "</ol>") if listed \
        else '<p class="muted">no findings</p>'
    rows = "".join(_indicator_row(form, ind, by_row.get(ind.row_index, [])) for ind in form.indicators)
    table = ("<table class=\"indicators\"><thead><tr><th>#</th><th>p.</th><th>一级 raw → canonical</th>"
             "<th>二级</th><th>三级 raw → canonical (id · score)</th><th>weight</th><th>target</th>"
             "<th>actual</th><th>score</th><th>confidence</th><th>findings</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if rows else '<p class="muted">no indicator rows</p>'
    kind = _KIND_LABELS.get(form.kind, form.kind)
    return (
        f'<section class="form" id="form-{form.index}"><h2>Form {form.index + 1} · {escape(kind)}'
        f'<small>{escape(form.title)}</small></h2>{_facts(form)}{_reading(form)}'
        f'<div class="review"><div class="pages">{figures}</div>'
        f'<aside class="side"><h3>Findings ({len(findings)})</h3>{finding_list}'
        f'{_legend()}</aside></div>{table}</section>'
    )


def _legend() -> str:
    return ('<div class="legend"><span class="key c-high"></span>confidence ≥ 0.9 '
            '<span class="key c-mid"></span>0.7–0.9 <span class="key c-low"></span>&lt; 0.7 '
            '<span class="key flagged"></span>row with a finding</div>')


def document_page(doc: Document, images: list[PageImage]) -> str:
    """The review page of one input file."""
    forms_by_index = {f.index: f for f in doc.forms}
    by_form: dict[int | None, list[Finding]] = defaultdict(list)
    for f in doc.findings:
        by_form[f.form_index if f.form_index in forms_by_index else None].append(f)
    error = f'<p class="error">{escape(doc.error)}</p>' if doc.error else ""
    loose = by_form.get(None, [])
    loose_html = ("<section><h2>Document findings</h2><ol class=\"findings\">"
                  + "".join(_finding_item(f, None) for f in loose) + "</ol></section>") if loose else ""
    toc = "".join(f'<a href="#form-{f.index}">Form {f.index + 1}: {escape(f.project or f.title or f.kind)} '
                  f"({len(by_form.get(f.index, []))})</a>" for f in doc.forms)
    body = (
        f'<header><a href="../index.html" class="back">← all documents</a>'
        f"<h1>{escape(doc.source_file)}</h1>"
        f'<div class="docmeta">{_status_badge(doc.status)} {doc.pages} pages · {len(doc.forms)} forms · '
        f"findings: {_severity_counts(doc.findings)} · read in {doc.seconds:.1f} s · "
        f'<span class="sha" title="sha256">{escape(doc.sha256[:16])}</span></div>{error}'
        f'<nav class="toc">{toc}</nav></header><main>{loose_html}'
        + "".join(_form_section(f, by_form.get(f.index, []), images) for f in doc.forms)
        + "</main>"
    )
    return _page(doc.source_file, body, depth=1)


# ------------------------------------------------------------------ overview


def overview_row(doc: Document) -> dict:
    """What the overview needs of a document, kept instead of the whole Document."""
    return {
        "source_file": doc.source_file, "slug": doc_slug(doc.source_file), "status": doc.status,
        "error": doc.error, "pages": doc.pages, "forms": len(doc.forms),
        "indicators": sum(len(f.indicators) for f in doc.forms),
        "severities": Counter(f.severity for f in doc.findings), "rules": Counter(f.rule for f in doc.findings),
        "findings": len(doc.findings),
        "suspect_forms": sum(f.verdict == "suspect" for f in doc.forms),
        "unit": next((f.unit for f in doc.forms if f.unit), ""),
    }


def _overview_table_row(row: dict) -> str:
    sev = row["severities"]
    cells = "".join(f'<td class="num">{sev[s] or ""}</td>' for s in _SEVERITIES)
    return (
        f'<tr data-status="{escape(row["status"])}" data-name="{escape(row["source_file"].lower())}" '
        f'data-unit="{escape(row["unit"].lower())}">'
        f'<td><a href="docs/{row["slug"]}.html">{escape(row["source_file"])}</a></td>'
        f'<td>{escape(row["unit"])}</td>'
        f'<td>{_status_badge(row["status"])}</td><td class="num">{row["findings"]}</td>{cells}'
        f'<td class="num">{row["pages"]}</td><td class="num">{row["forms"]}</td>'
        f'<td class="num">{row["indicators"]}</td><td class="err">{escape(row["error"])}</td></tr>'
    )


def _rule_summary(rows: list[dict]) -> str:
    try:
        from jixiao.pipeline.validation.codes import RULES
    except ImportError:  # the report does not depend on the validator being importable
        RULES = {}
    totals: Counter = Counter()
    docs_with: Counter = Counter()
    for row in rows:
        totals.update(row["rules"])
        docs_with.update(row["rules"].keys())
    if not totals:
        return ""
    items = "".join(
        f'<tr><td><span class="rule">{escape(rule)}</span></td><td class="num">{count}</td>'
        f'<td class="num">{docs_with[rule]}</td><td>{escape(RULES[rule].meaning) if rule in RULES else ""}</td></tr>'
        for rule, count in totals.most_common()
    )
    return ("<h2>Findings by rule</h2><table class=\"rules\"><thead><tr><th>rule</th><th>findings</th>"
            f"<th>documents</th><th>meaning</th></tr></thead><tbody>{items}</tbody></table>")


def overview_page(rows: list[dict]) -> str:
    """All documents, most findings first; files that could not be read listed up top."""
    status = Counter(r["status"] for r in rows)
    severities: Counter = Counter()
    for r in rows:
        severities.update(r["severities"])
    ordered = sorted(rows, key=lambda r: (-r["findings"], r["source_file"]))
    problems = [r for r in rows if r["status"] != "ok"]
    problem_html = ""
    if problems:
        items = "".join(f'<li>{_status_badge(r["status"])} <a href="docs/{r["slug"]}.html">{escape(r["source_file"])}</a>'
                        f' — <span class="err">{escape(r["error"])}</span></li>' for r in problems)
        problem_html = f'<h2>Files not fully read ({len(problems)})</h2><ul class="problems">{items}</ul>'
    cards = "".join(f'<div class="card"><b>{value}</b><span>{label}</span></div>' for label, value in (
        ("documents", len(rows)), ("ok", status["ok"]), ("partial", status["partial"]), ("failed", status["failed"]),
        ("forms", sum(r["forms"] for r in rows)), ("indicators", sum(r["indicators"] for r in rows)),
        ("error findings", severities["error"]), ("warnings", severities["warning"]),
        ("needs review", severities["needs_review"]), ("info", severities["info"]),
        ("suspect forms", sum(r.get("suspect_forms", 0) for r in rows)),
    ))
    body = (
        "<header><h1>jixiao review report</h1><p class=\"muted\">Documents by number of findings. "
        "Open a document to see each form's pages with the rows that were read outlined, "
        "and each finding linked to its row.</p>"
        f'<div class="cards">{cards}</div></header><main>{problem_html}{_rule_summary(rows)}'
        "<h2>Documents</h2><div class=\"filters\"><input id=\"filter\" type=\"search\" placeholder=\"filter by file name or unit\">"
        "<select id=\"status-filter\"><option value=\"\">all statuses</option><option>ok</option>"
        "<option>partial</option><option>failed</option></select> <span id=\"shown\"></span></div>"
        "<table id=\"documents\" class=\"documents\"><thead><tr><th>file</th><th>unit</th><th>status</th><th>findings</th>"
        "<th>error</th><th>warning</th><th>needs review</th><th>info</th><th>pages</th><th>forms</th><th>indicators</th><th>problem</th>"
        f"</tr></thead><tbody>{''.join(_overview_table_row(r) for r in ordered)}</tbody></table></main>"
    )
    return _page("jixiao review report", body, depth=0)
