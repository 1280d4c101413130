"""One tool on a set of PDFs, in a process of its own: `python -m bench.worker TOOL OUT_DIR PDF...`.

The harness starts this under ``/usr/bin/time -v`` once per run, so every tool
pays its own imports and its peak memory is its own. Table tools write jixiao's
four tables into OUT_DIR for `jixiao eval`; the last stdout line is a JSON
record with the page count and the seconds spent reading tables (the peer
library call alone, or jixiao's page reading), the rest being assembly and
writing, which is the same code for every tool.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

#: Whole-page OCR resolution: what jixiao's OCR path renders scans at.
OCR_DPI = 200


class ReadClock:
    """Seconds spent inside the table-reading call, summed over files."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        return timed


def run_jixiao(files: list[Path], out: Path, extractor: str, clock: ReadClock) -> int:
    """jixiao in this process (the Python API; `jixiao extract` would add its worker pool and report)."""
    import jixiao.pipeline.process as document
    from jixiao.extractors.readers import ReadOptions
    from jixiao.pipeline.api import extract
    from jixiao.pipeline.outputs.files import write_tables

    document.read_pages_checked = clock.wrap(document.read_pages_checked)
    result = extract(*files, options=document.ExtractOptions(read=ReadOptions(extractor=extractor)))
    write_tables(result.tables, out)
    return int(result.documents["pages"].fillna(0).sum())


def run_peer(name: str, files: list[Path], out: Path, clock: ReadClock) -> int:
    """A table-only peer, its grids through the adapter into the four tables."""
    from bench.adapter import peer_document
    from bench.peers import PEERS
    from jixiao.pipeline.outputs.files import write_tables
    from jixiao.pipeline.outputs.tables import build_tables

    read = clock.wrap(PEERS[name])
    docs = [peer_document(path, read(path)) for path in files]
    write_tables(build_tables(docs), out)
    return sum(d.pages for d in docs)


def run_whole_page_ocr(files: list[Path], clock: ReadClock) -> tuple[int, int]:
    """Plain RapidOCR on every page image at 200 dpi: the floor for reading a scan at all."""
    import pypdfium2 as pdfium
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})
    pages = chars = 0
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for page in pdf:
                image = page.render(scale=OCR_DPI / 72).to_numpy()
                started = time.perf_counter()
                result = engine(image[:, :, :3])
                clock.seconds += time.perf_counter() - started
                chars += sum(len(t) for t in (result.txts or ()))
                pages += 1
                page.close()
        finally:
            pdf.close()
    return pages, chars


def main(argv: list[str]) -> None:
    tool, out, *names = argv
    # pdfminer (under pdfplumber and camelot) warns once per glyph on Chromium PDFs.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    files = [Path(n) for n in names]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = ReadClock()
    record: dict = {"tool": tool}
    if tool == "jixiao":
        record["pages"] = run_jixiao(files, out_dir, "text", clock)
    elif tool == "jixiao-camelot":
        record["pages"] = run_jixiao(files, out_dir, "camelot", clock)
    elif tool == "rapidocr-page":
        record["pages"], record["chars"] = run_whole_page_ocr(files, clock)
    else:
        record["pages"] = run_peer(tool, files, out_dir, clock)
    record["read_seconds"] = round(clock.seconds, 4)
    print(json.dumps(record))


if __name__ == "__main__":
    main(sys.argv[1:])
