"""How well a form's unit (the office it is about) is read: the figure every auditor filters on.

A truth form records its unit in ``unit``. Forms that print both a 主管部门 and a
实施单位 (项目单位) name two offices, and which of them "the form's unit" is, is a
matter of convention, not of reading: the truth's ``header_fields`` record both
cells, and either of them is accepted there. Elsewhere only ``unit`` is. Names
are compared as the scorer compares text (repaired, full-width punctuation
folded, no spaces); an empty unit where the truth has one is a miss, and so is
a unit read where the truth records none. A reader that lost the 实施单位 label and fell back on
the 主管部门 is scored exact on such forms: the figure measures reading, not which of the two
offices a reader chose. Labels are compared in simplified characters (a traditional form prints
主管部門, 實施單位), and a 申报表's 预算部门 names the department as 主管部门 does.
"""
from __future__ import annotations

from collections.abc import Callable

from jixiao.normalizers.names import to_simplified

#: Header labels naming the supervising department, and the office that carries the project out.
DEPARTMENT_LABELS = ("主管部门", "预算部门")
IMPLEMENTER_LABELS = ("实施单位", "项目单位")


def accepted_units(truth_form: dict, normalise: Callable[[str], str]) -> list[str]:
    """The unit names a reading of this form may give, normalised: the truth's ``unit``, and both
    the 主管部门 and the 实施单位 where the form prints both (non-empty)."""
    accepted = [normalise(truth_form.get("unit") or "")]
    cells = [(to_simplified(normalise(label)), normalise(value)) for label, value in truth_form.get("header_fields") or []]
    departments = [v for label, v in cells if v and any(w in label for w in DEPARTMENT_LABELS)]
    implementers = [v for label, v in cells if v and any(w in label for w in IMPLEMENTER_LABELS)]
    if departments and implementers:
        accepted += [v for v in departments + implementers if v not in accepted]
    return accepted


def form_unit(truth_form: dict, extracted: str | None, normalise: Callable[[str], str]) -> dict:
    """{truth, accepted, extracted, exact} for one form (``extracted`` None: the form was not found)."""
    accepted = accepted_units(truth_form, normalise)
    read = normalise(extracted or "")
    return {"truth": truth_form.get("unit") or "", "accepted": accepted, "extracted": extracted,
            "exact": extracted is not None and read in accepted}
