"""Which one-cell misreading would make a form's own checks close?

A form adds up by construction: whoever filled it in computed its total from its
scores and its subtotals from its rows. A reader that doubles a digit (7 → 77),
loses a decimal point (1.05 → 105) or takes one digit for another breaks that
arithmetic in several places at once, and one small edit of the one cell mends
all of them. A form that is wrong by itself (a total 10 below its rows, a
missing row) stays wrong under any single-cell edit, or mends only the one check
it broke. So:

- a typical reader's slip of one cell that closes **two or more** of the form's
  checks and opens none is a *strong* fit: the cell was misread;
- one that closes a **single** check is a *weak* fit: possible, decided by
  reading the cell again, never by guessing.

Only number cells (weights, scores, the stated 总分, the 预算执行 block's figures) are edited; the checks are
the validator's own rules, run on the form with the edit in place. A cell that was not read at all (the
file's own value in a spreadsheet or Word table, ``CellRead.exact``) cannot hold a reader's slip and is
never edited: a form from such a file that does not add up is wrong by itself.

Re-scoring is limited to what an edit can change: a slip of the stated 总分 re-runs only the rules that
read it (``TOTAL_RULES``) on the form's context (which the 总分 does not enter) worked out once; the
other rules' findings are the form's own, worked out once too.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.models.finding import Finding
from jixiao.models.form import CellRead, Form, Indicator
from jixiao.normalizers.value_parsing import parse_number
from jixiao.pipeline.validation.codes import RULES
from jixiao.pipeline.validation.rules.stated_grade import check_grade
from jixiao.pipeline.validation.rules.totals import check_total

#: Digits a reader takes for one another (glyph shapes, seal strokes over them).
CONFUSABLE_DIGITS: dict[str, str] = {
    "0": "689", "1": "74", "2": "73", "3": "825", "4": "19", "5": "63", "6": "580",
    "7": "12", "8": "03695", "9": "840",
}
#: Rules that are not arithmetic about the cells (their closing proves nothing).
NOT_CHECKS = frozenset(code for code, rule in RULES.items() if not rule.arithmetic)
#: An edit whose change differs from a finding's gap by more than this is not tried.
GAP_SLACK = 0.011
#: Number fields of an indicator row that are edited.
NUMBER_FIELDS = ("weight", "score")
#: The field name of the stated 总分 cell (``row_index`` None).
TOTAL_FIELD = "total"
#: Slots of the 预算执行 block's total row are named by this prefix + the block's field
#: (``budget_executed``); like the 总分 they have no row.
BUDGET_PREFIX = "budget_"
#: Figures of the 预算执行 block that are edited: its arithmetic (执行率 = 执行数/预算数,
#: 得分 = 执行率 × 分值) is checked by EXECUTION_RATE_MISMATCH.
BUDGET_FIELDS = ("annual", "executed", "rate", "weight", "score")
BUDGET_RULES = frozenset({"EXECUTION_RATE_MISMATCH"})
#: The only rules that read the stated 总分 (``Form.stated_total``), and the codes they emit: an edit of
#: that cell changes no other rule's findings (tests/test_misreads.py holds the rules to this).
TOTAL_RULES = (check_total, check_grade)
TOTAL_CODES = frozenset({"TOTAL_MISMATCH", "TOTAL_EXCLUDES_BUDGET", "GRADE_MISMATCH"})

CheckKey = tuple[str, int | None, str, int]
#: How much a finding accuses; an edit that lowers it mends the check.
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
#: Rules that judge the same figure in different ways (the 总分 either matches nothing
#: or matches the items without the budget block).
RULE_FAMILY = {"TOTAL_EXCLUDES_BUDGET": "TOTAL_MISMATCH"}


@dataclass(frozen=True)
class Slot:
    """A number cell of a form: a row's weight or score, or the stated total."""

    row_index: int | None
    field: str

    @property
    def budget_field(self) -> str:
        """The 预算执行 block's field this slot is ("" for a row's cell or the 总分)."""
        return self.field[len(BUDGET_PREFIX):] if self.row_index is None and self.field.startswith(BUDGET_PREFIX) else ""

    def read(self, form: Form) -> CellRead | None:
        if self.budget_field:
            return form.budget.cells.get(self.budget_field) if form.budget is not None else None
        if self.row_index is None:
            return form.stated_total_cell if self.field == TOTAL_FIELD else None
        return form.indicators[self.row_index].cells.get(self.field)

    def value(self, form: Form) -> float | None:
        if self.budget_field:
            return getattr(form.budget, self.budget_field) if form.budget is not None else None
        if self.row_index is None:
            return form.stated_total
        return getattr(form.indicators[self.row_index], self.field)

    def set(self, form: Form, value: float | None) -> None:
        if self.budget_field:
            setattr(form.budget, self.budget_field, value)
        elif self.row_index is None:
            form.stated_total = value
        else:
            setattr(form.indicators[self.row_index], self.field, value)

    def label(self) -> str:
        if self.budget_field:
            return f"预算执行 {self.budget_field}"
        return "总分" if self.row_index is None else f"row {self.row_index + 1} {self.field}"


