"""Running many documents: in parallel worker processes, each failure isolated.

The per-document function is :func:`pipeline.api.process_input`; this module only
decides where it runs and collects what comes back.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from models import Document
from pipeline.api import process_input
from pipeline.document import ExtractOptions
from pipeline.exports import write_tables
from pipeline.inputs import InputFile
from pipeline.tables import build_tables


@dataclass
class BatchResult:
    documents: list[Document]
    written: list[Path]

    @property
    def failed(self) -> int:
        return sum(1 for d in self.documents if d.status == "failed")


def run_documents(items: list[InputFile], options: ExtractOptions, workers: int, on_done=None) -> list[Document]:
    """Process every input; a worker crash becomes a failed Document, never a lost file."""
    if workers <= 1 or len(items) <= 1:
        docs = []
        for item in items:
            docs.append(process_input(item, options))
            if on_done:
                on_done(docs[-1])
        return docs
    docs = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(process_input, item, options): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                doc = future.result()
            except Exception as exc:  # the worker died (out of memory, segfault in a library)
                doc = Document(source_file=item.source, status="failed", error=f"worker failed: {type(exc).__name__}: {exc}")
            docs.append(doc)
            if on_done:
                on_done(doc)
    return docs


def run_batch(items: list[InputFile], out_dir: Path, options: ExtractOptions, workers: int = 1,
              xlsx: bool = False, on_done=None) -> BatchResult:
    docs = run_documents(items, options, workers, on_done)
    written = write_tables(build_tables(docs), out_dir, xlsx=xlsx)
    return BatchResult(documents=docs, written=written)
