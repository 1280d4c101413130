"""Key/value lines above a table: the header block of forms that print it as text.

Word-made forms print 项目名称：…, 主管部门：…　　实施单位：… and the money line
(项目资金（万元）：年初预算数 569.37，全年预算数 601.20，全年执行数 555.03，执行率 92.32%，
分值 10，得分 9.23, or 年度资金总额 356.80，其中：财政拨款 300.00，其他资金 56.80) as lines
of text rather than a ruled grid. A line may hold two pairs, and a long line wraps
(…，分值 10，得 / 分 9.93): a line that does not open with a label continues the one
before, so a pair is read only once its line is complete.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from jixiao.models import BudgetBlock, BudgetRow, CellRead, Provenance, TextLine
from jixiao.normalizers.office_names import office_shaped
from jixiao.normalizers.value_parsing import parse_number
from jixiao.normalizers.spacing import squash
from jixiao.pipeline.assembly.budget_block import budget_words, doubtful_cells

#: A label: a short run of CJK (with （万元）-style brackets) closed by a full-width or ASCII colon.
LABEL_RE = re.compile(r"(?:^|(?<=\s))([\u4e00-\u9fff（）()]{2,14}?)\s*[:：]")
#: Labels of the money line.
AMOUNT_LABEL_RE = re.compile(r"^(项目资金|部门预算资金|预算资金|年度资金|资金情况|预算执行情况|项目预算)")
#: Figures of the money line → BudgetBlock field (first match wins).
AMOUNT_WORDS = (
    ("年初预算", "initial"), ("年度资金总额", "initial"), ("资金总额", "initial"), ("全年预算", "annual"),
    ("全年执行", "executed"), ("实际支出", "executed"), ("执行率", "rate"), ("分值", "weight"), ("得分", "score"),
)
#: Labels that open a pair even when nothing separates them from the value before
#: (主管部门：A实施单位：B, when the layer dropped the spaces between the pairs).
KNOWN_LABELS = ("项目名称", "主管部门", "实施单位", "项目单位", "填报单位", "部门名称", "单位名称", "项目属性", "项目期",
                "评价年度", "项目级次", "年度绩效目标", "联系人", "联系电话", "项目负责人", "填报日期", "金额单位",
                "申报单位", "具体实施单位")
#: A known label run on from the value before it. The labels are tried longest first and each match
#: takes its label whole, so a label inside a longer one (实施单位 in 具体实施单位) opens no pair of its own.
KNOWN_LABEL_RE = re.compile(r"(?<=\S)(" + "|".join(sorted(KNOWN_LABELS, key=len, reverse=True)) + r")(?=\s*[:：])")
#: Labels of the key/value block above a table → field name.
FIELD_LABELS = {
    "项目名称": "project", "主管部门": "department", "实施单位": "unit", "填报单位": "unit",
    "项目实施单位": "unit", "项目单位": "unit", "预算部门": "department",
    # a 重庆 目标表's pair: the department that files the declaration (申报单位) over the office that carries
    # the project out (具体实施单位), as 主管部门 over 实施单位
    "申报单位": "department", "具体实施单位": "unit",
    "部门名称": "unit", "单位名称": "unit", "部门（单位）名称": "unit", "部门(单位)名称": "unit",
    "评价年度": "year", "项目级次": "tier",
    # a project filed under a programme (一级项目名称 | the programme, 二级项目名称 | the project itself): the
    # 二级 one is the project the form is about (甘肃's 省级部门预算项目支出绩效目标表, 460)
    "二级项目名称": "project",
}
#: Labels whose value is an office's name: a fax that lost the colon after one ("主管部门仁寿县农业农村局",
#: "实施单位、仁寿县农田建设服务中心") leaves the label glued to a value shaped like an office's name.
OFFICE_LABELS = tuple(label for label, name in FIELD_LABELS.items() if name in ("unit", "department"))
_LABEL_WORDS = "|".join(re.escape(label) for label in sorted(set(OFFICE_LABELS) | set(KNOWN_LABELS), key=len,
                                                              reverse=True))
#: A known label at a line's start or after a space, its colon lost or read as another mark, and the
#: value up to the next space, where the line ends or the next known label begins: without its colon
#: nothing else says where the value ends.
LOST_COLON_RE = re.compile(r"(?:^|(?<=\s))(?P<label>" + _LABEL_WORDS + r")\s*[、,，.。;；·]?\s*(?P<value>[^\s:：、,，.。;；]+)"
                           r"(?=\s*$|\s+(?:" + _LABEL_WORDS + r"))")
#: Where a value read together with what follows it ends: the next known label and its colon, the
#: amounts' unit note ("单位：万元", "（单位：元）") printed beside the header block, or the money line
#: ("项目资金（万元）：", "项目资金（万元）年初预算数 …" when a fax lost its colon).
NEXT_LABEL_RE = re.compile(r"[（(]?(?:(?:" + "|".join(KNOWN_LABELS) + r")\s*[:：]|(?:金额)?单位\s*[:：]\s*万?元)"
                           r"|" + AMOUNT_LABEL_RE.pattern.lstrip("^") + r"\s*(?:[（(]万?元[)）])?\s*(?:[:：]|年初预算|全年预算)")
#: An office label is taken one character off only when it has at least this many characters: of a shorter
#: one a single character is too large a part to guess (every office label of FIELD_LABELS has four or more).
MIN_NEAR_LABEL_CHARS = 4
#: The mark of where the seal goes ("（盖章）"), printed in a unit's cell or after its label; OCR may misread
#: one of its two characters ("（盖季）" off a fax), the other and the brackets still say what it is.
SEAL_MARK_RE = re.compile(r"[（(]\s*(?:盖\s*[\u4e00-\u9fff]|[\u4e00-\u9fff]\s*章)\s*[)）]")
FIGURE_RE = re.compile(r"^(?:其中[:：]?)?\s*(?P<label>[^\d\-−]+?)\s*[:：]?\s*(?P<number>-?\d[\d,]*(?:\.\d+)?)\s*%?$")
PART_SPLIT_RE = re.compile(r"[，,；;、]")
#: Where a figure meets the next label with nothing between ("全年预算数601.20全年执行数555.03" off a fax
#: that lost the commas, "分值10.得分9.23").
GLUED_SPLIT_RE = re.compile(r"(?<=\d)\.?(?=[\u4e00-\u9fff])")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
#: The money line's labels, for a label a fax garbled ("项门资金（万元）"): the alternatives of AMOUNT_LABEL_RE.
MONEY_LABELS = tuple(AMOUNT_LABEL_RE.pattern.strip("^()").split("|"))
#: A money label's unit bracket, left out when a garbled label is compared with the printed ones.
UNIT_BRACKET_RE = re.compile(r"[（(]万?元[)）]$")
#: Least similarity (Levenshtein, normalised 0–1) of a garbled label to a money label: one character in
#: four may be lost ("项门资金" is 0.75 of 项目资金), a different label ("年度总体目标完成情况") is far.
GARBLED_LABEL_SIMILARITY = 0.7
#: Longest label of a money line's figure: a longer run of words is a sentence, not a label.
FIGURE_LABEL_CHARS = 8


def office_label_misread(text: str) -> str | None:
    """The field an OCR label cell names when it reads as one office label (实施单位, 主管部门, 填报单位 …)
    but for one character ("实施单行"), and as no other office label that near: a fax thins one stroke
    of a four-character label past recognition while the office's name beside it reads whole. None
    when it is not such a near reading, or is as near to labels of two fields."""
    label = squash(text)
    if len(label) < MIN_NEAR_LABEL_CHARS or label in FIELD_LABELS:
        return None
    near = {FIELD_LABELS[known] for known in OFFICE_LABELS
            if len(known) == len(label) and Levenshtein.distance(label, known) == 1}
    return near.pop() if len(near) == 1 else None


def value_before_next_label(value: str) -> str:
    """A key/value cell's value without what a lost rule or a long line joined to it: the text
    before the next label the forms print ("塘湖镇政府填报日期:2021.5.18" → "塘湖镇政府"), without
    the seal mark; empty when nothing of a value is left ("(盖章)单位:万元")."""
    value = SEAL_MARK_RE.sub("", value)
    match = NEXT_LABEL_RE.search(value)
    return (value[:match.start()] if match else value).strip(" \t\n:：,，;；")


def pairs(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs of one key/value line, in order."""
    text = KNOWN_LABEL_RE.sub(r" \1", text)
    matches = list(LABEL_RE.finditer(text))
    out = []
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = text[m.end(): nxt.start() if nxt else len(text)].strip()
        out.append((squash(m.group(1)), value))
    return out


