"""S3 objects as the pipeline's Sources, against a real moto_server: identity from ETag and
size, media sniffed from a ranged read, staging in place, sidecars written back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gt_watch.errors import MediaError, SidecarWriteError, StorageError, UnsafePathError
from gt_watch.pipeline.s3_sources import BucketWatch, S3Sources, etag_identity
from gt_watch.storage.bucket import WatchedBucket
from tests.integration.s3.conftest import keys, put, read
from tests.support.media import sample

WAV = sample("tone.wav").read_bytes()


def _sources(watched: WatchedBucket, output_prefix: str | None = None) -> S3Sources:
    root = f"s3://{watched.name}/in/"
    return S3Sources([BucketWatch(root, watched, output_prefix)])


@pytest.mark.parametrize("key", ["in/a b.wav", "in/ünï/tön.wav", "in/c+d.wav"])
def test_media_object_is_identified_by_etag_and_size_under_any_key(
    watched: WatchedBucket, s3: Any, key: str
) -> None:
    etag = put(s3, watched.name, key, WAV)
    facts = _sources(watched).examine(f"s3://{watched.name}/{key}", version=etag)
    assert facts.content_hash == etag_identity(etag, len(WAV))
    assert facts.duration is None


def test_same_bytes_under_another_key_have_the_same_identity(
    watched: WatchedBucket, s3: Any
) -> None:
    put(s3, watched.name, "in/one.wav", WAV)
    put(s3, watched.name, "in/copy/two.wav", WAV)
    sources = _sources(watched)
    first = sources.examine(f"s3://{watched.name}/in/one.wav")
    second = sources.examine(f"s3://{watched.name}/in/copy/two.wav")
    assert first.content_hash == second.content_hash


def test_an_object_overwritten_since_listing_is_not_examined_as_the_listed_version(
    watched: WatchedBucket, s3: Any
) -> None:
    listed = put(s3, watched.name, "in/take.wav", WAV)
    put(s3, watched.name, "in/take.wav", WAV + b"\0")
    with pytest.raises(MediaError, match="overwritten since it was listed"):
        _sources(watched).examine(f"s3://{watched.name}/in/take.wav", version=listed)


def test_zero_byte_object_is_refused_as_empty(watched: WatchedBucket, s3: Any) -> None:
    put(s3, watched.name, "in/empty.wav", b"")
    with pytest.raises(MediaError, match=r"empty.wav is empty \(0 bytes\)"):
        _sources(watched).examine(f"s3://{watched.name}/in/empty.wav")


def test_non_media_object_is_refused_by_its_first_bytes(watched: WatchedBucket, s3: Any) -> None:
    put(s3, watched.name, "in/notes.wav", b"%PDF-1.7\n" + bytes(200_000))
    with pytest.raises(MediaError, match=r"notes\.wav looks like a PDF document"):
        _sources(watched).examine(f"s3://{watched.name}/in/notes.wav")


def test_a_vanished_object_is_refused_saying_so(watched: WatchedBucket) -> None:
    with pytest.raises(MediaError, match="no longer in the bucket"):
        _sources(watched).examine(f"s3://{watched.name}/in/gone.wav")


def test_staging_presigns_the_object_itself_and_copies_nothing(
    watched: WatchedBucket, s3: Any
) -> None:
    etag = put(s3, watched.name, "in/a b+c.wav", WAV)
    staged = _sources(watched).stage(f"s3://{watched.name}/in/a b+c.wav", "media/x", version=etag)
    assert httpx.get(staged.url).content == WAV
    assert keys(s3, watched.name) == ["in/a b+c.wav"]


def test_staging_refuses_an_object_overwritten_since_listing(
    watched: WatchedBucket, s3: Any
) -> None:
    listed = put(s3, watched.name, "in/take.wav", WAV)
    put(s3, watched.name, "in/take.wav", WAV + b"\0")
    with pytest.raises(StorageError, match="overwritten since it was listed"):
        _sources(watched).stage(f"s3://{watched.name}/in/take.wav", "k", version=listed)


def test_sidecars_go_next_to_the_object(watched: WatchedBucket) -> None:
    source = f"s3://{watched.name}/in/ünï/a b.wav"
    target = _sources(watched).sidecar_target(source, "a b.en.srt")
    assert target == f"s3://{watched.name}/in/ünï/a b.en.srt"


@pytest.mark.parametrize(
    ("key", "expected"),
    [("in/a.wav", "out/a.en.srt"), ("in/x/y/a.wav", "out/x/y/a.en.srt")],
)
def test_sidecars_go_under_the_output_prefix_mirroring_folders(
    watched: WatchedBucket, key: str, expected: str
) -> None:
    target = _sources(watched, "out/").sidecar_target(f"s3://{watched.name}/{key}", "a.en.srt")
    assert target == f"s3://{watched.name}/{expected}"


def test_writing_a_sidecar_keeps_the_replaced_version_under_gt_watch_backup(
    watched: WatchedBucket, s3: Any
) -> None:
    sources = _sources(watched)
    target = f"s3://{watched.name}/in/a b.en.srt"
    assert sources.sidecar_hash(target) is None
    sources.write_sidecar(target, b"first", backup_stamp=None)
    first = sources.sidecar_hash(target)
    sources.write_sidecar(target, b"second", backup_stamp="20260101T000000")
    assert read(s3, watched.name, "in/a b.en.srt") == b"second"
    assert read(s3, watched.name, "in/.gt-watch/backup/20260101T000000/a b.en.srt") == b"first"
    assert sources.sidecar_hash(target) not in (None, first)


def test_a_sidecar_that_cannot_be_written_is_a_sidecar_write_error(
    watched: WatchedBucket, s3: Any
) -> None:
    sources = S3Sources([BucketWatch("s3://no-such-bucket-here/in/", _elsewhere(watched))])
    with pytest.raises(SidecarWriteError, match="cannot write s3://no-such-bucket-here/in/a"):
        sources.write_sidecar("s3://no-such-bucket-here/in/a.en.srt", b"x", backup_stamp=None)


def test_sibling_is_in_the_same_folder_and_refuses_paths(watched: WatchedBucket) -> None:
    sources = _sources(watched)
    source = f"s3://{watched.name}/in/x/a.wav"
    assert sources.sibling(source, "a.txt") == f"s3://{watched.name}/in/x/a.txt"
    with pytest.raises(UnsafePathError, match="not a file name"):
        sources.sibling(source, "../a.txt")


@pytest.mark.parametrize(
    "source", ["s3://b/in/../etc/passwd", "s3://b//abs.wav", "s3://b/in/bell\x07.wav", "/local"]
)
def test_unsafe_sources_are_refused_with_a_clear_error(watched: WatchedBucket, source: str) -> None:
    with pytest.raises(UnsafePathError, match=r"refused|not an s3://bucket/key"):
        _sources(watched).exists(source)


def _elsewhere(watched: WatchedBucket) -> WatchedBucket:
    return WatchedBucket("no-such-bucket-here", watched._client, watched._storage)
