"""The run state and the published catalog: resumable batches, queryable results.

Two DuckDB files, one for the pipeline and one for people:

- ``DIR/.jixiao/state.duckdb`` (:class:`Catalog`) keeps one ``results`` row per
  (file content, pipeline version, settings) with the whole Document as JSON,
  committed the moment the document finishes, and ``sources``: every name the
  output folder has seen and its content. A run that is killed loses at most the
  documents in flight; the next run skips everything already recorded, and the
  output tables are always rebuilt from the state, never from memory.
- ``DIR/jixiao.duckdb`` (:func:`publish_catalog`) holds only the output
  tables (typed, with every column's description as ``COMMENT ON``) and a few
  views. It is written to a temporary file and renamed into place at the end of
  a run, so a notebook holding it open never blocks a run (it keeps reading the
  previous snapshot until it reconnects). Open it read-only.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from jixiao.models import Document
from jixiao.models.provenance import Provenance
# The version results are recorded under (jixiao.pipeline.process.PIPELINE_VERSION, which is this
# same __version__): taken from the package, so the batch process plans without importing the reading code.
from jixiao import __version__ as PIPELINE_VERSION
from jixiao.pipeline.settings import ExtractOptions
from jixiao.pipeline.outputs.dictionary import TABLE_DESCRIPTIONS, TABLES
from jixiao.pipeline.outputs.files import AnyTable, file_mode

CATALOG_NAME = "jixiao.duckdb"
STATE_NAME = ".jixiao/state.duckdb"
SCHEMA_VERSION = "2"


def state_path(out_dir: Path) -> Path:
    """Where a run keeps its state inside the output folder."""
    return out_dir / STATE_NAME

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
    seen_at TIMESTAMP NOT NULL,
    path VARCHAR NOT NULL
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


#: Rows sent in one INSERT: ``executemany`` runs a statement per row (minutes for a 10,000-file
#: archive), one statement of many rows takes ~0.2 ms a row, and passing a table object instead
#: would make DuckDB import pandas (half a second of a small batch) to check what it was given.
_ROWS_PER_INSERT = 200


def _insert_rows(db: duckdb.DuckDBPyConnection, insert: str, rows: list[tuple]) -> None:
    """``insert`` (``INSERT … VALUES``) of many rows, a few hundred rows a statement."""
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        part = rows[start:start + _ROWS_PER_INSERT]
        one = "(" + ", ".join("?" * len(part[0])) + ")"
        db.execute(f"{insert} {', '.join([one] * len(part))}", [value for row in part for value in row])


class CatalogBusy(Exception):
    """Another run holds the state open (DuckDB allows one writer)."""


#: Errors of the catalog's storage (disk full, unwritable file, I/O failure): the
#: environment's fault, reported as such; committed results stay valid.
CATALOG_IO_ERRORS = (duckdb.IOException, duckdb.FatalException, duckdb.TransactionException)


def settings_key(options: ExtractOptions) -> tuple[str, str]:
    """A short fingerprint of everything that changes what a document comes out as.

    A result is reused only under the same pipeline version *and* the same
    settings: rerunning with ``--ocr always`` must not serve the ``--ocr never``
    result. An extra schema file counts by its content, not its name.
    """
    described = options.model_dump()
    if options.schema_extra:
        from jixiao.extractors.identity import file_sha256

        described["schema_extra"] = file_sha256(Path(options.schema_extra))
    text = json.dumps(described, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16], text


def renamed(doc: Document, source_file: str) -> Document:
    """The same extraction reported under another name (identical content, two paths).

    Every provenance record names its file, so the whole tree is rewritten, not
    just the top-level field.
    """
    return _renamed_data(doc.model_dump(mode="json"), source_file)


def renamed_json(document_json: str, source_file: str) -> Document:
    """:func:`renamed` of a Document stored as JSON: the same result, validated once instead of
    validated, dumped and validated again (half the batch process's time per document read back)."""
    return _renamed_data(json.loads(document_json), source_file)


def _renamed_data(data: dict, source_file: str) -> Document:
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
    """The run state (DIR/.jixiao/state.duckdb), open for one run; use as a context manager."""

    def __init__(self, path: Path, options: ExtractOptions):
        self.path = path
        self.settings, self.settings_json = settings_key(options)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():  # not another run: the environment's failure
                raise
            raise CatalogBusy(f"{path} is open in another process (another run?); wait for it or close it "
                              f"and retry ({exc})") from exc
        self.db.execute(_SCHEMA)
        self.db.execute("INSERT OR REPLACE INTO catalog_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [self.settings, self.settings_json])

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

    def load(self, sha256: str, source_file: str, any_settings: bool = False) -> Document | None:
        """The result for this content under this version and settings.

        ``any_settings``: failing that, the latest one recorded — for names kept from
        an earlier run into the same folder, which this run did not read again.
        """
        where = "" if any_settings else " AND pipeline_version = ? AND settings = ?"
        row = self.db.execute(
            f"SELECT document_json FROM results WHERE sha256 = ?{where} "
            "ORDER BY pipeline_version = ? AND settings = ? DESC, recorded_at DESC LIMIT 1",
            [sha256] + ([] if any_settings else [PIPELINE_VERSION, self.settings]) + [PIPELINE_VERSION, self.settings],
        ).fetchone()
        if row is None:
            return None
        return renamed_json(row[0], source_file)

    def note_sources(self, named: Iterable[tuple[str, str, int, str]]) -> None:
        """Remember which content each name had when last seen: (source_file, sha256, bytes, path)."""
        rows = [(name, sha, size, _now(), path) for name, sha, size, path in named]
        _insert_rows(self.db, "INSERT OR REPLACE INTO sources VALUES", rows)

    def sources(self) -> dict[str, tuple[str, str]]:
        """Every name the output folder holds: source_file → (sha256, path last seen at)."""
        rows = self.db.execute("SELECT source_file, sha256, path FROM sources").fetchall()
        return {name: (sha, path) for name, sha, path in rows}

    def keep_only(self, names: Iterable[str]) -> None:
        """Forget every name but these (``--replace``: the output shows this run only)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _keep (source_file VARCHAR)")
        self.db.execute("DELETE FROM _keep")
        _insert_rows(self.db, "INSERT INTO _keep VALUES", [(n,) for n in names])
        self.db.execute("DELETE FROM sources WHERE source_file NOT IN (SELECT source_file FROM _keep)")

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


#: Views over the output tables for the questions asked most.
_VIEWS = {
    "problems": ("Files that failed or were only partly read",
                 "SELECT source_file, status, error, pages FROM documents WHERE status <> 'ok'"),
    "form_findings": ("Findings with the unit, project and year of their form",
                      "SELECT f.unit_simplified, f.project_simplified, f.year, x.* "
                      "FROM findings x LEFT JOIN forms f USING (source_file, form_index)"),
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish_catalog(tables: Mapping[str, AnyTable], out_dir: Path, parquet: Mapping[str, Path] | None = None) -> Path:
    """Write DIR/jixiao.duckdb: the output tables, described and typed, and the views.

    Built under a temporary name and renamed over the previous file, so readers
    holding the old one open neither block this nor see a half-written file.
    ``parquet``: the tables' Parquet files, already written from ``tables``; DuckDB reads
    those itself (handing it a table object would make it import pandas to look at it).
    """
    path = out_dir / CATALOG_NAME
    tmp = state_path(out_dir).parent / f"publish-{os.getpid()}.duckdb"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.unlink(missing_ok=True)
    try:
        _build_published(tmp, tables, parquet or {})
    except BaseException:  # a full disk must not leave the half-built copy behind
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    os.chmod(tmp, file_mode())
    os.replace(tmp, path)
    return path


#: Characters that make a DuckDB file name a pattern: a path holding any is not read by name.
_PATTERN_CHARS = set("*?[]{}\\")


def _build_published(tmp: Path, tables: Mapping[str, AnyTable], parquet: Mapping[str, Path]) -> None:
    from jixiao.pipeline.outputs.files import to_arrow

    db = duckdb.connect(str(tmp))
    try:
        db.execute("BEGIN TRANSACTION")  # one commit (one sync to disk) instead of one per statement
        comments = []
        for name, columns in TABLES.items():
            typed = ", ".join(f'CAST("{c.name}" AS {c.duckdb_type}) AS "{c.name}"' for c in columns)
            path = parquet.get(name)
            if path is not None and not _PATTERN_CHARS & set(str(path.absolute())):
                db.execute(f"CREATE TABLE {name} AS SELECT {typed} FROM read_parquet(?)", [str(path.absolute())])
            else:
                db.register("_published", to_arrow(tables[name], name))
                db.execute(f"CREATE TABLE {name} AS SELECT {typed} FROM _published")
                db.unregister("_published")
            comments.append(f"COMMENT ON TABLE {name} IS {_quote(TABLE_DESCRIPTIONS[name])}")
            comments += [f'COMMENT ON COLUMN {name}."{c.name}" IS {_quote(c.description)}' for c in columns]
        for view, (description, query) in _VIEWS.items():
            comments += [f"CREATE VIEW {view} AS {query}", f"COMMENT ON VIEW {view} IS {_quote(description)}"]
        db.execute(";\n".join(comments))  # one call: ~100 statements cost 1.3 ms each when sent one by one
        db.execute("COMMIT")
    finally:
        db.close()
