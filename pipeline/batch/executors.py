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
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Protocol

from jixiao.models import Document
from jixiao.pipeline.settings import BatchConfig, ExtractOptions
from jixiao.pipeline.batch.guard import MEMORY_EXIT_CODE, guard_worker, memory_limit_error
from jixiao.pipeline.batch.server import default_start_method, launch_fork_server, worker_context
from jixiao.pipeline.batch.inputs import InputFile
from jixiao.extractors.thread_budget import apply_thread_budget
from jixiao.pipeline.batch.workers import default_workers, threads_per_worker
from jixiao.pipeline.batch.page_tasks import (MIN_SPLIT_PAGES, FinishTask, Job, PageSplits, PageTask, ScannedPages,
                                              finish_document, job_input, read_page, scan_pages)

Task = Callable[[InputFile, ExtractOptions], Document]
Outcome = tuple[InputFile, Document]

def process_input(item: InputFile, options: ExtractOptions) -> Document:
    """The per-document task every executor runs: a vanished file is a failed row (with no hash), not a crash."""
    from jixiao.pipeline.process import process_document  # here: the batch process itself never reads files

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


def _guard(parent_pid: int, max_memory: int | None, forked: bool) -> None:
    """The worker guard, watching the right parent. A worker ``forked`` by the fork server is the
    server's child; the server ends when the batch process ends (its pipe from the batch closes),
    so the worker dies with the server, and a batch already gone ends the worker now."""
    if not forked:
        guard_worker(parent_pid, max_memory)
        return
    guard_worker(os.getppid(), max_memory)
    try:
        os.kill(parent_pid, 0)
    except ProcessLookupError:
        os._exit(0)
    except PermissionError:  # pragma: no cover - the pid was reused by another user's process
        os._exit(0)


