"""Settle doubts about a document's reading before its findings are reported.

For each form: find what the verdict doubts (:mod:`verdict`), read exactly the
doubtful cells again with a stronger method (:mod:`reread`), decide each cell on
the better reading, re-validate, and judge again. A second reading is *adopted*
when it makes the form's checks close better than the first (fewer broken
checks, none new) and is itself confident; when the two readings agree the cell
is settled; otherwise the cell stays in doubt. Findings that rest on a cell
still in doubt, or sums of a table whose structure was misread, are reported as
``needs_review`` (naming the cell and both readings), never as errors.
"""
from __future__ import annotations

from jixiao.models.document import Document
from jixiao.models.finding import Finding
from jixiao.models.form import CellRead, Form, VerdictReason
from jixiao.models.page import PageContent
from jixiao.normalizers.value_parsing import parse_number
from jixiao.pipeline.validation.lying_fonts import LYING_FONT
from jixiao.pipeline.validation.misreads import BUDGET_RULES, Fit, Slot, broken_checks, budget_slots, find_fits
from jixiao.pipeline.validation.reread import Reader
from jixiao.pipeline.validation.validate import recompute_total, validate_form
from jixiao.pipeline.validation.verdict import (
    STRUCTURAL, SUM_RULES, apply_verdict, grid_holes, judge_form, tables_with_strays,
)

#: Cells read again per form at most (the weakest first).
MAX_REREADS = 40
#: A second reading is adopted only with at least this confidence.
ADOPT_CONFIDENCE = 0.8
#: Reasons whose cell deserves a second reading.
REREAD_CODES = ("MISREAD_FITS", "MISREAD_POSSIBLE", "LOW_CONFIDENCE_CELL", "IMPLAUSIBLE_VALUE", "NOT_A_NUMBER")
#: Severities a finding in doubt is lowered from.
ACCUSING = ("error", "warning")
ROW_EVIDENCE = ("weight", "score", "target", "actual")
NUMBER_EVIDENCE = ("weight", "score", "total")
#: Cells read again only after every other the verdict doubts: a vocabulary word a 一级/二级 or 度量单位
#: cell was read as (assembly's vocabulary_cells) is in doubt, but no check of the form rests on it, and
#: its cells, read the least surely, would otherwise take the rereads the figures need.
LATE_REREADS = ("level1", "level2", "target_unit")


def judge_document(doc: Document, pages: list[PageContent], reader: Reader | None = None) -> None:
    """Verdicts for every form, second readings where they can decide, findings reviewed.

    The doubtful cells of all forms are read again in one pass (one opening of the
    file, one rendering per page), then each form is decided on its own.
    """
    holes, strays = grid_holes(pages), tables_with_strays(pages)
    judged = []
    for form in doc.forms:
        own = [f for f in doc.findings if f.form_index == form.index]
        fits = find_fits(form, own)
        reasons = judge_form(form, own, holes, fits, strays)
        judged.append((form, own, reasons, _cells_to_reread(form, reasons, fits, own)))
    wanted = [item for *_, cells in judged for item in cells]
    if wanted and reader is not None:
        readings = iter(reader([cell for _, cell in wanted]))
        for i, (form, own, reasons, cells) in enumerate(judged):
            if not cells:
                continue
            _settle_cells(form, cells, [next(readings) for _ in cells])
            form.recomputed_total = recompute_total(form)
            own = validate_form(form) + [f for f in own if f.rule == LYING_FONT]
            judged[i] = (form, own, judge_form(form, own, holes, strays=strays), cells)
    findings: list[Finding] = []
    for form, own, reasons, _ in judged:
        apply_verdict(form, reasons)
        findings += review_findings(form, own, reasons)
    doc.findings = findings + [f for f in doc.findings if f.form_index is None]
    suspect = [f.index for f in doc.forms if f.verdict == "suspect"]
    if suspect and doc.status == "ok":
        doc.status = "partial"
        doc.error = (f"form{'s' if len(suspect) > 1 else ''} {', '.join(map(str, suspect))} may be misread "
                     "(see forms.verdict_reasons)")


# ---------------------------------------------------------------- second readings

def _cells_to_reread(form: Form, reasons: list[VerdictReason], fits: list[Fit],
                     findings: list[Finding] = ()) -> list[tuple[Slot, CellRead]]:
    """Cells the verdict doubts, cells a slip would explain a finding by, and the cells an
    accusation rests on (a row's weight and score, the stated 总分), weakest first (LATE_REREADS last)."""
    wanted: dict[Slot, CellRead] = {}
    for reason in reasons:
        if reason.kind != "misread" or reason.code not in REREAD_CODES:
            continue
        slot = Slot(reason.row_index, reason.field)
        cell = _cell(form, slot)
        if cell is not None and cell.second_text is None:
            wanted[slot] = cell
    for fit in fits:
        cell = fit.slot.read(form)
        if cell is not None and cell.second_text is None:
            wanted.setdefault(fit.slot, cell)
    for finding in findings:
        if finding.severity not in ACCUSING:
            continue
        for slot in _accused_slots(form, finding):
            cell = _cell(form, slot)
            if cell is not None and cell.second_text is None and cell.text.strip():
                wanted.setdefault(slot, cell)
    ranked = sorted(wanted.items(), key=lambda item: (item[0].field in LATE_REREADS, item[1].confidence))
    return ranked[:MAX_REREADS]


def _accused_slots(form: Form, finding: Finding) -> list[Slot]:
    """The number cells an accusation rests on: the 总分 of a sum, a row's weight and
    score, the 预算执行 block's figures for its arithmetic."""
    if finding.rule in SUM_RULES:
        return [Slot(None, "total")]
    if finding.row_index is not None:
        return [Slot(finding.row_index, f) for f in ("weight", "score")]
    if finding.rule in BUDGET_RULES:
        return budget_slots(form)
    return []


