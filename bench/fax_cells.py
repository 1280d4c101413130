"""Where a fax page loses its fields: cells read exactly against the form's truth, per field.

    python -m bench.fax_cells [--split tune|holdout|all] [--show]

For every fax PDF of samples/manifest.json (kinds fax_100dpi, fax_204x98) the page
is read with ``ocr_page`` and each truth value of the indicator table (一级/二级/三级
names, target, actual, 分值, 得分) is looked for among the page's cell texts
(after the scorer's normalisation; values used as often as the truth has them).
A value found is read right by the recogniser in its cell; a value missing is lost
before assembly — ``--show`` prints it with the nearest cell text, which tells a
misread (close text) from a lost or merged cell (no close text). Also printed: the
recogniser's work (crops and their summed width in model heights) and CPU seconds.
Fields the assembly gets wrong although the cell was read right show up as the
difference between this count and ``jixiao eval``.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FAX_KINDS = ("fax_100dpi", "fax_204x98")
FIELDS = ("level1", "level2", "level3", "target", "actual", "weight", "score")


def _truth_values(truth: dict) -> list[tuple[str, str]]:
    from jixiao.pipeline.evaluation.scorer import normalise_text

    out = []
    for form in truth["forms"]:
        for row in form.get("indicators", []):
            for field in FIELDS:
                value = row.get(field)
                if value is None or value == "":
                    continue
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                out.append((field, normalise_text(str(value))))
    return out


class _Counting:
    """The engine with its recognition work counted."""

    def __init__(self, engine) -> None:
        self.engine, self.crops, self.width = engine, 0, 0.0

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def read_crops(self, crops):
        self.crops += len(crops)
        self.width += sum(c.shape[1] / max(c.shape[0], 1) for c in crops)
        return self.engine.read_crops(crops)


def diagnose(entry: dict, show: bool) -> dict:
    import pypdfium2 as pdfium

    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.extractors.ocr.page_reader import ocr_page
    from jixiao.pipeline.evaluation.scorer import normalise_text

    truth = json.loads((SAMPLES / entry["truth"]).read_text(encoding="utf-8"))
    wanted = _truth_values(truth)
    engine = _Counting(get_engine())
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    cells: list[str] = []
    cpu = 0.0
    for index in range(len(pdf)):
        c0 = time.process_time()
        content = ocr_page(pdf[index], index + 1, engine, dpi=200)
        cpu += time.process_time() - c0
        cells += [normalise_text(c.text) for t in content.tables for c in t.cells if c.text]
    pdf.close()
    pool = Counter(cells)
    found: Counter = Counter()
    total: Counter = Counter()
    missing = []
    for field, value in wanted:
        total[field] += 1
        if pool[value] > 0 or (field in ("level1", "level2") and value in cells):
            found[field] += 1
            if field not in ("level1", "level2"):
                pool[value] -= 1  # merged 一级/二级 cells serve many rows
        else:
            near = max(cells, key=lambda c: SequenceMatcher(None, value, c).ratio(), default="")
            missing.append((field, value, near))
    if show:
        for field, value, near in missing:
            print(f"  {entry['file']}: {field:7s} {value!r:24s} nearest cell {near!r}")
    return {"file": entry["file"], "kind": entry["kind"], "split": entry.get("split"),
            "found": sum(found.values()), "values": sum(total.values()),
            "by_field": {f: f"{found[f]}/{total[f]}" for f in FIELDS},
            "crops": engine.crops, "crop_width": round(engine.width, 1), "cpu_s": round(cpu, 2)}


def read_with_patches(entry: dict, engine, patches: list[tuple[object, str, object]]) -> float:
    """Every page of a manifest fax read with ``ocr_page`` at 200 dpi while each (owner, attribute,
    replacement) of ``patches`` stands in for the reader's own (the benches log what the reader sees);
    the originals come back however the reading ends. Returns the CPU seconds the reading took."""
    import pypdfium2 as pdfium

    from jixiao.extractors.ocr.page_reader import ocr_page

    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, replacement in patches:
        setattr(owner, name, replacement)
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    c0 = time.process_time()
    try:
        for index in range(len(pdf)):
            ocr_page(pdf[index], index + 1, engine, dpi=200)
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
        pdf.close()
    return time.process_time() - c0


def fax_entries(prog: str, description: str, argv: list[str] | None) -> tuple[argparse.Namespace, list[dict]]:
    """The fax benches' shared command line: which manifest fax files to read (a split, or named files)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--split", default="tune", choices=("tune", "holdout", "all"))
    parser.add_argument("--show", action="store_true", help="print each cell or line read wrong")
    parser.add_argument("--files", nargs="*", help="only these manifest files")
    args = parser.parse_args(argv)
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest if e.get("kind") in FAX_KINDS
               and (args.split == "all" or e.get("split") == args.split)
               and (not args.files or e["file"] in args.files or Path(e["file"]).name in args.files)]
    return args, entries


def main(argv: list[str] | None = None) -> int:
    args, entries = fax_entries("python -m bench.fax_cells", __doc__.splitlines()[0], argv)
    results = [diagnose(e, args.show) for e in entries]
    for r in results:
        print(f"{r['file']:34s} {r['split']:7s} cells right {r['found']:3d}/{r['values']:3d}  {r['by_field']}  "
              f"crops {r['crops']} width {r['crop_width']}  CPU {r['cpu_s']} s")
    print(f"all: {sum(r['found'] for r in results)}/{sum(r['values'] for r in results)}  "
          f"crops {sum(r['crops'] for r in results)}  CPU {sum(r['cpu_s'] for r in results):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
