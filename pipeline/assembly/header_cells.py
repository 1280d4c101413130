"""An OCR header row read as the column headings its ink supports.

A coarse fax can misread an indicator table's headings past recognition ("微指标" for 三级指标,
"权型" for 权重): the row then names fewer than two levels and is not taken as a header, and the
whole table, with every form on it, is lost. Each unsure OCR cell carries its best reading under
the closed vocabulary of headings (normalizers/header_words.py, decoded from the recogniser's
per-time-step probabilities in extractors/ocr/vocabulary_decoding.py) with the share of the free
best path's probability that word keeps.

Here a row that is not a header as read is read again with each unsure cell replaced by its heading
word where that word keeps at least ``HEADING_MIN_SHARE``; the row is a header only if it is one then. The
headings only name the columns' roles: no value of the form is read from them, so nothing a form
states is changed by this reading. (``headings_kept_from_above``, for a heading the grid cut in two, is
asked of every header, a text layer's too; see its doc.)
"""
from __future__ import annotations

import dataclasses
import re

from jixiao.pipeline.assembly.columns import HEADER_SURE, names_levels_by_content, role_of
from jixiao.pipeline.assembly.rows import Row

__all__ = ["HEADING_MIN_SHARE", "ROLELESS_HEADING_MIN_SHARE", "as_heading_words", "headings_kept_from_above",
           "roleless_cells_as_heading_words"]

#: The name levels' roles: a level is named by where its heading stands, not by holding a role once.
NAME_LEVELS = ("level1", "level2", "level3")

#: The least share of the free path's probability a heading word's path must keep, measured on the
#: tune fax with misread headings (427, 100 dpi): its headings' words kept 6.6e-5 (三级指标 read as
#: 微指标) to 1.0, while its data cells decoded as headings kept less than 1e-6.
HEADING_MIN_SHARE = 1e-5
#: The least share for a role-less cell of a header already recognised (roleless_cells_as_heading_words):
#: such a cell may be a heading that rightly names no role (备注, 偏差原因分析及改进措施, a banner), and on
#: the corpus's OCR pages those kept a share of 0 for every heading word, while the role-less cells that
#: were misread headings (分值 under a stamp's shadow, 得分, 一级指标 as a blot) kept 1.78e-4 to 0.82.
ROLELESS_HEADING_MIN_SHARE = 1e-4


def as_heading_words(row: Row) -> Row | None:
    """``row`` with its unsure OCR cells read as heading words; None when no cell has one."""
    if row.table.method != "ocr":
        return None
    cells, changed = [], False
    for rc in row.cells:
        word = _heading_word(rc.text, rc.cell)
        if word is not None:
            rc, changed = dataclasses.replace(rc, text=word), True
        cells.append(rc)
    return dataclasses.replace(row, cells=cells) if changed else None


def roleless_cells_as_heading_words(row: Row) -> Row:
    """A header row as read with each unsure OCR cell that names no column (a stamp's or a shadow's
    "万Ⅲ" for 分值) read as the heading word its ink supports: the column under it keeps its role
    instead of being dropped with its figures. Cells that name a role as read are left alone, and a
    word is taken only for a role the row lacks: a header that has its 分值 column gains no second
    one from a 备注 or 偏差原因分析 heading read unsurely (those columns name no role, rightly). A level
    name is the exception: its role is its place (a merged "级指标" heading read once per column names
    level after level), so a 一级指标 read from a blot is not refused for a level an unnumbered one took."""
    if row.table.method != "ocr":
        return row
    as_read = _roles(rc.text for rc in row.cells)
    roles = {role for role in as_read if role is not None}
    cells, texts = [], []
    for rc, role in zip(row.cells, as_read):
        word = _heading_word(rc.text, rc.cell, ROLELESS_HEADING_MIN_SHARE) if role is None else None
        if word is not None and (gained := _roles([*texts, word])[-1]) is not None \
                and (gained in NAME_LEVELS or gained not in roles):
            rc = dataclasses.replace(rc, text=word)
            roles.add(gained)
        cells.append(rc)
        texts.append(rc.text)
    return dataclasses.replace(row, cells=cells)


def headings_kept_from_above(row: Row, above: Row) -> Row:
    """A header's second grid line (``row``, which shares ``above``'s merged headings) with each heading
    that names no column replaced by the one right above it, when that names one and spans the very same
    grid columns: one heading cut in two by the grid, not a group heading over its sub-columns.

    A row rule can be found where none is printed (the strokes of a bold heading line up across a
    scan's cells) and cut a heading through its glyphs: 得分 then reads "得分" above the cut and "付刀"
    below it. Since the line below repeats every merged heading above it, it passes for the header
    and its "付刀" would drop the 得分 column with every score. Only a heading without a role is
    replaced, so a true second line (指标值 | 度量单位 under 年度指标值) is read as before. A column printing
    no sub-heading under a group heading is the group's own (455: 预期指标值 over 符号 | — | 单位, its
    figures in the column without a heading).

    It is asked of every header, a text layer's too, not of OCR headers only: a text layer's grid is
    cut by its drawn rules, whose second line holds no glyphs of a heading cut in two, so there a heading
    without a role under one spanning the very same columns is at most replaced by a name its column
    already had from above (harmless, and it spares a test of the reading's kind)."""
    shared = {id(a.cell) for a in above.cells}
    if not any(not rc.is_origin and id(rc.cell) in shared for rc in row.cells):
        return row
    over = {rc.col: rc for rc in above.cells if rc.is_origin}
    as_read, over_roles = _roles(rc.text for rc in row.cells), _roles(rc.text for rc in above.cells)
    roles_above = {rc.col: role for rc, role in zip(above.cells, over_roles)}
    above_text = {rc.col: rc.text for rc in above.cells}
    cells = []
    for rc, role in zip(row.cells, as_read):
        top = over.get(rc.col)
        if rc.is_origin and role is None and top is not None and roles_above.get(rc.col) is not None \
                and (top.cell.col, top.cell.colspan) == (rc.cell.col, rc.cell.colspan):
            rc = dataclasses.replace(rc, text=top.text, cell=top.cell)
        elif rc.is_origin and not rc.text.strip() and roles_above.get(rc.col) is not None:
            rc = dataclasses.replace(rc, text=above_text[rc.col])  # no sub-heading: the group's own value
        cells.append(rc)
    return dataclasses.replace(row, cells=cells)


def _roles(texts) -> list[str | None]:
    """Each heading's role read left to right, as the column map reads them (a 分值 is of the level
    named to its left)."""
    texts = list(texts)
    out, last_level, assessment = [], None, names_levels_by_content(texts)
    for text in texts:
        role = role_of(text, last_level, assessment)
        if role in NAME_LEVELS:
            last_level = int(role[-1])
        out.append(role)
    return out


def _heading_word(text: str, cell, min_share: float = HEADING_MIN_SHARE) -> str | None:
    """The heading word an unsure cell's ink supports (keeping at least ``min_share``), when it differs
    from the free reading."""
    found = cell.vocabulary_readings.get("header")
    if not found or cell.confidence >= HEADER_SURE or not text.strip():
        return None
    word, share = found
    return word if share >= min_share and word != re.sub(r"\s+", "", text) else None
