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
    location: str = Field("", description=(
        "Where in a spreadsheet or Word file: sheet and cell range ('表1!A7:L7') or table, rows and "
        "columns ('table 1, row 7, columns 1-11'); empty for PDFs and images, whose page and bbox say it"))
