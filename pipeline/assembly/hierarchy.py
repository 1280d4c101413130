"""一级/二级 names and subtotals printed in merged cells, resolved across page breaks.

A merged cell that straddles a page break is drawn once per page, but its text
sits at the centre of the whole block, so it lands on one page only and the
other pieces are empty (LibreOffice), or it sits in the first piece (Chromium).
Carrying the previous group's name into an empty piece would file rows under the
wrong parent. Instead, the pieces of one block are joined: adjacent segments on
consecutive pages where one side is empty are the same block, and every row of
the block takes its text. A segment is the run of rows covered by one cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.pipeline.assembly.template_rows import is_points_alone, points_in_label

#: Roles printed in merged cells, parents first: a child's block never spans two parents.
HIERARCHY_ROLES = ("level1", "level1_weight", "level1_score", "level2", "level2_weight", "level2_score")
PARENT = {"level1_weight": "level1", "level1_score": "level1", "level2": "level1",
          "level2_weight": "level2", "level2_score": "level2"}


@dataclass
class Piece:
    """What one row saw in a hierarchy column: the covering cell's identity and text."""

    key: tuple | None
    page: int
    text: str
    #: The covering cell runs on past the page end / began on an earlier page.
    open_end: bool = False
    open_start: bool = False


@dataclass
class RowPieces:
    """What one table row saw in the merged hierarchy columns, by role, and whether it was an unfilled
    template row ("指标1："): such a row makes no indicator, but its group cells still name a group."""

    by_role: dict[str, Piece] = field(default_factory=dict)
    template: bool = False


@dataclass
class _Segment:
    rows: list[int]
    first_page: int
    last_page: int
    text: str
    open_start: bool = False
    open_end: bool = False
    #: Every row the cell covers is an unfilled template row.
    template_only: bool = False


def _segments(pieces: list[Piece], templates: list[bool]) -> list[_Segment]:
    out: list[_Segment] = []
    for i, piece in enumerate(pieces):
        last = out[-1] if out else None
        if last and piece.key is not None and pieces[last.rows[-1]].key == piece.key:
            last.rows.append(i)
            last.last_page = piece.page
            last.open_end = piece.open_end
            last.template_only = last.template_only and templates[i]
            continue
        out.append(_Segment(rows=[i], first_page=piece.page, last_page=piece.page, text=piece.text,
                            open_start=piece.open_start, open_end=piece.open_end, template_only=templates[i]))
    return out


def _is_text_tail(prev: _Segment, seg: _Segment) -> bool:
    """``seg`` opens its page with nothing but the points of a label whose name ends the page before
    over template rows only ("项目效益" over "指标1：" | "（35分）"): one label's text broken by the page
    (Writer), closed by rules on both sides. A name over filled rows is a group of its own, and points
    under it a label of the next page's rows."""
    return (seg.first_page > prev.last_page and prev.template_only and bool(prev.text)
            and points_in_label(prev.text) is None and is_points_alone(seg.text))


def _named(text: str) -> bool:
    """Whether a piece's text says anything: the sliver of a label the page's end clipped prints only
    its brackets ("( )" of "质量指标(5分)"), which says nothing (a group's points, "8", do)."""
    return any(ch.isalnum() for ch in text)


def _join_page_pieces(segments: list[_Segment], parents: list[str] | None) -> list[_Segment]:
    """Join a block's pieces across a page break: the rule between them is missing
    (the block runs on), one side is empty or both say the same, and they share a parent; or the
    second piece is the label's points the break carried over."""
    out: list[_Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if prev is None or not (parents is None or parents[prev.rows[-1]] == parents[seg.rows[0]]):
            out.append(seg)
        elif _is_text_tail(prev, seg):
            _absorb(prev, seg, prev.text + seg.text)
        elif (seg.first_page > prev.last_page and (prev.open_end or seg.open_start)
              and (not _named(prev.text) or not _named(seg.text) or prev.text == seg.text)):
            _absorb(prev, seg, prev.text if _named(prev.text) else seg.text)
        else:
            out.append(seg)
    return out


def _absorb(prev: _Segment, seg: _Segment, text: str) -> None:
    """``seg`` is the rest of ``prev``'s block on the next page: one segment with ``text``."""
    prev.rows.extend(seg.rows)
    prev.last_page = seg.last_page
    prev.open_end = seg.open_end
    prev.template_only = prev.template_only and seg.template_only
    prev.text = text


def extend_block(rows: list[RowPieces], role: str, key: tuple | None, rest: str) -> None:
    """Append ``rest`` to the text of the merged cell ``key`` in every row it covers: the end of a label a
    row split by the page break printed on the next page (see split_rows), which makes no row of its own."""
    for row in rows:
        piece = row.by_role.get(role)
        if piece is not None and piece.key == key:
            piece.text += rest


def resolve(rows: list[RowPieces]) -> list[dict[str, str]]:
    """For each row (template rows too), the text of each hierarchy role after joining page pieces."""
    resolved: list[dict[str, str]] = [{} for _ in rows]
    templates = [r.template for r in rows]
    for role in HIERARCHY_ROLES:
        pieces = [r.by_role.get(role) or Piece(key=None, page=0, text="") for r in rows]
        parent = PARENT.get(role)
        parents = [r[parent] for r in resolved] if parent else None
        previous: _Segment | None = None
        for seg in _join_page_pieces(_segments(pieces, templates), parents):
            if not seg.text and role in ("level1", "level2") and previous is not None and (
                    parents is None or parents[previous.rows[-1]] == parents[seg.rows[0]]):
                seg.text = previous.text  # a covered cell that was read as a cell of its own
            for i in seg.rows:
                resolved[i][role] = seg.text
            previous = seg
    return resolved
