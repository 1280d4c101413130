"""Name lines of a coarse page re-spelt from the recogniser's CTC probabilities by a word model.

On a fax the thin strokes of a character go first, and the recogniser's best guess at
that time step becomes a look-alike that no indicator name spells ("提开" for 提升,
"罪众" for 群众, "机同" for 机制), while the right character often keeps a fair share of
the probability. Read freely, such a name is wrong although the evidence for the right
one is there.

Here an unsure line whose free reading is mostly Chinese is spelt again: each character of
the free reading (a run of time steps with the same best label) may be any everyday
character (GB 2312) that keeps at least ``MIN_SHARE`` of that run's best probability, and
the spelling kept maximises the characters' log probabilities plus the log probability of
the spelling's best split into words (a unigram word model: jieba's dictionary of words
of 2–4 characters seen at least ``MIN_WORD_FREQ`` times, shipped as ``name_words.txt``,
plus the form's own vocabulary — the schema's indicator names and aliases, the router's
form terms and their pieces — as frequent words; every single character costs the same),
found exactly by dynamic programming over the characters' candidates.
So a character changes only to make words ("普校率" → 普及率), never towards a merely more
frequent character, and only when the new spelling beats the free one by ``MARGIN`` and
keeps at least ``MIN_KEPT`` of the free path's probability: a name whose characters the
recogniser was sure of, or whose words the model does not hold, stays as read. A character
the free reading dropped may be put back in a gap of blank time steps where it keeps at least
``INSERT_SHARE`` of the blank's probability; characters read are substituted, never dropped.

A page repeats its words, so the re-spelling of a page's unsure lines also favours the words the
page itself read elsewhere (:func:`page_words`): a known word spelt on another line read surely, or
on ``PAGE_AGREEING`` other lines however unsurely (each as read: a spelling the word model chose never
vouches for the words it chose), counts as a
form word for that line ("流民安全培训" on a fishery's form whose other names read 渔民人均增收 and
渔民满意度). A line's own words never vouch for themselves, and only words the model already holds
are favoured (pieces of a page's misreadings spell none).

A re-spelt line's confidence is its free confidence times the share of the free path's
probability the new spelling keeps, and at most ``RESPELT_CONFIDENCE``: the cell is read
from the page's evidence but chosen by a word prior, so it stays in doubt downstream (its
form is never a clean ``ok`` on its strength).
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from jixiao.extractors.ocr.engine import Box, OcrEngine, rec_ratio, recogniser_batches
from jixiao.normalizers.spacing import squash

__all__ = ["NameReader", "choose_spelling", "name_like_text", "name_slots", "page_words", "respell_name", "word_model"]

#: A candidate character keeps at least this share of its run's best label probability.
MIN_SHARE = 0.02
#: Candidates per character (the free one included).
TOP_CANDIDATES = 6
#: Weight of the word model's log probability against the recogniser's.
WORD_WEIGHT = 1.0
#: A spelling other than the free one must beat it by this much (log units).
MARGIN = 1.0
#: A character the free reading dropped is considered where it keeps this share of the blank's probability.
INSERT_SHARE = 0.05
#: A spelling keeping less than this share of the free path's probability is not taken.
MIN_KEPT = 0.01
#: Longest word taken from jieba's dictionary.
MAX_WORD = 4
#: A re-spelt line is never surer than this.
RESPELT_CONFIDENCE = 0.5
#: A line is a name line when at least this share of its free reading is CJK characters.
CJK_SHARE = 0.6
#: Lines the recogniser read at least this surely are left alone.
SURE = 0.97

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


def name_like_text(text: str) -> bool:
    key = squash(text)
    return len(key) >= 2 and len(_CJK.findall(key)) / len(key) >= CJK_SHARE


def _runs(probs: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, end, label) of each character of the free (greedy CTC) reading."""
    best = probs.argmax(axis=1)
    out: list[tuple[int, int, int]] = []
    t, n = 0, len(best)
    while t < n:
        label = int(best[t])
        end = t + 1
        while end < n and best[end] == label:
            end += 1
        if label != 0:
            out.append((t, end, label))
        t = end
    return out


def segment_score(text: str, words: dict[str, float], unknown: float, longest: int = 4) -> float:
    """Log probability of ``text``'s most probable split into words (unigram model: the words
    of 2–``longest`` characters in ``words``; every single character costs ``unknown``)."""
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - longest), end):
            w = text[start:end]
            lp = words.get(w)
            if lp is None:
                if end - start > 1:
                    continue
                lp = unknown
            cand = best[start] + lp
            if cand > best[end]:
                best[end] = cand
    return best[n]


