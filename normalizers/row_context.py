"""An unsure OCR reading of a target or actual, read again in the light of its row.

A coarse page (a fax, a 1-bit low-dpi scan) loses the thin strokes of the two
glyphs that carry a value's meaning: "%" comes back as "96", "9" or "00"
("97.696", "1009", "92.500") or is dropped ("100"), and "≥" as "2", "7" or "3"
("292%", "73200块"; "3" too, on a fax only). Read alone such a cell is a valid, wrong number. Its row
says more: a target and its actual are printed in one unit and are of the same
order (a 95 % target beside a 97.6 % outcome, never 29596). So when one of the
pair is a percentage, the other unsure one is read as a percentage too, choosing
the reading whose number is plausible (at most two decimals, of the partner's
order, a known look-alike of "%" or, failing that, any last glyph or two taken
for it); and an unsure target with no sign whose leading "2"/"7"/"3" makes it many
times the actual while the rest of it is of the actual's order is read as "≥".
The pair is also read in the unit word it shares: when target and actual were
read in different units (or one in none) and the recogniser's alternatives hold
a common one, the unit scoring the best product of the two readings' shares is
taken ("271" beside "27个"; never a count word with decimals, "2.6人").

Nothing here decides alone: the caller applies it only to unsure OCR cells and
keeps the result's confidence low, so a form whose values were read this way is
reviewed, never reported clean.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from jixiao.normalizers.spacing import squash

__all__ = ["ContextChoice", "choose_in_row_context", "readings_in_shared_unit",
           "sign_by_outcome", "sign_by_outcome_against", "unit_from_partner", "value_in_row_context"]

#: What a lost "%" is read as at the end of a number, most specific first.
PERCENT_LOOKALIKES = ("96", "%6", "00", "9")
#: A "%" is about one glyph wide: when none of the look-alikes above explains a reading, its last one or
#: two characters of any kind are taken for the lost sign (only beside a percentage, and only when the
#: rest is plausible there).
PERCENT_GLYPHS = 2
#: What a percent sign a coarse page thinned is read as at the end of a value (an ordinal or degree sign);
#: the OCR value grammar takes these for pieces of a percent sign too (value_decoding.PERCENT_PIECES).
THINNED_PERCENT = frozenset("º°ª")
#: What a lost "≥" is read as in front of a number.
SIGN_LOOKALIKES = ("2", "7")
#: What a lost "≥" is read as only on a coarse page (a fax): "3" is also a common leading digit of real
#: targets ("35" beside an actual 5 is a target of 35), so a finer page's "3" is kept as read.
COARSE_SIGN_LOOKALIKES = ("3",)
#: A sign whose under-bar a coarse page lost, and the sign it was.
BAR_LOST = {">": "≥", "<": "≤"}
#: In a rate row a bare number up to this is a percentage whose sign was lost.
RATE_MAX = 100.0
#: A value and its row partner are "of the same order" within this factor.
SAME_ORDER = 2.0

_BARE_NUMBER = re.compile(r"^(?P<op>[≥≤<>=]?)(?P<num>\d+(?:\.\d+)?)(?P<unit>%|[\u4e00-\u9fff]{1,4})?$")


def _number(text: str) -> tuple[str, float, str | None] | None:
    m = _BARE_NUMBER.match(squash(text))
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


def _as_percent(op: str, num: str, partner: float | None, any_tail: bool = False, rate: bool = False) -> str | None:
    """The number read as a percentage: as printed, or with a lost "%" taken off its end (one of
    PERCENT_LOOKALIKES; with ``any_tail``, any last one or two characters). Plausible beside a
    ``partner`` percentage or, in a ``rate`` row, any printed number up to RATE_MAX (its partner
    may have lost its sign too, and a rate's target and outcome need not be of one order: ≤0.5% beside
    0.21%)."""
    def fits(n: str) -> bool:
        in_range = rate and _printed(n) and 0 < float(n) <= RATE_MAX
        return (partner is not None and _plausible(n, partner)) or in_range

    if fits(num):
        return f"{op}{num}%"
    tails = [num[-k:] for k in range(1, PERCENT_GLYPHS + 1)] if any_tail else PERCENT_LOOKALIKES
    for tail in tails:
        if num.endswith(tail) and len(num) > len(tail):
            rest = num[: -len(tail)].rstrip(".")
            if rest and fits(rest):
                return f"{op}{rest}%"
    return None


def _sign_lookalikes(coarse: bool) -> tuple[str, ...]:
    """The glyphs a lost "≥" is taken to have been read as on this kind of page."""
    return SIGN_LOOKALIKES + COARSE_SIGN_LOOKALIKES if coarse else SIGN_LOOKALIKES


def _with_sign(text: str, partner: float, partner_unit: str | None, coarse: bool = False) -> str | None:
    """A target whose first glyph is a lost "≥": the rest is of the partner's order, the whole is not
    (and a percentage only beside a percentage). A whole whose digits are the partner's own ("36" beside
    3.6) lost a point, not a sign."""
    parsed = _number(text)
    if parsed is None or parsed[0]:
        return None
    _, value, unit = parsed
    if unit and partner_unit and (unit == "%") != (partner_unit == "%"):
        return None
    if _digits(value) == _digits(partner):
        return None
    for lookalike in _sign_lookalikes(coarse):
        rest = text[len(lookalike):] if text.startswith(lookalike) else None
        if not rest or re.match(r"0\d", rest):
            continue
        rest_parsed = _number(rest)
        if rest_parsed and not _same_order(value, partner) and _same_order(rest_parsed[1], partner):
            return "≥" + rest
    return None


def _digits(value: float) -> str:
    """A number's significant digits, without its point ("3.6" and "36" both "36")."""
    return re.sub(r"\D", "", f"{value:g}").strip("0")


