"""A 一级 label the recogniser lost, named by the 二级 groups it holds.

A merged 一级 cell of a fax is often read as nothing like a name ("hnks" for
产出指标): its strokes are thin and large, and no fuzzy match reaches it. Yet
the schema knows which 一级 each canonical 二级 sits under, and the rows the
label spans say it plainly: 数量指标, 质量指标, 时效指标 and 成本指标 sit under
产出指标 on a project form. So an OCR 一级 label that maps onto no 一级 name,
over rows whose 二级 names map and share exactly one parent of the form's kind
(project or department forms; ``SchemaEntry.forms``), is read as that parent's
canonical name. A form prints each 一级 label once, so a parent another label of the
form already names is not this one's (服务对象满意度指标 sits under 满意度指标 and
under 效益指标; beside a 效益指标 label it is 满意度指标's) — except the label just across a
page break, which a group continued on the next page repeats. Where more than one
parent is left, nothing is chosen.

A table whose header names no 一级 column is named the same way, row by row
(``name_unprinted_level1``): where the header was read surely (a text layer, an OCR header read
surely, a table read one level down) no 一级 was printed, so only the canonical 一级 is named and the
printed one stays empty; otherwise the heading may have been lost with its column, and the name is
restored as below, in doubt.

The other way round, an unreadable 二级 label under a 一级 the schema gives one child
only (满意度指标 holds 服务对象满意度指标 alone) is that child's canonical name.

Only the name is restored: the cell keeps its reading and its low confidence, the
row's 一级 field keeps at most RESTORED_CONFIDENCE and the row records the reading it
replaced (``Indicator.restored_labels``), which the verdict names (RESTORED_LABEL), so
the form stays in review.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from jixiao.models.form import Indicator
from jixiao.normalizers.mapping import IndicatorMapper, default_mapper

__all__ = ["may_stand_over", "name_unprinted_level1", "restore_lost_level1", "restore_lost_level2"]

#: A 一级 cell read at least this surely is taken as printed, mapped or not (an office's own 一级).
UNSURE = 0.5
#: A restored 一级 name keeps at most this confidence.
RESTORED_CONFIDENCE = 0.5
#: At least this share of a label's rows must have a 二级 name that maps (the others are unread).
MAPPED_SHARE = 0.5
#: Which schema entries (``forms``) fit which form kind.
_SCHEMA_FORMS = {"project_self_eval": {"project", "both", None}, "target_declaration": {"project", "both", None},
                 "dept_self_eval": {"department", "both", None}}


def restore_lost_level1(indicators: Sequence[Indicator], kind: str, mapper: IndicatorMapper | None = None
                        ) -> list[int]:
    """Give each unreadable OCR 一级 label of a form of ``kind`` the one parent its rows' 二级 names
    share; returns the indices of the indicators changed."""
    fits = _SCHEMA_FORMS.get(kind)
    runs = _label_runs(indicators)
    if fits is None or not any(_unsure(indicators[run[0]], "level1") for run in runs):
        return []  # a text layer's labels, or an OCR form's read surely: nothing to name
    mapper = mapper or default_mapper()
    codes = [mapper.upper_codes(indicators[run[0]].level1_raw, indicators[run[0]].level2_raw)[0] for run in runs]
    changed: list[int] = []
    for k, group in enumerate(runs):
        rows = [indicators[i] for i in group]
        if codes[k] or not _unsure(rows[0], "level1"):
            continue  # mapped (alone or by its child's parents), or read surely
        parent = _shared_parent(rows, mapper, fits, _held_by_others(runs, codes, k, indicators))
        if parent is None:
            continue
        for i in group:
            _restore(indicators[i], "level1", parent)
            changed.append(i)
    return changed


def _held_by_others(runs: list[list[int]], codes: list[str], k: int, indicators: Sequence[Indicator]) -> set[str]:
    """The 一级 names the form's other labels hold, which run ``k``'s label is not: a form prints each
    一级 label once — but once per page, since a group continued over a page break repeats its label
    on the next page, so a run next to this one across a page break may be this very label."""
    def across_page_break(j: int) -> bool:
        a, b = sorted((j, k))
        return indicators[runs[a][-1]].provenance.page != indicators[runs[b][0]].provenance.page

    return {code for j, code in enumerate(codes)
            if code and j != k and not (abs(j - k) == 1 and across_page_break(j))}


def restore_lost_level2(indicators: Sequence[Indicator], mapper: IndicatorMapper | None = None) -> list[int]:
    """Give each unreadable OCR 二级 label the one child the schema knows under its row's 一级;
    returns the indices of the indicators changed."""
    changed: list[int] = []
    for group in _label_runs(indicators, "level2_raw"):
        first = indicators[group[0]]
        if not _unsure(first, "level2"):
            continue
        mapper = mapper or default_mapper()
        level1, level2 = mapper.upper_codes(first.level1_raw, first.level2_raw)
        if level2 or not level1:
            continue
        children = [e for e in mapper.schema.level(2) if level1 in e.parents]
        if len(children) != 1:
            continue
        for i in group:
            _restore(indicators[i], "level2", children[0].name)
            changed.append(i)
    return changed


def name_unprinted_level1(indicators: Sequence[Indicator], kind: str, header_sure: bool,
                          mapper: IndicatorMapper | None = None) -> list[int]:
    """A table whose header names no 一级 column still files each row under one: the one parent of the
    form's kind the schema gives the row's 二级 (数量指标 → 产出指标 on a project form; 服务对象满意度指标,
    under 满意度指标 and 效益指标, gets none). Where the header was read surely (``header_sure``: a text
    layer's, an OCR header read surely, or a table read one level down) no 一级 was printed: only the
    canonical 一级 is named, the printed one stays empty, as printed. Otherwise the 一级 heading may
    only have been lost by the reader, with its column: the name is restored as a lost label is, kept
    in doubt (RESTORED_LABEL). Returns the indices of the indicators named."""
    fits = _SCHEMA_FORMS.get(kind)
    if fits is None or any(ind.level1_raw.strip() for ind in indicators):
        return []
    mapper = mapper or default_mapper()
    named: list[int] = []
    for i, ind in enumerate(indicators):
        code = mapper.match_name(2, ind.level2_raw).code if ind.level2_raw.strip() else ""
        parents = _parents_of_kind(code, mapper, fits) if code else set()
        if len(parents) != 1:
            continue
        name = mapper.schema.entries[parents.pop()].name
        if header_sure:
            ind.level1 = name
        else:
            _restore(ind, "level1", name)
        named.append(i)
    return named


def may_stand_over(rows: Sequence[Indicator], level1: str, mapper: IndicatorMapper | None = None) -> bool:
    """Whether a 一级 name may stand over these rows: no row's 二级 maps to a 二级 the schema puts under
    other 一级 names only (a name the schema does not know says nothing either way). Asked before a name
    printed elsewhere is given to rows that print none (assembly's names_from_below)."""
    mapper = mapper or default_mapper()
    code = mapper.match_name(1, level1).code
    if not code:
        return True
    entries = mapper.schema.entries
    children = (mapper.match_name(2, row.level2_raw).code for row in rows if row.level2_raw.strip())
    return all(code in entries[child].parents for child in children if child)


def _parents_of_kind(code: str, mapper: IndicatorMapper, fits: set[str | None]) -> set[str]:
    """The 一级 codes the schema puts 二级 ``code`` under on a form of the kind ``fits`` describes."""
    entries = mapper.schema.entries
    return {p for p in entries[code].parents if p in entries and entries[p].forms in fits}


def _restore(ind: Indicator, field: str, name: str) -> None:
    ind.restored_labels.setdefault(field, getattr(ind, f"{field}_raw"))
    setattr(ind, f"{field}_raw", name)
    ind.field_confidence[field] = min(ind.field_confidence.get(field, 1.0), RESTORED_CONFIDENCE)


def _unsure(ind: Indicator, field: str) -> bool:
    """An OCR reading of a label, read unsurely."""
    return (ind.provenance.method == "ocr" and bool(getattr(ind, f"{field}_raw").strip())
            and ind.field_confidence.get(field, 1.0) < UNSURE)


def _label_runs(indicators: Sequence[Indicator], role: str = "level1_raw") -> list[list[int]]:
    """Runs of consecutive rows of one page under one reading of a label (a merged label gives each its text)."""
    def label_on_page(i: int) -> tuple[str, int]:
        return getattr(indicators[i], role), indicators[i].provenance.page

    return [list(run) for _, run in groupby(range(len(indicators)), key=label_on_page)]


def _shared_parent(rows: Sequence[Indicator], mapper: IndicatorMapper, fits: set[str | None],
                   held: set[str]) -> str | None:
    """The canonical name of the one 一级 of the form's kind, not ``held`` by another label of the form,
    that every mapped 二级 of ``rows`` sits under."""
    codes = [mapper.match_name(2, ind.level2_raw).code for ind in rows if ind.level2_raw.strip()]
    mapped = [code for code in codes if code]
    if not mapped or len(mapped) < MAPPED_SHARE * len(rows):
        return None
    shared: set[str] | None = None
    for code in mapped:
        parents = _parents_of_kind(code, mapper, fits)
        shared = parents if shared is None else shared & parents
    shared = (shared or set()) - held
    if len(shared) != 1:
        return None
    return mapper.schema.entries[shared.pop()].name
