"""Loading and merging the canonical indicator schema.

The schema ships as ``canonical.yaml`` next to this module. Users add aliases for
their own offices' spellings, or whole new entries, in a YAML file of the same
shape; :func:`load_schema` merges it on top so the shipped codes stay stable.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

__all__ = ["DEFAULT_SCHEMA_PATH", "Schema", "SchemaEntry", "SchemaError", "load_schema"]

DEFAULT_SCHEMA_PATH = Path(__file__).with_name("canonical.yaml")
LEVELS = (1, 2, 3)


class SchemaError(ValueError):
    """The schema file is malformed: duplicate codes, unknown parents, missing names."""


class SchemaEntry(BaseModel):
    """One canonical name at one level, with the spellings that mean it."""

    code: str
    name: str
    level: int
    aliases: list[str] = Field(default_factory=list)
    #: Codes of the entries one level up this one usually sits under.
    parents: list[str] = Field(default_factory=list)
    forms: str | None = None

    @property
    def spellings(self) -> list[str]:
        return [self.name, *self.aliases]


class Schema(BaseModel):
    version: int = 1
    entries: dict[str, SchemaEntry] = Field(default_factory=dict)
    #: Cell texts that are never indicator names (headers, totals), at any level.
    not_names: list[str] = Field(default_factory=list)

    def level(self, level: int) -> list[SchemaEntry]:
        return [entry for entry in self.entries.values() if entry.level == level]

    def level_spellings(self, levels: tuple[int, ...]) -> set[str]:
        """Every name and alias of the entries at ``levels``: the labels a cell of those levels may print."""
        return {s for level in levels for entry in self.level(level) for s in entry.spellings if s}

    def get(self, code: str) -> SchemaEntry | None:
        return self.entries.get(code)


#: libyaml's safe loader when PyYAML was built with it (the same objects, ~8× faster than the Python one).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_SAFE_LOADER) or {}
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: expected a mapping with level1/level2/level3 lists")
    return data


def _as_list(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    raise SchemaError(f"{what}: expected a list of strings, got {value!r}")


def _merge_level(
    entries: dict[str, SchemaEntry], level: int, items: list[dict[str, Any]], source: str, *, update: bool
) -> None:
    """Add new entries; with ``update``, known codes get more aliases/parents and may be renamed."""
    for item in items or []:
        if not isinstance(item, dict) or "code" not in item:
            raise SchemaError(f"{source}: level{level} entry without a code: {item!r}")
        code = str(item["code"])
        aliases = _as_list(item.get("aliases"), f"{source}:{code}.aliases")
        parents = _as_list(item.get("parents"), f"{source}:{code}.parents")
        known = entries.get(code)
        if known is None:
            if not item.get("name"):
                raise SchemaError(f"{source}: new entry {code} needs a name")
            entries[code] = SchemaEntry(
                code=code, name=str(item["name"]), level=level, aliases=aliases, parents=parents,
                forms=item.get("forms"),
            )
            continue
        if not update:
            raise SchemaError(f"{source}: duplicate code {code}")
        if known.level != level:
            raise SchemaError(f"{source}: {code} is a level{known.level} code, given under level{level}")
        if item.get("name"):
            known.name = str(item["name"])
        known.aliases = list(dict.fromkeys([*known.aliases, *aliases]))
        known.parents = list(dict.fromkeys([*known.parents, *parents]))
        if item.get("forms"):
            known.forms = item["forms"]


def _merge(entries: dict[str, SchemaEntry], data: dict[str, Any], source: str, *, update: bool) -> None:
    for level in LEVELS:
        _merge_level(entries, level, data.get(f"level{level}") or [], source, update=update)


def _check_parents(schema: Schema) -> None:
    for entry in schema.entries.values():
        for parent in entry.parents:
            found = schema.entries.get(parent)
            if found is None or found.level != entry.level - 1:
                raise SchemaError(f"{entry.code}: parent {parent} is not a level{entry.level - 1} code")


def load_schema(extra: Path | str | None = None, base: Path | str | None = None) -> Schema:
    """The shipped schema, with the user's YAML (same format) merged on top.

    Parsing the YAML is the costly part (~7 ms with libyaml, ~55 ms without), and the settings check, the
    mapper and the unmapped-names table each load the schema: it is parsed once
    per process and set of files (a file changed on disk is read again), and each
    caller gets its own copy, since a Schema is mutable.
    """
    base_path = Path(base) if base else DEFAULT_SCHEMA_PATH
    key = (_file_key(base_path), _file_key(Path(extra)) if extra else None)
    cached = _LOADED.get(key)
    if cached is None:
        cached = _LOADED[key] = _parse_schema(base_path, extra)
    return cached.model_copy(deep=True)


#: Parsed schemas by their files' (path, mtime, size).
_LOADED: dict[tuple, Schema] = {}


def _file_key(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:  # reported by _read_yaml with the file's name
        return str(path), -1, -1
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def _parse_schema(base_path: Path, extra: Path | str | None) -> Schema:
    sources = [(str(base_path), _read_yaml(base_path))]
    if extra:
        sources.append((str(extra), _read_yaml(Path(extra))))
    entries: dict[str, SchemaEntry] = {}
    not_names: list[str] = []
    for index, (source, data) in enumerate(sources):
        _merge(entries, data, source, update=index > 0)
        not_names += _as_list(data.get("not_names"), f"{source}:not_names")
    version = int(sources[0][1].get("version", 1))
    schema = Schema(version=version, entries=entries, not_names=list(dict.fromkeys(not_names)))
    _check_parents(schema)
    return schema
