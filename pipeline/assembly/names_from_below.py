"""A group's first rows left without their 一级/二级 name on an OCR page, given the name printed below them.

A merged 二级 cell spanning a group's rows is printed once, at the middle of its block. On a fax
whose rules the grid could not find, the block falls apart into one cell per row and the name lands
in one of the lower ones (901 at 100 dpi: 数量指标 over three rows, read in the third only). Carrying
a name down (hierarchy.resolve) mends the rows after it; the rows before it, at the start of their
parent's group, are left nameless. Those rows take the name of the first row below them in the same
parent group and on the same page: a group's rows are contiguous, and a row at a group's start with
no name of its own has no other name to be under.

Only on OCR pages (a text layer's merged cell keeps its extent), and the name is marked
``LABEL_FROM_BELOW`` with a guessed confidence: it was not read on those rows, so the form is
never ``ok`` on it. A 一级 name is not given to rows whose 二级 names the schema puts under
another 一级 only: a continuation page's first rows, whose group began on the page before, print
no 一级 (456's 成本指标 rows above 效益指标 are no 效益指标 rows).
"""
from __future__ import annotations

from jixiao.models.form import Indicator
from jixiao.normalizers.lost_parents import may_stand_over

__all__ = ["names_from_below"]

#: The name fields a row may take from below, with the field its group shares (None: the table).
_PARENT = {"level1_raw": None, "level2_raw": "level1_raw"}


def _same_group(a: Indicator, b: Indicator, parent: str | None) -> bool:
    """Two rows on one OCR page under one parent name."""
    return (a.provenance.page == b.provenance.page and b.provenance.method == "ocr"
            and (parent is None or getattr(a, parent) == getattr(b, parent)))


def names_from_below(indicators: list[Indicator]) -> list[tuple[int, str]]:
    """Give each OCR row at the start of its parent's group with an empty name the name of the first
    named row below it in that group (in place); returns (position, field) of every name so given."""
    given: list[tuple[int, str]] = []
    for field, parent in _PARENT.items():
        for i, ind in enumerate(indicators):
            if ind.provenance.method != "ocr" or getattr(ind, field).strip():
                continue
            if parent is not None and not getattr(ind, parent).strip():
                continue
            if i > 0 and _same_group(ind, indicators[i - 1], parent):
                continue  # not the group's first row: carried down, or left as read
            run = [i]
            for j in range(i + 1, len(indicators)):
                below = indicators[j]
                if not _same_group(ind, below, parent):
                    break
                name = getattr(below, field).strip()
                if name and field == "level1_raw" and not may_stand_over([indicators[k] for k in run], name):
                    break
                if name:
                    for k in run:
                        setattr(indicators[k], field, getattr(below, field))
                        given.append((k, field.removesuffix("_raw")))
                    break
                run.append(j)
    return given
