"""The tools the benchmark runs and one (tool, sample set) job with its measurements.

Shared by the runner (:mod:`bench.run`) and the report (:mod:`bench.report`), so
neither imports the other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import Measurement


@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    #: Sample variants it runs on.
    variants: tuple[str, ...]
    #: False for tools that produce no tables (nothing for `jixiao eval` to score).
    scored: bool = True
    #: A module that must be importable, else the tool is skipped with a note.
    needs: str | None = None


TOOLS = [
    Tool("jixiao", "jixiao (default)", ("digital", "scan")),
    Tool("jixiao-camelot", "jixiao --extractor camelot", ("digital",)),
    Tool("pdfplumber", "pdfplumber extract_tables + fill", ("digital",)),
    Tool("camelot", "camelot-py lattice", ("digital",), needs="camelot"),
    Tool("img2table", "img2table (text layer)", ("digital",), needs="img2table"),
    Tool("rapidocr-page", "RapidOCR whole page, 200 dpi", ("scan",), scored=False, needs="rapidocr"),
]
#: What every ratio is taken against.
REFERENCE = "jixiao"


@dataclass
class Job:
    tool: Tool
    variant: str
    files: list[Path]
    pages: int = 0
    runs: list[Measurement] = field(default_factory=list)
    accuracy: dict | None = None
    error: str = ""

    @property
    def key(self) -> str:
        return f"{self.tool.name}-{self.variant}"

    def per_page(self, attribute: str) -> list[float]:
        return [getattr(m, attribute) / self.pages for m in self.runs] if self.pages else []

    def read_per_page(self) -> list[float]:
        return [m.record.get("read_seconds", 0.0) / self.pages for m in self.runs] if self.pages else []