def with_lost_colons(text: str) -> str:
    """An OCR line's known labels with the colon a fax lost put back: "主管部门仁寿县农业农村局 实施单位、仁寿县
    农田建设服务中心" reads as two pairs, and "实施单位 泉州市渔港监督站 联系人 陈志鸿" as two whose first value
    ends where 联系人 begins. A value is taken only where the line ends or the next label begins after it
    (a value followed by other words has no end that can be told), and an office's label's only where it is
    shaped like an office's name: anything else (a date, 年 月 日, a figure) is left as it reads, as is every
    label that kept its colon."""
    def restored(match: re.Match) -> str:
        office = match["label"] in OFFICE_LABELS
        if office and not office_shaped(value_before_next_label(match["value"])):
            return match.group(0)
        return f"{match['label']}：{match['value']}"

    return LOST_COLON_RE.sub(restored, text)


def opens_with_label(text: str) -> bool:
    match = LABEL_RE.match(text.strip())
    return match is not None and match.start() == 0


def amount_figures(value: str) -> tuple[dict[str, float], list[BudgetRow]]:
    """The money line's figures by field, and its other labelled amounts as 其中 rows."""
    figures: dict[str, float] = {}
    rows: list[BudgetRow] = []
    for part in PART_SPLIT_RE.split(squash(value)):
        match = FIGURE_RE.match(part)
        if not match:
            _glued_figures(part, figures)
            continue
        label, number = match.group("label"), parse_number(match.group("number"))
        if number is None:
            continue
        role = next((r for word, r in AMOUNT_WORDS if word in label), None)
        if role and role not in figures:
            figures[role] = number
        elif role is None:
            rows.append(BudgetRow(label=label, initial=number))
    return figures, rows


