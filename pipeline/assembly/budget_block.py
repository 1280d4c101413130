"""The 预算执行 block: budget, execution, rate, its 分值 and 得分, and the 其中 sub-rows.

Two shapes occur. Most forms print a header row (年初预算数 | 全年预算数 |
全年执行数 | 分值 | 执行率 | 得分) over a total row and 其中 sub-rows; others print
key/value rows (预算计划安排 1104.846 / 实际支出金额 1,079.017). Both are read
into one :class:`models.BudgetBlock`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jixiao.models import BudgetBlock, BudgetRow, CellRead, Indicator, Provenance
from jixiao.normalizers.spacing import squash
from jixiao.normalizers.tolerance import column_precision, decimals, sum_tolerance
from jixiao.normalizers.value_parsing import parse_number, parse_value
from jixiao.pipeline.assembly.rows import Row, cell_read

#: header word → BudgetBlock field; checked in order, first match wins.
_HEADER_ROLES = (
    ("年初预算", "initial"),
    ("全年预算", "annual"),
    ("预算数", "annual"),
    ("全年执行", "executed"),
    ("实际支出", "executed"),
    ("执行数", "executed"),
    ("执行率", "rate"),
    ("完成率", "rate"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
)
#: A caption naming the block's money unit ("年度预算数(万元)", "项目资金（万元）") labels the
#: row-label column; it is not a column of figures.
_UNIT_CAPTION_RE = re.compile(r"[（(](?:万元|元)[)）]$")
#: Points in the block's own label: "预算执行情况（10分）", "预算执行率(10分)".
_BLOCK_POINTS_RE = re.compile(r"^(?:预算执行|资金执行|预算资金执行).*?[（(](\d+(?:\.\d+)?)分[)）]$")

#: key/value labels → field, for forms without a budget header row.
_KEY_ROLES = (
    ("预算计划安排", "initial"),
    ("年初预算", "initial"),
    ("实际分配下达", "annual"),
    ("全年预算", "annual"),
    ("实际支出金额", "executed"),
    ("全年执行", "executed"),
    ("实际支出数", "executed"),
    # the older template's money line: 计划投资额 | 实际到位资金 | 实际使用情况 (万元)
    ("计划投资", "initial"),
    ("实际到位", "annual"),
    ("实际使用", "executed"),
    ("执行率", "rate"),
    ("完成率", "rate"),
    # a declaration's money line: this year's budget of a longer project (重庆's 目标审批表: 项目总预算 65 |
    # 当年年度预算 65), what 年初预算 is to a self-assessment
    ("当年年度预算", "initial"),
    ("当年预算", "initial"),
    # a declaration's planned money under the caption of its block or beside its own label: a 部门整体 目标表's
    # 年度预算安排(万元) over 资金总额 | 171.41 (459), a 申报表's 预算申报数 | 20万元 (460), as 预算计划安排 is
    ("预算安排", "initial"),
    ("预算申报", "initial"),
)
#: A declaration's label of its year's money (年度资金总额, 资金总额): what the plan puts in, what 年初预算 is to a
#: self-assessment. On a self-assessment the same words head a row of 年初/全年/执行 figures, no key/value pair.
DECLARED_TOTAL_WORD = "资金总额"
#: A label cell that prints its own value after its colon (年度资金总额:50万): the value is what follows the colon.
_LABEL_COLON_RE = re.compile(r"[:：]")
#: The figure right after 资金总额's colon in a cell printing several label:figure lines, the total's and then its
#: parts' (资金总额: 250 / 一、预算资金:250 / 二、自有资金:0 / 三、其他:0, 471): a figure with its money unit word.
_TOTAL_FIGURE_RE = re.compile(DECLARED_TOTAL_WORD + r"[:：](?P<figure>\d[\d,]*(?:\.\d+)?(?:万元|万)?)")
#: A key/value label naming a rate is the rate, whatever money word it opens with (当年预算执行率, 全年预算执行率).
_RATE_LABEL_RE = re.compile(r"(?:执行|完成)率")
#: Labels read only as one of several label/value pairs of a line: the item's 分值 beside its 执行率 (年度预算执行率
#: 100% | 分值 | 10分, 454). Alone on a line, 分值 may as well head a column or give the form's 100.
_PAIR_ONLY_KEY_ROLES = (("分值", "weight"),)
#: Points a pair's value may print with their unit word ("10分").
_POINTS_UNIT_RE = re.compile(r"\s*分$")

#: Roles that hold money, which a cell may print with its unit word ("150万", "125.25万元").
_MONEY_ROLES = frozenset({"initial", "annual", "executed"})
#: The unit words a money cell may print after its figure: 万 or 万元, the unit budget blocks are
#: captioned in (项目资金（万元）over "150万"). A figure in 元 is not taken: under a 万元 caption it would be
#: 10⁴ off, said with confidence; left unread, the block's arithmetic stays silent instead.
_AMOUNT_UNITS = frozenset({"万", "万元"})


def parse_amount(text: str) -> float | None:
    """A money cell's figure: a plain number, or one printed with its unit word, kept as printed
    (150 of "150万", as of "150" under 年初预算数（万元）): the unit is the block's, read apart. The
    written-value parser splits figure from unit; a sign or another unit makes it no amount. An amount
    followed by its parts in brackets is that amount where the parts add up to it (amount_with_parts)."""
    value = parse_number(text)
    if value is not None or not text:
        return value
    written = parse_value(text)
    if written.op is None and written.unit in _AMOUNT_UNITS:
        return written.value
    return amount_with_parts(text)


#: An amount with its breakdown in brackets after it: 854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元).
_WITH_PARTS_RE = re.compile(r"^(?P<whole>[^（(]+)[（(](?P<parts>[^（）()]+)[)）]$")
#: One part's amount inside the brackets: a figure with its money unit word (the words naming the part aside).
_PART_AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?万元?")


def amount_with_parts(text: str) -> float | None:
    """The amount a cell prints before its breakdown in brackets, where two or more parts, each an amount
    with its unit word, add up to it within their printed rounding: the arithmetic tells the total from
    its parts, which the cell's several figures otherwise leave unread (a 衔接资金 declaration's 年度资金总额,
    465). None where the parts do not add up: a bracket of other figures (a date, a share) says nothing."""
    match = _WITH_PARTS_RE.match(squash(text))
    if not match:
        return None
    whole = parse_amount(match.group("whole"))
    parts = [parse_amount(part) for part in _PART_AMOUNT_RE.findall(match.group("parts"))]
    if whole is None or len(parts) < 2 or None in parts:
        return None
    slack = sum_tolerance(parts, column_precision(parts), whole, decimals(whole))
    return whole if abs(sum(parts) - whole) <= slack else None


#: No item of a form is worth more points than the whole form's hundred: a 分值 or 得分 read above it is two
#: cells read as one (a scan that lost the rule between 分值 and 执行率: "10" + "98%" read "1098%"), left
#: unread rather than checked (a 执行率 × 分值 of 1076 accused the form).
MAX_ITEM_POINTS = 100.0


def _figure(text: str, role: str) -> float | None:
    """The number a cell holds for its role (money may carry its unit word; points are at most the form's)."""
    if role in _MONEY_ROLES:
        return parse_amount(text)
    value = parse_number(text)
    if role in _POINT_ROLES and value is not None and value > MAX_ITEM_POINTS:
        return None
    return value


_TOTAL_LABEL_RE = re.compile(r"(合计|总额|整体支出|全年支出|资金总额|年度资金)")
_SUB_LABEL_RE = re.compile(r"(其中|财政拨款|上年结转|其他资金|基本支出|项目支出)")


@lru_cache(maxsize=65536)
def _role(text: str, roles: tuple[tuple[str, str], ...]) -> str | None:
    """The role of the word of ``roles`` that starts earliest in the text (spaces ignored; of words
    starting at one place, the first listed): a heading names its field first and may then spell out
    how it is figured ("得分(20分*执行率)" is the 得分, not a second 执行率; 426, 433, 452). Cached, as
    every row's cells are asked."""
    squashed = re.sub(r"\s+", "", text)
    found = [(at, order, role) for order, (word, role) in enumerate(roles) if (at := squashed.find(word)) >= 0]
    return min(found)[2] if found else None


def _header_role(text: str) -> str | None:
    return _role(text, _HEADER_ROLES)


#: Roles naming the block's money or its rate: a line holding one of them beside another block word is the
#: block's header or money line, not the indicator table's header (which names 分值 and 得分 only).
_MONEY_OR_RATE = frozenset({"initial", "annual", "executed", "rate"})


def budget_words(text: str) -> set[str]:
    """The block's fields a line's words name (年初预算数, 全年执行数, 执行率, 分值, 得分 …), read in
    any order and glued to figures; empty unless a money or rate word is among two or more of them.
    A fax may garble one label ("年初简算数", "年制质算数") but seldom all of a line's."""
    squashed = squash(text)
    roles = {role for word, role in _HEADER_ROLES if word in squashed}
    return roles if roles & _MONEY_OR_RATE and len(roles) >= 2 else set()


#: The block's money roles: its header or money line names two of them (a note or a sentence that mentions
#: the item's 执行率 and 分值 names none or one).
_MONEY = frozenset({"initial", "annual", "executed"})
#: Where a note or a sentence shows itself: a line opening with 注 ("注:1.一级指标分值…"), or a full stop.
_NOTE_RE = re.compile(r"^注|。")


def prints_budget_points(text: str) -> bool:
    """The line is the block's header or money line — two of its money words (as is_budget_header asks), or
    three block words among figures (a money line whose fax garbled some labels) — in no note or sentence,
    and names its 分值 or 得分: the item carries points that belong to the form's 100, whether or not its
    figure is read."""
    roles = budget_words(text)
    header_or_money = len(roles & _MONEY) >= 2 or (len(roles) >= 3 and any(c.isdigit() for c in text))
    return header_or_money and bool(roles & {"weight", "score"}) and not _NOTE_RE.search(squash(text))


def header_line_roles(text: str) -> list[str | None] | None:
    """The block's header printed as a line of words rather than cells (年初预算数 全年预算数 全年执行数 分值
    执行率 得分): each word's field in order, a garbled word None; None unless two money words are read."""
    words = text.split()
    roles = [_header_role(word) for word in words]
    return roles if len(set(roles) & _MONEY) >= 2 and len(words) >= 3 else None


def figures_under_header_line(text: str, roles: list[str | None]) -> dict[str, float | None] | None:
    """The total line under a header line (年度资金总额 486.5 486.5 472.9 10 97.2% 9.72): its figures taken
    by position, when it prints one per header word after its label; a word the fax garbled leaves its
    figure unread. The rate is kept as read even where the line's own money contradicts it (a lost point,
    a "%" read as digits, "97204"): the block's check then says so, and the figures carry the doubt of
    their place (doubtful_cells)."""
    words = text.split()
    figures = [_figure(word, role or "annual") for word, role in zip(words[-len(roles):], roles)]
    if len(words) <= len(roles) or any(f is None for f in figures) or parse_amount(words[-len(roles) - 1]) is not None:
        return None
    values = {role: figure for role, figure in zip(roles, figures) if role is not None}
    if "rate" in values:
        values["rate"] = rate_in_percent(values, printed_as_percent(words[-len(roles):][roles.index("rate")]))
    return values


#: Confidence given to a figure whose field was inferred rather than read (a line's figures taken by their
#: place under a header line, or by their labels under a money label a fax garbled): below the verdict's
#: threshold, so the form is not ``ok`` on figures nothing confirmed.
GUESSED_CONFIDENCE = 0.5


def doubtful_cells(values: dict[str, float | None], read: CellRead) -> dict[str, CellRead]:
    """The block's cells for figures whose field was inferred, each in doubt (GUESSED_CONFIDENCE), so the
    verdict names them (LOW_CONFIDENCE_CELL) and a misread search may replace them."""
    doubt = {"confidence": min(read.confidence, GUESSED_CONFIDENCE), "second_text": None, "second_method": "",
             "second_confidence": None}  # a second reading of the whole line vouches for no one figure's field
    return {role: read.model_copy(update={"text": f"{value:g}", **doubt}) for role, value in values.items()
            if value is not None}


def is_budget_header(row: Row) -> bool:
    roles = {_header_role(t) for t in row.nonempty()}
    roles.discard(None)
    return len(roles & _MONEY) >= 2


def label_points(row: Row) -> float | None:
    """The points the block's label cell states (预算执行情况（10分） → 10)."""
    for text in row.nonempty():
        if match := _BLOCK_POINTS_RE.match(re.sub(r"\s+", "", text)):
            return float(match.group(1))
    return None


def header_roles(row: Row) -> dict[int, str]:
    """grid column → field, for the budget header row.

    A role printed twice keeps its first column (or adjacent columns of one merged
    header), except that a unit caption ("年度预算数(万元)", heading the row labels)
    gives way to the column that names the same role without one ("调整后预算数").
    """
    cells = [(rc.col, _header_role(rc.text), re.sub(r"\s+", "", rc.text)) for rc in row.cells]
    captions = {col for col, role, text in cells
                if role and _UNIT_CAPTION_RE.search(text)
                and any(r == role and not _UNIT_CAPTION_RE.search(t) for _, r, t in cells)}
    out: dict[int, str] = {}
    taken: set[str] = set()
    for col, role, _ in cells:
        if role and col not in captions and (role not in taken or out.get(col - 1) == role):
            out[col] = role
            taken.add(role)
    return out


def read_budget_row(row: Row, roles: dict[int, str]) -> tuple[str, dict[str, float | None]]:
    """Label (the text of the columns without a role) and the numbers under each role."""
    label_parts: list[str] = []
    values: dict[str, float | None] = {}
    for rc in row.distinct():
        role = roles.get(rc.col)
        if role is None:
            if rc.text and rc.text not in label_parts and parse_amount(rc.text) is None:
                label_parts.append(rc.text)
            continue
        if role not in values or values[role] is None:
            values[role] = _figure(rc.text, role)
    return "".join(label_parts), values


def budget_cells(row: Row, roles: dict[int, str]) -> dict[str, CellRead]:
    """The cell each figure of the row was read from (the first under its role, as read)."""
    cells: dict[str, CellRead] = {}
    for rc in row.distinct():
        role = roles.get(rc.col)
        if role is not None and role not in cells and _figure(rc.text, role) is not None:
            cells[role] = cell_read(row, rc)
    return cells


#: How far (percentage points) a 执行率 may sit from its row's 全年执行数/全年预算数 and still be its reading:
#: the validator's own tolerance for a stated rate.
RATE_AGREEMENT = 0.5


def printed_as_percent(text: str) -> bool:
    """A rate printed with its percent sign: its number is in percent already ("0.96%" is 0.96 %)."""
    return "%" in text or "％" in text


def _rate_text(row: Row, roles: dict[int, str]) -> str:
    """The text of the row's first 执行率 cell holding a number (the one its rate was read from)."""
    return next((rc.text for rc in row.distinct() if roles.get(rc.col) == "rate" and _figure(rc.text, "rate")
                 is not None), "")


def rate_in_percent(values: dict[str, float | None], printed_percent: bool = False) -> float | None:
    """The row's 执行率 in percent. Some offices print it as a share (0.958 for 95.8 %, 1 for 100 %):
    a rate of at most 1 is taken as a share only when the row's own money says so, its 全年执行数/全年预算数
    (or /年初预算数 where the block has no 全年预算数) agreeing with the share and not with the figure as a
    percent; a 1 beside money overspent is the share capped at 100 %. Without that arithmetic the rate
    stays as printed, for the validator to question. A rate ``printed_percent`` (with its "%") is never
    converted: "0.96%" is 0.96 %, however the money reads."""
    rate = values.get("rate")
    if printed_percent:
        return rate
    budget = values.get("annual") if values.get("annual") is not None else values.get("initial")
    executed = values.get("executed")
    if rate is None or not 0 < rate <= 1 or not budget or executed is None:
        return rate
    implied = executed / budget * 100.0
    if abs(rate - implied) > RATE_AGREEMENT and abs(rate * 100.0 - implied) <= RATE_AGREEMENT:
        return round(rate * 100.0, 9)
    if rate == 1 and implied > 100.0 + RATE_AGREEMENT:
        return 100.0  # money overspent, the share printed capped at 1: 100 %, as the validator caps it
    return rate


def rate_of_block_in_percent(block: BudgetBlock, printed_percent: bool = False) -> None:
    """The block's own 执行率 in percent, however it was read (a budget table's total row, a
    key/value line "执行率 0.958", a money line): a bare number is converted once the block is
    assembled, by the block's own money (:func:`rate_in_percent`). A rate printed with "%" (its
    table cell's text says so, or ``printed_percent`` for a key/value line) is left as printed."""
    printed = printed_percent or ("rate" in block.cells and printed_as_percent(block.cells["rate"].text))
    block.rate = rate_in_percent({"rate": block.rate, "initial": block.initial, "annual": block.annual,
                                  "executed": block.executed}, printed)


#: A sub-row's own 分值 and 得分 are kept only when read at least this surely: they are checked against the
#: sub-row's own 执行率 (EXECUTION_RATE_MISMATCH) and, unlike the total row's, never read a second time, so an
#: unsure reading is left unread rather than accused. The confidence the reader calls an OCR cell sure
#: elsewhere (forms.CONTEXT_SURE, columns.HEADER_SURE); a text layer's cells are sure.
SUB_ROW_POINTS_SURE = 0.9
_POINT_ROLES = ("weight", "score")


def own_points(row: Row, roles: dict[int, str]) -> dict[str, float | None]:
    """The 分值 and 得分 a sub-row prints in cells of its own (450: 基本支出 | 985.19 | 914.97 | 10 | 10), read
    surely. A cell merged down from the total row (one 分值 for the whole block) is the total's, not the
    sub-row's: it is left out, as is a cell read unsurely."""
    out: dict[str, float | None] = {}
    for rc in row.distinct():
        role, cell = roles.get(rc.col), rc.cell
        if (role in _POINT_ROLES and role not in out and cell.row == row.index and cell.rowspan == 1
                and cell.confidence >= SUB_ROW_POINTS_SURE):
            out[role] = _figure(rc.text, role)
    return out


def add_budget_row(block: BudgetBlock, label: str, values: dict[str, float | None], row: Row,
                   roles: dict[int, str]) -> None:
    """The first row with money is the total; later rows (and 其中 rows) are sub-rows."""
    if "rate" in values:
        values = {**values, "rate": rate_in_percent(values, printed_as_percent(_rate_text(row, roles)))}
    first = block.provenance is None
    if first and not (_SUB_LABEL_RE.search(label) and not _TOTAL_LABEL_RE.search(label) and "其中" in label):
        for field, value in values.items():
            setattr(block, field, value)
        block.cells = budget_cells(row, roles)
        block.provenance = Provenance(page=row.page, bbox=row.bbox, method=row.table.method, confidence=row.confidence)
        return
    points = own_points(row, roles)
    block.rows.append(BudgetRow(
        label=label, initial=values.get("initial"), annual=values.get("annual"),
        executed=values.get("executed"), rate=values.get("rate"),
        weight=points.get("weight"), score=points.get("score"),
    ))


def _key_role(text: str, roles: tuple[tuple[str, str], ...] = _KEY_ROLES) -> str | None:
    if _RATE_LABEL_RE.search(squash(text)):
        return "rate"
    return _role(text, roles)


def _pair_figure(text: str, role: str) -> float | None:
    """A pair's value: points may print their 分 ("10分"), money and rates as key_value_number reads them."""
    return parse_number(_POINTS_UNIT_RE.sub("", text)) if role in _POINT_ROLES else parse_number(text)


def key_value_role(row: Row) -> str | None:
    """For key/value budget rows: the field named by the row's first label."""
    for text in row.nonempty()[:2]:
        if role := _key_role(text):
            return role
    return None


def key_value_pairs(row: Row) -> list[tuple[str, float]]:
    """A money line printing several label/value pairs side by side
    (计划投资额 570 | 实际到位资金 398.88 | 实际使用情况 395.86): each label's field
    with the first number after it, before the next label. Empty unless the row
    names at least two different fields."""
    texts = row.nonempty()
    roles = _KEY_ROLES + _PAIR_ONLY_KEY_ROLES
    labels = [(i, role) for i, t in enumerate(texts) if parse_number(t) is None and (role := _key_role(t, roles))]
    if len({role for _, role in labels}) < 2:
        return []
    pairs = []
    for k, (i, role) in enumerate(labels):
        end = labels[k + 1][0] if k + 1 < len(labels) else len(texts)
        numbers = [n for t in texts[i + 1:end] if (n := _pair_figure(t, role)) is not None]
        if numbers:
            pairs.append((role, numbers[0]))
    return pairs


def key_value_number(row: Row, role: str) -> float | None:
    """The amount a key/value row gives: its largest number (the total of its split columns); money may
    print its unit word (预算申报数 | 20万元), as a budget block's cells may."""
    numbers = [_figure(t, role) if role in _MONEY_ROLES else parse_number(t) for t in row.nonempty()]
    numbers = [n for n in numbers if n is not None]
    if not numbers:
        return None
    if role == "rate":
        return numbers[0]
    return max(numbers)


def _value_after_label(text: str) -> str:
    """A cell's value: all of it, or what follows a label's colon in the same cell (年度资金总额:50万 → 50万). A cell
    of several labels, each with its colon and figure, the total first and its parts after it (资金总额: 250 /
    一、预算资金:250 / 二、自有资金:0 / 三、其他:0), is the figure after 资金总额's colon: what follows the last
    colon is the last part's."""
    squashed = squash(text)
    if len(_LABEL_COLON_RE.findall(squashed)) > 1 and (match := _TOTAL_FIGURE_RE.search(squashed)):
        return match.group("figure")
    return _LABEL_COLON_RE.split(text)[-1]


def declared_total(row: Row) -> float | None:
    """A declaration's year's money on a row its first labels name 资金总额: the amount beside the label or
    after the label's colon in its own cell (资金情况(万元) | 年度资金总额:50万 | 中央衔接…资金50, 461; 资金总额 |
    10000万元 | 当年资金总额: | 10000万元, 429). Read only where the row's figures agree: different figures stand
    under column headings (中期资金总额 1200 | 年度资金总额 400, 413) that a key/value reading cannot tell apart."""
    if not any(DECLARED_TOTAL_WORD in squash(text) for text in row.nonempty()[:2]):
        return None
    figures = {_figure(_value_after_label(text), "initial") for text in row.nonempty()} - {None}
    return figures.pop() if len(figures) == 1 else None


def item_points_unread(printed: bool, budget: BudgetBlock | None, rows: list[Indicator]) -> bool:
    """The form prints a 预算执行 item with points (its header or money line named them, prints_budget_points)
    that were read neither in the block nor in a table row standing for it: the form's sums lack them. One
    predicate for the weights filled from the form's points, the flag on the form and its checks."""
    return printed and (budget is None or budget.weight is None) and not any(is_budget_row(r) for r in rows)


#: Names of a 一级 group (or a row without parents) that stands for the budget block.
_BUDGET_ROW = re.compile(r"^(预算)?(资金)?(预算)?执行(率|情况)?(指标)?$")


def is_budget_row(row: Indicator) -> bool:
    """A table row standing for the 预算执行 block (not 基本支出预算执行率 under 部门管理)."""
    for name in (row.level1, row.level1_raw):
        if name and _names_budget(name):
            return True
    if not (row.level1 or row.level1_raw):
        return any(name and _names_budget(name) for name in (row.level3, row.level3_raw, row.level2))
    return False


_DECORATION = re.compile(r"[\s（）()：:0-9分%]")


@lru_cache(maxsize=4096)
def _names_budget(name: str) -> bool:
    """Whether a label, stripped of points and brackets, names budget execution.

    Cached: re-scoring a form under each candidate misreading asks about the
    same few labels tens of thousands of times.
    """
    return bool(_BUDGET_ROW.match(_DECORATION.sub("", name)))
