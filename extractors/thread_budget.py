"""How many threads this process's threaded libraries may use: its thread budget.

ONNX Runtime (the OCR models) and OpenCV start a thread per core by default.
Parallel worker processes each doing that oversubscribe the machine: on 2 cores
a mixed digital + scanned batch was *slower* with 2 workers than with 1, until
each worker's recogniser was limited to cores ÷ workers threads. The batch sets
a worker's budget (:func:`apply_thread_budget`) through an environment variable
before its OCR engine loads; the engine reads it (:func:`thread_budget`) however
the process was started (a pool worker, a Ray task, or a lone process, which
keeps every core).
"""
from __future__ import annotations

import os
import sys

#: Environment variable holding the thread budget of this process (threads per library pool).
THREADS_ENV = "JIXIAO_THREADS"
#: Variables other threaded libraries (OpenMP, BLAS, OpenCV's thread pool) read at import time.
_LIBRARY_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENCV_FOR_THREADS_NUM")


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def apply_thread_budget(threads: int) -> None:
    """Set this process's budget: read by the OCR engine and OpenCV when they load (applied to an
    OpenCV already loaded now; one not loaded yet is not imported for it: a digital-only worker never needs it)."""
    threads = max(1, int(threads))
    os.environ[THREADS_ENV] = str(threads)
    for name in _LIBRARY_ENVS:
        os.environ[name] = str(threads)
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:
        cv2.setNumThreads(threads)


def thread_budget() -> int:
    """This process's budget: what :func:`apply_thread_budget` set, else every core (a lone process)."""
    try:
        return max(1, int(os.environ[THREADS_ENV]))
    except (KeyError, ValueError):
        return cpu_count()
