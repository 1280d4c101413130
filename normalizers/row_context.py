"""An unsure OCR reading of a target or actual, read again in the light of its row.

A coarse page (a fax, a 1-bit low-dpi scan) loses the thin strokes of the two
glyphs that carry a value's meaning: "%" comes back as "96", "9" or "00"
("97.696", "1009", "92.500") or is dropped ("100"), and "≥" as "2" or "7"
("292%", "73200块"). Read alone such a cell is a valid, wrong number. Its row
says more: a target and its actual are printed in one unit and are of the same
order (a 95 % target beside a 97.6 % outcome, never 29596). So when one of the
pair is a percentage, the other unsure one is read as a percentage too, choosing
the reading whose number is plausible (at most two decimals, of the partner's
order); and an unsure target with no sign whose leading "2"/"7" makes it many
times the actual while the rest of it is of the actual's order is read as "≥".

Nothing here decides alone: the caller applies it only to unsure OCR cells and
keeps the result's confidence low, so a form whose values were read this way is
reviewed, never reported clean.
"""
from __future__ import annotations

import re

__all__ = ["alternative_in_row_context", "value_in_row_context"]

#: What a lost "%" is read as at the end of a number, most specific first.
PERCENT_LOOKALIKES = ("96", "%6", "00", "9")
#: What a lost "≥" is read as in front of a number.
SIGN_LOOKALIKES = ("2", "7")
#: A value and its row partner are "of the same order" within this factor.
SAME_ORDER = 2.0

_BARE_NUMBER = re.compile(r"^(?P<op>[≥≤<>=]?)(?P<num>\d+(?:\.\d+)?)(?P<unit>%|[\u4e00-\u9fff]{1,4})?$")


def _number(text: str) -> tuple[str, float, str | None] | None:
    m = _BARE_NUMBER.match(re.sub(r"\s+", "", text))
    if not m:
        return None
    return m.group("op"), float(m.group("num")), m.group("unit")


def _printed(num: str) -> bool:
    """A number as a form prints a percentage: at most two decimals."""
    return "." not in num or len(num.split(".")[1]) <= 2


def _plausible(num: str, partner: float) -> bool:
    """A number printed as a form prints one: at most two decimals, of the partner's order."""
    return _printed(num) and _same_order(float(num), partner)


def _same_order(value: float, partner: float) -> bool:
    if partner <= 0 or value <= 0:
        return value == partner
    return 1 / SAME_ORDER <= value / partner <= SAME_ORDER


def _as_percent(op: str, num: str, partner: float) -> str | None:
    """The number read as a percentage: as printed, or with a lost "%" taken off its end."""
    if _plausible(num, partner):
        return f"{op}{num}%"
    for tail in PERCENT_LOOKALIKES:
        if num.endswith(tail) and len(num) > len(tail):
            rest = num[: -len(tail)].rstrip(".")
            if rest and _plausible(rest, partner):
                return f"{op}{rest}%"
    return None


def _with_sign(text: str, partner: float, partner_unit: str | None) -> str | None:
    """A target whose first glyph is a lost "≥": the rest is of the partner's order, the whole is not
    (and a percentage only beside a percentage)."""
    parsed = _number(text)
    if parsed is None or parsed[0]:
        return None
    _, value, unit = parsed
    if unit and partner_unit and (unit == "%") != (partner_unit == "%"):
        return None
    for lookalike in SIGN_LOOKALIKES:
        rest = text[len(lookalike):] if text.startswith(lookalike) else None
        if not rest or re.match(r"0\d", rest):
            continue
        rest_parsed = _number(rest)
        if rest_parsed and not _same_order(value, partner) and _same_order(rest_parsed[1], partner):
            return "≥" + rest
    return None


def value_in_row_context(text: str, partner: str, is_target: bool) -> str:
    """``text`` (an unsure target or actual) read again beside its row ``partner``; unchanged when
    the row says nothing about it."""
    squashed = re.sub(r"\s+", "", text)
    mine, theirs = _number(squashed), _number(partner)
    if mine is None or theirs is None or theirs[1] <= 0:
        return text
    out = squashed
    if theirs[2] == "%" and mine[2] is None:
        digits = _BARE_NUMBER.match(squashed)
        if digits:
            op, num = digits.group("op"), digits.group("num")
            # the sign first: "29596" is "≥95%" only once the leading 2 is taken for "≥"
            candidates = [(op, num)]
            if is_target and not op:
                candidates += [("≥", num[len(s):]) for s in SIGN_LOOKALIKES if num.startswith(s) and len(num) > len(s)]
            for c_op, c_num in candidates:
                read = _as_percent(c_op, c_num, theirs[1])
                if read:
                    out = read
                    break
    elif is_target:
        out = _with_sign(squashed, theirs[1], theirs[2]) or squashed
    return out if out != squashed else text


#: A grammar alternative ending in "%" is taken beside a percentage partner when its CTC path keeps
#: at least this share of the probability of the reading kept (tuned on the tune faxes).
PERCENT_SHARE = 0.02
#: Beside a partner that is no percentage either, a "%" alternative is taken only when its path is about
#: as probable as the reading kept (the pair then reads as percentages: a target and its actual share a unit).
PERCENT_ALONE = 0.5
#: A target's alternative with a comparison sign is taken when its path keeps at least this share.
SIGN_SHARE = 0.1


def alternative_in_row_context(text: str, alternatives: list[tuple[str, float]], partner: str,
                               is_target: bool) -> str | None:
    """The recogniser's own grammar alternative (extractors/ocr/value_decoding.py: a path with a
    percent sign or a comparison sign, and its probability relative to the reading kept) that the
    row asks for, or None.

    Beside a percentage partner an unsure reading without "%" takes its most probable "%"
    alternative whose number is plausible there (at most two decimals, of the partner's order);
    beside a partner without "%" only a "%" alternative about as probable as the reading is taken;
    a target without a sign takes its most probable signed alternative whose number is the
    reading's own number or, where the sign was read as a digit, of the partner's order.
    """
    mine, theirs = _number(text), _number(partner)
    if mine is None or theirs is None:
        return None
    op, value, unit = mine
    candidates = []
    for alt, share in alternatives:
        parsed = _number(alt)
        if parsed is None:
            continue
        a_op, a_value, a_unit = parsed
        gains_percent = a_unit == "%" and unit != "%"
        gains_sign = bool(a_op) and not op
        beside_percent = theirs[2] == "%"
        if gains_percent and not (share >= PERCENT_SHARE if beside_percent else share >= PERCENT_ALONE):
            continue
        if gains_percent:
            num = re.sub(r"^[≥≤<>=]", "", alt)[:-1]
            if not (_plausible(num, theirs[1]) if beside_percent else _printed(num)):
                continue
        elif a_unit != unit:
            continue
        if gains_sign:
            if not is_target or share < SIGN_SHARE:
                continue
            if a_value != value and not (_same_order(a_value, theirs[1]) and not _same_order(value, theirs[1])):
                continue
        elif a_op != op:
            continue
        if gains_percent or gains_sign:
            candidates.append((share, alt))
    return max(candidates)[1] if candidates else None
