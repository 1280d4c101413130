"""A 10,000-entry zip of small files through `jixiao extract`: memory must stay flat.

    .venv/bin/python -m bench.archive_memory [--entries 10000] [--workers 1] [--keep DIR]

The zip is made from the xlsx samples: every member is a distinct copy (its
zip comment carries the member number, so each has its own sha256
and the catalog cannot serve one from another), one in ten a short text note
(an unsupported file, accounted for as failed). The CLI runs in a subprocess;
this script samples the resident memory of it and of its worker processes from
/proc every half second and prints it against the documents finished, so growth
with the number of documents processed would show. Output: a markdown table.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMATS = REPO / "samples" / "formats"
SOURCES = ("003_zengcheng.xlsx", "004_haizhu.xlsx", "000_jiangmen.xlsx")
PROGRESS = re.compile(r"\[(\d+)/(\d+)\]")


def distinct_xlsx(parts: dict[str, bytes], n: int) -> bytes:
    """The workbook with the member number as its zip comment: same sheets, different bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        z.comment = f"copy {n}".encode()
    return out.getvalue()


def make_zip(path: Path, entries: int, form_every: int = 1) -> dict[str, int]:
    sources = []
    for name in SOURCES:
        with zipfile.ZipFile(FORMATS / name) as z:
            sources.append((name, {n: z.read(n) for n in z.namelist()}))
    counts = {"xlsx": 0, "txt": 0}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for n in range(entries):
            folder = f"单位{n // 500:02d}"
            if n % 10 == 9 or n % form_every:
                bundle.writestr(f"{folder}/说明{n:05d}.txt", f"附件{n}：绩效自评材料清单\n".encode())
                counts["txt"] += 1
                continue
            name, parts = sources[n % len(sources)]
            bundle.writestr(f"{folder}/{n:05d}_{name}", distinct_xlsx(parts, n))
            counts["xlsx"] += 1
    return counts


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def run(zip_path: Path, out: Path, workers: int) -> dict:
    cmd = [str(Path(sys.executable).with_name("jixiao")), "extract", str(zip_path), "--out", str(out),
           "--workers", str(workers), "--quiet", "--no-report"]
    log = out.with_suffix(".log")
    started = time.perf_counter()
    samples = []  # (seconds, done, parent MB, largest worker MB)
    with log.open("w") as handle:
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, cwd=REPO)
        done = 0
        while proc.poll() is None:
            time.sleep(0.5)
            for match in PROGRESS.finditer(log.read_text(errors="replace")[-4000:]):
                done = max(done, int(match.group(1)))
            workers_mb = [rss_mb(c) for c in children(proc.pid)]
            samples.append((time.perf_counter() - started, done, rss_mb(proc.pid), max(workers_mb, default=0.0)))
            with out.with_suffix(".rss.csv").open("a") as trace:  # kept as it goes: a long run can be read early
                trace.write("%.1f,%d,%.1f,%.1f\n" % samples[-1])
    return {"seconds": time.perf_counter() - started, "samples": samples, "returncode": proc.returncode,
            "load": os.getloadavg()[0], "log": log}


def at_fraction(samples: list[tuple], total: int, fraction: float) -> tuple:
    """The peak memory seen up to the moment ``fraction`` of the documents were done."""
    upto = [s for s in samples if s[1] <= fraction * total] or samples[:1]
    return max(s[2] for s in upto), max(s[3] for s in upto)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--form-every", type=int, default=1, help="every n-th entry a form, the rest text notes")
    parser.add_argument("--keep", type=Path, help="keep the zip and outputs here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-zip-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        zip_path = base / "bundle.zip"
        counts = make_zip(zip_path, args.entries, args.form_every)
        result = run(zip_path, base / "out", args.workers)
        samples, total = result["samples"], args.entries
        print(f"{args.entries} entries ({counts['xlsx']} xlsx, {counts['txt']} txt), zip {zip_path.stat().st_size / 1e6:.1f} MB, "
              f"{args.workers} worker(s), {result['seconds']:.0f} s ({args.entries / result['seconds']:.1f} entries/s), "
              f"exit {result['returncode']}, load average at end {result['load']:.1f}\n")
        print("| documents done | parent peak RSS MB | worker peak RSS MB |")
        print("|---:|---:|---:|")
        for fraction in (0.01, 0.1, 0.25, 0.5, 0.75, 1.0):
            parent, worker = at_fraction(samples, total, fraction)
            print(f"| {int(fraction * total)} | {parent:.0f} | {worker:.0f} |")
        print(f"| end (tables written) | {max(s[2] for s in samples):.0f} | {max(s[3] for s in samples):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
