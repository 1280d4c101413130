"""Verify each font of a page glyph by glyph, and repair the ones that lie.

A text layer is only as honest as the /ToUnicode maps of its fonts, and a map
can lie in ways no statistics of the text reveal: a permutation of the digits
turns 98.75 into 24.1 and leaves every word plausible.  So, for each typeface
of a page, a sample of its distinct glyphs is cut out of the rendered page by
the glyphs' boxes and read by the recogniser (:mod:`extractors.fonts.reader`;
a tiny screen confirms most of them first, see :data:`SCREEN_SURE`, and refutes the surest
lies, see :data:`SCREEN_LIE_SURE`):

* every figure glyph it uses (0–9 . % ≥ ≤ …), because they carry the numbers;
* the CJK glyphs that sit in implausible character pairs first (a swapped
  character breaks the pairs it is in), then others, up to a fixed number,
  leaving out those vouched for by several plausible pairs (see VOUCHING_PAIRS);
* glyphs pdfium finds no Unicode mapping for (a font without /ToUnicode): such a
  font cannot be trusted at all.

A reading *disagrees* when the recogniser is sure of another character and
gives the claimed one almost nothing.  One disagreement makes the check read
every glyph of that typeface on the page; the typeface lies when at least
MIN_DISAGREEMENTS glyphs and MIN_DISAGREEMENT_SHARE of those read disagree.
Measured on every text-layer page of the samples: the 102 honest pages (seed,
tune and holdout documents, traditional and Kangxi pages included) gave 0
disagreements in 5,708 sampled glyph judgements, and 0 in 19,533 with every
glyph read (an honest ‰ read as % is "unsure": the recogniser cannot tell them
apart); the lying pages were all found — see tests/test_fonts.py, bench/fonts.py.

All typefaces of a page are read together (one recogniser run over evenly
filled line crops), and the CJK sample is drawn per font object of the
document: a font object with CJK_SAMPLE glyphs judged on earlier pages adds
only its new figures and suspects.

Across the documents of a process, a sampled glyph whose own outline (its
charstring, found from the code that draws it: :mod:`extractors.fonts.outlines`)
was confirmed as exactly its claim in an earlier document is taken as read; if
any glyph of the page's sample then reads otherwise than claimed, the sample is
read again whole, so that a typeface in doubt is judged from the readings it
always had (see FontVerifier._read_sample).

A lying typeface is repaired: each of its distinct glyphs is read once per
document (cached by font object and claimed character), and the page is read
through the text path with the recognised characters in place of the claims.
Glyphs the recogniser is unsure of are left to OCR of their lines; when too
many are unsure the page goes to OCR.
"""
from __future__ import annotations

import ctypes
import functools
import itertools
import math
import random
import statistics
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from collections.abc import Callable, Container, Mapping
from typing import NamedTuple

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.chars import text_layer
from jixiao.extractors.fonts.glyphs import Glyph, GlyphKey, PageGlyphs, centre_under, is_cjk, is_figure
from jixiao.extractors.fonts.outlines import CONFIRMED, ConfirmedOutlines, DocumentFonts
from jixiao.extractors.fonts.overlap import Once
from jixiao.extractors.fonts.reader import _SAME_SHAPE, FIGURE_CHARS, GlyphReader, Reading, fold, get_reader, get_screen, spelling
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.routing import plausible_bigrams
from jixiao.normalizers.names import to_simplified
from jixiao.models.font_check import FontCheck

