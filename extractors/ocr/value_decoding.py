"""Value cells of a coarse page decoded under the grammar of a form value.

On a fax the recogniser's best guess per time step can spell something no form
prints ("94Có", "960U", "7%6", "≥160j"): the thin strokes of "%" or "≥" are lost
and some other glyph wins the step, although the right one often keeps a fair
share of the probability. Read freely, such a cell is garbage or a wrong number.

Here a line that reads mostly as a value (digits, signs, "%") is decoded again
from the recogniser's per-time-step CTC probabilities as the most probable path
whose collapsed text fits the grammar the value parser understands:

    [≥≤<>=]? number [% | ‰ | 1–4 CJK unit characters]?
    number = 0 | [1-9][0-9]* , optionally "." and one or two decimals

(a Viterbi search over the CTC path lattice crossed with that automaton). The
reading kept is that path's text, and its confidence is the mean probability of
the free reading's confidence times the path's probability relative to the free
best path: a path that had to overrule the recogniser's first choice comes out
less sure than the free reading, and a cell read this way stays in doubt downstream.

Names and prose lines are never touched: only lines whose free reading is
mostly value characters (a unit word at its end not counted: "26:3万人次") are
decoded under the grammar. A colon between digits is read as a point at a cost
(a point with a speck above it; the path keeps at most a tenth of its share).

A line read as one or two characters that make no number ("h" for 6, "S" for 8, "川" for 10, "Ió"
for 10: a lone 分值 or 得分 a fax thinned) is decoded once more as a plain number (no sign, no unit,
no percent), kept beside its reading as its figure reading (``GrammarReader.figures``) with its share;
only assembly, which knows the cell's column, may take it (a 分值 or 得分 cell, in doubt). A figure whose
line's ink runs about a digit wider than the figure accounts for (FIGURE_ROOM) lost a digit and is not offered.

Besides the reading kept, a value line carries alternatives for its row to
choose from (normalizers/row_context.py): the best path with a percent sign,
with a comparison sign, and the best path ending in each unit word the lattice
holds ("27个" for a "271" whose 个 lost its strokes), each with its share.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import partial

import numpy as np

from jixiao.extractors.ocr.engine import OcrEngine, crop_steps
from jixiao.extractors.ocr.unread_ink import (GLYPH_WIDTHS, GREATER, LESS, UNREAD_CONFIDENCE, sign_of, unread_lead,
                                              unread_width)
from jixiao.normalizers.row_context import SIGN_SHARE, THINNED_PERCENT
from jixiao.normalizers.spacing import squash
from jixiao.normalizers.value_parsing import EMPTY_MARKS

__all__ = ["CtcSteps", "GrammarPaths", "GrammarReader", "ctc_steps", "decode_value", "garbled_figure_text",
           "value_like_text", "with_faint_lead", "with_unread_sign"]

#: Labels considered at each time step: the most probable few (plus blank).
TOP_LABELS = 6
#: Labels below this probability are never taken (log of it bounds the search).
MIN_PROB = 1e-3
#: Characters of the value grammar other than digits and CJK units.
OPERATORS = frozenset("≥≤<>=")
PERCENT = frozenset("%‰")
#: What a percent sign a low-dpi page split or thinned is read as (a free reading holding one of
#: these saw a percent sign; "9"/"6"/"0" are left out: they are digits far more often).
PERCENT_PIECES = PERCENT | THINNED_PERCENT
#: Most CJK unit words are 1–4 characters (个, 万元, 万人次, 平方公里).
MAX_UNIT = 4
#: Paths in a unit state kept per time step (each distinct unit is its own path; the most probable few).
UNIT_BEAMS = 24
#: A colon read between digits is a point with a fax speck above it ("26:3万人次"): the grammar reads it
#: as a point at this cost (log), so a path taking it keeps at most a tenth of the free path's share.
AS_POINT = frozenset(":：")
AS_POINT_COST = math.log(0.1)
#: A line is decoded under the grammar when at least this share of its free reading is value characters.
VALUE_SHARE = 0.5
_VALUE_CHARS = re.compile(r"[0-9.%≥≤<>=]")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_UNIT_END = re.compile(r"[\u4e00-\u9fff]{1,%d}$" % MAX_UNIT)

# automaton states
_START, _OP, _ZERO, _INT, _POINT, _DEC1, _DEC2, _PCT = range(8)
_UNIT = 8  # _UNIT + k - 1 after k unit characters
_ACCEPT = frozenset({_ZERO, _INT, _DEC1, _DEC2, _PCT, *range(_UNIT, _UNIT + MAX_UNIT)})
#: States of a plain number (no percent sign, no unit word).
_NUMBER = frozenset({_ZERO, _INT, _DEC1, _DEC2})
#: A line read as at most this many characters that make no number may be a lone figure a fax thinned.
FIGURE_GLYPHS = 2
#: A decoded figure is not taken when its line's ink runs this many line heights past what the figure
#: accounts for (about a digit's width): the path lost a digit. Measured on the 11 tune faxes' 分值/得分
#: cells read as letters: the figures right left at most 0.58 ("T" → 7), the wrong ones, each a "1"
#: where "10" is printed ("J", "日", "H"), 0.70 and more; "S" → 5 for an 8 (0.39) is not caught.
FIGURE_ROOM = 0.6
#: The width of a "1" in line heights (the estimate of unread_ink counts every digit 0.55 wide).
ONE_WIDTH = 0.3


def _is_cjk(ch: str) -> bool:
    return len(ch) == 1 and "\u4e00" <= ch <= "\u9fff"


def _step(state: int, ch: str) -> int | None:
    """The automaton's next state on ``ch``; None when the value grammar forbids it."""
    if ch in OPERATORS:
        return _OP if state == _START else None
    if ch.isdigit() and ch.isascii():
        if state in (_START, _OP):
            return _ZERO if ch == "0" else _INT
        if state == _INT:
            return _INT
        if state == _POINT:
            return _DEC1
        if state == _DEC1:
            return _DEC2
        return None
    if ch == ".":
        return _POINT if state in (_ZERO, _INT) else None
    if ch in PERCENT:
        return _PCT if state in (_ZERO, _INT, _DEC1, _DEC2) else None
    if _is_cjk(ch):
        if state in (_ZERO, _INT, _DEC1, _DEC2):
            return _UNIT
        if _UNIT <= state < _UNIT + MAX_UNIT - 1:
            return state + 1
    return None


