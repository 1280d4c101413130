"""Documents per second per worker for spreadsheet and Word inputs (the whole per-document work).

    .venv/bin/python -m bench.formats_speed [--rounds 10] [--variants xlsx,docx]

Runs :func:`jixiao.pipeline.process.process_document` (read, assemble, map,
validate) in this process on every xlsx/xls/docx sample, ``--rounds`` times after
one warm-up round (imports and the schema load are a worker's start-up, not
per-document work), and the digital PDFs of the same documents the same way for
comparison. Wall-clock and CPU time per document are both printed with the load
average: on a shared machine the CPU figure is the steadier one.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def files_by_variant() -> dict[str, list[Path]]:
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    out: dict[str, list[Path]] = {}
    for entry in manifest:
        if entry["variant"] in ("xlsx", "xls", "docx", "digital"):
            out.setdefault(entry["variant"], []).append(SAMPLES / entry["file"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--variants", default="xlsx,xls,docx,digital",
                        help="comma-separated inputs to time (manifest variants)")
    args = parser.parse_args(argv)
    from jixiao.extractors.pages import ReadOptions
    from jixiao.pipeline.process import ExtractOptions, process_document

    options = ExtractOptions(read=ReadOptions(ocr="never"))
    wanted = args.variants.split(",")
    groups = {v: paths for v, paths in files_by_variant().items() if v in wanted}
    for paths in groups.values():  # warm-up: imports, schema, mapper
        for path in paths:
            process_document(path, path.name, options)
    print(f"load average at start {os.getloadavg()[0]:.1f}\n")
    print("| input | files | documents | wall s/doc | CPU s/doc | docs/s (wall) | docs/s (CPU) | status |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for variant, paths in groups.items():
        wall0, cpu0 = time.perf_counter(), time.process_time()
        statuses = set()
        for _ in range(args.rounds):
            for path in paths:
                statuses.add(process_document(path, path.name, options).status)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        n = args.rounds * len(paths)
        print(f"| {variant} | {len(paths)} | {n} | {wall / n:.4f} | {cpu / n:.4f} | {n / wall:.1f} | {n / cpu:.1f} | "
              f"{','.join(sorted(statuses))} |")
    print(f"\nload average at end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
