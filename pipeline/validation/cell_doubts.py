"""Cells implausible for their column: the verdict's doubts about single cells.

A form's columns say what their cells hold: a 分值/得分 column holds numbers from
zero to the form's 100 points or their group's weight; nearly every row
has its weight and score; each field has a cell of its own; and where the target
is split over 指标性质 | 指标值 | 度量单位, a figure under 指标值 comes with its
comparison sign. A cell that breaks its column's rule was (most likely)
misread, lost, or merged with a neighbour by the reader.

What a form *prints* is a reading, not a loss: a "/" or "—" in a weight cell is
read, and a template row the office marked as not applicable ("/" as its target
and actual, nothing in its weight and score) has no weight to lose.
"""
from __future__ import annotations

import re
import unicodedata

from jixiao.models.form import Form, Indicator, VerdictReason
from jixiao.normalizers.value_parsing import EMPTY_MARKS
from jixiao.pipeline.assembly.columns import role_of
from jixiao.pipeline.assembly.operator_cells import is_operator_cell
from jixiao.pipeline.assembly.stated_figures import GRADE_WORDS
from jixiao.pipeline.validation.context import FULL_MARKS, SCORED_KINDS
from jixiao.pipeline.validation.nested_weights import weights_nested

#: A figure whose decimal point no digit follows, at the end of the cell or before its percent sign
#: ("93.%", "95."): no form prints one, and a reader that lost a thin digit after the point leaves it.
_DANGLING_POINT = re.compile(r"\d\.(?=\s*[%‰]?\s*$)")
#: A row lacks a cell "nearly every other row has" when this share of rows has it.
MISSING_SHARE = 0.8
#: On a table read off an image whose header names the column, half the rows having the figure is
#: enough for a row that reads the pair's other figure: a blank there is more often lost than left (a
#: photo lost three of fourteen 分值 under a shadow, every one of those rows scored, and the form came
#: out `ok`).
IMAGE_MISSING_SHARE = 0.5
#: Rows a text-layer form needs before a column empty on every row, or a row without the figure
#: the others have, says a cell was lost: a file's empty cells are what it holds, and on a table of
#: one or two rows they are as likely left blank as lost.
MIN_ROWS_FOR_A_LOST_COLUMN = 3


def cell_reasons(form: Form) -> list[VerdictReason]:
    """Every doubt about a single cell of the form's indicator rows."""
    return (_value_reasons(form) + _unparsed_total(form) + _dangling_point_reasons(form) + _missing_cell_reasons(form)
            + _lost_sign_reasons(form) + _lost_target_column(form) + _lost_score_column(form)
            + _lost_weight_column(form) + _lost_level1_column(form) + _lost_level3_names(form)
            + _total_read_as_row(form)
            + _merged_figure_rows(form) + _header_read_into_cell(form))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _value_reasons(form: Form) -> list[VerdictReason]:
    reasons = []
    nested = weights_nested(form.indicators)
    for ind in form.indicators:
        for name in ("weight", "score"):
            cell = ind.cells.get(name)
            text = cell.text.strip() if cell else ""
            value = getattr(ind, name)
            if text and value is None and squash(text) not in EMPTY_MARKS:
                reasons.append(VerdictReason(code="NOT_A_NUMBER", row_index=ind.row_index, field=name, read=text))
            elif value is not None and (why := _implausible(ind, name, value, nested)):
                reasons.append(VerdictReason(code="IMPLAUSIBLE_VALUE", row_index=ind.row_index, field=name,
                                             read=text or str(value), detail=why))
    return reasons


def _unparsed_total(form: Form) -> list[VerdictReason]:
    """The total row prints a 总分 the reader could not parse: the form's stated score is unknown,
    not absent, and every check against it is skipped — an auditor must see that, not a quiet gap."""
    cell = form.stated_total_cell
    if form.stated_total is not None or cell is None or squash(cell.text) in EMPTY_MARKS \
            or squash(cell.text) in GRADE_WORDS:
        return []  # a grade printed where the score would be states no score to misread
    return [VerdictReason(code="NOT_A_NUMBER", field="total", read=cell.text.strip(),
                          detail="the total row's 得分 is printed but reads as no number")]


