"""Report page pictures: CPU per page of the old way (PIL quantize, PNG level 6) against the current one.

    .venv/bin/python -m bench.pictures [--rounds 2]

Every page of the digital samples is rendered once per round at the report's
resolution; both ways then make and save (in memory) the same 16-grey picture,
timed with ``time.process_time`` (CPU seconds, which a loaded machine disturbs
far less than wall time). Prints one line with the ratio and the bytes.
"""
from __future__ import annotations

import argparse
import io
import os
import time

import pypdfium2 as pdfium

from jixiao.pipeline.outputs.report.pictures import DPI, PNG_COMPRESS_LEVEL, _sixteen_grays
from bench.users import SAMPLES


def _quantized_png(pil) -> bytes:
    """What the report did before: PIL's palette search, then zlib level 6."""
    out = io.BytesIO()
    pil.point(lambda v: (v // 16) * 17).quantize(16, method=2, dither=0).save(out, format="PNG", bits=4,
                                                                             compress_level=6)
    return out.getvalue()


def _palette_png(gray) -> bytes:
    out = io.BytesIO()
    _sixteen_grays(gray).save(out, format="PNG", bits=4, compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    files = sorted(p for p in (SAMPLES / "pdf").glob("*.pdf") if not p.stem.endswith(("_scan", "_lying")))
    cpu = {"render": 0.0, "old": 0.0, "new": 0.0}
    size = {"old": 0, "new": 0}
    pages = 0
    for _ in range(args.rounds):
        for path in files:
            pdf = pdfium.PdfDocument(str(path))
            for index in range(len(pdf)):
                started = time.process_time()
                bitmap = pdf[index].render(scale=DPI / 72, grayscale=True)
                gray, pil = bitmap.to_numpy(), bitmap.to_pil()
                cpu["render"] += time.process_time() - started
                for way, make, image in (("old", _quantized_png, pil), ("new", _palette_png, gray)):
                    started = time.process_time()
                    size[way] += len(make(image))
                    cpu[way] += time.process_time() - started
                pages += 1
            pdf.close()
    ms = {k: v / pages * 1000 for k, v in cpu.items()}
    print(f"{pages} page pictures ({args.rounds} rounds over {len(files)} digital samples), CPU ms/page: "
          f"render {ms['render']:.1f}; quantize + PNG level 6 {ms['old']:.1f}; numpy palette + PNG level "
          f"{PNG_COMPRESS_LEVEL} {ms['new']:.1f} ({cpu['new'] / cpu['old']:.2f}×); whole picture "
          f"{(ms['render'] + ms['new']) / (ms['render'] + ms['old']):.2f}×; bytes/page {size['old'] / pages:.0f} → "
          f"{size['new'] / pages:.0f} ({size['new'] / size['old']:.2f}×); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