#: A reading disagrees with its claim when the recogniser gives its own character
#: at least SURE_PROB and the claimed one at most CLAIM_ABSENT ...
SURE_PROB = 0.80
CLAIM_ABSENT = 0.01
#: ... and agrees when the claim folds to the reading or still gets CLAIM_PLAUSIBLE.
CLAIM_PLAUSIBLE = 0.10
#: CJK glyphs judged per typeface and page before any doubt (figures are all read);
#: glyphs already read on earlier pages count, and at most FRESH_SUSPECTS glyphs found
#: only in implausible pairs are read on top.
CJK_SAMPLE = 24
FRESH_SUSPECTS = 4
#: A fresh CJK glyph that sits in at least this many distinct CJK pairs of the page, every one plausible,
#: is vouched for by its pairs and not drawn to fill the sample (see :func:`choose_sample`).  A swapped
#: character breaks its pairs: of the 2,047 glyphs found lying with two pairs or more on the tune and seed
#: pages (every glyph of a lying typeface read), 15 sat in plausible pairs only (0.7 %, all in typefaces
#: shuffled whole), none in a pair swap; of the honest samples' fresh CJK glyphs drawn with two pairs or
#: more, 795 of 2,799 (28 %) did.  Being vouched for is thus about 40 times likelier for an honest glyph
#: than for a lying one, and reading such glyphs adds next to nothing to the sample's power against a swap.
#: Measured after the choice on all four pair-swap twins (holdout included): 1 of their 82 swapped glyphs is
#: vouched for (a holdout page's 实, among 15 others read otherwise), and every lying page is still found.
VOUCHING_PAIRS = 2
#: A typeface lies when this many of its glyphs disagree, and this share of those read.
MIN_DISAGREEMENTS = 2
MIN_DISAGREEMENT_SHARE = 0.02
#: The tiny screen's reading is kept only when it is the claimed character at least this sure;
#: every other glyph is read again by the small model, which alone can doubt a claim.  Measured
#: on every glyph the check reads in the text-layer samples: at 0.90 the screen confirmed 4,061 of
#: the 4,330 glyphs of honest documents the small model confirms, and none of the 2,585 glyphs it
#: found lying or unsure.
#: The first look reads the claim from the glyph's whole window; where a neighbour's stroke wins that window
#: (418's 费 read as its neighbour 数 at 1.00, itself at 0.98 from its own steps), the glyph's core (the steps
#: centred in its own slot) reading the claim at this level confirms it too, once the second look has not (see
#: :func:`core_confirms`).  With every distinct visible glyph of the text-layer samples read by the first look
#: and the small model (lines in text order), the core read the claim at this level for none of the 1,899
#: glyphs the small model finds lying or unsure on the tune and seed pages (holdout: none of 421).
SCREEN_SURE = 0.90
#: The glyphs the screen leaves are read by it once more, larger and farther apart (glyph height
#: and gap in pixels of the 48-pixel line), each from the steps centred in its own slot, before the
#: small model is loaded for the rest.  With every glyph of the 84 text-layer samples read
#: (20,264 judgements), this second look confirmed 642 of the 835 honest glyphs the first left and
#: none of the 2,589 the small model finds lying or unsure; 18 of the 56 digital samples then
#: need no small model at all even with every glyph read.
SECOND_GLYPH_PX = 32
SECOND_GAP = 12
#: The second look's reading is kept when it is the claimed character at least this sure.  Chosen
#: on the tune documents, every glyph the check can judge (CJK, figures, letters) read by all three
#: (8,049 judgements): the glyphs the small model finds lying or unsure get the claim at most 0.10
#: on the second look (holdout: 0.13), while 0.80 instead of 0.90 confirms 19 more of the 35 honest
#: glyphs both looks left and spares the small model on 8 more of the 39 tune documents
#: (holdout: 21 of 52 glyphs, 10 of 37 documents; no lying or unsure glyph taken in either split).
SECOND_SURE = 0.80
#: A glyph both looks read as the claimed character, each at least this sure, is confirmed too.
#: Same tune judgements: the lying or unsure glyphs get at most 0.10 on the less sure of the two
#: looks (holdout: 0.00); this confirms 9 of the 16 honest glyphs the thresholds above leave, and
#: the small model is then needed on 5 of the 39 tune documents with every glyph read instead of 14
#: (holdout: 31 → 23 glyphs, 11 → 9 of 37 documents).
BOTH_SURE = 0.50
#: The glyphs both looks leave, when they are few (at most CONTEXT_MAX on a page), are read by the
#: screen once more in their own line, with up to CONTEXT_REACH neighbours each side, before the
#: small model is loaded for them; the line's reading must give one character per glyph and the
#: claimed one at the glyph's place at least CONTEXT_SURE sure.  With every glyph of the text-layer
#: samples read, of the glyphs the small model then reads: tune 40 of 42 honest ones confirmed in their
#: line and none of 818 lying or unsure (the claim's probability there is 0.00 for all of them);
#: holdout 90 of 102 and none of 415.  One or two hard glyphs (渝, 情, ≥) no longer load the small
#: model for an honest document.
CONTEXT_REACH = 3
CONTEXT_MAX = 4
CONTEXT_SURE = 0.80
#: A glyph both looks leave that stands alone on its line is confirmed when the first look read the claim
#: at least this sure (its line is that look's crop; see FontVerifier._confirm_in_line).  With every glyph
#: of the 164 text-layer samples read (22,304 judgements), the small model judged every glyph the first
#: look read as claimed at 0.80–0.90 as agreeing, but for four brackets of a lying holdout twin read while
#: its typeface was read whole (one look: this step is not taken there); two honest documents loaded the
#: small model for nothing else than a lone / (first look 0.81 and 0.89, the small model 0.12 and 0.00 for it).
LONE_SURE = CONTEXT_SURE
#: The claims the lone rule may confirm: the marks an empty cell prints.  A lone digit, sign or character
#: carries a figure or a name, and the brackets above show the first look can be wrong at 0.80–0.90:
#: those are read in their line as any other glyph.
LONE_MARKS = frozenset("/／\\-－—–")
#: The screen's first reading of another character than the claimed one stands without the small
#: model when it is at least this sure (from the steps centred in the glyph's own slot, the claim given
#: at most CLAIM_ABSENT, see :func:`surely_other`).  Measured on every glyph the small model read in
#: the 18 lying documents: of the 2,090 such readings it read the same character for 2,089 (the
#: other: its own window took the neighbouring bracket, 预算执行情况（（元）, where the screen read 万).
#: On the 66 honest text-layer documents (digital, rotated, offset, /UserUnit) the screen's first look
#: refuted 2 claims at all, the surer at 0.96 (總 read as 德).
SCREEN_LIE_SURE = 0.99
#: A glyph without a Unicode mapping whose cut has no pixel darker than this draws nothing: a space.
BLANK_GREY = 250
#: A repaired glyph needs its reading at least this sure; below it is "unsure".
REPAIR_PROB = 0.50
#: Share of a page's glyph occurrences in lying fonts that may be unsure before
#: the page as a whole goes to OCR instead of the repaired text path.
MAX_UNSURE_SHARE = 0.05
#: Glyph height in pixels the page is rendered at (scale clamped to these bounds).
TARGET_GLYPH_PX = 30.0
MIN_SCALE, MAX_SCALE = 2.0, 6.0
#: Visible glyphs whose height the render scale is the median of (evenly spaced over the page).
HEIGHT_SAMPLE = 64


@dataclass
class TypefaceCheck:
    """What was checked of one typeface on one page and what it showed."""

    page: int
    typeface: str
    glyphs: int            # distinct glyphs of the typeface on the page
    occurrences: int       # glyphs drawn
    checked: int = 0       # distinct glyphs read
    disagreed: int = 0
    unsure: int = 0
    unmapped: int = 0      # glyphs without any Unicode mapping
    lying: bool = False
    repaired: int = 0      # glyphs whose claim was replaced by the reading
    reason: str = ""


class _Face:
    """One typeface of a page while it is checked: its glyphs, the sample judged so far, the record.

    Its glyphs are listed without boxes (extractors.fonts.glyphs.PageGlyphs): the ones
    read are located when they are cut.
    """

    def __init__(self, page_no: int, typeface: str, glyphs: list[Glyph], hidden: list[Glyph]) -> None:
        self.glyphs, self.hidden = glyphs, hidden
        self.first = {g.key: g for g in glyphs}
        self.every = [k for k, g in self.first.items() if is_checked_claim(g)]
        self.sample: list[GlyphKey] = []
        self.check = TypefaceCheck(page_no, typeface, glyphs=len(self.first), occurrences=len(glyphs),
                                   unmapped=len({g.key for g in glyphs if g.unmapped}))


class PairEvidence(NamedTuple):
    """What a page's CJK pairs say of each glyph in one (see :func:`suspicion`)."""

    #: share of implausible pairs among those the glyph sits in
    scores: dict[GlyphKey, float]
    #: glyphs in at least VOUCHING_PAIRS pairs, all plausible
    vouched: frozenset[GlyphKey]


@dataclass
class PageVerdict:
    """The fonts of one page: per typeface checks, replacements by character index, unsure indices."""

    page: int
    checks: list[TypefaceCheck] = field(default_factory=list)
    replacements: dict[int, str] = field(default_factory=dict)
    unsure_indices: set[int] = field(default_factory=set)
    lying_occurrences: int = 0
    resolved_in_lines: int = 0
    seconds_reading: float = 0.0

    @property
    def lying(self) -> bool:
        return any(c.lying for c in self.checks)

    @property
    def unsure_share(self) -> float:
        return len(self.unsure_indices) / self.lying_occurrences if self.lying_occurrences else 0.0

    @property
    def repairable(self) -> bool:
        return self.unsure_share <= MAX_UNSURE_SHARE


#: Characters the recogniser cannot tell apart surely, read alone: an honest ‰ read as % at
#: 0.99 (claim 0.003) on two pages when every glyph of the samples was read, an honest × as X
#: at 0.99 (claim 0.009) in a crop of other hard glyphs.  Such a reading neither confirms nor
#: refutes the claim.
NEAR_TWINS = {frozenset("‰%"), frozenset("×x")}


