"""The review page of one document: its forms on their page pictures, findings linked to cells.

Everything an auditor checks is on this page: the printed page with each
extracted indicator row outlined (colour = reading confidence), each finding
linked to the **cell** it is about (the score cell of a mis-scored row, the
stated 总分 of a total that does not add up) with the rule's meaning in plain
words, and the table of what was read: raw and parsed target and actual (the
operator, value and unit the validator compared), weight, score and the score
the rules expect. Anchors work without JavaScript; the script adds the paired
highlight of picture and table (report.js).
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

from jixiao.models import Document, Finding, Form, Indicator
from jixiao.models.form import CellRead
from jixiao.models.values import ParsedValue
from jixiao.pipeline.outputs.report.data import SEVERITIES, SEVERITY_RANK, doc_slug
from jixiao.pipeline.outputs.report.finding_words import finding_detail, finding_values
from jixiao.pipeline.outputs.report.i18n import Lang, kind_label, rule_meaning, text
from jixiao.pipeline.outputs.report.pictures import PageImage
from jixiao.pipeline.outputs.report.shell import page, status_badge
from jixiao.pipeline.validation.expectation import expected_score
from jixiao.pipeline.validation.grading import grade_for

__all__ = ["doc_slug", "document_page", "row_id", "box_id", "cell_id", "finding_target", "confidence_class"]

#: The cell a row finding is about, by rule (LOW_CONFIDENCE: the weakest cell, found per row).
RULE_FIELDS = {"SCORE_EXCEEDS_WEIGHT": "score", "FULL_SCORE_DESPITE_SHORTFALL": "score",
               "DEDUCTION_WITHOUT_SHORTFALL": "score", "SCORE_FORMULA_MISMATCH": "score",
               "DUPLICATE_ROW": "level3", "SUBTOTAL_MISMATCH": "weight"}
#: Rules about the stated total: their finding points at the 总分 cell.
TOTAL_RULES = {"TOTAL_MISMATCH", "TOTAL_EXCLUDES_BUDGET", "GRADE_MISMATCH"}
#: Cells that make up the row's outline: the merged 一级/二级 labels are left out, so the
#: outline does not strike through a label that spans many rows.
_ROW_FIELDS = ("level3", "target", "actual", "weight", "score")
#: More reasons than this are folded away under a summary line.
_REASONS_SHOWN = 6
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "~": "≈"}


def confidence_class(confidence: float) -> str:
    if confidence >= 0.9:
        return "c-high"
    if confidence >= 0.7:
        return "c-mid"
    return "c-low"


def _fmt(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


# ------------------------------------------------------------------ anchors


def row_id(form: int, row: int) -> str:
    return f"row-f{form}-r{row}"


def box_id(form: int, row: int) -> str:
    return f"box-f{form}-r{row}"


def cell_id(form: int, row: int | None, field: str) -> str:
    return f"cell-f{form}-total" if row is None else f"cell-f{form}-r{row}-{field}"


def _finding_cell(finding: Finding, form: Form) -> tuple[int | None, str, CellRead] | None:
    """The cell a finding is about, where the reader kept its box."""
    if finding.rule in TOTAL_RULES and form.stated_total_cell and form.stated_total_cell.bbox:
        return None, "total", form.stated_total_cell
    row = next((i for i in form.indicators if i.row_index == finding.row_index), None)
    if row is None:
        return None
    field = RULE_FIELDS.get(finding.rule)
    if finding.rule == "LOW_CONFIDENCE" and row.field_confidence:
        field = min(row.field_confidence, key=row.field_confidence.get)
    cell = row.cells.get(field or "")
    return (row.row_index, field, cell) if cell and cell.bbox else None


def finding_target(finding: Finding, form: Form | None) -> str:
    """Where a finding's link goes: its cell, else its row's outline, else the total's, else the form."""
    index = finding.form_index if finding.form_index is not None else 0
    if form is None:
        return f"form-{index}"
    cell = _finding_cell(finding, form)
    if cell is not None:
        return cell_id(index, cell[0], cell[1])
    if finding.row_index is not None and any(i.row_index == finding.row_index for i in form.indicators):
        return box_id(index, finding.row_index)
    if form.stated_total_provenance and form.stated_total_provenance.bbox:
        return f"box-f{index}-total"
    return f"form-{index}"


