"""Page readers behind one interface, found by name in a registry.

Every reader takes one pdfium page and returns one :class:`PageContent`, so the
stages after reading never know which reader ran. A reader is registered by
name with the dotted path of its function; the module is imported only when the
reader is first used, so choosing the text path never loads camelot or the OCR
models. A new reader is one module plus one :func:`register` line here.

``layer`` says what a reader reads: ``text`` readers trust the PDF's text layer
(the routing step picks them for honest pages), ``image`` readers read the
rendered page (scans, lying text layers).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from jixiao.models import PageContent

Layer = Literal["text", "image"]
OcrMode = Literal["auto", "never", "always"]
#: OCR engines known to :func:`jixiao.extractors.ocr.engine.get_engine`.
OCR_ENGINES = ("rapidocr", "paddle")
#: Runtimes for RapidOCR's recogniser (see jixiao.extractors.ocr.engine.OCR_RUNTIMES).
OCR_RUNTIMES = ("onnxruntime", "openvino")


class ReadOptions(BaseModel):
    """How pages are read; the defaults are what `jixiao extract` uses. Checked on construction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    extractor: str = Field("text", description="reader for pages with an honest text layer")
    ocr: OcrMode = Field("auto", description="auto: route each page; never: text layer only; always: OCR every page")
    ocr_engine: Literal["rapidocr", "paddle"] = Field("rapidocr", description="OCR engine for image readers")
    dpi: int = Field(200, ge=72, le=600, description="render resolution for OCR")
    max_megapixels: float = Field(64.0, gt=0, le=1000,
                                  description="refuse to render a page larger than this at the OCR resolution")
    verify_fonts: bool = Field(True, description="check each font of a text layer glyph by glyph and repair lying "
                                                 "ones (auto routing only)")
    ocr_runtime: Literal["onnxruntime", "openvino"] = Field(
        "onnxruntime", description="runtime of RapidOCR's recogniser; openvino needs the 'openvino' extra")

    @property
    def checks_fonts(self) -> bool:
        """Whether text layers get the glyph-by-glyph font check: asked for, and pages routed (``auto``)."""
        return self.verify_fonts and self.ocr == "auto"

    @field_validator("ocr_runtime")
    @classmethod
    def _runtime_installed(cls, runtime: str) -> str:
        """Refused before any file is read, not as a failure of every scanned document."""
        import importlib.util

        if runtime == "openvino" and importlib.util.find_spec("openvino") is None:
            raise ValueError("OpenVINO is not installed: pip install 'jixiao[openvino]'")
        return runtime

    @field_validator("extractor")
    @classmethod
    def _known_text_reader(cls, name: str) -> str:
        if name not in reader_names("text"):
            raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(reader_names('text'))}")
        return name


@dataclass(frozen=True)
class PageSource:
    """What a reader may need besides the page: the file (camelot reopens it) and the options.

    ``replacements`` and ``doubtful`` repair a page whose font lies (set per page by
    :func:`jixiao.extractors.pages.read_pages` from :mod:`jixiao.extractors.fonts`):
    character index → the character read from its glyph, and the indices of glyphs
    that could not be read surely. Only readers in :data:`REPAIRING_READERS` honour them.
    """

    path: Path
    options: ReadOptions
    replacements: Mapping[int, str] | None = None
    doubtful: frozenset[int] = frozenset()
    #: /UserUnit of each page (pdfium ignores it); empty means 1 everywhere.
    units: tuple[float, ...] = ()

    def user_unit(self, page_no: int) -> float:
        return self.units[page_no - 1] if 0 < page_no <= len(self.units) else 1.0


class ReadPage(Protocol):
    def __call__(self, page: "pdfium.PdfPage", page_no: int, source: PageSource) -> "PageContent": ...


@dataclass(frozen=True)
class PageReader:
    name: str
    layer: Layer
    target: str  # "module:function"
    summary: str

    def load(self) -> ReadPage:
        module, function = self.target.split(":")
        return getattr(import_module(module), function)


_READERS: dict[str, PageReader] = {}


def register(name: str, layer: Layer, target: str, summary: str) -> None:
    """Make a reader available by name (``--extractor NAME`` for text-layer readers)."""
    _READERS[name] = PageReader(name, layer, target, summary)


def get_reader(name: str) -> PageReader:
    if name not in _READERS:
        raise KeyError(f"no page reader named {name!r}; registered: {', '.join(_READERS)}")
    return _READERS[name]


def reader_names(layer: Layer) -> tuple[str, ...]:
    return tuple(name for name, reader in _READERS.items() if reader.layer == layer)


register("text", "text", "jixiao.extractors.mixed_grid:read_page",
         "ruled tables by pdfplumber's grid over pdfium ruling lines; tables with rules missing (三线表, "
         "horizontal rules only, frame, none) inferred from their text; pdfium characters per cell (default)")
register("ruled", "text", "jixiao.extractors.text_grid:read_text_page",
         "ruled grids only (pdfplumber's grid over pdfium ruling lines), no inference of missing rules")
register("camelot", "text", "jixiao.extractors.camelot_grid:read_camelot_page",
         "camelot-py lattice grids and camelot's cell text, an independent second reading")
register("ocr", "image", "jixiao.extractors.ocr.page_reader:read_ocr_page",
         "rendered page, OpenCV grid, RapidOCR (or PaddleOCR) on line crops")
