"""A long scan shared by a batch's workers: its OCR pages read as tasks of their own.

A batch hands out whole documents, so with two workers a mixed batch ends with
one worker alone on the longest scan (OCR is ~2 s a page, a digital page ~0.02 s)
while the other has nothing left. With ``split`` on (a process pool allowed two or
more workers), a worker given a PDF first looks at its pages' text layers
(milliseconds a page): when at least ``MIN_SPLIT_PAGES`` pages have none — they go
to OCR whatever the options say about fonts — it answers with those page numbers
(and every page's /UserUnit, found once for all page tasks) instead of a Document.
The pool then queues one :class:`PageTask` per such page, first in line, so every
idle worker takes one (a pool that started one worker for a batch of one scan starts
a second for them); and when all are back, one
:class:`FinishTask` reads the document as usual with those pages taken as read
(``read_elsewhere`` of :func:`jixiao.extractors.pages.read_pages_checked`): text pages, assembly,
validation and second readings run there, in one process, exactly as unsplit.

A page task that fails (its worker crashed or ran out of time or memory) leaves
its page to the finish task, which reads it again itself: the document then ends
as it would have unsplit. The Document's ``seconds`` adds the page tasks' seconds
to the finish task's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from jixiao.models import Document, PageContent
from jixiao.pipeline.batch.inputs import InputFile
from jixiao.pipeline.settings import ExtractOptions

#: A PDF is split when at least this many of its pages have no text layer.
MIN_SPLIT_PAGES = 2


class ScannedPages(NamedTuple):
    """What a worker's look at a PDF found: the pages to read as page tasks, and every page's /UserUnit."""

    pages: list[int]
    units: tuple[float, ...] = ()


@dataclass(frozen=True)
class PageTask:
    """Read one page (1-based) of a document, by OCR; ``units`` are the document's /UserUnit per page,
    found once when it was scanned (every page task would otherwise read them again)."""

    item: InputFile
    page: int
    units: tuple[float, ...] = ()

    @property
    def source(self) -> str:
        return self.item.source


@dataclass(frozen=True)
class FinishTask:
    """Read a document whose pages ``pages`` (page → PageContent JSON) were read by page tasks."""

    item: InputFile
    pages: dict[int, str]
    seconds: float = 0.0

    @property
    def source(self) -> str:
        return self.item.source


Job = InputFile | PageTask | FinishTask


def job_input(job: Job) -> InputFile:
    """The document a job belongs to."""
    return job if isinstance(job, InputFile) else job.item


# ----------------------------------------------------------------------------- in the worker

_NONE = ScannedPages([])


def scan_pages(item: InputFile, options: ExtractOptions) -> ScannedPages:
    """1-based numbers of the pages of ``item`` that have no text layer (all pages with ``ocr="always"``),
    or none when the document is not a PDF that can be split (an archive member, over a limit, unopenable);
    with them, the /UserUnit of every page, for the page tasks.

    The file is read and opened as the document task reads and opens it
    (:func:`~jixiao.pipeline.process.read_input`, :func:`~jixiao.pipeline.process.open_pdf`: the
    same limits), once; pages the document task would refuse as unfit to load
    (:func:`~jixiao.extractors.streams.content_problems`: a content stream that inflates too far)
    are never loaded here nor named, so no page task works on them. A PDF that names a font anywhere in its
    bytes has a text layer somewhere: it is read whole, and the check costs a digital document
    one read of its bytes from the page cache, not a parse (pdfium and each page's text: ~6 ms a document).
    """
    read = options.read
    if item.member or read.ocr == "never" or read.extractor == "camelot":
        return _NONE
    from jixiao.pipeline.process import open_pdf, read_input

    try:
        data = read_input(item.path, options.limits)
        if read.ocr == "auto" and b"/Font" in data:
            return _NONE  # fonts, so text pages (in a report with scanned pages: read whole)
        pdf = open_pdf(data, options.limits)
    except Exception:  # noqa: BLE001 - the document task says what is wrong with it
        return _NONE
    try:
        count = len(pdf)
        if count < MIN_SPLIT_PAGES:
            return _NONE
        from jixiao.extractors.streams import content_problems

        unfit = {problem.page for problem in content_problems(data, count) if problem.skipped}
        fit = [index for index in range(count) if index + 1 not in unfit]  # as the document task skips them
        if read.ocr == "always":
            pages = [index + 1 for index in fit]
        else:
            pages = [index + 1 for index in fit if _no_text_layer(pdf, index)]
        if len(pages) < MIN_SPLIT_PAGES:
            return _NONE
        from jixiao.extractors.page_frame import user_units

        return ScannedPages(pages, tuple(user_units(item.path, count, data)))
    except Exception:  # noqa: BLE001
        return _NONE
    finally:
        pdf.close()


def _no_text_layer(pdf, index: int) -> bool:
    from jixiao.extractors.routing import MIN_CHARS, NO_LAYER, hidden_layer_route, page_text, route_text

    page = pdf[index]
    try:
        text = page_text(page)
        if sum(not ch.isspace() for ch in text) >= MIN_CHARS:
            # a text layer: the page's route (and font check) is the document task's, unless it is not drawn
            hidden = hidden_layer_route(page)
            return hidden is not None and hidden.reason.startswith(NO_LAYER)
        return route_text(text, page).reason.startswith(NO_LAYER)
    finally:
        page.close()


def read_page(task: PageTask, options: ExtractOptions) -> str:
    """The page's PageContent as JSON, or "" when it could not be read (the finish task reads it again
    and reports why)."""
    import pypdfium2 as pdfium

    from jixiao.extractors.pages import read_pages_checked

    try:
        pdf = pdfium.PdfDocument(str(task.item.path))
    except Exception:  # noqa: BLE001
        return ""
    try:
        others = frozenset(range(1, len(pdf) + 1)) - {task.page}
        pages, _ = read_pages_checked(pdf, task.item.path, options.read, skip=others, units=task.units or None)
    except Exception:  # noqa: BLE001
        return ""
    finally:
        pdf.close()
    return pages[0].model_dump_json() if pages else ""


def finish_document(task: FinishTask, options: ExtractOptions) -> Document:
    """The document task (:func:`~jixiao.pipeline.process.process_document`) with the page tasks' pages
    taken as read."""
    from jixiao.pipeline.process import process_document

    pages = {page: PageContent.model_validate_json(text) for page, text in task.pages.items()}
    item = task.item
    doc = process_document(item.path, item.source, options, member=item.member, read_elsewhere=pages)
    doc.seconds = round(doc.seconds + task.seconds, 4)
    return doc


# ----------------------------------------------------------------------------- in the pool

@dataclass
class _Split:
    waiting: set[int]
    read: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class PageSplits:
    """The pool's record of documents split into page tasks."""

    _open: dict[str, _Split] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        """Whether a split document still has page tasks out (or its finish task not yet queued)."""
        return bool(self._open)

    def split(self, item: InputFile, scanned: ScannedPages) -> list[PageTask]:
        """The page tasks of a document a worker found worth splitting."""
        self._open[item.source] = _Split(waiting=set(scanned.pages))
        return [PageTask(item, page, scanned.units) for page in scanned.pages]

    def page_done(self, task: PageTask, content: str, seconds: float) -> FinishTask | None:
        """Record a page task's result ("" when it failed); the finish task once every page is back."""
        split = self._open[task.item.source]
        split.waiting.discard(task.page)
        split.seconds += seconds
        if content:
            split.read[task.page] = content
        if split.waiting:
            return None
        del self._open[task.item.source]
        return FinishTask(task.item, split.read, round(split.seconds, 4))
