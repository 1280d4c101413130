"""A discrepancy between what a form states and what its figures imply."""
from typing import Literal

from pydantic import BaseModel

#: ``needs_review``: the finding rests on a cell whose reading stayed uncertain after a
#: second reading; it names the cell and both readings and is never an accusation.
Severity = Literal["error", "warning", "info", "needs_review"]


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