def garbled_figure_text(text: str) -> bool:
    """A reading of one or two characters that is no number ("h", "S", "川", "Ió"): what a lone 分值 or
    得分 a fax thinned reads as (a figure cell's only other readings are numbers or nothing). A mark a form
    prints for "no figure" ("/", "—", "无") is read as printed, never replaced by a figure."""
    squashed = squash(text)
    return 0 < len(squashed) <= FIGURE_GLYPHS and not _PARSED_SHAPE.match(squashed) and not any(
        ch in OPERATORS or ch in PERCENT for ch in squashed) and squashed not in EMPTY_MARKS


#: What the value parser reads without help (any number of decimals; a grouped number is not a value line).
_PARSED_SHAPE = re.compile(r"^[≥≤<>=]?\d+(?:\.\d+)?(?:%|‰|[\u4e00-\u9fff]{1,4})?$")


def needs_grammar(text: str) -> bool:
    """A value-like free reading the value parser could not read as it stands ("96%0", "≥160j", "94Có")."""
    squashed = squash(text)
    return value_like_text(squashed) and not _PARSED_SHAPE.match(squashed)


def value_like_text(text: str) -> bool:
    """A free reading that is mostly value characters (digits, point, signs, %), not counting a
    unit of 1–MAX_UNIT CJK characters at its end when what precedes it holds no CJK ("26:3万人次"
    is a number with a misread point, not prose)."""
    squashed = squash(text)
    body = _UNIT_END.sub("", squashed)
    if not body or _CJK_CHAR.search(body):
        body = squashed
    return bool(body) and len(_VALUE_CHARS.findall(body)) / len(body) >= VALUE_SHARE


def decode_value(probs: np.ndarray | CtcSteps, characters: Sequence[str], keep_percent: bool = False,
                 keep_sign: bool = False) -> tuple[str, float] | None:
    """The most probable CTC path of ``probs`` (time × labels, label 0 = blank) whose text fits the
    value grammar, with its probability relative to the free best path's (1.0 when the free
    reading fits the grammar; the share of the evidence the grammar had to overrule otherwise);
    None when no path fits.

    ``keep_percent`` / ``keep_sign``: only paths that end in a percent sign / start with a
    comparison sign count (the free reading saw one: the decoding repairs what surrounds a
    sign, it never erases the evidence of one).
    """
    return GrammarPaths(probs, characters).best(keep_percent, keep_sign)