def _dangling_point_reasons(form: Form) -> list[VerdictReason]:
    """A target or actual read off an image whose figure ends in a bare decimal point: a digit after
    it was lost (a light pen's 4 in "93.4%"). Only image readings: a text layer's "95." is the
    form's own typing, not the reader's slip."""
    return [VerdictReason(code="IMPLAUSIBLE_VALUE", row_index=ind.row_index, field=name, read=cell.text.strip(),
                          detail="a decimal point with no digit after it: a digit was lost")
            for ind in form.indicators for name in ("target", "actual")
            if (cell := ind.cells.get(name)) is not None and cell.method == "ocr"
            and _DANGLING_POINT.search(squash(cell.text))]


#: Words naming a row of bonus and deduction points (the schema's 加减分项 and its aliases 加分项/扣分项).
ADJUSTMENT_WORDS = ("加减分", "加分", "扣分", "减分")


def _implausible(ind: Indicator, name: str, value: float, nested: bool = False) -> str:
    """Why a weight or score cannot be as read; a form of nested shares (nested_weights) weighs a row
    against its 二级 only, its 一级 weight being the group's share of the 100."""
    if value < 0 and not _adjustment(ind):  # a seal's stroke or a rule's stub read as a minus ("-80" for 10)
        return f"{name} {value:g} below zero: no form prints a negative 分值 or 得分 outside a 加减分 row"
    if value > FULL_MARKS:
        return f"{name} {value:g} above the form's 100 points"
    groups = (("二级", ind.level2_weight),) if nested else (("一级", ind.level1_weight), ("二级", ind.level2_weight))
    for level, group in groups:
        if group is not None and value > group + 1e-6 and group > 0:
            return f"{name} {value:g} above its {level} weight {group:g}"
    return ""


def _adjustment(ind: Indicator) -> bool:
    """A 加减分 row (the schema's L1.adjustment) may print a deduction as a negative score."""
    names = (ind.level1, ind.level1_raw, ind.level2, ind.level2_raw, ind.level3, ind.level3_raw)
    return any(word in (name or "") for name in names for word in ADJUSTMENT_WORDS)


def printed_blank(row: Indicator, name: str) -> bool:
    """The form prints an empty mark ("/", "—", "无") in the cell: read, not lost."""
    cell = row.cells.get(name)
    text = squash(cell.text) if cell is not None else ""
    return bool(text) and text in EMPTY_MARKS


def not_applicable(row: Indicator) -> bool:
    """A template row the office marked as not applicable: no weight, no score, and "/"
    (or "—", "无") printed as its target and its actual. Its blank weight and score
    were never printed, so they are not lost."""
    return row.weight is None and row.score is None and all(printed_blank(row, f) for f in ("target", "actual"))


def _missing_cell_reasons(form: Form) -> list[VerdictReason]:
    """A row lacking the weight or score nearly every other row of the form has, or
    reading two of its fields out of one cell (a lost rule merged them)."""
    rows = form.indicators
    reasons = [VerdictReason(code="MERGED_CELL", row_index=r.row_index, field="/".join(fields),
                             read=r.cells[fields[0]].text.strip(), detail="one cell read for " + " and ".join(fields))
               for r in rows for fields in [_shared_fields(r)] if fields]
    for name, partner in (("score", "weight"), ("weight", "score")):
        having = sum(getattr(r, name) is not None for r in rows)
        held = _column_held_to(form, name, having)
        partnered = held or _partnered_column_off_image(form, name, having)
        if not partnered:
            continue
        for r in rows:
            if getattr(r, name) is None and not printed_blank(r, name) and not not_applicable(r) \
                    and (getattr(r, partner) is not None or (held and r.level3_raw)):
                reasons.append(VerdictReason(code="MISSING_CELL", row_index=r.row_index, field=name,
                                             detail=f"{having} of {len(rows)} rows have a {name}"))
    return reasons


def _column_held_to(form: Form, name: str, having: int) -> bool:
    """Whether a row's empty ``name`` cell is a loss: from three rows on, when nearly every other
    row has the figure; on a shorter table read off an image, whenever its header names the column
    (one or two rows give no share to go by, and the form's sums too little to catch the loss)."""
    rows = form.indicators
    if len(rows) >= MIN_ROWS_FOR_A_LOST_COLUMN:
        return having >= MISSING_SHARE * len(rows)
    return form.method == "ocr" and having > 0 and name in form.header_roles


