"""The extraction verdict: was this form read right?

The validator asks whether a *form* is consistent; the verdict asks whether its
*reading* can be trusted, from the same evidence seen the other way round. A
form is ``suspect`` when any of these say the reader slipped:

- ``MISREAD_FITS``: one typical slip of one number cell (77 for 7, 105 for
  1.05, 8 for 3) closes two or more of the form's own checks (see
  :mod:`misreads`); a second reading that agrees with the first turns it into
  the form's own error (``FORM_DISCREPANCY``) when it can vouch for it (a text
  layer read again, or a sure OCR second reading), a different one decides;
- ``MISREAD_POSSIBLE``: such a slip closes one check, and the cell was read by
  OCR with less than ``SURE_CONFIDENCE``, without a second reading to settle it;
- ``LOW_CONFIDENCE_CELL``: the reader's own confidence below
  ``LOW_CONFIDENCE_THRESHOLD``, not confirmed by a second reading that can vouch
  (a text layer read again, or an OCR reading of ``SURE_CONFIDENCE``);
- ``WEIGHT_FROM_CONTEXT`` / ``SIGN_FROM_OUTCOME``: a value not read but chosen
  from the form's own context (``Indicator.from_context``): a lost 分值 is what
  its group's or the total's points leave, a fax target's blot that leans
  neither way takes the sign the row's outcome asks for. Either would let the
  form's figures confirm themselves; a sign a sure second reading sees is read;
- ``BUDGET_POINTS_UNREAD``: the 预算执行 item's header or money line names its 分值/得分 but the
  points were not read (a fax's garbled money line): the sums miss them, and the weights and total are
  not accused of what the lost item explains;
- ``LEVEL_BY_VOCABULARY``: a group cell under the heading 一级指标 that names no 二级
  group, taken for the 二级 because the table's other rows hold 二级 names there (a table
  headed one level up, see :mod:`jixiao.pipeline.assembly.shifted_levels`);
- ``FIGURE_BY_GRAMMAR``: a 分值/得分 a fax's reader read as one or two characters
  that make no number ("h", "Ió"), taken as the recogniser's likeliest plain
  number for the cell's ink: a figure the glyphs did not show plainly;
- ``WEIGHT_BY_POSITION``: a 分值 read in the column just left of 得分 whose
  heading named no role (a seal over it): the column was taken as the weights
  for its place, which no second reading of the figure can confirm;
- ``ROLE_BY_CONTENTS``: a value read in a column whose heading was unreadable, its
  role (指标性质, 度量单位, 一级指标) taken from what its body cells hold and where it sits;
- ``REREAD_DISAGREES``: two readings of a cell differ and neither makes the form
  add up better;
- ``TEXT_LAYER_DISAGREES``: on a page read from its text layer, a confident OCR
  reading of a cell differs from the layer's text: the layer lies, and every
  figure of the page is in doubt;
- ``NOT_A_NUMBER`` / ``IMPLAUSIBLE_VALUE``: a weight or score cell (or the total row's printed 得分) whose text is
  not a number, or a number no form prints there (below zero, above 100, above its group);
- ``MISSING_CELL`` / ``MERGED_CELL``: a row without the score (weight) nearly
  every other row has (a printed "/" is read, not missing), a figure under a
  split target's 指标性质 column without its sign, a target column lost on
  every row while the actuals are read (on a table read off an image, however
  short: one row leaves its sums nothing to catch a lost 分值 or 得分 with), no
  row naming its 一级指标 (the label column lost), two fields of a row read
  out of one cell, or a row's name, target and actual read as one cell that
  still carries a 分值/得分 figure, or a figure read off an image with its
  column's header label before it: a rule was lost and the cell merged with its
  neighbour, or the cell was lost (see :mod:`cell_doubts`);
- ``IMPLAUSIBLE_NAME`` / ``UNMAPPED_NAME``: an indicator name that is not text
  a form prints (symbols, character pairs no form uses), a 一级 name that maps
  onto nothing in the schema;
- ``TOTAL_READ_AS_ROW``: a row worth half the form's points or more whose weight and
  score are the sums of every other row's, on a form that with it holds more than its
  full marks: the 合计 row read as an indicator (its label lost), the stated total with
  it (see :mod:`cell_doubts`);
- ``NO_INDICATOR_ROWS``: a form from which no indicator row was read that is no
  narrative report (no 报告 in its title, no total stated in its prose);
- ``IMPLAUSIBLE_UNIT``: a target or actual whose unit is neither made of measure
  and counting words nor a measure word + a counted noun ("≥80记元" for
  "≥80万元"; "三场回访" is a count), see :mod:`jixiao.normalizers.units`; or a row read
  by OCR whose target or actual is a per-mille beside a figure in another unit (a ring of a
  sign gained or lost);
- ``UNIT_NAME_DOUBT``: the form's unit (the office it is about, which every
  reviewer filters on) read by OCR with less than ``LOW_CONFIDENCE_THRESHOLD``,
  a name not shaped like an office's counting as such (assembly caps its
  confidence): a fax's "区" or a cell read with the label after it. A text
  layer's unit is what the file says, and raises no doubt here;
- ``GRID_HOLE``: grid positions of the indicator table that no cell covers: a
  row or cell the reader dropped;
- ``SEAM_COLUMN_LOST``: a table joined from a print's spilled pages left text within
  the form's indicator rows but outside its cells at a seam, in two of them (a form
  of one row: in its one): a column the page's edge cut, ruled on neither page, is
  missing from the rows (see :func:`jixiao.pipeline.assembly.spill_seams.strays_at_seams`);
- ``RULE_MENDED``: a cell beside a rule lost under a seal or a shadow and restored
  from the table's geometry (the damage may reach past the rule);
- ``LABEL_SPAN_DOUBT``: a merged 一级/二级 label of a table without rules across
  its column sits off the rows it was given (a label was lost and its rows fell
  to a neighbour): the rows' names are in doubt (see
  :func:`jixiao.extractors.inferred_grid._misplaced_labels`); or a 一级 name
  runs on from its own 二级 groups into groups the schema files under another
  一级 (see :mod:`name_doubts`).

Discrepancies that no slip explains are kept as ``FORM_DISCREPANCY`` reasons of
kind ``form`` (the form is wrong, not the reading) and leave the verdict ``ok``;
``REREAD_CORRECTED`` (kind ``note``) records a cell a second reading changed.
"""
from __future__ import annotations