def _glued_figures(part: str, figures: dict[str, float]) -> None:
    """Figures of a part whose label/figure pairs met without separators: only pairs whose label names a
    field are taken (a garbled label glued to its figure is no 其中 row), and only when the whole part is
    such pairs — a figure with its unit after it ("年初预算为6128400.00元", "120万元") is prose quoting an
    amount in its own unit, not the money line's 万元 figure."""
    matches = [FIGURE_RE.match(piece) for piece in _glued_pieces(part)]
    if not all(matches):
        return
    for match in matches:
        number = parse_number(match.group("number"))
        role = next((r for word, r in AMOUNT_WORDS if word in match.group("label")), None)
        if role and number is not None and role not in figures:
            figures[role] = number


def _glued_pieces(value: str) -> list[str]:
    """A value's label/figure pieces: its comma-separated parts, each split where a figure meets a label."""
    return [piece for part in PART_SPLIT_RE.split(squash(value)) if part for piece in GLUED_SPLIT_RE.split(part)]


def opens_money_line(text: str) -> bool:
    """A line opening with the money line's label, whether or not a colon follows it (a fax drops it:
    "项目资金（万元）年初预算数 …")."""
    return bool(AMOUNT_LABEL_RE.match(squash(text)))


@dataclass
class KeyValueLines:
    """Collects the key/value lines of one form's header and reads them when complete."""

    pending: list[TextLine] = field(default_factory=list)
    #: The pending line's colons were put back (with_lost_colons), which takes a value only where the
    #: line ends after it: the line is complete, and nothing under it continues it.
    closed: bool = False

    def feed(self, line: TextLine) -> list[TextLine] | None:
        """Take a line; returns the previous key/value line once this one shows it complete."""
        restored = with_lost_colons(line.text) if line.method == "ocr" else line.text
        changed = restored != line.text
        if changed:
            line = line.model_copy(update={"text": restored})
        text = line.text.strip()
        if opens_with_label(text) or opens_money_line(text):
            done = self.flush()
            self.pending, self.closed = [line], changed
            return done
        if self.pending and not self.closed and self._continues(line):
            self.pending.append(line)
        return None

    def _continues(self, line: TextLine) -> bool:
        """A wrapped line follows right under the last one, at the same size (a thin rule read
        as a letter does not continue anything)."""
        last = self.pending[-1]
        height = last.bbox[3] - last.bbox[1]
        return (line.bbox[3] - line.bbox[1] >= 0.6 * height
                and line.bbox[1] - last.bbox[3] <= 1.5 * height)

    def flush(self) -> list[TextLine] | None:
        done, self.pending, self.closed = self.pending, [], False
        return done or None