def _as_bare_sign(text: str) -> str:
    """A coarse page's ">"/"<" before a number is "≥"/"≤" whose under-bar it lost (forms print the
    inclusive signs far more often)."""
    return BAR_LOST[text[0]] + text[1:] if text[:1] in BAR_LOST else text


def value_in_row_context(text: str, partner: str, is_target: bool, rate: bool = False,
                         coarse: bool = False) -> str:
    """``text`` (an unsure target or actual) read again beside its row ``partner``; unchanged when
    the row says nothing about it. In a ``rate`` row (its indicator is named …率, 满意度, 占比) the
    values are percentages even when the partner lost its sign too: a bare printed number up to
    RATE_MAX is read as a percentage, a longer one with a lost "%" at its end as below.

    Only on a ``coarse`` page (a fax: thin strokes lost) is a target's leading "3" taken for a lost "≥", ">"/"<" for "≥"/"≤"
    and a trailing degree or ordinal sign for "%": on a finer scan those glyphs were read as
    printed (000_jiangmen's targets print ">98%"), and rewriting them would make a right reading wrong.
    The degree sign is taken for "%" only where the row says percentages (a rate row, or a partner
    read as one): elsewhere it may be printed (a heating form's ≥18°)."""
    plain = squash(text)
    squashed = _as_bare_sign(plain) if is_target and coarse else plain
    says_percent = rate or squash(partner).endswith("%")
    if coarse and says_percent and squashed[-1:] in THINNED_PERCENT and squashed[:-1]:
        squashed = squashed[:-1] + "%"  # a thinned "%" read as a degree or ordinal sign ("98°")
    mine, theirs = _number(squashed), _number(partner)
    if mine is None:
        return text
    partner_value: float | None = None
    if theirs is not None and theirs[2] == "%" and theirs[1] > 0:
        partner_value = theirs[1]
    elif not rate:
        if theirs is None or theirs[1] <= 0:
            return squashed if squashed != plain else text
    out = squashed
    if (partner_value is not None or rate) and mine[2] is None:
        digits = _BARE_NUMBER.match(squashed)
        if digits:
            op, num = digits.group("op"), digits.group("num")
            # the sign first: "29596" is "≥95%" only once the leading 2 is taken for "≥"
            candidates = [(op, num)]
            if is_target and not op:
                candidates += [("≥", num[len(s):]) for s in _sign_lookalikes(coarse) if num.startswith(s) and len(num) > len(s)]
            # the known look-alikes of "%" first, then any last glyph or two
            for c_op, c_num, any_tail in [(o, n, False) for o, n in candidates] + [(o, n, True) for o, n in candidates]:
                read = _as_percent(c_op, c_num, partner_value, any_tail, rate)
                if read:
                    out = read
                    break
    elif is_target and theirs is not None and theirs[1] > 0:
        out = _with_sign(squashed, theirs[1], theirs[2], coarse) or squashed
    return out if out != plain else text


#: A grammar alternative ending in "%" is taken beside a percentage partner when its CTC path keeps
#: at least this share of the probability of the reading kept (tuned on the tune faxes).
PERCENT_SHARE = 0.02
#: Beside a partner that is no percentage either, a "%" alternative is taken only when its path is about
#: as probable as the reading kept (the pair then reads as percentages: a target and its actual share a unit).
PERCENT_ALONE = 0.5
#: A target's alternative with a comparison sign is taken when its path keeps at least this share
#: (on the tune faxes every target with a signed path of this share or more was printed with its
#: sign; no target printed without one had a signed path at all).
SIGN_SHARE = 0.01


