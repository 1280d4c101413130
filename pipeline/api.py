"""The Python API: what the CLI is a thin layer over.

>>> from jixiao import extract
>>> result = extract("samples/pdf/001_wuwei.pdf")
>>> result.forms[["project", "stated_total", "recomputed_total"]]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jixiao.models import Document
from jixiao.pipeline.batch.executors import make_executor, process_input
from jixiao.pipeline.settings import ExtractOptions, extract_options
from jixiao.pipeline.batch.inputs import discover
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
    def seals(self) -> pd.DataFrame:
        return self.tables["seals"]

    @property
    def fonts(self) -> pd.DataFrame:
        """Per page and typeface: how the text layer's fonts were checked and whether they lied."""
        return self.tables["fonts"]


def extract(*paths: str | Path, options: ExtractOptions | None = None, workers: int = 0,
            timeout: float = 300.0, **keywords: Any) -> ExtractionResult:
    """Extract files or folders without a catalog: for notebooks and scripts.

    Options are keywords, checked before any file is read, as on the command line:
    ``extract("forms/", ocr="never", workers=2, schema="extra.yaml")`` (or a whole
    :class:`ExtractOptions` as ``options``). ``workers=0`` reads in this process.
    """
    if options is None:
        options = extract_options(**keywords)
    elif keywords:
        raise TypeError("give either options= or option keywords, not both")
    items = discover([str(p) for p in paths])
    if workers > 0:
        executor = make_executor("process", workers, timeout)
        by_name = {item.source: doc for item, doc in executor.run(items, options)}
        docs = [by_name[item.source] for item in items]
    else:
        docs = [process_input(item, options) for item in items]
    return ExtractionResult(documents_=docs, tables=build_tables(docs))
