"""Which vocabulary lattices of an OCR page assembly consults: the share of their recogniser work that counts.

    python -m bench.lattice_use [FILE ...]   (default: the tune fax files of samples/manifest.json)

The column vocabularies' lattices (``vocabulary_decoding.ColumnVocabularies.lattices``) are read on the
page, before assembly knows which column a cell is in; assembly then asks only the header cells and the
cells of the 一级, 二级 and 指标性质 columns (``vocabulary_cells.vocabulary_words``,
``header_cells._heading_word``). Each file is extracted in this process with those functions patched to
note the cells they are asked about, and each lattice line is counted, in model heights as its batch is
padded (its width bucket), as read, as usable (every line of its cell may hold a word, so
``read_cell`` decodes it) and as consulted (its cell was asked about). Whatever is read but never
consulted is the most a reading on demand could spare without changing any reading.
"""
from __future__ import annotations

import argparse
import json
import sys

from bench.arrivals import SAMPLES


def _box(frame, box) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in frame.box(box))


def _asked(box: tuple[float, ...], asked: set[tuple[float, ...]]) -> bool:
    """Whether a cell box was asked about, or a loose line's middle lies in a cell asked about
    (a cell of a table inferred from the loose lines)."""
    if box in asked:
        return True
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(a[0] <= x <= a[2] and a[1] <= y <= a[3] for a in asked)


def measure(files: list[str]) -> dict[str, dict[str, float]]:
    """Lattice width per file: read, usable and consulted (model heights), and the cells asked about."""
    from jixiao.extractors.ocr import page_reader
    from jixiao.extractors.ocr import vocabulary_decoding as vd
    from jixiao.extractors.ocr.engine import MIN_REC_RATIO, bucket_ratio, rec_ratio
    from jixiao.pipeline.api import extract
    from jixiao.pipeline.assembly import header_cells, vocabulary_cells

    state: dict = {"page": None, "lattices": [], "asked": set()}
    originals = {(page_reader, "read_upright"): page_reader.read_upright,
                 (vd.ColumnVocabularies, "lattices"): vd.ColumnVocabularies.lattices,
                 (vocabulary_cells, "vocabulary_words"): vocabulary_cells.vocabulary_words,
                 (header_cells, "_heading_word"): header_cells._heading_word}

    def read_upright(page, page_no, engine, dpi, user_unit=1.0):
        state["page"] = (page, page_reader._Frame(dpi, user_unit))
        return originals[(page_reader, "read_upright")](page, page_no, engine, dpi, user_unit)

    def lattices(self, images, results, lines):
        out = originals[(vd.ColumnVocabularies, "lattices")](self, images, results, lines)
        page, frame = state["page"]
        by_cell = page_reader._lines_by_cell(page.crops)
        for i in out:
            crop, usable = page.crops[i], True
            key = _box(frame, crop.box)  # a loose line: consulted when its middle lies in a cell asked about
            if crop.table is not None and crop.cell is not None:
                key = _box(frame, page.tables[crop.table].cells[crop.cell].box)
                usable = all(vd._candidate(images[j], *results[j]) for j in by_cell[(crop.table, crop.cell)])
            width = max(bucket_ratio(rec_ratio(images[i])), MIN_REC_RATIO)
            state["lattices"].append((key, usable, width))
        return out

    def vocabulary_words(values, method):
        for role in vocabulary_cells.ROLE_VOCABULARY:
            if role in values:
                state["asked"].add(tuple(round(v, 2) for v in values[role][1].cell.bbox))
        return originals[(vocabulary_cells, "vocabulary_words")](values, method)

    def heading_word(text, cell, *args, **kwargs):
        state["asked"].add(tuple(round(v, 2) for v in cell.bbox))
        return originals[(header_cells, "_heading_word")](text, cell, *args, **kwargs)

    patches = {(page_reader, "read_upright"): read_upright, (vd.ColumnVocabularies, "lattices"): lattices,
               (vocabulary_cells, "vocabulary_words"): vocabulary_words, (header_cells, "_heading_word"): heading_word}
    # modules that imported a patched function by name get the patch too
    importers = [(m, name) for m in list(sys.modules.values()) if getattr(m, "__name__", "").startswith("jixiao.")
                 for (_, name), fn in originals.items() if getattr(m, name, None) is fn]
    out = {}
    try:
        for (owner, name), fn in patches.items():
            setattr(owner, name, fn)
        for module, name in importers:
            setattr(module, name, next(fn for (_, n), fn in patches.items() if n == name))
        for rel in files:
            state["lattices"], state["asked"] = [], set()
            extract(str(SAMPLES / rel), workers=0)
            lines = state["lattices"]
            out[rel] = {"lines": len(lines), "read": sum(w for _, _, w in lines),
                        "usable": sum(w for _, usable, w in lines if usable),
                        "consulted": sum(w for key, _, w in lines if _asked(key, state["asked"]))}
    finally:
        for (owner, name), fn in originals.items():
            setattr(owner, name, fn)
        for module, name in importers:
            setattr(module, name, originals[next(k for k in originals if k[1] == name)])
    return out


def _tune_faxes() -> list[str]:
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    return [e["file"] for e in manifest if str(e.get("kind", "")).startswith("fax") and e.get("split") == "tune"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lattice_use", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="sample files relative to samples/ (default: the tune faxes)")
    args = parser.parse_args(argv)
    results = measure(args.files or _tune_faxes())
    print("| file | lattice lines | width read | usable | consulted |")
    print("|---|---|---|---|---|")
    for rel, r in results.items():
        print(f"| {rel} | {r['lines']} | {r['read']:.0f} | {r['usable']:.0f} | {r['consulted']:.0f} |")
    total = {k: sum(r[k] for r in results.values()) for k in ("lines", "read", "usable", "consulted")}
    share = total["consulted"] / total["read"] if total["read"] else 0.0
    print(f"| all | {total['lines']} | {total['read']:.0f} | {total['usable']:.0f} | {total['consulted']:.0f} "
          f"({share:.0%}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
