"""Time one worker process: wall clock, CPU seconds and peak memory of that process alone.

``/usr/bin/time -v`` is used where it exists (its figures are what people
quote); otherwise ``os.wait4`` gives the same rusage for exactly that child
(``RUSAGE_CHILDREN`` would report the largest child so far, not this one).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")


@dataclass
class Measurement:
    wall: float
    cpu: float
    max_rss_mb: float
    #: The worker's own JSON record (pages, read_seconds, ...).
    record: dict


class WorkerFailed(RuntimeError):
    """A worker exited non-zero; the message carries the end of its stderr."""


def _gnu_time_value(report: str, label: str) -> str:
    match = re.search(rf"^\s*{re.escape(label)}.*?:\s*(\S+)\s*$", report, re.MULTILINE)
    if not match:
        raise WorkerFailed(f"/usr/bin/time printed no '{label}'")
    return match.group(1)


def _clock_seconds(text: str) -> float:
    """'1:02.35' or '0:01:02' → seconds."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def _last_json_line(path: Path) -> dict:
    for line in reversed(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise WorkerFailed(f"no result record in {path}")


def run_worker(tool: str, out_dir: Path, files: list[Path], log_dir: Path) -> Measurement:
    """Run ``python -m bench.worker`` once and measure it."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path, time_path = (log_dir / f"{tool}.{kind}" for kind in ("out", "err", "time"))
    command = [sys.executable, "-m", "bench.worker", tool, str(out_dir), *map(str, files)]
    use_gnu_time = GNU_TIME.exists()
    if use_gnu_time:
        command = [str(GNU_TIME), "-v", "-o", str(time_path), *command]
    with stdout_path.open("w") as stdout, stderr_path.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=Path(__file__).resolve().parents[1])
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = stderr_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise WorkerFailed(f"{tool} exited {process.returncode}:\n{tail}")
    if use_gnu_time:
        report = time_path.read_text()
        wall = _clock_seconds(_gnu_time_value(report, "Elapsed (wall clock) time"))
        cpu = float(_gnu_time_value(report, "User time (seconds)")) + float(_gnu_time_value(report, "System time (seconds)"))
        rss_kb = float(_gnu_time_value(report, "Maximum resident set size (kbytes)"))
    else:
        cpu = usage.ru_utime + usage.ru_stime
        rss_kb = float(usage.ru_maxrss)
    return Measurement(wall=wall, cpu=cpu, max_rss_mb=rss_kb / 1024, record=_last_json_line(stdout_path))
