"""The run catalog: an embedded DuckDB file that makes batches resumable and queryable.

``DIR/jixiao.duckdb`` keeps one ``results`` row per (file content, pipeline
version, settings) with the whole Document as JSON, committed the moment the
document finishes. A run that is killed loses at most the documents in flight;
the next run skips everything already recorded, and the output tables are always
rebuilt from the catalog, never from memory, so an interrupted-then-resumed run
and an uninterrupted one write the same bytes.

After every completed run the output tables (``documents``, ``forms``,
``indicators``, ``findings``, ``fonts``, the same columns as the CSVs) are stored in the
catalog too, so ``duckdb DIR/jixiao.duckdb "select …"`` answers questions at once.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from jixiao.models import Document
from jixiao.models.provenance import Provenance
from jixiao.pipeline.process import PIPELINE_VERSION, ExtractOptions, file_sha256
from jixiao.pipeline.outputs.files import TABLE_NAMES
from jixiao.pipeline.outputs.tables import build_tables

CATALOG_NAME = "jixiao.duckdb"
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS catalog_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS results (
    sha256 VARCHAR NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    settings VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    error VARCHAR NOT NULL,
    pages INTEGER NOT NULL,
    seconds DOUBLE NOT NULL,
    document_json VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (sha256, pipeline_version, settings)
);
CREATE TABLE IF NOT EXISTS sources (
    source_file VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    seen_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    settings VARCHAR PRIMARY KEY,
    settings_json VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    pipeline_version VARCHAR NOT NULL,
    settings VARCHAR NOT NULL,
    inputs INTEGER NOT NULL,
    processed INTEGER,
    reused INTEGER,
    failed INTEGER
);
"""


class CatalogBusy(Exception):
    """Another process holds the catalog open (DuckDB allows one writer)."""


def settings_key(options: ExtractOptions) -> tuple[str, str]:
    """A short fingerprint of everything that changes what a document comes out as.

    A result is reused only under the same pipeline version *and* the same
    settings: rerunning with ``--ocr always`` must not serve the ``--ocr never``
    result. An extra schema file counts by its content, not its name.
    """
    described = dataclasses.asdict(options)
    if options.schema_extra:
        described["schema_extra"] = file_sha256(Path(options.schema_extra))
    text = json.dumps(described, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16], text


def renamed(doc: Document, source_file: str) -> Document:
    """The same extraction reported under another name (identical content, two paths).

    Every provenance record names its file, so the whole tree is rewritten, not
    just the top-level field.
    """
    data = doc.model_dump(mode="json")
    _rename_provenance(data, source_file)
    data["source_file"] = source_file
    return Document.model_validate(data)


_PROVENANCE_KEYS = set(Provenance.model_fields)


def _rename_provenance(node, source_file: str) -> None:
    if isinstance(node, dict):
        if set(node) == _PROVENANCE_KEYS:
            node["file"] = source_file
        for value in node.values():
            _rename_provenance(value, source_file)
    elif isinstance(node, list):
        for value in node:
            _rename_provenance(value, source_file)


def _now() -> datetime:
    """UTC without a zone: TIMESTAMPTZ would make Python clients need pytz to read it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Catalog:
    """One open catalog file; use as a context manager."""

    def __init__(self, path: Path, options: ExtractOptions):
        self.path = path
        self.settings, self.settings_json = settings_key(options)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = duckdb.connect(str(path))
        except duckdb.IOException as exc:
            raise CatalogBusy(f"{path} is open in another process; close it and retry ({exc})") from exc
        self.db.execute(_SCHEMA)
        self.db.execute("INSERT OR REPLACE INTO catalog_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [self.settings, self.settings_json])
        if not self._has_output_tables():
            self.publish(build_tables([]))

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ---------------------------------------------------------------- results

    def recorded(self) -> dict[str, str]:
        """sha256 → status of every result stored under this version and settings."""
        rows = self.db.execute(
            "SELECT sha256, status FROM results WHERE pipeline_version = ? AND settings = ?",
            [PIPELINE_VERSION, self.settings],
        ).fetchall()
        return dict(rows)

    def record(self, sha256: str, doc: Document) -> None:
        """Store one finished document; committed before this returns (autocommit)."""
        self.db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sha256, PIPELINE_VERSION, self.settings, doc.status, doc.error, doc.pages, doc.seconds,
             doc.model_dump_json(), _now()],
        )

    def load(self, sha256: str, source_file: str) -> Document | None:
        row = self.db.execute(
            "SELECT document_json FROM results WHERE sha256 = ? AND pipeline_version = ? AND settings = ?",
            [sha256, PIPELINE_VERSION, self.settings],
        ).fetchone()
        if row is None:
            return None
        return renamed(Document.model_validate_json(row[0]), source_file)

    def note_sources(self, named: Iterable[tuple[str, str, int]]) -> None:
        """Remember which content each name had when last seen: (source_file, sha256, bytes)."""
        rows = [(name, sha, size, _now()) for name, sha, size in named]
        if rows:
            self.db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", rows)

    # ---------------------------------------------------------------- runs

    def start_run(self, inputs: int) -> datetime:
        started = _now()
        self.db.execute(
            "INSERT INTO runs (started_at, pipeline_version, settings, inputs) VALUES (?, ?, ?, ?)",
            [started, PIPELINE_VERSION, self.settings, inputs],
        )
        return started

    def finish_run(self, started: datetime, processed: int, reused: int, failed: int) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, processed = ?, reused = ?, failed = ? WHERE started_at = ?",
            [_now(), processed, reused, failed, started],
        )

    # ---------------------------------------------------------------- output tables

    def _has_output_tables(self) -> bool:
        names = {r[0] for r in self.db.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return set(TABLE_NAMES) <= names

    def publish(self, tables: dict[str, pd.DataFrame]) -> None:
        """Replace the four queryable tables with this run's, all or nothing."""
        self.db.execute("BEGIN TRANSACTION")
        try:
            for name in TABLE_NAMES:
                self.db.register("_published", tables[name])
                self.db.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _published")
                self.db.unregister("_published")
            self.db.execute("COMMIT")
        except Exception:
            self.db.execute("ROLLBACK")
            raise
