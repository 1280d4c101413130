"""The Python API: what the CLI is a thin layer over.

>>> from pipeline import extract
>>> result = extract("samples/pdf/001_wuwei.pdf")
>>> result.forms[["project", "stated_total", "recomputed_total"]]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jixiao.models import Document
from jixiao.pipeline.process import ExtractOptions, process_document
from jixiao.pipeline.batch.inputs import InputFile, discover
from jixiao.pipeline.outputs.tables import build_tables


@dataclass
class ExtractionResult:
    """Typed documents plus the output tables as DataFrames."""

    documents_: list[Document]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def documents(self) -> pd.DataFrame:
        return self.tables["documents"]

    @property
    def forms(self) -> pd.DataFrame:
        return self.tables["forms"]

    @property
    def indicators(self) -> pd.DataFrame:
        return self.tables["indicators"]

    @property
    def findings(self) -> pd.DataFrame:
        return self.tables["findings"]

    @property
    def fonts(self) -> pd.DataFrame:
        """Per page and typeface: how the text layer's fonts were checked and whether they lied."""
        return self.tables["fonts"]


def process_input(item: InputFile, options: ExtractOptions) -> Document:
    if not item.path.exists():
        return Document(source_file=item.source, status="failed", error=f"file not found: {item.path}")
    return process_document(item.path, item.source, options, sha256=item.sha256)


def extract(*paths: str | Path, options: ExtractOptions = ExtractOptions()) -> ExtractionResult:
    """Extract files or folders in this process (no catalog, no workers): for notebooks."""
    docs = [process_input(item, options) for item in discover([str(p) for p in paths])]
    return ExtractionResult(documents_=docs, tables=build_tables(docs))
