"""Reading a file for upload: bounded chunks, and noticing a file that changed meanwhile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gt_watch.errors import StorageError
from gt_watch.storage.files import check_unchanged, content_type_for, open_for_upload, read_chunks


@pytest.fixture
def media(tmp_path: Path) -> Path:
    path = tmp_path / "interview.wav"
    path.write_bytes(bytes(range(256)) * 40)  # 10,240 bytes
    return path


def test_range_is_read_in_chunks_no_larger_than_asked(media: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        chunks = list(read_chunks(fd, snapshot, 1000, 5000, chunk_size=2048))

    assert [len(chunk) for chunk in chunks] == [2048, 2048, 904]
    assert b"".join(chunks) == media.read_bytes()[1000:6000]


def test_bytes_read_so_far_are_reported_after_each_chunk(media: Path) -> None:
    counts: list[int] = []
    with open_for_upload(media) as (fd, snapshot):
        for _ in read_chunks(fd, snapshot, 0, 5000, chunk_size=2048, on_read=counts.append):
            pass

    assert counts == [2048, 4096, 5000]


def test_final_check_runs_before_the_last_chunk_leaves(media: Path) -> None:
    events: list[str] = []
    with open_for_upload(media) as (fd, snapshot):
        for chunk in read_chunks(
            fd, snapshot, 0, 4096, chunk_size=2048, before_last=lambda: events.append("check")
        ):
            events.append(f"chunk {len(chunk)}")

    assert events == ["chunk 2048", "check", "chunk 2048"]


def test_final_check_runs_for_an_empty_range_too(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.touch()
    events: list[str] = []
    with open_for_upload(empty) as (fd, snapshot):
        assert list(read_chunks(fd, snapshot, 0, 0, before_last=lambda: events.append("x"))) == []

    assert events == ["x"]


def test_file_that_shrinks_while_read_is_reported(media: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        os.truncate(media, 3000)
        with pytest.raises(StorageError, match="shrank during upload"):
            list(read_chunks(fd, snapshot, 0, snapshot.size, chunk_size=2048))


def test_untouched_file_passes_the_check(media: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        check_unchanged(fd, snapshot)


def test_file_that_grew_is_reported_with_its_path_and_size(media: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        with media.open("ab") as more:
            more.write(b"more")
        with pytest.raises(StorageError) as caught:
            check_unchanged(fd, snapshot)

    assert str(media) in str(caught.value)
    assert "grew during upload (it had 10240 bytes)" in str(caught.value)


def test_file_rewritten_with_the_same_size_is_reported(media: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        os.utime(media, ns=(snapshot.mtime_ns, snapshot.mtime_ns + 1_000_000_000))
        with pytest.raises(StorageError, match="was modified during upload"):
            check_unchanged(fd, snapshot)


def test_file_replaced_under_its_name_is_reported(media: Path, tmp_path: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        other = tmp_path / ".interview.wav.tmp"
        other.write_bytes(media.read_bytes())
        os.utime(other, ns=(snapshot.mtime_ns, snapshot.mtime_ns))
        other.replace(media)
        with pytest.raises(StorageError, match="was replaced by another file"):
            check_unchanged(fd, snapshot)


def test_file_deleted_during_upload_is_reported(media: Path) -> None:
    with open_for_upload(media) as (fd, snapshot):
        media.unlink()
        with pytest.raises(StorageError, match="vanished"):
            check_unchanged(fd, snapshot)


def test_missing_file_is_reported_as_vanished(tmp_path: Path) -> None:
    with (
        pytest.raises(StorageError, match="vanished before upload"),
        open_for_upload(tmp_path / "gone.wav"),
    ):
        pass


def test_folder_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="not a regular file"), open_for_upload(tmp_path):
        pass


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.wav", "audio/wav"),
        ("a.M4A", "audio/mp4"),
        ("a.mp3", "audio/mpeg"),
        ("a.mp4", "video/mp4"),
        ("a.mov", "video/quicktime"),
        ("a.flac", "audio/flac"),
        ("a.unknown-extension", "application/octet-stream"),
    ],
)
def test_media_type_follows_the_extension(name: str, expected: str) -> None:
    assert content_type_for(Path(name)) == expected
