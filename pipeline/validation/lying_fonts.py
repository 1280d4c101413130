"""LYING_FONT: the forms printed with a font whose text layer lies.

The extracted values are right (the font was repaired from its glyphs, or the
page read by OCR), but anyone who copies figures out of the PDF gets the lying
text — 98.75 may paste as 24.1 — which an auditor wants to know.
"""
from __future__ import annotations

from jixiao.models import Finding, FontCheck, Form

#: The finding's rule code. It is made from the document's fonts, not from the form's figures, so a form
#: validated again after its second readings keeps it (pipeline/validation/settle.py).
LYING_FONT = "LYING_FONT"


def lying_font_findings(forms: list[Form], fonts: list[FontCheck]) -> list[Finding]:
    """One info finding per form and page where a lying font was found."""
    lying_by_page: dict[int, list[FontCheck]] = {}
    for check in fonts:
        if check.lying:
            lying_by_page.setdefault(check.page, []).append(check)
    findings = []
    for form in forms:
        for page in range(form.first_page, form.last_page + 1):
            checks = lying_by_page.get(page)
            if not checks:
                continue
            names = ", ".join(f"{c.typeface} ({c.reason})" for c in checks)
            how = "read by OCR" if any(c.outcome == "ocr" for c in checks) else "repaired from its glyphs"
            findings.append(Finding(
                form_index=form.index, rule=LYING_FONT, severity="info", page=page,
                stated=", ".join(c.typeface for c in checks), expected="text layer that matches the glyphs",
                message=f"Page {page}: the text layer of {names} does not say what the page shows; copying "
                        f"from the PDF gives wrong text and figures. Values here were {how}."))
    return findings
