"""Properties of the caption engine on random word streams: words with any lengths (some
longer than a line), durations, overlaps, silences and speaker changes."""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from gt_watch.model import StyleProfile, Word
from gt_watch.results.profiles import NETFLIX_EN
from gt_watch.results.segment import segment
from tests.unit.results.helpers import all_words

_word = st.tuples(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC.,?!'", min_size=1, max_size=60).filter(
        lambda text: any(char.isalpha() for char in text)
    ),
    st.floats(min_value=0.0, max_value=2.5),  # duration
    st.floats(min_value=-0.6, max_value=3.0),  # silence after (negative: overlap)
    st.sampled_from([None, "A", "B", "C"]),
)
_profile = st.builds(
    lambda chars, lines, bottom_heavy, language: dataclasses.replace(
        NETFLIX_EN,
        max_chars_per_line=chars,
        max_lines=lines,
        bottom_heavy=bottom_heavy,
        language=language,
    ),
    st.integers(min_value=16, max_value=50),
    st.integers(min_value=1, max_value=3),
    st.booleans(),
    st.sampled_from(["en", "xx"]),
)


def _stream(items: list[tuple[str, float, float, str | None]]) -> list[Word]:
    words = []
    clock = 0.0
    for text, duration, silence, speaker in items:
        words.append(Word(text, clock, clock + duration, speaker))
        clock = max(0.0, clock + duration + silence)
    return words


@settings(max_examples=150, deadline=None)
@given(st.lists(_word, max_size=70), _profile)
def test_every_word_is_shown_exactly_once_in_order(
    items: list[tuple[str, float, float, str | None]], profile: StyleProfile
) -> None:
    words = _stream(items)
    cues = segment(words, profile)
    shown = "".join(
        line.removeprefix(profile.dialogue_dash) for cue in cues for line in cue.lines
    ).replace(" ", "")
    assert shown == "".join(word.text for word in words)
    if all(len(word.text) <= profile.max_chars_per_line for word in words):
        assert all_words(cues, profile.dialogue_dash) == [word.text for word in words]


@settings(max_examples=150, deadline=None)
@given(st.lists(_word, max_size=70), _profile)
def test_cues_never_overlap_are_never_empty_and_keep_the_line_limits(
    items: list[tuple[str, float, float, str | None]], profile: StyleProfile
) -> None:
    cues = segment(_stream(items), profile)
    for cue in cues:
        assert cue.end > cue.start
        assert cue.lines
        assert all(line.strip() for line in cue.lines)
        assert len(cue.lines) <= profile.max_lines
        assert all(len(line) <= profile.max_chars_per_line for line in cue.lines)
    for cue, following in itertools.pairwise(cues):
        assert following.start - cue.end >= 2 / profile.frame_rate - 0.0005
    for time in (time for cue in cues for time in (cue.start, cue.end)):
        frames = time * profile.frame_rate
        assert abs(frames - round(frames)) <= 0.001 * profile.frame_rate  # on a frame


@settings(max_examples=60, deadline=None)
@given(st.lists(_word, min_size=1, max_size=40), st.integers(min_value=1, max_value=3))
def test_max_lines_is_never_exceeded(
    items: list[tuple[str, float, float, str | None]], max_lines: int
) -> None:
    cues = segment(_stream(items), NETFLIX_EN, max_lines=max_lines)
    assert all(len(cue.lines) <= max_lines for cue in cues)
