"""`jixiao` command line: a thin layer over :mod:`jixiao.pipeline.api` and :mod:`jixiao.pipeline.batch.run`."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from enum import Enum

from pydantic import ValidationError

from jixiao import __version__
from jixiao.extractors.readers import OCR_ENGINES, reader_names
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
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", help="parallel worker processes (0: in this process, no timeout)"),
    timeout: float = typer.Option(300.0, "--timeout", help="seconds one document may take before its worker is killed"),
    executor: ExecutorKind = typer.Option("process", "--executor", help="ray needs the 'ray' extra"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start a local instance)"),
    force: bool = typer.Option(False, "--force", help="re-read every file, ignoring results in the catalog"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="re-read files whose recorded result is 'failed'"),
    extractor: Extractor = typer.Option("text", help="reader for text-layer pages"),
    ocr: OcrMode = typer.Option("auto", help="auto routes each page"),
    ocr_engine: OcrEngine = typer.Option("rapidocr", help="paddle needs the 'paddle' extra"),
    reread: bool = typer.Option(True, "--reread/--no-reread",
                                help="read doubtful cells a second time (OCR) before reporting findings on them"),
    schema: Optional[Path] = typer.Option(None, help="extra canonical-schema YAML merged on top of the built-in one"),
    max_pages: int = typer.Option(200, help="refuse PDFs with more pages"),
    max_mb: float = typer.Option(200.0, help="refuse files larger than this (MB)"),
    xlsx: bool = typer.Option(False, "--xlsx", help="also write DIR/jixiao.xlsx with the four sheets"),
    report: bool = typer.Option(True, "--report/--no-report", help="write the HTML review report DIR/report/index.html"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="log lines instead of the progress bar"),
) -> None:
    """Extract every form of every input into DIR/{documents,forms,indicators,findings}.{csv,parquet}.

    Results are recorded in DIR/jixiao.duckdb as each document finishes; a rerun
    skips what is recorded. Exit code 0 when no file failed, 1 when any failed,
    2 for usage errors or a catalog held by another process, 130 when interrupted.
    """
    config: BatchConfig = _settings(
        batch_config, out, workers=workers, timeout=timeout, executor=executor.value, address=address, force=force,
        retry_failed=retry_failed, xlsx=xlsx, report=report, extractor=extractor.value, ocr=ocr.value,
        ocr_engine=ocr_engine.value, reread=reread,
        schema=schema, max_pages=max_pages, max_mb=max_mb,
    )
    from jixiao.pipeline.batch.run import run_batch
    from jixiao.pipeline.batch.catalog import CatalogBusy
    from jixiao.pipeline.batch.inputs import discover
    from jixiao.pipeline.batch.progress import observer_for

    items = discover(inputs)
    try:
        with observer_for(quiet) as observer:
            result = run_batch(items, config, observer)
    except CatalogBusy as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(code=2)
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted: finished documents are recorded in {out / 'jixiao.duckdb'}; run again to resume")
        raise typer.Exit(code=130)
    _print_summary(result, quiet)
    raise typer.Exit(code=1 if result.failed else 0)


#: Problem files listed in the summary; the rest are in documents.csv and the report.
_SUMMARY_PROBLEMS = 25


def _print_summary(result, quiet: bool) -> None:
    docs = result.tables["documents"]
    out = Console()
    totals = Table(title="jixiao extract", show_header=False)
    totals.add_column(justify="right")
    totals.add_column()
    pages = int(docs["pages"].fillna(0).sum())
    rows = [
        ("inputs", f"{len(docs)} files ({len(result.plan.names)} distinct contents, {result.plan.duplicates} duplicate names)"),
        ("this run", f"{result.processed} read, {result.plan.reused} reused from the catalog"),
        ("status", f"{result.count('ok')} ok, {result.count('partial')} partial, {result.failed} failed"),
        ("found", f"{pages} pages, {len(result.tables['forms'])} forms, {len(result.tables['indicators'])} indicators, {len(result.tables['findings'])} findings"),
        ("time", f"{result.seconds:.1f} s"),
        ("outputs", f"{result.catalog.parent}/{{documents,forms,indicators,findings}}.{{csv,parquet}}"),
        ("catalog", str(result.catalog)),
    ]
    if result.report:
        rows.append(("report", str(result.report)))
    for key, value in rows:
        totals.add_row(key, value)
    out.print(totals)
    problems = docs[docs["status"] != "ok"]
    if len(problems):
        table = Table(title=f"{len(problems)} files not fully read" + (f" (first {_SUMMARY_PROBLEMS})" if len(problems) > _SUMMARY_PROBLEMS else ""))
        for col in ("file", "status", "error"):
            table.add_column(col, overflow="fold")
        for row in problems.head(_SUMMARY_PROBLEMS).itertuples():
            table.add_row(row.source_file, row.status, row.error or "")
        out.print(table)


@app.command()
def check(
    file: Path = typer.Argument(..., help="one PDF"),
    ocr: OcrMode = typer.Option("auto", help="auto routes each page"),
) -> None:
    """Print one file's forms and the validator's findings."""
    from jixiao.pipeline.outputs.console import render_check
    from jixiao.pipeline.process import process_document

    options: ExtractOptions = _settings(extract_options, ocr=ocr.value)
    doc = process_document(file, file.name, options)
    if doc.status == "failed":
        console.print(f"[red]{file}: {doc.error}")
        raise typer.Exit(code=1)
    render_check(doc.source_file, doc.forms, doc.findings, Console())


@app.command("eval")
def evaluate(
    out_dir: Path = typer.Argument(..., help="an extraction output directory"),
    truth_dir: Path = typer.Argument(..., help="directory of truth JSON files"),
    manifest: Optional[Path] = typer.Option(None, help="manifest.json mapping PDFs to truth (default: TRUTH_DIR/../manifest.json)"),
) -> None:
    """Compare an extraction with truth; print a table and write OUT_DIR/eval.json."""
    from jixiao.pipeline.evaluation.scorer import evaluate_output, print_report

    report = evaluate_output(out_dir, truth_dir, manifest)
    print_report(report, Console())
    (out_dir / "eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Document model (forms, indicators, findings, provenance)."""
    from jixiao.models import Document

    sys.stdout.write(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
