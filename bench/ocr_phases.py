"""Where an OCR page's CPU time goes, phase by phase, per kind of page (clean against fax).

    python -m bench.ocr_phases [--kinds KIND ...] [--split tune|holdout] [--json OUT]

For each kind (the arrival kinds of samples/manifest.json as ``bench.arrivals`` groups them,
and the clean baseline: the same forms' digital PDFs read through the same OCR path) one fresh
process reads every page with ``ocr_page`` and reports CPU s/page split into:

* ``prepare``: the page rendered, light evened, seals lifted, a fax's specks and staircases cleaned;
* ``upright``: skew, quarter turns, grid finding, line planning and the orientation vote
  (its recogniser runs included);
* ``first reading``: every line crop recognised once, and (on a coarse page) value lines decoded
  under the value grammar, unsure name lines given their slots for the re-spelling;
* ``second looks``: a coarse page's unsure lines read again in other views (``coarse_reading``);
* ``vocabulary lattices``: the short lines in doubt read again on their own paper for the column
  vocabularies (``vocabulary_decoding.ColumnVocabularies.lattices``), on every kind of OCR page;
* ``rest``: seals' arc text, pen marks, cells under seals read again, assembly into PageContent;

and, for the first reading, the second looks and the vocabulary lattices, the recogniser's own
CPU time, how many crops it read and their width in model heights (as padded in their batches):
the recogniser's cost grows with that width. The word model of the re-spelling is loaded before the timings (once per
worker in a batch). CPU time counts every thread of the process. ``--split`` reads only that split's
files of the damaged kinds (the clean baseline is always read whole: it is the yardstick).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict

from bench.arrivals import IMAGE_KINDS, SAMPLES, _files_by_kind
from bench.phase_timer import PhaseTimer, answered_as_child, measured_in_fresh_process, phase_arguments

PHASES = ("prepare", "upright", "first reading", "second looks", "vocabulary lattices", "rest")


def measure(files: list[str]) -> dict:
    """Run in a fresh process: per-phase CPU seconds and recogniser work over every page of ``files``."""
    import pypdfium2 as pdfium

    from jixiao.extractors.ocr import engine as engine_module
    from jixiao.extractors.ocr import page_reader, vocabulary_decoding
    from jixiao.extractors.ocr.name_decoding import word_model

    engine = engine_module.get_engine()
    engine.read_crops([])  # model load outside the timings
    word_model()
    timer = PhaseTimer("rest")
    cpu, stack = timer.cpu, timer.stack
    work: dict[str, float] = defaultdict(float)
    original_read = engine_module.RapidOcrEngine._read

    def read(self, crops, *args, **kwargs):
        ratios = [engine_module.rec_ratio(c) for c in crops]
        for idx in engine_module.recogniser_batches(ratios):
            width = max(engine_module.MIN_REC_RATIO, max(ratios[i] for i in idx))
            work[f"{stack[-1]}: width"] += width * len(idx)
        work[f"{stack[-1]}: crops"] += len(crops)
        c0 = time.process_time()
        try:
            return original_read(self, crops, *args, **kwargs)
        finally:
            work[f"{stack[-1]}: recogniser CPU s"] += time.process_time() - c0

    pages, total = 0, 0.0
    try:
        # patched inside the try: a function renamed since leaves the ones already patched restored
        timer.keep(engine_module.RapidOcrEngine, "_read", original_read)
        engine_module.RapidOcrEngine._read = read
        timer.time(page_reader, "prepare_raster", "prepare")
        timer.time(page_reader, "upright_page", "upright")
        timer.time(page_reader, "read_upright", "first reading")
        timer.time(page_reader, "best_readings", "second looks")
        timer.time(vocabulary_decoding.ColumnVocabularies, "lattices", "vocabulary lattices")
        for rel in files:
            pdf = pdfium.PdfDocument(str(SAMPLES / rel))
            try:
                for index in range(len(pdf)):
                    c0 = time.process_time()
                    page_reader.ocr_page(pdf[index], index + 1, engine, dpi=200)
                    total += time.process_time() - c0
                    pages += 1
            finally:
                pdf.close()
    finally:
        timer.restore()
    cpu["rest"] += total - sum(cpu.values())
    n = max(pages, 1)
    return {"pages": pages, "cpu_s_per_page": round(total / n, 3),
            "phases": {p: round(cpu[p] / n, 3) for p in PHASES},
            "recogniser": {k: round(v / n, 3) for k, v in sorted(work.items())}}


def _in_split(split: str | None):
    """Whether a manifest file belongs to ``split`` (every file when none is given)."""
    if split is None:
        return lambda rel: True
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    chosen = {e["file"] for e in manifest if e.get("split") == split}
    return lambda rel: rel in chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_phases", description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="*", default=["fax_100dpi", "fax_204x98"],
                        help="arrival kinds to profile (the clean baseline always runs)")
    parser.add_argument("--split", choices=("tune", "holdout"), help="only this split's files of the damaged kinds")
    phase_arguments(parser)
    args = parser.parse_args(argv)
    if answered_as_child(args, measure):
        return 0
    results = {"load_before": os.getloadavg(), "kinds": {}}
    in_split = _in_split(args.split)
    for kind, files in _files_by_kind().items():
        if kind in IMAGE_KINDS:
            files = [f for f in files if in_split(f)]
        if not files or kind == "clean (flatbed scans)" or (kind in IMAGE_KINDS and kind not in args.kinds):
            continue
        results["kinds"][kind] = {"files": len(files), **measured_in_fresh_process("bench.ocr_phases", files, SAMPLES.parent)}
    results["load_after"] = os.getloadavg()
    print(f"load average before {results['load_before'][0]:.2f}, after {results['load_after'][0]:.2f}")
    print("| kind | pages | CPU s/page | " + " | ".join(PHASES) + " |")
    print("|---|---|---|" + "---|" * len(PHASES))
    for kind, r in results["kinds"].items():
        print(f"| {kind} | {r['pages']} | {r['cpu_s_per_page']} | " + " | ".join(str(r["phases"][p]) for p in PHASES) + " |")
    print("\nrecogniser work per page (CPU s, crops, width in model heights), by phase:")
    for kind, r in results["kinds"].items():
        print(f"  {kind}: " + ", ".join(f"{k} {v}" for k, v in r["recogniser"].items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
