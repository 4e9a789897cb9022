from __future__ import annotations

from gt_watch.results.captionfile import format_problems
from gt_watch.results.profiles import NETFLIX_EN
from gt_watch.results.segment import segment
from gt_watch.results.srt import render_srt
from gt_watch.results.vtt import render_vtt
from tests.unit.results.helpers import spoken


def _details(data: bytes, vtt: bool | None = None) -> list[tuple[int | None, str]]:
    return [(problem.cue, problem.detail) for problem in format_problems(data, vtt=vtt)]


def test_files_gt_watch_writes_follow_the_format() -> None:
    cues = segment(spoken("One sentence here. And another one there, a little longer."), NETFLIX_EN)
    assert format_problems(render_srt(cues).encode()) == []
    assert format_problems(render_vtt(cues).encode()) == []


def test_a_bom_and_crlf_line_ends_are_reported_once_for_the_file() -> None:
    data = b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n"
    assert _details(data) == [
        (None, "the file starts with a byte order mark (BOM)"),
        (None, "CR line ends (Windows style); LF only is expected"),
    ]


def test_srt_numbers_times_and_text_are_checked_per_cue() -> None:
    data = (
        b"1\n00:00:01.000 --> 00:00:02,000\nDot decimal\n\n"
        b"3\n00:00:03,000 --> 00:00:04,000\nWrong number\n\n"
        b"3\n00:00:05,000 --> 00:00:06,000\n"
    )
    assert _details(data) == [
        (1, "line 2: timing must read HH:MM:SS,mmm --> HH:MM:SS,mmm"),
        (2, "line 5: sequence number 2 expected"),
        (3, "line 10: cue without text"),
    ]


def test_vtt_needs_its_header_and_dot_times() -> None:
    assert _details(b"00:01.000 --> 00:02.000\nHi\n", vtt=True) == [
        (None, "line 1: a WebVTT file starts with 'WEBVTT'")
    ]
    data = b"WEBVTT\n\nNOTE a comment\n\nintro\n00:00:01,000 --> 00:00:02.000\nHi\n"
    assert _details(data) == [(1, "line 6: timing must read HH:MM:SS.mmm --> HH:MM:SS.mmm")]


def test_text_that_is_not_utf8_is_reported() -> None:
    assert _details(b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n") == [
        (None, "byte 35 is not UTF-8")
    ]
