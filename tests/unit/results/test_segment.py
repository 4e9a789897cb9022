from __future__ import annotations

import dataclasses
import itertools

import pytest

from gt_watch.errors import CaptionError
from gt_watch.model import Word
from gt_watch.results.profiles import BBC, NETFLIX_EN
from gt_watch.results.qc import check
from gt_watch.results.segment import segment
from tests.unit.results.helpers import all_words, spoken, texts, turns

LECTURE = (
    "Good morning, everyone. Today we are going to talk about the history of the printing "
    "press and how it changed the way people shared ideas across Europe. Johannes Gutenberg "
    "did not invent printing, but he made it practical. Before him, books were copied by "
    "hand, which was slow and expensive."
)


def test_every_cue_of_a_lecture_meets_the_netflix_profile() -> None:
    cues = segment(spoken(LECTURE), NETFLIX_EN)
    assert check(cues, NETFLIX_EN).passed
    assert all_words(cues) == LECTURE.split()


def test_a_short_sentence_is_one_cue_on_one_line() -> None:
    assert texts(segment(spoken("Good morning, everyone."), NETFLIX_EN)) == [
        "Good morning, everyone."
    ]


def test_cues_end_at_sentence_ends_when_they_can() -> None:
    cues = segment(spoken(LECTURE), NETFLIX_EN)
    assert cues[0].text == "Good morning, everyone."
    assert sum(cue.lines[-1].endswith(".") for cue in cues) >= len(cues) - 2


def test_a_long_sentence_breaks_at_its_comma() -> None:
    text = (
        "When the committee finally published its long awaited report on the river, "
        "nobody in the village was surprised by what it said about the factory."
    )
    cues = segment(spoken(text), NETFLIX_EN)
    assert cues[0].lines[-1].endswith("river,")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "We walked for a long time down to the old harbour wall and then sat on "
            "the interview bench",
            "the interview",
        ),
        (
            "Everyone in the room agreed that Professor Sarah Mitchell would lead "
            "the new research project",
            "Sarah Mitchell",
        ),
        (
            "After all the trouble of the last few months we think she said exactly "
            "what she wanted to say",
            "she said",
        ),
        (
            "The committee looked at every single option on the table and they "
            "would have chosen the river",
            "would have",
        ),
    ],
)
def test_lines_and_cues_never_split_a_phrase(text: str, pair: str) -> None:
    cues = segment(spoken(text), NETFLIX_EN)
    first, second = pair.split()
    lines = [line for cue in cues for line in cue.lines]
    for line, following in itertools.pairwise(lines):
        assert not (line.endswith(first) and following.startswith(second)), texts(cues)


def test_two_lines_are_balanced() -> None:
    text = "The museum opened its new wing last spring with paintings from the whole region"
    (cue,) = segment(spoken(text), NETFLIX_EN)
    top, bottom = cue.lines
    assert abs(len(top) - len(bottom)) <= 12


def test_a_bottom_heavy_profile_puts_the_longer_line_below() -> None:
    # Nine equal words in a language without word lists: the only question is the shape.
    text = "abcd efgh ijkl mnop qrst uvwx yzab cdef ghij"
    profile = dataclasses.replace(NETFLIX_EN, bottom_heavy=True, language="xx")
    (cue,) = segment(spoken(text), profile)
    assert [len(line) for line in cue.lines] == [19, 24]


def test_a_new_speaker_starts_a_new_cue() -> None:
    words = turns(
        ("Anna", "I think we should leave before the rain gets any worse tonight."),
        ("Ben", "We can wait another hour, the forecast says it will clear up soon."),
    )
    cues = segment(words, NETFLIX_EN)
    assert [cue.speaker for cue in cues] == ["Anna", "Ben"]


def test_two_quick_speakers_share_a_cue_with_netflix_dashes() -> None:
    words = turns(("Anna", "Ready?"), ("Ben", "Yes."), ("Anna", "Then let us go now."), pause=0.1)
    cues = segment(words, NETFLIX_EN)
    assert cues[0].lines == ("-Ready?", "-Yes.")
    assert cues[0].speaker is None
    assert check(cues, NETFLIX_EN).passed


def test_the_dialogue_dash_follows_the_profile() -> None:
    words = turns(("Anna", "Ready?"), ("Ben", "Yes."), ("Anna", "Then let us go now."), pause=0.1)
    cues = segment(words, dataclasses.replace(NETFLIX_EN, dialogue_dash="- "))
    assert cues[0].lines == ("- Ready?", "- Yes.")