class GrammarPaths:
    """One Viterbi search over (automaton state, last label, signed) for a CTC matrix; the best
    path under each of the value grammar's variants (with or without a kept percent sign or
    comparison sign) is then read from the same final beams.

    A repeated label without a blank between collapses into one character (no automaton step),
    a blank resets the last label. Only the labels worth considering at a time step are
    visited: the most probable TOP_LABELS of those at least MIN_PROB likely (found for the
    whole matrix at once), plus blank.
    """

    def __init__(self, probs: np.ndarray | CtcSteps, characters: Sequence[str]) -> None:
        lattice = probs if isinstance(probs, CtcSteps) else ctc_steps(probs)
        # state key: (automaton state, last label, signed, unit) -> (log prob, text); a path in a unit
        # state keeps its unit's characters in the key, so the best path of each unit is kept
        beams: dict[tuple[int, int, bool, str], tuple[float, str]] = {(_START, 0, False, ""): (0.0, "")}
        moves: dict[tuple[int, int], int | None] = {}
        n_chars = len(characters)
        for labels in lattice.steps:
            nxt: dict[tuple[int, int, bool, str], tuple[float, str]] = {}
            for (state, last, signed, unit), (score, text) in beams.items():
                for label, lp in labels:
                    if label == 0:
                        key, item = (state, 0, signed, unit), (score + lp, text)
                    elif label == last:
                        # the same glyph held over another step: no new character
                        key, item = (state, label, signed, unit), (score + lp, text)
                    else:
                        ch = characters[label] if label < n_chars else ""
                        if ch in AS_POINT:
                            ch, lp = ".", lp + AS_POINT_COST
                        move = (state, label)
                        if move in moves:
                            new_state = moves[move]
                        else:
                            new_state = moves[move] = _step(state, ch)
                        if new_state is None:
                            continue
                        key = (new_state, label, signed or new_state == _OP,
                               unit + ch if new_state >= _UNIT else "")
                        item = (score + lp, text + ch)
                    old = nxt.get(key)
                    if old is None or old[0] < item[0]:
                        nxt[key] = item
            units = [k for k in nxt if k[3]]
            if len(units) > UNIT_BEAMS:
                # the best path of each (state, last label, signed) always stays (the search over any
                # unit is exact); of the others the most probable UNIT_BEAMS
                ranked = sorted(units, key=lambda k: nxt[k][0], reverse=True)
                heads = {}
                for k in ranked:
                    heads.setdefault(k[:3], k)
                kept = set(heads.values()) | set(ranked[:UNIT_BEAMS])
                for k in units:
                    if k not in kept:
                        del nxt[k]
            beams = nxt
        self.beams = beams
        # the free (unconstrained) best path: each step's most probable label
        self.free = lattice.free

    def best(self, keep_percent: bool = False, keep_sign: bool = False, plain: bool = False
             ) -> tuple[str, float] | None:
        """The best path's text and its probability relative to the free best path; None when none fits.
        ``plain``: only a plain number (no sign, percent or unit word), as a 分值 or 得分 cell prints."""
        finals = [v for (state, _, signed, _u), v in self.beams.items()
                  if state in _ACCEPT and (signed or not keep_sign) and (state == _PCT or not keep_percent)
                  and (not plain or (state in _NUMBER and not signed))]
        if not finals:
            return None
        best, text = max(finals, key=lambda v: v[0])
        return text, float(math.exp(min(best - self.free, 0.0)))


    def by_unit(self, keep_sign: bool = False) -> dict[str, tuple[str, float]]:
        """The best path ending in each CJK unit the lattice holds (unit -> text, share of the free
        best path's probability); with ``keep_sign`` only paths starting with a comparison sign."""
        out: dict[str, tuple[float, str]] = {}
        for (state, _, signed, unit), v in self.beams.items():
            if unit and state in _ACCEPT and (signed or not keep_sign) and (unit not in out or out[unit][0] < v[0]):
                out[unit] = v
        return {unit: (text, float(math.exp(min(score - self.free, 0.0)))) for unit, (score, text) in out.items()}


class CtcSteps:
    """What the grammar search needs of a CTC matrix: per time step the labels it visits with their
    log probabilities, and the free best path's log probability. A few hundred numbers in place
    of the matrix (time × ~18,700 labels), so the recogniser's batch is neither copied nor kept."""

    __slots__ = ("steps", "free", "kept")

    def __init__(self, steps: list[list[tuple[int, float]]], free: float, kept: np.ndarray | None = None) -> None:
        self.steps, self.free = steps, free
        #: The probabilities of a few labels asked for, at every time step (time × labels), however small.
        self.kept = kept

    def first_emission(self) -> int | None:
        """The time step where the free best path emits its first character (None: it emits none)."""
        return next((t for t, labels in enumerate(self.steps) if max(labels, key=lambda kv: kv[1])[0] != 0), None)