def _partnered_column_off_image(form: Form, name: str, having: int) -> bool:
    """Whether, on a table read off an image whose header names the column, half its rows have the figure:
    there a row reading the other figure of the pair (a score without its weight) lost this one, though
    rows printing neither (a form scoring some rows only) are no loss."""
    return form.method == "ocr" and name in form.header_roles and having >= IMAGE_MISSING_SHARE * len(form.indicators)


def _shared_fields(row: Indicator) -> list[str]:
    """Fields of a row read from one and the same cell (empty when each has its own). A 三级 name
    sharing its cell with a value counts (the rule between the name and the target lost: both read
    "生活垃圾回收利用率≥60%" on a fresh stamped scan, `ok`); names sharing a cell with each other do
    not (a 二级 cell spanning the 三级 column is how forms print a group of one)."""
    by_box: dict[tuple, list[str]] = {}
    for name in ("level3", "target", "actual", "weight", "score"):
        cell = row.cells.get(name)
        if cell is not None and cell.bbox is not None and cell.text.strip():
            by_box.setdefault((cell.page, cell.bbox), []).append(name)
    return next((names for names in by_box.values() if len(names) > 1), [])


def _lost_sign_reasons(form: Form) -> list[VerdictReason]:
    """A figure under 指标值 whose 指标性质 cell reads blank: the sign (≥ ≤ =) was lost.

    Where a form splits the target, 指标性质 is what says which way the figure
    counts; offices leave it blank only beside qualitative targets ("有效"). A
    thin "=" or "≥" is the first thing a scan at low resolution loses, and
    without it the row is judged in the wrong direction.
    """
    reasons = []
    for ind in form.indicators:
        cell = ind.cells.get("target_op")
        if cell is None or squash(cell.text) or ind.target.value is None or is_operator_cell(ind.target.raw[:1]):
            continue
        reasons.append(VerdictReason(code="MISSING_CELL", row_index=ind.row_index, field="target_op",
                                     read=ind.target.raw,
                                     detail="the 指标性质 cell beside this figure reads blank: its sign was lost"))
    return reasons


def _lost_target_column(form: Form) -> list[VerdictReason]:
    """Actual values read on nearly every row but no target on any: the 年度指标值 column was lost.

    A self-assessment compares each 实际完成值 with its 年度指标值; a form that
    prints the one prints the other. When the reader finds actuals but not a
    single target cell, the target column's header or rules were not seen (a
    photo squared badly, a faint rule), and every achievement check is silently
    skipped: the form would read as consistent because nothing could be compared.
    """
    rows = form.indicators
    if form.kind == "target_declaration" or len(rows) < 3:
        return []
    with_actual = sum(bool(r.actual.raw.strip()) for r in rows)
    if with_actual < MISSING_SHARE * len(rows) or any(r.target.raw.strip() for r in rows):
        return []
    return [VerdictReason(code="MISSING_CELL", field="target",
                          detail=f"{with_actual} of {len(rows)} rows have an actual value but none a target: "
                                 "the target column was not found")]


def _lost_score_column(form: Form) -> list[VerdictReason]:
    """Weights and actual values read on nearly every row but a score on none: the 得分 column was lost.

    A self-assessment that prints each row's 分值 and 实际完成值 scores the row beside them; a
    table whose right-hand columns the reader did not grid (a photo's far edge, a rule it lost)
    keeps the weights and drops every score. The form then has nothing to add up, and a total
    beside the weights' 100 would be taken for its score. A form printing actuals without weights
    (a 完成情况 table, nothing scored) is not held to it, nor one that scores its 一级/二级 groups
    rather than its rows. A form that states its 总分 and has no row score to add up to it lost
    its scores whatever else it kept (a misrepaired header took 分值 and 得分 both). Where the
    header names a 得分 column, its cells were found empty: the office may not have filled them
    in, which an auditor wants to see as much as a lost column.
    """
    rows = form.indicators
    if not _scored_column_empty(form, "score") \
            or any(r.level1_score is not None or r.level2_score is not None for r in rows):
        return []
    with_weight = sum(r.weight is not None for r in rows)
    with_actual = sum(bool(r.actual.raw.strip()) for r in rows)
    why = ("the 得分 column its header names is empty on every row" if "score" in form.header_roles
           else "the score column was not found")
    if form.stated_total is not None:  # a total to add up, and no row score to add: weights lost or not
        return [VerdictReason(code="MISSING_CELL", field="score",
                              detail=f"the form states a total of {form.stated_total:g} but none of its "
                                     f"{len(rows)} rows has a score: {why}")]
    if min(with_weight, with_actual) < MISSING_SHARE * len(rows):
        return []
    return [VerdictReason(code="MISSING_CELL", field="score",
                          detail=f"{with_weight} of {len(rows)} rows have a weight and an actual value but none "
                                 f"a score: {why}")]