def judge(claimed: str, reading: Reading, unmapped: bool = False) -> str:
    """agree | disagree | unsure for one glyph."""
    if not unmapped and (fold(reading.text) == fold(claimed) or reading.claim_prob >= CLAIM_PLAUSIBLE):
        return "agree"
    if not unmapped and frozenset((fold(reading.text), fold(claimed))) in NEAR_TWINS:
        return "unsure"
    if reading.prob >= SURE_PROB and (unmapped or reading.claim_prob <= CLAIM_ABSENT):
        return "disagree"
    return "unsure"


#: Shapes written several ways (the numeral 一 or a dash, full-width or plain colons, brackets, quotes):
#: the screen reads them alike, and which spelling a repair writes is the small model's to say.
SEVERAL_SPELLINGS = frozenset(_SAME_SHAPE.values()) - FIGURE_CHARS


def surely_other(claimed: str, reading: Reading, unmapped: bool = False) -> bool:
    """Whether the screen's reading refutes the claim surely enough to stand without the small model:
    a disagreement (see :func:`judge`) at least SCREEN_LIE_SURE sure, of a shape written one way."""
    return (reading.prob >= SCREEN_LIE_SURE and judge(claimed, reading, unmapped) == "disagree"
            and fold(reading.text) not in SEVERAL_SPELLINGS)


def core_confirms(claimed: str, core: Reading) -> Reading | None:
    """The first look's core reading (the steps centred in the glyph's own slot) when it is the claim at least
    SCREEN_SURE sure, else None.  It stands for a glyph the first look's whole window read as a neighbour's
    stroke and the second look left: no line of its own, no small model (see SCREEN_SURE).  It is taken after
    the second look, not before, so that look's lines hold the same glyphs as without it: the screen reads a
    line in context, and a shorter line read 427's 干, - and / less surely (干 then loaded the small model)."""
    return core if core.prob >= SCREEN_SURE and fold(core.text) == fold(claimed) else None


def is_checked_claim(glyph: Glyph) -> bool:
    """Claims a recogniser can confirm or refute: CJK, figures, letters; unmapped glyphs always."""
    return glyph.unmapped or checks_character(glyph.key.claimed)


@functools.lru_cache(maxsize=None)
def checks_character(ch: str) -> bool:
    """Whether a claimed character is one a recogniser can confirm or refute (CJK, figures, letters);
    answered once per character: a page asks it of each of its ~1,000 glyphs."""
    return is_cjk(ch) or is_figure(ch) or ch.isalpha()


def suspicion(listing: PageGlyphs, shown: list[bool], plausible: frozenset[str]) -> PairEvidence:
    """Share of implausible CJK pairs each glyph sits in (a swapped character breaks its pairs), and the
    glyphs vouched for by VOUCHING_PAIRS plausible pairs or more and no implausible one.

    A pair is two visible glyphs next to each other in the text layer's order, with
    no line break between them (pdfium breaks the text where the baseline moves).
    """
    # a page's ~1,000 glyphs hold a few hundred distinct keys and pairs: each CJK claim is folded once,
    # each distinct pair judged once (the same counts as pair by pair, in the same order)
    folded = {k: fold(k.claimed) for k in set(listing.keys) if is_cjk(k.claimed)}
    pairs: dict[tuple[GlyphKey, GlyphKey], int] = defaultdict(int)
    previous: GlyphKey | None = None
    previous_fold: str | None = None
    for key, visible, line_start in zip(listing.keys, shown, listing.line_start):
        if line_start:
            previous = None
        if not visible:
            continue
        current_fold = folded.get(key)
        if previous is not None and previous_fold is not None and current_fold is not None:
            pairs[previous, key] += 1
        previous, previous_fold = key, current_fold
    bad: dict[GlyphKey, int] = defaultdict(int)
    seen: dict[GlyphKey, int] = defaultdict(int)
    #: the distinct pairs each glyph sits in: one pair repeated down a column ("千元" in every amount
    #: cell) vouches once, or a lie that makes one plausible word would vouch for itself
    partners: dict[GlyphKey, set[tuple[bool, str]]] = defaultdict(set)
    for (left, right), n in pairs.items():
        broken = n if folded[left] + folded[right] not in plausible else 0
        for k in (left, right):
            seen[k] += n
            bad[k] += broken
        partners[left].add((True, right.claimed))
        partners[right].add((False, left.claimed))
    return PairEvidence({k: bad[k] / seen[k] for k in seen},
                        frozenset(k for k in seen if len(partners[k]) >= VOUCHING_PAIRS and not bad[k]))


def choose_sample(glyphs: list[Glyph], scores: dict[GlyphKey, float], rng: random.Random,
                  cached: Container[GlyphKey] = (), judged: Mapping[int, int] | None = None,
                  vouched: Container[GlyphKey] = ()) -> list[GlyphKey]:
    """Distinct glyphs of one typeface to judge the page by.

    All figures and unmapped glyphs; then CJK glyphs: those already read on an
    earlier page (free: the same font object was drawn there), the fresh ones
    that sit only in implausible pairs (up to FRESH_SUSPECTS), and fresh ones by
    suspicion until CJK_SAMPLE is reached.  ``judged`` counts, per font object,
    the glyphs other than figures already read in the document: a lie lives in
    one font object's map, so fresh glyphs are drawn only from objects with
    fewer than CJK_SAMPLE judged.  A font verified on page 1 thus costs little
    on page 9 (its new figures and suspects), while a page with font objects of
    its own is sampled afresh.  Glyphs ``vouched`` for by their pairs (see
    VOUCHING_PAIRS) are not drawn to fill: a typeface whose fresh glyphs are mostly
    vouched for reads fewer than CJK_SAMPLE.
    """
    keys = list(dict.fromkeys(g.key for g in glyphs if is_checked_claim(g)))
    unmapped = {g.key for g in glyphs if g.unmapped}
    must = [k for k in keys if k in unmapped or is_figure(k.claimed)]
    chosen = set(must)
    others = [k for k in keys if k not in chosen]
    seen = [k for k in others if k in cached]
    fresh = [k for k in others if k not in cached]
    rng.shuffle(fresh)
    fresh.sort(key=lambda k: -scores.get(k, 0.0))
    suspects = [k for k in fresh if scores.get(k, 0.0) >= 1.0][:FRESH_SUSPECTS]
    taken = set(suspects)
    budget = max(0, CJK_SAMPLE - len(seen) - len(suspects))
    fill: list[GlyphKey] = []
    drawn: dict[int, int] = defaultdict(int)
    for k in fresh:
        if len(fill) >= budget:
            break
        if k in taken or k in vouched or (judged is not None and judged.get(k.font, 0) + drawn[k.font] >= CJK_SAMPLE):
            continue
        fill.append(k)
        drawn[k.font] += 1
    return must + seen + suspects + fill