def ctc_steps(probs: np.ndarray, keep_labels: Sequence[int] = ()) -> CtcSteps:
    """The labels the search visits at each time step with their log probabilities, and the
    free best path's log probability (the sum of each step's best); with ``keep_labels``, those
    labels' probabilities at every step as well (CtcSteps.kept).

    The whole matrix is thresholded at once; the logarithm is taken only of the few entries
    that pass (and of each step's peak). A step with more than TOP_LABELS labels above MIN_PROB
    keeps its TOP_LABELS most probable.
    """
    floor = math.log(MIN_PROB)
    peaks = np.log(np.maximum(probs.max(axis=1), 1e-12))
    width = probs.shape[1]
    mask = probs >= MIN_PROB * 0.99  # a superset of the labels whose log reaches the floor
    mask[:, 0] = True
    flat = np.flatnonzero(mask)  # row-major, as fast on one dimension as nonzero is slow on two
    rows, cols = flat // width, flat % width
    logs = np.log(np.maximum(probs.ravel()[flat], 1e-12))
    keep = (cols == 0) | (logs >= floor)
    rows, cols, logs = rows[keep], cols[keep], logs[keep]
    counts = np.bincount(rows, minlength=probs.shape[0])
    above = np.bincount(rows[logs >= floor], minlength=probs.shape[0])
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    rows_l, cols_l, logs_l = rows.tolist(), cols.tolist(), logs.tolist()
    steps: list[list[tuple[int, float]]] = []
    for t in range(probs.shape[0]):
        lo, hi = bounds[t], bounds[t + 1]
        if above[t] > TOP_LABELS and probs.shape[1] > TOP_LABELS:
            steps.append(_most_probable(cols_l[lo:hi], logs_l[lo:hi]))
        else:
            steps.append(list(zip(cols_l[lo:hi], logs_l[lo:hi])))
    kept = probs[:, list(keep_labels)].copy() if keep_labels else None
    return CtcSteps(steps, float(peaks.sum()), kept)


def _most_probable(labels: list[int], logs: list[float]) -> list[tuple[int, float]]:
    """The blank and the TOP_LABELS most probable labels of a step, with their log probabilities, from
    the step's thresholded labels (its blank and every label at least MIN_PROB likely): more than
    TOP_LABELS of them reach the floor, so the step's most probable TOP_LABELS are all among them and
    are ranked there, among a few dozen labels instead of all ~18,700 of the step (the same labels and
    numbers as a ranking of the whole step; ~0.1 CPU s a fax page)."""
    log_of = dict(zip(labels, logs))
    ranked = sorted(log_of, key=log_of.__getitem__, reverse=True)[:TOP_LABELS]
    return [(k, log_of[k]) for k in {0, *ranked}]


#: Alternatives whose path keeps less than this share of the free best path's probability are not kept.
ALTERNATIVE_FLOOR = 0.01


def value_alternatives(text: str, probs: np.ndarray | CtcSteps, characters: Sequence[str],
                       paths: GrammarPaths | None = None) -> list[tuple[str, float]]:
    """Other grammar readings of a value line that a lost thin stroke may hide: the best path
    ending in a percent sign and the best path starting with a comparison sign (and both), and the
    best path ending in each unit word the lattice holds (as signed as the reading, and signed), each
    with its probability relative to the free best path; the reading itself is left out.
    ``paths``: the search already made over ``probs`` (one search serves every variant)."""
    squashed = squash(text)
    has_percent, has_sign = squashed.endswith("%"), squashed[:1] in OPERATORS
    wanted = [(p, g) for p, g in ((True, False), (False, True), (True, True))
              if (p and not has_percent) or (g and not has_sign)]
    out: dict[str, float] = {}
    if paths is None:
        paths = GrammarPaths(probs, characters)
    found = [paths.best(keep_percent=keep_percent or has_percent, keep_sign=keep_sign or has_sign)
             for keep_percent, keep_sign in wanted]
    # the best path of each other unit word (a unit the row's partner may share), signed as read and signed
    for keep_sign in {has_sign, True}:
        found += list(paths.by_unit(keep_sign).values())
    for decoded in found:
        if decoded and decoded[0] != squashed and decoded[1] >= ALTERNATIVE_FLOOR:
            out[decoded[0]] = max(out.get(decoded[0], 0.0), round(decoded[1], 5))
    return sorted(out.items(), key=lambda kv: -kv[1])


