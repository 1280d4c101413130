"""Unsure 一级/二级 readings that name nothing their place allows, chosen among the names it leaves.

A fax can read a 二级 cell as garbage no near-miss repair reaches ("49051" and "级出国邮标" for
可持续影响指标, "2iわł" for 数量指标) or a 一级 cell as another level's name ("数量指标" over rows of
社会效益指标 and 经济效益指标, where 效益指标 was printed). The form's own structure still narrows what
the cell can say: a 二级 name is one of its 一级's children in the schema (SchemaEntry.parents) and
none its 一级 already has in another group of the form; a 一级 name is a parent of its group's 二级
names. A reading the indicator mapper already maps (near enough to a name, among its parent's children
first) takes that name where the structure allows it, and is left alone where it does not: the
structure never overrules the mapper. Otherwise, among those candidates the reading takes the one it
is clearly nearest to (the mapper's Indel
ranking, with a lower threshold than over the whole level: ``MIN_SIMILARITY``, lead ``MARGIN``);
failing that, a 二级 takes the first candidate after the group's named sibling above it in the schema's
order (forms print 数量/质量/时效/成本 and 经济/社会/生态/可持续 in that order), before the named sibling
below it, and a 一级 the first candidate in the schema's order that no other group of the form has
(the first of all when each has one).

A merged cell read as several names run together over as many rows gives each row its name
(``joined_names``, asked before the rest). A name read without its closing 指标 on a form that spells
its others with it is read whole (``_whole_names``); one that lost its first glyph, printed before the
same words in another name of the form, gets it back (``_first_glyph_from_the_form``).

A reading that spells a name of its level is kept, even under a parent the schema does not list for it
(SchemaEntry.parents are where a name usually sits, not everywhere it may). Only on forms whose other
names of the level are mostly the schema's (``SCHEMA_PART``: an office's own
names, as an assessment table prints, are no misread schema names), and only garbled OCR readings (below
``GARBLED``) that spell no name of their level are chosen so; a reading read surely only when
it spells no name of its level and misses one candidate by one glyph ("出指标" for 产出指标: the
recogniser is sure of the glyphs it saw, not of one the fax thinned to nothing). Every row so named is
returned so the caller marks the name NAME_BY_STRUCTURE with a guessed confidence: the name was
inferred, not read, and the form is never ``ok`` on it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby

from rapidfuzz.distance import Levenshtein

from jixiao.models.form import Indicator
from jixiao.normalizers.column_vocabulary import schema_aliases
from jixiao.normalizers.mapping import _accepts, _Pool, _rank, default_mapper
from jixiao.normalizers.names import name_key
from jixiao.normalizers.schema.loader import load_schema

__all__ = ["MARGIN", "MIN_SIMILARITY", "joined_names", "names_by_structure"]

#: A name read less surely than this is unsure (as assembly's CONTEXT_SURE): it may be read whole or get
#: its first glyph back.
SURE = 0.9
#: A name read less surely than this is garbled, and only such a name is chosen by the form's structure: on
#: the tune faxes (100 dpi and 204×98) the 一级/二级 readings that named nothing their place allows kept
#: 0.003–0.151 ("质被捕体" 0.003, "や公告设指标" 0.014, "礼益指标" 0.086, "级出国邮标" 0.11, "2iわł" 0.14,
#: "49051" 0.15; "数量指标" in a 一级 cell 0.005), while names read right kept up to 0.99, many above 0.2;
#: an office's own name read fairly is no garbled schema name.
GARBLED = 0.2
#: Least Indel similarity of an unsure reading to a candidate's spelling, candidates being only the
#: names its place allows: "礼益指标" for 社会效益指标 scores 0.6 (as against 履职效益指标, also 0.6: a tie
#: the order settles), "质被捕体" for 质量指标 0.25 (the tune design fax 900 at 204×98).
MIN_SIMILARITY = 0.25
#: The nearest candidate must lead the next by this much.
MARGIN = 0.1


@lru_cache(maxsize=1)
def _order() -> dict[str, int]:
    """Each entry's place in the schema (the order forms print a level's names in)."""
    return {code: k for k, code in enumerate(load_schema().entries)}


def _code(text: str, level: int) -> str | None:
    """The schema entry ``text`` spells exactly at ``level``."""
    return schema_aliases().exact[level].get(name_key(text))


def _name(code: str) -> str:
    return schema_aliases().schema.entries[code].name


def _children(parent: str) -> list[str]:
    return [code for code, entry in schema_aliases().schema.entries.items() if entry.level == 2 and parent in entry.parents]


def _parents_of(children: set[str]) -> list[str]:
    """Level-1 codes that are a parent of every code of ``children``, in the schema's order."""
    entries = schema_aliases().schema.entries
    return [code for code, entry in entries.items() if entry.level == 1
            and all(code in entries[child].parents for child in children)]


