"""A batch over an archive: every file accounted for, resumable, the same bytes every time.

The order of work is what makes a killed run harmless:

1. hash every input; identical contents under several names become one task;
2. skip contents the catalog already holds for this pipeline version and settings;
3. run the rest on an executor, committing each Document to the catalog as it
   finishes (the catalog, not memory, is the record of the run);
4. build the output tables for *all* inputs from the catalog and write them
   atomically, then the review report.

Step 4 reads only the catalog, so a run resumed after SIGKILL ends with the same
outputs as one that was never interrupted.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from jixiao.models import Document
from jixiao.pipeline.batch.catalog import CATALOG_NAME, Catalog
from jixiao.pipeline.process import ExtractOptions, file_sha256
from jixiao.pipeline.batch.executors import Executor, make_executor
from jixiao.pipeline.outputs.files import TABLE_NAMES, write_tables
from jixiao.pipeline.batch.inputs import InputFile
from jixiao.pipeline.outputs.tables import build_tables

#: Documents turned into table rows at a time: bounds memory on archives of thousands.
_CHUNK = 200


@dataclass(frozen=True)
class BatchConfig:
    """Everything `jixiao extract` decides about a run besides its inputs."""

    out_dir: Path
    options: ExtractOptions = field(default_factory=ExtractOptions)
    workers: int = 1
    timeout: float = 300.0
    executor: str = "process"
    address: str | None = None
    force: bool = False
    retry_failed: bool = False
    xlsx: bool = False
    report: bool = True


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
    #: One input per content that must be (re)processed, in name order.
    todo: list[InputFile]
    #: name(s) for every content hash, first name first.
    names: dict[str, list[str]]
    #: contents whose recorded result is reused.
    reused: int

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
    tables: dict[str, pd.DataFrame]
    written: list[Path]
    plan: Plan
    processed: int
    seconds: float
    catalog: Path
    report: Path | None = None

    def count(self, status: str) -> int:
        return int((self.tables["documents"]["status"] == status).sum())

    @property
    def failed(self) -> int:
        return self.count("failed")


def _hash_input(item: InputFile) -> PlannedInput:
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

    todo = [item for sha, item in first.items() if needs_work(sha)]
    return Plan(inputs=inputs, todo=todo, names=names, reused=len(first) - len(todo))


def process_plan(plan: Plan, catalog: Catalog, executor: Executor, options: ExtractOptions,
                 observer: BatchObserver) -> int:
    """Run the plan's work, committing each result as it arrives; returns how many ran."""
    sha_of = {p.item.source: p.sha256 for p in plan.inputs if p.sha256}
    done = 0
    with closing(executor.run(plan.todo, options)) as outcomes:
        for item, doc in outcomes:
            sha = sha_of[item.source]
            doc.sha256 = sha
            catalog.record(sha, doc)
            done += 1
            observer.finished(doc, plan.names[sha])
    return done


def iter_documents(plan: Plan, catalog: Catalog) -> Iterator[Document]:
    """Every input's Document, in name order, as the catalog records it."""
    for planned in sorted(plan.inputs, key=lambda p: p.item.source):
        source = planned.item.source
        if planned.error:
            yield Document(source_file=source, status="failed", error=planned.error)
            continue
        doc = catalog.load(planned.sha256, source)
        yield doc or Document(source_file=source, sha256=planned.sha256, status="failed",
                              error="no result recorded (run interrupted?)")


def tables_from(documents: Iterator[Document]) -> dict[str, pd.DataFrame]:
    """build_tables over chunks of documents, so an archive never sits in memory at once."""
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLE_NAMES}
    chunk: list[Document] = []
    for doc in documents:
        chunk.append(doc)
        if len(chunk) == _CHUNK:
            _add_chunk(parts, chunk)
            chunk = []
    _add_chunk(parts, chunk)
    empty = build_tables([])
    return {name: pd.concat(frames, ignore_index=True) if frames else empty[name]
            for name, frames in parts.items()}


def _add_chunk(parts: dict[str, list[pd.DataFrame]], chunk: list[Document]) -> None:
    if not chunk:
        return
    for name, frame in build_tables(chunk).items():
        if len(frame):
            parts[name].append(frame)


def run_batch(items: list[InputFile], config: BatchConfig, observer: BatchObserver | None = None,
              executor: Executor | None = None) -> BatchResult:
    """Process, record and write one batch; see the module docstring for the order of work."""
    observer = observer or BatchObserver()
    started = time.perf_counter()
    catalog_path = config.out_dir / CATALOG_NAME
    with Catalog(catalog_path, config.options) as catalog:
        observer.stage("hashing")
        inputs = hash_inputs(items)
        catalog.note_sources((p.item.source, p.sha256, p.size) for p in inputs if p.sha256)
        plan = make_plan(inputs, catalog.recorded(), config.force, config.retry_failed)
        run_started = catalog.start_run(len(items))
        observer.planned(plan)
        executor = executor or make_executor(config.executor, config.workers, config.timeout, config.address)
        processed = process_plan(plan, catalog, executor, config.options, observer)
        observer.stage("tables")
        tables = tables_from(iter_documents(plan, catalog))
        written = write_tables(tables, config.out_dir, xlsx=config.xlsx, schema_extra=config.options.schema_extra)
        catalog.publish(tables)
        catalog.finish_run(run_started, processed, plan.reused, int((tables["documents"]["status"] == "failed").sum()))
        report = None
        if config.report:
            observer.stage("report")
            report = _write_report(plan, catalog, config)
    return BatchResult(tables=tables, written=written, plan=plan, processed=processed,
                       seconds=time.perf_counter() - started, catalog=catalog_path, report=report)


def _write_report(plan: Plan, catalog: Catalog, config: BatchConfig) -> Path:
    from jixiao.pipeline.outputs.report import write_report

    paths = {p.item.source: p.item.path for p in plan.inputs}
    return write_report(iter_documents(plan, catalog), paths, config.out_dir / "report", workers=config.workers)