def _lost_weight_column(form: Form) -> list[VerdictReason]:
    """Scores read on nearly every row of a form that weighs its parts, but a weight on none.

    A stamped or photographed page whose 分值 column the reader did not grid keeps every score,
    and the scores still add up to the stated total: nothing is left to check a score against, so
    the form looked consistent. A form weighs its parts when its header names a 分值 column or its
    一级/二级 labels carry points (产出指标（50分）): such a form prints each row's share too. Forms
    that score rows without weighing anything (a 得分 column beside the targets only, level names
    without points) are not held to it.
    """
    rows = form.indicators
    if not _scored_column_empty(form, "weight") or not _weighs_its_parts(form):
        return []
    with_score = sum(r.score is not None for r in rows)
    if with_score < MISSING_SHARE * len(rows):
        return []
    return [VerdictReason(code="MISSING_CELL", field="weight",
                          detail=f"{with_score} of {len(rows)} rows have a score but none a weight, on a form "
                                 "that weighs its parts: the weight column was not read")]


def _scored_column_empty(form: Form, name: str) -> bool:
    """A scored form none of whose rows has a ``name`` figure, nor prints it blank: what the lost-分值
    and lost-得分 rules start from.

    A text-layer form is held to it from three rows on. A form read off an image is held to it
    whatever its length: a seal or a shadow over a short table's header loses the column's label
    (分值, 得分), its cells go unread, and one or two rows leave the form's sums nothing to disagree
    with, so a lost column would pass as a consistent form."""
    rows = form.indicators
    fewest = 1 if form.method == "ocr" else MIN_ROWS_FOR_A_LOST_COLUMN
    return form.kind in SCORED_KINDS and len(rows) >= fewest and not any(
        getattr(r, name) is not None or printed_blank(r, name) for r in rows)


def _weighs_its_parts(form: Form) -> bool:
    """The header names a 分值 column, or a 一级/二级 label carries the group's points.

    A header read off the text layer that names its 得分 column and no 分值 column prints none: the
    points in its labels are the groups' own (产出指标(60分) over rows scored 10 each beside their
    targets, 470), and no column was lost. On an image a seal or a shadow can take the 分值 label with
    its cells, so there the labels' points still say the rows are weighed."""
    if "weight" in form.header_roles:
        return True
    if form.method == "text" and "score" in form.header_roles:
        return False
    return any(r.level1_weight is not None or r.level2_weight is not None for r in form.indicators)


#: Share of a form's rows without a 三级指标 name past which the names, not a few rows, were lost.
LOST_NAMES_SHARE = 0.5


def _lost_level3_names(form: Form) -> list[VerdictReason]:
    """Indicator rows of which half or more have no 三级指标 name: the name column was lost (a column the
    print cut at a page's edge, its rules missing on both pages), while the rows' groups and figures
    were read. An indicator is its name: rows without one cannot be checked against the page by an
    auditor. No form of the corpus leaves half its names blank."""
    rows = form.indicators
    blank = [r for r in rows if not r.level3_raw.strip()]
    if len(rows) < 3 or len(blank) < LOST_NAMES_SHARE * len(rows):
        return []
    return [VerdictReason(code="MISSING_CELL", field="level3",
                          detail=f"{len(blank)} of the {len(rows)} rows have no 三级指标 name: the name column was lost")]


def _lost_level1_column(form: Form) -> list[VerdictReason]:
    """Indicator rows of which not one names its 一级指标: the 一级 label column was lost.

    Every performance table groups its rows under 一级 names (产出/效益/满意度指标, 决策/过程…);
    a reader that did not see the merged labels (their rules missing, the column taken for
    something else) leaves every row without one, and the mapping then files the rows under
    nothing, while the figures still add up. Only a table whose header names a 一级 column can
    have lost it.
    """
    rows = form.indicators
    named_level1 = any(role.startswith("level1") for role in form.header_roles)  # its name, weight or score
    if len(rows) < 3 or not named_level1 or any(r.level1_raw.strip() for r in rows):
        return []  # a table whose header names no 一级 column (指标名称 | 分值 | 得分) has none to lose
    return [VerdictReason(code="MISSING_CELL", field="level1",
                          detail=f"none of the {len(rows)} rows has a 一级指标 name: the label column was lost")]