def _top(values: np.ndarray, n: int, floor: float) -> np.ndarray:
    """Indices of those of the ``n`` largest values that reach about ``floor``, largest first.

    The callers stop at (or skip) the first value below their floor, so only the values near it
    or above are ranked: a handful of a line's ~18,700 labels instead of all of them. A value a
    hair below ``floor`` is kept (the callers' own comparison decides), and every value kept
    ranks above every one left out, so the callers see the same labels in the same order.
    """
    above = np.flatnonzero(values >= floor * _FLOOR_MARGIN)
    if above.size > n:
        above = above[np.argpartition(-values[above], n)[:n]]
    return above[np.argsort(-values[above])]


#: _top keeps values down to this share of its floor (a superset of those that reach it).
_FLOOR_MARGIN = 0.99


def _inserted(gap: np.ndarray, characters: Sequence[str], everyday: frozenset[str]) -> list[tuple[str, float]]:
    """A character the free reading may have dropped in a gap of blank time steps: nothing (the free
    reading), or a character whose probability at some step of the gap is at least INSERT_SHARE of
    the blank's there (its log ratio to the blank is what taking it costs)."""
    if gap.shape[0] == 0:
        return [("", 0.0)]
    ratio = (gap / np.maximum(gap[:, :1], 1e-12)).max(axis=0)
    ratio[0] = 0.0
    out = [("", 0.0)]
    for k in _top(ratio, TOP_CANDIDATES + 2, INSERT_SHARE):
        k = int(k)
        if ratio[k] < INSERT_SHARE or k >= len(characters):
            break
        ch = characters[k]
        if ch in everyday and _CJK.fullmatch(ch):
            out.append((ch, math.log(float(ratio[k]))))
        if len(out) >= TOP_CANDIDATES:
            break
    return out


Slots = list[list[tuple[str, float]]]


def name_slots(probs: np.ndarray, characters: Sequence[str], everyday: frozenset[str]) -> Slots:
    """The free reading as slots of candidates (character, log probability), the free one first:
    one slot per character read, and one per gap of blank time steps before, between and after
    them (nothing, or a character the free reading may have dropped)."""
    slots: Slots = []
    previous_end = 0
    for start, end, label in _runs(probs):
        slots.append(_inserted(probs[previous_end:start], characters, everyday))
        previous_end = end
        seg = probs[start:end].max(axis=0)
        top = float(seg[label])
        ch = characters[label] if label < len(characters) else ""
        cands = [(ch, math.log(max(top, 1e-12)))]
        if _CJK.fullmatch(ch or " "):
            for k in _top(seg, TOP_CANDIDATES + 2, MIN_SHARE * top):
                k = int(k)
                if k in (0, label) or k >= len(characters) or seg[k] < MIN_SHARE * top:
                    continue
                alt = characters[k]
                if alt in everyday and _CJK.fullmatch(alt):
                    cands.append((alt, math.log(max(float(seg[k]), 1e-12))))
                if len(cands) >= TOP_CANDIDATES:
                    break
        slots.append(cands)
    slots.append(_inserted(probs[previous_end:], characters, everyday))
    return slots


