"""Offline OCR for scanned pages and pages whose text layer lies.

``ocr_page`` reads a whole page into :class:`models.PageContent` (tables with
merged cells, loose lines); ``ocr_cells`` re-reads given cell boxes only.
"""
from jixiao.extractors.ocr.engine import (
    ModelMissingError, OcrEngine, OcrLine, PaddleOcrEngine, RapidOcrEngine, get_engine,
)
from jixiao.extractors.ocr.page_reader import ocr_cells, ocr_page

__all__ = [
    "ModelMissingError", "OcrEngine", "OcrLine", "PaddleOcrEngine", "RapidOcrEngine",
    "get_engine", "ocr_cells", "ocr_page",
]