@dataclass(frozen=True)
class Fit:
    """A one-cell edit and the checks it mends (closes, or turns into a lesser finding)."""

    slot: Slot
    read: str
    fits: str
    closed: frozenset[CheckKey]

    @property
    def strong(self) -> bool:
        return len(self.closed) >= 2


class Checks(dict):
    """The form's checks that do not close: check → how much its finding accuses."""

    def mended_by(self, after: Checks) -> set[CheckKey]:
        """Checks that close, or accuse less, in ``after``."""
        return {key for key, rank in self.items() if after.get(key, 0) < rank}

    def opened_by(self, after: Checks) -> set[CheckKey]:
        """Checks that break, or accuse more, in ``after``."""
        return {key for key, rank in after.items() if rank > self.get(key, 0)}

    def improved_by(self, after: Checks) -> bool:
        return bool(self.mended_by(after)) and not self.opened_by(after)


def broken_checks(findings: list[Finding]) -> Checks:
    """The form's checks that do not close, keyed by rule, row, figure (and order among equals)."""
    checks = Checks()
    for f in findings:
        if f.rule in NOT_CHECKS:
            continue
        base = (RULE_FAMILY.get(f.rule, f.rule), f.row_index, f.indicator)
        n = 0
        while (*base, n) in checks:
            n += 1
        checks[(*base, n)] = SEVERITY_RANK.get(f.severity, 0)
    return checks


def reader_slips(text: str) -> Iterator[str]:
    """Readings the printed text could have been, one typical reader's slip away.

    A doubled or stray digit dropped, a decimal point lost (inserted back) or
    invented (removed), one digit taken for a look-alike, two digits swapped.
    """
    t = "".join(text.split())
    if not t:
        return
    seen = {t}

    def fresh(candidate: str) -> Iterator[str]:
        if candidate not in seen and parse_number(candidate) is not None:
            seen.add(candidate)
            yield candidate

    for i, ch in enumerate(t):
        if ch.isdigit():
            yield from fresh(t[:i] + t[i + 1:])
            for other in CONFUSABLE_DIGITS.get(ch, ""):
                yield from fresh(t[:i] + other + t[i + 1:])
        if i + 1 < len(t) and t[i] != t[i + 1] and t[i].isdigit() and t[i + 1].isdigit():
            yield from fresh(t[:i] + t[i + 1] + t[i] + t[i + 2:])
    if "." in t:
        yield from fresh(t.replace(".", "", 1))
    else:
        digits_end = len(t.rstrip("%"))
        for i in range(1, digits_end):
            if t[i - 1].isdigit() and t[i].isdigit():
                yield from fresh(t[:i] + "." + t[i:])


