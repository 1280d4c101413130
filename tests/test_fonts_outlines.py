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
        for claim, outline in (parsed.outlines.items() if parsed else ()):
            found[program, claim] = outline
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
