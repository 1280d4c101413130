"""`jixiao` command line: a thin layer over :mod:`pipeline.api` and :mod:`pipeline.batch`."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from extractors.reader import ReadOptions
from pipeline.document import ExtractOptions, Limits

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Chinese performance self-assessment PDFs to checked data.")
console = Console(stderr=True)


def _options(extractor: str, ocr: str, ocr_engine: str, schema: Optional[Path], max_pages: int, max_mb: float) -> ExtractOptions:
    return ExtractOptions(
        read=ReadOptions(extractor=extractor, ocr=ocr, ocr_engine=ocr_engine),
        limits=Limits(max_pages=max_pages, max_megabytes=max_mb),
        schema_extra=str(schema) if schema else None,
    )


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="PDF files, directories (recursive) or globs"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="output directory"),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", help="parallel worker processes"),
    extractor: str = typer.Option("text", help="grid extractor for text-layer pages: text | camelot"),
    ocr: str = typer.Option("auto", help="auto (route per page) | never | always"),
    ocr_engine: str = typer.Option("rapidocr", help="rapidocr | paddle"),
    schema: Optional[Path] = typer.Option(None, help="extra canonical-schema YAML merged on top of the built-in one"),
    max_pages: int = typer.Option(200, help="refuse PDFs with more pages"),
    max_mb: float = typer.Option(200.0, help="refuse files larger than this (MB)"),
    xlsx: bool = typer.Option(False, "--xlsx", help="also write DIR/jixiao.xlsx with the four sheets"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress display"),
) -> None:
    """Extract every form of every input into DIR/{documents,forms,indicators,findings}.{csv,parquet}."""
    from pipeline.batch import run_batch
    from pipeline.inputs import discover

    items = discover(inputs)
    options = _options(extractor, ocr, ocr_engine, schema, max_pages, max_mb)
    result = run_batch(items, out, options, workers=workers, xlsx=xlsx)
    _print_summary(result.documents, out)
    raise typer.Exit(code=1 if result.failed else 0)


def _print_summary(documents, out: Path) -> None:
    table = Table(title=f"jixiao: {len(documents)} files → {out}/")
    for col in ("file", "status", "pages", "forms", "indicators", "findings", "s", "error"):
        table.add_column(col)
    for doc in sorted(documents, key=lambda d: d.source_file):
        table.add_row(
            doc.source_file, doc.status, str(doc.pages), str(len(doc.forms)),
            str(sum(len(f.indicators) for f in doc.forms)), str(len(doc.findings)),
            f"{doc.seconds:.2f}", doc.error[:60],
        )
    Console().print(table)


@app.command()
def check(
    file: Path = typer.Argument(..., help="one PDF"),
    ocr: str = typer.Option("auto", help="auto | never | always"),
) -> None:
    """Print one file's forms and the validator's findings."""
    from pipeline.check_view import render_check
    from pipeline.document import process_document

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
    from pipeline.evaluate import evaluate_output, print_report

    report = evaluate_output(out_dir, truth_dir, manifest)
    print_report(report, Console())
    (out_dir / "eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Document model (forms, indicators, findings, provenance)."""
    from models import Document

    sys.stdout.write(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