def _nearest(text: str, candidates: list[str], level: int) -> str | None:
    """The candidate ``text`` is clearly nearest to (best spelling per candidate, Indel ratio)."""
    pool = _Pool()
    for code in candidates:
        for spelling in schema_aliases().schema.entries[code].spellings:
            if name_key(spelling):
                pool.add(name_key(spelling), code)
    ranked = _rank(name_key(text), pool, scorer="indel", limit=len(candidates))
    return ranked[0][0] if _accepts(ranked, MIN_SIMILARITY, MARGIN) else None


def _one_glyph_off(text: str, candidates: list[str]) -> str | None:
    """The one candidate a spelling of which ``text`` misses by one glyph, lost or read as another
    ("出指标" for 产出指标: a fax thinned 产 to nothing, and the recogniser is sure of what it saw). A
    glyph more than the spelling is the office's own (the tune design fax 909 prints 服务对象满意度指标等)."""
    key = name_key(text)
    near = {code for code in candidates for spelling in schema_aliases().schema.entries[code].spellings
            if name_key(spelling) and len(key) <= len(name_key(spelling))
            and Levenshtein.distance(key, name_key(spelling)) == 1}
    return near.pop() if len(near) == 1 else None


#: A form speaks the schema's names at a level when more than this part of its other groups' names at
#: that level are spelt as the schema spells a name: only then is a reading that spells none taken for a
#: misread name rather than an office's own (an assessment table's 结转结余情况, 预算执行情况).
SCHEMA_PART = 0.5


def _speaks_schema(indicators: list[Indicator], groups: list[list[int]], n: int, level: int) -> bool:
    """More than SCHEMA_PART of the names of the form's groups other than ``n`` at ``level`` are the schema's."""
    field = f"level{level}_raw"
    names = [getattr(indicators[g[0]], field) for m, g in enumerate(groups) if m != n]
    names = [name for name in names if name.strip()]
    return bool(names) and sum(1 for name in names if _code(name, level)) > SCHEMA_PART * len(names)


def _ocr(ind: Indicator) -> bool:
    """A row read by OCR: a text layer's names are as printed, however odd."""
    return ind.provenance.method == "ocr"


def _runs(indicators: list[Indicator], key: Callable[[Indicator], tuple]) -> list[list[int]]:
    """Positions of consecutive rows sharing ``key`` (one merged group each)."""
    return [list(run) for _, run in groupby(range(len(indicators)), key=lambda i: key(indicators[i]))]


def _level2_names(indicators: list[Indicator], confidence: Callable[[Indicator, str], float]) -> list[int]:
    """二级 readings of unsure rows chosen among their 一级's children the form leaves free."""
    given: list[int] = []
    groups = _runs(indicators, lambda ind: (ind.level1_raw, ind.level2_raw))
    for n, run in enumerate(groups):
        first = indicators[run[0]]
        parent = _code(first.level1_raw, 1)
        if parent is None or not first.level2_raw.strip() or _code(first.level2_raw, 2) is not None \
                or not _speaks_schema(indicators, groups, n, 2):
            continue
        siblings = [(m, _code(indicators[g[0]].level2_raw, 2)) for m, g in enumerate(groups)
                    if m != n and _code(indicators[g[0]].level1_raw, 1) == parent]
        used = {code for _, code in siblings if code is not None}
        candidates = [code for code in _children(parent) if code not in used]
        if not candidates:
            continue
        if confidence(first, "level2") < GARBLED:
            mapped = default_mapper().upper_codes(first.level1_raw, first.level2_raw)[1]
            # the mapper reads the name as one already: the form's structure only spells it out
            chosen = (mapped if mapped in candidates else None) if mapped \
                else _nearest(first.level2_raw, candidates, 2) or _by_order(n, siblings, candidates)
        else:
            chosen = _fair_reading_fixed(first, "level2_raw", candidates)
        given += _named(indicators, run, "level2_raw", chosen)
    return given


def _fair_reading_fixed(first: Indicator, field: str, candidates: list[str]) -> str | None:
    """A fairly read OCR name one glyph off a candidate of its place: that candidate (else None)."""
    return _one_glyph_off(getattr(first, field), candidates) if _ocr(first) else None


