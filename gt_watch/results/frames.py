"""The frame grid of a profile: caption times sit on frame boundaries, written in whole
milliseconds so that the frame can be read back from them.

A frame's exact time is rarely a whole millisecond (frame 1 at 24 fps is 41.67 ms). A cue's
start is written at the first millisecond at or after its frame's time and its end at the
last millisecond at or before, so that every gap and duration measured in milliseconds is at
least what it is in frames, and rounding any written time to the nearest frame gives back
its frame. Pure arithmetic; knows nothing of cues.
"""

from __future__ import annotations

import math

_EPSILON = 1e-6


def nearest_frame(ms: float, frame_rate: float) -> int:
    """Given a time in milliseconds, return the nearest frame's number."""
    return round(ms * frame_rate / 1000)


def start_ms(frame: int, frame_rate: float) -> int:
    """Given a frame, return the millisecond a cue starting on it is written at."""
    return math.ceil(frame * 1000 / frame_rate - _EPSILON)


def end_ms(frame: int, frame_rate: float) -> int:
    """Given a frame, return the millisecond a cue ending on it is written at."""
    return math.floor(frame * 1000 / frame_rate + _EPSILON)


def last_end_frame_by(ms: int, frame_rate: float) -> int:
    """Given a time in milliseconds, return the last frame whose end is written at or
    before it: end_ms(f) <= ms exactly when f * 1000 / rate + epsilon < ms + 1."""
    return math.ceil((ms + 1 - _EPSILON) * frame_rate / 1000) - 1


def first_end_frame_from(ms: int, frame_rate: float) -> int:
    """Given a time in milliseconds, return the first frame whose end is written at or
    after it: end_ms(f) >= ms exactly when f * 1000 / rate + epsilon >= ms."""
    return math.ceil((ms - _EPSILON) * frame_rate / 1000)
