"""Date and time functions (formatdate, timeadd, timecmp; timestamp and plantimestamp are apply-time)."""

from __future__ import annotations

import datetime as _dt
import json
import re
from decimal import Decimal, ROUND_FLOOR

from infra2arch.model import unknown_from

from infra2arch_terraform.functions._base import FunctionError
from infra2arch_terraform.functions._values import _as_str
from infra2arch_terraform.functions._registry import _register

# ---------------------------------------------------------------------------------------------
# Date and time functions

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})"
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _parse_timestamp(text: str) -> tuple[_dt.datetime, int]:
    """An RFC 3339 timestamp: (datetime with fixed offset, whole seconds), nanoseconds."""
    match = _RFC3339.fullmatch(text)
    if not match:
        if "T" not in text and re.match(r"\d{4}-\d{2}-\d{2}", text):
            raise FunctionError("not a valid RFC3339 timestamp: missing required time introducer 'T'")
        raise FunctionError(f"not a valid RFC3339 timestamp: {json.dumps(text)}")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7) or ""
    nanos = int((fraction + "000000000")[:9]) if fraction else 0
    zone = match.group(8)
    if zone == "Z":
        offset = _dt.timedelta(0)
    else:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            raise FunctionError(f"not a valid RFC3339 timestamp: cannot use {json.dumps(zone)} as UTC offset")
        offset = _dt.timedelta(hours=hours, minutes=minutes) * (-1 if zone[0] == "-" else 1)
    try:
        value = _dt.datetime(year, month, day, hour, minute, second, tzinfo=_dt.timezone(offset))
    except ValueError as exc:
        raise FunctionError(f"not a valid RFC3339 timestamp: {exc}") from None
    return value, nanos


def _offset_text(value: _dt.datetime, colon: bool) -> str:
    offset = value.utcoffset() or _dt.timedelta(0)
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


def _rfc3339(value: _dt.datetime) -> str:
    offset = value.utcoffset() or _dt.timedelta(0)
    zone = "Z" if offset == _dt.timedelta(0) else _offset_text(value, True)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}"


