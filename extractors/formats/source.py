"""What a format reader hands on: the pages, and how to name a spot in the source."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from jixiao.models import PageContent
from jixiao.models.provenance import BBox


class Locates(Protocol):
    def locate(self, page: int, bbox: BBox | None) -> str: ...


class NoLocation:
    """PDFs and images: page and bbox already say where a value is."""

    def locate(self, page: int, bbox: BBox | None) -> str:
        return ""


@dataclass
class SourceContent:
    """Pages in the shape the PDF readers produce, plus the source-side names of their cells."""

    pages: list[PageContent]
    locator: Locates = field(default_factory=NoLocation)


class UnreadableInput(Exception):
    """A file of a known format that cannot be read; the message says why and what to do."""
