"""Where a value came from: page, box, reading method and confidence."""
from typing import Literal

from pydantic import BaseModel, Field

Method = Literal["text", "ocr"]

#: (x0, top, x1, bottom) in PDF points, origin at the page's top-left corner,
#: the convention pdfplumber uses, so boxes can be drawn straight onto renders.
BBox = tuple[float, float, float, float]


class Provenance(BaseModel):
    """Lets an auditor go from any figure back to the spot on the printed page."""

    file: str = Field("", description="source_file of the document")
    page: int = Field(1, description="1-based page number")
    bbox: BBox | None = Field(None, description="[x0, top, x1, bottom] in PDF points, origin top-left")
    method: Method = Field("text", description="text (text layer) | ocr")
    confidence: float = Field(1.0, ge=0.0, le=1.0, description="Reading confidence 0–1")
