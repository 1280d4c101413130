"""Font verification benchmark: what the glyph check costs honest documents, what it saves lying ones.

    python -m bench.fonts [--rounds N] [--json OUT]

* **overhead**: whole-process wall and CPU time of ``jixiao extract`` on each honest
  digital sample, with ``--verify-fonts`` against ``--no-verify-fonts``, the two
  interleaved in the same run (one child process per run, ``--workers 0``), plus
  one batch of all honest samples per mode; the ratio is what the check adds;
* **lying pages**: s/page of reading each lying sample with its fonts repaired
  (the text path with read glyphs) against the OCR route (``--ocr always``) on the
  same pages, in the same process and run, engines loaded beforehand (load times
  are reported apart);
* **detection and accuracy per kind and split**: lying pages found, honest pages
  flagged, and ``jixiao eval`` fields exact of the repaired documents, tune and
  holdout separately.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium

from jixiao.extractors.pages import ReadOptions, read_pages

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
JIXIAO = Path(sys.executable).with_name("jixiao")
#: The issue's target: the check costs an honest document at most 15 % more time, whole process.
TARGET_RATIO = 1.15


def _manifest() -> list[dict]:
    """The PDF entries of the manifest (the xlsx/docx/image format twins have no fonts to check)."""
    entries = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    return [e for e in entries if e["file"].endswith(".pdf")]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_extract(files: list[Path], verify: bool, binary: Path = JIXIAO) -> tuple[float, float]:
    """Wall and CPU seconds of one `jixiao extract` process over `files`."""
    flag = "--verify-fonts" if verify else "--no-verify-fonts"
    with tempfile.TemporaryDirectory(prefix="bench-fonts-") as out:
        cpu, wall = _child_cpu(), time.perf_counter()
        subprocess.run([str(binary), "extract", *map(str, files), "--out", out, "--workers", "0",
                        "--no-report", "--quiet", flag], check=True, capture_output=True)
        return time.perf_counter() - wall, _child_cpu() - cpu


def overhead(rounds: int, binary: Path = JIXIAO, batch_too: bool = True, only: list[str] | None = None) -> dict:
    """Same-run, interleaved: each honest document alone, then all of them in one batch."""
    honest = _honest(only)
    per_doc: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _ in range(rounds):
        for path in honest:
            for verify in (False, True):  # alternate so load drifts hit both alike
                wall, cpu = _run_extract([path], verify, binary)
                print(f"{binary} {path.name} verify={verify} {wall:.2f} s wall {cpu:.2f} s CPU", file=sys.stderr, flush=True)
                per_doc[path.name][f"wall_{verify}"].append(wall)
                per_doc[path.name][f"cpu_{verify}"].append(cpu)
    docs = {}
    for name, runs in per_doc.items():
        off, on = statistics.median(runs["wall_False"]), statistics.median(runs["wall_True"])
        coff, con = statistics.median(runs["cpu_False"]), statistics.median(runs["cpu_True"])
        docs[name] = {"wall_off": round(off, 3), "wall_on": round(on, 3), "wall_ratio": round(on / off, 3),
                      "cpu_off": round(coff, 3), "cpu_on": round(con, 3), "cpu_ratio": round(con / coff, 3)}
    summary = {
        "per_document": docs,
        "median_wall_ratio": round(statistics.median(d["wall_ratio"] for d in docs.values()), 3),
        "max_wall_ratio": max(d["wall_ratio"] for d in docs.values()),
        "over_target_wall": sum(d["wall_ratio"] > TARGET_RATIO for d in docs.values()),
        "median_cpu_ratio": round(statistics.median(d["cpu_ratio"] for d in docs.values()), 3),
        "median_wall_on": round(statistics.median(d["wall_on"] for d in docs.values()), 3),
        "median_wall_off": round(statistics.median(d["wall_off"] for d in docs.values()), 3),
    }
    if not batch_too:
        return summary
    return {**summary, "batch": batch_overhead(rounds, binary, only)}


def _honest(only: list[str] | None = None) -> list[Path]:
    honest = [SAMPLES / e["file"] for e in _manifest() if e["variant"] == "digital"]
    return [p for p in honest if p.stem in only] if only else honest


def batch_overhead(rounds: int, binary: Path = JIXIAO, only: list[str] | None = None) -> dict:
    """All the honest documents in one process, check on and off alternated (medians of ``rounds``)."""
    honest = _honest(only)
    batch = defaultdict(list)
    for _ in range(rounds):
        for verify in (False, True):
            wall, cpu = _run_extract(honest, verify, binary)
            print(f"{binary} batch of {len(honest)} verify={verify} {wall:.2f} s wall {cpu:.2f} s CPU",
                  file=sys.stderr, flush=True)
            batch[f"wall_{verify}"].append(wall)
            batch[f"cpu_{verify}"].append(cpu)
    b_off, b_on = statistics.median(batch["wall_False"]), statistics.median(batch["wall_True"])
    c_off, c_on = statistics.median(batch["cpu_False"]), statistics.median(batch["cpu_True"])
    return {"files": len(honest), "wall_off": round(b_off, 3), "wall_on": round(b_on, 3),
            "wall_ratio": round(b_on / b_off, 3), "cpu_off": round(c_off, 3), "cpu_on": round(c_on, 3),
            "cpu_ratio": round(c_on / c_off, 3)}


def _timed_read(path: Path, options: ReadOptions):
    pdf = pdfium.PdfDocument(path)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        pages = read_pages(pdf, path, options)
        return pages, time.perf_counter() - wall, time.process_time() - cpu
    finally:
        pdf.close()


def load_times() -> dict:
    """First-use cost of the glyph screen and reader (recognition models only) and of the full OCR engine."""
    from jixiao.extractors.fonts.reader import get_reader, get_screen
    from jixiao.extractors.ocr.engine import get_engine

    start = time.perf_counter()
    get_screen()
    screen = time.perf_counter() - start
    start = time.perf_counter()
    get_reader()
    reader = time.perf_counter() - start
    start = time.perf_counter()
    get_engine()
    engine = time.perf_counter() - start
    return {"glyph_screen_s": round(screen, 3), "glyph_reader_s": round(reader, 3), "ocr_engine_s": round(engine, 3)}


def lying_pages(entries: list[dict]) -> dict:
    """Repaired text path against the OCR route on the same lying documents, same run."""
    repaired_wall = repaired_cpu = ocr_wall = ocr_cpu = 0.0
    pages = 0
    detection = defaultdict(lambda: {"lying_pages": 0, "found": 0, "repaired": 0, "honest_pages": 0, "flagged": 0})
    for entry in entries:
        path = SAMPLES / entry["file"]
        content, wall, cpu = _timed_read(path, ReadOptions())
        _, o_wall, o_cpu = _timed_read(path, ReadOptions(ocr="always"))
        repaired_wall, repaired_cpu, ocr_wall, ocr_cpu = (
            repaired_wall + wall, repaired_cpu + cpu, ocr_wall + o_wall, ocr_cpu + o_cpu)
        pages += len(content)
        key = f"{entry.get('kind', 'document_cycle')}/{entry.get('split', 'seed')}"
        for page in content:
            lying = any(c.lying for c in page.fonts)
            stats = detection[key]
            if page.page in entry["lying_pages"]:
                stats["lying_pages"] += 1
                stats["found"] += lying
                stats["repaired"] += any(c.outcome == "repaired" for c in page.fonts)
            else:
                stats["honest_pages"] += 1
                stats["flagged"] += lying
    return {
        "pages": pages,
        "repaired_s_per_page": {"wall": round(repaired_wall / pages, 3), "cpu": round(repaired_cpu / pages, 3)},
        "ocr_route_s_per_page": {"wall": round(ocr_wall / pages, 3), "cpu": round(ocr_cpu / pages, 3)},
        "speedup_wall": round(ocr_wall / repaired_wall, 2),
        "detection": dict(sorted(detection.items())),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def honest_flags(entries: list[dict]) -> dict:
    """Honest documents (digital twins, traditional, Kangxi): pages whose fonts were judged lying."""
    out = {}
    for entry in entries:
        content, wall, _ = _timed_read(SAMPLES / entry["file"], ReadOptions())
        out[Path(entry["file"]).name] = {
            "pages": len(content), "flagged": sum(any(c.lying for c in p.fonts) for p in content),
            "text_route": sum(p.method == "text" for p in content),
            "glyphs_read": sum(c.checked for p in content for c in p.fonts), "read_s": round(wall, 3)}
    return out


def accuracy(entries: list[dict]) -> dict:
    """`jixiao eval` fields exact of the lying documents, per kind and split."""
    from jixiao.pipeline.api import extract
    from jixiao.pipeline.evaluation.scorer import evaluate_output
    from jixiao.pipeline.outputs.files import write_tables

    result = extract(*(SAMPLES / e["file"] for e in entries))
    with tempfile.TemporaryDirectory(prefix="bench-fonts-eval-") as out:
        write_tables(result.tables, Path(out))
        report = evaluate_output(Path(out), SAMPLES / "truth", SAMPLES / "manifest.json")
    by_file = {Path(e["file"]).name: e for e in entries}
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for f in report["files"]:
        entry = by_file.get(f["file"])
        if entry is None:
            continue
        for key in (entry.get("split", "seed"), f"{entry.get('kind', 'document_cycle')}/{entry.get('split', 'seed')}"):
            g = groups[key]
            for form in f["forms"]:
                g[0] += sum(v[0] for v in form["fields"].values())
                g[1] += sum(v[1] for v in form["fields"].values())
                g[2] += form["stated_total"]["exact"]
                g[3] += 1
    return {k: {"fields_exact": round(v[0] / v[1], 4) if v[1] else None, "fields": v[1],
                "totals_exact": f"{v[2]}/{v[3]}"} for k, v in sorted(groups.items())}


def _per_document_summary(name: str, runs: list[dict]) -> dict:
    """Over rounds of :func:`overhead`: per document the median ratio, then their median, how many
    exceed the target and the worst."""
    ratios = {kind: {d: statistics.median(r["per_document"][d][f"{kind}_ratio"] for r in runs)
                     for d in runs[0]["per_document"]} for kind in ("wall", "cpu")}
    out = {}
    for kind, per_doc in ratios.items():
        worst = max(per_doc, key=per_doc.get)
        out[f"{name}_median_{kind}_ratio"] = round(statistics.median(per_doc.values()), 3)
        out[f"{name}_over_target_{kind}"] = sum(v > TARGET_RATIO for v in per_doc.values())
        out[f"{name}_worst_{kind}"] = [worst, round(per_doc[worst], 3)]
    return out


def _batch_summary(name: str, runs: list[dict]) -> dict:
    """Over rounds of :func:`batch_overhead`: the median times with and without the check and their ratios."""
    med = {k: statistics.median(r[k] for r in runs) for k in ("wall_off", "wall_on", "cpu_off", "cpu_on")}
    return {f"{name}_batch": {**{k: round(v, 3) for k, v in med.items()},
                              "wall_ratio": round(med["wall_on"] / med["wall_off"], 3),
                              "cpu_ratio": round(med["cpu_on"] / med["cpu_off"], 3), "rounds": len(runs)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="repeats of each overhead measurement")
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--only-overhead", action="store_true", help="the one-document-per-process overhead only")
    parser.add_argument("--compare-with", type=Path, help="another jixiao executable: its overhead too, same rounds")
    parser.add_argument("--files", nargs="+", help="overhead on these honest samples only (names without .pdf)")
    parser.add_argument("--batch", action="store_true",
                        help="with --only-overhead: also all the honest samples in one process, per executable")
    args = parser.parse_args()
    if args.only_overhead:
        report = {"load_average": [round(v, 2) for v in os.getloadavg()]}
        for _ in range(args.rounds):  # alternate whole rounds of the two executables
            for name, binary in (("this", JIXIAO), ("other", args.compare_with)):
                if binary:
                    report.setdefault(name, []).append(overhead(1, binary, batch_too=False, only=args.files))
                    if args.batch:
                        report.setdefault(f"{name}_batch_runs", []).append(batch_overhead(1, binary, args.files))
        for name in ("this", "other"):
            if name in report:
                report.update(_per_document_summary(name, report[name]))
            if f"{name}_batch_runs" in report:
                report.update(_batch_summary(name, report[f"{name}_batch_runs"]))
        report["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
        print(json.dumps({k: v for k, v in report.items() if k not in ("this", "other", "this_batch_runs", "other_batch_runs")}))
        if args.json:
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    manifest = _manifest()
    lying = [e for e in manifest if e["variant"] == "lying"]
    honest = [e for e in manifest if e["variant"] == "digital"]
    report = {"load_average": [round(v, 2) for v in os.getloadavg()]}
    sections = [("load", load_times), ("honest", lambda: honest_flags(honest)), ("lying", lambda: lying_pages(lying)),
                ("accuracy", lambda: accuracy(lying))]
    if not args.skip_overhead:
        sections.append(("overhead", lambda: overhead(args.rounds)))
    for name, measure in sections:
        report[name] = measure()
        print(json.dumps({name: report[name]}, ensure_ascii=False), flush=True)  # partial results survive a kill
    report["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
