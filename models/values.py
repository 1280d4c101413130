"""A target or actual as printed and as understood."""
from typing import Literal

from pydantic import BaseModel

#: "~" is an approximate value ("100万元左右"): no side of it is a shortfall.
Operator = Literal[">=", "<=", ">", "<", "=", "~"]


class ParsedValue(BaseModel):
    """Raw text kept beside its reading, so nothing is lost by parsing.

    ``op``/``value``/``unit`` hold a quantitative reading (≥95% → ">=", 95, "%");
    ``label`` holds a qualitative one (达成预期指标, 及时, 优, 健全 …).
    """

    raw: str = ""
    text: str = ""
    op: Operator | None = None
    value: float | None = None
    unit: str | None = None
    label: str | None = None
    #: The upper end of a range target ("3-5个": op ">=", value 3, upper 5).
    upper: float | None = None

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None