def number_slots(form: Form) -> list[Slot]:
    """Every weight and score cell of the form, its stated 总分 and the figures of its 预算执行 block."""
    slots = [Slot(ind.row_index, f) for ind in form.indicators for f in NUMBER_FIELDS if getattr(ind, f) is not None]
    if form.stated_total is not None:
        slots.append(Slot(None, TOTAL_FIELD))
    return slots + budget_slots(form)


def budget_slots(form: Form) -> list[Slot]:
    """The 预算执行 block's figures that were read from a cell."""
    if form.budget is None:
        return []
    return [Slot(None, BUDGET_PREFIX + f) for f in BUDGET_FIELDS
            if f in form.budget.cells and getattr(form.budget, f) is not None]


def _gaps(findings: list[Finding]) -> list[float]:
    gaps = []
    for f in findings:
        expected, stated = parse_number(f.expected), parse_number(f.stated)
        if expected is not None and stated is not None:
            gaps.append(abs(expected - stated))
    return gaps


def _worth_trying(slot: Slot, change: float, rows_named: set[int], gaps: list[float], budget_named: bool) -> bool:
    """Edits that could matter: on a row (or the budget block) a finding names, or changing a value by a finding's gap."""
    if slot.row_index is not None and slot.row_index in rows_named:
        return True
    if slot.budget_field and budget_named:
        return True
    return any(abs(change - gap) <= GAP_SLACK for gap in gaps)


class Rescorer:
    """The form's checks with one cell edited, re-running only the rules the edit can change."""

    def __init__(self, form: Form):
        self.form = form
        self._untouched_by_total: list[Finding] | None = None
        self._context = None

    def prepare(self, slot: Slot) -> None:
        """Called with the form as read, before ``slot`` is edited: work out what its edits leave alone."""
        from jixiao.pipeline.validation.rules import build_context
        from jixiao.pipeline.validation.validate import validate_form

        if _is_total(slot) and self._untouched_by_total is None:
            self._untouched_by_total = [f for f in validate_form(self.form) if f.rule not in TOTAL_CODES]
            self._context = build_context(self.form)

    def checks(self, slot: Slot) -> Checks:
        """The checks with ``slot`` holding its edited value."""
        from jixiao.pipeline.validation.validate import validate_form

        if not _is_total(slot) or self._untouched_by_total is None:
            return broken_checks(validate_form(self.form))
        return broken_checks(self._untouched_by_total + [f for rule in TOTAL_RULES for f in rule(self._context)])


def _is_total(slot: Slot) -> bool:
    return slot.row_index is None and slot.field == TOTAL_FIELD


def find_fits(form: Form, findings: list[Finding], slots: list[Slot] | None = None) -> list[Fit]:
    """Every one-cell slip that mends at least one check and opens none."""
    base = broken_checks(findings)
    if not base:
        return []
    rows_named = {f.row_index for f in findings if f.row_index is not None and f.rule not in NOT_CHECKS}
    gaps = _gaps([f for f in findings if f.rule not in NOT_CHECKS])
    budget_named = any(f.rule in BUDGET_RULES and f.row_index is None for f in findings)
    rescorer = Rescorer(form)
    fits = []
    for slot in slots if slots is not None else number_slots(form):
        original = slot.value(form)
        cell = slot.read(form)
        if original is None or cell is None or cell.exact:
            continue
        rescorer.prepare(slot)
        try:
            for candidate in reader_slips(cell.text):
                value = parse_number(candidate)
                if value is None or value < 0 or not _worth_trying(slot, abs(value - original), rows_named, gaps, budget_named):
                    continue
                slot.set(form, value)
                after = rescorer.checks(slot)
                if base.improved_by(after):
                    fits.append(Fit(slot, cell.text.strip(), candidate, frozenset(base.mended_by(after))))
        finally:
            slot.set(form, original)
    return fits


def row_of(form: Form, slot: Slot) -> Indicator | None:
    return None if slot.row_index is None else form.indicators[slot.row_index]