class FontVerifier:
    """Checks the fonts of a document page by page; readings are cached for the whole document.

    Font handles identify font objects only while a page using them is open, so
    the verifier keeps the pages it checked open until :meth:`close`.
    """

    def __init__(self, reader: GlyphReader | None = None, seed: int = 0, screen: bool = True,
                 confirmed: ConfirmedOutlines | None = CONFIRMED) -> None:
        """``confirmed``: outlines read in earlier documents of the process (see
        :mod:`extractors.fonts.outlines`); None reads every glyph sampled."""
        self._reader = reader
        self._confirmed = confirmed
        #: the document's fonts, for the outline each glyph is drawn with (opened with the first page checked)
        self._fonts: DocumentFonts | None = None
        self._outline_of: dict[GlyphKey, bytes | None] = {}
        #: glyphs taken as read because their outline was confirmed as their claim in an earlier document
        self.confirmed_by_outline = 0
        self._skipped_on_page = 0
        #: pages whose sample was read again without confirmed outlines (see _read_sample)
        self.samples_read_again = 0
        self._use_screen = screen
        self._cache: dict[GlyphKey, Reading] = {}
        #: readings counted by _writes_simplified so far, of them confirmed CJK claims, and traditional ones
        self._script = (0, 0, 0)
        #: glyphs other than figures read so far in the document, per font object
        self._judged: dict[int, int] = defaultdict(int)
        #: typeface names by font handle, for every page of the document (see PageGlyphs)
        self._typefaces: dict[int, str] = {}
        self._pages: list[pdfium.PdfPage] = []
        self._rng = random.Random(seed)
        self.verdicts: list[PageVerdict] = []

    @property
    def reader(self) -> GlyphReader:
        if self._reader is None:
            self._reader = get_reader()
        return self._reader

    @property
    def screen(self) -> GlyphReader | None:
        return get_screen() if self._use_screen else None

    def keep_open(self, page: pdfium.PdfPage) -> None:
        self._pages.append(page)

    def close(self) -> None:
        for page in self._pages:
            page.close()
        self._pages.clear()

    def check_page(self, page: pdfium.PdfPage, page_no: int, read_all: bool = False,
                   meanwhile: Callable[[], object] | None = None) -> PageVerdict:
        """Check every typeface of the page; ``read_all`` reads every glyph (a page already in doubt).

        ``meanwhile`` (work of the caller's that needs no reading of the check) is done once, on this
        thread, while the recogniser reads the page's first glyphs in the background; at the end at
        the latest (a page with nothing to read).
        """
        started = time.perf_counter()
        verdict = PageVerdict(page_no)
        if self._fonts is None and self._confirmed is not None:
            self._fonts = DocumentFonts(page.pdf)
        once = Once(meanwhile) if meanwhile is not None else None
        with text_layer(page) as layer:
            listing = PageGlyphs(layer.textpage, layer.chars(), self._typefaces)
            pictures = picture_boxes(page)
            if pictures:
                listing.hide_under(pictures)
            shown_at = listing.shown()
            if any(shown_at):
                shown: dict[str, list[Glyph]] = defaultdict(list)
                hidden: dict[str, list[Glyph]] = defaultdict(list)
                for key, face, unmapped, index, v in zip(listing.keys, listing.typefaces, listing.unmapped,
                                                         listing.indices, shown_at):
                    (shown if v else hidden)[face].append(Glyph(key, face, None, unmapped, index, v))  # type: ignore[arg-type]
                pairs = suspicion(listing, shown_at, plausible_bigrams())
                cutter = _PageCutter(page, listing, shown_at)
                faces = [_Face(page_no, face, shown[face], hidden.get(face, [])) for face in sorted(shown)]
                self._check_faces(faces, pairs, cutter, read_all, verdict, once)
                verdict.checks.extend(f.check for f in faces)
                if verdict.unsure_indices:
                    self._read_unsure_lines(verdict, cutter)
            if once is not None:
                once()  # nothing was read aside
        verdict.seconds_reading = time.perf_counter() - started
        self.verdicts.append(verdict)
        return verdict

    def _check_faces(self, faces: list["_Face"], pairs: PairEvidence, cutter: "_PageCutter",
                     read_all: bool, verdict: PageVerdict, meanwhile: Once | None = None) -> None:
        """Sample every typeface, escalate those with a disagreement, decide, and repair the lying ones.

        Each step reads the glyphs of all the page's typefaces together: one
        recogniser run over evenly filled line crops instead of one per typeface.
        With ``read_all`` the sample is read first all the same: what it shows sets how the
        rest is read (see :meth:`_doubted_looks`). ``meanwhile`` is done while the sample's first run goes.
        """
        for face in faces:
            face.sample = choose_sample(face.glyphs, pairs.scores, self._rng, self._cache, self._judged, pairs.vouched)
        self._read_sample(faces, cutter, read_all, meanwhile)
        doubted = [face for face in faces if (read_all or self._count(face.sample, face.first)["disagree"])
                   and len(face.sample) < len(face.every)]
        looks = {id(face): self._doubted_looks(face) for face in faces}
        for face in doubted:
            face.sample = face.every
        self._read_faces([(face, face.every) for face in doubted], cutter, looks)
        for face in faces:
            check, counts = face.check, self._count(face.sample, face.first)
            check.checked, check.disagreed, check.unsure = len(face.sample), counts["disagree"], counts["unsure"]
            check.lying = check.unmapped > 0 or (
                check.disagreed >= MIN_DISAGREEMENTS and check.disagreed >= MIN_DISAGREEMENT_SHARE * check.checked)
        lying = [face for face in faces if face.check.lying]
        self._read_faces([(face, list(face.first)) for face in lying], cutter,
                         {id(face): self._doubted_looks(face) for face in lying})
        for face in faces:
            if face.check.lying:
                self._repair(face.check, face.glyphs, face.hidden, verdict)
            face.check.reason = describe(face.check)

    def _doubted_looks(self, face: "_Face") -> int:
        """Screen looks for the rest of a typeface read whole: both while its sample showed no disagreement,
        else the first only (what it neither confirms nor refutes surely is the small model's: a second
        look would mostly read lies for nothing)."""
        return 1 if self._count(face.sample, face.first)["disagree"] else 2

    def _read_sample(self, faces: list["_Face"], cutter: "_PageCutter", read_all: bool, meanwhile: Once | None) -> None:
        """Read the typefaces' samples, taking as read the glyphs whose outline an earlier document confirmed
        as their claim (see :meth:`_unconfirmed`) unless the page is in doubt already (``read_all``).

        The screen reads a line in context: the glyphs left read in other lines than they would with the
        confirmed ones among them (a figure of 301_zhuzhou_lying-digits-only, read whole after its sample,
        was repaired as "C").  So when any sampled glyph of the page then reads otherwise than claimed, the
        page's sample is read again as without confirmed outlines: a typeface in doubt is judged, read whole
        and repaired from the readings it always had.
        """
        skip = not read_all and self._confirmed is not None and len(self._confirmed) > 0
        known, judged = len(self._cache), dict(self._judged)
        self._read_faces([(face, face.sample) for face in faces], cutter, meanwhile=meanwhile, skip_confirmed=skip)
        if skip and self._skipped_on_page and any(
                self._count(face.sample, face.first)["agree"] < len(face.sample) for face in faces):
            for key in list(itertools.islice(self._cache, known, None)):  # readings are only added: drop the page's
                del self._cache[key]
            self._judged = defaultdict(int, judged)
            self.confirmed_by_outline -= self._skipped_on_page
            self.samples_read_again += 1
            self._read_faces([(face, face.sample) for face in faces], cutter)

    def _read_faces(self, wanted: list[tuple["_Face", list[GlyphKey]]], cutter: "_PageCutter",
                    looks: Mapping[int, int] | None = None, meanwhile: Once | None = None,
                    skip_confirmed: bool = False) -> None:
        """Read, in one go, the glyphs of these typefaces not read yet in the document (with
        ``skip_confirmed``, not those whose outline was confirmed as their claim: see :meth:`_unconfirmed`).

        ``looks`` gives, by ``id`` of a typeface, how many screen looks its glyphs get (2 when absent);
        ``meanwhile``, when not done yet, is done while the first recogniser run goes.
        """
        todo: dict[GlyphKey, Glyph] = {}
        look: dict[GlyphKey, int] = {}
        self._skipped_on_page = 0
        for face, keys in wanted:
            fresh = [k for k in keys if k not in self._cache and k not in todo]
            if skip_confirmed:
                fresh = self._unconfirmed(face, fresh)
            todo.update((k, face.first[k]) for k in fresh)
            look.update((k, (looks or {}).get(id(face), 2)) for k in fresh)
        if not todo:
            return
        located = {k: cutter.locate(g) for k, g in todo.items()}
        keys = [k for k, g in located.items() if g is not None]
        cuts = [cutter.cut(located[k]) for k in keys]
        # a glyph without a mapping that draws no ink is a space, whatever a recogniser makes of white
        blank = {k for k, cut in zip(keys, cuts) if todo[k].unmapped and cut.size and cut.min() >= BLANK_GREY}
        if blank:
            self._cache.update((k, Reading(" ", 1.0, 0.0)) for k in blank)
            cuts = [cut for k, cut in zip(keys, cuts) if k not in blank]
            keys = [k for k in keys if k not in blank]
        for n in sorted({look[k] for k in keys}, reverse=True):
            part = [j for j, k in enumerate(keys) if look[k] == n]
            part_keys = [keys[j] for j in part]
            aside = meanwhile if meanwhile is not None and not meanwhile.done else None
            self._cache.update(zip(part_keys, self._read([cuts[j] for j in part], part_keys,
                                                         [todo[k].unmapped for k in part_keys], n,
                                                         lambda i, ks=part_keys: cutter.context(located[ks[i]]),
                                                         aside, screen_only=self._skipped_on_page > 0)))
        self._cache.update((k, Reading("", 0.0, 0.0)) for k, g in located.items() if g is None)  # no box: unsure
        for k in [*keys, *blank]:
            if not is_figure(k.claimed):
                self._judged[k.font] += 1
        self._learn_outlines([k for k in keys if not todo[k].unmapped])

    def _outline(self, key: GlyphKey) -> bytes | None:
        if key not in self._outline_of:
            self._outline_of[key] = self._fonts.outline(key.font, key.claimed) if self._fonts is not None else None
        return self._outline_of[key]

    def _unconfirmed(self, face: "_Face", keys: list[GlyphKey]) -> list[GlyphKey]:
        """The keys to read: those whose outline an earlier document confirmed as exactly their claim are
        taken as read (that reading cached), as the document cache takes glyphs read on earlier pages.

        A typeface with unmapped glyphs is read as before: an unmapped glyph may share a key with a mapped one.
        """
        if self._confirmed is None or face.check.unmapped:
            return keys
        left = []
        for k in keys:
            reading = self._confirmed.confirmed(self._outline(k), k.claimed)
            if reading is None:
                left.append(k)
                continue
            self._cache[k] = reading
            self.confirmed_by_outline += 1
            self._skipped_on_page += 1
            if not is_figure(k.claimed):
                self._judged[k.font] += 1
        return left

    def _learn_outlines(self, keys: list[GlyphKey]) -> None:
        """Tell the process what these freshly read glyphs' outlines showed: the claim when the reading
        agrees, the character read when it surely disagrees (see :func:`judge`); unsure readings teach nothing.
        Nothing is learnt when no document can follow this one in the process (see :func:`only_document`)."""
        if self._confirmed is None or not self._confirmed.learning:
            return
        for k in keys:
            reading = self._cache[k]
            verdict = judge(k.claimed, reading)
            if verdict == "agree" and fold(reading.text) == fold(k.claimed):
                self._confirmed.learn(self._outline(k), k.claimed, reading)
            elif verdict == "disagree":
                self._confirmed.learn(self._outline(k), reading.text, reading)

    def _read(self, cuts: list[np.ndarray], keys: list[GlyphKey], unmapped: list[bool], looks: int = 2,
              context: Callable[[int], tuple[np.ndarray, int, int] | None] | None = None,
              meanwhile: Callable[[], object] | None = None, screen_only: bool = False) -> list[Reading]:
        """Readings of these cuts: the screen's where it reads the claimed character surely, or another
        character so surely that the small model need not look (see SCREEN_LIE_SURE), the reader's else.

        Glyphs without a Unicode mapping claim nothing the screen could confirm, only refute.
        ``looks`` (2 or 1) is how many times the screen reads a glyph before the reader does.
        ``context`` gives, by position, the glyph's line cut with its neighbours, their number and
        the glyph's place among them: when both looks leave at most CONTEXT_MAX glyphs, the screen
        reads each of them in its own line before the reader is needed (see CONTEXT_SURE).
        ``meanwhile`` is done while the first run goes (:meth:`GlyphReader.read`).
        With ``screen_only`` (a sample read without its confirmed outlines, see :meth:`_read_sample`), the
        glyphs the screen leaves are not given to the small model but left blank (unsure): the page's sample
        is then read again as always, and the small model is loaded only where it always was.
        """
        claims = [k.claimed for k in keys]
        screen = self.screen
        if screen is None:
            return self.reader.read(cuts, claims, meanwhile=meanwhile)
        readings: list[Reading | None] = [None] * len(cuts)
        todo: list[int] = []
        first: dict[int, tuple[Reading, Reading]] = {}
        second: dict[int, Reading] = {}
        for i, (whole, core) in enumerate(screen.read_both(cuts, claims, meanwhile)):
            if not unmapped[i] and whole.prob >= SCREEN_SURE and fold(whole.text) == fold(claims[i]):
                readings[i] = whole
            elif surely_other(claims[i], core, unmapped[i]):
                readings[i] = core  # the screen's sure reading of another character
            else:
                first[i] = (whole, core)
        # what the screen left, read again larger and farther apart, from each slot's own steps
        again = list(first)
        if again and looks == 1:
            todo.extend(again)
        elif again:
            for i, reading in zip(again, screen.read([cuts[i] for i in again], [claims[i] for i in again],
                                                     core=True, gap=SECOND_GAP, glyph_px=SECOND_GLYPH_PX)):
                whole, _ = first[i]
                if not unmapped[i] and fold(reading.text) == fold(claims[i]) and (reading.prob >= SECOND_SURE or (
                        reading.prob >= BOTH_SURE and whole.prob >= BOTH_SURE and fold(whole.text) == fold(claims[i]))):
                    readings[i] = reading
                else:
                    todo.append(i)
                    second[i] = reading
        # a glyph whose own steps read the claim surely, its window won by a neighbour (see core_confirms)
        todo = [i for i in todo if unmapped[i] or not self._keep(core_confirms(claims[i], first[i][1]), readings, i)]
        if todo and looks == 2 and context is not None and len(todo) <= CONTEXT_MAX:
            todo = [i for i in todo if unmapped[i] or not self._confirm_in_line(screen, context(i), claims[i], readings, i,
                                                                                 first[i][0])]
        if todo and looks == 2:
            todo = [i for i in todo if unmapped[i] or not (self._keep_twin(second[i], claims[i], readings, i)
                                                            or self._keep_twin(first[i][1], claims[i], readings, i))]
        if todo and screen_only:
            for i in todo:
                readings[i] = Reading("", 0.0, 0.0)
        elif todo:
            todo.sort()
            for i, reading in zip(todo, self.reader.read([cuts[i] for i in todo], [claims[i] for i in todo])):
                readings[i] = reading
        return readings  # type: ignore[return-value]

    @staticmethod
    def _keep(reading: Reading | None, readings: list[Reading | None], i: int) -> bool:
        """Whether there is a reading to keep for glyph ``i`` (then it is kept)."""
        if reading is None:
            return False
        readings[i] = reading
        return True

    @staticmethod
    def _keep_twin(reading: Reading, claimed: str, readings: list[Reading | None], i: int) -> bool:
        """Whether a look of the screen (the second, else the first from the glyph's own slot) read the
        glyph surely as the claim's near twin (× as x, ‰ as %): then that reading is kept, judged
        unsure, and the small model is not loaded for it.

        A near twin is judged unsure whatever reads it, and an unsure glyph never makes a typeface
        lie; the small model could only turn it into an agreement. On the honest digital samples such
        glyphs (×, ‰) were the only reason the small model was loaded for some documents (0.2 CPU s):
        001_wuwei's × read as x at 0.95 by the second look, 202_qingshanhu_health's ‰ read as % at
        0.91 by the first and 0.89 by the second (the small model read it as 0 at 0.58: unsure too).
        """
        if reading.prob < SCREEN_SURE or frozenset((fold(reading.text), fold(claimed))) not in NEAR_TWINS:
            return False
        readings[i] = reading
        return True

    @staticmethod
    def _confirm_in_line(screen: GlyphReader, line: tuple[np.ndarray, int, int] | None, claimed: str,
                         readings: list[Reading | None], i: int, alone: Reading | None = None) -> bool:
        """Whether the screen, reading the glyph's line, reads one character per glyph and the claimed one
        at the glyph's place at least CONTEXT_SURE sure (then its reading is kept as the glyph's).

        A glyph alone on its line (a / in an otherwise empty cell) has no neighbour to be read with: its
        tight line cut reads as nothing, and the line is the first look's crop already, so the first look's
        reading ``alone`` stands in for the line's when it confirms an empty cell's mark (see LONE_SURE,
        LONE_MARKS); else the line is read as any other.
        """
        if line is None:
            return False
        crop, count, place = line
        if (count == 1 and alone is not None and claimed in LONE_MARKS and fold(alone.text) == fold(claimed)
                and alone.prob >= LONE_SURE):
            readings[i] = alone
            return True
        read = [(ch, p) for ch, p in screen.read_line(crop) if not ch.isspace()]
        if len(read) != count or fold(read[place][0]) != fold(claimed) or read[place][1] < CONTEXT_SURE:
            return False
        readings[i] = Reading(spelling(read[place][0]), read[place][1], read[place][1])
        return True

    def _count(self, keys: list[GlyphKey], first: dict[GlyphKey, Glyph]) -> dict[str, int]:
        counts = {"agree": 0, "disagree": 0, "unsure": 0}
        for k in keys:
            counts[judge(k.claimed, self._cache[k], first[k].unmapped)] += 1
        return counts

    def _writes_simplified(self) -> bool:
        """Whether the document is written in simplified characters: its confirmed CJK claims are.

        The recogniser knows 对 and 對 alike and splits its belief between them, so which
        spelling wins a repaired glyph depends on its neighbours in the crop; the repair
        writes the document's own script instead.
        """
        counted, cjk, traditional = self._script
        for key, reading in itertools.islice(self._cache.items(), counted, None):  # readings are only added
            if is_cjk(key.claimed) and judge(key.claimed, reading) == "agree":
                cjk += 1
                traditional += to_simplified(key.claimed) != key.claimed
        self._script = (len(self._cache), cjk, traditional)
        return traditional <= 0.1 * cjk

    def _repair(self, check: TypefaceCheck, shown: list[Glyph], hidden: list[Glyph], verdict: PageVerdict) -> None:
        """Replacement text for every glyph of a lying typeface whose reading is sure enough.

        Glyphs hidden by a clip cannot be read, but the same glyph (font and
        claim) read where it is visible repairs them too.
        """
        replaced: set[GlyphKey] = set()
        simplified = self._writes_simplified()
        colliding = _colliding_repairs(self._cache, shown + hidden)
        for g in shown + hidden:
            reading = self._cache.get(g.key)
            if g.visible:
                verdict.lying_occurrences += 1
            if reading is None:
                if g.visible:
                    verdict.unsure_indices.add(g.index)
                continue
            if judge(g.key.claimed, reading, g.unmapped) == "agree":
                continue
            if reading.text and reading.prob >= REPAIR_PROB and g.key not in colliding:
                verdict.replacements[g.index] = to_simplified(spelling(reading.text)) if simplified else spelling(reading.text)
                replaced.add(g.key)
            elif g.visible:
                verdict.unsure_indices.add(g.index)
        check.repaired = len(replaced)


    def _read_unsure_lines(self, verdict: PageVerdict, cutter: "_PageCutter") -> None:
        """Glyphs the recogniser was unsure of alone, read again within their line.

        A lone stroke (一) or a bracket means little out of context; the line it
        sits in does.  The line's reading replaces the unsure glyphs only when it
        has exactly one character per glyph, so positions cannot slip.  The lines
        are the runs :func:`line_runs` makes of the page's visible glyphs, found
        from the unsure glyphs outwards (locating every glyph of the page cost more).
        """
        simplified = self._writes_simplified()
        runs: list[list[Glyph]] = []
        covered: set[int] = set()
        for index in sorted(verdict.unsure_indices):
            if index not in covered and (run := cutter.run_of(index)):
                runs.append(run)
                covered.update(g.index for g in run)
        for run in runs:
            read = [ch for ch, _ in self.reader.read_line(cutter.cut_line(run)) if not ch.isspace()]
            if len(read) != len(run):
                continue
            for g, ch in zip(run, read):
                if g.index in verdict.unsure_indices:
                    if fold(ch) != fold(g.key.claimed) or g.unmapped:
                        verdict.replacements[g.index] = to_simplified(spelling(ch)) if simplified else spelling(ch)
                    verdict.unsure_indices.discard(g.index)
                    verdict.resolved_in_lines += 1


