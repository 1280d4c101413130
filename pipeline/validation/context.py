"""What every rule needs to know about a form, worked out once.

Two questions decide how a form adds up, and several rules depend on the
answers, so they are settled here:

- Does the 预算执行 score belong to the total? Project forms either print the
  budget block beside a table of 90 points (the 100 include the block's 10) or
  carry a 预算执行率 row inside a 100-point table. The block counts when the
  table has no such row and the weights add to 100 with it.
- Is a repeated row a copy? A row repeated verbatim is counted once when the
  weights add to 100 without the repeats and not with them ("its weights prove
  it a copy"); otherwise it stays in the sums.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.models.form import Form, Indicator
from jixiao.pipeline.assembly.budget_block import is_budget_row
from jixiao.pipeline.validation.grading import budget_score
from jixiao.pipeline.validation.nested_weights import weighted_total, weights_nested
from jixiao.normalizers.tolerance import FULL_MARKS, column_precision, sum_tolerance

#: The most points a 预算执行 item carries of a form's 100: 20 is the largest in the sample truth (10 on 57
#: forms, 9 on one, 20 on two; a 100-point rate line scored on its own scale is no share of the 100).
BUDGET_ITEM_MOST_POINTS = 20.0
SCORED_KINDS = ("project_self_eval", "dept_self_eval")


@dataclass
class FormContext:
    form: Form
    #: Rows that count in sums: every row except copies.
    rows: list[Indicator]
    #: Verbatim repeats: (repeat, first occurrence).
    duplicates: list[tuple[Indicator, Indicator]] = field(default_factory=list)
    #: Repeats left out of the sums because the weights prove them copies.
    copies: list[Indicator] = field(default_factory=list)
    #: Repeats the weights need: the form adds to 100 with them and not without.
    needed_repeats: list[Indicator] = field(default_factory=list)
    budget_row_in_table: bool = False
    #: The budget block's 分值 and points belong to the 100 / the total.
    budget_in_total: bool = False
    weight_precision: int = 0
    score_precision: int = 0
    #: The weights are shares of their 一级, each group's rows adding to 100 (nested_weights).
    nested_weights: bool = False

    @property
    def scored(self) -> bool:
        return self.form.kind in SCORED_KINDS and any(r.score is not None for r in self.form.indicators)

    @property
    def weights(self) -> list[float]:
        return [r.weight for r in self.rows if r.weight is not None]

    @property
    def scores(self) -> list[float]:
        return [r.score for r in self.rows if r.score is not None]

    @property
    def budget_points_lost(self) -> bool:
        """The form prints a 预算执行 item with points that were not read and no table row stands for it
        (budget_block.item_points_unread): its sums lack those points, which may explain a shortfall."""
        return self.form.budget_points_unread

    def room_for_budget_points(self) -> float:
        """The most points a lost budget item can hold: what the rows' weights leave of the full marks, and
        never more than such an item carries (BUDGET_ITEM_MOST_POINTS) — a wider gap is no lost item's."""
        return min(max(0.0, FULL_MARKS - sum(self.weights)), BUDGET_ITEM_MOST_POINTS)

    @property
    def budget_weight(self) -> float | None:
        budget = self.form.budget
        return budget.weight if self.budget_in_total and budget is not None else None

    @property
    def budget_points(self) -> float | None:
        """The block's printed score, or 执行率 × 分值 when only the rate is printed."""
        budget = self.form.budget
        if not self.budget_in_total or budget is None:
            return None
        if budget.score is not None:
            return budget.score
        if budget.rate is not None and budget.weight is not None:
            return budget_score(budget.rate, budget.weight)
        return None

    def weight_total(self) -> float:
        return sum(self.weights) + (self.budget_weight or 0.0)

    def weight_tolerance(self, against: float = FULL_MARKS) -> float:
        return sum_tolerance(self.weights, self.weight_precision, against)

    def items_total(self) -> float:
        return sum(self.scores)

    def recomputed_total(self) -> float | None:
        if not self.scored:
            return None
        if self.nested_weights:
            return round(weighted_total(self.rows) + (self.budget_points or 0.0), 6)
        return round(self.items_total() + (self.budget_points or 0.0), 6)