# ------------------------------------------------------------------ pictures


def _box(element_id: str, bbox, image: PageImage, css: str, link: str, label: str) -> str:
    x0, top, x1, bottom = bbox
    style = (f"left:{100 * x0 / image.width:.3f}%;top:{100 * top / image.height:.3f}%;"
             f"width:{100 * (x1 - x0) / image.width:.3f}%;height:{100 * (bottom - top) / image.height:.3f}%")
    return (f'<a class="box {css}" id="{element_id}" href="#{link}" style="{style}" '
            f'title="{escape(label)}" data-pair="{link}"></a>')


def row_box(ind: Indicator):
    """The row's outline: its own cells (names, values, scores) where known, else the row's box."""
    boxes = [c.bbox for f, c in ind.cells.items() if f in _ROW_FIELDS and c.bbox and c.page == ind.provenance.page]
    if not boxes:
        return ind.provenance.bbox
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _row_label(ind: Indicator, lang: Lang) -> str:
    name = ind.level3_raw or ind.level2_raw or ind.level1_raw
    canonical = f" → {ind.level3}" if ind.level3 and ind.level3 != ind.level3_raw else ""
    return text(lang, "row_label", row=ind.row_index + 1, name=name + canonical, target=ind.target.raw or "—",
                actual=ind.actual.raw or "—", score=_fmt(ind.score), weight=_fmt(ind.weight),
                conf=f"{ind.provenance.confidence:.2f}", method=ind.provenance.method)


def _figure(form: Form, image: PageImage, findings: list[Finding], lang: Lang) -> str:
    flagged = {f.row_index for f in findings if f.row_index is not None}
    boxes = []
    for ind in form.indicators:
        bbox = row_box(ind)
        if ind.provenance.page != image.page or not bbox:
            continue
        css = confidence_class(ind.provenance.confidence) + (" flagged" if ind.row_index in flagged else "")
        boxes.append(_box(box_id(form.index, ind.row_index), bbox, image, css, row_id(form.index, ind.row_index),
                          _row_label(ind, lang)))
    extras = ((f"box-f{form.index}-total", form.stated_total_provenance, "total", f"form-{form.index}",
               text(lang, "stated_total_box", value=_fmt(form.stated_total))),
              (f"box-f{form.index}-budget", form.budget.provenance if form.budget else None, "budget",
               f"form-{form.index}", text(lang, "budget_box")))
    for element_id, prov, css, link, label in extras:
        if prov and prov.bbox and prov.page == image.page:
            boxes.append(_box(element_id, prov.bbox, image, css, link, label))
    seen: set[str] = set()
    for finding in findings:  # the cells findings are about, drawn last so they sit on top
        found = _finding_cell(finding, form)
        if found is None or found[2].page != image.page:
            continue
        element_id = cell_id(form.index, found[0], found[1])
        if element_id not in seen:
            seen.add(element_id)
            link = row_id(form.index, found[0]) if found[0] is not None else f"form-{form.index}"
            boxes.append(_box(element_id, found[2].bbox, image, f"cell sev-{finding.severity}", link,
                              f"{finding.rule}: {found[2].text}"))
    return (f'<figure class="page" id="f{form.index}-p{image.page}"><div class="sheet">'
            f'<img src="../{escape(image.src)}" alt="{escape(text(lang, "page", page=image.page))}" loading="lazy" '
            f'width="{image.width:.0f}" height="{image.height:.0f}">{"".join(boxes)}</div>'
            f"<figcaption>{escape(text(lang, 'page', page=image.page))}</figcaption></figure>")


# ------------------------------------------------------------------ findings