def _worker_main(conn: Connection, task: Task, options: ExtractOptions, parent_pid: int,
                 max_memory: int | None = None, threads: int | None = None, pictures: Path | None = None,
                 forked: bool = False, glyphs: bool = False, alone: bool = False) -> None:
    """Loop: receive a job, whether to split it and the worker's thread budget, send back the Document as
    JSON; ``None`` or EOF ends it.

    ``threads`` is this worker's share of the cores, set before any OCR engine loads; a job carries the
    share of the pool it is sent by (a worker started ahead for two may be kept alone, or a lone worker
    joined by a second for a long scan's page tasks), applied before the job: an engine the worker
    loads from then on gets it.
    With ``pictures`` (the report folder) the worker also draws the report's page
    pictures of each document it read, before answering: under the same memory limit
    and timeout, while the file is fresh in the page cache, and never in the batch process.
    ``alone``: the batch holds one document, the only one this worker can read: it learns no glyph outline
    for documents after it (see :func:`~jixiao.extractors.fonts.outlines.only_document`).
    A job sent to be split, when a long scan, is answered with its OCR pages, to be read as page
    tasks (:mod:`jixiao.pipeline.batch.page_tasks`): the pool decides per job, since it may keep
    fewer workers than it started ahead.
    """
    if threads:
        apply_thread_budget(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    _guard(parent_pid, max_memory, forked)
    if glyphs and alone:
        from jixiao.extractors.fonts.outlines import CONFIRMED

        CONFIRMED.learning = False
    threading.Thread(target=_warm_up, args=(glyphs,), daemon=True, name="warm-up").start()
    conn.send("ready")
    while True:
        try:
            sent = conn.recv()
        except (EOFError, OSError):
            return
        if sent is None:
            return
        item, split, budget = sent
        if budget and budget != threads:
            apply_thread_budget(budget)
            threads = budget
        try:
            conn.send(_answer(item, task, options, pictures, split))
        except (BrokenPipeError, OSError):
            return


def _answer(job: Job, task: Task, options: ExtractOptions, pictures: Path | None, split: bool) -> str | tuple:
    """A worker's answer to a job: a Document as JSON, or a page task's ("page", JSON, seconds),
    or ("split", pages, units) for a document whose OCR pages are to be read as page tasks."""
    if isinstance(job, PageTask):
        started = time.perf_counter()
        return "page", read_page(job, options), time.perf_counter() - started
    from jixiao.pipeline.process import kept_open

    with kept_open() as read:  # the pictures are drawn from the document as read, its fonts loaded
        if isinstance(job, FinishTask):
            doc = run_task_safely(lambda item, opts: finish_document(job, opts), job.item, options)
        else:
            scanned = scan_pages(job, options) if split else None
            if scanned is not None and len(scanned.pages) >= MIN_SPLIT_PAGES:
                return "split", scanned.pages, scanned.units
            doc = run_task_safely(task, job, options)
        if pictures is not None:
            _draw_pictures(doc, job_input(job), pictures, read)
    return doc.model_dump_json()


def _warm_up(glyphs: bool = False) -> None:
    """Import the reading code while the worker waits for its first document (the batch is
    still planning); the first document then finds it loaded, or waits on the import lock.

    ``glyphs``: the batch's PDFs will have their fonts checked, so the glyph reader's sessions
    start loading now, in the ~0.4 s the batch process spends on its own imports and its plan
    before it sends the first document, instead of when that document is opened.
    """
    try:
        import pdfplumber  # noqa: F401

        import jixiao.pipeline.process  # noqa: F401

        if glyphs:
            from jixiao.extractors.fonts.reader import load_reader_soon

            load_reader_soon()
    except Exception:  # noqa: BLE001 - the first document imports it again and reports the error
        pass


def _draw_pictures(doc: Document, item: InputFile, report_dir: Path, read: list | None = None) -> None:
    """The report's pictures of ``doc``; one that cannot be drawn is left to the report stage.
    ``read``: the PDFs the worker read for it, still open (one of this file's is drawn from)."""
    from jixiao.pipeline.outputs.report.pictures import draw_pictures

    opened = next((pdf for path, pdf in read or () if path == item.path and not item.member), None)
    try:
        draw_pictures(doc, item.path, report_dir, opened)
    except Exception:  # noqa: BLE001 - the report stage draws what is missing, or shows it missing
        pass


@dataclass
class _Slot:
    """One worker process and the document it is working on."""

    process: multiprocessing.Process
    conn: Connection
    ready: bool = False
    item: Job | None = None
    started: float = 0.0

    @property
    def busy(self) -> bool:
        return self.item is not None

    def assign(self, item: Job, split: bool = False, threads: int | None = None) -> None:
        self.conn.send((item, split, threads))
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
    #: The report folder: workers draw each document's page pictures into it (None: no pictures).
    pictures: Path | None = None
    #: Whether each worker starts loading the glyph reader as it starts (the batch's PDFs get the font check).
    glyphs: bool = False
    #: "forkserver" (or "spawn") keeps workers free of the parent's threads (the progress display runs one).
    start_method: str = field(default_factory=default_start_method)
    _slots: list[_Slot] = field(default_factory=list, init=False)
    _threads: int = field(default=1, init=False)
    _started_for: ExtractOptions | None = field(default=None, init=False)
    #: Jobs not yet sent: documents, and a split scan's page tasks and finish task (queued first).
    _pending: deque = field(default_factory=deque, init=False)
    _splits: PageSplits = field(default_factory=PageSplits, init=False)
    #: Pages read as page tasks in the last run (a long scan's OCR pages shared by the workers).
    pages_shared: int = field(default=0, init=False)
    #: The most workers the last run held at once (a lone document's pool grows for its page tasks).
    peak_workers: int = field(default=0, init=False)
    #: The thread starting the workers ahead of :meth:`run` (see :meth:`prestart`).
    _starting: threading.Thread | None = field(default=None, init=False)
    _start_error: BaseException | None = field(default=None, init=False)
    #: Whether the batch holds one document at most: its workers then learn no glyph outline (see _worker_main).
    _alone: bool = field(default=False, init=False)

    def prestart(self, options: ExtractOptions, expected: int) -> None:
        """Start the workers for at most ``expected`` documents now, so that their start
        (a process, its imports) runs while the batch hashes and plans; :meth:`run` takes
        them over, and stops those the plan leaves without work.

        Returns at once: the workers are started by a thread, because starting the first one
        waits until the fork server has imported the reading code (~0.5 s), which the batch
        process would otherwise spend idle instead of importing its own libraries and hashing.
        """
        count = min(self.workers, expected)
        if self._slots or self._starting is not None or count <= 0:
            return
        self._alone = expected <= 1
        self._threads = threads_per_worker(count)
        self._started_for = options
        context = worker_context(self.start_method)
        if self.start_method == "forkserver":
            # The server is launched here (unless `jixiao extract` already did), by the thread that
            # lives as long as the batch: its parent-death signal fires when the *thread* that created
            # it ends, so a server launched by the starting thread would die with that thread.
            launch_fork_server()
        self._starting = threading.Thread(target=self._start_ahead, args=(context, options, count), daemon=True,
                                          name="jixiao-worker-start")
        self._starting.start()

    def _start_ahead(self, context, options: ExtractOptions, count: int) -> None:
        try:
            for _ in range(count):
                self._slots.append(self._start(context, options))
        except BaseException as exc:  # noqa: BLE001 - raised again by the caller that needs the workers
            self._start_error = exc

    def started(self) -> list[_Slot]:
        """Wait for workers being started ahead (:meth:`prestart`); their slots."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self._start_error is not None:
                error, self._start_error = self._start_error, None
                raise error
        return self._slots

    def _splits_scans(self) -> bool:
        """Whether a long scan is read as page tasks: when the pool may have two workers or more for them
        (a lone document's pool grows to read its page tasks, :meth:`_grow`)."""
        return self.workers >= 2 and self.task is process_input

    def run(self, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        pending = self._pending = deque(items)
        self._splits, self.pages_shared = PageSplits(), 0
        self.started()
        context = worker_context(self.start_method)
        count = min(self.workers, len(items))
        if self._slots and self._started_for != options:
            self._shutdown()
        self._alone = len(items) <= 1  # workers started from here on; those started ahead were told by prestart
        self._threads = threads_per_worker(count)  # a worker started ahead for two and kept alone gets every core
        while len(self._slots) > count:  # the plan left fewer documents than were expected
            self._stop(self._slots.pop())
        self._slots += [self._start(context, options) for _ in range(count - len(self._slots))]
        self.peak_workers = len(self._slots)
        try:
            while pending or any(s.busy for s in self._slots):
                self._grow(context, options)
                for slot in self._slots:
                    if slot.ready and not slot.busy and pending:
                        slot.assign(pending.popleft(), self._splits_scans(), self._threads)
                yield from self._collect(context, options)
        finally:
            self._shutdown()

    def _grow(self, context, options: ExtractOptions) -> None:
        """More workers when a split gave more jobs than there are workers (a batch of one long scan
        starts one worker; its page tasks can use two), up to ``workers``; every worker's share of
        the cores follows (sent with its next job)."""
        jobs = len(self._pending) + sum(s.busy for s in self._slots)
        wanted = min(self.workers, jobs)
        if wanted <= len(self._slots) or not self._splits.open:
            return
        self._threads = threads_per_worker(wanted)
        self._slots += [self._start(context, options) for _ in range(wanted - len(self._slots))]
        self.peak_workers = max(self.peak_workers, wanted)

    def _start(self, context, options: ExtractOptions) -> _Slot:
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=_worker_main,
            args=(child_end, self.task, options, os.getpid(), self.max_memory, self._threads, self.pictures,
                  self.start_method == "forkserver", self.glyphs, self._alone),
            daemon=True, name="jixiao-worker",
        )
        process.start()
        child_end.close()
        return _Slot(process=process, conn=parent_end)

    @staticmethod
    def _stop(slot: _Slot) -> None:
        """A started worker with no work: it holds nothing, so it is not waited for."""
        slot.kill()

    def close(self) -> None:
        """Stop workers started ahead of a run that never came (the batch failed before it)."""
        if self._starting is not None:  # a start that failed too is over: nothing left to report it to
            self._starting.join()
            self._starting, self._start_error = None, None
        self._shutdown()

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
                outcome = self._settle(*outcome)
            if outcome:
                yield outcome

    def _settle(self, job: Job, doc: Document) -> Outcome | None:
        """A finished (or failed) job's outcome: a document's, or None for a page task (whose failure
        leaves its page to the finish task)."""
        if isinstance(job, PageTask):
            self._page_done(job, "", 0.0)
            return None
        return job_input(job), doc

    def _page_done(self, job: PageTask, content: str, seconds: float) -> None:
        self.pages_shared += bool(content)
        finish = self._splits.page_done(job, content, seconds)
        if finish is not None:
            self._pending.appendleft(finish)

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
            if isinstance(message, tuple):
                self._take_pages(item, message)
                return None, False
            return (item, Document.model_validate_json(message)), False
        if not slot.process.is_alive():
            return self._crashed(slot), True
        if slot.busy and time.monotonic() - slot.started > self.timeout:
            return (slot.item, timed_out(slot.item, self.timeout)), True
        return None, False

    def _take_pages(self, job: Job, message: tuple) -> None:
        """A worker's ("split", pages, units) for a document, queued first as page tasks; or a page task's
        ("page", JSON, seconds)."""
        if message[0] == "split":
            scanned = ScannedPages(list(message[1]), tuple(message[2]))
            self._pending.extendleft(reversed(self._splits.split(job_input(job), scanned)))
        else:
            self._page_done(job, message[1], message[2])

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
        started = bool(self._slots)
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
        if started and self.start_method == "forkserver":
            stop_fork_server()


def stop_fork_server() -> None:
    """Stop the workers' fork server once the workers are gone, and wait for it.

    It holds the workers' libraries in memory, which a finished batch no longer needs;
    and waited for by the batch process, its CPU time and that of the workers it reaped
    count among the batch's children (``RUSAGE_CHILDREN``), as spawned workers' did.
    A worker still running when its server stops dies with it (its guard), so a batch
    stops the server only after its own workers are gone; the next batch starts a new one.

    The server is ended by SIGTERM before it is waited for: asked to stop the polite way (its
    "alive" pipe closed) it would tear its interpreter down, freeing every library the workers
    used, for 0.3–0.6 s that the batch would spend waiting. It holds nothing to clean up: its
    workers were joined, which means it had reaped them.
    """
    from multiprocessing import forkserver

    server = forkserver._forkserver
    stop = getattr(server, "_stop", None)  # the only way to stop it (CPython 3.8+)
    if stop is None:
        return
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:  # already gone
            pass
    try:
        stop()
    except OSError:  # already gone
        pass


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


def make_executor(kind: str, workers: int | None, timeout: float, address: str | None = None,
                  max_memory: int | None = None, pictures: Path | None = None) -> Executor:
    """``process`` (default) or ``ray``; ``workers <= 0`` runs in this process with no timeout.

    ``workers=None`` is the default choice: one worker per core within memory
    (:func:`default_workers`). ``pictures`` (the report folder) has pool workers draw
    each document's report pictures.
    """
    if kind == "ray":
        return RayExecutor(address=address, workers=workers if workers else None, timeout=timeout)
    if kind != "process":
        raise ValueError(f"unknown executor {kind!r} (process | ray)")
    if workers is None:
        workers = default_workers()
    if workers <= 0:
        return _SerialExecutor()
    return ProcessExecutor(workers=workers, timeout=timeout, max_memory=max_memory, pictures=pictures)


def batch_executor(config: BatchConfig, expected: int, pdfs: bool = False) -> Executor:
    """The executor a batch's settings ask for, its workers already starting for ``expected`` inputs
    (``pdfs``: some are PDFs, whose fonts the settings may have checked: the workers load the glyph
    reader as they start).

    Called before the batch imports its table and catalog libraries and hashes its
    inputs: a worker's start (a process, the extraction libraries) then overlaps them.
    """
    pictures = config.out_dir / "report" if config.report else None
    executor = make_executor(config.executor, config.workers, config.timeout, config.address, config.max_memory,
                             pictures=pictures)
    glyphs = pdfs and config.options.read.checks_fonts
    if isinstance(executor, ProcessExecutor):
        executor.glyphs = glyphs
        executor.prestart(config.options, expected)
    elif glyphs and isinstance(executor, _SerialExecutor):
        # documents are read in this process: the glyph reader loads while the batch loads its libraries
        from jixiao.extractors.fonts.reader import load_reader_soon

        load_reader_soon()
    return executor


class _SerialExecutor:
    def run(self, items: list[InputFile], options: ExtractOptions) -> Iterator[Outcome]:
        """The documents read one after the other in this process; a batch of one document learns no glyph
        outline for documents after it (there are none: :func:`~jixiao.extractors.fonts.outlines.only_document`)."""
        items = list(items)
        if not options.read.checks_fonts:
            yield from run_in_process(items, options)
            return
        from jixiao.extractors.fonts.outlines import only_document

        with only_document(len(items) == 1):
            yield from run_in_process(items, options)
