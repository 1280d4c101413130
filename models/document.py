"""One input file and everything that happened to it."""
from typing import Literal

from pydantic import BaseModel, Field

from jixiao.models.finding import Finding
from jixiao.models.font_check import FontCheck
from jixiao.models.form import Form
from jixiao.models.page import Seal, UprightFrame

#: ``skipped``: left out on purpose by a discovery rule (hidden files), which the error names.
DocumentStatus = Literal["ok", "partial", "failed", "skipped"]


class Document(BaseModel):
    """Every input file gets one, whatever happens to it: nothing is dropped."""

    source_file: str = Field(description="Input path relative to the common root of the run's inputs (escaped)")
    sha256: str = Field("", description="SHA-256 of the file's bytes")
    format: str = Field("", description=(
        "What the file turned out to be: pdf, xlsx, xls, docx, doc, jpg, png, tif, …; '.ext' when unsupported"))
    pages: int = Field(0, description="Number of pages (PDF pages, sheets, Word page-break sections, image frames)")
    status: DocumentStatus = Field("ok", description="ok | partial | failed")
    error: str = Field("", description="Why the file failed or is partial")
    seconds: float = Field(0.0, description="Wall-clock seconds spent reading the file")
    forms: list[Form] = Field(default_factory=list, description="Forms found, in page order")
    findings: list[Finding] = Field(default_factory=list, description="Validator findings")
    #: The glyph-by-glyph check of each text-layer page, per typeface (extractors.fonts).
    fonts: list[FontCheck] = Field(default_factory=list, description="Font check per text-layer page and typeface")
    seals: list[Seal] = Field(default_factory=list, description="Seals found on the pages, in page order")
    #: Pages read by OCR: how their pictures were straightened, so the report draws boxes where they belong.
    frames: list[UprightFrame] = Field(default_factory=list, description="Upright frame of each OCR page")