def _finding_item(finding: Finding, form: Form | None, lang: Lang) -> str:
    target = finding_target(finding, form)
    where = text(lang, "row", row=finding.row_index + 1) if finding.row_index is not None else text(lang, "form_level")
    if finding.page:
        where += " · " + text(lang, "p", page=finding.page)
    detail = ""
    expected, stated = finding_values(lang, finding)
    if expected or stated:
        detail = (f'<div class="vals">{escape(text(lang, "expected"))} <b>{escape(expected) or "—"}</b> · '
                  f'{escape(text(lang, "stated"))} <b>{escape(stated) or "—"}</b></div>')
    indicator = f'<div class="ind">{escape(finding.indicator)}</div>' if finding.indicator else ""
    meaning = rule_meaning(lang, finding.rule)
    said = escape(finding_detail(lang, finding))
    return (f'<li class="finding f-{finding.severity}" data-rule="{escape(finding.rule)}">'
            f'<a href="#{target}" data-pair="{target}"><span class="rule">{escape(finding.rule)}</span> '
            f'<span class="sevname">{escape(text(lang, finding.severity))}</span> '
            f'<span class="where">{escape(where)}</span></a>{indicator}<div class="msg">{said}</div>'
            f'{detail}<div class="meaning">{escape(meaning)}</div></li>')


def _findings_list(findings: list[Finding], form: Form | None, lang: Lang) -> str:
    if not findings:
        return f'<p class="muted">{escape(text(lang, "no_findings"))}</p>'
    listed = sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.row_index if f.row_index is not None else -1))
    return '<ol class="findings">' + "".join(_finding_item(f, form, lang) for f in listed) + "</ol>"


# ------------------------------------------------------------------ indicator table


def _mapping_cell(raw: str, canonical: str, code: str = "", score: float | None = None) -> str:
    if not raw and not canonical:
        return "<td>—</td>"
    same = canonical == raw or not canonical
    mapped = "" if same else f'<div class="canon">→ {escape(canonical)}</div>'
    meta = [escape(code)] if code else []
    if score is not None:
        meta.append(f"{score:.2f}")
    extra = f'<div class="meta">{" · ".join(meta)}</div>' if meta else ""
    unmapped = ' class="unmapped"' if not canonical else ""
    return f"<td{unmapped}>{escape(raw)}{mapped}{extra}</td>"


def parsed_text(value: ParsedValue) -> str:
    """What the validator read into a value: ``≥ 95 %``, ``3–5 个``, or its qualitative label."""
    if value.value is not None:
        number = f"{value.value:g}" + (f"–{value.upper:g}" if value.upper is not None else "")
        return " ".join(p for p in (_OPS.get(value.op or "", value.op or ""), number, value.unit or "") if p)
    return value.label or ""


def _value_cell(value: ParsedValue) -> str:
    parsed = parsed_text(value)
    op = f' data-op="{escape(value.op)}"' if value.op else ""
    return (f'<td><div class="raw">{escape(value.raw) or "—"}</div>'
            f'<div class="parsed"{op}>{escape(parsed) or "—"}</div></td>')


def expected_text(ind: Indicator, lang: Lang) -> tuple[str, bool | None]:
    """The score the rules expect as text, and whether the printed score fits it (None: cannot say)."""
    expectation = expected_score(ind)
    if expectation is None:
        return "—", None
    if expectation.how == "met":
        shown = text(lang, "met_full", weight=f"{expectation.high:g}")
    elif expectation.how == "formula":
        shown = text(lang, "formula", values=" / ".join(f"{s:.2f}".rstrip("0").rstrip(".") for s in expectation.scores))
    else:
        shown = text(lang, "band", low=f"{expectation.low:.2f}".rstrip("0").rstrip("."),
                     high=f"{expectation.high:.2f}".rstrip("0").rstrip("."))
    return shown, None if ind.score is None else expectation.allows(ind.score)


