"""Mapping raw indicator names onto the canonical schema, with a confidence.

Every office names the same indicator differently (产出 / 产出指标(50分) / 項目產出),
so comparisons across cities and years need one vocabulary. A name is matched in
this order, stopping at the first success:

1. exact: its normalised key equals a normalised alias at that level (score 1.0);
2. context: fuzzy match among the children of the already mapped parent, where a
   smaller pool allows a lower threshold (a slip in 4-character names costs 25
   points, the same as a genuinely different name, so context is what tells them
   apart);
3. fuzzy: fuzzy match among all names at that level, with a higher threshold;
4. parent recovery (level 1 only): a level-1 name that failed but whose level-2
   child mapped is compared with that child's usual parents only.

A match must also beat the runner-up canonical name by a margin, so a name halfway
between two entries is reported instead of guessed. Names that do not map keep
their cleaned raw form (output never loses information) and are counted for
:meth:`IndicatorMapper.unmapped` / :func:`write_unmapped_csv`.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from jixiao.models.form import Indicator
from jixiao.normalizers.names import clean_name, group_label_name, name_key
from jixiao.normalizers.schema import Schema, SchemaEntry, SchemaError, load_schema

__all__ = [
    "IndicatorMapper", "LevelMatch", "NameMapping", "Thresholds", "UnmappedName",
    "default_mapper", "write_unmapped_csv",
    "UNMAPPED_COLUMNS",
]

MatchMethod = Literal["empty", "exact", "context", "fuzzy", "parent", "none"]
UNMAPPED_COLUMNS = [
    "level", "raw_name", "normalized", "count",
    "suggestion_1", "score_1", "suggestion_2", "score_2", "suggestion_3", "score_3",
]


@dataclass(frozen=True)
class Thresholds:
    """Acceptance scores (rapidfuzz ratio scaled to 0–1), tuned on tests/data/labelled_names.csv."""

    #: Fuzzy match among all level-1 names. 0.75 would also take "产出指" (产出指标
    #: with its last character lost) but takes level-3 names shifted into the
    #: level-1 column too (窗口服务对象满意度 → 满意度指标 at 0.78).
    level1_score: float = 0.80
    #: Fuzzy match among all names of level 2 or 3. A slip in a 5-character name
    #: scores 0.80; the nearest wrong pairs in the labelled set score 0.78
    #: (窗口服务对象满意度 / 服务对象满意度).
    global_score: float = 0.79
    #: Fuzzy match among the children of the mapped parent (one slip in a
    #: 4-character name scores 0.75; a name between two siblings, 资料管理, ties).
    context_score: float = 0.71
    #: The best canonical name must lead the runner-up by this much.
    margin: float = 0.08
    #: Level-1 fuzzy match restricted to the usual parents of a mapped level-2 name.
    parent_recovery: float = 0.5
    #: Unknown level-3 names are normal (most are project-specific); only those
    #: whose best suggestion scores at least this are reported as near misses.
    level3_report_floor: float = 0.6


@dataclass(frozen=True)
class LevelMatch:
    """The outcome for one name at one level."""

    level: int
    raw: str
    name: str
    code: str = ""
    score: float | None = None
    method: MatchMethod = "empty"
    suggestions: tuple[tuple[str, float], ...] = ()

    @property
    def mapped(self) -> bool:
        return bool(self.code)

    @property
    def given(self) -> bool:
        return self.method != "empty"


class NameMapping(BaseModel):
    """Canonical names for one indicator row; unmapped levels hold the cleaned raw name."""

    level1: str = ""
    level2: str = ""
    level3: str = ""
    level1_code: str = ""
    level2_code: str = ""
    level3_id: str = ""
    level1_score: float | None = None
    level2_score: float | None = None
    level3_score: float | None = None
    #: Lowest score over the given level-1/level-2 names (the structure analysts group by);
    #: level 3 is left out because most level-3 names are project-specific.
    match_score: float | None = None
    #: Levels whose given name fell below the thresholds.
    unmapped_levels: list[int] = Field(default_factory=list)


@dataclass
class UnmappedName:
    """A name that did not map, with how often it occurred and the nearest canonical names."""

    level: int
    raw_name: str
    normalized: str
    count: int = 0
    suggestions: tuple[tuple[str, float], ...] = ()

    def as_row(self) -> list[str]:
        row = [str(self.level), self.raw_name, self.normalized, str(self.count)]
        for index in range(3):
            if index < len(self.suggestions):
                name, score = self.suggestions[index]
                row += [name, f"{score:.3f}"]
            else:
                row += ["", ""]
        return row


@dataclass
class _Pool:
    """Alias keys and the codes they belong to, laid out for rapidfuzz."""

    keys: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    def add(self, key: str, code: str) -> None:
        self.keys.append(key)
        self.codes.append(code)


class _AliasIndex:
    """Exact alias tables and fuzzy pools per level and per parent, built once."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.exact: dict[int, dict[str, str]] = {1: {}, 2: {}, 3: {}}
        self.pools: dict[int, _Pool] = {1: _Pool(), 2: _Pool(), 3: _Pool()}
        self.children: dict[tuple[int, str], _Pool] = {}
        self.not_names = {name_key(text) for text in schema.not_names}
        for entry in schema.entries.values():
            self._add(entry)
        for level, table in self.exact.items():
            clash = self.not_names & table.keys()
            if clash:
                raise SchemaError(f"not_names {sorted(clash)} are also level-{level} names")

    def _add(self, entry: SchemaEntry) -> None:
        table = self.exact[entry.level]
        for spelling in entry.spellings:
            key = name_key(spelling)
            if not key:
                continue
            other = table.get(key)
            if other is not None and other != entry.code:
                raise SchemaError(f"alias {spelling!r} names both {other} and {entry.code} at level {entry.level}")
            if other is None:
                table[key] = entry.code
                self.pools[entry.level].add(key, entry.code)
                for parent in entry.parents:
                    self.children.setdefault((entry.level, parent), _Pool()).add(key, entry.code)


