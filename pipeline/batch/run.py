"""A batch over an archive: every file accounted for, resumable, the same bytes every time.

The order of work is what makes a killed run harmless:

1. hash every input; identical contents under several names become one task;
2. skip contents the catalog already holds for this pipeline version and settings;
3. run the rest on an executor, committing each Document to the catalog as it
   finishes (the catalog, not memory, is the record of the run);
4. build the output tables for every name the output folder holds (this run's
   inputs and those of earlier runs into the same folder, unless ``--replace``)
   from the catalog and write them atomically, then the published catalog and
   the review report (pages of names no longer held are removed). Each document
   is read from the catalog once: its report page is written as its rows are built.

Step 4 reads only the catalog, so a run resumed after SIGKILL ends with the same
outputs as one that was never interrupted, and a run over a subset adds to and
updates the folder instead of silently dropping the rest.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from jixiao.models import Document
from jixiao.pipeline.batch.catalog import Catalog, publish_catalog, state_path
from jixiao.pipeline.batch.guard import guard_worker
from jixiao.pipeline.settings import BatchConfig, ExtractOptions
from jixiao.pipeline.batch.executors import Executor, batch_executor
from jixiao.pipeline.batch.workers import default_workers
from jixiao.pipeline.outputs.files import TABLE_NAMES, write_parquet_files, write_people_files
from jixiao.extractors.identity import file_sha256, is_path_failure
from jixiao.pipeline.batch.inputs import InputFile, path_from_text, path_text
from jixiao.pipeline.outputs.tables import arrow_tables

if TYPE_CHECKING:
    import pandas as pd

#: Documents turned into table rows at a time: bounds memory on archives of thousands.
_CHUNK = 200


@dataclass(frozen=True)
class PlannedInput:
    """One input name with its content hash, or why it could not be read."""

    item: InputFile
    sha256: str = ""
    size: int = 0
    error: str = ""


@dataclass
class Plan:
    inputs: list[PlannedInput]
    #: One input per content that must be (re)processed, largest first (names in order among equals).
    todo: list[InputFile]
    #: name(s) for every content hash, first name first.
    names: dict[str, list[str]]
    #: contents whose recorded result is reused.
    reused: int
    #: source → sha256 of the bytes its worker read, where that differs from the planned hash.
    read_as: dict[str, str] = field(default_factory=dict)
    #: source → failure that depends on the path (gone, permission): kept for this run, never cached.
    unread: dict[str, Document] = field(default_factory=dict)

    @property
    def duplicates(self) -> int:
        return sum(len(n) - 1 for n in self.names.values())


class BatchObserver:
    """Hooks for progress display; the default does nothing."""

    def planned(self, plan: Plan) -> None: ...

    def finished(self, doc: Document, names: list[str]) -> None: ...

    def stage(self, message: str) -> None: ...


@dataclass
class BatchResult:
    #: The output tables as written (Arrow); :attr:`tables` gives them as pandas frames.
    arrow: dict[str, pa.Table]
    written: list[Path]
    plan: Plan
    processed: int
    seconds: float
    catalog: Path
    report: Path | None = None
    _frames: dict[str, pd.DataFrame] | None = field(default=None, init=False, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The output tables as the Python API's pandas frames (pandas is imported on first use)."""
        if self._frames is None:
            from jixiao.pipeline.outputs.tables import frames_from_arrow

            self._frames = frames_from_arrow(self.arrow)
        return self._frames

    def count(self, status: str) -> int:
        return _status_count(self.arrow, status)

    @property
    def failed(self) -> int:
        return self.count("failed")


def _hash_input(item: InputFile) -> PlannedInput:
    if item.problem or item.skipped:
        return PlannedInput(item, error=item.problem or item.skipped)
    if item.member:  # hashed when its archive was listed
        return PlannedInput(item, sha256=item.sha256, size=item.size)
    if not item.path.exists():
        return PlannedInput(item, error=f"file not found: {item.path}")
    try:
        digest = file_sha256(item.path)
        return PlannedInput(replace(item, sha256=digest), sha256=digest, size=item.path.stat().st_size)
    except OSError as exc:
        return PlannedInput(item, error=f"cannot read file: {exc.strerror or exc}")