#: The row's shared unit word is taken when the product of the two readings' shares in it (1 for a
#: reading already in it; an alternative's share of the probability of the reading kept otherwise) is
#: at least this: a target and its actual are printed in one unit ("271" beside "27个": 个 read as 1).
UNIT_SHARE = 0.02
#: Unit words that count whole things: a number with decimals is never printed in one of them alone
#: ("2.6人" is no count; "2.6万人" is).
COUNT_WORDS = frozenset("人个户场次台套处所家件项座条名辆只头篇册本批棵株块间栋")


def _cjk_unit(unit: str | None) -> bool:
    return bool(unit) and unit not in ("%", "‰")


def _countable(value: float, unit: str | None) -> bool:
    """A number a form could print in ``unit``: a bare count word takes whole numbers only."""
    return not (unit and unit in COUNT_WORDS and not float(value).is_integer())


def _in_unit(text: str, alternatives: list[tuple[str, float]], unit: str, partner_value: float,
             is_target: bool) -> tuple[str, float] | None:
    """``text`` read in ``unit``: itself (share 1) when it is in it, else its most probable alternative
    in it with the same sign (or a sign a target gains at SIGN_SHARE), printable in that unit, whose
    number is the reading's own or of the partner's order."""
    mine = _number(text)
    if mine is None:
        return None
    op, value, own = mine
    if own == unit:
        return text, 1.0
    if _cjk_unit(own) and own.startswith(unit):
        return None  # never a unit the reading's own cuts short ("公" for a "公里" read)
    best = None
    for alt, share in alternatives:
        parsed = _number(alt)
        if parsed is None or parsed[2] != unit:
            continue
        a_op, a_value, _ = parsed
        if a_op != op and not (a_op and not op and is_target and share >= SIGN_SHARE):
            continue
        if not _countable(a_value, unit) or not (a_value == value or _same_order(a_value, partner_value)):
            continue
        if best is None or share > best[1]:
            best = (alt, share)
    return best


def readings_in_shared_unit(target: str, target_alternatives: list[tuple[str, float]], actual: str,
                            actual_alternatives: list[tuple[str, float]]) -> tuple[str, str] | None:
    """The target and actual read in the unit word they share, when they were read in different ones
    (or one in none) and the recogniser's alternatives hold a common one; None when nothing changes.

    Each unit word either reading or alternative holds is scored by the product of the two sides'
    shares in it (_in_unit); the best, if at least UNIT_SHARE, is the row's unit. A reading in no
    unit beside one in a unit its alternatives lack stays as read (forms often print the unit once).
    """
    t, a = _number(target), _number(actual)
    if t is None or a is None or (t[2] == a[2]) or t[1] <= 0 or a[1] <= 0:
        return None
    units = {u for u in (t[2], a[2]) if _cjk_unit(u)}
    units |= {p[2] for alt, _ in [*target_alternatives, *actual_alternatives]
              if (p := _number(alt)) is not None and _cjk_unit(p[2])}
    best = None
    for unit in sorted(units):
        mine, theirs = _in_unit(target, target_alternatives, unit, a[1], True), _in_unit(
            actual, actual_alternatives, unit, t[1], False)
        if mine and theirs and (best is None or mine[1] * theirs[1] > best[0]):
            best = (mine[1] * theirs[1], mine[0], theirs[0])
    if best is None or best[0] < UNIT_SHARE or (best[1], best[2]) == (target, actual):
        return None
    return best[1], best[2]


def unit_from_partner(text: str, partner: str) -> str | None:
    """``text``, whose line left a glyph of ink unread after the number (the caller knows:
    extractors/ocr/unread_ink.unread_tail), in its row partner's unit word when it was read in no
    unit or in the start of the partner's ("≥160" beside "168场" → "≥160场", "≥600万" beside "612万元"
    → "≥600万元"); None otherwise. The page showed a glyph there, not which: the caller names the unit
    as chosen from context, so the form is reviewed. Never a count word for a number with decimals."""
    plain = squash(text)
    mine, theirs = _number(plain), _number(partner)
    if mine is None or theirs is None or not _cjk_unit(theirs[2]) or not _countable(mine[1], theirs[2]):
        return None
    own = mine[2] or ""
    if own == theirs[2] or (own and not (_cjk_unit(own) and theirs[2].startswith(own))):
        return None
    return plain + theirs[2][len(own):]


def sign_by_outcome(target: float, actual: float, met: bool | None) -> str | None:
    """The way a target's sign points, from its row's own figures: a row whose score is its full
    分值 met its target, so an actual above the target says "≥" and one below it "≤"; a row marked
    down missed it, so the other way round. None when the row does not say (no outcome, or the actual
    equals the target, which meets either sign)."""
    if met is None or target == actual:
        return None
    return "≥" if (actual > target) == met else "≤"