def _colliding_repairs(cache: dict[GlyphKey, Reading], glyphs: list[Glyph]) -> set[GlyphKey]:
    """The glyphs of a lying typeface whose repair would give them a character another glyph of the same
    font object already has (read so, or confirmed as claimed): a font maps distinct glyphs to distinct characters,
    so at least one of the readings is wrong and none of them repairs alone. A bracket read alone as
    "0" beside the font's own 0 is the measured case (000_jiangmen_lying's "(提速)" came out "0提速0");
    such glyphs are read again within their line (see FontVerifier._read_unsure_lines)."""
    holders: dict[tuple[int, str], set[GlyphKey]] = defaultdict(set)
    for key in {g.key for g in glyphs if not g.unmapped}:
        reading = cache.get(key)
        if reading is None or not reading.text:
            continue
        agrees = judge(key.claimed, reading) == "agree"
        if agrees or reading.prob >= REPAIR_PROB:
            # per font object, spelled as NFKC writes it (（ and (, ⽂ and 文 are one character; 後 and 后 two)
            holders[key.font, unicodedata.normalize("NFKC", key.claimed if agrees else reading.text)].add(key)
    return {key for keys in holders.values() if len(keys) > 1 for key in keys
            if judge(key.claimed, cache[key]) != "agree"}


