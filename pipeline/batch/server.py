"""Loaded first by the workers' fork server: the server dies with the batch process that started it.

Pool workers are forked from a fork server (:data:`~jixiao.pipeline.batch.executors.WORKER_PRELOAD`),
so their parent is the server, not the batch process. A worker arms the parent-death
signal on the server (:mod:`jixiao.pipeline.batch.guard`); the server arms it on the batch
process here, when the server imports its preload list, so a batch killed with SIGKILL
takes the server and then every worker with it. Importing this module anywhere else does nothing.
"""
from __future__ import annotations

import os
import sys


def _in_fork_server() -> bool:
    """Whether this import runs inside ``multiprocessing.forkserver.main`` (the server's preload)."""
    server = sys.modules.get("multiprocessing.forkserver")
    if server is None:
        return False
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is server.main.__code__:
            return True
        frame = frame.f_back
    return False


def arm() -> None:
    if _in_fork_server():
        from jixiao.pipeline.batch.guard import set_parent_death_signal

        set_parent_death_signal()
        if os.getppid() == 1:  # the batch was gone before the signal was armed
            os._exit(0)


arm()
