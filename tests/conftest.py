"""Session-wide fixtures: each sample file is extracted once per set of options, for every module.

Extraction (OCR above all) is what the suite spends its time on; modules ask
``sample_runs`` for the files and options they need and share the result.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.models import Document
from jixiao.pipeline.api import ExtractionResult
from jixiao.pipeline.batch.executors import process_input
from jixiao.pipeline.batch.inputs import discover
from jixiao.pipeline.evaluation.scorer import evaluate_tables
from jixiao.pipeline.outputs.tables import build_tables
from jixiao.pipeline.settings import ExtractOptions
from sample_files import MANIFEST_PATH, TRUTH


class SampleRuns:
    """Documents of sample files, extracted on first request and kept for the session."""

    def __init__(self) -> None:
        self._documents: dict[tuple[Path, ExtractOptions], Document] = {}

    def documents(self, paths: list[Path], options: ExtractOptions = ExtractOptions()) -> list[Document]:
        out = []
        for path in paths:
            key = (Path(path), options)
            if key not in self._documents:
                (item,) = discover([str(path)])
                self._documents[key] = process_input(item, options)
            out.append(self._documents[key])
        return out

    def result(self, paths: list[Path], options: ExtractOptions = ExtractOptions()) -> ExtractionResult:
        docs = self.documents(paths, options)
        return ExtractionResult(documents_=docs, tables=build_tables(docs))

    def evaluation(self, paths: list[Path], options: ExtractOptions = ExtractOptions()) -> dict:
        """``jixiao eval``'s report for these files against the sample truth."""
        return evaluate_tables(self.result(paths, options).tables, TRUTH, MANIFEST_PATH)

    def forms_by_name(self, files: dict[str, Path]) -> dict[str, list]:
        """Each named file's forms."""
        return {name: doc.forms for name, doc in zip(files, self.documents(list(files.values())))}

    def evaluation_by_file(self, paths) -> dict[str, dict]:
        """``jixiao eval``'s record of each file, by file name."""
        return {f["file"]: f for f in self.evaluation(list(paths))["files"]}


@pytest.fixture(scope="session")
def sample_runs() -> SampleRuns:
    return SampleRuns()