def same_line(left: Glyph, right: Glyph) -> bool:
    """Whether ``right`` follows ``left`` on its line: the baseline holds and the gap is narrower than a glyph."""
    height = max(left.height, right.height)
    return abs(left.box[3] - right.box[3]) < 0.3 * height and 0 <= right.box[0] - left.box[2] < height


def line_runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Visible glyphs in text order, split where the baseline moves or a gap opens wider than a glyph."""
    runs: list[list[Glyph]] = []
    for g in glyphs:
        if runs and same_line(runs[-1][-1], g):
            runs[-1].append(g)
        else:
            runs.append([g])
    return runs


def describe(check: TypefaceCheck) -> str:
    if check.unmapped:
        return f"{check.unmapped} glyphs without Unicode mapping"
    if check.lying:
        return f"{check.disagreed} of {check.checked} glyphs read otherwise"
    return f"{check.checked} glyphs confirmed" + (f", {check.unsure} unsure" if check.unsure else "")


def picture_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Seal-sized pictures of the page, displayed boxes (top-left origin): the glyphs under them count as
    not visible, like clipped ones.

    A seal pasted as an image over the scores changes the glyphs' picture (a JPEG
    on white hides them, a red PNG crosses them), so reading them would doubt an
    honest font; the text layer under the picture is still what the page says.
    """
    from jixiao.extractors.placed_seals import seal_sized_images

    pictures = seal_sized_images(page)
    if not pictures:
        return []
    frame = PageFrame.of(page)
    return [frame.box(*b) for b in pictures]


