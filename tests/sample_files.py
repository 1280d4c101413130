"""The sample corpus as the tests see it: paths, manifest entries, one place (not a test module)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
TRUTH = SAMPLES / "truth"
MANIFEST_PATH = SAMPLES / "manifest.json"


@lru_cache(maxsize=1)
def _entries() -> tuple[dict, ...]:
    return tuple(json.loads(MANIFEST_PATH.read_text(encoding="utf-8")))


def manifest() -> list[dict]:
    """Every manifest entry (a fresh list; entries are shared, do not mutate them)."""
    return list(_entries())


def entries(*variants: str) -> list[dict]:
    """Manifest entries of the given variants (all when none is named)."""
    return [e for e in _entries() if not variants or e["variant"] in variants]


def files(*variants: str) -> list[Path]:
    return [SAMPLES / e["file"] for e in entries(*variants)]


def by_stem() -> dict[str, dict]:
    return {Path(e["file"]).stem: e for e in _entries()}


def truth(name: str) -> dict:
    return json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))


def pdf_pages(entry: dict):
    """Each page of the entry's PDF, open while the caller looks at it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                yield page
            finally:
                page.close()
    finally:
        pdf.close()
