"""`jixiao` command line: a thin layer over :mod:`jixiao.pipeline.api` and :mod:`jixiao.pipeline.batch.run`."""
from __future__ import annotations

import sys

from jixiao.pipeline.batch.server import start_early

start_early(sys.argv[1:])  # `jixiao extract`: the workers' fork server imports while this process does

import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Optional  # noqa: E402

import typer  # noqa: E402
from rich.console import Console
from rich.table import Table

from enum import Enum

from pydantic import ValidationError

from jixiao import __version__
from jixiao.extractors.readers import OCR_ENGINES, OCR_RUNTIMES, reader_names
from jixiao.pipeline.settings import BatchConfig, ExtractOptions, batch_config, describe_error, extract_options

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Chinese performance self-assessment PDFs to checked data.")
console = Console(stderr=True)

OCR_MODES = ("auto", "never", "always")
EXECUTORS = ("process", "ray")


def _choices(name: str, values) -> type[Enum]:
    """A str Enum typer turns into a choice listed in --help and checked before anything runs."""
    return Enum(name, {value: value for value in values}, type=str)


Extractor = _choices("Extractor", reader_names("text"))
OcrMode = _choices("OcrMode", OCR_MODES)
OcrEngine = _choices("OcrEngine", OCR_ENGINES)
OcrRuntime = _choices("OcrRuntime", OCR_RUNTIMES)
ExecutorKind = _choices("ExecutorKind", EXECUTORS)