import re

from jixiao.models.finding import Finding
from jixiao.models.form import (BUDGET_POINTS_UNREAD, FIGURE_BY_GRAMMAR, LABEL_FROM_BELOW, LEVEL_BY_VOCABULARY,
                                 NAME_BY_STRUCTURE, ROLE_BY_CONTENTS, SIGN_FROM_OUTCOME, UNIT_FROM_PARTNER, WEIGHT_BY_POSITION, WEIGHT_FROM_CONTEXT,
                                 CellRead, Form, VerdictReason)
from jixiao.models.page import PageContent, PageTable
from jixiao.normalizers.units import implausible_unit
from jixiao.normalizers.value_parsing import parse_number, parse_value
from jixiao.pipeline.assembly.spill_seams import MIN_STRAY_ROWS, rows_held
from jixiao.pipeline.validation.cell_doubts import cell_reasons, squash
from jixiao.pipeline.validation.misreads import BUDGET_PREFIX, RULE_FAMILY, Fit, Slot, find_fits
from jixiao.pipeline.validation.name_doubts import name_reasons
from jixiao.pipeline.validation.rules.confidence import LOW_CONFIDENCE_THRESHOLD

#: An OCR reading below this is not sure enough to let a one-check slip pass unread.
SURE_CONFIDENCE = 0.95
#: Rules whose findings rest on many cells: sums of weights, scores and the total
#: (a repeated row is judged a copy or not by whether the weights add to 100).
SUM_RULES = frozenset({"TOTAL_MISMATCH", "TOTAL_EXCLUDES_BUDGET", "WEIGHTS_NOT_100", "SUBTOTAL_MISMATCH",
                       "DUPLICATE_ROW"})
