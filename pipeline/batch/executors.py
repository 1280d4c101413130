"""Where documents run: a pool of worker processes, or Ray tasks.

Both executors run the same per-document function (:func:`process_input`)
and yield ``(InputFile, Document)`` pairs in completion order. What they add is
isolation: a document that runs past the timeout has its worker killed, a worker
that dies (a segfault in a PDF library, the OOM killer) is replaced, and either way
the file ends as a failed Document with a message instead of a hung or aborted batch.

The stdlib ``ProcessPoolExecutor`` cannot do this — it has no way to kill the one
worker running an overdue task, and a dead worker breaks the whole pool — so the
process executor manages its workers itself: one pipe per worker, one task at a time.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Protocol

from jixiao.models import Document
from jixiao.pipeline.process import process_document
from jixiao.pipeline.settings import ExtractOptions
from jixiao.pipeline.batch.guard import MEMORY_EXIT_CODE, guard_worker, memory_limit_error
from jixiao.pipeline.batch.inputs import InputFile
from jixiao.extractors.thread_budget import apply_thread_budget
from jixiao.pipeline.batch.workers import default_workers, threads_per_worker

Task = Callable[[InputFile, ExtractOptions], Document]
Outcome = tuple[InputFile, Document]

def process_input(item: InputFile, options: ExtractOptions) -> Document:
    """The per-document task every executor runs: a vanished file is a failed row (with no hash), not a crash."""
    return process_document(item.path, item.source, options, member=item.member)


#: How often an idle loop wakes up when no deadline is near (seconds).
_POLL = 1.0


class Executor(Protocol):
    def run(self, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        """Yield one outcome per item, in completion order; close the generator to stop early."""


def failed_document(item: InputFile, error: str) -> Document:
    return Document(source_file=item.source, status="failed", error=error)


def timed_out(item: InputFile, timeout: float) -> Document:
    return failed_document(item, f"timed out after {timeout:g} s (worker killed)")


def run_task_safely(task: Task, item: InputFile, options: ExtractOptions) -> Document:
    """The task never raises by contract; this keeps a broken contract from killing a worker."""
    try:
        return task(item, options)
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed
        return failed_document(item, f"internal error: {type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- process pool


def _worker_main(conn: Connection, task: Task, options: ExtractOptions, parent_pid: int,
                 max_memory: int | None = None, threads: int | None = None) -> None:
    """Loop: receive an InputFile, send back the Document as JSON; ``None`` or EOF ends it.

    ``threads`` is this worker's share of the cores, set before any OCR engine loads.
    """
    if threads:
        apply_thread_budget(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    guard_worker(parent_pid, max_memory)
    conn.send("ready")
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        doc = run_task_safely(task, item, options)
        try:
            conn.send(doc.model_dump_json())
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Slot:
    """One worker process and the document it is working on."""

    process: multiprocessing.Process
    conn: Connection
    ready: bool = False
    item: InputFile | None = None
    started: float = 0.0

    @property
    def busy(self) -> bool:
        return self.item is not None

    def assign(self, item: InputFile) -> None:
        self.conn.send(item)
        self.item, self.started = item, time.monotonic()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


@dataclass
class ProcessExecutor:
    """``workers`` long-lived processes; an overdue or crashed one is killed and replaced."""

    workers: int = field(default_factory=default_workers)
    timeout: float = 300.0
    task: Task = process_input
    #: Megabytes a worker may hold resident (None: no limit).
    max_memory: int | None = None
    #: "spawn" keeps workers free of the parent's threads (the progress display runs one).
    start_method: str = "spawn"
    _slots: list[_Slot] = field(default_factory=list, init=False)
    _threads: int = field(default=1, init=False)

    def run(self, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        pending = deque(items)
        context = multiprocessing.get_context(self.start_method)
        count = min(self.workers, len(items))
        self._threads = threads_per_worker(count)
        self._slots = [self._start(context, options) for _ in range(count)]
        try:
            while pending or any(s.busy for s in self._slots):
                for slot in self._slots:
                    if slot.ready and not slot.busy and pending:
                        slot.assign(pending.popleft())
                yield from self._collect(context, options)
        finally:
            self._shutdown()

    def _start(self, context, options: ExtractOptions) -> _Slot:
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=_worker_main, args=(child_end, self.task, options, os.getpid(), self.max_memory, self._threads),
            daemon=True,
            name="jixiao-worker",
        )
        process.start()
        child_end.close()
        return _Slot(process=process, conn=parent_end)

    def _next_wakeup(self) -> float:
        deadlines = [s.started + self.timeout - time.monotonic() for s in self._slots if s.busy]
        return max(0.0, min(deadlines + [_POLL]))

    def _collect(self, context, options: ExtractOptions) -> Iterator[Outcome]:
        """Wait for the next message, death or deadline; replace workers that had to go."""
        handles = [s.conn for s in self._slots] + [s.process.sentinel for s in self._slots]
        wait(handles, timeout=self._next_wakeup())
        for index, slot in enumerate(self._slots):
            outcome, replace = self._check(slot)
            if replace:
                slot.kill()
                self._slots[index] = self._start(context, options)
            if outcome:
                yield outcome

    def _check(self, slot: _Slot) -> tuple[Outcome | None, bool]:
        """(finished outcome or None, whether the worker must be replaced)."""
        if slot.conn.poll():
            try:
                message = slot.conn.recv()
            except (EOFError, OSError):
                return self._crashed(slot), True
            if message == "ready":
                slot.ready = True
                return None, False
            item, slot.item = slot.item, None
            return (item, Document.model_validate_json(message)), False
        if not slot.process.is_alive():
            return self._crashed(slot), True
        if slot.busy and time.monotonic() - slot.started > self.timeout:
            return (slot.item, timed_out(slot.item, self.timeout)), True
        return None, False

    def _crashed(self, slot: _Slot) -> Outcome | None:
        if slot.item is None:
            raise RuntimeError(f"worker process failed to start (exit code {slot.process.exitcode})")
        slot.process.join(timeout=5)
        code = slot.process.exitcode
        if code == MEMORY_EXIT_CODE and self.max_memory:
            return slot.item, failed_document(slot.item, memory_limit_error(self.max_memory))
        reason = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return slot.item, failed_document(slot.item, f"worker crashed ({reason}) while reading this file")

    def _shutdown(self) -> None:
        for slot in self._slots:
            try:
                if not slot.busy:
                    slot.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for slot in self._slots:
            if slot.busy:
                slot.process.kill()
            slot.process.join(timeout=5)
            slot.kill()
        self._slots = []


def run_in_process(items: Iterable[InputFile], options: ExtractOptions, task: Task = process_input) -> Iterator[Outcome]:
    """Serial, no isolation: for debugging (``--workers 0``) and notebooks."""
    for item in items:
        yield item, run_task_safely(task, item, options)


# --------------------------------------------------------------------------- Ray


def _ray_task(task: Task, item: InputFile, options: ExtractOptions) -> str:
    apply_thread_budget(1)  # each task reserves one CPU (num_cpus=1)
    return run_task_safely(task, item, options).model_dump_json()


@dataclass
class RayExecutor:
    """The same per-document function as Ray tasks, on a local instance or a cluster.

    Input paths must be readable by the Ray workers (a shared filesystem when the
    cluster spans machines). At most one task per CPU is in flight, so a task's
    deadline, counted from submission, is close to its running time; an overdue
    task is cancelled with ``force=True``, which kills its worker.
    """

    address: str | None = None
    workers: int | None = None
    timeout: float = 300.0
    task: Task = process_input

    def run(self, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        import ray

        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        try:
            yield from self._run(ray, items, options)
        finally:
            if started_here:
                ray.shutdown()

    def _run(self, ray, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        remote = ray.remote(max_retries=0, num_cpus=1)(_ray_task)
        window = max(1, int(ray.cluster_resources().get("CPU", 1)))
        options_ref = ray.put(options)
        pending = deque(items)
        inflight: dict = {}
        try:
            while pending or inflight:
                while pending and len(inflight) < window:
                    item = pending.popleft()
                    inflight[remote.remote(self.task, item, options_ref)] = (item, time.monotonic())
                soonest = min(start for _, start in inflight.values()) + self.timeout - time.monotonic()
                ready, _ = ray.wait(list(inflight), num_returns=1, timeout=max(0.0, min(soonest, _POLL)))
                for ref in ready:
                    item, _ = inflight.pop(ref)
                    yield item, self._result(ray, ref, item)
                yield from self._cancel_overdue(ray, inflight)
        finally:
            for ref in inflight:
                ray.cancel(ref, force=True)

    def _result(self, ray, ref, item: InputFile) -> Document:
        try:
            return Document.model_validate_json(ray.get(ref))
        except ray.exceptions.RayError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return failed_document(item, f"worker crashed: {type(exc).__name__}: {first_line}")

    def _cancel_overdue(self, ray, inflight: dict) -> Iterator[Outcome]:
        now = time.monotonic()
        for ref, (item, start) in list(inflight.items()):
            if now - start > self.timeout:
                ray.cancel(ref, force=True)
                del inflight[ref]
                yield item, timed_out(item, self.timeout)


#: A batch of at most this many files to read, holding at most SMALL_BATCH_PAGES pages, all
#: with a text layer, runs in this process when the worker count is left to the default:
#: on 13 digital pages the page work took 0.3 s and starting one worker 0.65 s more.
SMALL_BATCH_FILES = 4
SMALL_BATCH_PAGES = 24


def is_small_batch(items: list[InputFile]) -> bool:
    """Few files whose pages all have a text layer: cheaper read here than in a started worker.

    Pages without text would go to OCR (seconds a page), long enough for the pool's
    timeout and parallelism to matter, so any such page keeps the batch in the pool.
    """
    if not items or len(items) > SMALL_BATCH_FILES:
        return False
    pages = 0
    for item in items:
        counted = _text_layer_pages(item)
        if counted is None:
            return False
        total, with_text = counted
        if with_text < total:
            return False
        pages += total
    return pages <= SMALL_BATCH_PAGES


def _text_layer_pages(item: InputFile) -> tuple[int, int] | None:
    """(pages, pages with any text) of a PDF, or None when it cannot be opened or is too long to probe."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(item.path))
    except (pdfium.PdfiumError, OSError):
        return None
    try:
        total = len(pdf)
        if total > SMALL_BATCH_PAGES:
            return None
        with_text = 0
        for index in range(total):
            page = pdf[index]
            text = page.get_textpage()
            with_text += text.count_chars() > 0
            text.close()
            page.close()
        return total, with_text
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


def make_executor(kind: str, workers: int | None, timeout: float, address: str | None = None,
                  max_memory: int | None = None, items: list[InputFile] | None = None) -> Executor:
    """``process`` (default) or ``ray``; ``workers <= 0`` runs in this process with no timeout.

    ``workers=None`` is the default choice: one worker per core within memory
    (:func:`default_workers`), or, for a small batch of text-layer files
    (:func:`is_small_batch` over ``items``), this process.
    """
    if kind == "ray":
        return RayExecutor(address=address, workers=workers if workers else None, timeout=timeout)
    if kind != "process":
        raise ValueError(f"unknown executor {kind!r} (process | ray)")
    if workers is None:
        if items is not None and is_small_batch(items):
            return _SerialExecutor()
        workers = default_workers()
    if workers <= 0:
        return _SerialExecutor()
    return ProcessExecutor(workers=workers, timeout=timeout, max_memory=max_memory)


class _SerialExecutor:
    def run(self, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        return run_in_process(items, options)
