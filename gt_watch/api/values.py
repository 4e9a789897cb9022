"""Lenient reading of scalar values from vendor JSON and forms, and of a downloaded
document's text. Pure; knows no shapes.

The vendor's examples show numbers as JSON numbers, but forms carry only strings and other
services quote their numbers; every reader here accepts both and returns None for what it
cannot read, so that each caller decides whether a missing value is an error.
"""

from __future__ import annotations

import math
import re

from gt_watch.errors import ResultFormatError

# "01:02:03.500", "02:03,5", "3.5": clock times or plain seconds, comma or dot decimals.
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2}(?:[.,]\d+)?)$")


def as_text(value: object) -> str | None:
    """Given a JSON or form value, return it as stripped text; None for null or empty."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def as_float(value: object) -> float | None:
    """Given a number or numeric text (`12.34`, `"12.34"`, `"$12.34"`), return a finite
    float; None if it is absent or not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = as_text(value)
        if text is None:
            return None
        try:
            number = float(text.removeprefix("$").replace(",", "."))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def as_int(value: object) -> int | None:
    """Given a whole number as a number or text (`68`, `"68"`, `"68.0"`), return it; None if
    it is absent or not whole."""
    number = as_float(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def as_clock_seconds(value: object) -> float | None:
    """Given clock text (`"01:02:03.5"`, `"02:03,500"`), return it in seconds; None if the
    value is not clock text."""
    if not isinstance(value, str):
        return None
    match = _CLOCK.match(value.strip())
    if not match:
        return None
    hours, minutes = int(match.group("h") or 0), int(match.group("m"))
    return hours * 3600 + minutes * 60 + float(match.group("s").replace(",", "."))


def document_text(data: str | bytes, expected: str, *, encoding: str = "utf-8") -> str:
    """Given a downloaded document (bytes in `encoding`, or text already) and what it should
    be, return its text without a byte order mark. Raise ResultFormatError naming `expected`
    if the bytes do not decode."""
    if isinstance(data, bytes):
        try:
            data = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise ResultFormatError(
                f"expected {expected} in UTF-8; byte {error.start} is not UTF-8"
            ) from None
    return data.removeprefix("\ufeff")
