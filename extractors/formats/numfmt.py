"""Spreadsheet values as the sheet prints them: Excel number formats applied.

A form keeps 0.95 under ``0%`` and prints 95%; it keeps 40/38 under ``0.00`` and
prints 1.05, the figure an auditor sees and the printed PDF carries.  The reader
must produce the printed text, so this module implements the parts of Excel's
number-format language that such forms use: sections (positive;negative;zero;text),
``0 # ?`` digit placeholders, thousands separators and scaling commas, percent,
scientific notation, quoted and escaped literals, colour/locale brackets, and
date/time codes.  Anything it cannot read falls back to the General display.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_BRACKETS = re.compile(r"\[[^\]]*\]")
_DATE_CODES = re.compile(r"(?i)y+|m+|d+|h+|s+|am/pm|a/p|上午/下午")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_ELAPSED = re.compile(r"(?i)\[(h+|m+|s+)\]")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}


def general(value: float | int) -> str:
    """Excel's General display: integers plainly, other numbers to 15 significant digits."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{float(value):.15g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}E{int(exp):+03d}"
    return text


def _sections(fmt: str) -> list[str]:
    """Split at ``;`` outside quotes."""
    out, current, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += ch
    return out + [current]


def _tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text): kind "lit" for literal text, "code" for format characters."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append(("lit", section[i + 1:end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
        elif ch in "_*":  # padding to a character's width / fill: prints nothing here
            i += 2
        else:
            out.append(("code", ch))
            i += 1
    return out


@lru_cache(maxsize=1024)
def _split(fmt: str) -> tuple[str, ...]:
    """A format's sections, parsed once per format (a sheet repeats a few formats thousands of times)."""
    return tuple(_sections(fmt))


@lru_cache(maxsize=1024)
def _compiled(section: str) -> tuple[list[tuple[str, str]], bool]:
    """A section's tokens (colour/locale brackets dropped) and whether it formats a date."""
    tokens = _tokens(_BRACKETS.sub("", section))
    return tokens, _is_date_format(tokens)


def _is_date_format(tokens: list[tuple[str, str]]) -> bool:
    codes = "".join(t for kind, t in tokens if kind == "code")
    return bool(re.search(r"(?i)[ydhs]|m", codes)) and not re.search(r"[0#?]", codes)


def _as_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time):
        return datetime(1899, 12, 30, value.hour, value.minute, value.second)
    if isinstance(value, (int, float)):
        return _EXCEL_EPOCH + timedelta(days=float(value))
    return None


def _format_date(value, tokens: list[tuple[str, str]], after_hour: bool = False) -> str:
    moment = _as_datetime(value)
    if moment is None:
        return str(value)
    codes = "".join(t if kind == "code" else "\0" + t + "\0" for kind, t in tokens)
    parts = re.split(r"\0([^\0]*)\0", codes)
    twelve = bool(re.search(r"(?i)am/pm|a/p|上午/下午", codes))
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # literal
            out.append(part)
            continue
        pos = 0
        for m in _DATE_CODES.finditer(part):
            out.append(part[pos:m.start()])
            code = m.group().lower()
            if code[0] == "y":
                out.append(f"{moment.year % 100:02d}" if len(code) <= 2 else str(moment.year))
            elif code[0] == "m":
                following = part[m.end():].lstrip(":. ").lower()
                minute = after_hour or following.startswith("s")
                number = moment.minute if minute and len(code) <= 2 else moment.month
                out.append(f"{number:02d}" if len(code) == 2 else str(number))
            elif code[0] == "d":
                out.append(f"{moment.day:02d}" if len(code) == 2 else str(moment.day))
            elif code[0] == "h":
                hour = (moment.hour % 12 or 12) if twelve else moment.hour
                out.append(f"{hour:02d}" if len(code) >= 2 else str(hour))
                after_hour = True
            elif code[0] == "s":
                out.append(f"{moment.second:02d}" if len(code) >= 2 else str(moment.second))
            else:  # am/pm markers
                pm = moment.hour >= 12
                out.append({"am/pm": "PM" if pm else "AM", "a/p": "P" if pm else "A"}.get(code, "下午" if pm else "上午"))
            if code[0] not in "hm":
                after_hour = after_hour and code[0] == "s"
            pos = m.end()
        out.append(part[pos:])
    return "".join(out)