def unseen_under_pictures(page: pdfium.PdfPage, glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs, those under a seal-sized picture marked not visible (see :func:`picture_boxes`)."""
    boxes = picture_boxes(page)
    if not boxes:
        return glyphs
    height = PageFrame.of(page).size[1]
    return [g._replace(visible=False) if g.visible and centre_under(g.box, height, boxes) else g for g in glyphs]


class _PageCutter:
    """Glyph cuts of the page rendered at a scale that makes its median glyph ~TARGET_GLYPH_PX tall.

    Only the cut regions are rendered, each on the pixel grid of the whole page
    at that scale: the same pixels as a crop of the whole rendering except where a
    neighbour's stroke crosses the cut's edge (3,449 cuts of seed and twin pages
    compared: at most 2 edge pixels differ; every glyph of six documents read the
    same, 2,208 readings).  A
    page checks a few dozen glyphs, and rendering all of it cost more than reading
    them (Chromium's Type3 pages: 20–30 ms a page).
    """

    def __init__(self, page: pdfium.PdfPage, listing: PageGlyphs, shown: list[bool]) -> None:
        self._page, self._listing, self._shown = page, listing, shown
        self._position = {index: j for j, index in enumerate(listing.indices)}
        # the median of evenly spaced visible glyphs: a page's glyph heights take a few values
        positions = [j for j, v in enumerate(shown) if v]
        spaced = (listing.glyph(j) for j in positions[::max(1, len(positions) // HEIGHT_SAMPLE)])
        median = statistics.median([g.height for g in spaced if g is not None and g.visible] or [TARGET_GLYPH_PX / MIN_SCALE])
        self.scale = min(MAX_SCALE, max(MIN_SCALE, TARGET_GLYPH_PX / max(median, 1e-3)))
        #: Glyph boxes are y-up in the page as displayed (extractors.fonts.glyphs), as it renders.
        self._left, self._top = 0.0, page.get_height()
        #: the whole rendering's size in pixels, as pypdfium2 sizes it
        self._size = (math.ceil(page.get_width() * self.scale), math.ceil(page.get_height() * self.scale))

    def cut_line(self, run: list[Glyph]) -> np.ndarray:
        return self.cut_box((min(g.box[0] for g in run), max(g.box[1] for g in run),
                             max(g.box[2] for g in run), min(g.box[3] for g in run)))

    def context(self, glyph: Glyph | None) -> tuple[np.ndarray, int, int] | None:
        """The glyph's line cut with its neighbours (see :meth:`neighbours`), their number and its place."""
        if glyph is None:
            return None
        run, place = self.neighbours(glyph)
        return self.cut_line(run), len(run), place

    def neighbours(self, glyph: Glyph, reach: int = CONTEXT_REACH) -> tuple[list[Glyph], int]:
        """The glyph among up to ``reach`` visible neighbours each side on its line (as :func:`line_runs`
        joins them, stopping at a hidden glyph), and its place in that run."""
        return self._walk(self._position[glyph.index], glyph, reach, through_hidden=False)

    def run_of(self, index: int) -> list[Glyph]:
        """The visible glyphs of the line run (see :func:`line_runs`) holding the glyph of this character
        index, in text order; empty when that glyph is not visible or has no box."""
        j = self._position[index]
        glyph = self._member(j)
        return [] if glyph is None else self._walk(j, glyph, None, through_hidden=True)[0]

    def _walk(self, j: int, glyph: Glyph, reach: int | None, through_hidden: bool) -> tuple[list[Glyph], int]:
        """The glyph at listing position ``j`` with the visible glyphs that continue its line each side
        (at most ``reach`` a side; hidden ones skipped or ending the walk), and its place among them."""
        run, place = [glyph], 0
        for step in (-1, 1):
            k, edge, taken = j, glyph, 0
            while 0 <= k + step < len(self._listing) and (reach is None or taken < reach):
                k += step
                g = self._member(k)
                if g is None:
                    if through_hidden:
                        continue
                    break
                if not (same_line(g, edge) if step < 0 else same_line(edge, g)):
                    break
                if step < 0:
                    run.insert(0, g)
                    place += 1
                else:
                    run.append(g)
                edge, taken = g, taken + 1
        return run, place

    def _member(self, j: int) -> Glyph | None:
        """The glyph at listing position j when it is among the page's visible located glyphs."""
        if not self._shown[j]:
            return None
        g = self._listing.glyph(j)
        return g if g is not None and g.visible else None

    def locate(self, glyph: Glyph) -> Glyph | None:
        """The glyph with its box (None when pdfium gives it none)."""
        return glyph if glyph.box is not None else self._listing.glyph(self._position[glyph.index])

    def cut(self, glyph: Glyph) -> np.ndarray:
        return self.cut_box(glyph.box)

    def cut_box(self, box: tuple[float, float, float, float]) -> np.ndarray:
        left, top, right, bottom = box
        s, x, h = self.scale, self._left, self._top
        width, height = self._size
        x0, x1 = max(int(math.floor((left - x) * s)), 0), min(max(int(math.ceil((right - x) * s)), 0), width)
        y0, y1 = max(int(math.floor((h - top) * s)), 0), min(max(int(math.ceil((h - bottom) * s)), 0), height)
        if x1 <= x0 or y1 <= y0:
            return np.zeros((0, 0), np.uint8)
        return render_region(self._page, s, (x0, y0, x1, y1), (width, height))


#: pypdfium2's flags for ``render(grayscale=True)``: grey pixels, annotations drawn.
_RENDER_FLAGS = pdfium_c.FPDF_GRAYSCALE | pdfium_c.FPDF_ANNOT


def render_region(page: pdfium.PdfPage, scale: float, pixels: tuple[int, int, int, int],
                  size: tuple[int, int]) -> np.ndarray:
    """Grey pixels ``pixels`` (left, top, right, bottom) of the page rendered whole at ``scale`` (``size``).

    The same pdfium calls as pypdfium2's ``page.render(scale=scale, grayscale=True, crop=…)``
    (a white bitmap, the page drawn at the whole rendering's size, offset by the crop), into a
    numpy array directly: pypdfium2's wrapper cost as much as pdfium's drawing of a glyph's cut
    (3,801 cuts of the honest samples: 0.25 s through it, 0.14 s so; every pixel the same).
    pypdfium2 crops by whole pixels, rounding ``crop × scale`` up: half a pixel less than each
    edge lands on exactly that edge, so the region drawn is ``pixels`` exactly.
    """
    x0, y0, x1, y1 = pixels
    width, height = size
    # as pypdfium2 sizes the whole rendering and rounds the crop (see above): offsets x0, y0
    full_w, full_h = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
    left, top = (math.ceil(max(edge - 0.5, 0.0) / scale * scale) for edge in (x0, y0))
    right, bottom = (math.ceil(max(edge - 0.5, 0.0) / scale * scale) for edge in (width - x1, height - y1))
    w, h = full_w - left - right, full_h - top - bottom
    if w < 1 or h < 1:
        raise ValueError("Crop exceeds page dimensions")
    image = np.empty((h, w), np.uint8)
    bitmap = pdfium_c.FPDFBitmap_CreateEx(w, h, pdfium_c.FPDFBitmap_Gray, image.ctypes.data_as(ctypes.c_void_p), w)
    if not bitmap:  # np.empty's leftover bytes would be read as a glyph
        raise MemoryError(f"pdfium made no {w} x {h} bitmap")
    try:
        pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, w, h, 0xFFFFFFFF)
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, -left, -top, full_w, full_h, 0, _RENDER_FLAGS)
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)
    return image