def choose_spelling(slots: Slots, words: dict[str, float], unknown: float,
                    longest: int = 4, prefixes: frozenset[str] | None = None) -> tuple[list[str], float] | None:
    """Each slot's choice under the word model, with the share of the free path's probability
    the spelling keeps; None when the free spelling stands.

    The spelling maximising the characters' log probabilities plus the log probability of its best
    split into words is found exactly, by dynamic programming over the slots (a word is a run of
    slots whose choices spell one of ``words``; any single character costs ``unknown``), so every
    slot keeps all its candidates however many a line has. ``prefixes`` are those of ``words``'
    keys when the caller knows them (a page's word model reweighs the shipped words, adding none).
    """
    if sum(1 for s in slots if s[0][0]) < 2 or all(len(s) == 1 for s in slots):
        return None
    free_chars = [s[0][0] for s in slots]
    free_ctc = sum(s[0][1] for s in slots)
    free_total = free_ctc + WORD_WEIGHT * segment_score("".join(free_chars), words, unknown, longest)
    prefixes = _prefixes(words) if prefixes is None else prefixes
    n = len(slots)
    # best[i]: (score, ctc, choices) of the best spelling of slots[:i]
    best: list[tuple[float, float, list[int]] | None] = [None] * (n + 1)
    best[0] = (0.0, 0.0, [])
    for start in range(n):
        if best[start] is None:
            continue
        score0, ctc0, chosen0 = best[start]
        # one slot alone: nothing (a gap left empty) or a single character
        for k, (ch, lp) in enumerate(slots[start]):
            item = (score0 + lp + (WORD_WEIGHT * unknown if ch else 0.0), ctc0 + lp, chosen0 + [k])
            if best[start + 1] is None or item[0] > best[start + 1][0]:
                best[start + 1] = item
        # a run of slots spelling a word of two or more characters
        stack = [(start, "", 0.0, [])]
        while stack:
            at, text, ctc, picks = stack.pop()
            if at == n:
                continue
            for k, (ch, lp) in enumerate(slots[at]):
                spelt = text + ch
                if ch and spelt not in prefixes:
                    continue
                if not spelt and at > start:
                    continue  # a word starts with a character
                item_picks = picks + [k]
                if len(spelt) >= 2 and spelt in words and ch:
                    total = score0 + ctc + lp + WORD_WEIGHT * words[spelt]
                    if best[at + 1] is None or total > best[at + 1][0]:
                        best[at + 1] = (total, ctc0 + ctc + lp, chosen0 + item_picks)
                if len(spelt) < longest:
                    stack.append((at + 1, spelt, ctc + lp, item_picks))
    score, ctc, chosen = best[n]
    chars = [slots[i][k][0] for i, k in enumerate(chosen)]
    share = float(math.exp(min(ctc - free_ctc, 0.0)))
    if score <= free_total + MARGIN or "".join(chars) == "".join(free_chars) or share < MIN_KEPT:
        return None
    return chars, share


_PREFIXES: list[tuple[dict[str, float], frozenset[str]]] = []


def _prefixes(words: dict[str, float]) -> frozenset[str]:
    """Every prefix of every word (the search extends a run only while it can still become a word);
    kept for the last word model seen (the page's reader uses one)."""
    if not _PREFIXES or _PREFIXES[0][0] is not words:
        _PREFIXES[:] = [(words, frozenset(w[:i] for w in words for i in range(1, len(w) + 1)))]
    return _PREFIXES[0][1]


def respell_name(probs: np.ndarray, characters: Sequence[str], words: dict[str, float], unknown: float,
                 everyday: frozenset[str], longest: int = 4) -> tuple[str, float] | None:
    """The name spelling preferred by the word model, with the share of the free path's
    probability it keeps; None when the free spelling stands."""
    found = choose_spelling(name_slots(probs, characters, everyday), words, unknown, longest)
    return ("".join(found[0]), found[1]) if found else None


#: The shipped word list (built by ``python -m jixiao.extractors.ocr.name_decoding``).
WORDS_PATH = Path(__file__).with_name("name_words.txt")
#: Words of jieba's dictionary kept in the shipped list: every single character, and longer
#: words seen at least this often in its corpus.
MIN_WORD_FREQ = 50
#: The form's own vocabulary (schema names and aliases, the router's form terms) counts as
#: words this frequent, whatever their length.
FORM_WORD_FREQ = 20000
#: ... and so does every piece of 2–FORM_PART characters of them ("达标率", "满意度", "及时率").
FORM_PART = 3
#: Longer form words are left out (their pieces stay): the split's cost grows with the longest word.
MAX_FORM_WORD = 6


