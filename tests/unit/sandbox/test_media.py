"""Measuring media with mutagen: every shipped format, and files that are not media."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_watch.errors import MediaError
from gt_watch.sandbox import intake, media
from tests.support.media import sample, write_wav


@pytest.mark.parametrize(
    "name", ["tone.wav", "tone.mp3", "tone.m4a", "tone.mp4", "tone.flac", "tone.ogg"]
)
def test_each_sample_format_measures_about_three_seconds(name: str) -> None:
    duration = media.measure_duration(sample(name), f"http://127.0.0.1/{name}")
    assert duration == pytest.approx(3.0, abs=0.15)


def test_mp3_without_a_telling_name_is_still_measured(tmp_path: Path) -> None:
    copy = tmp_path / "upload"
    copy.write_bytes(sample("tone.mp3").read_bytes())
    assert media.measure_duration(copy, "http://x/upload") == pytest.approx(3.0, abs=0.15)


def test_generated_wav_measures_its_exact_length(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", 12.5)
    assert media.measure_duration(path, "http://x/long.wav") == pytest.approx(12.5)


def test_zero_byte_file_is_refused_with_the_url_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(MediaError, match=r"http://x/empty\.wav is not decodable media"):
        media.measure_duration(empty, "http://x/empty.wav")


def test_text_file_is_refused_as_not_decodable_media(tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("these are meeting notes, not audio\n" * 40)
    with pytest.raises(MediaError, match="not decodable media"):
        media.measure_duration(text, "http://x/notes.wav")


def test_truncated_wav_header_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(sample("tone.wav").read_bytes()[:20])
    with pytest.raises(MediaError, match=r"http://x/broken\.wav"):
        media.measure_duration(broken, "http://x/broken.wav")


@pytest.mark.parametrize(
    ("duration", "start", "till", "span", "seconds"),
    [
        (3.0, None, None, (0.0, 3.0), 3),
        (3.096, None, None, (0.0, 3.096), 3),
        (2.5, None, None, (0.0, 2.5), 3),
        (60.0, "10", "20", (10.0, 20.0), 10),
        (60.0, "50", "90", (50.0, 60.0), 10),
        (0.2, None, None, (0.0, 0.2), 1),
    ],
)
def test_billed_span_honours_from_and_till(
    duration: float, start: str | None, till: str | None, span: tuple[float, float], seconds: int
) -> None:
    params = {key: value for key, value in (("from", start), ("till", till)) if value}
    assert intake.billed_span(duration, params, "u") == span
    assert intake.billed_seconds(span) == seconds


def test_from_past_the_end_is_refused_with_the_real_duration() -> None:
    with pytest.raises(MediaError, match=r"'from' is 30 s but the media at u lasts only 3\.0 s"):
        intake.billed_span(3.0, {"from": "30"}, "u")
