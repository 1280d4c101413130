"""A target or actual as printed and as understood."""
from typing import Literal

from pydantic import BaseModel, Field

Operator = Literal[">=", "<=", ">", "<", "="]


class ParsedValue(BaseModel):
    """Raw text kept beside its reading, so nothing is lost by parsing.

    ``op``/``value``/``unit`` hold a quantitative reading (≥95% → ">=", 95, "%");
    ``label`` holds a qualitative one (达成预期指标, 及时, 优, 健全 …).
    """

    raw: str = Field("", description="Text as printed")
    text: str = Field("", description="Text after repair")
    op: Operator | None = Field(None, description="Comparison: >= | <= | > | < | =")
    value: float | None = Field(None, description="The number")
    unit: str | None = Field(None, description="Unit of the number (%, 个, 万元 …)")
    label: str | None = Field(None, description="Qualitative reading (达成预期指标, 及时 …)")

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None
