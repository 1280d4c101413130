"""The end of `jixiao extract`: what happened, what was written, what to open next.

Fits an 80-column terminal: short labels, values folded rather than cut, the
outputs named one per line, findings broken down by severity.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.pipeline.outputs.console import SEVERITY_ORDER, SEVERITY_STYLE
from jixiao.pipeline.outputs.dictionary import TABLES

#: Problem files listed in the summary; the rest are in documents.csv and the report.
SUMMARY_PROBLEMS = 25
#: The summary never grows wider than this, whatever the terminal.
WIDTH = 80


def _shown(path: Path) -> str:
    """Paths as the user would type them: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def severity_counts(findings) -> Text:
    """``findings``: the findings table (Arrow)."""
    severities = _values(findings, "severity")
    counts = Counter(severities)
    text = Text()
    for severity in SEVERITY_ORDER:
        n = int(counts.get(severity, 0))
        text.append(f"{n} {severity}", style=SEVERITY_STYLE[severity] if n else "dim")
        text.append(", ")
    text.append(f"{len(severities)} findings in all")
    return text


def _values(table, column: str) -> list:
    """A column of an Arrow table as a list (missing: None)."""
    return table.column(column).to_pylist()


def outputs_lines(result) -> list[str]:
    """Every file written, grouped: the tables in two formats share a line."""
    written = [Path(p) for p in result.written]
    tables = sorted({p.stem for p in written if p.suffix in (".csv", ".parquet") and p.stem != "unmapped"},
                    key=list(TABLES).index)
    folder = _shown(result.catalog.parent)
    lines = [f"{folder}/{{{','.join(tables)}}}.{{csv,parquet}}"] if tables else []
    lines += [_shown(p) for p in written if p.stem == "unmapped" or p.suffix == ".xlsx"]
    return lines


def render_summary(result, console: Console) -> None:
    tables = result.arrow
    docs = {name: _values(tables["documents"], name) for name in ("source_file", "pages", "status", "error")}
    held = len(docs["source_file"])
    width = min(console.width, WIDTH)
    totals = Table(title="jixiao extract", title_justify="left", show_header=False, width=width, box=None)
    totals.add_column(style="bold", no_wrap=True)
    totals.add_column(overflow="fold", ratio=1)
    pages = sum(p or 0 for p in docs["pages"])
    this_run = len(result.plan.inputs)
    rows: list[tuple[str, str | Text]] = [
        ("inputs", f"{this_run} files this run ({len(result.plan.names)} distinct contents, "
                   f"{result.plan.duplicates} duplicate names): {result.processed} read, "
                   f"{result.plan.reused} reused"),
        ("holds", f"{held} files in {_shown(result.catalog.parent)}"
                  + (f" ({held - this_run} from earlier runs; --replace to drop them)"
                     if held > this_run else "")),
        ("status", f"{result.count('ok')} ok, {result.count('partial')} partial, {result.failed} failed"
                   + (f", {result.count('skipped')} skipped" if result.count("skipped") else "")),
        ("found", f"{pages} pages, {tables['forms'].num_rows} forms, {tables['indicators'].num_rows} indicator rows"),
        ("findings", severity_counts(tables["findings"])),
        ("time", f"{result.seconds:.1f} s"),
    ]
    rows += [("outputs" if i == 0 else "", line) for i, line in enumerate(outputs_lines(result))]
    rows.append(("catalog", f"{_shown(result.catalog)} (read-only; jixiao sql \"select …\" "
                            f"--out {_shown(result.catalog.parent)})"))
    if result.report:
        rows.append(("report", _shown(result.report)))
    rows.append(("next", f"open {_shown(result.report)} in a browser" if result.report
                 else f"open {_shown(result.catalog.parent / 'forms.csv')} in a spreadsheet"))
    for key, value in rows:
        totals.add_row(key, Text(value) if isinstance(value, str) else value)
    console.print(totals)
    problems = [(name, status, error) for name, status, error in zip(docs["source_file"], docs["status"], docs["error"])
                if status != "ok"]
    if len(problems):
        title = f"{len(problems)} files not fully read"
        if len(problems) > SUMMARY_PROBLEMS:
            title += f" (first {SUMMARY_PROBLEMS}; all in documents.csv)"
        table = Table(title=title, title_justify="left", width=width)
        table.add_column("file", overflow="fold", ratio=2)
        table.add_column("status", no_wrap=True)
        table.add_column("error", overflow="fold", ratio=3)
        for name, status, error in problems[:SUMMARY_PROBLEMS]:
            table.add_row(Text(name), status, Text(error or ""))
        console.print(table)
