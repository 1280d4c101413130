"""A seal's arc text checked against the unit the form names.

An official seal's arc names the office that issued it, and the form it is
pressed on names that office too (实施单位, 主管部门, 单位名称: the form's unit).
The arc is read from a ring of squeezed, curved characters, the form's name from
a line of print; where the two hold as many characters and differ in a character
or two, either may be misread (祥 for 样 on a 150 dpi grey scan's arc, read at
0.87), or the seal is another office's of a name as long (长沙县卫生健康局 on a
form of 长沙市卫生健康局): the seal is the only witness of that. So:

* the page's spelling is taken only when the page's unit was read surely (its
  text layer, or OCR at :data:`SURE_UNIT_CONFIDENCE`) and, at each character
  where the arc differs, one of the recogniser's readings of the arc (at another
  width) has the page's character: the recogniser saw it too;
* otherwise the arc text is withdrawn as unsure (its confidence held below the
  reporting threshold, the seals table's text left empty as for any unsure arc),
  and the disagreement is a ``SEAL_NAME_DIFFERS`` finding on the form naming
  both spellings, for a reviewer to settle: the seal is never overwritten with a
  unit the page may have been misread as, nor reported as a name the page
  contradicts.

An arc that is the form's unit with one character more or fewer is doubted the same way,
never corrected: the recogniser drops a character where print crosses the arc and
reads the rest surely (贵州省样例县民政局 read 贵州样例县民政局 at 0.94 at every width, a
table's "10" over its 省 on a 150 dpi grey scan). An arc that names another office in
more or fewer characters still (the 主管部门 over the unit, a shorter form of the name)
is no misreading of a character and is left as read.
"""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE
from jixiao.models.finding import Finding
from jixiao.models.form import Form
from jixiao.models.page import Seal

#: An arc reading and a name on the page "nearly agree" at this normalised similarity or more but
#: are not the same: one character substituted in a name of 7 characters (0.857) or two in one of
#: 14 (0.857), not two in 10 (0.8). Measured on tune files: 139's misread arc (祥 for 样 in a name
#: of 13 characters) is at 0.92; the forms' units OCR misread by a character (200's faxes, 仁寿是
#: for 仁寿县 in 11) at 0.91. An arc naming another office of the same length is as near
#: (长沙县/长沙市卫生健康局, 0.875): similarity alone cannot tell the two apart, so a differing
#: pair is never settled silently (module docstring).
NEAR_SIMILARITY = 0.85
#: The most confidence an arc reading withdrawn as contradicting the page keeps. Not a measured
#: figure: anything below the reporting threshold
#: (:data:`~jixiao.extractors.ocr.seal_text.MIN_CONFIDENCE`, 0.8, under which the arc's text is
#: left empty) makes the reading count as a guess; half of it leaves no doubt it was lowered.
DISAGREEING_CONFIDENCE = MIN_CONFIDENCE / 2
#: The page's unit read by OCR at this confidence or more is taken as read surely enough to correct
#: the arc by. Measured on the tune files' OCR forms (base run of main): units misread in a character
#: or two were read at 0.05 to 0.27 (100's and 200's faxes), the surest misreading of a unit at
#: 0.974 (131's fax 204, 在木斯 for 佳木斯); 19 of the 27 units read right at 0.99 or more, 139's
#: stamped 150 dpi scan's at 0.9997.
SURE_UNIT_CONFIDENCE = 0.99
#: The finding's rule code (README, validator rules).
SEAL_NAME_DIFFERS = "SEAL_NAME_DIFFERS"


def _page_forms(forms: list[Form], page: int) -> list[Form]:
    """The forms printed on ``page`` that name their unit."""
    return [form for form in forms if form.unit and form.first_page <= page <= form.last_page]


