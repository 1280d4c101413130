"""Names the verdict doubts: text no form prints, and schema names read wrong.

Indicator names are ordinary words. Odd symbols, or many characters outside the
3,755 common ones, come from a reader (a broken font map, OCR noise), not from
whoever filled in the form (``IMPLAUSIBLE_NAME``).

The schema knows the names of the first two levels. Every 一级 name maps onto a
canonical one, so one that maps onto nothing was misread. 二级 names are freer
(a department form prints its tasks there: 优化政务服务), so a 二级 name is
held to the schema only when it is *nearly* a canonical name and still did not
map: "数成指标" is 数量指标 with a character misread, while a task name is
nowhere near any canonical name (``UNMAPPED_NAME``).

The schema also knows which 一级 each canonical 二级 sits under. A merged 一级
label whose rows go on from 二级 groups of its own into groups that sit under
another 一级 (产出指标 over 数量, 质量 … and then 社会效益指标) was stretched
past its rows: a rule under it was lost (a photo's faint line) and the next
一级 label fell into it, so the names of those rows are in doubt
(``LABEL_SPAN_DOUBT``). Only a run that first fits and then leaves its 一级 is
doubted: a form that files a group under an unusual 一级 from its first row is
the office's choice, not the reader's slip.

A label OCR could not read and the schema's hierarchy named (normalizers.lost_parents)
is inferred, not read (``RESTORED_LABEL``).

The recogniser tells a character's variant forms apart poorly: a printed 爲 reads
為 with full confidence, and both are 为 to a reader of simplified text. On a form
whose OCR text is written in the simplified script, a traditional character is the
odd one out: the office kept a variant form (爲企业办实事) or the recogniser made
one, and which variant the page shows is not settled by the reading
(``VARIANT_CHARACTER``). A form read in the traditional script throughout is left
alone: there the variants are the script, not an exception in it.
"""
from __future__ import annotations

from functools import lru_cache

from jixiao.models.form import Form, VerdictReason
from jixiao.normalizers.names import script_of, to_simplified
from jixiao.normalizers.units import is_common_hanzi
from jixiao.pipeline.validation.cell_doubts import squash

#: A name of at least this many Chinese characters, more than this share of them
#: outside the common 3,755 (GB 2312 level 1), is not text a form prints.
NAME_MIN_HANZI = 4
#: Text cells an OCR reading of which is checked for variant characters (VARIANT_CHARACTER).
VARIANT_FIELDS = ("level3", "target", "actual")
NAME_MAX_RARE = 0.34
#: Characters that are neither CJK, letters, digits nor this punctuation count as odd.
NAME_PUNCTUATION = set("（）()[]【】《》“”\"'‘’、，,。.：:；;－-—–_/%％·+×*<>≤≥=＝~～ 　?？!！&#①②③④⑤⑥⑦⑧⑨⑩")


def _mapper():
    """The schema's names, for how near an unmapped name comes to a canonical one."""
    from jixiao.normalizers.mapping import default_mapper

    return default_mapper()


@lru_cache(maxsize=4)  # asked for levels 1 and 2 in turn: one slot would be rebuilt on every call
def _canonical(level: int) -> frozenset[str]:
    return frozenset(entry.name for entry in _mapper().schema.level(level))


def implausible_name(text: str) -> str:
    """Why a name is not text a form prints ("" when it is); traditional characters
    are counted as their simplified forms."""
    t = squash(text)
    if not t:
        return ""
    odd = [ch for ch in t if not (ch.isalnum() or ch in NAME_PUNCTUATION)]
    if len(odd) >= 2 or (odd and len(odd) / len(t) > 0.2):
        return f"odd characters {''.join(odd)!r}"
    hanzi = [ch for ch in to_simplified(t) if "\u4e00" <= ch <= "\u9fff"]
    rare = [ch for ch in hanzi if not is_common_hanzi(ch)]
    if len(hanzi) >= NAME_MIN_HANZI and len(rare) / len(hanzi) > NAME_MAX_RARE:
        return f"{len(rare)} of {len(hanzi)} characters are rare ({''.join(rare[:6])})"
    return ""


def near_miss(level: int, raw: str) -> tuple[str, float] | None:
    """The canonical name an unmapped name nearly is (score ≥ the mapper's near-miss
    floor), or None when it is far from every one."""
    mapper = _mapper()
    match = mapper.match_name(level, raw)
    if match.mapped or not match.suggestions:
        return None
    name, score = match.suggestions[0]
    return (name, score) if score >= mapper.thresholds.level3_report_floor else None


@lru_cache(maxsize=1)
def _entries_by_name() -> tuple[dict[str, object], dict[str, object]]:
    """Canonical 一级 and 二级 entries by name."""
    schema = _mapper().schema
    return ({e.name: e for e in schema.level(1)}, {e.name: e for e in schema.level(2)})


def sits_under(level2: str, level1: str) -> bool | None:
    """Whether a canonical 二级 name sits under a canonical 一级 name in the schema;
    None when either is unknown or the 二级 names no 一级 it sits under."""
    level1s, level2s = _entries_by_name()
    upper, lower = level1s.get(level1), level2s.get(level2)
    if upper is None or lower is None or not lower.parents:
        return None
    return upper.code in lower.parents