#: Reasons that say the table's structure was misread (a row or a cell lost).
STRUCTURAL = frozenset({"GRID_HOLE", "SEAM_COLUMN_LOST", "MISSING_CELL", "MERGED_CELL"})


def verdict_of(reasons: list[VerdictReason]) -> str:
    return "suspect" if any(r.kind == "misread" for r in reasons) else "ok"


def judge_form(form: Form, findings: list[Finding], holes: list[tuple[int, float]] = (),
               fits: list[Fit] | None = None, strays: list[PageTable] = ()) -> list[VerdictReason]:
    """Every reason to doubt the reading of one form (and the form's own discrepancies); ``holes`` and
    ``strays`` are the document's (:func:`grid_holes`, :func:`tables_with_strays`)."""
    if fits is None:
        fits = find_fits(form, findings)
    # Whole-table doubts first: they say most about the reading.
    reasons = _no_rows_reasons(form) + _text_layer_reasons(form) + _hole_reasons(form, holes)
    reasons += _seam_reasons(form, strays)
    reasons += _fit_reasons(form, fits)
    reasons += _confidence_reasons(form)
    reasons += _span_reasons(form) + _mended_rule_reasons(form)
    reasons += cell_reasons(form)
    reasons += name_reasons(form)
    reasons += _unit_reasons(form) + _lone_per_mille_reasons(form)
    reasons += _office_name_reasons(form)
    reasons += _reread_notes(form)
    reasons += _context_reasons(form) + _budget_points_reasons(form)
    blamed = {(r.row_index, r.field, r.fits) for r in reasons if r.code.startswith("MISREAD")}
    explained = {key[:3] for fit in fits if (fit.slot.row_index, fit.slot.field, fit.fits) in blamed
                 for key in fit.closed}
    reasons += [VerdictReason(code="FORM_DISCREPANCY", kind="form", row_index=f.row_index, field=f.rule,
                              detail=f.message)
                for f in findings if f.severity in ("error", "warning") and
                (RULE_FAMILY.get(f.rule, f.rule), f.row_index, f.indicator) not in explained]
    return _deduplicated(reasons)


def apply_verdict(form: Form, reasons: list[VerdictReason]) -> None:
    form.verdict_reasons = reasons
    form.verdict = verdict_of(reasons)  # type: ignore[assignment]


# ---------------------------------------------------------------- slips that close checks

def _settled(cell: CellRead | None) -> bool:
    """A second reading agreed with the first (the cell's final text: a value read again in its row's
    context keeps that text), sign included: "2400人次" does not confirm "≥2400人次"."""
    return (cell is not None and cell.second_text is not None and _same_reading(cell.text, cell.second_text)
            and _sign(cell.text) == _sign(cell.second_text))


def _vouched(cell: CellRead | None) -> bool:
    """A second reading agreed with the first and can vouch for it.

    Agreement is evidence only when the readings are not one slip made twice: a text
    layer read again from the glyphs is an independent look, and so is an OCR second
    reading the recogniser itself is sure of (SURE_CONFIDENCE). Two unsure OCR readings
    of one cell (0.82, then 0.52; or 0.85 twice) repeat the same slip — a grey seal's
    stroke through a 7 reads 1 at any resolution — so a slip that closes the form's
    checks still explains them, and an unsure cell stays in doubt.
    """
    return _settled(cell) and (cell.method != "ocr" or (cell.second_confidence or 0.0) >= SURE_CONFIDENCE)


def _same_reading(a: str, b: str) -> bool:
    na, nb = parse_number(a), parse_number(b)
    if na is not None or nb is not None:
        return na == nb
    return squash(a) == squash(b)


