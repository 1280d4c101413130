"""How many worker processes a batch gets, and each one's share of the cores.

A batch runs documents in parallel processes; each worker's threaded libraries
get cores ÷ workers threads (:mod:`jixiao.extractors.thread_budget`), so the
workers together use each core once instead of each using all of them.
"""
from __future__ import annotations

from jixiao.extractors.thread_budget import cpu_count

#: Memory one worker may need at peak with OCR (the recogniser's arena and a 200 dpi page):
#: the default worker count never plans more than the machine's memory holds.
WORKER_MEMORY_BYTES = 600 * 1024 * 1024


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