def _elapsed(section: str, days: float) -> tuple[str, bool]:
    """``[h]``, ``[mm]``, ``[ss]`` print the whole elapsed count, not the hour of a day: put it in as a
    literal; True when it was hours (so a following ``mm`` means minutes)."""
    found = _ELAPSED.search(section)
    if not found:
        return section, False
    unit = found.group(1)[0].lower()
    count = round(abs(days) * 86400) // _UNIT_SECONDS[unit]
    return f'{section[:found.start()]}"{count:0{len(found.group(1))}d}"{section[found.end():]}', unit == "h"


def _round(value: float, decimals: int) -> Decimal:
    """Half away from zero, on the shortest decimal form of the float (what Excel shows)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _format_number(value: float, tokens: list[tuple[str, str]]) -> str:
    codes = [t for kind, t in tokens if kind == "code"]
    if not any(t in "0#?" for t in codes):
        return "".join(t for _, t in tokens) if tokens else general(value)
    first = next(i for i, (kind, t) in enumerate(tokens) if kind == "code" and t in "0#?")
    last = max(i for i, (kind, t) in enumerate(tokens) if kind == "code" and t in "0#?")
    pattern = "".join(t for _, t in tokens[first:last + 1] if t in "0#?.,Ee+-")
    trailing = last + 1
    while trailing < len(tokens) and tokens[trailing] == ("code", ","):  # each trailing comma: ÷1000
        value /= 1000
        trailing += 1
    value *= 100 ** codes.count("%")
    prefix = "".join(t for _, t in tokens[:first])
    suffix = "".join(t for _, t in tokens[trailing:])
    if "E" in pattern.upper():
        mantissa = pattern.upper().split("E")[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        body = f"{value:.{decimals}E}"
        mant, exp = body.split("E")
        body = f"{mant}E{int(exp):+03d}"
    else:
        integer_part, _, fraction = pattern.partition(".")
        min_dec = fraction.count("0") + fraction.count("?")
        max_dec = sum(fraction.count(c) for c in "0#?")
        rounded = _round(abs(value), max_dec)
        text = f"{rounded:f}"
        whole, _, frac = text.partition(".")
        frac = frac[:max_dec]
        while len(frac) > min_dec and frac.endswith("0"):
            frac = frac[:-1]
        min_int = integer_part.count("0")
        whole = whole.lstrip("0") or ""
        whole = whole.rjust(min_int, "0")
        if "," in integer_part and whole:
            whole = _group(whole)
        body = whole + ("." + frac if "." in pattern else "")
        if value < 0 and rounded != 0:
            body = "-" + body
    return prefix + body + suffix


def display(value, number_format: str | None) -> str:
    """The text a spreadsheet prints for ``value`` under ``number_format``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, timedelta):  # a duration ([h]:mm) is a number of days to the sheet
        value = value.total_seconds() / 86400
    fmt = (number_format or "General").strip()
    if fmt.lower() in ("general", "@", ""):
        if isinstance(value, (datetime, date, time)):
            return _format_date(value, _tokens("yyyy-mm-dd" if not isinstance(value, time) else "hh:mm:ss"))
        return general(value)
    sections = _split(fmt)
    if isinstance(value, (datetime, date, time)):
        return _format_date(value, _compiled(sections[0])[0])
    number = float(value)
    section = sections[0]
    if number < 0 and len(sections) > 1 and sections[1].strip():
        section, number = sections[1], -number
    elif number == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    hours_elapsed = False
    if _ELAPSED.search(section):
        section, hours_elapsed = _elapsed(section, number)
    tokens, is_date = _compiled(section)
    try:
        if is_date:
            return _format_date(value, tokens, after_hour=hours_elapsed)
        return _format_number(number, tokens)
    except (ValueError, ArithmeticError, StopIteration):
        return general(value)
