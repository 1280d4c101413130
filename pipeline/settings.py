"""The options of a run, in one validated model behind the CLI and the Python API.

Options check themselves on construction (pydantic): an unknown reader, OCR
mode or engine, a non-positive timeout, or a schema file that is missing or
invalid is refused before any file is read, with a message naming what is
allowed. ``ExtractOptions`` is what a worker needs to read one document (and
what the catalog fingerprints); ``BatchConfig`` adds how a batch runs.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jixiao.extractors.readers import ReadOptions


class Limits(BaseModel):
    """Inputs beyond these are refused rather than allowed to stall a batch."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_pages: int = Field(200, gt=0, description="refuse PDFs with more pages")
    max_megabytes: float = Field(200.0, gt=0, description="refuse files larger than this (MB)")


class ExtractOptions(BaseModel):
    """Everything that changes what one document comes out as."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    read: ReadOptions = Field(default_factory=ReadOptions)
    limits: Limits = Field(default_factory=Limits)
    schema_extra: str | None = Field(None, description="extra canonical-schema YAML merged on the built-in one")
    reread: bool = Field(True, description="read doubtful cells a second time (OCR) before reporting findings on them")

    @field_validator("schema_extra")
    @classmethod
    def _schema_loads(cls, path: str | None) -> str | None:
        """A missing or malformed schema would otherwise fail every document of the batch."""
        if path is None:
            return None
        if not Path(path).is_file():
            raise ValueError(f"schema file not found: {path}")
        from jixiao.normalizers.mapping import IndicatorMapper

        try:
            IndicatorMapper.from_files(path)
        except Exception as exc:  # SchemaError, YAML errors: say which file and why
            raise ValueError(f"invalid schema file {path}: {exc}") from exc
        return path


Executor = Literal["process", "ray"]


class BatchConfig(BaseModel):
    """Everything `jixiao extract` decides about a run besides its inputs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    out_dir: Path
    options: ExtractOptions = Field(default_factory=ExtractOptions)
    workers: int | None = Field(None, ge=0, description=(
        "worker processes; 0 reads in this process; None (the default): one per core as memory allows, "
        "never more than there are inputs"))
    timeout: float = Field(300.0, gt=0, description="seconds one document may take")
    max_memory: int = Field(2048, ge=256, description="megabytes one worker may hold resident; a file that needs more fails")
    executor: Executor = "process"
    address: str | None = Field(None, description="Ray cluster address")
    force: bool = False
    retry_failed: bool = False
    replace: bool = Field(False, description="the output shows this run's inputs only (default: runs accumulate)")
    xlsx: bool = False
    report: bool = True
    lang: Literal["zh", "en"] = Field("zh", description="language of the review report: zh (default) | en; "
                                      "rule codes stay as they are")

    @model_validator(mode="after")
    def _ray_installed(self) -> "BatchConfig":
        if self.executor == "ray" and importlib.util.find_spec("ray") is None:
            raise ValueError("Ray is not installed: pip install 'jixiao[ray]'")
        return self


#: Flat keyword → where it lives in the nested options (the CLI's and the API's spelling).
_READ_KEYS = {"extractor", "ocr", "ocr_engine", "ocr_runtime", "dpi", "max_megapixels", "verify_fonts"}
_LIMIT_KEYS = {"max_pages": "max_pages", "max_mb": "max_megabytes", "max_megabytes": "max_megabytes"}
_BATCH_KEYS = set(BatchConfig.model_fields) - {"options", "out_dir"}


def extract_options(**keywords: Any) -> ExtractOptions:
    """ExtractOptions from flat keywords (``ocr="never", max_pages=50, schema="extra.yaml"``)."""
    read = {k: keywords.pop(k) for k in list(keywords) if k in _READ_KEYS}
    limits = {_LIMIT_KEYS[k]: keywords.pop(k) for k in list(keywords) if k in _LIMIT_KEYS}
    schema = keywords.pop("schema", keywords.pop("schema_extra", None))
    reread = keywords.pop("reread", True)
    if keywords:
        allowed = sorted(_READ_KEYS | set(_LIMIT_KEYS) | {"schema", "reread"})
        raise TypeError(f"unknown option(s) {', '.join(sorted(keywords))}; allowed: {', '.join(allowed)}")
    return ExtractOptions(read=ReadOptions(**read), limits=Limits(**limits),
                          schema_extra=str(schema) if schema is not None else None, reread=reread)


def batch_config(out_dir: Path | str, **keywords: Any) -> BatchConfig:
    """BatchConfig from flat keywords: the batch's own plus those of :func:`extract_options`."""
    batch = {k: keywords.pop(k) for k in list(keywords) if k in _BATCH_KEYS}
    return BatchConfig(out_dir=Path(out_dir), options=extract_options(**keywords), **batch)


def describe_error(error: ValidationError) -> str:
    """One line per problem, naming the option: what a usage error prints."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"] if p not in ("read", "limits", "options")) or "options"
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
