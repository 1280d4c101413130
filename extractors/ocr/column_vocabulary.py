"""Cells of a column with a tiny known vocabulary decoded under that vocabulary.

Two kinds of cells hold one of a few known texts: the lone comparison sign of a split
target's 指标性质 column (≥, ≤, ＝ …, 不低于, 定性) and the 一级/二级 level labels (产出指标,
质量指标, 可持续影响指标 …: the names and aliases of the canonical schema's first two levels).
On a fax or a grey seal page the recogniser's free reading of them can spell garbage ("M" or
"V" for ≥, "546" for 质量指标, "产山指株" for 产出指标) while the vocabulary word keeps a fair
share of the probability at each time step.

Here each short line of an OCR table cell keeps the probabilities of the vocabularies'
characters at every time step (a few dozen columns of the recogniser's matrix), and the cell's
lines, joined in reading order, are decoded under each vocabulary: a Viterbi search over the
CTC lattice crossed with the trie of the vocabulary's words, exact over the kept labels
(a state is a trie node and whether a blank followed its character). The best word and its
path probability relative to the free best path (its share) are kept on the cell
(``Cell.vocabulary_readings``); only assembly, which knows the column's role, may adopt one
(pipeline/assembly/vocabulary_cells.py).
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["OPERATOR_WORDS", "VocabularyLattice", "Vocabulary", "decode_cell", "level_words", "vocabularies"]

#: What a 指标性质 cell prints: a comparison sign (the recogniser's own spellings of them) or word.
OPERATOR_WORDS = ("≥", "≤", "=", "＝", ">", "<", "≧", "≦", "大于等于", "小于等于", "大于", "小于", "等于",
                  "不低于", "不高于", "不少于", "不超过", "定性", "定量")
#: Words forms print far less often than their look-alikes, with the log of that odds added when
#: the best word is chosen: no target of the corpus's truth starts with ">" or "<", against 298
#: starting with "≥" and 49 with "≤" (a lone "≥" whose lower bar was lost reads as ">").
WORD_PRIOR = {">": math.log(0.05), "<": math.log(0.05)}
#: A word is taken only when its length is within these many characters of the cell's ink width in
#: characters, fewer / more (a 产出指标 read as "产出时标" is not the alias 产出 with two characters
#: unread; digits a fax made of a label, "49051" for 可持续影响指标, are narrower than its characters).
LENGTH_SLACK = (1.5, 2.5)
#: A line whose free reading holds more than this many characters is no vocabulary word's line.
MAX_LINE_CHARS = 10
_NEG = -1e30


def level_words() -> tuple[str, ...]:
    """The level labels a 一级/二级 cell prints: the schema's level-1 and level-2 names and aliases."""
    from jixiao.normalizers.schema import load_schema

    schema = load_schema()
    words = {s for level in (1, 2) for entry in schema.level(level) for s in entry.spellings}
    return tuple(sorted(w for w in words if w))


class Vocabulary:
    """A vocabulary's trie as arrays: node n's parent, its character's column among the kept labels,
    and the word ending at it ("" for none); node 0 is the root."""

    def __init__(self, words: Iterable[str], columns: dict[str, int]) -> None:
        parent, column, word = [-1], [-1], [""]
        children: dict[tuple[int, str], int] = {}
        for w in words:
            if any(ch not in columns for ch in w):
                continue  # a character the recogniser cannot name is never read
            node = 0
            for ch in w:
                nxt = children.get((node, ch))
                if nxt is None:
                    nxt = children[(node, ch)] = len(parent)
                    parent.append(node)
                    column.append(columns[ch])
                    word.append("")
                node = nxt
            word[node] = w
        self.parent = np.array(parent)
        self.column = np.array(column)
        self.words = word
        self.accept = np.array([bool(w) for w in word])
        self.lengths = np.array([len(w) for w in word])
        self.prior = np.array([WORD_PRIOR.get(w, 0.0) for w in word])
        # entering a node from its parent's character state needs a blank between two equal characters
        self.same_as_parent = np.array([p > 0 and column[p] == c for p, c in zip(parent, column)])

    def __contains__(self, text: str) -> bool:
        return text in self.words


@functools.cache
def vocabularies(characters: tuple[str, ...] | None = None) -> tuple[tuple[int, ...], dict[str, Vocabulary]]:
    """The recogniser's labels the vocabularies need (label 0, the blank, first) and each vocabulary
    over them: "operator" (OPERATOR_WORDS) and "level" (level_words)."""
    index = {ch: k for k, ch in enumerate(characters or ())}
    wanted = {"operator": OPERATOR_WORDS, "level": level_words()}
    chars = sorted({ch for words in wanted.values() for w in words for ch in w if ch in index})
    labels = (0, *(index[ch] for ch in chars))
    columns = {ch: k + 1 for k, ch in enumerate(chars)}
    return labels, {name: Vocabulary(words, columns) for name, words in wanted.items()}


class VocabularyLattice:
    """A line's log probabilities of the vocabularies' labels at each time step (time × labels,
    blank first) and the log probability of its free best path."""

    __slots__ = ("logs", "free", "width")

    def __init__(self, logs: np.ndarray, free: float, width: float = 0.0) -> None:
        #: the line's ink width in characters of its height (0: not known)
        self.logs, self.free, self.width = logs, free, width

    @classmethod
    def of(cls, probs: np.ndarray, labels: Sequence[int]) -> VocabularyLattice:
        logs = np.log(np.maximum(probs[:, list(labels)], 1e-12)).astype(np.float32)
        return cls(logs, float(np.log(np.maximum(probs.max(axis=1), 1e-12)).sum()))

    @classmethod
    def joined(cls, lines: Sequence[VocabularyLattice]) -> VocabularyLattice:
        """Lines of one cell in reading order as one line (a label wrapped over lines is one word)."""
        return cls(np.concatenate([line.logs for line in lines]), sum(line.free for line in lines),
                   sum(line.width for line in lines))