def _indicator_row(form: Form, ind: Indicator, findings: list[Finding], lang: Lang) -> str:
    prov = ind.provenance
    marks = "".join(f'<a class="sev sev-{f.severity}" href="#{finding_target(f, form)}" '
                    f'data-pair="{finding_target(f, form)}" title="{escape(finding_detail(lang, f))}">'
                    f'{escape(f.rule)}</a>' for f in findings)
    expected, fits = expected_text(ind, lang)
    fit_class = {True: "fits", False: "off", None: "muted"}[fits]
    box = box_id(form.index, ind.row_index)
    return (
        f'<tr id="{row_id(form.index, ind.row_index)}" class="{"flagged" if findings else ""}">'
        f'<td><a href="#{box}" data-pair="{box}">{ind.row_index + 1}</a></td><td>{prov.page}</td>'
        f"{_mapping_cell(ind.level1_raw, ind.level1)}{_mapping_cell(ind.level2_raw, ind.level2)}"
        f"{_mapping_cell(ind.level3_raw, ind.level3, ind.level3_id, ind.match_score)}"
        f'<td class="num">{_fmt(ind.weight)}</td>{_value_cell(ind.target)}{_value_cell(ind.actual)}'
        f'<td class="num">{_fmt(ind.score)}</td><td class="expected {fit_class}">{escape(expected)}</td>'
        f'<td><span class="conf {confidence_class(prov.confidence)}">{prov.confidence:.2f}</span> {prov.method}</td>'
        f"<td>{marks}</td></tr>"
    )


def _indicator_table(form: Form, by_row: dict[int, list[Finding]], lang: Lang) -> str:
    rows = "".join(_indicator_row(form, ind, by_row.get(ind.row_index, []), lang) for ind in form.indicators)
    if not rows:
        return f'<p class="muted">{escape(text(lang, "no_rows"))}</p>'
    heads = ("#", "p.", text(lang, "th_level1"), text(lang, "th_level2"), text(lang, "th_level3"),
             text(lang, "th_weight"), text(lang, "th_target"), text(lang, "th_actual"), text(lang, "th_score"),
             text(lang, "th_expected"), text(lang, "th_confidence"), text(lang, "th_findings"))
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    return f'<table class="indicators"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


# ------------------------------------------------------------------ form


def _facts(form: Form, lang: Lang) -> str:
    b = form.budget
    facts = [("unit", form.unit), ("project", form.project), ("year", form.year),
             ("pages", f"{form.first_page}–{form.last_page}"), ("read_by", form.method),
             ("stated_total", form.stated_total), ("recomputed_total", form.recomputed_total),
             ("stated_grade", form.stated_grade),
             ("recomputed_grade", grade_for(form.recomputed_total) if form.recomputed_total is not None else None),
             ("indicators", len(form.indicators)), ("sealed", text(lang, "yes" if form.sealed else "no"))]
    if b:
        facts += [("budget_annual", b.annual), ("executed", b.executed), ("rate", b.rate), ("budget_score", b.score)]
    if form.narrative_indicator_count is not None:
        facts.append(("narrative_says", form.narrative_indicator_count))
    return '<dl class="facts">' + "".join(f"<div><dt>{escape(text(lang, k))}</dt><dd>{_fmt(v)}</dd></div>"
                                          for k, v in facts if v not in (None, "")) + "</dl>"


def _reading(form: Form, lang: Lang) -> str:
    """The extraction verdict with every reason: misreads, then notes, then the form's own discrepancies."""
    order = {"misread": 0, "note": 1, "form": 2}
    items = "".join(
        f'<li class="reason-{r.kind}"><span class="rule">{escape(r.label())}</span> {escape(r.detail)}</li>'
        for r in sorted(form.verdict_reasons, key=lambda r: order[r.kind]))
    listed = f"<ul>{items}</ul>" if items else ""
    if len(form.verdict_reasons) > _REASONS_SHOWN:  # a long list would push the pages out of sight
        listed = (f'<details><summary>{escape(text(lang, "reasons", n=len(form.verdict_reasons)))}</summary>'
                  f"{listed}</details>")
    label = text(lang, "suspect") if form.verdict == "suspect" else text(lang, "verdict_ok")
    note = f" — {escape(text(lang, 'suspect_note'))}" if form.verdict == "suspect" else ""
    return (f'<div class="verdict verdict-{form.verdict}"><b>{escape(text(lang, "reading"))}: {escape(label)}</b>'
            f"{note}{listed}</div>")


