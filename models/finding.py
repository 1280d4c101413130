"""A discrepancy between what a form states and what its figures imply."""
from typing import Literal

from pydantic import BaseModel, Field

#: ``needs_review``: the finding rests on a cell whose reading stayed uncertain after a
#: second reading; it names the cell and both readings and is never an accusation.
Severity = Literal["error", "warning", "info", "needs_review"]


class Finding(BaseModel):
    """Rule codes are part of the public interface (see README)."""

    form_index: int | None = Field(None, description="Form the finding is about (None: the whole file)")
    rule: str = Field(description="Rule code (README 'Validator rules')")
    severity: Severity = Field(description="error | warning | needs_review | info")
    page: int | None = Field(None, description="Page to look at (1-based)")
    row_index: int | None = Field(None, description="Indicator row the finding is about, from 0")
    indicator: str = Field("", description="Name of the indicator or item questioned")
    expected: str = Field("", description="Expected value as text, with context (ranges, thresholds)")
    stated: str = Field("", description="Stated value as text, with context (which cells, which sum)")
    expected_value: float | None = Field(None, description="What the form's other figures imply, as a number")
    stated_value: float | None = Field(None, description="The figure printed on the form, as a number")
    gap: float | None = Field(None, description="stated_value − expected_value, or the amount outside the allowed range")
    message: str = Field(description="Explanation of the discrepancy")