def _sign(text: str) -> str:
    """The way a reading's comparison points, as the value parser reads it (a sign, or words such as
    不低于 and 以上; "" for none): ">" and "≥" are one way, for a lost under-bar is no other reading."""
    op = parse_value(text).op or ""
    return {">": ">=", "<": "<="}.get(op, op)


def _fit_reasons(form: Form, fits: list[Fit]) -> list[VerdictReason]:
    reasons = []
    for fit in fits:
        cell = fit.slot.read(form)
        closes = ", ".join(sorted({key[0] for key in fit.closed}))
        if _vouched(cell):
            reasons.append(VerdictReason(
                code="FORM_DISCREPANCY", kind="form", row_index=fit.slot.row_index, field=fit.slot.field,
                read=fit.read, fits=fit.fits,
                detail=f"{fit.fits} would close {closes}, but a second reading ({cell.second_method}) "
                       f"also reads {cell.second_text}: the form prints it"))
        elif fit.strong:
            reasons.append(VerdictReason(
                code="MISREAD_FITS", row_index=fit.slot.row_index, field=fit.slot.field,
                read=fit.read, fits=fit.fits, detail=f"reading {fit.fits} closes {closes}"))
        elif cell is not None and cell.method == "ocr" and cell.confidence < SURE_CONFIDENCE:
            reasons.append(VerdictReason(
                code="MISREAD_POSSIBLE", row_index=fit.slot.row_index, field=fit.slot.field,
                read=fit.read, fits=fit.fits,
                detail=f"OCR confidence {cell.confidence:.2f}; reading {fit.fits} closes {closes}"))
    return reasons


#: Titles of narrative reports: the only forms that may hold no indicator row.
REPORT_TITLE = re.compile(r"报告")


def _no_rows_reasons(form: Form) -> list[VerdictReason]:
    """A form from which no indicator row was read, unless it is a narrative report
    (its title says 报告, or its prose states the total)."""
    from jixiao.normalizers.names import to_simplified

    if form.indicators:
        return []
    title = to_simplified(form.title)
    if REPORT_TITLE.search(title) or (form.kind == "narrative_report" and form.stated_total is not None):
        return []
    shown = f"{form.title} " if form.title else "a form without a title "
    return [VerdictReason(code="NO_INDICATOR_ROWS", field="table",
                          detail=f"{shown}is no narrative report, but no indicator row was read")]


# ---------------------------------------------------------------- the reader's own doubts

def _cells(form: Form) -> list[tuple[int | None, str, CellRead]]:
    """Every cell kept for the verdict: the rows', the stated 总分 and the 预算执行 block's figures."""
    out = [(ind.row_index, name, cell) for ind in form.indicators for name, cell in ind.cells.items()]
    if form.stated_total_cell is not None:
        out.append((None, "total", form.stated_total_cell))
    if form.budget is not None:
        out += [(None, BUDGET_PREFIX + name, cell) for name, cell in form.budget.cells.items()]
    return out


def _confidence_reasons(form: Form) -> list[VerdictReason]:
    reasons = []
    for row_index, name, cell in _cells(form):
        if cell.span_doubtful or cell.confidence >= LOW_CONFIDENCE_THRESHOLD or not cell.text.strip() or _vouched(cell):
            continue
        second = f"; second reading {cell.second_text!r} ({cell.second_method})" if cell.second_text is not None else ""
        reasons.append(VerdictReason(code="LOW_CONFIDENCE_CELL", row_index=row_index, field=name,
                                     read=cell.text.strip(), detail=f"confidence {cell.confidence:.2f}{second}"))
    return reasons


