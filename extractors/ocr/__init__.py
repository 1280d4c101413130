"""Offline OCR for scanned pages and pages whose text layer lies.

``engine`` wraps the OCR engines (RapidOCR's bundled models, PaddleOCR optional)
behind one interface; ``page_reader`` reads a whole page into
:class:`jixiao.models.PageContent` (tables with merged cells, loose lines);
``grid`` and ``raster`` find ruled grids and straighten page images.
"""
