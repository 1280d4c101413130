"""What an extractor hands on: one page's tables and its loose text lines.

Extractors (pdfplumber grid + pdfium text, camelot, OCR) all produce this one
shape, so form assembly never needs to know how a page was read.
"""
from typing import Literal

from pydantic import BaseModel, Field

from jixiao.models.provenance import BBox, Method
from jixiao.models.font_check import FontCheck


class Cell(BaseModel):
    """A grid cell as printed. A merged block is one Cell with spans > 1."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    bbox: BBox
    confidence: float = 1.0
    method: Method = "text"
    #: The file's own cell value (a spreadsheet or Word table cell): nothing was
    #: read off an image or a text layer, so no reader's slip is possible.
    exact: bool = False
    #: True when the cell's bottom (top) rule is missing because the page ended
    #: (began): the cell continues on the next (from the previous) page.
    cut_at_page_end: bool = False
    cut_at_page_start: bool = False
    #: Inferred grids only: a merged 一级/二级 label whose rows were placed by where its text
    #: sits (no rule bounds them), and it sits off the rows it was given: a label was lost
    #: and its rows fell to this one, so the rows' names cannot be trusted.
    span_doubtful: bool = False
    #: OCR only: a border of the cell is a rule lost under a seal or a shadow, restored from
    #: the table's geometry; the damage may have taken more of the cell than its rule.
    rule_mended: bool = False
    #: OCR only: the text as recognised, before OCR repair (``text`` is repaired).
    raw_text: str = ""
    #: OCR of coarse pages only: other readings of a value cell under the value grammar
    #: (with a percent sign, with a comparison sign), each with its probability relative
    #: to the reading kept (extractors/ocr/value_decoding.py); chosen by the row's context only.
    alternatives: list[tuple[str, float]] = Field(default_factory=list)
    #: OCR of coarse pages only: how much wider the cell's one value line's ink is than its reading, in
    #: line heights of ink (extractors/ocr/unread_ink.unread_width; 0 when not measured). A glyph or more
    #: (unread_ink.unread_tail) is a unit word the fax thinned past reading, which its row partner may
    #: name (pipeline/assembly/forms.py, UNIT_FROM_PARTNER); less may still hold a thinned sign.
    unread_width: float = 0.0
    #: OCR only: the cell's best reading under each small column vocabulary ("operator": the
    #: 指标性质 signs and words, "unit": the 度量单位 words, "level": the schema's 一级/二级 labels, "header": the
    #: column headings) with its path probability
    #: relative to the free reading (extractors/ocr/vocabulary_decoding.py); adopted only by assembly,
    #: where the column's role is known (pipeline/assembly/vocabulary_cells.py).
    vocabulary_readings: dict[str, tuple[str, float]] = Field(default_factory=dict)
    #: OCR of coarse pages only: a cell read as one short line of one or two characters that make no number
    #: ("h", "S", "川"), decoded as a plain number under the value grammar, with its path's share of the
    #: free reading's probability (extractors/ocr/value_decoding.py); taken only in a 分值/得分 column, in
    #: doubt (pipeline/assembly/forms.py).
    figure_reading: tuple[str, float] | None = None
    #: Where the cell was read when that is not its table's page and place: a column a print spilled onto
    #: the next page, joined back to its rows (pipeline.assembly.spilled_columns): (page, bbox as read).
    seen_at: tuple[int, BBox] | None = None


class TextLine(BaseModel):
    """A line of text outside any table (titles, 填报单位, narrative prose)."""

    page: int
    text: str
    bbox: BBox
    confidence: float = 1.0
    method: Method = "text"


#: How a table's grid was found: from its drawn rules alone, or inferred from the
#: content where rules are missing (三线表, horizontal rules only, frame, none).
TableReading = Literal["ruled", "inferred"]


class PageTable(BaseModel):
    """A table found on one page; row/col indices are local to it."""

    page: int
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[Cell]
    method: Method = "text"
    #: x positions of the column rules, so tables continued on the next page can
    #: be recognised by their matching columns.
    col_edges: list[float] = Field(default_factory=list)
    reading: TableReading = "ruled"
    #: For inferred tables, the drawn rules that helped ("header rule", "row rules",
    #: "label rules", "column rules", "frame"), or ["none"].
    rules_used: list[str] = Field(default_factory=list)
    #: A table joined from a print's spilled pages (pipeline.assembly.spilled_columns): loose lines on its
    #: parts' pages within their rows but beyond their cells at a seam, in rows enough to be a column the
    #: page's edge cut and neither page ruled (pipeline.assembly.spill_seams.strays_at_seams).
    seam_strays: list[TextLine] = Field(default_factory=list)

    def grid(self) -> list[list[str]]:
        """Rows of text with merged blocks filled into every covered position."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    out[r][k] = c.text
        return out


