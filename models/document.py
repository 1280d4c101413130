"""One input file and everything that happened to it."""
from typing import Literal

from pydantic import BaseModel, Field

from jixiao.models.finding import Finding
from jixiao.models.fonts import FontCheck
from jixiao.models.form import Form

DocumentStatus = Literal["ok", "partial", "failed"]


class Document(BaseModel):
    """Every input file gets one, whatever happens to it: nothing is dropped."""

    source_file: str
    sha256: str = ""
    pages: int = 0
    status: DocumentStatus = "ok"
    error: str = ""
    seconds: float = 0.0
    forms: list[Form] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    #: The glyph-by-glyph check of each text-layer page, per typeface (extractors.fonts).
    fonts: list[FontCheck] = Field(default_factory=list)