def _indel_similarity(a: str, b: str, **kwargs: object) -> float:
    return fuzz.ratio(a, b, **kwargs) / 100.0


#: Similarity functions (0–1). Levenshtein is the default: it counts an OCR slip
#: (one character read as another) as one edit, where Indel counts two and so
#: rates "项目管理"/"事项管理" as close as a genuine slip.
SCORERS = {"levenshtein": Levenshtein.normalized_similarity, "indel": _indel_similarity}


def _rank(key: str, pool: _Pool, scorer: str = "levenshtein", limit: int = 3) -> list[tuple[str, float]]:
    """Distinct codes by their best alias score, best first."""
    if not pool.keys:
        return []
    hits = process.extract(key, pool.keys, scorer=SCORERS[scorer], limit=min(len(pool.keys), 24))
    best: dict[str, float] = {}
    for _, score, index in hits:
        code = pool.codes[index]
        best[code] = max(best.get(code, 0.0), float(score))
    return sorted(best.items(), key=lambda item: -item[1])[:limit]


def _accepts(ranked: list[tuple[str, float]], threshold: float, margin: float) -> bool:
    if not ranked or ranked[0][1] < threshold:
        return False
    return len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= margin


class IndicatorMapper:
    """Maps (level1, level2, level3) raw names onto the schema; remembers what did not map.

    Build one per run and reuse it: alias tables are precomputed and every distinct
    (level, name, parent) is matched once.
    """

    def __init__(
        self, schema: Schema | None = None, thresholds: Thresholds | None = None, scorer: str = "levenshtein"
    ) -> None:
        if scorer not in SCORERS:
            raise ValueError(f"unknown scorer {scorer!r}; choose from {sorted(SCORERS)}")
        self.schema = schema or load_schema()
        self.thresholds = thresholds or Thresholds()
        self.scorer = scorer
        self._index = _AliasIndex(self.schema)
        self._cache: dict[tuple[int, str, str], LevelMatch] = {}
        self._recovered: dict[tuple[str, str], tuple[str, float] | None] = {}
        self._unmapped: dict[tuple[int, str], UnmappedName] = {}

    @classmethod
    def from_files(cls, extra: Path | str | None = None, thresholds: Thresholds | None = None) -> IndicatorMapper:
        return cls(load_schema(extra), thresholds)

    # --- single names -----------------------------------------------------------------

    def _name(self, code: str) -> str:
        return self.schema.entries[code].name

    def _suggestions(self, ranked: list[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
        return tuple((self._name(code), round(score, 4)) for code, score in ranked)

    def match_name(self, level: int, raw: str, parent_code: str = "") -> LevelMatch:
        """Match one name at one level, preferring the children of ``parent_code``."""
        key = name_key(group_label_name(raw or "") if level in (1, 2) else raw or "")
        if not key:
            return LevelMatch(level=level, raw=raw or "", name=clean_name(raw or ""))
        cache_key = (level, key, parent_code)
        cached = self._cache.get(cache_key)
        if cached is None:
            cached = self._match_key(level, raw, key, parent_code)
            self._cache[cache_key] = cached
        if cached.raw == raw:
            return cached
        return replace(cached, raw=raw, name=cached.name if cached.code else clean_name(raw))

    def _match_key(self, level: int, raw: str, key: str, parent_code: str) -> LevelMatch:
        limits = self.thresholds
        code = self._index.exact[level].get(key)
        if code:
            return LevelMatch(level, raw, self._name(code), code, 1.0, "exact")
        if key in self._index.not_names:
            return LevelMatch(level, raw, clean_name(raw), "", 0.0, "none")
        children = self._index.children.get((level, parent_code)) if parent_code else None
        if children is not None:
            ranked = _rank(key, children, self.scorer)
            if _accepts(ranked, limits.context_score, limits.margin):
                code, score = ranked[0]
                return LevelMatch(level, raw, self._name(code), code, score, "context", self._suggestions(ranked))
        ranked = _rank(key, self._index.pools[level], self.scorer)
        suggestions = self._suggestions(ranked)
        threshold = limits.level1_score if level == 1 else limits.global_score
        if _accepts(ranked, threshold, limits.margin):
            code, score = ranked[0]
            return LevelMatch(level, raw, self._name(code), code, score, "fuzzy", suggestions)
        best = ranked[0][1] if ranked else 0.0
        return LevelMatch(level, raw, clean_name(raw), "", best, "none", suggestions)

    def _recover_parent(self, first: LevelMatch, second: LevelMatch) -> LevelMatch:
        """Try a failed level-1 name against the usual parents of its mapped level-2 child."""
        if first.mapped or not first.given or not second.mapped:
            return first
        key = name_key(first.raw)
        if key in self._index.not_names:
            return first
        cache_key = (key, second.code)
        if cache_key not in self._recovered:
            pool = _Pool()
            for parent in self.schema.entries[second.code].parents:
                for spelling in self.schema.entries[parent].spellings:
                    pool.add(name_key(spelling), parent)
            ranked = _rank(key, pool, self.scorer)
            accepted = _accepts(ranked, self.thresholds.parent_recovery, self.thresholds.margin)
            self._recovered[cache_key] = ranked[0] if accepted else None
        found = self._recovered[cache_key]
        if found is None:
            return first
        code, score = found
        return LevelMatch(1, first.raw, self._name(code), code, score, "parent", first.suggestions)

    # --- rows -----------------------------------------------------------------------------

    def map_row(self, level1_raw: str = "", level2_raw: str = "", level3_raw: str = "") -> NameMapping:
        """Map the three names of one indicator row and count what did not map."""
        first, second = self._upper_levels(level1_raw, level2_raw)
        third = self.match_name(3, level3_raw, second.code)
        for match in (first, second, third):
            self._record(match)
        structural = [m.score for m in (first, second) if m.given and m.score is not None]
        return NameMapping(
            level1=first.name, level2=second.name, level3=third.name,
            level1_code=first.code, level2_code=second.code, level3_id=third.code,
            level1_score=first.score, level2_score=second.score, level3_score=third.score,
            match_score=min(structural) if structural else None,
            unmapped_levels=[m.level for m in (first, second, third) if m.given and not m.mapped and m.level < 3]
            + ([3] if third.given and not third.mapped and self._reportable(third) else []),
        )

    def upper_codes(self, level1_raw: str, level2_raw: str = "") -> tuple[str, str]:
        """The 一级 and 二级 codes a row's names map to ("" for none), the 一级 recovered through its
        二级's parents, as :meth:`map_row` maps them but without counting anything as unmapped: for
        assembly's questions about a reading, which are not the run's unmapped-name report."""
        first, second = self._upper_levels(level1_raw, level2_raw)
        return first.code, second.code

    def _upper_levels(self, level1_raw: str, level2_raw: str) -> tuple[LevelMatch, LevelMatch]:
        first = self.match_name(1, level1_raw)
        second = self.match_name(2, level2_raw, first.code)
        return self._recover_parent(first, second), second

    def annotate(self, indicator: Indicator) -> Indicator:
        """A copy of ``indicator`` with canonical names filled from its raw names."""
        mapping = self.map_row(indicator.level1_raw, indicator.level2_raw, indicator.level3_raw)
        return indicator.model_copy(update={
            # a table printing no 一级 keeps the one its 二级 names imply (lost_parents.name_unprinted_level1)
            "level1": mapping.level1 or indicator.level1, "level2": mapping.level2, "level3": mapping.level3,
            "level3_id": mapping.level3_id, "match_score": mapping.match_score,
        })

    # --- unmapped report ----------------------------------------------------------------------

    def _reportable(self, match: LevelMatch) -> bool:
        if match.level < 3:
            return True
        return bool(match.suggestions) and match.suggestions[0][1] >= self.thresholds.level3_report_floor

    def _record(self, match: LevelMatch) -> None:
        if not match.given or match.mapped or not self._reportable(match):
            return
        key = (match.level, name_key(match.raw))
        record = self._unmapped.get(key)
        if record is None:
            record = UnmappedName(match.level, match.raw, clean_name(match.raw), 0, match.suggestions)
            self._unmapped[key] = record
        record.count += 1

    def unmapped(self) -> list[UnmappedName]:
        """Names that fell below the thresholds, most frequent first within each level."""
        return sorted(self._unmapped.values(), key=lambda r: (r.level, -r.count, r.normalized))

def write_unmapped_csv(mapper_or_records: IndicatorMapper | Iterable[UnmappedName], path: Path | str) -> Path:
    """Write ``unmapped.csv`` (UTF-8 with BOM so Excel opens it right) for analysts to review."""
    records = (
        mapper_or_records.unmapped() if isinstance(mapper_or_records, IndicatorMapper) else list(mapper_or_records)
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(UNMAPPED_COLUMNS)
        for record in records:
            writer.writerow(record.as_row())
    return path


@lru_cache(maxsize=1)
def default_mapper() -> IndicatorMapper:
    """One mapper of the default schema per process, for the stages that ask the schema about a reading
    (assembly's lost labels, the verdict's name doubts) rather than map a run's rows: built once, since
    its alias index is the costly part. Never use it for a run's unmapped-name report (a run extending
    the schema builds its own with :meth:`IndicatorMapper.from_files`)."""
    return IndicatorMapper()