def _level1_runs(indicators: list) -> list[list]:
    """Consecutive rows that read the same 一级 name."""
    runs: list[list] = []
    for ind in indicators:
        if runs and ind.level1_raw and runs[-1][-1].level1_raw == ind.level1_raw:
            runs[-1].append(ind)
        else:
            runs.append([ind])
    return runs


def stretched_label_reasons(form: Form) -> list[VerdictReason]:
    """Rows of a 一级 run past its own 二级 groups: the label reached over another 一级's rows.

    Only where the reader placed the labels itself (OCR, or a table whose rules were inferred):
    a text layer's drawn grid puts each label where the office printed it, and an office that
    files a group under an unusual 一级 made a choice the reader must not call a misread.
    """
    if form.method != "ocr" and "inferred" not in form.table_reading:
        return []
    reasons = []
    for run in _level1_runs(form.indicators):
        fitted = False
        for ind in run:
            fits = sits_under(ind.level2, ind.level1)
            fitted = fitted or bool(fits)
            if fitted and fits is False:
                reasons.append(VerdictReason(
                    code="LABEL_SPAN_DOUBT", row_index=ind.row_index, field="level1", read=ind.level1_raw,
                    detail=f"二级 {ind.level2_raw} does not sit under {ind.level1}, whose earlier rows it follows: "
                           "the 一级 label may reach past its rows (a rule lost)"))
    return reasons


def name_reasons(form: Form) -> list[VerdictReason]:
    reasons = []
    seen: set[str] = set()
    unmapped_seen: set[tuple[int, str]] = set()
    for ind in form.indicators:
        for field, text in (("level1", ind.level1_raw), ("level2", ind.level2_raw), ("level3", ind.level3_raw)):
            if not text or (field != "level3" and text in seen):
                continue
            seen.add(text)
            why = implausible_name(text)
            if why:
                reasons.append(VerdictReason(code="IMPLAUSIBLE_NAME", row_index=ind.row_index, field=field,
                                             read=text, detail=why))
        reasons += _unmapped(ind.row_index, 1, ind.level1_raw, ind.level1, unmapped_seen)
        reasons += _unmapped(ind.row_index, 2, ind.level2_raw, ind.level2, unmapped_seen)
    return reasons + restored_label_reasons(form) + stretched_label_reasons(form) + variant_reasons(form)


def variant_reasons(form: Form) -> list[VerdictReason]:
    """Each OCR-read text cell holding a traditional character on a form whose OCR text marks the simplified
    script more often than the traditional one: which variant form the page prints is in doubt."""
    cells = [(ind.row_index, field, cell) for ind in form.indicators for field, cell in ind.cells.items()
             if field in VARIANT_FIELDS and cell.method == "ocr" and cell.text]
    scripts = [script_of(ch) for _, _, cell in cells for ch in cell.text]
    if scripts.count("simplified") <= scripts.count("traditional"):
        return []
    reasons = []
    for row_index, field, cell in cells:
        variants = "".join(ch for ch in cell.text if script_of(ch) == "traditional")
        if variants:
            reasons.append(VerdictReason(code="VARIANT_CHARACTER", row_index=row_index, field=field,
                                         read=cell.text.strip(),
                                         detail=f"{variants} is a traditional form on a form read in simplified "
                                                "script: the recogniser confuses a character's variant forms"))
    return reasons


def restored_label_reasons(form: Form) -> list[VerdictReason]:
    """Each 一级/二级 label OCR could not read and the schema's hierarchy named
    (normalizers.lost_parents): a name inferred, not read, so the form is reviewed."""
    reasons = []
    seen: set[tuple[str, str, str]] = set()
    for ind in form.indicators:
        for field, read in ind.restored_labels.items():
            name = getattr(ind, f"{field}_raw")
            if (field, read, name) not in seen:
                seen.add((field, read, name))
                reasons.append(VerdictReason(code="RESTORED_LABEL", row_index=ind.row_index, field=field, read=read,
                                             fits=name, detail="an unreadable label named by the 二级 groups it "
                                             "holds or the one 一级 it sits under"))
    return reasons


def _unmapped(row_index: int, level: int, raw: str, mapped: str, seen: set[tuple[int, str]]) -> list[VerdictReason]:
    """A 一级 name that maps onto nothing, or a 二级 name that nearly is a canonical one."""
    if not raw or mapped in _canonical(level) or (level, raw) in seen:
        return []
    seen.add((level, raw))
    field = f"level{level}"
    if level == 1:
        return [VerdictReason(code="UNMAPPED_NAME", row_index=row_index, field=field, read=raw,
                              detail="no canonical 一级指标 matches it")]
    near = near_miss(level, raw)
    if near is None:
        return []
    return [VerdictReason(code="UNMAPPED_NAME", row_index=row_index, field=field, read=raw,
                          detail=f"nearly the canonical {near[0]} ({near[1]:.2f}) yet not it: a character misread")]