class Seal(BaseModel):
    """An official seal (公章) stamped on a page: evidence that the form was signed off."""

    page: int = Field(description="Page the seal is on (1-based)")
    bbox: BBox = Field(description="Seal's box in points of the upright page")
    colour: str = Field(description="Median ink colour as seen (hex); grey for a seal on a greyscale scan")
    seen_as: str = Field("red ink", description="How it was found: red ink (colour page) | grey ring (greyscale page) | placed image (a seal picture pasted on a digital page)")
    text: str = Field("", description="The unit's name along the seal's arc, read from the ring unwrapped to a line (empty when unreadable)")
    text_confidence: float = Field(0.0, description="How sure the arc reading is (0–1: the recogniser's score times the agreement of readings at several widths); text is empty below 0.8")
    readings: list[str] = Field(default_factory=list, description=(
        "The recogniser's readings of the arc at each width it was read at: they may back the page's spelling "
        "of a character the chosen reading has otherwise (kept through a page read in a page task; not a column "
        "of the seals table)"))


class UprightFrame(BaseModel):
    """How an OCR page's picture was turned into the frame its boxes are measured in.

    The boxes of an OCR page are in points of the *prepared* picture: a photographed
    sheet squared by its corners, then a small skew removed, then quarter turns. A
    viewer that draws boxes on the page as stored must repeat these steps (or their
    inverse), so they are kept with the document, not only with the page reader.
    """

    page: int = Field(description="Page (1-based)")
    width: float = Field(description="Width of the upright frame in points")
    height: float = Field(description="Height of the upright frame in points")
    skew: float = Field(0.0, description="Degrees of skew removed (counter-clockwise as OpenCV counts)")
    quarter_turns: int = Field(0, description="Clockwise quarter turns applied after the skew")
    sheet: tuple[float, ...] | None = Field(None, description=(
        "Photographed sheet's corners TL, TR, BR, BL as fractions (x, y) of the rendered page, "
        "squared before anything else; None for a scan"))
    table_frame: tuple[float, ...] | None = Field(None, description=(
        "Without a paper edge: the table frame's corners TL, TR, BR, BL as fractions of the rendered page "
        "that the photo was squared on; None otherwise"))


class PageContent(BaseModel):
    """Everything read from one page, in reading order."""

    page: int
    width: float
    height: float
    method: Method = "text"
    tables: list[PageTable] = Field(default_factory=list)
    lines: list[TextLine] = Field(default_factory=list)
    #: Seals found on the page (scans and photos; lifted from the image before reading).
    seals: list[Seal] = Field(default_factory=list)
    #: Why this page went the way it did (e.g. "no text layer", "garbled: 0.41").
    route_reason: str = ""
    #: The font check of this page's text layer, one entry per typeface (empty: not checked).
    fonts: list[FontCheck] = Field(default_factory=list, description="Font check of the text layer, one entry per typeface")
    #: OCR only: how the rendered page was turned upright (degrees of small skew
    #: removed, then clockwise quarter turns), so a cell can be found again in a
    #: new rendering of the page for a second reading.
    skew: float = Field(0.0, description="OCR: degrees of skew removed before reading")
    quarter_turns: int = Field(0, description="OCR: clockwise quarter turns applied to make the page upright")
    #: The resolution the page was read at (OCR), 0 for the text layer.
    dpi: int = Field(0, description="OCR: resolution the page was read at (0 for the text layer)")
    #: OCR only: the photographed sheet's corners (fractions of the rendered page), when squared.
    sheet: tuple[float, ...] | None = Field(None, description="OCR: corners of a photographed sheet that was squared")
    #: OCR only: the table frame's corners a photo was squared on when its paper edge was not found.
    table_frame: tuple[float, ...] | None = Field(None, description="OCR: corners of the table frame a photo was squared on")

    def upright_frame(self) -> UprightFrame | None:
        """The frame of this page's boxes, for OCR pages (text-layer pages are shown as displayed)."""
        if self.method != "ocr" or not self.dpi:
            return None
        return UprightFrame(page=self.page, width=self.width, height=self.height, skew=self.skew,
                            quarter_turns=self.quarter_turns, sheet=self.sheet, table_frame=self.table_frame)
