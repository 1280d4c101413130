"""OCR benchmark on the sample scans: speed, memory, field accuracy, routing accuracy.

    python -m bench.ocr_pages [--limit N] [--no-whole-page] [--ocr-runtime onnxruntime|openvino] [--json OUT]

* s/page of the table-aware reader (``jixiao.extractors.ocr.page_reader.ocr_page``) at 200 dpi,
  against whole-page RapidOCR (detection + recognition of the full render, the
  way RapidOCR is normally called, on its default runtime, ONNX Runtime) on the
  same pages in the same run; wall and CPU seconds both, since the machine may be
  shared. The table-aware reader runs on ``--ocr-runtime`` (default: ONNX
  Runtime, as ``jixiao extract``). Both are warmed on one page first
  (untimed): OpenVINO compiles its kernels for each input shape on first use;
* peak resident memory after the table-aware pass (before the whole-page pass);
* field accuracy of the pages read, assembled into forms and scored by the same
  scorer as ``jixiao eval`` (:mod:`jixiao.pipeline.evaluation.scorer`);
* routing accuracy over every page of every sample.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from jixiao.extractors.ocr.engine import OCR_RUNTIMES, get_engine
from jixiao.extractors.ocr.page_reader import ocr_page
from jixiao.extractors.ocr.raster import render_gray
from jixiao.models import Document
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.pipeline.evaluation.scorer import evaluate_tables
from jixiao.pipeline.outputs.tables import build_tables
from jixiao.pipeline.process import finish_forms
from jixiao.pipeline.settings import ExtractOptions
from jixiao.extractors.routing import common_characters, plausible_bigrams, route_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DPI = 200


@dataclass
class Timing:
    pages: int = 0
    wall: float = 0.0
    cpu: float = 0.0

    def add(self, wall: float, cpu: float) -> None:
        self.pages += 1
        self.wall += wall
        self.cpu += cpu

    def per_page(self) -> dict[str, float]:
        n = max(self.pages, 1)
        return {"wall_s_per_page": round(self.wall / n, 3), "cpu_s_per_page": round(self.cpu / n, 3)}


@dataclass
class Report:
    runtime: str = ""
    load_average: tuple = ()
    table_aware: dict = field(default_factory=dict)
    whole_page: dict = field(default_factory=dict)
    peak_rss_mb_table_aware: float = 0.0
    field_accuracy: dict = field(default_factory=dict)
    routing: dict = field(default_factory=dict)


def _timed(fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def routing_accuracy(manifest: list[dict]) -> dict:
    plausible_bigrams()  # load the tables once, outside the per-page timings
    common_characters()
    correct = total = 0
    wrong = []
    slowest = 0.0
    for entry in manifest:
        if "kind" in entry:  # font-lie twins: decided by the glyph check (bench/fonts.py), not by pairs alone
            continue
        pdf = pdfium.PdfDocument(SAMPLES / entry["file"])
        for index in range(len(pdf)):
            page_no = index + 1
            expected = "ocr" if entry["text_layer"] == "none" or page_no in entry["lying_pages"] else "text"
            route, wall, _ = _timed(route_page, pdf[index])
            slowest = max(slowest, wall)
            total += 1
            if route.route == expected:
                correct += 1
            else:
                wrong.append(f"{entry['file']} p{page_no}: {route.reason}")
    return {"correct": correct, "pages": total, "accuracy": round(correct / max(total, 1), 4),
            "slowest_ms": round(slowest * 1000, 1), "wrong": wrong}


def _document(name: str, pages: list) -> Document:
    """The pages read, assembled, mapped and re-scored as the pipeline would."""
    doc = Document(source_file=name, pages=len(pages), forms=assemble_forms(pages, name))
    finish_forms(doc, ExtractOptions())
    return doc


def _field_counts(forms: list[dict]) -> dict:
    exact = sum(f["fields"][k][0] for f in forms for k in f["fields"])
    fields = sum(f["fields"][k][1] for f in forms for k in f["fields"])
    return {"accuracy": round(exact / max(fields, 1), 4), "exact": exact, "fields": fields}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="OCR at most this many scan pages (0: all)")
    parser.add_argument("--no-whole-page", action="store_true", help="skip the whole-page RapidOCR comparison")
    parser.add_argument("--ocr-runtime", choices=OCR_RUNTIMES, default="onnxruntime",
                        help="runtime of the table-aware reader's recogniser (default: jixiao's default)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()

    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    scans = [e for e in manifest if e["variant"] == "scan"]
    engine = get_engine("rapidocr", args.ocr_runtime)
    report = Report(runtime=args.ocr_runtime)
    report.routing = routing_accuracy(manifest)
    first = pdfium.PdfDocument(SAMPLES / scans[0]["file"])[0]
    ocr_page(first, 1, engine, DPI)  # warm: kernels compiled, arenas grown

    timing, read, docs = Timing(), [], []
    for entry in scans:
        pdf = pdfium.PdfDocument(SAMPLES / entry["file"])
        pages = []
        for index in range(len(pdf)):
            if args.limit and timing.pages >= args.limit:
                break
            content, wall, cpu = _timed(ocr_page, pdf[index], index + 1, engine, DPI)
            timing.add(wall, cpu)
            pages.append(content)
            read.append((entry["file"], index))
        docs.append(_document(Path(entry["file"]).name, pages))
    report.table_aware = {"pages": timing.pages, "dpi": DPI, **timing.per_page()}
    report.peak_rss_mb_table_aware = round(_peak_rss_mb(), 1)
    scored = evaluate_tables(build_tables(docs), SAMPLES / "truth", SAMPLES / "manifest.json")
    per_doc = {f["file"]: _field_counts(f["forms"]) for f in scored["files"]}
    correct = sum(d["exact"] for d in per_doc.values())
    total = sum(d["fields"] for d in per_doc.values())
    report.field_accuracy = {"accuracy": round(correct / max(total, 1), 4), "fields": total, "documents": per_doc}

    if not args.no_whole_page:
        whole_engine = get_engine("rapidocr", "onnxruntime")  # loaded after the memory figure above
        whole_engine.recognize(render_gray(first, DPI))  # warm
        whole = Timing()
        for file, index in read:
            page = pdfium.PdfDocument(SAMPLES / file)[index]
            _, wall, cpu = _timed(lambda p: whole_engine.recognize(render_gray(p, DPI)), page)
            whole.add(wall, cpu)
        report.whole_page = {"pages": whole.pages, "dpi": DPI, **whole.per_page()}

    report.load_average = tuple(round(v, 1) for v in os.getloadavg())
    print(f"recogniser runtime: {report.runtime}; load average {report.load_average}")
    print(f"routing: {report.routing['correct']}/{report.routing['pages']} pages right, "
          f"slowest {report.routing['slowest_ms']} ms")
    print(f"table-aware OCR: {report.table_aware}")
    if report.whole_page:
        print(f"whole-page RapidOCR: {report.whole_page}")
    print(f"peak RSS after table-aware pass: {report.peak_rss_mb_table_aware} MB")
    print(f"field accuracy on scans: {report.field_accuracy['accuracy']} of {report.field_accuracy['fields']} fields")
    for name, doc in per_doc.items():
        print(f"  {name}: {doc['accuracy']} ({doc['fields']} fields, {doc['fields'] - doc['exact']} wrong)")
    if args.json:
        args.json.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