def test_a_cue_starts_at_its_first_word() -> None:
    words = spoken("First sentence here. Second sentence there.", start=3.25, gap=0.3)
    cues = segment(words, NETFLIX_EN)
    starts = {word.start for word in words}
    assert all(cue.start in starts for cue in cues)


def test_a_short_cue_is_extended_to_the_minimum_duration() -> None:
    # Frames at 24 fps: the last frame within half a second of the word ends at 1.791 s.
    (cue,) = segment([Word("Yes.", 1.0, 1.3)], NETFLIX_EN)
    assert (cue.start, cue.end) == (1.0, 1.791)
    # 5/6 s from 1.0 s needs frame 45 (1.875 s): frame 44 would be written 1.833 s.
    (cue,) = segment([Word("Yes.", 1.0, 1.5)], NETFLIX_EN)
    assert cue.end == 1.875


def test_cues_start_and_end_on_frames() -> None:
    cues = segment(spoken(LECTURE, start=0.313), NETFLIX_EN, offset=3600.0)
    for cue in cues:
        for time in (cue.start, cue.end):
            assert abs(time * 24 - round(time * 24)) < 0.025  # within a millisecond
    assert cues[0].start == pytest.approx(3600.334)  # frame 8 (0.333 s), nearest to 0.313 s


def test_a_small_gap_between_cues_is_closed_to_two_frames() -> None:
    words = spoken("This is the first of two sentences, and it is far too long for one cue.")
    words += spoken(
        "And here is the second one, which is every bit as long as the first.",
        start=words[-1].end + 0.3,
    )
    first, second = segment(words, NETFLIX_EN)
    assert round((second.start - first.end) * 24, 2) == 2.02  # 2 frames: 83.3 ms, written 84


def test_reading_speed_is_met_by_using_the_pause_after_fast_speech() -> None:
    fast = spoken("Honestly I never thought they would actually finish it", seconds_per_char=0.04)
    fast += spoken("Neither did I.", start=fast[-1].end + 1.5)
    cues = segment(fast, NETFLIX_EN)
    assert check(cues, NETFLIX_EN).passed


def test_the_bbc_profile_limits_lines_to_37_characters() -> None:
    cues = segment(spoken(LECTURE), BBC)
    assert all(len(line) <= 37 for cue in cues for line in cue.lines)
    assert check(cues, BBC).passed


def test_max_lines_overrides_the_profile() -> None:
    cues = segment(spoken(LECTURE), NETFLIX_EN, max_lines=1)
    assert all(len(cue.lines) == 1 for cue in cues)
    assert all_words(cues) == LECTURE.split()


def test_an_offset_moves_every_cue() -> None:
    plain = segment(spoken(LECTURE), NETFLIX_EN)
    moved = segment(spoken(LECTURE), NETFLIX_EN, offset=3600.0)
    assert [cue.start + 3600 for cue in plain] == pytest.approx([cue.start for cue in moved])


def test_an_offset_that_moves_a_cue_before_zero_is_refused() -> None:
    with pytest.raises(CaptionError, match="before zero"):
        segment(spoken("Hello there.", start=1.0), NETFLIX_EN, offset=-5.0)


def test_no_lines_is_refused() -> None:
    with pytest.raises(CaptionError, match="at least one line"):
        segment(spoken("Hello."), NETFLIX_EN, max_lines=0)


def test_no_words_make_no_cues() -> None:
    assert segment([], NETFLIX_EN) == []


def test_a_word_longer_than_two_lines_spans_cues_without_losing_a_character() -> None:
    url = "https://example.org/" + "a" * 150
    cues = segment([Word("see", 0.0, 0.3), Word(url, 0.3, 6.0), Word("now.", 6.0, 6.4)], NETFLIX_EN)
    assert all(len(line) <= 42 for cue in cues for line in cue.lines)
    assert "".join("".join(cue.lines) for cue in cues).replace(" ", "") == "see" + url + "now."


def test_words_all_at_one_instant_still_make_valid_cues() -> None:
    words = [Word(f"word{index}", 5.0, 5.0) for index in range(60)]
    cues = segment(words, NETFLIX_EN)
    assert all_words(cues) == [word.text for word in words]
    assert all(cue.end > cue.start for cue in cues)
    assert all(a.end <= b.start for a, b in itertools.pairwise(cues))
