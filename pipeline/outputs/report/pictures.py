"""Page pictures for the review report: grayscale PNGs, one per page that holds a form.

Pages are 16-level grayscale PNGs (4 bits a pixel): legible at ~100 dpi and
~45 KB a page, a fifth of an optimised 8-bit RGB picture. Images are named by the file's content hash, so identical files share them and a
rerun renders only what is new. Sizes are read in PDF points, the unit the
provenance boxes are in, so outlines are placed as percentages of the page.

Pictures are drawn by the batch worker that read the document, right after it
(:func:`draw_pictures`); those still missing at the report stage (results reused
from the catalog, ``--workers 0``, Ray) in worker processes under the same memory
limit that die with the batch: never in the batch process itself. A page too large for
``MAX_PICTURE_PIXELS`` at ``DPI`` is drawn smaller: a 400-inch page does not
become a 1.5-gigapixel image.

An OCR page is drawn in the frame its boxes were measured in (squared, deskewed,
turned: see frame.py) and named apart (``-upright``), so a picture drawn as stored
by an older run is never reused under upright boxes.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from jixiao.models import Document, UprightFrame
from jixiao.pipeline.outputs.report.frame import frame_size

if TYPE_CHECKING:  # imported where pictures are drawn: planning the report needs only page sizes
    import numpy as np
    from PIL import Image

#: ~100 dpi keeps a printed form legible on screen.
DPI = 96
#: Below this many documents to render, a second worker costs more than it saves.
_PARALLEL_FROM = 6
#: Largest picture drawn of one page (pixels); an A4 page at DPI is 0.9 million.
MAX_PICTURE_PIXELS = 8_000_000
#: A report page shows at most this many PDF pages per document.
MAX_PAGES_SHOWN = 40


@dataclass(frozen=True)
class PageImage:
    page: int
    width: float  # points of the frame the boxes are in (the upright page for OCR pages)
    height: float
    src: str  # path relative to the report directory


@dataclass(frozen=True)
class RenderJob:
    pdf: Path
    pages: tuple[int, ...]
    targets: tuple[Path, ...]
    frames: tuple[UprightFrame | None, ...] = ()


def pages_to_show(doc: Document) -> list[int]:
    """Pages a reviewer needs: every page a form spans or a row was read from."""
    pages: set[int] = set()
    for form in doc.forms:
        pages.update(range(form.first_page, form.last_page + 1))
        pages.update(ind.provenance.page for ind in form.indicators)
    valid = sorted(p for p in pages if 1 <= p <= max(doc.pages, 1))
    return valid[:MAX_PAGES_SHOWN]


def image_name(sha256: str, page: int, upright: bool = False) -> str:
    return f"pages/{sha256[:20]}-p{page}{'-upright' if upright else ''}.png"


def plan_images(doc: Document, pdf_path: Path | None, report_dir: Path,
                opened: pdfium.PdfDocument | None = None) -> tuple[list[PageImage], RenderJob | None]:
    """Page sizes for the HTML now; what still has to be rendered, for later (``opened``: the
    file's document already open, left open)."""
    wanted = pages_to_show(doc)
    if not wanted or pdf_path is None or not doc.sha256 or not pdf_path.exists():
        return [], None
    try:
        pdf = opened or pdfium.PdfDocument(str(pdf_path))
    except pdfium.PdfiumError:
        return [], None
    frames = {frame.page: frame for frame in doc.frames}
    try:
        images = []
        for number in wanted:
            try:
                size = pdf.get_page_size(number - 1)
            except pdfium.PdfiumError:  # a page that cannot be loaded has no picture (the document says so)
                continue
            frame = frames.get(number)
            images.append(PageImage(number, *frame_size(size, frame), image_name(doc.sha256, number, frame is not None)))
    finally:
        if opened is None:
            pdf.close()
    missing = [img for img in images if not (report_dir / img.src).exists()]
    job = RenderJob(pdf_path, tuple(i.page for i in missing), tuple(report_dir / i.src for i in missing),
                    tuple(frames.get(i.page) for i in missing)) if missing else None
    return images, job


def picture_scale(width: float, height: float) -> float:
    """Pixels per point: DPI, or less for a page that would pass MAX_PICTURE_PIXELS."""
    scale = DPI / 72
    pixels = width * height * scale * scale
    # a hair under the exact ratio: pdfium rounds the bitmap's sides up
    return scale if pixels <= MAX_PICTURE_PIXELS else scale * (MAX_PICTURE_PIXELS / pixels) ** 0.5 * 0.999


def render_job(job: RenderJob, opened: pdfium.PdfDocument | None = None) -> None:
    """Draw the job's pictures (``opened``: its file's document already open, left open)."""
    from jixiao.pipeline.outputs.report.frame import picture_in_frame

    pdf = opened or pdfium.PdfDocument(str(job.pdf))
    try:
        for number, target, frame in zip(job.pages, job.targets, job.frames or (None,) * len(job.pages)):
            page = pdf[number - 1]
            try:
                gray = picture_in_frame(page, picture_scale(*page.get_size()) * 72, frame)
            finally:
                page.close()
            _save_png(_sixteen_grays(gray), target)
    finally:
        if opened is None:
            pdf.close()


#: Palette of the 16 grays: index i is grey i * 17 (0, 17, …, 255), as RGB triples.
_SIXTEEN_GRAYS = bytes(value for i in range(16) for value in (i * 17,) * 3)
#: zlib level of the PNGs: level 3 saved a page in half the time of level 6 for ~12 % more bytes.
PNG_COMPRESS_LEVEL = 3


def _sixteen_grays(gray: np.ndarray) -> Image.Image:
    """16 evenly spaced grays, no dithering: text stays crisp, the file halves.

    Each 8-bit grey ``v`` becomes palette index ``v // 16`` (grey ``(v // 16) * 17``):
    one numpy shift instead of PIL's ``quantize``, which searched for a palette
    (5.5 ms a page against 0.4 ms) and found these same 16 greys.
    """
    import numpy as np
    from PIL import Image

    indices = np.ascontiguousarray(gray >> 4, dtype=np.uint8)
    height, width = indices.shape
    image = Image.frombuffer("P", (width, height), indices.tobytes(), "raw", "P", 0, 1)
    image.putpalette(_SIXTEEN_GRAYS)
    return image


def _save_png(image: Image.Image, target: Path) -> None:
    """Written under a temporary name and renamed, so a killed run leaves no half picture."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        image.save(tmp, format="PNG", bits=4, compress_level=PNG_COMPRESS_LEVEL)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def draw_pictures(doc: Document, pdf_path: Path, report_dir: Path, opened: pdfium.PdfDocument | None = None) -> None:
    """Draw the pictures of ``doc`` now, in this process (a batch worker, right after reading it;
    ``opened``: the document it read, still open, its fonts loaded)."""
    _, job = plan_images(doc, pdf_path, report_dir, opened)
    if job:
        render_job(job, opened)


def render_all(jobs: list[RenderJob], workers: int, guard: tuple | None = None) -> None:
    """Render in worker processes; a page that fails, or a worker that dies, leaves a picture out.

    ``guard`` is ``(function, args)`` run first in every worker: the batch passes its
    worker guard (memory limit, death with the batch process).
    """
    if not jobs:
        return
    processes = 1 if workers <= 1 or len(jobs) < _PARALLEL_FROM else min(workers, os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")  # the parent may run a display thread
    initializer, initargs = guard or (None, ())
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=context, initializer=initializer,
                                 initargs=initargs) as pool:
            list(pool.map(_render_quietly, jobs, chunksize=4))
    except BrokenProcessPool:  # a worker hit the memory limit: the HTML shows the pictures missing
        pass


def _render_quietly(job: RenderJob) -> None:
    try:
        render_job(job)
    except Exception:  # noqa: BLE001 - the HTML shows a missing picture; the data is intact
        pass