#: What each value chosen from the form's context (Indicator.from_context) is, in words.
CONTEXT_WORDS = {
    WEIGHT_FROM_CONTEXT: "the 分值 was not read: it is what the form's points leave for it, so the sums it "
                         "came from cannot confirm it",
    SIGN_FROM_OUTCOME: "the target's sign was not read (a blot, or unread ink a sign wide, showing no direction): "
                       "the row's outcome chose it, so the row's outcome cannot be checked against it",
    WEIGHT_BY_POSITION: "the 分值 column's heading was not read: the column left of 得分 was taken as the "
                        "weights for its place, so its figures may be another column's",
    LEVEL_BY_VOCABULARY: "the group cell, headed 一级指标, names no 二级 group as the schema spells one: it "
                         "was taken for the 二级 because the table's other rows hold 二级 names there",
    FIGURE_BY_GRAMMAR: "the figure was read as no number (a lone digit a fax thinned): it is the recogniser's "
                       "likeliest plain number for the cell's ink, which the glyphs did not show plainly",
    ROLE_BY_CONTENTS: "the column's heading was not read: its role was taken from what its cells hold and "
                      "where it sits, so the value may be another column's",
    LABEL_FROM_BELOW: "the group name was not read on this row: it is the name printed below it in its group "
                      "(a merged cell read in its lower rows), which the row itself did not show",
    NAME_BY_STRUCTURE: "the group name was not read whole, or as no name its place allows: it is the schema's "
                       "name the form's other groups leave for it, which the glyphs did not show",
    UNIT_FROM_PARTNER: "the unit word was not read (ink past the number the fax thinned): it is the row "
                       "partner's, which the page did not confirm",
}


def _context_reasons(form: Form) -> list[VerdictReason]:
    """Values the project chose from the form's own context, not read: each leaves the form in doubt,
    unless a second reading saw the value itself (a sign chosen by the outcome that the glyphs show)."""
    reasons = []
    for ind in form.indicators:
        for name in ind.from_context:
            cell = ind.cells.get(name)
            text = cell.text.strip() if cell is not None else ""
            value = getattr(ind, name)
            chosen = f"{value:g}" if isinstance(value, float) else value if isinstance(value, str) \
                else getattr(value, "raw", "")
            for code in ind.context_codes(name):
                if code == SIGN_FROM_OUTCOME and _vouched(cell):
                    continue
                reasons.append(VerdictReason(code=code, row_index=ind.row_index, field=name, read=text,
                                             fits=chosen, detail=CONTEXT_WORDS.get(code, code)))
    return reasons


def _budget_points_reasons(form: Form) -> list[VerdictReason]:
    """A 预算执行 item printed with points that were not read: the form's sums cannot be checked, so its
    reading is not confirmed by them."""
    if not form.budget_points_unread:
        return []
    return [VerdictReason(code=BUDGET_POINTS_UNREAD, field="budget",
                          detail="the 预算执行 item prints points that were not read: the form's sums lack them")]


def _span_reasons(form: Form) -> list[VerdictReason]:
    """Rows whose 一级/二级 name came from a label placed off them: its text may be read
    right and still name the wrong rows, so a second reading cannot settle it."""
    return [VerdictReason(code="LABEL_SPAN_DOUBT", row_index=row_index, field=name, read=cell.text.strip(),
                          detail="the merged label sits off the rows it was given; a label may have been lost")
            for row_index, name, cell in _cells(form) if cell.span_doubtful]


def _mended_rule_reasons(form: Form) -> list[VerdictReason]:
    """Cells beside a rule restored from the table's geometry: the seal or shadow that took
    the rule may have taken or added ink nearby (a seal's remnant read as a digit), which
    no check of the form's figures need notice once the cells are apart again."""
    return [VerdictReason(code="RULE_MENDED", row_index=row_index, field=name, read=cell.text.strip(),
                          detail="a rule lost under a seal or a shadow was restored beside this cell")
            for row_index, name, cell in _cells(form) if cell.rule_mended]