class GrammarReader:
    """An engine whose value-like line readings are decoded under the value grammar.

    Wraps an engine that can return its CTC probabilities (``read_crops_probs``); any other
    engine is used as it is.
    """

    def __init__(self, engine: OcrEngine) -> None:
        self.engine = engine
        self.name = engine.name
        self.alternatives: list[list[tuple[str, float]]] = []
        #: Alternatives of every value reading made so far, by the reading's text.
        self.by_reading: dict[str, dict[str, float]] = {}
        #: Per crop of the last call: the plain number a garbled short line decodes to, with its share.
        self.figures: list[tuple[str, float] | None] = []
        #: The figure readings made so far, by the garbled reading's text (the best share of each figure).
        self.figures_by_reading: dict[str, tuple[str, float]] = {}

    def alternatives_of(self, text: str) -> list[tuple[str, float]]:
        """The alternatives recorded with a reading of ``text`` (from whichever view read it)."""
        return sorted(self.by_reading.get(squash(text), {}).items(), key=lambda kv: -kv[1])

    def __getattr__(self, name: str):
        return getattr(self.engine, name)

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Readings of ``crops``; ``self.alternatives`` then holds, per crop, the other grammar
        readings of a value line (value_alternatives), relative to the reading returned.

        A value line with a glyph-sized blot of ink before its first character read (unread_ink)
        is kept at UNREAD_CONFIDENCE at most, and its alternatives gain the sign the blot leans to.
        """
        reader = getattr(self.engine, "read_crops_probs", None)
        self.alternatives: list[list[tuple[str, float]]] = [[] for _ in crops]
        #: Per crop: None, or the sign an unread blot before its value leans to ("" when it leans to none).
        self.unread: list[str | None] = [None] * len(crops)
        self.figures = [None] * len(crops)
        if reader is None:
            return self.engine.read_crops(crops)
        sign_labels = self._sign_labels()
        out = []
        for i, (text, score, probs) in enumerate(reader(crops, keep=_kept_for_grammar,
                                                        compact=partial(ctc_steps, keep_labels=sign_labels))):
            free, decoded, paths = text, None, None
            if probs is not None and garbled_figure_text(text):
                self.figures[i] = self._figure(text, probs, crops[i])
                self._record_figure(text, self.figures[i])
            if probs is not None and needs_grammar(text):
                paths = GrammarPaths(probs, self.engine.characters)
                decoded = paths.best(keep_percent=bool(PERCENT_PIECES & set(text)),
                                     keep_sign=any(op in text for op in OPERATORS))
                if decoded is not None and decoded[0]:
                    # never surer than the free reading: times the share of its path's probability kept
                    text, score = decoded[0], round(score * decoded[1], 5)
            if probs is not None and value_like_text(free) and _PARSED_SHAPE.match(squash(text)):
                kept = decoded[1] if text != free and decoded else 1.0  # the kept reading's own share
                self.alternatives[i] = [(alt, round(min(share / max(kept, 1e-9), 1.0), 5)) for alt, share
                                        in value_alternatives(text, probs, self.engine.characters, paths)]
                # shared with lines of the same reading: the recogniser's alternatives, never a sign
                # only this line's unread ink suggests
                seen = self.by_reading.setdefault(squash(text), {})
                for alt, share in self.alternatives[i]:
                    seen[alt] = max(seen.get(alt, 0.0), share)
                span = None if text.lstrip()[:1] in OPERATORS else unread_lead(
                    crops[i], probs.first_emission(), crop_steps(crops[i], len(probs.steps)))
                if span is not None:
                    self.unread[i] = (sign_of(probs.kept, span) if sign_labels else None) or ""
                    score, self.alternatives[i] = with_unread_sign(self.unread[i], text, score, self.alternatives[i])
            out.append((text, score))
        return out

    def _figure(self, text: str, probs: CtcSteps, crop: np.ndarray) -> tuple[str, float] | None:
        """The plain number a garbled short line decodes to, with its share; recorded by its reading."""
        found = GrammarPaths(probs, self.engine.characters).best(plain=True)
        if not found or not found[0]:
            return None
        if _ink_left(crop, found[0]) >= FIGURE_ROOM:
            return None  # the figure leaves a digit's ink unexplained: a digit was lost ("J" for 10 read 1)
        return (found[0], round(found[1], 5))

    def _record_figure(self, text: str, figure: tuple[str, float] | None) -> None:
        """Keep ``figure`` (None: none taken) as the figure reading of ``text``; lines of the page read alike
        that decoded to different figures (or one to none) leave the reading no figure, as which line a view's
        reading came from is not known (the best share is kept where they agree)."""
        key = squash(text)
        if key not in self.figures_by_reading:
            self.figures_by_reading[key] = figure
            return
        seen = self.figures_by_reading[key]
        if seen is None or figure is None or seen[0] != figure[0]:
            self.figures_by_reading[key] = None
        elif figure[1] > seen[1]:
            self.figures_by_reading[key] = figure

    def figure_of(self, text: str) -> tuple[str, float] | None:
        """The figure reading recorded with a garbled reading of ``text`` (from whichever view read it),
        None where lines read alike decoded otherwise."""
        return self.figures_by_reading.get(squash(text))

    def _sign_labels(self) -> tuple[int, ...]:
        """The recogniser's labels of the signs unread_ink weighs (GREATER then LESS); () without them."""
        characters = getattr(self.engine, "characters", None) or []
        index = {ch: k for k, ch in enumerate(characters) if ch in GREATER + LESS}
        return tuple(index[ch] for ch in GREATER + LESS) if len(index) == len(GREATER + LESS) else ()


