"""Cells of a column with a tiny known vocabulary decoded under that vocabulary.

Three kinds of cells hold one of a few known texts: the lone comparison sign of a split
target's 指标性质 column (≥, ≤, ＝ …, 不低于, 定性), its 度量单位 word (%, 个, 万元: the
measure words of normalizers/units.py) and the 一级/二级 level labels (产出指标, 质量指标,
可持续影响指标 …: the names and aliases of the canonical schema's first two levels).
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

import cv2
import numpy as np

from jixiao.extractors.ocr.engine import LONG_LINE_RATIO, REC_SQUASH, bucket_ratio, rec_ratio
from jixiao.normalizers.header_words import HEADER_WORDS
from jixiao.normalizers.spacing import squash
from jixiao.normalizers.units import MEASURE_WORDS, PERCENT_WORDS

__all__ = ["OPERATOR_WORDS", "UNIT_WORDS", "ColumnVocabularies", "VocabularyLattice", "Vocabulary", "decode_cell", "level_words",
           "lines_in_doubt", "vocabularies"]

#: What a 指标性质 cell prints: a comparison sign (the recogniser's own spellings of them) or word.
OPERATOR_WORDS = ("≥", "≤", "=", "＝", ">", "<", "≧", "≦", "大于等于", "小于等于", "大于", "小于", "等于",
                  "不低于", "不高于", "不少于", "不超过", "定性", "定量")
#: What a split target's 度量单位 cell prints: the per cent sign or a measure word (normalizers/units.py).
UNIT_WORDS = ("%", "％", *PERCENT_WORDS, *MEASURE_WORDS)
#: Words forms print far less often than their look-alikes, with the log of that odds added when
#: the best word is chosen: no target of the corpus's truth starts with ">" or "<", against 298
#: starting with "≥" and 49 with "≤" (a lone "≥" whose lower bar was lost reads as ">").
WORD_PRIOR = {">": math.log(0.05), "<": math.log(0.05)}
#: A word is taken only when its length is within these many characters of the cell's ink width in
#: characters, fewer / more (a 产出指标 read as "产出时标" is not the alias 产出 with two characters
#: unread; digits a fax made of a label, "49051" for 可持续影响指标, are narrower than its characters).
LENGTH_SLACK = (1.0, 2.5)
#: A line whose free reading holds more than this many characters is no vocabulary word's line.
MAX_LINE_CHARS = 10
_NEG = -1e30


def level_words(levels: tuple[int, ...] = (1, 2)) -> tuple[str, ...]:
    """The level labels a 一级/二级 cell prints: the schema's names and aliases of ``levels`` (1 and 2;
    a column that can only be the 一级 asks for level 1 alone)."""
    from jixiao.normalizers.schema import load_schema

    return tuple(sorted(load_schema().level_spellings(levels)))


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
    over them: "operator" (OPERATOR_WORDS), "level" (level_words), "header" (HEADER_WORDS) and "unit"
    (UNIT_WORDS)."""
    index = {ch: k for k, ch in enumerate(characters or ())}
    wanted = {"operator": OPERATOR_WORDS, "level": level_words(), "header": HEADER_WORDS, "unit": UNIT_WORDS}
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
    return len(squash(text)) <= MAX_LINE_CHARS


#: A cell all of whose lines the recogniser read at least this surely is taken as read (no vocabulary
#: word was adopted on the tune files for a line read surer than 0.91; a clean page's lines are mostly sure,
#: so it is spared the second reading).
SURE_LINE = 0.95
#: A line read at least this surely as a plain number (a weight, a score) is no vocabulary word's line.
SURE_NUMBER = 0.95
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
#: A line crop wider than this many times its height holds more than a vocabulary word.
MAX_CROP_RATIO = 12.0


def _on_paper(crop: np.ndarray, ratio: float) -> np.ndarray:
    """A line crop padded on the right with its own paper to ``ratio`` (width/height) where that is wider."""
    h, w = crop.shape[:2]
    width = int(math.ceil(ratio * h / REC_SQUASH))
    if rec_ratio(crop) > LONG_LINE_RATIO or width <= w:
        return crop
    paper = int(np.percentile(crop, 95))
    return cv2.copyMakeBorder(crop, 0, 0, 0, width - w, cv2.BORDER_CONSTANT, value=paper)


def _candidate(crop: np.ndarray, text: str, score: float) -> bool:
    """A line that may hold a vocabulary word: short, and not a number read surely."""
    squashed = squash(text)
    if _PLAIN_NUMBER.match(squashed) and score >= SURE_NUMBER:
        return False
    return short_line(text) and crop.shape[1] <= MAX_CROP_RATIO * max(crop.shape[0], 1)