def _either_way(candidates: list[tuple[float, str]]) -> str | None:
    """The number a blot of ink leans neither way before: the best candidates are the same reading
    with "≥" and with "≤", equally probable (value_decoding offers both when the recogniser saw a sign
    without telling which); None otherwise."""
    share, best = max(candidates)
    rest = best[1:]
    tied = {alt[:1] for s, alt in candidates if s == share and alt[1:] == rest}
    return rest if tied >= {"≥", "≤"} else None


class ContextChoice(NamedTuple):
    """An alternative the row asked for, and whether the row's outcome (not the ink) chose its sign."""

    text: str
    by_outcome: bool = False


def choose_in_row_context(text: str, alternatives: list[tuple[str, float]], partner: str,
                          is_target: bool, rate: bool = False, sure: bool = False,
                          met: bool | None = None) -> ContextChoice | None:
    """The recogniser's own grammar alternative (extractors/ocr/value_decoding.py: a path with a
    percent sign or a comparison sign, and its probability relative to the reading kept) that the
    row asks for, or None.

    Beside a percentage partner an unsure reading without "%" takes its most probable "%"
    alternative whose number is plausible there (at most two decimals, of the partner's order);
    beside a partner without "%" only a "%" alternative about as probable as the reading is taken;
    a target without a sign takes its most probable signed alternative whose number is the
    reading's own number or, where the sign was read as a digit, of the partner's order.
    In a ``rate`` row the reading is beside a percentage whatever its partner reads; a ``sure``
    reading only gains a sign (same number, same unit: its strokes were read, the sign's were not).
    A gained ">"/"<" is "≥"/"≤" whose under-bar was lost (BAR_LOST). When the best alternatives are
    the reading with either sign alike (a blot before it that leans neither way), the row's outcome
    (``met``: its score is its full 分值) chooses the sign (sign_by_outcome; the choice says so,
    ``by_outcome``, for the verdict to name it), or none is taken.
    """
    mine, theirs = _number(text), _number(partner)
    if mine is None:
        return None
    if theirs is None or (rate and theirs[2] != "%"):
        if not rate:
            return None
        theirs = ("", theirs[1] if theirs and theirs[2] is None and 0 < theirs[1] <= RATE_MAX else 0.0, "%")
    op, value, unit = mine
    candidates = []
    for alt, share in alternatives:
        parsed = _number(alt)
        if parsed is None:
            continue
        a_op, a_value, a_unit = parsed
        if a_unit != unit and a_unit not in ("%", None):
            continue  # another unit word: the row's unit is chosen by readings_in_shared_unit
        gains_percent = a_unit == "%" and unit != "%"
        gains_sign = bool(a_op) and not op
        beside_percent = theirs[2] == "%"
        if gains_percent and not (share >= PERCENT_SHARE if beside_percent else share >= PERCENT_ALONE):
            continue
        if gains_percent and sure:
            continue
        if gains_percent:
            num = re.sub(r"^[≥≤<>=]", "", alt)[:-1]
            if theirs[1] <= 0:  # a rate whose partner is unreadable: any printed percentage up to RATE_MAX
                if not (_printed(num) and 0 < float(num) <= RATE_MAX):
                    continue
            elif not (_plausible(num, theirs[1]) if beside_percent else _printed(num)):
                continue
        elif a_unit != unit:
            continue
        if gains_sign:
            if not is_target or share < SIGN_SHARE:
                continue
            if sure and (a_value != value or a_unit != unit):
                continue
            if a_value != value and not (_same_order(a_value, theirs[1]) and not _same_order(value, theirs[1])):
                continue
        elif a_op != op:
            continue
        if gains_percent or gains_sign:
            candidates.append((share, alt))
    if not candidates:
        return None
    if (rest := _either_way(candidates)) is not None:
        sign = sign_by_outcome_against(rest, partner, met)
        return ContextChoice(sign + rest, by_outcome=True) if sign else None
    return ContextChoice(_as_bare_sign(max(candidates)[1]))


def sign_by_outcome_against(target: str, partner: str, met: bool | None) -> str | None:
    """The sign the row's outcome chooses for ``target`` (sign_by_outcome), only against an actual the
    row really printed: a number read in the target's own unit (or both without one), of the target's
    order. An unreadable actual ("", "达成", "——") is no figure to compare, and one in another unit or
    of another order ("95" beside "0.98") may be a share printed another way: no sign is chosen."""
    mine, theirs = _number(target), _number(partner)
    if mine is None or theirs is None or mine[2] != theirs[2] or not _same_order(mine[1], theirs[1]):
        return None
    return sign_by_outcome(mine[1], theirs[1], met)