def _form_section(form: Form, findings: list[Finding], images: list[PageImage], lang: Lang) -> str:
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.row_index is not None:
            by_row[f.row_index].append(f)
    pages = [img for img in images if form.first_page <= img.page <= form.last_page
             or any(i.provenance.page == img.page for i in form.indicators)]
    figures = "".join(_figure(form, img, findings, lang) for img in pages) \
        or f'<p class="muted">{escape(text(lang, "no_picture"))}</p>'
    return (
        f'<section class="form" id="form-{form.index}"><h2>{escape(text(lang, "form"))} {form.index + 1} · '
        f'{escape(kind_label(lang, form.kind))}<small>{escape(form.title)}</small></h2>{_facts(form, lang)}'
        f'{_reading(form, lang)}<div class="review"><div class="pages">{figures}</div>'
        f'<aside class="side"><h3>{escape(text(lang, "findings_heading", n=len(findings)))}</h3>'
        f'{_findings_list(findings, form, lang)}{_legend(lang)}</aside></div>'
        f'{_indicator_table(form, by_row, lang)}</section>'
    )


def _legend(lang: Lang) -> str:
    keys = (("c-high", "legend_high"), ("c-mid", "legend_mid"), ("c-low", "legend_low"), ("flagged", "legend_flagged"),
            ("cell", "legend_cell"))
    return '<div class="legend">' + " ".join(f'<span class="key {css}"></span>{escape(text(lang, key))}'
                                             for css, key in keys) + "</div>"


def _severity_counts(findings: list[Finding], lang: Lang) -> str:
    counts = {sev: sum(f.severity == sev for f in findings) for sev in SEVERITIES}
    parts = [f'<span class="sev sev-{sev}">{n} {escape(text(lang, sev))}</span>' for sev, n in counts.items() if n]
    return " ".join(parts) or f'<span class="muted">{escape(text(lang, "none"))}</span>'


def document_page(doc: Document, images: list[PageImage], lang: Lang = "zh") -> str:
    """The review page of one input file."""
    forms_by_index = {f.index: f for f in doc.forms}
    by_form: dict[int | None, list[Finding]] = defaultdict(list)
    for f in doc.findings:
        by_form[f.form_index if f.form_index in forms_by_index else None].append(f)
    error = f'<p class="error">{escape(doc.error)}</p>' if doc.error else ""
    loose = by_form.get(None, [])
    loose_html = (f'<section><h2>{escape(text(lang, "document_findings"))}</h2>'
                  f'{_findings_list(loose, None, lang)}</section>') if loose else ""
    toc = "".join(f'<a href="#form-{f.index}">{escape(text(lang, "form"))} {f.index + 1}: '
                  f'{escape(f.project or f.title or f.kind)} ({len(by_form.get(f.index, []))})</a>' for f in doc.forms)
    body = (
        f'<header><a href="../index.html" class="back">{escape(text(lang, "all_documents"))}</a>'
        f"<h1>{escape(doc.source_file)}</h1>"
        f'<div class="docmeta">{status_badge(doc.status, lang)} {doc.pages} {escape(text(lang, "pages"))} · '
        f'{len(doc.forms)} {escape(text(lang, "forms"))} · {_severity_counts(doc.findings, lang)} · '
        f'{escape(text(lang, "read_in", seconds=f"{doc.seconds:.1f}"))} · '
        f'<span class="sha" title="{escape(text(lang, "sha"))}">{escape(doc.sha256[:16])}</span></div>{error}'
        f'<nav class="toc">{toc}</nav></header><main>{loose_html}'
        + "".join(_form_section(f, by_form.get(f.index, []), images, lang) for f in doc.forms)
        + "</main>"
    )
    return page(doc.source_file, body, lang, "report.js")