def _ink_left(crop: np.ndarray, figure: str) -> float:
    """How many line heights of ``crop``'s ink ``figure`` leaves unexplained, a "1" counted as narrow."""
    return unread_width(crop, figure) + figure.count("1") * (GLYPH_WIDTHS["digit"] - ONE_WIDTH)


def _kept_for_grammar(text: str) -> bool:
    """A free reading whose probabilities the grammar needs: a value line, or a garbled lone figure."""
    return value_like_text(text) or garbled_figure_text(text)


def with_unread_sign(unread: str | None, text: str, score: float, alternatives: list[tuple[str, float]]
                     ) -> tuple[float, list[tuple[str, float]]]:
    """A value reading's confidence and alternatives once an unread blot was seen before it (``unread``:
    None for none, else the sign it leans to, "" for none named): kept at UNREAD_CONFIDENCE at most,
    and with the sign before the reading and its alternatives (with either sign, at one share, when it leans to
    neither). A reading that has a sign is left as it is."""
    if unread is None or text.lstrip()[:1] in OPERATORS:
        return score, alternatives
    return min(score, UNREAD_CONFIDENCE), (_with_lead_sign(unread, text, alternatives) if unread
                                           else _with_either_sign(text, alternatives))


def with_faint_lead(text: str, alternatives: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A value line's alternatives once a faint blot was seen just left of its crop (unread_ink.faint_lead):
    the reading with either sign, as for unread ink leaning neither way; a reading with a sign is left
    as it is. Its confidence is not touched here (see with_unread_sign): only a row that takes a sign
    puts the cell in doubt."""
    return alternatives if text.lstrip()[:1] in OPERATORS else _with_either_sign(text, alternatives)


def _with_either_sign(text: str, alternatives: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A value line's alternatives once a blot before it leans to neither sign: the reading with "≥" and
    with "≤", at the same share (the least a row takes a sign at). The page shows a sign without saying
    which way it points; a row may tell from its own figures (normalizers/row_context.py, a sign by
    the row's outcome), and takes neither otherwise."""
    plain = squash(text)
    out = dict(alternatives)
    for sign in (GREATER[0], LESS[0]):
        out[sign + plain] = max(out.get(sign + plain, 0.0), SIGN_SHARE)
    return sorted(out.items(), key=lambda kv: -kv[1])


def _with_lead_sign(sign: str, text: str, alternatives: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A value line's alternatives with the sign its unread blot leans to put before the reading (at
    the least share a row takes a sign at) and before each alternative (at that one's share): an
    alternative's "=" is the same blot's two bars read without its point, and gives way to the sign."""
    out: dict[str, float] = {}
    signed = [(sign + squash(text), SIGN_SHARE)]
    signed += [(sign + alt.lstrip("="), share) for alt, share in alternatives if alt[:1] == "=" or
               alt[:1] not in OPERATORS]
    # the signed first: of two alternatives as probable, a row takes the first (the blot is the sign)
    for alt, share in [*signed, *(a for a in alternatives if a[0][:1] != "=")]:
        out[alt] = max(out.get(alt, 0.0), share)
    return sorted(out.items(), key=lambda kv: -kv[1])
