"""A discrepancy between what a form states and what its figures imply."""
from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "info"]


class Finding(BaseModel):
    """Rule codes are part of the public interface (see README)."""

    form_index: int | None = None
    rule: str
    severity: Severity
    page: int | None = None
    row_index: int | None = None
    indicator: str = ""
    expected: str = ""
    stated: str = ""
    message: str
