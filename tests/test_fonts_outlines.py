"""Glyphs confirmed in earlier documents by their own outlines: what is skipped, what is still read."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.fonts.outlines import (ConfirmedOutlines, DocumentFonts, eexec_decrypt, font_dictionaries,
                                               simple_to_unicode, simple_type1)
from jixiao.extractors.fonts.reader import get_reader
from jixiao.extractors.fonts.verify import FontVerifier

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def _check(name: str, confirmed: ConfirmedOutlines) -> tuple[FontVerifier, int]:
    """The document's fonts checked page by page with these confirmed outlines; the glyphs the screen read."""
    from jixiao.extractors.fonts.reader import get_screen

    screen = get_screen()
    before = screen.glyphs_read if screen is not None else get_reader().glyphs_read
    pdf = pdfium.PdfDocument(SAMPLES / f"{name}.pdf")
    verifier = FontVerifier(get_reader(), confirmed=confirmed)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            verifier.check_page(page, index + 1)
            verifier.keep_open(page)
    finally:
        verifier.close()
        pdf.close()
    after = screen.glyphs_read if screen is not None else get_reader().glyphs_read
    return verifier, after - before


def _outlines(name: str) -> dict[tuple[bytes, str], bytes]:
    """(program digest, claim) → outline digest of every simple Type1 font of the document."""
    fonts = font_dictionaries(pdfium.PdfDocument(SAMPLES / f"{name}.pdf"))
    found = {}
    for program, dictionaries in fonts.items():
        parsed = simple_type1(dictionaries[0]) if len(dictionaries) == 1 else None
        for claim in (parsed.claims if parsed else ()):
            found[program, claim] = parsed.outline(claim)
    return found


def test_a_second_honest_document_skips_the_glyphs_the_first_confirmed():
    """301_zhuzhou after 300_xinyu (LibreOffice subsets of the same Noto fonts, each with its own tag and codes):
    glyphs whose charstrings 300 confirmed are taken as read, fewer glyphs go to the screen, the verdicts stay
    honest and count the same glyphs checked."""
    alone, read_alone = _check("301_zhuzhou", ConfirmedOutlines())
    confirmed = ConfirmedOutlines()
    first, _ = _check("300_xinyu", confirmed)
    assert len(confirmed) > 50 and first.confirmed_by_outline == 0
    second, read_second = _check("301_zhuzhou", confirmed)
    assert second.confirmed_by_outline > 20
    assert read_second < read_alone - second.confirmed_by_outline / 2  # (the screen's reads count its second looks)
    assert not any(v.lying for v in second.verdicts)
    assert ([[c.checked for c in v.checks] for v in second.verdicts]
            == [[c.checked for c in v.checks] for v in alone.verdicts])


@pytest.mark.parametrize("twin", ["300_xinyu_lying-digits-only", "300_xinyu_lying-font-shuffle",
                                  "300_xinyu_lying-body-font", "303_yibin_lying-pair-swap"])
def test_a_lying_map_over_confirmed_outlines_is_still_caught(twin):
    """The twin draws with the honest document's very font programs (only its /ToUnicode lies): its honest
    glyphs are confirmed by their outlines, its lying claims are not (the outline was confirmed as another
    character), and the page lies and is repaired exactly as when checked first in its process."""
    honest = twin.split("_lying")[0]
    expected, _ = _check(twin, ConfirmedOutlines())
    confirmed = ConfirmedOutlines()
    _check(honest, confirmed)
    checked, _ = _check(twin, confirmed)
    assert sum(outline in confirmed for outline in _outlines(twin).values()) > 20  # its outlines were confirmed
    assert any(v.lying for v in checked.verdicts)
    assert ([([(c.typeface, c.checked, c.disagreed, c.lying, c.repaired) for c in v.checks], v.replacements)
             for v in checked.verdicts]
            == [([(c.typeface, c.checked, c.disagreed, c.lying, c.repaired) for c in v.checks], v.replacements)
                for v in expected.verdicts])


def test_a_lying_claim_names_another_outline():
    """The outline a claim is known by comes from the drawn code, not from the claim: where the shuffled
    twin's map lies, the same claim in the same font program names a different charstring."""
    honest, lying = _outlines("300_xinyu"), _outlines("300_xinyu_lying-font-shuffle")
    shared = set(honest) & set(lying)
    assert len(shared) > 100
    differ = [key for key in shared if honest[key] != lying[key]]
    assert len(differ) > 0.8 * len(shared)
    # and the honest document's own outlines are one per claim
    assert len(set(honest.values())) == len(honest)


def test_only_a_one_to_one_map_names_codes():
    """A claim two codes map to, a ligature pdfium splits, a range over a byte edge: no code can be named."""
    plain = b"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n2 beginbfchar\n<01> <4E00>\n<02> <4E8C>\nendbfchar\n"
    assert simple_to_unicode(plain) == {1: "一", 2: "二"}
    ranged = b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <03> <05> <0031> endbfrange"
    assert simple_to_unicode(ranged) == {3: "1", 4: "2", 5: "3"}
    assert simple_to_unicode(plain.replace(b"<02> <4E8C>", b"<02> <FB01>")) is None
    assert simple_to_unicode(plain.replace(b"2 beginbfchar", b"3 beginbfchar")) is None  # an entry missing
    assert simple_to_unicode(b"1 begincodespacerange <0000> <FFFF> endcodespacerange") is None
    assert simple_to_unicode(ranged.replace(b"<0031>", b"<00FE>")) is None


