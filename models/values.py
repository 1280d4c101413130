"""A target or actual as printed and as understood."""
from typing import Literal

from pydantic import BaseModel, Field

#: "~" is an approximate value ("100万元左右"): no side of it is a shortfall.
Operator = Literal[">=", "<=", ">", "<", "=", "~"]


class ParsedValue(BaseModel):
    """Raw text kept beside its reading, so nothing is lost by parsing.

    ``op``/``value``/``unit`` hold a quantitative reading (≥95% → ">=", 95, "%");
    ``label`` holds a qualitative one (达成预期指标, 及时, 优, 健全 …).
    """

    raw: str = Field("", description="Text as printed")
    text: str = Field("", description="Text after repair")
    op: Operator | None = Field(None, description="Comparison: >= | <= | > | < | = | ~ (approximately, 左右)")
    value: float | None = Field(None, description="The number")
    unit: str | None = Field(None, description="Unit of the number (%, 个, 万元 …)")
    label: str | None = Field(None, description="Qualitative reading (达成预期指标, 及时 …)")
    upper: float | None = Field(None, description="Upper end of a range target (3-5个: op >=, value 3, upper 5)")

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None
