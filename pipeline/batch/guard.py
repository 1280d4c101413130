"""What keeps one worker process from hurting the machine or outliving its batch.

A 2 MB PDF can inflate to gigabytes inside the PDF library, and `--max-mb`
limits only the file. Each worker therefore watches its own resident memory
and stops itself, with an exit code the batch recognises, the moment it passes
``--max-memory``; an address-space limit above that is the backstop for a
single allocation too large and too fast for the watch. A worker also dies
with the batch process: the kernel's parent-death signal (Linux) and a thread
that notices being orphaned (elsewhere).
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

#: Exit status of a worker that stopped itself for using more than its memory limit.
MEMORY_EXIT_CODE = 86
#: How often the memory watch samples the worker's resident size (seconds).
_MEMORY_POLL = 0.02
#: Address space allowed beyond the resident limit: libraries reserve far more than
#: they touch (an OCR worker maps 1.3 GB to keep 0.4 GB resident).
_ADDRESS_SPACE_SLACK_MB = 2048
#: How often the orphan watch looks for its parent (seconds).
_ORPHAN_POLL = 1.0
_PR_SET_PDEATHSIG = 1


def memory_limit_error(megabytes: int) -> str:
    """The documents-row error of a file that hit the limit."""
    return (f"memory limit: reading this file took more than {megabytes} MB "
            f"(--max-memory {megabytes}); the worker was stopped")


def resident_megabytes() -> float | None:
    """This process's resident set size, or None where /proc is not available."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _watch_memory(megabytes: int) -> None:
    while True:
        used = resident_megabytes()
        if used is None:
            return
        if used > megabytes:
            os._exit(MEMORY_EXIT_CODE)
        time.sleep(_MEMORY_POLL)


def limit_memory(megabytes: int) -> None:
    """Stop this process (exit MEMORY_EXIT_CODE) when it holds more than ``megabytes`` resident."""
    try:
        import resource

        ceiling = (megabytes + _ADDRESS_SPACE_SLACK_MB) * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or ceiling < hard:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ImportError, ValueError, OSError):  # not POSIX, or a limit we may not raise
        pass
    threading.Thread(target=_watch_memory, args=(megabytes,), daemon=True, name="memory-watch").start()


def _exit_when_orphaned(parent_pid: int) -> None:
    while True:
        time.sleep(_ORPHAN_POLL)
        if os.getppid() != parent_pid:
            os._exit(0)


def set_parent_death_signal() -> None:
    """Have the kernel SIGKILL this process when its parent ends (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` ends, even by SIGKILL."""
    set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(0)
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True, name="orphan-watch").start()


def guard_worker(parent_pid: int, max_memory: int | None) -> None:
    """Everything a worker sets up before its first document."""
    die_with_parent(parent_pid)
    if max_memory:
        limit_memory(max_memory)
