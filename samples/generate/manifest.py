"""samples/manifest.json: what each committed PDF is and what it should exhibit."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Entry:
    file: str  # relative to samples/
    truth: str
    variant: str  # digital | scan | lying
    producer: str  # libreoffice | chromium | writer | scan-of:<producer>
    pages: int
    text_layer: str  # ok | none | lying | hidden (drawn invisibly: a scanner's OCR layer)
    lying_pages: list[int] = field(default_factory=list)
    #: 1-based page → clockwise turn of the page image, in degrees.
    rotated_pages: dict[str, int] = field(default_factory=dict)
    cut_cells: bool = False
    #: 1-based pages at whose foot a cell is cut and continues on the next page.
    cut_cell_pages: list[int] = field(default_factory=list)


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def save(path: Path, entries: list[dict]) -> None:
    entries = sorted(entries, key=lambda e: e["file"])
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def as_dict(entry: Entry) -> dict:
    return asdict(entry)
