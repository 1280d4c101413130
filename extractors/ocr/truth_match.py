"""Score OCR'd indicator tables against a sample's truth file, field by field.

Used by the OCR tests and ``bench/ocr_pages.py``. Columns are found by their
printed headers (the truth lists each form's headers), rows by their 三级指标
name; a truth indicator that no OCR'd row matches counts as wrong in every field.
Comparison is on printed text after light normalisation (NFKC, no whitespace,
≧/≦ as ≥/≤, curly quotes straight), numbers by value: what ``jixiao.normalizers.ocr_repair`` would leave alone.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from rapidfuzz import fuzz

from jixiao.models.page import PageContent, PageTable

#: Fields compared (those of them that a form prints).
FIELDS = ("level3", "target", "target_op", "target_value", "target_unit", "actual", "weight", "score")
#: A header cell matches the truth header at this similarity (0–100).
HEADER_MATCH = 80
#: An OCR'd row is the truth row whose 三级指标 name is at least this similar.
ROW_MATCH = 80


#: Typographic variants a repair step folds anyway.
_FOLD = str.maketrans({"≧": "≥", "≦": "≤", "“": '"', "”": '"', "‘": "'", "’": "'"})


def normalise(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).translate(_FOLD)
    text = "".join(text.split())
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return text
    return f"{number:g}"


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)  # (level3, field, truth, ocr)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def _header_labels(grid: list[list[str]], rows: range) -> list[tuple[str, int, int]]:
    """(text, row, col) of header candidates: single cells and two stacked cells
    (two-row headers print "三级指标" over "名称")."""
    n_cols = len(grid[0]) if grid else 0
    labels = [(grid[r][c], r, c) for r in rows for c in range(n_cols)]
    labels += [(grid[r][c] + grid[r + 1][c], r, c) for r in rows if r + 1 < len(grid)
               for c in range(n_cols) if grid[r][c] != grid[r + 1][c]]
    return labels


def _best(want: str, labels: list[tuple[str, int, int]]) -> tuple[float, int, int]:
    return max(((fuzz.ratio(want, normalise(t)), -r, c) for t, r, c in labels), default=(0.0, 0, -1))


def _header_columns(table: PageTable, columns: list[dict[str, str]]) -> dict[str, int]:
    """field → column index, from the truth's printed headers.

    The header row is where the 三级指标 header is; other headers are looked up
    next to it only (a budget block above may print its own "得分").
    """
    grid = table.grid()
    level3 = next((c for c in columns if c["field"] == "level3"), None)
    if level3 is None or not grid:
        return {}
    sim, neg_row, col = _best(normalise(level3["header"]), _header_labels(grid, range(len(grid))))
    if sim < HEADER_MATCH:
        return {}
    anchor = -neg_row
    near = _header_labels(grid, range(max(anchor - 1, 0), min(anchor + 2, len(grid))))
    found: dict[str, int] = {"level3": col}
    for column in columns:
        if column["field"] not in FIELDS or column["field"] in found:
            continue
        sim, _, c = _best(normalise(column["header"]), near)
        if sim >= HEADER_MATCH and c not in found.values():
            found[column["field"]] = c
    return found


def _forms_printed(forms: list[dict[str, Any]], printed: str) -> list[dict[str, Any]]:
    """Forms with an indicator name of their own (no other form has it) in ``printed``.

    Forms of one document repeat names ("指标1: 工作完成及时性"); only names
    unique to a form tell which forms a page shows.
    """
    names = [{normalise(i["level3"]) for i in f["indicators"]} for f in forms]
    out = []
    for k, form in enumerate(forms):
        others = set().union(*(n for j, n in enumerate(names) if j != k))
        if any(name and name in printed for name in names[k] - others):
            out.append(form)
    return out


def score_tables(pages: Iterable[PageContent], truth: dict[str, Any], printed_text: str | None = None) -> FieldScore:
    """Field accuracy of every indicator of ``truth`` (a samples/truth/*.json object).

    With ``printed_text`` (the text layer of the same pages in the digital twin)
    only the indicators printed on those pages count, so a few pages can be scored.
    """
    printed_norm = normalise(printed_text) if printed_text is not None else None
    forms = [f for f in truth["forms"] if f.get("indicators")]
    if printed_norm is not None:
        forms = _forms_printed(forms, printed_norm)
    rows: list[tuple[dict[str, str], str]] = []  # (field → text, for one OCR'd row)
    for page in pages:
        for table in page.tables:
            for form in forms:
                cols = _header_columns(table, form["columns"])
                if "level3" in cols and len(cols) >= 3:
                    grid = table.grid()
                    rows.extend(({f: r[c] for f, c in cols.items()}, form["title"]) for r in grid)
                    break
    score = FieldScore()
    used: set[int] = set()
    for form in forms:
        printed = [c["field"] for c in form["columns"] if c["field"] in FIELDS]
        for ind in form["indicators"]:
            want = normalise(ind["level3"])
            if printed_norm is not None and want not in printed_norm:
                continue
            best, best_i = 0.0, -1
            for i, (row, _) in enumerate(rows):
                if i in used:
                    continue
                sim = fuzz.ratio(want, normalise(row.get("level3", "")))
                if sim > best:
                    best, best_i = sim, i
            row = rows[best_i][0] if best >= ROW_MATCH else {}
            if row:
                used.add(best_i)
            for f in printed:
                truth_value, ocr_value = normalise(ind.get(f)), normalise(row.get(f, ""))
                score.total += 1
                if truth_value == ocr_value and (row or not truth_value):
                    score.correct += 1
                else:
                    score.misses.append((ind["level3"], f, truth_value, ocr_value))
    return score