def font_route(text_route: str, text_reason: str, verdict: PageVerdict) -> tuple[str, str]:
    """The page's route once its fonts are checked: text, repaired (text path, read glyphs) or ocr.

    The character-pair check only raised a doubt; the glyphs decide.  A page it
    called garbled whose fonts all read as claimed (traditional characters, rare
    names) keeps its exact text layer.
    """
    checked = sum(c.checked for c in verdict.checks)
    if not checked:
        return text_route, text_reason
    if verdict.lying:
        faces = ", ".join(f"{c.typeface} ({c.reason})" for c in verdict.checks if c.lying)
        if not verdict.repairable:
            return "ocr", f"fonts lie: {faces}; {verdict.unsure_share:.0%} of their glyphs unclear"
        return "repaired", f"fonts repaired: {faces}"
    doubt = f"; overrides '{text_reason}'" if text_route == "ocr" else ""
    return "text", f"fonts verified: {checked} glyphs read{doubt}"


def font_checks(verdict: PageVerdict, route: str) -> list[FontCheck]:
    """The page's checks as output records."""
    outcome = {"repaired": "repaired", "ocr": "ocr"}.get(route, "honest")
    return [FontCheck(page=c.page, typeface=c.typeface, glyphs=c.glyphs, occurrences=c.occurrences,
                      checked=c.checked, disagreed=c.disagreed, unsure=c.unsure, unmapped=c.unmapped,
                      lying=c.lying, repaired=c.repaired if route == "repaired" else 0,
                      outcome=outcome if c.lying else "honest", reason=c.reason)
            for c in verdict.checks]


class FontDecision(NamedTuple):
    """A page's route after its fonts were checked, what to put in place of lying claims, and the records."""

    route: str  # text | repaired | ocr
    reason: str
    replacements: dict[int, str] | None
    checks: list[FontCheck]
    #: Glyphs of a repaired font left unread (too unsure even in their line): their cells are doubtful.
    doubtful: frozenset[int] = frozenset()


def route_by_fonts(verifier: FontVerifier, page: pdfium.PdfPage, page_no: int,
                   text_route: str, text_reason: str, meanwhile: Callable[[], object] | None = None) -> FontDecision:
    """Check the page's fonts (every glyph when the pair check already doubts the page) and route it;
    ``meanwhile`` as in :meth:`FontVerifier.check_page`."""
    verdict = verifier.check_page(page, page_no, read_all=text_route == "ocr", meanwhile=meanwhile)
    route, reason = font_route(text_route, text_reason, verdict)
    repaired = route == "repaired"
    return FontDecision(route, reason, verdict.replacements if repaired else None, font_checks(verdict, route),
                        frozenset(verdict.unsure_indices) if repaired else frozenset())
