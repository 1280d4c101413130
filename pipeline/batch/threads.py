"""How many threads each worker's libraries may use, and how many workers a batch gets.

A batch runs documents in parallel processes; inside each, ONNX Runtime (the OCR
models) and OpenCV start a thread per core by default. ``workers`` processes each
using every core oversubscribe the machine: on 2 cores a mixed digital + scanned
batch was *slower* with 2 workers than with 1, until each worker's recogniser was
limited to cores ÷ workers threads. The budget is handed to a worker through an
environment variable set before its OCR engine loads, so the engine (and any
library that reads the usual ``*_NUM_THREADS`` variables) sees it however it is
started (a pool worker, a Ray task, or this process).
"""
from __future__ import annotations

import os

#: Environment variable holding the thread budget of this process (threads per library pool).
THREADS_ENV = "JIXIAO_THREADS"
#: Memory one worker may need at peak with OCR (the recogniser's arena and a 200 dpi page):
#: the default worker count never plans more than the machine's memory holds.
WORKER_MEMORY_BYTES = 600 * 1024 * 1024
#: Variables other threaded libraries (OpenMP, BLAS) read at import time.
_LIBRARY_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def threads_per_worker(workers: int, cores: int | None = None) -> int:
    """cores ÷ workers, at least one: together the workers use each core once."""
    cores = cores or cpu_count()
    return max(1, cores // max(1, workers))


def default_workers(cores: int | None = None, memory_bytes: int | None = None) -> int:
    """One worker per core, as many as memory allows.

    Processes rather than threads: most of a document's work (pdfplumber, the
    assembly and validation code) is single-threaded Python, so only processes
    use more than one core for it; with the thread budget each worker's OCR
    session then gets one core's share and the workers no longer compete.
    """
    cores = cores or cpu_count()
    memory = memory_bytes if memory_bytes is not None else _available_memory()
    by_memory = max(1, memory // WORKER_MEMORY_BYTES) if memory else cores
    return max(1, min(cores, by_memory))


def _available_memory() -> int:
    """Bytes of memory available now (MemAvailable), 0 when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def apply_thread_budget(threads: int) -> None:
    """Set this process's budget: read by the OCR engine when it loads, applied to OpenCV now."""
    threads = max(1, int(threads))
    os.environ[THREADS_ENV] = str(threads)
    for name in _LIBRARY_ENVS:
        os.environ[name] = str(threads)
    import cv2

    cv2.setNumThreads(threads)


def thread_budget() -> int:
    """This process's budget: what :func:`apply_thread_budget` set, else every core (a lone process)."""
    try:
        return max(1, int(os.environ[THREADS_ENV]))
    except (KeyError, ValueError):
        return cpu_count()