def decode(lattice: VocabularyLattice, vocabulary: Vocabulary) -> tuple[str, float] | None:
    """The vocabulary word of ``lattice``'s most probable CTC path and that path's probability
    relative to the free best path; None when no word's path is possible."""
    n = len(vocabulary.words)
    if n <= 1 or not len(lattice.logs):
        return None
    parent, column = vocabulary.parent[1:], vocabulary.column[1:]
    after_blank = np.full(n, _NEG)  # last step a blank (or the start, for the root)
    on_char = np.full(n, _NEG)      # last step the node's own character
    after_blank[0] = 0.0
    for step in lattice.logs:
        blank = np.maximum(after_blank, on_char) + step[0]
        from_parent = np.where(vocabulary.same_as_parent[1:], after_blank[parent],
                               np.maximum(after_blank[parent], on_char[parent]))
        char = on_char.copy()
        char[1:] = np.maximum(on_char[1:], from_parent) + step[column]
        char[0] = _NEG
        after_blank, on_char = blank, char
    final = np.where(vocabulary.accept, np.maximum(after_blank, on_char), _NEG)
    if lattice.width:
        excess = vocabulary.lengths - lattice.width
        final = np.where((excess >= -LENGTH_SLACK[0]) & (excess <= LENGTH_SLACK[1]), final, _NEG)
    best = int((final + vocabulary.prior).argmax())
    if final[best] <= _NEG / 2:
        return None
    return vocabulary.words[best], float(math.exp(min(final[best] - lattice.free, 0.0)))


def decode_cell(lines: Sequence[VocabularyLattice], vocabularies_: dict[str, Vocabulary]
                ) -> dict[str, tuple[str, float]]:
    """Each vocabulary's best word for a cell's lines (in reading order), with its share."""
    if not lines:
        return {}
    lattice = lines[0] if len(lines) == 1 else VocabularyLattice.joined(lines)
    out = {}
    for name, vocabulary in vocabularies_.items():
        found = decode(lattice, vocabulary)
        if found is not None:
            out[name] = (found[0], round(found[1], 6))
    return out


def short_line(text: str) -> bool:
    """A free reading short enough to be one vocabulary word's line (an empty one too: a lost sign)."""
    return len(re.sub(r"\s+", "", text)) <= MAX_LINE_CHARS


#: A line read at least this surely as a plain number (a weight, a score) is no vocabulary word's line.
SURE_NUMBER = 0.95
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
#: A line crop wider than this many times its height holds more than a vocabulary word.
MAX_CROP_RATIO = 12.0


def _candidate(crop: np.ndarray, text: str, score: float) -> bool:
    """A line that may hold a vocabulary word: short, and not a number read surely."""
    squashed = re.sub(r"\s+", "", text)
    if _PLAIN_NUMBER.match(squashed) and score >= SURE_NUMBER:
        return False
    return short_line(text) and crop.shape[1] <= MAX_CROP_RATIO * max(crop.shape[0], 1)


def cell_vocabulary_readings(engine, images: Sequence[np.ndarray], results: Sequence[tuple[str, float]],
                             cells: Sequence[tuple[object, float] | None]) -> dict[object, dict[str, tuple[str, float]]]:
    """Each table cell's best word under each vocabulary (decode_cell), from its short lines read
    again with their probabilities (only the vocabularies' labels kept, a few dozen per time step).

    ``cells``: per line, None outside tables, else (the cell's key, the line's top for reading order).
    A cell any of whose lines is no candidate (a long line, a sure number) gets none.
    """
    reader = getattr(engine, "read_crops_probs", None)
    characters = getattr(engine, "characters", None)
    if reader is None or not characters:
        return {}
    labels, vocabs = vocabularies(tuple(characters))
    by_cell: dict[object, list[int]] = {}
    for i, where in enumerate(cells):
        if where is not None:
            by_cell.setdefault(where[0], []).append(i)
    wanted = {key: lines for key, lines in by_cell.items()
              if all(_candidate(images[i], *results[i]) for i in lines)}
    order = [i for lines in wanted.values() for i in lines]
    if not order:
        return {}
    read = reader([images[i] for i in order], keep=None, compact=lambda p: VocabularyLattice.of(p, labels))
    lattice = {i: probs for i, (_, _, probs) in zip(order, read)}
    for i, probs in lattice.items():
        if probs is not None:
            # the ink's width in characters of its height, or the characters read if more (a crop's
            # height holds the line's margins too, so its width alone counts a few characters short)
            h, w = images[i].shape[:2]
            probs.width = max(w / max(h, 1), len(re.sub(r"\s+", "", results[i][0])))
    out = {}
    for key, lines in wanted.items():
        ordered = sorted(lines, key=lambda i: cells[i][1])
        found = decode_cell([lattice[i] for i in ordered if lattice.get(i) is not None], vocabs)
        import os, sys  # DEBUG
        if os.environ.get("CG_DEBUG"):
            print("DBW", [results[i][0] for i in ordered], [images[i].shape[:2] for i in ordered], found, file=sys.stderr)
        if found:
            out[key] = found
    return out
