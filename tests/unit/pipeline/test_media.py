from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gt_watch.errors import MediaError
from gt_watch.pipeline.media import HEAD_BYTES, examine, examine_head
from tests.support.media import sample


@pytest.mark.parametrize(
    "name", ["tone.wav", "tone.mp3", "tone.m4a", "tone.mp4", "tone.flac", "tone.ogg"]
)
def test_media_samples_are_measured_and_hashed(name: str) -> None:
    facts = examine(sample(name))
    assert facts.size == sample(name).stat().st_size
    assert facts.duration is not None
    assert 2.9 < facts.duration < 3.2
    assert facts.content_hash == hashlib.sha256(sample(name).read_bytes()).hexdigest()


def test_zero_byte_file_is_refused_as_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.touch()
    with pytest.raises(MediaError, match=r"empty \(0 bytes\)"):
        examine(empty)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"Just some notes about the interview.\n", "looks like a text file"),
        (b"%PDF-1.7\n%\xe2\xe3", "looks like a PDF document"),
        (b"PK\x03\x04" + bytes(60), "ZIP archive or Office document"),
        (bytes(range(256)) * 4, "is not audio or video"),
    ],
)
def test_non_media_files_are_refused_with_what_they_look_like(
    tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "interview.wav"
    path.write_bytes(content)
    with pytest.raises(MediaError, match=said):
        examine(path)


def test_matroska_media_passes_with_unknown_duration(tmp_path: Path) -> None:
    path = tmp_path / "clip.mkv"
    path.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(500))
    assert examine(path).duration is None


@pytest.mark.parametrize(
    "name", ["tone.wav", "tone.mp3", "tone.m4a", "tone.mp4", "tone.flac", "tone.ogg"]
)
@pytest.mark.parametrize("length", [16, 512, HEAD_BYTES])
def test_heads_of_media_samples_are_recognised_as_media(name: str, length: int) -> None:
    examine_head(name, sample(name).read_bytes()[:length])


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"Just some notes about the interview.\n", "looks like a text file"),
        (b"%PDF-1.7\n%\xe2\xe3", "looks like a PDF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "looks like a PNG image"),
        (bytes(range(256)) * 4, "is not audio or video"),
    ],
)
def test_heads_of_other_files_are_refused_with_what_they_look_like(head: bytes, said: str) -> None:
    with pytest.raises(MediaError, match=f"interview.wav {said}.*narrow `match:`"):
        examine_head("interview.wav", head)


def test_an_empty_head_is_refused_as_empty() -> None:
    with pytest.raises(MediaError, match=r"empty \(0 bytes\)"):
        examine_head("silence.wav", b"")


@pytest.mark.parametrize(
    "head",
    [
        b"\xff\xf1\x50\x80" + bytes(60),  # ADTS AAC
        b"\xff\xfb\x90\x64" + bytes(60),  # MP3 frame without ID3 tag
        b"\x06\x0e\x2b\x34\x02\x05\x01\x01" + bytes(60),  # MXF
        (b"\x00\x00\x00\x00\x47" + bytes(187)) * 3,  # M2TS (.mts)
    ],
    ids=["adts", "mp3-frame", "mxf", "m2ts"],
)
def test_heads_of_streams_mutagen_cannot_parse_are_recognised_by_signature(head: bytes) -> None:
    examine_head("clip", head)


def test_mxf_file_passes_with_unknown_duration(tmp_path: Path) -> None:
    path = tmp_path / "camera.mxf"
    path.write_bytes(b"\x06\x0e\x2b\x34\x02\x05\x01\x01" + bytes(500))
    assert examine(path).duration is None