def _near_form(text: str, forms: list[Form]) -> Form | None:
    """The form whose unit the arc text nearly agrees with, differing in substituted characters only:
    the two hold as many characters, so a dropped or added one (a shorter form of the name, another
    office) is not taken for a misread character."""
    near = [form for form in forms if len(form.unit) == len(text) and form.unit != text
            and Levenshtein.normalized_similarity(text, form.unit) >= NEAR_SIMILARITY]
    return max(near, key=lambda form: Levenshtein.normalized_similarity(text, form.unit), default=None)


def _one_character_off(text: str, forms: list[Form]) -> Form | None:
    """The form whose unit the arc text is but for one character dropped or added (module docstring)."""
    return next((form for form in forms if abs(len(form.unit) - len(text)) == 1
                 and Levenshtein.distance(text, form.unit) == 1), None)


def _unit_read_surely(form: Form) -> bool:
    """Whether the form's unit is its text layer's, the file's own cell, or OCR at
    :data:`SURE_UNIT_CONFIDENCE` or more."""
    cell = form.unit_cell
    if cell is None:
        return form.method == "text"
    return cell.method == "text" or cell.exact or cell.confidence >= SURE_UNIT_CONFIDENCE


def _backed_by_readings(text: str, name: str, readings: list[str]) -> bool:
    """Whether every character where ``text`` differs from ``name`` is read as the name has it
    by one of the recogniser's readings (aligned to the text by their edit operations)."""
    differing = [i for i, (a, b) in enumerate(zip(text, name)) if a != b]
    aligned = [_aligned_characters(text, reading) for reading in readings]
    return bool(differing) and all(any(chars.get(i) == name[i] for chars in aligned) for i in differing)


def _aligned_characters(text: str, reading: str) -> dict[int, str]:
    """For each position of ``text``, the character ``reading`` has there (kept or substituted)."""
    chars = {}
    for tag, i0, i1, j0, j1 in Levenshtein.opcodes(text, reading):
        if tag in ("equal", "replace") and i1 - i0 == j1 - j0:
            chars.update({i0 + k: reading[j0 + k] for k in range(i1 - i0)})
    return chars


def _differs(seal: Seal, read: str, form: Form, surely: bool) -> Finding:
    """The finding on ``form`` that its seal's arc reads ``read`` where the form names its unit otherwise."""
    cell = form.unit_cell
    how = "its text layer" if surely and (cell is None or cell.method == "text" or cell.exact) else \
        f"OCR at {cell.confidence:.2f}" if cell is not None else "OCR"
    why = ("the page's unit was not read surely enough to correct the seal by" if not surely else
           "no reading of the arc at another width has the page's character where they differ"
           if len(read) == len(form.unit) else "the arc holds one character more or fewer than the page's name")
    return Finding(form_index=form.index, rule=SEAL_NAME_DIFFERS, severity="needs_review", page=seal.page,
                   indicator="seal", expected=f"{form.unit} (the form's unit, {how})",
                   stated=f"{read} (the seal's arc, read at {seal.text_confidence:.2f})",
                   message=f"The seal's arc reads {read}, the form names its unit {form.unit}: a misreading of "
                           f"either, or the seal of another office; {why}, so the arc is left unreported")


def check_seal_names(seals: list[Seal], forms: list[Form]) -> list[Finding]:
    """Settle each seal's arc text against the unit names of the forms on its page (in place).
    Returns the findings of the arcs withdrawn as disagreeing with their form."""
    findings = []
    for seal in seals:
        if not seal.text:
            continue
        page_forms = _page_forms(forms, seal.page)
        form = _near_form(seal.text, page_forms)
        if form is None:
            form = _one_character_off(seal.text, page_forms)
            if form is None:
                continue
        surely = _unit_read_surely(form)
        if surely and len(seal.text) == len(form.unit) and _backed_by_readings(seal.text, form.unit, seal.readings):
            seal.text = form.unit
            continue
        findings.append(_differs(seal, seal.text, form, surely))
        seal.text = ""
        seal.text_confidence = min(seal.text_confidence, DISAGREEING_CONFIDENCE)
    return findings
