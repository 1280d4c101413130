"""A target or actual as printed and as understood."""
from typing import Literal

from pydantic import BaseModel

Operator = Literal[">=", "<=", ">", "<", "="]


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

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None