def _reread_notes(form: Form) -> list[VerdictReason]:
    """Second readings that differed from the first: corrections, or doubts left open."""
    reasons = []
    for row_index, name, cell in _cells(form):
        if cell.second_text is None or _same_reading(cell.text, cell.second_text):
            continue
        if cell.second_method.startswith("adopted"):
            continue
        reasons.append(VerdictReason(
            code="REREAD_DISAGREES", row_index=row_index, field=name, read=cell.text.strip(),
            fits=cell.second_text, detail=f"second reading ({cell.second_method}) differs; neither closes "
                                           "the form's checks better"))
    for row_index, name, cell in _cells(form):
        if cell.second_method.startswith("adopted"):
            reasons.append(VerdictReason(
                code="REREAD_CORRECTED", kind="note", row_index=row_index, field=name,
                read=cell.second_text or "", fits=cell.text.strip(),
                detail=f"{cell.second_method}: the second reading closes the form's checks"))
    return reasons


#: An OCR second reading this sure, against a text-layer first reading, shows the layer lies.
LAYER_DOUBT_CONFIDENCE = 0.9


def _text_layer_reasons(form: Form) -> list[VerdictReason]:
    """Pages whose text layer the glyphs contradict: a confident OCR reading of a cell
    differs from its text-layer reading. Every figure of such a page is in doubt."""
    pages: dict[int, list[str]] = {}
    for row_index, name, cell in _cells(form):
        first_method = "text" if "first read by text layer" in cell.second_method else cell.method
        if cell.second_method.startswith("adopted"):
            first_method = "text" if "by text" in cell.second_method else "ocr"
        if cell.second_text is None or first_method != "text" or (cell.second_confidence or 0) < LAYER_DOUBT_CONFIDENCE:
            continue
        if not _same_reading(cell.text, cell.second_text):
            where = Slot(row_index, name).label()
            pages.setdefault(cell.page, []).append(f"{where} {cell.text.strip()!r} vs {cell.second_text!r}")
    return [VerdictReason(code="TEXT_LAYER_DISAGREES", field=f"page{page}",
                          detail=f"{len(cells)} cell(s) read otherwise from the glyphs: " + "; ".join(cells[:3]))
            for page, cells in sorted(pages.items())]


def _unit_reasons(form: Form) -> list[VerdictReason]:
    reasons = []
    for ind in form.indicators:
        for field in ("target", "actual"):
            value = getattr(ind, field)
            why = implausible_unit(value.unit)
            if why:
                reasons.append(VerdictReason(code="IMPLAUSIBLE_UNIT", row_index=ind.row_index, field=field,
                                             read=value.raw, detail=why))
    return reasons


PER_MILLE = "‰"


def _lone_per_mille_reasons(form: Form) -> list[VerdictReason]:
    """A row, read by OCR, whose target or actual is a per-mille while the other is a figure in
    another unit (a percentage, a bare number): a form states a rate and its outcome in one unit.
    The recogniser reads "‰" as the "%0" that is repaired to it, and a speck after "96%" reads the
    same; or it drops the sign's extra ring. Either way one of the two signs is in doubt (a zero
    needs no unit)."""
    reasons = []
    for ind in form.indicators:
        if not any(cell is not None and cell.method == "ocr"
                   for cell in (ind.cells.get("target"), ind.cells.get("actual"))):
            continue
        for field, other in (("target", ind.actual), ("actual", ind.target)):
            value = getattr(ind, field)
            if value.unit != PER_MILLE or other.value is None or other.unit == PER_MILLE:
                continue
            if other.value == 0 and not other.unit:
                continue
            reasons.append(VerdictReason(code="IMPLAUSIBLE_UNIT", row_index=ind.row_index, field=field,
                                         read=value.raw, detail=f"a per-mille beside {other.raw.strip()!r} "
                                                                "in one row: a ring of a sign gained or lost"))
    return reasons