def _merged_figure_rows(form: Form) -> list[VerdictReason]:
    """Rows of the indicator table read as one cell over the name, target and actual columns but with a
    figure under 分值 or 得分 (assembly keeps them apart as ``merged_figure_rows``): a label row such as
    评价结论 scores nothing, so these are indicators (or the 合计) whose inner rules the reader lost —
    a stamp or a shadow across them — and the form is missing them."""
    return [VerdictReason(code="MERGED_CELL", field="row", read=text[:40],
                          detail="an indicator-table row read as one cell over its name and value columns, with a "
                                 "分值/得分 figure: a row (or the total) was not read")
            for text in form.merged_figure_rows]


#: A figure closing a cell, with what may print around it (sign, unit, percent).
_TRAILING_FIGURE = re.compile(r"[≥≤><=＝]?\d+(?:\.\d+)?\s*[%‰]?$")


def _header_read_into_cell(form: Form) -> list[VerdictReason]:
    """A figure cell read off an image as its own column's header label followed by the figure
    ("年度指标值(A)12.5" under 年度指标值(A)): the rule between the header and the first row was lost
    (a seal's ink over it) and the two cells were read as one. The figure may still be right, but
    what else the merge took is not known, and a short table has too few checks to tell."""
    reasons = []
    for ind in form.indicators:
        for name in ("target", "actual", "weight", "score"):
            cell = ind.cells.get(name)
            text = squash(cell.text) if cell is not None else ""
            figure = _TRAILING_FIGURE.search(text)
            if cell is None or cell.method != "ocr" or figure is None or figure.start() == 0:
                continue
            if role_of(text[:figure.start()], 3) == name:
                reasons.append(VerdictReason(code="MERGED_CELL", row_index=ind.row_index, field=name,
                                             read=cell.text.strip(),
                                             detail="the column's header label read into the cell: the rule "
                                                    "under the header was lost"))
    return reasons


#: A row holding this share of the form's points or more, and the sum of all the others, is a total.
TOTAL_SHARE = 0.5
#: Indicator rows besides the one judged, for the sum of the others to say anything.
TOTAL_MIN_OTHERS = 3


def _total_read_as_row(form: Form) -> list[VerdictReason]:
    """A row whose 分值 is the sum of every other row's (with or without the budget item's points)
    and whose 得分, when read, is the sum of theirs: the table's 合计 row read as an indicator.

    A reader that missed the total row's label (a merged 一级 label run into it, a label a scan
    lost) keeps it as a row, loses the stated total, and the form's sums of weights and scores then
    look like the form's own error. The arithmetic, not the label, says what the row is: the row
    is worth all the others together, and with it the form holds more than its full marks. (On an
    honest 100-point form a row of exactly 50 is also worth the others, but the form then holds
    100 points, not 200.)
    """
    rows = [r for r in form.indicators if r.weight is not None]
    budget_weight = form.budget.weight if form.budget is not None else None
    budget_score = (form.budget.score if form.budget is not None else None) or 0.0
    all_weights = sum(r.weight for r in rows)
    if all_weights + (budget_weight or 0.0) <= FULL_MARKS + POINTS_TOLERANCE or len(rows) <= TOTAL_MIN_OTHERS:
        return []
    all_scores = sum(r.score for r in rows if r.score is not None)
    reasons = []
    for row in rows:
        if row.weight < TOTAL_SHARE * FULL_MARKS:
            continue
        weight_sum, score_sum = all_weights - row.weight, all_scores - (row.score or 0.0)  # the others'
        sums = [(weight_sum, score_sum)]
        if budget_weight is not None:
            sums.append((weight_sum + budget_weight, score_sum + budget_score))
        if any(_close(row.weight, w) and (row.score is None or _close(row.score, sc)) for w, sc in sums):
            reasons.append(VerdictReason(
                code="TOTAL_READ_AS_ROW", row_index=row.row_index, field="weight", read=f"{row.weight:g}",
                detail=f"its 分值 {row.weight:g} is the sum of the other {len(rows) - 1} rows': "
                       "the total row was read as an indicator"))
    return reasons


#: Points printed to two decimals (分值 33.33) sum to within a cent of their total.
POINTS_TOLERANCE = 0.011


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= POINTS_TOLERANCE