def hash_inputs(items: list[InputFile]) -> list[PlannedInput]:
    """Content hashes, read with a few threads (hashlib releases the GIL on large reads)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(_hash_input, items))


def make_plan(inputs: list[PlannedInput], recorded: dict[str, str], force: bool, retry_failed: bool) -> Plan:
    names: dict[str, list[str]] = {}
    first: dict[str, InputFile] = {}
    for planned in sorted(inputs, key=lambda p: p.item.source):
        if planned.sha256:
            names.setdefault(planned.sha256, []).append(planned.item.source)
            first.setdefault(planned.sha256, planned.item)

    def needs_work(sha: str) -> bool:
        status = recorded.get(sha)
        return force or status is None or (retry_failed and status == "failed")

    size = {p.sha256: p.size for p in inputs if p.sha256}
    # Largest first: the long documents start at once and the short ones fill in beside them, so the
    # last worker to finish is not still reading a long document that was started last.
    todo = [item for sha, item in sorted(first.items(), key=lambda pair: -size[pair[0]]) if needs_work(sha)]
    return Plan(inputs=inputs, todo=todo, names=names, reused=len(first) - len(todo))


def process_plan(plan: Plan, catalog: Catalog, executor: Executor, options: ExtractOptions,
                 observer: BatchObserver) -> int:
    """Run the plan's work, committing each result as it arrives; returns how many ran."""
    sha_of = {p.item.source: p.sha256 for p in plan.inputs if p.sha256}
    done = 0
    with closing(executor.run(plan.todo, options)) as outcomes:
        for item, doc in outcomes:
            planned = sha_of[item.source]
            doc.sha256 = _record(plan, catalog, item, doc, planned)
            done += 1
            observer.finished(doc, plan.names[planned])
    return done


def held_sources(plan: Plan, catalog: Catalog) -> dict[str, tuple[PlannedInput | None, str, str]]:
    """Every name the output shows: source_file → (this run's input or None, sha256, path)."""
    held: dict[str, tuple[PlannedInput | None, str, str]] = {
        name: (None, sha, path) for name, (sha, path) in catalog.sources().items()}
    for planned in plan.inputs:
        held[planned.item.source] = (planned, planned.sha256, path_text(planned.item.path))
    return dict(sorted(held.items()))


def _record(plan: Plan, catalog: Catalog, item: InputFile, doc: Document, planned: str) -> str:
    """Store a result under the hash of the bytes it came from; returns that hash.

    A worker that could not read the path reports no hash: that failure belongs
    to the path, and storing it under the planned content would serve it to an
    intact copy later. A worker that read other bytes than were planned (the
    file was replaced meanwhile) has its result stored under what it read.
    A document that failed in the worker's place (timeout, crash, memory limit)
    carries no hash either, and is stored under the planned one, as before.
    """
    if is_path_failure(doc):
        plan.unread[item.source] = doc
        return planned
    read = doc.sha256 or planned
    if read != planned:
        plan.read_as[item.source] = read
        catalog.note_sources([(item.source, read, _size(item.path), path_text(item.path))])
    catalog.record(read, doc)
    return read


def iter_documents(plan: Plan, catalog: Catalog) -> Iterator[Document]:
    """Every held name's Document, in name order, as the catalog records it."""
    for source, (planned, sha, _) in held_sources(plan, catalog).items():
        if planned is not None and planned.error:
            status = "skipped" if planned.item.skipped else "failed"
            yield Document(source_file=source, status=status, error=planned.error)
            continue
        if planned is not None and source in plan.unread:
            yield plan.unread[source]
            continue
        read = plan.read_as.get(source, sha)
        doc = catalog.load(read, source, any_settings=planned is None)
        if doc is None:
            yield Document(source_file=source, sha256=read, status="failed",
                           error="no result recorded (run interrupted?)")
            continue
        if read != sha:
            doc.error = "; ".join(filter(None, [doc.error, _changed_note(sha, read)]))
        yield doc


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _changed_note(planned: str, read: str) -> str:
    return (f"file changed while the batch ran (sha256 {planned[:12]}… when planned, {read[:12]}… when read): "
            "results are for the bytes read")