def build_context(form: Form) -> FormContext:
    rows = list(form.indicators)
    ctx = FormContext(
        form=form,
        rows=rows,
        duplicates=find_duplicates(rows),
        budget_row_in_table=any(is_budget_row(r) for r in rows),
        weight_precision=column_precision(r.weight for r in rows),
        score_precision=column_precision(r.score for r in rows),
        nested_weights=weights_nested(rows),
    )
    _settle_budget_and_copies(ctx)
    return ctx


def _settle_budget_and_copies(ctx: FormContext) -> None:
    """Choose the reading of rows and budget block under which the weights make 100.

    Keeping every row is preferred to dropping repeats, and the budget block is
    tried first with the rows (the layout of most project forms). With no
    reading at 100, every row is kept and a block with a 分值 is counted. A block
    that prints its 得分 is always counted. Repeats
    that only the full reading adds up with are recorded as needed: the form
    prints two indicators alike, not a copy.
    """
    budget = ctx.form.budget
    block_can_count = budget is not None and bool(budget.weight) and not ctx.budget_row_in_table
    repeats = [dup for dup, _ in ctx.duplicates]
    all_rows = list(ctx.form.indicators)
    without_repeats = [r for r in all_rows if not any(r is d for d in repeats)]
    readings = [(all_rows, [])]
    if repeats:
        readings.append((without_repeats, repeats))
    # A block printing its 得分 as well as its 分值 claims its points: it always counts,
    # so rows that make 100 on their own with it are 110 points, not a reading at 100.
    block_options = ([True] if budget.score is not None else [True, False]) if block_can_count else [False]
    block_weight = budget.weight if budget is not None and budget.weight else 0.0
    matched = [(rows, copies, block) for rows, copies in readings for block in block_options
               if _adds_to_full_marks(rows, block_weight if block else 0.0, ctx.weight_precision)]
    if not matched:
        ctx.rows, ctx.copies, ctx.budget_in_total = all_rows, [], block_can_count
        return
    ctx.rows, ctx.copies, ctx.budget_in_total = matched[0]
    if repeats and not any(copies for _, copies, _ in matched):
        ctx.needed_repeats = repeats


def _adds_to_full_marks(rows: list[Indicator], block_weight: float, precision: int) -> bool:
    weights = [r.weight for r in rows if r.weight is not None]
    total = sum(weights) + block_weight
    return abs(total - FULL_MARKS) <= sum_tolerance(weights, precision, FULL_MARKS)


def find_duplicates(rows: list[Indicator]) -> list[tuple[Indicator, Indicator]]:
    """Rows that repeat an earlier row cell for cell.

    A 三级指标 cell left empty inherits the name above it, as a merged cell
    would, so "及时 及时 6 6" under "工作完成及时性" repeats that row.
    """
    seen: dict[tuple, Indicator] = {}
    found: list[tuple[Indicator, Indicator]] = []
    previous_name = ""
    for row in rows:
        name = row.level3_raw or row.level3 or previous_name
        previous_name = name
        key = (row.level1_raw or row.level1, row.level2_raw or row.level2, name,
               row.target.raw.strip(), row.actual.raw.strip(), row.weight, row.score, row.note.strip())
        if not (name or row.target.raw.strip() or row.actual.raw.strip()):
            continue
        if key in seen and not criteria_of_one_name(row, seen[key]):
            found.append((row, seen[key]))
        else:
            seen[key] = row
    return found


def criteria_of_one_name(row: Indicator, first: Indicator) -> bool:
    """Two rows printed beside one merged 三级 cell, each with a 分值 cell of its own: criteria scored
    under one name (448's four 5-point criteria under each yes-no question, ① to ④), not a copy. The
    geometry says so: both rows' name is the same printed cell (page and box), their weights are not."""
    name, first_name = row.cells.get("level3"), first.cells.get("level3")
    weight, first_weight = row.cells.get("weight"), first.cells.get("weight")
    if None in (name, first_name, weight, first_weight) or name.bbox is None or weight.bbox is None:
        return False
    return (name.page, tuple(name.bbox)) == (first_name.page, tuple(first_name.bbox)) \
        and (weight.page, tuple(weight.bbox)) != (first_weight.page, tuple(first_weight.bbox))
