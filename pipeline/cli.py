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

from jixiao.extractors.pages import ReadOptions
from jixiao.pipeline.process import ExtractOptions, Limits

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Chinese performance self-assessment PDFs to checked data.")
console = Console(stderr=True)


def _options(extractor: str, ocr: str, ocr_engine: str, schema: Optional[Path], max_pages: int, max_mb: float,
             verify_fonts: bool = True) -> ExtractOptions:
    return ExtractOptions(
        read=ReadOptions(extractor=extractor, ocr=ocr, ocr_engine=ocr_engine, verify_fonts=verify_fonts),
        limits=Limits(max_pages=max_pages, max_megabytes=max_mb),
        schema_extra=str(schema) if schema else None,
    )


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="PDF files, directories (recursive) or globs"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="output directory (tables, catalog, report)"),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", help="parallel worker processes (0: in this process, no timeout)"),
    timeout: float = typer.Option(300.0, "--timeout", help="seconds one document may take before its worker is killed"),
    executor: str = typer.Option("process", "--executor", help="process | ray (needs the 'ray' extra)"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start a local instance)"),
    force: bool = typer.Option(False, "--force", help="re-read every file, ignoring results in the catalog"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="re-read files whose recorded result is 'failed'"),
    extractor: str = typer.Option("text", help="grid extractor for text-layer pages: text | camelot"),
    ocr: str = typer.Option("auto", help="auto (route per page) | never | always"),
    ocr_engine: str = typer.Option("rapidocr", help="rapidocr | paddle"),
    verify_fonts: bool = typer.Option(True, "--verify-fonts/--no-verify-fonts",
                                      help="check each font of a text layer glyph by glyph and repair lying ones"),
    schema: Optional[Path] = typer.Option(None, help="extra canonical-schema YAML merged on top of the built-in one"),
    max_pages: int = typer.Option(200, help="refuse PDFs with more pages"),
    max_mb: float = typer.Option(200.0, help="refuse files larger than this (MB)"),
    xlsx: bool = typer.Option(False, "--xlsx", help="also write DIR/jixiao.xlsx with a sheet per table"),
    report: bool = typer.Option(True, "--report/--no-report", help="write the HTML review report DIR/report/index.html"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="log lines instead of the progress bar"),
) -> None:
    """Extract every form of every input into DIR/{documents,forms,indicators,findings,fonts}.{csv,parquet}.

    Results are recorded in DIR/jixiao.duckdb as each document finishes; a rerun
    skips what is recorded. Exit code 0 when no file failed, 1 when any failed,
    2 for usage errors or a catalog held by another process, 130 when interrupted.
    """
    from jixiao.pipeline.batch.run import BatchConfig, run_batch
    from jixiao.pipeline.batch.catalog import CatalogBusy
    from jixiao.pipeline.batch.inputs import discover
    from jixiao.pipeline.batch.progress import observer_for

    _check_executor(executor)
    items = discover(inputs)
    config = BatchConfig(
        out_dir=out, options=_options(extractor, ocr, ocr_engine, schema, max_pages, max_mb, verify_fonts), workers=workers,
        timeout=timeout, executor=executor, address=address, force=force, retry_failed=retry_failed,
        xlsx=xlsx, report=report,
    )
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


def _check_executor(executor: str) -> None:
    """Refuse an unknown executor, or Ray when the extra is missing, before any work starts."""
    import importlib.util

    if executor not in ("process", "ray"):
        raise typer.BadParameter(f"{executor!r} is not one of: process, ray", param_hint="--executor")
    if executor == "ray" and importlib.util.find_spec("ray") is None:
        raise typer.BadParameter("Ray is not installed: pip install 'jixiao[ray]'", param_hint="--executor")


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
        ("outputs", f"{result.catalog.parent}/{{documents,forms,indicators,findings,fonts}}.{{csv,parquet}}"),
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
    ocr: str = typer.Option("auto", help="auto | never | always"),
) -> None:
    """Print one file's forms and the validator's findings."""
    from jixiao.pipeline.outputs.console import render_check
    from jixiao.pipeline.process import process_document

    doc = process_document(file, file.name, _options("text", ocr, "rapidocr", None, 200, 200.0))
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
