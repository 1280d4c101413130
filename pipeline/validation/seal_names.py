"""A seal's arc text checked against the unit the form names.

An official seal's arc names the office that issued it, and the form it is
pressed on names that office too (实施单位, 主管部门, 单位名称: the form's unit).
The arc is read from a ring of squeezed, curved characters, the form's name from
a line of print; where the two agree but for a character or two, the arc
reading is the likelier one to be wrong (祥 for 样 on a 150 dpi grey scan, read
at 0.87). Such a reading is not reported as it stands:

* when, at each character where it differs, one of the recogniser's readings of
  the arc (at another width) has the page's character, the page's spelling is
  taken: the recogniser saw it too;
* otherwise the arc text is withdrawn as unsure (its confidence held below the
  reporting threshold), never reported as a name the page contradicts.

An arc that names another office (the 主管部门 over the unit, a shorter form of
the name) differs in more than a character or two and is left as read.
"""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from jixiao.extractors.ocr.seal_text import MIN_CONFIDENCE
from jixiao.models.form import Form
from jixiao.models.page import Seal

#: An arc reading and a name on the page "nearly agree" at this normalised similarity or more (a
#: character wrong in a name of 7 characters, two in one of 13) but are not the same.
NEAR_SIMILARITY = 0.85
#: The most confidence an arc reading withdrawn as contradicting the page keeps: well below the
#: reporting threshold, so its text is not reported and the reading counts as a guess.
DISAGREEING_CONFIDENCE = MIN_CONFIDENCE / 2


def _page_names(forms: list[Form], page: int) -> list[str]:
    """The unit names of the forms printed on ``page``."""
    return [form.unit for form in forms if form.unit and form.first_page <= page <= form.last_page]


def _near_name(text: str, names: list[str]) -> str | None:
    """The page's name the arc text nearly agrees with, differing in substituted characters only: the
    two hold as many characters, so a dropped or added one (a shorter form of the name, another
    office) is not taken for a misread character."""
    near = [name for name in names if len(name) == len(text) and name != text
            and Levenshtein.normalized_similarity(text, name) >= NEAR_SIMILARITY]
    return max(near, key=lambda name: Levenshtein.normalized_similarity(text, name), default=None)


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


def check_seal_names(seals: list[Seal], forms: list[Form]) -> int:
    """Settle each seal's arc text against the unit names of the forms on its page (in place).
    Returns how many arc texts were changed or withdrawn."""
    changed = 0
    for seal in seals:
        if not seal.text:
            continue
        name = _near_name(seal.text, _page_names(forms, seal.page))
        if name is None:
            continue
        if _backed_by_readings(seal.text, name, seal.readings):
            seal.text = name
        else:
            seal.text = ""
            seal.text_confidence = min(seal.text_confidence, DISAGREEING_CONFIDENCE)
        changed += 1
    return changed