def _office_name_reasons(form: Form) -> list[VerdictReason]:
    """The form's unit as OCR read it, when the reader was unsure of it or it is no office's name."""
    cell = form.unit_cell
    if cell is None or cell.method != "ocr" or cell.confidence >= LOW_CONFIDENCE_THRESHOLD:
        return []
    return [VerdictReason(code="UNIT_NAME_DOUBT", field="unit", read=form.unit,
                          detail=f"the form's unit read by OCR with confidence {cell.confidence:.2f} "
                                 f"from {cell.text.strip()!r}")]


# ---------------------------------------------------------------- structure

def grid_holes(pages: list[PageContent]) -> list[tuple[int, float]]:
    """(page, y) of each table row with grid positions no cell covers.

    Readers give every position of a ruled grid to a cell (merged blocks cover
    theirs); a position left bare means a cell the reader lost.
    """
    holes = []
    for page in pages:
        for table in page.tables:
            covered = {(r, k) for c in table.cells for r in range(c.row, c.row + c.rowspan)
                       for k in range(c.col, c.col + c.colspan)}
            tops = {}
            for c in table.cells:
                tops.setdefault(c.row, c.bbox[1])
                tops.setdefault(c.row + c.rowspan, c.bbox[3])
            for r in range(table.n_rows):
                if any((r, k) not in covered for k in range(table.n_cols)):
                    y = tops.get(r, tops.get(r + 1, table.bbox[1]))
                    holes.append((table.page, y))
    return holes


def _hole_reasons(form: Form, holes: list[tuple[int, float]]) -> list[VerdictReason]:
    reasons = []
    for page, y in holes:
        rows = [i for i in form.indicators if i.provenance.page == page and i.provenance.bbox]
        if not rows:
            continue
        top = min(i.provenance.bbox[1] for i in rows)
        bottom = max(i.provenance.bbox[3] for i in rows)
        if top - 1 <= y <= bottom + 1:
            reasons.append(VerdictReason(code="GRID_HOLE", field=f"page{page}",
                                         detail=f"grid positions at y={y:.0f} pt on page {page} hold no cell"))
    return reasons


def tables_with_strays(pages: list[PageContent]) -> list[PageTable]:
    """The tables joined from a print's spilled pages that left text beyond their seams (PageTable.seam_strays)."""
    return [table for page in pages for table in page.tables if table.seam_strays]


def _seam_reasons(form: Form, tables: list[PageTable]) -> list[VerdictReason]:
    """A form read from a table whose spilled parts left a column's text outside its cells, in rows enough of
    the form's indicator rows (a spilled part's rows lie where its table's do): the rows lack that column, or
    took another's in its place, and their sums may close all the same. Strays beside the budget block or a
    heading alone leave the indicators whole."""
    reasons = []
    for table in tables:
        boxes = [i.provenance.bbox for i in form.indicators if i.provenance.page == table.page and i.provenance.bbox
                 and table.bbox[1] - 1 <= i.provenance.bbox[1] <= table.bbox[3] + 1]
        if not boxes:
            continue
        top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
        strays = [ln for ln in table.seam_strays if top <= (ln.bbox[1] + ln.bbox[3]) / 2 <= bottom]
        if rows_held(strays) < min(MIN_STRAY_ROWS, len(boxes)):  # a form of one row has one to lose
            continue
        pages = sorted({ln.page for ln in strays})
        shown = ", ".join(repr(ln.text) for ln in strays[:4])
        reasons.append(VerdictReason(
            code="SEAM_COLUMN_LOST", field=f"page{table.page}",
            detail=f"{len(strays)} lines on page(s) {', '.join(map(str, pages))} ({shown} …) lie within the "
                   f"indicator rows of the table joined from the print's spilled pages but in none of its cells: "
                   f"a column the page's edge cut, ruled on neither page, is missing from the rows"))
    return reasons


def _deduplicated(reasons: list[VerdictReason]) -> list[VerdictReason]:
    seen, out = set(), []
    for r in reasons:
        key = (r.code, r.row_index, r.field, r.read, r.fits)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def slot_cell(form: Form, slot: Slot) -> CellRead | None:
    return slot.read(form)