def _spelt_as_word(text: str, vocabularies_: dict[str, Vocabulary]) -> bool:
    """Whether a line's reading already spells one of the vocabularies' words ("质量指标", "≥", "万元")."""
    squashed = squash(text)
    return bool(squashed) and any(squashed in v for v in vocabularies_.values())


class ColumnVocabularies:
    """The column vocabularies over an engine's labels: its short lines read again with the
    vocabularies' label probabilities kept (``lattices``), and a cell's lines decoded (``read_cell``).

    With ``spare_words`` (a coarse page: a fax, and any 1-bit or sub-140 dpi scan) a line already read
    as a word of *any* vocabulary is not read again. Assembly keeps a reading that is a word of its own
    column as printed (pipeline/assembly/vocabulary_cells.py) and asks the header vocabulary only for
    a word that differs from the reading (header_cells.py); a line spelt as another column's word (a
    unit cell read "≥") loses the lattice that might have mended it — the line's column is not known
    when lines are read. On the 12 tune faxes that spared 67 of 633 lines
    (217 of 2,076 model heights, 10 % of the lattices' width) with every field, total and finding of
    ``jixiao eval`` the same; the other kinds of OCR page are read as before (not measured).
    """

    def __init__(self, engine, spare_words: bool = False) -> None:
        self.reader = getattr(engine, "read_crops_probs", None)
        characters = getattr(engine, "characters", None)
        self.labels, self.vocabularies = vocabularies(tuple(characters)) if self.reader and characters else ((), {})
        self.spare_words = spare_words

    def lattices(self, images: Sequence[np.ndarray], results: Sequence[tuple[str, float]],
                 lines: Iterable[int]) -> dict[int, VocabularyLattice]:
        """The lattices of those of ``lines`` that may hold a vocabulary word (short, no sure number;
        with ``spare_words`` not already read as one)."""
        order = [i for i in lines if _candidate(images[i], *results[i])
                 and not (self.spare_words and _spelt_as_word(results[i][0], self.vocabularies))]
        if not self.vocabularies or not order:
            return {}
        out = {}
        for i, lattice in self._read(images, order):
            if lattice is not None:
                # the ink's width in characters of its height, or the characters read if more (a crop's
                # height holds the line's margins too, so its width alone counts a few characters short)
                h, w = images[i].shape[:2]
                lattice.width = max(w / max(h, 1), len(squash(results[i][0])))
                out[i] = lattice
        return out

    def _read(self, images: Sequence[np.ndarray], order: list[int]) -> Iterable[tuple[int, VocabularyLattice | None]]:
        """Each line's lattice, read on its own paper padded to its width bucket (REC_WIDTH_BUCKETS) and
        in a batch of its bucket only: the recogniser's reading of a line changes with the width its
        batch is padded to, so a line's lattice depends on the line alone, not on the page's others."""
        groups: dict[float, list[int]] = {}
        for i in order:
            groups.setdefault(bucket_ratio(rec_ratio(images[i])), []).append(i)
        for bucket, members in groups.items():
            crops = [_on_paper(images[i], bucket) for i in members]
            read = self.reader(crops, keep=None, compact=lambda p: VocabularyLattice.of(p, self.labels))
            yield from ((i, lattice) for i, (_, _, lattice) in zip(members, read))

    def read_cell(self, lines: Sequence[VocabularyLattice | None]) -> dict[str, tuple[str, float]]:
        """A cell's readings under each vocabulary from its lines in reading order; none when a line
        has no lattice (it cannot hold a vocabulary word: the cell holds more than one)."""
        if not lines or any(line is None for line in lines):
            return {}
        return decode_cell(lines, self.vocabularies)


def lines_in_doubt(results: Sequence[tuple[str, float]], cells: Sequence[object | None]) -> list[int]:
    """The lines worth decoding under the vocabularies: those read unsurely (below SURE_LINE) or as
    nothing, and every other line of a cell (``cells``: each line's cell key, None outside cells)
    that holds one, so a wrapped label is decoded whole."""
    doubtful = {i for i, (text, score) in enumerate(results) if score < SURE_LINE or not text.strip()}
    cells_in_doubt = {cells[i] for i in doubtful if cells[i] is not None}
    return [i for i in range(len(results)) if i in doubtful or (cells[i] is not None and cells[i] in cells_in_doubt)]
