"""A fax line already read as a column vocabulary's word is not read again for the vocabularies
(extractors/ocr/vocabulary_decoding.py, ``ColumnVocabularies(spare_words=True)`` on a coarse page)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from jixiao.extractors.ocr import page_reader
from jixiao.extractors.ocr.engine import get_engine
from jixiao.extractors.ocr.vocabulary_decoding import ColumnVocabularies, _candidate, _spelt_as_word

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


class _Recorded(ColumnVocabularies):
    """The page reader's vocabularies, each ``lattices`` call kept with what it was asked and gave."""

    calls: list[tuple[list[np.ndarray], list[tuple[str, float]], list[int], dict]] = []

    def lattices(self, images, results, lines):
        lines = list(lines)
        out = super().lattices(images, results, lines)
        _Recorded.calls.append((list(images), list(results), lines, out))
        return out


def test_a_tune_fax_spares_the_lattices_of_lines_read_as_words_and_keeps_the_others_bit_for_bit(monkeypatch):
    """Tune fax 131 (204×98): lines read as words (the headings 项目名称 and 得分, the level label
    质量指标) get no lattice; every other candidate line's lattice is the one it gets when nothing
    is spared (a lattice is read on the line's own paper in its width bucket; a batch of another size
    may move its probabilities in the last float digits only)."""
    _Recorded.calls = []
    monkeypatch.setattr(page_reader, "ColumnVocabularies", _Recorded)
    engine = get_engine()
    pdf = pdfium.PdfDocument(str(SAMPLES / "131_jiamusi_heating_fax204.pdf"))
    try:
        page_reader.ocr_page(pdf[0], 1, engine, dpi=200)
    finally:
        pdf.close()
    assert _Recorded.calls
    everything = ColumnVocabularies(engine)  # nothing spared
    spared_words = []
    for images, results, lines, spared in _Recorded.calls:
        full = everything.lattices(images, results, lines)
        assert set(spared) <= set(full)
        for i in set(full) - set(spared):
            assert _spelt_as_word(results[i][0], everything.vocabularies)
            spared_words.append(results[i][0])
        for i, lattice in spared.items():
            assert np.allclose(np.exp(lattice.logs), np.exp(full[i].logs), atol=1e-4)
            assert abs(lattice.free - full[i].free) < 1e-3  # the log probability of its free best path
        # a candidate line not spelt as a word is never spared
        assert all(i in spared for i in lines
                   if _candidate(images[i], *results[i]) and not _spelt_as_word(results[i][0], everything.vocabularies))
    assert spared_words and any(w.endswith("指标") for w in spared_words)