def _date_tokens(spec: str) -> list[str]:
    tokens: list[str] = []
    i, n = 0, len(spec)
    while i < n:
        c = spec[i]
        if c == "'":
            if i + 1 < n and spec[i + 1] == "'":
                tokens.append("''")
                i += 2
                continue
            j = i + 1
            while j < n:
                if spec[j] == "'":
                    if j + 1 < n and spec[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            if j >= n:  # no closing quote
                raise FunctionError("unterminated literal '")
            tokens.append(spec[i : j + 1])
            i = j + 1
        elif c.isascii() and c.isalpha():
            j = i
            while j < n and spec[j] == c:
                j += 1
            tokens.append(spec[i:j])
            i = j
        else:
            j = i
            while j < n and spec[j] != "'" and not (spec[j].isascii() and spec[j].isalpha()):
                j += 1
            tokens.append(spec[i:j])
            i = j
    return tokens


@_register("formatdate", 2)
def _formatdate(ctx, spec, timestamp):
    value, _ = _parse_timestamp(_as_str(timestamp, "timestamp"))
    out: list[str] = []
    for tok in _date_tokens(_as_str(spec, "format")):
        head, size = tok[0], len(tok)
        if head == "'":
            if size == 1 or tok[-1] != "'":
                raise FunctionError("unterminated literal '")
            out.append("'" if size == 2 else tok[1:-1].replace("''", "'"))
            continue
        if not (head.isascii() and head.isalpha()):
            out.append(tok)
            continue
        bad = f'invalid date format verb "{tok}"'
        if head == "Y":
            if size == 2:
                out.append(f"{value.year % 100:02d}")
            elif size == 4:
                out.append(f"{value.year:04d}")
            else:
                raise FunctionError(f'{bad}: year must either be "YY" or "YYYY"')
        elif head == "M":
            if size > 4:
                raise FunctionError(f'{bad}: month must be "M", "MM", "MMM", or "MMMM"')
            name = _MONTHS[value.month - 1]
            out.append([str(value.month), f"{value.month:02d}", name[:3], name][size - 1])
        elif head == "D":
            if size > 2:
                raise FunctionError(f'{bad}: day of month must either be "D" or "DD"')
            out.append(str(value.day) if size == 1 else f"{value.day:02d}")
        elif head == "E":
            name = _WEEKDAYS[value.weekday()]
            if size == 3:
                out.append(name[:3])
            elif size == 4:
                out.append(name)
            else:
                raise FunctionError(f'{bad}: day of week must either be "EEE" or "EEEE"')
        elif head in "hHms":
            if head == "h":
                number = value.hour
            elif head == "H":
                number = value.hour % 12 or 12
            elif head == "m":
                number = value.minute
            else:
                number = value.second
            if size > 2:
                raise FunctionError(f"{bad}: must be {head!r} or {head * 2!r}".replace("'", '"'))
            out.append(str(number) if size == 1 else f"{number:02d}")
        elif head in "Aa":
            if size != 2:
                raise FunctionError(f'{bad}: must be "{head}{head}"')
            marker = "AM" if value.hour < 12 else "PM"
            out.append(marker if head == "A" else marker.lower())
        elif head == "Z":
            offset = value.utcoffset() or _dt.timedelta(0)
            if size == 1:
                out.append("Z" if offset == _dt.timedelta(0) else _offset_text(value, True))
            elif size == 3:
                text = _offset_text(value, False)
                out.append("UTC" if text == "+0000" else text)
            elif size == 4:
                out.append(_offset_text(value, False))
            elif size == 5:
                out.append(_offset_text(value, True))
            else:
                raise FunctionError(f"{bad}: timezone must be Z, ZZZZ, or ZZZZZ")
        else:
            raise FunctionError(bad)
    return "".join(out)


_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_DURATION_PART = re.compile(r"(\d*)(?:\.(\d*))?([^\d.]+)")


def _parse_duration(text: str) -> int:
    """Go's time.ParseDuration, in nanoseconds."""
    original, body = text, text
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if body == "0":
        return 0
    if not body:
        raise FunctionError(f"time: invalid duration {json.dumps(original)}")
    total = Decimal(0)
    pos = 0
    while pos < len(body):
        match = _DURATION_PART.match(body, pos)
        if not match or (not match.group(1) and not match.group(2)):
            raise FunctionError(f"time: invalid duration {json.dumps(original)}")
        unit = match.group(3)
        if unit not in _DURATION_UNITS:
            raise FunctionError(f"time: unknown unit {json.dumps(unit)} in duration {json.dumps(original)}")
        number = Decimal(f"{match.group(1) or '0'}.{match.group(2) or '0'}")
        total += number * _DURATION_UNITS[unit]
        pos = match.end()
    nanos = int(total.to_integral_value(rounding=ROUND_FLOOR))
    if nanos > 2**63 - 1:
        raise FunctionError(f"time: invalid duration {json.dumps(original)}")
    return -nanos if negative else nanos


@_register("timeadd", 2)
def _timeadd(ctx, timestamp, duration):
    value, nanos = _parse_timestamp(_as_str(timestamp, "timestamp"))
    seconds, _ = divmod(nanos + _parse_duration(_as_str(duration, "duration")), 1_000_000_000)
    try:
        return _rfc3339(value + _dt.timedelta(seconds=seconds))
    except OverflowError:
        raise FunctionError("the resulting time is out of range") from None


@_register("timecmp", 2)
def _timecmp(ctx, a, b):
    first, first_ns = _parse_timestamp(_as_str(a, "timestamp_a"))
    second, second_ns = _parse_timestamp(_as_str(b, "timestamp_b"))
    left = (first.astimezone(_dt.timezone.utc).replace(tzinfo=None), first_ns)
    right = (second.astimezone(_dt.timezone.utc).replace(tzinfo=None), second_ns)
    return (left > right) - (left < right)


def _apply_time(name: str):
    def impl(ctx, *args):
        return unknown_from(f"{name}(): known only at apply time", *args)

    return impl


_register("timestamp", 0, unknown="custom")(_apply_time("timestamp"))
_register("plantimestamp", 0, unknown="custom")(_apply_time("plantimestamp"))
_register("uuid", 0, unknown="custom")(_apply_time("uuid"))
_register("bcrypt", 1, 2, unknown="custom")(_apply_time("bcrypt"))
_register("rsadecrypt", 2, unknown="custom")(_apply_time("rsadecrypt"))


