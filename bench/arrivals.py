"""Pages as they arrive: OCR time and peak memory per kind of damage, against clean pages.

    python -m bench.arrivals [--json OUT] [--repeat N] [--kinds KIND ...]

For each kind in samples/manifest.json that is read by OCR (seal_300dpi, photo_no_edge, handwriting,
seal_150dpi_grey, photo, fax_100dpi, fax_204x98) and for the clean baseline
(the same forms' digital PDFs read through the same OCR path, plus the
corpus' plain flatbed scan of 000_jiangmen), one fresh process reads every page of every
PDF of that kind with ``ocr_page`` and reports wall and CPU s/page and its
peak resident memory (a worker's peak: model, images, recognition batches).
Loading the recogniser and the word model of the fax re-spelling (once per
process, as a batch worker does) is left out of the timings.
Processes run one after another, so the ratios compare like with like on a
machine whose load may change; the load average is printed with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
IMAGE_KINDS = ("seal_300dpi", "seal_150dpi_grey", "photo", "photo_no_edge", "handwriting", "fax_100dpi",
               "fax_204x98")
#: Kinds read as coarse pages (their unsure name lines are re-spelt with the word model).
COARSE_KINDS = ("fax_100dpi", "fax_204x98")
DPI = 200
#: The corpus' plain flatbed scan used as the second clean baseline (4 pages, one turned 180°).
FLATBED = "pdf/000_jiangmen_scan.pdf"


def _files_by_kind() -> dict[str, list[str]]:
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = {"clean (same forms, digital via OCR)": [], "clean (flatbed scans)": []}
    for entry in manifest:
        kind = entry.get("kind")
        if kind in IMAGE_KINDS:
            groups.setdefault(kind, []).append(entry["file"])
        elif kind == "digital":
            groups["clean (same forms, digital via OCR)"].append(entry["file"])
        elif entry["variant"] == "scan" and entry["file"] == FLATBED:
            groups["clean (flatbed scans)"].append(entry["file"])
    return groups


def measure(files: list[str], repeat: int, words: bool = False) -> dict:
    """Run in a fresh process: OCR every page of ``files`` ``repeat`` times."""
    import pypdfium2 as pdfium

    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.extractors.ocr.name_decoding import word_model
    from jixiao.extractors.ocr.page_reader import ocr_page

    engine = get_engine()
    engine.read_crops([])  # model load outside the timings
    if words:
        word_model()  # so is the fax re-spelling's word model (~0.3 s once per process, as in a batch worker)
    pages, wall, cpu = 0, 0.0, 0.0
    for _ in range(repeat):
        for rel in files:
            pdf = pdfium.PdfDocument(str(SAMPLES / rel))
            for index in range(len(pdf)):
                t0, c0 = time.perf_counter(), time.process_time()
                ocr_page(pdf[index], index + 1, engine, dpi=DPI)
                wall += time.perf_counter() - t0
                cpu += time.process_time() - c0
                pages += 1
            pdf.close()
    return {"pages": pages, "wall_s_per_page": round(wall / max(pages, 1), 3),
            "cpu_s_per_page": round(cpu / max(pages, 1), 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.arrivals", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--kinds", nargs="*", help="only these kinds (the clean baselines always run)")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--words", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.repeat, args.words)))
        return 0
    results = {"load_before": os.getloadavg(), "kinds": {}}
    for kind, files in _files_by_kind().items():
        if not files or (args.kinds and kind in IMAGE_KINDS and kind not in args.kinds):
            continue
        words = ["--words"] if kind in COARSE_KINDS else []  # pages that are re-spelt load the word model
        out = subprocess.run([sys.executable, "-m", "bench.arrivals", "--repeat", str(args.repeat), *words, "--child", *files],
                             check=True, capture_output=True, text=True, cwd=SAMPLES.parent)
        results["kinds"][kind] = {"files": len(files), **json.loads(out.stdout.strip().splitlines()[-1])}
        print(kind, results["kinds"][kind], file=sys.stderr)
    results["load_after"] = os.getloadavg()
    base_cpu = results["kinds"].get("clean (same forms, digital via OCR)", {}).get("cpu_s_per_page")
    print(f"load average before {results['load_before'][0]:.2f}, after {results['load_after'][0]:.2f}")
    print("| kind | files | pages | wall s/page | CPU s/page | CPU × clean | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for kind, r in results["kinds"].items():
        ratio = f"{r['cpu_s_per_page'] / base_cpu:.2f}" if base_cpu else "n/a"
        print(f"| {kind} | {r['files']} | {r['pages']} | {r['wall_s_per_page']} | {r['cpu_s_per_page']} | {ratio} | {r['peak_rss_mb']} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
