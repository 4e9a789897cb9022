"""How people write durations, timecodes and money in gt-watch's YAML files. Pure parsing.

Each parser raises `PydanticCustomError`, so that a wrong value becomes a Problem at the line
of its key when used inside a schema, with a message saying which forms are accepted. Must
not know the schema itself.
"""

from __future__ import annotations

import math
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

_DURATION = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_TIMECODE = re.compile(
    r"^(?P<hours>\d{1,2}):(?P<minutes>[0-5]\d):(?P<seconds>[0-5]\d(?:\.\d+)?)"
    r"(?:[:;](?P<frames>\d{1,3}))?$"
)


def parse_duration(value: object) -> float:
    """Given `5s`, `10m`, `2h`, `7d`, `250ms` or a plain number of seconds, return seconds.
    Raise PydanticCustomError if the value is none of those or negative."""
    if isinstance(value, bool):
        raise _duration_error(value)
    if isinstance(value, int | float):
        if value < 0 or not math.isfinite(value):
            raise _duration_error(value)
        return float(value)
    if not isinstance(value, str):
        raise _duration_error(value)
    match = _DURATION.match(value)
    if not match:
        raise _duration_error(value)
    return float(match["number"]) * _UNIT_SECONDS[match["unit"]]


def _duration_error(value: object) -> PydanticCustomError:
    return PydanticCustomError(
        "duration",
        "{value} is not a duration; write seconds (30) or a number with a unit: "
        "250ms, 5s, 10m, 2h, 7d",
        {"value": repr(value)},
    )


def parse_timecode(value: object, frame_rate: float) -> float:
    """Given seconds (3600) or a timecode (`01:00:00:00`, `01:00:00;00`, `01:00:00.5`) and the
    frame rate that counts its frames, return seconds. Raise ValueError if malformed."""
    if isinstance(value, bool):
        raise ValueError(_TIMECODE_HELP)
    if isinstance(value, int | float):
        if value < 0 or not math.isfinite(value):
            raise ValueError("a timecode offset must not be negative")
        return float(value)
    match = _TIMECODE.match(str(value).strip())
    if not match:
        raise ValueError(_TIMECODE_HELP)
    seconds = int(match["hours"]) * 3600 + int(match["minutes"]) * 60 + float(match["seconds"])
    frames = match["frames"]
    if frames is None:
        return seconds
    if int(frames) >= math.ceil(frame_rate):
        raise ValueError(
            f"frame {frames} does not exist at {frame_rate:g} frames per second "
            "(set frame_rate in the caption profile if the timeline runs at another rate)"
        )
    return seconds + int(frames) / frame_rate


_TIMECODE_HELP = (
    "write the offset as seconds (3600) or as a timecode HH:MM:SS:FF (01:00:00:00), "
    "HH:MM:SS;FF or HH:MM:SS.fff"
)


def check_timecode(value: object) -> object:
    """Check the form of a timecode without a frame rate (frames are checked on resolution).
    Raise PydanticCustomError if malformed."""
    try:
        parse_timecode(value, frame_rate=1000.0)
    except ValueError as error:
        raise PydanticCustomError("timecode", str(error)) from None
    return value


def check_money(value: float) -> float:
    """Given an amount in USD, return it. Raise PydanticCustomError if not a positive amount."""
    if not math.isfinite(value) or value <= 0:
        raise PydanticCustomError(
            "money",
            "must be a positive amount in USD (null for no limit)",
        )
    return value


Duration = Annotated[float, BeforeValidator(parse_duration)]
"""Seconds, written as `5s`, `10m`, `2h`, `7d` or a plain number."""

Money = Annotated[float, AfterValidator(check_money)]
"""A positive amount in USD."""

Timecode = Annotated[float | str, AfterValidator(check_timecode)]
"""Seconds or an HH:MM:SS:FF timecode, turned into seconds once the frame rate is known."""