def _cell(form: Form, slot: Slot) -> CellRead | None:
    return slot.read(form)


def _settle_cells(form: Form, wanted: list[tuple[Slot, CellRead]], readings: list) -> None:
    for (slot, cell), second in zip(wanted, readings):
        if second is None:
            continue
        cell.second_text, cell.second_confidence, cell.second_method = second.text, second.confidence, second.method
        if (slot.field in NUMBER_EVIDENCE or slot.budget_field) and _better(form, slot, second.text, second.confidence):
            _adopt(form, slot, cell)


def _better(form: Form, slot: Slot, text: str, confidence: float) -> bool:
    """The second reading makes the form's checks close better and is itself confident."""
    value = parse_number(text)
    if value is None or confidence < ADOPT_CONFIDENCE or value == slot.value(form):
        return False
    base = broken_checks(validate_form(form))
    original = slot.value(form)
    slot.set(form, value)
    after = broken_checks(validate_form(form))
    slot.set(form, original)
    return base.improved_by(after)


def _adopt(form: Form, slot: Slot, cell: CellRead) -> None:
    """Take the second reading; the first is kept beside it (``second_*`` now hold the first)."""
    first_text, first_confidence, first_method = cell.text, cell.confidence, cell.method
    slot.set(form, parse_number(cell.second_text or ""))
    cell.text, cell.confidence, cell.method = cell.second_text or "", cell.second_confidence or 0.0, "ocr"
    cell.second_text, cell.second_confidence = first_text, first_confidence
    cell.second_method = f"adopted {cell.second_method}; first reading {first_text!r} by {first_method}"
    if slot.row_index is not None:
        row = form.indicators[slot.row_index]
        row.field_confidence[slot.field] = cell.confidence


# ---------------------------------------------------------------- findings in doubt

def review_findings(form: Form, findings: list[Finding], reasons: list[VerdictReason]) -> list[Finding]:
    """Accusations resting on a doubtful cell (or on sums of a misread table) become needs_review."""
    doubtful = {(r.row_index, r.field): r for r in reasons if r.kind == "misread" and _names_a_cell(r)}
    structural = [r for r in reasons if r.code in STRUCTURAL]
    lying_pages = {int(r.field[4:]): r for r in reasons if r.code == "TEXT_LAYER_DISAGREES"}
    throughout = _doubt_throughout(form, reasons)
    out = []
    for finding in findings:
        if finding.severity not in ACCUSING:
            out.append(finding)
            continue
        evidence = [doubtful[key] for key in _evidence(form, finding) if key in doubtful]
        if finding.page in lying_pages:
            evidence.append(lying_pages[finding.page])
        if evidence or (structural and finding.rule in SUM_RULES) or throughout:
            because = ([_describe(form, r) for r in evidence[:3]] or [_describe(form, r) for r in structural[:3]]
                       or [throughout])
            finding = finding.model_copy(update={
                "severity": "needs_review",
                "message": f"{finding.message} Needs review, not an error: it rests on a reading in doubt — "
                           + "; ".join(because) + ".",
            })
        out.append(finding)
    return out


#: Share of a form's rows with a doubtful cell from which no accusation on the form stands.
DOUBT_THROUGHOUT = 0.5


def _doubt_throughout(form: Form, reasons: list[VerdictReason]) -> str:
    """Why no accusation on the form can stand, or "" when the reading is sound enough.

    When most rows carry a doubtful cell (a fax that lost its thin strokes), the
    cells a finding rests on may read confidently and still be wrong — a lost
    "≤" leaves "2400元", read with confidence. The reading as a whole is in doubt.
    """
    rows = {r.row_index for r in reasons if r.kind == "misread" and r.row_index is not None}
    if not form.indicators or len(rows) < DOUBT_THROUGHOUT * len(form.indicators):
        return ""
    return f"{len(rows)} of {len(form.indicators)} rows of this form have a cell read in doubt"


def _names_a_cell(reason: VerdictReason) -> bool:
    """The reason is about one cell (a row's, the 总分, a 预算执行 figure), not a page or the table."""
    return reason.row_index is not None or reason.field == "total" or bool(Slot(None, reason.field).budget_field)


def _evidence(form: Form, finding: Finding) -> list[tuple[int | None, str]]:
    """The cells a finding rests on."""
    if finding.rule in SUM_RULES:
        keys = [(ind.row_index, f) for ind in form.indicators for f in ("weight", "score")]
        return keys + [(None, "total")]
    if finding.row_index is not None:
        return [(finding.row_index, f) for f in ROW_EVIDENCE]
    if finding.rule in BUDGET_RULES:
        return [(None, slot.field) for slot in budget_slots(form)]
    return []


def _describe(form: Form, reason: VerdictReason) -> str:
    where = Slot(reason.row_index, reason.field).label() if _names_a_cell(reason) else reason.field
    if reason.code == "TEXT_LAYER_DISAGREES" or reason.code in STRUCTURAL and reason.row_index is None:
        return f"{reason.code} {where}: {reason.detail}"
    cell = _cell(form, Slot(reason.row_index, reason.field)) if reason.field else None
    readings = f"read {reason.read!r}" if reason.read else ""
    if cell is not None:
        readings = f"read {cell.text.strip()!r} ({cell.method}, confidence {cell.confidence:.2f})"
        if cell.second_text is not None:
            readings += f", second reading {cell.second_text!r} ({cell.second_method})"
        else:
            readings += ", no second reading"
    hint = f", the form's checks close with {reason.fits!r}" if reason.fits and reason.code.startswith("MISREAD") else ""
    return f"{reason.code} {where}: {readings}{hint}".strip()
