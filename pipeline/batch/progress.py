"""What a person watching a long batch sees: a live bar, or plain log lines with ``--quiet``.

Both are :class:`jixiao.pipeline.batch.run.BatchObserver` implementations, so the batch
itself never touches the terminal. Log lines go to stderr; the summary table the
CLI prints at the end goes to stdout.
"""
from __future__ import annotations

import logging
import time

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeRemainingColumn,
)
from rich.text import Text

from jixiao.models import Document
from jixiao.pipeline.batch.run import BatchObserver, Plan

log = logging.getLogger("jixiao.batch")


def describe(doc: Document, names: list[str]) -> str:
    """One line per finished document: name, outcome, size, time, and why if it failed."""
    also = f" (+{len(names) - 1} identical)" if len(names) > 1 else ""
    line = f"{doc.source_file}{also}: {doc.status}, {doc.pages} p, {len(doc.forms)} forms, {len(doc.findings)} findings, {doc.seconds:.1f} s"
    return f"{line} — {doc.error}" if doc.error else line


class PagesPerSecond(ProgressColumn):
    """Pages read per second of wall clock since the work started."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        pages = task.fields.get("pages", 0)
        rate = pages / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} pages/s", style="progress.data.speed", no_wrap=True)


class FailedCount(ProgressColumn):
    def render(self, task: Task) -> Text:
        failed = task.fields.get("failed", 0)
        return Text(f"{failed} failed", style="red" if failed else "dim")


class RichProgress(BatchObserver):
    """A live bar over the documents that actually need processing."""

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(bar_width=16), MofNCompleteColumn(),
            TextColumn("files"), PagesPerSecond(), FailedCount(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, transient=False,
        )
        self.task_id = None

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def planned(self, plan: Plan) -> None:
        if plan.reused:
            self.console.print(f"[dim]{plan.reused} file contents already in the catalog: reused, not re-read")
        if plan.duplicates:
            self.console.print(f"[dim]{plan.duplicates} names are copies of other inputs: read once")
        self.task_id = self.progress.add_task("extracting", total=len(plan.todo), pages=0, failed=0)

    def finished(self, doc: Document, names: list[str]) -> None:
        task = self.progress.tasks[self.task_id]
        self.progress.update(self.task_id, advance=1, pages=task.fields["pages"] + doc.pages,
                             failed=task.fields["failed"] + (doc.status == "failed"))
        if doc.status == "failed":
            self.progress.console.print(f"[red]✗[/] {describe(doc, names)}")

    def stage(self, message: str) -> None:
        if self.task_id is None:
            self.console.print(f"[dim]{message}…")
        else:
            self.progress.update(self.task_id, description=message)


class LogProgress(BatchObserver):
    """``--quiet``: no live display, one log line per document (and per stage)."""

    def __init__(self):
        self.total = 0
        self.done = 0
        self.started = time.perf_counter()

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def planned(self, plan: Plan) -> None:
        self.total = len(plan.todo)
        log.info("%d inputs, %d to process, %d reused from the catalog, %d duplicate names",
                 len(plan.inputs), len(plan.todo), plan.reused, plan.duplicates)

    def finished(self, doc: Document, names: list[str]) -> None:
        self.done += 1
        level = logging.WARNING if doc.status == "failed" else logging.INFO
        log.log(level, "[%d/%d] %s", self.done, self.total, describe(doc, names))

    def stage(self, message: str) -> None:
        log.info("stage: %s", message)


def configure_logging() -> None:
    """Plain ``time level message`` lines on stderr, once."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def observer_for(quiet: bool) -> RichProgress | LogProgress:
    if quiet:
        configure_logging()
        return LogProgress()
    return RichProgress()