def tables_from(documents: Iterator[Document]) -> dict[str, pa.Table]:
    """arrow_tables over chunks of documents, so an archive never sits in memory at once."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
    chunk: list[Document] = []
    for doc in documents:
        chunk.append(doc)
        if len(chunk) == _CHUNK:
            _add_chunk(parts, chunk)
            chunk = []
    _add_chunk(parts, chunk)
    empty = arrow_tables([])
    return {name: pa.concat_tables(tables).combine_chunks() if tables else empty[name]
            for name, tables in parts.items()}


def _add_chunk(parts: dict[str, list[pa.Table]], chunk: list[Document]) -> None:
    if not chunk:
        return
    for name, table in arrow_tables(chunk).items():
        if len(table):
            parts[name].append(table)


def _status_count(tables: dict[str, pa.Table], status: str) -> int:
    return tables["documents"].column("status").to_pylist().count(status)


def run_batch(items: list[InputFile], config: BatchConfig, observer: BatchObserver | None = None,
              executor: Executor | None = None) -> BatchResult:
    """Process, record and write one batch; see the module docstring for the order of work."""
    observer = observer or BatchObserver()
    started = time.perf_counter()
    executor = executor or batch_executor(config, len(items), any(i.path.suffix.lower() == ".pdf" for i in items))
    try:
        with Catalog(state_path(config.out_dir), config.options) as catalog:
            observer.stage("hashing")
            inputs = hash_inputs(items)
            if config.replace:
                catalog.keep_only(p.item.source for p in inputs)
            catalog.note_sources((p.item.source, p.sha256, p.size, path_text(p.item.path)) for p in inputs if p.sha256)
            plan = make_plan(inputs, catalog.recorded(), config.force, config.retry_failed)
            run_started = catalog.start_run(len(items))
            observer.planned(plan)
            with Background(_load_tail, config) if plan.todo and not _in_process(executor) else nullcontext():
                processed = process_plan(plan, catalog, executor, config.options, observer)
            observer.stage("tables")
            documents = iter_documents(plan, catalog)
            report_pages = _report_writer(plan, catalog, config) if config.report else None
            if report_pages is not None:  # each document read once from the catalog, for tables and its page
                documents = report_pages.passing(documents)
            tables = tables_from(documents)
            parquet = write_parquet_files(tables, config.out_dir)
            with Background(publish_catalog, tables, config.out_dir, parquet) as publishing:  # DuckDB, off the GIL
                written = write_people_files(tables, config.out_dir, xlsx=config.xlsx,
                                             schema_extra=config.options.schema_extra, parquet=parquet)
            catalog_path = publishing.result()
            catalog.finish_run(run_started, processed, plan.reused, _status_count(tables, "failed"))
            report = None
            if config.report:
                observer.stage("report")
                report = report_pages.finish()
                remove_stale_pages(report_pages.report_dir, held_sources(plan, catalog))
    finally:
        close = getattr(executor, "close", None)
        if close is not None:  # workers started ahead of a run that failed before them
            close()
    return BatchResult(arrow=tables, written=written, plan=plan, processed=processed,
                       seconds=time.perf_counter() - started, catalog=catalog_path, report=report)


def _in_process(executor: Executor) -> bool:
    """Whether documents are read by this process's own thread (``--workers 0``)."""
    from jixiao.pipeline.batch.executors import _SerialExecutor

    return isinstance(executor, _SerialExecutor)


def _load_tail(config: BatchConfig) -> None:
    """Load what the stages after the reading use (the schema mapper of unmapped.csv, the report's
    modules) while this process waits for its workers, instead of after the last document."""
    try:
        from jixiao.normalizers.mapping import load_schema
        import jixiao.pipeline.outputs.unmapped  # noqa: F401

        load_schema(config.options.schema_extra)
        if config.report:
            import jixiao.pipeline.outputs.report  # noqa: F401
    except Exception:  # noqa: BLE001 - the stage that needs them imports them again and reports the error
        pass


class Background:
    """``function(*args)`` in a thread for the length of a ``with`` block; :meth:`result` gives its
    return value or raises its exception. The block's own exception wins, after the thread ends."""

    def __init__(self, function, *args) -> None:
        self._function, self._args = function, args
        self._value = self._error = None

    def __enter__(self) -> Background:
        self._thread = threading.Thread(target=self._run, daemon=True, name="jixiao-background")
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._value = self._function(*self._args)
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self._error = exc

    def __exit__(self, *exc) -> None:
        self._thread.join()

    def result(self):
        if self._error is not None:
            raise self._error
        return self._value


def _report_writer(plan: Plan, catalog: Catalog, config: BatchConfig):
    """The report writer of this batch: pictures the workers did not draw are drawn under their limits."""
    from jixiao.pipeline.outputs.report import ReportWriter

    held = held_sources(plan, catalog)
    paths = {source: path_from_text(path) for source, (_, _, path) in held.items()}
    guard = (guard_worker, (os.getpid(), config.max_memory))  # pictures under the workers' limits
    workers = default_workers() if config.workers is None else config.workers
    return ReportWriter(paths, config.out_dir / "report", workers=workers, guard=guard, lang=config.lang)


def remove_stale_pages(report_dir: Path, held: dict[str, tuple[PlannedInput | None, str, str]]) -> None:
    """Pages and pictures of documents the folder no longer holds would be orphans: remove them."""
    from jixiao.pipeline.outputs.report.data import doc_slug

    pages = {f"{doc_slug(source)}.html" for source in held}
    prefixes = {sha[:20] for _, sha, _ in held.values() if sha}
    for page in (report_dir / "docs").glob("doc-*.html"):
        if page.name not in pages:
            page.unlink()
    for picture in (report_dir / "pages").glob("*.png"):
        if picture.name.split("-p")[0] not in prefixes:
            picture.unlink()
