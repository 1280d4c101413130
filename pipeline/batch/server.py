"""The workers' fork server: what it preloads, how it is started, and its death with the batch.

Pool workers are forked from a fork server (:data:`WORKER_PRELOAD`), so their parent is the
server, not the batch process. A worker arms the parent-death signal on the server
(:mod:`jixiao.pipeline.batch.guard`); the server arms it on the batch process here, when the
server imports its preload list (this module first), so a batch killed with SIGKILL takes the
server and then every worker with it. Importing this module anywhere else arms nothing.

The server takes a while to come up (it imports the reading code), so ``jixiao extract``
launches it first thing (:func:`start_early`), before the command line's own imports: the
two then run side by side on two cores.
"""
from __future__ import annotations

import os
import sys

#: What every worker imports before its first document. With the "forkserver" start method they
#: are imported once, in the server process, and each worker is forked from it holding them (a
#: second worker then costs a fork, not a second interpreter importing them). None of them starts
#: a thread, which a fork would not copy: numpy and OpenCV start theirs on first use, in a worker,
#: after its thread budget is set; ONNX Runtime, which starts one when imported, loads in each
#: worker. "__main__" is the batch's main script (the `jixiao` command imports the CLI), which
#: every started process runs again as ``__mp_main__``: in the server once instead of in each
#: worker. The server first arms its own death with the batch (this module), and last loads the
#: caches every document consults (:mod:`jixiao.pipeline.batch.preload`).
WORKER_PRELOAD = ("jixiao.pipeline.batch.server", "__main__", "jixiao.pipeline.batch.executors",
                  "jixiao.pipeline.process", "pdfplumber", "jixiao.pipeline.batch.preload")


def default_start_method() -> str:
    """``forkserver`` on Linux (where the server can be tied to the batch's life), else ``spawn``:
    both start workers free of the batch process's threads (the progress display runs one)."""
    import multiprocessing

    linux = sys.platform.startswith("linux")
    return "forkserver" if linux and "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def worker_context(method: str):
    import multiprocessing

    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(list(WORKER_PRELOAD))
    return context


def launch_fork_server() -> None:
    """Launch the fork server now, without waiting for it to finish its imports.

    Call it from the thread that lives as long as the batch (the main thread): the server's
    parent-death signal fires when the *thread* that launched it ends.
    """
    from multiprocessing import forkserver

    worker_context("forkserver")
    forkserver.ensure_running()


def start_early(argv: list[str]) -> None:
    """For ``jixiao extract`` with pool workers (``argv``: the arguments after the program name),
    launch the fork server before anything else is imported; otherwise do nothing.

    What the command line will decide is read from the arguments as given: anything unusual
    (help, another executor, ``--workers 0``) leaves the start to the batch itself.
    """
    if not argv or argv[0] != "extract" or _in_fork_server() or not _pool_wanted(argv[1:]):
        return
    if default_start_method() == "forkserver":
        launch_fork_server()


def _pool_wanted(args: list[str]) -> bool:
    for index, arg in enumerate(args):
        if arg in ("--help", "--version", "--executor") or arg.startswith("--executor="):
            return False
        value = None
        if arg in ("--workers", "-w"):
            value = args[index + 1] if index + 1 < len(args) else ""
        elif arg.startswith("--workers="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-w") and arg[2:].lstrip("-").isdigit():
            value = arg[2:]
        if value is not None:
            try:
                if int(value) <= 0:
                    return False
            except ValueError:
                return False
    return True


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
