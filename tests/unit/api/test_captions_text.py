"""SubRip and WebVTT files, clean and messy, become cues; broken timings name their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_watch.api.formats import parse_captions
from gt_watch.errors import ResultFormatError
from gt_watch.model import Cue

RESULTS = Path(__file__).resolve().parents[2] / "data" / "results"


def test_a_clean_subrip_file_becomes_cues() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,500\nHello\nthere.\n\n"
        "2\n01:02:03,040 --> 01:02:04,000\nBye.\n"
    )

    assert parse_captions(text) == [
        Cue(1.0, 2.5, ("Hello", "there.")),
        Cue(3723.04, 3724.0, ("Bye.",)),
    ]


def test_messy_subrip_keeps_every_line_of_text() -> None:
    cues = parse_captions((RESULTS / "captions_messy.srt").read_bytes())

    assert cues == [
        Cue(1.0, 2.5, ("Hello there,", "my friend.")),
        Cue(3.0, 4.0, ("No number above me.",)),
        Cue(5.0, 6.0, ("Wrong number, top of screen.", "A line cut off by a blank line.")),
        Cue(7.0, 8.0, ("Tom & Jerry",)),
        Cue(9.0, 10.0, ("No blank line before my number.",)),
    ]


def test_old_mac_line_ends_are_line_ends() -> None:
    assert parse_captions("1\r00:00:01,000 --> 00:00:02,000\rHi\r") == [Cue(1.0, 2.0, ("Hi",))]


def test_short_fractions_are_decimal_fractions() -> None:
    assert parse_captions("00:00:01,5 --> 00:00:02.25\nHi") == [Cue(1.5, 2.25, ("Hi",))]


def test_webvtt_header_notes_styles_identifiers_and_settings_are_skipped() -> None:
    cues = parse_captions((RESULTS / "captions.vtt").read_text(encoding="utf-8"))

    assert [(cue.start, cue.end, cue.lines) for cue in cues] == [
        (1.0, 2.5, ("Hello there,", "my friend.")),
        (3.0, 4.0, ("Bob said hi <3",)),
        (5.0, 6.0, ("Bye\u00a0now.",)),
    ]


def test_webvtt_voice_tags_become_the_cue_speaker() -> None:
    cues = parse_captions((RESULTS / "captions.vtt").read_text(encoding="utf-8"))

    assert [cue.speaker for cue in cues] == ["Ann Lee", None, "Bob"]


def test_a_webvtt_cue_right_after_the_header_line_is_read() -> None:
    assert parse_captions("WEBVTT\n00:01.000 --> 00:02.000\nHi") == [Cue(1.0, 2.0, ("Hi",))]


def test_cues_left_without_text_after_removing_markup_are_dropped() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n2\n00:00:03,000 --> 00:00:04,000\nHi\n"

    assert parse_captions(text) == [Cue(3.0, 4.0, ("Hi",))]


def test_a_file_with_timings_but_no_text_has_no_cues() -> None:
    assert parse_captions("WEBVTT\n\n00:01.000 --> 00:02.000\n\n") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1\n00:00:01,000 -> 00:00:02,000\nHi\n",
            "line 2: cannot read the timing '00:00:01,000 -> 00:00:02,000'",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03,000 --> soon\nYo\n",
            "line 6: cannot read the timing '00:00:03,000 --> soon'",
        ),
        ("WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nHi\n", "line 3: minutes or seconds above 59"),
        ("00:00:05,000 --> 00:00:04,000\nHi\n", "line 1: the cue ends before it starts"),
    ],
)
def test_a_malformed_timing_line_is_refused_with_its_line_number(text: str, message: str) -> None:
    with pytest.raises(ResultFormatError) as caught:
        parse_captions(text)

    assert message in caught.value.message


def test_clock_times_inside_cue_text_are_not_mistaken_for_timings() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n10:30 – 12:00 lunch\n"

    assert parse_captions(text)[0].lines == ("10:30 – 12:00 lunch",)


@pytest.mark.parametrize("text", ["", "\ufeff", "Just a transcript.\n\nNo timings at all."])
def test_text_without_any_timing_line_is_refused_saying_what_was_expected(text: str) -> None:
    with pytest.raises(ResultFormatError, match=r"expected SubRip \(\.srt\) or WebVTT"):
        parse_captions(text)


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(ResultFormatError, match="byte 0 is not UTF-8"):
        parse_captions(b"\xe9t\xe9\n00:00:01,000 --> 00:00:02,000\n")
