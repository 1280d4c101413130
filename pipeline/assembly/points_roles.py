"""The 分值 and 得分 columns of an OCR table whose headings were unreadable, from their arithmetic.

A fax can leave both points headings past any reading ("分催" over 分值, "9分" over 得分): each is
as near to 分值 as to 得分, so the heading vocabulary names neither, the columns get no role and
every row loses its weight and its score although both figures were read. The figures still say
what the columns are, by the rules every self-assessment form keeps:

- a row earns at most the points it is worth: the score beside it is no larger than the weight;
- the rows' weights share the form's 100 points (the budget-execution block may hold some of them,
  a total row may repeat the sum), so the weights add to at most 100 once a total is set aside;
- 分值 is printed before 得分 (left of it), both right of the row's target and actual.

A pair of role-less columns right of the values whose figures keep those rules, under headings
left blank or keeping a character of a points heading (a garbled 分值 or 得分 keeps its 分; a column
headed 备注 or 说明, however unsurely, is another column), is taken as the weight (left) and score (right); with one of the two headings read, the role-less column beside it
is taken when its figures keep them against the read one. Only figures decide: a completion-rate
column (its figures sum far past 100) or a column of notes is never taken. The roles come from
the columns' contents, not their headings, so they are marked ``by_contents`` and every value read
from them is named on the form (ROLE_BY_CONTENTS): such a form is never ``ok``.
"""
from __future__ import annotations

from collections.abc import Sequence

from jixiao.models import PageTable
from jixiao.normalizers.tolerance import FULL_MARKS
from jixiao.normalizers.value_parsing import parse_number
from jixiao.pipeline.assembly.body_roles import body_cells

__all__ = ["MIN_FIGURE_SHARE", "MIN_PAIRED_ROWS", "MIN_ORDERED_SHARE", "points_from_body"]

#: Rounding slack when adding weights printed with decimals.
SUM_SLACK = 0.5
#: At least this many rows must print both figures before their order says anything.
MIN_PAIRED_ROWS = 3
#: Of the rows printing both figures, at least this share must score no more than their weight:
#: a fax misreads a figure now and then (the corpus' design fax 900 reads a score 6 as "16"), so
#: one row in ten may break the rule; two rows' figures in another order (a completion rate and a
#: score, a score and a rate) break it on most rows.
MIN_ORDERED_SHARE = 0.8
#: More than this share of a column's non-empty body cells must be figures.
MIN_FIGURE_SHARE = 0.5
_VALUE_ROLES = ("actual", "target", "target_value")
#: The characters of the points headings (分值, 得分, 权重, 权数, 满分, 标准分, 自评得分): a garbled points heading
#: keeps at least one of them, as the fax's "分催" and "9分" do.
POINTS_HEADING_CHARS = frozenset("分值得权重数满标准自评")


def _may_head_points(heading: str) -> bool:
    """A heading left blank, or keeping a character of a points heading."""
    return not heading or bool(POINTS_HEADING_CHARS & set(heading))


def _figures(table: PageTable, col: int, below: int) -> dict[int, float] | None:
    """The figures of a column's body cells by row (rows after ``below``, cells of one grid column),
    or None when the column holds no figures or too few of its cells are figures."""
    cells = body_cells(table, col, below)
    figures = {c.row: value for c in cells if (value := parse_number(c.text)) is not None}
    if not figures or len(figures) <= MIN_FIGURE_SHARE * len(cells):
        return None
    return figures


def _shares_the_marks(weights: dict[int, float]) -> bool:
    """The weights add to at most the form's 100 points once the largest figure is set aside when it
    is the total row's (the sum of the others, or the full marks); none exceeds the full marks."""
    values = sorted(weights.values())
    if not values or values[0] < 0 or values[-1] > FULL_MARKS + SUM_SLACK:
        return False
    rest = sum(values[:-1])
    if abs(values[-1] - rest) <= SUM_SLACK or abs(values[-1] - FULL_MARKS) <= SUM_SLACK:
        return rest <= FULL_MARKS + SUM_SLACK
    return sum(values) <= FULL_MARKS + SUM_SLACK


def _scored_within(weights: dict[int, float], scores: dict[int, float]) -> bool:
    """Enough rows print both figures, and nearly all of them score no more than they are worth."""
    paired = [row for row in weights if row in scores]
    if len(paired) < MIN_PAIRED_ROWS:
        return False
    ordered = sum(1 for row in paired if scores[row] <= weights[row] + 1e-9)
    return ordered >= MIN_ORDERED_SHARE * len(paired)


def _keeps_the_rules(table: PageTable, weight_col: int, score_col: int, below: int) -> bool:
    weights = _figures(table, weight_col, below)
    scores = _figures(table, score_col, below)
    if weights is None or scores is None or max(scores.values()) > FULL_MARKS + SUM_SLACK:
        return False
    return _shares_the_marks(weights) and _scored_within(weights, scores)


def points_from_body(table: PageTable, below: int, roleless: Sequence[int], role_cols: dict[str, list[int]],
                     headings: dict[int, str], lone: str | None = None, cut: Sequence[int] = ()) -> dict[int, str]:
    """``weight``/``score`` for role-less grid columns of an OCR table whose figures keep a weight's and a
    score's rules (module doc); ``role_cols`` gives the grid columns of the roles the headings named,
    ``headings`` each grid column's heading text (spaces removed). Nothing when both roles were read, or
    no target or actual column was. ``lone``: the role of a table's only points column, when the form's
    title says which its one column of points is (see :func:`_lone_points_column`); ``cut``: columns whose
    heading, read surely, is a cut points heading ("分"), candidates for that lone column only."""
    weight, score = role_cols.get("weight"), role_cols.get("score")
    values = [col for role in _VALUE_ROLES for col in role_cols.get(role, [])]
    if (weight and score) or not values:
        return {}
    free = {col for col in roleless if _may_head_points(headings.get(col, ""))}
    if lone and not weight and not score:
        found = _lone_points_column(table, below, free | set(cut), max(values), headings)
        if found is not None:
            return {found: lone}
    if weight:
        right = max(weight) + 1
        return {right: "score"} if right in free and _keeps_the_rules(table, max(weight), right, below) else {}
    if score:
        left = min(score) - 1
        ok = left in free and left > max(values) and _keeps_the_rules(table, left, min(score), below)
        return {left: "weight"} if ok else {}
    for col in sorted(c for c in free if c > max(values)):
        if col + 1 in free and _keeps_the_rules(table, col, col + 1, below):
            return {col: "weight", col + 1: "score"}
    return {}


def _lone_points_column(table: PageTable, below: int, free: set[int], last_value: int,
                        headings: dict[int, str]) -> int | None:
    """The one role-less column right of the values whose heading keeps a character of a points heading
    (a seal that took 得分's 得 leaves "分") and whose cells are figures within the form's full marks, when
    no other such column stands there: a form printing one column of points (a self-assessment's 得分, a
    declaration's 分值) has nothing to pair it with, so its figures' arithmetic cannot say which it is; the
    caller's title can."""
    candidates = []
    for col in sorted(c for c in free if c > last_value and headings.get(c)):
        figures = _figures(table, col, below)
        if figures is not None:
            candidates.append((col, figures))
    if len(candidates) != 1:
        return None
    col, figures = candidates[0]
    return col if all(0 <= v <= FULL_MARKS + SUM_SLACK for v in figures.values()) else None