def _named(indicators: list[Indicator], run: list[int], field: str, chosen: str | None) -> list[int]:
    """The rows of ``run`` given the schema's name of the entry ``chosen`` (none when nothing was chosen)."""
    return _spelt(indicators, run, field, _name(chosen)) if chosen is not None else []


def _spelt(indicators: list[Indicator], run: list[int], field: str, text: str) -> list[int]:
    """The rows of ``run`` with ``field`` set to ``text`` (in place)."""
    for i in run:
        setattr(indicators[i], field, text)
    return list(run)


def _by_order(n: int, siblings: list[tuple[int, str | None]], candidates: list[str]) -> str | None:
    """The first candidate after the named sibling group just above group ``n`` (under one 一级, in the
    schema's order) and before the named one just below it."""
    order = _order()
    above = [order[code] for m, code in siblings if m < n and code is not None]
    below = [order[code] for m, code in siblings if m > n and code is not None]
    low = above[-1] if above else -1
    high = below[0] if below else len(order)
    between = sorted((c for c in candidates if low < order[c] < high), key=order.get)
    return between[0] if between else None


def _level1_names(indicators: list[Indicator], confidence: Callable[[Indicator, str], float]) -> list[int]:
    """一级 readings of unsure rows chosen among the parents of their group's 二级 names (a 一级 may head
    several groups of one form: a table printed out of order, or cut by a page, so none is ruled out)."""
    given: list[int] = []
    runs = _runs(indicators, lambda ind: (ind.level1_raw,))
    for n, run in enumerate(runs):
        first = indicators[run[0]]
        if not _speaks_schema(indicators, runs, n, 1):
            continue
        children = {code for i in run if (code := _code(indicators[i].level2_raw, 2)) is not None}
        candidates = _parents_of(children) if children else []
        if not candidates or not first.level1_raw.strip() or _code(first.level1_raw, 1) is not None:
            continue
        if confidence(first, "level1") < GARBLED:
            # the mapper reads the name as one already (through its 二级's parents too): spelt out, never overruled
            mapped = default_mapper().upper_codes(first.level1_raw, first.level2_raw)[0]
            # failing a near reading: a name no other group has (a form's groups mostly differ), then the schema's order
            used = {_code(indicators[other[0]].level1_raw, 1) for other in runs if other is not run}
            chosen = (mapped if mapped in candidates else None) if mapped \
                else _nearest(first.level1_raw, candidates, 1) or min(candidates, key=lambda c: c in used)
        else:
            chosen = _fair_reading_fixed(first, "level1_raw", candidates)
        given += _named(indicators, run, "level1_raw", chosen)
    return given


#: The word a level's names end in on forms that spell them whole (数量指标, 产出指标).
_NAME_WORD = "指标"


def _whole_names(indicators: list[Indicator], confidence: Callable[[Indicator, str], float], level: int) -> list[int]:
    """Unsure readings of a name without its closing 指标 ("成本", "质量", "可持续影响") on a form whose other
    groups of the level mostly spell theirs with it: the whole name, where it spells the same entry. A fax
    loses a label's last glyphs ("成本指标" read "成本" at 100 dpi); in the truth of the corpus and the design
    sets, of the 727 group names of forms that spell most others with 指标, none is an alias that has a
    指标 spelling of its own printed without it."""
    field = f"level{level}_raw"
    groups = _runs(indicators, lambda ind: (getattr(ind, field),))
    names = [getattr(indicators[g[0]], field).strip() for g in groups]
    given: list[int] = []
    for n, run in enumerate(groups):
        first, text = indicators[run[0]], names[n]
        code = _code(text, level) if text and not text.endswith(_NAME_WORD) else None
        others = [name for m, name in enumerate(names) if m != n and name]
        if code is None or confidence(first, f"level{level}") >= SURE or _code(text + _NAME_WORD, level) != code \
                or sum(1 for name in others if name.endswith(_NAME_WORD)) <= len(others) / 2:
            continue
        given += _spelt(indicators, run, field, text + _NAME_WORD)
    return given


