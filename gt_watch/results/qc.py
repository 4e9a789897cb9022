"""Caption quality check: every cue against every rule of a style profile and the format
rules of SRT/WebVTT cues, with a summary a person can act on.

Deliberately independent of the engine: it reads only cues and the profile, computes in
floating-point seconds rather than the engine's frames and milliseconds, and counts a cue as
conforming only if it meets every rule. The only tolerances come from millisecond times:
half a millisecond on limits that are whole frames (SRT cannot spell 83.33 ms), and a gap
within two milliseconds of the minimum counts as closed. Must not fix anything. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from gt_watch.model import Cue, StyleProfile

# Half the resolution of SRT and WebVTT times: frame-based limits such as 2 frames at 24 fps
# (83.33 ms) can only be written to the millisecond.
FRAME_TOLERANCE = 0.0005
# Float noise only: 7.000 - 0.000 may come out as 7.000000000000001.
EPSILON = 1e-9
MAX_SECONDS = 100 * 3600 - 0.001

KINDS: Mapping[str, str] = {
    "empty": "the cue has no text",
    "blank-line": "a line of the cue is blank (it ends the cue early in SRT)",
    "arrow-in-text": "the text contains '-->', which players read as a timing line",
    "too-many-lines": "more lines than the profile allows",
    "line-too-long": "a line is longer than the profile allows",
    "bad-interval": "the cue ends before or when it starts",
    "out-of-range": "a time is negative or past 99:59:59.999",
    "too-short": "shown for less than the minimum duration",
    "too-long": "shown for more than the maximum duration",
    "reading-speed": "more characters per second than the profile allows",
    "words-per-minute": "more words per minute than the profile allows",
    "seconds-per-word": "less time per word than the profile requires",
    "out-of-order": "starts before the previous cue starts",
    "overlap": "still shown when the next cue starts",
    "gap-too-small": "the gap to the next cue is shorter than the minimum",
    "gap-not-closed": "a gap short enough to be closed to the minimum was left open",
    "format": "the file breaks the SRT or WebVTT format",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: which cue (numbered from 1; None for the file as a whole), when it
    starts (seconds; None if unknown), what kind of rule (a key of `KINDS`), and details."""

    cue: int | None
    start: float | None
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class QcReport:
    """The outcome of a check: how many cues were checked and every violation found."""

    profile: str
    cues: int
    violations: tuple[Violation, ...] = field(default=())

    @property
    def failing_cues(self) -> int:
        """Cues with at least one violation."""
        return len({violation.cue for violation in self.violations if violation.cue})

    @property
    def conforming_cues(self) -> int:
        return self.cues - self.failing_cues

    @property
    def conforming_share(self) -> float:
        """The share of cues that meet every rule (1.0 for a file without cues)."""
        return self.conforming_cues / self.cues if self.cues else 1.0

    @property
    def by_kind(self) -> dict[str, int]:
        """Violation counts per kind, most frequent first."""
        return dict(Counter(violation.kind for violation in self.violations).most_common())

    @property
    def passed(self) -> bool:
        return not self.violations


Found = list[tuple[str, str]]


def _text_violations(cue: Cue, profile: StyleProfile, max_lines: int) -> Found:
    if not cue.text.strip():
        return [("empty", "no text")]
    found: Found = []
    if any(not line.strip() for line in cue.lines):
        found.append(("blank-line", "a blank line inside the cue"))
    if "-->" in cue.text:
        found.append(("arrow-in-text", "'-->' inside the text"))
    if len(cue.lines) > max_lines:
        found.append(("too-many-lines", f"{len(cue.lines)} lines, at most {max_lines}"))
    limit = profile.max_chars_per_line
    for number, line in enumerate(cue.lines, 1):
        if len(line) > limit:
            detail = f"line {number} has {len(line)} characters, at most {limit}"
            found.append(("line-too-long", detail))
    return found


def _speed_violations(cue: Cue, duration: float, profile: StyleProfile) -> Found:
    # A line break is read as a character, like the space it replaces.
    chars, words = len(cue.text), len(cue.text.split())
    found: Found = []
    cps, wpm = profile.max_chars_per_second, profile.max_words_per_minute
    if cps and chars / duration > cps + EPSILON:
        detail = f"{chars / duration:.1f} characters per second, at most {cps:g}"
        found.append(("reading-speed", detail))
    if wpm and words * 60 / duration > wpm + EPSILON:
        detail = f"{words * 60 / duration:.0f} words per minute, at most {wpm:g}"
        found.append(("words-per-minute", detail))
    per_word = profile.min_seconds_per_word
    if per_word and words and duration / words < per_word - EPSILON:
        detail = f"{duration / words:.2f} s per word, at least {per_word:g}"
        found.append(("seconds-per-word", detail))
    return found


def _timing_violations(cue: Cue, profile: StyleProfile) -> Found:
    if cue.start < 0 or cue.end > MAX_SECONDS + EPSILON:
        return [("out-of-range", f"{cue.start:.3f} s to {cue.end:.3f} s")]
    duration = cue.end - cue.start
    if duration <= 0:
        return [("bad-interval", f"ends {-duration:.3f} s before it starts")]
    found: Found = []
    if duration < profile.min_duration - FRAME_TOLERANCE:
        detail = f"shown {duration:.3f} s, at least {profile.min_duration:.3f} s"
        found.append(("too-short", detail))
    if duration > profile.max_duration + EPSILON:
        detail = f"shown {duration:.3f} s, at most {profile.max_duration:.3f} s"
        found.append(("too-long", detail))
    return found + _speed_violations(cue, duration, profile)


def _gap_violations(cue: Cue, following: Cue, profile: StyleProfile) -> Found:
    if following.start < cue.start:
        return [
            ("out-of-order", f"the next cue starts {cue.start - following.start:.3f} s earlier")
        ]
    gap = following.start - cue.end
    if gap < 0:
        return [("overlap", f"shown {-gap:.3f} s into the next cue")]
    frames = gap * profile.frame_rate
    min_gap = profile.min_gap_frames / profile.frame_rate
    close_gap = profile.close_gap_frames / profile.frame_rate
    if gap < min_gap - FRAME_TOLERANCE:
        detail = f"{frames:.2f} frames to the next cue, at least {profile.min_gap_frames}"
        return [("gap-too-small", detail)]
    # Closed means as close to the minimum as millisecond times can write it: each of the
    # two times may sit up to a millisecond off its frame.
    if min_gap + 0.002 + EPSILON < gap <= close_gap + FRAME_TOLERANCE:
        detail = (
            f"{frames:.2f} frames to the next cue; gaps of {profile.close_gap_frames} frames "
            f"or fewer are closed to {profile.min_gap_frames}"
        )
        return [("gap-not-closed", detail)]
    return []


def check(cues: Sequence[Cue], profile: StyleProfile, *, max_lines: int | None = None) -> QcReport:
    """Given cues in file order and a style profile (and optionally another line limit),
    return every violation of the profile's rules and of the cue format rules."""
    lines = profile.max_lines if max_lines is None else max_lines
    violations = []
    for index, cue in enumerate(cues):
        found = _text_violations(cue, profile, lines) + _timing_violations(cue, profile)
        if index + 1 < len(cues):
            found += _gap_violations(cue, cues[index + 1], profile)
        violations += [Violation(index + 1, cue.start, kind, detail) for kind, detail in found]
    return QcReport(profile.name, len(cues), tuple(violations))
