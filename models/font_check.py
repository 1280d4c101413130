"""What the font check found for one typeface on one page (the `fonts` output table)."""
from typing import Literal

from pydantic import BaseModel, Field

#: honest: the glyphs read agree with the text layer; repaired: the font lies and its
#: glyphs were read into the text; ocr: it lies and too many glyphs were unclear,
#: so the page was read by OCR.
FontOutcome = Literal["honest", "repaired", "ocr"]


class FontCheck(BaseModel):
    """One typeface (the font objects sharing a base name) on one page, checked glyph by glyph."""

    page: int = Field(..., description="1-based page number")
    typeface: str = Field(..., description="Base font name shared by the font objects of the typeface")
    glyphs: int = Field(0, description="distinct glyphs of the typeface visible on the page")
    occurrences: int = Field(0, description="glyphs of the typeface drawn on the page")
    checked: int = Field(0, description="distinct glyphs read by the recogniser")
    disagreed: int = Field(0, description="glyphs the recogniser is sure are another character")
    unsure: int = Field(0, description="glyphs read with too little confidence to judge")
    unmapped: int = Field(0, description="glyphs without any Unicode mapping (no /ToUnicode)")
    lying: bool = Field(False, description="True when the text layer of this typeface lies about its glyphs")
    repaired: int = Field(0, description="distinct glyphs whose claimed character was replaced")
    outcome: FontOutcome = Field("honest", description="honest | repaired | ocr")
    reason: str = Field("", description="Why the typeface was judged lying, or why it was sent to OCR")
