"""The review report: static HTML under DIR/report/, opened straight from disk.

``index.html`` is the overview of every form (sortable, filterable, exportable);
``docs/<slug>.html`` shows one document's forms on their page pictures;
``data/findings.js`` holds the findings the overview exports, loaded only when
asked for. No server and nothing fetched from the network: styles and scripts
are inline and page pictures are local files. Chinese by default (``lang``).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from jixiao.models import Document
from jixiao.pipeline.outputs.report.data import OverviewData, doc_slug
from jixiao.pipeline.outputs.report.html import document_page
from jixiao.pipeline.outputs.report.i18n import Lang
from jixiao.pipeline.outputs.report.overview import FINDINGS_SCRIPT, findings_script, overview_page
from jixiao.pipeline.outputs.report.pictures import plan_images, render_all

__all__ = ["ReportWriter", "write_report"]


def _write_text(path: Path, text: str) -> None:
    """Temporary name then rename: a reader never opens half a page.

    (Not :func:`jixiao.pipeline.outputs.files.atomic_write`: that module pulls in pandas, which
    the picture workers, importing this package, do not need.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class ReportWriter:
    """Writes the report a document at a time (:meth:`add`), then the overview (:meth:`finish`).

    ``paths`` maps each ``source_file`` to the PDF on disk (for page pictures);
    ``guard`` (function, args) runs first in each picture worker.
    """

    def __init__(self, paths: dict[str, Path], report_dir: Path, workers: int = 1, guard: tuple | None = None,
                 lang: Lang = "zh") -> None:
        self.paths, self.report_dir, self.workers, self.guard, self.lang = paths, report_dir, workers, guard, lang
        self._data = OverviewData()
        self._jobs: list = []

    def add(self, doc: Document) -> None:
        images, job = plan_images(doc, self.paths.get(doc.source_file), self.report_dir)
        if job:
            self._jobs.append(job)
        _write_text(self.report_dir / "docs" / f"{doc_slug(doc.source_file)}.html",
                    document_page(doc, images, self.lang))
        self._data.add(doc)

    def passing(self, documents: Iterable[Document]) -> Iterator[Document]:
        """``documents`` unchanged, each written into the report on its way (one reading serves two uses)."""
        for doc in documents:
            self.add(doc)
            yield doc

    def finish(self) -> Path:
        """Draw the pictures still missing, write the findings export and the overview; returns index.html."""
        render_all(_unique_targets(self._jobs), self.workers, self.guard)
        _write_text(self.report_dir / FINDINGS_SCRIPT, findings_script(self._data))
        index = self.report_dir / "index.html"
        _write_text(index, overview_page(self._data, self.lang, "overview.js"))
        return index


def write_report(documents: Iterable[Document], paths: dict[str, Path], report_dir: Path, workers: int = 1,
                 guard: tuple | None = None, lang: Lang = "zh") -> Path:
    """Write one page per document, the findings export and the overview; returns the path of index.html.

    ``paths`` maps each ``source_file`` to the PDF on disk (for page pictures);
    ``guard`` (function, args) runs first in each picture worker.
    Documents are consumed one at a time, so an archive never sits in memory.
    """
    writer = ReportWriter(paths, report_dir, workers, guard, lang)
    for doc in documents:
        writer.add(doc)
    return writer.finish()


def _unique_targets(jobs: list) -> list:
    """Identical files under two names share their pictures: render each target once."""
    seen: set[Path] = set()
    unique = []
    for job in jobs:
        if job.targets[0] in seen:
            continue
        seen.update(job.targets)
        unique.append(job)
    return unique
