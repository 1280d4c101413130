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
    typeface: str
    glyphs: int = Field(0, description="distinct glyphs of the typeface visible on the page")
    occurrences: int = Field(0, description="glyphs of the typeface drawn on the page")
    checked: int = Field(0, description="distinct glyphs read by the recogniser")
    disagreed: int = Field(0, description="glyphs the recogniser is sure are another character")
    unsure: int = Field(0, description="glyphs read with too little confidence to judge")
    unmapped: int = Field(0, description="glyphs without any Unicode mapping (no /ToUnicode)")
    lying: bool = False
    repaired: int = Field(0, description="distinct glyphs whose claimed character was replaced")
    outcome: FontOutcome = "honest"
    reason: str = ""
