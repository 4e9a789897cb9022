"""Time units: declared, inferred from the numbers, and the spellings of cloud vendors."""

from __future__ import annotations

import json
import re

import pytest

from gt_watch.api.formats import parse_alignment, parse_transcript
from gt_watch.api.time_units import (
    declared_scale,
    duration_seconds,
    inferred_scale,
    iso_duration_seconds,
    plain_time_scale,
    ticks_seconds,
)
from gt_watch.errors import ResultFormatError


def timed_words(count: int, *, seconds_per_word: float, scale: float) -> list[dict[str, object]]:
    """`count` words one after another, each lasting 80% of its share, in whole units."""
    words = []
    for index in range(count):
        start = index * seconds_per_word
        words.append(
            {
                "text": f"word{index}",
                "start": round(start * scale),
                "end": round((start + seconds_per_word * 0.8) * scale),
            }
        )
    return words


def test_a_three_hour_transcript_in_whole_seconds_stays_seconds() -> None:
    # Whole seconds, one segment a sentence: ten words in about four seconds, for 3 hours.
    segments = [
        {
            "start": start,
            "end": start + 4,
            "text": "one two three four five six seven eight nine ten",
        }
        for start in range(0, 3 * 3600, 5)
    ]

    assert inferred_scale({"segments": segments}) == 1.0


def test_whole_seconds_word_by_word_stay_seconds_even_after_hours() -> None:
    words = [
        {"text": "yes", "start": 10_000 + second, "end": 10_001 + second}
        for second in range(0, 600, 2)
    ]

    assert inferred_scale({"words": words}) == 1.0


def test_a_ten_second_transcript_in_milliseconds_is_recognised() -> None:
    document = {"words": timed_words(25, seconds_per_word=0.4, scale=1000)}

    assert inferred_scale(document) == 1000.0
    transcript = parse_transcript(json.dumps(document))
    assert transcript.words[-1].end == pytest.approx(9.92)


def test_a_single_short_word_in_milliseconds_is_recognised() -> None:
    assert inferred_scale({"words": [{"text": "Hi", "start": 500, "end": 900}]}) == 1000.0


def test_segments_without_words_in_milliseconds_are_recognised_by_time_per_word() -> None:
    document = {"segments": [{"start": 0, "end": 2500, "text": "Good to see you."}]}

    assert inferred_scale(document) == 1000.0


def test_one_long_segment_of_many_words_in_seconds_stays_seconds() -> None:
    # A whole three-hour talk as one paragraph: long, but well under a second per word.
    document = {"segments": [{"start": 0, "end": 10_800, "text": "word " * 20_000}]}

    assert inferred_scale(document) == 1.0


def test_one_fractional_time_means_seconds() -> None:
    words = timed_words(20, seconds_per_word=0.4, scale=1000)
    words[3]["end"] = 1500.5

    assert inferred_scale({"words": words}) == 1.0


def test_times_as_numeric_text_count_like_numbers() -> None:
    assert inferred_scale([{"word": "Hola", "begin": "250", "end": "700"}]) == 1000.0
    assert inferred_scale([{"word": "Hola", "begin": "0.25", "end": "0.7"}]) == 1.0


def test_clock_text_and_words_without_length_leave_seconds() -> None:
    assert inferred_scale({"words": [{"text": "a", "start": "00:01:00", "end": "00:02:00"}]}) == 1.0
    assert inferred_scale({"words": [{"text": "a", "start": 500, "end": 500}]}) == 1.0
    assert inferred_scale({"words": []}) == 1.0


def test_a_declared_unit_wins_over_what_the_numbers_suggest() -> None:
    document = {"time_unit": "s", "words": [{"text": "Hi", "start": 1500, "end": 2250}]}

    assert plain_time_scale(document) == 1.0
    assert plain_time_scale({"words": document["words"]}, {"units": "ms"}) == 1000.0


@pytest.mark.parametrize(
    ("declaration", "scale"),
    [({"time_unit": "ms"}, 1000.0), ({"units": "Seconds"}, 1.0), ({}, None)],
)
def test_declared_units_are_read_from_the_top(
    declaration: dict[str, str], scale: float | None
) -> None:
    assert declared_scale(declaration) == scale


def test_forced_alignment_in_milliseconds_is_recognised_too() -> None:
    data = [{"word": "Hello", "begin": 100, "end": 480}, {"word": "you.", "begin": 520, "end": 900}]

    transcript = parse_alignment(json.dumps(data))

    assert [(w.start, w.end) for w in transcript.words] == [(0.1, 0.48), (0.52, 0.9)]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1.300s", 1.3),
        ("0s", 0.0),
        ({"seconds": "3", "nanos": 250_000_000}, 3.25),
        ({"nanos": 500_000_000}, 0.5),
        ({"seconds": 7}, 7.0),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_google_durations_are_read_in_every_spelling(value: object, seconds: float | None) -> None:
    assert duration_seconds(value) == seconds


@pytest.mark.parametrize("value", ["soon", "-1s", {"seconds": "x"}, [1]])
def test_a_google_duration_that_is_no_time_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match=re.escape(str(value).removesuffix("s"))):
        duration_seconds(value)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("PT1.2S", 1.2), ("PT1M2.5S", 62.5), ("PT1H0M3S", 3603.0), ("PT0S", 0.0), ("P1DT1S", 86401.0)],
)
def test_iso_8601_durations_are_read(value: str, seconds: float) -> None:
    assert iso_duration_seconds(value) == seconds


@pytest.mark.parametrize("value", ["PT", "P", "1.2S", "PT1.2"])
def test_text_that_is_no_iso_8601_duration_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=re.escape(value)):
        iso_duration_seconds(value)


def test_ticks_are_tenths_of_microseconds() -> None:
    assert ticks_seconds(5_000_000) == 0.5
    assert ticks_seconds("36000000000.0") == 3600.0
    assert ticks_seconds(None) is None
    with pytest.raises(ValueError, match="-1"):
        ticks_seconds(-1)


def test_an_unknown_declared_unit_is_refused_with_what_it_says() -> None:
    with pytest.raises(ResultFormatError, match="declares units 'frames'"):
        declared_scale({"units": "frames"})