def joined_text(lines: list[TextLine]) -> str:
    """A wrapped key/value line's text. A line that ends in a figure and a line under it that
    opens with a word meet at a boundary between two parts ("…，分值 10，" / "得分 9.95"), so
    a part separator stands there: OCR drops the small comma at a line's end, and the figure
    glued to the next label ("分值10得分9.95") was read as neither."""
    text = ""
    for line in lines:
        if text.rstrip()[-1:].isdigit() and CJK_RE.match(line.text.lstrip()):
            text += "，"
        text += line.text
    return text


def lines_read(lines: list[TextLine]) -> CellRead:
    """What the reader saw on one (wrapped) line outside the tables, as a cell: its text, where it
    is, and the least confidence of its lines."""
    first = lines[0]
    bbox = (min(l.bbox[0] for l in lines), first.bbox[1], max(l.bbox[2] for l in lines), lines[-1].bbox[3])
    return CellRead(text=joined_text(lines), page=first.page, bbox=bbox, method=first.method,
                    confidence=min(l.confidence for l in lines))


def read_key_value_line(lines: list[TextLine], fields: dict[str, str], labels: dict[str, str],
                        budget: BudgetBlock | None, reads: dict[str, CellRead] | None = None) -> BudgetBlock | None:
    """Fill ``fields`` (by ``labels``) and the budget block from one complete key/value line; the
    line each field came from goes to ``reads``.

    Fields already known are kept; a budget block read from a table wins over the line.
    """
    text = joined_text(lines)
    for label, value in pairs(text):
        name = labels.get(label)
        value = value_before_next_label(value)
        if name and value and name not in fields:
            fields[name] = value
            if reads is not None:
                reads[name] = lines_read(lines)
        if budget is not None and budget.provenance is not None:
            continue
        if AMOUNT_LABEL_RE.match(label):
            budget = _money_figures(lines, value, budget)
        elif is_garbled_money_line(label, value):  # a fax garbled its label ("项门资金"): read, but in doubt
            budget = _money_figures(lines, value, budget, doubtful=True)
    if opens_money_line(text) and (budget is None or budget.provenance is None):
        budget = _money_figures(lines, AMOUNT_LABEL_RE.sub("", squash(text)), budget)  # its colon lost
    return budget


def is_garbled_money_line(label: str, value: str) -> bool:
    """A labelled line that is the money line under a label a fax garbled: the label is short and close to a
    money label ("项门资金（万元）"), and its value is nothing but the block's label+figure pairs (budget_words),
    with no sentence and no 元/万元 after a figure — a line of prose that quotes the budget ("年度总体目标完成
    情况：项目年初预算数120万元，…") is no money line, and its 元 are no 万元 figures."""
    name = UNIT_BRACKET_RE.sub("", squash(label))
    if len(name) > FIGURE_LABEL_CHARS or max(Levenshtein.normalized_similarity(name, known)
                                              for known in MONEY_LABELS) < GARBLED_LABEL_SIMILARITY:
        return False
    return bool(budget_words(value)) and all(
        (m := FIGURE_RE.match(piece)) and len(m.group("label")) <= FIGURE_LABEL_CHARS for piece in _glued_pieces(value))


def _money_figures(lines: list[TextLine], value: str, budget: BudgetBlock | None,
                   doubtful: bool = False) -> BudgetBlock | None:
    """The budget block filled from the money line's figures (kept where a table gave them already); a line
    taken as the money line by its figures' labels alone (``doubtful``) gives figures the verdict doubts."""
    figures, rows = amount_figures(value)
    if not figures:
        return budget
    budget = budget or BudgetBlock()
    read = lines_read(lines)
    taken = {role: number for role, number in figures.items() if getattr(budget, role) is None}
    for role, number in taken.items():
        setattr(budget, role, number)
    if doubtful:
        budget.cells.update(doubtful_cells(taken, read))
    budget.rows.extend(rows)
    budget.provenance = Provenance(page=read.page, bbox=read.bbox, method=read.method, confidence=read.confidence)
    return budget
