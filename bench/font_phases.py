"""Where the font check's CPU time goes on honest digital documents, phase by phase.

    python -m bench.font_phases [--files NAME ...] [--json OUT]

One fresh process reads the honest digital samples (``variant`` digital in samples/manifest.json,
or the ``--files`` named) one after the other with the font check, as a batch of ``jixiao extract``
does, and splits the check's CPU time into:

* once per process: ``import onnxruntime``, and ``sessions`` (a recogniser's ONNX Runtime session
  with its character index: the screen's, and the small model's where a glyph needs it);
* per page: ``listing`` (the text layer's glyphs and their fonts), ``visibility`` (which glyphs
  show: clips, seal pictures), ``sampling`` (implausible pairs, the sample, the cutter's scale),
  ``outlines`` (the outline each sampled glyph is drawn with, from the document's font programs and
  /ToUnicode maps: :mod:`extractors.fonts.outlines`), ``cuts`` (glyph regions rendered by pdfium), ``crop preparation`` (cuts resized into line crops,
  normalised), ``recogniser runs`` (ONNX Runtime), ``rest`` (the readings taken from the runs'
  output, judgements, bookkeeping);

against the CPU time of reading the same pages whole (routing, the check, the text reader).
The check runs on the main thread here: the screen is loaded before the pages are read, timed as
its own phase, instead of in the background thread ``jixiao extract`` starts for it.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench.phase_timer import PhaseTimer, answered_as_child, measured_in_fresh_process, phase_arguments

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ONCE = ("import onnxruntime", "sessions")
PER_PAGE = ("listing", "visibility", "sampling", "outlines", "cuts", "crop preparation", "recogniser runs", "rest")


def honest_files(only: list[str] | None = None) -> list[str]:
    """The honest digital samples (paths under samples/), or those of them named in ``only``."""
    entries = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    files = [e["file"] for e in entries if e["file"].endswith(".pdf") and e["variant"] == "digital"]
    return [f for f in files if Path(f).stem in only] if only else files


def measure(files: list[str]) -> dict:
    """Run in a fresh process: the check's CPU by phase over every page of ``files``, in ms."""
    import pypdfium2 as pdfium

    from jixiao.extractors.pages import ReadOptions, read_pages_checked  # numpy and the pipeline, loaded anyway

    c0 = time.process_time()
    import onnxruntime  # its import is the check's own
    imported = time.process_time() - c0

    from jixiao.extractors import pages as page_reading
    from jixiao.extractors.fonts import glyphs, outlines, reader, verify

    timer = PhaseTimer("outside the check")
    pages, documents, whole = 0, 0, 0.0
    try:
        # patched inside the try: a function renamed since leaves the ones already patched restored
        timer.time(reader.GlyphReader, "__init__", "sessions")
        timer.time(verify.FontVerifier, "check_page", "rest")
        timer.time(glyphs.PageGlyphs, "__init__", "listing")
        timer.time(glyphs.PageGlyphs, "shown", "visibility")
        timer.time(verify, "picture_boxes", "visibility")
        timer.time(verify, "suspicion", "sampling")
        timer.time(verify, "choose_sample", "sampling")
        timer.time(verify._PageCutter, "__init__", "sampling")
        timer.time(outlines.DocumentFonts, "outline", "outlines")
        timer.time(verify._PageCutter, "cut_box", "cuts")
        timer.time(reader, "line_crop", "crop preparation")
        timer.time(reader, "_normalise", "crop preparation")
        timer.time(onnxruntime.InferenceSession, "run", "recogniser runs")
        timer.keep(page_reading, "READ_TEXT_DURING_CHECK", page_reading.READ_TEXT_DURING_CHECK)
        page_reading.READ_TEXT_DURING_CHECK = False  # the phases are timed on one thread: no text read beside the runs
        reader.get_screen()  # loaded first, as the background loader would
        options = ReadOptions()
        for rel in files:
            path = SAMPLES / rel
            pdf = pdfium.PdfDocument(str(path))
            try:
                c0 = time.process_time()
                read, _ = read_pages_checked(pdf, path, options)
                whole += time.process_time() - c0
                pages += len(read)
                documents += 1
            finally:
                pdf.close()
    finally:
        timer.restore()
    cpu = timer.cpu
    per_page = {p: round(1000 * cpu[p] / max(pages, 1), 2) for p in PER_PAGE}
    return {"documents": documents, "pages": pages,
            "once_ms": {"import onnxruntime": round(1000 * imported, 1), "sessions": round(1000 * cpu["sessions"], 1)},
            "check_ms_per_page": round(sum(per_page.values()), 2), "phases_ms_per_page": per_page,
            "check_ms_per_document": round(1000 * sum(cpu[p] for p in PER_PAGE) / max(documents, 1), 2),
            "reading_ms_per_page": round(1000 * whole / max(pages, 1), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.font_phases", description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", help="these honest samples only (names without .pdf)")
    phase_arguments(parser)
    args = parser.parse_args(argv)
    if answered_as_child(args, measure):
        return 0
    load_before = os.getloadavg()
    result = {"load_before": load_before,
              **measured_in_fresh_process("bench.font_phases", honest_files(args.files), SAMPLES.parent),
              "load_after": os.getloadavg()}
    print(f"load average before {result['load_before'][0]:.2f}, after {result['load_after'][0]:.2f}; "
          f"{result['documents']} documents, {result['pages']} pages")
    print("once per process (CPU ms): " + ", ".join(f"{k} {v}" for k, v in result["once_ms"].items()))
    print(f"the check: {result['check_ms_per_page']} CPU ms a page, {result['check_ms_per_document']} a document; "
          f"reading a page whole with it {result['reading_ms_per_page']}")
    print("| " + " | ".join(PER_PAGE) + " |\n|" + "---|" * len(PER_PAGE))
    print("| " + " | ".join(str(result["phases_ms_per_page"][p]) for p in PER_PAGE) + " |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