def build_word_list(path: Path = WORDS_PATH) -> int:
    """Write the word list from jieba's dictionary (jieba is needed only here)."""
    import jieba

    source = Path(jieba.__file__).parent / "dict.txt"
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if len(word) <= MAX_WORD and _CJK_WORD.fullmatch(word) and (len(word) == 1 or int(freq) >= MIN_WORD_FREQ):
            lines.append(f"{word} {freq}")
    path.write_text("# words and frequencies of jieba 0.42.1's dict.txt (MIT); built by "
                    "extractors/ocr/name_decoding.py\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _form_words() -> set[str]:
    from jixiao.extractors.routing_vocab import FORM_TERMS
    from jixiao.normalizers.schema.loader import load_schema

    names = [t for t in FORM_TERMS if _CJK_WORD.fullmatch(t)]
    names += [name for entry in load_schema().entries.values() for name in entry.spellings]
    words = set()
    for name in names:
        for run in _CJK_WORD.findall(name):
            words.add(run)
            words.update(run[i:i + n] for n in range(2, FORM_PART + 1) for i in range(len(run) - n + 1))
    return words


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    """The shipped words' counts, with the form's own words counted FORM_WORD_FREQ times at least."""
    freq: dict[str, int] = {}
    for line in WORDS_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, f = line.split(" ")
            freq[word] = int(f)
    for word in _form_words():
        if len(word) <= MAX_FORM_WORD:
            freq[word] = max(freq.get(word, 0), FORM_WORD_FREQ)
    return freq


@functools.lru_cache(maxsize=1)
def word_model() -> tuple[dict[str, float], float, int]:
    """Words of two or more characters with their log probabilities, the cost of any single
    character (the median of the characters' log probabilities), and the longest word."""
    freq = _frequencies()
    total = float(sum(freq.values()))
    singles = [math.log(f / total) for w, f in freq.items() if len(w) == 1 and f > 0]
    # every single character costs the same (their median): a spelling is changed to make words,
    # never to swap a character for a more frequent one ("尚未全覆盖" → "尚未个覆盖")
    single = float(np.median(singles))
    return ({w: math.log(f / total) for w, f in freq.items() if f > 0 and len(w) > 1}, single,
            max(len(w) for w in freq))


#: A page's line read at least this surely vouches alone for the words it spells ... Measured on the
#: tune faxes' 549 name lines (as read, against the text of their truth files): of the 152 read ≥ 0.95,
#: 113 are pieces of the truth's text, most of the 39 others header labels the truth does not hold
#: (年初预算数, 金额单位万元) and 8 misreads (建立长教管护机制 0.976, -级指标 0.964); of the 43 read
#: 0.8–0.95 only 6 are, of the 354 below 0.8 117. Not varied.
PAGE_SURE = 0.95
#: ... and lines read less surely when at least this many of them spell the word.
PAGE_AGREEING = 2
#: Words of 2–PAGE_WORD characters of the shipped model are looked for in the page's lines (the shipped
#: words' own length) ...
PAGE_WORD = 4
#: ... and a word the page vouches for counts as often as the form's own vocabulary does (FORM_WORD_FREQ:
#: about the 99th percentile of the 46,695 counts of the model's words of two or more characters; 渔民
#: counts 614, 流民 178). Not varied.
PAGE_WORD_FREQ = FORM_WORD_FREQ


def page_words(readings: Sequence[tuple[str, float]], words: dict[str, float]) -> list[tuple[str, frozenset[str], int]]:
    """Each page line (squashed) with the words of ``words`` of 2–PAGE_WORD characters it spells (maybe
    none) and its vote for them: PAGE_AGREEING when it was read at least PAGE_SURE, else 1.

    A page repeats its words (渔业 of the title in 渔港 of its rows; 渔民 in three names of a
    fishery's form), so where an unsure line's candidates can spell a word the page read surely on
    another line, or on several others, that spelling is the likelier one, whatever an everyday
    corpus prefers ("流民安全培训" beside "渔民人均增收" and "渔民满意度"). Only known words count
    (a page's misreadings spell pieces of no word)."""
    out = []
    for text, score in readings:
        key = squash(text)
        spelt = {run[i:i + n] for run in _CJK_WORD.findall(key)
                 for n in range(2, PAGE_WORD + 1) for i in range(len(run) - n + 1)}
        out.append((key, frozenset(w for w in spelt if w in words), PAGE_AGREEING if score >= PAGE_SURE else 1))
    return out


class NameReader:
    """An engine that keeps, for each unsure name line it reads, the spelling the word model
    prefers (see the module notes); ``respelt_cell`` and ``respelt_line`` apply them to the
    readings finally kept.

    Readings pass through unchanged, so the views of a line still compete and agree on what the
    recogniser saw; ``read_crops_probs`` is passed through for the reader above it (the value
    grammar), asking the engine for the probabilities of name lines as well and handing back
    only those the caller asked for.
    """

    def __init__(self, engine: OcrEngine) -> None:
        from jixiao.extractors.routing import common_characters

        self.engine = engine
        self.name = engine.name
        self.words, self.unknown, self.longest = word_model()
        self.everyday = common_characters()
        #: free reading of an unsure name line -> its slots (name_slots)
        self.slots: dict[str, Slots] = {}
        self._shares: dict[str, float] = {}
        #: free reading -> the word model's spelling of its slots (choose_spelling), found once
        self._spellings: dict[str, tuple[list[str], float] | None] = {}
        #: the page's lines as (squashed reading, the shipped words it spells) (learn_page), and the
        #: spellings under the word model favouring the words of a line's others
        self._page_lines: list[tuple[str, frozenset[str], int]] = []
        self._page_models: dict[frozenset[str], dict[str, float]] = {}
        self._page_spellings: dict[str, tuple[list[str], float] | None] = {}

    def __getattr__(self, name: str):
        return getattr(self.engine, name)

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return [(t, s) for t, s, _ in self.read_crops_probs(crops, keep=lambda _t: False)]

    def read_crops_probs(self, crops: list[np.ndarray], keep: Callable[[str], bool] | None = None,
                         compact: Callable[[np.ndarray], object] | None = None) -> list[tuple[str, float, object]]:
        """The engine's readings with probabilities; name lines' matrices are read here in full, and
        the caller's ``compact`` applied to those it asked for (see OcrEngine.read_crops_probs)."""
        reader = getattr(self.engine, "read_crops_probs", None)
        if reader is None:
            return [(t, s, None) for t, s in self.engine.read_crops(crops)]
        wanted = keep or (lambda _t: True)
        out: list[tuple[str, float, np.ndarray | None]] = [("", 0.0, None)] * len(crops)
        for chunk in _chunks(crops):
            # the batch's own rows (views, no copy): each is used, then dropped or compacted, and the
            # batch let go before the next one is read
            readings = reader([crops[i] for i in chunk], keep=lambda t: wanted(t) or _wants_slots(t), compact=_as_read)
            for i in chunk:
                out[i] = self._noted(*readings.pop(0), wanted, compact)
        return out

    def _noted(self, text: str, score: float, probs: np.ndarray | None, wanted: Callable[[str], bool],
               compact: Callable[[np.ndarray], object] | None = None) -> tuple[str, float, object]:
        """A reading, its slots noted when it is an unsure name line (its probabilities are then
        dropped unless the caller asked for them)."""
        key = squash(text)
        if probs is not None and score < SURE and _wants_slots(text):
            # a line read more than once (views) keeps the reading whose re-spelling is surest
            slots = name_slots(probs, self.engine.characters, self.everyday)
            found = choose_spelling(slots, self.words, self.unknown, self.longest)
            share = found[1] if found else -1.0
            if key not in self.slots or share > self._shares[key]:
                self.slots[key], self._shares[key], self._spellings[key] = slots, share, found
        if probs is None or not wanted(text):
            return text, score, None
        # a caller without ``compact`` keeps the matrix: a copy, so the batch it was read in can go
        return text, score, compact(probs) if compact is not None else probs.copy()

    def learn_page(self, readings: Sequence[tuple[str, float]]) -> None:
        """Note the page's lines (final readings) whose words may weigh in the re-spelling of its
        other unsure lines from now on (:func:`page_words`)."""
        spelt = page_words([(self._voting_text(text, score), score) for text, score in readings], self.words)
        self._page_lines = [(squash(text), words, vote)
                            for (text, _), (_, words, vote) in zip(readings, spelt) if words]
        self._page_spellings, self._page_models = {}, {}

    def _voting_text(self, text: str, score: float) -> str:
        """The reading a page line vouches for words with (keyed by its reading as read, so that its
        own words never vouch for it). An unsure line votes only with the words its ink spelt as read:
        a spelling the word model chose would make its own words frequent for the next line, and two
        such lines would vouch for a third by the prior alone. A sure line (PAGE_SURE) may vote as the
        word model alone spells it (its own ink and the words)."""
        key = squash(text)
        found = self._spellings.get(key) if PAGE_SURE <= score < SURE else None
        return "".join(found[0]) if found else key

    @functools.cached_property
    def page_word_log(self) -> float:
        """A page word's log probability (PAGE_WORD_FREQ occurrences in the word model's counts)."""
        return math.log(PAGE_WORD_FREQ / sum(_frequencies().values()))

    def _words_beside(self, own: frozenset[str]) -> dict[str, float]:
        """The word model with the words the page vouches for on lines other than ``own`` (squashed
        readings) made frequent (:func:`page_words`); the shipped model where it vouches for none."""
        votes: dict[str, int] = {}
        for key, spelt, vote in self._page_lines:
            if key not in own:
                for word in spelt:
                    votes[word] = votes.get(word, 0) + vote
        vouched = frozenset(w for w, n in votes.items() if n >= PAGE_AGREEING)
        if not vouched:
            return self.words
        if vouched not in self._page_models:  # most lines of a page see the same words vouched for
            words = dict(self.words)
            for word in vouched:
                words[word] = max(words[word], self.page_word_log)
            self._page_models[vouched] = words
        return self._page_models[vouched]

    def _spelling(self, key: str) -> tuple[list[str], float] | None:
        """The spelling of a line's slots under the word model made to favour the words the page
        read on its other lines."""
        if key not in self._page_spellings:
            words = self._words_beside(frozenset([key]))
            self._page_spellings[key] = self._spellings[key] if words is self.words else choose_spelling(
                self.slots[key], words, self.unknown, self.longest, _prefixes(self.words))
        return self._page_spellings[key]

    def word_gain(self, text: str) -> float:
        """How many nats the word model's best split of a name line's reading gains over the same
        characters each read as an unknown single (0 for a line that is not a name): a reading
        whose characters make words ("质量指标") gains, a look-alike's ("成量指标") gains less."""
        key = squash(text)
        if not name_like_text(key):
            return 0.0
        return segment_score(key, self.words, self.unknown, self.longest) - len(key) * self.unknown

    def _line_slots(self, text: str, score: float) -> Slots | None:
        """An unsure line's slots; a sure CJK line as it was read (no alternatives)."""
        key = squash(text)
        if score < SURE and key in self.slots:
            return self.slots[key]
        if key and _CJK_WORD.fullmatch(key):
            return [[(ch, 0.0)] for ch in key]
        return None

    def respelt_line(self, text: str, score: float) -> tuple[str, float]:
        """A line re-spelt when the word model prefers another spelling, at a lowered confidence."""
        key = squash(text)
        if score >= SURE or key not in self.slots or not name_like_text(key):
            return text, score
        found = self._spelling(key)
        if found is None:
            return text, score
        return "".join(found[0]), round(min(score * found[1], RESPELT_CONFIDENCE), 5)

    def respelt_cell(self, pieces: list[tuple[Box, str, float]]) -> list[tuple[Box, str, float]]:
        """A cell's lines re-spelt; a name wrapped over lines ("…总分馆律" / "设") is spelt as one
        text, so a word across the break counts, and each line keeps its own part."""
        if len(pieces) == 1:
            box, text, score = pieces[0]
            return [(box, *self.respelt_line(text, score))]
        ordered = sorted(pieces, key=lambda p: (p[0][1], p[0][0]))
        parts = [self._line_slots(text, score) for _, text, score in ordered]
        if any(p is None for p in parts) or not any(score < SURE for _, _, score in ordered):
            return [(box, *self.respelt_line(text, score)) for box, text, score in pieces]
        joined = [slot for part in parts for slot in part]
        if not name_like_text("".join(s[0][0] for s in joined)):
            return pieces
        own = frozenset(squash(text) for _, text, _ in ordered)
        found = choose_spelling(joined, self._words_beside(own), self.unknown, self.longest, _prefixes(self.words))
        if found is None:
            return pieces
        chars, share = found
        out, at = [], 0
        for (box, text, score), part in zip(ordered, parts):
            spelt = "".join(chars[at:at + len(part)])
            at += len(part)
            if spelt != "".join(s[0][0] for s in part):
                text, score = spelt, round(min(score * share, RESPELT_CONFIDENCE), 5)
            out.append((box, text, score))
        return out


def _as_read(probs: np.ndarray) -> np.ndarray:
    """A crop's rows of its batch's probabilities as the engine holds them (no copy)."""
    return probs


def _chunks(crops: list[np.ndarray]) -> list[list[int]]:
    """Crop indices in the recogniser's own batches (:func:`recogniser_batches`), read one call each
    when name lines' probabilities are kept: every line is read in the batch it would be read in
    anyway, and at most one batch's probabilities are held (a long line's take ~4 MB, 144 time
    steps × 6,625 labels; with a page's all held at once a fax page's peak memory grew by ~100 MB)."""
    return recogniser_batches([rec_ratio(c) for c in crops])


def _wants_slots(text: str) -> bool:
    """Lines whose probabilities the re-spelling needs: name lines, and a lone CJK character (the
    end of a wrapped name)."""
    key = squash(text)
    return name_like_text(key) or bool(_CJK_WORD.fullmatch(key))


if __name__ == "__main__":
    print(f"{build_word_list()} words -> {WORDS_PATH}")