#: A name's first glyph lost is taken from another name of the form only when at least this many glyphs
#: after it are printed there too (446 at 204×98: "般公共预算支出管理(60分)" beside the 二级 "一般公共预算支出",
#: seven shared glyphs); fewer could be two names that merely begin alike.
SHARED_RUN = 4
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _first_glyph_from_the_form(indicators: list[Indicator], confidence: Callable[[Indicator, str], float],
                               level: int) -> list[int]:
    """An unsure name that lost its first glyph ("般公共预算支出管理" for 一般公共预算支出管理: a fax thinned
    the lone stroke of 一 away) while another name cell of the form prints that glyph before the same words:
    the glyph is put back. Not where a name of the form begins with the words as read (then the reading may
    be whole), nor for the schema's names (the other mends read those)."""
    field = f"level{level}_raw"
    texts = {t for ind in indicators for t in (ind.level1_raw, ind.level2_raw, ind.level3_raw) if t.strip()}
    given: list[int] = []
    for run in _runs(indicators, lambda ind: (getattr(ind, field),)):
        first = indicators[run[0]]
        text = getattr(first, field).strip()
        head = text[:SHARED_RUN]
        if len(head) < SHARED_RUN or not _CJK_CHAR.match(text) or confidence(first, field.removesuffix("_raw")) >= SURE \
                or _code(text, level):
            continue
        others = {t.strip() for t in texts if t.strip() != text}
        if any(t.startswith(head) for t in others):
            continue
        glyphs = {t[k - 1] for t in others for k in _starts(t, head) if k > 0 and _CJK_CHAR.match(t[k - 1])}
        if len(glyphs) != 1:
            continue
        given += _spelt(indicators, run, field, glyphs.pop() + text)
    return given


def _starts(text: str, part: str) -> list[int]:
    """Where ``part`` begins in ``text``."""
    return [k for k in range(len(text) - len(part) + 1) if text.startswith(part, k)]


def _split_into_names(key: str, level: int, parts: int) -> list[str] | None:
    """``key`` cut into exactly ``parts`` spellings of the level, in order, the last of which may miss its
    last glyph (the fax put it in the next column); the codes, or None when it cannot be cut so."""
    exact = schema_aliases().exact[level]
    cut_short = {spelling[:-1]: code for spelling, code in exact.items() if len(spelling) > 2}

    def cut(rest: str, left: int) -> list[str] | None:
        if left == 1:
            code = exact.get(rest) or cut_short.get(rest)
            return [code] if code else None
        for end in range(len(rest) - 1, 1, -1):
            code = exact.get(rest[:end])
            tail = cut(rest[end:], left - 1) if code else None
            if tail:
                return [code, *tail]
        return None

    return cut(key, parts)


def _joined_names(indicators: list[Indicator], level: int) -> list[int]:
    """A merged OCR cell over k rows read as k names of the level run together ("质量指标时效指标成本指标"
    over three rows: the fax lost the rules between three cells, and the grid made them one): each row
    takes its name, top to bottom."""
    field = f"level{level}_raw"
    given: list[int] = []
    for run in _runs(indicators, lambda ind: (getattr(ind, field),)):
        first = indicators[run[0]]
        key = name_key(getattr(first, field))
        if len(run) < 2 or not _ocr(first) or not key or key in schema_aliases().exact[level]:
            continue
        codes = _split_into_names(key, level, len(run))
        if codes is None:
            continue
        for i, code in zip(run, codes):
            given += _named(indicators, [i], field, code)
    return given


def joined_names(indicators: list[Indicator]) -> list[tuple[int, str]]:
    """Split (in place) 一级/二级 cells read as several names run together over as many rows
    (``_joined_names``); returns (position, field) of every row so named."""
    return [(i, f"level{level}") for level in (1, 2) for i in _joined_names(indicators, level)]


def names_by_structure(indicators: list[Indicator], confidence: Callable[[Indicator, str], float]
                       ) -> list[tuple[int, str]]:
    """Replace (in place) the unsure 一级/二级 readings the form's structure allows no reading of by the
    name it leaves for them; ``confidence(indicator, field)`` is how surely a row's name was read (1.0 for a
    text layer's).
    Returns (position, field) of every name so chosen. 二级 names are chosen first where their 一级 is
    known, then the 一级 names from their groups' 二级, then the 二级 under the 一级 so found."""
    given = [(i, "level2") for i in _level2_names(indicators, confidence)]
    given += [(i, "level1") for i in _level1_names(indicators, confidence)]
    given += [(i, "level2") for i in _level2_names(indicators, confidence)]
    given += [(i, f"level{level}") for level in (1, 2) for i in _whole_names(indicators, confidence, level)]
    given += [(i, f"level{level}") for level in (1, 2)
              for i in _first_glyph_from_the_form(indicators, confidence, level)]
    return given