def test_eexec_decryption_is_the_running_key_of_the_type1_specification():
    cipher = bytes(range(256)) * 3 + b"\x00\xff" * 50
    key, plain = 55665, bytearray()
    for c in cipher:
        plain.append(c ^ (key >> 8))
        key = ((c + key) * 52845 + 22719) & 0xFFFF
    assert eexec_decrypt(cipher) == bytes(plain)


def test_fonts_without_a_program_have_no_outline():
    """Chromium's Type3 fonts (no program: pdfium would draw a claim's outline from a system font) and
    documents whose fonts cannot be parsed are read as before."""
    pdf = pdfium.PdfDocument(SAMPLES / "302_mianyang.pdf")
    page = pdf[0]
    from jixiao.extractors.fonts.glyphs import page_glyphs

    glyphs = page_glyphs(page.get_textpage())
    fonts = DocumentFonts(pdf)
    assert glyphs and all(fonts.outline(g.key.font, g.key.claimed) is None for g in glyphs[:200])


def _path(font: int, claimed: str) -> tuple | None:
    """pdfium's outline of the claim in this font (looked up by the claim: right for an honest map only)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    path = pdfium_c.FPDFFont_GetGlyphPath(ctypes.cast(font, pdfium_c.FPDF_FONT), ord(claimed), 100.0)
    if not path:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    points = []
    for i in range(pdfium_c.FPDFGlyphPath_CountGlyphSegments(path)):
        segment = pdfium_c.FPDFGlyphPath_GetGlyphPathSegment(path, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        points.append((round(x.value, 2), round(y.value, 2), pdfium_c.FPDFPathSegment_GetType(segment)))
    return tuple(points)


def test_equal_outline_digests_are_what_pdfium_draws_alike():
    """Across honest documents of different generators and subsets, two glyphs of one typeface and claim have the
    same outline digest exactly where pdfium draws them with the same path: the code, encoding and charstring are
    found as pdfium finds them, and what differs between subsets without changing the drawing (LibreOffice's
    per-document UniqueID) is left out."""
    from jixiao.extractors.fonts.glyphs import PageGlyphs

    seen: dict[tuple[str, str], dict[str, tuple[bytes, tuple | None]]] = {}
    held = []
    for name in ("000_jiangmen", "202_qingshanhu_health", "300_xinyu"):
        pdf = pdfium.PdfDocument(SAMPLES / f"{name}.pdf")
        fonts = DocumentFonts(pdf)
        for index in range(len(pdf)):
            page = pdf[index]
            held.append(page)
            listing = PageGlyphs(page.get_textpage())
            for key, face in dict(zip(listing.keys, listing.typefaces)).items():
                outline = fonts.outline(key.font, key.claimed)
                if outline is not None:
                    seen.setdefault((face, key.claimed), {}).setdefault(name, (outline, _path(key.font, key.claimed)))
        held.append(pdf)
    pairs = [(a, b) for by_document in seen.values() for a in by_document.values() for b in by_document.values()
             if a is not b]
    assert len(pairs) > 200  # typefaces and claims drawn in two documents or three
    assert all((a[0] == b[0]) == (a[1] == b[1]) for a, b in pairs)
    assert sum(a[0] == b[0] for a, b in pairs) > 0.9 * len(pairs)  # and mostly the same outline


def test_a_batch_of_one_document_in_process_learns_no_outline(tmp_path, monkeypatch):
    """`jixiao extract FILE` reading in its own process has no later document to use an outline for: it learns
    none (no font dictionary parsed, no digest), while a batch of two learns from the first; the store learns
    again after the batch of one."""
    from jixiao.extractors.fonts import outlines
    from jixiao.pipeline.batch.inputs import discover
    from jixiao.pipeline.batch.run import run_batch
    from jixiao.pipeline.settings import BatchConfig

    monkeypatch.setattr(outlines.CONFIRMED, "_read_as", {})  # what earlier tests confirmed would be taken, not learnt
    learnt = []
    learn = outlines.ConfirmedOutlines.learn
    monkeypatch.setattr(outlines.ConfirmedOutlines, "learn", lambda self, *a: learnt.append(a) or learn(self, *a))
    counts = {}
    for label, names in (("one", ["300_xinyu"]), ("two", ["300_xinyu", "301_zhuzhou"])):
        learnt.clear()
        folder = tmp_path / label
        folder.mkdir()
        for name in names:
            (folder / f"{name}.pdf").write_bytes((SAMPLES / f"{name}.pdf").read_bytes())
        run_batch(discover([str(folder)]), BatchConfig(out_dir=tmp_path / f"out-{label}", workers=0, report=False))
        counts[label] = len(learnt)
        assert outlines.CONFIRMED.learning
    assert counts["one"] == 0 and counts["two"] > 50
