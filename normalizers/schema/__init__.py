"""The canonical indicator schema: shipped data file plus user extensions."""
from jixiao.normalizers.schema.loader import DEFAULT_SCHEMA_PATH, Schema, SchemaEntry, SchemaError, load_schema

__all__ = ["DEFAULT_SCHEMA_PATH", "Schema", "SchemaEntry", "SchemaError", "load_schema"]