def _settings(build, *args, **keywords):
    """Build validated settings, or end with a usage error (exit 2) naming what is allowed."""
    try:
        return build(*args, **keywords)
    except ValidationError as exc:
        console.print(f"[red]error:[/] {describe_error(exc)}", highlight=False)
        raise typer.Exit(code=2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="print the version and exit"),
) -> None:
    """Chinese performance self-assessment PDFs to checked data."""


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="PDF files, directories (recursive) or globs"),
    out: Path = typer.Option(Path("out"), "--out", "--output", "-o", help="output directory (tables, catalog, report)"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", show_default="one per core as memory allows, at most one per input",
                                          help="parallel worker processes (0: in this process, no timeout)"),
    timeout: float = typer.Option(300.0, "--timeout", help="seconds one document may take before its worker is killed"),
    executor: ExecutorKind = typer.Option("process", "--executor", help="ray needs the 'ray' extra"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start a local instance)"),
    force: bool = typer.Option(False, "--force", help="re-read every file, ignoring results in the catalog"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="re-read files whose recorded result is 'failed'"),
    replace: bool = typer.Option(False, "--replace", help="outputs show this run's inputs only (default: runs into one DIR accumulate)"),
    extractor: Extractor = typer.Option("text", help="reader for text-layer pages"),
    ocr: OcrMode = typer.Option("auto", help="auto routes each page"),
    ocr_engine: OcrEngine = typer.Option("rapidocr", help="paddle needs the 'paddle' extra"),
    reread: bool = typer.Option(True, "--reread/--no-reread",
                                help="read doubtful cells a second time (OCR) before reporting findings on them"),
    verify_fonts: bool = typer.Option(True, "--verify-fonts/--no-verify-fonts",
                                      help="check each font of a text layer glyph by glyph and repair lying ones"),
    ocr_runtime: OcrRuntime = typer.Option("onnxruntime", help="runtime of the recogniser; openvino needs the 'openvino' extra"),
    schema: Optional[Path] = typer.Option(None, help="extra canonical-schema YAML merged on top of the built-in one"),
    max_pages: int = typer.Option(200, help="refuse PDFs with more pages"),
    max_mb: float = typer.Option(200.0, help="refuse files larger than this (MB)"),
    max_memory: int = typer.Option(2048, help="MB one worker may hold; a file that needs more fails"),
    max_pixels: float = typer.Option(64.0, "--max-pixels", help="megapixels a page may have at the OCR resolution; larger pages are skipped"),
    xlsx: bool = typer.Option(False, "--xlsx", help="also write DIR/jixiao.xlsx with a sheet per table"),
    report: bool = typer.Option(True, "--report/--no-report", help="write the HTML review report DIR/report/index.html"),
    lang: str = typer.Option("zh", "--lang", help="language of the review report: zh (default) or en"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="log lines instead of the progress bar"),
) -> None:
    """Extract every form of every input into DIR/{documents,forms,indicators,findings,fonts}.{csv,parquet}.

    Results are recorded in DIR/.jixiao/ as each document finishes; a rerun
    skips what is recorded. Runs into one DIR accumulate: the tables hold every
    file DIR has seen (--replace: this run's only). DIR/jixiao.duckdb is a
    read-only copy of the tables to query. Exit code 0 when no file failed, 1
    when any failed, 2 for usage errors or another run using DIR, 3 when the
    output directory, disk or run state failed (disk full, not writable, not a
    directory), 4 when jixiao itself failed (a bug: its traceback is printed), 130 when interrupted.
    """
    config: BatchConfig = _settings(
        batch_config, out, workers=workers, timeout=timeout, executor=executor.value, address=address, force=force,
        retry_failed=retry_failed, replace=replace, xlsx=xlsx, report=report, lang=lang, extractor=extractor.value,
        ocr=ocr.value, ocr_engine=ocr_engine.value, ocr_runtime=ocr_runtime.value, reread=reread,
        verify_fonts=verify_fonts,
        schema=schema, max_pages=max_pages, max_mb=max_mb, max_memory=max_memory, max_megapixels=max_pixels,
    )
    from jixiao.pipeline.batch.executors import batch_executor
    from jixiao.pipeline.batch.inputs import discover
    from jixiao.pipeline.outputs.files import arrow_without_pandas

    arrow_without_pandas()  # the batch writes Arrow tables: pandas would only cost its import
    items = discover(inputs)
    pdfs = any(item.path.suffix.lower() == ".pdf" for item in items)
    started = batch_executor(config, len(items), pdfs)  # workers start while the batch loads its libraries and plans
    from jixiao.pipeline.batch.run import run_batch
    from jixiao.pipeline.batch.catalog import CATALOG_IO_ERRORS, CatalogBusy
    from jixiao.pipeline.batch.progress import observer_for

    try:
        with observer_for(quiet) as observer:
            result = run_batch(items, config, observer, executor=started)
    except CatalogBusy as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(code=2)
    except (OSError, *CATALOG_IO_ERRORS) as exc:
        console.print(f"[red]error:[/] {environment_failure(exc, out)}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=ENVIRONMENT_EXIT_CODE)
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted: finished documents are recorded in {out / '.jixiao'}; run again to resume")
        raise typer.Exit(code=130)
    _print_summary(result, quiet)
    raise typer.Exit(code=1 if result.failed else 0)


#: Exit code of a run ended by its environment (disk full, --out unusable, catalog I/O).
ENVIRONMENT_EXIT_CODE = 3


def environment_failure(exc: Exception, out: Path) -> str:
    """One line saying what in the environment failed and that a rerun resumes."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            what = f"--out {out} is not a directory{where}"
        else:
            what = f"cannot write to {out}: {exc.strerror or exc}{where}"
    else:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        what = f"the run state in {out / '.jixiao'} failed: {first}"
    return what + "; fix this and run again: documents already finished are kept in the catalog"


def _print_summary(result, quiet: bool) -> None:
    from jixiao.pipeline.outputs.summary import render_summary

    render_summary(result, Console())


def _existing(path: Path, what: str, directory: bool = False) -> None:
    """A missing input is the caller's mistake: a usage error (exit 2), not an internal one."""
    if not (path.is_dir() if directory else path.is_file()):
        console.print(f"[red]error:[/] {what} not found: {path}", highlight=False)
        raise typer.Exit(code=2)


@app.command()
def check(
    file: Path = typer.Argument(..., help="one PDF"),
    ocr: OcrMode = typer.Option("auto", help="auto routes each page"),
    as_json: bool = typer.Option(False, "--json", help="print the Document (forms, indicator rows, findings) as JSON"),
    rows: bool = typer.Option(True, "--rows/--no-rows", help="print each form's indicator rows"),
) -> None:
    """Print one file's forms, indicator rows and the validator's findings."""
    from jixiao.pipeline.outputs.console import render_check
    from jixiao.pipeline.process import process_document

    _existing(file, "file")
    options: ExtractOptions = _settings(extract_options, ocr=ocr.value)
    doc = process_document(file, file.name, options)
    if as_json:
        sys.stdout.write(doc.model_dump_json(indent=2) + "\n")
        raise typer.Exit(code=1 if doc.status == "failed" else 0)
    if doc.status == "failed":
        console.print(f"[red]{file}: {doc.error}")
        raise typer.Exit(code=1)
    render_check(doc.source_file, doc.forms, doc.findings, Console(), rows=rows)


@app.command("eval")
def evaluate(
    out_dir: Path = typer.Argument(..., help="an extraction output directory"),
    truth_dir: Path = typer.Argument(..., help="directory of truth JSON files"),
    manifest: Optional[Path] = typer.Option(None, help="manifest.json mapping PDFs to truth (default: TRUTH_DIR/../manifest.json)"),
) -> None:
    """Compare an extraction with truth; print a table and write OUT_DIR/eval.json."""
    from jixiao.pipeline.evaluation.scorer import evaluate_output, print_report

    _existing(out_dir, "output directory", directory=True)
    _existing(out_dir / "documents.parquet", "extraction output (run jixiao extract first)")
    _existing(truth_dir, "truth directory", directory=True)
    if manifest is not None:
        _existing(manifest, "manifest")
    report = evaluate_output(out_dir, truth_dir, manifest)
    print_report(report, Console())
    (out_dir / "eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


@app.command()
def schema(
    tables: bool = typer.Option(False, "--tables", help="the output tables' columns, types and descriptions instead"),
) -> None:
    """Print the JSON Schema of the Document model (forms, indicators, findings, provenance), every field described."""
    if tables:
        from jixiao.pipeline.outputs.dictionary import TABLE_DESCRIPTIONS, TABLES, UNMAPPED

        described = {name: {"description": TABLE_DESCRIPTIONS[name],
                            "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in cols]}
                     for name, cols in {**TABLES, "unmapped": UNMAPPED}.items()}
        sys.stdout.write(json.dumps(described, ensure_ascii=False, indent=2) + "\n")
        return
    from jixiao.models import Document

    sys.stdout.write(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def sql(
    query: str = typer.Argument(..., help="a DuckDB SELECT over documents, forms, indicators, findings (and views)"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="the output directory whose catalog to query"),
    csv_out: bool = typer.Option(False, "--csv", help="print CSV instead of a table"),
) -> None:
    """Query DIR/jixiao.duckdb read-only (no DuckDB CLI needed)."""
    import duckdb

    from jixiao.pipeline.batch.catalog import CATALOG_NAME

    _existing(out / CATALOG_NAME, "catalog (run jixiao extract first)")
    with duckdb.connect(str(out / CATALOG_NAME), read_only=True) as db:
        try:
            frame = db.execute(query).df()
        except duckdb.Error as exc:
            console.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(code=2)
    if csv_out:
        frame.to_csv(sys.stdout, index=False)
        return
    table = Table(show_lines=False)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*[_shown(v) for v in row])
    Console().print(table)
    Console(stderr=True).print(f"[dim]{len(frame)} rows")


def _shown(value) -> str:
    """A query result cell as text: empty for NULL, lists as lists."""
    import pandas as pd

    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return str(list(value))
    return "" if pd.isna(value) else str(value)


#: Exit code of a failure of jixiao itself (an uncaught exception): Python's own code for it is 1,
#: which `extract` uses for "the batch finished, some file could not be read".
INTERNAL_ERROR_EXIT_CODE = 4


def main() -> None:
    """The `jixiao` command: an uncaught exception is a bug of the program, not of an input, and exits
    INTERNAL_ERROR_EXIT_CODE after its traceback, so a script can tell it from files that failed."""
    import traceback

    try:
        app()
    except Exception:  # SystemExit (typer's exit codes) and KeyboardInterrupt pass through
        traceback.print_exc()
        sys.exit(INTERNAL_ERROR_EXIT_CODE)


if __name__ == "__main__":
    main()
